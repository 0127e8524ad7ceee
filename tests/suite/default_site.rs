//! The repository's own site (book.toml + content/ at the root) is the demo and the user
//! guide: it must build cleanly.

use std::path::Path;

use praxis::{BuildOptions, NoProgress, Site};

#[test]
fn the_handbook_builds_with_zero_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::load(root, &BuildOptions::default()).unwrap_or_else(|err| {
        panic!(
            "{}",
            praxis::diagnostics::render_human(err.diagnostics(), false)
        )
    });
    // Notes are not warnings: the Spanish pages' links to pages that have no Spanish
    // translation lead to the English ones, and say so.
    let warnings: Vec<praxis::diagnostics::Diagnostic> = site
        .warnings()
        .iter()
        .filter(|d| d.severity != praxis::diagnostics::Severity::Note || d.code != "translation")
        .cloned()
        .collect();
    assert!(
        warnings.is_empty(),
        "{}",
        praxis::diagnostics::render_human(&warnings, false)
    );
    let out = tempfile::tempdir().unwrap();
    let report = site
        .build_into(&out.path().join("public"), &NoProgress)
        .unwrap();
    assert!(
        report.pages >= 20,
        "the handbook has {} pages",
        report.pages
    );
    assert_eq!(report.warnings.len(), site.warnings().len());
}
