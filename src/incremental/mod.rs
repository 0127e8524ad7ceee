//! The site kept in memory between builds, for `praxis serve`. [`Live::update`] takes the
//! paths that changed and brings the in-memory site up to date, doing as little as it can:
//!
//! - **pages** ([`Scope::Pages`]): a page or section below the top level whose edit keeps
//!   everything that places it (front matter other than the title, id, slug, the links as
//!   written, the anchors) is read again and patched into the graph. Its title may change
//!   when it has an id: the `[[ID]]` links showing it are rewritten, the cards that changed
//!   are rebuilt, and only the pages, term pages and redirects showing one are rendered
//!   (most body edits render one page). A static-file edit copies the static files and
//!   renders nothing.
//!   A page a section's `cascade` reaches is compared, and patched in, with the values the
//!   cascade gives it.
//! - **partial**: other content changes (new, renamed, deleted pages, weights, relations,
//!   tags, cascades, `build` options…): only the changed files are read again, the site
//!   graph is rebuilt from the kept parses (each file's own; cascades are applied again, and
//!   a page they give the same values keeps its document), and only the pages and term pages
//!   whose render inputs changed (see [`facts`]) are rendered, with the site-wide files.
//! - **full**: book.toml, the templates, the theme or a data file changed: everything.
//!
//! graph.json, the whole site's titles, and the search index, the whole site's text, are left
//! by a page patch for [`Live::settle`], which
//! the server calls once the pages are served. After that the files served are byte for byte
//! those a full `praxis build` of the same sources writes (a property test compares them
//! after random edits). A failed update keeps the last good site and reports every error.

mod facts;
mod listing;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use facts::{Redo, SiteFacts, Uids};
use listing::Listing;
use rustc_hash::FxHashSet;

use crate::config::Config;
use crate::content::{self, Document, Parsed};
use crate::diagnostics::{self, Diagnostic};
use crate::graph::{Graph, NodeId};
use crate::output::{Files, Memory};
use crate::render::{self, Engine, Kept, Pages, Plan};
use crate::theme::Theme;
use crate::{BuildOptions, Error, NoProgress};

/// How much an update had to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// Only the edited pages.
    Pages,
    /// The site graph, and the pages whose inputs changed.
    Partial,
    /// Everything.
    Full,
}

/// What an update did.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Update {
    /// The build number (the first build is 1).
    pub build: u64,
    /// How much was redone.
    pub scope: Scope,
    /// Source files read again (or found removed).
    pub sources: Vec<PathBuf>,
    /// Nodes rendered (pages and sections).
    pub rendered: usize,
    /// Output paths whose bytes changed, were added or were removed, sorted.
    pub changed: Vec<String>,
    /// How long it took.
    pub took: Duration,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// A site built into memory and kept up to date.
pub struct Live {
    root: PathBuf,
    options: BuildOptions,
    config: Config,
    theme: Theme,
    engine: Engine,
    /// The data files (`data/`) as last read, and the problems found in them.
    data: crate::data::Data,
    data_problems: Vec<Diagnostic>,
    listing: Listing,
    walk_problems: Vec<Diagnostic>,
    parsed: HashMap<String, Parsed>,
    /// What the cascades gave each page last build.
    cascaded: content::cascade::Memo,
    uids: Uids,
    /// The build the served files come from; `None` until a build succeeds.
    built: Option<Built>,
    /// Whether the last update succeeded (otherwise the next one rebuilds the graph).
    healthy: bool,
    files: Files,
    build: u64,
    /// graph.json waits for [`Live::settle`].
    unsettled: bool,
    /// book.toml or the templates changed since the last good build: the next one renders
    /// every page.
    redo_all: bool,
    /// The warnings of the last good build of a multilingual site, which is built whole.
    whole_warnings: Vec<Diagnostic>,
}

/// A file patched in: its node, its own parse, and that parse with its cascaded values.
type Edit = (NodeId, Arc<Document>, Arc<Document>);

/// One successful build's graph and what it rendered from.
struct Built {
    graph: Graph,
    kept: Kept,
    uids: Vec<u32>,
    facts: SiteFacts,
    /// Where the content assets were published.
    assets: Vec<String>,
    warnings: Vec<Diagnostic>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live")
            .field("root", &self.root)
            .field("build", &self.build)
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl Live {
    /// Reads and renders the site in `root` into memory. Fails on configuration and theme
    /// errors; content errors leave a site with no files, [`Live::errors`] set, that the
    /// next successful update fills.
    pub fn load(
        root: &Path,
        options: &BuildOptions,
    ) -> Result<(Live, Result<Update, Error>), Error> {
        let (config, theme) = crate::prepare(root, &options.overrides)?;
        let (data, data_problems) = crate::data::load(&config);
        let engine = crate::engine_for(&config, &theme, &data).map_err(Error::Config)?;
        let mut live = Live {
            root: root.to_path_buf(),
            options: options.clone(),
            config,
            theme,
            engine,
            data,
            data_problems,
            listing: Listing::default(),
            walk_problems: Vec::new(),
            parsed: HashMap::new(),
            cascaded: Default::default(),
            uids: Uids::default(),
            built: None,
            healthy: false,
            files: Files::default(),
            build: 0,
            unsettled: false,
            redo_all: true,
            whole_warnings: Vec::new(),
        };
        let first = live.reload(Instant::now(), Vec::new());
        Ok((live, first))
    }

    /// The files to serve: those of the last successful build.
    pub fn files(&self) -> Files {
        Arc::clone(&self.files)
    }

    /// The number of the last build, good or failed.
    pub fn build(&self) -> u64 {
        self.build
    }

    /// The settled configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Warnings of the last successful build.
    pub fn warnings(&self) -> &[Diagnostic] {
        self.built
            .as_ref()
            .map_or(&self.whole_warnings, |b| &b.warnings)
    }

    /// The folders whose changes matter, besides book.toml in the root: content, templates,
    /// the theme, static files and data files.
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut folders = vec![
            self.config.content_dir(),
            self.config.templates_dir(),
            self.config.theme_dir(),
            self.config.static_dir(),
            crate::data::dir(&self.config),
            self.config.root.join("i18n"),
        ];
        folders.extend(self.language_dirs());
        // Folders of files that pages include from elsewhere in the site.
        for file in self.included() {
            if let Some(folder) = file.parent()
                && !folders.iter().any(|f| folder.starts_with(f))
            {
                folders.push(folder.to_path_buf());
            }
        }
        folders
    }

    /// Pages and sections of the last good build.
    pub fn counts(&self) -> (usize, usize) {
        let Some(built) = &self.built else {
            return (0, 0);
        };
        let pages = built
            .graph
            .nodes
            .iter()
            .filter(|n| n.kind == content::Kind::Page)
            .count();
        (pages, built.graph.nodes.len() - pages)
    }

    /// Writes what the last update left for later, so that the served files are again all
    /// those of a full build: graph.json after a title edit (the whole site's titles, which
    /// no open page needs to show the edit). `None` when nothing was left.
    pub fn settle(&mut self) -> Option<Update> {
        if !std::mem::take(&mut self.unsettled) {
            return None;
        }
        let started = Instant::now();
        let built = self.built.as_mut()?;
        let plan = Plan {
            nodes: Some(&[]),
            redirects: Some(&[]),
            terms: Some(&[]),
            site_files: false,
            root_files: false,
            graph_json: true,
            feeds: false,
            copies: false,
        };
        let kept = std::mem::replace(&mut built.kept, Kept::empty());
        let pages = Pages::with_kept(&built.graph, &self.config, &self.engine, kept);
        let sink = Memory::default();
        let rendered = render::render_plan(&pages, &self.theme, &sink, &NoProgress, plan);
        built.kept = pages.into_kept();
        rendered.ok()?;
        // The search index is written whole: a shard no term needs any more goes.
        let index = format!("{}/", crate::search::DIR);
        let kept = |path: &str| !path.starts_with(&index);
        let (files, changed) = merge(&self.files, sink.into_files(), Some(&kept));
        self.files = files;
        Some(Update {
            build: self.build,
            scope: Scope::Pages,
            sources: Vec::new(),
            rendered: 0,
            changed,
            took: started.elapsed(),
            timings: Vec::new(),
        })
    }

    /// Brings the site up to date with `paths` (absolute; files or folders that were
    /// created, changed or removed). `rescan` says the list may be incomplete: everything
    /// is read again. On failure the last good files stay served.
    pub fn update(&mut self, paths: &BTreeSet<PathBuf>, rescan: bool) -> Result<Update, Error> {
        let started = Instant::now();
        let content_root = self.config.content_dir();
        let data_dir = crate::data::dir(&self.config);
        let book = &self.config.file;
        let mut look = vec![
            self.config.templates_dir(),
            self.config.theme_dir(),
            self.config.static_dir(),
            self.config.root.join("i18n"),
        ];
        look.extend(self.language_dirs());
        let included = self.included();
        // Other files beside book.toml (a log the server's output goes to…) change nothing.
        let sources: Vec<PathBuf> = paths
            .iter()
            .filter(|p| {
                *p == book
                    || p.starts_with(&content_root)
                    || p.starts_with(&data_dir)
                    || look.iter().any(|d| p.starts_with(d))
                    || included.contains(p.as_path())
            })
            .cloned()
            .collect();
        if sources.is_empty() && !rescan {
            return Ok(Update {
                build: self.build,
                scope: Scope::Pages,
                sources,
                rendered: 0,
                changed: Vec::new(),
                took: started.elapsed(),
                timings: Vec::new(),
            });
        }
        if rescan || paths.iter().any(|p| p == book) {
            return self.reload(started, sources);
        }
        if self.config.multilingual() {
            return self.whole(started, sources);
        }
        if paths.iter().any(|p| p.starts_with(&data_dir)) {
            return self.reread_data(started, sources);
        }
        if paths
            .iter()
            .any(|p| look.iter().any(|dir| p.starts_with(dir)))
        {
            return self.retheme(started, sources);
        }
        let mut touched = Vec::new();
        for path in paths.iter().filter(|p| p.starts_with(&content_root)) {
            touched.extend(self.listing.apply(&content_root, path));
        }
        touched.extend(self.includers(paths));
        touched.sort();
        touched.dedup();
        for rel in &touched {
            self.parsed.remove(rel);
        }
        if let Some(update) = self.patch(&touched, started, &sources) {
            return update;
        }
        self.rebuild(started, sources, false)
    }

    /// Drops the parses of pages that call shortcodes, whose bodies the templates and data
    /// files make: they are read again.
    fn forget_shortcode_pages(&mut self) {
        self.parsed.retain(|_, parsed| {
            parsed
                .as_ref()
                .map_or(true, |doc| doc.body.shortcodes.is_none())
        });
    }

    /// The content folders of languages that have one of their own.
    fn language_dirs(&self) -> Vec<PathBuf> {
        let languages = self.config.languages.iter();
        let dirs = languages.filter_map(|l| l.content_dir.as_ref());
        dirs.map(|d| self.config.root.join(d)).collect()
    }

    /// Every file a page's shortcodes include, by its absolute path.
    fn included(&self) -> BTreeSet<PathBuf> {
        self.parsed
            .values()
            .filter_map(|parsed| parsed.as_ref().ok())
            .flat_map(|doc| doc.included.iter().map(|i| self.config.root.join(i)))
            .collect()
    }

    /// The pages (by path in the content folder) that include one of `paths`.
    fn includers(&self, paths: &BTreeSet<PathBuf>) -> Vec<String> {
        let changed: Vec<&Path> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.config.root).ok())
            .collect();
        self.parsed
            .iter()
            .filter(|(_, parsed)| {
                parsed
                    .as_ref()
                    .is_ok_and(|doc| doc.included.iter().any(|i| changed.contains(&i.as_path())))
            })
            .map(|(rel, _)| rel.clone())
            .collect()
    }

    /// Everything again: book.toml, theme, every content file.
    fn reload(&mut self, started: Instant, sources: Vec<PathBuf>) -> Result<Update, Error> {
        let result = crate::prepare(&self.root, &self.options.overrides).and_then(|(c, t)| {
            let (data, problems) = crate::data::load(&c);
            let engine = crate::engine_for(&c, &t, &data).map_err(Error::Config)?;
            Ok((c, t, engine, data, problems))
        });
        let (config, theme, engine, data, data_problems) = match result {
            Ok(ready) => ready,
            Err(err) => {
                self.build += 1;
                self.healthy = false;
                return Err(err);
            }
        };
        (self.config, self.theme, self.engine) = (config, theme, engine);
        (self.data, self.data_problems) = (data, data_problems);
        if self.config.multilingual() {
            return self.whole(started, sources);
        }
        self.redo_all = true;
        let (files, problems) = content::list(&self.config);
        self.listing = Listing { files };
        self.walk_problems = problems;
        self.parsed.clear();
        self.cascaded = Default::default();
        self.rebuild(started, sources, true)
    }

    /// A multilingual site, built whole into memory as `praxis build` builds it (each
    /// language is a site graph of its own; updates of one are not patched in yet).
    fn whole(&mut self, started: Instant, sources: Vec<PathBuf>) -> Result<Update, Error> {
        self.build += 1;
        self.healthy = false;
        self.built = None;
        let site = crate::Site::load(&self.root, &self.options)?;
        let sink = Memory::default();
        let report = site.render_into(&sink, &NoProgress).map_err(|mut errors| {
            errors.extend(site.warnings().iter().cloned());
            diagnostics::sort(&mut errors);
            Error::Build(errors)
        })?;
        let (files, changed) = merge(&self.files, sink.into_files(), Some(&|_: &str| false));
        self.files = files;
        self.whole_warnings = site.warnings().to_vec();
        self.config = site.config.clone();
        self.healthy = true;
        Ok(Update {
            build: self.build,
            scope: Scope::Full,
            sources,
            rendered: report.pages + report.sections,
            changed,
            took: started.elapsed(),
            timings: Vec::new(),
        })
    }

    /// Templates, theme or static files changed: the same content, rendered anew.
    fn retheme(&mut self, started: Instant, sources: Vec<PathBuf>) -> Result<Update, Error> {
        let theme = match Theme::load(&self.config) {
            Ok(theme) => theme,
            Err(errors) => {
                self.build += 1;
                self.healthy = false;
                return Err(Error::Config(errors));
            }
        };
        if self.healthy && same_templates(&self.theme, &theme) && same_statics(&self.theme, &theme)
        {
            self.theme = theme;
            return self.recopy(started, sources);
        }
        let result =
            crate::engine_for(&self.config, &theme, &self.data).map(|engine| (engine, theme));
        match result {
            Ok((engine, theme)) => {
                (self.engine, self.theme) = (engine, theme);
                self.redo_all = true;
                self.forget_shortcode_pages();
                self.rebuild(started, sources, true)
            }
            Err(errors) => {
                self.build += 1;
                self.healthy = false;
                Err(Error::Config(errors))
            }
        }
    }

    /// A data file changed: every page may show it, so every page is rendered again (with
    /// the same content graph). A data file with errors fails the update.
    fn reread_data(&mut self, started: Instant, sources: Vec<PathBuf>) -> Result<Update, Error> {
        let (data, problems) = crate::data::load(&self.config);
        if data != self.data {
            self.engine.set_data(&data);
            self.data = data;
            self.redo_all = true;
            self.forget_shortcode_pages();
        }
        self.data_problems = problems;
        self.rebuild(started, sources, false)
    }

    /// Static files changed, nothing else: they are copied again, no page is rendered (a
    /// stylesheet edit reaches the browser without a page render).
    fn recopy(&mut self, started: Instant, sources: Vec<PathBuf>) -> Result<Update, Error> {
        self.build += 1;
        let sink = Memory::default();
        let mut problems = render::copy_static(&self.theme, &sink);
        if !problems.is_empty() {
            self.healthy = false;
            diagnostics::sort(&mut problems);
            return Err(Error::Build(problems));
        }
        let (files, changed) = merge(&self.files, sink.into_files(), None);
        self.files = files;
        Ok(Update {
            build: self.build,
            scope: Scope::Pages,
            sources,
            rendered: 0,
            changed,
            took: started.elapsed(),
            timings: Vec::new(),
        })
    }

    /// The fast path: every touched file is a page or section below the top level whose new
    /// text changes nothing in the site's structure: at most its title (on a page with an
    /// id, whose title does not place it), its card and its body. The graph is patched in
    /// place and only the pages that show a changed card are rendered. `None` when that does
    /// not hold (and nothing was changed).
    fn patch(
        &mut self,
        touched: &[String],
        started: Instant,
        sources: &[PathBuf],
    ) -> Option<Result<Update, Error>> {
        let built = self.built.as_ref().filter(|_| self.healthy)?;
        let edits = self.patchable(built, touched)?;
        self.build += 1;
        let mut clock = crate::Clock::start();
        let built = self.built.as_mut()?;
        let retitled = apply_edits(&mut self.parsed, &mut built.graph, &edits);
        let relinked = relink(built, &self.config, &self.theme, &retitled);
        clock.lap("links");
        // Cards show their section's title (hidden children too), and their description's and
        // summary's links.
        let mut carded: Vec<NodeId> = edits.iter().map(|(id, _, _)| *id).collect();
        carded.extend(relinked.iter().copied());
        let graph = &built.graph;
        carded.extend(
            NodeId::all(graph.nodes.len())
                .filter(|&n| graph.nodes[n].parent.is_some_and(|p| retitled.contains(&p))),
        );
        let cards = built.kept.shared.refresh(&built.graph, &carded);
        // A card on the top level is in every page's sidebar: that is a rebuild.
        let top = |&c: &NodeId| {
            built.graph.nodes[c]
                .parent
                .is_none_or(|p| p == crate::graph::ROOT)
        };
        if cards.iter().any(top) {
            return Some(self.rebuild(started, sources.to_vec(), false));
        }
        built.kept.forget(&built.graph, &cards);
        let changed_uids: FxHashSet<u32> = cards.iter().map(|&id| built.uids[id]).collect();
        let mut redo = built.facts.showing(&changed_uids, &built.uids);
        redo.extend(edits.iter().map(|(id, _, _)| *id));
        redo.extend(relinked.iter().copied());
        redo.sort_unstable();
        redo.dedup();
        let terms = built.facts.listing(&changed_uids);
        clock.lap("plan");
        let plan = Plan {
            nodes: Some(&redo),
            redirects: Some(&cards),
            terms: Some(&terms),
            site_files: false,
            root_files: false,
            // graph.json (every title on the site) is written by `settle`, after the pages.
            graph_json: false,
            // The feeds show titles and summaries: a few files, written again.
            feeds: true,
            copies: false,
        };
        // The search index holds every page's text: a body edit changes it too.
        self.unsettled |= !retitled.is_empty() || self.config.search.enabled;
        let kept = std::mem::replace(&mut built.kept, Kept::empty());
        let pages = Pages::with_kept(&built.graph, &self.config, &self.engine, kept);
        let sink = Memory::default();
        let rendered = render::render_plan(&pages, &self.theme, &sink, &NoProgress, plan);
        built.kept = pages.into_kept();
        clock.lap("render");
        if let Err(errors) = rendered {
            return Some(Err(Error::Build(errors)));
        }
        refresh_facts(built, &carded, &edits);
        let (files, changed) = merge(&self.files, sink.into_files(), None);
        self.files = files;
        clock.lap("merge");
        Some(Ok(Update {
            build: self.build,
            scope: Scope::Pages,
            sources: sources.to_vec(),
            rendered: redo.len(),
            changed,
            took: started.elapsed(),
            timings: clock.laps,
        }))
    }

    /// The touched files' new parses (their own, and with the values cascades give them),
    /// when every one can be patched in (see [`Live::patch`]).
    fn patchable(&self, built: &Built, touched: &[String]) -> Option<Vec<Edit>> {
        let mut edits = Vec::new();
        let sections =
            content::cascade::Sections::of(built.graph.nodes.iter().filter_map(|n| n.doc.as_ref()));
        for rel in touched {
            let id = node_of(&built.graph, rel)?;
            let node = &built.graph.nodes[id];
            let old = node.doc.as_ref()?;
            let top = node.parent.is_none_or(|p| p == crate::graph::ROOT);
            if top || !self.listing.contains(rel) || mentions(&built.warnings, &old.source) {
                return None;
            }
            let host = render::shortcodes::Host::new(&self.engine, &self.config);
            let own = content::reread(old, &self.config, &host).ok()?;
            // New problems in the body are reported by a rebuild.
            if content::body_diagnostics(&own).next().is_some() {
                return None;
            }
            let mut new = Arc::clone(&own);
            sections.give(&mut new, &self.config);
            let schema_problems = self
                .config
                .schemas
                .iter()
                .filter(|s| s.applies_to(&new.rel_path))
                .any(|s| !s.check(&new).is_empty());
            let title_places = old.title != new.title && old.id.is_none();
            // A menu entry is named after its page by default, and menus are on every page.
            let title_in_menu = old.title != new.title && !old.front.menus.is_empty();
            if schema_problems || title_places || title_in_menu || !same_face(old, &new) {
                return None;
            }
            edits.push((id, own, new));
        }
        Some(edits)
    }
}

/// Puts `fresh` files in place of those of `served`, keeping the others that are still
/// `expected` (all of them when `None`). Returns the new files and the paths added, changed
/// or removed.
fn merge(
    served: &Files,
    fresh: HashMap<Arc<str>, Arc<[u8]>>,
    expected: Option<&dyn Fn(&str) -> bool>,
) -> (Files, Vec<String>) {
    let mut files = (**served).clone();
    let mut changed = Vec::new();
    if let Some(expected) = expected {
        files.retain(|path, _| {
            let keep = expected(path) || fresh.contains_key(path);
            if !keep {
                changed.push(path.to_string());
            }
            keep
        });
    }
    for (path, bytes) in fresh {
        if files.get(&path).is_none_or(|old| **old != *bytes) {
            changed.push(path.to_string());
        }
        files.insert(path, bytes);
    }
    changed.sort();
    (Arc::new(files), changed)
}

/// Puts the new parses of `edits` into the graph in place (and their own parses into
/// `parsed`); returns the nodes whose title changed.
fn apply_edits(
    parsed: &mut HashMap<String, Parsed>,
    graph: &mut Graph,
    edits: &[Edit],
) -> Vec<NodeId> {
    let mut retitled = Vec::new();
    for (id, own, doc) in edits {
        // The file's own parse is kept; the graph has it with its cascaded values.
        parsed.insert(doc.rel_path.clone(), Ok(Arc::clone(own)));
        let node = &mut graph.nodes[*id];
        if node.title != doc.title {
            node.title = doc.title.clone();
            retitled.push(*id);
        }
        node.doc = Some(Arc::clone(doc));
    }
    retitled
}

/// Brings the facts of the nodes whose cards were built again, and of the edited pages'
/// landings, up to date after a patch.
fn refresh_facts(built: &mut Built, carded: &[NodeId], edits: &[Edit]) {
    for &id in carded {
        let node = &built.graph.nodes[id];
        built.facts.refresh(
            built.uids[id],
            &built.kept.shared.refs[id],
            &node.doc,
            &built.graph.links[id],
        );
    }
    for (id, _, doc) in edits {
        built.facts.refresh_landing(built.uids[*id], doc);
    }
}

impl Live {
    /// The site graph from the kept parses (reading the files that have none), then the
    /// pages whose inputs changed, or all of them (`all`).
    fn rebuild(
        &mut self,
        started: Instant,
        sources: Vec<PathBuf>,
        all: bool,
    ) -> Result<Update, Error> {
        self.build += 1;
        self.healthy = false;
        let all = all || self.redo_all;
        let mut clock = crate::Clock::start();
        let (graph, problems) = self.graph_of_kept_parses(&mut clock)?;
        let uids = self.uids.of(&graph);
        let pages = Pages::new(&graph, &self.config, &self.engine);
        clock.lap("values");
        let facts = SiteFacts::of(&graph, pages.shared(), &uids);
        let (redo, redirects) = self.what_to_redo(&graph, &facts, &uids, all);
        let assets: Vec<String> = graph.assets.iter().map(|a| a.output.clone()).collect();
        let same_assets = self.built.as_ref().is_some_and(|b| b.assets == assets);
        clock.lap("plan");
        let plan = Plan {
            nodes: Some(&redo.nodes),
            redirects: (!all).then_some(redirects.as_slice()),
            terms: redo.terms.as_deref(),
            site_files: true,
            root_files: true,
            graph_json: true,
            feeds: true,
            copies: all || !same_assets || sources.iter().any(|p| !is_markdown(p)),
        };
        let sink = Memory::default();
        let rendered = render::render_plan(&pages, &self.theme, &sink, &NoProgress, plan);
        let kept = pages.into_kept();
        clock.lap("render");
        let fresh = match rendered {
            Ok(_) => sink.into_files(),
            Err(mut errors) => {
                errors.extend(problems);
                diagnostics::sort(&mut errors);
                return Err(Error::Build(errors));
            }
        };
        let (named, generated) = expected_outputs(&graph, &self.config, &self.theme);
        let expected = |path: &str| named.contains(path) || generated.contains(path);
        let (files, changed) = merge(&self.files, fresh, Some(&expected));
        self.files = files;
        clock.lap("merge");
        let rendered = redo.nodes.len();
        self.built = Some(Built {
            graph,
            kept,
            uids,
            facts,
            assets,
            warnings: problems,
        });
        self.healthy = true;
        self.redo_all = false;
        self.unsettled = false;
        Ok(Update {
            build: self.build,
            scope: if all { Scope::Full } else { Scope::Partial },
            sources,
            rendered,
            changed,
            took: started.elapsed(),
            timings: clock.laps,
        })
    }

    /// Reads what changed (the kept parses serve the rest) and builds the site graph with
    /// every check a full build runs; the problems found, or `Err` with them when one is an
    /// error.
    fn graph_of_kept_parses(
        &mut self,
        clock: &mut crate::Clock,
    ) -> Result<(Graph, Vec<Diagnostic>), Error> {
        let listing = (self.listing.files.clone(), self.walk_problems.clone());
        let parsed = &self.parsed;
        let reuse = |rel: &str| parsed.get(rel).cloned();
        let host = render::shortcodes::Host::new(&self.engine, &self.config);
        let (content, mut problems, parses) = content::assemble(
            &self.config,
            listing,
            &reuse,
            Some(&mut self.cascaded),
            &host,
            &NoProgress,
        );
        self.parsed = parses.into_iter().collect();
        clock.lap("read");
        let outputs = crate::other_outputs(&self.config, &self.theme);
        let (graph, mut graph_problems) = Graph::build(content, &self.config, &outputs);
        clock.lap("graph");
        problems.append(&mut graph_problems);
        problems.extend(self.data_problems.iter().cloned());
        // What reading the theme and the site's own files skipped (links not followed),
        // as `Site::load` reports it.
        problems.extend(self.theme.warnings.iter().cloned());
        problems.extend(render::check_templates(&graph, &self.engine));
        problems.extend(render::check_outputs(&graph, &self.config, &self.theme));
        diagnostics::sort(&mut problems);
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Build(problems));
        }
        Ok((graph, problems))
    }

    /// The nodes to render again and the redirects to write again: what the facts say
    /// changed since the last build, or everything (`all`, or no build yet).
    fn what_to_redo(
        &self,
        graph: &Graph,
        facts: &SiteFacts,
        uids: &[u32],
        all: bool,
    ) -> (Redo, Vec<NodeId>) {
        let redo = match &self.built {
            Some(old) if !all => old.facts.redo(facts, uids),
            _ => Redo {
                nodes: NodeId::all(graph.nodes.len()).collect(),
                cards: Vec::new(),
                terms: None,
            },
        };
        // Redirects show their page's card; and one may now stand where another page's
        // redirect, or a page, stood before (an alias that a page shadowed or another page
        // held is free when that page goes): those are written again too.
        let mut redirects = redo.cards.clone();
        if let Some(old) = self.built.as_ref().filter(|_| !all) {
            redirects.extend(moved_redirects(old, graph, uids));
            redirects.sort_unstable();
            redirects.dedup();
        }
        (redo, redirects)
    }
}

/// The pages of `graph` (numbered by `uids`) with a redirect that the old build did not
/// write at the same path for the same page.
fn moved_redirects(old: &Built, graph: &Graph, uids: &[u32]) -> Vec<NodeId> {
    let before: rustc_hash::FxHashMap<&str, u32> = old
        .graph
        .aliases
        .iter()
        .map(|a| (a.output.as_str(), old.uids[a.target]))
        .collect();
    graph
        .aliases
        .iter()
        .filter(|a| before.get(a.output.as_str()) != Some(&uids[a.target.index()]))
        .map(|a| a.target)
        .collect()
}

/// Resolves again the links of the pages linking to `retitled` nodes (a `[[ID]]` link shows
/// its target's title); returns the pages whose links now resolve differently.
fn relink(built: &mut Built, config: &Config, theme: &Theme, retitled: &[NodeId]) -> Vec<NodeId> {
    let graph = &built.graph;
    let mut sources: Vec<NodeId> = retitled
        .iter()
        .flat_map(|&id| graph.incoming[id].iter().map(|&e| &graph.edges[e]))
        .filter(|e| e.kind == crate::graph::EdgeKind::Link)
        .map(|e| e.source)
        // A page's link to itself makes no edge.
        .chain(retitled.iter().copied())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    // `[[ID]]` links with no text of their own show their target's title: set it where it
    // is known which link names which page, resolve the rest again.
    let by_id: Vec<(String, NodeId)> = retitled
        .iter()
        .filter_map(|&t| Some((built.graph.nodes[t].id()?.to_lowercase(), t)))
        .collect();
    let mut changed = Vec::new();
    let mut unsure = Vec::new();
    for source in sources {
        match retitle_links(&mut built.graph, source, &by_id) {
            Some(true) => changed.push(source),
            Some(false) => {}
            None => unsure.push(source),
        }
    }
    if unsure.is_empty() {
        return changed;
    }
    let outputs = crate::other_outputs(config, theme);
    let again = built.graph.resolve_links_again(config, &outputs, &unsure);
    for (id, links) in unsure.into_iter().zip(again) {
        if built.graph.links[id] != links {
            built.graph.links[id] = links;
            changed.push(id);
        }
    }
    changed.sort_unstable();
    changed
}

/// Writes the new titles of `retitled` (by lowercase id) into the resolutions of `source`'s
/// `[[ID]]` links that show them. Whether any changed; `None` when a link shows a title it
/// does not name by id, which only resolving it again can tell.
fn retitle_links(graph: &mut Graph, source: NodeId, retitled: &[(String, NodeId)]) -> Option<bool> {
    use crate::markdown::links::{Resolution, Target};
    let Graph { nodes, links, .. } = graph;
    let doc = nodes[source].doc.as_ref()?;
    let written = doc
        .body
        .links
        .iter()
        .chain(doc.description.iter().flat_map(|d| &d.links));
    let mut changed = false;
    for (link, resolution) in written.zip(links[source].iter_mut()) {
        if !link.text_from_target {
            continue;
        }
        let Target::Id { id, .. } = &link.target else {
            return None;
        };
        let lower = id.to_lowercase();
        let Some(&(_, target)) = retitled.iter().find(|(known, _)| *known == lower) else {
            continue;
        };
        if let Resolution::Found {
            title: Some(title), ..
        } = resolution
            && *title != nodes[target].title
        {
            *title = nodes[target].title.clone();
            changed = true;
        }
    }
    Some(changed)
}

/// Every output path a full build of `graph` writes (pages, redirects, assets, static
/// files, the generated files), and the taxonomy pages' paths.
fn expected_outputs<'g>(
    graph: &'g Graph,
    config: &Config,
    theme: &'g Theme,
) -> (FxHashSet<&'g str>, FxHashSet<String>) {
    let named: FxHashSet<&'g str> = graph
        .nodes
        .iter()
        .filter(|n| n.rendered())
        .map(|n| n.output.as_str())
        .chain(graph.aliases.iter().map(|a| a.output.as_str()))
        .chain(graph.assets.iter().map(|a| a.output.as_str()))
        .chain(theme.static_files.iter().map(|f| f.output.as_str()))
        .chain(render::generated_files(config).map(|name| -> &'g str { name }))
        .collect();
    let generated = graph
        .taxonomy_outputs(config)
        .into_iter()
        .map(|(o, _)| o)
        .chain(render::section_feed_outputs(graph, config))
        .collect();
    (named, generated)
}

/// Whether two themes have the same templates, by name and text.
fn same_templates(a: &Theme, b: &Theme) -> bool {
    let key = |t: &crate::theme::TemplateFile| (t.name.clone(), t.text.clone());
    a.templates.len() == b.templates.len()
        && a.templates.iter().map(key).eq(b.templates.iter().map(key))
        // Interface strings are templates' words too.
        && a.translations == b.translations
}

/// Whether two themes publish the same static files from the same places (their bytes may
/// differ): links that point at static files resolve the same.
fn same_statics(a: &Theme, b: &Theme) -> bool {
    a.static_files == b.static_files
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The node whose document is the content file `rel`.
fn node_of(graph: &Graph, rel: &str) -> Option<NodeId> {
    graph
        .nodes
        .iter()
        .position(|n| n.doc.as_ref().is_some_and(|d| d.rel_path == rel))
        .map(NodeId::new)
}

/// Whether any diagnostic points into `source`.
fn mentions(diagnostics: &[Diagnostic], source: &Path) -> bool {
    diagnostics
        .iter()
        .any(|d| d.path.as_deref() == Some(source))
}

/// Whether two parses of one file agree on everything the site graph takes from it but the
/// title: front matter, id, slug, description, the links of the body (as written, not
/// where) and its anchors.
fn same_face(old: &Document, new: &Document) -> bool {
    let links_agree = old.body.links.len() == new.body.links.len()
        && old.body.links.iter().zip(&new.body.links).all(|(a, b)| {
            (
                &a.target,
                &a.raw,
                &a.text,
                &a.title,
                a.image,
                a.text_from_target,
            ) == (
                &b.target,
                &b.raw,
                &b.text,
                &b.title,
                b.image,
                b.text_from_target,
            )
        });
    // Where keys are written only places diagnostics, and a file with any is not patched.
    let untitled = |doc: &Document| crate::content::front_matter::FrontMatter {
        title: None,
        key_lines: Default::default(),
        ..doc.front.clone()
    };
    links_agree
        && old.kind == new.kind
        && old.front_line == new.front_line
        && old.id == new.id
        && old.slug == new.slug
        && old.description == new.description
        && old.body.anchors == new.body.anchors
        && untitled(old) == untitled(new)
}
