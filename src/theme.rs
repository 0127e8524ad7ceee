//! The theme on disk (or built in): its templates, overridden file by file by the site's own
//! `templates/`, its static files, overridden by the site's `static/`, and its interface
//! strings (`i18n/LANG.toml`), overridden key by key by the site's `i18n/`. This module reads
//! those files; rendering works from the [`Theme`] it returns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Location};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The templates every theme has: those of the files for crawlers and old links. A theme
/// without its own takes the built-in theme's, as Zola's built-in templates stand in for a
/// theme's; a site's `templates/` overrides either.
pub(crate) const BUILT_IN: [&str; 4] = ["atom.xml", "redirect.html", "robots.txt", "sitemap.xml"];

/// One template, by the name templates use to refer to it (`page.html`, `partials/nav.html`).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The name in `{% extends %}` / `{% include %}`.
    pub name: String,
    /// The file, as shown in diagnostics.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Where a static file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// A file on disk.
    Disk(PathBuf),
    /// A file of the built-in theme.
    Embedded(&'static [u8]),
}

/// A file copied to the output as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Its path inside the output folder.
    pub output: String,
    /// Where to read it.
    pub source: StaticSource,
    /// Whether the site's own `static/` provided it (site files override generated extras
    /// such as robots.txt).
    pub from_site: bool,
}

/// One language's interface strings, from one `i18n/LANG.toml`: key → text.
pub(crate) type Strings = BTreeMap<String, String>;

/// The interface strings the site and its theme provide, by language code (lowercase, `-`
/// between its parts: `pt-br`), one table per `i18n/LANG.toml` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translations {
    /// The site's own `i18n/` files.
    pub site: BTreeMap<String, Strings>,
    /// The theme's `i18n/` files.
    pub theme: BTreeMap<String, Strings>,
}

/// The templates, static files and interface strings a build uses.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates, by name; the site's override where it has one.
    pub templates: Vec<TemplateFile>,
    /// Static files, by output path; the site's file where it has one.
    pub static_files: Vec<StaticFile>,
    /// Interface strings, by language; see [`Theme::strings`] for the merged set.
    pub translations: Translations,
    /// What was skipped while reading the theme and the site's own files (links not
    /// followed, …).
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// Loads `themes/<theme>/` from the site, or the built-in default theme, then the site's
    /// `templates/` and `static/` on top.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let gate = crate::symlinks::Gate::new(config);
        let mut layers = Layers::default();
        let theme_dir = config.theme_dir();
        if theme_dir.is_dir() {
            layers.read_theme_dir(&theme_dir, &gate);
            layers.fill_from_embedded(&BUILT_IN);
        } else if config.build.theme == "default" {
            layers.read_embedded();
        } else {
            return Err(vec![missing_theme(config, &theme_dir)]);
        }
        layers.read_site(config, &gate);
        layers.finish()
    }

    /// The interface strings for pages in language `lang`, every key from the first file
    /// that has it: the site's `i18n/LANG.toml`, then the theme's; for a regional code
    /// (`pt-br`) the same for the language (`pt`); then the site's and the theme's files for
    /// `fallback` (the site's default language); then English, the theme's and last the
    /// built-in theme's, so that every key the default theme uses always has a text.
    /// Language codes are compared case-insensitively, `_` the same as `-`.
    pub fn strings(&self, lang: &str, fallback: &str) -> BTreeMap<String, String> {
        let mut codes: Vec<String> = Vec::new();
        for code in [lang, fallback, "en"] {
            let mut code = language_key(code);
            while !code.is_empty() {
                if !codes.contains(&code) {
                    codes.push(code.clone());
                }
                code.truncate(code.rfind('-').unwrap_or(0));
            }
        }
        let mut tables: Vec<&Strings> = Vec::new();
        for code in &codes {
            tables.extend(self.translations.site.get(code));
            tables.extend(self.translations.theme.get(code));
        }
        tables.push(built_in_english());
        let mut merged = BTreeMap::new();
        for table in tables.into_iter().rev() {
            merged.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        merged
    }
}

/// The error for a `theme` that names no folder.
fn missing_theme(config: &Config, theme_dir: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::Config,
        format!(
            "theme `{}` not found: no folder {}",
            config.build.theme,
            theme_dir.display()
        ),
    )
    .in_file(&config.file)
    .help(
        "create the theme folder, or remove `theme` from [build] to use the built-in default theme",
    )
}

/// What [`Theme::load`] gathers, layer by layer: the theme's files, then the site's on top
/// (a later file of the same name replaces an earlier one).
#[derive(Default)]
struct Layers {
    templates: BTreeMap<String, TemplateFile>,
    statics: BTreeMap<String, StaticFile>,
    translations: Translations,
    /// What was met while reading: warnings, and errors that fail the load.
    diagnostics: Vec<Diagnostic>,
    /// Templates that are not text, reported after the problems of reading the folders.
    errors: Vec<Diagnostic>,
}

impl Layers {
    /// Reads a theme folder on disk: its `templates/`, `static/` and `i18n/`.
    fn read_theme_dir(&mut self, dir: &Path, gate: &crate::symlinks::Gate) {
        self.read_templates(&dir.join("templates"), gate);
        self.read_statics(&dir.join("static"), gate, false);
        self.translations.theme = read_strings(&dir.join("i18n"), gate, &mut self.diagnostics);
    }

    /// Takes the built-in default theme, compiled into the binary.
    fn read_embedded(&mut self) {
        for (rel, bytes) in embedded::DEFAULT_THEME {
            if let Some(name) = rel.strip_prefix("templates/") {
                self.add_embedded_template(name, rel, bytes);
            } else if let Some(name) = rel.strip_prefix("static/") {
                self.statics.insert(
                    name.to_string(),
                    StaticFile {
                        output: name.to_string(),
                        source: StaticSource::Embedded(bytes),
                        from_site: false,
                    },
                );
            } else if let Some(name) = rel.strip_prefix("i18n/") {
                let path = PathBuf::from("<built-in theme>").join(rel);
                let tables = &mut self.translations.theme;
                add_strings(tables, name, &path, bytes, &mut self.diagnostics);
            }
        }
    }

    /// Adds each of the built-in theme's templates `names` that the theme lacks.
    fn fill_from_embedded(&mut self, names: &[&str]) {
        for (rel, bytes) in embedded::DEFAULT_THEME {
            let name = rel.strip_prefix("templates/");
            if let Some(name) =
                name.filter(|n| names.contains(n) && !self.templates.contains_key(*n))
            {
                self.add_embedded_template(name, rel, bytes);
            }
        }
    }

    /// Adds template `name` of the built-in theme (`rel` inside it).
    fn add_embedded_template(&mut self, name: &str, rel: &str, bytes: &[u8]) {
        let path = PathBuf::from("<built-in theme>").join(rel);
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let template = TemplateFile {
                    name: name.to_string(),
                    path,
                    text: text.to_string(),
                };
                self.templates.insert(name.to_string(), template);
            }
            Err(_) => self.diagnostics.push(
                Diagnostic::error(Code::Template, "template is not valid UTF-8").in_file(path),
            ),
        }
    }

    /// Reads the site's own `templates/`, `static/` and `i18n/` over the theme's.
    fn read_site(&mut self, config: &Config, gate: &crate::symlinks::Gate) {
        self.read_templates(&config.templates_dir(), gate);
        self.diagnostics.append(&mut self.errors);
        self.read_statics(&config.static_dir(), gate, true);
        let dir = config.root.join("i18n");
        self.translations.site = read_strings(&dir, gate, &mut self.diagnostics);
    }

    /// Reads every template under `dir`.
    fn read_templates(&mut self, dir: &Path, gate: &crate::symlinks::Gate) {
        let (templates, errors) = (&mut self.templates, &mut self.errors);
        read_tree(dir, gate, &mut self.diagnostics, |name, path, bytes| {
            add_template(templates, name, path, bytes, errors);
        });
    }

    /// Lists every static file under `dir`.
    fn read_statics(&mut self, dir: &Path, gate: &crate::symlinks::Gate, from_site: bool) {
        for (name, path) in list_files(dir, gate, &mut self.diagnostics) {
            let file = StaticFile {
                output: name.clone(),
                source: StaticSource::Disk(path),
                from_site,
            };
            self.statics.insert(name, file);
        }
    }

    /// The theme, or every problem met when one of them is an error.
    fn finish(self) -> Result<Theme, Vec<Diagnostic>> {
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(self.diagnostics);
        }
        Ok(Theme {
            templates: self.templates.into_values().collect(),
            static_files: self.statics.into_values().collect(),
            translations: self.translations,
            warnings: self.diagnostics,
        })
    }
}

/// A language code as the i18n tables are keyed: `pt_BR` → `pt-br`.
fn language_key(code: &str) -> String {
    code.trim().to_ascii_lowercase().replace('_', "-")
}

/// The built-in theme's English strings: the last fallback of every key.
fn built_in_english() -> &'static Strings {
    static ENGLISH: OnceLock<Strings> = OnceLock::new();
    ENGLISH.get_or_init(|| {
        embedded::DEFAULT_THEME
            .iter()
            .find(|(rel, _)| *rel == "i18n/en.toml")
            .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
            .and_then(|text| parse_strings(text, Path::new("en.toml")).ok())
            .unwrap_or_default()
    })
}

/// Reads the `LANG.toml` files of an `i18n/` folder (if it exists), by language.
fn read_strings(
    dir: &Path,
    gate: &crate::symlinks::Gate,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Strings> {
    let mut out = BTreeMap::new();
    for (name, path) in list_files(dir, gate, diagnostics) {
        match std::fs::read(&path) {
            Ok(bytes) => add_strings(&mut out, &name, &path, &bytes, diagnostics),
            Err(err) => diagnostics.push(
                Diagnostic::error(Code::Io, format!("cannot read i18n file: {err}")).in_file(&path),
            ),
        }
    }
    out
}

/// Adds the strings of `i18n/<name>` to `tables`, or reports why it cannot. Only TOML files
/// directly in the folder are read; others are skipped with a warning.
fn add_strings(
    tables: &mut BTreeMap<String, Strings>,
    name: &str,
    path: &Path,
    bytes: &[u8],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(lang) = name
        .strip_suffix(".toml")
        .filter(|lang| !lang.is_empty() && !lang.contains('/'))
    else {
        diagnostics.push(
            Diagnostic::warning(
                Code::Config,
                "not read: interface strings are read from TOML files",
            )
            .in_file(path)
            .help(
                "write them as i18n/LANG.toml, e.g. i18n/fr.toml with `previous = \"Précédent\"`",
            ),
        );
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        diagnostics.push(
            Diagnostic::error(Code::Config, "i18n file is not valid UTF-8")
                .in_file(path)
                .help("save the file with UTF-8 encoding"),
        );
        return;
    };
    match parse_strings(text, path) {
        Ok(strings) => {
            tables.insert(language_key(lang), strings);
        }
        Err(diagnostic) => diagnostics.push(*diagnostic),
    }
}

/// Parses an i18n file: `key = "text"` lines, or Hugo's tables (`[key]` with
/// `other = "text"`, or `one = "text"` alone).
fn parse_strings(text: &str, path: &Path) -> Result<Strings, Box<Diagnostic>> {
    use toml::de::{DeTable, DeValue};
    let failed = |message: String, at: usize, help: &str| {
        Box::new(
            Diagnostic::error(Code::Config, format!("invalid i18n file: {message}"))
                .at_location(path, &Location::of_offset(text, at, 1))
                .help(help.to_string()),
        )
    };
    let document = DeTable::parse(text).map_err(|err| {
        failed(
            err.message().trim().to_string(),
            err.span().map_or(0, |span| span.start),
            "write one `key = \"text\"` per line, e.g. `previous = \"Précédent\"`",
        )
    })?;
    let mut strings = Strings::new();
    for (key, value) in document.get_ref() {
        let key_name = key.get_ref().to_string();
        let shown = match value.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Table(forms) => {
                let form = |name: &str| forms.iter().find(|(k, _)| k.get_ref() == name);
                match form("other").or_else(|| form("one")) {
                    Some((_, v)) => match v.get_ref() {
                        DeValue::String(s) => s.to_string(),
                        _ => {
                            return Err(failed(
                                format!("`{key_name}` must be text"),
                                v.span().start,
                                "quote the text: `other = \"…\"`",
                            ));
                        }
                    },
                    None => {
                        return Err(failed(
                            format!("`[{key_name}]` has no `other = \"…\"`"),
                            key.span().start,
                            "give the table an `other = \"text\"` line, or write `key = \"text\"`",
                        ));
                    }
                }
            }
            _ => {
                return Err(failed(
                    format!("`{key_name}` must be text"),
                    value.span().start,
                    "quote the text: `key = \"…\"`",
                ));
            }
        };
        strings.insert(key_name, shown);
    }
    Ok(strings)
}

fn add_template(
    templates: &mut BTreeMap<String, TemplateFile>,
    name: String,
    path: PathBuf,
    bytes: Vec<u8>,
    errors: &mut Vec<Diagnostic>,
) {
    match String::from_utf8(bytes) {
        Ok(text) => {
            templates.insert(name.clone(), TemplateFile { name, path, text });
        }
        Err(_) => errors.push(
            Diagnostic::error(Code::Template, "template is not valid UTF-8")
                .in_file(path)
                .help("save the template with UTF-8 encoding"),
        ),
    }
}

/// Reads every file under `dir` (if it exists), calling `each(name, path, bytes)`.
fn read_tree(
    dir: &Path,
    gate: &crate::symlinks::Gate,
    diagnostics: &mut Vec<Diagnostic>,
    mut each: impl FnMut(String, PathBuf, Vec<u8>),
) {
    for (name, path) in list_files(dir, gate, diagnostics) {
        match std::fs::read(&path) {
            Ok(bytes) => each(name, path, bytes),
            Err(err) => diagnostics.push(
                Diagnostic::error(Code::Io, format!("cannot read template: {err}")).in_file(&path),
            ),
        }
    }
}

/// Every regular file under `dir`, as (`/`-separated relative name, path), sorted; hidden
/// files are skipped. A missing folder is simply empty.
fn list_files(
    dir: &Path,
    gate: &crate::symlinks::Gate,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let refused = entry.as_ref().ok().and_then(|e| gate.refuse(e));
        if let Some(refused) = refused {
            diagnostics.push(refused);
            if entry.as_ref().is_ok_and(|e| e.file_type().is_dir()) {
                walker.skip_current_dir();
            }
            continue;
        }
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let name: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push((name.join("/"), crate::config::shown_path(entry.path())));
            }
            Ok(_) => {}
            Err(err) => diagnostics.push(
                Diagnostic::error(Code::Io, format!("cannot read: {err}"))
                    .in_file(err.path().unwrap_or(dir)),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, &str)]) -> Strings {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn i18n_files_take_flat_keys_and_hugo_tables() {
        let text = "a = \"A\"\n[b]\nother = \"B\"\none = \"b\"\n[c]\none = \"C\"\n";
        let strings = parse_strings(text, Path::new("i18n/x.toml")).unwrap();
        assert_eq!(strings, table(&[("a", "A"), ("b", "B"), ("c", "C")]));
    }

    #[test]
    fn a_key_written_twice_is_an_error_at_its_line() {
        let err = parse_strings("a = \"A\"\na = \"B\"\n", Path::new("i18n/x.toml")).unwrap_err();
        assert_eq!(err.line, Some(2), "{err:?}");
        assert_eq!(err.code, "config");
    }

    #[test]
    fn strings_come_from_the_site_then_the_theme_then_the_region_fallback_and_english() {
        let theme = Theme {
            translations: Translations {
                site: [
                    ("pt-br".to_string(), table(&[("a", "site pt-br")])),
                    ("fr".to_string(), table(&[("c", "site fr")])),
                ]
                .into(),
                theme: [
                    (
                        "pt-br".to_string(),
                        table(&[("a", "theme pt-br"), ("b", "theme pt-br")]),
                    ),
                    (
                        "pt".to_string(),
                        table(&[("b", "theme pt"), ("c", "theme pt")]),
                    ),
                    (
                        "fr".to_string(),
                        table(&[("c", "theme fr"), ("d", "theme fr")]),
                    ),
                    ("en".to_string(), table(&[("e", "theme en")])),
                ]
                .into(),
            },
            ..Theme::default()
        };
        let strings = theme.strings("PT_BR", "fr");
        assert_eq!(strings["a"], "site pt-br");
        assert_eq!(strings["b"], "theme pt-br");
        assert_eq!(strings["c"], "theme pt");
        assert_eq!(strings["d"], "theme fr");
        assert_eq!(strings["e"], "theme en");
        // The built-in English fills every key the default theme uses.
        assert_eq!(strings["previous"], "Previous");
    }
}
