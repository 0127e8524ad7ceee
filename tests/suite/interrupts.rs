//! Builds that are stopped: killed at any moment, interrupted with Ctrl-C or SIGTERM, or
//! racing another build of the same output. Whatever happens, the output folder holds
//! exactly one whole site (the old one or the new one) and nothing is left beside it.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// Pages in the site: enough for a debug build to spend about a second writing.
const PAGES: usize = 1_000;
const PATIENCE: Duration = Duration::from_secs(60);

/// Every file of a folder and its bytes, by relative path.
type Tree = BTreeMap<PathBuf, Vec<u8>>;

fn tree(dir: &Path) -> Tree {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Writes every page of the site in `version`: each build of another version changes
/// every page it writes.
fn write_version(site: &TestSite, version: &str) {
    for i in 0..PAGES {
        site.write(
            &format!("content/p{i:04}.md"),
            format!(
                "---\ntitle: Page {i}\ntags: [t{}]\n---\n{version}\n\n{}\n",
                i % 40,
                "Some prose to read. ".repeat(300)
            ),
        );
    }
}

/// A site with both versions built once, as references: `(site, old, new)`.
fn two_versions() -> (TestSite, Tree, Tree) {
    let site = TestSite::with_files(&[("book.toml", "[book]\ntitle = \"Stopped\"\n")]);
    let reference = tempfile::tempdir().unwrap();
    write_version(&site, "version two");
    praxis_build(&site, Some(reference.path())).wait_ok();
    let new = tree(reference.path());
    write_version(&site, "version one");
    praxis_build(&site, None).wait_ok();
    let old = tree(&site.path("public"));
    assert_ne!(old, new);
    (site, old, new)
}

fn praxis_build(site: &TestSite, output: Option<&Path>) -> Child {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("praxis"));
    command.arg("build").arg("--root").arg(site.root());
    if let Some(output) = output {
        command.arg("--output").arg(output);
    }
    command
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

trait Finish {
    fn wait_ok(self);
}

impl Finish for Child {
    fn wait_ok(self) {
        let out = self.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The site root's entries other than the sources and the output: staging folders, moved-
/// aside outputs, lock files.
fn leftovers(site: &TestSite) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !["book.toml", "content", "public"].contains(&name.as_str()))
        .collect()
}

/// How many files the build has written into its staging folder so far (`None`: it has not
/// made one yet).
fn staged_files(site: &TestSite) -> Option<usize> {
    let staging = std::fs::read_dir(site.root()).unwrap().find_map(|e| {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        (name.starts_with(".public.praxis-staging-") && !name.ends_with(".old")).then(|| e.path())
    })?;
    Some(
        walkdir::WalkDir::new(staging)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count(),
    )
}

/// Waits until the build has staged `files` files, and panics if it ends first: what
/// happens next must happen to a build that is still running.
fn wait_until_staged(site: &TestSite, child: &mut Child, files: usize) {
    let start = Instant::now();
    while staged_files(site).is_none_or(|n| n < files) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before {files} files were seen staged"
        );
        assert!(
            start.elapsed() < PATIENCE,
            "the build never staged {files} files"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn send(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal}");
}

/// Which of the two sites `output` is, or a panic naming how it differs from both.
fn which(output: &Tree, old: &Tree, new: &Tree) -> &'static str {
    if output == old {
        "old"
    } else if output == new {
        "new"
    } else {
        let differ = |other: &Tree| {
            output
                .iter()
                .filter(|(path, bytes)| other.get(*path) != Some(bytes))
                .count()
                + other.keys().filter(|p| !output.contains_key(*p)).count()
        };
        panic!(
            "a mixed output: {} files differ from the old site, {} from the new",
            differ(old),
            differ(new)
        );
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_exactly_the_old_or_the_new_site() {
    let (site, old, new) = two_versions();
    write_version(&site, "version two");
    let total = new.len();
    // Killed before it stages anything, then at every tenth of its writes up to eight
    // tenths: each time while it is still running, so the old site must stay.
    let moments = std::iter::once(None).chain((0..9).map(|tenth| Some(total * tenth / 10)));
    for (round, moment) in moments.enumerate() {
        let mut child = praxis_build(&site, None);
        match moment {
            None => std::thread::sleep(Duration::from_millis(30)),
            Some(files) => wait_until_staged(&site, &mut child, files),
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the build was killed, not finished ({status})"
        );
        let output = tree(&site.path("public"));
        assert_eq!(which(&output, &old, &new), "old", "round {round}");
    }
    // Killed once everything is staged: during the swap, the removal of the old site, or
    // just after. Whether or not the kill came in time, the output is one whole site.
    for _ in 0..2 {
        let mut child = praxis_build(&site, None);
        let start = Instant::now();
        while staged_files(&site).is_none_or(|n| n < total) && child.try_wait().unwrap().is_none() {
            assert!(
                start.elapsed() < PATIENCE,
                "the build never staged everything"
            );
        }
        let _ = child.kill();
        child.wait().unwrap();
        which(&tree(&site.path("public")), &old, &new);
    }
    // The next build finishes, takes what the killed ones left and writes the new site.
    praxis_build(&site, None).wait_ok();
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert!(
        tree(&site.path("public")) == new,
        "the next build wrote the site"
    );
}

#[test]
fn sigterm_and_ctrl_c_remove_the_staging_folder_and_exit_143_and_130() {
    let (site, old, _) = two_versions();
    write_version(&site, "version two");
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let mut child = praxis_build(&site, None);
        wait_until_staged(&site, &mut child, old.len() / 4);
        send(&child, signal);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {stderr}");
        assert!(stderr.contains("Build interrupted"), "{stderr}");
        assert_eq!(leftovers(&site), Vec::<String>::new(), "SIG{signal}");
        assert!(
            tree(&site.path("public")) == old,
            "SIG{signal}: the old site stays"
        );
    }
}

#[test]
fn a_second_build_of_one_output_waits_for_the_first_then_builds() {
    let (site, _, new) = two_versions();
    write_version(&site, "version two");
    let mut first = praxis_build(&site, None);
    wait_until_staged(&site, &mut first, 1);
    let second = praxis_build(&site, None);
    let second = second.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success(), "{said}");
    assert!(
        said.contains("waiting for another build of") && said.contains(".public.praxis-lock"),
        "{said}"
    );
    assert!(
        first.try_wait().unwrap().is_some(),
        "the second build ended before the first"
    );
    first.wait_ok();
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert!(tree(&site.path("public")) == new);
}

/// Raises the build's interrupt at the first page it renders, and counts the pages after.
struct StopAtFirstPage {
    interrupt: praxis::output::Interrupt,
    rendered: std::sync::atomic::AtomicUsize,
    rendering: std::sync::atomic::AtomicBool,
}

impl praxis::Progress for StopAtFirstPage {
    fn start(&self, stage: &'static str, _total: u64) {
        use std::sync::atomic::Ordering::SeqCst;
        self.rendering.store(stage == "Rendering", SeqCst);
    }

    fn advance(&self, n: u64) {
        use std::sync::atomic::Ordering::SeqCst;
        if self.rendering.load(SeqCst) {
            self.rendered.fetch_add(n as usize, SeqCst);
            self.interrupt.raise(15);
        }
    }
}

#[test]
fn an_interrupted_build_stops_rendering_at_once_and_writes_nothing() {
    let site = TestSite::with_files(&[("book.toml", "[book]\ntitle = \"Stop\"\n")]);
    for i in 0..400 {
        site.write(
            &format!("content/p{i:03}.md"),
            format!("# Page {i}\n\nText.\n"),
        );
    }
    let interrupt = praxis::output::Interrupt::default();
    let options = praxis::BuildOptions {
        interrupt: interrupt.clone(),
        ..Default::default()
    };
    let loaded = praxis::Site::load(site.root(), &options).unwrap();
    let progress = StopAtFirstPage {
        interrupt,
        rendered: Default::default(),
        rendering: Default::default(),
    };
    let result = loaded.build(&progress);
    assert!(
        matches!(result, Err(praxis::Error::Interrupted(15))),
        "{result:?}"
    );
    // Each worker finishes the page in its hands, then renders no more.
    let rendered = progress.rendered.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        rendered < 40,
        "{rendered} of 400 pages rendered after the interrupt"
    );
    assert!(!site.path("public").exists());
    assert_eq!(leftovers(&site), Vec::<String>::new());
}
