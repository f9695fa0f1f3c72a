//! Profile picture routes: upload and removal (plain form posts answered with a redirect back to the form,
//! so they work without JavaScript) and serving, each for the signed-in person of the session.
use crate::routes::AppState;
use app::{
    accounts::ssr::{SESSION_ACCOUNT, viewer_by_id},
    error::AppError,
    teachers::pictures::{BUSY, NOT_AN_IMAGE, REMOVED, SAVED, THROTTLED, TOO_LARGE, ssr as pictures},
};
use axum::{
    extract::{Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

const FORM: &str = "/account/interests";

pub(crate) async fn viewer(state: &AppState, session: &Session) -> Option<app::access::Viewer> {
    let id = session.get::<i32>(SESSION_ACCOUNT).await.ok().flatten()?;
    viewer_by_id(&state.db, id).await.ok().flatten()
}

fn back(outcome: &str, state: &AppState) -> Response {
    Redirect::to(&format!("{FORM}?picture={outcome}&max_mb={}", state.max_image_bytes / (1024 * 1024))).into_response()
}

/// `POST /account/picture`, multipart with one file field `picture`. The body limit is set on the route;
/// going over it ends the upload and answers "too large".
pub async fn upload(State(state): State<AppState>, session: Session, mut form: Multipart) -> Response {
    let Some(viewer) = viewer(&state, &session).await else { return Redirect::to("/signin").into_response() };
    match pictures::may_upload(&state.db, &viewer).await {
        Ok(()) => {}
        Err(AppError::Throttled) => return back(THROTTLED, &state),
        Err(err) => return err.status().into_response(),
    }
    let Some(_turn) = state.upload_slot(viewer.id).await else { return back(BUSY, &state) };
    let mut bytes = None;
    // A body that drips for longer than any real picture takes ends, so that its turn is freed.
    let deadline = tokio::time::Instant::now() + crate::routes::UPLOAD_TIME;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("picture") => match tokio::time::timeout_at(deadline, field.bytes()).await {
                Ok(Ok(data)) => bytes = Some(data.to_vec()),
                Ok(Err(_)) => return back(TOO_LARGE, &state),
                Err(_) => return back(BUSY, &state),
            },
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(_) => return back(TOO_LARGE, &state),
        }
    }
    let Some(bytes) = bytes.filter(|bytes| !bytes.is_empty()) else { return back(NOT_AN_IMAGE, &state) };
    if bytes.len() as u64 > state.max_image_bytes {
        return back(TOO_LARGE, &state);
    }
    match pictures::upload(&state.db, &state.files, &viewer, bytes).await {
        Ok(()) => back(SAVED, &state),
        Err(AppError::Invalid { .. }) => back(NOT_AN_IMAGE, &state),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `POST /account/picture/remove`.
pub async fn remove(State(state): State<AppState>, session: Session) -> Response {
    let Some(viewer) = viewer(&state, &session).await else { return Redirect::to("/signin").into_response() };
    match pictures::remove(&state.db, &state.files, &viewer).await {
        Ok(()) => back(REMOVED, &state),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /pictures/{account}`: only for those who may see that person; private caching, since the answer
/// depends on who asks. The address changes with each new picture (`?v=`), so a day of caching is safe.
pub async fn serve(State(state): State<AppState>, session: Session, Path(account): Path<i32>) -> Response {
    let Some(viewer) = viewer(&state, &session).await else { return StatusCode::NOT_FOUND.into_response() };
    match pictures::picture(&state.db, &state.files, &viewer, account).await {
        Ok(jpeg) => ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, max-age=86400")], jpeg).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
