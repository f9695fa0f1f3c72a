//! TwinSpace materials over HTTP: the upload (a plain multipart form answered with a redirect back to the
//! materials page, so it works without JavaScript; the hydrated page sends the same form with a progress bar)
//! and downloads, each through the TwinSpace policy in `app::twinspace::materials::ssr`.
use crate::routes::AppState;
use app::{
    error::{AppError, Problem},
    requests::ssr as requests,
    twinspace::materials::{BUSY, FULL, MISMATCH, MISSING, NOT_ALLOWED, TOO_LARGE, UPLOADED, ssr as materials},
};
use axum::{
    extract::{Multipart, Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

fn back(project: i32, folder: Option<i32>, outcome: &str) -> Response {
    let folder = folder.map(|f| format!("folder={f}&")).unwrap_or_default();
    Redirect::to(&format!("/projects/{project}/space/materials?{folder}outcome={outcome}")).into_response()
}

/// `POST /projects/{id}/materials`, multipart: `folder` (optional) and one file field `file`, read as it
/// arrives and stored piece by piece (`materials::upload`). The body limit is set on the route.
pub async fn upload(State(state): State<AppState>, session: Session, Path(project): Path<i32>, mut form: Multipart) -> Response {
    let Some(viewer) = crate::pictures::viewer(&state, &session).await else { return Redirect::to("/signin").into_response() };
    // Before reading the body: who may not add files here sends nothing we keep.
    if let Err(err) = materials::may_upload(&state.db, &viewer, project).await {
        return err.status().into_response();
    }
    let Some(_turn) = state.upload_slot(viewer.id).await else { return back(project, None, BUSY) };
    let mut folder = None;
    // The form's request key (before the file in the form): a file sent again is stored once.
    let mut request = String::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("folder") => folder = field.text().await.ok().and_then(|t| t.trim().parse::<i32>().ok()),
            Ok(Some(field)) if field.name() == Some(app::requests::FIELD) => {
                request = field.text().await.unwrap_or_default();
                match requests::answered::<i32>(&state.db, viewer.id, &request).await {
                    Ok(Some(_)) => return back(project, folder, UPLOADED),
                    Ok(None) => {}
                    Err(err) => return err.status().into_response(),
                }
            }
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                // A broken body (over the route's limit, or the connection lost) ends the upload as too large; one
                // that stalls, or drips for longer than any real upload takes, ends so that its turn is freed.
                let deadline = tokio::time::Instant::now() + crate::routes::UPLOAD_TIME;
                let pieces = futures_util::stream::unfold(Some(field), move |field| async move {
                    let mut field = field?;
                    let piece = tokio::time::timeout(crate::routes::UPLOAD_PAUSE, field.chunk());
                    match tokio::time::timeout_at(deadline, piece).await {
                        Ok(Ok(Ok(Some(bytes)))) => Some((Ok(bytes), Some(field))),
                        Ok(Ok(Ok(None))) => None,
                        Ok(Ok(Err(_))) => {
                            let max_mb = app::twinspace::materials::MAX_FILE_MB as u32;
                            Some((Err(AppError::invalid("file", Problem::FileTooLarge { max_mb })), None))
                        }
                        Ok(Err(_)) | Err(_) => Some((Err(AppError::Busy), None)),
                    }
                });
                // On the heap: the upload's state is large, and a debug build's stack is not.
                let stored = Box::pin(materials::upload(
                    &state.db,
                    &state.files,
                    &viewer,
                    project,
                    folder,
                    &name,
                    &request,
                    state.site.project_storage_bytes,
                    std::pin::pin!(pieces),
                ))
                .await;
                return outcome(project, folder, stored.map(|_| ()));
            }
            Ok(Some(_)) => continue,
            Ok(None) => break,
            Err(_) => return back(project, folder, TOO_LARGE),
        }
    }
    back(project, folder, MISSING)
}

fn outcome(project: i32, folder: Option<i32>, stored: Result<(), AppError>) -> Response {
    match stored {
        Ok(()) => back(project, folder, UPLOADED),
        Err(AppError::Invalid { problem, .. }) => back(
            project,
            folder,
            match problem {
                Problem::FileTooLarge { .. } => TOO_LARGE,
                Problem::FileTypeNotAllowed => NOT_ALLOWED,
                Problem::FileMissing => MISSING,
                Problem::StorageFull { .. } => FULL,
                _ => MISMATCH,
            },
        ),
        Err(AppError::Busy) => back(project, folder, BUSY),
        Err(err) => err.status().into_response(),
    }
}

async fn serve(state: AppState, session: Session, id: i32, thumbnail: bool) -> Response {
    let viewer = crate::pictures::viewer(&state, &session).await;
    match materials::download(&state.db, &state.files, viewer.as_ref(), id, thumbnail).await {
        Ok((name, content_type, bytes)) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")));
            // Asked again each time: a removed member or a deleted file must not stay readable from a cache.
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
            // Nothing served from here runs as a page of this site, whatever it holds.
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
            if !thumbnail {
                let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
                let encoded: String = name.bytes().map(|b| if b.is_ascii_alphanumeric() || b".-_".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
                let disposition = if content_type.starts_with("image/") { "inline" } else { "attachment" };
                if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")) {
                    headers.insert(header::CONTENT_DISPOSITION, value);
                }
            }
            response
        }
        Err(app::error::AppError::Internal) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            "This file cannot be read from storage right now. The platform's operators have been told; please try again later.",
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /materials/{id}`: the file, for those who may read the space's materials; nobody else learns it exists.
pub async fn download(State(state): State<AppState>, session: Session, Path(id): Path<i32>) -> Response {
    serve(state, session, id, false).await
}

/// `GET /materials/{id}/thumbnail`.
pub async fn thumbnail(State(state): State<AppState>, session: Session, Path(id): Path<i32>) -> Response {
    serve(state, session, id, true).await
}

/// Files of the local store's `materials/` that were being written when the process stopped (the store writes a
/// file beside its final name, `name#N`, and renames it when complete), older than `older_than`. The store's own
/// listing does not show them; on S3 an unfinished multipart upload is the bucket's lifecycle rule's to end.
pub fn staged_files(data_dir: &std::path::Path, older_than: chrono::TimeDelta) -> Vec<std::path::PathBuf> {
    let cutoff = std::time::SystemTime::now() - older_than.to_std().unwrap_or_default();
    let mut found = Vec::new();
    let mut folders = vec![data_dir.join("materials")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                folders.push(path);
                continue;
            }
            let staged = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.rsplit_once('#'))
                .is_some_and(|(_, suffix)| !suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_digit()));
            if staged && meta.modified().is_ok_and(|modified| modified <= cutoff) {
                found.push(path);
            }
        }
    }
    found
}

/// Removes `staged_files`; how many.
pub fn remove_staged_files(data_dir: &std::path::Path, older_than: chrono::TimeDelta) -> usize {
    staged_files(data_dir, older_than).into_iter().filter(|path| std::fs::remove_file(path).is_ok()).count()
}
