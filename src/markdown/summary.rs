//! A page's summary as plain text, taken while the body is rendered: the text of its first
//! paragraph with words of its own, for `<meta name="description">` and listings. Also the
//! `<!--more-->` divider, found in the HTML written.
//!
//! ```
//! use praxis::markdown::summary::cut;
//! assert_eq!(cut("Short enough.", 160), "Short enough.");
//! assert_eq!(cut("one two three", 9), "one two…");
//! ```

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag, TagEnd};

/// The most characters of a summary, `…` included: what search engines show of a
/// description.
pub const SUMMARY_CHARS: usize = 160;

/// `text` cut at a word boundary to at most `limit` characters, `…` included; whole when
/// it fits. A first word longer than the limit is cut inside.
pub fn cut(text: &str, limit: usize) -> Cow<'_, str> {
    let Some((end, _)) = text.char_indices().nth(limit) else {
        return Cow::Borrowed(text);
    };
    // Room for the ellipsis: keep at most `limit - 1` characters of text.
    let keep = text[..end]
        .char_indices()
        .nth(limit.saturating_sub(1))
        .map_or(end, |(i, _)| i);
    let head = &text[..keep];
    // The boundary: the last space whose next character starts a word that did not fit.
    let at_word = text[keep..].starts_with(' ');
    let head = if at_word {
        head
    } else {
        head.rfind(' ').map_or(head, |space| &head[..space])
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c));
    Cow::Owned(format!("{head}…"))
}

/// Where the first `<!--more-->` divider starts in `html`: Hugo's spelling, or with spaces
/// inside (`<!-- more -->`).
pub fn find_more(html: &str) -> Option<usize> {
    html.match_indices("<!--").map(|(i, _)| i).find(|&i| {
        let rest = html[i + 4..].trim_start_matches([' ', '\t']);
        rest.strip_prefix("more")
            .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with("-->"))
    })
}

/// Watches the events between the link recorder and the writer and keeps the plain text
/// of the first top-level paragraph that has words outside links: a line of links alone
/// is navigation left from another site, not the page's opening.
pub(super) struct SummaryTap<I> {
    inner: I,
    /// Open block quotes, lists, tables, definition lists and footnotes.
    depth: usize,
    /// Open links in the paragraph being read.
    links: usize,
    /// Reading a candidate paragraph.
    open: bool,
    /// Words outside links seen in it.
    own: bool,
    /// Characters taken (placeholders not counted); enough once past the limit.
    chars: usize,
    text: String,
    whole: bool,
    found: Option<String>,
}

impl<I> SummaryTap<I> {
    /// `whole` keeps the text uncut (a description, shown as written).
    pub(super) fn new(inner: I, whole: bool) -> Self {
        SummaryTap {
            inner,
            depth: 0,
            links: 0,
            open: false,
            own: false,
            chars: 0,
            text: String::new(),
            whole,
            found: None,
        }
    }

    /// The summary: cut to [`SUMMARY_CHARS`] unless whole or holding link-text
    /// placeholders, which are cut once filled.
    pub(super) fn finish(self) -> Option<String> {
        self.found
    }

    fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(
                Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::DefinitionList
                | Tag::FootnoteDefinition(_),
            ) => self.depth += 1,
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::DefinitionList
                | TagEnd::FootnoteDefinition,
            ) => self.depth = self.depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) if self.depth == 0 => {
                self.open = true;
                self.own = false;
                self.links = 0;
                self.chars = 0;
                self.text.clear();
            }
            _ if !self.open => {}
            Event::End(TagEnd::Paragraph) => self.close(),
            Event::Text(text) | Event::Code(text) => {
                if self.links == 0 && text.chars().any(char::is_alphanumeric) {
                    self.own = true;
                }
                self.take(text);
            }
            Event::SoftBreak | Event::HardBreak => self.take(" "),
            Event::Start(Tag::Link { .. }) => self.links += 1,
            Event::End(TagEnd::Link) => self.links = self.links.saturating_sub(1),
            Event::InlineHtml(html) if html.starts_with('\u{1}') => match html.as_bytes() {
                [.., b'a', 1] => self.links += 1,
                [.., b'c', 1] => self.links = self.links.saturating_sub(1),
                [.., b't', 1] => self.text.push_str(html),
                _ => {}
            },
            _ => {}
        }
    }

    /// Appends text with whitespace collapsed, until there is enough to cut.
    fn take(&mut self, text: &str) {
        if !self.whole && self.chars > SUMMARY_CHARS {
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                    self.chars += 1;
                }
            } else {
                self.text.push(c);
                self.chars += 1;
            }
        }
    }

    fn close(&mut self) {
        self.open = false;
        let text = self.text.trim_end();
        if !self.own || text.is_empty() {
            return;
        }
        let kept = if self.whole || text.contains('\u{1}') {
            text.to_string()
        } else {
            cut(text, SUMMARY_CHARS).into_owned()
        };
        self.found = Some(kept);
        self.text = String::new();
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for SummaryTap<I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.inner.next()?;
        if self.found.is_none() {
            self.observe(&event);
        }
        Some(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_a_word_boundary_within_the_limit() {
        let text = "Before any work begins, the team confirms every input.";
        assert_eq!(cut(text, 100), text);
        assert_eq!(cut(text, text.chars().count()), text);
        for limit in 10..text.len() {
            let out = cut(text, limit);
            assert!(out.chars().count() <= limit, "{limit}: {out}");
            assert!(out.ends_with('…'));
            let kept = out.trim_end_matches('…');
            assert!(
                text.starts_with(kept) && !kept.ends_with([' ', ',']),
                "{out}"
            );
            // Whole words only.
            assert!(text[kept.len()..].starts_with([' ', ',']), "{limit}: {out}");
        }
        assert_eq!(cut("one two three", 9), "one two…");
        assert_eq!(cut("one two three", 8), "one two…");
        assert_eq!(cut("one two three", 7), "one…");
        assert_eq!(cut("incomprehensibilities", 6), "incom…");
        assert_eq!(cut("déjà vu à Paris", 9), "déjà vu…");
    }

    #[test]
    fn finds_the_more_divider_in_either_spelling() {
        assert_eq!(find_more("<p>a</p>\n<!--more-->"), Some(9));
        assert_eq!(find_more("<!-- more -->"), Some(0));
        assert_eq!(find_more("<!-- other --><!--  more\t-->"), Some(14));
        assert_eq!(find_more("<!-- moreover -->"), None);
        assert_eq!(find_more("no divider"), None);
    }
}
