//! Interface strings in the page's language: the default theme's `i18n/LANG.toml`, overridden
//! key by key by the site's own `i18n/`, with English as the last fallback; and the
//! language switcher of a multilingual site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::{TestSite, headlines};

/// A site in `language` with a home page and two pages (each with enough headings for a
/// table of contents), plus `extra` files.
fn site_in(language: &str, extra: &[(&str, &str)]) -> TestSite {
    let book = format!("[book]\ntitle = \"X\"\nlanguage = \"{language}\"\n");
    let mut files: Vec<(&str, &str)> = vec![
        ("book.toml", book.as_str()),
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/a.md",
            "---\ntitle: A\nweight: 1\n---\n## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n",
        ),
        ("content/b.md", "---\ntitle: B\nweight: 2\n---\nText.\n"),
    ];
    files.extend_from_slice(extra);
    TestSite::with_files(&files)
}

/// The default theme's own folder.
fn theme_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default"))
}

/// One of the default theme's i18n files, as key → text.
fn theme_strings(lang: &str) -> BTreeMap<String, String> {
    let path = theme_dir().join("i18n").join(format!("{lang}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_french_site_shows_the_theme_in_french() {
    let site = site_in("fr", &[]);
    site.build_ok();
    let a = site.html("a/index.html");
    assert_eq!(a.attrs("html", "lang"), ["fr"]);
    assert_eq!(a.attrs("html", "dir"), ["ltr"]);
    assert_eq!(a.text(".skip-link"), "Aller au contenu");
    assert_eq!(a.text(".pager-prev .pager-label"), "Précédent");
    assert_eq!(a.text(".pager-next .pager-label"), "Suivant");
    assert_eq!(a.text(".toc-title"), "Sur cette page");
    assert_eq!(a.text(".toc-inline summary"), "Sur cette page");
    assert_eq!(a.attrs("nav.breadcrumbs", "aria-label"), ["Fil d’Ariane"]);
    assert_eq!(a.attrs("nav.pager", "aria-label"), ["Précédent et suivant"]);
    assert!(a.text(".site-footer").ends_with("Créé avec praxis"));
    let not_found = site.html("404.html");
    assert_eq!(not_found.text("main h1"), "Page introuvable");
    assert_eq!(not_found.text("title"), "Page introuvable · X");
}

#[test]
fn dates_are_written_with_the_languages_month_names() {
    let page = "---\ntitle: A\ndate: 2025-05-13\nupdated: 2025-08-01\n---\nText.\n";
    let french = site_in("fr", &[("content/a.md", page)]);
    french.build_ok();
    let a = french.html("a/index.html");
    assert_eq!(a.text(".meta-date"), "13 mai 2025");
    assert_eq!(a.text(".meta-updated"), "Mis à jour le 1 août 2025");
    let japanese = site_in("ja", &[("content/a.md", page)]);
    japanese.build_ok();
    assert_eq!(
        japanese.html("a/index.html").text(".meta-date"),
        "2025年5月13日"
    );
    let english = site_in("en", &[("content/a.md", page)]);
    english.build_ok();
    let a = english.html("a/index.html");
    assert_eq!(a.text(".meta-date"), "13 May 2025");
    assert_eq!(a.text(".meta-updated"), "Updated 1 August 2025");
}

#[test]
fn the_sites_own_i18n_file_overrides_one_key_and_the_theme_gives_the_rest() {
    let site = site_in("fr", &[("i18n/fr.toml", "previous = \"Avant\"\n")]);
    site.build_ok();
    let a = site.html("a/index.html");
    assert_eq!(a.text(".pager-prev .pager-label"), "Avant");
    assert_eq!(a.text(".pager-next .pager-label"), "Suivant");
    assert_eq!(a.text(".toc-title"), "Sur cette page");
}

#[test]
fn hugo_style_tables_give_their_other_form() {
    let site = site_in(
        "fr",
        &[(
            "i18n/fr.toml",
            "[next]\none = \"Page suivante\"\nother = \"Après\"\n\n[previous]\none = \"Avant\"\n",
        )],
    );
    site.build_ok();
    let a = site.html("a/index.html");
    assert_eq!(a.text(".pager-next .pager-label"), "Après");
    // A table with `one` alone gives `one`.
    assert_eq!(a.text(".pager-prev .pager-label"), "Avant");
}

#[test]
fn an_i18n_file_with_a_syntax_error_names_its_file_and_line() {
    let site = site_in(
        "fr",
        &[("i18n/fr.toml", "previous = \"Avant\"\nnext = Après\n")],
    );
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("i18n/fr.toml:2:8: error: invalid i18n file"),
        "{lines:?}"
    );
    assert_eq!(err.diagnostics()[0].code, "config");
    assert_eq!(
        err.diagnostics()[0].source_line.as_deref(),
        Some("next = Après")
    );
}

#[test]
fn an_i18n_value_that_is_not_text_is_an_error_at_the_value() {
    let site = site_in(
        "fr",
        &[("i18n/fr.toml", "previous = \"Avant\"\nnext = 3\n")],
    );
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(
        lines,
        ["i18n/fr.toml:2:8: error: invalid i18n file: `next` must be text"]
    );
    let site = site_in("fr", &[("i18n/fr.toml", "[next]\nzero = \"Rien\"\n")]);
    let lines = headlines(&site, site.build_err().diagnostics());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("i18n/fr.toml:1:2: error: invalid i18n file: `[next]` has no `other"),
        "{lines:?}"
    );
}

#[test]
fn an_unknown_language_falls_back_to_english() {
    let site = site_in("xx", &[]);
    site.build_ok();
    let a = site.html("a/index.html");
    assert_eq!(a.attrs("html", "lang"), ["xx"]);
    assert_eq!(a.text(".pager-prev .pager-label"), "Previous");
    assert_eq!(a.text(".pager-next .pager-label"), "Next");
    assert_eq!(a.text(".toc-title"), "On this page");
}

#[test]
fn a_regional_code_falls_back_to_its_language_whatever_the_case() {
    let site = site_in(
        "pt-BR",
        &[(
            "i18n/pt.toml",
            "previous = \"Anterior\"\nnext = \"Próximo\"\n",
        )],
    );
    site.build_ok();
    let a = site.html("a/index.html");
    assert_eq!(a.text(".pager-prev .pager-label"), "Anterior");
    assert_eq!(a.text(".pager-next .pager-label"), "Próximo");
    // Keys pt.toml lacks come from English.
    assert_eq!(a.text(".toc-title"), "On this page");
}

#[test]
fn the_scripts_get_their_texts_only_where_they_are_not_english() {
    let english = site_in("en", &[]);
    english.build_ok();
    let a = english.html("a/index.html");
    assert_eq!(
        a.attrs(".site-search", "data-search-index"),
        ["/search-index/"]
    );
    assert!(
        a.attrs(".site-search", "data-search-placeholder")
            .is_empty()
    );
    assert!(a.attrs("script[src$='code.js']", "data-copy").is_empty());
    assert!(
        english
            .output("a/index.html")
            .contains("<div class=\"site-search\" data-search-index=\"/search-index/\" hidden>")
    );

    let german = site_in("de", &[]);
    german.build_ok();
    let a = german.html("a/index.html");
    assert_eq!(
        a.attrs(".site-search", "data-search-placeholder"),
        ["Suchen"]
    );
    assert_eq!(
        a.attrs(".site-search", "data-search-no-results"),
        ["Keine Ergebnisse für „{query}“"]
    );
    assert_eq!(a.attrs("script[src$='code.js']", "data-copy"), ["Kopieren"]);
    assert_eq!(
        a.attrs("script[src$='code.js']", "data-copied"),
        ["Kopiert"]
    );
}

#[test]
fn a_site_in_one_language_has_no_language_switcher_or_alternates() {
    let site = site_in("en", &[]);
    site.build_ok();
    let a = site.html("a/index.html");
    assert_eq!(a.count(".language-switcher"), 0);
    assert_eq!(a.count("link[hreflang]"), 0);
}

#[test]
fn the_language_switcher_links_each_version_in_its_own_language() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"X\"\nlanguage = \"en\"\n\n[languages.es]\n\n[languages.ar]\n",
        ),
        ("content/_index.md", "---\ntitle: Home\n---\nHi.\n"),
        ("content/_index.es.md", "---\ntitle: Inicio\n---\nHola.\n"),
        ("content/a.md", "---\ntitle: A\n---\nText.\n"),
        ("content/a.es.md", "---\ntitle: A\n---\nTexto.\n"),
        ("content/a.ar.md", "---\ntitle: A\n---\nنص.\n"),
    ]);
    site.build_ok();
    let a = site.html("es/a/index.html");
    assert_eq!(a.attrs("nav.language-switcher", "aria-label"), ["Idiomas"]);
    let links = "nav.language-switcher li a";
    assert_eq!(a.texts(links), ["English", "العربية", "Español"]);
    assert_eq!(a.attrs(links, "lang"), ["en", "ar", "es"]);
    assert_eq!(a.attrs(links, "hreflang"), ["en", "ar", "es"]);
    assert_eq!(a.attrs(links, "href"), ["/a/", "/ar/a/", "/es/a/"]);
    assert_eq!(
        a.attrs(&format!("{links}[aria-current]"), "hreflang"),
        ["es"]
    );
    assert_eq!(
        a.attrs("link[rel=alternate][hreflang]", "hreflang"),
        ["en", "ar", "es", "x-default"]
    );
    assert_eq!(a.attrs("link[hreflang=x-default]", "href").len(), 1);
    // Static files come from the site's root in every language.
    assert_eq!(a.attrs("link[rel=stylesheet]", "href")[0], "/praxis.css");
    let ar = site.html("ar/a/index.html");
    assert_eq!(ar.attrs("html", "dir"), ["rtl"]);
    assert_eq!(ar.text(".pager-prev .pager-label"), "السابق");
}

/// Every `i18n.KEY` (and `i18n["KEY"]`) the default theme's templates use, plus the keys of
/// the `for key, english in {…}` tables that pass texts to the scripts and the month names.
fn keys_used_by_templates() -> BTreeSet<String> {
    let dotted = regex::Regex::new(r#"i18n\.([A-Za-z0-9_]+)|i18n\["([A-Za-z0-9_]+)"\]"#).unwrap();
    let table = regex::Regex::new(r#"for key, english in \{(.*?)\} %\}"#).unwrap();
    let table_key = regex::Regex::new(r#""([A-Za-z0-9_]+)": ""#).unwrap();
    let mut keys = BTreeSet::new();
    for entry in walkdir::WalkDir::new(theme_dir().join("templates")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for found in dotted.captures_iter(&text) {
            let key = found.get(1).or_else(|| found.get(2)).unwrap().as_str();
            keys.insert(key.to_string());
        }
        for found in table.captures_iter(&text) {
            for key in table_key.captures_iter(&found[1]) {
                keys.insert(key[1].to_string());
            }
        }
        if text.contains(r#"i18n["month_" ~"#) {
            keys.extend((1..=12).map(|n| format!("month_{n}")));
        }
    }
    keys
}

#[test]
fn every_key_the_default_templates_use_is_in_english() {
    let english = theme_strings("en");
    let used = keys_used_by_templates();
    assert!(used.len() > 40, "the scan found too few keys: {used:?}");
    let missing: Vec<&String> = used.iter().filter(|k| !english.contains_key(*k)).collect();
    assert!(missing.is_empty(), "keys missing from en.toml: {missing:?}");
}

#[test]
fn every_language_file_of_the_theme_has_exactly_the_english_keys() {
    let english: BTreeSet<String> = theme_strings("en").into_keys().collect();
    let mut languages = Vec::new();
    for entry in std::fs::read_dir(theme_dir().join("i18n")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let lang = name
            .strip_suffix(".toml")
            .expect("only TOML files in i18n/");
        languages.push(lang.to_string());
        let keys: BTreeSet<String> = theme_strings(lang).into_keys().collect();
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:?}, not in en.toml {extra:?}"
        );
    }
    languages.sort();
    assert_eq!(languages, ["ar", "de", "en", "es", "fr", "ja", "zh"]);
}

#[test]
fn the_scripts_own_english_is_en_toml_s() {
    // base.html leaves out a script's text when it equals the English the template compares
    // it with; the script then shows its own. All three must agree.
    let english = theme_strings("en");
    let base = std::fs::read_to_string(theme_dir().join("templates/base.html")).unwrap();
    let table = regex::Regex::new(r#"for key, english in \{(.*?)\} %\}"#).unwrap();
    let pair = regex::Regex::new(r#""([A-Za-z0-9_]+)": "([^"]*)""#).unwrap();
    let mut compared = 0;
    for found in table.captures_iter(&base) {
        for p in pair.captures_iter(&found[1]) {
            assert_eq!(
                english.get(&p[1]).map(String::as_str),
                Some(&p[2]),
                "base.html: {}",
                &p[1]
            );
            compared += 1;
        }
    }
    let call = regex::Regex::new(r#"text\("([a-z-]+)", "([^"]*)"\)"#).unwrap();
    for script in ["code.js", "search.js"] {
        let text = std::fs::read_to_string(theme_dir().join("static").join(script)).unwrap();
        for c in call.captures_iter(&text) {
            let key = c[1].replace('-', "_");
            assert_eq!(
                english.get(&key).map(String::as_str),
                Some(&c[2]),
                "{script}: {key}"
            );
            compared += 1;
        }
    }
    assert_eq!(
        compared, 28,
        "14 texts, each in base.html and in its script"
    );
}

#[test]
fn serve_renders_pages_again_when_an_interface_string_changes() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"X\"\nlanguage = \"fr\"\n"),
        ("content/_index.md", "---\ntitle: Accueil\n---\nTexte.\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\n## Un\n\nTexte.\n\n## Deux\n\nTexte.\n",
        ),
        ("i18n/fr.toml", "on_this_page = \"Dans cette page\"\n"),
    ]);
    let options = praxis::BuildOptions::default();
    let (mut live, first) = praxis::incremental::Live::load(site.root(), &options).unwrap();
    first.unwrap();
    assert!(live.watched().contains(&site.path("i18n")));
    site.write("i18n/fr.toml", "on_this_page = \"Sommaire\"\n");
    let touched = BTreeSet::from([site.path("i18n/fr.toml")]);
    live.update(&touched, false).unwrap();
    crate::incremental::assert_same_site(&mut live, site.root());
    site.build_ok();
    assert!(site.read("public/a/index.html").contains("Sommaire"));
}
