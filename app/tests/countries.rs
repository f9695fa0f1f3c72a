//! Country figures on both databases: only validated school staff count, pupils and support staff never do,
//! and each approved project counts once per country it has members in.
use crate::support;

use app::{
    accounts::ssr::{KIND_PUPIL, KIND_STAFF, entity as accounts},
    countries::ssr::{numbers, summaries},
    error::AppError,
    projects::ssr::{entity as projects, member_entity as members},
    schools::ssr::entity as schools,
};
use chrono::{TimeZone, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use support::on_each_database;

fn at(year: i32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(year, 6, 1, 12, 0, 0).unwrap()
}

async fn school(db: &DatabaseConnection, country: &str, year: i32, confirmed: bool) -> i32 {
    schools::ActiveModel {
        name: Set(format!("School {country} {year}")),
        country_code: Set(country.into()),
        city: Set("Town".into()),
        kind: Set("primary".into()),
        confirmed: Set(confirmed),
        created_at: Set(at(year)),
        name_key: Set(String::new()),
        city_key: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn person(db: &DatabaseConnection, country: &str, year: i32, kind: &str, status: &str, role: &str) -> i32 {
    accounts::ActiveModel {
        kind: Set(kind.into()),
        display_name: Set("Someone".into()),
        platform_role: Set(role.into()),
        country_code: Set(Some(country.into())),
        status: Set(status.into()),
        created_at: Set(at(year)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn project(db: &DatabaseConnection, year: i32, status: &str, members_: &[i32]) {
    let project = projects::ActiveModel {
        title: Set("P".into()),
        summary: Set("S".into()),
        status: Set(status.into()),
        national: Set(false),
        created_at: Set(at(year)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for member in members_ {
        members::ActiveModel {
            project_id: Set(project.id),
            account_id: Set(*member),
            role: Set("teacher_administrator".into()),
            joined_at: Set(at(year)),
        }
        .insert(db)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_country_counts_only_what_the_public_may_see_and_grows_year_by_year() {
    on_each_database(|db, backend| async move {
        school(&db, "FR", 2024, true).await;
        school(&db, "FR", 2025, true).await;
        school(&db, "FR", 2025, false).await; // waiting for confirmation: not counted
        school(&db, "IT", 2025, true).await;

        let a = person(&db, "FR", 2024, KIND_STAFF, "validated", "member").await;
        let b = person(&db, "FR", 2025, KIND_STAFF, "validated", "member").await;
        person(&db, "FR", 2025, KIND_STAFF, "validated", "member").await;
        for status in ["pending", "rejected", "suspended"] {
            person(&db, "FR", 2025, KIND_STAFF, status, "member").await;
        }
        person(&db, "FR", 2025, KIND_PUPIL, "validated", "member").await;
        person(&db, "FR", 2025, KIND_STAFF, "validated", "nso_moderator").await;
        let italian = person(&db, "IT", 2025, KIND_STAFF, "validated", "member").await;

        project(&db, 2024, "open", &[a, italian]).await;
        project(&db, 2025, "archived", &[a, b]).await; // two French members: still one project
        project(&db, 2025, "proposed", &[b, italian]).await; // not approved
        project(&db, 2025, "open", &[italian]).await; // no French member

        let france = numbers(&db, "fr").await.unwrap();
        assert_eq!((france.schools, france.teachers, france.projects), (2, 3, 2), "{backend:?}");
        let years: Vec<_> = france.growth.iter().map(|y| (y.year, y.schools, y.teachers, y.projects)).collect();
        assert_eq!(years, vec![(2024, 1, 1, 1), (2025, 2, 3, 2)], "{backend:?}: cumulative by year");

        let italy = numbers(&db, "IT").await.unwrap();
        assert_eq!((italy.schools, italy.teachers, italy.projects), (1, 1, 2));

        let index = summaries(&db).await.unwrap();
        assert_eq!(index.len(), 46);
        let fr = index.iter().find(|s| s.country.code == "FR").unwrap();
        assert_eq!((fr.schools, fr.teachers), (2, 3));
        let empty = index.iter().find(|s| s.country.code == "MT").unwrap();
        assert_eq!((empty.schools, empty.teachers), (0, 0));
        assert!(numbers(&db, "MT").await.unwrap().growth.is_empty());

        for bad in ["XX", "F", "../etc", "", "FRA", "1'; DROP TABLE countries; --"] {
            assert_eq!(numbers(&db, bad).await, Err(AppError::NotFound), "{bad:?}");
        }
    })
    .await;
}
