//! Atom feeds (RFC 4287), all written by one writer: the site's `/atom.xml` (its newest
//! pages), a section's `<section>/atom.xml` (front matter `feed: true`: the pages below it)
//! and a term's `<taxonomy>/<term>/atom.xml`. Entries are the newest pages by `updated`, else
//! `date`; a page without either takes the feed's newest date (the Unix epoch when no page
//! has one), so every feed is valid and the same from build to build. Drafts and `noindex`
//! pages are never in a feed.

use crate::config::Config;
use crate::graph::{Graph, NodeId};
use crate::text::escape_xml;

use super::meta::PageMeta;

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

/// The Atom document of `feed`.
pub(super) fn atom(graph: &Graph, config: &Config, feed: &Feed<'_>) -> String {
    let pages = entries(graph, config, &feed.pages);
    let newest = pages
        .iter()
        .filter_map(|&p| date_of(graph, p))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00+00:00".to_string(), |d| d.rfc3339());
    let self_url = config.base_url.permalink(&feed.path);
    let mut xml = String::with_capacity(1024 + 512 * pages.len());
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(&config.book.language)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", escape_xml(&feed.title)));
    if let Some(description) = &config.book.description {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_xml(description)
        ));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&self_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&config.base_url.permalink(feed.page))
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n  <updated>{newest}</updated>\n",
        escape_xml(&self_url)
    ));
    // Atom wants an author on the feed or on every entry; the site's title stands in.
    let title = [config.book.title.clone()];
    let authors = if config.book.authors.is_empty() {
        &title[..]
    } else {
        &config.book.authors[..]
    };
    for author in authors {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape_xml(author)
        ));
    }
    xml.push_str("  <generator>praxis</generator>\n");
    for &id in &pages {
        entry(graph, config, id, &newest, &mut xml);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(graph: &Graph, config: &Config, id: NodeId, newest: &str, xml: &mut String) {
    let node = &graph.nodes[id];
    let permalink = escape_xml(&config.base_url.permalink(&node.url));
    let updated = date_of(graph, id).map_or_else(|| newest.to_string(), |d| d.rfc3339());
    xml.push_str("  <entry>\n");
    xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&node.title)));
    xml.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{permalink}\"/>\n"
    ));
    xml.push_str(&format!(
        "    <id>{permalink}</id>\n    <updated>{updated}</updated>\n"
    ));
    if let Some(date) = node.doc.as_ref().and_then(|d| d.front.date) {
        xml.push_str(&format!("    <published>{}</published>\n", date.rfc3339()));
    }
    let summary = super::values::summary_text(graph, id);
    if let Some(text) = super::values::meta_description(graph, id, summary.as_deref()) {
        xml.push_str(&format!("    <summary>{}</summary>\n", escape_xml(&text)));
    }
    xml.push_str("  </entry>\n");
}
