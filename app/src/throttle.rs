//! Throttling of sensitive actions (sign-in, password reset): fixed-window counters kept in the database, so
//! the limit holds across several server processes.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement};

    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "throttle_counters")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub key: String,
            pub window_start: DateTimeUtc,
            pub hits: i32,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// A limit: at most `max` hits per `window`.
    #[derive(Debug, Clone, Copy)]
    pub struct Limit {
        pub max: i32,
        pub window: chrono::TimeDelta,
    }

    pub const SIGN_IN_PER_ACCOUNT: Limit = Limit { max: 5, window: chrono::TimeDelta::minutes(15) };
    /// A whole school signs in from one address (a class of pupils behind the school's router, at the start
    /// of a lesson): the per-address limit only stops floods; guessing one account's password is stopped by the
    /// per-account limit.
    pub const SIGN_IN_PER_IP: Limit = Limit { max: 300, window: chrono::TimeDelta::minutes(15) };
    pub const RESET_PER_ACCOUNT: Limit = Limit { max: 3, window: chrono::TimeDelta::hours(1) };
    pub const RESET_PER_IP: Limit = Limit { max: 10, window: chrono::TimeDelta::hours(1) };
    /// Setting a new password from a reset link: guessing links would be hopeless anyway (256 bits); this keeps
    /// anyone from making the server check them by the thousand.
    pub const NEW_PASSWORD_PER_IP: Limit = Limit { max: 30, window: chrono::TimeDelta::hours(1) };
    /// Sign-ups send mail: one client may not use us to flood inboxes.
    pub const SIGN_UP_PER_IP: Limit = Limit { max: 10, window: chrono::TimeDelta::hours(1) };
    /// Contact requests send mail too.
    pub const CONTACT_REQUESTS_PER_ACCOUNT: Limit = Limit { max: 50, window: chrono::TimeDelta::days(1) };

    /// Counts one hit on `key`; refuses with `Throttled` once the window's limit is used up.
    ///
    /// One statement counts and reads the count back (an upsert with `RETURNING`), so parallel attempts, from
    /// one server process or several, can never all read the same count and all pass.
    pub async fn hit(db: &impl ConnectionTrait, key: &str, limit: Limit) -> Result<(), AppError> {
        let now = chrono::Utc::now();
        let key = key.chars().take(300).collect::<String>();
        let window_open_since = now - limit.window;
        let backend = db.get_database_backend();
        // SQLite numbers its parameters ?1…, PostgreSQL $1…; each is used twice below.
        let p = |n: u8| if backend == DbBackend::Sqlite { format!("?{n}") } else { format!("${n}") };
        let (now_p, since_p) = (p(2), p(3));
        let sql = format!(
            "INSERT INTO throttle_counters (\"key\", window_start, hits) VALUES ({key_p}, {now_p}, 1) \
             ON CONFLICT (\"key\") DO UPDATE SET \
             hits = CASE WHEN throttle_counters.window_start > {since_p} THEN throttle_counters.hits + 1 ELSE 1 END, \
             window_start = CASE WHEN throttle_counters.window_start > {since_p} THEN throttle_counters.window_start ELSE {now_p} END \
             RETURNING hits",
            key_p = p(1)
        );
        let statement = Statement::from_sql_and_values(backend, sql, [key.into(), now.into(), window_open_since.into()]);
        let row = db.query_one_raw(statement).await?.ok_or(AppError::Internal)?;
        let hits: i32 = row.try_get_by_index(0).map_err(sea_orm::DbErr::from)?;
        if hits > limit.max {
            return Err(AppError::Throttled);
        }
        Ok(())
    }

    /// Forgets the hits on `key`, e.g. after a successful sign-in.
    pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), AppError> {
        entity::Entity::delete_by_id(key.to_owned()).exec(db).await?;
        Ok(())
    }
}
