//! The teachers' chat room of a TwinSpace. Messages are sent with a plain form (a server function, so sending
//! works without JavaScript) and stored; they reach every open page live over a websocket
//! (`/projects/{id}/chat/socket`, served by `server/src/chat.rs`). Across server processes the fan-out goes
//! through PostgreSQL LISTEN/NOTIFY; on SQLite (one process) it stays in memory. A page that reconnects asks
//! for what came after the last message it has, so nothing is missed.
use super::SpaceOverview;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub id: i32,
    pub author: String,
    pub body: String,
    /// Kept on the server, to write `at` for each reader; not sent (the island shows `at`, and reading a timestamp
    /// would bring date parsing into the browser's bundle).
    #[serde(skip)]
    pub sent_at: chrono::DateTime<chrono::Utc>,
    /// The time it was sent, as its reader writes a time of day (UTC): set for each reader (`for_reader`).
    pub at: String,
    /// Only for the author and the space's moderators when hidden.
    #[serde(default)]
    pub mark: super::ContentMark,
    /// Sent live when a moderator hid or deleted the message: pages drop it.
    #[serde(default)]
    pub withdrawn: bool,
}

impl ChatMessage {
    /// The message with its time written the reader's way.
    pub fn for_reader(mut self, locale: crate::i18n::Locale) -> ChatMessage {
        if !self.withdrawn {
            self.at = crate::locale::time_of_day(locale, self.sent_at);
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatRoom {
    pub space: SpaceOverview,
    /// The latest messages, oldest first.
    pub messages: Vec<ChatMessage>,
    pub may_write: bool,
}

pub const MAX_CHAT_CHARS: usize = 2000;
/// Messages a page loads at first, and at most what a reconnecting page catches up with at once.
pub const CHAT_HISTORY: u64 = 100;

#[server(prefix = "/api")]
pub async fn load_chat(project: i32) -> Result<ChatRoom, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::room(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn send_chat_message(project: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    use crate::requests::ssr::{Done, once};
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let send = async |txn: &sea_orm::DatabaseTransaction| ssr::post(txn, &viewer, project, &body).await.map(|message| message.id);
    // Told to the room once, after it is stored; a message sent again was told the first time.
    if let Done::Now(id) = once(&db, viewer.id, &request, send).await.map_err(crate::error::respond_with)?
        && let Some(hub) = use_context::<std::sync::Arc<ssr::ChatHub>>()
    {
        hub.publish(project, id).await;
    }
    Ok(())
}


#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
