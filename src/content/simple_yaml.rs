//! A fast path for the front matter most pages have: flat `key: value` lines whose values
//! are quoted strings, plain words, whole numbers, booleans, dates, `[a, b]` lists or `- item`
//! lists. General YAML costs several times more to parse than the page's markdown does;
//! this reads the common shape in one pass.
//!
//! It either returns exactly the value the full parser ([`crate::yaml::parse`]) would, or
//! `None`, and the caller falls back to it. Anything it is not certain about (nesting, anchors, tags, block
//! scalars, comments after values, escapes beyond `\"` and `\\`, numbers that are not plain
//! whole numbers, duplicate keys, …) makes it give up, so errors and unusual documents are
//! always handled, and reported, by the full parser. The tests below compare the two on
//! every shape.

use crate::yaml::Value;

/// The `key: value` entries of `text`, in order, if it only uses the simple subset; `None`
/// otherwise. They are what the full parser's mapping would hold; not gathered into a
/// [`crate::yaml::Mapping`] because the caller only walks them once.
pub(crate) fn parse(text: &str) -> Option<Vec<(Value, Value)>> {
    let mut entries: Vec<(Value, Value)> = Vec::with_capacity(16);
    let mut keys = Keys::default();
    let mut lines = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .peekable();
    while let Some(line) = lines.next() {
        if skippable(line) {
            continue;
        }
        let (key, rest) = key_and_rest(line)?;
        let value = if rest.is_empty() {
            block_list(&mut lines)?
        } else {
            value(rest)?
        };
        if !keys.insert(key) {
            return None;
        }
        entries.push((Value::String(key.to_string()), value));
    }
    Some(entries)
}

/// The keys met so far, to tell a duplicate: a list while there are a handful (a scan is
/// cheaper than hashing them), a set beyond, so that a document of many keys is read in
/// linear time (a list alone took 18-24 s for 100,000 keys).
#[derive(Default)]
struct Keys<'a> {
    few: Vec<&'a str>,
    many: rustc_hash::FxHashSet<&'a str>,
}

impl<'a> Keys<'a> {
    /// The most keys kept in the list.
    const FEW: usize = 32;

    /// Notes `key`; false when it was already there.
    fn insert(&mut self, key: &'a str) -> bool {
        if !self.many.is_empty() {
            return self.many.insert(key);
        }
        if self.few.contains(&key) {
            return false;
        }
        self.few.push(key);
        if self.few.len() > Self::FEW {
            self.many = self.few.drain(..).collect();
        }
        true
    }
}

/// A blank line or a whole-line comment.
fn skippable(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// `key: rest` at the start of a line, with a key of letters, digits, `_` and `-` that
/// starts with a letter or `_` and is not a word YAML reads as null or a boolean.
fn key_and_rest(line: &str) -> Option<(&str, &str)> {
    if line.contains('\t') {
        return None;
    }
    let colon = line.find(':')?;
    let key = &line[..colon];
    let first = key.bytes().next()?;
    if !(first.is_ascii_alphabetic() || first == b'_')
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        || special_word(key).is_some()
    {
        return None;
    }
    let after = &line[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((key, after.trim_matches(' ')))
}

/// The value of a key written with nothing after its colon: a `- item` list on the lines
/// that follow, or null when the next line is another key.
fn block_list<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>) -> Option<Value> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(&line) = lines.peek() {
        if skippable(line) {
            lines.next();
            continue;
        }
        let item_indent = line.len() - line.trim_start_matches(' ').len();
        let Some(item) = line[item_indent..].strip_prefix("- ") else {
            // Anything indented that is not an item (a nested map, a continued scalar) is
            // for the full parser; an unindented line is the next key.
            if item_indent > 0 || line.starts_with('-') {
                return None;
            }
            break;
        };
        if *indent.get_or_insert(item_indent) != item_indent || line.contains('\t') {
            return None;
        }
        items.push(value(item.trim_matches(' '))?);
        lines.next();
    }
    Some(match indent {
        Some(_) => Value::Sequence(items),
        None => Value::Null,
    })
}

/// A value written after `key: ` or `- `.
fn value(text: &str) -> Option<Value> {
    match text.as_bytes().first()? {
        b'"' => only(double_quoted(text)?).map(Value::String),
        b'\'' => only(single_quoted(text)?).map(Value::String),
        b'[' => flow_list(text),
        _ => plain(text, false),
    }
}

/// A quoted string that must be all of its value: nothing may follow the closing quote.
fn only((string, rest): (String, &str)) -> Option<String> {
    rest.trim_matches(' ').is_empty().then_some(string)
}

/// `"…"` at the start of `text`: the string and what follows the closing quote.
fn double_quoted(text: &str) -> Option<(String, &str)> {
    let mut rest = &text[1..];
    let mut out = String::with_capacity(rest.len());
    // Runs between quotes and backslashes are copied whole (titles and descriptions are
    // mostly such runs).
    loop {
        let at = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'"' {
            return Some((out, &rest[at + 1..]));
        }
        match rest.as_bytes().get(at + 1) {
            Some(&escaped @ (b'"' | b'\\')) => out.push(char::from(escaped)),
            _ => return None,
        }
        rest = &rest[at + 2..];
    }
}

/// `'…'` at the start of `text`, where `''` stands for one quote.
fn single_quoted(text: &str) -> Option<(String, &str)> {
    let body = &text[1..];
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        if rest[end + 1..].starts_with('\'') {
            out.push('\'');
            rest = &rest[end + 2..];
        } else {
            return Some((out, &rest[end + 1..]));
        }
    }
}

/// `[a, "b", 'c']` on one line.
fn flow_list(text: &str) -> Option<Value> {
    let mut rest = text[1..].trim_start_matches(' ');
    let mut items = Vec::new();
    if let Some(after) = rest.strip_prefix(']') {
        return after
            .trim_matches(' ')
            .is_empty()
            .then_some(Value::Sequence(items));
    }
    loop {
        let (item, after) = match rest.as_bytes().first()? {
            b'"' => {
                let (s, after) = double_quoted(rest)?;
                (Value::String(s), after)
            }
            b'\'' => {
                let (s, after) = single_quoted(rest)?;
                (Value::String(s), after)
            }
            _ => {
                let end = rest.find([',', ']'])?;
                (
                    plain(rest[..end].trim_end_matches(' '), true)?,
                    &rest[end..],
                )
            }
        };
        items.push(item);
        rest = after.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix(',') {
            rest = after.trim_start_matches(' ');
            if rest.starts_with([',', ']']) {
                return None;
            }
        } else {
            let after = rest.strip_prefix(']')?;
            return after
                .trim_matches(' ')
                .is_empty()
                .then_some(Value::Sequence(items));
        }
    }
}

/// An unquoted scalar: a whole number, a null or boolean word, a date, or text that starts
/// with a letter or `/`. `in_flow` is true inside `[…]`, where brackets, braces, `:` and
/// `#` are left to the full parser.
fn plain(text: &str, in_flow: bool) -> Option<Value> {
    let first = text.chars().next()?;
    if text.contains(" #")
        || text.contains(": ")
        || text.ends_with(':')
        || (in_flow && text.contains(['[', ']', '{', '}', ':', '#']))
    {
        return None;
    }
    if let Some(word) = special_word(text) {
        return Some(word);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        if text.len() > 1 && text.starts_with('0') {
            return None;
        }
        return text.parse::<u64>().ok().map(|n| Value::Integer(n.into()));
    }
    if is_date(text) || first.is_alphabetic() || first == '/' {
        return Some(Value::String(text.to_string()));
    }
    None
}

/// The words YAML 1.2's core schema reads as null or booleans.
fn special_word(text: &str) -> Option<Value> {
    match text {
        "~" | "null" | "Null" | "NULL" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// `YYYY-MM-DD`, optionally followed by a time: YAML keeps these as strings.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10
            || (matches!(b[10], b'T' | b't' | b' ')
                && b[11..]
                    .iter()
                    .all(|c| c.is_ascii_digit() || b":.+-Zz ".contains(c))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Mapping;

    /// The fast path must agree with the full parser whenever it answers.
    fn agrees(text: &str) -> bool {
        let fast = parse(text).map(|entries| Value::Mapping(entries.into_iter().collect()));
        if let Some(fast) = &fast {
            let full: Value = crate::yaml::parse(text)
                .unwrap_or_else(|e| panic!("fast path accepted invalid YAML {text:?}: {e:?}"));
            let full = if full == Value::Null {
                Value::Mapping(Mapping::new())
            } else {
                full
            };
            assert_eq!(fast, &full, "fast path disagrees on {text:?}");
        }
        fast.is_some()
    }

    #[test]
    fn reads_the_common_shape() {
        let text = "title: \"OPS01-BP02 Keep \\\"runbooks\\\" close\"\n\
                    description: 'It''s about **speed**.'\n\
                    date: 2021-05-19\n\
                    weight: 12\n\
                    id: \"OPS01-BP02\"\n\
                    draft: false\n\
                    tags: [\"a-b\", c d, 'e']\n\
                    categories: []\n\
                    aliases:\n  - /old/path.html\n  - \"/wa/ops01/\"\n\
                    risk: High\n";
        assert!(agrees(text));
        let map: Mapping = parse(text).unwrap().into_iter().collect();
        assert_eq!(map.len(), 10);
        assert_eq!(
            map.get("title"),
            Some(&Value::String("OPS01-BP02 Keep \"runbooks\" close".into()))
        );
        assert_eq!(map.get("weight"), Some(&Value::Integer(12)));
    }

    #[test]
    fn agrees_with_the_full_parser_on_every_accepted_case() {
        let cases = [
            "a: 1",
            "a: 0",
            "a: 007",
            "a: -3",
            "a: 1.5",
            "a: 1e3",
            "a: 0x1F",
            "a: 18446744073709551616",
            "a: yes",
            "a: no",
            "a: on",
            "a: True",
            "a: FALSE",
            "a: ~",
            "a: null",
            "a:",
            "a:\nb: 2",
            "a: nan",
            "a: inf",
            "a: .inf",
            "a: Infinity",
            "a: 2020-01-02",
            "a: 2020-01-02T10:00:00Z",
            "a: 2020-01-02 10:00:00 +01:00",
            "a: 2020-1-2",
            "a: hello world",
            "a: hello: world",
            "a: hello #comment",
            "a: hello#no-comment",
            "a: it's fine",
            "a: \"quoted # not a comment\"",
            "a: \"tab\\tescape\"",
            "a: \"unicode \\u00e9\"",
            "a: 'single ''quoted'''",
            "a: \"unterminated",
            "a: \"x\" trailing",
            "a: [1, two, \"three\", 'four', true, ~]",
            "a: [a, , b]",
            "a: [a, b,]",
            "a: [nested, [list]]",
            "a: [a: b]",
            "a: {x: 1}",
            "a: &anchor x\nb: *anchor",
            "a: !tag x",
            "a: |\n  block",
            "a: >\n  folded",
            "a: plain\n  continued",
            "a:\n  - x\n  - y\nb: z",
            "a:\n- x\n- y",
            "a:\n  - x\n   - y",
            "a:\n  - x\n  - [y, z]",
            "a:\n  - - x",
            "a:\n  nested: map",
            "a: 1\na: 2",
            "true: x",
            "1: x",
            "a b: x",
            "a-b_c: x",
            "# comment\na: x\n\n  # indented comment\nb: y",
            "a: x\r\nb: y\r\n",
            "a:\tx",
            "/path: x",
            "a: /path/to/page.html",
            "a: 'x' # comment",
            "a: ? x",
            "a: @at",
            "a: `tick",
            "a: %pct",
            "a: é accented",
            "a: 3 apples",
            "a: -",
            "a: - x",
            "---\na: 1",
            "a: 1\n...",
        ];
        let accepted = cases.iter().filter(|c| agrees(c)).count();
        // The fast path should take the plain cases, not give up on everything.
        assert!(accepted >= 30, "only {accepted} cases took the fast path");
    }

    #[test]
    fn gives_up_on_what_it_does_not_know() {
        for text in [
            "a: 1.5",
            "a: 007",
            "a:\n  nested: map",
            "a: 1\na: 2",
            "a: x # comment",
            "a: \"\\u00e9\"",
            "a: &x y",
            "a: |\n  block",
            "a: plain\n  continued",
        ] {
            assert_eq!(parse(text), None, "{text:?} should go to the full parser");
        }
    }

    /// Random documents assembled from pieces, compared with the full parser: a cheap fuzzer
    /// with a fixed seed, so failures reproduce.
    #[test]
    fn agrees_on_generated_documents() {
        const KEYS: [&str; 8] = ["title", "id", "tags", "weight", "date", "x_y", "a-b", "k"];
        const VALUES: [&str; 28] = [
            "plain text",
            "\"double\"",
            "'single'",
            "''",
            "\"\"",
            "\"a \\\\ b \\\" c\"",
            "'it''s'",
            "42",
            "0",
            "01",
            "-1",
            "3.25",
            "true",
            "False",
            "~",
            "2024-02-29",
            "[a, \"b\", 'c']",
            "[]",
            "[ spaced , list ]",
            "[1, 2]",
            "/url/path/",
            "Ünïcode",
            "a:b",
            "a # b",
            "x]",
            "[unclosed",
            "{}",
            "\"esc \\n\"",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut accepted = 0;
        for _ in 0..3000 {
            let mut doc = String::new();
            for _ in 0..1 + next(5) {
                let key = KEYS[next(KEYS.len())];
                match next(6) {
                    0 => {
                        doc.push_str(key);
                        doc.push_str(":\n");
                        let indent = ["", "  ", "    "][next(3)];
                        for _ in 0..next(3) {
                            doc.push_str(indent);
                            doc.push_str("- ");
                            doc.push_str(VALUES[next(VALUES.len())]);
                            doc.push('\n');
                        }
                    }
                    1 => doc.push_str("# note\n\n"),
                    _ => {
                        doc.push_str(key);
                        doc.push_str(": ");
                        doc.push_str(VALUES[next(VALUES.len())]);
                        doc.push('\n');
                    }
                }
            }
            if agrees(&doc) {
                accepted += 1;
            }
        }
        assert!(
            accepted > 500,
            "only {accepted} generated documents took the fast path"
        );
    }
    /// Every YAML front matter in the repository (the handbook and the test fixtures,
    /// broken ones included) reads the same both ways.
    #[test]
    fn agrees_on_the_repository_pages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for dir in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Ok(split) = super::super::front_matter::split(&text) else {
                    continue;
                };
                if let Some(front) = split.front
                    && front.format == super::super::front_matter::Format::Yaml
                {
                    agrees(front.text);
                    seen += 1;
                }
            }
        }
        assert!(seen > 20, "only {seen} YAML front matters found");
    }
}
