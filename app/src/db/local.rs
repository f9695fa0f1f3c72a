//! SQLite's reads on the request's own thread.
//!
//! sqlx runs each SQLite connection on a thread of its own: every statement is handed to that thread and every row
//! handed back, and on a busy server those hand-overs (channel, futex, task switch) cost more than SQLite's work
//! (`docs/performance.md`, 2026-12-07: a fifth of a Twinboard page). SQLite is a library: a read of a few rows takes
//! microseconds where it is asked. So the reads every page makes (the session with its account, the header's
//! counters, the TwinSpace's guard and board) go through [`all`], which on SQLite runs the statement SeaORM built on
//! a connection of the calling thread (`rusqlite`, its prepared statements kept) and reads each row into its type
//! by the type's [`Row`] impl (the `local_row!` macro names the fields; the compiler checks that none is missing).
//! On PostgreSQL, or when the server's setting turns it off, or for an SQLite database that cannot be opened so
//! (one in memory), the same statement goes through the pool and SeaORM's `FromQueryResult`, as any other.
//!
//! Only committed data is read, as through the pool: never use it for a read inside a transaction (it would not
//! see the transaction's own writes), which is why it takes the `DatabaseConnection`, not a transaction.
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, FromQueryResult, QueryResult, Statement, Value};
use std::{
    cell::RefCell,
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

/// A row type read both ways: through the pool by SeaORM (`FromQueryResult`) and here from SQLite's row (the
/// `local_row!` macro writes this impl from the list of fields).
pub trait Row: FromQueryResult {
    /// The row's fields from the columns named `prefix` + field (`""` for one model; `"A_"`, `"B_"` for the two
    /// sides of SeaORM's `select_also`).
    fn from_local(row: &Here<'_, '_>, prefix: &str) -> Result<Self, String>;

    /// As read through the pool.
    fn from_pooled(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Self::from_query_result(row, prefix)
    }
}

/// `impl Row for Type`, reading each named field from the column of the same name: every field of the type must
/// be named (the struct literal the macro writes is checked by the compiler).
#[macro_export]
macro_rules! local_row {
    ($type:ty { $($field:ident),* $(,)? }) => {
        impl $crate::db::local::Row for $type {
            fn from_local(row: &$crate::db::local::Here<'_, '_>, prefix: &str) -> Result<Self, String> {
                Ok(Self { $($field: row.get(prefix, stringify!($field))?,)* })
            }
        }
    };
}

/// A model and, when its left-joined partner row exists, that row: SeaORM's `select_also`, read both ways.
pub struct Also<A, B>(pub A, pub Option<B>);

impl<A: FromQueryResult, B: FromQueryResult> FromQueryResult for Also<A, B> {
    fn from_query_result(row: &QueryResult, _: &str) -> Result<Self, DbErr> {
        Ok(Also(A::from_query_result(row, "A_")?, B::from_query_result_optional(row, "B_")?))
    }
}

impl<A: Row, B: Row> Row for Also<A, B> {
    fn from_local(row: &Here<'_, '_>, _: &str) -> Result<Self, String> {
        // The joined row is absent when its first column is NULL (a left join that found nothing: every joined
        // table here has its key first). A joined row that is there but cannot be read is an error, where SeaORM's
        // `from_query_result_optional` would say "absent": a session whose account cannot be read must not pass
        // for a session of nobody unnoticed.
        let key = row.names.iter().position(|name| name.starts_with("B_")).ok_or("no column of the joined row")?;
        let absent = matches!(row.row.get_ref(key).map_err(|err| err.to_string())?, rusqlite::types::ValueRef::Null);
        Ok(Also(A::from_local(row, "A_")?, if absent { None } else { Some(B::from_local(row, "B_")?) }))
    }
}

/// One row of SQLite's answer, with the names of its columns.
pub struct Here<'a, 'statement> {
    row: &'a rusqlite::Row<'statement>,
    names: &'a [String],
}

impl Here<'_, '_> {
    /// The column named `prefix` + `name`, as `T`.
    pub fn get<T: Stored>(&self, prefix: &str, name: &str) -> Result<T, String> {
        let at = self
            .names
            .iter()
            .position(|column| column.len() == prefix.len() + name.len() && column.starts_with(prefix) && column.ends_with(name))
            .ok_or_else(|| format!("no column {prefix}{name}"))?;
        let value = self.row.get_ref(at).map_err(|err| err.to_string())?;
        T::read(value).ok_or_else(|| format!("column {prefix}{name} holds {:?}, not {}", value.data_type(), std::any::type_name::<T>()))
    }
}

/// A Rust type as SQLite stores it (the way sqlx reads it: booleans as 0/1, times as text).
pub trait Stored: Sized {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self>;
}

impl Stored for i64 {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        value.as_i64().ok()
    }
}

impl Stored for i32 {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        i32::try_from(value.as_i64().ok()?).ok()
    }
}

impl Stored for bool {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        Some(value.as_i64().ok()? != 0)
    }
}

impl Stored for f64 {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match value {
            rusqlite::types::ValueRef::Real(x) => Some(x),
            rusqlite::types::ValueRef::Integer(n) => Some(n as f64),
            _ => None,
        }
    }
}

impl Stored for String {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        value.as_str().ok().map(str::to_owned)
    }
}

impl Stored for chrono::DateTime<chrono::Utc> {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match value {
            rusqlite::types::ValueRef::Text(text) => timestamp(std::str::from_utf8(text).ok()?),
            rusqlite::types::ValueRef::Integer(seconds) => chrono::DateTime::from_timestamp(seconds, 0),
            _ => None,
        }
    }
}

impl<T: Stored> Stored for Option<T> {
    fn read(value: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match value {
            rusqlite::types::ValueRef::Null => Some(None),
            value => T::read(value).map(Some),
        }
    }
}

/// The rows of a read: on SQLite from this thread's connection when it can, otherwise through the pool.
pub async fn all<R: Row>(db: &DatabaseConnection, statement: Statement) -> Result<Vec<R>, DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite
        && ON.load(Ordering::Relaxed)
        && statement.values.as_ref().is_none_or(|values| values.0.iter().all(bindable))
    {
        let options = db.get_sqlite_connection_pool().connect_options();
        if let Some(rows) = on_this_thread(options.get_filename(), &statement) {
            return rows;
        }
    }
    db.query_all_raw(statement).await?.iter().map(|row| R::from_pooled(row, "")).collect()
}

/// The first row of a read (the statement should say `LIMIT 1` when more could match).
pub async fn one<R: Row>(db: &DatabaseConnection, statement: Statement) -> Result<Option<R>, DbErr> {
    Ok(all(db, statement).await?.into_iter().next())
}

/// Whether SQLite's reads run on the request's thread (the default) or all go through the pool: the server's
/// setting `sqlite_reads_on_request_thread`, for an operator who needs the old way and for benchmarks that compare
/// the two in one build.
pub fn read_on_request_thread(on: bool) {
    ON.store(on, Ordering::Relaxed);
}

static ON: AtomicBool = AtomicBool::new(true);

/// How many reads of this database ran on a request's thread so far, on any thread (tests count a page's
/// statements with it, beside SeaORM's metric callback, which does not see them).
pub fn reads_of(db: &DatabaseConnection) -> u64 {
    if db.get_database_backend() != DbBackend::Sqlite {
        return 0;
    }
    reads_counter(db.get_sqlite_connection_pool().connect_options().get_filename()).load(Ordering::Relaxed)
}

/// The count of reads of one database file, shared by every thread's connection to it.
fn reads_counter(path: &Path) -> Arc<AtomicU64> {
    static COUNTERS: Mutex<Vec<(PathBuf, Arc<AtomicU64>)>> = Mutex::new(Vec::new());
    let mut counters = COUNTERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, counter)) = counters.iter().find(|(kept, _)| kept == path) {
        return counter.clone();
    }
    let counter = Arc::new(AtomicU64::new(0));
    counters.push((path.to_owned(), counter.clone()));
    counter
}

/// Connections kept per thread: one per database file, the most recent few (tests open many files).
const KEPT_PER_THREAD: usize = 4;
/// Prepared statements kept per connection: the shapes of the pages' reads (a list of ids makes one per length).
const STATEMENTS_KEPT: usize = 128;

/// One thread's way to a database file.
enum Opened {
    /// Read here, counting into the file's counter.
    Here(rusqlite::Connection, Arc<AtomicU64>),
    /// Never read here: the file is not a WAL database on disk (one in memory has no file; without WAL a reader
    /// would hold the writer off).
    Never,
}

thread_local! {
    /// This thread's connections, newest last.
    static CONNECTIONS: RefCell<Vec<(PathBuf, Opened)>> = const { RefCell::new(Vec::new()) };
}

/// How long a read here waits for a lock before the pool is asked instead. In WAL mode a reader waits only in rare
/// moments (recovery after a crash, the log being restarted), but while it waits it holds one of the runtime's
/// threads, where the pool's own waiting would hold only its worker.
const LOCK_WAIT: Duration = Duration::from_millis(20);

/// `Err(())`: not now (a passing failure, such as no file handle left; tried again at the next read).
fn open(path: &Path) -> Result<Opened, ()> {
    use rusqlite::{ErrorCode, OpenFlags};
    // Never creates a file: a database in memory (whose name is no file on disk) stays with the pool. Read-write so
    // that a WAL database can be read however its shared-memory file was made; `query_only` keeps it to reads.
    let connection = match rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX) {
        Ok(connection) => connection,
        Err(err) if err.sqlite_error_code() == Some(ErrorCode::CannotOpen) && !path.is_file() => return Ok(Opened::Never),
        Err(err) => {
            tracing::warn!("SQLite reads go through the pool for now: cannot open {}: {err}", path.display());
            return Err(());
        }
    };
    let set_up = || -> rusqlite::Result<String> {
        connection.busy_timeout(LOCK_WAIT)?;
        connection.pragma_update(None, "query_only", true)?;
        connection.query_row("PRAGMA journal_mode", [], |row| row.get(0))
    };
    match set_up() {
        Ok(journal) if journal.eq_ignore_ascii_case("wal") => {
            connection.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
            Ok(Opened::Here(connection, reads_counter(path)))
        }
        Ok(_) => Ok(Opened::Never),
        Err(_) => Err(()),
    }
}

/// `None`: not read here (see `Opened`, or SQLite was busy); otherwise the statement's answer.
fn on_this_thread<R: Row>(path: &Path, statement: &Statement) -> Option<Result<Vec<R>, DbErr>> {
    CONNECTIONS.with(|connections| {
        let mut connections = connections.borrow_mut();
        let at = match connections.iter().position(|(kept, _)| kept == path) {
            Some(at) => at,
            None => {
                let opened = open(path).ok()?;
                if connections.len() >= KEPT_PER_THREAD {
                    connections.remove(0);
                }
                connections.push((path.to_owned(), opened));
                connections.len() - 1
            }
        };
        let Opened::Here(connection, reads) = &connections[at].1 else {
            return None;
        };
        match run(connection, statement) {
            Err(Failed::Busy) => None,
            Err(Failed::Other(err)) => Some(Err(DbErr::Custom(format!("SQLite read: {err}")))),
            Ok(rows) => {
                reads.fetch_add(1, Ordering::Relaxed);
                Some(Ok(rows))
            }
        }
    })
}

enum Failed {
    /// SQLite waited `LOCK_WAIT` for a lock: the pool is asked instead.
    Busy,
    Other(String),
}

impl From<rusqlite::Error> for Failed {
    fn from(err: rusqlite::Error) -> Self {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Failed::Busy,
            _ => Failed::Other(err.to_string()),
        }
    }
}

fn run<R: Row>(connection: &rusqlite::Connection, statement: &Statement) -> Result<Vec<R>, Failed> {
    let mut prepared = connection.prepare_cached(&statement.sql)?;
    // The names once per statement run; each field finds its column among them.
    let names: Vec<String> = prepared.column_names().into_iter().map(str::to_owned).collect();
    let values = statement.values.as_ref().map(|values| values.0.as_slice()).unwrap_or_default();
    let mut found = prepared.query(rusqlite::params_from_iter(values.iter().map(Bind)))?;
    let mut rows = Vec::new();
    while let Some(row) = found.next()? {
        rows.push(R::from_local(&Here { row, names: &names }, "").map_err(Failed::Other)?);
    }
    Ok(rows)
}

/// Whether a statement's value is bound here as sqlx binds it on SQLite (anything else goes through the pool).
fn bindable(value: &Value) -> bool {
    // LIMIT and OFFSET come as unsigned 64-bit values.
    if let Value::BigUnsigned(Some(n)) = value {
        return i64::try_from(*n).is_ok();
    }
    matches!(
        value,
        Value::Bool(_)
            | Value::TinyInt(_)
            | Value::SmallInt(_)
            | Value::Int(_)
            | Value::BigInt(_)
            | Value::TinyUnsigned(_)
            | Value::SmallUnsigned(_)
            | Value::Unsigned(_)
            | Value::BigUnsigned(None)
            | Value::Double(_)
            | Value::Float(_)
            | Value::String(_)
            | Value::ChronoDateTimeUtc(_)
    )
}

/// A statement's value as sqlx binds it (booleans as 0/1, times as RFC 3339 text, as they are stored).
struct Bind<'a>(&'a Value);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as Sql, ValueRef};
        let integer = |value: Option<i64>| ToSqlOutput::Owned(value.map_or(Sql::Null, Sql::Integer));
        Ok(match self.0 {
            Value::Bool(value) => integer(value.map(i64::from)),
            Value::TinyInt(value) => integer(value.map(i64::from)),
            Value::SmallInt(value) => integer(value.map(i64::from)),
            Value::Int(value) => integer(value.map(i64::from)),
            Value::BigInt(value) => integer(*value),
            Value::TinyUnsigned(value) => integer(value.map(i64::from)),
            Value::SmallUnsigned(value) => integer(value.map(i64::from)),
            Value::Unsigned(value) => integer(value.map(i64::from)),
            Value::BigUnsigned(value) => match value.map(i64::try_from).transpose() {
                Ok(value) => integer(value),
                Err(err) => return Err(rusqlite::Error::ToSqlConversionFailure(err.into())),
            },
            Value::Float(value) => ToSqlOutput::Owned(value.map_or(Sql::Null, |value| Sql::Real(f64::from(value)))),
            Value::Double(value) => ToSqlOutput::Owned(value.map_or(Sql::Null, Sql::Real)),
            Value::String(Some(text)) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Value::String(None) => ToSqlOutput::Owned(Sql::Null),
            Value::ChronoDateTimeUtc(value) => {
                ToSqlOutput::Owned(value.map_or(Sql::Null, |at| Sql::Text(at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false))))
            }
            other => return Err(rusqlite::Error::ToSqlConversionFailure(format!("{other:?} is not bound here").into())),
        })
    }
}

/// A time as sqlx reads it from SQLite's text: RFC 3339 (as it stores them), else SQLite's own formats, in UTC.
fn timestamp(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::{DateTime, NaiveDateTime, Utc};
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    const FORMATS: [&str; 12] = [
        "%F %T%.f",
        "%F %R",
        "%F %RZ",
        "%F %R%:z",
        "%F %T%.fZ",
        "%F %T%.f%:z",
        "%FT%R",
        "%FT%RZ",
        "%FT%R%:z",
        "%FT%T%.f",
        "%FT%T%.fZ",
        "%FT%T%.f%:z",
    ];
    FORMATS.iter().find_map(|format| {
        DateTime::parse_from_str(text, format)
            .map(|at| at.with_timezone(&Utc))
            .or_else(|_| NaiveDateTime::parse_from_str(text, format).map(|at| at.and_utc()))
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ValueRef;

    #[test]
    fn times_are_read_in_every_form_sqlx_reads() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T21:03:07.25+00:00").unwrap().with_timezone(&chrono::Utc);
        for text in ["2026-12-07T21:03:07.25+00:00", "2026-12-07 21:03:07.25", "2026-12-07T21:03:07.250Z", "2026-12-07 22:03:07.25+01:00"] {
            assert_eq!(timestamp(text), Some(at), "{text}");
        }
        assert_eq!(timestamp("yesterday"), None);
        // As bound: what sqlx writes, so that comparisons of stored times with bound ones agree.
        assert_eq!(at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false), "2026-12-07T21:03:07.250+00:00");
    }

    #[test]
    fn a_value_of_another_type_is_refused_not_guessed() {
        assert_eq!(bool::read(ValueRef::Integer(1)), Some(true));
        assert_eq!(i32::read(ValueRef::Integer(i64::MAX)), None);
        assert_eq!(i32::read(ValueRef::Text(b"12")), None);
        assert_eq!(String::read(ValueRef::Integer(12)), None);
        assert_eq!(Option::<String>::read(ValueRef::Null), Some(None));
        assert_eq!(String::read(ValueRef::Null), None);
    }

    #[test]
    fn limits_and_offsets_are_bound_here_while_they_fit() {
        assert!(bindable(&Value::BigUnsigned(Some(21))) && bindable(&Value::BigUnsigned(None)));
        assert!(!bindable(&Value::BigUnsigned(Some(u64::MAX))), "beyond SQLite's integers: left to the pool");
        assert!(!bindable(&Value::Bytes(Some(vec![1]))));
    }
}
