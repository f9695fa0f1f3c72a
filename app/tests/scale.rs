//! The synthetic dataset of `server generate-scale`, small, on both databases: deterministic, consistent with
//! the visibility rule, and leaving the database usable (sequences past the generated ids).
use crate::support;

use app::{
    partners::{PartnerQuery, ssr as partners},
    scale::{self, Size},
};
use sea_orm::{EntityTrait, PaginatorTrait, QueryFilter};
use support::on_each_database;

#[tokio::test]
async fn a_small_dataset_is_generated_alike_on_both_databases() {
    on_each_database(|db, backend| async move {
        let size = Size { teachers: 3_000, schools: 700, projects: 400, seed: 7 };
        assert!(scale::generate(&db, size, "bench password", |_| {}).await.unwrap(), "{backend:?}");
        assert!(!scale::generate(&db, size, "bench password", |_| {}).await.unwrap(), "a second run writes nothing");

        use app::accounts::ssr::entity as accounts;
        use sea_orm::ColumnTrait;
        let visible = accounts::Entity::find().filter(app::access::ssr::publicly_visible_teachers()).count(&db).await.unwrap();
        let indexed = partners::index::entity::Entity::find().count(&db).await.unwrap();
        assert_eq!(indexed, visible, "{backend:?}: the partner index holds exactly the visible teachers");
        // The same seed gives the same rows on every database (this figure is the seed's, on both).
        let validated = accounts::Entity::find().filter(accounts::Column::Status.eq("validated")).count(&db).await.unwrap();
        assert_eq!(validated, 2_832 + 1, "{backend:?}: 2,832 generated teachers and the benchmark account");

        let bench = accounts::Entity::find().filter(accounts::Column::Email.eq(scale::BENCH_EMAIL)).one(&db).await.unwrap().unwrap();
        let found = partners::search(&db, None, &bench.viewer(), &PartnerQuery { q: "project".into(), ..Default::default() }).await.unwrap();
        assert!(found.total > 0 && found.results.len() == 24, "{backend:?}: {}", found.total);

        // Ids were written explicitly; new rows still get fresh ones.
        app::accounts::ssr::create_administrator(&db, "after@scale.test", "After", "a long enough password").await.unwrap();
    })
    .await;
}
