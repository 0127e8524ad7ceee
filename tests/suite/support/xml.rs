//! Validity checks for the XML a build writes, with a real XML parser (roxmltree): Atom
//! feeds against RFC 4287's required elements, sitemaps against the sitemaps.org protocol.
//! Each returns the parsed facts tests go on to check.

use roxmltree::{Document, Node};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One entry of a feed, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub updated: String,
    pub link: String,
    pub summary: Option<String>,
}

/// A feed, as read.
#[derive(Debug, Clone)]
pub struct Feed {
    pub id: String,
    pub title: String,
    pub updated: String,
    pub self_link: String,
    pub authors: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Feed {
    pub fn titles(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.title.as_str()).collect()
    }
}

fn children<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|c| {
            c.is_element() && c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name
        })
        .collect()
}

/// The text of the one `name` child; panics unless there is exactly one.
fn one(node: Node<'_, '_>, ns: &str, name: &str, what: &str) -> String {
    let found = children(node, ns, name);
    assert_eq!(
        found.len(),
        1,
        "{what} must have exactly one <{name}>, has {}",
        found.len()
    );
    found[0].text().unwrap_or("").to_string()
}

/// An IRI as Atom ids must be: a scheme, then the rest.
fn assert_iri(value: &str, what: &str) {
    let scheme = value.split(':').next().unwrap_or("");
    assert!(
        value.contains(':')
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !value.contains(char::is_whitespace),
        "{what} `{value}` is not an IRI"
    );
}

/// An RFC 3339 date-time, as Atom's date constructs must be.
fn assert_rfc3339(value: &str, what: &str) {
    assert!(
        value.parse::<jiff::Timestamp>().is_ok() && value.contains('T'),
        "{what} `{value}` is not an RFC 3339 date-time"
    );
}

/// Parses an Atom feed and checks what RFC 4287 requires of it.
pub fn atom(text: &str) -> Feed {
    let doc = Document::parse(text)
        .unwrap_or_else(|e| panic!("feed is not well-formed XML: {e}\n{text}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM), "root is not Atom");
    assert_eq!(feed.tag_name().name(), "feed");
    let id = one(feed, ATOM, "id", "the feed");
    assert_iri(&id, "the feed's id");
    let title = one(feed, ATOM, "title", "the feed");
    let updated = one(feed, ATOM, "updated", "the feed");
    assert_rfc3339(&updated, "the feed's updated");
    let links = children(feed, ATOM, "link");
    let self_links: Vec<&str> = links
        .iter()
        .filter(|l| l.attribute("rel") == Some("self"))
        .filter_map(|l| l.attribute("href"))
        .collect();
    assert_eq!(self_links.len(), 1, "a feed should have one link rel=self");
    let authors: Vec<String> = children(feed, ATOM, "author")
        .into_iter()
        .map(|a| one(a, ATOM, "name", "an author"))
        .collect();
    let mut entries = Vec::new();
    for entry in children(feed, ATOM, "entry") {
        let id = one(entry, ATOM, "id", "an entry");
        assert_iri(&id, "an entry's id");
        let updated = one(entry, ATOM, "updated", "an entry");
        assert_rfc3339(&updated, "an entry's updated");
        for published in children(entry, ATOM, "published") {
            assert_rfc3339(published.text().unwrap_or(""), "an entry's published");
        }
        let alternate: Vec<&str> = children(entry, ATOM, "link")
            .iter()
            .filter(|l| l.attribute("rel").is_none_or(|r| r == "alternate"))
            .filter_map(|l| l.attribute("href"))
            .collect();
        assert_eq!(
            alternate.len(),
            1,
            "an entry should have one alternate link"
        );
        if authors.is_empty() {
            assert!(
                !children(entry, ATOM, "author").is_empty(),
                "no author for entry {id}"
            );
        }
        let summaries = children(entry, ATOM, "summary");
        assert!(summaries.len() <= 1, "an entry has at most one summary");
        entries.push(Entry {
            id,
            title: one(entry, ATOM, "title", "an entry"),
            updated,
            link: alternate[0].to_string(),
            summary: summaries
                .first()
                .map(|s| s.text().unwrap_or("").to_string()),
        });
    }
    let mut ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), entries.len(), "entry ids repeat");
    Feed {
        id,
        title,
        updated,
        self_link: self_links[0].to_string(),
        authors,
        entries,
    }
}

/// One `<url>` of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// A W3C Datetime as sitemaps use it: a date, or a date and time with an offset.
fn assert_w3c_datetime(value: &str) {
    let date_only = value.len() == 10 && value.parse::<jiff::civil::Date>().is_ok();
    assert!(
        date_only || value.parse::<jiff::Timestamp>().is_ok(),
        "lastmod `{value}` is not a W3C Datetime"
    );
}

/// Parses a sitemap and checks the protocol's rules: absolute, unique, short enough
/// addresses in the protocol's namespace, W3C dates.
pub fn sitemap(text: &str) -> Vec<SitemapUrl> {
    let doc = Document::parse(text).unwrap_or_else(|e| panic!("sitemap is not well-formed: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP));
    assert_eq!(root.tag_name().name(), "urlset");
    let mut out = Vec::new();
    for url in root.children().filter(Node::is_element) {
        assert_eq!(url.tag_name().name(), "url", "only <url> in a <urlset>");
        let loc = one(url, SITEMAP, "loc", "a <url>");
        assert!(
            loc.starts_with("https://") || loc.starts_with("http://"),
            "loc `{loc}` is not absolute"
        );
        assert!(loc.len() <= 2048, "a loc of {} characters", loc.len());
        assert!(
            loc.is_ascii() && !loc.contains(' '),
            "loc `{loc}` is not percent-encoded"
        );
        let lastmod = children(url, SITEMAP, "lastmod")
            .first()
            .map(|l| l.text().unwrap_or("").to_string());
        if let Some(lastmod) = &lastmod {
            assert_w3c_datetime(lastmod);
        }
        out.push(SitemapUrl { loc, lastmod });
    }
    let mut locs: Vec<&str> = out.iter().map(|u| u.loc.as_str()).collect();
    locs.sort_unstable();
    locs.dedup();
    assert_eq!(locs.len(), out.len(), "a loc repeats");
    out
}
