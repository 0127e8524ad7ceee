//! Hugo front matter that shapes the site: `cascade` in a section's `_index.md`, the
//! `build` options (`render`, `list`, `publishResources`, the older `_build`) and headless
//! bundles, and `publishDate` / `expiryDate` with `--future` / `--expired`.

use std::collections::BTreeSet;
use std::process::Command;

use praxis::config::Overrides;
use praxis::incremental::Live;
use praxis::{BuildOptions, NoProgress, Site};

use crate::support::{TestSite, headlines, list_files};

const BOOK: &str = "[book]\ntitle = \"Hugo Site\"\nbase-url = \"https://docs.example.org/\"\n\n\
[[taxonomies]]\nname = \"tags\"\ntitle = \"Tags\"\n";

/// A template that shows what cascades give a page.
const SHOW: &str = "<!DOCTYPE html><html><body><h1>{{ page.title }}</h1>\
<p id=\"banner\">{{ page.extra.banner | default(value=\"none\") }}</p>\
<p id=\"weight\">{{ page.weight | default(value=\"none\") }}</p>\
<ul id=\"tags\">{% for t in page.taxonomies.tags | default(value=[]) %}<li>{{ t.name }}</li>{% endfor %}</ul>\
</body></html>";

fn site(files: &[(&str, &str)]) -> TestSite {
    let mut all = vec![("book.toml", BOOK)];
    all.extend_from_slice(files);
    TestSite::with_files(&all)
}

/// The link texts of `selector` on an output page.
fn texts(site: &TestSite, page: &str, selector: &str) -> Vec<String> {
    site.html(page).texts(selector)
}

fn error_headlines(site: &TestSite) -> Vec<String> {
    let err = site.build_err();
    headlines(site, err.diagnostics())
}

fn cascade_site() -> TestSite {
    site(&[
        ("templates/show.html", SHOW),
        (
            "content/docs/_index.md",
            "---\ntitle: Docs\ncascade:\n  - banner: docs.png\n    template: show.html\n    \
             tags: [guide]\n    _target:\n      path: \"/docs/**\"\n      kind: page\n  \
             - weight: 7\n---\n",
        ),
        ("content/docs/a.md", "---\ntitle: Alpha\n---\nA.\n"),
        (
            "content/docs/own.md",
            "---\ntitle: Own\nbanner: mine.png\ntags: [solo]\nweight: 1\n---\nOwn.\n",
        ),
        (
            "content/docs/deep/_index.md",
            "---\ntitle: Deep\ncascade:\n  banner: deep.png\n---\n",
        ),
        ("content/docs/deep/b.md", "---\ntitle: Beta\n---\nB.\n"),
        ("content/other.md", "---\ntitle: Other\n---\nOther.\n"),
    ])
}

#[test]
fn a_cascade_gives_its_values_to_the_pages_below_and_their_own_values_win() {
    let site = cascade_site();
    site.build_ok();
    // Typed keys act as if written: `template` picks the template, `tags` makes terms.
    let alpha = site.html("docs/a/index.html");
    assert_eq!(alpha.text("#banner"), "docs.png");
    assert_eq!(alpha.texts("#tags li"), ["guide"]);
    assert_eq!(alpha.text("#weight"), "7");
    // A page's own value wins over the cascade.
    let own = site.html("docs/own/index.html");
    assert_eq!(own.text("#banner"), "mine.png");
    assert_eq!(own.texts("#tags li"), ["solo"]);
    assert_eq!(own.text("#weight"), "1");
    // The nearer section's cascade wins over the farther one; the rest still arrives.
    let beta = site.html("docs/deep/b/index.html");
    assert_eq!(beta.text("#banner"), "deep.png");
    assert_eq!(beta.texts("#tags li"), ["guide"]);
    // Outside the section nothing is given.
    assert!(!site.output("other/index.html").contains("id=\"banner\""));
    let guide = texts(&site, "tags/guide/index.html", ".card-title");
    assert_eq!(guide, ["Alpha", "Beta"]);
}

#[test]
fn a_cascade_target_selects_pages_by_path_glob_and_kind() {
    let site = cascade_site();
    site.build_ok();
    // `kind: page` leaves the subsection out: it keeps the theme's section template.
    assert!(
        !site
            .output("docs/deep/index.html")
            .contains("id=\"banner\"")
    );
    // The untargeted `weight: 7` reaches the section itself and its subsection: `Own`
    // (weight 1) comes first, then the others by weight 7 and title.
    assert_eq!(
        texts(&site, "docs/index.html", ".card-title"),
        ["Own", "Alpha", "Deep"]
    );
}

#[test]
fn a_cascade_in_toml_front_matter_with_a_file_glob_is_read_like_yaml() {
    let site = site(&[
        ("templates/show.html", SHOW),
        (
            "content/guide/_index.md",
            "+++\ntitle = \"Guide\"\n[[cascade]]\nbanner = \"md.png\"\ntemplate = \"show.html\"\n\
             [cascade._target]\npath = \"/guide/*.md\"\n+++\n",
        ),
        ("content/guide/one.md", "---\ntitle: One\n---\nOne.\n"),
        ("content/guide/sub/_index.md", "---\ntitle: Sub\n---\n"),
        ("content/guide/sub/two.md", "---\ntitle: Two\n---\nTwo.\n"),
    ]);
    site.build_ok();
    // A glob ending in a file name matches file paths, as Hugo 0.111 does: `*` stays in
    // one folder.
    assert_eq!(site.html("guide/one/index.html").text("#banner"), "md.png");
    assert!(
        !site
            .output("guide/sub/two/index.html")
            .contains("id=\"banner\"")
    );
}

#[test]
fn cascaded_draft_hidden_and_build_keys_take_effect() {
    let site = site(&[
        (
            "content/docs/_index.md",
            "---\ntitle: Docs\ncascade:\n  - draft: true\n    _target:\n      path: /docs/wip/**\n  \
             - hidden: true\n    _target:\n      path: /docs/quiet\n  \
             - build:\n      list: never\n    _target:\n      path: /docs/unlisted\n---\n",
        ),
        (
            "content/docs/shown.md",
            "---\ntitle: Shown\n---\n[q](quiet.md) [u](unlisted.md)\n",
        ),
        ("content/docs/quiet.md", "---\ntitle: Quiet\n---\nQ.\n"),
        (
            "content/docs/unlisted.md",
            "---\ntitle: Unlisted\n---\nU.\n",
        ),
        ("content/docs/wip/_index.md", "---\ntitle: WIP\n---\n"),
        ("content/docs/wip/draft.md", "---\ntitle: Draft\n---\nD.\n"),
    ]);
    site.build_ok();
    // `/docs/wip/**` matches what is below the section, not the section itself (Hugo).
    assert!(site.has_output("docs/wip/index.html"));
    assert!(!site.has_output("docs/wip/draft/index.html"));
    assert!(site.has_output("docs/quiet/index.html"));
    assert!(site.has_output("docs/unlisted/index.html"));
    assert_eq!(
        texts(&site, "docs/index.html", ".card-title"),
        ["Shown", "WIP"]
    );
}

#[test]
fn cascaded_keys_reach_id_keys_and_schemas() {
    let book = format!(
        "{BOOK}\n[links]\nid-keys = [\"code\"]\n\n[[schemas]]\nsections = \"area/**\"\n\
         required = [\"owner\"]\n"
    );
    let site = TestSite::with_files(&[
        ("book.toml", &book),
        (
            "content/area/_index.md",
            "---\ntitle: Area\ncascade:\n  owner: platform-team\n  - \n---\n",
        ),
    ]);
    // (A list item under a map is a YAML error: the cascade is checked like any YAML.)
    assert!(!error_headlines(&site).is_empty());
    site.write(
        "content/area/_index.md",
        "---\ntitle: Area\ncascade:\n  owner: platform-team\n---\n",
    );
    site.write(
        "content/area/bundle/_index.md",
        "---\ntitle: Bundle\ncascade:\n  code: B-1\n  _target:\n    path: /area/bundle/only\n---\n",
    );
    site.write(
        "content/area/bundle/only.md",
        "---\ntitle: Only\n---\nSee [[A-1]].\n",
    );
    site.write(
        "content/area/first.md",
        "---\ntitle: First\ncode: A-1\n---\nSee [[B-1]].\n",
    );
    site.build_ok();
    // The id `B-1` came from the cascade: the link resolves.
    let first = site.html("area/first/index.html");
    assert!(
        first
            .attrs("a[href*=\"only\"]", "href")
            .contains(&"/area/bundle/only/".to_string())
    );
}

#[test]
fn a_problem_with_a_cascaded_value_points_at_the_cascade() {
    let site = site(&[
        (
            "content/docs/_index.md",
            "---\ntitle: Docs\ncascade:\n  template: missing.html\n---\n",
        ),
        ("content/docs/a.md", "---\ntitle: A\n---\nA.\n"),
    ]);
    let err = site.build_err();
    let found = headlines(&site, err.diagnostics());
    // Once for the section (a cascade reaches its own page too) and once for its page,
    // both at the line that gives the template, each naming the page.
    assert_eq!(
        found,
        [
            "content/docs/_index.md:4:13: error: template `missing.html` does not exist",
            "content/docs/_index.md:4:13: error: template `missing.html` does not exist",
        ]
    );
    let notes: Vec<&str> = err
        .diagnostics()
        .iter()
        .flat_map(|d| &d.notes)
        .map(String::as_str)
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.ends_with("docs/a.md by this cascade")),
        "{notes:?}"
    );
}

#[test]
fn cascade_mistakes_are_errors_with_file_and_line() {
    let site = site(&[
        ("content/a/_index.md", "---\ntitle: A\ncascade: 5\n---\n"),
        (
            "content/b/_index.md",
            "---\ntitle: B\ncascade:\n  banner: x\n  _target: everything\n---\n",
        ),
        (
            "content/c/_index.md",
            "---\ntitle: C\ncascade:\n  - weight: heavy\n  - banner: y\n    _target:\n      path: \"/c/[\"\n---\n",
        ),
        (
            "content/d/_index.md",
            "---\ntitle: D\ncascade:\n  - 3\n---\n",
        ),
        (
            "content/e/_index.md",
            "---\ntitle: E\ncascade:\n  cascade:\n    banner: z\n  _target:\n    lang: en\n    colour: red\n---\n",
        ),
    ]);
    let found = error_headlines(&site);
    let expected = [
        "content/a/_index.md:3:10: error: `cascade` must be a map of front-matter values, found a number",
        "content/b/_index.md:5:12: error: `_target` must be a map, found text",
        "content/c/_index.md:4:13: error: `weight` must be a whole number, found text",
        "content/c/_index.md:7:13: error: `_target.path` is not a valid glob `/c/[`: unclosed character class; missing ']'",
        "content/d/_index.md:3:1: error: every item of `cascade` must be a map, found a number",
        "content/e/_index.md:4:3: error: `cascade` cannot hold another `cascade`",
        "content/e/_index.md:8:13: error: `_target` has no field `colour`",
    ];
    for line in expected {
        assert!(
            found.contains(&line.to_string()),
            "missing {line}\nin {found:#?}"
        );
    }
}

fn build_site() -> TestSite {
    site(&[
        ("content/docs/_index.md", "---\ntitle: Docs\n---\n"),
        (
            "content/docs/first.md",
            "---\ntitle: First\nweight: 1\ntags: [t]\n---\nSee [the note](note.md).\n",
        ),
        (
            "content/docs/never.md",
            "---\ntitle: Never\nweight: 2\ntags: [t]\nbuild:\n  render: never\n---\n[Last](last.md)\n",
        ),
        (
            "content/docs/note.md",
            "---\ntitle: Note\nweight: 3\ntags: [t]\nbuild:\n  render: link\n  list: never\n---\nL.\n",
        ),
        (
            "content/docs/local.md",
            "---\ntitle: Local\nweight: 4\ntags: [t]\n_build:\n  list: local\n---\nLo.\n",
        ),
        (
            "content/docs/off.md",
            "---\ntitle: Off\nweight: 5\ntags: [t]\n_build:\n  list: false\n  render: true\n---\n[First](first.md)\n",
        ),
        (
            "content/docs/last.md",
            "---\ntitle: Last\nweight: 6\ntags: [t]\n---\nLast.\n",
        ),
    ])
}

#[test]
fn render_never_and_link_write_no_page() {
    let site = build_site();
    let report = site.build_ok();
    assert!(!site.has_output("docs/never/index.html"));
    assert!(!site.has_output("docs/note/index.html"));
    assert!(site.has_output("docs/off/index.html"));
    // Only written pages count: first, local, off, last.
    assert_eq!(report.pages, 4);
    // `render: link` keeps its URL: a link to it resolves.
    let first = site.html("docs/first/index.html");
    assert_eq!(
        first.attrs("article a[href*=\"note\"]", "href"),
        ["/docs/note/"]
    );
    let sitemap = site.output("sitemap.xml");
    assert!(!sitemap.contains("/docs/never/") && !sitemap.contains("/docs/note/"));
    // A page with no URL is no backlink and not in graph.json; one that keeps its URL is.
    let last = site.html("docs/last/index.html");
    assert_eq!(
        last.count(".connections"),
        0,
        "{:?}",
        last.texts(".connections a")
    );
    let graph = site.output("graph.json");
    assert!(!graph.contains("/docs/never/") && graph.contains("/docs/note/"));
    assert!(!sitemap.contains("/docs/off/") && sitemap.contains("/docs/local/"));
}

#[test]
fn a_link_to_a_never_rendered_page_is_a_broken_link_at_its_line() {
    let site = build_site();
    site.write(
        "content/docs/last.md",
        "---\ntitle: Last\n---\n\nGo [there](never.md).\n",
    );
    let found = error_headlines(&site);
    assert_eq!(
        found,
        [
            "content/docs/last.md:5:4: error: broken link “there” to `never.md`: `Never` has `build.render: never`, so it is not published",
            // Listed nowhere and linked from nowhere now: the orphan warning points at `_build`.
            "content/docs/off.md:5:1: warning: orphan page: it is hidden from listings and no page links to it",
        ]
    );
}

#[test]
fn list_never_and_local_keep_pages_out_of_listings() {
    let site = build_site();
    site.build_ok();
    // The section lists what `list` allows: `never` (and its old `false`) is left out,
    // `local` stays; a never-rendered page that is listed has no URL.
    assert_eq!(
        texts(&site, "docs/index.html", ".card-title"),
        ["First", "Never", "Local", "Last"]
    );
    let never = site.html("docs/index.html");
    assert!(never.attrs(".card-title", "href").contains(&String::new()));
    // prev/next follow the listing: Local's next is Last, skipping Off.
    let local = site.html("docs/local/index.html");
    assert_eq!(local.attrs(".pager-next", "href"), ["/docs/last/"]);
    // Term pages list only pages listed site-wide and written.
    assert_eq!(
        texts(&site, "tags/t/index.html", ".card-title"),
        ["First", "Last"]
    );
}

#[test]
fn a_headless_bundle_is_not_written_and_publishes_no_files() {
    let site = site(&[
        (
            "content/shared/index.md",
            "---\ntitle: Shared\nheadless: true\n---\nShared text.\n",
        ),
        ("content/shared/logo.png", "png"),
        (
            "content/kept/index.md",
            "---\ntitle: Kept\nheadless: true\nbuild:\n  publishResources: true\n---\n",
        ),
        ("content/kept/diagram.svg", "<svg/>"),
        (
            "content/private/index.md",
            "---\ntitle: Private\nbuild:\n  publishResources: false\n---\nPrivate.\n",
        ),
        ("content/private/secret.txt", "s"),
        (
            "content/page.md",
            "---\ntitle: Page\n---\n![d](kept/diagram.svg)\n",
        ),
    ]);
    site.build_ok();
    let files = list_files(&site.path("public"));
    assert!(!files.iter().any(|f| f.starts_with("shared/")), "{files:?}");
    assert!(
        !files.iter().any(|f| f.starts_with("kept/index")),
        "{files:?}"
    );
    assert!(files.contains(&"kept/diagram.svg".to_string()), "{files:?}");
    assert!(
        files.contains(&"private/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        !files.contains(&"private/secret.txt".to_string()),
        "{files:?}"
    );
    assert!(!site.output("index.html").contains(">Shared<"));
    // Linking to the headless page, or to a file it does not publish, is reported.
    site.write(
        "content/page.md",
        "---\ntitle: Page\n---\n[s](shared/index.md) [l](shared/logo.png)\n",
    );
    let found = headlines(&site, site.build_err().diagnostics());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with(
            "content/page.md:4:1: error: broken link “s” to `shared/index.md`: `Shared` is headless"
        ),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("content/page.md:4:22: warning: broken link “l” to `shared/logo.png`"),
        "{found:#?}"
    );
}

#[test]
fn a_headless_section_writes_no_section_page_but_its_pages() {
    let site = site(&[
        (
            "content/api/_index.md",
            "---\ntitle: API\nheadless: true\n---\n",
        ),
        ("content/api/call.md", "---\ntitle: Call\n---\nCall.\n"),
        ("content/intro.md", "---\ntitle: Intro\n---\nIntro.\n"),
    ]);
    site.build_ok();
    assert!(!site.has_output("api/index.html"));
    assert!(site.has_output("api/call/index.html"));
    assert_eq!(texts(&site, "index.html", ".card-title"), ["Intro"]);
}

#[test]
fn build_option_mistakes_name_the_line() {
    let site = site(&[
        (
            "content/a.md",
            "---\ntitle: A\nbuild:\n  render: sometimes\n---\n",
        ),
        ("content/b.md", "---\ntitle: B\n_build: never\n---\n"),
        (
            "content/c.md",
            "---\ntitle: C\nbuild: {listed: never}\n---\n",
        ),
    ]);
    assert_eq!(
        error_headlines(&site),
        [
            "content/a.md:3:1: error: `build.render` must be one of `always`, `never`, `link`, found `sometimes`",
            "content/b.md:3:9: error: `_build` must be a map, found text",
            "content/c.md:3:8: error: `build` has no option `listed`",
        ]
    );
}

fn dated_site() -> TestSite {
    site(&[
        ("content/news/_index.md", "---\ntitle: News\n---\n"),
        (
            "content/news/now.md",
            "---\ntitle: Now\npublishDate: 2025-06-01\n---\nNow.\n",
        ),
        (
            "content/news/soon.md",
            "---\ntitle: Soon\npublishDate: 2025-06-02T09:00:00+02:00\n---\nSoon.\n",
        ),
        (
            "content/news/later.md",
            "---\ntitle: Later\npubdate: 2030-01-01\n---\nLater.\n",
        ),
        (
            "content/news/gone.md",
            "---\ntitle: Gone\nexpiryDate: 2025-05-31\n---\nGone.\n",
        ),
        (
            "content/news/going.md",
            "---\ntitle: Going\nunpublishdate: 2025-06-03\n---\nGoing.\n",
        ),
        (
            "content/future/_index.md",
            "---\ntitle: Future\npublished: 2031-01-01\n---\n",
        ),
        (
            "content/future/inside.md",
            "---\ntitle: Inside\n---\nInside.\n",
        ),
    ])
}

/// Options for a build as of `now`.
fn as_of(now: &str, future: bool, expired: bool) -> BuildOptions {
    BuildOptions {
        overrides: Overrides {
            now: Some(now.parse().unwrap()),
            future,
            expired,
            ..Overrides::default()
        },
        force: false,
        ..BuildOptions::default()
    }
}

#[test]
fn a_publish_date_to_come_or_an_expiry_date_gone_leaves_a_page_out() {
    let site = dated_site();
    let loaded = Site::load(site.root(), &as_of("2025-06-02T08:00:00Z", false, false)).unwrap();
    loaded.build(&NoProgress).unwrap();
    assert_eq!(
        texts(&site, "news/index.html", ".card-title"),
        ["Going", "Now", "Soon"]
    );
    // A section left out takes its pages with it.
    assert!(!site.has_output("future/index.html"));
    assert!(!site.has_output("future/inside/index.html"));
    let left: Vec<(String, &str, String)> = loaded
        .left_out()
        .iter()
        .map(|l| {
            let (file, at) = l.at.clone().unwrap();
            (
                format!("{}:{}", file.display(), at.line),
                l.why.as_str(),
                l.date.clone(),
            )
        })
        .collect();
    let shown = |rel: &str, line: usize| format!("{}:{line}", site.path(rel).display());
    assert_eq!(
        left,
        [
            (
                shown("content/future/_index.md", 3),
                "future",
                "2031-01-01".to_string()
            ),
            (
                shown("content/news/gone.md", 3),
                "expired",
                "2025-05-31".to_string()
            ),
            (
                shown("content/news/later.md", 3),
                "future",
                "2030-01-01".to_string()
            ),
        ]
    );
    // A day later `Soon`'s offset time has passed too, and `Going` has expired.
    let loaded = Site::load(site.root(), &as_of("2025-06-03T00:00:01Z", false, false)).unwrap();
    loaded.build(&NoProgress).unwrap();
    assert_eq!(
        texts(&site, "news/index.html", ".card-title"),
        ["Now", "Soon"]
    );
}

#[test]
fn future_and_expired_build_every_page() {
    let site = dated_site();
    let loaded = Site::load(site.root(), &as_of("2025-06-02T08:00:00Z", true, true)).unwrap();
    assert!(loaded.left_out().is_empty());
    loaded.build(&NoProgress).unwrap();
    assert_eq!(
        texts(&site, "news/index.html", ".card-title"),
        ["Going", "Gone", "Later", "Now", "Soon"]
    );
    assert!(site.has_output("future/inside/index.html"));
    // book.toml's `[build] future` and `expired` do the same.
    site.write(
        "book.toml",
        format!("{BOOK}\n[build]\nfuture = true\nexpired = true\n"),
    );
    let loaded = Site::load(site.root(), &as_of("2025-06-02T08:00:00Z", false, false)).unwrap();
    assert!(loaded.left_out().is_empty());
}

#[test]
fn a_cascaded_publish_date_leaves_pages_out_and_points_at_the_cascade() {
    let site = site(&[
        (
            "content/beta/_index.md",
            "---\ntitle: Beta\ncascade:\n  publishDate: 2030-01-01\n  _target:\n    kind: page\n---\n",
        ),
        ("content/beta/feature.md", "---\ntitle: Feature\n---\nF.\n"),
    ]);
    let loaded = Site::load(site.root(), &as_of("2025-06-02T08:00:00Z", false, false)).unwrap();
    let left = &loaded.left_out()[0];
    let (file, at) = left.at.clone().unwrap();
    assert_eq!(left.source, site.path("content/beta/feature.md"));
    assert_eq!((file, at.line), (site.path("content/beta/_index.md"), 4));
    loaded.build(&NoProgress).unwrap();
    assert!(site.has_output("beta/index.html"));
    assert!(!site.has_output("beta/feature/index.html"));
}

fn praxis(site: &TestSite, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
        .args(args)
        .current_dir(site.root())
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        text(&out.stdout),
        text(&out.stderr),
        out.status.code().unwrap_or(-1),
    )
}

fn far_dates_site() -> TestSite {
    site(&[
        (
            "content/later.md",
            "---\ntitle: Later\npublishDate: 2999-01-01\n---\nLater.\n",
        ),
        (
            "content/old.md",
            "---\ntitle: Old\nexpiryDate: 2001-01-01\n---\nOld.\n",
        ),
        ("content/today.md", "---\ntitle: Today\n---\nToday.\n"),
    ])
}

#[test]
fn check_says_which_pages_their_dates_left_out() {
    let site = far_dates_site();
    let (_, stderr, code) = praxis(&site, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("content/later.md:3:14: note: left out: its publishDate 2999-01-01 is still to come (build with --future to include it)"), "{stderr}");
    assert!(stderr.contains("content/old.md:3:13: note: left out: its expiryDate 2001-01-01 has passed (build with --expired to include it)"), "{stderr}");
    assert!(
        stderr.contains("no problems; 2 pages left out by publishDate or expiryDate"),
        "{stderr}"
    );
    let (stdout, _, _) = praxis(&site, &["check", "--format", "json"]);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0]["code"], "left-out");
    assert_eq!(lines[0]["severity"], "note");
    assert_eq!(lines[0]["file"], "content/later.md");
    assert_eq!(lines[0]["line"], 3);
    assert_eq!(lines[1]["file"], "content/old.md");
    assert!(
        lines[1]["message"]
            .as_str()
            .unwrap()
            .contains("expiryDate 2001-01-01 has passed")
    );
    let (_, stderr, _) = praxis(&site, &["check", "--future", "--expired"]);
    assert!(
        stderr.contains("Checked 3 pages and 1 section") && !stderr.contains("left out"),
        "{stderr}"
    );
}

#[test]
fn build_future_and_expired_flags_include_the_pages() {
    let site = far_dates_site();
    let (_, stderr, code) = praxis(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!site.has_output("later/index.html") && !site.has_output("old/index.html"));
    let (_, stderr, code) = praxis(&site, &["build", "--future", "--build-expired"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.has_output("later/index.html") && site.has_output("old/index.html"));
}

/// Serves `site`, applies `edit`, and checks the served files against a full build.
fn assert_live_follows(site: &TestSite, edit: impl FnOnce(&TestSite) -> Vec<&'static str>) {
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    let touched: BTreeSet<_> = edit(site).into_iter().map(|rel| site.path(rel)).collect();
    live.update(&touched, false).unwrap();
    assert_served_as_built(&mut live, site);
}

/// Checks the files `live` serves against a full build of `site`.
fn assert_served_as_built(live: &mut Live, site: &TestSite) {
    live.settle();
    let out = tempfile::tempdir().unwrap();
    let built = Site::load(site.root(), &BuildOptions::default()).unwrap();
    built
        .build_into(&out.path().join("public"), &NoProgress)
        .unwrap();
    let public = out.path().join("public");
    let expected: BTreeSet<String> = list_files(&public)
        .into_iter()
        .filter(|f| f != praxis::output::MARKER)
        .collect();
    let files = live.files();
    let served: BTreeSet<String> = files.keys().map(|k| k.to_string()).collect();
    assert_eq!(served, expected);
    for path in &expected {
        let bytes = praxis::output::unpack(&files[path.as_str()]).unwrap();
        assert!(
            *bytes == *std::fs::read(public.join(path)).unwrap(),
            "{path} differs from a full build"
        );
    }
}

#[test]
fn serve_follows_an_edited_cascade_into_the_pages_below() {
    let site = cascade_site();
    assert_live_follows(&site, |site| {
        site.write(
            "content/docs/deep/_index.md",
            "---\ntitle: Deep\ncascade:\n  banner: deeper.png\n  tags: [deep]\n---\n",
        );
        vec!["content/docs/deep/_index.md"]
    });
    let site = cascade_site();
    assert_live_follows(&site, |site| {
        site.write(
            "content/docs/_index.md",
            "---\ntitle: Docs\ncascade:\n  weight: 1\n---\nNo more banner.\n",
        );
        vec!["content/docs/_index.md"]
    });
}

#[test]
fn serve_follows_a_build_option_edit_into_the_listings() {
    let site = build_site();
    assert_live_follows(&site, |site| {
        site.write(
            "content/docs/local.md",
            "---\ntitle: Local\nweight: 4\ntags: [t]\nbuild:\n  list: never\n  render: never\n---\nLo.\n",
        );
        vec!["content/docs/local.md"]
    });
}

#[test]
fn serve_renders_again_only_the_pages_an_edit_beside_a_cascade_touches() {
    let site = cascade_site();
    site.write("content/more/_index.md", "---\ntitle: More\n---\n");
    site.write("content/more/one.md", "---\ntitle: One\n---\nOne.\n");
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    // A new page rebuilds the site graph; the pages the cascades reach keep last build's
    // documents, so only the pages that show the new one are rendered.
    site.write("content/more/two.md", "---\ntitle: Two\n---\nTwo.\n");
    let update = live
        .update(&BTreeSet::from([site.path("content/more/two.md")]), false)
        .unwrap();
    assert_eq!(update.rendered, 3, "{update:?}");
}

#[test]
fn serve_patches_a_body_edit_of_a_page_a_cascade_reaches() {
    let site = cascade_site();
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    site.write(
        "content/docs/deep/b.md",
        "---\ntitle: Beta\n---\nB, edited.\n",
    );
    let update = live
        .update(
            &BTreeSet::from([site.path("content/docs/deep/b.md")]),
            false,
        )
        .unwrap();
    assert_eq!(
        update.scope,
        praxis::incremental::Scope::Pages,
        "{update:?}"
    );
    let page = praxis::output::unpack(&live.files()["docs/deep/b/index.html"])
        .unwrap()
        .into_owned();
    let page = String::from_utf8(page).unwrap();
    assert!(
        page.contains("deep.png") && page.contains("guide"),
        "{page}"
    );
    assert_served_as_built(&mut live, &site);
    // The next edit of the cascade reaches that page too.
    let index = "content/docs/deep/_index.md";
    site.write(
        index,
        "---\ntitle: Deep\ncascade:\n  banner: moved.png\n---\n",
    );
    live.update(&BTreeSet::from([site.path(index)]), false)
        .unwrap();
    assert_served_as_built(&mut live, &site);
}
