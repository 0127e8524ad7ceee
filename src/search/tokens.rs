//! The tokeniser the index and the search script share: a word is a run of letters, digits
//! and combining marks (Unicode's Alphabetic, Number and Mark), lowercased; Chinese,
//! Japanese and Korean text, which does not space its words, is cut into overlapping
//! bigrams (a lone character stays a unigram), as Lucene's CJK analyser does.
//! `themes/default/static/search.js` applies the same rule to queries; change both together.
//!
//! ```
//! use praxis::search::tokens::words;
//! let mut out = Vec::new();
//! words("OPS01-BP02: Déjà vu 東京都", |w| out.push(w.to_string()));
//! assert_eq!(out, ["ops01", "bp02", "déjà", "vu", "東京", "京都"]);
//! ```

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Longer words (hashes, long URLs) are left out of the index.
pub const MAX_WORD_CHARS: usize = 40;

/// Whether `c` belongs to a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || (!c.is_ascii() && c.general_category_group() == GeneralCategoryGroup::Mark)
}

/// Whether `c` is written without spaces between words: Han, Hiragana, Katakana, Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FA1F) // CJK extensions B-F, compatibility supplement
}

/// Calls `each` with every word of `text`, in order, lowercased.
pub fn words(text: &str, mut each: impl FnMut(&str)) {
    let mut lower = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(is_word_char) {
        let run = &rest[start..];
        let end = run.find(|c| !is_word_char(c)).unwrap_or(run.len());
        split_run(&run[..end], &mut lower, &mut each);
        rest = &run[end..];
    }
}

/// One run of word characters: its CJK stretches as bigrams, the rest as words.
fn split_run(run: &str, lower: &mut String, each: &mut impl FnMut(&str)) {
    let mut rest = run;
    while let Some(first) = rest.chars().next() {
        let cjk = is_cjk(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| is_cjk(c) != cjk)
            .map_or(rest.len(), |(i, _)| i);
        let part = &rest[..end];
        if cjk {
            bigrams(part, each);
        } else if part.chars().nth(MAX_WORD_CHARS).is_none() {
            lower.clear();
            if part.is_ascii() {
                lower.push_str(part);
                lower.make_ascii_lowercase();
            } else {
                lower.push_str(&part.to_lowercase());
            }
            each(lower);
        }
        rest = &rest[end..];
    }
}

/// Overlapping pairs of characters; a single character alone.
fn bigrams(part: &str, each: &mut impl FnMut(&str)) {
    // Where each character starts, and the end.
    let bounds: Vec<usize> = part
        .char_indices()
        .map(|(i, _)| i)
        .chain([part.len()])
        .collect();
    if bounds.len() == 2 {
        each(part);
        return;
    }
    for i in 0..bounds.len() - 2 {
        each(&part[bounds[i]..bounds[i + 2]]);
    }
}

/// The shard a term is stored in: its first three characters (its first alone when that is
/// CJK, so that one typed character finds every bigram it starts), or the whole term when
/// shorter. Three, not two: on a site with a small vocabulary the terms sharing two letters
/// (`re…`: review, release, recovery, region…) each hold a set of most pages, and a shard of
/// them all would outweigh the rest of a query.
pub fn shard_key(term: &str) -> &str {
    let mut chars = term.char_indices();
    let Some((_, first)) = chars.next() else {
        return term;
    };
    let take = if is_cjk(first) { 1 } else { 3 };
    term.char_indices()
        .nth(take)
        .map_or(term, |(end, _)| &term[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        words(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn cuts_cjk_into_bigrams_and_keeps_a_lone_character() {
        assert_eq!(
            all("検索エンジン"),
            ["検索", "索エ", "エン", "ンジ", "ジン"]
        );
        assert_eq!(all("字 a"), ["字", "a"]);
        assert_eq!(all("abc漢字def"), ["abc", "漢字", "def"]);
    }

    #[test]
    fn leaves_out_overlong_words() {
        assert_eq!(all(&format!("{} ok", "x".repeat(41))), ["ok"]);
    }

    #[test]
    fn shard_keys_are_three_characters_or_one_cjk() {
        assert_eq!(shard_key("review"), "rev");
        assert_eq!(shard_key("a"), "a");
        assert_eq!(shard_key("re"), "re");
        assert_eq!(shard_key("東京"), "東");
        assert_eq!(shard_key("éaé"), "éaé");
    }
}
