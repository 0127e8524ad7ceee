//! The broken-links benchmark's two sites, made from a `gen_corpus` site: the same pages with
//! the same extra links, once broken and once fixed.
//!
//! ```text
//! cargo run --release --example broken_links -- CORPUS/plain OUTDIR [--links 3600]
//! ```
//!
//! Writes `OUTDIR/broken/` and `OUTDIR/fixed/`: copies of the site whose `book.toml` says
//! `broken = "warn"` (so the broken one builds), and whose pages each end with a "Further
//! reading" list. The links are dealt round-robin to the pages, `--links` in all, and cycle
//! through six forms; in `broken/` each is broken the way links break in real sites, in
//! `fixed/` it is written right:
//!
//! | form | broken | fixed |
//! |---|---|---|
//! | id, typo | `[[OPS01-BP3]]` | `[[OPS01-BP03]]` |
//! | relative path, typo | `../ops01/ops01-bp3.md` | `../ops01/ops01-bp03.md` |
//! | content path, typo | `@/ops/ops01/ops01-bp3.md` | `@/ops/ops01/ops01-bp03.md` |
//! | URL path, typo | `/ops/ops01/ops01-bp3/` | `/ops/ops01/ops01-bp03/` |
//! | relative path, page renamed | `../ops01/renamed-guidance-7.md` | `../ops01/ops01-bp03.md` |
//! | id of a page removed | `[[RETIRED-77]]` | `[[OPS01-BP03]]` |
//!
//! Targets are drawn deterministically from the other pages, so both sites are the same on
//! every run.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: broken_links CORPUS/plain OUTDIR [--links 3600]";

/// A page of the corpus: its path under `content/` and its id.
struct Page {
    rel: String,
    id: String,
    text: String,
}

fn main() -> ExitCode {
    let mut positional = Vec::new();
    let mut links = 3600usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--links" => match args.next().and_then(|s| s.parse().ok()) {
                Some(n) => links = n,
                None => {
                    eprintln!("--links needs a number\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            _ if a.starts_with('-') => {
                eprintln!("unknown option {a}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => positional.push(PathBuf::from(a)),
        }
    }
    let [site, out] = positional.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match write_both(site, out, links) {
        Ok(pages) => {
            eprintln!(
                "broken_links: {links} links over {pages} pages -> {}/{{broken,fixed}}",
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("broken_links: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_both(site: &Path, out: &Path, links: usize) -> io::Result<usize> {
    let pages = read_pages(&site.join("content"))?;
    if pages.len() < 2 {
        return Err(io::Error::other(
            "the site needs at least two pages with ids",
        ));
    }
    let book = fs::read_to_string(site.join("book.toml"))?;
    let book = book.replacen("[links]\n", "[links]\nbroken = \"warn\"\n", 1);
    for (name, broken) in [("broken", true), ("fixed", false)] {
        let root = out.join(name);
        if root.exists() {
            fs::remove_dir_all(&root)?;
        }
        copy_tree(&site.join("content"), &root.join("content"))?;
        fs::write(root.join("book.toml"), &book)?;
        for (i, page) in pages.iter().enumerate() {
            let count = links / pages.len() + usize::from(i < links % pages.len());
            let mut text = page.text.clone();
            text.push_str("\n## Further reading\n\n");
            for j in 0..count {
                let target = &pages[(i * 7 + j * 13 + 1) % pages.len()];
                let target = if target.rel == page.rel {
                    &pages[(i + 1) % pages.len()]
                } else {
                    target
                };
                let _ = writeln!(text, "- {}", link(page, target, i * 31 + j, broken));
            }
            fs::write(root.join("content").join(&page.rel), text)?;
        }
    }
    Ok(pages.len())
}

/// Link number `n` from `from` to `to`, broken or right.
fn link(from: &Page, to: &Page, n: usize, broken: bool) -> String {
    let md = to.rel.as_str();
    let url = format!("/{}/", md.trim_end_matches(".md"));
    // The typo drops the zero of a two-digit number at the end (`bp03` → `bp3`).
    let typo = |s: &str| match s.rfind('0') {
        Some(at) => format!("{}{}", &s[..at], &s[at + 1..]),
        None => format!("{s}x"),
    };
    let relative = relative(&from.rel, md);
    match (n % 6, broken) {
        (0, true) => format!("[[{}]]", typo(&to.id)),
        (0 | 5, false) => format!("[[{}]]", to.id),
        (1, true) => format!("[typo]({})", typo_md(&relative, typo)),
        (1 | 4, false) => format!("[a page]({relative})"),
        (2, true) => format!("[typo](@/{})", typo_md(md, typo)),
        (2, false) => format!("[a page](@/{md})"),
        (3, true) => format!("[typo]({}/)", typo(url.trim_end_matches('/'))),
        (3, false) => format!("[a page]({url})"),
        (4, true) => {
            let dir = relative.rsplit_once('/').map_or("", |(d, _)| d);
            let sep = if dir.is_empty() { "" } else { "/" };
            format!("[renamed]({dir}{sep}renamed-guidance-{}.md)", n % 97)
        }
        (_, true) => format!("[[RETIRED-{}]]", n % 89),
        _ => unreachable!("n % 6 is below 6"),
    }
}

/// A `.md` path with the typo made before the extension.
fn typo_md(path: &str, typo: impl Fn(&str) -> String) -> String {
    format!("{}.md", typo(path.trim_end_matches(".md")))
}

/// `to` relative to the folder holding `from` (both under content/).
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// Every page (not `_index.md`) with an `id:` line in its front matter, sorted by path.
fn read_pages(content: &Path) -> io::Result<Vec<Page>> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let path = entry.path();
        if !entry.file_type().is_file()
            || path.extension().is_none_or(|e| e != "md")
            || path.file_name().is_some_and(|n| n == "_index.md")
        {
            continue;
        }
        let text = fs::read_to_string(path)?;
        let id = text
            .lines()
            .take_while(|l| !l.is_empty() || l.starts_with("---"))
            .find_map(|l| l.strip_prefix("id: "))
            .map(|v| v.trim().trim_matches('"').to_string());
        let Some(id) = id else { continue };
        let rel = path
            .strip_prefix(content)
            .map_err(io::Error::other)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        pages.push(Page { rel, id, text });
    }
    Ok(pages)
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest)?;
        } else {
            fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}
