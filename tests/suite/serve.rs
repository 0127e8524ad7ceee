//! `praxis serve` end to end: the real binary on a free port, a small site edited on disk
//! while it runs, and what the browser side sees — reload and error events over SSE, and the
//! pages served afterwards. Also its command-line edges: Ctrl-C, a taken port, a public bind,
//! and that `praxis build` and `praxis init` stay free of the dev server's traces.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use scraper::Html;
use serde_json::Value;

use crate::support::http::Response;
use crate::support::serve::{SERVING, Serve, WAIT, collect, praxis, save, wait_exit};
use crate::support::{Page, TestSite, list_files};

/// The tag every served HTML page gets, and no built page may hold.
pub(crate) const LIVE_SCRIPT: &str = "<script src=\"/__praxis/live.js\"></script>";

const BOOK: &str = r#"[book]
title = "Serve fixture"
description = "A site for the dev server's end-to-end tests."
base-url = "/"

[[relations]]
name = "related"
title = "Related"
inverse = "Referenced by"

[[taxonomies]]
name = "tags"
title = "Tags"
"#;

const ALPHA: &str = "---\ntitle: Alpha\nid: ALPHA\ntags: [planning]\nrelated: [BETA]\n---\n\
                     Alpha first draft. See [[BETA]].\n";
const BETA: &str = "---\ntitle: Beta\nid: BETA\ntags: [planning]\n---\nBeta body.\n";
const GAMMA: &str = "---\ntitle: Gamma\nid: GAMMA\n---\nGamma body.\n";
const CSS: &str = "body { color: black; }\n";

/// The fixture's files, each path under `prefix`.
fn files(prefix: &str) -> Vec<(String, &'static str)> {
    [
        ("book.toml", BOOK),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nThe home page.\n",
        ),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\n---\nHow to run things.\n",
        ),
        ("content/guide/alpha.md", ALPHA),
        ("content/guide/beta.md", BETA),
        ("content/guide/gamma.md", GAMMA),
        (
            "content/reference/_index.md",
            "---\ntitle: Reference\n---\nLookups.\n",
        ),
        (
            "content/reference/glossary.md",
            "---\ntitle: Glossary\n---\nWords.\n",
        ),
        ("static/site.css", CSS),
    ]
    .into_iter()
    .map(|(path, text)| (format!("{prefix}{path}"), text))
    .collect()
}

fn fixture() -> TestSite {
    let list = files("");
    let borrowed: Vec<(&str, &str)> = list.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    TestSite::with_files(&borrowed)
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_else(|| panic!("not a string: {v}")))
        .collect()
}

fn parse(response: &Response) -> Page {
    Page(Html::parse_document(&response.text()))
}

#[test]
fn editing_a_page_reloads_it_and_serves_the_new_text() {
    let site = fixture();
    let serve = Serve::start(&site);
    let before = serve.page("/guide/alpha/");
    assert!(before.contains("Alpha first draft."), "{before}");

    let (mut events, hello) = serve.subscribe();
    save(
        &site,
        "content/guide/alpha.md",
        &ALPHA.replace("Alpha first draft.", "Alpha second draft."),
    );
    let reload = serve.reload(&mut events);
    assert!(
        strings(&reload["pages"]).contains(&"/guide/alpha/"),
        "{reload}"
    );
    assert!(reload["build"].as_u64().unwrap() > hello, "{reload}");

    let after = serve.page("/guide/alpha/");
    assert!(after.contains("Alpha second draft."), "{after}");
    assert!(!after.contains("Alpha first draft."), "{after}");
    assert!(after.contains(LIVE_SCRIPT), "{after}");
}

#[test]
fn adding_a_page_serves_it_and_links_it_from_its_section_and_siblings() {
    let site = fixture();
    let serve = Serve::start(&site);
    assert_eq!(serve.get("/guide/delta/").status, 404);

    let (mut events, _) = serve.subscribe();
    save(
        &site,
        "content/guide/delta.md",
        "---\ntitle: Delta\nid: DELTA\n---\nDelta is new.\n",
    );
    let reload = serve.reload(&mut events);
    let pages = strings(&reload["pages"]);
    for url in ["/guide/delta/", "/guide/", "/guide/alpha/"] {
        assert!(pages.contains(&url), "{url} not in {reload}");
    }

    assert!(serve.page("/guide/delta/").contains("Delta is new."));
    let section = parse(&serve.get("/guide/"));
    let cards = section.attrs(".cards a", "href");
    assert!(cards.contains(&"/guide/delta/".to_string()), "{cards:?}");
    let sibling = parse(&serve.get("/guide/alpha/"));
    let nav = sibling.attrs(".sidebar a", "href");
    assert!(nav.contains(&"/guide/delta/".to_string()), "{nav:?}");
}

#[test]
fn renaming_a_page_moves_its_url_and_id_links_follow_it() {
    let site = fixture();
    let serve = Serve::start(&site);
    assert!(serve.page("/guide/beta/").contains("Beta body."));

    let (mut events, _) = serve.subscribe();
    std::fs::rename(
        site.path("content/guide/beta.md"),
        site.path("content/guide/beta-moved.md"),
    )
    .unwrap();
    serve.reload(&mut events);

    let old = serve.get("/guide/beta/");
    assert_eq!(old.status, 404, "{}", old.text());
    assert!(old.text().contains("Page not found"), "{}", old.text());
    assert!(serve.page("/guide/beta-moved/").contains("Beta body."));
    let alpha = parse(&serve.get("/guide/alpha/"));
    assert_eq!(alpha.attrs(".prose a", "href"), ["/guide/beta-moved/"]);
}

#[test]
fn deleting_a_page_404s_it_and_drops_it_from_the_navigation() {
    let site = fixture();
    let serve = Serve::start(&site);
    let nav = parse(&serve.get("/guide/alpha/")).attrs(".sidebar a", "href");
    assert!(nav.contains(&"/guide/gamma/".to_string()), "{nav:?}");

    let (mut events, _) = serve.subscribe();
    std::fs::remove_file(site.path("content/guide/gamma.md")).unwrap();
    let reload = serve.reload(&mut events);
    assert!(
        strings(&reload["pages"]).contains(&"/guide/gamma/"),
        "{reload}"
    );

    let gone = serve.get("/guide/gamma/");
    assert_eq!(gone.status, 404, "{}", gone.text());
    let nav = parse(&serve.get("/guide/alpha/")).attrs(".sidebar a", "href");
    assert!(!nav.contains(&"/guide/gamma/".to_string()), "{nav:?}");
    assert!(nav.contains(&"/guide/beta/".to_string()), "{nav:?}");
}

#[test]
fn a_stylesheet_change_swaps_the_stylesheet_without_reloading_pages() {
    let site = fixture();
    let serve = Serve::start(&site);
    assert_eq!(serve.get("/site.css").body, CSS.as_bytes());

    let (mut events, _) = serve.subscribe();
    let new_css = "body { color: rebeccapurple; }\n";
    save(&site, "static/site.css", new_css);
    let reload = serve.reload(&mut events);
    assert_eq!(strings(&reload["styles"]), ["/site.css"], "{reload}");
    assert!(strings(&reload["pages"]).is_empty(), "{reload}");
    assert_eq!(reload["all"], Value::Bool(false), "{reload}");

    let response = serve.get("/site.css");
    assert_eq!(response.status, 200);
    assert_eq!(response.body, new_css.as_bytes());
}

#[test]
fn a_bad_save_reports_errors_keeps_the_last_good_page_and_recovers() {
    let site = fixture();
    let serve = Serve::start(&site);
    let (mut events, _) = serve.subscribe();
    save(
        &site,
        "content/guide/alpha.md",
        &ALPHA
            .replace("title: Alpha", "title: [unclosed")
            .replace("first draft", "broken draft"),
    );
    let errors = serve.expect(&mut events, "errors");
    let diagnostics = errors["diagnostics"].as_array().expect("diagnostics");
    let named = diagnostics.iter().find(|d| {
        d["file"]
            .as_str()
            .is_some_and(|f| Path::new(f).ends_with("guide/alpha.md"))
    });
    let named = named.unwrap_or_else(|| panic!("no diagnostic names alpha.md: {errors}"));
    assert!(named["line"].as_u64().is_some_and(|l| l >= 1), "{named}");
    assert!(
        errors["text"]
            .as_str()
            .is_some_and(|t| t.contains("alpha.md")),
        "{errors}"
    );

    let served = serve.page("/guide/alpha/");
    assert!(served.contains("Alpha first draft."), "{served}");
    assert!(!served.contains("broken draft"), "{served}");

    // A tab opened now learns of the failure at once.
    let (mut late, _) = serve.subscribe();
    let again = serve.expect(&mut late, "errors");
    assert_eq!(again["diagnostics"], errors["diagnostics"]);

    save(
        &site,
        "content/guide/alpha.md",
        &ALPHA.replace("first draft", "fixed draft"),
    );
    let reload = serve.reload(&mut events);
    assert!(
        strings(&reload["pages"]).contains(&"/guide/alpha/"),
        "{reload}"
    );
    let fixed = serve.page("/guide/alpha/");
    assert!(fixed.contains("Alpha fixed draft."), "{fixed}");
}

#[test]
fn request_paths_cannot_reach_files_outside_the_output() {
    // The site lives in `site/`, next to a file a traversal would find one level up.
    let secret = "top secret: not part of any site";
    let mut list = files("site/");
    list.push(("secret.txt".to_string(), secret));
    let borrowed: Vec<(&str, &str)> = list.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let tree = TestSite::with_files(&borrowed);
    let serve = Serve::with_args([
        tree.path("site").as_os_str(),
        OsStr::new("--port"),
        OsStr::new("0"),
    ]);

    let paths = [
        "/book.toml",
        "/../secret.txt",
        "/../site/book.toml",
        "/guide/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/site/book.toml",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/a%2fb",
        "/%00",
        "/book.toml%00.html",
        "//etc/passwd",
        "//../secret.txt",
        "/./book.toml",
    ];
    for path in paths {
        let response = serve.get(path);
        assert!(
            [400, 404].contains(&response.status),
            "GET {path} answered {}: {}",
            response.status,
            response.text()
        );
        let body = response.text();
        assert!(!body.contains(secret), "GET {path} leaked secret.txt");
        assert!(
            !body.contains("[[relations]]") && !body.contains("base-url ="),
            "GET {path} leaked book.toml: {body}"
        );
        assert!(!body.contains("root:x:"), "GET {path} leaked /etc/passwd");
    }
    // The server still answers normally afterwards.
    assert!(serve.page("/guide/alpha/").contains("Alpha first draft."));
}

#[test]
fn ctrl_c_exits_0_and_leaves_the_site_folder_untouched() {
    let site = fixture();
    let before = list_files(site.root());
    let mut serve = Serve::start(&site);
    serve.page("/");
    // A rebuild happens in memory too.
    let (mut events, _) = serve.subscribe();
    save(
        &site,
        "content/guide/beta.md",
        &BETA.replace("Beta body.", "Beta edited."),
    );
    serve.reload(&mut events);
    assert!(serve.page("/guide/beta/").contains("Beta edited."));

    let status = serve.stop();
    assert_eq!(
        status.code(),
        Some(0),
        "{status}; stderr:\n{}",
        serve.stderr()
    );
    assert_eq!(list_files(site.root()), before);
    let entries: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!entries.contains(&"public".to_string()), "{entries:?}");
    assert!(
        !entries.iter().any(|e| e.starts_with(".praxis-staging")),
        "{entries:?}"
    );
}

#[test]
fn a_port_in_use_exits_2_naming_the_port_flag() {
    let site = fixture();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = praxis()
        .arg("serve")
        .arg("--root")
        .arg(site.root())
        .args(["--port", &port])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = collect(child.stderr.take().unwrap());
    let stdout = collect(child.stdout.take().unwrap());
    let status = wait_exit(&mut child, WAIT);
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    // Let the reader threads see the end of both pipes.
    let deadline = Instant::now() + WAIT;
    while (Arc::strong_count(&stderr) > 1 || Arc::strong_count(&stdout) > 1)
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    let stderr = stderr.lock().unwrap().clone();
    let status = status.unwrap_or_else(|| panic!("still running on a taken port:\n{stderr}"));
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
    let stdout = stdout.lock().unwrap().clone();
    assert!(!stdout.contains(SERVING), "{stdout}");
    drop(taken);
}

#[test]
fn binding_beyond_loopback_warns_that_the_site_is_exposed() {
    let site = fixture();
    let mut serve = Serve::with_args([
        site.root().as_os_str(),
        OsStr::new("--bind"),
        OsStr::new("0.0.0.0"),
        OsStr::new("--port"),
        OsStr::new("0"),
    ]);
    let stderr = serve.stderr_containing("anyone who can reach this machine");
    assert!(stderr.contains("warning:"), "{stderr}");
    assert!(stderr.contains("0.0.0.0"), "{stderr}");
    assert!(
        stderr.contains("anyone who can reach this machine"),
        "{stderr}"
    );
    assert!(serve.page("/").contains(LIVE_SCRIPT));
    let status = serve.stop();
    assert_eq!(status.code(), Some(0), "{status}");
}

#[test]
fn a_loopback_bind_prints_no_warning() {
    let site = fixture();
    let mut serve = Serve::start(&site);
    serve.page("/");
    serve.stop();
    let stderr = serve.stderr();
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn praxis_build_output_holds_no_trace_of_the_dev_server() {
    let site = fixture();
    let out = praxis()
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = site.path("public");
    let files = list_files(&public);
    assert!(files.contains(&"guide/alpha/index.html".to_string()));
    for rel in &files {
        let bytes = std::fs::read(public.join(rel)).unwrap();
        assert!(
            !bytes.windows(8).any(|w| w == b"__praxis"),
            "public/{rel} mentions __praxis"
        );
    }
}

#[test]
fn init_prints_the_serve_and_build_commands_and_the_serve_one_works() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("handbook");
    let out = praxis().arg("init").arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let next = lines
        .iter()
        .position(|l| l.trim() == "Next:")
        .unwrap_or_else(|| panic!("no `Next:` in\n{stdout}"));
    let steps: Vec<&str> = lines[next + 1..].iter().map(|l| l.trim()).collect();
    let root = dir.display();
    assert_eq!(
        steps,
        [
            format!("praxis serve --root {root}"),
            format!("praxis build --root {root}")
        ],
        "{stdout}"
    );

    // The serve step as printed (on a free port rather than 1111) serves the new site.
    let words: Vec<&str> = steps[0].split_whitespace().collect();
    assert_eq!(words[..3], ["praxis", "serve", "--root"]);
    let mut serve = Serve::with_args(words[3..].iter().chain(&["--port", "0"]));
    assert!(serve.page("/").contains(LIVE_SCRIPT));
    assert_eq!(serve.stop().code(), Some(0));
}
