//! `cascade`: a section's `_index.md` gives front-matter values to itself and everything
//! below it (Hugo's front matter cascade). Applied once every file is parsed, before drafts
//! and dates leave pages out, so a cascaded key acts as if the page wrote it: a page's own
//! value wins, then the nearest section's cascade, then farther ones.
//!
//! The parses kept between `praxis serve` builds are the files' own; the cascade is applied
//! to them on every build, which costs nothing on a site with no cascade. A [`Memo`] gives a
//! page the same document as last time when neither its file nor the cascade values that
//! reach it changed, so the server renders again only what a cascade edit touched.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::yaml::Value;

use super::front_matter::CascadeRule;
use super::{Document, Kind, page_id, parent_dir};
use crate::config::Config;
use crate::diagnostics::Location;
use crate::text::safe_slug;

/// The cascade values that reached one document: each rule's section file and values.
type Reached = Arc<Vec<(std::path::PathBuf, Vec<(String, Value, Location)>)>>;

/// What the cascades gave each document last time, by its path in the content folder.
#[derive(Debug, Default)]
pub struct Memo(HashMap<String, Given>);

#[derive(Debug, Clone)]
struct Given {
    /// The file's own parse.
    raw: Arc<Document>,
    reached: Reached,
    /// The parse with the cascaded values.
    result: Arc<Document>,
}

/// Gives every document the values its sections' cascades target it with; `memo` (kept
/// between builds) reuses last build's documents where nothing changed.
pub(super) fn apply(documents: &mut [Arc<Document>], config: &Config, memo: Option<&mut Memo>) {
    let cascades: HashMap<String, Arc<Document>> = documents
        .iter()
        .filter(|d| d.kind == Kind::Section && !d.front.cascade.is_empty())
        .map(|d| (d.dir.clone(), Arc::clone(d)))
        .collect();
    let Some(memo) = memo else {
        if !cascades.is_empty() {
            documents
                .par_iter_mut()
                .with_max_len(crate::PAR_RUN)
                .for_each(|doc| {
                    give(doc, &cascades, config, None);
                });
        }
        return;
    };
    let old = std::mem::take(&mut memo.0);
    if cascades.is_empty() {
        return;
    }
    let given: Vec<Option<(String, Given)>> = documents
        .par_iter_mut()
        .with_max_len(crate::PAR_RUN)
        .map(|doc| {
            let rel = doc.rel_path.clone();
            give(doc, &cascades, config, Some(&old)).map(|g| (rel, g))
        })
        .collect();
    memo.0 = given.into_iter().flatten().collect();
}

/// The sections of a site that have a cascade, for giving one re-read file its values
/// (`praxis serve`'s patch of an edited page).
#[derive(Debug, Default)]
pub struct Sections(HashMap<String, Arc<Document>>);

impl Sections {
    /// The sections with a cascade among `documents`.
    pub fn of<'d>(documents: impl Iterator<Item = &'d Arc<Document>>) -> Sections {
        Sections(
            documents
                .filter(|d| d.kind == Kind::Section && !d.front.cascade.is_empty())
                .map(|d| (d.dir.clone(), Arc::clone(d)))
                .collect(),
        )
    }

    /// Gives `doc` the values these sections' cascades target it with.
    pub fn give(&self, doc: &mut Arc<Document>, config: &Config) {
        if !self.0.is_empty() {
            give(doc, &self.0, config, None);
        }
    }
}

/// Gives `doc` its cascaded values; with `old`, what it was given last time when the same
/// parse met the same values. Returns what it was given, for the memo.
fn give(
    doc: &mut Arc<Document>,
    cascades: &HashMap<String, Arc<Document>>,
    config: &Config,
    old: Option<&HashMap<String, Given>>,
) -> Option<Given> {
    let from: Vec<&Arc<Document>> = sections_above(doc)
        .filter_map(|dir| cascades.get(dir))
        .collect();
    if from.is_empty() {
        return None;
    }
    let seen = Seen::of(doc);
    let wanted = |section: &Document| {
        targeted(section, &seen)
            .flat_map(|rule| &rule.values)
            .any(|(key, _, _)| !doc.front.has(key))
    };
    if !from.iter().any(|s| wanted(s)) {
        return None;
    }
    let rules = || {
        from.iter()
            .flat_map(|s| targeted(s, &seen).map(move |rule| (&s.source, &rule.values)))
    };
    if let Some(last) = old.and_then(|old| old.get(&doc.rel_path))
        && Arc::ptr_eq(&last.raw, doc)
        && last.reached.len() == rules().count()
        && last
            .reached
            .iter()
            .zip(rules())
            .all(|((source, values), (s, v))| source == s && values == v)
    {
        *doc = Arc::clone(&last.result);
        return Some(last.clone());
    }
    let raw = Arc::clone(doc);
    let reached: Reached = match old {
        Some(_) => Arc::new(rules().map(|(s, v)| (s.clone(), v.clone())).collect()),
        None => Arc::default(),
    };
    let page = Arc::make_mut(doc);
    let mut taken = false;
    for section in &from {
        for rule in targeted(section, &seen) {
            taken |= page.front.inherit(&rule.values, &section.source, config);
        }
    }
    if taken {
        settle(page, config);
    }
    old.map(|_| Given {
        raw,
        reached,
        result: Arc::clone(doc),
    })
}

/// The folders of the sections whose cascades reach `doc`, nearest first: its own (for a
/// section), the one it sits in, and every one above.
fn sections_above(doc: &Document) -> impl Iterator<Item = &str> {
    let start = if doc.bundle {
        Some(parent_dir(&doc.dir))
    } else {
        Some(doc.dir.as_str())
    };
    std::iter::successors(start, |dir| (!dir.is_empty()).then(|| parent_dir(dir)))
}

/// What a `_target` looks at: the kind, the page path and the file path.
struct Seen {
    kind: &'static str,
    page_path: String,
    file_path: String,
}

impl Seen {
    fn of(doc: &Document) -> Seen {
        let kind = match doc.kind {
            Kind::Section if doc.dir.is_empty() => "home",
            Kind::Section => "section",
            Kind::Page => "page",
        };
        Seen {
            kind,
            page_path: logical_path(doc),
            file_path: format!("/{}", doc.rel_path),
        }
    }
}

/// The rules of `section`'s cascade whose `_target` matches the document seen as `seen`.
fn targeted<'s>(section: &'s Document, seen: &'s Seen) -> impl Iterator<Item = &'s CascadeRule> {
    section.front.cascade.iter().filter(move |rule| {
        let kind_ok = rule.kind.as_ref().is_none_or(|g| g.is_match(seen.kind));
        let path_ok = rule.path.as_ref().is_none_or(|g| {
            let candidate = if g.file_form {
                &seen.file_path
            } else {
                &seen.page_path
            };
            g.is_match(candidate)
        });
        kind_ok && path_ok
    })
}

/// A document's path as Hugo's `_target.path` sees it: `/docs/page`, `/docs/bundle`,
/// `/docs` for a section, `/` for the home page.
pub fn logical_path(doc: &Document) -> String {
    match doc.kind {
        Kind::Section => format!("/{}", doc.dir),
        Kind::Page if doc.bundle => format!("/{}", doc.dir),
        Kind::Page => {
            let stem = doc.rel_path.strip_suffix(".md").unwrap_or(&doc.rel_path);
            format!("/{stem}")
        }
    }
}

/// Derives again what reading the file took from its front matter: title, slug, id and
/// description may come from a cascade too.
fn settle(doc: &mut Document, config: &Config) {
    let front = &doc.front;
    if front.inherited("title").is_some()
        && let Some(title) = front.title.clone().filter(|t| !t.trim().is_empty())
    {
        doc.title = title;
    }
    if front.inherited("slug").is_some()
        && let Some(slug) = front
            .slug
            .as_deref()
            .map(safe_slug)
            .filter(|s| !s.is_empty())
    {
        doc.slug = slug;
    }
    if front.inherited("description").is_some()
        && let Some(text) = front.description.as_deref()
    {
        doc.description = Some(crate::markdown::render(
            text,
            &crate::markdown::Options {
                whole_summary: true,
                first_line: 1,
                site_prefixes: &config.site_prefixes,
                base_path: &config.base_url.path,
                former_urls: !config.links.url_keys.is_empty(),
                ..Default::default()
            },
        ));
    }
    doc.id = page_id(&doc.front, &doc.title, config);
}

#[cfg(test)]
mod tests {
    use crate::content::front_matter::TargetGlob;

    #[test]
    fn target_globs_follow_hugo() {
        let glob = |g: &str| TargetGlob::new(g).unwrap();
        assert!(glob("/docs/**").is_match("/docs/a/b"));
        assert!(!glob("/docs/**").is_match("/docs"));
        assert!(glob("/docs/*").is_match("/docs/a"));
        assert!(!glob("/docs/*").is_match("/docs/a/b"));
        assert!(glob("/Docs/*").is_match("/docs/a"));
        assert!(glob("{home,section}").is_match("section"));
        assert!(glob("/docs/*.md").file_form && !glob("/docs/**").file_form);
        assert!(TargetGlob::new("/docs/[").is_err());
    }
}
