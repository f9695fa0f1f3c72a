//! The home page: what the platform is for, and live figures from the database.
mod views;

pub use views::HomePage;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The public figures on the home page. Only validated teachers and approved projects count: people waiting for
/// validation and projects waiting for approval are not yet part of the community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformStats {
    pub countries: u64,
    pub schools: u64,
    pub teachers: u64,
    pub projects: u64,
}

#[server(prefix = "/api")]
pub async fn load_platform_stats() -> Result<PlatformStats, AppError> {
    let db = crate::db::conn()?;
    ssr::platform_stats(&db).await.map_err(crate::error::respond_with)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::PlatformStats;
    use crate::{
        accounts::ssr as accounts,
        countries::ssr::entity as countries,
        error::AppError,
        projects::{ProjectStatus, ssr::entity as projects},
        schools::ssr::entity as schools,
    };
    use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

    pub async fn platform_stats(db: &impl ConnectionTrait) -> Result<PlatformStats, AppError> {
        let countries = countries::Entity::find().count(db).await?;
        let schools = schools::Entity::find().filter(schools::Column::Confirmed.eq(true)).count(db).await?;
        let teachers = accounts::entity::Entity::find()
            .filter(crate::access::ssr::publicly_visible_teachers())
            .count(db)
            .await?;
        let projects = projects::Entity::find()
            .filter(projects::Column::Status.is_in(ProjectStatus::APPROVED.map(ProjectStatus::as_str)))
            .filter(projects::Column::HiddenAt.is_null())
            .count(db)
            .await?;
        Ok(PlatformStats { countries, schools, teachers, projects })
    }
}
