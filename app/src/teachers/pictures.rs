//! Profile pictures of school staff: uploaded through a plain form (`POST /account/picture`), checked, cropped
//! to a square, re-encoded (which drops every bit of metadata, GPS positions included) and kept in an object
//! store; served at `/pictures/{account}` only to those who may see that teacher. Pupils have no pictures.

/// Why an upload was refused, as the upload page's address carries it back (`?picture=…`).
pub const TOO_LARGE: &str = "too_large";
pub const NOT_AN_IMAGE: &str = "not_an_image";
/// Too many new pictures today.
pub const THROTTLED: &str = "throttled";
/// Too many uploads at once on the server.
pub const BUSY: &str = "busy";
pub const SAVED: &str = "saved";
pub const REMOVED: &str = "removed";

#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::{
        access::{self, Viewer, ssr::publicly_visible_teachers},
        accounts::ssr::entity as accounts,
        error::AppError,
    };
    use object_store::{ObjectStore, PutPayload, path::Path};
    use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, Set, ActiveModelTrait};
    use std::sync::Arc;

    /// Side of the stored square, in pixels: enough for a profile page at twice the pixel density.
    pub const SIDE: u32 = 256;
    /// Larger images are refused before decoding (a small file can still describe a huge image).
    const MAX_PIXELS_PER_SIDE: u32 = 8_000;

    /// Where pictures are kept. The local file system by default; any `object_store` back end (S3 and the
    /// like) fits when several servers share the work.
    pub type PictureStore = Arc<dyn ObjectStore>;

    pub fn local_store(dir: &std::path::Path) -> Result<PictureStore, String> {
        std::fs::create_dir_all(dir).map_err(|err| format!("cannot create {}: {err}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir).map_err(|err| format!("cannot use {}: {err}", dir.display()))?;
        Ok(Arc::new(store))
    }

    fn key(account_id: i32) -> Path {
        Path::from(format!("pictures/{account_id}.jpg"))
    }

    /// Decodes an upload (JPEG, PNG or WebP, recognised by its bytes, not by its name), crops it to the
    /// centre square and encodes a JPEG. CPU work: call it off the async threads.
    pub fn square_jpeg(bytes: &[u8]) -> Result<Vec<u8>, AppError> {
        use image::{ImageFormat, ImageReader, imageops::FilterType};
        let not_an_image = || AppError::invalid("picture", crate::error::Problem::PictureNotAnImage);
        let format = image::guess_format(bytes).map_err(|_| not_an_image())?;
        if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
            return Err(not_an_image());
        }
        let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_PIXELS_PER_SIDE);
        limits.max_image_height = Some(MAX_PIXELS_PER_SIDE);
        limits.max_alloc = Some(256 * 1024 * 1024);
        reader.limits(limits);
        let image = reader.decode().map_err(|_| not_an_image())?;
        let square = image.resize_to_fill(SIDE, SIDE, FilterType::Lanczos3).into_rgb8();
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&square).map_err(|_| AppError::Internal)?;
        Ok(out)
    }

    /// New pictures a person may send a day: plenty to get one right, not a way to keep the server decoding.
    pub const PICTURES_PER_DAY: crate::throttle::ssr::Limit = crate::throttle::ssr::Limit { max: 30, window: chrono::TimeDelta::days(1) };

    /// Whether the viewer may send a picture now; asked before the body is read.
    pub async fn may_upload(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<(), AppError> {
        if !access::may_describe_interests(viewer) {
            return Err(AppError::NotFound);
        }
        crate::throttle::ssr::hit(db, &format!("picture:{}", viewer.id), PICTURES_PER_DAY).await
    }

    /// Replaces the viewer's picture. `bytes` is what the browser sent, already held to the size limit.
    pub async fn upload(db: &impl ConnectionTrait, store: &PictureStore, viewer: &Viewer, bytes: Vec<u8>) -> Result<(), AppError> {
        if !access::may_describe_interests(viewer) {
            return Err(AppError::NotFound);
        }
        // Decoding takes memory (up to `max_alloc`): two at a time, the others wait their turn.
        static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
        let _turn = DECODING.acquire().await.map_err(|_| AppError::Internal)?;
        let jpeg = tokio::task::spawn_blocking(move || square_jpeg(&bytes)).await.map_err(|_| AppError::Internal)??;
        store.put(&key(viewer.id), PutPayload::from(jpeg)).await.map_err(|err| {
            tracing::error!("cannot store a picture: {err}");
            AppError::Internal
        })?;
        accounts::ActiveModel { id: Set(viewer.id), picture_at: Set(Some(chrono::Utc::now())), ..Default::default() }.update(db).await?;
        Ok(())
    }

    pub async fn remove(db: &impl ConnectionTrait, store: &PictureStore, viewer: &Viewer) -> Result<(), AppError> {
        accounts::ActiveModel { id: Set(viewer.id), picture_at: Set(None), ..Default::default() }.update(db).await?;
        match store.delete(&key(viewer.id)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => {
                tracing::error!("cannot delete a picture: {err}");
                Err(AppError::Internal)
            }
        }
    }

    /// A picture, for a viewer who may see its owner: themselves, or a visible teacher when the viewer may
    /// look teachers up. Anything else is not found.
    pub async fn picture(db: &impl ConnectionTrait, store: &PictureStore, viewer: &Viewer, account_id: i32) -> Result<Vec<u8>, AppError> {
        let owner = if viewer.id == account_id {
            accounts::Entity::find_by_id(account_id).one(db).await?
        } else if access::may_see_teachers(viewer) {
            accounts::Entity::find_by_id(account_id).filter(publicly_visible_teachers()).one(db).await?
        } else {
            None
        };
        if owner.and_then(|owner| owner.picture_at).is_none() {
            return Err(AppError::NotFound);
        }
        let found = store.get(&key(account_id)).await.map_err(|_| AppError::NotFound)?;
        Ok(found.bytes().await.map_err(|_| AppError::Internal)?.to_vec())
    }
}
