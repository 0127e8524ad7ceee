//! Taxonomies as browsable pages: every term of every taxonomy declared in book.toml, with
//! its pages, its URL (`/tags/value-delivery/`), its pagination, its feed and its own text.
//!
//! A term's text comes from `content/<taxonomy>/<term>/_index.md` (as in Hugo), or from a
//! regular page that says it describes the term: its `terms.classification-key` names the
//! taxonomy (`ClassificationType: tags`) and its title is the term. Spellings that slug alike
//! (`Value Delivery`, `value delivery`) are one term, shown with the most common spelling.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::{Config, EntryTable, Taxonomy, TermOrder};
use crate::content::{Content, Document, Kind};
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::links::Resolution;
use crate::text::natural_cmp;

use super::{Graph, NodeId, TaxonomyId};

/// One taxonomy and its terms.
#[derive(Debug, Clone)]
pub struct TaxonomyPages {
    /// Its place in `config.taxonomies`.
    pub index: TaxonomyId,
    /// Its name (the URL segment).
    pub name: String,
    /// Its display title.
    pub title: String,
    /// `/tags/`, with the base path.
    pub url: String,
    /// `tags/index.html`.
    pub output: String,
    /// `content/<taxonomy>/_index.md`, if written.
    pub doc: Option<Arc<Document>>,
    /// How the links of that text resolved: its body's, then its description's.
    pub links: Vec<Resolution>,
    /// Terms in the configured order.
    pub terms: Vec<Term>,
    /// Every spelling pages use, to the index of its term in `terms`: what slugifying the
    /// spelling and looking up the slug gives, without slugifying every use again.
    pub(crate) by_spelling: FxHashMap<String, usize>,
}

/// One term of a taxonomy.
#[derive(Debug, Clone)]
pub struct Term {
    /// The display name: the most common spelling.
    pub name: String,
    /// The URL segment.
    pub slug: String,
    /// `/tags/value-delivery/`, with the base path.
    pub url: String,
    /// The pages tagged with it, in reading order.
    pub pages: Vec<NodeId>,
    /// `content/<taxonomy>/<term>/_index.md`, if written.
    pub doc: Option<Arc<Document>>,
    /// How the links of that text resolved: its body's, then its description's.
    pub links: Vec<Resolution>,
    /// A page that describes this term (its classification key names the taxonomy).
    pub landing: Option<NodeId>,
}

impl Term {
    /// The number of listing pages, given the taxonomy's page size.
    pub fn page_count(&self, paginate: usize) -> usize {
        if paginate == 0 {
            1
        } else {
            self.pages.len().div_ceil(paginate).max(1)
        }
    }

    /// The URL of listing page `n` (1-based): the term's URL, then `page/N/`.
    pub fn page_url(&self, n: usize) -> String {
        if n <= 1 {
            self.url.clone()
        } else {
            format!("{}page/{n}/", self.url)
        }
    }
}

/// Documents under `content/<taxonomy>/`: they describe taxonomies and terms, they are not
/// sections. Taken out of the content before the section tree is built.
#[derive(Debug, Default)]
pub(super) struct TermDocs {
    /// (taxonomy index, term folder slug or `None` for the taxonomy itself, document).
    docs: Vec<(TaxonomyId, Option<String>, Arc<Document>)>,
}

pub(super) fn take_term_docs(
    content: &mut Content,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> TermDocs {
    let taxonomy_of = |dir: &str| {
        let top = dir.split('/').next().unwrap_or("");
        config
            .taxonomies
            .iter()
            .position(|t| t.name == top)
            .map(TaxonomyId::new)
    };
    let mut out = TermDocs::default();
    // Taken out in place: the other documents (nearly all of them) are not moved.
    let describes_terms =
        |doc: &mut Arc<Document>| !doc.dir.is_empty() && taxonomy_of(&doc.dir).is_some();
    let taken: Vec<Arc<Document>> = content.documents.extract_if(.., describes_terms).collect();
    for doc in taken {
        let Some(index) = taxonomy_of(&doc.dir) else {
            continue;
        };
        let depth = doc.dir.split('/').count();
        match (doc.kind, depth) {
            (Kind::Section, 1) => out.docs.push((index, None, doc)),
            (Kind::Section, 2) => {
                let folder = doc.dir.rsplit('/').next().unwrap_or("").to_string();
                out.docs
                    .push((index, Some(config.build.slugify.apply(&folder)), doc));
            }
            _ => diagnostics.push(
                Diagnostic::warning(
                    Code::TaxonomyFolder,
                    format!(
                        "not rendered: content/{}/ describes the taxonomy and its terms",
                        config.taxonomies[index].name
                    ),
                )
                .in_file(&doc.source)
                .help(format!(
                    "describe a term in content/{}/<term>/_index.md; move pages elsewhere",
                    config.taxonomies[index].name
                )),
            ),
        }
    }
    content
        .dirs
        .retain(|dir| dir.is_empty() || taxonomy_of(dir).is_none());
    out
}

/// Builds every taxonomy's terms from the pages' front matter, the term texts in
/// `term_docs` and the landing pages, one taxonomy after another.
pub(super) fn build(
    graph: &Graph,
    config: &Config,
    mut term_docs: TermDocs,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TaxonomyPages> {
    let mut out = Vec::with_capacity(config.taxonomies.len());
    unknown_classifications(graph, config, diagnostics);
    let order = listed_order(graph);
    for (index, taxonomy) in TaxonomyId::enumerate(&config.taxonomies) {
        feed_without_absolute_url(config, index, diagnostics);
        let mut found = Found {
            by_slug: gather_uses(graph, config, taxonomy, &order, diagnostics),
            taxonomy_doc: None,
            described: HashMap::new(),
            landings: HashMap::new(),
        };
        found.add_texts(&mut term_docs, index, config);
        found.add_landings(graph, config, taxonomy, diagnostics);
        out.push(found.into_pages(graph, config, index, diagnostics));
    }
    out
}

/// The pages term listings may show, in the order they show them: in reading order first,
/// hidden ones after, so term listings follow the site; pages listed only locally or
/// nowhere (`build.list`), or not written, are left out.
fn listed_order(graph: &Graph) -> Vec<NodeId> {
    let mut order: Vec<NodeId> = graph.reading_order.clone();
    order.extend(NodeId::all(graph.nodes.len()).filter(|&id| graph.nodes[id].order == usize::MAX));
    order.retain(|&id| graph.nodes[id].listed_site_wide());
    order
}

/// A taxonomy with `feed = true` gets no feeds without an absolute base URL: a warning,
/// at the taxonomy's `feed` key.
fn feed_without_absolute_url(
    config: &Config,
    index: TaxonomyId,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let taxonomy = &config.taxonomies[index];
    if !taxonomy.feed || config.base_url.absolute {
        return;
    }
    let d = Diagnostic::warning(
        Code::Feed,
        format!(
            "no feeds for `{}`: feeds need an absolute base-url",
            taxonomy.name
        ),
    )
    .help("set `base-url = \"https://…\"` under [book], or `feed = false`");
    let at = config.entry_location(EntryTable::Taxonomies, index.index(), "feed");
    diagnostics.push(match at {
        Some(location) => d.at_location(&config.file, &location),
        None => d.in_file(&config.file),
    });
}

/// The terms the pages `order` use, by slug: spellings with their uses, pages, first page
/// using each spelling. Gathered in parallel over runs of pages (each page's terms sit
/// behind a few pointers: the walk is memory-bound), then merged in reading order.
fn gather_uses(
    graph: &Graph,
    config: &Config,
    taxonomy: &Taxonomy,
    order: &[NodeId],
    diagnostics: &mut Vec<Diagnostic>,
) -> FxHashMap<String, Gathered> {
    let mut by_slug: FxHashMap<String, Gathered> = FxHashMap::default();
    let partials: Vec<(FxHashMap<String, Gathered>, Vec<Diagnostic>)> = order
        .par_chunks(GATHER_CHUNK)
        .map(|ids| gather(graph, config, &taxonomy.name, taxonomy.key(), ids))
        .collect();
    for (partial, mut problems) in partials {
        diagnostics.append(&mut problems);
        for (slug, gathered) in partial {
            let entry = by_slug.entry(slug).or_default();
            for (spelling, uses) in gathered.spellings {
                *entry.spellings.entry(spelling).or_insert(0) += uses;
            }
            for (spelling, id) in gathered.first_use {
                entry.first_use.entry(spelling).or_insert(id);
            }
            entry.pages.extend(gathered.pages);
        }
    }
    by_slug
}

/// What one taxonomy's terms are made of, found step by step.
struct Found {
    /// slug → spellings, pages and first uses: the pages', then the term texts' and
    /// landing pages' titles (spellings with no uses).
    by_slug: FxHashMap<String, Gathered>,
    /// `content/<taxonomy>/_index.md`, if written.
    taxonomy_doc: Option<Arc<Document>>,
    /// Each term text, by its term's slug.
    described: HashMap<String, Arc<Document>>,
    /// Each landing page, by its term's slug.
    landings: HashMap<String, NodeId>,
}

impl Found {
    /// Takes this taxonomy's texts out of `term_docs`: its own, and its terms' (terms
    /// described by their own text exist even when no page uses them yet).
    fn add_texts(&mut self, term_docs: &mut TermDocs, index: TaxonomyId, config: &Config) {
        for (i, slug, doc) in std::mem::take(&mut term_docs.docs) {
            if i != index {
                term_docs.docs.push((i, slug, doc));
                continue;
            }
            match slug {
                None => self.taxonomy_doc = Some(doc),
                Some(folder) => {
                    // The folder names the term; a folder spelled without the term's accents
                    // (`decision` for `Décision`) still finds it through the text's title.
                    let by_title = config.build.slugify.apply(&doc.title);
                    let slug = if !self.by_slug.contains_key(&folder)
                        && self.by_slug.contains_key(&by_title)
                    {
                        by_title
                    } else {
                        folder
                    };
                    let name = doc.title.clone();
                    self.by_slug
                        .entry(slug.clone())
                        .or_default()
                        .spellings
                        .entry(name)
                        .or_insert(0);
                    self.described.insert(slug, doc);
                }
            }
        }
    }

    /// Finds the landing pages: pages whose classification key names this taxonomy, each
    /// the landing page of the term its title makes (a term of its own if no page uses
    /// it). A second page for one term is warned about and ignored.
    fn add_landings(
        &mut self,
        graph: &Graph,
        config: &Config,
        taxonomy: &Taxonomy,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(key) = &config.terms.classification_key else {
            return;
        };
        for (id, node) in NodeId::enumerate(&graph.nodes) {
            let Some(doc) = &node.doc else { continue };
            let names_this = doc.front.field(key).is_some_and(|f| {
                f.texts()
                    .iter()
                    .any(|t| t.trim().eq_ignore_ascii_case(&taxonomy.name))
            });
            if !names_this {
                continue;
            }
            let slug = config.build.slugify.apply(&node.title);
            if let Some(&first) = self.landings.get(&slug) {
                let first = graph.nodes[first]
                    .doc
                    .as_ref()
                    .map(|d| d.source.display().to_string());
                let d = Diagnostic::warning(
                    Code::TermLanding,
                    format!(
                        "this page and {} both describe the {} term `{}`; the first one is used",
                        first.unwrap_or_default(),
                        taxonomy.name,
                        node.title
                    ),
                )
                .help(format!("keep `{key}: {}` on one of them", taxonomy.name));
                diagnostics.push(doc.at_key(d, key));
                continue;
            }
            self.landings.insert(slug.clone(), id);
            self.by_slug
                .entry(slug)
                .or_default()
                .spellings
                .entry(node.title.clone())
                .or_insert(0);
        }
    }

    /// The taxonomy as pages: its terms made, in the configured order, with the index of
    /// every spelling pages use.
    fn into_pages(
        mut self,
        graph: &Graph,
        config: &Config,
        index: TaxonomyId,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> TaxonomyPages {
        let taxonomy = &config.taxonomies[index];
        let url = format!("{}{}/", config.base_url.path, taxonomy.name);
        let (mut terms, spelled) = self.terms(graph, taxonomy, &url, diagnostics);
        sort_terms(&mut terms, taxonomy.order);
        let by_spelling = spelling_index(&terms, spelled);
        TaxonomyPages {
            index,
            name: taxonomy.name.clone(),
            title: self
                .taxonomy_doc
                .as_ref()
                .and_then(|d| d.front.title.clone())
                .unwrap_or_else(|| taxonomy.title()),
            output: format!("{}/index.html", taxonomy.name),
            url,
            doc: self.taxonomy_doc,
            links: Vec::new(),
            terms,
            by_spelling,
        }
    }

    /// Makes the terms, by slug, each named by its text's title or its most common
    /// spelling (warning when pages spell one term several ways). Also returns the
    /// spellings as pages wrote them (counted uses), each with its own slug; those of
    /// term texts and landing pages (no uses) may be filed under another.
    fn terms(
        &mut self,
        graph: &Graph,
        taxonomy: &Taxonomy,
        url: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Term>, Vec<(String, String)>) {
        let mut by_slug: Vec<(String, Gathered)> =
            std::mem::take(&mut self.by_slug).into_iter().collect();
        by_slug.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut terms: Vec<Term> = Vec::with_capacity(by_slug.len());
        let mut spelled: Vec<(String, String)> = Vec::new();
        for (slug, gathered) in by_slug {
            for (spelling, &uses) in &gathered.spellings {
                if uses > 0 {
                    spelled.push((spelling.clone(), slug.clone()));
                }
            }
            // A term's own page may give it a title; otherwise the most common spelling.
            let titled = self
                .described
                .get(&slug)
                .and_then(|d| d.front.title.clone());
            let name = titled.unwrap_or_else(|| gathered.display_name());
            if gathered.spellings.values().filter(|&&n| n > 0).count() > 1 {
                diagnostics.push(variant_warning(graph, taxonomy.key(), &name, &gathered));
            }
            terms.push(Term {
                url: format!("{url}{slug}/"),
                name,
                slug: slug.clone(),
                pages: gathered.pages,
                doc: self.described.remove(&slug),
                links: Vec::new(),
                landing: self.landings.get(&slug).copied(),
            });
        }
        (terms, spelled)
    }
}

/// Puts the terms in the taxonomy's `order`: by name (naturally), or by page count, most
/// first, then name.
fn sort_terms(terms: &mut [Term], order: TermOrder) {
    match order {
        TermOrder::Name => terms.sort_by(|a, b| natural_cmp(&a.name, &b.name)),
        TermOrder::Count => terms.sort_by(|a, b| {
            b.pages
                .len()
                .cmp(&a.pages.len())
                .then_with(|| natural_cmp(&a.name, &b.name))
        }),
    }
}

/// Each spelling pages use, to its term's position in the sorted `terms`, so pages find
/// their terms without slugifying every use again.
fn spelling_index(terms: &[Term], spelled: Vec<(String, String)>) -> FxHashMap<String, usize> {
    let position: FxHashMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, term)| (term.slug.as_str(), i))
        .collect();
    spelled
        .into_iter()
        .map(|(spelling, slug)| (spelling, position[slug.as_str()]))
        .collect()
}

/// Pages per parallel run when gathering terms.
const GATHER_CHUNK: usize = 512;

/// The terms of `taxonomy` used by the pages `ids` (in that order), by slug.
fn gather(
    graph: &Graph,
    config: &Config,
    taxonomy: &str,
    key: &str,
    ids: &[NodeId],
) -> (FxHashMap<String, Gathered>, Vec<Diagnostic>) {
    let mut by_slug: FxHashMap<String, Gathered> = FxHashMap::default();
    let mut diagnostics = Vec::new();
    for &id in ids {
        let Some(doc) = &graph.nodes[id].doc else {
            continue;
        };
        for term in doc.front.terms(taxonomy) {
            let slug = config.build.slugify.apply(term);
            if slug.is_empty() {
                let d = Diagnostic::error(
                    Code::EmptyTerm,
                    format!("{taxonomy} term `{term}` has no letter or digit to make a URL from"),
                )
                .help("write the term with at least one letter or digit, or remove it");
                diagnostics.push(doc.at_key(d, key));
                continue;
            }
            let entry = by_slug.entry(slug).or_default();
            // Most uses repeat a spelling already seen: count them without a copy.
            match entry.spellings.get_mut(term.as_str()) {
                Some(uses) => *uses += 1,
                None => {
                    entry.spellings.insert(term.clone(), 1);
                    entry.first_use.insert(term.clone(), id);
                }
            }
            // Pages come one at a time, so a page naming a term twice is the last one
            // pushed: no search through the term's (possibly thousands of) pages.
            if entry.pages.last() != Some(&id) {
                entry.pages.push(id);
            }
        }
    }
    (by_slug, diagnostics)
}

/// A page whose classification key names no declared taxonomy describes nothing: say so.
fn unknown_classifications(graph: &Graph, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    let Some(key) = &config.terms.classification_key else {
        return;
    };
    for node in &graph.nodes {
        let Some(doc) = &node.doc else { continue };
        let Some(field) = doc.front.field(key) else {
            continue;
        };
        for value in field.texts() {
            let known = config
                .taxonomies
                .iter()
                .any(|t| t.name.eq_ignore_ascii_case(value.trim()));
            if !known {
                let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
                let d = Diagnostic::warning(
                    Code::TermLanding,
                    format!("`{key}: {value}` names no taxonomy, so this page describes no term"),
                )
                .help(
                    match crate::text::did_you_mean(&value, names.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("declared taxonomies: {}", names.join(", ")),
                    },
                );
                diagnostics.push(doc.at_key(d, key));
            }
        }
    }
}

/// Spellings of one term as gathered from the pages.
#[derive(Debug, Default)]
struct Gathered {
    spellings: BTreeMap<String, usize>,
    first_use: BTreeMap<String, NodeId>,
    pages: Vec<NodeId>,
}

impl Gathered {
    /// The most common spelling; ties go to the one first in natural order.
    fn display_name(&self) -> String {
        let mut best: Option<(&String, usize)> = None;
        for (spelling, &uses) in &self.spellings {
            let better = match best {
                None => true,
                Some((b, n)) => uses > n || (uses == n && natural_cmp(spelling, b).is_lt()),
            };
            if better {
                best = Some((spelling, uses));
            }
        }
        best.map(|(s, _)| s.clone()).unwrap_or_default()
    }
}

/// A warning at the first page that uses a spelling other than the displayed one.
fn variant_warning(graph: &Graph, key: &str, name: &str, gathered: &Gathered) -> Diagnostic {
    let others: Vec<String> = gathered
        .spellings
        .iter()
        .filter(|(s, n)| s.as_str() != name && **n > 0)
        .map(|(s, n)| format!("`{s}` ({})", pages(*n)))
        .collect();
    let d = Diagnostic::warning(
        Code::TermSpelling,
        format!(
            "`{name}` is also written {}; they are one term, shown as `{name}`",
            others.join(", ")
        ),
    )
    .help(format!("write `{name}` everywhere"));
    let first_variant = gathered
        .first_use
        .iter()
        .filter(|(s, _)| s.as_str() != name)
        .map(|(_, &id)| id)
        .min_by_key(|&id| graph.nodes[id].key.clone());
    match first_variant.and_then(|id| graph.nodes[id].doc.as_ref()) {
        Some(doc) => doc.at_key(d, key),
        None => d,
    }
}

fn pages(n: usize) -> String {
    if n == 1 {
        "1 page".into()
    } else {
        format!("{n} pages")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_common_spelling_wins_ties_by_name() {
        let mut g = Gathered::default();
        g.spellings.insert("value delivery".into(), 2);
        g.spellings.insert("Value Delivery".into(), 2);
        g.spellings.insert("Value-Delivery".into(), 1);
        assert_eq!(g.display_name(), "Value Delivery");
        g.spellings.insert("value delivery".into(), 3);
        assert_eq!(g.display_name(), "value delivery");
    }

    #[test]
    fn pagination_urls() {
        let term = Term {
            name: "X".into(),
            slug: "x".into(),
            url: "/tags/x/".into(),
            pages: vec![NodeId::new(0); 5],
            doc: None,
            links: Vec::new(),
            landing: None,
        };
        assert_eq!(term.page_count(0), 1);
        assert_eq!(term.page_count(5), 1);
        assert_eq!(term.page_count(4), 2);
        assert_eq!(term.page_count(1), 5);
        assert_eq!(term.page_url(1), "/tags/x/");
        assert_eq!(term.page_url(2), "/tags/x/page/2/");
    }
}
