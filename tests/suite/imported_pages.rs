//! Pages imported from another site, as their authors meant them: one `<h1>` however the
//! title is written (front matter, the first heading, or both, with the page id beside it),
//! and a `<meta name="description">` from the page's own text.

use crate::support::{Page, TestSite};

fn built() -> TestSite {
    let site = TestSite::fixture("imported-pages");
    site.build_ok();
    site
}

fn page(site: &TestSite, name: &str) -> Page {
    site.html(&format!("practices/{name}/index.html"))
}

#[test]
fn every_page_has_exactly_one_h1_its_title() {
    let site = built();
    for (name, title) in [
        ("prc01-bp01", "PRC01-BP01 Check the inputs before you start"),
        ("prc01-bp02", "Keep a record of decisions"),
        ("prc01-bp03", "Review the output"),
        ("prc01-bp04", "Share the load"),
        ("prc01-bp05", "PRC01-BP05 Measure what matters"),
    ] {
        let page = page(&site, name);
        assert_eq!(page.texts("h1"), [title], "{name}");
    }
}

#[test]
fn a_first_heading_repeating_the_title_with_or_without_the_id_is_dropped() {
    let site = built();
    // `# PRC01-BP02 — Keep a record of decisions` under `title: Keep a record of decisions`.
    let bp02 = page(&site, "prc01-bp02");
    assert_eq!(bp02.texts(".prose h2"), ["Why#"]);
    assert_eq!(bp02.attrs("aside.toc a", "href"), ["#why"]);
    // `#   Review *the* Output` under `title: Review the output`: case, markup and spaces.
    let bp03 = page(&site, "prc01-bp03");
    assert_eq!(bp03.count(".prose h1, .prose h2"), 0);
    assert_eq!(
        bp03.text(".prose p"),
        "Someone other than the author reads the result."
    );
    // `# Measure what matters: PRC01-BP05`: the id after the title, the title holding it.
    let bp05 = page(&site, "prc01-bp05");
    assert_eq!(bp05.count(".prose h1, .prose h2"), 0);
}

#[test]
fn a_title_taken_from_the_first_heading_is_not_shown_twice() {
    let site = built();
    let bp01 = page(&site, "prc01-bp01");
    assert!(!bp01.inner_html(".prose").contains("Check the inputs"));
    // A later `#` heading is a section of the page: written as an `<h2>`, in the contents.
    assert_eq!(
        bp01.attrs(".prose h2", "id"),
        ["how-to-apply-it", "further-reading"]
    );
    assert_eq!(
        bp01.attrs("aside.toc > ol > li > a", "href"),
        ["#how-to-apply-it", "#further-reading"]
    );
    // The old site's in-page navigation still finds both anchors.
    assert_eq!(
        bp01.attrs(".prose p a[href^='#']", "href"),
        ["#how-to-apply-it", "#further-reading"]
    );
}

#[test]
fn a_first_heading_other_than_the_title_stays_as_an_h2() {
    let site = built();
    let bp04 = page(&site, "prc01-bp04");
    assert_eq!(
        bp04.attrs(".prose h2", "id"),
        ["why-one-person-is-not-enough", "pairing"]
    );
    // Demoted to the level of the `##` under it: siblings in the contents.
    assert_eq!(
        bp04.attrs("aside.toc > ol > li > a", "href"),
        ["#why-one-person-is-not-enough", "#pairing"]
    );
}
