//! Partner search on SQLite at a million teachers (PostgreSQL's planner needs none of this):
//! - a recency index per country, covering the filters, so that a deep page within a country and a common word
//!   within a country walk one country's rows in order instead of sorting them;
//! - the full-text row written anew only when a text changed: every sign-in updates the activity time, and
//!   rewriting the text each time left the full-text index in ever more pieces, each asked on every search;
//! - the full-text index's vocabulary as a table (`partner_text_vocab`), so that a long word being typed is
//!   looked up as the few whole words it begins (`partners::ssr::expand_last_word`);
//! - the full-text index merged into one piece.
use sea_orm_migration::{prelude::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too (sea-orm-migration's default there is none): the trigger is dropped and
    /// made again on one connection, and a failure leaves the old one in place.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        for sql in [
            "CREATE INDEX idx_partner_index_country_recent ON partner_index \
             (country_code, last_active_at, account_id, plus, subjects, age_ranges, languages, open_to_plus, looking_now)",
            "DROP TRIGGER partner_index_au",
            "CREATE TRIGGER partner_index_au AFTER UPDATE OF display_name, school_name, city, introduction, project_idea \
             ON partner_index \
             WHEN old.display_name IS NOT new.display_name OR old.school_name IS NOT new.school_name OR old.city IS NOT new.city \
             OR old.introduction IS NOT new.introduction OR old.project_idea IS NOT new.project_idea BEGIN \
             INSERT INTO partner_text(partner_text, rowid, display_name, school_name, introduction, project_idea) \
             VALUES ('delete', old.account_id, old.display_name, old.school_name || ' ' || old.city, old.introduction, old.project_idea); \
             INSERT INTO partner_text(rowid, display_name, school_name, introduction, project_idea) \
             VALUES (new.account_id, new.display_name, new.school_name || ' ' || new.city, new.introduction, new.project_idea); END",
            "CREATE VIRTUAL TABLE partner_text_vocab USING fts5vocab(partner_text, 'row')",
            "INSERT INTO partner_text(partner_text) VALUES ('optimize')",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
