//! The floor of writing a finished site: how long the file system alone takes to take in the
//! output of a build, with nothing left to compute.
//!
//! ```text
//! cargo run --release --example write_floor -- SITE_DIR SCRATCH_DIR [RUNS]
//! ```
//!
//! Reads every file under SITE_DIR (a folder `praxis build` wrote, say) into memory, then
//! RUNS times (default 5) writes the same tree into a fresh folder under SCRATCH_DIR the way
//! praxis writes its output — folders first, level by level, then the files in parallel with
//! rayon, each in one write — and prints the median time of the writing alone. Set beside
//! the build's own time, it shows how much of a build is the cost of the files it produces,
//! which no speed-up of rendering can remove.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use walkdir::WalkDir;

/// A site held in memory: folders (relative, parents before children) and files.
struct Tree {
    dirs: Vec<PathBuf>,
    files: Vec<(PathBuf, Vec<u8>)>,
}

fn load(site: &Path) -> Result<Tree, String> {
    let mut tree = Tree {
        dirs: Vec::new(),
        files: Vec::new(),
    };
    for entry in WalkDir::new(site).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let rel = entry
            .path()
            .strip_prefix(site)
            .map_err(|e| e.to_string())?
            .to_path_buf();
        if entry.file_type().is_dir() {
            tree.dirs.push(rel);
        } else if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).map_err(|e| format!("{}: {e}", rel.display()))?;
            tree.files.push((rel, bytes));
        }
    }
    Ok(tree)
}

/// Writes the tree under `out`, which must not exist yet.
fn write(tree: &Tree, out: &Path) -> std::io::Result<()> {
    fs::create_dir(out)?;
    // One level at a time, each level's folders in parallel, as praxis's staging does.
    let depth = |p: &PathBuf| p.components().count();
    let deepest = tree.dirs.iter().map(depth).max().unwrap_or(0);
    for level in 1..=deepest {
        tree.dirs
            .par_iter()
            .filter(|d| depth(d) == level)
            .try_for_each(|d| fs::create_dir(out.join(d)))?;
    }
    tree.files
        .par_iter()
        .try_for_each(|(rel, bytes)| fs::write(out.join(rel), bytes))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (site, scratch) = match (args.first(), args.get(1)) {
        (Some(site), Some(scratch)) => (PathBuf::from(site), PathBuf::from(scratch)),
        _ => {
            eprintln!("usage: write_floor SITE_DIR SCRATCH_DIR [RUNS]");
            return ExitCode::from(2);
        }
    };
    let runs: usize = match args.get(2).map(|r| r.parse()) {
        None => 5,
        Some(Ok(r)) if r > 0 => r,
        Some(_) => {
            eprintln!("write_floor: RUNS must be a positive number");
            return ExitCode::from(2);
        }
    };
    let tree = match load(&site) {
        Ok(tree) => tree,
        Err(e) => {
            eprintln!("write_floor: reading {}: {e}", site.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = fs::create_dir_all(&scratch) {
        eprintln!("write_floor: {}: {e}", scratch.display());
        return ExitCode::FAILURE;
    }
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for run in 0..runs {
        let out = scratch.join(format!("write-floor-{}-{run}", std::process::id()));
        let started = Instant::now();
        let written = write(&tree, &out);
        times.push(started.elapsed());
        let removed = fs::remove_dir_all(&out);
        if let Err(e) = written.and(removed) {
            eprintln!("write_floor: {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    }
    times.sort();
    let bytes: usize = tree.files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "write_floor: {} folders, {} files, {} bytes: median {:.3} s over {runs} runs (min {:.3}, max {:.3})",
        tree.dirs.len(),
        tree.files.len(),
        bytes,
        times[runs / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[runs - 1].as_secs_f64(),
    );
    ExitCode::SUCCESS
}
