//! The default theme as readers get it: complete pages that need no JavaScript (one small
//! script of the site's own only improves them) and fetch nothing from other hosts.

use crate::support::{TestSite, list_files};

#[test]
fn pages_need_no_script_and_fetch_nothing_from_elsewhere() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let public = site.path("public");
    for file in list_files(&public) {
        if !(file.ends_with(".html") || file.ends_with(".css")) {
            continue;
        }
        let text = std::fs::read_to_string(public.join(&file)).unwrap();
        // Scripts only enhance (the copy button): from this site, deferred, never inline.
        let scripts = text.matches("<script").count();
        let own = text.matches("<script src=\"/").count();
        assert_eq!(scripts, own, "{file} has an inline or external script");
        for external in ["src=\"http", "src=\"//", "url(http", "url(//", "@import"] {
            assert!(
                !text.contains(external),
                "{file} loads an external resource ({external})"
            );
        }
        if file.ends_with(".html") && !text.contains("http-equiv=\"refresh\"") {
            let page = site.html(&file);
            for href in page.attrs("link[rel=stylesheet]", "href") {
                assert!(
                    href.starts_with('/'),
                    "{file}: stylesheet {href} is not on this site"
                );
            }
        }
    }
}

#[test]
fn every_page_has_the_reading_chrome() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.html("ops/ops01/ops01-bp02/index.html");
    assert_eq!(page.attrs("html", "lang"), ["en"]);
    assert_eq!(page.count("meta[name=viewport]"), 1);
    assert_eq!(page.count("a.skip-link[href='#main']"), 1);
    assert_eq!(page.count("nav.sidebar"), 1);
    assert_eq!(page.count("nav.breadcrumbs"), 1);
    assert_eq!(page.count("nav.pager a[rel=prev]"), 1);
    assert_eq!(page.count("nav.pager a[rel=next]"), 1);
    assert_eq!(page.count("main#main h1"), 1);
    assert_eq!(page.count("aside.toc"), 1);
    assert_eq!(page.texts(".terms .term"), ["Planning"]);
    let not_found = site.html("404.html");
    assert_eq!(not_found.text("main h1"), "Page not found");
    // It offers the top level of the site, and its navigation marks no page as current.
    // The top level of basic: about.md, and the sections guides/ and ops/.
    let top = ["About this guide", "Guides", "Operations"];
    let mut cards = not_found.texts("main .cards > li .card-title");
    cards.sort();
    assert_eq!(cards, top, "the 404 page lists the top level");
    assert_eq!(not_found.count(".sidebar > ul > li"), top.len());
    assert_eq!(not_found.count(".sidebar [aria-current]"), 0);
}

#[test]
fn the_stylesheet_follows_the_colour_scheme_and_narrow_screens() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let css = site.output("praxis.css");
    assert!(css.contains("prefers-color-scheme: dark"));
    assert!(css.contains("max-width"));
    assert!(css.contains("prefers-reduced-motion"));
    assert!(css.contains("system-ui"), "system fonts");
}

#[test]
fn an_id_is_shown_as_a_badge_only_when_the_title_does_not_already_start_with_it() {
    let site = TestSite::fixture("links");
    site.build_ok();
    // "Customer Focus" has the id p1xyzFocus; "OPS01-BP01 Evaluate external needs" starts
    // with its own id, so a badge there would repeat it.
    let bp01 = site.html("ops/ops01-bp01/index.html");
    assert_eq!(bp01.count(".doc-header .badge"), 0);
    assert_eq!(bp01.texts(".link-group-out .badge"), ["p1xyzFocus"]);
    assert_eq!(
        bp01.texts(".link-group-out li a"),
        [
            "OPS01-BP02 Evaluate internal needs",
            "p1xyzFocus Customer Focus"
        ]
    );
    let focus = site.html("principles/focus/index.html");
    assert_eq!(focus.texts(".doc-header .badge"), ["p1xyzFocus"]);
    let principles = site.html("principles/index.html");
    assert_eq!(principles.texts(".card .badge"), ["p1xyzFocus"]);
    let ops = site.html("ops/index.html");
    assert_eq!(ops.count(".card .badge"), 0);
}

#[test]
fn the_toc_partials_work_in_a_site_page_template() {
    // The partials print `page.toc_html` themselves: a site's own page.html that includes them
    // gets the table of contents in both places, as the theme's does.
    let body = "---\ntitle: Note\n---\n## First\n\n### Inner\n\n## Second\n";
    let own_page = "{% extends \"base.html\" %}\n{% block content %}\n\
                    {%- include \"partials/toc.html\" %}\n{{ page.content }}\n{% endblock content %}\n\
                    {% block aside %}{% include \"partials/toc-aside.html\" %}{% endblock aside %}\n";
    let default = TestSite::with_files(&[("book.toml", "[book]\n"), ("content/note.md", body)]);
    let custom = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/note.md", body),
        ("templates/page.html", own_page),
    ]);
    for site in [&default, &custom] {
        site.build_ok();
        let page = site.html("note/index.html");
        for toc in ["details.toc-inline", "aside.toc"] {
            assert_eq!(
                page.attrs(&format!("{toc} > ol > li > a"), "href"),
                ["#first", "#second"],
                "{toc}"
            );
            assert_eq!(
                page.attrs(&format!("{toc} > ol > li > ol > li > a"), "href"),
                ["#inner"],
                "{toc}"
            );
        }
    }
}

#[test]
fn toc_html_is_what_the_toc_tree_component_renders() {
    // The default theme prints `page.toc_html`; a theme walking `page.toc` with the
    // `toc_tree` component gets the same list, escaping included.
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        (
            "content/note.md",
            "---\ntitle: Note\n---\n## Fish & \\<chips\\> \\\"raw\\\"\n\n#### Deep\n\n### Inner\n\n## Last\n",
        ),
        (
            "templates/page.html",
            "<div id=\"rust\">{{ page.toc_html }}</div>\
             <div id=\"tera\">{{ <toc_tree items={page.toc} /> }}</div>",
        ),
    ]);
    site.build_ok();
    let html = site.output("note/index.html");
    let between = |start: &str| {
        let from = html.find(start).expect("marker present") + start.len();
        html[from..from + html[from..].find("</div>").expect("closed")].to_string()
    };
    let rust = between("<div id=\"rust\">");
    assert!(
        rust.contains("Fish &amp; &lt;chips&gt; &quot;raw&quot;"),
        "{rust}"
    );
    assert!(rust.contains("<ol>\n<li><a href=\"#deep\">"), "{rust}");
    assert_eq!(rust, between("<div id=\"tera\">"));
}
