//! praxis turns a folder of markdown pages with YAML front matter into a navigable static
//! documentation site, built for knowledge bases of practices and principles.
//!
//! The build is a chain of stages, each a plain function from one owned value to the next:
//!
//! ```text
//! book.toml ─► Config ─► content::load ─► Graph::build ─► render (parallel) ─► Staging ─► swap
//! ```
//!
//! ```no_run
//! use praxis::{BuildOptions, NoProgress, Site};
//! let site = Site::load("path/to/site", &BuildOptions::default())?;
//! let report = site.build(&NoProgress)?;
//! println!("{} pages", report.pages);
//! # Ok::<(), praxis::Error>(())
//! ```

pub mod config;
pub mod content;
pub(crate) mod data;
pub mod diagnostics;
pub mod external;
pub mod graph;
pub mod incremental;
pub mod init;
mod languages;
pub mod markdown;
pub mod output;
pub(crate) mod render;
pub(crate) mod schema;
pub mod search;
pub mod serve;
pub mod suggest;
pub(crate) mod symlinks;
pub mod text;
pub(crate) mod theme;
pub mod yaml;

/// The most documents one parallel task takes in the per-document loops (reading, link
/// resolution, rendering). rayon otherwise stops splitting after a few levels, and at the end
/// of a stage one core could be left with a run of hundreds of documents while the other
/// idled (seen in perf timelines at 10k pages: 20-40 ms a stage); at ~25-80 µs a document,
/// runs this short cost nothing to hand out.
pub(crate) const PAR_RUN: usize = 32;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use config::{Config, Overrides};
use diagnostics::{Code, Diagnostic};
use graph::{Graph, NodeId};
use render::Engine;
use theme::Theme;

/// Reads book.toml and the theme of the site in `root`, and checks that its content folder
/// exists.
pub(crate) fn prepare(root: &Path, overrides: &Overrides) -> Result<(Config, Theme), Error> {
    let config = Config::load(root, overrides).map_err(Error::Config)?;
    if !config.content_dir().is_dir() {
        return Err(Error::Config(vec![
            Diagnostic::error(
                Code::Config,
                format!(
                    "content folder {} not found",
                    config.content_dir().display()
                ),
            )
            .in_file(&config.file)
            .help("create it, or set `content-dir` under [build] in book.toml"),
        ]));
    }
    let theme = Theme::load(&config).map_err(Error::Config)?;
    Ok((config, theme))
}

/// Compiles the theme's templates for this configuration, with the site's data files.
pub(crate) fn engine_for(
    config: &Config,
    theme: &Theme,
    data: &data::Data,
) -> Result<Engine, Vec<Diagnostic>> {
    let with_taxonomies = !config.taxonomies.is_empty();
    let mut engine = Engine::new(theme, render::config_value(config), with_taxonomies)?;
    engine.set_data(data);
    engine.set_strings(&theme.strings(&config.book.language, &config.languages[0].code));
    Ok(engine)
}

/// The files a build writes besides pages, redirects and assets (static files, sitemap…),
/// which links may point at.
pub(crate) fn other_outputs(config: &Config, theme: &Theme) -> std::collections::BTreeSet<String> {
    let mut outputs: std::collections::BTreeSet<String> = theme
        .static_files
        .iter()
        .map(|f| f.output.clone())
        .collect();
    outputs.extend(render::generated_files(config).map(String::from));
    outputs
}

/// Options of one build, mostly from the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Values that override book.toml.
    pub overrides: Overrides,
    /// Replace an output folder praxis did not create.
    pub force: bool,
    /// Raised to stop the build before its output is swapped in (Ctrl-C in the binary).
    pub interrupt: output::Interrupt,
}

/// Why a build stopped. `Config` and `Build` carry every diagnostic found, errors and warnings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// book.toml, the theme or the command line is wrong (exit code 2).
    #[error("configuration error ({})", diagnostics::summary(.0))]
    Config(Vec<Diagnostic>),
    /// The content or templates are wrong, or the output could not be written (exit code 1).
    #[error("build failed ({})", diagnostics::summary(.0))]
    Build(Vec<Diagnostic>),
    /// The build was stopped by this signal before it swapped its output in; the previous
    /// output is as it was (exit code 128 + the signal: 130 for Ctrl-C, 143 for SIGTERM).
    #[error("interrupted by signal {0}")]
    Interrupted(i32),
}

impl Error {
    /// Every diagnostic, sorted by file and position.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Config(d) | Error::Build(d) => d,
            Error::Interrupted(_) => &[],
        }
    }

    /// A failure to write the output: refused folders are usage errors, an interrupt is its
    /// own kind, the rest are build errors.
    fn of_output(e: output::OutputError) -> Error {
        match e {
            output::OutputError::Interrupted(signal) => Error::Interrupted(signal),
            e if e.is_usage() => Error::Config(vec![e.into()]),
            e => Error::Build(vec![e.into()]),
        }
    }

    /// The process exit code for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(_) => 2,
            Error::Build(_) => 1,
            Error::Interrupted(signal) => 128 + signal,
        }
    }
}

/// Receives progress of long stages; the binary shows a bar, tests ignore it.
pub trait Progress: Sync {
    /// A stage of `total` steps begins.
    fn start(&self, _stage: &'static str, _total: u64) {}
    /// `n` more steps are done.
    fn advance(&self, _n: u64) {}
    /// The stage is over.
    fn finish(&self) {}
    /// Something to tell whoever watches, such as waiting for another build's lock.
    fn note(&self, _message: &str) {}
}

/// Progress that goes nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// A loaded site: configuration, theme and the whole content graph, checked and ready to
/// render. Loading reports every content error at once.
pub struct Site {
    /// The settled configuration.
    pub config: Config,
    /// Every page and section.
    pub graph: Graph,
    /// Templates and static files.
    pub theme: Theme,
    engine: Engine,
    /// The other languages of a multilingual site, in order.
    translations: Vec<languages::Translation>,
    warnings: Vec<Diagnostic>,
    left_out: Vec<content::LeftOut>,
    force: bool,
    interrupt: output::Interrupt,
    timings: Vec<(&'static str, Duration)>,
}

/// Times the stages of a build.
pub(crate) struct Clock {
    last: Instant,
    pub(crate) laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    pub(crate) fn start() -> Clock {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("root", &self.config.root)
            .field("nodes", &self.graph.nodes.len())
            .finish_non_exhaustive()
    }
}

/// What a successful build did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuildReport {
    /// Pages written.
    pub pages: usize,
    /// Sections written, the home page included.
    pub sections: usize,
    /// Files written in all.
    pub files: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// Warnings found along the way.
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, loading included.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Site {
    /// Reads book.toml, the theme and every content file of the site in `root`, and builds
    /// the site graph. Fails with every error found.
    pub fn load(root: impl AsRef<Path>, options: &BuildOptions) -> Result<Site, Error> {
        Self::load_with(root.as_ref(), options, &NoProgress)
    }

    /// [`Site::load`], reporting progress.
    pub fn load_with(
        root: &Path,
        options: &BuildOptions,
        progress: &dyn Progress,
    ) -> Result<Site, Error> {
        let mut clock = Clock::start();
        let (config, theme) = prepare(root, &options.overrides)?;
        clock.lap("config and theme");

        let (data, mut diagnostics) = data::load(&config);
        let read = languages::read(
            config.for_language(0),
            &theme,
            &data,
            progress,
            &mut diagnostics,
        );
        let others: Vec<languages::Read> = (1..config.languages.len())
            .map(|i| {
                languages::read(
                    config.for_language(i),
                    &theme,
                    &data,
                    progress,
                    &mut diagnostics,
                )
            })
            .collect();
        let languages::Read {
            config,
            engine,
            mut content,
        } = read;
        diagnostics.extend(theme.warnings.iter().cloned());
        let left_out = std::mem::take(&mut content.left_out);
        clock.lap("read and parse");
        let (graph, mut graph_diagnostics) =
            Graph::build(content, &config, &other_outputs(&config, &theme));
        diagnostics.append(&mut graph_diagnostics);
        let translations = languages::place(others, (&graph, &config), &theme, &mut diagnostics);
        diagnostics.extend(languages::check_folders(&graph, &config));
        clock.lap("site graph");
        if let Some(engine) = &engine {
            diagnostics.extend(render::check_templates(&graph, engine));
        }
        diagnostics.extend(render::check_outputs(&graph, &config, &theme));
        diagnostics::sort(&mut diagnostics);
        match engine {
            Some(engine) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Site {
                config,
                graph,
                theme,
                engine,
                translations,
                warnings: diagnostics,
                left_out,
                force: options.force,
                interrupt: options.interrupt.clone(),
                timings: clock.laps,
            }),
            _ => Err(Error::Build(diagnostics)),
        }
    }

    /// The pages and the sections of the site, in every language.
    pub fn counts(&self) -> (usize, usize) {
        let graphs = std::iter::once(&self.graph).chain(self.translations.iter().map(|t| &t.graph));
        graphs.fold((0, 0), |(pages, sections), graph| {
            let here = graph
                .nodes
                .iter()
                .filter(|n| n.kind == content::Kind::Page)
                .count();
            (pages + here, sections + graph.nodes.len() - here)
        })
    }

    /// Warnings found while loading.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The pages and sections their `publishDate` or `expiryDate` left out of this build.
    pub fn left_out(&self) -> &[content::LeftOut] {
        &self.left_out
    }

    /// Renders the site into its output folder, replacing the previous output only when
    /// everything succeeded.
    pub fn build(&self, progress: &dyn Progress) -> Result<BuildReport, Error> {
        self.build_into(&self.config.output_dir(), progress)
    }

    /// Renders the site into `output` (atomically replacing it on success).
    pub fn build_into(&self, output: &Path, progress: &dyn Progress) -> Result<BuildReport, Error> {
        // Checked again here, for the folder this build really writes: `--force` must never
        // reach a source.
        if let Some(reason) = self.config.output_conflict(output) {
            let shown = config::shown_path(output);
            let message = format!("the output folder {} {reason}", shown.display());
            return Err(Error::Config(vec![
                Diagnostic::error(Code::Config, message).help(
                    "choose a separate folder such as `public` with `--output` or `output-dir`",
                ),
            ]));
        }
        let waiting = |lock: &Path| {
            progress.note(&format!(
                "waiting for another build of {} to finish (it holds {})",
                config::shown_path(output).display(),
                config::shown_path(lock).display()
            ));
        };
        let staging = output::Staging::begin_with(output, self.force, &self.interrupt, &waiting)
            .map_err(Error::of_output)?;
        let mut clock = Clock::start();
        let report = self.render_into(&staging, progress).map_err(|mut d| {
            match self.interrupt.raised() {
                Some(signal) => Error::Interrupted(signal),
                None => {
                    d.extend(self.warnings.iter().cloned());
                    diagnostics::sort(&mut d);
                    Error::Build(d)
                }
            }
        })?;
        clock.lap("render and write");
        let left_behind = staging.commit().map_err(Error::of_output)?;
        clock.lap("swap in");
        let mut timings = self.timings.clone();
        timings.extend(clock.laps);
        Ok(BuildReport {
            pages: report.pages,
            sections: report.sections,
            files: report.files,
            output: output.to_path_buf(),
            warnings: self.warnings.iter().cloned().chain(left_behind).collect(),
            timings,
        })
    }

    /// Runs the whole pipeline except writing files, and returns every diagnostic: the
    /// warnings found while loading and any error found while rendering, sorted.
    pub fn check(&self, progress: &dyn Progress) -> Vec<Diagnostic> {
        let sink = output::Discard::default();
        let mut all = self.warnings.clone();
        if let Err(mut errors) = self.render_into(&sink, progress) {
            all.append(&mut errors);
        }
        diagnostics::sort(&mut all);
        all
    }

    /// Renders every page of every language into `sink`.
    pub(crate) fn render_into(
        &self,
        sink: &dyn output::Sink,
        progress: &dyn Progress,
    ) -> Result<render::Report, Vec<Diagnostic>> {
        if self.translations.is_empty() {
            return render::render(
                &self.graph,
                &self.config,
                &self.engine,
                &self.theme,
                sink,
                progress,
            );
        }
        let sites: Vec<(&Graph, &Config, &Engine)> =
            std::iter::once((&self.graph, &self.config, &self.engine))
                .chain(
                    self.translations
                        .iter()
                        .map(|t| (&t.graph, &t.config, &t.engine)),
                )
                .collect();
        render::render_languages(&sites, &self.theme, sink, progress)
    }

    /// A renderer for single pages of this site (what `build` runs for every node).
    pub fn pages(&self) -> render::Pages<'_> {
        render::Pages::new(&self.graph, &self.config, &self.engine)
    }

    /// Every external http(s) link of the site, with where it is written, in page order.
    pub fn external_links(&self) -> Vec<external::LinkSite> {
        let mut out = Vec::new();
        let graphs = std::iter::once(&self.graph).chain(self.translations.iter().map(|t| &t.graph));
        let nodes = graphs.flat_map(|g| NodeId::enumerate(&g.nodes).map(move |(id, n)| (g, id, n)));
        for (graph, id, node) in nodes {
            let Some(doc) = &node.doc else { continue };
            let resolutions = graph.links.get(id.index()).map_or(&[][..], Vec::as_slice);
            for (i, link) in doc.body.links.iter().enumerate() {
                let raw = link.raw.trim();
                let is_web = raw.starts_with("http://") || raw.starts_with("https://");
                // A former address no page claims is a link to another site too.
                let external = link.target == markdown::links::Target::External
                    || resolutions.get(i) == Some(&markdown::links::Resolution::External);
                if external && is_web {
                    out.push(external::LinkSite {
                        url: raw.to_string(),
                        source: doc.source.clone(),
                        location: link.location.clone(),
                        text: link.text.clone(),
                    });
                }
            }
        }
        out
    }
}
