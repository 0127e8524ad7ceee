//! `praxis init`'s scaffold: it checks clean with warnings denied, builds into a site that
//! shows each feature, and is never written over a folder that holds files unless forced.

use std::path::PathBuf;

use assert_cmd::Command;
use praxis::init::{InitError, next_steps, scaffold};

use crate::support::TestSite;

const BP01: &str = "/operations/ops01/ops01-bp01/";
const BP02: &str = "/operations/ops01/ops01-bp02/";
const PRINCIPLE: &str = "/operations/docs-are-a-product/";

fn praxis(command: &str, site: &TestSite) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("praxis"));
    cmd.arg(command).arg("--root").arg(site.root());
    cmd
}

/// A fresh scaffold in an empty temporary folder.
fn new_site() -> TestSite {
    let site = TestSite::with_files(&[]);
    scaffold(site.root(), false).expect("scaffold into an empty folder");
    site
}

#[test]
fn the_scaffold_writes_its_files_into_a_missing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("handbook");
    let written = scaffold(&dir, false).unwrap();
    assert_eq!(written.root, dir);
    for rel in [
        "book.toml",
        "content/_index.md",
        "content/operations/_index.md",
        "content/operations/ops01/_index.md",
        "content/operations/ops01/ops01-bp01.md",
        "content/operations/ops01/ops01-bp02.md",
    ] {
        assert!(written.files.contains(&PathBuf::from(rel)), "{rel} missing");
    }
    for rel in &written.files {
        assert!(dir.join(rel).is_file(), "{} not written", rel.display());
    }
}

#[test]
fn the_scaffold_checks_clean_with_warnings_denied() {
    let site = new_site();
    let out = praxis("check", &site)
        .args(["--deny", "warnings"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains(": no problems"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_scaffold_builds_a_pillar_question_and_two_linked_practices() {
    let site = new_site();
    praxis("build", &site).assert().success();

    let pillar = site.html("operations/index.html");
    let cards = pillar.attrs(".card-title", "href");
    assert!(
        cards.contains(&"/operations/ops01/".to_string()),
        "{cards:?}"
    );
    assert!(cards.contains(&PRINCIPLE.to_string()), "{cards:?}");
    let question = site.html("operations/ops01/index.html");
    assert_eq!(question.attrs(".card-title", "href"), [BP01, BP02]);

    let bp01 = site.html("operations/ops01/ops01-bp01/index.html");
    let body_links = bp01.attrs(".prose a", "href");
    assert!(body_links.contains(&BP02.to_string()), "{body_links:?}");
    assert!(body_links.contains(&format!("{BP02}#run-the-review")));
    let related = "section[aria-label='Related best practices'] a";
    assert_eq!(bp01.attrs(related, "href"), [BP02]);
    assert_eq!(
        bp01.attrs("section[aria-label='Applies the principle'] a", "href"),
        [PRINCIPLE]
    );

    let bp02 = site.html("operations/ops01/ops01-bp02/index.html");
    assert_eq!(bp02.attrs(related, "href"), [BP01]);
    assert_eq!(
        bp02.attrs("section[aria-label='Referenced by'] a", "href"),
        [BP01]
    );
    let toc = bp02.texts("aside.toc a");
    assert!(toc.contains(&"Run the review".to_string()), "{toc:?}");
    assert_eq!(bp02.count(".prose pre code"), 1);

    let principle = site.html("operations/docs-are-a-product/index.html");
    let applied = "section[aria-label='Put into practice by'] a";
    assert_eq!(principle.attrs(applied, "href"), [BP01, BP02]);
}

#[test]
fn the_scaffold_builds_term_pages_and_an_alias() {
    let site = new_site();
    praxis("build", &site).assert().success();

    let ownership = site.html("tags/ownership/index.html");
    assert_eq!(ownership.attrs(".card-title", "href"), [PRINCIPLE, BP01]);
    let maintenance = site.html("categories/maintenance/index.html");
    assert_eq!(maintenance.attrs(".card-title", "href"), [BP01, BP02]);
    let tags = site.html("tags/index.html").texts("main a");
    assert!(tags.iter().any(|t| t.starts_with("Review")), "{tags:?}");

    let moved = site.output("operations/review-schedule/index.html");
    assert!(moved.contains(&format!("url={BP02}")), "{moved}");
}

#[test]
fn a_folder_holding_anything_is_refused_without_force() {
    let site = TestSite::with_files(&[("notes.txt", "mine")]);
    let err = scaffold(site.root(), false).unwrap_err();
    assert!(matches!(err, InitError::NotEmpty(ref dir) if dir == site.root()));
    let message = err.to_string();
    assert!(message.contains("--force"), "{message}");
    assert!(
        message.contains(&site.root().display().to_string()),
        "{message}"
    );
    assert_eq!(crate::support::list_files(site.root()), ["notes.txt"]);
}

#[test]
fn force_writes_the_scaffold_over_and_leaves_other_files_alone() {
    let site = TestSite::with_files(&[("notes.txt", "mine"), ("book.toml", "[book]\n")]);
    let written = scaffold(site.root(), true).unwrap();
    assert_eq!(site.read("notes.txt"), "mine");
    assert!(site.read("book.toml").contains("[[relations]]"));
    assert!(
        site.path("content/operations/ops01/ops01-bp02.md")
            .is_file()
    );
    assert!(!written.files.contains(&PathBuf::from("notes.txt")));
}

#[test]
fn next_steps_start_with_praxis_serve() {
    let site = new_site();
    let [serve, build] = next_steps(site.root());
    assert!(serve.starts_with("praxis serve"), "{serve}");
    assert!(build.starts_with("praxis build"), "{build}");
    // Run as shown, from anywhere, the build step works.
    let words: Vec<&str> = build.split_whitespace().collect();
    assert_eq!(words[1..3], ["build", "--root"], "{build}");
    Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
        .args(&words[1..])
        .assert()
        .success();
}
