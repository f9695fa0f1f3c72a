//! Server side of private messages: entities, rules, queries. Who may write to whom is decided here, from
//! `access` (validated teachers, never pupils or support staff) and the contact book.
use super::{Closed, ConversationSummary, ConversationView, Inbox, MAX_MESSAGE_CHARS, PAGE, PrivateMessage};
use crate::{
    access::{self, Viewer, ssr::publicly_visible_teachers},
    accounts::ssr::{KIND_STAFF, entity as accounts},
    error::{AppError, Problem},
    forms::plain_text,
    throttle::ssr::{self as throttle, Limit},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait, OnConflict},
};
use std::collections::HashMap;

pub mod conversation_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "conversations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The pair, the lower account id first.
        pub low_id: i32,
        pub high_id: i32,
        pub created_at: DateTimeUtc,
        pub last_message_at: DateTimeUtc,
        pub low_read_up_to: i32,
        pub high_read_up_to: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod message_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "private_messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub conversation_id: i32,
        pub author_id: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
        /// Set when a moderator hid it: gone for the reader, shown to its author with the reason.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod block_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "message_blocks")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub blocker_id: i32,
        #[sea_orm(primary_key, auto_increment = false)]
        pub blocked_id: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use block_entity as blocks;
use conversation_entity as conversations;
use message_entity as messages;

fn pair(a: i32, b: i32) -> (i32, i32) {
    (std::cmp::min(a, b), std::cmp::max(a, b))
}

impl conversations::Model {
    fn other(&self, me: i32) -> i32 {
        if self.low_id == me { self.high_id } else { self.low_id }
    }

    fn read_up_to(&self, me: i32) -> i32 {
        if self.low_id == me { self.low_read_up_to } else { self.high_read_up_to }
    }
}

/// The column that holds how far `me` has read.
fn read_column(conversation: &conversations::Model, me: i32) -> conversations::Column {
    if conversation.low_id == me { conversations::Column::LowReadUpTo } else { conversations::Column::HighReadUpTo }
}

/// What `viewer` may see of a conversation's messages: everything not hidden, and their own hidden ones.
fn visible_to(viewer: i32) -> Condition {
    Condition::any().add(messages::Column::HiddenAt.is_null()).add(messages::Column::AuthorId.eq(viewer))
}

/// The other side of a conversation: school staff (never a pupil, never support staff), not the viewer. Those
/// who may not write private messages at all (pupils, support staff, teachers not yet validated) have none.
async fn partner(db: &impl ConnectionTrait, viewer: &Viewer, with: i32) -> Result<accounts::Model, AppError> {
    if !access::may_have_contacts(viewer) || with == viewer.id {
        return Err(AppError::NotFound);
    }
    accounts::Entity::find_by_id(with)
        .filter(accounts::Column::Kind.eq(KIND_STAFF))
        .filter(accounts::Column::PlatformRole.eq(access::PlatformRole::Member.as_str()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn find(db: &impl ConnectionTrait, a: i32, b: i32) -> Result<Option<conversations::Model>, AppError> {
    let (low, high) = pair(a, b);
    Ok(conversations::Entity::find()
        .filter(conversations::Column::LowId.eq(low))
        .filter(conversations::Column::HighId.eq(high))
        .one(db)
        .await?)
}

/// Why the viewer may not write to `other` now, if they may not: a block either way, or no longer contacts
/// (or the other teacher can no longer act: suspended, not validated).
async fn closed(db: &impl ConnectionTrait, viewer: &Viewer, other: i32) -> Result<Option<Closed>, AppError> {
    let rows = blocks::Entity::find()
        .filter(
            Condition::any()
                .add(Condition::all().add(blocks::Column::BlockerId.eq(viewer.id)).add(blocks::Column::BlockedId.eq(other)))
                .add(Condition::all().add(blocks::Column::BlockerId.eq(other)).add(blocks::Column::BlockedId.eq(viewer.id))),
        )
        .all(db)
        .await?;
    if rows.iter().any(|b| b.blocker_id == viewer.id) {
        return Ok(Some(Closed::YouBlocked));
    }
    if !rows.is_empty() {
        return Ok(Some(Closed::TheyBlocked));
    }
    let visible = accounts::Entity::find_by_id(other).filter(publicly_visible_teachers()).one(db).await?.is_some();
    if !visible || !crate::teachers::ssr::are_contacts(db, viewer.id, other).await? {
        return Ok(Some(Closed::NotContacts));
    }
    Ok(None)
}

async fn names(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, String>, AppError> {
    Ok(accounts::Entity::find()
        .select_only()
        .column(accounts::Column::Id)
        .column(accounts::Column::DisplayName)
        .filter(accounts::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// An insert that did nothing because the row was there already.
fn already_there(err: sea_orm::DbErr) -> Result<u64, sea_orm::DbErr> {
    match err {
        sea_orm::DbErr::RecordNotInserted => Ok(0),
        err => Err(err),
    }
}

fn excerpt(text: &str) -> String {
    let mut short: String = text.chars().take(120).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// The viewer's conversations, the latest first, with the unread messages of each, and the contacts they have
/// not written to yet. Seven queries whatever the number of conversations and contacts (at most 100 shown).
pub async fn inbox(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Inbox, AppError> {
    if !access::may_have_contacts(viewer) {
        return Err(AppError::Forbidden);
    }
    let list = conversations::Entity::find()
        .filter(Condition::any().add(conversations::Column::LowId.eq(viewer.id)).add(conversations::Column::HighId.eq(viewer.id)))
        .order_by_desc(conversations::Column::LastMessageAt)
        .limit(100)
        .all(db)
        .await?;
    let ids: Vec<i32> = list.iter().map(|c| c.id).collect();
    let latest: Vec<i32> = messages::Entity::find()
        .select_only()
        .column_as(Expr::col(messages::Column::Id).max(), "id")
        .filter(messages::Column::ConversationId.is_in(ids.clone()))
        .filter(visible_to(viewer.id))
        .group_by(messages::Column::ConversationId)
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let latest: HashMap<i32, messages::Model> =
        messages::Entity::find().filter(messages::Column::Id.is_in(latest)).all(db).await?.into_iter().map(|m| (m.conversation_id, m)).collect();
    let unread = unread_counts(db, viewer.id, &list).await?;
    let mut contacts = crate::teachers::ssr::contact_ids(db, viewer.id).await?;
    let mut people = names(db, list.iter().map(|c| c.other(viewer.id)).chain(contacts.iter().copied()).collect()).await?;
    let mut conversations: Vec<ConversationSummary> = list
        .iter()
        .filter_map(|c| {
            let last = latest.get(&c.id)?;
            Some(ConversationSummary {
                with: c.other(viewer.id),
                name: people.get(&c.other(viewer.id)).cloned().unwrap_or_default(),
                last: excerpt(&last.body),
                last_from_me: last.author_id == viewer.id,
                last_at: last.created_at,
                unread: unread.get(&c.id).copied().unwrap_or(0),
            })
        })
        .collect();
    // By the latest message the viewer sees (a hidden one moved `last_message_at` but shows nothing).
    conversations.sort_by(|a, b| b.last_at.cmp(&a.last_at));
    // Contacts to start a conversation with: visible ones only, by name.
    let visible: std::collections::HashSet<i32> = accounts::Entity::find()
        .select_only()
        .column(accounts::Column::Id)
        .filter(accounts::Column::Id.is_in(contacts.clone()))
        .filter(publicly_visible_teachers())
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let talking: std::collections::HashSet<i32> = list.iter().map(|c| c.other(viewer.id)).collect();
    contacts.retain(|id| visible.contains(id) && !talking.contains(id));
    let mut contacts: Vec<(i32, String)> = contacts.into_iter().map(|id| (id, people.remove(&id).unwrap_or_default())).collect();
    contacts.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Inbox { conversations, contacts })
}

/// Unread messages per conversation: the other side's, not hidden, after how far `me` has read.
async fn unread_counts(db: &impl ConnectionTrait, me: i32, list: &[conversations::Model]) -> Result<HashMap<i32, u32>, AppError> {
    if list.is_empty() {
        return Ok(HashMap::new());
    }
    let mut after = Condition::any();
    for c in list {
        after = after.add(Condition::all().add(messages::Column::ConversationId.eq(c.id)).add(messages::Column::Id.gt(c.read_up_to(me))));
    }
    Ok(messages::Entity::find()
        .select_only()
        .column(messages::Column::ConversationId)
        .column_as(messages::Column::Id.count(), "n")
        .filter(after)
        .filter(messages::Column::AuthorId.ne(me))
        .filter(messages::Column::HiddenAt.is_null())
        .group_by(messages::Column::ConversationId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(c, n)| (c, n as u32))
        .collect())
}

/// All unread messages of a person, for the header: one query over their conversations.
pub async fn unread_total(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<u32, AppError> {
    let Some(count) = unread_count(viewer) else { return Ok(0) };
    Ok(count.into_tuple::<i64>().one(db).await?.unwrap_or(0) as u32)
}

/// Private messages stored after `after` (by id), oldest first, at most `limit`: (id, recipient), the recipient
/// being the one of the conversation's two who did not write it. What the header's live counters look for (`moderation::ssr::BadgeWatch`).
pub async fn recipients_after(db: &impl ConnectionTrait, after: i32, limit: u64) -> Result<Vec<(i32, i32)>, sea_orm::DbErr> {
    let rows: Vec<(i32, i32, i32, i32)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::Id)
        .column(messages::Column::AuthorId)
        .column_as(Expr::col((conversations::Entity, conversations::Column::LowId)), "low_id")
        .column_as(Expr::col((conversations::Entity, conversations::Column::HighId)), "high_id")
        .join(
            sea_orm::JoinType::InnerJoin,
            messages::Entity::belongs_to(conversations::Entity).from(messages::Column::ConversationId).to(conversations::Column::Id).into(),
        )
        .filter(messages::Column::Id.gt(after))
        .order_by_asc(messages::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, author, low, high)| (id, if author == low { high } else { low })).collect())
}

/// The newest private message's id (0 for none).
pub async fn newest_id(db: &impl ConnectionTrait) -> Result<i32, sea_orm::DbErr> {
    let newest = messages::Entity::find().select_only().column(messages::Column::Id).order_by_desc(messages::Column::Id).into_tuple::<i32>().one(db).await?;
    Ok(newest.unwrap_or(0))
}

/// The statement that counts a person's unread messages (none for those who may not have contacts), so that the
/// header's badge can read it together with its other counters (`moderation::ssr::badge`).
pub fn unread_count(viewer: &Viewer) -> Option<sea_orm::Select<messages::Entity>> {
    if !access::may_have_contacts(viewer) {
        return None;
    }
    let me = viewer.id;
    let c = |column: conversations::Column| Expr::col((conversations::Entity, column));
    let m = |column: messages::Column| Expr::col((messages::Entity, column));
    let mine = Condition::any()
        .add(Condition::all().add(c(conversations::Column::LowId).eq(me)).add(m(messages::Column::Id).gt(c(conversations::Column::LowReadUpTo))))
        .add(Condition::all().add(c(conversations::Column::HighId).eq(me)).add(m(messages::Column::Id).gt(c(conversations::Column::HighReadUpTo))));
    Some(
        messages::Entity::find()
            .select_only()
            .column_as(messages::Column::Id.count(), "n")
            .join(
                sea_orm::JoinType::InnerJoin,
                messages::Entity::belongs_to(conversations::Entity).from(messages::Column::ConversationId).to(conversations::Column::Id).into(),
            )
            .filter(mine)
            .filter(m(messages::Column::AuthorId).ne(me))
            .filter(m(messages::Column::HiddenAt).is_null()),
    )
}

fn to_message(row: messages::Model, author: String) -> PrivateMessage {
    PrivateMessage {
        id: row.id,
        author_id: row.author_id,
        author,
        body: row.body,
        sent_at: row.created_at,
        at: String::new(),
        hidden_reason: row.hidden_at.map(|_| row.hidden_reason.unwrap_or_default()),
        withdrawn: false,
    }
}

/// A conversation with `with`: the latest messages (or those before `before`), marked read up to the newest.
/// A teacher the viewer never wrote with and is not (or no longer) a contact of has no conversation to show.
pub async fn conversation(db: &impl ConnectionTrait, viewer: &Viewer, with: i32, before: Option<i32>) -> Result<ConversationView, AppError> {
    let other = partner(db, viewer, with).await?;
    let found = find(db, viewer.id, with).await?;
    if found.is_none() && !crate::teachers::ssr::are_contacts(db, viewer.id, with).await? {
        return Err(AppError::NotFound);
    }
    // Whether the other teacher blocked the viewer is theirs to know: the viewer hears only that the
    // conversation takes no new messages, as when they are no longer contacts.
    let closed = closed(db, viewer, with).await?.map(|c| if c == Closed::TheyBlocked { Closed::NotContacts } else { c });
    let mut view = ConversationView {
        me: viewer.id,
        with,
        name: other.display_name.clone(),
        messages: Vec::new(),
        older: None,
        earlier: before.is_some(),
        may_write: closed.is_none(),
        closed,
        blocked_by_me: closed == Some(Closed::YouBlocked),
    };
    let Some(found) = found else { return Ok(view) };
    let mut query = messages::Entity::find().filter(messages::Column::ConversationId.eq(found.id)).filter(visible_to(viewer.id));
    if let Some(before) = before {
        query = query.filter(messages::Column::Id.lt(before));
    }
    let mut rows = query.order_by_desc(messages::Column::Id).limit(PAGE + 1).all(db).await?;
    if rows.len() as u64 > PAGE {
        rows.truncate(PAGE as usize);
        view.older = rows.last().map(|r| r.id);
    }
    rows.reverse();
    let people = HashMap::from([(viewer.id, viewer.display_name.clone()), (with, other.display_name)]);
    let newest = rows.last().map(|r| r.id);
    view.messages = rows.into_iter().map(|r| { let name = people.get(&r.author_id).cloned().unwrap_or_default(); to_message(r, name) }).collect();
    if before.is_none()
        && let Some(newest) = newest
    {
        mark_read(db, &found, viewer.id, newest).await?;
    }
    Ok(view)
}

/// Moves how far `me` has read forward (never back: a page opened earlier must not undo a later read).
async fn mark_read(db: &impl ConnectionTrait, conversation: &conversations::Model, me: i32, up_to: i32) -> Result<(), AppError> {
    let column = read_column(conversation, me);
    conversations::Entity::update_many()
        .col_expr(column, Expr::value(up_to))
        .filter(conversations::Column::Id.eq(conversation.id))
        .filter(column.lt(up_to))
        .exec(db)
        .await?;
    Ok(())
}

/// The conversation a socket listens to, for one of its two people (none to listen to: not found).
pub async fn conversation_id(db: &impl ConnectionTrait, viewer: &Viewer, with: i32) -> Result<i32, AppError> {
    partner(db, viewer, with).await?;
    find(db, viewer.id, with).await?.map(|c| c.id).ok_or(AppError::NotFound)
}

/// Messages after `after` (the latest page without it), oldest first, as `viewer` may see them: what a socket
/// sends first and a reconnecting page catches up with.
pub async fn history(db: &impl ConnectionTrait, viewer: &Viewer, with: i32, after: Option<i32>) -> Result<Vec<PrivateMessage>, AppError> {
    let other = partner(db, viewer, with).await?;
    let Some(found) = find(db, viewer.id, with).await? else { return Err(AppError::NotFound) };
    let query = messages::Entity::find().filter(messages::Column::ConversationId.eq(found.id)).filter(visible_to(viewer.id));
    let rows = match after {
        Some(after) => query.filter(messages::Column::Id.gt(after)).order_by_asc(messages::Column::Id).limit(PAGE).all(db).await?,
        None => {
            let mut rows = query.order_by_desc(messages::Column::Id).limit(PAGE).all(db).await?;
            rows.reverse();
            rows
        }
    };
    let people = HashMap::from([(viewer.id, viewer.display_name.clone()), (with, other.display_name)]);
    Ok(rows.into_iter().map(|r| { let name = people.get(&r.author_id).cloned().unwrap_or_default(); to_message(r, name) }).collect())
}

/// The reader saw a message live: it is read.
pub async fn seen_live(db: &impl ConnectionTrait, viewer: &Viewer, conversation: i32, message: i32) -> Result<(), AppError> {
    let found = conversations::Entity::find_by_id(conversation).one(db).await?.ok_or(AppError::NotFound)?;
    if found.low_id != viewer.id && found.high_id != viewer.id {
        return Err(AppError::NotFound);
    }
    mark_read(db, &found, viewer.id, message).await
}

/// Messages one person may send in an hour, to all their contacts together: far beyond anyone writing by hand, it
/// stops a script or a stolen session from flooding colleagues. Counted in the database, so it holds across server
/// processes; a refused message does not count (the caller's transaction is rolled back).
pub const MESSAGES_PER_HOUR: Limit = Limit { max: 300, window: chrono::TimeDelta::hours(1) };

/// Sends a message to a contact, starting the conversation if it is the first. Answers the conversation and the
/// message. Runs inside the caller's transaction (`requests::ssr::once`).
pub async fn send(db: &impl ConnectionTrait, viewer: &Viewer, to: i32, body: &str) -> Result<(i32, i32), AppError> {
    partner(db, viewer, to).await?;
    if closed(db, viewer, to).await?.is_some() {
        return Err(AppError::form(Problem::MessagesClosed));
    }
    let body = plain_text("body", body, MAX_MESSAGE_CHARS)?;
    throttle::hit(db, &format!("message:{}", viewer.id), MESSAGES_PER_HOUR).await?;
    let (low, high) = pair(viewer.id, to);
    let now = chrono::Utc::now();
    // Two first messages at once make one conversation.
    conversations::Entity::insert(conversations::ActiveModel {
        low_id: Set(low),
        high_id: Set(high),
        created_at: Set(now),
        last_message_at: Set(now),
        low_read_up_to: Set(0),
        high_read_up_to: Set(0),
        ..Default::default()
    })
    .on_conflict(OnConflict::columns([conversations::Column::LowId, conversations::Column::HighId]).do_nothing().to_owned())
    .exec_without_returning(db)
    .await
    .or_else(already_there)?;
    let found = find(db, viewer.id, to).await?.ok_or(AppError::NotFound)?;
    // On PostgreSQL the messages of one conversation are written one at a time, so their ids follow the order
    // they become visible in, and "everything after the last id I have" never skips one.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(sea_orm::DbBackend::Postgres, "SELECT pg_advisory_xact_lock(7412, $1)", [found.id.into()]))
            .await?;
    }
    let row = messages::ActiveModel {
        conversation_id: Set(found.id),
        author_id: Set(viewer.id),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    conversations::Entity::update_many()
        .col_expr(conversations::Column::LastMessageAt, Expr::value(now))
        .filter(conversations::Column::Id.eq(found.id))
        .exec(db)
        .await?;
    mark_read(db, &found, viewer.id, row.id).await?;
    Ok((found.id, row.id))
}

/// Blocks (or unblocks) a teacher the viewer has a conversation with or is a contact of: they can no longer
/// write to the viewer, nor the viewer to them, until it is lifted. Blocking twice is blocking once.
pub async fn set_block(db: &impl ConnectionTrait, viewer: &Viewer, teacher: i32, block: bool) -> Result<(), AppError> {
    partner(db, viewer, teacher).await?;
    let known = find(db, viewer.id, teacher).await?.is_some() || crate::teachers::ssr::are_contacts(db, viewer.id, teacher).await?;
    if !known {
        return Err(AppError::NotFound);
    }
    if block {
        blocks::Entity::insert(blocks::ActiveModel { blocker_id: Set(viewer.id), blocked_id: Set(teacher), created_at: Set(chrono::Utc::now()) })
            .on_conflict(OnConflict::columns([blocks::Column::BlockerId, blocks::Column::BlockedId]).do_nothing().to_owned())
            .exec_without_returning(db)
            .await
            .or_else(already_there)?;
    } else {
        blocks::Entity::delete_many()
            .filter(blocks::Column::BlockerId.eq(viewer.id))
            .filter(blocks::Column::BlockedId.eq(teacher))
            .exec(db)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Moderation: a reported message, as the moderation feature reads, hides and deletes it.

/// A message and its two people: (author, the conversation's pair), for reports.
pub async fn reported(db: &impl ConnectionTrait, message: i32) -> Result<Option<(messages::Model, (i32, i32))>, AppError> {
    let Some(row) = messages::Entity::find_by_id(message).one(db).await? else { return Ok(None) };
    let Some(found) = conversations::Entity::find_by_id(row.conversation_id).one(db).await? else { return Ok(None) };
    Ok(Some((row, (found.low_id, found.high_id))))
}

/// Whether `viewer` sees the message (one of the two people, and not hidden from them).
pub async fn may_read(db: &impl ConnectionTrait, viewer: &Viewer, message: i32) -> Result<bool, AppError> {
    Ok(reported(db, message)
        .await?
        .is_some_and(|(row, (low, high))| (viewer.id == low || viewer.id == high) && (row.hidden_at.is_none() || row.author_id == viewer.id)))
}

pub async fn delete(db: &impl ConnectionTrait, message: i32) -> Result<(), AppError> {
    messages::Entity::delete_by_id(message).exec(db).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Live delivery

/// Live delivery of private messages (`crate::live`): a room is a conversation.
pub type MessageHub = crate::live::Hub<PrivateMessage>;

pub fn hub(db: DatabaseConnection) -> MessageHub {
    crate::live::Hub::new(db, "conversation", Box::new(|db, conversation, message| Box::pin(async move { live_message(&db, conversation, message).await })))
}

/// A message as both sides get it live; withdrawn once a moderator hid or deleted it.
async fn live_message(db: &DatabaseConnection, conversation: i32, message: i32) -> Option<PrivateMessage> {
    let withdrawn = PrivateMessage {
        id: message,
        author_id: 0,
        author: String::new(),
        body: String::new(),
        sent_at: chrono::DateTime::UNIX_EPOCH,
        at: String::new(),
        hidden_reason: None,
        withdrawn: true,
    };
    match messages::Entity::find_by_id(message).filter(messages::Column::ConversationId.eq(conversation)).one(db).await {
        Ok(Some(row)) if row.hidden_at.is_none() => {
            let name = names(db, vec![row.author_id]).await.ok()?.remove(&row.author_id).unwrap_or_default();
            Some(to_message(row, name))
        }
        Ok(_) => Some(withdrawn),
        Err(err) => {
            tracing::error!(error = %err, "private message could not be read");
            None
        }
    }
}
