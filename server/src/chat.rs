//! The chat websocket: `GET /projects/{id}/chat/socket?after=N`. It sends the messages after N (the latest
//! ones without N), then every new message live. Sending goes through the `send_chat_message` server function,
//! so this socket only listens. Who may listen is asked of the TwinSpace policy when the socket opens and again
//! every minute, with the session itself, so a member who is removed or signs out stops hearing the room.
use crate::routes::AppState;
use app::twinspace::chat::{CHAT_HISTORY, ChatMessage, ssr as chat};
use axum::{
    extract::{Path, Query, State, WebSocketUpgrade, ws::{Message, WebSocket}},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use tokio::sync::broadcast;
use tower_sessions::Session;

#[derive(Deserialize)]
pub struct After {
    after: Option<i32>,
}

const RECHECK: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn socket(
    ws: WebSocketUpgrade,
    Path(project): Path<i32>,
    Query(After { after }): Query<After>,
    headers: HeaderMap,
    session: Session,
    State(state): State<AppState>,
) -> Response {
    // Another site's page must not open a socket with the reader's cookie.
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let same_origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|origin| origin == state.site.public_url || origin.split_once("://").map(|(_, h)| h) == Some(host));
    if !same_origin {
        return (StatusCode::FORBIDDEN, "cross-site socket refused").into_response();
    }
    let Some(viewer) = crate::pictures::viewer(&state, &session).await else {
        return (StatusCode::UNAUTHORIZED, "please sign in").into_response();
    };
    // Subscribe before reading the history: a message stored in between comes live (and is sent once).
    let live = state.chat.subscribe(project);
    let mut history = match chat::history(&state.db, &viewer, project, after).await {
        Ok(history) => history,
        Err(err) => return (err.status(), err.to_string()).into_response(),
    };
    // A page that was away long catches up with everything it missed, a page of messages at a time.
    if after.is_some() {
        while history.len() as u64 % CHAT_HISTORY == 0 && !history.is_empty() && history.len() < 50 * CHAT_HISTORY as usize {
            let last = history.last().map(|m| m.id);
            match chat::history(&state.db, &viewer, project, last).await {
                Ok(more) if !more.is_empty() => history.extend(more),
                _ => break,
            }
        }
    }
    // Never send again what the page already has, even if the history came back empty.
    let last = history.iter().map(|m| m.id).max().or(after).unwrap_or(0);
    let reader = Reader { viewer, session: session.id(), locale: app::locale_of_headers(&headers) };
    ws.on_upgrade(move |socket| run(socket, state, reader, project, history, last, live))
}

/// Whether an open socket may stay open: the session it was opened with still exists and is still this
/// person's (signing out, a password reset and a suspension end it), and the TwinSpace policy still lets them
/// read the room (a removed member stops hearing it).
pub(crate) async fn still_allowed(state: &AppState, session: Option<tower_sessions::session::Id>, viewer: i32, project: i32) -> bool {
    use tower_sessions::SessionStore;
    let Some(id) = session else { return false };
    let store = app::accounts::session_store::DbSessionStore::new(state.db.clone());
    let Ok(Some(record)) = store.load(&id).await else { return false };
    if record.data.get(app::accounts::ssr::SESSION_ACCOUNT).and_then(|v| v.as_i64()) != Some(i64::from(viewer)) {
        return false;
    }
    match app::accounts::ssr::viewer_by_id(&state.db, viewer).await {
        Ok(Some(viewer)) => chat::history(&state.db, &viewer, project, Some(i32::MAX)).await.is_ok(),
        _ => false,
    }
}

/// Who a socket serves: the person, their session (asked again every `RECHECK`) and their language (for times).
struct Reader {
    viewer: app::access::Viewer,
    session: Option<tower_sessions::session::Id>,
    locale: app::i18n::Locale,
}

async fn send(socket: &mut WebSocket, message: &ChatMessage, locale: app::i18n::Locale) -> bool {
    match serde_json::to_string(&message.clone().for_reader(locale)) {
        Ok(text) => socket.send(Message::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

async fn run(
    mut socket: WebSocket,
    state: AppState,
    reader: Reader,
    project: i32,
    history: Vec<ChatMessage>,
    mut last: i32,
    mut live: broadcast::Receiver<ChatMessage>,
) {
    for message in &history {
        if !send(&mut socket, message, reader.locale).await {
            return;
        }
    }
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.tick().await;
    let mut stopping = state.stopping.clone();
    loop {
        tokio::select! {
            // The process is stopping: say so, and the page reconnects (to another process) and catches up.
            // (A process that can never stop, as in tests, has dropped the sender: that is not a stop.)
            _ = async { if stopping.wait_for(|stopping| *stopping).await.is_err() { std::future::pending::<()>().await } } => {
                let close = axum::extract::ws::CloseFrame { code: axum::extract::ws::close_code::AWAY, reason: "the server is restarting".into() };
                let _ = socket.send(Message::Close(Some(close))).await;
                return;
            }
            received = live.recv() => match received {
                // A message a moderator hid or deleted: the page drops it.
                Ok(message) if message.withdrawn => {
                    if !send(&mut socket, &message, reader.locale).await {
                        return;
                    }
                }
                Ok(message) if message.id > last => {
                    last = message.id;
                    if !send(&mut socket, &message, reader.locale).await {
                        return;
                    }
                }
                Ok(_) => {}
                // Too slow to keep up: close, and the page catches up from `last` when it reconnects.
                Err(broadcast::error::RecvError::Lagged(_)) | Err(broadcast::error::RecvError::Closed) => break,
            },
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => {}
            },
            _ = recheck.tick() => {
                if !still_allowed(&state, reader.session, reader.viewer.id, project).await {
                    break;
                }
            }
        }
    }
    let _ = socket.send(Message::Close(None)).await;
}
