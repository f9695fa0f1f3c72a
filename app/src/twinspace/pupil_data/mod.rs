//! A pupil's data, for the teacher who manages their login: everything the platform holds about them as one
//! JSON download (`GET /projects/{id}/pupils/{pupil}/export`, served by `server/src/pupil_data.rs`), and the
//! erasure. Erasing removes the account and all personal data; what the pupil wrote is either removed or kept
//! under the shared "former pupil" account, the teacher's choice.
use crate::error::AppError;
use leptos::prelude::*;

/// The name everything kept from erased pupils is shown under.
pub const FORMER_PUPIL_NAME: &str = "Former pupil";
/// The username of that shared account: with a character generated usernames never hold, so nobody can have
/// it and nobody can sign in as it (it has no password).
pub const FORMER_PUPIL_USERNAME: &str = "~former-pupil";

/// `keep` (a checkbox): keep what they wrote as "former pupil" instead of removing it.
#[server(prefix = "/api")]
pub async fn erase_pupil(project: i32, pupil: i32, #[server(default)] keep: Option<String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let store = use_context::<crate::teachers::pictures::ssr::PictureStore>().ok_or(AppError::Internal)?;
    ssr::erase(&db, &store, &viewer, project, pupil, keep.is_some()).await.map_err(crate::error::respond_with)
}


#[cfg(feature = "ssr")]
pub mod ssr;
