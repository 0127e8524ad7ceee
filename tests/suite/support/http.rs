//! A raw HTTP/1.1 and server-sent-events client for the tests of `praxis serve`, over plain
//! std TcpStreams, and a way to run a router on a free local port. Requests are written byte
//! for byte, so a path like `/../x` reaches the server exactly as the test wrote it.
//!
//! It owns nothing of praxis itself; the tests decide what a response should be.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How long a plain request may take before the test fails.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// A router served on 127.0.0.1 by a one-worker tokio runtime; stopped when dropped.
pub struct Server {
    pub addr: SocketAddr,
    runtime: tokio::runtime::Runtime,
}

impl Server {
    /// Binds a free port and serves `router` on it in the background.
    pub fn start(router: axum::Router) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        runtime.spawn(async move { axum::serve(listener, router).await });
        Server { addr, runtime }
    }

    /// The runtime's handle, to run something on the server's only worker.
    pub fn handle(&self) -> &tokio::runtime::Handle {
        self.runtime.handle()
    }

    /// Keeps the server's only worker busy until the returned guard is dropped: no request or
    /// event stream makes progress meanwhile.
    pub fn pause(&self) -> Paused {
        let (started, started_rx) = std::sync::mpsc::channel();
        let (release, release_rx) = std::sync::mpsc::channel::<()>();
        self.runtime.spawn(async move {
            let _ = started.send(());
            // Blocking the worker on purpose: that is the point of pausing.
            let _ = release_rx.recv();
        });
        started_rx
            .recv_timeout(REQUEST_TIMEOUT)
            .expect("the server's worker never picked up the pause");
        Paused { _release: release }
    }
}

/// Returned by [`Server::pause`]; dropping it lets the server run again.
pub struct Paused {
    _release: std::sync::mpsc::Sender<()>,
}

/// A whole response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked; for HEAD, whatever bytes followed the headers.
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET raw_path`, written as is.
pub fn get(addr: SocketAddr, raw_path: &str) -> Response {
    request(addr, "GET", raw_path)
}

/// `HEAD raw_path`, written as is.
pub fn head(addr: SocketAddr, raw_path: &str) -> Response {
    request(addr, "HEAD", raw_path)
}

/// Sends one request with `Connection: close` and reads the response to the end.
pub fn request(addr: SocketAddr, method: &str, raw_path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(REQUEST_TIMEOUT)).unwrap();
    let head = format!("{method} {raw_path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).expect("send request");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{method} {raw_path}: reading the response: {e}"));
    let (status, headers, rest) = split_head(&raw)
        .unwrap_or_else(|| panic!("{method} {raw_path}: no response head in {raw:?}"));
    let chunked = is_chunked(&headers);
    let body = match (method, chunked) {
        ("HEAD", _) | (_, false) => rest.to_vec(),
        (_, true) => {
            let mut decoder = Chunked::default();
            decoder.feed(rest);
            decoder.out
        }
    };
    Response {
        status,
        headers,
        body,
    }
}

type Head<'a> = (u16, Vec<(String, String)>, &'a [u8]);

/// Status, headers and the bytes after them, once the whole head has arrived.
fn split_head(raw: &[u8]) -> Option<Head<'_>> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let text = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = text.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some((status, headers, &raw[end + 4..]))
}

fn is_chunked(headers: &[(String, String)]) -> bool {
    headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"))
}

/// An incremental decoder of `Transfer-Encoding: chunked`.
#[derive(Default)]
struct Chunked {
    pending: Vec<u8>,
    out: Vec<u8>,
    done: bool,
}

impl Chunked {
    fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        while !self.done && self.step() {}
    }

    /// Decodes one chunk if it has fully arrived.
    fn step(&mut self) -> bool {
        let Some(line_end) = self.pending.windows(2).position(|w| w == b"\r\n") else {
            return false;
        };
        let line = String::from_utf8_lossy(&self.pending[..line_end]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .unwrap_or_else(|_| panic!("bad chunk size line {line:?}"));
        let start = line_end + 2;
        if size == 0 {
            self.done = true;
            return false;
        }
        if self.pending.len() < start + size + 2 {
            return false;
        }
        self.out
            .extend_from_slice(&self.pending[start..start + size]);
        self.pending.drain(..start + size + 2);
        true
    }
}

/// A server-sent-events stream read over a raw connection.
pub struct Events {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    stream: TcpStream,
    chunked: Option<Chunked>,
    /// Decoded body bytes not yet parsed into events.
    text: Vec<u8>,
    closed: bool,
}

impl Events {
    /// Opens `GET path` with `Accept: text/event-stream` and reads the response head.
    pub fn connect(addr: SocketAddr, path: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        let head =
            format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
        stream.write_all(head.as_bytes()).expect("send request");
        stream.set_read_timeout(Some(REQUEST_TIMEOUT)).unwrap();
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            if let Some((status, headers, rest)) = split_head(&raw) {
                let rest = rest.to_vec();
                let chunked = is_chunked(&headers).then(Chunked::default);
                let mut events = Events {
                    status,
                    headers,
                    stream,
                    chunked,
                    text: Vec::new(),
                    closed: false,
                };
                events.take_in(&rest);
                return events;
            }
            let n = stream
                .read(&mut buf)
                .expect("reading the event stream's head");
            assert!(n > 0, "connection closed before the response head: {raw:?}");
            raw.extend_from_slice(&buf[..n]);
        }
    }

    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The next event as (name, data), `message` when unnamed; comments and events without
    /// data are skipped. None when `timeout` passes or the stream ends first.
    pub fn next(&mut self, timeout: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(event) = self.parse_one() {
                return Some(event);
            }
            if self.closed {
                return None;
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.read_more(left.max(Duration::from_millis(1)))?;
        }
    }

    /// Skips events until one named `name`, and returns its data.
    pub fn wait_for(&mut self, name: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let (event, data) = self.next(left)?;
            if event == name {
                return Some(data);
            }
        }
    }

    /// Reads once; None on timeout. End of stream sets `closed`.
    fn read_more(&mut self, timeout: Duration) -> Option<()> {
        self.stream.set_read_timeout(Some(timeout)).ok()?;
        let mut buf = [0u8; 4096];
        match self.stream.read(&mut buf) {
            Ok(0) => self.closed = true,
            Ok(n) => self.take_in(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return None;
            }
            Err(e) => panic!("reading the event stream: {e}"),
        }
        Some(())
    }

    fn take_in(&mut self, bytes: &[u8]) {
        match &mut self.chunked {
            Some(decoder) => {
                decoder.feed(bytes);
                self.text.append(&mut decoder.out);
                self.closed |= decoder.done;
            }
            None => self.text.extend_from_slice(bytes),
        }
    }

    /// Takes whole events (ended by a blank line) off the front of `text`.
    fn parse_one(&mut self) -> Option<(String, String)> {
        loop {
            let normalised: Vec<u8> = self.text.iter().copied().filter(|&b| b != b'\r').collect();
            self.text = normalised;
            let end = self.text.windows(2).position(|w| w == b"\n\n")?;
            let block: Vec<u8> = self.text.drain(..end + 2).collect();
            if let Some(event) = parse_event(&String::from_utf8_lossy(&block)) {
                return Some(event);
            }
        }
    }
}

/// One event block's name and data, if it has data.
fn parse_event(block: &str) -> Option<(String, String)> {
    let mut name = None;
    let mut data: Vec<&str> = Vec::new();
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => name = Some(value.to_string()),
            "data" => data.push(value),
            _ => {}
        }
    }
    if data.is_empty() {
        return None;
    }
    Some((name.unwrap_or_else(|| "message".into()), data.join("\n")))
}
