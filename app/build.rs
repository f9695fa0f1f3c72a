//! Generates the `i18n` module from `locales/*.json`.
//!
//! Every JSON file in `locales/` is a language: adding a language is adding a file (a data change), never a
//! code change. English is the default and the reference every other locale is checked against.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::{error::Error, path::PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");

    let mut others: Vec<String> = std::fs::read_dir("locales")?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let path = entry.path();
            (path.extension()? == "json").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .filter(|locale| locale != "en")
        .collect();
    others.sort();

    // The browser build carries English alone: pages are rendered on the server, and the islands get their words
    // as props, so no translation is read in the browser. Compiling the 35 others into the wasm (a match of 36
    // arms for each of ≈ 1,000 texts) cost minutes of every release build for code nothing called.
    let browser_only = std::env::var_os("CARGO_FEATURE_HYDRATE").is_some() && std::env::var_os("CARGO_FEATURE_SSR").is_none();
    let mut config = Config::new("en")?;
    if !browser_only {
        for locale in &others {
            config = config.add_locale(locale)?;
        }
    }
    // Error texts with values (`{{ max }}`) are needed as plain strings too.
    let config = config.parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    translations.generate_i18n_module(out)?;
    Ok(())
}
