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
mod site_files;
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
use crate::theme::{StaticSource, Theme};
use site_files::Redirects;
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
    errors.extend(language_root_files(
        sites,
        &pairs,
        &alternates,
        theme,
        staging,
    ));
    if !errors.is_empty() {
        return Err(crate::output::one_disk_full(errors));
    }
    Ok(Report {
        pages,
        sections,
        files: staging.files_written(),
    })
}

/// The one sitemap of every language of `sites`, and robots.txt, at the root of `staging`
/// (where the site's `static/` has none of its own); rendered with the default language's
/// templates.
fn language_root_files(
    sites: &[(&Graph, &Config, &Engine)],
    pairs: &[(&Graph, &Config)],
    alternates: &[Vec<Vec<languages::Version>>],
    theme: &Theme,
    staging: &dyn Sink,
) -> Vec<Diagnostic> {
    let (_, config, engine) = sites[0];
    let statics = site_statics(theme);
    let mut problems = Vec::new();
    if !statics.contains("sitemap.xml") && config.base_url.absolute {
        let sitemap = site_files::sitemap_of(pairs, alternates);
        let written = site_files::write_sitemap(engine, staging, &sitemap);
        problems.extend(written.err());
    }
    if !statics.contains("robots.txt") {
        let written = site_files::write_robots(engine, staging, config);
        problems.extend(written.err());
    }
    Failure::report(problems)
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
    let graph = pages.graph;
    let nodes = nodes_to_render(graph, &plan);
    let static_outputs = site_statics(theme);
    let redirects = Redirects::new(pages, theme, staging);
    // A page's redirects are written right after the page, by the same worker: spread over
    // the whole render, the many small files of a folder of old URLs are not all created at
    // once by every core (which contends for that folder's lock). A render of some nodes
    // writes the redirects it was asked for with the site-wide files instead.
    let with_pages = plan.redirects.is_none() && plan.nodes.is_none();
    let site = WholeSite {
        pages,
        plan: &plan,
        staging,
        redirects: &redirects,
        static_outputs: &static_outputs,
    };
    // The site-wide files (graph.json, sitemap) are one long serialisation each, and the
    // term pages a few large renders (a popular term lists thousands of cards): made while
    // the pages render instead of after, they do not leave one core idle at the end.
    progress.start("Rendering", nodes.len() as u64);
    let (mut errors, whole_site) = rayon::join(
        || {
            let redirects = with_pages.then_some(&redirects);
            render_nodes(pages, &nodes, staging, progress, redirects)
        },
        || site.render(with_pages),
    );
    progress.finish();
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
    let mut diagnostics = dedupe(errors);
    diagnostics.extend(redirects.into_errors());
    diagnostics.extend(extra_errors);
    diagnostics.extend(whole_site);
    if !diagnostics.is_empty() {
        return Err(crate::output::one_disk_full(diagnostics));
    }
    Ok(report(graph, staging))
}

/// The nodes `plan` asks for that are written: not those with `build.render: never | link`,
/// nor headless ones.
fn nodes_to_render(graph: &Graph, plan: &Plan<'_>) -> Vec<NodeId> {
    let rendered = |id: &NodeId| graph.nodes[*id].rendered();
    match plan.nodes {
        Some(nodes) => nodes.iter().copied().filter(rendered).collect(),
        None => NodeId::all(graph.nodes.len()).filter(rendered).collect(),
    }
}

/// The output paths of the site's own static files, which win over generated files.
fn site_statics(theme: &Theme) -> BTreeSet<&str> {
    theme
        .static_files
        .iter()
        .filter(|s| s.from_site)
        .map(|s| s.output.as_str())
        .collect()
}

/// What a build wrote, counted from the graph and the staging folder.
fn report(graph: &Graph, staging: &dyn Sink) -> Report {
    let written = || graph.nodes.iter().filter(|n| n.rendered());
    let pages = written().filter(|n| n.kind == Kind::Page).count();
    Report {
        pages,
        sections: written().count() - pages,
        files: staging.files_written(),
    }
}

/// Renders and writes `nodes` in parallel, each followed by its redirects when `redirects`
/// is given; returns each failure with the source it rendered.
fn render_nodes(
    pages: &Pages<'_>,
    nodes: &[NodeId],
    staging: &dyn Sink,
    progress: &dyn Progress,
    redirects: Option<&Redirects<'_>>,
) -> Vec<(Diagnostic, String)> {
    let graph = pages.graph;
    nodes
        .par_iter()
        .with_max_len(crate::PAR_RUN)
        .filter_map(|&id| {
            // Interrupted: the staging folder refuses every write, and the build stops at
            // its commit; rendering the rest would only delay that.
            if staging.stopped() {
                return None;
            }
            let result = pages.write(staging, id);
            if let Some(redirects) = redirects {
                redirects.write_of(id);
            }
            progress.advance(1);
            result.err().map(|d| {
                let source = graph.nodes[id].doc.as_ref().map_or_else(
                    || graph.nodes[id].url.clone(),
                    |doc| doc.source.display().to_string(),
                );
                (*d, source)
            })
        })
        .collect()
}

/// What a render writes besides the nodes: redirects (when not written with their pages),
/// taxonomy pages, graph.json, feeds, the search index, the sitemap and robots.txt.
struct WholeSite<'w> {
    pages: &'w Pages<'w>,
    plan: &'w Plan<'w>,
    staging: &'w dyn Sink,
    redirects: &'w Redirects<'w>,
    static_outputs: &'w BTreeSet<&'w str>,
}

impl WholeSite<'_> {
    /// Writes it all; returns the problems met.
    fn render(&self, with_pages: bool) -> Vec<Diagnostic> {
        let (pages, plan, staging) = (self.pages, self.plan, self.staging);
        let (graph, config) = (pages.graph, pages.config);
        if !with_pages {
            self.redirects.write_all(plan.redirects);
        }
        // The term pages and every feed: a mistake in `atom.xml` is reported once.
        let mut failures = match plan.terms {
            Some([]) => Vec::new(),
            only => taxonomies::render(graph, pages, config, pages.engine, staging, only),
        };
        if plan.feeds {
            failures.extend(write_feeds(pages, staging, self.static_outputs));
        }
        let mut whole_site = Failure::report(failures);
        if plan.graph_json && config.build.graph {
            let written = graph_json::write(graph, config, staging);
            whole_site.extend(written.err().map(Diagnostic::from));
        }
        // The search index goes with graph.json: both are made of every page.
        if plan.graph_json && config.search.enabled {
            whole_site.extend(crate::search::write(graph, config, staging));
        }
        if plan.site_files && plan.root_files {
            whole_site.extend(self.root_files());
        }
        whole_site
    }

    /// The sitemap and robots.txt, where the site's `static/` has none of its own.
    fn root_files(&self) -> Vec<Diagnostic> {
        let (graph, config) = (self.pages.graph, self.pages.config);
        let (engine, staging) = (self.pages.engine, self.staging);
        let mut problems = Vec::new();
        if !self.static_outputs.contains("sitemap.xml") && config.base_url.absolute {
            let sitemap = site_files::sitemap(graph, config);
            let written = site_files::write_sitemap(engine, staging, &sitemap);
            problems.extend(written.err());
        }
        if !self.static_outputs.contains("robots.txt") {
            let written = site_files::write_robots(engine, staging, config);
            problems.extend(written.err());
        }
        Failure::report(problems)
    }
}

/// Writes the site's feed and each section's (a file of the site's `static/` wins).
fn write_feeds(
    pages: &Pages<'_>,
    staging: &dyn Sink,
    static_outputs: &BTreeSet<&str>,
) -> Vec<Failure> {
    let (graph, config) = (pages.graph, pages.config);
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
            let value = feeds::value(graph, config, feed);
            feeds::write(pages.engine, staging, output, &value).err()
        })
        .collect()
}

/// Why a file of a template rendered with one value was not written.
enum Failure {
    /// The template failed, rendering this output file.
    Template(Box<Diagnostic>, String),
    /// Any other problem (the file could not be written), reported as is.
    Other(Box<Diagnostic>),
}

impl Failure {
    /// The diagnostics of `failures`: a template mistake once, however many files it broke.
    fn report(failures: Vec<Failure>) -> Vec<Diagnostic> {
        let mut rendering = Vec::new();
        let mut writing = Vec::new();
        for failure in failures {
            match failure {
                Failure::Template(d, output) => rendering.push((*d, output)),
                Failure::Other(d) => writing.push(*d),
            }
        }
        let mut out = dedupe(rendering);
        out.extend(writing);
        out
    }
}

/// Renders `template` with one variable, `key` holding `value`, and writes it at `output`.
fn write_value(
    engine: &Engine,
    staging: &dyn Sink,
    (template, key): (&str, &'static str),
    value: &impl serde::Serialize,
    output: &str,
) -> Result<(), Failure> {
    let bytes = engine
        .render_value(template, key, value)
        .map_err(|d| Failure::Template(d, output.to_string()))?;
    staging
        .write(output, &bytes)
        .map_err(|e| Failure::Other(Box::new(e.into())))
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
