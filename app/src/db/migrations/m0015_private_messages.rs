//! Private messages between contacts: one conversation per pair of teachers (the lower account id first, so a
//! pair has one row whoever wrote first), its messages, how far each side has read, and blocks (a person who
//! blocked another hears nothing more from them).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    LowId,
    HighId,
    CreatedAt,
    LastMessageAt,
    LowReadUpTo,
    HighReadUpTo,
}

#[derive(DeriveIden)]
enum PrivateMessages {
    Table,
    Id,
    ConversationId,
    AuthorId,
    Body,
    CreatedAt,
    HiddenAt,
    HiddenReason,
}

#[derive(DeriveIden)]
enum MessageBlocks {
    Table,
    BlockerId,
    BlockedId,
    CreatedAt,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Conversations::Table)
                    .col(pk_auto(Conversations::Id))
                    .col(integer(Conversations::LowId))
                    .col(integer(Conversations::HighId))
                    .col(timestamp_with_time_zone(Conversations::CreatedAt))
                    .col(timestamp_with_time_zone(Conversations::LastMessageAt))
                    // The id of the last message each side has seen; unread is what came after, from the other.
                    .col(integer(Conversations::LowReadUpTo).default(0))
                    .col(integer(Conversations::HighReadUpTo).default(0))
                    .foreign_key(&mut fk((Conversations::Table, Conversations::LowId), (Accounts::Table, Accounts::Id)))
                    .foreign_key(&mut fk((Conversations::Table, Conversations::HighId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        // One conversation a pair, even when both write first at the same moment.
        manager
            .create_index(
                Index::create().name("idx_conversations_pair").table(Conversations::Table).col(Conversations::LowId).col(Conversations::HighId).unique().to_owned(),
            )
            .await?;
        // The conversation list of the second person of a pair, newest first.
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_high")
                    .table(Conversations::Table)
                    .col(Conversations::HighId)
                    .col(Conversations::LastMessageAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrivateMessages::Table)
                    .col(pk_auto(PrivateMessages::Id))
                    .col(integer(PrivateMessages::ConversationId))
                    .col(integer(PrivateMessages::AuthorId))
                    .col(text(PrivateMessages::Body))
                    .col(timestamp_with_time_zone(PrivateMessages::CreatedAt))
                    .col(timestamp_with_time_zone_null(PrivateMessages::HiddenAt))
                    .col(text_null(PrivateMessages::HiddenReason))
                    .foreign_key(&mut fk((PrivateMessages::Table, PrivateMessages::ConversationId), (Conversations::Table, Conversations::Id)))
                    .foreign_key(&mut fk((PrivateMessages::Table, PrivateMessages::AuthorId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_private_messages_conversation")
                    .table(PrivateMessages::Table)
                    .col(PrivateMessages::ConversationId)
                    .col(PrivateMessages::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MessageBlocks::Table)
                    .col(integer(MessageBlocks::BlockerId))
                    .col(integer(MessageBlocks::BlockedId))
                    .col(timestamp_with_time_zone(MessageBlocks::CreatedAt))
                    .primary_key(Index::create().col(MessageBlocks::BlockerId).col(MessageBlocks::BlockedId))
                    .foreign_key(&mut fk((MessageBlocks::Table, MessageBlocks::BlockerId), (Accounts::Table, Accounts::Id)))
                    .foreign_key(&mut fk((MessageBlocks::Table, MessageBlocks::BlockedId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
