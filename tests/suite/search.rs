//! The search index a build writes into `search-index/`: which pages it holds (not drafts,
//! not `search: false`, not unrendered pages), where each term is found (id, title,
//! heading, taxonomy term, body), its shards and filters, the `[search]` switch, the
//! tokeniser's words in every script, and `praxis serve` keeping the index right after an
//! edit.

use std::collections::{BTreeMap, BTreeSet};

use praxis::incremental::Live;
use praxis::search::tokens::words;
use praxis::{BuildOptions, NoProgress, Site};
use serde_json::Value;

use crate::support::TestSite;

const BOOK: &str = "[book]\ntitle = \"Search\"\nbase-url = \"/\"\n\n\
                    [[taxonomies]]\nname = \"tags\"\n\n[search]\nfilters = [\"risk\"]\n";

fn site() -> TestSite {
    TestSite::with_files(&[
        ("book.toml", BOOK),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nWelcome home.\n",
        ),
        (
            "content/ops/_index.md",
            "---\ntitle: Operations\n---\nRunning things.\n",
        ),
        (
            "content/ops/ops01-bp02.md",
            "---\ntitle: OPS01-BP02 Evaluate customer needs\nid: OPS01-BP02\ntags: [Key rotation]\n\
             risk: High\n---\nTeams ask customers.\n\n## Planning ahead\n\nThey plan &amp; review.\n",
        ),
        (
            "content/ops/hidden.md",
            "---\ntitle: Internal notes\nsearch: false\n---\nSecretword here.\n",
        ),
        (
            "content/ops/draft.md",
            "---\ntitle: Draft page\ndraft: true\n---\nDraftword here.\n",
        ),
        (
            "content/ops/never.md",
            "---\ntitle: Never written\nbuild:\n  render: never\n---\nNeverword.\n",
        ),
        (
            "content/ops/cjk.md",
            "---\ntitle: 東京都\n---\n検索エンジン\n",
        ),
    ])
}

/// The manifest, `search-index/index.json`.
fn manifest(site: &TestSite) -> Value {
    serde_json::from_str(&site.output("search-index/index.json")).unwrap()
}

/// The URL of every indexed page, in index order.
fn indexed_urls(site: &TestSite) -> Vec<String> {
    let m = manifest(site);
    let pages = m["pages"].as_u64().unwrap() as usize;
    let per = m["per"].as_u64().unwrap() as usize;
    (0..pages.div_ceil(per))
        .flat_map(|n| {
            let rows: Value =
                serde_json::from_str(&site.output(&format!("search-index/p/{n}.json"))).unwrap();
            rows.as_array()
                .unwrap()
                .iter()
                .map(|row| row[0].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut n, mut shift) = (0u64, 0);
    loop {
        let b = bytes[*at];
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            return n;
        }
    }
}

/// Reads a set of pages (docs/search-format.md).
fn pages_of(payload: &[u8], kind: u64, total: u32) -> Vec<u32> {
    let gaps = || {
        let (mut at, mut page, mut out) = (0, 0u32, Vec::new());
        while at < payload.len() {
            let gap = varint(payload, &mut at) as u32;
            page = if out.is_empty() { gap } else { page + gap };
            out.push(page);
        }
        out
    };
    match kind {
        0 => gaps(),
        1 => (0..payload.len() as u32 * 8)
            .filter(|p| payload[*p as usize / 8] & (1 << (p % 8)) != 0)
            .collect(),
        _ => {
            let absent = gaps();
            (0..total).filter(|p| !absent.contains(p)).collect()
        }
    }
}

/// Every term of the index: for each, the pages (by url) of each tier it occurs in.
fn terms(site: &TestSite) -> BTreeMap<String, BTreeMap<&'static str, Vec<String>>> {
    const TIERS: [&str; 5] = ["id", "title", "heading", "term", "body"];
    let m = manifest(site);
    let urls = indexed_urls(site);
    let total = urls.len() as u32;
    let mut out = BTreeMap::new();
    for key in m["shards"].as_array().unwrap() {
        let path = site.path(&format!(
            "public/search-index/t/{}.bin",
            key.as_str().unwrap()
        ));
        let bytes = std::fs::read(path).unwrap();
        let mut at = 0;
        while at < bytes.len() {
            let len = varint(&bytes, &mut at) as usize;
            let term = String::from_utf8(bytes[at..at + len].to_vec()).unwrap();
            at += len;
            let present = bytes[at];
            at += 1;
            let mut tiers = BTreeMap::new();
            for (bit, name) in TIERS.iter().enumerate() {
                if present & (1 << bit) == 0 {
                    continue;
                }
                let header = varint(&bytes, &mut at);
                let end = at + (header >> 2) as usize;
                let pages = pages_of(&bytes[at..end], header & 3, total);
                tiers.insert(
                    *name,
                    pages.iter().map(|&p| urls[p as usize].clone()).collect(),
                );
                at = end;
            }
            let key_of_term = praxis::search::tokens::shard_key(&term);
            assert_eq!(
                praxis::search::files::hex(key_of_term),
                key.as_str().unwrap()
            );
            out.insert(term, tiers);
        }
    }
    out
}

#[test]
fn the_index_holds_written_pages_but_not_drafts_or_pages_that_opt_out() {
    let site = site();
    let options = BuildOptions {
        overrides: praxis::config::Overrides {
            drafts: true,
            ..Default::default()
        },
        ..Default::default()
    };
    site.build_with(&options).unwrap();
    let urls = indexed_urls(&site);
    assert_eq!(urls, ["/", "/ops/", "/ops/cjk/", "/ops/ops01-bp02/"]);
    assert!(
        site.has_output("ops/draft/index.html"),
        "the draft is built…"
    );
    let terms = terms(&site);
    for word in ["draftword", "secretword", "neverword"] {
        assert!(!terms.contains_key(word), "…but {word} is not indexed");
    }
}

#[test]
fn each_term_records_where_it_occurs() {
    let site = site();
    site.build_ok();
    let terms = terms(&site);
    let page = || vec!["/ops/ops01-bp02/".to_string()];
    assert_eq!(
        terms["ops01-bp02"]["id"],
        page(),
        "the whole id, lowercased"
    );
    assert_eq!(terms["evaluate"]["title"], page());
    assert_eq!(terms["planning"]["heading"], page());
    assert_eq!(terms["rotation"]["term"], page(), "taxonomy terms");
    assert_eq!(terms["high"]["term"], page(), "`search.filters` values");
    assert_eq!(terms["customers"]["body"], page());
    assert!(
        terms.contains_key("review"),
        "entities are decoded: {terms:?}"
    );
    // CJK by bigrams, stored under their first character.
    assert_eq!(terms["東京"]["title"], ["/ops/cjk/"]);
    assert_eq!(terms["京都"]["title"], ["/ops/cjk/"]);
    assert_eq!(terms["エン"]["body"], ["/ops/cjk/"]);
}

#[test]
fn records_and_filters_show_what_results_need() {
    let site = site();
    let report = site.build_ok();
    let m = manifest(&site);
    assert_eq!(m["version"], 1);
    let names: Vec<&str> = m["filters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["tags", "risk"]);
    let rows: Value = serde_json::from_str(&site.output("search-index/p/0.json")).unwrap();
    assert_eq!(
        rows[3],
        serde_json::json!([
            "/ops/ops01-bp02/",
            "OPS01-BP02 Evaluate customer needs",
            "OPS01-BP02",
            "Operations",
            "Teams ask customers. Planning ahead They plan & review."
        ])
    );
    let tags: Value = serde_json::from_str(&site.output("search-index/f/tags.json")).unwrap();
    assert_eq!(tags, serde_json::json!({"values": [["Key rotation", [3]]]}));
    let risk: Value = serde_json::from_str(&site.output("search-index/f/risk.json")).unwrap();
    assert_eq!(risk, serde_json::json!({"values": [["High", [3]]]}));
    // The index's files count in the build's total.
    let index_files = walk(&site.path("public/search-index"));
    let all_files = walk(&site.path("public"));
    assert_eq!(
        report.files,
        all_files - 1,
        "every file but the output marker"
    );
    assert!(index_files > 4);
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() { walk(&path) } else { 1 }
        })
        .sum()
}

#[test]
fn pages_show_the_search_box_only_when_search_is_enabled() {
    let site = site();
    site.build_ok();
    let page = site.output("ops/ops01-bp02/index.html");
    assert!(
        page.contains("<div class=\"site-search\" data-search-index=\"/search-index/\" hidden>")
    );
    assert!(page.contains("search.js\" defer>"));

    let off = format!("{}enabled = false\n", BOOK);
    site.write("book.toml", off);
    site.build_ok();
    assert!(!site.has_output("search-index"));
    let page = site.output("ops/ops01-bp02/index.html");
    assert!(!page.contains("data-search-index") && !page.contains("search.js"));
}

#[test]
fn an_unknown_search_key_is_a_config_error() {
    let site = site();
    site.write("book.toml", format!("{BOOK}enable = false\n"));
    let err = site.build_err();
    let message = &err.diagnostics()[0].message;
    assert!(message.contains("unknown key `enable`"), "{message}");
}

#[test]
fn a_search_key_that_is_not_true_or_false_is_an_error_at_its_line() {
    let site = site();
    site.write(
        "content/ops/hidden.md",
        "---\ntitle: Internal\nsearch: no thanks\n---\nText.\n",
    );
    let err = site.build_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.message, "`search` must be true or false");
    assert!(d.path.as_ref().unwrap().ends_with("content/ops/hidden.md"));
    assert_eq!(d.line, Some(3));
}

#[test]
fn serve_keeps_the_index_right_after_a_body_edit() {
    let site = site();
    let (mut live, _) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    let page = "content/ops/ops01-bp02.md";
    let edited = site
        .read(page)
        .replace("Teams ask customers.", "Teams ask zebras.");
    site.write(page, edited);
    let update = live
        .update(&BTreeSet::from([site.path(page)]), false)
        .unwrap();
    assert!(
        update
            .changed
            .iter()
            .all(|p| !p.starts_with("search-index/"))
    );
    let settled = live.settle().expect("the index waits for settle");
    assert!(
        settled
            .changed
            .iter()
            .any(|p| p.starts_with("search-index/t/")),
        "{settled:?}"
    );
    // The served index is the one a full build writes: zebras are in, no stale shard stays.
    let out = tempfile::tempdir().unwrap();
    let built = Site::load(site.root(), &BuildOptions::default()).unwrap();
    built.build_into(out.path(), &NoProgress).unwrap();
    let served: BTreeSet<String> = live
        .files()
        .keys()
        .filter(|p| p.starts_with("search-index/"))
        .map(|p| p.to_string())
        .collect();
    let written: BTreeSet<String> = walk_names(&out.path().join("search-index"), "search-index");
    assert_eq!(served, written);
    assert!(written.contains(&format!(
        "search-index/t/{}.bin",
        praxis::search::files::hex("zeb")
    )));
}

fn walk_names(dir: &std::path::Path, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = format!("{prefix}/{}", path.file_name().unwrap().to_str().unwrap());
        if path.is_dir() {
            out.extend(walk_names(&path, &name));
        } else {
            out.insert(name);
        }
    }
    out
}

/// (script, text, words): letters, digits and marks make words, lowercased; CJK is cut into
/// bigrams; Thai, written without spaces, stays one word a run.
const SCRIPTS: &[(&str, &str, &[&str])] = &[
    (
        "Latin",
        "Crème Brûlée, à la FRANÇAISE",
        &["crème", "brûlée", "à", "la", "française"],
    ),
    (
        "Greek",
        "ΟΔΥΣΣΕΥΣ και Ελληνικά",
        &["οδυσσευς", "και", "ελληνικά"],
    ),
    ("Cyrillic", "Привет, мир!", &["привет", "мир"]),
    ("Arabic", "مَرْحَبًا بِالعَالَم", &["مَرْحَبًا", "بِالعَالَم"]),
    ("Hebrew", "בְּרֵאשִׁית בָּרָא", &["בְּרֵאשִׁית", "בָּרָא"]),
    ("Devanagari", "संज्ञा परिभाषा", &["संज्ञा", "परिभाषा"]),
    ("Thai", "สวัสดี ชาวโลก", &["สวัสดี", "ชาวโลก"]),
    ("Chinese", "中文标题", &["中文", "文标", "标题"]),
    (
        "Japanese",
        "日本語の検索",
        &["日本", "本語", "語の", "の検", "検索"],
    ),
    ("Korean", "한국어 검색", &["한국", "국어", "검색"]),
    (
        "Mixed",
        "OPS01-BP02 uses 東京",
        &["ops01", "bp02", "uses", "東京"],
    ),
    ("Digits", "v1.2 and 3,000", &["v1", "2", "and", "3", "000"]),
    ("Emoji", "🚀 Launch ✨ day", &["launch", "day"]),
];

#[test]
fn words_follow_unicode_letters_and_cut_cjk_into_bigrams() {
    for (script, text, expected) in SCRIPTS {
        let mut got = Vec::new();
        words(text, |w| got.push(w.to_string()));
        assert_eq!(&got, expected, "{script}: {text}");
    }
}
