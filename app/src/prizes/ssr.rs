//! Server side of the European Prizes: the competition, entries, jurors and their scores, winners and results.
//! Tested on SQLite and PostgreSQL in `app/tests/prizes.rs`.
use super::{
    Category, CategoryForAdmin, CompetitionForAdmin, EntryForAdmin, EntryForJuror, EnterView, JurorScore, MAX_PRIZE_SCORE, PrizeResults, SPECIAL,
    Winner,
};
use crate::{
    access::{self, AccountKind, ValidationScope, Viewer, twinspace::SpaceRole},
    accounts::{rules, ssr::entity as accounts},
    certificates::{CertificateKind, PRIZE_AGE_CATEGORIES, prize_category_text, ssr as certificates},
    error::{AppError, Problem},
    i18n::td_string,
    notifications::ssr::{Event, Mail, notify},
    projects::ssr::{self as projects, entity as project_entity, member_entity as members},
    quality_labels::ssr::own_projects,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use std::collections::HashMap;

pub mod year_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "prize_years")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub year: i32,
        pub created_by: Option<i32>,
        pub created_at: DateTimeUtc,
        pub published_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod category_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "prize_categories")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub year: i32,
        pub key: String,
        pub name: String,
        pub winner_entry_id: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod entry_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "prize_entries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub category_id: i32,
        pub project_id: i32,
        pub year: i32,
        pub entered_by: Option<i32>,
        #[sea_orm(column_type = "Text")]
        pub summary: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod juror_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "prize_jurors")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub category_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod score_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "prize_scores")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub entry_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub juror_id: i32,
        pub score: i32,
        #[sea_orm(column_type = "Text")]
        pub comment: String,
        pub scored_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use category_entity as categories;
use entry_entity as entries;
use juror_entity as jurors;
use score_entity as scores;
use year_entity as years;

/// The Central Support Service (and administrators) run the competition.
fn runs_prizes(viewer: &Viewer) -> bool {
    access::validation_scope(viewer) == ValidationScope::Everyone
}

fn category(row: &categories::Model) -> Category {
    Category { id: row.id, key: row.key.clone(), name: row.name.clone() }
}

async fn titles(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, String>, AppError> {
    Ok(project_entity::Entity::find().filter(project_entity::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|p| (p.id, p.title)).collect())
}

/// The competition still taking entries and scores (not published): the latest, so that one opened in December
/// goes on into January.
async fn open_year(db: &impl ConnectionTrait) -> Result<Option<years::Model>, AppError> {
    Ok(years::Entity::find().filter(years::Column::PublishedAt.is_null()).order_by_desc(years::Column::Year).one(db).await?)
}

/// Everything about this year's competition, scores included, for the Central Support Service.
pub async fn admin(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<CompetitionForAdmin, AppError> {
    if !runs_prizes(viewer) {
        return Err(AppError::NotFound);
    }
    let year = open_year(db).await?.map_or_else(crate::db::this_year, |open| open.year);
    let Some(row) = years::Entity::find_by_id(year).one(db).await? else {
        return Ok(CompetitionForAdmin { year, opened: false, published: false, categories: Vec::new() });
    };
    let category_rows = categories::Entity::find().filter(categories::Column::Year.eq(year)).order_by_asc(categories::Column::Id).all(db).await?;
    let ids: Vec<i32> = category_rows.iter().map(|c| c.id).collect();
    let entry_rows = entries::Entity::find().filter(entries::Column::CategoryId.is_in(ids.clone())).order_by_asc(entries::Column::Id).all(db).await?;
    let score_rows = scores::Entity::find().filter(scores::Column::EntryId.is_in(entry_rows.iter().map(|e| e.id).collect::<Vec<_>>())).all(db).await?;
    let juror_rows = jurors::Entity::find().filter(jurors::Column::CategoryId.is_in(ids)).all(db).await?;
    let people: HashMap<i32, String> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(juror_rows.iter().map(|j| j.account_id).chain(score_rows.iter().map(|s| s.juror_id)).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    let titles = titles(db, entry_rows.iter().map(|e| e.project_id).collect()).await?;
    let categories = category_rows
        .iter()
        .map(|c| CategoryForAdmin {
            category: category(c),
            jurors: juror_rows.iter().filter(|j| j.category_id == c.id).filter_map(|j| people.get(&j.account_id).cloned()).collect(),
            entries: entry_rows
                .iter()
                .filter(|e| e.category_id == c.id)
                .map(|e| {
                    let given: Vec<&scores::Model> = score_rows.iter().filter(|s| s.entry_id == e.id).collect();
                    let mean_tenths = (!given.is_empty()).then(|| given.iter().map(|s| s.score * 10).sum::<i32>() / given.len() as i32);
                    EntryForAdmin {
                        id: e.id,
                        project_id: e.project_id,
                        project_title: titles.get(&e.project_id).cloned().unwrap_or_default(),
                        summary: e.summary.clone(),
                        scores: given
                            .iter()
                            .map(|s| JurorScore { juror: people.get(&s.juror_id).cloned().unwrap_or_default(), score: s.score, comment: s.comment.clone() })
                            .collect(),
                        mean_tenths,
                    }
                })
                .collect(),
            winner: c.winner_entry_id,
        })
        .collect();
    Ok(CompetitionForAdmin { year, opened: true, published: row.published_at.is_some(), categories })
}

/// Opens this year's competition with the five age categories.
pub async fn open_competition(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer) -> Result<(), AppError> {
    if !runs_prizes(viewer) {
        return Err(AppError::NotFound);
    }
    let year = crate::db::this_year();
    let txn = crate::db::begin(db).await?;
    let inserted = years::ActiveModel { year: Set(year), created_by: Set(Some(viewer.id)), created_at: Set(chrono::Utc::now()), published_at: Set(None) }
        .insert(&txn)
        .await;
    if inserted.is_err() {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    for key in PRIZE_AGE_CATEGORIES {
        categories::ActiveModel { year: Set(year), key: Set(key.to_owned()), name: Set(String::new()), winner_entry_id: Set(None), ..Default::default() }
            .insert(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Adds a special prize (its name, e.g. the Marie Skłodowska-Curie prize for science) to this year's competition.
pub async fn add_special_prize(db: &impl ConnectionTrait, viewer: &Viewer, name: &str) -> Result<i32, AppError> {
    if !runs_prizes(viewer) {
        return Err(AppError::NotFound);
    }
    let name = rules::short_text("name", name, 150, true)?;
    open_year(db).await?.ok_or(AppError::form(Problem::PrizeCompetitionClosed))?;
    let inserted = categories::ActiveModel { year: Set(crate::db::this_year()), key: Set(SPECIAL.to_owned()), name: Set(name), winner_entry_id: Set(None), ..Default::default() }
        .insert(db)
        .await;
    match inserted {
        Ok(row) => Ok(row.id),
        Err(err) if crate::db::unique_violation(&err) => Err(AppError::form(Problem::AlreadyDecided)),
        Err(err) => Err(err.into()),
    }
}

/// A category of the open competition.
async fn open_category(db: &impl ConnectionTrait, id: i32) -> Result<categories::Model, AppError> {
    let year = open_year(db).await?.ok_or(AppError::form(Problem::PrizeCompetitionClosed))?;
    categories::Entity::find_by_id(id).one(db).await?.filter(|c| c.year == year.year).ok_or(AppError::invalid("category", Problem::ChooseCategory))
}

/// Makes someone of the platform (a teacher who may act, or support staff), named by e-mail, a juror of a category.
pub async fn assign_juror(db: &impl ConnectionTrait, viewer: &Viewer, category: i32, email: &str) -> Result<(), AppError> {
    if !runs_prizes(viewer) {
        return Err(AppError::NotFound);
    }
    let category = open_category(db, category).await?;
    let email = email.trim().to_lowercase();
    let person = accounts::Entity::find()
        .filter(accounts::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|a| a.viewer())
        .filter(|p| p.kind == AccountKind::Staff && (access::is_active_teacher(p) || access::validation_scope(p) != ValidationScope::Nobody))
        .ok_or(AppError::invalid("email", Problem::JurorUnknown))?;
    jurors::Entity::insert(jurors::ActiveModel { category_id: Set(category.id), account_id: Set(person.id) })
        .on_conflict_do_nothing_on([jurors::Column::CategoryId, jurors::Column::AccountId])
        .exec(db)
        .await?;
    Ok(())
}

async fn entered(db: &impl ConnectionTrait, project: i32, year: i32) -> Result<Option<entries::Model>, AppError> {
    Ok(entries::Entity::find().filter(entries::Column::ProjectId.eq(project)).filter(entries::Column::Year.eq(year)).one(db).await?)
}

/// What the entry page shows: whether this project may enter this year, and the categories.
pub async fn enter_view(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<EnterView, AppError> {
    let row = projects::project_of_teacher(db, viewer, project).await?;
    let open = open_year(db).await?;
    let year = open.as_ref().map_or_else(crate::db::this_year, |open| open.year);
    let category_rows = categories::Entity::find().filter(categories::Column::Year.eq(year)).order_by_asc(categories::Column::Id).all(db).await?;
    let entry = entered(db, project, year).await?;
    let blocked = if row.european_label_year.is_none() {
        Some(Problem::PrizeNeedsEuropeanLabel)
    } else if open.is_none() {
        Some(Problem::PrizeCompetitionClosed)
    } else if entry.is_some() {
        Some(Problem::PrizeAlreadyEntered)
    } else {
        None
    };
    Ok(EnterView {
        project_id: row.id,
        project_title: row.title,
        year,
        blocked,
        entered: entry.and_then(|e| category_rows.iter().find(|c| c.id == e.category_id).map(category)),
        categories: if open.is_some() { category_rows.iter().map(category).collect() } else { Vec::new() },
    })
}

/// A teacher of a project with the European Quality Label enters it, in one category, once a year.
pub async fn enter(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, project: i32, category_id: i32, summary: &str) -> Result<i32, AppError> {
    let row = projects::project_of_teacher(db, viewer, project).await?;
    if row.european_label_year.is_none() {
        return Err(AppError::form(Problem::PrizeNeedsEuropeanLabel));
    }
    let category = open_category(db, category_id).await?;
    let summary = rules::short_text("summary", summary, 2000, true)?;
    if entered(db, project, category.year).await?.is_some() {
        return Err(AppError::form(Problem::PrizeAlreadyEntered));
    }
    let inserted = entries::ActiveModel {
        category_id: Set(category.id),
        project_id: Set(project),
        year: Set(category.year),
        entered_by: Set(Some(viewer.id)),
        summary: Set(summary),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(entry) => Ok(entry.id),
        Err(err) if crate::db::unique_violation(&err) => Err(AppError::form(Problem::PrizeAlreadyEntered)),
        Err(err) => Err(err.into()),
    }
}

/// The entries a juror scores (those of their categories in the open competition, not their own projects), with
/// their own scores only.
pub async fn jury(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<EntryForJuror>, AppError> {
    let assigned: Vec<i32> = jurors::Entity::find().filter(jurors::Column::AccountId.eq(viewer.id)).all(db).await?.into_iter().map(|j| j.category_id).collect();
    let Some(open) = open_year(db).await? else { return Ok(Vec::new()) };
    let category_rows = categories::Entity::find().filter(categories::Column::Id.is_in(assigned)).filter(categories::Column::Year.eq(open.year)).all(db).await?;
    let own = own_projects(db, viewer.id).await?;
    let entry_rows: Vec<entries::Model> = entries::Entity::find()
        .filter(entries::Column::CategoryId.is_in(category_rows.iter().map(|c| c.id).collect::<Vec<_>>()))
        .order_by_asc(entries::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|e| !own.contains(&e.project_id))
        .collect();
    let mine: HashMap<i32, (i32, String)> = scores::Entity::find()
        .filter(scores::Column::JurorId.eq(viewer.id))
        .filter(scores::Column::EntryId.is_in(entry_rows.iter().map(|e| e.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.entry_id, (s.score, s.comment)))
        .collect();
    let titles = titles(db, entry_rows.iter().map(|e| e.project_id).collect()).await?;
    Ok(entry_rows
        .into_iter()
        .filter_map(|e| {
            let category = category_rows.iter().find(|c| c.id == e.category_id).map(category)?;
            Some(EntryForJuror {
                id: e.id,
                category,
                project_id: e.project_id,
                project_title: titles.get(&e.project_id).cloned().unwrap_or_default(),
                summary: e.summary,
                my_score: mine.get(&e.id).cloned(),
            })
        })
        .collect())
}

/// A juror scores an entry of one of their categories (again, to change their mind, until the results are out).
pub async fn score(db: &impl ConnectionTrait, viewer: &Viewer, entry: i32, score: &str, comment: &str) -> Result<(), AppError> {
    let Some(target) = jury(db, viewer).await?.into_iter().find(|e| e.id == entry) else { return Err(AppError::NotFound) };
    let score = score
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|s| (1..=MAX_PRIZE_SCORE).contains(s))
        .ok_or(AppError::invalid("score", Problem::ChooseScore { max: MAX_PRIZE_SCORE as u32 }))?;
    let comment = rules::short_text("comment", comment, 1000, false)?;
    scores::Entity::insert(scores::ActiveModel { entry_id: Set(target.id), juror_id: Set(viewer.id), score: Set(score), comment: Set(comment), scored_at: Set(chrono::Utc::now()) })
        .on_conflict(
            OnConflict::columns([scores::Column::EntryId, scores::Column::JurorId])
                .update_columns([scores::Column::Score, scores::Column::Comment, scores::Column::ScoredAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// The Central Support Service chooses a category's winner among its entries.
pub async fn choose_winner(db: &impl ConnectionTrait, viewer: &Viewer, category_id: i32, entry: i32) -> Result<(), AppError> {
    if !runs_prizes(viewer) {
        return Err(AppError::NotFound);
    }
    let category = open_category(db, category_id).await?;
    let own = own_projects(db, viewer.id).await?;
    entries::Entity::find_by_id(entry).one(db).await?.filter(|e| e.category_id == category.id && !own.contains(&e.project_id)).ok_or(AppError::NotFound)?;
    categories::ActiveModel { id: Set(category.id), winner_entry_id: Set(Some(entry)), ..Default::default() }.update(db).await?;
    Ok(())
}

/// Publishes this year's results: the winners' page appears, and every teacher of a winning project receives a
/// certificate and a mail.
pub async fn publish(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, public_url: &str) -> Result<(), AppError> {
    if !runs_prizes(viewer) {
        return Err(AppError::NotFound);
    }
    let year = open_year(db).await?.ok_or(AppError::form(Problem::PrizeCompetitionClosed))?.year;
    let txn = crate::db::begin(db).await?;
    let published = years::Entity::update_many()
        .col_expr(years::Column::PublishedAt, Expr::value(chrono::Utc::now()))
        .filter(years::Column::Year.eq(year))
        .filter(years::Column::PublishedAt.is_null())
        .exec(&txn)
        .await?;
    if published.rows_affected != 1 {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    award_certificates(&txn, year, public_url).await?;
    txn.commit().await?;
    Ok(())
}

/// Certificates (and mails) for the teachers of each winning project of a year.
pub async fn award_certificates(db: &impl ConnectionTrait, year: i32, public_url: &str) -> Result<(), AppError> {
    let winners = categories::Entity::find().filter(categories::Column::Year.eq(year)).filter(categories::Column::WinnerEntryId.is_not_null()).all(db).await?;
    for won in winners {
        let Some(entry) = entries::Entity::find_by_id(won.winner_entry_id.unwrap_or_default()).one(db).await? else { continue };
        let Some(project) = project_entity::Entity::find_by_id(entry.project_id).one(db).await? else { continue };
        let teachers: Vec<i32> = members::Entity::find()
            .filter(members::Column::ProjectId.eq(project.id))
            .filter(members::Column::Role.is_in([SpaceRole::TeacherAdministrator.as_str(), SpaceRole::Teacher.as_str()]))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.account_id)
            .collect();
        let text_key = category(&won).text_key().to_owned();
        // Teachers who may act today: not a suspended or banned one, nor one whose account waits for validation.
        for teacher in accounts::Entity::find().filter(accounts::Column::Id.is_in(teachers)).filter(access::ssr::publicly_visible_teachers()).all(db).await? {
            certificates::issue_as(db, CertificateKind::EuropeanPrize, teacher.id, &teacher.display_name, Some((project.id, &project.title)), year, None, &text_key).await?;
            let locale = teacher.locale();
            let body = td_string!(
                locale,
                mail_prize_body,
                name = teacher.display_name.as_str(),
                title = project.title.as_str(),
                category = prize_category_text(locale, &text_key),
                year = year,
                url = public_url
            )
            .to_string();
            let mail = Mail { subject: td_string!(locale, mail_prize_subject).to_string(), body };
            notify(db, &teacher, Event::Prize { title: &project.title, year }, "/labels/mine", Some(mail)).await?;
        }
    }
    Ok(())
}

/// A published year's winners, with the countries of each winning project's teachers.
pub async fn results(db: &impl ConnectionTrait, year: i32) -> Result<PrizeResults, AppError> {
    years::Entity::find_by_id(year).one(db).await?.filter(|y| y.published_at.is_some()).ok_or(AppError::NotFound)?;
    let won = categories::Entity::find().filter(categories::Column::Year.eq(year)).order_by_asc(categories::Column::Id).all(db).await?;
    let entry_ids: Vec<i32> = won.iter().filter_map(|c| c.winner_entry_id).collect();
    let entry_rows: HashMap<i32, entries::Model> = entries::Entity::find().filter(entries::Column::Id.is_in(entry_ids)).all(db).await?.into_iter().map(|e| (e.id, e)).collect();
    let project_ids: Vec<i32> = entry_rows.values().map(|e| e.project_id).collect();
    // Only projects that still have a public face: approved, listed, not hidden by moderators.
    let visible: HashMap<i32, project_entity::Model> = project_entity::Entity::find()
        .filter(project_entity::Column::Id.is_in(project_ids.clone()))
        .filter(project_entity::Column::Listed.eq(true))
        .filter(project_entity::Column::HiddenAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let countries = projects::teacher_countries(db, &project_ids).await?;
    Ok(PrizeResults {
        year,
        winners: won
            .iter()
            .filter_map(|c| {
                let entry = entry_rows.get(&c.winner_entry_id?)?;
                let project = visible.get(&entry.project_id)?;
                Some(Winner {
                    category: category(c),
                    project_id: project.id,
                    project_title: project.title.clone(),
                    countries: countries.get(&project.id).cloned().unwrap_or_default(),
                })
            })
            .collect(),
    })
}

pub async fn published_years(db: &impl ConnectionTrait) -> Result<Vec<i32>, AppError> {
    Ok(years::Entity::find().filter(years::Column::PublishedAt.is_not_null()).order_by_desc(years::Column::Year).all(db).await?.into_iter().map(|y| y.year).collect())
}
