//! Private messages: one conversation per pair of contacts (teachers only; pupils never), the conversation
//! list with unread counts, live delivery on the chat's channel (`crate::live`), reports and blocks.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A conversation as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    /// The other teacher's account: the conversation's address is `/messages/{with}`.
    pub with: i32,
    pub name: String,
    /// The beginning of the latest message the viewer may see.
    pub last: String,
    pub last_from_me: bool,
    pub last_at: chrono::DateTime<chrono::Utc>,
    pub unread: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub conversations: Vec<ConversationSummary>,
    /// Contacts the viewer has no conversation with yet, to start one.
    pub contacts: Vec<(i32, String)>,
}

/// A message as one side of the conversation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateMessage {
    pub id: i32,
    pub author_id: i32,
    pub author: String,
    pub body: String,
    pub sent_at: chrono::DateTime<chrono::Utc>,
    /// The time written the reader's way (the socket writes it for each reader).
    pub at: String,
    /// Hidden by a moderator: shown only to its author, with the reason.
    pub hidden_reason: Option<String>,
    /// Sent live when a moderator hid or deleted a message: the page drops it.
    pub withdrawn: bool,
}

impl PrivateMessage {
    pub fn for_reader(mut self, locale: crate::i18n::Locale) -> PrivateMessage {
        if !self.withdrawn {
            self.at = crate::locale::date_time(locale, self.sent_at);
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationView {
    /// The viewer (their own messages are drawn on the other side).
    pub me: i32,
    pub with: i32,
    pub name: String,
    /// Oldest first: the latest `PAGE` messages, or those before `before`.
    pub messages: Vec<PrivateMessage>,
    /// The first message shown, when older ones exist.
    pub older: Option<i32>,
    /// An earlier page (`before` given): shown as it is, not live, no message box.
    pub earlier: bool,
    pub may_write: bool,
    /// Why the viewer may not write, when they may not.
    pub closed: Option<Closed>,
    pub blocked_by_me: bool,
}

/// Why a conversation takes no new messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Closed {
    /// The viewer blocked the other teacher (they may unblock).
    YouBlocked,
    /// The other teacher blocked the viewer (used by the rules; the viewer is told `NotContacts`).
    TheyBlocked,
    /// No longer contacts, or the other teacher can no longer act (suspended, left).
    NotContacts,
}

pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Messages a conversation page shows at once.
pub const PAGE: u64 = 50;

#[server(prefix = "/api")]
pub async fn load_inbox() -> Result<Inbox, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::inbox(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_conversation(with: i32, #[server(default)] before: Option<i32>) -> Result<ConversationView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::conversation(&db, &viewer, with, before).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn send_private_message(to: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    use crate::requests::ssr::{Done, once};
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let send = async |txn: &sea_orm::DatabaseTransaction| ssr::send(txn, &viewer, to, &body).await;
    // Told to the conversation's open pages once, after it is stored.
    if let Done::Now((conversation, message)) = once(&db, viewer.id, &request, send).await.map_err(crate::error::respond_with)?
        && let Some(hub) = use_context::<std::sync::Arc<ssr::MessageHub>>()
    {
        hub.publish(conversation, message).await;
    }
    Ok(())
}

#[server(prefix = "/api")]
pub async fn block_teacher(teacher: i32, block: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::set_block(&db, &viewer, teacher, block).await.map_err(crate::error::respond_with)
}

#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
pub use views::{ConversationPage, MessagesPage};
