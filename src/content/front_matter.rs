//! Front matter: finding it ([`split`]), parsing it (YAML between `---`, TOML between `+++`)
//! and typing the known keys ([`FrontMatter::from_text`]). Unknown keys are kept unchanged,
//! in the order written, in [`FrontMatter::extra`]. Every error carries the line and column
//! inside the file.
//!
//! ```
//! use praxis::content::front_matter::split;
//! let s = split("\u{feff}\n---\r\ntitle: Hi\r\n---\r\nBody").unwrap();
//! assert_eq!(s.front.unwrap().text, "title: Hi\r\n");
//! assert_eq!(s.body, "Body");
//! assert_eq!(s.body_line, 5);
//! ```

use crate::yaml::{self, Mapping, Value};

use super::date::Date;
use crate::config::Config;
use crate::diagnostics::Location;

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` fenced YAML.
    Yaml,
    /// `+++` fenced TOML.
    Toml,
}

/// The front-matter block of a file, as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontText<'a> {
    /// YAML or TOML.
    pub format: Format,
    /// The text between the fences.
    pub text: &'a str,
    /// The file line of the opening fence (1-based).
    pub fence_line: usize,
}

impl FrontText<'_> {
    /// The file line of the block's first line of text.
    pub fn first_line(&self) -> usize {
        self.fence_line + 1
    }
}

/// A source file cut into front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter, if the file has one.
    pub front: Option<FrontText<'a>>,
    /// The markdown after the front matter.
    pub body: &'a str,
    /// The file line on which the body starts (1-based).
    pub body_line: usize,
}

/// A problem with the shape of a file or its front matter, positioned inside the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub location: Location,
    /// How to fix it.
    pub help: Option<String>,
}

/// Cuts a file into front matter and body. A UTF-8 BOM, CRLF line endings and blank lines
/// before the opening fence are tolerated. A fence with no closing fence is an error.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut offset = 0;
    let mut line_no = 1;
    // Skip blank lines; the first non-blank line decides.
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            offset += line.len();
            line_no += 1;
            continue;
        }
        let format = match content.trim_end() {
            "---" => Format::Yaml,
            "+++" => Format::Toml,
            _ => break,
        };
        let fence = content.trim_end();
        let start = offset + line.len();
        let mut pos = start;
        for (close_line, inner) in (line_no + 1..).zip(text[start..].split_inclusive('\n')) {
            if inner.trim_end_matches(['\n', '\r']).trim_end() == fence {
                return Ok(Split {
                    front: Some(FrontText {
                        format,
                        text: &text[start..pos],
                        fence_line: line_no,
                    }),
                    body: &text[pos + inner.len()..],
                    body_line: close_line + 1,
                });
            }
            pos += inner.len();
        }
        return Err(FrontMatterError {
            message: format!("front matter opened with `{fence}` is never closed"),
            location: Location::of_offset(text, offset, 1),
            help: Some(format!(
                "end the front matter with a line holding only `{fence}`; if this line is \
                 meant as a horizontal rule, put a paragraph before it"
            )),
        });
    }
    Ok(Split {
        front: None,
        body: text,
        body_line: 1,
    })
}

/// The typed front matter of one page or section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `linkTitle`: the shorter title navigation and listings show (Hugo's `.LinkTitle`).
    pub link_title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `date`.
    pub date: Option<Date>,
    /// `updated`.
    pub updated: Option<Date>,
    /// `weight`: lower comes first; pages without one follow those with one.
    pub weight: Option<i64>,
    /// `draft`.
    pub draft: bool,
    /// `slug`: the last URL segment.
    pub slug: Option<String>,
    /// `id`: the stable cross-reference name.
    pub id: Option<String>,
    /// `url`: the page's whole path, as written (Hugo's `url`).
    pub url: Option<String>,
    /// `aliases`: old URLs that redirect here, each with where it is written.
    pub aliases: Vec<RelationItem>,
    /// `template`: the template file to render with.
    pub template: Option<String>,
    /// `hidden`: rendered, but left out of section listings, the sidebar and prev/next.
    pub hidden: bool,
    /// `menu` / `menus`: the site menus this page is an entry of, in the order written.
    pub menus: Vec<MenuEntry>,
    /// Values of the taxonomies declared in book.toml, in the order written.
    pub taxonomies: Vec<TermList>,
    /// Targets of the relations declared in book.toml, by relation name, in the order written.
    pub relations: Vec<(String, Vec<RelationItem>)>,
    /// `publishDate` (or `pubdate`, `published`): before it, the page is left out.
    pub publish_date: Option<Date>,
    /// `expiryDate` (or `unpublishdate`): from it on, the page is left out.
    pub expiry_date: Option<Date>,
    /// `build` (or the older `_build`), as written; see [`FrontMatter::page_build`].
    pub build: BuildKeys,
    /// `headless`.
    pub headless: bool,
    /// `cascade`: values this section gives itself and its descendants.
    pub cascade: Vec<CascadeRule>,
    /// The keys this front matter took from an ancestor's `cascade`, with where each is
    /// written; empty on most pages.
    pub inherited: Vec<Inherited>,
    /// Every other key, unchanged, in the order written.
    pub extra: Mapping,
    /// Where each top-level key is written.
    pub key_lines: KeyLines,
}

/// Whether a page is written (`build.render`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Render {
    /// Written (the default).
    #[default]
    Always,
    /// Not written, and it has no URL: links to it are reported.
    Never,
    /// Not written, but it keeps its URL (something else publishes there).
    Link,
}

/// Where a page is listed (`build.list`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum List {
    /// In its section's listing, the sidebar, prev/next, term pages and the sitemap.
    #[default]
    Always,
    /// Nowhere: like `hidden`, and also left out of term pages and the sitemap.
    Never,
    /// In its own section's listing (so the sidebar and prev/next) only.
    Local,
}

/// The `build` options as written; each may be absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildKeys {
    /// `render`.
    pub render: Option<Render>,
    /// `list`.
    pub list: Option<List>,
    /// `publishResources`.
    pub publish_resources: Option<bool>,
}

/// A page's `build` options, settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageBuild {
    /// `render`.
    pub render: Render,
    /// `list`.
    pub list: List,
    /// `publishResources`: whether a bundle's files are copied.
    pub publish_resources: bool,
}

impl Default for PageBuild {
    fn default() -> Self {
        PageBuild {
            render: Render::Always,
            list: List::Always,
            publish_resources: true,
        }
    }
}

impl PageBuild {
    /// Whether the page's file is written.
    pub fn rendered(&self) -> bool {
        self.render == Render::Always
    }
}

/// One entry of a `cascade`: which pages it targets and the values it gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct CascadeRule {
    /// `_target.path`: a glob over content paths (`/docs/**`).
    pub path: Option<TargetGlob>,
    /// `_target.kind`: a glob over `home`, `section`, `page`.
    pub kind: Option<TargetGlob>,
    /// The values, in the order written, each with where it is written.
    pub values: Vec<(String, Value, Location)>,
}

/// A compiled `_target` glob, compared by its text.
#[derive(Debug, Clone)]
pub struct TargetGlob {
    /// As written.
    pub text: String,
    matcher: globset::GlobMatcher,
    /// Whether its last segment names a markdown file (`/docs/*.md`, `/docs/x.*`): then it
    /// is matched against file paths (as Hugo did before 0.123), else against page paths
    /// without `.md` (as Hugo does since).
    pub file_form: bool,
}

impl PartialEq for TargetGlob {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl TargetGlob {
    /// Compiles a Hugo-style glob: `*` stays within a path segment, `**` crosses them,
    /// case is ignored.
    pub fn new(text: &str) -> Result<TargetGlob, String> {
        let glob = globset::GlobBuilder::new(text)
            .literal_separator(true)
            .case_insensitive(true)
            .build()
            .map_err(|e| e.kind().to_string())?;
        let last = text.rsplit('/').next().unwrap_or("");
        Ok(TargetGlob {
            text: text.to_string(),
            matcher: glob.compile_matcher(),
            file_form: last.to_ascii_lowercase().contains(".md") || last.ends_with(".*"),
        })
    }

    /// Whether `candidate` matches.
    pub fn is_match(&self, candidate: &str) -> bool {
        self.matcher.is_match(candidate)
    }
}

/// A key a page took from an ancestor's `cascade`.
#[derive(Debug, Clone, PartialEq)]
pub struct Inherited {
    /// The key, lowercase.
    pub key: String,
    /// The `_index.md` whose cascade gave it, as shown in diagnostics.
    pub source: std::path::PathBuf,
    /// Where the value is written there.
    pub location: Location,
}

/// The terms a page gives one taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermList {
    /// The taxonomy's name.
    pub taxonomy: String,
    /// The front-matter key as written.
    pub key: String,
    /// The terms, empty ones dropped.
    pub terms: Vec<String>,
    /// Written as one value rather than a list.
    pub single: bool,
}

/// A page's entry in one site menu, from `menu: main`, `menu: [main, footer]` or
/// `menu: {main: {name: Guide, weight: 2, parent: docs}}` (Hugo's three forms). What is not
/// written defaults when the menus are built: the name to the page's link title, the weight
/// to the page's weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    /// The menu's name (`main`).
    pub menu: String,
    /// The label shown.
    pub name: Option<String>,
    /// What other entries name as their `parent` (defaults to the name).
    pub identifier: Option<String>,
    /// The identifier (or name) of the entry this one sits under.
    pub parent: Option<String>,
    /// Lower comes first.
    pub weight: Option<i64>,
    /// HTML shown before the name.
    pub pre: Option<String>,
    /// HTML shown after the name.
    pub post: Option<String>,
    /// The link's `title` (tooltip).
    pub title: Option<String>,
    /// Where the entry is written (its `parent` when it has one, else the menu key).
    pub location: Location,
}

/// One item of a list key, as written, with where: a relation's target (`OPS01-BP02`,
/// `@/principles/focus.md`), an alias (`/old/page/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationItem {
    /// The item as written.
    pub target: String,
    /// Where it is written.
    pub location: Location,
}

/// A front-matter value, typed where praxis types it, for contracts to inspect.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    /// A text key (`title`, `description`, `slug`, `url`, `id`, `template`).
    Text(&'a str),
    /// `weight`.
    Int(i64),
    /// `draft`, `hidden`.
    Bool(bool),
    /// `date`, `updated`.
    Date(&'a Date),
    /// `aliases`, taxonomy and relation keys.
    List(Vec<&'a str>),
    /// Any other key, as written.
    Yaml(&'a Value),
}

impl Field<'_> {
    /// The type's name, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Field::Text(_) => "text",
            Field::Int(_) => "a whole number",
            Field::Bool(_) => "a true/false value",
            Field::Date(_) => "a date",
            Field::List(_) => "a list",
            Field::Yaml(v) => kind_name(v),
        }
    }

    /// The text values: the value itself, or each item of a list of scalars.
    pub fn texts(&self) -> Vec<String> {
        match self {
            Field::Text(s) => vec![s.to_string()],
            Field::Int(i) => vec![i.to_string()],
            Field::Bool(b) => vec![b.to_string()],
            Field::Date(d) => vec![d.to_string()],
            Field::List(items) => items.iter().map(|s| s.to_string()).collect(),
            Field::Yaml(Value::Sequence(items)) => {
                items.iter().filter_map(Value::scalar_text).collect()
            }
            Field::Yaml(v) => v.scalar_text().into_iter().collect(),
        }
    }
}

/// Where a top-level front-matter key is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLine<'a> {
    /// The key as written.
    pub key: &'a str,
    /// Its file line (1-based).
    pub line: usize,
    /// The whole line.
    pub text: &'a str,
}

/// The lines of a front matter that hold top-level keys, in order, for pointing diagnostics
/// at a key. Kept for every page for the whole build, so the lines share one string rather
/// than each line and key being a string of its own (two allocations a key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    text: String,
    /// Per key: its file line, and where its line and the key sit in `text`.
    spans: Vec<KeySpan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct KeySpan {
    line: u32,
    start: u32,
    end: u32,
    key_start: u32,
    key_end: u32,
}

impl KeyLines {
    /// From `(file line, line text, key's range in the line)`, each string sized exactly.
    fn new(lines: &[(usize, &str, std::ops::Range<usize>)]) -> KeyLines {
        let mut text = String::with_capacity(lines.iter().map(|(_, line, _)| line.len()).sum());
        let mut spans = Vec::with_capacity(lines.len());
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for (line, line_text, key) in lines {
            let start = text.len();
            text.push_str(line_text);
            spans.push(KeySpan {
                line: offset(*line),
                start: offset(start),
                end: offset(text.len()),
                key_start: offset(start + key.start),
                key_end: offset(start + key.end),
            });
        }
        KeyLines { text, spans }
    }

    /// Every key line, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = KeyLine<'_>> {
        self.spans.iter().map(|span| KeyLine {
            key: self
                .text
                .get(span.key_start as usize..span.key_end as usize)
                .unwrap_or(""),
            line: span.line as usize,
            text: self
                .text
                .get(span.start as usize..span.end as usize)
                .unwrap_or(""),
        })
    }
}

const DATE_FORMS: &str = "write `2025-05-13`, `2025-05-13T09:00:00`, `2025-05-13T09:00:00Z` or `2025-05-13T09:00:00+02:00`";

/// The keys praxis types itself; matched case-insensitively.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "slug",
    "url",
    "id",
    "aliases",
    "template",
    "hidden",
    "publishdate",
    "pubdate",
    "published",
    "expirydate",
    "unpublishdate",
    "build",
    "_build",
    "headless",
    "cascade",
    "linktitle",
    "menu",
    "menus",
];

/// Other spellings of known keys (Hugo's aliases), with the name each is known by.
const SPELLINGS: [(&str, &str); 4] = [
    ("pubdate", "publishdate"),
    ("published", "publishdate"),
    ("unpublishdate", "expirydate"),
    ("_build", "build"),
];

/// The name a key is known by, when it is another spelling of it.
fn alias_of(lower: &str) -> Option<&'static str> {
    SPELLINGS
        .iter()
        .find(|(other, _)| *other == lower)
        .map(|(_, name)| *name)
}

/// A lowercase key under the name it is known by.
fn canonical(lower: &str) -> &str {
    alias_of(lower).unwrap_or(lower)
}

/// Whether the key `written` (in any case) means the key known as `canon` (lowercase,
/// canonical); without allocating.
fn means(written: &str, canon: &str) -> bool {
    written.eq_ignore_ascii_case(canon)
        || SPELLINGS
            .iter()
            .any(|(other, name)| *name == canon && written.eq_ignore_ascii_case(other))
}

impl FrontMatter {
    /// Parses and types a front-matter block. All problems are returned, not just the first.
    pub fn from_text(
        front: &FrontText<'_>,
        config: &Config,
    ) -> Result<FrontMatter, Vec<FrontMatterError>> {
        let entries = match front.format {
            Format::Yaml => parse_yaml(front)?,
            Format::Toml => entries_of(parse_toml(front)?, front)?,
        };
        let mut typed = Typing {
            front,
            fm: FrontMatter::default(),
            errors: Vec::new(),
            seen: Vec::new(),
            scan_keys: false,
        };
        typed.fm.key_lines = key_lines(front);
        for (key, value) in entries {
            typed.entry(key, value, config);
        }
        if typed.errors.is_empty() {
            Ok(typed.fm)
        } else {
            Err(typed.errors)
        }
    }

    /// The file line where `key` is written (exact spelling first, then ignoring case).
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.key_line(key).map(|k| k.line)
    }

    /// Where `key` is written: at its value when the value is on the key's line, else at
    /// the key.
    pub fn locate(&self, key: &str) -> Option<Location> {
        self.key_line(key).map(|k| {
            let column = value_column(k.text).unwrap_or(1);
            Location::new(k.line, column, k.text)
        })
    }

    fn key_line(&self, key: &str) -> Option<KeyLine<'_>> {
        let exact = self.key_lines.iter().find(|k| k.key == key);
        exact
            .or_else(|| {
                self.key_lines
                    .iter()
                    .find(|k| k.key.eq_ignore_ascii_case(key))
            })
            .or_else(|| {
                // Another spelling of the same key (`pubdate` for `publishDate`).
                let lower = key.to_ascii_lowercase();
                let canon = canonical(&lower);
                self.key_lines.iter().find(|k| means(k.key, canon))
            })
    }

    /// The value of any key: typed keys, taxonomies and relations by their key (ignoring
    /// case), other keys as written (exact spelling first, then ignoring case).
    pub fn field(&self, key: &str) -> Option<Field<'_>> {
        fn text(v: &Option<String>) -> Option<Field<'_>> {
            v.as_deref().map(Field::Text)
        }
        match key.to_ascii_lowercase().as_str() {
            "title" => return text(&self.title),
            "linktitle" => return text(&self.link_title),
            "description" => return text(&self.description),
            "slug" => return text(&self.slug),
            "url" => return text(&self.url),
            "id" => return text(&self.id),
            "template" => return text(&self.template),
            "weight" => return self.weight.map(Field::Int),
            "draft" => return self.has("draft").then_some(Field::Bool(self.draft)),
            "hidden" => return self.has("hidden").then_some(Field::Bool(self.hidden)),
            "headless" => return self.has("headless").then_some(Field::Bool(self.headless)),
            "publishdate" | "pubdate" | "published" => {
                return self.publish_date.as_ref().map(Field::Date);
            }
            "expirydate" | "unpublishdate" => return self.expiry_date.as_ref().map(Field::Date),
            "date" => return self.date.as_ref().map(Field::Date),
            "updated" => return self.updated.as_ref().map(Field::Date),
            "aliases" if !self.aliases.is_empty() => {
                return Some(Field::List(
                    self.aliases.iter().map(|a| a.target.as_str()).collect(),
                ));
            }
            _ => {}
        }
        if let Some(list) = self
            .taxonomies
            .iter()
            .find(|t| t.key.eq_ignore_ascii_case(key))
        {
            // `risk_level: High` is one value, as written, even though it is a term.
            return Some(match (list.single, list.terms.first()) {
                (true, Some(term)) => Field::Text(term),
                _ => Field::List(list.terms.iter().map(String::as_str).collect()),
            });
        }

        if let Some((_, items)) = self
            .relations
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
        {
            return Some(Field::List(
                items.iter().map(|i| i.target.as_str()).collect(),
            ));
        }
        let exact = self.extra.get(key);
        exact
            .or_else(|| {
                self.extra
                    .iter()
                    .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
                    .map(|(_, v)| v)
            })
            .map(Field::Yaml)
    }

    /// Whether `key` is set: written here (in any spelling that means it), or taken from
    /// a cascade.
    pub fn has(&self, key: &str) -> bool {
        let lower = key.to_ascii_lowercase();
        let canon = canonical(&lower);
        self.key_lines.iter().any(|k| means(k.key, canon))
            || self.inherited.iter().any(|i| means(&i.key, canon))
    }

    /// Where the cascade that gave `key` writes it, when this page took it from one.
    pub fn inherited(&self, key: &str) -> Option<&Inherited> {
        let lower = key.to_ascii_lowercase();
        let canon = canonical(&lower);
        self.inherited.iter().find(|i| means(&i.key, canon))
    }

    /// Whether the page is written and listed, and its bundle's files published: `build`,
    /// over what `headless: true` means (`render: never`, `list: never`, no resources).
    pub fn page_build(&self) -> PageBuild {
        let base = if self.headless {
            PageBuild {
                render: Render::Never,
                list: List::Never,
                publish_resources: false,
            }
        } else {
            PageBuild::default()
        };
        PageBuild {
            render: self.build.render.unwrap_or(base.render),
            list: self.build.list.unwrap_or(base.list),
            publish_resources: self
                .build
                .publish_resources
                .unwrap_or(base.publish_resources),
        }
    }

    /// Types `values` (from an ancestor's cascade, nearest first) into this front matter,
    /// each key only when not set yet. `source` is the `_index.md` they are written in.
    /// Returns whether any key was taken.
    pub fn inherit(
        &mut self,
        values: &[(String, Value, Location)],
        source: &std::path::Path,
        config: &Config,
    ) -> bool {
        let mut taken = false;
        let empty = FrontText {
            format: Format::Yaml,
            text: "",
            fence_line: 1,
        };
        for (key, value, location) in values {
            if self.has(key) {
                continue;
            }
            let mut typing = Typing {
                front: &empty,
                fm: std::mem::take(self),
                errors: Vec::new(),
                seen: Vec::new(),
                scan_keys: false,
            };
            // Checked where the cascade is written; typing it again cannot fail.
            typing.entry(Value::String(key.clone()), value.clone(), config);
            *self = typing.fm;
            self.inherited.push(Inherited {
                key: key.to_ascii_lowercase(),
                source: source.to_path_buf(),
                location: location.clone(),
            });
            taken = true;
        }
        taken
    }

    /// The values of one taxonomy.
    pub fn terms(&self, taxonomy: &str) -> &[String] {
        self.taxonomies
            .iter()
            .find(|t| t.taxonomy == taxonomy)
            .map_or(&[], |t| t.terms.as_slice())
    }
}

/// Where `item` is written in `line` at or after byte `from`, as a whole list item: not a
/// part of a longer word (`e` inside `related`), but between brackets, commas, quotes,
/// spaces or a `- `.
fn find_item(line: &str, item: &str, from: usize) -> Option<usize> {
    if item.is_empty() {
        return None;
    }
    let before_ok = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "[{,-\"':".contains(c));
    let after_ok = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "]},\"'#:".contains(c));
    line.get(from..)?
        .match_indices(item)
        .map(|(at, _)| from + at)
        .find(|&at| {
            before_ok(line[..at].chars().next_back())
                && after_ok(line[at + item.len()..].chars().next())
        })
}

/// The first line from `from` on that is a block-sequence item (`  - item`), before the next
/// top-level key: its index and the column (1-based, in characters) where the item starts.
fn next_item_line(lines: &[&str], from: usize) -> Option<(usize, usize)> {
    for (i, line) in lines.iter().enumerate().skip(from) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- ") {
            let indent = line[..line.len() - trimmed.len()].chars().count();
            return Some((i, indent + 3));
        }
        if !trimmed.is_empty() && trimmed.len() == line.len() {
            return None;
        }
    }
    None
}

/// The top-level entries of YAML front matter, in order: by the fast path when the text
/// keeps to its subset, else by the full parser.
fn parse_yaml(front: &FrontText<'_>) -> Result<Vec<(Value, Value)>, Vec<FrontMatterError>> {
    if front.text.trim().is_empty() {
        return Ok(Vec::new());
    }
    if let Some(entries) = super::simple_yaml::parse(front.text) {
        return Ok(entries);
    }
    let value = yaml::parse(front.text).map_err(|err| vec![yaml_error(&err, front)])?;
    entries_of(value, front)
}

/// The entries of a parsed front matter, which must be a map (or nothing at all).
fn entries_of(
    value: Value,
    front: &FrontText<'_>,
) -> Result<Vec<(Value, Value)>, Vec<FrontMatterError>> {
    match value {
        Value::Mapping(m) => Ok(m.into_iter().collect()),
        Value::Null => Ok(Vec::new()),
        other => Err(vec![FrontMatterError {
            message: format!(
                "front matter must be a map of `key: value` lines, found {}",
                kind_name(&other)
            ),
            location: Location::of_line(front.text, 1, front.first_line()),
            help: Some("write one `key: value` per line, e.g. `title: My page`".into()),
        }]),
    }
}

/// Explains a YAML error at the most useful place: an unexpected end of the block where the
/// unclosed construct started, a duplicate key at its second use, an alias that unrolls
/// past the parser's limit at that alias.
fn yaml_error(err: &yaml::Error, front: &FrontText<'_>) -> FrontMatterError {
    let end = front.text.trim_end().len();
    let at = |offset: usize| Location::of_offset(front.text, offset, front.first_line());
    let mut location = match err.offset {
        // An error found at the very end of the block is best shown after its last text.
        Some(offset) => at(offset.min(end)),
        None => Location::of_line(front.text, 1, front.first_line()),
    };
    if let (yaml::ErrorKind::EndOfStream, Some(offset)) = (&err.kind, err.context_offset) {
        location = at(offset);
    }
    if let yaml::ErrorKind::DuplicateKey(key) = &err.kind
        && let Some(repeat) = key_lines(front).iter().filter(|k| k.key == key).nth(1)
    {
        location = Location::of_line(
            front.text,
            repeat.line + 1 - front.first_line(),
            front.first_line(),
        );
    }
    let problem = &err.problem;
    let mut message = match &err.context {
        Some(context) => format!("invalid YAML front matter: {problem} while {context}"),
        None => format!("invalid YAML front matter: {problem}"),
    };
    // The parser says neither where nor why: show the alias that unrolls the most.
    let exploding = (err.kind == yaml::ErrorKind::RepetitionLimit)
        .then(|| super::yaml_aliases::largest_alias(front.text))
        .flatten();
    if let Some((offset, name, copies)) = exploding {
        location = at(offset);
        message = format!(
            "invalid YAML front matter: the alias `*{name}` unrolls into {copies} copies, past \
             the YAML parser's repetition limit"
        );
    }
    FrontMatterError {
        message,
        location,
        help: Some(yaml_help(err, exploding.is_some()).to_string()),
    }
}

/// How to fix a YAML error.
fn yaml_help(err: &yaml::Error, exploding: bool) -> &'static str {
    let in_quote = err.context.as_deref().is_some_and(|c| c.contains("quoted"));
    match err.kind {
        _ if exploding => {
            "each alias repeats its anchor's node, and aliases inside it repeat theirs: write \
             the values out, or use fewer levels of aliases"
        }
        yaml::ErrorKind::DuplicateKey(_) => {
            "each key may appear once; remove or rename the repeated one"
        }
        yaml::ErrorKind::EndOfStream if in_quote => {
            "close the quote on the same line, or use a block scalar (`key: |`) for multi-line text"
        }
        _ => {
            "quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`"
        }
    }
}

fn parse_toml(front: &FrontText<'_>) -> Result<Value, Vec<FrontMatterError>> {
    let table: toml::Table = toml::from_str(front.text).map_err(|err| {
        let location = match err.span() {
            Some(span) => Location::of_offset(front.text, span.start, front.first_line()),
            None => Location::of_line(front.text, 1, front.first_line()),
        };
        vec![FrontMatterError {
            message: format!("invalid TOML front matter: {}", err.message().trim()),
            location,
            help: Some("write one `key = value` per line, e.g. `title = \"My page\"`".into()),
        }]
    })?;
    Ok(toml_to_yaml(toml::Value::Table(table)))
}

/// TOML values become the YAML value model, so typing has one path. Dates become strings.
fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Integer(i.into()),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(table) => Value::Mapping(
            table
                .into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

/// Where each top-level key is written. Top-level keys start at column 1: `key:` in YAML,
/// `key =` in TOML, optionally quoted.
fn key_lines(front: &FrontText<'_>) -> KeyLines {
    let sep = match front.format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let mut found = Vec::new();
    for (i, line) in front.text.lines().enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        // A TOML table (`[build]`, `[[cascade]]`) is a top-level key too.
        if first == '[' && front.format == Format::Toml {
            let depth = if line.starts_with("[[") { 2 } else { 1 };
            let name = line[depth..].split(']').next().unwrap_or("").trim();
            if !name.is_empty() && !name.contains(['.', '"', '\'']) {
                let start = depth + (line[depth..].len() - line[depth..].trim_start().len());
                found.push((
                    front.first_line() + i,
                    line.trim_end_matches('\r'),
                    start..start + name.len(),
                ));
            }
            continue;
        }
        if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{') {
            continue;
        }
        let key = if let Some(rest) = line.strip_prefix(['"', '\'']) {
            let quote = first;
            match rest.find(quote) {
                Some(end) if rest[end + 1..].trim_start().starts_with(sep) => 1..end + 1,
                _ => continue,
            }
        } else {
            match line.find(sep) {
                Some(end) => 0..line[..end].trim_end().len(),
                None => continue,
            }
        };
        if !key.is_empty() {
            found.push((front.first_line() + i, line.trim_end_matches('\r'), key));
        }
    }
    KeyLines::new(&found)
}

/// The 1-based column where the value starts on a `key: value` or `key = value` line.
fn value_column(line: &str) -> Option<usize> {
    let sep = line.find([':', '='])?;
    let after = &line[sep + 1..];
    let value = after.trim_start();
    if value.is_empty() || value.starts_with('#') {
        return None;
    }
    Some(line[..line.len() - value.len()].chars().count() + 1)
}

/// A scalar as written, for messages.
fn shown(value: &Value) -> String {
    value.to_yaml().trim().to_string()
}

/// A scalar as text (numbers and booleans as written); `None` for anything else.
fn scalar_text(value: &Value) -> Option<String> {
    value.scalar_text()
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Integer(_) | Value::Float(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

struct Typing<'a, 'f> {
    front: &'a FrontText<'f>,
    fm: FrontMatter,
    errors: Vec<FrontMatterError>,
    /// Known keys seen so far, lowercase, with the spelling used.
    seen: Vec<(String, String)>,
    /// Whether a key was a number or boolean made text: then other keys may repeat it, and
    /// each is looked for before it is added.
    scan_keys: bool,
}

impl Typing<'_, '_> {
    fn location(&self, key: &str) -> Location {
        match self.fm.locate(key) {
            Some(location) => location,
            None => Location::of_line(self.front.text, 1, self.front.first_line()),
        }
    }

    fn error(&mut self, key: &str, message: String, help: &str) {
        let location = self.location(key);
        self.errors.push(FrontMatterError {
            message,
            location,
            help: Some(help.to_string()),
        });
    }

    /// One front-matter key and its value, typed: a taxonomy's terms, a relation's targets,
    /// a key praxis reads, or an extra value kept as written. A key that is no text, or that
    /// repeats a known key ignoring case, is an error.
    fn entry(&mut self, key: Value, value: Value, config: &Config) {
        let Some(key) = self.key_text(key) else {
            return;
        };
        let mut lower = key.to_ascii_lowercase();
        let known = KNOWN_KEYS.contains(&lower.as_str());
        if let Some(name) = alias_of(&lower) {
            lower = name.to_string();
        }
        let taxonomy = config.taxonomy_for_key(&key).map(|t| t.name.clone());
        let relation = config
            .relations
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(&key))
            .map(|r| r.name.clone());
        let read = known || taxonomy.is_some() || relation.is_some();
        if read && self.repeats_a_key_seen(&key, &lower) {
            return;
        }
        if let Some(name) = taxonomy {
            let single = !matches!(value, Value::Sequence(_));
            if let Some(terms) = self.terms(&key, value) {
                self.fm.taxonomies.push(TermList {
                    taxonomy: name,
                    key,
                    terms,
                    single,
                });
            }
        } else if let Some(name) = relation {
            if let Some(targets) = self.terms(&key, value) {
                let items = self.item_locations(&key, targets);
                self.fm.relations.push((name, items));
            }
        } else {
            self.known_or_extra(key, &lower, value, config);
        }
    }

    /// A key as text: text as written, a number or boolean made text (then keys are looked
    /// for before one is added); `None` with an error for a list or map.
    fn key_text(&mut self, key: Value) -> Option<String> {
        match key {
            Value::String(s) => Some(s),
            other if other.scalar_text().is_some() => {
                // `1: x` and `"1": y` are one key: the later value replaces the earlier.
                self.scan_keys = true;
                Some(other.scalar_text().unwrap_or_default())
            }
            other => {
                self.errors.push(FrontMatterError {
                    message: format!("front-matter keys must be text, found `{}`", shown(&other)),
                    location: Location::of_line(self.front.text, 1, self.front.first_line()),
                    help: Some("write keys as plain words: `title: …`".into()),
                });
                None
            }
        }
    }

    /// Whether `key`, one praxis reads (`lower`: lowercase, aliases resolved), repeats one
    /// seen before ignoring case, with an error if so; otherwise it is recorded as seen.
    fn repeats_a_key_seen(&mut self, key: &str, lower: &str) -> bool {
        // `menu` and `menus` are one key, as in Hugo.
        let seen_as = if lower == "menus" { "menu" } else { lower };
        if let Some((_, first)) = self.seen.iter().find(|(l, _)| l == seen_as) {
            let first = first.clone();
            self.error(
                key,
                format!("`{key}` repeats `{first}` (keys are matched ignoring case)"),
                "keep only one of them",
            );
            return true;
        }
        self.seen.push((seen_as.to_string(), key.to_string()));
        false
    }

    /// A key praxis reads (`lower`: lowercase, aliases resolved), typed into its field; any
    /// other kept in `extra` as written.
    fn known_or_extra(&mut self, key: String, lower: &str, value: Value, config: &Config) {
        match lower {
            "title" => self.fm.title = self.text(&key, value),
            "linktitle" => self.fm.link_title = self.text(&key, value),
            "menu" | "menus" => self.fm.menus = self.menus(&key, value),
            "description" => self.fm.description = self.text(&key, value),
            "slug" => self.fm.slug = self.text(&key, value),
            "url" => self.fm.url = self.text(&key, value),
            "id" => self.fm.id = self.text(&key, value),
            "template" => self.fm.template = self.text(&key, value),
            "date" => self.fm.date = self.date(&key, value),
            "updated" => self.fm.updated = self.date(&key, value),
            "weight" => self.fm.weight = self.integer(&key, value),
            "draft" => self.fm.draft = self.boolean(&key, value).unwrap_or(false),
            "hidden" => self.fm.hidden = self.boolean(&key, value).unwrap_or(false),
            "aliases" => {
                let aliases = self.text_list(&key, value).unwrap_or_default();
                self.fm.aliases = self.item_locations(&key, aliases);
            }
            "publishdate" => self.fm.publish_date = self.date(&key, value),
            "expirydate" => self.fm.expiry_date = self.date(&key, value),
            "headless" => self.fm.headless = self.boolean(&key, value).unwrap_or(false),
            "build" => self.fm.build = self.build_keys(&key, value),
            "cascade" => self.fm.cascade = self.cascade(&key, value, config),
            // Parsed keys do not repeat, so one is added without a scan (a page of 40,000
            // keys would take seconds), unless a number key made text of itself.
            _ if self.scan_keys => self.fm.extra.insert(Value::String(key), value),
            _ => self.fm.extra.push(Value::String(key), value),
        }
    }

    /// `build: {render, list, publishResources}`, with Hugo's older booleans
    /// (`render: false` is `never`, `list: false` is `never`).
    fn build_keys(&mut self, key: &str, value: Value) -> BuildKeys {
        let mut out = BuildKeys::default();
        let map = match value {
            Value::Null => return out,
            Value::Mapping(map) => map,
            other => {
                let found = kind_name(&other);
                self.error(
                    key,
                    format!("`{key}` must be a map, found {found}"),
                    &format!("write e.g. `{key}: {{render: never, list: always}}`"),
                );
                return out;
            }
        };
        for (name, value) in map {
            let name = name.as_str().unwrap_or_default().to_string();
            let word = match &value {
                Value::String(s) => s.trim().to_ascii_lowercase(),
                Value::Bool(b) => b.to_string(),
                _ => String::new(),
            };
            let bad = |typing: &mut Self, allowed: &str| {
                typing.error(
                    key,
                    format!(
                        "`{key}.{name}` must be one of {allowed}, found `{}`",
                        shown(&value)
                    ),
                    &format!("write e.g. `{key}: {{{name}: never}}`"),
                );
            };
            match name.to_ascii_lowercase().as_str() {
                "render" => match word.as_str() {
                    "always" | "true" => out.render = Some(Render::Always),
                    "never" | "false" => out.render = Some(Render::Never),
                    "link" => out.render = Some(Render::Link),
                    _ => bad(self, "`always`, `never`, `link`"),
                },
                "list" => match word.as_str() {
                    "always" | "true" => out.list = Some(List::Always),
                    "never" | "false" => out.list = Some(List::Never),
                    "local" => out.list = Some(List::Local),
                    _ => bad(self, "`always`, `never`, `local`"),
                },
                "publishresources" => match word.as_str() {
                    "true" => out.publish_resources = Some(true),
                    "false" => out.publish_resources = Some(false),
                    _ => bad(self, "`true`, `false`"),
                },
                _ => self.error(
                    key,
                    format!("`{key}` has no option `{name}`"),
                    "the options are `render`, `list` and `publishResources`",
                ),
            }
        }
        out
    }

    /// `cascade`: one map or a list of maps, each with an optional `_target` (or `target`)
    /// of `path` and `kind` globs. Each value is typed here as it will be on the pages that
    /// take it, so its mistakes are reported once, where it is written.
    fn cascade(&mut self, key: &str, value: Value, config: &Config) -> Vec<CascadeRule> {
        let maps = match value {
            Value::Null => return Vec::new(),
            Value::Mapping(map) => vec![map],
            Value::Sequence(items) => {
                let mut maps = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Mapping(map) => maps.push(map),
                        other => {
                            let found = kind_name(&other);
                            self.error(
                                key,
                                format!("every item of `{key}` must be a map, found {found}"),
                                "write each item as `- {banner: x.png, _target: {path: /docs/**}}`",
                            );
                            return Vec::new();
                        }
                    }
                }
                maps
            }
            other => {
                let found = kind_name(&other);
                self.error(
                    key,
                    format!("`{key}` must be a map of front-matter values, found {found}"),
                    &format!("write e.g. `{key}: {{weight: 10}}`, one value per line under it"),
                );
                return Vec::new();
            }
        };
        let first = self.front.first_line();
        let start = match self.fm.locate(key) {
            // `cascade: {…}` holds its values on its own line; `cascade:` on the next ones.
            Some(at) if value_column(&at.text).is_some() => at.line,
            Some(at) => at.line + 1,
            None => self.table_line(key).unwrap_or(first),
        };
        let mut cursor = start;
        let mut rules = Vec::with_capacity(maps.len());
        for map in maps {
            let mut rule = CascadeRule {
                path: None,
                kind: None,
                values: Vec::new(),
            };
            let mut furthest = cursor;
            for (name, value) in map {
                let name = match name {
                    Value::String(s) => s,
                    other => shown(&other),
                };
                let location = self.nested_location(cursor, &name);
                furthest = furthest.max(location.line);
                let lower = name.to_ascii_lowercase();
                if lower == "_target" || lower == "target" {
                    self.target(&name, value, &location, &mut rule);
                    continue;
                }
                if canonical(&lower) == "cascade" {
                    self.error_at(
                        location,
                        format!("`{key}` cannot hold another `{name}`"),
                        "write the inner values in the subsection's own `_index.md`",
                    );
                    continue;
                }
                self.check_cascaded(&name, &value, &location, config);
                rule.values.push((name, value, location));
            }
            cursor = furthest + 1;
            rules.push(rule);
        }
        rules
    }

    /// `_target: {path, kind}` of one cascade entry.
    fn target(&mut self, name: &str, value: Value, at: &Location, rule: &mut CascadeRule) {
        let Value::Mapping(map) = value else {
            let found = kind_name(&value);
            self.error_at(
                at.clone(),
                format!("`{name}` must be a map, found {found}"),
                "write e.g. `_target: {path: \"/docs/**\", kind: page}`",
            );
            return;
        };
        for (field, value) in map {
            let field = field.as_str().unwrap_or_default().to_ascii_lowercase();
            let location = self.nested_location(at.line, &field);
            let Value::String(text) = &value else {
                if !matches!(field.as_str(), "lang" | "environment") {
                    let found = kind_name(&value);
                    self.error_at(
                        location,
                        format!("`{name}.{field}` must be text (a glob), found {found}"),
                        "write e.g. `path: \"/docs/**\"`",
                    );
                }
                continue;
            };
            let glob = match field.as_str() {
                "path" | "kind" => match TargetGlob::new(text.trim()) {
                    Ok(glob) => glob,
                    Err(why) => {
                        self.error_at(
                            location,
                            format!("`{name}.{field}` is not a valid glob `{text}`: {why}"),
                            "`*` matches within a path segment, `**` across them, `{a,b}` either",
                        );
                        continue;
                    }
                },
                // One language, one environment: they always match.
                "lang" | "environment" => continue,
                _ => {
                    self.error_at(
                        location,
                        format!("`{name}` has no field `{field}`"),
                        "a target has a `path` and a `kind` (`page`, `section` or `home`)",
                    );
                    continue;
                }
            };
            if field == "path" {
                rule.path = Some(glob);
            } else {
                rule.kind = Some(glob);
            }
        }
    }

    /// Types one cascaded value as a page would, reporting its mistakes at `at`.
    fn check_cascaded(&mut self, name: &str, value: &Value, at: &Location, config: &Config) {
        let mut scratch = Typing {
            front: self.front,
            fm: FrontMatter::default(),
            errors: Vec::new(),
            seen: Vec::new(),
            scan_keys: false,
        };
        scratch.entry(Value::String(name.to_string()), value.clone(), config);
        for mut error in scratch.errors {
            error.location = at.clone();
            self.errors.push(error);
        }
    }

    fn error_at(&mut self, location: Location, message: String, help: &str) {
        self.errors.push(FrontMatterError {
            message,
            location,
            help: Some(help.to_string()),
        });
    }

    /// The file line of a TOML table header `[key]` or `[[key]]`.
    fn table_line(&self, key: &str) -> Option<usize> {
        let first = self.front.first_line();
        self.front
            .text
            .lines()
            .position(|l| {
                let t = l.trim();
                let name = t.trim_start_matches('[').trim_end_matches(']').trim();
                t.starts_with('[') && name.eq_ignore_ascii_case(key)
            })
            .map(|i| first + i)
    }

    /// Where a nested key `name` is written: the first line from file line `from` on that
    /// holds it as a key (`name:`, `- name:`, `name =`), else the line `from`.
    fn nested_location(&self, from: usize, name: &str) -> Location {
        let first = self.front.first_line();
        let lines: Vec<&str> = self.front.text.lines().collect();
        let skip = from.saturating_sub(first);
        for (i, line) in lines.iter().enumerate().skip(skip) {
            let line = line.trim_end_matches('\r');
            let body = line.trim_start().trim_start_matches("- ").trim_start();
            let body = body.trim_start_matches(['{', ' ']);
            let unquoted = body.trim_start_matches(['"', '\'']);
            let Some(rest) = unquoted.strip_prefix(name) else {
                continue;
            };
            let rest = rest.trim_start_matches(['"', '\'']).trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                // At the value when it is on this line, as for top-level keys.
                let value = rest[1..].trim_start();
                let at = if value.is_empty() || value.starts_with('#') {
                    body
                } else {
                    value
                };
                let column = line[..line.len() - at.len()].chars().count() + 1;
                return Location::new(first + i, column, line);
            }
        }
        Location::of_line(self.front.text, skip + 1, first)
    }

    /// Where each item of a list key is written: read from the list's text by
    /// [`super::yaml_lists`], item by item; else, for a shape it does not read, the first
    /// line at or after the previous item's (the key's, for the first item) that holds the
    /// item's text (the key's own line for `key: [a, b]`).
    fn item_locations(&self, key: &str, items: Vec<String>) -> Vec<RelationItem> {
        if items.is_empty() {
            return Vec::new();
        }
        let first = self.front.first_line();
        let key_line = self.fm.line_of(key).unwrap_or(first);
        let lines: Vec<&str> = self.front.text.lines().collect();
        let starts = super::yaml_lists::item_starts(&lines, key_line - first)
            .filter(|starts| starts.len() == items.len());
        if let Some(starts) = starts {
            return items
                .into_iter()
                .zip(starts)
                .map(|(target, (row, byte))| {
                    let line = lines[row].trim_end_matches('\r');
                    let column = line[..byte.min(line.len())].chars().count() + 1;
                    RelationItem {
                        target,
                        location: Location::new(first + row, column, line),
                    }
                })
                .collect();
        }
        let mut start = key_line - first;
        items
            .into_iter()
            .map(|target| {
                let found = lines.iter().enumerate().skip(start).find_map(|(i, l)| {
                    // On the key's own line, only what follows `key:`.
                    let from = if i + first == key_line {
                        l.find(':').map_or(0, |colon| colon + 1)
                    } else {
                        0
                    };
                    find_item(l, &target, from).map(|col| (i, col))
                });
                let location = match found {
                    Some((i, byte)) => {
                        start = i;
                        Location::new(
                            first + i,
                            lines[i][..byte].chars().count() + 1,
                            lines[i].trim_end_matches('\r'),
                        )
                    }
                    // Written with escapes (`"/old\0page/"`), the text is not found as it
                    // reads: the next `- ` item line is where it stands.
                    None => match next_item_line(&lines, start + 1) {
                        Some((i, column)) => {
                            start = i;
                            Location::new(first + i, column, lines[i].trim_end_matches('\r'))
                        }
                        None => Location::of_line(self.front.text, start + 1, first),
                    },
                };
                RelationItem { target, location }
            })
            .collect()
    }

    fn text(&mut self, key: &str, value: Value) -> Option<String> {
        match value {
            Value::Null => None,
            Value::String(s) => Some(s),
            other @ (Value::Integer(_) | Value::Float(_) | Value::Bool(_)) => other.scalar_text(),
            other => {
                let found = kind_name(&other);
                self.error(
                    key,
                    format!("`{key}` must be text, found {found}"),
                    &format!("write `{key}: some text` on one line"),
                );
                None
            }
        }
    }

    /// `menu` / `menus`: a menu name, a list of names, or a map of menu name to entry.
    fn menus(&mut self, key: &str, value: Value) -> Vec<MenuEntry> {
        let help = "write `menu: main`, `menu: [main, footer]` or `menu: {main: {weight: 2}}`";
        let entries: Vec<(String, Value)> = match value {
            Value::Null => Vec::new(),
            Value::Mapping(map) => {
                let mut entries = Vec::with_capacity(map.len());
                for (menu, entry) in map {
                    match scalar_text(&menu) {
                        Some(menu) => entries.push((menu, entry)),
                        None => {
                            let found = kind_name(&menu);
                            self.error(
                                key,
                                format!("menu names in `{key}` must be text, found {found}"),
                                help,
                            );
                        }
                    }
                }
                entries
            }
            Value::Sequence(items) => {
                let mut entries = Vec::with_capacity(items.len());
                for item in items {
                    match scalar_text(&item) {
                        Some(menu) => entries.push((menu, Value::Null)),
                        None => {
                            let found = kind_name(&item);
                            self.error(
                                key,
                                format!("every item of `{key}` must be a menu name, found {found}"),
                                help,
                            );
                            return Vec::new();
                        }
                    }
                }
                entries
            }
            other => match scalar_text(&other) {
                Some(menu) => vec![(menu, Value::Null)],
                None => {
                    let found = kind_name(&other);
                    self.error(
                        key,
                        format!("`{key}` must name a menu, found {found}"),
                        help,
                    );
                    return Vec::new();
                }
            },
        };
        entries
            .into_iter()
            .filter(|(menu, _)| !menu.trim().is_empty())
            .filter_map(|(menu, entry)| self.menu_entry(key, menu.trim().to_string(), entry))
            .collect()
    }

    /// One menu's entry: nothing (every default) or a map of `name`, `identifier`, `parent`,
    /// `weight`, `pre`, `post`, `title`. Other keys (Hugo's `params`) are left alone.
    fn menu_entry(&mut self, key: &str, menu: String, value: Value) -> Option<MenuEntry> {
        let mut entry = MenuEntry {
            location: self.location(key),
            menu,
            name: None,
            identifier: None,
            parent: None,
            weight: None,
            pre: None,
            post: None,
            title: None,
        };
        let map = match value {
            Value::Null => return Some(entry),
            Value::Mapping(map) => map,
            other => {
                let found = kind_name(&other);
                let menu = &entry.menu;
                self.error(
                    key,
                    format!("the `{menu}` entry of `{key}` must be a map, found {found}"),
                    &format!("write `{key}: {{{menu}: {{name: Guide, weight: 2}}}}`"),
                );
                return None;
            }
        };
        let mut ok = true;
        for (field, value) in map {
            let Some(field) = scalar_text(&field) else {
                continue;
            };
            let what = format!("{key}.{}.{field}", entry.menu);
            let text = |typing: &mut Self, value: Value| match scalar_text(&value) {
                Some(text) => Some(text),
                None if value.is_null() => None,
                None => {
                    let found = kind_name(&value);
                    typing.error(
                        key,
                        format!("`{what}` must be text, found {found}"),
                        "write it on one line",
                    );
                    None
                }
            };
            match field.to_ascii_lowercase().as_str() {
                "name" => entry.name = text(self, value),
                "identifier" => entry.identifier = text(self, value),
                "parent" => entry.parent = text(self, value),
                "pre" => entry.pre = text(self, value),
                "post" => entry.post = text(self, value),
                "title" => entry.title = text(self, value),
                "weight" => {
                    let errors = self.errors.len();
                    entry.weight = self.integer(&what, value);
                    if self.errors.len() > errors {
                        // Shown at the menu key: the nested key has no line of its own.
                        let last = self.errors.len() - 1;
                        self.errors[last].location = self.location(key);
                        ok = false;
                    }
                }
                _ => {}
            }
        }
        if let Some(parent) = &entry.parent {
            entry.location = self.find_after(key, parent);
        }
        ok.then_some(entry)
    }

    /// The first line at or after `key`'s line that holds `needle`, at the needle.
    fn find_after(&self, key: &str, needle: &str) -> Location {
        let first = self.front.first_line();
        let key_line = self.fm.line_of(key).unwrap_or(first);
        let found = self
            .front
            .text
            .lines()
            .enumerate()
            .skip(key_line - first)
            .find_map(|(i, line)| line.find(needle).map(|byte| (i, line, byte)));
        match found {
            Some((i, line, byte)) => Location::new(
                first + i,
                line[..byte].chars().count() + 1,
                line.trim_end_matches('\r'),
            ),
            None => self.location(key),
        }
    }

    fn date(&mut self, key: &str, value: Value) -> Option<Date> {
        let text = match value {
            Value::Null => return None,
            Value::String(s) => s,
            other => {
                let found = kind_name(&other);
                self.error(
                    key,
                    format!("`{key}` must be a date, found {found}"),
                    DATE_FORMS,
                );
                return None;
            }
        };
        match Date::parse(&text) {
            Ok(d) => Some(d),
            Err(msg) => {
                self.error(key, format!("`{key}`: {msg}"), DATE_FORMS);
                None
            }
        }
    }

    fn integer(&mut self, key: &str, value: Value) -> Option<i64> {
        let parsed = match &value {
            Value::Null => return None,
            Value::Integer(i) => i64::try_from(*i).ok(),
            Value::Float(f) => (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(*f as i64),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            let found = kind_name(&value);
            self.error(
                key,
                format!("`{key}` must be a whole number, found {found}"),
                &format!("write e.g. `{key}: 10`"),
            );
        }
        parsed
    }

    fn boolean(&mut self, key: &str, value: Value) -> Option<bool> {
        let parsed = match &value {
            Value::Null => return None,
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" => Some(true),
                "false" | "no" | "off" => Some(false),
                _ => None,
            },
            _ => None,
        };
        if parsed.is_none() {
            let found = kind_name(&value);
            self.error(
                key,
                format!("`{key}` must be true or false, found {found}"),
                &format!("write `{key}: true` or `{key}: false`"),
            );
        }
        parsed
    }

    /// One value or a list of values, each text (numbers and booleans are taken as text).
    fn text_list(&mut self, key: &str, value: Value) -> Option<Vec<String>> {
        let items = match value {
            Value::Null => return Some(Vec::new()),
            Value::Sequence(items) => items,
            scalar @ (Value::String(_) | Value::Integer(_) | Value::Float(_) | Value::Bool(_)) => {
                vec![scalar]
            }
            other => {
                let found = kind_name(&other);
                self.error(
                    key,
                    format!("`{key}` must be text or a list of text, found {found}"),
                    &format!("write `{key}: [first, second]` or one item per line as `- item`"),
                );
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(s) => out.push(s),
                scalar @ (Value::Integer(_) | Value::Float(_) | Value::Bool(_)) => {
                    out.extend(scalar.scalar_text());
                }
                Value::Null => {}
                other => {
                    let found = kind_name(&other);
                    self.error(
                        key,
                        format!("every item of `{key}` must be text, found {found}"),
                        &format!("write `{key}: [first, second]`"),
                    );
                    return None;
                }
            }
        }
        Some(out)
    }

    fn terms(&mut self, key: &str, value: Value) -> Option<Vec<String>> {
        let terms = self.text_list(key, value)?;
        Some(
            terms
                .into_iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
        )
    }
}

/// A front-matter value as text, for showing or indexing: [`scalar_text`], trimmed, and
/// nothing when blank.
pub(crate) fn display_text(value: &Value) -> Option<String> {
    let text = scalar_text(value)?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        Config::from_str(
            "[[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"risk\"\nkey = \"risk_level\"\n",
            Path::new("."),
            &Default::default(),
        )
        .unwrap()
    }

    fn parse(text: &str) -> Result<FrontMatter, Vec<FrontMatterError>> {
        let s = split(text).unwrap();
        FrontMatter::from_text(&s.front.unwrap(), &config())
    }

    #[test]
    fn keys_are_located_on_their_own_lines() {
        let fm = parse(
            "---\r\ntitle: One\r\n\"quoted key\": 2\r\ntags:\r\n  - a\r\n'single': x\r\nweight:   3\r\n---\r\n",
        )
        .unwrap();
        let keys: Vec<(&str, usize, &str)> = fm
            .key_lines
            .iter()
            .map(|k| (k.key, k.line, k.text))
            .collect();
        assert_eq!(
            keys,
            [
                ("title", 2, "title: One"),
                ("quoted key", 3, "\"quoted key\": 2"),
                ("tags", 4, "tags:"),
                ("single", 6, "'single': x"),
                ("weight", 7, "weight:   3"),
            ]
        );
        let at = fm.locate("Weight").unwrap();
        assert_eq!(
            (at.line, at.column, at.text.as_str()),
            (7, 11, "weight:   3")
        );
        assert_eq!(fm.locate("quoted key").unwrap().line, 3);
        assert!(fm.locate("missing").is_none());
        let toml = parse("+++\ntitle = \"x\"\n\"weight\" = 2\n+++\n").unwrap();
        let keys: Vec<(&str, usize)> = toml.key_lines.iter().map(|k| (k.key, k.line)).collect();
        assert_eq!(keys, [("title", 2), ("weight", 3)]);
    }

    #[test]
    fn split_without_front_matter_returns_the_whole_text() {
        let s = split("# Hello\n\nText").unwrap();
        assert!(s.front.is_none());
        assert_eq!(s.body, "# Hello\n\nText");
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn split_tolerates_bom_crlf_and_leading_blank_lines() {
        let s = split("\u{feff}\r\n\r\n---\r\na: 1\r\n---\r\nbody\r\n").unwrap();
        let front = s.front.unwrap();
        assert_eq!(front.fence_line, 3);
        assert_eq!(front.text, "a: 1\r\n");
        assert_eq!(s.body, "body\r\n");
        assert_eq!(s.body_line, 6);
    }

    #[test]
    fn split_reads_toml_fences() {
        let s = split("+++\ntitle = \"x\"\n+++\n").unwrap();
        assert_eq!(s.front.unwrap().format, Format::Toml);
        assert_eq!(s.body, "");
    }

    #[test]
    fn unterminated_front_matter_points_at_the_opening_fence() {
        let err = split("\n\n---\ntitle: x\n").unwrap_err();
        assert_eq!((err.location.line, err.location.column), (3, 1));
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn known_keys_are_typed_and_case_insensitive() {
        let fm = parse(
            "---\nTitle: 2019\nWEIGHT: 5\ndraft: \"true\"\ndate: 2025-05-13T09:00:00\naliases: /old/\n---\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("2019"));
        assert_eq!(fm.weight, Some(5));
        assert!(fm.draft);
        assert_eq!(fm.date.unwrap().to_string(), "2025-05-13T09:00:00");
        let aliases: Vec<&str> = fm.aliases.iter().map(|a| a.target.as_str()).collect();
        assert_eq!(aliases, ["/old/"]);
        assert_eq!(fm.aliases[0].location.line, 6);
    }

    #[test]
    fn unknown_keys_keep_their_shape_case_and_order() {
        let fm = parse(
            "---\nResourceId: p1b\nheadline:\n  title: 'A: b'\n  cards: []\nInstructions: |-\n  line one\n\n  line two\nicon: fa-x\n---\n",
        )
        .unwrap();
        let keys: Vec<_> = fm.extra.keys().map(|k| k.as_str().unwrap()).collect();
        assert_eq!(keys, ["ResourceId", "headline", "Instructions", "icon"]);
        let headline = fm.extra.get("headline").and_then(Value::as_mapping);
        assert_eq!(
            headline
                .and_then(|h| h.get("title"))
                .and_then(Value::as_str),
            Some("A: b")
        );
        assert_eq!(
            fm.extra.get("Instructions").and_then(Value::as_str),
            Some("line one\n\nline two")
        );
    }

    #[test]
    fn taxonomy_values_may_be_one_or_many() {
        let fm = parse("---\ntags: Single\nrisk_level: [High, '']\n---\n").unwrap();
        assert_eq!(fm.terms("tags"), ["Single"]);
        assert_eq!(fm.terms("risk"), ["High"]);
    }

    #[test]
    fn wrong_types_name_the_key_and_line() {
        let errs = parse("---\ntitle: ok\ntags: {a: 1}\nweight: heavy\n---\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].location.line, 3);
        assert_eq!(errs[0].location.column, 7);
        assert!(errs[0].message.contains("`tags`"), "{}", errs[0].message);
        assert!(errs[0].message.contains("a map"));
        assert_eq!(errs[1].location.line, 4);
        assert!(errs[1].message.contains("`weight` must be a whole number"));
    }

    #[test]
    fn yaml_syntax_errors_have_positions() {
        let errs = parse("---\ntitle: ok\ndescription: [unclosed\n---\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.starts_with("invalid YAML front matter"));
        assert!(errs[0].location.line >= 3, "{:?}", errs[0].location);
    }

    #[test]
    fn duplicate_keys_differing_in_case_are_errors() {
        let errs = parse("---\ntitle: a\nTitle: b\n---\n").unwrap_err();
        assert!(errs[0].message.contains("repeats"));
        assert_eq!(errs[0].location.line, 3);
    }

    #[test]
    fn front_matter_must_be_a_map() {
        let errs = parse("---\n- a\n- b\n---\n").unwrap_err();
        assert!(errs[0].message.contains("found a list"));
    }

    #[test]
    fn menus_are_read_in_hugos_three_forms() {
        type Seen = (String, Option<String>, Option<i64>, Option<String>);
        let menus = |text: &str| -> Vec<Seen> {
            parse(text)
                .unwrap()
                .menus
                .into_iter()
                .map(|m| (m.menu, m.name, m.weight, m.parent))
                .collect()
        };
        assert_eq!(
            menus("---\nmenu: main\n---\n"),
            [("main".into(), None, None, None)]
        );
        assert_eq!(
            menus("---\nmenus: [main, footer]\n---\n"),
            [
                ("main".into(), None, None, None),
                ("footer".into(), None, None, None)
            ]
        );
        assert_eq!(
            menus(
                "---\nMenu:\n  main:\n    Name: Guide\n    weight: '2'\n    parent: docs\n    params: {x: 1}\n---\n"
            ),
            [(
                "main".into(),
                Some("Guide".into()),
                Some(2),
                Some("docs".into())
            )]
        );
        let fm = parse("---\nmenu:\n  main:\n    parent: docs\n---\n").unwrap();
        let at = &fm.menus[0].location;
        assert_eq!((at.line, at.column), (4, 13));
        let errs = parse("---\nmenu: main\nmenus: footer\n---\n").unwrap_err();
        assert!(
            errs[0].message.contains("`menus` repeats `menu`"),
            "{errs:?}"
        );
    }

    #[test]
    fn link_title_is_typed_in_any_case() {
        let fm = parse("---\nLinkTitle: Short\n---\n").unwrap();
        assert_eq!(fm.link_title.as_deref(), Some("Short"));
        assert!(matches!(fm.field("linkTitle"), Some(Field::Text("Short"))));
        assert!(fm.extra.is_empty());
    }

    #[test]
    fn toml_front_matter_is_read_like_yaml() {
        let fm = parse("+++\ntitle = \"T\"\ndate = 2025-05-13\n[extra]\nx = 1\n+++\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(fm.date.unwrap().to_string(), "2025-05-13");
        let extra = fm.extra.get("extra").and_then(Value::as_mapping);
        assert_eq!(
            extra.and_then(|e| e.get("x")).and_then(Value::as_i64),
            Some(1)
        );
    }
}
