//! The small rules that need no database: same-site paths, the eTwinning Plus founding rule, search words and
//! sorts, the live channel's payloads, the interest lists' bitmasks, the client's address behind a proxy, text
//! written raw into an element, the reader's conventions (country and language names, numbers, dates, order). Here
//! rather than beside their code: the app's own test harness would compile the whole crate a second time for
//! them (≈ 8 minutes of every CI run; `[lib] test = false` in app/Cargo.toml).
use app::{
    forms::is_same_site_path,
    partners::{MAX_WORDS, Sort, search_words},
    projects::plus_rule_holds,
    teachers::interests::{AGE_RANGES, LANGUAGES, SUBJECTS, THEMES, bit, entries, language_keys, mask},
};
use std::net::IpAddr;

#[test]
fn only_paths_of_this_site_are_same_site() {
    for ok in ["/", "/countries", "/projects/3/space?tab=1", "/pictures/a%20b.png"] {
        assert!(is_same_site_path(ok), "{ok}");
    }
    for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/ /evil", "\u{7f}/x", "", "evil"] {
        assert!(!is_same_site_path(hostile), "{hostile:?}");
    }
}

#[test]
fn an_etwinning_plus_school_needs_two_etwinning_countries() {
    assert!(plus_rule_holds(["FR", "IT"]));
    assert!(plus_rule_holds(["FR", "FR"]), "a national project of an eTwinning country");
    assert!(!plus_rule_holds(["FR", "GE"]));
    assert!(!plus_rule_holds(["GE", "UA"]));
    assert!(!plus_rule_holds(["FR", "FR", "GE"]), "two schools of one eTwinning country are not two countries");
    assert!(plus_rule_holds(["FR", "IT", "GE", "UA"]));
}

#[test]
fn search_text_keeps_only_words() {
    assert_eq!(search_words("  \"Lucía\" OR -mathe* ; DROP TABLE x;--").0, vec!["lucía", "or", "mathe", "drop", "table", "x"]);
    assert_eq!(search_words("***\"'()-").0, Vec::<String>::new());
    let (words, too_many) = search_words("a b c d e f g h i j");
    assert_eq!(words.len(), MAX_WORDS);
    assert!(too_many);
    assert!(search_words(&"x".repeat(10_000)).0[0].len() <= 40);
    assert_eq!(search_words("Μουσική ქართული").0, vec!["μουσική", "ქართული"]);
}

#[test]
fn sort_values() {
    assert_eq!(Sort::parse(""), Some(Sort::Relevance));
    assert_eq!(Sort::parse("recent"), Some(Sort::Recent));
    assert_eq!(Sort::parse("random()"), None);
}

#[test]
fn a_payload_names_its_kind_and_the_chat_is_understood_in_the_old_form() {
    use app::live::parse;
    assert_eq!(parse("chat:12:345"), Some(("chat", 12, 345)));
    assert_eq!(parse("conversation:12:345"), Some(("conversation", 12, 345)));
    assert_eq!(parse("12:345"), Some(("chat", 12, 345)));
    assert_eq!(parse("chat:1"), None);
    assert_eq!(parse("chat:x:2"), None);
    assert_eq!(parse("chat:1:2:3"), None);
    assert_eq!(parse(""), None);
}

#[test]
fn every_list_fits_its_bitmask_and_round_trips() {
    for len in [SUBJECTS.len(), AGE_RANGES.len(), THEMES.len(), LANGUAGES.len()] {
        assert!(len <= 63);
    }
    let keys = SUBJECTS.iter().chain(AGE_RANGES).chain(THEMES).copied().chain(language_keys());
    for key in keys {
        assert!(key.starts_with(|c: char| c.is_ascii_lowercase()), "{key} would be read as a list index in a form");
    }
    let m = mask(SUBJECTS.iter().copied(), |k| k == "art" || k == "physics" || k == "not-a-subject");
    assert_eq!(entries(SUBJECTS.iter().copied(), m), vec!["art", "physics"]);
    assert_eq!(bit(language_keys(), "fr"), Some(1 << 9));
    assert_eq!(bit(language_keys(), "xx"), None);
}

fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in pairs {
        map.append(http::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
    }
    map
}

#[test]
fn only_a_trusted_proxy_names_the_client() {
    use app::accounts::ssr::client_address;
    let proxy: IpAddr = "10.0.0.2".parse().unwrap();
    let client: IpAddr = "203.0.113.7".parse().unwrap();
    let forged = headers(&[("x-forwarded-for", "198.51.100.1")]);
    // Straight from a client: its own headers are ignored.
    assert_eq!(client_address(client, &forged, &[proxy]), client);
    assert_eq!(client_address(client, &forged, &[]), client);
    // Through the proxy: the address it saw, not what the client claimed before it.
    let through = headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.7")]);
    assert_eq!(client_address(proxy, &through, &[proxy]), client);
    let forwarded = headers(&[("forwarded", "for=198.51.100.1, for=\"[2001:db8::1]:4711\";proto=https")]);
    assert_eq!(client_address(proxy, &forwarded, &[proxy]), "2001:db8::1".parse::<IpAddr>().unwrap());
    // Two proxies in a row, both trusted.
    let inner: IpAddr = "10.0.0.3".parse().unwrap();
    let chain = headers(&[("x-forwarded-for", "203.0.113.7, 10.0.0.2")]);
    assert_eq!(client_address(inner, &chain, &[proxy, inner]), client);
    // A proxy that sent no header: the proxy itself.
    assert_eq!(client_address(proxy, &headers(&[]), &[proxy]), proxy);
    assert_eq!(client_address(proxy, &headers(&[("x-forwarded-for", "not an address")]), &[proxy]), proxy);
}

#[test]
fn text_cannot_end_the_element_it_is_written_into() {
    use app::ui::raw_text;
    assert_eq!(raw_text("</textarea><script>alert(3)</script>"), "&lt;/textarea&gt;&lt;script&gt;alert(3)&lt;/script&gt;");
    assert_eq!(raw_text("Tom & Jerry &lt;"), "Tom &amp; Jerry &amp;lt;");
    assert_eq!(raw_text("plain words"), "plain words");
}

mod conventions {
    use app::{
        i18n::Locale,
        locale::{country_name, date, date_time, icu, language_name, number, sort_by_name, time_of_day},
    };
    use chrono::{DateTime, Utc};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn every_country_has_a_name_in_every_language() {
        use leptos_i18n::Locale as _;
        for locale in Locale::get_all() {
            for (code, english, _) in app::countries::COUNTRIES {
                let name = icu::country_name(*locale, code);
                assert!(name.as_deref().is_some_and(|n| !n.is_empty()), "{locale:?} has no name for {code} ({english})");
            }
        }
        assert_eq!(country_name(Locale::fr, "DE"), "Allemagne");
        assert_eq!(country_name(Locale::uk, "DE"), "Німеччина");
        assert_eq!(country_name(Locale::en, "MD"), "Moldova");
        for (code, own) in app::teachers::interests::LANGUAGES {
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
        assert_eq!(time_of_day(Locale::de, at("2026-12-03T14:05:00Z")), "14:05");
        assert!(time_of_day(Locale::en, at("2026-12-03T14:05:00Z")).starts_with("2:05"), "{}", time_of_day(Locale::en, at("2026-12-03T14:05:00Z")));
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
