//! TwinSpace pages (activities): written in Markdown, shown as sanitised HTML. A page starts as a draft (its
//! author and the administrators see it); administrators publish it and choose whether it is public (shown on
//! the project's public page) or private to the members.
use super::SpaceOverview;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSummary {
    pub id: i32,
    pub title: String,
    pub author: String,
    pub published: bool,
    pub public: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub mark: super::ContentMark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagesView {
    pub space: SpaceOverview,
    pub pages: Vec<PageSummary>,
    pub may_create: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageView {
    pub project_id: i32,
    pub project_title: String,
    pub summary: PageSummary,
    /// Rendered from Markdown and sanitised on the server: safe to insert as HTML.
    pub html: String,
    /// The Markdown, for those who may edit it.
    pub markdown: Option<String>,
    pub may_delete: bool,
    pub may_publish: bool,
    /// Signed in and not the author: may report it.
    pub may_report: bool,
    /// The viewer is inside the TwinSpace (not reading the public copy).
    pub in_space: bool,
}

pub const MAX_PAGE_CHARS: usize = 50_000;

#[server(prefix = "/api")]
pub async fn load_pages(project: i32) -> Result<PagesView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::pages(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

/// Anyone may call this: a public page of an approved project is for everyone; the rest goes through the
/// TwinSpace policy.
#[server(prefix = "/api")]
pub async fn load_page(page: i32) -> Result<PageView, AppError> {
    let db = crate::db::conn()?;
    let viewer = crate::accounts::ssr::viewer_of_request(&db).await?;
    ssr::page(&db, viewer.as_ref(), page).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn create_page(project: i32, title: String, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create(txn, &viewer, project, &title, &body).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, create).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/projects/{project}/space/pages/{id}"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn update_page(page: i32, title: String, body: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::update(&db, &viewer, page, &title, &body).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn delete_page(page: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let project = ssr::delete(&db, &viewer, page).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect(&format!("/projects/{project}/space/pages"));
    Ok(())
}

/// Checkboxes: present when ticked.
#[server(prefix = "/api")]
pub async fn set_page_visibility(page: i32, #[server(default)] published: Option<String>, #[server(default)] public: Option<String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::set_visibility(&db, &viewer, page, published.is_some(), public.is_some()).await.map_err(crate::error::respond_with)
}


#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
