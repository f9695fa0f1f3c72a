//! Server side of the feature: entities, rules, queries.
use super::{FolderItem, MAX_FILE_MB, MAX_IMAGE_MB, MaterialItem, MaterialsView};
use crate::{
    access::{Viewer, twinspace::{Act, SpaceResource}},
    error::{AppError, Problem},
    teachers::pictures::ssr::PictureStore,
    twinspace::ssr::{guard, names, plain_text, seen, visible_rows},
};
use object_store::{PutPayload, path::Path};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::HashMap;

pub mod folder_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "material_folders")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub project_id: i32,
        pub name: String,
        pub created_by: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "materials")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub project_id: i32,
        pub folder_id: Option<i32>,
        pub uploader_id: i32,
        pub name: String,
        pub content_type: String,
        pub size: i64,
        pub object_key: String,
        pub thumbnail_key: Option<String>,
        pub created_at: DateTimeUtc,
        /// Set when a moderator hid it: gone for everyone but its uploader and the space's moderators.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use folder_entity as folders;

/// What a file is, from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    WebP,
    Pdf,
    /// Office Open XML and OpenDocument files are ZIP archives.
    Zip,
    Text,
    Mp3,
    Mp4,
}

impl Kind {
    pub fn sniff(bytes: &[u8]) -> Option<Kind> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        Some(if starts(b"\xFF\xD8\xFF") {
            Kind::Jpeg
        } else if starts(b"\x89PNG\r\n\x1a\n") {
            Kind::Png
        } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Kind::WebP
        } else if starts(b"%PDF-") {
            Kind::Pdf
        } else if starts(b"PK\x03\x04") {
            Kind::Zip
        } else if starts(b"ID3") || (bytes.len() > 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0) {
            Kind::Mp3
        } else if bytes.len() > 12 && &bytes[4..8] == b"ftyp" {
            Kind::Mp4
        } else if !bytes.is_empty() && !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
            Kind::Text
        } else {
            return None;
        })
    }

    /// The kinds a file name's extension may hold.
    pub fn of_extension(name: &str) -> Option<Kind> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match extension.as_str() {
            "jpg" | "jpeg" => Kind::Jpeg,
            "png" => Kind::Png,
            "webp" => Kind::WebP,
            "pdf" => Kind::Pdf,
            "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" => Kind::Zip,
            "txt" => Kind::Text,
            "mp3" => Kind::Mp3,
            "mp4" => Kind::Mp4,
            _ => return None,
        })
    }

    pub fn is_image(self) -> bool {
        matches!(self, Kind::Jpeg | Kind::Png | Kind::WebP)
    }

    fn content_type(self, name: &str) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::WebP => "image/jpeg",
            Kind::Pdf => "application/pdf",
            Kind::Text => "text/plain; charset=utf-8",
            Kind::Mp3 => "audio/mpeg",
            Kind::Mp4 => "video/mp4",
            Kind::Zip => match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
                Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Some("pptx") => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                Some("odt") => "application/vnd.oasis.opendocument.text",
                Some("ods") => "application/vnd.oasis.opendocument.spreadsheet",
                _ => "application/vnd.oasis.opendocument.presentation",
            },
        }
    }
}

/// A file's name as shown and offered for download: no folders, no control characters, at most 200
/// characters, keeping its extension.
pub fn clean_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let cleaned: String = base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>')).collect();
    let chars: Vec<char> = cleaned.chars().collect();
    let name: String = if chars.len() > 200 { chars[chars.len() - 200..].iter().collect() } else { cleaned };
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

/// Checks an upload: the content must be of an accepted kind, match the name's extension, and stay within
/// the size limit of its kind. Returns the kind.
pub fn check(name: &str, bytes: &[u8]) -> Result<Kind, AppError> {
    let claimed = Kind::of_extension(name).ok_or(AppError::invalid("file", Problem::FileTypeNotAllowed))?;
    let actual = Kind::sniff(bytes).ok_or(AppError::invalid("file", Problem::FileTypeMismatch))?;
    if actual != claimed {
        return Err(AppError::invalid("file", Problem::FileTypeMismatch));
    }
    let max_mb = if actual.is_image() { MAX_IMAGE_MB } else { MAX_FILE_MB };
    if bytes.len() as u64 > max_mb * 1024 * 1024 {
        return Err(AppError::invalid("file", Problem::FileTooLarge { max_mb: max_mb as u32 }));
    }
    Ok(actual)
}

const THUMBNAIL_SIDE: u32 = 320;
const MAX_PIXELS_PER_SIDE: u32 = 10_000;
/// 40 megapixels: more than any camera a school uses, and a bounded amount of memory per decode.
const MAX_PIXELS: u64 = 40_000_000;

/// Decodes an image with limits and re-encodes it (the copy kept, without metadata) and a thumbnail.
/// CPU work: call it off the async threads.
pub fn reencode(kind: Kind, bytes: &[u8]) -> Result<(Vec<u8>, Vec<u8>), AppError> {
    use image::{ImageFormat, ImageReader};
    let mismatch = || AppError::invalid("file", Problem::FileTypeMismatch);
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        Kind::WebP => ImageFormat::WebP,
        _ => return Err(mismatch()),
    };
    // The size first, from the header: a small file can describe a huge image.
    let (width, height) = ImageReader::with_format(std::io::Cursor::new(bytes), format).into_dimensions().map_err(|_| mismatch())?;
    if width > MAX_PIXELS_PER_SIDE || height > MAX_PIXELS_PER_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(mismatch());
    }
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits());
    let image = reader.decode().map_err(|_| mismatch())?;
    let mut kept = Vec::new();
    if kind == Kind::Png {
        image.write_to(&mut std::io::Cursor::new(&mut kept), ImageFormat::Png).map_err(|_| AppError::Internal)?;
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut kept, 90).encode_image(&image.to_rgb8()).map_err(|_| AppError::Internal)?;
    }
    let mut thumbnail = Vec::new();
    let small = image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).to_rgb8();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut thumbnail, 80).encode_image(&small).map_err(|_| AppError::Internal)?;
    Ok((kept, thumbnail))
}

fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PIXELS_PER_SIDE);
    limits.max_image_height = Some(MAX_PIXELS_PER_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    limits
}

fn random_key() -> String {
    use password_hash::rand_core::{OsRng, RngCore};
    format!("{:016x}{:016x}", OsRng.next_u64(), OsRng.next_u64())
}

async fn put(store: &PictureStore, key: &str, bytes: Vec<u8>) -> Result<(), AppError> {
    store.put(&Path::from(key), PutPayload::from(bytes)).await.map(|_| ()).map_err(|err| {
        tracing::error!("cannot store a material: {err}");
        AppError::Internal
    })
}

async fn folder_of(db: &impl ConnectionTrait, project: i32, folder: Option<i32>) -> Result<Option<folders::Model>, AppError> {
    match folder {
        None => Ok(None),
        Some(id) => folders::Entity::find_by_id(id).filter(folders::Column::ProjectId.eq(project)).one(db).await?.ok_or(AppError::NotFound).map(Some),
    }
}

/// Uploads a person may send a day, whatever their role: enough for a class's photos, not for a flood.
pub const UPLOADS_PER_DAY: crate::throttle::ssr::Limit = crate::throttle::ssr::Limit { max: 300, window: chrono::TimeDelta::days(1) };

/// Whether the viewer may add files to the space, and has uploads left today; asked before the body is read.
pub async fn may_upload(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<(), AppError> {
    guard(db, Some(viewer), project, SpaceResource::Material, Act::Create, false).await?;
    crate::throttle::ssr::hit(db, &format!("upload:{}", viewer.id), UPLOADS_PER_DAY).await
}

/// How much of its storage quota a TwinSpace's files take up (hidden ones included: they are kept).
pub async fn storage_used(db: &impl ConnectionTrait, project: i32) -> Result<u64, AppError> {
    use sea_orm::sea_query::Expr;
    let used: Option<i64> = entity::Entity::find()
        .select_only()
        // PostgreSQL sums BIGINTs as NUMERIC: cast back so that both databases answer an integer.
        .column_as(Expr::cust("CAST(COALESCE(SUM(size), 0) AS BIGINT)"), "used")
        .filter(entity::Column::ProjectId.eq(project))
        .into_tuple::<i64>()
        .one(db)
        .await?;
    Ok(used.unwrap_or(0).max(0) as u64)
}

const MB: u64 = 1024 * 1024;

fn storage_full(quota: u64) -> AppError {
    AppError::invalid("file", Problem::StorageFull { quota_mb: (quota / MB).min(u64::from(u32::MAX)) as u32 })
}

/// Whether a file's beginning can be the beginning of a text file: UTF-8 (a character cut at the end is
/// fine, the rest follows) without NUL bytes.
fn text_so_far(bytes: &[u8]) -> Result<usize, ()> {
    if bytes.contains(&0) {
        return Err(());
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(bytes.len()),
        Err(err) if err.error_len().is_none() => Ok(err.valid_up_to()),
        Err(_) => Err(()),
    }
}

/// What a file is, from its first bytes (at most 16; `whole`: that is all of it).
fn sniff_start(start: &[u8], whole: bool) -> Option<Kind> {
    match Kind::sniff(start) {
        Some(kind) => Some(kind),
        None if !whole && !start.is_empty() && text_so_far(start).is_ok() => Some(Kind::Text),
        None => None,
    }
}

/// Stores an upload as it arrives: `body` yields the file's bytes in pieces. Images (at most 5 MB) are
/// gathered to be re-encoded; any other file goes to the store piece by piece and is never held whole in
/// memory. Refused part-way (too large, no room left, content not what its name says), nothing is kept.
/// `quota`: the most a TwinSpace's files may add up to. `request`: the form's request key (`requests`): a file
/// sent again with it is kept once, and the answer is the first one's.
#[allow(clippy::too_many_arguments)]
pub async fn upload<S>(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    store: &PictureStore,
    viewer: &Viewer,
    project: i32,
    folder: Option<i32>,
    raw_name: &str,
    request: &str,
    quota: u64,
    body: S,
) -> Result<i32, AppError>
where
    S: futures_util::Stream<Item = Result<bytes::Bytes, AppError>> + Unpin,
{
    use futures_util::StreamExt;
    // Asked again after its end below (when the first bytes were all of it): a fused stream just says so again.
    let mut body = body.fuse();
    let space = guard(db, Some(viewer), project, SpaceResource::Material, Act::Create, false).await?;
    let folder = folder_of(db, project, folder).await?;
    let mut name = clean_name(raw_name).ok_or(AppError::invalid("file", Problem::FileMissing))?;
    let claimed = Kind::of_extension(&name).ok_or(AppError::invalid("file", Problem::FileTypeNotAllowed))?;
    let room = quota.saturating_sub(storage_used(db, project).await?);
    if room == 0 {
        return Err(storage_full(quota));
    }
    let max_mb = if claimed.is_image() { MAX_IMAGE_MB } else { MAX_FILE_MB };
    let too_large = || AppError::invalid("file", Problem::FileTooLarge { max_mb: max_mb as u32 });
    let mismatch = || AppError::invalid("file", Problem::FileTypeMismatch);

    // The first bytes say what the file is: gathered until there are enough to tell.
    let mut start = Vec::new();
    let mut ended = false;
    while start.len() < 16 {
        match body.next().await {
            Some(piece) => start.extend_from_slice(&piece?),
            None => {
                ended = true;
                break;
            }
        }
    }
    if start.is_empty() {
        return Err(AppError::invalid("file", Problem::FileMissing));
    }
    let key = format!("materials/{project}/{}", random_key());

    let (size, thumbnail_key) = if claimed.is_image() {
        // An image is decoded whole anyway; it is small (at most 5 MB).
        let mut bytes = start;
        while let Some(piece) = body.next().await {
            let piece = piece?;
            if (bytes.len() + piece.len()) as u64 > max_mb * MB {
                return Err(too_large());
            }
            bytes.extend_from_slice(&piece);
        }
        let kind = check(&name, &bytes)?;
        if bytes.len() as u64 > room {
            return Err(storage_full(quota));
        }
        if kind == Kind::WebP {
            // Kept re-encoded as JPEG: the name says so.
            name = format!("{}.jpg", name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(&name));
        }
        // Decoding takes memory: two at a time, the others wait their turn.
        static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
        let _turn = DECODING.acquire().await.map_err(|_| AppError::Internal)?;
        let (kept, thumbnail) = tokio::task::spawn_blocking(move || reencode(kind, &bytes)).await.map_err(|_| AppError::Internal)??;
        // What is kept counts, not what was sent: a small, tightly compressed image can grow when re-encoded.
        let size = (kept.len() + thumbnail.len()) as u64;
        if size > room {
            return Err(storage_full(quota));
        }
        put(store, &key, kept).await?;
        let thumbnail_key = format!("{key}-thumbnail.jpg");
        if let Err(err) = put(store, &thumbnail_key, thumbnail).await {
            forget(store, [Some(key)]).await;
            return Err(err);
        }
        (size, Some(thumbnail_key))
    } else {
        if sniff_start(&start, ended) != Some(claimed) {
            return Err(mismatch());
        }
        let mut file = Writing::open(store, &key).await?;
        // A text file is checked as it comes: UTF-8 throughout (a character may straddle two pieces).
        let mut unfinished_character: Vec<u8> = Vec::new();
        let mut size: u64 = 0;
        let mut piece = bytes::Bytes::from(start);
        loop {
            size += piece.len() as u64;
            let refused = if size > max_mb * MB {
                Some(too_large())
            } else if size > room {
                Some(storage_full(quota))
            } else if claimed == Kind::Text {
                unfinished_character.extend_from_slice(&piece);
                match text_so_far(&unfinished_character) {
                    Ok(valid) => {
                        unfinished_character.drain(..valid);
                        None
                    }
                    Err(()) => Some(mismatch()),
                }
            } else {
                None
            };
            if let Some(refused) = refused {
                file.abandon().await;
                return Err(refused);
            }
            file.write(piece).await;
            match body.next().await {
                Some(Ok(next)) => piece = next,
                Some(Err(err)) => {
                    file.abandon().await;
                    return Err(err);
                }
                None => break,
            }
        }
        if !unfinished_character.is_empty() {
            file.abandon().await;
            return Err(mismatch());
        }
        file.finish().await?;
        (size, None)
    };
    let keys = [Some(key.clone()), thumbnail_key.clone()];
    let row = entity::ActiveModel {
        project_id: Set(project),
        folder_id: Set(folder.map(|f| f.id)),
        uploader_id: Set(viewer.id),
        content_type: Set(claimed.content_type(&name).to_owned()),
        name: Set(name),
        size: Set(size as i64),
        object_key: Set(key),
        thumbnail_key: Set(thumbnail_key),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    match record_within_quota(db, &space.project, row, size, quota, (viewer.id, request)).await {
        Ok(crate::requests::ssr::Done::Now(id)) => Ok(id),
        // The same form sent twice, both files stored: the first kept, this one undone.
        Ok(crate::requests::ssr::Done::Before(id)) => {
            forget(store, keys).await;
            Ok(id)
        }
        Err(err) => {
            forget(store, keys).await;
            Err(err)
        }
    }
}

/// Records a stored file if the space still has room for it. Several uploads to one space may have run side
/// by side: they are recorded one after another, each seeing the others' sizes, so that together they never
/// pass the quota. The space's row, written to no effect first, is the lock (a row lock on PostgreSQL, the
/// write lock on SQLite), held until the file's row is in. The request key is recorded with the row, and the
/// members are told of the new file, in the same transaction: a crash leaves all or none.
async fn record_within_quota(
    db: &impl sea_orm::TransactionTrait,
    project_row: &crate::projects::ssr::entity::Model,
    row: entity::ActiveModel,
    size: u64,
    quota: u64,
    (account, request): (i32, &str),
) -> Result<crate::requests::ssr::Done<i32>, AppError> {
    use crate::projects::ssr::entity as projects;
    use sea_orm::{TransactionSession, sea_query::Expr};
    let project = project_row.id;
    let txn = crate::db::begin(db).await?;
    projects::Entity::update_many()
        .col_expr(projects::Column::Id, Expr::col(projects::Column::Id).into())
        .filter(projects::Column::Id.eq(project))
        .exec(&txn)
        .await?;
    if storage_used(&txn, project).await? + size > quota {
        return Err(storage_full(quota));
    }
    let id = row.insert(&txn).await?.id;
    let done = crate::requests::ssr::record(&txn, account, request, id).await?;
    if matches!(done, crate::requests::ssr::Done::Now(_)) {
        crate::twinspace::ssr::tell_members(&txn, project_row, account, &format!("/projects/{project}/space/materials")).await?;
        txn.commit().await?;
    }
    Ok(done)
}

/// A file being written to the store in parts (`object_store`'s multipart upload: a staging file on a
/// local disk, parts of 5 MB on S3), at most two parts in flight.
struct Writing {
    upload: object_store::WriteMultipart,
}

impl Writing {
    async fn open(store: &PictureStore, key: &str) -> Result<Writing, AppError> {
        let upload = store.put_multipart(&Path::from(key)).await.map_err(|err| {
            tracing::error!("cannot start storing a material: {err}");
            AppError::Internal
        })?;
        Ok(Writing { upload: object_store::WriteMultipart::new(upload) })
    }

    async fn write(&mut self, piece: bytes::Bytes) {
        // Errors surface at `finish`.
        let _ = self.upload.wait_for_capacity(2).await;
        self.upload.put(piece);
    }

    async fn finish(self) -> Result<(), AppError> {
        self.upload.finish().await.map(|_| ()).map_err(|err| {
            tracing::error!("cannot store a material: {err}");
            AppError::Internal
        })
    }

    async fn abandon(self) {
        if let Err(err) = self.upload.abort().await {
            tracing::warn!("cannot abandon a refused upload: {err}");
        }
    }
}

/// The space's folders and the files of one folder (or of the top level). `quota`: the space's storage.
pub async fn list(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, folder: Option<i32>, quota: u64) -> Result<MaterialsView, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Material, Act::Read, false).await?;
    let folder = folder_of(db, project, folder).await?;
    let folder_rows = folders::Entity::find().filter(folders::Column::ProjectId.eq(project)).order_by_asc(folders::Column::Name).all(db).await?;
    let counts: HashMap<Option<i32>, i64> = entity::Entity::find()
        .select_only()
        .column(entity::Column::FolderId)
        .column_as(entity::Column::Id.count(), "n")
        .filter(entity::Column::ProjectId.eq(project))
        .filter(visible_rows(&space, viewer.id, entity::Column::UploaderId, entity::Column::HiddenAt, None))
        .group_by(entity::Column::FolderId)
        .into_tuple::<(Option<i32>, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let item = |f: &folders::Model| FolderItem { id: f.id, name: f.name.clone(), files: counts.get(&Some(f.id)).copied().unwrap_or(0) as u32 };
    let mut query = entity::Entity::find()
        .filter(entity::Column::ProjectId.eq(project))
        .filter(visible_rows(&space, viewer.id, entity::Column::UploaderId, entity::Column::HiddenAt, None));
    query = match &folder {
        Some(f) => query.filter(entity::Column::FolderId.eq(f.id)),
        None => query.filter(entity::Column::FolderId.is_null()),
    };
    let rows = query.order_by_desc(entity::Column::CreatedAt).order_by_desc(entity::Column::Id).all(db).await?;
    let uploaders = names(db, rows.iter().map(|r| r.uploader_id)).await?;
    Ok(MaterialsView {
        may_upload: space.may(SpaceResource::Material, Act::Create, false),
        may_create_folder: space.may(SpaceResource::Folder, Act::Create, false),
        may_delete_folder: folder.is_some() && space.may(SpaceResource::Folder, Act::Delete, false),
        storage: match crate::access::twinspace::sees_storage_use(space.standing) {
            true => Some(super::StorageUse { used_bytes: storage_used(db, project).await?, quota_bytes: quota }),
            false => None,
        },
        quota_mb: (quota / MB).min(u64::from(u32::MAX)) as u32,
        folders: folder_rows.iter().map(item).collect(),
        folder: folder.as_ref().map(item),
        items: rows
            .into_iter()
            .map(|r| MaterialItem {
                id: r.id,
                size_kb: (r.size as u64).div_ceil(1024),
                uploader: uploaders.get(&r.uploader_id).cloned().unwrap_or_default(),
                created_at: r.created_at,
                thumbnail: r.thumbnail_key.as_ref().map(|_| format!("/materials/{}/thumbnail", r.id)),
                may_delete: space.may(SpaceResource::Material, Act::Delete, r.uploader_id == viewer.id),
                mark: seen(&space, r.uploader_id == viewer.id, r.hidden_reason.as_ref(), r.hidden_at, false).unwrap_or_default(),
                may_report: r.uploader_id != viewer.id,
                name: r.name,
            })
            .collect(),
        space: space.overview(),
    })
}

/// A file for download (or its thumbnail): name, content type and bytes, for those who may read the space's
/// materials.
pub async fn download(db: &impl ConnectionTrait, store: &PictureStore, viewer: Option<&Viewer>, material: i32, thumbnail: bool) -> Result<(String, String, Vec<u8>), AppError> {
    let row = entity::Entity::find_by_id(material).one(db).await?.ok_or(AppError::NotFound)?;
    let space = guard(db, viewer, row.project_id, SpaceResource::Material, Act::Read, false).await.map_err(|_| AppError::NotFound)?;
    let own = viewer.is_some_and(|v| v.id == row.uploader_id);
    seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, false).ok_or(AppError::NotFound)?;
    let (key, content_type) = match (thumbnail, &row.thumbnail_key) {
        (true, Some(key)) => (key.clone(), "image/jpeg".to_owned()),
        (true, None) => return Err(AppError::NotFound),
        (false, _) => (row.object_key.clone(), row.content_type.clone()),
    };
    // The row says the file exists and the viewer may read it: a missing object is the operators' problem
    // (a store that lost it, or a server not sharing its store with the others), never a silent 404.
    let found = store.get(&Path::from(key.clone())).await.map_err(|err| {
        tracing::error!(material, key, "cannot read a material's stored file: {err}");
        AppError::Internal
    })?;
    let bytes = found.bytes().await.map_err(|err| {
        tracing::error!(material, key, "cannot read a material's stored file: {err}");
        AppError::Internal
    })?.to_vec();
    Ok((row.name, content_type, bytes))
}

pub async fn delete(db: &impl ConnectionTrait, store: &PictureStore, viewer: &Viewer, material: i32) -> Result<(), AppError> {
    let row = entity::Entity::find_by_id(material).one(db).await?.ok_or(AppError::NotFound)?;
    let space = guard(db, Some(viewer), row.project_id, SpaceResource::Material, Act::Delete, row.uploader_id == viewer.id).await?;
    seen(&space, row.uploader_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, false).ok_or(AppError::NotFound)?;
    crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::Material, material, row.hidden_at.is_some()).await?;
    entity::Entity::delete_by_id(material).exec(db).await?;
    forget(store, [Some(row.object_key), row.thumbnail_key]).await;
    Ok(())
}

/// Removes stored objects; a failure leaves an orphan object (logged), never a row pointing nowhere.
pub async fn forget(store: &PictureStore, keys: impl IntoIterator<Item = Option<String>>) {
    for key in keys.into_iter().flatten() {
        if let Err(err) = store.delete(&Path::from(key)).await {
            if !matches!(err, object_store::Error::NotFound { .. }) {
                tracing::error!("cannot delete a material: {err}");
            }
        }
    }
}

/// How the stored files and the materials' rows agree.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StorageCheck {
    /// Rows whose file (or thumbnail) is not in the store: a member's file lost. Never expected.
    pub missing: Vec<String>,
    /// Files no row names, older than the age asked: left by uploads cut off (a crash, a kill) after storing
    /// and before their row was written, or by a delete cut off between row and file. Nobody was told they
    /// were kept; `sweep` removes them.
    pub orphans: Vec<String>,
}

/// Compares the store's `materials/` files with the rows (every row's file is looked for; every file older
/// than `older_than` must be named by a row: younger ones may be uploads in progress, in this process or
/// another).
pub async fn check_storage(db: &impl ConnectionTrait, store: &PictureStore, older_than: chrono::TimeDelta) -> Result<StorageCheck, AppError> {
    use futures_util::TryStreamExt;
    let failed = |err: object_store::Error| {
        tracing::error!("cannot list the stored materials: {err}");
        AppError::Internal
    };
    let rows: Vec<(String, Option<String>)> = entity::Entity::find()
        .select_only()
        .column(entity::Column::ObjectKey)
        .column(entity::Column::ThumbnailKey)
        .into_tuple()
        .all(db)
        .await?;
    let named: std::collections::HashSet<String> = rows.iter().flat_map(|(file, thumbnail)| std::iter::once(file.clone()).chain(thumbnail.clone())).collect();
    let stored: Vec<object_store::ObjectMeta> = store.list(Some(&Path::from("materials"))).try_collect().await.map_err(failed)?;
    let present: std::collections::HashSet<String> = stored.iter().map(|meta| meta.location.to_string()).collect();
    let cutoff = chrono::Utc::now() - older_than;
    let mut check = StorageCheck {
        missing: named.iter().filter(|key| !present.contains(*key)).cloned().collect(),
        orphans: stored
            .iter()
            .filter(|meta| meta.last_modified <= cutoff && !named.contains(&meta.location.to_string()))
            .map(|meta| meta.location.to_string())
            .collect(),
    };
    check.missing.sort();
    check.orphans.sort();
    Ok(check)
}

/// Removes the files no row names, older than `older_than` (see `check_storage`); how many.
pub async fn sweep_orphans(db: &impl ConnectionTrait, store: &PictureStore, older_than: chrono::TimeDelta) -> Result<usize, AppError> {
    let orphans = check_storage(db, store, older_than).await?.orphans;
    let count = orphans.len();
    forget(store, orphans.into_iter().map(Some)).await;
    Ok(count)
}

pub async fn create_folder(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, name: &str) -> Result<i32, AppError> {
    guard(db, Some(viewer), project, SpaceResource::Folder, Act::Create, false).await?;
    let name = plain_text("name", name, 100)?;
    if name.contains('\n') {
        return Err(AppError::invalid("name", Problem::TextCharacters));
    }
    let row = folders::ActiveModel {
        project_id: Set(project),
        name: Set(name),
        created_by: Set(viewer.id),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Deletes a folder with its files. Returns its project.
pub async fn delete_folder(db: &impl ConnectionTrait, store: &PictureStore, viewer: &Viewer, folder: i32) -> Result<i32, AppError> {
    let row = folders::Entity::find_by_id(folder).one(db).await?.ok_or(AppError::NotFound)?;
    guard(db, Some(viewer), row.project_id, SpaceResource::Folder, Act::Delete, false).await?;
    let files = entity::Entity::find().filter(entity::Column::FolderId.eq(folder)).all(db).await?;
    let ids: Vec<i32> = files.iter().map(|f| f.id).collect();
    let any_hidden = files.iter().any(|f| f.hidden_at.is_some());
    crate::moderation::ssr::keep_all_as_evidence(db, crate::moderation::ReportKind::Material, &ids, any_hidden).await?;
    folders::Entity::delete_by_id(folder).exec(db).await?;
    forget(store, files.into_iter().flat_map(|f| [Some(f.object_key), f.thumbnail_key])).await;
    Ok(row.project_id)
}
