//! Authors correct their posts in a group's forum: a post remembers when it was last edited, and shows it.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum GroupPosts {
    Table,
    EditedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(GroupPosts::Table).add_column(timestamp_with_time_zone_null(GroupPosts::EditedAt)).to_owned()).await?;
        Ok(())
    }
}
