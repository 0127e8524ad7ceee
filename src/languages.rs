//! Multilingual sites: each language is read and placed as a site of its own (its content,
//! its graph: sidebar, reading order, taxonomies, feeds, search index and 404), from a
//! configuration whose base URL is the language's folder (see
//! [`Config::for_language`]). What ties them is done here: translations share their
//! default-language page's id, and `[[ID]]` with no page in a language leads to the default
//! language's page ([`crate::content::Content::foreign`]).

use std::collections::HashMap;

use crate::Progress;
use crate::config::Config;
use crate::content::{self, Content, ForeignPage};
use crate::data::Data;
use crate::diagnostics::{Code, Diagnostic};
use crate::graph::Graph;
use crate::render::{self, Engine};
use crate::theme::Theme;

/// One language besides the default, loaded.
pub(crate) struct Translation {
    /// Its configuration (base URL `/CODE/`).
    pub config: Config,
    /// Its pages.
    pub graph: Graph,
    /// The templates, with its configuration and interface strings.
    pub engine: Engine,
}

/// The content and engine of one language, before its graph is built.
pub(crate) struct Read {
    pub config: Config,
    pub engine: Option<Engine>,
    pub content: Content,
}

/// Reads one language's content, with the shortcodes of its own engine.
pub(crate) fn read(
    config: Config,
    theme: &Theme,
    data: &Data,
    progress: &dyn Progress,
    diagnostics: &mut Vec<Diagnostic>,
) -> Read {
    // Template errors are the same in every language: reported once, for the default.
    let engine = match crate::engine_for(&config, theme, data) {
        Ok(engine) => Some(engine),
        Err(mut errors) if config.language == 0 => {
            diagnostics.append(&mut errors);
            None
        }
        Err(_) => None,
    };
    // Shortcodes are rendered while content is read; with templates that do not compile
    // (reported above) they stay as text, and every content error is still found.
    let (content, mut problems) = match &engine {
        Some(engine) => content::load(
            &config,
            &render::shortcodes::Host::new(engine, &config),
            progress,
        ),
        None => content::load(&config, &content::shortcodes::NoShortcodes, progress),
    };
    diagnostics.append(&mut problems);
    Read {
        config,
        engine,
        content,
    }
}

/// The default language's pages, by `id:` and lowercase id and by `path:` and path in the
/// content folder, for the other languages' links to pages they lack.
pub(crate) fn foreign_pages(graph: &Graph, config: &Config) -> HashMap<String, ForeignPage> {
    let language = config.current_language().name.clone();
    let mut pages = HashMap::new();
    for node in &graph.nodes {
        let Some(doc) = &node.doc else { continue };
        let page = ForeignPage {
            href: node.url.clone(),
            title: node.title.clone(),
            language: language.clone(),
        };
        if let Some(id) = node.id() {
            pages.insert(format!("id:{}", id.to_lowercase()), page.clone());
        }
        pages.insert(format!("path:{}", doc.rel_path), page);
    }
    pages
}

/// Builds the graph of each language besides the default, giving translations the ids of
/// their default-language pages. Returns them and what they found.
pub(crate) fn place(
    others: Vec<Read>,
    default: (&Graph, &Config),
    theme: &Theme,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Translation> {
    let foreign = foreign_pages(default.0, default.1);
    let docs: Vec<&content::Document> = default
        .0
        .nodes
        .iter()
        .filter_map(|n| n.doc.as_deref())
        .collect();
    let mut placed = Vec::new();
    for mut read in others {
        content::languages::share_ids(&docs, &mut read.content);
        read.content.foreign = foreign.clone();
        let outputs = crate::other_outputs(&read.config, theme);
        let (graph, mut found) = Graph::build(read.content, &read.config, &outputs);
        diagnostics.append(&mut found);
        diagnostics.extend(render::check_outputs(&graph, &read.config, theme));
        let Some(engine) = read.engine else { continue };
        diagnostics.extend(render::check_templates(&graph, &engine));
        placed.push(Translation {
            config: read.config,
            graph,
            engine,
        });
    }
    placed
}

/// An error for each page of the default language published where another language's
/// folder goes (`/es/…` on a site with Spanish).
pub(crate) fn check_folders(default: &Graph, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for language in config.languages.iter().skip(1) {
        let folder = format!("{}/", language.code);
        // Folders without a page of their own are there for the pages below them.
        let placed = default
            .nodes
            .iter()
            .filter_map(|n| Some((n, n.doc.as_ref()?)));
        for (_, doc) in placed.filter(|(n, _)| n.output.starts_with(&folder)) {
            let d = Diagnostic::error(
                Code::OutputCollision,
                format!(
                    "this page is published in `{folder}`, the folder of the {} pages",
                    language.name
                ),
            )
            .help("rename its folder, or give the language another code");
            out.push(d.in_file(&doc.source));
        }
    }
    out
}
