//! Every language is complete: the same keys as English (none missing, none extra), the same placeholders in
//! each text, and no key that the code never uses. A new text is added to every language in the same change.
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

/// The `{{ name }}` placeholders of a text.
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
    let mut problems = Vec::new();
    for (code, texts) in &all {
        for key in english.keys().filter(|k| !texts.contains_key(*k)) {
            problems.push(format!("{code}: missing {key}"));
        }
        for key in texts.keys().filter(|k| !english.contains_key(*k)) {
            problems.push(format!("{code}: {key} is not in English"));
        }
        for (key, text) in texts {
            if let Some(reference) = english.get(key)
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
    let used = keys_used();
    let unused: Vec<&String> = english.keys().filter(|k| !used.contains(*k)).collect();
    assert!(unused.is_empty(), "texts no code uses (remove them from every language): {unused:?}");
    let unknown: Vec<&String> = used.iter().filter(|k| !english.contains_key(*k)).collect();
    assert!(unknown.is_empty(), "keys the code uses that English lacks: {unknown:?}");
}

#[test]
fn the_helpers_of_this_test_find_what_they_should() {
    assert_eq!(placeholders("Page {{ page }} of {{pages}}"), BTreeSet::from(["page".to_owned(), "pages".to_owned()]));
    assert!(keys_used().contains("platform_name"));
}
