//! Slugs and heading ids of any text: one safe path segment, stable after one pass.
#![no_main]

use libfuzzer_sys::fuzz_target;
use praxis::text::{heading_id, natural_cmp, safe_slug, slugify, slugify_safe};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for slug in [slugify(text), slugify_safe(text), safe_slug(text)] {
        assert!(!slug.contains('/'), "{slug:?}");
        assert!(slug != ".." && slug != ".", "{slug:?}");
        assert_eq!(slugify(&slugify(text)), slugify(text));
    }
    let id = heading_id(text);
    assert!(!id.contains(char::is_whitespace), "{id:?}");
    let (a, b) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    assert_eq!(natural_cmp(a, b), natural_cmp(b, a).reverse());
    assert_eq!(natural_cmp(a, a), std::cmp::Ordering::Equal);
});
