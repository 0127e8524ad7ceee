//! `praxis serve`'s incremental rebuilds: after any sequence of edits, the site held in
//! memory is byte for byte what a full `praxis build` of the same files writes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use praxis::incremental::{Live, Scope};
use praxis::{BuildOptions, NoProgress, Site};
use proptest::prelude::*;

use crate::support::{TestSite, list_files};

const BOOK: &str = r#"[book]
title = "Live Guide"
base-url = "https://live.example.org/"

[links]
id-keys = ["id"]
broken = "warn"

[[relations]]
name = "related"
title = "Related practices"
inverse = "Referenced by"

[[taxonomies]]
name = "tags"
title = "Tags"
"#;

/// One page of the model site.
#[derive(Debug, Clone)]
struct Page {
    path: String,
    title: String,
    id: String,
    related: Vec<String>,
    tags: Vec<String>,
    weight: i64,
    body: String,
    /// An alias besides the page's own `/old/<id>/`.
    alias: Option<String>,
    /// `linkTitle`, when set.
    link_title: Option<String>,
    /// The `menu` front matter, as written on one line.
    menu: Option<String>,
}

impl Page {
    fn text(&self) -> String {
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let extra = self
            .alias
            .as_ref()
            .map_or(String::new(), |a| format!(", \"{a}\""));
        let mut hugo = String::new();
        if let Some(label) = &self.link_title {
            hugo.push_str(&format!("linkTitle: \"{label}\"\n"));
        }
        if let Some(menu) = &self.menu {
            hugo.push_str(&format!("menu: {menu}\n"));
        }
        format!(
            "---\ntitle: \"{}\"\n{hugo}id: {}\ndescription: Part of [[OPS01]].\nweight: {}\n\
             aliases: [\"/old/{}/\"{extra}]\nrelated: {}\ntags: {}\n---\n\n{}\n",
            self.title,
            self.id,
            self.weight,
            self.id.to_lowercase(),
            list(&self.related),
            list(&self.tags),
            self.body
        )
    }
}

fn initial_pages() -> Vec<Page> {
    let mut pages = Vec::new();
    for q in 1..=2 {
        for bp in 1..=3 {
            let id = format!("OPS0{q}-BP0{bp}");
            pages.push(Page {
                path: format!("content/ops/ops0{q}/{}.md", id.to_lowercase()),
                title: format!("{id} Practice {q}.{bp}"),
                related: vec![format!("OPS0{}-BP01", 3 - q)],
                tags: vec![format!("tag{}", bp % 2)],
                weight: bp,
                body: format!(
                    "## Why\n\nSee [[OPS01-BP02]] and [the guide](../../guide.md).\n\nText {q}{bp}."
                ),
                link_title: (bp == 3).then(|| format!("Short {q}.{bp}")),
                menu: (q == 1 && bp == 1).then(|| "main".to_string()),
                id,
                alias: None,
            });
        }
    }
    pages
}

fn sections() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/_index.md",
            "---\ntitle: Live Guide\n---\nWelcome.\n",
        ),
        (
            "content/guide.md",
            "---\ntitle: Guide\nmenu: {main: {weight: 1, identifier: guide}}\n---\n## Start\n\nRead [[OPS01-BP01]].\n",
        ),
        // The data a template below shows on every page.
        ("data/site.yaml", "motto: Start here\n"),
        (
            "templates/partials/pager.html",
            "{%- if data.site %}<p class=\"motto\">{{ data.site.motto }}</p>{% endif %}\n\
             {%- if prev %}<a href=\"{{ prev.url }}\">{{ prev.link_title or prev.title }}</a>{% endif %}\n\
             {%- if next %}<a href=\"{{ next.url }}\">{{ next.link_title or next.title }}</a>{% endif %}\n",
        ),
        (
            "content/ops/_index.md",
            "---\ntitle: Operations\nweight: 1\n---\nThe pillar.\n",
        ),
        (
            "content/ops/ops01/_index.md",
            "---\ntitle: OPS01 Question one\nid: OPS01\n---\nQ1.\n",
        ),
        (
            "content/ops/ops02/_index.md",
            "---\ntitle: OPS02 Question two\nid: OPS02\n---\nQ2.\n",
        ),
    ]
}

/// An edit of the model site.
#[derive(Debug, Clone)]
enum Edit {
    Body(usize, u8),
    Title(usize, u8),
    Id(usize, u8),
    Related(usize, usize),
    Tags(usize, u8),
    Weight(usize, i64),
    Add(u8),
    Rename(usize, u8),
    Delete(usize),
    SectionTitle(u8, u8),
    Stylesheet(u8),
    /// Page i takes as an alias page j's address (0), page j's own alias (1), or a path
    /// several pages may share (2).
    Alias(usize, usize, u8),
    LinkTitle(usize, u8),
    Menu(usize, u8),
    Data(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0usize..16;
    prop_oneof![
        3 => (i.clone(), any::<u8>()).prop_map(|(p, n)| Edit::Body(p, n)),
        2 => (i.clone(), any::<u8>()).prop_map(|(p, n)| Edit::Title(p, n)),
        1 => (i.clone(), any::<u8>()).prop_map(|(p, n)| Edit::Id(p, n)),
        1 => (i.clone(), i.clone()).prop_map(|(p, q)| Edit::Related(p, q)),
        1 => (i.clone(), any::<u8>()).prop_map(|(p, n)| Edit::Tags(p, n)),
        1 => (i.clone(), -3i64..9).prop_map(|(p, w)| Edit::Weight(p, w)),
        1 => any::<u8>().prop_map(Edit::Add),
        1 => (i.clone(), any::<u8>()).prop_map(|(p, n)| Edit::Rename(p, n)),
        1 => i.clone().prop_map(Edit::Delete),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(q, n)| Edit::SectionTitle(q, n)),
        1 => any::<u8>().prop_map(Edit::Stylesheet),
        1 => (i.clone(), i.clone(), 0u8..3).prop_map(|(p, q, k)| Edit::Alias(p, q, k)),
        2 => (i.clone(), any::<u8>()).prop_map(|(p, n)| Edit::LinkTitle(p, n)),
        2 => (i, any::<u8>()).prop_map(|(p, n)| Edit::Menu(p, n)),
        1 => any::<u8>().prop_map(Edit::Data),
    ]
}

/// Applies `edit` to the model and the files; returns the paths it touched.
fn apply(site: &TestSite, pages: &mut Vec<Page>, edit: &Edit) -> Vec<PathBuf> {
    let site_wide = matches!(
        edit,
        Edit::Add(_) | Edit::SectionTitle(..) | Edit::Stylesheet(_) | Edit::Data(_)
    );
    if pages.is_empty() && !site_wide {
        return Vec::new();
    }
    let pick = |i: usize| i % pages.len().max(1);
    let mut touched = Vec::new();
    match edit.clone() {
        Edit::Body(i, n) => {
            let p = pick(i);
            pages[p].body.push_str(&format!("\n\nMore words {n}."));
        }
        Edit::Title(i, n) => {
            let p = pick(i);
            pages[p].title = format!("{} Renamed {n}", pages[p].id);
        }
        Edit::Id(i, n) => {
            let p = pick(i);
            pages[p].id = format!("NEW{:02}-BP{:02}", n % 7, n % 5);
        }
        Edit::Related(i, j) => {
            let (p, q) = (pick(i), pick(j));
            let target = pages[q].id.clone();
            pages[p].related = vec![target];
        }
        Edit::Tags(i, n) => {
            let p = pick(i);
            pages[p].tags = vec![format!("tag{}", n % 4)];
        }
        Edit::Weight(i, w) => {
            let p = pick(i);
            pages[p].weight = w;
        }
        Edit::Add(n) => {
            let q = 1 + n % 2;
            let id = format!("OPS0{q}-BP{}", 10 + n % 50);
            pages.push(Page {
                path: format!("content/ops/ops0{q}/added-{n}.md"),
                title: format!("{id} Added"),
                related: vec!["OPS01-BP01".to_string()],
                tags: vec!["tag9".to_string()],
                weight: (n % 5) as i64,
                body: format!("Added body, see [[{id}]]."),
                link_title: None,
                menu: None,
                id,
                alias: None,
            });
        }
        Edit::Rename(i, n) => {
            let p = pick(i);
            touched.push(site.path(&pages[p].path));
            std::fs::remove_file(site.path(&pages[p].path)).unwrap();
            let q = 1 + n % 2;
            pages[p].path = format!("content/ops/ops0{q}/moved-{n}.md");
        }
        Edit::SectionTitle(q, n) => {
            let q = 1 + q % 2;
            let rel = format!("content/ops/ops0{q}/_index.md");
            let text = format!("---\ntitle: OPS0{q} Question {n}\nid: OPS0{q}\n---\nQ{q}.\n");
            site.write(&rel, text);
            return vec![site.path(&rel)];
        }
        Edit::Stylesheet(n) => {
            // The first one adds a static file; later ones change its bytes only.
            site.write("static/site.css", format!("body {{ --edit: {n}; }}\n"));
            return vec![site.path("static/site.css")];
        }
        Edit::Alias(i, j, kind) => {
            let (p, q) = (pick(i), pick(j));
            let other = &pages[q];
            let alias = match kind {
                0 => format!(
                    "/{}/",
                    other
                        .path
                        .trim_start_matches("content/")
                        .trim_end_matches(".md")
                ),
                1 => format!("/old/{}/", other.id.to_lowercase()),
                _ => "/shared/".to_string(),
            };
            pages[p].alias = Some(alias);
        }
        Edit::LinkTitle(i, n) => {
            let p = pick(i);
            pages[p].link_title = (n % 3 != 0).then(|| format!("Short {n}"));
        }
        Edit::Menu(i, n) => {
            let p = pick(i);
            pages[p].menu = match n % 5 {
                0 => None,
                1 => Some("main".to_string()),
                2 => Some(format!("{{main: {{weight: {}, parent: guide}}}}", n % 7)),
                3 => Some("[main, footer]".to_string()),
                _ => Some(format!(
                    "{{main: {{name: \"Entry {n}\", parent: nowhere}}}}"
                )),
            };
        }
        Edit::Data(n) => {
            let text = match n % 4 {
                0 => "motto: [unclosed\n".to_string(),
                _ => format!("motto: Edition {n}\n"),
            };
            site.write("data/site.yaml", &text);
            return vec![site.path("data/site.yaml")];
        }
        Edit::Delete(i) => {
            let p = pick(i);
            let page = pages.remove(p);
            std::fs::remove_file(site.path(&page.path)).unwrap();
            touched.push(site.path(&page.path));
            return touched;
        }
    }
    // Write every page whose text changed (an id or title edit rewrites one file).
    for page in pages.iter() {
        let path = site.path(&page.path);
        let text = page.text();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            site.write(&page.path, &text);
            touched.push(path);
        }
    }
    touched
}

/// Every file of a full build of the site, by output path.
fn full_build(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, praxis::Error> {
    let out = tempfile::tempdir().unwrap();
    let site = Site::load(root, &BuildOptions::default())?;
    site.build_into(&out.path().join("public"), &NoProgress)?;
    let public = out.path().join("public");
    Ok(list_files(&public)
        .into_iter()
        .filter(|f| f != praxis::output::MARKER)
        .map(|f| {
            let bytes = std::fs::read(public.join(&f)).unwrap();
            (f, bytes)
        })
        .collect())
}

/// Settles the live site and checks it against a full build, naming the files that differ.
pub(crate) fn assert_same_site(live: &mut Live, root: &Path) {
    live.settle();
    let (now, expected) = (served(live), full_build(root).unwrap());
    let differ: Vec<&String> = expected
        .keys()
        .chain(now.keys())
        .filter(|p| now.get(*p) != expected.get(*p))
        .collect();
    let first = first_difference(&now, &expected, differ.first().copied());
    assert!(
        differ.is_empty(),
        "served files differ: {differ:?}\n{first}"
    );
}

/// The first line where a served file differs from the built one, to explain a failure.
fn first_difference(
    now: &BTreeMap<String, Vec<u8>>,
    expected: &BTreeMap<String, Vec<u8>>,
    path: Option<&String>,
) -> String {
    let Some(path) = path else {
        return String::new();
    };
    let text = |files: &BTreeMap<String, Vec<u8>>| {
        files
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    };
    let (served, built) = (text(now), text(expected));
    let line = served
        .lines()
        .zip(built.lines())
        .find(|(a, b)| a != b)
        .map(|(a, b)| format!("served: {a}\nbuilt:  {b}"));
    format!(
        "{path}: {}",
        line.unwrap_or_else(|| "one is a prefix of the other".into())
    )
}

fn served(live: &Live) -> BTreeMap<String, Vec<u8>> {
    live.files()
        .iter()
        .map(|(path, packed)| {
            let bytes = praxis::output::unpack(packed).expect("a packed file");
            (path.to_string(), bytes.into_owned())
        })
        .collect()
}

/// Compares the live site with a full build after each step; on a failed build, the live
/// site must fail too and keep serving what it served before.
fn check_edits(edits: &[Edit]) -> Result<(), TestCaseError> {
    let mut pages = initial_pages();
    let site = site_of(&pages);
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    prop_assert_eq!(served(&live), full_build(site.root()).unwrap());
    for edit in edits {
        let before = served(&live);
        let touched: BTreeSet<PathBuf> = apply(&site, &mut pages, edit).into_iter().collect();
        if touched.is_empty() {
            // An edit that changes no file is no event: the server hears nothing of it.
            continue;
        }
        let update = live.update(&touched, false).map(|mut update| {
            if let Some(rest) = live.settle() {
                update.changed.extend(rest.changed);
                update.changed.sort();
            }
            update
        });
        match full_build(site.root()) {
            Ok(expected) => {
                let update = update.map_err(|e| {
                    TestCaseError::fail(format!("{edit:?}: live failed: {:?}", e.diagnostics()))
                })?;
                let now = served(&live);
                let changed: BTreeSet<&String> = now
                    .iter()
                    .filter(|(p, b)| before.get(*p) != Some(b))
                    .map(|(p, _)| p)
                    .chain(before.keys().filter(|p| !now.contains_key(*p)))
                    .collect();
                let reported: BTreeSet<&String> = update.changed.iter().collect();
                prop_assert_eq!(reported, changed, "{:?}: reported changes", edit);
                let differ: Vec<&String> = expected
                    .keys()
                    .chain(now.keys())
                    .filter(|p| now.get(*p) != expected.get(*p))
                    .collect();
                prop_assert!(
                    differ.is_empty(),
                    "{:?} ({:?}): served files differ from a full build: {:?}\n{}",
                    edit,
                    update.scope,
                    differ,
                    first_difference(&now, &expected, differ.first().copied())
                );
            }
            Err(_) => {
                prop_assert!(
                    update.is_err(),
                    "{:?}: live succeeded where build failed",
                    edit
                );
                prop_assert!(
                    served(&live) == before,
                    "{:?}: last good site not kept",
                    edit
                );
            }
        }
    }
    Ok(())
}

proptest! {
    // 24 sequences in the suite; `PROPTEST_CASES=500` for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edits_serve_what_a_full_build_writes(edits in proptest::collection::vec(edit(), 1..7)) {
        check_edits(&edits)?;
    }
}

#[test]
fn a_body_edit_renders_only_its_page() {
    let (site, mut live, pages) = loaded();
    let mut page = pages[1].clone();
    page.body = page.body.replace("Text 12.", "Text 12, now longer.");
    site.write(&page.path, page.text());
    let update = live
        .update(&BTreeSet::from([site.path(&page.path)]), false)
        .unwrap();
    assert_eq!(update.scope, Scope::Pages);
    assert_eq!(update.rendered, 1);
    assert_eq!(update.changed, ["ops/ops01/ops01-bp02/index.html"]);
    assert_same_site(&mut live, site.root());
}

#[test]
fn a_title_edit_rerenders_the_pages_that_show_it_and_no_others() {
    let pages = initial_pages();
    let site = site_of(&pages);
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    let total = first.unwrap().rendered;
    let mut page = pages[4].clone(); // OPS02-BP02: shown by its siblings and its section
    page.title = "OPS02-BP02 A new name".into();
    site.write(&page.path, page.text());
    let update = live
        .update(&BTreeSet::from([site.path(&page.path)]), false)
        .unwrap();
    assert_eq!(update.scope, Scope::Pages, "{:?}", live.warnings());
    assert!(update.rendered < total, "{} of {total}", update.rendered);
    assert!(
        update
            .changed
            .contains(&"ops/ops02/ops02-bp01/index.html".to_string())
    );
    assert!(
        !update
            .changed
            .contains(&"ops/ops01/ops01-bp03/index.html".to_string())
    );
    assert_same_site(&mut live, site.root());
}

/// The fixture site of these tests: book.toml, the sections and `pages`.
fn site_of(pages: &[Page]) -> TestSite {
    let mut files: Vec<(String, String)> = vec![("book.toml".into(), BOOK.into())];
    files.extend(
        sections()
            .into_iter()
            .map(|(p, t)| (p.to_string(), t.to_string())),
    );
    files.extend(pages.iter().map(|p| (p.path.clone(), p.text())));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    TestSite::with_files(&refs)
}

/// The fixture site with its live copy loaded.
fn loaded() -> (TestSite, Live, Vec<Page>) {
    let pages = initial_pages();
    let site = site_of(&pages);
    let (live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    (site, live, pages)
}

#[test]
fn a_book_toml_change_made_while_the_build_fails_reaches_every_page_once_fixed() {
    let (site, mut live, pages) = loaded();
    // A folder with no _index.md: its section page has no file of its own, so only the
    // config reaches it.
    site.write("content/notes/n.md", "---\ntitle: A note\n---\nNoted.\n");
    live.update(&BTreeSet::from([site.path("content/notes/n.md")]), false)
        .unwrap();
    let page = &pages[0];
    site.write(&page.path, "---\ntitle: [unclosed\n---\n");
    assert!(
        live.update(&BTreeSet::from([site.path(&page.path)]), false)
            .is_err()
    );
    site.write("book.toml", BOOK.replace("Live Guide", "Renamed Guide"));
    assert!(
        live.update(&BTreeSet::from([site.path("book.toml")]), false)
            .is_err()
    );
    site.write(&page.path, page.text());
    live.update(&BTreeSet::from([site.path(&page.path)]), false)
        .unwrap();
    assert_same_site(&mut live, site.root());
}

#[test]
fn files_beside_book_toml_change_nothing() {
    // A log written next to book.toml (`praxis serve 2> serve.log`) must not rebuild the
    // site, or each rebuild's log line would start the next one.
    let (site, mut live, _) = loaded();
    let before = live.build();
    site.write("serve.log", "Rebuilt …");
    let update = live
        .update(&BTreeSet::from([site.path("serve.log")]), false)
        .unwrap();
    assert!(update.sources.is_empty() && update.changed.is_empty());
    assert_eq!(live.build(), before);
}

#[test]
fn an_edited_asset_is_served_anew() {
    let (site, mut live, _) = loaded();
    let asset = "content/ops/ops01/diagram.svg";
    site.write(asset, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    live.update(&BTreeSet::from([site.path(asset)]), false)
        .unwrap();
    // Only its bytes change: no page, no other file.
    site.write(
        asset,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>",
    );
    let update = live
        .update(&BTreeSet::from([site.path(asset)]), false)
        .unwrap();
    assert_eq!(update.changed, ["ops/ops01/diagram.svg"]);
    assert_same_site(&mut live, site.root());
}

/// Writes `page` with `aliases` in place of its own, and tells `live`.
fn with_aliases(site: &TestSite, live: &mut Live, page: &Page, aliases: &str) {
    let own = format!("aliases: [\"/old/{}/\"]", page.id.to_lowercase());
    let text = page.text().replace(&own, &format!("aliases: {aliases}"));
    assert_ne!(text, page.text());
    site.write(&page.path, text);
    live.update(&BTreeSet::from([site.path(&page.path)]), false)
        .unwrap();
}

#[test]
fn an_alias_added_on_its_own_is_served_at_once() {
    let (site, mut live, pages) = loaded();
    with_aliases(
        &site,
        &mut live,
        &pages[0],
        "[\"/old/ops01-bp01/\", \"/newer/\"]",
    );
    assert!(served(&live).contains_key("newer/index.html"));
    assert_same_site(&mut live, site.root());
}

#[test]
fn a_redirect_a_page_held_back_is_served_when_that_page_goes() {
    let (site, mut live, pages) = loaded();
    // OPS01-BP01 aliases OPS01-BP02's address (the page wins) and shares an alias with
    // OPS01-BP03, which comes after it in reading order.
    with_aliases(
        &site,
        &mut live,
        &pages[0],
        "[\"/ops/ops01/ops01-bp02/\", \"/shared/\"]",
    );
    with_aliases(&site, &mut live, &pages[2], "[\"/shared/\"]");
    assert_same_site(&mut live, site.root());
    // The page goes: its address becomes OPS01-BP01's redirect.
    std::fs::remove_file(site.path(&pages[1].path)).unwrap();
    live.update(&BTreeSet::from([site.path(&pages[1].path)]), false)
        .unwrap();
    assert_same_site(&mut live, site.root());
    // The first holder of `/shared/` goes: the redirect now leads to OPS01-BP03.
    std::fs::remove_file(site.path(&pages[0].path)).unwrap();
    live.update(&BTreeSet::from([site.path(&pages[0].path)]), false)
        .unwrap();
    let shared = String::from_utf8(served(&live)["shared/index.html"].clone()).unwrap();
    assert!(shared.contains("/ops/ops01/ops01-bp03/"), "{shared}");
    assert_same_site(&mut live, site.root());
}
