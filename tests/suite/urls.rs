//! Where pages are published: `url:` sets a page's whole path (Hugo), an explicit `slug:`
//! is used as written and only made safe, and `[build] slugify` chooses how file and
//! folder names and taxonomy terms become URL segments.

use crate::support::{TestSite, headlines, list_files};

/// `lines` without the site's temporary folder.
fn plain(site: &TestSite, lines: Vec<String>) -> Vec<String> {
    let root = format!("{}/", site.root().display());
    lines.into_iter().map(|l| l.replace(&root, "")).collect()
}

/// The pages and sections of the built site (HTML files other than redirects and the
/// generated ones).
fn pages(site: &TestSite) -> Vec<String> {
    list_files(&site.path("public"))
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .filter(|f| !site.output(f).contains("This page has moved"))
        .collect()
}

#[test]
fn url_sets_a_pages_whole_path_as_hugo_does() {
    let site = TestSite::fixture("urls");
    let report = site.build_ok();
    assert_eq!(
        plain(&site, headlines(&site, &report.warnings)),
        Vec::<String>::new()
    );
    assert_eq!(
        pages(&site),
        [
            "about/team.html",
            "docs/index.html",
            "docs/install/index.html",
            "elsewhere/Getting Started/index.html",
            "index.html",
            "reference/api/index.html",
            "releases/index.html",
            "releases/v1.0-trio/index.html",
            "tools/index.html",
        ]
    );
    // Each page's own links and listings use its new address, under the base path.
    let home = site.html("index.html");
    let hrefs = home.attrs("a", "href");
    for href in [
        "/handbook/about/team.html",
        "/handbook/elsewhere/Getting%20Started/",
        "/handbook/tools/",
    ] {
        assert!(
            hrefs
                .iter()
                .any(|h| h == href || h == &href.replace("%20", " ")),
            "{href} not in {hrefs:?}"
        );
    }
    // A section moved by `url:` keeps its pages where its folder puts them.
    assert_eq!(site.html("tools/index.html").text("h1"), "Reference");
    assert_eq!(site.html("reference/api/index.html").text("h1"), "API");
    // A bundle published as a file keeps its resources next to that file, where its own
    // relative links find them.
    assert!(site.has_output("about/portrait.png"));
    assert_eq!(
        site.html("about/team.html").attrs("img", "src"),
        ["portrait.png"]
    );
}

#[test]
fn a_url_that_collides_or_leaves_the_site_is_an_error_at_its_line() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Clash\"\nbase-url = \"https://clash.example.org/\"\n",
        ),
        ("content/_index.md", "---\ntitle: Home\nurl: /start/\n---\n"),
        ("content/guide.md", "---\ntitle: Guide\n---\nText.\n"),
        ("content/a.md", "---\ntitle: A\nurl: /guide/\n---\nText.\n"),
        (
            "content/b.md",
            "---\ntitle: B\nurl: ../outside/\n---\nText.\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\nurl: /robots.txt/\n---\nText.\n",
        ),
        (
            "content/d.md",
            "---\ntitle: D\nurl: /sitemap.xml\n---\nText.\n",
        ),
        ("content/e.md", "---\ntitle: E\nurl: /what?/\n---\nText.\n"),
    ]);
    let err = site.build_err();
    assert_eq!(
        plain(&site, headlines(&site, err.diagnostics())),
        [
            "content/_index.md:3:6: warning: `url` is ignored on the home page: its address is the `base-url`",
            "content/a.md:3:6: error: content/a.md and content/guide.md would both write `guide/index.html`",
            "content/b.md:3:6: error: `url` `../outside/` climbs out of the site with `..`",
            "content/c.md:3:6: error: content/c.md writes `robots.txt/index.html`, which needs a folder `robots.txt/` where the generated `robots.txt` writes a file",
            "content/d.md:3:6: error: content/d.md and the generated `sitemap.xml` would both write `sitemap.xml`",
            "content/e.md:3:6: error: `url` `/what?/` has a `?query`: a static host serves the same file whatever the query",
        ]
    );
}

#[test]
fn an_explicit_slug_is_used_as_written_and_only_made_safe() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Slugs\"\n"),
        ("content/_index.md", "# Home\n"),
        (
            "content/trio.md",
            "---\ntitle: Trio\nslug: v1.0-trio\n---\n",
        ),
        (
            "content/spaced.md",
            "---\ntitle: Spaced\nslug: '  Release Notes_2024 '\n---\n",
        ),
        (
            "content/nested.md",
            "---\ntitle: Nested\nslug: a/../b\n---\n",
        ),
        (
            "content/hash.md",
            "---\ntitle: Hash\nslug: 'c#: the *good* parts?'\n---\n",
        ),
        (
            "content/greek.md",
            "---\ntitle: Greek\nslug: Ελληνικά\n---\n",
        ),
    ]);
    site.build_ok();
    assert_eq!(
        pages(&site),
        [
            "a-..-b/index.html",
            "c-the-good-parts/index.html",
            "index.html",
            "release-notes_2024/index.html",
            "v1.0-trio/index.html",
            "ελληνικά/index.html",
        ]
    );
    let dots = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/dots.md", "---\ntitle: Dots\nslug: '..'\n---\n"),
    ]);
    let err = dots.build_err();
    assert_eq!(
        plain(&dots, headlines(&dots, err.diagnostics())),
        [
            "content/dots.md:3:7: error: cannot make a URL for this page from its `slug`: no letter or digit in it"
        ]
    );
}

/// A Hugo-style site whose names hold `_`, `.` and spaces, built with `slugify` set to
/// `mode` (or left out).
fn hugo_names(mode: Option<&str>) -> TestSite {
    let build = mode.map_or(String::new(), |m| format!("\n[build]\nslugify = \"{m}\"\n"));
    TestSite::with_files(&[
        (
            "book.toml",
            &format!("[book]\ntitle = \"Names\"\n{build}\n[[taxonomies]]\nname = \"tags\"\n"),
        ),
        ("content/_index.md", "# Home\n"),
        ("content/My_Docs/_index.md", "# My docs\n"),
        (
            "content/My_Docs/hugo_mod.md",
            "---\ntitle: Modules\ntags: [hugo_mod, C++, Vim (text editor)]\n---\n",
        ),
        ("content/My_Docs/Release Notes v1.2.md", "# Notes\n"),
        ("content/Plain Folder/page.md", "# Page\n"),
    ])
}

#[test]
fn slugify_safe_keeps_file_folder_and_term_names_as_hugo_does() {
    let site = hugo_names(Some("safe"));
    site.build_ok();
    let files = list_files(&site.path("public"));
    let html: Vec<&String> = files.iter().filter(|f| f.ends_with("index.html")).collect();
    assert_eq!(
        html,
        [
            "index.html",
            "my_docs/hugo_mod/index.html",
            "my_docs/index.html",
            "my_docs/release-notes-v1.2/index.html",
            "plain-folder/index.html",
            "plain-folder/page/index.html",
            "tags/c++/index.html",
            "tags/hugo_mod/index.html",
            "tags/index.html",
            "tags/vim-text-editor/index.html",
        ]
    );
}

#[test]
fn slugify_on_is_the_default_and_turns_punctuation_into_dashes() {
    for mode in [None, Some("on")] {
        let site = hugo_names(mode);
        site.build_ok();
        let files = list_files(&site.path("public"));
        let html: Vec<&String> = files.iter().filter(|f| f.ends_with("index.html")).collect();
        assert_eq!(
            html,
            [
                "index.html",
                "my-docs/hugo-mod/index.html",
                "my-docs/index.html",
                "my-docs/release-notes-v1-2/index.html",
                "plain-folder/index.html",
                "plain-folder/page/index.html",
                "tags/c/index.html",
                "tags/hugo-mod/index.html",
                "tags/index.html",
                "tags/vim-text-editor/index.html",
            ],
            "{mode:?}"
        );
    }
}

#[test]
fn slugify_takes_only_on_or_safe() {
    let site = hugo_names(Some("off"));
    let err = site.build_err();
    let lines = plain(&site, headlines(&site, err.diagnostics()));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("book.toml:5:11: error: invalid book.toml: unknown variant `off`, expected `on` or `safe`"),
        "{lines:?}"
    );
}
