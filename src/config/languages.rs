//! `[languages.CODE]` in book.toml: the languages a site is written in. `[book] language` is
//! the default, published at the site's root; every other language is published under
//! `/CODE/`. A language's pages are found by file suffix (`page.es.md`, `_index.es.md`) or,
//! with `content-dir`, in a folder of their own.
//!
//! ```toml
//! [book]
//! language = "en"
//!
//! [languages.es]
//! title = "Manual"
//! weight = 2
//!
//! [languages.ar]
//! content-dir = "content-ar"
//! ```

use std::path::PathBuf;

use serde::Deserialize;

/// One `[languages.CODE]` table as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct LanguageTable {
    /// The site's title in this language.
    #[serde(default)]
    pub title: Option<String>,
    /// The site's description in this language.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the language comes in switchers and sitemaps (lower first; the default
    /// language is always first).
    #[serde(default)]
    pub weight: i64,
    /// A folder of its own for the language's pages, relative to the site root.
    #[serde(default)]
    pub content_dir: Option<PathBuf>,
    /// The language's own name, as switchers show it (`Español`); known languages have one.
    #[serde(default, alias = "language-name", alias = "languageName")]
    pub name: Option<String>,
}

/// The writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic, Hebrew, Persian, Urdu…).
    Rtl,
}

impl Direction {
    /// `ltr` or `rtl`, as HTML's `dir` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A language of the site, settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Its code, as written (`en`, `pt-br`), which is also its URL segment.
    pub code: String,
    /// Its own name (`Español`), or the code when praxis does not know one.
    pub name: String,
    /// The site's title in it, when it differs from `[book] title`.
    pub title: Option<String>,
    /// The site's description in it.
    pub description: Option<String>,
    /// Its order among the others.
    pub weight: i64,
    /// Its own content folder, relative to the site root; `None` when its pages sit beside the
    /// default language's, told apart by suffix.
    pub content_dir: Option<PathBuf>,
    /// Which way it is written.
    pub direction: Direction,
}

/// Languages written right to left, by their primary subtag.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// The direction of a language code, from its primary subtag (`ar-EG` → right to left).
pub fn direction(code: &str) -> Direction {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    let primary = primary.to_ascii_lowercase();
    if RIGHT_TO_LEFT.contains(&primary.as_str()) {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// What languages call themselves, for switchers.
const NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fi", "Suomi"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hu", "Magyar"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nl", "Nederlands"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("pt-br", "Português (Brasil)"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sv", "Svenska"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
];

/// A language's own name: the whole code's, else its primary subtag's, else the code.
pub fn native_name(code: &str) -> String {
    let lower = code.to_ascii_lowercase();
    let primary = lower.split(['-', '_']).next().unwrap_or("");
    NAMES
        .iter()
        .find(|(c, _)| *c == lower)
        .or_else(|| NAMES.iter().find(|(c, _)| *c == primary))
        .map_or_else(|| code.to_string(), |(_, name)| (*name).to_string())
}

/// Whether `code` can be a language's URL segment: letters, digits, `-` and `_`, starting with a
/// letter (`en`, `pt-br`, `zh-hans`).
pub fn is_valid_code(code: &str) -> bool {
    code.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !code.ends_with('-')
}

/// The settled languages: the default first, then the others by weight and code.
pub(super) fn settle(
    default: &str,
    tables: &std::collections::BTreeMap<String, LanguageTable>,
) -> Vec<Language> {
    let make = |code: &str, table: Option<&LanguageTable>| {
        let table = table.cloned().unwrap_or_default();
        Language {
            code: code.to_string(),
            name: table.name.unwrap_or_else(|| native_name(code)),
            title: table.title,
            description: table.description,
            weight: table.weight,
            content_dir: table.content_dir,
            direction: direction(code),
        }
    };
    let default_table = tables
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(default))
        .map(|(_, t)| t);
    let mut others: Vec<Language> = tables
        .iter()
        .filter(|(code, _)| !code.eq_ignore_ascii_case(default))
        .map(|(code, table)| make(code, Some(table)))
        .collect();
    others.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.code.cmp(&b.code)));
    let mut languages = vec![make(default, default_table)];
    languages.append(&mut others);
    languages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_is_known_by_the_primary_subtag() {
        assert_eq!(direction("ar"), Direction::Rtl);
        assert_eq!(direction("ur-PK"), Direction::Rtl);
        assert_eq!(direction("he"), Direction::Rtl);
        assert_eq!(direction("ja"), Direction::Ltr);
        assert_eq!(direction("en-GB"), Direction::Ltr);
    }

    #[test]
    fn names_fall_back_from_region_to_language_to_code() {
        assert_eq!(native_name("es"), "Español");
        assert_eq!(native_name("pt-BR"), "Português (Brasil)");
        assert_eq!(native_name("fr-CA"), "Français");
        assert_eq!(native_name("tlh"), "tlh");
    }

    #[test]
    fn codes_are_url_segments() {
        assert!(is_valid_code("en") && is_valid_code("pt-br") && is_valid_code("zh-hans"));
        assert!(!is_valid_code("") && !is_valid_code("e n") && !is_valid_code("../x"));
        assert!(!is_valid_code("-en") && !is_valid_code("en-"));
    }

    #[test]
    fn the_default_comes_first_then_weight_then_code() {
        let mut tables = std::collections::BTreeMap::new();
        for (code, weight) in [("fr", 2), ("ar", 2), ("en", 9), ("ja", 1)] {
            let table = LanguageTable {
                weight,
                ..Default::default()
            };
            tables.insert(code.to_string(), table);
        }
        let order: Vec<String> = settle("en", &tables).into_iter().map(|l| l.code).collect();
        assert_eq!(order, ["en", "ja", "ar", "fr"]);
    }
}
