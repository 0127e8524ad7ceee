//! Site paths written by authors: a page's `url:` and its `aliases:`, turned into output
//! paths below the base URL (`/docs/old/` → `docs/old/index.html`), or the reason they
//! cannot be. Pure text functions; what the paths collide with is decided by the graph.

use crate::markdown::links::percent_decode;
use crate::text::is_reserved_in_paths;

/// Why a written path gives no output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathProblem {
    /// Nothing written.
    Empty,
    /// `https://…`: another site's address.
    FullUrl,
    /// `..` climbs above the site's root.
    LeavesSite,
    /// `?query`, which a static host cannot serve a file for.
    Query,
    /// A character a URL path cannot hold as written, or a host cannot store in a file name.
    Unservable(char),
}

impl PathProblem {
    /// Why, to follow "alias `…`" or "`url` `…`" in a message.
    pub(crate) fn describe(&self) -> String {
        match self {
            PathProblem::Empty => "is empty".to_string(),
            PathProblem::FullUrl => "is a full URL, not a path on this site".to_string(),
            PathProblem::LeavesSite => "climbs out of the site with `..`".to_string(),
            PathProblem::Query => {
                "has a `?query`: a static host serves the same file whatever the query".to_string()
            }
            PathProblem::Unservable(c) if c.is_control() => format!(
                "holds the control character U+{:04X}, which no static host serves",
                *c as u32
            ),
            PathProblem::Unservable(c) => format!(
                "holds `{c}`, which a URL path cannot hold as written or some hosts cannot \
                 store in a file name"
            ),
        }
    }
}

/// The output path of a page whose `url:` is `written`, below the base path `base`:
/// `/a/b/` → `a/b/index.html`, `/a/b.html` → `a/b.html` (a last segment with a `.` names a
/// file, as in Hugo), `/a/b` → `a/b/index.html`. `/` is the home page's `index.html`. A
/// written path that starts with the base path is taken below it.
pub(crate) fn page_output(written: &str, base: &str) -> Result<String, PathProblem> {
    let path = absolute_path(written, base)?;
    let segments = segments_of(&path, &[])?;
    let file = !path.ends_with('/') && segments.last().is_some_and(|s| s.contains('.'));
    Ok(output_of(&segments, file))
}

/// The output path of an alias of a page whose URL below the base path is `page_path`
/// (`docs/x/`, `a/b.html`, `` for the home page): an absolute alias is a path below the base
/// path (`/old/` → `old/index.html`, `/old.html` → `old.html`); a relative one is taken from
/// the folder the page's URL is in, as Hugo does (`moved-here` on `docs/x/` →
/// `docs/moved-here/index.html`). A `#fragment` is ignored: browsers never send it.
pub(crate) fn alias_output(
    written: &str,
    base: &str,
    page_path: &str,
) -> Result<String, PathProblem> {
    let trimmed = written.trim();
    let trimmed = trimmed.split('#').next().unwrap_or("");
    let relative = !trimmed.starts_with('/') && !trimmed.contains("://") && !trimmed.is_empty();
    let path = if relative {
        checked(trimmed)?
    } else {
        absolute_path(trimmed, base)?
    };
    let folder = if relative {
        let own = page_path.strip_suffix('/').unwrap_or(page_path);
        own.rfind('/').map_or("", |i| &own[..i])
    } else {
        ""
    };
    let start: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let segments = segments_of(&path, &start)?;
    let last = segments.last().map_or("", |s| s.as_str());
    let file = !path.ends_with('/') && (last.ends_with(".html") || last.ends_with(".htm"));
    Ok(output_of(&segments, file))
}

/// An absolute site path as written, decoded and checked, below the base path, without its
/// leading `/`.
fn absolute_path(written: &str, base: &str) -> Result<String, PathProblem> {
    let trimmed = written.trim();
    if trimmed.is_empty() {
        return Err(PathProblem::Empty);
    }
    if trimmed.contains("://") || trimmed.starts_with("//") {
        return Err(PathProblem::FullUrl);
    }
    let path = checked(trimmed)?;
    let below = match path.strip_prefix(base) {
        Some(rest) if base != "/" => rest.to_string(),
        _ => match base.strip_suffix('/') {
            // `/docs` on a site at `/docs/` is the home page.
            Some(bare) if base != "/" && path == bare => String::new(),
            _ => path.trim_start_matches('/').to_string(),
        },
    };
    Ok(below)
}

/// `written`, percent-decoded, refused when it holds a query or a character no static host
/// serves.
fn checked(written: &str) -> Result<String, PathProblem> {
    if written.contains('?') {
        return Err(PathProblem::Query);
    }
    let decoded = percent_decode(written);
    match decoded
        .chars()
        .find(|&c| c.is_control() || c == '\\' || is_reserved_in_paths(c))
    {
        Some(c) => Err(PathProblem::Unservable(c)),
        None => Ok(decoded),
    }
}

/// The segments of `path` after `start`, with `.` dropped and `..` resolved; refused when
/// `..` climbs above the root.
fn segments_of(path: &str, start: &[&str]) -> Result<Vec<String>, PathProblem> {
    let mut segments: Vec<String> = start.iter().map(|s| s.to_string()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop().ok_or(PathProblem::LeavesSite)?;
            }
            other => segments.push(other.to_string()),
        }
    }
    Ok(segments)
}

/// The output path for `segments`: the file itself, or the folder's `index.html`.
fn output_of(segments: &[String], file: bool) -> String {
    let joined = segments.join("/");
    match (file, joined.is_empty()) {
        (true, _) => joined,
        (false, true) => "index.html".to_string(),
        (false, false) => format!("{joined}/index.html"),
    }
}

/// The URL path below the base of an output path: `a/b/index.html` → `a/b/`, `a/b.html`
/// stays, `index.html` → ``.
pub(crate) fn url_of_output(output: &str) -> &str {
    if output == "index.html" {
        ""
    } else if output.ends_with("/index.html") {
        &output[..output.len() - "index.html".len()]
    } else {
        output
    }
}

/// The folder URL a page's files sit in: its URL when that ends in `/`, else the folder its
/// file is in (`/a/b.html` → `/a/`), as Hugo places the resources of such a page, and where
/// the browser resolves the page's relative links.
pub(crate) fn folder_url(url: &str) -> &str {
    match url.rfind('/') {
        Some(i) => &url[..=i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_aliases_are_paths_below_the_base() {
        assert_eq!(alias_output("/old/", "/", "x/").unwrap(), "old/index.html");
        assert_eq!(alias_output("/old", "/", "x/").unwrap(), "old/index.html");
        assert_eq!(
            alias_output("/framework/a_b.html", "/", "x/").unwrap(),
            "framework/a_b.html"
        );
        assert_eq!(
            alias_output("/docs/x/", "/docs/", "").unwrap(),
            "x/index.html"
        );
        assert_eq!(alias_output("/x/", "/docs/", "").unwrap(), "x/index.html");
        assert_eq!(alias_output("/", "/", "x/").unwrap(), "index.html");
        assert_eq!(alias_output("/a/../b/", "/", "x/").unwrap(), "b/index.html");
        assert_eq!(
            alias_output("/old/#part", "/", "x/").unwrap(),
            "old/index.html"
        );
        assert_eq!(
            alias_output("/caf%C3%A9/", "/", "x/").unwrap(),
            "café/index.html"
        );
        assert_eq!(
            alias_output("/robots.txt", "/", "x/").unwrap(),
            "robots.txt/index.html"
        );
    }

    #[test]
    fn relative_aliases_start_from_the_folder_of_the_page() {
        assert_eq!(
            alias_output("moved-here", "/", "docs/x/").unwrap(),
            "docs/moved-here/index.html"
        );
        assert_eq!(
            alias_output("../old", "/", "docs/x/").unwrap(),
            "old/index.html"
        );
        assert_eq!(
            alias_output("./same.html", "/", "a/b.html").unwrap(),
            "a/same.html"
        );
        // A section's folder is the one its own URL is in.
        assert_eq!(
            alias_output("gone/", "/", "docs/").unwrap(),
            "gone/index.html"
        );
        assert_eq!(
            alias_output("../../old", "/", "docs/x/"),
            Err(PathProblem::LeavesSite)
        );
    }

    #[test]
    fn aliases_no_static_host_serves_are_refused() {
        assert_eq!(
            alias_output("/../etc/passwd", "/", ""),
            Err(PathProblem::LeavesSite)
        );
        assert_eq!(
            alias_output("https://x.org/a", "/", ""),
            Err(PathProblem::FullUrl)
        );
        assert_eq!(
            alias_output("/old/*", "/", ""),
            Err(PathProblem::Unservable('*'))
        );
        assert_eq!(alias_output("/p?id=3", "/", ""), Err(PathProblem::Query));
        assert_eq!(
            alias_output("/a\\b", "/", ""),
            Err(PathProblem::Unservable('\\'))
        );
        assert_eq!(
            alias_output("/a%0Ab", "/", ""),
            Err(PathProblem::Unservable('\n'))
        );
        assert_eq!(alias_output("  ", "/", ""), Err(PathProblem::Empty));
    }

    #[test]
    fn page_urls_name_a_folder_or_a_file() {
        assert_eq!(page_output("/a/b/", "/").unwrap(), "a/b/index.html");
        assert_eq!(page_output("/a/b", "/").unwrap(), "a/b/index.html");
        assert_eq!(page_output("a/b.html", "/").unwrap(), "a/b.html");
        assert_eq!(page_output("/v1.0/", "/").unwrap(), "v1.0/index.html");
        assert_eq!(
            page_output("/Mixed Case/", "/").unwrap(),
            "Mixed Case/index.html"
        );
        assert_eq!(page_output("/docs/a/", "/docs/").unwrap(), "a/index.html");
        assert_eq!(page_output("/", "/").unwrap(), "index.html");
        assert_eq!(page_output("/../x/", "/"), Err(PathProblem::LeavesSite));
        assert_eq!(page_output("/a#b", "/"), Err(PathProblem::Unservable('#')));
    }

    #[test]
    fn outputs_give_back_their_urls() {
        assert_eq!(url_of_output("index.html"), "");
        assert_eq!(url_of_output("a/b/index.html"), "a/b/");
        assert_eq!(url_of_output("a/b.html"), "a/b.html");
        assert_eq!(url_of_output("a/xindex.html"), "a/xindex.html");
        assert_eq!(folder_url("/a/b/"), "/a/b/");
        assert_eq!(folder_url("/a/b.html"), "/a/");
    }
}
