//! The annual theme: each year the Central Support Service proposes a theme (written in English first, then in
//! other languages), shown on the home page; projects and seminars founded that year may take it up, and show
//! it as a tag.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 2000;
/// The form field of the tag on projects and seminars: ticked, it carries the year.
pub const TAKE_UP_FIELD: &str = "annual_theme";

/// A year's theme, in the reader's language (or English when there is no version in it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualTheme {
    pub year: i32,
    pub title: String,
    pub description: String,
}

/// One language's version of a year's theme, as the support services see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeVersion {
    pub year: i32,
    pub language: String,
    pub title: String,
    pub description: String,
}

/// The support services' page: this year's and next year's versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeEditor {
    pub this_year: i32,
    pub versions: Vec<ThemeVersion>,
}

/// This year's theme, for everyone (the home page, the founding forms).
#[server(prefix = "/api")]
pub async fn load_annual_theme() -> Result<Option<AnnualTheme>, AppError> {
    use leptos_i18n::Locale as _;
    let db = crate::db::conn()?;
    let locale = crate::request_locale().await;
    ssr::of_year(&db, ssr::this_year(chrono::Utc::now()), locale.as_str()).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_theme_editor() -> Result<ThemeEditor, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::editor(&db, &viewer, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// Writes (or rewrites) one language's version of a year's theme.
#[server(prefix = "/api")]
pub async fn save_annual_theme(year: String, language: String, title: String, description: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::save(&db, &viewer, chrono::Utc::now(), &year, &language, &title, &description).await.map_err(crate::error::respond_with)
}

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
pub use views::{AnnualThemePage, TakeUpTheme, ThemeOnHome, ThemeTag};
