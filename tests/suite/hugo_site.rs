//! Hugo front matter and site files that shape the whole site: `linkTitle` (the label of a
//! page in navigation and listings), `menu`/`menus` with book.toml's `[[menus.<name>]]`
//! (`menus.main` for templates, the default theme's header menu), and `data/` files
//! (`data.<file>.<key>` in templates), including how `praxis serve` keeps them current.

use std::collections::BTreeSet;

use praxis::BuildOptions;
use praxis::incremental::{Live, Scope};

use crate::support::{TestSite, headlines};

// ------------------------------------------------------------------ linkTitle

#[test]
fn link_title_labels_the_sidebar_breadcrumbs_pager_and_listings_but_not_the_heading() {
    let site = TestSite::fixture("link-title");
    site.build_ok();
    let next = site.html("guide/next/index.html");
    // The page's own heading and <title> keep the title.
    assert_eq!(next.text("main h1"), "Next steps");
    assert_eq!(next.text("title"), "Next steps · Short Labels");
    // Navigation shows the labels (`linkTitle`, and `linktitle` in any case).
    assert_eq!(
        next.texts(".sidebar a"),
        ["Guide", "Start", "Next steps", "Options"]
    );
    assert_eq!(next.texts(".breadcrumbs a"), ["Short Labels", "Guide"]);
    assert_eq!(next.text(".pager-prev .pager-title"), "Start");
    assert_eq!(next.text(".pager-next .pager-title"), "Options");
    // A page with a label shows it as its own last breadcrumb; its heading is the title.
    let start = site.html("guide/start/index.html");
    assert_eq!(
        start.text("main h1"),
        "Getting started with the tool in ten minutes"
    );
    assert_eq!(start.text(".breadcrumbs [aria-current]"), "Start");
    // Listings: the section's cards and the home page's, and a term page's.
    let section = site.html("guide/index.html");
    assert_eq!(section.text("main h1"), "The Complete Guide to Everything");
    assert_eq!(
        section.texts(".cards .card-title"),
        ["Start", "Next steps", "Options"]
    );
    let home = site.html("index.html");
    assert_eq!(home.texts(".cards .card-title"), ["Guide"]);
    let term = site.html("tags/basics/index.html");
    assert_eq!(term.texts(".card-title"), ["Start", "Next steps"]);
    // …and the section a card names is its label too.
    assert_eq!(term.texts(".card-meta"), ["Guide", "Guide"]);
}

#[test]
fn link_title_orders_siblings_without_weights_as_hugo_does() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Order\"\n"),
        (
            "content/a.md",
            "---\ntitle: Alpha\nlinkTitle: Zulu\n---\nA.\n",
        ),
        ("content/b.md", "---\ntitle: Bravo\n---\nB.\n"),
    ]);
    site.build_ok();
    assert_eq!(
        site.html("index.html").texts(".sidebar a"),
        ["Bravo", "Zulu"]
    );
}

#[test]
fn templates_see_link_title_on_every_page_and_on_cards_that_set_one() {
    let site = TestSite::fixture("link-title");
    site.write(
        "templates/page.html",
        "{{ page.title }}|{{ page.link_title }}|{% for c in breadcrumbs %}{{ c.link_title or c.title }},{% endfor %}",
    );
    site.write("templates/term.html", "{{ page.link_title }}");
    site.write("templates/taxonomy.html", "{{ page.link_title }}");
    site.build_ok();
    assert_eq!(
        site.output("guide/next/index.html"),
        "Next steps|Next steps|Short Labels,Guide,"
    );
    assert_eq!(site.output("tags/basics/index.html"), "basics");
    assert_eq!(site.output("tags/index.html"), "Tags");
    assert_eq!(
        site.output("guide/start/index.html"),
        "Getting started with the tool in ten minutes|Start|Short Labels,Guide,"
    );
}

#[test]
fn a_link_title_edit_in_serve_relabels_every_page_that_shows_it() {
    let site = TestSite::fixture("link-title");
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    site.write(
        "content/guide/start.md",
        "---\ntitle: Getting started with the tool in ten minutes\nlinkTitle: Begin\nweight: 1\ntags: [basics]\n---\nFirst steps.\n",
    );
    let update = live
        .update(
            &BTreeSet::from([site.path("content/guide/start.md")]),
            false,
        )
        .unwrap();
    // Its siblings (sidebar, pager), its section (cards) and its term page show the label.
    for page in [
        "guide/next/index.html",
        "guide/last/index.html",
        "guide/index.html",
        "tags/basics/index.html",
    ] {
        assert!(
            update.changed.contains(&page.to_string()),
            "{page}: {:?}",
            update.changed
        );
    }
    let files = live.files();
    let next = praxis::output::unpack(&files["guide/next/index.html"]).unwrap();
    let next = String::from_utf8_lossy(&next);
    assert!(
        next.contains(">Begin</a>") && !next.contains(">Start</a>"),
        "{next}"
    );
}

#[test]
fn link_title_and_its_lowercase_spelling_together_are_an_error_at_the_second() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Twice\"\n"),
        (
            "content/a.md",
            "---\ntitle: A\nlinkTitle: One\nlinktitle: Two\n---\nA.\n",
        ),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/a.md:4:12: error: `linktitle` repeats `linkTitle` (keys are matched ignoring case)"
        ]
    );
}

// ------------------------------------------------------------------ menus

/// The main menu of the header of an output page: (label, aria-current).
fn header_menu(site: &TestSite, page: &str) -> Vec<(String, String)> {
    let html = site.html(page);
    let labels = html.texts(".site-menu li");
    let sel = scraper::Selector::parse(".site-menu li > *").unwrap();
    let current = html
        .0
        .select(&sel)
        .map(|e| e.value().attr("aria-current").unwrap_or("").to_string());
    labels.into_iter().zip(current).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_header_shows_the_main_menu_in_hugos_order_marking_the_current_page_and_its_section() {
    let site = TestSite::fixture("menus");
    let report = site.build_ok();
    // In a section the page is in: `Docs` holds the current page.
    assert_eq!(
        header_menu(&site, "docs/install/linux/index.html"),
        pairs(&[
            ("Home", ""),
            ("Guide", ""),
            ("Docs", "true"),
            ("About", ""),
            ("GitHub", ""),
            ("guides", ""),
        ])
    );
    // The page's own entry (from `menus: [main, footer]`, named by its linkTitle).
    let guide = header_menu(&site, "docs/guide/index.html");
    assert_eq!(guide[1], ("Guide".into(), "page".into()));
    assert_eq!(guide[2], ("Docs".into(), "true".into()));
    // A book.toml entry is current on the page at its URL.
    let about = header_menu(&site, "about/index.html");
    assert_eq!(about[3], ("About".into(), "page".into()));
    assert!(about.iter().filter(|(_, c)| !c.is_empty()).count() == 1);
    // The home page's own entry; nothing holds the home page.
    let home = header_menu(&site, "index.html");
    assert_eq!(home[0], ("Home".into(), "page".into()));
    assert!(home[1..].iter().all(|(_, c)| c.is_empty()), "{home:?}");
    // The menu is a labelled navigation landmark with its links.
    let page = site.html("docs/guide/index.html");
    assert_eq!(
        page.count("header nav.site-menu[aria-label=\"Main\"] ul > li"),
        6
    );
    assert_eq!(
        page.attrs(".site-menu a", "href"),
        [
            "/",
            "/docs/guide/",
            "/docs/",
            "/about/",
            "https://github.com/example/site"
        ]
    );
    assert_eq!(page.attrs(".site-menu a[title]", "title"), ["The source"]);
    // A parent that names no entry is a warning where it is written, and (as in Hugo) an
    // entry without a link is made for it.
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/docs/faq.md:5:13: warning: menu `main` has no entry `guides` to be this entry's parent"
        ]
    );
    assert_eq!(page.texts(".site-menu span"), ["guides"]);
}

#[test]
fn the_header_menu_html_reads_as_reviewed() {
    let site = TestSite::fixture("menus");
    site.build_ok();
    let html = site.html("docs/guide/index.html");
    insta::assert_snapshot!(html.inner_html("header.site-header"));
}

#[test]
fn a_site_without_a_main_menu_has_no_menu_in_its_header() {
    // The header still links to the site's taxonomy indexes (see theme_audit.rs).
    const MENU_ENTRIES: &str = ".site-menu li:not(.menu-taxonomy)";
    let site = TestSite::fixture("link-title");
    site.build_ok();
    assert_eq!(site.html("guide/next/index.html").count(MENU_ENTRIES), 0);
    // A menu other than `main` is for templates only.
    site.write(
        "content/guide/next.md",
        "---\ntitle: Next steps\nweight: 2\nmenu: footer\n---\nThen this.\n",
    );
    site.build_ok();
    assert_eq!(site.html("guide/next/index.html").count(MENU_ENTRIES), 0);
}

/// The menus a template sees on `page`, as `name[url](children){marks}` lines.
const MENU_DUMP: &str = r#"{% for name, entries in menus %}{{ name }}:{% for e in entries %} {{ e.name }}[{{ e.url }}|{{ e.weight }}{% if e.identifier %}|{{ e.identifier }}{% endif %}]{% if e.current %}*{% endif %}{% if e.has_current %}+{% endif %}({% for c in e.children %}{{ c.name }}[{{ c.url }}]{% if c.current %}*{% endif %}{% if c.has_current %}+{% endif %}{% for g in c.children %}/{{ g.name }}{% endfor %} {% endfor %}){% endfor %}
{% endfor %}"#;

#[test]
fn templates_get_every_menu_with_nested_children_in_all_three_front_matter_forms() {
    let site = TestSite::fixture("menus");
    site.write("templates/page.html", MENU_DUMP);
    site.build_ok();
    assert_eq!(
        site.output("docs/install/linux/index.html"),
        "footer: Guide[/docs/guide/|5]() Legal[|0|legal](Imprint[/imprint/] ) On Linux[/docs/install/linux/|0]*()\n\
         main: Home[/|1]() Guide[/docs/guide/|5]() Docs[/docs/|10|docs]+(Install[/docs/install/]+ ) \
         About[/about/|50]() GitHub[https://github.com/example/site|90]() guides[|0](Questions[/docs/faq/] )\n"
    );
}

#[test]
fn a_menu_entry_may_not_be_a_list_and_its_weight_must_be_a_number() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Bad menus\"\n"),
        (
            "content/a.md",
            "---\ntitle: A\nmenu: {main: [x]}\n---\nA.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\nmenus:\n  main:\n    weight: heavy\n---\nB.\n",
        ),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/a.md:3:7: error: the `main` entry of `menu` must be a map, found a list",
            "content/b.md:3:1: error: `menus.main.weight` must be a whole number, found text",
        ]
    );
}

#[test]
fn book_toml_menu_entries_follow_the_base_path_and_report_unknown_parents_at_their_line() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Menus\"\nbase-url = \"/docs/\"\n\n[[menus.main]]\nname = \"Blog\"\nurl = \"/blog/\"\n\n[[menus.main]]\nname = \"Mail\"\nurl = \"mailto:team@example.org\"\nparent = \"contact\"\n",
        ),
        ("content/_index.md", "---\ntitle: Menus\n---\nHome.\n"),
    ]);
    let report = site.build_ok();
    let home = site.html("index.html");
    assert_eq!(home.attrs(".site-menu a", "href"), ["/docs/blog/"]);
    assert_eq!(home.texts(".site-menu li"), ["Blog", "contact"]);
    assert_eq!(
        headlines(&site, &report.warnings),
        ["book.toml:12:1: warning: menu `main` has no entry `contact` to be this entry's parent"]
    );
}

#[test]
fn book_toml_menus_may_be_written_as_hugos_singular_menu_table_too() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Menu\"\n\n[menu]\nmain = [{name = \"Blog\", url = \"https://blog.example.org/\"}]\n",
        ),
        ("content/_index.md", "---\ntitle: Menu\n---\nHome.\n"),
    ]);
    site.build_ok();
    assert_eq!(
        site.html("index.html").attrs(".site-menu a", "href"),
        ["https://blog.example.org/"]
    );
}

#[test]
fn a_book_toml_entry_may_name_its_page_by_content_path_as_hugos_page_ref() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Refs\"\nbase-url = \"/site/\"\n\n[[menus.main]]\nname = \"Docs\"\npage-ref = \"/docs\"\n\n[[menus.main]]\nname = \"Setup\"\npageRef = \"docs/setup-guide.md\"\n\n[[menus.main]]\nname = \"Gone\"\npage-ref = \"/nowhere\"\n",
        ),
        ("content/docs/_index.md", "---\ntitle: Docs\n---\nD.\n"),
        (
            "content/docs/setup-guide.md",
            "---\ntitle: Setup\nslug: setup\n---\nS.\n",
        ),
    ]);
    let report = site.build_ok();
    assert_eq!(
        header_menu(&site, "docs/setup/index.html"),
        pairs(&[("Docs", "true"), ("Gone", ""), ("Setup", "page")])
    );
    assert_eq!(
        site.html("index.html").attrs(".site-menu a", "href"),
        ["/site/docs/", "/site/docs/setup/"]
    );
    assert_eq!(
        headlines(&site, &report.warnings),
        ["book.toml:15:1: warning: menu `main`: page `/nowhere` does not exist"]
    );
}

#[test]
fn two_entries_with_one_identifier_are_a_warning_naming_both() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Twins\"\n"),
        ("content/a.md", "---\ntitle: Same\nmenu: main\n---\nA.\n"),
        ("content/b.md", "---\ntitle: Same\nmenu: main\n---\nB.\n"),
    ]);
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [format!(
            "content/b.md:3:7: warning: menu `main` has two entries named `Same`: this one and the one in {}",
            site.path("content/a.md").display()
        )]
    );
    assert_eq!(
        site.html("index.html").texts(".site-menu li"),
        ["Same", "Same"]
    );
}

#[test]
fn a_hidden_page_in_a_menu_is_no_orphan() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Hidden\"\n"),
        ("content/a.md", "---\ntitle: A\n---\nA.\n"),
        (
            "content/legal.md",
            "---\ntitle: Legal notice\nlinkTitle: Legal\nhidden: true\nmenu: main\n---\nL.\n",
        ),
    ]);
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = site.html("index.html");
    assert_eq!(home.texts(".site-menu li"), ["Legal"]);
    assert_eq!(home.texts(".sidebar a"), ["A"]);
}

#[test]
fn a_menu_edit_in_serve_reaches_every_page_header() {
    let site = TestSite::fixture("menus");
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    let total = first.unwrap().rendered;
    site.write(
        "content/docs/guide.md",
        "---\ntitle: The Guide\nlinkTitle: Handbook\nweight: 5\nmenus: [main, footer]\n---\nRead me.\n",
    );
    let update = live
        .update(&BTreeSet::from([site.path("content/docs/guide.md")]), false)
        .unwrap();
    assert_eq!(update.rendered, total);
    for page in [
        "index.html",
        "about/index.html",
        "docs/install/linux/index.html",
    ] {
        assert!(
            update.changed.contains(&page.to_string()),
            "{page}: {:?}",
            update.changed
        );
    }
    let files = live.files();
    let about = praxis::output::unpack(&files["about/index.html"]).unwrap();
    assert!(String::from_utf8_lossy(&about).contains(">Handbook</a>"));
}

#[test]
fn a_title_edit_of_a_page_in_a_menu_renames_its_entry_on_every_page() {
    // A page with an id has its title edits patched in place; one in a menu may not be.
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Ids\"\n"),
        ("content/a/_index.md", "---\ntitle: A\n---\nA.\n"),
        (
            "content/a/p.md",
            "---\ntitle: Old name\nid: P1\nmenu: main\n---\nP.\n",
        ),
        ("content/a/q.md", "---\ntitle: Q\n---\nQ.\n"),
        ("content/b.md", "---\ntitle: B\n---\nB.\n"),
    ]);
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    site.write(
        "content/a/p.md",
        "---\ntitle: New name\nid: P1\nmenu: main\n---\nP.\n",
    );
    let update = live
        .update(&BTreeSet::from([site.path("content/a/p.md")]), false)
        .unwrap();
    assert_ne!(update.scope, Scope::Pages);
    let files = live.files();
    let b = praxis::output::unpack(&files["b/index.html"]).unwrap();
    assert!(String::from_utf8_lossy(&b).contains(">New name</a>"));
}

// ------------------------------------------------------------------ data

#[test]
fn data_files_in_yaml_toml_and_json_reach_templates_as_nested_maps() {
    let site = TestSite::fixture("data");
    site.build_ok();
    let team = site.html("team/index.html");
    assert_eq!(
        team.text(".motto"),
        "Measure twice (since 1999, released 2024-05-01)"
    );
    assert_eq!(
        team.texts(".leads li"),
        ["Ada: Engineering", "Grace: Research"]
    );
    // Maps come out sorted by key, as Hugo ranges over them.
    assert_eq!(team.texts(".links li"), ["alpha", "zeta"]);
}

#[test]
fn a_malformed_data_file_is_an_error_at_its_line_and_column() {
    let cases = [
        (
            "data/a.yaml",
            "name: Ada\nrole: [unclosed\n",
            "data/a.yaml:3:1: error: invalid YAML",
        ),
        (
            "data/b.json",
            "{\"a\": 1,\n \"b\": }\n",
            "data/b.json:2:7: error: invalid JSON: expected value",
        ),
        (
            "data/c.toml",
            "a = 1\nb = = 2\n",
            "data/c.toml:2:5: error: invalid TOML",
        ),
    ];
    for (file, text, expected) in cases {
        let site = TestSite::fixture("data");
        site.write(file, text);
        let err = site.build_err();
        let lines = headlines(&site, err.diagnostics());
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with(expected), "{file}: {lines:?}");
        // `check` says the same.
        let check = site.load().unwrap_err();
        assert_eq!(headlines(&site, check.diagnostics()), lines);
    }
}

#[test]
fn a_data_file_and_a_folder_of_the_same_name_are_an_error_naming_both() {
    let site = TestSite::fixture("data");
    site.write("data/team.yaml", "size: 2\n");
    site.write("data/site.json", "{}\n");
    let err = site.build_err();
    let shown = |rel: &str| site.path(rel).display().to_string();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            format!(
                "data/site.json: error: {} and {} both give `data.site`",
                shown("data/site.json"),
                shown("data/site.toml")
            ),
            format!(
                "data/team.yaml: error: {} and the folder {} both give `data.team`",
                shown("data/team.yaml"),
                shown("data/team")
            ),
        ]
    );
}

#[test]
fn other_files_in_data_are_skipped_with_a_warning_and_hidden_ones_silently() {
    let site = TestSite::fixture("data");
    site.write("data/notes.txt", "not data");
    site.write("data/.draft.yaml", "[broken");
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        ["data/notes.txt: warning: skipped: not a data file"]
    );
}

#[test]
fn serve_watches_data_and_renders_every_page_again_when_a_data_file_changes() {
    let site = TestSite::fixture("data");
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    assert!(live.watched().contains(&site.path("data")));
    let served = |live: &Live, path: &str| {
        let files = live.files();
        String::from_utf8_lossy(&praxis::output::unpack(&files[path]).unwrap()).into_owned()
    };
    site.write(
        "data/site.toml",
        "motto = \"Cut once\"\nfounded = 1999\nreleased = 2024-05-01\n",
    );
    let update = live
        .update(&BTreeSet::from([site.path("data/site.toml")]), false)
        .unwrap();
    assert_eq!(update.scope, Scope::Full);
    assert_eq!(update.sources, [site.path("data/site.toml")]);
    assert!(served(&live, "team/index.html").contains("Cut once"));
    // A broken data file fails the update and the last good site stays served.
    site.write("data/site.toml", "motto = \n");
    let err = live
        .update(&BTreeSet::from([site.path("data/site.toml")]), false)
        .unwrap_err();
    assert_eq!(
        headlines(&site, err.diagnostics())[0],
        "data/site.toml:1:9: error: invalid TOML: string values must be quoted, expected literal string"
    );
    assert!(served(&live, "team/index.html").contains("Cut once"));
    // A new data file is picked up too.
    site.write(
        "data/site.toml",
        "motto = \"Fixed\"\nfounded = 1999\nreleased = 2024-05-01\n",
    );
    site.write("data/extra/more.json", "[1, 2]\n");
    live.update(
        &BTreeSet::from([
            site.path("data/site.toml"),
            site.path("data/extra/more.json"),
        ]),
        false,
    )
    .unwrap();
    assert!(served(&live, "team/index.html").contains("Fixed (since"));
}

#[test]
fn a_running_server_reloads_pages_when_a_data_file_is_saved() {
    use crate::support::serve::{Serve, save};
    let site = TestSite::fixture("data");
    let serve = Serve::start(&site);
    assert!(serve.page("/team/").contains("Measure twice"));
    let (mut events, _) = serve.subscribe();
    save(
        &site,
        "data/site.toml",
        "motto = \"Saved from the editor\"\nfounded = 1999\nreleased = 2024-05-01\n",
    );
    let reload = serve.reload(&mut events);
    assert!(reload["pages"].to_string().contains("/team/"), "{reload}");
    assert!(serve.page("/team/").contains("Saved from the editor"));
}
