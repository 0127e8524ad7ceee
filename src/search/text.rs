//! The plain text of a rendered body, read from the HTML the markdown stage already made
//! (the markdown is not parsed again): tags dropped (block tags leave a space, inline ones
//! nothing), `<script>`, `<style>`, heading self-links and `aria-hidden` elements left out,
//! entities decoded. Whitespace stays as written: only a snippet's few words are tidied,
//! by [`collapsed`].
//! Link-text placeholders (`\u{1}3t\u{1}`) are given their text by the caller.
//!
//! ```
//! use praxis::search::text::{collapsed, plain};
//! let mut out = String::new();
//! plain("<h2 id=\"a\">Step <em>one</em></h2>\n<p>Fish &amp; chips</p>", &mut |_, _| {}, &mut out);
//! assert_eq!(out, "Step one \nFish & chips");
//! assert_eq!(collapsed(&out, 10), "Step one Fish");
//! ```

/// Appends the text of `html` to `out`. `link_text(index, out)` writes the text of link
/// placeholder `index`.
pub fn plain(html: &str, link_text: &mut dyn FnMut(usize, &mut String), out: &mut String) {
    let mut rest = html;
    while let Some(at) = memchr::memchr3(b'<', b'&', 1, rest.as_bytes()) {
        push_text(&rest[..at], out);
        let tail = &rest[at..];
        rest = match tail.as_bytes()[0] {
            b'<' => tag(tail, out),
            b'&' => entity(tail, out),
            _ => placeholder(tail, link_text, out),
        };
    }
    push_text(rest, out);
    let kept = out.trim_end().len();
    out.truncate(kept);
}

/// Text as written: the tokeniser reads any whitespace as a break, and [`collapsed`] tidies
/// the little a snippet shows.
fn push_text(text: &str, out: &mut String) {
    out.push_str(text);
}

/// A break between words, unless one is there.
fn space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(|c: char| c.is_ascii_whitespace()) {
        out.push(' ');
    }
}

/// The words of `text` from its start, one space between each, until at least `limit`
/// characters are kept (or the text ends).
pub fn collapsed(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_ascii_whitespace() {
        if chars >= limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word.chars().count();
    }
    out
}

/// Skips the tag at the start of `tail` (and the content of script and style elements).
fn tag<'a>(tail: &'a str, out: &mut String) -> &'a str {
    let Some(end) = memchr::memchr(b'>', tail.as_bytes()) else {
        return "";
    };
    let closing = tail[1..].starts_with('/');
    let inner = tail[1..end].trim_start_matches('/');
    let name_end = inner
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    let after = &tail[end + 1..];
    let kind = kind(name);
    let skipped = kind == Kind::Raw
        || (!closing && !inner.ends_with('/') && kind != Kind::Void && hidden(&inner[name_end..]));
    if skipped && let Some(rest) = after_element(after, name) {
        space(out);
        return rest;
    }
    if kind != Kind::Inline {
        space(out);
    }
    after
}

/// What an element's tags mean for its text.
#[derive(PartialEq)]
enum Kind {
    /// Does not end a word: `a<em>b</em>` reads `ab`.
    Inline,
    /// Has no content.
    Void,
    /// Holds no text: script and style.
    Raw,
    /// Parts the words before and after it.
    Block,
}

/// The kind of element `name` (any case).
fn kind(name: &str) -> Kind {
    let mut lower = [0u8; 8];
    let Some(buf) = lower.get_mut(..name.len()) else {
        return Kind::Block;
    };
    buf.copy_from_slice(name.as_bytes());
    buf.make_ascii_lowercase();
    match &*buf {
        b"a" | b"abbr" | b"b" | b"bdi" | b"cite" | b"code" | b"data" | b"del" | b"dfn" | b"em"
        | b"i" | b"ins" | b"kbd" | b"mark" | b"q" | b"s" | b"samp" | b"small" | b"span"
        | b"strong" | b"sub" | b"sup" | b"time" | b"u" | b"var" => Kind::Inline,
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"source" | b"track" | b"wbr" => Kind::Void,
        b"script" | b"style" => Kind::Raw,
        _ => Kind::Block,
    }
}

/// Heading self-links (`#`) and what is hidden from screen readers are not text.
fn hidden(attributes: &str) -> bool {
    // Most tags are a `class` of a few letters (highlighted code): shorter than either.
    attributes.len() >= 15
        && (attributes.contains("aria-hidden=\"true\"") || attributes.contains("class=\"anchor\""))
}

/// What follows the closing tag of element `name`, whose start tag ended before `after`.
fn after_element<'a>(after: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = after[from..].find("</") {
        let at = from + i + 2;
        let candidate = after.get(at..at + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name)) {
            let rest = &after[at + name.len()..];
            return Some(rest.find('>').map_or("", |i| &rest[i + 1..]));
        }
        from = at;
    }
    None
}

/// Decodes the entity at the start of `tail`; a lone `&` stays as written.
fn entity<'a>(tail: &'a str, out: &mut String) -> &'a str {
    let end = tail[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
    let Some(end) = end else {
        out.push('&');
        return &tail[1..];
    };
    let name = &tail[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    match decoded {
        Some(' ') => space(out),
        Some(c) => out.push(c),
        None => out.push_str(&tail[..=end]),
    }
    &tail[end + 1..]
}

/// A link placeholder, `\u{1}<index><kind>\u{1}`: the text of a `t` (link text) one.
fn placeholder<'a>(
    tail: &'a str,
    link_text: &mut dyn FnMut(usize, &mut String),
    out: &mut String,
) -> &'a str {
    let Some(end) = tail[1..].find('\u{1}').map(|i| i + 1) else {
        return &tail[1..];
    };
    let inner = &tail[1..end];
    if let Some(index) = inner.strip_suffix('t').and_then(|i| i.parse().ok()) {
        link_text(index, out);
    }
    &tail[end + 1..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        let mut out = String::new();
        plain(html, &mut |i, out| out.push_str(&format!("L{i}")), &mut out);
        collapsed(&out, usize::MAX)
    }

    #[test]
    fn block_tags_part_words_and_inline_tags_do_not() {
        assert_eq!(text("<p>a<em>b</em></p><p>c</p>"), "ab c");
        assert_eq!(text("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"), "one two");
    }

    #[test]
    fn decodes_entities_and_leaves_out_scripts() {
        assert_eq!(
            text("&lt;b&gt; &#233;&#x4E2D; &bogus; a & b"),
            "<b> é中 &bogus; a & b"
        );
        assert_eq!(
            text("x<script>let a = 1 < 2;</script>y<style>p{}</style>"),
            "x y"
        );
    }

    #[test]
    fn placeholders_give_link_text() {
        assert_eq!(text("see \u{1}0a\u{1}\u{1}0t\u{1}\u{1}0c\u{1}."), "see L0.");
    }
}
