//! `praxis serve` under load: a thousand requests at once, again and again, while a burst of
//! edits rebuilds the site. No request fails, the server's memory stays flat, and once the
//! edits settle it serves exactly what `praxis build` writes.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use crate::serve::LIVE_SCRIPT;
use crate::support::serve::{Serve, WAIT, praxis, save};
use crate::support::{TestSite, list_files};

const PAGES: usize = 60;
const AT_ONCE: usize = 1_000;
const ROUNDS: usize = 5;

fn page(i: usize, version: usize) -> String {
    format!(
        "---\ntitle: Page {i}\nid: P{i:03}\ntags: [t{}]\n---\nVersion {version} of page {i}. See [[P{:03}]].\n\n{}\n",
        i % 7,
        (i + 1) % PAGES,
        "A paragraph of prose to serve. ".repeat(40)
    )
}

fn site() -> TestSite {
    let site = TestSite::with_files(&[(
        "book.toml",
        "[book]\ntitle = \"Load\"\n\n[[taxonomies]]\nname = \"tags\"\n",
    )]);
    for i in 0..PAGES {
        site.write(&format!("content/p{i:03}.md"), page(i, 0));
    }
    site
}

/// One GET with its own connection: the status, or why there was none.
fn fetch(addr: SocketAddr, path: &str) -> Result<(u16, Vec<u8>), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("read: {e}"))?;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no response head")?;
    let status = std::str::from_utf8(&raw[..end])
        .ok()
        .and_then(|h| h.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    Ok((status, raw[end + 4..].to_vec()))
}

/// The process's resident memory now and at its peak, in KiB (Linux: /proc).
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// A thousand requests that start together, for pages, term pages and the stylesheet.
fn round(addr: SocketAddr, paths: &Arc<Vec<String>>) -> Vec<String> {
    let start = Arc::new(Barrier::new(AT_ONCE));
    let threads: Vec<_> = (0..AT_ONCE)
        .map(|n| {
            let (start, paths) = (Arc::clone(&start), Arc::clone(paths));
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || {
                    let path = &paths[n % paths.len()];
                    start.wait();
                    match fetch(addr, path) {
                        Ok((200, body)) if !body.is_empty() => None,
                        Ok((status, _)) => Some(format!("GET {path}: {status}")),
                        Err(e) => Some(format!("GET {path}: {e}")),
                    }
                })
                .unwrap()
        })
        .collect();
    threads
        .into_iter()
        .filter_map(|t| {
            t.join()
                .unwrap_or_else(|_| Some("a request thread panicked".into()))
        })
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn a_thousand_requests_at_once_during_a_burst_of_edits_all_succeed() {
    let site = site();
    let serve = Serve::start(&site);
    let addr = serve.addr;
    let mut paths: Vec<String> = (0..PAGES).map(|i| format!("/p{i:03}/")).collect();
    paths.extend(["/", "/tags/", "/tags/t3/", "/praxis.css", "/sitemap.xml"].map(String::from));
    let paths = Arc::new(paths);

    let mut after = Vec::new();
    for r in 0..ROUNDS {
        // The edits run while the requests do: every page saved once a round.
        let failed = std::thread::scope(|scope| {
            scope.spawn(|| {
                for i in 0..PAGES {
                    save(&site, &format!("content/p{i:03}.md"), &page(i, r + 1));
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
            round(addr, &paths)
        });
        assert!(
            failed.is_empty(),
            "round {r}: {} of {AT_ONCE} requests failed: {:?}\nserver:\n{}",
            failed.len(),
            &failed[..failed.len().min(10)],
            serve.stderr()
        );
        after.push(memory(serve.pid()));
    }
    let (first, _) = after[0];
    let (last, peak) = after[ROUNDS - 1];
    eprintln!(
        "serve load: {} requests; resident memory after each round {:?} KiB, peak {peak} KiB",
        AT_ONCE * ROUNDS,
        after.iter().map(|(now, _)| now).collect::<Vec<_>>()
    );
    // Flat: what the first round settled at, give or take a round's buffers.
    assert!(
        last <= first + first / 2 + 16 * 1024,
        "memory grew from {first} KiB to {last} KiB over {ROUNDS} rounds"
    );

    // Once the last edit is served, the site is what a build writes.
    let deadline = Instant::now() + WAIT * 3;
    let last_edit = format!("Version {ROUNDS} of page {}.", PAGES - 1);
    while !serve
        .get(&format!("/p{:03}/", PAGES - 1))
        .text()
        .contains(&last_edit)
    {
        assert!(Instant::now() < deadline, "the last edit was never served");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let built = tempfile::tempdir().unwrap();
    let base = format!("http://{addr}/");
    let out = praxis()
        .args(["build", "--root"])
        .arg(site.root())
        .args(["--base-url", &base, "--output"])
        .arg(built.path().join("site"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = list_files(&built.path().join("site"));
    assert!(files.len() > PAGES, "{files:?}");
    for file in files.iter().filter(|f| !f.starts_with(".praxis")) {
        let expected = std::fs::read(built.path().join("site").join(file)).unwrap();
        let (status, served) = fetch(addr, &format!("/{file}")).unwrap();
        assert_eq!(status, 200, "{file}");
        let served = if file.ends_with(".html") {
            String::from_utf8(served)
                .unwrap()
                .replacen(LIVE_SCRIPT, "", 1)
                .into_bytes()
        } else {
            served
        };
        assert!(
            served == expected,
            "{file} is served unlike the build writes it"
        );
    }
}
