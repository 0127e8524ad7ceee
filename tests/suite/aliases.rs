//! Aliases as Hugo sites write them: a page's own address is skipped with a note, a real
//! page wins over an alias with a warning, one alias on two pages goes to the first in
//! reading order, relative aliases start from the page's folder, unservable ones are
//! skipped, and an alias over a file the build writes is an error in `check` and `build`.

use assert_cmd::Command;

use crate::support::{TestSite, headlines, list_files};

/// The headlines of the fixture's diagnostics, after a build that succeeds.
fn fixture_headlines(site: &TestSite) -> Vec<String> {
    let report = site.build_ok();
    plain(site, headlines(site, &report.warnings))
}

/// `lines` without the site's temporary folder, as paths read from the site root.
fn plain(site: &TestSite, lines: Vec<String>) -> Vec<String> {
    let root = format!("{}/", site.root().display());
    lines.into_iter().map(|l| l.replace(&root, "")).collect()
}

/// Runs `praxis <command> --root <site>` and returns its exit code and everything it
/// printed, with the site's folder removed from paths.
fn run(site: &TestSite, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    let root = format!("{}/", site.root().display());
    (out.status.code(), text.replace(&root, ""))
}

#[test]
fn skipped_aliases_are_reported_at_their_lines_and_the_site_builds() {
    let site = TestSite::fixture("aliases");
    assert_eq!(
        fixture_headlines(&site),
        [
            "content/docs/alpha.md:5:5: warning: alias `/shared/` is also an alias of content/docs/zeta.md, which comes first in reading order and gets the redirect",
            "content/docs/alpha.md:6:5: warning: alias `../../../outside` climbs out of the site with `..`: it is skipped",
            "content/docs/alpha.md:7:5: warning: alias `/files/*.html` holds `*`, which a URL path cannot hold as written or some hosts cannot store in a file name: it is skipped",
            "content/docs/alpha.md:8:5: warning: alias `/search?q=alpha` has a `?query`: a static host serves the same file whatever the query: it is skipped",
            "content/docs/alpha.md:9:5: warning: alias `https://elsewhere.example.com/alpha/` is a full URL, not a path on this site: it is skipped",
            "content/docs/zeta.md:7:5: warning: alias `/guide/` is the address of content/guide.md: that page is kept and no redirect is written",
            "content/docs/zeta.md:8:5: warning: alias `/docs/` is the address of content/docs/_index.md: that page is kept and no redirect is written",
            "content/docs/zeta.md:9:5: warning: alias `/tags/setup/` is the address of the tags term `setup`: that page is kept and no redirect is written",
            "content/guide.md:5:5: note: alias `/guide/` is this page's own address: no redirect is written",
        ]
    );
}

#[test]
fn redirects_are_written_only_where_nothing_else_is() {
    let site = TestSite::fixture("aliases");
    site.build_ok();
    let files = list_files(&site.path("public"));
    let redirects: Vec<&String> = files
        .iter()
        .filter(|f| site.output(f).contains("This page has moved"))
        .collect();
    assert_eq!(
        redirects,
        [
            "docs/moved-here/index.html",
            "home/index.html",
            "old-zeta/index.html",
            "old/alpha.html",
            "shared/index.html",
            "start/index.html",
        ]
    );
    let target = |file: &str| site.html(file).attrs("link[rel=canonical]", "href");
    // Relative aliases start from the folder the page's URL is in (its section).
    assert_eq!(
        target("docs/moved-here/index.html"),
        ["https://moved.example.org/docs/zeta/"]
    );
    assert_eq!(
        target("old-zeta/index.html"),
        ["https://moved.example.org/docs/zeta/"]
    );
    // The first page in reading order gets the shared alias, whatever the file names.
    assert_eq!(
        target("shared/index.html"),
        ["https://moved.example.org/docs/zeta/"]
    );
    assert_eq!(target("home/index.html"), ["https://moved.example.org/"]);
    // Real pages keep their address.
    assert_eq!(site.html("guide/index.html").text("h1"), "Guide");
    assert_eq!(site.html("docs/index.html").text("h1"), "Docs");
    assert!(!site.output("tags/setup/index.html").contains("has moved"));
    assert!(
        !files
            .iter()
            .any(|f| f.contains("outside") || f.starts_with("search?") || f.starts_with("search/"))
    );
}

#[test]
fn links_aliases_lowers_raises_or_silences_alias_problems() {
    let site = TestSite::fixture("aliases");
    let book = site.read("book.toml");
    site.write(
        "book.toml",
        book.replace(
            "[[taxonomies]]",
            "[links]\naliases = \"ignore\"\n\n[[taxonomies]]",
        ),
    );
    assert_eq!(fixture_headlines(&site), Vec::<String>::new());
    assert!(site.has_output("shared/index.html"));

    site.write(
        "book.toml",
        book.replace(
            "[[taxonomies]]",
            "[links]\naliases = \"error\"\n\n[[taxonomies]]",
        ),
    );
    let err = site.build_err();
    let lines = plain(&site, headlines(&site, err.diagnostics()));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(": error: alias"))
            .count(),
        8,
        "{lines:#?}"
    );
    // The page's own address stays a note: nothing is wrong with it.
    assert!(lines.contains(&"content/guide.md:5:5: note: alias `/guide/` is this page's own address: no redirect is written".to_string()));
}

#[test]
fn notes_never_fail_check_even_with_deny_warnings() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Notes\"\n"),
        ("content/_index.md", "# Home\n"),
        (
            "content/a.md",
            "---\ntitle: A\naliases: [/a/, /old-a/]\n---\nText.\n",
        ),
    ]);
    let (code, text) = run(&site, &["check", "--deny", "warnings"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("content/a.md:3:11: note: alias `/a/` is this page's own address"),
        "{text}"
    );
    assert!(text.trim_end().ends_with(": 1 note"), "{text}");
}

/// A site whose pages alias files the build writes besides pages.
fn site_aliasing_generated_files() -> TestSite {
    TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Clash\"\nbase-url = \"https://clash.example.org/\"\n\n\
             [[taxonomies]]\nname = \"tags\"\nfeed = true\n",
        ),
        ("content/_index.md", "# Home\n"),
        (
            "content/a.md",
            "---\ntitle: A\ntags: [rust]\naliases:\n  - /robots.txt\n  - /404.html\n  - /sitemap.xml\n  - /graph.json\n  - /praxis.css\n  - /tags/rust/atom.xml\n  - /pictures/logo.png\n  - /favicon.ico/\n---\nText.\n",
        ),
        ("content/pictures/logo.png", "png"),
        ("static/favicon.ico", "ico"),
    ])
}

const GENERATED_FILE_ERRORS: [&str; 8] = [
    "content/a.md:5:5: error: alias `/robots.txt` needs a folder `robots.txt/`, but the generated `robots.txt` is written at `robots.txt`",
    "content/a.md:6:5: error: alias `/404.html` would write over the generated `404.html` (`404.html`)",
    "content/a.md:7:5: error: alias `/sitemap.xml` needs a folder `sitemap.xml/`, but the generated `sitemap.xml` is written at `sitemap.xml`",
    "content/a.md:8:5: error: alias `/graph.json` needs a folder `graph.json/`, but the generated `graph.json` is written at `graph.json`",
    "content/a.md:9:5: error: alias `/praxis.css` needs a folder `praxis.css/`, but the static file `praxis.css` is written at `praxis.css`",
    "content/a.md:10:5: error: alias `/tags/rust/atom.xml` needs a folder `tags/rust/atom.xml/`, but the feed of the tags term `rust` is written at `tags/rust/atom.xml`",
    "content/a.md:11:5: error: alias `/pictures/logo.png` needs a folder `pictures/logo.png/`, but content/pictures/logo.png is written at `pictures/logo.png`",
    "content/a.md:12:5: error: alias `/favicon.ico/` needs a folder `favicon.ico/`, but the static file `favicon.ico` is written at `favicon.ico`",
];

#[test]
fn an_alias_over_a_generated_file_is_an_error_at_its_line() {
    let site = site_aliasing_generated_files();
    let err = site.build_err();
    assert_eq!(
        plain(&site, headlines(&site, err.diagnostics())),
        GENERATED_FILE_ERRORS
    );
    assert!(!site.has_output("index.html"), "nothing is written");
}

#[test]
fn check_and_build_agree_on_an_alias_over_a_generated_file() {
    let site = site_aliasing_generated_files();
    for command in ["check", "build"] {
        let (code, text) = run(&site, &[command]);
        assert_eq!(code, Some(1), "{command}: {text}");
        for expected in GENERATED_FILE_ERRORS {
            assert!(
                text.contains(expected),
                "{command} lacks {expected}:\n{text}"
            );
        }
        assert!(!text.contains("cannot create"), "{command}: {text}");
    }
}

#[test]
fn aliases_on_a_site_under_a_base_path_land_below_it() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Based\"\nbase-url = \"https://based.example.org/handbook/\"\n",
        ),
        ("content/_index.md", "# Home\n"),
        (
            "content/docs/x.md",
            "---\ntitle: X\naliases: [moved-here, ../../up, /handbook/old/, /older/]\n---\nText.\n",
        ),
    ]);
    let report = site.build_ok();
    assert_eq!(
        plain(&site, headlines(&site, &report.warnings)),
        [
            "content/docs/x.md:3:23: warning: alias `../../up` climbs out of the site with `..`: it is skipped"
        ]
    );
    for redirect in [
        "docs/moved-here/index.html",
        "old/index.html",
        "older/index.html",
    ] {
        assert_eq!(
            site.html(redirect).attrs("link[rel=canonical]", "href"),
            ["https://based.example.org/handbook/docs/x/"],
            "{redirect}"
        );
    }
}

#[test]
fn an_alias_of_the_home_page_address_keeps_the_home_page() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Home\"\n"),
        (
            "content/a.md",
            "---\ntitle: A\naliases: [/, /docs/]\n---\nText.\n",
        ),
        ("content/docs/b.md", "---\ntitle: B\n---\nText.\n"),
    ]);
    let report = site.build_ok();
    assert_eq!(
        plain(&site, headlines(&site, &report.warnings)),
        [
            "content/a.md:3:11: warning: alias `/` is the address of the home page: that page is kept and no redirect is written",
            "content/a.md:3:14: warning: alias `/docs/` is the address of the folder `docs`: that page is kept and no redirect is written",
        ]
    );
    assert!(!site.output("index.html").contains("has moved"));
}

/// Without an icon of its own, a redirect page makes the browser ask for `/favicon.ico` on
/// every redirect it follows: a 404 in the reader's console and the server's log.
#[test]
fn redirect_pages_name_the_same_icon_as_the_site() {
    let page = (
        "content/x.md",
        "---\ntitle: X\naliases: [/old/]\n---\nText.\n",
    );
    let themed = TestSite::with_files(&[("book.toml", "[book]\ntitle = \"T\"\n"), page]);
    themed.build_ok();
    assert_eq!(
        themed
            .html("old/index.html")
            .attrs("link[rel=icon]", "href"),
        themed.html("x/index.html").attrs("link[rel=icon]", "href"),
    );
    assert_eq!(
        themed
            .html("old/index.html")
            .attrs("link[rel=icon]", "type"),
        ["image/svg+xml"]
    );

    let configured = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\nfavicon = \"img/mark.png\"\nbase-url = \"/docs/\"\n",
        ),
        ("static/img/mark.png", "png"),
        page,
    ]);
    configured.build_ok();
    let redirect = configured.html("old/index.html");
    assert_eq!(
        redirect.attrs("link[rel=icon]", "href"),
        ["/docs/img/mark.png"]
    );
    assert_eq!(redirect.attrs("link[rel=icon]", "type"), ["image/png"]);
}

#[test]
fn a_control_character_in_an_alias_is_an_error_at_its_line_in_check_and_build() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Nul\"\n\n[links]\naliases = \"ignore\"\n",
        ),
        (
            "content/x.md",
            "---\ntitle: X\naliases:\n  - /fine/\n  - \"/old\\0page/\"\n  - \"/bell\\a/\"\n---\nText.\n",
        ),
    ]);
    let expected = [
        "content/x.md:5:6: error: alias `/old\\u{0}page/` holds the control character U+0000, which no static host serves",
        "content/x.md:6:6: error: alias `/bell\\u{7}/` holds the control character U+0007, which no static host serves",
    ];
    let err = site.build_err();
    let shown = praxis::diagnostics::render_human(err.diagnostics(), false);
    let root = format!("{}/", site.root().display());
    let lines: Vec<&str> = shown.lines().filter(|l| l.contains(": error: ")).collect();
    let lines: Vec<String> = lines.iter().map(|l| l.replace(&root, "")).collect();
    assert_eq!(lines, expected, "{shown}");
    let (code, checked) = run(&site, &["check"]);
    assert_eq!(code, Some(1), "{checked}");
    for line in expected {
        assert!(checked.contains(line), "check: {checked}");
    }
}
