//! The HTTP surface: Leptos pages and server functions, health probes, static files, and graceful shutdown.
use crate::config::Config;
use app::{App, shell};
use axum::{
    Router,
    body::Body,
    extract::{FromRef, Path, Query, State},
    http::{HeaderValue, Request, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use app::{accounts::session_store::DbSessionStore, settings::SiteSettings};
use axum::{http::Method, middleware::Next};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tower_http::{compression::CompressionLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub site: SiteSettings,
    /// Whether people reach us over https: session cookies are then Secure.
    pub https: bool,
    /// Partner search counts, shared by every request for a few seconds.
    pub counts: std::sync::Arc<app::partners::ssr::CountCache>,
    /// How fast each account may search for partners.
    pub search_pace: std::sync::Arc<app::partners::ssr::SearchPace>,
    /// Where uploaded files (materials, thumbnails, profile pictures) are kept (`storage`); the largest image
    /// accepted follows.
    pub files: app::teachers::pictures::ssr::PictureStore,
    pub max_image_bytes: u64,
    /// Live chat delivery to this process's websockets (and, on PostgreSQL, from the other processes).
    pub chat: std::sync::Arc<app::twinspace::chat::ssr::ChatHub>,
    /// Live delivery of private messages, on the same channel.
    pub messages: std::sync::Arc<app::messages::ssr::MessageHub>,
    /// The header's live counters (`/live/badge`), told by `tasks::tell_badges`.
    pub badges: std::sync::Arc<app::moderation::ssr::BadgeHub>,
    /// True once the process is stopping: `/readyz` answers 503 and chat sockets close with "going away".
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Turns for reading uploads (the `parallel_uploads` setting): they bound the memory and disk work that
    /// uploads take, whatever number of people send files at once.
    pub uploads: std::sync::Arc<tokio::sync::Semaphore>,
    /// How long an upload waits for its turn before the sender is asked to try again.
    pub upload_wait: std::time::Duration,
    /// Each account's own turns (`TURNS_PER_ACCOUNT`), kept while the account has uploads in progress or waiting.
    pub uploading: AccountTurns,
    /// Twinboard posts kept rendered (`app::twinspace::ssr::RenderedPosts`), shared by every page.
    pub rendered_posts: app::twinspace::ssr::RenderedPosts,
}

/// Memory for kept Twinboard posts: about 8,000 posts of 4 KB.
pub const RENDERED_POSTS_BYTES: u64 = 32 << 20;

/// Uploads one account may have in progress at once: a person sending many files at once sees them go up two at
/// a time (the others wait their turn); a script dripping bytes into many uploads cannot hold every turn of the
/// server.
pub const TURNS_PER_ACCOUNT: usize = 2;
/// Longest pause between two pieces of an upload, and longest upload (20 MB over a slow school line takes a few
/// minutes): past either, the upload ends and its turn goes to someone else.
pub const UPLOAD_PAUSE: std::time::Duration = std::time::Duration::from_secs(60);
pub const UPLOAD_TIME: std::time::Duration = std::time::Duration::from_secs(15 * 60);

pub type AccountTurns = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<i32, std::sync::Arc<tokio::sync::Semaphore>>>>;

/// A turn to read an upload, given back when dropped.
pub struct UploadTurn {
    _server: tokio::sync::OwnedSemaphorePermit,
    _account: AccountTurn,
}

/// An upload's claim on one of its account's turns, from the moment it starts waiting. Dropping it gives the turn
/// back and forgets the account's turns once nobody holds or waits for them (the map stays as small as the
/// number of people uploading).
struct AccountTurn {
    account: i32,
    turns: std::sync::Arc<tokio::sync::Semaphore>,
    held: Option<tokio::sync::OwnedSemaphorePermit>,
    uploading: AccountTurns,
}

impl Drop for AccountTurn {
    fn drop(&mut self) {
        self.held.take();
        let mut uploading = self.uploading.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Every waiter and holder keeps a handle (permits included): the map's and ours are the last two.
        if std::sync::Arc::strong_count(&self.turns) == 2 {
            uploading.remove(&self.account);
        }
    }
}

impl AppState {
    /// A turn to read an upload for `account`: first one of the account's own turns, then one of the server's.
    /// Waiting costs nothing here (the browser's bytes wait in the network); when no turn comes within
    /// `upload_wait`, the sender is asked to try again (None).
    pub async fn upload_slot(&self, account: i32) -> Option<UploadTurn> {
        let deadline = tokio::time::Instant::now() + self.upload_wait;
        let mut claim = {
            let mut uploading = self.uploading.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let turns = uploading.entry(account).or_insert_with(|| std::sync::Arc::new(tokio::sync::Semaphore::new(TURNS_PER_ACCOUNT))).clone();
            AccountTurn { account, turns, held: None, uploading: self.uploading.clone() }
        };
        // The account's turn first, so that one account's waiting uploads never queue for every server turn.
        claim.held = Some(tokio::time::timeout_at(deadline, claim.turns.clone().acquire_owned()).await.ok()?.ok()?);
        let server = tokio::time::timeout_at(deadline, self.uploads.clone().acquire_owned()).await.ok()?.ok()?;
        Some(UploadTurn { _server: server, _account: claim })
    }
}

/// The routes besides pages and server functions, with the method each answers (the hostile-input test walks
/// this list, so that a new route is covered without editing the test).
pub fn http_routes(state: &AppState) -> Vec<(&'static str, Method, axum::routing::MethodRouter<AppState>)> {
    use axum::{extract::DefaultBodyLimit, routing::post};
    // Room for the multipart envelope around the largest picture or file accepted.
    let picture_limit = DefaultBodyLimit::max(state.max_image_bytes as usize + 64 * 1024);
    let file_limit = DefaultBodyLimit::max((app::twinspace::materials::MAX_FILE_MB * 1024 * 1024 + 64 * 1024) as usize);
    vec![
        ("/healthz", Method::GET, get(|| async { "ok" })),
        ("/readyz", Method::GET, get(readyz)),
        ("/language/{code}", Method::GET, get(choose_language)),
        ("/account/picture", Method::POST, post(crate::pictures::upload).layer(picture_limit)),
        ("/account/picture/remove", Method::POST, post(crate::pictures::remove)),
        ("/pictures/{account}", Method::GET, get(crate::pictures::serve)),
        ("/projects/{id}/chat/socket", Method::GET, get(crate::chat::socket)),
        ("/messages/{teacher}/socket", Method::GET, get(crate::chat::conversation_socket)),
        ("/live/badge", Method::GET, get(crate::chat::badge_socket)),
        ("/projects/{id}/materials", Method::POST, post(crate::materials::upload).layer(file_limit)),
        ("/materials/{id}", Method::GET, get(crate::materials::download)),
        ("/projects/{id}/pupils/{pupil}/export", Method::GET, get(crate::pupil_data::export)),
        ("/materials/{id}/thumbnail", Method::GET, get(crate::materials::thumbnail)),
        ("/certificates/{code}/certificate.pdf", Method::GET, get(crate::certificates::download)),
        ("/seminars/{id}/calendar.ics", Method::GET, get(crate::seminars::calendar)),
        (app::newsletter::ONE_CLICK_PATH, Method::POST, post(crate::newsletter::one_click_unsubscribe).get(crate::newsletter::to_the_page)),
    ]
}

/// A bare client error (a status alone, as the file routes and axum's extractors answer) gets a sentence saying
/// why: a person or a script is never left with a blank answer. Pages and server functions say it themselves.
async fn bare_errors_say_why(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !status.is_client_error() || response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let text = match status {
        StatusCode::NOT_FOUND => "Not found: there is nothing here, or it is not for you to see.",
        StatusCode::UNAUTHORIZED => "Please sign in first.",
        StatusCode::FORBIDDEN => "You may not do this here.",
        StatusCode::PAYLOAD_TOO_LARGE => "This is larger than the platform accepts.",
        StatusCode::METHOD_NOT_ALLOWED => "This address does not take this kind of request.",
        StatusCode::TOO_MANY_REQUESTS => "Too many requests: please wait a moment and try again.",
        _ => status.canonical_reason().unwrap_or("The request was not understood."),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

/// What every page render and server function can reach through `use_context`.
fn provide_request_context(state: &AppState) -> impl Fn() + Clone + Send + use<> {
    let db = state.db.clone();
    let site = state.site.clone();
    let counts = state.counts.clone();
    let search_pace = state.search_pace.clone();
    let chat = state.chat.clone();
    let messages = state.messages.clone();
    let store = state.files.clone();
    let rendered_posts = state.rendered_posts.clone();
    move || {
        provide_context(rendered_posts.clone());
        provide_context(chat.clone());
        provide_context(messages.clone());
        provide_context(store.clone());
        provide_context(db.clone());
        provide_context(site.clone());
        provide_context(counts.clone());
        provide_context(search_pace.clone());
        provide_context(app::accounts::ssr::ViewerOfRequest::default());
    }
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        // A release build by cargo-leptos names the wasm, JS and CSS after their content and lists the names in
        // `hash.txt` beside the server binary; browsers may then keep them for good (see `cache_static_files`).
        .hash_files(hash_file_beside_binary())
        // cargo-leptos sets this while compiling; a plain `cargo build` falls back to the workspace's name.
        .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("opentwin"))
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .env(if config.production { leptos::config::Env::PROD } else { leptos::config::Env::DEV })
        .build()
}

fn hash_file_beside_binary() -> bool {
    std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file())).unwrap_or(false)
}

/// How long browsers may keep static files. Files under `/pkg/` whose names carry their content's hash never
/// change, so a returning visitor fetches nothing; without hashed names they must be revalidated each time.
async fn cache_static_files(hashed: bool, request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    let policy = if path.starts_with("/pkg/") {
        Some(if hashed { "public, max-age=31536000, immutable" } else { "no-cache" })
    } else if path == "/favicon.svg" {
        Some("public, max-age=86400")
    } else {
        None
    };
    let mut response = next.run(request).await;
    if let Some(policy) = policy
        && response.status() == StatusCode::OK
    {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("opentwin_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.https)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let public_url = state.site.public_url.clone();
    let hashed = state.leptos_options.hash_files;
    let routes = generate_route_list(App);
    // leptos_routes_with_context also mounts every server function (under /api) with this context.
    let context = provide_request_context(&state);
    let server_fn_context = context.clone();
    http_routes(&state)
        .into_iter()
        .fold(Router::new(), |router, (path, _, handler)| router.route(path, handler))
        .leptos_routes_with_context(&state, routes, context, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(server_fn_context.clone(), shell))
        .layer(axum::middleware::from_fn(server_function_errors_keep_their_status))
        .layer(axum::middleware::from_fn(bare_errors_say_why))
        .layer(axum::middleware::from_fn(refuse_nul_in_arguments))
        .layer(axum::middleware::from_fn(no_script_form_outcomes))
        .layer(sessions)
        .layer(axum::middleware::from_fn(move |request, next| same_origin_only(public_url.clone(), request, next)))
        // Static files come precompressed from the build (`.br`, `.gz`); this compresses the pages.
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(move |request, next| cache_static_files(hashed, request, next)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// State-changing requests are accepted only from our own pages: a browser names the page's origin in
/// `Origin` (and `Sec-Fetch-Site`) on every cross-site POST, so another site cannot make a signed-in person act.
/// Requests without either header (scripts, curl) carry no ambient browser credentials worth forging.
async fn same_origin_only(public_url: String, request: Request<Body>, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    // A newsletter's one-click unsubscribe comes from mail programs, from anywhere; its token is its proof, and
    // it uses no session.
    if request.uri().path() == app::newsletter::ONE_CLICK_PATH {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let allowed = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
            origin == public_url || (!host.is_empty() && origin_host == host)
        }
        None => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) != Some("cross-site"),
    };
    if allowed {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

/// Pages are rendered on the server (islands), so their forms are plain posts to server functions, which send
/// the browser back to the page (the Referer). A failure comes back with the error in the address; its own 4xx
/// status would stop the browser from following that, so it becomes a 303. A success sent back to the same page
/// gets `__done=<the function's path>`, so the page can say it worked (`forms::outcome`); a function that chose
/// where to go (`leptos_axum::redirect`) is left alone.
async fn no_script_form_outcomes(request: Request<Body>, next: Next) -> Response {
    let function = request.uri().path().to_owned();
    let form_post = request.method() == axum::http::Method::POST
        && function.starts_with("/api/")
        && request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let referer = request.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(without_outcome);
    let mut response = next.run(request).await;
    if response.headers().contains_key("serverfnerror") && response.headers().contains_key(header::LOCATION) {
        *response.status_mut() = StatusCode::SEE_OTHER;
        return response;
    }
    if !form_post || !response.status().is_redirection() {
        return response;
    }
    let Some(location) = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(without_outcome) else {
        return response;
    };
    if referer.as_deref() == Some(location.as_str()) {
        let separator = if location.contains('?') { '&' } else { '?' };
        let marked = format!("{location}{separator}{}={function}", app::forms::DONE_PARAMETER);
        if let Ok(value) = HeaderValue::from_str(&marked) {
            response.headers_mut().insert(header::LOCATION, value);
            *response.status_mut() = StatusCode::SEE_OTHER;
        }
    }
    response
}

/// An address without the outcome of an earlier form post (`__done`, and server_fn's `__err`/`__path`).
fn without_outcome(address: &str) -> String {
    let Some((path, query)) = address.split_once('?') else { return address.to_owned() };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && key != app::forms::DONE_PARAMETER && key != "__err" && key != "__path"
        })
        .collect();
    if kept.is_empty() { path.to_owned() } else { format!("{path}?{}", kept.join("&")) }
}

/// No text a person types holds a NUL character, and PostgreSQL cannot store or even compare one: a server
/// function call carrying one (`%00` in its form or query) is refused with 400 before it reaches a query.
async fn refuse_nul_in_arguments(request: Request<Body>, next: Next) -> Response {
    const REFUSED: &str = "the request holds a NUL character, which no text may contain";
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if request.uri().query().is_some_and(|query| query.contains("%00") || query.contains('\0')) {
        return (StatusCode::BAD_REQUEST, REFUSED).into_response();
    }
    let (parts, body) = request.into_parts();
    // Server functions take forms and JSON; files go through their own routes.
    let Ok(bytes) = axum::body::to_bytes(body, 2 * 1024 * 1024).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "the request is too large").into_response();
    };
    if bytes.windows(3).any(|w| w == b"%00") || bytes.contains(&0) || bytes.windows(6).any(|w| w == b"\\u0000") {
        return (StatusCode::BAD_REQUEST, REFUSED).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Every failed server function answers with its error's own status. server_fn answers 500 unless the function
/// set a status itself (`error::respond_with`); a function that returns early with `?`, and one whose arguments
/// cannot be read at all (a missing field, text where a number belongs, a number out of range, bytes that are not
/// UTF-8: `AppError::Transport`, 400), would otherwise tell the caller it was our fault. One place decides.
async fn server_function_errors_keep_their_status(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = err.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Ready when the database answers, the schema is current and partner search's copy of the index is read (the
/// first call reads it): what a load balancer should wait for.
async fn readyz(State(state): State<AppState>) -> Response {
    if *state.stopping.borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "stopping").into_response();
    }
    if !app::db::is_ready(&state.db).await {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable or migrations pending").into_response();
    }
    match state.counts.ready(&state.db).await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "partner search could not read its index").into_response(),
    }
}

#[derive(serde::Deserialize)]
struct Back {
    back: Option<String>,
}

/// The language switcher without JavaScript: remember the choice in the cookie leptos_i18n reads and, for
/// someone signed in, on their account (mail to them is written in it), and go back.
async fn choose_language(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Response {
    use leptos_i18n::Locale as _;
    let Some(locale) = app::i18n::Locale::get_all().iter().find(|locale| locale.as_str() == code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    // A link on another site must not change the language of someone's mail: only a click on this site's own
    // switcher (or a typed address) does. Browsers say where a navigation came from in Sec-Fetch-Site.
    let from_here = headers.get("sec-fetch-site").is_none_or(|site| site == "same-origin" || site == "none");
    if from_here
        && let Ok(Some(account)) = session.get::<i32>(app::accounts::ssr::SESSION_ACCOUNT).await
        && let Err(err) = app::accounts::ssr::remember_language(&state.db, account, *locale).await
    {
        // The cookie still carries the choice; only mail keeps the old language.
        tracing::warn!(error = %err, "could not keep the language on the account");
    }
    // Only paths on this site, so the link cannot be used to send people elsewhere.
    let back = back.back.filter(|path| app::forms::is_same_site_path(path));
    let mut response = Redirect::to(back.as_deref().unwrap_or("/")).into_response();
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", app::LANGUAGE_COOKIE, locale.as_str());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub async fn serve(config: Config, db: DatabaseConnection) -> Result<(), String> {
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let files = crate::storage::open(&config)?;
    crate::storage::answers(&files, &config).await?;
    let state = AppState {
        stopping,
        leptos_options: leptos_options(&config),
        db: db.clone(),
        site: SiteSettings {
            public_url: config.public_url.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            project_storage_bytes: config.project_storage_bytes,
        },
        https: config.https(),
        counts: std::sync::Arc::new(app::partners::ssr::CountCache::new(crate::tasks::COUNTS_KEPT)),
        search_pace: std::sync::Arc::new(app::partners::ssr::SearchPace::new(config.partner_searches_per_minute)),
        files: files.clone(),
        max_image_bytes: config.max_image_bytes,
        chat: std::sync::Arc::new(app::twinspace::chat::ssr::hub(db.clone())),
        messages: std::sync::Arc::new(app::messages::ssr::hub(db.clone())),
        badges: std::sync::Arc::new(app::moderation::ssr::badge_hub(db.clone())),
        uploads: std::sync::Arc::new(tokio::sync::Semaphore::new(config.parallel_uploads)),
        upload_wait: std::time::Duration::from_secs(30),
        uploading: std::sync::Arc::default(),
        rendered_posts: app::twinspace::ssr::RenderedPosts::new(RENDERED_POSTS_BYTES),
    };
    // One connection listens for every kind of live room.
    let hubs: Vec<std::sync::Arc<dyn app::live::Deliver>> = vec![state.chat.clone(), state.messages.clone()];
    tokio::spawn(app::live::listen(db.clone(), hubs));
    tokio::spawn(crate::tasks::tell_badges(db.clone(), state.badges.clone()));
    crate::tasks::spawn_background_tasks(&config, db, state.counts.clone(), files);
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", config.site_addr))?;
    tracing::info!("OpenTwin is listening on http://{}", config.site_addr);
    println!("OpenTwin is ready at http://{}", config.site_addr);
    let (drain, limit) = (config.drain, config.shutdown_limit);
    let (stopped, mut told) = (stop.clone(), stop.subscribe());
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let signal = shutdown_signal().await;
        // From now on /readyz says 503, so a load balancer stops sending new people here; chat sockets close
        // with "going away" and their pages reconnect to another process.
        let _ = stopped.send(true);
        if signal == Signal::Terminate && !drain.is_zero() {
            tracing::info!("draining for {} s before closing the listener", drain.as_secs());
            tokio::time::sleep(drain).await;
        }
        tracing::info!("closing the listener; requests in flight have {} s to finish", limit.as_secs());
    });
    // Requests still running `limit` after the listener closed are cut: a stalled upload cannot hold the stop.
    let cut = async move {
        let _ = told.wait_for(|stopping| *stopping).await;
        tokio::time::sleep(drain + limit).await;
    };
    tokio::select! {
        served = server => served.map_err(|err| format!("server error: {err}"))?,
        _ = cut => tracing::warn!("stopped with requests still in flight after {} s", limit.as_secs()),
    }
    tracing::info!("stopped");
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signal {
    /// Ctrl-C at a terminal: stop at once.
    Interrupt,
    /// What orchestrators send: drain first.
    Terminate,
}

/// Finish the requests in flight on Ctrl-C or SIGTERM, then stop.
async fn shutdown_signal() -> Signal {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    let signal = tokio::select! {
        _ = ctrl_c => Signal::Interrupt,
        _ = terminate => Signal::Terminate,
    };
    tracing::info!(?signal, "shutting down");
    signal
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;
    use tower::ServiceExt;

    async fn state(migrated: bool) -> (AppState, tempdir::Dir) {
        let dir = tempdir::Dir::new();
        let db = app::db::connect(&format!("sqlite://{}/t.db?mode=rwc", dir.0.display()), 2).await.unwrap();
        if migrated {
            app::db::migrate(&db).await.unwrap();
            app::countries::ssr::sync_reference_data(&db).await.unwrap();
        }
        (state_with(db, &dir), dir)
    }

    /// Two server processes on one database: on PostgreSQL two states (each its own hubs), on SQLite, which one
    /// process serves, the same state twice.
    fn two_processes(db: &DatabaseConnection, backend: app::db::Backend, site_root: &tempdir::Dir) -> (AppState, AppState) {
        let first = state_with(db.clone(), site_root);
        let second = if backend == app::db::Backend::Postgres { state_with(db.clone(), site_root) } else { first.clone() };
        (first, second)
    }

    fn state_with(db: DatabaseConnection, site_root: &tempdir::Dir) -> AppState {
        let options = LeptosOptions::builder().output_name("opentwin").site_root(site_root.0.display().to_string()).build();
        let files = app::teachers::pictures::ssr::local_store(&site_root.0.join("data")).unwrap();
        let chat = std::sync::Arc::new(app::twinspace::chat::ssr::hub(db.clone()));
        let messages = std::sync::Arc::new(app::messages::ssr::hub(db.clone()));
        let badges = std::sync::Arc::new(app::moderation::ssr::badge_hub(db.clone()));
        AppState {
            leptos_options: options,
            db,
            site: SiteSettings { public_url: "http://localhost".into(), trusted_proxies: Vec::new(), project_storage_bytes: 50 * 1024 * 1024 },
            https: false,
            counts: std::sync::Arc::new(app::partners::ssr::CountCache::new(std::time::Duration::from_secs(30))),
            search_pace: std::sync::Arc::new(app::partners::ssr::SearchPace::new(60)),
            files,
            max_image_bytes: 1024 * 1024,
            chat,
            messages,
            badges,
            stopping: tokio::sync::watch::channel(false).1,
            uploads: std::sync::Arc::new(tokio::sync::Semaphore::new(2)),
            upload_wait: std::time::Duration::from_millis(200),
            uploading: std::sync::Arc::default(),
            rendered_posts: app::twinspace::ssr::RenderedPosts::new(RENDERED_POSTS_BYTES),
        }
    }

    /// Leptos keeps process-wide state (its executor, route generation); one router test at a time keeps
    /// these tests independent of the test harness's threads. A hung request fails instead of hanging CI.
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    async fn get(router: Router, uri: &str) -> Response {
        let request = Request::get(uri).body(Body::empty()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(20), router.oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("GET {uri} did not answer within 20 s"))
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn probes_tell_alive_and_ready_apart() {
        let _one = ONE_AT_A_TIME.lock().await;
        let (unmigrated, _dir) = state(false).await;
        assert_eq!(get(router(unmigrated.clone()), "/healthz").await.status(), StatusCode::OK);
        assert_eq!(get(router(unmigrated), "/readyz").await.status(), StatusCode::SERVICE_UNAVAILABLE);
        let (migrated, _dir) = state(true).await;
        assert_eq!(get(router(migrated), "/readyz").await.status(), StatusCode::OK);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_language_link_sets_the_cookie_and_only_returns_to_this_site() {
        let _one = ONE_AT_A_TIME.lock().await;
        let (state, _dir) = state(true).await;
        let response = get(router(state.clone()), "/language/fr?back=/countries").await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()[header::LOCATION], "/countries");
        assert!(response.headers()[header::SET_COOKIE].to_str().unwrap().starts_with("i18n_pref_locale=fr;"));

        for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/%09/evil.example", "/%0a/evil.example"] {
            let response = get(router(state.clone()), &format!("/language/fr?back={hostile}")).await;
            assert_eq!(response.headers()[header::LOCATION], "/", "{hostile}");
        }
        assert_eq!(get(router(state.clone()), "/language/xx").await.status(), StatusCode::NOT_FOUND);

        // For someone signed in, the choice is kept on the account too: mail to them follows it.
        use sea_orm::EntityTrait;
        let id = app::accounts::ssr::create_administrator(&state.db, "ada@opentwin.eu", "Ada", "a long enough password").await.unwrap();
        let cookie = signed_in(&state, "ada@opentwin.eu", "a long enough password").await;
        let mut choose = Request::get("/language/uk?back=/").body(Body::empty()).unwrap();
        choose.headers_mut().insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
        assert_eq!(send(router(state.clone()), choose).await.status(), StatusCode::SEE_OTHER);
        let account = app::accounts::ssr::entity::Entity::find_by_id(id).one(&state.db).await.unwrap().unwrap();
        assert_eq!(account.locale, "uk");
        // Sent here by another site's link: the page's language changes, the account's does not.
        let mut lured = Request::get("/language/ar?back=/").body(Body::empty()).unwrap();
        lured.headers_mut().insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
        lured.headers_mut().insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        let lured = send(router(state.clone()), lured).await;
        assert!(lured.headers()[header::SET_COOKIE].to_str().unwrap().starts_with("i18n_pref_locale=ar;"));
        let account = app::accounts::ssr::entity::Entity::find_by_id(id).one(&state.db).await.unwrap().unwrap();
        assert_eq!(account.locale, "uk", "the account keeps its language");
    }

    /// The languages page lists every language in its own name, each marked with its language, and leads back
    /// only to this site; an Arabic page is laid out right to left.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_language_is_offered_in_its_own_name_and_arabic_reads_right_to_left() {
        use leptos_i18n::Locale as _;
        let _one = ONE_AT_A_TIME.lock().await;
        let (state, _dir) = state(true).await;
        let html = |response: Response| async move { String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap() };
        let page = html(get(router(state.clone()), "/languages?back=/countries").await).await;
        assert_eq!(app::i18n::Locale::get_all().len(), 36);
        for locale in app::i18n::Locale::get_all() {
            let code = locale.as_str();
            // The way back is one query value, percent-encoded (it may hold `?` and `&` of its own).
            assert!(page.contains(&format!("href=\"/language/{code}?back=%2Fcountries\"")), "{code}");
        }
        assert!(page.contains("lang=\"ka\"") && page.contains("ქართული") && page.contains("Українська"));
        let hostile = html(get(router(state.clone()), "/languages?back=//evil.example").await).await;
        assert!(!hostile.contains("evil.example"), "{hostile}");

        let mut arabic = Request::get("/countries").body(Body::empty()).unwrap();
        arabic.headers_mut().insert(header::COOKIE, HeaderValue::from_static("i18n_pref_locale=ar"));
        let page = html(send(router(state), arabic).await).await;
        assert!(page.contains("<html lang=\"ar\" dir=\"rtl\""), "{}", &page[..page.len().min(400)]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_render_on_the_server_and_unknown_ones_answer_404() {
        let _one = ONE_AT_A_TIME.lock().await;
        let (state, _dir) = state(true).await;
        let response = get(router(state.clone()), "/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let html = String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
        assert!(html.contains("<html lang=\"en\" dir=\"ltr\""), "{html}");
        assert!(html.contains("Find partners abroad"));

        let response = get(router(state), "/no/such/page").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let html = String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
        assert!(html.contains("Page not found"));
    }

    fn post(uri: &str, body: String, cookie: Option<&str>, origin: Option<&str>) -> Request<Body> {
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "localhost")
            .body(Body::from(body))
            .unwrap();
        if let Some(cookie) = cookie {
            request.headers_mut().insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        }
        if let Some(origin) = origin {
            request.headers_mut().insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        request
    }

    async fn send(router: Router, request: Request<Body>) -> Response {
        tokio::time::timeout(std::time::Duration::from_secs(20), router.oneshot(request)).await.expect("answers").unwrap()
    }

    /// The demo's first TwinSpace ("Water in our towns", founded by teacher1).
    async fn demo_project(db: &DatabaseConnection) -> i32 {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        app::projects::ssr::entity::Entity::find()
            .filter(app::projects::ssr::entity::Column::Title.eq("Water in our towns"))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    /// Signs in through the sign-in server function, as the form does; the session cookie.
    async fn signed_in(state: &AppState, email: &str, password: &str) -> String {
        use leptos::server_fn::ServerFn;
        let form = format!("email={}&password={}", email.replace('@', "%40"), password.replace(' ', "+"));
        let response = send(router(state.clone()), post(app::accounts::SignIn::PATH, form, None, Some("http://localhost"))).await;
        session_cookie(&response).unwrap_or_else(|| panic!("{email} could not sign in: {}", response.status()))
    }

    fn session_cookie(response: &Response) -> Option<String> {
        response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("opentwin_session="))
            .map(|v| v.split(';').next().unwrap().to_owned())
    }

    async fn viewer_name(router: Router, cookie: &str) -> Option<String> {
        use leptos::server_fn::ServerFn;
        let response = send(router, post(app::accounts::CurrentViewer::PATH, String::new(), Some(cookie), None)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let viewer: Option<app::access::Viewer> = serde_json::from_slice(&body).unwrap();
        viewer.map(|v| v.display_name)
    }

    /// Over real HTTP, on both databases: sign-in issues a new session id, sign-out kills the session on the
    /// server, and a POST from another site is refused.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sessions_are_renewed_at_sign_in_and_dead_after_sign_out() {
        use leptos::server_fn::ServerFn;
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::accounts::ssr::create_administrator(&db, "ada@opentwin.eu", "Ada", "a long enough password").await.unwrap();
            let dir = tempdir::Dir::new();
            let state = state_with(db, &dir);

            // An anonymous session exists first (a planted or pre-login id).
            let anonymous = "opentwin_session=planted-id-that-the-server-never-issued";
            let form = "email=ada%40opentwin.eu&password=a+long+enough+password".to_owned();

            let cross_site = send(router(state.clone()), post(app::accounts::SignIn::PATH, form.clone(), None, Some("https://evil.example"))).await;
            assert_eq!(cross_site.status(), StatusCode::FORBIDDEN, "{backend:?}");

            let signed_in = send(router(state.clone()), post(app::accounts::SignIn::PATH, form.clone(), Some(anonymous), Some("http://localhost"))).await;
            assert!(signed_in.status().is_redirection() || signed_in.status().is_success(), "{:?}", signed_in.status());
            let cookie = session_cookie(&signed_in).expect("a session cookie");
            assert_ne!(cookie, anonymous, "a new session id at sign-in");
            let set_cookie = signed_in.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
            assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
            assert_eq!(viewer_name(router(state.clone()), &cookie).await.as_deref(), Some("Ada"));

            // Pages are rendered on the server, so their forms are plain posts: one that succeeds comes back to its
            // page marked done (an older mark dropped), and the page says so; one whose function chose where to go
            // (sign-in goes to the account page) is left alone.
            let as_form = |mut request: Request<Body>, referer: &'static str| {
                request.headers_mut().insert(header::ACCEPT, HeaderValue::from_static("text/html"));
                request.headers_mut().insert(header::REFERER, HeaderValue::from_static(referer));
                request
            };
            let rename = post(app::accounts::UpdateProfile::PATH, "display_name=Ada+Lovelace".into(), Some(&cookie), None);
            let renamed = send(router(state.clone()), as_form(rename, "http://localhost/account?tab=1&__done=/api/earlier")).await;
            assert_eq!(renamed.status(), StatusCode::SEE_OTHER, "{backend:?}");
            let back = renamed.headers()[header::LOCATION].to_str().unwrap().to_owned();
            assert_eq!(back, format!("http://localhost/account?tab=1&__done={}", app::accounts::UpdateProfile::PATH));
            let page = page_html(router(state.clone()), back.trim_start_matches("http://localhost"), &cookie).await;
            assert!(page.contains("Saved.") && page.contains("Ada Lovelace"), "the account page says the change was saved");
            let plain_page = page_html(router(state.clone()), "/account", &cookie).await;
            assert!(!plain_page.contains("Saved."), "only right after the post");
            let again = send(router(state.clone()), as_form(post(app::accounts::SignIn::PATH, form.clone(), None, None), "http://localhost/signin")).await;
            assert_eq!(again.headers()[header::LOCATION].to_str().unwrap(), "/account");

            let signed_out = send(router(state.clone()), post(app::accounts::SignOut::PATH, String::new(), Some(&cookie), None)).await;
            assert!(signed_out.status().is_redirection() || signed_out.status().is_success());
            // The old cookie, replayed, is worthless.
            assert_eq!(viewer_name(router(state.clone()), &cookie).await, None);

            // A wrong password answers 422 with the same words as an unknown address.
            let wrong = send(router(state.clone()), post(app::accounts::SignIn::PATH, "email=ada%40opentwin.eu&password=nope".into(), None, None)).await;
            assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
            // Without JavaScript the browser posts the form itself and must be sent back to the page, with the error.
            let mut plain = post(app::accounts::SignIn::PATH, "email=ada%40opentwin.eu&password=nope".into(), None, None);
            plain.headers_mut().insert(header::ACCEPT, HeaderValue::from_static("text/html"));
            plain.headers_mut().insert(header::REFERER, HeaderValue::from_static("http://localhost/signin"));
            let plain = send(router(state.clone()), plain).await;
            assert_eq!(plain.status(), StatusCode::SEE_OTHER);
            let back = plain.headers()[header::LOCATION].to_str().unwrap();
            assert!(back.starts_with("http://localhost/signin?") && back.contains("__err="), "{back}");
        })
        .await;
    }

    #[test]
    fn an_address_loses_only_the_outcome_of_an_earlier_form_post() {
        assert_eq!(without_outcome("http://localhost/account"), "http://localhost/account");
        assert_eq!(without_outcome("http://localhost/a?__done=/api/x"), "http://localhost/a");
        assert_eq!(without_outcome("http://localhost/a?q=1&__err=e&__path=/api/x&page=2"), "http://localhost/a?q=1&page=2");
        assert_eq!(without_outcome("/a?__donek=1"), "/a?__donek=1");
    }

    fn multipart(cookie: &str, file: &[u8]) -> Request<Body> {
        let mut body = b"--XYZ\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n".to_vec();
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n--XYZ--\r\n");
        Request::post("/account/picture")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XYZ")
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap()
    }

    /// Partner search keeps each person's pace: after a burst, a search that comes too soon answers 429 with a
    /// message that says to wait (in the results' place, where search as you type shows it too); someone else
    /// searching at the same time is not held up.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn partner_search_keeps_each_persons_pace() {
        use leptos::server_fn::ServerFn;
        let _one = ONE_AT_A_TIME.lock().await;
        let (mut state, _dir) = state(true).await;
        // One search a minute after the burst: the burst cannot refill while the test runs, however slow.
        state.search_pace = std::sync::Arc::new(app::partners::ssr::SearchPace::new(1));
        let mut cookies = Vec::new();
        for (email, name) in [("ada@opentwin.eu", "Ada"), ("bob@opentwin.eu", "Bob")] {
            app::accounts::ssr::create_administrator(&state.db, email, name, "a long enough password").await.unwrap();
            let form = format!("email={}&password=a+long+enough+password", email.replace('@', "%40"));
            let signed_in = send(router(state.clone()), post(app::accounts::SignIn::PATH, form, None, Some("http://localhost"))).await;
            cookies.push(session_cookie(&signed_in).expect("a session cookie"));
        }
        let search = |cookie: String| {
            let state = state.clone();
            async move {
                let mut request = Request::get("/partners?q=river").body(Body::empty()).unwrap();
                request.headers_mut().insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
                let response = send(router(state), request).await;
                let status = response.status();
                (status, String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap())
            }
        };
        for n in 0..app::partners::ssr::SearchPace::BURST {
            assert_eq!(search(cookies[0].clone()).await.0, StatusCode::OK, "search {n} of the burst");
        }
        let (status, page) = search(cookies[0].clone()).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(page.contains("data-testid=\"search-error\"") && page.contains("Please wait a few seconds"), "{page}");
        assert_eq!(search(cookies[1].clone()).await.0, StatusCode::OK, "another person searches on");
    }

    /// Over HTTP: a file goes up through the plain multipart form and is stored as it arrives; with every
    /// upload turn taken the sender is asked to try again shortly; a space with no room left says so.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn materials_go_up_in_turns_and_within_the_space_storage() {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::demo::seed(&db).await.unwrap();
            let project = demo_project(&db).await;
            // Room for one more megabyte.
            let used = app::twinspace::materials::ssr::storage_used(&db, project).await.unwrap();
            let dir = tempdir::Dir::new();
            let mut state = state_with(db, &dir);
            state.site.project_storage_bytes = used + 1024 * 1024;
            let cookie = signed_in(&state, "teacher1@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;
            let upload = |name: &str, content: Vec<u8>| {
                let mut body = format!("--XYZ\r\nContent-Disposition: form-data; name=\"folder\"\r\n\r\n\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").into_bytes();
                body.extend_from_slice(&content);
                body.extend_from_slice(b"\r\n--XYZ--\r\n");
                Request::post(format!("/projects/{project}/materials"))
                    .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XYZ")
                    .header(header::HOST, "localhost")
                    .header(header::ORIGIN, "http://localhost")
                    .header(header::COOKIE, cookie.as_str())
                    .body(Body::from(body))
                    .unwrap()
            };
            let outcome = |response: Response| response.headers()[header::LOCATION].to_str().unwrap().to_owned();

            let stored = send(router(state.clone()), upload("notes.txt", vec![b'n'; 700 * 1024])).await;
            assert_eq!(outcome(stored), format!("/projects/{project}/space/materials?outcome=uploaded"), "{backend:?}");
            let full = send(router(state.clone()), upload("more.txt", vec![b'm'; 700 * 1024])).await;
            assert_eq!(outcome(full), format!("/projects/{project}/space/materials?outcome=full"), "{backend:?}");
            let page = page_html(router(state.clone()), &format!("/projects/{project}/space/materials?outcome=full"), &cookie).await;
            assert!(page.contains("no room left for this file") && page.contains("data-testid=\"storage-use\""), "{page}");

            // Every turn taken (two here): the upload waits a moment for one, then is asked to try again.
            let taken = state.uploads.clone().acquire_many_owned(2).await.unwrap();
            let busy = send(router(state.clone()), upload("later.txt", b"later".to_vec())).await;
            assert_eq!(outcome(busy), format!("/projects/{project}/space/materials?outcome=busy"), "{backend:?}");
            drop(taken);
            let later = send(router(state.clone()), upload("later.txt", b"later".to_vec())).await;
            assert_eq!(outcome(later), format!("/projects/{project}/space/materials?outcome=uploaded"), "{backend:?}");

            // One account holds at most two turns, whatever the server has free: a third upload waits for one of
            // them, and is asked to try again only if none comes in time.
            state.uploads.add_permits(8);
            let teacher = app::accounts::ssr::entity::Entity::find()
                .filter(app::accounts::ssr::entity::Column::Email.eq("teacher1@demo.opentwin.test"))
                .one(&state.db)
                .await
                .unwrap()
                .unwrap()
                .id;
            let (first, second) = (state.upload_slot(teacher).await.unwrap(), state.upload_slot(teacher).await.unwrap());
            assert!(state.upload_slot(teacher + 1_000).await.is_some(), "someone else still gets a turn");
            let third = send(router(state.clone()), upload("third.txt", b"third".to_vec())).await;
            assert_eq!(outcome(third), format!("/projects/{project}/space/materials?outcome=busy"), "{backend:?}");
            let waiting = tokio::spawn(send(router(state.clone()), upload("third.txt", b"third".to_vec())));
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            drop(first);
            assert_eq!(outcome(waiting.await.unwrap()), format!("/projects/{project}/space/materials?outcome=uploaded"), "{backend:?}");
            drop(second);
            assert!(state.uploading.lock().unwrap().is_empty(), "an account's turns are forgotten once it uploads nothing");
        })
        .await;
    }

    /// Over HTTP: a picture goes up through a plain multipart form, too large a file is refused with a
    /// redirect that says so, and the picture is served to its owner only with a session.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pictures_go_up_through_a_plain_form_and_come_back_to_those_signed_in() {
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            let id = app::accounts::ssr::create_administrator(&db, "ada@opentwin.eu", "Ada", "a long enough password").await.unwrap();
            let dir = tempdir::Dir::new();
            let state = state_with(db, &dir);
            let cookie = signed_in(&state, "ada@opentwin.eu", "a long enough password").await;

            let mut png = std::io::Cursor::new(Vec::new());
            image::RgbImage::new(64, 48).write_to(&mut png, image::ImageFormat::Png).unwrap();
            let saved = send(router(state.clone()), multipart(&cookie, png.get_ref())).await;
            assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{backend:?}");
            assert!(saved.headers()[header::LOCATION].to_str().unwrap().starts_with("/account/interests?picture=saved"));

            let huge = vec![0u8; 2 * 1024 * 1024];
            let refused = send(router(state.clone()), multipart(&cookie, &huge)).await;
            assert_eq!(refused.status(), StatusCode::SEE_OTHER);
            assert!(refused.headers()[header::LOCATION].to_str().unwrap().contains("picture=too_large&max_mb=1"), "{backend:?}");

            let mut mine = Request::get(format!("/pictures/{id}")).body(Body::empty()).unwrap();
            mine.headers_mut().insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
            let mine = send(router(state.clone()), mine).await;
            assert_eq!(mine.status(), StatusCode::OK);
            assert_eq!(mine.headers()[header::CONTENT_TYPE], "image/jpeg");
            assert_eq!(get(router(state.clone()), &format!("/pictures/{id}")).await.status(), StatusCode::NOT_FOUND, "not without a session");
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn pages_carry_a_nonce_based_content_security_policy() {
        let _one = ONE_AT_A_TIME.lock().await;
        let (state, _dir) = state(true).await;
        let response = get(router(state), "/").await;
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'nonce-"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
        let html = String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the header's nonce");
    }

    async fn page_html(router: Router, uri: &str, cookie: &str) -> String {
        let mut request = Request::get(uri).body(Body::empty()).unwrap();
        request.headers_mut().insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        let response = send(router, request).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        String::from_utf8(to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
    }

    /// People's text never becomes markup where the HTML writer does not escape: a Twinboard post (on its edit
    /// page), a TwinSpace page and a profile shown in their edit forms (`<textarea>`), and a project's title in the document's
    /// `<title>`. Each page is rendered for someone who may edit, with text that tries to end the element.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn text_that_tries_to_end_a_textarea_or_the_title_stays_text() {
        use leptos::server_fn::ServerFn;
        use sea_orm::{ConnectionTrait, Statement};
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::demo::seed(&db).await.unwrap();
            let one = |sql: String| {
                let db = db.clone();
                async move {
                    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
                    row.try_get_by_index::<i32>(0).unwrap()
                }
            };
            let teacher = one("SELECT id FROM accounts WHERE email = 'teacher1@demo.opentwin.test'".into()).await;
            let project = one("SELECT id FROM projects WHERE title = 'Water in our towns'".into()).await;
            let dir = tempdir::Dir::new();
            let state = state_with(db.clone(), &dir);
            let cookie = signed_in(&state, "teacher1@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;

            let hostile = |n: u32| format!("</textarea><script>alert({n})</script><b>bold {n}</b>");
            let encoded = |text: &str| text.replace('<', "%3C").replace('>', "%3E").replace('(', "%28").replace(')', "%29").replace('/', "%2F").replace(' ', "+");
            let made = send(router(state.clone()), post(app::twinspace::CreatePost::PATH, format!("project={project}&body={}", encoded(&hostile(1))), Some(&cookie), Some("http://localhost"))).await;
            assert!(made.status().is_success() || made.status().is_redirection(), "{backend:?}: {:?}", made.status());
            let made = send(
                router(state.clone()),
                post(app::twinspace::pages::CreatePage::PATH, format!("project={project}&title=Rivers&body={}", encoded(&hostile(2))), Some(&cookie), Some("http://localhost")),
            )
            .await;
            assert!(made.status().is_success() || made.status().is_redirection(), "{backend:?}: {:?}", made.status());
            let page = one(format!("SELECT id FROM space_pages WHERE project_id = {project} AND title = 'Rivers'")).await;
            let sql = format!(
                "UPDATE teacher_interests SET introduction = '{}', project_idea = '{}' WHERE account_id = {teacher}",
                hostile(3),
                hostile(4)
            );
            db.execute_unprepared(&sql).await.unwrap();
            db.execute_unprepared(&format!("UPDATE projects SET title = '</title><script>alert(5)</script>' WHERE id = {project}")).await.unwrap();

            let post = one(format!("SELECT MAX(id) FROM twinboard_posts WHERE project_id = {project}")).await;
            for (uri, expected) in [
                (format!("/projects/{project}/space"), vec![]),
                (format!("/projects/{project}/space/posts/{post}/edit"), vec![1]),
                (format!("/projects/{project}/space/pages/{page}"), vec![2]),
                ("/account/interests".to_owned(), vec![3, 4]),
            ] {
                let html = page_html(router(state.clone()), &uri, &cookie).await;
                assert!(!html.contains("<script>alert("), "{backend:?} {uri}: markup from people's text in the page");
                // (A page's Markdown may hold harmless HTML such as <b>, cleaned, in the page itself.)
                if !uri.contains("/pages/") {
                    assert!(!html.contains("<b>bold"), "{backend:?} {uri}");
                }
                for n in expected {
                    let shown = format!("&lt;/textarea&gt;&lt;script&gt;alert({n})&lt;/script&gt;&lt;b&gt;bold {n}&lt;/b&gt;</textarea>");
                    assert!(html.contains(&shown), "{backend:?} {uri}: the edit form holds the text as it was written");
                }
            }
            for uri in [format!("/projects/{project}"), format!("/projects/{project}/space")] {
                let html = page_html(router(state.clone()), &uri, &cookie).await;
                assert!(!html.contains("<script>alert("), "{backend:?} {uri}: markup from a project's title");
                assert!(html.contains("<title>&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;"), "{backend:?} {uri}: the title is text");
            }
        })
        .await;
    }

    /// A create sent again with its form's request key (a browser retrying after the connection dropped, a form
    /// sent twice, the same form sent by two tabs at once) is done once; a new showing of the form makes anew.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_form_sent_again_makes_nothing_twice() {
        use leptos::server_fn::ServerFn;
        use sea_orm::{ConnectionTrait, Statement};
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::demo::seed(&db).await.unwrap();
            let project = demo_project(&db).await;
            let dir = tempdir::Dir::new();
            let state = state_with(db.clone(), &dir);
            let cookie = signed_in(&state, "teacher1@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;
            let count = |table: &'static str, text: &'static str| {
                let db = db.clone();
                async move {
                    let sql = format!("SELECT COUNT(*) FROM {table} WHERE body = '{text}'");
                    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
                    row.try_get_by_index::<i64>(0).unwrap()
                }
            };
            let send_form = |path: &'static str, body: String| {
                let (state, cookie) = (state.clone(), cookie.clone());
                async move {
                    let response = send(router(state), post(path, body, Some(&cookie), Some("http://localhost"))).await;
                    assert!(response.status().is_success() || response.status().is_redirection(), "{path}: {:?}", response.status());
                }
            };

            // The page's form carries a key.
            let board = page_html(router(state.clone()), &format!("/projects/{project}/space"), &cookie).await;
            let key = board.split("name=\"request\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("the new-post form has a request key");
            assert_eq!(key.len(), 32, "{key}");

            let first = format!("project={project}&body=Our+river+walk&request={key}");
            send_form(app::twinspace::CreatePost::PATH, first.clone()).await;
            send_form(app::twinspace::CreatePost::PATH, first.clone()).await;
            assert_eq!(count("twinboard_posts", "Our river walk").await, 1, "{backend:?}: sent twice, posted once");
            // Five tabs sending one form at the same instant.
            let together = (0..5).map(|_| tokio::spawn(send_form(app::twinspace::CreatePost::PATH, format!("project={project}&body=At+once&request=k-at-once"))));
            for sent in futures_util::future::join_all(together).await {
                sent.unwrap();
            }
            assert_eq!(count("twinboard_posts", "At once").await, 1, "{backend:?}: sent together, posted once");
            // A new form (a new key), or a caller without keys, posts again.
            send_form(app::twinspace::CreatePost::PATH, format!("project={project}&body=Our+river+walk&request=another-key")).await;
            send_form(app::twinspace::CreatePost::PATH, format!("project={project}&body=Our+river+walk")).await;
            assert_eq!(count("twinboard_posts", "Our river walk").await, 3, "{backend:?}");
            // A refused create records nothing: sent again once it can succeed, it is made.
            let refused = send(router(state.clone()), post(app::twinspace::CreatePost::PATH, format!("project={project}&body=&request=k-retry"), Some(&cookie), Some("http://localhost"))).await;
            assert!(refused.status().is_client_error(), "{backend:?}: an empty post is refused");
            send_form(app::twinspace::CreatePost::PATH, format!("project={project}&body=Second+try&request=k-retry")).await;
            assert_eq!(count("twinboard_posts", "Second try").await, 1, "{backend:?}");
            // A key that is not one.
            let bad = send(router(state.clone()), post(app::twinspace::CreatePost::PATH, format!("project={project}&body=x&request=%3Cscript%3E"), Some(&cookie), Some("http://localhost"))).await;
            assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "{backend:?}");

            // Chat messages and comments the same way.
            let chat = format!("project={project}&body=Hello+again&request=chat-1");
            send_form(app::twinspace::chat::SendChatMessage::PATH, chat.clone()).await;
            send_form(app::twinspace::chat::SendChatMessage::PATH, chat).await;
            assert_eq!(count("chat_messages", "Hello again").await, 1, "{backend:?}");
            let post_id = db
                .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT id FROM twinboard_posts WHERE body = 'Second try'".to_owned()))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i32>(0)
                .unwrap();
            let comment = format!("post={post_id}&body=Nice+one&request=comment-1");
            send_form(app::twinspace::AddComment::PATH, comment.clone()).await;
            send_form(app::twinspace::AddComment::PATH, comment).await;
            assert_eq!(count("twinboard_comments", "Nice one").await, 1, "{backend:?}");
        })
        .await;
    }

    /// The number of rows in every table but those that change by merely asking (sessions, throttle counters)
    /// Who is signed in is read with the session, in one statement (`accounts::session_store::LOADED_ACCOUNT`),
    /// and still answered afresh by every request: a suspended account is nobody at its next request.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_session_and_its_account_are_one_statement_and_a_suspension_counts_at_once() {
        use sea_orm::ConnectionTrait;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::demo::seed(&db).await.unwrap();
            let statements = std::sync::Arc::new(AtomicUsize::new(0));
            let mut counted = db.clone();
            let counter = statements.clone();
            counted.set_metric_callback(move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
            });
            let dir = tempdir::Dir::new();
            let state = state_with(counted, &dir);
            let cookie = signed_in(&state, "teacher1@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;
            statements.store(0, Ordering::SeqCst);
            let read_here = app::db::local::reads_of(&db);
            assert_eq!(viewer_name(router(state.clone()), &cookie).await.as_deref(), Some("Claire Martin"), "{backend:?}");
            // On SQLite read on the request's thread (`app::db::local`), where SeaORM's callback does not see it.
            let local = (app::db::local::reads_of(&db) - read_here) as usize;
            assert_eq!((statements.load(Ordering::SeqCst) + local, local), (1, usize::from(backend == app::db::Backend::Sqlite)), "{backend:?}: the session with its account");
            // What a stored session holds under the loaded account's key is never believed.
            let teacher = account_of(&db, "teacher1@demo.opentwin.test").await;
            let mut forged = app::accounts::ssr::viewer_by_id(&db, teacher).await.unwrap().unwrap();
            forged.display_name = "Forged".into();
            forged.role = app::access::PlatformRole::Administrator;
            let data = serde_json::json!({ "account_id": teacher, "__loaded_account": [teacher, forged] }).to_string();
            {
                use app::accounts::session_store::entity as sessions;
                use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
                let changed = sessions::Entity::update_many()
                    .col_expr(sessions::Column::Data, Expr::value(data))
                    .filter(sessions::Column::AccountId.eq(teacher))
                    .exec(&db)
                    .await
                    .unwrap();
                assert!(changed.rows_affected >= 1, "{backend:?}");
            }
            assert_eq!(viewer_name(router(state.clone()), &cookie).await.as_deref(), Some("Claire Martin"), "{backend:?}: the account as it is");
            db.execute_unprepared(&format!("UPDATE accounts SET status = 'suspended' WHERE id = {teacher}")).await.unwrap();
            assert_eq!(viewer_name(router(state.clone()), &cookie).await, None, "{backend:?}: suspended, nobody");
            db.execute_unprepared(&format!("UPDATE accounts SET status = 'validated' WHERE id = {teacher}")).await.unwrap();
            assert_eq!(viewer_name(router(state.clone()), &cookie).await.as_deref(), Some("Claire Martin"), "{backend:?}");
        })
        .await;
    }

    /// A Twinboard post's HTML is kept (`app::twinspace::ssr::RenderedPosts`), yet every reader sees it as it
    /// is now and as their own rights make it: a like and an edit show at once; the author's edit form
    /// and the liker's pressed button appear on their own pages only; each showing of a comment form gets a
    /// new request key.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn kept_twinboard_posts_show_each_reader_the_post_as_it_is_now() {
        use leptos::server_fn::ServerFn;
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::demo::seed(&db).await.unwrap();
            let project = demo_project(&db).await;
            let dir = tempdir::Dir::new();
            let state = state_with(db.clone(), &dir);
            let author = app::accounts::ssr::viewer_by_id(&db, account_of(&db, "teacher1@demo.opentwin.test").await).await.unwrap().unwrap();
            let reader = app::accounts::ssr::viewer_by_id(&db, account_of(&db, "teacher10@demo.opentwin.test").await).await.unwrap().unwrap();
            let author_cookie = signed_in(&state, "teacher1@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;
            let reader_cookie = signed_in(&state, "teacher10@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;
            let post = app::twinspace::ssr::create_post(&db, &author, project, "Fountains counted: 12").await.unwrap();
            let board = format!("/projects/{project}/space");
            // The post's own part of a page: from its item to the next one (or the end of the list).
            let item = |page: &str| -> String {
                let start = page.find(&format!("id=\"post-{post}\"")).unwrap_or_else(|| panic!("{backend:?}: post {post} on the page"));
                let rest = &page[start..];
                let end = rest[1..].find("id=\"post-").map(|at| at + 1).or_else(|| rest.find("</ol>")).unwrap_or(rest.len());
                rest[..end].to_owned()
            };
            let key_of = |html: &str| html.split("name=\"request\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).map(str::to_owned);
            let pages = || async {
                (
                    item(&page_html(router(state.clone()), &board, &author_cookie).await),
                    item(&page_html(router(state.clone()), &board, &reader_cookie).await),
                )
            };

            let (mine, theirs) = pages().await;
            assert!(mine.contains("Fountains counted: 12") && theirs.contains("Fountains counted: 12"), "{backend:?}");
            let edit_page = format!("/projects/{project}/space/posts/{post}/edit");
            assert!(mine.contains(&format!("href=\"{edit_page}\"")), "{backend:?}: the author may edit");
            assert!(!theirs.contains(&edit_page), "{backend:?}: the reader may not edit another's post");
            assert!(!mine.contains("data-testid=\"report\"") && theirs.contains("data-testid=\"report\""), "{backend:?}: only others' posts are reported");
            assert!(!state.rendered_posts.is_empty(), "{backend:?}: posts are kept");
            // Seen again: the same post, a new key for its comment form.
            let again = item(&page_html(router(state.clone()), &board, &reader_cookie).await);
            assert_eq!(again.split("name=\"request\"").next(), theirs.split("name=\"request\"").next(), "{backend:?}: the kept part is the same");
            assert_ne!(key_of(&again), key_of(&theirs), "{backend:?}: each comment form has its own request key");

            app::twinspace::ssr::like_post(&db, &reader, post, true).await.unwrap();
            let (mine, theirs) = pages().await;
            assert!(theirs.contains("aria-pressed=\"true\""), "{backend:?}: the reader sees their like");
            assert!(mine.contains("aria-pressed=\"false\""), "{backend:?}: the author has not liked it");
            for html in [&mine, &theirs] {
                assert!(html.contains(">1</button>") || html.contains(" 1</button>") || html.contains("<!>1</button>"), "{backend:?}: one like counted: {html}");
            }

            // The edit page: the author's text in its form, nobody else's; saved as a plain form, back to the post.
            let edit_form = page_html(router(state.clone()), &edit_page, &author_cookie).await;
            assert!(edit_form.contains("id=\"edit-post-body\"") && edit_form.contains("Fountains counted: 12"), "{backend:?}: {edit_form}");
            let mut request = Request::get(&edit_page).body(Body::empty()).unwrap();
            request.headers_mut().insert(header::COOKIE, HeaderValue::from_str(&reader_cookie).unwrap());
            let refused = String::from_utf8(to_bytes(send(router(state.clone()), request).await.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
            assert!(!refused.contains("edit-post-body") && !refused.contains("Fountains counted"), "{backend:?}: no edit form for another's post");
            let mut save = self::post(app::twinspace::EditPost::PATH, format!("post={post}&body=Fountains+counted%3A+14"), Some(&author_cookie), Some("http://localhost"));
            save.headers_mut().insert(header::ACCEPT, HeaderValue::from_static("text/html"));
            save.headers_mut().insert(header::REFERER, HeaderValue::from_str(&format!("http://localhost{edit_page}")).unwrap());
            let saved = send(router(state.clone()), save).await;
            assert!(saved.status().is_redirection(), "{backend:?}: {:?}", saved.status());
            assert_eq!(saved.headers()[header::LOCATION].to_str().unwrap(), format!("/projects/{project}/space#post-{post}"), "{backend:?}");
            let (mine, theirs) = pages().await;
            for html in [&mine, &theirs] {
                assert!(html.contains("Fountains counted: 14") && !html.contains("Fountains counted: 12"), "{backend:?}: the edit shows at once");
            }
            assert!(theirs.contains("aria-pressed=\"true\""), "{backend:?}: the like stays");
        })
        .await;
    }

    async fn stored_rows(db: &DatabaseConnection) -> Vec<(String, i64)> {
        use sea_orm::{ConnectionTrait, Statement};
        let backend = db.get_database_backend();
        let list = match backend {
            sea_orm::DbBackend::Postgres => "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
            _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
        };
        let mut counts = Vec::new();
        for row in db.query_all_raw(Statement::from_string(backend, list)).await.unwrap() {
            let table: String = row.try_get_by_index(0).unwrap();
            // (and SQLite's full-text index keeps its own bookkeeping tables, which change as it merges; the partner
            // index's change log records what an accepted form changed, e.g. "My interests" sent empty, a valid form)
            if ["sessions", "throttle_counters", "partner_index_changes"].contains(&table.as_str()) || table.starts_with("partner_text_") {
                continue;
            }
            let count = db.query_one_raw(Statement::from_string(backend, format!("SELECT COUNT(*) FROM \"{table}\""))).await.unwrap().unwrap();
            counts.push((table, count.try_get_by_index::<i64>(0).unwrap()));
        }
        counts
    }

    /// Every server function — read from the registry, so a new one is covered without editing this test — gets
    /// hostile arguments, signed out and as a teacher: nothing, text where numbers belong, numbers out of range,
    /// negative and unknown ids, control characters, bytes that are not UTF-8, oversize text, unknown enum
    /// values. Each answer is a 4xx with a message (or a plain success for functions that take no argument),
    /// never a 5xx; and no row is added or removed anywhere.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_server_function_answers_hostile_arguments_with_a_4xx_and_changes_nothing() {
        use leptos::server_fn::ServerFn;
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::demo::seed(&db).await.unwrap();
            let dir = tempdir::Dir::new();
            let state = state_with(db.clone(), &dir);
            let cookie = signed_in(&state, "teacher1@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;
            let before = stored_rows(&db).await;

            const FIELDS: &[&str] = &[
                "project", "post", "comment", "page", "thread", "reply", "material", "folder", "pupil", "account", "id", "report",
                "to", "kind", "body", "title", "text", "reason", "details", "days", "action", "email", "password", "name",
                "display_name", "token", "message", "role", "country", "code", "like", "pinned", "approve", "keep", "on", "page_number",
                "form[email]", "form[password]", "form[display_name]", "form[country]", "form[title]", "form[summary]", "form[cofounder]",
                "query[text]", "query[page]", "query[countries]", "decision", "names", "published", "public", "after", "request",
            ];
            let huge = "x".repeat(100_000);
            let values = ["abc", "-99999999999", "99999999999999999999", "-1", "0", "2147483647", "1.5", "%00%1B%7F", "%FF%FE", huge.as_str(), "not_a_kind"];
            let mut bodies: Vec<String> = vec![String::new(), "%FF=%FF".into(), "a".repeat(3000)];
            bodies.extend(values.iter().map(|value| FIELDS.iter().map(|field| format!("{}={value}", field.replace('[', "%5B").replace(']', "%5D"))).collect::<Vec<_>>().join("&")));

            let mut paths: Vec<(&str, http::Method)> = leptos::server_fn::axum::server_fn_paths().collect();
            paths.sort_by_key(|(path, _)| *path);
            assert!(paths.len() > 40, "the registry lists every server function ({})", paths.len());
            for (path, method) in paths {
                // Signing out is allowed with any arguments; it would end the session the other calls use.
                if path == app::accounts::SignOut::PATH {
                    continue;
                }
                for who in [None, Some(cookie.as_str())] {
                    for body in &bodies {
                        let mut request = if method == http::Method::GET {
                            Request::get(format!("{path}?{body}")).body(Body::empty()).unwrap()
                        } else {
                            post(path, body.clone(), who, Some("http://localhost"))
                        };
                        if let Some(cookie) = who {
                            request.headers_mut().insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
                        }
                        let response = send(router(state.clone()), request).await;
                        let status = response.status();
                        let text = String::from_utf8_lossy(&to_bytes(response.into_body(), usize::MAX).await.unwrap()).into_owned();
                        assert!(!status.is_server_error(), "{backend:?} {path} signed in: {} body {:.80}: {status} {text:.300}", who.is_some(), body);
                        if status.is_client_error() {
                            assert!(!text.trim().is_empty(), "{backend:?} {path}: a {status} says why");
                        }
                    }
                }
            }
            assert_eq!(stored_rows(&db).await, before, "{backend:?}: hostile calls stored or removed nothing");
        })
        .await;
    }

    /// Every plain HTTP route and every page — read from the router's own lists, so that a new one is covered
    /// without editing this test — gets hostile path segments, queries and bodies (negative, huge and non-numeric
    /// ids, NUL and other control characters, bytes that are not UTF-8, a path that climbs, very long segments,
    /// a multipart body that does not match its header), signed out and in, on both databases. Never a 5xx; a
    /// 4xx says why in its body; no row is added or removed.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_http_route_answers_hostile_input_with_a_4xx_and_changes_nothing() {
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            app::demo::seed(&db).await.unwrap();
            let dir = tempdir::Dir::new();
            let state = state_with(db.clone(), &dir);
            let cookie = signed_in(&state, "teacher1@demo.opentwin.test", app::demo::DEMO_PASSWORD).await;
            let before = stored_rows(&db).await;

            let mut routes: Vec<(String, Method)> = http_routes(&state).into_iter().map(|(path, method, _)| (path.to_owned(), method)).collect();
            routes.extend(generate_route_list(App).into_iter().map(|listing| (listing.path().to_owned(), Method::GET)));
            assert!(routes.len() > 40, "the router lists its routes and pages ({})", routes.len());
            let long = "9".repeat(3000);
            let segments = ["abc", "-1", "0", "99999999999999999999", "2147483648", "%00", "%1B%7F", "%FF%FE", "..%2F..%2Fetc", "%3Cscript%3E", long.as_str()];
            let queries = ["", "?after=abc&page=-1&back=%00&outcome=%FF", "?q=%00&folder=99999999999999999999&error=%3Cscript%3E"];
            let bodies: [(&str, &[u8]); 4] = [
                ("application/x-www-form-urlencoded", b"folder=%FF&file=%00"),
                ("multipart/form-data", b"--x\r\n"),
                ("multipart/form-data; boundary=XYZ", b"--ABC\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhello\r\n--ABC--\r\n"),
                ("multipart/form-data; boundary=XYZ", b"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno end"),
            ];
            let mut tried = 0;
            for (path, method) in &routes {
                let params = path.matches('{').count();
                for segment in segments.iter().take(if params == 0 { 1 } else { segments.len() }) {
                    let mut concrete = String::new();
                    for (n, part) in path.split('/').enumerate() {
                        if n > 0 {
                            concrete.push('/');
                        }
                        concrete.push_str(if part.starts_with('{') || part.starts_with('*') { segment } else { part });
                    }
                    for who in [None, Some(cookie.as_str())] {
                        let mut requests = Vec::new();
                        if *method == Method::GET {
                            for query in queries {
                                requests.push(Request::get(format!("{concrete}{query}")).body(Body::empty()).unwrap());
                            }
                        } else {
                            for (content_type, body) in bodies {
                                requests.push(
                                    Request::post(&concrete)
                                        .header(header::CONTENT_TYPE, content_type)
                                        .header(header::HOST, "localhost")
                                        .header(header::ORIGIN, "http://localhost")
                                        .body(Body::from(body.to_vec()))
                                        .unwrap(),
                                );
                            }
                        }
                        for mut request in requests {
                            if let Some(cookie) = who {
                                request.headers_mut().insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
                            }
                            let uri = request.uri().to_string();
                            let response = send(router(state.clone()), request).await;
                            let status = response.status();
                            let text = String::from_utf8_lossy(&to_bytes(response.into_body(), usize::MAX).await.unwrap()).into_owned();
                            assert!(!status.is_server_error(), "{backend:?} {method} {uri:.120} signed in: {}: {status} {text:.300}", who.is_some());
                            if status.is_client_error() {
                                assert!(!text.trim().is_empty(), "{backend:?} {method} {uri:.120}: a {status} says why");
                            }
                            tried += 1;
                        }
                    }
                }
            }
            assert!(tried > 1000, "{tried}");
            assert_eq!(stored_rows(&db).await, before, "{backend:?}: hostile requests stored or removed nothing");
        })
        .await;
    }

    /// A temporary directory removed on drop.
    /// A tiny HTTP/1 client for the tests that need a real socket: status and cookies set.
    async fn http(addr: std::net::SocketAddr, path: &str, body: String, cookie: Option<&str>) -> (u16, Vec<String>) {
        use http_body_util::{BodyExt, Full};
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (mut sender, connection) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
        tokio::spawn(connection);
        let mut request = Request::post(path)
            .header(header::HOST, addr.to_string())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = sender.send_request(request.body(Full::new(axum::body::Bytes::from(body))).unwrap()).await.unwrap();
        let cookies = response.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_owned)).collect();
        let status = response.status().as_u16();
        let _ = response.into_body().collect().await;
        (status, cookies)
    }

    async fn sign_in(addr: std::net::SocketAddr, email: &str) -> String {
        use leptos::server_fn::ServerFn;
        let (status, cookies) = http(addr, app::accounts::SignIn::PATH, format!("email={email}&password={}", app::demo::DEMO_PASSWORD), None).await;
        cookies
            .iter()
            .find(|c| c.starts_with("opentwin_session="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{email} not signed in: {status} {cookies:?}"))
    }

    async fn serve_here(state: AppState) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        addr
    }

    type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

    /// Opens a live room's socket at `path` (a chat or a conversation) with a session cookie; the refusal's status.
    async fn open_socket(addr: std::net::SocketAddr, path: &str, after: Option<i32>, cookie: &str) -> Result<Socket, u16> {
        use tokio_tungstenite::tungstenite::{Error, client::IntoClientRequest};
        let after = after.map(|id| format!("?after={id}")).unwrap_or_default();
        let mut request = format!("ws://{addr}{path}{after}").into_client_request().unwrap();
        request.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
        match tokio_tungstenite::connect_async(request).await {
            Ok((socket, _)) => Ok(socket),
            Err(Error::Http(response)) => Err(response.status().as_u16()),
            Err(err) => panic!("{err}"),
        }
    }

    async fn open_chat(addr: std::net::SocketAddr, project: i32, after: Option<i32>, cookie: &str) -> Result<Socket, u16> {
        open_socket(addr, &format!("/projects/{project}/chat/socket"), after, cookie).await
    }

    /// The next message a socket sends, whatever room it is.
    async fn next_on<T: serde::de::DeserializeOwned>(socket: &mut Socket) -> T {
        use futures_util::StreamExt;
        loop {
            let frame = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next()).await.expect("a message within 5 s").unwrap().unwrap();
            if let tokio_tungstenite::tungstenite::Message::Text(text) = frame {
                return serde_json::from_str(&text).unwrap();
            }
        }
    }

    async fn next_message(socket: &mut Socket) -> app::twinspace::chat::ChatMessage {
        next_on(socket).await
    }

    /// Two server processes on one database (on PostgreSQL; on SQLite one process serves both): a message sent
    /// through one reaches a socket on the other live; a socket that reconnects with `after` gets what it
    /// missed; people outside the room cannot open it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn chat_messages_reach_sockets_live_across_processes_and_after_a_reconnect() {
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            app::demo::seed(&db).await.unwrap();
            let dir = tempdir::Dir::new();
            let (first, second) = two_processes(&db, backend, &dir);
            tokio::spawn(first.chat.clone().listen());
            tokio::spawn(second.chat.clone().listen());
            let (a, b) = (serve_here(first).await, serve_here(second).await);
            let project = demo_project(&db).await;
            let claire = sign_in(a, "teacher1@demo.opentwin.test").await;
            let giulia = sign_in(b, "teacher3@demo.opentwin.test").await;
            let anna = sign_in(b, "teacher8@demo.opentwin.test").await;
            let send = |body: &'static str| {
                use leptos::server_fn::ServerFn;
                http(a, app::twinspace::chat::SendChatMessage::PATH, format!("project={project}&body={body}"), Some(&claire))
            };

            let mut socket = open_chat(b, project, None, &giulia).await.unwrap();
            // The listener of the second process needs a moment to be listening.
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            assert_eq!(send("Ciao").await.0, 200, "{backend:?}");
            let first_message = next_message(&mut socket).await;
            assert_eq!((first_message.body.as_str(), first_message.author.as_str()), ("Ciao", "Claire Martin"));
            drop(socket);

            assert_eq!(send("Two").await.0, 200);
            assert_eq!(send("Three").await.0, 200);
            let mut socket = open_chat(b, project, Some(first_message.id), &giulia).await.unwrap();
            assert_eq!(next_message(&mut socket).await.body, "Two");
            let three = next_message(&mut socket).await;
            assert_eq!(three.body, "Three");

            // Reported and hidden through the first process: the page on the second drops it live.
            {
                use leptos::server_fn::ServerFn;
                use app::moderation::ssr::report_entity as reports;
                let filed = http(b, app::moderation::FileReport::PATH, format!("kind=chat_message&target={}&reason=bullying", three.id), Some(&giulia)).await;
                assert_eq!(filed.0, 200, "{backend:?}: {:?}", filed.1);
                let report = reports::Entity::find().filter(reports::Column::TargetId.eq(three.id)).one(&db).await.unwrap().unwrap().id;
                let css = sign_in(a, "css@demo.opentwin.test").await;
                let decided = http(a, app::moderation::DecideReport::PATH, format!("report={report}&action=hide&reason=Rude"), Some(&css)).await;
                assert_eq!(decided.0, 200, "{:?}", decided.1);
                let withdrawn = next_message(&mut socket).await;
                assert!(withdrawn.withdrawn && withdrawn.id == three.id && withdrawn.body.is_empty(), "{withdrawn:?}");
                // Someone else's report from outside the space: refused as if the message did not exist.
                let outsider = http(b, app::moderation::FileReport::PATH, format!("kind=chat_message&target={}&reason=bullying", three.id), Some(&anna)).await;
                assert_eq!(outsider.0, 404);
            }

            // Anna is in another project; nobody signed in gets nothing either.
            assert_eq!(open_chat(b, project, None, &anna).await.err(), Some(404));
            assert_eq!(open_chat(b, project, None, "opentwin_session=forged").await.err(), Some(401));
        })
        .await;
    }

    /// The header's counters live (`/live/badge`): a page's socket gets the person's counters at once, then again
    /// when a private message or a notification for them is stored, through whichever process (on PostgreSQL, the
    /// socket is on another process than the sender); signed out, no socket.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_header_counters_follow_new_messages_and_notifications_live_across_processes() {
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            use leptos::server_fn::ServerFn;
            use sea_orm::EntityTrait;
            app::demo::seed(&db).await.unwrap();
            let dir = tempdir::Dir::new();
            let (first, second) = two_processes(&db, backend, &dir);
            // The watcher's starting point is taken before anything is sent.
            let watch = app::moderation::ssr::BadgeWatch::from_now(&db).await.unwrap();
            let teller = tokio::spawn(crate::tasks::tell_badges_from(db.clone(), second.badges.clone(), watch));
            let (a, b) = (serve_here(first).await, serve_here(second).await);
            let joao = sign_in(a, "teacher9@demo.opentwin.test").await;
            let kadri = sign_in(b, "teacher10@demo.opentwin.test").await;
            let kadri_id = account_of(&db, "teacher10@demo.opentwin.test").await;

            let mut socket = open_socket(b, "/live/badge", None, &kadri).await.unwrap();
            let before: app::moderation::Badge = next_on(&mut socket).await;
            let expected = app::accounts::ssr::viewer_by_id(&db, kadri_id).await.unwrap().unwrap();
            assert_eq!(before, app::moderation::ssr::badge(&db, &expected).await.unwrap(), "{backend:?}: the counters as they are");

            let sent = http(a, app::messages::SendPrivateMessage::PATH, format!("to={kadri_id}&body=Bring+the+timetable"), Some(&joao)).await;
            assert_eq!(sent.0, 200, "{backend:?}: {:?}", sent.1);
            let after: app::moderation::Badge = next_on(&mut socket).await;
            assert_eq!(after.unread_messages, before.unread_messages + 1, "{backend:?}: one more message waits");

            let kadri_row = app::accounts::ssr::entity::Entity::find_by_id(kadri_id).one(&db).await.unwrap().unwrap();
            app::notifications::ssr::notify(&db, &kadri_row, app::notifications::ssr::Event::ContactRequest { from: "Ada Lovelace" }, "/contacts", None).await.unwrap();
            let notified: app::moderation::Badge = next_on(&mut socket).await;
            assert_eq!(notified.unread_notifications, after.unread_notifications + 1, "{backend:?}: one more notification");
            assert_eq!(notified.unread_messages, after.unread_messages, "{backend:?}");

            assert_eq!(open_socket(b, "/live/badge", None, "opentwin_session=forged").await.err(), Some(401), "{backend:?}");
            teller.abort();
        })
        .await;
    }

    async fn account_of(db: &DatabaseConnection, email: &str) -> i32 {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        app::accounts::ssr::entity::Entity::find()
            .filter(app::accounts::ssr::entity::Column::Email.eq(email))
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    async fn open_conversation(addr: std::net::SocketAddr, with: i32, after: Option<i32>, cookie: &str) -> Result<Socket, u16> {
        open_socket(addr, &format!("/messages/{with}/socket"), after, cookie).await
    }

    /// The demo's private conversation (João and Kadri) on two processes: the socket first sends the history
    /// (and that reads it), a message sent through one process reaches the other live, a hidden one is
    /// withdrawn, and nobody else can listen.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn private_messages_reach_the_other_side_live_across_processes() {
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            use leptos::server_fn::ServerFn;
            app::demo::seed(&db).await.unwrap();
            let dir = tempdir::Dir::new();
            let (first, second) = two_processes(&db, backend, &dir);
            tokio::spawn(first.messages.clone().listen());
            tokio::spawn(second.messages.clone().listen());
            let (a, b) = (serve_here(first).await, serve_here(second).await);
            let (joao_id, kadri_id) = (account_of(&db, "teacher9@demo.opentwin.test").await, account_of(&db, "teacher10@demo.opentwin.test").await);
            let joao = sign_in(b, "teacher9@demo.opentwin.test").await;
            let kadri = sign_in(a, "teacher10@demo.opentwin.test").await;
            let claire = sign_in(b, "teacher1@demo.opentwin.test").await;
            let joao_viewer = app::accounts::ssr::viewer_by_id(&db, joao_id).await.unwrap().unwrap();
            assert_eq!(app::messages::ssr::unread_total(&db, &joao_viewer).await.unwrap(), 1, "{backend:?}");

            // João's socket starts with the conversation so far, the newest last; having it, he has read it.
            let mut socket = open_conversation(b, kadri_id, None, &joao).await.unwrap();
            let mut history = Vec::new();
            for _ in 0..4 {
                history.push(next_private(&mut socket).await);
            }
            assert!(history[3].body.starts_with("I drafted the aims"), "{history:?}");
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            assert_eq!(app::messages::ssr::unread_total(&db, &joao_viewer).await.unwrap(), 0, "{backend:?}");

            let sent = http(a, app::messages::SendPrivateMessage::PATH, format!("to={joao_id}&body=Here+are+the+aims"), Some(&kadri)).await;
            assert_eq!(sent.0, 200, "{backend:?}: {:?}", sent.1);
            let live = next_private(&mut socket).await;
            assert_eq!((live.body.as_str(), live.author.as_str(), live.author_id), ("Here are the aims", "Kadri Tamm", kadri_id), "{backend:?}");

            // João reports it; the CSS hides it through the other process; João's page drops it live.
            {
                use app::moderation::ssr::report_entity as reports;
                use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
                let filed = http(b, app::moderation::FileReport::PATH, format!("kind=private_message&target={}&reason=spam", live.id), Some(&joao)).await;
                assert_eq!(filed.0, 200, "{backend:?}: {:?}", filed.1);
                let report = reports::Entity::find().filter(reports::Column::TargetId.eq(live.id)).one(&db).await.unwrap().unwrap().id;
                let css = sign_in(a, "css@demo.opentwin.test").await;
                let decided = http(a, app::moderation::DecideReport::PATH, format!("report={report}&action=hide&reason=Spam"), Some(&css)).await;
                assert_eq!(decided.0, 200, "{:?}", decided.1);
                let withdrawn = next_private(&mut socket).await;
                assert!(withdrawn.withdrawn && withdrawn.id == live.id && withdrawn.body.is_empty(), "{withdrawn:?}");
                // Claire is not in the conversation: her report is refused as if the message did not exist.
                let outsider = http(b, app::moderation::FileReport::PATH, format!("kind=private_message&target={}&reason=spam", live.id), Some(&claire)).await;
                assert_eq!(outsider.0, 404);
            }

            // Claire has no conversation with Kadri (not contacts); nobody signed in gets nothing; pupils none.
            assert_eq!(open_conversation(b, kadri_id, None, &claire).await.err(), Some(404));
            assert_eq!(open_conversation(b, kadri_id, None, "opentwin_session=forged").await.err(), Some(401));
            // Writing to someone who is not a contact: a clear refusal, nothing stored.
            let refused = http(b, app::messages::SendPrivateMessage::PATH, format!("to={kadri_id}&body=Hi"), Some(&claire)).await;
            assert_eq!(refused.0, 422, "{backend:?}: {:?}", refused.1);
        })
        .await;
    }

    async fn next_private(socket: &mut Socket) -> app::messages::PrivateMessage {
        next_on(socket).await
    }

    #[tokio::test]
    async fn an_open_chat_socket_lasts_only_as_long_as_its_session() {
        let _one = ONE_AT_A_TIME.lock().await;
        app::testing::on_each_database(|db, backend| async move {
            use leptos::server_fn::ServerFn;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            app::demo::seed(&db).await.unwrap();
            let dir = tempdir::Dir::new();
            let state = state_with(db.clone(), &dir);
            let addr = serve_here(state.clone()).await;
            let project = demo_project(&db).await;
            let claire = app::accounts::ssr::entity::Entity::find()
                .filter(app::accounts::ssr::entity::Column::Email.eq("teacher1@demo.opentwin.test"))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .id;
            let cookie = sign_in(addr, "teacher1@demo.opentwin.test").await;
            let session: tower_sessions::session::Id = cookie.split_once('=').unwrap().1.parse().unwrap();
            assert!(crate::chat::still_allowed(&state, Some(session), claire, project).await, "{backend:?}");
            assert!(!crate::chat::still_allowed(&state, Some(session), claire + 1, project).await, "someone else's session");
            assert!(!crate::chat::still_allowed(&state, None, claire, project).await);
            let (status, _) = http(addr, app::accounts::SignOut::PATH, String::new(), Some(&cookie)).await;
            assert!(status < 400, "{status}");
            assert!(!crate::chat::still_allowed(&state, Some(session), claire, project).await, "signed out: the socket closes");
        })
        .await;
    }

    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let path = std::env::temp_dir().join(format!("opentwin-routes-{}-{n}", std::process::id()));
                std::fs::create_dir_all(&path).unwrap();
                Dir(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }
}
