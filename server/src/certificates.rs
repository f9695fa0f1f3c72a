//! `GET /certificates/{code}/certificate.pdf`: a certificate as a PDF, for its holder only, in their language
//! (`app::certificates::ssr::pdf` decides and writes it). Anyone else, signed in or not, gets a 404: the public
//! page `/certificates/{code}` is how others check a certificate.
use crate::routes::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use tower_sessions::Session;

pub async fn download(State(state): State<AppState>, session: Session, Path(code): Path<String>) -> Response {
    let Some(viewer) = crate::pictures::viewer(&state, &session).await else { return StatusCode::NOT_FOUND.into_response() };
    match app::certificates::ssr::pdf(&state.db, &viewer, &code, &state.site.public_url).await {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"certificate.pdf\""));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            response
        }
        Err(app::error::AppError::Internal) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
