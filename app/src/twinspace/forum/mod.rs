//! The TwinSpace forum: threads and replies. Pupils reply but do not start threads (pupil administrators do).
use super::SpaceOverview;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: i32,
    pub title: String,
    pub author: String,
    pub replies: u32,
    pub last_activity: chrono::DateTime<chrono::Utc>,
    pub mark: super::ContentMark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForumView {
    pub space: SpaceOverview,
    pub threads: Vec<ThreadSummary>,
    pub may_start: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub may_delete: bool,
    pub mark: super::ContentMark,
    pub may_report: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub space: SpaceOverview,
    pub id: i32,
    pub title: String,
    pub author: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub replies: Vec<ReplyView>,
    pub may_reply: bool,
    pub may_delete: bool,
    pub mark: super::ContentMark,
    pub may_report: bool,
}

#[server(prefix = "/api")]
pub async fn load_forum(project: i32) -> Result<ForumView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::forum(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_thread(thread: i32) -> Result<ThreadView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::thread(&db, &viewer, thread).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn start_thread(project: i32, title: String, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let start = async |txn: &sea_orm::DatabaseTransaction| ssr::start_thread(txn, &viewer, project, &title, &body).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, start).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/projects/{project}/space/forum/{id}"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn reply_to_thread(thread: i32, body: String, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let reply = async |txn: &sea_orm::DatabaseTransaction| ssr::reply(txn, &viewer, thread, &body).await;
    crate::requests::ssr::once(&db, viewer.id, &request, reply).await.map(|_| ()).map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn delete_thread(thread: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let project = ssr::delete_thread(&db, &viewer, thread).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect(&format!("/projects/{project}/space/forum"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn delete_reply(reply: i32) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::delete_reply(&db, &viewer, reply).await.map_err(crate::error::respond_with)
}


#[cfg(feature = "ssr")]
pub mod ssr;

pub mod views;
