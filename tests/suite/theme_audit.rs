//! The default theme after a reader's audit: headings in order on every kind of page,
//! labelled task boxes, no empty table headers, self-links a keyboard reaches, badges from
//! `[[theme.badges]]`, header links to the taxonomy indexes, sidebar sections folded in place
//! with a page's size bounded however large the site grows — and, in headless Chromium, a
//! text column that stands still between pages with and without a table of contents, and
//! the current page's link scrolled into view in a long sidebar, long breadcrumbs wrapping
//! inside a phone's width, and diagrams on a light backdrop in the dark scheme.

use std::time::Duration;

use crate::support::serve::Serve;
use crate::support::webdriver::Browser;
use crate::support::{TestSite, headlines, list_files};

const BOOK: &str = "[book]\ntitle = \"Audit\"\n\n\
                    [[taxonomies]]\nname = \"tags\"\n\n\
                    [[taxonomies]]\nname = \"categories\"\n\n\
                    [[relations]]\nname = \"related\"\ntitle = \"Related\"\ninverse = \"Referenced by\"\n\n\
                    [[theme.badges]]\nkey = \"risk_level\"\nlabel = \"Risk\"\n\
                    classes = { High = \"danger\", Low = \"ok\" }\n";

/// A practice page with every block the audit looks at.
const PRACTICE: &str = "---\ntitle: First practice\nid: PR-01\nrisk_level: High\n\
                        tags: [alpha]\ncategories: [guides]\nrelated: [PR-02]\n---\n\
                        Opening words of the first practice.\n\n## Steps\n\n\
                        - [x] Write the page\n- [ ] Review *it*\n\n\
                        ### Table\n\n| | Before | After |\n|---|:-:|--:|\n| Size | 1 | 2 |\n\n\
                        #### Deep\n\nText.\n\n## Last\n\nDone.\n";

/// Home, a section with a subsection, pages with and without a table of contents, terms.
fn audit_site(extra: &[(&str, &str)]) -> TestSite {
    let mut files = vec![
        ("book.toml", BOOK),
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\n---\nThe guide.\n\n## About\n\nText.\n",
        ),
        ("content/guide/first.md", PRACTICE),
        (
            "content/guide/second.md",
            "---\ntitle: Second practice\nid: PR-02\nrisk_level: Medium\ntags: [alpha]\n---\nShort.\n",
        ),
        (
            "content/guide/plain.md",
            "---\ntitle: Plain\n---\nNo front-matter badge here.\n",
        ),
        (
            "content/guide/deeper/_index.md",
            "---\ntitle: Deeper\n---\nBelow.\n",
        ),
        (
            "content/guide/deeper/inner.md",
            "---\ntitle: Inner\n---\nIn.\n",
        ),
        (
            "content/reference/_index.md",
            "---\ntitle: Reference\n---\nRef.\n",
        ),
        (
            "content/reference/words.md",
            "---\ntitle: Words\n---\nA page without headings.\n",
        ),
    ];
    files.extend_from_slice(extra);
    TestSite::with_files(&files)
}

/// The levels of the page's headings, in document order.
fn heading_levels(html: &str) -> Vec<u8> {
    let doc = scraper::Html::parse_document(html);
    let any = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
    doc.select(&any)
        .map(|h| h.value().name()[1..].parse().unwrap())
        .collect()
}

#[test]
fn no_heading_level_is_skipped_on_any_kind_of_page() {
    let site = audit_site(&[]);
    site.build_ok();
    let public = site.path("public");
    let pages: Vec<String> = list_files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    // Home, sections, pages, taxonomy indexes, term pages, 404.
    for must in [
        "index.html",
        "guide/index.html",
        "guide/first/index.html",
        "tags/index.html",
        "tags/alpha/index.html",
        "404.html",
    ] {
        assert!(pages.iter().any(|p| p == must), "{must} is built");
    }
    let problems: Vec<String> = pages
        .iter()
        .filter_map(|file| heading_order_problem(file, &site.output(file)))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // The relation panel's groups are headings under the page's h1.
    let first = site.html("guide/first/index.html");
    assert_eq!(first.texts(".connections .link-group-title"), ["Related"]);
    assert_eq!(first.count(".connections h2"), 1);
}

/// Whether a built page skips a heading level (or has other than one `h1` first), as a
/// message naming it.
fn heading_order_problem(file: &str, html: &str) -> Option<String> {
    let levels = heading_levels(html);
    let ordered = levels.first() == Some(&1)
        && levels.iter().filter(|&&l| l == 1).count() == 1
        && levels.windows(2).all(|pair| pair[1] <= pair[0] + 1);
    (!ordered).then(|| format!("{file}: heading levels {levels:?}"))
}

#[test]
fn the_handbook_keeps_its_heading_order_and_shows_its_risk_badges() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = praxis::Site::load(root, &praxis::BuildOptions::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let out = tempfile::tempdir().unwrap();
    site.build_into(&out.path().join("public"), &praxis::NoProgress)
        .unwrap();
    let public = out.path().join("public");
    let mut problems = Vec::new();
    for file in list_files(&public).iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(file)).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        problems.extend(heading_order_problem(file, &html));
    }
    assert!(problems.is_empty(), "{problems:#?}");
    let practice =
        std::fs::read_to_string(public.join("authoring/auth01/auth01-bp01/index.html")).unwrap();
    assert!(
        practice.contains("<span class=\"badge badge-key badge-danger\"><span class=\"badge-label\">Risk</span> High</span>"),
        "AUTH01-BP01 shows its high risk"
    );
}

#[test]
fn task_list_checkboxes_are_named_by_their_item_text() {
    let site = audit_site(&[]);
    site.build_ok();
    let page = site.html("guide/first/index.html");
    assert_eq!(page.count(".prose input[type=checkbox]"), 2);
    assert_eq!(page.count(".prose label.task > input[type=checkbox]"), 2);
    assert_eq!(
        page.texts(".prose label.task"),
        ["Write the page", "Review it"]
    );
    assert_eq!(page.count(".prose label.task > input[checked]"), 1);
}

#[test]
fn empty_table_header_cells_are_data_cells_and_no_header_is_empty() {
    let site = audit_site(&[]);
    site.build_ok();
    let page = site.html("guide/first/index.html");
    assert_eq!(page.texts(".prose thead th"), ["Before", "After"]);
    assert_eq!(page.count(".prose thead td"), 1);
    for file in list_files(&site.path("public")) {
        if file.ends_with(".html") {
            let html = site.html(&file);
            assert!(
                html.texts("th").iter().all(|t| !t.trim().is_empty()),
                "{file} has an empty <th>"
            );
        }
    }
}

#[test]
fn heading_self_links_are_named_focusable_links() {
    let site = audit_site(&[]);
    site.build_ok();
    let page = site.html("guide/first/index.html");
    assert_eq!(
        page.attrs(".prose h2 > a.anchor", "href"),
        ["#steps", "#last"]
    );
    assert_eq!(
        page.attrs(".prose a.anchor", "aria-label"),
        vec!["Link to this section"; 4]
    );
    assert_eq!(page.count(".prose a.anchor[tabindex]"), 0);
    assert_eq!(page.count(".prose a.anchor[aria-hidden]"), 0);
    // Hidden until hovered, shown when a keyboard reaches it.
    let css = site.output("praxis.css");
    assert!(
        css.contains(".anchor:focus-visible {\n  opacity: 1;"),
        "{css}"
    );
}

#[test]
fn configured_badges_show_on_the_page_header_and_its_cards_with_their_classes() {
    let site = audit_site(&[]);
    site.build_ok();
    let first = site.html("guide/first/index.html");
    assert_eq!(
        first.texts(".doc-header .badge-key.badge-danger"),
        ["Risk High"]
    );
    assert_eq!(first.texts(".doc-header .badge-key .badge-label"), ["Risk"]);
    // A value book.toml gives no class gets the plain badge.
    let second = site.html("guide/second/index.html");
    assert_eq!(second.texts(".doc-header .badge-key"), ["Risk Medium"]);
    assert_eq!(
        second.attrs(".doc-header .badge-key", "class"),
        ["badge badge-key"]
    );
    assert_eq!(
        site.html("guide/plain/index.html")
            .count(".doc-header .badge-key"),
        0
    );
    // Cards: in the section's listing and on term pages (rendered once, shared).
    let guide = site.html("guide/index.html");
    assert_eq!(
        guide.texts(".card .card-meta .badge-key"),
        ["Risk High", "Risk Medium"]
    );
    let term = site.html("tags/alpha/index.html");
    assert_eq!(term.texts(".card .badge-danger"), ["Risk High"]);
}

#[test]
fn a_site_without_badges_keeps_its_cards_as_they_were() {
    let book = BOOK.split("[[theme.badges]]").next().unwrap();
    let site = audit_site(&[("book.toml", book)]);
    site.build_ok();
    assert_eq!(site.html("guide/index.html").count(".badge-key"), 0);
    assert_eq!(site.html("guide/index.html").count(".card-meta"), 0);
}

#[test]
fn bad_theme_settings_name_their_line_and_how_to_fix_them() {
    let book = "[book]\ntitle = \"Audit\"\n\n[[taxonomies]]\nname = \"tags\"\n\n\
                [theme]\nheader-taxonomies = [\"tag\"]\n\n\
                [[theme.badges]]\nkey = \"weight\"\n\n\
                [[theme.badges]]\nkey = \"risk\"\nclasses = { High = \"very bad\" }\n";
    let site = TestSite::with_files(&[("book.toml", book), ("content/a.md", "A.\n")]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "book.toml:11:7: error: badge key `weight` is not a front-matter key of your own",
            "book.toml:15:20: error: badge class `very bad` (for `High`) is not a class name",
            "book.toml:8:22: error: `header-taxonomies` names `tag`, which is no taxonomy",
        ]
    );
    assert_eq!(
        err.diagnostics()[2].help.as_deref(),
        Some("did you mean `tags`?")
    );
    let typo = TestSite::with_files(&[
        ("book.toml", "[theme]\nbadge = []\n"),
        ("content/a.md", "A.\n"),
    ]);
    let err = typo.build_err();
    assert_eq!(
        err.diagnostics()[0].help.as_deref(),
        Some("did you mean `badges`?")
    );
}

#[test]
fn the_header_links_to_the_taxonomy_indexes_and_marks_the_one_being_read() {
    let site = audit_site(&[]);
    site.build_ok();
    let home = site.html("index.html");
    assert_eq!(
        home.attrs(".site-header .menu-taxonomy a", "href"),
        ["/tags/", "/categories/"]
    );
    assert_eq!(
        home.texts(".site-header .menu-taxonomy a"),
        ["Tags", "Categories"]
    );
    assert_eq!(
        home.count(".site-header [aria-current]"),
        1,
        "the site title"
    );
    let tags = site.html("tags/index.html");
    assert_eq!(
        tags.attrs(".menu-taxonomy a[aria-current=page]", "href"),
        ["/tags/"]
    );
    let alpha = site.html("tags/alpha/index.html");
    assert_eq!(
        alpha.attrs(".menu-taxonomy a[aria-current=true]", "href"),
        ["/tags/"]
    );
    // `header-taxonomies` chooses; an empty list links none, and leaves no empty menu.
    let chosen = BOOK.replace(
        "[[theme.badges]]",
        "[theme]\nheader-taxonomies = [\"categories\"]\n\n[[theme.badges]]",
    );
    let site = audit_site(&[("book.toml", &chosen)]);
    site.build_ok();
    assert_eq!(
        site.html("index.html").attrs(".menu-taxonomy a", "href"),
        ["/categories/"]
    );
    let none = BOOK.replace(
        "[[theme.badges]]",
        "[theme]\nheader-taxonomies = []\n\n[[theme.badges]]",
    );
    let site = audit_site(&[("book.toml", &none)]);
    site.build_ok();
    assert_eq!(site.html("index.html").count(".site-menu"), 0);
}

#[test]
fn sections_the_sidebar_does_not_open_fold_their_subsections_in_place() {
    let site = audit_site(&[]);
    site.build_ok();
    let words = site.html("reference/words/index.html");
    // Guide is not on the way to this page: its subsection folds under a toggle of its own,
    // its pages do not come along.
    let fold = ".sidebar li.has-fold > details.nav-fold";
    assert_eq!(words.count(fold), 1);
    assert_eq!(
        words.attrs(&format!("{fold} > summary"), "aria-label"),
        ["Guide: subsections"]
    );
    assert_eq!(
        words.attrs(&format!("{fold} > ul > li > a"), "href"),
        ["/guide/deeper/"]
    );
    assert_eq!(words.count(".sidebar a[href='/guide/first/']"), 0);
    // On the way to the page, a section is open as before, with no fold.
    let first = site.html("guide/first/index.html");
    assert_eq!(first.count(".sidebar li.is-open > details"), 0);
    assert_eq!(
        first.attrs(".sidebar a[aria-current=page]", "href"),
        ["/guide/first/"]
    );
    // Deeper, inside the open Guide, holds pages only: a plain link, nothing to fold.
    assert_eq!(first.count(".sidebar li.has-fold"), 0);
    assert_eq!(first.count(".sidebar a[href='/guide/deeper/']"), 1);
}

/// A site of generated files.
fn owned_site(files: &[(String, String)]) -> TestSite {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    TestSite::with_files(&borrowed)
}

/// A site of `sections` top-level sections, each with three subsections and three pages.
fn wide_site(sections: usize) -> TestSite {
    let mut files = vec![
        (
            "book.toml".to_string(),
            "[book]\ntitle = \"Wide\"\n".to_string(),
        ),
        ("content/_index.md".to_string(), "Home.\n".to_string()),
    ];
    for s in 0..sections {
        files.push((
            format!("content/s{s:03}/_index.md"),
            format!("---\ntitle: Section {s}\n---\nSection.\n"),
        ));
        for k in 0..3 {
            files.push((
                format!("content/s{s:03}/p{k}.md"),
                format!("---\ntitle: Page {s}.{k}\n---\nPage.\n"),
            ));
            files.push((
                format!("content/s{s:03}/sub{k}/_index.md"),
                format!("---\ntitle: Subsection {s}.{k}\n---\nSub.\n"),
            ));
        }
    }
    owned_site(&files)
}

#[test]
fn a_pages_html_does_not_grow_with_the_number_of_sections() {
    let sizes: Vec<usize> = [60, 240]
        .into_iter()
        .map(|n| {
            let site = wide_site(n);
            site.build_ok();
            site.output("s001/p1/index.html").len()
        })
        .collect();
    // Four times the sections, the same page: the sidebar lists a window of them.
    let (small, large) = (sizes[0], sizes[1]);
    assert!(
        large <= small + 64,
        "{small} bytes with 60 sections, {large} with 240"
    );
}

/// A site whose sidebar is far taller than the window: thirty sections, the last with
/// thirty pages, and pages with and without a table of contents.
fn long_sidebar_site() -> TestSite {
    let mut files = vec![
        (
            "book.toml".to_string(),
            "[book]\ntitle = \"Long\"\nbase-url = \"/\"\n".to_string(),
        ),
        ("content/_index.md".to_string(), "Home.\n".to_string()),
    ];
    for s in 0..30 {
        files.push((
            format!("content/s{s:02}/_index.md"),
            format!("---\ntitle: Section {s}\nweight: {s}\n---\nSection.\n"),
        ));
    }
    for p in 0..30 {
        files.push((
            format!("content/s29/p{p:02}.md"),
            format!("---\ntitle: Page {p}\nweight: {p}\n---\nPage {p}.\n"),
        ));
    }
    files.push((
        "content/s00/toc.md".to_string(),
        "---\ntitle: With contents\n---\nIntro.\n\n## One\n\nText.\n\n## Two\n\nText.\n"
            .to_string(),
    ));
    files.push((
        "content/s00/long/_index.md".to_string(),
        "---\ntitle: A section whose title goes on for far longer than any phone is wide\n---\nLong.\n"
            .to_string(),
    ));
    files.push((
        "content/s00/long/deeper/_index.md".to_string(),
        "---\ntitle: Another section, its title just as long as the one above it\n---\nDeeper.\n"
            .to_string(),
    ));
    files.push((
        "content/s00/long/deeper/leaf.md".to_string(),
        "---\ntitle: Leaf\n---\nText.\n".to_string(),
    ));
    files.push((
        "content/s00/bare/index.md".to_string(),
        "---\ntitle: Without contents\n---\nText only.\n\n![A diagram](diagram.svg)\n\n![A photo](photo.jpg)\n"
            .to_string(),
    ));
    files.push((
        "content/s00/bare/diagram.svg".to_string(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>".to_string(),
    ));
    files.push(("content/s00/bare/photo.jpg".to_string(), String::new()));
    owned_site(&files)
}

/// The text column's left edge and width, and whether the table of contents shows.
const COLUMN: &str = "const r = document.querySelector('main .doc').getBoundingClientRect();
     const toc = document.querySelector('aside.toc');
     return [Math.round(r.left), Math.round(r.width),
             toc !== null && getComputedStyle(toc).display !== 'none'];";

#[test]
fn in_a_browser_the_text_column_stands_still_and_the_current_link_is_in_view() {
    let site = long_sidebar_site();
    let serve = Serve::start(&site);
    let Some(browser) = Browser::start(
        "theme_audit::in_a_browser_the_text_column_stands_still_and_the_current_link_is_in_view",
    ) else {
        return;
    };
    for width in [390, 1024, 1280, 1600, 1920] {
        browser.resize(width, 800);
        browser.goto(&serve.url("/s00/toc/"));
        let with = browser.eval(COLUMN);
        browser.goto(&serve.url("/s00/bare/"));
        let without = browser.eval(COLUMN);
        assert_eq!(
            with[0], without[0],
            "left edge at {width} px: {with} {without}"
        );
        assert_eq!(with[1], without[1], "width at {width} px: {with} {without}");
        assert_eq!(without[2], false, "no contents on the bare page");
        if width >= 1280 {
            assert_eq!(with[2], true, "contents beside the text at {width} px");
        }
    }
    // Long crumbs at phone width: inside the screen, each separator after its crumb.
    browser.resize(390, 800);
    browser.goto(&serve.url("/s00/long/deeper/leaf/"));
    let crumbs = browser.eval(
        "const ol = document.querySelector('.breadcrumbs ol').getBoundingClientRect();
         const items = [...document.querySelectorAll('.breadcrumbs li')]
             .filter(li => li.getClientRects().length > 0);
         const inside = items.every(li => {
             const r = li.getBoundingClientRect();
             return r.left >= ol.left - 0.5 && r.right <= ol.right + 0.5;
         });
         const before = items.map(li => getComputedStyle(li, '::before').content);
         const lines = new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size;
         return [document.documentElement.scrollWidth <= window.innerWidth, inside,
                 before.every(c => c === 'none'), items.length, lines];",
    );
    assert_eq!(
        crumbs[0], true,
        "the page does not scroll sideways: {crumbs}"
    );
    assert_eq!(crumbs[1], true, "every crumb is inside the trail: {crumbs}");
    assert_eq!(crumbs[2], true, "no separator opens a crumb: {crumbs}");
    assert!(crumbs[4].as_u64() > Some(1), "the trail wraps: {crumbs}");
    // Transparent diagrams keep a light backdrop in the dark scheme; photos do not need one.
    let backdrops = "return [...document.querySelectorAll('.prose img')]
         .map(i => getComputedStyle(i).backgroundColor);";
    browser.goto(&serve.url("/s00/bare/"));
    let light = browser.eval(backdrops);
    browser.color_scheme("dark");
    browser.goto(&serve.url("/s00/bare/"));
    let dark = browser.eval(backdrops);
    browser.color_scheme("light");
    assert_eq!(
        light,
        serde_json::json!(["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"])
    );
    assert_eq!(
        dark,
        serde_json::json!(["rgb(245, 246, 248)", "rgba(0, 0, 0, 0)"])
    );
    browser.resize(1280, 800);
    browser.goto(&serve.url("/s29/p29/"));
    let seen = browser.wait_until(
        "the current link in the sidebar's view",
        Duration::from_secs(10),
        "const nav = document.getElementById('site-nav');
         const link = nav.querySelector('a[aria-current=\"page\"]');
         const box = nav.getBoundingClientRect(), at = link.getBoundingClientRect();
         return nav.scrollHeight > nav.clientHeight && nav.scrollTop > 0
             && at.top >= box.top && at.bottom <= box.bottom
             && window.scrollY === 0 ? [nav.scrollTop, link.textContent] : null;",
    );
    assert_eq!(seen[1], "Page 29");
    // A link already in view leaves the sidebar where it was.
    browser.goto(&serve.url("/s00/"));
    assert_eq!(
        browser.eval("return document.getElementById('site-nav').scrollTop;"),
        0
    );
    let errors = browser.console_errors();
    assert!(
        errors.iter().all(|e| e.contains("favicon.ico")),
        "console errors: {errors:?}"
    );
}
