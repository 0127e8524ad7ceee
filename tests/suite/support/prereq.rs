//! The one rule for tests that need a program the machine may lack — Chromium and
//! chromedriver, a Java runtime, the W3C Nu checker's `vnu.jar`, axe-core: outside CI they
//! print what is missing and pass without checking anything; with `CI=true` in the
//! environment they fail, so a CI machine that lost a tool cannot go green silently.
//! `scripts/test.sh` installs all of them. It owns finding the tools, not running them.

use std::path::{Path, PathBuf};

/// Where `scripts/test-tools.sh` puts the tools fetched from PyPI and npm.
pub const TOOLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/tools");
/// How to get every tool these tests need.
const INSTALL: &str = "scripts/test.sh installs it (as root, through scripts/test-tools.sh)";

/// Whether this run is CI's: `CI` is `true` (any case) or `1`.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `Some(tool)` when `found` found it. Otherwise, in CI, fails the test `test` with what is
/// missing; outside CI, prints that `test` skips and why, and gives `None`.
pub fn need<T>(test: &str, found: Result<T, String>) -> Option<T> {
    decide(in_ci(), test, found)
}

/// [`need`], with whether this is CI given.
pub fn decide<T>(ci: bool, test: &str, found: Result<T, String>) -> Option<T> {
    match found {
        Ok(tool) => Some(tool),
        Err(missing) if ci => panic!("{test}: {missing}; with CI=true this fails: {INSTALL}"),
        Err(missing) => {
            eprintln!("skipped: {test}: {missing}; {INSTALL}");
            None
        }
    }
}

/// A file that must exist, or the error saying which and what it is.
pub fn file(path: &Path, what: &str) -> Result<PathBuf, String> {
    match path.is_file() {
        true => Ok(path.to_path_buf()),
        false => Err(format!("{what} is missing at {}", path.display())),
    }
}

/// `name` found on `PATH`.
pub fn on_path(name: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| format!("{name} is not on PATH"))
}

/// A tool fetched into [`TOOLS`], or the file the environment variable `var` names.
pub fn fetched(var: &str, name: &str, what: &str) -> Result<PathBuf, String> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(TOOLS).join(name));
    file(&path, &format!("{what} (set {var} to use another copy)"))
}

/// The Java runtime, then the Nu checker's jar.
pub fn java_and_vnu() -> Result<(PathBuf, PathBuf), String> {
    Ok((
        on_path("java")?,
        fetched("PRAXIS_VNU_JAR", "vnu.jar", "the W3C Nu HTML checker")?,
    ))
}

/// axe-core's browser bundle, `axe.min.js`.
pub fn axe() -> Result<PathBuf, String> {
    fetched("PRAXIS_AXE_JS", "axe.min.js", "axe-core")
}
