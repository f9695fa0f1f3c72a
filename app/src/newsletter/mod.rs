//! The newsletter: the Central Support Service writes it in Markdown, in English first and then in any of the
//! platform's languages; once sent, it goes through the outbox to every teacher who subscribed, each in their own
//! language (else English), with a one-click unsubscribe link that needs no signing in. Sent newsletters stay
//! readable on the platform, their Markdown made safe. Pupils never see the newsletter.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const SUBJECT_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;

/// A newsletter in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterCard {
    pub id: i32,
    /// In the reader's language, else English (empty for a draft without its English version yet).
    pub subject: String,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Sending has begun and not ended.
    pub sending: bool,
    pub sent_count: u32,
    /// The languages it is written in.
    pub languages: Vec<String>,
}

/// The newsletter's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterHome {
    /// Whether the viewer receives it.
    pub subscribed: bool,
    /// Sent newsletters, newest first.
    pub archive: Vec<NewsletterCard>,
    /// Drafts and those being sent, for the Central Support Service only.
    pub drafts: Option<Vec<NewsletterCard>>,
}

/// One language's version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    pub language: String,
    pub subject: String,
    pub body: String,
}

/// A newsletter to read (and, for its writers, to write and send).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsletterView {
    pub card: NewsletterCard,
    /// The reader's version, as safe HTML.
    pub html: String,
    /// Every version, for the Central Support Service while it can still be changed.
    pub editions: Option<Vec<Edition>>,
    /// It may be sent now (by this viewer: written, with its English version, not yet sent).
    pub may_send: bool,
}

#[server(prefix = "/api")]
pub async fn load_newsletters() -> Result<NewsletterHome, AppError> {
    use leptos_i18n::Locale as _;
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let locale = crate::request_locale().await;
    ssr::home(&db, &viewer, locale.as_str()).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_newsletter(id: i32) -> Result<NewsletterView, AppError> {
    use leptos_i18n::Locale as _;
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let locale = crate::request_locale().await;
    ssr::newsletter(&db, &viewer, id, locale.as_str()).await.map_err(crate::error::respond_with)
}

/// Subscribes the viewer (`subscribe`), or unsubscribes them.
#[server(prefix = "/api")]
pub async fn subscribe_to_newsletter(subscribe: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::set_subscribed(&db, &viewer, subscribe).await.map_err(crate::error::respond_with)
}

/// Unsubscribes whoever the link in a newsletter was for: no signing in (the link's token is the proof).
#[server(prefix = "/api")]
pub async fn unsubscribe_from_newsletter(token: String) -> Result<(), AppError> {
    let db = crate::db::conn()?;
    match ssr::unsubscribe(&db, &token).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(crate::error::respond_with(AppError::NotFound)),
        Err(err) => Err(crate::error::respond_with(err)),
    }
}

/// Whether the viewer may write a newsletter: the form's page asks before showing it.
#[server(prefix = "/api")]
pub async fn may_write_newsletter() -> Result<(), AppError> {
    let (_, viewer) = crate::accounts::ssr::signed_in().await?;
    if ssr::may_write(&viewer) { Ok(()) } else { Err(crate::error::respond_with(AppError::NotFound)) }
}

/// A new newsletter, from its English version; goes to its page.
#[server(prefix = "/api")]
pub async fn create_newsletter(subject: String, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let create = async |txn: &sea_orm::DatabaseTransaction| ssr::create(txn, &viewer, &subject, &body).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, create).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/newsletter/{id}"));
    Ok(())
}

/// Writes or rewrites one language's version, until the newsletter is sent.
#[server(prefix = "/api")]
pub async fn save_newsletter_edition(newsletter: i32, language: String, subject: String, body: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::save_edition(&db, &viewer, newsletter, &language, &subject, &body).await.map_err(crate::error::respond_with)
}

/// Starts sending (once): the background task puts a mail per subscriber in the outbox, a batch at a time.
#[server(prefix = "/api")]
pub async fn send_newsletter(newsletter: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::request_sending(&db, &viewer, newsletter, chrono::Utc::now()).await.map_err(crate::error::respond_with)
}

/// The address of a subscriber's unsubscribe page (the link in each newsletter).
pub fn unsubscribe_path(token: &str) -> String {
    format!("/newsletter/unsubscribe?token={token}")
}

/// Where mail programs post RFC 8058's one-click unsubscribe (`server/src/newsletter.rs`).
pub const ONE_CLICK_PATH: &str = "/newsletter/one-click-unsubscribe";

/// A subscriber's one-click address (the `List-Unsubscribe` header).
pub fn one_click_path(token: &str) -> String {
    format!("{ONE_CLICK_PATH}?token={token}")
}

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
pub use views::{NewNewsletterPage, NewsletterPage, NewslettersPage, UnsubscribePage};
