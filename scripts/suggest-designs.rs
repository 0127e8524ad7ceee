//! Two designs for the "did you mean" index, timed side by side on the names of generated
//! framework sites (the measurement behind src/suggest.rs; see docs/performance.md):
//!
//! - **summaries**: src/suggest.rs as it is — length buckets and a 64-bucket character count
//!   per name, whose difference bounds the edit distance from below; the edit distance is
//!   then measured, banded, for the few names those bounds allow, likeliest first;
//! - **bk-tree**: a BK-tree under the Damerau-Levenshtein distance (a metric, never more than
//!   the transposition-aware distance praxis suggests by), searched for the nearest name
//!   with a shrinking radius, each find measured again as the full scan measures it;
//! - and the full scan the index replaced, for reference.
//!
//! All three must give the same answers; the program checks that, then prints the time per
//! question of each. Needs only rustc:
//!
//! ```text
//! rustc -O --edition 2024 scripts/suggest-designs.rs -o /tmp/suggest-designs && /tmp/suggest-designs
//! ```

#[allow(dead_code)]
#[path = "../src/suggest.rs"]
mod suggest;

use std::collections::HashMap;
use std::time::Instant;

/// The names of a framework site of about `pages` pages: ids, content paths and URLs.
fn names(pages: usize) -> Vec<String> {
    let mut out = Vec::new();
    let pillars = ["ops", "sec", "rel", "perf", "cost", "sus"];
    let mut made = 0;
    'all: for q in 1.. {
        for pillar in pillars {
            for bp in 1..=10 {
                let upper = pillar.to_uppercase();
                out.push(format!("{upper}{q:02}-BP{bp:02}"));
                out.push(format!("{pillar}/{pillar}{q:02}/{pillar}{q:02}-bp{bp:02}.md"));
                out.push(format!("/{pillar}/{pillar}{q:02}/{pillar}{q:02}-bp{bp:02}/"));
                made += 1;
                if made == pages {
                    break 'all;
                }
            }
        }
    }
    out
}

/// Broken names as the broken-links benchmark writes them: typos and names of nothing.
fn questions(names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate().step_by(7) {
        out.push(match i % 4 {
            0 => name.replacen("0", "", 1),
            1 => name.replace("bp", "pb"),
            2 => format!("renamed-guidance-{}.md", i % 97),
            _ => format!("RETIRED-{}", i % 89),
        });
    }
    out
}

/// The transposition-aware distance, in full (what `text::did_you_mean` measures).
fn osa(a: &[char], b: &[char]) -> usize {
    suggest::osa_within(a, b, a.len() + b.len()).expect("within the sum of the lengths")
}

fn threshold(name: &str) -> usize {
    2.max(name.len() / 3)
}

/// The full scan.
fn scan<'a>(word: &str, names: &'a [String]) -> Option<&'a str> {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    names
        .iter()
        .map(|n| {
            let lower: Vec<char> = n.to_lowercase().chars().collect();
            (osa(&w, &lower), n.as_str())
        })
        .filter(|(d, n)| *d <= threshold(n))
        .min()
        .map(|(_, n)| n)
}

/// Damerau-Levenshtein (unrestricted), a metric.
fn damerau(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let inf = n + m;
    let mut d = vec![vec![0usize; m + 2]; n + 2];
    d[0][0] = inf;
    for i in 0..=n {
        d[i + 1][0] = inf;
        d[i + 1][1] = i;
    }
    for j in 0..=m {
        d[0][j + 1] = inf;
        d[1][j + 1] = j;
    }
    let mut last_row: HashMap<char, usize> = HashMap::new();
    for i in 1..=n {
        let mut last_col = 0;
        for j in 1..=m {
            let i1 = *last_row.get(&b[j - 1]).unwrap_or(&0);
            let j1 = last_col;
            let cost = if a[i - 1] == b[j - 1] {
                last_col = j;
                0
            } else {
                1
            };
            d[i + 1][j + 1] = (d[i][j] + cost)
                .min(d[i + 1][j] + 1)
                .min(d[i][j + 1] + 1)
                .min(d[i1][j1] + (i - i1 - 1) + 1 + (j - j1 - 1));
        }
        last_row.insert(a[i - 1], i);
    }
    d[n + 1][m + 1]
}

struct Node {
    name: usize,
    lower: Vec<char>,
    children: Vec<(usize, usize)>,
}

struct BkTree<'a> {
    names: &'a [String],
    nodes: Vec<Node>,
}

impl<'a> BkTree<'a> {
    fn new(names: &'a [String]) -> BkTree<'a> {
        let mut tree = BkTree {
            names,
            nodes: Vec::new(),
        };
        for (i, name) in names.iter().enumerate() {
            let lower: Vec<char> = name.to_lowercase().chars().collect();
            if tree.nodes.is_empty() {
                tree.nodes.push(Node {
                    name: i,
                    lower,
                    children: Vec::new(),
                });
                continue;
            }
            let mut at = 0;
            loop {
                let d = damerau(&lower, &tree.nodes[at].lower);
                match tree.nodes[at].children.iter().find(|(k, _)| *k == d) {
                    Some(&(_, child)) => at = child,
                    None => {
                        let id = tree.nodes.len();
                        tree.nodes[at].children.push((d, id));
                        tree.nodes.push(Node {
                            name: i,
                            lower,
                            children: Vec::new(),
                        });
                        break;
                    }
                }
            }
        }
        tree
    }

    fn nearest(&self, word: &str) -> Option<&'a str> {
        let w: Vec<char> = word.to_lowercase().chars().collect();
        let widest = self.names.iter().map(|n| threshold(n)).max()?;
        let mut best: Option<(usize, &'a str)> = None;
        let mut stack = vec![0];
        while let Some(at) = stack.pop() {
            let node = &self.nodes[at];
            let radius = best.map_or(widest, |(d, _)| d);
            let d = damerau(&w, &node.lower);
            let name = self.names[node.name].as_str();
            if d <= radius.min(threshold(name)) {
                let exact = osa(&w, &node.lower);
                if exact <= threshold(name) && best.is_none_or(|b| (exact, name) < b) {
                    best = Some((exact, name));
                }
            }
            let radius = best.map_or(widest, |(d, _)| d);
            for &(k, child) in &node.children {
                if k.abs_diff(d) <= radius {
                    stack.push(child);
                }
            }
        }
        best.map(|(_, n)| n)
    }
}

fn time<T>(what: &str, questions: usize, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let each = started.elapsed().as_secs_f64() * 1e6 / questions as f64;
    println!("  {what:<10} {each:>9.1} µs a question");
    out
}

fn main() {
    for pages in [600, 10_000] {
        let names = names(pages);
        let questions = questions(&names);
        println!(
            "{pages} pages: {} names, {} questions",
            names.len(),
            questions.len()
        );
        let expected: Vec<Option<&str>> = time("full scan", questions.len(), || {
            questions.iter().map(|q| scan(q, &names)).collect()
        });
        let (index, built) = {
            let started = Instant::now();
            let index = suggest::Suggestions::new(names.iter().map(String::as_str));
            (index, started.elapsed())
        };
        println!("  summaries built in {:.1} ms", built.as_secs_f64() * 1e3);
        let summaries: Vec<Option<&str>> = time("summaries", questions.len(), || {
            questions.iter().map(|q| index.nearest(q)).collect()
        });
        let started = Instant::now();
        let tree = BkTree::new(&names);
        println!(
            "  bk-tree built in {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        );
        let bk: Vec<Option<&str>> = time("bk-tree", questions.len(), || {
            questions.iter().map(|q| tree.nearest(q)).collect()
        });
        let differ = |got: &[Option<&str>]| got.iter().zip(&expected).filter(|(a, b)| a != b).count();
        println!(
            "  answers unlike the full scan's: summaries {}, bk-tree {}",
            differ(&summaries),
            differ(&bk)
        );
    }
}
