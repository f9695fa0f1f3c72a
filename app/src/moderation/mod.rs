//! Moderation and pupils' safety: reports on anything a person can see, the review queue routed by scope
//! (TwinSpace administrators for their space, national support organisations for their country's teachers and
//! projects, the Central Support Service for everything), the actions moderators take, notes on people, the
//! append-only moderation log and the notices people receive. Who reviews what is decided in one place,
//! `ssr::Reviewer`; what each viewer sees of a TwinSpace item is `access::twinspace::sees_content`.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub mod views;
#[cfg(feature = "ssr")]
pub mod ssr;

/// What can be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportKind {
    Post,
    Comment,
    Page,
    Thread,
    Reply,
    ChatMessage,
    Material,
    /// The message of a contact request: the platform's private message between teachers.
    ContactMessage,
    /// A private message between two contacts (`crate::messages`).
    PrivateMessage,
    /// A teacher's profile.
    Profile,
    /// A whole TwinSpace (the project).
    Space,
    /// A post in a group's forum (a thread's opening post stands for the thread).
    GroupPost,
    /// A post in the forum of a learning event's unit.
    LearningPost,
}

impl ReportKind {
    pub const ALL: [ReportKind; 13] = [
        ReportKind::Post,
        ReportKind::Comment,
        ReportKind::Page,
        ReportKind::Thread,
        ReportKind::Reply,
        ReportKind::ChatMessage,
        ReportKind::Material,
        ReportKind::ContactMessage,
        ReportKind::PrivateMessage,
        ReportKind::Profile,
        ReportKind::Space,
        ReportKind::GroupPost,
        ReportKind::LearningPost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Post => "post",
            ReportKind::Comment => "comment",
            ReportKind::Page => "page",
            ReportKind::Thread => "thread",
            ReportKind::Reply => "reply",
            ReportKind::ChatMessage => "chat_message",
            ReportKind::Material => "material",
            ReportKind::ContactMessage => "contact_message",
            ReportKind::PrivateMessage => "private_message",
            ReportKind::Profile => "profile",
            ReportKind::Space => "space",
            ReportKind::GroupPost => "group_post",
            ReportKind::LearningPost => "learning_post",
        }
    }

    pub fn parse(value: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// Content inside a TwinSpace: its administrators review reports on it, and it can be hidden and restored.
    pub fn in_space(self) -> bool {
        !matches!(
            self,
            ReportKind::ContactMessage | ReportKind::PrivateMessage | ReportKind::Profile | ReportKind::Space | ReportKind::GroupPost | ReportKind::LearningPost
        )
    }

    /// Content of a group: its moderators see reports on it and may hide it; support staff decide the rest.
    pub fn in_group(self) -> bool {
        self == ReportKind::GroupPost
    }

    /// What a moderator may hide (and restore): the things with a hidden state.
    pub fn hideable(self) -> bool {
        self.in_space() || matches!(self, ReportKind::GroupPost | ReportKind::LearningPost | ReportKind::Space | ReportKind::PrivateMessage)
    }

    /// What a moderator may delete: content, not a profile (that is its person) nor a project (hidden instead).
    pub fn deletable(self) -> bool {
        self.in_space() || matches!(self, ReportKind::GroupPost | ReportKind::LearningPost | ReportKind::ContactMessage | ReportKind::PrivateMessage)
    }
}

/// Why something is reported; "other" asks for the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportReason {
    Bullying,
    Inappropriate,
    PersonalData,
    Spam,
    Copyright,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 6] =
        [ReportReason::Bullying, ReportReason::Inappropriate, ReportReason::PersonalData, ReportReason::Spam, ReportReason::Copyright, ReportReason::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Bullying => "bullying",
            ReportReason::Inappropriate => "inappropriate",
            ReportReason::PersonalData => "personal_data",
            ReportReason::Spam => "spam",
            ReportReason::Copyright => "copyright",
            ReportReason::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<ReportReason> {
        ReportReason::ALL.into_iter().find(|reason| reason.as_str() == value)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportStatus {
    Open,
    Dismissed,
    /// A moderator acted on the content or its author.
    Actioned,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Open => "open",
            ReportStatus::Dismissed => "dismissed",
            ReportStatus::Actioned => "actioned",
        }
    }

    pub fn parse(value: &str) -> Option<ReportStatus> {
        [ReportStatus::Open, ReportStatus::Dismissed, ReportStatus::Actioned].into_iter().find(|s| s.as_str() == value)
    }
}

/// What a moderator does; each is written to the moderation log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModerationAction {
    /// The report was unfounded.
    Dismiss,
    /// Gone for everyone but moderators and the author, who sees why.
    Hide,
    Restore,
    Delete,
    /// A notice to the person, no other effect.
    Warn,
    /// No sign-in until the end of a period.
    Suspend,
    /// No sign-in until a moderator lifts it.
    Ban,
    /// Ends a suspension or ban.
    Lift,
    /// A pupil's post or reply released from the space's approval queue.
    Approve,
}

impl ModerationAction {
    pub const ALL: [ModerationAction; 9] = [
        ModerationAction::Dismiss,
        ModerationAction::Hide,
        ModerationAction::Restore,
        ModerationAction::Delete,
        ModerationAction::Warn,
        ModerationAction::Suspend,
        ModerationAction::Ban,
        ModerationAction::Lift,
        ModerationAction::Approve,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ModerationAction::Dismiss => "dismiss",
            ModerationAction::Hide => "hide",
            ModerationAction::Restore => "restore",
            ModerationAction::Delete => "delete",
            ModerationAction::Warn => "warn",
            ModerationAction::Suspend => "suspend",
            ModerationAction::Ban => "ban",
            ModerationAction::Lift => "lift",
            ModerationAction::Approve => "approve",
        }
    }

    pub fn parse(value: &str) -> Option<ModerationAction> {
        ModerationAction::ALL.into_iter().find(|action| action.as_str() == value)
    }

    /// Actions on a person rather than on a piece of content.
    pub fn on_person(self) -> bool {
        matches!(self, ModerationAction::Warn | ModerationAction::Suspend | ModerationAction::Ban | ModerationAction::Lift)
    }
}

/// Longest suspension, in days (longer is a ban).
pub const MAX_SUSPENSION_DAYS: u32 = 365;
/// Free text of a report, a moderator's reason or note.
pub const MAX_REASON_CHARS: usize = 2000;

/// One report as its reviewers see it: the content in context and the reporter's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportItem {
    pub id: i32,
    pub kind: ReportKind,
    pub target_id: i32,
    pub reason: ReportReason,
    pub details: String,
    pub reporter: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub status: ReportStatus,
    /// The project it belongs to, if any.
    pub project_title: Option<String>,
    /// The group it was written in, if any.
    pub group_name: Option<String>,
    /// The reported text (or file name, profile introduction), shortened; empty once deleted.
    pub excerpt: String,
    /// Where to see it in place.
    pub link: Option<String>,
    /// The content is hidden now (so it can be restored).
    pub hidden: bool,
    /// The content no longer exists.
    pub gone: bool,
    /// The content as it read when the report was filed, when it has changed or gone since (kept as evidence).
    pub snapshot: Option<String>,
    /// Whose it is: id and name.
    pub subject: Option<(i32, String)>,
    /// Other people's open reports on the same item.
    pub other_reports: u32,
    /// The viewer may hide, restore or delete it.
    pub may_act_on_content: bool,
    /// The viewer moderates the group it is in but is not support staff for it: they may hide it, and support
    /// staff decide the rest (dismissing, restoring, deleting), so that a moderator cannot bury a report on a friend.
    pub only_hides: bool,
    /// The viewer may warn, suspend or ban its author (support staff in scope, not space administrators).
    pub may_act_on_person: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub items: Vec<ReportItem>,
    /// Open reports per kind, in the viewer's scope.
    pub open_counts: Vec<(ReportKind, u32)>,
    pub open_total: u32,
    pub status: ReportStatus,
    pub kind: Option<ReportKind>,
    /// The viewer receives an e-mail for each new report in their scope.
    pub report_mail: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub id: i32,
    pub at: chrono::DateTime<chrono::Utc>,
    pub moderator: String,
    pub action: ModerationAction,
    pub target_kind: Option<ReportKind>,
    pub target_id: Option<i32>,
    pub subject: Option<String>,
    pub reason: String,
    /// End of a suspension.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub author: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub body: String,
}

/// What a moderator in scope sees of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub id: i32,
    pub display_name: String,
    pub pupil: bool,
    pub country_code: Option<String>,
    pub suspended: bool,
    /// End of a suspension; none with `suspended`: a ban.
    pub suspended_until: Option<chrono::DateTime<chrono::Utc>>,
    pub notes: Vec<NoteView>,
    pub log: Vec<LogLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    Hidden,
    Restored,
    Deleted,
    Warned,
    Suspended,
    Banned,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Hidden => "hidden",
            NoticeKind::Restored => "restored",
            NoticeKind::Deleted => "deleted",
            NoticeKind::Warned => "warned",
            NoticeKind::Suspended => "suspended",
            NoticeKind::Banned => "banned",
        }
    }

    pub fn parse(value: &str) -> Option<NoticeKind> {
        [NoticeKind::Hidden, NoticeKind::Restored, NoticeKind::Deleted, NoticeKind::Warned, NoticeKind::Suspended, NoticeKind::Banned]
            .into_iter()
            .find(|k| k.as_str() == value)
    }
}

/// A message to a person about what moderators did to them or their content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i32,
    pub kind: NoticeKind,
    pub target_kind: Option<ReportKind>,
    pub reason: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    pub link: Option<String>,
    pub unread: bool,
}

/// The header's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    /// Open reports in the viewer's scope; none for those who review nothing.
    pub open_reports: Option<u32>,
    /// Unread notifications (`crate::notifications`), moderators' notices among them.
    pub unread_notifications: u32,
    /// Unread private messages (`crate::messages`).
    pub unread_messages: u32,
}

/// What the report page shows of the thing being reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTarget {
    pub kind: ReportKind,
    pub id: i32,
    pub excerpt: String,
    /// Where the reporter came from, to go back.
    pub back: String,
}

#[server(prefix = "/api")]
pub async fn load_report_target(kind: String, target: i32) -> Result<ReportTarget, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::report_target(&db, &viewer, &kind, target).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn file_report(
    kind: String,
    target: i32,
    reason: String,
    #[server(default)] details: String,
    #[server(default)] request: String,
) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let base = use_context::<crate::settings::SiteSettings>().map(|s| s.public_url).unwrap_or_default();
    let file = async |txn: &sea_orm::DatabaseTransaction| ssr::file(txn, &viewer, &kind, target, &reason, &details, &base).await;
    crate::requests::ssr::once(&db, viewer.id, &request, file).await.map_err(crate::error::respond_with)?;
    Ok(())
}

#[server(prefix = "/api")]
pub async fn load_queue(#[server(default)] status: Option<String>, #[server(default)] kind: Option<String>) -> Result<QueueView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let status = status.as_deref().and_then(ReportStatus::parse).unwrap_or(ReportStatus::Open);
    let kind = kind.as_deref().and_then(ReportKind::parse);
    ssr::queue(&db, &viewer, status, kind).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn decide_report(
    report: i32,
    action: String,
    #[server(default)] reason: String,
    #[server(default)] days: Option<String>,
) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let store = use_context::<crate::teachers::pictures::ssr::PictureStore>().ok_or(AppError::Internal)?;
    let effect = ssr::decide(&db, &store, &viewer, report, &action, &reason, days.as_deref()).await.map_err(crate::error::respond_with)?;
    effect.apply().await;
    Ok(())
}

#[server(prefix = "/api")]
pub async fn load_person(account: i32) -> Result<PersonRecord, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::person(&db, &viewer, account).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn act_on_person(account: i32, action: String, #[server(default)] reason: String, #[server(default)] days: Option<String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let action = ModerationAction::parse(&action).filter(|a| a.on_person()).ok_or(AppError::NotFound)?;
    ssr::sanction(&db, &viewer, account, action, &reason, days.as_deref(), None).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn add_moderator_note(account: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let add = async |txn: &sea_orm::DatabaseTransaction| ssr::add_note(txn, &viewer, account, &body).await;
    crate::requests::ssr::once(&db, viewer.id, &request, add).await.map(|_| ()).map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_moderation_log(#[server(default)] page: Option<u64>) -> Result<Vec<LogLine>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::log(&db, &viewer, page.unwrap_or(1)).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_notices() -> Result<Vec<NoticeView>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::notices(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_badge() -> Result<Badge, AppError> {
    let db = crate::db::conn()?;
    match crate::accounts::ssr::viewer_of_request(&db).await.map_err(crate::error::respond_with)? {
        Some(viewer) => ssr::badge(&db, &viewer).await.map_err(crate::error::respond_with),
        None => Ok(Badge::default()),
    }
}

/// A checkbox: present means on.
#[server(prefix = "/api")]
pub async fn set_report_mail(#[server(default)] on: Option<String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::set_report_mail(&db, &viewer, on.is_some()).await.map_err(crate::error::respond_with)
}

/// A pupil's post, comment, thread or reply waiting for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingItem {
    pub kind: ReportKind,
    pub id: i32,
    pub author: String,
    pub body: String,
    /// A thread's title (for threads and replies).
    pub context: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingView {
    pub space: crate::twinspace::SpaceOverview,
    pub items: Vec<WaitingItem>,
}

/// A checkbox: present means on.
#[server(prefix = "/api")]
pub async fn set_premoderation(project: i32, #[server(default)] on: Option<String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::set_premoderation(&db, &viewer, project, on.is_some()).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_waiting(project: i32) -> Result<WaitingView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::waiting(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn release_waiting(kind: String, id: i32, approve: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::release(&db, &viewer, &kind, id, approve).await.map_err(crate::error::respond_with)?;
    Ok(())
}
