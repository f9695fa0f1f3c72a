//! Groups: teachers' communities of practice beside projects. The support services create them; a validated
//! teacher proposes one, which their national support organisation approves (the Central Support Service for
//! any). A group is open to every validated teacher, joined on request (a moderator accepts), or by invitation
//! only; it has a description, moderators, a discussion forum of threads, resources pinned by its moderators,
//! and members. Teachers find groups by subject, language and country. Pupils never see groups.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 4000;
pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;
/// Threads a group's page shows (latest activity first).
pub const THREADS_SHOWN: u64 = 50;
/// Posts of a thread on one page, oldest first; later ones through plain Previous/Next links (`?page=`).
pub const THREAD_PAGE: u64 = 100;

/// Who may join a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupAccess {
    /// Every validated teacher joins at once.
    Open,
    /// A moderator accepts each request.
    Request,
    /// Only people a moderator invites.
    Invitation,
}

impl GroupAccess {
    pub const ALL: [GroupAccess; 3] = [GroupAccess::Open, GroupAccess::Request, GroupAccess::Invitation];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupAccess::Open => "open",
            GroupAccess::Request => "request",
            GroupAccess::Invitation => "invitation",
        }
    }

    pub fn parse(value: &str) -> Option<GroupAccess> {
        GroupAccess::ALL.into_iter().find(|a| a.as_str() == value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupStatus {
    /// Proposed by a teacher, waiting for the support organisation.
    Proposed,
    Approved,
    Refused,
}

impl GroupStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupStatus::Proposed => "proposed",
            GroupStatus::Approved => "approved",
            GroupStatus::Refused => "refused",
        }
    }

    pub fn parse(value: &str) -> Option<GroupStatus> {
        [GroupStatus::Proposed, GroupStatus::Approved, GroupStatus::Refused].into_iter().find(|s| s.as_str() == value)
    }
}

/// Where the viewer stands in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Membership {
    Moderator,
    Member,
    /// Asked to join; a moderator has not answered yet.
    Requested,
    /// Invited; the viewer has not answered yet.
    Invited,
}

impl Membership {
    /// A full member (a moderator is one too): reads and posts.
    pub fn belongs(self) -> bool {
        matches!(self, Membership::Moderator | Membership::Member)
    }
}

/// A group as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCard {
    pub id: i32,
    pub name: String,
    /// A key of `teachers::interests::SUBJECTS`.
    pub subject: String,
    /// ISO 639-1 code of the language its members write in.
    pub language: String,
    /// The country whose teachers it is for; none: every country.
    pub country_code: Option<String>,
    pub access: GroupAccess,
    pub status: GroupStatus,
    pub members: u32,
    pub membership: Option<Membership>,
    pub theme_year: Option<i32>,
}

/// The directory's filters, as the address holds them (empty: any).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFilter {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDirectory {
    /// Approved groups matching the filters, by name (at most 100).
    pub groups: Vec<GroupCard>,
    /// The viewer's own groups (member, moderator, waiting for an answer).
    pub mine: Vec<GroupCard>,
    /// Invitations waiting for the viewer's answer.
    pub invitations: Vec<GroupCard>,
    /// Proposals waiting for the viewer's decision (support staff).
    pub proposals: Vec<GroupCard>,
    /// The viewer may create (support staff) or propose (a validated teacher) a group.
    pub may_create: bool,
}

/// A person in a group, as its members see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPerson {
    pub account_id: i32,
    pub name: String,
    pub country_code: Option<String>,
    pub moderator: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinnedResource {
    pub id: i32,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadCard {
    pub id: i32,
    pub title: String,
    pub author: String,
    pub replies: u32,
    pub last_post_at: chrono::DateTime<chrono::Utc>,
}

/// A group's page, as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub card: GroupCard,
    pub description: String,
    pub proposed_by: String,
    /// The forum, resources and members are readable (an open group, a member, or its overseers).
    pub may_read: bool,
    /// The viewer may start threads and reply.
    pub may_post: bool,
    /// The viewer may join (or ask to) now.
    pub may_join: bool,
    /// Moderator or overseer: answers requests, invites, pins resources, names moderators.
    pub manages: bool,
    /// Support staff who decide this proposal.
    pub may_review: bool,
    /// A page of its forum's threads (`THREADS_SHOWN` a page, latest activity first).
    pub threads: Vec<ThreadCard>,
    pub threads_page: u64,
    /// Older threads follow on the next page.
    pub more_threads: bool,
    pub resources: Vec<PinnedResource>,
    pub members: Vec<GroupPerson>,
    /// Requests to join, for those who manage it.
    pub requests: Vec<GroupPerson>,
    /// The manager's contacts who could be invited.
    pub invitable: Vec<GroupPerson>,
    /// The viewer oversees the group as support staff and invites teachers by e-mail address.
    pub invites_by_address: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPost {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Hidden by a moderator: shown, with why, to its author and the group's moderators only.
    pub mark: crate::twinspace::ContentMark,
    /// Someone else's post: the viewer may report it.
    pub may_report: bool,
    /// The viewer's own post, which they may delete (an opening post only while nobody else has replied).
    pub may_delete: bool,
    /// The viewer's own post, which they may correct while they may write in the group.
    pub may_edit: bool,
    /// Its author corrected it.
    pub edited: bool,
}

/// A thread of a group's forum, oldest post first (the opening one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub group_id: i32,
    pub group_name: String,
    pub id: i32,
    pub title: String,
    pub posts: Vec<GroupPost>,
    pub may_post: bool,
    /// Which page of the thread this is (from 1), and whether later posts follow on the next.
    pub page: u64,
    pub more: bool,
}

/// The form that creates or proposes a group (as the browser sends it; checked on the server).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupForm {
    pub name: String,
    pub description: String,
    pub subject: String,
    pub language: String,
    /// Empty: every country.
    #[serde(default)]
    pub country: String,
    pub access: String,
    #[serde(default)]
    pub annual_theme: Option<String>,
}

#[server(prefix = "/api")]
pub async fn load_groups(filter: GroupFilter) -> Result<GroupDirectory, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::directory(&db, &viewer, &filter).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_group(id: i32, #[server(default)] page: u64) -> Result<GroupView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::group_with_threads_page(&db, &viewer, id, page).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_group_thread(group: i32, thread: i32, #[server(default)] page: u64) -> Result<ThreadView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::thread_page(&db, &viewer, group, thread, page).await.map_err(crate::error::respond_with)
}

/// Whether the viewer may create or propose a group: the form's page asks before showing it.
#[server(prefix = "/api")]
pub async fn may_create_group() -> Result<(), AppError> {
    let (_, viewer) = crate::accounts::ssr::signed_in().await?;
    if ssr::may_create(&viewer) { Ok(()) } else { Err(crate::error::respond_with(AppError::NotFound)) }
}

/// Creates a group (support staff) or proposes one (a teacher), and goes to its page.
#[server(prefix = "/api")]
pub async fn create_group(form: GroupForm, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create(txn, &viewer, &form, chrono::Utc::now()).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, create).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/groups/{id}"));
    Ok(())
}

/// Runs a change and the notifications it sends in one transaction: both happen, or neither.
#[cfg(feature = "ssr")]
async fn in_transaction<T>(change: impl AsyncFnOnce(&sea_orm::DatabaseTransaction, &crate::access::Viewer) -> Result<T, AppError>) -> Result<T, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let result = async {
        let txn = crate::db::begin(&db).await?;
        let value = change(&txn, &viewer).await?;
        txn.commit().await?;
        Ok(value)
    }
    .await;
    result.map_err(crate::error::respond_with)
}

/// The support organisation approves or refuses a proposed group.
#[server(prefix = "/api")]
pub async fn review_group(group: i32, approve: bool) -> Result<(), AppError> {
    in_transaction(async |txn, viewer| ssr::review(txn, viewer, group, approve, chrono::Utc::now()).await).await
}

/// Joins an open group, asks to join one on request, or accepts an invitation.
#[server(prefix = "/api")]
pub async fn join_group(group: i32) -> Result<(), AppError> {
    in_transaction(async |txn, viewer| ssr::join(txn, viewer, group, chrono::Utc::now()).await).await
}

/// Leaves a group, withdraws a request or declines an invitation.
#[server(prefix = "/api")]
pub async fn leave_group(group: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::leave(&db, &viewer, group).await.map_err(crate::error::respond_with)
}

/// A moderator accepts or declines a request to join.
#[server(prefix = "/api")]
pub async fn answer_group_request(group: i32, account: i32, accept: bool) -> Result<(), AppError> {
    in_transaction(async |txn, viewer| ssr::answer_request(txn, viewer, group, account, accept, chrono::Utc::now()).await).await
}

/// A moderator invites one of their contacts (`account`); the support staff who oversee the group a validated
/// teacher by e-mail address (`email`).
#[server(prefix = "/api")]
pub async fn invite_to_group(group: i32, #[server(default)] account: Option<i32>, #[server(default)] email: String) -> Result<(), AppError> {
    in_transaction(async |txn, viewer| {
        let whom = match account {
            Some(account) => ssr::Invitee::Contact(account),
            None => ssr::Invitee::Address(&email),
        };
        ssr::invite(txn, viewer, group, whom, chrono::Utc::now()).await
    })
    .await
}

/// A moderator makes a member a moderator too.
#[server(prefix = "/api")]
pub async fn make_group_moderator(group: i32, account: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::make_moderator(&db, &viewer, group, account).await.map_err(crate::error::respond_with)
}

/// Starts a thread in a group's forum and goes to it.
#[server(prefix = "/api")]
pub async fn start_group_thread(group: i32, title: String, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let start = async |txn: &sea_orm::DatabaseTransaction| ssr::start_thread(txn, &viewer, group, &title, &body, chrono::Utc::now()).await;
    let thread = crate::requests::ssr::once(&db, viewer.id, &request, start).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/groups/{group}/threads/{thread}"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn reply_in_group(thread: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let reply = async |txn: &sea_orm::DatabaseTransaction| ssr::reply(txn, &viewer, thread, &body, chrono::Utc::now()).await;
    let post = crate::requests::ssr::once(&db, viewer.id, &request, reply).await.map_err(crate::error::respond_with)?.value();
    // To the reply itself: in a long thread it is on the last page, not the one it was written from.
    leptos_axum::redirect(&ssr::address_of_post(&db, post).await.map_err(crate::error::respond_with)?);
    Ok(())
}

/// Its author deletes a post; a thread they opened (while nobody else replied) goes with its opening post, and
/// the reader goes back to the group.
#[server(prefix = "/api")]
pub async fn delete_group_post(post: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    if let Some(group) = ssr::delete_own_post(&db, &viewer, post).await.map_err(crate::error::respond_with)? {
        leptos_axum::redirect(&format!("/groups/{group}"));
    }
    Ok(())
}

/// Its author corrects a post; the reader stays on the thread.
#[server(prefix = "/api")]
pub async fn edit_group_post(post: i32, body: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::edit_own_post(&db, &viewer, post, &body, chrono::Utc::now()).await.map_err(crate::error::respond_with)?;
    Ok(())
}

/// A moderator pins a resource (a title and a web address) to the group's page.
#[server(prefix = "/api")]
pub async fn pin_group_resource(group: i32, title: String, url: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    // Once per form (a double submit pins once); the count against the limit is taken inside its transaction.
    let pin = async |txn: &sea_orm::DatabaseTransaction| ssr::pin(txn, &viewer, group, &title, &url, chrono::Utc::now()).await;
    crate::requests::ssr::once(&db, viewer.id, &request, pin).await.map_err(crate::error::respond_with)?;
    Ok(())
}

#[server(prefix = "/api")]
pub async fn unpin_group_resource(group: i32, resource: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::unpin(&db, &viewer, group, resource).await.map_err(crate::error::respond_with)
}

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
pub use views::{GroupPage, GroupThreadPage, GroupsPage, NewGroupPage};
