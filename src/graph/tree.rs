//! The site's tree, the first step of [`Graph::build`](super::Graph::build): a section node
//! for every folder, a page node for every page, each section's child lists in reading
//! order, every node's URL and output path, and the depth-first reading order.
//! It sees only the documents and folders; assets, taxonomies and links come after it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{Node, NodeId, ROOT, paths, reading_cmp};
use crate::config::Config;
use crate::content::{Document, Kind, parent_dir};
use crate::diagnostics::{Code, Diagnostic};
use crate::text::title_from_name;

/// The nodes of the site, placed and ordered.
pub(super) struct Tree {
    /// Sections (parents before children, home first), then pages.
    pub(super) nodes: Vec<Node>,
    /// Each content folder's section node.
    pub(super) section_of_dir: HashMap<String, NodeId>,
    /// Depth-first: each section, then its pages, then its subsections.
    pub(super) reading_order: Vec<NodeId>,
}

impl Tree {
    /// Builds the tree of `dirs` (every content folder) and `documents`, step by step: each
    /// step needs only what the ones before it made.
    pub(super) fn build(
        dirs: BTreeSet<String>,
        documents: Vec<Arc<Document>>,
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Tree {
        let (section_docs, page_docs) = split_documents(documents);
        let mut tree = Tree {
            // Sized up front: a node is large, and growing the vector would copy every one.
            nodes: Vec::with_capacity(dirs.len() + section_docs.len() + page_docs.len()),
            section_of_dir: HashMap::new(),
            reading_order: Vec::new(),
        };
        tree.add_sections(dirs, section_docs, config);
        tree.add_pages(page_docs);
        tree.list_children();
        tree.place(config, diagnostics);
        tree.order();
        tree
    }

    /// Makes a section node for every folder, in path order, so a parent always precedes
    /// its children (and the home page, the folder `""`, is node 0). A folder without
    /// `_index.md` is titled from its name.
    fn add_sections(
        &mut self,
        dirs: BTreeSet<String>,
        mut section_docs: HashMap<String, Arc<Document>>,
        config: &Config,
    ) {
        // A `BTreeSet` iterates in sorted order: the path order.
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
                self.section_of_dir.get(parent_dir(&dir)).copied()
            };
            let id = NodeId::new(self.nodes.len());
            self.section_of_dir.insert(dir.clone(), id);
            self.nodes.push(Node {
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
        debug_assert_eq!(self.nodes.first().map(|n| n.key.as_str()), Some(""));
    }

    /// Makes a page node for every page, after all the sections, under the section of its
    /// folder (a bundle's: the folder holding the bundle), or the home page.
    fn add_pages(&mut self, page_docs: Vec<Arc<Document>>) {
        for doc in page_docs {
            let home_dir = if doc.bundle {
                parent_dir(&doc.dir).to_string()
            } else {
                doc.dir.clone()
            };
            let parent = self.section_of_dir.get(&home_dir).copied().unwrap_or(ROOT);
            self.nodes.push(Node {
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
    }

    /// Fills each section's child pages and sections, in reading order ([`reading_cmp`]).
    /// Hidden pages and sections (and `build.list: never`) are rendered but not listed.
    fn list_children(&mut self) {
        let nodes = &mut self.nodes;
        for id in NodeId::all(nodes.len()).skip(1) {
            let parent = nodes[id].parent.expect("only the root has no parent");
            if !nodes[id].listed() {
                continue;
            }
            match nodes[id].kind {
                Kind::Page => nodes[parent].pages.push(id),
                Kind::Section => nodes[parent].sections.push(id),
            }
        }
        for id in NodeId::all(nodes.len()) {
            let mut pages = std::mem::take(&mut nodes[id].pages);
            pages.sort_by(|&a, &b| reading_cmp(&nodes[a], &nodes[b]));
            nodes[id].pages = pages;
            let mut sections = std::mem::take(&mut nodes[id].sections);
            sections.sort_by(|&a, &b| reading_cmp(&nodes[a], &nodes[b]));
            nodes[id].sections = sections;
        }
    }

    /// Gives every node its URL and output path, top-down (sections are made
    /// parents-first, pages after all sections, so a parent is always placed first): its
    /// folder's, below its parent's, or its own `url:`.
    fn place(&mut self, config: &Config, diagnostics: &mut Vec<Diagnostic>) {
        let nodes = &mut self.nodes;
        let base = config.base_url.path.clone();
        // Sections moved by their own `url:`: their children stay where the section's
        // folder puts them, as in Hugo.
        let mut placed_under: FxHashMap<NodeId, String> = FxHashMap::default();
        for id in NodeId::all(nodes.len()) {
            let (url, output) = match nodes[id].parent {
                None => {
                    root_url_ignored(&nodes[id], diagnostics);
                    (base.clone(), "index.html".to_string())
                }
                Some(parent) => {
                    let parent_url = placed_under.get(&parent).unwrap_or(&nodes[parent].url);
                    let url = format!("{parent_url}{}/", node_slug(&nodes[id], config));
                    match own_output(&nodes[id], &base, diagnostics) {
                        Some(output) => {
                            if nodes[id].kind == Kind::Section {
                                placed_under.insert(id, url);
                            }
                            (format!("{base}{}", paths::url_of_output(&output)), output)
                        }
                        None => {
                            let output = format!("{}index.html", &url[base.len()..]);
                            (url, output)
                        }
                    }
                }
            };
            nodes[id].url = url;
            nodes[id].output = output;
        }
    }

    /// Walks the reading order, depth-first (iteratively): each section, then its listed
    /// pages, then its subsections; and sets each node's position in it (unlisted nodes
    /// keep `usize::MAX`).
    fn order(&mut self) {
        let nodes = &mut self.nodes;
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
        self.reading_order = reading_order;
    }
}

/// Sorts the documents into section indexes (by their folder, which the section nodes look
/// up) and pages (kept in path order, the order their nodes are made in).
fn split_documents(
    documents: Vec<Arc<Document>>,
) -> (HashMap<String, Arc<Document>>, Vec<Arc<Document>>) {
    let mut section_docs: HashMap<String, Arc<Document>> = HashMap::new();
    let mut page_docs: Vec<Arc<Document>> = Vec::with_capacity(documents.len());
    for doc in documents {
        match doc.kind {
            Kind::Section => {
                section_docs.insert(doc.dir.clone(), doc);
            }
            Kind::Page => page_docs.push(doc),
        }
    }
    (section_docs, page_docs)
}

/// The output path a node's own `url:` gives it, if it has one that makes a path; a `url:`
/// that makes none is an error (and the node keeps the path its file gives it).
fn own_output(node: &Node, base: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let doc = node.doc.as_deref()?;
    let written = doc.front.url.as_deref()?;
    match paths::page_output(written, base) {
        Ok(output) => Some(output),
        Err(problem) => {
            let d = Diagnostic::error(Code::Url, format!("`url` `{written}` {}", problem.describe()))
                .help("write the page's path on this site, e.g. `url: /guide/start/` or `url: /guide/start.html`");
            diagnostics.push(doc.at_key(d, "url"));
            None
        }
    }
}

/// The home page is always at the base URL: a `url:` on it is ignored, with a warning.
fn root_url_ignored(node: &Node, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(doc) = node.doc.as_deref()
        && doc.front.url.is_some()
    {
        let d = Diagnostic::warning(
            Code::Url,
            "`url` is ignored on the home page: its address is the `base-url`",
        )
        .help("remove `url`, or set `base-url` under [book] in book.toml");
        diagnostics.push(doc.at_key(d, "url"));
    }
}

/// The last part of a node's URL: its document's slug, or its folder's name slugified.
fn node_slug(node: &Node, config: &Config) -> String {
    match &node.doc {
        Some(doc) => doc.slug.clone(),
        None => config
            .build
            .slugify
            .apply(node.key.rsplit('/').next().unwrap_or("")),
    }
}
