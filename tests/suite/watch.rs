//! The file watcher of `praxis serve`: files are saved the way editors and git save them,
//! and each test checks which batches arrive and what they hold.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use praxis::serve::watch::{Batch, Watcher};

/// Long enough for a loaded machine to deliver the first batch.
const FIRST: Duration = Duration::from_secs(5);
/// How long nothing more may arrive after the expected batch.
const AFTER: Duration = Duration::from_millis(300);

/// A site folder holding `content/`, with its real path (notify reports resolved paths).
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new() -> Site {
        Site::under("")
    }

    /// A site in `<tmp>/<sub>`.
    fn under(sub: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join(sub);
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("book.toml"), "[book]\ntitle = \"W\"\n").unwrap();
        Site { _dir: dir, root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap();
    }

    /// Watches the root with `content/` and `static/` listed.
    fn watch(&self, quiet: Duration) -> (Watcher, Receiver<Batch>) {
        let folders = [self.path("content"), self.path("static")];
        Watcher::start(&self.root, &folders, quiet, Duration::from_secs(10)).unwrap()
    }

    fn set(&self, rels: &[&str]) -> BTreeSet<PathBuf> {
        rels.iter().map(|r| self.path(r)).collect()
    }
}

fn next_batch(rx: &Receiver<Batch>) -> Batch {
    match rx.recv_timeout(FIRST) {
        Ok(batch) => batch,
        Err(e) => panic!("no batch within {FIRST:?}: {e}"),
    }
}

fn assert_no_more(rx: &Receiver<Batch>) {
    match rx.recv_timeout(AFTER) {
        Err(RecvTimeoutError::Timeout) => {}
        Ok(batch) => panic!("unexpected further batch: {batch:?}"),
        Err(e) => panic!("the watcher stopped: {e}"),
    }
}

/// Batches until one holds `path`; panics if none does in time.
fn batches_until(rx: &Receiver<Batch>, path: &Path) -> BTreeSet<PathBuf> {
    let deadline = Instant::now() + FIRST;
    let mut seen = BTreeSet::new();
    while !seen.contains(path) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(batch) => seen.extend(batch.paths),
            Err(e) => panic!("{} never reported ({e}); saw {seen:?}", path.display()),
        }
    }
    seen
}

const QUIET: Duration = Duration::from_millis(50);

#[test]
fn a_vim_save_is_one_batch_holding_only_the_file() {
    let site = Site::new();
    site.write("content/a.md", "# Old\n");
    let (_watcher, rx) = site.watch(QUIET);
    // vim's `backupcopy=no` save: probe the folder, move the original aside, write anew.
    site.write("content/4913", "");
    std::fs::remove_file(site.path("content/4913")).unwrap();
    std::fs::rename(site.path("content/a.md"), site.path("content/a.md~")).unwrap();
    site.write("content/a.md", "# New\n");
    std::fs::remove_file(site.path("content/a.md~")).unwrap();

    let batch = next_batch(&rx);
    assert_eq!(batch.paths, site.set(&["content/a.md"]));
    assert!(!batch.rescan);
    assert_no_more(&rx);
}

#[test]
fn writing_a_temporary_file_then_renaming_it_is_one_batch() {
    let site = Site::new();
    let (_watcher, rx) = site.watch(QUIET);
    site.write("content/a.md.tmp", "# A\n");
    std::fs::rename(site.path("content/a.md.tmp"), site.path("content/a.md")).unwrap();

    assert_eq!(next_batch(&rx).paths, site.set(&["content/a.md"]));
    assert_no_more(&rx);
}

#[test]
fn a_burst_of_a_thousand_files_is_one_batch() {
    let site = Site::new();
    let (_watcher, rx) = site.watch(Duration::from_millis(100));
    let mut expected = BTreeSet::new();
    for i in 0..1000 {
        let rel = format!("content/page-{i:04}.md");
        site.write(&rel, "# Page\n");
        expected.insert(site.path(&rel));
    }

    let batch = next_batch(&rx);
    assert!(!batch.rescan, "the event queue overflowed");
    assert_eq!(batch.paths.len(), 1000);
    assert_eq!(batch.paths, expected);
    assert_no_more(&rx);
}

#[test]
fn a_listed_folder_created_later_is_watched() {
    let site = Site::new();
    let (_watcher, rx) = site.watch(QUIET);
    std::fs::create_dir(site.path("static")).unwrap();
    site.write("static/style.css", "body {}");
    let seen = batches_until(&rx, &site.path("static/style.css"));
    assert!(seen.contains(&site.path("static")), "{seen:?}");

    // Not only found once: the new folder is watched from now on.
    site.write("static/app.js", "");
    assert_eq!(next_batch(&rx).paths, site.set(&["static/app.js"]));
    assert_no_more(&rx);
}

#[test]
fn a_deeper_listed_folder_created_later_is_watched() {
    let site = Site::new();
    let house = site.path("themes/house");
    let folders = [site.path("content"), house.clone()];
    let (_watcher, rx) =
        Watcher::start(&site.root, &folders, QUIET, Duration::from_secs(10)).unwrap();
    std::fs::create_dir_all(house.join("templates")).unwrap();
    site.write("themes/house/templates/page.html", "");
    batches_until(&rx, &house.join("templates/page.html"));

    site.write("themes/house/templates/base.html", "");
    let paths = next_batch(&rx).paths;
    assert_eq!(paths, site.set(&["themes/house/templates/base.html"]));
}

#[test]
fn unlisted_folders_do_not_trigger_but_root_files_do() {
    let site = Site::new();
    let (_watcher, rx) = site.watch(QUIET);
    std::fs::create_dir_all(site.path("public/ops")).unwrap();
    site.write("public/index.html", "<p>built</p>");
    site.write("public/ops/index.html", "<p>built</p>");
    std::fs::create_dir_all(site.path("target/debug")).unwrap();
    site.write("target/debug/praxis", "");
    site.write("book.toml", "[book]\ntitle = \"Renamed\"\n");

    assert_eq!(next_batch(&rx).paths, site.set(&["book.toml"]));
    site.write("public/index.html", "<p>rebuilt</p>");
    assert_no_more(&rx);
}

#[test]
fn hidden_folders_above_the_root_do_not_hide_the_site() {
    let site = Site::under(".cache/site");
    let (_watcher, rx) = site.watch(QUIET);
    site.write("content/a.md", "# A\n");
    assert_eq!(next_batch(&rx).paths, site.set(&["content/a.md"]));
}

#[test]
fn hidden_files_and_folders_below_the_root_are_ignored() {
    let site = Site::new();
    let (_watcher, rx) = site.watch(QUIET);
    std::fs::create_dir_all(site.path("content/.git/objects")).unwrap();
    site.write("content/.git/objects/ab", "");
    site.write("content/.a.md.swp", "");
    site.write("content/b.md", "# B\n");
    assert_eq!(next_batch(&rx).paths, site.set(&["content/b.md"]));
}

#[test]
fn dropping_the_watcher_ends_the_channel() {
    let site = Site::new();
    let (watcher, rx) = site.watch(QUIET);
    drop(watcher);
    match rx.recv_timeout(FIRST) {
        Err(RecvTimeoutError::Disconnected) => {}
        other => panic!("expected the channel to end, got {other:?}"),
    }
}
