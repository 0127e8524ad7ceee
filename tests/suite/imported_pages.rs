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

fn meta_description(page: &Page) -> String {
    let all = page.attrs("meta[name=description]", "content");
    assert_eq!(all.len(), 1, "{all:?}");
    all.into_iter().next().unwrap()
}

#[test]
fn the_meta_description_is_the_opening_paragraph_cut_at_a_word() {
    let site = built();
    // The old site's navigation (links alone) is skipped; markup goes, entities are
    // decoded, lines are joined, and the text stops at a word, within 160 characters.
    let text = meta_description(&page(&site, "prc01-bp01"));
    assert_eq!(
        text,
        "Before any work begins, the team confirms that every input it depends on & every \
         person who supplies one is known, written down and reachable, so that nobody…"
    );
    assert!(text.chars().count() <= 160);
    // Past an image, and past a first heading that was dropped.
    assert_eq!(
        meta_description(&page(&site, "prc01-bp05")),
        "Count what the customer notices."
    );
}

#[test]
fn a_written_description_wins_and_the_site_description_only_fills_silence() {
    let site = built();
    assert_eq!(
        meta_description(&page(&site, "prc01-bp02")),
        "Write each decision down with its reason, so that the next team can trust it."
    );
    // The home page has words of its own: they describe it, not the site's description.
    assert_eq!(
        meta_description(&site.html("index.html")),
        "Practices brought over from an older site, with their text as it was."
    );
    let site_description = "The site's own description, for pages with nothing to say.";
    assert_eq!(meta_description(&page(&site, "blank")), site_description);
    assert_eq!(
        meta_description(&site.html("practices/index.html")),
        site_description
    );
}

#[test]
fn templates_get_the_summary_text_and_a_summary_like_hugos() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n[links]\nbroken = \"warn\"\n",
        ),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\nOpening of *A*, linking [[KEY9]] &amp; more.\n\nLater.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\n---\nShown in lists.\n\n<!--more-->\n\nOnly on the page.\n",
        ),
        (
            "content/c.md",
            "---\ntitle: C\nid: KEY9\ndescription: Described with [[KEY9]].\n---\nBody.\n",
        ),
        (
            "templates/index.html",
            "{% for p in section.pages %}<div class=\"s\">{{ p.summary }}</div>{% endfor %}",
        ),
        (
            "templates/page.html",
            "<p id=\"t\">{{ page.summary_text }}</p><p id=\"m\">{{ page.meta_description }}</p>",
        ),
    ]);
    site.build_ok();
    let home = site.html("index.html");
    // Hugo's `<!--more-->` divider; without one and a description, the opening text.
    assert_eq!(
        home.texts(".s"),
        [
            "Opening of A, linking C & more.",
            "Shown in lists.",
            "Described with C."
        ]
    );
    assert_eq!(
        home.inner_html(".s:first-child"),
        "<p>Opening of A, linking C &amp; more.</p>"
    );
    let a = site.html("a/index.html");
    assert_eq!(a.text("#t"), "Opening of A, linking C & more.");
    assert_eq!(a.text("#m"), "Opening of A, linking C & more.");
    let c = site.html("c/index.html");
    assert_eq!(c.text("#t"), "Body.");
    assert_eq!(c.text("#m"), "Described with C.");
}
