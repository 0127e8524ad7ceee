//! The development server: serves a built site from memory, rebuilds it when sources change,
//! and tells open browser tabs to reload or show the build's errors.
//!
//! [`run`] ties three parts together: the in-memory site ([`crate::incremental::Live`]),
//! the [`watch::Watcher`] that coalesces file events into batches, and the [`http`] hub and
//! router. It writes nothing to disk (never the output folder) and prints nothing itself: the
//! caller hears of every step through [`Report`].

pub mod http;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use crate::config::Overrides;
use crate::diagnostics::Diagnostic;
use crate::incremental::{Live, Update};
use crate::{BuildOptions, Error};
use http::{Changes, Hub};
use watch::{Batch, Watcher};

/// How long the watcher waits for a burst of events to end before rebuilding: long enough
/// for an editor's save dance (temp file, rename, backup removal), short enough to be unseen.
const QUIET: Duration = Duration::from_millis(10);
/// The longest a continuous stream of events delays a rebuild.
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// `praxis serve`'s settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site's folder.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Include pages whose `publishDate` is still to come.
    pub future: bool,
    /// Include pages whose `expiryDate` has passed.
    pub expired: bool,
    /// The site's URL; by default the server's own address.
    pub base_url: Option<String>,
}

/// What the server tells its caller (the binary prints it).
pub trait Report: Send {
    /// Listening at `url`; the first build of `live` is done (or failed, reported through
    /// [`Report::failed`]).
    fn serving(&mut self, url: &str, first: Option<&Update>, live: &Live);
    /// A rebuild succeeded.
    fn rebuilt(&mut self, update: &Update, warnings: &[Diagnostic]);
    /// A build failed; the last good site is still served.
    fn failed(&mut self, build: u64, diagnostics: &[Diagnostic]);
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address is taken.
    #[error(
        "cannot listen on {addr}: the port is in use; choose another with `--port N` (`--port 0` picks a free one)"
    )]
    PortInUse {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// Listening failed otherwise.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The site cannot be loaded (book.toml or the theme is wrong).
    #[error("{0}")]
    Site(Error),
    /// Watching or the runtime failed to start.
    #[error("{0}")]
    Setup(String),
}

/// Whether `ip` is only reachable from this machine.
pub fn is_loopback(ip: IpAddr) -> bool {
    ip.is_loopback()
}

/// Serves the site until Ctrl-C. Returns when the server stops.
pub fn run(options: &Options, report: &mut dyn Report) -> Result<(), ServeError> {
    let listener = listen(SocketAddr::new(options.bind, options.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Setup(e.to_string()))?;
    // The site is read through the root as given, so messages show paths as the user typed
    // them; the watcher reports resolved paths, which are put back under it.
    let root = options.root.clone();
    let real_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let local = local_url(addr);
    let build_options = BuildOptions {
        overrides: Overrides {
            output_dir: None,
            base_url: Some(options.base_url.clone().unwrap_or_else(|| local.clone())),
            drafts: options.drafts,
            future: options.future,
            expired: options.expired,
            now: None,
        },
        force: false,
        interrupt: Default::default(),
    };
    let (live, first) = Live::load(&root, &build_options).map_err(ServeError::Site)?;
    let hub = Hub::new(live.files(), &live.config().base_url.path);
    let url = format!(
        "{}{}",
        local.trim_end_matches('/'),
        live.config().base_url.path
    );
    match &first {
        Ok(update) => {
            hub.publish(live.files(), &changes(update));
            report.serving(&url, Some(update), &live);
        }
        Err(err) => {
            report.serving(&url, None, &live);
            report.failed(1, err.diagnostics());
            hub.fail(1, err.diagnostics());
        }
    }
    let (watcher, batches) = Watcher::start(&real_root, &live.watched(), QUIET, MAX_WAIT)
        .map_err(|e| ServeError::Setup(e.to_string()))?;
    let relocate = move |path: PathBuf| match path.strip_prefix(&real_root) {
        Ok(rest) => root.join(rest),
        Err(_) => path,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Setup(e.to_string()))?;
    let server = runtime.block_on(async {
        listener.set_nonblocking(true)?;
        tokio::net::TcpListener::from_std(listener)
    });
    let server = server.map_err(|e| ServeError::Setup(e.to_string()))?;
    let router = http::router(Arc::clone(&hub));
    std::thread::scope(|scope| {
        let hub = &hub;
        scope.spawn(move || rebuild_loop(live, batches, relocate, hub, report));
        runtime.block_on(async {
            tokio::select! {
                _ = axum::serve(server, router) => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        });
        // Ends the batch channel, and with it the rebuild loop.
        drop(watcher);
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
    Ok(())
}

fn listen(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AddrInUse {
            ServeError::PortInUse { addr }
        } else {
            ServeError::Listen { addr, source }
        }
    })
}

/// `http://127.0.0.1:1111/`; an unspecified address (`0.0.0.0`) is shown as the loopback one,
/// which a browser on this machine can open.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/", addr.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", addr.port()),
    }
}

/// Rebuilds on every batch until the watcher stops; batches that queued up during a rebuild
/// are taken together. After a good rebuild with no save waiting, what it left for later is
/// written too ([`Live::settle`]).
fn rebuild_loop(
    mut live: Live,
    batches: Receiver<Batch>,
    relocate: impl Fn(PathBuf) -> PathBuf,
    hub: &Hub,
    report: &mut dyn Report,
) {
    let mut waiting: Option<Batch> = None;
    loop {
        let mut batch = match waiting.take().map(Ok).unwrap_or_else(|| batches.recv()) {
            Ok(batch) => batch,
            Err(_) => return,
        };
        while let Ok(more) = batches.try_recv() {
            batch.paths.extend(more.paths);
            batch.rescan |= more.rescan;
        }
        let paths = batch.paths.into_iter().map(&relocate).collect();
        match live.update(&paths, batch.rescan) {
            Ok(update) if update.sources.is_empty() && !batch.rescan => {}
            Ok(update) => {
                hub.publish(live.files(), &changes(&update));
                report.rebuilt(&update, live.warnings());
                waiting = batches.try_recv().ok();
                if waiting.is_none()
                    && let Some(rest) = live.settle()
                {
                    hub.publish(live.files(), &changes(&rest));
                }
            }
            Err(err) => {
                let build = live.build();
                hub.fail(build, err.diagnostics());
                report.failed(build, err.diagnostics());
            }
        }
    }
}

/// What browsers hear of an update: the outputs a page may load. Files no page loads
/// (sitemap, robots.txt, feeds, graph.json, the search index) would only make every open tab
/// reload.
fn changes(update: &Update) -> Changes {
    let loaded = |path: &&String| {
        let name = Path::new(path.as_str())
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        let index = path.starts_with(crate::search::DIR)
            && path[crate::search::DIR.len()..].starts_with('/');
        !(name.ends_with(".xml") || name == "robots.txt" || name == "graph.json" || index)
    };
    Changes {
        build: update.build,
        outputs: update.changed.iter().filter(loaded).cloned().collect(),
    }
}
