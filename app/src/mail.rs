//! Outgoing mail. Every message is written to the `mail_outbox` table in the same transaction as the change
//! that caused it; the server delivers unsent messages through SMTP when one is configured, and otherwise the
//! operator reads them with `server outbox` (and the tests read them here).
#[cfg(feature = "ssr")]
pub mod ssr {
    use sea_orm::{
        ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
        sea_query::Expr,
    };

    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "mail_outbox")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub recipient: String,
            pub subject: String,
            #[sea_orm(column_type = "Text")]
            pub body: String,
            pub created_at: DateTimeUtc,
            pub sent_at: Option<DateTimeUtc>,
            /// A list mail's one-click unsubscribe address (RFC 8058), sent as its `List-Unsubscribe` header.
            pub list_unsubscribe: Option<String>,
            /// Until when a server process is sending it (`claim`); unsent and past this, another may.
            pub claimed_until: Option<DateTimeUtc>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub use entity::Model as Mail;

    pub async fn enqueue(db: &impl ConnectionTrait, recipient: &str, subject: &str, body: &str) -> Result<(), DbErr> {
        enqueue_with(db, recipient, subject, body, None).await
    }

    /// A mail to a list's subscriber, which mail programs offer to unsubscribe from with one click.
    pub async fn enqueue_list(db: &impl ConnectionTrait, recipient: &str, subject: &str, body: &str, unsubscribe: &str) -> Result<(), DbErr> {
        enqueue_with(db, recipient, subject, body, Some(unsubscribe.to_owned())).await
    }

    async fn enqueue_with(db: &impl ConnectionTrait, recipient: &str, subject: &str, body: &str, list_unsubscribe: Option<String>) -> Result<(), DbErr> {
        entity::ActiveModel {
            recipient: Set(recipient.to_owned()),
            subject: Set(subject.to_owned()),
            body: Set(body.to_owned()),
            created_at: Set(chrono::Utc::now()),
            sent_at: Set(None),
            list_unsubscribe: Set(list_unsubscribe),
            claimed_until: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }

    /// The newest messages first, optionally only those to one address.
    pub async fn outbox(db: &impl ConnectionTrait, recipient: Option<&str>, limit: u64) -> Result<Vec<Mail>, DbErr> {
        let mut query = entity::Entity::find().order_by_desc(entity::Column::Id).limit(limit);
        if let Some(recipient) = recipient {
            query = query.filter(entity::Column::Recipient.eq(recipient.to_lowercase()));
        }
        query.all(db).await
    }

    /// Unsent mail nobody is sending at `now`, oldest first.
    pub async fn unsent(db: &impl ConnectionTrait, now: chrono::DateTime<chrono::Utc>, limit: u64) -> Result<Vec<Mail>, DbErr> {
        entity::Entity::find()
            .filter(entity::Column::SentAt.is_null())
            .filter(Condition::any().add(entity::Column::ClaimedUntil.is_null()).add(entity::Column::ClaimedUntil.lt(now)))
            .order_by_asc(entity::Column::Id)
            .limit(limit)
            .all(db)
            .await
    }

    /// Takes an unsent mail for sending until `until`, if no other process has it: true when this one does.
    /// Several processes find the same unsent mail; only the one whose claim lands sends it. One that stops
    /// before marking it sent lets it go at `until`, for another to send.
    pub async fn claim(db: &impl ConnectionTrait, id: i32, now: chrono::DateTime<chrono::Utc>, until: chrono::DateTime<chrono::Utc>) -> Result<bool, DbErr> {
        let claimed = entity::Entity::update_many()
            .col_expr(entity::Column::ClaimedUntil, Expr::value(until))
            .filter(entity::Column::Id.eq(id))
            .filter(entity::Column::SentAt.is_null())
            .filter(Condition::any().add(entity::Column::ClaimedUntil.is_null()).add(entity::Column::ClaimedUntil.lt(now)))
            .exec(db)
            .await?;
        Ok(claimed.rows_affected == 1)
    }

    pub async fn mark_sent(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
        entity::ActiveModel { id: Set(id), sent_at: Set(Some(chrono::Utc::now())), ..Default::default() }
            .update(db)
            .await?;
        Ok(())
    }
}
