//! Server side of Quality Labels: the rules of applying, the assessment by the support organisation of the
//! applicant's country, the European label's queue, and the standing of assessors in a TwinSpace. Plain async
//! functions over a connection, tested on SQLite and PostgreSQL (`app/tests/quality_labels.rs`).
use super::{
    APPLICATIONS_PER_YEAR, ApplicationForm, MAX_EVIDENCE_CHARS, ApplicationToAssess, ApplyView, AssessmentForm, Criterion, EuropeanCandidate, LabelStatus,
    MAX_EVIDENCE, MAX_SCORE, MIN_RUNNING_DAYS, MyApplication, MyEuropeanLabel, MyLabels, Score,
};
use crate::{
    access::{
        self, ValidationScope, Viewer,
        twinspace::{SpaceRole, Standing},
    },
    accounts::{rules, ssr::entity as accounts},
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    i18n::td_string,
    notifications::ssr::{Event, Mail, notify},
    projects::ssr::{self as projects, entity as project_entity, member_entity as members},
    twinspace::{forum::ssr::{reply_entity as replies, thread_entity as threads}, ssr::post_entity as posts},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
    TransactionSession, TransactionTrait, sea_query::Expr,
};
use std::collections::{BTreeMap, HashMap};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "label_applications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub project_id: i32,
        pub applicant_id: i32,
        pub school_id: Option<i32>,
        /// The applicant's country when they applied: its support organisation assesses.
        pub country_code: String,
        pub year: i32,
        pub status: String,
        #[sea_orm(column_type = "Text")]
        pub collaboration: String,
        #[sea_orm(column_type = "Text")]
        pub technology: String,
        #[sea_orm(column_type = "Text")]
        pub pedagogy: String,
        #[sea_orm(column_type = "Text")]
        pub curriculum: String,
        #[sea_orm(column_type = "Text")]
        pub results: String,
        /// Paths into the TwinSpace, one a line.
        #[sea_orm(column_type = "Text")]
        pub evidence: String,
        pub created_at: DateTimeUtc,
        pub decided_by: Option<i32>,
        pub decided_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub reason: Option<String>,
        /// The scores and comments (`Vec<Score>` as JSON).
        #[sea_orm(column_type = "Text", nullable)]
        pub assessment: Option<String>,
        pub certificate: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        pub fn status(&self) -> crate::quality_labels::LabelStatus {
            crate::quality_labels::LabelStatus::parse(&self.status).unwrap_or(crate::quality_labels::LabelStatus::Submitted)
        }
    }
}

pub mod european_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "european_labels")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub project_id: i32,
        pub year: i32,
        pub awarded_by: Option<i32>,
        pub awarded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity as applications;
use european_entity as european;

/// How the viewer stands towards a project's TwinSpace: as `projects::ssr::standing` decides (given the viewer's
/// role there, read with the project), and, for support staff with no other standing there, as assessor while an
/// application from their country waits for them.
pub async fn standing(db: &impl ConnectionTrait, viewer: Option<&Viewer>, project: &project_entity::Model, role: Option<&str>) -> Result<Standing, AppError> {
    let standing = projects::standing_with_role(db, viewer, project, role).await?;
    if standing != Standing::Outsider {
        return Ok(standing);
    }
    let Some(ValidationScope::Country(code)) = viewer.map(access::validation_scope) else { return Ok(standing) };
    let waiting = applications::Entity::find()
        .filter(applications::Column::ProjectId.eq(project.id))
        .filter(applications::Column::CountryCode.eq(code))
        .filter(applications::Column::Status.eq(LabelStatus::Submitted.as_str()))
        .count(db)
        .await?;
    Ok(if waiting > 0 { Standing::Assessor } else { standing })
}

/// The projects a person takes part in: nobody judges their own (assessors, the Central Support Service, jurors).
pub async fn own_projects(db: &impl ConnectionTrait, account: i32) -> Result<Vec<i32>, AppError> {
    Ok(members::Entity::find().filter(members::Column::AccountId.eq(account)).all(db).await?.into_iter().map(|m| m.project_id).collect())
}

/// Whether pupils took part: a pupil of the project wrote on its Twinboard or in its forum.
async fn pupils_took_part(db: &impl ConnectionTrait, project: i32) -> Result<bool, AppError> {
    let pupils_here = || {
        members::Entity::find()
            .select_only()
            .column(members::Column::AccountId)
            .filter(members::Column::ProjectId.eq(project))
            .filter(members::Column::Role.is_in([SpaceRole::Pupil.as_str(), SpaceRole::PupilAdministrator.as_str()]))
            .into_query()
    };
    // Only work that counts: not hidden by a moderator, not waiting for a teacher's approval.
    let posted = posts::Entity::find()
        .filter(posts::Column::ProjectId.eq(project))
        .filter(posts::Column::HiddenAt.is_null())
        .filter(posts::Column::AwaitingApproval.eq(false))
        .filter(posts::Column::AuthorId.in_subquery(pupils_here()))
        .count(db)
        .await?;
    if posted > 0 {
        return Ok(true);
    }
    let threads_here = threads::Entity::find().select_only().column(threads::Column::Id).filter(threads::Column::ProjectId.eq(project)).into_query();
    let replied = replies::Entity::find()
        .filter(replies::Column::ThreadId.in_subquery(threads_here))
        .filter(replies::Column::HiddenAt.is_null())
        .filter(replies::Column::AwaitingApproval.eq(false))
        .filter(replies::Column::AuthorId.in_subquery(pupils_here()))
        .count(db)
        .await?;
    Ok(replied > 0)
}

async fn applied_this_year(db: &impl ConnectionTrait, viewer: i32, year: i32) -> Result<u64, AppError> {
    Ok(applications::Entity::find()
        .filter(applications::Column::ApplicantId.eq(viewer))
        .filter(applications::Column::Year.eq(year))
        .count(db)
        .await?)
}

/// Why the viewer may not apply for this project this year, if they may not. The rules, in the order a teacher
/// would want to hear them.
async fn obstacle(db: &impl ConnectionTrait, viewer: &Viewer, project: &project_entity::Model, year: i32) -> Result<Option<Problem>, AppError> {
    if !project.status().approved() || project.hidden_at.is_some() {
        return Ok(Some(Problem::LabelProjectNotRunning));
    }
    if project.national {
        return Ok(Some(Problem::LabelNationalProject));
    }
    let opened = project.opened_at.unwrap_or_else(chrono::Utc::now);
    if chrono::Utc::now() - opened < chrono::TimeDelta::days(MIN_RUNNING_DAYS) {
        return Ok(Some(Problem::LabelTooEarly { days: MIN_RUNNING_DAYS as u32 }));
    }
    if !pupils_took_part(db, project.id).await? {
        return Ok(Some(Problem::LabelNoPupils));
    }
    let already = applications::Entity::find()
        .filter(applications::Column::ProjectId.eq(project.id))
        .filter(applications::Column::ApplicantId.eq(viewer.id))
        .filter(applications::Column::Year.eq(year))
        .count(db)
        .await?;
    if already > 0 {
        return Ok(Some(Problem::LabelAlreadyApplied));
    }
    if applied_this_year(db, viewer.id, year).await? >= APPLICATIONS_PER_YEAR {
        return Ok(Some(Problem::LabelYearlyLimit { max: APPLICATIONS_PER_YEAR as u32 }));
    }
    Ok(None)
}

/// What the application page shows: whether the viewer may apply, and places of the TwinSpace to link to.
pub async fn apply_view(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<ApplyView, AppError> {
    let row = projects::project_of_teacher(db, viewer, project).await?;
    let year = crate::db::this_year();
    let blocked = obstacle(db, viewer, &row, year).await?;
    let used = applied_this_year(db, viewer.id, year).await?;
    let base = format!("/projects/{project}/space");
    let mut suggestions = vec![
        ("Twinboard".to_owned(), base.clone()),
        ("Forum".to_owned(), format!("{base}/forum")),
        ("Materials".to_owned(), format!("{base}/materials")),
    ];
    for (page, title) in crate::twinspace::pages::ssr::published_titles(db, project).await? {
        suggestions.push((title, format!("{base}/pages/{page}")));
    }
    Ok(ApplyView {
        project_id: row.id,
        project_title: row.title,
        year,
        blocked,
        remaining: APPLICATIONS_PER_YEAR.saturating_sub(used),
        suggestions,
    })
}

/// The evidence links, checked: each a path into this project's TwinSpace (the site's own address in front is
/// accepted and dropped), at least one, at most `MAX_EVIDENCE`.
pub fn evidence_paths(raw: &str, project: i32, public_url: &str) -> Result<Vec<String>, AppError> {
    // Bounded before any work: 20 links of at most 300 characters fit well within it.
    if raw.chars().count() > MAX_EVIDENCE_CHARS {
        return Err(AppError::invalid("evidence", Problem::TooLong { max: MAX_EVIDENCE_CHARS as u32 }));
    }
    let base = format!("/projects/{project}/space");
    let origin = public_url.trim_end_matches('/');
    let mut paths: Vec<String> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let path = line.strip_prefix(origin).filter(|_| !origin.is_empty()).unwrap_or(line);
        let inside = path == base || path.strip_prefix(&base).is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'));
        // No way back out of the space: no "." or ".." segments, written plainly or percent-encoded.
        let climbs = path.split(['/', '?']).any(|segment| segment == "." || segment == "..") || path.to_ascii_lowercase().contains("%2e");
        if !inside || climbs || path.chars().count() > 300 || !crate::forms::is_same_site_path(path) {
            return Err(AppError::invalid("evidence", Problem::EvidenceOutsideSpace));
        }
        if !paths.iter().any(|p| p == path) {
            if paths.len() == MAX_EVIDENCE {
                return Err(AppError::invalid("evidence", Problem::TooManyLinks { max: MAX_EVIDENCE as u32 }));
            }
            paths.push(path.to_owned());
        }
    }
    if paths.is_empty() {
        return Err(AppError::invalid("evidence", Problem::Required));
    }
    Ok(paths)
}

/// A teacher of the project applies for a National Quality Label. The support organisation of the teacher's
/// country is told by its queue; the teacher hears the answer by mail.
pub async fn apply(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    project: i32,
    form: &ApplicationForm,
    public_url: &str,
) -> Result<i32, AppError> {
    let row = projects::project_of_teacher(db, viewer, project).await?;
    let mut answers = BTreeMap::new();
    for criterion in Criterion::ANSWERED {
        answers.insert(criterion, rules::short_text(criterion.as_str(), form.answer(criterion), 3000, true)?);
    }
    let evidence = evidence_paths(&form.evidence, project, public_url)?;
    let year = crate::db::this_year();
    let txn = crate::db::begin(db).await?;
    // The applicant's row is locked (PostgreSQL; SQLite has one writer at a time), so that two applications at
    // once cannot both be the fourth of the year.
    let applicant = accounts::Entity::find_by_id(viewer.id).lock_exclusive().one(&txn).await?.ok_or(AppError::NotFound)?;
    if let Some(problem) = obstacle(&txn, viewer, &row, year).await? {
        return Err(AppError::form(problem));
    }
    let country = applicant.country_code.clone().ok_or(AppError::NotFound)?;
    let answer = |c: Criterion| answers.get(&c).cloned().unwrap_or_default();
    let inserted = applications::ActiveModel {
        project_id: Set(project),
        applicant_id: Set(viewer.id),
        school_id: Set(applicant.school_id),
        country_code: Set(country),
        year: Set(year),
        status: Set(LabelStatus::Submitted.as_str().to_owned()),
        collaboration: Set(answer(Criterion::Collaboration)),
        technology: Set(answer(Criterion::Technology)),
        pedagogy: Set(answer(Criterion::Pedagogy)),
        curriculum: Set(answer(Criterion::Curriculum)),
        results: Set(answer(Criterion::Results)),
        evidence: Set(evidence.join("\n")),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let inserted = match inserted {
        Ok(row) => row,
        // The unique index: the same application sent twice at once.
        Err(err) if crate::db::unique_violation(&err) => {
            return Err(AppError::form(Problem::LabelAlreadyApplied));
        }
        Err(err) => return Err(err.into()),
    };
    txn.commit().await?;
    Ok(inserted.id)
}

fn scores_of(row: &applications::Model) -> Vec<Score> {
    row.assessment.as_deref().and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
}

/// The viewer's own applications, with their scores and comments once decided, and their European labels.
pub async fn mine(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<MyLabels, AppError> {
    if !access::is_active_teacher(viewer) {
        return Err(AppError::NotFound);
    }
    let rows = applications::Entity::find()
        .filter(applications::Column::ApplicantId.eq(viewer.id))
        .order_by_desc(applications::Column::Year)
        .order_by_desc(applications::Column::Id)
        .all(db)
        .await?;
    let certificates = certificates::entity::Entity::find()
        .filter(certificates::entity::Column::AccountId.eq(viewer.id))
        .filter(certificates::entity::Column::Kind.eq(CertificateKind::EuropeanQualityLabel.as_str()))
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|r| r.project_id).chain(certificates.iter().filter_map(|c| c.project_id)).collect();
    let titles: HashMap<i32, String> =
        project_entity::Entity::find().filter(project_entity::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|p| (p.id, p.title)).collect();
    let year = crate::db::this_year();
    let used = rows.iter().filter(|r| r.year == year).count() as u64;
    let prizes = certificates::held_by(db, viewer.id).await?.into_iter().filter(|c| c.kind == CertificateKind::EuropeanPrize).collect();
    Ok(MyLabels {
        prizes,
        applications: rows
            .into_iter()
            .map(|row| {
                let status = row.status();
                MyApplication {
                    id: row.id,
                    project_id: row.project_id,
                    project_title: titles.get(&row.project_id).cloned().unwrap_or_default(),
                    year: row.year,
                    scores: if status == LabelStatus::Submitted { Vec::new() } else { scores_of(&row) },
                    country_code: row.country_code,
                    status,
                    reason: row.reason,
                    certificate: row.certificate,
                }
            })
            .collect(),
        european: certificates
            .into_iter()
            .map(|c| MyEuropeanLabel {
                project_id: c.project_id.unwrap_or_default(),
                project_title: c.project_id.and_then(|id| titles.get(&id).cloned()).unwrap_or(c.project_title),
                year: c.year,
                certificate: c.code,
            })
            .collect(),
        year,
        remaining: APPLICATIONS_PER_YEAR.saturating_sub(used),
    })
}

/// The applications waiting for the viewer's support organisation (every country for the Central Support
/// Service), oldest first.
pub async fn queue(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<ApplicationToAssess>, AppError> {
    let mut query = applications::Entity::find().filter(applications::Column::Status.eq(LabelStatus::Submitted.as_str()));
    match access::validation_scope(viewer) {
        ValidationScope::Nobody => return Err(AppError::NotFound),
        ValidationScope::Country(code) => query = query.filter(applications::Column::CountryCode.eq(code)),
        ValidationScope::Everyone => {}
    }
    let own = own_projects(db, viewer.id).await?;
    let rows = query
        .filter(applications::Column::ProjectId.is_not_in(own))
        .order_by_asc(applications::Column::CreatedAt)
        .order_by_asc(applications::Column::Id)
        .all(db)
        .await?;
    let people: HashMap<i32, accounts::Model> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(rows.iter().map(|r| r.applicant_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let schools: HashMap<i32, String> = crate::schools::ssr::entity::Entity::find()
        .filter(crate::schools::ssr::entity::Column::Id.is_in(rows.iter().filter_map(|r| r.school_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let titles: HashMap<i32, String> = project_entity::Entity::find()
        .filter(project_entity::Column::Id.is_in(rows.iter().map(|r| r.project_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| ApplicationToAssess {
            id: row.id,
            project_id: row.project_id,
            project_title: titles.get(&row.project_id).cloned().unwrap_or_default(),
            applicant: people.get(&row.applicant_id).map(|a| a.display_name.clone()).unwrap_or_default(),
            school: row.school_id.and_then(|id| schools.get(&id).cloned()),
            answers: vec![
                (Criterion::Collaboration, row.collaboration.clone()),
                (Criterion::Technology, row.technology.clone()),
                (Criterion::Pedagogy, row.pedagogy.clone()),
                (Criterion::Curriculum, row.curriculum.clone()),
                (Criterion::Results, row.results.clone()),
            ],
            evidence: row.evidence.lines().map(str::to_owned).collect(),
            country_code: row.country_code,
            year: row.year,
        })
        .collect())
}

/// The assessment form, checked: a score from 1 to `MAX_SCORE` for every criterion, comments of at most 1,000
/// characters; to award, the minimum scores; to refuse, a reason.
fn check_assessment(form: &AssessmentForm, award: bool) -> Result<(Vec<Score>, String), AppError> {
    let mut scores = Vec::new();
    for criterion in Criterion::SCORED {
        let field = criterion.as_str();
        let score = form
            .scores
            .get(field)
            .and_then(|s| s.trim().parse::<i32>().ok())
            .filter(|s| (1..=MAX_SCORE).contains(s))
            .ok_or(AppError::invalid(format!("score_{field}"), Problem::ChooseScore { max: MAX_SCORE as u32 }))?;
        let comment = rules::short_text(&format!("comment_{field}"), form.comments.get(field).map(String::as_str).unwrap_or(""), 1000, false)?;
        if award && criterion.minimum().is_some_and(|min| score < min) {
            return Err(AppError::invalid(format!("score_{field}"), Problem::BelowMinimumScore { min: super::MINIMUM_SCORE as u32 }));
        }
        scores.push(Score { criterion, score, comment });
    }
    let reason = if award { String::new() } else { rules::short_text("reason", &form.reason, 1000, true)? };
    Ok((scores, reason))
}

/// The support organisation of the applicant's country scores an application and awards or refuses the label.
/// An award issues the certificate and adds the country to the project's labels; the teacher is told in their
/// language either way.
pub async fn assess(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    application: i32,
    award: bool,
    form: &AssessmentForm,
    public_url: &str,
) -> Result<(), AppError> {
    let row = applications::Entity::find_by_id(application).one(db).await?.ok_or(AppError::NotFound)?;
    if !access::validation_scope(viewer).covers(Some(&row.country_code)) || own_projects(db, viewer.id).await?.contains(&row.project_id) {
        return Err(AppError::NotFound);
    }
    let (scores, reason) = check_assessment(form, award)?;
    if row.status() != LabelStatus::Submitted {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    let project = project_entity::Entity::find_by_id(row.project_id).one(db).await?.ok_or(AppError::NotFound)?;
    let applicant = accounts::Entity::find_by_id(row.applicant_id).one(db).await?.ok_or(AppError::NotFound)?;
    let txn = crate::db::begin(db).await?;
    let status = if award { LabelStatus::Awarded } else { LabelStatus::Refused };
    // Conditional: of two assessors deciding at once, one wins.
    let decided = applications::Entity::update_many()
        .col_expr(applications::Column::Status, Expr::value(status.as_str()))
        .col_expr(applications::Column::DecidedBy, Expr::value(viewer.id))
        .col_expr(applications::Column::DecidedAt, Expr::value(chrono::Utc::now()))
        .col_expr(applications::Column::Reason, Expr::value((!award).then_some(reason.clone())))
        .col_expr(applications::Column::Assessment, Expr::value(serde_json::to_string(&scores).unwrap_or_default()))
        .filter(applications::Column::Id.eq(application))
        .filter(applications::Column::Status.eq(LabelStatus::Submitted.as_str()))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    let locale = applicant.locale();
    let (subject, body) = if award {
        let code = certificates::issue(
            &txn,
            CertificateKind::NationalQualityLabel,
            &applicant,
            Some((project.id, &project.title)),
            row.year,
            Some(&row.country_code),
        )
        .await?;
        applications::Entity::update_many()
            .col_expr(applications::Column::Certificate, Expr::value(code.clone()))
            .filter(applications::Column::Id.eq(application))
            .exec(&txn)
            .await?;
        copy_labels_to_project(&txn, project.id).await?;
        (
            td_string!(locale, mail_label_awarded_subject).to_string(),
            td_string!(
                locale,
                mail_label_awarded_body,
                name = applicant.display_name.as_str(),
                title = project.title.as_str(),
                year = row.year,
                url = public_url
            )
            .to_string(),
        )
    } else {
        (
            td_string!(locale, mail_label_refused_subject).to_string(),
            td_string!(
                locale,
                mail_label_refused_body,
                name = applicant.display_name.as_str(),
                title = project.title.as_str(),
                reason = reason.as_str(),
                url = public_url
            )
            .to_string(),
        )
    };
    let event = if award {
        Event::LabelAwarded { title: &project.title, year: row.year }
    } else {
        Event::LabelRefused { title: &project.title, reason: &reason }
    };
    notify(&txn, &applicant, event, "/labels/mine", Some(Mail { subject, body })).await?;
    txn.commit().await?;
    Ok(())
}

/// Brings the project's copy of its labels (`projects.national_labels`, `european_label_year`) in line with the
/// awards: the one place that writes it.
pub async fn copy_labels_to_project(db: &impl ConnectionTrait, project: i32) -> Result<(), AppError> {
    let mut countries: Vec<String> = applications::Entity::find()
        .select_only()
        .column(applications::Column::CountryCode)
        .filter(applications::Column::ProjectId.eq(project))
        .filter(applications::Column::Status.eq(LabelStatus::Awarded.as_str()))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let order = |code: &String| crate::countries::COUNTRIES.iter().position(|(c, ..)| c == code).unwrap_or(usize::MAX);
    countries.sort_by_key(order);
    let european = european::Entity::find_by_id(project).one(db).await?.map(|e| e.year);
    project_entity::Entity::update_many()
        .col_expr(project_entity::Column::NationalLabels, Expr::value(countries.join(",")))
        .col_expr(project_entity::Column::EuropeanLabelYear, Expr::value(european))
        .filter(project_entity::Column::Id.eq(project))
        .exec(db)
        .await?;
    Ok(())
}

/// Who decides European Quality Labels: the Central Support Service (and administrators).
fn awards_european(viewer: &Viewer) -> bool {
    access::validation_scope(viewer) == ValidationScope::Everyone
}

/// National labels awarded, by project, for projects without a European label yet.
async fn national_holders(db: &impl ConnectionTrait, projects: Option<&[i32]>) -> Result<BTreeMap<i32, Vec<applications::Model>>, AppError> {
    let with_european = european::Entity::find().select_only().column(european::Column::ProjectId).into_query();
    let mut query = applications::Entity::find()
        .filter(applications::Column::Status.eq(LabelStatus::Awarded.as_str()))
        .filter(applications::Column::ProjectId.not_in_subquery(with_european));
    if let Some(ids) = projects {
        query = query.filter(applications::Column::ProjectId.is_in(ids.to_vec()));
    }
    let mut by_project: BTreeMap<i32, Vec<applications::Model>> = BTreeMap::new();
    for row in query.order_by_asc(applications::Column::Id).all(db).await? {
        by_project.entry(row.project_id).or_default().push(row);
    }
    // Eligible: teachers of at least two countries hold a national label.
    by_project.retain(|_, rows| {
        let mut countries: Vec<&str> = rows.iter().map(|r| r.country_code.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        countries.len() >= 2
    });
    Ok(by_project)
}

/// Projects eligible for the European Quality Label, for the Central Support Service.
pub async fn european_queue(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<EuropeanCandidate>, AppError> {
    if !awards_european(viewer) {
        return Err(AppError::NotFound);
    }
    let mut holders = national_holders(db, None).await?;
    let own = own_projects(db, viewer.id).await?;
    holders.retain(|project, _| !own.contains(project));
    let ids: Vec<i32> = holders.keys().copied().collect();
    let titles: HashMap<i32, String> =
        project_entity::Entity::find().filter(project_entity::Column::Id.is_in(ids.clone())).all(db).await?.into_iter().map(|p| (p.id, p.title)).collect();
    let names: HashMap<i32, String> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(holders.values().flatten().map(|r| r.applicant_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    Ok(holders
        .into_iter()
        .map(|(project, rows)| EuropeanCandidate {
            project_id: project,
            project_title: titles.get(&project).cloned().unwrap_or_default(),
            holders: rows.iter().map(|r| (names.get(&r.applicant_id).cloned().unwrap_or_default(), r.country_code.clone(), r.year)).collect(),
        })
        .collect())
}

/// The Central Support Service awards the European Quality Label to a batch of eligible projects. Each teacher
/// holding a National Quality Label for the project receives a certificate and a mail. Projects not (or no
/// longer) eligible are refused as a whole batch, so that nothing is half done. Returns how many were awarded.
pub async fn award_european(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, projects: &[i32], public_url: &str) -> Result<usize, AppError> {
    if !awards_european(viewer) {
        return Err(AppError::NotFound);
    }
    if projects.is_empty() {
        return Err(AppError::invalid("projects", Problem::ChooseAtLeastOne));
    }
    let year = crate::db::this_year();
    let txn = crate::db::begin(db).await?;
    let holders = national_holders(&txn, Some(projects)).await?;
    let own = own_projects(&txn, viewer.id).await?;
    if projects.iter().any(|id| !holders.contains_key(id) || own.contains(id)) {
        return Err(AppError::form(Problem::NotEligibleForEuropeanLabel));
    }
    for (project, rows) in &holders {
        let inserted = european::ActiveModel { project_id: Set(*project), year: Set(year), awarded_by: Set(Some(viewer.id)), awarded_at: Set(chrono::Utc::now()) }
            .insert(&txn)
            .await;
        if let Err(err) = inserted {
            return Err(if crate::db::unique_violation(&err) { AppError::form(Problem::AlreadyDecided) } else { err.into() });
        }
        let title = project_entity::Entity::find_by_id(*project).one(&txn).await?.map(|p| p.title).unwrap_or_default();
        let mut told = Vec::new();
        for row in rows {
            if told.contains(&row.applicant_id) {
                continue;
            }
            told.push(row.applicant_id);
            let Some(holder) = accounts::Entity::find_by_id(row.applicant_id).one(&txn).await? else { continue };
            certificates::issue(&txn, CertificateKind::EuropeanQualityLabel, &holder, Some((*project, &title)), year, None).await?;
            let locale = holder.locale();
            let body = td_string!(
                locale,
                mail_european_label_body,
                name = holder.display_name.as_str(),
                title = title.as_str(),
                year = year,
                url = public_url
            )
            .to_string();
            let mail = Mail { subject: td_string!(locale, mail_european_label_subject).to_string(), body };
            notify(&txn, &holder, Event::EuropeanLabel { title: &title, year }, "/labels/mine", Some(mail)).await?;
        }
        copy_labels_to_project(&txn, *project).await?;
    }
    txn.commit().await?;
    Ok(holders.len())
}
