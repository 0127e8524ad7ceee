//! The theme on disk (or built in): its templates, overridden file by file by the site's own
//! `templates/`, and its static files, overridden by the site's `static/`. This module reads
//! those files; rendering works from the [`Theme`] it returns.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

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

/// The templates and static files a build uses.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates, by name; the site's override where it has one.
    pub templates: Vec<TemplateFile>,
    /// Static files, by output path; the site's file where it has one.
    pub static_files: Vec<StaticFile>,
    /// What was skipped while reading the theme and the site's own files (links not
    /// followed, …).
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// Loads `themes/<theme>/` from the site, or the built-in default theme, then the site's
    /// `templates/` and `static/` on top.
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let gate = crate::symlinks::Gate::new(config);
        let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
        let mut statics: BTreeMap<String, StaticFile> = BTreeMap::new();

        let mut errors = Vec::new();
        let theme_dir = config.theme_dir();
        if theme_dir.is_dir() {
            read_tree(
                &theme_dir.join("templates"),
                &gate,
                &mut diagnostics,
                |name, path, bytes| {
                    add_template(&mut templates, name, path, bytes, &mut errors);
                },
            );
            for (name, path) in list_files(&theme_dir.join("static"), &gate, &mut diagnostics) {
                statics.insert(
                    name.clone(),
                    StaticFile {
                        output: name,
                        source: StaticSource::Disk(path),
                        from_site: false,
                    },
                );
            }
        } else if config.build.theme == "default" {
            for (rel, bytes) in embedded::DEFAULT_THEME {
                if let Some(name) = rel.strip_prefix("templates/") {
                    let path = PathBuf::from("<built-in theme>").join(rel);
                    match std::str::from_utf8(bytes) {
                        Ok(text) => {
                            templates.insert(
                                name.to_string(),
                                TemplateFile {
                                    name: name.to_string(),
                                    path,
                                    text: text.to_string(),
                                },
                            );
                        }
                        Err(_) => diagnostics.push(
                            Diagnostic::error("template", "template is not valid UTF-8")
                                .in_file(path),
                        ),
                    }
                } else if let Some(name) = rel.strip_prefix("static/") {
                    statics.insert(
                        name.to_string(),
                        StaticFile {
                            output: name.to_string(),
                            source: StaticSource::Embedded(bytes),
                            from_site: false,
                        },
                    );
                }
            }
        } else {
            return Err(vec![
                Diagnostic::error(
                    "config",
                    format!("theme `{}` not found: no folder {}", config.build.theme, theme_dir.display()),
                )
                .in_file(&config.file)
                .help("create the theme folder, or remove `theme` from [build] to use the built-in default theme"),
            ]);
        }

        // The site's own overrides.
        read_tree(
            &config.templates_dir(),
            &gate,
            &mut diagnostics,
            |name, path, bytes| {
                add_template(&mut templates, name, path, bytes, &mut errors);
            },
        );
        diagnostics.append(&mut errors);
        for (name, path) in list_files(&config.static_dir(), &gate, &mut diagnostics) {
            statics.insert(
                name.clone(),
                StaticFile {
                    output: name,
                    source: StaticSource::Disk(path),
                    from_site: true,
                },
            );
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok(Theme {
            templates: templates.into_values().collect(),
            static_files: statics.into_values().collect(),
            warnings: diagnostics,
        })
    }
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
            Diagnostic::error("template", "template is not valid UTF-8")
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
                Diagnostic::error("io", format!("cannot read template: {err}")).in_file(&path),
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
                Diagnostic::error("io", format!("cannot read: {err}"))
                    .in_file(err.path().unwrap_or(dir)),
            ),
        }
    }
    out
}
