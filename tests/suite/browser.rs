//! The live-reload client of `praxis serve` in a real browser: headless Chromium, driven over
//! WebDriver, opens pages of a running `praxis serve` while the test edits the site on disk,
//! and checks what the reader would see — a reload that keeps the scroll position, pages left
//! alone when they did not change, stylesheets swapped in place, and the error overlay.
//!
//! They need Chromium and chromedriver (`scripts/test.sh` installs them); without them they
//! say so and skip, or fail with `CI=true` (the rule of `support::prereq`).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::TestSite;
use crate::support::serve::{Serve, save};
use crate::support::webdriver::Browser;

/// The longest any wait in these tests may last.
const WAIT: Duration = Duration::from_secs(15);
/// How long a page that should stay must stay, after the browser heard of a rebuild.
const QUIET: Duration = Duration::from_secs(1);

const BOOK: &str = "[book]\ntitle = \"Browser fixture\"\nbase-url = \"/\"\n";
const ALPHA: &str = "---\ntitle: Alpha\nid: ALPHA\n---\nAlpha first draft.\n";
const BETA: &str = "---\ntitle: Beta\nid: BETA\n---\nBeta first draft.\n";
const GLOSSARY: &str = "---\ntitle: Glossary\n---\nGlossary first draft.\n";
/// The rule the stylesheet test appends to the theme's stylesheet.
const OUTLINE: &str = "body { outline: 3px solid rgb(1, 2, 3); }";

/// A page far taller than the window, its first paragraph reading `lead`.
fn long_page(lead: &str) -> String {
    let mut text = format!("---\ntitle: Long\nid: LONG\n---\n{lead}\n");
    for n in 1..=150 {
        text.push_str(&format!(
            "\nParagraph {n} of a page long enough to scroll: it repeats itself so that the \
             window has plenty to move through before the end.\n"
        ));
    }
    text
}

/// Two sections that do not link to each other: `guide/` (alpha, beta, long) and
/// `reference/` (glossary).
fn fixture(extra: &[(&str, &str)]) -> TestSite {
    let long = long_page("Long page first draft.");
    let mut files = vec![
        ("book.toml", BOOK),
        ("content/_index.md", "---\ntitle: Home\n---\nHome.\n"),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\n---\nGuide.\n",
        ),
        ("content/guide/alpha.md", ALPHA),
        ("content/guide/beta.md", BETA),
        ("content/guide/long.md", &long),
        (
            "content/reference/_index.md",
            "---\ntitle: Reference\n---\nReference.\n",
        ),
        ("content/reference/glossary.md", GLOSSARY),
    ];
    files.extend_from_slice(extra);
    TestSite::with_files(&files)
}

/// Waits until `GET path` on `serve` answers 200 with `text` in it.
fn wait_for_text(serve: &Serve, path: &str, text: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let response = serve.get(path);
        if response.status == 200 && response.text().contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "GET {path} did not serve {text:?} within {WAIT:?}: {} {}",
            response.status,
            response.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A script returning whether the page's text includes `text`.
fn shows(text: &str) -> String {
    format!(
        "return document.body !== null && document.body.textContent.includes({text});",
        text = json!(text)
    )
}

/// `typeof window.__marker`: "number" while the page has not reloaded since it was set.
fn marker(browser: &Browser) -> String {
    let kind = browser.eval("return typeof window.__marker;");
    kind.as_str().unwrap_or_default().to_string()
}

/// Opens `path`, then a second event stream of the test's own in the page, and waits until it
/// has its hello. The page's live-reload stream was opened while the page loaded, before this
/// one, so edits made from now on reach it; the test's stream records the reload messages.
fn open(browser: &Browser, serve: &Serve, path: &str) {
    browser.goto(&serve.url(path));
    browser.eval(
        "const probe = (window.__probe = { hello: false, reloads: [] });
         const events = new EventSource('/__praxis/events');
         events.addEventListener('hello', () => { probe.hello = true; });
         events.addEventListener('reload', (e) => probe.reloads.push(JSON.parse(e.data)));
         return true;",
    );
    browser.wait_until(
        "the page's event stream opening",
        WAIT,
        "return window.__probe.hello;",
    );
    browser.eval("window.__marker = 1; return true;");
}

/// No errors in the browser console: the live script and the pages it reloaded ran cleanly.
/// The browser's own request for `/favicon.ico`, which the fixture has none of, is no error
/// of the page's.
fn assert_clean_console(browser: &Browser) {
    let mut errors = browser.console_errors();
    errors.retain(|e| !e.contains("/favicon.ico "));
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

fn near_1500(y: f64) -> bool {
    (y - 1500.0).abs() <= 3.0
}

#[test]
fn an_edited_page_reloads_and_keeps_its_scroll_position() {
    let Some(browser) =
        Browser::start("browser::an_edited_page_reloads_and_keeps_its_scroll_position")
    else {
        return;
    };
    let site = fixture(&[]);
    let serve = Serve::start(&site);
    open(&browser, &serve, "/guide/long/");
    // Only the live script may bring the reader back: the browser's own restoration is off.
    // The theme scrolls smoothly; the test's own jump is instant.
    let y = browser.eval(
        "history.scrollRestoration = 'manual';
         window.scrollTo({ top: 1500, behavior: 'instant' });
         return window.scrollY;",
    );
    assert_eq!(y, json!(1500), "the page is too short to scroll to 1500");

    save(
        &site,
        "content/guide/long.md",
        &long_page("Long page second draft."),
    );
    browser.wait_until(
        "the edited text in the browser",
        WAIT,
        &shows("Long page second draft."),
    );
    assert_eq!(marker(&browser), "undefined", "the page did not reload");
    // The live script scrolls back once the page has loaded, smoothly under the theme's
    // `scroll-behavior: smooth`, so the position is polled until it arrives.
    let state = browser.wait_for(
        "the reloaded page back at y=1500",
        WAIT,
        "return { loaded: document.readyState === 'complete', y: window.scrollY };",
        |state| state["loaded"] == true && state["y"].as_f64().is_some_and(near_1500),
    );
    let y = &state["y"];
    let kept = browser.eval("return sessionStorage.getItem('praxis-scroll:/guide/long/');");
    assert_eq!(
        kept,
        Value::Null,
        "the saved position was not cleared (at y={y})"
    );
    assert_clean_console(&browser);
}

#[test]
fn a_page_that_did_not_change_is_not_reloaded() {
    let Some(browser) = Browser::start("browser::a_page_that_did_not_change_is_not_reloaded")
    else {
        return;
    };
    let site = fixture(&[]);
    let serve = Serve::start(&site);
    open(&browser, &serve, "/reference/glossary/");

    save(
        &site,
        "content/guide/beta.md",
        &BETA.replace("first draft", "second draft"),
    );
    wait_for_text(&serve, "/guide/beta/", "Beta second draft.");
    let heard = browser.wait_until(
        "the rebuild's reload message in the browser",
        WAIT,
        "if (typeof window.__marker === 'undefined') return { reloaded: true };
         return window.__probe.reloads.length > 0 && { reloads: window.__probe.reloads };",
    );
    assert_ne!(
        heard["reloaded"], true,
        "the glossary reloaded for beta's edit"
    );
    let quiet_until = Instant::now() + QUIET;
    while Instant::now() < quiet_until {
        assert_eq!(
            marker(&browser),
            "number",
            "the glossary reloaded after {heard}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(browser.eval(&shows("Glossary first draft.")), true);
    assert_clean_console(&browser);
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_reloading() {
    let Some(browser) =
        Browser::start("browser::a_stylesheet_change_swaps_the_stylesheet_without_reloading")
    else {
        return;
    };
    let theme = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/praxis.css"
    ))
    .expect("the default theme's stylesheet");
    let css = format!("{theme}\n{OUTLINE}\n");
    let site = fixture(&[("static/praxis.css", &css)]);
    let serve = Serve::start(&site);
    open(&browser, &serve, "/guide/alpha/");
    let outline = "return getComputedStyle(document.body).outlineColor;";
    assert_eq!(
        browser.eval(outline),
        "rgb(1, 2, 3)",
        "the override is not applied"
    );

    save(
        &site,
        "static/praxis.css",
        &css.replace("rgb(1, 2, 3)", "rgb(4, 5, 6)"),
    );
    browser.wait_until(
        "the new outline colour",
        WAIT,
        "return getComputedStyle(document.body).outlineColor === 'rgb(4, 5, 6)';",
    );
    assert_eq!(marker(&browser), "number", "the page reloaded");
    // The old link goes once the new one has loaded; one link to it is left, cache-busted
    // (the search box's stylesheet, unchanged, stays as it was).
    let links = browser.wait_until(
        "the old stylesheet link leaving",
        WAIT,
        "const links = [...document.querySelectorAll('link[rel=stylesheet]')]
             .map((link) => link.getAttribute('href'))
             .filter((href) => href.includes('praxis.css'));
         return links.length === 1 && links;",
    );
    let href = links[0].as_str().unwrap_or_default();
    assert!(href.starts_with(&serve.url("/praxis.css?v=")), "{links}");
    assert_eq!(marker(&browser), "number", "the page reloaded");
    assert_clean_console(&browser);
}

#[test]
fn a_bad_save_shows_the_overlay_and_a_fix_clears_it() {
    let Some(browser) = Browser::start("browser::a_bad_save_shows_the_overlay_and_a_fix_clears_it")
    else {
        return;
    };
    let site = fixture(&[]);
    let serve = Serve::start(&site);
    open(&browser, &serve, "/guide/alpha/");

    save(
        &site,
        "content/guide/alpha.md",
        &ALPHA
            .replace("title: Alpha", "title: [unclosed")
            .replace("first draft", "broken draft"),
    );
    let overlay = browser.wait_until(
        "the error overlay",
        WAIT,
        "const box = document.getElementById('praxis-errors');
         return box !== null && {
             role: box.getAttribute('role'),
             text: box.textContent,
             places: [...box.querySelectorAll('code')].map((code) => code.textContent),
         };",
    );
    assert_eq!(overlay["role"], "alert", "{overlay}");
    let text = overlay["text"].as_str().unwrap_or_default();
    assert!(text.contains("alpha.md"), "{overlay}");
    let places: Vec<&str> = overlay["places"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let has_line = |place: &&str| {
        place.split_once("alpha.md:").is_some_and(|(_, rest)| {
            let digits = rest.split(':').next().unwrap_or_default();
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        })
    };
    assert!(
        places.iter().any(has_line),
        "no `alpha.md:LINE` in the overlay: {overlay}"
    );
    assert_eq!(
        marker(&browser),
        "number",
        "the page reloaded on a failed build"
    );
    assert_eq!(browser.eval(&shows("Alpha first draft.")), true);
    assert_eq!(browser.eval(&shows("broken draft")), false);

    save(
        &site,
        "content/guide/alpha.md",
        &ALPHA.replace("first draft", "fixed draft"),
    );
    browser.wait_until(
        "the fixed text in the browser",
        WAIT,
        &shows("Alpha fixed draft."),
    );
    browser.wait_until(
        "the overlay leaving",
        WAIT,
        "return document.getElementById('praxis-errors') === null;",
    );
    assert_clean_console(&browser);
}
