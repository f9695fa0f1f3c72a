//! Learning events: short online courses (two to four weeks) run by the support services. An event has a start
//! and an end date, a number of places (beyond them a waiting list, whose first person takes a place that frees
//! up), and units, each with one activity: read, discuss in the unit's forum, or submit a small piece of work.
//! Participants do the units while the event runs; whoever completes every unit receives a certificate
//! (`crate::certificates`: a PDF in their language, verifiable by its code). Validated teachers take part;
//! support staff organise; pupils never see learning events.
use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
/// A unit's instructions, a post in its forum, a piece of work.
pub const TEXT_MAX: usize = 5000;
/// An organiser's message to the participants.
pub const MESSAGE_MAX: usize = 2000;
pub const PLACES: (u32, u32) = (1, 5000);
pub const UNITS_MAX: u64 = 12;
/// The shortest and the longest event, in days from its first to its last.
pub const DAYS: (i64, i64) = (14, 28);

/// What a unit asks of a participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    /// Read the unit's text, then mark it read.
    Read,
    /// Write in the unit's forum.
    Discuss,
    /// Hand in a small piece of work (text), which the organisers read.
    Submit,
}

impl Activity {
    pub const ALL: [Activity; 3] = [Activity::Read, Activity::Discuss, Activity::Submit];

    pub fn as_str(self) -> &'static str {
        match self {
            Activity::Read => "read",
            Activity::Discuss => "discuss",
            Activity::Submit => "submit",
        }
    }

    pub fn parse(value: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.as_str() == value)
    }
}

/// Where the viewer stands in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Enrolment {
    Enrolled,
    /// On the waiting list, at this place (1: next).
    Waiting(u32),
}

/// An event as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCard {
    pub id: i32,
    pub title: String,
    pub language: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub places: u32,
    pub enrolled_count: u32,
    pub waiting_count: u32,
    pub enrolment: Option<Enrolment>,
    /// The viewer completed it.
    pub completed: bool,
    pub theme_year: Option<i32>,
}

impl EventCard {
    pub fn places_left(&self) -> u32 {
        self.places.saturating_sub(self.enrolled_count)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventList {
    pub running: Vec<EventCard>,
    /// Soonest first.
    pub upcoming: Vec<EventCard>,
    /// The latest first (at most 20).
    pub past: Vec<EventCard>,
    pub may_organise: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPost {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Hidden by a moderator: shown, with why, to its author and the organisers only.
    pub mark: crate::twinspace::ContentMark,
    /// Someone else's post: the viewer may report it.
    pub may_report: bool,
}

/// A unit. Everyone who sees the event sees the programme (titles and activities); the instructions, the forum
/// and one's work are for participants and organisers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitView {
    pub id: i32,
    pub position: u32,
    pub title: String,
    pub activity: Activity,
    pub instructions: Option<String>,
    /// The viewer has done it.
    pub done: bool,
    pub posts: Vec<UnitPost>,
    /// The viewer's piece of work (a "submit" unit).
    pub work: Option<String>,
}

/// A participant as the organisers see them: how far they are, and what they handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub account_id: i32,
    pub name: String,
    pub country_code: Option<String>,
    pub done: u32,
    pub completed: bool,
    /// (unit title, work)
    pub works: Vec<(String, String)>,
}

/// An event's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub card: EventCard,
    pub description: String,
    pub organiser: String,
    pub started: bool,
    pub ended: bool,
    /// A validated teacher who does not run it may enrol (or leave).
    pub may_enrol: bool,
    /// The viewer takes part now: enrolled, the event running.
    pub active: bool,
    pub units: Vec<UnitView>,
    pub done_units: u32,
    pub certificate: Option<String>,
    /// The organisers' view: participants, the waiting list, adding units before it starts.
    pub manages: bool,
    pub participants: Vec<Participant>,
    pub waiting: Vec<String>,
}

/// The organiser's form for an event (text as the browser sends it; checked on the server).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventForm {
    pub title: String,
    pub description: String,
    pub language: String,
    /// "YYYY-MM-DD"
    pub starts_on: String,
    pub ends_on: String,
    pub places: String,
    #[serde(default)]
    pub annual_theme: Option<String>,
}

#[server(prefix = "/api")]
pub async fn load_learning_events() -> Result<EventList, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::list(&db, &viewer, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_learning_event(id: i32) -> Result<EventView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::event(&db, &viewer, id, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// Whether the viewer may organise a learning event: the form's page asks before showing it.
#[server(prefix = "/api")]
pub async fn may_organise_learning_event() -> Result<(), AppError> {
    let (_, viewer) = crate::accounts::ssr::signed_in().await?;
    if ssr::may_organise(&viewer) { Ok(()) } else { Err(crate::error::respond_with(AppError::NotFound)) }
}

/// Creates an event and goes to its page (where its units are added).
#[server(prefix = "/api")]
pub async fn create_learning_event(form: EventForm, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create(txn, &viewer, &form, chrono::Utc::now()).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, create).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/learning-events/{id}"));
    Ok(())
}

/// The organiser adds a unit, before the event starts.
#[server(prefix = "/api")]
pub async fn add_learning_unit(event: i32, title: String, instructions: String, activity: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let add = async |txn: &sea_orm::DatabaseTransaction| ssr::add_unit(txn, &viewer, event, &title, &instructions, &activity, chrono::Utc::now()).await;
    crate::requests::ssr::once(&db, viewer.id, &request, add).await.map_err(crate::error::respond_with)?;
    Ok(())
}

/// The organiser corrects a unit, before the event starts.
#[server(prefix = "/api")]
pub async fn edit_learning_unit(unit: i32, title: String, instructions: String, activity: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::edit_unit(&db, &viewer, unit, &title, &instructions, &activity, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// The organiser removes a unit, before the event starts.
#[server(prefix = "/api")]
pub async fn remove_learning_unit(unit: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::remove_unit(&db, &viewer, unit, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// The organiser writes to every enrolled participant.
#[server(prefix = "/api")]
pub async fn message_learning_event(event: i32, message: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    let send = async |txn: &sea_orm::DatabaseTransaction| ssr::message_participants(txn, &viewer, event, &message, chrono::Utc::now(), &site.public_url).await;
    crate::requests::ssr::once(&db, viewer.id, &request, send).await.map_err(crate::error::respond_with)?;
    Ok(())
}

/// Enrols the viewer (`enrol`: a place, or the waiting list when none is left), or takes them out.
#[server(prefix = "/api")]
pub async fn enrol_in_learning_event(event: i32, enrol: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::enrol(&db, &viewer, event, enrol, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// A participant marks a "read" unit as read.
#[server(prefix = "/api")]
pub async fn mark_unit_read(unit: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::mark_read(&db, &viewer, unit, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// A participant hands in (or hands in again) their work for a "submit" unit.
#[server(prefix = "/api")]
pub async fn submit_unit_work(unit: i32, work: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::submit(&db, &viewer, unit, &work, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// A participant or an organiser writes in a "discuss" unit's forum.
#[server(prefix = "/api")]
pub async fn post_in_unit(unit: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let post = async |txn: &sea_orm::DatabaseTransaction| ssr::post(txn, &viewer, unit, &body, chrono::Utc::now()).await;
    crate::requests::ssr::once(&db, viewer.id, &request, post).await.map_err(crate::error::respond_with)?;
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
pub use views::{LearningEventPage, LearningEventsPage, NewLearningEventPage};
