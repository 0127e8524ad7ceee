//! Site menus (`menus.main`, `menus.footer`…), assembled as Hugo assembles them from two
//! sources: the `[[menus.<name>]]` entries of book.toml (links to anywhere) and the `menu`
//! front matter of pages. An entry sits under the entry whose identifier (or, without one,
//! name) its `parent` names; siblings are ordered by weight (entries without one last), then
//! by name ignoring case, then by identifier.
//!
//! Where praxis differs from Hugo: a parent that names no entry is a warning (Hugo says
//! nothing), and like Hugo an entry without a link is made for it; two entries with one
//! identifier in one menu are a warning and both are kept (Hugo keeps the last silently);
//! entries whose parents form a loop are a warning and shown at the top level.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::config::{Config, EntryTable};
use crate::diagnostics::{Code, Diagnostic};

use super::{Graph, NodeId};

/// Every menu of the site, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Menus {
    /// The menus, sorted by name.
    pub menus: Vec<Menu>,
}

/// One menu: its entries, and which of them sit at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Menu {
    /// `main`.
    pub name: String,
    /// Every entry, in the order found (book.toml first, then pages in content order).
    pub entries: Vec<Entry>,
    /// The top-level entries, in menu order.
    pub roots: Vec<usize>,
}

/// One menu entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The label shown: as written, else the page's link title.
    pub name: String,
    /// As written.
    pub identifier: Option<String>,
    /// Where it leads; `None` for an entry that only holds others.
    pub url: Option<String>,
    /// As written, else the page's weight.
    pub weight: Option<i64>,
    /// HTML before the name.
    pub pre: Option<String>,
    /// HTML after the name.
    pub post: Option<String>,
    /// The link's tooltip.
    pub title: Option<String>,
    /// The page it is an entry for.
    pub node: Option<NodeId>,
    /// The entry it sits under.
    pub parent: Option<usize>,
    /// The entries under it, in menu order.
    pub children: Vec<usize>,
}

impl Entry {
    /// An entry with only a name: what a `parent` naming no written entry stands for.
    fn named(name: String) -> Self {
        Entry {
            name,
            identifier: None,
            url: None,
            weight: None,
            pre: None,
            post: None,
            title: None,
            node: None,
            parent: None,
            children: Vec::new(),
        }
    }

    /// What a `parent` names this entry by: its identifier, else its name (Hugo's KeyName).
    pub fn key(&self) -> &str {
        self.identifier.as_deref().unwrap_or(&self.name)
    }
}

impl Menus {
    /// Whether the site has no menu at all.
    pub fn is_empty(&self) -> bool {
        self.menus.is_empty()
    }
}

/// An entry as found, with what it names as its parent and how to point at it.
struct Found {
    entry: Entry,
    parent: Option<String>,
    place: Place,
}

/// Where an entry is written, for messages.
#[derive(Clone)]
enum Place {
    /// Entry `index` of `[[menus.<menu>]]` in book.toml.
    Config(String, usize),
    /// A page's front matter.
    Page(NodeId, crate::diagnostics::Location),
}

/// Builds every menu of the site, reporting parents that name nothing, repeated
/// identifiers and loops as warnings.
pub(crate) fn build(graph: &Graph, config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Menus {
    let mut by_menu: HashMap<String, Vec<Found>> = HashMap::new();
    // Only built when some entry names its page (a map of every page's path).
    let pages = if config
        .menus
        .values()
        .flatten()
        .any(|e| e.page_ref.is_some())
    {
        PageRefs::new(graph)
    } else {
        PageRefs::default()
    };
    for (menu, entries) in &config.menus {
        for (index, written) in entries.iter().enumerate() {
            let entry = config_entry(graph, config, &pages, (menu, index), written, diagnostics);
            by_menu.entry(menu.clone()).or_default().push(Found {
                entry,
                parent: written.parent.clone(),
                place: Place::Config(menu.clone(), index),
            });
        }
    }
    for (id, node) in NodeId::enumerate(&graph.nodes) {
        let Some(doc) = &node.doc else { continue };
        for written in &doc.front.menus {
            let name = written
                .name
                .clone()
                .unwrap_or_else(|| node.link_title().to_string());
            let entry = Entry {
                name,
                identifier: written.identifier.clone(),
                url: Some(node.url.clone()),
                weight: written.weight.or(doc.front.weight),
                pre: written.pre.clone(),
                post: written.post.clone(),
                title: written.title.clone(),
                node: Some(id),
                parent: None,
                children: Vec::new(),
            };
            by_menu
                .entry(written.menu.clone())
                .or_default()
                .push(Found {
                    entry,
                    parent: written.parent.clone(),
                    place: Place::Page(id, written.location.clone()),
                });
        }
    }
    let mut menus: Vec<Menu> = by_menu
        .into_iter()
        .map(|(name, found)| assemble(graph, config, name, found, diagnostics))
        .collect();
    menus.sort_by(|a, b| a.name.cmp(&b.name));
    Menus { menus }
}

/// Entry `index` of `[[menus.<menu>]]` in book.toml, its `page-ref` resolved.
fn config_entry(
    graph: &Graph,
    config: &Config,
    pages: &PageRefs,
    (menu, index): (&str, usize),
    written: &crate::config::MenuConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Entry {
    let node = written.page_ref.as_deref().and_then(|page_ref| {
        let found = pages.find(page_ref);
        if found.is_none() {
            let d = Diagnostic::warning(
                Code::Menu,
                format!("menu `{menu}`: page `{page_ref}` does not exist"),
            )
            .help("name the page by its path in the content folder: `/docs/guide.md`, or `/docs` for a section");
            let at = ["page-ref", "pageRef"]
                .into_iter()
                .find_map(|key| config.entry_location(EntryTable::Menu(menu), index, key));
            diagnostics.push(match at {
                Some(location) => d.at_location(&config.file, &location),
                None => d.in_file(&config.file),
            });
        }
        found
    });
    let url = match node {
        Some(id) => Some(graph.nodes[id].url.clone()),
        None => written
            .url
            .as_deref()
            .map(|u| site_url(u, &config.base_url.path)),
    };
    Entry {
        name: written.name.clone(),
        identifier: written.identifier.clone(),
        url,
        weight: written.weight,
        pre: written.pre.clone(),
        post: written.post.clone(),
        title: written.title.clone(),
        node,
        parent: None,
        children: Vec::new(),
    }
}

/// The pages by the paths a `page-ref` may name them by: `docs/guide` for `docs/guide.md`,
/// `docs` for `docs/_index.md` (or a folder without one), `docs/bundle` for a bundle.
#[derive(Default)]
struct PageRefs(HashMap<String, NodeId>);

impl PageRefs {
    fn new(graph: &Graph) -> PageRefs {
        let mut by_path = HashMap::with_capacity(graph.nodes.len());
        for (id, node) in NodeId::enumerate(&graph.nodes) {
            let path = match &node.doc {
                Some(doc) => normalize(&doc.rel_path),
                None => normalize(&node.key),
            };
            by_path.entry(path).or_insert(id);
        }
        PageRefs(by_path)
    }

    fn find(&self, page_ref: &str) -> Option<NodeId> {
        self.0.get(&normalize(page_ref)).copied()
    }
}

/// A content path without its leading `/`, `.md`, `_index`/`index` and trailing `/`,
/// lowercased: `/Docs/_index.md` → `docs`.
fn normalize(path: &str) -> String {
    let path = path.trim().trim_matches('/');
    let path = path.strip_suffix(".md").unwrap_or(path);
    let path = match path.rsplit_once('/') {
        Some((dir, "_index" | "index")) => dir,
        None if path == "_index" || path == "index" => "",
        _ => path,
    };
    path.to_lowercase()
}

/// Links one menu's entries to their parents and orders them: entries in the order found
/// (repeated keys warned about), parents linked (made when missing), loops cut, then
/// children and roots sorted.
fn assemble(
    graph: &Graph,
    config: &Config,
    name: String,
    found: Vec<Found>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Menu {
    let mut assembly = Assembly {
        graph,
        config,
        name,
        entries: Vec::with_capacity(found.len()),
        parents: Vec::with_capacity(found.len()),
        places: Vec::with_capacity(found.len()),
        by_key: HashMap::new(),
    };
    assembly.add_entries(found, diagnostics);
    assembly.link_parents(diagnostics);
    assembly.cut_loops(diagnostics);
    assembly.into_menu()
}

/// One menu being assembled: its entries, with what each was written with, side by side.
struct Assembly<'g> {
    graph: &'g Graph,
    config: &'g Config,
    /// The menu's name, for messages.
    name: String,
    /// Every entry, in the order found; the parents made for names nothing had after them.
    entries: Vec<Entry>,
    /// Each found entry's `parent`, as written.
    parents: Vec<Option<String>>,
    /// Where each found entry is written.
    places: Vec<Place>,
    /// Each key (identifier, else name) to the first entry with it.
    by_key: HashMap<String, usize>,
}

impl Assembly<'_> {
    /// A warning about the entry written at `place`, pointing at it: a page's `menu` key,
    /// or the entry's `parent` (else `name`) in book.toml.
    fn warn(&self, place: &Place, message: String, help: String) -> Diagnostic {
        let d = Diagnostic::warning(Code::Menu, message).help(help);
        match place {
            Place::Page(id, location) => match &self.graph.nodes[*id].doc {
                Some(doc) => d.at_location(&doc.source, location),
                None => d,
            },
            Place::Config(menu, index) => match ["parent", "name"].into_iter().find_map(|key| {
                self.config
                    .entry_location(EntryTable::Menu(menu), *index, key)
            }) {
                Some(location) => d.at_location(&self.config.file, &location),
                None => d.in_file(&self.config.file),
            },
        }
    }

    /// The file an entry is written in, as messages name it.
    fn describe(&self, place: &Place) -> String {
        match place {
            Place::Page(id, _) => self.graph.nodes[*id]
                .doc
                .as_ref()
                .map_or_else(String::new, |d| d.source.display().to_string()),
            Place::Config(..) => self.config.file.display().to_string(),
        }
    }

    /// Adds the entries found, in order. A key already taken is warned about; both entries
    /// are kept, and a `parent` names the first.
    fn add_entries(&mut self, found: Vec<Found>, diagnostics: &mut Vec<Diagnostic>) {
        for f in found {
            let i = self.entries.len();
            match self.by_key.get(f.entry.key()) {
                Some(&first) => diagnostics.push(
                    self.warn(
                        &f.place,
                        format!(
                            "menu `{}` has two entries named `{}`: this one and the one in {}",
                            self.name,
                            f.entry.key(),
                            self.describe(&self.places[first])
                        ),
                        "give one of them an `identifier` of its own; a `parent` names the first"
                            .into(),
                    ),
                ),
                None => {
                    self.by_key.insert(f.entry.key().to_string(), i);
                }
            }
            self.entries.push(f.entry);
            self.parents.push(f.parent);
            self.places.push(f.place);
        }
    }

    /// Links each entry to the entry its `parent` names. Like Hugo, a parent that names
    /// nothing becomes an entry without a link (with a warning, which Hugo does not give).
    fn link_parents(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        let known: Vec<String> = self.entries.iter().map(|e| e.key().to_string()).collect();
        for i in 0..self.parents.len() {
            let Some(parent) = self.parents[i].clone() else {
                continue;
            };
            let at = match self.by_key.get(&parent) {
                Some(&at) => at,
                None => {
                    let help = match crate::text::did_you_mean(
                        &parent,
                        known.iter().map(String::as_str),
                    ) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "name the `identifier` (or the name) of another entry of this menu"
                            .to_string(),
                    };
                    diagnostics.push(self.warn(
                        &self.places[i],
                        format!(
                            "menu `{}` has no entry `{parent}` to be this entry's parent",
                            self.name
                        ),
                        help,
                    ));
                    let at = self.entries.len();
                    self.entries.push(Entry::named(parent.clone()));
                    self.by_key.insert(parent, at);
                    at
                }
            };
            self.entries[i].parent = Some(at);
        }
    }

    /// Cuts loops (an entry its own ancestor) where they are found: the entry is shown at
    /// the top level, with a warning.
    fn cut_loops(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        for i in 0..self.entries.len() {
            let mut at = self.entries[i].parent;
            let mut steps = 0;
            while let Some(p) = at {
                if p == i || steps > self.entries.len() {
                    diagnostics.push(self.warn(
                        &self.places[i],
                        format!(
                            "menu `{}`: the parents of entry `{}` lead back to it",
                            self.name,
                            self.entries[i].key()
                        ),
                        "shown at the top level; remove one `parent` of the loop".into(),
                    ));
                    self.entries[i].parent = None;
                    break;
                }
                at = self.entries[p].parent;
                steps += 1;
            }
        }
    }

    /// The menu: each entry's children and the top-level entries, in menu order.
    fn into_menu(self) -> Menu {
        let mut entries = self.entries;
        let mut roots = Vec::new();
        for i in 0..entries.len() {
            match entries[i].parent {
                Some(p) => entries[p].children.push(i),
                None => roots.push(i),
            }
        }
        let order = |a: &usize, b: &usize| menu_order(&entries[*a], &entries[*b]);
        roots.sort_by(order);
        let mut sorted: Vec<Vec<usize>> = entries.iter().map(|e| e.children.clone()).collect();
        for children in &mut sorted {
            children.sort_by(order);
        }
        for (entry, children) in entries.iter_mut().zip(sorted) {
            entry.children = children;
        }
        Menu {
            name: self.name,
            entries,
            roots,
        }
    }
}

/// Hugo's menu order: by weight, entries without one (or with 0) last; then by name, ignoring
/// case first; then by identifier.
fn menu_order(a: &Entry, b: &Entry) -> Ordering {
    let weight = |e: &Entry| e.weight.filter(|&w| w != 0);
    let by_weight = match (weight(a), weight(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_weight
        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.identifier.cmp(&b.identifier))
}

/// A book.toml entry's URL: a path on the site (`/about/`) gains the base path, as Hugo's
/// do; anything else (`https://…`, `mailto:`, a relative path) is kept as written.
fn site_url(url: &str, base_path: &str) -> String {
    let url = url.trim();
    if url.starts_with('/') && !url.starts_with("//") && !url.starts_with(base_path) {
        format!("{}{}", base_path.trim_end_matches('/'), url)
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, weight: Option<i64>) -> Entry {
        Entry {
            weight,
            ..Entry::named(name.into())
        }
    }

    #[test]
    fn entries_follow_hugos_order() {
        let mut list = [
            entry("zeta", None),
            entry("Beta", Some(2)),
            entry("alpha", Some(2)),
            entry("gamma", Some(0)),
            entry("first", Some(-1)),
        ];
        list.sort_by(menu_order);
        let names: Vec<&str> = list.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["first", "alpha", "Beta", "gamma", "zeta"]);
    }

    #[test]
    fn page_refs_name_pages_by_content_path() {
        assert_eq!(normalize("/docs/_index.md"), "docs");
        assert_eq!(normalize("/docs/"), "docs");
        assert_eq!(normalize("docs/Guide.md"), "docs/guide");
        assert_eq!(normalize("/"), "");
        assert_eq!(normalize("_index.md"), "");
        assert_eq!(normalize("docs/bundle/index.md"), "docs/bundle");
    }

    #[test]
    fn site_paths_gain_the_base_path() {
        assert_eq!(site_url("/about/", "/docs/"), "/docs/about/");
        assert_eq!(site_url("/docs/about/", "/docs/"), "/docs/about/");
        assert_eq!(site_url("https://x.org/", "/docs/"), "https://x.org/");
        assert_eq!(site_url("/about/", "/"), "/about/");
    }
}
