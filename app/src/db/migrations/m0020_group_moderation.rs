//! Group content goes through the same report → review path as TwinSpace content: a group's post can be hidden
//! (with the reason its author reads), and a report remembers the group it was filed in, so that the group's
//! moderators find it in their queue. No foreign key on `reports.group_id`: a report is evidence and outlives
//! what it was about (as its other columns do since m0011).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GroupPosts {
    Table,
    HiddenAt,
    HiddenReason,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    GroupId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        manager.alter_table(Table::alter().table(GroupPosts::Table).add_column(timestamp_with_time_zone_null(GroupPosts::HiddenAt)).to_owned()).await?;
        manager.alter_table(Table::alter().table(GroupPosts::Table).add_column(text_null(GroupPosts::HiddenReason)).to_owned()).await?;
        manager.alter_table(Table::alter().table(Reports::Table).add_column(integer_null(Reports::GroupId)).to_owned()).await?;
        manager.create_index(Index::create().name("idx_reports_group").table(Reports::Table).col(Reports::GroupId).to_owned()).await?;
        Ok(())
    }
}
