//! The site's own search: a sharded inverted index and small sharded page records, written
//! with the site (in parallel, through the staging output) into `search-index/`, and read
//! by the default theme's `search.js`, which downloads only the shards a query's words need.
//! Built from what the build already holds: each page's title, id, headings, taxonomy
//! terms, description and the text of its rendered body. Pages with `search: false`,
//! drafts and unrendered pages are left out; redirects are never pages. The format is
//! described in `docs/search-format.md`.
//!
//! - [`tokens`]: words, shared with the script;
//! - [`text`]: a rendered body's plain text;
//! - [`index`]: postings and their binary encoding;
//! - [`files`]: the files written.

pub mod files;
pub mod index;
pub mod text;
pub mod tokens;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};
use crate::graph::{Graph, NodeId};
use crate::markdown::links::Resolution;
use crate::markdown::summary;
use crate::output::Sink;
use index::{Postings, tier};

/// The folder of the index inside the output.
pub const DIR: &str = "search-index";

/// The most characters of body text a page record keeps for snippets.
pub const SNIPPET_CHARS: usize = 280;

/// What a result shows of a page, and what it can be filtered by.
#[derive(Debug, Clone)]
pub struct Record {
    /// The URL path.
    pub url: String,
    /// The title.
    pub title: String,
    /// The id, or empty.
    pub id: String,
    /// The enclosing section (the page itself for the home page).
    pub section: NodeId,
    /// The opening of the body text, for snippets.
    pub text: String,
    /// `(filter, value)` for each filter value the page has.
    pub filters: Vec<(usize, String)>,
}

/// The filters readers can narrow results by: the taxonomies, then `search.filters`.
pub(crate) fn filters(config: &Config) -> Vec<(String, String)> {
    let taxonomies = config
        .taxonomies
        .iter()
        .map(|t| (t.name.clone(), t.title()));
    let keys = config
        .search
        .filters
        .iter()
        .map(|k| (k.clone(), crate::text::title_from_name(k)));
    taxonomies.chain(keys).collect()
}

/// Writes the index of `graph` into `sink`; the diagnostics of what went wrong.
pub fn write(graph: &Graph, config: &Config, sink: &dyn Sink) -> Vec<Diagnostic> {
    let (pages, mut problems) = included(graph);
    if problems.iter().any(Diagnostic::is_error) {
        return problems;
    }
    let filters = filters(config);
    // A few runs of pages a thread, each with its own postings, merged in page order: one
    // map per rayon split would cost more to merge than to fill.
    let run = pages
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(64);
    let parts: Vec<(Postings, Vec<Record>)> = pages
        .par_chunks(run)
        .enumerate()
        .map(|(c, ids)| {
            let mut postings = Postings::default();
            let mut body = String::new();
            let records = ids
                .iter()
                .enumerate()
                .map(|(i, &id)| {
                    let page = (c * run + i) as u32;
                    read_page(graph, config, &filters, id, page, &mut postings, &mut body)
                })
                .collect();
            (postings, records)
        })
        .collect();
    let mut postings = Postings::default();
    let mut records = Vec::with_capacity(pages.len());
    for (part, part_records) in parts {
        postings = postings.merge(part);
        records.extend(part_records);
    }
    let terms = postings.into_sorted();
    problems.extend(files::write(graph, &filters, &terms, &records, sink));
    problems
}

/// The pages and sections the index holds, in site order, and the `search` keys that are
/// not true or false.
fn included(graph: &Graph) -> (Vec<NodeId>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    for (id, node) in NodeId::enumerate(&graph.nodes) {
        let Some(doc) = &node.doc else { continue };
        if !node.rendered() || doc.front.draft {
            continue;
        }
        match doc.front.extra.get("search") {
            None | Some(crate::yaml::Value::Bool(true)) => pages.push(id),
            Some(crate::yaml::Value::Bool(false)) => {}
            Some(_) => problems.push(
                doc.at_key(
                    Diagnostic::error(Code::FrontMatter, "`search` must be true or false"),
                    "search",
                )
                .help("write `search: false` to leave the page out of the search index"),
            ),
        }
    }
    (pages, problems)
}

/// Adds the terms of node `id` to `postings` as page `page`, and returns its record.
fn read_page(
    graph: &Graph,
    config: &Config,
    filters: &[(String, String)],
    id: NodeId,
    page: u32,
    postings: &mut Postings,
    body: &mut String,
) -> Record {
    let node = &graph.nodes[id];
    let doc = node.doc.as_ref().expect("only documents are indexed");
    if let Some(page_id) = &doc.id {
        postings.add(page, &page_id.trim().to_lowercase(), tier::ID);
    }
    postings.add_words(page, &node.title, tier::TITLE);
    let resolutions = graph.links.get(id.index()).map_or(&[][..], Vec::as_slice);
    for heading in &doc.body.toc {
        let title = crate::markdown::links::fill_text(&heading.title, &doc.body.links, resolutions);
        postings.add_words(page, &title, tier::HEADING);
    }
    let values = filter_values(doc, config, filters);
    for (_, value) in &values {
        postings.add_words(page, value, tier::TERM);
    }
    if let Some(description) = &doc.front.description {
        postings.add_words(page, description, tier::BODY);
    }
    body.clear();
    let mut link_text = |i: usize, out: &mut String| match resolutions.get(i) {
        Some(Resolution::Found {
            title: Some(title), ..
        }) => out.push_str(title),
        _ => out.push_str(doc.body.links.get(i).map_or("", |l| l.text.as_str())),
    };
    text::plain(&doc.body.html, &mut link_text, body);
    postings.add_words(page, body, tier::BODY);
    let opening = text::collapsed(body, SNIPPET_CHARS + 1);
    let text = match opening.is_empty() {
        true => doc.front.description.clone().unwrap_or_default(),
        false => summary::cut(&opening, SNIPPET_CHARS).into_owned(),
    };
    Record {
        url: node.url.clone(),
        title: node.title.clone(),
        id: doc.id.clone().unwrap_or_default(),
        section: node.parent.unwrap_or(id),
        text,
        filters: values,
    }
}

/// The values of each filter `doc` has: its terms of each taxonomy, and the scalar (or list
/// of scalars) of each `search.filters` key.
fn filter_values(
    doc: &crate::content::Document,
    config: &Config,
    filters: &[(String, String)],
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let taxonomies = config.taxonomies.len();
    for (i, taxonomy) in config.taxonomies.iter().enumerate() {
        for term in doc.front.terms(&taxonomy.name) {
            out.push((i, term.clone()));
        }
    }
    for (i, (key, _)) in filters.iter().enumerate().skip(taxonomies) {
        let Some(value) = doc.front.extra.get(key.as_str()) else {
            continue;
        };
        match value {
            crate::yaml::Value::Sequence(items) => {
                out.extend(
                    items
                        .iter()
                        .filter_map(crate::content::front_matter::display_text)
                        .map(|v| (i, v)),
                );
            }
            other => out.extend(crate::content::front_matter::display_text(other).map(|v| (i, v))),
        }
    }
    out.sort();
    out.dedup();
    out
}
