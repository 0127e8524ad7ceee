//! Every input the fuzzers (`fuzz/`) ever crashed on, kept in `fuzz/regressions/<target>/`,
//! run through the very checks its fuzz target runs (`fuzz/checks.rs`), so a crash found
//! once stays fixed. A new crash is added by dropping its file into the target's folder.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "../../fuzz/checks.rs"]
mod checks;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

/// Runs `check` on every kept input of `target`, naming the file that fails.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let found = inputs(target);
    for (path, bytes) in &found {
        let result = std::panic::catch_unwind(|| check(bytes));
        assert!(result.is_ok(), "{} fails again", path.display());
    }
    found.len()
}

#[test]
fn front_matter_crashes_stay_fixed() {
    assert!(
        replay("front_matter", checks::front_matter) >= 1,
        "the crash found on 2026-12-03 is kept"
    );
}

#[test]
fn page_crashes_stay_fixed() {
    replay("page", checks::page);
}

#[test]
fn slug_crashes_stay_fixed() {
    replay("slugs", checks::slugs);
}

#[test]
fn book_toml_crashes_stay_fixed() {
    replay("book_toml", checks::book_toml);
}
