//! The `praxis` binary: exit codes, what it prints, and command-line overrides.

use assert_cmd::Command;

use crate::support::TestSite;

fn praxis() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
}

/// `praxis build --root SITE`.
fn build(site: &TestSite) -> Command {
    let mut cmd = praxis();
    cmd.arg("build").arg("--root").arg(site.root());
    cmd
}

// A good build's summary line (exit 0, nothing on stderr): snapshots.rs, `cli::build_summary`.

#[test]
fn content_errors_exit_1_and_print_every_error_then_a_count() {
    let site = TestSite::fixture("bad-content");
    let out = build(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches(": error: ").count(), 6, "{stderr}");
    assert!(stderr.contains("/content/wrong-types.md:4:9: error: `weight` must be a whole number, found text\n    4 | weight: heavy\n      |         ^\n"), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("build failed (6 errors)"),
        "{stderr}"
    );
    assert!(!stderr.contains('\x1b'), "no colour when not a terminal");
    assert!(
        !site.path("public").exists(),
        "nothing is written by a failed build"
    );
}

#[test]
fn config_errors_exit_2_with_a_suggestion() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"T\"\n\n[build]\noutput_dir = \"site\"\n",
        ),
        ("content/a.md", "# A\n"),
    ]);
    let out = build(&site).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("book.toml:5:1: error: invalid book.toml: unknown key `output_dir`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: did you mean `output-dir`?"),
        "{stderr}"
    );
}

#[test]
fn a_missing_book_toml_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = praxis()
        .arg("build")
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no book.toml in"));
}

#[test]
fn usage_errors_exit_2() {
    let out = praxis().args(["build", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_and_base_url_flags_override_book_toml() {
    let site = TestSite::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("site");
    build(&site)
        .arg("--output")
        .arg(&target)
        .args(["--base-url", "https://docs.example.net/guide/", "--drafts"])
        .assert()
        .success();
    assert!(!site.path("public").exists());
    let page = std::fs::read_to_string(target.join("unfinished/index.html")).unwrap();
    assert!(
        page.contains("href=\"https://docs.example.net/guide/unfinished/\""),
        "canonical uses the new base"
    );
}

#[test]
fn force_replaces_a_foreign_output_folder() {
    let site = TestSite::fixture("basic");
    site.write("public/notes.txt", "mine");
    build(&site).assert().code(2);
    assert!(site.path("public/notes.txt").exists());
    build(&site).arg("--force").assert().success();
    assert!(!site.path("public/notes.txt").exists());
}

#[test]
fn the_root_defaults_to_the_current_folder() {
    let site = TestSite::fixture("basic");
    praxis()
        .arg("build")
        .current_dir(site.root())
        .assert()
        .success();
    assert!(site.path("public/index.html").exists());
}

#[test]
fn progress_shows_on_a_terminal_only() {
    let site = TestSite::fixture("basic");
    // On a terminal (a pseudo-terminal made by `script`), with the delay set to zero.
    let command = format!(
        "{} build --root {}",
        assert_cmd::cargo::cargo_bin!("praxis").display(),
        site.root().display()
    );
    let out = std::process::Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .env("PRAXIS_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("Rendering"), "{shown}");
    // In a log (not a terminal) there is no progress, whatever the delay.
    let out = build(&site)
        .env("PRAXIS_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Rendering"));
}
