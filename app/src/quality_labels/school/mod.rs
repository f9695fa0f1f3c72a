//! The eTwinning School label: a school whose teachers take part (validated teachers, projects, National
//! Quality Labels) applies once a year through one of its teachers; the support organisation of its country
//! decides; the label is valid for the two following years and shows on its teachers' profiles and cards.
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use views::{SchoolLabelPage, SchoolLabelQueuePage};

use super::LabelStatus;
use crate::error::{AppError, Problem};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The criteria: at least this many validated teachers, projects and National Quality Labels at the school.
pub const MIN_TEACHERS: u64 = 2;
pub const MIN_PROJECTS: u64 = 1;
pub const MIN_NATIONAL_LABELS: u64 = 1;

/// What a school's teachers have done on the platform: the criteria's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolFigures {
    pub validated_teachers: u64,
    /// Approved projects in which a teacher of the school takes part.
    pub projects: u64,
    /// National Quality Labels awarded to the school's teachers.
    pub national_labels: u64,
}

impl SchoolFigures {
    pub fn meet_the_criteria(&self) -> bool {
        self.validated_teachers >= MIN_TEACHERS && self.projects >= MIN_PROJECTS && self.national_labels >= MIN_NATIONAL_LABELS
    }
}

/// A school's application as its teachers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolApplication {
    pub year: i32,
    pub status: LabelStatus,
    pub applicant: String,
    pub reason: Option<String>,
    /// The certificate, for the teacher who applied.
    pub certificate: Option<String>,
}

/// The school label page of a teacher's school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolLabelView {
    pub school_name: String,
    pub year: i32,
    pub figures: SchoolFigures,
    /// The last year of the label the school holds now, if any.
    pub label_until: Option<i32>,
    /// Why the school cannot apply now, if it cannot.
    pub blocked: Option<Problem>,
    /// Its applications, newest first.
    pub applications: Vec<SchoolApplication>,
}

/// An application as the support organisation judges it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolApplicationToAssess {
    pub id: i32,
    pub school_name: String,
    pub city: String,
    pub country_code: String,
    pub applicant: String,
    pub year: i32,
    pub statement: String,
    pub figures: SchoolFigures,
}

#[server(prefix = "/api")]
pub async fn load_school_label() -> Result<SchoolLabelView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::view(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn apply_for_school_label(statement: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let apply = async |txn: &sea_orm::DatabaseTransaction| ssr::apply(txn, &viewer, &statement).await;
    crate::requests::ssr::once(&db, viewer.id, &request, apply).await.map_err(crate::error::respond_with)?;
    Ok(())
}

#[server(prefix = "/api")]
pub async fn load_school_label_queue() -> Result<Vec<SchoolApplicationToAssess>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::queue(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn decide_school_label(application: i32, award: bool, #[server(default)] reason: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    ssr::decide(&db, &viewer, application, award, &reason, &site.public_url).await.map_err(crate::error::respond_with)
}
