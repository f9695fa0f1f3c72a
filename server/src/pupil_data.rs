//! `GET /projects/{id}/pupils/{pupil}/export`: everything held about a pupil, as a JSON download, for the
//! teacher who manages their login (`app::twinspace::pupil_data::ssr::export` decides).
use crate::routes::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

pub async fn export(State(state): State<AppState>, session: Session, Path((project, pupil)): Path<(i32, i32)>) -> Response {
    let Some(viewer) = crate::pictures::viewer(&state, &session).await else { return StatusCode::NOT_FOUND.into_response() };
    match app::twinspace::pupil_data::ssr::export(&state.db, &viewer, project, pupil).await {
        Ok(data) => {
            let body = serde_json::to_vec_pretty(&data).unwrap_or_default();
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"pupil-data.json\""));
            // A minor's data: never kept by a cache.
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(app::error::AppError::Forbidden) => StatusCode::FORBIDDEN.into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
