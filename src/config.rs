//! `book.toml` → [`Config`]. Keys are kebab-case as in mdBook; unknown keys are errors with a
//! "did you mean" hint, and every error names `book.toml`, line and column. Command-line
//! overrides ([`Overrides`]) are applied here, so later stages see one settled value.
//!
//! ```
//! let config = praxis::config::Config::from_str(
//!     "[book]\ntitle = \"Handbook\"\nbase-url = \"https://example.org/docs/\"\n",
//!     std::path::Path::new("site"),
//!     &Default::default(),
//! ).unwrap();
//! assert_eq!(config.base_url.path, "/docs/");
//! ```

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use regex::Regex;

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::schema::{CompiledSchema, Schema};
use crate::text::did_you_mean;

pub mod languages;
pub mod url_template;
pub use languages::{Direction, Language};
use url_template::UrlTemplate;
mod positions;
mod theme;
pub(crate) use positions::EntryTable;
pub use theme::{Badge, Theme};

/// The site configuration, after command-line overrides.
#[derive(Debug, Clone)]
pub struct Config {
    /// `[book]`.
    pub book: Book,
    /// `[build]`.
    pub build: Build,
    /// `[links]`: how pages are identified and linked.
    pub links: Links,
    /// `[[relations]]`: the kinds of typed links between pages.
    pub relations: Vec<Relation>,
    /// `[[taxonomies]]`: the classification dimensions.
    pub taxonomies: Vec<Taxonomy>,
    /// `[terms]`: how pages describe taxonomy terms.
    pub terms: Terms,
    /// `[search]`: the site's own search index.
    pub search: Search,
    /// `[[schemas]]`: content contracts, compiled.
    pub schemas: Vec<CompiledSchema>,
    /// `links.id-pattern`, compiled.
    pub id_pattern: Option<Regex>,
    /// Absolute URL prefixes that mean "this site": the absolute base URL and
    /// `links.site-prefixes`, each ending in `/`, longest first.
    pub site_prefixes: Vec<String>,
    /// `[[menus.<name>]]`: site menu entries written in book.toml (links to anywhere), by
    /// menu name.
    pub menus: std::collections::BTreeMap<String, Vec<MenuConfig>>,
    /// `[extra]`: free-form values for templates (`config.extra`).
    pub extra: toml::Table,
    /// The site's languages: `[book] language` first, then each `[languages.CODE]`.
    pub languages: Vec<Language>,
    /// Which of [`Config::languages`] this configuration builds: 0, the default, unless it
    /// was made by [`Config::for_language`].
    pub language: usize,
    /// `[markdown]`: how bodies are rendered.
    pub markdown: Markdown,
    /// The syntax highlighter every page of a build shares (loaded on first use).
    pub highlighter: crate::markdown::highlight::Highlighter,
    /// `[theme]`: badges and header links of the default theme.
    pub theme: Theme,
    /// The parsed `book.base-url`.
    pub base_url: BaseUrl,
    /// `[feeds]`: the site-wide and section Atom feeds.
    pub feeds: Feeds,
    /// `book.edit-url`, checked.
    pub edit_url: Option<UrlTemplate>,
    /// `book.feedback-url`, checked.
    pub feedback_url: Option<UrlTemplate>,
    /// The site root: the folder holding `book.toml`.
    pub root: PathBuf,
    /// The path of `book.toml` itself, for diagnostics.
    pub file: PathBuf,
    /// The text of `book.toml`, for pointing at keys in later diagnostics.
    text: String,
    /// Where `[[taxonomies]]` and `[[menus.<name>]]` entries write their keys, by entry.
    positions: positions::EntryPositions,
}

/// `[book]`: what the site is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Book {
    /// The site's title.
    #[serde(default = "default_title")]
    pub title: String,
    /// One sentence about the site.
    #[serde(default)]
    pub description: Option<String>,
    /// The `lang` of every page.
    #[serde(default = "default_language")]
    pub language: String,
    /// Who wrote it.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Where the site is published, e.g. `https://docs.example.org/handbook/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The site's icon: a file of the site's or theme's `static/` (`favicon.svg`, the default
    /// theme's own), or a full URL.
    #[serde(default)]
    pub favicon: Option<String>,
    /// The picture shared links show (OpenGraph, Twitter cards) for pages without their own
    /// `image`: a file of `static/` or the content folder, or a full URL.
    #[serde(default)]
    pub image: Option<String>,
    /// The address of the site's source repository, linked from every page.
    #[serde(default)]
    pub repository: Option<String>,
    /// Where "Edit this page" leads: a URL template with `{path}` (see [`url_template`]).
    #[serde(default)]
    pub edit_url: Option<String>,
    /// Where "Was this page helpful?" leads: a URL template with `{path}`, `{title}`, `{url}`.
    #[serde(default)]
    pub feedback_url: Option<String>,
}

/// `[feeds]`: the Atom feeds of the site and of sections (terms have theirs in
/// `[[taxonomies]]`). Feeds need an absolute base URL.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Feeds {
    /// Write `/atom.xml`, the site's newest pages.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Entries per feed (site, sections and terms); 0 means every page.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for Feeds {
    fn default() -> Self {
        Feeds {
            enabled: true,
            limit: default_feed_limit(),
        }
    }
}

fn default_feed_limit() -> usize {
    50
}

/// `[build]`: where things are and how to build them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Build {
    /// Markdown sources, relative to the site root.
    #[serde(default = "default_content_dir")]
    pub content_dir: PathBuf,
    /// Where the site is written, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// The theme's name: `themes/<name>/` in the site, or the built-in `default`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Build pages marked `draft: true`.
    #[serde(default)]
    pub drafts: bool,
    /// Build pages whose `publishDate` is still to come.
    #[serde(default)]
    pub future: bool,
    /// Build pages whose `expiryDate` has passed.
    #[serde(default)]
    pub expired: bool,
    /// The moment `publishDate` and `expiryDate` are compared with (see [`Overrides::now`]).
    #[serde(skip)]
    pub now: Option<jiff::Timestamp>,
    /// Write `graph.json`: every page and every link between pages, for tooling.
    #[serde(default = "yes")]
    pub graph: bool,
    /// How file and folder names and taxonomy terms become URL segments.
    #[serde(default)]
    pub slugify: Slugify,
    /// Which symbolic links the build follows (see [`crate::symlinks`]).
    #[serde(default)]
    pub follow_symlinks: crate::symlinks::FollowSymlinks,
}

/// `[build] slugify`: how file and folder names, and taxonomy terms, become URL segments. An
/// explicit `slug:` is never slugified, only made safe ([`crate::text::safe_slug`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Slugify {
    /// Letters and digits kept, every other run becomes one `-`: `OPS01_BP02` → `ops01-bp02`
    /// ([`crate::text::slugify`]).
    #[default]
    On,
    /// Names kept as Hugo keeps them: lowercased, spaces to `-`, `_` and `.` kept:
    /// `hugo_mod` → `hugo_mod` ([`crate::text::slugify_safe`]).
    Safe,
}

impl Slugify {
    /// The URL segment for `name`; empty when it has nothing to make one from.
    pub fn apply(self, name: &str) -> String {
        match self {
            Slugify::On => crate::text::slugify(name),
            Slugify::Safe => crate::text::slugify_safe(name),
        }
    }
}

fn yes() -> bool {
    true
}

/// `[links]`: page ids and link checking.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Links {
    /// Front-matter keys that hold a page's id, tried in order (`id` is always tried).
    #[serde(default)]
    pub id_keys: Vec<String>,
    /// A regular expression over the title whose first group is the page's id.
    #[serde(default)]
    pub id_pattern: Option<String>,
    /// Cross-references that resolve to nothing: `[[ID]]`, `@/path`, `.md` paths, Hugo refs,
    /// relations, anchors, this site's own absolute URLs.
    #[serde(default = "error_level")]
    pub broken: LinkLevel,
    /// Plain URL paths (`/x/`, `../y/`, `img.png`) that match no file the build writes: they
    /// may belong to another application on the same host.
    #[serde(default = "warn_level")]
    pub unresolved: LinkLevel,
    /// Absolute URL prefixes that mean "this site".
    #[serde(default)]
    pub site_prefixes: Vec<String>,
    /// Aliases that are skipped: the address of a real page, another page's alias, or not a
    /// path a static host can serve. (An alias over a file the build writes is always an
    /// error.)
    #[serde(default = "warn_level")]
    pub aliases: LinkLevel,
    /// Front-matter keys that hold a page's former address (`source_url` in an imported
    /// framework): links to that address, or relative to it, lead to the page.
    #[serde(default)]
    pub url_keys: Vec<String>,
}

/// How a link problem is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkLevel {
    /// Fail the build.
    Error,
    /// Report and carry on.
    Warn,
    /// Say nothing.
    Ignore,
}

impl LinkLevel {
    /// The diagnostic severity, or `None` to say nothing.
    pub fn severity(self) -> Option<crate::diagnostics::Severity> {
        match self {
            LinkLevel::Error => Some(crate::diagnostics::Severity::Error),
            LinkLevel::Warn => Some(crate::diagnostics::Severity::Warning),
            LinkLevel::Ignore => None,
        }
    }
}

fn error_level() -> LinkLevel {
    LinkLevel::Error
}

fn warn_level() -> LinkLevel {
    LinkLevel::Warn
}

impl Default for Links {
    fn default() -> Self {
        Links {
            id_keys: Vec::new(),
            id_pattern: None,
            broken: LinkLevel::Error,
            unresolved: LinkLevel::Warn,
            site_prefixes: Vec::new(),
            aliases: LinkLevel::Warn,
            url_keys: Vec::new(),
        }
    }
}

/// `[[relations]]`: one kind of typed link, e.g. `related` ↔ "Referenced by".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Relation {
    /// The front-matter key.
    pub name: String,
    /// Heading shown above outgoing links.
    #[serde(default)]
    pub title: Option<String>,
    /// Heading shown above incoming links on the target.
    #[serde(default)]
    pub inverse: Option<String>,
    /// Whether every link of this kind should be returned by its target (`A` related to `B`
    /// means `B` related to `A`); one-way links are then reported as warnings.
    #[serde(default)]
    pub symmetric: bool,
}

impl Relation {
    /// The heading above outgoing links.
    pub fn title(&self) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| crate::text::title_from_name(&self.name))
    }

    /// The heading above incoming links.
    pub fn inverse_title(&self) -> String {
        self.inverse
            .clone()
            .unwrap_or_else(|| format!("{} (incoming)", self.title()))
    }
}

/// `[[taxonomies]]`: one classification dimension, e.g. tags.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Taxonomy {
    /// URL base and, unless `key` is given, the front-matter key.
    pub name: String,
    /// The front-matter key, when it differs from `name`.
    #[serde(default)]
    pub key: Option<String>,
    /// Display title.
    #[serde(default)]
    pub title: Option<String>,
    /// Pages per term page; 0 means no pagination.
    #[serde(default)]
    pub paginate: usize,
    /// Whether each term gets an Atom feed.
    #[serde(default)]
    pub feed: bool,
    /// How terms are ordered on the taxonomy's index.
    #[serde(default)]
    pub order: TermOrder,
}

impl Taxonomy {
    /// The front-matter key this taxonomy reads.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.name)
    }

    /// The display title.
    pub fn title(&self) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| crate::text::title_from_name(&self.name))
    }
}

/// `[terms]`: how pages describe taxonomy terms.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Terms {
    /// A front-matter key naming a taxonomy (`ClassificationType: tags`): the page describes
    /// that taxonomy's term named like its title, and its text heads the term's page.
    #[serde(default)]
    pub classification_key: Option<String>,
}

/// `[search]`: the search index praxis writes with the site (see [`crate::search`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Search {
    /// Write the index and let the theme show a search box.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Front-matter keys whose values readers may filter results by, besides the taxonomies
    /// (`filters = ["risk"]`).
    #[serde(default)]
    pub filters: Vec<String>,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            enabled: true,
            filters: Vec::new(),
        }
    }
}

/// One `[[menus.<name>]]` entry of book.toml, as in Hugo's site configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MenuConfig {
    /// The label shown.
    pub name: String,
    /// Where it leads: a full URL, or a path on this site (`/about/`, under the base path).
    #[serde(default)]
    pub url: Option<String>,
    /// The page it leads to, by its path in the content folder (`/docs`, `docs/guide.md`):
    /// Hugo's `pageRef`. Wins over `url`.
    #[serde(default, alias = "pageRef")]
    pub page_ref: Option<String>,
    /// Lower comes first; entries without one follow those with one.
    #[serde(default)]
    pub weight: Option<i64>,
    /// What other entries name as their `parent` (defaults to the name).
    #[serde(default)]
    pub identifier: Option<String>,
    /// The identifier (or name) of the entry this one sits under.
    #[serde(default)]
    pub parent: Option<String>,
    /// HTML shown before the name.
    #[serde(default)]
    pub pre: Option<String>,
    /// HTML shown after the name.
    #[serde(default)]
    pub post: Option<String>,
    /// The link's `title` (tooltip).
    #[serde(default)]
    pub title: Option<String>,
}

/// Term ordering on a taxonomy index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TermOrder {
    /// Alphabetical (natural order).
    #[default]
    Name,
    /// Most pages first.
    Count,
}

/// The site's published address, split for use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// The full base, always ending in `/`: `https://example.org/docs/` or `/docs/`.
    pub url: String,
    /// The path part, starting and ending in `/`: `/docs/`. Every internal link starts with it.
    pub path: String,
    /// Whether `url` has a scheme and host (needed for sitemaps and feeds).
    pub absolute: bool,
}

impl BaseUrl {
    /// Parses a `base-url` value, or explains what is wrong with it.
    pub fn parse(value: &str) -> Result<BaseUrl, String> {
        let value = value.trim();
        let (absolute, path) = if let Some(rest) = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"))
        {
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(format!("`{value}` has no host name"));
            }
            (true, &rest[host_end..])
        } else if value.starts_with('/') {
            (false, value)
        } else if value.is_empty() {
            (false, "/")
        } else {
            return Err(format!(
                "`{value}` is neither an absolute http(s) URL nor a path starting with `/`"
            ));
        };
        if path.contains(['?', '#', ' ']) {
            return Err(format!(
                "`{value}` must not contain a query, fragment or space"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        let mut url = value.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        if !absolute {
            url = path.clone();
        }
        Ok(BaseUrl {
            url,
            path,
            absolute,
        })
    }

    /// The absolute form of a site path (`/docs/a/`), when the base is absolute.
    pub fn permalink(&self, site_path: &str) -> String {
        if self.absolute {
            let origin = &self.url[..self.url.len() - self.path.len()];
            format!("{origin}{site_path}")
        } else {
            site_path.to_string()
        }
    }
}

/// Values given on the command line, which win over `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--output DIR` (relative to the current directory, not the site root).
    pub output_dir: Option<PathBuf>,
    /// `--base-url URL`.
    pub base_url: Option<String>,
    /// `--drafts`.
    pub drafts: bool,
    /// `--future`.
    pub future: bool,
    /// `--expired`.
    pub expired: bool,
    /// What time it is, for `publishDate` and `expiryDate`; `None` reads the clock once,
    /// when the configuration is settled. Tests set it to build as of a fixed day.
    pub now: Option<jiff::Timestamp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    book: Option<Book>,
    #[serde(default)]
    build: Option<Build>,
    #[serde(default)]
    links: Links,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    taxonomies: Vec<Taxonomy>,
    #[serde(default)]
    schemas: Vec<Schema>,
    #[serde(default)]
    terms: Terms,
    #[serde(default)]
    search: Search,
    #[serde(default, alias = "menu")]
    menus: std::collections::BTreeMap<String, Vec<MenuConfig>>,
    #[serde(default)]
    feeds: Feeds,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    languages: std::collections::BTreeMap<String, languages::LanguageTable>,
    #[serde(default)]
    markdown: Markdown,
    #[serde(default)]
    theme: Theme,
}

/// `[markdown]`: how page bodies are rendered.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Markdown {
    /// Highlight code blocks whose language is known (`true` by default).
    #[serde(default = "yes")]
    pub highlight: bool,
}

impl Default for Markdown {
    fn default() -> Self {
        Markdown { highlight: true }
    }
}

fn default_title() -> String {
    "Untitled".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_base_url() -> String {
    "/".to_string()
}
fn default_content_dir() -> PathBuf {
    PathBuf::from("content")
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_theme() -> String {
    "default".to_string()
}

impl Default for Build {
    fn default() -> Self {
        Build {
            content_dir: default_content_dir(),
            output_dir: default_output_dir(),
            theme: default_theme(),
            drafts: false,
            future: false,
            expired: false,
            now: None,
            graph: true,
            slugify: Slugify::On,
            follow_symlinks: Default::default(),
        }
    }
}

impl Default for Book {
    fn default() -> Self {
        Book {
            title: default_title(),
            description: None,
            language: default_language(),
            authors: Vec::new(),
            base_url: default_base_url(),
            favicon: None,
            image: None,
            repository: None,
            edit_url: None,
            feedback_url: None,
        }
    }
}

impl Config {
    /// Reads `<root>/book.toml`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
        let file = shown_path(&root.join("book.toml"));
        // A FIFO would block the read until something writes to it, a device never ends.
        if let Ok(meta) = std::fs::metadata(&file)
            && !meta.is_file()
        {
            return Err(vec![
                Diagnostic::error(Code::Config, "book.toml is not a regular file")
                    .in_file(&file)
                    .help("make book.toml a plain text file (a link to one is fine)"),
            ]);
        }
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![
                    Diagnostic::error(Code::Config, format!("no book.toml in {}", root.display()))
                        .in_file(&file)
                        .help(
                            "run praxis from the site's folder, pass `--root DIR`, or create \
                             book.toml with `[book]` and `title = \"My site\"`",
                        ),
                ]);
            }
            Err(err) => {
                return Err(vec![
                    Diagnostic::error(Code::Io, format!("cannot read book.toml: {err}"))
                        .in_file(&file),
                ]);
            }
        };
        Self::from_str(&text, root, overrides)
    }

    /// Parses the text of a `book.toml` whose folder is `root`.
    pub fn from_str(
        text: &str,
        root: &Path,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let file = shown_path(&root.join("book.toml"));
        let raw: RawConfig =
            toml::from_str(text).map_err(|err| vec![toml_error(&err, text, &file)])?;
        let (book, mut build) = with_overrides(raw.book, raw.build, overrides);
        let at = Spans { text, file: &file };
        let mut errors = Vec::new();
        let base_url = check_base_url(&book, &at, &mut errors);
        errors.extend(check_theme_name(&build, &at));
        errors.extend(check_taxonomies(&raw.taxonomies, &at));
        errors.extend(check_relations(&raw.relations, &raw.taxonomies, &at));
        let id_pattern = compile_id_pattern(&raw.links, &at, &mut errors);
        errors.extend(check_url_keys(&raw.links, &at));
        let (edit_url, feedback_url) = url_templates(&book, &at, &mut errors);
        let schemas = compile_schemas(&raw.schemas, &at, &mut errors);
        errors.extend(check_theme(&raw.theme, &raw.taxonomies, &at));
        let site_prefixes = site_prefixes(&base_url, &raw.links, &at, &mut errors);
        let languages = languages::settle(&book.language, &raw.languages);
        check_languages(&raw.languages, &book, &build, &at, &mut errors);
        if let Some(dir) = languages[0].content_dir.clone() {
            build.content_dir = dir;
        }
        let config = Config {
            site_prefixes,
            languages,
            language: 0,
            book,
            build,
            links: raw.links,
            relations: raw.relations,
            taxonomies: raw.taxonomies,
            terms: raw.terms,
            search: raw.search,
            schemas,
            id_pattern,
            menus: raw.menus,
            extra: raw.extra,
            markdown: raw.markdown,
            highlighter: Default::default(),
            theme: raw.theme,
            base_url,
            feeds: raw.feeds,
            edit_url,
            feedback_url,
            root: root.to_path_buf(),
            file: file.clone(),
            text: text.to_string(),
            positions: positions::EntryPositions::read(text),
        };
        errors.extend(config.check_output_dir(overrides, &at));
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// The error of an output folder that would replace or mix with the sources, at
    /// `output-dir` or naming `--output`.
    fn check_output_dir(&self, overrides: &Overrides, at: &Spans) -> Option<Diagnostic> {
        let reason = self.output_conflict(&self.output_dir())?;
        let shown = self.build.output_dir.display();
        Some(match &overrides.output_dir {
            Some(_) => Diagnostic::error(Code::Config, format!("`--output` ({shown}) {reason}"))
                .help("choose a separate folder, such as `public` in the site root"),
            None => at.key(
                &["build", "output-dir"],
                format!("`output-dir` ({shown}) {reason}"),
                "choose a separate folder such as `public`",
            ),
        })
    }
    /// Whether the site is written in more than one language.
    pub fn multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The language this configuration builds.
    pub fn current_language(&self) -> &Language {
        &self.languages[self.language]
    }

    /// The configuration of language `index` of [`Config::languages`]: its code, title and
    /// description, and its base URL `/CODE/` below the site's (the default language keeps
    /// the site's own).
    pub fn for_language(&self, index: usize) -> Config {
        let mut config = self.clone();
        config.language = index;
        let Some(language) = self.languages.get(index) else {
            return config;
        };
        config.book.language = language.code.clone();
        if let Some(title) = &language.title {
            config.book.title = title.clone();
        }
        if language.description.is_some() {
            config.book.description = language.description.clone();
        }
        if index > 0 {
            config.base_url.url = format!("{}{}/", self.base_url.url, language.code);
            config.base_url.path = format!("{}{}/", self.base_url.path, language.code);
        }
        if let Some(dir) = &language.content_dir {
            config.build.content_dir = dir.clone();
        }
        config
    }

    /// The site root's path, where static files are (`base_url.path` of the default
    /// language).
    pub fn root_path(&self) -> &str {
        let code = &self.current_language().code;
        match self.language {
            0 => &self.base_url.path,
            _ => self
                .base_url
                .path
                .strip_suffix('/')
                .and_then(|p| p.strip_suffix(code.as_str()))
                .unwrap_or(&self.base_url.path),
        }
    }

    /// Where entry `index` of `table` writes `key` in book.toml, as the TOML parser placed it
    /// (`page-ref` and `pageRef` are different keys here: ask for the one written).
    pub(crate) fn entry_location(
        &self,
        table: EntryTable<'_>,
        index: usize,
        key: &str,
    ) -> Option<Location> {
        let span = self.positions.key(table, index, key)?;
        Some(Location::of_offset(&self.text, span.start, 1))
    }

    /// Where the TOML parser placed the key `path` leads to (`["taxonomies", "1", "feed"]`,
    /// array indexes as numbers), when book.toml writes it.
    pub fn locate_path(&self, path: &[&str]) -> Option<Location> {
        let span = key_span(&self.text, path)?;
        Some(Location::of_offset(&self.text, span.start, 1))
    }

    /// The content folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.build.content_dir)
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.build.output_dir)
    }

    /// The site's own template overrides.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }

    /// The site's own static files.
    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    /// The theme folder inside the site, which may not exist (the built-in default is used then).
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.build.theme)
    }

    /// The taxonomy reading a front-matter key, matched case-insensitively.
    pub fn taxonomy_for_key(&self, key: &str) -> Option<&Taxonomy> {
        self.taxonomies
            .iter()
            .find(|t| t.key().eq_ignore_ascii_case(key))
    }

    /// The folders a build reads, by what they are called in messages. The output folder
    /// may lie inside the root, but must keep clear of each of these.
    pub fn source_dirs(&self) -> [(&'static str, PathBuf); 5] {
        [
            ("content folder", self.content_dir()),
            ("templates folder", self.templates_dir()),
            ("static folder", self.static_dir()),
            ("themes folder", self.root.join("themes")),
            ("data folder", crate::data::dir(self)),
        ]
    }

    /// Why `output` cannot be this site's output folder, if it cannot: it is the root or
    /// holds it, or it is, holds or lies inside one of the [`Config::source_dirs`]. Paths
    /// are compared as the file system resolves them (symbolic links followed, `..` taken
    /// after them), so that a second way of naming a folder is not a second folder.
    /// The reason reads after the folder's name ("is the site root or holds it; …").
    pub fn output_conflict(&self, output: &Path) -> Option<String> {
        let out = resolved(output);
        if resolved(&self.root).starts_with(&out) {
            return Some("is the site root or holds it; building would replace the sources".into());
        }
        self.source_dirs().into_iter().find_map(|(name, dir)| {
            let dir_resolved = resolved(&dir);
            let overlaps = out.starts_with(&dir_resolved) || dir_resolved.starts_with(&out);
            overlaps.then(|| {
                format!(
                    "overlaps the {name} ({}); building would replace or mix with sources",
                    shown_path(&dir).display()
                )
            })
        })
    }
}

/// `path` as the file system resolves it: absolute, its longest existing ancestor
/// canonicalized (symbolic links followed), the rest appended with `.` and `..` taken
/// lexically (nothing there exists to link elsewhere).
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalize(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            // `..` at the end, or nothing of the path exists: as written.
            _ => return normalize(&absolute),
        }
    }
}

/// A path as it is shown in messages: without a leading `./`.
pub fn shown_path(path: &Path) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(stripped) => stripped.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// Removes `.` and resolves `..` lexically, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `[book]` and `[build]` as written, with the command line's values put over them.
fn with_overrides(
    book: Option<Book>,
    build: Option<Build>,
    overrides: &Overrides,
) -> (Book, Build) {
    let mut book = book.unwrap_or_default();
    let mut build = build.unwrap_or_default();
    if let Some(url) = &overrides.base_url {
        book.base_url = url.clone();
    }
    if overrides.drafts {
        build.drafts = true;
    }
    build.future |= overrides.future;
    build.expired |= overrides.expired;
    build.now = Some(overrides.now.unwrap_or_else(jiff::Timestamp::now));
    if let Some(out) = &overrides.output_dir {
        // A command-line path is relative to the current directory; make it absolute so
        // joining it to the root leaves it unchanged.
        build.output_dir = std::path::absolute(out).unwrap_or_else(|_| out.clone());
    }
    (book, build)
}

/// The text of book.toml and its path: makes errors that point where the TOML parser placed
/// a key or value, or name the file alone when the parser places nothing there.
struct Spans<'a> {
    text: &'a str,
    file: &'a Path,
}

impl Spans<'_> {
    /// An error at the key `path` leads to (`["taxonomies", "2", "name"]`).
    fn key(&self, path: &[&str], message: String, help: &str) -> Diagnostic {
        let d = Diagnostic::error(Code::Config, message).help(help.to_string());
        self.place(d, key_span(self.text, path).map(|span| span.start))
    }

    /// An error at the value `path` leads to (`["theme", "header-taxonomies", "0"]`).
    fn value(&self, path: &[&str], message: String, help: String) -> Diagnostic {
        let d = Diagnostic::error(Code::Config, message).help(help);
        self.place(d, value_span(self.text, path).map(|span| span.start))
    }

    /// `d` at byte `offset` of book.toml, or in the file without a position.
    fn place(&self, d: Diagnostic, offset: Option<usize>) -> Diagnostic {
        match offset {
            Some(offset) => d.at_location(self.file, &Location::of_offset(self.text, offset, 1)),
            None => d.in_file(self.file),
        }
    }
}

/// The parsed `base-url`; when it is no URL, an error and `/` in its place.
fn check_base_url(book: &Book, at: &Spans, errors: &mut Vec<Diagnostic>) -> BaseUrl {
    BaseUrl::parse(&book.base_url).unwrap_or_else(|msg| {
        errors.push(at.key(
            &["book", "base-url"],
            format!("invalid `base-url`: {msg}"),
            "write e.g. `base-url = \"https://docs.example.org/\"` or `\"/\"`",
        ));
        BaseUrl::parse("/").expect("`/` is a valid base")
    })
}

/// The error of a theme name that is no folder name under `themes/`.
fn check_theme_name(build: &Build, at: &Spans) -> Option<Diagnostic> {
    let bad =
        build.theme.is_empty() || build.theme.contains(['/', '\\']) || build.theme.starts_with('.');
    bad.then(|| {
        at.key(
            &["build", "theme"],
            format!("invalid theme name `{}`", build.theme),
            "a theme is a folder name under themes/, e.g. `theme = \"default\"`",
        )
    })
}

/// Taxonomy names that make no URL segment, and taxonomies declared twice.
fn check_taxonomies(taxonomies: &[Taxonomy], at: &Spans) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, tax) in taxonomies.iter().enumerate() {
        let index = i.to_string();
        let name = ["taxonomies", index.as_str(), "name"];
        if crate::text::slugify(&tax.name) != tax.name {
            errors.push(at.key(
                &name,
                format!("taxonomy name `{}` is not a valid URL segment", tax.name),
                "use lowercase letters, digits and `-`, e.g. `name = \"risk-level\"`",
            ));
        }
        if !seen.insert(tax.name.clone()) {
            errors.push(at.key(
                &name,
                format!("taxonomy `{}` is declared twice", tax.name),
                "remove one of the [[taxonomies]] tables",
            ));
        }
    }
    errors
}

/// Relations named after a key praxis or a taxonomy already reads, and relations declared
/// twice.
fn check_relations(relations: &[Relation], taxonomies: &[Taxonomy], at: &Spans) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut relation_names = std::collections::BTreeSet::new();
    for (i, relation) in relations.iter().enumerate() {
        let index = i.to_string();
        let name = ["relations", index.as_str(), "name"];
        let lower = relation.name.to_ascii_lowercase();
        let clash = crate::content::front_matter::KNOWN_KEYS.contains(&lower.as_str())
            || taxonomies
                .iter()
                .any(|t| t.key().eq_ignore_ascii_case(&lower));
        if clash {
            errors.push(at.key(
                &name,
                format!(
                    "relation `{}` uses a key praxis already reads",
                    relation.name
                ),
                "name relations after what they mean, e.g. `related` or `supersedes`",
            ));
        }
        if !relation_names.insert(lower) {
            errors.push(at.key(
                &name,
                format!("relation `{}` is declared twice", relation.name),
                "remove one of the [[relations]] tables",
            ));
        }
    }
    errors
}

/// `links.id-pattern`, compiled; `None` with an error when it is no regular expression or
/// matches the empty string.
fn compile_id_pattern(links: &Links, at: &Spans, errors: &mut Vec<Diagnostic>) -> Option<Regex> {
    let p = links.id_pattern.as_ref()?;
    let key = ["links", "id-pattern"];
    match Regex::new(p) {
        // A pattern that matches nothing at all would give every title an empty id.
        Ok(re) if re.is_match("") => {
            errors.push(at.key(
                &key,
                format!("`id-pattern` ({p}) matches the empty string, so every title would have an id"),
                "require at least one character, e.g. '^([A-Z]+\\d+-BP\\d+)\\b' rather than '^([A-Z]*)'",
            ));
            None
        }
        Ok(re) => Some(re),
        Err(e) => {
            errors.push(at.key(
                &key,
                format!("invalid `id-pattern`: {e}"),
                "write a regular expression whose first group is the id, e.g. '^([A-Z]+\\d+-BP\\d+)\\b'",
            ));
            None
        }
    }
}

/// `links.url-keys` that are no front-matter key, or keys praxis already reads.
fn check_url_keys(links: &Links, at: &Spans) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let key = ["links", "url-keys"];
    for written in &links.url_keys {
        let lower = written.to_ascii_lowercase();
        if written.trim().is_empty() || written.contains(char::is_whitespace) {
            errors.push(at.key(
                &key,
                format!("`url-keys` holds `{written}`, which is not a front-matter key"),
                "name the keys that hold a page's old address, e.g. `url-keys = [\"source_url\"]`",
            ));
        } else if crate::content::front_matter::KNOWN_KEYS.contains(&lower.as_str()) {
            errors.push(at.key(
                &key,
                format!("`url-keys` names `{written}`, a key praxis already reads"),
                "a former address belongs in a key of its own, such as `source_url`; for \
                 old paths on this site, use `aliases`",
            ));
        }
    }
    errors
}

/// `book.edit-url` and `book.feedback-url`, checked; an `edit-url` without `{path}` is an
/// error too.
fn url_templates(
    book: &Book,
    at: &Spans,
    errors: &mut Vec<Diagnostic>,
) -> (Option<UrlTemplate>, Option<UrlTemplate>) {
    let edit_url = url_template(at, "edit-url", book.edit_url.as_deref(), errors);
    let feedback_url = url_template(at, "feedback-url", book.feedback_url.as_deref(), errors);
    if edit_url.as_ref().is_some_and(|t| !t.has_path()) {
        errors.push(at.key(
            &["book", "edit-url"],
            "`edit-url` has no `{path}`: every page would lead to the same place".to_string(),
            "write where a page's source file is edited, e.g. \
             `edit-url = \"https://github.com/org/repo/edit/main/content/{path}\"`",
        ));
    }
    (edit_url, feedback_url)
}

/// The `[[schemas]]` that compile; an error at the key of each that does not.
fn compile_schemas(
    schemas: &[Schema],
    at: &Spans,
    errors: &mut Vec<Diagnostic>,
) -> Vec<CompiledSchema> {
    let mut compiled = Vec::new();
    for (i, schema) in schemas.iter().enumerate() {
        match schema.compile() {
            Ok(schema) => compiled.push(schema),
            Err(err) => {
                let index = i.to_string();
                let mut path = vec!["schemas", index.as_str()];
                path.extend(err.at.iter().map(String::as_str));
                errors.push(at.key(
                    &path,
                    format!("invalid schema: {}", err.message),
                    "see the [[schemas]] tables in book.toml",
                ));
            }
        }
    }
    compiled
}

/// The problems of `[theme]`, each at the value at fault.
fn check_theme(theme: &Theme, taxonomies: &[Taxonomy], at: &Spans) -> Vec<Diagnostic> {
    theme
        .problems(taxonomies)
        .into_iter()
        .map(|(path, message, help)| {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            at.value(&path, message, help)
        })
        .collect()
}

/// The absolute URL prefixes that mean "this site", longest first; an error for each of
/// `links.site-prefixes` that is no http(s) URL.
fn site_prefixes(
    base_url: &BaseUrl,
    links: &Links,
    at: &Spans,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut site_prefixes = Vec::new();
    if base_url.absolute {
        site_prefixes.push(base_url.url.clone());
    }
    for prefix in &links.site_prefixes {
        let mut prefix = prefix.trim().to_string();
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        if !prefix.starts_with("http://") && !prefix.starts_with("https://") {
            errors.push(at.key(
                &["links", "site-prefixes"],
                format!("site prefix `{prefix}` is not an absolute http(s) URL"),
                "write the old address in full, e.g. \"https://docs.example.com/framework/\"",
            ));
        }
        site_prefixes.push(prefix);
    }
    // Longest first, as links are matched against the longest prefix that fits.
    site_prefixes.sort_by_cached_key(|p| (std::cmp::Reverse(p.len()), p.to_ascii_lowercase()));
    site_prefixes.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    site_prefixes
}
/// Checks the `[languages]` tables: codes that make URL segments, no language declared twice
/// under two spellings, and a folder of its own for each language that names one.
fn check_languages(
    tables: &std::collections::BTreeMap<String, languages::LanguageTable>,
    book: &Book,
    build: &Build,
    at: &Spans,
    errors: &mut Vec<Diagnostic>,
) {
    let in_table = |code: &str, key: Option<&str>, message: String, help: &str| {
        let mut path = vec!["languages", code];
        path.extend(key);
        at.key(&path, message, help)
    };
    if !languages::is_valid_code(&book.language) {
        errors.push(at.key(
            &["book", "language"],
            format!("`language` ({}) is not a language code", book.language),
            "write a code such as `en`, `pt-br` or `zh-hans`",
        ));
    }
    let mut folders: Vec<(&str, PathBuf)> =
        vec![(book.language.as_str(), build.content_dir.clone())];
    let mut seen = std::collections::BTreeSet::new();
    for (code, table) in tables {
        if !languages::is_valid_code(code) {
            errors.push(in_table(
                code,
                None,
                format!("`[languages.{code}]`: `{code}` is not a language code"),
                "name the table after the language's code, e.g. `[languages.es]` or `[languages.pt-br]`",
            ));
        }
        if !seen.insert(code.to_ascii_lowercase()) {
            errors.push(in_table(
                code,
                None,
                format!("language `{code}` is declared twice"),
                "keep one `[languages]` table per language, in one spelling",
            ));
        }
        let is_default = code.eq_ignore_ascii_case(&book.language);
        if let Some(dir) = table.content_dir.as_ref().filter(|_| !is_default) {
            if let Some((other, _)) = folders.iter().find(|(_, d)| d == dir) {
                errors.push(in_table(
                    code,
                    Some("content-dir"),
                    format!("`content-dir` of `{code}` is also the content folder of `{other}`"),
                    "give each language a folder of its own, or leave `content-dir` out to tell its pages by suffix (`page.es.md`)",
                ));
            }
            folders.push((code, dir.clone()));
        }
    }
}

/// Where the TOML parser found the last key of `path` (table keys, and array indexes as
/// numbers: `["schemas", "1", "keys", "risk", "pattern"]`), as a byte range of `text`; for
/// an index, the item itself.
fn key_span(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    spans(text, path).map(|(key, _)| key)
}

/// Where the TOML parser found the value `path` leads to, as a byte range of `text` (a
/// string's with its quotes).
fn value_span(text: &str, path: &[&str]) -> Option<std::ops::Range<usize>> {
    spans(text, path).map(|(_, value)| value)
}

/// The spans of the key and of the value that `path` leads to (for an array index, the
/// item's twice).
fn spans(text: &str, path: &[&str]) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    use toml::de::{DeTable, DeValue};
    type Found<'a, 'i> = (std::ops::Range<usize>, &'a toml::Spanned<DeValue<'i>>);
    fn in_table<'a, 'i>(table: &'a DeTable<'i>, step: &str) -> Option<Found<'a, 'i>> {
        table
            .iter()
            .find(|(k, _)| k.get_ref() == step)
            .map(|(k, v)| (k.span(), v))
    }
    let document = DeTable::parse(text).ok()?;
    let mut at: Option<Found<'_, '_>> = None;
    for step in path {
        at = Some(match at.map(|(_, v)| v.get_ref()) {
            None => in_table(document.get_ref(), step)?,
            Some(DeValue::Table(table)) => in_table(table, step)?,
            Some(DeValue::Array(items)) => {
                let item = items.get(step.parse::<usize>().ok()?)?;
                (item.span(), item)
            }
            Some(_) => return None,
        });
    }
    at.map(|(span, value)| (span, value.span()))
}

/// Checks the URL template of `book.<key>`, pointing an error at the placeholder that is
/// wrong.
fn url_template(
    at: &Spans,
    key: &str,
    value: Option<&str>,
    errors: &mut Vec<Diagnostic>,
) -> Option<UrlTemplate> {
    let err = match UrlTemplate::parse(value?) {
        Ok(template) => return Some(template),
        Err(err) => err,
    };
    let d = Diagnostic::error(Code::Config, format!("invalid `{key}`: {}", err.message)).help(
        format!(
            "the placeholders are {}; write e.g. `{key} = \"https://github.com/org/repo/edit/main/content/{{path}}\"`",
            url_template::PLACEHOLDERS.join(", ")
        ),
    );
    let path = ["book", key];
    // At the placeholder itself when the value shows it as written, else at the key.
    let placeholder = value_span(at.text, &path).and_then(|span| {
        let written = at.text.get(span.clone())?;
        written.find(&err.found).map(|i| span.start + i)
    });
    let offset = placeholder.or_else(|| key_span(at.text, &path).map(|span| span.start));
    errors.push(at.place(d, offset));
    None
}

/// Turns a TOML parse or shape error into a diagnostic with position and a hint.
fn toml_error(err: &toml::de::Error, text: &str, file: &Path) -> Diagnostic {
    let message = err.message().trim().to_string();
    let mut d = Diagnostic::error(Code::Config, format!("invalid book.toml: {message}"));
    d = match err.span() {
        Some(span) => d.at_location(file, &Location::of_offset(text, span.start, 1)),
        None => d.in_file(file),
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // serde's wording: "unknown field `x`, expected `a` or `b`" / "expected one of `a`, `b`".
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        d.message = format!("invalid book.toml: unknown key `{unknown}`");
        d = match did_you_mean(unknown, candidates.iter().copied()) {
            Some(best) => d.help(format!("did you mean `{best}`?")),
            None if !candidates.is_empty() => {
                d.help(format!("known keys here: {}", candidates.join(", ")))
            }
            None => d,
        };
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::from_str(text, Path::new("site"), &Overrides::default())
    }

    #[test]
    fn defaults_fill_an_empty_file() {
        let c = parse("").unwrap();
        assert_eq!(c.book.title, "Untitled");
        assert_eq!(c.build.output_dir, PathBuf::from("public"));
        assert_eq!(c.base_url.path, "/");
        assert!(!c.base_url.absolute);
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let errs = parse("[book]\ntitle = \"x\"\nbase_url = \"/\"\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        let d = &errs[0];
        assert_eq!(d.message, "invalid book.toml: unknown key `base_url`");
        assert_eq!(d.help.as_deref(), Some("did you mean `base-url`?"));
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
    }

    #[test]
    fn unknown_table_suggests_the_nearest() {
        let errs = parse("[biuld]\ntheme = \"x\"\n").unwrap_err();
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `build`?"));
    }

    #[test]
    fn base_url_forms() {
        let b = BaseUrl::parse("https://example.org/docs").unwrap();
        assert_eq!(
            (b.url.as_str(), b.path.as_str(), b.absolute),
            ("https://example.org/docs/", "/docs/", true)
        );
        assert_eq!(b.permalink("/docs/a/"), "https://example.org/docs/a/");
        let b = BaseUrl::parse("https://example.org").unwrap();
        assert_eq!(b.path, "/");
        let b = BaseUrl::parse("/handbook").unwrap();
        assert_eq!(
            (b.url.as_str(), b.path.as_str()),
            ("/handbook/", "/handbook/")
        );
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn overrides_win() {
        let o = Overrides {
            base_url: Some("https://x.org/".into()),
            drafts: true,
            output_dir: None,
            ..Overrides::default()
        };
        let c = Config::from_str("[book]\nbase-url = \"/\"\n", Path::new("s"), &o).unwrap();
        assert_eq!(c.base_url.url, "https://x.org/");
        assert!(c.build.drafts);
    }

    #[test]
    fn output_dir_may_not_swallow_sources() {
        for bad in ["\".\"", "\"..\"", "\"content\"", "\"content/out\""] {
            let errs = parse(&format!("[build]\noutput-dir = {bad}\n")).unwrap_err();
            assert!(errs[0].message.contains("output-dir"), "{bad}: {:?}", errs);
            assert_eq!(errs[0].line, Some(2));
        }
    }

    #[test]
    fn slugify_is_on_unless_set_to_safe() {
        assert_eq!(parse("").unwrap().build.slugify, Slugify::On);
        let c = parse("[build]\nslugify = \"safe\"\n").unwrap();
        assert_eq!(c.build.slugify, Slugify::Safe);
        assert_eq!(c.build.slugify.apply("hugo_mod"), "hugo_mod");
        let errs = parse("[build]\nslugify = \"off\"\n").unwrap_err();
        assert_eq!(errs[0].line, Some(2), "{errs:?}");
        let errs = parse("[build]\nslugfy = \"safe\"\n").unwrap_err();
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `slugify`?"));
    }

    #[test]
    fn bad_base_url_points_at_the_key() {
        let errs = parse("[book]\ntitle = \"t\"\nbase-url = \"docs.example.org\"\n").unwrap_err();
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("base-url"));
    }
}
