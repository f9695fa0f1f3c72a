//! Accounts: e-mail verification, national validation, sessions, single-use tokens, the mail outbox and
//! throttling counters.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    EmailVerifiedAt,
    Institution,
    DecisionReason,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    NameKey,
    CityKey,
    CountryCode,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    AccountId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum AccountTokens {
    Table,
    TokenHash,
    AccountId,
    Purpose,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Recipient,
    Subject,
    Body,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum ThrottleCounters {
    Table,
    Key,
    WindowStart,
    Hits,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            timestamp_with_time_zone_null(Accounts::EmailVerifiedAt),
            string_len_null(Accounts::Institution, 200),
            text_null(Accounts::DecisionReason),
            integer_null(Accounts::DecidedBy),
            timestamp_with_time_zone_null(Accounts::DecidedAt),
        ] {
            manager.alter_table(Table::alter().table(Accounts::Table).add_column(column).to_owned()).await?;
        }

        // Lower-cased in Rust (SQLite's lower() only knows ASCII), for finding and de-duplicating schools.
        for column in [string_len(Schools::NameKey, 200).default(""), string_len(Schools::CityKey, 100).default("")] {
            manager.alter_table(Table::alter().table(Schools::Table).add_column(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_schools_country_name_key")
                    .table(Schools::Table)
                    .col(Schools::CountryCode)
                    .col(Schools::NameKey)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::Id, 64).primary_key())
                    // Copied out of the session data so that every session of a person can be ended at once.
                    .col(integer_null(Sessions::AccountId))
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_sessions_account").table(Sessions::Table).col(Sessions::AccountId).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_sessions_expiry").table(Sessions::Table).col(Sessions::ExpiresAt).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccountTokens::Table)
                    // Only a hash is stored: a leaked table cannot be used to verify or reset anything.
                    .col(string_len(AccountTokens::TokenHash, 64).primary_key())
                    .col(integer(AccountTokens::AccountId))
                    .col(string_len(AccountTokens::Purpose, 32))
                    .col(timestamp_with_time_zone(AccountTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccountTokens::UsedAt))
                    .col(timestamp_with_time_zone(AccountTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AccountTokens::Table, AccountTokens::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(pk_auto(MailOutbox::Id))
                    .col(string_len(MailOutbox::Recipient, 254))
                    .col(string_len(MailOutbox::Subject, 200))
                    .col(text(MailOutbox::Body))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_outbox_recipient").table(MailOutbox::Table).col(MailOutbox::Recipient).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ThrottleCounters::Table)
                    .col(string_len(ThrottleCounters::Key, 300).primary_key())
                    .col(timestamp_with_time_zone(ThrottleCounters::WindowStart))
                    .col(integer(ThrottleCounters::Hits))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
