//! Server side of moderation: reports, the review queue, actions, notes, the log and notices. `Reviewer` is the
//! one place that decides whose reports a person reviews: the Central Support Service and administrators
//! everything; a national support organisation what concerns its country (projects its country approved as a
//! founders' country, and what its teachers and pupils wrote, wherever); a TwinSpace administrator the content
//! of their spaces. A report is routed when it is filed: its `countries` column (",FR,IT,") names the support
//! organisations that review it, and `project_id` the space whose administrators do.
use super::{
    Badge, LogLine, MAX_REASON_CHARS, MAX_SUSPENSION_DAYS, ModerationAction, NoteView, NoticeKind, NoticeView, PersonRecord, QueueView, ReportItem,
    ReportKind, ReportReason, ReportStatus,
};
use crate::{
    access::{
        self, ValidationScope, Viewer,
        ssr::publicly_visible_teachers,
        twinspace::{Act, SpaceResource, SpaceRole, approves_pupils_work},
    },
    accounts::{AccountStatus, ssr::{KIND_PUPIL, entity as accounts}},
    error::{AppError, Problem},
    mail::ssr as mail,
    projects::ssr::{approval_entity as approvals, entity as projects, member_entity as members},
    teachers::pictures::ssr::PictureStore,
    throttle::ssr as throttle,
    twinspace::{
        chat::ssr::entity as chat,
        forum::ssr::{reply_entity as replies, thread_entity as threads},
        materials::ssr::{entity as materials, forget},
        pages::ssr::entity as pages,
        ssr::{comment_entity as comments, guard, names, plain_text, post_entity as posts},
    },
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
    TransactionSession, TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use std::collections::HashMap;

pub mod report_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        /// Empty once the reporter's account is erased: the report stays, as evidence.
        pub reporter_id: Option<i32>,
        pub target_kind: String,
        pub target_id: i32,
        pub project_id: Option<i32>,
        pub subject_account_id: Option<i32>,
        pub countries: String,
        pub reason: String,
        #[sea_orm(column_type = "Text")]
        pub details: String,
        pub status: String,
        /// TRUE while open, NULL once decided (one open report per person per item).
        pub open_flag: Option<bool>,
        pub created_at: DateTimeUtc,
        pub resolved_by: Option<i32>,
        pub resolved_at: Option<DateTimeUtc>,
        /// What was reported, as it read when the report was filed (its author may edit or lose it since).
        #[sea_orm(column_type = "Text", nullable)]
        pub content_snapshot: Option<String>,
        /// The group a reported group post was written in (its moderators review it).
        pub group_id: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod log_entity {
    use sea_orm::entity::prelude::*;

    /// Append-only: the database refuses updates and deletes (triggers in migration m0010), except forgetting
    /// an erased person.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "moderation_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub moderator_id: i32,
        pub action: String,
        pub target_kind: Option<String>,
        pub target_id: Option<i32>,
        pub project_id: Option<i32>,
        pub subject_account_id: Option<i32>,
        pub countries: String,
        #[sea_orm(column_type = "Text")]
        pub reason: String,
        pub until: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod note_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "moderator_notes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub subject_account_id: i32,
        pub author_id: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod notice_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "notices")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub account_id: i32,
        pub kind: String,
        pub target_kind: Option<String>,
        pub target_id: Option<i32>,
        pub project_id: Option<i32>,
        #[sea_orm(column_type = "Text")]
        pub reason: String,
        pub until: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub read_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use log_entity as log_rows;
use note_entity as notes;
use notice_entity as notices_rows;
use report_entity as reports;

/// What space administrators may see in the log: actions on content, not on people.
const CONTENT_ACTIONS: [ModerationAction; 5] =
    [ModerationAction::Dismiss, ModerationAction::Hide, ModerationAction::Restore, ModerationAction::Delete, ModerationAction::Approve];

/// Reports one person may file in a day.
pub const REPORTS_PER_DAY: throttle::Limit = throttle::Limit { max: 50, window: chrono::TimeDelta::days(1) };
/// Reports a queue page shows at once, oldest first.
pub const QUEUE_PAGE: u64 = 200;
pub const LOG_PAGE: u64 = 100;

// ---------------------------------------------------------------------------------------------------------
// Who reviews what

/// The reports a person reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub viewer: i32,
    pub everyone: bool,
    /// A national support organisation's country.
    pub country: Option<String>,
    /// Projects whose TwinSpace the person administers: they review reports on content inside them.
    pub spaces: Vec<i32>,
    /// Groups the person moderates: they see reports on others' posts there and may hide them.
    pub groups: Vec<i32>,
}

/// ",FR,IT,": the form of `countries` columns, so that one LIKE finds a country.
fn country_list(codes: impl IntoIterator<Item = String>) -> String {
    let mut codes: Vec<String> = codes.into_iter().filter(|c| !c.is_empty()).collect();
    codes.sort();
    codes.dedup();
    format!(",{},", codes.join(","))
}

/// The ids a reviewer's condition matches a column against: read beforehand (`Reviewer::of`), or read by the
/// statement itself (the header's badge, which asks everything in one statement).
enum Ids {
    Listed(Vec<i32>),
    Selected(sea_orm::sea_query::SelectStatement),
}

impl Ids {
    fn contain<C: ColumnTrait>(&self, column: C) -> sea_orm::sea_query::SimpleExpr {
        match self {
            Ids::Listed(ids) => column.is_in(ids.clone()),
            Ids::Selected(query) => column.in_subquery(query.clone()),
        }
    }
}

/// The projects whose TwinSpace a person administers, as a statement; none for those who administer nothing.
fn administered_spaces(viewer: &Viewer) -> Option<sea_orm::Select<members::Entity>> {
    access::is_active_teacher(viewer).then(|| {
        members::Entity::find()
            .select_only()
            .column(members::Column::ProjectId)
            .filter(members::Column::AccountId.eq(viewer.id))
            .filter(members::Column::Role.eq(SpaceRole::TeacherAdministrator.as_str()))
    })
}

fn support_scope(viewer: &Viewer) -> (bool, Option<String>) {
    match access::validation_scope(viewer) {
        ValidationScope::Everyone => (true, None),
        ValidationScope::Country(code) => (false, Some(code)),
        ValidationScope::Nobody => (false, None),
    }
}

/// Who sees which reports, over the given columns of reports or of the log. A space administrator sees what
/// concerns pupils' content in their spaces: never what concerns a teacher (a reported teacher could otherwise
/// make an ally administrator to dismiss it), so never themselves, and in the log only actions on content, not
/// sanctions. Reports about teachers are decided by support staff only. A group's moderator sees reports on
/// others' posts in their groups (`group`: the reports' column; the log has none, it is for support staff and
/// space administrators). `spaces` and `groups` are absent for those who administer or moderate none.
struct Scope<'a> {
    viewer: i32,
    everyone: bool,
    country: Option<&'a str>,
    spaces: Option<Ids>,
    groups: Option<Ids>,
}

impl Scope<'_> {
    fn condition<C: ColumnTrait>(&self, countries: C, project: C, subject: C, kind: C, action: Option<C>, group: Option<C>) -> Condition {
        if self.everyone {
            return Condition::all();
        }
        let mut any = Condition::any();
        if let Some(code) = self.country {
            any = any.add(countries.like(format!("%,{code},%")));
        }
        if let Some(spaces) = &self.spaces {
            let mut mine = Condition::all()
                .add(spaces.contain(project))
                .add(subject.ne(self.viewer))
                .add(subject.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(accounts::Column::Id)
                        .from(accounts::Entity)
                        .and_where(accounts::Column::Kind.eq(KIND_PUPIL))
                        .to_owned(),
                ))
                .add(kind.is_in(ReportKind::ALL.into_iter().filter(|k| k.in_space()).map(ReportKind::as_str)));
            if let Some(action) = action {
                mine = mine.add(action.is_in(CONTENT_ACTIONS.map(ModerationAction::as_str)));
            }
            any = any.add(mine);
        }
        let group = group.zip(self.groups.as_ref());
        if let Some((group, groups)) = &group {
            any = any.add(
                Condition::all()
                    .add(groups.contain(*group))
                    .add(subject.ne(self.viewer))
                    .add(kind.is_in(ReportKind::ALL.into_iter().filter(|k| k.in_group()).map(ReportKind::as_str))),
            );
        }
        if self.country.is_none() && self.spaces.is_none() && group.is_none() {
            // Nothing at all: a condition that is never true.
            any = any.add(Expr::cust("1 = 0"));
        }
        any
    }
}

impl Reviewer {
    pub async fn of(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Reviewer, AppError> {
        let (everyone, country) = support_scope(viewer);
        let groups = crate::groups::ssr::moderated_by(db, viewer).await?;
        let spaces = match administered_spaces(viewer) {
            Some(query) => query.into_tuple::<i32>().all(db).await?,
            None => Vec::new(),
        };
        Ok(Reviewer { viewer: viewer.id, everyone, country, spaces, groups })
    }

    pub fn reviews_anything(&self) -> bool {
        self.everyone || self.country.is_some() || !self.spaces.is_empty() || !self.groups.is_empty()
    }

    fn condition<C: ColumnTrait>(&self, countries: C, project: C, subject: C, kind: C, action: Option<C>, group: Option<C>) -> Condition {
        let listed = |ids: &Vec<i32>| (!ids.is_empty()).then(|| Ids::Listed(ids.clone()));
        Scope { viewer: self.viewer, everyone: self.everyone, country: self.country.as_deref(), spaces: listed(&self.spaces), groups: listed(&self.groups) }
            .condition(countries, project, subject, kind, action, group)
    }

    fn reports(&self) -> Condition {
        self.condition(
            reports::Column::Countries,
            reports::Column::ProjectId,
            reports::Column::SubjectAccountId,
            reports::Column::TargetKind,
            None,
            Some(reports::Column::GroupId),
        )
    }

    /// Whether the reviewer is support staff for this report (not only an administrator of its space).
    fn supports(&self, report: &reports::Model) -> bool {
        self.everyone || self.country.as_ref().is_some_and(|code| report.countries.contains(&format!(",{code},")))
    }

    fn covers(&self, report: &reports::Model) -> bool {
        self.supports(report) || self.moderates_group_of(report) || {
            let kind_in_space = ReportKind::parse(&report.target_kind).is_some_and(ReportKind::in_space);
            kind_in_space && report.project_id.is_some_and(|p| self.spaces.contains(&p)) && report.subject_account_id != Some(self.viewer)
        }
    }

    /// The reviewer moderates the group the reported post is in (and did not write it).
    fn moderates_group_of(&self, report: &reports::Model) -> bool {
        ReportKind::parse(&report.target_kind).is_some_and(ReportKind::in_group)
            && report.group_id.is_some_and(|g| self.groups.contains(&g))
            && report.subject_account_id != Some(self.viewer)
    }

    /// A group's moderator who is not support staff for the report: they hide, support staff decide the rest.
    fn only_hides(&self, report: &reports::Model) -> bool {
        !self.supports(report) && self.moderates_group_of(report)
    }
}

/// A person whose account a moderator may act on (warn, suspend, ban, notes): a member (teacher or pupil) of a
/// country in the moderator's validation scope; never themselves, never support staff.
async fn person_in_scope(db: &impl ConnectionTrait, viewer: &Viewer, account: i32) -> Result<accounts::Model, AppError> {
    let scope = access::validation_scope(viewer);
    accounts::Entity::find_by_id(account)
        .one(db)
        .await?
        .filter(|a| a.id != viewer.id && a.platform_role == access::PlatformRole::Member.as_str() && scope.covers(a.country_code.as_deref()))
        .ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------------------------
// What a report is about

/// A reported thing, as the queue shows it and the actions change it.
#[derive(Debug, Clone)]
pub struct Target {
    pub project: Option<i32>,
    pub author: Option<i32>,
    pub hidden: bool,
    /// The whole text (up to `SNAPSHOT_CHARS`), kept with a report as evidence.
    pub text: String,
    pub link: Option<String>,
    /// The group of a group's post.
    pub group: Option<i32>,
    /// The country whose support organisation oversees where it was written besides a project's: a group's
    /// overseer, a learning event's organiser (none: the Central Support Service, who reviews everything).
    pub overseer: Option<String>,
}

/// How much of a reported text a report keeps.
const SNAPSHOT_CHARS: usize = 20_000;

fn full(text: &str) -> String {
    text.chars().take(SNAPSHOT_CHARS).collect()
}

impl Target {
    /// The beginning of the text, as the report page and the queue show it.
    pub fn excerpt(&self) -> String {
        let mut short: String = self.text.chars().take(280).collect();
        if short.len() < self.text.len() {
            short.push('…');
        }
        short
    }
}

/// Loads what a report points at (none: it is gone). `reporter` identifies a contact message: the report's
/// target is the requester, the message the one they sent to the reporter.
pub async fn target(db: &impl ConnectionTrait, kind: ReportKind, id: i32, reporter: i32) -> Result<Option<Target>, AppError> {
    Ok(match kind {
        ReportKind::Post => posts::Entity::find_by_id(id).one(db).await?.map(|r| Target {
            project: Some(r.project_id),
            author: Some(r.author_id),
            hidden: r.hidden_at.is_some(),
            text: full(&r.body),
            link: Some(format!("/projects/{}/space#post-{}", r.project_id, r.id)),
            group: None,
            overseer: None,
        }),
        ReportKind::Comment => match comments::Entity::find_by_id(id).one(db).await? {
            Some(r) => posts::Entity::find_by_id(r.post_id).one(db).await?.map(|post| Target {
                project: Some(post.project_id),
                author: Some(r.author_id),
                hidden: r.hidden_at.is_some(),
                text: full(&r.body),
                link: Some(format!("/projects/{}/space#post-{}", post.project_id, post.id)),
                group: None,
                overseer: None,
            }),
            None => None,
        },
        ReportKind::Page => pages::Entity::find_by_id(id).one(db).await?.map(|r| Target {
            project: Some(r.project_id),
            author: Some(r.author_id),
            hidden: r.hidden_at.is_some(),
            text: full(&format!("{}\n{}", r.title, r.body)),
            link: Some(format!("/projects/{}/space/pages/{}", r.project_id, r.id)),
            group: None,
            overseer: None,
        }),
        ReportKind::Thread => threads::Entity::find_by_id(id).one(db).await?.map(|r| Target {
            project: Some(r.project_id),
            author: Some(r.author_id),
            hidden: r.hidden_at.is_some(),
            text: full(&format!("{}\n{}", r.title, r.body)),
            link: Some(format!("/projects/{}/space/forum/{}", r.project_id, r.id)),
            group: None,
            overseer: None,
        }),
        ReportKind::Reply => match replies::Entity::find_by_id(id).one(db).await? {
            Some(r) => threads::Entity::find_by_id(r.thread_id).one(db).await?.map(|thread| Target {
                project: Some(thread.project_id),
                author: Some(r.author_id),
                hidden: r.hidden_at.is_some(),
                text: full(&r.body),
                link: Some(format!("/projects/{}/space/forum/{}", thread.project_id, thread.id)),
                group: None,
                overseer: None,
            }),
            None => None,
        },
        ReportKind::ChatMessage => chat::Entity::find_by_id(id).one(db).await?.map(|r| Target {
            project: Some(r.project_id),
            author: Some(r.author_id),
            hidden: r.hidden_at.is_some(),
            text: full(&r.body),
            link: Some(format!("/projects/{}/space/chat", r.project_id)),
            group: None,
            overseer: None,
        }),
        ReportKind::Material => materials::Entity::find_by_id(id).one(db).await?.map(|r| Target {
            project: Some(r.project_id),
            author: Some(r.uploader_id),
            hidden: r.hidden_at.is_some(),
            text: r.name.clone(),
            link: Some(format!("/materials/{}", r.id)),
            group: None,
            overseer: None,
        }),
        ReportKind::ContactMessage => crate::teachers::ssr::entity::Entity::find_by_id((id, reporter))
            .one(db)
            .await?
            .and_then(|r| r.message)
            .map(|message| Target { project: None, author: Some(id), hidden: false, text: full(&message), link: None, group: None, overseer: None }),
        ReportKind::PrivateMessage => crate::messages::ssr::reported(db, id).await?.map(|(row, _)| Target {
            project: None,
            author: Some(row.author_id),
            hidden: row.hidden_at.is_some(),
            text: full(&row.body),
            link: None,
            group: None,
            overseer: None,
        }),
        ReportKind::Profile => match accounts::Entity::find_by_id(id).one(db).await? {
            Some(account) => {
                let about = crate::teachers::ssr::interest_entity::Entity::find_by_id(id).one(db).await?.map(|i| i.introduction).unwrap_or_default();
                Some(Target {
                    project: None,
                    author: Some(account.id),
                    hidden: false,
                    text: full(&format!("{}\n{}", account.display_name, about)),
                    link: Some(format!("/teachers/{}", account.id)),
                    group: None,
                    overseer: None,
                })
            }
            None => None,
        },
        ReportKind::Space => projects::Entity::find_by_id(id).one(db).await?.map(|r| Target {
            project: Some(r.id),
            author: r.founder_id,
            hidden: r.hidden_at.is_some(),
            text: full(&format!("{}\n{}", r.title, r.summary)),
            link: Some(format!("/projects/{}", r.id)),
            group: None,
            overseer: None,
        }),
        ReportKind::GroupPost => crate::groups::ssr::reported(db, id).await?.map(|found| Target {
            project: None,
            author: found.author,
            hidden: found.hidden,
            text: full(&found.text),
            link: Some(found.link),
            group: Some(found.group),
            overseer: found.overseen_by,
        }),
        ReportKind::LearningPost => crate::learning_events::ssr::reported(db, id).await?.map(|found| Target {
            project: None,
            author: found.author,
            hidden: found.hidden,
            text: full(&found.text),
            link: Some(found.link),
            group: None,
            overseer: found.organised_by,
        }),
    })
}

/// Whether the viewer can see the thing, through the same functions that show it to them (so hidden, waiting,
/// draft and private things are refused exactly as on their pages).
async fn may_see(db: &impl ConnectionTrait, viewer: &Viewer, kind: ReportKind, id: i32) -> Result<bool, AppError> {
    use crate::twinspace::ssr::seen;
    let ok = |result: Result<(), AppError>| match result {
        Ok(()) => Ok(true),
        Err(AppError::NotFound | AppError::Forbidden) => Ok(false),
        Err(err) => Err(err),
    };
    match kind {
        ReportKind::Post => ok(crate::twinspace::ssr::readable_post(db, viewer, id).await.map(|_| ())),
        ReportKind::Comment => {
            let Some(row) = comments::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
            let post = match crate::twinspace::ssr::readable_post(db, viewer, row.post_id).await {
                Ok(post) => post,
                Err(AppError::NotFound | AppError::Forbidden) => return Ok(false),
                Err(err) => return Err(err),
            };
            let own = row.author_id == viewer.id;
            ok(async {
                let space = guard(db, Some(viewer), post.project_id, SpaceResource::Comment, Act::Read, own).await?;
                seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).map(|_| ()).ok_or(AppError::NotFound)
            }
            .await)
        }
        ReportKind::Page => ok(crate::twinspace::pages::ssr::page(db, Some(viewer), id).await.map(|_| ())),
        ReportKind::Thread => ok(crate::twinspace::forum::ssr::thread(db, viewer, id).await.map(|_| ())),
        ReportKind::Reply => {
            let Some(row) = replies::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
            if !ok(crate::twinspace::forum::ssr::thread(db, viewer, row.thread_id).await.map(|_| ()))? {
                return Ok(false);
            }
            let thread = threads::Entity::find_by_id(row.thread_id).one(db).await?.ok_or(AppError::NotFound)?;
            let own = row.author_id == viewer.id;
            ok(async {
                let space = guard(db, Some(viewer), thread.project_id, SpaceResource::Reply, Act::Read, own).await?;
                seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).map(|_| ()).ok_or(AppError::NotFound)
            }
            .await)
        }
        ReportKind::ChatMessage => {
            let Some(row) = chat::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
            let own = row.author_id == viewer.id;
            ok(async {
                let space = guard(db, Some(viewer), row.project_id, SpaceResource::Chat, Act::Read, own).await?;
                seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, false).map(|_| ()).ok_or(AppError::NotFound)
            }
            .await)
        }
        ReportKind::Material => {
            let Some(row) = materials::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
            let own = row.uploader_id == viewer.id;
            ok(async {
                let space = guard(db, Some(viewer), row.project_id, SpaceResource::Material, Act::Read, own).await?;
                seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, false).map(|_| ()).ok_or(AppError::NotFound)
            }
            .await)
        }
        ReportKind::ContactMessage => Ok(crate::teachers::ssr::entity::Entity::find_by_id((id, viewer.id)).one(db).await?.is_some_and(|r| r.message.is_some())),
        ReportKind::PrivateMessage => crate::messages::ssr::may_read(db, viewer, id).await,
        ReportKind::Profile => Ok(access::may_see_teachers(viewer)
            && id != viewer.id
            && accounts::Entity::find_by_id(id).filter(publicly_visible_teachers()).one(db).await?.is_some()),
        ReportKind::Space => ok(crate::projects::ssr::public_page(db, Some(viewer), id).await.map(|_| ())),
        ReportKind::GroupPost => crate::groups::ssr::may_read_post(db, viewer, id).await,
        ReportKind::LearningPost => crate::learning_events::ssr::may_read_post(db, viewer, id).await,
    }
}

/// The support organisations a report or log line goes to: the founders' countries of a project (those that
/// approved it and oversee it) or the one that oversees a group, and the country of the person concerned (their own
/// teachers and pupils).
async fn countries_of(db: &impl ConnectionTrait, project: Option<i32>, overseer: Option<&str>, subject: Option<i32>) -> Result<String, AppError> {
    let mut codes: Vec<String> = match project {
        Some(project) => approvals::Entity::find()
            .select_only()
            .column(approvals::Column::CountryCode)
            .filter(approvals::Column::ProjectId.eq(project))
            .into_tuple::<String>()
            .all(db)
            .await?,
        None => Vec::new(),
    };
    codes.extend(overseer.map(str::to_owned));
    if let Some(account) = subject {
        codes.extend(accounts::Entity::find_by_id(account).one(db).await?.and_then(|a| a.country_code));
    }
    Ok(country_list(codes))
}

// ---------------------------------------------------------------------------------------------------------
// Reporting

fn free_text(field: &str, raw: &str, required: bool) -> Result<String, AppError> {
    if raw.trim().is_empty() {
        return if required { Err(AppError::invalid(field, Problem::Required)) } else { Ok(String::new()) };
    }
    plain_text(field, raw, MAX_REASON_CHARS)
}

/// What the report page shows: the thing, if the viewer can see it (the same "not found" otherwise).
pub async fn report_target(db: &impl ConnectionTrait, viewer: &Viewer, kind: &str, id: i32) -> Result<super::ReportTarget, AppError> {
    let kind = ReportKind::parse(kind).ok_or(AppError::NotFound)?;
    if !may_see(db, viewer, kind, id).await? {
        return Err(AppError::NotFound);
    }
    let found = target(db, kind, id, viewer.id).await?.ok_or(AppError::NotFound)?;
    let back = match kind {
        ReportKind::ContactMessage => "/contacts".to_owned(),
        ReportKind::PrivateMessage => "/messages".to_owned(),
        // A file's address downloads it; go back to its space's materials instead.
        ReportKind::Material => format!("/projects/{}/space/materials", found.project.unwrap_or_default()),
        _ => found.link.clone().unwrap_or_else(|| "/".to_owned()),
    };
    Ok(super::ReportTarget { kind, id, excerpt: found.excerpt(), back })
}

/// Files a report. Things that do not exist and things the viewer cannot see get the same "not found", so a
/// report never tells whether something exists. One open report per person per item.
pub async fn file(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, kind: &str, target_id: i32, reason: &str, details: &str, base_url: &str) -> Result<i32, AppError> {
    let kind = ReportKind::parse(kind).ok_or(AppError::NotFound)?;
    let reason = ReportReason::parse(reason).ok_or(AppError::invalid("reason", Problem::ChooseReason))?;
    let details = free_text("details", details, reason == ReportReason::Other)?;
    if !may_see(db, viewer, kind, target_id).await? {
        return Err(AppError::NotFound);
    }
    let target = target(db, kind, target_id, viewer.id).await?.ok_or(AppError::NotFound)?;
    let open = reports::Entity::find()
        .filter(reports::Column::ReporterId.eq(viewer.id))
        .filter(reports::Column::TargetKind.eq(kind.as_str()))
        .filter(reports::Column::TargetId.eq(target_id))
        .filter(reports::Column::OpenFlag.eq(true))
        .count(db)
        .await?;
    if open > 0 {
        return Err(AppError::form(Problem::AlreadyReported));
    }
    throttle::hit(db, &format!("report:{}", viewer.id), REPORTS_PER_DAY).await?;
    let countries = countries_of(db, target.project, target.overseer.as_deref(), target.author).await?;
    // The report and its mails together: a failure leaves neither, and the reporter may try again.
    let txn = crate::db::begin(db).await?;
    let inserted = reports::ActiveModel {
        reporter_id: Set(Some(viewer.id)),
        target_kind: Set(kind.as_str().to_owned()),
        target_id: Set(target_id),
        project_id: Set(target.project),
        subject_account_id: Set(target.author),
        countries: Set(countries.clone()),
        reason: Set(reason.as_str().to_owned()),
        details: Set(details),
        status: Set(ReportStatus::Open.as_str().to_owned()),
        open_flag: Set(Some(true)),
        created_at: Set(chrono::Utc::now()),
        content_snapshot: Set(Some(target.text.clone())),
        group_id: Set(target.group),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let report = match inserted {
        Ok(report) => report,
        // The unique index: the same person reported the same item a moment ago.
        Err(err) if crate::db::unique_violation(&err) => return Err(AppError::form(Problem::AlreadyReported)),
        Err(err) => return Err(err.into()),
    };
    mail_reviewers(&txn, &report, base_url).await?;
    txn.commit().await?;
    Ok(report.id)
}

/// Content that a moderator hid, or that has an open report, is evidence: nobody deletes it through the
/// ordinary delete buttons (its author least of all) until the moderators have decided; they may delete it
/// themselves from the queue. The report keeps a copy either way (`content_snapshot`).
pub async fn keep_as_evidence(db: &impl ConnectionTrait, kind: ReportKind, id: i32, hidden: bool) -> Result<(), AppError> {
    keep_all_as_evidence(db, kind, &[id], hidden).await
}

/// `keep_as_evidence` for several items at once (a folder's files), in one query; `any_hidden`: one of them is.
pub async fn keep_all_as_evidence(db: &impl ConnectionTrait, kind: ReportKind, ids: &[i32], any_hidden: bool) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    let reported = reports::Entity::find()
        .filter(reports::Column::TargetKind.eq(kind.as_str()))
        .filter(reports::Column::TargetId.is_in(ids.iter().copied()))
        .filter(reports::Column::OpenFlag.eq(true))
        .count(db)
        .await?;
    if any_hidden || reported > 0 {
        return Err(AppError::form(Problem::UnderReview));
    }
    Ok(())
}

/// Reviewers who asked for it get an e-mail for each new report in their scope (through the outbox).
async fn mail_reviewers(db: &impl ConnectionTrait, report: &reports::Model, base_url: &str) -> Result<(), AppError> {
    let codes: Vec<String> = report.countries.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect();
    let mut who = Condition::any()
        .add(accounts::Column::PlatformRole.is_in([access::PlatformRole::CssModerator.as_str(), access::PlatformRole::Administrator.as_str()]))
        .add(Condition::all().add(accounts::Column::PlatformRole.eq(access::PlatformRole::NsoModerator.as_str())).add(accounts::Column::CountryCode.is_in(codes)));
    // Space administrators review pupils' content only (see `Reviewer::condition`), so only those reports reach them.
    let about_a_pupil = match report.subject_account_id {
        Some(subject) => accounts::Entity::find_by_id(subject).one(db).await?.is_some_and(|a| a.kind == KIND_PUPIL),
        None => false,
    };
    if let (Some(project), true, true) = (report.project_id, ReportKind::parse(&report.target_kind).is_some_and(ReportKind::in_space), about_a_pupil) {
        let admins = members::Entity::find()
            .select_only()
            .column(members::Column::AccountId)
            .filter(members::Column::ProjectId.eq(project))
            .filter(members::Column::Role.eq(SpaceRole::TeacherAdministrator.as_str()))
            .filter(members::Column::AccountId.ne(report.subject_account_id.unwrap_or(0)))
            .into_query();
        who = who.add(accounts::Column::Id.in_subquery(admins));
    }
    // A group's moderators hear of a report on a post there in their notification centre (as of a request to join).
    if let Some(group) = report.group_id.filter(|_| ReportKind::parse(&report.target_kind).is_some_and(ReportKind::in_group)) {
        crate::groups::ssr::tell_moderators_of_report(db, group, report.subject_account_id, report.reporter_id).await?;
    }
    let recipients = accounts::Entity::find()
        .filter(accounts::Column::ReportMail.eq(true))
        .filter(accounts::Column::Status.ne(AccountStatus::Suspended.as_str()))
        .filter(who)
        .all(db)
        .await?;
    for person in recipients {
        let Some(email) = person.email.as_deref() else { continue };
        if Some(person.id) == report.reporter_id {
            continue;
        }
        let locale = person.locale();
        let subject = crate::i18n::td_string!(locale, mail_report_subject).to_string();
        let body = format!("{}\n\n{base_url}/moderation", crate::i18n::td_string!(locale, mail_report_body));
        mail::enqueue(db, email, &subject, &body).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// The queue

pub async fn queue(db: &impl ConnectionTrait, viewer: &Viewer, status: ReportStatus, kind: Option<ReportKind>) -> Result<QueueView, AppError> {
    let reviewer = Reviewer::of(db, viewer).await?;
    if !reviewer.reviews_anything() {
        return Err(AppError::NotFound);
    }
    let mut query = reports::Entity::find().filter(reviewer.reports()).filter(reports::Column::Status.eq(status.as_str()));
    if let Some(kind) = kind {
        query = query.filter(reports::Column::TargetKind.eq(kind.as_str()));
    }
    query = if status == ReportStatus::Open {
        query.order_by_asc(reports::Column::CreatedAt).order_by_asc(reports::Column::Id)
    } else {
        query.order_by_desc(reports::Column::ResolvedAt).order_by_desc(reports::Column::Id)
    };
    let rows = query.limit(QUEUE_PAGE).all(db).await?;
    let open_counts: Vec<(ReportKind, u32)> = reports::Entity::find()
        .select_only()
        .column(reports::Column::TargetKind)
        .column_as(reports::Column::Id.count(), "n")
        .filter(reviewer.reports())
        .filter(reports::Column::Status.eq(ReportStatus::Open.as_str()))
        .group_by(reports::Column::TargetKind)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(kind, n)| ReportKind::parse(&kind).map(|k| (k, n as u32)))
        .collect();
    let items = report_items(db, viewer, &reviewer, rows).await?;
    let report_mail = accounts::Entity::find_by_id(viewer.id).one(db).await?.is_some_and(|a| a.report_mail);
    Ok(QueueView { open_total: open_counts.iter().map(|(_, n)| n).sum(), open_counts, items, status, kind, report_mail })
}

async fn report_items(db: &impl ConnectionTrait, viewer: &Viewer, reviewer: &Reviewer, rows: Vec<reports::Model>) -> Result<Vec<ReportItem>, AppError> {
    let ids: Vec<i32> = rows.iter().flat_map(|r| [r.reporter_id, r.subject_account_id]).flatten().collect();
    let people = names(db, ids).await?;
    let project_ids: Vec<i32> = rows.iter().filter_map(|r| r.project_id).collect();
    let titles: HashMap<i32, String> = projects::Entity::find()
        .select_only()
        .column(projects::Column::Id)
        .column(projects::Column::Title)
        .filter(projects::Column::Id.is_in(project_ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let group_names = crate::groups::ssr::names_of(db, rows.iter().filter_map(|r| r.group_id)).await?;
    let scope = access::validation_scope(viewer);
    let subjects: HashMap<i32, accounts::Model> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(rows.iter().filter_map(|r| r.subject_account_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    // Open reports per reported item, for all the rows at once.
    let open_per_item: HashMap<(String, i32), i64> = reports::Entity::find()
        .select_only()
        .column(reports::Column::TargetKind)
        .column(reports::Column::TargetId)
        .column_as(reports::Column::Id.count(), "n")
        .filter(reports::Column::OpenFlag.eq(true))
        .filter(reports::Column::TargetId.is_in(rows.iter().map(|r| r.target_id).collect::<Vec<_>>()))
        .group_by(reports::Column::TargetKind)
        .group_by(reports::Column::TargetId)
        .into_tuple::<(String, i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(kind, id, n)| ((kind, id), n))
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = ReportKind::parse(&row.target_kind) else { continue };
        let found = target(db, kind, row.target_id, row.reporter_id.unwrap_or(0)).await?;
        let open_here = open_per_item.get(&(row.target_kind.clone(), row.target_id)).copied().unwrap_or(0);
        let other_reports = Ord::max(open_here - i64::from(row.open_flag == Some(true)), 0) as u32;
        let subject = row.subject_account_id.and_then(|id| subjects.get(&id));
        items.push(ReportItem {
            id: row.id,
            kind,
            target_id: row.target_id,
            reason: ReportReason::parse(&row.reason).unwrap_or(ReportReason::Other),
            details: row.details.clone(),
            reporter: row.reporter_id.and_then(|id| people.get(&id).cloned()).unwrap_or_default(),
            created_at: row.created_at,
            status: ReportStatus::parse(&row.status).unwrap_or(ReportStatus::Open),
            project_title: row.project_id.and_then(|p| titles.get(&p).cloned()),
            group_name: row.group_id.and_then(|g| group_names.get(&g).cloned()),
            excerpt: found.as_ref().map(Target::excerpt).unwrap_or_default(),
            link: found.as_ref().and_then(|t| t.link.clone()),
            hidden: found.as_ref().is_some_and(|t| t.hidden),
            gone: found.is_none(),
            snapshot: row.content_snapshot.clone().filter(|kept| found.as_ref().is_none_or(|now| &now.text != kept)),
            subject: subject.map(|a| (a.id, a.display_name.clone())),
            other_reports,
            may_act_on_content: reviewer.covers(&row) && found.is_some(),
            only_hides: reviewer.only_hides(&row),
            may_act_on_person: subject.is_some_and(|a| {
                a.id != viewer.id && a.platform_role == access::PlatformRole::Member.as_str() && scope.covers(a.country_code.as_deref())
            }),
        });
    }
    Ok(items)
}

// ---------------------------------------------------------------------------------------------------------
// Actions

/// What must happen after an action's transaction, outside the database: the open pages of a chat or a
/// private conversation drop a message that was hidden or deleted.
#[derive(Debug, Default)]
pub struct Effect {
    /// (project, chat message)
    pub chat: Option<(i32, i32)>,
    /// (conversation, private message)
    pub conversation: Option<(i32, i32)>,
}

impl Effect {
    /// Runs inside a request (the chat hub comes from the context).
    pub async fn apply(self) {
        if let Some((project, message)) = self.chat {
            if let Some(hub) = leptos::prelude::use_context::<std::sync::Arc<crate::twinspace::chat::ssr::ChatHub>>() {
                hub.publish(project, message).await;
            }
        }
        if let Some((conversation, message)) = self.conversation {
            if let Some(hub) = leptos::prelude::use_context::<std::sync::Arc<crate::messages::ssr::MessageHub>>() {
                hub.publish(conversation, message).await;
            }
        }
    }
}

fn table_of(kind: ReportKind) -> Option<&'static str> {
    Some(match kind {
        ReportKind::Post => "twinboard_posts",
        ReportKind::Comment => "twinboard_comments",
        ReportKind::Page => "space_pages",
        ReportKind::Thread => "forum_threads",
        ReportKind::Reply => "forum_replies",
        ReportKind::ChatMessage => "chat_messages",
        ReportKind::PrivateMessage => "private_messages",
        ReportKind::Material => "materials",
        ReportKind::Space => "projects",
        ReportKind::GroupPost => "group_posts",
        ReportKind::LearningPost => "learning_posts",
        ReportKind::ContactMessage | ReportKind::Profile => return None,
    })
}

/// Hides (with the reason) or restores; false when it already was so.
async fn set_hidden(db: &impl ConnectionTrait, kind: ReportKind, id: i32, hidden: Option<&str>) -> Result<bool, AppError> {
    let table = table_of(kind).ok_or(AppError::Forbidden)?;
    let mut update = Query::update();
    update
        .table(Alias::new(table))
        .value(Alias::new("hidden_at"), hidden.map(|_| chrono::Utc::now()))
        .value(Alias::new("hidden_reason"), hidden.map(str::to_owned))
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .and_where(if hidden.is_some() { Expr::col(Alias::new("hidden_at")).is_null() } else { Expr::col(Alias::new("hidden_at")).is_not_null() });
    Ok(db.execute(&update).await?.rows_affected() == 1)
}

struct LogEntry<'a> {
    action: ModerationAction,
    kind: Option<ReportKind>,
    target: Option<i32>,
    project: Option<i32>,
    subject: Option<i32>,
    countries: String,
    reason: &'a str,
    until: Option<chrono::DateTime<chrono::Utc>>,
}

async fn write_log(db: &impl ConnectionTrait, viewer: &Viewer, entry: LogEntry<'_>) -> Result<(), AppError> {
    log_rows::ActiveModel {
        moderator_id: Set(viewer.id),
        action: Set(entry.action.as_str().to_owned()),
        target_kind: Set(entry.kind.map(|k| k.as_str().to_owned())),
        target_id: Set(entry.target),
        project_id: Set(entry.project),
        subject_account_id: Set(entry.subject),
        countries: Set(entry.countries),
        reason: Set(entry.reason.to_owned()),
        until: Set(entry.until),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A notice to a person about what moderators did, with its line in their notification centre (which links to
/// the notices page, where the details are).
async fn give_notice(
    db: &impl ConnectionTrait,
    account: i32,
    kind: NoticeKind,
    target: Option<(ReportKind, i32)>,
    project: Option<i32>,
    reason: &str,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), AppError> {
    if let Some(person) = accounts::Entity::find_by_id(account).one(db).await? {
        // Warnings, suspensions and bans are always mailed by `sanction`; the rest as the person chose.
        let mail = matches!(kind, NoticeKind::Hidden | NoticeKind::Restored | NoticeKind::Deleted).then(|| {
            let locale = person.locale();
            crate::notifications::ssr::Mail {
                subject: crate::i18n::td_string!(locale, mail_moderation_subject).to_string(),
                body: format!("{}\n\n{reason}", crate::i18n::td_string!(locale, mail_notice_body)),
            }
        });
        crate::notifications::ssr::notify(db, &person, crate::notifications::ssr::Event::Moderation { reason }, "/notices", mail).await?;
    }
    notices_rows::ActiveModel {
        account_id: Set(account),
        kind: Set(kind.as_str().to_owned()),
        target_kind: Set(target.map(|(k, _)| k.as_str().to_owned())),
        target_id: Set(target.map(|(_, id)| id)),
        project_id: Set(project),
        reason: Set(reason.to_owned()),
        until: Set(until),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Closes every open report on an item (decisions are about the item, not one report).
async fn close_reports(db: &impl ConnectionTrait, viewer: &Viewer, kind: &str, target: i32, status: ReportStatus) -> Result<(), AppError> {
    reports::Entity::update_many()
        .col_expr(reports::Column::Status, Expr::value(status.as_str()))
        .col_expr(reports::Column::OpenFlag, Expr::value(Option::<bool>::None))
        .col_expr(reports::Column::ResolvedBy, Expr::value(viewer.id))
        .col_expr(reports::Column::ResolvedAt, Expr::value(chrono::Utc::now()))
        .filter(reports::Column::TargetKind.eq(kind))
        .filter(reports::Column::TargetId.eq(target))
        .filter(reports::Column::OpenFlag.eq(true))
        .exec(db)
        .await?;
    Ok(())
}

/// A moderator's decision on a report. Outside their scope the report does not exist for them.
pub async fn decide(
    db: &(impl ConnectionTrait + TransactionTrait),
    store: &PictureStore,
    viewer: &Viewer,
    report: i32,
    action: &str,
    reason: &str,
    days: Option<&str>,
) -> Result<Effect, AppError> {
    let reviewer = Reviewer::of(db, viewer).await?;
    let report = reports::Entity::find_by_id(report).filter(reviewer.reports()).one(db).await?.ok_or(AppError::NotFound)?;
    let action = ModerationAction::parse(action).ok_or(AppError::invalid("action", Problem::Required))?;
    let kind = ReportKind::parse(&report.target_kind).ok_or(AppError::NotFound)?;
    if action != ModerationAction::Restore && report.status != ReportStatus::Open.as_str() {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    // Undoing a decision is for support staff: a space administrator cannot bring back what an NSO hid.
    if action == ModerationAction::Restore && !reviewer.supports(&report) {
        return Err(AppError::Forbidden);
    }
    // A group's moderator hides; dismissing, deleting and sanctions are for support staff.
    if reviewer.only_hides(&report) && action != ModerationAction::Hide {
        return Err(AppError::Forbidden);
    }
    if action.on_person() {
        let subject = report.subject_account_id.ok_or(AppError::NotFound)?;
        sanction(db, viewer, subject, action, reason, days, Some(&report)).await?;
        return Ok(Effect::default());
    }
    // Those affected read the reason: it is required for what takes content away.
    let reason = free_text("reason", reason, matches!(action, ModerationAction::Hide | ModerationAction::Delete))?;
    let found = target(db, kind, report.target_id, report.reporter_id.unwrap_or(0)).await?;
    let mut effect = Effect::default();
    let mut forget_keys = Vec::new();
    let txn = crate::db::begin(db).await?;
    let project = found.as_ref().and_then(|t| t.project).or(report.project_id);
    let author = found.as_ref().and_then(|t| t.author);
    match action {
        ModerationAction::Dismiss => close_reports(&txn, viewer, &report.target_kind, report.target_id, ReportStatus::Dismissed).await?,
        ModerationAction::Hide | ModerationAction::Restore => {
            found.as_ref().ok_or(AppError::NotFound)?;
            let hide = action == ModerationAction::Hide;
            // Conditional: of two moderators at once, one changes it and the other is told it is decided.
            if !set_hidden(&txn, kind, report.target_id, hide.then_some(reason.as_str())).await? {
                return Err(AppError::form(Problem::AlreadyDecided));
            }
            if hide {
                close_reports(&txn, viewer, &report.target_kind, report.target_id, ReportStatus::Actioned).await?;
            }
            if let Some(author) = author {
                let notice = if hide { NoticeKind::Hidden } else { NoticeKind::Restored };
                give_notice(&txn, author, notice, Some((kind, report.target_id)), project, &reason, None).await?;
            }
            if kind == ReportKind::ChatMessage {
                effect.chat = project.map(|p| (p, report.target_id));
            }
            if kind == ReportKind::PrivateMessage {
                effect.conversation = crate::messages::ssr::reported(&txn, report.target_id).await?.map(|(row, _)| (row.conversation_id, row.id));
            }
        }
        ModerationAction::Delete => {
            found.as_ref().ok_or(AppError::NotFound)?;
            match kind {
                ReportKind::Post => drop(posts::Entity::delete_by_id(report.target_id).exec(&txn).await?),
                ReportKind::Comment => drop(comments::Entity::delete_by_id(report.target_id).exec(&txn).await?),
                ReportKind::Page => drop(pages::Entity::delete_by_id(report.target_id).exec(&txn).await?),
                ReportKind::Thread => drop(threads::Entity::delete_by_id(report.target_id).exec(&txn).await?),
                ReportKind::Reply => drop(replies::Entity::delete_by_id(report.target_id).exec(&txn).await?),
                ReportKind::ChatMessage => {
                    chat::Entity::delete_by_id(report.target_id).exec(&txn).await?;
                    effect.chat = project.map(|p| (p, report.target_id));
                }
                ReportKind::Material => {
                    if let Some(row) = materials::Entity::find_by_id(report.target_id).one(&txn).await? {
                        forget_keys = vec![Some(row.object_key.clone()), row.thumbnail_key.clone()];
                    }
                    materials::Entity::delete_by_id(report.target_id).exec(&txn).await?;
                }
                ReportKind::PrivateMessage => {
                    effect.conversation = crate::messages::ssr::reported(&txn, report.target_id).await?.map(|(row, _)| (row.conversation_id, row.id));
                    crate::messages::ssr::delete(&txn, report.target_id).await?;
                }
                ReportKind::ContactMessage => {
                    crate::teachers::ssr::entity::Entity::update_many()
                        .col_expr(crate::teachers::ssr::entity::Column::Message, Expr::value(Option::<String>::None))
                        .filter(crate::teachers::ssr::entity::Column::RequesterId.eq(report.target_id))
                        .filter(crate::teachers::ssr::entity::Column::AddresseeId.eq(report.reporter_id.unwrap_or(0)))
                        .exec(&txn)
                        .await?;
                }
                ReportKind::GroupPost => crate::groups::ssr::delete_post(&txn, report.target_id).await?,
                ReportKind::LearningPost => crate::learning_events::ssr::delete_post(&txn, report.target_id).await?,
                // A profile is its person (warn, suspend, ban); a project is hidden, not deleted.
                ReportKind::Profile | ReportKind::Space => return Err(AppError::Forbidden),
            }
            close_reports(&txn, viewer, &report.target_kind, report.target_id, ReportStatus::Actioned).await?;
            if let Some(author) = author {
                give_notice(&txn, author, NoticeKind::Deleted, Some((kind, report.target_id)), project, &reason, None).await?;
            }
        }
        _ => return Err(AppError::invalid("action", Problem::Required)),
    }
    write_log(
        &txn,
        viewer,
        LogEntry {
            action,
            kind: Some(kind),
            target: Some(report.target_id),
            project,
            subject: author,
            countries: report.countries.clone(),
            reason: &reason,
            until: None,
        },
    )
    .await?;
    txn.commit().await?;
    forget(store, forget_keys).await;
    Ok(effect)
}

fn suspension_days(days: Option<&str>) -> Result<u32, AppError> {
    days.map(str::trim)
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|d| (1..=MAX_SUSPENSION_DAYS).contains(d))
        .ok_or(AppError::invalid("days", Problem::SuspensionDays { max: MAX_SUSPENSION_DAYS }))
}

/// Warns, suspends for a period, bans, or lifts a suspension. Support staff act on members of their scope.
pub async fn sanction(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    account: i32,
    action: ModerationAction,
    reason: &str,
    days: Option<&str>,
    report: Option<&reports::Model>,
) -> Result<(), AppError> {
    let person = person_in_scope(db, viewer, account).await?;
    let reason = free_text("reason", reason, action != ModerationAction::Lift)?;
    let now = chrono::Utc::now();
    let until = match action {
        ModerationAction::Suspend => Some(now + chrono::TimeDelta::days(i64::from(suspension_days(days)?))),
        _ => None,
    };
    let suspended = person.status == AccountStatus::Suspended.as_str();
    let txn = crate::db::begin(db).await?;
    match action {
        ModerationAction::Warn => {}
        ModerationAction::Suspend | ModerationAction::Ban => {
            if !suspended && person.status != AccountStatus::Validated.as_str() {
                return Err(AppError::form(Problem::AlreadyDecided));
            }
            accounts::Entity::update_many()
                .col_expr(accounts::Column::Status, Expr::value(AccountStatus::Suspended.as_str()))
                .col_expr(accounts::Column::SuspendedUntil, Expr::value(until))
                .filter(accounts::Column::Id.eq(account))
                .exec(&txn)
                .await?;
            crate::accounts::session_store::end_all_sessions(&txn, account).await?;
        }
        ModerationAction::Lift => {
            if !suspended {
                return Err(AppError::form(Problem::AlreadyDecided));
            }
            lift(&txn, account).await?;
        }
        _ => return Err(AppError::invalid("action", Problem::Required)),
    }
    crate::partners::ssr::index::refresh(&txn, account).await?;
    let notice = match action {
        ModerationAction::Warn => Some(NoticeKind::Warned),
        ModerationAction::Suspend => Some(NoticeKind::Suspended),
        ModerationAction::Ban => Some(NoticeKind::Banned),
        _ => None,
    };
    let target = report.and_then(|r| ReportKind::parse(&r.target_kind).map(|k| (k, r.target_id)));
    if let Some(kind) = notice {
        give_notice(&txn, account, kind, target, report.and_then(|r| r.project_id), &reason, until).await?;
        // Someone suspended cannot sign in to read a notice: staff are told by e-mail too.
        if let Some(email) = person.email.as_deref() {
            let locale = person.locale();
            let subject = crate::i18n::td_string!(locale, mail_moderation_subject).to_string();
            let mut body = format!("{}\n\n{reason}", crate::i18n::td_string!(locale, mail_moderation_body));
            if let Some(until) = until {
                body.push_str(&format!("\n\n{} (UTC)", crate::locale::date_time(locale, until)));
            }
            mail::enqueue(&txn, email, &subject, &body).await?;
        }
    }
    if let Some(report) = report {
        close_reports(&txn, viewer, &report.target_kind, report.target_id, ReportStatus::Actioned).await?;
    }
    write_log(
        &txn,
        viewer,
        LogEntry {
            action,
            kind: target.map(|(k, _)| k),
            target: target.map(|(_, id)| id),
            project: report.and_then(|r| r.project_id),
            subject: Some(account),
            countries: country_list(person.country_code.clone()),
            reason: &reason,
            until,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn lift(db: &impl ConnectionTrait, account: i32) -> Result<(), AppError> {
    accounts::Entity::update_many()
        .col_expr(accounts::Column::Status, Expr::value(AccountStatus::Validated.as_str()))
        .col_expr(accounts::Column::SuspendedUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
        .filter(accounts::Column::Id.eq(account))
        .filter(accounts::Column::Status.eq(AccountStatus::Suspended.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the suspensions whose period is over (the server runs it every minute; sign-in runs it for the one
/// account). Returns how many.
pub async fn lift_expired_suspensions(db: &impl ConnectionTrait, only: Option<i32>) -> Result<u64, AppError> {
    let mut query = accounts::Entity::find()
        .select_only()
        .column(accounts::Column::Id)
        .filter(accounts::Column::Status.eq(AccountStatus::Suspended.as_str()))
        .filter(accounts::Column::SuspendedUntil.lte(chrono::Utc::now()));
    if let Some(id) = only {
        query = query.filter(accounts::Column::Id.eq(id));
    }
    let ids: Vec<i32> = query.into_tuple::<i32>().all(db).await?;
    let mut lifted = 0;
    for id in ids {
        // Again in the update: a ban (no end) or a longer suspension decided meanwhile stays.
        let done = accounts::Entity::update_many()
            .col_expr(accounts::Column::Status, Expr::value(AccountStatus::Validated.as_str()))
            .col_expr(accounts::Column::SuspendedUntil, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .filter(accounts::Column::Id.eq(id))
            .filter(accounts::Column::Status.eq(AccountStatus::Suspended.as_str()))
            .filter(accounts::Column::SuspendedUntil.lte(chrono::Utc::now()))
            .exec(db)
            .await?;
        if done.rows_affected == 1 {
            crate::partners::ssr::index::refresh(db, id).await?;
            lifted += 1;
        }
    }
    Ok(lifted)
}

// ---------------------------------------------------------------------------------------------------------
// People, notes, the log

pub async fn add_note(db: &impl ConnectionTrait, viewer: &Viewer, account: i32, body: &str) -> Result<(), AppError> {
    person_in_scope(db, viewer, account).await?;
    notes::ActiveModel {
        subject_account_id: Set(account),
        author_id: Set(viewer.id),
        body: Set(plain_text("body", body, MAX_REASON_CHARS)?),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn person(db: &impl ConnectionTrait, viewer: &Viewer, account: i32) -> Result<PersonRecord, AppError> {
    let person = person_in_scope(db, viewer, account).await?;
    let note_rows = notes::Entity::find()
        .filter(notes::Column::SubjectAccountId.eq(account))
        .order_by_desc(notes::Column::CreatedAt)
        .order_by_desc(notes::Column::Id)
        .all(db)
        .await?;
    let authors = names(db, note_rows.iter().map(|n| n.author_id)).await?;
    let log_rows = log_rows::Entity::find()
        .filter(log_rows::Column::SubjectAccountId.eq(account))
        .order_by_desc(log_rows::Column::Id)
        .limit(LOG_PAGE)
        .all(db)
        .await?;
    Ok(PersonRecord {
        id: person.id,
        pupil: person.kind == KIND_PUPIL,
        country_code: person.country_code.clone(),
        suspended: person.status == AccountStatus::Suspended.as_str(),
        suspended_until: person.suspended_until,
        notes: note_rows
            .into_iter()
            .map(|n| NoteView { author: authors.get(&n.author_id).cloned().unwrap_or_default(), at: n.created_at, body: n.body })
            .collect(),
        log: log_lines(db, log_rows).await?,
        display_name: person.display_name,
    })
}

async fn log_lines(db: &impl ConnectionTrait, rows: Vec<log_rows::Model>) -> Result<Vec<LogLine>, AppError> {
    let ids: Vec<i32> = rows.iter().flat_map(|r| [Some(r.moderator_id), r.subject_account_id]).flatten().collect();
    let people = names(db, ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(LogLine {
                id: r.id,
                at: r.created_at,
                moderator: people.get(&r.moderator_id).cloned().unwrap_or_default(),
                action: ModerationAction::parse(&r.action)?,
                target_kind: r.target_kind.as_deref().and_then(ReportKind::parse),
                target_id: r.target_id,
                subject: r.subject_account_id.and_then(|id| people.get(&id).cloned()),
                reason: r.reason,
                until: r.until,
            })
        })
        .collect())
}

/// The moderation log, newest first, as far as the viewer's scope reaches.
pub async fn log(db: &impl ConnectionTrait, viewer: &Viewer, page: u64) -> Result<Vec<LogLine>, AppError> {
    let reviewer = Reviewer::of(db, viewer).await?;
    if !reviewer.reviews_anything() {
        return Err(AppError::NotFound);
    }
    let rows = log_rows::Entity::find()
        .filter(reviewer.condition(
            log_rows::Column::Countries,
            log_rows::Column::ProjectId,
            log_rows::Column::SubjectAccountId,
            log_rows::Column::TargetKind,
            Some(log_rows::Column::Action),
            None,
        ))
        .order_by_desc(log_rows::Column::Id)
        .offset((page.clamp(1, 10_000) - 1) * LOG_PAGE)
        .limit(LOG_PAGE)
        .all(db)
        .await?;
    log_lines(db, rows).await
}

// ---------------------------------------------------------------------------------------------------------
// Notices and the badge

/// The viewer's notices, newest first; reading them marks them read.
pub async fn notices(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<NoticeView>, AppError> {
    let rows = notices_rows::Entity::find()
        .filter(notices_rows::Column::AccountId.eq(viewer.id))
        .order_by_desc(notices_rows::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    notices_rows::Entity::update_many()
        .col_expr(notices_rows::Column::ReadAt, Expr::value(chrono::Utc::now()))
        .filter(notices_rows::Column::AccountId.eq(viewer.id))
        .filter(notices_rows::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = NoticeKind::parse(&row.kind) else { continue };
        let target_kind = row.target_kind.as_deref().and_then(ReportKind::parse);
        // A link only to what is still there; the target's own page decides what the viewer sees.
        let link = match (target_kind, row.target_id) {
            (Some(k), Some(id)) if kind != NoticeKind::Deleted => target(db, k, id, viewer.id).await?.and_then(|t| t.link),
            _ => None,
        };
        list.push(NoticeView {
            id: row.id,
            kind,
            target_kind,
            reason: row.reason,
            at: row.created_at,
            until: row.until,
            link,
            unread: row.read_at.is_none(),
        });
    }
    Ok(list)
}

/// The header's counters live (`crate::live`): a room is a person, and what it carries is their `Badge`, read
/// afresh when something for them arrives (`BadgeWatch`).
pub type BadgeHub = crate::live::Hub<Badge>;

pub fn badge_hub(db: sea_orm::DatabaseConnection) -> BadgeHub {
    crate::live::Hub::new(
        db,
        "badge",
        Box::new(|db, account, _| {
            Box::pin(async move {
                let viewer = crate::accounts::ssr::viewer_by_id(&db, account).await.ok()??;
                badge(&db, &viewer).await.ok()
            })
        }),
    )
}

/// Where the header's live counters last looked: the newest notification and private message seen. Each server
/// process keeps its own and reads the shared database every few seconds (`changed`), so what any process stores
/// reaches the pages connected to this one, and only once it is committed. (On PostgreSQL a row committed after a
/// newer one was seen is missed here; the page's socket reads the counters again every half minute anyway.)
#[derive(Debug, Clone, Copy)]
pub struct BadgeWatch {
    notification: i32,
    message: i32,
}

impl BadgeWatch {
    /// Rows read at most per look; more wait for the next one.
    const AT_ONCE: u64 = 1000;

    /// From now on: what is stored already is in the counters pages show.
    pub async fn from_now(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        Ok(Self { notification: crate::notifications::ssr::newest_id(db).await?, message: crate::messages::ssr::newest_id(db).await? })
    }

    /// The people who got a notification or a private message since the last look, each once.
    pub async fn changed(&mut self, db: &impl ConnectionTrait) -> Result<Vec<i32>, AppError> {
        let notes = crate::notifications::ssr::recipients_after(db, self.notification, Self::AT_ONCE).await?;
        let messages = crate::messages::ssr::recipients_after(db, self.message, Self::AT_ONCE).await?;
        if let Some(&(id, _)) = notes.last() {
            self.notification = id;
        }
        if let Some(&(id, _)) = messages.last() {
            self.message = id;
        }
        let mut people: Vec<i32> = notes.into_iter().chain(messages).map(|(_, person)| person).collect();
        people.sort_unstable();
        people.dedup();
        Ok(people)
    }
}

/// The header's counters as their one statement answers them.
#[derive(sea_orm::FromQueryResult)]
struct Counters {
    reviews: i64,
    open_reports: i64,
    notifications: i64,
    messages: i64,
}

crate::local_row!(Counters { reviews, open_reports, notifications, messages });

/// The header's counters, in one statement: the page's other resources are read at the same time, and each
/// statement costs a hand-off to the database's worker (SQLite) or a round trip (PostgreSQL). The reports are
/// counted under the same `Scope` as the queue, with the reviewer's spaces and groups read by the statement.
pub async fn badge(db: &sea_orm::DatabaseConnection, viewer: &Viewer) -> Result<Badge, AppError> {
    use sea_orm::sea_query::SimpleExpr;
    let (everyone, country) = support_scope(viewer);
    let spaces = administered_spaces(viewer).map(QueryTrait::into_query);
    let groups = crate::groups::ssr::moderated_by_query(viewer).map(QueryTrait::into_query);
    // Whether the person reviews anything at all (no counter then, not a zero).
    let reviews: SimpleExpr = if everyone || country.is_some() {
        Expr::value(1i64)
    } else {
        let exists = |query: &Option<sea_orm::sea_query::SelectStatement>| query.clone().map(|q| SimpleExpr::from(Expr::exists(q)));
        match (exists(&spaces), exists(&groups)) {
            (None, None) => Expr::value(0i64),
            (Some(one), None) | (None, Some(one)) => Expr::case(one, 1i64).finally(0i64).into(),
            (Some(a), Some(b)) => Expr::case(a.or(b), 1i64).finally(0i64).into(),
        }
    };
    let scope = Scope { viewer: viewer.id, everyone, country: country.as_deref(), spaces: spaces.map(Ids::Selected), groups: groups.map(Ids::Selected) };
    let open_reports = reports::Entity::find()
        .select_only()
        .column_as(reports::Column::Id.count(), "n")
        .filter(scope.condition(
            reports::Column::Countries,
            reports::Column::ProjectId,
            reports::Column::SubjectAccountId,
            reports::Column::TargetKind,
            None,
            Some(reports::Column::GroupId),
        ))
        .filter(reports::Column::OpenFlag.eq(true))
        .into_query();
    let notifications = crate::notifications::ssr::unread_count(viewer).into_query();
    let messages: SimpleExpr = match crate::messages::ssr::unread_count(viewer) {
        Some(count) => Expr::SubQuery(None, Box::new(count.into_query().into())).into(),
        None => Expr::value(0i64),
    };
    let sub = |query: sea_orm::sea_query::SelectStatement| -> SimpleExpr { Expr::SubQuery(None, Box::new(query.into())).into() };
    let statement = Query::select()
        .expr_as(reviews, Alias::new("reviews"))
        .expr_as(sub(open_reports), Alias::new("open_reports"))
        .expr_as(sub(notifications), Alias::new("notifications"))
        .expr_as(messages, Alias::new("messages"))
        .to_owned();
    // Every signed-in page shows these counters: on SQLite read on this thread (`db::local`).
    let statement = db.get_database_backend().build(&statement);
    let row = crate::db::local::one::<Counters>(db, statement).await?.ok_or(AppError::NotFound)?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(Badge {
        open_reports: if row.reviews > 0 { Some(count(row.open_reports)) } else { None },
        unread_notifications: count(row.notifications),
        unread_messages: count(row.messages),
    })
}

pub async fn set_report_mail(db: &impl ConnectionTrait, viewer: &Viewer, on: bool) -> Result<(), AppError> {
    if !Reviewer::of(db, viewer).await?.reviews_anything() {
        return Err(AppError::NotFound);
    }
    accounts::Entity::update_many().col_expr(accounts::Column::ReportMail, Expr::value(on)).filter(accounts::Column::Id.eq(viewer.id)).exec(db).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Pre-moderation of pupils' work

/// A TwinSpace administrator asks (or stops asking) for approval of pupils' posts and replies.
pub async fn set_premoderation(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, on: bool) -> Result<(), AppError> {
    guard(db, Some(viewer), project, SpaceResource::Space, Act::Update, false).await?;
    projects::Entity::update_many().col_expr(projects::Column::PremoderatePupils, Expr::value(on)).filter(projects::Column::Id.eq(project)).exec(db).await?;
    Ok(())
}

/// Pupils' work waiting in a space, oldest first: posts, comments, threads and replies.
pub async fn waiting(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<super::WaitingView, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Post, Act::Read, false).await?;
    if !approves_pupils_work(space.standing) {
        return Err(AppError::NotFound);
    }
    let mut items: Vec<(chrono::DateTime<chrono::Utc>, ReportKind, i32, i32, String, Option<String>)> = Vec::new();
    for r in posts::Entity::find().filter(posts::Column::ProjectId.eq(project)).filter(posts::Column::AwaitingApproval.eq(true)).all(db).await? {
        items.push((r.created_at, ReportKind::Post, r.id, r.author_id, r.body, None));
    }
    let post_ids = posts::Entity::find().select_only().column(posts::Column::Id).filter(posts::Column::ProjectId.eq(project)).into_query();
    for r in comments::Entity::find().filter(comments::Column::PostId.in_subquery(post_ids)).filter(comments::Column::AwaitingApproval.eq(true)).all(db).await? {
        items.push((r.created_at, ReportKind::Comment, r.id, r.author_id, r.body, None));
    }
    for r in threads::Entity::find().filter(threads::Column::ProjectId.eq(project)).filter(threads::Column::AwaitingApproval.eq(true)).all(db).await? {
        items.push((r.created_at, ReportKind::Thread, r.id, r.author_id, r.body, Some(r.title)));
    }
    let thread_rows = threads::Entity::find().filter(threads::Column::ProjectId.eq(project)).all(db).await?;
    let thread_titles: HashMap<i32, String> = thread_rows.iter().map(|t| (t.id, t.title.clone())).collect();
    for r in replies::Entity::find()
        .filter(replies::Column::ThreadId.is_in(thread_titles.keys().copied().collect::<Vec<_>>()))
        .filter(replies::Column::AwaitingApproval.eq(true))
        .all(db)
        .await?
    {
        items.push((r.created_at, ReportKind::Reply, r.id, r.author_id, r.body, thread_titles.get(&r.thread_id).cloned()));
    }
    items.sort_by_key(|(at, _, id, ..)| (*at, *id));
    let authors = names(db, items.iter().map(|i| i.3)).await?;
    Ok(super::WaitingView {
        space: space.overview(),
        items: items
            .into_iter()
            .map(|(at, kind, id, author, body, context)| super::WaitingItem {
                kind,
                id,
                author: authors.get(&author).cloned().unwrap_or_default(),
                body,
                context,
                created_at: at,
            })
            .collect(),
    })
}

/// Approves a pupil's waiting post, comment, thread or reply (it appears for everyone), or declines it (it is
/// deleted). Returns the project.
pub async fn release(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, kind: &str, id: i32, approve: bool) -> Result<i32, AppError> {
    let kind = ReportKind::parse(kind).filter(|k| matches!(k, ReportKind::Post | ReportKind::Comment | ReportKind::Thread | ReportKind::Reply)).ok_or(AppError::NotFound)?;
    let (project, author, waiting, thread) = match kind {
        ReportKind::Post => posts::Entity::find_by_id(id).one(db).await?.map(|r| (r.project_id, r.author_id, r.awaiting_approval, None)),
        ReportKind::Comment => match comments::Entity::find_by_id(id).one(db).await? {
            Some(r) => posts::Entity::find_by_id(r.post_id).one(db).await?.map(|p| (p.project_id, r.author_id, r.awaiting_approval, None)),
            None => None,
        },
        ReportKind::Thread => threads::Entity::find_by_id(id).one(db).await?.map(|r| (r.project_id, r.author_id, r.awaiting_approval, None)),
        _ => match replies::Entity::find_by_id(id).one(db).await? {
            Some(r) => threads::Entity::find_by_id(r.thread_id).one(db).await?.map(|t| (t.project_id, r.author_id, r.awaiting_approval, Some(t.id))),
            None => None,
        },
    }
    .ok_or(AppError::NotFound)?;
    let space = guard(db, Some(viewer), project, SpaceResource::Post, Act::Read, false).await?;
    if !approves_pupils_work(space.standing) || !waiting {
        return Err(AppError::NotFound);
    }
    if space.project.status() != crate::projects::ProjectStatus::Open {
        return Err(AppError::Forbidden);
    }
    let table = table_of(kind).ok_or(AppError::NotFound)?;
    let txn = crate::db::begin(db).await?;
    if approve {
        let mut update = Query::update();
        update.table(Alias::new(table)).value(Alias::new("awaiting_approval"), false).and_where(Expr::col(Alias::new("id")).eq(id));
        txn.execute(&update).await?;
        if let Some(thread) = thread {
            threads::Entity::update_many()
                .col_expr(threads::Column::LastReplyAt, Expr::value(chrono::Utc::now()))
                .filter(threads::Column::Id.eq(thread))
                .exec(&txn)
                .await?;
        }
    } else {
        let mut delete = Query::delete();
        delete.from_table(Alias::new(table)).and_where(Expr::col(Alias::new("id")).eq(id));
        txn.execute(&delete).await?;
    }
    let action = if approve { ModerationAction::Approve } else { ModerationAction::Delete };
    let countries = countries_of(&txn, Some(project), None, Some(author)).await?;
    write_log(&txn, viewer, LogEntry { action, kind: Some(kind), target: Some(id), project: Some(project), subject: Some(author), countries, reason: "", until: None })
        .await?;
    txn.commit().await?;
    Ok(project)
}
