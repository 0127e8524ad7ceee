//! What a page tells the world about itself besides its body: the front-matter keys `feed`,
//! `noindex` and `image` (read from the page's other keys, as Hugo's `.Params`), its share
//! image, its "Edit this page" and feedback links, and the site's icon and share image. Checks
//! those values once, when the site is loaded; the templates only print them.

use crate::config::Config;
use crate::config::url_template::PageFields;
use crate::content::{Document, Kind};
use crate::diagnostics::{Code, Diagnostic};
use crate::graph::{Graph, NodeId, ROOT};
use crate::theme::Theme;

use super::variables::Icon;

/// The front-matter keys this module reads, as written in the handbook.
const KEYS: [&str; 4] = ["feed", "noindex", "image", "images"];

/// A page's own metadata keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PageMeta<'d> {
    /// `feed: true` on a section: an Atom feed of the pages below it.
    pub feed: bool,
    /// `noindex: true`: asks search engines not to index it; left out of the sitemap and feeds.
    pub noindex: bool,
    /// `image` (or the first of Hugo's `images`): the picture shared links show.
    pub image: Option<&'d str>,
}

impl<'d> PageMeta<'d> {
    /// Reads the keys (matched ignoring case) from a document's other front-matter keys.
    pub(crate) fn of(doc: &'d Document) -> PageMeta<'d> {
        let mut meta = PageMeta::default();
        if doc.front.extra.is_empty() {
            return meta;
        }
        for (key, value) in &doc.front.extra {
            let Some(key) = key.as_str() else { continue };
            match key.to_ascii_lowercase().as_str() {
                "feed" => meta.feed = value.as_bool().unwrap_or(false),
                "noindex" => meta.noindex = value.as_bool().unwrap_or(false),
                "image" => meta.image = value.as_str().or(meta.image),
                "images" if meta.image.is_none() => {
                    meta.image = value
                        .as_sequence()
                        .and_then(|items| items.first())
                        .and_then(crate::yaml::Value::as_str);
                }
                _ => {}
            }
        }
        meta
    }

    /// The metadata of node `id` (nothing for a section without `_index.md`).
    pub(crate) fn of_node(graph: &'d Graph, id: NodeId) -> PageMeta<'d> {
        graph.nodes[id]
            .doc
            .as_deref()
            .map_or_else(PageMeta::default, PageMeta::of)
    }
}

/// Whether a URL names its scheme (`https://…`), rather than a path on this site.
fn is_full_url(value: &str) -> bool {
    value.starts_with("https://") || value.starts_with("http://")
}

/// The site path of a file named from the site root (`/img/a.png` or `img/a.png`).
fn site_path(config: &Config, value: &str) -> String {
    format!("{}{}", config.base_url.path, value.trim_start_matches('/'))
}

/// A share image's absolute URL: as written when it is a full URL, else its permalink;
/// `None` when the base URL is a path (link previews need absolute addresses).
fn image_url(config: &Config, value: &str) -> Option<String> {
    if is_full_url(value) {
        Some(value.to_string())
    } else if config.base_url.absolute {
        Some(config.base_url.permalink(&site_path(config, value)))
    } else {
        None
    }
}

/// The site path of a section's feed, when it has one (`feed: true`, an absolute base URL;
/// the home page's feed is the site's own).
pub(crate) fn section_feed(graph: &Graph, config: &Config, id: NodeId) -> Option<String> {
    let node = &graph.nodes[id];
    let wanted = node.kind == Kind::Section
        && id != ROOT
        && config.base_url.absolute
        && node.rendered()
        && PageMeta::of_node(graph, id).feed;
    wanted.then(|| format!("{}atom.xml", node.url))
}

/// The site path of the site-wide feed, when it is written.
pub(crate) fn site_feed(config: &Config) -> Option<String> {
    (config.feeds.enabled && config.base_url.absolute)
        .then(|| format!("{}atom.xml", config.base_url.path))
}

/// The icon of pages the theme does not render, such as redirects: the configured
/// `favicon`, else the theme's `favicon.svg`, as the default theme's head does; `None` when
/// the site has neither.
pub(crate) fn icon(config: &Config, theme: &Theme) -> Option<Icon> {
    let (href, media_type) = match config.book.favicon.as_deref() {
        Some(f) if is_full_url(f) => (f.to_string(), mime_of(f)),
        Some(f) => (site_path(config, f), mime_of(f)),
        None if theme.static_files.iter().any(|s| s.output == "favicon.svg") => {
            (site_path(config, "favicon.svg"), Some("image/svg+xml"))
        }
        None => return None,
    };
    Some(Icon { href, media_type })
}

/// The media type of an icon, by its file name.
fn mime_of(icon: &str) -> Option<&'static str> {
    mime_guess::from_path(icon.split(['?', '#']).next().unwrap_or(icon)).first_raw()
}

/// What this module gives `config`: the icon, the share image, the site feed.
pub(crate) struct SiteMeta {
    pub favicon: Option<String>,
    pub favicon_type: Option<&'static str>,
    pub image: Option<String>,
    pub feed: Option<String>,
}

/// The site's icon (as a URL, and its media type), share image and feed.
pub(crate) fn site_meta(config: &Config) -> SiteMeta {
    let book = &config.book;
    SiteMeta {
        favicon: book.favicon.as_deref().map(|f| {
            if is_full_url(f) {
                f.to_string()
            } else {
                site_path(config, f)
            }
        }),
        favicon_type: book.favicon.as_deref().and_then(mime_of),
        image: book.image.as_deref().and_then(|i| image_url(config, i)),
        feed: site_feed(config),
    }
}

/// What this module gives a page: its share image, `noindex`, its feed and the links to
/// edit it and to give feedback (the fields of the same names of [`Page`]).
///
/// [`Page`]: super::variables::Page
#[derive(Default)]
pub(crate) struct PageHead {
    pub image: Option<String>,
    pub noindex: bool,
    pub feed: Option<String>,
    pub edit_url: Option<String>,
    pub feedback_url: Option<String>,
}

/// The [`PageHead`] of node `id`.
pub(crate) fn page_meta(graph: &Graph, config: &Config, id: NodeId) -> PageHead {
    let node = &graph.nodes[id];
    let meta = PageMeta::of_node(graph, id);
    let path = node.doc.as_ref().map(|d| d.rel_path.as_str());
    let permalink = config.base_url.permalink(&node.url);
    let fields = PageFields {
        path: path.unwrap_or(""),
        title: &node.title,
        url: &permalink,
    };
    PageHead {
        image: meta.image.and_then(|i| image_url(config, i)),
        noindex: meta.noindex,
        feed: section_feed(graph, config, id),
        edit_url: config
            .edit_url
            .as_ref()
            .filter(|_| path.is_some())
            .map(|t| t.fill(&fields)),
        feedback_url: config.feedback_url.as_ref().map(|t| t.fill(&fields)),
    }
}

/// Checks the keys of every page and the site's icon and image: each of the right type, each
/// file named one the build writes. Returns the problems found.
pub(crate) fn check(graph: &Graph, config: &Config, theme: &Theme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let outputs = crate::other_outputs(config, theme);
    let written = |value: &str| {
        let path = value.trim_start_matches('/');
        is_full_url(value)
            || outputs.contains(path)
            || graph.assets.iter().any(|a| a.output == path)
    };
    for (key, value) in [
        ("favicon", config.book.favicon.as_deref()),
        ("image", config.book.image.as_deref()),
    ] {
        let Some(value) = value.filter(|v| !written(v)) else {
            continue;
        };
        let d = Diagnostic::error(
            Code::Config,
            format!("`{key}` names `{value}`, which is no file of the site"),
        )
        .help("put the file in static/ and name it from there, e.g. `img/icon.svg`, or give a full URL");
        out.push(match config.locate_path(&["book", key]) {
            Some(at) => d.at_location(&config.file, &at),
            None => d.in_file(&config.file),
        });
    }
    for node in &graph.nodes {
        if let Some(doc) = &node.doc {
            check_page(doc, &written, config, &mut out);
        }
    }
    out
}

fn check_page(
    doc: &Document,
    written: &dyn Fn(&str) -> bool,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    for (key, value) in &doc.front.extra {
        let Some(key) = key.as_str() else { continue };
        let lower = key.to_ascii_lowercase();
        if !KEYS.contains(&lower.as_str()) {
            continue;
        }
        let problem = match (lower.as_str(), value) {
            ("feed" | "noindex", crate::yaml::Value::Bool(_)) => None,
            ("feed" | "noindex", _) => Some((
                format!("`{key}` must be `true` or `false`"),
                format!("write `{key}: true`"),
            )),
            ("image", crate::yaml::Value::String(s)) if written(s) => None,
            ("images", crate::yaml::Value::Sequence(items))
                if items.iter().all(|i| i.as_str().is_some_and(written)) =>
            {
                None
            }
            (
                "image" | "images",
                crate::yaml::Value::String(_) | crate::yaml::Value::Sequence(_),
            ) => Some((
                format!("`{key}` names a file the site does not have"),
                "name a file of static/ or the content folder from the site root, e.g. \
                     `/img/cover.png`, or give a full URL"
                    .to_string(),
            )),
            _ => Some((
                format!("`{key}` must be a path or URL"),
                format!("write e.g. `{key}: /img/cover.png`"),
            )),
        };
        if let Some((message, help)) = problem {
            out.push(doc.at_key(
                Diagnostic::error(Code::FrontMatter, message).help(help),
                key,
            ));
        }
        if lower == "feed" && value.as_bool() == Some(true) && doc.kind == Kind::Page {
            let d = Diagnostic::warning(Code::Feed, "`feed` makes no feed on a page")
                .help("a feed lists the pages of a section: write `feed: true` in the section's `_index.md`");
            out.push(doc.at_key(d, key));
        } else if lower == "feed" && value.as_bool() == Some(true) && !config.base_url.absolute {
            let d = Diagnostic::warning(
                Code::Feed,
                "no feed for this section: feeds need an absolute base-url",
            )
            .help("set `base-url = \"https://…\"` under [book] in book.toml, or remove `feed`");
            out.push(doc.at_key(d, key));
        }
    }
}
