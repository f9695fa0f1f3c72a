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

/// Makes two teachers contacts, as the contact functions do.
pub async fn contacts(db: &DatabaseConnection, a: &Viewer, b: &Viewer) {
    app::teachers::ssr::send_request(db, a, b.id, "", "https://opentwin.example").await.unwrap();
    app::teachers::ssr::answer(db, b, a.id, true).await.unwrap();
}

/// A complete founding form with a co-founder.
pub fn founding(title: &str, cofounder: i32) -> app::projects::FoundingForm {
    let ticked = |keys: &[&str]| keys.iter().map(|k| (k.to_string(), "on".to_string())).collect();
    app::projects::FoundingForm {
        title: title.into(),
        summary: "Our classes compare the rivers of their towns.".into(),
        cofounder: cofounder.to_string(),
        languages: ticked(&["en", "fr"]),
        age_ranges: ticked(&["from_12_to_15"]),
        subjects: ticked(&["science", "geography"]),
        pupils_count: "48".into(),
        tools: "TwinSpace, video calls".into(),
        aims: "Measure water quality together.".into(),
        work_process: "One task a month.".into(),
        expected_results: "A shared report.".into(),
        annual_theme: None,
    }
}

/// A complete group form (`access`: "open", "request" or "invitation").
pub fn group_form(name: &str, access: &str) -> app::groups::GroupForm {
    app::groups::GroupForm {
        name: name.into(),
        description: "Teachers who bring climate questions into every subject.".into(),
        subject: "environment".into(),
        language: "en".into(),
        country: String::new(),
        access: access.into(),
        annual_theme: None,
    }
}

/// Founds a project between two contacts and takes it through the co-founder's answer and every approval, as
/// the real functions do; returns its id.
pub async fn open_project(db: &DatabaseConnection, founder: &Viewer, cofounder: &Viewer, title: &str) -> i32 {
    use app::projects::ssr as projects;
    let id = projects::found(db, founder, &founding(title, cofounder.id), "https://opentwin.example").await.unwrap();
    projects::answer_cofounding(db, cofounder, id, true).await.unwrap();
    let css = person(db, &format!("CSS for {title}"), "BE", "validated", "staff", "css_moderator").await;
    for (project, country) in app::projects::ssr::approval_queue(db, &css).await.unwrap().into_iter().map(|p| (p.card.id, p.country_code)) {
        if project == id {
            projects::decide(db, &css, id, &country, true, "", "https://opentwin.example").await.unwrap();
        }
    }
    id
}

/// An object store in a fresh temporary directory, for functions that keep or remove files.
pub fn store() -> app::teachers::pictures::ssr::PictureStore {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    app::teachers::pictures::ssr::local_store(&std::env::temp_dir().join(format!("opentwin-store-{}-{n}", std::process::id()))).unwrap()
}

/// A space's storage with room to spare, for tests about something else.
pub const ROOMY: u64 = 1 << 40;

/// A file sent to a TwinSpace as the server receives it: in pieces (of 64 KB, as a browser's upload arrives),
/// with room to spare in the space's storage.
pub async fn upload(
    db: &DatabaseConnection,
    store: &app::teachers::pictures::ssr::PictureStore,
    viewer: &Viewer,
    project: i32,
    folder: Option<i32>,
    name: &str,
    bytes: Vec<u8>,
) -> Result<i32, app::error::AppError> {
    upload_in_pieces(db, store, viewer, project, folder, name, bytes, ROOMY, 64 * 1024).await
}

/// The same, with the space's storage quota and the size of the pieces given.
#[allow(clippy::too_many_arguments)]
pub async fn upload_in_pieces(
    db: &DatabaseConnection,
    store: &app::teachers::pictures::ssr::PictureStore,
    viewer: &Viewer,
    project: i32,
    folder: Option<i32>,
    name: &str,
    bytes: Vec<u8>,
    quota: u64,
    piece: usize,
) -> Result<i32, app::error::AppError> {
    let pieces: Vec<Result<bytes::Bytes, app::error::AppError>> =
        bytes.chunks(piece.max(1)).map(|chunk| Ok(bytes::Bytes::copy_from_slice(chunk))).collect();
    app::twinspace::materials::ssr::upload(db, store, viewer, project, folder, name, "", quota, futures_util::stream::iter(pieces)).await
}
