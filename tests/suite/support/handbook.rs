//! The default site — the repository's own handbook (book.toml, content/, themes/default) —
//! built through the library into a temporary folder, for the tests that check it the way a
//! reader or a validator meets it: served by a [`StaticServer`], opened in Chromium, fed to
//! the Nu checker. Screenshots go to `target/reader-screenshots/`.

use std::path::{Path, PathBuf};

use praxis::{BuildOptions, NoProgress, Site};

use crate::support::static_server::StaticServer;
use crate::support::{Page, list_files};

/// Where the browser tests keep their screenshots, for people to look at.
pub const SCREENSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/reader-screenshots");

/// The handbook, built; its folder is removed when this is dropped.
pub struct Handbook {
    dir: tempfile::TempDir,
}

impl Handbook {
    /// Builds the repository's own site; panics with the diagnostics if that fails.
    pub fn build() -> Handbook {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let render = |e: praxis::Error| praxis::diagnostics::render_human(e.diagnostics(), false);
        let site = Site::load(root, &BuildOptions::default()).unwrap_or_else(|e| {
            panic!("{}", render(e));
        });
        let dir = tempfile::tempdir().expect("temp dir");
        let handbook = Handbook { dir };
        site.build_into(&handbook.out(), &NoProgress)
            .unwrap_or_else(|e| panic!("{}", render(e)));
        handbook
    }

    /// The output folder.
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Every HTML file of the output, relative and sorted.
    pub fn html_files(&self) -> Vec<String> {
        let mut files = list_files(&self.out());
        files.retain(|f| f.ends_with(".html"));
        files
    }

    /// An output file, parsed.
    pub fn page(&self, rel: &str) -> Page {
        let path = self.out().join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Page(scraper::Html::parse_document(&text))
    }

    /// Serves the output folder on a free local port.
    pub fn serve(&self) -> StaticServer {
        StaticServer::start(&self.out())
    }
}
