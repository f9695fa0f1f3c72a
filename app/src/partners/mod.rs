//! Partner search: validated teachers find partners abroad by free text (name, introduction, project idea,
//! school) and filters (countries, programme, subject, age range, language, open to eTwinning Plus, looking
//! now), with a count next to every option, sorted by relevance or recent activity. Suggested partners rank
//! teachers by how well their interests match the viewer's.
//!
//! The address holds the whole query (`/partners?q=…&country=FR&country=IT&subject=…`), so results can be
//! shared, the back button works, and the plain GET form works without JavaScript.
#[cfg(feature = "ssr")]
pub mod ssr;
mod views;

pub use views::{PartnersPage, SuggestedPartners};

use crate::{error::AppError, teachers::TeacherCard};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Results per page.
pub const PAGE_SIZE: u64 = 24;
/// At most this many words of the text are searched; the rest is ignored (with a notice).
pub const MAX_WORDS: usize = 8;
/// At most this many characters of the text are read.
pub const MAX_TEXT: usize = 200;

/// The query, as the address holds it. Every field is optional; values that are not on their list are ignored
/// with a notice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnerQuery {
    /// Free text.
    pub q: String,
    /// Country codes; several may be chosen.
    pub countries: Vec<String>,
    /// `etwinning` or `etwinning_plus`.
    pub programme: String,
    pub subject: String,
    pub age: String,
    pub language: String,
    pub open_to_plus: bool,
    pub looking_now: bool,
    /// `relevance` (the default) or `recent`.
    pub sort: String,
    /// 1-based; pages past the end are empty.
    pub page: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Best text match first; without text, the same as `Recent`.
    Relevance,
    /// Most recently active first.
    Recent,
}

impl Sort {
    pub fn parse(value: &str) -> Option<Sort> {
        match value {
            "" | "relevance" => Some(Sort::Relevance),
            "recent" => Some(Sort::Recent),
            _ => None,
        }
    }
}

/// Why part of a query was not used. Shown as a notice above the results, never as a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ignored {
    /// A filter value not on its list: which filter, and the value (shortened).
    UnknownValue { filter: String, value: String },
    /// The text had nothing searchable in it (punctuation only, say).
    NothingToSearch,
    /// Only the first `MAX_WORDS` words were searched.
    TooManyWords,
}

/// How many teachers each option of a filter would give, the other filters applied.
pub type Counts = Vec<(String, u64)>;

/// A page of partner search results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerResults {
    pub results: Vec<TeacherCard>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub countries: Counts,
    pub programmes: Counts,
    pub subjects: Counts,
    pub ages: Counts,
    pub languages: Counts,
    /// Counts for the two yes/no filters: `open_to_plus`, `looking_now`.
    pub flags: Counts,
    pub ignored: Vec<Ignored>,
}

pub fn count_of(counts: &[(String, u64)], key: &str) -> u64 {
    counts.iter().find(|(k, _)| k == key).map(|(_, n)| *n).unwrap_or(0)
}

/// The words of a search text, as the full-text index sees them: letters and digits in any script, lower-cased;
/// everything else (quotes, `*`, `-`, `OR`'s meaning, SQL) is a separator. At most `MAX_WORDS` words.
pub fn search_words(text: &str) -> (Vec<String>, bool) {
    let text: String = text.chars().take(MAX_TEXT).collect();
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| word.chars().take(40).collect::<String>().to_lowercase())
        .collect();
    let too_many = words.len() > MAX_WORDS;
    words.truncate(MAX_WORDS);
    (words, too_many)
}

/// A suggested partner and why: how many subjects, age ranges and languages they share with the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub card: TeacherCard,
    pub shared_subjects: Vec<String>,
    pub shared_ages: Vec<String>,
    pub shared_languages: Vec<String>,
    pub looking_now: bool,
}

#[server(prefix = "/api")]
pub async fn search_partners(query: PartnerQuery) -> Result<PartnerResults, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    if let Some(pace) = use_context::<std::sync::Arc<ssr::SearchPace>>() {
        pace.check(viewer.id).map_err(crate::error::respond_with)?;
    }
    let cache = use_context::<std::sync::Arc<ssr::CountCache>>();
    ssr::search(&db, cache.as_deref(), &viewer, &query).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn suggest_partners() -> Result<Vec<Suggestion>, AppError> {
    let (db, viewer) = crate::accounts::ssr::signed_in().await?;
    ssr::suggestions(&db, &viewer).await.map_err(crate::error::respond_with)
}

