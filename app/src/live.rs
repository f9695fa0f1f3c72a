//! Live delivery to websockets, for every kind of room: a TwinSpace's chat and a private conversation.
//!
//! Each kind has its own `Hub`, which hands a stored message to the subscribers of its room in this process.
//! On PostgreSQL every message goes through one NOTIFY channel as "kind:room:message", and each process's one
//! listener (`listen`, one connection for all kinds) hands it to the hub of its kind, which loads it and delivers
//! it to its own subscribers, so people connected to two processes hear each
//! other; on SQLite (one process) it is delivered directly. Compiled only with `ssr`; imports no feature.
use futures_util::future::BoxFuture;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::{collections::HashMap, sync::Mutex};
use tokio::sync::broadcast;

/// The PostgreSQL channel that carries "kind:room:message" between server processes.
pub const CHANNEL: &str = "opentwin_chat";

/// Loads message `message` of room `room` as its subscribers get it (or as withdrawn, when a moderator hid or
/// deleted it since); none when it cannot be read.
pub type Load<T> = Box<dyn Fn(DatabaseConnection, i32, i32) -> BoxFuture<'static, Option<T>> + Send + Sync>;

pub struct Hub<T> {
    db: DatabaseConnection,
    /// Which rooms these are, on the shared channel.
    kind: &'static str,
    load: Load<T>,
    rooms: Mutex<HashMap<i32, broadcast::Sender<T>>>,
}

impl<T: Clone + Send + Sync + 'static> Hub<T> {
    pub fn new(db: DatabaseConnection, kind: &'static str, load: Load<T>) -> Self {
        Hub { db, kind, load, rooms: Mutex::new(HashMap::new()) }
    }

    /// Live messages of a room; subscribe before reading the history, so that nothing falls in between.
    pub fn subscribe(&self, room: i32) -> broadcast::Receiver<T> {
        let mut rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
        rooms.retain(|_, sender| sender.receiver_count() > 0);
        rooms.entry(room).or_insert_with(|| broadcast::channel(256).0).subscribe()
    }

    /// Hands a stored message to every process's subscribers. Failures are logged: the message is stored, and
    /// pages catch up when they reconnect.
    pub async fn publish(&self, room: i32, message: i32) {
        if self.db.get_database_backend() == sea_orm::DbBackend::Postgres {
            let notify = sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), format!("{}:{room}:{message}", self.kind).into()],
            );
            if let Err(err) = self.db.execute_raw(notify).await {
                tracing::error!(error = %err, kind = self.kind, "live notify failed");
            }
        } else {
            self.load_and_deliver(room, message).await;
        }
    }

    /// Loads a message and hands it to this process's subscribers of its room (if it has any).
    pub async fn load_and_deliver(&self, room: i32, message: i32) {
        if !self.rooms.lock().unwrap_or_else(|e| e.into_inner()).contains_key(&room) {
            return;
        }
        if let Some(loaded) = (self.load)(self.db.clone(), room, message).await {
            let rooms = self.rooms.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(sender) = rooms.get(&room) {
                let _ = sender.send(loaded);
            }
        }
    }

    /// Listens for this hub's kind alone (tests; the server listens once for all its hubs with `listen`).
    pub async fn listen(self: std::sync::Arc<Self>) {
        let db = self.db.clone();
        listen(db, vec![self]).await
    }
}

/// A hub as the one listener sees it: its kind, and how to hand a message of one of its rooms to this process.
pub trait Deliver: Send + Sync {
    fn kind(&self) -> &'static str;
    fn deliver(&self, room: i32, message: i32) -> BoxFuture<'_, ()>;
}

impl<T: Clone + Send + Sync + 'static> Deliver for Hub<T> {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn deliver(&self, room: i32, message: i32) -> BoxFuture<'_, ()> {
        Box::pin(self.load_and_deliver(room, message))
    }
}

/// On PostgreSQL: one connection of the process listens for every process's messages and hands each to the hub of
/// its kind. Runs until the process ends, reconnecting after a failure; does nothing on SQLite.
pub async fn listen(db: DatabaseConnection, hubs: Vec<std::sync::Arc<dyn Deliver>>) {
    let Ok(pool) = (match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => Ok(db.get_postgres_connection_pool().clone()),
        _ => Err(()),
    }) else {
        return;
    };
    loop {
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => {
                if let Err(err) = listener.listen(CHANNEL).await {
                    tracing::error!(error = %err, "live listen failed");
                } else {
                    loop {
                        match listener.recv().await {
                            Ok(note) => {
                                if let Some((kind, room, message)) = parse(note.payload())
                                    && let Some(hub) = hubs.iter().find(|hub| hub.kind() == kind)
                                {
                                    hub.deliver(room, message).await;
                                }
                            }
                            Err(err) => {
                                tracing::error!(error = %err, "live listener lost its connection");
                                break;
                            }
                        }
                    }
                }
            }
            Err(err) => tracing::error!(error = %err, "live listener cannot connect"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// "kind:room:message"; "room:message" is the chat's, as processes of the previous release still send it during
/// a rolling update. (Public for its test in app/tests/units.rs.)
#[doc(hidden)]
pub fn parse(payload: &str) -> Option<(&str, i32, i32)> {
    let mut parts = payload.split(':');
    let (first, second, third) = (parts.next()?, parts.next()?, parts.next());
    if parts.next().is_some() {
        return None;
    }
    match third {
        Some(message) => Some((first, second.parse().ok()?, message.parse().ok()?)),
        None => Some(("chat", first.parse().ok()?, second.parse().ok()?)),
    }
}

