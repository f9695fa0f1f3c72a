//! Server side of the feature: the export and the erasure.
use super::{FORMER_PUPIL_NAME, FORMER_PUPIL_USERNAME};
use crate::{
    access::{Viewer, twinspace::{Act, SpaceResource, SpaceRole}},
    accounts::{AccountStatus, ssr::{KIND_PUPIL, entity as accounts}},
    error::AppError,
    moderation::ssr::{log_entity as log, notice_entity as notices, report_entity as reports},
    projects::ssr::{entity as projects, member_entity as members},
    teachers::pictures::ssr::PictureStore,
    throttle::ssr::entity as throttle,
    twinspace::{
        forum::ssr::{reply_entity as replies, thread_entity as threads},
        materials::ssr::{entity as materials, folder_entity as folders, forget},
        pages::ssr::entity as pages,
        ssr::{comment_entity as comments, guard, like_entity as likes, post_entity as posts},
    },
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, TransactionSession, TransactionTrait,
    sea_query::{Alias, Expr, ExprTrait, Query},
};
use serde_json::{Value, json};

fn at(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339()
}

/// A pupil whose data the viewer may export and erase, in any state of the project (archived and closed
/// spaces included: that is when data is usually erased): the teacher who made the login, or someone who
/// administers every TwinSpace the pupil is in (an erasure reaches all of them).
async fn managed_pupil(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, pupil: i32) -> Result<accounts::Model, AppError> {
    guard(db, Some(viewer), project, SpaceResource::Pupils, Act::Read, false).await?;
    let spaces = members::Entity::find().filter(members::Column::AccountId.eq(pupil)).all(db).await?;
    let account = accounts::Entity::find_by_id(pupil)
        .filter(accounts::Column::Kind.eq(KIND_PUPIL))
        .one(db)
        .await?
        .filter(|_| spaces.iter().any(|m| m.project_id == project))
        .ok_or(AppError::NotFound)?;
    if account.created_by == Some(viewer.id) {
        return Ok(account);
    }
    let administered = members::Entity::find()
        .filter(members::Column::AccountId.eq(viewer.id))
        .filter(members::Column::Role.eq(SpaceRole::TeacherAdministrator.as_str()))
        .filter(members::Column::ProjectId.is_in(spaces.iter().map(|m| m.project_id).collect::<Vec<_>>()))
        .count(db)
        .await?;
    if administered as usize == spaces.len() { Ok(account) } else { Err(AppError::Forbidden) }
}

/// Everything held about a pupil, for the teacher who manages their login. Reports the pupil filed about the
/// teacher exporting are left out (what the pupil told the moderators stays with them).
pub async fn export(db: &impl ConnectionTrait, viewer: &Viewer, project: i32, pupil: i32) -> Result<Value, AppError> {
    let account = managed_pupil(db, viewer, project, pupil).await?;
    let spaces = members::Entity::find().filter(members::Column::AccountId.eq(pupil)).all(db).await?;
    let titles: std::collections::HashMap<i32, String> = projects::Entity::find()
        .filter(projects::Column::Id.is_in(spaces.iter().map(|m| m.project_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let posts = posts::Entity::find().filter(posts::Column::AuthorId.eq(pupil)).order_by_asc(posts::Column::Id).all(db).await?;
    let comments = comments::Entity::find().filter(comments::Column::AuthorId.eq(pupil)).order_by_asc(comments::Column::Id).all(db).await?;
    let likes = likes::Entity::find().filter(likes::Column::AccountId.eq(pupil)).all(db).await?;
    let threads = threads::Entity::find().filter(threads::Column::AuthorId.eq(pupil)).order_by_asc(threads::Column::Id).all(db).await?;
    let replies = replies::Entity::find().filter(replies::Column::AuthorId.eq(pupil)).order_by_asc(replies::Column::Id).all(db).await?;
    let pages = pages::Entity::find().filter(pages::Column::AuthorId.eq(pupil)).order_by_asc(pages::Column::Id).all(db).await?;
    let files = materials::Entity::find().filter(materials::Column::UploaderId.eq(pupil)).order_by_asc(materials::Column::Id).all(db).await?;
    let notices = notices::Entity::find().filter(notices::Column::AccountId.eq(pupil)).order_by_asc(notices::Column::Id).all(db).await?;
    // Reports the pupil filed about the teacher exporting are left out altogether: the export must not tell a
    // teacher that a pupil reported them.
    let reports = reports::Entity::find()
        .filter(reports::Column::ReporterId.eq(pupil))
        .filter(sea_orm::Condition::any().add(reports::Column::SubjectAccountId.is_null()).add(reports::Column::SubjectAccountId.ne(viewer.id)))
        .order_by_asc(reports::Column::Id)
        .all(db)
        .await?;
    Ok(json!({
        "account": {
            "display_name": account.display_name,
            "username": account.username,
            "created_at": at(account.created_at),
            "language": account.locale,
            "status": account.status,
        },
        "twinspaces": spaces.iter().map(|m| json!({
            "project": titles.get(&m.project_id),
            "role": m.role,
            "joined_at": at(m.joined_at),
        })).collect::<Vec<_>>(),
        "twinboard_posts": posts.iter().map(|p| json!({ "id": p.id, "project": titles.get(&p.project_id), "body": p.body, "created_at": at(p.created_at) })).collect::<Vec<_>>(),
        "twinboard_comments": comments.iter().map(|c| json!({ "id": c.id, "post": c.post_id, "body": c.body, "created_at": at(c.created_at) })).collect::<Vec<_>>(),
        "likes": likes.iter().map(|l| json!({ "post": l.post_id, "created_at": at(l.created_at) })).collect::<Vec<_>>(),
        "forum_threads": threads.iter().map(|t| json!({ "id": t.id, "title": t.title, "body": t.body, "created_at": at(t.created_at) })).collect::<Vec<_>>(),
        "forum_replies": replies.iter().map(|r| json!({ "id": r.id, "thread": r.thread_id, "body": r.body, "created_at": at(r.created_at) })).collect::<Vec<_>>(),
        "pages": pages.iter().map(|p| json!({ "id": p.id, "title": p.title, "body": p.body, "created_at": at(p.created_at) })).collect::<Vec<_>>(),
        "materials": files.iter().map(|m| json!({
            "name": m.name, "content_type": m.content_type, "size": m.size, "created_at": at(m.created_at),
            "download": format!("/materials/{}", m.id),
        })).collect::<Vec<_>>(),
        "notices": notices.iter().map(|n| json!({ "kind": n.kind, "reason": n.reason, "created_at": at(n.created_at) })).collect::<Vec<_>>(),
        "reports_filed": reports.iter().map(|r| json!({
            "kind": r.target_kind, "reason": r.reason, "created_at": at(r.created_at),
            "details": r.details,
        })).collect::<Vec<_>>(),
    }))
}

/// The shared account that keeps erased pupils' work, made the first time it is needed.
async fn former_pupil(db: &impl ConnectionTrait) -> Result<i32, AppError> {
    let find = || accounts::Entity::find().filter(accounts::Column::Username.eq(FORMER_PUPIL_USERNAME));
    if let Some(found) = find().one(db).await? {
        return Ok(found.id);
    }
    let row = accounts::ActiveModel {
        kind: sea_orm::Set(KIND_PUPIL.to_owned()),
        username: sea_orm::Set(Some(FORMER_PUPIL_USERNAME.to_owned())),
        display_name: sea_orm::Set(FORMER_PUPIL_NAME.to_owned()),
        platform_role: sea_orm::Set("member".to_owned()),
        // Nobody signs in as it: no password, and suspended.
        status: sea_orm::Set(AccountStatus::Suspended.as_str().to_owned()),
        created_at: sea_orm::Set(chrono::Utc::now()),
        ..Default::default()
    };
    match accounts::Entity::insert(row).exec(db).await {
        Ok(done) => Ok(done.last_insert_id),
        // Made by another erasure a moment ago.
        Err(_) => Ok(find().one(db).await?.ok_or(AppError::Internal)?.id),
    }
}

/// What a pupil wrote, by table and author column: removed with the account, or kept as "former pupil".
const AUTHORED: [(&str, &str); 8] = [
    ("twinboard_posts", "author_id"),
    ("twinboard_comments", "author_id"),
    ("forum_threads", "author_id"),
    ("forum_replies", "author_id"),
    ("space_pages", "author_id"),
    ("chat_messages", "author_id"),
    ("materials", "uploader_id"),
    ("material_folders", "created_by"),
];

/// Erases a pupil, once no report by or about them is open: the account and everything personal go
/// (memberships, likes, sessions, notices, notes about them, sign-in counters; reports they filed stay, as
/// evidence, without their name); the moderation log forgets them and the reasons written
/// about them. What they wrote and uploaded is removed, or, with `keep`, kept under the shared "former pupil"
/// account (moderators' reasons on it and reporters' words about it are cleared; the reports stay).
pub async fn erase(db: &(impl ConnectionTrait + TransactionTrait), store: &PictureStore, viewer: &Viewer, project: i32, pupil: i32, keep: bool) -> Result<(), AppError> {
    let account = managed_pupil(db, viewer, project, pupil).await?;
    let former = if keep { Some(former_pupil(db).await?) } else { None };
    let txn = crate::db::begin(db).await?;
    let stored = match former {
        Some(former) => {
            for (table, column) in AUTHORED {
                if table != "material_folders" {
                    let mut clear = Query::update();
                    clear
                        .table(Alias::new(table))
                        .value(Alias::new("hidden_reason"), "")
                        .and_where(Expr::col(Alias::new(column)).eq(pupil))
                        .and_where(Expr::col(Alias::new("hidden_reason")).is_not_null());
                    txn.execute(&clear).await?;
                }
                let mut reassign = Query::update();
                reassign.table(Alias::new(table)).value(Alias::new(column), former).and_where(Expr::col(Alias::new(column)).eq(pupil));
                txn.execute(&reassign).await?;
            }
            reports::Entity::update_many()
                .col_expr(reports::Column::SubjectAccountId, Expr::value(former))
                .col_expr(reports::Column::Details, Expr::value(""))
                .col_expr(reports::Column::ContentSnapshot, Expr::value(Option::<String>::None))
                .filter(reports::Column::SubjectAccountId.eq(pupil))
                .filter(reports::Column::OpenFlag.is_null())
                .exec(&txn)
                .await?;
            Vec::new()
        }
        None => forget_account_files(&txn, pupil).await?,
    };
    forget_account(&txn, &account).await?;
    txn.commit().await?;
    forget(store, stored).await;
    Ok(())
}

/// The stored files of a pupil's uploads and folders, to remove once their rows are gone.
pub(crate) async fn forget_account_files(db: &impl ConnectionTrait, pupil: i32) -> Result<Vec<Option<String>>, AppError> {
    let their_folders = folders::Entity::find().select_only().column(folders::Column::Id).filter(folders::Column::CreatedBy.eq(pupil)).into_query();
    let rows = materials::Entity::find()
        .filter(sea_orm::Condition::any().add(materials::Column::UploaderId.eq(pupil)).add(materials::Column::FolderId.in_subquery(their_folders)))
        .all(db)
        .await?;
    Ok(rows.into_iter().flat_map(|m| [Some(m.object_key), m.thumbnail_key]).collect())
}

/// Deletes a pupil's account and every trace of the person: what refers to the account goes with it (foreign
/// keys cascade), the log forgets them (the one change its triggers accept), and the sign-in counters keyed by
/// their username and id go. Used by erasure and by removal from their last space.
pub(crate) async fn forget_account(db: &impl ConnectionTrait, account: &accounts::Model) -> Result<(), AppError> {
    let pupil = account.id;
    // Reports are evidence: while one by or about the pupil is open, the account stays.
    let open = reports::Entity::find()
        .filter(reports::Column::OpenFlag.eq(true))
        .filter(sea_orm::Condition::any().add(reports::Column::ReporterId.eq(pupil)).add(reports::Column::SubjectAccountId.eq(pupil)))
        .count(db)
        .await?;
    if open > 0 {
        return Err(AppError::form(crate::error::Problem::OpenReportsFirst));
    }
    // Decided reports stay: the reporter's and the subject's columns empty themselves with the account
    // (foreign keys set them to NULL); the copy of what the pupil wrote and reporters' words about it go.
    reports::Entity::update_many()
        .col_expr(reports::Column::ContentSnapshot, Expr::value(Option::<String>::None))
        .col_expr(reports::Column::Details, Expr::value(""))
        .filter(reports::Column::SubjectAccountId.eq(pupil))
        .exec(db)
        .await?;
    log::Entity::update_many()
        .col_expr(log::Column::SubjectAccountId, Expr::value(Option::<i32>::None))
        .col_expr(log::Column::Reason, Expr::value(""))
        .filter(log::Column::SubjectAccountId.eq(pupil))
        .exec(db)
        .await?;
    let mut keys = vec![format!("report:{pupil}")];
    if let Some(username) = &account.username {
        keys.push(format!("sign-in:pupil:{username}"));
    }
    throttle::Entity::delete_many().filter(throttle::Column::Key.is_in(keys)).exec(db).await?;
    crate::accounts::session_store::end_all_sessions(db, pupil).await?;
    accounts::Entity::delete_by_id(pupil).exec(db).await?;
    Ok(())
}
