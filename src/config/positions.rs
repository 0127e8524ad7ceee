//! Where book.toml writes the keys of its `[[taxonomies]]` and `[[menus.<name>]]` entries, as
//! the TOML parser placed them. Recorded once when the configuration is read, by each
//! entry's position in its array, so the stages that check those entries later (feeds,
//! menus) point at the entry's own key rather than at the first key of that name in the file.
//! Reads spans only; what the values mean is the configuration's business.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// An array of tables whose entries' keys are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryTable<'a> {
    /// `[[taxonomies]]`.
    Taxonomies,
    /// `[[menus.<name>]]` (or `[[menu.<name>]]`), by menu name.
    Menu(&'a str),
}

/// The byte spans of the keys of one entry, as written (`pageRef` stays `pageRef`).
type Keys = Vec<(String, Range<usize>)>;

/// The key spans of every `[[taxonomies]]` and `[[menus.<name>]]` entry, by entry index.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntryPositions {
    taxonomies: Vec<Keys>,
    menus: BTreeMap<String, Vec<Keys>>,
}

impl EntryPositions {
    /// The positions in `text`, a book.toml; none when it does not parse (its error is
    /// reported where it is parsed for values).
    pub(super) fn read(text: &str) -> EntryPositions {
        let Ok(document) = DeTable::parse(text) else {
            return EntryPositions::default();
        };
        let document = document.get_ref();
        let taxonomies = child(document, "taxonomies").map_or_else(Vec::new, entries);
        let menus = match child(document, "menus").or_else(|| child(document, "menu")) {
            Some(DeValue::Table(menus)) => menus
                .iter()
                .map(|(name, value)| (name.get_ref().to_string(), entries(value.get_ref())))
                .collect(),
            _ => BTreeMap::new(),
        };
        EntryPositions { taxonomies, menus }
    }

    /// Where entry `index` of `table` writes `key`, as a byte span of book.toml.
    pub(super) fn key(
        &self,
        table: EntryTable<'_>,
        index: usize,
        key: &str,
    ) -> Option<Range<usize>> {
        let entries = match table {
            EntryTable::Taxonomies => &self.taxonomies,
            EntryTable::Menu(menu) => self.menus.get(menu)?,
        };
        let (_, span) = entries.get(index)?.iter().find(|(k, _)| k == key)?;
        Some(span.clone())
    }
}

/// The value of `key` in `table`.
fn child<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a DeValue<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref() == key)
        .map(|(_, v)| v.get_ref())
}

/// The keys of each table of an array of tables; nothing for any other value (its shape
/// error is reported where book.toml is parsed for values).
fn entries(value: &DeValue<'_>) -> Vec<Keys> {
    let DeValue::Array(items) = value else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::Table(table) => table
                .iter()
                .map(|(k, _)| (k.get_ref().to_string(), k.span()))
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(text: &str, span: Range<usize>) -> usize {
        text[..span.start].lines().count() + 1
    }

    #[test]
    fn keys_are_found_by_entry_index_not_by_name() {
        let text = "[[relations]]\nname = \"tags\"\n\n[[taxonomies]]\nname = \"a\"\n\n\
                    [[taxonomies]]\nname = \"tags\"\nfeed = true\n";
        let at = EntryPositions::read(text);
        let name = at.key(EntryTable::Taxonomies, 1, "name").unwrap();
        assert_eq!((line_of(text, name.clone()), &text[name]), (8, "name"));
        assert!(at.key(EntryTable::Taxonomies, 0, "feed").is_none());
        assert!(at.key(EntryTable::Taxonomies, 2, "name").is_none());
    }

    #[test]
    fn menus_are_read_under_either_spelling_of_the_table() {
        for table in ["menus", "menu"] {
            let text = format!("[[{table}.main]]\nname = \"A\"\npageRef = \"/a\"\n");
            let at = EntryPositions::read(&text);
            let span = at.key(EntryTable::Menu("main"), 0, "pageRef").unwrap();
            assert_eq!(line_of(&text, span), 3);
            assert!(at.key(EntryTable::Menu("footer"), 0, "name").is_none());
        }
    }
}
