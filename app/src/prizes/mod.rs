//! The European Prizes: each year the Central Support Service opens a competition with the age categories and
//! any special prizes, and assigns jurors to categories; teachers enter projects that hold the European Quality
//! Label; jurors score the entries of their categories, each seeing only their own scores; the Central Support
//! Service chooses a winner per category and publishes the results, which gives the winning projects' teachers a
//! certificate and the year a public page of winners.
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use views::{EnterPrizePage, JuryPage, PrizeAdminPage, PrizeResultsPage, PrizesPage};

use crate::error::{AppError, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Jurors score from 1 to this.
pub const MAX_PRIZE_SCORE: i32 = 10;
/// The key of a special prize's category (its name says which).
pub const SPECIAL: &str = "special";

/// A category of a year's competition: an age category (`key` in `certificates::PRIZE_AGE_CATEGORIES`) or a
/// special prize (`key` = `SPECIAL`, with its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i32,
    pub key: String,
    pub name: String,
}

impl Category {
    /// What `certificates::prize_category_text` turns into words.
    pub fn text_key(&self) -> &str {
        if self.key == SPECIAL { &self.name } else { &self.key }
    }
}

/// One score a juror gave, as the Central Support Service sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JurorScore {
    pub juror: String,
    pub score: i32,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryForAdmin {
    pub id: i32,
    pub project_id: i32,
    pub project_title: String,
    pub summary: String,
    pub scores: Vec<JurorScore>,
    /// The mean of the scores, in tenths (for display without floats).
    pub mean_tenths: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryForAdmin {
    pub category: Category,
    pub jurors: Vec<String>,
    pub entries: Vec<EntryForAdmin>,
    pub winner: Option<i32>,
}

/// This year's competition, for the Central Support Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionForAdmin {
    pub year: i32,
    pub opened: bool,
    pub published: bool,
    pub categories: Vec<CategoryForAdmin>,
}

/// Whether a project may enter this year, and in which categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnterView {
    pub project_id: i32,
    pub project_title: String,
    pub year: i32,
    pub blocked: Option<Problem>,
    pub categories: Vec<Category>,
    /// The category it entered this year, if it did.
    pub entered: Option<Category>,
}

/// An entry a juror scores: their own score only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryForJuror {
    pub id: i32,
    pub category: Category,
    pub project_id: i32,
    pub project_title: String,
    pub summary: String,
    pub my_score: Option<(i32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winner {
    pub category: Category,
    pub project_id: i32,
    pub project_title: String,
    /// Countries of the project's teachers.
    pub countries: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeResults {
    pub year: i32,
    pub winners: Vec<Winner>,
}

#[server(prefix = "/api")]
pub async fn load_prize_admin() -> Result<CompetitionForAdmin, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::admin(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn open_competition() -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::open_competition(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn add_special_prize(name: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::add_special_prize(&db, &viewer, &name).await.map_err(crate::error::respond_with).map(|_| ())
}

#[server(prefix = "/api")]
pub async fn assign_juror(category: i32, email: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::assign_juror(&db, &viewer, category, &email).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn choose_winner(category: i32, entry: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::choose_winner(&db, &viewer, category, entry).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn publish_results() -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    ssr::publish(&db, &viewer, &site.public_url).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_prize_entry(project: i32) -> Result<EnterView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::enter_view(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn enter_prize(project: i32, #[server(default)] category: String, #[server(default)] summary: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let category = category.trim().parse::<i32>().map_err(|_| AppError::invalid("category", Problem::ChooseCategory))?;
    let enter = async |txn: &sea_orm::DatabaseTransaction| ssr::enter(txn, &viewer, project, category, &summary).await;
    crate::requests::ssr::once(&db, viewer.id, &request, enter).await.map_err(crate::error::respond_with)?;
    Ok(())
}

#[server(prefix = "/api")]
pub async fn load_jury() -> Result<Vec<EntryForJuror>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::jury(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn score_entry(entry: i32, #[server(default)] score: String, #[server(default)] comment: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::score(&db, &viewer, entry, &score, &comment).await.map_err(crate::error::respond_with)
}

/// Published results: anyone may read them.
#[server(prefix = "/api")]
pub async fn load_prize_results(year: i32) -> Result<PrizeResults, AppError> {
    let db = crate::db::conn()?;
    ssr::results(&db, year).await.map_err(crate::error::respond_with)
}

/// The years whose results are published, newest first.
#[server(prefix = "/api")]
pub async fn load_prize_years() -> Result<Vec<i32>, AppError> {
    let db = crate::db::conn()?;
    ssr::published_years(&db).await.map_err(crate::error::respond_with)
}
