//! The HTTP side of `praxis serve`: maps request paths to the in-memory output files of the
//! last good build, adds the live-reload script to HTML responses, and streams reload and
//! error messages to browsers as server-sent events.
//!
//! It owns the [`Hub`] (the files served now and the message channel) and the router. It must
//! not build sites, watch sources or touch the file system: the rebuild loop hands it whole
//! sets of files through [`Hub::publish`] and failures through [`Hub::fail`]. Stored files are
//! never modified; the script is added to a copy of an HTML page as it is sent.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, Weak};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream;
use mime_guess::mime;
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use serde_json::json;
use tokio::sync::broadcast::{self, error::RecvError};

use crate::diagnostics::{Diagnostic, render_human};

pub use crate::output::Files;

/// What a rebuild changed, for live reload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Build counter, increasing.
    pub build: u64,
    /// Output paths (as in Files) whose bytes changed, were added or were removed.
    pub outputs: Vec<String>,
}

/// The browser script, served under `{base}__praxis/live.js`.
const LIVE_JS: &str = include_str!("live.js");
/// The folder of the server's own URLs, inside the base path.
const OWN: &str = "__praxis/";
/// Messages a slow browser may fall behind by before it is told to reload everything.
const BACKLOG: usize = 16;
/// How soon a browser should reconnect after losing the event stream.
const RETRY: Duration = Duration::from_secs(1);

/// Characters escaped when an output path becomes a URL path.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');
/// As [`PATH`], but keeping `%`: the base path is a URL path already, maybe encoded.
const BASE: &AsciiSet = &PATH.remove(b'%');

/// A message for every connected browser; the data is JSON, serialised once.
#[derive(Debug, Clone)]
enum Message {
    Reload(Arc<str>),
    Errors(Arc<str>),
}

/// What is served now.
struct Current {
    files: Files,
    /// The build `files` came from (0 until the first publish).
    build: u64,
    /// The `errors` data of the last build, if it failed.
    errors: Option<Arc<str>>,
}

/// Shared by the rebuild loop and the HTTP handlers.
pub struct Hub {
    /// The base path as used in URLs: starts and ends with `/`.
    base: String,
    /// The base path's segments, decoded, to match request paths against.
    base_segments: Vec<String>,
    current: RwLock<Current>,
    sender: broadcast::Sender<Message>,
    /// Tells this server from an earlier one on the same address: a page that reconnects
    /// to a restarted server reloads, whatever the build numbers say.
    instance: u64,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl Hub {
    /// `base_path` is the URL path the site lives under: "/" or e.g. "/docs/" (always starts
    /// and ends with '/'; a missing slash is added).
    pub fn new(files: Files, base_path: &str) -> Arc<Hub> {
        let base = normalise_base(base_path);
        let base_segments = base
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
            .collect();
        let (sender, _) = broadcast::channel(BACKLOG);
        let current = Current {
            files,
            build: 0,
            errors: None,
        };
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id());
        Arc::new(Hub {
            base,
            base_segments,
            current: RwLock::new(current),
            sender,
            instance,
        })
    }

    /// The files served now.
    pub fn files(&self) -> Files {
        self.read().files.clone()
    }

    /// A good build: atomically serve `files` from now on, clear any error overlay, and send
    /// browsers a reload message describing `changes`.
    pub fn publish(&self, files: Files, changes: &Changes) {
        let data = reload_json(&self.base, changes);
        let mut current = self.write();
        current.files = files;
        current.build = changes.build;
        current.errors = None;
        // Sent under the lock: a browser connecting now sees either the old state and then
        // this message, or the new state alone. No receivers is not an error.
        let _ = self.sender.send(Message::Reload(data.into()));
    }

    /// A failed build: keep serving the last good files; send (and remember, for pages opened
    /// later, until the next publish) an error message with these diagnostics.
    pub fn fail(&self, build: u64, diagnostics: &[Diagnostic]) {
        let data: Arc<str> = errors_json(build, diagnostics).into();
        let mut current = self.write();
        current.errors = Some(data.clone());
        let _ = self.sender.send(Message::Errors(data));
    }

    /// The `<script>` element added to HTML responses.
    fn script_tag(&self) -> String {
        format!("<script src=\"{}{OWN}live.js\"></script>", self.base)
    }

    // A writer that panicked left whole values behind (each field is assigned at once), so a
    // poisoned lock is still safe to use.
    fn read(&self) -> RwLockReadGuard<'_, Current> {
        self.current.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Current> {
        self.current.write().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The axum router serving the hub's files.
pub fn router(hub: Arc<Hub>) -> Router {
    Router::new()
        .fallback(get(dispatch))
        .with_state(hub)
        .layer(middleware::map_response(no_store))
}

/// A dev server must never let the browser keep a stale copy of anything.
async fn no_store(mut response: Response) -> Response {
    let value = HeaderValue::from_static("no-store");
    response.headers_mut().insert(header::CACHE_CONTROL, value);
    response
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A path inside the site, decoded, without leading or trailing slash; `folder` when the
    /// request ended with `/`.
    Site { path: String, folder: bool },
    /// The base path without its trailing slash, or a folder above it. The redirect to the
    /// base path is temporary: the base path is configuration, not for browsers to remember.
    Base,
    /// A valid path outside the base path.
    Outside,
    /// A path that could escape the site or is not UTF-8.
    Bad,
}

async fn dispatch(State(hub): State<Arc<Hub>>, uri: Uri) -> Response {
    match resolve(&hub.base_segments, uri.path()) {
        Target::Site { path, folder } => serve_site(&hub, &path, folder, &uri),
        Target::Base => redirect(StatusCode::TEMPORARY_REDIRECT, &hub.base, uri.query()),
        Target::Outside => not_found(&hub, &hub.files()),
        Target::Bad => plain(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
    }
}

/// Decodes and checks a raw request path and places it against the base path.
fn resolve(base: &[String], raw: &str) -> Target {
    let Some(rest) = raw.strip_prefix('/') else {
        return Target::Bad;
    };
    let mut segments = Vec::new();
    for segment in rest.split('/') {
        match percent_decode_str(segment).decode_utf8() {
            Ok(decoded) => segments.push(decoded.into_owned()),
            Err(_) => return Target::Bad,
        }
    }
    // A trailing slash leaves one empty segment at the end; any other empty segment is `//`.
    let folder = segments.last().is_some_and(String::is_empty);
    if folder {
        segments.pop();
    }
    if !segments.iter().all(|s| is_plain_segment(s)) {
        return Target::Bad;
    }
    match segments.strip_prefix(base) {
        Some([]) if !folder => Target::Base,
        Some(own) => Target::Site {
            path: own.join("/"),
            folder,
        },
        None if base.starts_with(&segments) => Target::Base,
        None => Target::Outside,
    }
}

/// A file or folder name that cannot step out of its folder or hide a separator.
fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty() && segment != "." && segment != ".." && !segment.contains(['/', '\\', '\0'])
}

/// Serves a path inside the site: the server's own URLs, a file, or a folder's index.
fn serve_site(hub: &Arc<Hub>, path: &str, folder: bool, uri: &Uri) -> Response {
    if !folder {
        match path.strip_prefix(OWN) {
            Some("live.js") => return script(),
            Some("events") => return events(hub),
            _ => {}
        }
    }
    let files = hub.files();
    let key = match (folder, path.is_empty()) {
        (true, true) => "index.html".to_string(),
        (true, false) => format!("{path}/index.html"),
        (false, _) => path.to_string(),
    };
    if let Some(bytes) = files.get(key.as_str()) {
        return file(hub, &key, bytes, StatusCode::OK);
    }
    if !folder && files.contains_key(format!("{path}/index.html").as_str()) {
        let location = format!("{}/", uri.path());
        return redirect(StatusCode::PERMANENT_REDIRECT, &location, uri.query());
    }
    not_found(hub, &files)
}

/// The site's `404.html` with status 404, or a page of praxis's own when it has none (before
/// a first good build, say): an HTML page, so that the live script shows the build's errors
/// and reloads once the page exists.
fn not_found(hub: &Hub, files: &Files) -> Response {
    if let Some(bytes) = files.get("404.html") {
        return file(hub, "404.html", bytes, StatusCode::NOT_FOUND);
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Not found</title>\n</head>\n<body>\n<h1>Not found</h1>\n\
         <p>Nothing is served at this address yet.</p>\n{}\n</body>\n</html>\n",
        hub.script_tag()
    );
    let content_type = "text/html; charset=utf-8";
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, content_type)],
        page,
    )
        .into_response()
}

/// One stored file, typed by its extension; HTML gets the live script.
fn file(hub: &Hub, key: &str, bytes: &Arc<[u8]>, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let content_type = match is_text(&mime) {
        true => format!("{mime}; charset=utf-8"),
        false => mime.to_string(),
    };
    let body = match crate::output::unpack(bytes) {
        Some(html) if mime.subtype() == mime::HTML => {
            Body::from(inject(html.as_ref(), &hub.script_tag()))
        }
        // Stored as it is: sent from the stored copy, past the packing's tag byte.
        Some(std::borrow::Cow::Borrowed(_)) => {
            Body::from(Bytes::from_owner(bytes.clone()).slice(1..))
        }
        Some(std::borrow::Cow::Owned(unpacked)) => Body::from(unpacked),
        None => {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "500 unreadable stored file\n",
            );
        }
    };
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

/// Types a browser decodes as text, which praxis always writes in UTF-8.
fn is_text(mime: &mime::Mime) -> bool {
    let text_subtype = [mime::JAVASCRIPT, mime::JSON, mime::XML].contains(&mime.subtype());
    let text_suffix = matches!(mime.suffix(), Some(mime::XML | mime::JSON));
    mime.type_() == mime::TEXT || text_subtype || text_suffix
}

/// A copy of `html` with `tag` just before the last `</body>`, or at the end if none.
fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    const CLOSE: &[u8] = b"</body>";
    let at = html
        .windows(CLOSE.len())
        .rposition(|w| w.eq_ignore_ascii_case(CLOSE))
        .unwrap_or(html.len());
    let (before, after) = html.split_at(at);
    [before, tag.as_bytes(), after].concat()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let content_type = "text/plain; charset=utf-8";
    (status, [(header::CONTENT_TYPE, content_type)], text).into_response()
}

fn redirect(status: StatusCode, path: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    };
    (status, [(header::LOCATION, location)]).into_response()
}

fn script() -> Response {
    let content_type = "application/javascript; charset=utf-8";
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        LIVE_JS,
    )
        .into_response()
}

/// The event stream: `hello`, the current errors if the last build failed, then every
/// message as it is sent.
fn events(hub: &Arc<Hub>) -> Response {
    let feed = {
        // Subscribing under the read lock pairs the snapshot with exactly the messages after it.
        let current = hub.read();
        let mut queue = VecDeque::from([hello(hub.instance, current.build)]);
        queue.extend(current.errors.as_deref().map(errors_event));
        Feed {
            hub: Arc::downgrade(hub),
            receiver: hub.sender.subscribe(),
            queue,
        }
    };
    let stream = stream::unfold(feed, Feed::next);
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// One browser's event stream. It holds the hub weakly so that an open stream never keeps a
/// hub alive: it ends once the hub and every router holding it are dropped.
struct Feed {
    hub: Weak<Hub>,
    receiver: broadcast::Receiver<Message>,
    queue: VecDeque<Event>,
}

impl Feed {
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Feed)> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some((Ok(event), self));
            }
            match self.receiver.recv().await {
                Ok(Message::Reload(data)) => self.queue.push_back(named("reload", &data)),
                Ok(Message::Errors(data)) => self.queue.push_back(errors_event(&data)),
                Err(RecvError::Lagged(_)) => self.catch_up(),
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// After falling behind: skip the backlog, reload everything, and show current errors.
    fn catch_up(&mut self) {
        let Some(hub) = self.hub.upgrade() else {
            return;
        };
        let current = hub.read();
        self.receiver = self.receiver.resubscribe();
        let data = json!({"build": current.build, "pages": [], "styles": [], "all": true});
        self.queue.push_back(named("reload", &data.to_string()));
        self.queue
            .extend(current.errors.as_deref().map(errors_event));
    }
}

fn hello(server: u64, build: u64) -> Event {
    // As text: JavaScript numbers cannot hold every u64.
    let data = json!({ "server": server.to_string(), "build": build });
    named("hello", &data.to_string()).retry(RETRY)
}

fn errors_event(data: &str) -> Event {
    named("errors", data)
}

fn named(name: &str, data: &str) -> Event {
    Event::default().event(name).data(data)
}

/// The `reload` data: changed pages and stylesheets as URL paths, and whether anything else
/// changed.
fn reload_json(base: &str, changes: &Changes) -> String {
    let (mut pages, mut styles, mut all) = (Vec::new(), Vec::new(), false);
    for output in &changes.outputs {
        match output.rsplit_once('.').map(|(_, ext)| ext) {
            Some("html") => pages.push(page_url(base, output)),
            Some("css") => styles.push(format!("{base}{}", encode(output))),
            _ => all = true,
        }
    }
    json!({"build": changes.build, "pages": pages, "styles": styles, "all": all}).to_string()
}

/// The URL a page is visited at: `a/b/index.html` → `{base}a/b/`, `x.html` → `{base}x.html`.
fn page_url(base: &str, output: &str) -> String {
    let folder = match output.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => output,
    };
    format!("{base}{}", encode(folder))
}

fn encode(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// The `errors` data: each diagnostic's fields and the whole report as plain text.
fn errors_json(build: u64, diagnostics: &[Diagnostic]) -> String {
    let list: Vec<_> = diagnostics.iter().map(diagnostic_json).collect();
    let text = render_human(diagnostics, false);
    json!({"build": build, "diagnostics": list, "text": text}).to_string()
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    json!({
        "severity": d.severity.as_str(),
        "code": d.code.as_str(),
        "file": d.path.as_ref().map(|p| p.to_string_lossy()),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "help": d.help,
        "source_line": d.source_line,
        "notes": d.notes,
    })
}

/// `base_path` with one leading and one trailing slash, escaped where a URL needs it.
fn normalise_base(base_path: &str) -> String {
    let inner = base_path.trim_matches('/');
    match inner.is_empty() {
        true => "/".to_string(),
        false => format!("/{}/", utf8_percent_encode(inner, BASE)),
    }
}
