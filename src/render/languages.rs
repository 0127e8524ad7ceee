//! What a multilingual site renders beyond one language's pages: which pages translate each
//! other ([`alternates`]), what a page's template is told of them (`page.translations`), and a
//! sink that writes a language's files under its `/CODE/` folder ([`Prefixed`]).

use std::collections::HashMap;
use std::path::Path;

use tera::Value;

use crate::config::Config;
use crate::content::languages::translation_key;
use crate::graph::{Graph, NodeId};
use crate::output::{OutputError, Sink};

/// One language version of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version {
    /// The language's index in `Config::languages`.
    pub language: usize,
    /// The page's node in that language's graph.
    pub node: NodeId,
}

/// By language, then node: every version of the node (itself included, in language order),
/// or none when it has no translation.
pub(crate) type Alternates = Vec<Vec<Vec<Version>>>;

/// Finds the translations of every page of every language (`graphs` in language order).
pub(crate) fn alternates(graphs: &[&Graph]) -> Alternates {
    let mut by_key: HashMap<String, Vec<Version>> = HashMap::new();
    for (language, graph) in graphs.iter().enumerate() {
        for (node, n) in NodeId::enumerate(&graph.nodes) {
            let key = match &n.doc {
                Some(doc) => translation_key(doc),
                None => format!("dir:{}", n.key),
            };
            by_key
                .entry(key)
                .or_default()
                .push(Version { language, node });
        }
    }
    let mut out: Alternates = graphs
        .iter()
        .map(|g| vec![Vec::new(); g.nodes.len()])
        .collect();
    for versions in by_key.into_values().filter(|v| v.len() > 1) {
        for version in &versions {
            out[version.language][version.node] = versions.clone();
        }
    }
    out
}

/// `page.translations` of each node of language `language`: `{code, name, url, permalink,
/// current}` for every version, or `none` for a page without translations.
pub(crate) fn translation_values(
    sites: &[(&Graph, &Config)],
    alternates: &Alternates,
    language: usize,
) -> Vec<Value> {
    let Some(nodes) = alternates.get(language) else {
        return Vec::new();
    };
    nodes
        .iter()
        .map(|versions| {
            let items: Vec<Value> = versions
                .iter()
                .filter_map(|v| {
                    let (graph, config) = sites.get(v.language)?;
                    let url = graph.nodes.get(v.node.index())?.url.as_str();
                    let lang = config.current_language();
                    Some(Value::from_serializable(&super::variables::Translation {
                        code: &lang.code,
                        name: &lang.name,
                        url,
                        permalink: config.base_url.permalink(url),
                        current: v.language == language,
                    }))
                })
                .collect();
            if items.is_empty() {
                Value::none()
            } else {
                Value::from(items)
            }
        })
        .collect()
}

/// Writes into `inner` under `prefix` (`es/`): a language's own folder.
pub(crate) struct Prefixed<'s> {
    pub(crate) inner: &'s dyn Sink,
    pub(crate) prefix: String,
}

impl Prefixed<'_> {
    fn at(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }
}

impl Sink for Prefixed<'_> {
    fn create_dirs(&self, dirs: &mut dyn Iterator<Item = &str>) -> Result<(), OutputError> {
        let top = self.prefix.trim_end_matches('/').to_string();
        let prefixed: Vec<String> = std::iter::once(top)
            .chain(dirs.map(|d| self.at(d)))
            .collect();
        self.inner
            .create_dirs(&mut prefixed.iter().map(String::as_str))
    }

    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), OutputError> {
        self.inner.write_parts(&self.at(rel), parts)
    }

    fn write_stream(
        &self,
        rel: &str,
        parts: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> Result<(), OutputError> {
        self.inner.write_stream(&self.at(rel), parts)
    }

    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError> {
        self.inner.copy(source, &self.at(rel))
    }

    fn files_written(&self) -> usize {
        self.inner.files_written()
    }

    fn stopped(&self) -> bool {
        self.inner.stopped()
    }
}
