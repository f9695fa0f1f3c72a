//! Server side of accounts: the entity, password hashing, tokens, sessions and the rules of sign-up, sign-in,
//! password reset, national validation and roles. Plain async functions over a connection, so tests call them
//! directly on SQLite and PostgreSQL.
use super::{AccountOverview, AccountStatus, Decision, PendingAccount, RoleHolder, SignUpForm, StaffRole, rules};
use crate::{
    access::{self, AccountKind, PlatformRole, ValidationScope, Viewer},
    i18n::{Locale, td_string},
    countries::ssr::entity as countries,
    error::{AppError, Problem},
    mail::ssr as mail,
    schools::ssr as schools,
    settings::SiteSettings,
    throttle::ssr as throttle,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};

/// `accounts.kind`: a member of school staff, or a TwinSpace-only pupil login.
pub const KIND_STAFF: &str = "staff";
pub const KIND_PUPIL: &str = "pupil";

/// The session key holding the signed-in account's id.
pub const SESSION_ACCOUNT: &str = "account_id";

const VERIFY_EMAIL: &str = "verify_email";
const RESET_PASSWORD: &str = "reset_password";

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "accounts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub kind: String,
        pub email: Option<String>,
        pub username: Option<String>,
        pub display_name: String,
        pub password_hash: Option<String>,
        pub staff_role: Option<String>,
        pub platform_role: String,
        pub country_code: Option<String>,
        pub school_id: Option<i32>,
        pub status: String,
        pub created_at: DateTimeUtc,
        pub email_verified_at: Option<DateTimeUtc>,
        pub institution: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub decision_reason: Option<String>,
        pub decided_by: Option<i32>,
        pub decided_at: Option<DateTimeUtc>,
        /// The language the person reads (a locale code): mail to them is written in it.
        pub locale: String,
        /// Last sign-in or change of interests: partner search can sort by it.
        pub last_active_at: Option<DateTimeUtc>,
        /// When the profile picture was last replaced; none without a picture.
        pub picture_at: Option<DateTimeUtc>,
        /// For a pupil's login: the teacher who made it (they may reset and remove it).
        pub created_by: Option<i32>,
        /// The end of a time-limited suspension (none: not suspended, or until a moderator lifts it).
        pub suspended_until: Option<DateTimeUtc>,
        /// A moderator's choice to be mailed about new reports in their scope.
        pub report_mail: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    #[async_trait::async_trait]
    impl ActiveModelBehavior for ActiveModel {
        /// Accounts made without a language (demo, command line, tests) read English.
        async fn before_save<C>(mut self, _db: &C, insert: bool) -> Result<Self, DbErr>
        where
            C: ConnectionTrait,
        {
            if insert && self.locale.is_not_set() {
                self.locale = sea_orm::Set("en".to_owned());
            }
            Ok(self)
        }
    }

    // Read with the session on every signed-in page (`db::local`): every column, or this does not compile.
    crate::local_row!(Model {
        id, kind, email, username, display_name, password_hash, staff_role, platform_role, country_code, school_id, status, created_at,
        email_verified_at, institution, decision_reason, decided_by, decided_at, locale, last_active_at, picture_at, created_by,
        suspended_until, report_mail,
    });
}

pub mod token_entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "account_tokens")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub account_id: i32,
        pub purpose: String,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

impl entity::Model {
    /// The language to write to this person in.
    pub fn locale(&self) -> Locale {
        self.locale.parse().unwrap_or(Locale::en)
    }

    pub fn viewer(&self) -> Viewer {
        Viewer {
            id: self.id,
            display_name: self.display_name.clone(),
            kind: if self.kind == KIND_PUPIL { AccountKind::Pupil } else { AccountKind::Staff },
            role: PlatformRole::parse(&self.platform_role).unwrap_or(PlatformRole::Member),
            country_code: self.country_code.clone(),
            status: AccountStatus::parse(&self.status).unwrap_or(AccountStatus::Pending),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Passwords and tokens

fn argon2() -> argon2::Argon2<'static> {
    // Argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
    let params = argon2::Params::new(19 * 1024, 2, 1, None).expect("constant Argon2 parameters are valid");
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a password on the calling thread. For the command line, the demo and tests; a request uses
/// `hash_password`.
pub fn hash_password_now(password: &str) -> Result<String, AppError> {
    use argon2::{PasswordHasher, password_hash::{SaltString, rand_core::OsRng}};
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string()).map_err(|_| AppError::Internal)
}

fn verify_password_now(password: &str, hash: &str) -> bool {
    use argon2::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Password hashing is slow on purpose (tens of milliseconds of CPU and 19 MiB each). Requests run it on the
/// blocking pool, at most one per core at a time: sign-ins in flight never stall the async workers that serve
/// pages and sockets, and a flood of them waits its turn instead of exhausting the CPU and memory.
async fn off_the_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
        std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));
    let _permit = HASHING.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|_| AppError::Internal)
}

pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    off_the_runtime(move || hash_password_now(&password)).await?
}

/// Hashes several passwords (a class's logins) in one turn.
pub async fn hash_passwords(passwords: Vec<String>) -> Result<Vec<String>, AppError> {
    off_the_runtime(move || passwords.iter().map(|p| hash_password_now(p)).collect::<Result<Vec<_>, _>>()).await?
}

pub async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    off_the_runtime(move || verify_password_now(&password, &hash)).await.unwrap_or(false)
}

/// Spends the same time as a real check, so that unknown addresses cannot be told apart by timing.
async fn burn_password_check(password: &str) {
    // Made once per process, off the async workers like every hash.
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let hash = DUMMY.get_or_init(|| async { hash_password("not a real password at all").await.unwrap_or_default() }).await;
    let _ = verify_password(password, hash).await;
}

fn new_token() -> (String, String) {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    use base64::Engine;
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

async fn issue_token(
    db: &impl ConnectionTrait,
    account_id: i32,
    purpose: &str,
    valid_for: chrono::TimeDelta,
) -> Result<String, AppError> {
    let (token, hash) = new_token();
    let now = chrono::Utc::now();
    token_entity::ActiveModel {
        token_hash: Set(hash),
        account_id: Set(account_id),
        purpose: Set(purpose.to_owned()),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Uses up a token: it must exist, be for this purpose, unused and unexpired. Returns the account id.
/// The account a link is for, if it is valid for `purpose` (unused, not expired), without using it up.
async fn check_token(db: &impl ConnectionTrait, token: &str, purpose: &str) -> Result<token_entity::Model, AppError> {
    let invalid = || AppError::invalid("token", Problem::LinkInvalid);
    if token.is_empty() || token.len() > 100 {
        return Err(invalid());
    }
    let row = token_entity::Entity::find_by_id(token_hash(token)).one(db).await?.ok_or_else(invalid)?;
    if row.purpose != purpose || row.used_at.is_some() || row.expires_at < chrono::Utc::now() {
        return Err(invalid());
    }
    Ok(row)
}

/// Keeps the language a person chose on their account: mail to them is written in it.
pub async fn remember_language(db: &impl ConnectionTrait, account: i32, locale: Locale) -> Result<(), AppError> {
    entity::Entity::update_many()
        .col_expr(entity::Column::Locale, sea_orm::sea_query::Expr::value(leptos_i18n::Locale::as_str(locale)))
        .filter(entity::Column::Id.eq(account))
        .exec(db)
        .await?;
    Ok(())
}

/// Uses a link up. Conditional on it being unused, so that two requests with the same link cannot both pass.
async fn consume_token(db: &impl ConnectionTrait, token: &str, purpose: &str) -> Result<i32, AppError> {
    let row = check_token(db, token, purpose).await?;
    use_up(db, &row).await
}

/// Uses up a link already checked (`check_token`): the update is conditional on it being still unused.
async fn use_up(db: &impl ConnectionTrait, row: &token_entity::Model) -> Result<i32, AppError> {
    let used = token_entity::Entity::update_many()
        .col_expr(token_entity::Column::UsedAt, sea_orm::sea_query::Expr::value(chrono::Utc::now()))
        .filter(token_entity::Column::TokenHash.eq(row.token_hash.clone()))
        .filter(token_entity::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        return Err(AppError::invalid("token", Problem::LinkInvalid));
    }
    Ok(row.account_id)
}

// ---------------------------------------------------------------------------------------------------------
// The request: settings, session, client address

pub fn site() -> Result<SiteSettings, AppError> {
    leptos::prelude::use_context::<SiteSettings>().ok_or_else(|| {
        tracing::error!("no SiteSettings in context");
        AppError::Internal
    })
}

async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>().await.map_err(|err| {
        tracing::error!(error = %err, "no session layer");
        AppError::Internal
    })
}

/// Keeps something for the next page this browser loads, in its session: what a form post made that its page
/// must show once (the logins of pupils just created). Without a session (direct calls in tests) nothing is kept.
pub async fn keep_for_next_page<T: serde::Serialize>(key: &str, value: &T) {
    let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await else { return };
    if let Err(err) = session.insert(key, value).await {
        tracing::warn!(error = %err, key, "could not keep a value for the next page");
    }
}

/// Takes what `keep_for_next_page` kept: it is shown once.
pub async fn take_for_this_page<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    let session = leptos_axum::extract::<tower_sessions::Session>().await.ok()?;
    session.remove::<T>(key).await.ok().flatten()
}


/// The client's address, for throttling. Without connection info (tests) every request shares one bucket.
/// The client's address, for throttling. From the connection, unless that is one of the `trusted_proxies`: then
/// from the `Forwarded` or `X-Forwarded-For` header that proxy adds.
pub async fn client_ip() -> String {
    let Ok(peer) = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await else {
        return "unknown".to_owned();
    };
    let trusted = site().map(|site| site.trusted_proxies).unwrap_or_default();
    let headers = leptos_axum::extract::<http::HeaderMap>().await.unwrap_or_default();
    client_address(peer.0.ip(), &headers, &trusted).to_string()
}

/// The pure part of `client_ip`. Only a trusted proxy's word is taken, and only for the hop it saw: walking the
/// forwarded chain from the nearest hop, past further trusted proxies, the first other address is the client.
/// Anyone else can put anything in those headers, so for them the connection's address is the answer — behind no
/// proxy, forged headers change nothing.
pub fn client_address(peer: std::net::IpAddr, headers: &http::HeaderMap, trusted: &[std::net::IpAddr]) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let parse = |value: &str| -> Option<std::net::IpAddr> {
        let value = value.trim().trim_matches('"');
        // Forwarded writes IPv6 as "[::1]:port"; X-Forwarded-For as plain addresses.
        let value = value.strip_prefix('[').map(|rest| rest.split(']').next().unwrap_or(rest)).unwrap_or(value);
        value.parse().ok().or_else(|| value.rsplit_once(':').and_then(|(host, _)| host.parse().ok()))
    };
    let mut chain: Vec<std::net::IpAddr> = Vec::new();
    for value in headers.get_all(http::header::FORWARDED).iter().filter_map(|v| v.to_str().ok()) {
        for element in value.split(',') {
            if let Some(for_) = element.split(';').find_map(|pair| pair.trim().strip_prefix("for=").or_else(|| pair.trim().strip_prefix("For="))) {
                if let Some(address) = parse(for_) {
                    chain.push(address);
                }
            }
        }
    }
    if chain.is_empty() {
        for value in headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()) {
            chain.extend(value.split(',').filter_map(parse));
        }
    }
    chain.into_iter().rev().find(|address| !trusted.contains(address)).unwrap_or(peer)
}

/// Signs the account in: a new session id (so a planted id is worthless), then the account.
pub async fn start_session(account_id: i32) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session.insert(SESSION_ACCOUNT, account_id).await.map_err(|_| AppError::Internal)
}

/// Signs out: the session is deleted on the server, so its cookie is worthless even if kept.
pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(|_| AppError::Internal)
}

/// Who this request's viewer is, once looked up: a page asks for it in each of its resources (the header's account
/// menu and badges, the page's own data), and the account row is read once per request, not once per resource. The
/// server's composition root provides one per request; keyed by the session's account, so a sign-in or sign-out
/// within the request is never answered from it.
#[derive(Clone, Default)]
pub struct ViewerOfRequest(std::sync::Arc<tokio::sync::Mutex<Option<(i32, Option<Viewer>)>>>);

/// The signed-in person of this request, if any and still allowed in.
pub async fn viewer_of_request(db: &impl ConnectionTrait) -> Result<Option<Viewer>, AppError> {
    let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await else {
        return Ok(None);
    };
    let Ok(Some(account_id)) = session.get::<i32>(SESSION_ACCOUNT).await else {
        return Ok(None);
    };
    // Read with the session, in the same statement (`session_store::LOADED_ACCOUNT`), unless the request signed
    // someone else in since.
    if let Ok(Some((loaded, viewer))) = session.get::<(i32, Option<Viewer>)>(super::session_store::LOADED_ACCOUNT).await
        && loaded == account_id
    {
        return Ok(viewer);
    }
    let Some(memo) = leptos::prelude::use_context::<ViewerOfRequest>() else {
        return viewer_by_id(db, account_id).await;
    };
    // Held across the lookup, so resources asking at once wait for the first one's answer.
    let mut known = memo.0.lock().await;
    if let Some((id, viewer)) = known.as_ref()
        && *id == account_id
    {
        return Ok(viewer.clone());
    }
    let viewer = viewer_by_id(db, account_id).await?;
    *known = Some((account_id, viewer.clone()));
    Ok(viewer)
}

pub async fn viewer_by_id(db: &impl ConnectionTrait, account_id: i32) -> Result<Option<Viewer>, AppError> {
    Ok(entity::Entity::find_by_id(account_id).one(db).await?.and_then(allowed_in))
}

/// The viewer an account signs in as, unless it is suspended (then it is nobody).
pub(crate) fn allowed_in(account: entity::Model) -> Option<Viewer> {
    (account.status != AccountStatus::Suspended.as_str()).then(|| account.viewer())
}

pub async fn require_viewer(db: &impl ConnectionTrait) -> Result<Viewer, AppError> {
    viewer_of_request(db).await?.ok_or(AppError::Unauthenticated)
}

/// Some accounts by id (none asked: no query), for lists that name their authors or members.
pub async fn by_ids(db: &impl ConnectionTrait, ids: impl IntoIterator<Item = i32>) -> Result<std::collections::HashMap<i32, entity::Model>, AppError> {
    let ids: Vec<i32> = ids.into_iter().collect::<std::collections::HashSet<_>>().into_iter().collect();
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(entity::Entity::find().filter(entity::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|a| (a.id, a)).collect())
}

/// The first lines of every server function that needs a signed-in person: the connection and who they are
/// (401 when nobody is signed in).
pub async fn signed_in() -> Result<(sea_orm::DatabaseConnection, Viewer), AppError> {
    let db = crate::db::conn()?;
    let viewer = require_viewer(&db).await.map_err(crate::error::respond_with)?;
    Ok((db, viewer))
}

// ---------------------------------------------------------------------------------------------------------
// Sign-up and e-mail verification

/// Registers a member of school staff, pending validation by their country's support organisation, and mails
/// them a verification link. All or nothing. An address that is already registered gets a mail saying so, and
/// the caller the same answer as for a new one, so sign-up cannot be used to learn who is registered.
pub async fn sign_up(
    db: &(impl ConnectionTrait + TransactionTrait),
    form: SignUpForm,
    ip: &str,
    locale: Locale,
    public_url: &str,
) -> Result<i32, AppError> {
    let email = rules::normalise_email(&form.email)?;
    rules::password(&form.password)?;
    let display_name = rules::display_name(&form.display_name)?;
    let country = countries::Entity::find_by_id(form.country.trim().to_uppercase())
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("country", Problem::ChooseCountry))?;
    let staff_role = StaffRole::parse(form.staff_role.trim())
        .ok_or_else(|| AppError::invalid("staff_role", Problem::ChooseStaffRole))?;
    let institution = match staff_role {
        StaffRole::StudentTeacher => Some(rules::short_text("institution", &form.institution, 200, true)?),
        _ => None,
    };
    // Counted once the form is valid, so that typos do not use up the allowance.
    throttle::hit(db, &format!("sign-up:ip:{ip}"), throttle::SIGN_UP_PER_IP).await?;
    // Hashing is deliberately slow; it happens after the cheap checks, and for a registered address too, so
    // that the time of the answer does not tell whether an address is registered.
    let password_hash = hash_password(&form.password).await?;

    let txn = crate::db::begin(db).await?;
    if let Some(existing) = entity::Entity::find().filter(entity::Column::Email.eq(&email)).one(&txn).await? {
        let to = existing.locale();
        let body = td_string!(to, mail_duplicate_body, name = existing.display_name.as_str(), url = public_url).to_string();
        mail::enqueue(&txn, &email, &td_string!(to, mail_duplicate_subject).to_string(), &body).await?;
        txn.commit().await?;
        return Ok(existing.id);
    }

    let school_id = schools::resolve_for_sign_up(&txn, &country, &form).await?;
    let account = entity::ActiveModel {
        kind: Set(KIND_STAFF.to_owned()),
        email: Set(Some(email.clone())),
        display_name: Set(display_name.clone()),
        password_hash: Set(Some(password_hash)),
        staff_role: Set(Some(staff_role.as_str().to_owned())),
        platform_role: Set(PlatformRole::Member.as_str().to_owned()),
        country_code: Set(Some(country.code.clone())),
        school_id: Set(Some(school_id)),
        status: Set(AccountStatus::Pending.as_str().to_owned()),
        institution: Set(institution),
        locale: Set(leptos_i18n::Locale::as_str(locale).to_owned()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let token = issue_token(&txn, account.id, VERIFY_EMAIL, chrono::TimeDelta::days(2)).await?;
    let link = format!("{public_url}/verify-email?token={token}");
    let support = crate::countries::support_organisation_name(locale, &country.code);
    let body = td_string!(
        locale,
        mail_verify_body,
        name = display_name.as_str(),
        link = link.as_str(),
        support = support.as_str()
    )
    .to_string();
    mail::enqueue(&txn, &email, &td_string!(locale, mail_verify_subject).to_string(), &body).await?;
    txn.commit().await?;
    Ok(account.id)
}

pub async fn verify_email(db: &(impl ConnectionTrait + TransactionTrait), token: &str) -> Result<(), AppError> {
    let txn = crate::db::begin(db).await?;
    let account_id = consume_token(&txn, token, VERIFY_EMAIL).await?;
    entity::ActiveModel { id: Set(account_id), email_verified_at: Set(Some(chrono::Utc::now())), ..Default::default() }
        .update(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Sign-in and password reset

fn wrong_credentials() -> AppError {
    AppError::form(Problem::WrongCredentials)
}

/// Checks e-mail and password, throttled per address and per client. Unknown addresses and wrong passwords get
/// the same answer.
pub async fn authenticate(db: &impl ConnectionTrait, email: &str, password: &str, ip: &str) -> Result<Viewer, AppError> {
    let email = email.trim().to_lowercase();
    if email.is_empty() || password.is_empty() || email.len() > 254 || password.len() > 1024 {
        return Err(wrong_credentials());
    }
    let account_key = format!("sign-in:account:{email}");
    throttle::hit(db, &format!("sign-in:ip:{ip}"), throttle::SIGN_IN_PER_IP).await?;
    throttle::hit(db, &account_key, throttle::SIGN_IN_PER_ACCOUNT).await?;
    let account = entity::Entity::find().filter(entity::Column::Email.eq(&email)).one(db).await?;
    let account = expire_suspension(db, check_password(account, password).await?).await?;
    // Only someone who knows the password learns these.
    if account.email_verified_at.is_none() && account.platform_role == PlatformRole::Member.as_str() {
        return Err(AppError::form(Problem::ConfirmEmailFirst));
    }
    if account.status == AccountStatus::Suspended.as_str() {
        return Err(AppError::form(Problem::AccountSuspended));
    }
    throttle::clear(db, &account_key).await?;
    crate::partners::ssr::index::touch(db, account.id).await?;
    Ok(account.viewer())
}

/// A pupil signs in with the username and password their teacher gave them, on their own page. Same throttles
/// as teachers; the username is not case-sensitive.
pub async fn authenticate_pupil(db: &impl ConnectionTrait, username: &str, password: &str, ip: &str) -> Result<Viewer, AppError> {
    let username = username.trim().to_lowercase();
    if username.is_empty() || password.is_empty() || username.len() > 64 || password.len() > 1024 {
        return Err(wrong_credentials());
    }
    let account_key = format!("sign-in:pupil:{username}");
    throttle::hit(db, &format!("sign-in:ip:{ip}"), throttle::SIGN_IN_PER_IP).await?;
    throttle::hit(db, &account_key, throttle::SIGN_IN_PER_ACCOUNT).await?;
    let account = entity::Entity::find()
        .filter(entity::Column::Username.eq(&username))
        .filter(entity::Column::Kind.eq(KIND_PUPIL))
        .one(db)
        .await?;
    let account = expire_suspension(db, check_password(account, password).await?).await?;
    if account.status == AccountStatus::Suspended.as_str() {
        return Err(AppError::form(Problem::AccountSuspended));
    }
    throttle::clear(db, &account_key).await?;
    Ok(account.viewer())
}

/// A suspension whose period is over ends at the next sign-in (the server also ends them every minute).
async fn expire_suspension(db: &impl ConnectionTrait, account: entity::Model) -> Result<entity::Model, AppError> {
    if account.status == AccountStatus::Suspended.as_str() && account.suspended_until.is_some_and(|until| until <= chrono::Utc::now()) {
        crate::moderation::ssr::lift_expired_suspensions(db, Some(account.id)).await?;
        return Ok(entity::Entity::find_by_id(account.id).one(db).await?.unwrap_or(account));
    }
    Ok(account)
}

/// The account if the password is its own. Unknown accounts cost the same time as known ones.
async fn check_password(account: Option<entity::Model>, password: &str) -> Result<entity::Model, AppError> {
    match account {
        Some(account) if account.password_hash.is_some() => {
            let hash = account.password_hash.as_deref().unwrap_or_default();
            if verify_password(password, hash).await { Ok(account) } else { Err(wrong_credentials()) }
        }
        _ => {
            burn_password_check(password).await;
            Err(wrong_credentials())
        }
    }
}

/// Mails a single-use reset link if the address is registered. The answer is the same either way.
pub async fn request_password_reset(
    db: &(impl ConnectionTrait + TransactionTrait),
    email: &str,
    ip: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let email = rules::normalise_email(email)?;
    throttle::hit(db, &format!("reset:ip:{ip}"), throttle::RESET_PER_IP).await?;
    throttle::hit(db, &format!("reset:account:{email}"), throttle::RESET_PER_ACCOUNT).await?;
    let txn = crate::db::begin(db).await?;
    if let Some(account) = entity::Entity::find()
        .filter(entity::Column::Email.eq(&email))
        .filter(entity::Column::Kind.eq(KIND_STAFF))
        .one(&txn)
        .await?
    {
        let token = issue_token(&txn, account.id, RESET_PASSWORD, chrono::TimeDelta::hours(1)).await?;
        let to = account.locale();
        let link = format!("{public_url}/reset-password?token={token}");
        let body = td_string!(to, mail_reset_body, name = account.display_name.as_str(), link = link.as_str()).to_string();
        mail::enqueue(&txn, &email, &td_string!(to, mail_reset_subject).to_string(), &body).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Sets a new password from a reset link, and ends every session of the account.
pub async fn reset_password(db: &(impl ConnectionTrait + TransactionTrait), token: &str, password: &str, ip: &str) -> Result<(), AppError> {
    rules::password(password)?;
    throttle::hit(db, &format!("new-password:ip:{ip}"), throttle::NEW_PASSWORD_PER_IP).await?;
    // The link first: without a valid one, no password is ever hashed.
    let link = check_token(db, token, RESET_PASSWORD).await?;
    let hash = hash_password(password).await?;
    let txn = crate::db::begin(db).await?;
    let account_id = use_up(&txn, &link).await?;
    let now = chrono::Utc::now();
    let account = entity::Entity::find_by_id(account_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let verified = account.email_verified_at.unwrap_or(now);
    entity::ActiveModel {
        id: Set(account_id),
        password_hash: Set(Some(hash)),
        // Receiving the link proves the address.
        email_verified_at: Set(Some(verified)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    super::session_store::end_all_sessions(&txn, account_id).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Own account

pub async fn my_account(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<AccountOverview, AppError> {
    let account = entity::Entity::find_by_id(viewer.id).one(db).await?.ok_or(AppError::NotFound)?;
    let country = match &account.country_code {
        Some(code) => countries::Entity::find_by_id(code.clone()).one(db).await?,
        None => None,
    };
    let school = match account.school_id {
        Some(id) => schools::entity::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(AccountOverview {
        display_name: account.display_name,
        email: account.email,
        status: AccountStatus::parse(&account.status).unwrap_or(AccountStatus::Pending),
        decision_reason: account.decision_reason,
        staff_role: account.staff_role,
        country_code: country.map(|c| c.code),
        school_name: school.map(|s| s.name),
        may_rename: viewer.kind != AccountKind::Pupil,
    })
}

/// Pending and rejected people may edit their profile too. A pupil may not rename themselves (as "Mr Dupont
/// (teacher)", say): the name their teacher gave them is the one their classmates trust.
pub async fn update_profile(db: &impl ConnectionTrait, viewer: &Viewer, display_name: &str) -> Result<(), AppError> {
    if viewer.kind == AccountKind::Pupil {
        return Err(AppError::Forbidden);
    }
    let display_name = rules::display_name(display_name)?;
    entity::ActiveModel { id: Set(viewer.id), display_name: Set(display_name), ..Default::default() }.update(db).await?;
    crate::partners::ssr::index::refresh(db, viewer.id).await?;
    Ok(())
}

/// Suspends a validated person, or lifts the suspension. Support staff act within their validation scope.
/// A suspended person cannot sign in, their sessions end, and they leave partner search, counts and lists.
pub async fn set_suspended(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    account_id: i32,
    suspended: bool,
) -> Result<(), AppError> {
    let scope = access::validation_scope(viewer);
    let txn = crate::db::begin(db).await?;
    // Members of school staff only: support staff and administrators are not suspended from here.
    let account = entity::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .filter(|account| {
            account.id != viewer.id
                && account.kind == KIND_STAFF
                && account.platform_role == PlatformRole::Member.as_str()
                && scope.covers(account.country_code.as_deref())
        })
        .ok_or(AppError::NotFound)?;
    let (from, to) = if suspended {
        (AccountStatus::Validated, AccountStatus::Suspended)
    } else {
        (AccountStatus::Suspended, AccountStatus::Validated)
    };
    if account.status != from.as_str() {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    entity::ActiveModel { id: Set(account.id), status: Set(to.as_str().to_owned()), ..Default::default() }.update(&txn).await?;
    if suspended {
        super::session_store::end_all_sessions(&txn, account.id).await?;
    }
    crate::partners::ssr::index::refresh(&txn, account.id).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// National validation

/// Sign-ups waiting for a decision, oldest first, limited to the viewer's scope. Only confirmed addresses
/// are shown: an unconfirmed sign-up may not even be the person it names.
pub async fn validation_queue(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<PendingAccount>, AppError> {
    let mut query = entity::Entity::find()
        .filter(entity::Column::Kind.eq(KIND_STAFF))
        .filter(entity::Column::Status.eq(AccountStatus::Pending.as_str()))
        .filter(entity::Column::EmailVerifiedAt.is_not_null())
        .order_by_asc(entity::Column::CreatedAt)
        .order_by_asc(entity::Column::Id);
    match access::validation_scope(viewer) {
        ValidationScope::Nobody => return Err(AppError::NotFound),
        ValidationScope::Country(code) => query = query.filter(entity::Column::CountryCode.eq(code)),
        ValidationScope::Everyone => {}
    }
    let accounts = query.all(db).await?;
    let school_ids: Vec<i32> = accounts.iter().filter_map(|a| a.school_id).collect();
    let schools: std::collections::HashMap<i32, schools::entity::Model> = schools::entity::Entity::find()
        .filter(schools::entity::Column::Id.is_in(school_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|school| (school.id, school))
        .collect();
    Ok(accounts
        .into_iter()
        .map(|account| {
            let school = account.school_id.and_then(|id| schools.get(&id));
            PendingAccount {
                id: account.id,
                display_name: account.display_name,
                email: account.email.unwrap_or_default(),
                staff_role: account.staff_role.unwrap_or_default(),
                institution: account.institution,
                country_code: account.country_code.unwrap_or_default(),
                school_name: school.map(|s| s.name.clone()),
                school_city: school.map(|s| s.city.clone()),
                school_confirmed: school.is_some_and(|s| s.confirmed),
                signed_up: account.created_at,
            }
        })
        .collect())
}

/// Validates or rejects a sign-up. Outside the moderator's scope the account does not exist for them. A
/// rejection needs a reason, which the person sees. Validating confirms a school still waiting for its PSA.
pub async fn decide_validation(
    db: &(impl ConnectionTrait + TransactionTrait),
    viewer: &Viewer,
    account_id: i32,
    decision: Decision,
    reason: &str,
    public_url: &str,
) -> Result<(), AppError> {
    let scope = access::validation_scope(viewer);
    let txn = crate::db::begin(db).await?;
    let account = entity::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .filter(|account| account.kind == KIND_STAFF && scope.covers(account.country_code.as_deref()))
        .ok_or(AppError::NotFound)?;
    if account.status != AccountStatus::Pending.as_str() {
        return Err(AppError::form(Problem::AlreadyDecided));
    }
    let reason = match decision {
        Decision::Reject => Some(rules::short_text("reason", reason, 1000, true)?),
        Decision::Validate => {
            let reason = rules::short_text("reason", reason, 1000, false)?;
            (!reason.is_empty()).then_some(reason)
        }
    };
    let status = match decision {
        Decision::Validate => AccountStatus::Validated,
        Decision::Reject => AccountStatus::Rejected,
    };
    let email = account.email.clone();
    let name = account.display_name.clone();
    let to = account.locale();
    if let (Decision::Validate, Some(school_id)) = (decision, account.school_id) {
        schools::confirm(&txn, school_id).await?;
    }
    entity::ActiveModel {
        id: Set(account.id),
        status: Set(status.as_str().to_owned()),
        decision_reason: Set(reason.clone()),
        decided_by: Set(Some(viewer.id)),
        decided_at: Set(Some(chrono::Utc::now())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if let Some(email) = email {
        let body = match decision {
            Decision::Validate => td_string!(to, mail_validated_body, name = name.as_str(), url = public_url).to_string(),
            Decision::Reject => {
                let reason = reason.unwrap_or_default();
                td_string!(to, mail_rejected_body, name = name.as_str(), reason = reason.as_str(), url = public_url).to_string()
            }
        };
        mail::enqueue(&txn, &email, &td_string!(to, mail_decision_subject).to_string(), &body).await?;
    }
    // Validated teachers enter partner search; rejected ones never do.
    crate::partners::ssr::index::refresh(&txn, account.id).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Roles

pub async fn role_holders(db: &impl ConnectionTrait, viewer: &Viewer) -> Result<Vec<RoleHolder>, AppError> {
    if !access::may_assign_roles(viewer) {
        return Err(AppError::NotFound);
    }
    let holders = entity::Entity::find()
        .filter(entity::Column::PlatformRole.ne(PlatformRole::Member.as_str()))
        .order_by_asc(entity::Column::PlatformRole)
        .order_by_asc(entity::Column::DisplayName)
        .all(db)
        .await?;
    Ok(holders
        .into_iter()
        .map(|account| RoleHolder {
            role: PlatformRole::parse(&account.platform_role).unwrap_or(PlatformRole::Member),
            display_name: account.display_name,
            email: account.email.unwrap_or_default(),
            country_code: account.country_code,
        })
        .collect())
}

/// Gives a staff account a platform role. An NSO moderator is bound to a country: the one given, or else the
/// person's own. Administrators cannot demote themselves, so there is always one.
pub async fn assign_role(db: &impl ConnectionTrait, viewer: &Viewer, email: &str, role: &str, country: &str) -> Result<(), AppError> {
    if !access::may_assign_roles(viewer) {
        return Err(AppError::NotFound);
    }
    let role = PlatformRole::parse(role.trim()).ok_or_else(|| AppError::invalid("role", Problem::ChooseRole))?;
    let email = rules::normalise_email(email)?;
    let account = entity::Entity::find()
        .filter(entity::Column::Email.eq(&email))
        .filter(entity::Column::Kind.eq(KIND_STAFF))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("email", Problem::NoStaffAccount))?;
    if account.id == viewer.id && role != PlatformRole::Administrator {
        return Err(AppError::invalid("role", Problem::CannotDemoteSelf));
    }
    let country = country.trim().to_uppercase();
    let country_code = if country.is_empty() {
        account.country_code.clone()
    } else {
        let found = countries::Entity::find_by_id(country).one(db).await?;
        Some(found.ok_or_else(|| AppError::invalid("country", Problem::ChooseCountry))?.code)
    };
    if role == PlatformRole::NsoModerator && country_code.is_none() {
        return Err(AppError::invalid("country", Problem::ModeratorNeedsCountry));
    }
    entity::ActiveModel {
        id: Set(account.id),
        platform_role: Set(role.as_str().to_owned()),
        country_code: Set(country_code),
        ..Default::default()
    }
    .update(db)
    .await?;
    // Support staff leave partner search; someone made a member again may return to it.
    crate::partners::ssr::index::refresh(db, account.id).await?;
    Ok(())
}

/// Creates a platform administrator (from the command line, for the first one).
pub async fn create_administrator(db: &impl ConnectionTrait, email: &str, name: &str, password: &str) -> Result<i32, AppError> {
    let email = rules::normalise_email(email)?;
    let name = rules::display_name(name)?;
    rules::password(password)?;
    if entity::Entity::find().filter(entity::Column::Email.eq(&email)).one(db).await?.is_some() {
        return Err(AppError::invalid("email", Problem::EmailTaken));
    }
    let now = chrono::Utc::now();
    let account = entity::ActiveModel {
        kind: Set(KIND_STAFF.to_owned()),
        email: Set(Some(email)),
        display_name: Set(name),
        password_hash: Set(Some(hash_password(password).await?)),
        platform_role: Set(PlatformRole::Administrator.as_str().to_owned()),
        status: Set(AccountStatus::Validated.as_str().to_owned()),
        email_verified_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(account.id)
}
