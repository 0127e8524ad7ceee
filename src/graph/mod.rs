//! The whole-site model, built once from [`Content`]: the section tree, every page's URL and
//! output path, the reading order (sidebar, breadcrumbs, prev/next), aliases and assets, and
//! the checks that need the whole site (two sources writing one output path).
//! Pure data in, pure data out: nothing here reads files or renders.

mod health;
pub mod links;
pub mod menus;
pub mod taxonomies;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::content::{Content, Document, Kind, parent_dir};
use crate::diagnostics::Diagnostic;
use crate::markdown::links::Resolution;
use crate::text::{natural_cmp, slugify, title_from_name};
pub use links::{Edge, EdgeKind};
pub use taxonomies::{TaxonomyPages, Term};

/// Index of a node in [`Graph::nodes`].
pub type NodeId = usize;

/// A page or section of the site.
#[derive(Debug, Clone)]
pub struct Node {
    /// Page or section.
    pub kind: Kind,
    /// The source document; `None` for a folder without `_index.md`.
    pub doc: Option<Arc<Document>>,
    /// Display title.
    pub title: String,
    /// The content folder (sections) or source path (pages), for ordering and messages.
    pub key: String,
    /// The URL path, with the base path: `/docs/ops/ops01/`.
    pub url: String,
    /// Where the HTML goes, inside the output folder: `ops/ops01/index.html`.
    pub output: String,
    /// The enclosing section (`None` only for the home page).
    pub parent: Option<NodeId>,
    /// Child pages, in reading order (sections only).
    pub pages: Vec<NodeId>,
    /// Child sections, in reading order (sections only).
    pub sections: Vec<NodeId>,
    /// Position in [`Graph::reading_order`]; `usize::MAX` for hidden pages, which are not in it.
    pub order: usize,
}

impl Node {
    /// The id used for natural ordering and cross-references, if the page has one.
    pub fn id(&self) -> Option<&str> {
        self.doc.as_ref().and_then(|d| d.id.as_deref())
    }

    /// The label navigation and listings show: `linkTitle`, else the title (Hugo's
    /// `.LinkTitle`).
    pub fn link_title(&self) -> &str {
        self.doc
            .as_ref()
            .and_then(|d| d.front.link_title.as_deref())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.title)
    }

    /// The `weight`, if set.
    pub fn weight(&self) -> Option<i64> {
        self.doc.as_ref().and_then(|d| d.front.weight)
    }

    /// True for the home page.
    pub fn is_root(&self) -> bool {
        self.parent.is_none()
    }
}

/// A file copied into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    /// Where to read it.
    pub source: PathBuf,
    /// Its path inside the content folder.
    pub content_path: Option<String>,
    /// Where it goes inside the output folder.
    pub output: String,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The redirect page's path inside the output folder.
    pub output: String,
    /// The page it points to.
    pub target: NodeId,
}

/// The site.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Every page and section. The home page is node 0.
    pub nodes: Vec<Node>,
    /// Depth-first: each section, then its pages, then its subsections.
    pub reading_order: Vec<NodeId>,
    /// Redirect pages to write.
    pub aliases: Vec<Alias>,
    /// Content assets to copy.
    pub assets: Vec<CopiedFile>,
    /// For each node, how each link of its body resolved (same order as its links).
    pub links: Vec<Vec<Resolution>>,
    /// For each node, its relations: (index into `config.relations`, target nodes).
    pub relations: Vec<Vec<(usize, Vec<NodeId>)>>,
    /// Every link between two pages (body links and relations), sorted.
    pub edges: Vec<Edge>,
    /// For each node, the indexes in `edges` of the links pointing at it.
    pub incoming: Vec<Vec<usize>>,
    /// Every taxonomy with its terms, in book.toml order.
    pub taxonomies: Vec<TaxonomyPages>,
    /// For each node, its terms: (index in `taxonomies`, index of the term), in the order
    /// written.
    pub node_terms: Vec<Vec<(usize, usize)>>,
    /// For each node, the terms it is the landing page of.
    pub landings: Vec<Vec<(usize, usize)>>,
    /// The site menus (`menus.main`…).
    pub menus: menus::Menus,
}

/// The home page's id.
pub const ROOT: NodeId = 0;

impl Graph {
    /// Builds the site graph. Problems that involve several files (collisions, links,
    /// contracts) are returned with the graph. `extra_outputs` are the other files the build
    /// writes (static files, sitemap…), which links may point at.
    pub fn build(
        content: Content,
        config: &Config,
        extra_outputs: &BTreeSet<String>,
    ) -> (Graph, Vec<Diagnostic>) {
        let mut content = content;
        let mut diagnostics = Vec::new();
        let term_docs = taxonomies::take_term_docs(&mut content, config, &mut diagnostics);
        // Sized up front: a node is large, and growing the vector would copy every one.
        let mut nodes: Vec<Node> = Vec::with_capacity(content.dirs.len() + content.documents.len());
        let mut section_of_dir: HashMap<String, NodeId> = HashMap::new();

        let mut section_docs: HashMap<String, Arc<Document>> = HashMap::new();
        let mut page_docs: Vec<Arc<Document>> = Vec::with_capacity(content.documents.len());
        for doc in content.documents {
            match doc.kind {
                Kind::Section => {
                    section_docs.insert(doc.dir.clone(), doc);
                }
                Kind::Page => page_docs.push(doc),
            }
        }

        // Sections: every folder, in path order, so a parent always precedes its children.
        let mut dirs: Vec<String> = content.dirs.into_iter().collect();
        dirs.sort();
        for dir in dirs {
            let doc = section_docs.remove(&dir);
            let name = dir.rsplit('/').next().unwrap_or("");
            let title = match &doc {
                Some(doc) => doc.title.clone(),
                None if dir.is_empty() => config.book.title.clone(),
                None => title_from_name(name),
            };
            let parent = if dir.is_empty() {
                None
            } else {
                section_of_dir.get(parent_dir(&dir)).copied()
            };
            let id = nodes.len();
            section_of_dir.insert(dir.clone(), id);
            nodes.push(Node {
                kind: Kind::Section,
                doc,
                title,
                key: dir,
                url: String::new(),
                output: String::new(),
                parent,
                pages: Vec::new(),
                sections: Vec::new(),
                order: 0,
            });
        }
        debug_assert_eq!(nodes.first().map(|n| n.key.as_str()), Some(""));

        for doc in page_docs {
            let home_dir = if doc.bundle {
                parent_dir(&doc.dir).to_string()
            } else {
                doc.dir.clone()
            };
            let parent = section_of_dir.get(&home_dir).copied().unwrap_or(ROOT);
            nodes.push(Node {
                kind: Kind::Page,
                title: doc.title.clone(),
                key: doc.rel_path.clone(),
                doc: Some(doc),
                url: String::new(),
                output: String::new(),
                parent: Some(parent),
                pages: Vec::new(),
                sections: Vec::new(),
                order: 0,
            });
        }

        // Children lists; hidden pages and sections are rendered but not listed.
        for id in 1..nodes.len() {
            let parent = nodes[id].parent.expect("only the root has no parent");
            if nodes[id].doc.as_ref().is_some_and(|d| d.front.hidden) {
                continue;
            }
            match nodes[id].kind {
                Kind::Page => nodes[parent].pages.push(id),
                Kind::Section => nodes[parent].sections.push(id),
            }
        }
        for id in 0..nodes.len() {
            let mut pages = std::mem::take(&mut nodes[id].pages);
            pages.sort_by(|&a, &b| reading_cmp(&nodes[a], &nodes[b]));
            nodes[id].pages = pages;
            let mut sections = std::mem::take(&mut nodes[id].sections);
            sections.sort_by(|&a, &b| reading_cmp(&nodes[a], &nodes[b]));
            nodes[id].sections = sections;
        }

        // URLs, top-down (sections are created parents-first; pages after all sections).
        let base = config.base_url.path.clone();
        for id in 0..nodes.len() {
            let (url, output) = match nodes[id].parent {
                None => (base.clone(), "index.html".to_string()),
                Some(parent) => {
                    let slug = node_slug(&nodes[id]);
                    let url = format!("{}{slug}/", nodes[parent].url);
                    let output = format!("{}index.html", &url[base.len()..]);
                    (url, output)
                }
            };
            nodes[id].url = url;
            nodes[id].output = output;
        }

        // Reading order: depth-first, iterative.
        for node in nodes.iter_mut() {
            node.order = usize::MAX;
        }
        let mut reading_order = Vec::with_capacity(nodes.len());
        let mut stack = vec![ROOT];
        while let Some(id) = stack.pop() {
            reading_order.push(id);
            if nodes[id].kind == Kind::Section {
                reading_order.extend(nodes[id].pages.iter().copied());
                stack.extend(nodes[id].sections.iter().rev().copied());
            }
        }
        for (position, &id) in reading_order.iter().enumerate() {
            nodes[id].order = position;
        }

        let mut graph = Graph {
            nodes,
            reading_order,
            aliases: Vec::new(),
            assets: Vec::new(),
            links: Vec::new(),
            relations: Vec::new(),
            edges: Vec::new(),
            incoming: Vec::new(),
            taxonomies: Vec::new(),
            node_terms: Vec::new(),
            landings: Vec::new(),
            menus: menus::Menus::default(),
        };
        // What follows is in two pairs of steps that need only what came before them, each
        // pair on both cores: on a large site these steps are mostly the one core's wait for
        // fresh memory (half of the graph stage's samples at 100k pages were page zeroing).
        // Diagnostics are appended in the order the steps were once run one after another.
        let ((assets, (aliases, mut alias_diagnostics)), (taxonomies, mut taxonomy_diagnostics)) =
            rayon::join(
                || {
                    (
                        graph.placed_assets(content.assets, &section_of_dir),
                        graph.aliases(config),
                    )
                },
                || {
                    let mut found = Vec::new();
                    let taxonomies = taxonomies::build(&graph, config, term_docs, &mut found);
                    (taxonomies, found)
                },
            );
        graph.assets = assets;
        graph.aliases = aliases;
        graph.taxonomies = taxonomies;
        diagnostics.append(&mut alias_diagnostics);
        diagnostics.append(&mut taxonomy_diagnostics);
        graph.index_terms();
        let mut outputs = extra_outputs.clone();
        outputs.extend(graph.taxonomy_outputs(config).into_iter().map(|(o, _)| o));
        let (mut collision_diagnostics, (resolved, term_links, mut link_diagnostics)) = rayon::join(
            || {
                let mut found = Vec::new();
                graph.check_collisions(config, &mut found);
                found
            },
            || {
                let mut found = Vec::new();
                let resolver = links::Resolver::new(&graph, config, &outputs, &mut found);
                let resolved = links::resolve_all(&resolver, config, &mut found);
                let term_links = links::resolve_term_texts(&resolver, config, &mut found);
                (resolved, term_links, found)
            },
        );
        diagnostics.append(&mut collision_diagnostics);
        diagnostics.append(&mut link_diagnostics);
        for (taxonomy, (own, terms)) in graph.taxonomies.iter_mut().zip(term_links) {
            taxonomy.links = own;
            for (term, links) in taxonomy.terms.iter_mut().zip(terms) {
                term.links = links;
            }
        }
        graph.links = resolved.links;
        graph.relations = resolved.relations;
        graph.edges = resolved.edges;
        graph.incoming = vec![Vec::new(); graph.nodes.len()];
        for (i, edge) in graph.edges.iter().enumerate() {
            graph.incoming[edge.target].push(i);
        }
        graph.menus = menus::build(&graph, config, &mut diagnostics);
        health::check(&graph, config, &mut diagnostics);
        (graph, diagnostics)
    }

    /// Resolves again the body and description links of `ids` against the site as it is
    /// now (after titles were patched in place, for `praxis serve`). `extra_outputs` as for
    /// [`Graph::build`].
    pub fn resolve_links_again(
        &self,
        config: &Config,
        extra_outputs: &BTreeSet<String>,
        ids: &[NodeId],
    ) -> Vec<Vec<Resolution>> {
        let mut outputs = extra_outputs.clone();
        outputs.extend(self.taxonomy_outputs(config).into_iter().map(|(o, _)| o));
        let resolver = links::Resolver::new(self, config, &outputs, &mut Vec::new());
        links::resolve_again(&resolver, config, ids)
    }

    /// The home page.
    pub fn root(&self) -> &Node {
        &self.nodes[ROOT]
    }

    /// The sections from the home page down to `id`'s parent.
    pub fn ancestors(&self, id: NodeId) -> Vec<NodeId> {
        let mut chain = Vec::new();
        let mut current = self.nodes[id].parent;
        while let Some(p) = current {
            chain.push(p);
            current = self.nodes[p].parent;
        }
        chain.reverse();
        chain
    }

    /// The node before `id` in reading order.
    pub fn prev(&self, id: NodeId) -> Option<NodeId> {
        let order = self.nodes[id].order;
        if order == usize::MAX {
            return None;
        }
        order.checked_sub(1).map(|o| self.reading_order[o])
    }

    /// The node after `id` in reading order.
    pub fn next(&self, id: NodeId) -> Option<NodeId> {
        let order = self.nodes[id].order;
        if order == usize::MAX {
            return None;
        }
        self.reading_order.get(order + 1).copied()
    }

    /// The pages linking to `id`, grouped by kind: relations in book.toml order, then body
    /// links; each group's sources in reading order, without repeats.
    pub fn backlinks(&self, id: NodeId) -> Vec<(EdgeKind, Vec<NodeId>)> {
        // One sort of (group, reading order, source) keys puts groups in order, sources in
        // reading order within them and repeats side by side.
        let group = |kind: EdgeKind| match kind {
            EdgeKind::Relation(i) => (0, i),
            EdgeKind::Link => (1, 0),
        };
        let mut keyed: Vec<((u8, usize), usize, NodeId, EdgeKind)> = self.incoming[id]
            .iter()
            .map(|&i| &self.edges[i])
            .map(|e| (group(e.kind), self.nodes[e.source].order, e.source, e.kind))
            .collect();
        keyed.sort_unstable();
        keyed.dedup();
        let mut out: Vec<(EdgeKind, Vec<NodeId>)> = Vec::new();
        for (_, _, source, kind) in keyed {
            match out.last_mut() {
                Some((last, sources)) if *last == kind => sources.push(source),
                _ => out.push((kind, vec![source])),
            }
        }
        out
    }

    /// Where each asset is published: next to the section or bundle it sits in.
    fn placed_assets(
        &self,
        assets: Vec<crate::content::Asset>,
        section_of_dir: &HashMap<String, NodeId>,
    ) -> Vec<CopiedFile> {
        let bundle_pages: HashMap<&str, NodeId> = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(id, n)| {
                let doc = n.doc.as_ref()?;
                doc.bundle.then_some((doc.dir.as_str(), id))
            })
            .collect();
        let base_len = self.nodes[ROOT].url.len();
        let mut placed = Vec::with_capacity(assets.len());
        for asset in assets {
            let (dir_url, rest) = match &asset.bundle {
                Some(bundle) => {
                    let Some(&page) = bundle_pages.get(bundle.as_str()) else {
                        continue;
                    };
                    let rest = asset.rel_path[bundle.len()..].trim_start_matches('/');
                    (self.nodes[page].url.clone(), rest.to_string())
                }
                None => {
                    let (dir, name) = match asset.rel_path.rfind('/') {
                        Some(i) => (&asset.rel_path[..i], &asset.rel_path[i + 1..]),
                        None => ("", asset.rel_path.as_str()),
                    };
                    match section_of_dir.get(dir) {
                        Some(&section) => (self.nodes[section].url.clone(), name.to_string()),
                        // Not a section (a taxonomy's folder): published where it sits.
                        None => (self.nodes[ROOT].url.clone(), asset.rel_path.clone()),
                    }
                }
            };
            placed.push(CopiedFile {
                content_path: Some(asset.rel_path),
                source: asset.source,
                output: format!("{}{rest}", &dir_url[base_len..]),
            });
        }
        placed
    }

    /// Every page's aliases, sorted by output, with the problems found in them.
    fn aliases(&self, config: &Config) -> (Vec<Alias>, Vec<Diagnostic>) {
        let base = &config.base_url.path;
        let mut aliases = Vec::new();
        let mut diagnostics = Vec::new();
        for (id, node) in self.nodes.iter().enumerate() {
            let Some(doc) = &node.doc else { continue };
            for alias in &doc.front.aliases {
                match alias_output(alias, base) {
                    Ok(output) => aliases.push(Alias { output, target: id }),
                    Err(why) => {
                        let d = Diagnostic::error("alias", format!("alias `{alias}` {why}")).help(
                            "write an alias as a path on this site, e.g. `/old/page/` or `/old/page.html`",
                        );
                        diagnostics.push(doc.at_key(d, "aliases"));
                    }
                }
            }
        }
        aliases.sort_by(|a, b| a.output.cmp(&b.output).then(a.target.cmp(&b.target)));
        (aliases, diagnostics)
    }

    /// Records, for each node, the terms it is tagged with (in the order written, without
    /// repeats) and the terms it is the landing page of.
    fn index_terms(&mut self) {
        let mut index: FxHashMap<(usize, &str), usize> = FxHashMap::default();
        for (t, taxonomy) in self.taxonomies.iter().enumerate() {
            for (i, term) in taxonomy.terms.iter().enumerate() {
                index.insert((t, term.slug.as_str()), i);
            }
        }
        // In the order the page writes them; in parallel. Spellings seen while gathering are
        // found directly, anything else by its slug.
        let node_terms = self
            .nodes
            .par_iter()
            .map(|node| {
                let mut terms = Vec::new();
                let Some(doc) = &node.doc else { return terms };
                for (t, taxonomy) in self.taxonomies.iter().enumerate() {
                    for written in doc.front.terms(&taxonomy.name) {
                        let by_slug = || index.get(&(t, slugify(written).as_str())).copied();
                        let found = taxonomy.by_spelling.get(written.as_str()).copied();
                        debug_assert!(found.is_none() || found == by_slug(), "{written}");
                        let found = found.or_else(by_slug);
                        if let Some(i) = found
                            && !terms.contains(&(t, i))
                        {
                            terms.push((t, i));
                        }
                    }
                }
                terms
            })
            .collect();
        let mut landings = vec![Vec::new(); self.nodes.len()];
        for (t, taxonomy) in self.taxonomies.iter().enumerate() {
            for (i, term) in taxonomy.terms.iter().enumerate() {
                if let Some(page) = term.landing {
                    landings[page].push((t, i));
                }
            }
        }
        self.node_terms = node_terms;
        self.landings = landings;
    }

    /// Every output path of the taxonomy pages: indexes, term pages and their later pages,
    /// and feeds, as (output path, what writes it).
    pub fn taxonomy_outputs(&self, config: &Config) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for taxonomy in &self.taxonomies {
            let settings = &config.taxonomies[taxonomy.index];
            out.push((
                taxonomy.output.clone(),
                format!("the {} index", taxonomy.name),
            ));
            for term in &taxonomy.terms {
                let base = format!("{}/{}/", taxonomy.name, term.slug);
                for n in 1..=term.page_count(settings.paginate) {
                    let output = if n == 1 {
                        format!("{base}index.html")
                    } else {
                        format!("{base}page/{n}/index.html")
                    };
                    out.push((
                        output,
                        format!("the {} term `{}`", taxonomy.name, term.name),
                    ));
                }
                if settings.feed {
                    out.push((
                        format!("{base}atom.xml"),
                        format!("the {} term `{}`", taxonomy.name, term.name),
                    ));
                }
            }
        }
        out
    }

    /// Two sources that would write the same output file are an error naming both.
    fn check_collisions(&self, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
        // Who claims an output; described in words only when there is a collision, which
        // keeps this check cheap on sites of a hundred thousand pages.
        #[derive(Clone, Copy)]
        enum Claimant<'a> {
            Node(&'a Node),
            Alias(&'a Node),
            Asset(&'a std::path::Path),
            Taxonomy(&'a str),
        }
        let describe = |node: &Node| match &node.doc {
            Some(doc) => doc.source.display().to_string(),
            None => format!("the folder `{}`", node.key),
        };
        let label = |claimant: Claimant<'_>| match claimant {
            Claimant::Node(node) => describe(node),
            Claimant::Alias(target) => format!("an alias in {}", describe(target)),
            Claimant::Asset(path) => path.display().to_string(),
            Claimant::Taxonomy(label) => label.to_string(),
        };
        // The document and front-matter key that decide where a claimant writes.
        fn decided_by<'a>(
            claimant: Claimant<'a>,
        ) -> Option<(&'a crate::content::Document, &'static str)> {
            match claimant {
                Claimant::Node(node) => node.doc.as_deref().map(|d| (d, "slug")),
                Claimant::Alias(target) => target.doc.as_deref().map(|d| (d, "aliases")),
                Claimant::Asset(_) | Claimant::Taxonomy(_) => None,
            }
        }
        let taxonomy_outputs = self.taxonomy_outputs(config);
        // The first claim of each output, and every later one: on a healthy site the second
        // list stays empty, and no output needs more than the one map entry.
        let mut first: FxHashMap<&str, Claimant<'_>> = FxHashMap::with_capacity_and_hasher(
            self.nodes.len() + self.aliases.len() + self.assets.len() + taxonomy_outputs.len(),
            Default::default(),
        );
        let mut later: Vec<(&str, Claimant<'_>)> = Vec::new();
        let mut claim = |output, claimant| {
            if let std::collections::hash_map::Entry::Vacant(slot) = first.entry(output) {
                slot.insert(claimant);
            } else {
                later.push((output, claimant));
            }
        };
        for node in &self.nodes {
            claim(&node.output, Claimant::Node(node));
        }
        for alias in &self.aliases {
            claim(&alias.output, Claimant::Alias(&self.nodes[alias.target]));
        }
        for asset in &self.assets {
            claim(&asset.output, Claimant::Asset(&asset.source));
        }
        for (output, label) in &taxonomy_outputs {
            claim(output, Claimant::Taxonomy(label));
        }
        // Stable: each output's later claimants keep the order they were found in.
        later.sort_by_key(|(output, _)| *output);
        let mut collisions: Vec<(&str, Vec<Claimant<'_>>)> = Vec::new();
        for (output, claimant) in later {
            match collisions.last_mut() {
                Some((last, claimants)) if *last == output => claimants.push(claimant),
                _ => collisions.push((output, vec![first[output], claimant])),
            }
        }
        for (output, claimants) in collisions {
            let mut sources: Vec<(String, Claimant<'_>)> =
                claimants.into_iter().map(|c| (label(c), c)).collect();
            sources.sort_by(|a, b| a.0.cmp(&b.0));
            let mut d = Diagnostic::error(
                "output-collision",
                format!(
                    "{} and {} would both write `{output}`",
                    sources[0].0, sources[1].0
                ),
            )
            .help("give one of them a different `slug`, file name or alias");
            for (other, _) in &sources[2..] {
                d = d.note(format!("so would {other}"));
            }
            // Point at the first source that is a document, at the key that placed it.
            if let Some((doc, key)) = sources.iter().find_map(|(_, c)| decided_by(*c)) {
                d = doc.at_key(d, key);
            }
            diagnostics.push(d);
        }
    }
}

fn node_slug(node: &Node) -> String {
    match &node.doc {
        Some(doc) => doc.slug.clone(),
        None => slugify(node.key.rsplit('/').next().unwrap_or("")),
    }
}

/// Reading order between siblings: weight first (pages without a weight after those with
/// one), then the natural order of id or link title (`OPS2` before `OPS10`), then the
/// source path.
pub fn reading_cmp(a: &Node, b: &Node) -> std::cmp::Ordering {
    let wa = a.weight();
    let wb = b.weight();
    wa.is_none()
        .cmp(&wb.is_none())
        .then(wa.cmp(&wb))
        .then_with(|| {
            natural_cmp(
                a.id().unwrap_or(a.link_title()),
                b.id().unwrap_or(b.link_title()),
            )
        })
        .then_with(|| a.key.cmp(&b.key))
}

/// Where an alias's redirect page goes: `/old/` → `old/index.html`, `/old.html` → `old.html`.
fn alias_output(alias: &str, base: &str) -> Result<String, &'static str> {
    let trimmed = alias.trim();
    if trimmed.contains("://") {
        return Err("is a full URL, not a path on this site");
    }
    let path = trimmed.strip_prefix(base).unwrap_or(trimmed);
    let path = path.trim_start_matches('/');
    let path = path.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return Err("is the home page");
    }
    if path.split('/').any(|seg| seg == ".." || seg == ".") || path.contains('\\') {
        return Err("leaves the site (`..` or `.` is not allowed)");
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if path.ends_with('/') {
        Ok(format!("{path}index.html"))
    } else if last.ends_with(".html") || last.ends_with(".htm") {
        Ok(path.to_string())
    } else {
        Ok(format!("{path}/index.html"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(alias_output("/old/", "/").unwrap(), "old/index.html");
        assert_eq!(alias_output("/old", "/").unwrap(), "old/index.html");
        assert_eq!(
            alias_output("/framework/a_b.html", "/").unwrap(),
            "framework/a_b.html"
        );
        assert_eq!(alias_output("/docs/x/", "/docs/").unwrap(), "x/index.html");
        assert!(alias_output("/../etc/passwd", "/").is_err());
        assert!(alias_output("https://x.org/a", "/").is_err());
        assert!(alias_output("/", "/").is_err());
    }
}
