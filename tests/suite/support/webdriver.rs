//! Just enough of a W3C WebDriver client to drive headless Chromium from the tests:
//! `chromedriver` on a free local port, one session, navigation, synchronous scripts, clicks
//! and typing, the console log, screenshots, and Chrome DevTools commands (viewport and
//! colour-scheme emulation) through chromedriver's `goog/cdp/execute`, over plain HTTP with
//! ureq and JSON with serde_json.
//!
//! When Chromium or chromedriver is missing, [`Browser::start`] follows the rule of
//! [`crate::support::prereq`]: the test says so and skips, or fails with `CI=true`.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::prereq;

/// The browser the session drives (Debian's `chromium` package).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The driver, looked up on `PATH` (Debian's `chromium-driver` package).
pub const CHROMEDRIVER: &str = "chromedriver";
/// The key WebDriver names an element reference by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long chromedriver may take to answer `/status` with `ready`.
const DRIVER_START: Duration = Duration::from_secs(15);
/// How long any single WebDriver command may take (starting Chromium is the slowest).
const COMMAND: Duration = Duration::from_secs(60);
/// The size of the window, which is also the screenshots' size.
const WINDOW: &str = "--window-size=1280,800";

/// A headless Chromium session behind its own chromedriver. Dropping it ends the session and
/// kills chromedriver.
pub struct Browser {
    driver: Child,
    /// `http://127.0.0.1:PORT/session/ID`.
    session: String,
    agent: ureq::Agent,
    /// Chromium's profile, fresh for every session.
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and opens a session for the test `test`. When Chromium or
    /// chromedriver is missing: `None` after saying the test skips, or, with `CI=true`, a
    /// panic (see [`prereq::need`]).
    pub fn start(test: &str) -> Option<Browser> {
        let found = prereq::file(std::path::Path::new(CHROMIUM), "Chromium")
            .and_then(|_| prereq::on_path(CHROMEDRIVER));
        prereq::need(test, found)?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(COMMAND))
            .build()
            .into();
        let (driver, base) = spawn_driver(&agent);
        let profile = tempfile::tempdir().expect("temp dir for Chromium's profile");
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            WINDOW,
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        // Until the session exists, Drop cannot end it: kill the driver by hand on failure.
        let mut browser = Browser {
            driver,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let url = format!("{base}/session");
        match browser.call("POST", &url, Some(&capabilities)) {
            Ok(value) => {
                let id = value["sessionId"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no sessionId in {value}"));
                browser.session = format!("{url}/{id}");
            }
            Err(error) => panic!("chromedriver could not start {CHROMIUM}: {error}"),
        }
        Some(browser)
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(&json!({ "url": url })))
            .unwrap_or_else(|e| panic!("navigating to {url}: {e}"));
    }

    /// Sets the window to `width` × `height` CSS pixels (headless, the window is the viewport).
    pub fn resize(&self, width: u32, height: u32) {
        let rect = json!({ "width": width, "height": height });
        self.command("POST", "/window/rect", Some(&rect))
            .unwrap_or_else(|e| panic!("resizing the window to {width}×{height}: {e}"));
    }

    /// Runs `script` (a function body; `return` gives the result) in the page.
    pub fn run(&self, script: &str) -> Result<Value, String> {
        let body = json!({"script": script, "args": []});
        self.command("POST", "/execute/sync", Some(&body))
    }

    /// As [`Browser::run`], panicking if the script throws.
    pub fn eval(&self, script: &str) -> Value {
        self.run(script)
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script` every 50 ms until it returns something truthy (not null, false, 0 or
    /// ""), for at most `timeout`, and returns that.
    pub fn wait_until(&self, what: &str, timeout: Duration, script: &str) -> Value {
        self.wait_for(what, timeout, script, truthy)
    }

    /// Runs `script` every 50 ms until `done` accepts its result, for at most `timeout`, and
    /// returns that result. Errors while a page is reloading count as not yet; the panic
    /// names `what` and the last result.
    pub fn wait_for(
        &self,
        what: &str,
        timeout: Duration,
        script: &str,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let last = match self.run(script) {
                Ok(value) if done(&value) => return value,
                Ok(value) => value.to_string(),
                Err(error) => error,
            };
            if Instant::now() >= deadline {
                panic!("{what}: not within {timeout:?}; the last check gave {last}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Presses and releases each character of `keys` in turn, as a keyboard would, on
    /// whatever has the focus. WebDriver's key codes name the other keys:
    /// [`keys::DOWN`], [`keys::ENTER`]…
    pub fn press(&self, keys: &str) {
        let actions: Vec<Value> = keys
            .chars()
            .flat_map(|c| {
                let key = c.to_string();
                [
                    json!({"type": "keyDown", "value": key}),
                    json!({"type": "keyUp", "value": key}),
                ]
            })
            .collect();
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        self.command("POST", "/actions", Some(&body))
            .unwrap_or_else(|e| panic!("pressing {keys:?}: {e}"));
    }

    /// The browser console's messages at level SEVERE since the last call.
    pub fn console_errors(&self) -> Vec<String> {
        let logs = self
            .command("POST", "/se/log", Some(&json!({"type": "browser"})))
            .unwrap_or_else(|e| panic!("reading the console: {e}"));
        logs.as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// A screenshot of the window, as base64 PNG.
    pub fn screenshot(&self) -> String {
        let value = self
            .command("GET", "/screenshot", None)
            .unwrap_or_else(|e| panic!("screenshot: {e}"));
        value.as_str().expect("screenshot data").to_string()
    }

    /// Saves a screenshot of the window as a PNG file at `path`.
    pub fn save_screenshot(&self, path: &std::path::Path) {
        let png = decode_base64(&self.screenshot());
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("screenshot folder");
        std::fs::write(path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// The URL of the page the browser is on.
    pub fn url(&self) -> String {
        let value = self.command("GET", "/url", None);
        let value = value.unwrap_or_else(|e| panic!("reading the URL: {e}"));
        value.as_str().unwrap_or_default().to_string()
    }

    /// Runs the Chrome DevTools command `cmd` with `params` on the page's target.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        let body = json!({"cmd": cmd, "params": params});
        self.command("POST", "/goog/cdp/execute", Some(&body))
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Makes the page `width` × `height` CSS pixels; `mobile` also emulates a phone (the
    /// viewport meta tag applies, scrollbars overlay). Kept across navigations.
    pub fn viewport(&self, width: u32, height: u32, mobile: bool) {
        let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1,
                             "mobile": mobile});
        self.cdp("Emulation.setDeviceMetricsOverride", metrics);
    }

    /// Emulates `prefers-color-scheme: light` or `dark`. Kept across navigations.
    pub fn color_scheme(&self, scheme: &str) {
        let features = json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]});
        self.cdp("Emulation.setEmulatedMedia", features);
    }

    /// The element matching the CSS `selector`, as its WebDriver reference.
    pub fn find(&self, selector: &str) -> String {
        let body = json!({"using": "css selector", "value": selector});
        let found = self.command("POST", "/element", Some(&body));
        let found = found.unwrap_or_else(|e| panic!("finding {selector}: {e}"));
        found[ELEMENT]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no element reference for {selector}: {found}"))
    }

    /// Clicks the element matching `selector`, as a reader would (it must be visible and
    /// not covered), after scrolling it into the middle of the window at once (the browser's
    /// own scrolling would follow a theme's `scroll-behavior: smooth` and click too early).
    pub fn click(&self, selector: &str) {
        let element = self.find(selector);
        let scroll = json!({"script": "arguments[0].scrollIntoView({block: 'center', \
            behavior: 'instant'}); return true;", "args": [{(ELEMENT): element}]});
        self.command("POST", "/execute/sync", Some(&scroll))
            .unwrap_or_else(|e| panic!("scrolling to {selector}: {e}"));
        self.command(
            "POST",
            &format!("/element/{element}/click"),
            Some(&json!({})),
        )
        .unwrap_or_else(|e| panic!("clicking {selector}: {e}"));
    }

    /// Types `text` into the element matching `selector`, key by key.
    pub fn type_into(&self, selector: &str, text: &str) {
        let element = self.find(selector);
        let body = json!({ "text": text });
        self.command("POST", &format!("/element/{element}/value"), Some(&body))
            .unwrap_or_else(|e| panic!("typing into {selector}: {e}"));
    }

    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        self.call(method, &format!("{}{path}", self.session), body)
    }

    /// One WebDriver request; a WebDriver error (or no answer) is the error's text.
    fn call(&self, method: &str, url: &str, body: Option<&Value>) -> Result<Value, String> {
        request(&self.agent, method, url, body)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &self.session.clone(), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (as WebDriver sends screenshots) to bytes.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {:?}", c as char),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
        bytes.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    bytes
}

/// WebDriver's codes for keys that are not characters.
pub mod keys {
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const UP: &str = "\u{E013}";
    pub const DOWN: &str = "\u{E015}";
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<&Value>,
) -> Result<Value, String> {
    let sent = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, body) => agent
            .post(url)
            .header("content-type", "application/json")
            .send(body.unwrap_or(&json!({})).to_string()),
    };
    let mut response = sent.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = response.status();
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("{method} {url}: reading the answer: {e}"))?;
    let answer: Value =
        serde_json::from_str(&text).map_err(|e| format!("{method} {url}: {e}: {text}"))?;
    let value = answer["value"].clone();
    match status.is_success() {
        true => Ok(value),
        false => Err(format!(
            "{method} {url}: {status} {}: {}",
            value["error"].as_str().unwrap_or("?"),
            value["message"].as_str().unwrap_or(&text)
        )),
    }
}

/// Starts chromedriver on a free port and waits until it says it is ready; returns it and
/// its base URL. A port taken between choosing and binding it costs another try.
fn spawn_driver(agent: &ureq::Agent) -> (Child, String) {
    for _ in 0..3 {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = match Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(child) => child,
            Err(e) => panic!("could not run {CHROMEDRIVER}: {e}"),
        };
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + DRIVER_START;
        while Instant::now() < deadline {
            if child.try_wait().ok().flatten().is_some() {
                break;
            }
            let status = request(agent, "GET", &format!("{base}/status"), None);
            if status.is_ok_and(|v| v["ready"] == true) {
                return (child, base);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("{CHROMEDRIVER} never became ready on a local port");
}
