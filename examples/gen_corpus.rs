//! Synthetic benchmark corpus: a deterministic "practice framework" of N content pages, written
//! twice, once for praxis and once for Hugo, so both generators build the same site.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N OUTDIR [--seed 42] [--force]
//! ```
//!
//! * `OUTDIR/plain/`: `book.toml` + `content/` for praxis. Flat YAML front matter; links
//!   between pages are relative `.md` paths.
//! * `OUTDIR/hugo/`: `config.toml`, `layouts/` and `content/` for Hugo: the same pages and
//!   front matter, links written `{{< relref "/ops/ops01/ops01-bp03.md" >}}`, and templates
//!   that do per page what praxis's default theme does (see `HUGO_*` below).
//! * `OUTDIR/bare/`: a `book.toml` reading `plain/content`, and a `templates/` folder that
//!   overrides every template of praxis's default theme with an empty file: the same build
//!   with no template output, the part of praxis's time that is not Tera's (`bench.sh` times
//!   it beside the full build).
//! * `OUTDIR/manifest.json`: counts and sizes, written last: its presence means the corpus
//!   is complete.
//!
//! Shape: 6 pillars (OPS, SEC, REL, PERF, COST, SUS). About 5% of the N pages are design
//! principles, `content/<pillar>/<pillar>-dpNN.md` (id `OPS-DP01`); the rest are best
//! practices, `content/<pillar>/<qid>/<qid>-bpNN.md` (id `OPS01-BP03`), 4 to 16 per question.
//! Questions are dealt to the pillars in turn. Every folder has an `_index.md`. A page body is
//! 3-6 KB of markdown: headings, bold, lists, a table on ~35% of pages, a fenced code block on
//! ~30%, and 2-5 links to other pages. Front matter: title, description, date, weight, id,
//! tags (3-6 of 200), categories (1-2 of 15), related (1-4 ids) and aliases (1-2).
//!
//! Output depends only on (N, seed): every page draws from its own random stream, so the
//! parallel writer produces the same bytes on any machine and any number of threads.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;
use std::time::Instant;

use rayon::prelude::*;

/// Bumped whenever the output changes, so scripts can tell a stale corpus from a current one.
const GENERATOR: &str = "praxis-gen-corpus/2";

// ---------------------------------------------------------------------------------------------
// Random numbers: SplitMix64 to seed, xoshiro256** to draw.

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A stream for (seed, purpose, index): independent streams for the structure, every page
    /// and every section, so pages can be generated in any order.
    fn stream(seed: u64, purpose: u64, index: u64) -> Rng {
        let mut sm = seed ^ purpose.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mix = splitmix64(&mut sm) ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut sm = mix;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in 0..n (n > 0), without modulo bias (Lemire's multiply-and-reject).
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            let low = m as u64;
            if low >= n.wrapping_neg() % n {
                return (m >> 64) as usize;
            }
        }
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability p.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }

    /// k distinct indices of 0..n, none equal to `except`, in drawing order.
    fn distinct(&mut self, k: usize, n: usize, except: Option<usize>) -> Vec<usize> {
        let available = n - usize::from(except.is_some());
        let k = k.min(available);
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.below(n);
            if Some(i) != except && !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

const STREAM_STRUCTURE: u64 = 1;
const STREAM_PAGE: u64 = 2;
const STREAM_SECTION: u64 = 3;
const STREAM_VOCABULARY: u64 = 4;

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const PILLARS: [(&str, &str); 6] = [
    ("OPS", "Running workloads"),
    ("SEC", "Protecting systems and data"),
    ("REL", "Staying available"),
    ("PERF", "Using resources efficiently"),
    ("COST", "Spending wisely"),
    ("SUS", "Reducing the footprint"),
];

const CATEGORIES: [&str; 15] = [
    "planning",
    "design",
    "delivery",
    "monitoring",
    "response",
    "access-control",
    "encryption",
    "connectivity",
    "continuity",
    "scaling",
    "spending",
    "audit",
    "people",
    "tooling",
    "footprint",
];

/// Tags are `subject-aspect`: 24 x 12 = 288 combinations, of which 200 are kept.
const TAG_SUBJECTS: [&str; 24] = [
    "api",
    "queue",
    "cache",
    "database",
    "cluster",
    "container",
    "function",
    "bucket",
    "certificate",
    "credential",
    "endpoint",
    "gateway",
    "schema",
    "job",
    "scheduler",
    "replica",
    "snapshot",
    "alert",
    "report",
    "sensor",
    "vendor",
    "contract",
    "tenant",
    "ledger",
];
const TAG_ASPECTS: [&str; 12] = [
    "sizing",
    "audit",
    "drill",
    "ownership",
    "limits",
    "retention",
    "failover",
    "checks",
    "tuning",
    "inventory",
    "budget",
    "routing",
];
const TAG_COUNT: usize = 200;

const VERBS: [&str; 24] = [
    "Adopt",
    "Assess",
    "Automate",
    "Balance",
    "Capture",
    "Codify",
    "Consolidate",
    "Decouple",
    "Detect",
    "Forecast",
    "Harden",
    "Instrument",
    "Isolate",
    "Limit",
    "Maintain",
    "Map",
    "Rehearse",
    "Retire",
    "Right-size",
    "Standardize",
    "Track",
    "Verify",
    "Publish",
    "Schedule",
];

const SUBJECTS: [&str; 40] = [
    "service boundaries",
    "on-call rotations",
    "upgrade windows",
    "dependency health",
    "error budgets",
    "escalation paths",
    "access reviews",
    "signing keys",
    "audit trails",
    "tenant isolation",
    "patch levels",
    "secret storage",
    "restore drills",
    "replica placement",
    "traffic shaping",
    "timeout settings",
    "retry policies",
    "health checks",
    "queue depth",
    "cache hit rates",
    "storage tiers",
    "instance families",
    "idle capacity",
    "reserved spend",
    "chargeback reports",
    "unit costs",
    "data lifecycles",
    "build pipelines",
    "release gates",
    "feature flags",
    "configuration drift",
    "runtime versions",
    "load profiles",
    "latency targets",
    "capacity models",
    "energy use",
    "hardware refresh",
    "region choice",
    "support contracts",
    "team charters",
];

/// Prose words, one string so it stays readable; split once.
const WORDS_TEXT: &str = "\
the a of to and in for with on by as is are be can should will each every your our their \
team teams owner owners service services platform workload workloads system component \
components request requests traffic latency throughput error errors budget budgets signal \
signals alert alerts page pages runbook rotation handover review reviews decision \
decisions record records change changes rollout rollouts canary flag flags version \
versions key keys token tokens role roles grant grants boundary boundaries replica \
replicas snapshot snapshots restore failover region regions zone zones quota quotas limit \
limits spend invoice forecast usage footprint energy hardware storage queue cache schema \
contract vendor tenant customer customers outcome outcomes baseline target targets \
threshold thresholds drill drills incident incidents postmortem lesson lessons habit \
habits routine measure track compare rehearse automate document publish retire isolate \
verify reduce raise keep share agree plan before after during when while unless because so \
that this these early often weekly quietly clearly safely cheaply visible small shared";
static WORDS: LazyLock<Vec<&str>> = LazyLock::new(|| WORDS_TEXT.split_whitespace().collect());

const RISKS: [&str; 3] = ["High", "Medium", "Low"];
const TEAMS: [&str; 5] = [
    "platform group",
    "service owners",
    "security office",
    "finance partners",
    "site reliability",
];
const CADENCES: [&str; 4] = ["daily", "weekly", "monthly", "each release"];
const LANGS: [&str; 6] = ["yaml", "toml", "sh", "python", "json", "text"];

fn tag_vocabulary(seed: u64) -> Vec<String> {
    let mut all: Vec<String> = TAG_SUBJECTS
        .iter()
        .flat_map(|s| TAG_ASPECTS.iter().map(move |a| format!("{s}-{a}")))
        .collect();
    Rng::stream(seed, STREAM_VOCABULARY, 0).shuffle(&mut all);
    all.truncate(TAG_COUNT);
    all.sort();
    all
}

// ---------------------------------------------------------------------------------------------
// Structure.

struct Section {
    /// Folder under content/, "" for the root.
    dir: String,
    title: String,
    description: String,
    weight: usize,
}

struct Page {
    id: String,
    /// Path under content/, e.g. `ops/ops01/ops01-bp03.md`.
    file: String,
    weight: usize,
    title: String,
}

fn structure(n: usize, seed: u64) -> (Vec<Section>, Vec<Page>) {
    let mut rng = Rng::stream(seed, STREAM_STRUCTURE, 0);
    let pillars = PILLARS.len();
    let principles = ((n as f64 * 0.05).round() as usize).max(pillars).min(n);
    let practices = n - principles;

    // Question sizes: 4..=16 each; the last ones are adjusted so none falls below 4.
    let mut sizes = Vec::new();
    let mut left = practices;
    while left > 0 {
        let size = if left <= 16 {
            left
        } else {
            let s = rng.range(4, 16);
            if left - s < 4 { left - 4 } else { s }
        };
        sizes.push(size);
        left -= size;
    }

    let mut sections = vec![Section {
        dir: String::new(),
        title: "Practice framework benchmark".into(),
        description:
            "A generated framework of principles and practices, for timing site generators.".into(),
        weight: 0,
    }];
    let mut pages = Vec::with_capacity(n);
    for (pi, (code, name)) in PILLARS.iter().enumerate() {
        let dir = code.to_lowercase();
        sections.push(Section {
            dir: dir.clone(),
            title: format!("{name} ({code})"),
            description: format!(
                "Principles and practices of the {code} pillar: {}.",
                name.to_lowercase()
            ),
            weight: pi + 1,
        });
        let count = principles / pillars + usize::from(pi < principles % pillars);
        for k in 1..=count {
            let id = format!("{code}-DP{k:02}");
            let title = format!("{id} {} {}", rng.pick(&VERBS), rng.pick(&SUBJECTS));
            pages.push(Page {
                file: format!("{dir}/{}.md", id.to_lowercase()),
                id,
                weight: k,
                title,
            });
        }
    }
    let mut per_pillar = [0usize; PILLARS.len()];
    for (qi, &size) in sizes.iter().enumerate() {
        let pi = qi % pillars;
        let (code, _) = PILLARS[pi];
        per_pillar[pi] += 1;
        let q = per_pillar[pi];
        let qid = format!("{code}{q:02}");
        let dir = format!("{}/{}", code.to_lowercase(), qid.to_lowercase());
        sections.push(Section {
            dir: dir.clone(),
            title: format!(
                "{qid}. How do you {} {}?",
                rng.pick(&VERBS).to_lowercase(),
                rng.pick(&SUBJECTS)
            ),
            description: format!("Question {q} of the {code} pillar and its practices."),
            weight: q,
        });
        for b in 1..=size {
            let id = format!("{qid}-BP{b:02}");
            let title = format!("{id} {} {}", rng.pick(&VERBS), rng.pick(&SUBJECTS));
            pages.push(Page {
                file: format!("{dir}/{}.md", id.to_lowercase()),
                id,
                weight: b,
                title,
            });
        }
    }
    (sections, pages)
}

// ---------------------------------------------------------------------------------------------
// Text.

fn sentence(rng: &mut Rng, out: &mut String, lo: usize, hi: usize) {
    let n = rng.range(lo, hi);
    let bold = if rng.chance(0.25) {
        Some(rng.below(n))
    } else {
        None
    };
    for i in 0..n {
        let w = rng.pick(&WORDS);
        if i > 0 {
            out.push(' ');
        }
        let bolded = bold == Some(i);
        if bolded {
            out.push_str("**");
        }
        if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(w);
        }
        if bolded {
            out.push_str("**");
        }
    }
    out.push('.');
}

fn paragraph(rng: &mut Rng, out: &mut String, lo: usize, hi: usize) {
    for i in 0..rng.range(lo, hi) {
        if i > 0 {
            out.push(' ');
        }
        sentence(rng, out, 8, 20);
    }
}

fn one_sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let mut s = String::new();
    sentence(rng, &mut s, lo, hi);
    s
}

/// A link target in the body: replaced per layout when the page is written.
const LINK_OPEN: &str = "](\u{1}";
const LINK_CLOSE: char = '\u{2}';

struct Filled {
    description: String,
    date: String,
    tags: Vec<usize>,
    categories: Vec<usize>,
    related: Vec<usize>,
    aliases: Vec<String>,
    /// Markdown with link targets written `](\u{1}<page index>\u{2})`.
    body: String,
}

fn fill(index: usize, page: &Page, pages: &[Page], seed: u64) -> Filled {
    let mut rng = Rng::stream(seed, STREAM_PAGE, index as u64);
    let n = pages.len();
    let description = one_sentence(&mut rng, 10, 18);
    let date = format!(
        "{}-{:02}-{:02}",
        rng.range(2019, 2025),
        rng.range(1, 12),
        rng.range(1, 28)
    );
    let k = rng.range(3, 6);
    let mut tags = rng.distinct(k, TAG_COUNT, None);
    tags.sort_unstable();
    let k = rng.range(1, 2);
    let mut categories = rng.distinct(k, CATEGORIES.len(), None);
    categories.sort_unstable();
    let k = rng.range(1, 4);
    let related = rng.distinct(k, n, Some(index));
    let lower = page.id.to_lowercase();
    let mut aliases = vec![format!("/framework/{}.html", lower.replace('-', "_"))];
    if rng.chance(0.3) {
        aliases.push(format!("/wa/{lower}/"));
    }

    let k = rng.range(2, 5);
    let targets = rng.distinct(k, n, Some(index));
    let mut next_target = 0;
    let link = |out: &mut String, next: &mut usize| {
        if let Some(&t) = targets.get(*next) {
            *next += 1;
            let _ = write!(
                out,
                " Read [{}{LINK_OPEN}{t}{LINK_CLOSE}) next.",
                pages[t].id
            );
        }
    };

    let target_size = rng.range(3000, 6000);
    let mut b = String::with_capacity(target_size + 1024);
    paragraph(&mut rng, &mut b, 3, 6);
    link(&mut b, &mut next_target);
    b.push_str("\n\n**Intended result:** ");
    paragraph(&mut rng, &mut b, 2, 3);
    b.push_str("\n\n**Pitfalls to avoid:**\n\n");
    for _ in 0..rng.range(3, 6) {
        b.push_str("- ");
        sentence(&mut rng, &mut b, 6, 14);
        b.push('\n');
    }
    b.push_str("\n**Why it matters:** ");
    paragraph(&mut rng, &mut b, 1, 3);
    link(&mut b, &mut next_target);
    let _ = write!(
        b,
        "\n\n**Risk if skipped:** {}\n\n## Guidance\n\n",
        rng.pick(&RISKS)
    );
    paragraph(&mut rng, &mut b, 3, 6);
    link(&mut b, &mut next_target);
    b.push_str("\n\n");
    if rng.chance(0.35) {
        b.push_str("| Signal | Target | Team | Cadence |\n|---|---:|---|---|\n");
        for _ in 0..rng.range(3, 7) {
            let _ = writeln!(
                b,
                "| {} | {}% | {} | {} |",
                rng.pick(&SUBJECTS),
                rng.range(1, 99),
                rng.pick(&TEAMS),
                rng.pick(&CADENCES)
            );
        }
        b.push('\n');
    }
    b.push_str("### Steps\n\n");
    for s in 1..=rng.range(3, 6) {
        let _ = write!(b, "{s}. **{} {}.** ", rng.pick(&VERBS), rng.pick(&SUBJECTS));
        sentence(&mut rng, &mut b, 8, 20);
        b.push(' ');
        sentence(&mut rng, &mut b, 8, 20);
        b.push('\n');
    }
    b.push('\n');
    if rng.chance(0.3) {
        let _ = writeln!(b, "```{}", rng.pick(&LANGS));
        for _ in 0..rng.range(4, 12) {
            let _ = writeln!(
                b,
                "{}_{} = {}  # {}",
                rng.pick(&WORDS),
                rng.pick(&WORDS),
                rng.range(0, 9999),
                rng.pick(&WORDS)
            );
        }
        b.push_str("```\n\n");
    }
    // Prose until the body is about its target size; the closing list adds the rest.
    while b.len() + 500 < target_size {
        if rng.chance(0.3) {
            let _ = write!(b, "### {} {}\n\n", rng.pick(&VERBS), rng.pick(&SUBJECTS));
        }
        paragraph(&mut rng, &mut b, 3, 6);
        if rng.chance(0.3) {
            link(&mut b, &mut next_target);
        }
        b.push_str("\n\n");
    }
    b.push_str("## See also\n\n");
    while let Some(&t) = targets.get(next_target) {
        next_target += 1;
        let _ = writeln!(b, "- [{}{LINK_OPEN}{t}{LINK_CLOSE})", pages[t].id);
    }
    b.push_str("- ");
    sentence(&mut rng, &mut b, 4, 8);
    b.push('\n');

    Filled {
        description,
        date,
        tags,
        categories,
        related,
        aliases,
        body: b,
    }
}

/// The body with every link target written by `target(page index)`.
fn resolve(body: &str, mut target: impl FnMut(usize, &mut String)) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    let mut rest = body;
    while let Some(at) = rest.find(LINK_OPEN) {
        out.push_str(&rest[..at + 2]);
        let after = &rest[at + LINK_OPEN.len()..];
        let end = after.find(LINK_CLOSE).expect("link marker closed");
        target(after[..end].parse().expect("page index"), &mut out);
        rest = &after[end + LINK_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// `to` relative to the folder holding `from` (both paths under content/, `/`-separated).
fn relative(from: &str, to: &str, out: &mut String) {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    for _ in common..from_dir.len() {
        out.push_str("../");
    }
    out.push_str(&to_parts[common..].join("/"));
}

// ---------------------------------------------------------------------------------------------
// Writing.

fn quoted(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(s).expect("string")
}

fn quoted_list<'a>(xs: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = xs.into_iter().map(quoted).collect();
    format!("[{}]", items.join(", "))
}

fn page_front_matter(page: &Page, f: &Filled, pages: &[Page], tags: &[String]) -> String {
    format!(
        "---\ntitle: {}\ndescription: {}\ndate: {}\nweight: {}\nid: {}\ntags: {}\ncategories: {}\nrelated: {}\naliases: {}\n---\n\n",
        quoted(&page.title),
        quoted(&f.description),
        f.date,
        page.weight,
        quoted(&page.id),
        quoted_list(f.tags.iter().map(|&t| tags[t].as_str())),
        quoted_list(f.categories.iter().map(|&c| CATEGORIES[c])),
        quoted_list(f.related.iter().map(|&r| pages[r].id.as_str())),
        quoted_list(f.aliases.iter().map(String::as_str)),
    )
}

fn section_text(s: &Section, index: usize, seed: u64) -> String {
    let mut rng = Rng::stream(seed, STREAM_SECTION, index as u64);
    let mut body = format!(
        "---\ntitle: {}\ndescription: {}\nweight: {}\n---\n\n",
        quoted(&s.title),
        quoted(&s.description),
        s.weight
    );
    paragraph(&mut rng, &mut body, 2, 4);
    body.push('\n');
    body
}

fn write_file(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

struct Totals {
    markdown_bytes: usize,
    body_bytes: usize,
    links: usize,
    aliases: usize,
    tables: usize,
    code_blocks: usize,
}

fn generate(n: usize, out: &Path, seed: u64) -> io::Result<serde_json::Value> {
    let tags = tag_vocabulary(seed);
    let (sections, pages) = structure(n, seed);
    let plain = out.join("plain");
    let hugo = out.join("hugo");

    fs::create_dir_all(&plain)?;
    write_file(&plain.join("book.toml"), PRAXIS_BOOK)?;
    write_bare_site(&out.join("bare"))?;
    for (path, text) in HUGO_FILES {
        let p = hugo.join(path);
        fs::create_dir_all(p.parent().expect("parent"))?;
        write_file(&p, text)?;
    }
    for root in [plain.join("content"), hugo.join("content")] {
        for s in &sections {
            fs::create_dir_all(root.join(&s.dir))?;
        }
    }

    let mut markdown_bytes = 0;
    for (i, s) in sections.iter().enumerate() {
        let text = section_text(s, i, seed);
        markdown_bytes += text.len();
        let rel = Path::new(&s.dir).join("_index.md");
        write_file(&plain.join("content").join(&rel), &text)?;
        write_file(&hugo.join("content").join(&rel), &text)?;
    }

    let totals = pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| -> io::Result<Totals> {
            let f = fill(i, page, &pages, seed);
            let fm = page_front_matter(page, &f, &pages, &tags);
            let mut links = 0;
            let plain_body = resolve(&f.body, |t, o| {
                links += 1;
                relative(&page.file, &pages[t].file, o)
            });
            let hugo_body = resolve(&f.body, |t, o| {
                let _ = write!(o, "{{{{< relref \"/{}\" >}}}}", pages[t].file);
            });
            let plain_text = fm.clone() + &plain_body;
            write_file(&plain.join("content").join(&page.file), &plain_text)?;
            write_file(&hugo.join("content").join(&page.file), &(fm + &hugo_body))?;
            Ok(Totals {
                markdown_bytes: plain_text.len(),
                body_bytes: plain_body.len(),
                links,
                aliases: f.aliases.len(),
                tables: usize::from(f.body.contains("\n|---|")),
                code_blocks: usize::from(f.body.contains("\n```")),
            })
        })
        .try_reduce(
            || Totals {
                markdown_bytes: 0,
                body_bytes: 0,
                links: 0,
                aliases: 0,
                tables: 0,
                code_blocks: 0,
            },
            |a, b| {
                Ok(Totals {
                    markdown_bytes: a.markdown_bytes + b.markdown_bytes,
                    body_bytes: a.body_bytes + b.body_bytes,
                    links: a.links + b.links,
                    aliases: a.aliases + b.aliases,
                    tables: a.tables + b.tables,
                    code_blocks: a.code_blocks + b.code_blocks,
                })
            },
        )?;
    markdown_bytes += totals.markdown_bytes;

    let principles = pages.iter().filter(|p| p.id.contains("-DP")).count();
    Ok(serde_json::json!({
        "generator": GENERATOR,
        "seed": seed,
        "n_pages": pages.len(),
        "n_principles": principles,
        "n_practices": pages.len() - principles,
        "n_sections": sections.len(),
        "n_questions": sections.len() - 1 - PILLARS.len(),
        "n_markdown_files": pages.len() + sections.len(),
        "markdown_bytes": markdown_bytes,
        "body_bytes": totals.body_bytes,
        "n_links": totals.links,
        "n_aliases": totals.aliases,
        "n_tables": totals.tables,
        "n_code_blocks": totals.code_blocks,
        "n_tags": TAG_COUNT,
        "n_categories": CATEGORIES.len(),
    }))
}

const USAGE: &str = "usage: gen_corpus N OUTDIR [--seed 42] [--force] | --version";

fn main() -> ExitCode {
    let mut positional = Vec::new();
    let mut seed = 42u64;
    let mut force = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => {
                    eprintln!("--seed needs a number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--force" => force = true,
            "--version" => {
                println!("{GENERATOR}");
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if a.starts_with('-') => {
                eprintln!("unknown option {a}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => positional.push(a),
        }
    }
    let [n, out] = positional.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a number\n{USAGE}");
        return ExitCode::from(2);
    };
    if n < PILLARS.len() {
        eprintln!("N must be at least {}", PILLARS.len());
        return ExitCode::from(2);
    }
    let out = PathBuf::from(out);
    let manifest = out.join("manifest.json");
    for sub in ["plain", "hugo", "bare", "manifest.json"] {
        let p = out.join(sub);
        if p.exists() {
            if !force {
                eprintln!("{} exists (pass --force to replace it)", p.display());
                return ExitCode::from(2);
            }
            let removed = if p.is_dir() {
                fs::remove_dir_all(&p)
            } else {
                fs::remove_file(&p)
            };
            if let Err(e) = removed {
                eprintln!("cannot remove {}: {e}", p.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let started = Instant::now();
    let result = generate(n, &out, seed).and_then(|m| {
        let text = serde_json::to_string_pretty(&m).expect("json") + "\n";
        write_file(&manifest, &text)?;
        Ok(m)
    });
    match result {
        Ok(m) => {
            eprintln!(
                "gen_corpus: {} pages, {} sections, {:.1} MB of markdown -> {} in {:.2} s",
                m["n_pages"],
                m["n_sections"],
                m["markdown_bytes"].as_u64().unwrap_or(0) as f64 / 1e6,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `bare/`: the praxis site of `plain/content` with every template of the default theme
/// (read from this repository's `themes/default/templates/`) overridden by an empty file.
fn write_bare_site(bare: &Path) -> io::Result<()> {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let book = PRAXIS_BOOK.replacen(
        "[book]",
        "[build]\ncontent-dir = \"../plain/content\"\n\n[book]",
        1,
    );
    fs::create_dir_all(bare)?;
    write_file(&bare.join("book.toml"), &book)?;
    let mut names = Vec::new();
    for entry in walkdir::WalkDir::new(&theme) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&theme).expect("below the theme");
            names.push(rel.to_path_buf());
        }
    }
    if names.is_empty() {
        return Err(io::Error::other(format!(
            "no templates in {}",
            theme.display()
        )));
    }
    for rel in names {
        let path = bare.join("templates").join(rel);
        fs::create_dir_all(path.parent().expect("parent"))?;
        write_file(&path, "")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Site configuration.

const PRAXIS_BOOK: &str = r#"# Written by examples/gen_corpus.rs: the benchmark corpus as a praxis site.
[book]
title = "Practice framework benchmark"
description = "A generated framework of principles and practices, for timing site generators."
base-url = "https://bench.example.org/"

[links]
id-keys = ["id"]

[[relations]]
name = "related"
title = "Related practices"
inverse = "Referenced by"

[[taxonomies]]
name = "tags"
title = "Tags"

[[taxonomies]]
name = "categories"
title = "Categories"
"#;

/// The Hugo site. The templates do per page what praxis's default theme does: head with
/// description, canonical and prev/next links; the sidebar (pillars, the current pillar's
/// principles and questions, windowed like praxis's past 40 entries, and the current
/// question's practices); breadcrumbs; title, date, reading time; table of contents; body
/// with heading anchors; tag and category links; related pages resolved from ids, the inverse
/// relation ("Referenced by") and the pages whose body links here ("Linked from"), all from an
/// index built once (`ids.html`); previous/next (Hugo's `NextInSection`/`PrevInSection` run
/// against the weight order, hence the swap). Section pages list their pages and subsections
/// as cards; taxonomy pages list terms with counts; term pages list their pages. Sitemap,
/// robots.txt and alias redirects are on; feeds off. Differences that remain: descriptions
/// are printed as text (praxis renders them as markdown), previous/next stay within a
/// section, and praxis also writes graph.json.
const HUGO_FILES: &[(&str, &str)] = &[
    ("config.toml", HUGO_CONFIG),
    ("layouts/_default/baseof.html", HUGO_BASEOF),
    ("layouts/_default/single.html", HUGO_SINGLE),
    ("layouts/_default/list.html", HUGO_LIST),
    ("layouts/index.html", HUGO_HOME),
    ("layouts/_default/taxonomy.html", HUGO_TAXONOMY),
    ("layouts/_default/term.html", HUGO_TERM),
    ("layouts/404.html", HUGO_404),
    ("layouts/_default/_markup/render-heading.html", HUGO_HEADING),
    ("layouts/partials/sidebar.html", HUGO_SIDEBAR),
    ("layouts/partials/crumbs.html", HUGO_CRUMBS),
    ("layouts/partials/card.html", HUGO_CARD),
    ("layouts/partials/pager.html", HUGO_PAGER),
    ("layouts/partials/ids.html", HUGO_IDS),
];

const HUGO_CONFIG: &str = r#"# Written by examples/gen_corpus.rs: the benchmark corpus as a Hugo site.
baseURL = "https://bench.example.org/"
languageCode = "en"
title = "Practice framework benchmark"
enableRobotsTXT = true
disableKinds = ["RSS"]

[taxonomies]
  tag = "tags"
  category = "categories"

[markup]
  [markup.highlight]
    codeFences = false
  [markup.tableOfContents]
    startLevel = 2
    endLevel = 6
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{- with .Description }}
<meta name="description" content="{{ . }}">
{{- end }}
<link rel="canonical" href="{{ .Permalink }}">
{{- if .IsPage }}{{ with .NextInSection }}
<link rel="prev" href="{{ .RelPermalink }}">{{ end }}{{ with .PrevInSection }}
<link rel="next" href="{{ .RelPermalink }}">{{ end }}{{ end }}
</head>
<body class="kind-{{ .Kind }}">
<header class="site-header"><a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<div class="layout">
<nav class="sidebar" aria-label="Site">
{{ partial "sidebar.html" . }}
</nav>
<main id="main" class="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ site.Title }} · Built with Hugo</p></footer>
</div>
</body>
</html>
"#;

/// Pillars; the current pillar opened on its principles then its questions (a window of them
/// when there are more than 40: the first 3, 10 either side of the current one, the last 3);
/// the current question opened on its practices.
const HUGO_SIDEBAR: &str = r#"{{- $cur := . -}}
{{- $pillar := "" -}}{{- $question := "" -}}
{{- if and (not .IsHome) (ne .Kind "taxonomy") (ne .Kind "term") (ne .Kind "404") -}}
  {{- $pillar = index (.Ancestors.Reverse | append .) 1 -}}
  {{- if .IsSection }}{{ if ne .Parent .Site.Home }}{{ $question = . }}{{ end }}
  {{- else if ne .Parent $pillar }}{{ $question = .Parent }}{{ end -}}
{{- end -}}
<ul class="nav-list">
{{- range site.Home.Sections }}
<li class="nav-item{{ if eq . $pillar }} is-open{{ end }}"><a href="{{ .RelPermalink }}"{{ if eq . $cur }} aria-current="page"{{ end }}>{{ .Title }}</a>
{{- if eq . $pillar }}
{{- $kids := .RegularPages | append .Sections -}}
{{- $focus := 0 -}}
{{- with $question }}{{ $focus = add (len $pillar.RegularPages) (sub .Weight 1) }}{{ else }}{{ if $cur.IsPage }}{{ $focus = sub $cur.Weight 1 }}{{ end }}{{ end -}}
{{- $n := len $kids -}}
<ul class="nav-list">
{{- if le $n 40 }}
{{- range $kids }}{{ template "nav-item" (dict "p" . "cur" $cur "q" $question) }}{{ end }}
{{- else }}
{{- $lo := sub $focus 10 }}{{ if lt $lo 3 }}{{ $lo = 3 }}{{ end -}}
{{- $hi := add $focus 11 }}{{ if gt $hi (sub $n 3) }}{{ $hi = sub $n 3 }}{{ end -}}
{{- range first 3 $kids }}{{ template "nav-item" (dict "p" . "cur" $cur "q" $question) }}{{ end }}
{{- if gt $lo 3 }}<li class="nav-item nav-more"><a href="{{ .RelPermalink }}">{{ sub $lo 3 }} more</a></li>{{ end }}
{{- range first (sub $hi $lo) (after $lo $kids) }}{{ template "nav-item" (dict "p" . "cur" $cur "q" $question) }}{{ end }}
{{- if lt $hi (sub $n 3) }}<li class="nav-item nav-more"><a href="{{ .RelPermalink }}">{{ sub (sub $n 3) $hi }} more</a></li>{{ end }}
{{- range last 3 $kids }}{{ template "nav-item" (dict "p" . "cur" $cur "q" $question) }}{{ end }}
{{- end }}
</ul>
{{- end }}
</li>
{{- end }}
</ul>
{{- define "nav-item" -}}
<li class="nav-item nav-{{ .p.Kind }}{{ if eq .p .q }} is-open{{ end }}"><a href="{{ .p.RelPermalink }}"{{ if eq .p .cur }} aria-current="page"{{ end }}>{{ .p.Title }}</a>
{{- if eq .p .q }}
<ul class="nav-list">
{{- range .p.RegularPages }}
<li class="nav-item nav-page"><a href="{{ .RelPermalink }}"{{ if eq . $.cur }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{- end }}
</ul>
{{- end -}}
</li>
{{- end -}}
"#;

const HUGO_CRUMBS: &str = r#"{{- if not .IsHome -}}
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
{{- range .Ancestors.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
<li><span aria-current="page">{{ .Title }}</span></li>
</ol></nav>
{{- end -}}
"#;

const HUGO_CARD: &str = r#"<li class="card card-{{ .Kind }}"><a class="card-title" href="{{ .RelPermalink }}">{{ .Title }}</a>
{{- with .Description }}
<div class="card-text">{{ . }}</div>
{{- end }}</li>
"#;

const HUGO_PAGER: &str = r#"{{- if .IsPage -}}
{{- if or .PrevInSection .NextInSection }}
<nav class="pager" aria-label="Previous and next">
{{- with .NextInSection }}
<a class="pager-prev" href="{{ .RelPermalink }}" rel="prev">Previous: {{ .Title }}</a>
{{- end }}
{{- with .PrevInSection }}
<a class="pager-next" href="{{ .RelPermalink }}" rel="next">Next: {{ .Title }}</a>
{{- end }}
</nav>
{{- end }}
{{- end -}}
"#;

/// Built once per build (partialCached): id -> page, id -> pages whose `related` names it, and
/// content path -> pages whose body links to it.
const HUGO_IDS: &str = r#"{{- $s := newScratch -}}
{{- range $p := site.RegularPages -}}
  {{- with $p.Params.id }}{{ $s.Set (printf "id:%s" .) $p }}{{ end -}}
  {{- range $p.Params.related }}{{ $s.Add (printf "in:%s" .) (slice $p) }}{{ end -}}
  {{- range findRESubmatch `relref "/([^"]+)"` $p.RawContent }}{{ $s.Add (printf "link:%s" (index . 1)) (slice $p) }}{{ end -}}
{{- end -}}
{{- return $s -}}
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
{{- partial "crumbs.html" . }}
<article class="doc">
<header class="doc-header">
<h1>{{ .Title }}</h1>
{{- with .Description }}
<div class="lede">{{ . }}</div>
{{- end }}
<p class="doc-meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> <span>{{ .ReadingTime }} min read</span></p>
</header>
<details class="toc-inline"><summary>On this page</summary>{{ .TableOfContents }}</details>
<div class="prose">
{{ .Content }}
</div>
<dl class="terms">
{{- with .GetTerms "tags" }}
<dt><a href="{{ (site.GetPage "/tags").RelPermalink }}">Tags</a></dt>
<dd><ul>{{ range . }}<li><a class="term" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
{{- end }}
{{- with .GetTerms "categories" }}
<dt><a href="{{ (site.GetPage "/categories").RelPermalink }}">Categories</a></dt>
<dd><ul>{{ range . }}<li><a class="term" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd>
{{- end }}
</dl>
{{- $ids := partialCached "ids.html" site.Home "ids" }}
<div class="connections">
{{- with .Params.related }}
<section class="link-group"><h2>Related practices</h2><ul>
{{- range . }}{{ with $ids.Get (printf "id:%s" .) }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}{{ end }}
</ul></section>
{{- end }}
{{- with $ids.Get (printf "in:%s" .Params.id) }}
<section class="link-group"><h2>Referenced by</h2><ul>
{{- range . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul></section>
{{- end }}
{{- with $ids.Get (printf "link:%s" .File.Path) }}
<section class="link-group"><h2>Linked from</h2><ul>
{{- range . }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{- end }}
</ul></section>
{{- end }}
</div>
</article>
{{- partial "pager.html" . }}
<aside class="toc"><p class="toc-title">On this page</p>{{ .TableOfContents }}</aside>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
{{- partial "crumbs.html" . }}
<article class="doc">
<header class="doc-header">
<h1>{{ .Title }}</h1>
{{- with .Description }}
<div class="lede">{{ . }}</div>
{{- end }}
</header>
<div class="prose">
{{ .Content }}
</div>
{{- with .RegularPages }}
<h2 class="list-title">In this section</h2>
<ul class="cards">
{{- range . }}
{{ partial "card.html" . }}
{{- end }}
</ul>
{{- end }}
{{- with .Sections }}
<h2 class="list-title">Topics</h2>
<ul class="cards">
{{- range . }}
{{ partial "card.html" . }}
{{- end }}
</ul>
{{- end }}
</article>
{{ end }}
"#;

const HUGO_HOME: &str = r#"{{ define "main" }}
<article class="doc home">
<header class="doc-header">
<h1>{{ .Title }}</h1>
{{- with .Description }}
<p class="lede">{{ . }}</p>
{{- end }}
</header>
<div class="prose">
{{ .Content }}
</div>
<ul class="cards cards-wide">
{{- range .Sections }}
{{ partial "card.html" . }}
{{- end }}
</ul>
</article>
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
{{- partial "crumbs.html" . }}
<article class="doc">
<header class="doc-header">
<h1>{{ .Title }}</h1>
<p class="doc-meta">{{ len .Data.Terms }} terms</p>
</header>
<ul class="term-index">
{{- range .Data.Terms.Alphabetical }}
<li><a class="term" href="{{ .Page.RelPermalink }}">{{ .Page.Title }} <span class="term-count">{{ .Count }}</span></a></li>
{{- end }}
</ul>
</article>
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}
{{- partial "crumbs.html" . }}
<article class="doc">
<header class="doc-header">
<p class="eyebrow">{{ .Parent.Title }}</p>
<h1>{{ .Title }}</h1>
<p class="doc-meta">{{ len .Pages }} pages</p>
</header>
<ul class="cards">
{{- range .Pages }}
<li class="card card-{{ .Kind }}"><a class="card-title" href="{{ .RelPermalink }}">{{ .Title }}</a>
<div class="card-meta">{{ .Parent.Title }}</div>
{{- with .Description }}
<div class="card-text">{{ . }}</div>
{{- end }}</li>
{{- end }}
</ul>
</article>
{{ end }}
"#;

const HUGO_404: &str = r#"{{ define "main" }}
<article class="doc">
<h1>Page not found</h1>
<p><a href="{{ site.Home.RelPermalink }}">Back to the start</a></p>
</article>
{{ end }}
"#;

const HUGO_HEADING: &str = r##"<h{{ .Level }} id="{{ .Anchor | safeURL }}">{{ .Text | safeHTML }}<a class="anchor" href="#{{ .Anchor | safeURL }}" aria-hidden="true" tabindex="-1">#</a></h{{ .Level }}>
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let rel = |a, b| {
            let mut s = String::new();
            relative(a, b, &mut s);
            s
        };
        assert_eq!(rel("ops/ops01/a.md", "ops/ops01/b.md"), "b.md");
        assert_eq!(
            rel("ops/ops01/a.md", "sec/sec02/b.md"),
            "../../sec/sec02/b.md"
        );
        assert_eq!(rel("ops/ops-dp01.md", "ops/ops01/b.md"), "ops01/b.md");
        assert_eq!(rel("ops/ops01/a.md", "ops/ops-dp02.md"), "../ops-dp02.md");
    }

    #[test]
    fn shape() {
        let (sections, pages) = structure(1000, 42);
        assert_eq!(pages.len(), 1000);
        assert_eq!(pages.iter().filter(|p| p.id.contains("-DP")).count(), 50);
        for s in sections.iter().filter(|s| s.dir.contains('/')) {
            let n = pages
                .iter()
                .filter(|p| p.file.rsplit_once('/').is_some_and(|(d, _)| d == s.dir))
                .count();
            assert!((4..=16).contains(&n), "{} holds {n} pages", s.dir);
        }
        let tags = tag_vocabulary(42);
        let a = fill(7, &pages[7], &pages, 42);
        let b = fill(7, &pages[7], &pages, 42);
        assert_eq!(a.body, b.body, "a page depends on (N, seed, index) only");
        let fm = page_front_matter(&pages[7], &a, &pages, &tags);
        assert!(fm.starts_with("---\ntitle: \"") && fm.ends_with("---\n\n"));
        assert!((2500..7000).contains(&a.body.len()));
    }
}
