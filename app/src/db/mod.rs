//! The database: connecting from a URL, the schema migrations, and how a server function reaches the connection.
//!
//! One schema serves SQLite (the embedded default) and PostgreSQL (for deployments that outgrow one machine).
pub mod local;
pub mod migrations;

use crate::error::AppError;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

pub use migrations::Migrator;
pub use sea_orm_migration::MigratorTrait;

/// The database backends we support, told apart by the URL's scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Opens a pool. SQLite files are created if absent, use the WAL journal (readers never wait for the writer) and
/// enforce foreign keys, which SQLite leaves off by default.
pub async fn connect(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let backend = Backend::of_url(url)
        .ok_or_else(|| DbErr::Custom(format!("unsupported database URL scheme in {url:?}")))?;
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if backend == Backend::Postgres {
        // The ping before each statement was a network round trip; a connection in use is known to be alive, and
        // one the database server (or a firewall) dropped has been idle: only those are pinged.
        options.test_before_acquire_if_idle_for(Duration::from_secs(30));
    }
    if backend == Backend::Sqlite {
        use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
        // sqlx pings a pooled connection each time it is taken (by default), and a SQLite connection lives on a
        // thread of its own: the ping was a second round trip to that thread for every statement, and it can find
        // nothing wrong with a file the process holds open (docs/performance.md, 2026-12-07, a fourth session).
        options.test_before_acquire(false);
        options.map_sqlx_sqlite_opts(|opts: SqliteConnectOptions| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    }
    Database::connect(options).await
}

/// Begins a transaction that writes. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), waiting its
/// turn as a single statement does (the busy timeout): a transaction that read first and writes later cannot wait,
/// and SQLite refuses it ("database is locked") when another write came in between — under concurrent sign-ups
/// and posts that happened, found by `scripts/crash-test.sh`. PostgreSQL ignores the mode.
pub async fn begin<C: sea_orm::TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions};
    db.begin_with_options(TransactionOptions { sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate), ..Default::default() }).await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Connects, with every pending migration applied through a connection of its own, closed before the pool that
/// serves opens. On SQLite, a pooled connection that read while the migrations ran can go on reading the schema
/// as it was (a statement left unfinished keeps its snapshot), so a table made afterwards is missing for it: "no
/// such table: partner_index", once, in the tests.
pub async fn connect_migrated(url: &str, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let migrating = connect(url, 1).await?;
    migrate(&migrating).await?;
    migrating.close().await?;
    connect(url, max_connections).await
}

/// True when the database answers and no migration is pending: what `/readyz` reports.
pub async fn is_ready(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
        && Migrator::get_pending_migrations(db).await.map(|pending| pending.is_empty()).unwrap_or(false)
}

/// The database's own consistency checks; each problem found, as a line (none: all is well). SQLite checks every
/// page and index (`integrity_check`) and every foreign key (`foreign_key_check`). PostgreSQL has no such command
/// (its write-ahead log makes a crash lose nothing committed, and keys are enforced as rows are written): every
/// table is read through, which fails on a damaged page.
pub async fn integrity_problems(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let backend = db.get_database_backend();
    let rows = |sql: &str| db.query_all_raw(Statement::from_string(backend, sql.to_owned()));
    let mut problems = Vec::new();
    match backend {
        DbBackend::Sqlite => {
            for row in rows("PRAGMA integrity_check").await? {
                let line: String = row.try_get_by_index(0)?;
                if line != "ok" {
                    problems.push(line);
                }
            }
            for row in rows("PRAGMA foreign_key_check").await? {
                let table: String = row.try_get_by_index(0)?;
                let parent: String = row.try_get_by_index(2)?;
                problems.push(format!("a row of {table} names a missing row of {parent}"));
            }
        }
        _ => {
            for row in rows("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'").await? {
                let table: String = row.try_get_by_index(0)?;
                if let Err(err) = rows(&format!("SELECT COUNT(*) FROM \"{table}\"")).await {
                    problems.push(format!("{table} cannot be read through: {err}"));
                }
            }
        }
    }
    Ok(problems)
}

/// A LIKE pattern matching text that contains `needle` (lower-cased), with the person's own `%`, `_` and `\`
/// taken literally. Pair it with a lower-cased column or key.
pub fn contains_pattern(needle: &str) -> sea_orm::sea_query::LikeExpr {
    // Control characters match nothing anyone wrote (and PostgreSQL refuses NUL outright).
    let needle: String = needle.chars().filter(|c| !c.is_control()).collect();
    let escaped = needle.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    sea_orm::sea_query::LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The connection of the current request, provided by the server as context to every server function and page.
pub fn conn() -> Result<DatabaseConnection, AppError> {
    leptos::prelude::use_context::<DatabaseConnection>().ok_or_else(|| {
        tracing::error!("no database connection in context");
        AppError::Internal
    })
}

/// Whether a write failed on a unique index: the row is there already (applied twice, decided twice, reported
/// twice), which each caller turns into its own form problem.
pub fn unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// The calendar year on the platform's clock (UTC): the year Quality Labels, school labels and prizes count in.
pub fn this_year() -> i32 {
    chrono::Datelike::year(&chrono::Utc::now())
}
