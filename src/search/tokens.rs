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

/// [`ASCII_CLASS`] of an ASCII letter or digit; a capital has [`UPPER`] too.
const WORD: u8 = 1;
const UPPER: u8 = 2;

/// For each byte: [`WORD`] for ASCII letters and digits, with [`UPPER`] for capitals; 0 for
/// the rest (other ASCII, and every byte of a multi-byte character).
const ASCII_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = WORD;
        }
        if c.is_ascii_uppercase() {
            table[b] |= UPPER;
        }
        b += 1;
    }
    table
};

/// Calls `each` with every word of `text`, in order, lowercased.
pub fn words(text: &str, mut each: impl FnMut(&str)) {
    scan(text, |word, _| each(word));
}

/// [`words`], giving each ASCII word of at most 16 bytes with its bytes packed into an
/// integer too (see [`pack`]): the index looks words up by that number.
///
/// Runs of ASCII letters and digits are read a byte at a time; a run that meets other text
/// goes the Unicode way.
pub fn scan(text: &str, mut each: impl FnMut(&str, Option<u128>)) {
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if ASCII_CLASS[bytes[i] as usize] == 0 {
            if bytes[i].is_ascii() {
                i += 1;
                continue;
            }
            // Not ASCII: a word character starts a Unicode run here; anything else is skipped.
            let c = text[i..].chars().next().expect("a character starts here");
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        let mut class = 0;
        while let Some(&c) = bytes.get(i).map(|&b| &ASCII_CLASS[b as usize])
            && c != 0
        {
            class |= c;
            i += 1;
        }
        let upper = class & UPPER != 0;
        let unicode_next = bytes.get(i).is_some_and(|b| !b.is_ascii())
            && text[i..].chars().next().is_some_and(is_word_char);
        if unicode_next {
            let run = &text[start..];
            let end = run.find(|c| !is_word_char(c)).unwrap_or(run.len());
            split_run(&run[..end], &mut lower, &mut |w| each(w, pack(w)));
            i = start + end;
        } else if i - start <= MAX_WORD_CHARS {
            let key = packed_ascii(bytes, start, i);
            let word = &text[start..i];
            if upper {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                each(&lower, key);
            } else {
                each(word, key);
            }
        }
    }
}

/// `term` packed into an integer, when it fits: its UTF-8 bytes, zero-padded. None for a
/// term of more than 16 bytes or with a NUL (which a packed one cannot tell from padding).
pub fn pack(term: &str) -> Option<u128> {
    let bytes = term.as_bytes();
    if bytes.len() > 16 || bytes.contains(&0) {
        return None;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    Some(u128::from_le_bytes(key))
}

/// [`pack`] of the ASCII letters and digits `bytes[start..end]`, lowercased: sixteen bytes
/// read at once where the text is long enough, masked to the word. Setting bit 5 lowercases
/// a letter and leaves a digit as it is.
fn packed_ascii(bytes: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > 16 {
        return None;
    }
    let mask = u128::MAX.checked_shr(8 * (16 - len) as u32).unwrap_or(0);
    let lowered = |key: u128| Some((key | u128::from_le_bytes([0x20; 16])) & mask);
    if let Some(window) = bytes.get(start..start + 16) {
        return lowered(u128::from_le_bytes(window.try_into().expect("16 bytes")));
    }
    let mut key = [0u8; 16];
    key[..len].copy_from_slice(&bytes[start..end]);
    lowered(u128::from_le_bytes(key))
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
    fn packed_ascii_words_match_their_packed_text() {
        let text = "Mixed CASE words, short and Considerably-Longer-Than-Sixteen: Z9";
        let mut seen = 0;
        scan(text, |word, key| {
            seen += 1;
            assert_eq!(key, pack(word), "{word}");
        });
        assert_eq!(seen, 10);
        assert_eq!(
            pack("sixteen-letters!"),
            Some(u128::from_le_bytes(*b"sixteen-letters!"))
        );
        assert_eq!(pack("seventeen-letters"), None);
        assert_eq!(pack("a\0"), None);
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
