//! Every language is complete: the same keys as English (none missing, none extra), the same placeholders in
//! each text, and no key that the code never uses. A new text is added to every language in the same change.
//!
//! A text with plural forms (`key_one`, `key_other` in English) has, in each language, exactly the forms of that
//! language's CLDR plural rules (Polish `one few many other`, Arabic `zero one two few many other`), read from
//! ICU4X's data rather than written down here.
use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn locales() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(root().join("locales")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let code = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            let texts: BTreeMap<String, String> = serde_json::from_str(&text).unwrap_or_else(|err| panic!("{code}.json: {err}"));
            all.insert(code, texts);
        }
    }
    all
}

/// The `{{ name }}` placeholders of a text (a formatter, as in `{{ count, number }}`, is part of the name).
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else { break };
        found.insert(rest[start + 2..start + end].trim().to_owned());
        rest = &rest[start + end + 2..];
    }
    found
}

const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The texts of English that have plural forms: `base` for every `base_one` + `base_other` pair.
fn plural_bases(english: &BTreeMap<String, String>) -> BTreeSet<String> {
    english
        .keys()
        .filter_map(|key| key.strip_suffix("_other"))
        .filter(|base| english.contains_key(&format!("{base}_one")))
        .map(str::to_owned)
        .collect()
}

/// Splits `key` into its plural base and form, when the base is one of English's plural texts.
fn plural_of<'a>(key: &'a str, bases: &BTreeSet<String>) -> Option<(&'a str, &'a str)> {
    let (base, form) = key.rsplit_once('_')?;
    (bases.contains(base) && PLURAL_FORMS.contains(&form)).then_some((base, form))
}

/// The cardinal plural categories of a language, from CLDR (ICU4X's compiled data).
fn plural_categories(code: &str) -> BTreeSet<String> {
    use icu_plurals::{PluralCategory, PluralRules};
    let locale: icu_locale_core::Locale = code.parse().unwrap_or_else(|err| panic!("{code}: {err}"));
    let rules = PluralRules::try_new_cardinal(locale.into()).unwrap_or_else(|err| panic!("{code}: {err}"));
    rules
        .categories()
        .map(|category| {
            match category {
                PluralCategory::Zero => "zero",
                PluralCategory::One => "one",
                PluralCategory::Two => "two",
                PluralCategory::Few => "few",
                PluralCategory::Many => "many",
                PluralCategory::Other => "other",
            }
            .to_owned()
        })
        .collect()
}

fn rust_sources(dir: &Path, into: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The keys named in the translation macros (`t!(i18n, key`, `td_string!(locale, key, …`).
fn keys_used() -> BTreeSet<String> {
    let mut sources = String::new();
    rust_sources(&root().join("src"), &mut sources);
    rust_sources(&root().join("../server/src"), &mut sources);
    let mut used = BTreeSet::new();
    for mac in ["t!(", "t_string!(", "td!(", "td_string!(", "tu!(", "tu_string!(", "t_display!(", "td_display!("] {
        for (at, _) in sources.match_indices(mac) {
            // Only whole macro names: `td_string!(` must not count as `string!(`.
            let before = sources[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let args = &sources[at + mac.len()..];
            let Some(comma) = args.find(',') else { continue };
            let key: String = args[comma + 1..].trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !key.is_empty() {
                used.insert(key);
            }
        }
    }
    used
}

#[test]
fn every_language_has_every_text_with_the_same_placeholders() {
    let all = locales();
    let english = &all["en"];
    assert!(all.len() >= 2, "English and at least one other language");
    let bases = plural_bases(english);
    assert!(bases.contains("teachers_found"), "plural texts are recognised");
    let mut problems = Vec::new();
    for (code, texts) in &all {
        let singular = |key: &&String| plural_of(key, &bases).is_none();
        for key in english.keys().filter(singular).filter(|k| !texts.contains_key(*k)) {
            problems.push(format!("{code}: missing {key}"));
        }
        for key in texts.keys().filter(singular).filter(|k| !english.contains_key(*k)) {
            problems.push(format!("{code}: {key} is not in English"));
        }
        // Plural texts: exactly the language's forms; `other` has English's placeholders, the other forms at most
        // those (Arabic's "two pupils" is a word of its own, with no number in it).
        let categories = plural_categories(code);
        for base in &bases {
            let forms: BTreeSet<String> =
                texts.keys().filter_map(|key| plural_of(key, &bases)).filter(|(b, _)| b == base).map(|(_, form)| form.to_owned()).collect();
            if forms != categories {
                problems.push(format!("{code}: {base} has the forms {forms:?}, the language has {categories:?}"));
            }
            let reference = placeholders(&english[&format!("{base}_other")]);
            for form in &forms {
                let found = placeholders(&texts[&format!("{base}_{form}")]);
                let fits = if form == "other" { found == reference } else { found.is_subset(&reference) };
                if !fits {
                    problems.push(format!("{code}: {base}_{form} has {found:?}, English {reference:?}"));
                }
            }
        }
        for (key, text) in texts {
            if let Some(reference) = english.get(key).filter(|_| plural_of(key, &bases).is_none())
                && placeholders(reference) != placeholders(text)
            {
                problems.push(format!("{code}: {key} has {:?}, English {:?}", placeholders(text), placeholders(reference)));
            }
            if text.trim().is_empty() {
                problems.push(format!("{code}: {key} is empty"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_text_is_used_by_the_code() {
    let english = &locales()["en"];
    let bases = plural_bases(english);
    let used = keys_used();
    // A plural text is used under its base name (`t!(i18n, teachers_found, count = …)`).
    let name = |key: &String| plural_of(key, &bases).map_or(key.clone(), |(base, _)| base.to_owned());
    let unused: Vec<&String> = english.keys().filter(|k| !used.contains(&name(k))).collect();
    assert!(unused.is_empty(), "texts no code uses (remove them from every language): {unused:?}");
    let unknown: Vec<&String> = used.iter().filter(|k| !english.contains_key(*k) && !bases.contains(*k)).collect();
    assert!(unknown.is_empty(), "keys the code uses that English lacks: {unknown:?}");
}

#[test]
fn the_helpers_of_this_test_find_what_they_should() {
    assert_eq!(placeholders("Page {{ page }} of {{pages}}"), BTreeSet::from(["page".to_owned(), "pages".to_owned()]));
    assert!(keys_used().contains("platform_name"));
    assert_eq!(plural_categories("pl"), ["few", "many", "one", "other"].map(str::to_owned).into());
    assert_eq!(plural_categories("ar").len(), 6);
    let bases = BTreeSet::from(["teachers_found".to_owned()]);
    assert_eq!(plural_of("teachers_found_few", &bases), Some(("teachers_found", "few")));
    assert_eq!(plural_of("report_reason_other", &bases), None);
}
