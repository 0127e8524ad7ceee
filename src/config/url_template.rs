//! The URL templates of `[book] edit-url` and `feedback-url`: a URL holding `{path}`,
//! `{title}` and `{url}` placeholders, checked once when book.toml is read and filled for
//! each page, every value percent-encoded. Knows nothing of pages beyond the three values.
//!
//! ```
//! use praxis::config::url_template::{PageFields, UrlTemplate};
//! let edit = UrlTemplate::parse("https://github.com/o/r/edit/main/content/{path}").unwrap();
//! let page = PageFields { path: "ops/a b.md", title: "A & B", url: "https://x.org/a/" };
//! assert_eq!(edit.fill(&page), "https://github.com/o/r/edit/main/content/ops/a%20b.md");
//! ```

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a page gives the placeholders.
#[derive(Debug, Clone, Copy)]
pub struct PageFields<'a> {
    /// `{path}`: the source file's path inside the content folder, `/`-separated.
    pub path: &'a str,
    /// `{title}`: the page's title.
    pub title: &'a str,
    /// `{url}`: the page's permalink (absolute when the base URL is).
    pub url: &'a str,
}

/// A URL template, split into literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlTemplate {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Path,
    Title,
    Url,
}

/// Why a template was refused: the message, and the text it is about (to point at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// What is wrong.
    pub message: String,
    /// The part of the template that is wrong, as written.
    pub found: String,
}

/// The placeholders a template may hold, as written.
pub const PLACEHOLDERS: [&str; 3] = ["{path}", "{title}", "{url}"];

/// What a value leaves unencoded: the characters RFC 3986 calls unreserved.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

impl UrlTemplate {
    /// Parses a template; `{` must open one of [`PLACEHOLDERS`].
    pub fn parse(text: &str) -> Result<UrlTemplate, TemplateError> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            let tail = &rest[open..];
            let close = tail.find('}').filter(|_| tail.starts_with('{'));
            let Some(close) = close else {
                let found: String = tail.chars().take(12).collect();
                return Err(TemplateError {
                    message: format!("`{found}` has a brace that opens or closes no placeholder"),
                    found,
                });
            };
            let name = &tail[..=close];
            pieces.push(match name {
                "{path}" => Piece::Path,
                "{title}" => Piece::Title,
                "{url}" => Piece::Url,
                _ => {
                    return Err(TemplateError {
                        message: format!("unknown placeholder `{name}`"),
                        found: name.to_string(),
                    });
                }
            });
            rest = &tail[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Ok(UrlTemplate { pieces })
    }

    /// Whether the template holds `{path}`.
    pub fn has_path(&self) -> bool {
        self.pieces.contains(&Piece::Path)
    }

    /// The URL for one page: `{path}` encoded segment by segment (its `/` kept), `{title}`
    /// and `{url}` encoded whole, as a query value must be.
    pub fn fill(&self, page: &PageFields<'_>) -> String {
        let mut out = String::with_capacity(128);
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Path => {
                    for (i, segment) in page.path.split('/').enumerate() {
                        if i > 0 {
                            out.push('/');
                        }
                        out.extend(utf8_percent_encode(segment, COMPONENT));
                    }
                }
                Piece::Title => out.extend(utf8_percent_encode(page.title, COMPONENT)),
                Piece::Url => out.extend(utf8_percent_encode(page.url, COMPONENT)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: PageFields<'static> = PageFields {
        path: "déjà vu/a&b?.md",
        title: "Q&A: 100% \"sure\"?",
        url: "https://x.org/a/?b=1",
    };

    #[test]
    fn placeholders_are_filled_and_encoded() {
        let t =
            UrlTemplate::parse("https://f.org/new?title={title}&page={url}&src={path}").unwrap();
        assert_eq!(
            t.fill(&PAGE),
            "https://f.org/new?title=Q%26A%3A%20100%25%20%22sure%22%3F\
             &page=https%3A%2F%2Fx.org%2Fa%2F%3Fb%3D1&src=d%C3%A9j%C3%A0%20vu/a%26b%3F.md"
        );
    }

    #[test]
    fn unknown_placeholders_and_stray_braces_are_refused() {
        let err = UrlTemplate::parse("https://x.org/{file}").unwrap_err();
        assert_eq!(err.found, "{file}");
        let err = UrlTemplate::parse("https://x.org/{path").unwrap_err();
        assert_eq!(err.found, "{path");
        assert!(UrlTemplate::parse("https://x.org/}").is_err());
        assert!(!UrlTemplate::parse("https://x.org/").unwrap().has_path());
    }
}
