//! Output safety: a failed build leaves the previous site as it was, and praxis never replaces
//! a folder it did not create unless forced.

use crate::support::{TestSite, list_files};
use praxis::{BuildOptions, Error};

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = list_files(&site.path("public"));
    let about = site.output("about/index.html");

    site.write("content/about.md", "---\ntitle: [broken\n---\n");
    site.write("content/new-page.md", "# A new page\n");
    let err = site.build_err();
    assert!(matches!(err, Error::Build(_)));

    assert_eq!(list_files(&site.path("public")), before);
    assert_eq!(site.output("about/index.html"), about);
    // No staging leftovers beside the output.
    let siblings: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("praxis"))
        .collect();
    assert!(siblings.is_empty(), "{siblings:?}");
}

#[test]
fn a_template_error_while_rendering_also_keeps_the_old_output() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let home = site.output("index.html");
    site.write("templates/page.html", "{{ page.no_such_field }}");
    let err = site.build_err();
    assert!(
        err.diagnostics()[0].message.starts_with("template error"),
        "{:?}",
        err.diagnostics()
    );
    assert_eq!(site.output("index.html"), home);
}

#[test]
fn the_output_folder_carries_a_marker_and_is_replaced_whole() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(site.has_output(".praxis-output"));
    // A file that no longer has a source disappears on the next build.
    std::fs::remove_file(site.path("content/about.md")).unwrap();
    site.build_ok();
    assert!(!site.has_output("about/index.html"));
    assert!(!site.has_output("old-about/index.html"));
}

#[test]
fn a_foreign_folder_is_never_replaced_without_force() {
    let site = TestSite::fixture("basic");
    site.write("public/precious.txt", "my notes");
    let err = site.build_err();
    assert!(matches!(err, Error::Config(_)), "a usage error (exit 2)");
    assert!(err.diagnostics()[0].message.contains("did not create"));
    assert_eq!(site.output("precious.txt"), "my notes");

    let forced = BuildOptions {
        force: true,
        ..BuildOptions::default()
    };
    site.build_with(&forced).unwrap();
    assert!(!site.has_output("precious.txt"));
    assert!(site.has_output("index.html"));
}

#[test]
fn an_empty_existing_folder_is_fine() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir(site.path("public")).unwrap();
    site.build_ok();
    assert!(site.has_output("index.html"));
}
