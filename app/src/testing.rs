//! Runs a data-layer test on every database backend: SQLite always, PostgreSQL when reachable.
//!
//! PostgreSQL comes from `TEST_POSTGRES_URL` (default: the local server's `test` database). Each test
//! gets a fresh database of its own, dropped afterwards. When PostgreSQL cannot be reached the test says so and
//! runs on SQLite alone, except under `CI=true`, where that is a failure.


use crate::db::{self, Backend};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::{
    future::Future,
    sync::atomic::{AtomicU32, Ordering},
};

static NEXT: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}_{}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed), nanos)
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A migrated, empty database of the given backend, and what to do to throw it away.
pub struct TestDb {
    pub backend: Backend,
    pub conn: DatabaseConnection,
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin: DatabaseConnection, name: String },
}

impl TestDb {
    pub async fn sqlite_unmigrated() -> TestDb {
        let path = std::env::temp_dir().join(format!("{}.db", unique("opentwin_test")));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let conn = db::connect(&url, 4).await.expect("open SQLite");
        TestDb { backend: Backend::Sqlite, conn, url, cleanup: Cleanup::File(path) }
    }

    pub async fn postgres_unmigrated() -> Result<TestDb, String> {
        let admin_url = postgres_admin_url();
        let admin = db::connect(&admin_url, 1).await.map_err(|err| format!("{admin_url}: {err}"))?;
        let name = unique("opentwin_test");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .map_err(|err| format!("cannot create a test database: {err}"))?;
        let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
        let url = format!("{base}/{name}");
        let conn = db::connect(&url, 4).await.map_err(|err| err.to_string())?;
        Ok(TestDb { backend: Backend::Postgres, conn, url, cleanup: Cleanup::Database { admin, name } })
    }

    pub async fn migrated(mut self) -> TestDb {
        // Migrated through a connection of its own, then fresh ones, as the server starts.
        let _ = self.conn.clone().close().await;
        self.conn = db::connect_migrated(&self.url, 4).await.expect("migrations apply");
        crate::countries::ssr::sync_reference_data(&self.conn).await.expect("reference data loads");
        self
    }

    async fn drop(self) {
        let _ = self.conn.close().await;
        match self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Database { admin, name } => {
                let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            }
        }
    }
}

/// The backends this run covers; PostgreSQL is skipped with a printed line when unreachable (never under CI).
pub async fn backends() -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    match TestDb::postgres_unmigrated().await {
        Ok(db) => {
            db.drop().await;
            backends.push(Backend::Postgres);
        }
        Err(err) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("PostgreSQL is required under CI=true but unreachable: {err}")
        }
        Err(err) => eprintln!("SKIPPED on PostgreSQL (unreachable: {err}); ran on SQLite only"),
    }
    backends
}

async fn fresh(backend: Backend, migrate: bool) -> TestDb {
    let db = match backend {
        Backend::Sqlite => TestDb::sqlite_unmigrated().await,
        Backend::Postgres => TestDb::postgres_unmigrated().await.expect("PostgreSQL was reachable a moment ago"),
    };
    if migrate { db.migrated().await } else { db }
}

/// Runs `test` on a fresh, migrated database of every available backend.
pub async fn on_each_database<F, Fut>(test: F)
where
    F: Fn(DatabaseConnection, Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    run_on_each(true, test).await
}

/// Like `on_each_database`, but the database is left unmigrated.
pub async fn on_each_empty_database<F, Fut>(test: F)
where
    F: Fn(DatabaseConnection, Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    run_on_each(false, test).await
}

async fn run_on_each<F, Fut>(migrate: bool, test: F)
where
    F: Fn(DatabaseConnection, Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in backends().await {
        let db = fresh(backend, migrate).await;
        eprintln!("running on {backend:?}");
        test(db.conn.clone(), backend).await;
        db.drop().await;
    }
}
