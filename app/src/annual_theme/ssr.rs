//! Server side of the annual theme: its versions, who writes them, and the tag that projects and seminars take.
use super::{AnnualTheme, DESCRIPTION_MAX, TITLE_MAX, ThemeEditor, ThemeVersion};
use crate::{
    access::{self, Viewer},
    error::{AppError, Problem},
    forms::{one_line, paragraphs},
    locale::platform_language,
};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, sea_query::OnConflict};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "annual_themes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub year: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub language: String,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use entity as themes;

pub fn this_year(now: DateTime<Utc>) -> i32 {
    now.year()
}

/// A year's theme in `language`, else in English; none when the year has no theme.
pub async fn of_year(db: &impl ConnectionTrait, year: i32, language: &str) -> Result<Option<AnnualTheme>, AppError> {
    let rows = themes::Entity::find()
        .filter(themes::Column::Year.eq(year))
        .filter(themes::Column::Language.is_in([language, "en"]))
        .all(db)
        .await?;
    let chosen = rows.iter().find(|row| row.language == language).or_else(|| rows.iter().find(|row| row.language == "en"));
    Ok(chosen.map(|row| AnnualTheme { year: row.year, title: row.title.clone(), description: row.description.clone() }))
}

/// The Central Support Service writes the theme.
pub fn may_write(viewer: &Viewer) -> bool {
    access::is_central_support(viewer)
}

pub async fn editor(db: &impl ConnectionTrait, viewer: &Viewer, now: DateTime<Utc>) -> Result<ThemeEditor, AppError> {
    if !may_write(viewer) {
        return Err(AppError::Forbidden);
    }
    let year = this_year(now);
    let versions = themes::Entity::find()
        .filter(themes::Column::Year.is_in([year, year + 1]))
        .order_by_asc(themes::Column::Year)
        .order_by_asc(themes::Column::Language)
        .all(db)
        .await?
        .into_iter()
        .map(|row| ThemeVersion { year: row.year, language: row.language, title: row.title, description: row.description })
        .collect();
    Ok(ThemeEditor { this_year: year, versions })
}

/// Writes one version; English comes first, since readers of a language without its own version see it.
/// Themes are written for this year or the next (the two the page shows).
pub async fn save(db: &impl ConnectionTrait, viewer: &Viewer, now: DateTime<Utc>, year: &str, language: &str, title: &str, description: &str) -> Result<(), AppError> {
    if !may_write(viewer) {
        return Err(AppError::Forbidden);
    }
    let this = this_year(now);
    let year = match year.trim().parse::<i32>() {
        Ok(n) if (this..=this + 1).contains(&n) => n,
        _ => return Err(AppError::invalid("year", Problem::WholeNumber { min: this as u32, max: this as u32 + 1 })),
    };
    let language = platform_language(language).ok_or(AppError::invalid("language", Problem::ChooseLanguage))?;
    let title = one_line("title", title, TITLE_MAX)?;
    let description = paragraphs("description", description, DESCRIPTION_MAX)?;
    if language != "en" && themes::Entity::find_by_id((year, "en".to_owned())).one(db).await?.is_none() {
        return Err(AppError::invalid("language", Problem::EnglishFirst));
    }
    themes::Entity::insert(themes::ActiveModel {
        year: Set(year),
        language: Set(language),
        title: Set(title),
        description: Set(description),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([themes::Column::Year, themes::Column::Language])
            .update_columns([themes::Column::Title, themes::Column::Description, themes::Column::UpdatedAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// The tag ticked on a project's or a seminar's form: nothing, or this year's theme (which must exist).
pub async fn take_up(db: &impl ConnectionTrait, ticked: Option<&str>, now: DateTime<Utc>) -> Result<Option<i32>, AppError> {
    let Some(raw) = ticked.map(str::trim).filter(|raw| !raw.is_empty()) else { return Ok(None) };
    let year = this_year(now);
    if raw.parse::<i32>().ok() != Some(year) || themes::Entity::find_by_id((year, "en".to_owned())).one(db).await?.is_none() {
        return Err(AppError::invalid(super::TAKE_UP_FIELD, Problem::ChooseTheme));
    }
    Ok(Some(year))
}
