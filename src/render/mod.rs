//! Rendering: every page, section, redirect, sitemap and copied file of the site, written
//! into the staging output as it is produced (in parallel; the rendered site is never held
//! in memory whole). Never reads source files: everything comes from the graph and theme.

mod badges;
mod cards;
mod feeds;
mod graph_json;
pub(crate) mod languages;
mod menus;
pub(crate) mod meta;
pub(crate) mod shortcodes;
mod sidebars;
mod taxonomies;
pub(crate) mod templates;
pub(crate) mod values;
mod variables;

use std::collections::BTreeMap;
use std::collections::BTreeSet;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::Progress;
use crate::config::Config;
use crate::content::Kind;
use crate::diagnostics::{Code, Diagnostic};
use crate::graph::{Graph, NodeId, ROOT, TermId};
use crate::output::Sink;
use crate::text::{escape_html, escape_xml};
use crate::theme::{StaticSource, Theme};
pub(crate) use templates::Engine;
use values::Shared;

/// What a build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Report {
    /// Pages rendered.
    pub pages: usize,
    /// Sections rendered (the home page included).
    pub sections: usize,
    /// Files written in all: pages, sections, redirects, sitemap, assets, static files.
    pub files: usize,
}

/// The config as templates see it (`config.title`, `config.base_url`, …).
pub(crate) fn config_value(config: &Config) -> Value {
    values::config_value(config)
}

/// The files a build generates besides pages and redirects.
pub(crate) fn generated_files(config: &Config) -> impl Iterator<Item = &'static str> {
    let sitemap = config.base_url.absolute.then_some("sitemap.xml");
    let graph = config.build.graph.then_some("graph.json");
    let feed = meta::site_feed(config).map(|_| "atom.xml");
    ["404.html", "robots.txt"]
        .into_iter()
        .chain(sitemap)
        .chain(graph)
        .chain(feed)
}

/// The output paths of the sections' feeds (`docs/atom.xml`).
pub(crate) fn section_feed_outputs(graph: &Graph, config: &Config) -> Vec<String> {
    NodeId::all(graph.nodes.len())
        .filter(|&id| meta::section_feed(graph, config, id).is_some())
        .map(|id| section_feed_output(graph, id))
        .collect()
}

fn section_feed_output(graph: &Graph, id: NodeId) -> String {
    let output = &graph.nodes[id].output;
    match output.rfind('/') {
        Some(i) => format!("{}/atom.xml", &output[..i]),
        None => "atom.xml".to_string(),
    }
}

/// Checks what pages and book.toml say about feeds, share images and the site's icon.
pub(crate) fn check_outputs(graph: &Graph, config: &Config, theme: &Theme) -> Vec<Diagnostic> {
    let mut found = meta::check(graph, config, theme);
    found.extend(static_over_generated(config, theme));
    found
}

/// The generated files a site's `static/` may replace with its own: those the handbook names
/// (robots.txt, sitemap.xml, atom.xml, 404.html). Others, such as graph.json and the search
/// index, are made of the pages; a stale copy would silently contradict them.
pub(crate) const OVERRIDABLE: [&str; 4] = ["robots.txt", "sitemap.xml", "atom.xml", "404.html"];

/// An error for each static file of the site that would replace a generated file it may not.
fn static_over_generated(config: &Config, theme: &Theme) -> Vec<Diagnostic> {
    let search = format!("{}/", crate::search::DIR);
    let generated = |output: &str| {
        let listed = generated_files(config).any(|g| g == output) && !OVERRIDABLE.contains(&output);
        listed || (config.search.enabled && output.starts_with(&search))
    };
    theme
        .static_files
        .iter()
        .filter(|file| file.from_site && generated(&file.output))
        .map(|file| {
            let d = Diagnostic::error(
                Code::OutputCollision,
                format!(
                    "the static file `{}` would replace the file the build generates there",
                    file.output
                ),
            )
            .help("remove or rename it; only robots.txt, sitemap.xml, atom.xml and 404.html may be replaced");
            match &file.source {
                crate::theme::StaticSource::Disk(path) => d.in_file(path),
                crate::theme::StaticSource::Embedded(_) => d,
            }
        })
        .collect()
}

/// The template a node renders with.
pub(crate) fn template_for(graph: &Graph, id: NodeId) -> String {
    let node = &graph.nodes[id];
    if let Some(name) = node.doc.as_ref().and_then(|d| d.front.template.clone()) {
        return name;
    }
    match (node.kind, node.parent) {
        (Kind::Section, None) => "index.html".to_string(),
        (Kind::Section, Some(_)) => "section.html".to_string(),
        (Kind::Page, _) => "page.html".to_string(),
    }
}

/// Every `template:` in front matter must name an existing template.
pub(crate) fn check_templates(graph: &Graph, engine: &Engine) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for node in &graph.nodes {
        let Some(doc) = &node.doc else { continue };
        let Some(name) = &doc.front.template else {
            continue;
        };
        if !engine.has(name) {
            let d = Diagnostic::error(Code::Template, format!("template `{name}` does not exist"))
                .help("add it to the site's templates/ folder, or remove the `template` key");
            out.push(doc.at_key(d, "template"));
        }
    }
    out
}

/// Renders and writes the whole site into `staging` (a [`Sink`]).
pub(crate) fn render(
    graph: &Graph,
    config: &Config,
    engine: &Engine,
    theme: &Theme,
    staging: &dyn Sink,
    progress: &dyn Progress,
) -> Result<Report, Vec<Diagnostic>> {
    // Folders first, once, so the parallel writers only create files; made while the
    // shared values are built (that is partly one-core work, the folders are system calls).
    let (pages, made) = rayon::join(
        || Pages::new(graph, config, engine),
        || create_folders(graph, theme, staging),
    );
    made.map_err(|e| vec![e.into()])?;
    render_plan(&pages, theme, staging, progress, Plan::EVERYTHING)
}

/// Renders every language of a multilingual site into `staging`: the default at its root,
/// each other language in its `CODE/` folder (the static files once, at the root), with
/// one sitemap and robots.txt for all of them. `sites` are in language order.
pub(crate) fn render_languages(
    sites: &[(&Graph, &Config, &Engine)],
    theme: &Theme,
    staging: &dyn Sink,
    progress: &dyn Progress,
) -> Result<Report, Vec<Diagnostic>> {
    let graphs: Vec<&Graph> = sites.iter().map(|(g, _, _)| *g).collect();
    let pairs: Vec<(&Graph, &Config)> = sites.iter().map(|(g, c, _)| (*g, *c)).collect();
    let alternates = languages::alternates(&graphs);
    let without_statics = Theme {
        static_files: Vec::new(),
        ..theme.clone()
    };
    let (mut pages, mut sections, mut errors) = (0, 0, Vec::new());
    for (language, (graph, config, engine)) in sites.iter().enumerate() {
        let prefixed;
        let (sink, theme): (&dyn Sink, &Theme) = match language {
            0 => (staging, theme),
            _ => {
                let code = &config.current_language().code;
                prefixed = languages::Prefixed {
                    inner: staging,
                    prefix: format!("{code}/"),
                };
                (&prefixed, &without_statics)
            }
        };
        let mut renderer = Pages::new(graph, config, engine);
        renderer.set_translations(languages::translation_values(&pairs, &alternates, language));
        if let Err(e) = create_folders(graph, theme, sink) {
            errors.push(e.into());
            continue;
        }
        let plan = Plan {
            root_files: false,
            ..Plan::EVERYTHING
        };
        match render_plan(&renderer, theme, sink, progress, plan) {
            Ok(report) => (pages, sections) = (pages + report.pages, sections + report.sections),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let (_, config, _) = sites[0];
    let statics: BTreeSet<&str> = theme
        .static_files
        .iter()
        .filter(|s| s.from_site)
        .map(|s| s.output.as_str())
        .collect();
    if !statics.contains("sitemap.xml") && config.base_url.absolute {
        let xml = sitemap_of(&pairs, &alternates);
        errors.extend(
            staging
                .write("sitemap.xml", xml.as_bytes())
                .err()
                .map(Diagnostic::from),
        );
    }
    if !statics.contains("robots.txt") {
        errors.extend(
            staging
                .write("robots.txt", robots(config).as_bytes())
                .err()
                .map(Diagnostic::from),
        );
    }
    if !errors.is_empty() {
        return Err(crate::output::one_disk_full(errors));
    }
    Ok(Report {
        pages,
        sections,
        files: staging.files_written(),
    })
}

/// What a render writes: the whole site, or (for `praxis serve`) parts of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan<'p> {
    /// The nodes to render; `None` for all of them.
    pub nodes: Option<&'p [NodeId]>,
    /// The redirects to write: `None` for all, else those pointing at these nodes.
    pub redirects: Option<&'p [NodeId]>,
    /// The taxonomy pages: `None` for all (indexes, term pages, feeds), else the pages and
    /// feeds of these `(taxonomy, term)` terms.
    pub terms: Option<&'p [TermId]>,
    /// The site-wide files: 404, sitemap, robots.txt.
    pub site_files: bool,
    /// The sitemap and robots.txt among them (a multilingual site writes one of each, at
    /// its root, for all its languages).
    pub root_files: bool,
    /// graph.json.
    pub graph_json: bool,
    /// The site's and the sections' Atom feeds.
    pub feeds: bool,
    /// The content assets and static files.
    pub copies: bool,
}

impl Plan<'_> {
    /// Everything a build writes.
    pub(crate) const EVERYTHING: Plan<'static> = Plan {
        nodes: None,
        redirects: None,
        terms: None,
        site_files: true,
        root_files: true,
        graph_json: true,
        feeds: true,
        copies: true,
    };
}

fn create_folders(
    graph: &Graph,
    theme: &Theme,
    staging: &dyn Sink,
) -> Result<(), crate::output::OutputError> {
    let mut dirs: BTreeSet<&str> = BTreeSet::new();
    let outputs = graph
        .nodes
        .iter()
        .filter(|n| n.rendered())
        .map(|n| n.output.as_str())
        .chain(graph.aliases.iter().map(|a| a.output.as_str()))
        .chain(graph.assets.iter().map(|a| a.output.as_str()))
        .chain(theme.static_files.iter().map(|s| s.output.as_str()));
    for output in outputs {
        if let Some(i) = output.rfind('/') {
            dirs.insert(&output[..i]);
        }
    }
    staging.create_dirs(&mut dirs.iter().copied())
}

/// Renders what `plan` asks for with `pages` into `staging`.
pub(crate) fn render_plan(
    pages: &Pages<'_>,
    theme: &Theme,
    staging: &dyn Sink,
    progress: &dyn Progress,
    plan: Plan<'_>,
) -> Result<Report, Vec<Diagnostic>> {
    let (graph, config, engine) = (pages.graph, pages.config, pages.engine);
    // Pages with `build.render: never | link` (and headless ones) are not written.
    let nodes: Vec<NodeId> = match plan.nodes {
        Some(nodes) => nodes
            .iter()
            .copied()
            .filter(|&id| graph.nodes[id].rendered())
            .collect(),
        None => NodeId::all(graph.nodes.len())
            .filter(|&id| graph.nodes[id].rendered())
            .collect(),
    };
    let nodes = nodes.as_slice();
    let mut errors: Vec<(Diagnostic, String)> = Vec::new();
    progress.start("Rendering", nodes.len() as u64);
    let static_outputs: BTreeSet<&str> = theme
        .static_files
        .iter()
        .filter(|s| s.from_site)
        .map(|s| s.output.as_str())
        .collect();

    // A page's redirects are written right after the page, by the same worker: spread over
    // the whole render, the many small files of a folder of old URLs are not all created at
    // once by every core (which contends for that folder's lock). A render of some nodes
    // writes the redirects it was asked for with the site-wide files instead.
    let with_pages = plan.redirects.is_none() && plan.nodes.is_none();
    let mut by_target: Vec<&crate::graph::Alias> = graph.aliases.iter().collect();
    by_target.sort_by_key(|alias| alias.target); // stable: each page's stay in output order
    let aliases_of = |id: NodeId| {
        let start = by_target.partition_point(|alias| alias.target < id);
        let end = by_target.partition_point(|alias| alias.target <= id);
        &by_target[start..end]
    };
    let alias_errors: std::sync::Mutex<Vec<Diagnostic>> = std::sync::Mutex::default();
    let icon = meta::icon_link(config, theme);
    let write_alias = |alias: &crate::graph::Alias| {
        if let Err(e) = write_redirect(graph, config, icon.as_deref(), staging, alias) {
            alias_errors.lock().expect("not poisoned").push(e.into());
        }
    };
    // The site-wide files (graph.json, sitemap) are one long serialisation each, and the
    // term pages a few large renders (a popular term lists thousands of cards): made while
    // the pages render instead of after, they do not leave one core idle at the end.
    let (node_errors, (whole_site, taxonomy_errors)) = rayon::join(
        || {
            nodes
                .par_iter()
                .with_max_len(crate::PAR_RUN)
                .filter_map(|&id| {
                    // Interrupted: the staging folder refuses every write, and the build
                    // stops at its commit; rendering the rest would only delay that.
                    if staging.stopped() {
                        return None;
                    }
                    let result = pages.write(staging, id);
                    if with_pages {
                        aliases_of(id).iter().for_each(|alias| write_alias(alias));
                    }
                    progress.advance(1);
                    result.err().map(|d| {
                        let d = *d;
                        let source = graph.nodes[id].doc.as_ref().map_or_else(
                            || graph.nodes[id].url.clone(),
                            |doc| doc.source.display().to_string(),
                        );
                        (d, source)
                    })
                })
                .collect::<Vec<(Diagnostic, String)>>()
        },
        || {
            let mut whole_site: Vec<Diagnostic> = Vec::new();
            match plan.redirects {
                _ if with_pages => {}
                None => graph.aliases.iter().for_each(write_alias),
                Some(ids) => ids
                    .iter()
                    .flat_map(|&id| aliases_of(id))
                    .for_each(|alias| write_alias(alias)),
            }
            let taxonomy_errors = match plan.terms {
                Some([]) => Vec::new(),
                only => taxonomies::render(graph, pages, config, engine, staging, only),
            };
            if plan.graph_json && config.build.graph {
                let written = graph_json::write(graph, config, staging);
                whole_site.extend(written.err().map(Diagnostic::from));
            }
            if plan.feeds {
                whole_site.extend(write_feeds(graph, config, staging, &static_outputs));
            }
            // The search index goes with graph.json: both are made of every page.
            if plan.graph_json && config.search.enabled {
                whole_site.extend(crate::search::write(graph, config, staging));
            }
            if !plan.site_files || !plan.root_files {
                return (whole_site, taxonomy_errors);
            }
            if !static_outputs.contains("sitemap.xml") && config.base_url.absolute {
                let written = staging.write("sitemap.xml", sitemap(graph, config).as_bytes());
                whole_site.extend(written.err().map(Diagnostic::from));
            }
            if !static_outputs.contains("robots.txt") {
                let written = staging.write("robots.txt", robots(config).as_bytes());
                whole_site.extend(written.err().map(Diagnostic::from));
            }
            (whole_site, taxonomy_errors)
        },
    );
    progress.finish();
    errors.extend(node_errors);

    if plan.site_files
        && let Err(d) = render_404(pages, staging, theme)
    {
        errors.push((*d, "404.html".to_string()));
    }
    let extra_errors = if plan.copies {
        copy_files(graph, theme, staging)
    } else {
        Vec::new()
    };
    // In whatever order the workers met them: both callers sort every diagnostic.
    let alias_errors = alias_errors.into_inner().expect("not poisoned");
    let mut diagnostics = dedupe(errors);
    diagnostics.extend(alias_errors);
    diagnostics.extend(extra_errors);
    diagnostics.extend(whole_site);
    diagnostics.extend(taxonomy_errors);
    if !diagnostics.is_empty() {
        return Err(crate::output::one_disk_full(diagnostics));
    }
    let written = || graph.nodes.iter().filter(|n| n.rendered());
    let pages = written().filter(|n| n.kind == Kind::Page).count();
    Ok(Report {
        pages,
        sections: written().count() - pages,
        files: staging.files_written(),
    })
}

/// Writes the site's feed and each section's (a file of the site's `static/` wins).
fn write_feeds(
    graph: &Graph,
    config: &Config,
    staging: &dyn Sink,
    static_outputs: &BTreeSet<&str>,
) -> Vec<Diagnostic> {
    let order = feeds::site_pages(graph);
    let mut jobs: Vec<(String, feeds::Feed<'_>)> = Vec::new();
    if let Some(path) = meta::site_feed(config) {
        let feed = feeds::Feed {
            title: config.book.title.clone(),
            path,
            page: &config.base_url.path,
            pages: order.clone(),
        };
        jobs.push(("atom.xml".to_string(), feed));
    }
    for id in NodeId::all(graph.nodes.len()) {
        let Some(path) = meta::section_feed(graph, config, id) else {
            continue;
        };
        let node = &graph.nodes[id];
        let feed = feeds::Feed {
            title: format!("{} — {}", config.book.title, node.title),
            path,
            page: &node.url,
            pages: feeds::pages_below(graph, &order, id),
        };
        jobs.push((section_feed_output(graph, id), feed));
    }
    jobs.par_iter()
        .filter(|(output, _)| !static_outputs.contains(output.as_str()))
        .filter_map(|(output, feed)| {
            let xml = feeds::atom(graph, config, feed);
            staging.write(output, xml.as_bytes()).err()
        })
        .map(Diagnostic::from)
        .collect()
}

/// Copies the content assets and the theme's and site's static files.
fn copy_files(graph: &Graph, theme: &Theme, staging: &dyn Sink) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = graph
        .assets
        .par_iter()
        .filter_map(|asset| staging.copy(&asset.source, &asset.output).err())
        .map(Diagnostic::from)
        .collect();
    problems.extend(copy_static(theme, staging));
    problems
}

/// Copies the theme's and the site's static files.
pub(crate) fn copy_static(theme: &Theme, staging: &dyn Sink) -> Vec<Diagnostic> {
    theme
        .static_files
        .par_iter()
        .filter_map(|file| match &file.source {
            StaticSource::Disk(path) => staging.copy(path, &file.output).err(),
            StaticSource::Embedded(bytes) => staging.write(&file.output, bytes).err(),
        })
        .map(Diagnostic::from)
        .collect()
}

/// What renders of one site share and may keep for the next render of the same site: the
/// shared values and the rendered sidebar trees and cards.
pub(crate) struct Kept {
    pub shared: Shared,
    pub sidebars: sidebars::Sidebars,
    pub cards: cards::Cards,
}

impl Kept {
    /// Nothing kept: a placeholder while a render holds the real one.
    pub(crate) fn empty() -> Kept {
        Kept {
            shared: Shared::default(),
            sidebars: sidebars::Sidebars::none(),
            cards: cards::Cards::none(),
        }
    }

    /// Drops what shows the nodes of `changed` (whose cards changed in place).
    pub(crate) fn forget(&mut self, graph: &Graph, changed: &[NodeId]) {
        self.sidebars.forget_listing(graph, changed);
        self.cards.forget(changed);
    }
}

/// Renders one node at a time into HTML, with the site-wide values (cards, ancestors,
/// taxonomies) built once and shared by every page. What [`render`] uses for each node;
/// public so benchmarks and tools can render a single page.
pub struct Pages<'a> {
    graph: &'a Graph,
    config: &'a Config,
    engine: &'a Engine,
    shared: Shared,
    sidebars: sidebars::Sidebars,
    cards: cards::Cards,
    /// `page.translations` by node, on a multilingual site (see [`languages`]).
    translations: Vec<Value>,
}

impl<'a> Pages<'a> {
    /// Builds the shared values for `graph`.
    pub fn new(graph: &'a Graph, config: &'a Config, engine: &'a Engine) -> Pages<'a> {
        let kept = Kept {
            shared: Shared::build(graph, config),
            sidebars: sidebars::Sidebars::new(graph, engine),
            cards: cards::Cards::new(graph, engine),
        };
        Self::with_kept(graph, config, engine, kept)
    }

    /// Renders with what an earlier render of the same site kept (and is still true of
    /// `graph`).
    pub(crate) fn with_kept(
        graph: &'a Graph,
        config: &'a Config,
        engine: &'a Engine,
        kept: Kept,
    ) -> Pages<'a> {
        Pages {
            graph,
            config,
            engine,
            shared: kept.shared,
            sidebars: kept.sidebars,
            cards: kept.cards,
            translations: Vec::new(),
        }
    }

    /// Tells each page's template of its translations (`page.translations`).
    pub(crate) fn set_translations(&mut self, translations: Vec<Value>) {
        self.translations = translations;
    }

    /// The values every page shares.
    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }

    /// What this render shares, to keep for the next render of the same site.
    pub(crate) fn into_kept(self) -> Kept {
        Kept {
            shared: self.shared,
            sidebars: self.sidebars,
            cards: self.cards,
        }
    }

    /// Renders node `id` with its template, appending the HTML to `out`.
    pub fn render(&self, id: NodeId, out: &mut Vec<u8>) -> Result<(), Box<Diagnostic>> {
        let (graph, shared) = (self.graph, &self.shared);
        let node = &graph.nodes[id];
        let template = template_for(graph, id);
        let translations = self
            .translations
            .get(id.index())
            .filter(|v| !v.is_none())
            .cloned();
        let page = values::document(graph, shared, id, self.config, translations);
        let mut ctx = Context::new();
        if node.kind == Kind::Section {
            ctx.insert_value("section", page.clone());
        }
        ctx.insert_value("page", page);
        self.sidebars
            .insert(&mut ctx, graph, shared, self.engine, Some(id))?;
        ctx.insert_value("breadcrumbs", shared.ancestors[id].clone());
        let neighbour = |n: Option<NodeId>| n.map_or_else(Value::none, |n| shared.refs[n].clone());
        ctx.insert_value("prev", neighbour(graph.prev(id)));
        ctx.insert_value("next", neighbour(graph.next(id)));
        ctx.insert_value("current_url", Value::from(node.url.as_str()));
        ctx.insert_value("root", shared.refs[ROOT].clone());
        ctx.insert_value("taxonomies", shared.taxonomies.clone());
        ctx.insert_value("menus", shared.menus.of_node(id));
        self.engine
            .tera
            .render_to(&template, &ctx, out)
            .map_err(|err| Box::new(self.engine.diagnostic(&err, &template)))
    }

    /// Renders node `id` and writes it to its output path in `staging`.
    fn write(&self, staging: &dyn Sink, id: NodeId) -> Result<(), Box<Diagnostic>> {
        let mut buffer = Vec::with_capacity(16 * 1024);
        self.render(id, &mut buffer)?;
        staging
            .write(&self.graph.nodes[id].output, &buffer)
            .map_err(|e| Box::new(e.into()))
    }
}

fn render_404(pages: &Pages<'_>, staging: &dyn Sink, theme: &Theme) -> Result<(), Box<Diagnostic>> {
    let (shared, engine) = (&pages.shared, pages.engine);
    if theme
        .static_files
        .iter()
        .any(|s| s.from_site && s.output == "404.html")
    {
        return Ok(());
    }
    let root_url = shared.refs[ROOT]
        .as_map()
        .and_then(|m| m.get(&tera::value::Key::Str("url")))
        .and_then(|v| v.as_str())
        .unwrap_or("/")
        .to_string();
    let url = format!("{root_url}404.html");
    let page = Value::from_serializable(&variables::OtherPage::new("404", "Page not found", &url));
    let ctx = standalone_context(pages, page, Vec::new())?;
    let mut buffer = Vec::new();
    engine
        .tera
        .render_to("404.html", &ctx, &mut buffer)
        .map_err(|err| Box::new(engine.diagnostic(&err, "404.html")))?;
    staging
        .write("404.html", &buffer)
        .map_err(|e| Box::new(e.into()))
}

/// The context of a page outside the section tree (404, taxonomy pages): the top-level
/// sidebar, the given breadcrumbs, no prev/next.
fn standalone_context(
    pages: &Pages<'_>,
    page: Value,
    breadcrumbs: Vec<Value>,
) -> Result<Context, Box<Diagnostic>> {
    let shared = &pages.shared;
    let url = page
        .as_map()
        .and_then(|m| m.get(&tera::value::Key::Str("url")))
        .cloned()
        .unwrap_or_else(Value::none);
    let mut ctx = Context::new();
    let menus = match url.as_str() {
        Some(url) => shared.menus.of_url(pages.graph, url),
        None => shared.menus.plain.clone(),
    };
    ctx.insert_value("menus", menus);
    ctx.insert_value("page", page);
    ctx.insert_value("breadcrumbs", Value::from(breadcrumbs));
    ctx.insert_value("prev", Value::none());
    ctx.insert_value("next", Value::none());
    ctx.insert_value("current_url", url);
    ctx.insert_value("root", shared.refs[ROOT].clone());
    ctx.insert_value("taxonomies", shared.taxonomies.clone());
    pages
        .sidebars
        .insert(&mut ctx, pages.graph, shared, pages.engine, None)?;
    Ok(ctx)
}

fn write_redirect(
    graph: &Graph,
    config: &Config,
    icon: Option<&str>,
    staging: &dyn Sink,
    alias: &crate::graph::Alias,
) -> Result<(), crate::output::OutputError> {
    let target = &graph.nodes[alias.target];
    let html = redirect_html(
        &target.url,
        &target.title,
        &config.base_url.permalink(&target.url),
        &config.book.language,
        icon.unwrap_or(""),
    );
    staging.write(&alias.output, html.as_bytes())
}

/// A page at an old URL that sends readers (and search engines) to the new one. `icon` is
/// the site's `<link rel="icon">` line (or nothing): without one, a browser asks for
/// `/favicon.ico` on every redirect it follows.
fn redirect_html(url: &str, title: &str, permalink: &str, lang: &str, icon: &str) -> String {
    let url = escape_html(url);
    let title = escape_html(title);
    let permalink = escape_html(permalink);
    let lang = escape_html(lang);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Moved: {title}</title>\n<link rel=\"canonical\" href=\"{permalink}\">\n{icon}\
         <meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n\
         </head>\n<body>\n<p>This page has moved to <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}

fn sitemap(graph: &Graph, config: &Config) -> String {
    sitemap_of(&[(graph, config)], &Vec::new())
}

/// The sitemap of every language's graph; with `alternates` (see
/// [`languages::alternates`]), each address lists its translations (`xhtml:link`).
pub(crate) fn sitemap_of(
    sites: &[(&Graph, &Config)],
    alternates: &[Vec<Vec<languages::Version>>],
) -> String {
    let mut entries: BTreeMap<String, SitemapEntry> = BTreeMap::new();
    for (language, (graph, config)) in sites.iter().enumerate() {
        let versions = alternates.get(language).map_or(&[][..], Vec::as_slice);
        sitemap_entries(graph, config, versions, sites, &mut entries);
    }
    let with_links = entries.values().any(|(_, links)| !links.is_empty());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if with_links {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    // The sitemap protocol's limit: a longer address would make the file invalid.
    for (loc, (lastmod, links)) in entries.into_iter().filter(|(loc, _)| loc.len() <= 2048) {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&escape_xml(&loc));
        out.push_str("</loc>\n");
        if let Some(lastmod) = lastmod {
            out.push_str("    <lastmod>");
            out.push_str(&lastmod);
            out.push_str("</lastmod>\n");
        }
        for (code, href) in links {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(&code),
                escape_xml(&href)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// A sitemap address's lastmod and translations (language code, address).
type SitemapEntry = (Option<String>, Vec<(String, String)>);

/// One language's addresses, with their lastmod and translations.
fn sitemap_entries(
    graph: &Graph,
    config: &Config,
    versions: &[Vec<languages::Version>],
    sites: &[(&Graph, &Config)],
    entries: &mut BTreeMap<String, SitemapEntry>,
) {
    // Not pages that are not written, nor those listed nowhere (`build.list: never`), nor
    // drafts (built with `--drafts`) and `noindex` pages.
    let in_sitemap = |n: &&crate::graph::Node| {
        n.rendered()
            && n.build().list != crate::content::front_matter::List::Never
            && n.doc
                .as_deref()
                .is_none_or(|d| !d.front.draft && !meta::PageMeta::of(d).noindex)
    };
    for (id, node) in NodeId::enumerate(&graph.nodes).filter(|(_, n)| in_sitemap(n)) {
        let front = node.doc.as_ref().map(|d| &d.front);
        let lastmod = front.and_then(|f| f.updated.or(f.date)).map(|d| {
            if d.has_time {
                d.rfc3339()
            } else {
                d.to_string()
            }
        });
        let mut links: Vec<(String, String)> = versions
            .get(id.index())
            .into_iter()
            .flatten()
            .filter_map(|v| {
                let (graph, config) = sites.get(v.language)?;
                let url = &graph.nodes.get(v.node.index())?.url;
                let code = config.current_language().code.clone();
                Some((code, encode_url(&config.base_url.permalink(url))))
            })
            .collect();
        // The default language's version stands for readers of any other language.
        let default = versions
            .get(id.index())
            .and_then(|v| v.first())
            .filter(|v| v.language == 0);
        if let Some(href) = default.and(links.first().map(|(_, href)| href.clone())) {
            links.push(("x-default".to_string(), href));
        }
        entries.insert(
            encode_url(&config.base_url.permalink(&node.url)),
            (lastmod, links),
        );
    }
    for taxonomy in &graph.taxonomies {
        let url = encode_url(&config.base_url.permalink(&taxonomy.url));
        entries.insert(url, (None, Vec::new()));
        for term in &taxonomy.terms {
            let url = encode_url(&config.base_url.permalink(&term.url));
            entries.insert(url, (None, Vec::new()));
        }
    }
}

fn robots(config: &Config) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if config.base_url.absolute {
        out.push_str(&format!(
            "Sitemap: {}sitemap.xml\n",
            encode_url(&config.base_url.url)
        ));
    }
    out
}

/// What a sitemap address keeps as written: every printable ASCII character. Controls,
/// space and every non-ASCII byte are percent-encoded, as the sitemap protocol requires.
const SITEMAP_URL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ');

/// Percent-encodes the non-ASCII bytes, controls and spaces of a URL (sitemaps require it).
fn encode_url(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, SITEMAP_URL).to_string()
}

/// Where a diagnostic points: file, line, and the message when the line is unknown.
type Place = (Option<std::path::PathBuf>, Option<usize>, String);

/// One template mistake breaks every page using it: report it once, with a count.
fn dedupe(errors: Vec<(Diagnostic, String)>) -> Vec<Diagnostic> {
    let mut grouped: BTreeMap<Place, (Diagnostic, Vec<String>)> = BTreeMap::new();
    for (d, source) in errors {
        // The same template line fails with slightly different messages and columns on
        // different pages (tera lists the fields each page has): one report per line.
        let message = if d.line.is_some() {
            String::new()
        } else {
            d.message.clone()
        };
        let key = (d.path.clone(), d.line, message);
        grouped
            .entry(key)
            .or_insert_with(|| (d, Vec::new()))
            .1
            .push(source);
    }
    grouped
        .into_values()
        .map(|(mut d, mut sources)| {
            sources.sort();
            let note = match sources.len() {
                1 => format!("while rendering {}", sources[0]),
                n => format!("while rendering {} and {} other pages", sources[0], n - 1),
            };
            d.notes.push(note);
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_percent_encoded_for_sitemaps() {
        assert_eq!(
            encode_url("https://x.org/décision/"),
            "https://x.org/d%C3%A9cision/"
        );
    }

    #[test]
    fn sitemap_urls_keep_printable_ascii_and_encode_the_rest() {
        let printable: String = (0x21u8..0x7f).map(char::from).collect();
        assert_eq!(encode_url(&printable), printable);
        assert_eq!(encode_url("a b\tc\u{7f}"), "a%20b%09c%7F");
    }

    #[test]
    fn redirects_escape_their_targets() {
        let html = redirect_html("/a\"b/", "<T>", "https://x.org/a/", "en", "");
        assert!(html.contains("url=/a&quot;b/"));
        assert!(html.contains("&lt;T&gt;"));
    }
}
