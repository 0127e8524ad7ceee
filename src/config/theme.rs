//! `[theme]` in book.toml: what the default theme shows beyond a page's own text — badges for
//! front-matter keys, and which taxonomy indexes the header links to. Parsed and checked
//! here; the values templates see are built in `render::values`.
//!
//! ```toml
//! [theme]
//! header-taxonomies = ["tags", "categories"]
//!
//! [[theme.badges]]
//! key = "risk_level"
//! label = "Risk"
//! classes = { High = "danger", Medium = "warning", Low = "ok" }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Taxonomy;
use crate::text::did_you_mean;

/// `[theme]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Theme {
    /// `[[theme.badges]]`: front-matter keys shown as badges in page headers and on cards,
    /// in this order.
    #[serde(default)]
    pub badges: Vec<Badge>,
    /// `header-taxonomies`: the taxonomies whose index the header links to, by name, in
    /// this order. Absent: every taxonomy, in book.toml order; `[]`: none.
    #[serde(default)]
    pub header_taxonomies: Option<Vec<String>>,
}

/// `[[theme.badges]]`: one front-matter key shown as a badge.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Badge {
    /// The front-matter key, as written (`risk_level`).
    pub key: String,
    /// The words before the value (`Risk`); absent, the badge shows the value alone.
    #[serde(default)]
    pub label: Option<String>,
    /// A class for each value (`High = "danger"`), added to the badge as `badge-<class>`.
    /// The default theme colours `danger`, `warning`, `ok` and `info`; other values get the
    /// plain badge.
    #[serde(default)]
    pub classes: BTreeMap<String, String>,
}

/// One problem in `[theme]`: the path in book.toml of the value at fault
/// (`["theme", "badges", "1", "key"]`), what is wrong, and how to fix it.
pub(super) type Problem = (Vec<String>, String, String);

impl Theme {
    /// The problems of `[theme]`, given the site's taxonomies.
    pub(super) fn problems(&self, taxonomies: &[Taxonomy]) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut keys = std::collections::BTreeSet::new();
        for (i, badge) in self.badges.iter().enumerate() {
            let at = |steps: &[&str]| badge_path(i, steps);
            let lower = badge.key.to_ascii_lowercase();
            let taken = crate::content::front_matter::KNOWN_KEYS.contains(&lower.as_str())
                || taxonomies
                    .iter()
                    .any(|t| t.key().eq_ignore_ascii_case(&lower));
            if badge.key.trim().is_empty() || taken {
                problems.push((
                    at(&["key"]),
                    format!(
                        "badge key `{}` is not a front-matter key of your own",
                        badge.key
                    ),
                    "badges show keys praxis does not read itself, e.g. `key = \"risk_level\"`"
                        .to_string(),
                ));
            }
            if !keys.insert(lower) {
                problems.push((
                    at(&["key"]),
                    format!("badge key `{}` is listed twice", badge.key),
                    "remove one of the [[theme.badges]] tables".to_string(),
                ));
            }
            for (value, class) in &badge.classes {
                if !is_class_name(class) {
                    problems.push((
                        at(&["classes", value]),
                        format!("badge class `{class}` (for `{value}`) is not a class name"),
                        "use letters, digits, `-` and `_`, e.g. `High = \"danger\"`".to_string(),
                    ));
                }
            }
        }
        for (i, name) in self.header_taxonomies.iter().flatten().enumerate() {
            if !taxonomies.iter().any(|t| t.name == *name) {
                let hint = did_you_mean(name, taxonomies.iter().map(|t| t.name.as_str()))
                    .map_or_else(
                        || "name a taxonomy declared in [[taxonomies]]".to_string(),
                        |near| format!("did you mean `{near}`?"),
                    );
                problems.push((
                    vec!["theme".into(), "header-taxonomies".into(), i.to_string()],
                    format!("`header-taxonomies` names `{name}`, which is no taxonomy"),
                    hint,
                ));
            }
        }
        problems
    }

    /// The names of the taxonomies the header links to, in order.
    pub fn header_taxonomy_names<'a>(&'a self, taxonomies: &'a [Taxonomy]) -> Vec<&'a str> {
        match &self.header_taxonomies {
            Some(names) => names.iter().map(String::as_str).collect(),
            None => taxonomies.iter().map(|t| t.name.as_str()).collect(),
        }
    }
}

/// The path in book.toml of `steps` inside badge `index` (`["theme", "badges", "1", "key"]`).
fn badge_path(index: usize, steps: &[&str]) -> Vec<String> {
    let head = ["theme".to_string(), "badges".to_string(), index.to_string()];
    head.into_iter()
        .chain(steps.iter().map(|s| s.to_string()))
        .collect()
}

/// Whether `class` can be written into a `class` attribute as one class.
fn is_class_name(class: &str) -> bool {
    !class.is_empty()
        && class
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
