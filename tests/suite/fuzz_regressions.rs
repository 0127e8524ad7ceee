//! Every input the fuzzers (`fuzz/`) ever crashed on, kept in `fuzz/regressions/<target>/`,
//! run through the same checks as its fuzz target, so a crash found once stays fixed. A new
//! crash is added by dropping its file into the target's folder.

use std::path::{Path, PathBuf};

use praxis::config::{Config, Overrides};
use praxis::content::front_matter::{FrontMatter, split};

fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            // The targets skip what is not UTF-8, as praxis reports it before parsing.
            String::from_utf8(bytes).ok().map(|text| (path, text))
        })
        .collect()
}

fn lines(text: &str) -> usize {
    text.lines().count().max(1)
}

#[test]
fn front_matter_crashes_stay_fixed() {
    let book = "[book]\ntitle = \"Fuzz\"\n\n[[relations]]\nname = \"related\"\n";
    let config = Config::from_str(book, Path::new("/fuzz-site"), &Overrides::default()).unwrap();
    let found = inputs("front_matter");
    assert!(!found.is_empty(), "the crash found on 2026-12-03 is kept");
    for (path, text) in found {
        let within = |line: usize| line <= lines(&text) + 1;
        match split(&text) {
            Ok(parts) => {
                if let Some(Err(errors)) = parts.front.map(|f| FrontMatter::from_text(&f, &config))
                {
                    for e in errors {
                        assert!(within(e.location.line), "{}: {e:?}", path.display());
                    }
                }
            }
            Err(e) => assert!(within(e.location.line), "{}: {e:?}", path.display()),
        }
    }
}

#[test]
fn book_toml_crashes_stay_fixed() {
    for (path, text) in inputs("book_toml") {
        if let Err(errors) = Config::from_str(&text, Path::new("/fuzz-site"), &Overrides::default())
        {
            for e in errors {
                let line = e.line.unwrap_or(1);
                assert!(line <= lines(&text) + 1, "{}: {e:?}", path.display());
            }
        }
    }
}

#[test]
fn slug_crashes_stay_fixed() {
    use praxis::text::{safe_slug, slugify, slugify_safe};
    for (path, text) in inputs("slugs") {
        for slug in [slugify(&text), slugify_safe(&text), safe_slug(&text)] {
            assert!(
                !slug.contains('/') && slug != ".." && slug != ".",
                "{}",
                path.display()
            );
        }
        assert_eq!(
            slugify(&slugify(&text)),
            slugify(&text),
            "{}",
            path.display()
        );
    }
}

#[test]
fn page_crashes_stay_fixed() {
    use praxis::markdown::links::{Resolution, fill};
    use praxis::markdown::{Options, render};
    for (path, text) in inputs("page") {
        // The target's first byte chooses options; these are the ones it most often takes.
        let body = text.get(1..).unwrap_or("");
        let rendered = render(body, &Options::default());
        let resolutions: Vec<Resolution> = (0..rendered.links.len())
            .map(|i| match i % 3 {
                0 => Resolution::Found {
                    href: "/a/b/".into(),
                    title: Some("A <t>".into()),
                },
                1 => Resolution::Broken,
                _ => Resolution::External,
            })
            .collect();
        let html = fill(&rendered.html, &rendered.links, &resolutions);
        assert!(
            !html.contains('\u{1}'),
            "{}: a placeholder was left",
            path.display()
        );
    }
}
