//! Sessions kept in the database (tower-sessions' store interface over SeaORM), so they work the same on
//! SQLite and PostgreSQL and are shared by every server process.
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set, sea_query::OnConflict};
use tower_sessions::{
    SessionStore,
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub account_id: Option<i32>,
        #[sea_orm(column_type = "Text")]
        pub data: String,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    crate::local_row!(Model { id, account_id, data, expires_at });
}

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { db }
    }
}

fn backend(err: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

fn to_chrono(at: time::OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_default()
}

/// The session's account as it was read with the session (one statement, see `load`), for
/// `ssr::viewer_of_request`: `(account id, Some(viewer))`, or `None` for a suspended account. Only ever put into a
/// loaded record: never stored (`row` leaves it out), and whatever a stored session holds under it is dropped.
pub(crate) const LOADED_ACCOUNT: &str = "__loaded_account";

fn row(record: &Record) -> session_store::Result<entity::ActiveModel> {
    let mut stored = record.data.clone();
    stored.remove(LOADED_ACCOUNT);
    let data = serde_json::to_string(&stored).map_err(|err| session_store::Error::Encode(err.to_string()))?;
    let account_id = record.data.get(super::ssr::SESSION_ACCOUNT).and_then(|value| value.as_i64()).map(|id| id as i32);
    Ok(entity::ActiveModel {
        id: Set(record.id.to_string()),
        account_id: Set(account_id),
        data: Set(data),
        expires_at: Set(to_chrono(record.expiry_date)),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh random id colliding is astronomically unlikely; still, never overwrite someone's session.
        while entity::Entity::find_by_id(record.id.to_string()).one(&self.db).await.map_err(backend)?.is_some() {
            record.id = Id::default();
        }
        entity::Entity::insert(row(record)?).exec(&self.db).await.map_err(backend)?;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        entity::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(entity::Column::Id)
                    .update_columns([entity::Column::AccountId, entity::Column::Data, entity::Column::ExpiresAt])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// The session and its account in one statement: every signed-in page asks who is signed in.
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        use super::ssr::entity as accounts;
        use sea_orm::QueryTrait;
        // Every signed-in page's first statement: on SQLite read on this thread (`db::local`).
        let statement = entity::Entity::find_by_id(id.to_string())
            .filter(entity::Column::ExpiresAt.gt(chrono::Utc::now()))
            .select_also(accounts::Entity)
            .join(sea_orm::JoinType::LeftJoin, entity::Entity::belongs_to(accounts::Entity).from(entity::Column::AccountId).to(accounts::Column::Id).into())
            .limit(1)
            .build(self.db.get_database_backend());
        let found = crate::db::local::one::<crate::db::local::Also<entity::Model, accounts::Model>>(&self.db, statement).await.map_err(backend)?;
        let Some(crate::db::local::Also(found, account)) = found else {
            return Ok(None);
        };
        let mut data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&found.data).map_err(|err| session_store::Error::Decode(err.to_string()))?;
        data.remove(LOADED_ACCOUNT);
        if let Some(account) = account {
            let loaded = (account.id, super::ssr::allowed_in(account));
            data.insert(LOADED_ACCOUNT.to_owned(), serde_json::to_value(loaded).map_err(|err| session_store::Error::Encode(err.to_string()))?);
        }
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(found.expires_at.timestamp()).map_err(backend)?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        entity::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        entity::Entity::delete_many()
            .filter(entity::Column::ExpiresAt.lte(chrono::Utc::now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of an account (after a password reset, a suspension).
pub async fn end_all_sessions(db: &impl ConnectionTrait, account_id: i32) -> Result<(), sea_orm::DbErr> {
    entity::Entity::delete_many().filter(entity::Column::AccountId.eq(account_id)).exec(db).await?;
    Ok(())
}
