//! The inverted index: for every term, the pages it occurs in, by where it occurs (the
//! page's id, title, headings, taxonomy terms, body), gathered per page in parallel and
//! merged; then encoded as compact binary term entries (see `docs/search-format.md`).
//!
//! Each set of pages is written the smallest of three ways: varint gaps, a bitmap, or the
//! gaps of the pages *not* in it. On a site with a small vocabulary a common word occurs in
//! most pages; its set costs a bitmap at most (one bit a page), or a few bytes when it is
//! nearly everywhere.

use rustc_hash::FxHashMap;

use super::tokens::pack;

/// Where a term occurs in a page, one bit each; the search script ranks in this order.
pub mod tier {
    /// The page's whole id, lowercased (`ops01-bp02`).
    pub const ID: u8 = 1;
    /// A word of the title.
    pub const TITLE: u8 = 2;
    /// A word of a heading.
    pub const HEADING: u8 = 4;
    /// A word of a taxonomy term or filter value.
    pub const TERM: u8 = 8;
    /// A word of the description or the body.
    pub const BODY: u8 = 16;
    /// Every tier, in the order entries list them.
    pub const ALL: [u8; 5] = [ID, TITLE, HEADING, TERM, BODY];
}

/// A posting: a page and the tiers a term occurs in there, packed as `page << 5 | tiers`
/// (four bytes, where a `(u32, u8)` takes eight: the postings of 10,000 pages are ~1.6
/// million).
pub type Posting = u32;

/// The page of a posting.
pub fn page_of(posting: Posting) -> u32 {
    posting >> 5
}

/// The tiers of a posting.
pub fn tiers_of(posting: Posting) -> u8 {
    (posting & 31) as u8
}

/// A term and its postings, in page order.
pub type TermPostings = (String, Vec<Posting>);

/// Postings under construction, gathered from pages in page order.
///
/// Terms are numbered as they are first met. Those of at most 16 bytes (nearly every word)
/// are looked up by their bytes packed into one integer, so a lookup hashes and compares
/// one number; longer ones by their text. Each term's posting for the page being read stays
/// in its map entry until a later page meets the term: most of a page's words repeat, and
/// they update the entry the lookup has just read instead of the end of a list.
#[derive(Debug, Default)]
pub struct Postings {
    short: FxHashMap<u128, Slot>,
    long: FxHashMap<String, Slot>,
    /// For each term: its text.
    names: Vec<Box<str>>,
    /// For each term: its postings before the one in its slot.
    earlier: Vec<Vec<Posting>>,
}

/// A term's number, and its posting for the last page that has it: kept in the map's
/// entry, which a lookup has just read, so that a word repeated in a page costs no second
/// memory access.
#[derive(Debug, Clone, Copy)]
struct Slot {
    id: u32,
    last: Posting,
}

impl Postings {
    /// Notes `term` in `tier` of page `page` (below 2^27), which is the last page added or
    /// comes after it.
    pub fn add(&mut self, page: u32, term: &str, tier: u8) {
        self.add_packed(page, term, pack(term), tier);
    }

    /// [`Postings::add`] of a term with its [`pack`] (which is None for a long term).
    fn add_packed(&mut self, page: u32, term: &str, key: Option<u128>, tier: u8) {
        let posting = page << 5 | Posting::from(tier);
        let found = match key {
            Some(key) => self.short.get_mut(&key),
            None => self.long.get_mut(term),
        };
        let Some(slot) = found else {
            self.push_term(term.into(), Vec::new(), posting);
            return;
        };
        if page_of(slot.last) == page {
            slot.last |= Posting::from(tier);
        } else {
            let before = std::mem::replace(&mut slot.last, posting);
            self.earlier[slot.id as usize].push(before);
        }
    }

    /// Notes every word of `text` in `tier` of page `page`.
    pub fn add_words(&mut self, page: u32, text: &str, tier: u8) {
        super::tokens::scan(text, |w, key| self.add_packed(page, w, key, tier));
    }

    /// Both sets of postings; every page of `later` comes after those of `self`.
    pub fn merge(mut self, mut later: Postings) -> Postings {
        let lasts = later.lasts();
        let lists = later.names.into_iter().zip(later.earlier).zip(lasts);
        for ((name, mut list), newest) in lists {
            let found = match pack(&name) {
                Some(key) => self.short.get_mut(&key),
                None => self.long.get_mut(&*name),
            };
            let Some(slot) = found else {
                self.push_term(name, list, newest);
                continue;
            };
            let before = std::mem::replace(&mut slot.last, newest);
            let earlier = &mut self.earlier[slot.id as usize];
            earlier.push(before);
            earlier.append(&mut list);
        }
        self
    }

    /// Numbers a new term, with its postings.
    fn push_term(&mut self, term: Box<str>, earlier: Vec<Posting>, last: Posting) {
        let slot = Slot {
            id: self.names.len() as u32,
            last,
        };
        match pack(&term) {
            Some(key) => self.short.insert(key, slot),
            None => self.long.insert(term.to_string(), slot),
        };
        self.names.push(term);
        self.earlier.push(earlier);
    }

    /// Each term's last posting, by number (the maps are left empty).
    fn lasts(&mut self) -> Vec<Posting> {
        let mut lasts = vec![0; self.names.len()];
        let slots = self.short.drain().map(|(_, s)| s);
        for slot in slots.chain(self.long.drain().map(|(_, s)| s)) {
            lasts[slot.id as usize] = slot.last;
        }
        lasts
    }

    /// Every term with its postings, sorted by term.
    pub fn into_sorted(mut self) -> Vec<TermPostings> {
        let lasts = self.lasts();
        let lists = std::mem::take(&mut self.earlier).into_iter().zip(lasts);
        let mut terms: Vec<TermPostings> = std::mem::take(&mut self.names)
            .into_iter()
            .zip(lists)
            .map(|(name, (mut list, last))| {
                list.push(last);
                (name.into_string(), list)
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        terms
    }
}

/// Appends `n` as an unsigned LEB128 varint.
pub fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// How a set of pages is written: the low two bits of its header.
mod kind {
    pub(super) const GAPS: u64 = 0;
    pub(super) const BITMAP: u64 = 1;
    pub(super) const ABSENT_GAPS: u64 = 2;
}

/// Appends one term entry: the term, a byte of the tiers it occurs in, and for each of
/// those tiers (in [`tier::ALL`] order) the set of pages, among `pages` pages.
pub fn encode_term(out: &mut Vec<u8>, term: &str, postings: &[Posting], pages: u32) {
    varint(out, term.len() as u64);
    out.extend_from_slice(term.as_bytes());
    let present = postings.iter().fold(0, |all, &p| all | tiers_of(p));
    out.push(present);
    let mut set = Vec::with_capacity(postings.len());
    for bit in tier::ALL {
        if present & bit == 0 {
            continue;
        }
        set.clear();
        set.extend(
            postings
                .iter()
                .filter(|&&p| tiers_of(p) & bit != 0)
                .map(|&p| page_of(p)),
        );
        encode_set(out, &set, pages);
    }
}

/// Appends a header (`payload length << 2 | kind`) and the smallest payload for `set`
/// (sorted, distinct pages below `pages`).
fn encode_set(out: &mut Vec<u8>, set: &[u32], pages: u32) {
    let present = gaps(set.iter().copied());
    let bitmap_len = set.last().map_or(0, |&last| last as usize / 8 + 1);
    // The pages not in the set, when it holds most of them.
    let absent = (set.len() as u64 * 2 > pages as u64).then(|| {
        let mut inside = set.iter().copied().peekable();
        gaps((0..pages).filter(|p| {
            let here = inside.peek() == Some(p);
            if here {
                inside.next();
            }
            !here
        }))
    });
    let header = |len: usize, kind: u64| ((len as u64) << 2) | kind;
    match absent {
        Some(absent) if absent.len() < present.len().min(bitmap_len) => {
            varint(out, header(absent.len(), kind::ABSENT_GAPS));
            out.extend_from_slice(&absent);
        }
        _ if bitmap_len < present.len() => {
            varint(out, header(bitmap_len, kind::BITMAP));
            let start = out.len();
            out.resize(start + bitmap_len, 0);
            for &p in set {
                out[start + p as usize / 8] |= 1 << (p % 8);
            }
        }
        _ => {
            varint(out, header(present.len(), kind::GAPS));
            out.extend_from_slice(&present);
        }
    }
}

/// Sorted pages as varint gaps: the first page, then each page minus the one before.
fn gaps(pages: impl Iterator<Item = u32>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut before = 0;
    for (i, p) in pages.enumerate() {
        varint(&mut out, u64::from(if i == 0 { p } else { p - before }));
        before = p;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pages: &[u32], total: u32) -> Vec<u8> {
        let mut out = Vec::new();
        encode_set(&mut out, pages, total);
        out
    }

    #[test]
    fn a_sparse_set_is_written_as_gaps() {
        // Header: 3 bytes of gaps; pages 2, 130 (gap 128: two bytes).
        assert_eq!(set(&[2, 130], 1000), [3 << 2, 2, 0x80, 1]);
    }

    #[test]
    fn a_dense_set_is_a_bitmap_and_a_near_total_one_lists_what_is_missing() {
        let dense: Vec<u32> = (0..40).filter(|p| p % 3 == 0).collect();
        assert_eq!(set(&dense, 40)[0] & 3, 1);
        let nearly: Vec<u32> = (0..1000).filter(|&p| p != 500).collect();
        let mut absent = vec![(2 << 2) | 2];
        varint(&mut absent, 500);
        assert_eq!(set(&nearly, 1000), absent);
    }

    #[test]
    fn merging_keeps_pages_in_order() {
        let mut a = Postings::default();
        let mut b = Postings::default();
        a.add(0, "x", tier::BODY);
        a.add(0, "x", tier::TITLE);
        b.add(1, "x", tier::TITLE);
        let merged = b.merge(Postings::default());
        let merged = a.merge(merged).into_sorted();
        let both = tier::BODY | tier::TITLE;
        let pairs: Vec<(u32, u8)> = merged[0]
            .1
            .iter()
            .map(|&p| (page_of(p), tiers_of(p)))
            .collect();
        assert_eq!(merged[0].0, "x");
        assert_eq!(pairs, [(0, both), (1, tier::TITLE)]);
    }
}
