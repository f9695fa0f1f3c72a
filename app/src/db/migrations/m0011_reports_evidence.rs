//! Reports are evidence. A report survives the erasure of the person who filed it and of the person it is
//! about (they become nobody: the column is emptied, the report stays), and it keeps a copy of what was
//! reported as it read when the report was filed, so that deleting or editing it afterwards destroys nothing.
//!
//! SQLite cannot change a foreign key in place, so the table is rebuilt the same way on both databases: a new
//! table, the rows copied with their ids, the old table dropped, the new one renamed, its indexes made again.
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
    ContentSnapshot,
}

#[derive(DeriveIden)]
enum ReportsRebuilt {
    Table,
}

fn fk(from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

const KEPT: [Reports; 14] = [
    Reports::Id,
    Reports::ReporterId,
    Reports::TargetKind,
    Reports::TargetId,
    Reports::ProjectId,
    Reports::SubjectAccountId,
    Reports::Countries,
    Reports::Reason,
    Reports::Details,
    Reports::Status,
    Reports::OpenFlag,
    Reports::CreatedAt,
    Reports::ResolvedBy,
    Reports::ResolvedAt,
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let rebuilt = Table::create()
            .table(ReportsRebuilt::Table)
            .col(pk_auto(Reports::Id))
            // Empty once the reporter's account is erased.
            .col(integer_null(Reports::ReporterId))
            .col(string_len(Reports::TargetKind, 20))
            .col(integer(Reports::TargetId))
            .col(integer_null(Reports::ProjectId))
            .col(integer_null(Reports::SubjectAccountId))
            .col(string_len(Reports::Countries, 200))
            .col(string_len(Reports::Reason, 30))
            .col(text(Reports::Details))
            .col(string_len(Reports::Status, 12))
            .col(boolean_null(Reports::OpenFlag))
            .col(timestamp_with_time_zone(Reports::CreatedAt))
            .col(integer_null(Reports::ResolvedBy))
            .col(timestamp_with_time_zone_null(Reports::ResolvedAt))
            // What was reported, as it read when the report was filed.
            .col(text_null(Reports::ContentSnapshot))
            .foreign_key(&mut fk((ReportsRebuilt::Table, Reports::ReporterId), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
            .foreign_key(&mut fk((ReportsRebuilt::Table, Reports::ProjectId), (Projects::Table, Projects::Id), ForeignKeyAction::Cascade))
            .foreign_key(&mut fk((ReportsRebuilt::Table, Reports::SubjectAccountId), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
            .foreign_key(&mut fk((ReportsRebuilt::Table, Reports::ResolvedBy), (Accounts::Table, Accounts::Id), ForeignKeyAction::SetNull))
            .to_owned();
        let copy = Query::insert()
            .into_table(ReportsRebuilt::Table)
            .columns(KEPT)
            .select_from(Query::select().columns(KEPT).from(Reports::Table).to_owned())
            .map_err(|err| DbErr::Migration(err.to_string()))?
            .to_owned();
        let mut steps = vec![
            backend.build(&rebuilt).sql,
            backend.build(&copy).sql,
            backend.build(&Table::drop().table(Reports::Table).to_owned()).sql,
            backend.build(&Table::rename().table(ReportsRebuilt::Table, Reports::Table).to_owned()).sql,
        ];
        if backend == sea_orm::DbBackend::Postgres {
            // The ids were copied: the sequence continues after the highest.
            steps.push("SELECT setval(pg_get_serial_sequence('reports', 'id'), COALESCE((SELECT MAX(id) FROM reports), 0) + 1, false)".into());
        }
        let indexes = [
            Index::create()
                .name("idx_reports_one_open")
                .table(Reports::Table)
                .col(Reports::ReporterId)
                .col(Reports::TargetKind)
                .col(Reports::TargetId)
                .col(Reports::OpenFlag)
                .unique()
                .to_owned(),
            Index::create().name("idx_reports_queue").table(Reports::Table).col(Reports::Status).col(Reports::CreatedAt).to_owned(),
            Index::create().name("idx_reports_target").table(Reports::Table).col(Reports::TargetKind).col(Reports::TargetId).to_owned(),
            Index::create().name("idx_reports_subject").table(Reports::Table).col(Reports::SubjectAccountId).to_owned(),
        ];
        steps.extend(indexes.iter().map(|index| backend.build(index).sql));
        // One batch on one connection: SQLite's other pooled connections could otherwise still see the old table
        // when the new one is renamed.
        manager.get_connection().execute_unprepared(&steps.join(";\n")).await?;
        Ok(())
    }
}
