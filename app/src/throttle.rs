//! Throttling of sensitive actions (sign-in, password reset): fixed-window counters kept in the database, so
//! the limit holds across several server processes.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

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
    /// Sign-ups send mail: one client may not use us to flood inboxes.
    pub const SIGN_UP_PER_IP: Limit = Limit { max: 10, window: chrono::TimeDelta::hours(1) };
    /// Contact requests send mail too.
    pub const CONTACT_REQUESTS_PER_ACCOUNT: Limit = Limit { max: 50, window: chrono::TimeDelta::days(1) };

    /// Counts one hit on `key`; refuses with `Throttled` once the window's limit is used up.
    pub async fn hit(db: &impl ConnectionTrait, key: &str, limit: Limit) -> Result<(), AppError> {
        let now = chrono::Utc::now();
        let key = key.chars().take(300).collect::<String>();
        match entity::Entity::find_by_id(key.clone()).one(db).await? {
            Some(counter) if now - counter.window_start < limit.window => {
                if counter.hits >= limit.max {
                    return Err(AppError::Throttled);
                }
                let hits = counter.hits + 1;
                let mut counter: entity::ActiveModel = counter.into();
                counter.hits = Set(hits);
                counter.update(db).await?;
            }
            Some(counter) => {
                let mut counter: entity::ActiveModel = counter.into();
                counter.window_start = Set(now);
                counter.hits = Set(1);
                counter.update(db).await?;
            }
            None => {
                entity::ActiveModel { key: Set(key), window_start: Set(now), hits: Set(1) }.insert(db).await?;
            }
        }
        Ok(())
    }

    /// Forgets the hits on `key`, e.g. after a successful sign-in.
    pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), AppError> {
        entity::Entity::delete_by_id(key.to_owned()).exec(db).await?;
        Ok(())
    }
}
