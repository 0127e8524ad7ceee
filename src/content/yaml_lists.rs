//! Where the items of a top-level YAML list are written, for diagnostics about one item
//! (`related: [e, x]`: the error for `e` points at `e`, not at the first `e` of the line).
//!
//! serde_yaml keeps no positions, so this reads the text again, knowing just enough YAML to
//! find where each item starts: a flow list (`[a, "b, c", d]`, over lines too), a block
//! list (`- a` lines), or a lone scalar. Quotes, nested brackets and comments are
//! respected. Anything it does not follow (anchors, tags, block scalars) gives `None`, and
//! the caller falls back to searching for the item's text.

/// The start of each item of the list whose key is on line `key_row` of `lines`: `(row,
/// byte offset)`, inside the quotes of a quoted item. `None` when the value is not a shape
/// this reads.
pub(crate) fn item_starts(lines: &[&str], key_row: usize) -> Option<Vec<(usize, usize)>> {
    let line = *lines.get(key_row)?;
    let colon = key_colon(line)?;
    let after = skip_spaces(line, colon + 1);
    match line.as_bytes().get(after) {
        None | Some(b'#') => block_items(lines, key_row),
        Some(b'[') => flow_items(lines, key_row, after + 1),
        Some(b'&' | b'*' | b'!' | b'|' | b'>' | b'{') => None,
        Some(b'"' | b'\'') => Some(vec![(key_row, after + 1)]),
        Some(_) => Some(vec![(key_row, after)]),
    }
}

/// The byte offset of the colon that ends the key on a `key: value` line.
fn key_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b':') if bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) => {
                return Some(i);
            }
            _ => {}
        }
    }
    None
}

fn skip_spaces(line: &str, from: usize) -> usize {
    let bytes = line.as_bytes();
    let mut at = from;
    while bytes.get(at).is_some_and(|b| *b == b' ' || *b == b'\t') {
        at += 1;
    }
    at
}

/// The `- item` lines below the key, up to the next line indented no deeper than a key.
fn block_items(lines: &[&str], key_row: usize) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for (row, line) in lines.iter().enumerate().skip(key_row + 1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some(rest) = trimmed.strip_prefix('-') else {
            break;
        };
        if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
            break;
        }
        let dash = line.len() - trimmed.len();
        let at = skip_spaces(line, dash + 1);
        match line.as_bytes().get(at) {
            Some(b'&' | b'*' | b'!' | b'|' | b'>' | b'[' | b'{') => return None,
            Some(b'"' | b'\'') => out.push((row, at + 1)),
            _ => out.push((row, at)),
        }
    }
    Some(out)
}

/// The items of a flow list that opens on line `row` just before byte `from`, when none of
/// them is itself a list or a map.
fn flow_items(lines: &[&str], row: usize, from: usize) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut expecting = true;
    let mut quote: Option<u8> = None;
    for (r, line) in lines.iter().enumerate().skip(row) {
        let bytes = line.as_bytes();
        let mut i = if r == row { from } else { 0 };
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = quote {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            match b {
                b' ' | b'\t' => {}
                b'#' if i == 0 || bytes[i - 1] == b' ' => break,
                b',' => expecting = true,
                b']' => return Some(out),
                // Nested lists and maps are not items a diagnostic points into.
                b'[' | b'{' => return None,
                _ if !expecting => {}
                b'"' | b'\'' => {
                    quote = Some(b);
                    out.push((r, i + 1));
                    expecting = false;
                }
                b'&' | b'*' | b'!' => return None,
                _ => {
                    out.push((r, i));
                    expecting = false;
                }
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(text: &str) -> Option<Vec<(usize, usize)>> {
        let lines: Vec<&str> = text.lines().collect();
        item_starts(&lines, 0)
    }

    #[test]
    fn flow_items_start_where_each_is_written() {
        // `e` is also inside the key `related`: each item is found by its place in the list.
        assert_eq!(starts("related: [e, x]"), Some(vec![(0, 10), (0, 13)]));
        assert_eq!(
            starts("related: [\"e x\", e, e]"),
            Some(vec![(0, 11), (0, 17), (0, 20)])
        );
        assert_eq!(
            starts("related: ['a, b', c] # e"),
            Some(vec![(0, 11), (0, 18)])
        );
    }

    #[test]
    fn flow_lists_may_run_over_lines() {
        assert_eq!(
            starts("related: [a,\n  b,\n  c]"),
            Some(vec![(0, 10), (1, 2), (2, 2)])
        );
    }

    #[test]
    fn block_items_start_after_their_dash() {
        assert_eq!(
            starts("related:\n  - a\n  # note\n  - \"b\"\ntitle: T"),
            Some(vec![(1, 4), (3, 5)])
        );
    }

    #[test]
    fn a_lone_scalar_is_one_item() {
        assert_eq!(starts("related: e"), Some(vec![(0, 9)]));
    }

    #[test]
    fn shapes_it_does_not_follow_give_none() {
        assert_eq!(starts("related: *list"), None);
        assert_eq!(starts("related: [*a, b]"), None);
        assert_eq!(starts("related: [a, b"), None);
    }
}
