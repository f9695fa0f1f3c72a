//! The partner index's changes, in order: each server process keeps partner search's option counts in memory
//! (`partners::ssr::counts`) and reads here what changed since it last looked, so that a change made through
//! one process reaches the counts of every other. A row names one teacher whose index row was written or
//! removed, or no one: everything changed (a country moved programme, the index was rebuilt).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnerIndexChanges {
    Table,
    Id,
    AccountId,
    ChangedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PartnerIndexChanges::Table)
                    .col(pk_auto(PartnerIndexChanges::Id))
                    // No foreign key: an erased account's removal from the index is itself a change to read.
                    .col(integer_null(PartnerIndexChanges::AccountId))
                    .col(timestamp_with_time_zone(PartnerIndexChanges::ChangedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_partner_index_changes_changed_at")
                    .table(PartnerIndexChanges::Table)
                    .col(PartnerIndexChanges::ChangedAt)
                    .to_owned(),
            )
            .await
    }
}
