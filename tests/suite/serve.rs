//! `praxis serve` end to end: the real binary on a free port, a small site edited on disk
//! while it runs, and what the browser side sees — reload and error events over SSE, and the
//! pages served afterwards. Also its command-line edges: Ctrl-C, a taken port, a public bind,
//! and that `praxis build` and `praxis init` stay free of the dev server's traces.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scraper::Html;
use serde_json::Value;

use crate::support::http::{Events, Response, get};
use crate::support::{Page, TestSite, list_files};

/// How long the server may take to start and print its address.
const START: Duration = Duration::from_secs(20);
/// How long to wait for an event that should come, or for the process to exit.
const WAIT: Duration = Duration::from_secs(10);
/// The line `praxis serve` prints on stdout once it listens.
const SERVING: &str = "Serving the site at ";
/// The tag every served HTML page gets, and no built page may hold.
const LIVE_SCRIPT: &str = "<script src=\"/__praxis/live.js\"></script>";

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

/// Saves a file the way most editors do: a hidden temporary file renamed over the target,
/// so the server never reads it half written.
fn save(site: &TestSite, rel: &str, text: &str) {
    let path = site.path(rel);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let temp = path.with_file_name(format!(".{name}.saving"));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

fn json(data: &str) -> Value {
    serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}"))
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

fn praxis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_praxis"))
}

/// Collects a child's stderr on a thread, into a buffer the test can read at any time.
fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let buffer = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&buffer);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = from.read(&mut chunk) {
            if n == 0 {
                break;
            }
            let text = String::from_utf8_lossy(&chunk[..n]).into_owned();
            sink.lock().unwrap().push_str(&text);
        }
    });
    buffer
}

/// Sends each stdout line down a channel; it closes when the process closes stdout.
fn lines(stdout: ChildStdout) -> Receiver<String> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// Waits up to `timeout` for `child` to exit.
fn wait_exit(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("waiting for praxis") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -INT failed: {status}");
}

/// A running `praxis serve`. Dropping it kills the process unless the test stopped it; a
/// failing test also gets the server's stderr printed.
struct Serve {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    /// Stdout lines after the address line.
    stdout: Receiver<String>,
    exited: bool,
}

impl Serve {
    /// `praxis serve --root <site> --port 0`.
    fn start(site: &TestSite) -> Serve {
        Serve::with_args([
            site.root().as_os_str(),
            OsStr::new("--port"),
            OsStr::new("0"),
        ])
    }

    /// `praxis serve --root <args…>`, once it has printed where it listens.
    fn with_args<I, S>(args: I) -> Serve
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut child = praxis()
            .arg("serve")
            .arg("--root")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn praxis serve");
        let stderr = collect(child.stderr.take().unwrap());
        let stdout = lines(child.stdout.take().unwrap());
        let mut serve = Serve {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr,
            stdout,
            exited: false,
        };
        let deadline = Instant::now() + START;
        let url = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match serve.stdout.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix(SERVING) {
                        break url.to_string();
                    }
                }
                Err(_) => panic!(
                    "praxis serve printed no `{SERVING}` line within {START:?}; stderr:\n{}",
                    serve.stderr()
                ),
            }
        };
        let host = url
            .strip_prefix("http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected address line: {url}"));
        serve.addr = host
            .parse()
            .unwrap_or_else(|e| panic!("{host} is not an address: {e}"));
        serve
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (bounded) until stderr holds `text`, and returns it all.
    fn stderr_containing(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.stderr();
            if now.contains(text) || Instant::now() >= deadline {
                return now;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> Response {
        get(self.addr, path)
    }

    /// A page's text, which must answer 200.
    fn page(&self, path: &str) -> String {
        let response = self.get(path);
        assert_eq!(response.status, 200, "GET {path}: {}", response.text());
        response.text()
    }

    /// A new event stream, past its `hello`: nothing sent after this is missed. Returns the
    /// build number the hello carried.
    fn subscribe(&self) -> (Events, u64) {
        let mut events = Events::connect(self.addr, "/__praxis/events");
        assert_eq!(events.status, 200, "the event stream did not open");
        let (name, data) = events
            .next(WAIT)
            .unwrap_or_else(|| panic!("no hello event; stderr:\n{}", self.stderr()));
        assert_eq!(name, "hello", "the first event: {data}");
        let build = json(&data)["build"].as_u64().expect("hello's build number");
        (events, build)
    }

    /// The next `reload` or `errors` event, which must be named `wanted`.
    fn expect(&self, events: &mut Events, wanted: &str) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some((name, data)) = events.next(left) else {
                panic!(
                    "no `{wanted}` event within {WAIT:?}; stderr:\n{}",
                    self.stderr()
                );
            };
            if name == wanted {
                return json(&data);
            }
            assert!(
                name != "reload" && name != "errors",
                "expected a `{wanted}` event, got `{name}`: {data}\nstderr:\n{}",
                self.stderr()
            );
        }
    }

    fn reload(&self, events: &mut Events) -> Value {
        self.expect(events, "reload")
    }

    /// Ctrl-C, then the exit status (within 10 s).
    fn stop(&mut self) -> ExitStatus {
        interrupt(&self.child);
        let status = wait_exit(&mut self.child, WAIT).unwrap_or_else(|| {
            panic!(
                "praxis serve still runs {WAIT:?} after SIGINT; stderr:\n{}",
                self.stderr()
            )
        });
        self.exited = true;
        status
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if !self.exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!("--- praxis serve's stderr ---\n{}", self.stderr());
        }
    }
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
