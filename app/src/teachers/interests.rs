//! "My interests": what a teacher wants to work on, from controlled lists kept here as reference data.
//!
//! Each list is stored as a bitmask (bit n = the n-th entry), which keeps filtering cheap at the platform's
//! scale. So the lists are append-only: never reorder or remove an entry, only add at the end (at most 63).
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SUBJECTS: &[&str] = &[
    "art", "biology", "chemistry", "citizenship", "computing", "cross_curricular", "economics", "environment",
    "foreign_languages", "geography", "history", "home_language", "mathematics", "media", "music",
    "physical_education", "physics", "religion_ethics", "science", "special_needs", "technology", "vocational",
];

// Keys never start with a digit: form field names like `form[age_ranges][key]` would be read as list indices.
pub const AGE_RANGES: &[&str] = &["up_to_6", "from_7_to_11", "from_12_to_15", "from_16_to_19", "over_20"];

pub const THEMES: &[&str] =
    &["inclusion", "climate", "democracy", "digital_citizenship", "wellbeing", "cultural_heritage", "entrepreneurship", "stem"];

/// ISO 639-1 code and the language's own name (shown as is in every interface language).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("bg", "Български"), ("cs", "Čeština"), ("da", "Dansk"), ("de", "Deutsch"), ("el", "Ελληνικά"), ("en", "English"),
    ("es", "Español"), ("et", "Eesti"), ("fi", "Suomi"), ("fr", "Français"), ("ga", "Gaeilge"), ("hr", "Hrvatski"),
    ("hu", "Magyar"), ("it", "Italiano"), ("lt", "Lietuvių"), ("lv", "Latviešu"), ("mt", "Malti"), ("nl", "Nederlands"),
    ("pl", "Polski"), ("pt", "Português"), ("ro", "Română"), ("sk", "Slovenčina"), ("sl", "Slovenščina"), ("sv", "Svenska"),
    ("sq", "Shqip"), ("mk", "Македонски"), ("sr", "Српски"), ("bs", "Bosanski"), ("tr", "Türkçe"), ("is", "Íslenska"),
    ("no", "Norsk"), ("uk", "Українська"), ("ka", "ქართული"), ("hy", "Հայերեն"), ("az", "Azərbaycanca"), ("ar", "العربية"),
];

pub fn language_keys() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().map(|(code, _)| *code)
}

/// Whether a code is one of `LANGUAGES` (a seminar's or a group's language).
pub fn is_language(code: &str) -> bool {
    language_keys().any(|known| known == code)
}

/// The bitmask of the chosen entries of a list; anything not on the list is ignored.
pub fn mask<'a>(list: impl IntoIterator<Item = &'a str>, chosen: impl Fn(&str) -> bool) -> i64 {
    list.into_iter().enumerate().filter(|(_, key)| chosen(key)).fold(0, |mask, (bit, _)| mask | (1 << bit))
}

/// The entries of a list whose bits are set.
pub fn entries<'a>(list: impl IntoIterator<Item = &'a str>, mask: i64) -> Vec<&'a str> {
    list.into_iter().enumerate().filter(|(bit, _)| mask & (1 << bit) != 0).map(|(_, key)| key).collect()
}

/// The bit of one entry, for filters.
pub fn bit<'a>(list: impl IntoIterator<Item = &'a str>, key: &str) -> Option<i64> {
    list.into_iter().position(|entry| entry == key).map(|position| 1i64 << position)
}

/// What a teacher tells others about themselves (what they teach, the languages they speak) and the projects
/// they want (the rest).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interests {
    pub introduction: String,
    pub taught_subjects: Vec<String>,
    pub taught_ages: Vec<String>,
    pub spoken_languages: Vec<String>,
    pub project_idea: String,
    /// Country codes, in the reference list's order.
    pub preferred_countries: Vec<String>,
    pub subjects: Vec<String>,
    pub age_ranges: Vec<String>,
    pub languages: Vec<String>,
    pub themes: Vec<String>,
    pub open_to_plus: bool,
    pub looking_now: bool,
}

/// The form as browsers send it: one `form[subjects][art]=on` per ticked box, so it needs no JavaScript.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InterestsForm {
    pub introduction: String,
    pub taught_subjects: BTreeMap<String, String>,
    pub taught_ages: BTreeMap<String, String>,
    pub spoken_languages: BTreeMap<String, String>,
    pub project_idea: String,
    pub preferred_countries: BTreeMap<String, String>,
    pub subjects: BTreeMap<String, String>,
    pub age_ranges: BTreeMap<String, String>,
    pub languages: BTreeMap<String, String>,
    pub themes: BTreeMap<String, String>,
    pub open_to_plus: String,
    pub looking_now: String,
}

