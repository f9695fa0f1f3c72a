//! Learning events: short online courses (two to four weeks) run by the support services, with places and a
//! waiting list, units with an activity each (read, discuss in the event's forum, submit a small piece of work),
//! each participant's progress, and a certificate for those who complete every unit.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LearningEvents {
    Table,
    Id,
    Title,
    Description,
    Language,
    StartsOn,
    EndsOn,
    Places,
    OrganiserId,
    ThemeYear,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LearningUnits {
    Table,
    Id,
    EventId,
    Position,
    Title,
    Instructions,
    Activity,
}

#[derive(DeriveIden)]
enum LearningEnrolments {
    Table,
    EventId,
    AccountId,
    State,
    EnrolledAt,
    CompletedAt,
    Certificate,
}

#[derive(DeriveIden)]
enum LearningProgress {
    Table,
    UnitId,
    AccountId,
    DoneAt,
    Work,
}

#[derive(DeriveIden)]
enum LearningPosts {
    Table,
    Id,
    UnitId,
    AuthorId,
    Body,
    CreatedAt,
}

fn cascade(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden)) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LearningEvents::Table)
                    .col(pk_auto(LearningEvents::Id))
                    .col(string_len(LearningEvents::Title, 200))
                    .col(text(LearningEvents::Description))
                    .col(string_len(LearningEvents::Language, 8))
                    .col(date(LearningEvents::StartsOn))
                    .col(date(LearningEvents::EndsOn))
                    .col(integer(LearningEvents::Places))
                    .col(integer_null(LearningEvents::OrganiserId))
                    .col(integer_null(LearningEvents::ThemeYear))
                    .col(timestamp_with_time_zone(LearningEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LearningEvents::Table, LearningEvents::OrganiserId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_learning_events_starts").table(LearningEvents::Table).col(LearningEvents::StartsOn).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(LearningUnits::Table)
                    .col(pk_auto(LearningUnits::Id))
                    .col(integer(LearningUnits::EventId))
                    .col(integer(LearningUnits::Position))
                    .col(string_len(LearningUnits::Title, 200))
                    .col(text(LearningUnits::Instructions))
                    .col(string_len(LearningUnits::Activity, 12))
                    .foreign_key(&mut cascade((LearningUnits::Table, LearningUnits::EventId), (LearningEvents::Table, LearningEvents::Id)))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_learning_units_event").table(LearningUnits::Table).col(LearningUnits::EventId).col(LearningUnits::Position).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(LearningEnrolments::Table)
                    .col(integer(LearningEnrolments::EventId))
                    .col(integer(LearningEnrolments::AccountId))
                    // "enrolled" or "waiting" (in the order of `enrolled_at`).
                    .col(string_len(LearningEnrolments::State, 12))
                    .col(timestamp_with_time_zone(LearningEnrolments::EnrolledAt))
                    .col(timestamp_with_time_zone_null(LearningEnrolments::CompletedAt))
                    .col(string_len_null(LearningEnrolments::Certificate, 20))
                    .primary_key(Index::create().col(LearningEnrolments::EventId).col(LearningEnrolments::AccountId))
                    .foreign_key(&mut cascade((LearningEnrolments::Table, LearningEnrolments::EventId), (LearningEvents::Table, LearningEvents::Id)))
                    .foreign_key(&mut cascade((LearningEnrolments::Table, LearningEnrolments::AccountId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_learning_enrolments_account").table(LearningEnrolments::Table).col(LearningEnrolments::AccountId).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(LearningProgress::Table)
                    .col(integer(LearningProgress::UnitId))
                    .col(integer(LearningProgress::AccountId))
                    .col(timestamp_with_time_zone(LearningProgress::DoneAt))
                    // The piece of work of a "submit" unit.
                    .col(text_null(LearningProgress::Work))
                    .primary_key(Index::create().col(LearningProgress::UnitId).col(LearningProgress::AccountId))
                    .foreign_key(&mut cascade((LearningProgress::Table, LearningProgress::UnitId), (LearningUnits::Table, LearningUnits::Id)))
                    .foreign_key(&mut cascade((LearningProgress::Table, LearningProgress::AccountId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LearningPosts::Table)
                    .col(pk_auto(LearningPosts::Id))
                    .col(integer(LearningPosts::UnitId))
                    .col(integer_null(LearningPosts::AuthorId))
                    .col(text(LearningPosts::Body))
                    .col(timestamp_with_time_zone(LearningPosts::CreatedAt))
                    .foreign_key(&mut cascade((LearningPosts::Table, LearningPosts::UnitId), (LearningUnits::Table, LearningUnits::Id)))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LearningPosts::Table, LearningPosts::AuthorId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_learning_posts_unit").table(LearningPosts::Table).col(LearningPosts::UnitId).col(LearningPosts::Id).to_owned()).await?;
        Ok(())
    }
}
