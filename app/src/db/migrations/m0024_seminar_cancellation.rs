//! Organisers cancel a seminar before it begins: it remembers when, shows it, and takes no more registrations. A
//! seminar also remembers when its registered people were reminded of it, so a reminder goes out once.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Seminars {
    Table,
    CancelledAt,
    RemindedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Seminars::Table).add_column(timestamp_with_time_zone_null(Seminars::CancelledAt)).to_owned()).await?;
        // SQLite alters one column a statement.
        manager.alter_table(Table::alter().table(Seminars::Table).add_column(timestamp_with_time_zone_null(Seminars::RemindedAt)).to_owned()).await?;
        Ok(())
    }
}
