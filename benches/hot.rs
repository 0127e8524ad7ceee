//! Micro-benchmarks for the three functions every page goes through: front-matter parsing,
//! markdown rendering and one template render. Run with `cargo bench --bench hot`.
//!
//! Whole-site timings against the floor program and Hugo live in `scripts/bench.sh`; these
//! numbers say where inside a page the time goes, and catch a regression in one function
//! before it shows in a full build.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use praxis::config::{Config, Overrides};
use praxis::content::Kind;
use praxis::content::front_matter::{self, FrontMatter};
use praxis::{BuildOptions, Site, markdown};

/// A best-practice page of the shape the benchmark corpus uses: YAML front matter with
/// lists of tags, categories, related ids and aliases, then a body with headings, lists,
/// emphasis, relative links, a table and a code block.
const PAGE: &str = r#"---
title: "REL07-BP03 Rehearse recovery before you need it"
description: "Restore drills turn a **backup** into a recovery you have seen work."
date: 2024-03-18
weight: 3
id: "REL07-BP03"
risk: high
tags: ["backup-drills", "recovery-time", "runbooks", "game-days"]
categories: ["reliability", "operations"]
related: ["REL07-BP01", "OPS02-BP04", "SEC11-BP02"]
aliases: ["/framework/rel07_bp03.html", "/wa/rel07-bp03/"]
---

A backup nobody has restored is a hope, not a plan. Teams that rehearse recovery learn how
long it really takes, which steps are missing from the runbook and who holds the keys. See
[REL07-BP01](../rel07/rel07-bp01.md) for how to choose what to back up.

**Desired outcome:** every critical store has a restore drill on the calendar, the last drill
met its **recovery time objective**, and its findings are tracked to closure.

**Common anti-patterns:**

- Backups are verified by checking that the job succeeded, never by restoring them.
- The only person who knows the restore procedure is on holiday during the incident.
- Drills run against an empty test database, so their timings mean nothing.

**Level of risk exposed if this best practice is not established:** High

## Implementation guidance

Start with the store whose loss would hurt most and restore it into an isolated account.
Time each step, and write down every manual decision: each one is a candidate for
automation. Pair this with [OPS02-BP04](../../ops/ops02/ops02-bp04.md) so the people on call
have practised the steps too.

### Implementation steps

1. **Pick the store.** Rank stores by the cost of an hour without them.
2. **Restore it.** Into a fresh account, from the newest backup, with the written runbook only.
3. **Measure.** Compare the time taken with the recovery time objective.
4. **Fix the gaps.** File every missing step as work, with an owner and a date.

| Store | Objective | Last drill | Result |
|---|---|---|---|
| orders | 1 h | 2024-02-10 | met |
| ledger | 4 h | 2024-01-22 | missed by 40 min |

```yaml
drill:
  store: orders
  target: isolated-account
  objective_minutes: 60
```

## Resources

**Related best practices:**

- [SEC11-BP02](../../sec/sec11/sec11-bp02.md) keeps the restore keys where the drill can reach them.
- [REL07-BP01](../rel07/rel07-bp01.md) decides what is worth restoring at all.
"#;

fn repository_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn front_matter_parse(c: &mut Criterion) {
    let config = Config::load(repository_root(), &Overrides::default()).expect("book.toml loads");
    let split = front_matter::split(PAGE).expect("front matter splits");
    let front = split.front.expect("page has front matter");
    let mut group = c.benchmark_group("front_matter");
    group.throughput(Throughput::Bytes(front.text.len() as u64));
    group.bench_function("parse_yaml_page", |b| {
        b.iter(|| FrontMatter::from_text(black_box(&front), &config).expect("valid"))
    });
    group.finish();
}

fn markdown_render(c: &mut Criterion) {
    let split = front_matter::split(PAGE).expect("front matter splits");
    let options = markdown::Options {
        first_line: split.body_line,
        ..markdown::Options::default()
    };
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(split.body.len() as u64));
    group.bench_function("render_page_body", |b| {
        b.iter(|| markdown::render(black_box(split.body), &options))
    });
    group.finish();
}

fn template_render(c: &mut Criterion) {
    // The repository's own handbook with the default theme: a real page, with sidebar,
    // breadcrumbs, relations, backlinks, terms and prev/next to fill in.
    let site = Site::load(repository_root(), &BuildOptions::default()).expect("handbook loads");
    let (id, _) = site
        .graph
        .enumerate()
        .find(|(_, n)| n.kind == Kind::Page && n.id() == Some("AUTH02-BP01"))
        .expect("handbook has AUTH02-BP01");
    let pages = site.pages();
    let mut out = Vec::with_capacity(64 * 1024);
    c.bench_function("template/render_page", |b| {
        b.iter(|| {
            out.clear();
            pages.render(black_box(id), &mut out).expect("renders");
            out.len()
        })
    });
}

criterion_group!(
    benches,
    front_matter_parse,
    markdown_render,
    template_render
);
criterion_main!(benches);
