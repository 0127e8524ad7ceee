//! Cross-references on the `links` fixture: every link form, ids, relations and backlinks,
//! and the diagnostics for each kind of broken link, with exact positions and suggestions.

use crate::support::{TestSite, headlines};

#[test]
fn every_link_form_resolves_to_the_targets_url() {
    let site = TestSite::fixture("links");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = site.html("ops/ops01-bp01/index.html");
    let links: Vec<(String, String)> = page
        .attrs(".prose a:not(.anchor)", "href")
        .into_iter()
        .zip(page.texts(".prose a:not(.anchor)"))
        .collect();
    let expected = [
        ("/ops/ops01-bp02/", "OPS01-BP02 Evaluate internal needs"),
        ("/ops/ops01-bp02/", "in our own words"),
        (
            "/ops/ops01-bp02/#how-to",
            "OPS01-BP02 Evaluate internal needs",
        ),
        ("/ops/ops01-bp02/", "relative"),
        ("/ops/ops01-bp02/#how-to", "with anchor"),
        ("/principles/focus/", "from the root"),
        ("/ops/ops01-bp02/", "old site"),
        ("/principles/focus/", "this site"),
        ("/principles/focus/", "an alias"),
        ("/principles/focus/", "ref"),
        ("/ops/ops01-bp02/", "relref"),
        ("https://example.net/guide", "external"),
        ("#by-the-way", "same page"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(h, t)| (h.to_string(), t.to_string()))
        .collect();
    assert_eq!(links, expected);
    // An image next to the file resolves to where the asset is published.
    assert_eq!(page.attrs(".prose img", "src"), ["/ops/diagram.svg"]);
}

#[test]
fn wikilinks_in_code_are_left_alone() {
    let site = TestSite::fixture("links");
    site.build_ok();
    let page = site.html("ops/ops01-bp01/index.html");
    assert_eq!(page.texts(".prose p code"), ["[[OPS01-BP02]]"]);
    assert_eq!(page.texts(".prose pre code"), ["[[OPS01-BP02]] in a block"]);
}

#[test]
fn ids_come_from_front_matter_id_keys_or_the_title_pattern() {
    let site = TestSite::fixture("links");
    let loaded = site.load().unwrap();
    let mut ids: Vec<(String, String)> = loaded
        .graph
        .nodes()
        .iter()
        .filter_map(|n| Some((n.id()?.to_string(), n.title.clone())))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            (
                "OPS01-BP01".to_string(),
                "OPS01-BP01 Evaluate external needs".to_string()
            ),
            (
                "OPS01-BP02".to_string(),
                "OPS01-BP02 Evaluate internal needs".to_string()
            ),
            ("p1xyzFocus".to_string(), "Customer Focus".to_string()),
        ]
    );
}

#[test]
fn relations_show_both_ways_with_their_inverse_titles() {
    let site = TestSite::fixture("links");
    site.build_ok();
    let bp01 = site.html("ops/ops01-bp01/index.html");
    assert_eq!(
        bp01.texts(".link-group-out .link-group-title"),
        ["Related best practices"]
    );
    assert_eq!(
        bp01.texts(".link-group-out li"),
        [
            "OPS01-BP02 Evaluate internal needs",
            "p1xyzFocus Customer Focus"
        ]
    );
    let bp02 = site.html("ops/ops01-bp02/index.html");
    assert_eq!(
        bp02.texts(".link-group-in .link-group-title"),
        ["Referenced by", "Superseded by", "Linked from"]
    );
    assert_eq!(
        bp02.attrs(".link-group-in a", "href"),
        ["/ops/ops01-bp01/", "/principles/focus/", "/ops/ops01-bp01/"]
    );
    let focus = site.html("principles/focus/index.html");
    assert_eq!(
        focus.texts(".link-group-out .link-group-title"),
        ["Supersedes"]
    );
    assert_eq!(
        focus.texts(".link-group-in .link-group-title"),
        ["Referenced by", "Linked from"]
    );
}

#[test]
fn graph_json_lists_pages_and_typed_edges() {
    let site = TestSite::fixture("links");
    site.build_ok();
    let graph: serde_json::Value = serde_json::from_str(&site.output("graph.json")).unwrap();
    let urls: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "/",
            "/ops/",
            "/ops/ops01-bp01/",
            "/ops/ops01-bp02/",
            "/principles/",
            "/principles/focus/"
        ]
    );
    let bp01 = &graph["nodes"][2];
    assert_eq!(bp01["id"], "OPS01-BP01");
    assert_eq!(bp01["section"], "/ops/");
    assert_eq!(bp01["taxonomies"]["tags"][0], "Customers");
    let edges: Vec<String> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} -{}-> {}",
                e["source"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["target"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        edges,
        [
            "/ -link-> /ops/ops01-bp01/",
            "/ops/ops01-bp01/ -link-> /ops/ops01-bp02/",
            "/ops/ops01-bp01/ -related-> /ops/ops01-bp02/",
            "/ops/ops01-bp01/ -link-> /principles/focus/",
            "/ops/ops01-bp01/ -related-> /principles/focus/",
            "/ops/ops01-bp02/ -related-> /ops/ops01-bp01/",
            "/principles/focus/ -link-> /ops/ops01-bp01/",
            "/principles/focus/ -supersedes-> /ops/ops01-bp02/",
        ]
    );
}

/// The lines of graph.json between its list openers: one compact node or edge each.
fn graph_json_lines(text: &str) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("{\"nodes\": ["));
    let mut parse_until = |close: &str| -> Vec<serde_json::Value> {
        let mut items = Vec::new();
        for line in lines.by_ref() {
            if line == close {
                return items;
            }
            let item = line.strip_suffix(',').unwrap_or(line);
            items.push(serde_json::from_str(item).unwrap_or_else(|e| panic!("{line}: {e}")));
        }
        panic!("no {close:?} line in graph.json")
    };
    let nodes = parse_until("],");
    assert!(parse_until("\"edges\": [").is_empty());
    let edges = parse_until("]}");
    (nodes, edges)
}

#[test]
fn graph_json_has_one_node_or_edge_per_line() {
    let site = TestSite::fixture("links");
    site.build_ok();
    let text = site.output("graph.json");
    let whole: serde_json::Value = serde_json::from_str(&text).unwrap();
    let (nodes, edges) = graph_json_lines(&text);
    assert_eq!(nodes.len(), 6);
    assert_eq!(edges.len(), 8);
    assert_eq!(whole["nodes"].as_array().unwrap(), &nodes);
    assert_eq!(whole["edges"].as_array().unwrap(), &edges);
    // Only the last line of each list goes without a comma.
    let bare = text
        .lines()
        .filter(|l| l.starts_with('{') && l.ends_with('}'))
        .count();
    assert_eq!(bare, 2, "{text}");

    // No links at all: the edge list is empty and the file still parses.
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Lone\"\n"),
        ("content/_index.md", "Alone.\n"),
    ]);
    site.build_ok();
    let text = site.output("graph.json");
    let whole: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(whole["edges"], serde_json::json!([]));
    let (nodes, edges) = graph_json_lines(&text);
    assert_eq!((nodes.len(), edges.len()), (1, 0));
}

#[test]
fn graph_json_can_be_turned_off() {
    let site = TestSite::fixture("links");
    let config = site
        .read("book.toml")
        .replace("[links]", "[build]\ngraph = false\n\n[links]");
    site.write("book.toml", config);
    site.build_ok();
    assert!(!site.has_output("graph.json"));
}

/// A page with one broken link of each kind, in the `links` fixture.
fn site_with_broken_links(broken: &str) -> TestSite {
    let site = TestSite::fixture("links");
    site.write(
        "content/ops/ops01-bp03.md",
        "---\nrisk_level: Low\nrelated:\n  - OPS01-BP01\n  - OPS99-BP99\n---\n# OPS01-BP03 Break things on purpose\n\n\
         An id typo: [[OPS01-BP2]].\n\
         A path typo: [x](ops01-bp20.md).\n\
         An anchor typo: [[OPS01-BP02#how-too]] and [here](#nowhere).\n\
         A root typo: [y](@/principles/focuss.md) and an old page that is gone: [z](https://old.example.com/framework/gone.html).\n",
    );
    if broken != "error" {
        let config = site
            .read("book.toml")
            .replace("[links]\n", &format!("[links]\nbroken = \"{broken}\"\n"));
        site.write("book.toml", config);
    }
    site
}

#[test]
fn every_broken_link_is_reported_at_its_position_with_a_suggestion() {
    let site = site_with_broken_links("error");
    let err = site.build_err();
    let diags = err.diagnostics();
    assert_eq!(
        headlines(&site, diags),
        [
            "content/ops/ops01-bp03.md:5:5: error: `related` target `OPS99-BP99`: no page has the id `OPS99-BP99`",
            "content/ops/ops01-bp03.md:9:13: error: broken link “OPS01-BP2” to `OPS01-BP2`: no page has the id `OPS01-BP2`",
            "content/ops/ops01-bp03.md:10:14: error: broken link “x” to `ops01-bp20.md`: no page or file at `ops/ops01-bp20.md` in the content folder",
            "content/ops/ops01-bp03.md:11:17: error: broken link “OPS01-BP02#how-too” to `OPS01-BP02#how-too`: `OPS01-BP02 Evaluate internal needs` has no heading or anchor `#how-too`",
            "content/ops/ops01-bp03.md:11:44: error: broken link “here” to `#nowhere`: `OPS01-BP03 Break things on purpose` has no heading or anchor `#nowhere`",
            "content/ops/ops01-bp03.md:12:14: error: broken link “y” to `@/principles/focuss.md`: no page or file at `principles/focuss.md` in the content folder",
            "content/ops/ops01-bp03.md:12:72: error: broken link “z” to `https://old.example.com/framework/gone.html`: nothing on this site is published at `/gone.html`",
        ]
    );
    let helps: Vec<Option<&str>> = diags.iter().map(|d| d.help.as_deref()).collect();
    assert_eq!(
        helps,
        [
            None,
            Some("did you mean `[[OPS01-BP02]]`?"),
            Some("did you mean `ops01-bp02.md`?"),
            Some("did you mean `#how-to`?"),
            None,
            Some("did you mean `@/principles/focus.md`?"),
            None,
        ]
    );
    assert_eq!(
        diags[1].source_line.as_deref(),
        Some("An id typo: [[OPS01-BP2]].")
    );
}

#[test]
fn broken_links_can_be_warnings_and_are_then_marked_in_the_page() {
    let site = site_with_broken_links("warn");
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 7);
    assert!(report.warnings.iter().all(|d| !d.is_error()));
    // Links to other pages are marked; a same-page anchor link is kept as written.
    let page = site.html("ops/ops01-bp03/index.html");
    assert_eq!(page.count(".prose a.broken-link"), 5);
    assert_eq!(
        page.attrs(".prose a.broken-link", "href")[1],
        "ops01-bp20.md"
    );
}

#[test]
fn plain_url_paths_that_match_nothing_are_warnings_by_default() {
    let site = TestSite::fixture("links");
    site.write(
        "content/ops/_index.md",
        "---\ntitle: Operations\n---\n[API docs](/api/reference/) and [old page](legacy.html).\n",
    );
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/ops/_index.md:4:1: warning: broken link “API docs” to `/api/reference/`: nothing on this site is published at `/api/reference/`",
            "content/ops/_index.md:4:33: warning: broken link “old page” to `legacy.html`: no page or file at `ops/legacy.html` in the content folder",
        ]
    );
    let config = site
        .read("book.toml")
        .replace("[links]\n", "[links]\nunresolved = \"ignore\"\n");
    site.write("book.toml", config);
    assert!(site.build_ok().warnings.is_empty());
    let config = site
        .read("book.toml")
        .replace("unresolved = \"ignore\"", "unresolved = \"error\"");
    site.write("book.toml", config);
    assert_eq!(site.build_err().diagnostics().len(), 2);
}

#[test]
fn published_markdown_files_are_found_by_their_urls() {
    // A site that publishes a `.md` file (here from `static/`) can link to it by URL, from
    // the site root or relative to the page; praxis skips that lookup on sites with none.
    let site = TestSite::fixture("links");
    site.write("static/notes/changes.md", "# Changes\n");
    site.write(
        "content/ops/_index.md",
        "---\ntitle: Operations\n---\n[by URL](/notes/changes.md) and [relative](../notes/changes.md).\n",
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = site.html("ops/index.html");
    assert_eq!(
        page.attrs(".prose a:not(.anchor)", "href"),
        ["/notes/changes.md", "../notes/changes.md"]
    );
}

#[test]
fn a_duplicate_id_names_both_files() {
    // Ids are compared ignoring case.
    let site = TestSite::fixture("links");
    site.write(
        "content/principles/copy.md",
        "---\ntitle: Copy\nid: ops01-bp02\n---\n",
    );
    let err = site.build_err();
    let root = format!("{}/", site.root().display());
    let lines: Vec<String> = headlines(&site, err.diagnostics())
        .iter()
        .map(|l| l.replace(&root, ""))
        .collect();
    assert_eq!(
        lines,
        [
            "content/principles/copy.md:3:5: error: id `ops01-bp02` is also used by content/ops/ops01-bp02.md"
        ]
    );
}

#[test]
fn content_contracts_report_missing_keys_wrong_values_and_ids() {
    let site = TestSite::fixture("links");
    site.write(
        "content/ops/loose.md",
        "---\ntitle: A loose page\nrisk_level: Severe\n---\nNo id, no relations.\n",
    );
    site.write(
        "content/ops/bare.md",
        "---\ntitle: OPS7-BP1 Oddly numbered\n---\n",
    );
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/ops/bare.md:1:1: error: id `OPS7-BP1` does not match `^OPS\\d\\d-BP\\d\\d$`",
            "content/ops/bare.md:1:1: error: missing required key `risk_level`",
            "content/ops/bare.md:1:1: warning: this page has no `related` links",
            "content/ops/loose.md:1:1: warning: this page has no `related` links",
            "content/ops/loose.md:1:1: error: this page has no id",
            "content/ops/loose.md:3:13: error: `risk_level` is `Severe`, which is not an allowed value",
        ]
    );
    let enum_error = err
        .diagnostics()
        .iter()
        .find(|d| d.message.contains("Severe"))
        .unwrap();
    assert_eq!(
        enum_error.help.as_deref(),
        Some("allowed values: High, Medium, Low")
    );
    assert_eq!(
        enum_error.source_line.as_deref(),
        Some("risk_level: Severe")
    );
}

#[test]
fn symmetric_relations_given_one_way_are_warnings() {
    let site = TestSite::fixture("links");
    let config = site.read("book.toml").replace(
        "inverse = \"Referenced by\"\n",
        "inverse = \"Referenced by\"\nsymmetric = true\n",
    );
    site.write("book.toml", config);
    let report = site.build_ok();
    let lines = headlines(&site, &report.warnings);
    assert_eq!(
        lines,
        [
            "content/ops/ops01-bp01.md:4:10: warning: `related` links to p1xyzFocus, which does not link back"
        ]
    );
    assert!(
        report.warnings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("add `OPS01-BP01` to `related`")
    );
}

#[test]
fn hidden_pages_are_unlisted_and_orphans_are_reported() {
    let site = TestSite::fixture("links");
    site.write(
        "content/principles/lost.md",
        "---\ntitle: Lost\nhidden: true\n---\n",
    );
    site.write(
        "content/principles/found.md",
        "---\ntitle: Found\nhidden: true\n---\n",
    );
    site.write(
        "content/principles/_index.md",
        "---\ntitle: Principles\n---\nSee [[p1xyzFocus]] and [the found one](found.md).\n",
    );
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/principles/lost.md:3:9: warning: orphan page: it is hidden from listings and no page links to it"
        ]
    );
    assert!(site.has_output("principles/found/index.html"));
    let section = site.html("principles/index.html");
    assert_eq!(section.texts(".card-title"), ["p1xyzFocus Customer Focus"]);
    let found = site.html("principles/found/index.html");
    assert_eq!(
        found.count("nav.pager"),
        0,
        "hidden pages are not in the reading order"
    );
}

#[test]
fn contracts_check_types_patterns_and_every_glob() {
    let site = TestSite::fixture("links");
    let config = site.read("book.toml").replace(
        "sections = \"ops/**\"",
        "sections = [\"ops/**\", \"principles/*.md\"]",
    ) + "\n[schemas.keys.review]\ntype = \"date\"\n\n[schemas.keys.owner]\npattern = '^@[a-z]+$'\n";
    site.write("book.toml", config);
    site.write(
        "content/principles/typed.md",
        "---\ntitle: Typed\nid: OPS09-BP09\nrisk_level: [High]\nreview: next week\nowner: Alice\nrelated: [OPS01-BP01]\n---\n",
    );
    let err = site.build_err();
    let lines: Vec<String> = headlines(&site, err.diagnostics())
        .into_iter()
        .filter(|l| l.contains("typed.md"))
        .collect();
    assert_eq!(
        lines,
        [
            "content/principles/typed.md:4:13: error: `risk_level` must be text, found a list",
            "content/principles/typed.md:5:9: error: `review` must be a date, found text",
            "content/principles/typed.md:6:8: error: `owner` is `Alice`, which does not match `^@[a-z]+$`",
        ]
    );
}

#[test]
fn descriptions_are_markdown_and_their_links_resolve() {
    // Regression: `[[ID]]` in a description left placeholders in ledes and cards.
    let site = TestSite::fixture("links");
    let page = site.read("content/ops/ops01-bp02.md").replace(
        "title: OPS01-BP02 Evaluate internal needs\n",
        "title: OPS01-BP02 Evaluate internal needs\ndescription: The *inside* view of [[OPS01-BP01]].\n",
    );
    site.write("content/ops/ops01-bp02.md", page);
    site.build_ok();
    let lede = site.html("ops/ops01-bp02/index.html");
    assert_eq!(
        lede.inner_html(".lede"),
        "The <em>inside</em> view of <a href=\"/ops/ops01-bp01/\">OPS01-BP01 Evaluate external needs</a>."
    );
    let section = site.html("ops/index.html");
    assert_eq!(section.attrs(".card-text a", "href"), ["/ops/ops01-bp01/"]);
    assert!(!site.output("ops/index.html").contains('\u{1}'));
    // Broken links in a description are reported where the description is written.
    let broken = site
        .read("content/ops/ops01-bp02.md")
        .replace("[[OPS01-BP01]]", "[[OPS01-BP9]]");
    site.write("content/ops/ops01-bp02.md", broken);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/ops/ops01-bp02.md:3:14: error: broken link “OPS01-BP9” to `OPS01-BP9`: no page has the id `OPS01-BP9`"
        ]
    );
}

#[test]
fn the_markdown_filter_keeps_the_text_of_links_it_cannot_resolve() {
    let site = TestSite::fixture("links");
    site.write(
        "templates/page.html",
        "<div id=\"x\">{{ \"See [[OPS01-BP02]] and [a page](other.md).\" | markdown(inline=true) }}</div>",
    );
    site.build_ok();
    let html = site.output("ops/ops01-bp01/index.html");
    assert!(!html.contains('\u{1}'));
    assert_eq!(
        site.html("ops/ops01-bp01/index.html").inner_html("#x"),
        "See <span class=\"unresolved-link\">OPS01-BP02</span> and <span class=\"unresolved-link\">a page</span>."
    );
}

#[test]
fn backlinks_list_each_source_once_in_reading_order() {
    // `target` is linked twice from Gamma, once each from Alpha and Beta; weights put the
    // reading order against the file names.
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Notes\"\n"),
        (
            "content/target.md",
            "---\ntitle: Target\nweight: 9\n---\nText.\n\n## Top\n",
        ),
        (
            "content/c.md",
            "---\ntitle: Gamma\nweight: 1\n---\n[one](target.md) and [two](target.md#top).\n",
        ),
        (
            "content/a.md",
            "---\ntitle: Alpha\nweight: 3\n---\nSee [it](target.md).\n",
        ),
        (
            "content/b.md",
            "---\ntitle: Beta\nweight: 2\n---\nSee [it](target.md).\n",
        ),
    ]);
    site.build_ok();
    let page = site.html("target/index.html");
    assert_eq!(
        page.texts(".link-group-in .link-group-title"),
        ["Linked from"]
    );
    assert_eq!(page.texts(".link-group-in li"), ["Gamma", "Beta", "Alpha"]);
}

/// A site whose `book.toml` names `prefix` as a former address, with a page linking to
/// `guide.md` through both addresses.
fn site_with_prefix(prefix: &str) -> TestSite {
    TestSite::with_files(&[
        (
            "book.toml",
            &format!("[book]\ntitle = \"Prefixes\"\n\n[links]\nsite-prefixes = [\"{prefix}\"]\n"),
        ),
        ("content/guide.md", "---\ntitle: Guide\n---\nText.\n"),
        (
            "content/index-page.md",
            "---\ntitle: Start\n---\n[by the prefix](https://docs.example.org/handbook/guide/) and \
             [by the host](https://docs.example.org/guide/).\n",
        ),
    ])
}

fn build_with_base_url(site: &TestSite, base_url: &str) -> praxis::BuildReport {
    let options = praxis::BuildOptions {
        overrides: praxis::config::Overrides {
            base_url: Some(base_url.to_string()),
            ..Default::default()
        },
        ..Default::default()
    };
    match site.build_with(&options) {
        Ok(report) => report,
        Err(err) => panic!(
            "build failed:\n{}",
            praxis::diagnostics::render_human(err.diagnostics(), false)
        ),
    }
}

#[test]
fn a_base_url_that_is_a_prefix_of_a_site_prefix_does_not_capture_its_links() {
    // Regression: the handbook built with `--base-url https://docs.example.org/` read its own
    // `https://docs.example.org/handbook/…` links as `/handbook/…`, which nothing publishes.
    let site = site_with_prefix("https://docs.example.org/handbook/");
    let report = build_with_base_url(&site, "https://docs.example.org/");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = site.html("index-page/index.html");
    assert_eq!(
        page.attrs(".prose a:not(.anchor)", "href"),
        ["/guide/", "/guide/"]
    );
}

#[test]
fn a_base_url_longer_than_a_site_prefix_wins_for_its_own_links() {
    // The old site lived at the host's root; the new one under /handbook/.
    let site = site_with_prefix("https://docs.example.org/");
    let report = build_with_base_url(&site, "https://docs.example.org/handbook/");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = site.html("index-page/index.html");
    assert_eq!(
        page.attrs(".prose a:not(.anchor)", "href"),
        ["/handbook/guide/", "/handbook/guide/"]
    );
}

#[test]
fn absolute_links_that_differ_only_in_case_resolve_with_a_warning() {
    let site = TestSite::fixture("links");
    site.write(
        "content/ops/_index.md",
        "---\ntitle: Operations\n---\n[a page](/Principles/Focus/), [this site](https://docs.example.org/OPS/OPS01-BP02/#how-to)\nand [a file](/ops/Diagram.SVG).\n",
    );
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/ops/_index.md:4:1: warning: link “a page” to `/Principles/Focus/` matches `/principles/focus/` only when case is ignored",
            "content/ops/_index.md:4:31: warning: link “this site” to `https://docs.example.org/OPS/OPS01-BP02/#how-to` matches `/ops/ops01-bp02/#how-to` only when case is ignored",
            "content/ops/_index.md:5:5: warning: link “a file” to `/ops/Diagram.SVG` matches `/ops/diagram.svg` only when case is ignored",
        ]
    );
    assert!(report.warnings.iter().all(|d| d.code == "link-case"));
    assert_eq!(
        report.warnings[0].help.as_deref(),
        Some(
            "write `/principles/focus/`: most web servers tell upper from lower case in addresses"
        )
    );
    let page = site.html("ops/index.html");
    assert_eq!(
        page.attrs(".prose a:not(.anchor)", "href"),
        [
            "/principles/focus/",
            "/ops/ops01-bp02/#how-to",
            "/ops/diagram.svg"
        ]
    );
}

#[test]
fn a_content_root_path_resolves_like_an_at_path() {
    let site = TestSite::fixture("links");
    site.write(
        "content/ops/_index.md",
        "---\ntitle: Operations\n---\n[root](/principles/focus.md), [anchor](/ops/ops01-bp02.md#how-to),\n[case](/Principles/Focus.md).\n",
    );
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/ops/_index.md:5:1: warning: link “case” to `/Principles/Focus.md` matches `/principles/focus.md` only when case is ignored"
        ]
    );
    let page = site.html("ops/index.html");
    assert_eq!(
        page.attrs(".prose a:not(.anchor)", "href"),
        [
            "/principles/focus/",
            "/ops/ops01-bp02/#how-to",
            "/principles/focus/"
        ]
    );
    // A broken one is a broken cross-reference, with the suggestion in the same form.
    site.write(
        "content/ops/_index.md",
        "---\ntitle: Operations\n---\n[typo](/principles/focuss.md).\n",
    );
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/ops/_index.md:4:1: error: broken link “typo” to `/principles/focuss.md`: nothing on this site is published at `/principles/focuss.md`, and the content folder has no `principles/focuss.md`"
        ]
    );
    assert_eq!(
        err.diagnostics()[0].help.as_deref(),
        Some("did you mean `/principles/focus.md`?")
    );
}

#[test]
fn a_broken_link_far_from_every_short_name_is_still_matched_through_the_index() {
    // Many pages of one shape, and a typo in the middle of a long path: the suggestion
    // comes from the index's bounds, not from a scan of every page.
    let mut files: Vec<(String, String)> = vec![(
        "book.toml".into(),
        "[book]\ntitle = \"Many\"\n\n[links]\nbroken = \"warn\"\n".into(),
    )];
    for q in 1..=30 {
        for bp in 1..=9 {
            files.push((
                format!("content/ops/ops{q:02}/ops{q:02}-bp{bp:02}-guidance.md"),
                format!("---\ntitle: OPS{q:02}-BP{bp:02}\n---\nText.\n"),
            ));
        }
    }
    files.push((
        "content/start.md".into(),
        "---\ntitle: Start\n---\n[typo](ops/ops17/ops17-bp04-guidnace.md) and [gone](ops/ops99/nothing-like-it.md).\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = TestSite::with_files(&refs);
    let report = site.build_ok();
    let helps: Vec<Option<&str>> = report.warnings.iter().map(|d| d.help.as_deref()).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `ops/ops17/ops17-bp04-guidance.md`?"),
            None
        ]
    );
}

#[test]
fn ignored_broken_links_are_marked_but_not_reported() {
    // With `broken = "ignore"` the build says nothing (nor looks for suggestions: see the
    // unit test `suggestions_are_searched_only_for_links_that_are_reported`).
    let site = site_with_broken_links("ignore");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = site.html("ops/ops01-bp03/index.html");
    assert_eq!(page.count(".prose a.broken-link"), 5);
}
