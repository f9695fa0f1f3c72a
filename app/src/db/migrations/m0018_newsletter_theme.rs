//! The newsletter (written by the Central Support Service in several languages, sent through the outbox to
//! teachers who subscribed) and the annual theme (written the same way, taken up by projects and seminars).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    ThemeYear,
}

#[derive(DeriveIden)]
enum Seminars {
    Table,
    ThemeYear,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    ListUnsubscribe,
}

#[derive(DeriveIden)]
enum Newsletters {
    Table,
    Id,
    AuthorId,
    CreatedAt,
    SendRequestedAt,
    SentThrough,
    SentCount,
    FinishedAt,
}

#[derive(DeriveIden)]
enum NewsletterEditions {
    Table,
    NewsletterId,
    Language,
    Subject,
    Body,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NewsletterSubscriptions {
    Table,
    AccountId,
    Token,
    SubscribedAt,
}

#[derive(DeriveIden)]
enum AnnualThemes {
    Table,
    Year,
    Language,
    Title,
    Description,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Newsletters::Table)
                    .col(pk_auto(Newsletters::Id))
                    .col(integer_null(Newsletters::AuthorId))
                    .col(timestamp_with_time_zone(Newsletters::CreatedAt))
                    .col(timestamp_with_time_zone_null(Newsletters::SendRequestedAt))
                    // The sending's cursor: every subscriber whose account id is at most this one has had their mail.
                    .col(integer(Newsletters::SentThrough).default(0))
                    .col(integer(Newsletters::SentCount).default(0))
                    .col(timestamp_with_time_zone_null(Newsletters::FinishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Newsletters::Table, Newsletters::AuthorId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NewsletterEditions::Table)
                    .col(integer(NewsletterEditions::NewsletterId))
                    .col(string_len(NewsletterEditions::Language, 8))
                    .col(string_len(NewsletterEditions::Subject, 200))
                    .col(text(NewsletterEditions::Body))
                    .col(timestamp_with_time_zone(NewsletterEditions::UpdatedAt))
                    .primary_key(Index::create().col(NewsletterEditions::NewsletterId).col(NewsletterEditions::Language))
                    .foreign_key(
                        ForeignKey::create()
                            .from(NewsletterEditions::Table, NewsletterEditions::NewsletterId)
                            .to(Newsletters::Table, Newsletters::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NewsletterSubscriptions::Table)
                    .col(integer(NewsletterSubscriptions::AccountId).primary_key())
                    // Random, in every newsletter's unsubscribe link: it unsubscribes without signing in.
                    .col(string_len(NewsletterSubscriptions::Token, 64).unique_key())
                    .col(timestamp_with_time_zone(NewsletterSubscriptions::SubscribedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(NewsletterSubscriptions::Table, NewsletterSubscriptions::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnnualThemes::Table)
                    .col(integer(AnnualThemes::Year))
                    .col(string_len(AnnualThemes::Language, 8))
                    .col(string_len(AnnualThemes::Title, 120))
                    .col(text(AnnualThemes::Description))
                    .col(timestamp_with_time_zone(AnnualThemes::UpdatedAt))
                    .primary_key(Index::create().col(AnnualThemes::Year).col(AnnualThemes::Language))
                    .to_owned(),
            )
            .await?;
        manager.alter_table(Table::alter().table(Projects::Table).add_column(integer_null(Projects::ThemeYear)).to_owned()).await?;
        manager.alter_table(Table::alter().table(Seminars::Table).add_column(integer_null(Seminars::ThemeYear)).to_owned()).await?;
        // RFC 8058's one-click unsubscribe address, sent as the List-Unsubscribe header.
        manager
            .alter_table(Table::alter().table(MailOutbox::Table).add_column(string_len_null(MailOutbox::ListUnsubscribe, 300)).to_owned())
            .await?;
        Ok(())
    }
}
