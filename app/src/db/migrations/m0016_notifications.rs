//! The notification centre: everything the platform tells a person (`notifications`, read or unread, and while
//! it waits for a daily or weekly summary mail, which one), what each person chose per kind of news
//! (`notification_preferences`), and when each summary last went out (`notification_digests`).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    AccountId,
    Kind,
    Event,
    Params,
    Link,
    CreatedAt,
    ReadAt,
    Digest,
    MailedAt,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    AccountId,
    Kind,
    Delivery,
}

#[derive(DeriveIden)]
enum NotificationDigests {
    Table,
    AccountId,
    Period,
    LastSentAt,
}

fn fk(from: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(Accounts::Table, Accounts::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_auto(Notifications::Id))
                    .col(integer(Notifications::AccountId))
                    .col(string_len(Notifications::Kind, 20))
                    .col(string_len(Notifications::Event, 40))
                    // The names and reasons the text is made of (a JSON object): the text itself is written in the
                    // reader's language each time it is shown.
                    .col(text(Notifications::Params))
                    .col(string_len(Notifications::Link, 300))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    // "daily" or "weekly" while it waits for that summary mail; empty once sent or when none is due.
                    .col(string_len_null(Notifications::Digest, 10))
                    .col(timestamp_with_time_zone_null(Notifications::MailedAt))
                    .foreign_key(&mut fk((Notifications::Table, Notifications::AccountId)))
                    .to_owned(),
            )
            .await?;
        // A person's list, newest first, and their unread count.
        manager
            .create_index(Index::create().name("idx_notifications_account").table(Notifications::Table).col(Notifications::AccountId).col(Notifications::Id).to_owned())
            .await?;
        // What waits for a summary mail.
        manager
            .create_index(Index::create().name("idx_notifications_digest").table(Notifications::Table).col(Notifications::Digest).col(Notifications::AccountId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(integer(NotificationPreferences::AccountId))
                    .col(string_len(NotificationPreferences::Kind, 20))
                    .col(string_len(NotificationPreferences::Delivery, 10))
                    .primary_key(Index::create().col(NotificationPreferences::AccountId).col(NotificationPreferences::Kind))
                    .foreign_key(&mut fk((NotificationPreferences::Table, NotificationPreferences::AccountId)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NotificationDigests::Table)
                    .col(integer(NotificationDigests::AccountId))
                    .col(string_len(NotificationDigests::Period, 10))
                    .col(timestamp_with_time_zone(NotificationDigests::LastSentAt))
                    .primary_key(Index::create().col(NotificationDigests::AccountId).col(NotificationDigests::Period))
                    .foreign_key(&mut fk((NotificationDigests::Table, NotificationDigests::AccountId)))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
