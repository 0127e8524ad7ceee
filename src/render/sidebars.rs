//! The site navigation, rendered once per section and shared by the section's pages.
//!
//! A page's sidebar is the section tree opened along the page's ancestors. Every page of a
//! section sees the same tree; only which link is the current page differs. When the theme
//! has `partials/sidebar.html`, praxis renders it once per section (with `sidebar`, the tree)
//! and gives each page the HTML as `sidebar_html`, with `aria-current="page"` added to the
//! page's own link. On a large site this turns the most expensive part of every page into a
//! string copy (Hugo's `partialCached` does the same). A theme without the partial gets the
//! `sidebar` tree in every page instead, and renders it however it likes. Pages outside the
//! tree (404, taxonomy pages) get the top level both ways.

use tera::{Context, Value};

use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::graph::{Graph, NodeId, ROOT};

use super::Engine;
use super::templates::{Fragment, SharedFragments};
use super::values::{self, SIDEBAR_LIMIT, Shared};

/// The partial that renders the navigation tree.
pub(crate) const PARTIAL: &str = "partials/sidebar.html";

/// Rendered sidebar fragments: one slot per section, the tree opened down to that section,
/// and a last slot for the top level alone, for pages outside the tree (404, taxonomies).
pub(crate) struct Sidebars {
    fragments: SharedFragments,
}

impl Sidebars {
    pub(crate) fn new(graph: &Graph, engine: &Engine) -> Sidebars {
        Sidebars {
            fragments: SharedFragments::new(engine, PARTIAL, graph.nodes.len() + 1),
        }
    }

    /// No trees, and no slots for any.
    pub(crate) fn none() -> Sidebars {
        Sidebars {
            fragments: SharedFragments::none(),
        }
    }

    /// Drops the trees that list one of `changed` (after their cards changed in place): each
    /// section's tree lists the children of every section from the home page down to it,
    /// and the subsections of each section it lists without opening (see
    /// `values::sidebar_tree`) — so a changed section counts for its grandparent too.
    pub(crate) fn forget_listing(&mut self, graph: &Graph, changed: &[NodeId]) {
        let parents: Vec<NodeId> = changed
            .iter()
            .flat_map(|&c| {
                let parent = graph.nodes[c].parent;
                let folded_under = parent
                    .filter(|_| graph.nodes[c].kind == Kind::Section)
                    .and_then(|p| graph.nodes[p].parent);
                parent.into_iter().chain(folded_under)
            })
            .collect();
        if parents.contains(&ROOT) {
            self.fragments.forget(graph.nodes.len());
        }
        for (section, node) in NodeId::enumerate(&graph.nodes) {
            if node.kind != Kind::Section {
                continue;
            }
            let opens = |p: &NodeId| *p == section || graph.ancestors(section).contains(p);
            if parents.iter().any(opens) {
                self.fragments.forget(section.index());
            }
        }
    }

    /// Puts the navigation for node `current` (or, with `None`, the top level) into `ctx`.
    pub(crate) fn insert(
        &self,
        ctx: &mut Context,
        graph: &Graph,
        shared: &Shared,
        engine: &Engine,
        current: Option<NodeId>,
    ) -> Result<(), Box<Diagnostic>> {
        let Some(id) = current else {
            // Pages outside the tree always get the top level as a list too (one shared
            // value): the not-found page lists it as cards.
            ctx.insert_value("sidebar", shared.top_sidebar.clone());
            if !self.fragments.enabled() {
                return Ok(());
            }
            let top = self.fragments.get(graph.nodes.len(), || {
                render(engine, shared.top_sidebar.clone())
            });
            ctx.insert_value(
                "sidebar_html",
                Value::safe_string(top.as_ref().map_err(Clone::clone)?),
            );
            return Ok(());
        };
        if !self.fragments.enabled() {
            ctx.insert_value("sidebar", values::sidebar(graph, shared, id));
            return Ok(());
        }
        let node = &graph.nodes[id];
        // The deepest section the tree opens: the node itself or the page's section.
        let opened = match node.kind {
            Kind::Section => Some(id),
            Kind::Page => node.parent,
        };
        let html = match opened {
            // A long list shows a window around the current page: that tree is the page's own.
            Some(section) if node.kind == Kind::Section || !windowed(graph, section) => {
                let shared_html = self.fragments.get(section.index(), || {
                    render(engine, values::sidebar_tree(graph, shared, section, false))
                });
                mark_current(shared_html.as_ref().map_err(Clone::clone)?, id, graph)
            }
            _ => {
                let own = render(engine, values::sidebar_tree(graph, shared, id, false))?;
                mark_current(&own, id, graph)
            }
        };
        ctx.insert_value("sidebar_html", Value::safe_string(&html));
        Ok(())
    }
}

/// Whether a section's children are too many to list whole.
fn windowed(graph: &Graph, section: NodeId) -> bool {
    let node = &graph.nodes[section];
    node.pages.len() + node.sections.len() > SIDEBAR_LIMIT
}

fn render(engine: &Engine, tree: Value) -> Fragment {
    let mut ctx = Context::new();
    ctx.insert_value("sidebar", tree);
    engine.fragment(PARTIAL, &ctx)
}

/// Adds `aria-current="page"` to the first link to `id` in `html`. The home page is not in
/// the tree (the site title links to it), so it marks nothing.
fn mark_current(html: &str, id: NodeId, graph: &Graph) -> String {
    if id == ROOT {
        return html.to_string();
    }
    // Escaped as the template escaped it.
    let mut href = String::from("href=\"");
    crate::text::escape_html_into(&mut href, &graph.nodes[id].url);
    href.push('"');
    // memmem rather than str::find: this runs once per page over a sidebar of many
    // kilobytes, where the vectorised search is several times faster.
    match memchr::memmem::find(html.as_bytes(), href.as_bytes()) {
        Some(at) => {
            let end = at + href.len();
            let mut out = String::with_capacity(html.len() + 24);
            out.push_str(&html[..end]);
            out.push_str(" aria-current=\"page\"");
            out.push_str(&html[end..]);
            out
        }
        None => html.to_string(),
    }
}
