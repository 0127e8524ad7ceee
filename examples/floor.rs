//! The physical floor of a markdown site build: the least work any generator must do.
//!
//! ```text
//! cargo run --release --example floor -- CONTENT_DIR OUT_DIR
//! ```
//!
//! Walks CONTENT_DIR for `*.md`, cuts off the front matter without parsing it, renders the
//! body with pulldown-cmark (tables, strikethrough, heading attributes) and writes
//! `OUT_DIR/<path>/index.html` (`a/b.md` -> `a/b/index.html`; `a/_index.md` and `a/index.md`
//! -> `a/index.html`), files in parallel with rayon. No templates, no links, no taxonomies:
//! "walk + pulldown-cmark + write", the yardstick `scripts/bench.sh` compares praxis with.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use walkdir::WalkDir;

/// The text after a `---` (YAML) or `+++` (TOML) front matter block; all of it when there is
/// none.
fn body(text: &str) -> &str {
    for fence in ["---", "+++"] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest
            .strip_prefix('\n')
            .or_else(|| rest.strip_prefix("\r\n"))
        else {
            continue;
        };
        // The closing fence: a line holding only the fence.
        let mut at = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end_matches(['\r', '\n']) == fence {
                return &rest[at + line.len()..];
            }
            at += line.len();
        }
    }
    text
}

/// Where the page for `file` (under `content`) goes.
fn destination(content: &Path, out: &Path, file: &Path) -> PathBuf {
    let rel = file.strip_prefix(content).unwrap_or(file);
    let folder = rel
        .parent()
        .map_or_else(|| out.to_path_buf(), |p| out.join(p));
    match rel.file_stem().and_then(|s| s.to_str()) {
        Some("_index" | "index") | None => folder.join("index.html"),
        Some(stem) => folder.join(stem).join("index.html"),
    }
}

fn render(content: &Path, out: &Path, file: &Path, options: Options) -> io::Result<usize> {
    let with_path =
        |e: io::Error, p: &Path| io::Error::new(e.kind(), format!("{}: {e}", p.display()));
    let text = fs::read_to_string(file).map_err(|e| with_path(e, file))?;
    let markdown = body(&text);
    let mut page = String::with_capacity(markdown.len() * 3 / 2 + 128);
    page.push_str("<!DOCTYPE html>\n<html>\n<body>\n");
    html::push_html(&mut page, Parser::new_ext(markdown, options));
    page.push_str("</body>\n</html>\n");
    let dst = destination(content, out, file);
    let folder = dst.parent().expect("a file in a folder");
    fs::create_dir_all(folder).map_err(|e| with_path(e, folder))?;
    fs::write(&dst, &page).map_err(|e| with_path(e, &dst))?;
    Ok(page.len())
}

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [content, out] = args.as_slice() else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    for entry in WalkDir::new(content) {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                files.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("floor: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    let written: io::Result<usize> = files
        .par_iter()
        .map(|f| render(content, out, f, options))
        .try_reduce(|| 0, |a, b| Ok(a + b));
    match written {
        Ok(bytes) => {
            println!("floor: {} pages, {bytes} bytes of HTML", files.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_cut() {
        assert_eq!(body("---\ntitle: x\n---\n\n# Hi\n"), "\n# Hi\n");
        assert_eq!(body("+++\ntitle = 1\n+++\nText"), "Text");
        assert_eq!(body("---\r\na: 1\r\n---\r\nText"), "Text");
        assert_eq!(body("# No front matter\n"), "# No front matter\n");
        assert_eq!(body("---\nunclosed\n"), "---\nunclosed\n");
    }

    #[test]
    fn pages_go_to_their_folders() {
        let (c, o) = (Path::new("c"), Path::new("o"));
        assert_eq!(
            destination(c, o, Path::new("c/_index.md")),
            Path::new("o/index.html")
        );
        assert_eq!(
            destination(c, o, Path::new("c/ops/ops01/_index.md")),
            Path::new("o/ops/ops01/index.html")
        );
        assert_eq!(
            destination(c, o, Path::new("c/ops/ops01/ops01-bp03.md")),
            Path::new("o/ops/ops01/ops01-bp03/index.html")
        );
    }
}
