//! `graph.json`: every page and section (url, id, title, kind, section, taxonomy terms) and
//! every link between them (source and target urls, kind: `link` or the relation's name),
//! sorted, for tooling and visualisations. Serialized straight from borrowed data.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Config;
use crate::content::Kind;
use crate::graph::{EdgeKind, Graph};

#[derive(Serialize)]
struct Document<'g> {
    nodes: Vec<Node<'g>>,
    edges: Vec<Edge<'g>>,
}

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

/// The text of graph.json.
pub(super) fn render(graph: &Graph, config: &Config) -> String {
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
    let mut text = serde_json::to_string_pretty(&Document { nodes, edges }).unwrap_or_default();
    text.push('\n');
    text
}
