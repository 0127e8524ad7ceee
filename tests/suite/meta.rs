//! What a page says about itself in its head and around its body: OpenGraph and Twitter
//! card meta, the canonical link, robots `noindex`, the favicon, and the repository, "Edit
//! this page" and "Was this page helpful?" links of `[book]`.

use crate::support::{TestSite, headlines};

const BOOK: &str = "[book]\ntitle = \"Field guide\"\nlanguage = \"en-GB\"\n\
                    base-url = \"https://guide.example.org/docs/\"\n";

fn meta(page: &crate::support::Page, property: &str) -> Vec<String> {
    let by_property = page.attrs(&format!("meta[property='{property}']"), "content");
    if !by_property.is_empty() {
        return by_property;
    }
    page.attrs(&format!("meta[name='{property}']"), "content")
}

fn small_site(book_extra: &str) -> TestSite {
    TestSite::with_files(&[
        ("book.toml", &format!("{BOOK}{book_extra}")),
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/ops/_index.md",
            "---\ntitle: Operations\n---\nAll about running.\n",
        ),
        (
            "content/ops/deploy.md",
            "---\ntitle: Deploy \"safely\"\ndescription: Ship small & often.\n---\nText.\n",
        ),
    ])
}

#[test]
fn pages_carry_opengraph_and_twitter_card_meta() {
    let site = small_site("");
    site.build_ok();
    let page = site.html("ops/deploy/index.html");
    assert_eq!(meta(&page, "og:title"), ["Deploy \"safely\""]);
    assert_eq!(meta(&page, "og:description"), ["Ship small & often."]);
    assert_eq!(meta(&page, "og:type"), ["article"]);
    assert_eq!(
        meta(&page, "og:url"),
        ["https://guide.example.org/docs/ops/deploy/"]
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://guide.example.org/docs/ops/deploy/"]
    );
    assert_eq!(meta(&page, "og:site_name"), ["Field guide"]);
    assert_eq!(meta(&page, "og:locale"), ["en_GB"]);
    assert_eq!(meta(&page, "twitter:card"), ["summary"]);
    assert!(meta(&page, "og:image").is_empty());
    let home = site.html("index.html");
    assert_eq!(meta(&home, "og:type"), ["website"]);
    assert_eq!(meta(&home, "og:title"), ["Field guide"]);
    let section = site.html("ops/index.html");
    assert_eq!(meta(&section, "og:type"), ["website"]);
    assert_eq!(meta(&section, "og:description"), ["All about running."]);
}

#[test]
fn a_share_image_makes_a_large_card() {
    let site = small_site("image = \"img/share.png\"\n");
    site.write("static/img/share.png", b"png");
    site.write("static/img/deploy.png", b"png");
    site.write(
        "content/ops/deploy.md",
        "---\ntitle: Deploy\nimage: /img/deploy.png\n---\nText.\n",
    );
    site.build_ok();
    let page = site.html("ops/deploy/index.html");
    let own = ["https://guide.example.org/docs/img/deploy.png"];
    assert_eq!(meta(&page, "og:image"), own);
    assert_eq!(meta(&page, "twitter:image"), own);
    assert_eq!(meta(&page, "twitter:card"), ["summary_large_image"]);
    let home = site.html("index.html");
    assert_eq!(
        meta(&home, "og:image"),
        ["https://guide.example.org/docs/img/share.png"]
    );
}

#[test]
fn a_share_image_that_is_not_there_is_an_error_at_its_key() {
    let site = small_site("image = \"img/nope.png\"\n");
    site.write(
        "content/ops/deploy.md",
        "---\ntitle: Deploy\nnoindex: yes\nimages: [/img/missing.png]\n---\nText.\n",
    );
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "book.toml:5:1: error: `image` names `img/nope.png`, which is no file of the site",
            "content/ops/deploy.md:3:10: error: `noindex` must be `true` or `false`",
            "content/ops/deploy.md:4:9: error: `images` names a file the site does not have",
        ]
    );
}

#[test]
fn the_404_page_redirects_and_noindex_pages_ask_robots_not_to_index_them() {
    let site = small_site("");
    site.write(
        "content/ops/private.md",
        "---\ntitle: Private\nnoindex: true\naliases: [/secret/]\n---\nText.\n",
    );
    site.build_ok();
    let robots = |file: &str| site.html(file).attrs("meta[name=robots]", "content");
    assert_eq!(robots("404.html"), ["noindex"]);
    assert_eq!(robots("secret/index.html"), ["noindex"]);
    assert_eq!(robots("ops/private/index.html"), ["noindex"]);
    assert!(robots("ops/deploy/index.html").is_empty());
    assert!(!site.output("sitemap.xml").contains("/ops/private/"));
}

#[test]
fn the_default_theme_ships_a_favicon_a_site_may_replace() {
    let site = small_site("");
    site.build_ok();
    let page = site.html("ops/deploy/index.html");
    assert_eq!(page.attrs("link[rel=icon]", "href"), ["/docs/favicon.svg"]);
    assert_eq!(page.attrs("link[rel=icon]", "type"), ["image/svg+xml"]);
    assert!(site.output("favicon.svg").starts_with("<svg"));
    // A file of the same name in static/ wins.
    site.write(
        "static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok();
    assert_eq!(
        site.output("favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
}

#[test]
fn book_favicon_names_another_icon() {
    let site = small_site("favicon = \"icons/site.png\"\n");
    site.write("static/icons/site.png", b"png");
    site.build_ok();
    let page = site.html("index.html");
    assert_eq!(
        page.attrs("link[rel=icon]", "href"),
        ["/docs/icons/site.png"]
    );
    assert_eq!(page.attrs("link[rel=icon]", "type"), ["image/png"]);
    let missing = small_site("favicon = \"icons/none.ico\"\n");
    let err = missing.build_err();
    assert_eq!(
        headlines(&missing, err.diagnostics()),
        ["book.toml:5:1: error: `favicon` names `icons/none.ico`, which is no file of the site"]
    );
}

#[test]
fn a_relative_base_url_gives_no_absolute_meta() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Local\"\nbase-url = \"/\"\nimage = \"share.png\"\n",
        ),
        ("static/share.png", "png"),
        ("content/a.md", "---\ntitle: A\n---\nText.\n"),
    ]);
    site.build_ok();
    let page = site.html("a/index.html");
    assert!(meta(&page, "og:url").is_empty());
    assert!(
        meta(&page, "og:image").is_empty(),
        "link previews need absolute URLs"
    );
    assert!(page.attrs("link[rel=canonical]", "href").is_empty());
    assert_eq!(meta(&page, "og:title"), ["A"]);
}

const LINKS: &str = "repository = \"https://github.com/org/repo\"\n\
     edit-url = \"https://github.com/org/repo/edit/main/content/{path}\"\n\
     feedback-url = \"https://github.com/org/repo/issues/new?title=Feedback:%20{title}&body={url}\"\n";

#[test]
fn edit_and_feedback_links_are_filled_and_encoded_for_each_page() {
    let site = small_site(LINKS);
    site.write(
        "content/ops/Q&A über.md",
        "---\ntitle: \"Q&A: 100% sure?\"\nslug: qa\n---\nText.\n",
    );
    site.build_ok();
    let page = site.html("ops/qa/index.html");
    assert_eq!(
        page.attrs(".page-actions a.edit-link", "href"),
        ["https://github.com/org/repo/edit/main/content/ops/Q%26A%20%C3%BCber.md"]
    );
    assert_eq!(
        page.attrs(".page-actions a.feedback-link", "href"),
        [
            "https://github.com/org/repo/issues/new?title=Feedback:%20Q%26A%3A%20100%25%20sure%3F\
          &body=https%3A%2F%2Fguide.example.org%2Fdocs%2Fops%2Fqa%2F"
        ]
    );
    assert_eq!(
        page.text(".page-actions .feedback"),
        "Was this page helpful? Tell us"
    );
    assert_eq!(
        page.attrs(".site-footer a", "href"),
        ["https://github.com/org/repo"]
    );
}

#[test]
fn pages_have_no_edit_links_unless_configured() {
    let site = small_site("");
    site.build_ok();
    let page = site.html("ops/deploy/index.html");
    assert_eq!(page.count(".page-actions"), 0);
    assert_eq!(page.count(".site-footer a"), 0);
}

#[test]
fn a_bad_placeholder_is_a_config_error_pointing_at_it() {
    let site = small_site("edit-url = \"https://x.org/edit/{file}\"\n");
    let err = site.build_err();
    let d = &err.diagnostics()[0];
    assert_eq!(
        d.message,
        "invalid `edit-url`: unknown placeholder `{file}`"
    );
    assert_eq!((d.line, d.column), (Some(5), Some(32)));
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("{path}, {title}, {url}")
    );
    let site = small_site("edit-url = \"https://x.org/edit/\"\n");
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "book.toml:5:1: error: `edit-url` has no `{path}`: every page would lead to the same place"
        ]
    );
}
