//! "My interests": a row per teacher, the controlled lists as bitmasks (see `teachers::interests`).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TeacherInterests {
    Table,
    AccountId,
    Introduction,
    ProjectIdea,
    Subjects,
    AgeRanges,
    Languages,
    Themes,
    OpenToPlus,
    LookingNow,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TeacherInterests::Table)
                    .col(integer(TeacherInterests::AccountId).primary_key())
                    .col(text(TeacherInterests::Introduction).default(""))
                    .col(text(TeacherInterests::ProjectIdea).default(""))
                    .col(big_integer(TeacherInterests::Subjects).default(0))
                    .col(big_integer(TeacherInterests::AgeRanges).default(0))
                    .col(big_integer(TeacherInterests::Languages).default(0))
                    .col(big_integer(TeacherInterests::Themes).default(0))
                    .col(boolean(TeacherInterests::OpenToPlus).default(false))
                    .col(boolean(TeacherInterests::LookingNow).default(false))
                    .col(timestamp_with_time_zone(TeacherInterests::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TeacherInterests::Table, TeacherInterests::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
