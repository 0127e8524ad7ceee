//! `graph.json`: every page and section (url, id, title, kind, section, taxonomy terms) and
//! every link between them (source and target urls, kind: `link` or the relation's name),
//! sorted, for tooling and visualisations. Serialized straight from borrowed data.
//!
//! One node or edge per line, each line compact JSON: two thirds of the bytes of pretty-printed
//! JSON (8.2 MB instead of 12 at 10,000 pages), and still a file that a diff of two builds
//! shows node by node and edge by edge. The lines are serialized in parallel runs, which are
//! written one after the other rather than joined into one string first.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::Kind;
use crate::graph::{EdgeKind, Graph};

#[derive(Serialize)]
struct Node<'g> {
    url: &'g str,
    id: Option<&'g str>,
    title: &'g str,
    kind: &'static str,
    section: Option<&'g str>,
    taxonomies: BTreeMap<&'g str, &'g [String]>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Edge<'g> {
    source: &'g str,
    target: &'g str,
    kind: &'g str,
}

/// The text of graph.json, in pieces to be written one after the other.
pub(super) fn render(graph: &Graph, config: &Config) -> Vec<Vec<u8>> {
    let mut nodes: Vec<Node<'_>> = graph
        .nodes
        .iter()
        .map(|node| {
            let mut taxonomies = BTreeMap::new();
            if let Some(doc) = &node.doc {
                for taxonomy in &config.taxonomies {
                    let terms = doc.front.terms(&taxonomy.name);
                    if !terms.is_empty() {
                        taxonomies.insert(taxonomy.name.as_str(), terms);
                    }
                }
            }
            Node {
                url: &node.url,
                id: node.id(),
                title: &node.title,
                kind: match (node.parent, node.kind) {
                    (None, _) => "home",
                    (Some(_), Kind::Page) => "page",
                    (Some(_), Kind::Section) => "section",
                },
                section: node.parent.map(|p| graph.nodes[p].url.as_str()),
                taxonomies,
            }
        })
        .collect();
    nodes.sort_by(|a, b| a.url.cmp(b.url));
    let mut edges: Vec<Edge<'_>> = graph
        .edges
        .iter()
        .map(|e| Edge {
            source: &graph.nodes[e.source].url,
            target: &graph.nodes[e.target].url,
            kind: match e.kind {
                EdgeKind::Link => "link",
                EdgeKind::Relation(i) => &config.relations[i].name,
            },
        })
        .collect();
    edges.sort();
    let mut parts = vec![b"{\"nodes\": [\n".to_vec()];
    parts.extend(lines(&nodes));
    parts.push(b"],\n\"edges\": [\n".to_vec());
    parts.extend(lines(&edges));
    parts.push(b"]}\n".to_vec());
    parts
}

/// Each item as one line of compact JSON, lines separated by commas, in runs.
fn lines<T: Serialize + Sync>(items: &[T]) -> Vec<Vec<u8>> {
    let mut runs: Vec<Vec<u8>> = items
        .par_chunks(512)
        .map(|run| {
            let mut bytes = Vec::with_capacity(run.len() * 256);
            for item in run {
                // Serializing borrowed strings and maps of them cannot fail.
                serde_json::to_writer(&mut bytes, item).expect("serializable");
                bytes.extend_from_slice(b",\n");
            }
            bytes
        })
        .collect();
    if let Some(last) = runs.last_mut() {
        last.truncate(last.len() - 2);
        last.push(b'\n');
    }
    runs
}
