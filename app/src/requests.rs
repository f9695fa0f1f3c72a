//! Creates done once: every form that makes something (a post, a comment, a chat message, a thread, a page, pupils'
//! logins, a report) carries a request key, fresh for each form shown. A browser that sends the form again (a
//! retry after a dropped connection, a reload, a double click) sends the same key, and the server answers what
//! the first request made instead of making it twice.
//!
//! Only the person who sent a key can replay it: keys are kept per account, for a day.
use crate::error::AppError;

/// The form field that carries the key.
pub const FIELD: &str = "request";

/// Longest key accepted (the forms' keys are 32 hexadecimal digits).
pub const MAX_KEY: usize = 64;

/// A new key for a form shown: 128 random bits, in hexadecimal, from the thread's generator (a CSPRNG seeded and
/// reseeded from the system: a Twinboard page shows twenty-one forms, and two system calls each showed in its
/// profile). Pages are drawn on the server; the browser's build (islands only) never draws a form that needs one,
/// and gets none.
pub fn fresh_key() -> String {
    #[cfg(feature = "ssr")]
    {
        let bits: u128 = rand::random();
        format!("{bits:032x}")
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

/// The key of the `n`th send of a form that stays on the page and sends again (the chat's): the page's key, which
/// the server made fresh, and the number of the send.
pub fn nth_key(page_key: &str, n: u32) -> String {
    format!("{page_key}-{n}")
}

/// The key as sent: empty means none (callers of the API that do not retry); anything else must look like a key.
pub fn parse_key(raw: &str) -> Result<Option<&str>, AppError> {
    let key = raw.trim();
    if key.is_empty() {
        return Ok(None);
    }
    if key.len() > MAX_KEY || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(AppError::Transport(format!("the request key must be at most {MAX_KEY} letters, digits, '-' or '_'")));
    }
    Ok(Some(key))
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::parse_key;
    use crate::error::AppError;
    use sea_orm::{
        ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    };
    use serde::{Serialize, de::DeserializeOwned};

    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "request_keys")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub account_id: i32,
            #[sea_orm(primary_key, auto_increment = false)]
            pub key: String,
            /// What the first request answered, as JSON.
            pub outcome: String,
            pub created_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// What a keyed create did.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Done<T> {
        /// Made now.
        Now(T),
        /// Made by an earlier request with the same key: this is what it answered.
        Before(T),
    }

    impl<T> Done<T> {
        pub fn value(self) -> T {
            match self {
                Done::Now(value) | Done::Before(value) => value,
            }
        }
    }

    /// Runs `create` once per `(account, key)`. The create and the key's record are one transaction: either both
    /// are kept or neither, so a crash in between leaves the request free to be sent again. A second request
    /// with the key while the first is still running waits for it (the key's row is locked) and then answers
    /// what it made. Without a key, `create` just runs.
    pub async fn once<T, F>(db: &DatabaseConnection, account: i32, key: &str, create: F) -> Result<Done<T>, AppError>
    where
        T: Serialize + DeserializeOwned,
        F: AsyncFnOnce(&DatabaseTransaction) -> Result<T, AppError>,
    {
        let Some(key) = parse_key(key)? else {
            let txn = crate::db::begin(db).await?;
            let value = create(&txn).await?;
            txn.commit().await?;
            return Ok(Done::Now(value));
        };
        if let Some(before) = recorded(db, account, key).await? {
            return Ok(Done::Before(before));
        }
        let txn = crate::db::begin(db).await?;
        // The key first: a parallel request with it waits here until this transaction ends.
        if !claim(&txn, account, key, String::new()).await? {
            drop(txn);
            return recorded(db, account, key).await?.map(Done::Before).ok_or(AppError::Busy);
        }
        let value = create(&txn).await?;
        let outcome = serde_json::to_string(&value).map_err(|err| {
            tracing::error!("cannot record a request's outcome: {err}");
            AppError::Internal
        })?;
        entity::Entity::update_many()
            .col_expr(entity::Column::Outcome, sea_orm::sea_query::Expr::value(outcome))
            .filter(entity::Column::AccountId.eq(account))
            .filter(entity::Column::Key.eq(key))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(Done::Now(value))
    }

    /// What the first request with this key answered, if one was recorded (for creates outside `once`: an upload
    /// is stored as it arrives, before it could be made part of a transaction).
    pub async fn answered<T: DeserializeOwned>(db: &DatabaseConnection, account: i32, key: &str) -> Result<Option<T>, AppError> {
        match parse_key(key)? {
            Some(key) => recorded(db, account, key).await,
            None => Ok(None),
        }
    }

    /// Records, inside the transaction that makes the thing, what a request with this key made (for creates that
    /// cannot run inside `once`: an upload is stored as it arrives, and only its row joins a transaction). When
    /// the key was recorded already — a retry that finished first — answers what that one made: the caller drops
    /// its transaction and undoes what it did outside.
    pub async fn record<T: Serialize + DeserializeOwned>(txn: &impl sea_orm::ConnectionTrait, account: i32, key: &str, value: T) -> Result<Done<T>, AppError> {
        let Some(key) = parse_key(key)? else { return Ok(Done::Now(value)) };
        let outcome = serde_json::to_string(&value).map_err(|_| AppError::Internal)?;
        if claim(txn, account, key, outcome).await? {
            return Ok(Done::Now(value));
        }
        recorded(txn, account, key).await?.map(Done::Before).ok_or(AppError::Busy)
    }

    /// Records the key with an outcome; false when the key was recorded already. A key being recorded by a
    /// transaction still open is waited for (the unique index's lock), and the statement never aborts the
    /// caller's transaction (ON CONFLICT DO NOTHING rather than a unique violation).
    async fn claim(db: &impl sea_orm::ConnectionTrait, account: i32, key: &str, outcome: String) -> Result<bool, AppError> {
        use sea_orm::sea_query::OnConflict;
        let row = entity::ActiveModel { account_id: Set(account), key: Set(key.to_owned()), outcome: Set(outcome), created_at: Set(chrono::Utc::now()) };
        let keep_first = OnConflict::columns([entity::Column::AccountId, entity::Column::Key]).do_nothing().to_owned();
        match entity::Entity::insert(row).on_conflict(keep_first).exec(db).await {
            Ok(_) => Ok(true),
            Err(sea_orm::DbErr::RecordNotInserted) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    async fn recorded<T: DeserializeOwned>(db: &impl sea_orm::ConnectionTrait, account: i32, key: &str) -> Result<Option<T>, AppError> {
        let Some(row) = entity::Entity::find_by_id((account, key.to_owned())).one(db).await? else { return Ok(None) };
        serde_json::from_str(&row.outcome).map(Some).map_err(|err| {
            tracing::error!("a recorded request outcome cannot be read: {err}");
            AppError::Internal
        })
    }

    /// Forgets keys older than a day (a retry comes within seconds; a day covers a laptop closed mid-send).
    pub async fn sweep(db: &DatabaseConnection) -> Result<u64, AppError> {
        let before = chrono::Utc::now() - chrono::TimeDelta::days(1);
        Ok(entity::Entity::delete_many().filter(entity::Column::CreatedAt.lt(before)).exec(db).await?.rows_affected)
    }
}
