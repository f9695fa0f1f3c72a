//! Labels of the controlled lists in the reader's language.
use crate::i18n::*;
use leptos_i18n::I18nContext;

/// How a list entry is shown: its text in the reader's language.
pub type Label = fn(I18nContext<Locale>, &str) -> String;

/// A country of the reference list, named in the reader's language (CLDR).
pub fn country_label(i18n: I18nContext<Locale>, code: &str) -> String {
    crate::locale::country_name(i18n.get_locale(), code)
}

/// A language, named in the reader's language (CLDR).
pub fn language_label(i18n: I18nContext<Locale>, code: &str) -> String {
    crate::locale::language_name(i18n.get_locale(), code)
}

pub fn subject_label(i18n: I18nContext<Locale>, key: &str) -> String {
    let text: &'static str = match key {
        "art" => t_string!(i18n, subject_art),
        "biology" => t_string!(i18n, subject_biology),
        "chemistry" => t_string!(i18n, subject_chemistry),
        "citizenship" => t_string!(i18n, subject_citizenship),
        "computing" => t_string!(i18n, subject_computing),
        "cross_curricular" => t_string!(i18n, subject_cross_curricular),
        "economics" => t_string!(i18n, subject_economics),
        "environment" => t_string!(i18n, subject_environment),
        "foreign_languages" => t_string!(i18n, subject_foreign_languages),
        "geography" => t_string!(i18n, subject_geography),
        "history" => t_string!(i18n, subject_history),
        "home_language" => t_string!(i18n, subject_home_language),
        "mathematics" => t_string!(i18n, subject_mathematics),
        "media" => t_string!(i18n, subject_media),
        "music" => t_string!(i18n, subject_music),
        "physical_education" => t_string!(i18n, subject_physical_education),
        "physics" => t_string!(i18n, subject_physics),
        "religion_ethics" => t_string!(i18n, subject_religion_ethics),
        "science" => t_string!(i18n, subject_science),
        "special_needs" => t_string!(i18n, subject_special_needs),
        "technology" => t_string!(i18n, subject_technology),
        "vocational" => t_string!(i18n, subject_vocational),
        _ => "",
    };
    text.to_owned()
}

pub fn age_label(i18n: I18nContext<Locale>, key: &str) -> String {
    let text: &'static str = match key {
        "up_to_6" => t_string!(i18n, age_up_to_6),
        "from_7_to_11" => t_string!(i18n, age_from_7_to_11),
        "from_12_to_15" => t_string!(i18n, age_from_12_to_15),
        "from_16_to_19" => t_string!(i18n, age_from_16_to_19),
        "over_20" => t_string!(i18n, age_over_20),
        _ => "",
    };
    text.to_owned()
}

pub fn theme_label(i18n: I18nContext<Locale>, key: &str) -> String {
    let text: &'static str = match key {
        "inclusion" => t_string!(i18n, theme_inclusion),
        "climate" => t_string!(i18n, theme_climate),
        "democracy" => t_string!(i18n, theme_democracy),
        "digital_citizenship" => t_string!(i18n, theme_digital_citizenship),
        "wellbeing" => t_string!(i18n, theme_wellbeing),
        "cultural_heritage" => t_string!(i18n, theme_cultural_heritage),
        "entrepreneurship" => t_string!(i18n, theme_entrepreneurship),
        "stem" => t_string!(i18n, theme_stem),
        _ => "",
    };
    text.to_owned()
}
