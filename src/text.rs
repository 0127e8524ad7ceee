//! Small text helpers every stage shares: URL slugs, heading ids, natural ordering and
//! titles made from file names, and the one HTML/XML escaper. Pure functions only; nothing
//! here touches files.
//!
//! ```
//! use praxis::text::{natural_cmp, slugify};
//! assert_eq!(slugify("Value Delivery"), "value-delivery");
//! assert!(natural_cmp("OPS2", "OPS10").is_lt());
//! ```

use std::cmp::Ordering;

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Turns free text into a URL path segment: lowercase, unicode letters and digits kept,
/// every run of anything else becomes one `-`, with no `-` at either end. Combining marks
/// (Unicode category Mark: the virama of Devanagari and Bengali, Thai vowel signs, Arabic
/// harakat, a decomposed accent) stay with the letter they follow, so a word is never cut
/// inside; a mark with nothing kept before it (the variation selector of a dropped emoji) is
/// dropped, as are variation selectors everywhere.
///
/// `"Décision Making"` becomes `"décision-making"`; `"OPS01_BP02"` becomes `"ops01-bp02"`.
/// The result is empty when the input holds no letter or digit.
pub fn slugify(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_dash = false;
    // Whether the last character was kept: only then may a mark follow.
    let mut after_kept = false;
    for c in input.chars() {
        // ASCII first: nearly every slug is plain ASCII, and a site slugifies each term of
        // each page, so the Unicode tables are consulted only when needed.
        let keep = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else if c.is_alphanumeric() {
            true
        } else if is_mark(c) {
            // A mark never separates words: kept with its letter, or dropped silently.
            if after_kept && !is_variation_selector(c) {
                out.extend(c.to_lowercase());
            } else {
                after_kept = false;
            }
            continue;
        } else {
            false
        };
        after_kept = keep;
        if !keep {
            pending_dash = true;
            continue;
        }
        if pending_dash && !out.is_empty() {
            out.push('-');
        }
        pending_dash = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A file or folder name made into a URL segment the way Hugo makes paths: lowercase;
/// letters, digits, combining marks and `_ . - ~ +` kept; each run of whitespace becomes one
/// `-`; any other character is dropped (not replaced). `hugo_mod` stays `hugo_mod`,
/// `My File (draft)` becomes `my-file-draft`. Empty when nothing is left, or only dots
/// (`.` and `..` are not names).
pub fn slugify_safe(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_dash = false;
    let mut was_hyphen = false;
    let mut after_kept = false;
    for c in input.chars() {
        let keep = if c.is_ascii() {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '~' | '+')
        } else if c.is_alphanumeric() {
            true
        } else if is_mark(c) {
            after_kept && !is_variation_selector(c)
        } else {
            false
        };
        if !keep {
            after_kept = false;
            if !out.is_empty() && !was_hyphen && c.is_whitespace() {
                pending_dash = true;
            }
            continue;
        }
        after_kept = true;
        was_hyphen = c == '-';
        if pending_dash && !was_hyphen {
            out.push('-');
        }
        pending_dash = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if out.bytes().all(|b| b == b'.') {
        out.clear();
    }
    out
}

/// An explicit `slug:` as written, only made safe as one URL segment: trimmed and lowercased
/// (as Hugo does), each run of whitespace, `/` or `\` becomes one `-`, and control characters
/// and the characters that mean something else in a URL or that some hosts cannot store
/// (`? # % * : " < > |`) are dropped. `v1.0-trio` stays `v1.0-trio`. Empty when nothing is
/// left, or only dots.
pub fn safe_slug(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_dash = false;
    for c in input.trim().chars() {
        if c.is_whitespace() || c == '/' || c == '\\' {
            pending_dash = !out.is_empty();
            continue;
        }
        if c.is_control() || is_reserved_in_paths(c) {
            continue;
        }
        if pending_dash {
            out.push('-');
            pending_dash = false;
        }
        out.extend(c.to_lowercase());
    }
    if out.bytes().all(|b| b == b'.') {
        out.clear();
    }
    out
}

/// Characters a URL path cannot hold as they are (`?` starts a query, `#` a fragment, `%` an
/// escape) or that a file name cannot hold on some hosts (`* : " < > |`).
pub fn is_reserved_in_paths(c: char) -> bool {
    matches!(c, '?' | '#' | '%' | '*' | ':' | '"' | '<' | '>' | '|')
}

/// A heading's anchor id, the way GitHub makes them: lowercase, letters, digits, combining
/// marks, `-` and `_` kept, spaces become `-`, other punctuation and symbols (emoji
/// included) are dropped (`"What's new?"` → `whats-new`), so anchors copied from a
/// repository's rendered README keep working. Outside ASCII, what GitHub keeps is its
/// `\p{Word}`: letters, marks, decimal digits, connector punctuation and the zero-width
/// joiners.
pub fn heading_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        // ASCII first, as in `slugify`: every heading of every page gets an id.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                out.push(c.to_ascii_lowercase());
            } else if matches!(c, ' ' | '\t'..='\r') {
                out.push('-');
            }
        } else if is_word(c) {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// Unicode category Mark (Mn, Mc, Me): the combining characters that belong to the letter
/// before them.
fn is_mark(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Mark
}

/// The variation selectors, which only choose how the character before them is drawn (an
/// emoji's colour form): nothing a URL needs.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// A character of GitHub's `\p{Word}` outside ASCII: alphabetic, a mark, a decimal digit,
/// connector punctuation, or a zero-width (non-)joiner.
fn is_word(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, '\u{200C}' | '\u{200D}')
        || matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
                | GeneralCategory::DecimalNumber
                | GeneralCategory::ConnectorPunctuation
        )
}

/// Compares two strings the way people read them: runs of digits compare by value
/// (`OPS2` < `OPS10`, `BP02` < `BP10`), letters compare case-insensitively. Strings equal under
/// those rules are then ordered by their exact bytes, so the order is total and deterministic.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_cmp_loose(a, b).then_with(|| a.cmp(b))
}

fn natural_cmp_loose(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (da, rest_a) = split_digits(a);
                let (db, rest_b) = split_digits(b);
                let (ta, tb) = (trim_zeros(da), trim_zeros(db));
                let by_value = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                a = rest_a;
                b = rest_b;
            }
            _ => {
                // Compare one character, case-insensitively.
                let ca = first_char(a);
                let cb = first_char(b);
                let ord = ca.0.to_lowercase().cmp(cb.0.to_lowercase());
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[ca.1..];
                b = &b[cb.1..];
            }
        }
    }
}

fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    let end = s
        .iter()
        .position(|c| !c.is_ascii_digit())
        .unwrap_or(s.len());
    s.split_at(end)
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| c != b'0').unwrap_or(s.len());
    &s[start..]
}

/// The first char of a UTF-8 byte slice that starts on a char boundary, with its byte length.
fn first_char(s: &[u8]) -> (char, usize) {
    let len = match s[0] {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    }
    .min(s.len());
    let c = std::str::from_utf8(&s[..len])
        .ok()
        .and_then(|t| t.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    (c, len)
}

/// A readable title from a file or folder name: `getting-started` → `Getting started`,
/// `ops_guide` → `Ops guide`.
pub fn title_from_name(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let trimmed = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `c` may not stand in an HTML or XML document: control characters other than tab,
/// line feed and carriage return (C0, DEL and C1), and the noncharacters U+FFFE and U+FFFF.
/// XML 1.0 refuses the whole document over one of them; HTML calls them parse errors.
pub fn is_forbidden_in_markup(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` without the characters [`is_forbidden_in_markup`] names; borrowed when it has
/// none, which a byte scan decides for almost every text.
///
/// ```
/// assert_eq!(praxis::text::without_forbidden("a\u{7}b\u{85}c\td"), "abc\td");
/// ```
pub fn without_forbidden(text: &str) -> std::borrow::Cow<'_, str> {
    // Only these bytes start a forbidden character: C0 and DEL themselves, 0xC2 (C1 is
    // U+0080–U+009F) and 0xEF (U+FFFE, U+FFFF).
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2 || b == 0xef
    };
    if !text.bytes().any(suspect) || !text.chars().any(is_forbidden_in_markup) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .filter(|&c| !is_forbidden_in_markup(c))
            .collect(),
    )
}

/// Escapes text for XML (feeds, sitemaps): the same as [`escape_html`], which already drops
/// what XML cannot hold.
///
/// ```
/// assert_eq!(praxis::text::escape_xml("a\u{1b}[1m & <b>"), "a[1m &amp; &lt;b&gt;");
/// ```
pub fn escape_xml(input: &str) -> String {
    escape_html(input)
}

/// Escapes text for use inside HTML element content and double-quoted attributes, leaving
/// out the characters no document may hold ([`is_forbidden_in_markup`]). The String form of
/// [`escape_html_into`].
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    escape_html_into(&mut out, input);
    out
}

/// Appends `input` to `out` escaped for element content and quoted attributes: `&` `<` `>`
/// `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` (the entities pulldown-cmark and
/// Tera write), and forbidden characters are dropped.
///
/// ```
/// let mut out = String::from("x=");
/// praxis::text::escape_html_into(&mut out, "\"Tom\" & 'Jerry'");
/// assert_eq!(out, "x=&quot;Tom&quot; &amp; &#39;Jerry&#39;");
/// ```
pub fn escape_html_into(out: &mut String, input: &str) {
    let _ = escape_with(input, Escape::Attribute, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// As [`escape_html_into`], but for text nodes only: quotes are left as they are (as
/// pulldown-cmark leaves them in body text), which keeps code blocks short.
pub fn escape_text_into(out: &mut String, input: &str) {
    let _ = escape_with(input, Escape::Text, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// What an escape must make safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Element content and double- or single-quoted attributes: all five characters.
    Attribute,
    /// Element content only: `&`, `<` and `>`; quotes stay.
    Text,
}

/// The one HTML/XML escaper: hands `emit` the escaped text of `input` piece by piece (runs
/// copied whole, entities, never a forbidden character), so that any writer can take it.
///
/// The scan itself is pulldown-cmark-escape's, which looks at sixteen bytes at a time: every
/// value a template prints passes through here, and a byte-by-byte loop cost a 1,000-page
/// build 1% more instructions.
pub fn escape_with<E>(
    input: &str,
    mode: Escape,
    emit: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let input = &*without_forbidden(input);
    let out = Emit(emit);
    match mode {
        Escape::Attribute => pulldown_cmark_escape::escape_html(out, input),
        Escape::Text => pulldown_cmark_escape::escape_html_body_text(out, input),
    }
}

/// A callback as pulldown-cmark-escape's writer.
struct Emit<F>(F);

impl<E, F: FnMut(&str) -> Result<(), E>> pulldown_cmark_escape::StrWrite for Emit<F> {
    type Error = E;

    fn write_str(&mut self, s: &str) -> Result<(), E> {
        (self.0)(s)
    }

    fn write_fmt(&mut self, args: std::fmt::Arguments<'_>) -> Result<(), E> {
        match args.as_str() {
            Some(s) => (self.0)(s),
            None => (self.0)(&args.to_string()),
        }
    }
}

/// The closest candidate to `word`, if one is close enough to be a plausible typo (edit
/// distance with transpositions, ignoring case).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_unicode_letters_and_collapses_punctuation() {
        assert_eq!(slugify("Value Delivery"), "value-delivery");
        assert_eq!(slugify("Décision"), "décision");
        assert_eq!(
            slugify("  OPS01_BP02 -- Evaluate!! "),
            "ops01-bp02-evaluate"
        );
        assert_eq!(slugify("Ünïcödé Straße"), "ünïcödé-straße");
        assert_eq!(slugify("e\u{301}cole"), "e\u{301}cole");
        assert_eq!(slugify("日本語 ページ"), "日本語-ページ");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("../x"), "x");
        assert_eq!(slugify("a/b"), "a-b");
    }

    // The table of scripts is tests/suite/unicode.rs, which checks these functions
    // directly and through a built site.
    #[test]
    fn emoji_leave_nothing_behind_in_slugs() {
        // The variation selector of `❤️` is a mark: GitHub's ids keep it, as anchors copied
        // from GitHub must match; a URL segment drops it with its emoji.
        assert_eq!(slugify("❤\u{fe0f} Love"), "love");
        assert_eq!(heading_id("❤\u{fe0f} Love"), "\u{fe0f}-love");
        assert_eq!(slugify("Keycap 1\u{fe0f}\u{20e3}"), "keycap-1");
        // A zero-width non-joiner is part of a Persian word on GitHub.
        assert_eq!(heading_id("می\u{200c}خواهم"), "می\u{200c}خواهم");
    }

    #[test]
    fn heading_ids_follow_github() {
        assert_eq!(heading_id("What's new?"), "whats-new");
        assert_eq!(
            heading_id("Implementation guidance"),
            "implementation-guidance"
        );
        assert_eq!(heading_id("OPS01-BP01 Evaluate"), "ops01-bp01-evaluate");
        assert_eq!(heading_id("snake_case name"), "snake_case-name");
        assert_eq!(heading_id("Straße"), "straße");
        assert_eq!(heading_id("Ünïcödé\u{2003}Title"), "ünïcödé-title");
    }

    #[test]
    fn heading_ids_treat_every_ascii_character_as_the_unicode_rules_do() {
        // The ASCII shortcut must agree with the general rule, character by character.
        for c in (0u8..128).map(char::from) {
            let text = format!("a{c}b");
            let expected: String = text
                .chars()
                .filter_map(|c| {
                    if c.is_alphanumeric() || c == '_' || c == '-' {
                        Some(c.to_lowercase().to_string())
                    } else if c.is_whitespace() {
                        Some("-".to_string())
                    } else {
                        None
                    }
                })
                .collect();
            assert_eq!(heading_id(&text), expected, "character {:?}", c);
        }
    }

    #[test]
    fn html_escaping_replaces_the_five_and_keeps_the_rest() {
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("plain words"), "plain words");
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape_html("é<ü>ß&"), "é&lt;ü&gt;ß&amp;");
        assert_eq!(escape_html("&&"), "&amp;&amp;");
    }

    #[test]
    fn text_escaping_leaves_quotes_and_drops_forbidden_characters() {
        let mut out = String::new();
        escape_text_into(&mut out, "a \"b\" 'c' <&>\u{7}");
        assert_eq!(out, "a \"b\" 'c' &lt;&amp;&gt;");
    }

    #[test]
    fn html_escaping_matches_pulldown_cmark_entities() {
        let text = "<a href=\"x\">Tom & Jerry's</a> é";
        let mut theirs = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut theirs, text);
        assert_eq!(escape_html(text), theirs);
        let mut body = String::new();
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut body, text);
        let mut ours = String::new();
        escape_text_into(&mut ours, text);
        assert_eq!(ours, body);
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut ids = vec![
            "OPS10",
            "OPS2",
            "ops1",
            "BP10",
            "BP02",
            "BP2",
            "OPS01-BP10",
            "OPS01-BP09",
        ];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            [
                "BP02",
                "BP2",
                "BP10",
                "ops1",
                "OPS01-BP09",
                "OPS01-BP10",
                "OPS2",
                "OPS10"
            ]
        );
    }

    #[test]
    fn natural_order_is_total_and_case_insensitive_first() {
        assert_eq!(natural_cmp("abc", "abc"), Ordering::Equal);
        assert!(natural_cmp("Apple", "banana").is_lt());
        assert!(natural_cmp("a", "A").is_gt());
        assert!(natural_cmp("x9", "x10").is_lt());
        assert!(natural_cmp("x", "x1").is_lt());
        assert!(natural_cmp("é", "z").is_gt());
        assert!(natural_cmp("18446744073709551616999", "2").is_gt());
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_name("getting-started"), "Getting started");
        assert_eq!(title_from_name("ops_guide"), "Ops guide");
        assert_eq!(title_from_name("ébauche"), "Ébauche");
        assert_eq!(title_from_name(""), "");
    }

    #[test]
    fn suggestions_pick_the_nearest_plausible_word() {
        let keys = ["title", "description", "base-url"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("base_url", keys), Some("base-url"));
        assert_eq!(did_you_mean("zzzzzz", keys), None);
    }
}
