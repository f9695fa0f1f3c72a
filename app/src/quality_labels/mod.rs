//! Quality Labels: a teacher applies for a National Quality Label for a project they work in; the support
//! organisation of their country scores the application on the five criteria (and on e-safety) and awards or
//! refuses it; the Central Support Service gives the European Quality Label to projects where teachers of two
//! countries hold a national one. Each label gives its teachers a certificate (`crate::certificates`), and the
//! project shows its labels on its public page and in the directory.
pub mod school;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use views::{ApplyForLabelPage, EuropeanLabelsPage, LabelQueuePage, MyLabelsPage};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an application answers and an assessment scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Criterion {
    /// Collaboration between partner schools (pupils working together online).
    Collaboration,
    /// Use of technology.
    Technology,
    /// Pedagogical innovation.
    Pedagogy,
    /// Curricular integration.
    Curriculum,
    /// Results, impact and documentation.
    Results,
    /// Data protection, copyright and e-safety: scored, not answered.
    Safety,
}

impl Criterion {
    /// The five criteria the applicant writes about.
    pub const ANSWERED: [Criterion; 5] = [Criterion::Collaboration, Criterion::Technology, Criterion::Pedagogy, Criterion::Curriculum, Criterion::Results];
    /// Everything the assessor scores.
    pub const SCORED: [Criterion; 6] =
        [Criterion::Collaboration, Criterion::Technology, Criterion::Pedagogy, Criterion::Curriculum, Criterion::Results, Criterion::Safety];

    pub fn as_str(self) -> &'static str {
        match self {
            Criterion::Collaboration => "collaboration",
            Criterion::Technology => "technology",
            Criterion::Pedagogy => "pedagogy",
            Criterion::Curriculum => "curriculum",
            Criterion::Results => "results",
            Criterion::Safety => "safety",
        }
    }

    pub fn parse(value: &str) -> Option<Criterion> {
        Criterion::SCORED.into_iter().find(|c| c.as_str() == value)
    }

    /// The lowest score with which a label can be awarded: pupils' online collaboration, use of technology and
    /// e-safety must each reach it.
    pub fn minimum(self) -> Option<i32> {
        matches!(self, Criterion::Collaboration | Criterion::Technology | Criterion::Safety).then_some(MINIMUM_SCORE)
    }
}

/// Scores run from 1 (not shown) to 5 (excellent).
pub const MAX_SCORE: i32 = 5;
pub const MINIMUM_SCORE: i32 = 3;
/// At most this many applications per teacher and calendar year.
pub const APPLICATIONS_PER_YEAR: u64 = 4;
/// A project must have been open this long before its teachers apply.
pub const MIN_RUNNING_DAYS: i64 = 60;
/// Links to the TwinSpace an application may give as evidence, and the most the field may hold.
pub const MAX_EVIDENCE: usize = 20;
pub const MAX_EVIDENCE_CHARS: usize = 7000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LabelStatus {
    /// Waiting for the support organisation.
    Submitted,
    Awarded,
    Refused,
}

impl LabelStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LabelStatus::Submitted => "submitted",
            LabelStatus::Awarded => "awarded",
            LabelStatus::Refused => "refused",
        }
    }

    pub fn parse(value: &str) -> Option<LabelStatus> {
        [LabelStatus::Submitted, LabelStatus::Awarded, LabelStatus::Refused].into_iter().find(|s| s.as_str() == value)
    }
}

/// The application form as browsers send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub collaboration: String,
    pub technology: String,
    pub pedagogy: String,
    pub curriculum: String,
    pub results: String,
    /// Links into the project's TwinSpace, one a line.
    pub evidence: String,
}

impl ApplicationForm {
    pub fn answer(&self, criterion: Criterion) -> &str {
        match criterion {
            Criterion::Collaboration => &self.collaboration,
            Criterion::Technology => &self.technology,
            Criterion::Pedagogy => &self.pedagogy,
            Criterion::Curriculum => &self.curriculum,
            Criterion::Results => &self.results,
            Criterion::Safety => "",
        }
    }
}

/// One criterion's score and the assessor's comment on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub criterion: Criterion,
    pub score: i32,
    pub comment: String,
}

/// The assessment form as browsers send it: `form[scores][collaboration]=4`, `form[comments][collaboration]=…`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssessmentForm {
    pub scores: BTreeMap<String, String>,
    pub comments: BTreeMap<String, String>,
    /// Why it is refused (required for a refusal; the teacher reads it).
    pub reason: String,
}

/// Whether the viewer may apply for this project now, and what the form needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyView {
    pub project_id: i32,
    pub project_title: String,
    pub year: i32,
    /// Why the viewer cannot apply (a text in the reader's language is chosen from it), if they cannot.
    pub blocked: Option<crate::error::Problem>,
    /// Applications the viewer has left this year.
    pub remaining: u64,
    /// Places in the TwinSpace worth linking to: title and path.
    pub suggestions: Vec<(String, String)>,
}

/// One of the viewer's own applications, with the assessment once decided (only the applicant sees it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyApplication {
    pub id: i32,
    pub project_id: i32,
    pub project_title: String,
    pub year: i32,
    pub country_code: String,
    pub status: LabelStatus,
    pub scores: Vec<Score>,
    pub reason: Option<String>,
    pub certificate: Option<String>,
}

/// A European Quality Label a teacher holds: the project and the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEuropeanLabel {
    pub project_id: i32,
    pub project_title: String,
    pub year: i32,
    pub certificate: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLabels {
    pub applications: Vec<MyApplication>,
    pub european: Vec<MyEuropeanLabel>,
    /// European Prizes won by projects the viewer teaches in.
    pub prizes: Vec<crate::certificates::Certificate>,
    pub year: i32,
    pub remaining: u64,
}

/// An application as the support organisation assesses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationToAssess {
    pub id: i32,
    pub project_id: i32,
    pub project_title: String,
    pub applicant: String,
    pub school: Option<String>,
    pub country_code: String,
    pub year: i32,
    pub answers: Vec<(Criterion, String)>,
    /// Paths into the TwinSpace, which the assessor may open while the application waits.
    pub evidence: Vec<String>,
}

/// A project that may receive the European Quality Label: teachers of at least two countries hold a National
/// Quality Label for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EuropeanCandidate {
    pub project_id: i32,
    pub project_title: String,
    /// Teacher's name, country code and year of each National Quality Label.
    pub holders: Vec<(String, String, i32)>,
}

#[server(prefix = "/api")]
pub async fn load_label_application(project: i32) -> Result<ApplyView, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::apply_view(&db, &viewer, project).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn apply_for_label(project: i32, form: ApplicationForm, #[server(default)] request: String) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    let apply = async |txn: &sea_orm::DatabaseTransaction| ssr::apply(txn, &viewer, project, &form, &site.public_url).await;
    crate::requests::ssr::once(&db, viewer.id, &request, apply).await.map_err(crate::error::respond_with)?;
    leptos_axum::redirect("/labels/mine?applied=1");
    Ok(())
}

#[server(prefix = "/api")]
pub async fn load_my_labels() -> Result<MyLabels, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::mine(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_label_queue() -> Result<Vec<ApplicationToAssess>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::queue(&db, &viewer).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn assess_application(application: i32, award: bool, form: AssessmentForm) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    ssr::assess(&db, &viewer, application, award, &form, &site.public_url).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn load_european_queue() -> Result<Vec<EuropeanCandidate>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::european_queue(&db, &viewer).await.map_err(crate::error::respond_with)
}

/// The Central Support Service awards a batch: the ticked projects (`projects[12]=on`).
#[server(prefix = "/api")]
pub async fn award_european_labels(#[server(default)] projects: BTreeMap<String, String>) -> Result<(), AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    let site = crate::accounts::ssr::site()?;
    let ids: Vec<i32> = projects.keys().filter_map(|id| id.parse().ok()).collect();
    ssr::award_european(&db, &viewer, &ids, &site.public_url).await.map_err(crate::error::respond_with).map(|_| ())
}
