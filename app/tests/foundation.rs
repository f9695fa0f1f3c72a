//! The foundation on both databases: schema, reference data, the home page's figures, the demo and the first
//! administrator.
use crate::support;

use app::{
    accounts::ssr::{create_administrator, entity as accounts},
    countries::{COUNTRIES, Programme, ssr as countries},
    db,
    error::AppError,
    home::ssr::platform_stats,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use support::{on_each_database, on_each_empty_database};

#[tokio::test]
async fn migrations_apply_once_and_readiness_follows_them() {
    on_each_empty_database(|conn, backend| async move {
        assert!(!db::is_ready(&conn).await, "{backend:?}: an unmigrated database is not ready");
        db::migrate(&conn).await.unwrap();
        assert!(db::is_ready(&conn).await, "{backend:?}: ready after migrating");
        db::migrate(&conn).await.expect("migrating again is a no-op");
    })
    .await;
}

#[tokio::test]
async fn every_participating_country_is_loaded_with_its_support_organisation() {
    on_each_database(|conn, backend| async move {
        let list = countries::list(&conn).await.unwrap();
        assert_eq!(list.len(), 46, "{backend:?}");
        assert_eq!(list.len(), COUNTRIES.len());
        let georgia = list.iter().find(|c| c.code == "GE").expect("Georgia");
        assert_eq!(georgia.programme, Programme::EtwinningPlus);
        assert_eq!(georgia.support_organisation, "Partner Support Agency of Georgia");
        let france = list.iter().find(|c| c.code == "FR").expect("France");
        assert_eq!(france.support_organisation, "National Support Organisation of France");
        // Sorted by name for the index page.
        let names: Vec<_> = list.iter().map(|c| c.name.clone()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);

        // Syncing again neither duplicates nor fails, and repairs an edited row.
        let mut edited: countries::entity::ActiveModel =
            countries::entity::Entity::find_by_id("FR").one(&conn).await.unwrap().unwrap().into();
        edited.name = Set("Frankreich".into());
        edited.update(&conn).await.unwrap();
        countries::sync_reference_data(&conn).await.unwrap();
        let list = countries::list(&conn).await.unwrap();
        assert_eq!(list.len(), 46);
        assert!(list.iter().any(|c| c.code == "FR" && c.name == "France"));
    })
    .await;
}

#[tokio::test]
async fn the_demo_seeds_once_and_the_figures_count_only_validated_teachers_and_approved_projects() {
    on_each_database(|conn, backend| async move {
        assert!(app::demo::refuse_in_production(&conn, true, false).await.is_ok(), "a fresh database serves in production");
        let empty = platform_stats(&conn).await.unwrap();
        assert_eq!((empty.countries, empty.schools, empty.teachers, empty.projects), (46, 0, 0, 0), "{backend:?}");

        assert!(app::demo::seed(&conn).await.unwrap(), "seeds an empty database");
        let stats = platform_stats(&conn).await.unwrap();
        // The demo has 12 schools, 15 staff of whom 2 await validation, and 5 projects of which 1 awaits approval.
        assert_eq!((stats.countries, stats.schools, stats.teachers, stats.projects), (46, 12, 13, 4), "{backend:?}");

        assert!(!app::demo::seed(&conn).await.unwrap(), "a second run changes nothing");
        // Demo accounts have a published password: a production server neither seeds them nor serves with them.
        assert!(app::demo::refuse_in_production(&conn, true, true).await.is_err());
        assert!(app::demo::refuse_in_production(&conn, true, false).await.unwrap_err().contains("demo accounts"), "{backend:?}");
        assert!(app::demo::refuse_in_production(&conn, false, false).await.is_ok());
        assert_eq!(platform_stats(&conn).await.unwrap(), stats);

        // Suspending a teacher takes them out of the figures at once.
        let teacher = accounts::Entity::find()
            .filter(accounts::Column::Status.eq("validated"))
            .one(&conn)
            .await
            .unwrap()
            .unwrap();
        let mut teacher: accounts::ActiveModel = teacher.into();
        teacher.status = Set("suspended".into());
        teacher.update(&conn).await.unwrap();
        assert_eq!(platform_stats(&conn).await.unwrap().teachers, 12);
    })
    .await;
}

#[tokio::test]
async fn the_first_administrator_is_created_with_a_hashed_password_and_checked_input() {
    on_each_database(|conn, backend| async move {
        let id = create_administrator(&conn, " Admin@Example.EU ", "Ada Admin", "correct horse battery").await.unwrap();
        let admin = accounts::Entity::find_by_id(id).one(&conn).await.unwrap().unwrap();
        assert_eq!(admin.email.as_deref(), Some("admin@example.eu"), "{backend:?}");
        assert_eq!(admin.platform_role, "admin");
        let hash = admin.password_hash.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(!hash.contains("correct horse"));

        let duplicate = create_administrator(&conn, "admin@example.eu", "Other", "another long password").await;
        assert!(matches!(duplicate, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "email"), "{duplicate:?}");
        let short = create_administrator(&conn, "b@example.eu", "Bea", "short").await;
        assert!(matches!(short, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "password"), "{short:?}");
        let markup = create_administrator(&conn, "c@example.eu", "<script>x</script>", "long enough password").await;
        assert!(matches!(markup, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "name"), "{markup:?}");
        let bad_email = create_administrator(&conn, "not-an-email", "Cy", "long enough password").await;
        assert!(matches!(bad_email, Err(AppError::Invalid { field: Some(ref f), .. }) if f == "email"), "{bad_email:?}");
        // Refused input left nothing behind.
        assert_eq!(accounts::Entity::find().all(&conn).await.unwrap().len(), 1);
    })
    .await;
}

/// A read on the request's own thread (`db::local`, SQLite) answers what the pool answers, value for value: every
/// column of an account (booleans, times, absent values, text with a line break), a time bound as a value compared
/// with the stored ones as through sqlx, and a left join that found nothing. On PostgreSQL the same call goes
/// through the pool.
#[tokio::test]
async fn a_read_on_the_request_thread_answers_what_the_pool_answers() {
    use db::local;
    use sea_orm::{QueryOrder, QuerySelect, QueryTrait, sea_query::Expr};
    on_each_database(|conn, backend| async move {
        let admin = create_administrator(&conn, "admin@example.org", "Ada Admin", "a long enough password").await.unwrap();
        accounts::Entity::update_many()
            .col_expr(accounts::Column::EmailVerifiedAt, Expr::value(chrono::Utc::now()))
            .col_expr(accounts::Column::DecisionReason, Expr::value("first line\nsecond «line»"))
            .col_expr(accounts::Column::ReportMail, Expr::value(true))
            .filter(accounts::Column::Id.eq(admin))
            .exec(&conn)
            .await
            .unwrap();
        let query = || accounts::Entity::find().filter(accounts::Column::CreatedAt.lte(chrono::Utc::now())).order_by_asc(accounts::Column::Id);
        let read_here = local::reads_of(&conn);
        let here: Vec<accounts::Model> = local::all(&conn, query().build(conn.get_database_backend())).await.unwrap();
        let reads = local::reads_of(&conn) - read_here;
        let pooled = query().all(&conn).await.unwrap();
        assert!(here.iter().any(|account| account.id == admin && account.report_mail && account.suspended_until.is_none()), "{backend:?}");
        assert_eq!(here, pooled, "{backend:?}");
        assert_eq!(reads, u64::from(backend == db::Backend::Sqlite), "{backend:?}: read on the request's thread only on SQLite");
        // A session and its account read together, as every signed-in page does (`select_also`, a left join): a
        // session of nobody has no account.
        use app::accounts::session_store::entity as sessions;
        for (id, account) in [("of-nobody", None), ("of-ada", Some(admin))] {
            let expires_at = chrono::Utc::now() + chrono::TimeDelta::hours(1);
            let session = sessions::ActiveModel { id: Set(id.to_owned()), account_id: Set(account), data: Set("{}".to_owned()), expires_at: Set(expires_at) };
            session.insert(&conn).await.unwrap();
            let statement = sessions::Entity::find_by_id(id)
                .filter(sessions::Column::ExpiresAt.gt(chrono::Utc::now()))
                .select_also(accounts::Entity)
                .join(sea_orm::JoinType::LeftJoin, sessions::Entity::belongs_to(accounts::Entity).from(sessions::Column::AccountId).to(accounts::Column::Id).into())
                .limit(1)
                .build(conn.get_database_backend());
            let local::Also(session, joined) = local::one::<local::Also<sessions::Model, accounts::Model>>(&conn, statement).await.unwrap().expect("the session");
            assert_eq!((session.id.as_str(), session.account_id, joined.map(|a| a.id)), (id, account, account), "{backend:?}");
        }
    })
    .await;
}
