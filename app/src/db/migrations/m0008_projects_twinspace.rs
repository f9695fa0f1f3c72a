//! Founding and approval of projects, and the TwinSpace's first parts: invitations, pupils' logins and the
//! Twinboard.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    CreatedBy,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Status,
    FounderId,
    CofounderId,
    CofounderAnsweredAt,
    Languages,
    AgeRanges,
    Subjects,
    PupilsCount,
    Tools,
    Aims,
    WorkProcess,
    ExpectedResults,
    Listed,
    ShowMembers,
    OpenedAt,
    ArchivedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum ProjectApprovals {
    Table,
    ProjectId,
    CountryCode,
    Status,
    Reason,
    DecidedBy,
    DecidedAt,
}

#[derive(DeriveIden)]
enum ProjectInvitations {
    Table,
    ProjectId,
    AccountId,
    Role,
    InvitedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TwinboardPosts {
    Table,
    Id,
    ProjectId,
    AuthorId,
    Body,
    Pinned,
    CreatedAt,
    EditedAt,
}

#[derive(DeriveIden)]
enum TwinboardComments {
    Table,
    Id,
    PostId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TwinboardLikes {
    Table,
    PostId,
    AccountId,
    CreatedAt,
}

fn to_project(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(Projects::Table, Projects::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

fn to_account(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(Accounts::Table, Accounts::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE. Lists are bitmasks over `teachers::interests`.
        for column in [
            integer_null(Projects::FounderId),
            integer_null(Projects::CofounderId),
            timestamp_with_time_zone_null(Projects::CofounderAnsweredAt),
            big_integer(Projects::Languages).default(0).to_owned(),
            big_integer(Projects::AgeRanges).default(0).to_owned(),
            big_integer(Projects::Subjects).default(0).to_owned(),
            integer(Projects::PupilsCount).default(0).to_owned(),
            string_len(Projects::Tools, 500).default("").to_owned(),
            text(Projects::Aims).default("").to_owned(),
            text(Projects::WorkProcess).default("").to_owned(),
            text(Projects::ExpectedResults).default("").to_owned(),
            // What the members chose to make public: listed in the directory; teachers' names on the public page.
            boolean(Projects::Listed).default(true).to_owned(),
            boolean(Projects::ShowMembers).default(true).to_owned(),
            timestamp_with_time_zone_null(Projects::OpenedAt),
            timestamp_with_time_zone_null(Projects::ArchivedAt),
            timestamp_with_time_zone_null(Projects::ClosedAt),
        ] {
            manager.alter_table(Table::alter().table(Projects::Table).add_column(column).to_owned()).await?;
        }
        // The teacher who made a pupil's login: they may reset and remove it.
        manager
            .alter_table(Table::alter().table(Accounts::Table).add_column(integer_null(Accounts::CreatedBy)).to_owned())
            .await?;
        manager
            .create_index(Index::create().name("idx_projects_status").table(Projects::Table).col(Projects::Status).to_owned())
            .await?;
        // One approval per founders' country: the support organisation of each must approve.
        manager
            .create_table(
                Table::create()
                    .table(ProjectApprovals::Table)
                    .col(integer(ProjectApprovals::ProjectId))
                    .col(string_len(ProjectApprovals::CountryCode, 2))
                    .col(string_len(ProjectApprovals::Status, 16))
                    .col(text_null(ProjectApprovals::Reason))
                    .col(integer_null(ProjectApprovals::DecidedBy))
                    .col(timestamp_with_time_zone_null(ProjectApprovals::DecidedAt))
                    .primary_key(Index::create().col(ProjectApprovals::ProjectId).col(ProjectApprovals::CountryCode))
                    .foreign_key(&mut to_project(ProjectApprovals::Table, ProjectApprovals::ProjectId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_project_approvals_queue")
                    .table(ProjectApprovals::Table)
                    .col(ProjectApprovals::CountryCode)
                    .col(ProjectApprovals::Status)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProjectInvitations::Table)
                    .col(integer(ProjectInvitations::ProjectId))
                    .col(integer(ProjectInvitations::AccountId))
                    .col(string_len(ProjectInvitations::Role, 32))
                    .col(integer(ProjectInvitations::InvitedBy))
                    .col(timestamp_with_time_zone(ProjectInvitations::CreatedAt))
                    .primary_key(Index::create().col(ProjectInvitations::ProjectId).col(ProjectInvitations::AccountId))
                    .foreign_key(&mut to_project(ProjectInvitations::Table, ProjectInvitations::ProjectId))
                    .foreign_key(&mut to_account(ProjectInvitations::Table, ProjectInvitations::AccountId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_project_invitations_account")
                    .table(ProjectInvitations::Table)
                    .col(ProjectInvitations::AccountId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TwinboardPosts::Table)
                    .col(pk_auto(TwinboardPosts::Id))
                    .col(integer(TwinboardPosts::ProjectId))
                    .col(integer(TwinboardPosts::AuthorId))
                    .col(text(TwinboardPosts::Body))
                    .col(boolean(TwinboardPosts::Pinned).default(false))
                    .col(timestamp_with_time_zone(TwinboardPosts::CreatedAt))
                    .col(timestamp_with_time_zone_null(TwinboardPosts::EditedAt))
                    .foreign_key(&mut to_project(TwinboardPosts::Table, TwinboardPosts::ProjectId))
                    .foreign_key(&mut to_account(TwinboardPosts::Table, TwinboardPosts::AuthorId))
                    .to_owned(),
            )
            .await?;
        // The board's order: pinned first, then newest.
        manager
            .create_index(
                Index::create()
                    .name("idx_twinboard_posts_board")
                    .table(TwinboardPosts::Table)
                    .col(TwinboardPosts::ProjectId)
                    .col(TwinboardPosts::Pinned)
                    .col(TwinboardPosts::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TwinboardComments::Table)
                    .col(pk_auto(TwinboardComments::Id))
                    .col(integer(TwinboardComments::PostId))
                    .col(integer(TwinboardComments::AuthorId))
                    .col(text(TwinboardComments::Body))
                    .col(timestamp_with_time_zone(TwinboardComments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TwinboardComments::Table, TwinboardComments::PostId)
                            .to(TwinboardPosts::Table, TwinboardPosts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_account(TwinboardComments::Table, TwinboardComments::AuthorId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_twinboard_comments_post").table(TwinboardComments::Table).col(TwinboardComments::PostId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TwinboardLikes::Table)
                    .col(integer(TwinboardLikes::PostId))
                    .col(integer(TwinboardLikes::AccountId))
                    .col(timestamp_with_time_zone(TwinboardLikes::CreatedAt))
                    .primary_key(Index::create().col(TwinboardLikes::PostId).col(TwinboardLikes::AccountId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TwinboardLikes::Table, TwinboardLikes::PostId)
                            .to(TwinboardPosts::Table, TwinboardPosts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(&mut to_account(TwinboardLikes::Table, TwinboardLikes::AccountId))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
