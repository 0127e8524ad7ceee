//! Atom feeds and the sitemap: the site's newest pages in /atom.xml, a section's feed, term
//! feeds, each valid Atom (RFC 4287) and the sitemap valid to the protocol, read with a real
//! XML parser (support/xml.rs).

use praxis::BuildOptions;
use praxis::config::Overrides;

use crate::support::TestSite;
use crate::support::xml;

const BOOK: &str = "[book]\ntitle = \"Field guide\"\nauthors = [\"Ada\", \"Grace\"]\n\
                    base-url = \"https://guide.example.org/docs/\"\n";

/// A site of four dated pages, one undated, a hidden one and a `noindex` one, under `ops/`.
fn dated_site(book_extra: &str) -> TestSite {
    TestSite::with_files(&[
        ("book.toml", &format!("{BOOK}{book_extra}")),
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/ops/_index.md",
            "---\ntitle: Operations\nfeed: true\n---\n",
        ),
        (
            "content/ops/old.md",
            "---\ntitle: Old practice\ndate: 2024-01-05\ndescription: The *first* one.\n---\nBody.\n",
        ),
        (
            "content/ops/new.md",
            "---\ntitle: New practice\ndate: 2025-03-01T10:30:00+02:00\n---\nIts opening words.\n",
        ),
        (
            "content/ops/edited.md",
            "---\ntitle: Edited practice\ndate: 2023-01-01\nupdated: 2025-04-01\n---\nText.\n",
        ),
        (
            "content/ops/undated.md",
            "---\ntitle: Undated practice\n---\nText.\n",
        ),
        (
            "content/ops/hidden.md",
            "---\ntitle: Hidden practice\nhidden: true\ndate: 2025-01-01\n---\nText.\n",
        ),
        (
            "content/ops/private.md",
            "---\ntitle: Private practice\nnoindex: true\ndate: 2025-06-01\n---\nText.\n",
        ),
        (
            "content/about.md",
            "---\ntitle: About\ndate: 2024-06-01\n---\nText.\n",
        ),
    ])
}

#[test]
fn the_site_feed_lists_the_newest_pages_first_with_absolute_urls() {
    let site = dated_site("");
    site.build_ok();
    let feed = xml::atom(&site.output("atom.xml"));
    assert_eq!(feed.id, "https://guide.example.org/docs/atom.xml");
    assert_eq!(feed.self_link, "https://guide.example.org/docs/atom.xml");
    assert_eq!(feed.title, "Field guide");
    assert_eq!(feed.authors, ["Ada", "Grace"]);
    // By `updated`, else `date`; the undated page last, stamped with the newest date; the
    // noindex page left out, the hidden one kept (it is published, only not listed).
    assert_eq!(
        feed.titles(),
        [
            "Edited practice",
            "New practice",
            "Hidden practice",
            "About",
            "Old practice",
            "Undated practice"
        ]
    );
    assert_eq!(feed.updated, "2025-04-01T00:00:00+00:00");
    let undated = feed.entries.last().unwrap();
    assert_eq!(undated.updated, feed.updated);
    let new = &feed.entries[1];
    assert_eq!(new.link, "https://guide.example.org/docs/ops/new/");
    assert_eq!(new.id, new.link);
    assert_eq!(new.updated, "2025-03-01T10:30:00+02:00");
    assert_eq!(new.summary.as_deref(), Some("Its opening words."));
    // The description as plain text.
    assert_eq!(feed.entries[4].summary.as_deref(), Some("The first one."));
}

#[test]
fn every_page_links_the_site_feed() {
    let site = dated_site("");
    site.build_ok();
    for page in ["index.html", "ops/new/index.html", "404.html"] {
        let html = site.html(page);
        let feeds = html.attrs("link[rel=alternate][type='application/atom+xml']", "href");
        assert_eq!(
            feeds.first().map(String::as_str),
            Some("/docs/atom.xml"),
            "{page}"
        );
    }
}

#[test]
fn the_number_of_entries_is_configurable() {
    let site = dated_site("[feeds]\nlimit = 2\n");
    site.build_ok();
    let feed = xml::atom(&site.output("atom.xml"));
    assert_eq!(feed.titles(), ["Edited practice", "New practice"]);
    let feed = xml::atom(&site.output("ops/atom.xml"));
    assert_eq!(feed.entries.len(), 2);
}

#[test]
fn the_site_feed_can_be_turned_off() {
    let site = dated_site("[feeds]\nenabled = false\n");
    site.build_ok();
    assert!(!site.has_output("atom.xml"));
    assert!(
        site.has_output("ops/atom.xml"),
        "section feeds are their own"
    );
    let home = site.html("index.html");
    assert!(
        home.attrs("link[type='application/atom+xml']", "href")
            .is_empty()
    );
}

#[test]
fn a_section_with_feed_true_gets_a_feed_of_the_pages_below_it() {
    let site = TestSite::with_files(&[
        ("book.toml", BOOK),
        (
            "content/guides/_index.md",
            "---\ntitle: Guides\nfeed: true\n---\n",
        ),
        (
            "content/guides/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nA.\n",
        ),
        ("content/guides/deep/_index.md", "---\ntitle: Deep\n---\n"),
        (
            "content/guides/deep/b.md",
            "---\ntitle: B\ndate: 2025-02-01\n---\nB.\n",
        ),
        (
            "content/other/c.md",
            "---\ntitle: C\ndate: 2025-03-01\n---\nC.\n",
        ),
    ]);
    site.build_ok();
    let feed = xml::atom(&site.output("guides/atom.xml"));
    assert_eq!(feed.titles(), ["B", "A"]);
    assert_eq!(feed.title, "Field guide — Guides");
    assert_eq!(
        feed.self_link,
        "https://guide.example.org/docs/guides/atom.xml"
    );
    assert!(!site.has_output("guides/deep/atom.xml") && !site.has_output("other/atom.xml"));
    let section = site.html("guides/index.html");
    assert_eq!(
        section.attrs("link[type='application/atom+xml']", "href"),
        ["/docs/atom.xml", "/docs/guides/atom.xml"]
    );
}

#[test]
fn drafts_built_with_drafts_stay_out_of_feeds_and_the_sitemap() {
    let site = dated_site("");
    site.write(
        "content/ops/draft.md",
        "---\ntitle: Draft practice\ndraft: true\ndate: 2026-01-01\n---\nText.\n",
    );
    let options = BuildOptions {
        overrides: Overrides {
            drafts: true,
            ..Overrides::default()
        },
        force: false,
        ..BuildOptions::default()
    };
    site.build_with(&options).unwrap();
    assert!(site.has_output("ops/draft/index.html"));
    let feed = xml::atom(&site.output("atom.xml"));
    assert!(!feed.titles().contains(&"Draft practice"));
    let urls = xml::sitemap(&site.output("sitemap.xml"));
    assert!(urls.iter().all(|u| !u.loc.contains("/draft/")));
}

#[test]
fn control_characters_in_titles_leave_the_xml_well_formed() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            &format!("{BOOK}[[taxonomies]]\nname = \"tags\"\nfeed = true\n"),
        ),
        (
            "content/bell.md",
            "---\ntitle: \"Ring \\a the \\e[1m bell & <co>\"\ndescription: \"Null \\x01 here\"\ntags: [x]\ndate: 2025-01-01\n---\nText.\n",
        ),
    ]);
    site.build_ok();
    for output in ["atom.xml", "tags/x/atom.xml"] {
        let feed = xml::atom(&site.output(output));
        assert_eq!(feed.titles(), ["Ring  the [1m bell & <co>"], "{output}");
        let summary = feed.entries[0].summary.clone().unwrap();
        assert!(summary.starts_with("Null") && !summary.contains(|c: char| c.is_control()));
    }
    xml::sitemap(&site.output("sitemap.xml"));
}

#[test]
fn term_feeds_pass_the_same_checks() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    let feed = xml::atom(&site.output("tags/value-delivery/atom.xml"));
    assert_eq!(
        feed.id,
        "https://kb.example.org/tags/value-delivery/atom.xml"
    );
    assert!(!feed.entries.is_empty());
    assert!(
        feed.entries
            .iter()
            .all(|e| e.link.starts_with("https://kb.example.org/"))
    );
    xml::atom(&site.output("atom.xml"));
    xml::sitemap(&site.output("sitemap.xml"));
}

#[test]
fn a_site_without_an_absolute_base_url_writes_no_feed() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Local\"\nbase-url = \"/docs/\"\n",
        ),
        (
            "content/guides/_index.md",
            "---\ntitle: Guides\nfeed: true\n---\n",
        ),
        (
            "content/guides/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nA.\n",
        ),
    ]);
    let site_report = site.build_ok();
    assert!(!site.has_output("atom.xml") && !site.has_output("guides/atom.xml"));
    assert!(!site.has_output("sitemap.xml"));
    let warnings = crate::support::headlines(&site, &site_report.warnings);
    assert_eq!(
        warnings,
        [
            "content/guides/_index.md:3:7: warning: no feed for this section: feeds need an absolute base-url"
        ]
    );
    let page = site.html("guides/a/index.html");
    assert!(
        page.attrs("link[type='application/atom+xml']", "href")
            .is_empty()
    );
    assert!(page.attrs("meta[property='og:url']", "content").is_empty());
    assert!(page.attrs("link[rel=canonical]", "href").is_empty());
}

#[test]
fn the_sitemap_lists_each_page_once_and_leaves_out_redirects_and_noindex_pages() {
    let site = dated_site("");
    site.write(
        "content/moved.md",
        "---\ntitle: Moved\naliases: [/old-place/]\n---\nText.\n",
    );
    // Past the protocol's 2,048 characters: left out rather than making the file invalid.
    let long: Vec<String> = (0..11).map(|i| format!("{i}{}", "x".repeat(199))).collect();
    site.write(
        "content/long.md",
        format!("---\ntitle: Long\nurl: /{}/\n---\nText.\n", long.join("/")),
    );
    site.write(
        "content/ops/déjà vu.md",
        "---\ntitle: Déjà vu\ndate: 2025-01-02\n---\nText.\n",
    );
    site.build_ok();
    let urls = xml::sitemap(&site.output("sitemap.xml"));
    let locs: Vec<&str> = urls.iter().map(|u| u.loc.as_str()).collect();
    assert!(locs.contains(&"https://guide.example.org/docs/moved/"));
    assert!(
        locs.contains(&"https://guide.example.org/docs/ops/d%C3%A9j%C3%A0-vu/"),
        "{locs:?}"
    );
    assert!(
        !locs.iter().any(|l| l.contains("old-place")),
        "no redirects"
    );
    assert!(
        !locs.iter().any(|l| l.contains("/private/")),
        "no noindex pages"
    );
    assert!(
        !locs.iter().any(|l| l.contains("xxxx")),
        "no address too long"
    );
    let new = urls.iter().find(|u| u.loc.ends_with("/ops/new/")).unwrap();
    assert_eq!(new.lastmod.as_deref(), Some("2025-03-01T10:30:00+02:00"));
    let old = urls.iter().find(|u| u.loc.ends_with("/ops/old/")).unwrap();
    assert_eq!(old.lastmod.as_deref(), Some("2024-01-05"));
}

#[test]
fn a_feed_in_static_wins_over_the_generated_one() {
    let site = dated_site("");
    site.write(
        "static/atom.xml",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>",
    );
    site.build_ok();
    assert_eq!(
        site.output("atom.xml"),
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"
    );
}

#[test]
fn a_mistyped_feeds_key_is_a_config_error_with_a_hint() {
    let site = dated_site("[feeds]\nlimt = 3\n");
    let err = site.build_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.message, "invalid book.toml: unknown key `limt`");
    assert_eq!(d.help.as_deref(), Some("did you mean `limit`?"));
    assert_eq!(d.line, Some(6));
}

#[test]
fn praxis_serve_writes_the_feeds_anew_after_a_title_edit() {
    use praxis::incremental::Live;
    let site = dated_site("");
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    let served = |live: &Live, path: &str| {
        let files = live.files();
        let (_, packed) = files.iter().find(|(p, _)| p.to_string() == path).unwrap();
        String::from_utf8(praxis::output::unpack(packed).unwrap().into_owned()).unwrap()
    };
    assert!(served(&live, "atom.xml").contains("<title>New practice</title>"));
    site.write(
        "content/ops/new.md",
        "---\ntitle: Renamed practice\ndate: 2025-03-01T10:30:00+02:00\n---\nIts opening words.\n",
    );
    let changed = std::collections::BTreeSet::from([site.path("content/ops/new.md")]);
    let update = live.update(&changed, false).unwrap();
    for feed in ["atom.xml", "ops/atom.xml"] {
        assert!(
            update.changed.contains(&feed.to_string()),
            "{:?}",
            update.changed
        );
        let text = served(&live, feed);
        assert_eq!(
            xml::atom(&text).entries[1].title,
            "Renamed practice",
            "{feed}"
        );
    }
}

#[test]
fn feed_true_on_a_page_is_a_warning() {
    let site = dated_site("");
    site.write(
        "content/ops/new.md",
        "---\ntitle: New\nfeed: true\n---\nText.\n",
    );
    let report = site.build_ok();
    let warnings = crate::support::headlines(&site, &report.warnings);
    assert!(
        warnings
            .contains(&"content/ops/new.md:3:7: warning: `feed` makes no feed on a page".into()),
        "{warnings:?}"
    );
    assert!(!site.has_output("ops/new/atom.xml"));
}
