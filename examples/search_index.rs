//! The search index's own cost, apart from the rest of a build: loads a site once, then
//! builds its index into a sink that writes nothing, `--rounds` times, and prints each
//! round's time and the median.
//!
//! ```text
//! cargo run --release --example search_index -- SITE [--rounds 9]
//! RAYON_NUM_THREADS=1 cargo run --release --example search_index -- SITE
//! ```
//!
//! With one thread the figure is the index's CPU time, which is what it adds to a build on
//! a machine whose cores the pages already keep busy. `scripts/bench-search.sh` measures
//! the whole build with and without the index.

use std::process::ExitCode;
use std::time::{Duration, Instant};

// The allocator of the praxis binary, so that the figures are the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first() else {
        eprintln!("usage: search_index SITE [--rounds N]");
        return ExitCode::FAILURE;
    };
    let rounds = match args.iter().position(|a| a == "--rounds") {
        Some(i) => match args.get(i + 1).and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n > 0 => n,
            _ => {
                eprintln!("--rounds takes a positive number");
                return ExitCode::FAILURE;
            }
        },
        None => 9,
    };
    let site = match praxis::Site::load(root, &praxis::BuildOptions::default()) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut times: Vec<Duration> = (0..rounds)
        .map(|round| {
            let sink = praxis::output::Discard::default();
            let started = Instant::now();
            let problems = praxis::search::write(&site.graph, &site.config, &sink);
            let took = started.elapsed();
            println!(
                "round {}: {:.1} ms, {} problems",
                round + 1,
                ms(took),
                problems.len()
            );
            took
        })
        .collect();
    times.sort();
    println!(
        "search index of {} nodes on {} threads: median {:.1} ms",
        site.graph.nodes().len(),
        rayon::current_num_threads(),
        ms(times[times.len() / 2])
    );
    ExitCode::SUCCESS
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
