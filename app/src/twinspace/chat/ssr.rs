//! Server side of the feature: entities, rules, queries.
use super::{CHAT_HISTORY, ChatMessage, ChatRoom, MAX_CHAT_CHARS};
use crate::{
    access::{Viewer, twinspace::{Act, SpaceResource}},
    error::AppError,
    twinspace::{ContentMark, ssr::{Guarded, guard, names, plain_text, seen, visible_rows}},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionSession,
    TransactionTrait,
};
use std::{collections::HashMap, sync::Mutex};
use tokio::sync::broadcast;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "chat_messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub project_id: i32,
        pub author_id: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
        /// Set when a moderator hid it: gone for everyone but its author and the space's moderators.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Messages as a viewer sees them (`space`: how they stand; none for live delivery, which never carries a
/// hidden message).
async fn to_messages(db: &impl ConnectionTrait, viewer: Option<(&Guarded, i32)>, rows: Vec<entity::Model>) -> Result<Vec<ChatMessage>, AppError> {
    let authors = names(db, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| ChatMessage {
            id: r.id,
            author: authors.get(&r.author_id).cloned().unwrap_or_default(),
            at: crate::locale::time_of_day(crate::i18n::Locale::en, r.created_at),
            sent_at: r.created_at,
            mark: viewer
                .and_then(|(space, id)| seen(space, r.author_id == id, r.hidden_reason.as_ref(), r.hidden_at, false))
                .unwrap_or_default(),
            withdrawn: false,
            body: r.body,
        })
        .collect())
}

/// What a page is told when a message it shows was hidden or deleted.
fn withdrawn(id: i32) -> ChatMessage {
    ChatMessage {
        id,
        author: String::new(),
        body: String::new(),
        sent_at: chrono::DateTime::UNIX_EPOCH,
        at: String::new(),
        mark: ContentMark::Visible,
        withdrawn: true,
    }
}

/// Messages of the room after `after` (the latest ones when none), oldest first; for those who may read
/// the chat. What a websocket sends first, and what a reconnecting page catches up with.
pub async fn history(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, after: Option<i32>) -> Result<Vec<ChatMessage>, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Chat, Act::Read, false).await?;
    let mut query = entity::Entity::find()
        .filter(entity::Column::ProjectId.eq(project))
        .filter(visible_rows(&space, viewer.id, entity::Column::AuthorId, entity::Column::HiddenAt, None));
    let rows = match after {
        Some(after) => query.filter(entity::Column::Id.gt(after)).order_by_asc(entity::Column::Id).limit(CHAT_HISTORY).all(db).await?,
        None => {
            query = query.order_by_desc(entity::Column::Id).limit(CHAT_HISTORY);
            let mut rows = query.all(db).await?;
            rows.reverse();
            rows
        }
    };
    to_messages(db, Some((&space, viewer.id)), rows).await
}

pub async fn room(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<ChatRoom, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Chat, Act::Read, false).await?;
    Ok(ChatRoom {
        may_write: space.may(SpaceResource::Chat, Act::Create, false),
        messages: history(db, viewer, project, None).await?,
        space: space.overview(),
    })
}

/// Stores a message. On PostgreSQL the messages of one room are written one at a time (an advisory lock
/// on the room), so their ids follow the order they become visible in, and "everything after the last id I
/// have" never skips one.
pub async fn post(db: &(impl ConnectionTrait + TransactionTrait), viewer: &Viewer, project: i32, body: &str) -> Result<ChatMessage, AppError> {
    guard(db, Some(viewer), project, SpaceResource::Chat, Act::Create, false).await?;
    let body = plain_text("body", body, MAX_CHAT_CHARS)?;
    let txn = crate::db::begin(db).await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(7411, $1)",
            [project.into()],
        ))
        .await?;
    }
    let row = entity::ActiveModel {
        project_id: Set(project),
        author_id: Set(viewer.id),
        body: Set(body),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(to_messages(db, None, vec![row]).await?.remove(0))
}

/// The PostgreSQL channel that carries "project:message" between server processes.
pub const CHANNEL: &str = "opentwin_chat";

/// Live delivery of chat messages to the websockets of this process. On PostgreSQL every message goes
/// through NOTIFY, and each process's listener (`listen`) hands it to its own subscribers, so two processes
/// on one database see each other's messages; on SQLite it is handed over directly.
pub struct ChatHub {
    db: DatabaseConnection,
    rooms: Mutex<HashMap<i32, broadcast::Sender<ChatMessage>>>,
}

impl ChatHub {
    pub fn new(db: DatabaseConnection) -> Self {
        ChatHub { db, rooms: Mutex::new(HashMap::new()) }
    }

    /// Live messages of a room; subscribe before reading the history, so that nothing falls in between.
    pub fn subscribe(&self, project: i32) -> broadcast::Receiver<ChatMessage> {
        let mut rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        rooms.retain(|_, sender| sender.receiver_count() > 0);
        rooms.entry(project).or_insert_with(|| broadcast::channel(256).0).subscribe()
    }

    fn deliver(&self, project: i32, message: ChatMessage) {
        let rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = rooms.get(&project) {
            let _ = sender.send(message);
        }
    }

    /// Hands a stored message to every process's subscribers. Failures are logged: the message is stored,
    /// and pages catch up when they reconnect.
    pub async fn publish(&self, project: i32, message: i32) {
        if self.db.get_database_backend() == sea_orm::DbBackend::Postgres {
            let notify = sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), format!("{project}:{message}").into()],
            );
            if let Err(err) = self.db.execute_raw(notify).await {
                tracing::error!(error = %err, "chat notify failed");
            }
        } else {
            self.load_and_deliver(project, message).await;
        }
    }

    /// Loads a message and hands it to this process's subscribers of its room.
    pub async fn load_and_deliver(&self, project: i32, message: i32) {
        if !self.rooms.lock().unwrap_or_else(|e| e.into_inner()).contains_key(&project) {
            return;
        }
        // A message hidden or deleted since is withdrawn from every page that shows it.
        match entity::Entity::find_by_id(message).filter(entity::Column::ProjectId.eq(project)).one(&self.db).await {
            Ok(Some(row)) if row.hidden_at.is_none() => match to_messages(&self.db, None, vec![row]).await {
                Ok(mut list) => self.deliver(project, list.remove(0)),
                Err(err) => tracing::error!(error = %err, "chat message could not be read"),
            },
            Ok(_) => self.deliver(project, withdrawn(message)),
            Err(err) => tracing::error!(error = %err, "chat message could not be read"),
        }
    }

    /// On PostgreSQL: listens for every process's messages and delivers them here. Runs until the process
    /// ends, reconnecting after a failure; does nothing on SQLite.
    pub async fn listen(self: std::sync::Arc<Self>) {
        let Ok(pool) = (match self.db.get_database_backend() {
            sea_orm::DbBackend::Postgres => Ok(self.db.get_postgres_connection_pool().clone()),
            _ => Err(()),
        }) else {
            return;
        };
        loop {
            match sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut listener) => {
                    if let Err(err) = listener.listen(CHANNEL).await {
                        tracing::error!(error = %err, "chat listen failed");
                    } else {
                        loop {
                            match listener.recv().await {
                                Ok(note) => {
                                    let parsed = note.payload().split_once(':').and_then(|(p, m)| Some((p.parse().ok()?, m.parse().ok()?)));
                                    if let Some((project, message)) = parsed {
                                        self.load_and_deliver(project, message).await;
                                    }
                                }
                                Err(err) => {
                                    tracing::error!(error = %err, "chat listener lost its connection");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(err) => tracing::error!(error = %err, "chat listener cannot connect"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }
}
