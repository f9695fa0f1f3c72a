//! Projects: founded by two teachers, accepted by the co-founder, approved by the support organisation of each
//! founder's country, then worked on in a TwinSpace (`crate::twinspace`). Public project pages and the project
//! directory show only approved projects, and only what their members chose to make public.
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use views::{FoundProjectPage, MyProjectsPage, ProjectApprovalsPage, ProjectPage, ProjectsPage};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectStatus {
    /// Founded, waiting for the co-founder and the support organisations.
    Proposed,
    /// Approved: the TwinSpace is open.
    Open,
    /// Read-only.
    Archived,
    Closed,
    /// A support organisation said no (with a reason).
    Rejected,
    /// The co-founder said no.
    Declined,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 6] = [
        ProjectStatus::Proposed,
        ProjectStatus::Open,
        ProjectStatus::Archived,
        ProjectStatus::Closed,
        ProjectStatus::Rejected,
        ProjectStatus::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Proposed => "proposed",
            ProjectStatus::Open => "open",
            ProjectStatus::Archived => "archived",
            ProjectStatus::Closed => "closed",
            ProjectStatus::Rejected => "rejected",
            ProjectStatus::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<ProjectStatus> {
        ProjectStatus::ALL.into_iter().find(|status| status.as_str() == value)
    }

    /// Statuses of projects that were approved and so count as the platform's projects.
    pub const APPROVED: [ProjectStatus; 3] = [ProjectStatus::Open, ProjectStatus::Archived, ProjectStatus::Closed];

    pub fn approved(self) -> bool {
        ProjectStatus::APPROVED.contains(&self)
    }
}

/// Where one support organisation stands on a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalStatus {
    Pending,
    Approved,
    Rejected,
}

impl ApprovalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<ApprovalStatus> {
        [ApprovalStatus::Pending, ApprovalStatus::Approved, ApprovalStatus::Rejected].into_iter().find(|s| s.as_str() == value)
    }
}

/// The founding form as browsers send it: ticked boxes as `form[subjects][art]=on`, so it needs no JavaScript.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FoundingForm {
    pub title: String,
    pub summary: String,
    /// The co-founder's account id, one of the founder's contacts.
    pub cofounder: String,
    pub languages: BTreeMap<String, String>,
    pub age_ranges: BTreeMap<String, String>,
    pub subjects: BTreeMap<String, String>,
    pub pupils_count: String,
    pub tools: String,
    pub aims: String,
    pub work_process: String,
    pub expected_results: String,
    /// Ticked: this year's annual theme (the year); absent when not ticked.
    #[serde(default)]
    pub annual_theme: Option<String>,
}

/// A project in lists: the directory, my projects, the approval queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectCard {
    pub id: i32,
    pub title: String,
    pub summary: String,
    pub status: ProjectStatus,
    /// Both founders in one country: allowed, but not eligible for Quality Labels.
    pub national: bool,
    /// Country codes of the teachers taking part, in the reference list's order.
    pub countries: Vec<String>,
    pub age_ranges: Vec<String>,
    pub subjects: Vec<String>,
    /// Countries whose support organisation awarded a National Quality Label to a teacher of this project.
    pub national_labels: Vec<String>,
    /// The year of its European Quality Label.
    pub european_label: Option<i32>,
    /// The year of the annual theme it took up.
    pub theme_year: Option<i32>,
}

/// Teachers taking part from one country, on the public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryMembers {
    pub code: String,
    pub teachers: u32,
    /// Their names, when the members chose to show them.
    pub names: Vec<String>,
}

/// The public page of an approved project. Pupils are never on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProject {
    pub card: ProjectCard,
    pub languages: Vec<String>,
    pub countries: Vec<CountryMembers>,
    pub show_members: bool,
    /// The viewer is a member: the page links to the TwinSpace.
    pub viewer_is_member: bool,
    /// Pages the members made public: id and title.
    pub public_pages: Vec<(i32, String)>,
}

/// A proposal as a support organisation judges it: everything the founders wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub card: ProjectCard,
    /// The country whose approval this is.
    pub country_code: String,
    /// Founder and co-founder: name and country code.
    pub founders: Vec<(String, String)>,
    pub languages: Vec<String>,
    pub pupils_count: i32,
    pub tools: String,
    pub aims: String,
    pub work_process: String,
    pub expected_results: String,
}

/// One of the viewer's projects, with where its approval stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProject {
    pub card: ProjectCard,
    pub role: Option<String>,
    /// Waiting for this co-founder's answer (a name), before the support organisations see it.
    pub waiting_for_cofounder: Option<String>,
    /// Country code, approval status and, for a rejection, the reason.
    pub approvals: Vec<(String, ApprovalStatus, Option<String>)>,
}

/// An invitation into a TwinSpace, as the invited teacher sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceInvitation {
    pub project: ProjectCard,
    pub role: String,
    pub invited_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProjects {
    /// Projects others founded with the viewer as co-founder, waiting for the viewer's answer.
    pub to_answer: Vec<MyProject>,
    pub invitations: Vec<SpaceInvitation>,
    pub projects: Vec<MyProject>,
    /// Whether the viewer may found projects (validated teachers).
    pub may_found: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub projects: Vec<ProjectCard>,
}

pub const DIRECTORY_PAGE_SIZE: u64 = 24;

/// The eTwinning Plus rule: a project with a school from an eTwinning Plus country needs schools from at least
/// two eTwinning countries. Given the countries of the project's teachers (founding, joining, leaving).
pub fn plus_rule_holds<'a>(countries: impl IntoIterator<Item = &'a str>) -> bool {
    use crate::countries::{COUNTRIES, Programme};
    let mut countries: Vec<&str> = countries.into_iter().collect();
    countries.sort_unstable();
    countries.dedup();
    let programme = |code: &str| COUNTRIES.iter().find(|(c, ..)| *c == code).map(|(_, _, p)| *p);
    let with_plus = countries.iter().any(|c| programme(c) == Some(Programme::EtwinningPlus));
    let etwinning = countries.iter().filter(|c| programme(c) == Some(Programme::Etwinning)).count();
    !with_plus || etwinning >= 2
}

#[server(prefix = "/api")]
pub async fn found_project(form: FoundingForm, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    let found = async |txn: &sea_orm::DatabaseTransaction| ssr::found(txn, &viewer, &form, &site.public_url).await;
    let id = crate::requests::ssr::once(&db, viewer.id, &request, found).await.map_err(crate::error::respond_with)?.value();
    leptos_axum::redirect(&format!("/projects/mine?founded={id}"));
    Ok(())
}

#[server(prefix = "/api")]
pub async fn answer_cofounding(project: i32, accept: bool) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::answer_cofounding(&db, &viewer, project, accept).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_my_projects() -> Result<MyProjects, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::mine(&db, &viewer).await.map_err(crate::error::respond_with)
}

/// The founder's contacts who could co-found: validated teachers.
#[server(prefix = "/api")]
pub async fn load_possible_cofounders() -> Result<Vec<crate::teachers::TeacherCard>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::possible_cofounders(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_approval_queue() -> Result<Vec<Proposal>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::approval_queue(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn decide_project(project: i32, country: String, approve: bool, #[server(default)] reason: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    ssr::decide(&db, &viewer, project, &country, approve, &reason, &site.public_url).await.map_err(crate::error::respond_with)
}

/// The project directory: anyone may read it, signed in or not.
#[server(prefix = "/api")]
pub async fn load_directory(
    #[server(default)] q: String,
    #[server(default)] country: String,
    #[server(default)] labelled: bool,
    #[server(default)] page: u64,
) -> Result<DirectoryPage, AppError> {
    let db = crate::db::conn()?;
    ssr::directory(&db, &q, &country, labelled, page).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_public_project(id: i32) -> Result<PublicProject, AppError> {
    let db = crate::db::conn()?;
    let viewer = crate::accounts::ssr::viewer_of_request(&db).await?;
    ssr::public_page(&db, viewer.as_ref(), id).await.map_err(crate::error::respond_with)
}
