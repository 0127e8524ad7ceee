//! The badges `[[theme.badges]]` gives a page: one per configured front-matter key the page
//! sets, as `{label, value, class}` for its card (`item.badges`, `page.badges`). Knows nothing
//! of templates; the default theme prints them in `partials/badges.html`.

use tera::Value;

use crate::config::Badge;
use crate::content::front_matter::FrontMatter;

/// The badges of a page with front matter `front`, in the order of `rules`; `None` when it
/// has none (most sites configure no badges: their cards stay as they were).
pub(crate) fn of(rules: &[Badge], front: Option<&FrontMatter>) -> Option<Value> {
    let front = front?;
    if rules.is_empty() {
        return None;
    }
    let badges: Vec<Value> = rules
        .iter()
        .filter_map(|rule| {
            let value =
                crate::content::front_matter::display_text(front.extra.get(rule.key.as_str())?)?;
            let class = rule.classes.get(&value).map(String::as_str);
            Some(Value::from_serializable(&super::variables::Badge {
                label: rule.label.as_deref(),
                class,
                value,
            }))
        })
        .collect();
    (!badges.is_empty()).then(|| Value::from(badges))
}
