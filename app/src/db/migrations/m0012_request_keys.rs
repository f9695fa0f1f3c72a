//! Request keys: a create sent twice (a browser's retry after a dropped connection, a form sent again) is done
//! once. Each create carries a key its form was given; the first request with it records what it made, the others
//! answer the same without making it again. Kept a day, then swept.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RequestKeys {
    Table,
    AccountId,
    Key,
    Outcome,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequestKeys::Table)
                    .col(integer(RequestKeys::AccountId))
                    .col(string_len(RequestKeys::Key, 64))
                    .col(text(RequestKeys::Outcome))
                    .col(timestamp_with_time_zone(RequestKeys::CreatedAt))
                    .primary_key(Index::create().col(RequestKeys::AccountId).col(RequestKeys::Key))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RequestKeys::Table, RequestKeys::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_request_keys_created").table(RequestKeys::Table).col(RequestKeys::CreatedAt).to_owned())
            .await?;
        Ok(())
    }
}
