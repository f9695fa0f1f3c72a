//! The eTwinning School label (a school applies once a year; its support organisation decides; valid for the two
//! following years, copied onto the school as `label_from`..=`label_until`) and the European Prizes (a competition per year with
//! its categories, entries of projects holding the European Quality Label, jurors per category, their scores, and
//! the winners once published).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
    LabelFrom,
    LabelUntil,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Detail,
}

#[derive(DeriveIden)]
enum SchoolLabelApplications {
    Table,
    Id,
    SchoolId,
    ApplicantId,
    CountryCode,
    Year,
    Status,
    Statement,
    ValidatedTeachers,
    Projects,
    NationalLabels,
    CreatedAt,
    DecidedBy,
    DecidedAt,
    Reason,
    Certificate,
}

#[derive(DeriveIden)]
enum PrizeYears {
    Table,
    Year,
    CreatedBy,
    CreatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum PrizeCategories {
    Table,
    Id,
    Year,
    Key,
    Name,
    WinnerEntryId,
}

#[derive(DeriveIden)]
enum PrizeEntries {
    Table,
    Id,
    CategoryId,
    ProjectId,
    Year,
    EnteredBy,
    Summary,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PrizeJurors {
    Table,
    CategoryId,
    AccountId,
}

#[derive(DeriveIden)]
enum PrizeScores {
    Table,
    EntryId,
    JurorId,
    Score,
    Comment,
    ScoredAt,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut column in [integer_null(Schools::LabelFrom), integer_null(Schools::LabelUntil)] {
            manager.alter_table(Table::alter().table(Schools::Table).add_column(&mut column).to_owned()).await?;
        }
        // What else a certificate says: a prize's category.
        manager
            .alter_table(Table::alter().table(Certificates::Table).add_column(&mut string_len(Certificates::Detail, 200).default("").to_owned()).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SchoolLabelApplications::Table)
                    .col(pk_auto(SchoolLabelApplications::Id))
                    .col(integer(SchoolLabelApplications::SchoolId))
                    .col(integer(SchoolLabelApplications::ApplicantId))
                    .col(string_len(SchoolLabelApplications::CountryCode, 2))
                    .col(integer(SchoolLabelApplications::Year))
                    .col(string_len(SchoolLabelApplications::Status, 16))
                    .col(text(SchoolLabelApplications::Statement))
                    // The school's figures on the day it applied, as the support organisation judged them.
                    .col(integer(SchoolLabelApplications::ValidatedTeachers))
                    .col(integer(SchoolLabelApplications::Projects))
                    .col(integer(SchoolLabelApplications::NationalLabels))
                    .col(timestamp_with_time_zone(SchoolLabelApplications::CreatedAt))
                    .col(integer_null(SchoolLabelApplications::DecidedBy))
                    .col(timestamp_with_time_zone_null(SchoolLabelApplications::DecidedAt))
                    .col(text_null(SchoolLabelApplications::Reason))
                    .col(string_len_null(SchoolLabelApplications::Certificate, 24))
                    .foreign_key(&mut fk((SchoolLabelApplications::Table, SchoolLabelApplications::SchoolId), (Schools::Table, Schools::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((SchoolLabelApplications::Table, SchoolLabelApplications::ApplicantId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((SchoolLabelApplications::Table, SchoolLabelApplications::DecidedBy), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        // Once a year per school, even when two of its teachers apply at once.
        manager
            .create_index(
                Index::create()
                    .name("idx_school_label_once")
                    .table(SchoolLabelApplications::Table)
                    .col(SchoolLabelApplications::SchoolId)
                    .col(SchoolLabelApplications::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_school_label_queue")
                    .table(SchoolLabelApplications::Table)
                    .col(SchoolLabelApplications::CountryCode)
                    .col(SchoolLabelApplications::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PrizeYears::Table)
                    .col(integer(PrizeYears::Year).primary_key())
                    .col(integer_null(PrizeYears::CreatedBy))
                    .col(timestamp_with_time_zone(PrizeYears::CreatedAt))
                    .col(timestamp_with_time_zone_null(PrizeYears::PublishedAt))
                    .foreign_key(&mut fk((PrizeYears::Table, PrizeYears::CreatedBy), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrizeCategories::Table)
                    .col(pk_auto(PrizeCategories::Id))
                    .col(integer(PrizeCategories::Year))
                    // An age category's key, or "special" with the prize's name.
                    .col(string_len(PrizeCategories::Key, 32))
                    .col(string_len(PrizeCategories::Name, 150))
                    .col(integer_null(PrizeCategories::WinnerEntryId))
                    .foreign_key(&mut fk((PrizeCategories::Table, PrizeCategories::Year), (PrizeYears::Table, PrizeYears::Year), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_prize_categories_unique")
                    .table(PrizeCategories::Table)
                    .col(PrizeCategories::Year)
                    .col(PrizeCategories::Key)
                    .col(PrizeCategories::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrizeEntries::Table)
                    .col(pk_auto(PrizeEntries::Id))
                    .col(integer(PrizeEntries::CategoryId))
                    .col(integer(PrizeEntries::ProjectId))
                    .col(integer(PrizeEntries::Year))
                    .col(integer_null(PrizeEntries::EnteredBy))
                    .col(text(PrizeEntries::Summary))
                    .col(timestamp_with_time_zone(PrizeEntries::CreatedAt))
                    .foreign_key(&mut fk((PrizeEntries::Table, PrizeEntries::CategoryId), (PrizeCategories::Table, PrizeCategories::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((PrizeEntries::Table, PrizeEntries::ProjectId), (Projects::Table, Projects::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((PrizeEntries::Table, PrizeEntries::EnteredBy), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        // A project enters once a year (in one category).
        manager
            .create_index(
                Index::create()
                    .name("idx_prize_entries_once")
                    .table(PrizeEntries::Table)
                    .col(PrizeEntries::ProjectId)
                    .col(PrizeEntries::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrizeJurors::Table)
                    .col(integer(PrizeJurors::CategoryId))
                    .col(integer(PrizeJurors::AccountId))
                    .primary_key(Index::create().col(PrizeJurors::CategoryId).col(PrizeJurors::AccountId))
                    .foreign_key(&mut fk((PrizeJurors::Table, PrizeJurors::CategoryId), (PrizeCategories::Table, PrizeCategories::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((PrizeJurors::Table, PrizeJurors::AccountId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PrizeScores::Table)
                    .col(integer(PrizeScores::EntryId))
                    .col(integer(PrizeScores::JurorId))
                    .col(integer(PrizeScores::Score))
                    .col(text(PrizeScores::Comment))
                    .col(timestamp_with_time_zone(PrizeScores::ScoredAt))
                    .primary_key(Index::create().col(PrizeScores::EntryId).col(PrizeScores::JurorId))
                    .foreign_key(&mut fk((PrizeScores::Table, PrizeScores::EntryId), (PrizeEntries::Table, PrizeEntries::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((PrizeScores::Table, PrizeScores::JurorId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
