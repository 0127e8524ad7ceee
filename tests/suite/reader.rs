//! The default site (the handbook) as a reader meets it: built, served by a plain static
//! server, and opened in headless Chromium. A reader follows the sidebar, the breadcrumbs and
//! the previous/next links, opens the sidebar from a phone's menu button, lands through a
//! redirect alias, searches (once the theme has a
//! search box), and no page logs a console error; screenshots at desktop and phone widths,
//! light and dark, are kept under `target/reader-screenshots/` for people to look at.
//!
//! Without Chromium these tests skip, or fail with `CI=true` (`support::prereq`).

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::handbook::{Handbook, SCREENSHOTS};
use crate::support::prereq;
use crate::support::static_server::StaticServer;
use crate::support::webdriver::Browser;

/// What in a built page says it has a search box: the box, its form, or the element a
/// script fills with them.
pub const SEARCH_BOX: &str = "input[type=search], [role=search], [data-search-index]";
/// The search box the theme's header holds, once it has one.
pub const SEARCH_INPUT: &str = "input[type=search]";
/// The links among the search results.
pub const SEARCH_RESULTS: &str = "[role=listbox] a[href], [data-search-results] a[href]";
/// A word the handbook uses on many pages.
const SEARCH_WORD: &str = "sidebar";
/// A practice's id, and the page it names.
const SEARCH_ID: (&str, &str) = ("AUTH01-BP01", "/authoring/auth01/auth01-bp01/");

/// The longest any wait may last.
const WAIT: Duration = Duration::from_secs(15);
/// The reader's window at a desk, and on a phone.
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (390, 844);

/// One page of each kind: the home page, a section, a page, a taxonomy term.
pub const KINDS: [(&str, &str); 4] = [
    ("home", "/"),
    ("section", "/authoring/"),
    ("page", "/authoring/auth01/auth01-bp02/"),
    ("term", "/tags/front-matter/"),
];

/// The handbook, served, and a browser at desktop size; `None` when the test skips.
pub fn open(test: &str) -> Option<(Handbook, StaticServer, Browser)> {
    let browser = Browser::start(test)?;
    browser.viewport(DESKTOP.0, DESKTOP.1, false);
    let handbook = Handbook::build();
    let server = handbook.serve();
    Some((handbook, server, browser))
}

/// Waits until the page at `url` has loaded.
fn wait_loaded(browser: &Browser, url: &str) {
    let script = format!(
        "return location.href === {url} && document.readyState === 'complete';",
        url = json!(url)
    );
    browser.wait_until(&format!("landing on {url}"), WAIT, &script);
}

/// The text of the page's `h1`, whitespace-collapsed.
fn heading(browser: &Browser) -> String {
    let text = browser.eval(
        "const h = document.querySelector('main h1');
         return h ? h.textContent.replace(/\\s+/g, ' ').trim() : null;",
    );
    text.as_str().unwrap_or_default().to_string()
}

/// Clicks the link `selector` matches and returns where it pointed (absolute) and its text,
/// once the browser has landed there.
fn follow(browser: &Browser, selector: &str) -> (String, String) {
    let script = format!(
        "const a = document.querySelector({sel});
         return a && {{ href: a.href, text: a.textContent.replace(/\\s+/g, ' ').trim() }};",
        sel = json!(selector)
    );
    let link = browser.eval(&script);
    assert_ne!(link, Value::Null, "no link {selector} on {}", browser.url());
    let href = link["href"].as_str().unwrap_or_default().to_string();
    browser.click(selector);
    wait_loaded(browser, &href);
    (href, link["text"].as_str().unwrap_or_default().to_string())
}

#[test]
fn a_missing_tool_skips_outside_ci_and_fails_in_ci() {
    let missing = || Err::<(), _>("chromedriver is not on PATH".to_string());
    assert_eq!(prereq::decide(false, "reader::rule", missing()), None);
    assert_eq!(prereq::decide(true, "reader::rule", Ok(7)), Some(7));
    let failed = std::panic::catch_unwind(|| prereq::decide(true, "reader::rule", missing()));
    let message = failed.expect_err("CI=true must fail");
    let text = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(text.contains("chromedriver is not on PATH"), "{text}");
}

#[test]
fn a_reader_follows_sidebar_breadcrumb_and_pager_links() {
    let Some((_handbook, server, browser)) = open("reader::sidebar, breadcrumbs, pager") else {
        return;
    };
    browser.goto(&server.url("/"));
    let (href, text) = follow(&browser, "nav.sidebar a[href='/authoring/']");
    assert_eq!(href, server.url("/authoring/"));
    assert_eq!(
        heading(&browser),
        text,
        "the sidebar link's title is the section's"
    );

    follow(&browser, "nav.sidebar a[href='/authoring/auth01/']");
    let bp01 = "nav.sidebar a[href='/authoring/auth01/auth01-bp01/']";
    follow(&browser, bp01);
    assert!(
        heading(&browser).starts_with("AUTH01-BP01 "),
        "{}",
        heading(&browser)
    );
    let current = browser.eval(&format!(
        "return document.querySelector({}).getAttribute('aria-current');",
        json!(bp01)
    ));
    assert_eq!(
        current, "page",
        "the sidebar does not mark the page being read"
    );

    let (href, text) = follow(&browser, ".pager a[rel=next]");
    assert_eq!(href, server.url("/authoring/auth01/auth01-bp02/"));
    assert!(text.ends_with(&heading(&browser)), "next said {text:?}");
    let (href, _) = follow(&browser, ".pager a[rel=prev]");
    assert_eq!(href, server.url("/authoring/auth01/auth01-bp01/"));

    let (href, text) = follow(&browser, "nav.breadcrumbs li:nth-last-child(2) a");
    assert_eq!(href, server.url("/authoring/auth01/"));
    assert_eq!(heading(&browser), text);
    let (href, _) = follow(&browser, "nav.breadcrumbs li:first-child a");
    assert_eq!(href, server.url("/"));
}

/// A script returning whether the element `selector` matches is inside the window, not
/// hidden or slid away.
fn on_screen(selector: &str) -> String {
    format!(
        "const box = document.querySelector({sel}).getBoundingClientRect();
         return box.width > 0 && box.right > 0 && box.left < window.innerWidth;",
        sel = json!(selector)
    )
}

#[test]
fn on_a_phone_the_menu_button_opens_the_sidebar() {
    let Some((_handbook, server, browser)) = open("reader::phone menu") else {
        return;
    };
    browser.viewport(PHONE.0, PHONE.1, true);
    browser.goto(&server.url("/authoring/auth01/auth01-bp02/"));
    let link = "nav.sidebar a[href='/publishing/']";
    let hidden = browser.eval(&on_screen(link));
    assert_eq!(hidden, false, "the sidebar shows before the menu is opened");
    browser.click("label.nav-toggle-label");
    browser.wait_until("the sidebar sliding in", WAIT, &on_screen(link));
    let (href, text) = follow(&browser, link);
    assert_eq!(href, server.url("/publishing/"));
    assert_eq!(heading(&browser), text);
    let hidden = browser.eval(&on_screen(link));
    assert_eq!(hidden, false, "the sidebar stays open on the new page");
}

#[test]
fn a_redirect_alias_lands_on_its_page() {
    let Some((_handbook, server, browser)) = open("reader::redirect alias") else {
        return;
    };
    // Both written as `aliases` in the handbook's front matter, in the two forms Hugo allows.
    let moves = [
        (
            "/authoring/changing-content/",
            "/authoring/auth04/",
            "AUTH 4. ",
        ),
        (
            "/authoring/auth04/old-urls.html",
            "/authoring/auth04/auth04-bp02/",
            "AUTH04-BP02 ",
        ),
    ];
    for (old, new, title) in moves {
        browser.goto(&server.url(old));
        wait_loaded(&browser, &server.url(new));
        assert!(
            heading(&browser).starts_with(title),
            "{old}: {}",
            heading(&browser)
        );
    }
}

/// The console's errors, less the browser's own guess at `/favicon.ico` on a page that names
/// no icon (which the default theme did not, before issue 20).
fn page_errors(browser: &Browser) -> Vec<String> {
    let mut errors = browser.console_errors();
    let names_icon = browser.eval("return document.querySelector('link[rel~=icon]') !== null;");
    if names_icon != true && errors.iter().any(|e| e.contains("/favicon.ico ")) {
        eprintln!(
            "note: {} names no icon, and /favicon.ico is missing",
            browser.url()
        );
        errors.retain(|e| !e.contains("/favicon.ico "));
    }
    errors
}

#[test]
fn the_console_check_sees_a_script_error_and_a_missing_file() {
    let Some(browser) = Browser::start("reader::console self-test") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><html lang=\"en\"><head><title>Faulty</title>\
                <link rel=\"icon\" href=\"/icon.svg\"></head><body><img src=\"/gone.png\" \
                alt=\"gone\"><script>undefinedFunction();</script></body></html>";
    std::fs::write(dir.path().join("index.html"), page).unwrap();
    let server = StaticServer::start(dir.path());
    browser.goto(&server.url("/"));
    let deadline = std::time::Instant::now() + WAIT;
    let mut errors = String::new();
    while !(errors.contains("/gone.png") && errors.contains("undefinedFunction")) {
        assert!(std::time::Instant::now() < deadline, "only {errors:?}");
        errors.push_str(&page_errors(&browser).join("\n"));
    }
    assert!(errors.contains("undefinedFunction"), "{errors}");
    assert!(errors.contains("/gone.png"), "{errors}");
}

#[test]
fn no_page_of_the_default_site_logs_a_console_error() {
    let Some((handbook, server, browser)) = open("reader::console errors") else {
        return;
    };
    let mut found = Vec::new();
    let pages = handbook.html_files();
    for file in &pages {
        let path = format!("/{}", file.trim_end_matches("index.html"));
        browser.goto(&server.url(&path));
        browser.wait_until(
            "the page loading",
            WAIT,
            "return document.readyState === 'complete';",
        );
        found.extend(
            page_errors(&browser)
                .into_iter()
                .map(|e| format!("{path}: {e}")),
        );
    }
    assert!(pages.len() >= 100, "only {} pages", pages.len());
    assert!(found.is_empty(), "console errors:\n{}", found.join("\n"));
}

/// How the page looks: whether it scrolls sideways, and its background colour.
fn layout(browser: &Browser) -> Value {
    browser.eval(
        "return { overflow: document.documentElement.scrollWidth - window.innerWidth,
                  width: window.innerWidth,
                  background: getComputedStyle(document.body).backgroundColor };",
    )
}

#[test]
fn screenshots_at_desktop_and_phone_widths_in_light_and_dark() {
    let Some((handbook, server, browser)) = open("reader::screenshots") else {
        return;
    };
    let mut kinds = KINDS.to_vec();
    if has_search_box(&handbook) {
        kinds.push(("search", "/"));
    }
    let mut wide = Vec::new();
    for (device, (width, height), mobile) in [("desktop", DESKTOP, false), ("phone", PHONE, true)] {
        browser.viewport(width, height, mobile);
        for &(kind, path) in &kinds {
            let mut backgrounds = Vec::new();
            for scheme in ["light", "dark"] {
                browser.color_scheme(scheme);
                browser.goto(&server.url(path));
                if kind == "search" {
                    search(&browser, SEARCH_WORD);
                }
                let name = format!("{kind}-{device}-{scheme}.png");
                browser.save_screenshot(&std::path::Path::new(SCREENSHOTS).join(name));
                let seen = layout(&browser);
                assert_eq!(
                    seen["width"],
                    json!(width),
                    "the viewport is not {width} wide"
                );
                if seen["overflow"].as_i64().unwrap_or(0) > 0 {
                    wide.push(format!("{path} at {device} width ({scheme}): {seen}"));
                }
                backgrounds.push(seen["background"].clone());
            }
            assert_ne!(
                backgrounds[0], backgrounds[1],
                "{path}: dark looks like light"
            );
        }
    }
    assert!(
        wide.is_empty(),
        "pages wider than the window:\n{}",
        wide.join("\n")
    );
}

/// Whether the built site's home page has the theme's search box.
pub fn has_search_box(handbook: &Handbook) -> bool {
    handbook.page("index.html").count(SEARCH_BOX) > 0
}

/// Types `query` into the search box and waits for result links; returns their hrefs.
pub fn search(browser: &Browser, query: &str) -> Vec<String> {
    let shown = format!(
        "const box = document.querySelector({sel});
         return box !== null && box.getClientRects().length > 0;",
        sel = json!(SEARCH_INPUT)
    );
    browser.wait_until("the search box showing", WAIT, &shown);
    browser.click(SEARCH_INPUT);
    browser.type_into(SEARCH_INPUT, query);
    let script = format!(
        "return [...document.querySelectorAll({sel})].map((a) => a.href);",
        sel = json!(SEARCH_RESULTS)
    );
    let found = browser.wait_for("search results", WAIT, &script, |v| {
        v.as_array().is_some_and(|a| !a.is_empty())
    });
    found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// Fails when the default site has no search box: every reader journey needs one.
fn without_search(handbook: &Handbook, test: &str) -> bool {
    assert!(
        has_search_box(handbook),
        "{test}: the default site has no {SEARCH_BOX}"
    );
    false
}

#[test]
fn a_reader_searches_for_a_word_and_follows_a_result() {
    let test = "reader::search for a word";
    let Some((handbook, server, browser)) = open(test) else {
        return;
    };
    if without_search(&handbook, test) {
        return;
    }
    browser.goto(&server.url("/"));
    let results = search(&browser, SEARCH_WORD);
    browser.click(SEARCH_RESULTS);
    wait_loaded(&browser, &results[0]);
    let text = browser.eval("return document.querySelector('main').textContent.toLowerCase();");
    assert!(
        text.as_str().unwrap_or_default().contains(SEARCH_WORD),
        "{} does not mention {SEARCH_WORD:?}",
        results[0]
    );
    assert!(
        page_errors(&browser).is_empty(),
        "{:?}",
        page_errors(&browser)
    );
}

#[test]
fn a_reader_searches_for_a_practice_id_and_gets_it_first() {
    let test = "reader::search for an id";
    let Some((handbook, server, browser)) = open(test) else {
        return;
    };
    if without_search(&handbook, test) {
        return;
    }
    let (id, path) = SEARCH_ID;
    browser.goto(&server.url("/reference/cli/"));
    let results = search(&browser, id);
    assert_eq!(
        results[0],
        server.url(path),
        "{id} is not the first result: {results:?}"
    );
    browser.click(SEARCH_RESULTS);
    wait_loaded(&browser, &server.url(path));
    assert!(heading(&browser).starts_with(id), "{}", heading(&browser));
}
