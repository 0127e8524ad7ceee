//! Atom feeds (RFC 4287), all written by one template, the theme's `atom.xml`: the site's
//! `/atom.xml` (its newest pages), a section's `<section>/atom.xml` (front matter
//! `feed: true`: the pages below it) and a term's `<taxonomy>/<term>/atom.xml`. Entries are
//! the newest pages by `updated`, else `date`; a page without either takes the feed's newest
//! date (the Unix epoch when no page has one), so every feed is valid and the same from build
//! to build. Drafts and `noindex` pages are never in a feed.

use crate::config::Config;
use crate::graph::{Graph, NodeId};
use crate::output::Sink;

use super::meta::PageMeta;
use super::variables::{FeedEntry, FeedValue};
use super::{Engine, Failure};

/// One feed to write: its title, where it and its HTML page are, and its candidate pages in
/// reading order.
pub(super) struct Feed<'a> {
    /// The feed's title.
    pub title: String,
    /// The site path of the feed itself (`/docs/atom.xml`).
    pub path: String,
    /// The site path of the page it follows (`/docs/`).
    pub page: &'a str,
    /// Pages it may hold, in reading order; [`entries`] chooses.
    pub pages: Vec<NodeId>,
}

/// Every page in reading order, hidden ones after: the site feed's candidates.
pub(super) fn site_pages(graph: &Graph) -> Vec<NodeId> {
    let mut order = graph.reading_order.clone();
    order.extend(NodeId::all(graph.nodes.len()).filter(|&id| graph.nodes[id].order == usize::MAX));
    order
}

/// The pages of `order` below section `section`.
pub(super) fn pages_below(graph: &Graph, order: &[NodeId], section: NodeId) -> Vec<NodeId> {
    let below = |mut id: NodeId| {
        while let Some(parent) = graph.nodes[id].parent {
            if parent == section {
                return true;
            }
            id = parent;
        }
        false
    };
    order.iter().copied().filter(|&id| below(id)).collect()
}

/// The date an entry is sorted and stamped by.
fn date_of(graph: &Graph, id: NodeId) -> Option<crate::content::date::Date> {
    let front = &graph.nodes[id].doc.as_ref()?.front;
    front.updated.or(front.date)
}

/// The pages a feed shows: pages listed site-wide, not drafts, not `noindex`, newest first
/// (undated ones after, in reading order), at most `config.feeds.limit` (0: all).
fn entries(graph: &Graph, config: &Config, pages: &[NodeId]) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = pages
        .iter()
        .copied()
        .filter(|&id| {
            let node = &graph.nodes[id];
            node.kind == crate::content::Kind::Page
                && node.listed_site_wide()
                && node.doc.as_ref().is_some_and(|d| !d.front.draft)
                && !PageMeta::of_node(graph, id).noindex
        })
        .collect();
    // Stable: pages of the same date stay in reading order.
    out.sort_by_key(|&id| std::cmp::Reverse(date_of(graph, id)));
    if config.feeds.limit > 0 {
        out.truncate(config.feeds.limit);
    }
    out
}

/// The template that writes every feed.
pub(super) const TEMPLATE: &str = "atom.xml";

/// What `atom.xml` gets as `feed`: the feed's own values and its entries.
pub(super) fn value<'g>(graph: &'g Graph, config: &'g Config, feed: &Feed<'_>) -> FeedValue<'g> {
    let pages = entries(graph, config, &feed.pages);
    let updated = pages
        .iter()
        .filter_map(|&p| date_of(graph, p))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00+00:00".to_string(), |d| d.rfc3339());
    // Atom wants an author on the feed or on every entry; the site's title stands in.
    let authors = if config.book.authors.is_empty() {
        vec![config.book.title.as_str()]
    } else {
        config.book.authors.iter().map(String::as_str).collect()
    };
    FeedValue {
        title: feed.title.clone(),
        subtitle: config.book.description.as_deref(),
        language: &config.book.language,
        permalink: config.base_url.permalink(&feed.path),
        page_permalink: config.base_url.permalink(feed.page),
        entries: pages
            .iter()
            .map(|&id| entry(graph, config, id, &updated))
            .collect(),
        updated,
        authors,
    }
}

/// Renders `feed` with the theme's `atom.xml` and writes it at `output`.
pub(super) fn write(
    engine: &Engine,
    staging: &dyn Sink,
    output: &str,
    feed: &FeedValue<'_>,
) -> Result<(), Failure> {
    super::write_value(engine, staging, (TEMPLATE, "feed"), feed, output)
}

fn entry<'g>(graph: &'g Graph, config: &Config, id: NodeId, newest: &str) -> FeedEntry<'g> {
    let node = &graph.nodes[id];
    let summary = super::values::summary_text(graph, id);
    FeedEntry {
        title: &node.title,
        permalink: config.base_url.permalink(&node.url),
        updated: date_of(graph, id).map_or_else(|| newest.to_string(), |d| d.rfc3339()),
        published: node
            .doc
            .as_ref()
            .and_then(|d| d.front.date)
            .map(|date| date.rfc3339()),
        summary: super::values::meta_description(graph, id, summary.as_deref()),
    }
}
