//! The rest of the TwinSpace: pages (Markdown, drafts, public or private), the forum, the teachers' chat and
//! materials in folders.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SpacePages {
    Table,
    Id,
    ProjectId,
    AuthorId,
    Title,
    Body,
    Published,
    Public,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ForumThreads {
    Table,
    Id,
    ProjectId,
    AuthorId,
    Title,
    Body,
    CreatedAt,
    LastReplyAt,
}

#[derive(DeriveIden)]
enum ForumReplies {
    Table,
    Id,
    ThreadId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ChatMessages {
    Table,
    Id,
    ProjectId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MaterialFolders {
    Table,
    Id,
    ProjectId,
    Name,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Materials {
    Table,
    Id,
    ProjectId,
    FolderId,
    UploaderId,
    Name,
    ContentType,
    Size,
    ObjectKey,
    ThumbnailKey,
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
                    .table(SpacePages::Table)
                    .col(pk_auto(SpacePages::Id))
                    .col(integer(SpacePages::ProjectId))
                    .col(integer(SpacePages::AuthorId))
                    .col(string_len(SpacePages::Title, 200))
                    // Markdown as written; it is rendered and sanitised when shown.
                    .col(text(SpacePages::Body))
                    .col(boolean(SpacePages::Published).default(false))
                    .col(boolean(SpacePages::Public).default(false))
                    .col(timestamp_with_time_zone(SpacePages::CreatedAt))
                    .col(timestamp_with_time_zone(SpacePages::UpdatedAt))
                    .foreign_key(&mut cascade((SpacePages::Table, SpacePages::ProjectId), (Projects::Table, Projects::Id)))
                    .foreign_key(&mut cascade((SpacePages::Table, SpacePages::AuthorId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_space_pages_project").table(SpacePages::Table).col(SpacePages::ProjectId).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ForumThreads::Table)
                    .col(pk_auto(ForumThreads::Id))
                    .col(integer(ForumThreads::ProjectId))
                    .col(integer(ForumThreads::AuthorId))
                    .col(string_len(ForumThreads::Title, 200))
                    .col(text(ForumThreads::Body))
                    .col(timestamp_with_time_zone(ForumThreads::CreatedAt))
                    .col(timestamp_with_time_zone(ForumThreads::LastReplyAt))
                    .foreign_key(&mut cascade((ForumThreads::Table, ForumThreads::ProjectId), (Projects::Table, Projects::Id)))
                    .foreign_key(&mut cascade((ForumThreads::Table, ForumThreads::AuthorId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_forum_threads_project")
                    .table(ForumThreads::Table)
                    .col(ForumThreads::ProjectId)
                    .col(ForumThreads::LastReplyAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ForumReplies::Table)
                    .col(pk_auto(ForumReplies::Id))
                    .col(integer(ForumReplies::ThreadId))
                    .col(integer(ForumReplies::AuthorId))
                    .col(text(ForumReplies::Body))
                    .col(timestamp_with_time_zone(ForumReplies::CreatedAt))
                    .foreign_key(&mut cascade((ForumReplies::Table, ForumReplies::ThreadId), (ForumThreads::Table, ForumThreads::Id)))
                    .foreign_key(&mut cascade((ForumReplies::Table, ForumReplies::AuthorId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_forum_replies_thread").table(ForumReplies::Table).col(ForumReplies::ThreadId).to_owned())
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ChatMessages::Table)
                    .col(pk_auto(ChatMessages::Id))
                    .col(integer(ChatMessages::ProjectId))
                    .col(integer(ChatMessages::AuthorId))
                    .col(text(ChatMessages::Body))
                    .col(timestamp_with_time_zone(ChatMessages::CreatedAt))
                    .foreign_key(&mut cascade((ChatMessages::Table, ChatMessages::ProjectId), (Projects::Table, Projects::Id)))
                    .foreign_key(&mut cascade((ChatMessages::Table, ChatMessages::AuthorId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        // A reconnecting client asks for what came after the last message it saw.
        manager
            .create_index(
                Index::create().name("idx_chat_messages_room").table(ChatMessages::Table).col(ChatMessages::ProjectId).col(ChatMessages::Id).to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MaterialFolders::Table)
                    .col(pk_auto(MaterialFolders::Id))
                    .col(integer(MaterialFolders::ProjectId))
                    .col(string_len(MaterialFolders::Name, 100))
                    .col(integer(MaterialFolders::CreatedBy))
                    .col(timestamp_with_time_zone(MaterialFolders::CreatedAt))
                    .foreign_key(&mut cascade((MaterialFolders::Table, MaterialFolders::ProjectId), (Projects::Table, Projects::Id)))
                    .foreign_key(&mut cascade((MaterialFolders::Table, MaterialFolders::CreatedBy), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Materials::Table)
                    .col(pk_auto(Materials::Id))
                    .col(integer(Materials::ProjectId))
                    .col(integer_null(Materials::FolderId))
                    .col(integer(Materials::UploaderId))
                    .col(string_len(Materials::Name, 200))
                    .col(string_len(Materials::ContentType, 100))
                    .col(big_integer(Materials::Size))
                    .col(string_len(Materials::ObjectKey, 200))
                    .col(string_len_null(Materials::ThumbnailKey, 200))
                    .col(timestamp_with_time_zone(Materials::CreatedAt))
                    .foreign_key(&mut cascade((Materials::Table, Materials::ProjectId), (Projects::Table, Projects::Id)))
                    .foreign_key(&mut cascade((Materials::Table, Materials::FolderId), (MaterialFolders::Table, MaterialFolders::Id)))
                    .foreign_key(&mut cascade((Materials::Table, Materials::UploaderId), (Accounts::Table, Accounts::Id)))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_materials_project").table(Materials::Table).col(Materials::ProjectId).col(Materials::FolderId).to_owned())
            .await?;
        Ok(())
    }
}
