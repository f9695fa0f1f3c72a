//! Server side of projects: founding, the co-founder's answer, approval by the support organisations, my
//! projects, the directory and public pages. Plain async functions over a connection, tested on SQLite and
//! PostgreSQL.
use super::{
    ApprovalStatus, CountryMembers, DIRECTORY_PAGE_SIZE, DirectoryPage, FoundingForm, MyProject, MyProjects, ProjectCard,
    ProjectStatus, Proposal, PublicProject, SpaceInvitation, plus_rule_holds,
};
use crate::{
    access::{self, ValidationScope, Viewer, ssr::publicly_visible_teachers, twinspace::{SpaceRole, Standing}},
    accounts::{rules, ssr::{KIND_STAFF, entity as accounts}},
    error::{AppError, Problem},
    notifications::ssr::{Event, Mail, notify},
    teachers::{TeacherCard, interests::{self, AGE_RANGES, SUBJECTS}},
    throttle::ssr as throttle,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
    TransactionSession, TransactionTrait, sea_query::{Expr, ExprTrait},
};
use std::collections::{BTreeMap, HashMap};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "projects")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub summary: String,
        pub status: String,
        /// Both founders in one country: allowed, but not eligible for Quality Labels.
        pub national: bool,
        pub created_at: DateTimeUtc,
        pub founder_id: Option<i32>,
        pub cofounder_id: Option<i32>,
        pub cofounder_answered_at: Option<DateTimeUtc>,
        /// Bitmasks over `teachers::interests`' lists.
        pub languages: i64,
        pub age_ranges: i64,
        pub subjects: i64,
        pub pupils_count: i32,
        pub tools: String,
        #[sea_orm(column_type = "Text")]
        pub aims: String,
        #[sea_orm(column_type = "Text")]
        pub work_process: String,
        #[sea_orm(column_type = "Text")]
        pub expected_results: String,
        /// Shown in the directory (the public page stays reachable for members and support staff).
        pub listed: bool,
        /// Teachers' names on the public page (counts per country are always shown).
        pub show_members: bool,
        pub opened_at: Option<DateTimeUtc>,
        pub archived_at: Option<DateTimeUtc>,
        pub closed_at: Option<DateTimeUtc>,
        /// Pupils' posts and replies wait for a teacher's approval.
        pub premoderate_pupils: bool,
        /// Set when a moderator hid the project: out of the directory, no public page.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
        /// A copy of the project's labels, written only by `quality_labels::ssr` when it awards one: the countries
        /// whose support organisation gave a teacher of this project a National Quality Label (",FR,IT,"), and the
        /// year of its European Quality Label.
        pub national_labels: String,
        pub european_label_year: Option<i32>,
        /// The annual theme it took up (the year's).
        pub theme_year: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    // Read by the TwinSpace's guard on every page of a space (`db::local`): every column, or this does not compile.
    crate::local_row!(Model {
        id, title, summary, status, national, created_at, founder_id, cofounder_id, cofounder_answered_at, languages, age_ranges,
        subjects, pupils_count, tools, aims, work_process, expected_results, listed, show_members, opened_at, archived_at,
        closed_at, premoderate_pupils, hidden_at, hidden_reason, national_labels, european_label_year, theme_year,
    });

    impl Model {
        pub fn status(&self) -> crate::projects::ProjectStatus {
            crate::projects::ProjectStatus::parse(&self.status).unwrap_or(crate::projects::ProjectStatus::Closed)
        }
    }
}

pub mod member_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        pub role: String,
        pub joined_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod approval_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_approvals")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub country_code: String,
        pub status: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub reason: Option<String>,
        pub decided_by: Option<i32>,
        pub decided_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod invitation_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "project_invitations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
        pub role: String,
        pub invited_by: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use approval_entity as approvals;
use member_entity as members;

/// Founding is for validated teachers, who are the ones with contacts to found with.
pub const FOUNDINGS_PER_DAY: throttle::Limit = throttle::Limit { max: 20, window: chrono::TimeDelta::days(1) };

fn owned(list: Vec<&str>) -> Vec<String> {
    list.into_iter().map(str::to_owned).collect()
}

/// A ticked list as a bitmask; at least one entry of the list must be ticked.
fn ticked<'a>(field: &str, list: impl IntoIterator<Item = &'a str>, form: &BTreeMap<String, String>) -> Result<i64, AppError> {
    let mask = interests::mask(list, |key| form.contains_key(key));
    if mask == 0 { Err(AppError::invalid(field, Problem::ChooseAtLeastOne)) } else { Ok(mask) }
}

/// The founding form, checked: every field is untrusted.
struct Founding {
    title: String,
    summary: String,
    cofounder: i32,
    languages: i64,
    age_ranges: i64,
    subjects: i64,
    pupils_count: i32,
    tools: String,
    aims: String,
    work_process: String,
    expected_results: String,
}

fn check(form: &FoundingForm) -> Result<Founding, AppError> {
    let title = rules::short_text("title", &form.title, 150, true)?;
    let summary = rules::short_text("summary", &form.summary, 1000, true)?;
    let cofounder = form.cofounder.trim().parse::<i32>().map_err(|_| AppError::invalid("cofounder", Problem::ChooseCofounder))?;
    let languages = ticked("languages", interests::language_keys(), &form.languages)?;
    let age_ranges = ticked("age_ranges", AGE_RANGES.iter().copied(), &form.age_ranges)?;
    let subjects = ticked("subjects", SUBJECTS.iter().copied(), &form.subjects)?;
    let pupils_count = form
        .pupils_count
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=1000).contains(n))
        .ok_or(AppError::invalid("pupils_count", Problem::NumberOfPupils))?;
    Ok(Founding {
        title,
        summary,
        cofounder,
        languages,
        age_ranges,
        subjects,
        pupils_count,
        tools: rules::short_text("tools", &form.tools, 500, false)?,
        aims: rules::short_text("aims", &form.aims, 3000, true)?,
        work_process: rules::short_text("work_process", &form.work_process, 3000, false)?,
        expected_results: rules::short_text("expected_results", &form.expected_results, 3000, false)?,
    })
}

/// A validated teacher founds a project with one of their contacts. It waits for the co-founder's answer, then
/// for the support organisation of each founder's country. The eTwinning Plus rule is checked here, on the
/// founders' countries (and again whenever a teacher joins or leaves the TwinSpace): two founders can satisfy it
/// only if neither is in an eTwinning Plus country, so eTwinning Plus schools join projects founded by two
/// eTwinning countries.
pub async fn found(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    form: &FoundingForm,
    public_url: &str,
) -> Result<i32, AppError> {
    if !access::may_found_projects(viewer) {
        return Err(AppError::NotFound);
    }
    let founding = check(form)?;
    let cofounder = accounts::Entity::find_by_id(founding.cofounder)
        .filter(publicly_visible_teachers())
        .one(db)
        .await?
        .filter(|_| founding.cofounder != viewer.id)
        .ok_or(AppError::invalid("cofounder", Problem::ChooseCofounder))?;
    if !crate::teachers::ssr::are_contacts(db, viewer.id, cofounder.id).await? {
        return Err(AppError::invalid("cofounder", Problem::ChooseCofounder));
    }
    let mine = viewer.country_code.clone().unwrap_or_default();
    let theirs = cofounder.country_code.clone().unwrap_or_default();
    if !plus_rule_holds([mine.as_str(), theirs.as_str()]) {
        return Err(AppError::invalid("cofounder", Problem::PlusNeedsTwoCountries));
    }
    let now = chrono::Utc::now();
    let theme_year = crate::annual_theme::ssr::take_up(db, form.annual_theme.as_deref(), now).await?;
    throttle::hit(db, &format!("found-project:{}", viewer.id), FOUNDINGS_PER_DAY).await?;
    let txn = crate::db::begin(db).await?;
    let project = entity::ActiveModel {
        title: Set(founding.title),
        summary: Set(founding.summary),
        status: Set(ProjectStatus::Proposed.as_str().to_owned()),
        national: Set(mine == theirs),
        created_at: Set(now),
        founder_id: Set(Some(viewer.id)),
        cofounder_id: Set(Some(cofounder.id)),
        cofounder_answered_at: Set(None),
        languages: Set(founding.languages),
        age_ranges: Set(founding.age_ranges),
        subjects: Set(founding.subjects),
        pupils_count: Set(founding.pupils_count),
        tools: Set(founding.tools),
        aims: Set(founding.aims),
        work_process: Set(founding.work_process),
        expected_results: Set(founding.expected_results),
        theme_year: Set(theme_year),
        listed: Set(true),
        show_members: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    add_member(&txn, project.id, viewer.id, SpaceRole::TeacherAdministrator).await?;
    {
        // The co-founder hears of it in their notification centre, and by mail as they chose.
        use crate::i18n::td_string;
        let to = cofounder.locale();
        let body = td_string!(
            to,
            mail_cofound_body,
            name = cofounder.display_name.as_str(),
            from = viewer.display_name.as_str(),
            title = project.title.as_str(),
            url = public_url
        )
        .to_string();
        let mail = Mail { subject: td_string!(to, mail_cofound_subject).to_string(), body };
        notify(&txn, &cofounder, Event::Cofound { from: &viewer.display_name, title: &project.title }, "/projects/mine", Some(mail)).await?;
    }
    txn.commit().await?;
    Ok(project.id)
}

pub async fn add_member(db: &impl ConnectionTrait, project: i32, account: i32, role: SpaceRole) -> Result<(), AppError> {
    members::ActiveModel {
        project_id: Set(project),
        account_id: Set(account),
        role: Set(role.as_str().to_owned()),
        joined_at: Set(chrono::Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The co-founder accepts (the project goes to the support organisations, one approval per founders' country)
/// or declines (the project ends there).
pub async fn answer_cofounding(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, project: i32, accept: bool) -> Result<(), AppError> {
    if !access::may_found_projects(viewer) {
        return Err(AppError::NotFound);
    }
    let txn = crate::db::begin(db).await?;
    let row = entity::Entity::find_by_id(project)
        .filter(entity::Column::CofounderId.eq(viewer.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.status() != ProjectStatus::Proposed || row.cofounder_answered_at.is_some() {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    let founder = match row.founder_id {
        Some(id) => accounts::Entity::find_by_id(id).one(&txn).await?,
        None => None,
    };
    let now = chrono::Utc::now();
    // Only one answer counts, even if two arrive at once.
    let answered = entity::Entity::update_many()
        .col_expr(entity::Column::CofounderAnsweredAt, Expr::value(now))
        .col_expr(
            entity::Column::Status,
            Expr::value(if accept { ProjectStatus::Proposed } else { ProjectStatus::Declined }.as_str()),
        )
        .filter(entity::Column::Id.eq(project))
        .filter(entity::Column::CofounderAnsweredAt.is_null())
        .exec(&txn)
        .await?;
    if answered.rows_affected != 1 {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    if accept {
        add_member(&txn, project, viewer.id, SpaceRole::TeacherAdministrator).await?;
        let mut countries: Vec<String> = founder.as_ref().and_then(|f| f.country_code.clone()).into_iter().chain(viewer.country_code.clone()).collect();
        countries.sort();
        countries.dedup();
        for country in countries {
            approvals::ActiveModel {
                project_id: Set(project),
                country_code: Set(country),
                status: Set(ApprovalStatus::Pending.as_str().to_owned()),
                reason: Set(None),
                decided_by: Set(None),
                decided_at: Set(None),
            }
            .insert(&txn)
            .await?;
        }
    }
    if let Some(founder) = &founder {
        use crate::notifications::ssr::{Event, notify};
        let (from, title) = (viewer.display_name.as_str(), row.title.as_str());
        let answer = if accept { Event::CofoundAccepted { from, title } } else { Event::CofoundDeclined { from, title } };
        notify(&txn, founder, answer, "/projects/mine", None).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Project cards for rows: the countries of the teachers taking part come from one query.
pub async fn cards(db: &impl ConnectionTrait, rows: Vec<entity::Model>) -> Result<Vec<ProjectCard>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|row| row.id).collect();
    let countries = teacher_countries(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| ProjectCard {
            id: row.id,
            status: row.status(),
            countries: countries.get(&row.id).cloned().unwrap_or_default(),
            age_ranges: owned(interests::entries(AGE_RANGES.iter().copied(), row.age_ranges)),
            subjects: owned(interests::entries(SUBJECTS.iter().copied(), row.subjects)),
            national_labels: row.national_labels.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect(),
            european_label: row.european_label_year,
            theme_year: row.theme_year,
            title: row.title,
            summary: row.summary,
            national: row.national,
        })
        .collect())
}

/// The countries of the teachers (never pupils) in each project, in the reference list's order.
pub async fn teacher_countries(db: &impl ConnectionTrait, projects: &[i32]) -> Result<HashMap<i32, Vec<String>>, AppError> {
    if projects.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, Option<String>)> = members::Entity::find()
        .select_only()
        .column(members::Column::ProjectId)
        .column_as(Expr::col((accounts::Entity, accounts::Column::CountryCode)), "country")
        .join(
            sea_orm::JoinType::InnerJoin,
            members::Entity::belongs_to(accounts::Entity).from(members::Column::AccountId).to(accounts::Column::Id).into(),
        )
        .filter(members::Column::ProjectId.is_in(projects.to_vec()))
        .filter(accounts::Column::Kind.eq(KIND_STAFF))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut by_project: HashMap<i32, Vec<String>> = HashMap::new();
    for (project, country) in rows {
        if let Some(country) = country {
            by_project.entry(project).or_default().push(country);
        }
    }
    let order = |code: &String| crate::countries::COUNTRIES.iter().position(|(c, ..)| c == code).unwrap_or(usize::MAX);
    for list in by_project.values_mut() {
        list.sort_by_key(order);
        list.dedup();
    }
    Ok(by_project)
}

/// The project, if the viewer is one of its teachers (teacher administrator or teacher) and may act; not found
/// otherwise. What teachers' applications for a project (labels, prizes) start from.
pub async fn project_of_teacher(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<entity::Model, AppError> {
    if !access::is_active_teacher(viewer) {
        return Err(AppError::NotFound);
    }
    let row = entity::Entity::find_by_id(project).one(db).await?.ok_or(AppError::NotFound)?;
    match standing(db, Some(viewer), &row).await? {
        Standing::Member(SpaceRole::TeacherAdministrator | SpaceRole::Teacher) => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

/// How the viewer stands towards a project: the one input of `access::twinspace::may` that needs the database.
/// Members count only while they may act at all (validated teachers, pupils); support staff by their country.
pub async fn standing(db: &impl ConnectionTrait, viewer: Option<&Viewer>, project: &entity::Model) -> Result<Standing, AppError> {
    let Some(viewer) = viewer else { return Ok(Standing::Outsider) };
    let membership = members::Entity::find_by_id((project.id, viewer.id)).one(db).await?;
    standing_with_role(db, Some(viewer), project, membership.map(|m| m.role).as_deref()).await
}

/// `standing`, when the viewer's role in the project (its `project_members` row, if any) was read with the project.
pub async fn standing_with_role(db: &impl ConnectionTrait, viewer: Option<&Viewer>, project: &entity::Model, role: Option<&str>) -> Result<Standing, AppError> {
    let Some(viewer) = viewer else { return Ok(Standing::Outsider) };
    if let Some(role) = role.and_then(SpaceRole::parse) {
        let may_act = if role.is_pupil() { viewer.kind == access::AccountKind::Pupil } else { access::is_active_teacher(viewer) };
        if may_act {
            return Ok(Standing::Member(role));
        }
    }
    Ok(match access::validation_scope(viewer) {
        ValidationScope::Everyone => Standing::CentralSupport,
        ValidationScope::Country(code) => {
            let of_founders = approvals::Entity::find_by_id((project.id, code)).one(db).await?.is_some();
            if of_founders { Standing::SupportOfFounders } else { Standing::Outsider }
        }
        ValidationScope::Nobody => Standing::Outsider,
    })
}

/// Where each project's approvals stand, for many projects in one query: country, status and any reason.
async fn approvals_of(db: &impl ConnectionTrait, projects: &[i32]) -> Result<HashMap<i32, Vec<(String, ApprovalStatus, Option<String>)>>, AppError> {
    let mut by_project: HashMap<i32, Vec<_>> = HashMap::new();
    for row in approvals::Entity::find()
        .filter(approvals::Column::ProjectId.is_in(projects.to_vec()))
        .order_by_asc(approvals::Column::CountryCode)
        .all(db)
        .await?
    {
        let status = ApprovalStatus::parse(&row.status).unwrap_or(ApprovalStatus::Pending);
        by_project.entry(row.project_id).or_default().push((row.country_code, status, row.reason));
    }
    Ok(by_project)
}

/// The viewer's projects (any state), the proposals waiting for their answer as co-founder, and their
/// invitations into TwinSpaces.
pub async fn mine(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<MyProjects, AppError> {
    let memberships: HashMap<i32, String> = members::Entity::find()
        .filter(members::Column::AccountId.eq(viewer.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.project_id, m.role))
        .collect();
    let pupil = viewer.kind == access::AccountKind::Pupil;
    let mut rows = entity::Entity::find()
        .filter(entity::Column::Id.is_in(memberships.keys().copied().collect::<Vec<_>>()))
        .order_by_desc(entity::Column::CreatedAt)
        .all(db)
        .await?;
    if pupil {
        // Pupils see only TwinSpaces they can enter.
        rows.retain(|row| matches!(row.status(), ProjectStatus::Open | ProjectStatus::Archived));
    }
    let to_answer_rows = if access::may_found_projects(viewer) {
        entity::Entity::find()
            .filter(entity::Column::CofounderId.eq(viewer.id))
            .filter(entity::Column::CofounderAnsweredAt.is_null())
            .filter(entity::Column::Status.eq(ProjectStatus::Proposed.as_str()))
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let names: HashMap<i32, String> = {
        let ids: Vec<i32> = rows.iter().chain(&to_answer_rows).flat_map(|r| [r.founder_id, r.cofounder_id]).flatten().collect();
        accounts::Entity::find().filter(accounts::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|a| (a.id, a.display_name)).collect()
    };
    let mut out = MyProjects { may_found: access::may_found_projects(viewer), ..Default::default() };
    for (list, source) in [(&mut out.projects, rows), (&mut out.to_answer, to_answer_rows)] {
        let waiting: Vec<Option<String>> = source
            .iter()
            .map(|r| {
                (r.status() == ProjectStatus::Proposed && r.cofounder_answered_at.is_none())
                    .then(|| r.cofounder_id.and_then(|id| names.get(&id).cloned()).unwrap_or_default())
            })
            .collect();
        let ids: Vec<i32> = source.iter().map(|r| r.id).collect();
        let mut approvals = if pupil { HashMap::new() } else { approvals_of(db, &ids).await? };
        for ((card, waiting_for_cofounder), id) in cards(db, source).await?.into_iter().zip(waiting).zip(ids) {
            list.push(MyProject {
                card,
                role: memberships.get(&id).cloned(),
                waiting_for_cofounder,
                approvals: approvals.remove(&id).unwrap_or_default(),
            });
        }
    }
    if access::is_active_teacher(viewer) {
        let invitations = invitation_entity::Entity::find().filter(invitation_entity::Column::AccountId.eq(viewer.id)).all(db).await?;
        let projects = entity::Entity::find()
            .filter(entity::Column::Id.is_in(invitations.iter().map(|i| i.project_id).collect::<Vec<_>>()))
            .filter(entity::Column::Status.eq(ProjectStatus::Open.as_str()))
            .all(db)
            .await?;
        let inviters: HashMap<i32, String> = accounts::Entity::find()
            .filter(accounts::Column::Id.is_in(invitations.iter().map(|i| i.invited_by).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.display_name))
            .collect();
        for card in cards(db, projects).await? {
            if let Some(invitation) = invitations.iter().find(|i| i.project_id == card.id) {
                out.invitations.push(SpaceInvitation {
                    project: card,
                    role: invitation.role.clone(),
                    invited_by: inviters.get(&invitation.invited_by).cloned().unwrap_or_default(),
                });
            }
        }
    }
    Ok(out)
}

/// Contacts who could co-found with the viewer.
pub async fn possible_cofounders(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<TeacherCard>, AppError> {
    if !access::may_found_projects(viewer) {
        return Err(AppError::NotFound);
    }
    Ok(crate::teachers::ssr::book(db, viewer).await?.contacts)
}

/// Proposals waiting for the viewer's support organisation (all countries for the Central Support Service),
/// oldest first. Only proposals the co-founder accepted reach the queue.
pub async fn approval_queue(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<Proposal>, AppError> {
    let mut query = approvals::Entity::find().filter(approvals::Column::Status.eq(ApprovalStatus::Pending.as_str()));
    match access::validation_scope(viewer) {
        ValidationScope::Nobody => return Err(AppError::NotFound),
        ValidationScope::Country(code) => query = query.filter(approvals::Column::CountryCode.eq(code)),
        ValidationScope::Everyone => {}
    }
    let pending = query.all(db).await?;
    let rows = entity::Entity::find()
        .filter(entity::Column::Id.is_in(pending.iter().map(|a| a.project_id).collect::<Vec<_>>()))
        .filter(entity::Column::Status.eq(ProjectStatus::Proposed.as_str()))
        .order_by_asc(entity::Column::CreatedAt)
        .order_by_asc(entity::Column::Id)
        .all(db)
        .await?;
    let founders: HashMap<i32, accounts::Model> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(rows.iter().flat_map(|r| [r.founder_id, r.cofounder_id]).flatten().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let details = rows.clone();
    let mut out = Vec::new();
    for (row, card) in details.iter().zip(cards(db, rows).await?) {
        let founders_of: Vec<(String, String)> = [row.founder_id, row.cofounder_id]
            .into_iter()
            .flatten()
            .filter_map(|id| founders.get(&id))
            .map(|a| (a.display_name.clone(), a.country_code.clone().unwrap_or_default()))
            .collect();
        for approval in pending.iter().filter(|a| a.project_id == card.id) {
            out.push(Proposal {
                card: card.clone(),
                country_code: approval.country_code.clone(),
                founders: founders_of.clone(),
                languages: owned(interests::entries(interests::language_keys(), row.languages)),
                pupils_count: row.pupils_count,
                tools: row.tools.clone(),
                aims: row.aims.clone(),
                work_process: row.work_process.clone(),
                expected_results: row.expected_results.clone(),
            });
        }
    }
    Ok(out)
}

/// A support organisation approves or rejects (with a reason the founders read) a proposal from its country.
/// The project opens, and its TwinSpace exists, when the last approval is in; one rejection ends it.
pub async fn decide(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    project: i32,
    country: &str,
    approve: bool,
    reason: &str,
    public_url: &str,
) -> Result<(), AppError> {
    if !access::validation_scope(viewer).covers(Some(country)) {
        return Err(AppError::NotFound);
    }
    let row = approvals::Entity::find_by_id((project, country.to_owned())).one(db).await?.ok_or(AppError::NotFound)?;
    let reason = if approve { String::new() } else { rules::short_text("reason", reason, 1000, true)? };
    if row.status != ApprovalStatus::Pending.as_str() {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    let now = chrono::Utc::now();
    let txn = crate::db::begin(db).await?;
    // Conditional updates: two moderators deciding at once cannot both win, nor decide a finished project.
    let decided = approvals::Entity::update_many()
        .col_expr(approvals::Column::Status, Expr::value(if approve { ApprovalStatus::Approved } else { ApprovalStatus::Rejected }.as_str()))
        .col_expr(approvals::Column::Reason, Expr::value((!approve).then_some(reason.clone())))
        .col_expr(approvals::Column::DecidedBy, Expr::value(viewer.id))
        .col_expr(approvals::Column::DecidedAt, Expr::value(now))
        .filter(approvals::Column::ProjectId.eq(project))
        .filter(approvals::Column::CountryCode.eq(country))
        .filter(approvals::Column::Status.eq(ApprovalStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    let still_proposed = entity::Entity::find_by_id(project)
        .filter(entity::Column::Status.eq(ProjectStatus::Proposed.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if decided.rows_affected != 1 || !still_proposed {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    if !approve {
        entity::Entity::update_many()
            .col_expr(entity::Column::Status, Expr::value(ProjectStatus::Rejected.as_str()))
            .filter(entity::Column::Id.eq(project))
            .filter(entity::Column::Status.eq(ProjectStatus::Proposed.as_str()))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    // Opening runs after the commit, so that of two last approvals given at once, the later one sees both.
    let opened = approve && open_if_approved(db, project).await?;
    if opened || !approve {
        tell_founders(db, project, approve, &reason, public_url).await?;
    }
    Ok(())
}

/// Opens the project if every approval is in. True if this call opened it.
async fn open_if_approved(db: &impl ConnectionTrait, project: i32) -> Result<bool, AppError> {
    let waiting = approvals::Entity::find()
        .filter(approvals::Column::ProjectId.eq(project))
        .filter(approvals::Column::Status.ne(ApprovalStatus::Approved.as_str()))
        .count(db)
        .await?;
    if waiting > 0 {
        return Ok(false);
    }
    let opened = entity::Entity::update_many()
        .col_expr(entity::Column::Status, Expr::value(ProjectStatus::Open.as_str()))
        .col_expr(entity::Column::OpenedAt, Expr::value(chrono::Utc::now()))
        .filter(entity::Column::Id.eq(project))
        .filter(entity::Column::Status.eq(ProjectStatus::Proposed.as_str()))
        .exec(db)
        .await?;
    Ok(opened.rows_affected == 1)
}

async fn tell_founders(db: &impl ConnectionTrait, project: i32, opened: bool, reason: &str, public_url: &str) -> Result<(), AppError> {
    use crate::i18n::td_string;
    let Some(row) = entity::Entity::find_by_id(project).one(db).await? else { return Ok(()) };
    let founders = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in([row.founder_id, row.cofounder_id].into_iter().flatten().collect::<Vec<_>>()))
        .all(db)
        .await?;
    for founder in founders {
        let to = founder.locale();
        let name = founder.display_name.as_str();
        let (subject, body) = if opened {
            (
                td_string!(to, mail_project_open_subject).to_string(),
                td_string!(to, mail_project_open_body, name = name, title = row.title.as_str(), url = public_url, id = project).to_string(),
            )
        } else {
            (
                td_string!(to, mail_project_rejected_subject).to_string(),
                td_string!(to, mail_project_rejected_body, name = name, title = row.title.as_str(), reason = reason).to_string(),
            )
        };
        let (event, link) = if opened {
            (Event::ProjectOpen { title: &row.title }, format!("/projects/{project}/space"))
        } else {
            (Event::ProjectRejected { title: &row.title, reason }, "/projects/mine".to_owned())
        };
        notify(db, &founder, event, &link, Some(Mail { subject, body })).await?;
    }
    Ok(())
}

/// Words of a directory search: letters and digits, lower case; at most 8.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(8).map(|w| w.to_lowercase()).collect()
}

/// The public project directory: approved, listed projects, newest first, with words (every word in the title
/// or summary), a country (a teacher from there takes part) and, if `labelled`, only projects with a Quality Label
/// (national or European).
pub async fn directory(db: &impl ConnectionTrait, text: &str, country: &str, labelled: bool, page: u64) -> Result<DirectoryPage, AppError> {
    let mut query = entity::Entity::find()
        .filter(entity::Column::Status.is_in(ProjectStatus::APPROVED.map(ProjectStatus::as_str)))
        .filter(entity::Column::Listed.eq(true))
        .filter(entity::Column::HiddenAt.is_null());
    if labelled {
        query = query.filter(Condition::any().add(entity::Column::NationalLabels.ne("")).add(entity::Column::EuropeanLabelYear.is_not_null()));
    }
    for word in words(text) {
        // Words are letters and digits only, so LIKE's own characters never reach the pattern.
        let pattern = format!("%{word}%");
        query = query.filter(
            Condition::any()
                .add(Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(entity::Column::Title))).like(pattern.clone()))
                .add(Expr::expr(sea_orm::sea_query::Func::lower(Expr::col(entity::Column::Summary))).like(pattern)),
        );
    }
    let country = country.trim().to_uppercase();
    if !country.is_empty() {
        let with_teacher_there = members::Entity::find()
            .select_only()
            .column(members::Column::ProjectId)
            .join(
                sea_orm::JoinType::InnerJoin,
                members::Entity::belongs_to(accounts::Entity).from(members::Column::AccountId).to(accounts::Column::Id).into(),
            )
            .filter(accounts::Column::Kind.eq(KIND_STAFF))
            .filter(accounts::Column::CountryCode.eq(country))
            .into_query();
        query = query.filter(entity::Column::Id.in_subquery(with_teacher_there));
    }
    let total = query.clone().count(db).await?;
    let pages = Ord::max(total.div_ceil(DIRECTORY_PAGE_SIZE), 1);
    let page = page.clamp(1, pages);
    let rows = query
        .order_by_desc(entity::Column::OpenedAt)
        .order_by_desc(entity::Column::Id)
        .offset((page - 1) * DIRECTORY_PAGE_SIZE)
        .limit(DIRECTORY_PAGE_SIZE)
        .all(db)
        .await?;
    Ok(DirectoryPage { total, page, pages, projects: cards(db, rows).await? })
}

/// The public page of an approved project: anyone may read it if the project is listed; members and the
/// support staff who oversee it may read it anyway. Pupils are never shown; teachers' names only if chosen.
pub async fn public_page(db: &impl ConnectionTrait, viewer: Option<&Viewer>, id: i32) -> Result<PublicProject, AppError> {
    let row = entity::Entity::find_by_id(id).one(db).await?.filter(|row| row.status().approved()).ok_or(AppError::NotFound)?;
    let standing = standing(db, viewer, &row).await?;
    let viewer_is_member = matches!(standing, Standing::Member(_));
    // A project moderators hid has no public face; those inside still see it (with the reason, in the space).
    if (!row.listed || row.hidden_at.is_some()) && standing == Standing::Outsider {
        return Err(AppError::NotFound);
    }
    // Names and counts through the one visibility rule: a suspended or banned teacher is not shown.
    let teachers: Vec<accounts::Model> = accounts::Entity::find()
        .filter(crate::access::ssr::publicly_visible_teachers())
        .filter(
            accounts::Column::Id.in_subquery(
                members::Entity::find()
                    .select_only()
                    .column(members::Column::AccountId)
                    .filter(members::Column::ProjectId.eq(id))
                    .into_query(),
            ),
        )
        .order_by_asc(accounts::Column::DisplayName)
        .all(db)
        .await?;
    let mut by_country: BTreeMap<usize, CountryMembers> = BTreeMap::new();
    for teacher in teachers {
        let code = teacher.country_code.unwrap_or_default();
        let order = crate::countries::COUNTRIES.iter().position(|(c, ..)| *c == code).unwrap_or(usize::MAX);
        let entry = by_country.entry(order).or_insert_with(|| CountryMembers {
            code: code.clone(),
            teachers: 0,
            names: Vec::new(),
        });
        entry.teachers += 1;
        if row.show_members {
            entry.names.push(teacher.display_name);
        }
    }
    let languages = owned(interests::entries(interests::language_keys(), row.languages));
    let show_members = row.show_members;
    let public_pages = crate::twinspace::pages::ssr::public_titles(db, id).await?;
    Ok(PublicProject {
        public_pages,
        card: cards(db, vec![row]).await?.remove(0),
        languages,
        countries: by_country.into_values().collect(),
        show_members,
        viewer_is_member,
    })
}
