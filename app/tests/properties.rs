//! Property tests: generated input, thousands of shapes no hand-written case would try. Markdown cleaning
//! never lets a script, an event handler, a style or a script URL through; the search text becomes plain words;
//! a return address or an image source accepted as "this site" never leads off it; file names and the
//! detection of file types never panic and never let a name lie about its content.
//!
//! CI runs the default number of cases (256 per property). For a longer run (a fuzzing session):
//! `PROPTEST_CASES=200000 cargo test -p app --features test-support --test properties --release`.
use app::{
    forms::is_same_site_path,
    partners::{MAX_WORDS, search_words},
    twinspace::materials::ssr::{Kind, check, clean_name},
    ui::render_markdown,
};
use proptest::prelude::*;

/// Pieces an attacker would put together, mixed with any text.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>alert(1)</script>", "<SCRIPT SRC=//x.example/a.js>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))", "![p](https://tracker.example/p.png)", "![p](//tracker.example/p.png)", "![p](/pictures/1)",
        "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<iframe src=x></iframe>", "<style>*{}</style>",
        "<div style=\"background:url(x)\">", "<object data=x>", "<embed src=x>", "<form action=x><button>", "<math><mi xlink:href=x>",
        "<a href=x onclick=alert(1)>", "<p onmouseover=\"alert(1)\">", "\"", "'", "`", "<", ">", "&", "&lt;", "](", ")", "[", "!", "\n",
        "\n\n", "# ", "* ", "| a | b |\n|---|---|\n| c | d |", "`code`", "```\n<script>\n```", " ", "<!--", "-->", "<![CDATA[", "]]>",
        "<base href=//x.example>", "<meta http-equiv=refresh content=0;url=x>", "<link rel=stylesheet href=x>", "<template>", "<noscript>",
    ]);
    prop::collection::vec(prop_oneof![3 => pieces.prop_map(str::to_owned), 1 => any::<String>()], 0..24).prop_map(|parts| parts.concat())
}

/// The attributes of every tag in cleaned HTML (ammonia writes `name="value"` with values escaped).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else { break };
        let inner = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        let mut parts = inner.splitn(2, char::is_whitespace);
        let name = parts.next().unwrap_or_default().trim_start_matches('/').to_lowercase();
        let mut attributes = Vec::new();
        let mut text = parts.next().unwrap_or_default();
        loop {
            text = text.trim_start();
            let Some(eq) = text.find('=') else { break };
            let attribute = text[..eq].trim().to_lowercase();
            let after = &text[eq + 1..];
            let Some(value_and_rest) = after.strip_prefix('"') else { break };
            let Some(close) = value_and_rest.find('"') else { break };
            attributes.push((attribute, value_and_rest[..close].to_owned()));
            text = &value_and_rest[close + 1..];
        }
        found.push((name, attributes));
    }
    found
}

/// An attribute's value as the browser reads it: character references decoded in one pass, as HTML does.
fn decode_entities(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&end| end <= 12);
        let reference = end.map(|end| &rest[1..end]);
        let character = reference.and_then(|reference| match reference {
            "amp" => Some('&'),
            "colon" => Some(':'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            _ => reference
                .strip_prefix("#x")
                .or_else(|| reference.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| reference.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        });
        match (character, end) {
            (Some(character), Some(end)) => {
                decoded.push(character);
                rest = &rest[end + 1..];
            }
            _ => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// Where a URL leads, as a browser would read it: entities decoded, control characters and spaces dropped.
fn scheme(url: &str) -> Option<String> {
    let decoded = decode_entities(url);
    let squeezed: String = decoded.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect::<String>().to_lowercase();
    let colon = squeezed.find(':')?;
    let before = &squeezed[..colon];
    // The URL standard's scheme: a letter, then letters, digits, "+", "-" or ".". Anything else before the
    // first colon ("%5bx%5d(javascript:" say) makes the whole URL a relative path on this site.
    let mut chars = before.chars();
    let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme.then(|| before.to_owned())
}

proptest! {
    #[test]
    fn cleaned_markdown_never_runs_anything(markdown in hostile_markdown()) {
        let html = render_markdown(&markdown);
        for (tag, attributes) in tags(&html) {
            prop_assert!(
                !["script", "style", "iframe", "svg", "object", "embed", "form", "base", "meta", "link", "math", "template"].contains(&tag.as_str()),
                "<{tag}> survived in {html:?}"
            );
            for (name, value) in attributes {
                prop_assert!(!name.starts_with("on") && name != "style", "{name}= survived on <{tag}> in {html:?}");
                if name == "href" || name == "src" {
                    if let Some(scheme) = scheme(&value) {
                        prop_assert!(["http", "https", "mailto"].contains(&scheme.as_str()), "a {scheme}: URL survived in {html:?}");
                    }
                }
                if tag == "img" && name == "src" {
                    prop_assert!(is_same_site_path(&value), "a picture from elsewhere ({value}) in {html:?}");
                }
            }
        }
    }

    #[test]
    fn same_site_paths_never_leave_the_site(path in prop_oneof![any::<String>(), "[/\\\\ \t\n.:@a-z%0-9?#]{0,12}".prop_map(|s| s)]) {
        if is_same_site_path(&path) {
            let base = url::Url::parse("https://opentwin.example/projects/1").unwrap();
            let joined = base.join(&path);
            prop_assert!(joined.as_ref().is_ok_and(|u| u.host_str() == Some("opentwin.example") && u.scheme() == "https"), "{path:?} leads to {joined:?}");
        }
    }

    #[test]
    fn search_text_becomes_plain_words(text in prop_oneof![any::<String>(), "[a-zé\"*()\\-:^ OR AND NEAR]{0,60}".prop_map(|s| s)]) {
        let (words, _) = search_words(&text);
        prop_assert!(words.len() <= MAX_WORDS);
        for word in &words {
            prop_assert!(!word.is_empty() && word.chars().count() <= 40);
            // Letters and digits only: nothing the full-text query language or SQL would read as syntax.
            prop_assert!(word.chars().all(char::is_alphanumeric), "{word:?}");
        }
    }

    #[test]
    fn file_names_are_cleaned_and_types_never_lie(name in any::<String>(), ext in prop::sample::select(vec!["txt", "pdf", "png", "jpg", "webp", "docx", "mp3", "mp4", "exe", "html", "svg"]), bytes in prop::collection::vec(any::<u8>(), 0..64), magic in prop::sample::select(vec![&b"%PDF-"[..], b"\x89PNG\r\n\x1a\n", b"\xFF\xD8\xFF", b"PK\x03\x04", b"ID3", b"", b"<svg", b"MZ"])) {
        if let Some(clean) = clean_name(&name) {
            prop_assert!(!clean.is_empty() && clean != "." && clean != ".." && clean.chars().count() <= 200);
            prop_assert!(!clean.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | '"' | '<' | '>')), "{clean:?}");
        }
        let mut content = magic.to_vec();
        content.extend_from_slice(&bytes);
        let _ = Kind::sniff(&content);
        let file = format!("file.{ext}");
        if let Ok(kind) = check(&file, &content) {
            prop_assert_eq!(Some(kind), Kind::of_extension(&file), "the content is what the name says");
            prop_assert_eq!(Some(kind), Kind::sniff(&content));
        }
    }
}

/// The checker above must tell a link that leads elsewhere from a relative path that merely mentions a scheme.
#[test]
fn the_scheme_reader_reads_urls_as_a_browser_does() {
    assert_eq!(scheme("JaVa\tScript:alert(1)").as_deref(), Some("javascript"));
    assert_eq!(scheme("&#106;avascript&#x3A;alert(1)").as_deref(), Some("javascript"));
    assert_eq!(scheme("&amp;#106;avascript:alert(1)"), None);
    assert_eq!(scheme("vbscript:msgbox(1)").as_deref(), Some("vbscript"));
    assert_eq!(scheme("%5Bx%5D(javascript:alert(1))"), None);
    assert_eq!(scheme("/pictures/1?a=b:c"), None);
}
