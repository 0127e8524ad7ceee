//! Snapshots of what readers and users see, reviewed once and then compared on every run:
//! one page of each template kind of the default theme, the feeds and files for crawlers, a
//! shortcode's output, and what the command line prints.
//!
//! The pages come from `tests/fixtures/snapshots/`: a fixed base URL and dated pages, so the
//! output is the same on every machine and every day. An HTML snapshot holds the page's
//! `<main>` element as written, not the whole document: the head, header and sidebar are
//! the same on every page and are checked by theme.rs and navigation.rs. The CLI snapshots
//! hold the exit code and both output streams, with the temporary site folder shown as
//! `[SITE]` and elapsed seconds as `[SECONDS]`.
//!
//! To accept a change: `INSTA_UPDATE=always cargo test --locked snapshots::`, then read every
//! changed `.snap` file under `tests/suite/snapshots/` before committing it.

use crate::support::TestSite;

/// The `snapshots` fixture, built; it builds without a warning.
fn built() -> TestSite {
    let site = TestSite::fixture("snapshots");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    site
}

/// Every element of `html` from `open` (the start of its opening tag) to the first `close`
/// after it, as written in the file.
fn elements<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = html[from..].find(open).map(|i| from + i) {
        let end = start
            + html[start..]
                .find(close)
                .unwrap_or_else(|| panic!("{open} is never closed by {close}"))
            + close.len();
        found.push(&html[start..end]);
        from = end;
    }
    found
}

/// The `<main>` element of an output page, as written.
fn main_of(site: &TestSite, rel: &str) -> String {
    let html = site.output(rel);
    let found = elements(&html, "<main", "</main>");
    assert_eq!(found.len(), 1, "{rel} has {} <main> elements", found.len());
    found[0].to_string()
}

mod pages {
    use super::{built, elements, main_of};

    #[test]
    fn home_page() {
        insta::assert_snapshot!(main_of(&built(), "index.html"));
    }

    #[test]
    fn section_page() {
        insta::assert_snapshot!(main_of(&built(), "guides/index.html"));
    }

    #[test]
    fn regular_page() {
        insta::assert_snapshot!(main_of(&built(), "guides/install/index.html"));
    }

    #[test]
    fn taxonomy_index() {
        insta::assert_snapshot!(main_of(&built(), "tags/index.html"));
    }

    /// The first of a term's two pages (the fixture's tags show two pages per list).
    #[test]
    fn term_page() {
        insta::assert_snapshot!(main_of(&built(), "tags/setup/index.html"));
    }

    #[test]
    fn term_page_2() {
        insta::assert_snapshot!(main_of(&built(), "tags/setup/page/2/index.html"));
    }

    #[test]
    fn not_found_page() {
        insta::assert_snapshot!(main_of(&built(), "404.html"));
    }

    /// A redirect page is small and has no `<main>`: the whole file.
    #[test]
    fn alias_redirect() {
        insta::assert_snapshot!(built().output("old-install/index.html"));
    }

    #[test]
    fn sitemap() {
        insta::assert_snapshot!(built().output("sitemap.xml"));
    }

    #[test]
    fn atom_feed() {
        insta::assert_snapshot!(built().output("atom.xml"));
    }

    #[test]
    fn robots_txt() {
        insta::assert_snapshot!(built().output("robots.txt"));
    }

    /// The fixture's `note` shortcode, called once with `{{< >}}` (its inner text is passed
    /// as written) and once with `{{% %}}` (its inner text is Markdown, rendered first).
    #[test]
    fn shortcode_output() {
        let html = built().output("guides/install/index.html");
        let notes = elements(&html, "<aside class=\"note", "</aside>");
        assert_eq!(notes.len(), 2, "{html}");
        insta::assert_snapshot!(notes.join("\n"));
    }
}

mod cli {
    use std::process::Output;

    use assert_cmd::Command;

    use crate::support::TestSite;

    fn praxis() -> Command {
        Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
    }

    /// The exit code and both streams of a run, with the site folder shown as `[SITE]` and
    /// elapsed seconds as `[SECONDS]`.
    fn transcript(site: Option<&TestSite>, out: &Output) -> String {
        let stdout = String::from_utf8(out.stdout.clone()).unwrap();
        let stderr = String::from_utf8(out.stderr.clone()).unwrap();
        let mut text = format!(
            "exit code: {:?}\n--- stdout\n{stdout}--- stderr\n{stderr}",
            out.status.code()
        );
        assert!(!text.contains('\x1b'), "no colour when not a terminal");
        if let Some(site) = site {
            // The canonical form first: it may be longer than the path the test passed.
            if let Ok(real) = site.root().canonicalize() {
                text = text.replace(&real.display().to_string(), "[SITE]");
            }
            text = text.replace(&site.root().display().to_string(), "[SITE]");
        }
        redact_seconds(&text)
    }

    /// `in 0.26 s` becomes `in [SECONDS] s`.
    fn redact_seconds(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(" in ") {
            out.push_str(&rest[..i + 4]);
            let after = &rest[i + 4..];
            let n = after
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'.')
                .count();
            if n > 0 && after[n..].starts_with(" s") {
                out.push_str("[SECONDS]");
                rest = &after[n..];
            } else {
                rest = after;
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn the_seconds_redaction_leaves_other_text_alone() {
        assert_eq!(
            redact_seconds("Built 3 pages in 12.34 s; in time; in 5 min\n"),
            "Built 3 pages in [SECONDS] s; in time; in 5 min\n"
        );
    }

    /// A good build prints one summary line on standard output and nothing on standard error.
    #[test]
    fn build_summary() {
        let site = TestSite::fixture("snapshots");
        let out = praxis()
            .arg("build")
            .arg("--root")
            .arg(site.root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        insta::assert_snapshot!(transcript(Some(&site), &out));
    }

    /// Two errors and two warnings: a broken anchor, a link to nothing, an unknown shortcode
    /// and a `weight` that is not a number.
    fn site_with_problems() -> TestSite {
        TestSite::with_files(&[
            (
                "book.toml",
                "[book]\ntitle = \"Checked\"\nbase-url = \"https://check.example.org/\"\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Home\n---\nStart at [the guide](/guide/).\n",
            ),
            (
                "content/guide.md",
                "---\ntitle: Guide\n---\nSee [the missing page](/nowhere/) and [a section](#no-such-heading).\n\n{{< nosuch >}}\n",
            ),
            (
                "content/weighed.md",
                "---\ntitle: Weighed\nweight: heavy\n---\nText.\n",
            ),
        ])
    }

    fn check(site: &TestSite, format: &str) -> Output {
        let out = praxis()
            .arg("check")
            .arg("--root")
            .arg(site.root())
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "errors fail the check");
        assert!(!site.path("public").exists(), "check writes nothing");
        out
    }

    #[test]
    fn check_human() {
        let site = site_with_problems();
        let out = check(&site, "human");
        assert!(out.stdout.is_empty(), "diagnostics for people go to stderr");
        insta::assert_snapshot!(transcript(Some(&site), &out));
    }

    #[test]
    fn check_json() {
        let site = site_with_problems();
        let out = check(&site, "json");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("not one JSON object per line: {line}: {e}"));
        }
        insta::assert_snapshot!(transcript(Some(&site), &out));
    }

    #[test]
    fn check_github() {
        let site = site_with_problems();
        let out = check(&site, "github");
        insta::assert_snapshot!(transcript(Some(&site), &out));
    }

    #[test]
    fn help() {
        let out = praxis().arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        insta::assert_snapshot!(transcript(None, &out));
    }

    #[test]
    fn build_help() {
        let out = praxis().args(["build", "--help"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        insta::assert_snapshot!(transcript(None, &out));
    }
}
