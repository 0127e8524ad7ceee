//! The tera engine: the theme's templates compiled once, praxis's own filters, and tera
//! errors turned into diagnostics that name the template file, line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

use tera::{ErrorKind, Kwargs, State, Tera, Value};

use crate::content::date::Date;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::theme::{TemplateFile, Theme};

/// Compiled templates plus what is needed to explain their errors.
pub struct Engine {
    /// The tera instance, ready to render from many threads.
    pub tera: Tera,
    sources: HashMap<String, (PathBuf, String)>,
    /// Names of the shortcodes the site or its theme has a template for.
    own_shortcodes: std::collections::HashSet<String>,
}

/// A rendered template fragment, or why it could not be rendered.
pub(crate) type Fragment = Result<String, Box<Diagnostic>>;

/// One partial's renderings, at most one per slot, kept for the pages that share them and
/// filled in as pages ask for them (from any thread). Empty when the theme lacks the partial.
pub(crate) struct SharedFragments {
    slots: Vec<OnceLock<Fragment>>,
}

impl SharedFragments {
    /// `slots` slots when the theme has template `partial`, none otherwise.
    pub(crate) fn new(engine: &Engine, partial: &str, slots: usize) -> SharedFragments {
        let slots = if engine.has(partial) { slots } else { 0 };
        SharedFragments {
            slots: (0..slots).map(|_| OnceLock::new()).collect(),
        }
    }

    /// No slots at all.
    pub(crate) fn none() -> SharedFragments {
        SharedFragments { slots: Vec::new() }
    }

    /// Whether the theme has the partial.
    pub(crate) fn enabled(&self) -> bool {
        !self.slots.is_empty()
    }

    /// Drops slot `slot`'s fragment, to be rendered again when next asked for.
    pub(crate) fn forget(&mut self, slot: usize) {
        if let Some(cell) = self.slots.get_mut(slot) {
            cell.take();
        }
    }

    /// Slot `slot`'s fragment, rendered by `render` the first time it is asked for.
    pub(crate) fn get(&self, slot: usize, render: impl FnOnce() -> Fragment) -> &Fragment {
        // Kept until every page is written, so kept at its size (a render grows its string
        // by doubling).
        self.slots[slot].get_or_init(|| render().map(|html| html.as_str().to_owned()))
    }
}

/// Templates every theme must have.
pub(crate) const REQUIRED: &[&str] = &[
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "404.html",
];

impl Engine {
    /// Compiles the theme's templates. Every syntax error of every template is reported.
    pub fn new(
        theme: &Theme,
        config_value: Value,
        with_taxonomies: bool,
    ) -> Result<Engine, Vec<Diagnostic>> {
        let sources: HashMap<String, (PathBuf, String)> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), (t.path.clone(), t.text.clone())))
            .collect();
        let own_shortcodes = theme
            .templates
            .iter()
            .filter_map(|t| t.name.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(String::from)
            .collect();
        let mut sources = sources;
        for (name, text) in super::shortcodes::BUILT_IN {
            let name = super::shortcodes::template_name(name);
            let path = PathBuf::from(format!("(praxis built-in) {name}"));
            sources
                .entry(name)
                .or_insert_with(|| (path, text.to_string()));
        }
        let mut engine = Engine {
            tera: Tera::new(),
            sources,
            own_shortcodes,
        };
        let mut errors = Vec::new();
        // Syntax errors first, template by template, so all of them are reported at once.
        for template in &theme.templates {
            let mut scratch = Tera::new();
            if let Err(err) = scratch.add_raw_template(&template.name, &template.text)
                && matches!(err.kind(), ErrorKind::SyntaxError(_))
            {
                errors.push(engine.diagnostic(&err, &template.name));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        register_filters(&mut engine.tera);
        engine.tera.autoescape_on([".html", ".htm", ".xml"]);
        engine.tera.set_escape_fn(escape_markup);
        let built_in: Vec<(String, &str)> = super::shortcodes::BUILT_IN
            .iter()
            .filter(|(name, _)| !engine.own_shortcodes.contains(*name))
            .map(|(name, text)| (super::shortcodes::template_name(name), *text))
            .collect();
        let named: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|t: &TemplateFile| (t.name.as_str(), t.text.as_str()))
            .chain(built_in.iter().map(|(name, text)| (name.as_str(), *text)))
            .collect();
        if let Err(err) = engine.tera.add_raw_templates(named) {
            return Err(engine.build_diagnostics(&err));
        }
        let taxonomy_templates: &[&str] = if with_taxonomies {
            &["taxonomy.html", "term.html"]
        } else {
            &[]
        };
        let missing: Vec<&str> = REQUIRED
            .iter()
            .chain(taxonomy_templates)
            .copied()
            .filter(|name| !engine.tera.contains_template(name))
            .collect();
        if !missing.is_empty() {
            return Err(vec![
                Diagnostic::error(
                    Code::Template,
                    format!("the theme lacks {}", missing.join(", ")),
                )
                .help(
                    "add the missing templates to the theme's templates/ or the site's templates/",
                ),
            ]);
        }
        engine
            .tera
            .global_context()
            .insert_value("config", config_value);
        engine.set_data(&crate::data::Data::default());
        engine.set_strings(&BTreeMap::new());
        Ok(engine)
    }

    /// Explains an error from compiling the templates together. Tera reports unknown
    /// filters, tests, functions, components and includes as ready-made reports
    /// ("error: Unknown filter `x`\n --> page.html:3:22 …"); each becomes a diagnostic at its
    /// template file and line.
    fn build_diagnostics(&self, err: &tera::Error) -> Vec<Diagnostic> {
        let ErrorKind::Msg(text) = err.kind() else {
            return vec![self.diagnostic(err, "")];
        };
        let mut out = Vec::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            let Some(message) = line.strip_prefix("error: ") else {
                continue;
            };
            let place = lines
                .peek()
                .and_then(|next| next.trim_start().strip_prefix("--> "))
                .and_then(parse_place);
            let d = Diagnostic::error(Code::Template, format!("template error: {message}"));
            out.push(
                match place.and_then(|(name, l, c)| Some((self.sources.get(name)?, l, c))) {
                    Some(((path, source), line, column)) => {
                        let loc = Location::of_line(source, line, 1);
                        d.at(path, line, column).source_line(loc.text)
                    }
                    None => d,
                },
            );
        }
        if out.is_empty() {
            out.push(self.diagnostic(err, ""));
        }
        out
    }

    /// Gives every template the site's data files as `data`.
    pub fn set_data(&mut self, data: &crate::data::Data) {
        self.tera
            .global_context()
            .insert_value("data", data.template_value());
    }

    /// Gives every template the interface strings of the pages' language as `i18n`
    /// (`{{ i18n.previous }}`), as [`Theme::strings`] merges them.
    pub fn set_strings(&mut self, strings: &BTreeMap<String, String>) {
        self.tera.global_context().insert("i18n", strings);
    }

    /// Whether the site or its theme has its own template for shortcode `name`.
    pub(crate) fn own_shortcode(&self, name: &str) -> bool {
        self.own_shortcodes.contains(name)
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders template `name` on its own with `ctx`: a fragment that pages then share (the
    /// sidebar, listing cards).
    pub(crate) fn fragment(&self, name: &str, ctx: &tera::Context) -> Fragment {
        self.tera
            .render(name, ctx)
            .map_err(|err| Box::new(self.diagnostic(&err, name)))
    }

    /// Renders template `name` with one variable of its own, `key`, holding `value` (and
    /// the site-wide `config`, `data` and `i18n` every template sees): the files for
    /// crawlers and old links, whose whole contract is one typed value.
    pub(crate) fn render_value(
        &self,
        name: &str,
        key: &'static str,
        value: &impl serde::Serialize,
    ) -> Result<Vec<u8>, Box<Diagnostic>> {
        let mut ctx = tera::Context::new();
        ctx.insert(key, value);
        let mut out = Vec::with_capacity(1024);
        self.tera
            .render_to(name, &ctx, &mut out)
            .map_err(|err| Box::new(self.diagnostic(&err, name)))?;
        Ok(out)
    }

    /// Explains a tera error: template file, line and column when tera knows them.
    /// `fallback` names the template being rendered when the error itself does not.
    pub fn diagnostic(&self, err: &tera::Error, fallback: &str) -> Diagnostic {
        match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let name = if report.filename().is_empty() {
                    fallback
                } else {
                    report.filename()
                };
                let what = if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                    "template syntax error"
                } else {
                    "template error"
                };
                let mut message = format!("{what}: {}", report.message());
                if let Some(cause) = std::error::Error::source(err) {
                    message.push_str(&format!(": {cause}"));
                }
                let d = Diagnostic::error(Code::Template, message);
                match self.sources.get(name) {
                    Some((path, text)) => {
                        let span = report.span();
                        let loc = Location::of_line(text, span.start_line, 1);
                        let column =
                            text.lines()
                                .nth(span.start_line.saturating_sub(1))
                                .map_or(1, |line| {
                                    line.get(..span.start_col.min(line.len()))
                                        .map_or(span.start_col, |s| s.chars().count())
                                        + 1
                                });
                        d.at(path, loc.line, column).source_line(loc.text)
                    }
                    None => d.in_file(name),
                }
            }
            _ => {
                let mut message = format!("template error: {err}");
                if let Some(cause) = std::error::Error::source(err) {
                    message.push_str(&format!(": {cause}"));
                }
                let d = Diagnostic::error(Code::Template, message);
                match self.sources.get(fallback) {
                    Some((path, _)) => d.in_file(path),
                    None => d,
                }
            }
        }
    }
}

/// `page.html:3:22` → (`page.html`, 3, 22).
fn parse_place(text: &str) -> Option<(&str, usize, usize)> {
    let mut parts = text.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, column))
}

/// Tera's escape function: [`crate::text::escape_with`], the site's one escaper, so every
/// value a template prints is escaped as pulldown-cmark escapes attributes, without the
/// characters no document may hold (a bell in a title would otherwise reach every page).
fn escape_markup(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::text::escape_with(input, crate::text::Escape::Attribute, |piece| {
        out.write_all(piece.as_bytes())
    })
}

fn register_filters(tera: &mut Tera) {
    tera.register_filter("date", date_filter);
    tera.register_filter("slugify", |s: &str, _: Kwargs, _: &State| {
        crate::text::slugify(s)
    });
    tera.register_filter("markdown", markdown_filter);
}

/// `{{ page.date | date(format="%-d %B %Y") }}`; the default format is `%Y-%m-%d`.
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let format: &str = kwargs.get("format")?.unwrap_or("%Y-%m-%d");
    let date = Date::parse(value).map_err(tera::Error::message)?;
    date.format(format).map_err(tera::Error::message)
}

/// `{{ page.extra.abstract | markdown }}`: renders markdown held in front matter.
/// `inline=true` drops the wrapping paragraph of a one-paragraph text.
fn markdown_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let inline: bool = kwargs.get("inline")?.unwrap_or(false);
    let rendered = crate::markdown::render(value, &Default::default());
    // A filter has no site to resolve links against: links to other pages keep their text.
    let out = crate::markdown::links::without_links(&rendered.html, &rendered.links);
    let html = if inline {
        let trimmed = out.trim();
        match trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
        {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => out,
        }
    } else {
        out
    };
    Ok(Value::safe_string(&html))
}
