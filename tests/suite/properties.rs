//! Properties that hold for every input, checked on generated ones (proptest): slugs, the
//! natural order, and the output sink's refusal to write outside the output folder.
//! `PROPTEST_CASES=10000` for a longer hunt.

use std::cmp::Ordering;

use praxis::output::{Sink, Staging};
use praxis::text::{natural_cmp, safe_slug, slugify, slugify_safe};
use proptest::prelude::*;

/// Text of the kinds names and titles hold: ASCII, punctuation, path characters, digits,
/// accents, marks, CJK, right-to-left letters, emoji and control characters.
fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-Z0-9 ._~+/\\\\:%#?*\"<>|-]{0,12}|[\\PC\\p{M}\\u{1}\\n\\t.\\-/ ]{0,12}|(\\.\\.|\\.|/)+",
    )
    .expect("a valid pattern")
}

/// A relative output path as a renderer might be handed one, including hostile ones.
fn rel_path() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[a-z0-9]{1,6}",
            Just("..".to_string()),
            Just(".".to_string()),
            Just(String::new()),
            Just("/".to_string())
        ],
        1..5,
    )
    .prop_map(|parts| parts.join("/"))
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn slugs_are_one_safe_segment_and_settle_after_one_pass(text in name()) {
        for (how, slug) in [("slugify", slugify(&text)), ("slugify_safe", slugify_safe(&text)), ("safe_slug", safe_slug(&text))] {
            prop_assert!(!slug.contains(['/', '\\']), "{how}({text:?}) = {slug:?}");
            prop_assert!(slug != "." && slug != "..", "{how}({text:?}) = {slug:?}");
            prop_assert!(!slug.contains(char::is_control), "{how}({text:?}) = {slug:?}");
        }
        let once = slugify(&text);
        prop_assert_eq!(slugify(&once), once.clone(), "slugify is idempotent on {:?}", text);
        let safe = slugify_safe(&text);
        prop_assert_eq!(slugify_safe(&safe), safe.clone(), "slugify_safe is idempotent on {:?}", text);
        if text.chars().any(|c| c.is_ascii_alphanumeric()) {
            prop_assert!(!once.is_empty(), "slugify({text:?}) is empty");
        }
    }

    #[test]
    fn natural_order_is_a_total_order(a in name(), b in name(), c in name()) {
        prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
        prop_assert_eq!(natural_cmp(&a, &b) == Ordering::Equal, a == b);
        let mut sorted = [a.clone(), b.clone(), c.clone()];
        sorted.sort_by(|x, y| natural_cmp(x, y));
        prop_assert!(natural_cmp(&sorted[0], &sorted[2]) != Ordering::Greater, "transitive: {sorted:?}");
        prop_assert!(natural_cmp(&sorted[0], &sorted[1]) != Ordering::Greater);
        prop_assert!(natural_cmp(&sorted[1], &sorted[2]) != Ordering::Greater);
    }

    #[test]
    fn the_output_sink_never_writes_outside_the_output_folder(rels in proptest::collection::vec(rel_path(), 1..6)) {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&tmp.path().join("out"), false).unwrap();
        let inside = staging.dir().canonicalize().unwrap();
        for rel in &rels {
            let parent = rel.rsplit_once('/').map(|(dir, _)| dir);
            if let Some(dir) = parent {
                let _ = staging.create_dirs(&mut std::iter::once(dir));
            }
            if staging.write(rel, b"x").is_ok() {
                let written = staging.dir().join(rel).canonicalize().unwrap();
                prop_assert!(written.starts_with(&inside), "{rel:?} landed at {}", written.display());
            }
        }
        // Nothing appeared beside the output: once the staging folder and its lock are
        // dropped, the folder is empty again.
        drop(staging);
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        prop_assert!(beside.is_empty(), "{:?}", beside);
    }
}
