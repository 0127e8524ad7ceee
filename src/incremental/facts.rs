//! What each page of the site shows, kept between builds to decide which pages a change can
//! alter. A page's bytes are a function of its render context; the context is made of the
//! node's own document, the cards (`refs`) of the nodes it shows, the site's structure around
//! it, the menus as it sees them and the site-wide taxonomy values. [`Facts`] records exactly those inputs, so two
//! builds whose facts for a node are equal render that node to the same bytes. Term pages
//! get the same treatment ([`TermFacts`]).
//!
//! Nodes are named across builds by a stable number ([`Uids`]) given to their key, because
//! node ids shift when pages are added or removed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use tera::Value;

use crate::content::{Document, Kind};
use crate::graph::{EdgeKind, Graph, NodeId, ROOT, TaxonomyId, TermId};
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
    /// (Relation kinds and term indexes sit among them: a number equal to a changed uid only
    /// makes a page render once more than needed.)
    pub shows: Vec<u32>,
    /// A digest of how its links resolved.
    pub links: u64,
    /// The site menus as its page shows them (one shared value on most pages).
    pub menus: Value,
}

/// One term page's inputs: its members, its own text and its landing page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TermFacts {
    members: Vec<u32>,
    doc: Option<usize>,
    links: u64,
    landing: Option<(u32, Option<usize>)>,
}

/// Every node's and term's facts, with the site-wide values every page sees.
#[derive(Debug)]
pub(crate) struct SiteFacts {
    /// By uid.
    pub nodes: Vec<Option<Facts>>,
    /// By taxonomy, then term.
    terms: Vec<Vec<TermFacts>>,
    /// Each taxonomy's own text, as a document address and a links digest.
    taxonomy_texts: Vec<(Option<usize>, u64)>,
    taxonomies: Value,
    /// The menus with nothing marked, as pages outside the section tree see them.
    menus: Value,
}

/// What a rebuild must render again.
#[derive(Debug, Default)]
pub(crate) struct Redo {
    /// Nodes whose pages may differ.
    pub nodes: Vec<NodeId>,
    /// Nodes whose card changed (their redirects show it).
    pub cards: Vec<NodeId>,
    /// The term pages that may differ; `None` for every taxonomy page.
    pub terms: Option<Vec<TermId>>,
}

impl SiteFacts {
    /// The facts of every node and term of `graph`. The documents are kept alive by the
    /// graph the facts are kept with, so their addresses stay theirs.
    pub(crate) fn of(graph: &Graph, shared: &Shared, uids: &[u32]) -> SiteFacts {
        let per_node: Vec<Facts> = NodeId::par_all(graph.nodes.len())
            .with_max_len(crate::PAR_RUN)
            .map(|id| Facts {
                card: shared.refs[id].clone(),
                doc: graph.nodes[id].doc.clone(),
                shows: shows(graph, id, uids),
                links: links_digest(&graph.links[id]),
                menus: shared.menus.of_node(id),
            })
            .collect();
        let mut nodes = vec![None; uids.iter().max().map_or(0, |m| *m as usize + 1)];
        for (id, facts) in per_node.into_iter().enumerate() {
            nodes[uids[id] as usize] = Some(facts);
        }
        let doc_of = |id: NodeId| graph.nodes[id].doc.as_ref().map(address);
        let terms = graph
            .taxonomies
            .iter()
            .map(|taxonomy| {
                taxonomy
                    .terms
                    .iter()
                    .map(|term| TermFacts {
                        members: term.pages.iter().map(|&p| uids[p.index()]).collect(),
                        doc: term.doc.as_ref().map(address),
                        links: links_digest(&term.links),
                        landing: term.landing.map(|l| (uids[l.index()], doc_of(l))),
                    })
                    .collect()
            })
            .collect();
        let taxonomy_texts = graph
            .taxonomies
            .iter()
            .map(|t| (t.doc.as_ref().map(address), links_digest(&t.links)))
            .collect();
        SiteFacts {
            nodes,
            terms,
            taxonomy_texts,
            taxonomies: shared.taxonomies.clone(),
            menus: shared.menus.plain.clone(),
        }
    }

    /// The facts of the node numbered `uid`.
    pub(crate) fn node(&self, uid: u32) -> Option<&Facts> {
        self.nodes.get(uid as usize).and_then(Option::as_ref)
    }

    /// What of the new build (`now`) may differ from the old build (`self`):
    /// every node when a site-wide value changed, else each node that is new, whose own
    /// inputs changed, or that shows a node whose card changed; and the term pages likewise.
    pub(crate) fn redo(&self, now: &SiteFacts, uids: &[u32]) -> Redo {
        let all = || Redo {
            nodes: NodeId::all(uids.len()).collect(),
            cards: NodeId::all(uids.len()).collect(),
            terms: None,
        };
        if self.taxonomies != now.taxonomies || self.terms.len() != now.terms.len() {
            return all();
        }
        let card_changed = |id: NodeId| {
            let new = now.node(uids[id.index()]).map(|f| &f.card);
            self.node(uids[id.index()]).map(|f| &f.card) != new
        };
        let cards: Vec<NodeId> = NodeId::all(uids.len())
            .filter(|&id| card_changed(id))
            .collect();
        let changed_cards: FxHashSet<u32> = cards.iter().map(|&id| uids[id.index()]).collect();
        let nodes: Vec<NodeId> = NodeId::par_all(uids.len())
            .filter(|&id| {
                let uid = uids[id.index()];
                let (Some(old), Some(new)) = (self.node(uid), now.node(uid)) else {
                    return true;
                };
                !same_doc(&old.doc, &new.doc)
                    || old.links != new.links
                    || old.shows != new.shows
                    || old.menus != new.menus
                    || new.shows.iter().any(|uid| changed_cards.contains(uid))
            })
            .collect();
        let top_changed = nodes.first() == Some(&ROOT) || self.menus != now.menus;
        let terms = (!top_changed && self.taxonomy_texts == now.taxonomy_texts)
            .then(|| self.changed_terms(now, &changed_cards));
        Redo {
            nodes,
            cards,
            terms,
        }
    }

    /// The terms whose pages may differ, given the nodes whose cards changed.
    fn changed_terms(&self, now: &SiteFacts, changed_cards: &FxHashSet<u32>) -> Vec<TermId> {
        let mut out = Vec::new();
        for (t, terms) in TaxonomyId::enumerate(&now.terms) {
            for (i, new) in terms.iter().enumerate() {
                let old = self.terms[t].get(i);
                let shows_changed = new.members.iter().any(|m| changed_cards.contains(m))
                    || new.landing.is_some_and(|(l, _)| changed_cards.contains(&l));
                if old != Some(new) || shows_changed {
                    out.push(TermId {
                        taxonomy: t,
                        term: i,
                    });
                }
            }
        }
        out
    }

    /// The nodes (of the build these facts describe, numbered by `uids`) whose pages show
    /// one of `changed`.
    pub(crate) fn showing(&self, changed: &FxHashSet<u32>, uids: &[u32]) -> Vec<NodeId> {
        NodeId::par_all(uids.len())
            .filter(|&id| {
                self.node(uids[id.index()])
                    .is_some_and(|f| f.shows.iter().any(|uid| changed.contains(uid)))
            })
            .collect()
    }

    /// The term pages that list one of `changed`, or have one as their landing page.
    pub(crate) fn listing(&self, changed: &FxHashSet<u32>) -> Vec<TermId> {
        let mut out = Vec::new();
        for (t, terms) in TaxonomyId::enumerate(&self.terms) {
            for (i, term) in terms.iter().enumerate() {
                let listed = term.members.iter().any(|m| changed.contains(m));
                if listed || term.landing.is_some_and(|(l, _)| changed.contains(&l)) {
                    out.push(TermId {
                        taxonomy: t,
                        term: i,
                    });
                }
            }
        }
        out
    }

    /// Records a node's new card, document and links after a patch.
    pub(crate) fn refresh(
        &mut self,
        uid: u32,
        card: &Value,
        doc: &Option<Arc<Document>>,
        links: &[Resolution],
    ) {
        if let Some(Some(facts)) = self.nodes.get_mut(uid as usize) {
            facts.card = card.clone();
            facts.doc = doc.clone();
            facts.links = links_digest(links);
        }
    }

    /// Records a term's landing page document after a patch.
    pub(crate) fn refresh_landing(&mut self, uid: u32, doc: &Arc<Document>) {
        for term in self.terms.iter_mut().flatten() {
            if let Some((l, landing_doc)) = &mut term.landing
                && *l == uid
            {
                *landing_doc = Some(address(doc));
            }
        }
    }
}

/// A document's address, to recognise the same parse again.
fn address(doc: &Arc<Document>) -> usize {
    Arc::as_ptr(doc) as usize
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
/// all their children and their subsections' subsections (folded), and its taxonomy terms.
fn shows(graph: &Graph, id: NodeId, uids: &[u32]) -> Vec<u32> {
    let node = &graph.nodes[id];
    let ancestors = graph.ancestors(id);
    let mut out = Vec::with_capacity(64);
    out.push(uids[id.index()]);
    out.extend(ancestors.iter().map(|&a| uids[a.index()]));
    out.push(GROUP);
    out.extend(graph.prev(id).map(|n| uids[n.index()]));
    out.push(GROUP + 1);
    out.extend(graph.next(id).map(|n| uids[n.index()]));
    for (kind, targets) in graph.relations.get(id.index()).into_iter().flatten() {
        out.extend([GROUP + 2, kind.index() as u32]);
        out.extend(targets.iter().map(|&t| uids[t.index()]));
    }
    for (kind, sources) in graph.backlinks(id) {
        let kind = match kind {
            EdgeKind::Relation(i) => i.index() as u32,
            EdgeKind::Link => u32::MAX,
        };
        out.extend([GROUP + 3, kind]);
        out.extend(sources.iter().map(|&s| uids[s.index()]));
    }
    let open = ancestors
        .iter()
        .copied()
        .chain((node.kind == Kind::Section).then_some(id));
    for section in open {
        out.push(GROUP + 4);
        let section = &graph.nodes[section];
        out.extend(section.pages.iter().map(|&c| uids[c.index()]));
        out.push(GROUP + 5);
        out.extend(section.sections.iter().map(|&c| uids[c.index()]));
        // Each section it lists shows its own subsections too, folded (opened or not: one
        // list too many is a page rendered again for nothing, never one left stale).
        out.push(GROUP + 8);
        for &child in &section.sections {
            out.extend(graph.nodes[child].sections.iter().map(|&c| uids[c.index()]));
        }
    }
    out.push(GROUP + 6);
    for term in &graph.node_terms[id] {
        out.extend([term.taxonomy.index() as u32, term.term as u32]);
    }
    out.push(GROUP + 7);
    for term in &graph.landings[id] {
        out.extend([term.taxonomy.index() as u32, term.term as u32]);
    }
    out
}

fn links_digest(links: &[Resolution]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for link in links {
        match link {
            Resolution::Found { href, title } => (1u8, href, title).hash(&mut hasher),
            Resolution::Broken => 0u8.hash(&mut hasher),
            Resolution::External => 2u8.hash(&mut hasher),
        }
    }
    hasher.finish()
}
