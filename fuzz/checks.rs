//! What must hold for any input, one function a fuzz target: each panics when it does not.
//! The fuzz targets (`fuzz_targets/`) call these, and so does
//! `tests/suite/fuzz_regressions.rs` on every input a target ever crashed on, so a crash
//! found once is checked the same way with every `cargo test`.

use std::path::Path;
use std::sync::OnceLock;

use praxis::config::{Config, Overrides};
use praxis::content::front_matter::{FrontMatter, split};
use praxis::markdown::expand::{Expansion, Invocation, Refusal, Shortcodes};
use praxis::markdown::highlight::Highlighter;
use praxis::markdown::links::{Resolution, fill, fill_text};
use praxis::markdown::{Options, render};
use praxis::text::{heading_id, natural_cmp, safe_slug, slugify, slugify_safe};

/// The lines of `text` as praxis counts them, for positions that must fall inside it.
fn lines(text: &str) -> usize {
    text.lines().count().max(1)
}

fn fuzz_site() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let book = "[book]\ntitle = \"Fuzz\"\n\n[[relations]]\nname = \"related\"\n";
        Config::from_str(book, Path::new("/fuzz-site"), &Overrides::default())
            .expect("the fuzz site's book.toml is valid")
    })
}

/// A whole page file is cut into front matter and body and its front matter typed: a value,
/// or errors at a line of the file (or just after its end).
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let within = |line: usize| line <= lines(text) + 1;
    match split(text) {
        Ok(parts) => {
            assert!(parts.body_line >= 1);
            if let Some(Err(errors)) = parts.front.map(|f| FrontMatter::from_text(&f, fuzz_site()))
            {
                assert!(!errors.is_empty());
                for e in errors {
                    assert!(within(e.location.line), "{e:?} in {} lines", lines(text));
                }
            }
        }
        Err(e) => assert!(within(e.location.line), "{e:?} in {} lines", lines(text)),
    }
}

/// A markdown body (its first byte chooses the options) renders, and filling its links as
/// found, broken or external leaves no placeholder in the HTML or in heading titles.
pub fn page(data: &[u8]) {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let highlighter = Highlighter::default();
    let prefixes = ["https://docs.example.org/".to_string()];
    let options = Options {
        title_from_heading: choice & 1 != 0,
        title: (choice & 2 != 0).then_some("OPS01-BP02 Keep it simple"),
        id: (choice & 2 != 0).then_some("OPS01-BP02"),
        whole_summary: choice & 4 != 0,
        first_line: usize::from(choice >> 4),
        site_prefixes: &prefixes,
        base_path: "/",
        former_urls: choice & 8 != 0,
        // Highlighting only sometimes: loading the syntaxes is slow, the rest is not.
        highlighter: (choice == 0xff).then_some(&highlighter),
        html_as_text: choice & 0x40 != 0,
        // Shortcodes on most inputs: they are where the body is cut and spliced.
        shortcodes: (choice & 0x20 == 0).then_some(&FuzzShortcodes as &dyn Shortcodes),
    };
    let rendered = render(body, &options);
    let resolutions: Vec<Resolution> = (0..rendered.links.len())
        .map(|i| match i % 3 {
            0 => Resolution::Found {
                href: "/a/b/".into(),
                title: Some("A <title> & more".into()),
            },
            1 => Resolution::Broken,
            _ => Resolution::External,
        })
        .collect();
    let html = fill(&rendered.html, &rendered.links, &resolutions);
    assert!(
        !html.contains('\u{1}'),
        "a placeholder was left in {html:?}"
    );
    assert!(
        !html.contains('\u{2}'),
        "a shortcode token was left in {html:?}"
    );
    let lines = lines(body) + usize::from(choice >> 4) + 1;
    for problem in rendered.shortcodes.iter().flat_map(|o| &o.problems) {
        assert!(problem.location.line <= lines, "{problem:?}");
    }
    for heading in &rendered.toc {
        let title = fill_text(&heading.title, &rendered.links, &resolutions);
        assert!(
            !title.contains('\u{1}'),
            "a placeholder was left in {title:?}"
        );
    }
}

/// Shortcodes for fuzzing: `a` writes HTML with its inner text, `m` markdown, `bad` fails;
/// `highlight`, `ref` and `relref` are praxis's own; any other name is unknown.
#[derive(Debug)]
struct FuzzShortcodes;

impl Shortcodes for FuzzShortcodes {
    fn overrides(&self, _: &str) -> bool {
        false
    }

    fn defines(&self, name: &str) -> bool {
        matches!(name, "a" | "m" | "bad")
    }

    fn takes_markdown(&self, name: &str) -> bool {
        name == "m"
    }

    fn expand(&self, call: &Invocation<'_>) -> Result<Expansion, Refusal> {
        let inner = call.inner.unwrap_or_default().to_string();
        match call.call.name.as_str() {
            "a" => Ok(Expansion::Html(format!("<span>{inner}</span>"))),
            "m" => Ok(Expansion::Markdown(format!("## {inner}\n\n[[X]]\n"))),
            _ => Err(self.unknown("bad")),
        }
    }

    fn unknown(&self, name: &str) -> Refusal {
        Refusal {
            message: format!("no {name}"),
            help: None,
            note: None,
        }
    }
}

/// Slugs of any text are one safe path segment and settle after one pass; heading ids hold
/// no whitespace; the natural order is antisymmetric and reflexive.
pub fn slugs(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for slug in [slugify(text), slugify_safe(text), safe_slug(text)] {
        assert!(!slug.contains('/'), "{slug:?}");
        assert!(slug != ".." && slug != ".", "{slug:?}");
    }
    assert_eq!(slugify(&slugify(text)), slugify(text));
    let id = heading_id(text);
    assert!(!id.contains(char::is_whitespace), "{id:?}");
    let half = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(0, |(i, _)| i);
    let (a, b) = text.split_at(half);
    assert_eq!(natural_cmp(a, b), natural_cmp(b, a).reverse());
    assert_eq!(natural_cmp(a, a), std::cmp::Ordering::Equal);
}

/// Any book.toml gives a configuration, or errors at a line of the file.
pub fn book_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = Config::from_str(text, Path::new("/fuzz-site"), &Overrides::default()) {
        assert!(!errors.is_empty());
        for e in errors {
            if let Some(line) = e.line {
                assert!(line <= lines(text) + 1, "{e:?} in {} lines", lines(text));
            }
        }
    }
}
