//! Cross-references: every link in every body and every relation in front matter, resolved
//! against the whole site — by id (`[[OPS01-BP02]]`), content path (`@/ops/x.md`, `../x.md`),
//! URL (`/ops/x/`, the old site's absolute URLs) and anchor — with a diagnostic and a
//! suggestion for each that resolves to nothing. The result is the link [`Edge`]s (for
//! backlinks and graph.json) and, per page, how each link is written.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::{LinkRef, Resolution, Target, percent_decode};
use crate::text::did_you_mean;

use super::{Graph, NodeId};

/// What a link between two pages is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// A link in the body.
    Link,
    /// A relation declared in front matter: the index into `config.relations`.
    Relation(usize),
}

/// A link from one page to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    /// The page that links.
    pub source: NodeId,
    /// The page linked to.
    pub target: NodeId,
    /// How.
    pub kind: EdgeKind,
}

/// Where an output path comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Node(NodeId),
    Alias(NodeId),
    File,
}

/// What a link resolved to.
struct Hit {
    href: String,
    node: Option<NodeId>,
}

/// Why a link resolved to nothing: what was looked for, and a suggestion.
struct Miss {
    what: String,
    suggestion: Option<String>,
    anchor: bool,
}

/// Where a text's links are written: a page's body or description, or a term's own text.
pub(super) struct Origin<'a> {
    /// The page, when the text belongs to one (for backlinks).
    pub node: Option<NodeId>,
    /// The document the text comes from (source path, folder, anchors, title).
    pub doc: &'a Document,
    /// The URL the text is published at.
    pub url: &'a str,
}

/// Indexes over the whole site, built once.
pub(super) struct Resolver<'g> {
    graph: &'g Graph,
    base_path: &'g str,
    by_id: HashMap<String, NodeId>,
    by_source: HashMap<&'g str, NodeId>,
    assets: HashMap<&'g str, &'g str>,
    outputs: HashMap<&'g str, Output>,
    /// The same for the folders of `…/index.html` outputs (`a/b` for `a/b/index.html`), so
    /// a URL written without `index.html` is found without building that name.
    folders: HashMap<&'g str, Output>,
    /// Texts of taxonomies and terms (`tags/_index.md`) → the URL they are published at.
    term_texts: HashMap<&'g str, &'g str>,
    /// Whether any output (or folder of one) is named `….md`. Most sites publish none, and
    /// then a `.md` path is never looked up among the outputs: most links are relative `.md`
    /// links, each otherwise probed there twice, in maps that outgrow the caches at 100k pages.
    md_outputs: bool,
}

impl<'g> Resolver<'g> {
    /// Indexes ids, source paths and output paths. Duplicate ids are reported.
    pub(super) fn new(
        graph: &'g Graph,
        config: &'g Config,
        extra_outputs: &'g BTreeSet<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Resolver<'g> {
        // Sized up front: on a large site these maps hold hundreds of thousands of entries.
        let nodes = graph.nodes.len();
        let mut by_id: HashMap<String, NodeId> =
            HashMap::with_capacity_and_hasher(nodes, Default::default());
        let mut by_source: HashMap<&'g str, NodeId> =
            HashMap::with_capacity_and_hasher(nodes * 5 / 4, Default::default());
        for (id, node) in graph.nodes.iter().enumerate() {
            let Some(doc) = &node.doc else {
                by_source.insert(&node.key, id);
                continue;
            };
            by_source.insert(&doc.rel_path, id);
            if doc.bundle || doc.kind == crate::content::Kind::Section {
                by_source.insert(&doc.dir, id);
            }
            if let Some(page_id) = &doc.id {
                match by_id.entry(page_id.to_lowercase()) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        let first = &graph.nodes[*first.get()];
                        let first_source =
                            first.doc.as_ref().map(|d| d.source.display().to_string());
                        let d = Diagnostic::error(
                            "duplicate-id",
                            format!(
                                "id `{page_id}` is also used by {}",
                                first_source.unwrap_or_default()
                            ),
                        )
                        .help(
                            "ids are compared ignoring case and must be unique; change one of them",
                        );
                        diagnostics.push(id_location(doc, config, d));
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(id);
                    }
                }
            }
        }
        by_source.insert("", super::ROOT);
        let written = extra_outputs.len() + graph.assets.len() + graph.aliases.len() + nodes;
        let mut outputs = HashMap::with_capacity_and_hasher(written, Default::default());
        let mut folders = HashMap::with_capacity_and_hasher(written, Default::default());
        let mut md_outputs = false;
        // Later kinds win a shared name: pages over aliases over files.
        let mut add = |name: &'g str, output: Output| {
            outputs.insert(name, output);
            md_outputs |= is_md(name);
            if let Some(folder) = name.strip_suffix("/index.html") {
                folders.insert(folder, output);
                md_outputs |= is_md(folder);
            }
        };
        for name in extra_outputs {
            add(name, Output::File);
        }
        for asset in &graph.assets {
            add(&asset.output, Output::File);
        }
        for alias in &graph.aliases {
            add(&alias.output, Output::Alias(alias.target));
        }
        for (id, node) in graph.nodes.iter().enumerate() {
            add(&node.output, Output::Node(id));
        }
        let assets = graph
            .assets
            .iter()
            .filter_map(|a| Some((a.content_path.as_deref()?, a.output.as_str())))
            .collect();
        let mut term_texts = HashMap::default();
        for taxonomy in &graph.taxonomies {
            if let Some(doc) = &taxonomy.doc {
                term_texts.insert(doc.rel_path.as_str(), taxonomy.url.as_str());
                term_texts.insert(doc.dir.as_str(), taxonomy.url.as_str());
            }
            for term in &taxonomy.terms {
                if let Some(doc) = &term.doc {
                    term_texts.insert(doc.rel_path.as_str(), term.url.as_str());
                    term_texts.insert(doc.dir.as_str(), term.url.as_str());
                }
            }
        }
        Resolver {
            graph,
            base_path: &config.base_url.path,
            by_id,
            by_source,
            assets,
            outputs,
            folders,
            term_texts,
            md_outputs,
        }
    }

    /// Resolves a link target written in `from`.
    fn resolve(&self, from: &Origin<'_>, target: &Target) -> Result<Hit, Miss> {
        let hit = match target {
            Target::External => unreachable!("external links are not resolved"),
            Target::SamePage { anchor } => {
                return anchor_in(&from.doc.title, &from.doc.body.anchors, anchor).map(|()| Hit {
                    href: format!("#{anchor}"),
                    node: None,
                });
            }
            Target::Id { id, .. } => match self.by_id.get(&id.to_lowercase()) {
                Some(&node) => self.node_hit(node),
                None => {
                    return Err(Miss {
                        what: format!("no page has the id `{id}`"),
                        suggestion: did_you_mean(
                            id,
                            self.by_id
                                .values()
                                .filter_map(|&n| self.graph.nodes[n].id()),
                        )
                        .map(|s| format!("did you mean `[[{s}]]`?")),
                        anchor: false,
                    });
                }
            },
            Target::Content { path, .. } => {
                // `@/tags/value-delivery` and Hugo's `ref "/tags/…"` may name generated pages.
                let found = self
                    .lookup_content(path)
                    .or_else(|| normalize(path).and_then(|p| self.lookup_url(&p)));
                match found {
                    Some(hit) => hit,
                    None => return Err(self.content_miss(path, None)),
                }
            }
            Target::Relative { path, .. } => {
                let dir = from.doc.dir.as_str();
                let joined = normalize_join(dir, path);
                let from_file = joined.as_deref().and_then(|p| self.lookup_content(p));
                let page_dir = from.url.get(self.base_path.len()..).unwrap_or("");
                // Page URLs end in `/`, so the path follows the folder as with a separator.
                // (Joining keeps the last segment, so a `.md` path stays one.) A page whose
                // `url:` names a file (`a/b.html`) links from the folder that file is in.
                let from_url = if self.never_published(path) {
                    None
                } else if page_dir.is_empty() || page_dir.ends_with('/') {
                    normalize_join(page_dir, path)
                } else {
                    normalize_join(&page_dir[..page_dir.rfind('/').map_or(0, |i| i + 1)], path)
                };
                let from_url = from_url.and_then(|p| self.lookup_url(&p));
                // A path that works in the browser as written stays as written.
                let as_written = |hit: Hit| Hit {
                    href: path.clone(),
                    node: hit.node,
                };
                match (from_file, from_url) {
                    (Some(file), Some(url)) if file.href == url.href => as_written(file),
                    (Some(file), _) => file,
                    (None, Some(url)) => as_written(url),
                    (None, None) => {
                        return Err(self.content_miss(joined.as_deref().unwrap_or(path), Some(dir)));
                    }
                }
            }
            Target::Site { path, .. } | Target::Url { path, .. } => {
                let Some(rest) = path
                    .strip_prefix(self.base_path)
                    .or_else(|| (format!("{path}/") == self.base_path).then_some(""))
                else {
                    return Err(Miss {
                        what: format!(
                            "`{path}` is outside this site (its base path is `{}`)",
                            self.base_path
                        ),
                        suggestion: None,
                        anchor: false,
                    });
                };
                let rest = percent_decode(rest);
                match normalize(&rest).and_then(|p| self.lookup_url(&p)) {
                    Some(hit) => hit,
                    None => {
                        let urls = self.graph.nodes.iter().map(|n| n.url.as_str());
                        return Err(Miss {
                            what: format!("nothing on this site is published at `{path}`"),
                            suggestion: did_you_mean(path, urls)
                                .map(|s| format!("did you mean `{s}`?")),
                            anchor: false,
                        });
                    }
                }
            }
        };
        // A page with `build.render: never` (or headless) has no URL to link to.
        if let Some(node) = hit.node
            && self.graph.nodes[node].build().render == crate::content::front_matter::Render::Never
        {
            let what = match &self.graph.nodes[node].doc {
                Some(doc) if doc.front.headless => "is headless",
                _ => "has `build.render: never`",
            };
            return Err(Miss {
                what: format!(
                    "`{}` {what}, so it is not published",
                    self.graph.nodes[node].title
                ),
                suggestion: None,
                anchor: false,
            });
        }
        match (target.anchor(), hit.node) {
            (Some(anchor), Some(node)) => {
                self.check_anchor(node, anchor)?;
                Ok(Hit {
                    href: format!("{}#{anchor}", hit.href),
                    node: hit.node,
                })
            }
            (Some(anchor), None) => Ok(Hit {
                href: format!("{}#{anchor}", hit.href),
                node: None,
            }),
            (None, _) => Ok(hit),
        }
    }

    fn node_hit(&self, node: NodeId) -> Hit {
        Hit {
            href: self.graph.nodes[node].url.clone(),
            node: Some(node),
        }
    }

    /// A path inside the content folder: a markdown file, a folder (section or bundle), the
    /// same without `.md`, or an asset.
    fn lookup_content(&self, path: &str) -> Option<Hit> {
        let trimmed = path.trim_end_matches('/');
        // Probed in order: most links name the file and hit on the first probe, which needs
        // no new string; the others are built one at a time in one buffer.
        let found = self.by_source.get(trimmed).or_else(|| {
            let mut candidate = String::with_capacity(trimmed.len() + 10);
            [".md", "/_index.md", "/index.md"]
                .iter()
                .find_map(|suffix| {
                    candidate.clear();
                    candidate.push_str(trimmed);
                    candidate.push_str(suffix);
                    self.by_source.get(candidate.as_str())
                })
        });
        if let Some(&node) = found {
            return Some(self.node_hit(node));
        }
        if let Some(url) = self.term_texts.get(trimmed) {
            return Some(Hit {
                href: url.to_string(),
                node: None,
            });
        }
        let output = self.assets.get(trimmed)?;
        Some(Hit {
            href: format!("{}{output}", self.base_path),
            node: None,
        })
    }

    /// A path inside the output folder: a page or section (with or without the trailing `/`
    /// or `index.html`), an alias, or any other file written.
    fn lookup_url(&self, path: &str) -> Option<Hit> {
        if self.never_published(path) {
            return None;
        }
        let trimmed = path.trim_end_matches('/');
        // What is there, and for a file, its URL after the base path: as written, less an
        // `index.html`, or as a folder.
        let (output, file_url, folder) = if trimmed.is_empty() {
            (*self.outputs.get("index.html")?, "", false)
        } else if let Some(&output) = self.outputs.get(trimmed) {
            let url = trimmed.strip_suffix("index.html").unwrap_or(trimmed);
            (output, url, false)
        } else {
            (*self.folders.get(trimmed)?, trimmed, true)
        };
        Some(match output {
            Output::Node(node) | Output::Alias(node) => self.node_hit(node),
            Output::File => Hit {
                href: format!(
                    "{}{file_url}{}",
                    self.base_path,
                    if folder { "/" } else { "" }
                ),
                node: None,
            },
        })
    }

    /// Whether `path` certainly names no output: a `.md` path on a site that publishes none.
    fn never_published(&self, path: &str) -> bool {
        !self.md_outputs && is_md(path.trim_end_matches('/'))
    }

    fn content_miss(&self, path: &str, from_dir: Option<&str>) -> Miss {
        let candidates = self
            .by_source
            .keys()
            .filter(|k| k.ends_with(".md"))
            .copied()
            .chain(self.assets.keys().copied());
        let suggestion = did_you_mean(path, candidates).map(|best| match from_dir {
            Some(dir) => format!("did you mean `{}`?", relative_path(dir, best)),
            None => format!("did you mean `@/{best}`?"),
        });
        Miss {
            what: format!("no page or file at `{path}` in the content folder"),
            suggestion,
            anchor: false,
        }
    }

    fn check_anchor(&self, node: NodeId, anchor: &str) -> Result<(), Miss> {
        let title = &self.graph.nodes[node].title;
        match &self.graph.nodes[node].doc {
            Some(doc) => anchor_in(title, &doc.body.anchors, anchor),
            None => Err(Miss {
                what: format!("`{title}` has no text, so no `#{anchor}`"),
                suggestion: None,
                anchor: true,
            }),
        }
    }
}

/// Checks that `anchor` is one of a text's ids.
fn anchor_in(title: &str, anchors: &[String], anchor: &str) -> Result<(), Miss> {
    if anchors.binary_search_by(|a| a.as_str().cmp(anchor)).is_ok() {
        return Ok(());
    }
    Err(Miss {
        what: format!("`{title}` has no heading or anchor `#{anchor}`"),
        suggestion: did_you_mean(anchor, anchors.iter().map(String::as_str))
            .map(|s| format!("did you mean `#{s}`?")),
        anchor: true,
    })
}

/// Every link and relation of the site, resolved.
pub(super) struct Resolved {
    /// For each node, one resolution per link of its body, then of its description.
    pub links: Vec<Vec<Resolution>>,
    /// For each node, its relations: (relation index, targets).
    pub relations: Vec<Vec<(usize, Vec<NodeId>)>>,
    /// Every link between two pages, sorted, without repeats.
    pub edges: Vec<Edge>,
}

/// How problems with links are reported.
#[derive(Clone, Copy)]
pub(super) struct Levels {
    broken: Option<crate::diagnostics::Severity>,
    unresolved: Option<crate::diagnostics::Severity>,
}

impl Levels {
    pub(super) fn new(config: &Config) -> Levels {
        Levels {
            broken: config.links.broken.severity(),
            unresolved: config.links.unresolved.severity(),
        }
    }
}

/// Resolves the links of one text (one resolution per link), reporting those that resolve
/// to nothing and recording links between pages in `edges`.
pub(super) fn resolve_text(
    resolver: &Resolver<'_>,
    from: &Origin<'_>,
    links: &[LinkRef],
    levels: Levels,
    diagnostics: &mut Vec<Diagnostic>,
    edges: &mut BTreeSet<Edge>,
) -> Vec<Resolution> {
    let graph = resolver.graph;
    let mut resolved = Vec::with_capacity(links.len());
    for link in links {
        if link.target == Target::External {
            resolved.push(Resolution::Found {
                href: link.raw.clone(),
                title: None,
            });
            continue;
        }
        match resolver.resolve(from, &link.target) {
            Ok(hit) => {
                if let (Some(source), Some(target)) = (from.node, hit.node)
                    && source != target
                {
                    edges.insert(Edge {
                        source,
                        target,
                        kind: EdgeKind::Link,
                    });
                }
                // Only a link whose text comes from its target shows the title.
                let title = hit
                    .node
                    .filter(|_| link.text_from_target)
                    .map(|t| graph.nodes[t].title.clone());
                resolved.push(Resolution::Found {
                    href: hit.href,
                    title,
                });
            }
            Err(miss) => {
                resolved.push(Resolution::Broken);
                let level = if link.target.is_plain_path() && !miss.anchor {
                    levels.unresolved
                } else {
                    levels.broken
                };
                let Some(severity) = level else {
                    continue;
                };
                let what = if link.image { "image" } else { "link" };
                let text = if link.text.is_empty() {
                    String::new()
                } else {
                    format!(" “{}”", link.text)
                };
                let code = if miss.anchor {
                    "broken-anchor"
                } else {
                    "broken-link"
                };
                let d = Diagnostic::new(
                    severity,
                    code,
                    format!("broken {what}{text} to `{}`: {}", link.raw, miss.what),
                )
                .at_location(&from.doc.source, &link.location);
                diagnostics.push(match miss.suggestion {
                    Some(help) => d.help(help),
                    None => d,
                });
            }
        }
    }
    resolved
}

/// Resolves the links of a document's body, then of its description.
fn resolve_texts(
    resolver: &Resolver<'_>,
    from: &Origin<'_>,
    levels: Levels,
    found: &mut Vec<Diagnostic>,
    edges: &mut BTreeSet<Edge>,
) -> Vec<Resolution> {
    let doc = from.doc;
    let mut resolved = resolve_text(resolver, from, &doc.body.links, levels, found, edges);
    if let Some(description) = &doc.description {
        let more = resolve_text(resolver, from, &description.links, levels, found, edges);
        resolved.extend(more);
    }
    resolved
}

/// Resolves again the body and description links of the nodes `ids`, as [`resolve_all`]
/// did (what was found broken then is found broken again, and not reported twice).
pub(super) fn resolve_again(
    resolver: &Resolver<'_>,
    config: &Config,
    ids: &[NodeId],
) -> Vec<Vec<Resolution>> {
    let graph = resolver.graph;
    let levels = Levels::new(config);
    ids.iter()
        .map(|&id| {
            let node = &graph.nodes[id];
            let Some(doc) = &node.doc else {
                return Vec::new();
            };
            let from = Origin {
                node: Some(id),
                doc,
                url: &node.url,
            };
            resolve_texts(
                resolver,
                &from,
                levels,
                &mut Vec::new(),
                &mut BTreeSet::new(),
            )
        })
        .collect()
}

/// Resolves every link and relation of every page, reporting what does not resolve. Pages
/// are resolved in parallel; the results keep page order, so output stays deterministic.
pub(super) fn resolve_all(
    resolver: &Resolver<'_>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Resolved {
    let graph = resolver.graph;
    let levels = Levels::new(config);
    type PerNode = (
        Vec<Resolution>,
        Vec<(usize, Vec<NodeId>)>,
        Vec<Edge>,
        Vec<Diagnostic>,
    );
    let per_node: Vec<PerNode> = graph
        .nodes
        .par_iter()
        .with_max_len(crate::PAR_RUN)
        .enumerate()
        .map(|(id, node)| {
            let Some(doc) = &node.doc else {
                return Default::default();
            };
            let from = Origin {
                node: Some(id),
                doc,
                url: &node.url,
            };
            let mut found = Vec::new();
            let mut edges = BTreeSet::new();
            let resolved = resolve_texts(resolver, &from, levels, &mut found, &mut edges);
            let relations =
                resolve_relations(resolver, &from, config, levels, &mut found, &mut edges);
            (resolved, relations, edges.into_iter().collect(), found)
        })
        .collect();
    let mut links = Vec::with_capacity(per_node.len());
    let mut relations = Vec::with_capacity(per_node.len());
    // Sized up front: at 100k pages the edges are ~10 MB, and growing the vector by doubling
    // on this one thread copied them into fresh memory again and again.
    let mut edges = Vec::with_capacity(per_node.iter().map(|(_, _, e, _)| e.len()).sum());
    for (node_links, node_relations, node_edges, mut found) in per_node {
        links.push(node_links);
        relations.push(node_relations);
        edges.extend(node_edges);
        diagnostics.append(&mut found);
    }
    // Each node's edges are sorted and start with that node as source, in node order: the
    // concatenation is already in `Edge` order, as the old single `BTreeSet` produced.
    debug_assert!(edges.is_sorted());
    Resolved {
        links,
        relations,
        edges,
    }
}

fn resolve_relations(
    resolver: &Resolver<'_>,
    from: &Origin<'_>,
    config: &Config,
    levels: Levels,
    diagnostics: &mut Vec<Diagnostic>,
    edges: &mut BTreeSet<Edge>,
) -> Vec<(usize, Vec<NodeId>)> {
    let doc = from.doc;
    let source = from.node.expect("relations belong to pages");
    let mut out = Vec::new();
    for (name, items) in &doc.front.relations {
        let Some(index) = config.relations.iter().position(|r| &r.name == name) else {
            continue;
        };
        let mut targets = Vec::new();
        for item in items {
            let target = relation_target(&item.target);
            let problem = match resolver.resolve(from, &target) {
                Ok(Hit {
                    node: Some(node), ..
                }) => {
                    if node != source && !targets.contains(&node) {
                        targets.push(node);
                        edges.insert(Edge {
                            source,
                            target: node,
                            kind: EdgeKind::Relation(index),
                        });
                    }
                    None
                }
                Ok(Hit { node: None, .. }) => Some((
                    format!("`{name}` target `{}` is a file, not a page", item.target),
                    Some("relations link pages: write a page's id or its .md path".to_string()),
                )),
                Err(miss) => Some((
                    format!("`{name}` target `{}`: {}", item.target, miss.what),
                    miss.suggestion
                        .map(|h| h.replace("[[", "").replace("]]", "")),
                )),
            };
            if let (Some((message, help)), Some(severity)) = (problem, levels.broken) {
                let d = Diagnostic::new(severity, "broken-relation", message)
                    .at_location(&doc.source, &item.location);
                diagnostics.push(match help {
                    Some(help) => d.help(help),
                    None => d,
                });
            }
        }
        out.push((index, targets));
    }
    out
}

/// Resolves the links of the taxonomies' and terms' own texts (`content/tags/_index.md`,
/// `content/tags/<term>/_index.md`): one list per text, body links then description links.
pub(super) fn resolve_term_texts(
    resolver: &Resolver<'_>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Vec<Resolution>, Vec<Vec<Resolution>>)> {
    let levels = Levels::new(config);
    let mut edges = BTreeSet::new();
    let mut text = |doc: Option<&Document>, url: &str| -> Vec<Resolution> {
        let Some(doc) = doc else { return Vec::new() };
        let from = Origin {
            node: None,
            doc,
            url,
        };
        let mut out = resolve_text(
            resolver,
            &from,
            &doc.body.links,
            levels,
            diagnostics,
            &mut edges,
        );
        if let Some(description) = &doc.description {
            out.extend(resolve_text(
                resolver,
                &from,
                &description.links,
                levels,
                diagnostics,
                &mut edges,
            ));
        }
        out
    };
    resolver
        .graph
        .taxonomies
        .iter()
        .map(|taxonomy| {
            let own = text(taxonomy.doc.as_deref(), &taxonomy.url);
            let terms = taxonomy
                .terms
                .iter()
                .map(|term| text(term.doc.as_deref(), &term.url))
                .collect();
            (own, terms)
        })
        .collect()
}

/// A relation target: `@/path.md`, a relative `.md` path, or an id.
fn relation_target(written: &str) -> Target {
    let written = written.trim();
    if let Some(path) = written.strip_prefix("@/") {
        return Target::Content {
            path: path.to_string(),
            anchor: None,
        };
    }
    if written.ends_with(".md") || written.contains('/') {
        return Target::Relative {
            path: written.to_string(),
            anchor: None,
        };
    }
    Target::Id {
        id: written.to_string(),
        anchor: None,
    }
}

/// Points a diagnostic at where a page's id is written.
fn id_location(doc: &crate::content::Document, config: &Config, d: Diagnostic) -> Diagnostic {
    let key = std::iter::once("id")
        .chain(config.links.id_keys.iter().map(String::as_str))
        .find(|k| doc.front.line_of(k).is_some());
    match key {
        Some(key) => doc.at_key(d, key),
        None => doc.at_front_matter(d),
    }
}

fn is_md(name: &str) -> bool {
    name.ends_with(".md")
}

/// Resolves `.` and `..` in a `/`-separated path; `None` when it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    normalize_join("", path)
}

/// [`normalize`] of `folder/path`, without building that string first.
fn normalize_join(folder: &str, path: &str) -> Option<String> {
    // Built in place, segment by segment. Both parts are short (a folder, a link), so they
    // are scanned a byte at a time: memchr's vectorised search, called once per segment,
    // cost more than it saved here (a fifth of link resolution's samples at 100k pages).
    let mut out = String::with_capacity(folder.len() + path.len() + 1);
    for part in [folder, path] {
        let bytes = part.as_bytes();
        let mut start = 0;
        while start <= bytes.len() {
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'/')
                .map_or(bytes.len(), |i| start + i);
            match &part[start..end] {
                "" | "." => {}
                ".." => {
                    if out.is_empty() {
                        return None;
                    }
                    let cut = out.bytes().rposition(|b| b == b'/').unwrap_or(0);
                    out.truncate(cut);
                }
                segment => {
                    if !out.is_empty() {
                        out.push('/');
                    }
                    out.push_str(segment);
                }
            }
            start = end + 1;
        }
    }
    // `folder/path` ends in a slash when `path` does or is empty.
    if (path.is_empty() || path.ends_with('/')) && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The path from folder `from` to `to` (both inside the content folder): `../b/x.md`.
fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize("a/b/../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("./a//b/").as_deref(), Some("a/b/"));
        assert_eq!(normalize("a/../../x"), None);
        assert_eq!(
            normalize("a/b/c/../../d/./e.md").as_deref(),
            Some("a/d/e.md")
        );
        assert_eq!(normalize("a/..").as_deref(), Some(""));
        assert_eq!(normalize("a/../").as_deref(), Some(""));
        assert_eq!(normalize("..").as_deref(), None);
        assert_eq!(normalize("").as_deref(), Some(""));
        assert_eq!(normalize("/x/y/").as_deref(), Some("x/y/"));
        assert_eq!(normalize("été/../ü/ß.md").as_deref(), Some("ü/ß.md"));
    }

    #[test]
    fn joined_paths_normalize_as_the_joined_string() {
        let parts = [
            "",
            ".",
            "..",
            "a",
            "a/",
            "/a",
            "a/b",
            "a/b/",
            "a/../..",
            "../x.md",
            "./y/",
            "b/../c/d.md",
            "x//y",
            "é/ü",
        ];
        for folder in parts {
            for path in parts {
                let joined = format!("{folder}/{path}");
                assert_eq!(
                    normalize_join(folder, path),
                    normalize(&joined),
                    "{folder:?} + {path:?}"
                );
                // A page's folder ends in `/`: joining is then the same as concatenating.
                if folder.is_empty() || folder.ends_with('/') {
                    let concatenated = format!("{folder}{path}");
                    assert_eq!(normalize_join(folder, path), normalize(&concatenated));
                }
            }
        }
    }

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(
            relative_path("ops/ops01", "ops/ops02/x.md"),
            "../ops02/x.md"
        );
        assert_eq!(relative_path("ops", "ops/x.md"), "x.md");
        assert_eq!(relative_path("", "ops/x.md"), "ops/x.md");
    }

    #[test]
    fn relation_targets() {
        assert_eq!(
            relation_target("OPS01-BP02"),
            Target::Id {
                id: "OPS01-BP02".into(),
                anchor: None
            }
        );
        assert_eq!(
            relation_target("@/principles/focus.md"),
            Target::Content {
                path: "principles/focus.md".into(),
                anchor: None
            }
        );
        assert_eq!(
            relation_target("../x.md"),
            Target::Relative {
                path: "../x.md".into(),
                anchor: None
            }
        );
    }
}
