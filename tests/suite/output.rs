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

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_a_complete_site_and_the_next_build_cleans_up() {
    use std::time::{Duration, Instant};
    let site = TestSite::with_files(&[("book.toml", "[book]\n")]);
    let write_all = |version: &str, filler: usize| {
        for i in 0..400 {
            site.write(
                &format!("content/p{i:03}.md"),
                format!(
                    "---\ntitle: Page {i}\n---\n{version}\n\n{}\n",
                    "Some prose. ".repeat(filler)
                ),
            );
        }
    };
    write_all("version one", 1);
    site.build_ok();
    write_all("version two", 2_000);

    let bin = assert_cmd::cargo::cargo_bin!("praxis");
    let mut child = std::process::Command::new(bin)
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as it has started writing its staging folder.
    let staging_exists = || {
        std::fs::read_dir(site.root()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".public.praxis-staging-")
        })
    };
    let start = Instant::now();
    while !staging_exists() && start.elapsed() < Duration::from_secs(10) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    child.wait().unwrap();

    // Whatever moment it died at, the output is one whole version of the site.
    let pages: Vec<String> = (0..400)
        .map(|i| site.output(&format!("p{i:03}/index.html")))
        .collect();
    let ones = pages.iter().filter(|p| p.contains("version one")).count();
    let twos = pages.iter().filter(|p| p.contains("version two")).count();
    assert!(
        ones == 400 || twos == 400,
        "mixed output: {ones} old pages, {twos} new"
    );

    // The next build succeeds and removes what the killed one left behind.
    site.build_ok();
    assert!(site.output("p000/index.html").contains("version two"));
    assert!(!staging_exists());
}
