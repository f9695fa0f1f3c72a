//! The TwinSpace: the private space of an approved project. Members and roles, invitations of contacts, pupils'
//! logins and the Twinboard here; its other parts are sub-features of the same shape (`mod.rs` with the shared
//! types and server functions, `ssr.rs`, `views.rs`): `pages`, `forum`, `chat`, `materials`, and `pupil_data`.
//! Every function asks `access::twinspace::may` (through `ssr::guard`) before it reads or writes anything.
pub mod chat;
pub mod forum;
pub mod materials;
pub mod pages;
pub mod pupil_data;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use chat::views::ChatPage;
pub use forum::views::{ForumPage, ThreadPage};
pub use materials::views::MaterialsPage;
pub use pages::views::{SpacePagePage, SpacePagesPage};
pub use views::{EditPostPage, PupilSignInPage, SpaceMembersPage, SpacePupilsPage, TwinboardPage};

use crate::{
    access::twinspace::{SpaceRole, Standing},
    error::AppError,
    projects::ProjectStatus,
    teachers::TeacherCard,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every TwinSpace page shows at its top, and what the viewer may do there (from the policy, so the
/// buttons match what the server allows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceOverview {
    pub project_id: i32,
    pub title: String,
    pub status: ProjectStatus,
    pub standing: Standing,
    pub may_post: bool,
    pub may_see_pupils: bool,
    /// The teachers' chat room is open to the viewer.
    pub may_chat: bool,
    /// Archive (open project) or close (archived project).
    pub may_change_lifecycle: bool,
    /// The space asks for approval of pupils' posts and replies.
    pub premoderates_pupils: bool,
    /// The viewer approves pupils' work waiting in this space (its teachers and support staff).
    pub may_approve: bool,
    /// The viewer's own posts and replies wait for approval.
    pub own_work_waits: bool,
    /// A moderator hid the project (out of the directory, no public page), and why.
    pub hidden_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub account_id: i32,
    pub display_name: String,
    pub role: SpaceRole,
    /// Teachers' countries; pupils show none.
    pub country_code: Option<String>,
    pub is_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invited {
    pub account_id: i32,
    pub display_name: String,
    pub role: SpaceRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersView {
    pub space: SpaceOverview,
    pub members: Vec<Member>,
    /// Only for those who manage members.
    pub invited: Vec<Invited>,
    /// The viewer's contacts who are neither members nor invited; empty unless the viewer may invite.
    pub invitable: Vec<TeacherCard>,
    pub may_manage: bool,
    /// The public page's settings, for those who may change them.
    pub public_settings: Option<PublicSettings>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSettings {
    pub listed: bool,
    pub show_members: bool,
}

/// A pupil's login as the teacher hands it over: shown once, on the printable sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilLogin {
    pub display_name: String,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilRow {
    pub account_id: i32,
    pub display_name: String,
    pub username: String,
    pub role: SpaceRole,
    /// The viewer may reset this pupil's password and remove them.
    pub may_manage: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PupilsView {
    pub space: SpaceOverview,
    pub pupils: Vec<PupilRow>,
    pub may_create: bool,
    /// Logins just made or reset by this teacher, for the printable sheet: shown once, then gone.
    #[serde(default)]
    pub sheet: Vec<PupilLogin>,
}

/// How an item stands with moderation, for the few who still see it when it is not simply visible (its author,
/// and the space's moderators or teachers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContentMark {
    #[default]
    Visible,
    /// A moderator hid it, saying why.
    Hidden { reason: String },
    /// A pupil's work waiting for a teacher's approval.
    Waiting,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub may_delete: bool,
    pub mark: ContentMark,
    /// Someone else's: the viewer may report it.
    pub may_report: bool,
}

/// Everything a Twinboard post's HTML depends on but the reader's language: its rendering is kept by it
/// (`ssr::RenderedPosts`), so nothing the view shows may come from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PostView {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub pinned: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub edited: bool,
    pub likes: u32,
    pub liked: bool,
    pub may_edit: bool,
    pub may_delete: bool,
    pub may_comment: bool,
    pub may_like: bool,
    pub may_pin: bool,
    pub comments: Vec<CommentView>,
    pub mark: ContentMark,
    pub may_report: bool,
}

/// A Twinboard post's HTML as kept (`ssr::RenderedPosts`), and where its comment form's request key goes: the key
/// is the one part of a post that must be new on every page (`crate::requests`), so it is written in as the post
/// is sent (`write_to`) and the rest is rendered once.
#[derive(Debug, Clone)]
pub struct KeptPost {
    html: std::sync::Arc<str>,
    key_at: Option<usize>,
}

impl KeptPost {
    /// The key the comment form is drawn with, taken out again by `new`. The form is the post's last part (its
    /// text and comments come before it), so the last occurrence is the form's whatever a post says; a post
    /// without the form (`with_form` false) has no slot, whatever it says.
    pub const KEY_SLOT: &'static str = "request-key-slot";

    pub fn new(mut html: String, with_form: bool) -> Self {
        let key_at = if with_form { html.rfind(Self::KEY_SLOT) } else { None };
        if let Some(at) = key_at {
            html.replace_range(at..at + Self::KEY_SLOT.len(), "");
        }
        Self { html: html.into(), key_at }
    }

    /// The bytes of HTML kept.
    pub fn bytes(&self) -> usize {
        self.html.len()
    }

    /// The post's HTML, its comment form (if any) with a new request key.
    pub fn write_to(&self, out: &mut String) {
        match self.key_at {
            Some(at) => {
                out.push_str(&self.html[..at]);
                out.push_str(&crate::requests::fresh_key());
                out.push_str(&self.html[at..]);
            }
            None => out.push_str(&self.html),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub space: SpaceOverview,
    pub posts: Vec<PostView>,
    pub page: u64,
    pub more: bool,
}

/// A post on its author's edit page (the Twinboard links there, so its own HTML does not carry the text twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostToEdit {
    pub space: SpaceOverview,
    pub post: i32,
    pub body: String,
}

/// Posts on one Twinboard page: the newest twenty, older ones a link away (`?page=`). Fewer posts per page is
/// most of what makes the page cheap to render (`docs/performance.md`, "The TwinSpace under load").
pub const BOARD_PAGE_SIZE: u64 = 20;
/// Pupils one teacher may create at once (a class).
pub const MAX_PUPILS_AT_ONCE: usize = 40;

// Server functions: sign-in check, the plain function in `ssr`, errors mapped to their status.

#[server(prefix = "/api")]
pub async fn load_board(project: i32, #[server(default)] page: u64) -> Result<Board, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::board(&db, &viewer, project, page).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn create_post(project: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let post = async |txn: &sea_orm::DatabaseTransaction| ssr::create_post(txn, &viewer, project, &body).await;
    crate::requests::ssr::once(&db, viewer.id, &request, post).await.map(|_| ()).map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_post_to_edit(project: i32, post: i32) -> Result<PostToEdit, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::post_to_edit(&db, &viewer, project, post).await.map_err(crate::error::respond_with)
}

/// Saved, back to the post on its Twinboard.
#[server(prefix = "/api")]
pub async fn edit_post(post: i32, body: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let project = ssr::edit_post(&db, &viewer, post, &body).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect(&format!("/projects/{project}/space#post-{post}"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn delete_post(post: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::delete_post(&db, &viewer, post).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn pin_post(post: i32, pinned: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::pin_post(&db, &viewer, post, pinned).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn like_post(post: i32, like: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::like_post(&db, &viewer, post, like).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn add_comment(post: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let comment = async |txn: &sea_orm::DatabaseTransaction| ssr::add_comment(txn, &viewer, post, &body).await;
    crate::requests::ssr::once(&db, viewer.id, &request, comment).await.map(|_| ()).map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn delete_comment(comment: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::delete_comment(&db, &viewer, comment).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_members(project: i32) -> Result<MembersView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::members(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn invite_member(project: i32, account: i32, role: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::invite(&db, &viewer, project, account, &role).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn withdraw_invitation(project: i32, account: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::withdraw_invitation(&db, &viewer, project, account).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn answer_invitation(project: i32, accept: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::answer_invitation(&db, &viewer, project, accept).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn change_member_role(project: i32, account: i32, role: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::change_role(&db, &viewer, project, account, &role).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn remove_member(project: i32, account: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let store = use_context::<crate::teachers::pictures::ssr::PictureStore>().ok_or(AppError::Internal)?;
    ssr::remove_member(&db, &store, &viewer, project, account).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_pupils(project: i32) -> Result<PupilsView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let mut view = ssr::pupils(&db, &viewer, project).await.map_err(crate::error::respond_with)?;
    view.sheet = crate::accounts::ssr::take_for_this_page(&sheet_key(project)).await.unwrap_or_default();
    Ok(view)
}

/// Where the logins for the printable sheet wait in the teacher's session, between the form post that made them
/// and the page it comes back to.
#[cfg(feature = "ssr")]
fn sheet_key(project: i32) -> String {
    format!("pupil_sheet_{project}")
}

/// Creates a class's logins from names, one per line. The passwords are shown once, on the printable sheet.
#[server(prefix = "/api")]
pub async fn create_pupils(project: i32, names: String, #[server(default)] request: String) -> Result<Vec<PupilLogin>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    // Sent twice, the class gets one set of logins, and the sheet shows the same passwords again.
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create_pupils(txn, &viewer, project, &names).await;
    let logins = crate::requests::ssr::once(&db, viewer.id, &request, create).await.map_err(crate::error::respond_with)?.value();
    crate::accounts::ssr::keep_for_next_page(&sheet_key(project), &logins).await;
    Ok(logins)
}

#[server(prefix = "/api")]
pub async fn reset_pupil_password(project: i32, pupil: i32) -> Result<PupilLogin, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let login = ssr::reset_pupil_password(&db, &viewer, project, pupil).await.map_err(crate::error::respond_with)?;
    crate::accounts::ssr::keep_for_next_page(&sheet_key(project), &vec![login.clone()]).await;
    Ok(login)
}

#[server(prefix = "/api")]
pub async fn remove_pupil(project: i32, pupil: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let store = use_context::<crate::teachers::pictures::ssr::PictureStore>().ok_or(AppError::Internal)?;
    ssr::remove_pupil(&db, &store, &viewer, project, pupil).await.map_err(crate::error::respond_with)
}

/// Checkboxes: present when ticked.
#[server(prefix = "/api")]
pub async fn update_public_settings(project: i32, #[server(default)] listed: Option<String>, #[server(default)] show_members: Option<String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::update_public_settings(&db, &viewer, project, listed.is_some(), show_members.is_some()).await.map_err(crate::error::respond_with)
}

/// Archives an open project or closes an archived one.
#[server(prefix = "/api")]
pub async fn advance_lifecycle(project: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::advance_lifecycle(&db, &viewer, project).await.map_err(crate::error::respond_with)
}
