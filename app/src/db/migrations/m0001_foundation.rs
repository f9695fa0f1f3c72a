//! The foundation: countries, schools, accounts, projects and project membership.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Countries {
    Table,
    Code,
    Name,
    Programme,
    SupportOrganisation,
}

#[derive(DeriveIden)]
enum Schools {
    Table,
    Id,
    Name,
    CountryCode,
    City,
    Kind,
    Confirmed,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Kind,
    Email,
    Username,
    DisplayName,
    PasswordHash,
    StaffRole,
    PlatformRole,
    CountryCode,
    SchoolId,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Title,
    Summary,
    Status,
    National,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProjectMembers {
    Table,
    ProjectId,
    AccountId,
    Role,
    JoinedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Countries::Table)
                    .col(string_len(Countries::Code, 2).primary_key())
                    .col(string_len(Countries::Name, 100))
                    .col(string_len(Countries::Programme, 20))
                    .col(string_len(Countries::SupportOrganisation, 200))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Schools::Table)
                    .col(pk_auto(Schools::Id))
                    .col(string_len(Schools::Name, 200))
                    .col(string_len(Schools::CountryCode, 2))
                    .col(string_len(Schools::City, 100))
                    .col(string_len(Schools::Kind, 40))
                    .col(boolean(Schools::Confirmed).default(true))
                    .col(timestamp_with_time_zone(Schools::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Schools::Table, Schools::CountryCode)
                            .to(Countries::Table, Countries::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_schools_country").table(Schools::Table).col(Schools::CountryCode).to_owned(),
            )
            .await?;

        // Staff and pupils share one table: a pupil is a TwinSpace-only login (username, no e-mail).
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(pk_auto(Accounts::Id))
                    .col(string_len(Accounts::Kind, 16))
                    .col(string_len_null(Accounts::Email, 254).unique_key())
                    .col(string_len_null(Accounts::Username, 64).unique_key())
                    .col(string_len(Accounts::DisplayName, 100))
                    .col(string_len_null(Accounts::PasswordHash, 200))
                    .col(string_len_null(Accounts::StaffRole, 32))
                    .col(string_len(Accounts::PlatformRole, 32).default("member"))
                    .col(string_len_null(Accounts::CountryCode, 2))
                    .col(integer_null(Accounts::SchoolId))
                    .col(string_len(Accounts::Status, 16))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Accounts::Table, Accounts::CountryCode)
                            .to(Countries::Table, Countries::Code),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Accounts::Table, Accounts::SchoolId)
                            .to(Schools::Table, Schools::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_country_status")
                    .table(Accounts::Table)
                    .col(Accounts::CountryCode)
                    .col(Accounts::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Projects::Table)
                    .col(pk_auto(Projects::Id))
                    .col(string_len(Projects::Title, 200))
                    .col(text(Projects::Summary))
                    .col(string_len(Projects::Status, 16))
                    .col(boolean(Projects::National).default(false))
                    .col(timestamp_with_time_zone(Projects::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProjectMembers::Table)
                    .col(integer(ProjectMembers::ProjectId))
                    .col(integer(ProjectMembers::AccountId))
                    .col(string_len(ProjectMembers::Role, 32))
                    .col(timestamp_with_time_zone(ProjectMembers::JoinedAt))
                    .primary_key(Index::create().col(ProjectMembers::ProjectId).col(ProjectMembers::AccountId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectMembers::Table, ProjectMembers::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectMembers::Table, ProjectMembers::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_project_members_account")
                    .table(ProjectMembers::Table)
                    .col(ProjectMembers::AccountId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
