//! The shared harness lives in `app::testing`, so the server crate's tests use it too. The people helpers are
//! shared by the data-layer tests here.
#![allow(dead_code)] // Each test file uses some of these.
pub use app::testing::*;

use app::{access::Viewer, accounts::ssr::entity};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};

/// A person with an address derived from the name (staff only: pupils have none), entered as every code path
/// that writes accounts leaves them: with their partner index row refreshed.
pub async fn person(db: &DatabaseConnection, name: &str, country: &str, status: &str, kind: &str, role: &str) -> Viewer {
    let account = entity::ActiveModel {
        kind: Set(kind.into()),
        email: Set((kind == "staff").then(|| format!("{}@school.eu", name.to_lowercase().replace(' ', ".")))),
        display_name: Set(name.into()),
        platform_role: Set(role.into()),
        country_code: Set(Some(country.into())),
        status: Set(status.into()),
        created_at: Set(chrono::Utc::now()),
        email_verified_at: Set(Some(chrono::Utc::now())),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    app::partners::ssr::index::refresh(db, account.id).await.unwrap();
    account.viewer()
}

/// A validated teacher of a country.
pub async fn validated(db: &DatabaseConnection, name: &str, country: &str) -> Viewer {
    person(db, name, country, "validated", "staff", "member").await
}
