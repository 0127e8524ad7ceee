//! Listing cards for term pages, rendered once per build and shared.
//!
//! A page with six tags and two categories appears on eight term pages, and its card used to
//! be rendered on each: at 10,000 pages that is 80,000 renders of the same few lines, most of
//! the cost of the term pages. When the theme has `partials/card.html`, praxis renders it once
//! per listed page (with `item`, the card, and `show_section = true`) and gives each term page
//! its cards as one string, `paginator.cards_html`: what a loop including the partial for every
//! item of `paginator.pages` writes. Like the shared sidebar, this asks one thing of the
//! partial: that it depend on `item` and `show_section` (and site-wide values) only.

use tera::{Context, Value};

use crate::diagnostics::Diagnostic;
use crate::graph::{Graph, NodeId};

use super::Engine;
use super::templates::{Fragment, SharedFragments};
use super::values::Shared;

/// The partial that renders one card of a listing.
pub(crate) const PARTIAL: &str = "partials/card.html";

/// Rendered cards: one slot per node.
pub(crate) struct Cards {
    rendered: SharedFragments,
}

impl Cards {
    pub(crate) fn new(graph: &Graph, engine: &Engine) -> Cards {
        Cards {
            rendered: SharedFragments::new(engine, PARTIAL, graph.nodes.len()),
        }
    }

    /// No cards, and no slots for any.
    pub(crate) fn none() -> Cards {
        Cards {
            rendered: SharedFragments::none(),
        }
    }

    /// Drops the rendered cards of `ids` (after their cards changed in place).
    pub(crate) fn forget(&mut self, ids: &[NodeId]) {
        for &id in ids {
            self.rendered.forget(id.index());
        }
    }

    /// The cards of `ids`, each after a line break, as one HTML value; `None` when the theme
    /// has no card partial.
    pub(crate) fn listing(
        &self,
        ids: &[NodeId],
        shared: &Shared,
        engine: &Engine,
    ) -> Option<Result<Value, Box<Diagnostic>>> {
        if !self.rendered.enabled() {
            return None;
        }
        let mut html = String::new();
        for &id in ids {
            let card = self
                .rendered
                .get(id.index(), || render(engine, shared.refs[id].clone()));
            match card {
                Ok(card) => {
                    html.push('\n');
                    html.push_str(card);
                }
                Err(e) => return Some(Err(e.clone())),
            }
        }
        Some(Ok(Value::safe_string(&html)))
    }
}

fn render(engine: &Engine, item: Value) -> Fragment {
    let mut ctx = Context::new();
    ctx.insert_value("item", item);
    ctx.insert_value("show_section", Value::from(true));
    engine.fragment(PARTIAL, &ctx).map_err(|d| {
        Box::new(d.help(
            "term pages render this partial once per listed page and share it: it sees \
             `item`, `show_section`, `config` and `data`, not the page that lists the card",
        ))
    })
}
