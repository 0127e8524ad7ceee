//! `data/`: YAML, TOML and JSON files beside `content/`, read once per build and given to
//! every template as `data` (Hugo's `.Site.Data`). A file's name without its extension is
//! its key and folders nest: `data/team/leads.yaml` is `data.team.leads`. Maps come out
//! sorted by key, as Hugo ranges over them.
//!
//! A file that does not parse is an error at its line and column; a file and a folder (or two
//! files) giving the same key are an error naming both. Other files are skipped with a
//! warning; hidden files and editor backups silently.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use walkdir::WalkDir;

use crate::config::{Config, shown_path};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::yaml::Value as YamlValue;

/// The site's data files as one value: a map from key to file contents or folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    /// The whole tree, as templates see it.
    pub value: Json,
}

impl Default for Data {
    fn default() -> Data {
        Data {
            value: Json::Object(serde_json::Map::new()),
        }
    }
}

impl Data {
    /// The value templates get as `data`.
    pub fn template_value(&self) -> tera::Value {
        tera::Value::from_serializable(&self.value)
    }
}

/// The site's data folder: `data/` in the site root.
pub(crate) fn dir(config: &Config) -> PathBuf {
    config.root.join("data")
}

/// A key's source while the tree is built.
enum Slot {
    File(PathBuf, Json),
    Folder(PathBuf, BTreeMap<String, Slot>),
}

/// Reads every data file of the site, with every problem found. A site without `data/` has
/// an empty map.
pub(crate) fn load(config: &Config) -> (Data, Vec<Diagnostic>) {
    let root = dir(config);
    let mut diagnostics = Vec::new();
    if !root.is_dir() {
        return (Data::default(), diagnostics);
    }
    let mut tree: BTreeMap<String, Slot> = BTreeMap::new();
    let gate = crate::symlinks::Gate::new(config);
    let mut walker = WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = shown_path(err.path().unwrap_or(&root));
                diagnostics.push(
                    Diagnostic::error(Code::Data, format!("cannot read the data folder: {err}"))
                        .in_file(path),
                );
                continue;
            }
        };
        if let Some(refused) = gate.refuse(&entry) {
            diagnostics.push(refused);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let hidden = entry
            .file_name()
            .to_str()
            .is_none_or(crate::content::is_hidden_name);
        if entry.file_type().is_dir() {
            if hidden {
                walker.skip_current_dir();
            }
            continue;
        }
        if hidden {
            continue;
        }
        let shown = shown_path(entry.path());
        // A FIFO or a device would block the read, or never end it.
        if !entry.file_type().is_file() {
            diagnostics.push(
                Diagnostic::warning(Code::SpecialFile, "skipped: not a regular file")
                    .in_file(&shown)
                    .help("the data folder may hold only regular files, folders and links to them"),
            );
            continue;
        }
        let Some(format) = Format::of(entry.path()) else {
            diagnostics.push(
                Diagnostic::warning(Code::Data, "skipped: not a data file")
                    .in_file(&shown)
                    .help("data files end in .yaml, .yml, .toml or .json"),
            );
            continue;
        };
        let Some(keys) = keys_of(&root, entry.path()) else {
            diagnostics.push(
                Diagnostic::error(Code::Data, "data file names must be valid UTF-8")
                    .in_file(&shown),
            );
            continue;
        };
        match read(entry.path(), &shown, format) {
            Ok(value) => insert(&mut tree, &root, &keys, shown, value, &mut diagnostics),
            Err(d) => diagnostics.push(*d),
        }
    }
    let value = Json::Object(
        tree.into_iter()
            .map(|(key, slot)| (key, into_json(slot)))
            .collect(),
    );
    (Data { value }, diagnostics)
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// `data/team/leads.yaml` → `["team", "leads"]`.
fn keys_of(root: &Path, path: &Path) -> Option<Vec<String>> {
    let rel = path.strip_prefix(root).ok()?;
    let mut keys: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    let last = keys.pop()?;
    let stem = Path::new(&last).file_stem()?.to_str()?.to_string();
    keys.push(stem);
    Some(keys)
}

/// Puts one file's value at its keys, reporting a key given twice.
fn insert(
    tree: &mut BTreeMap<String, Slot>,
    root: &Path,
    keys: &[String],
    file: PathBuf,
    value: Json,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (last, folders) = keys.split_last().expect("a file has a name");
    let mut level = tree;
    let mut folder = root.to_path_buf();
    for (depth, name) in folders.iter().enumerate() {
        folder.push(name);
        let slot = level
            .entry(name.clone())
            .or_insert_with(|| Slot::Folder(shown_path(&folder), BTreeMap::new()));
        level = match slot {
            Slot::Folder(_, children) => children,
            Slot::File(other, _) => {
                let folder = shown_path(&folder);
                diagnostics.push(both(other, &folder, true, &keys[..=depth]));
                return;
            }
        };
    }
    match level.entry(last.clone()) {
        Entry::Vacant(slot) => {
            slot.insert(Slot::File(file, value));
        }
        Entry::Occupied(slot) => diagnostics.push(match slot.get() {
            Slot::File(other, _) => both(other, &file, false, keys),
            Slot::Folder(other, _) => both(&file, other, true, keys),
        }),
    }
}

/// Two sources of one key: `first` (a file, where the error points) and `second` (a file,
/// or with `folder` a folder).
fn both(first: &Path, second: &Path, folder: bool, keys: &[String]) -> Diagnostic {
    let what = if folder { "the folder " } else { "" };
    Diagnostic::error(
        Code::Data,
        format!(
            "{} and {what}{} both give `data.{}`",
            first.display(),
            second.display(),
            keys.join(".")
        ),
    )
    .in_file(first)
    .help("rename one of them, or move the file into the folder")
}

fn into_json(slot: Slot) -> Json {
    match slot {
        Slot::File(_, value) => value,
        Slot::Folder(_, children) => Json::Object(
            children
                .into_iter()
                .map(|(key, slot)| (key, into_json(slot)))
                .collect(),
        ),
    }
}

/// Reads and parses one data file.
fn read(path: &Path, shown: &Path, format: Format) -> Result<Json, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|err| {
        Box::new(
            Diagnostic::error(Code::Io, format!("cannot read data file: {err}")).in_file(shown),
        )
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|err| {
        let valid = std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or_default();
        let loc = Location::of_offset(valid, valid.len(), 1);
        Box::new(
            Diagnostic::error(Code::Encoding, "data file is not valid UTF-8")
                .at_location(shown, &loc)
                .help("save the file with UTF-8 encoding"),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let failed = |message: String, location: Location, help: &str| {
        Box::new(
            Diagnostic::error(Code::Data, message)
                .at_location(shown, &location)
                .help(help.to_string()),
        )
    };
    match format {
        Format::Yaml => {
            if text.trim().is_empty() {
                return Ok(Json::Null);
            }
            crate::yaml::parse(text).map(from_yaml).map_err(|err| {
                let location = match err.offset {
                    Some(offset) => Location::of_offset(text, offset, 1),
                    None => Location::of_line(text, 1, 1),
                };
                failed(
                    format!("invalid YAML: {}", err.problem),
                    location,
                    "quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`",
                )
            })
        }
        Format::Toml => toml::from_str::<toml::Table>(text)
            .map(|table| from_toml(toml::Value::Table(table)))
            .map_err(|err| {
                let location = match err.span() {
                    Some(span) => Location::of_offset(text, span.start, 1),
                    None => Location::of_line(text, 1, 1),
                };
                failed(
                    format!("invalid TOML: {}", err.message().trim()),
                    location,
                    "write one `key = value` per line, e.g. `name = \"Ada\"`",
                )
            }),
        Format::Json => serde_json::from_str::<Json>(text).map_err(|err| {
            let mut location = Location::of_line(text, err.line().max(1), 1);
            location.column = err.column().max(1);
            location.caret = location.column;
            failed(
                format!("invalid JSON: {}", without_position(&err.to_string())),
                location,
                "check for a missing comma or quote, or a comma after the last item",
            )
        }),
    }
}

/// A parser's message without its trailing "at line L column C".
fn without_position(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |i| &message[..i])
        .trim()
}

/// YAML values in the JSON model: keys become text, tags are dropped.
fn from_yaml(value: YamlValue) -> Json {
    match value {
        YamlValue::Null => Json::Null,
        YamlValue::Bool(b) => Json::Bool(b),
        YamlValue::Integer(i) => match (i64::try_from(i), u64::try_from(i)) {
            (Ok(i), _) => Json::from(i),
            (_, Ok(u)) => Json::from(u),
            _ => Json::Null,
        },
        YamlValue::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        YamlValue::String(s) => Json::String(s),
        YamlValue::Sequence(items) => Json::Array(items.into_iter().map(from_yaml).collect()),
        YamlValue::Mapping(map) => Json::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), from_yaml(v)))
                .collect(),
        ),
        YamlValue::Tagged(tagged) => from_yaml(tagged.value),
    }
}

fn yaml_key(key: YamlValue) -> String {
    match key {
        YamlValue::String(s) => s,
        YamlValue::Null => "null".to_string(),
        other => match other.scalar_text() {
            Some(text) => text,
            None => other.to_yaml().trim().to_string(),
        },
    }
}

/// TOML values in the JSON model: dates become text.
fn from_toml(value: toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => {
            Json::Object(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}
