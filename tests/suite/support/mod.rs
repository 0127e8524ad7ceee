//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod handbook;
pub mod http;
pub mod prereq;
pub mod serve;
pub mod static_server;
pub mod webdriver;
pub mod xml;

use std::path::{Path, PathBuf};

use praxis::diagnostics::Diagnostic;
use praxis::{BuildOptions, BuildReport, Error, NoProgress, Site};
use scraper::{Html, Selector};

/// A site in a temporary folder; removed when dropped.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>/` into a fresh temporary folder.
    pub fn fixture(name: &str) -> TestSite {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(source.is_dir(), "no fixture {}", source.display());
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&source, dir.path());
        TestSite { dir }
    }

    /// A site made of the given files (path relative to the site root, text).
    pub fn with_files(files: &[(&str, &str)]) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TestSite { dir };
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Reads a file of the site (not of its output).
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Writes (or overwrites) a file of the site.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn load(&self) -> Result<Site, Error> {
        Site::load(self.root(), &BuildOptions::default())
    }

    /// Loads and builds with default options, into `public/`.
    pub fn build(&self) -> Result<BuildReport, Error> {
        self.build_with(&BuildOptions::default())
    }

    pub fn build_with(&self, options: &BuildOptions) -> Result<BuildReport, Error> {
        Site::load(self.root(), options)?.build(&NoProgress)
    }

    /// Builds and panics with the diagnostics if the build fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(err) => panic!(
                "build failed:\n{}",
                praxis::diagnostics::render_human(err.diagnostics(), false)
            ),
        }
    }

    /// Builds and returns the failure; panics if the build succeeds.
    pub fn build_err(&self) -> Error {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(err) => err,
        }
    }

    /// The text of an output file (relative to `public/`).
    pub fn output(&self, rel: &str) -> String {
        let path = self.path("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn has_output(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// An output HTML file, parsed.
    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.output(rel)))
    }
}

/// A parsed HTML page with small query helpers.
pub struct Page(pub Html);

impl Page {
    /// Texts of every element matching `selector`, whitespace-collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
        self.0
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The text of the only element matching `selector`.
    pub fn text(&self, selector: &str) -> String {
        let all = self.texts(selector);
        assert_eq!(
            all.len(),
            1,
            "{selector} matched {} elements: {all:?}",
            all.len()
        );
        all.into_iter().next().unwrap()
    }

    /// Values of `attr` on every element matching `selector`.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
        self.0
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        let sel = Selector::parse(selector).unwrap();
        self.0.select(&sel).count()
    }

    /// The inner HTML of the only element matching `selector`.
    pub fn inner_html(&self, selector: &str) -> String {
        let sel = Selector::parse(selector).unwrap();
        let all: Vec<_> = self.0.select(&sel).collect();
        assert_eq!(all.len(), 1, "{selector} matched {} elements", all.len());
        all[0].inner_html()
    }
}

/// Every file under `dir`, as sorted relative `/`-separated paths.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

pub fn copy_tree(from: &Path, to: &Path) {
    for file in walkdir(from) {
        let rel = file.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, &dest).unwrap();
    }
}

/// Diagnostics rendered as `path:line:col: severity: message` with the site root removed,
/// so assertions read like the terminal output.
pub fn headlines(site: &TestSite, diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let mut place = String::new();
            if let Some(path) = &d.path {
                let shown = path.strip_prefix(site.root()).unwrap_or(path);
                place = shown.display().to_string();
                if let Some(line) = d.line {
                    place.push_str(&format!(":{line}"));
                    if let Some(col) = d.column {
                        place.push_str(&format!(":{col}"));
                    }
                }
                place.push_str(": ");
            }
            format!("{place}{}: {}", d.severity.as_str(), d.message)
        })
        .collect()
}
