//! Contacts between teachers: a request, then acceptance. Projects later invite only contacts.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    RequesterId,
    AddresseeId,
    Status,
    Message,
    CreatedAt,
    RespondedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(integer(Contacts::RequesterId))
                    .col(integer(Contacts::AddresseeId))
                    .col(string_len(Contacts::Status, 16))
                    .col(string_len_null(Contacts::Message, 500))
                    .col(timestamp_with_time_zone(Contacts::CreatedAt))
                    .col(timestamp_with_time_zone_null(Contacts::RespondedAt))
                    .primary_key(Index::create().col(Contacts::RequesterId).col(Contacts::AddresseeId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contacts::Table, Contacts::RequesterId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contacts::Table, Contacts::AddresseeId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_contacts_addressee").table(Contacts::Table).col(Contacts::AddresseeId).to_owned(),
            )
            .await?;
        Ok(())
    }
}
