//! Alerts (callouts): a block quote whose first line is `[!KIND]`, optionally followed by a
//! fold sign and a title of its own, as GitHub and Obsidian write them:
//!
//! ```markdown
//! > [!WARNING] Back up first
//! > The upgrade rewrites the index.
//!
//! > [!example]- Show the output
//! > Folded: a `<details>` readers open.
//! ```
//!
//! This module knows the kinds and writes the markup around an alert; the event adapter in
//! `markdown/mod.rs` finds the marker (pulldown-cmark recognises only GitHub's five kinds,
//! and only alone on their line) and passes the title's own inline events through.
//!
//! ```
//! use praxis::markdown::alerts::{marker, Fold};
//! let m = marker("[!tip]- Show me").unwrap();
//! assert_eq!((m.class, m.fold, m.title), ("tip", Fold::Closed, "Show me"));
//! ```

use pulldown_cmark::BlockQuoteKind;

/// Every kind, by the names it is written with (compared without regard to case), and the
/// class that styles it. GitHub's five come first; Obsidian's `important` and `caution`
/// are GitHub's here, as GitHub's documents are the more common.
const KINDS: &[(&str, &str)] = &[
    ("note", "note"),
    ("tip", "tip"),
    ("important", "important"),
    ("warning", "warning"),
    ("caution", "caution"),
    ("info", "info"),
    ("todo", "info"),
    ("abstract", "abstract"),
    ("summary", "abstract"),
    ("tldr", "abstract"),
    ("hint", "tip"),
    ("success", "success"),
    ("check", "success"),
    ("done", "success"),
    ("question", "question"),
    ("help", "question"),
    ("faq", "question"),
    ("attention", "warning"),
    ("failure", "failure"),
    ("fail", "failure"),
    ("missing", "failure"),
    ("danger", "danger"),
    ("error", "danger"),
    ("bug", "bug"),
    ("example", "example"),
    ("quote", "quote"),
    ("cite", "quote"),
];

/// Whether an alert folds, and how it starts (Obsidian's `[!note]-` and `[!note]+`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// Always shown: a `<div>`.
    None,
    /// A `<details>` that starts closed (`-`).
    Closed,
    /// A `<details>` that starts open (`+`).
    Open,
}

/// The first line of an alert, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker<'t> {
    /// The kind's class: `alert-{class}`.
    pub class: &'static str,
    /// The title shown when the alert has none of its own: the kind as written, with a
    /// capital (`[!faq]` → `Faq`, `[!NOTE]` → `Note`).
    pub label: String,
    /// Folding.
    pub fold: Fold,
    /// What follows the marker on its line, leading spaces left out: the start of the
    /// alert's own title, or empty.
    pub title: &'t str,
}

/// Reads `[!KIND]`, an optional fold sign and the start of a title from the start of a
/// quote's first line. `None` when the line does not start so, or names no known kind
/// (the quote then stays a quote, as on GitHub).
pub fn marker(line: &str) -> Option<Marker<'_>> {
    let rest = line.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let name = &rest[..end];
    let class = KINDS
        .iter()
        .find(|(written, _)| written.eq_ignore_ascii_case(name))?
        .1;
    let rest = &rest[end + 1..];
    let (fold, rest) = match rest.as_bytes().first() {
        Some(b'-') => (Fold::Closed, &rest[1..]),
        Some(b'+') => (Fold::Open, &rest[1..]),
        _ => (Fold::None, rest),
    };
    // A title is set apart from the marker by a space (`[!NOTE]x` is no alert).
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some(Marker {
        class,
        label: capitalised(name),
        fold,
        title: rest.trim_start(),
    })
}

/// The class and label of a kind pulldown-cmark recognised itself.
pub fn github(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The markup that opens an alert, up to where its title goes. A shown alert is a `<div>`
/// with the ARIA role `note` (it is an aside, not a quotation); a folding one is a
/// `<details>`, whose title is its `<summary>`.
pub fn open(class: &str, fold: Fold) -> String {
    match fold {
        Fold::None => {
            format!("<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-title\">")
        }
        Fold::Closed => {
            format!("<details class=\"alert alert-{class}\">\n<summary class=\"alert-title\">")
        }
        Fold::Open => {
            format!("<details class=\"alert alert-{class}\" open>\n<summary class=\"alert-title\">")
        }
    }
}

/// The markup after the title.
pub fn after_title(fold: Fold) -> &'static str {
    match fold {
        Fold::None => "</p>\n",
        Fold::Closed | Fold::Open => "</summary>\n",
    }
}

/// The markup that closes an alert.
pub fn close(fold: Fold) -> &'static str {
    match fold {
        Fold::None => "</div>\n",
        Fold::Closed | Fold::Open => "</details>\n",
    }
}

fn capitalised(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_without_regard_to_case_with_fold_and_title() {
        let m = marker("[!NOTE] Read this first").unwrap();
        assert_eq!(
            (m.class, m.label.as_str(), m.fold, m.title),
            ("note", "Note", Fold::None, "Read this first")
        );
        let m = marker("[!Summary]+").unwrap();
        assert_eq!(
            (m.class, m.label.as_str(), m.fold, m.title),
            ("abstract", "Summary", Fold::Open, "")
        );
        assert_eq!(marker("[!faq]-  Why?").unwrap().title, "Why?");
        assert_eq!(marker("[!danger]").unwrap().class, "danger");
    }

    #[test]
    fn unknown_kinds_and_look_alikes_stay_quotes() {
        for line in [
            "[!nonsense] x",
            "[!NOTE]x",
            "[NOTE]",
            "[!NOTE",
            "text [!NOTE]",
            "",
        ] {
            assert_eq!(marker(line), None, "{line}");
        }
    }

    #[test]
    fn every_kind_has_a_class_the_theme_styles() {
        let css = include_str!("../../themes/default/static/praxis.css");
        for (name, class) in KINDS {
            assert!(
                class == &"note" || css.contains(&format!(".alert-{class} ")),
                "{name}: no .alert-{class} in the default theme"
            );
        }
    }
}
