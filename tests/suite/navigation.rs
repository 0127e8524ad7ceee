//! Reading order, sidebar, breadcrumbs and prev/next on the `basic` fixture.

use crate::support::TestSite;

fn titles_in_reading_order(site: &TestSite) -> Vec<String> {
    let loaded = site.load().unwrap();
    loaded
        .graph
        .reading_order()
        .iter()
        .map(|&id| loaded.graph.node(id).title.clone())
        .collect()
}

#[test]
fn reading_order_is_weight_then_natural_id_or_title_then_path() {
    let site = TestSite::fixture("basic");
    assert_eq!(
        titles_in_reading_order(&site),
        [
            "Field Guide",
            "About this guide",
            "Operations",
            "OPS 1. How do you plan your work?",
            "OPS01-BP01 Know your customers",
            "OPS01-BP02 Weigh internal needs",
            "OPS01-BP10 Review the plan",
            "OPS 2. How do you run your work?",
            "OPS02-BP01 Use runbooks",
            "OPS 10. How do you improve?",
            "OPS10-BP01 Learn from incidents",
            "Guides",
            "Getting started",
            "A tour with a diagram",
        ]
    );
}

#[test]
fn weights_come_before_unweighted_and_ties_fall_back_to_natural_order() {
    let site = TestSite::fixture("basic");
    // Give BP10 a weight: it now leads its question; the rest keep natural order.
    site.write(
        "content/ops/ops01/ops01-bp10.md",
        "---\ntitle: OPS01-BP10 Review the plan\nid: OPS01-BP10\nweight: -1\n---\nx\n",
    );
    let order = titles_in_reading_order(&site);
    let start = order.iter().position(|t| t.starts_with("OPS 1.")).unwrap();
    assert_eq!(
        &order[start + 1..start + 4],
        [
            "OPS01-BP10 Review the plan",
            "OPS01-BP01 Know your customers",
            "OPS01-BP02 Weigh internal needs"
        ]
    );
}

#[test]
fn prev_and_next_cross_section_boundaries() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    // The last page of one question is followed by the next question.
    let last_of_ops01 = site.html("ops/ops01/ops01-bp10/index.html");
    assert_eq!(
        last_of_ops01.attrs("a[rel=prev]", "href"),
        ["/ops/ops01/ops01-bp02/"]
    );
    assert_eq!(last_of_ops01.attrs("a[rel=next]", "href"), ["/ops/ops02/"]);
    let first = site.html("index.html");
    assert_eq!(first.count("a[rel=prev]"), 0);
    assert_eq!(first.attrs("a[rel=next]", "href"), ["/about/"]);
    let last = site.html("guides/diagram-tour/index.html");
    assert_eq!(last.count("a[rel=next]"), 0);
}

#[test]
fn breadcrumbs_lead_from_home_to_the_parent() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.html("ops/ops01/ops01-bp02/index.html");
    assert_eq!(
        page.texts(".breadcrumbs li"),
        [
            "Field Guide",
            "Operations",
            "OPS 1. How do you plan your work?",
            "OPS01-BP02 Weigh internal needs"
        ]
    );
    assert_eq!(
        page.attrs(".breadcrumbs a", "href"),
        ["/", "/ops/", "/ops/ops01/"]
    );
}

#[test]
fn sidebar_expands_only_the_current_pages_ancestors() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.html("ops/ops01/ops01-bp02/index.html");
    // Top level: root pages, then sections.
    assert_eq!(
        page.texts(".sidebar > ul > li > a"),
        ["About this guide", "Operations", "Guides"]
    );
    // Operations is open and shows its questions; only OPS 1 is open below it.
    assert_eq!(
        page.texts(".sidebar > ul > li.is-open > ul > li > a"),
        [
            "OPS 1. How do you plan your work?",
            "OPS 2. How do you run your work?",
            "OPS 10. How do you improve?"
        ]
    );
    assert_eq!(page.count(".sidebar li.is-open"), 2);
    assert_eq!(
        page.texts(".sidebar [aria-current=page]"),
        ["OPS01-BP02 Weigh internal needs"]
    );
    // Pages of closed sections are not listed.
    assert_eq!(page.count(".sidebar a[href='/ops/ops02/ops02-bp01/']"), 0);
    assert_eq!(page.count(".sidebar a[href='/guides/getting-started/']"), 0);
}

#[test]
fn a_section_page_expands_itself_in_the_sidebar() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.html("ops/ops02/index.html");
    assert_eq!(
        page.texts(".sidebar [aria-current=page]"),
        ["OPS 2. How do you run your work?"]
    );
    assert_eq!(page.count(".sidebar a[href='/ops/ops02/ops02-bp01/']"), 1);
}

#[test]
fn sidebar_size_does_not_grow_with_the_number_of_pages() {
    // Pages in other sections must not appear in a page's sidebar.
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = site.output("ops/ops02/ops02-bp01/index.html").len();
    for i in 0..200 {
        site.write(
            &format!("content/guides/extra-{i:03}.md"),
            format!("---\ntitle: Extra {i}\n---\nText.\n"),
        );
    }
    site.build_ok();
    let after = site.output("ops/ops02/ops02-bp01/index.html").len();
    assert_eq!(before, after);
}

#[test]
fn a_huge_section_shows_a_bounded_window_in_the_sidebar() {
    let site = TestSite::with_files(&[("book.toml", "[book]\n")]);
    site.write("content/big/_index.md", "# Big\n");
    for i in 1..=300 {
        site.write(
            &format!("content/big/p{i:03}.md"),
            format!("# Page {i:03}\n"),
        );
    }
    site.build_ok();
    let page = site.html("big/p150/index.html");
    let items = page.texts(".sidebar li li > a");
    assert!(items.len() <= 30, "{} items: {items:?}", items.len());
    assert_eq!(&items[..3], ["Page 001", "Page 002", "Page 003"]);
    assert!(items.contains(&"Page 150".to_string()));
    assert!(items.contains(&"Page 140".to_string()) && items.contains(&"Page 160".to_string()));
    assert_eq!(
        &items[items.len() - 3..],
        ["Page 298", "Page 299", "Page 300"]
    );
    assert_eq!(page.texts(".sidebar [aria-current=page]"), ["Page 150"]);
    // Another page of the section gets its own window, and its own current link.
    let near_end = site.html("big/p290/index.html");
    assert_eq!(near_end.texts(".sidebar [aria-current=page]"), ["Page 290"]);
    assert!(
        !near_end
            .texts(".sidebar li li > a")
            .contains(&"Page 150".to_string())
    );
    // The left-out pages are summarised by links to the section.
    assert_eq!(page.texts(".sidebar .nav-more a"), ["136 more", "137 more"]);
    assert_eq!(
        page.attrs(".sidebar .nav-more a", "href"),
        ["/big/", "/big/"]
    );
}

#[test]
fn a_sections_pages_share_one_sidebar_apart_from_the_current_link() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    // The sidebar as written, between its opening tag and the end of its nav.
    let sidebar = |rel: &str| {
        let html = site.output(rel);
        let start = html.find("<nav class=\"sidebar\"").expect("a sidebar");
        let end = start + html[start..].find("</nav>").expect("its end");
        html[start..end].to_string()
    };
    let unmarked = |rel: &str| sidebar(rel).replace(" aria-current=\"page\"", "");
    let pages = [
        "ops/ops01/index.html",
        "ops/ops01/ops01-bp01/index.html",
        "ops/ops01/ops01-bp02/index.html",
    ];
    for rel in pages {
        assert_eq!(sidebar(rel).matches("aria-current").count(), 1, "{rel}");
        assert_eq!(unmarked(rel), unmarked(pages[0]), "{rel}");
    }
    // The section's own link is current on the section page only, not on its pages.
    let current = |rel: &str| site.html(rel).attrs(".sidebar [aria-current=page]", "href");
    assert_eq!(current(pages[0]), ["/ops/ops01/"]);
    assert_eq!(current(pages[2]), ["/ops/ops01/ops01-bp02/"]);
}

#[test]
fn a_theme_without_the_sidebar_partial_gets_the_tree_in_every_page() {
    let site = TestSite::fixture("basic");
    site.write(
        "book.toml",
        format!("{}\n[build]\ntheme = \"plain\"\n", site.read("book.toml")),
    );
    site.write(
        "themes/plain/templates/page.html",
        "{% for item in sidebar %}{% if item.expanded %}{% for child in item.children %}\
         {% if child.expanded %}{% for leaf in child.children %}\
         [{{ leaf.title }}{% if leaf.current %}*{% endif %}]{% endfor %}{% endif %}\
         {% endfor %}{% endif %}{% endfor %}",
    );
    for name in ["base", "section", "index", "404", "taxonomy", "term"] {
        site.write(
            &format!("themes/plain/templates/{name}.html"),
            "{{ page.title }}",
        );
    }
    site.build_ok();
    assert_eq!(
        site.output("ops/ops01/ops01-bp02/index.html"),
        "[OPS01-BP01 Know your customers][OPS01-BP02 Weigh internal needs*][OPS01-BP10 Review the plan]"
    );
}
