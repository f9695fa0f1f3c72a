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
}

impl CertificateKind {
    pub const ALL: [CertificateKind; 2] = [CertificateKind::NationalQualityLabel, CertificateKind::EuropeanQualityLabel];

    pub fn as_str(self) -> &'static str {
        match self {
            CertificateKind::NationalQualityLabel => "nql",
            CertificateKind::EuropeanQualityLabel => "eql",
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
    pub holder_name: String,
    pub project_id: Option<i32>,
    pub project_title: String,
    pub year: i32,
    /// The country whose support organisation awarded it (national labels).
    pub country_code: Option<String>,
    pub issued_at: chrono::DateTime<chrono::Utc>,
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
