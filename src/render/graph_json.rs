//! `graph.json`: every page and section (url, id, title, kind, section, taxonomy terms) and
//! every link between them (source and target urls, kind: `link` or the relation's name),
//! sorted, for tooling and visualisations. Serialized straight from borrowed data.
//!
//! One node or edge per line, each line compact JSON: two thirds of the bytes of pretty-printed
//! JSON (8.2 MB instead of 12 at 10,000 pages), and still a file that a diff of two builds
//! shows node by node and edge by edge. The lines are serialized in parallel runs, a batch
//! of runs at a time, each written as soon as it is made.

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::config::Config;
use crate::content::Kind;
use crate::content::front_matter::FrontMatter;
use crate::content::front_matter::Render;
use crate::graph::{EdgeKind, Graph};
use crate::output::{OutputError, Sink};

#[derive(Serialize)]
struct Node<'g> {
    url: &'g str,
    id: Option<&'g str>,
    title: &'g str,
    kind: &'static str,
    section: Option<&'g str>,
    taxonomies: Terms<'g>,
}

/// A node's terms by taxonomy name, in name order, taxonomies without terms left out:
/// serialized from the page's front matter as the line is written, so that no map per node
/// is held while graph.json is made.
struct Terms<'g> {
    front: Option<&'g FrontMatter>,
    /// The site's taxonomy names, sorted.
    names: &'g [&'g str],
}

impl Serialize for Terms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(front) = self.front {
            for name in self.names {
                let terms = front.terms(name);
                if !terms.is_empty() {
                    map.serialize_entry(name, terms)?;
                }
            }
        }
        map.end()
    }
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Edge<'g> {
    source: &'g str,
    target: &'g str,
    kind: &'g str,
}

/// Writes graph.json into `sink`. Its text is made a batch of lines at a time (each batch
/// serialized in parallel runs) while the file is written, so the whole text — 8.2 MB at
/// 10,000 pages, and 26 MiB held while it was built in one piece — is never in memory.
pub(super) fn write(graph: &Graph, config: &Config, sink: &dyn Sink) -> Result<(), OutputError> {
    let mut names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    // Pages with no URL (`build.render: never`, headless) are not on the published site.
    let mut nodes: Vec<Node<'_>> = graph
        .nodes
        .iter()
        .filter(|node| node.build().render != Render::Never)
        .map(|node| {
            let taxonomies = Terms {
                front: node.doc.as_ref().map(|doc| &doc.front),
                names: &names,
            };
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
    nodes.sort_unstable_by(|a, b| a.url.cmp(b.url));
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
    // Equal edges are identical, so an unstable sort gives the same file (and needs no buffer).
    edges.sort_unstable();
    let mut parts = std::iter::once(b"{\"nodes\": [\n".to_vec())
        .chain(lines(&nodes))
        .chain(std::iter::once(b"],\n\"edges\": [\n".to_vec()))
        .chain(lines(&edges))
        .chain(std::iter::once(b"]}\n".to_vec()));
    sink.write_stream("graph.json", &mut parts)
}

/// Items serialized together, in parallel runs of [`RUN`]: enough work for every core
/// between two writes, little memory.
const BATCH: usize = 8 * 1024;
const RUN: usize = 512;

/// Each item as one line of compact JSON, lines separated by commas: one piece per run,
/// made a batch at a time as the pieces are asked for.
fn lines<T: Serialize + Sync>(items: &[T]) -> impl Iterator<Item = Vec<u8>> + '_ {
    lines_in(items, BATCH, RUN)
}

fn lines_in<T: Serialize + Sync>(
    items: &[T],
    batch_len: usize,
    run_len: usize,
) -> impl Iterator<Item = Vec<u8>> + '_ {
    let batches = items.len().div_ceil(batch_len);
    items
        .chunks(batch_len)
        .enumerate()
        .flat_map(move |(b, batch)| {
            let mut runs: Vec<Vec<u8>> = batch
                .par_chunks(run_len)
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
            if b + 1 == batches
                && let Some(last) = runs.last_mut()
            {
                last.truncate(last.len() - 2);
                last.push(b'\n');
            }
            runs
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(parts: impl Iterator<Item = Vec<u8>>) -> String {
        String::from_utf8(parts.flatten().collect()).expect("JSON is UTF-8")
    }

    #[test]
    fn lines_are_the_same_in_any_batches_and_runs() {
        let items: Vec<(u32, &str)> = (0..23).map(|i| (i, "x")).collect();
        let expected: String = (0..23)
            .map(|i| format!("[{i},\"x\"]{}\n", if i < 22 { "," } else { "" }))
            .collect();
        for (batch, run) in [
            (BATCH, RUN),
            (1, 1),
            (4, 2),
            (5, 3),
            (23, 23),
            (22, 7),
            (24, 1),
        ] {
            assert_eq!(
                joined(lines_in(&items, batch, run)),
                expected,
                "{batch}/{run}"
            );
        }
        assert_eq!(joined(lines_in::<u32>(&[], 4, 2)), "");
    }
}
