//! The notification centre: one place for everything the platform tells a person — contact requests, project
//! founding and approvals, Quality Labels and prizes, notices from moderators, seminars, learning events,
//! groups, and what is new in one's TwinSpaces —
//! read and unread, with the header's count. Per kind of news the person chooses how they hear of it: only
//! here, an e-mail at once, or a daily or weekly summary mail in their language (sent by a background task that
//! survives restarts and never sends one twice). Features tell people things through `ssr::notify`, the one
//! place that writes a notification and decides on its mail.
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kinds of news a person chooses a delivery for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Contacts,
    Projects,
    Labels,
    Moderation,
    /// Online seminars and other events: a certificate of attendance.
    Events,
    /// Groups: a proposal decided, an invitation, a request to join, a welcome.
    Groups,
    /// Something new in a TwinSpace one belongs to (a post, a forum thread, a page, a file).
    TwinSpace,
}

impl Kind {
    pub const ALL: [Kind; 7] = [Kind::Contacts, Kind::Projects, Kind::Labels, Kind::Moderation, Kind::Events, Kind::Groups, Kind::TwinSpace];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Contacts => "contacts",
            Kind::Projects => "projects",
            Kind::Labels => "labels",
            Kind::Moderation => "moderation",
            Kind::Events => "events",
            Kind::Groups => "groups",
            Kind::TwinSpace => "twinspace",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// What a person gets who never chose: mail at once for what came by mail before the centre existed;
    /// moderators' notices about hidden or restored content stay in the centre.
    pub fn default_delivery(self) -> Delivery {
        match self {
            // Groups' and TwinSpaces' news never came by mail: the centre, unless the reader chooses mail.
            Kind::Moderation | Kind::Groups | Kind::TwinSpace => Delivery::InApp,
            _ => Delivery::Immediate,
        }
    }
}

/// How a person hears of a kind of news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// Only in the notification centre.
    InApp,
    Immediate,
    Daily,
    Weekly,
}

impl Delivery {
    pub const ALL: [Delivery; 4] = [Delivery::InApp, Delivery::Immediate, Delivery::Daily, Delivery::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::InApp => "in_app",
            Delivery::Immediate => "immediate",
            Delivery::Daily => "daily",
            Delivery::Weekly => "weekly",
        }
    }

    pub fn parse(value: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.as_str() == value)
    }
}

/// A notification as its reader sees it. The text is written from `event` and `params` in the reader's
/// language when shown (`title`), so a change of language changes old notifications too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i32,
    pub event: String,
    pub params: BTreeMap<String, String>,
    /// A page of this site the news is about.
    pub link: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub unread: bool,
}

impl Notification {
    /// A moderator's or support organisation's reason, shown under the title.
    pub fn reason(&self) -> Option<&str> {
        self.params.get("reason").map(String::as_str).filter(|r| !r.is_empty())
    }

    /// What an organiser wrote (a learning event's message to its participants), shown under the title as written.
    pub fn message(&self) -> Option<&str> {
        self.params.get("message").map(String::as_str).filter(|m| !m.is_empty())
    }
}

/// The notification's one line, in a language. Unknown events (written by a newer version during a rolling
/// update) read as a plain "news" line rather than nothing.
pub fn title(locale: Locale, event: &str, params: &BTreeMap<String, String>) -> String {
    let p = |name: &str| params.get(name).map(String::as_str).unwrap_or_default();
    match event {
        "contact_request" => td_string!(locale, notification_contact_request, from = p("from")).to_string(),
        "cofound" => td_string!(locale, notification_cofound, from = p("from"), title = p("title")).to_string(),
        "cofound_accepted" => td_string!(locale, notification_cofound_accepted, from = p("from"), title = p("title")).to_string(),
        "cofound_declined" => td_string!(locale, notification_cofound_declined, from = p("from"), title = p("title")).to_string(),
        "contact_accepted" => td_string!(locale, notification_contact_accepted, from = p("from")).to_string(),
        "space_invitation" => td_string!(locale, notification_space_invitation, from = p("from"), title = p("title")).to_string(),
        "space_activity" => td_string!(locale, notification_space_activity, title = p("title")).to_string(),
        "project_open" => td_string!(locale, notification_project_open, title = p("title")).to_string(),
        "project_rejected" => td_string!(locale, notification_project_rejected, title = p("title")).to_string(),
        "label_awarded" => td_string!(locale, notification_label_awarded, title = p("title"), year = p("year")).to_string(),
        "label_refused" => td_string!(locale, notification_label_refused, title = p("title")).to_string(),
        "european_label" => td_string!(locale, notification_european_label, title = p("title"), year = p("year")).to_string(),
        "school_label_awarded" => td_string!(locale, notification_school_label_awarded, school = p("school")).to_string(),
        "school_label_refused" => td_string!(locale, notification_school_label_refused, school = p("school")).to_string(),
        "prize" => td_string!(locale, notification_prize, title = p("title"), year = p("year")).to_string(),
        "moderation" => td_string!(locale, notification_moderation).to_string(),
        "seminar_certificate" => td_string!(locale, notification_seminar_certificate, title = p("title")).to_string(),
        "seminar_cancelled" => td_string!(locale, notification_seminar_cancelled, title = p("title")).to_string(),
        "seminar_reminder" => td_string!(locale, notification_seminar_reminder, title = p("title")).to_string(),
        "group_approved" => td_string!(locale, notification_group_approved, name = p("name")).to_string(),
        "group_refused" => td_string!(locale, notification_group_refused, name = p("name")).to_string(),
        "group_invited" => td_string!(locale, notification_group_invited, from = p("from"), name = p("name")).to_string(),
        "group_request" => td_string!(locale, notification_group_request, from = p("from"), name = p("name")).to_string(),
        "group_welcome" => td_string!(locale, notification_group_welcome, name = p("name")).to_string(),
        "group_report" => td_string!(locale, notification_group_report, name = p("name")).to_string(),
        "learning_event_place" => td_string!(locale, notification_learning_event_place, title = p("title")).to_string(),
        "learning_event_completed" => td_string!(locale, notification_learning_event_completed, title = p("title")).to_string(),
        "learning_event_message" => td_string!(locale, notification_learning_event_message, title = p("title")).to_string(),
        _ => td_string!(locale, notification_other).to_string(),
    }
}

/// The viewer's notifications and what they chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Centre {
    /// Newest first, at most `PAGE`.
    pub notifications: Vec<Notification>,
    /// The delivery of each kind on the form; none for those who receive no mail (pupils).
    pub preferences: Option<Vec<(Kind, Delivery)>>,
}

pub const PAGE: u64 = 50;

/// The centre; reading it marks everything shown as read.
#[server(prefix = "/api")]
pub async fn load_notifications() -> Result<Centre, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::centre(&db, &viewer).await.map_err(crate::error::respond_with)
}

/// The preferences form: one delivery per kind of news (field names are `Kind::as_str`).
#[server(prefix = "/api")]
pub async fn save_notification_preferences(
    contacts: String,
    projects: String,
    labels: String,
    moderation: String,
    events: String,
    groups: String,
    twinspace: String,
) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let chosen = [
        (Kind::Contacts, contacts),
        (Kind::Projects, projects),
        (Kind::Labels, labels),
        (Kind::Moderation, moderation),
        (Kind::Events, events),
        (Kind::Groups, groups),
        (Kind::TwinSpace, twinspace),
    ];
    ssr::set_preferences(&db, &viewer, &chosen).await.map_err(crate::error::respond_with)
}

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
pub use views::NotificationsPage;
