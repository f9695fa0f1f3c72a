//! Recognition: National Quality Label applications (with the support organisation's assessment), European
//! Quality Labels, and the certificates both give, each with a verification code. The project row carries a
//! copy of its labels (countries holding a National Quality Label, the European label's year) so that the
//! directory filters and shows them without a join.
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
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    NationalLabels,
    EuropeanLabelYear,
}

#[derive(DeriveIden)]
enum LabelApplications {
    Table,
    Id,
    ProjectId,
    ApplicantId,
    SchoolId,
    CountryCode,
    Year,
    Status,
    Collaboration,
    Technology,
    Pedagogy,
    Curriculum,
    Results,
    Evidence,
    CreatedAt,
    DecidedBy,
    DecidedAt,
    Reason,
    Assessment,
    Certificate,
}

#[derive(DeriveIden)]
enum EuropeanLabels {
    Table,
    ProjectId,
    Year,
    AwardedBy,
    AwardedAt,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Code,
    Kind,
    AccountId,
    ProjectId,
    Year,
    HolderName,
    ProjectTitle,
    CountryCode,
    IssuedAt,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [string_len(Projects::NationalLabels, 200).default("").to_owned(), integer_null(Projects::EuropeanLabelYear)];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Projects::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(LabelApplications::Table)
                    .col(pk_auto(LabelApplications::Id))
                    .col(integer(LabelApplications::ProjectId))
                    .col(integer(LabelApplications::ApplicantId))
                    .col(integer_null(LabelApplications::SchoolId))
                    .col(string_len(LabelApplications::CountryCode, 2))
                    .col(integer(LabelApplications::Year))
                    .col(string_len(LabelApplications::Status, 16))
                    .col(text(LabelApplications::Collaboration))
                    .col(text(LabelApplications::Technology))
                    .col(text(LabelApplications::Pedagogy))
                    .col(text(LabelApplications::Curriculum))
                    .col(text(LabelApplications::Results))
                    .col(text(LabelApplications::Evidence))
                    .col(timestamp_with_time_zone(LabelApplications::CreatedAt))
                    .col(integer_null(LabelApplications::DecidedBy))
                    .col(timestamp_with_time_zone_null(LabelApplications::DecidedAt))
                    .col(text_null(LabelApplications::Reason))
                    // The scores and comments per criterion, as JSON: read back whole, never queried inside.
                    .col(text_null(LabelApplications::Assessment))
                    .col(string_len_null(LabelApplications::Certificate, 24))
                    .foreign_key(&mut fk((LabelApplications::Table, LabelApplications::ProjectId), (Projects::Table, Projects::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((LabelApplications::Table, LabelApplications::ApplicantId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((LabelApplications::Table, LabelApplications::SchoolId), (Schools::Table, Schools::Id), ForeignKeyAction::SetNull))
                    .foreign_key(&mut fk((LabelApplications::Table, LabelApplications::DecidedBy), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        // One application per project, teacher and year, even when two arrive at once.
        manager
            .create_index(
                Index::create()
                    .name("idx_label_applications_once")
                    .table(LabelApplications::Table)
                    .col(LabelApplications::ProjectId)
                    .col(LabelApplications::ApplicantId)
                    .col(LabelApplications::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_label_applications_queue")
                    .table(LabelApplications::Table)
                    .col(LabelApplications::CountryCode)
                    .col(LabelApplications::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_label_applications_applicant")
                    .table(LabelApplications::Table)
                    .col(LabelApplications::ApplicantId)
                    .col(LabelApplications::Year)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EuropeanLabels::Table)
                    .col(integer(EuropeanLabels::ProjectId).primary_key())
                    .col(integer(EuropeanLabels::Year))
                    .col(integer_null(EuropeanLabels::AwardedBy))
                    .col(timestamp_with_time_zone(EuropeanLabels::AwardedAt))
                    .foreign_key(&mut fk((EuropeanLabels::Table, EuropeanLabels::ProjectId), (Projects::Table, Projects::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((EuropeanLabels::Table, EuropeanLabels::AwardedBy), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .col(string_len(Certificates::Code, 24).primary_key())
                    .col(string_len(Certificates::Kind, 16))
                    .col(integer(Certificates::AccountId))
                    .col(integer_null(Certificates::ProjectId))
                    .col(integer(Certificates::Year))
                    // What the certificate says, as it said it on the day it was issued.
                    .col(string_len(Certificates::HolderName, 200))
                    .col(string_len(Certificates::ProjectTitle, 200))
                    .col(string_len_null(Certificates::CountryCode, 2))
                    .col(timestamp_with_time_zone(Certificates::IssuedAt))
                    .foreign_key(&mut fk((Certificates::Table, Certificates::AccountId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((Certificates::Table, Certificates::ProjectId), (Projects::Table, Projects::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_certificates_account").table(Certificates::Table).col(Certificates::AccountId).to_owned())
            .await?;
        Ok(())
    }
}
