//! Watching a site's sources for `praxis serve`. [`Watcher::start`] watches the site root
//! (not recursively: book.toml and the arrival of watched folders) and each listed folder
//! (recursively), and a thread of its own turns notify's stream of events into [`Batch`]es:
//! one per burst of changes, sent once the burst has been quiet for a moment.
//!
//! Why not notify's debouncers: they hold each path for its own timeout, so a `git checkout`
//! of a thousand files comes out as several batches and so several rebuilds. Here a batch
//! closes only when no event has arrived for the quiet time, which can therefore be short
//! (milliseconds) and still keep a burst whole.
//!
//! This module only observes the file system: it never reads what files hold, and never
//! builds. Folders that are not listed (the output folder, `target/`) are never watched.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{CreateKind, ModifyKind, RemoveKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// One coalesced set of changes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Changed paths (absolute, as notify reports them), ignored files filtered out, sorted,
    /// deduplicated. Files and folders that were created, modified, removed or renamed (both
    /// the old and the new name of a rename).
    pub paths: BTreeSet<PathBuf>,
    /// notify lost events (queue overflow / rescan flag): the consumer must rescan everything.
    pub rescan: bool,
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The site root cannot be resolved (it does not exist, or is unreadable).
    #[error("cannot watch {}: {source}", path.display())]
    Root {
        /// The root as given.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// notify refused to start or to watch a path.
    #[error("cannot watch {}: {source}", path.display())]
    Notify {
        /// The path being watched.
        path: PathBuf,
        /// Why it failed.
        source: notify::Error,
    },
    /// The thread that coalesces events could not be started.
    #[error("cannot start the file watcher thread: {0}")]
    Thread(std::io::Error),
}

/// Watches a site's sources; dropping it stops watching and ends the batch channel.
pub struct Watcher {
    stop: Sender<Message>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

/// What the coalescing thread receives: notify's events, and the word to stop.
enum Message {
    Event(notify::Result<notify::Event>),
    Stop,
}

impl Watcher {
    /// Watches `root` non-recursively (to see book.toml and the creation of watched folders)
    /// and each of `folders` recursively (those that exist; a listed folder created later is
    /// picked up and watched from then on). Events are coalesced: a batch is sent once no
    /// event has arrived for `quiet`, or `max_wait` after its first event at the latest.
    pub fn start(
        root: &Path,
        folders: &[PathBuf],
        quiet: Duration,
        max_wait: Duration,
    ) -> Result<(Watcher, Receiver<Batch>), WatchError> {
        let real_root = root.canonicalize().map_err(|source| WatchError::Root {
            path: root.to_path_buf(),
            source,
        })?;
        let (events, inbox) = mpsc::channel();
        let forward = events.clone();
        let notify = notify::recommended_watcher(move |event| {
            let _ = forward.send(Message::Event(event));
        })
        .map_err(|source| WatchError::Notify {
            path: real_root.clone(),
            source,
        })?;
        let mut tracker = Tracker {
            folders: folders
                .iter()
                .map(|f| Folder {
                    path: resolve(f),
                    watched: false,
                })
                .collect(),
            root: real_root,
            scaffolds: BTreeSet::new(),
            notify,
        };
        tracker.watch_initial()?;
        let (batches, receiver) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("praxis-watch".into())
            .spawn(move || tracker.run(&inbox, &batches, quiet, max_wait))
            .map_err(WatchError::Thread)?;
        let watcher = Watcher {
            stop: events,
            thread: Some(thread),
        };
        Ok((watcher, receiver))
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.stop.send(Message::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Editor and system temporary files that never trigger a rebuild. Looks at the file name
/// only: hidden folders between the site root and the file are the watcher's business.
pub fn is_ignored(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let name = name.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    const SUFFIXES: &[&str] = &[
        "~",
        "___jb_tmp___",
        "___jb_old___",
        ".swp",
        ".swx",
        ".swo",
        ".tmp",
        ".crswap",
        ".kate-swp",
    ];
    name.starts_with('.')
        || name.starts_with("~$")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || is_vim_probe(&name)
        || is_sed_temp(&name)
        || SUFFIXES.iter().any(|s| lower.ends_with(s))
}

/// `sed -i` writes the new text to `sedXXXXXX` (six random letters and digits) beside the
/// file, then renames it over the file.
fn is_sed_temp(name: &str) -> bool {
    name.strip_prefix("sed")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// vim checks that it may write a folder by creating a file named `4913`, or, when that
/// exists, 4913 + 123, + 246, …. Only those numbers count, so that a folder named after a
/// year still does.
fn is_vim_probe(name: &str) -> bool {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match name.parse::<u64>() {
        Ok(n) => n >= 4913 && (n - 4913) % 123 == 0,
        Err(_) => false,
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// An absolute path with symbolic links resolved as far as it exists, so that it matches
/// the paths notify reports for it, including for a folder that does not exist yet.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(mut real) = base.canonicalize() {
            real.extend(missing.iter().rev());
            return real;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                base = parent;
            }
            _ => return absolute,
        }
    }
}

/// A listed folder, and whether notify is watching it (or a listed folder holding it).
struct Folder {
    path: PathBuf,
    watched: bool,
}

/// The watching state, owned by the coalescing thread.
struct Tracker {
    root: PathBuf,
    folders: Vec<Folder>,
    /// Existing ancestors of missing listed folders, watched non-recursively to see those
    /// folders appear.
    scaffolds: BTreeSet<PathBuf>,
    notify: RecommendedWatcher,
}

impl Tracker {
    /// The watches of [`Watcher::start`]; failures here are the caller's to hear about.
    fn watch_initial(&mut self) -> Result<(), WatchError> {
        let root_listed = self.folders.iter().any(|f| f.path == self.root);
        if !root_listed {
            self.watch(&self.root.clone(), RecursiveMode::NonRecursive)?;
        }
        for i in 0..self.folders.len() {
            let path = self.folders[i].path.clone();
            if path.is_dir() && !self.covered(&path) {
                self.watch(&path, RecursiveMode::Recursive)?;
                self.folders[i].watched = true;
            }
        }
        self.watch_pending(&mut Batch::default());
        Ok(())
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> Result<(), WatchError> {
        self.notify
            .watch(path, mode)
            .map_err(|source| WatchError::Notify {
                path: path.to_path_buf(),
                source,
            })
    }

    /// Whether a watched listed folder holds `path`.
    fn covered(&self, path: &Path) -> bool {
        self.folders
            .iter()
            .any(|f| f.watched && path.starts_with(&f.path))
    }

    /// Batches of events until the receiver or the [`Watcher`] goes away.
    fn run(
        mut self,
        inbox: &Receiver<Message>,
        batches: &Sender<Batch>,
        quiet: Duration,
        max_wait: Duration,
    ) {
        loop {
            let mut batch = Batch::default();
            while is_empty(&batch) {
                match inbox.recv() {
                    Ok(Message::Event(event)) => self.absorb(event, &mut batch),
                    Ok(Message::Stop) | Err(_) => return,
                }
            }
            let deadline = Instant::now() + max_wait;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                match inbox.recv_timeout(quiet.min(left)) {
                    Ok(Message::Event(event)) => self.absorb(event, &mut batch),
                    Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            if batches.send(batch).is_err() {
                return;
            }
        }
    }

    /// Adds what one notify event says to `batch`, and follows listed folders that appear
    /// or go away.
    fn absorb(&mut self, event: notify::Result<notify::Event>, batch: &mut Batch) {
        let event = match event {
            Ok(event) => event,
            Err(_) => {
                // A failed read of the event queue or a failed watch of a new subfolder:
                // events may be missing.
                batch.rescan = true;
                return;
            }
        };
        if event.need_rescan() {
            batch.rescan = true;
        }
        let kind = event.kind;
        // Opening and closing files is what every build does to the sources.
        if matches!(kind, EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            if self.wanted(path, &kind) {
                batch.paths.insert(path.clone());
            }
            let arrived = matches!(
                kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
            );
            if arrived && self.covered(path) && path.is_dir() {
                // Files may land in a new folder before notify watches it.
                self.add_tree(path, batch);
            }
        }
        let moved = matches!(
            kind,
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        );
        if moved {
            self.forget_moved(&event.paths);
        }
        let unknown = matches!(kind, EventKind::Any | EventKind::Other);
        let touches_pending = self
            .folders
            .iter()
            .any(|f| !f.watched && event.paths.iter().any(|p| f.path.starts_with(p)));
        if unknown || touches_pending {
            self.watch_pending(batch);
        }
    }

    /// Whether a change to `path` goes into a batch.
    fn wanted(&self, path: &Path, kind: &EventKind) -> bool {
        let holder = self
            .folders
            .iter()
            .map(|f| f.path.as_path())
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len());
        if let Some(folder) = holder {
            return !ignored_below(folder, path);
        }
        if path == self.root || !path.starts_with(&self.root) {
            return false;
        }
        if self.folders.iter().any(|f| f.path.starts_with(path)) {
            // A folder on the way to a listed one came or went.
            return true;
        }
        // Anything else the root watch sees: files such as book.toml, but no folders (the
        // output folder is swapped in at every build).
        let is_folder = matches!(
            kind,
            EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder)
        ) || path.is_dir();
        path.parent() == Some(self.root.as_path()) && !is_ignored(path) && !is_folder
    }

    /// Adds every path under the new folder `dir` to `batch`, skipping hidden folders.
    fn add_tree(&self, dir: &Path, batch: &mut Batch) {
        let entries = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in entries.flatten() {
            let kind = EventKind::Create(CreateKind::Any);
            if self.wanted(entry.path(), &kind) {
                batch.paths.insert(entry.into_path());
            }
        }
    }

    /// Stops watching listed folders (and scaffolds) that `paths`, removed or renamed, held.
    fn forget_moved(&mut self, paths: &[PathBuf]) {
        let hit = |folder: &Path| paths.iter().any(|p| folder.starts_with(p));
        for i in 0..self.folders.len() {
            if self.folders[i].watched && hit(&self.folders[i].path) {
                // notify may have dropped the watch already; then this fails, harmlessly.
                let _ = self.notify.unwatch(&self.folders[i].path);
                self.folders[i].watched = false;
            }
        }
        let gone: Vec<PathBuf> = self.scaffolds.iter().filter(|s| hit(s)).cloned().collect();
        for scaffold in gone {
            let _ = self.notify.unwatch(&scaffold);
            self.scaffolds.remove(&scaffold);
        }
    }

    /// Watches listed folders that now exist, adding what they hold to `batch`; for those
    /// still missing, watches the nearest existing folder on their way.
    fn watch_pending(&mut self, batch: &mut Batch) {
        for i in 0..self.folders.len() {
            if self.folders[i].watched {
                continue;
            }
            let path = self.folders[i].path.clone();
            if self.covered(&path) {
                self.folders[i].watched = true;
                continue;
            }
            // A folder on the way may be created while its parent's watch is being set up,
            // unseen by that watch: look again after every new scaffold.
            loop {
                if path.is_dir() {
                    if self.notify.watch(&path, RecursiveMode::Recursive).is_ok() {
                        self.folders[i].watched = true;
                        self.add_tree(&path, batch);
                    }
                    break;
                }
                if !self.watch_scaffold(&path) {
                    break;
                }
            }
        }
    }

    /// Watches the nearest existing ancestor of the missing folder `path` non-recursively,
    /// unless the root or a listed folder's watch already sees it. Returns whether it set up
    /// a new watch.
    fn watch_scaffold(&mut self, path: &Path) -> bool {
        let Some(ancestor) = path.ancestors().skip(1).find(|a| a.is_dir()) else {
            return false;
        };
        let seen = ancestor == self.root || self.covered(ancestor);
        if seen || self.scaffolds.contains(ancestor) {
            return false;
        }
        let ancestor = ancestor.to_path_buf();
        let watching = self
            .notify
            .watch(&ancestor, RecursiveMode::NonRecursive)
            .is_ok();
        if watching {
            self.scaffolds.insert(ancestor);
        }
        watching
    }
}

fn is_empty(batch: &Batch) -> bool {
    batch.paths.is_empty() && !batch.rescan
}

/// Whether `path`, inside the watched `folder`, is hidden below it or an editor's file.
fn ignored_below(folder: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(folder) else {
        return is_ignored(path);
    };
    if rel.as_os_str().is_empty() {
        return false;
    }
    rel.components().any(|c| is_hidden(c.as_os_str())) || is_ignored(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignored(name: &str) -> bool {
        is_ignored(&Path::new("/site/content").join(name))
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".git",
            ".a.md.swp",
            ".#a.md",
            ".goutputstream-QX41Z2",
            "4913",
            "5036",
            "a.md~",
            "#a.md#",
            "a.md___jb_tmp___",
            "a.md___jb_old___",
            "sedAb12Xy",
            "a.md.swp",
            "a.md.swx",
            "a.md.swo",
            "a.md.tmp",
            "a.md.TMP",
            "a.md.crswap",
            "a.md.kate-swp",
            "~$notes.docx",
        ] {
            assert!(ignored(name), "{name} should be ignored");
        }
    }

    #[test]
    fn content_files_are_not_ignored() {
        for name in [
            "a.md",
            "_index.md",
            "book.toml",
            "2024",
            "4914",
            "diagram.svg",
            "notes~draft.md",
            "#hash.md",
            "tmp.md",
        ] {
            assert!(!ignored(name), "{name} should not be ignored");
        }
    }

    #[test]
    fn only_the_file_name_counts() {
        assert!(!is_ignored(Path::new("/home/me/.cache/site/content/a.md")));
        assert!(!is_ignored(Path::new("/")));
    }

    #[test]
    fn hidden_folders_count_below_the_watched_folder_only() {
        let folder = Path::new("/tmp/.x/site/content");
        assert!(!ignored_below(folder, &folder.join("a.md")));
        assert!(!ignored_below(folder, folder));
        assert!(ignored_below(folder, &folder.join(".git/HEAD")));
        assert!(ignored_below(folder, &folder.join("ops/.a.md.swp")));
        assert!(ignored_below(folder, &folder.join("ops/4913")));
    }

    #[test]
    fn resolve_keeps_the_missing_part() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(resolve(&dir.path().join("a/b")), real.join("a/b"));
        assert_eq!(resolve(dir.path()), real);
    }
}
