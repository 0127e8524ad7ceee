//! The files for crawlers and old links: `sitemap.xml`, `robots.txt` and the redirect page
//! at each alias, each rendered from a theme template (`sitemap.xml`, `robots.txt`,
//! `redirect.html`) with one typed value of [`super::variables`]. A theme without its own
//! takes the built-in theme's (see [`crate::theme::BUILT_IN`]). This module builds those
//! values from the graph; it reads no file.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::graph::{Alias, Graph, NodeId};
use crate::output::Sink;
use crate::theme::Theme;

use super::variables::{Icon, Redirect, Robots, Sitemap, SitemapAlternate, SitemapEntry};
use super::{Engine, Failure, Pages, languages, meta};

/// The template of the sitemap.
pub(super) const SITEMAP: &str = "sitemap.xml";
/// The template of robots.txt.
pub(super) const ROBOTS: &str = "robots.txt";
/// The template of every redirect page.
pub(super) const REDIRECT: &str = "redirect.html";

/// Renders `sitemap` with the theme's `sitemap.xml` and writes it as `sitemap.xml`.
pub(super) fn write_sitemap(
    engine: &Engine,
    staging: &dyn Sink,
    sitemap: &Sitemap,
) -> Result<(), Failure> {
    super::write_value(
        engine,
        staging,
        (SITEMAP, "sitemap"),
        sitemap,
        "sitemap.xml",
    )
}

/// Renders the theme's `robots.txt` for `config` and writes it as `robots.txt`.
pub(super) fn write_robots(
    engine: &Engine,
    staging: &dyn Sink,
    config: &Config,
) -> Result<(), Failure> {
    let robots = robots(config);
    super::write_value(engine, staging, (ROBOTS, "robots"), &robots, "robots.txt")
}

/// What `robots.txt` gets: the sitemap's address, when there is one.
fn robots(config: &Config) -> Robots {
    let sitemap = config.base_url.absolute;
    Robots {
        sitemap: sitemap.then(|| format!("{}sitemap.xml", encode_url(&config.base_url.url))),
    }
}

/// The sitemap of one site.
pub(super) fn sitemap(graph: &Graph, config: &Config) -> Sitemap {
    sitemap_of(&[(graph, config)], &Vec::new())
}

/// The sitemap of every language's graph; with `alternates` (see
/// [`languages::alternates`]), each address lists its translations (`xhtml:link`).
pub(super) fn sitemap_of(
    sites: &[(&Graph, &Config)],
    alternates: &[Vec<Vec<languages::Version>>],
) -> Sitemap {
    let mut entries: BTreeMap<String, Listed> = BTreeMap::new();
    for (language, (graph, config)) in sites.iter().enumerate() {
        let versions = alternates.get(language).map_or(&[][..], Vec::as_slice);
        sitemap_entries(graph, config, versions, sites, &mut entries);
    }
    let has_alternates = entries.values().any(|(_, links)| !links.is_empty());
    // The sitemap protocol's limit: a longer address would make the file invalid.
    let entries = entries
        .into_iter()
        .filter(|(loc, _)| loc.len() <= 2048)
        .map(|(loc, (lastmod, alternates))| SitemapEntry {
            loc,
            lastmod,
            alternates,
        })
        .collect();
    Sitemap {
        entries,
        has_alternates,
    }
}

/// A sitemap address's lastmod and translations.
type Listed = (Option<String>, Vec<SitemapAlternate>);

/// One language's addresses, with their lastmod and translations.
fn sitemap_entries(
    graph: &Graph,
    config: &Config,
    versions: &[Vec<languages::Version>],
    sites: &[(&Graph, &Config)],
    entries: &mut BTreeMap<String, Listed>,
) {
    // Not pages that are not written, nor those listed nowhere (`build.list: never`), nor
    // drafts (built with `--drafts`) and `noindex` pages.
    let in_sitemap = |n: &&crate::graph::Node| {
        n.rendered()
            && n.build().list != crate::content::front_matter::List::Never
            && n.doc
                .as_deref()
                .is_none_or(|d| !d.front.draft && !meta::PageMeta::of(d).noindex)
    };
    for (id, node) in graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| in_sitemap(n))
    {
        let front = node.doc.as_ref().map(|d| &d.front);
        let lastmod = front.and_then(|f| f.updated.or(f.date)).map(|d| {
            if d.has_time {
                d.rfc3339()
            } else {
                d.to_string()
            }
        });
        let links = translations(versions.get(id).map_or(&[][..], Vec::as_slice), sites);
        entries.insert(
            encode_url(&config.base_url.permalink(&node.url)),
            (lastmod, links),
        );
    }
    for taxonomy in &graph.taxonomies {
        let url = encode_url(&config.base_url.permalink(&taxonomy.url));
        entries.insert(url, (None, Vec::new()));
        for term in &taxonomy.terms {
            let url = encode_url(&config.base_url.permalink(&term.url));
            entries.insert(url, (None, Vec::new()));
        }
    }
}

/// The addresses of a page's `versions` in each language, and the default language's
/// again as `x-default`: it stands for readers of any other language.
fn translations(
    versions: &[languages::Version],
    sites: &[(&Graph, &Config)],
) -> Vec<SitemapAlternate> {
    let mut links: Vec<SitemapAlternate> = versions
        .iter()
        .filter_map(|v| {
            let (graph, config) = sites.get(v.language)?;
            let url = &graph.nodes.get(v.node.index())?.url;
            Some(SitemapAlternate {
                lang: config.current_language().code.clone(),
                href: encode_url(&config.base_url.permalink(url)),
            })
        })
        .collect();
    let default = versions.first().filter(|v| v.language == 0);
    if let Some(href) = default.and(links.first().map(|link| link.href.clone())) {
        links.push(SitemapAlternate {
            lang: "x-default".to_string(),
            href,
        });
    }
    links
}

/// What a sitemap address keeps as written: every printable ASCII character. Controls,
/// space and every non-ASCII byte are percent-encoded, as the sitemap protocol requires.
const SITEMAP_URL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ');

/// Percent-encodes the non-ASCII bytes, controls and spaces of a URL (sitemaps require it).
fn encode_url(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, SITEMAP_URL).to_string()
}

/// The redirects of a render: each alias's page, written from any worker, with the
/// problems met kept until the render ends.
pub(super) struct Redirects<'r> {
    graph: &'r Graph,
    config: &'r Config,
    engine: &'r Engine,
    staging: &'r dyn Sink,
    /// The aliases by target node, each page's in output order.
    by_target: Vec<&'r Alias>,
    icon: Option<Icon>,
    /// Redirects not written, and why.
    failures: Mutex<Vec<Failure>>,
}

impl<'r> Redirects<'r> {
    /// The redirects of `pages`' site, to write into `staging`.
    pub(super) fn new(pages: &Pages<'r>, theme: &Theme, staging: &'r dyn Sink) -> Redirects<'r> {
        let mut by_target: Vec<&Alias> = pages.graph.aliases.iter().collect();
        by_target.sort_by_key(|alias| alias.target); // stable: each page's stay in order
        Redirects {
            graph: pages.graph,
            config: pages.config,
            engine: pages.engine,
            staging,
            by_target,
            icon: meta::icon(pages.config, theme),
            failures: Mutex::default(),
        }
    }

    /// The aliases pointing at node `id`.
    fn of(&self, id: NodeId) -> &[&'r Alias] {
        let start = self.by_target.partition_point(|alias| alias.target < id);
        let end = self.by_target.partition_point(|alias| alias.target <= id);
        &self.by_target[start..end]
    }

    /// Writes the redirects pointing at node `id`.
    pub(super) fn write_of(&self, id: NodeId) {
        self.of(id).iter().for_each(|alias| self.write(alias));
    }

    /// Writes every redirect, or with `only` those pointing at these nodes.
    pub(super) fn write_all(&self, only: Option<&[NodeId]>) {
        match only {
            None => self
                .graph
                .aliases
                .iter()
                .for_each(|alias| self.write(alias)),
            Some(ids) => ids.iter().for_each(|&id| self.write_of(id)),
        }
    }

    /// The value `redirect.html` gets for `alias`.
    fn value(&self, alias: &Alias) -> Redirect<'_> {
        let target = &self.graph.nodes[alias.target];
        Redirect {
            url: &target.url,
            title: &target.title,
            permalink: self.config.base_url.permalink(&target.url),
            language: &self.config.book.language,
            icon: self.icon.as_ref(),
        }
    }

    /// Writes one alias's redirect, keeping the problem if it cannot.
    fn write(&self, alias: &Alias) {
        let (engine, staging) = (self.engine, self.staging);
        let value = self.value(alias);
        let written = super::write_value(
            engine,
            staging,
            (REDIRECT, "redirect"),
            &value,
            &alias.output,
        );
        if let Err(failure) = written {
            self.failures.lock().expect("not poisoned").push(failure);
        }
    }

    /// The problems met, in whatever order the workers met them; a template mistake once,
    /// however many redirects it broke.
    pub(super) fn into_errors(self) -> Vec<Diagnostic> {
        Failure::report(self.failures.into_inner().expect("not poisoned"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_percent_encoded_for_sitemaps() {
        assert_eq!(
            encode_url("https://x.org/décision/"),
            "https://x.org/d%C3%A9cision/"
        );
    }

    #[test]
    fn sitemap_urls_keep_printable_ascii_and_encode_the_rest() {
        let printable: String = (0x21u8..0x7f).map(char::from).collect();
        assert_eq!(encode_url(&printable), printable);
        assert_eq!(encode_url("a b\tc\u{7f}"), "a%20b%09c%7F");
    }
}
