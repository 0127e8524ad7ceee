//! Whether a body's first `# heading` only repeats the page's title, so that the page does
//! not show its title twice (the theme prints the title as the page's `<h1>`). Pure text
//! comparison; knows nothing of events or HTML.
//!
//! ```
//! use praxis::markdown::title::repeats_title;
//! assert!(repeats_title("OPS01-BP01 — Evaluate needs", "Evaluate needs", Some("OPS01-BP01")));
//! assert!(!repeats_title("Evaluate needs first", "Evaluate needs", Some("OPS01-BP01")));
//! ```

/// Characters that may join a page id to its title in a heading: `OPS01-BP01 — Title`,
/// `OPS01-BP01: Title`, `Title | OPS01-BP01`. Whitespace joins too.
const JOINTS: &[char] = &['-', ':', '|', '·', '/', ','];

/// Whether `heading` (a heading's plain text) says the same as `title`, or the same with
/// the page's `id` and a separator before or after it. Case, surrounding whitespace, inline
/// markup characters and typographic quotes and dashes are ignored.
pub fn repeats_title(heading: &str, title: &str, id: Option<&str>) -> bool {
    let (heading, title) = (comparable(heading), comparable(title));
    if heading.is_empty() {
        return false;
    }
    if heading == title {
        return true;
    }
    let Some(id) = id.map(comparable).filter(|id| !id.is_empty()) else {
        return false;
    };
    let core = |text: &str| without_id(text, &id).unwrap_or(text).to_string();
    core(&heading) == core(&title)
}

/// `text` without `id` and the separator that joins them, at either end; `None` when the
/// id is not there or nothing would be left.
fn without_id<'t>(text: &'t str, id: &str) -> Option<&'t str> {
    let joint = |c: char| c == ' ' || JOINTS.contains(&c);
    let rest = if let Some(after) = text.strip_prefix(id) {
        after
            .starts_with(joint)
            .then(|| after.trim_start_matches(joint))
    } else if let Some(before) = text.strip_suffix(id) {
        before
            .ends_with(joint)
            .then(|| before.trim_end_matches(joint))
    } else {
        None
    }?;
    (!rest.is_empty()).then_some(rest)
}

/// Lower case, without markup characters, with typographic quotes, dashes and ellipses
/// written plainly and whitespace collapsed: what a front-matter title and the same title
/// rendered as a heading (with smart punctuation) have in common.
fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            '*' | '_' | '`' | '\\' => continue,
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            '–' | '—' | '‐' | '‒' | '−' => '-',
            '…' => {
                out.push_str("...");
                continue;
            }
            c if c.is_whitespace() => ' ',
            c => c,
        };
        // One space for a run of whitespace, one dash for `--` as for `–`.
        if (plain == ' ' || plain == '-') && out.ends_with(plain) {
            continue;
        }
        out.push(plain);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_title_in_other_case_markup_and_spacing_repeats_it() {
        for heading in [
            "Evaluate needs",
            "evaluate NEEDS",
            "  Evaluate   needs ",
            "Evaluate *needs*",
        ] {
            assert!(repeats_title(heading, "Evaluate needs", None), "{heading}");
        }
        assert!(repeats_title(
            "Don’t panic – yet",
            "Don't panic -- yet",
            None
        ));
        assert!(!repeats_title("Evaluate needs", "Evaluate wants", None));
        assert!(!repeats_title("", "", None));
    }

    #[test]
    fn the_id_with_a_separator_before_or_after_the_title_repeats_it() {
        let id = Some("OPS01-BP01");
        for heading in [
            "OPS01-BP01 — Evaluate needs",
            "OPS01-BP01 – Evaluate needs",
            "OPS01-BP01 - Evaluate needs",
            "OPS01-BP01: Evaluate needs",
            "OPS01-BP01 Evaluate needs",
            "ops01-bp01 evaluate needs",
            "Evaluate needs — OPS01-BP01",
        ] {
            assert!(repeats_title(heading, "Evaluate needs", id), "{heading}");
        }
        // A title that carries the id itself matches a heading with another separator.
        assert!(repeats_title(
            "OPS01-BP01 — Evaluate needs",
            "OPS01-BP01 Evaluate needs",
            id
        ));
        // The id alone, a different id, or the id glued to a word is not the title.
        assert!(!repeats_title("OPS01-BP01", "Evaluate needs", id));
        assert!(!repeats_title(
            "OPS01-BP02 — Evaluate needs",
            "Evaluate needs",
            id
        ));
        assert!(!repeats_title(
            "OPS01-BP01Evaluate needs",
            "Evaluate needs",
            id
        ));
        assert!(!repeats_title(
            "OPS01-BP01 — Evaluate needs first",
            "Evaluate needs",
            id
        ));
    }
}
