//! A fenced code block's info string → its language and line options, in the two spellings
//! authors bring from other tools: Zola's `rust,linenos,hl_lines=2 4-6,linenostart=10` and
//! Hugo's `go {linenos=true, hl_lines=[2,"4-6"], linenostart=10}`. Options it cannot use come
//! back as [`Problem`]s, never as a failure. Knows nothing of highlighting or HTML.
//!
//! ```
//! use praxis::markdown::fence::parse;
//! let (fence, problems) = parse("go {linenos=true, hl_lines=[2,\"4-6\"]}");
//! assert_eq!(fence.lang, Some("go"));
//! assert!(fence.linenos && fence.is_marked(5) && !fence.is_marked(3));
//! assert!(problems.is_empty());
//! ```

use std::ops::RangeInclusive;

/// What an info string asks of its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence<'a> {
    /// The language as written (`rust`, `py`), if any.
    pub lang: Option<&'a str>,
    /// Number the lines.
    pub linenos: bool,
    /// The number of the first line.
    pub start: usize,
    /// Lines to mark, counted from 1 at the block's first line whatever `start` is (as Zola
    /// and Hugo count them).
    pub marked: Vec<RangeInclusive<usize>>,
}

impl Default for Fence<'_> {
    fn default() -> Self {
        Fence {
            lang: None,
            linenos: false,
            start: 1,
            marked: Vec::new(),
        }
    }
}

impl Fence<'_> {
    /// Whether the block's `line`-th line (from 1) is marked.
    pub fn is_marked(&self, line: usize) -> bool {
        self.marked.iter().any(|range| range.contains(&line))
    }

    /// Whether lines are written one by one (numbered or marked).
    pub fn by_line(&self) -> bool {
        self.linenos || !self.marked.is_empty()
    }
}

/// An option that was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset of the option in the info string.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

/// The help shown with every [`Problem`].
pub const HELP: &str = "write options as `rust,linenos,hl_lines=2 4-6,linenostart=10` or \
                        `rust {linenos=true, hl_lines=[2,\"4-6\"], linenostart=10}`";

/// Options of other tools that only concern their own renderers: accepted and left alone.
const IGNORED: &[&str] = &[
    // Hugo's highlighting settings.
    "style",
    "noclasses",
    "linenumbersintable",
    "anchorlinenos",
    "lineanchors",
    "tabwidth",
    "guesssyntax",
    "hl_inline",
    // rustdoc and mdBook attributes.
    "ignore",
    "should_panic",
    "no_run",
    "compile_fail",
    "editable",
    "noplayground",
    "mdbook-runnable",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// Parses an info string (see the module docs).
pub fn parse(info: &str) -> (Fence<'_>, Vec<Problem>) {
    let mut fence = Fence::default();
    let mut problems = Vec::new();
    let (head, braces) = match info.find('{') {
        Some(open) => (&info[..open], Some(open + 1)),
        None => (info, None),
    };
    let lang_start = head.len() - head.trim_start().len();
    let lang_end = head[lang_start..]
        .find([',', ' ', '\t'])
        .map_or(head.len(), |i| lang_start + i);
    let lang = &head[lang_start..lang_end];
    if !lang.is_empty() && !lang.contains('=') {
        fence.lang = Some(lang);
        options(info, lang_end, head.len(), &mut fence, &mut problems);
    } else {
        options(info, 0, head.len(), &mut fence, &mut problems);
    }
    if let Some(open) = braces {
        let close = info[open..].rfind('}').map(|i| open + i);
        if close.is_none() {
            problems.push(Problem {
                at: open - 1,
                message: "the options' `{` is never closed with `}`".to_string(),
            });
        }
        options(
            info,
            open,
            close.unwrap_or(info.len()),
            &mut fence,
            &mut problems,
        );
    }
    (fence, problems)
}

/// Reads the options in `info[from..to]` into `fence`.
fn options(info: &str, from: usize, to: usize, fence: &mut Fence, problems: &mut Vec<Problem>) {
    let mut at = from;
    while let Some((key, value, start, end)) = next_option(info, at, to) {
        at = end;
        if let Err(message) = apply(key, value, fence) {
            problems.push(Problem { at: start, message });
        }
    }
}

/// The next `key` or `key=value` at or after `at`, separated by commas or spaces: (key,
/// value, where it starts, where it ends).
fn next_option(info: &str, at: usize, to: usize) -> Option<(&str, Option<&str>, usize, usize)> {
    let text = &info[..to];
    let start = at + text[at..].find(|c: char| !is_separator(c))?;
    let key_end = text[start..]
        .find(|c: char| c == '=' || is_separator(c))
        .map_or(to, |i| start + i);
    let key = &text[start..key_end];
    if !text[key_end..].starts_with('=') {
        return Some((key, None, start, key_end));
    }
    let value_start = key_end + 1;
    let rest = &text[value_start..];
    let value_len = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |i| i + 2),
        Some('[') => rest.find(']').map_or(rest.len(), |i| i + 1),
        // Zola's `hl_lines=2 4-6`: a space followed by a digit goes on with the value.
        _ => unquoted_len(rest),
    };
    let value = &text[value_start..value_start + value_len];
    Some((key, Some(value), start, value_start + value_len))
}

fn is_separator(c: char) -> bool {
    c == ',' || c.is_whitespace()
}

/// The length of an unquoted value: up to a comma, or a space not followed by a digit.
fn unquoted_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b',' {
            return i;
        }
        if b.is_ascii_whitespace() {
            let next = bytes[i..].iter().find(|b| !b.is_ascii_whitespace());
            if !next.is_some_and(u8::is_ascii_digit) {
                return i;
            }
        }
    }
    rest.len()
}

/// Applies one option.
fn apply(key: &str, value: Option<&str>, fence: &mut Fence) -> Result<(), String> {
    let name = key.to_ascii_lowercase().replace('-', "_");
    let unquoted = value.map(|v| v.trim_matches(['"', '\'']).trim());
    match (name.as_str(), unquoted) {
        ("linenos", None) => fence.linenos = true,
        ("linenos", Some(v)) => {
            fence.linenos = match v.to_ascii_lowercase().as_str() {
                "true" | "table" | "inline" => true,
                "false" => false,
                _ => {
                    return Err(format!(
                        "`linenos={v}` is not `true`, `false`, `table` or `inline`"
                    ));
                }
            }
        }
        ("linenostart", Some(v)) => fence.start = number(v, "linenostart")?,
        // MkDocs' spelling: numbered lines from the number given.
        ("linenums", Some(v)) => {
            fence.linenos = true;
            fence.start = number(v, "linenums")?;
        }
        ("hl_lines", Some(v)) => fence.marked.extend(line_ranges(v)?),
        ("linenostart" | "linenums" | "hl_lines", None) => {
            return Err(format!("`{key}` needs a value, as in `{key}=2`"));
        }
        (other, _) if IGNORED.contains(&other) => {}
        _ => return Err(format!("unknown code block option `{key}`")),
    }
    Ok(())
}

fn number(text: &str, key: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("`{key}={text}` is not a whole number"))
}

/// `2 4-6`, `[2,"4-6"]` or `"2 4-6"` → the ranges, each counted from 1.
fn line_ranges(value: &str) -> Result<Vec<RangeInclusive<usize>>, String> {
    let list = value.trim_start_matches('[').trim_end_matches(']');
    let mut ranges = Vec::new();
    for item in list.split([',', ' ', '"', '\'']).filter(|s| !s.is_empty()) {
        let (first, last) = item.split_once('-').unwrap_or((item, item));
        match (first.trim().parse::<usize>(), last.trim().parse::<usize>()) {
            (Ok(first), Ok(last)) if first >= 1 && first <= last => ranges.push(first..=last),
            _ => {
                return Err(format!(
                    "`hl_lines`: `{item}` is not a line number or a range like `4-6`"
                ));
            }
        }
    }
    Ok(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fence(info: &str) -> Fence<'_> {
        let (fence, problems) = parse(info);
        assert!(problems.is_empty(), "{info}: {problems:?}");
        fence
    }

    #[test]
    fn a_bare_word_is_the_language() {
        assert_eq!(fence("rust").lang, Some("rust"));
        assert_eq!(fence("").lang, None);
        assert_eq!(fence("  python  ").lang, Some("python"));
        assert!(!fence("rust").by_line());
    }

    #[test]
    fn zola_options_follow_commas() {
        let f = fence("rust,linenos,hl_lines=2 4-6,linenostart=10");
        assert_eq!(f.lang, Some("rust"));
        assert!(f.linenos);
        assert_eq!(f.start, 10);
        assert_eq!(f.marked, [2..=2, 4..=6]);
    }

    #[test]
    fn hugo_options_sit_in_braces() {
        let f = fence("go {linenos=table, hl_lines=[2,\"4-6\"], linenostart=199}");
        assert_eq!(f.lang, Some("go"));
        assert!(f.linenos);
        assert_eq!(f.start, 199);
        assert_eq!(f.marked, [2..=2, 4..=6]);
        let f = fence("{hl_lines=\"3 5-6\" linenos=false}");
        assert_eq!(f.lang, None);
        assert!(!f.linenos);
        assert_eq!(f.marked, [3..=3, 5..=6]);
        assert!(fence("py linenums=\"5\"").linenos);
    }

    #[test]
    fn other_tools_options_are_left_alone() {
        let f = fence("rust,ignore");
        assert_eq!(
            f,
            Fence {
                lang: Some("rust"),
                ..Fence::default()
            }
        );
        assert_eq!(fence("go {style=monokai}").lang, Some("go"));
    }

    #[test]
    fn bad_options_are_problems_with_their_offset() {
        let (f, problems) = parse("rust,linenos,hl_lines=x,colour");
        assert!(f.linenos && f.marked.is_empty());
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.at, p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    13,
                    "`hl_lines`: `x` is not a line number or a range like `4-6`"
                ),
                (24, "unknown code block option `colour`"),
            ]
        );
        let (_, problems) = parse("go {linenostart=a");
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the options' `{` is never closed with `}`",
                "`linenostart=a` is not a whole number"
            ]
        );
        assert_eq!(parse("rust,hl_lines=5-2").1.len(), 1);
        assert_eq!(parse("rust,linenos=maybe").1.len(), 1);
        assert_eq!(parse("rust,hl_lines").1.len(), 1);
    }
}
