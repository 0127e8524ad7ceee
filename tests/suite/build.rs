//! The `basic` fixture: content model, clean URLs, bundles, aliases, drafts, static files.

use crate::support::{TestSite, list_files};
use praxis::BuildOptions;
use praxis::config::Overrides;

#[test]
fn builds_every_page_at_its_clean_url() {
    let site = TestSite::fixture("basic");
    let report = site.build_ok();
    assert_eq!(report.pages, 8, "drafts are not counted");
    assert_eq!(
        report.sections, 6,
        "home, ops, ops01, ops02, ops10 and the folder guides"
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let files = list_files(&site.path("public"));
    for expected in [
        "index.html",
        "about/index.html",
        "ops/index.html",
        "ops/ops01/index.html",
        "ops/ops01/ops01-bp01/index.html",
        "ops/ops01/ops01-bp02/index.html",
        "ops/ops01/ops01-bp10/index.html",
        "ops/ops10/ops10-bp01/index.html",
        "guides/index.html",
        "guides/getting-started/index.html",
        "guides/diagram-tour/index.html",
        "guides/diagram-tour/flow.svg",
        "404.html",
        "site.css",
        "praxis.css",
        "sitemap.xml",
        "robots.txt",
        ".praxis-output",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected} in {files:#?}"
        );
    }
    assert_eq!(
        report.files,
        files.len() - 1,
        "every file but the marker is counted"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    let without = site.build_ok();
    assert!(!site.has_output("unfinished/index.html"));
    assert!(!site.output("sitemap.xml").contains("unfinished"));

    let options = BuildOptions {
        overrides: Overrides {
            drafts: true,
            ..Overrides::default()
        },
        force: false,
        ..BuildOptions::default()
    };
    let report = site.build_with(&options).unwrap();
    assert_eq!(
        report.pages,
        without.pages + 1,
        "the one draft, unfinished.md"
    );
    assert!(site.has_output("unfinished/index.html"));
}

#[test]
fn a_draft_section_hides_everything_inside_it() {
    let site = TestSite::fixture("basic");
    let before = site.build_ok();
    site.write(
        "content/ops/ops10/_index.md",
        "---\ntitle: Later\ndraft: true\n---\n",
    );
    let report = site.build_ok();
    assert_eq!(report.pages, before.pages - 1, "ops10-bp01, its one page");
    assert_eq!(report.sections, before.sections - 1);
    assert!(!site.has_output("ops/ops10/index.html"));
    assert!(!site.has_output("ops/ops10/ops10-bp01/index.html"));
}

#[test]
fn title_comes_from_the_first_heading_which_is_not_rendered_twice() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.html("ops/ops01/ops01-bp01/index.html");
    assert_eq!(page.text("main h1"), "OPS01-BP01 Know your customers");
    assert_eq!(page.count(".prose h1"), 0);
    assert_eq!(page.texts(".prose h2"), ["Desired outcome#"]);
}

#[test]
fn toml_front_matter_and_aliases_redirect_to_the_page() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let about = site.html("about/index.html");
    assert_eq!(about.text("main h1"), "About this guide");
    for alias in ["old-about/index.html", "about.html"] {
        let redirect = site.html(alias);
        assert_eq!(
            redirect.attrs("meta[http-equiv=refresh]", "content"),
            ["0; url=/about/"],
            "{alias}"
        );
        assert_eq!(
            redirect.attrs("link[rel=canonical]", "href"),
            ["https://guide.example.org/about/"]
        );
    }
}

#[test]
fn sections_and_the_home_page_redirect_from_their_aliases_too() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Moves\"\n"),
        ("content/_index.md", "---\naliases: [/start/]\n---\nHome.\n"),
        (
            "content/ops/_index.md",
            "---\ntitle: Operations\naliases: [/operations/, /old/ops.html]\n---\n",
        ),
        (
            "content/ops/run.md",
            "---\ntitle: Run\naliases: [/old/run.html]\n---\n",
        ),
    ]);
    site.build_ok();
    for (alias, target) in [
        ("start/index.html", "/"),
        ("operations/index.html", "/ops/"),
        ("old/ops.html", "/ops/"),
        ("old/run.html", "/ops/run/"),
    ] {
        let redirect = site.html(alias);
        assert_eq!(
            redirect.attrs("meta[http-equiv=refresh]", "content"),
            [format!("0; url={target}")],
            "{alias}"
        );
    }
}

#[test]
fn bundle_assets_sit_beside_the_page_and_folders_without_index_are_sections() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let tour = site.html("guides/diagram-tour/index.html");
    assert_eq!(tour.attrs(".prose img", "src"), ["flow.svg"]);
    assert!(site.has_output("guides/diagram-tour/flow.svg"));
    let guides = site.html("guides/index.html");
    assert_eq!(guides.text("main h1"), "Guides");
    assert_eq!(
        guides.texts("main .card-title"),
        ["Getting started", "A tour with a diagram"]
    );
}

#[test]
fn site_static_files_are_copied_and_override_the_theme() {
    let site = TestSite::fixture("basic");
    site.write("static/praxis.css", "/* mine */\n");
    site.build_ok();
    assert_eq!(site.output("site.css"), "body { color: black; }\n");
    assert_eq!(site.output("praxis.css"), "/* mine */\n");
}

#[test]
fn sitemap_lists_every_page_with_absolute_urls() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://guide.example.org/ops/ops01/ops01-bp02/</loc>\n    <lastmod>2025-05-23T22:54:47+00:00</lastmod>"));
    assert!(sitemap.contains(
        "<loc>https://guide.example.org/about/</loc>\n    <lastmod>2025-05-13</lastmod>"
    ));
    // Every page written (the tags index and its terms too), and nothing else: not the
    // redirects, not the 404 page.
    let listed: std::collections::BTreeSet<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|l| l.split("</loc>").next())
        .collect();
    let written: std::collections::BTreeSet<String> = list_files(&site.path("public"))
        .into_iter()
        .filter(|f| f == "index.html" || f.ends_with("/index.html"))
        .filter(|f| !site.output(f).contains("http-equiv=\"refresh\""))
        .map(|f| {
            format!(
                "https://guide.example.org/{}",
                f.trim_end_matches("index.html")
            )
        })
        .collect();
    assert_eq!(
        listed,
        written.iter().map(String::as_str).collect(),
        "the sitemap lists exactly the pages written"
    );
    assert!(sitemap.contains("<loc>https://guide.example.org/tags/planning/</loc>"));
    assert!(
        site.output("robots.txt")
            .contains("Sitemap: https://guide.example.org/sitemap.xml")
    );
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = TestSite::fixture("basic");
    let options = BuildOptions {
        overrides: Overrides {
            base_url: Some("https://example.org/handbook".into()),
            ..Overrides::default()
        },
        force: false,
        ..BuildOptions::default()
    };
    site.build_with(&options).unwrap();
    let page = site.html("ops/ops01/ops01-bp02/index.html");
    assert_eq!(
        page.attrs("link[rel=stylesheet]", "href"),
        ["/handbook/praxis.css", "/handbook/search.css"]
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://example.org/handbook/ops/ops01/ops01-bp02/"]
    );
    assert!(
        page.attrs(".sidebar a", "href")
            .iter()
            .all(|h| h.starts_with("/handbook/"))
    );
    assert!(
        site.output("sitemap.xml")
            .contains("<loc>https://example.org/handbook/about/</loc>")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::fixture("basic");
    assert_rebuild_is_identical(&site);
}

#[test]
fn a_larger_site_built_twice_in_parallel_is_byte_identical() {
    // Enough pages for rayon to spread the work over threads in different orders.
    let site = TestSite::with_files(&[(
        "book.toml",
        "[book]\ntitle = \"Many\"\nbase-url = \"https://m.example/\"\n[[taxonomies]]\nname = \"tags\"\n",
    )]);
    for pillar in ["alpha", "beta", "gamma"] {
        site.write(
            &format!("content/{pillar}/_index.md"),
            format!("# {pillar}\n"),
        );
        for q in 1..=8 {
            site.write(
                &format!("content/{pillar}/q{q}/_index.md"),
                format!("# Q{q}\n"),
            );
            for bp in 1..=12 {
                site.write(
                    &format!("content/{pillar}/q{q}/bp{bp}.md"),
                    format!(
                        "---\ntitle: BP{bp:02} of Q{q}\nweight: {}\ntags: [t{}, t{}]\nextra_map: {{b: 1, a: 2, c: 3}}\n---\n## One\n\n## Two\n\nText {bp}.\n",
                        bp % 5,
                        bp % 7,
                        q
                    ),
                );
            }
        }
    }
    let files = assert_rebuild_is_identical(&site);
    assert!(files > 300);
}

/// Builds twice and asserts both outputs hold the same files with the same bytes; returns the
/// number of files.
fn assert_rebuild_is_identical(site: &TestSite) -> usize {
    site.build_ok();
    let first = site.path("first");
    std::fs::rename(site.path("public"), &first).unwrap();
    site.build_ok();
    let files = list_files(&first);
    assert_eq!(files, list_files(&site.path("public")));
    for file in &files {
        let a = std::fs::read(first.join(file)).unwrap();
        let b = std::fs::read(site.path("public").join(file)).unwrap();
        assert!(a == b, "{file} differs between two builds");
    }
    files.len()
}

#[test]
fn unicode_file_names_keep_their_letters_in_urls() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/Décision Making.md", "# Décision making\n"),
        ("content/Straße/_index.md", "# Straße\n"),
        ("content/Straße/Über uns!.md", "# Über uns\n"),
    ]);
    site.build_ok();
    assert!(site.has_output("décision-making/index.html"));
    assert!(site.has_output("straße/über-uns/index.html"));
}
