//! The plain text of a rendered body, read from the HTML the markdown stage already made
//! (the markdown is not parsed again): tags dropped (block tags leave a space, inline ones
//! nothing), `<script>`, `<style>`, heading self-links and `aria-hidden` elements left out,
//! entities decoded, whitespace collapsed.
//! Link-text placeholders (`\u{1}3t\u{1}`) are given their text by the caller.
//!
//! ```
//! use praxis::search::text::plain;
//! let mut out = String::new();
//! plain("<h2 id=\"a\">Step <em>one</em></h2>\n<p>Fish &amp; chips</p>", &mut |_, _| {}, &mut out);
//! assert_eq!(out, "Step one Fish & chips");
//! ```

/// Tags that do not end a word: `a<em>b</em>` reads `ab`.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Elements without content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Appends the text of `html` to `out`. `link_text(index, out)` writes the text of link
/// placeholder `index`.
pub fn plain(html: &str, link_text: &mut dyn FnMut(usize, &mut String), out: &mut String) {
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&', '\u{1}']) {
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

/// Text with its whitespace collapsed into single spaces, none leading.
fn push_text(text: &str, out: &mut String) {
    for (i, piece) in text.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        if i > 0 {
            space(out);
        }
        out.push_str(piece);
    }
}

fn space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Skips the tag at the start of `tail` (and the content of script and style elements).
fn tag<'a>(tail: &'a str, out: &mut String) -> &'a str {
    let Some(end) = tail.find('>') else {
        return "";
    };
    let inner = tail[1..end].trim_start_matches('/');
    let name_end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let after = &tail[end + 1..];
    // Heading self-links (`#`) and what is hidden from screen readers are not text.
    let hidden = inner.contains("aria-hidden=\"true\"") || inner.contains("class=\"anchor\"");
    let void = inner.ends_with('/') || VOID.contains(&name.as_str());
    if name == "script" || name == "style" || (hidden && !void && !tail[1..].starts_with('/')) {
        let close = format!("</{name}");
        if let Some(i) = after.find(close.as_str()) {
            let rest = &after[i + close.len()..];
            space(out);
            return rest.find('>').map_or("", |i| &rest[i + 1..]);
        }
    }
    if !INLINE.contains(&name.as_str()) {
        space(out);
    }
    after
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
        out
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
