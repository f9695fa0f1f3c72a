//! Server side of groups: entities, who may see, join, read, post and moderate (decided here, through `access`),
//! the directory, proposals and their review, memberships, the forum and pinned resources.
use super::{
    BODY_MAX, DESCRIPTION_MAX, GroupAccess, GroupCard, GroupDirectory, GroupFilter, GroupForm, GroupPerson, GroupPost, GroupStatus, GroupView, Membership,
    NAME_MAX, PinnedResource, THREAD_PAGE, THREADS_SHOWN, TITLE_MAX, ThreadCard, ThreadView,
};
use crate::{
    access::{self, PlatformRole, ValidationScope, Viewer},
    accounts::ssr::entity as accounts,
    error::{AppError, Problem},
    forms::{one_line, paragraphs, plain_text, web_address},
    notifications::ssr::{Event, notify},
    twinspace::ContentMark,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession, TransactionTrait,
    sea_query::{Expr, OnConflict, Query},
};
use std::collections::{HashMap, HashSet};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "groups")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        pub subject: String,
        pub language: String,
        pub country_code: Option<String>,
        pub access: String,
        pub status: String,
        /// The national support organisation that approves and oversees it; none: the Central Support Service.
        pub nso_country: Option<String>,
        pub proposed_by: Option<i32>,
        pub theme_year: Option<i32>,
        pub created_at: DateTimeUtc,
        pub decided_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod member_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub group_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        /// "moderator" or "member".
        pub role: String,
        /// "member", "requested" or "invited".
        pub state: String,
        pub since: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod thread_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_threads")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub group_id: i32,
        pub title: String,
        pub author_id: Option<i32>,
        pub created_at: DateTimeUtc,
        pub last_post_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod post_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_posts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub thread_id: i32,
        pub author_id: Option<i32>,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
        /// Hidden by a moderator (after a report), with the reason its author reads.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
        /// When its author last corrected it.
        pub edited_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod resource_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "group_resources")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub group_id: i32,
        pub title: String,
        pub url: String,
        pub added_by: Option<i32>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity as groups;
use member_entity as members;
use post_entity as posts;
use resource_entity as resources;
use thread_entity as threads;

const MODERATOR: &str = "moderator";
const MEMBER: &str = "member";
const REQUESTED: &str = "requested";
const INVITED: &str = "invited";
/// Pinned resources per group.
pub const RESOURCES_MAX: u32 = 30;

/// Validated teachers and the support services see groups; pupils, teachers waiting for validation and anyone
/// suspended do not.
fn may_see_groups(viewer: &Viewer) -> bool {
    access::may_see_teachers(viewer)
}

/// Teachers join groups and propose them once validated (like contacts and projects).
fn may_join_groups(viewer: &Viewer) -> bool {
    access::may_have_contacts(viewer)
}

/// The support staff who approve a group and oversee it: the national support organisation of the country it
/// was proposed in (the creator's for one of theirs), the Central Support Service and administrators for all.
fn oversees(viewer: &Viewer, group: &groups::Model) -> bool {
    access::validation_scope(viewer).covers(group.nso_country.as_deref())
}

fn membership(row: &members::Model) -> Membership {
    match (row.state.as_str(), row.role.as_str()) {
        (REQUESTED, _) => Membership::Requested,
        (INVITED, _) => Membership::Invited,
        (_, MODERATOR) => Membership::Moderator,
        _ => Membership::Member,
    }
}

/// What the viewer may do in a group: the one answer every function here asks.
struct Standing {
    membership: Option<Membership>,
    overseer: bool,
    approved: bool,
    open: bool,
}

impl Standing {
    fn belongs(&self) -> bool {
        self.membership.is_some_and(Membership::belongs)
    }

    /// The forum, resources and members: an open group's are for every teacher; the others' for members. The
    /// overseers read every group's.
    fn may_read(&self) -> bool {
        self.approved && (self.open || self.belongs() || self.overseer)
    }

    fn may_post(&self) -> bool {
        self.approved && (self.belongs() || self.overseer)
    }

    fn manages(&self) -> bool {
        self.approved && (self.membership == Some(Membership::Moderator) || self.overseer)
    }
}

/// A group the viewer may see (approved ones for everyone who sees groups; a proposal for its proposer and
/// overseers), with where the viewer stands in it. Anything else is not found.
async fn visible(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> Result<(groups::Model, Standing), AppError> {
    if !may_see_groups(viewer) {
        return Err(AppError::NotFound);
    }
    let row = groups::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let overseer = oversees(viewer, &row);
    let approved = row.status == GroupStatus::Approved.as_str();
    if !approved && !overseer && row.proposed_by != Some(viewer.id) {
        return Err(AppError::NotFound);
    }
    let own = members::Entity::find_by_id((id, viewer.id)).one(db).await?;
    let standing = Standing { membership: own.as_ref().map(membership), overseer, approved, open: row.access == GroupAccess::Open.as_str() };
    Ok((row, standing))
}

/// The accounts a group shows as its people: validated teachers (a suspended member is neither listed nor counted
/// nor told of requests, as everywhere else).
fn visible_teachers() -> sea_orm::sea_query::SelectStatement {
    Query::select().column(accounts::Column::Id).from(accounts::Entity).cond_where(access::ssr::publicly_visible_teachers()).to_owned()
}

/// Cards for some groups: two queries whatever their number.
async fn cards(db: &impl ConnectionTrait, viewer: &Viewer, rows: Vec<groups::Model>) -> Result<Vec<GroupCard>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|g| g.id).collect();
    let counts: HashMap<i32, i64> = members::Entity::find()
        .select_only()
        .column(members::Column::GroupId)
        .column_as(members::Column::AccountId.count(), "n")
        .filter(members::Column::GroupId.is_in(ids.clone()))
        .filter(members::Column::State.eq(MEMBER))
        .filter(members::Column::AccountId.in_subquery(visible_teachers()))
        .group_by(members::Column::GroupId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mine: HashMap<i32, Membership> = members::Entity::find()
        .filter(members::Column::GroupId.is_in(ids))
        .filter(members::Column::AccountId.eq(viewer.id))
        .all(db)
        .await?
        .iter()
        .map(|m| (m.group_id, membership(m)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|g| GroupCard {
            id: g.id,
            members: counts.get(&g.id).copied().unwrap_or(0) as u32,
            membership: mine.get(&g.id).copied(),
            access: GroupAccess::parse(&g.access).unwrap_or(GroupAccess::Invitation),
            status: GroupStatus::parse(&g.status).unwrap_or(GroupStatus::Proposed),
            name: g.name,
            subject: g.subject,
            language: g.language,
            country_code: g.country_code,
            theme_year: g.theme_year,
        })
        .collect())
}

fn subject(field: &str, raw: &str) -> Result<String, AppError> {
    let value = raw.trim();
    if crate::teachers::interests::SUBJECTS.contains(&value) { Ok(value.to_owned()) } else { Err(AppError::invalid(field, Problem::ChooseSubject)) }
}

fn language(field: &str, raw: &str) -> Result<String, AppError> {
    let value = raw.trim();
    if crate::teachers::interests::is_language(value) { Ok(value.to_owned()) } else { Err(AppError::invalid(field, Problem::ChooseLanguage)) }
}

fn country(field: &str, raw: &str) -> Result<String, AppError> {
    let value = raw.trim().to_ascii_uppercase();
    if crate::countries::is_known(&value) { Ok(value) } else { Err(AppError::invalid(field, Problem::ChooseCountry)) }
}

/// The directory: approved groups matching the filters (by name, at most 100), the viewer's own groups and
/// invitations, and the proposals the viewer decides.
pub async fn directory(db: &impl ConnectionTrait, viewer: &Viewer, filter: &GroupFilter) -> Result<GroupDirectory, AppError> {
    if !may_see_groups(viewer) {
        return Err(AppError::NotFound);
    }
    let mut found = groups::Entity::find().filter(groups::Column::Status.eq(GroupStatus::Approved.as_str()));
    if !filter.subject.trim().is_empty() {
        found = found.filter(groups::Column::Subject.eq(subject("subject", &filter.subject)?));
    }
    if !filter.language.trim().is_empty() {
        found = found.filter(groups::Column::Language.eq(language("language", &filter.language)?));
    }
    if !filter.country.trim().is_empty() {
        // A group for every country is a group for this one too.
        let code = country("country", &filter.country)?;
        found = found.filter(Condition::any().add(groups::Column::CountryCode.eq(code)).add(groups::Column::CountryCode.is_null()));
    }
    let found = found.order_by_asc(groups::Column::Name).order_by_asc(groups::Column::Id).limit(100).all(db).await?;

    let own = members::Entity::find().filter(members::Column::AccountId.eq(viewer.id)).all(db).await?;
    let invited: HashSet<i32> = own.iter().filter(|m| m.state == INVITED).map(|m| m.group_id).collect();
    let own_ids: Vec<i32> = own.iter().map(|m| m.group_id).collect();
    let own_rows = groups::Entity::find()
        .filter(Condition::any().add(groups::Column::Id.is_in(own_ids)).add(groups::Column::ProposedBy.eq(viewer.id)))
        .order_by_asc(groups::Column::Name)
        .all(db)
        .await?;
    // A proposal is seen by its proposer even before approval; an invitation only to an approved group.
    let (invitations, mine): (Vec<_>, Vec<_>) = own_rows.into_iter().partition(|g| invited.contains(&g.id));
    let invitations = invitations.into_iter().filter(|g| g.status == GroupStatus::Approved.as_str()).collect();

    let proposals = match access::validation_scope(viewer) {
        ValidationScope::Nobody => Vec::new(),
        scope => {
            let mut waiting = groups::Entity::find().filter(groups::Column::Status.eq(GroupStatus::Proposed.as_str()));
            if let ValidationScope::Country(code) = scope {
                waiting = waiting.filter(groups::Column::NsoCountry.eq(code));
            }
            waiting.order_by_asc(groups::Column::CreatedAt).limit(100).all(db).await?
        }
    };
    Ok(GroupDirectory {
        groups: cards(db, viewer, found).await?,
        mine: cards(db, viewer, mine).await?,
        invitations: cards(db, viewer, invitations).await?,
        proposals: cards(db, viewer, proposals).await?,
        may_create: may_create(viewer),
    })
}

fn person(account: &accounts::Model, moderator: bool) -> GroupPerson {
    GroupPerson { account_id: account.id, name: account.display_name.clone(), country_code: account.country_code.clone(), moderator }
}

/// A group's page as the viewer may see it, with the first page of its forum's threads.
pub async fn group(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> Result<GroupView, AppError> {
    group_with_threads_page(db, viewer, id, 1).await
}

/// A group's page as the viewer may see it: its forum, resources and members only for those who may read them;
/// of the forum, one page of threads (`THREADS_SHOWN` a page, latest activity first; far past the end is empty).
pub async fn group_with_threads_page(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, threads_page: u64) -> Result<GroupView, AppError> {
    let threads_page = threads_page.clamp(1, 100_000);
    let (row, standing) = visible(db, viewer, id).await?;
    let proposer = crate::accounts::ssr::by_ids(db, row.proposed_by).await?;
    let proposed_by = row.proposed_by.and_then(|p| proposer.get(&p)).map(|a| a.display_name.clone()).unwrap_or_default();
    let (mut threads_shown, mut resources_shown, mut members_shown, mut requests, mut invitable) = (vec![], vec![], vec![], vec![], vec![]);
    let mut more_threads = false;
    if standing.may_read() {
        let mut rows = threads::Entity::find()
            .filter(threads::Column::GroupId.eq(id))
            .order_by_desc(threads::Column::LastPostAt)
            .order_by_desc(threads::Column::Id)
            .offset((threads_page - 1) * THREADS_SHOWN)
            .limit(THREADS_SHOWN + 1)
            .all(db)
            .await?;
        more_threads = rows.len() as u64 > THREADS_SHOWN;
        rows.truncate(THREADS_SHOWN as usize);
        let counts: HashMap<i32, i64> = posts::Entity::find()
            .select_only()
            .column(posts::Column::ThreadId)
            .column_as(posts::Column::Id.count(), "n")
            .filter(posts::Column::ThreadId.is_in(rows.iter().map(|t| t.id).collect::<Vec<_>>()))
            .group_by(posts::Column::ThreadId)
            .into_tuple::<(i32, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let authors = crate::accounts::ssr::by_ids(db, rows.iter().filter_map(|t| t.author_id)).await?;
        let hidden = hidden_openings(db, rows.iter().map(|t| t.id).collect()).await?;
        threads_shown = rows
            .into_iter()
            .filter(|t| hidden.get(&t.id).is_none_or(|opening| mark(&standing, viewer, opening).is_some()))
            .map(|t| ThreadCard {
                id: t.id,
                author: t.author_id.and_then(|a| authors.get(&a)).map(|a| a.display_name.clone()).unwrap_or_default(),
                replies: counts.get(&t.id).copied().unwrap_or(1).saturating_sub(1) as u32,
                last_post_at: t.last_post_at,
                title: t.title,
            })
            .collect();
        resources_shown = resources::Entity::find()
            .filter(resources::Column::GroupId.eq(id))
            .order_by_asc(resources::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|r| PinnedResource { id: r.id, title: r.title, url: r.url })
            .collect();
        let rows = members::Entity::find().filter(members::Column::GroupId.eq(id)).order_by_asc(members::Column::Since).all(db).await?;
        let people: HashMap<i32, accounts::Model> = accounts::Entity::find()
            .filter(accounts::Column::Id.is_in(rows.iter().map(|m| m.account_id).collect::<Vec<_>>()))
            .filter(access::ssr::publicly_visible_teachers())
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        for m in &rows {
            let Some(account) = people.get(&m.account_id) else { continue };
            match m.state.as_str() {
                MEMBER => members_shown.push(person(account, m.role == MODERATOR)),
                REQUESTED if standing.manages() => requests.push(person(account, false)),
                _ => {}
            }
        }
        if standing.manages() && may_join_groups(viewer) {
            let present: HashSet<i32> = rows.iter().map(|m| m.account_id).collect();
            let contacts: Vec<i32> = crate::teachers::ssr::contact_ids(db, viewer.id).await?.into_iter().filter(|c| !present.contains(c)).collect();
            let contacts = accounts::Entity::find()
                .filter(accounts::Column::Id.is_in(contacts))
                .filter(access::ssr::publicly_visible_teachers())
                .order_by_asc(accounts::Column::DisplayName)
                .limit(200)
                .all(db)
                .await?;
            invitable = contacts.iter().map(|a| person(a, false)).collect();
        }
    }
    let may_join = standing.approved
        && may_join_groups(viewer)
        && match standing.membership {
            None => row.access != GroupAccess::Invitation.as_str(),
            Some(m) => m == Membership::Invited,
        };
    let may_review = standing.overseer && row.status == GroupStatus::Proposed.as_str();
    let description = row.description.clone();
    let card = cards(db, viewer, vec![row]).await?.remove(0);
    Ok(GroupView {
        card,
        description,
        proposed_by,
        may_read: standing.may_read(),
        may_post: standing.may_post(),
        may_join,
        manages: standing.manages(),
        may_review,
        threads: threads_shown,
        threads_page,
        more_threads,
        resources: resources_shown,
        members: members_shown,
        requests,
        invitable,
        invites_by_address: standing.manages() && standing.overseer,
    })
}

/// Creates a group: approved at once when support staff create it (they oversee it), proposed to the teacher's
/// national support organisation when a teacher does (who becomes its first moderator). Every field is checked
/// before anything is stored.
/// Support staff create groups; validated teachers propose them.
pub fn may_create(viewer: &Viewer) -> bool {
    may_see_groups(viewer) && (viewer.role != PlatformRole::Member || may_join_groups(viewer))
}

pub async fn create(db: &impl ConnectionTrait, viewer: &Viewer, form: &GroupForm, now: DateTime<Utc>) -> Result<i32, AppError> {
    let staff = viewer.role != PlatformRole::Member;
    if !may_create(viewer) {
        return Err(AppError::Forbidden);
    }
    let name = one_line("name", &form.name, NAME_MAX)?;
    let description = paragraphs("description", &form.description, DESCRIPTION_MAX)?;
    let subject = subject("subject", &form.subject)?;
    let language = language("language", &form.language)?;
    let country = if form.country.trim().is_empty() { None } else { Some(country("country", &form.country)?) };
    let access = GroupAccess::parse(form.access.trim()).ok_or_else(|| AppError::invalid("access", Problem::ChooseGroupAccess))?;
    let theme_year = crate::annual_theme::ssr::take_up(db, form.annual_theme.as_deref(), now).await?;
    let status = if staff { GroupStatus::Approved } else { GroupStatus::Proposed };
    // Central staff's groups are overseen centrally; a national organisation's and a teacher's by that country's.
    let nso_country = match viewer.role {
        PlatformRole::CssModerator | PlatformRole::Administrator => None,
        _ => viewer.country_code.clone(),
    };
    let row = groups::ActiveModel {
        name: Set(name),
        description: Set(description),
        subject: Set(subject),
        language: Set(language),
        country_code: Set(country),
        access: Set(access.as_str().to_owned()),
        status: Set(status.as_str().to_owned()),
        nso_country: Set(nso_country),
        proposed_by: Set(Some(viewer.id)),
        theme_year: Set(theme_year),
        created_at: Set(now),
        decided_at: Set(staff.then_some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !staff {
        members::ActiveModel {
            group_id: Set(row.id),
            account_id: Set(viewer.id),
            role: Set(MODERATOR.to_owned()),
            state: Set(MEMBER.to_owned()),
            since: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(row.id)
}

/// The overseeing support staff approve or refuse a proposal, once; the proposer hears of it.
pub async fn review(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, approve: bool, now: DateTime<Utc>) -> Result<(), AppError> {
    let (row, standing) = visible(db, viewer, id).await?;
    if !standing.overseer {
        return Err(AppError::Forbidden);
    }
    let status = if approve { GroupStatus::Approved } else { GroupStatus::Refused };
    let decided = groups::Entity::update_many()
        .col_expr(groups::Column::Status, Expr::value(status.as_str()))
        .col_expr(groups::Column::DecidedAt, Expr::value(now))
        .filter(groups::Column::Id.eq(id))
        .filter(groups::Column::Status.eq(GroupStatus::Proposed.as_str()))
        .exec(db)
        .await?;
    if decided.rows_affected == 0 {
        return Err(AppError::invalid("group", Problem::AlreadyDecided));
    }
    if let Some(proposer) = row.proposed_by {
        if let Some(proposer) = accounts::Entity::find_by_id(proposer).one(db).await? {
            let event = if approve { Event::GroupApproved { name: &row.name } } else { Event::GroupRefused { name: &row.name } };
            notify(db, &proposer, event, &format!("/groups/{id}"), None).await?;
        }
    }
    Ok(())
}

/// A group's moderators who may act (validated teachers).
async fn moderators(db: &impl ConnectionTrait, id: i32) -> Result<Vec<accounts::Model>, AppError> {
    let ids: Vec<i32> = members::Entity::find()
        .select_only()
        .column(members::Column::AccountId)
        .filter(members::Column::GroupId.eq(id))
        .filter(members::Column::Role.eq(MODERATOR))
        .filter(members::Column::State.eq(MEMBER))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    Ok(accounts::Entity::find().filter(accounts::Column::Id.is_in(ids)).filter(access::ssr::publicly_visible_teachers()).all(db).await?)
}

/// Adds a membership row unless one exists (a double submit stores one).
async fn add(db: &impl ConnectionTrait, id: i32, account: i32, state: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
    let row = members::ActiveModel { group_id: Set(id), account_id: Set(account), role: Set(MEMBER.to_owned()), state: Set(state.to_owned()), since: Set(now) };
    let inserted = members::Entity::insert(row)
        .on_conflict(OnConflict::columns([members::Column::GroupId, members::Column::AccountId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

async fn set_state(db: &impl ConnectionTrait, id: i32, account: i32, from: &str, to: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
    let changed = members::Entity::update_many()
        .col_expr(members::Column::State, Expr::value(to))
        .col_expr(members::Column::Since, Expr::value(now))
        .filter(members::Column::GroupId.eq(id))
        .filter(members::Column::AccountId.eq(account))
        .filter(members::Column::State.eq(from))
        .exec(db)
        .await?;
    Ok(changed.rows_affected > 0)
}

/// Joins an open group, asks to join one on request (its moderators hear of it), or accepts an invitation.
pub async fn join(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    let (row, standing) = visible(db, viewer, id).await?;
    if !standing.approved || !may_join_groups(viewer) {
        return Err(AppError::Forbidden);
    }
    match standing.membership {
        Some(Membership::Invited) => {
            set_state(db, id, viewer.id, INVITED, MEMBER, now).await?;
        }
        Some(_) => {}
        None => match GroupAccess::parse(&row.access) {
            Some(GroupAccess::Open) => {
                add(db, id, viewer.id, MEMBER, now).await?;
            }
            Some(GroupAccess::Request) => {
                if add(db, id, viewer.id, REQUESTED, now).await? {
                    // Its moderators answer; a group without one (a support service's new group) its creator.
                    let mut answering = moderators(db, id).await?;
                    if answering.is_empty()
                        && let Some(creator) = row.proposed_by
                    {
                        answering.extend(accounts::Entity::find_by_id(creator).one(db).await?);
                    }
                    for person in answering {
                        notify(db, &person, Event::GroupRequest { name: &row.name, from: &viewer.display_name }, &format!("/groups/{id}"), None).await?;
                    }
                }
            }
            _ => return Err(AppError::invalid("group", Problem::GroupByInvitation)),
        },
    }
    Ok(())
}

/// Leaves a group, withdraws a request or declines an invitation. A group's (or a proposal's) last moderator names
/// another first; the group's row is locked meanwhile, so two moderators leaving at once do not both go.
pub async fn leave(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, id: i32) -> Result<(), AppError> {
    let txn = crate::db::begin(db).await?;
    groups::Entity::find_by_id(id).lock_exclusive().one(&txn).await?;
    let (_, standing) = visible(&txn, viewer, id).await?;
    match standing.membership {
        None => return Ok(()),
        Some(Membership::Moderator) if moderators(&txn, id).await?.iter().all(|m| m.id == viewer.id) => {
            return Err(AppError::invalid("group", Problem::LastGroupModerator));
        }
        Some(_) => {}
    }
    members::Entity::delete_by_id((id, viewer.id)).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A moderator (or overseer) accepts or declines a request to join; an accepted teacher hears of it.
pub async fn answer_request(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, account: i32, accept: bool, now: DateTime<Utc>) -> Result<(), AppError> {
    let (row, standing) = visible(db, viewer, id).await?;
    if !standing.manages() {
        return Err(AppError::Forbidden);
    }
    members::Entity::find_by_id((id, account)).one(db).await?.filter(|m| m.state == REQUESTED).ok_or(AppError::NotFound)?;
    if !accept {
        // Only while it is still a request: a member another moderator just accepted stays.
        let removed = members::Entity::delete_many()
            .filter(members::Column::GroupId.eq(id))
            .filter(members::Column::AccountId.eq(account))
            .filter(members::Column::State.eq(REQUESTED))
            .exec(db)
            .await?;
        return if removed.rows_affected > 0 { Ok(()) } else { Err(AppError::NotFound) };
    }
    // A teacher suspended since asking does not come in.
    let person = accounts::Entity::find_by_id(account).filter(access::ssr::publicly_visible_teachers()).one(db).await?.ok_or(AppError::NotFound)?;
    if set_state(db, id, account, REQUESTED, MEMBER, now).await? {
        notify(db, &person, Event::GroupWelcome { name: &row.name }, &format!("/groups/{id}"), None).await?;
    }
    Ok(())
}

/// Whom a moderator invites: a teacher moderator one of their contacts; the support staff who oversee the group (who
/// have no contacts) any validated teacher, by e-mail address, as they know them from validation.
#[derive(Debug, Clone, Copy)]
pub enum Invitee<'a> {
    Contact(i32),
    Address(&'a str),
}

/// A moderator invites a validated teacher; one who had asked to join becomes a member.
pub async fn invite(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, whom: Invitee<'_>, now: DateTime<Utc>) -> Result<(), AppError> {
    let (row, standing) = visible(db, viewer, id).await?;
    if !standing.manages() {
        return Err(AppError::Forbidden);
    }
    let invitee = match whom {
        Invitee::Contact(account) => {
            if account == viewer.id || !crate::teachers::ssr::are_contacts(db, viewer.id, account).await? {
                return Err(AppError::invalid("account", Problem::NotAContact));
            }
            accounts::Entity::find_by_id(account).filter(access::ssr::publicly_visible_teachers()).one(db).await?.ok_or(AppError::NotFound)?
        }
        Invitee::Address(address) => {
            if !standing.overseer {
                return Err(AppError::Forbidden);
            }
            let address = address.trim().to_lowercase();
            accounts::Entity::find()
                .filter(accounts::Column::Email.eq(address))
                .filter(access::ssr::publicly_visible_teachers())
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("email", Problem::NoTeacherWithAddress))?
        }
    };
    let account = invitee.id;
    match members::Entity::find_by_id((id, account)).one(db).await?.map(|m| membership(&m)) {
        Some(Membership::Invited) => Err(AppError::invalid("account", Problem::AlreadyInvited)),
        Some(Membership::Requested) => {
            if set_state(db, id, account, REQUESTED, MEMBER, now).await? {
                notify(db, &invitee, Event::GroupWelcome { name: &row.name }, &format!("/groups/{id}"), None).await?;
            }
            Ok(())
        }
        Some(_) => Err(AppError::invalid("account", Problem::AlreadyMember)),
        None => {
            if add(db, id, account, INVITED, now).await? {
                notify(db, &invitee, Event::GroupInvited { name: &row.name, from: &viewer.display_name }, &format!("/groups/{id}"), None).await?;
            }
            Ok(())
        }
    }
}

/// A moderator makes a member a moderator too.
pub async fn make_moderator(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, account: i32) -> Result<(), AppError> {
    let (_, standing) = visible(db, viewer, id).await?;
    if !standing.manages() {
        return Err(AppError::Forbidden);
    }
    let changed = members::Entity::update_many()
        .col_expr(members::Column::Role, Expr::value(MODERATOR))
        .filter(members::Column::GroupId.eq(id))
        .filter(members::Column::AccountId.eq(account))
        .filter(members::Column::State.eq(MEMBER))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Posting asks for a member (or an overseer); reading what one may not post in is not found when it is not
/// readable either.
fn may_post(standing: &Standing) -> Result<(), AppError> {
    match (standing.may_read(), standing.may_post()) {
        (_, true) => Ok(()),
        (true, false) => Err(AppError::Forbidden),
        (false, false) => Err(AppError::NotFound),
    }
}

/// Starts a thread with its opening post; returns the thread.
pub async fn start_thread(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, title: &str, body: &str, now: DateTime<Utc>) -> Result<i32, AppError> {
    let (_, standing) = visible(db, viewer, id).await?;
    may_post(&standing)?;
    let title = one_line("title", title, TITLE_MAX)?;
    let body = plain_text("body", body, BODY_MAX)?;
    let thread = threads::ActiveModel {
        group_id: Set(id),
        title: Set(title),
        author_id: Set(Some(viewer.id)),
        created_at: Set(now),
        last_post_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    posts::ActiveModel { thread_id: Set(thread.id), author_id: Set(Some(viewer.id)), body: Set(body), created_at: Set(now), ..Default::default() }.insert(db).await?;
    Ok(thread.id)
}

/// Replies in a thread; returns the post.
pub async fn reply(db: &impl ConnectionTrait, viewer: &Viewer, thread: i32, body: &str, now: DateTime<Utc>) -> Result<i32, AppError> {
    if !may_see_groups(viewer) {
        return Err(AppError::NotFound);
    }
    let found = threads::Entity::find_by_id(thread).one(db).await?.ok_or(AppError::NotFound)?;
    let (_, standing) = visible(db, viewer, found.group_id).await?;
    may_post(&standing)?;
    // A thread whose opening post was hidden takes no more replies (and is not there for most).
    if let Some(opening) = hidden_openings(db, vec![thread]).await?.remove(&thread) {
        return Err(if mark(&standing, viewer, &opening).is_some() { AppError::Forbidden } else { AppError::NotFound });
    }
    let body = plain_text("body", body, BODY_MAX)?;
    let post = posts::ActiveModel { thread_id: Set(thread), author_id: Set(Some(viewer.id)), body: Set(body), created_at: Set(now), ..Default::default() }.insert(db).await?;
    threads::ActiveModel { id: Set(thread), last_post_at: Set(now), ..Default::default() }.update(db).await?;
    Ok(post.id)
}

/// The first page of a thread (`thread_page`).
pub async fn thread(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, thread: i32) -> Result<ThreadView, AppError> {
    thread_page(db, viewer, id, thread, 1).await
}

/// A page of a thread's posts (`THREAD_PAGE` a page, oldest first), for those who may read the group's forum. Far
/// past the end is simply empty.
pub async fn thread_page(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, thread: i32, page: u64) -> Result<ThreadView, AppError> {
    let (row, standing) = visible(db, viewer, id).await?;
    if !standing.may_read() {
        return Err(AppError::NotFound);
    }
    let found = threads::Entity::find_by_id(thread).filter(threads::Column::GroupId.eq(id)).one(db).await?.ok_or(AppError::NotFound)?;
    let page = page.clamp(1, 100_000);
    let in_thread = || posts::Entity::find().filter(posts::Column::ThreadId.eq(thread));
    // The opening post speaks for the whole thread, whichever page is read: a thread whose opening post is hidden
    // is hidden with it (its title may be what was reported).
    let mut rows = in_thread().order_by_asc(posts::Column::Id).offset((page - 1) * THREAD_PAGE).limit(THREAD_PAGE + 1).all(db).await?;
    let opening = if page == 1 { rows.first().cloned() } else { in_thread().order_by_asc(posts::Column::Id).one(db).await? };
    if opening.as_ref().is_some_and(|opening| mark(&standing, viewer, opening).is_none()) {
        return Err(AppError::NotFound);
    }
    let more = rows.len() as u64 > THREAD_PAGE;
    rows.truncate(THREAD_PAGE as usize);
    let authors = crate::accounts::ssr::by_ids(db, rows.iter().filter_map(|p| p.author_id)).await?;
    let may_post = standing.may_post() && opening.as_ref().is_none_or(|opening| opening.hidden_at.is_none());
    // Only its author may delete the opening post, and only while nobody else has answered it: asked only then.
    let others_replied = match &opening {
        Some(opening) if opening.author_id == Some(viewer.id) => {
            in_thread()
                .filter(posts::Column::Id.ne(opening.id))
                .filter(Condition::any().add(posts::Column::AuthorId.is_null()).add(posts::Column::AuthorId.ne(viewer.id)))
                .count(db)
                .await?
                > 0
        }
        _ => true,
    };
    let opening = opening.map(|p| p.id);
    Ok(ThreadView {
        group_id: id,
        group_name: row.name,
        id: thread,
        title: found.title,
        may_post,
        page,
        more,
        posts: rows
            .into_iter()
            .filter_map(|p| {
                let mark = mark(&standing, viewer, &p)?;
                Some(GroupPost {
                    id: p.id,
                    author: p.author_id.and_then(|a| authors.get(&a)).map(|a| a.display_name.clone()).unwrap_or_default(),
                    may_report: p.author_id != Some(viewer.id),
                    may_delete: p.author_id == Some(viewer.id) && p.hidden_at.is_none() && (Some(p.id) != opening || !others_replied),
                    may_edit: p.author_id == Some(viewer.id) && p.hidden_at.is_none() && standing.may_post(),
                    edited: p.edited_at.is_some(),
                    body: p.body,
                    at: p.created_at,
                    mark,
                })
            })
            .collect(),
    })
}

/// Its author deletes a post: a reply, or a thread they opened while nobody else has replied in it (others' words
/// are not theirs to remove). A hidden or reported post stays, as evidence, until the moderators decide. Returns
/// the group when the thread went with its opening post.
pub async fn delete_own_post(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, post: i32) -> Result<Option<i32>, AppError> {
    let txn = crate::db::begin(db).await?;
    let db = &txn;
    let row = posts::Entity::find_by_id(post).one(db).await?.ok_or(AppError::NotFound)?;
    // The thread's row locked: a reply arriving meanwhile waits, and is not deleted with a thread nobody had answered.
    let thread = threads::Entity::find_by_id(row.thread_id).lock_exclusive().one(db).await?.ok_or(AppError::NotFound)?;
    let (_, standing) = visible(db, viewer, thread.group_id).await?;
    if !standing.may_read() || mark(&standing, viewer, &row).is_none() {
        return Err(AppError::NotFound);
    }
    if row.author_id != Some(viewer.id) {
        return Err(AppError::Forbidden);
    }
    let all = posts::Entity::find().filter(posts::Column::ThreadId.eq(thread.id)).order_by_asc(posts::Column::Id).all(db).await?;
    let opens = all.first().is_some_and(|first| first.id == post);
    // An opening post takes the thread with all its posts: only while they are all the author's, and none of them
    // may be evidence; a reply goes alone.
    let going: Vec<&posts::Model> = if opens { all.iter().collect() } else { vec![&row] };
    if going.iter().any(|p| p.author_id != Some(viewer.id)) {
        return Err(AppError::Forbidden);
    }
    let ids: Vec<i32> = going.iter().map(|p| p.id).collect();
    crate::moderation::ssr::keep_all_as_evidence(db, crate::moderation::ReportKind::GroupPost, &ids, going.iter().any(|p| p.hidden_at.is_some())).await?;
    if opens {
        threads::Entity::delete_by_id(thread.id).exec(db).await?;
    } else {
        posts::Entity::delete_by_id(post).exec(db).await?;
    }
    txn.commit().await?;
    Ok(opens.then_some(thread.group_id))
}

/// Its author corrects a post, which then says it was edited. Not a hidden one, nor one with an open report: what
/// was reported stays as it was until the moderators decide (as for deleting). Only while the author may still
/// write in the group. Returns the group and the thread, for the page to go back to.
pub async fn edit_own_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32, body: &str, now: DateTime<Utc>) -> Result<(i32, i32), AppError> {
    let row = posts::Entity::find_by_id(post).one(db).await?.ok_or(AppError::NotFound)?;
    let thread = threads::Entity::find_by_id(row.thread_id).one(db).await?.ok_or(AppError::NotFound)?;
    let (_, standing) = visible(db, viewer, thread.group_id).await?;
    if !standing.may_read() || mark(&standing, viewer, &row).is_none() {
        return Err(AppError::NotFound);
    }
    if row.author_id != Some(viewer.id) || !standing.may_post() {
        return Err(AppError::Forbidden);
    }
    crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::GroupPost, post, row.hidden_at.is_some()).await?;
    let body = plain_text("body", body, BODY_MAX)?;
    posts::ActiveModel { id: Set(post), body: Set(body), edited_at: Set(Some(now)), ..Default::default() }.update(db).await?;
    Ok((thread.group_id, thread.id))
}

/// Whether a post is its thread's opening one (the first written).
async fn opens_thread(db: &impl ConnectionTrait, post: &posts::Model) -> Result<bool, AppError> {
    Ok(posts::Entity::find().filter(posts::Column::ThreadId.eq(post.thread_id)).filter(posts::Column::Id.lt(post.id)).count(db).await? == 0)
}

/// How a post stands for the viewer: a hidden one is seen only by its author (who reads why) and by those who
/// manage the group; for everyone else it is not there.
fn mark(standing: &Standing, viewer: &Viewer, post: &posts::Model) -> Option<ContentMark> {
    match &post.hidden_at {
        None => Some(ContentMark::Visible),
        Some(_) if standing.manages() || post.author_id == Some(viewer.id) => Some(ContentMark::Hidden { reason: post.hidden_reason.clone().unwrap_or_default() }),
        Some(_) => None,
    }
}

/// The opening posts of some threads that are hidden: those threads are hidden from whoever does not manage the
/// group (or wrote them).
async fn hidden_openings(db: &impl ConnectionTrait, thread_ids: Vec<i32>) -> Result<HashMap<i32, posts::Model>, AppError> {
    if thread_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let openings: Vec<i32> = posts::Entity::find()
        .select_only()
        .column_as(posts::Column::Id.min(), "id")
        .filter(posts::Column::ThreadId.is_in(thread_ids))
        .group_by(posts::Column::ThreadId)
        .into_tuple::<i32>()
        .all(db)
        .await?;
    Ok(posts::Entity::find()
        .filter(posts::Column::Id.is_in(openings))
        .filter(posts::Column::HiddenAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.thread_id, p))
        .collect())
}

// ---------------------------------------------------------------------------------------------------------
// Reports on group posts (`moderation` files and decides them; the group answers what it knows)

/// The groups a teacher moderates (approved ones, while they are a validated teacher): they review reports there.
pub async fn moderated_by(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<i32>, AppError> {
    match moderated_by_query(viewer) {
        Some(query) => Ok(query.into_tuple::<i32>().all(db).await?),
        None => Ok(Vec::new()),
    }
}

/// The statement behind `moderated_by`, for a caller that reads it inside its own (the header's badge).
pub fn moderated_by_query(viewer: &Viewer) -> Option<sea_orm::Select<members::Entity>> {
    if !may_join_groups(viewer) {
        return None;
    }
    Some(
        members::Entity::find()
            .select_only()
            .column(members::Column::GroupId)
            .filter(members::Column::AccountId.eq(viewer.id))
            .filter(members::Column::Role.eq(MODERATOR))
            .filter(members::Column::State.eq(MEMBER))
            .filter(
                members::Column::GroupId.in_subquery(
                    Query::select().column(groups::Column::Id).from(groups::Entity).and_where(groups::Column::Status.eq(GroupStatus::Approved.as_str())).to_owned(),
                ),
            ),
    )
}

/// A reported post as the moderation queue needs it.
pub struct ReportedPost {
    pub author: Option<i32>,
    pub hidden: bool,
    /// The post, with its thread's title when it opens the thread.
    pub text: String,
    pub link: String,
    pub group: i32,
    /// The country whose support organisation oversees the group (none: the Central Support Service).
    pub overseen_by: Option<String>,
}

pub async fn reported(db: &impl ConnectionTrait, post: i32) -> Result<Option<ReportedPost>, AppError> {
    let Some(row) = posts::Entity::find_by_id(post).one(db).await? else { return Ok(None) };
    let Some(thread) = threads::Entity::find_by_id(row.thread_id).one(db).await? else { return Ok(None) };
    let Some(group) = groups::Entity::find_by_id(thread.group_id).one(db).await? else { return Ok(None) };
    let opens = opens_thread(db, &row).await?;
    let link = post_address(group.id, &row, page_of(db, &row).await?);
    Ok(Some(ReportedPost {
        author: row.author_id,
        hidden: row.hidden_at.is_some(),
        text: if opens { format!("{}\n{}", thread.title, row.body) } else { row.body },
        link,
        group: group.id,
        overseen_by: group.nso_country,
    }))
}

/// The page of its thread a post is on (`thread_page`: oldest first, `THREAD_PAGE` a page).
async fn page_of(db: &impl ConnectionTrait, post: &posts::Model) -> Result<u64, AppError> {
    let before = posts::Entity::find().filter(posts::Column::ThreadId.eq(post.thread_id)).filter(posts::Column::Id.lt(post.id)).count(db).await?;
    Ok(before / THREAD_PAGE + 1)
}

/// The address of a post: its thread's page that holds it, at the post.
fn post_address(group: i32, post: &posts::Model, page: u64) -> String {
    let page = if page > 1 { format!("?page={page}") } else { String::new() };
    format!("/groups/{group}/threads/{}{page}#post-{}", post.thread_id, post.id)
}

/// Where a post just written is read (a reply to a long thread lands on its last page).
pub async fn address_of_post(db: &impl ConnectionTrait, post: i32) -> Result<String, AppError> {
    let row = posts::Entity::find_by_id(post).one(db).await?.ok_or(AppError::NotFound)?;
    let thread = threads::Entity::find_by_id(row.thread_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(post_address(thread.group_id, &row, page_of(db, &row).await?))
}

/// Whether the viewer reads this post where it is (the same answer as the thread's page that holds it gives).
pub async fn may_read_post(db: &impl ConnectionTrait, viewer: &Viewer, post: i32) -> Result<bool, AppError> {
    let Some(row) = posts::Entity::find_by_id(post).one(db).await? else { return Ok(false) };
    let Some(found) = threads::Entity::find_by_id(row.thread_id).one(db).await? else { return Ok(false) };
    match thread_page(db, viewer, found.group_id, found.id, page_of(db, &row).await?).await {
        Ok(view) => Ok(view.posts.iter().any(|p| p.id == post)),
        Err(AppError::NotFound | AppError::Forbidden) => Ok(false),
        Err(err) => Err(err),
    }
}

/// A moderator deletes a reported post; the opening post takes its thread with it.
pub async fn delete_post(db: &impl ConnectionTrait, post: i32) -> Result<(), AppError> {
    let Some(row) = posts::Entity::find_by_id(post).one(db).await? else { return Ok(()) };
    if opens_thread(db, &row).await? {
        threads::Entity::delete_by_id(row.thread_id).exec(db).await?;
    } else {
        posts::Entity::delete_by_id(post).exec(db).await?;
    }
    Ok(())
}

/// Group names by id, for the moderation queue.
pub async fn names_of(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = i32>) -> Result<HashMap<i32, String>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect::<HashSet<_>>().into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(groups::Entity::find()
        .select_only()
        .column(groups::Column::Id)
        .column(groups::Column::Name)
        .filter(groups::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// A group's moderators hear of a report on a post there (not the one who wrote it, nor the one who reported it).
pub async fn tell_moderators_of_report(db: &impl ConnectionTrait, group: i32, author: Option<i32>, reporter: Option<i32>) -> Result<(), AppError> {
    let Some(row) = groups::Entity::find_by_id(group).one(db).await? else { return Ok(()) };
    for person in moderators(db, group).await? {
        if Some(person.id) == author || Some(person.id) == reporter {
            continue;
        }
        notify(db, &person, Event::GroupReport { name: &row.name }, "/moderation", None).await?;
    }
    Ok(())
}

/// A moderator pins a resource: a title and a whole web address (nothing that runs).
pub async fn pin(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, title: &str, url: &str, now: DateTime<Utc>) -> Result<i32, AppError> {
    let (_, standing) = visible(db, viewer, id).await?;
    if !standing.manages() {
        return Err(AppError::Forbidden);
    }
    let title = one_line("title", title, TITLE_MAX)?;
    let url = web_address("url", url, true)?.unwrap_or_default();
    if resources::Entity::find().filter(resources::Column::GroupId.eq(id)).count(db).await? >= RESOURCES_MAX as u64 {
        return Err(AppError::invalid("url", Problem::TooManyLinks { max: RESOURCES_MAX }));
    }
    let row = resources::ActiveModel { group_id: Set(id), title: Set(title), url: Set(url), added_by: Set(Some(viewer.id)), created_at: Set(now), ..Default::default() }
        .insert(db)
        .await?;
    Ok(row.id)
}

pub async fn unpin(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, resource: i32) -> Result<(), AppError> {
    let (_, standing) = visible(db, viewer, id).await?;
    if !standing.manages() {
        return Err(AppError::Forbidden);
    }
    let removed = resources::Entity::delete_many().filter(resources::Column::Id.eq(resource)).filter(resources::Column::GroupId.eq(id)).exec(db).await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
