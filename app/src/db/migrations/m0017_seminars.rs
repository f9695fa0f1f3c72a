//! Online seminars: a live session with a speaker, organised by support staff, with registration up to a number
//! of places, a link to join given to registered people only, the recording and materials afterwards, and
//! attendance marked by the organiser (which issues a certificate).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Seminars {
    Table,
    Id,
    Title,
    Description,
    Speaker,
    Language,
    StartsAt,
    Minutes,
    Capacity,
    JoinUrl,
    RecordingUrl,
    MaterialsUrl,
    OrganiserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SeminarRegistrations {
    Table,
    SeminarId,
    AccountId,
    RegisteredAt,
    AttendedAt,
    Certificate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Seminars::Table)
                    .col(pk_auto(Seminars::Id))
                    .col(string_len(Seminars::Title, 200))
                    .col(text(Seminars::Description))
                    .col(string_len(Seminars::Speaker, 200))
                    .col(string_len(Seminars::Language, 8))
                    .col(timestamp_with_time_zone(Seminars::StartsAt))
                    .col(integer(Seminars::Minutes))
                    .col(integer(Seminars::Capacity))
                    .col(string_len(Seminars::JoinUrl, 500))
                    .col(string_len_null(Seminars::RecordingUrl, 500))
                    .col(string_len_null(Seminars::MaterialsUrl, 500))
                    .col(integer_null(Seminars::OrganiserId))
                    .col(timestamp_with_time_zone(Seminars::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Seminars::Table, Seminars::OrganiserId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_seminars_starts").table(Seminars::Table).col(Seminars::StartsAt).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(SeminarRegistrations::Table)
                    .col(integer(SeminarRegistrations::SeminarId))
                    .col(integer(SeminarRegistrations::AccountId))
                    .col(timestamp_with_time_zone(SeminarRegistrations::RegisteredAt))
                    .col(timestamp_with_time_zone_null(SeminarRegistrations::AttendedAt))
                    // The attendance certificate's code, once issued.
                    .col(string_len_null(SeminarRegistrations::Certificate, 40))
                    .primary_key(Index::create().col(SeminarRegistrations::SeminarId).col(SeminarRegistrations::AccountId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SeminarRegistrations::Table, SeminarRegistrations::SeminarId)
                            .to(Seminars::Table, Seminars::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SeminarRegistrations::Table, SeminarRegistrations::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A person's registrations.
        manager
            .create_index(
                Index::create().name("idx_seminar_registrations_account").table(SeminarRegistrations::Table).col(SeminarRegistrations::AccountId).to_owned(),
            )
            .await?;
        Ok(())
    }
}
