//! Cross-references: every link in every body and every relation in front matter, resolved
//! against the whole site — by id (`[[OPS01-BP02]]`), content path (`@/ops/x.md`, `../x.md`),
//! URL (`/ops/x/`, the old site's absolute URLs) and anchor — with a diagnostic and a
//! suggestion for each that resolves to nothing. The result is the link [`Edge`]s (for
//! backlinks and graph.json) and, per page, how each link is written.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Document;
use crate::diagnostics::{Code, Diagnostic};
use crate::markdown::links::{LinkRef, Resolution, Target, percent_decode};
use crate::suggest::Suggestions;
use crate::text::did_you_mean;

use super::{Graph, NodeId, RelationId};

/// What a link between two pages is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// A link in the body.
    Link,
    /// A relation declared in front matter: the index into `config.relations`.
    Relation(RelationId),
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
    /// The target's own spelling, when the link matched it only ignoring case.
    respelled: Option<String>,
}

/// Why a link resolved to nothing: what was looked for, and where to look for a suggestion
/// (searched only when the problem is reported).
struct Miss<'a> {
    what: String,
    suggest: Suggest<'a>,
    anchor: bool,
}

/// What a broken link's "did you mean" looks among.
enum Suggest<'a> {
    /// No suggestion makes sense.
    Nothing,
    /// Page ids, for `[[ID]]`.
    Id(String),
    /// Markdown files and assets, for a path in the content folder, suggested as a path
    /// relative to the folder `from_dir`, or else from the content root after `root`
    /// (`@/`).
    Content {
        path: String,
        from_dir: Option<&'a str>,
        root: &'a str,
    },
    /// Page URLs, for a URL path.
    Url(String),
    /// One text's anchors, for `#anchor`.
    Anchor {
        anchors: &'a [String],
        anchor: String,
    },
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
    /// "Did you mean" indexes of ids, content files and URLs, built on the first broken
    /// link that asks for one.
    suggest_ids: OnceLock<Suggestions<'g>>,
    suggest_content: OnceLock<Suggestions<'g>>,
    suggest_urls: OnceLock<Suggestions<'g>>,
    /// Outputs, folders and content files by their lowercase names, built on the first
    /// absolute link that matches nothing as written.
    folded: OnceLock<Folded<'g>>,
    /// Former addresses (`links.url-keys`, see [`former_key`]) → the page that claims them.
    /// Empty on sites without url keys.
    former: HashMap<String, NodeId>,
    /// `links.url-keys`.
    url_keys: &'g [String],
}

/// The nodes by id (lowercase) and by source path (a section's or bundle's folder too; a
/// folder without `_index.md` by its key; `""` for the home page). A second page with an
/// id already taken is an error, at its `id`.
fn index_nodes<'g>(
    graph: &'g Graph,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> (HashMap<String, NodeId>, HashMap<&'g str, NodeId>) {
    // Sized up front: on a large site these maps hold hundreds of thousands of entries.
    let nodes = graph.nodes.len();
    let mut by_id: HashMap<String, NodeId> =
        HashMap::with_capacity_and_hasher(nodes, Default::default());
    let mut by_source: HashMap<&'g str, NodeId> =
        HashMap::with_capacity_and_hasher(nodes * 5 / 4, Default::default());
    for (id, node) in NodeId::enumerate(&graph.nodes) {
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
                    let first_source = first.doc.as_ref().map(|d| d.source.display().to_string());
                    let d = Diagnostic::error(
                        Code::DuplicateId,
                        format!(
                            "id `{page_id}` is also used by {}",
                            first_source.unwrap_or_default()
                        ),
                    )
                    .help("ids are compared ignoring case and must be unique; change one of them");
                    diagnostics.push(id_location(doc, config, d));
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(id);
                }
            }
        }
    }
    by_source.insert("", super::ROOT);
    (by_id, by_source)
}

/// Every file the build writes, by output path, and by folder for `…/index.html`.
struct OutputIndex<'g> {
    outputs: HashMap<&'g str, Output>,
    folders: HashMap<&'g str, Output>,
    /// Whether any output (or folder of one) is named `….md`.
    md_outputs: bool,
}

impl<'g> OutputIndex<'g> {
    /// Indexes the extra outputs and assets (files), the aliases and the nodes; later kinds
    /// win a shared name: pages over aliases over files.
    fn new(graph: &'g Graph, extra_outputs: &'g BTreeSet<String>) -> OutputIndex<'g> {
        let written =
            extra_outputs.len() + graph.assets.len() + graph.aliases.len() + graph.nodes.len();
        let mut index = OutputIndex {
            outputs: HashMap::with_capacity_and_hasher(written, Default::default()),
            folders: HashMap::with_capacity_and_hasher(written, Default::default()),
            md_outputs: false,
        };
        for name in extra_outputs {
            index.add(name, Output::File);
        }
        for asset in &graph.assets {
            index.add(&asset.output, Output::File);
        }
        for alias in &graph.aliases {
            index.add(&alias.output, Output::Alias(alias.target));
        }
        for (id, node) in NodeId::enumerate(&graph.nodes) {
            index.add(&node.output, Output::Node(id));
        }
        index
    }

    /// Records one output, replacing what had its name.
    fn add(&mut self, name: &'g str, output: Output) {
        self.outputs.insert(name, output);
        self.md_outputs |= is_md(name);
        if let Some(folder) = name.strip_suffix("/index.html") {
            self.folders.insert(folder, output);
            self.md_outputs |= is_md(folder);
        }
    }
}

/// The texts of taxonomies and terms (`tags/_index.md`, and its folder) → the URL they
/// are published at.
fn term_text_urls(graph: &Graph) -> HashMap<&str, &str> {
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
    term_texts
}

/// Names by their lowercase spelling → as written (the first in byte order among those
/// that differ only in case).
#[derive(Default)]
struct Folded<'g> {
    outputs: HashMap<String, &'g str>,
    folders: HashMap<String, &'g str>,
    sources: HashMap<String, &'g str>,
}

impl<'g> Resolver<'g> {
    /// Indexes ids, source paths and output paths. Duplicate ids are reported.
    pub(super) fn new(
        graph: &'g Graph,
        config: &'g Config,
        extra_outputs: &'g BTreeSet<String>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Resolver<'g> {
        let (by_id, by_source) = index_nodes(graph, config, diagnostics);
        let outputs = OutputIndex::new(graph, extra_outputs);
        let assets = graph
            .assets
            .iter()
            .filter_map(|a| Some((a.content_path.as_deref()?, a.output.as_str())))
            .collect();
        Resolver {
            graph,
            base_path: &config.base_url.path,
            by_id,
            by_source,
            assets,
            outputs: outputs.outputs,
            folders: outputs.folders,
            term_texts: term_text_urls(graph),
            md_outputs: outputs.md_outputs,
            suggest_ids: OnceLock::new(),
            suggest_content: OnceLock::new(),
            suggest_urls: OnceLock::new(),
            folded: OnceLock::new(),
            former: former_addresses(graph, config, diagnostics),
            url_keys: &config.links.url_keys,
        }
    }

    /// The help for a broken link: the nearest name among those it could have meant.
    fn suggestion(&self, suggest: &Suggest<'_>) -> Option<String> {
        match suggest {
            Suggest::Nothing => None,
            Suggest::Id(id) => {
                let index = self.suggest_ids.get_or_init(|| {
                    Suggestions::new(
                        self.by_id
                            .values()
                            .filter_map(|&n| self.graph.nodes[n].id()),
                    )
                });
                index
                    .nearest(id)
                    .map(|s| format!("did you mean `[[{s}]]`?"))
            }
            Suggest::Content {
                path,
                from_dir,
                root,
            } => {
                let index = self.suggest_content.get_or_init(|| {
                    let files = self.by_source.keys().filter(|k| k.ends_with(".md"));
                    Suggestions::new(files.copied().chain(self.assets.keys().copied()))
                });
                index.nearest(path).map(|best| match from_dir {
                    Some(dir) => format!("did you mean `{}`?", relative_path(dir, best)),
                    None => format!("did you mean `{root}{best}`?"),
                })
            }
            Suggest::Url(path) => {
                let index = self.suggest_urls.get_or_init(|| {
                    Suggestions::new(self.graph.nodes.iter().map(|n| n.url.as_str()))
                });
                index.nearest(path).map(|s| format!("did you mean `{s}`?"))
            }
            Suggest::Anchor { anchors, anchor } => {
                did_you_mean(anchor, anchors.iter().map(String::as_str))
                    .map(|s| format!("did you mean `#{s}`?"))
            }
        }
    }

    /// Resolves a link target written in `from`: where it leads, then its anchor.
    fn resolve<'m>(&'m self, from: &Origin<'m>, target: &Target) -> Result<Hit, Miss<'m>> {
        if let Target::SamePage { anchor } = target {
            return anchor_in(&from.doc.title, &from.doc.body.anchors, anchor).map(|()| Hit {
                href: format!("#{anchor}"),
                node: None,
                respelled: None,
            });
        }
        let hit = match self.locate(from, target) {
            Ok(hit) => hit,
            Err(miss) if miss.anchor || self.former.is_empty() => return Err(miss),
            Err(miss) => self.locate_former(from, target).ok_or(miss)?,
        };
        if let Some(node) = hit.node {
            self.published(node)?;
        }
        let Some(anchor) = target.anchor() else {
            return Ok(hit);
        };
        if let Some(node) = hit.node {
            self.check_anchor(node, anchor)?;
        }
        Ok(Hit {
            href: format!("{}#{anchor}", hit.href),
            node: hit.node,
            respelled: hit.respelled.map(|r| format!("{r}#{anchor}")),
        })
    }

    /// A page with `build.render: never` (or headless) has no URL to link to.
    fn published(&self, node: NodeId) -> Result<(), Miss<'_>> {
        let node = &self.graph.nodes[node];
        if node.build().render != crate::content::front_matter::Render::Never {
            return Ok(());
        }
        let what = match &node.doc {
            Some(doc) if doc.front.headless => "is headless",
            _ => "has `build.render: never`",
        };
        Err(Miss {
            what: format!("`{}` {what}, so it is not published", node.title),
            suggest: Suggest::Nothing,
            anchor: false,
        })
    }

    /// Where a link target leads, before its anchor is checked: each kind of target is
    /// looked up where it can lead.
    fn locate<'m>(&'m self, from: &Origin<'m>, target: &Target) -> Result<Hit, Miss<'m>> {
        match target {
            Target::External | Target::SamePage { .. } => {
                unreachable!("external and same-page links are not located")
            }
            Target::Former { url, .. } => self.locate_former_url(url),
            Target::Id { id, .. } => self.locate_id(id),
            Target::Content { path, .. } => self.locate_content(path),
            Target::Ref { path, anchor } => self.locate_ref(from, path, anchor),
            Target::Relative { path, .. } => self.locate_relative(from, path),
            Target::Site { path, .. } | Target::Url { path, .. } => self.locate_site_path(path),
        }
    }

    /// A former address written as such: the page that names it among its own.
    fn locate_former_url(&self, url: &str) -> Result<Hit, Miss<'g>> {
        former_key(url)
            .and_then(|k| self.former_hit(&k))
            .ok_or_else(|| Miss {
                what: format!("no page names `{url}` as its former address"),
                suggest: Suggest::Nothing,
                anchor: false,
            })
    }

    /// `[[ID]]`: the page with that id, ignoring case.
    fn locate_id(&self, id: &str) -> Result<Hit, Miss<'g>> {
        match self.by_id.get(&id.to_lowercase()) {
            Some(&node) => Ok(self.node_hit(node)),
            None => Err(Miss {
                what: format!("no page has the id `{id}`"),
                suggest: Suggest::Id(id.to_string()),
                anchor: false,
            }),
        }
    }

    /// `@/path`: a file of the content folder, else a generated page at that path
    /// (`@/tags/value-delivery` and Hugo's `ref "/tags/…"` may name term pages).
    fn locate_content(&self, path: &str) -> Result<Hit, Miss<'g>> {
        self.lookup_content(path)
            .or_else(|| normalize(path).and_then(|p| self.lookup_url(&p)))
            .ok_or_else(|| self.content_miss(path, None))
    }

    /// Hugo's `ref`: the path relative to the page, else from the content root; a miss is
    /// reported as the relative one.
    fn locate_ref<'m>(
        &'m self,
        from: &Origin<'m>,
        path: &str,
        anchor: &Option<String>,
    ) -> Result<Hit, Miss<'m>> {
        let relative = Target::Relative {
            path: path.to_string(),
            anchor: anchor.clone(),
        };
        self.locate(from, &relative).or_else(|miss| {
            let content = Target::Content {
                path: path.to_string(),
                anchor: anchor.clone(),
            };
            self.locate(from, &content).map_err(|_| miss)
        })
    }

    /// A relative path: from the source file's folder in the content folder, and from the
    /// page's URL as a browser reads it. Where both lead to one place, or only the URL
    /// does, the link stays as written.
    fn locate_relative<'m>(&'m self, from: &Origin<'m>, path: &str) -> Result<Hit, Miss<'m>> {
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
            href: path.to_string(),
            node: hit.node,
            respelled: None,
        };
        match (from_file, from_url) {
            (Some(file), Some(url)) if file.href == url.href => Ok(as_written(file)),
            (Some(file), _) => Ok(file),
            (None, Some(url)) => Ok(as_written(url)),
            (None, None) => Err(self.content_miss(joined.as_deref().unwrap_or(path), Some(dir))),
        }
    }

    /// A path from the site's root (or a full URL of this site): an output below the base
    /// path (percent-decoded; a `.md` one may name a content file; a miscased one is
    /// found by its lowercase), or a `/x.md` content file whatever the base path.
    fn locate_site_path(&self, path: &str) -> Result<Hit, Miss<'g>> {
        let Some(rest) = path
            .strip_prefix(self.base_path)
            .or_else(|| (format!("{path}/") == self.base_path).then_some(""))
        else {
            // `/x.md` names a file of the content folder, whatever the base path.
            let content = path.strip_prefix('/').filter(|p| is_md(p));
            if let Some(hit) = content.and_then(|p| self.lookup_content(p)) {
                return Ok(hit);
            }
            return Err(Miss {
                what: format!(
                    "`{path}` is outside this site (its base path is `{}`)",
                    self.base_path
                ),
                suggest: Suggest::Nothing,
                anchor: false,
            });
        };
        let rest = percent_decode(rest);
        let normalized = normalize(&rest);
        let found = normalized.as_deref().and_then(|p| {
            self.lookup_url(p)
                .or_else(|| is_md(p).then(|| self.lookup_content(p)).flatten())
                .or_else(|| self.lookup_folded(p))
        });
        match found {
            Some(hit) => Ok(hit),
            None if is_md(&rest) => Err(Miss {
                what: format!(
                    "nothing on this site is published at `{path}`, and the content \
                     folder has no `{rest}`"
                ),
                suggest: Suggest::Content {
                    path: normalized.unwrap_or(rest),
                    from_dir: None,
                    root: self.base_path,
                },
                anchor: false,
            }),
            None => Err(Miss {
                what: format!("nothing on this site is published at `{path}`"),
                suggest: Suggest::Url(path.to_string()),
                anchor: false,
            }),
        }
    }

    fn node_hit(&self, node: NodeId) -> Hit {
        Hit {
            href: self.graph.nodes[node].url.clone(),
            node: Some(node),
            respelled: None,
        }
    }

    /// A path inside the output folder or, for `….md`, the content folder, that matches a
    /// name only ignoring case: that name, and how to spell the link.
    fn lookup_folded(&self, path: &str) -> Option<Hit> {
        let folded = self.folded.get_or_init(|| self.fold());
        let trimmed = path.trim_end_matches('/');
        let lower = trimmed.to_lowercase();
        let slash = if path.ends_with('/') { "/" } else { "" };
        let (hit, right) = if let Some(&real) = folded.outputs.get(&lower) {
            (self.lookup_url(real)?, real.to_string())
        } else if let Some(&real) = folded.folders.get(&lower) {
            (self.lookup_url(real)?, format!("{real}{slash}"))
        } else {
            let &real = folded.sources.get(&lower).filter(|_| is_md(&lower))?;
            (self.lookup_content(real)?, real.to_string())
        };
        Some(Hit {
            respelled: Some(format!("{}{right}", self.base_path)),
            ..hit
        })
    }

    /// The lowercase indexes of [`Resolver::lookup_folded`].
    fn fold(&self) -> Folded<'g> {
        fn index<'g>(names: impl Iterator<Item = &'g str>) -> HashMap<String, &'g str> {
            let mut names: Vec<&'g str> = names.collect();
            names.sort_unstable();
            let mut out = HashMap::with_capacity_and_hasher(names.len(), Default::default());
            for name in names {
                out.entry(name.to_lowercase()).or_insert(name);
            }
            out
        }
        Folded {
            outputs: index(self.outputs.keys().copied()),
            folders: index(self.folders.keys().copied()),
            sources: index(self.by_source.keys().copied().filter(|k| is_md(k))),
        }
    }

    /// The page whose former address is `key`.
    fn former_hit(&self, key: &str) -> Option<Hit> {
        self.former.get(key).map(|&node| self.node_hit(node))
    }

    /// A link that matched nothing on this site, read as the linking page's old site would
    /// have read it: a relative path against the page's former address, a root path on its
    /// former host.
    fn locate_former(&self, from: &Origin<'_>, target: &Target) -> Option<Hit> {
        let (path, rooted) = match target {
            Target::Relative { path, .. } => (path.as_str(), false),
            Target::Url { path, .. } => (path.as_str(), true),
            _ => return None,
        };
        self.url_keys
            .iter()
            .filter_map(|key| from.doc.front.field(key))
            .flat_map(|field| field.texts())
            .find_map(|own| {
                let (host, own_path) = split_former(&own)?;
                let joined = if rooted {
                    normalize(path)?
                } else {
                    let dir = own_path.rfind('/').map_or("", |at| &own_path[..at]);
                    normalize_join(dir, path)?
                };
                self.former_hit(&key_of(&host, &joined))
            })
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
                respelled: None,
            });
        }
        let output = self.assets.get(trimmed)?;
        Some(Hit {
            href: format!("{}{output}", self.base_path),
            node: None,
            respelled: None,
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
                respelled: None,
            },
        })
    }

    /// Whether `path` certainly names no output: a `.md` path on a site that publishes none.
    fn never_published(&self, path: &str) -> bool {
        !self.md_outputs && is_md(path.trim_end_matches('/'))
    }

    fn content_miss<'m>(&self, path: &str, from_dir: Option<&'m str>) -> Miss<'m> {
        Miss {
            what: format!("no page or file at `{path}` in the content folder"),
            suggest: Suggest::Content {
                path: path.to_string(),
                from_dir,
                root: "@/",
            },
            anchor: false,
        }
    }

    fn check_anchor(&self, node: NodeId, anchor: &str) -> Result<(), Miss<'g>> {
        let title = &self.graph.nodes[node].title;
        match &self.graph.nodes[node].doc {
            Some(doc) => anchor_in(title, &doc.body.anchors, anchor),
            None => Err(Miss {
                what: format!("`{title}` has no text, so no `#{anchor}`"),
                suggest: Suggest::Nothing,
                anchor: true,
            }),
        }
    }
}

/// Checks that `anchor` is one of a text's ids.
fn anchor_in<'a>(title: &str, anchors: &'a [String], anchor: &str) -> Result<(), Miss<'a>> {
    if anchors.binary_search_by(|a| a.as_str().cmp(anchor)).is_ok() {
        return Ok(());
    }
    Err(Miss {
        what: format!("`{title}` has no heading or anchor `#{anchor}`"),
        suggest: Suggest::Anchor {
            anchors,
            anchor: anchor.to_string(),
        },
        anchor: true,
    })
}

/// Every link and relation of the site, resolved.
pub(super) struct Resolved {
    /// For each node, one resolution per link of its body, then of its description.
    pub links: Vec<Vec<Resolution>>,
    /// For each node, its relations: (relation index, targets).
    pub relations: Vec<Vec<(RelationId, Vec<NodeId>)>>,
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
    let mut text = TextLinks {
        resolver,
        from,
        levels,
        diagnostics,
        edges,
    };
    let mut resolved = Vec::with_capacity(links.len());
    for link in links {
        resolved.push(text.resolve(link));
    }
    resolved
}

/// One text's links being resolved: where they are written, and where what they find goes.
struct TextLinks<'a, 'g> {
    resolver: &'a Resolver<'g>,
    from: &'a Origin<'a>,
    levels: Levels,
    diagnostics: &'a mut Vec<Diagnostic>,
    edges: &'a mut BTreeSet<Edge>,
}

impl TextLinks<'_, '_> {
    /// How one link resolves. External links are kept (checked for unsafe schemes); a
    /// former address no page claims is left external; the rest are looked up.
    fn resolve(&mut self, link: &LinkRef) -> Resolution {
        if link.target == Target::External {
            self.diagnostics
                .extend(unsafe_link(link, &self.from.doc.source));
            return Resolution::Found {
                href: link.raw.clone(),
                title: None,
            };
        }
        if let Target::Former { url, .. } = &link.target
            && !former_key(url).is_some_and(|k| self.resolver.former.contains_key(&k))
        {
            return Resolution::External;
        }
        match self.resolver.resolve(self.from, &link.target) {
            Ok(hit) => self.found(link, hit),
            Err(miss) => self.missed(link, miss),
        }
    }

    /// A link that found its target: a warning if it is spelt in another case than the
    /// target (when such links are reported at all), an edge between two pages, and the
    /// target's title for a link whose text comes from it.
    fn found(&mut self, link: &LinkRef, hit: Hit) -> Resolution {
        let level = if link.target.is_plain_path() {
            self.levels.unresolved
        } else {
            self.levels.broken
        };
        if let (Some(right), Some(_)) = (&hit.respelled, level) {
            self.diagnostics
                .push(case_warning(link, right, &self.from.doc.source));
        }
        if let (Some(source), Some(target)) = (self.from.node, hit.node)
            && source != target
        {
            self.edges.insert(Edge {
                source,
                target,
                kind: EdgeKind::Link,
            });
        }
        // Only a link whose text comes from its target shows the title.
        let title = hit
            .node
            .filter(|_| link.text_from_target)
            .map(|t| self.resolver.graph.nodes[t].title.clone());
        Resolution::Found {
            href: hit.href,
            title,
        }
    }

    /// A link that found nothing: on a translation, the default language's page if it has
    /// one (with a note); else broken, reported at the level its kind of link is set to,
    /// with a "did you mean" when one is near.
    fn missed(&mut self, link: &LinkRef, miss: Miss<'_>) -> Resolution {
        let source = &self.from.doc.source;
        // On a translation, a page its language lacks may be the default language's.
        if let Some((found, note)) = (!miss.anchor)
            .then(|| foreign(self.resolver.graph, self.from, link))
            .flatten()
        {
            self.diagnostics
                .push(note.at_location(source, &link.location));
            return found;
        }
        let level = if link.target.is_plain_path() && !miss.anchor {
            self.levels.unresolved
        } else {
            self.levels.broken
        };
        let Some(severity) = level else {
            return Resolution::Broken;
        };
        let described = described(link);
        let code = if miss.anchor {
            Code::BrokenAnchor
        } else {
            Code::BrokenLink
        };
        let d = Diagnostic::new(
            severity,
            code,
            format!("broken {described} to `{}`: {}", link.raw, miss.what),
        )
        .at_location(source, &link.location);
        self.diagnostics
            .push(match self.resolver.suggestion(&miss.suggest) {
                Some(help) => d.help(help),
                None => d,
            });
        Resolution::Broken
    }
}

/// The scheme of a destination as a browser reads it: leading spaces and control characters
/// dropped, tabs and line breaks inside ignored (`java\tscript:` runs), lowercased; None
/// without a scheme.
fn scheme_of(dest: &str) -> Option<String> {
    let dest = dest.trim_start_matches(|c: char| c <= ' ');
    let colon = dest.find(':')?;
    let scheme: String = dest[..colon]
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// A warning for a link a reader should not follow: one that runs script (`javascript:`,
/// `vbscript:`, a `data:` document) or opens a file on the reader's own machine (`file:`).
/// Images may be `data:`: a browser shows them, it does not run them.
fn unsafe_link(link: &LinkRef, source: &std::path::Path) -> Option<Diagnostic> {
    let scheme = scheme_of(&link.raw)?;
    let described = described(link);
    let shown: String = link.raw.chars().take(40).collect();
    let (code, why, help) = match scheme.as_str() {
        "javascript" | "vbscript" => (
            Code::UnsafeLink,
            "runs a script when it is followed",
            "link to a page or an https:// address; scripts belong in templates",
        ),
        "data" if !link.image => (
            Code::UnsafeLink,
            "opens inline data, which a browser may run as a page",
            "publish the file under static/ and link to it, or make it an image",
        ),
        "file" => (
            Code::LocalFileLink,
            "points into the reader's own file system and works on no one else's machine",
            "link to the page ([[ID]] or a relative .md path), or publish the file under static/",
        ),
        _ => return None,
    };
    let d = Diagnostic::warning(code, format!("{described} to `{shown}` {why}"));
    Some(d.at_location(source, &link.location).help(help))
}

/// `link “its text”` or `image “its alt text”`, as messages name a link.
fn described(link: &LinkRef) -> String {
    let what = if link.image { "image" } else { "link" };
    match link.text.is_empty() {
        true => what.to_string(),
        false => format!("{what} “{}”", link.text),
    }
}

/// The warning for a link that matched its target only ignoring case.
fn case_warning(link: &LinkRef, right: &str, source: &std::path::Path) -> Diagnostic {
    let described = described(link);
    Diagnostic::warning(
        Code::LinkCase,
        format!(
            "{described} to `{}` matches `{right}` only when case is ignored",
            link.raw
        ),
    )
    .at_location(source, &link.location)
    .help(format!(
        "write `{right}`: most web servers tell upper from lower case in addresses"
    ))
}

/// Every page's former addresses (`links.url-keys`) → the page, the first in reading order
/// winning a shared one. Values that are not absolute http(s) URLs, and addresses claimed
/// twice, are warnings.
fn former_addresses(
    graph: &Graph,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, NodeId> {
    let keys = &config.links.url_keys;
    let mut former: HashMap<String, NodeId> = HashMap::default();
    if keys.is_empty() {
        return former;
    }
    let mut pages: Vec<(NodeId, &Document)> = NodeId::enumerate(&graph.nodes)
        .filter_map(|(id, node)| Some((id, node.doc.as_deref()?)))
        .collect();
    pages.sort_by(|a, b| {
        let order = |id: NodeId| graph.nodes[id].order;
        order(a.0)
            .cmp(&order(b.0))
            .then_with(|| a.1.rel_path.cmp(&b.1.rel_path))
    });
    for (id, doc) in pages {
        for key in keys {
            let Some(field) = doc.front.field(key) else {
                continue;
            };
            for value in field.texts() {
                let Some(address) = former_key(&value) else {
                    let d = Diagnostic::warning(
                        Code::FormerUrl,
                        format!("`{key}` is not an absolute http(s) address: `{value}`"),
                    )
                    .help(
                        "write the page's old address in full, e.g. \
                         `https://old.example.com/guide/page.html`",
                    );
                    diagnostics.push(doc.at_key(d, key));
                    continue;
                };
                match former.entry(address) {
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(id);
                    }
                    std::collections::hash_map::Entry::Occupied(first) if *first.get() != id => {
                        let first = graph.nodes[*first.get()].doc.as_deref();
                        let first = first.map(|d| d.source.display().to_string());
                        let d = Diagnostic::warning(
                            Code::DuplicateFormerUrl,
                            format!(
                                "`{value}` is also the former address of {}, which keeps it",
                                first.unwrap_or_default()
                            ),
                        )
                        .help("links to it lead to the first page in reading order; remove it from one of the two");
                        diagnostics.push(doc.at_key(d, key));
                    }
                    std::collections::hash_map::Entry::Occupied(_) => {}
                }
            }
        }
    }
    former
}

/// The key a former address is known by: the host in lowercase and the path, without
/// scheme, query, fragment, trailing `index.html` or `/` (`https://Old.example.com/a/` and
/// `http://old.example.com/a/index.html` are both `old.example.com/a`). `None` for anything
/// but an absolute http(s) URL.
fn former_key(url: &str) -> Option<String> {
    let (host, path) = split_former(url)?;
    Some(key_of(&host, &path))
}

/// An absolute http(s) URL as (host in lowercase, normalized path without a leading `/`).
fn split_former(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    let rest = ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    })?;
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return None;
    }
    Some((host.to_ascii_lowercase(), normalize(&percent_decode(path))?))
}

/// [`former_key`] of a host and a path.
fn key_of(host: &str, path: &str) -> String {
    let path = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("/index.html").unwrap_or(path)
    };
    format!("{host}/{}", path.trim_end_matches('/'))
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
        Vec<(RelationId, Vec<NodeId>)>,
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
                node: Some(NodeId::new(id)),
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

/// A link on a translation to a page its language lacks (`[[ID]]`, `@/x.md`, `../x.md`):
/// the default language's page, and a note saying so.
fn foreign(graph: &Graph, from: &Origin<'_>, link: &LinkRef) -> Option<(Resolution, Diagnostic)> {
    if graph.foreign.is_empty() {
        return None;
    }
    let by_path = |path: &str| graph.foreign.get(&format!("path:{path}"));
    let relative =
        |path: &str| normalize_join(&from.doc.dir, path).and_then(|p| by_path(&p).cloned());
    let (written, page) = match &link.target {
        Target::Id { id, .. } => (
            id.clone(),
            graph
                .foreign
                .get(&format!("id:{}", id.to_lowercase()))?
                .clone(),
        ),
        Target::Content { path, .. } => (path.clone(), by_path(path)?.clone()),
        Target::Relative { path, .. } => (path.clone(), relative(path)?),
        Target::Ref { path, .. } => (
            path.clone(),
            relative(path).or_else(|| by_path(path).cloned())?,
        ),
        _ => return None,
    };
    let href = match link.target.anchor() {
        Some(anchor) => format!("{}#{anchor}", page.href),
        None => page.href.clone(),
    };
    let title = link.text_from_target.then(|| page.title.clone());
    let note = Diagnostic::new(
        crate::diagnostics::Severity::Note,
        Code::Translation,
        format!(
            "`{written}` has no page in this language: the link leads to the {} page",
            page.language
        ),
    )
    .help("translate the page, or leave the link to show the reader the page there is");
    Some((Resolution::Found { href, title }, note))
}

fn resolve_relations(
    resolver: &Resolver<'_>,
    from: &Origin<'_>,
    config: &Config,
    levels: Levels,
    diagnostics: &mut Vec<Diagnostic>,
    edges: &mut BTreeSet<Edge>,
) -> Vec<(RelationId, Vec<NodeId>)> {
    let doc = from.doc;
    let source = from.node.expect("relations belong to pages");
    let mut out = Vec::new();
    for (name, items) in &doc.front.relations {
        let Some(index) = config.relations.iter().position(|r| &r.name == name) else {
            continue;
        };
        let index = RelationId::new(index);
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
                    Ok("relations link pages: write a page's id or its .md path"),
                )),
                Err(miss) => Some((
                    format!("`{name}` target `{}`: {}", item.target, miss.what),
                    Err(miss.suggest),
                )),
            };
            if let (Some((message, suggest)), Some(severity)) = (problem, levels.broken) {
                let help = match suggest {
                    Ok(help) => Some(help.to_string()),
                    Err(suggest) => resolver
                        .suggestion(&suggest)
                        .map(|h| h.replace("[[", "").replace("]]", "")),
                };
                let d = Diagnostic::new(severity, Code::BrokenRelation, message)
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

    /// A site with one broken link of each kind that asks for a suggestion, at `level`.
    fn site_at(level: &str) -> (tempfile::TempDir, crate::Site) {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "book.toml",
            &format!("[links]\nbroken = \"{level}\"\nunresolved = \"{level}\"\n"),
        );
        write("content/a.md", "---\ntitle: A\nid: A-1\n---\nText.\n");
        write(
            "content/b.md",
            "---\ntitle: B\n---\n[[A-2]], [x](aa.md), [y](/aa/), [z](a.md#nowhere).\n",
        );
        let site = crate::Site::load(dir.path(), &Default::default()).unwrap();
        (dir, site)
    }

    #[test]
    fn suggestions_are_searched_only_for_links_that_are_reported() {
        for (level, searched) in [("ignore", false), ("warn", true)] {
            let (_dir, site) = site_at(level);
            let outputs = BTreeSet::new();
            let resolver = Resolver::new(&site.graph, &site.config, &outputs, &mut Vec::new());
            let mut found = Vec::new();
            resolve_all(&resolver, &site.config, &mut found);
            assert_eq!(found.len(), if searched { 4 } else { 0 }, "{level}");
            for index in [
                &resolver.suggest_ids,
                &resolver.suggest_content,
                &resolver.suggest_urls,
            ] {
                assert_eq!(index.get().is_some(), searched, "{level}");
            }
        }
    }

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
