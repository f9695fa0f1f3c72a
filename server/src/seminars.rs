//! `GET /seminars/{id}/calendar.ics`: an online seminar as a calendar file (`app::seminars::ssr::calendar` decides
//! who may have it and what it says: the link to join only for registered people and the organiser).
use crate::routes::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

pub async fn calendar(State(state): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    // A path that is no seminar's number is no seminar.
    let Ok(id) = id.parse::<i32>() else { return StatusCode::NOT_FOUND.into_response() };
    let Some(viewer) = crate::pictures::viewer(&state, &session).await else { return StatusCode::NOT_FOUND.into_response() };
    match app::seminars::ssr::calendar(&state.db, &viewer, id, &state.site.public_url).await {
        Ok(text) => {
            let mut response = text.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
            headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"seminar.ics\""));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            response
        }
        Err(app::error::AppError::Internal) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
