//! Online seminars: a live session with a speaker, organised by the support services. Validated teachers and
//! support staff see them and register up to the number of places; a calendar file (iCalendar, times in UTC)
//! adds one to any calendar; the link to join is given to registered people only; afterwards the recording and
//! materials are shown, and the organiser marks who attended, which issues a certificate of attendance. Pupils
//! never see seminars.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const MINUTES: (u32, u32) = (15, 480);
pub const CAPACITY: (u32, u32) = (1, 10_000);

/// A seminar as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeminarCard {
    pub id: i32,
    pub title: String,
    pub speaker: String,
    /// ISO 639-1 code of the language it is held in.
    pub language: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub minutes: u32,
    pub capacity: u32,
    pub registered_count: u32,
    /// The viewer is registered.
    pub registered: bool,
    /// The year of the annual theme it took up.
    pub theme_year: Option<i32>,
    /// Cancelled by its organiser: no registration, no link to join.
    pub cancelled: bool,
}

impl SeminarCard {
    pub fn ends_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.starts_at + chrono::TimeDelta::minutes(self.minutes as i64)
    }

    pub fn places_left(&self) -> u32 {
        self.capacity.saturating_sub(self.registered_count)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeminarList {
    /// Soonest first.
    pub upcoming: Vec<SeminarCard>,
    /// The latest first (at most 20).
    pub past: Vec<SeminarCard>,
    pub may_organise: bool,
}

/// A registered person, as the organiser sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub account_id: i32,
    pub name: String,
    pub country_code: Option<String>,
    pub attended: bool,
}

/// A seminar's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeminarView {
    pub card: SeminarCard,
    pub description: String,
    pub organiser: String,
    /// Only for registered people and the organiser.
    pub join_url: Option<String>,
    pub recording_url: Option<String>,
    pub materials_url: Option<String>,
    /// It has begun (registration closed, attendance can be marked).
    pub begun: bool,
    pub ended: bool,
    /// The viewer may register (a validated teacher or support staff, not the organiser).
    pub may_register: bool,
    /// The viewer runs it and may still cancel it (before it begins).
    pub may_cancel: bool,
    /// The viewer's certificate of attendance, once issued.
    pub certificate: Option<String>,
    /// The registered people, for the organiser only.
    pub attendees: Option<Vec<Attendee>>,
}

/// The organiser's form (all text, as the browser sends it; checked on the server).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeminarForm {
    pub title: String,
    pub description: String,
    pub speaker: String,
    pub language: String,
    /// "YYYY-MM-DDTHH:MM", in UTC (the platform's one clock).
    pub starts_at: String,
    pub minutes: String,
    pub capacity: String,
    pub join_url: String,
    /// Ticked: this year's annual theme (the year); absent when not ticked.
    #[serde(default)]
    pub annual_theme: Option<String>,
}

#[server(prefix = "/api")]
pub async fn load_seminars() -> Result<SeminarList, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::list(&db, &viewer, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_seminar(id: i32) -> Result<SeminarView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::seminar(&db, &viewer, id, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// Whether the viewer may schedule a seminar: the form's page asks before showing it.
#[server(prefix = "/api")]
pub async fn may_create_seminar() -> Result<(), AppError> {
    let (_, viewer) = crate::accounts::ssr::signed_in().await?;
    if ssr::may_create(&viewer) { Ok(()) } else { Err(crate::error::respond_with(AppError::NotFound)) }
}

/// Creates a seminar and goes to its page.
#[server(prefix = "/api")]
pub async fn create_seminar(form: SeminarForm, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create(txn, &viewer, &form, chrono::Utc::now()).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, create).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/seminars/{id}"));
    Ok(())
}

/// Registers the viewer (`register`), or takes the registration back.
#[server(prefix = "/api")]
pub async fn register_for_seminar(seminar: i32, register: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::register(&db, &viewer, seminar, register, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// The organiser marks a registered person as present: they receive a certificate of attendance.
#[server(prefix = "/api")]
pub async fn mark_attendance(seminar: i32, account: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    ssr::mark_attended(&db, &viewer, seminar, account, chrono::Utc::now(), &site.public_url).await.map_err(crate::error::respond_with)
}

/// The organiser cancels the seminar before it begins; registered people are told.
#[server(prefix = "/api")]
pub async fn cancel_seminar(seminar: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    ssr::cancel(&db, &viewer, seminar, chrono::Utc::now(), &site.public_url).await.map_err(crate::error::respond_with)
}

/// The organiser adds the recording and materials afterwards (either may be left empty).
#[server(prefix = "/api")]
pub async fn set_seminar_recording(seminar: i32, recording_url: String, materials_url: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::set_recording(&db, &viewer, seminar, &recording_url, &materials_url).await.map_err(crate::error::respond_with)
}

/// Where a seminar's calendar file is (`server/src/seminars.rs`).
pub fn calendar_path(id: i32) -> String {
    format!("/seminars/{id}/calendar.ics")
}

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
pub use views::{NewSeminarPage, SeminarPage, SeminarsPage};
