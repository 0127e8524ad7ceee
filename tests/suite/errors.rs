//! Bad input gets a clear error naming file, line and column; every content error of a build
//! is reported at once; nothing makes praxis panic.

use crate::support::{TestSite, headlines};
use praxis::Error;

#[test]
fn every_content_error_is_reported_in_one_run_with_its_position() {
    let site = TestSite::fixture("bad-content");
    let err = site.build_err();
    assert!(
        matches!(err, Error::Build(_)),
        "content errors are build errors (exit 1)"
    );
    assert_eq!(err.exit_code(), 1);
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/latin1.md:1:6: error: file is not valid UTF-8",
            "content/malformed.md:3:14: error: invalid YAML front matter: found unexpected end of stream while scanning a quoted scalar",
            "content/unterminated.md:1:1: error: front matter opened with `---` is never closed",
            "content/wrong-types.md:3:7: error: `tags` must be text or a list of text, found a map",
            "content/wrong-types.md:4:9: error: `weight` must be a whole number, found text",
            "content/wrong-types.md:5:7: error: `date`: `last tuesday` is not a date",
        ]
    );
    // Each error shows the offending line and how to fix it.
    let tags = &err.diagnostics()[3];
    assert_eq!(tags.source_line.as_deref(), Some("tags: {a: 1}"));
    assert!(
        tags.help
            .as_deref()
            .unwrap()
            .contains("tags: [first, second]")
    );
}

#[test]
fn human_output_has_the_source_line_a_caret_and_help() {
    let site = TestSite::fixture("bad-content");
    let err = site.build_err();
    let text = praxis::diagnostics::render_human(&err.diagnostics()[3..4], false);
    let text = text.replace(&format!("{}/", site.root().display()), "");
    assert_eq!(
        text,
        "content/wrong-types.md:3:7: error: `tags` must be text or a list of text, found a map\n\
         \x20   3 | tags: {a: 1}\n\
         \x20     |       ^\n\
         \x20   = help: write `tags: [first, second]` or one item per line as `- item`\n"
    );
}

#[test]
fn duplicate_yaml_keys_point_at_the_repeat() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        (
            "content/dup.md",
            "---\ntitle: a\nweight: 1\ntitle: b\n---\n",
        ),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/dup.md:4:1: error: invalid YAML front matter: duplicate entry with key \"title\""
        ]
    );
}

#[test]
fn empty_files_are_pages_titled_from_their_name() {
    let site = TestSite::with_files(&[("book.toml", "[book]\n"), ("content/blank-page.md", "")]);
    site.build_ok();
    assert_eq!(
        site.html("blank-page/index.html").text("main h1"),
        "Blank page"
    );
}

#[test]
fn a_ten_megabyte_page_builds() {
    let paragraph = "Large pages happen when a whole manual is exported into one file. ".repeat(20);
    let mut body = String::with_capacity(10 * 1024 * 1024 + 4096);
    let mut n = 0;
    while body.len() < 10 * 1024 * 1024 {
        n += 1;
        body.push_str(&format!("## Part {n}\n\n{paragraph}\n\n"));
    }
    let site = TestSite::with_files(&[("book.toml", "[book]\n"), ("content/huge.md", &body)]);
    site.build_ok();
    let html = site.output("huge/index.html");
    assert!(html.len() > 10 * 1024 * 1024);
    assert!(html.contains(&format!("id=\"part-{n}\"")));
}

#[test]
fn ten_thousand_nested_blockquotes_do_not_crash() {
    let body = format!("{} deep\n", ">".repeat(10_000));
    let site = TestSite::with_files(&[("book.toml", "[book]\n"), ("content/deep.md", &body)]);
    site.build_ok();
    assert!(site.output("deep/index.html").contains("deep"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_an_error_not_a_hang() {
    let site = TestSite::with_files(&[("book.toml", "[book]\n"), ("content/ok.md", "# Fine\n")]);
    std::os::unix::fs::symlink(".", site.path("content/sub-loop")).unwrap();
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/sub-loop: error: symbolic link loop"),
        "{lines:?}"
    );
}

/// Links deep inside a folder that lead back to the content folder, or to the folder above
/// it, are loops too: one error at the link each, and nothing under them walked twice. (The
/// walk reads each top-level folder on its own; this pins that it still sees the way back.)
#[cfg(unix)]
#[test]
fn a_deep_link_back_to_the_content_folder_is_a_loop() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/guide/_index.md", "# Guide\n"),
        ("content/guide/deep/page.md", "# Page\n"),
        ("content/other/note.md", "# Note\n"),
    ]);
    std::os::unix::fs::symlink("../..", site.path("content/guide/deep/to-content")).unwrap();
    std::os::unix::fs::symlink("../..", site.path("content/other/to-site")).unwrap();
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("content/guide/deep/to-content: error: symbolic link loop"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("content/other/to-site/content: error: symbolic link loop"),
        "{lines:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_reported_by_name() {
    let site = TestSite::with_files(&[("book.toml", "[book]\n"), ("content/ok.md", "# Fine\n")]);
    std::os::unix::fs::symlink("nowhere.md", site.path("content/gone.md")).unwrap();
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("content/gone.md: error: cannot read"),
        "{lines:?}"
    );
}

#[test]
fn two_sources_for_one_url_are_an_error_naming_both() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/guide.md", "---\ntitle: Guide page\n---\n"),
        (
            "content/guide/_index.md",
            "---\ntitle: Guide section\n---\n",
        ),
        ("content/a.md", "---\ntitle: A\nslug: same\n---\n"),
        ("content/b.md", "---\ntitle: B\n\nslug: Same\n---\n"),
    ]);
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    let root = format!("{}/", site.root().display());
    let lines: Vec<String> = lines.iter().map(|l| l.replace(&root, "")).collect();
    assert_eq!(
        lines,
        [
            "content/a.md:3:7: error: content/a.md and content/b.md would both write `same/index.html`",
            "content/guide.md:1:1: error: content/guide.md and content/guide/_index.md would both write `guide/index.html`",
        ]
    );
}

#[test]
fn three_claims_on_one_output_are_one_error_listing_every_claimant() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/c.md", "---\ntitle: C\nslug: shared\n---\n"),
        ("content/a.md", "---\ntitle: A\nslug: shared\n---\n"),
        ("content/b.md", "---\ntitle: B\nurl: /shared/\n---\n"),
        ("content/d.md", "---\ntitle: D\nslug: SHARED\n---\n"),
    ]);
    let err = site.build_err();
    let root = format!("{}/", site.root().display());
    let plain = |text: &str| text.replace(&root, "");
    assert_eq!(err.diagnostics().len(), 1, "{:?}", err.diagnostics());
    let d = &err.diagnostics()[0];
    // Claimants are named in sorted order: two in the message, the rest as notes.
    assert_eq!(
        plain(&d.message),
        "content/a.md and content/b.md would both write `shared/index.html`"
    );
    let notes: Vec<String> = d.notes.iter().map(|n| plain(n)).collect();
    assert_eq!(notes, ["so would content/c.md", "so would content/d.md"]);
}

#[test]
fn names_without_letters_cannot_make_a_url() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/!!!.md", "# Bangs\n"),
        ("content/fine.md", "---\ntitle: Fine\nslug: '???'\n---\n"),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/!!!.md:1:1: error: cannot make a URL for this page from its file name: no letter or digit in it",
            "content/fine.md:3:7: error: cannot make a URL for this page from its `slug`: no letter or digit in it",
        ]
    );
}

#[test]
fn a_folder_cannot_be_both_section_and_bundle() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/topic/_index.md", "# Topic\n"),
        ("content/topic/index.md", "# Also topic\n"),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/topic/index.md: error: folder `topic` has both _index.md (a section) and index.md (a page)"
        ]
    );
}

#[test]
fn markdown_inside_a_bundle_is_a_warning_not_a_page() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/tour/index.md", "# Tour\n"),
        ("content/tour/notes.md", "# Notes\n"),
        ("content/tour/map.png", "not really a png"),
    ]);
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        ["content/tour/notes.md: warning: not rendered: inside the page bundle `tour`"]
    );
    assert!(site.has_output("tour/map.png"));
    assert!(!site.has_output("tour/notes/index.html"));
}

#[test]
fn an_unknown_template_in_front_matter_names_the_line() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/x.md", "---\ntitle: X\ntemplate: fancy.html\n---\n"),
    ]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        ["content/x.md:3:11: error: template `fancy.html` does not exist"]
    );
}

/// Runs the CLI as an unprivileged user when the tests run as root (root reads any file).
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_reported_and_the_rest_still_checked() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/secret.md", "# Secret\n"),
        ("content/broken.md", "---\ntitle: [\n---\n"),
    ]);
    std::fs::set_permissions(
        site.path("content/secret.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    for dir in [site.root(), &site.path("content")] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin!("praxis");
    let is_root = rustix_euid_is_root();
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    let out = cmd
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/secret.md: error: cannot read file: Permission denied"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/broken.md:2:9: error: invalid YAML front matter"),
        "{stderr}"
    );
    assert!(stderr.contains("build failed (2 errors)"), "{stderr}");
}

#[cfg(target_os = "linux")]
fn rustix_euid_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

/// What an author sees in the terminal for a folder of broken files, reviewed as a snapshot.
#[test]
fn the_terminal_report_reads_well() {
    let site = TestSite::fixture("bad-content");
    let err = site.build_err();
    let text = praxis::diagnostics::render_human(err.diagnostics(), false)
        .replace(&format!("{}/", site.root().display()), "");
    insta::assert_snapshot!(text);
}

/// The line and column of each error of a build, with its message.
fn config_errors_at(book: &str) -> Vec<String> {
    let site = TestSite::with_files(&[("book.toml", book), ("content/p.md", "# P\n")]);
    site.build_err()
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{} {}", d.line.unwrap(), d.column.unwrap(), d.message))
        .collect()
}

#[test]
fn a_taxonomy_name_error_points_at_the_taxonomy_not_at_a_relation_name() {
    let book = "[book]\ntitle = \"Names\"\n\n\
                [[relations]]\nname = \"related\"\n\n\
                [[taxonomies]]\n  name = \"Bad Name\"\n";
    assert_eq!(
        config_errors_at(book),
        ["8:3 taxonomy name `Bad Name` is not a valid URL segment"]
    );
}

/// Warnings of a build of `book` with one page, as `book.toml:line:col: warning: message`.
fn config_warnings(book: &str) -> Vec<String> {
    let site = TestSite::with_files(&[("book.toml", book), ("content/p.md", "# P\n")]);
    headlines(&site, &site.build_ok().warnings)
}

#[test]
fn a_taxonomy_feed_warning_points_at_the_taxonomy_not_at_an_earlier_table_of_that_name() {
    let book = "[book]\ntitle = \"Feeds\"\n\n\
                [[relations]]\nname = \"related\"\n\n\
                [[extra.sources]]\nname = \"tags\"\nfeed = true\n\n\
                [[taxonomies]]\n  name = \"tags\"\n  feed = true\n";
    assert_eq!(
        config_warnings(book),
        ["book.toml:13:3: warning: no feeds for `tags`: feeds need an absolute base-url"]
    );
}

/// Protects the position of a missing `[book] image`: a key of the same name written
/// earlier in another table (`[extra]`, here) once took the caret.
#[test]
fn a_missing_book_image_points_at_book_image_not_at_an_earlier_key_of_that_name() {
    let book = "[extra]\nimage = \"cover.png\"\n\n[book]\ntitle = \"Images\"\n  image = \"img/nope.png\"\n";
    let site = TestSite::with_files(&[("book.toml", book), ("content/p.md", "# P\n")]);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        ["book.toml:6:3: error: `image` names `img/nope.png`, which is no file of the site"]
    );
}

#[test]
fn a_menu_page_ref_warning_points_at_its_own_menu_not_at_an_entry_of_that_name_in_another() {
    let book = "[book]\ntitle = \"Menus\"\n\n\
                [[menus.main]]\nname = \"Docs\"\npage-ref = \"/docs\"\n\n\
                [[menus.side]]\nname = \"Docs\"\n  pageRef = \"/gone\"\n";
    assert_eq!(
        config_warnings(book),
        [
            "book.toml:6:1: warning: menu `main`: page `/docs` does not exist",
            "book.toml:10:3: warning: menu `side`: page `/gone` does not exist",
        ]
    );
}

#[test]
fn a_menu_entry_warning_points_at_the_entry_not_at_a_relation_or_entry_of_the_same_name() {
    let book = "[book]\ntitle = \"Menus\"\n\n\
                [[relations]]\nname = \"related\"\n\n\
                [[menus.main]]\nname = \"related\"\nurl = \"/a/\"\n\n\
                [[menus.main]]\n  name = \"related\"\nurl = \"/b/\"\n";
    let warnings = config_warnings(book);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]
            .starts_with("book.toml:12:3: warning: menu `main` has two entries named `related`"),
        "{warnings:?}"
    );
}

#[test]
fn a_header_taxonomies_error_points_at_the_list_item_not_at_an_earlier_same_string() {
    let book = "[book]\ntitle = \"tag\"\n\n[[taxonomies]]\nname = \"tags\"\n\n\
                [theme]\nheader-taxonomies = [\"tags\", \"tag\"]\n";
    assert_eq!(
        config_errors_at(book),
        ["8:30 `header-taxonomies` names `tag`, which is no taxonomy"]
    );
}

#[test]
fn a_url_template_error_points_at_book_edit_url_not_at_a_same_named_key_elsewhere() {
    let book = "[extra]\nedit-url = \"{file}\"\n\n\
                [book]\ntitle = \"Edit\"\nedit-url = \"https://x.org/{file}\"\n";
    let at = config_errors_at(book);
    assert_eq!(at.len(), 1, "{at:?}");
    assert!(at[0].starts_with("6:27 invalid `edit-url`"), "{at:?}");
}

/// Protects the handbook's diagnostics reference from drifting behind the code: every code
/// praxis can report has a row there, so a user who meets one in CI can look it up.
#[test]
fn every_diagnostic_code_is_in_the_handbook_reference() {
    let reference = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/reference/diagnostics.md"),
    )
    .unwrap();
    let missing: Vec<&str> = praxis::diagnostics::Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|name| !reference.contains(&format!("| `{name}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes with no row in the reference: {missing:?}"
    );
}
