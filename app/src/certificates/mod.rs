//! Certificates: what a teacher receives with a label (and, later, a prize or a completed course). Each has a
//! verification code; anyone holding the code can check on a public page that the certificate is genuine, and
//! its holder downloads it as a PDF in their own language (`GET /certificates/{code}/certificate.pdf`, served by
//! `server/src/certificates.rs`).
//!
//! Sits below the features that award things: it imports none of them.
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

pub use views::CertificatePage;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a certificate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateKind {
    /// Awarded by the support organisation of the teacher's country.
    NationalQualityLabel,
    /// Awarded by the Central Support Service.
    EuropeanQualityLabel,
    /// The eTwinning School label: awarded to a school by its country's support organisation, for two years.
    SchoolLabel,
    /// A European Prize, in a category (the certificate's `detail`).
    EuropeanPrize,
    /// Attendance of an online seminar, whose title is the certificate's `detail` (`crate::seminars`).
    SeminarAttendance,
    /// Completion of a learning event, whose title is the certificate's `detail` (`crate::learning_events`).
    LearningEvent,
}

impl CertificateKind {
    pub const ALL: [CertificateKind; 6] = [
        CertificateKind::NationalQualityLabel,
        CertificateKind::EuropeanQualityLabel,
        CertificateKind::SchoolLabel,
        CertificateKind::EuropeanPrize,
        CertificateKind::SeminarAttendance,
        CertificateKind::LearningEvent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CertificateKind::NationalQualityLabel => "nql",
            CertificateKind::EuropeanQualityLabel => "eql",
            CertificateKind::SchoolLabel => "school",
            CertificateKind::EuropeanPrize => "prize",
            CertificateKind::SeminarAttendance => "seminar",
            CertificateKind::LearningEvent => "course",
        }
    }

    pub fn parse(value: &str) -> Option<CertificateKind> {
        CertificateKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// A certificate as its verification page shows it: what it said on the day it was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub code: String,
    pub kind: CertificateKind,
    /// A teacher's name; for the eTwinning School label, the school's.
    pub holder_name: String,
    pub project_id: Option<i32>,
    pub project_title: String,
    pub year: i32,
    /// The country whose support organisation awarded it (national labels).
    pub country_code: Option<String>,
    pub issued_at: chrono::DateTime<chrono::Utc>,
    /// A prize's category; a seminar's title.
    pub detail: String,
}

impl Certificate {
    /// The years an eTwinning School label is valid: the two after the year it was awarded.
    pub fn valid_years(&self) -> Option<(i32, i32)> {
        (self.kind == CertificateKind::SchoolLabel).then_some((self.year + 1, self.year + 2))
    }
}

/// The age categories of the European Prizes (a category's key is one of these, or a special prize's name).
pub const PRIZE_AGE_CATEGORIES: [&str; 5] = ["up_to_6", "age_7_11", "age_12_15", "age_16_19", "vocational"];

/// A prize category in a language: an age category's name, or a special prize's own name.
pub fn prize_category_text(locale: crate::i18n::Locale, category: &str) -> String {
    use crate::i18n::td_string;
    match category {
        "up_to_6" => td_string!(locale, prize_up_to_6).to_string(),
        "age_7_11" => td_string!(locale, prize_age_7_11).to_string(),
        "age_12_15" => td_string!(locale, prize_age_12_15).to_string(),
        "age_16_19" => td_string!(locale, prize_age_16_19).to_string(),
        "vocational" => td_string!(locale, prize_vocational).to_string(),
        special => special.to_owned(),
    }
}

/// What a certificate is, in a language ("National Quality Label", "European Prize · Pupils aged 7 to 11").
pub fn kind_text(certificate: &Certificate, locale: crate::i18n::Locale) -> String {
    use crate::i18n::td_string;
    match certificate.kind {
        CertificateKind::NationalQualityLabel => td_string!(locale, certificate_nql).to_string(),
        CertificateKind::EuropeanQualityLabel => td_string!(locale, certificate_eql).to_string(),
        CertificateKind::SchoolLabel => td_string!(locale, certificate_school).to_string(),
        CertificateKind::EuropeanPrize => format!("{} · {}", td_string!(locale, certificate_prize), prize_category_text(locale, &certificate.detail)),
        CertificateKind::SeminarAttendance => td_string!(locale, certificate_seminar).to_string(),
        CertificateKind::LearningEvent => td_string!(locale, certificate_course).to_string(),
    }
}

/// Where the holder downloads it.
pub fn pdf_path(code: &str) -> String {
    format!("/certificates/{code}/certificate.pdf")
}

/// Anyone may check a certificate by its code, signed in or not.
#[server(prefix = "/api")]
pub async fn load_certificate(code: String) -> Result<Certificate, AppError> {
    let db = crate::db::conn()?;
    ssr::verify(&db, &code).await.map_err(crate::error::respond_with)
}
