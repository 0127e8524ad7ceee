//! What each node's page shows of the site, kept between builds to decide which pages a
//! change can alter. A page's bytes are a function of its render context; the context is
//! made of the node's own document, the cards (`refs`) of the nodes it shows, the site's
//! structure around it and the site-wide taxonomy values. [`Facts`] records exactly those
//! inputs, so two builds whose facts for a node are equal render that node to the same bytes.
//!
//! Nodes are named across builds by a stable number ([`Uids`]) given to their key, because
//! node ids shift when pages are added or removed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::FxHashSet;
use tera::Value;

use crate::content::{Document, Kind};
use crate::graph::{EdgeKind, Graph, NodeId};
use crate::markdown::links::Resolution;
use crate::render::values::Shared;

/// Stable numbers for node keys, kept for the life of a serve session.
#[derive(Debug, Default)]
pub(crate) struct Uids {
    known: HashMap<(Kind, String), u32>,
}

impl Uids {
    /// Each node's number, by node id.
    pub(crate) fn of(&mut self, graph: &Graph) -> Vec<u32> {
        graph
            .nodes
            .iter()
            .map(|node| {
                let next = self.known.len() as u32;
                *self
                    .known
                    .entry((node.kind, node.key.clone()))
                    .or_insert(next)
            })
            .collect()
    }
}

/// Separators between the groups of [`Facts::shows`], above any uid a site can reach.
const GROUP: u32 = u32::MAX - 64;

/// One node's render inputs, as of one build.
#[derive(Debug, Clone)]
pub(crate) struct Facts {
    /// The node's card.
    pub card: Value,
    /// The node's document (the same allocation while its file is unchanged).
    pub doc: Option<Arc<Document>>,
    /// The uids of the nodes its page shows, in groups, with the structure that places them.
    pub shows: Vec<u32>,
    /// A digest of how its links resolved.
    pub links: u64,
}

/// Every node's facts, by uid, with the site-wide values every page sees.
#[derive(Debug)]
pub(crate) struct SiteFacts {
    pub nodes: HashMap<u32, Facts>,
    pub taxonomies: Value,
}

impl SiteFacts {
    /// The facts of every node of `graph`.
    pub(crate) fn of(graph: &Graph, shared: &Shared, uids: &[u32]) -> SiteFacts {
        use rayon::prelude::*;
        let nodes = (0..graph.nodes.len())
            .into_par_iter()
            .map(|id| {
                let facts = Facts {
                    card: shared.refs[id].clone(),
                    doc: graph.nodes[id].doc.clone(),
                    shows: shows(graph, id, uids),
                    links: links_digest(&graph.links[id]),
                };
                (uids[id], facts)
            })
            .collect();
        SiteFacts {
            nodes,
            taxonomies: shared.taxonomies.clone(),
        }
    }

    /// The nodes of the new build (`now`) whose pages may differ from the old build's
    /// (`self`): every node when a site-wide value changed, else each node that is new, whose
    /// own inputs changed, or that shows a node whose card changed.
    pub(crate) fn changed(&self, now: &SiteFacts, uids: &[u32]) -> Vec<NodeId> {
        if self.taxonomies != now.taxonomies {
            return (0..uids.len()).collect();
        }
        let changed_cards: FxHashSet<u32> = now
            .nodes
            .iter()
            .filter(|(uid, facts)| self.nodes.get(uid).is_none_or(|old| old.card != facts.card))
            .map(|(uid, _)| *uid)
            .collect();
        (0..uids.len())
            .filter(|&id| {
                let new = &now.nodes[&uids[id]];
                let Some(old) = self.nodes.get(&uids[id]) else {
                    return true;
                };
                !same_doc(&old.doc, &new.doc)
                    || old.links != new.links
                    || old.shows != new.shows
                    || new.shows.iter().any(|uid| changed_cards.contains(uid))
            })
            .collect()
    }
}

fn same_doc(a: &Option<Arc<Document>>, b: &Option<Arc<Document>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// The nodes node `id`'s page shows, grouped: itself and its ancestors (breadcrumbs, parent,
/// home), prev and next, relations, backlinks, children, the sidebar's open sections with
/// all their children, and its taxonomy terms.
fn shows(graph: &Graph, id: NodeId, uids: &[u32]) -> Vec<u32> {
    let node = &graph.nodes[id];
    let ancestors = graph.ancestors(id);
    let mut out = Vec::with_capacity(64);
    out.push(uids[id]);
    out.extend(ancestors.iter().map(|&a| uids[a]));
    out.push(GROUP);
    out.extend(graph.prev(id).map(|n| uids[n]));
    out.push(GROUP + 1);
    out.extend(graph.next(id).map(|n| uids[n]));
    for (kind, targets) in graph.relations.get(id).into_iter().flatten() {
        out.extend([GROUP + 2, *kind as u32]);
        out.extend(targets.iter().map(|&t| uids[t]));
    }
    for (kind, sources) in graph.backlinks(id) {
        let kind = match kind {
            EdgeKind::Relation(i) => i as u32,
            EdgeKind::Link => u32::MAX,
        };
        out.extend([GROUP + 3, kind]);
        out.extend(sources.iter().map(|&s| uids[s]));
    }
    let open = ancestors
        .iter()
        .copied()
        .chain((node.kind == Kind::Section).then_some(id));
    for section in open {
        out.push(GROUP + 4);
        let section = &graph.nodes[section];
        out.extend(section.pages.iter().map(|&c| uids[c]));
        out.push(GROUP + 5);
        out.extend(section.sections.iter().map(|&c| uids[c]));
    }
    out.push(GROUP + 6);
    for &(t, i) in &graph.node_terms[id] {
        out.extend([t as u32, i as u32]);
    }
    out.push(GROUP + 7);
    for &(t, i) in &graph.landings[id] {
        out.extend([t as u32, i as u32]);
    }
    out
}

fn links_digest(links: &[Resolution]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for link in links {
        match link {
            Resolution::Found { href, title } => (1u8, href, title).hash(&mut hasher),
            Resolution::Broken => 0u8.hash(&mut hasher),
        }
    }
    hasher.finish()
}
