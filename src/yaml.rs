//! YAML values and parsing: praxis's own value type for front matter, cascades and data
//! files, and the only module that names `serde_yaml`. Everything else sees [`Value`],
//! [`Mapping`] and [`Error`], so the parser could change without the front-matter API, the
//! template values or the schema noticing.
//!
//! A [`Value`] is what serde_yaml reads, kept as it reads it: mappings in the order written,
//! keys of any kind (a `1:` key stays a number), tagged values (`!x 5`) with their tag.
//! Serialized (into Tera values, for `page.extra`), it gives what serde_yaml's own value did.
//!
//! ```
//! use praxis::yaml::{self, Value};
//! let value = yaml::parse("title: Hi\ntags: [a, b]\n").unwrap();
//! let map = value.as_mapping().unwrap();
//! assert_eq!(map.get("title").and_then(Value::as_str), Some("Hi"));
//! assert_eq!(map.get("tags").and_then(Value::as_sequence).map(Vec::len), Some(2));
//! ```

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A YAML value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// `~`, `null` or nothing.
    #[default]
    Null,
    /// `true`, `false`.
    Bool(bool),
    /// A whole number; serde_yaml reads them into an `i64` or a `u64`, and this holds both.
    Integer(i128),
    /// Any other number (`1.5`, `1e3`, `.inf`, `.nan`).
    Float(f64),
    /// Text.
    String(String),
    /// A list.
    Sequence(Vec<Value>),
    /// A map, in the order written.
    Mapping(Mapping),
    /// A value with a tag (`!x 5`).
    Tagged(Box<Tagged>),
}

/// A tagged value: `!x 5`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The tag, with its `!`.
    pub tag: String,
    /// The value it tags.
    pub value: Value,
}

/// A YAML map: entries in the order written. Parsed maps never repeat a key; looking one up
/// is a scan, which for front matter's handful of keys is cheaper than hashing them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping(Vec<(Value, Value)>);

impl PartialEq for Value {
    /// As serde_yaml compares: one NaN equals another (YAML has only one).
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Integer(a), Value::Integer(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Sequence(a), Value::Sequence(b)) => a == b,
            (Value::Mapping(a), Value::Mapping(b)) => a == b,
            (Value::Tagged(a), Value::Tagged(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    /// The text, when this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The whole number, when this is one that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => i64::try_from(*i).ok(),
            _ => None,
        }
    }

    /// The items, when this is a list.
    pub fn as_sequence(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The map, when this is one.
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self {
            Value::Mapping(map) => Some(map),
            _ => None,
        }
    }

    /// Whether this is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A scalar as text: text itself, numbers as YAML writes them (`1.5`, `.inf`), booleans
    /// as `true`/`false`; `None` for null, lists, maps and tagged values.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Float(f) => Some(float_text(*f)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The value as a YAML document (serde_yaml's writing), for messages.
    pub fn to_yaml(&self) -> String {
        serde_yaml::to_string(&to_serde(self)).unwrap_or_default()
    }
}

/// A float as YAML writes it: `1.5`, `1000.0`, `1e20`, `.inf`, `-.inf`, `.nan`.
fn float_text(f: f64) -> String {
    serde_yaml::Number::from(f).to_string()
}

impl Mapping {
    /// An empty map.
    pub fn new() -> Mapping {
        Mapping(Vec::new())
    }

    /// An empty map with room for `n` entries.
    pub fn with_capacity(n: usize) -> Mapping {
        Mapping(Vec::with_capacity(n))
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of the text key `key` (exact spelling).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// Sets `key` to `value`: in place when the key is there, else at the end. A scan.
    pub fn insert(&mut self, key: Value, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    /// Adds an entry at the end, for a key the caller knows is not there yet.
    pub fn push(&mut self, key: Value, value: Value) {
        self.0.push((key, value));
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(k, _)| k)
    }
}

impl FromIterator<(Value, Value)> for Mapping {
    /// Entries whose keys do not repeat (a parser's).
    fn from_iter<I: IntoIterator<Item = (Value, Value)>>(iter: I) -> Mapping {
        Mapping(iter.into_iter().collect())
    }
}

impl IntoIterator for Mapping {
    type Item = (Value, Value);
    type IntoIter = std::vec::IntoIter<(Value, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = (&'a Value, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Value, Value)>,
        fn(&'a (Value, Value)) -> (&'a Value, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for Value {
    /// As serde_yaml's value serializes: whole numbers from 0 up as `u64`, below as `i64`,
    /// a tagged value as a one-entry map from its tag to its value.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Integer(i) => match u64::try_from(*i) {
                Ok(u) => serializer.serialize_u64(u),
                Err(_) => serializer.serialize_i64(i64::try_from(*i).unwrap_or(i64::MIN)),
            },
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::String(s) => serializer.serialize_str(s),
            Value::Sequence(items) => items.serialize(serializer),
            Value::Mapping(map) => map.serialize(serializer),
            Value::Tagged(tagged) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry(&tagged.tag, &tagged.value)?;
                map.end()
            }
        }
    }
}

impl Serialize for Mapping {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// What went wrong reading a YAML text. serde_yaml 0.9 gives the problem's position
/// ([`serde_yaml::Error::location`]) but neither its kind nor the position of the construct
/// it was reading; those it only writes into its message, which is read here and nowhere
/// else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What is wrong, without a position: `did not find expected ',' or ']'`.
    pub problem: String,
    /// What the parser was reading, without a position: `parsing a flow sequence`.
    pub context: Option<String>,
    /// The byte offset of the problem in the text.
    pub offset: Option<usize>,
    /// The byte offset where the construct of `context` starts.
    pub context_offset: Option<usize>,
    /// The kind of problem.
    pub kind: ErrorKind,
}

/// The kinds of YAML error praxis explains in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A map repeats this key.
    DuplicateKey(String),
    /// Aliases unroll into more copies than the parser allows (the billion laughs).
    RepetitionLimit,
    /// The text ends inside a construct (an unclosed quote or bracket).
    EndOfStream,
    /// Anything else.
    Other,
}

/// Reads a YAML document.
pub fn parse(text: &str) -> Result<Value, Error> {
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .map(from_serde)
        .map_err(|err| error(&err, text))
}

/// A serializable value (a TOML table, say) as YAML reads it.
pub fn to_value<T: Serialize>(value: &T) -> Value {
    serde_yaml::to_value(value).map_or(Value::Null, from_serde)
}

fn from_serde(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Value::Integer(i.into()),
            (_, Some(u)) => Value::Integer(u.into()),
            _ => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Sequence(items.into_iter().map(from_serde).collect()),
        Y::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(k, v)| (from_serde(k), from_serde(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => Value::Tagged(Box::new(Tagged {
            tag: tagged.tag.to_string(),
            value: from_serde(tagged.value),
        })),
    }
}

fn to_serde(value: &Value) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    match value {
        Value::Null => Y::Null,
        Value::Bool(b) => Y::Bool(*b),
        Value::Integer(i) => match (i64::try_from(*i), u64::try_from(*i)) {
            (_, Ok(u)) => Y::Number(u.into()),
            (Ok(i), _) => Y::Number(i.into()),
            _ => Y::Number((*i as f64).into()),
        },
        Value::Float(f) => Y::Number((*f).into()),
        Value::String(s) => Y::String(s.clone()),
        Value::Sequence(items) => Y::Sequence(items.iter().map(to_serde).collect()),
        Value::Mapping(map) => Y::Mapping(
            map.iter()
                .map(|(k, v)| (to_serde(k), to_serde(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => Y::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new(tagged.tag.clone()),
            value: to_serde(&tagged.value),
        })),
    }
}

/// serde_yaml's error as data. Its message reads "PROBLEM at line L column C, while CONTEXT
/// at line L2 column C2"; the problem's position is known from `location()`, so only that
/// exact suffix is cut, and the context's position is read from the text.
fn error(err: &serde_yaml::Error, text: &str) -> Error {
    let raw = err.to_string();
    let (problem, context) = match raw.split_once(", while ") {
        Some((p, c)) => (p, Some(c)),
        None => (raw.as_str(), None),
    };
    let problem = match err.location() {
        Some(at) => {
            let suffix = format!(" at line {} column {}", at.line(), at.column());
            problem.strip_suffix(&suffix).unwrap_or(problem)
        }
        None => problem,
    };
    let context = context.map(split_mark);
    let kind = if problem.contains("repetition limit exceeded") {
        ErrorKind::RepetitionLimit
    } else if problem.contains("end of stream") {
        ErrorKind::EndOfStream
    } else if let Some(key) = problem
        .strip_prefix("duplicate entry with key \"")
        .and_then(|k| k.strip_suffix('"'))
    {
        ErrorKind::DuplicateKey(key.to_string())
    } else {
        ErrorKind::Other
    };
    Error {
        problem: problem.to_string(),
        context_offset: context
            .as_ref()
            .and_then(|(_, mark)| *mark)
            .map(|(line, column)| mark_offset(text, line, column)),
        context: context.map(|(text, _)| text.to_string()),
        offset: err.location().map(|at| at.index()),
        kind,
    }
}

/// "CONTEXT at line L column C" as the context and its mark.
fn split_mark(text: &str) -> (&str, Option<(usize, usize)>) {
    match text.rsplit_once(" at line ") {
        Some((words, at)) => {
            let mut parts = at.split(" column ");
            let line = parts.next().and_then(|l| l.trim().parse().ok());
            let column = parts.next().and_then(|c| c.trim().parse().ok());
            (words, line.zip(column))
        }
        None => (text, None),
    }
}

/// The byte offset of libyaml's `line` and `column` (1-based, in characters). YAML breaks
/// lines at a lone `\r`, NEL, U+2028 and U+2029 too, which the rest of praxis (and the
/// caret under a source line) does not: counting its lines as `\n`s would point past the
/// end of a file saved with old Mac line endings.
fn mark_offset(text: &str, line: usize, column: usize) -> usize {
    let mut lines_left = line.saturating_sub(1);
    let mut chars = text.char_indices().peekable();
    let mut line_start = 0;
    while lines_left > 0 {
        let Some((i, c)) = chars.next() else {
            return text.len();
        };
        let end = match c {
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {
                chars.next();
                i + 2
            }
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => i + c.len_utf8(),
            _ => continue,
        };
        line_start = end;
        lines_left -= 1;
    }
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_key_kinds_and_tags() {
        let value = parse("b: 1\na: -2\n1: x\nt: !x 5\nf: 1e3\n").unwrap();
        let map = value.as_mapping().unwrap();
        let keys: Vec<&Value> = map.keys().collect();
        assert_eq!(
            keys,
            [
                &Value::String("b".into()),
                &Value::String("a".into()),
                &Value::Integer(1),
                &Value::String("t".into()),
                &Value::String("f".into()),
            ]
        );
        assert_eq!(map.get("a"), Some(&Value::Integer(-2)));
        let Some(Value::Tagged(tagged)) = map.get("t") else {
            panic!("{map:?}")
        };
        assert_eq!(
            (tagged.tag.as_str(), &tagged.value),
            ("!x", &Value::Integer(5))
        );
        assert_eq!(
            map.get("f").unwrap().scalar_text().as_deref(),
            Some("1000.0")
        );
        assert_eq!(value.to_yaml(), "b: 1\na: -2\n1: x\nt: !x 5\nf: 1000.0\n");
    }

    #[test]
    fn serializes_as_serde_yaml_does() {
        let text =
            "a: [1, -1, 1.5, .nan, true, ~, x]\nb: {1: y}\nc: !t z\nd: 18446744073709551615\n";
        let ours = serde_json::to_string(&parse(text).unwrap()).unwrap_or_else(|e| e.to_string());
        let theirs =
            serde_json::to_string(&serde_yaml::from_str::<serde_yaml::Value>(text).unwrap())
                .unwrap_or_else(|e| e.to_string());
        assert_eq!(ours, theirs);
        let no_int_keys = "a: [1, -1, 1.5, true, ~, x]\nc: !t z\nd: 18446744073709551615\n";
        let ours = serde_json::to_string(&parse(no_int_keys).unwrap()).unwrap();
        let theirs =
            serde_json::to_string(&serde_yaml::from_str::<serde_yaml::Value>(no_int_keys).unwrap())
                .unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn errors_carry_their_kind_and_both_positions() {
        let err = parse("a: ok\nb: \"open\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::EndOfStream);
        assert_eq!(err.context.as_deref(), Some("scanning a quoted scalar"));
        assert_eq!(err.context_offset, Some(9));
        assert!(!err.problem.contains(" at line "), "{err:?}");
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.kind, ErrorKind::DuplicateKey("a".into()));
        assert_eq!(err.problem, "duplicate entry with key \"a\"");
    }
}
