//! PostgreSQL: the partner index's words again, in a narrow table of their own. Partner search's option counts
//! ask which teachers a text matches (`partners::ssr::counts`); for a common word that is a third of the index,
//! and the GIN index only says which rows: the rows themselves must be read for their ids, and `partner_index`'s
//! rows are wide (≈ 500 bytes, 75,000 pages at 1.2 million teachers). Here a row is the id and the words alone,
//! stripped of their positions and weights (≈ 200 bytes; `strip`): counting asks only whether the words are there,
//! ranking (which needs them) still reads `partner_index.search`.
//! A trigger keeps the table in step with `partner_index`, as SQLite's triggers keep its FTS5 table.
//! SQLite needs nothing: its FTS5 table already answers with ids alone.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        for sql in [
            "CREATE TABLE partner_words (account_id integer PRIMARY KEY, search tsvector NOT NULL)",
            "INSERT INTO partner_words (account_id, search) SELECT account_id, strip(search) FROM partner_index",
            "CREATE INDEX idx_partner_words_search ON partner_words USING GIN (search)",
            // Statement triggers with the rows as tables: a rebuild writes the whole index in one statement, and
            // row triggers would write here once a row. `search` is generated: an AFTER trigger sees its value.
            // An update that leaves the words as they were (`index::touch`, the activity time) writes nothing.
            "CREATE FUNCTION partner_words_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               INSERT INTO partner_words (account_id, search) SELECT account_id, strip(search) FROM added \
                 ON CONFLICT (account_id) DO UPDATE SET search = EXCLUDED.search \
                 WHERE partner_words.search IS DISTINCT FROM EXCLUDED.search; \
               RETURN NULL; END $$",
            "CREATE FUNCTION partner_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               DELETE FROM partner_words w USING removed r WHERE w.account_id = r.account_id; \
               RETURN NULL; END $$",
            "CREATE FUNCTION partner_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               DELETE FROM partner_words w USING removed r WHERE w.account_id = r.account_id \
                 AND NOT EXISTS (SELECT 1 FROM added a WHERE a.account_id = r.account_id); \
               INSERT INTO partner_words (account_id, search) SELECT account_id, strip(search) FROM added \
                 ON CONFLICT (account_id) DO UPDATE SET search = EXCLUDED.search \
                 WHERE partner_words.search IS DISTINCT FROM EXCLUDED.search; \
               RETURN NULL; END $$",
            "CREATE TRIGGER partner_words_ai AFTER INSERT ON partner_index REFERENCING NEW TABLE AS added \
             FOR EACH STATEMENT EXECUTE FUNCTION partner_words_added()",
            "CREATE TRIGGER partner_words_au AFTER UPDATE ON partner_index REFERENCING OLD TABLE AS removed NEW TABLE AS added \
             FOR EACH STATEMENT EXECUTE FUNCTION partner_words_changed()",
            "CREATE TRIGGER partner_words_ad AFTER DELETE ON partner_index REFERENCING OLD TABLE AS removed \
             FOR EACH STATEMENT EXECUTE FUNCTION partner_words_removed()",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
