//! Multilingual sites: the default language at the root and each other under `/CODE/`,
//! each with its own navigation, taxonomies, feeds, search index and 404; translations found
//! by suffix or by folder, sharing ids; `[[ID]]` with no page in a language leading to the
//! default language's page; `lang`, `dir` and alternates on every page and in the sitemap.

use std::collections::BTreeSet;

use praxis::BuildOptions;
use praxis::incremental::Live;

use crate::support::{TestSite, headlines};

fn built() -> TestSite {
    let site = TestSite::fixture("languages");
    site.build_ok();
    site
}

#[test]
fn the_default_language_is_at_the_root_and_the_others_in_their_own_folders() {
    let site = built();
    for page in [
        "index.html",
        "ops/ops01-bp01/index.html",
        "ja/index.html",
        "ja/ops/ops01-bp01/index.html",
        "ar/index.html",
        "ar/ops/ops01-bp01/index.html",
    ] {
        assert!(site.has_output(page), "{page}");
    }
    assert_eq!(
        site.html("ja/ops/ops01-bp01/index.html").text("h1"),
        "OPS01-BP01 利用者を知る"
    );
    assert_eq!(site.html("ar/ops/index.html").text("h1"), "العمليات");
}

#[test]
fn pages_carry_their_language_and_direction() {
    let site = built();
    let lang = |page: &str| {
        let html = site.read(&format!("public/{page}"));
        let start = html.find("<html").unwrap();
        html[start..start + html[start..].find('>').unwrap()].to_string()
    };
    assert!(lang("index.html").contains("lang=\"en\""));
    assert!(lang("ja/index.html").contains("lang=\"ja\""));
    assert!(lang("ja/index.html").contains("dir=\"ltr\""));
    assert!(lang("ar/ops/ops01-bp01/index.html").contains("lang=\"ar\""));
    assert!(lang("ar/ops/ops01-bp01/index.html").contains("dir=\"rtl\""));
}

#[test]
fn a_page_written_in_one_language_is_listed_only_in_that_language() {
    let site = built();
    let en = site.read("public/index.html");
    let ja = site.read("public/ja/index.html");
    assert!(en.contains("About this guide"));
    assert!(!ja.contains("About this guide"));
    assert!(!site.has_output("ja/about/index.html"));
    let ja_ops = site.read("public/ja/ops/index.html");
    assert!(ja_ops.contains("利用者を知る") && !ja_ops.contains("Measure what matters"));
}

#[test]
fn ids_and_paths_fall_back_to_the_default_language_with_a_note() {
    let site = TestSite::fixture("languages");
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/ops/ops01-bp01.ja.md:6:19: note: `OPS01-BP02` has no page in this language: the link leads to the English page",
            "content/ops/ops01-bp01.ja.md:8:1: note: `../about.md` has no page in this language: the link leads to the English page",
        ]
    );
    // The Arabic page names no id: it shares its English page's, so its own link stays in
    // Arabic.
    let ar = site.html("ar/ops/ops01-bp01/index.html");
    assert_eq!(ar.attrs(".prose a", "href"), ["/ar/ops/ops01-bp01/"]);
    let ja = site.html("ja/ops/ops01-bp01/index.html");
    // A path link to a page only English has leads there too.
    assert_eq!(
        ja.attrs(".prose a", "href"),
        ["/ops/ops01-bp02/", "/about/"]
    );
    assert_eq!(ja.texts(".prose a")[0], "OPS01-BP02 Measure what matters");
}

#[test]
fn each_language_has_its_own_taxonomies_feeds_search_index_and_404() {
    let site = built();
    for file in [
        "tags/users/index.html",
        "ja/tags/利用者/index.html",
        "ar/tags/المستخدمون/index.html",
        "atom.xml",
        "ja/atom.xml",
        "search-index/index.json",
        "ja/search-index/index.json",
        "ar/search-index/index.json",
        "404.html",
        "ja/404.html",
        "ar/404.html",
    ] {
        assert!(site.has_output(file), "{file}");
    }
    assert!(!site.has_output("ja/tags/users/index.html"));
    let ja_feed = site.read("public/ja/atom.xml");
    assert!(ja_feed.contains("利用者を知る") && !ja_feed.contains("Know your users"));
    let ja_index = site.read("public/ja/search-index/index.json");
    assert!(!ja_index.contains("Measure what matters"));
}

#[test]
fn static_files_sitemap_and_robots_are_written_once_at_the_root() {
    let site = built();
    assert!(site.has_output("praxis.css") && !site.has_output("ja/praxis.css"));
    assert!(!site.has_output("ja/sitemap.xml") && !site.has_output("ja/robots.txt"));
    let css: Vec<String> = site
        .html("ja/index.html")
        .attrs("link[rel=stylesheet]", "href");
    assert!(css.iter().all(|href| !href.starts_with("/ja/")), "{css:?}");
}

#[test]
fn the_sitemap_and_each_page_list_every_translation() {
    let site = built();
    let sitemap = site.read("public/sitemap.xml");
    let entry = sitemap
        .split("<url>")
        .find(|e| e.contains("<loc>https://guide.example.org/ja/ops/ops01-bp01/</loc>"))
        .expect("the Japanese page is in the sitemap");
    for (code, href) in [
        ("en", "https://guide.example.org/ops/ops01-bp01/"),
        ("ja", "https://guide.example.org/ja/ops/ops01-bp01/"),
        ("ar", "https://guide.example.org/ar/ops/ops01-bp01/"),
    ] {
        let link = format!("<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{href}\"/>");
        assert!(entry.contains(&link), "{link} in {entry}");
    }
    let page = site.html("ar/ops/ops01-bp01/index.html");
    let hreflangs: BTreeSet<String> = page
        .attrs("link[rel=alternate][hreflang]", "hreflang")
        .into_iter()
        .collect();
    assert_eq!(
        hreflangs,
        BTreeSet::from(["ar", "en", "ja", "x-default"].map(String::from))
    );
    // A page with no translation names none.
    let about = site.html("about/index.html");
    assert_eq!(about.count("link[rel=alternate][hreflang]"), 0);
}

#[test]
fn pages_with_one_translation_key_translate_each_other_whatever_their_paths() {
    let site = built();
    let en = site.html("ops/ops01-bp02/index.html");
    let alternates = en.attrs("link[rel=alternate][hreflang=ar]", "href");
    assert_eq!(alternates, ["https://guide.example.org/ar/ops/measure/"]);
    // The Arabic page shares the English page's id, found by its key.
    let graph = site.read("public/ar/graph.json");
    assert!(graph.contains("OPS01-BP02"), "{graph}");
}

#[test]
fn language_mistakes_in_book_toml_are_errors_at_their_table() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"X\"\n\n[languages.\"e s\"]\ntitle = \"Y\"\n\n[languages.fr]\ncontent-dir = \"content\"\n",
        ),
        ("content/_index.md", "---\ntitle: X\n---\n"),
    ]);
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("book.toml:4:"), "{lines:?}");
    assert!(
        lines[0].contains("`e s` is not a language code"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("book.toml:8:1: error: `content-dir` of `fr`"),
        "{lines:?}"
    );
}

#[test]
fn a_default_language_page_in_another_languages_folder_is_an_error() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"X\"\n\n[languages.es]\n"),
        ("content/_index.md", "---\ntitle: X\n---\n"),
        ("content/es/page.md", "---\ntitle: In the way\n---\n"),
    ]);
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(
        lines,
        [
            "content/es/page.md: error: this page is published in `es/`, the folder of the Español pages"
        ]
    );
}

#[test]
fn serve_builds_a_multilingual_site_as_build_does_after_an_edit() {
    let site = TestSite::fixture("languages");
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    site.write(
        "content/ops/ops01-bp01.ja.md",
        "---\ntitle: OPS01-BP01 利用者を知ろう\n---\n本文。\n",
    );
    let touched = BTreeSet::from([site.path("content/ops/ops01-bp01.ja.md")]);
    live.update(&touched, false).unwrap();
    crate::incremental::assert_same_site(&mut live, site.root());
    // A language with a folder of its own is watched there.
    site.write(
        "content-ar/ops/ops01-bp02.md",
        "---\ntitle: OPS01-BP02 قِس ما يهم\n---\nنص.\n",
    );
    let touched = BTreeSet::from([site.path("content-ar/ops/ops01-bp02.md")]);
    live.update(&touched, false).unwrap();
    crate::incremental::assert_same_site(&mut live, site.root());
    assert!(live.watched().contains(&site.path("content-ar")));
}
