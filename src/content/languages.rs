//! The files of one language of a multilingual site, and how translations find each other.
//!
//! A language's pages are the markdown files of its folder: its own `content-dir`, or the
//! default content folder, where a file names its language by suffix (`setup.es.md` is the
//! Spanish `setup.md`; `_index.es.md` a section's Spanish page). Files with another
//! language's suffix, and the folders of languages nested in it, are left to those languages.
//! Other files (images, downloads) are every language's that reads the folder.
//!
//! Translations are the pages of several languages with one key: their `translationKey`, or
//! else their path in the content folder without the suffix.

use std::path::Path;
use std::sync::Arc;

use super::{Content, Document, Listing};
use crate::config::Config;

/// The files of `listing` (a walk of `config`'s content folder) that belong to the language
/// `config` builds, each markdown file under its name without the language suffix.
pub fn select(listing: Listing, config: &Config) -> Listing {
    let (files, diagnostics) = listing;
    let own = config.current_language();
    let folder = config.content_dir();
    // Whether unsuffixed pages of this folder are this language's: the default language's in
    // the shared folder, and those of a language with a folder of its own.
    let owns_plain = config.language == 0 || own.content_dir.is_some();
    let nested: Vec<String> = nested_folders(config, &folder);
    let selected: Vec<(std::path::PathBuf, String)> = files
        .into_iter()
        .filter(|(_, rel)| !nested.iter().any(|n| rel.starts_with(n.as_str())))
        .filter_map(|(path, rel)| {
            let Some(stem) = rel.strip_suffix(".md") else {
                return Some((path, rel));
            };
            match suffix(stem, config) {
                Some((plain, code)) if code.eq_ignore_ascii_case(&own.code) => {
                    Some((path, format!("{plain}.md")))
                }
                Some(_) => None,
                None => owns_plain.then_some((path, rel)),
            }
        })
        .collect();
    if owns_plain {
        return (selected, diagnostics);
    }
    (with_own_assets(selected), diagnostics)
}

/// A translation beside the default language's pages keeps only the files of folders it
/// has a page in, and of its own bundles: an image of an untranslated page would otherwise
/// give the language an empty section.
fn with_own_assets(files: Vec<(std::path::PathBuf, String)>) -> Vec<(std::path::PathBuf, String)> {
    let folder = |rel: &str| rel.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    let markdown = |rel: &str| rel.ends_with(".md");
    let page_dirs: std::collections::HashSet<String> = files
        .iter()
        .filter(|(_, rel)| markdown(rel))
        .map(|(_, rel)| folder(rel))
        .collect();
    let bundles: Vec<String> = files
        .iter()
        .filter(|(_, rel)| rel == "index.md" || rel.ends_with("/index.md"))
        .map(|(_, rel)| format!("{}/", folder(rel)))
        .collect();
    files
        .into_iter()
        .filter(|(_, rel)| {
            markdown(rel)
                || page_dirs.contains(&folder(rel))
                || bundles.iter().any(|b| rel.starts_with(b.as_str()))
        })
        .collect()
}

/// The folders of other languages inside `folder`, as `rel/` prefixes.
fn nested_folders(config: &Config, folder: &Path) -> Vec<String> {
    config
        .languages
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != config.language)
        .filter_map(|(_, language)| {
            let dir = config.root.join(language.content_dir.as_ref()?);
            let rel = dir.strip_prefix(folder).ok()?;
            let rel = rel.to_str()?.replace('\\', "/");
            (!rel.is_empty()).then(|| format!("{}/", rel.trim_end_matches('/')))
        })
        .collect()
}

/// `setup.es` → (`setup`, `es`) when `es` is one of the site's language codes.
fn suffix<'s>(stem: &'s str, config: &Config) -> Option<(&'s str, &'s str)> {
    let (plain, code) = stem.rsplit_once('.')?;
    if plain.is_empty() || plain.ends_with('/') {
        return None;
    }
    config
        .languages
        .iter()
        .any(|l| l.code.eq_ignore_ascii_case(code))
        .then_some((plain, code))
}

/// What ties a page to its translations: `translationKey`, else its path in the content
/// folder (without the language suffix).
pub fn translation_key(doc: &Document) -> String {
    let written = doc
        .front
        .extra
        .iter()
        .find(|(k, _)| {
            k.as_str()
                .is_some_and(|k| k.eq_ignore_ascii_case("translationKey"))
        })
        .and_then(|(_, v)| v.as_str());
    match written {
        Some(key) => format!("key:{key}"),
        None => format!("path:{}", doc.rel_path),
    }
}

/// Gives each translation without an id of its own the id of its default-language page, so
/// that `[[ID]]` finds the translation in its language.
pub fn share_ids(default: &[&Document], translated: &mut Content) {
    let ids: std::collections::HashMap<String, &str> = default
        .iter()
        .filter_map(|doc| Some((translation_key(doc), doc.id.as_deref()?)))
        .collect();
    for doc in &mut translated.documents {
        if doc.id.is_some() {
            continue;
        }
        if let Some(id) = ids.get(&translation_key(doc)) {
            Arc::make_mut(doc).id = Some((*id).to_string());
        }
    }
}
