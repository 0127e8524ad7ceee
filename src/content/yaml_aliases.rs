//! Finds the YAML alias that makes a front matter explode. serde_yaml stops a document whose
//! aliases unroll into too many copies ("repetition limit exceeded", the billion-laughs
//! attack) but says neither where nor why; this scan of the text finds anchors (`&name`),
//! the node each one names, and the aliases (`*name`) inside, and names the alias whose
//! replay is the largest.
//!
//! It reads the text the way YAML writes anchors and aliases, not the whole grammar: quoted
//! text and comments are skipped, a node is a flow collection (`[…]`, `{…}`), the lines
//! indented below its line (block node) or the rest of its line (or of its flow item).

/// An anchor or an alias, at a byte offset of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark<'a> {
    Anchor(&'a str),
    Alias(&'a str),
}

/// The alias whose replay unrolls into the most copies: its byte offset in `text`, its name
/// and how many copies (saturating). `None` when the text has no alias.
pub(crate) fn largest_alias(text: &str) -> Option<(usize, &str, u64)> {
    let marks = marks(text);
    // How many alias replays each anchor's node holds, by the mark's index.
    let mut costs: Vec<u64> = vec![0; marks.len()];
    let mut best: Option<(usize, &str, u64)> = None;
    for (i, &(at, mark)) in marks.iter().enumerate() {
        match mark {
            Mark::Anchor(_) => {
                let end = node_end(text, at);
                costs[i] = marks[i + 1..]
                    .iter()
                    .take_while(|(inner, _)| *inner < end)
                    .filter_map(|(inner, m)| match m {
                        Mark::Alias(name) => Some(replay(&marks[..i], &costs, name, *inner)),
                        Mark::Anchor(_) => None,
                    })
                    .fold(0u64, u64::saturating_add);
            }
            Mark::Alias(name) => {
                let copies = replay(&marks[..i], &costs, name, at);
                if best.is_none_or(|(_, _, most)| copies > most) {
                    best = Some((at, name, copies));
                }
            }
        }
    }
    best
}

/// The copies one alias of `name` at `at` unrolls into: itself, plus the replays inside the
/// latest anchor of that name before it.
fn replay(before: &[(usize, Mark<'_>)], costs: &[u64], name: &str, at: usize) -> u64 {
    before
        .iter()
        .enumerate()
        .rev()
        .find(|(_, (offset, m))| *offset < at && *m == Mark::Anchor(name))
        .map_or(1, |(j, _)| costs[j].saturating_add(1))
}

/// Every anchor and alias outside quotes and comments, in order.
fn marks(text: &str) -> Vec<(usize, Mark<'_>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => i = quoted_end(bytes, i),
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            }
            sigil @ (b'&' | b'*') if i == 0 || starts_value(bytes[i - 1]) => {
                let name_end = bytes[i + 1..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b",[]{}".contains(&b))
                    .map_or(bytes.len(), |n| i + 1 + n);
                let name = &text[i + 1..name_end];
                if !name.is_empty() {
                    let mark = if sigil == b'&' {
                        Mark::Anchor(name)
                    } else {
                        Mark::Alias(name)
                    };
                    out.push((i, mark));
                }
                i = name_end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether an anchor or alias may start after this byte.
fn starts_value(previous: u8) -> bool {
    previous.is_ascii_whitespace() || b"[{,:-".contains(&previous)
}

/// The offset just after the quoted scalar opening at `start`.
fn quoted_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote && quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Where the node named by the anchor at `at` ends.
fn node_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
    let after = at
        + bytes[at..line_end]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(line_end - at);
    let rest = text[after..line_end].trim_start();
    let value_at = line_end - text[after..line_end].trim_start().len();
    match rest.as_bytes().first() {
        Some(b'[' | b'{') => flow_end(bytes, value_at),
        None | Some(b'#') => block_end(text, line_start, line_end),
        Some(_) => {
            // A scalar: the rest of the line, or of its item inside a flow collection.
            let depth_before = flow_depth(&bytes[line_start..at]);
            if depth_before > 0 {
                bytes[value_at..line_end]
                    .iter()
                    .position(|b| b",]}".contains(b))
                    .map_or(line_end, |n| value_at + n)
            } else {
                line_end
            }
        }
    }
}

/// The open brackets before the end of `bytes` (quotes not counted).
fn flow_depth(bytes: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => i = quoted_end(bytes, i),
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    depth
}

/// The offset just after the flow collection opening at `start`.
fn flow_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                i = quoted_end(bytes, i);
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The end of the lines indented deeper than the line at `line_start` (blank lines
/// included), which hold a block node whose anchor ends that line.
fn block_end(text: &str, line_start: usize, line_end: usize) -> usize {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '-']).len();
    let own = indent(&text[line_start..line_end]);
    let mut end = (line_end + 1).min(text.len());
    for line in text[end..].split_inclusive('\n') {
        if !line.trim().is_empty() && indent(line) <= own {
            break;
        }
        end += line.len();
    }
    end.min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alias_of_the_deepest_anchor_is_the_largest() {
        let text = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c]\n";
        let (at, name, copies) = largest_alias(text).unwrap();
        assert_eq!((name, copies), ("c", 1 + 3 * (1 + 3)));
        assert_eq!(&text[at..at + 2], "*c");
        assert_eq!(at, text.find("*c").unwrap());
    }

    #[test]
    fn block_nodes_quotes_and_comments_are_read_as_yaml_writes_them() {
        let text = "base: &base\n  - *x\n  - 'not *an alias'\n  - \"&nor an anchor\"\nlist:\n  - *base # *base\n";
        let marks = marks(text);
        assert_eq!(
            marks.iter().map(|(_, m)| *m).collect::<Vec<_>>(),
            [Mark::Anchor("base"), Mark::Alias("x"), Mark::Alias("base")]
        );
        assert_eq!(
            node_end(text, text.find("&base").unwrap()),
            text.find("list:").unwrap()
        );
        assert_eq!(largest_alias(text).unwrap().1, "base");
    }

    #[test]
    fn a_scalar_anchor_in_a_flow_list_ends_at_its_comma() {
        let text = "a: [&one x, *one, y]\n";
        let at = text.find("&one").unwrap();
        assert_eq!(&text[at..node_end(text, at)], "&one x");
        assert_eq!(largest_alias("plain: a*b and c&d\n"), None);
    }
}
