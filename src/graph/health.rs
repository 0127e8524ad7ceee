//! Knowledge-base health, checked once the links are resolved: content contracts (schemas),
//! relations declared symmetric but given one way only, and hidden pages nothing links to.

use std::collections::HashSet;

use crate::config::Config;
use crate::content::Kind;
use crate::diagnostics::{Code, Diagnostic};

use super::{EdgeKind, Graph, NodeId, RelationId};

pub(super) fn check(graph: &Graph, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    schemas(graph, config, diagnostics);
    one_way_relations(graph, config, diagnostics);
    orphans(graph, diagnostics);
}

fn schemas(graph: &Graph, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    if config.schemas.is_empty() {
        return;
    }
    for node in &graph.nodes {
        let Some(doc) = node.doc.as_ref().filter(|d| d.kind == Kind::Page) else {
            continue;
        };
        for schema in config
            .schemas
            .iter()
            .filter(|s| s.applies_to(&doc.rel_path))
        {
            diagnostics.extend(schema.check(doc));
        }
    }
}

/// For relations declared `symmetric`, `A → B` without `B → A` is a warning on `A`.
fn one_way_relations(graph: &Graph, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    let symmetric: Vec<RelationId> = RelationId::all(config.relations.len())
        .filter(|&i| config.relations[i].symmetric)
        .collect();
    if symmetric.is_empty() {
        return;
    }
    let present: HashSet<(NodeId, NodeId, RelationId)> = graph
        .edges
        .iter()
        .filter_map(|e| match e.kind {
            EdgeKind::Relation(i) => Some((e.source, e.target, i)),
            EdgeKind::Link => None,
        })
        .collect();
    for &(source, target, kind) in &present {
        if !symmetric.contains(&kind) || present.contains(&(target, source, kind)) {
            continue;
        }
        let (Some(doc), Some(target_doc)) = (&graph.nodes[source].doc, &graph.nodes[target].doc)
        else {
            continue;
        };
        let name = &config.relations[kind].name;
        let source_name = doc
            .id
            .clone()
            .unwrap_or_else(|| format!("@/{}", doc.rel_path));
        let target_name = target_doc
            .id
            .clone()
            .unwrap_or_else(|| target_doc.title.clone());
        let d = Diagnostic::warning(
            Code::OneWayRelation,
            format!("`{name}` links to {target_name}, which does not link back"),
        )
        .help(format!(
            "`{name}` goes both ways: add `{source_name}` to `{name}` in {}",
            target_doc.source.display()
        ));
        diagnostics.push(doc.at_key(d, name));
    }
}

/// A hidden page (or one with `build.list: never`) is in no listing; if it is written and
/// nothing links to it and no menu holds it, readers cannot find it.
fn orphans(graph: &Graph, diagnostics: &mut Vec<Diagnostic>) {
    for (id, node) in NodeId::enumerate(&graph.nodes) {
        let Some(doc) = node
            .doc
            .as_ref()
            .filter(|_| !node.listed() && node.rendered())
        else {
            continue;
        };
        if graph.incoming[id].is_empty() && doc.front.menus.is_empty() {
            let (key, help) = if doc.front.hidden {
                (
                    "hidden",
                    "link to it from a related page, or remove `hidden: true`",
                )
            } else {
                (
                    "build",
                    "link to it from a related page, or remove `list: never`",
                )
            };
            let d = Diagnostic::warning(
                Code::Orphan,
                "orphan page: it is hidden from listings and no page links to it",
            )
            .help(help);
            diagnostics.push(doc.at_key(d, key));
        }
    }
}
