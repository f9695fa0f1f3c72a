//! Server side of the eTwinning School label: the school's figures, applying, the support organisation's queue
//! and decision. Tested on SQLite and PostgreSQL in `app/tests/quality_labels.rs`.
use super::{SchoolApplication, SchoolApplicationToAssess, SchoolFigures, SchoolLabelView};
use crate::{
    access::{self, ValidationScope, Viewer, ssr::publicly_visible_teachers},
    accounts::{rules, ssr::{KIND_STAFF, entity as accounts}},
    certificates::{CertificateKind, ssr as certificates},
    error::{AppError, Problem},
    i18n::td_string,
    notifications::ssr::{Event, Mail, notify},
    projects::{ProjectStatus, ssr::{entity as projects, member_entity as members}},
    quality_labels::{LabelStatus, ssr::entity as national},
    schools::ssr::entity as schools,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
    TransactionSession, TransactionTrait, sea_query::Expr,
};
use std::collections::HashMap;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "school_label_applications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub school_id: i32,
        pub applicant_id: i32,
        pub country_code: String,
        pub year: i32,
        pub status: String,
        #[sea_orm(column_type = "Text")]
        pub statement: String,
        pub validated_teachers: i32,
        pub projects: i32,
        pub national_labels: i32,
        pub created_at: DateTimeUtc,
        pub decided_by: Option<i32>,
        pub decided_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub reason: Option<String>,
        pub certificate: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity as applications;

/// The school's figures today.
pub async fn figures(db: &impl ConnectionTrait, school: i32) -> Result<SchoolFigures, AppError> {
    let validated_teachers = accounts::Entity::find().filter(publicly_visible_teachers()).filter(accounts::Column::SchoolId.eq(school)).count(db).await?;
    let teachers_here = accounts::Entity::find()
        .select_only()
        .column(accounts::Column::Id)
        .filter(accounts::Column::SchoolId.eq(school))
        .filter(accounts::Column::Kind.eq(KIND_STAFF))
        .into_query();
    let with_a_teacher_here = members::Entity::find()
        .select_only()
        .column(members::Column::ProjectId)
        .filter(members::Column::AccountId.in_subquery(teachers_here))
        .into_query();
    let projects = projects::Entity::find()
        .filter(projects::Column::Id.in_subquery(with_a_teacher_here))
        .filter(projects::Column::Status.is_in(ProjectStatus::APPROVED.map(ProjectStatus::as_str)))
        .count(db)
        .await?;
    let national_labels = national::Entity::find()
        .filter(national::Column::SchoolId.eq(school))
        .filter(national::Column::Status.eq(LabelStatus::Awarded.as_str()))
        .count(db)
        .await?;
    Ok(SchoolFigures { validated_teachers, projects, national_labels })
}

/// The viewer's school, if they are a teacher who may act and belong to one.
async fn school_of(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<schools::Model, AppError> {
    if !access::is_active_teacher(viewer) {
        return Err(AppError::NotFound);
    }
    let account = accounts::Entity::find_by_id(viewer.id).one(db).await?.ok_or(AppError::NotFound)?;
    let school = account.school_id.ok_or(AppError::form(Problem::SchoolMissing))?;
    schools::Entity::find_by_id(school).one(db).await?.ok_or(AppError::form(Problem::SchoolMissing))
}

/// The school a person belongs to: support staff who teach there do not decide its label.
async fn own_school(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Option<i32>, AppError> {
    Ok(accounts::Entity::find_by_id(viewer.id).one(db).await?.and_then(|a| a.school_id))
}

async fn obstacle(db: &impl ConnectionTrait, school: i32, figures: &SchoolFigures, year: i32) -> Result<Option<Problem>, AppError> {
    let already = applications::Entity::find()
        .filter(applications::Column::SchoolId.eq(school))
        .filter(applications::Column::Year.eq(year))
        .count(db)
        .await?;
    if already > 0 {
        return Ok(Some(Problem::SchoolLabelAlreadyApplied));
    }
    if !figures.meet_the_criteria() {
        return Ok(Some(Problem::SchoolLabelCriteria));
    }
    Ok(None)
}

/// The label page of the viewer's school: its figures, its label, its applications.
pub async fn view(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<SchoolLabelView, AppError> {
    let school = school_of(db, viewer).await?;
    let year = crate::db::this_year();
    let figures = figures(db, school.id).await?;
    let blocked = obstacle(db, school.id, &figures, year).await?;
    let rows = applications::Entity::find()
        .filter(applications::Column::SchoolId.eq(school.id))
        .order_by_desc(applications::Column::Year)
        .all(db)
        .await?;
    let names: HashMap<i32, String> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(rows.iter().map(|r| r.applicant_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    let label_until = crate::schools::ssr::label_valid_until(&school, year);
    Ok(SchoolLabelView {
        school_name: school.name,
        year,
        figures,
        label_until,
        blocked,
        applications: rows
            .into_iter()
            .map(|row| SchoolApplication {
                year: row.year,
                status: LabelStatus::parse(&row.status).unwrap_or(LabelStatus::Submitted),
                applicant: names.get(&row.applicant_id).cloned().unwrap_or_default(),
                reason: row.reason,
                certificate: row.certificate.filter(|_| row.applicant_id == viewer.id),
            })
            .collect(),
    })
}

/// A teacher applies for their school, with a statement of how the school works with eTwinning.
pub async fn apply(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, statement: &str) -> Result<i32, AppError> {
    let school = school_of(db, viewer).await?;
    let statement = rules::short_text("statement", statement, 3000, true)?;
    let year = crate::db::this_year();
    let txn = crate::db::begin(db).await?;
    let figures = figures(&txn, school.id).await?;
    if let Some(problem) = obstacle(&txn, school.id, &figures, year).await? {
        return Err(AppError::form(problem));
    }
    let inserted = applications::ActiveModel {
        school_id: Set(school.id),
        applicant_id: Set(viewer.id),
        country_code: Set(school.country_code.clone()),
        year: Set(year),
        status: Set(LabelStatus::Submitted.as_str().to_owned()),
        statement: Set(statement),
        validated_teachers: Set(figures.validated_teachers as i32),
        projects: Set(figures.projects as i32),
        national_labels: Set(figures.national_labels as i32),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let inserted = match inserted {
        Ok(row) => row,
        Err(err) if crate::db::unique_violation(&err) => {
            return Err(AppError::form(Problem::SchoolLabelAlreadyApplied));
        }
        Err(err) => return Err(err.into()),
    };
    txn.commit().await?;
    Ok(inserted.id)
}

/// Applications waiting for the viewer's support organisation (every country for the Central Support Service).
pub async fn queue(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<SchoolApplicationToAssess>, AppError> {
    let mut query = applications::Entity::find().filter(applications::Column::Status.eq(LabelStatus::Submitted.as_str()));
    match access::validation_scope(viewer) {
        ValidationScope::Nobody => return Err(AppError::NotFound),
        ValidationScope::Country(code) => query = query.filter(applications::Column::CountryCode.eq(code)),
        ValidationScope::Everyone => {}
    }
    if let Some(school) = own_school(db, viewer).await? {
        query = query.filter(applications::Column::SchoolId.ne(school));
    }
    let rows = query.order_by_asc(applications::Column::CreatedAt).all(db).await?;
    let schools: HashMap<i32, schools::Model> = schools::Entity::find()
        .filter(schools::Column::Id.is_in(rows.iter().map(|r| r.school_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let names: HashMap<i32, String> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(rows.iter().map(|r| r.applicant_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let school = schools.get(&row.school_id);
            SchoolApplicationToAssess {
                id: row.id,
                school_name: school.map(|s| s.name.clone()).unwrap_or_default(),
                city: school.map(|s| s.city.clone()).unwrap_or_default(),
                country_code: row.country_code,
                applicant: names.get(&row.applicant_id).cloned().unwrap_or_default(),
                year: row.year,
                statement: row.statement,
                figures: SchoolFigures {
                    validated_teachers: row.validated_teachers as u64,
                    projects: row.projects as u64,
                    national_labels: row.national_labels as u64,
                },
            }
        })
        .collect())
}

/// The support organisation of the school's country awards the label (valid for the two following years; the
/// certificate goes to the teacher who applied) or refuses it with a reason.
pub async fn decide(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    application: i32,
    award: bool,
    reason: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let row = applications::Entity::find_by_id(application).one(db).await?.ok_or(AppError::NotFound)?;
    if !access::validation_scope(viewer).covers(Some(&row.country_code)) || own_school(db, viewer).await? == Some(row.school_id) {
        return Err(AppError::NotFound);
    }
    let reason = if award { String::new() } else { rules::short_text("reason", reason, 1000, true)? };
    if row.status != LabelStatus::Submitted.as_str() {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    let school = schools::Entity::find_by_id(row.school_id).one(db).await?.ok_or(AppError::NotFound)?;
    let applicant = accounts::Entity::find_by_id(row.applicant_id).one(db).await?.ok_or(AppError::NotFound)?;
    let txn = crate::db::begin(db).await?;
    let decided = applications::Entity::update_many()
        .col_expr(applications::Column::Status, Expr::value(if award { LabelStatus::Awarded } else { LabelStatus::Refused }.as_str()))
        .col_expr(applications::Column::DecidedBy, Expr::value(viewer.id))
        .col_expr(applications::Column::DecidedAt, Expr::value(chrono::Utc::now()))
        .col_expr(applications::Column::Reason, Expr::value((!award).then_some(reason.clone())))
        .filter(applications::Column::Id.eq(application))
        .filter(applications::Column::Status.eq(LabelStatus::Submitted.as_str()))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    let locale = applicant.locale();
    let until = row.year + 2;
    let (subject, body) = if award {
        let code = certificates::issue_as(&txn, CertificateKind::SchoolLabel, applicant.id, &school.name, None, row.year, Some(&row.country_code), "").await?;
        applications::Entity::update_many()
            .col_expr(applications::Column::Certificate, Expr::value(code))
            .filter(applications::Column::Id.eq(application))
            .exec(&txn)
            .await?;
        // The school's copy of its label, the one place that writes it: valid for the two years after the award,
        // joined to a label it already holds through this year (a renewal continues it).
        let from = match (school.label_from, school.label_until) {
            (Some(before), Some(held_until)) if held_until >= row.year => before.min(row.year + 1),
            _ => row.year + 1,
        };
        let until = school.label_until.map_or(until, |held_until| held_until.max(until));
        schools::ActiveModel { id: Set(school.id), label_from: Set(Some(from)), label_until: Set(Some(until)), ..Default::default() }.update(&txn).await?;
        (
            td_string!(locale, mail_school_label_awarded_subject).to_string(),
            td_string!(locale, mail_school_label_awarded_body, name = applicant.display_name.as_str(), school = school.name.as_str(), from = row.year + 1, until = until, url = public_url)
                .to_string(),
        )
    } else {
        (
            td_string!(locale, mail_school_label_refused_subject).to_string(),
            td_string!(locale, mail_school_label_refused_body, name = applicant.display_name.as_str(), school = school.name.as_str(), reason = reason.as_str(), url = public_url)
                .to_string(),
        )
    };
    let event = if award { Event::SchoolLabelAwarded { school: &school.name } } else { Event::SchoolLabelRefused { school: &school.name, reason: &reason } };
    notify(&txn, &applicant, event, "/schools/label", Some(Mail { subject, body })).await?;
    txn.commit().await?;
    Ok(())
}
