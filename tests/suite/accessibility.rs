//! axe-core (from npm) in headless Chromium on the default site: the home page, a section, a
//! page and a taxonomy term — and the search box open with results, once the theme has one —
//! at desktop and phone widths, in light and dark, with zero serious or critical violations.
//! Each violation is printed with the selectors of the elements at fault.
//!
//! Without Chromium or axe-core these tests skip, or fail with `CI=true` (`support::prereq`).

use serde_json::Value;

use crate::reader::{DESKTOP, KINDS, PHONE, has_search_box, open, search};
use crate::support::prereq;
use crate::support::static_server::StaticServer;
use crate::support::webdriver::Browser;

/// A page with two critical faults: an image with no text alternative, a button with no name.
const BROKEN: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>Broken</title></head>\
                      <body><main><h1>Broken</h1><img src=\"x.png\"><button></button></main>\
                      </body></html>";

/// Runs axe on the page and gives its serious and critical violations, one line each with
/// the selectors of the elements at fault.
fn serious_violations(browser: &Browser, axe: &str) -> Vec<String> {
    let loaded = browser.eval(&format!("{axe}\nreturn typeof axe;"));
    assert_eq!(loaded, "object", "axe-core did not load into the page");
    let found = browser.eval(
        "return axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
             .filter((v) => v.impact === 'serious' || v.impact === 'critical')
             .map((v) => `${v.impact} ${v.id}: ${v.help} at `
                 + v.nodes.map((n) => n.target.join(' ')).join(', ')));",
    );
    found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

#[test]
fn axe_reports_a_page_with_an_unlabelled_image_and_button() {
    let test = "accessibility: axe-core self-test";
    let Some(axe) = prereq::need(test, prereq::axe()) else {
        return;
    };
    let Some(browser) = Browser::start(test) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), BROKEN).unwrap();
    let server = StaticServer::start(dir.path());
    browser.goto(&server.url("/"));
    let axe = std::fs::read_to_string(&axe).expect("axe.min.js");
    let found = serious_violations(&browser, &axe);
    let rules: Vec<&str> = found.iter().filter_map(|v| v.split(':').next()).collect();
    assert_eq!(
        rules,
        ["critical button-name", "critical image-alt"],
        "{found:#?}"
    );
}

#[test]
fn axe_finds_no_serious_or_critical_violations_in_light_and_dark() {
    let test = "accessibility: axe-core";
    let Some(axe) = prereq::need(test, prereq::axe()) else {
        return;
    };
    let Some((handbook, server, browser)) = open(test) else {
        return;
    };
    let axe = std::fs::read_to_string(&axe).expect("axe.min.js");
    let with_search = has_search_box(&handbook);
    if !with_search {
        eprintln!("not yet applicable: {test} with the search open: the site has no search box");
    }
    let mut pages: Vec<(&str, &str, bool)> = KINDS.iter().map(|&(k, p)| (k, p, false)).collect();
    if with_search {
        pages.push(("search open on", "/", true));
    }
    let mut found = Vec::new();
    for (device, (width, height), mobile) in [("desktop", DESKTOP, false), ("phone", PHONE, true)] {
        browser.viewport(width, height, mobile);
        for scheme in ["light", "dark"] {
            browser.color_scheme(scheme);
            for &(kind, path, searching) in &pages {
                browser.goto(&server.url(path));
                if searching {
                    search(&browser, "front matter");
                }
                let place = format!("{kind} {path} ({device}, {scheme})");
                let violations = serious_violations(&browser, &axe);
                found.extend(violations.iter().map(|v| format!("{place}: {v}")));
            }
        }
    }
    assert!(
        found.is_empty(),
        "axe-core violations:\n{}",
        found.join("\n")
    );
}
