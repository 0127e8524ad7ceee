//! A static file server for the browser tests: serves a built site's output folder from
//! 127.0.0.1 on a free port, the way a plain host would — `dir/` answers with
//! `dir/index.html`, `dir` without its slash is redirected to `dir/`, and anything missing
//! gets the site's `404.html` with status 404. One thread per connection, one request per
//! connection (`Connection: close`); std only. It stops when dropped.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a connection may sit idle before the server gives up on it.
const IDLE: Duration = Duration::from_secs(10);

/// A running server; dropping it stops accepting connections.
pub struct StaticServer {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// Serves `root` on a free local port.
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let stopping = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                std::thread::spawn(move || answer(stream, &root));
            }
        });
        StaticServer { addr, stop }
    }

    /// The full URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accepting thread so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// Reads one request and answers it; errors only end the connection.
fn answer(stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Headers are read and ignored, so the client is not cut off mid-request.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let (status, headers, body) = respond(root, target);
    let head = format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
}

/// The status line's tail, extra header lines and body for a request of `target`.
fn respond(root: &Path, target: &str) -> (&'static str, String, Vec<u8>) {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let Some(file) = resolve(root, &decoded) else {
        return not_found(root);
    };
    if file.is_dir() {
        let location = format!("Location: {path}/\r\n");
        return ("301 Moved Permanently", location, Vec::new());
    }
    match std::fs::read(&file) {
        Ok(body) => {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            ("200 OK", format!("Content-Type: {mime}\r\n"), body)
        }
        Err(_) => not_found(root),
    }
}

/// The file `path` names under `root` (`index.html` for a folder path ending in `/`), or
/// `None` if there is none or the path climbs out of `root`.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let mut file = root.to_path_buf();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part.contains('\\') {
            return None;
        }
        file.push(part);
    }
    if path.ends_with('/') {
        file.push("index.html");
    }
    file.exists().then_some(file)
}

fn not_found(root: &Path) -> (&'static str, String, Vec<u8>) {
    let body = std::fs::read(root.join("404.html")).unwrap_or_default();
    let headers = "Content-Type: text/html; charset=utf-8\r\n".to_string();
    ("404 Not Found", headers, body)
}
