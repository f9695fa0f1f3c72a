//! The reader's conventions, from CLDR through ICU4X: country names, numbers, dates and the order of names in a
//! list. Every page is rendered on the server (islands), so the data stays in the server binary; the browser build
//! gets neutral forms (English names, plain digits, ISO dates, code-point order), which no island shows.
use crate::i18n::Locale;
use chrono::{DateTime, Utc};

/// One of the platform's interface languages, by its code (the versions a theme or a newsletter may have).
pub fn platform_language(raw: &str) -> Option<String> {
    use leptos_i18n::Locale as _;
    let code = raw.trim();
    Locale::get_all().iter().map(|locale| locale.as_str()).find(|known| *known == code).map(str::to_owned)
}

/// A country's name in the reader's language ("Allemagne", "Німеччина"), from its ISO code; the code itself where
/// CLDR has no name (never the case for the 46 countries, tested).
pub fn country_name(locale: Locale, code: &str) -> String {
    icu::country_name(locale, code).unwrap_or_else(|| code.to_owned())
}

/// Countries (ISO codes) with their names in the reader's language, in its collation: for lists people choose from.
pub fn country_names(locale: Locale, codes: impl IntoIterator<Item = String>) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = codes.into_iter().map(|code| {
        let name = country_name(locale, &code);
        (code, name)
    }).collect();
    sort_by_name(locale, &mut list, |(_, name)| name);
    list
}

/// A language's name in the reader's language ("allemand", "німецька"), from its ISO 639-1 code; the code itself
/// where CLDR has no name.
pub fn language_name(locale: Locale, code: &str) -> String {
    icu::language_name(locale, code).unwrap_or_else(|| code.to_owned())
}

/// A whole number as the reader writes it ("12 345" in French, "12.345" in German, Eastern Arabic digits where the
/// language uses them).
pub fn number(locale: Locale, value: i64) -> String {
    icu::number(locale, value).unwrap_or_else(|| value.to_string())
}

/// A day as the reader writes it ("3 déc. 2026", "03.12.2026").
pub fn date(locale: Locale, at: DateTime<Utc>) -> String {
    icu::date(locale, at, false).unwrap_or_else(|| at.format("%Y-%m-%d").to_string())
}

/// A day and time to the minute, in UTC (the platform's one clock for people in many time zones).
pub fn date_time(locale: Locale, at: DateTime<Utc>) -> String {
    icu::date(locale, at, true).unwrap_or_else(|| at.format("%Y-%m-%d %H:%M").to_string())
}

/// A time of day to the minute, in UTC, as the reader writes it ("14:05", "2:05 PM").
pub fn time_of_day(locale: Locale, at: DateTime<Utc>) -> String {
    icu::time_of_day(locale, at).unwrap_or_else(|| at.format("%H:%M").to_string())
}

/// Sorts by name in the reader's collation (Czech "ch" after "h", Swedish "ö" last, accents second).
pub fn sort_by_name<T>(locale: Locale, items: &mut [T], name: impl Fn(&T) -> &str) {
    if !icu::sort_by_name(locale, items, &name) {
        items.sort_by(|a, b| name(a).cmp(name(b)));
    }
}

/// ICU4X with its compiled CLDR data, on the server. Each formatter is made once per language, on first use, and
/// kept: loading its data for every date of a Twinboard page or every country of a filter would be work repeated on
/// the busiest pages. (Public for its tests in app/tests/units.rs, which ask it rather than the fallbacks.)
#[cfg(feature = "ssr")]
#[doc(hidden)]
pub mod icu {
    use super::Locale;
    use chrono::{DateTime, Datelike, Timelike, Utc};
    use icu_calendar::Date;
    use icu_collator::{Collator, CollatorBorrowed, options::CollatorOptions};
    use icu_datetime::{
        DateTimeFormatter, NoCalendarFormatter,
        fieldsets::{T, YMD, YMDT},
        options::TimePrecision,
    };
    use icu_decimal::DecimalFormatter;
    use icu_experimental::displaynames::{DisplayNamesOptions, multi::{LanguageDisplayNames, RegionDisplayNames}};
    use icu_locale_core::subtags::{Language, Region};
    use icu_time::{DateTime as IcuDateTime, Time};
    use leptos_i18n::Locale as _;
    use std::sync::{LazyLock, OnceLock};

    /// One value per interface language, made by `make` the first time that language asks for it.
    struct PerLanguage<T>(LazyLock<Vec<OnceLock<Option<T>>>>);

    impl<T> PerLanguage<T> {
        const fn new() -> Self {
            Self(LazyLock::new(|| Locale::get_all().iter().map(|_| OnceLock::new()).collect()))
        }

        fn get(&self, locale: Locale, make: impl FnOnce(&'static icu_locale_core::Locale) -> Option<T>) -> Option<&T> {
            let index = Locale::get_all().iter().position(|known| *known == locale)?;
            self.0[index].get_or_init(|| make(locale.as_icu_locale())).as_ref()
        }
    }

    static REGIONS: PerLanguage<RegionDisplayNames> = PerLanguage::new();
    static LANGUAGES: PerLanguage<LanguageDisplayNames> = PerLanguage::new();
    static NUMBERS: PerLanguage<DecimalFormatter> = PerLanguage::new();
    static DATES: PerLanguage<DateTimeFormatter<YMD>> = PerLanguage::new();
    static DATE_TIMES: PerLanguage<DateTimeFormatter<YMDT>> = PerLanguage::new();
    static TIMES: PerLanguage<NoCalendarFormatter<T>> = PerLanguage::new();
    static COLLATORS: PerLanguage<CollatorBorrowed<'static>> = PerLanguage::new();

    pub fn country_name(locale: Locale, code: &str) -> Option<String> {
        let region: Region = code.parse().ok()?;
        let names = REGIONS.get(locale, |icu| RegionDisplayNames::try_new(icu.into(), DisplayNamesOptions::default()).ok())?;
        names.of(region).map(str::to_owned)
    }

    pub fn language_name(locale: Locale, code: &str) -> Option<String> {
        let language: Language = code.parse().ok()?;
        let names = LANGUAGES.get(locale, |icu| LanguageDisplayNames::try_new(icu.into(), DisplayNamesOptions::default()).ok())?;
        names.of(language).map(str::to_owned)
    }

    pub fn number(locale: Locale, value: i64) -> Option<String> {
        let formatter = NUMBERS.get(locale, |icu| DecimalFormatter::try_new(icu.into(), Default::default()).ok())?;
        Some(formatter.format(&fixed_decimal::Decimal::from(value)).to_string())
    }

    pub fn date(locale: Locale, at: DateTime<Utc>, with_time: bool) -> Option<String> {
        let date = Date::try_new_iso(at.year(), at.month() as u8, at.day() as u8).ok()?;
        if with_time {
            let time = Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0).ok()?;
            let formatter = DATE_TIMES.get(locale, |icu| {
                DateTimeFormatter::try_new(icu.into(), YMDT::medium().with_time_precision(TimePrecision::Minute)).ok()
            })?;
            Some(formatter.format(&IcuDateTime { date, time }).to_string())
        } else {
            let formatter = DATES.get(locale, |icu| DateTimeFormatter::try_new(icu.into(), YMD::medium()).ok())?;
            Some(formatter.format(&date).to_string())
        }
    }

    pub fn time_of_day(locale: Locale, at: DateTime<Utc>) -> Option<String> {
        let time = Time::try_new(at.hour() as u8, at.minute() as u8, 0, 0).ok()?;
        let formatter = TIMES.get(locale, |icu| NoCalendarFormatter::try_new(icu.into(), T::hm()).ok())?;
        Some(formatter.format(&time).to_string())
    }

    /// Sorts in the language's collation; false when there is none to sort with.
    pub fn sort_by_name<T>(locale: Locale, items: &mut [T], name: &impl Fn(&T) -> &str) -> bool {
        let Some(collator) = COLLATORS.get(locale, |icu| Collator::try_new(icu.into(), CollatorOptions::default()).ok()) else {
            return false;
        };
        items.sort_by(|a, b| collator.compare(name(a), name(b)));
        true
    }
}

/// The browser build: no CLDR data (islands never show these), so every function takes its neutral fallback.
#[cfg(not(feature = "ssr"))]
mod icu {
    use super::Locale;
    use chrono::{DateTime, Utc};

    pub fn country_name(_: Locale, _: &str) -> Option<String> {
        None
    }

    pub fn language_name(_: Locale, _: &str) -> Option<String> {
        None
    }

    pub fn number(_: Locale, _: i64) -> Option<String> {
        None
    }

    pub fn date(_: Locale, _: DateTime<Utc>, _: bool) -> Option<String> {
        None
    }

    pub fn time_of_day(_: Locale, _: DateTime<Utc>) -> Option<String> {
        None
    }

    pub fn sort_by_name<T>(_: Locale, _: &mut [T], _: &impl Fn(&T) -> &str) -> bool {
        false
    }
}

