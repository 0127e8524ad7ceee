//! A running `praxis serve` for the integration tests: the real binary on a free port, its
//! address read from stdout, its stderr collected, and the process stopped with Ctrl-C or
//! killed when the test ends. Also the editor-style `save` the tests edit the site with.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::TestSite;
use crate::support::http::{Events, Response, get};

/// How long the server may take to start and print its address.
pub const START: Duration = Duration::from_secs(20);
/// How long to wait for an event that should come, or for the process to exit.
pub const WAIT: Duration = Duration::from_secs(10);
/// The line `praxis serve` prints on stdout once it listens.
pub const SERVING: &str = "Serving the site at ";

/// Saves a file the way most editors do: a hidden temporary file renamed over the target,
/// so the server never reads it half written.
pub fn save(site: &TestSite, rel: &str, text: &str) {
    let path = site.path(rel);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let temp = path.with_file_name(format!(".{name}.saving"));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

pub fn json(data: &str) -> Value {
    serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}"))
}

pub fn praxis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_praxis"))
}

/// Collects a child's stderr on a thread, into a buffer the test can read at any time.
pub fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
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
pub fn lines(stdout: ChildStdout) -> Receiver<String> {
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
pub fn wait_exit(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
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

pub fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -INT failed: {status}");
}

/// A running `praxis serve`. Dropping it kills the process unless the test stopped it; a
/// failing test also gets the server's stderr printed.
pub struct Serve {
    child: Child,
    pub addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    /// Stdout lines after the address line.
    stdout: Receiver<String>,
    exited: bool,
}

impl Serve {
    /// `praxis serve --root <site> --port 0`.
    pub fn start(site: &TestSite) -> Serve {
        Serve::with_args([
            site.root().as_os_str(),
            OsStr::new("--port"),
            OsStr::new("0"),
        ])
    }

    /// `praxis serve --root <args…>`, once it has printed where it listens.
    pub fn with_args<I, S>(args: I) -> Serve
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

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits (bounded) until stderr holds `text`, and returns it all.
    pub fn stderr_containing(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.stderr();
            if now.contains(text) || Instant::now() >= deadline {
                return now;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The full URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn get(&self, path: &str) -> Response {
        get(self.addr, path)
    }

    /// A page's text, which must answer 200.
    pub fn page(&self, path: &str) -> String {
        let response = self.get(path);
        assert_eq!(response.status, 200, "GET {path}: {}", response.text());
        response.text()
    }

    /// A new event stream, past its `hello`: nothing sent after this is missed. Returns the
    /// build number the hello carried.
    pub fn subscribe(&self) -> (Events, u64) {
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
    pub fn expect(&self, events: &mut Events, wanted: &str) -> Value {
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

    pub fn reload(&self, events: &mut Events) -> Value {
        self.expect(events, "reload")
    }

    /// Ctrl-C, then the exit status (within 10 s).
    pub fn stop(&mut self) -> ExitStatus {
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
