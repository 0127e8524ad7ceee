//! Shortcode templates: `templates/shortcodes/NAME.html` of the site, then of its theme, then
//! praxis's built-ins ([`BUILT_IN`]), rendered while content is read. Each gets `name`,
//! `args` (named arguments), `positional`, `inner` (and Zola's name for it, `body`), `page`
//! (the page's front matter), `nth`, `ordinal` and `parent`, beside the `config` and `data`
//! every template has. `param` is done here too: a page's front-matter value, else the
//! site's `[extra]` one.

use tera::{Context, Value};

use super::templates::Engine;
use super::values::MapBuilder;
use crate::config::Config;
use crate::content::shortcodes::{PageFacts, SiteShortcodes};
use crate::markdown::expand::{Expansion, Invocation, Refusal, Shortcodes};
use crate::markdown::shortcodes::{self as syntax, Arg, Call};
use crate::yaml::Value as YamlValue;

/// praxis's own shortcode templates, by name. A site or theme template of the same name
/// replaces one.
pub(crate) const BUILT_IN: &[(&str, &str)] = &[
    ("alert", include_str!("shortcodes/alert.html")),
    ("details", include_str!("shortcodes/details.html")),
    ("figure", include_str!("shortcodes/figure.html")),
    ("note", include_str!("shortcodes/note.html")),
    ("tab", include_str!("shortcodes/tab.html")),
    ("tabs", include_str!("shortcodes/tabs.html")),
];

/// Built-ins whose inner text is markdown whichever form calls them.
const TAKE_MARKDOWN: &[&str] = &["alert", "details", "note", "tab"];

/// Where a shortcode's template lives among the engine's templates.
pub(crate) fn template_name(name: &str) -> String {
    format!("shortcodes/{name}.html")
}

/// The site's shortcodes, for the content stage.
pub(crate) struct Host<'e> {
    engine: &'e Engine,
    config: &'e Config,
}

impl<'e> Host<'e> {
    pub(crate) fn new(engine: &'e Engine, config: &'e Config) -> Host<'e> {
        Host { engine, config }
    }
}

impl SiteShortcodes for Host<'_> {
    fn for_page<'a>(&'a self, page: PageFacts<'a>) -> Option<Box<dyn Shortcodes + 'a>> {
        Some(Box::new(PageHost {
            host: self,
            page,
            value: std::cell::OnceCell::new(),
        }))
    }
}

/// The shortcodes one page calls.
struct PageHost<'a> {
    host: &'a Host<'a>,
    page: PageFacts<'a>,
    /// `page`, built when a template first needs it.
    value: std::cell::OnceCell<Value>,
}

impl std::fmt::Debug for PageHost<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageHost")
            .field("page", &self.page.rel_path)
            .finish_non_exhaustive()
    }
}

impl Shortcodes for PageHost<'_> {
    fn overrides(&self, name: &str) -> bool {
        self.host.engine.own_shortcode(name)
    }

    fn defines(&self, name: &str) -> bool {
        name == "param" || self.host.engine.has(&template_name(name))
    }

    fn takes_markdown(&self, name: &str) -> bool {
        TAKE_MARKDOWN.contains(&name) && !self.overrides(name)
    }

    fn expand(&self, call: &Invocation<'_>) -> Result<Expansion, Refusal> {
        if call.call.name == "param" && !self.overrides("param") {
            return self.param(call.call).map(Expansion::Html);
        }
        let name = template_name(&call.call.name);
        let ctx = self.context(call);
        self.host
            .engine
            .tera
            .render(&name, &ctx)
            .map(Expansion::Html)
            .map_err(|err| {
                let d = self.host.engine.diagnostic(&err, &name);
                let place = match (&d.path, d.line) {
                    (Some(path), Some(line)) => format!("{}:{line}", path.display()),
                    (Some(path), None) => path.display().to_string(),
                    _ => name.clone(),
                };
                Refusal {
                    message: format!("shortcode `{}` failed: {}", call.call.name, d.message),
                    help: d.help,
                    note: Some(format!("in the template {place}")),
                }
            })
    }

    fn unknown(&self, name: &str) -> Refusal {
        let path = self.host.config.templates_dir().join(template_name(name));
        Refusal {
            message: format!("unknown shortcode `{name}`: shown as text"),
            help: Some(format!(
                "define it in {}, or write `{{{{</* {name} */>}}}}` to show the call as text",
                crate::config::shown_path(&path).display()
            )),
            note: None,
        }
    }
}

impl PageHost<'_> {
    /// What the template is given.
    fn context(&self, call: &Invocation<'_>) -> Context {
        let mut ctx = Context::new();
        // Zola's templates read their arguments by name (`{{ id }}`); the names below win.
        for arg in &call.call.args {
            if let Some(name) = &arg.name {
                ctx.insert_value(name.clone(), value(&arg.value));
            }
        }
        ctx.insert_value("name", Value::from(call.call.name.as_str()));
        let (args, positional) = arguments(&call.call.args);
        ctx.insert_value("args", args);
        ctx.insert_value("positional", positional);
        if let Some(inner) = call.inner {
            ctx.insert_value("inner", Value::safe_string(inner));
            ctx.insert_value("body", Value::safe_string(inner));
        }
        let page = self.value.get_or_init(|| page_value(&self.page));
        ctx.insert_value("page", page.clone());
        ctx.insert_value("nth", Value::from(call.nth as i64));
        ctx.insert_value("ordinal", Value::from(call.ordinal as i64));
        if let Some((parent, nth)) = call.parent {
            ctx.insert_value("parent", parent_value(parent, nth));
        }
        ctx
    }

    /// `{{< param "key" >}}`: the page's front-matter value (dotted keys reach into maps),
    /// else the site's `[extra]` one, as text.
    fn param(&self, call: &Call) -> Result<String, Refusal> {
        let key = call
            .args
            .first()
            .map(|a| crate::markdown::expand::text_of(&a.value))
            .unwrap_or_default();
        if key.is_empty() {
            return Err(Refusal {
                message: "`param` needs the name of a front-matter key".into(),
                help: Some("write `{{< param \"author\" >}}`".into()),
                note: None,
            });
        }
        if let Some(text) = self.known_param(&key) {
            return Ok(crate::text::escape_html(&text));
        }
        let page = YamlValue::Mapping(self.page.front.extra.clone());
        let site = crate::yaml::to_value(&self.host.config.extra);
        let found = lookup(&page, &key).or_else(|| lookup(&site, &key));
        match found {
            Some(value) => Ok(crate::text::escape_html(&yaml_text(value))),
            None => Err(Refusal {
                message: format!("`param`: neither the page nor the site sets `{key}`"),
                help: Some(format!(
                    "set `{key}` in the page's front matter or under [extra] in book.toml"
                )),
                note: None,
            }),
        }
    }
}

impl PageHost<'_> {
    /// A front-matter key praxis reads itself (`title`, `date`, a taxonomy…), as text.
    fn known_param(&self, key: &str) -> Option<String> {
        let front = self.page.front;
        let key = key.to_ascii_lowercase();
        match key.as_str() {
            "title" => self.page.title.map(String::from),
            "description" => front.description.clone(),
            "id" => front.id.clone(),
            "slug" => front.slug.clone(),
            "weight" => front.weight.map(|w| w.to_string()),
            "date" => front.date.map(|d| d.to_string()),
            _ => front
                .taxonomies
                .iter()
                .find(|list| list.key.eq_ignore_ascii_case(&key))
                .map(|list| list.terms.join(", ")),
        }
    }
}

/// A dotted key's value in a YAML map (`author.name`), its first part compared without
/// regard to case as Hugo does.
fn lookup<'v>(value: &'v YamlValue, key: &str) -> Option<&'v YamlValue> {
    key.split('.').try_fold(value, |value, part| {
        let map = value.as_mapping()?;
        map.get(part).or_else(|| {
            map.iter()
                .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(part)))
                .map(|(_, v)| v)
        })
    })
}

/// A YAML value as text: scalars as written, lists joined by commas.
fn yaml_text(value: &YamlValue) -> String {
    match value {
        YamlValue::Sequence(items) => items.iter().map(yaml_text).collect::<Vec<_>>().join(", "),
        YamlValue::Tagged(tagged) => yaml_text(&tagged.value),
        scalar => scalar.scalar_text().unwrap_or_default(),
    }
}

/// The named arguments as a map and the positional ones as a list.
fn arguments(args: &[Arg]) -> (Value, Value) {
    let mut named = MapBuilder::with_capacity(args.len());
    let mut positional = Vec::new();
    for arg in args {
        match &arg.name {
            Some(name) => named = named.put_owned(name.clone(), value(&arg.value)),
            None => positional.push(value(&arg.value)),
        }
    }
    (named.build(), Value::from(positional))
}

fn value(value: &syntax::Value) -> Value {
    match value {
        syntax::Value::Str(s) => Value::from(s.as_str()),
        syntax::Value::Int(i) => Value::from(*i),
        syntax::Value::Float(f) => Value::from(*f),
        syntax::Value::Bool(b) => Value::from(*b),
        syntax::Value::Array(items) => {
            Value::from(items.iter().map(self::value).collect::<Vec<_>>())
        }
    }
}

fn parent_value(parent: &Call, nth: usize) -> Value {
    let (args, positional) = arguments(&parent.args);
    MapBuilder::with_capacity(4)
        .put("name", parent.name.as_str())
        .put("args", args)
        .put("positional", positional)
        .put("nth", nth as i64)
        .build()
}

/// `page`: what is known of the page while it is read.
fn page_value(page: &PageFacts<'_>) -> Value {
    let front = page.front;
    let taxonomies = front.taxonomies.iter().fold(
        MapBuilder::with_capacity(front.taxonomies.len()),
        |map, list| map.put_owned(list.taxonomy.clone(), list.terms.clone()),
    );
    MapBuilder::with_capacity(10)
        .put_opt("title", page.title)
        .put_opt("description", front.description.as_deref())
        .put_opt("id", front.id.as_deref())
        .put_opt("date", front.date.map(|d| d.to_string()))
        .put_opt("weight", front.weight)
        .put("draft", front.draft)
        .put("path", page.rel_path)
        .put("extra", Value::from_serializable(&front.extra))
        .put("params", Value::from_serializable(&front.extra))
        .put("taxonomies", taxonomies.build())
        .build()
}
