//! Taxonomies as browsable pages, on the `taxonomies` fixture: terms from one value or a
//! list, spelling variants merged, term text from `_index.md` or a landing page, ordering,
//! pagination boundaries, feeds and slug safety.

use crate::support::{TestSite, headlines, list_files};

#[test]
fn single_values_and_lists_both_make_terms_and_variants_merge_with_a_warning() {
    let site = TestSite::fixture("taxonomies");
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/practices/p2.md:4:7: warning: `Value Delivery` is also written `value delivery` (1 page); they are one term, shown as `Value Delivery`",
            "content/practices/p4.md:5:13: warning: `High` is also written `high` (1 page); they are one term, shown as `High`",
        ]
    );
    let tags = site.html("tags/index.html");
    // Ordered by name; the empty string in p3's list is ignored; "Décision" keeps its letter.
    assert_eq!(
        tags.texts(".term-index .term"),
        ["Customer Focus 3", "Décision 1", "Value Delivery 4"]
    );
    assert_eq!(
        tags.attrs(".term-index .term", "href"),
        [
            "/tags/customer-focus/",
            "/tags/décision/",
            "/tags/value-delivery/"
        ]
    );
    let concepts = site.html("concepts/index.html");
    assert_eq!(concepts.texts(".term-index .term"), ["Principle 1"]);
}

#[test]
fn terms_can_be_ordered_by_count() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    let categories = site.html("categories/index.html");
    assert_eq!(
        categories.texts(".term-index .term"),
        ["Product 3", "Delivery 2"]
    );
}

#[test]
fn term_pages_list_their_pages_with_prev_next_and_rel_links() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    let first = site.html("tags/value-delivery/index.html");
    assert_eq!(first.text("main h1"), "Value Delivery");
    // The pages in reading order (practices weigh 1, principles 2), two per listing page.
    assert_eq!(
        first.texts(".cards .card-title"),
        ["Decide with evidence", "Map the customer journey"]
    );
    assert_eq!(first.texts(".cards .card-meta"), ["Practices", "Practices"]);
    assert_eq!(
        first.attrs("link[rel=next]", "href"),
        ["/tags/value-delivery/page/2/"]
    );
    assert_eq!(first.count("link[rel=prev]"), 0);
    let second = site.html("tags/value-delivery/page/2/index.html");
    assert_eq!(
        second.texts(".cards .card-title"),
        ["Measure outcomes", "Customer Focus"]
    );
    assert_eq!(
        second.attrs("link[rel=prev]", "href"),
        ["/tags/value-delivery/"]
    );
    assert_eq!(
        second.attrs(".pagination a[rel=prev]", "href"),
        ["/tags/value-delivery/"]
    );
    assert_eq!(second.texts(".pagination [aria-current=page]"), ["2"]);
    assert_eq!(second.texts(".breadcrumbs a"), ["Classified", "Topics"]);
}

#[test]
fn term_text_comes_from_its_index_file_or_its_landing_page() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    // content/tags/_index.md titles the taxonomy; content/tags/value-delivery/_index.md
    // describes the term.
    assert_eq!(site.html("tags/index.html").text("main h1"), "Topics");
    let term = site.html("tags/value-delivery/index.html");
    assert_eq!(
        term.text(".lede"),
        "Work that changes outcomes for customers."
    );
    assert_eq!(
        term.text(".prose p"),
        "Value is what the customer gets, not what the team ships."
    );
    // The principle page `Customer Focus` says `ClassificationType: tags`: it heads the term.
    let landing = site.html("tags/customer-focus/index.html");
    assert_eq!(
        landing.text(".lede"),
        "Deliver what matters to the people you serve."
    );
    assert_eq!(landing.texts(".prose strong"), ["outcomes"]);
    assert_eq!(
        landing.attrs(".doc-meta a", "href")[0],
        "/principles/customer-focus/"
    );
    // And the page links to its term's listing.
    let page = site.html("principles/customer-focus/index.html");
    assert_eq!(
        page.attrs(".term-landing a", "href"),
        ["/tags/customer-focus/"]
    );
}

#[test]
fn pages_show_their_terms_as_links() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    let page = site.html("practices/p2/index.html");
    // content/tags/_index.md renames the taxonomy "Topics".
    assert_eq!(
        page.texts(".terms dt"),
        ["Topics", "Categories", "Risk level"]
    );
    assert_eq!(
        page.attrs(".terms a.term", "href"),
        [
            "/tags/value-delivery/",
            "/categories/product/",
            "/categories/delivery/",
            "/risk/low/"
        ]
    );
    // The merged term is shown with its common spelling.
    assert_eq!(page.texts(".terms a.term")[0], "Value Delivery");
}

#[test]
fn hugo_refs_to_term_pages_resolve() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    let page = site.html("practices/p4/index.html");
    assert_eq!(page.attrs(".prose a", "href"), ["/tags/value-delivery/"]);
}

#[test]
fn each_term_gets_an_atom_feed_when_enabled() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    let feed = site.output("tags/value-delivery/atom.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(feed.contains("<id>https://kb.example.org/tags/value-delivery/atom.xml</id>"));
    assert!(
        feed.contains("<updated>2025-05-13T09:00:00+00:00</updated>"),
        "{feed}"
    );
    assert!(feed.contains("<author><name>The knowledge team</name></author>"));
    // Newest first.
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| {
            e.split("<title>")
                .nth(1)
                .unwrap()
                .split("</title>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Customer Focus",
            "Decide with evidence",
            "Measure outcomes",
            "Map the customer journey"
        ]
    );
    let term = site.html("tags/value-delivery/index.html");
    // The site's feed, linked from every page, and the term's own.
    assert_eq!(
        term.attrs("link[type='application/atom+xml']", "href"),
        ["/atom.xml", "/tags/value-delivery/atom.xml"]
    );
    assert!(
        !site.has_output("categories/product/atom.xml"),
        "feeds only where enabled"
    );
}

/// A site of `pages` pages all tagged `x`, with `paginate` per listing page.
fn paginated(pages: usize, paginate: usize) -> Vec<String> {
    let site = TestSite::with_files(&[(
        "book.toml",
        &format!("[book]\n[[taxonomies]]\nname = \"tags\"\npaginate = {paginate}\n"),
    )]);
    for i in 0..pages {
        site.write(
            &format!("content/p{i}.md"),
            format!("---\ntitle: P{i}\ntags: x\n---\n"),
        );
    }
    site.build_ok();
    list_files(&site.path("public/tags/x"))
}

#[test]
fn pagination_boundaries() {
    // 0 means no pagination.
    assert_eq!(paginated(3, 0), ["index.html"]);
    // One per page.
    assert_eq!(
        paginated(3, 1),
        ["index.html", "page/2/index.html", "page/3/index.html"]
    );
    // Exactly one page full.
    assert_eq!(paginated(3, 3), ["index.html"]);
    // One more than a page.
    assert_eq!(paginated(4, 3), ["index.html", "page/2/index.html"]);
}

#[test]
fn terms_never_leave_their_taxonomy_folder() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n[[taxonomies]]\nname = \"tags\"\n"),
        (
            "content/p.md",
            "---\ntitle: P\ntags: [\"../escape\", \"a/b\", \".\"]\n---\n",
        ),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        ["content/p.md:3:7: error: tags term `.` has no letter or digit to make a URL from"]
    );
    site.write(
        "content/p.md",
        "---\ntitle: P\ntags: [\"../escape\", \"a/b\"]\n---\n",
    );
    site.build_ok();
    let files = list_files(&site.path("public"));
    assert!(
        files.contains(&"tags/escape/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"tags/a-b/index.html".to_string()),
        "{files:?}"
    );
    assert!(!files.iter().any(|f| f.starts_with("escape")));
}

#[test]
fn a_taxonomy_key_holding_a_map_is_an_error_and_unknown_keys_are_not_taxonomies() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n[[taxonomies]]\nname = \"tags\"\n"),
        (
            "content/p.md",
            "---\ntitle: P\ncategories: [Not, Declared]\ntags: {a: 1}\n---\n",
        ),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        ["content/p.md:4:7: error: `tags` must be text or a list of text, found a map"]
    );
    site.write(
        "content/p.md",
        "---\ntitle: P\ncategories: [Not, Declared]\n---\n",
    );
    site.build_ok();
    assert!(!site.has_output("categories/index.html"));
}

#[test]
fn term_listings_show_ids_titles_descriptions_and_sections() {
    let site = TestSite::fixture("taxonomies");
    // Give the principle its id from `ResourceId`: it is not in its title, so it is shown.
    let config = site.read("book.toml") + "\n[links]\nid-keys = [\"ResourceId\"]\n";
    site.write("book.toml", config);
    site.build_ok();
    let first = site.html("tags/customer-focus/index.html");
    assert_eq!(
        first.texts(".cards .card-title"),
        ["Map the customer journey", "Talk to customers"]
    );
    let second = site.html("tags/customer-focus/page/2/index.html");
    assert_eq!(
        second.texts(".cards .card-title"),
        ["p1bdjn Customer Focus"]
    );
    assert_eq!(
        second.texts(".cards .card-text"),
        ["Deliver what matters to the people you serve."]
    );
    assert_eq!(second.texts(".cards .card-meta"), ["Principles"]);
}

#[test]
fn feeds_without_an_absolute_base_url_are_a_warning_not_a_failed_build() {
    // Regression: this warning was returned as a render failure.
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\nbase-url = \"/docs/\"\n[[taxonomies]]\nname = \"tags\"\nfeed = true\n",
        ),
        ("content/p.md", "---\ntitle: P\ntags: x\n---\n"),
    ]);
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        ["book.toml:5:1: warning: no feeds for `tags`: feeds need an absolute base-url"]
    );
    assert!(site.has_output("tags/x/index.html"));
    assert!(!site.has_output("tags/x/atom.xml"));
}

#[test]
fn links_in_term_texts_are_written_and_checked() {
    // Regression: a term's _index.md kept link placeholders and its links went unchecked.
    let site = TestSite::fixture("taxonomies");
    site.write(
        "content/tags/value-delivery/_index.md",
        "---\ndescription: See [the journey](@/practices/p1.md).\n---\nStart with [[p1bdjn]] and [measuring](../../practices/p2.md).\n",
    );
    let config = site.read("book.toml") + "\n[links]\nid-keys = [\"ResourceId\"]\n";
    site.write("book.toml", config);
    site.build_ok();
    let term = site.html("tags/value-delivery/index.html");
    assert_eq!(
        term.attrs(".prose a", "href"),
        ["/principles/customer-focus/", "/practices/p2/"]
    );
    assert_eq!(term.texts(".prose a"), ["Customer Focus", "measuring"]);
    assert_eq!(term.attrs(".lede a", "href"), ["/practices/p1/"]);
    assert!(
        !site
            .output("tags/value-delivery/index.html")
            .contains('\u{1}')
    );
    site.write(
        "content/tags/value-delivery/_index.md",
        "---\ntitle: Value Delivery\n---\nSee [[NOPE]].\n",
    );
    let err = site.build_err();
    let errors: Vec<String> = headlines(&site, err.diagnostics())
        .into_iter()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "content/tags/value-delivery/_index.md:4:5: error: broken link “NOPE” to `NOPE`: no page has the id `NOPE`"
        ]
    );
}

#[test]
fn links_may_point_at_a_term_text_file() {
    let site = TestSite::fixture("taxonomies");
    site.write(
        "content/practices/p3.md",
        "---\ntitle: Decide with evidence\n---\nSee [all topics](@/tags/_index.md) and [value](../tags/value-delivery/_index.md).\n",
    );
    site.build_ok();
    let page = site.html("practices/p3/index.html");
    assert_eq!(
        page.attrs(".prose a", "href"),
        ["/tags/", "/tags/value-delivery/"]
    );
}

#[test]
fn a_term_folder_spelled_without_accents_still_describes_its_term() {
    // Regression: content/tags/decision/ made a second, empty `Décision` term.
    let site = TestSite::fixture("taxonomies");
    site.write(
        "content/tags/decision/_index.md",
        "---\ntitle: Décision\ndescription: Choosing well.\n---\n",
    );
    site.build_ok();
    let tags = site.html("tags/index.html");
    assert_eq!(
        tags.texts(".term-index .term"),
        ["Customer Focus 3", "Décision 1", "Value Delivery 4"]
    );
    assert_eq!(
        site.html("tags/décision/index.html").text(".lede"),
        "Choosing well."
    );
}

#[test]
fn a_single_value_of_a_taxonomy_key_is_still_text_to_contracts() {
    // Regression: `risk_level: High` read as a list once `risk_level` was a taxonomy key.
    let site = TestSite::fixture("taxonomies");
    let config = site.read("book.toml")
        + "\n[[schemas]]\nsections = \"practices/*.md\"\n[schemas.keys.risk_level]\ntype = \"string\"\nenum = [\"High\", \"Low\"]\n";
    site.write("book.toml", config);
    let report = site.build_ok();
    assert!(
        report.warnings.iter().all(|d| d.code == "term-spelling"),
        "{:?}",
        report.warnings
    );
}

#[test]
fn a_classification_naming_no_taxonomy_is_a_warning() {
    let site = TestSite::fixture("taxonomies");
    let page = site
        .read("content/principles/customer-focus.md")
        .replace("ClassificationType: tags", "ClassificationType: tag");
    site.write("content/principles/customer-focus.md", page);
    let report = site.build_ok();
    let lines = headlines(&site, &report.warnings);
    assert!(
        lines.contains(&"content/principles/customer-focus.md:3:21: warning: `ClassificationType: tag` names no taxonomy, so this page describes no term".to_string()),
        "{lines:?}"
    );
    let warning = report
        .warnings
        .iter()
        .find(|d| d.code == "term-landing")
        .unwrap();
    assert_eq!(warning.help.as_deref(), Some("did you mean `tags`?"));
}

#[test]
fn sections_can_carry_terms_too() {
    let site = TestSite::fixture("taxonomies");
    site.write(
        "content/practices/_index.md",
        "---\ntitle: Practices\nweight: 1\ntags: [Décision]\n---\n",
    );
    site.build_ok();
    let term = site.html("tags/décision/index.html");
    assert_eq!(
        term.texts(".cards .card-title"),
        ["Practices", "Decide with evidence"]
    );
}

#[test]
fn term_pages_list_cards_from_the_sites_own_card_partial() {
    // The card is rendered once per page and shared by every term page listing it: a site's
    // own partial shapes all of them, with `show_section` set as for an include.
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Notes\"\n[[taxonomies]]\nname = \"tags\"\n",
        ),
        ("content/ops/_index.md", "---\ntitle: Operations\n---\n"),
        (
            "content/ops/a.md",
            "---\ntitle: Alpha\ntags: [one, two]\n---\n",
        ),
        ("content/ops/b.md", "---\ntitle: Beta\ntags: [two]\n---\n"),
        (
            "templates/partials/card.html",
            "<li class=\"mine\" data-section=\"{% if show_section %}{{ item.section_title }}{% endif %}\">{{ item.title }}</li>\n",
        ),
    ]);
    site.build_ok();
    let one = site.html("tags/one/index.html");
    assert_eq!(one.texts(".cards li.mine"), ["Alpha"]);
    let two = site.html("tags/two/index.html");
    assert_eq!(two.texts(".cards li.mine"), ["Alpha", "Beta"]);
    assert_eq!(
        two.attrs(".cards li.mine", "data-section"),
        ["Operations", "Operations"]
    );
    // Section listings still include the partial themselves, without the section.
    let section = site.html("ops/index.html");
    assert_eq!(section.attrs("li.mine", "data-section"), ["", ""]);
}

#[test]
fn a_card_partial_that_reads_the_listing_page_fails_with_a_hint() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Notes\"\n[[taxonomies]]\nname = \"tags\"\n",
        ),
        ("content/a.md", "---\ntitle: Alpha\ntags: [one]\n---\n"),
        (
            "templates/partials/card.html",
            "<li>{{ item.title }} in {{ page.title }}</li>\n",
        ),
    ]);
    let err = site.build_err();
    let [diagnostic] = err.diagnostics() else {
        panic!("{:?}", err.diagnostics());
    };
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "templates/partials/card.html:1:28: error: template error: Variable `page` is not \
          defined. Available variables: config, data, i18n, item, show_section"
        ]
    );
    let help = diagnostic.help.as_deref().unwrap_or_default();
    assert!(help.contains("once per listed page"), "{help}");
}

#[test]
fn term_groups_hold_the_taxonomies_a_page_uses_in_book_order() {
    // `page.term_groups` skips a taxonomy the page has no terms in (categories here) and keeps
    // book.toml's order, whatever the front matter's.
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Notes\"\n[[taxonomies]]\nname = \"tags\"\n\
             [[taxonomies]]\nname = \"categories\"\n[[taxonomies]]\nname = \"risk\"\ntitle = \"Risk level\"\n",
        ),
        (
            "content/a.md",
            "---\ntitle: Alpha\nrisk: [High]\ntags: [ops, cost]\n---\n",
        ),
        (
            "templates/page.html",
            "{% for group in page.term_groups %}<p data-url=\"{{ group.taxonomy.url }}\">{{ group.taxonomy.title }}: \
             {% for term in group.terms %}{{ term.name }};{% endfor %}</p>{% endfor %}\n",
        ),
    ]);
    site.build_ok();
    let page = site.html("a/index.html");
    assert_eq!(page.texts("p"), ["Tags: ops;cost;", "Risk level: High;"]);
    assert_eq!(page.attrs("p", "data-url"), ["/tags/", "/risk/"]);
}

#[test]
fn terms_gathered_from_a_large_site_keep_reading_order_counts_and_first_variant() {
    // Enough pages that terms are gathered in several parallel runs and merged: listings,
    // counts and the spelling warning must not depend on where one run ends.
    let site = TestSite::with_files(&[(
        "book.toml",
        "[book]\ntitle = \"Many\"\n\n[[taxonomies]]\nname = \"tags\"\npaginate = 2000\n",
    )]);
    for i in 0..1300 {
        let mut tags = vec![if i == 700 || i == 1200 {
            "shared tag"
        } else {
            "Shared Tag"
        }];
        if [5, 600, 1299].contains(&i) {
            // A page naming a term twice is listed once.
            tags.extend(["Rare", "Rare"]);
        }
        let tags = tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>();
        site.write(
            &format!("content/p/p{i:04}.md"),
            format!(
                "---\ntitle: Page {i:04}\ntags: [{}]\n---\nText.\n",
                tags.join(", ")
            ),
        );
    }
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/p/p0700.md:3:7: warning: `Shared Tag` is also written `shared tag` (2 pages); they are one term, shown as `Shared Tag`"
        ]
    );
    let tags = site.html("tags/index.html");
    assert_eq!(
        tags.texts(".term-index .term"),
        ["Rare 3", "Shared Tag 1300"]
    );
    let rare = site.html("tags/rare/index.html");
    assert_eq!(
        rare.texts(".cards .card-title"),
        ["Page 0005", "Page 0600", "Page 1299"]
    );
    let shared = site.html("tags/shared-tag/index.html");
    let titles = shared.texts(".cards .card-title");
    let expected: Vec<String> = (0..1300).map(|i| format!("Page {i:04}")).collect();
    assert_eq!(titles, expected);
}

/// graph.json gives each node its terms by taxonomy name in name order (not book.toml's, nor
/// the front matter's), the page's own spelling kept, and leaves out taxonomies without terms.
#[test]
fn graph_json_lists_a_nodes_terms_by_taxonomy_name() {
    let site = TestSite::fixture("taxonomies");
    site.build_ok();
    let text = site.output("graph.json");
    let line = |url: &str| {
        let key = format!("{{\"url\":\"{url}\",");
        text.lines()
            .find(|l| l.starts_with(&key))
            .unwrap_or_else(|| panic!("no node {url} in {text}"))
            .to_string()
    };
    assert!(
        line("/practices/p2/").contains(
            r#""taxonomies":{"categories":["Product","Delivery"],"risk":["Low"],"tags":["value delivery"]}"#
        ),
        "{}",
        line("/practices/p2/")
    );
    assert!(line("/").contains(r#""taxonomies":{}"#), "{}", line("/"));
}
