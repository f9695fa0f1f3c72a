//! A post in a learning event's forum goes through the same report → review path as TwinSpace and group content:
//! it can be hidden, with the reason its author reads.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LearningPosts {
    Table,
    HiddenAt,
    HiddenReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        manager.alter_table(Table::alter().table(LearningPosts::Table).add_column(timestamp_with_time_zone_null(LearningPosts::HiddenAt)).to_owned()).await?;
        manager.alter_table(Table::alter().table(LearningPosts::Table).add_column(text_null(LearningPosts::HiddenReason)).to_owned()).await?;
        Ok(())
    }
}
