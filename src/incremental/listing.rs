//! The content folder's file list, kept between builds and brought up to date from the paths
//! a watcher reports, so that an edit does not walk the whole folder again. The list stays
//! in the order of a sorted walk ([`crate::content::walk_order`]), so a build from it is the
//! build a fresh walk would give.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::content::{is_hidden_name, walk_order};

/// Content files: absolute path and `/`-separated path inside the content folder.
#[derive(Debug, Clone, Default)]
pub(crate) struct Listing {
    pub files: Vec<(PathBuf, String)>,
}

impl Listing {
    /// Applies what changed at `path` (a file or folder, created, changed or gone) and
    /// returns the content paths that were added, changed or removed.
    pub(crate) fn apply(&mut self, content_root: &Path, path: &Path) -> Vec<String> {
        let Some(rel) = relative(content_root, path) else {
            return Vec::new();
        };
        if rel.split('/').any(is_hidden_name) {
            return Vec::new();
        }
        let mut touched = self.remove_under(&rel);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {
                self.insert(path.to_path_buf(), rel.clone());
                touched.push(rel);
            }
            Ok(meta) if meta.is_dir() => {
                for (file, file_rel) in walk(content_root, path) {
                    touched.push(file_rel.clone());
                    self.insert(file, file_rel);
                }
            }
            _ => {}
        }
        touched.sort();
        touched.dedup();
        touched
    }

    /// Whether `rel` is a listed file.
    pub(crate) fn contains(&self, rel: &str) -> bool {
        self.position(rel).is_ok()
    }

    fn position(&self, rel: &str) -> Result<usize, usize> {
        self.files
            .binary_search_by(|(_, listed)| walk_order(listed, rel))
    }

    fn insert(&mut self, path: PathBuf, rel: String) {
        match self.position(&rel) {
            Ok(at) => self.files[at] = (path, rel),
            Err(at) => self.files.insert(at, (path, rel)),
        }
    }

    /// Removes `rel` and everything listed below it; returns what was removed.
    fn remove_under(&mut self, rel: &str) -> Vec<String> {
        let below = |listed: &str| {
            listed == rel || listed.strip_prefix(rel).is_some_and(|r| r.starts_with('/'))
        };
        let mut removed = Vec::new();
        self.files.retain(|(_, listed)| {
            let gone = below(listed);
            if gone {
                removed.push(listed.clone());
            }
            !gone
        });
        removed
    }
}

/// Every file below `folder` that a full walk would list, with its content path.
fn walk(content_root: &Path, folder: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let walker = WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_hidden_name));
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(rel) = relative(content_root, entry.path()) {
            out.push((entry.into_path(), rel));
        }
    }
    out
}

/// `path` inside `root`, `/`-separated; `None` outside it, for the root itself, or for a
/// name that is not UTF-8.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rest.components().map(|c| c.as_os_str().to_str()).collect();
    let rel = parts?.join("/");
    (!rel.is_empty()).then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_a_sorted_walk() {
        let mut listing = Listing::default();
        for rel in ["a.md", "a-b/y.md", "a/x.md"] {
            listing.insert(PathBuf::from(rel), rel.to_string());
        }
        let order: Vec<&str> = listing.files.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(order, ["a/x.md", "a-b/y.md", "a.md"]);
    }

    #[test]
    fn a_removed_folder_takes_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut listing = Listing::default();
        for rel in ["a/x.md", "a/y/z.md", "ab.md"] {
            listing.insert(dir.path().join(rel), rel.to_string());
        }
        let touched = listing.apply(dir.path(), &dir.path().join("a"));
        assert_eq!(touched, ["a/x.md", "a/y/z.md"]);
        assert!(listing.contains("ab.md") && !listing.contains("a/x.md"));
    }
}
