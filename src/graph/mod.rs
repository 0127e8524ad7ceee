//! The whole-site model, built once from [`Content`]: the section tree, every page's URL and
//! output path (its folder's, or its own `url:`), the reading order (sidebar, breadcrumbs,
//! prev/next), aliases and assets, and the checks that need the whole site (two sources
//! writing one output path). Aliases are settled against every other output: a redirect is
//! written only where nothing else is.
//! Pure data in, pure data out: nothing here reads files or renders.

mod health;
mod ids;
pub mod links;
pub mod menus;
mod paths;
pub mod taxonomies;
mod tree;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::content::front_matter::{List, PageBuild, RelationItem, Render};
use crate::content::{Content, Document, Kind};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::markdown::links::Resolution;
use crate::text::natural_cmp;
pub use ids::{NodeId, RelationId, TaxonomyId, TermId};
pub use links::{Edge, EdgeKind};
pub use taxonomies::{TaxonomyPages, Term};
use tree::Tree;

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

    /// Its `build` options (`headless` included); a folder without `_index.md` has the
    /// defaults.
    pub fn build(&self) -> PageBuild {
        self.doc
            .as_ref()
            .map_or_else(PageBuild::default, |d| d.front.page_build())
    }

    /// Whether its page file is written (not `build.render: never | link`, not headless).
    pub fn rendered(&self) -> bool {
        self.doc
            .as_ref()
            .is_none_or(|d| d.front.page_build().rendered())
    }

    /// Whether it is in its section's listing, the sidebar and prev/next: not `hidden`,
    /// not `build.list: never`.
    pub fn listed(&self) -> bool {
        self.doc
            .as_ref()
            .is_none_or(|d| !d.front.hidden && d.front.page_build().list != List::Never)
    }

    /// Whether site-wide lists (term pages, the sitemap) show it: `build.list: always`, and
    /// written.
    pub fn listed_site_wide(&self) -> bool {
        self.rendered() && self.build().list == List::Always
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

/// The site. Its tables line up (one entry per node in `nodes`, `links`, `relations`,
/// `incoming`, `node_terms` and `landings`) and `edges` is sorted, so they are read through
/// the getters below and written only while the graph is built.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Every page and section. The home page is node 0.
    pub(crate) nodes: Vec<Node>,
    /// Depth-first: each section, then its pages, then its subsections.
    pub(crate) reading_order: Vec<NodeId>,
    /// Redirect pages to write.
    pub(crate) aliases: Vec<Alias>,
    /// Content assets to copy.
    pub(crate) assets: Vec<CopiedFile>,
    /// For each node, how each link of its body resolved (same order as its links).
    pub(crate) links: Vec<Vec<Resolution>>,
    /// For each node, its relations: (index into `config.relations`, target nodes).
    pub(crate) relations: Vec<Vec<(RelationId, Vec<NodeId>)>>,
    /// Every link between two pages (body links and relations), sorted.
    pub(crate) edges: Vec<Edge>,
    /// For each node, the indexes in `edges` of the links pointing at it.
    pub(crate) incoming: Vec<Vec<usize>>,
    /// Every taxonomy with its terms, in book.toml order.
    pub(crate) taxonomies: Vec<TaxonomyPages>,
    /// For each node, its terms: (index in `taxonomies`, index of the term), in the order
    /// written.
    pub(crate) node_terms: Vec<Vec<TermId>>,
    /// For each node, the terms it is the landing page of.
    pub(crate) landings: Vec<Vec<TermId>>,
    /// The site menus (`menus.main`…).
    pub(crate) menus: menus::Menus,
    /// Pages of the default language that `[[ID]]` leads to when this language has no page
    /// with the id (see [`crate::content::Content::foreign`]).
    pub(crate) foreign: std::collections::HashMap<String, crate::content::ForeignPage>,
}

/// The home page's id.
pub const ROOT: NodeId = NodeId::new(0);

impl Graph {
    /// Builds the site graph. Problems that involve several files (collisions, links,
    /// contracts) are returned with the graph. `extra_outputs` are the other files the build
    /// writes (static files, sitemap…), which links may point at.
    ///
    /// The steps, each needing only what came before it: the tree (nodes, URLs, reading
    /// order), assets and taxonomies, the terms of each node, aliases and links, backlinks,
    /// menus, and the checks on the whole.
    pub fn build(
        content: Content,
        config: &Config,
        extra_outputs: &BTreeSet<String>,
    ) -> (Graph, Vec<Diagnostic>) {
        let mut content = content;
        let mut diagnostics = Vec::new();
        let term_docs = taxonomies::take_term_docs(&mut content, config, &mut diagnostics);
        let Content {
            documents,
            assets,
            dirs,
            foreign,
            ..
        } = content;
        let tree = Tree::build(dirs, documents, config, &mut diagnostics);
        let mut graph = Graph::of_tree(tree.nodes, tree.reading_order, foreign);
        let candidates = graph.place_assets_and_taxonomies(
            assets,
            &tree.section_of_dir,
            term_docs,
            config,
            &mut diagnostics,
        );
        graph.index_terms(config);
        graph.settle_aliases_and_links(config, extra_outputs, candidates, &mut diagnostics);
        graph.index_incoming();
        graph.menus = menus::build(&graph, config, &mut diagnostics);
        health::check(&graph, config, &mut diagnostics);
        (graph, diagnostics)
    }

    /// A graph of the tree's nodes alone: the later steps of [`Graph::build`] fill the rest.
    fn of_tree(
        nodes: Vec<Node>,
        reading_order: Vec<NodeId>,
        foreign: HashMap<String, crate::content::ForeignPage>,
    ) -> Graph {
        Graph {
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
            foreign,
        }
    }

    /// Places the assets, gathers the alias candidates and builds the taxonomies: three
    /// steps that need only the tree, so they run on both cores (on a large site these
    /// steps are mostly the one core's wait for fresh memory; half of the graph stage's
    /// samples at 100k pages were page zeroing). Returns the alias candidates, which are
    /// settled once every output is known.
    fn place_assets_and_taxonomies(
        &mut self,
        assets: Vec<crate::content::Asset>,
        section_of_dir: &HashMap<String, NodeId>,
        term_docs: taxonomies::TermDocs,
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Candidate> {
        let graph = &*self;
        let ((assets, (candidates, mut alias_diagnostics)), (taxonomies, mut taxonomy_diagnostics)) =
            rayon::join(
                || {
                    (
                        graph.placed_assets(assets, section_of_dir),
                        graph.alias_candidates(config),
                    )
                },
                || {
                    let mut found = Vec::new();
                    let taxonomies = taxonomies::build(graph, config, term_docs, &mut found);
                    (taxonomies, found)
                },
            );
        self.assets = assets;
        self.taxonomies = taxonomies;
        // Diagnostics are appended in the order the steps were once run one after another.
        diagnostics.append(&mut alias_diagnostics);
        diagnostics.append(&mut taxonomy_diagnostics);
        candidates
    }

    /// Claims every output but the redirects, settles the aliases against them, then checks
    /// the claims for collisions while the links resolve (both on both cores), and stores
    /// the links found.
    fn settle_aliases_and_links(
        &mut self,
        config: &Config,
        extra_outputs: &BTreeSet<String>,
        candidates: Vec<Candidate>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let taxonomy_outputs = self.taxonomy_outputs(config);
        let claims = Claims::new(
            &self.nodes,
            &self.assets,
            &taxonomy_outputs,
            extra_outputs,
            config,
        );
        self.aliases = settle_aliases(&self.nodes, config, candidates, &claims, diagnostics);
        let mut outputs = extra_outputs.clone();
        outputs.extend(taxonomy_outputs.iter().map(|(o, _)| o.clone()));
        let graph = &*self;
        let (mut collision_diagnostics, mut found) = rayon::join(
            || {
                let mut found = Vec::new();
                claims.check_collisions(&mut found);
                found
            },
            || graph.resolve_links(config, &outputs),
        );
        diagnostics.append(&mut collision_diagnostics);
        diagnostics.append(&mut found.diagnostics);
        self.store_links(found);
    }

    /// Resolves every page's body links and relations, and the taxonomies' and terms' own
    /// texts, against the site's pages and `outputs` (the files other than pages).
    fn resolve_links(&self, config: &Config, outputs: &BTreeSet<String>) -> FoundLinks {
        let mut diagnostics = Vec::new();
        let resolver = links::Resolver::new(self, config, outputs, &mut diagnostics);
        let resolved = links::resolve_all(&resolver, config, &mut diagnostics);
        let term_links = links::resolve_term_texts(&resolver, config, &mut diagnostics);
        FoundLinks {
            resolved,
            term_links,
            diagnostics,
        }
    }

    /// Keeps the resolved links: the taxonomies' and terms' on them, the pages' in the
    /// graph's tables. A page with no URL (`build.render: never`) shows no one its links
    /// as backlinks, so its edges are dropped.
    fn store_links(&mut self, found: FoundLinks) {
        for (taxonomy, (own, terms)) in self.taxonomies.iter_mut().zip(found.term_links) {
            taxonomy.links = own;
            for (term, links) in taxonomy.terms.iter_mut().zip(terms) {
                term.links = links;
            }
        }
        self.links = found.resolved.links;
        self.relations = found.resolved.relations;
        self.edges = found.resolved.edges;
        if self.nodes.iter().any(|n| n.build().render == Render::Never) {
            let nodes = &self.nodes;
            self.edges
                .retain(|e| nodes[e.source].build().render != Render::Never);
        }
    }

    /// Indexes the edges by target, for backlinks: `incoming[node]` lists the edges that
    /// point at it, in edge order.
    fn index_incoming(&mut self) {
        self.incoming = vec![Vec::new(); self.nodes.len()];
        for (i, edge) in self.edges.iter().enumerate() {
            self.incoming[edge.target].push(i);
        }
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

    /// Every page and section; the home page is [`ROOT`].
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The page or section `id`.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Depth-first: each section, then its pages, then its subsections. Hidden pages are not
    /// in it.
    pub fn reading_order(&self) -> &[NodeId] {
        &self.reading_order
    }

    /// Redirect pages to write.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }

    /// Every link between two pages (body links and relations), sorted.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Every taxonomy with its terms, in book.toml order.
    pub fn taxonomies(&self) -> &[TaxonomyPages] {
        &self.taxonomies
    }

    /// The terms of node `id`, in the order its front matter writes them.
    pub fn terms_of(&self, id: NodeId) -> &[TermId] {
        &self.node_terms[id]
    }

    /// Every node with its id, in [`Graph::nodes`] order.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (NodeId, &Node)> {
        NodeId::enumerate(&self.nodes)
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
            EdgeKind::Link => (1, RelationId::new(0)),
        };
        let mut keyed: Vec<((u8, RelationId), usize, NodeId, EdgeKind)> = self.incoming[id]
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
        // A bundle with `build.publishResources: false` (or headless) publishes no files.
        let bundle_pages: HashMap<&str, NodeId> = NodeId::enumerate(&self.nodes)
            .filter_map(|(id, n)| {
                let doc = n.doc.as_ref()?;
                let publish = doc.front.page_build().publish_resources;
                (doc.bundle && publish).then_some((doc.dir.as_str(), id))
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
                    let folder = paths::folder_url(&self.nodes[page].url).to_string();
                    (folder, rest.to_string())
                }
                None => {
                    let (dir, name) = match asset.rel_path.rfind('/') {
                        Some(i) => (&asset.rel_path[..i], &asset.rel_path[i + 1..]),
                        None => ("", asset.rel_path.as_str()),
                    };
                    match section_of_dir.get(dir) {
                        Some(&section) => {
                            let folder = paths::folder_url(&self.nodes[section].url).to_string();
                            (folder, name.to_string())
                        }
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

    /// Where each page's aliases would write their redirects, as (output, page, alias),
    /// with the problems found in the aliases themselves: a path no static host serves, one
    /// that leaves the site (skipped, at `links.aliases`), the page's own address (a note).
    fn alias_candidates(&self, config: &Config) -> (Vec<Candidate>, Vec<Diagnostic>) {
        let base = &config.base_url.path;
        let level = config.links.aliases.severity();
        let mut candidates = Vec::new();
        let mut diagnostics = Vec::new();
        for (id, node) in NodeId::enumerate(&self.nodes) {
            let Some(doc) = &node.doc else { continue };
            // A page with no URL (`build.render: never`) has nothing to redirect to.
            if node.build().render == Render::Never {
                continue;
            }
            let page_path = node.url.get(base.len()..).unwrap_or("");
            for (index, alias) in doc.front.aliases.iter().enumerate() {
                let written = alias.target.as_str();
                let d = match paths::alias_output(written, base, page_path) {
                    Ok(output) if output == node.output => level.map(|_| {
                        Diagnostic::new(
                            Severity::Note,
                            Code::AliasSelf,
                            format!("alias `{written}` is this page's own address: no redirect is written"),
                        )
                        .help("remove it from `aliases`")
                    }),
                    Ok(output) => {
                        candidates.push(Candidate {
                            output,
                            target: id,
                            index,
                        });
                        None
                    }
                    // A control character is no address anyone meant, whatever
                    // `links.aliases` says: an error.
                    Err(problem @ paths::PathProblem::Unservable(c)) if c.is_control() => Some(
                        Diagnostic::error(
                            Code::Alias,
                            format!("alias `{written}` {}", problem.describe()),
                        )
                        .help("remove the control character from the alias; an editor or a script may have put it there"),
                    ),
                    Err(problem) => level.map(|severity| {
                        Diagnostic::new(
                            severity,
                            Code::Alias,
                            format!("alias `{written}` {}: it is skipped", problem.describe()),
                        )
                        .help(
                            "write an alias as a path on this site, e.g. `/old/page/`, `/old/page.html` or `old-name` (next to the page)",
                        )
                    }),
                };
                if let Some(d) = d {
                    diagnostics.push(d.at_location(&doc.source, &alias.location));
                }
            }
        }
        (candidates, diagnostics)
    }

    /// Records, for each node, the terms it is tagged with (in the order written, without
    /// repeats) and the terms it is the landing page of.
    fn index_terms(&mut self, config: &Config) {
        let slugify = config.build.slugify;
        let mut index: FxHashMap<(TaxonomyId, &str), usize> = FxHashMap::default();
        for (t, taxonomy) in TaxonomyId::enumerate(&self.taxonomies) {
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
                for (t, taxonomy) in TaxonomyId::enumerate(&self.taxonomies) {
                    for written in doc.front.terms(&taxonomy.name) {
                        let by_slug = || index.get(&(t, slugify.apply(written).as_str())).copied();
                        let found = taxonomy.by_spelling.get(written.as_str()).copied();
                        debug_assert!(found.is_none() || found == by_slug(), "{written}");
                        let found = found.or_else(by_slug);
                        if let Some(term) = found.map(|term| TermId { taxonomy: t, term })
                            && !terms.contains(&term)
                        {
                            terms.push(term);
                        }
                    }
                }
                terms
            })
            .collect();
        let mut landings = vec![Vec::new(); self.nodes.len()];
        for (t, taxonomy) in TaxonomyId::enumerate(&self.taxonomies) {
            for (i, term) in taxonomy.terms.iter().enumerate() {
                if let Some(page) = term.landing {
                    landings[page].push(TermId {
                        taxonomy: t,
                        term: i,
                    });
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
}

/// What [`Graph::resolve_links`] found.
struct FoundLinks {
    /// The pages' links and relations.
    resolved: links::Resolved,
    /// For each taxonomy, its own links and each of its terms'.
    term_links: Vec<(Vec<Resolution>, Vec<Vec<Resolution>>)>,
    /// The problems found on the way.
    diagnostics: Vec<Diagnostic>,
}

/// A page's alias, placed: where its redirect would go.
struct Candidate {
    output: String,
    target: NodeId,
    /// Which of the page's aliases.
    index: usize,
}

/// Who writes an output path (besides redirects). Described in words only when there is a
/// problem, which keeps the checks cheap on sites of a hundred thousand pages.
#[derive(Clone, Copy)]
enum Claimant<'g> {
    /// A page or section.
    Node(&'g Node),
    /// A taxonomy index, term page or feed, with its label and whether it is an HTML page.
    Taxonomy(&'g str, bool),
    /// A content file copied as it is.
    Asset(&'g std::path::Path),
    /// A theme or `static/` file, or one the build generates (robots.txt, sitemap.xml…).
    File(&'g str),
}

impl<'g> Claimant<'g> {
    /// Who, in words, to name in a message.
    fn label(self, config: &Config) -> String {
        match self {
            Claimant::Node(node) => describe(node),
            Claimant::Taxonomy(label, true) => label.to_string(),
            Claimant::Taxonomy(label, false) => format!("the feed of {label}"),
            Claimant::Asset(path) => path.display().to_string(),
            Claimant::File(name) if crate::render::generated_files(config).any(|g| g == name) => {
                format!("the generated `{name}`")
            }
            Claimant::File(name) => format!("the static file `{name}`"),
        }
    }

    /// Whether it is a page a reader visits (which an alias gives way to), not a file.
    fn is_page(self) -> bool {
        matches!(self, Claimant::Node(_) | Claimant::Taxonomy(_, true))
    }

    /// The document and front-matter key that decide where it writes.
    fn decided_by(self) -> Option<(&'g crate::content::Document, &'static str)> {
        match self {
            Claimant::Node(node) => {
                let doc = node.doc.as_deref()?;
                Some((
                    doc,
                    if doc.front.url.is_some() {
                        "url"
                    } else {
                        "slug"
                    },
                ))
            }
            Claimant::Asset(_) | Claimant::Taxonomy(..) | Claimant::File(_) => None,
        }
    }
}

/// Every output path the build writes but redirects, with who writes it: the first claim of
/// each path, and every later one (on a healthy site that list stays empty, and no output
/// needs more than its one map entry).
struct Claims<'g> {
    first: FxHashMap<&'g str, Claimant<'g>>,
    later: Vec<(&'g str, Claimant<'g>)>,
    config: &'g Config,
}

/// What stands at an alias's output path.
enum Claim {
    /// A page, which the alias gives way to.
    Page(String),
    /// Any other file, which the alias may not replace.
    File(String),
}

impl<'g> Claims<'g> {
    fn new(
        nodes: &'g [Node],
        assets: &'g [CopiedFile],
        taxonomy_outputs: &'g [(String, String)],
        extra_outputs: &'g BTreeSet<String>,
        config: &'g Config,
    ) -> Claims<'g> {
        let mut first: FxHashMap<&str, Claimant<'_>> = FxHashMap::with_capacity_and_hasher(
            nodes.len() + assets.len() + taxonomy_outputs.len() + extra_outputs.len(),
            Default::default(),
        );
        let mut later = Vec::new();
        let mut claim = |output: &'g str, claimant| {
            if let std::collections::hash_map::Entry::Vacant(slot) = first.entry(output) {
                slot.insert(claimant);
            } else {
                later.push((output, claimant));
            }
        };
        for node in nodes.iter().filter(|n| n.rendered()) {
            claim(&node.output, Claimant::Node(node));
        }
        for asset in assets {
            claim(&asset.output, Claimant::Asset(&asset.source));
        }
        for (output, label) in taxonomy_outputs {
            claim(output, Claimant::Taxonomy(label, output.ends_with(".html")));
        }
        for output in extra_outputs {
            claim(output, Claimant::File(output));
        }
        Claims {
            first,
            later,
            config,
        }
    }

    /// What the build writes at `output`, if anything.
    fn get(&self, output: &str) -> Option<Claim> {
        let claimant = *self.first.get(output)?;
        let label = claimant.label(self.config);
        Some(if claimant.is_page() {
            Claim::Page(label)
        } else {
            Claim::File(label)
        })
    }

    /// Folders that an output path has a `.htm…` segment in (`a.html/x.png`): the only
    /// folders a redirect, always an `.html` file, could stand in the place of.
    fn html_folders(&self) -> rustc_hash::FxHashSet<&'g str> {
        let mut folders = rustc_hash::FxHashSet::default();
        for output in self.first.keys() {
            let odd = output
                .find(".htm")
                .is_some_and(|i| output[i..].contains('/'));
            if odd {
                folders.extend(output.match_indices('/').map(|(i, _)| &output[..i]));
            }
        }
        folders
    }

    /// A file where a redirect at `output` needs a folder, or a folder where it would be a
    /// file: (the path in the way, who writes there, whether the redirect needs the folder).
    fn folder_conflict(
        &self,
        output: &str,
        won: &FxHashMap<&str, NodeId>,
        html_folders: &rustc_hash::FxHashSet<&str>,
        nodes: &[Node],
    ) -> Option<(String, String, bool)> {
        for (i, _) in output.match_indices('/') {
            let folder = &output[..i];
            if let Some(claimant) = self.first.get(folder) {
                return Some((folder.to_string(), claimant.label(self.config), true));
            }
            if let Some(&other) = won.get(folder) {
                let label = format!("a redirect of {}", describe(&nodes[other.index()]));
                return Some((folder.to_string(), label, true));
            }
        }
        if html_folders.contains(output) {
            let (inside, claimant) = self
                .first
                .iter()
                .filter(|(o, _)| o.strip_prefix(output).is_some_and(|r| r.starts_with('/')))
                .min_by_key(|(o, _)| **o)?;
            let label = format!("{} (`{inside}`)", claimant.label(self.config));
            return Some((output.to_string(), label, false));
        }
        None
    }

    /// Two sources that would write the same output file are an error naming both, and so
    /// is a file written where another output needs a folder (`robots.txt` and
    /// `robots.txt/index.html`). Files of the theme and `static/`, and the generated ones
    /// (`extra_outputs`), take part; only a content file copied where a static or generated
    /// file is written is left to the documented order (static files win).
    fn check_collisions(&self, diagnostics: &mut Vec<Diagnostic>) {
        let (first, config) = (&self.first, self.config);
        // Stable: each output's later claimants keep the order they were found in.
        let mut later = self.later.clone();
        later.sort_by_key(|(output, _)| *output);
        let mut collisions: Vec<(&str, Vec<Claimant<'_>>)> = Vec::new();
        for (output, claimant) in later {
            match collisions.last_mut() {
                Some((last, claimants)) if *last == output => claimants.push(claimant),
                _ => collisions.push((output, vec![first[output], claimant])),
            }
        }
        let files_only = |claimants: &[Claimant<'_>]| {
            claimants
                .iter()
                .all(|c| matches!(c, Claimant::Asset(_) | Claimant::File(_)))
        };
        for (output, claimants) in collisions {
            if files_only(&claimants) {
                continue;
            }
            let mut sources: Vec<(String, Claimant<'_>)> = claimants
                .into_iter()
                .map(|c| (c.label(config), c))
                .collect();
            sources.sort_by(|a, b| a.0.cmp(&b.0));
            let mut d = Diagnostic::error(
                Code::OutputCollision,
                format!(
                    "{} and {} would both write `{output}`",
                    sources[0].0, sources[1].0
                ),
            )
            .help("give one of them a different `slug`, `url` or file name");
            for (other, _) in &sources[2..] {
                d = d.note(format!("so would {other}"));
            }
            // Point at the first source that is a document, at the key that placed it.
            if let Some((doc, key)) = sources.iter().find_map(|(_, c)| c.decided_by()) {
                d = doc.at_key(d, key);
            }
            diagnostics.push(d);
        }
        // A file where a folder is needed. On a healthy site no output's folder is a file:
        // each lookup misses.
        for (&output, &claimant) in first {
            for (i, _) in output.match_indices('/') {
                let folder = &output[..i];
                let Some(&file) = first.get(folder) else {
                    continue;
                };
                let (a, b) = (claimant.label(config), file.label(config));
                let mut d = Diagnostic::error(
                    Code::OutputCollision,
                    format!("{a} writes `{output}`, which needs a folder `{folder}/` where {b} writes a file"),
                )
                .help("give one of them a different `slug`, `url` or file name");
                if let Some((doc, key)) = claimant.decided_by().or_else(|| file.decided_by()) {
                    d = doc.at_key(d, key);
                }
                diagnostics.push(d);
                break;
            }
        }
    }
}

/// The redirects to write, sorted by output. A real page, section or term page at an
/// alias's address wins over it (a warning); of two pages with the same alias, the first
/// in reading order gets the redirect (a warning); an alias over any other file the build
/// writes (robots.txt, a feed, a stylesheet, a copied file), or that needs a folder where
/// such a file is or stands where one needs a folder, is an error.
fn settle_aliases(
    nodes: &[Node],
    config: &Config,
    mut candidates: Vec<Candidate>,
    claims: &Claims<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let rank = |id: NodeId| (nodes[id.index()].order, nodes[id.index()].key.as_str());
    candidates.sort_by(|a, b| {
        a.output
            .cmp(&b.output)
            .then_with(|| rank(a.target).cmp(&rank(b.target)))
    });
    candidates.dedup_by(|b, a| a.output == b.output && a.target == b.target);
    let html_folders = claims.html_folders();
    let level = config.links.aliases.severity();
    let mut won: FxHashMap<&str, NodeId> = FxHashMap::default();
    let mut aliases = Vec::new();
    for candidate in &candidates {
        let target = &nodes[candidate.target.index()];
        let doc = target
            .doc
            .as_deref()
            .expect("aliases are written in documents");
        let alias: &RelationItem = &doc.front.aliases[candidate.index];
        let written = alias.target.as_str();
        let output = candidate.output.as_str();
        let problem = match claims.get(output) {
            Some(Claim::Page(label)) => level.map(|severity| {
                Diagnostic::new(
                    severity,
                    Code::AliasShadowed,
                    format!(
                        "alias `{written}` is the address of {label}: that page is kept and no redirect is written"
                    ),
                )
                .help("remove the alias, or give one of the pages another address")
            }),
            Some(Claim::File(label)) => Some(over_file(written, output, &label, None)),
            None => match won.get(output) {
                Some(&first) => level.map(|severity| {
                    Diagnostic::new(
                        severity,
                        Code::AliasDuplicate,
                        format!(
                            "alias `{written}` is also an alias of {}, which comes first in reading order and gets the redirect",
                            describe(&nodes[first.index()])
                        ),
                    )
                    .help("keep this alias on one page only")
                }),
                None => claims
                    .folder_conflict(output, &won, &html_folders, nodes)
                    .map(|(path, label, needs)| over_file(written, &path, &label, Some(needs))),
            },
        };
        match problem {
            Some(d) => diagnostics.push(d.at_location(&doc.source, &alias.location)),
            None if claims.get(output).is_none() && !won.contains_key(output) => {
                won.insert(output, candidate.target);
                aliases.push(Alias {
                    output: candidate.output.clone(),
                    target: candidate.target,
                });
            }
            None => {}
        }
    }
    aliases
}

/// An alias that would write over a file the build writes: always an error, whatever
/// `links.aliases` says, since one of the two files would be lost.
fn over_file(written: &str, path: &str, label: &str, kind: Option<bool>) -> Diagnostic {
    let message = match kind {
        None => format!("alias `{written}` would write over {label} (`{path}`)"),
        Some(true) => format!(
            "alias `{written}` needs a folder `{path}/`, but {label} is written at `{path}`"
        ),
        Some(false) => {
            format!("alias `{written}` would write the file `{path}`, where {label} needs a folder")
        }
    };
    Diagnostic::error(Code::AliasOverFile, message)
        .help("remove this alias: a redirect page cannot stand where the build writes another file")
}

/// A node as named in messages: its file, or its folder when it has none.
fn describe(node: &Node) -> String {
    match &node.doc {
        Some(doc) => doc.source.display().to_string(),
        None if node.is_root() => "the home page".to_string(),
        None => format!("the folder `{}`", node.key),
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
