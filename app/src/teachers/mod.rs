//! Teachers and contacts: profile pages, "My interests", and contact requests (send, accept, decline, remove).
//! Only validated teachers build contacts; projects later invite only contacts. Finding teachers is
//! `partners` (partner search).
pub mod interests;
pub mod labels;
pub mod pictures;
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::{Avatar, Card, Choices, ContactsPage, InterestsPage, TeacherPage};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A teacher as lists show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherCard {
    pub id: i32,
    pub display_name: String,
    pub school_name: String,
    pub city: String,
    /// Shown by name in the reader's language.
    pub country_code: String,
    /// The picture's address, versioned so that a new picture is fetched anew; none without one.
    pub picture: Option<String>,
    /// National and European Quality Labels the teacher holds.
    pub quality_labels: u32,
    /// The last year of their school's eTwinning School label, while it holds one.
    pub school_label_until: Option<i32>,
}

/// Where the viewer stands with a teacher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactState {
    Yourself,
    None,
    /// The viewer asked; the other has not answered.
    RequestSent,
    /// The other asked the viewer.
    RequestReceived,
    Contacts,
    /// The other declined the viewer's request.
    Declined,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherProfile {
    pub card: TeacherCard,
    pub staff_role: Option<String>,
    pub contact: ContactState,
    /// Whether the viewer takes part in contacts at all (support staff look, but do not connect).
    pub viewer_has_contacts: bool,
    pub interests: interests::Interests,
    /// Labels and prizes, newest first (each with its public verification page).
    pub recognition: Vec<crate::certificates::Certificate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingRequest {
    pub from: TeacherCard,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactBook {
    pub contacts: Vec<TeacherCard>,
    pub incoming: Vec<IncomingRequest>,
    pub outgoing: Vec<TeacherCard>,
}

#[server(prefix = "/api")]
pub async fn load_my_interests() -> Result<interests::Interests, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::my_interests(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn save_my_interests(form: interests::InterestsForm) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::save_interests(&db, &viewer, &form).await.map_err(crate::error::respond_with)?;
    // Back to the form with a notice, with or without JavaScript.
    leptos_axum::redirect("/account/interests?saved=1");
    Ok(())
}

/// The address of the viewer's own picture, if they have one.
#[server(prefix = "/api")]
pub async fn my_picture() -> Result<Option<String>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::picture_of(&db, viewer.id).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_teacher_profile(id: i32) -> Result<TeacherProfile, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::profile(&db, &viewer, id).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_contact_book() -> Result<ContactBook, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::book(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn send_contact_request(to: i32, #[server(default)] message: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    ssr::send_request(&db, &viewer, to, &message, &site.public_url).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn answer_contact_request(from: i32, accept: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::answer(&db, &viewer, from, accept).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn remove_contact(other: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::remove(&db, &viewer, other).await.map_err(crate::error::respond_with)
}
