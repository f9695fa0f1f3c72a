//! The profile beside "My interests": what a teacher teaches and speaks (as opposed to what they want to work
//! on), the countries they would prefer partners from, and their profile picture.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    PictureAt,
}

#[derive(DeriveIden)]
enum TeacherInterests {
    Table,
    TaughtSubjects,
    TaughtAges,
    SpokenLanguages,
    PreferredCountries,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            big_integer(TeacherInterests::TaughtSubjects).default(0),
            big_integer(TeacherInterests::TaughtAges).default(0),
            big_integer(TeacherInterests::SpokenLanguages).default(0),
            // Country codes separated by commas, only codes of the reference list.
            string_len(TeacherInterests::PreferredCountries, 200).default(""),
        ] {
            manager.alter_table(Table::alter().table(TeacherInterests::Table).add_column(column).to_owned()).await?;
        }
        // When the profile picture was last replaced (none: no picture); it versions the picture's address.
        manager
            .alter_table(Table::alter().table(Accounts::Table).add_column(timestamp_with_time_zone_null(Accounts::PictureAt)).to_owned())
            .await?;
        Ok(())
    }
}
