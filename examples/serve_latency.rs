//! Save-to-served latency and memory of `praxis serve` on a generated corpus.
//!
//! ```text
//! cargo run --release --example serve_latency -- --praxis target/release/praxis \
//!     --site SCRATCH/plain [--edits 20] [--soak 1000] [--seed 1] [--json out.json]
//! ```
//!
//! `--site` must be a scratch copy of a corpus's `plain/` folder (`scripts/serve-bench.sh`
//! makes one): the pages in it are edited. The program starts `praxis serve --port 0` on it,
//! waits for the `Serving the site at` line, opens one live-reload event stream
//! (`/__praxis/events`) and then:
//!
//! 1. body edits: `--edits` times, appends a paragraph holding a unique marker word to a
//!    best-practice page, saved whole with `std::fs::write` as an editor does. `event` is the
//!    time from just before the write to the `reload` event naming the page; `served` the time
//!    to a GET of the page whose HTML holds the marker.
//! 2. title edits: the same with the page's `title:` line rewritten (id prefix kept), which
//!    also changes other pages' sidebars, cards and backlinks.
//! 3. soak: `--soak` body edits back to back, each waiting for its reload event, reading the
//!    server's VmRSS every 100 edits.
//!
//! Pages are drawn without repeats (until the corpus runs out) from a shuffle seeded by
//! `--seed`. Measured edits are 250 ms apart, as saves by a person would be. An edit that
//! gets no event or page within 10 s is counted as a failure, not waited for. The markdown
//! report goes to standard output, progress to standard error.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

const USAGE: &str = "usage: serve_latency --praxis PATH --site DIR [--edits 20] [--soak 1000] \
[--seed S] [--json PATH]";
/// How long one edit may take before it counts as failed.
const EDIT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the first build may take.
const START_TIMEOUT: Duration = Duration::from_secs(600);
/// The gap between measured edits.
const PAUSE: Duration = Duration::from_millis(250);
/// Soak edits between two memory readings.
const RSS_EVERY: usize = 100;
/// The issue's limits.
const MEDIAN_LIMIT_MS: f64 = 30.0;
const P95_LIMIT_MS: f64 = 100.0;
const RSS_LIMIT_MIB: f64 = 400.0;

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("serve_latency: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("serve_latency: {message}");
            ExitCode::from(2)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments.

struct Args {
    praxis: PathBuf,
    site: PathBuf,
    edits: usize,
    soak: usize,
    seed: u64,
    json: Option<PathBuf>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut praxis, mut site, mut json) = (None, None, None);
    let (mut edits, mut soak, mut seed) = (20, 1000, 1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--praxis" => praxis = Some(PathBuf::from(value)),
            "--site" => site = Some(PathBuf::from(value)),
            "--json" => json = Some(PathBuf::from(value)),
            "--edits" => edits = number(&flag, &value)?,
            "--soak" => soak = number(&flag, &value)?,
            "--seed" => seed = number(&flag, &value)?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let praxis = praxis.ok_or("--praxis is required")?;
    let site = site.ok_or("--site is required")?;
    Ok(Some(Args {
        praxis,
        site,
        edits,
        soak,
        seed,
        json,
    }))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} needs a number, not {value:?}"))
}

// ---------------------------------------------------------------------------------------------
// The whole run.

fn run(args: &Args) -> Result<bool, String> {
    let pages = best_practices(&args.site)?;
    let order = shuffled(pages.len(), args.seed);
    let pick = |i: usize| &pages[order[i % order.len()]];
    eprintln!(
        "serve_latency: {} best-practice pages in {}",
        pages.len(),
        args.site.display()
    );

    let serve = Serve::start(&args.praxis, &args.site)?;
    let events = serve.events()?;
    let mut bench = Bench {
        serve,
        events,
        nonce: nonce(),
        last_build: 0,
        failures: Vec::new(),
    };
    bench.drain();
    let start_rss = bench.serve.memory()?;
    eprintln!(
        "serve_latency: serving at {}, VmRSS {:.1} MiB",
        bench.serve.url, start_rss.rss
    );

    let body = bench.measured(Kind::Body, (0..args.edits).map(pick))?;
    let title = bench.measured(Kind::Title, (args.edits..2 * args.edits).map(pick))?;
    let soak = bench.soak((2 * args.edits..2 * args.edits + args.soak).map(pick))?;

    let report = Report {
        pages: pages.len(),
        body,
        title,
        start_rss,
        soak,
        failures: bench.failures,
    };
    print!("{}", report.markdown());
    if let Some(path) = &args.json {
        let line = format!("{}\n", report.json());
        fs::write(path, line).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(report.passed())
}

/// A page to edit: its source file and the URL it is served at.
struct Page {
    file: PathBuf,
    url: String,
}

/// Every `content/<pillar>/<question>/<id>-bpNN.md`, sorted, with its URL path under `/`.
fn best_practices(site: &Path) -> Result<Vec<Page>, String> {
    let content = site.join("content");
    let mut pages = Vec::new();
    for pillar in subfolders(&content)? {
        for question in subfolders(&pillar)? {
            for file in list(&question)? {
                if is_best_practice(&file) {
                    let url = page_url(&content, &file);
                    pages.push(Page { file, url });
                }
            }
        }
    }
    pages.sort_by(|a, b| a.file.cmp(&b.file));
    if pages.is_empty() {
        return Err(format!(
            "no best-practice pages under {}",
            content.display()
        ));
    }
    Ok(pages)
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    Ok(entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
}

fn subfolders(dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(list(dir)?.into_iter().filter(|p| p.is_dir()).collect())
}

fn is_best_practice(file: &Path) -> bool {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    match stem.rsplit_once("-bp") {
        Some((_, digits)) => !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

/// `content/ops/ops01/ops01-bp03.md` → `/ops/ops01/ops01-bp03/`.
fn page_url(content: &Path, file: &Path) -> String {
    let relative = file
        .strip_prefix(content)
        .unwrap_or(file)
        .with_extension("");
    let parts: Vec<_> = relative.iter().map(|p| p.to_string_lossy()).collect();
    format!("/{}/", parts.join("/"))
}

/// 0..n in an order that depends only on the seed (SplitMix64 draws, Fisher-Yates).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Makes marker words differ between runs on the same copy.
fn nonce() -> u32 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    now.subsec_nanos() ^ (now.as_secs() as u32)
}

// ---------------------------------------------------------------------------------------------
// The server process.

/// A running `praxis serve`, killed when dropped (on success, error or panic alike).
struct Serve {
    child: Child,
    url: String,
    /// `127.0.0.1:PORT`.
    addr: String,
    /// The site's base path, `/` or `/docs/`.
    base: String,
    stderr: Receiver<(Instant, String)>,
    /// The last lines of standard error, for error messages.
    tail: Vec<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(praxis: &Path, site: &Path) -> Result<Serve, String> {
        let mut child = Command::new(praxis)
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", praxis.display()))?;
        let url = watch_stdout(child.stdout.take());
        let stderr = forward_lines(child.stderr.take());
        let mut serve = Serve {
            child,
            url: String::new(),
            addr: String::new(),
            base: String::new(),
            stderr,
            tail: Vec::new(),
        };
        serve.url = match url.recv_timeout(START_TIMEOUT) {
            Ok(url) => url,
            Err(_) => return Err(serve.died("did not print its `Serving the site at` line")),
        };
        let (addr, base) = split_url(&serve.url)?;
        (serve.addr, serve.base) = (addr, base);
        Ok(serve)
    }

    /// An error message for a server that stopped doing its job, with its last words.
    fn died(&mut self, what: &str) -> String {
        thread::sleep(Duration::from_millis(200));
        self.logs();
        let status = match self.child.try_wait() {
            Ok(Some(status)) => format!("it exited ({status})"),
            _ => "it is still running".to_string(),
        };
        let tail = match self.tail.is_empty() {
            true => "(none)".to_string(),
            false => self.tail.join("\n  "),
        };
        format!("praxis serve {what}; {status}; its last messages:\n  {tail}")
    }

    /// Standard error lines received so far (also kept in `tail`).
    fn logs(&mut self) -> Vec<(Instant, String)> {
        let lines: Vec<_> = self.stderr.try_iter().collect();
        for (_, line) in &lines {
            self.tail.push(line.clone());
        }
        let excess = self.tail.len().saturating_sub(20);
        self.tail.drain(..excess);
        lines
    }

    fn is_alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn memory(&self) -> Result<Memory, String> {
        let path = format!("/proc/{}/status", self.child.id());
        let status = fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let field = |name: &str| -> Option<f64> {
            let line = status.lines().find(|l| l.starts_with(name))?;
            let kib: f64 = line[name.len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()?;
            Some(kib / 1024.0)
        };
        match (field("VmRSS:"), field("VmHWM:")) {
            (Some(rss), Some(peak)) => Ok(Memory { rss, peak }),
            _ => Err(format!("no VmRSS/VmHWM in {path}")),
        }
    }

    fn events(&self) -> Result<Receiver<Event>, String> {
        let path = format!("{}__praxis/events", self.base);
        let reader = request(&self.addr, &path, "text/event-stream", None)?;
        let (status, chunked, reader) = reader;
        if status != 200 {
            return Err(format!("GET {path} answered {status}"));
        }
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || read_events(reader, chunked, &sender));
        Ok(receiver)
    }

    /// The page's HTML, or why not.
    fn get(&self, path: &str) -> Result<Vec<u8>, String> {
        let timeout = Some(Duration::from_secs(5));
        let (status, chunked, mut reader) = request(&self.addr, path, "text/html", timeout)?;
        let mut body = Vec::new();
        for_each_chunk(&mut reader, chunked, |bytes| body.extend_from_slice(bytes))
            .map_err(|e| format!("GET {path}: {e}"))?;
        match status {
            200 => Ok(body),
            _ => Err(format!("GET {path} answered {status}")),
        }
    }
}

struct Memory {
    rss: f64,
    peak: f64,
}

/// Sends the URL of the `Serving the site at URL` line, then keeps the pipe drained.
fn watch_stdout(stdout: Option<impl Read + Send + 'static>) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    if let Some(stdout) = stdout {
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.trim().strip_prefix("Serving the site at ") {
                    let _ = sender.send(url.trim().to_string());
                }
            }
        });
    }
    receiver
}

fn forward_lines(stderr: Option<impl Read + Send + 'static>) -> Receiver<(Instant, String)> {
    let (sender, receiver) = mpsc::channel();
    if let Some(stderr) = stderr {
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
    }
    receiver
}

/// `http://127.0.0.1:PORT/base/` → (`127.0.0.1:PORT`, `/base/`).
fn split_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not an http URL: {url}"))?;
    let (addr, path) = rest.split_once('/').unwrap_or((rest, ""));
    let base = format!("/{}", path.trim_end_matches('/'));
    let base = if base == "/" {
        base
    } else {
        format!("{base}/")
    };
    Ok((addr.to_string(), base))
}

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client.

type Response = (u16, bool, BufReader<TcpStream>);

/// Sends a GET and reads the head: (status, whether the body is chunked, the body reader).
fn request(
    addr: &str,
    path: &str,
    accept: &str,
    timeout: Option<Duration>,
) -> Result<Response, String> {
    let fail = |e: std::io::Error| format!("GET http://{addr}{path}: {e}");
    let mut stream = TcpStream::connect(addr).map_err(fail)?;
    stream.set_read_timeout(timeout).map_err(fail)?;
    stream.set_nodelay(true).map_err(fail)?;
    let close = if timeout.is_some() {
        "Connection: close\r\n"
    } else {
        ""
    };
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\n{close}\r\n");
    stream.write_all(head.as_bytes()).map_err(fail)?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(fail)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("GET {path}: not an HTTP status line: {line:?}"))?;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(fail)? == 0 || line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        chunked |= lower.starts_with("transfer-encoding:") && lower.contains("chunked");
    }
    Ok((status, chunked, reader))
}

/// Hands the body's bytes to `each` as they arrive: de-chunked, or raw until the connection
/// closes.
fn for_each_chunk(
    reader: &mut impl BufRead,
    chunked: bool,
    mut each: impl FnMut(&[u8]),
) -> std::io::Result<()> {
    if !chunked {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match reader.read(&mut buf)? {
                0 => return Ok(()),
                n => each(&buf[..n]),
            }
        }
    }
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let size = line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size.trim(), 16)
            .map_err(|_| std::io::Error::other(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            return Ok(());
        }
        let mut chunk = vec![0u8; size + 2];
        reader.read_exact(&mut chunk)?;
        each(&chunk[..size]);
    }
}

// ---------------------------------------------------------------------------------------------
// The event stream.

/// One server-sent event, stamped when its closing blank line was read.
struct Event {
    name: String,
    data: String,
    at: Instant,
}

fn read_events(mut reader: BufReader<TcpStream>, chunked: bool, sender: &Sender<Event>) {
    let mut pending = Vec::new();
    let (mut name, mut data) = (String::new(), String::new());
    let _ = for_each_chunk(&mut reader, chunked, |bytes| {
        pending.extend_from_slice(bytes);
        while let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let raw: Vec<u8> = pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&raw);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() && !(name.is_empty() && data.is_empty()) {
                let event = Event {
                    name: std::mem::take(&mut name),
                    data: std::mem::take(&mut data),
                    at: Instant::now(),
                };
                let _ = sender.send(event);
            } else if let Some(value) = field(line, "event") {
                name = value.to_string();
            } else if let Some(value) = field(line, "data") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(value);
            }
        }
    });
}

/// The value of an SSE `name: value` line.
fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let value = line.strip_prefix(name)?.strip_prefix(':')?;
    Some(value.strip_prefix(' ').unwrap_or(value))
}

/// A `reload` event's data.
struct Reload {
    build: u64,
    pages: Vec<String>,
    all: bool,
}

fn parse_reload(data: &str) -> Option<Reload> {
    let value: Value = serde_json::from_str(data).ok()?;
    let pages = value.get("pages")?.as_array()?;
    Some(Reload {
        build: value.get("build")?.as_u64()?,
        pages: pages
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect(),
        all: value.get("all").and_then(Value::as_bool).unwrap_or(false),
    })
}

// ---------------------------------------------------------------------------------------------
// Edits.

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Body,
    Title,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Body => "body",
            Kind::Title => "title",
        }
    }
}

/// One measured edit.
struct Sample {
    url: String,
    event_ms: f64,
    served_ms: Option<f64>,
    /// Pages named by the reload event.
    event_pages: usize,
    /// GETs until the page showed the edit.
    gets: usize,
    /// From serve's `Rebuilt … in N ms: P pages re-rendered` line, when it came.
    rebuild_ms: Option<f64>,
    rendered: Option<usize>,
}

struct Bench {
    serve: Serve,
    events: Receiver<Event>,
    nonce: u32,
    /// The newest build heard of.
    last_build: u64,
    failures: Vec<String>,
}

/// What the soak phase saw.
struct Soak {
    edits: usize,
    event_ms: Vec<f64>,
    /// (edits so far, memory).
    series: Vec<(usize, Memory)>,
    took: Duration,
}

impl Bench {
    /// Forgets events and log lines that arrived so far, remembering the newest build.
    fn drain(&mut self) {
        for event in self.events.try_iter() {
            if let Some(reload) = parse_reload(&event.data) {
                self.last_build = self.last_build.max(reload.build);
            }
        }
        self.serve.logs();
    }

    fn measured<'a>(
        &mut self,
        kind: Kind,
        pages: impl Iterator<Item = &'a Page>,
    ) -> Result<Vec<Sample>, String> {
        let mut samples = Vec::new();
        for (i, page) in pages.enumerate() {
            thread::sleep(PAUSE);
            let marker = format!("sbm{}{:08x}n{i:04}", &kind.name()[..1], self.nonce);
            match self.edit(kind, page, &marker, true) {
                Ok(sample) => samples.push(sample),
                Err(message) => self.failed(kind, page, message)?,
            }
        }
        eprintln!(
            "serve_latency: {} {} edits done",
            samples.len(),
            kind.name()
        );
        Ok(samples)
    }

    /// Records a failed edit; gives up when the server is gone.
    fn failed(&mut self, kind: Kind, page: &Page, message: String) -> Result<(), String> {
        let line = format!("{} edit of {}: {message}", kind.name(), page.url);
        eprintln!("serve_latency: FAILED {line}");
        self.failures.push(line);
        match self.serve.is_alive() {
            true => Ok(()),
            false => Err(self.serve.died("stopped")),
        }
    }

    fn soak<'a>(&mut self, pages: impl Iterator<Item = &'a Page>) -> Result<Soak, String> {
        let started = Instant::now();
        let mut soak = Soak {
            edits: 0,
            event_ms: Vec::new(),
            series: Vec::new(),
            took: Duration::ZERO,
        };
        for (i, page) in pages.enumerate() {
            let marker = format!("sbms{:08x}n{i:05}", self.nonce);
            match self.edit(Kind::Body, page, &marker, false) {
                Ok(sample) => soak.event_ms.push(sample.event_ms),
                Err(message) => self.failed(Kind::Body, page, format!("(soak) {message}"))?,
            }
            soak.edits = i + 1;
            if soak.edits.is_multiple_of(RSS_EVERY) {
                let memory = self.serve.memory()?;
                eprintln!(
                    "serve_latency: soak {} edits, VmRSS {:.1} MiB",
                    soak.edits, memory.rss
                );
                soak.series.push((soak.edits, memory));
            }
        }
        if !soak.edits.is_multiple_of(RSS_EVERY) {
            soak.series.push((soak.edits, self.serve.memory()?));
        }
        soak.took = started.elapsed();
        Ok(soak)
    }

    /// Saves one edit and times it; `serve_check` also GETs the page until it shows the edit.
    fn edit(
        &mut self,
        kind: Kind,
        page: &Page,
        marker: &str,
        serve_check: bool,
    ) -> Result<Sample, String> {
        self.drain();
        let text = read(&page.file)?;
        let edited = match kind {
            Kind::Body => with_body_marker(&text, marker),
            Kind::Title => with_title_marker(&text, marker)?,
        };
        let t0 = Instant::now();
        fs::write(&page.file, edited)
            .map_err(|e| format!("cannot write {}: {e}", page.file.display()))?;
        let (t1, event_pages) = self.await_reload(&page.url, t0)?;
        let (t2, gets) = match serve_check {
            true => self
                .await_page(&page.url, marker, t0)
                .map(|(t, n)| (Some(t), n))?,
            false => (None, 0),
        };
        let (rebuild_ms, rendered) = self.rebuilt_line(t0);
        Ok(Sample {
            url: page.url.clone(),
            event_ms: ms(t1 - t0),
            served_ms: t2.map(|t| ms(t - t0)),
            event_pages,
            gets,
            rebuild_ms,
            rendered,
        })
    }

    /// Waits for a reload event newer than the last one that names `url` (or reloads all).
    fn await_reload(&mut self, url: &str, t0: Instant) -> Result<(Instant, usize), String> {
        let deadline = t0 + EDIT_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = match self.events.recv_timeout(left) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("no reload event within {EDIT_TIMEOUT:?}"));
                }
                Err(RecvTimeoutError::Disconnected) => return Err("the event stream closed".into()),
            };
            if event.name == "errors" {
                return Err(format!(
                    "serve sent an errors event: {}",
                    shorten(&event.data)
                ));
            }
            let Some(reload) = (event.name == "reload")
                .then(|| parse_reload(&event.data))
                .flatten()
            else {
                continue;
            };
            let newer = reload.build > self.last_build;
            self.last_build = self.last_build.max(reload.build);
            let names =
                reload.pages.iter().any(|p| p == url) || (reload.all && reload.pages.is_empty());
            if newer && names {
                return Ok((event.at, reload.pages.len()));
            }
        }
    }

    /// GETs `url` until its HTML holds `marker`.
    fn await_page(&self, url: &str, marker: &str, t0: Instant) -> Result<(Instant, usize), String> {
        let mut gets = 0;
        loop {
            gets += 1;
            let html = self.serve.get(url)?;
            let now = Instant::now();
            if contains(&html, marker.as_bytes()) {
                return Ok((now, gets));
            }
            if now - t0 > EDIT_TIMEOUT {
                return Err(format!(
                    "the page did not show the edit within {EDIT_TIMEOUT:?} ({gets} GETs)"
                ));
            }
            thread::sleep(Duration::from_millis(2));
        }
    }

    /// serve's `Rebuilt …` line for this edit, if it comes within a second.
    fn rebuilt_line(&mut self, t0: Instant) -> (Option<f64>, Option<usize>) {
        let deadline = Instant::now() + Duration::from_secs(1);
        loop {
            for (at, line) in self.serve.logs() {
                if at >= t0 && line.starts_with("Rebuilt ") {
                    return parse_rebuilt(&line);
                }
            }
            if Instant::now() >= deadline {
                return (None, None);
            }
            thread::sleep(Duration::from_millis(1));
        }
    }
}

fn read(file: &Path) -> Result<String, String> {
    fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

fn with_body_marker(text: &str, marker: &str) -> String {
    let gap = if text.ends_with('\n') { "\n" } else { "\n\n" };
    format!("{text}{gap}Edited by the serve benchmark: {marker}.\n")
}

/// The text with its front matter's `title:` rewritten to `"<id> Retitled <marker>"`.
fn with_title_marker(text: &str, marker: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut done = false;
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("title:").filter(|_| !done) {
            Some(value) => {
                let value = value.trim().trim_matches(['"', '\'']);
                let id = value.split_whitespace().next().unwrap_or("");
                let _ = writeln!(out, "title: \"{id} Retitled {marker}\"");
                done = true;
            }
            None => out.push_str(line),
        }
    }
    match done {
        true => Ok(out),
        false => Err("no `title:` line in the front matter".into()),
    }
}

/// `Rebuilt x.md in 12 ms: 3 pages re-rendered, 5 files changed` → (12, 3).
fn parse_rebuilt(line: &str) -> (Option<f64>, Option<usize>) {
    let after = |key: &str| line.split(key).nth(1).map(str::trim_start);
    let took = after(" in ").and_then(|s| s.split(' ').next()?.parse().ok());
    let rendered = after(": ").and_then(|s| s.split(' ').next()?.parse().ok());
    (took, rendered)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn shorten(text: &str) -> String {
    text.chars().take(300).collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ---------------------------------------------------------------------------------------------
// Statistics and the report.

#[derive(Clone, Copy)]
struct Stats {
    n: usize,
    median: f64,
    p95: f64,
    max: f64,
}

/// Median (mean of the middle two for an even count), nearest-rank p95, max.
fn stats(values: impl IntoIterator<Item = f64>) -> Option<Stats> {
    let mut v: Vec<f64> = values.into_iter().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    let rank = ((0.95 * n as f64).ceil() as usize).clamp(1, n);
    Some(Stats {
        n,
        median,
        p95: v[rank - 1],
        max: v[n - 1],
    })
}

struct Report {
    pages: usize,
    body: Vec<Sample>,
    title: Vec<Sample>,
    start_rss: Memory,
    soak: Soak,
    failures: Vec<String>,
}

impl Report {
    fn served(samples: &[Sample]) -> Option<Stats> {
        stats(samples.iter().filter_map(|s| s.served_ms))
    }

    fn latency_ok(samples: &[Sample]) -> bool {
        Self::served(samples).is_some_and(|s| s.median <= MEDIAN_LIMIT_MS && s.p95 <= P95_LIMIT_MS)
    }

    fn final_rss(&self) -> f64 {
        self.soak
            .series
            .last()
            .map_or(self.start_rss.rss, |(_, m)| m.rss)
    }

    /// RSS growth over the second half of the soak: from the reading nearest the midpoint to
    /// the last one.
    fn growth(&self) -> Option<(f64, f64)> {
        let series = &self.soak.series;
        let (mid, last) = (
            series.get(series.len().checked_sub(1)? / 2)?,
            series.last()?,
        );
        Some((mid.1.rss, last.1.rss - mid.1.rss))
    }

    /// Not growing: the second half adds less than 5% or 8 MiB, whichever is more.
    fn steady(&self) -> bool {
        self.growth()
            .is_none_or(|(mid, grew)| grew <= (mid * 0.05).max(8.0))
    }

    fn passed(&self) -> bool {
        self.failures.is_empty()
            && Self::latency_ok(&self.body)
            && Self::latency_ok(&self.title)
            && self.final_rss() <= RSS_LIMIT_MIB
            && self.steady()
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "### Save-to-served latency ({} best-practice pages to pick from)\n",
            self.pages
        );
        out.push_str("| edit | n | event median | event p95 | event max | served median | served p95 | served max |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (kind, samples) in [(Kind::Body, &self.body), (Kind::Title, &self.title)] {
            latency_row(&mut out, kind.name(), samples);
        }
        out.push_str(
            "\nMilliseconds. event: save → `reload` event naming the page; served: save → \
                      GET of the page showing the edit. p95 is nearest-rank.\n\n",
        );
        for (kind, samples) in [(Kind::Body, &self.body), (Kind::Title, &self.title)] {
            detail_line(&mut out, kind.name(), samples);
        }
        self.memory_markdown(&mut out);
        self.verdict_markdown(&mut out);
        out
    }

    fn memory_markdown(&self, out: &mut String) {
        let soak = &self.soak;
        let _ = writeln!(
            out,
            "\n### Resident memory over {} soak body edits\n",
            soak.edits
        );
        out.push_str("| edits | VmRSS MiB | VmHWM MiB |\n|---:|---:|---:|\n");
        let start = (0, &self.start_rss);
        let rows = std::iter::once(start).chain(soak.series.iter().map(|(n, m)| (*n, m)));
        for (n, m) in rows {
            let _ = writeln!(out, "| {n} | {:.1} | {:.1} |", m.rss, m.peak);
        }
        let _ = writeln!(
            out,
            "\nStart = after the first build. The soak took {:.1} s ({:.1} edits/s).",
            soak.took.as_secs_f64(),
            soak.edits as f64 / soak.took.as_secs_f64().max(1e-9)
        );
        if let Some(s) = stats(soak.event_ms.iter().copied()) {
            let _ = writeln!(
                out,
                "Soak save → event (back to back, no pause): median {:.1}, p95 {:.1}, max {:.1} ms.",
                s.median, s.p95, s.max
            );
        }
    }

    fn verdict_markdown(&self, out: &mut String) {
        out.push_str("\n### Verdict\n\n");
        for (kind, samples) in [(Kind::Body, &self.body), (Kind::Title, &self.title)] {
            let result = match Self::served(samples) {
                Some(s) => format!(
                    "served median {:.1} ms (≤ {MEDIAN_LIMIT_MS}), p95 {:.1} ms (≤ {P95_LIMIT_MS})",
                    s.median, s.p95
                ),
                None => "no successful edit".into(),
            };
            let _ = writeln!(
                out,
                "- {} edit: {result}: {}",
                kind.name(),
                pass(Self::latency_ok(samples))
            );
        }
        let rss = self.final_rss();
        let _ = writeln!(
            out,
            "- memory: final VmRSS {rss:.1} MiB (≤ {RSS_LIMIT_MIB}): {}",
            pass(rss <= RSS_LIMIT_MIB)
        );
        if let Some((mid, grew)) = self.growth() {
            let _ = writeln!(
                out,
                "- growth over the second half of the soak: {grew:+.1} MiB from {mid:.1} MiB \
                (limit: 5% or 8 MiB): {}",
                pass(self.steady())
            );
        }
        let _ = writeln!(out, "- failed edits: {}", self.failures.len());
        for failure in &self.failures {
            let _ = writeln!(out, "  - {failure}");
        }
        let _ = writeln!(
            out,
            "\n**{}**",
            if self.passed() {
                "PASS: every goal met"
            } else {
                "FAIL: see above"
            }
        );
    }

    fn json(&self) -> Value {
        let stat = |s: Option<Stats>| {
            s.map(|s| json!({"n": s.n, "median": round(s.median), "p95": round(s.p95), "max": round(s.max)}))
        };
        let kind = |samples: &[Sample]| {
            json!({
                "event_ms": stat(stats(samples.iter().map(|s| s.event_ms))),
                "served_ms": stat(Self::served(samples)),
                "event_pages": stat(stats(samples.iter().map(|s| s.event_pages as f64))),
                "rendered": stat(stats(samples.iter().filter_map(|s| s.rendered.map(|r| r as f64)))),
                "rebuild_ms": stat(stats(samples.iter().filter_map(|s| s.rebuild_ms))),
                "samples": samples.iter().map(sample_json).collect::<Vec<_>>(),
            })
        };
        let series: Vec<_> = self
            .soak
            .series
            .iter()
            .map(|(n, m)| json!({"edits": n, "rss_mib": round(m.rss), "hwm_mib": round(m.peak)}))
            .collect();
        json!({
            "pages": self.pages,
            "body": kind(&self.body),
            "title": kind(&self.title),
            "rss_start_mib": round(self.start_rss.rss),
            "soak": {"edits": self.soak.edits, "seconds": self.soak.took.as_secs_f64(),
                     "event_ms": stat(stats(self.soak.event_ms.iter().copied())), "rss": series},
            "failures": self.failures,
            "passed": self.passed(),
        })
    }
}

fn sample_json(s: &Sample) -> Value {
    json!({
        "page": s.url,
        "event_ms": round(s.event_ms),
        "served_ms": s.served_ms.map(round),
        "event_pages": s.event_pages,
        "rendered": s.rendered,
        "rebuild_ms": s.rebuild_ms,
        "gets": s.gets,
    })
}

fn round(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}

fn latency_row(out: &mut String, name: &str, samples: &[Sample]) {
    let cells = |s: Option<Stats>| match s {
        Some(s) => format!("{:.1} | {:.1} | {:.1}", s.median, s.p95, s.max),
        None => "– | – | –".into(),
    };
    let event = stats(samples.iter().map(|s| s.event_ms));
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} |",
        samples.len(),
        cells(event),
        cells(Report::served(samples))
    );
}

/// Pages per event, pages re-rendered and serve's own rebuild time, as medians and maxima.
fn detail_line(out: &mut String, name: &str, samples: &[Sample]) {
    let show = |s: Option<Stats>| {
        s.map_or("–".to_string(), |s| {
            format!("{:.0} (max {:.0})", s.median, s.max)
        })
    };
    let pages = stats(samples.iter().map(|s| s.event_pages as f64));
    let rendered = stats(samples.iter().filter_map(|s| s.rendered.map(|r| r as f64)));
    let rebuild = stats(samples.iter().filter_map(|s| s.rebuild_ms));
    let retries = samples.iter().filter(|s| s.gets > 1).count();
    let _ = writeln!(
        out,
        "- {name} edits: pages named per event {}, pages re-rendered {}, serve's own \
        rebuild time {} ms, edits needing more than one GET: {retries}",
        show(pages),
        show(rendered),
        show(rebuild)
    );
}

fn pass(ok: bool) -> &'static str {
    if ok { "pass" } else { "**miss**" }
}
