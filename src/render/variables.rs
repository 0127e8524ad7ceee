//! The template variables: every value praxis hands to a template, as a typed struct. This
//! file is the theme contract. Each struct serializes into the Tera value a template reads
//! under the same field names; the handbook's reference (THEME02-BP01, "template
//! variables") describes every field, and `tests/suite/template_variables.rs` checks that it
//! lists every field a template receives.
//!
//! The structs borrow what the graph already holds and carry ready-made Tera values
//! ([`Value`]) where a list or card is shared by many pages: a card is built once per build
//! and handed to every list that shows it without a copy. Fields that are `Option` are
//! `none` in templates when absent, except those marked to be left out, which a template
//! tests with `is defined` or `or`.
//!
//! Nothing here computes anything: the builders live beside what they read
//! ([`super::values`] for pages and cards, [`super::taxonomies`] for taxonomy and term
//! pages, [`super::menus`], [`super::languages`]).

use serde::Serialize;
use tera::Value;

/// A node's card: what lists, links and navigation show of a page or section (`item` in
/// a listing, `prev`, `next`, `breadcrumbs`, `page.parent`, relation and backlink items).
///
/// Built for every node and shared, so kept to what lists need; the rest is on the full
/// [`Page`]. Tera finds a field of a map of up to twelve entries by comparing names, and of a
/// larger one by hashing the name: every card field is read in every listing, so a field
/// only some pages need is left out when absent rather than written as `none`.
#[derive(Serialize)]
pub(crate) struct Card<'a> {
    /// `home`, `section` or `page`.
    pub kind: &'static str,
    pub title: &'a str,
    /// The page's stable id (`OPS01-BP02`), or none.
    pub id: Option<&'a str>,
    /// Whether the title already starts with the id; none without an id. Spares templates a
    /// `starting_with` test per listed page.
    pub title_has_id: Option<bool>,
    /// The URL path; empty for a page with `build.render: never`.
    pub url: &'a str,
    /// The description as inline HTML, links written.
    pub description_html: Option<Value>,
    /// Hugo's `.Summary`, as HTML.
    pub summary: Option<Value>,
    pub date: Option<String>,
    /// Minutes, at 200 words a minute, rounded up.
    pub reading_time: usize,
    pub draft: bool,
    pub has_children: bool,
    /// The parent section's link title; none on the home page.
    pub section_title: Option<&'a str>,
    /// The `linkTitle`, only on the cards of pages whose link title differs from their title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_title: Option<&'a str>,
    /// `[[theme.badges]]` values, only on the cards of pages that have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub badges: Option<Value>,
}

/// The page or section being rendered, beyond its [`Card`]: `page` (and `section`) in a
/// template is the card's fields and these together (see [`super::values::document`]).
#[derive(Serialize)]
pub(crate) struct Page<'a> {
    /// The link title, here only when the card lacks it (the card carries it when it
    /// differs from the title): a full page always has `link_title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link_title: Option<&'a str>,
    pub permalink: String,
    pub description: Option<&'a str>,
    pub summary_text: Option<String>,
    pub meta_description: Option<String>,
    pub updated: Option<String>,
    pub weight: Option<i64>,
    pub word_count: usize,
    pub hidden: bool,
    pub section_url: Option<&'a str>,
    /// The body as HTML, links written.
    pub content: Value,
    pub toc_html: Value,
    pub toc: Vec<TocEntry>,
    /// The source file inside the content folder.
    pub path: &'a str,
    pub slug: &'a str,
    pub aliases: Vec<&'a str>,
    /// Every front-matter key praxis does not type, as written.
    pub extra: Value,
    /// Each declared taxonomy's name mapped to the page's [`TermCard`]s.
    pub taxonomies: Value,
    pub term_groups: Vec<TermGroup>,
    pub describes: Vec<Value>,
    pub ancestors: Value,
    pub parent: Option<Value>,
    pub relations: Vec<LinkGroup<'a>>,
    pub backlinks: Vec<BacklinkGroup>,
    /// The share image as an absolute URL.
    pub image: Option<String>,
    /// The `noindex` key: asks search engines to leave the page out.
    pub noindex: bool,
    /// A section's own feed URL.
    pub feed: Option<String>,
    pub edit_url: Option<String>,
    pub feedback_url: Option<String>,
    /// On a multilingual site, the page in each of its languages; else left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translations: Option<Value>,
    /// Sections only: cards of the child pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Value>,
    /// Sections only: cards of the child sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsections: Option<Value>,
}

/// `page` on a page outside the content tree: the 404 page, a taxonomy's index and a term's
/// pages.
#[derive(Serialize)]
pub(crate) struct OtherPage<'a> {
    /// `404`, `taxonomy` or `term`.
    pub kind: &'static str,
    pub title: &'a str,
    pub link_title: &'a str,
    pub url: &'a str,
    pub permalink: Option<Value>,
    pub description: Option<&'a str>,
    pub description_html: Option<Value>,
    pub content: Value,
    pub toc: Vec<TocEntry>,
    pub toc_html: Value,
    pub id: Option<&'a str>,
    pub extra: Value,
    /// The share image as an absolute URL.
    pub image: Option<String>,
    /// The `noindex` key: asks search engines to leave the page out.
    pub noindex: bool,
    /// A section's own feed URL.
    pub feed: Option<String>,
    pub edit_url: Option<String>,
    pub feedback_url: Option<String>,
}

impl<'a> OtherPage<'a> {
    /// A page of kind `kind` with only a title and a URL: no text, no table of contents.
    pub(crate) fn new(kind: &'static str, title: &'a str, url: &'a str) -> OtherPage<'a> {
        OtherPage {
            kind,
            title,
            link_title: title,
            url,
            permalink: None,
            description: None,
            description_html: None,
            content: Value::safe_string(""),
            toc: Vec::new(),
            toc_html: Value::safe_string(""),
            id: None,
            extra: Value::from(tera::Map::new()),
            image: None,
            noindex: false,
            feed: None,
            edit_url: None,
            feedback_url: None,
        }
    }
}

/// One heading of a page's table of contents, nested by level.
#[derive(Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A group of `page.relations`: the targets of one relation kind.
#[derive(Serialize)]
pub(crate) struct LinkGroup<'a> {
    /// The relation's front-matter key: `related`.
    pub name: &'a str,
    pub title: String,
    /// Cards of the targets, in the order written.
    pub items: Vec<Value>,
}

/// A group of `page.backlinks`: the pages linking here through one relation, or by body links.
#[derive(Serialize)]
pub(crate) struct BacklinkGroup {
    /// The relation's name, or `link`.
    pub kind: String,
    pub title: String,
    pub items: Vec<Value>,
}

/// One taxonomy term as lists show it (`taxonomy.terms`, `page.taxonomies`).
#[derive(Serialize)]
pub(crate) struct TermCard<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    pub permalink: String,
    /// How many pages have the term.
    pub count: usize,
}

/// One taxonomy with all its terms (`taxonomies`, `taxonomy`).
#[derive(Serialize)]
pub(crate) struct TaxonomyCard<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub permalink: String,
    pub terms: Vec<Value>,
}

/// An entry of `page.term_groups`: a taxonomy the page has terms in, and those terms.
#[derive(Serialize)]
pub(crate) struct TermGroup {
    pub taxonomy: Value,
    pub terms: Value,
}

/// An entry of `page.describes` beyond its [`TermCard`]: the taxonomy of a term this page
/// is the landing page of.
#[derive(Serialize)]
pub(crate) struct Described<'a> {
    pub taxonomy: &'a str,
    pub taxonomy_title: &'a str,
}

/// `term` on a term page, beyond its [`TermCard`].
#[derive(Serialize)]
pub(crate) struct TermPage {
    /// Cards of all the term's pages.
    pub pages: Value,
    pub landing: Option<Value>,
    pub feed: Option<String>,
}

/// `paginator` on a term page.
#[derive(Serialize)]
pub(crate) struct Paginator {
    pub number: usize,
    pub total: usize,
    pub per_page: usize,
    /// Cards of the pages listed on this page.
    pub pages: Value,
    pub cards_html: Option<Value>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub first: String,
    pub last: String,
    pub numbers: Vec<PageNumber>,
}

/// One of `paginator.numbers`.
#[derive(Serialize)]
pub(crate) struct PageNumber {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// What a sidebar item adds to its card: whether it is the page shown, and the children it
/// shows (all of a section on the way to the page, or only the subsections of one folded).
#[derive(Serialize)]
pub(crate) struct SidebarItem {
    pub current: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub expanded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Value>,
}

/// The sidebar item standing for the children a long list leaves out.
#[derive(Serialize)]
pub(crate) struct MoreItem<'a> {
    /// Always `more`.
    pub kind: &'static str,
    pub title: String,
    /// The section holding them.
    pub url: &'a str,
}

/// One entry of a site menu (`menus.main`).
#[derive(Serialize)]
pub(crate) struct MenuEntry<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub identifier: Option<&'a str>,
    pub weight: i64,
    pub pre: Option<Value>,
    pub post: Option<Value>,
    pub title: Option<&'a str>,
    pub has_children: bool,
    pub children: Vec<Value>,
    /// The entry leads to the page shown.
    pub current: bool,
    /// An entry below it is current, or it leads to a section the page is in.
    pub has_current: bool,
}

/// One badge of a card (`[[theme.badges]]`).
#[derive(Serialize)]
pub(crate) struct Badge<'a> {
    pub label: Option<&'a str>,
    pub class: Option<&'a str>,
    pub value: String,
}

/// One of `page.translations`: the page in one of its languages.
#[derive(Serialize)]
pub(crate) struct Translation<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub permalink: String,
    /// This is the version being rendered.
    pub current: bool,
}

/// `config` in every template.
#[derive(Serialize)]
pub(crate) struct Site<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub authors: &'a [String],
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// The `[extra]` table, as written.
    pub extra: Value,
    pub theme: SiteTheme<'a>,
    pub search: bool,
    /// `ltr` or `rtl`.
    pub direction: &'static str,
    pub root_path: &'a str,
    pub languages: Vec<SiteLanguage<'a>>,
    /// `book.favicon` as a URL, and its media type.
    pub favicon: Option<String>,
    pub favicon_type: Option<&'static str>,
    /// `book.image` as an absolute URL.
    pub image: Option<String>,
    pub repository: Option<&'a str>,
    /// The site feed's URL, when one is written.
    pub feed: Option<String>,
    /// `book.language` as OpenGraph writes it: `en_GB`.
    pub locale: String,
    pub base_url_absolute: bool,
}

/// `config.theme`.
#[derive(Serialize)]
pub(crate) struct SiteTheme<'a> {
    pub header_taxonomies: Vec<&'a str>,
}

/// One of `config.languages`.
#[derive(Serialize)]
pub(crate) struct SiteLanguage<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: String,
}

/// `sitemap` in `sitemap.xml`: every address of the site a search engine should know.
#[derive(Serialize)]
pub(crate) struct Sitemap {
    /// The addresses, sorted, none longer than the protocol's 2,048 characters.
    pub entries: Vec<SitemapEntry>,
    /// Whether any entry lists translations (the `xhtml` namespace is then needed).
    pub has_alternates: bool,
}

/// One of `sitemap.entries`: an address, when it last changed, and its translations.
#[derive(Serialize)]
pub(crate) struct SitemapEntry {
    /// The absolute URL, percent-encoded.
    pub loc: String,
    /// The page's `updated`, else its `date`, as written; none without either.
    pub lastmod: Option<String>,
    pub alternates: Vec<SitemapAlternate>,
}

/// One of `entry.alternates`: the same page in one language.
#[derive(Serialize)]
pub(crate) struct SitemapAlternate {
    /// The language code, or `x-default` for the version readers of any other get.
    pub lang: String,
    /// Its absolute URL, percent-encoded.
    pub href: String,
}

/// `feed` in `atom.xml`: the site's, a section's or a term's Atom feed.
#[derive(Serialize)]
pub(crate) struct FeedValue<'a> {
    pub title: String,
    /// The site's description, or none.
    pub subtitle: Option<&'a str>,
    pub language: &'a str,
    /// The feed's own absolute URL (also its Atom id).
    pub permalink: String,
    /// The absolute URL of the page the feed follows.
    pub page_permalink: String,
    /// The newest entry's date (RFC 3339), the Unix epoch when no entry has one.
    pub updated: String,
    /// `book.authors`, else the site's title.
    pub authors: Vec<&'a str>,
    pub entries: Vec<FeedEntry<'a>>,
}

/// One of `feed.entries`: a page, newest first.
#[derive(Serialize)]
pub(crate) struct FeedEntry<'a> {
    pub title: &'a str,
    pub permalink: String,
    /// Its `updated`, else its `date` (RFC 3339), else the feed's `updated`.
    pub updated: String,
    /// Its `date` (RFC 3339), or none.
    pub published: Option<String>,
    /// Its meta description as plain text, or none.
    pub summary: Option<String>,
}

/// `robots` in `robots.txt`.
#[derive(Serialize)]
pub(crate) struct Robots {
    /// The sitemap's absolute URL, percent-encoded; none when the base URL is not absolute.
    pub sitemap: Option<String>,
}

/// `redirect` in `redirect.html`: the page at an old URL (an alias) that sends readers to
/// the new one.
#[derive(Serialize)]
pub(crate) struct Redirect<'a> {
    /// The new URL path.
    pub url: &'a str,
    /// The target page's title.
    pub title: &'a str,
    /// The new absolute URL (the canonical link).
    pub permalink: String,
    pub language: &'a str,
    /// The site's icon, or none: without one, a browser asks for `/favicon.ico` on every
    /// redirect it follows.
    pub icon: Option<&'a Icon>,
}

/// `redirect.icon`: the configured `favicon`, else the theme's `favicon.svg`.
#[derive(Serialize)]
pub(crate) struct Icon {
    pub href: String,
    /// Its media type (`image/svg+xml`), or none when unknown.
    pub media_type: Option<&'static str>,
}
