//! The reader's conventions, from CLDR through ICU4X: country names, numbers, dates and the order of names in a
//! list. Every page is rendered on the server (islands), so the data stays in the server binary; the browser build
//! gets neutral forms (English names, plain digits, ISO dates, code-point order), which no island shows.
use crate::i18n::Locale;
use chrono::{DateTime, Utc};

/// A country's name in the reader's language ("Allemagne", "Німеччина"), from its ISO code; the code itself where
/// CLDR has no name (never the case for the 46 countries, tested).
pub fn country_name(locale: Locale, code: &str) -> String {
    #[cfg(feature = "ssr")]
    if let Some(name) = icu::country_name(locale, code) {
        return name;
    }
    let _ = locale;
    code.to_owned()
}

/// Countries (ISO codes) with their names in the reader's language, in its collation: for lists people choose from.
pub fn country_names(locale: Locale, codes: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = codes.into_iter().map(|code| { let name = country_name(locale, &code); (code, name) }).collect();
    sort_by_name(locale, &mut list, |(_, name)| name);
    list
}

/// A language's name in the reader's language ("allemand", "німецька"), from its ISO 639-1 code; the code itself
/// where CLDR has no name.
pub fn language_name(locale: Locale, code: &str) -> String {
    #[cfg(feature = "ssr")]
    if let Some(name) = icu::language_name(locale, code) {
        return name;
    }
    let _ = locale;
    code.to_owned()
}

/// A whole number as the reader writes it ("12 345" in French, "12.345" in German, Eastern Arabic digits where the
/// language uses them).
pub fn number(locale: Locale, value: i64) -> String {
    #[cfg(feature = "ssr")]
    return icu::number(locale, value);
    #[cfg(not(feature = "ssr"))]
    {
        let _ = locale;
        value.to_string()
    }
}

/// A day as the reader writes it ("3 déc. 2026", "03.12.2026").
pub fn date(locale: Locale, at: DateTime<Utc>) -> String {
    #[cfg(feature = "ssr")]
    if let Some(text) = icu::date(locale, at, false) {
        return text;
    }
    let _ = locale;
    at.format("%Y-%m-%d").to_string()
}

/// A day and time to the minute, in UTC (the platform's one clock for people in many time zones).
pub fn date_time(locale: Locale, at: DateTime<Utc>) -> String {
    #[cfg(feature = "ssr")]
    if let Some(text) = icu::date(locale, at, true) {
        return text;
    }
    let _ = locale;
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// Sorts by name in the reader's collation (Czech "ch" after "h", Swedish "ö" last, accents second).
pub fn sort_by_name<T>(locale: Locale, items: &mut [T], name: impl Fn(&T) -> &str) {
    #[cfg(feature = "ssr")]
    if let Some(collator) = icu::collator(locale) {
        items.sort_by(|a, b| collator.compare(name(a), name(b)));
        return;
    }
    let _ = locale;
    items.sort_by(|a, b| name(a).cmp(name(b)));
}

#[cfg(feature = "ssr")]
mod icu {
    use super::Locale;
    use chrono::{DateTime, Datelike, Timelike, Utc};
    use icu_calendar::Date;
    use icu_collator::{Collator, CollatorBorrowed, options::CollatorOptions};
    use icu_datetime::{
        DateTimeFormatter,
        fieldsets::{YMD, YMDT},
        options::TimePrecision,
    };
    use icu_decimal::DecimalFormatter;
    use icu_experimental::displaynames::{DisplayNamesOptions, multi::{LanguageDisplayNames, RegionDisplayNames}};
    use icu_locale_core::subtags::{Language, Region};
    use icu_time::{DateTime as IcuDateTime, Time};
    use leptos_i18n::Locale as _;

    fn icu_locale(locale: Locale) -> &'static icu_locale_core::Locale {
        locale.as_icu_locale()
    }

    pub fn country_name(locale: Locale, code: &str) -> Option<String> {
        let region: Region = code.parse().ok()?;
        let names = RegionDisplayNames::try_new(icu_locale(locale).into(), DisplayNamesOptions::default()).ok()?;
        names.of(region).map(str::to_owned)
    }

    pub fn language_name(locale: Locale, code: &str) -> Option<String> {
        let language: Language = code.parse().ok()?;
        let names = LanguageDisplayNames::try_new(icu_locale(locale).into(), DisplayNamesOptions::default()).ok()?;
        names.of(language).map(str::to_owned)
    }

    pub fn number(locale: Locale, value: i64) -> String {
        match DecimalFormatter::try_new(icu_locale(locale).into(), Default::default()) {
            Ok(formatter) => formatter.format(&fixed_decimal::Decimal::from(value)).to_string(),
            Err(_) => value.to_string(),
        }
    }

    pub fn date(locale: Locale, at: DateTime<Utc>, with_time: bool) -> Option<String> {
        let date = Date::try_new_iso(at.year(), at.month() as u8, at.day() as u8).ok()?;
        if with_time {
            let time = Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0).ok()?;
            let formatter = DateTimeFormatter::try_new(
                icu_locale(locale).into(),
                YMDT::medium().with_time_precision(TimePrecision::Minute),
            )
            .ok()?;
            Some(formatter.format(&IcuDateTime { date, time }).to_string())
        } else {
            let formatter = DateTimeFormatter::try_new(icu_locale(locale).into(), YMD::medium()).ok()?;
            Some(formatter.format(&date).to_string())
        }
    }

    pub fn collator(locale: Locale) -> Option<CollatorBorrowed<'static>> {
        Collator::try_new(icu_locale(locale).into(), CollatorOptions::default()).ok()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn every_country_has_a_name_in_every_language() {
        use leptos_i18n::Locale as _;
        for locale in Locale::get_all() {
            for (code, english, _) in crate::countries::COUNTRIES {
                let name = icu::country_name(*locale, code);
                assert!(name.as_deref().is_some_and(|n| !n.is_empty()), "{locale:?} has no name for {code} ({english})");
            }
        }
        assert_eq!(country_name(Locale::fr, "DE"), "Allemagne");
        assert_eq!(country_name(Locale::uk, "DE"), "Німеччина");
        assert_eq!(country_name(Locale::en, "MD"), "Moldova");
        for (code, own) in crate::teachers::interests::LANGUAGES {
            assert!(icu::language_name(Locale::en, code).is_some(), "no English name for {code} ({own})");
        }
        assert_eq!(language_name(Locale::fr, "de"), "allemand");
    }

    #[test]
    fn numbers_and_dates_follow_the_reader() {
        assert_eq!(number(Locale::en, 12345), "12,345");
        assert_eq!(number(Locale::de, 12345), "12.345");
        assert_eq!(number(Locale::fr, 12345), "12\u{202f}345");
        assert_ne!(date(Locale::de, at("2026-12-03T07:30:00Z")), date(Locale::en, at("2026-12-03T07:30:00Z")));
        assert!(date(Locale::de, at("2026-12-03T07:30:00Z")).contains("03.12.2026"));
        assert!(date_time(Locale::en, at("2026-12-03T07:30:00Z")).contains("2026"));
    }

    #[test]
    fn names_sort_in_the_readers_collation() {
        let mut names = vec!["Zypern", "Österreich", "Ungarn", "Estland"];
        sort_by_name(Locale::de, &mut names, |n| n);
        assert_eq!(names, ["Estland", "Österreich", "Ungarn", "Zypern"]);
        let mut names = vec!["Zypern", "Österreich", "Ungarn", "Estland"];
        sort_by_name(Locale::sv, &mut names, |n| n);
        assert_eq!(names, ["Estland", "Ungarn", "Zypern", "Österreich"]);
    }
}
