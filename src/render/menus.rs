//! `menus` for templates: each menu of [`crate::graph::menus`] as a list of entries,
//! `{name, url, identifier, weight, pre, post, title, has_children, children, current,
//! has_current}`, with `current` on the entries for the page being rendered (Hugo's
//! `IsMenuCurrent`) and `has_current` on the entries above one, and on an entry for a
//! section the page is in (Hugo's `HasMenuCurrent`).
//!
//! Most pages of a site see the menus with nothing marked: they share one value. The pages
//! that see a mark share one value per set of marks, so a site pays for each distinct
//! marking once, not once per page.

use std::collections::HashMap;

use tera::Value;

use crate::graph::menus::Menu;
use crate::graph::{Graph, NodeId, ROOT};

use super::values::MapBuilder;
use super::variables::MenuEntry;

/// A mark on an entry: the page's own entry.
const CURRENT: u8 = 1;
/// A mark on an entry: an entry above the page's, or a section holding the page.
const HAS_CURRENT: u8 = 2;

/// The `menus` value of every page.
pub(crate) struct MenuValues {
    /// Nothing marked: what most pages see.
    pub plain: Value,
    /// Each node's own value; empty when the site has no menus.
    by_node: Vec<Value>,
    /// The entries leading to each URL: (menu, entry).
    by_url: HashMap<String, Vec<(usize, usize)>>,
}

impl Default for MenuValues {
    fn default() -> MenuValues {
        MenuValues {
            plain: Value::from(tera::Map::new()),
            by_node: Vec::new(),
            by_url: HashMap::new(),
        }
    }
}

/// The marks of one page: (menu, entry, marks), sorted.
type Marks = Vec<(usize, usize, u8)>;

impl MenuValues {
    pub(crate) fn build(graph: &Graph) -> MenuValues {
        if graph.menus.is_empty() {
            return MenuValues::default();
        }
        let mut by_url: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (m, menu) in graph.menus.menus.iter().enumerate() {
            for (e, entry) in menu.entries.iter().enumerate() {
                if let Some(url) = &entry.url {
                    by_url.entry(url.clone()).or_default().push((m, e));
                }
            }
        }
        let mut values = MenuValues {
            plain: value_of(graph, &[]),
            by_node: Vec::new(),
            by_url,
        };
        let mut variants: HashMap<Marks, Value> = HashMap::new();
        let by_node = NodeId::all(graph.nodes.len())
            .map(|id| {
                let ancestors: Vec<&str> = graph
                    .ancestors(id)
                    .into_iter()
                    .filter(|&a| a != ROOT)
                    .map(|a| graph.nodes[a].url.as_str())
                    .collect();
                let marks = values.marks(graph, &graph.nodes[id].url, &ancestors);
                values.variant(graph, marks, &mut variants)
            })
            .collect();
        values.by_node = by_node;
        values
    }

    /// The menus node `id` sees.
    pub(crate) fn of_node(&self, id: NodeId) -> Value {
        self.by_node
            .get(id.index())
            .cloned()
            .unwrap_or_else(|| self.plain.clone())
    }

    /// The menus a page outside the section tree (taxonomy pages, 404) at `url` sees.
    pub(crate) fn of_url(&self, graph: &Graph, url: &str) -> Value {
        if !self.by_url.contains_key(url) {
            return self.plain.clone();
        }
        let marks = self.marks(graph, url, &[]);
        value_of(graph, &marks)
    }

    fn variant(&self, graph: &Graph, marks: Marks, variants: &mut HashMap<Marks, Value>) -> Value {
        if marks.is_empty() {
            return self.plain.clone();
        }
        variants
            .entry(marks)
            .or_insert_with_key(|marks| value_of(graph, marks))
            .clone()
    }

    /// The entries for the page at `url` are current; those for the sections above it,
    /// and every entry above a marked one, hold the current page.
    fn marks(&self, graph: &Graph, url: &str, ancestors: &[&str]) -> Marks {
        let mut found: HashMap<(usize, usize), u8> = HashMap::new();
        let mut mark = |entries: Option<&Vec<(usize, usize)>>, bit: u8| {
            for &(m, e) in entries.into_iter().flatten() {
                *found.entry((m, e)).or_default() |= bit;
            }
        };
        mark(self.by_url.get(url), CURRENT);
        for ancestor in ancestors {
            mark(self.by_url.get(*ancestor), HAS_CURRENT);
        }
        let marked: Vec<(usize, usize)> = found.keys().copied().collect();
        for (m, e) in marked {
            let menu = &graph.menus.menus[m];
            let mut at = menu.entries[e].parent;
            while let Some(p) = at {
                *found.entry((m, p)).or_default() |= HAS_CURRENT;
                at = menu.entries[p].parent;
            }
        }
        let mut marks: Marks = found.into_iter().map(|((m, e), b)| (m, e, b)).collect();
        marks.sort_unstable();
        marks
    }
}

/// Every menu by name, with `marks` set.
fn value_of(graph: &Graph, marks: &[(usize, usize, u8)]) -> Value {
    let menus = &graph.menus.menus;
    let mut map = MapBuilder::with_capacity(menus.len());
    for (m, menu) in menus.iter().enumerate() {
        let list: Vec<Value> = menu
            .roots
            .iter()
            .map(|&e| entry_value(menu, m, e, marks))
            .collect();
        map = map.put_owned(menu.name.clone(), list);
    }
    map.build()
}

fn entry_value(menu: &Menu, m: usize, e: usize, marks: &[(usize, usize, u8)]) -> Value {
    let entry = &menu.entries[e];
    let bits = marks
        .binary_search_by(|&(mm, ee, _)| (mm, ee).cmp(&(m, e)))
        .map_or(0, |i| marks[i].2);
    let children: Vec<Value> = entry
        .children
        .iter()
        .map(|&c| entry_value(menu, m, c, marks))
        .collect();
    let html = |s: &Option<String>| s.as_deref().map(Value::safe_string);
    Value::from_serializable(&MenuEntry {
        name: &entry.name,
        url: entry.url.as_deref(),
        identifier: entry.identifier.as_deref(),
        weight: entry.weight.unwrap_or(0),
        pre: html(&entry.pre),
        post: html(&entry.post),
        title: entry.title.as_deref(),
        has_children: !children.is_empty(),
        children,
        current: bits & CURRENT != 0,
        has_current: bits & HAS_CURRENT != 0,
    })
}
