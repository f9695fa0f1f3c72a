//! TwinSpace materials: files and images in folders. Uploads go through a plain multipart form
//! (`POST /projects/{id}/materials`, served by `server/src/materials.rs`; once hydrated the page sends it with a
//! progress bar). The server checks size and type from the bytes themselves, refuses a file whose content does
//! not match its name, re-encodes images (no metadata, GPS positions included, survives) with a thumbnail, and
//! keeps everything in an `object_store`. Downloads (`/materials/{id}`) go through the TwinSpace policy.
use super::SpaceOverview;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Largest file, and largest image (as on the old platform).
pub const MAX_FILE_MB: u64 = 20;
pub const MAX_IMAGE_MB: u64 = 5;
/// What the upload form offers; the server decides from the bytes.
pub const ACCEPTED: &str = ".jpg,.jpeg,.png,.webp,.pdf,.txt,.docx,.xlsx,.pptx,.odt,.ods,.odp,.mp3,.mp4";

/// Why an upload was refused, as the page's address carries it back (`?error=…`).
pub const TOO_LARGE: &str = "too_large";
pub const NOT_ALLOWED: &str = "not_allowed";
pub const MISMATCH: &str = "mismatch";
pub const MISSING: &str = "missing";
/// The TwinSpace's storage quota is used up.
pub const FULL: &str = "full";
/// Too many uploads at once on the server: try again shortly.
pub const BUSY: &str = "busy";
pub const UPLOADED: &str = "uploaded";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialItem {
    pub id: i32,
    pub name: String,
    pub size_kb: u64,
    pub uploader: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The address of its thumbnail, for images.
    pub thumbnail: Option<String>,
    pub may_delete: bool,
    pub mark: super::ContentMark,
    pub may_report: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderItem {
    pub id: i32,
    pub name: String,
    pub files: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaterialsView {
    pub space: SpaceOverview,
    pub folders: Vec<FolderItem>,
    /// The folder shown (none: the space's top level).
    pub folder: Option<FolderItem>,
    pub items: Vec<MaterialItem>,
    pub may_upload: bool,
    pub may_create_folder: bool,
    pub may_delete_folder: bool,
    /// How much of the space's storage its files take: for its teachers and the support staff.
    pub storage: Option<StorageUse>,
    /// The most a space's files may add up to (a setting of the site, told to everyone who is refused for it).
    pub quota_mb: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageUse {
    pub used_bytes: u64,
    pub quota_bytes: u64,
}

impl StorageUse {
    /// Whole megabytes, rounded up (a few kilobytes show as 1 MB, not 0).
    pub fn used_mb(&self) -> u64 {
        self.used_bytes.div_ceil(1024 * 1024)
    }

    pub fn quota_mb(&self) -> u64 {
        self.quota_bytes / (1024 * 1024)
    }

    /// Per cent used, 0–100.
    pub fn percent(&self) -> u64 {
        (self.used_bytes.saturating_mul(100) / self.quota_bytes.max(1)).min(100)
    }
}

#[server(prefix = "/api")]
pub async fn load_materials(project: i32, #[server(default)] folder: Option<i32>) -> Result<MaterialsView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let quota = crate::accounts::ssr::site()?.project_storage_bytes;
    ssr::list(&db, &viewer, project, folder, quota).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn create_folder(project: i32, name: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create_folder(txn, &viewer, project, &name).await;
    crate::requests::ssr::once(&db, viewer.id, &request, create).await.map(|_| ()).map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn delete_folder(folder: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let store = use_context::<crate::teachers::pictures::ssr::PictureStore>().ok_or(AppError::Internal)?;
    let project = ssr::delete_folder(&db, &store, &viewer, folder).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect(&format!("/projects/{project}/space/materials"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn delete_material(material: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let store = use_context::<crate::teachers::pictures::ssr::PictureStore>().ok_or(AppError::Internal)?;
    ssr::delete(&db, &store, &viewer, material).await.map_err(crate::error::respond_with)
}


#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
