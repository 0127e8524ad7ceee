//! The shortcodes a page's body may call, as the content stage sees them: the site's
//! templates come from the render stage through [`SiteShortcodes`]; `include`, which reads a
//! file, is done here (the only stage that reads sources), unless the site has a template of
//! that name.

use std::cell::RefCell;
use std::path::{Component, Path, PathBuf};

use super::front_matter::FrontMatter;
use crate::config::Config;
use crate::markdown::expand::{Expansion, Invocation, Refusal, Shortcodes, text_of};

/// What a shortcode template may know of the page it is called from, before the site is
/// placed (its URL is not known yet).
#[derive(Debug, Clone, Copy)]
pub struct PageFacts<'a> {
    /// The front matter, as written in the file.
    pub front: &'a FrontMatter,
    /// The title, when the front matter gives one.
    pub title: Option<&'a str>,
    /// The file's path inside the content folder.
    pub rel_path: &'a str,
}

/// The site's shortcode templates (implemented by the render stage).
pub trait SiteShortcodes: Sync {
    /// The shortcodes as `page` sees them; `None` when the site has none to offer (its
    /// templates failed to compile: the build reports that, and calls stay as text).
    fn for_page<'a>(&'a self, page: PageFacts<'a>) -> Option<Box<dyn Shortcodes + 'a>>;
}

/// No shortcodes at all: calls stay as text.
#[derive(Debug, Default)]
pub struct NoShortcodes;

impl SiteShortcodes for NoShortcodes {
    fn for_page<'a>(&'a self, _: PageFacts<'a>) -> Option<Box<dyn Shortcodes + 'a>> {
        None
    }
}

/// A page's shortcodes with `include` added, noting every file included.
#[derive(Debug)]
pub(super) struct WithIncludes<'a> {
    pub(super) site: Box<dyn Shortcodes + 'a>,
    pub(super) config: &'a Config,
    /// Files read, relative to the site root.
    pub(super) included: RefCell<Vec<PathBuf>>,
}

impl Shortcodes for WithIncludes<'_> {
    fn overrides(&self, name: &str) -> bool {
        self.site.overrides(name)
    }

    fn defines(&self, name: &str) -> bool {
        name == "include" || self.site.defines(name)
    }

    fn takes_markdown(&self, name: &str) -> bool {
        self.site.takes_markdown(name)
    }

    fn expand(&self, call: &Invocation<'_>) -> Result<Expansion, Refusal> {
        if call.call.name == "include" && !self.site.overrides("include") {
            return self.include(call);
        }
        self.site.expand(call)
    }

    fn unknown(&self, name: &str) -> Refusal {
        self.site.unknown(name)
    }
}

impl WithIncludes<'_> {
    /// `{{% include "snippets/setup.md" %}}`: a file of the content folder, or else of the
    /// site root, never outside them. Markdown is rendered where the call stands; HTML is
    /// placed as it is; any other file is shown as a code block in its extension's language.
    fn include(&self, call: &Invocation<'_>) -> Result<Expansion, Refusal> {
        let args = &call.call.args;
        let written = args
            .iter()
            .find(|a| a.name.is_none() || a.name.as_deref() == Some("path"))
            .map(|a| text_of(&a.value))
            .filter(|p| !p.trim().is_empty())
            .ok_or_else(|| Refusal {
                message: "`include` needs the path of a file".into(),
                help: Some("write `{{% include \"snippets/setup.md\" %}}`".into()),
                note: None,
            })?;
        let (path, shown) = self.find(&written)?;
        let text = std::fs::read_to_string(&path).map_err(|err| Refusal {
            message: format!("cannot include {}: {err}", shown.display()),
            help: Some("the file must be UTF-8 text".into()),
            note: None,
        })?;
        self.included.borrow_mut().push(shown);
        let text = crate::text::without_forbidden(&text).into_owned();
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let lang = args
            .iter()
            .find(|a| a.name.as_deref() == Some("lang"))
            .map(|a| text_of(&a.value));
        Ok(match (extension, lang) {
            ("md" | "markdown", None) => Expansion::Markdown(without_front_matter(&text)),
            ("html" | "htm", None) => Expansion::Html(text),
            (ext, lang) => Expansion::Markdown(code_block(&text, lang.as_deref().unwrap_or(ext))),
        })
    }

    /// The file `written` names, and its path from the site root: in the content folder,
    /// else in the site root. Paths that leave them are refused, links followed included.
    fn find(&self, written: &str) -> Result<(PathBuf, PathBuf), Refusal> {
        let relative = Path::new(written.trim().trim_start_matches('/'));
        let refused = || Refusal {
            message: format!("`include` cannot read `{written}`: it is outside the site"),
            help: Some("include files from the content folder or the site's own folders".into()),
            note: None,
        };
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(refused());
        }
        let root = &self.config.root;
        let folders = [self.config.content_dir(), root.clone()];
        let found = folders
            .iter()
            .map(|folder| folder.join(relative))
            .find(|candidate| candidate.is_file())
            .ok_or_else(|| Refusal {
                message: format!("`include` found no file `{written}`"),
                help: Some(format!(
                    "the path is read from {} and then from the site root",
                    crate::config::shown_path(&self.config.content_dir()).display()
                )),
                note: None,
            })?;
        let inside = |path: &Path| {
            let real_root = root.canonicalize().ok()?;
            let real = path.canonicalize().ok()?;
            real.starts_with(real_root).then_some(())
        };
        inside(&found).ok_or_else(refused)?;
        let shown = found.strip_prefix(root).unwrap_or(&found).to_path_buf();
        Ok((found, shown))
    }
}

/// A markdown file's body: its front matter, if any, left out.
fn without_front_matter(text: &str) -> String {
    match super::front_matter::split(text) {
        Ok(parts) => parts.body.to_string(),
        Err(_) => text.to_string(),
    }
}

/// `text` as a fenced code block, its fence longer than any run of backticks in it.
fn code_block(text: &str, lang: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lang: String = lang
        .chars()
        .filter(|c| c.is_alphanumeric() || "+-_.".contains(*c))
        .collect();
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{lang}\n{text}{newline}{fence}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_block_fence_outruns_the_backticks_inside() {
        assert_eq!(code_block("a ```` b", "rs"), "`````rs\na ```` b\n`````\n");
        assert_eq!(code_block("x\n", "c++"), "```c++\nx\n```\n");
    }
}
