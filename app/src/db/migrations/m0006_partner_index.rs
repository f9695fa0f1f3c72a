//! Partner search at the platform's scale: one denormalised row per publicly visible teacher, with the text
//! indexed for full-text search (FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL) and the controlled
//! lists kept as bitmasks for filters and counts. `partners::ssr::index` keeps it in step with its sources.
use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnerIndex {
    Table,
    AccountId,
    CountryCode,
    Plus,
    DisplayName,
    SchoolName,
    City,
    Introduction,
    ProjectIdea,
    Subjects,
    AgeRanges,
    Languages,
    Themes,
    OpenToPlus,
    LookingNow,
    LastActiveAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    LastActiveAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // When the person last signed in or changed their interests: partner search sorts by it.
        manager
            .alter_table(Table::alter().table(Accounts::Table).add_column(timestamp_with_time_zone_null(Accounts::LastActiveAt)).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PartnerIndex::Table)
                    .col(integer(PartnerIndex::AccountId).primary_key())
                    .col(string_len(PartnerIndex::CountryCode, 2))
                    // The country takes part in eTwinning Plus (copied from `countries`, for the programme filter).
                    .col(boolean(PartnerIndex::Plus).default(false))
                    .col(string_len(PartnerIndex::DisplayName, 200))
                    .col(string_len(PartnerIndex::SchoolName, 200).default(""))
                    .col(string_len(PartnerIndex::City, 100).default(""))
                    .col(text(PartnerIndex::Introduction).default(""))
                    .col(text(PartnerIndex::ProjectIdea).default(""))
                    .col(big_integer(PartnerIndex::Subjects).default(0))
                    .col(big_integer(PartnerIndex::AgeRanges).default(0))
                    .col(big_integer(PartnerIndex::Languages).default(0))
                    .col(big_integer(PartnerIndex::Themes).default(0))
                    .col(boolean(PartnerIndex::OpenToPlus).default(false))
                    .col(boolean(PartnerIndex::LookingNow).default(false))
                    .col(timestamp_with_time_zone(PartnerIndex::LastActiveAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PartnerIndex::Table, PartnerIndex::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // "Recent activity" order. The id is the order's tie-breaker: with it in the index, the first page is read
        // off the index instead of sorting every match. (No such index per country: it would tempt the planner
        // away from the covering facets index below when counting, which costs far more.)
        manager
            .create_index(
                Index::create()
                    .name("idx_partner_index_recent")
                    .table(PartnerIndex::Table)
                    .col(PartnerIndex::LastActiveAt)
                    .col(PartnerIndex::AccountId)
                    .to_owned(),
            )
            .await?;


        // Counting options scans this narrow index instead of the rows with their texts.
        manager
            .create_index(
                Index::create()
                    .name("idx_partner_index_facets")
                    .table(PartnerIndex::Table)
                    .col(PartnerIndex::CountryCode)
                    .col(PartnerIndex::Plus)
                    .col(PartnerIndex::Subjects)
                    .col(PartnerIndex::AgeRanges)
                    .col(PartnerIndex::Languages)
                    .col(PartnerIndex::OpenToPlus)
                    .col(PartnerIndex::LookingNow)
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Sqlite => {
                // External content: the text lives once, in partner_index; triggers keep the FTS index in step.
                // Prefix indexes for 2 to 6 letters: the word being typed is a prefix, and asking about one row
                // at a time (see `partners::ssr::Text::RowsFirst`) would otherwise expand it again for each row. The school
                // column indexes the school's name and town (the 'delete' values must repeat what was indexed).
                // remove_diacritics: "Lucia" finds "Lucía".
                for sql in [
                    "CREATE VIRTUAL TABLE partner_text USING fts5(display_name, school_name, introduction, project_idea, \
                     content='partner_index', content_rowid='account_id', tokenize='unicode61 remove_diacritics 2', \
                     prefix='2 3 4 5 6')",
                    "CREATE TRIGGER partner_index_ai AFTER INSERT ON partner_index BEGIN \
                     INSERT INTO partner_text(rowid, display_name, school_name, introduction, project_idea) \
                     VALUES (new.account_id, new.display_name, new.school_name || ' ' || new.city, new.introduction, new.project_idea); END",
                    "CREATE TRIGGER partner_index_ad AFTER DELETE ON partner_index BEGIN \
                     INSERT INTO partner_text(partner_text, rowid, display_name, school_name, introduction, project_idea) \
                     VALUES ('delete', old.account_id, old.display_name, old.school_name || ' ' || old.city, old.introduction, old.project_idea); END",
                    "CREATE TRIGGER partner_index_au AFTER UPDATE ON partner_index BEGIN \
                     INSERT INTO partner_text(partner_text, rowid, display_name, school_name, introduction, project_idea) \
                     VALUES ('delete', old.account_id, old.display_name, old.school_name || ' ' || old.city, old.introduction, old.project_idea); \
                     INSERT INTO partner_text(rowid, display_name, school_name, introduction, project_idea) \
                     VALUES (new.account_id, new.display_name, new.school_name || ' ' || new.city, new.introduction, new.project_idea); END",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            DatabaseBackend::Postgres => {
                // 'simple': no stemming, so every language of the platform is treated alike. Names weigh most.
                for sql in [
                    "ALTER TABLE partner_index ADD COLUMN search tsvector GENERATED ALWAYS AS ( \
                     setweight(to_tsvector('simple', display_name), 'A') || \
                     setweight(to_tsvector('simple', school_name || ' ' || city), 'B') || \
                     setweight(to_tsvector('simple', project_idea), 'C') || \
                     setweight(to_tsvector('simple', introduction), 'D')) STORED",
                    "CREATE INDEX idx_partner_index_search ON partner_index USING GIN (search)",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            other => return Err(DbErr::Custom(format!("unsupported database backend {other:?}"))),
        }
        // Teachers who were already visible: the same statement `partners::ssr::index::rebuild` runs.
        db.execute(&crate::partners::ssr::index::fill_statement(None)).await?;
        Ok(())
    }
}
