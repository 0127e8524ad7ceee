//! Loading: walk `content/`, read each markdown file, split and type its front matter, render
//! its markdown, and return [`Content`]: documents (pages and section indexes) and assets.
//! Knows nothing of HTML templates or URLs; the graph stage places things.
//!
//! - A folder with `_index.md` is a section; `_index.md` is its own text.
//! - Any other `.md` is a page; a folder with `index.md` is a page too (a bundle), and every
//!   other file under it is that page's asset.
//! - Other files are assets of the folder they sit in. Names starting with `.` are skipped.
//!
//! Once every file is read, the sections' `cascade`s give their values to the documents below
//! them ([`cascade`]); then drafts, and pages whose `publishDate` is to come or whose
//! `expiryDate` has passed, are left out (unless the build includes them), the latter
//! recorded in [`Content::left_out`].

pub mod cascade;
pub mod date;
pub mod front_matter;
pub mod languages;
pub mod shortcodes;
mod simple_yaml;
mod yaml_aliases;
mod yaml_lists;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::Progress;
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Location, Severity};
use crate::markdown::{self, Rendered};
use crate::text::{safe_slug, title_from_name};
use front_matter::{FrontMatter, FrontMatterError, split};
use shortcodes::{SiteShortcodes, WithIncludes};

/// A page or a section's own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A leaf page.
    Page,
    /// A section's `_index.md`.
    Section,
}

/// One markdown source, parsed and rendered.
#[derive(Debug, Clone)]
pub struct Document {
    /// Page or section.
    pub kind: Kind,
    /// The file, as shown in diagnostics.
    pub source: PathBuf,
    /// The file's path inside the content folder, `/`-separated: `ops/ops01/ops01-bp01.md`.
    pub rel_path: String,
    /// The content folder this document stands for (sections, bundles) or sits in (pages).
    pub dir: String,
    /// Whether this page is a bundle (`<dir>/index.md`).
    pub bundle: bool,
    /// The typed front matter.
    pub front: FrontMatter,
    /// The file line of the front matter's opening fence, if it has one.
    pub front_line: Option<usize>,
    /// The stable cross-reference id: `id`, else a key of `links.id-keys`, else what
    /// `links.id-pattern` finds in the title.
    pub id: Option<String>,
    /// The rendered body.
    pub body: Rendered,
    /// The description rendered as markdown (it may hold emphasis and `[[ID]]` links).
    pub description: Option<Rendered>,
    /// The title: front matter, else the first `# heading`, else the file or folder name.
    pub title: String,
    /// The last URL segment (empty for the home page).
    pub slug: String,
    /// Files its shortcodes included, relative to the site root.
    pub included: Vec<PathBuf>,
}

impl Document {
    /// Points a diagnostic at the line where front-matter `key` is written, or at the front
    /// matter when the key is absent.
    pub fn at_key(&self, diagnostic: Diagnostic, key: &str) -> Diagnostic {
        if let Some(location) = self.front.locate(key) {
            return diagnostic.at_location(&self.source, &location);
        }
        // A key taken from a cascade is fixed where the cascade writes it.
        match self.front.inherited(key) {
            Some(from) => diagnostic
                .at_location(&from.source, &from.location)
                .note(format!(
                    "given to {} by this cascade",
                    self.source.display()
                )),
            None => self.at_front_matter(diagnostic),
        }
    }

    /// Points a diagnostic at the front matter's opening fence (or the top of the file).
    pub fn at_front_matter(&self, diagnostic: Diagnostic) -> Diagnostic {
        let line = self.front_line.unwrap_or(1);
        let text = if self.front_line.is_some() { "---" } else { "" };
        diagnostic.at(&self.source, line, 1).source_line(text)
    }
}

/// A page's id: front matter `id`, else the first key of `id_keys` it has (as text), else
/// the first group (or the whole match) of `pattern` in its title.
fn page_id(front: &FrontMatter, title: &str, config: &Config) -> Option<String> {
    if let Some(id) = &front.id {
        return Some(id.trim().to_string()).filter(|id| !id.is_empty());
    }
    for key in &config.links.id_keys {
        let text = front.field(key).and_then(|f| f.texts().into_iter().next());
        if let Some(text) = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
            return Some(text);
        }
    }
    let captures = config.id_pattern.as_ref()?.captures(title)?;
    let found = captures.get(1).or_else(|| captures.get(0))?;
    Some(found.as_str().to_string())
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where to read it.
    pub source: PathBuf,
    /// Its path inside the content folder.
    pub rel_path: String,
    /// The page bundle folder that owns it, if any.
    pub bundle: Option<String>,
}

/// Everything read from the content folder.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Pages and section indexes, in path order.
    pub documents: Vec<Arc<Document>>,
    /// Non-markdown files, in path order.
    pub assets: Vec<Asset>,
    /// Every folder (relative, `/`-separated; `""` is the root) that holds a page, a section
    /// or a subfolder of one, excluding bundle folders and their insides.
    pub dirs: BTreeSet<String>,
    /// The pages and sections left out because of their `publishDate` or `expiryDate`, in
    /// path order.
    pub left_out: Vec<LeftOut>,
    /// On a translation, the default language's pages (by `id:` and lowercase id, and by
    /// `path:` and path): where a link leads when this language has no such page.
    pub foreign: std::collections::HashMap<String, ForeignPage>,
}

/// A page of another language that links by id may lead to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignPage {
    /// Its URL.
    pub href: String,
    /// Its title.
    pub title: String,
    /// Its language's name.
    pub language: String,
}

/// A page or section left out of the build by its dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The file, as shown in diagnostics.
    pub source: PathBuf,
    /// Where the date that left it out is written (in a cascade, maybe).
    pub at: Option<(PathBuf, Location)>,
    /// Why.
    pub why: Unpublished,
    /// The date, as written.
    pub date: String,
}

/// Why a page is left out of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    /// Its `publishDate` is still to come (`--future` builds it).
    Future,
    /// Its `expiryDate` has passed (`--expired` builds it).
    Expired,
}

impl LeftOut {
    /// The note `praxis check` prints for it: where the date is written, what it is, and the
    /// flag that builds the page anyway.
    pub fn diagnostic(&self) -> Diagnostic {
        let (key, flag, when) = match self.why {
            Unpublished::Future => ("publishDate", "--future", "is still to come"),
            Unpublished::Expired => ("expiryDate", "--expired", "has passed"),
        };
        let d = Diagnostic::new(
            Severity::Note,
            Code::LeftOut,
            format!(
                "left out: its {key} {} {when} (build with {flag} to include it)",
                self.date
            ),
        );
        match &self.at {
            Some((file, at)) if *file == self.source => d.at_location(file, at),
            Some((file, at)) => d.at_location(file, at).note(format!(
                "the date is given to {} by this cascade",
                self.source.display()
            )),
            None => d.in_file(&self.source),
        }
    }
}

impl Unpublished {
    /// `"future"` or `"expired"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unpublished::Future => "future",
            Unpublished::Expired => "expired",
        }
    }
}

enum Entry {
    SectionIndex { dir: String },
    Page { dir: String, bundle: bool },
}

struct Source {
    path: PathBuf,
    rel: String,
    entry: Entry,
}

/// One content file's parse: the document, or why it could not be read. `praxis serve` keeps
/// these between builds so that an edit re-reads only the files it touched.
pub type Parsed = Result<Arc<Document>, Vec<Diagnostic>>;

/// Every regular file of the content folder with its `/`-separated path inside it, in the
/// order one sorted walk meets them, and the problems met on the way.
pub type Listing = (Vec<(PathBuf, String)>, Vec<Diagnostic>);

/// Reads the content folder (of the language `config` builds, on a multilingual site).
/// Returns what could be loaded plus every problem found.
pub fn load(
    config: &Config,
    site: &dyn SiteShortcodes,
    progress: &dyn Progress,
) -> (Content, Vec<Diagnostic>) {
    let listing = list(config);
    let listing = match config.multilingual() {
        true => languages::select(listing, config),
        false => listing,
    };
    let (content, diagnostics, _) = assemble(config, listing, &|_| None, None, site, progress);
    (content, diagnostics)
}

/// Walks the content folder (see [`Listing`]).
pub fn list(config: &Config) -> Listing {
    let mut diagnostics = Vec::new();
    let gate = crate::symlinks::Gate::new(config);
    let files = list_files(&config.content_dir(), &gate, &mut diagnostics);
    (files, diagnostics)
}

/// Sorts the listed files into documents and assets and reads every document, except those
/// `reuse` still has a parse of, then applies the sections' cascades (with `memo`, kept
/// between builds, reusing last build's results). Returns the content, every problem found,
/// and each document's own parse by its path inside the content folder (drafts included).
pub fn assemble(
    config: &Config,
    listing: Listing,
    reuse: &(dyn Fn(&str) -> Option<Parsed> + Sync),
    memo: Option<&mut cascade::Memo>,
    site: &dyn SiteShortcodes,
    progress: &dyn Progress,
) -> (Content, Vec<Diagnostic>, Vec<(String, Parsed)>) {
    let (files, mut diagnostics) = listing;
    let (sources, assets, dirs) = classify(files, &mut diagnostics);

    progress.start("Reading", sources.len() as u64);
    let results: Vec<(String, Parsed)> = sources
        .into_par_iter()
        .with_max_len(crate::PAR_RUN)
        .map(|source| {
            let rel = source.rel.clone();
            let result =
                reuse(&rel).unwrap_or_else(|| read_document(source, config, site).map(Arc::new));
            progress.advance(1);
            (rel, result)
        })
        .collect();
    progress.finish();

    let mut documents = Vec::with_capacity(results.len());
    for (_, result) in &results {
        match result {
            Ok(doc) => documents.push(Arc::clone(doc)),
            Err(errs) => diagnostics.extend(errs.iter().cloned()),
        }
    }
    cascade::apply(&mut documents, config, memo);
    let mut content = Content {
        documents,
        assets,
        dirs,
        left_out: Vec::new(),
        foreign: Default::default(),
    };
    drop_unpublished(&mut content, config);
    for doc in &content.documents {
        diagnostics.extend(body_diagnostics(doc));
    }
    (content, diagnostics, results)
}

/// What rendering `doc`'s body found: code blocks with options not understood, and the
/// problems of its shortcodes.
pub fn body_diagnostics(doc: &Document) -> impl Iterator<Item = Diagnostic> + '_ {
    let code = doc.body.code_warnings.iter().map(|warning| {
        Diagnostic::warning(Code::CodeBlock, &warning.message)
            .at_location(&doc.source, &warning.location)
            .help(crate::markdown::highlight::CodeWarning::HELP)
    });
    let problems = doc.body.shortcodes.iter().flat_map(|o| &o.problems);
    code.chain(problems.map(|problem| {
        let mut d = if problem.error {
            Diagnostic::error(Code::Shortcode, &problem.message)
        } else {
            Diagnostic::warning(Code::Shortcode, &problem.message)
        };
        d = d.at_location(&doc.source, &problem.location);
        if let Some(help) = &problem.help {
            d = d.help(help);
        }
        if let Some(note) = &problem.note {
            d = d.note(note);
        }
        d
    }))
}

/// Reads `doc`'s file again, as what it was found to be (a page, bundle or section index).
pub fn reread(doc: &Document, config: &Config, site: &dyn SiteShortcodes) -> Parsed {
    let entry = match doc.kind {
        Kind::Section => Entry::SectionIndex {
            dir: doc.dir.clone(),
        },
        Kind::Page => Entry::Page {
            dir: doc.dir.clone(),
            bundle: doc.bundle,
        },
    };
    let source = Source {
        path: config.content_dir().join(&doc.rel_path),
        rel: doc.rel_path.clone(),
        entry,
    };
    read_document(source, config, site).map(Arc::new)
}

/// The order of a sorted walk: path components compared one by one, so a folder's files
/// come before a sibling whose name extends the folder's (`a/x.md` before `a.md`).
pub fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Whether a file or folder name is left out of the site: hidden (`.x`), a backup (`x~`)
/// or an editor's autosave (`#x#`).
pub fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

/// Shows a content file as the user would type it from where praxis runs.
fn display_path(content_root: &Path, rel: &str) -> PathBuf {
    crate::config::shown_path(&content_root.join(rel))
}

/// What the walk found: markdown sources, assets, and the folders that hold content.
type Walked = (Vec<Source>, Vec<Asset>, BTreeSet<String>);

/// Every regular file under the content folder, in name order, with its relative path.
///
/// The top level is read first; each top-level folder is then walked on its own task and the
/// lists are joined in the top level's order, which is the list one walk in name order makes
/// (a 100k-page site's walk took a quarter of a second on one core, and longer when its
/// folders are not cached).
fn list_files(
    content_root: &Path,
    gate: &crate::symlinks::Gate,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    enum Part {
        File(PathBuf, String),
        Folder(PathBuf),
    }
    let mut parts = Vec::new();
    // (walkdir lists each top-level folder once here too before leaving it at `max_depth`:
    // one extra listing of the top-level folders, kept for walkdir's own link checks there.)
    let top = WalkDir::new(content_root)
        .follow_links(true)
        .sort_by_file_name()
        .max_depth(1);
    for entry in top {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(walk_error(&err, content_root));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        if is_hidden(entry.file_name()) {
            continue;
        }
        if let Some(refused) = gate.refuse(&entry) {
            diagnostics.push(refused);
            continue;
        }
        let folder = entry
            .file_type()
            .is_dir()
            .then(|| entry.path().to_path_buf());
        let mut files = Vec::new();
        take_entry(entry, content_root, &mut files, diagnostics);
        parts.extend(files.into_iter().map(|(path, rel)| Part::File(path, rel)));
        parts.extend(folder.map(Part::Folder));
    }
    let root_id = FolderId::of(content_root);
    let walked: Vec<Listed> = parts
        .into_par_iter()
        .with_max_len(1)
        .map(|part| match part {
            Part::File(path, rel) => (vec![(path, rel)], Vec::new()),
            Part::Folder(folder) => walk_folder(content_root, root_id, gate, &folder),
        })
        .collect();
    let mut files = Vec::with_capacity(walked.iter().map(|(f, _)| f.len()).sum());
    for (mut part, mut problems) in walked {
        files.append(&mut part);
        diagnostics.append(&mut problems);
    }
    files
}

/// Files with their relative paths, and what was wrong on the way.
type Listed = (Vec<(PathBuf, String)>, Vec<Diagnostic>);

/// Every file below one top-level folder, in name order (see [`list_files`]).
fn walk_folder(
    content_root: &Path,
    root_id: Option<FolderId>,
    gate: &crate::symlinks::Gate,
    folder: &Path,
) -> Listed {
    let (mut files, mut diagnostics) = (Vec::new(), Vec::new());
    let mut walker = WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(walk_error(&err, content_root));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if is_hidden(entry.file_name()) {
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if let Some(refused) = gate.refuse(&entry) {
            diagnostics.push(refused);
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        // This walk starts below the content folder, so walkdir cannot see a way back to it
        // (a link to it, or to a folder above it) as a loop: that check is made here, as one
        // walk from the content folder would make it.
        if is_dir && root_id.is_some_and(|root| root.is(&entry, content_root)) {
            diagnostics.push(loop_error(entry.path(), content_root));
            walker.skip_current_dir();
            continue;
        }
        take_entry(entry, content_root, &mut files, &mut diagnostics);
    }
    (files, diagnostics)
}

/// The content folder's identity, to recognise it when a link leads back to it. The inode
/// number, which a walk reads for free, rules out nearly every folder; `same_file` settles
/// the rest.
#[derive(Clone, Copy)]
struct FolderId(u64);

impl FolderId {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FolderId> {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| FolderId(m.ino()))
    }

    #[cfg(not(unix))]
    fn of(_: &Path) -> Option<FolderId> {
        Some(FolderId(0))
    }

    #[cfg(unix)]
    fn is(self, entry: &walkdir::DirEntry, root: &Path) -> bool {
        use walkdir::DirEntryExt;
        entry.ino() == self.0 && same_file::is_same_file(entry.path(), root).unwrap_or(false)
    }

    #[cfg(not(unix))]
    fn is(self, entry: &walkdir::DirEntry, root: &Path) -> bool {
        entry.path_is_symlink() && same_file::is_same_file(entry.path(), root).unwrap_or(false)
    }
}

/// What the walk makes of one entry: a regular file joins `files`; a name that is not UTF-8
/// or a special file is reported; folders are walked, not listed.
fn take_entry(
    entry: walkdir::DirEntry,
    content_root: &Path,
    files: &mut Vec<(PathBuf, String)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let rel = match relative(content_root, entry.path()) {
        Ok(rel) => rel,
        Err(shown) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::FileName,
                    format!("file name is not valid UTF-8: {shown}"),
                )
                .in_file(crate::config::shown_path(entry.path()))
                .help("rename the file using UTF-8 characters"),
            );
            return;
        }
    };
    let file_type = entry.file_type();
    if file_type.is_dir() {
        return;
    }
    if !file_type.is_file() {
        diagnostics.push(
            Diagnostic::warning(Code::SpecialFile, "skipped: not a regular file")
                .in_file(display_path(content_root, &rel))
                .help("content may hold only regular files, folders and links to them"),
        );
        return;
    }
    files.push((entry.into_path(), rel));
}

/// Sorts files into section indexes, pages, bundles and assets.
fn classify(files: Vec<(PathBuf, String)>, diagnostics: &mut Vec<Diagnostic>) -> Walked {
    let (sections, bundles) = folder_kinds(&files);
    let mut sorted = Sorted {
        sources: Vec::with_capacity(files.len()),
        assets: Vec::new(),
        dirs: BTreeSet::from([String::new()]),
    };
    for (path, rel) in files {
        let (dir, name) = split_rel(&rel);
        if name == "index.md" && sections.contains(dir) {
            diagnostics.push(bundle_and_section(dir, &path));
            continue;
        }
        match enclosing_bundle(dir, &bundles) {
            Some(bundle) => sorted.add_in_bundle(path, rel, bundle, diagnostics),
            None => sorted.add_outside_bundles(path, rel),
        }
    }
    (sorted.sources, sorted.assets, sorted.dirs)
}

/// The folders that are sections (they hold `_index.md`) and those that are page bundles
/// (they hold `index.md` and are no section; both is an error reported by [`classify`]).
fn folder_kinds(files: &[(PathBuf, String)]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut sections = BTreeSet::new();
    let mut index_dirs = BTreeSet::new();
    for (_, rel) in files {
        match split_rel(rel) {
            (dir, "_index.md") => sections.insert(dir.to_string()),
            (dir, "index.md") => index_dirs.insert(dir.to_string()),
            _ => false,
        };
    }
    let bundles = index_dirs.difference(&sections).cloned().collect();
    (sections, bundles)
}

/// The error of a folder with both `_index.md` and `index.md`, at the `index.md`.
fn bundle_and_section(dir: &str, path: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::BundleAndSection,
        format!(
            "folder `{}` has both _index.md (a section) and index.md (a page)",
            display_dir(dir)
        ),
    )
    .in_file(crate::config::shown_path(path))
    .help("rename index.md to _index.md to keep a section, or remove _index.md to make the folder one page")
}

/// Whether a file name ends in `.md`, in any case.
fn is_markdown(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// What [`classify`] gathers: the documents to read, the assets, and every folder that
/// holds content (with the folders above it).
struct Sorted {
    sources: Vec<Source>,
    assets: Vec<Asset>,
    dirs: BTreeSet<String>,
}

impl Sorted {
    /// A file inside the page bundle `bundle`: the bundle's own `index.md` is its page
    /// (except at the content root, an error), other markdown is left out with a warning,
    /// and anything else is the bundle's asset.
    fn add_in_bundle(
        &mut self,
        path: PathBuf,
        rel: String,
        bundle: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let (dir, name) = split_rel(&rel);
        let shown = || crate::config::shown_path(&path);
        if name == "index.md" && dir == bundle {
            if dir.is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        Code::RootIndex,
                        "the home page is written in _index.md, not index.md",
                    )
                    .in_file(shown())
                    .help("rename content/index.md to content/_index.md"),
                );
                return;
            }
            add_dirs(parent_dir(dir), &mut self.dirs);
            let entry = Entry::Page {
                dir: dir.to_string(),
                bundle: true,
            };
            self.sources.push(Source { path, rel, entry });
        } else if is_markdown(name) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::BundleMarkdown,
                    format!("not rendered: inside the page bundle `{}`", display_dir(bundle)),
                )
                .in_file(shown())
                .help("move it out of the bundle folder, or make the folder a section by renaming index.md to _index.md"),
            );
        } else {
            self.assets.push(Asset {
                source: path,
                rel_path: rel,
                bundle: Some(bundle.to_string()),
            });
        }
    }

    /// A file outside every bundle: `_index.md` is its folder's section index, other
    /// markdown a page, anything else an asset; each places its folder.
    fn add_outside_bundles(&mut self, path: PathBuf, rel: String) {
        let (dir, name) = split_rel(&rel);
        // Assets of folders that hold no markdown still need their folder placed.
        add_dirs(dir, &mut self.dirs);
        if !is_markdown(name) {
            self.assets.push(Asset {
                source: path,
                rel_path: rel,
                bundle: None,
            });
            return;
        }
        let dir = dir.to_string();
        let entry = if name == "_index.md" {
            Entry::SectionIndex { dir }
        } else {
            Entry::Page { dir, bundle: false }
        };
        self.sources.push(Source { path, rel, entry });
    }
}

/// The nearest folder at or above `dir` that is a bundle, unless a section sits between.
fn enclosing_bundle<'a>(dir: &str, bundles: &'a BTreeSet<String>) -> Option<&'a str> {
    let mut current = dir;
    loop {
        if let Some(b) = bundles.get(current) {
            return Some(b.as_str());
        }
        if current.is_empty() {
            return None;
        }
        current = parent_dir(current);
    }
}

fn add_dirs(dir: &str, dirs: &mut BTreeSet<String>) {
    let mut current = dir;
    while dirs.insert(current.to_string()) && !current.is_empty() {
        current = parent_dir(current);
    }
}

/// `a/b/c` → `a/b`; `a` → ``.
pub fn parent_dir(dir: &str) -> &str {
    dir.rfind('/').map_or("", |i| &dir[..i])
}

/// `a/b/c.md` → (`a/b`, `c.md`).
fn split_rel(rel: &str) -> (&str, &str) {
    match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    }
}

fn display_dir(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(is_hidden_name)
}

fn relative(root: &Path, path: &Path) -> Result<String, String> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for part in rel.components() {
        let part = part
            .as_os_str()
            .to_str()
            .ok_or_else(|| path.display().to_string())?;
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part);
    }
    Ok(out)
}

fn walk_error(err: &walkdir::Error, content_root: &Path) -> Diagnostic {
    let path = err.path().unwrap_or(content_root);
    if let Some(ancestor) = err.loop_ancestor() {
        return loop_error(path, ancestor);
    }
    let path = crate::config::shown_path(path);
    let reason = err
        .io_error()
        .map_or_else(|| err.to_string(), |e| e.to_string());
    Diagnostic::error(Code::Io, format!("cannot read: {reason}"))
        .in_file(path)
        .help("check that the file exists and is readable")
}

fn loop_error(link: &Path, ancestor: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::SymlinkLoop,
        format!(
            "symbolic link loop: this link leads back to {}",
            ancestor.display()
        ),
    )
    .in_file(crate::config::shown_path(link))
    .help("remove the link or point it outside its own folder")
}

/// Reads one content file into a [`Document`]: its text, front matter and rendered body,
/// then the title, URL segment, id and description made from them.
fn read_document(
    source: Source,
    config: &Config,
    site: &dyn SiteShortcodes,
) -> Result<Document, Vec<Diagnostic>> {
    // As the file is named, which a translation's `rel` is not (`a.es.md` reads as `a.md`).
    let shown = crate::config::shown_path(&source.path);
    let text = read_text(&source.path, &shown)?;
    let (parts, front) = parse_front_matter(&text, config, &shown)?;
    // With a title in front matter the id can be known before the body is rendered, which
    // leaves out a first heading that repeats them.
    let known_id = front
        .title
        .as_deref()
        .and_then(|title| page_id(&front, title, config));
    let (body, included) = render_body(
        &parts,
        &front,
        &source.rel,
        known_id.as_deref(),
        config,
        site,
    );
    let (kind, dir, bundle, name) = placement(source.entry, &source.rel);
    let title = page_title(&front, &body, kind, &dir, &name, config);
    let slug = page_slug(&front, kind, &dir, &name, config, &shown)?;
    let id = match front.title.as_deref() {
        Some(written) if written == title => known_id,
        _ => page_id(&front, &title, config),
    };
    let description = render_description(&front, config);
    Ok(Document {
        description,
        kind,
        front_line: parts.front.as_ref().map(|f| f.fence_line),
        id,
        source: shown,
        rel_path: source.rel,
        dir,
        bundle,
        front,
        body,
        title,
        slug,
        included,
    })
}

/// The text of the file at `path` (shown as `shown`): an error when it cannot be read, or
/// at the first byte that is not UTF-8.
fn read_text(path: &Path, shown: &Path) -> Result<String, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|err| {
        vec![
            Diagnostic::error(Code::Io, format!("cannot read file: {err}"))
                .in_file(shown)
                .help("check the file's permissions, or remove it from the content folder"),
        ]
    })?;
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let valid_up_to = err.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
        let loc = Location::of_offset(valid, valid.len(), 1);
        vec![
            Diagnostic::error(Code::Encoding, "file is not valid UTF-8")
                .at_location(shown, &loc)
                .help("save the file with UTF-8 encoding"),
        ]
    })
}

/// `text` cut into front matter and body, and its front matter parsed; every error of the
/// front matter at once, positioned in the file.
fn parse_front_matter<'t>(
    text: &'t str,
    config: &Config,
    shown: &Path,
) -> Result<(front_matter::Split<'t>, FrontMatter), Vec<Diagnostic>> {
    let fm_error = |e: FrontMatterError| {
        let mut d = Diagnostic::error(Code::FrontMatter, e.message).at_location(shown, &e.location);
        if let Some(help) = e.help {
            d = d.help(help);
        }
        d
    };
    let parts = split(text).map_err(|e| vec![fm_error(e)])?;
    let front = match &parts.front {
        Some(front) => FrontMatter::from_text(front, config)
            .map_err(|errs| errs.into_iter().map(fm_error).collect::<Vec<_>>())?,
        None => FrontMatter::default(),
    };
    Ok((parts, front))
}

/// The body rendered as markdown, its shortcodes expanded, and the files they included.
fn render_body(
    parts: &front_matter::Split<'_>,
    front: &FrontMatter,
    rel_path: &str,
    known_id: Option<&str>,
    config: &Config,
    site: &dyn SiteShortcodes,
) -> (Rendered, Vec<PathBuf>) {
    let page = shortcodes::PageFacts {
        front,
        title: front.title.as_deref(),
        rel_path,
    };
    // Asked for only by bodies that may call one.
    let calls = if crate::markdown::shortcodes::may_contain(parts.body) {
        site.for_page(page).map(|site| WithIncludes {
            site,
            config,
            included: Default::default(),
        })
    } else {
        None
    };
    let body = markdown::render(
        parts.body,
        &markdown::Options {
            shortcodes: calls
                .as_ref()
                .map(|c| c as &dyn crate::markdown::expand::Shortcodes),
            title_from_heading: front.title.is_none(),
            title: front.title.as_deref(),
            id: known_id,
            whole_summary: false,
            first_line: parts.body_line,
            site_prefixes: &config.site_prefixes,
            base_path: &config.base_url.path,
            former_urls: !config.links.url_keys.is_empty(),
            highlighter: config.markdown.highlight.then_some(&config.highlighter),
            html_as_text: false,
        },
    );
    let included = calls.map_or_else(Vec::new, |c| c.included.into_inner());
    (body, included)
}

/// The document's kind, folder and whether it is a bundle, from where the walk found it,
/// and the name its title and slug default to: the folder's for a section or bundle, else
/// the file's without `.md`.
fn placement(entry: Entry, rel: &str) -> (Kind, String, bool, String) {
    let (kind, dir, bundle) = match entry {
        Entry::SectionIndex { dir } => (Kind::Section, dir, false),
        Entry::Page { dir, bundle } => (Kind::Page, dir, bundle),
    };
    let name = if kind == Kind::Section || bundle {
        dir.rsplit('/').next().unwrap_or("").to_string()
    } else {
        let file = split_rel(rel).1;
        file[..file.len() - 3].to_string()
    };
    (kind, dir, bundle, name)
}

/// The title: as written, else the body's first heading, else the site's title for the
/// home page and one made from `name` for the rest.
fn page_title(
    front: &FrontMatter,
    body: &Rendered,
    kind: Kind,
    dir: &str,
    name: &str,
    config: &Config,
) -> String {
    front
        .title
        .clone()
        .or_else(|| body.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            if kind == Kind::Section && dir.is_empty() {
                config.book.title.clone()
            } else {
                title_from_name(name)
            }
        })
}

/// The URL segment: the written `slug` made safe, else `name` slugified as `[build]
/// slugify` says (the home page has none); an error when that leaves nothing to make a URL
/// of, unless the page is placed by its `url`.
fn page_slug(
    front: &FrontMatter,
    kind: Kind,
    dir: &str,
    name: &str,
    config: &Config,
    shown: &Path,
) -> Result<String, Vec<Diagnostic>> {
    let is_root = kind == Kind::Section && dir.is_empty();
    // An explicit slug is the author's URL segment, only made safe; names of files and
    // folders are slugified as `[build] slugify` says.
    let slug = match &front.slug {
        Some(slug) => safe_slug(slug),
        None if is_root => String::new(),
        None => config.build.slugify.apply(name),
    };
    let placed_by_url = kind == Kind::Page && front.url.is_some() && front.slug.is_none();
    if !slug.is_empty() || is_root || placed_by_url {
        return Ok(slug);
    }
    let what = if front.slug.is_some() {
        "its `slug`"
    } else {
        "its file name"
    };
    let d = Diagnostic::error(
        Code::EmptySlug,
        format!("cannot make a URL for this page from {what}: no letter or digit in it"),
    )
    .help("rename the file, or set `slug: a-readable-name` in the front matter");
    let d = match front.locate("slug") {
        Some(location) => d.at_location(shown, &location),
        None => d.at(shown, 1, 1),
    };
    Err(vec![d])
}

/// The description rendered as markdown, shown whole and its markup as text, its links
/// placed where the description is written.
fn render_description(front: &FrontMatter, config: &Config) -> Option<Rendered> {
    let text = front.description.as_deref()?;
    let mut rendered = markdown::render(
        text,
        &markdown::Options {
            // Shown whole in `<meta name="description">`: the author's own words.
            whole_summary: true,
            // A description is text: markup in it is shown, never run.
            html_as_text: true,
            first_line: 1,
            site_prefixes: &config.site_prefixes,
            base_path: &config.base_url.path,
            former_urls: !config.links.url_keys.is_empty(),
            ..Default::default()
        },
    );
    // Links in a description are reported where the description is written.
    if let Some(location) = front.locate("description") {
        for link in &mut rendered.links {
            link.location = location.clone();
        }
    }
    Some(rendered)
}

/// Why `doc` is left out of this build, if it is: a draft (unless drafts are built), a
/// `publishDate` to come or an `expiryDate` gone (unless `--future` / `--expired`).
fn unpublished(doc: &Document, config: &Config) -> Option<Option<Unpublished>> {
    let build = &config.build;
    if doc.front.draft && !build.drafts {
        return Some(None);
    }
    let now = build.now?;
    if !build.future && doc.front.publish_date.is_some_and(|d| d.timestamp() > now) {
        return Some(Some(Unpublished::Future));
    }
    if !build.expired && doc.front.expiry_date.is_some_and(|d| d.timestamp() < now) {
        return Some(Some(Unpublished::Expired));
    }
    None
}

/// Removes drafts and pages out of their publishing dates, and everything inside such a
/// section; records what the dates left out.
fn drop_unpublished(content: &mut Content, config: &Config) {
    let mut out_dirs: Vec<String> = Vec::new();
    let mut left_out = Vec::new();
    let mut out: Vec<bool> = Vec::with_capacity(content.documents.len());
    for doc in &content.documents {
        let why = unpublished(doc, config);
        if let Some(Some(why)) = why {
            let key = match why {
                Unpublished::Future => "publishDate",
                Unpublished::Expired => "expiryDate",
            };
            let date = match why {
                Unpublished::Future => doc.front.publish_date,
                Unpublished::Expired => doc.front.expiry_date,
            };
            let at = match doc.front.locate(key) {
                Some(location) => Some((doc.source.clone(), location)),
                None => doc
                    .front
                    .inherited(key)
                    .map(|i| (i.source.clone(), i.location.clone())),
            };
            left_out.push(LeftOut {
                source: doc.source.clone(),
                at,
                why,
                date: date.map(|d| d.to_string()).unwrap_or_default(),
            });
        }
        if why.is_some() && doc.kind == Kind::Section && !doc.dir.is_empty() {
            out_dirs.push(doc.dir.clone());
        }
        out.push(why.is_some());
    }
    content.left_out = left_out;
    if !out.contains(&true) {
        return;
    }
    let under_out = |path: &str| {
        out_dirs.iter().any(|d| {
            path == d
                || path
                    .strip_prefix(d.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        })
    };
    let mut index = 0;
    content.documents.retain(|d| {
        let dropped = out[index] || (d.kind == Kind::Page && under_out(&d.dir));
        index += 1;
        !dropped
    });
    let page_bundles: BTreeSet<&str> = content
        .documents
        .iter()
        .filter(|d| d.bundle)
        .map(|d| d.dir.as_str())
        .collect();
    content.assets.retain(|a| match &a.bundle {
        Some(b) => page_bundles.contains(b.as_str()),
        None => !under_out(split_rel(&a.rel_path).0),
    });
    content.dirs.retain(|d| d.is_empty() || !under_out(d));
}
