//! "Did you mean": the nearest of many names (ids, paths, URLs) to one that matched none, for
//! the help of a broken link. [`Suggestions`] indexes the names once per build, so each
//! broken link costs a scan of small fixed-size summaries and a few bounded edit distances
//! rather than an edit distance to every name of the site. Uses nothing but `std`.
//!
//! The answer is the one [`crate::text::did_you_mean`] gives over the same names — the
//! nearest by edit distance with transpositions, ignoring case, within
//! `max(2, len / 3)` edits of the name, the first in byte order among equals — except that
//! at most [`MAX_VERIFIED`] names are measured per question, the likeliest first.
//!
//! ```
//! use praxis::suggest::Suggestions;
//! let names = ["ops/ops01-bp02.md", "ops/ops01-bp03.md", "principles/focus.md"];
//! let index = Suggestions::new(names);
//! assert_eq!(index.nearest("ops/ops01-bp20.md"), Some("ops/ops01-bp02.md"));
//! assert_eq!(index.nearest("nothing/like/it.md"), None);
//! ```

/// How many names are measured at most for one question. Those measured are the ones whose
/// summaries allow the smallest distance, so the cap only matters when very many names are
/// about as near as each other.
pub const MAX_VERIFIED: usize = 128;

/// Buckets of a character summary: `a`–`z`, `0`–`9`, four path characters, the rest hashed.
const BUCKETS: usize = 64;

/// Names indexed for "did you mean" questions.
pub struct Suggestions<'a> {
    /// Sorted by character count, then by text (which makes ties deterministic).
    entries: Vec<Entry<'a>>,
    /// Per character count: the range of `entries` and the largest threshold in it.
    lengths: Vec<(std::ops::Range<usize>, usize)>,
}

struct Entry<'a> {
    text: &'a str,
    lower: Box<[char]>,
    bag: [u8; BUCKETS],
    /// The most edits at which this name is still a plausible suggestion.
    threshold: usize,
}

impl<'a> Suggestions<'a> {
    /// Indexes `names` (repeats are kept once).
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Suggestions<'a> {
        let mut texts: Vec<&'a str> = names.into_iter().collect();
        texts.sort_unstable();
        texts.dedup();
        let mut entries: Vec<Entry<'a>> = texts
            .into_iter()
            .map(|text| {
                let lower: Box<[char]> = text.to_lowercase().chars().collect();
                Entry {
                    bag: bag(&lower),
                    lower,
                    text,
                    threshold: threshold(text),
                }
            })
            .collect();
        // Stable: within one length the texts stay sorted.
        entries.sort_by_key(|e| e.lower.len());
        let longest = entries.last().map_or(0, |e| e.lower.len());
        let mut lengths = vec![(0..0, 0); longest + 1];
        let mut start = 0;
        while start < entries.len() {
            let len = entries[start].lower.len();
            let end = start + entries[start..].partition_point(|e| e.lower.len() == len);
            let most = entries[start..end].iter().map(|e| e.threshold).max();
            lengths[len] = (start..end, most.unwrap_or(0));
            start = end;
        }
        Suggestions { entries, lengths }
    }

    /// The nearest name to `word`, if one is near enough to be a plausible typo.
    pub fn nearest(&self, word: &str) -> Option<&'a str> {
        let word: Vec<char> = word.to_lowercase().chars().collect();
        let word_bag = bag(&word);
        // First the cheap lower bounds (length, then the character summaries), for every
        // name whose length allows a match at all.
        let mut plausible: Vec<(usize, usize)> = Vec::new();
        for (len, (range, most)) in self.lengths.iter().enumerate() {
            if word.len().abs_diff(len) > *most {
                continue;
            }
            let by_length = word.len().abs_diff(len);
            for i in range.clone() {
                let entry = &self.entries[i];
                let bound = by_length.max(bag_distance(&word_bag, &entry.bag));
                if bound <= entry.threshold {
                    plausible.push((bound, i));
                }
            }
        }
        // Only the likeliest are measured.
        if plausible.len() > MAX_VERIFIED {
            plausible.select_nth_unstable(MAX_VERIFIED);
            plausible.truncate(MAX_VERIFIED);
        }
        plausible.sort_unstable();
        // Then the edit distance, likeliest first, until no name left can beat the best.
        let mut best: Option<(usize, &'a str)> = None;
        for &(bound, i) in &plausible {
            if best.is_some_and(|(d, _)| bound > d) {
                break;
            }
            let entry = &self.entries[i];
            let limit = best.map_or(entry.threshold, |(d, _)| d.min(entry.threshold));
            let Some(d) = osa_within(&word, &entry.lower, limit) else {
                continue;
            };
            if best.is_none_or(|b| (d, entry.text) < b) {
                best = Some((d, entry.text));
            }
        }
        best.map(|(_, text)| text)
    }
}

/// The most edits at which `name` is still a plausible suggestion.
fn threshold(name: &str) -> usize {
    2.max(name.len() / 3)
}

/// How many of each kind of character a name holds (saturating).
fn bag(chars: &[char]) -> [u8; BUCKETS] {
    let mut bag = [0u8; BUCKETS];
    for &c in chars {
        let bucket = match c {
            'a'..='z' => c as usize - 'a' as usize,
            '0'..='9' => 26 + (c as usize - '0' as usize),
            '-' => 36,
            '/' => 37,
            '.' => 38,
            '_' => 39,
            _ => 40 + ((c as usize * 2_654_435_761) >> 7) % (BUCKETS - 40),
        };
        bag[bucket] = bag[bucket].saturating_add(1);
    }
    bag
}

/// A lower bound of the edit distance between two names from their summaries: each edit
/// adds, removes or changes at most one character, and a transposition none. (Written for
/// the compiler to vectorise: it runs once per name for each broken link.)
fn bag_distance(a: &[u8; BUCKETS], b: &[u8; BUCKETS]) -> usize {
    let (mut more, mut fewer) = (0u16, 0u16);
    for i in 0..BUCKETS {
        more += u16::from(a[i].saturating_sub(b[i]));
        fewer += u16::from(b[i].saturating_sub(a[i]));
    }
    usize::from(more.max(fewer))
}

/// The optimal-string-alignment distance (edits and adjacent transpositions) between `a`
/// and `b`, if it is at most `limit`. Only the diagonal band `limit` wide is computed, and
/// the work stops as soon as every path leaves the limit.
pub fn osa_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if a.is_empty() || b.is_empty() {
        return Some(a.len().max(b.len()));
    }
    let over = limit + 1;
    let width = b.len() + 1;
    // Three rows: two back (for transpositions), one back, and the current one.
    let mut rows = vec![over; 3 * width];
    for (j, cell) in rows[width..2 * width].iter_mut().enumerate() {
        *cell = j.min(over);
    }
    for i in 1..=a.len() {
        let (older, rest) = rows.split_at_mut(width);
        let (previous, current) = rest.split_at_mut(width);
        let from = i.saturating_sub(limit).max(1);
        let to = (i + limit).min(b.len());
        current.fill(over);
        current[0] = i.min(over);
        let mut row_min = current[0];
        for j in from..=to {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j - 1] + cost)
                .min(previous[j] + 1)
                .min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(older[j - 2] + 1);
            }
            current[j] = d.min(over);
            row_min = row_min.min(current[j]);
        }
        if row_min > limit {
            return None;
        }
        rows.rotate_left(width);
    }
    // After the last rotation the last row computed is the middle one.
    let d = rows[width + b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "ca",
            "abcdef",
            "azced",
            "kitten",
            "sitting",
            "ops01-bp02",
            "ops01-bp20",
            "ops10-bp02",
            "OPS01-BP2",
            "été",
            "ete",
            "日本語",
        ];
        for a in words {
            for b in words {
                let full = strsim::osa_distance(a, b);
                for limit in 0..8 {
                    let bounded = osa_within(&chars(a), &chars(b), limit);
                    let expected = (full <= limit).then_some(full);
                    assert_eq!(bounded, expected, "{a:?} {b:?} within {limit}");
                }
            }
        }
    }

    /// The answer of a full scan, as `text::did_you_mean` gives it.
    fn scan<'a>(word: &str, names: &[&'a str]) -> Option<&'a str> {
        crate::text::did_you_mean(word, names.iter().copied())
    }

    #[test]
    fn the_index_answers_as_a_full_scan_does() {
        let mut names: Vec<String> = Vec::new();
        for pillar in ["ops", "sec", "rel"] {
            for q in 1..=12 {
                for bp in 1..=9 {
                    names.push(format!(
                        "{pillar}/{pillar}{q:02}/{pillar}{q:02}-bp{bp:02}.md"
                    ));
                    names.push(format!("{}{q:02}-BP{bp:02}", pillar.to_uppercase()));
                }
            }
        }
        names.push("principles/focus.md".into());
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let index = Suggestions::new(names.iter().copied());
        let questions = [
            "ops/ops01/ops01-bp2.md",
            "ops/ops01/ops01-bp20.md",
            "sec/sec1/sec01-bp03.md",
            "REL07-BP3",
            "rel07-bp03",
            "OPS13-BP01",
            "principles/focuss.md",
            "principles/focus.md",
            "renamed-guidance-7.md",
            "RETIRED-77",
            "",
            "x",
        ];
        for q in questions {
            assert_eq!(index.nearest(q), scan(q, &names), "{q}");
        }
    }
}
