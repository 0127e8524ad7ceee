//! The `praxis` command: parses arguments, calls the library, prints diagnostics and the
//! summary, and maps failures to exit codes (1: the site has errors, 2: configuration or
//! usage errors).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use praxis::config::Overrides;
use praxis::diagnostics::{self, Diagnostic};
use praxis::{BuildOptions, Progress, Site};

/// A build allocates in every worker at once, many small strings and values that live until
/// the end. With glibc's malloc, page faults, arena growth (`mprotect`) and malloc/free took
/// about a fifth of a 10,000-page build; mimalloc takes that to near nothing (about 18% less
/// wall and CPU time at 10k pages, +10% peak memory). The library leaves the choice of
/// allocator to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A fast static documentation site generator for knowledge bases of practices and principles.
#[derive(Parser)]
#[command(name = "praxis", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (public/ by default).
    Build(BuildArgs),
    /// Check the site without writing it: links, anchors, relations, front matter, contracts
    /// and templates. Exits 1 when there are errors.
    Check(CheckArgs),
    /// Serve the site from memory with live reload, rebuilding what changes as you save.
    Serve(ServeArgs),
    /// Write a new site (book.toml and a small sample framework) into a folder.
    Init(InitArgs),
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The site's folder, holding book.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// The port to listen on; 0 picks a free one.
    #[arg(short, long, default_value_t = 1111, value_name = "N")]
    port: u16,
    /// The address to listen on. Anything but a loopback address exposes the site to the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include pages whose `publishDate` is still to come (Hugo's `--buildFuture`).
    #[arg(long, visible_alias = "build-future")]
    future: bool,
    /// Include pages whose `expiryDate` has passed (Hugo's `--buildExpired`).
    #[arg(long, visible_alias = "build-expired")]
    expired: bool,
    /// Build the site for this URL instead of the server's own address.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print how long each stage of a rebuild took.
    #[arg(long)]
    timings: bool,
}

#[derive(clap::Args)]
struct InitArgs {
    /// The folder for the new site (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
    /// Write into a folder that already holds files (files of the same name are replaced).
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The site's folder, holding book.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_enum, value_name = "WHAT")]
    deny: Vec<Deny>,
    /// Also fetch every external http(s) link and report dead ones.
    #[arg(long)]
    external: bool,
    /// With --external: requests under way at once.
    #[arg(long, default_value_t = 8, value_name = "N")]
    concurrency: usize,
    /// With --external: seconds allowed per URL.
    #[arg(long, default_value_t = 15, value_name = "SECONDS")]
    timeout: u64,
    /// With --external: how many hours a good answer is trusted (0 ignores the cache).
    #[arg(long, default_value_t = 24, value_name = "HOURS")]
    cache_hours: u64,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include pages whose `publishDate` is still to come (Hugo's `--buildFuture`).
    #[arg(long, visible_alias = "build-future")]
    future: bool,
    /// Include pages whose `expiryDate` has passed (Hugo's `--buildExpired`).
    #[arg(long, visible_alias = "build-expired")]
    expired: bool,
    /// Check as if published under this URL.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For people: `file:line:col: error: …` with the source line (coloured on a terminal).
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions annotations.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Deny {
    /// Warnings fail the check.
    Warnings,
}

#[derive(clap::Args)]
struct BuildArgs {
    /// The site's folder, holding book.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Write the site here instead of build.output-dir.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Publish under this URL instead of book.base-url.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include pages whose `publishDate` is still to come (Hugo's `--buildFuture`).
    #[arg(long, visible_alias = "build-future")]
    future: bool,
    /// Include pages whose `expiryDate` has passed (Hugo's `--buildExpired`).
    #[arg(long, visible_alias = "build-expired")]
    expired: bool,
    /// Replace the output folder even if praxis did not create it.
    #[arg(long)]
    force: bool,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::Init(args) => init(args),
    }
}

fn init(args: InitArgs) -> ExitCode {
    match praxis::init::scaffold(&args.dir, args.force) {
        Ok(scaffold) => {
            println!(
                "Wrote a new site ({}) into {}",
                count(scaffold.files.len(), "file"),
                scaffold.root.display()
            );
            println!("Next:");
            for step in praxis::init::next_steps(&args.dir) {
                println!("  {step}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            let _ = writeln!(anstream::stderr(), "error: {err}");
            ExitCode::from(2)
        }
    }
}

/// mimalloc v2's `mi_option_purge_delay` (its place in `mi_option_e`, `mimalloc.h`;
/// libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A server rebuilds for hours: mimalloc's default keeps memory it freed for a while before
/// giving it back, and over thousands of rebuilds on many threads that showed as resident
/// memory creeping up (324 → 394 MiB over 4,000 edits at 10k pages); returning it at once
/// keeps it flat (~315 MiB) at no cost the rebuild times show.
fn return_freed_memory_at_once() {
    // SAFETY: sets one of mimalloc's options, a plain integer it reads when it purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

fn serve(args: ServeArgs) -> ExitCode {
    return_freed_memory_at_once();
    if !praxis::serve::is_loopback(args.bind) {
        let _ = writeln!(
            anstream::stderr(),
            "warning: listening on {}: anyone who can reach this machine can read the site",
            args.bind
        );
    }
    let options = praxis::serve::Options {
        root: args.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        future: args.future,
        expired: args.expired,
        base_url: args.base_url,
    };
    let mut printer = ServePrinter {
        open: args.open,
        timings: args.timings,
    };
    match praxis::serve::run(&options, &mut printer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(praxis::serve::ServeError::Site(err)) => {
            print_diagnostics(err.diagnostics());
            let _ = writeln!(anstream::stderr(), "{err}");
            ExitCode::from(err.exit_code() as u8)
        }
        Err(err) => {
            let _ = writeln!(anstream::stderr(), "error: {err}");
            ExitCode::from(2)
        }
    }
}

/// Prints what the server does: the address on standard output, everything else on
/// standard error.
struct ServePrinter {
    open: bool,
    timings: bool,
}

impl praxis::serve::Report for ServePrinter {
    fn serving(
        &mut self,
        url: &str,
        first: Option<&praxis::incremental::Update>,
        live: &praxis::incremental::Live,
    ) {
        if let Some(first) = first {
            print_diagnostics(live.warnings());
            let (pages, sections) = live.counts();
            let _ = writeln!(
                anstream::stderr(),
                "Built {} and {} into memory in {} ms",
                count(pages, "page"),
                count(sections, "section"),
                first.took.as_millis()
            );
        }
        println!("Serving the site at {url}");
        let _ = std::io::stdout().flush();
        if self.open
            && let Err(err) = open::that_detached(url)
        {
            let _ = writeln!(anstream::stderr(), "warning: cannot open a browser: {err}");
        }
    }

    fn rebuilt(&mut self, update: &praxis::incremental::Update, warnings: &[Diagnostic]) {
        print_diagnostics(warnings);
        let what = match update.sources.as_slice() {
            [] => "nothing".to_string(),
            [one] => shown(one),
            [one, rest @ ..] => format!("{} and {}", shown(one), count(rest.len(), "other file")),
        };
        let _ = writeln!(
            anstream::stderr(),
            "Rebuilt {what} in {} ms: {} re-rendered, {} changed",
            update.took.as_millis(),
            count(update.rendered, "page"),
            count(update.changed.len(), "file"),
        );
        if self.timings {
            print_timings(&update.timings);
        }
    }

    fn failed(&mut self, build: u64, diagnostics: &[Diagnostic]) {
        print_diagnostics(diagnostics);
        let _ = writeln!(
            anstream::stderr(),
            "Build {build} failed ({}); still serving the last good site",
            diagnostics::summary(diagnostics)
        );
    }
}

/// A path as the user would type it from here.
fn shown(path: &std::path::Path) -> String {
    let here = std::env::current_dir().unwrap_or_default();
    let here = here.canonicalize().unwrap_or(here);
    let path = path.strip_prefix(&here).unwrap_or(path);
    praxis::config::shown_path(path).display().to_string()
}

/// `praxis check`: loads and checks the site without writing it, prints what it found in
/// the chosen format with a summary line, and exits 1 on errors, 2 on configuration errors.
fn check(args: CheckArgs) -> ExitCode {
    let started = Instant::now();
    let progress = Bar::new(started);
    let mut checked = run_check(&args, &progress);
    progress.clear();
    if args.deny.contains(&Deny::Warnings) {
        for d in checked
            .found
            .iter_mut()
            .filter(|d| d.severity == diagnostics::Severity::Warning)
        {
            d.severity = diagnostics::Severity::Error;
        }
    }
    let errors = checked.found.iter().filter(|d| d.is_error()).count();
    let verdict = check_verdict(&checked);
    print_check_diagnostics(&mut checked, args.format);
    let what = match checked.counts {
        Some((pages, sections)) => {
            format!(
                "{} and {}",
                count(pages, "page"),
                count(sections, "section")
            )
        }
        None => "the site".to_string(),
    };
    let _ = writeln!(
        anstream::stderr(),
        "Checked {what} in {}: {verdict}",
        seconds(started.elapsed())
    );
    if checked.usage_error {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `praxis check` found.
struct Checked {
    /// Every diagnostic, sorted.
    found: Vec<Diagnostic>,
    /// The site's pages and sections, when it loaded.
    counts: Option<(usize, usize)>,
    /// What `publishDate` and `expiryDate` left out.
    left_out: Vec<praxis::content::LeftOut>,
    /// Whether the site did not load for a configuration or usage error (exit 2).
    usage_error: bool,
}

/// Loads the site and checks it, with its external links when `--external` asks.
fn run_check(args: &CheckArgs, progress: &Bar) -> Checked {
    let options = BuildOptions {
        overrides: Overrides {
            output_dir: None,
            base_url: args.base_url.clone(),
            drafts: args.drafts,
            future: args.future,
            expired: args.expired,
            now: None,
        },
        force: false,
        interrupt: Default::default(),
    };
    match Site::load_with(&args.root, &options, progress) {
        Ok(site) => {
            let mut found = site.check(progress);
            if args.external {
                found.append(&mut dead_external_links(&site, args));
            }
            diagnostics::sort(&mut found);
            Checked {
                found,
                counts: Some(site.counts()),
                left_out: site.left_out().to_vec(),
                usage_error: false,
            }
        }
        Err(err) => Checked {
            found: err.diagnostics().to_vec(),
            counts: None,
            left_out: Vec::new(),
            usage_error: err.exit_code() == 2,
        },
    }
}

/// `--external`: fetches every external link of `site` and reports the dead ones, with
/// good answers cached under `.praxis-cache/` for `--cache-hours`.
fn dead_external_links(site: &Site, args: &CheckArgs) -> Vec<Diagnostic> {
    let external = praxis::external::Options {
        concurrency: args.concurrency,
        timeout: Duration::from_secs(args.timeout),
        cache: (args.cache_hours > 0).then(|| {
            site.config
                .root
                .join(".praxis-cache")
                .join("external-links.json")
        }),
        max_age: Duration::from_secs(args.cache_hours * 3600),
    };
    praxis::external::check(&site.external_links(), &external).0
}

/// The end of the summary line: the diagnostics counted (or "no problems"), and how many
/// pages the dates left out.
fn check_verdict(checked: &Checked) -> String {
    let mut verdict = if checked.found.is_empty() {
        "no problems".to_string()
    } else {
        diagnostics::summary(&checked.found)
    };
    if !checked.left_out.is_empty() {
        verdict.push_str(&format!(
            "; {} left out by publishDate or expiryDate",
            count(checked.left_out.len(), "page")
        ));
    }
    verdict
}

/// Prints the diagnostics, with a note for each page the dates left out in order among
/// them: on standard error for people, as JSON Lines or GitHub annotations on standard
/// output for tools.
fn print_check_diagnostics(checked: &mut Checked, format: Format) {
    let found = &mut checked.found;
    found.extend(
        checked
            .left_out
            .iter()
            .map(praxis::content::LeftOut::diagnostic),
    );
    diagnostics::sort(found);
    match format {
        Format::Human => print_diagnostics(found),
        Format::Json => print!("{}", diagnostics::render_json(found)),
        Format::Github => print!("{}", diagnostics::render_github(found)),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions {
        overrides: Overrides {
            output_dir: args.output,
            base_url: args.base_url,
            drafts: args.drafts,
            future: args.future,
            expired: args.expired,
            now: None,
        },
        force: args.force,
        interrupt: stop_on_signals(),
    };
    let progress = Bar::new(started);
    let result = Site::load_with(&args.root, &options, &progress).and_then(|site| {
        let result = site.build(&progress);
        // The process ends right after: freeing the graph node by node would only add
        // time (a tenth of a second at 10,000 pages) and the OS reclaims it at once.
        std::mem::forget(site);
        result
    });
    progress.clear();
    match result {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if args.timings {
                print_timings(&report.timings);
            }
            let output = report
                .output
                .strip_prefix(std::env::current_dir().unwrap_or_default())
                .unwrap_or(&report.output);
            println!(
                "Built {} and {} ({}) into {} in {}",
                count(report.pages, "page"),
                count(report.sections, "section"),
                count(report.files, "file"),
                output.display(),
                seconds(started.elapsed())
            );
            ExitCode::SUCCESS
        }
        Err(praxis::Error::Interrupted(signal)) => {
            let _ = writeln!(
                anstream::stderr(),
                "Build interrupted (signal {signal}): nothing was replaced, and the partial output was removed"
            );
            ExitCode::from((128 + signal) as u8)
        }
        Err(err) => {
            print_diagnostics(err.diagnostics());
            let mut stderr = anstream::stderr();
            let _ = writeln!(stderr, "{err}");
            ExitCode::from(err.exit_code() as u8)
        }
    }
}

/// Ctrl-C and SIGTERM stop a build cleanly: the first raises the build's [`Interrupt`], which
/// it sees at its next write and then removes its staging folder; a second ends the process
/// at once, as if nothing had been installed (the next build sweeps what it left).
fn stop_on_signals() -> praxis::output::Interrupt {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let interrupt = praxis::output::Interrupt::default();
    let again = std::sync::Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        // The order matters: the default action is armed by the first signal, for the second.
        let installed = signal_hook::flag::register_conditional_default(signal, again.clone())
            .and_then(|_| signal_hook::flag::register(signal, again.clone()))
            .and_then(|_| {
                signal_hook::flag::register_usize(signal, interrupt.flag(), signal as usize)
            });
        if let Err(e) = installed {
            let _ = writeln!(
                anstream::stderr(),
                "warning: cannot handle signal {signal}: {e}"
            );
        }
    }
    interrupt
}

/// How long each stage took, one line each on standard error (`--timings`).
fn print_timings(timings: &[(&'static str, Duration)]) {
    let mut stderr = anstream::stderr();
    for (stage, took) in timings {
        let _ = writeln!(
            stderr,
            "{stage:>18}: {:>8.1} ms",
            took.as_secs_f64() * 1000.0
        );
    }
}

fn print_diagnostics(list: &[Diagnostic]) {
    if list.is_empty() {
        return;
    }
    // Written in one piece: through anstream's colour stripping, each run of text between
    // two colour codes was a write of its own (3,600 diagnostics, ~40,000 system calls).
    let raw = std::io::stderr();
    let color = anstream::AutoStream::choice(&raw) != anstream::ColorChoice::Never;
    let text = diagnostics::render_human(list, color);
    if color {
        let _ = write!(anstream::stderr(), "{text}");
    } else {
        let _ = raw.lock().write_all(text.as_bytes());
    }
}

fn count(n: usize, word: &str) -> String {
    let mut digits = n.to_string();
    let mut i = digits.len() as isize - 3;
    while i > 0 {
        digits.insert(i as usize, ',');
        i -= 3;
    }
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{digits} {word}s")
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// A progress bar that stays hidden for the first second and never shows outside a terminal.
/// `PRAXIS_PROGRESS_AFTER_MS` changes the delay (the tests set it to 0).
struct Bar {
    bar: ProgressBar,
    started: Instant,
    delay: Duration,
    enabled: bool,
    shown: AtomicBool,
}

impl Bar {
    fn new(started: Instant) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        let delay = std::env::var("PRAXIS_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        Bar {
            bar,
            started,
            delay,
            enabled: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn note(&self, message: &str) {
        self.bar.suspend(|| {
            let _ = writeln!(anstream::stderr(), "{message}");
        });
    }

    fn start(&self, stage: &'static str, total: u64) {
        self.bar.set_message(stage);
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
        if self.enabled
            && self.started.elapsed() >= self.delay
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
