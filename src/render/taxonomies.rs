//! Taxonomy pages: each taxonomy's index of terms (`taxonomy.html`), each term's listing of
//! pages (`term.html`), paginated as configured, and an Atom feed per term when enabled.

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::Config;
use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::graph::{Graph, NodeId, ROOT, TaxonomyId, TaxonomyPages, Term, TermId};
use crate::output::Sink;

use super::values::{Shared, description_html, extended, inline, with_links};
use super::variables::{OtherPage, PageNumber, Paginator, TermPage};
use super::{Engine, Failure, Pages};
use crate::markdown::links::{self, Resolution};

/// Renders every taxonomy page and feed, or with `only` just the pages and feeds of those
/// terms (`(taxonomy, term)` indexes); returns the problems met (see [`Failure::report`]).
pub(super) fn render(
    graph: &Graph,
    pages: &Pages<'_>,
    config: &Config,
    engine: &Engine,
    sink: &dyn Sink,
    only: Option<&[TermId]>,
) -> Vec<Failure> {
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for (t, taxonomy) in TaxonomyId::enumerate(&graph.taxonomies) {
        if only.is_none() {
            jobs.push(Job::Index { t, taxonomy });
        }
        let settings = &config.taxonomies[taxonomy.index];
        for (i, term) in taxonomy.terms.iter().enumerate() {
            if only.is_some_and(|only| {
                !only.contains(&TermId {
                    taxonomy: t,
                    term: i,
                })
            }) {
                continue;
            }
            for n in 1..=term.page_count(settings.paginate) {
                jobs.push(Job::Term {
                    t,
                    i,
                    taxonomy,
                    term,
                    n,
                });
            }
            if settings.feed && config.base_url.absolute {
                jobs.push(Job::Feed { taxonomy, term });
            }
        }
    }
    // One task per job: a popular term's page is a long render of its own.
    jobs.par_iter()
        .with_max_len(1)
        .filter_map(|job| match *job {
            Job::Index { t, taxonomy } => {
                index(graph, pages, engine, sink, t, taxonomy).map(|d| Failure::Other(Box::new(d)))
            }
            Job::Term {
                t,
                i,
                taxonomy,
                term,
                n,
            } => term_page(
                graph,
                pages,
                config,
                engine,
                sink,
                (t, i),
                taxonomy,
                term,
                n,
            )
            .map(|d| Failure::Other(Box::new(d))),
            Job::Feed { taxonomy, term } => {
                let path = format!("{}/{}/atom.xml", taxonomy.name, term.slug);
                let feed = super::feeds::Feed {
                    title: format!("{} — {}: {}", config.book.title, taxonomy.title, term.name),
                    path: format!("{}atom.xml", term.url),
                    page: &term.url,
                    pages: term.pages.clone(),
                };
                let value = super::feeds::value(graph, config, &feed);
                super::feeds::write(engine, sink, &path, &value).err()
            }
        })
        .collect()
}

enum Job<'g> {
    Index {
        t: TaxonomyId,
        taxonomy: &'g TaxonomyPages,
    },
    Term {
        t: TaxonomyId,
        i: usize,
        taxonomy: &'g TaxonomyPages,
        term: &'g Term,
        n: usize,
    },
    Feed {
        taxonomy: &'g TaxonomyPages,
        term: &'g Term,
    },
}

fn index(
    graph: &Graph,
    pages: &Pages<'_>,
    engine: &Engine,
    sink: &dyn Sink,
    t: TaxonomyId,
    taxonomy: &TaxonomyPages,
) -> Option<Diagnostic> {
    let shared = &pages.shared;
    let (description, description_html, content) =
        text_of(graph, taxonomy.doc.as_deref(), &taxonomy.links, None);
    let page = OtherPage {
        permalink: Some(shared_permalink(shared, t)),
        description: description.as_deref(),
        description_html,
        content,
        ..OtherPage::new("taxonomy", &taxonomy.title, &taxonomy.url)
    };
    let page = Value::from_serializable(&page);
    let mut ctx = match super::standalone_context(pages, page, vec![shared.refs[ROOT].clone()]) {
        Ok(ctx) => ctx,
        Err(d) => return Some(*d),
    };
    ctx.insert_value("taxonomy", shared.taxonomy_values[t].clone());
    let template = "taxonomy.html";
    write(engine, sink, template, &ctx, &taxonomy.output)
}

#[allow(clippy::too_many_arguments)]
fn term_page(
    graph: &Graph,
    pages: &Pages<'_>,
    config: &Config,
    engine: &Engine,
    sink: &dyn Sink,
    (t, i): (TaxonomyId, usize),
    taxonomy: &TaxonomyPages,
    term: &Term,
    n: usize,
) -> Option<Diagnostic> {
    let shared = &pages.shared;
    let per_page = config.taxonomies[taxonomy.index].paginate;
    let total = term.page_count(per_page);
    let slice: &[NodeId] = if per_page == 0 {
        &term.pages
    } else {
        let start = (n - 1) * per_page;
        &term.pages[start.min(term.pages.len())..(start + per_page).min(term.pages.len())]
    };
    let cards = |ids: &[NodeId]| {
        Value::from(
            ids.iter()
                .map(|&p| shared.refs[p].clone())
                .collect::<Vec<_>>(),
        )
    };
    let (description, description_html, content) =
        text_of(graph, term.doc.as_deref(), &term.links, term.landing);
    let url = term.page_url(n);
    let title = if n == 1 {
        term.name.clone()
    } else {
        format!("{} (page {n} of {total})", term.name)
    };
    let page = OtherPage {
        permalink: Some(Value::from(config.base_url.permalink(&url))),
        description: description.as_deref(),
        description_html,
        content: if n == 1 {
            content
        } else {
            Value::safe_string("")
        },
        ..OtherPage::new("term", &title, &url)
    };
    let page = Value::from_serializable(&page);
    let term_value = extended(
        &shared.terms[t][i],
        &TermPage {
            pages: cards(&term.pages),
            landing: term.landing.map(|l| shared.refs[l].clone()),
            feed: (config.taxonomies[taxonomy.index].feed && config.base_url.absolute)
                .then(|| format!("{}atom.xml", term.url)),
        },
    );
    let cards_html = match pages.cards.listing(slice, shared, engine).transpose() {
        Ok(html) => html,
        Err(d) => return Some(*d),
    };
    let paginator = Value::from_serializable(&Paginator {
        number: n,
        total,
        per_page,
        pages: cards(slice),
        cards_html,
        prev: (n > 1).then(|| term.page_url(n - 1)),
        next: (n < total).then(|| term.page_url(n + 1)),
        first: term.page_url(1),
        last: term.page_url(total),
        numbers: (1..=total)
            .map(|k| PageNumber {
                number: k,
                url: term.page_url(k),
                current: k == n,
            })
            .collect(),
    });
    let trail = vec![shared.refs[ROOT].clone(), shared.taxonomy_values[t].clone()];
    let mut ctx = match super::standalone_context(pages, page, trail) {
        Ok(ctx) => ctx,
        Err(d) => return Some(*d),
    };
    ctx.insert_value("taxonomy", shared.taxonomy_values[t].clone());
    ctx.insert_value("term", term_value);
    ctx.insert_value("paginator", paginator);
    let output = if n == 1 {
        format!("{}/{}/index.html", taxonomy.name, term.slug)
    } else {
        format!("{}/{}/page/{n}/index.html", taxonomy.name, term.slug)
    };
    write(engine, sink, "term.html", &ctx, &output)
}

/// A term's (or taxonomy's) own text, links written: its `_index.md`, else its landing
/// page. Returns the raw description, the description as inline HTML, and the body.
fn text_of(
    graph: &Graph,
    doc: Option<&Document>,
    resolutions: &[Resolution],
    landing: Option<NodeId>,
) -> (Option<String>, Option<Value>, Value) {
    if let Some(doc) = doc {
        let body_links = doc.body.links.len().min(resolutions.len());
        let body = links::fill(&doc.body.html, &doc.body.links, &resolutions[..body_links]);
        let description = doc.description.as_ref().map(|d| {
            let html = links::fill(&d.html, &d.links, &resolutions[body_links..]);
            Value::safe_string(inline(&html))
        });
        return (
            doc.front.description.clone(),
            description,
            Value::safe_string(&body),
        );
    }
    if let Some(doc) = landing.and_then(|id| Some((id, graph.nodes[id].doc.as_ref()?))) {
        let (id, doc) = doc;
        let html = with_links(graph, id, &doc.body.html);
        return (
            doc.front.description.clone(),
            description_html(graph, id),
            Value::safe_string(&html),
        );
    }
    (None, None, Value::safe_string(""))
}

fn shared_permalink(shared: &Shared, t: TaxonomyId) -> Value {
    shared.taxonomy_values[t]
        .as_map()
        .and_then(|m| m.get(&tera::value::Key::Str("permalink")))
        .cloned()
        .unwrap_or_else(Value::none)
}

fn write(
    engine: &Engine,
    sink: &dyn Sink,
    template: &str,
    ctx: &Context,
    output: &str,
) -> Option<Diagnostic> {
    let mut buffer = Vec::with_capacity(16 * 1024);
    if let Err(err) = engine.tera.render_to(template, ctx, &mut buffer) {
        return Some(engine.diagnostic(&err, template));
    }
    sink.write(output, &buffer).err().map(Diagnostic::from)
}
