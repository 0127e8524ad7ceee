//! Content contracts: book.toml can declare, per section (a glob over content paths), what the
//! front matter of its pages must hold — required keys, value types, allowed values, an id
//! pattern and required relations. Checking a page is a pure function of its document.
//!
//! ```toml
//! [[schemas]]
//! sections = "operations/**"
//! required = ["id", "risk_level"]
//! id-pattern = '^OPS\d\d-BP\d\d$'
//! required-relations = ["related"]
//! [schemas.keys.risk_level]
//! type = "string"
//! enum = ["High", "Medium", "Low"]
//! ```

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;

use crate::content::Document;
use crate::content::front_matter::Field;
use crate::diagnostics::{Code, Diagnostic};

/// One `[[schemas]]` table, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Schema {
    /// Globs over content paths (`operations/**`) of the pages the schema applies to.
    #[serde(deserialize_with = "one_or_many")]
    pub sections: Vec<String>,
    /// Keys every page must have.
    #[serde(default)]
    pub required: Vec<String>,
    /// Rules for the values of keys, when present.
    #[serde(default)]
    pub keys: BTreeMap<String, KeyRule>,
    /// A regular expression every page's id must match (a page without an id fails it).
    #[serde(default)]
    pub id_pattern: Option<String>,
    /// Relation kinds every page must use at least once (reported as warnings).
    #[serde(default)]
    pub required_relations: Vec<String>,
}

/// Rules for one key's value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KeyRule {
    /// The value's type.
    #[serde(rename = "type", default)]
    pub kind: Option<ValueType>,
    /// Allowed values, compared ignoring case (each item, for lists).
    #[serde(rename = "enum", default)]
    pub allowed: Vec<String>,
    /// A regular expression text values must match.
    #[serde(default)]
    pub pattern: Option<String>,
}

/// The types a schema can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueType {
    /// Text.
    String,
    /// A whole number.
    Int,
    /// Any number.
    Number,
    /// true or false.
    Bool,
    /// A date, in the forms front matter accepts.
    Date,
    /// A list.
    List,
    /// A map of keys to values.
    Map,
}

impl ValueType {
    fn name(self) -> &'static str {
        match self {
            ValueType::String => "text",
            ValueType::Int => "a whole number",
            ValueType::Number => "a number",
            ValueType::Bool => "true or false",
            ValueType::Date => "a date",
            ValueType::List => "a list",
            ValueType::Map => "a map",
        }
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// A schema with its globs and patterns compiled.
#[derive(Debug, Clone)]
pub struct CompiledSchema {
    /// The schema as written.
    pub schema: Schema,
    sections: GlobSet,
    id_pattern: Option<Regex>,
    patterns: BTreeMap<String, Regex>,
}

/// What is wrong in a schema, and where: the key path inside its `[[schemas]]` table
/// (`["keys", "risk", "pattern"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// What is wrong.
    pub message: String,
    /// The keys leading to the value at fault, from the schema's table.
    pub at: Vec<String>,
}

impl SchemaError {
    fn new(message: String, at: &[&str]) -> SchemaError {
        SchemaError {
            message,
            at: at.iter().map(|k| k.to_string()).collect(),
        }
    }
}

impl Schema {
    /// Compiles globs and regular expressions, or says which one is wrong.
    pub fn compile(&self) -> Result<CompiledSchema, SchemaError> {
        let mut globs = GlobSetBuilder::new();
        for (i, pattern) in self.sections.iter().enumerate() {
            let glob = Glob::new(pattern.trim_start_matches('/')).map_err(|e| {
                let at = i.to_string();
                let path: &[&str] = if self.sections.len() > 1 {
                    &["sections", &at]
                } else {
                    &["sections"]
                };
                SchemaError::new(format!("invalid section glob `{pattern}`: {e}"), path)
            })?;
            globs.add(glob);
        }
        let sections = globs
            .build()
            .map_err(|e| SchemaError::new(format!("invalid section globs: {e}"), &["sections"]))?;
        let id_pattern = match &self.id_pattern {
            Some(p) => Some(Regex::new(p).map_err(|e| {
                SchemaError::new(format!("invalid `id-pattern`: {e}"), &["id-pattern"])
            })?),
            None => None,
        };
        let mut patterns = BTreeMap::new();
        for (key, rule) in &self.keys {
            if let Some(p) = &rule.pattern {
                let re = Regex::new(p).map_err(|e| {
                    SchemaError::new(
                        format!("invalid pattern for `{key}`: {e}"),
                        &["keys", key, "pattern"],
                    )
                })?;
                patterns.insert(key.clone(), re);
            }
        }
        Ok(CompiledSchema {
            schema: self.clone(),
            sections,
            id_pattern,
            patterns,
        })
    }
}

impl CompiledSchema {
    /// Whether the schema applies to a page at this content path (`operations/ops01/x.md`).
    pub fn applies_to(&self, rel_path: &str) -> bool {
        self.sections.is_match(rel_path)
    }

    /// Every violation of this schema by one page.
    pub fn check(&self, doc: &Document) -> Vec<Diagnostic> {
        let mut out = self.missing_keys(doc);
        for (key, rule) in &self.schema.keys {
            if let Some(field) = doc.front.field(key) {
                out.extend(self.check_value(doc, key, rule, &field));
            }
        }
        out.extend(self.check_id(doc));
        out.extend(self.missing_relations(doc));
        out
    }

    /// The required keys the page does not set (an id found by pattern counts as `id`).
    fn missing_keys(&self, doc: &Document) -> Vec<Diagnostic> {
        let front = &doc.front;
        let mut out = Vec::new();
        for key in &self.schema.required {
            if front.field(key).is_none() && !(key.eq_ignore_ascii_case("id") && doc.id.is_some()) {
                let d =
                    Diagnostic::error(Code::Schema, format!("missing required key `{key}`")).help(
                        format!("pages in {} must set `{key}`", self.sections_text()),
                    );
                out.push(doc.at_front_matter(d));
            }
        }
        out
    }

    /// What is wrong with the value of `key`: its type, else each text that is not an allowed
    /// value or does not match the key's pattern.
    fn check_value(
        &self,
        doc: &Document,
        key: &str,
        rule: &KeyRule,
        field: &Field<'_>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Some(kind) = rule.kind
            && !field.is_of(kind)
        {
            let d = Diagnostic::error(
                Code::Schema,
                format!(
                    "`{key}` must be {}, found {}",
                    kind.name(),
                    field.kind_name()
                ),
            )
            .help(format!(
                "pages in {} give `{key}` as {}",
                self.sections_text(),
                kind.name()
            ));
            out.push(doc.at_key(d, key));
            return out;
        }
        let texts = field.texts();
        if !rule.allowed.is_empty() {
            for text in &texts {
                if !rule.allowed.iter().any(|a| a.eq_ignore_ascii_case(text)) {
                    let d = Diagnostic::error(
                        Code::Schema,
                        format!("`{key}` is `{text}`, which is not an allowed value"),
                    )
                    .help(format!("allowed values: {}", rule.allowed.join(", ")));
                    out.push(doc.at_key(d, key));
                }
            }
        }
        if let Some(re) = self.patterns.get(key) {
            for text in &texts {
                if !re.is_match(text) {
                    let d = Diagnostic::error(
                        Code::Schema,
                        format!(
                            "`{key}` is `{text}`, which does not match `{}`",
                            re.as_str()
                        ),
                    )
                    .help(format!("write `{key}` in the form `{}`", re.as_str()));
                    out.push(doc.at_key(d, key));
                }
            }
        }
        out
    }

    /// The page's id against the schema's `id-pattern`, when it has one.
    fn check_id(&self, doc: &Document) -> Option<Diagnostic> {
        let re = self.id_pattern.as_ref()?;
        match &doc.id {
            Some(id) if re.is_match(id) => None,
            Some(id) => {
                let d = Diagnostic::error(
                    Code::Schema,
                    format!("id `{id}` does not match `{}`", re.as_str()),
                )
                .help(format!(
                    "ids in {} have the form `{}`",
                    self.sections_text(),
                    re.as_str()
                ));
                Some(doc.at_key(d, "id"))
            }
            None => {
                let d = Diagnostic::error(Code::Schema, "this page has no id").help(format!(
                    "set `id:` in the front matter; ids here match `{}`",
                    re.as_str()
                ));
                Some(doc.at_front_matter(d))
            }
        }
    }

    /// The relations the schema expects that the page does not use (warnings).
    fn missing_relations(&self, doc: &Document) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for relation in &self.schema.required_relations {
            let used = doc
                .front
                .relations
                .iter()
                .any(|(name, items)| name == relation && !items.is_empty());
            if !used {
                let d = Diagnostic::warning(
                    Code::MissingRelation,
                    format!("this page has no `{relation}` links"),
                )
                .help(format!(
                    "pages in {} are expected to list `{relation}: [ID, …]`",
                    self.sections_text()
                ));
                out.push(doc.at_front_matter(d));
            }
        }
        out
    }

    fn sections_text(&self) -> String {
        self.schema
            .sections
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Field<'_> {
    fn is_of(&self, kind: ValueType) -> bool {
        use crate::yaml::Value as Y;
        match (self, kind) {
            (Field::Text(_), ValueType::String) => true,
            (Field::Int(_), ValueType::Int | ValueType::Number) => true,
            (Field::Bool(_), ValueType::Bool) => true,
            (Field::Date(_), ValueType::Date) => true,
            (Field::List(_), ValueType::List) => true,
            (Field::Yaml(Y::String(_)), ValueType::String) => true,
            (Field::Yaml(Y::String(s)), ValueType::Date) => {
                crate::content::date::Date::parse(s).is_ok()
            }
            (Field::Yaml(Y::Integer(_)), ValueType::Int) => true,
            (Field::Yaml(Y::Integer(_) | Y::Float(_)), ValueType::Number) => true,
            (Field::Yaml(Y::Bool(_)), ValueType::Bool) => true,
            (Field::Yaml(Y::Sequence(_)), ValueType::List) => true,
            (Field::Yaml(Y::Mapping(_)), ValueType::Map) => true,
            _ => false,
        }
    }
}
