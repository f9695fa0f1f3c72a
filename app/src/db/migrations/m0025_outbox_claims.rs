//! A mail of the outbox is claimed by the server process that sends it, for a while: with several processes on
//! one database, each mail goes out through one of them, not through every one that found it unsent.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    ClaimedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(MailOutbox::Table).add_column(timestamp_with_time_zone_null(MailOutbox::ClaimedUntil)).to_owned()).await
    }
}
