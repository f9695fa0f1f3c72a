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

/// Live delivery of the chat rooms' messages (`crate::live`): a room is a project.
pub type ChatHub = crate::live::Hub<ChatMessage>;

/// The chat's hub: it loads a message as every reader gets it, or as withdrawn once a moderator hid or deleted
/// it, so that every page drops it.
pub fn hub(db: DatabaseConnection) -> ChatHub {
    crate::live::Hub::new(db, "chat", Box::new(|db, project, message| Box::pin(async move { live_message(&db, project, message).await })))
}

async fn live_message(db: &DatabaseConnection, project: i32, message: i32) -> Option<ChatMessage> {
    match entity::Entity::find_by_id(message).filter(entity::Column::ProjectId.eq(project)).one(db).await {
        Ok(Some(row)) if row.hidden_at.is_none() => match to_messages(db, None, vec![row]).await {
            Ok(mut list) => Some(list.remove(0)),
            Err(err) => {
                tracing::error!(error = %err, "chat message could not be read");
                None
            }
        },
        Ok(_) => Some(withdrawn(message)),
        Err(err) => {
            tracing::error!(error = %err, "chat message could not be read");
            None
        }
    }
}
