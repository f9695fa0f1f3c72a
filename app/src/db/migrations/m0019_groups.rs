//! Groups: teachers' communities of practice beside projects, created by the support services or proposed by a
//! teacher and approved by their national support organisation; members (moderators among them), a discussion
//! forum of threads, and resources pinned by the moderators.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
    Name,
    Description,
    Subject,
    Language,
    CountryCode,
    Access,
    Status,
    NsoCountry,
    ProposedBy,
    ThemeYear,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    AccountId,
    Role,
    State,
    Since,
}

#[derive(DeriveIden)]
enum GroupThreads {
    Table,
    Id,
    GroupId,
    Title,
    AuthorId,
    CreatedAt,
    LastPostAt,
}

#[derive(DeriveIden)]
enum GroupPosts {
    Table,
    Id,
    ThreadId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GroupResources {
    Table,
    Id,
    GroupId,
    Title,
    Url,
    AddedBy,
    CreatedAt,
}

fn author(table: impl IntoIden, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(Accounts::Table, Accounts::Id).on_delete(ForeignKeyAction::SetNull).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Groups::Table)
                    .col(pk_auto(Groups::Id))
                    .col(string_len(Groups::Name, 120))
                    .col(text(Groups::Description))
                    .col(string_len(Groups::Subject, 40))
                    .col(string_len(Groups::Language, 8))
                    // The country whose teachers it is for; none: all countries.
                    .col(string_len_null(Groups::CountryCode, 2))
                    // "open", "request" or "invitation".
                    .col(string_len(Groups::Access, 16))
                    // "proposed", "approved" or "refused".
                    .col(string_len(Groups::Status, 16))
                    // The national support organisation that approves and oversees it; none: the Central Support Service.
                    .col(string_len_null(Groups::NsoCountry, 2))
                    .col(integer_null(Groups::ProposedBy))
                    .col(integer_null(Groups::ThemeYear))
                    .col(timestamp_with_time_zone(Groups::CreatedAt))
                    .col(timestamp_with_time_zone_null(Groups::DecidedAt))
                    .foreign_key(&mut author(Groups::Table, Groups::ProposedBy))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_groups_status_name").table(Groups::Table).col(Groups::Status).col(Groups::Name).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(integer(GroupMembers::GroupId))
                    .col(integer(GroupMembers::AccountId))
                    // "moderator" or "member".
                    .col(string_len(GroupMembers::Role, 16))
                    // "member", "requested" (waits for a moderator) or "invited" (waits for the teacher).
                    .col(string_len(GroupMembers::State, 16))
                    .col(timestamp_with_time_zone(GroupMembers::Since))
                    .primary_key(Index::create().col(GroupMembers::GroupId).col(GroupMembers::AccountId))
                    .foreign_key(ForeignKey::create().from(GroupMembers::Table, GroupMembers::GroupId).to(Groups::Table, Groups::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(ForeignKey::create().from(GroupMembers::Table, GroupMembers::AccountId).to(Accounts::Table, Accounts::Id).on_delete(ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_group_members_account").table(GroupMembers::Table).col(GroupMembers::AccountId).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupThreads::Table)
                    .col(pk_auto(GroupThreads::Id))
                    .col(integer(GroupThreads::GroupId))
                    .col(string_len(GroupThreads::Title, 200))
                    .col(integer_null(GroupThreads::AuthorId))
                    .col(timestamp_with_time_zone(GroupThreads::CreatedAt))
                    .col(timestamp_with_time_zone(GroupThreads::LastPostAt))
                    .foreign_key(ForeignKey::create().from(GroupThreads::Table, GroupThreads::GroupId).to(Groups::Table, Groups::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(&mut author(GroupThreads::Table, GroupThreads::AuthorId))
                    .to_owned(),
            )
            .await?;
        // A group's forum, latest activity first.
        manager
            .create_index(Index::create().name("idx_group_threads_latest").table(GroupThreads::Table).col(GroupThreads::GroupId).col(GroupThreads::LastPostAt).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupPosts::Table)
                    .col(pk_auto(GroupPosts::Id))
                    .col(integer(GroupPosts::ThreadId))
                    .col(integer_null(GroupPosts::AuthorId))
                    .col(text(GroupPosts::Body))
                    .col(timestamp_with_time_zone(GroupPosts::CreatedAt))
                    .foreign_key(ForeignKey::create().from(GroupPosts::Table, GroupPosts::ThreadId).to(GroupThreads::Table, GroupThreads::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(&mut author(GroupPosts::Table, GroupPosts::AuthorId))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_group_posts_thread").table(GroupPosts::Table).col(GroupPosts::ThreadId).col(GroupPosts::Id).to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(GroupResources::Table)
                    .col(pk_auto(GroupResources::Id))
                    .col(integer(GroupResources::GroupId))
                    .col(string_len(GroupResources::Title, 200))
                    .col(string_len(GroupResources::Url, 500))
                    .col(integer_null(GroupResources::AddedBy))
                    .col(timestamp_with_time_zone(GroupResources::CreatedAt))
                    .foreign_key(ForeignKey::create().from(GroupResources::Table, GroupResources::GroupId).to(Groups::Table, Groups::Id).on_delete(ForeignKeyAction::Cascade))
                    .foreign_key(&mut author(GroupResources::Table, GroupResources::AddedBy))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_group_resources_group").table(GroupResources::Table).col(GroupResources::GroupId).to_owned()).await?;
        Ok(())
    }
}
