//! Server side of the feature: entities, rules, queries.
use super::{ForumView, ReplyView, ThreadSummary, ThreadView};
use crate::{
    access::{Viewer, twinspace::{Act, SpaceResource}},
    error::{AppError, Problem},
    twinspace::ssr::{guard, names, plain_text, seen, visible_rows},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, sea_query::Expr};
use std::collections::HashMap;

pub mod thread_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "forum_threads")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub project_id: i32,
        pub author_id: i32,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
        pub last_reply_at: DateTimeUtc,
        /// A pupil's work in a space that asks for approval, not yet approved.
        pub awaiting_approval: bool,
        /// Set when a moderator hid it: gone for everyone but its author and the space's moderators.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod reply_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "forum_replies")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub thread_id: i32,
        pub author_id: i32,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: DateTimeUtc,
        /// A pupil's work in a space that asks for approval, not yet approved.
        pub awaiting_approval: bool,
        /// Set when a moderator hid it: gone for everyone but its author and the space's moderators.
        pub hidden_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub hidden_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

use reply_entity as replies;
use thread_entity as threads;

pub const MAX_FORUM_CHARS: usize = 5000;

/// Threads, the most recently active first.
pub async fn forum(db: &impl ConnectionTrait, viewer: &Viewer, project: i32) -> Result<ForumView, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Thread, Act::Read, false).await?;
    let rows = threads::Entity::find()
        .filter(threads::Column::ProjectId.eq(project))
        .filter(visible_rows(&space, viewer.id, threads::Column::AuthorId, threads::Column::HiddenAt, Some(threads::Column::AwaitingApproval)))
        .order_by_desc(threads::Column::LastReplyAt)
        .order_by_desc(threads::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let counts: HashMap<i32, i64> = replies::Entity::find()
        .select_only()
        .column(replies::Column::ThreadId)
        .column_as(replies::Column::Id.count(), "n")
        .filter(replies::Column::ThreadId.is_in(rows.iter().map(|t| t.id).collect::<Vec<_>>()))
        .filter(visible_rows(&space, viewer.id, replies::Column::AuthorId, replies::Column::HiddenAt, Some(replies::Column::AwaitingApproval)))
        .group_by(replies::Column::ThreadId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let authors = names(db, rows.iter().map(|t| t.author_id)).await?;
    Ok(ForumView {
        may_start: space.may(SpaceResource::Thread, Act::Create, false),
        space: space.overview(),
        threads: rows
            .into_iter()
            .map(|t| ThreadSummary {
                mark: seen(&space, t.author_id == viewer.id, t.hidden_reason.as_ref(), t.hidden_at, t.awaiting_approval).unwrap_or_default(),
                id: t.id,
                author: authors.get(&t.author_id).cloned().unwrap_or_default(),
                replies: counts.get(&t.id).copied().unwrap_or(0) as u32,
                last_activity: t.last_reply_at,
                title: t.title,
            })
            .collect(),
    })
}

pub async fn thread(db: &impl ConnectionTrait, viewer: &Viewer, thread: i32) -> Result<ThreadView, AppError> {
    let row = threads::Entity::find_by_id(thread).one(db).await?.ok_or(AppError::NotFound)?;
    let space = guard(db, Some(viewer), row.project_id, SpaceResource::Thread, Act::Read, false).await?;
    let own = row.author_id == viewer.id;
    let mark = seen(&space, own, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).ok_or(AppError::NotFound)?;
    let reply_rows = replies::Entity::find()
        .filter(replies::Column::ThreadId.eq(thread))
        .filter(visible_rows(&space, viewer.id, replies::Column::AuthorId, replies::Column::HiddenAt, Some(replies::Column::AwaitingApproval)))
        .order_by_asc(replies::Column::CreatedAt)
        .order_by_asc(replies::Column::Id)
        .all(db)
        .await?;
    let authors = names(db, reply_rows.iter().map(|r| r.author_id).chain([row.author_id])).await?;
    Ok(ThreadView {
        may_reply: space.may(SpaceResource::Reply, Act::Create, false),
        may_delete: space.may(SpaceResource::Thread, Act::Delete, own),
        mark,
        may_report: !own,
        replies: reply_rows
            .into_iter()
            .map(|r| ReplyView {
                id: r.id,
                author: authors.get(&r.author_id).cloned().unwrap_or_default(),
                may_delete: space.may(SpaceResource::Reply, Act::Delete, r.author_id == viewer.id),
                mark: seen(&space, r.author_id == viewer.id, r.hidden_reason.as_ref(), r.hidden_at, r.awaiting_approval).unwrap_or_default(),
                may_report: r.author_id != viewer.id,
                created_at: r.created_at,
                body: r.body,
            })
            .collect(),
        space: space.overview(),
        id: row.id,
        author: authors.get(&row.author_id).cloned().unwrap_or_default(),
        created_at: row.created_at,
        title: row.title,
        body: row.body,
    })
}

pub async fn start_thread(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, title: &str, body: &str) -> Result<i32, AppError> {
    let space = guard(db, Some(viewer), project, SpaceResource::Thread, Act::Create, false).await?;
    let title = plain_text("title", title, 200)?;
    if title.contains('\n') {
        return Err(AppError::invalid("title", Problem::TextCharacters));
    }
    let now = chrono::Utc::now();
    let row = threads::ActiveModel {
        awaiting_approval: Set(space.waits_for_approval()),
        project_id: Set(project),
        author_id: Set(viewer.id),
        title: Set(title),
        body: Set(plain_text("body", body, MAX_FORUM_CHARS)?),
        created_at: Set(now),
        last_reply_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !row.awaiting_approval {
        crate::twinspace::ssr::tell_members(db, &space.project, viewer.id, &format!("/projects/{project}/space/forum/{}", row.id)).await?;
    }
    Ok(row.id)
}

pub async fn reply(db: &impl ConnectionTrait, viewer: &Viewer, thread: i32, body: &str) -> Result<i32, AppError> {
    let row = threads::Entity::find_by_id(thread).one(db).await?.ok_or(AppError::NotFound)?;
    let space = guard(db, Some(viewer), row.project_id, SpaceResource::Reply, Act::Create, false).await?;
    seen(&space, row.author_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).ok_or(AppError::NotFound)?;
    let now = chrono::Utc::now();
    let waits = space.waits_for_approval();
    let reply = replies::ActiveModel {
        awaiting_approval: Set(waits),
        thread_id: Set(thread),
        author_id: Set(viewer.id),
        body: Set(plain_text("body", body, MAX_FORUM_CHARS)?),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // A reply waiting for approval moves the thread up only once approved.
    if !waits {
        threads::Entity::update_many().col_expr(threads::Column::LastReplyAt, Expr::value(now)).filter(threads::Column::Id.eq(thread)).exec(db).await?;
    }
    Ok(reply.id)
}

/// Returns the thread's project, to go back to the forum.
pub async fn delete_thread(db: &impl ConnectionTrait, viewer: &Viewer, thread: i32) -> Result<i32, AppError> {
    let row = threads::Entity::find_by_id(thread).one(db).await?.ok_or(AppError::NotFound)?;
    let space = guard(db, Some(viewer), row.project_id, SpaceResource::Thread, Act::Delete, row.author_id == viewer.id).await?;
    seen(&space, row.author_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).ok_or(AppError::NotFound)?;
    crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::Thread, thread, row.hidden_at.is_some()).await?;
    threads::Entity::delete_by_id(thread).exec(db).await?;
    Ok(row.project_id)
}

pub async fn delete_reply(db: &impl ConnectionTrait, viewer: &Viewer, reply: i32) -> Result<(), AppError> {
    let row = replies::Entity::find_by_id(reply).one(db).await?.ok_or(AppError::NotFound)?;
    let thread = threads::Entity::find_by_id(row.thread_id).one(db).await?.ok_or(AppError::NotFound)?;
    let space = guard(db, Some(viewer), thread.project_id, SpaceResource::Reply, Act::Delete, row.author_id == viewer.id).await?;
    seen(&space, row.author_id == viewer.id, row.hidden_reason.as_ref(), row.hidden_at, row.awaiting_approval).ok_or(AppError::NotFound)?;
    crate::moderation::ssr::keep_as_evidence(db, crate::moderation::ReportKind::Reply, reply, row.hidden_at.is_some()).await?;
    replies::Entity::delete_by_id(reply).exec(db).await?;
    Ok(())
}
