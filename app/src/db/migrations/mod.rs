//! Schema migrations, applied in order at start and by `server migrate`.
//!
//! To add one: copy the newest file to `mNNNN_what.rs`, write `up` with sea-query's schema builder (it emits the
//! right SQL for SQLite and PostgreSQL), and append it to `migrations()` below. Never edit a migration that
//! has shipped.
use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_accounts;
mod m0003_contacts;
mod m0004_interests;
mod m0005_account_locale;
mod m0006_partner_index;
mod m0007_teacher_profile;
mod m0008_projects_twinspace;
mod m0009_twinspace_content;
mod m0010_moderation;
mod m0011_reports_evidence;
mod m0012_request_keys;
mod m0013_quality_labels;
mod m0014_school_labels_prizes;
mod m0015_private_messages;
mod m0016_notifications;
mod m0017_seminars;
mod m0018_newsletter_theme;
mod m0019_groups;
mod m0020_group_moderation;
mod m0021_learning_events;
mod m0022_learning_post_moderation;
mod m0023_group_post_edits;
mod m0024_seminar_cancellation;
mod m0025_outbox_claims;
mod m0026_partner_search_sqlite;
mod m0027_partner_index_changes;
mod m0028_partner_words;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_accounts::Migration),
            Box::new(m0003_contacts::Migration),
            Box::new(m0004_interests::Migration),
            Box::new(m0005_account_locale::Migration),
            Box::new(m0006_partner_index::Migration),
            Box::new(m0007_teacher_profile::Migration),
            Box::new(m0008_projects_twinspace::Migration),
            Box::new(m0009_twinspace_content::Migration),
            Box::new(m0010_moderation::Migration),
            Box::new(m0011_reports_evidence::Migration),
            Box::new(m0012_request_keys::Migration),
            Box::new(m0013_quality_labels::Migration),
            Box::new(m0014_school_labels_prizes::Migration),
            Box::new(m0015_private_messages::Migration),
            Box::new(m0016_notifications::Migration),
            Box::new(m0017_seminars::Migration),
            Box::new(m0018_newsletter_theme::Migration),
            Box::new(m0019_groups::Migration),
            Box::new(m0020_group_moderation::Migration),
            Box::new(m0021_learning_events::Migration),
            Box::new(m0022_learning_post_moderation::Migration),
            Box::new(m0023_group_post_edits::Migration),
            Box::new(m0024_seminar_cancellation::Migration),
            Box::new(m0025_outbox_claims::Migration),
            Box::new(m0026_partner_search_sqlite::Migration),
            Box::new(m0027_partner_index_changes::Migration),
            Box::new(m0028_partner_words::Migration),
        ]
    }
}
