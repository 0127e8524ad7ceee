//! Links in markdown bodies. While a body is rendered, every link and image is classified
//! ([`Target`]) and recorded ([`LinkRef`]) with its position. Links to other pages cannot be
//! written yet — their URL and sometimes their text depend on the whole site — so the HTML
//! holds a placeholder for them, which [`fill`] replaces once the graph has resolved them.
//!
//! Placeholders are `U+0001 <index> <kind> U+0001`; U+0001 cannot otherwise appear, as it is
//! replaced in the source before parsing.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::diagnostics::Location;
use crate::text::escape_html;

/// What a link points at, from its destination as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another site, or a scheme such as `mailto:`. Left as written.
    External,
    /// `#anchor` on the same page.
    SamePage {
        /// The anchor.
        anchor: String,
    },
    /// `[[ID]]`, `[[ID#anchor]]`: a page by its id.
    Id {
        /// The id as written.
        id: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// `@/path.md` or a Hugo `ref "/path"`: a path from the content folder.
    Content {
        /// The path inside the content folder.
        path: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// Hugo's `ref "path"` without a leading `/`: a path from the page's folder, else from the
    /// content folder (as Hugo looks it up).
    Ref {
        /// The path as written.
        path: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// A relative path: a file next to the source (`../x.md`, `diagram.svg`) or a URL next
    /// to the page (`../other-page/`).
    Relative {
        /// The path as written (percent-decoded).
        path: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// An absolute URL under the site's base URL or one of its `site-prefixes`: a path from
    /// the site root.
    Site {
        /// The URL path, starting with `/`.
        path: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// `/path/`: a plain root-relative URL, which may also belong to another application on
    /// the same host.
    Url {
        /// The URL path, starting with `/`.
        path: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
    /// An absolute http(s) URL on a site whose pages may name their former addresses
    /// (`links.url-keys`): a page's, if one claims it, else a link to another site.
    Former {
        /// The URL without its fragment (percent-decoded).
        url: String,
        /// The anchor, if any.
        anchor: Option<String>,
    },
}

impl Target {
    /// Whether the link must wait for the site graph to be written.
    pub fn is_internal(&self) -> bool {
        !matches!(self, Target::External | Target::SamePage { .. })
    }

    /// The anchor the link asks for, if any.
    pub fn anchor(&self) -> Option<&str> {
        match self {
            Target::External => None,
            Target::SamePage { anchor } => Some(anchor),
            Target::Id { anchor, .. }
            | Target::Content { anchor, .. }
            | Target::Relative { anchor, .. }
            | Target::Ref { anchor, .. }
            | Target::Site { anchor, .. }
            | Target::Url { anchor, .. }
            | Target::Former { anchor, .. } => anchor.as_deref(),
        }
    }

    /// A plain URL path (root-relative, or relative, to something other than a `.md` file)
    /// rather than a cross-reference: it may point outside what the site knows. A path to a
    /// `.md` file, `/x.md` as `../x.md`, is a cross-reference.
    pub fn is_plain_path(&self) -> bool {
        match self {
            Target::Url { path, .. } | Target::Relative { path, .. } => {
                let lower = path.to_ascii_lowercase();
                !lower.ends_with(".md")
            }
            _ => false,
        }
    }
}

/// One link or image found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// What it points at.
    pub target: Target,
    /// The destination as written.
    pub raw: String,
    /// The link's text (an image's alt text), as plain text.
    pub text: String,
    /// The `"title"` of the link, if any.
    pub title: String,
    /// An image rather than a link.
    pub image: bool,
    /// A `[[ID]]` without text of its own: its text is the target's title.
    pub text_from_target: bool,
    /// Where the link starts in the file.
    pub location: Location,
}

/// How a link was resolved against the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Its final URL, and the text to show for `[[ID]]` links.
    Found {
        /// The href.
        href: String,
        /// The target's title, for links whose text comes from it (`[[ID]]` with no text of
        /// its own); `None` for every other link.
        title: Option<String>,
    },
    /// Nothing on the site matches: kept as written and marked.
    Broken,
    /// A link to another site after all (a [`Target::Former`] address no page claims):
    /// written as the markdown renderer writes external links.
    External,
}

/// Hugo shortcodes in link destinations (`[x]({{< ref "a/b.md" >}})`) are not markdown: they
/// are rewritten to `<@ref:a/b.md>` padded with spaces to the same length, so every byte
/// offset (and so every reported column) stays where it was. Only shortcodes that stand where
/// a link's destination goes are rewritten; in code or in running text they stay as written.
pub fn rewrite_hugo_refs(source: &str) -> Cow<'_, str> {
    if !source.contains("{{") {
        return Cow::Borrowed(source);
    }
    let code = code_ranges(source);
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        let at = source.len() - candidate.len();
        let before = out.trim_end_matches(' ');
        let in_target = before.ends_with("](") || before.ends_with("]:");
        match parse_ref_shortcode(candidate).filter(|_| in_target && !in_code(at)) {
            Some((len, path)) => {
                let replacement = format!("<@ref:{path}");
                if replacement.len() < len {
                    out.push_str(&replacement);
                    out.extend(std::iter::repeat_n(' ', len - replacement.len() - 1));
                    out.push('>');
                } else {
                    out.push_str(&candidate[..len]);
                }
                rest = &candidate[len..];
            }
            None => {
                out.push_str("{{");
                rest = &candidate[2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The byte ranges of code spans and code blocks.
pub(super) fn code_ranges(source: &str) -> Vec<Range<usize>> {
    pulldown_cmark::Parser::new_ext(source, super::parser_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// `{{< ref "x" >}}` / `{{< relref "x" >}}` / `{{% ref "x" %}}` at the start of `s`:
/// (its length, the path).
fn parse_ref_shortcode(s: &str) -> Option<(usize, &str)> {
    let after_open = s.strip_prefix("{{")?;
    let (close, after_kind) = if let Some(r) = after_open.strip_prefix('<') {
        (">}}", r)
    } else if let Some(r) = after_open.strip_prefix('%') {
        ("%}}", r)
    } else {
        return None;
    };
    let inner = after_kind.trim_start();
    let inner = inner
        .strip_prefix("relref")
        .or_else(|| inner.strip_prefix("ref"))?;
    if !inner.starts_with(char::is_whitespace) {
        return None;
    }
    let inner = inner.trim_start().strip_prefix('"')?;
    let end_quote = inner.find('"')?;
    let path = &inner[..end_quote];
    if path.contains(['\n', '>', '<']) {
        return None;
    }
    let tail = inner[end_quote + 1..].trim_start();
    let tail = tail.strip_prefix(close)?;
    Some((s.len() - tail.len(), path))
}

/// Classifies a destination. `site_prefixes` are absolute URL prefixes that mean "this site"
/// (the absolute base URL and `links.site-prefixes`), each ending in `/`; `base_path` is the
/// base URL's path, which they map to. When several prefixes match, the longest wins.
pub fn classify(dest: &str, wiki: bool, site_prefixes: &[String], base_path: &str) -> Target {
    let dest = dest.trim();
    if wiki {
        let (id, anchor) = split_anchor(dest);
        return Target::Id {
            id: id.trim().to_string(),
            anchor,
        };
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Target::SamePage {
            anchor: percent_decode(anchor),
        };
    }
    if let Some(rest) = dest.strip_prefix("@ref:") {
        let (path, anchor) = split_anchor(rest.trim());
        return match path.strip_prefix('/') {
            Some(p) => Target::Content {
                path: p.to_string(),
                anchor,
            },
            None => Target::Ref { path, anchor },
        };
    }
    if let Some(rest) = dest.strip_prefix("@/") {
        let (path, anchor) = split_anchor(rest);
        return Target::Content { path, anchor };
    }
    // The longest matching prefix wins: with `base-url = "https://x.org/"` and a site prefix
    // `https://x.org/handbook/`, `https://x.org/handbook/a/` is the prefix's `a/`, not `handbook/a/`.
    let longest = site_prefixes
        .iter()
        .filter_map(|prefix| Some((prefix.len(), strip_prefix_ignore_scheme_case(dest, prefix)?)))
        .max_by_key(|&(len, _)| len);
    if let Some((_, rest)) = longest {
        let (path, anchor) = split_anchor(rest);
        return Target::Site {
            path: format!("{base_path}{path}"),
            anchor,
        };
    }
    if dest.starts_with("//") || has_scheme(dest) {
        return Target::External;
    }
    if dest.starts_with('/') {
        let (path, anchor) = split_anchor(dest);
        return Target::Url { path, anchor };
    }
    let (path, anchor) = split_anchor(dest);
    Target::Relative { path, anchor }
}

fn strip_prefix_ignore_scheme_case<'a>(dest: &'a str, prefix: &str) -> Option<&'a str> {
    if dest.len() >= prefix.len() && dest.is_char_boundary(prefix.len()) {
        let (head, rest) = dest.split_at(prefix.len());
        if head.eq_ignore_ascii_case(prefix) {
            return Some(rest);
        }
    }
    // `https://x.org/docs` (no trailing slash) also means the prefix itself.
    let bare = prefix.strip_suffix('/')?;
    dest.eq_ignore_ascii_case(bare).then_some("")
}

/// A [`Target::Former`] for an absolute http(s) URL classified as external, on a site whose
/// pages name their former addresses.
fn former(target: Target, dest: &str) -> Target {
    let dest = dest.trim();
    let web = ["http://", "https://"].iter().any(|scheme| {
        dest.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    });
    if target != Target::External || !web {
        return target;
    }
    let (url, anchor) = split_anchor(dest);
    Target::Former { url, anchor }
}

/// `scheme:` per RFC 3986: a letter, then letters, digits, `+`, `-`, `.`.
fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits `path#anchor` (dropping any `?query`), percent-decoding both.
fn split_anchor(dest: &str) -> (String, Option<String>) {
    let (before, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode(a))),
        None => (dest, None),
    };
    let path = before.split('?').next().unwrap_or("");
    (percent_decode(path), anchor.filter(|a| !a.is_empty()))
}

/// Decodes `%XX` escapes; malformed ones are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Tracks line numbers while links are met in order, so locating each is cheap.
struct LineCursor<'s> {
    source: &'s str,
    first_line: usize,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'s> LineCursor<'s> {
    fn locate(&mut self, offset: usize) -> Location {
        let offset = offset.min(self.source.len());
        if offset < self.offset {
            // Out of order (a link inside a footnote, say): count again from the top.
            self.offset = 0;
            self.line = 0;
            self.line_start = 0;
        }
        let bytes = &self.source.as_bytes()[self.offset..offset];
        self.line += memchr::memchr_iter(b'\n', bytes).count();
        if let Some(i) = memchr::memrchr(b'\n', bytes) {
            self.line_start = self.offset + i + 1;
        }
        self.offset = offset;
        let line_end = self.source[self.line_start..]
            .find('\n')
            .map_or(self.source.len(), |i| self.line_start + i);
        Location::new(
            self.first_line + self.line,
            self.source[self.line_start..offset].chars().count() + 1,
            self.source[self.line_start..line_end].trim_end_matches('\r'),
        )
        .clipped(120)
    }
}

/// The event adapter that records links and puts placeholders in place of internal ones.
pub(super) struct Links<'a, 'o, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    inner: I,
    cursor: LineCursor<'a>,
    prefixes: &'o [String],
    base_path: &'o str,
    /// Whether absolute URLs may be pages' former addresses ([`Target::Former`]).
    former_urls: bool,
    pub(super) links: Vec<LinkRef>,
    /// Open links: (index, whether the end tag is ours to write).
    open: Vec<(usize, bool)>,
    queue: VecDeque<Event<'a>>,
}

impl<'a, 'o, I: Iterator<Item = (Event<'a>, Range<usize>)>> Links<'a, 'o, I> {
    pub(super) fn new(
        inner: I,
        source: &'a str,
        first_line: usize,
        prefixes: &'o [String],
        base_path: &'o str,
        former_urls: bool,
    ) -> Self {
        Links {
            inner,
            cursor: LineCursor {
                source,
                first_line,
                offset: 0,
                line: 0,
                line_start: 0,
            },
            prefixes,
            base_path,
            former_urls,
            links: Vec::new(),
            open: Vec::new(),
            queue: VecDeque::new(),
        }
    }

    /// Numbers this body's links after `links`, met before it (in shortcodes' inner parts).
    pub(super) fn after(mut self, links: Vec<LinkRef>) -> Self {
        self.links = links;
        self
    }

    fn record(&mut self, dest: &str, wiki: bool, title: &str, image: bool, start: usize) -> usize {
        let mut target = classify(dest, wiki, self.prefixes, self.base_path);
        if self.former_urls {
            target = former(target, dest);
        }
        let location = self.cursor.locate(start);
        // A Hugo `ref` shortcode is shown as the path it names (see `rewrite_hugo_refs`).
        let raw = dest.strip_prefix("@ref:").map_or(dest, str::trim);
        self.links.push(LinkRef {
            target,
            raw: raw.to_string(),
            text: String::new(),
            title: title.to_string(),
            image,
            text_from_target: false,
            location,
        });
        self.links.len() - 1
    }

    /// The text inside a link or image, up to its end tag, as plain text.
    fn consume_text(&mut self, end: TagEnd) -> String {
        let mut text = String::new();
        let mut depth = 0usize;
        for (event, _) in self.inner.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(e) if depth == 0 && e == end => break,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
        }
        text
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Links<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queue.pop_front() {
            return Some(event);
        }
        let (event, range) = self.inner.next()?;
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let wiki = matches!(link_type, LinkType::WikiLink { .. });
                let index = self.record(&dest_url, wiki, &title, false, range.start);
                if !self.links[index].target.is_internal() {
                    self.open.push((index, false));
                    return Some(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                }
                if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                    let text = self.consume_text(TagEnd::Link);
                    let link = &mut self.links[index];
                    link.text = text;
                    link.text_from_target = true;
                    self.queue
                        .push_back(Event::InlineHtml(placeholder(index, 't').into()));
                    self.queue
                        .push_back(Event::InlineHtml(placeholder(index, 'c').into()));
                } else {
                    self.open.push((index, true));
                }
                Some(Event::InlineHtml(placeholder(index, 'a').into()))
            }
            Event::End(TagEnd::Link) => match self.open.pop() {
                Some((index, true)) => Some(Event::InlineHtml(placeholder(index, 'c').into())),
                _ => Some(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let index = self.record(&dest_url, false, &title, true, range.start);
                let alt = self.consume_text(TagEnd::Image);
                self.links[index].text = alt;
                if self.links[index].target.is_internal() {
                    return Some(Event::InlineHtml(placeholder(index, 'i').into()));
                }
                let link = &self.links[index];
                Some(Event::InlineHtml(
                    image_tag(&href_escape(&link.raw), link).into(),
                ))
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some(&(index, _)) = self.open.last() {
                    self.links[index].text.push_str(t);
                }
                Some(event)
            }
            other => Some(other),
        }
    }
}

pub(super) fn placeholder(index: usize, kind: char) -> String {
    format!("\u{1}{index}{kind}\u{1}")
}

fn href_escape(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, href);
    out
}

fn image_tag(src: &str, link: &LinkRef) -> String {
    let mut tag = format!("<img src=\"{src}\" alt=\"{}\"", escape_html(&link.text));
    if !link.title.is_empty() {
        tag.push_str(&format!(" title=\"{}\"", escape_html(&link.title)));
    }
    tag.push_str(" />");
    tag
}

/// Writes the final HTML: each placeholder replaced by its link's tag or text, from the
/// resolutions (one per link, in order). Broken links keep their destination as written and
/// get the class `broken-link`.
pub fn fill(html: &str, links: &[LinkRef], resolutions: &[Resolution]) -> String {
    replace_placeholders(html, |index, kind, out| {
        let (Some(link), Some(resolution)) = (links.get(index), resolutions.get(index)) else {
            return;
        };
        match (kind, resolution) {
            ("a", Resolution::Found { href, .. }) => {
                out.push_str("<a href=\"");
                out.push_str(&escape_html(href));
                out.push('"');
                if !link.title.is_empty() {
                    out.push_str(&format!(" title=\"{}\"", escape_html(&link.title)));
                }
                out.push('>');
            }
            ("a", Resolution::Broken) => {
                out.push_str(&format!(
                    "<a class=\"broken-link\" href=\"{}\">",
                    href_escape(&link.raw)
                ));
            }
            ("i", Resolution::Found { href, .. }) => {
                out.push_str(&image_tag(&escape_html(href), link))
            }
            ("a", Resolution::External) => {
                out.push_str("<a href=\"");
                out.push_str(&href_escape(&link.raw));
                out.push('"');
                if !link.title.is_empty() {
                    out.push_str(&format!(" title=\"{}\"", escape_html(&link.title)));
                }
                out.push('>');
            }
            ("i", Resolution::Broken | Resolution::External) => {
                out.push_str(&image_tag(&href_escape(&link.raw), link))
            }
            (
                "t",
                Resolution::Found {
                    title: Some(title), ..
                },
            ) => out.push_str(&escape_html(title)),
            ("t", _) => out.push_str(&escape_html(&link.text)),
            ("c", _) => out.push_str("</a>"),
            // A bare URL (a `ref` shortcode).
            ("u", Resolution::Found { href, .. }) => out.push_str(&escape_html(href)),
            ("u", Resolution::Broken | Resolution::External) => {
                out.push_str(&href_escape(&link.raw))
            }
            _ => {}
        }
    })
}

/// Plain text with each link-text placeholder replaced by its link's text: the target's
/// title when the link resolved to a page, else the text as written. For text that is
/// escaped later (a heading's title in the table of contents).
pub fn fill_text(text: &str, links: &[LinkRef], resolutions: &[Resolution]) -> String {
    replace_placeholders(text, |index, kind, out| {
        let Some(link) = links.get(index) else { return };
        match (kind, resolutions.get(index)) {
            (
                "t",
                Some(Resolution::Found {
                    title: Some(title), ..
                }),
            ) => out.push_str(title),
            ("t", _) => out.push_str(&link.text),
            _ => {}
        }
    })
}

/// Whether an inline HTML event is the placeholder of a link's text (see [`fill_text`]).
pub(crate) fn is_text_placeholder(html: &str) -> bool {
    html.starts_with('\u{1}') && html.ends_with("t\u{1}")
}

/// Writes placeholders where links cannot be resolved (markdown rendered by a template
/// filter, which has no site to look in): each link becomes its plain text in a `<span>`.
pub fn without_links(html: &str, links: &[LinkRef]) -> String {
    replace_placeholders(html, |index, kind, out| {
        let Some(link) = links.get(index) else { return };
        match kind {
            "a" => out.push_str("<span class=\"unresolved-link\">"),
            "c" => out.push_str("</span>"),
            "t" => out.push_str(&escape_html(&link.text)),
            "i" => out.push_str(&image_tag(&href_escape(&link.raw), link)),
            "u" => out.push_str(&href_escape(&link.raw)),
            _ => {}
        }
    })
}

/// Calls `write(index, kind, out)` for each placeholder, copying the HTML between them.
fn replace_placeholders(html: &str, mut write: impl FnMut(usize, &str, &mut String)) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    // The memchr crate's search, vectorised, rather than str::find's word-at-a-time one:
    // this scans every page's whole body.
    let marker = |text: &str| memchr::memchr(1, text.as_bytes());
    while let Some(start) = marker(rest) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = marker(after) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let token = &after[..end];
        rest = &after[end + 1..];
        let (digits, kind) = token.split_at(token.len().saturating_sub(1));
        if let Ok(index) = digits.parse::<usize>() {
            write(index, kind, &mut out);
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(dest: &str) -> Target {
        classify(
            dest,
            false,
            &["https://docs.example.com/framework/".to_string()],
            "/",
        )
    }

    #[test]
    fn classifies_every_link_form() {
        assert_eq!(c("https://other.org/x"), Target::External);
        assert_eq!(c("mailto:a@b.c"), Target::External);
        assert_eq!(c("//cdn.example.org/x.js"), Target::External);
        assert_eq!(
            c("#steps"),
            Target::SamePage {
                anchor: "steps".into()
            }
        );
        assert_eq!(
            c("../ops/ops01-bp02.md#why"),
            Target::Relative {
                path: "../ops/ops01-bp02.md".into(),
                anchor: Some("why".into())
            }
        );
        assert_eq!(
            c("@/ops/ops01-bp02.md"),
            Target::Content {
                path: "ops/ops01-bp02.md".into(),
                anchor: None
            }
        );
        assert_eq!(
            c("<@ref:/principles/focus    >".trim_matches(['<', '>'])),
            Target::Content {
                path: "principles/focus".into(),
                anchor: None
            }
        );
        assert_eq!(
            c("@ref:sibling.md#a"),
            Target::Ref {
                path: "sibling.md".into(),
                anchor: Some("a".into())
            }
        );
        assert_eq!(
            c("https://docs.example.com/framework/ops_loops.html#x"),
            Target::Site {
                path: "/ops_loops.html".into(),
                anchor: Some("x".into())
            }
        );
        assert_eq!(
            c("/ops/ops01/"),
            Target::Url {
                path: "/ops/ops01/".into(),
                anchor: None
            }
        );
        assert_eq!(
            c("my%20page.md?x=1"),
            Target::Relative {
                path: "my page.md".into(),
                anchor: None
            }
        );
        assert_eq!(
            classify("OPS01-BP02#Steps", true, &[], "/"),
            Target::Id {
                id: "OPS01-BP02".into(),
                anchor: Some("Steps".into())
            }
        );
    }

    #[test]
    fn the_longest_site_prefix_wins() {
        let prefixes = [
            "https://docs.example.org/".to_string(),
            "https://docs.example.org/handbook/".to_string(),
        ];
        for order in [[0, 1], [1, 0]] {
            let prefixes = order.map(|i| prefixes[i].clone());
            let site = |dest| classify(dest, false, &prefixes, "/");
            assert_eq!(
                site("https://docs.example.org/handbook/a/#x"),
                Target::Site {
                    path: "/a/".into(),
                    anchor: Some("x".into())
                }
            );
            assert_eq!(
                site("https://docs.example.org/handbook"),
                Target::Site {
                    path: "/".into(),
                    anchor: None
                }
            );
            assert_eq!(
                site("https://docs.example.org/b/"),
                Target::Site {
                    path: "/b/".into(),
                    anchor: None
                }
            );
        }
    }

    #[test]
    fn hugo_refs_become_same_length_destinations() {
        let src =
            "See [focus]({{< ref \"/principles/focus.md\" >}}) and [x]({{% relref \"a.md#b\" %}}).";
        let out = rewrite_hugo_refs(src);
        assert_eq!(out.len(), src.len());
        assert!(out.contains("[focus](<@ref:/principles/focus.md"), "{out}");
        assert!(out.contains("[x](<@ref:a.md#b"), "{out}");
        assert_eq!(
            rewrite_hugo_refs("{{< youtube id >}}"),
            "{{< youtube id >}}"
        );
        assert_eq!(rewrite_hugo_refs("plain"), "plain");
    }

    #[test]
    fn percent_decoding_keeps_malformed_escapes() {
        assert_eq!(percent_decode("a%20b%C3%A9"), "a bé");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
