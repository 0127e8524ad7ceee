//! `praxis serve`'s HTTP side: how request paths map to the in-memory files, what each
//! response carries, which paths are refused, and the reload and error events browsers get.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use praxis::diagnostics::{Code, Diagnostic, render_human};
use praxis::serve::http::{Changes, Files, Hub, router};
use serde_json::{Value, json};

use crate::support::http::{Events, Server, get, head, request};

/// How long to wait for an event that should come.
const EVENT: Duration = Duration::from_secs(5);

const INDEX: &str = "<!doctype html><html><body><h1>Home</h1></body></html>";
const PAGE: &str = "<html><body><p>ops01</p></body></html>";
const NOT_FOUND: &str = "<html><body><p>Not here</p></body></html>";
/// Bytes that are not UTF-8 and hold a `</body>` a careless injector would touch.
const FONT: &[u8] = b"wOF2\x00\x01\xff\xfe</body>\x80";
const SCRIPT: &str = "document.write('</body>');";

fn files(list: &[(&str, &[u8])]) -> Files {
    let map: HashMap<Arc<str>, Arc<[u8]>> = list
        .iter()
        .map(|(path, bytes)| (Arc::from(*path), praxis::output::pack(path, bytes)))
        .collect();
    Arc::new(map)
}

fn site() -> Files {
    files(&[
        ("index.html", INDEX.as_bytes()),
        ("ops/ops01/index.html", PAGE.as_bytes()),
        ("about.html", b"<html><body>About</body></html>"),
        ("404.html", NOT_FOUND.as_bytes()),
        ("praxis.css", b"body { color: #222; }"),
        ("app.js", SCRIPT.as_bytes()),
        ("search.json", b"{\"pages\":[]}"),
        ("sitemap.xml", b"<?xml version=\"1.0\"?><urlset/>"),
        ("robots.txt", b"User-agent: *"),
        ("logo.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("fonts/body.woff2", FONT),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
    ])
}

fn start(files: Files, base: &str) -> (Server, Arc<Hub>) {
    let hub = Hub::new(files, base);
    (Server::start(router(hub.clone())), hub)
}

fn script_tag(base: &str) -> String {
    format!("<script src=\"{base}__praxis/live.js\"></script>")
}

/// `html` as served: the live script just before the last `</body>`.
fn injected(html: &str, base: &str) -> String {
    let at = html.rfind("</body>").expect("a </body>");
    format!("{}{}{}", &html[..at], script_tag(base), &html[at..])
}

fn json(data: &str) -> Value {
    serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}"))
}

/// Connects to the event stream and checks its `hello`.
fn subscribe(server: &Server, base: &str, build: u64) -> Events {
    let mut events = Events::connect(server.addr, &format!("{base}__praxis/events"));
    assert_eq!(events.status, 200);
    let hello = events.next(EVENT).expect("a hello event");
    assert_eq!(hello.0, "hello");
    let data = json(&hello.1);
    assert_eq!(data["build"], json!(build));
    assert!(data["server"].is_string(), "hello names the server: {data}");
    events
}

fn next_event(events: &mut Events) -> (String, Value) {
    let (name, data) = events.next(EVENT).expect("an event within 5 s");
    (name, json(&data))
}

fn diagnostics() -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(Code::FrontMatter, "`title` must be text")
            .at("content/a.md", 2, 8)
            .source_line("title: {a: 1}")
            .help("write `title: My page`")
            .note("<img src=x onerror=alert(1)> stays text"),
        Diagnostic::warning(Code::BrokenLink, "no page `b`").in_file("content/c.md"),
    ]
}

#[test]
fn content_types_follow_the_extension_and_nothing_is_cached() {
    let (server, _hub) = start(site(), "/");
    let cases = [
        ("/", "text/html; charset=utf-8"),
        ("/about.html", "text/html; charset=utf-8"),
        ("/praxis.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/search.json", "application/json; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/fonts/body.woff2", "font/woff2"),
        ("/photo.png", "image/png"),
    ];
    for (path, content_type) in cases {
        let response = get(server.addr, path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
    }
}

#[test]
fn other_files_are_served_byte_for_byte() {
    let (server, hub) = start(site(), "/");
    assert_eq!(get(server.addr, "/fonts/body.woff2").body, FONT);
    assert_eq!(get(server.addr, "/app.js").body, SCRIPT.as_bytes());
    assert_eq!(
        get(server.addr, "/logo.svg").text(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    // Serving a page adds the script to the response only, never to the stored file.
    get(server.addr, "/");
    let files = hub.files();
    let stored = praxis::output::unpack(&files["index.html"]).unwrap();
    assert_eq!(stored.as_ref(), INDEX.as_bytes());
}

#[test]
fn html_gets_the_live_script_before_the_last_body_end() {
    let twice = "<html><body><pre>x</body>y</pre></BODY></html>";
    let headless = "<p>a fragment";
    let (server, _hub) = start(
        files(&[
            ("index.html", INDEX.as_bytes()),
            ("twice.html", twice.as_bytes()),
            ("fragment.html", headless.as_bytes()),
        ]),
        "/docs/",
    );
    let tag = script_tag("/docs/");
    assert_eq!(get(server.addr, "/docs/").text(), injected(INDEX, "/docs/"));
    let expected = format!("<html><body><pre>x</body>y</pre>{tag}</BODY></html>");
    assert_eq!(get(server.addr, "/docs/twice.html").text(), expected);
    assert_eq!(
        get(server.addr, "/docs/fragment.html").text(),
        format!("{headless}{tag}")
    );
}

#[test]
fn head_sends_the_headers_of_get_without_a_body() {
    let (server, _hub) = start(site(), "/");
    for path in ["/", "/praxis.css", "/fonts/body.woff2", "/missing"] {
        let full = get(server.addr, path);
        let response = head(server.addr, path);
        assert_eq!(response.status, full.status, "{path}");
        assert_eq!(
            response.header("content-type"),
            full.header("content-type"),
            "{path}"
        );
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
        assert!(response.body.is_empty(), "{path}: {:?}", response.text());
        assert!(!full.body.is_empty(), "{path}");
    }
}

#[test]
fn other_methods_are_not_allowed() {
    let (server, _hub) = start(site(), "/");
    assert_eq!(request(server.addr, "POST", "/").status, 405);
    assert_eq!(request(server.addr, "DELETE", "/praxis.css").status, 405);
}

#[test]
fn a_folder_without_its_slash_redirects_keeping_the_query() {
    let (server, _hub) = start(site(), "/");
    let response = get(server.addr, "/ops/ops01?q=1&r=2");
    assert!([301, 308].contains(&response.status), "{}", response.status);
    assert_eq!(response.header("location"), Some("/ops/ops01/?q=1&r=2"));
    let response = get(server.addr, "/ops/ops01");
    assert_eq!(response.header("location"), Some("/ops/ops01/"));
    assert_eq!(get(server.addr, "/ops/ops01/").text(), injected(PAGE, "/"));
    // A folder with no index of its own is not a page.
    assert_eq!(get(server.addr, "/ops/").status, 404);
    assert_eq!(get(server.addr, "/ops").status, 404);
}

#[test]
fn a_missing_file_gets_the_sites_404_page() {
    let (server, _hub) = start(site(), "/");
    for path in ["/missing", "/ops/ops02/", "/praxis.css/", "/a/b/c.png"] {
        let response = get(server.addr, path);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(response.text(), injected(NOT_FOUND, "/"), "{path}");
    }
}

#[test]
fn a_site_without_a_404_page_gets_one_that_still_reloads() {
    // Before a first good build there are no files at all: the page must still carry the
    // live script, which shows the build's errors and reloads once the site exists.
    let (server, _hub) = start(files(&[]), "/");
    let response = get(server.addr, "/missing");
    assert_eq!(response.status, 404);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        response
            .text()
            .contains("<script src=\"/__praxis/live.js\"></script>")
    );
}

#[test]
fn paths_that_could_leave_the_site_are_refused() {
    // Each file is what a path below would reach if it were normalised instead of refused.
    let secret = b"SECRET".as_slice();
    let (server, _hub) = start(
        files(&[
            ("index.html", INDEX.as_bytes()),
            ("etc/passwd", secret),
            ("x", secret),
            ("b", secret),
            ("a/b", secret),
            ("a/b/index.html", secret),
        ]),
        "/",
    );
    // The files themselves can be reached by their plain paths.
    assert_eq!(get(server.addr, "/a/b").body, secret);
    assert_eq!(get(server.addr, "/etc/passwd").body, secret);
    let refused = [
        "/../etc/passwd",
        "/a/../etc/passwd",
        "/a/../../etc/passwd",
        "/%2e%2e/x",
        "/%2E%2E/x",
        "/.%2e/x",
        "/a/%2e%2e/x",
        "/a%2fb",
        "/a%2Fb",
        "/a%5cb",
        "/a%5Cb",
        "/a\\b",
        "/%00",
        "/a/b%00",
        "/a%00/b",
        "//etc/passwd",
        "/a//b",
        "/a/./b",
        "/a/%2e/b",
        "/./a/b",
        "/a/b/.",
        "/a/b/..",
        "/a/b/./",
    ];
    for path in refused {
        let response = get(server.addr, path);
        // 404 would be as safe; this server refuses such paths outright.
        assert_eq!(response.status, 400, "{path}");
        assert!(!response.text().contains("SECRET"), "{path}");
        assert_eq!(response.header("location"), None, "{path}");
    }
}

#[test]
fn a_path_that_is_not_utf8_once_decoded_is_a_bad_request() {
    let (server, _hub) = start(site(), "/");
    assert_eq!(get(server.addr, "/%ff").status, 400);
    assert_eq!(get(server.addr, "/ops/%c3%28/").status, 400);
    // Encoded UTF-8 is fine, and names a file like any other.
    let (server, _hub) = start(files(&[("caf\u{e9}.html", b"<p>cafe</p>")]), "/");
    assert_eq!(get(server.addr, "/caf%C3%A9.html").status, 200);
}

#[test]
fn a_site_under_a_base_path_is_only_served_there() {
    let (server, _hub) = start(site(), "/docs/");
    assert_eq!(get(server.addr, "/docs/").text(), injected(INDEX, "/docs/"));
    assert_eq!(get(server.addr, "/docs/praxis.css").status, 200);
    for path in ["/", "/docs"] {
        let response = get(server.addr, path);
        assert!([301, 302, 307, 308].contains(&response.status), "{path}");
        assert_eq!(response.header("location"), Some("/docs/"), "{path}");
    }
    let response = get(server.addr, "/docs/ops/ops01?x");
    assert_eq!(response.header("location"), Some("/docs/ops/ops01/?x"));
    for path in [
        "/praxis.css",
        "/index.html",
        "/documents/",
        "/__praxis/live.js",
    ] {
        let response = get(server.addr, path);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(response.text(), injected(NOT_FOUND, "/docs/"), "{path}");
    }
}

#[test]
fn the_live_script_is_served_beside_the_site() {
    let (server, _hub) = start(site(), "/docs/");
    let response = get(server.addr, "/docs/__praxis/live.js");
    assert_eq!(response.status, 200);
    let content_type = response.header("content-type").unwrap_or("");
    assert!(
        content_type.starts_with("application/javascript"),
        "{content_type}"
    );
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let source = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/serve/live.js"));
    assert_eq!(response.text(), source);
}

#[test]
fn the_event_stream_says_hello_with_the_build() {
    let (server, hub) = start(site(), "/");
    let events = subscribe(&server, "/", 0);
    assert_eq!(events.header("content-type"), Some("text/event-stream"));
    assert_eq!(events.header("cache-control"), Some("no-store"));
    // The build in hello is that of the files served now.
    hub.publish(
        site(),
        &Changes {
            build: 7,
            outputs: vec![],
        },
    );
    subscribe(&server, "/", 7);
    hub.fail(8, &diagnostics());
    subscribe(&server, "/", 7);
}

#[test]
fn publish_serves_the_new_files_and_tells_browsers_what_changed() {
    let (server, hub) = start(site(), "/docs/");
    let mut first = subscribe(&server, "/docs/", 0);
    let mut second = subscribe(&server, "/docs/", 0);
    let new_index = "<html><body><h1>New home</h1></body></html>";
    let mut next = (*site()).clone();
    next.insert(
        "index.html".into(),
        praxis::output::pack("index.html", new_index.as_bytes()),
    );
    next.insert(
        "praxis.css".into(),
        praxis::output::pack("praxis.css", b"body{}"),
    );
    next.remove("about.html");
    let outputs = [
        "index.html",
        "ops/ops01/index.html",
        "about.html",
        "praxis.css",
    ];
    let changes = Changes {
        build: 1,
        outputs: outputs.map(String::from).to_vec(),
    };
    hub.publish(Arc::new(next), &changes);

    let expected = json!({
        "build": 1,
        "pages": ["/docs/", "/docs/ops/ops01/", "/docs/about.html"],
        "styles": ["/docs/praxis.css"],
        "all": false,
    });
    for events in [&mut first, &mut second] {
        assert_eq!(next_event(events), ("reload".to_string(), expected.clone()));
    }
    assert_eq!(
        get(server.addr, "/docs/").text(),
        injected(new_index, "/docs/")
    );
    assert_eq!(get(server.addr, "/docs/praxis.css").body, b"body{}");
    assert_eq!(get(server.addr, "/docs/about.html").status, 404);

    let outputs = vec!["app.js".to_string(), "praxis.css".to_string()];
    hub.publish(site(), &Changes { build: 2, outputs });
    let (name, data) = next_event(&mut first);
    assert_eq!(name, "reload");
    assert_eq!(data["all"], json!(true));
    assert_eq!(data["pages"], json!([]));
    assert_eq!(data["styles"], json!(["/docs/praxis.css"]));
}

#[test]
fn a_failed_build_keeps_the_old_files_and_sends_its_errors() {
    let (server, hub) = start(site(), "/");
    let mut watching = subscribe(&server, "/", 0);
    let diagnostics = diagnostics();
    hub.fail(1, &diagnostics);

    let (name, data) = next_event(&mut watching);
    assert_eq!(name, "errors");
    let expected = json!({
        "build": 1,
        "diagnostics": [
            {
                "severity": "error",
                "code": "front-matter",
                "file": "content/a.md",
                "line": 2,
                "column": 8,
                "message": "`title` must be text",
                "help": "write `title: My page`",
                "source_line": "title: {a: 1}",
                "notes": ["<img src=x onerror=alert(1)> stays text"],
            },
            {
                "severity": "warning",
                "code": "broken-link",
                "file": "content/c.md",
                "line": null,
                "column": null,
                "message": "no page `b`",
                "help": null,
                "source_line": null,
                "notes": [],
            },
        ],
        "text": render_human(&diagnostics, false),
    });
    assert_eq!(data, expected);
    assert_eq!(get(server.addr, "/").text(), injected(INDEX, "/"));

    // A page opened now learns of the errors as soon as it connects.
    let mut late = subscribe(&server, "/", 0);
    assert_eq!(next_event(&mut late), ("errors".to_string(), expected));
}

#[test]
fn publish_after_a_failure_clears_the_errors() {
    let (server, hub) = start(site(), "/");
    let mut watching = subscribe(&server, "/", 0);
    hub.fail(1, &diagnostics());
    assert_eq!(next_event(&mut watching).0, "errors");

    let outputs = vec!["about.html".to_string()];
    hub.publish(site(), &Changes { build: 2, outputs });
    let (name, data) = next_event(&mut watching);
    assert_eq!(name, "reload");
    assert_eq!(data["build"], json!(2));

    // A page opened now gets hello, then nothing until the next build: no stale errors.
    let mut late = subscribe(&server, "/", 2);
    hub.publish(
        site(),
        &Changes {
            build: 3,
            outputs: vec![],
        },
    );
    let (name, data) = next_event(&mut late);
    assert_eq!((name.as_str(), &data["build"]), ("reload", &json!(3)));
}

#[test]
fn a_browser_that_falls_behind_is_told_to_reload_everything() {
    let (server, hub) = start(site(), "/");
    let mut behind = subscribe(&server, "/", 0);
    {
        // While the server cannot run, far more messages are sent than it keeps for a client.
        let _paused = server.pause();
        for build in 1..=100 {
            let outputs = vec!["about.html".to_string()];
            hub.publish(site(), &Changes { build, outputs });
        }
        hub.fail(101, &diagnostics());
    }
    let (name, data) = next_event(&mut behind);
    assert_eq!(name, "reload");
    assert_eq!(
        data,
        json!({"build": 100, "pages": [], "styles": [], "all": true})
    );
    let (name, data) = next_event(&mut behind);
    assert_eq!((name.as_str(), &data["build"]), ("errors", &json!(101)));
    // And it is back in step: the next message comes as sent.
    hub.publish(
        site(),
        &Changes {
            build: 102,
            outputs: vec!["x.css".into()],
        },
    );
    let (name, data) = next_event(&mut behind);
    assert_eq!(
        (name.as_str(), &data["styles"]),
        ("reload", &json!(["/x.css"]))
    );
}
