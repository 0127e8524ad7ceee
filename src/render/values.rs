//! Template values built from the graph. Whatever many pages share (a page's reference card,
//! a section's breadcrumb trail, the config) is built once and shared: tera values are
//! reference-counted, so handing one to a thousand pages copies nothing.

use rayon::prelude::*;
use tera::Value;
use tera::value::Key;

use crate::config::Config;
use crate::content::front_matter::Render;
use crate::content::{Document, Kind};
use std::borrow::Cow;

use crate::graph::{EdgeKind, Graph, NodeId, RelationId, TaxonomyId, TermId};
use crate::markdown::{Heading, TocNode, toc_html, toc_tree};
use crate::markdown::{links, summary};

use super::variables::{
    BacklinkGroup, Card, Described, LinkGroup, MoreItem, Page, SidebarItem, Site, SiteLanguage,
    SiteTheme, TaxonomyCard, TermCard, TermGroup, TocEntry,
};

/// Builds a tera map value from `(key, value)` pairs, keeping their order.
///
/// The pairs are collected in a plain vector and handed to tera's serializer, which builds
/// its map in one pass. Building a `tera::Map` here and converting it with `Value::from`
/// would hash and insert every key twice (the conversion re-inserts each entry); values
/// pass through the serializer as cheap reference-counted clones.
pub(crate) struct MapBuilder(Vec<(Key<'static>, Value)>);

impl MapBuilder {
    pub(crate) fn with_capacity(n: usize) -> Self {
        MapBuilder(Vec::with_capacity(n))
    }

    pub(crate) fn put(mut self, key: &'static str, value: impl Into<Value>) -> Self {
        self.0.push((Key::Str(key), value.into()));
        self
    }

    pub(crate) fn put_owned(mut self, key: String, value: impl Into<Value>) -> Self {
        self.0.push((Key::String(key.into()), value.into()));
        self
    }

    pub(crate) fn put_opt<T: Into<Value>>(self, key: &'static str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.put(key, v),
            None => self.put(key, Value::none()),
        }
    }

    pub(crate) fn build(self) -> Value {
        Value::from_serializable(&self)
    }

    /// Copies every entry of an existing map value, to extend it.
    pub(crate) fn from_value(value: &Value, extra: usize) -> Self {
        let existing = value.as_map();
        let mut entries = Vec::with_capacity(existing.map_or(0, |m| m.len()) + extra);
        if let Some(existing) = existing {
            entries.extend(existing.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        MapBuilder(entries)
    }
}

impl serde::Serialize for MapBuilder {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeStruct};
        // A struct's field names are `&'static str`, which tera keeps as they are; map keys
        // would each be copied into a new string. Most values only have static keys.
        if self.0.iter().all(|(k, _)| matches!(k, Key::Str(_))) {
            let mut out = serializer.serialize_struct("map", self.0.len())?;
            for (key, value) in &self.0 {
                if let Key::Str(key) = key {
                    out.serialize_field(key, value)?;
                }
            }
            return out.end();
        }
        let mut out = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            out.serialize_entry(key, value)?;
        }
        out.end()
    }
}

/// Values shared by every render, computed once per build.
pub(crate) struct Shared {
    /// Each node's reference card: what lists, links and navigation show of it.
    pub refs: Vec<Value>,
    /// For each section, the cards of its child pages.
    pub child_pages: Vec<Value>,
    /// For each section, the cards of its child sections.
    pub child_sections: Vec<Value>,
    /// For each node, its ancestors' cards from the home page down.
    pub ancestors: Vec<Value>,
    /// The home page's children: the sidebar of pages outside the section tree.
    pub top_sidebar: Value,
    /// For each taxonomy, each term's card: `{name, slug, url, permalink, count}`.
    pub terms: Vec<Vec<Value>>,
    /// For each taxonomy, its card with all its terms: `{name, title, url, permalink, terms}`.
    pub taxonomy_values: Vec<Value>,
    /// Every taxonomy's card, for `taxonomies` in every template.
    pub taxonomies: Value,
    /// The site menus as each page sees them.
    pub menus: super::menus::MenuValues,
    /// `[[theme.badges]]`, for the cards built again after an edit.
    pub badges: Vec<crate::config::Badge>,
}

impl Default for Shared {
    fn default() -> Shared {
        Shared {
            refs: Vec::new(),
            child_pages: Vec::new(),
            child_sections: Vec::new(),
            ancestors: Vec::new(),
            top_sidebar: Value::none(),
            terms: Vec::new(),
            taxonomy_values: Vec::new(),
            taxonomies: Value::none(),
            badges: Vec::new(),
            menus: Default::default(),
        }
    }
}

impl Shared {
    pub(crate) fn build(graph: &Graph, config: &Config) -> Shared {
        let refs: Vec<Value> = NodeId::par_all(graph.nodes.len())
            .map(|id| node_ref(graph, id, &config.theme.badges))
            .collect();
        // Most nodes are pages, with no children: they share one empty list.
        let empty = Value::from(Vec::<Value>::new());
        let list = |ids: &[NodeId]| {
            if ids.is_empty() {
                return empty.clone();
            }
            Value::from(ids.iter().map(|&i| refs[i].clone()).collect::<Vec<_>>())
        };
        let child_pages = graph.nodes.par_iter().map(|n| list(&n.pages)).collect();
        let child_sections = graph.nodes.par_iter().map(|n| list(&n.sections)).collect();
        let ancestors = NodeId::par_all(graph.nodes.len())
            .map(|id| list(&graph.ancestors(id)))
            .collect();
        let root = &graph.nodes[crate::graph::ROOT];
        let top_sidebar = list(
            &root
                .pages
                .iter()
                .chain(&root.sections)
                .copied()
                .collect::<Vec<_>>(),
        );
        let terms: Vec<Vec<Value>> = graph
            .taxonomies
            .iter()
            .map(|taxonomy| {
                taxonomy
                    .terms
                    .iter()
                    .map(|term| {
                        Value::from_serializable(&TermCard {
                            name: &term.name,
                            slug: &term.slug,
                            url: &term.url,
                            permalink: config.base_url.permalink(&term.url),
                            count: term.pages.len(),
                        })
                    })
                    .collect()
            })
            .collect();
        let taxonomy_values: Vec<Value> = graph
            .taxonomies
            .iter()
            .zip(&terms)
            .map(|(taxonomy, terms)| {
                Value::from_serializable(&TaxonomyCard {
                    name: &taxonomy.name,
                    title: &taxonomy.title,
                    url: &taxonomy.url,
                    permalink: config.base_url.permalink(&taxonomy.url),
                    terms: terms.clone(),
                })
            })
            .collect();
        Shared {
            refs,
            child_pages,
            child_sections,
            ancestors,
            top_sidebar,
            taxonomies: Value::from(taxonomy_values.clone()),
            taxonomy_values,
            terms,
            menus: super::menus::MenuValues::build(graph),
            badges: config.theme.badges.clone(),
        }
    }
}

impl Shared {
    /// Builds again the cards of `ids` after their nodes changed in place, and every shared
    /// list that holds one of the cards that changed: the parent's children, and the
    /// ancestor trails below a changed section. The top level is left as it is: callers
    /// patch nodes below it only. Returns the nodes whose card changed.
    pub(crate) fn refresh(&mut self, graph: &Graph, ids: &[NodeId]) -> Vec<NodeId> {
        let changed: Vec<NodeId> = ids
            .iter()
            .copied()
            .filter(|&id| {
                let card = node_ref(graph, id, &self.badges);
                let same = card == self.refs[id];
                self.refs[id] = card;
                !same
            })
            .collect();
        let list = |refs: &[Value], ids: &[NodeId]| {
            Value::from(
                ids.iter()
                    .map(|&i| refs[i.index()].clone())
                    .collect::<Vec<_>>(),
            )
        };
        for &id in &changed {
            if let Some(parent) = graph.nodes[id].parent {
                let node = &graph.nodes[parent];
                self.child_pages[parent] = list(&self.refs, &node.pages);
                self.child_sections[parent] = list(&self.refs, &node.sections);
            }
            if graph.nodes[id].kind == Kind::Section {
                // Hidden pages are in no list of children, but have a trail too.
                for node in NodeId::all(graph.nodes.len()) {
                    let trail = graph.ancestors(node);
                    if trail.contains(&id) {
                        self.ancestors[node] = list(&self.refs, &trail);
                    }
                }
            }
        }
        changed
    }
}

/// `config` in every template (see [`Site`]).
pub(crate) fn config_value(config: &Config) -> Value {
    let book = &config.book;
    let head = super::meta::site_meta(config);
    let site = Site {
        title: &book.title,
        description: book.description.as_deref(),
        language: &book.language,
        authors: &book.authors,
        base_url: &config.base_url.url,
        base_path: &config.base_url.path,
        extra: Value::from_serializable(&config.extra),
        theme: SiteTheme {
            header_taxonomies: config.theme.header_taxonomy_names(&config.taxonomies),
        },
        search: config.search.enabled,
        direction: config.current_language().direction.as_str(),
        root_path: config.root_path(),
        languages: languages_value(config),
        favicon: head.favicon,
        favicon_type: head.favicon_type,
        image: head.image,
        repository: book.repository.as_deref(),
        feed: head.feed,
        locale: book.language.replace('-', "_"),
        base_url_absolute: config.base_url.absolute,
    };
    Value::from_serializable(&site)
}

/// `config.languages`: each language, in order; empty on a site of one language.
fn languages_value(config: &Config) -> Vec<SiteLanguage<'_>> {
    if !config.multilingual() {
        return Vec::new();
    }
    let root = config.root_path();
    config
        .languages
        .iter()
        .enumerate()
        .map(|(i, language)| SiteLanguage {
            code: &language.code,
            name: &language.name,
            url: match i {
                0 => root.to_string(),
                _ => format!("{root}{}/", language.code),
            },
        })
        .collect()
}

/// A node's card (see [`Card`]).
pub(crate) fn node_ref(graph: &Graph, id: NodeId, badges: &[crate::config::Badge]) -> Value {
    let node = &graph.nodes[id];
    let kind = match (node.kind, node.parent) {
        (Kind::Section, None) => "home",
        (Kind::Section, Some(_)) => "section",
        (Kind::Page, _) => "page",
    };
    let doc = node.doc.as_ref();
    let front = doc.map(|d| &d.front);
    let page_id = doc.and_then(|d| d.id.as_deref());
    let description = description_html(graph, id);
    let summary = card_summary(graph, id, description.as_ref());
    let card = Card {
        kind,
        title: &node.title,
        id: page_id,
        title_has_id: page_id.map(|i| node.title.starts_with(i)),
        // A page with `build.render: never` has no URL (Hugo's empty `.RelPermalink`).
        url: if node.build().render == Render::Never {
            ""
        } else {
            &node.url
        },
        description_html: description,
        summary,
        date: front.and_then(|f| f.date).map(|d| d.to_string()),
        reading_time: doc.map_or(0, |d| d.body.reading_time()),
        draft: front.is_some_and(|f| f.draft),
        has_children: !node.pages.is_empty() || !node.sections.is_empty(),
        section_title: node.parent.map(|p| graph.nodes[p].link_title()),
        link_title: own_link_title(node),
        badges: super::badges::of(badges, front),
    };
    Value::from_serializable(&card)
}

/// The summary, as Hugo's `.Summary`: the body up to `<!--more-->`, else the description as
/// a paragraph, else the opening paragraph's text, cut.
fn card_summary(graph: &Graph, id: NodeId, description: Option<&Value>) -> Option<Value> {
    let doc = graph.nodes[id].doc.as_ref()?;
    if let Some(html) = doc.body.summary() {
        return Some(Value::safe_string(&with_links(graph, id, html)));
    }
    if let Some(inline) = description.and_then(Value::as_str) {
        return Some(Value::safe_string(&format!("<p>{inline}</p>")));
    }
    let text = summary_text(graph, id)?;
    let mut html = String::with_capacity(text.len() + 8);
    html.push_str("<p>");
    crate::text::escape_html_into(&mut html, &text);
    html.push_str("</p>");
    Some(Value::safe_string(&html))
}

/// The node's `linkTitle`, when it has one that differs from its title.
fn own_link_title(node: &crate::graph::Node) -> Option<&str> {
    Some(node.link_title()).filter(|label| *label != node.title)
}

/// The full value of the node being rendered: its card plus the fields of [`Page`];
/// `translations` is the page's `page.translations`, or none.
pub(crate) fn document(
    graph: &Graph,
    shared: &Shared,
    id: NodeId,
    config: &Config,
    translations: Option<Value>,
) -> Value {
    let node = &graph.nodes[id];
    let doc = node.doc.as_ref();
    let front = doc.map(|d| &d.front);
    let (taxonomies, term_groups) = taxonomies_value(graph, shared, id);
    let toc = doc
        .map(|d| toc_tree(&toc_headings(graph, id, d)))
        .unwrap_or_default();
    // Filled in once: `<meta name="description">` falls back to it.
    let summary = summary_text(graph, id);
    let meta = super::meta::page_meta(graph, config, id);
    let section = node.kind == Kind::Section;
    let page = Page {
        // Cards carry it only when it differs; a page always has it.
        link_title: own_link_title(node)
            .is_none()
            .then_some(node.title.as_str()),
        permalink: config.base_url.permalink(&node.url),
        description: front.and_then(|f| f.description.as_deref()),
        meta_description: meta_description(graph, id, summary.as_deref()),
        summary_text: summary.map(Cow::into_owned),
        updated: front.and_then(|f| f.updated).map(|d| d.to_string()),
        weight: front.and_then(|f| f.weight),
        word_count: doc.map_or(0, |d| d.body.word_count),
        hidden: front.is_some_and(|f| f.hidden),
        section_url: node.parent.map(|p| graph.nodes[p].url.as_str()),
        content: Value::safe_string(
            &doc.map_or(Cow::Borrowed(""), |d| with_links(graph, id, &d.body.html)),
        ),
        toc_html: Value::safe_string(&toc_html(&toc)),
        toc: toc_entries(toc),
        path: doc.map_or("", |d| d.rel_path.as_str()),
        slug: doc.map_or("", |d| d.slug.as_str()),
        aliases: front.map_or_else(Vec::new, |f| {
            f.aliases.iter().map(|a| a.target.as_str()).collect()
        }),
        extra: doc.map_or_else(
            || Value::from_serializable(&crate::yaml::Mapping::new()),
            |d| Value::from_serializable(&d.front.extra),
        ),
        taxonomies,
        term_groups,
        describes: describes_value(graph, shared, id),
        ancestors: shared.ancestors[id].clone(),
        parent: node.parent.map(|p| shared.refs[p].clone()),
        relations: relations_value(graph, shared, id, config),
        backlinks: backlinks_value(graph, shared, id, config),
        image: meta.image,
        noindex: meta.noindex,
        feed: meta.feed,
        edit_url: meta.edit_url,
        feedback_url: meta.feedback_url,
        translations,
        pages: section.then(|| shared.child_pages[id].clone()),
        subsections: section.then(|| shared.child_sections[id].clone()),
    };
    extended(&shared.refs[id], &page)
}

/// A map value with every entry of `base` (a card) and then every field of `more`: how a
/// full page, a sidebar item or a described term adds its own fields to a shared card
/// without copying what the card holds (its values are reference-counted).
pub(crate) fn extended(base: &Value, more: &impl serde::Serialize) -> Value {
    let more = Value::from_serializable(more);
    let more = more.as_map();
    let mut map = MapBuilder::from_value(base, more.map_or(0, |m| m.len()));
    if let Some(more) = more {
        map.0
            .extend(more.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    map.build()
}

/// A page's description as inline HTML (no wrapping paragraph), links written.
pub(crate) fn description_html(graph: &Graph, id: NodeId) -> Option<Value> {
    let doc = graph.nodes[id].doc.as_ref()?;
    let description = doc.description.as_ref()?;
    let resolutions = graph.links[id].get(doc.body.links.len()..).unwrap_or(&[]);
    let html = links::fill(&description.html, &description.links, resolutions);
    Some(Value::safe_string(inline(&html)))
}

/// The body's opening paragraph as plain text, cut (see [`Rendered::summary_text`]), with
/// the titles of `[[ID]]` links filled in.
///
/// [`Rendered::summary_text`]: crate::markdown::Rendered::summary_text
pub(crate) fn summary_text(graph: &Graph, id: NodeId) -> Option<Cow<'_, str>> {
    let doc = graph.nodes[id].doc.as_ref()?;
    let text = doc.body.summary_text.as_deref()?;
    if !text.contains('\u{1}') {
        return Some(Cow::Borrowed(text));
    }
    let filled = links::fill_text(text, &doc.body.links, &graph.links[id]);
    Some(Cow::Owned(
        summary::cut(&filled, summary::SUMMARY_CHARS).into_owned(),
    ))
}

/// What `<meta name="description">` says of a page: its description as plain text (links
/// as their text), else its summary text. `None` for a page with neither; the theme then
/// falls back to the site's description. `summary` is the page's [`summary_text`].
pub(crate) fn meta_description(graph: &Graph, id: NodeId, summary: Option<&str>) -> Option<String> {
    let doc = graph.nodes[id].doc.as_ref()?;
    let described = doc.description.as_ref().and_then(|description| {
        let text = description.summary_text.as_deref()?;
        if !text.contains('\u{1}') {
            return Some(text.to_string());
        }
        let resolutions = graph.links[id].get(doc.body.links.len()..).unwrap_or(&[]);
        Some(links::fill_text(text, &description.links, resolutions))
    });
    described.or_else(|| summary.map(str::to_string))
}

/// A one-paragraph fragment without its wrapping `<p>`.
pub(crate) fn inline(html: &str) -> &str {
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => trimmed,
    }
}

/// A body's HTML with its internal links written (see [`crate::markdown::links`]).
pub(crate) fn with_links<'h>(graph: &Graph, id: NodeId, html: &'h str) -> Cow<'h, str> {
    let Some(doc) = &graph.nodes[id].doc else {
        return Cow::Borrowed(html);
    };
    if !html.contains('\u{1}') {
        return Cow::Borrowed(html);
    }
    Cow::Owned(links::fill(html, &doc.body.links, &graph.links[id]))
}

/// A body's headings with the titles of `[[ID]]` links filled in.
fn toc_headings<'d>(graph: &Graph, id: NodeId, doc: &'d Document) -> Cow<'d, [Heading]> {
    if !doc.body.toc.iter().any(|h| h.title.contains('\u{1}')) {
        return Cow::Borrowed(&doc.body.toc);
    }
    let filled = doc
        .body
        .toc
        .iter()
        .map(|h| Heading {
            title: links::fill_text(&h.title, &doc.body.links, &graph.links[id]),
            ..h.clone()
        })
        .collect();
    Cow::Owned(filled)
}

/// `page.relations`: one group per relation kind the page uses, in book.toml order, with
/// the targets' cards.
fn relations_value<'c>(
    graph: &Graph,
    shared: &Shared,
    id: NodeId,
    config: &'c Config,
) -> Vec<LinkGroup<'c>> {
    let Some(rels) = graph.relations.get(id.index()) else {
        return Vec::new();
    };
    let mut rels: Vec<&(RelationId, Vec<NodeId>)> =
        rels.iter().filter(|(_, t)| !t.is_empty()).collect();
    rels.sort_by_key(|(kind, _)| *kind);
    rels.into_iter()
        .map(|(kind, targets)| {
            let relation = &config.relations[*kind];
            LinkGroup {
                name: &relation.name,
                title: relation.title(),
                items: targets.iter().map(|&t| shared.refs[t].clone()).collect(),
            }
        })
        .collect()
}

/// `page.backlinks`: the pages linking here, grouped by kind — each relation (titled with its
/// inverse, "Referenced by") and plain body links ("Linked from").
fn backlinks_value(
    graph: &Graph,
    shared: &Shared,
    id: NodeId,
    config: &Config,
) -> Vec<BacklinkGroup> {
    graph
        .backlinks(id)
        .into_iter()
        .map(|(kind, sources)| {
            let (kind, title) = match kind {
                EdgeKind::Relation(i) => (
                    config.relations[i].name.clone(),
                    config.relations[i].inverse_title(),
                ),
                EdgeKind::Link => ("link".to_string(), "Linked from".to_string()),
            };
            BacklinkGroup {
                kind,
                title,
                items: sources.iter().map(|&s| shared.refs[s].clone()).collect(),
            }
        })
        .collect()
}

/// `page.taxonomies`: for every declared taxonomy, the page's terms in the order written
/// (empty when the page uses none); and `page.term_groups` (the taxonomies the page has
/// terms in, in book.toml order), sharing one list of terms per taxonomy.
fn taxonomies_value(graph: &Graph, shared: &Shared, id: NodeId) -> (Value, Vec<TermGroup>) {
    let mut map = MapBuilder::with_capacity(graph.taxonomies.len());
    let mut groups = Vec::new();
    for (t, taxonomy) in TaxonomyId::enumerate(&graph.taxonomies) {
        let terms: Vec<Value> = graph.node_terms[id]
            .iter()
            .filter(|term| term.taxonomy == t)
            .map(|term| shared.terms[t][term.term].clone())
            .collect();
        let used = !terms.is_empty();
        let terms = Value::from(terms);
        if used {
            groups.push(TermGroup {
                taxonomy: shared.taxonomy_values[t].clone(),
                terms: terms.clone(),
            });
        }
        map = map.put_owned(taxonomy.name.clone(), terms);
    }
    (map.build(), groups)
}

/// `page.describes`: the taxonomy terms this page is the landing page of.
fn describes_value(graph: &Graph, shared: &Shared, id: NodeId) -> Vec<Value> {
    graph.landings[id]
        .iter()
        .map(
            |&TermId {
                 taxonomy: t,
                 term: i,
             }| {
                let taxonomy = &graph.taxonomies[t];
                let described = Described {
                    taxonomy: &taxonomy.name,
                    taxonomy_title: &taxonomy.title,
                };
                extended(&shared.terms[t][i], &described)
            },
        )
        .collect()
}

/// `page.toc`: the nested table of contents.
fn toc_entries(nodes: Vec<TocNode>) -> Vec<TocEntry> {
    // Iterative post-order: an entry needs its children's entries first.
    fn convert(node: TocNode) -> TocEntry {
        let mut stack: Vec<(TocNode, Vec<TocEntry>)> = vec![(node, Vec::new())];
        loop {
            let top = stack.last_mut().expect("non-empty until returned");
            if let Some(child) = top.0.children.pop() {
                stack.push((child, Vec::new()));
                continue;
            }
            let (done, mut children) = stack.pop().expect("non-empty");
            children.reverse();
            let entry = TocEntry {
                level: done.heading.level,
                id: done.heading.id,
                title: done.heading.title,
                children,
            };
            match stack.last_mut() {
                Some(parent) => parent.1.push(entry),
                None => return entry,
            }
        }
    }
    nodes.into_iter().map(convert).collect()
}

/// A section with more children than this shows a window of them in the sidebar.
pub(crate) const SIDEBAR_LIMIT: usize = 40;
/// Children shown at each end of a windowed list.
const SIDEBAR_ENDS: usize = 3;
/// Children shown on each side of the current (or expanded) one in a windowed list.
const SIDEBAR_AROUND: usize = 10;

/// The sidebar for one node: the home page's children, with every ancestor of the node (and
/// the node itself, when it is a section) expanded to show its children. A list longer than
/// [`SIDEBAR_LIMIT`] shows its ends and the neighbourhood of the current item, with `more`
/// items standing for the children left out, so one page's sidebar stays bounded however
/// large the site grows.
pub(crate) fn sidebar(graph: &Graph, shared: &Shared, current: NodeId) -> Value {
    sidebar_tree(graph, shared, current, true)
}

/// [`sidebar`], with `mark` saying whether the current node's item carries `current: true`
/// (not when the tree is rendered once and shared by a section's pages).
pub(crate) fn sidebar_tree(graph: &Graph, shared: &Shared, current: NodeId, mark: bool) -> Value {
    let mut chain = graph.ancestors(current);
    if graph.nodes[current].kind == Kind::Section {
        chain.push(current);
    }
    // Build from the deepest expanded section up to the home page.
    let mut below: Option<(NodeId, Value)> = None;
    for &section in chain.iter().rev() {
        let node = &graph.nodes[section];
        let children: Vec<NodeId> = node
            .pages
            .iter()
            .chain(node.sections.iter())
            .copied()
            .collect();
        let focus = children
            .iter()
            .position(|&c| c == current || below.as_ref().is_some_and(|(id, _)| *id == c));
        let mut items: Vec<Value> = Vec::with_capacity(children.len().min(SIDEBAR_LIMIT + 2));
        for piece in window(children.len(), focus) {
            match piece {
                Piece::Shown(range) => {
                    for &child in &children[range] {
                        let current = if mark { Some(current) } else { None };
                        items.push(sidebar_item(graph, shared, child, current, below.as_ref()));
                    }
                }
                Piece::Gap(hidden) => items.push(more_item(hidden, &node.url)),
            }
        }
        below = Some((section, Value::from(items)));
    }
    below.map_or_else(|| Value::from(Vec::<Value>::new()), |(_, items)| items)
}

fn sidebar_item(
    graph: &Graph,
    shared: &Shared,
    child: NodeId,
    current: Option<NodeId>,
    below: Option<&(NodeId, Value)>,
) -> Value {
    let expanded = below.filter(|(id, _)| *id == child);
    let is_current = current == Some(child);
    let folded = match expanded {
        None => folded_sections(graph, shared, child),
        Some(_) => None,
    };
    if expanded.is_none() && folded.is_none() && !is_current {
        return shared.refs[child].clone();
    }
    let item = SidebarItem {
        current: is_current,
        expanded: expanded.is_some(),
        children: expanded.map(|(_, kids)| kids.clone()).or(folded),
    };
    extended(&shared.refs[child], &item)
}

/// The subsections of a section the tree does not open, for the theme to fold under it
/// (`children` without `expanded`): its sections only, never its pages, windowed like any
/// list, one level deep — so a page's sidebar stays bounded however large the site grows.
/// `None` for a page, or a section without subsections.
fn folded_sections(graph: &Graph, shared: &Shared, section: NodeId) -> Option<Value> {
    let node = &graph.nodes[section];
    if node.sections.is_empty() {
        return None;
    }
    let mut items = Vec::with_capacity(node.sections.len().min(SIDEBAR_LIMIT + 2));
    for piece in window(node.sections.len(), None) {
        match piece {
            Piece::Shown(range) => {
                items.extend(node.sections[range].iter().map(|&s| shared.refs[s].clone()))
            }
            Piece::Gap(hidden) => items.push(more_item(hidden, &node.url)),
        }
    }
    Some(Value::from(items))
}

/// The item standing for `hidden` children left out of a windowed list, linking to their
/// section at `url`.
fn more_item(hidden: usize, url: &str) -> Value {
    Value::from_serializable(&MoreItem {
        kind: "more",
        title: format!("{hidden} more"),
        url,
    })
}

#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Shown(std::ops::Range<usize>),
    Gap(usize),
}

/// Which of `len` children to show: all of them up to [`SIDEBAR_LIMIT`], else the ends and
/// the neighbourhood of `focus`, with gaps between.
fn window(len: usize, focus: Option<usize>) -> Vec<Piece> {
    if len <= SIDEBAR_LIMIT {
        return vec![Piece::Shown(0..len)];
    }
    let focus = focus.unwrap_or(0);
    let mut ranges = vec![
        0..SIDEBAR_ENDS,
        focus.saturating_sub(SIDEBAR_AROUND)..(focus + SIDEBAR_AROUND + 1).min(len),
        len - SIDEBAR_ENDS..len,
    ];
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    for r in merged {
        if r.start > at {
            pieces.push(Piece::Gap(r.start - at));
        }
        at = r.end;
        pieces.push(Piece::Shown(r));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lists_are_shown_whole() {
        assert_eq!(
            window(SIDEBAR_LIMIT, Some(39)),
            [Piece::Shown(0..SIDEBAR_LIMIT)]
        );
    }

    #[test]
    fn long_lists_show_ends_and_the_focus_neighbourhood() {
        assert_eq!(
            window(200, Some(100)),
            [
                Piece::Shown(0..3),
                Piece::Gap(87),
                Piece::Shown(90..111),
                Piece::Gap(86),
                Piece::Shown(197..200),
            ]
        );
        assert_eq!(
            window(200, Some(1)),
            [Piece::Shown(0..12), Piece::Gap(185), Piece::Shown(197..200)]
        );
        assert_eq!(
            window(200, Some(199)),
            [Piece::Shown(0..3), Piece::Gap(186), Piece::Shown(189..200)]
        );
    }
}
