//! The live rooms' websockets: `GET /projects/{id}/chat/socket?after=N` (a TwinSpace's chat) and
//! `GET /messages/{teacher}/socket?after=N` (a private conversation with a contact). Each sends the messages
//! after N (the latest ones without N), then every new message live. Sending goes through the server functions
//! (`send_chat_message`, `send_private_message`), so a socket only listens. Who may listen is asked of the
//! room's rules when the socket opens and again every minute, with the session itself, so a member who is
//! removed, or a teacher no longer in the conversation, or anyone who signs out, stops hearing the room. (A block
//! ends writing, not reading: the history stays readable.)
//!
//! And `GET /live/badge`: the header's counters (unread notifications and messages, open reports) of the person
//! signed in, sent when the socket opens and whenever they change, so every page's header stays current.
use crate::routes::AppState;
use app::{
    messages::{PrivateMessage, ssr as messages},
    twinspace::chat::{CHAT_HISTORY, ChatMessage, ssr as chat},
};
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

/// A message a socket sends: written for its reader, and dropped by pages when withdrawn.
trait Outgoing: Clone + serde::Serialize + Send + 'static {
    fn id(&self) -> i32;
    fn withdrawn(&self) -> bool;
    fn for_reader(self, locale: app::i18n::Locale) -> Self;
}

impl Outgoing for ChatMessage {
    fn id(&self) -> i32 {
        self.id
    }
    fn withdrawn(&self) -> bool {
        self.withdrawn
    }
    fn for_reader(self, locale: app::i18n::Locale) -> Self {
        ChatMessage::for_reader(self, locale)
    }
}

impl Outgoing for PrivateMessage {
    fn id(&self) -> i32 {
        self.id
    }
    fn withdrawn(&self) -> bool {
        self.withdrawn
    }
    fn for_reader(self, locale: app::i18n::Locale) -> Self {
        PrivateMessage::for_reader(self, locale)
    }
}

fn same_origin(headers: &HeaderMap, state: &AppState) -> bool {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|origin| origin == state.site.public_url || origin.split_once("://").map(|(_, h)| h) == Some(host))
}

/// Who opens a socket: a same-site page (another site's page must not open one with the reader's cookie) of a
/// signed-in person.
async fn opener(headers: &HeaderMap, state: &AppState, session: &Session) -> Result<app::access::Viewer, Response> {
    if !same_origin(headers, state) {
        return Err((StatusCode::FORBIDDEN, "cross-site socket refused").into_response());
    }
    crate::pictures::viewer(state, session).await.ok_or_else(|| (StatusCode::UNAUTHORIZED, "please sign in").into_response())
}

/// A page that was away long (`after` given) catches up with everything it missed, a page of `page` messages at
/// a time, up to 50 pages.
async fn catch_up<T: Outgoing, F>(mut history: Vec<T>, after: Option<i32>, page: u64, more: impl Fn(i32) -> F) -> Vec<T>
where
    F: Future<Output = Result<Vec<T>, app::error::AppError>>,
{
    if after.is_none() {
        return history;
    }
    while history.len() as u64 % page == 0 && !history.is_empty() && (history.len() as u64) < 50 * page {
        let last = history.last().map(Outgoing::id).unwrap_or_default();
        match more(last).await {
            Ok(next) if !next.is_empty() => history.extend(next),
            _ => break,
        }
    }
    history
}

pub async fn socket(
    ws: WebSocketUpgrade,
    Path(project): Path<i32>,
    Query(After { after }): Query<After>,
    headers: HeaderMap,
    session: Session,
    State(state): State<AppState>,
) -> Response {
    let viewer = match opener(&headers, &state, &session).await {
        Ok(viewer) => viewer,
        Err(refused) => return refused,
    };
    // Subscribe before reading the history: a message stored in between comes live (and is sent once).
    let live = state.chat.subscribe(project);
    let history = match chat::history(&state.db, &viewer, project, after).await {
        Ok(history) => history,
        Err(err) => return (err.status(), err.to_string()).into_response(),
    };
    let history = catch_up(history, after, CHAT_HISTORY, |last| chat::history(&state.db, &viewer, project, Some(last))).await;
    let reader = Reader { viewer, session: session.id(), locale: app::locale_of_headers(&headers) };
    let allowed = async move |state: &AppState, reader: &Reader| still_allowed(state, reader.session, reader.viewer.id, project).await;
    let since = async move |state: &AppState, reader: &Reader, last: i32| chat::history(&state.db, &reader.viewer, project, Some(last)).await.ok();
    let seen = async |_: &AppState, _: &Reader, _: &ChatMessage| {};
    ws.on_upgrade(move |socket| run(socket, state, reader, history, after, live, Room { allowed, since, seen }))
}

/// A private conversation's socket, for one of its two people.
pub async fn conversation_socket(
    ws: WebSocketUpgrade,
    Path(with): Path<i32>,
    Query(After { after }): Query<After>,
    headers: HeaderMap,
    session: Session,
    State(state): State<AppState>,
) -> Response {
    let viewer = match opener(&headers, &state, &session).await {
        Ok(viewer) => viewer,
        Err(refused) => return refused,
    };
    let conversation = match messages::conversation_id(&state.db, &viewer, with).await {
        Ok(id) => id,
        Err(err) => return (err.status(), err.to_string()).into_response(),
    };
    let live = state.messages.subscribe(conversation);
    let history = match messages::history(&state.db, &viewer, with, after).await {
        Ok(history) => history,
        Err(err) => return (err.status(), err.to_string()).into_response(),
    };
    let history = catch_up(history, after, app::messages::PAGE, |last| messages::history(&state.db, &viewer, with, Some(last))).await;
    let reader = Reader { viewer, session: session.id(), locale: app::locale_of_headers(&headers) };
    let allowed = async move |state: &AppState, reader: &Reader| {
        match session_holder(state, reader.session, reader.viewer.id).await {
            Some(viewer) => messages::history(&state.db, &viewer, with, Some(i32::MAX)).await.is_ok(),
            None => false,
        }
    };
    let since = async move |state: &AppState, reader: &Reader, last: i32| messages::history(&state.db, &reader.viewer, with, Some(last)).await.ok();
    // What the reader was sent live, they have read: and their header's counter says so at once (it may have
    // counted the message as unread a moment before).
    let seen = async move |state: &AppState, reader: &Reader, message: &PrivateMessage| {
        if message.author_id != reader.viewer.id && !message.withdrawn {
            let _ = messages::seen_live(&state.db, &reader.viewer, conversation, message.id).await;
            state.badges.load_and_deliver(reader.viewer.id, 0).await;
        }
    };
    ws.on_upgrade(move |socket| run(socket, state, reader, history, after, live, Room { allowed, since, seen }))
}

/// The person whose session a socket was opened with, while that session still exists and is still theirs
/// (signing out, a password reset and a suspension end it).
async fn session_holder(state: &AppState, session: Option<tower_sessions::session::Id>, viewer: i32) -> Option<app::access::Viewer> {
    use tower_sessions::SessionStore;
    let id = session?;
    let store = app::accounts::session_store::DbSessionStore::new(state.db.clone());
    let record = store.load(&id).await.ok()??;
    if record.data.get(app::accounts::ssr::SESSION_ACCOUNT).and_then(|v| v.as_i64()) != Some(i64::from(viewer)) {
        return None;
    }
    app::accounts::ssr::viewer_by_id(&state.db, viewer).await.ok()?
}

/// Whether an open chat socket may stay open: its session is still this person's, and the TwinSpace policy
/// still lets them read the room (a removed member stops hearing it).
pub(crate) async fn still_allowed(state: &AppState, session: Option<tower_sessions::session::Id>, viewer: i32, project: i32) -> bool {
    match session_holder(state, session, viewer).await {
        Some(viewer) => chat::history(&state.db, &viewer, project, Some(i32::MAX)).await.is_ok(),
        None => false,
    }
}

/// Who a socket serves: the person, their session (asked again every `RECHECK`) and their language (for times).
struct Reader {
    viewer: app::access::Viewer,
    session: Option<tower_sessions::session::Id>,
    locale: app::i18n::Locale,
}

async fn send<T: Outgoing>(socket: &mut WebSocket, message: &T, locale: app::i18n::Locale) -> bool {
    match serde_json::to_string(&message.clone().for_reader(locale)) {
        Ok(text) => socket.send(Message::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

/// What a socket asks of its room: whether the reader may still listen, the messages after an id as the reader
/// may see them, and what to do with a message the reader was sent.
struct Room<A, S, D> {
    allowed: A,
    since: S,
    seen: D,
}

async fn run<T: Outgoing, A, S, D>(
    mut socket: WebSocket,
    state: AppState,
    reader: Reader,
    history: Vec<T>,
    after: Option<i32>,
    mut live: broadcast::Receiver<T>,
    room: Room<A, S, D>,
) where
    A: AsyncFn(&AppState, &Reader) -> bool,
    S: AsyncFn(&AppState, &Reader, i32) -> Option<Vec<T>>,
    D: AsyncFn(&AppState, &Reader, &T),
{
    let Room { allowed, since, seen } = room;
    // Never send again what the page already has, even if the history came back empty.
    let mut last = history.iter().map(|m| m.id()).max().or(after).unwrap_or(0);
    for message in &history {
        if !send(&mut socket, message, reader.locale).await {
            return;
        }
    }
    if let Some(newest) = history.last() {
        seen(&state, &reader, newest).await;
    }
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.tick().await;
    let mut stopping = state.stopping.clone();
    loop {
        tokio::select! {
            // The process is stopping: say so, and the page reconnects (to another process) and catches up.
            _ = stopped(&mut stopping) => return going_away(&mut socket).await,
            received = live.recv() => match received {
                // A message a moderator hid or deleted: the page drops it.
                Ok(message) if message.withdrawn() => {
                    if !send(&mut socket, &message, reader.locale).await {
                        return;
                    }
                }
                // Notices of two messages stored at nearly the same time can arrive in either order: send what the
                // database has after the last one sent, in order, so none is skipped.
                Ok(message) if message.id() > last => {
                    let newer = since(&state, &reader, last).await.unwrap_or_else(|| vec![message]);
                    let from = last;
                    for message in newer.iter().filter(|m| m.id() > from && !m.withdrawn()) {
                        last = message.id();
                        if !send(&mut socket, message, reader.locale).await {
                            return;
                        }
                        seen(&state, &reader, message).await;
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
                if !allowed(&state, &reader).await {
                    break;
                }
            }
        }
    }
    let _ = socket.send(Message::Close(None)).await;
}

/// Resolves once the process begins to stop; never for a process that cannot stop (tests drop the sender).
async fn stopped(stopping: &mut tokio::sync::watch::Receiver<bool>) {
    if stopping.wait_for(|stopping| *stopping).await.is_err() {
        std::future::pending::<()>().await
    }
}

/// Tells a page the server is going away: it reconnects, to another process.
async fn going_away(socket: &mut WebSocket) {
    let close = axum::extract::ws::CloseFrame { code: axum::extract::ws::close_code::AWAY, reason: "the server is restarting".into() };
    let _ = socket.send(Message::Close(Some(close))).await;
}

/// How often an open badge socket reads the counters again (with the session): what changes without a
/// notification or a message (read in another tab, a report decided) shows within this.
const BADGE_RECHECK: std::time::Duration = std::time::Duration::from_secs(30);

/// The header's counters of the person signed in: their `Badge` as JSON at once, then whenever it changes.
pub async fn badge_socket(ws: WebSocketUpgrade, headers: HeaderMap, session: Session, State(state): State<AppState>) -> Response {
    let viewer = match opener(&headers, &state, &session).await {
        Ok(viewer) => viewer,
        Err(refused) => return refused,
    };
    let live = state.badges.subscribe(viewer.id);
    let session = session.id();
    ws.on_upgrade(move |socket| run_badge(socket, state, viewer.id, session, live))
}

async fn run_badge(
    mut socket: WebSocket,
    state: AppState,
    viewer: i32,
    session: Option<tower_sessions::session::Id>,
    mut live: broadcast::Receiver<app::moderation::Badge>,
) {
    let mut shown = None;
    // Its first tick is at once: the counters as they are when the page opens.
    let mut recheck = tokio::time::interval(BADGE_RECHECK);
    let mut stopping = state.stopping.clone();
    loop {
        let badge = tokio::select! {
            _ = stopped(&mut stopping) => return going_away(&mut socket).await,
            received = live.recv() => match received {
                Ok(badge) => badge,
                // Behind: the next change (or the next recheck) brings the counters as they are.
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            },
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => continue,
            },
            _ = recheck.tick() => {
                // Signed out, or the session ended: the socket ends too.
                let Some(holder) = session_holder(&state, session, viewer).await else { break };
                match app::moderation::ssr::badge(&state.db, &holder).await {
                    Ok(badge) => badge,
                    Err(_) => continue,
                }
            }
        };
        if shown.as_ref() != Some(&badge) {
            let Ok(text) = serde_json::to_string(&badge) else { continue };
            if socket.send(Message::Text(text.into())).await.is_err() {
                return;
            }
            shown = Some(badge);
        }
    }
    let _ = socket.send(Message::Close(None)).await;
}
