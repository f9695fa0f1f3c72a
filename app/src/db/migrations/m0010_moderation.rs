//! Moderation and pupils' safety: reports and where they are routed, hidden and waiting content, time-limited
//! suspensions, moderator notes, notices to people, and the append-only moderation log.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    SuspendedUntil,
    ReportMail,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    PremoderatePupils,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ReporterId,
    TargetKind,
    TargetId,
    ProjectId,
    SubjectAccountId,
    Countries,
    Reason,
    Details,
    Status,
    OpenFlag,
    CreatedAt,
    ResolvedBy,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum ModerationLog {
    Table,
    Id,
    ModeratorId,
    Action,
    TargetKind,
    TargetId,
    ProjectId,
    SubjectAccountId,
    Countries,
    Reason,
    Until,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ModeratorNotes {
    Table,
    Id,
    SubjectAccountId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    AccountId,
    Kind,
    TargetKind,
    TargetId,
    ProjectId,
    Reason,
    Until,
    CreatedAt,
    ReadAt,
}

/// The TwinSpace content that can be hidden, and the part of it pupils write (which may wait for approval).
const HIDEABLE: [&str; 8] =
    ["twinboard_posts", "twinboard_comments", "space_pages", "forum_threads", "forum_replies", "chat_messages", "materials", "projects"];
const PUPILS_WRITE: [&str; 4] = ["twinboard_posts", "twinboard_comments", "forum_threads", "forum_replies"];

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for table in HIDEABLE {
            let table = Alias::new(table);
            manager
                .alter_table(Table::alter().table(table.clone()).add_column(timestamp_with_time_zone_null(Alias::new("hidden_at"))).to_owned())
                .await?;
            manager.alter_table(Table::alter().table(table).add_column(text_null(Alias::new("hidden_reason"))).to_owned()).await?;
        }
        for table in PUPILS_WRITE {
            manager
                .alter_table(
                    Table::alter().table(Alias::new(table)).add_column(boolean(Alias::new("awaiting_approval")).default(false)).to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(Table::alter().table(Projects::Table).add_column(boolean(Projects::PremoderatePupils).default(false)).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Accounts::Table).add_column(timestamp_with_time_zone_null(Accounts::SuspendedUntil)).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Accounts::Table).add_column(boolean(Accounts::ReportMail).default(false)).to_owned()).await?;
        // The server ends expired suspensions every minute.
        manager
            .create_index(Index::create().name("idx_accounts_suspended_until").table(Accounts::Table).col(Accounts::SuspendedUntil).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(pk_auto(Reports::Id))
                    .col(integer(Reports::ReporterId))
                    .col(string_len(Reports::TargetKind, 20))
                    .col(integer(Reports::TargetId))
                    .col(integer_null(Reports::ProjectId))
                    .col(integer_null(Reports::SubjectAccountId))
                    // The countries whose support organisation reviews it, as ",FR,IT," (see moderation::ssr::scope).
                    .col(string_len(Reports::Countries, 200))
                    .col(string_len(Reports::Reason, 30))
                    .col(text(Reports::Details))
                    .col(string_len(Reports::Status, 12))
                    // TRUE while open, NULL once decided: with the unique index below, one open report per person
                    // per item (NULLs never collide), any number of decided ones.
                    .col(boolean_null(Reports::OpenFlag))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(integer_null(Reports::ResolvedBy))
                    .col(timestamp_with_time_zone_null(Reports::ResolvedAt))
                    .foreign_key(&mut fk((Reports::Table, Reports::ReporterId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((Reports::Table, Reports::ProjectId), (Projects::Table, Projects::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((Reports::Table, Reports::SubjectAccountId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((Reports::Table, Reports::ResolvedBy), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reports_one_open")
                    .table(Reports::Table)
                    .col(Reports::ReporterId)
                    .col(Reports::TargetKind)
                    .col(Reports::TargetId)
                    .col(Reports::OpenFlag)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_reports_queue").table(Reports::Table).col(Reports::Status).col(Reports::CreatedAt).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_reports_target").table(Reports::Table).col(Reports::TargetKind).col(Reports::TargetId).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModerationLog::Table)
                    .col(pk_auto(ModerationLog::Id))
                    .col(integer(ModerationLog::ModeratorId))
                    .col(string_len(ModerationLog::Action, 20))
                    .col(string_len_null(ModerationLog::TargetKind, 20))
                    .col(integer_null(ModerationLog::TargetId))
                    // No foreign key: the log outlives what it is about.
                    .col(integer_null(ModerationLog::ProjectId))
                    .col(integer_null(ModerationLog::SubjectAccountId))
                    .col(string_len(ModerationLog::Countries, 200))
                    .col(text(ModerationLog::Reason))
                    .col(timestamp_with_time_zone_null(ModerationLog::Until))
                    .col(timestamp_with_time_zone(ModerationLog::CreatedAt))
                    .foreign_key(&mut fk((ModerationLog::Table, ModerationLog::ModeratorId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Restrict))
                    // An erased person leaves the log as nobody, and the reason (free text that may name them)
                    // goes with them: the one change the log accepts.
                    .foreign_key(&mut fk(
                        (ModerationLog::Table, ModerationLog::SubjectAccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_moderation_log_time").table(ModerationLog::Table).col(ModerationLog::CreatedAt).to_owned())
            .await?;
        let append_only: &[&str] = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => &[
                "CREATE FUNCTION moderation_log_append_only() RETURNS trigger AS $$
                 BEGIN
                   IF TG_OP = 'UPDATE' AND NEW.subject_account_id IS NULL
                      AND (NEW.reason = OLD.reason OR NEW.reason = '')
                      AND (NEW.id, NEW.moderator_id, NEW.action, NEW.target_kind, NEW.target_id, NEW.project_id, NEW.countries,
                           NEW.until, NEW.created_at)
                          IS NOT DISTINCT FROM
                          (OLD.id, OLD.moderator_id, OLD.action, OLD.target_kind, OLD.target_id, OLD.project_id, OLD.countries,
                           OLD.until, OLD.created_at)
                   THEN RETURN NEW; END IF;
                   RAISE EXCEPTION 'the moderation log is append-only';
                 END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
                 FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only()",
                "CREATE TRIGGER moderation_log_no_truncate BEFORE TRUNCATE ON moderation_log
                 FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_append_only()",
            ],
            _ => &[
                "CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log
                 BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END",
                "CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log
                 WHEN NOT (NEW.subject_account_id IS NULL AND NEW.id IS OLD.id AND NEW.moderator_id IS OLD.moderator_id
                   AND NEW.action IS OLD.action AND NEW.target_kind IS OLD.target_kind AND NEW.target_id IS OLD.target_id
                   AND NEW.project_id IS OLD.project_id AND NEW.countries IS OLD.countries
                   AND (NEW.reason IS OLD.reason OR NEW.reason = '')
                   AND NEW.until IS OLD.until AND NEW.created_at IS OLD.created_at)
                 BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END",
            ],
        };
        for statement in append_only {
            manager.get_connection().execute_unprepared(statement).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ModeratorNotes::Table)
                    .col(pk_auto(ModeratorNotes::Id))
                    .col(integer(ModeratorNotes::SubjectAccountId))
                    .col(integer(ModeratorNotes::AuthorId))
                    .col(text(ModeratorNotes::Body))
                    .col(timestamp_with_time_zone(ModeratorNotes::CreatedAt))
                    .foreign_key(&mut fk((ModeratorNotes::Table, ModeratorNotes::SubjectAccountId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk((ModeratorNotes::Table, ModeratorNotes::AuthorId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_moderator_notes_subject").table(ModeratorNotes::Table).col(ModeratorNotes::SubjectAccountId).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notices::Table)
                    .col(pk_auto(Notices::Id))
                    .col(integer(Notices::AccountId))
                    .col(string_len(Notices::Kind, 20))
                    .col(string_len_null(Notices::TargetKind, 20))
                    .col(integer_null(Notices::TargetId))
                    .col(integer_null(Notices::ProjectId))
                    .col(text(Notices::Reason))
                    .col(timestamp_with_time_zone_null(Notices::Until))
                    .col(timestamp_with_time_zone(Notices::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notices::ReadAt))
                    .foreign_key(&mut fk((Notices::Table, Notices::AccountId), (Accounts::Table, Accounts::Id), ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_notices_account").table(Notices::Table).col(Notices::AccountId).col(Notices::CreatedAt).to_owned())
            .await?;
        Ok(())
    }
}
