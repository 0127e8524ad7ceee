//! `praxis check`: the whole pipeline without writing, diagnostics for people, JSON Lines
//! and GitHub annotations, exit codes, and external links checked against a local server.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;

use crate::support::TestSite;

fn check(site: &TestSite) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("praxis"));
    cmd.arg("check").arg("--root").arg(site.root());
    cmd
}

#[test]
fn a_clean_site_checks_with_exit_0_and_writes_nothing() {
    let site = TestSite::fixture("links");
    let out = check(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("Checked 3 pages and 3 sections in "),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with(": no problems"), "{stderr}");
    assert!(!site.path("public").exists());
}

fn broken_site() -> TestSite {
    let site = TestSite::fixture("links");
    site.write(
        "content/ops/_index.md",
        "---\ntitle: Operations\n---\nSee [[OPS01-BP2]] and [the API](/api/).\n",
    );
    site
}

#[test]
fn json_format_prints_one_object_per_diagnostic() {
    let site = broken_site();
    let out = check(&site).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(objects.len(), 2, "{stdout}");
    let broken = &objects[0];
    assert_eq!(broken["severity"], "error");
    assert_eq!(broken["code"], "broken-link");
    assert!(
        broken["file"]
            .as_str()
            .unwrap()
            .ends_with("content/ops/_index.md")
    );
    assert_eq!(broken["line"], 4);
    assert_eq!(broken["column"], 5);
    assert_eq!(broken["help"], "did you mean `[[OPS01-BP02]]`?");
    assert!(
        broken["message"]
            .as_str()
            .unwrap()
            .contains("no page has the id `OPS01-BP2`")
    );
    assert_eq!(objects[1]["severity"], "warning");
    assert_eq!(objects[1]["column"], 23);
}

#[test]
fn github_format_prints_workflow_annotations() {
    let site = broken_site();
    let out = check(&site).args(["--format", "github"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let file = site.path("content/ops/_index.md").display().to_string();
    assert!(
        lines[0].starts_with(&format!(
            "::error file={file},line=4,col=5,title=praxis broken-link::broken link"
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("%0Ahelp: did you mean `[[OPS01-BP02]]`?"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("::warning file="), "{}", lines[1]);
}

#[test]
fn warnings_pass_unless_denied() {
    let site = TestSite::fixture("links");
    site.write(
        "content/ops/_index.md",
        "---\ntitle: Operations\n---\n[the API](/api/)\n",
    );
    check(&site).assert().code(0);
    check(&site).args(["--deny", "warnings"]).assert().code(1);
}

#[test]
fn configuration_errors_exit_2_in_every_format() {
    let site = TestSite::fixture("links");
    site.write("book.toml", "[links]\nbrokn = \"warn\"\n");
    let out = check(&site).args(["--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["code"], "config");
    assert_eq!(first["help"], "did you mean `broken`?");
}

/// A tiny HTTP server on 127.0.0.1 that answers by path and counts requests.
struct Server {
    port: u16,
    hits: Arc<Mutex<BTreeMap<String, usize>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
        let counter = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    continue;
                }
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let mut parts = request.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let path = parts.next().unwrap_or("").to_string();
                *counter
                    .lock()
                    .unwrap()
                    .entry(format!("{method} {path}"))
                    .or_default() += 1;
                let status = match (method.as_str(), path.as_str()) {
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    ("GET", "/no-head") => "200 OK",
                    (_, "/busy") => "503 Service Unavailable",
                    _ => "404 Not Found",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        Server { port, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn hits(&self) -> BTreeMap<String, usize> {
        self.hits.lock().unwrap().clone()
    }
}

#[test]
fn external_links_are_fetched_once_each_and_good_answers_are_cached() {
    let server = Server::start();
    let site = TestSite::fixture("links");
    // The fixture's one external link goes to the local server instead.
    let page = site
        .read("content/ops/ops01-bp01.md")
        .replace("https://example.net/guide", &server.url("/ok"));
    site.write("content/ops/ops01-bp01.md", page);
    let line = format!(
        "[ok]({ok}) [ok again]({ok}#part) [moved on]({gone}) [picky]({no_head}) [busy]({busy})",
        ok = server.url("/ok"),
        gone = server.url("/gone"),
        no_head = server.url("/no-head"),
        busy = server.url("/busy"),
    );
    let column = |text: &str| line.find(text).unwrap() as u64 + 1;
    site.write(
        "content/principles/_index.md",
        format!("---\ntitle: Principles\n---\n{line}\n"),
    );
    site.write(
        "content/ops/_index.md",
        format!("---\ntitle: Operations\n---\n[ok]({})\n", server.url("/ok")),
    );

    // Without --external nothing is fetched.
    check(&site).assert().code(0);
    assert!(server.hits().is_empty());

    let out = check(&site)
        .args(["--external", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let found: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(String, String, u64)> = found
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let gone = server.url("/gone");
    let busy = server.url("/busy");
    assert_eq!(
        summary,
        [
            (
                "error".to_string(),
                format!("dead external link “moved on” to `{gone}`: 404 Not Found"),
                column("[moved on]")
            ),
            (
                "warning".to_string(),
                format!(
                    "could not check external link “busy” to `{busy}`: 503 Service Unavailable"
                ),
                column("[busy]")
            ),
        ]
    );
    let hits = server.hits();
    assert_eq!(
        hits.get("HEAD /ok"),
        Some(&1),
        "one request per unique URL: {hits:?}"
    );
    assert_eq!(hits.get("GET /no-head"), Some(&1), "{hits:?}");

    // A second run trusts the cache for good answers and asks again about the others.
    check(&site).args(["--external"]).assert().code(1);
    let again = server.hits();
    assert_eq!(again.get("HEAD /ok"), Some(&1), "{again:?}");
    assert_eq!(again.get("HEAD /gone"), Some(&2), "{again:?}");
    assert!(site.path(".praxis-cache/external-links.json").is_file());
}

#[test]
fn template_errors_are_found_without_writing_anything() {
    let site = TestSite::fixture("links");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.extra.missing.deeper }}{% endblock content %}\n",
    );
    let out = check(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("templates/page.html:2:"), "{stderr}");
    assert!(!site.path("public").exists());
}
