//! Shortcodes expanded while a body renders.
//!
//! [`shortcodes::parse`] finds the calls; each is expanded by the page's [`Shortcodes`] (the
//! site's templates) or, for `ref`, `relref` and `highlight`, here, unless the site defines
//! a template of that name. Then, as Hugo does, every top-level call is replaced by a token
//! (`U+0002 <n> U+0002`) that the markdown parser reads as one word, the body is rendered,
//! and each token is replaced by its call's HTML; a token alone in a paragraph takes the
//! paragraph's place (a block shortcode is not wrapped in `<p>`).
//!
//! - `{{< name >}}inner{{< /name >}}` hands the template the inner text as written (its own
//!   calls expanded); `{{% name %}}` hands it the inner markdown rendered, with its links,
//!   heading ids and footnotes, like the rest of the body. Built-in templates that take
//!   markdown ([`Shortcodes::takes_markdown`]) get it rendered in both forms.
//! - An escaped call (`{{</* name */>}}`) is shown as written without the comment marks.
//! - An unknown name is a warning, and the call is shown as its text, escaped.
//!
//! The parser's offsets are mapped back to the body as written ([`OffsetMap`]), so links,
//! code blocks and problems keep their file positions.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::highlight::{self, CodeWarning};
use super::links::{self, LinkRef};
use super::shortcodes::{self, Arg, Call, Form, Node, Value};
use super::{Heading, Options, Pass, PassOut, Rendered, State};
use crate::diagnostics::Location;
use crate::text::escape_html;

/// The site's shortcodes, as one page sees them.
pub trait Shortcodes: std::fmt::Debug {
    /// Whether the site (or its theme) has its own template for `name`, which then wins over
    /// a shortcode praxis expands itself (`ref`, `relref`, `highlight`, `include`).
    fn overrides(&self, name: &str) -> bool;
    /// Whether [`Shortcodes::expand`] knows `name`.
    fn defines(&self, name: &str) -> bool;
    /// Whether `name` is a built-in template that takes its inner text as rendered markdown
    /// whichever form the call is written in (`details`, `tab`, `alert`…).
    fn takes_markdown(&self, name: &str) -> bool;
    /// Expands one call.
    fn expand(&self, call: &Invocation<'_>) -> Result<Expansion, Refusal>;
    /// How to explain that `name` is unknown.
    fn unknown(&self, name: &str) -> Refusal;
}

/// One call to expand, with what its template is given.
#[derive(Debug)]
pub struct Invocation<'a> {
    /// The call as written.
    pub call: &'a Call,
    /// Its inner part: as written (`<`) or rendered (`%`), its own calls expanded.
    pub inner: Option<&'a str>,
    /// How many calls of this name the page has had so far, this one included (from 1).
    pub nth: usize,
    /// Its place among the calls of its parent (or of the body), from 0.
    pub ordinal: usize,
    /// The call it is written in, and that call's `nth`.
    pub parent: Option<(&'a Call, usize)>,
}

/// What a call became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
    /// HTML, placed as it is.
    Html(String),
    /// Markdown, rendered where the call stands (an included file).
    Markdown(String),
}

/// Why a call could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// More context: the template's own file and line, say.
    pub note: Option<String>,
}

/// A problem with a call, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// An error (the build fails) rather than a warning.
    pub error: bool,
    /// Where the call starts.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// More context.
    pub note: Option<String>,
}

/// What a body's shortcodes did: only bodies that have any carry one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Problems, in order.
    pub problems: Vec<Problem>,
    /// Every name called, sorted.
    pub used: Vec<String>,
}

/// Maps offsets in a spliced text back to the body as written: each piece of the text is
/// either copied from the body (offsets move with it) or stands for a call (every offset in
/// it is the call's start).
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    at: usize,
    from: usize,
    copied: bool,
}

impl OffsetMap {
    /// One piece, standing for the call at `from`.
    fn at(from: usize) -> OffsetMap {
        OffsetMap {
            pieces: vec![Piece {
                at: 0,
                from,
                copied: false,
            }],
        }
    }

    fn push(&mut self, at: usize, from: usize, copied: bool) {
        self.pieces.push(Piece { at, from, copied });
    }

    /// The body's offset for `offset` in the spliced text.
    pub fn offset(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|p| p.at <= offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(p) if p.copied => p.from + (offset - p.at),
            Some(p) => p.from,
            None => offset,
        }
    }

    /// [`OffsetMap::offset`] of both ends.
    pub fn range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.offset(range.start);
        start..self.offset(range.end).max(start)
    }
}

/// Renders a body that may hold shortcodes; `None` when it holds none after all.
pub(super) fn render(
    source: &str,
    options: &Options<'_>,
    host: &dyn Shortcodes,
) -> Option<Rendered> {
    let code = links::code_ranges(source);
    let nodes = shortcodes::parse(source, &code, &|name| host.defines(name));
    if nodes.is_empty() {
        return None;
    }
    let mut expander = Expander {
        host,
        options,
        source,
        outputs: Vec::new(),
        links: Vec::new(),
        state: State::default(),
        counts: HashMap::new(),
        problems: Vec::new(),
        used: BTreeSet::new(),
        warnings: Vec::new(),
        depth: 0,
        fresh_toc: Vec::new(),
        toc_by_token: Vec::new(),
    };
    let (text, map) = expander.splice(0..source.len(), &nodes, None);
    Some(expander.finish(&text, &map))
}

/// The state of one body's expansion.
struct Expander<'h, 'o> {
    host: &'h dyn Shortcodes,
    options: &'o Options<'o>,
    /// The body as written (control characters out, Hugo refs in link targets rewritten).
    source: &'o str,
    /// Each token's HTML.
    outputs: Vec<String>,
    /// The body's links so far (inner parts are rendered before the body).
    links: Vec<LinkRef>,
    /// Shared by the body and its inner parts: heading ids stay unique.
    state: State,
    counts: HashMap<String, usize>,
    problems: Vec<Problem>,
    used: BTreeSet<String>,
    warnings: Vec<CodeWarning>,
    /// How deep in calls the expansion is (0: the body).
    depth: usize,
    /// Headings of inner parts met while expanding the current top-level call.
    fresh_toc: Vec<Heading>,
    /// Those headings, by the token of the top-level call they are in.
    toc_by_token: Vec<(usize, Vec<Heading>)>,
}

fn token(index: usize) -> String {
    format!("\u{2}{index}\u{2}")
}

impl Expander<'_, '_> {
    /// Renders the spliced body and puts every call's HTML in its token's place.
    fn finish(mut self, text: &str, map: &OffsetMap) -> Rendered {
        self.state.want_title = self.options.title_from_heading;
        self.state.seen_h1 = false;
        let options = self.options;
        let (html, out) = self.pass(text, map, options);
        let toc = std::mem::take(&mut self.state.toc);
        let mut toc = merge_toc(&html, toc, std::mem::take(&mut self.toc_by_token));
        for heading in &mut toc {
            heading.title = self.without_tokens(&heading.title);
        }
        self.state.toc = toc;
        let mut html = self.fill(&html);
        super::fill_empty_header_cells(&mut html);
        // Calls may write ids of their own.
        self.state.raw_html = true;
        let summary_text = out.summary_text.map(|text| self.without_tokens(&text));
        let mut code_warnings = std::mem::take(&mut self.warnings);
        code_warnings.extend(out.code_warnings);
        let out = PassOut {
            links: out.links,
            summary_text,
            code_warnings,
        };
        let mut rendered = super::finish(&html, std::mem::take(&mut self.state), out);
        rendered.shortcodes = Some(Box::new(Outcome {
            problems: self.problems,
            used: self.used.into_iter().collect(),
        }));
        rendered
    }

    /// Renders spliced text with the body's state, its links numbered after those so far.
    fn pass(&mut self, text: &str, map: &OffsetMap, options: &Options<'_>) -> (String, PassOut) {
        let pass = Pass {
            text,
            original: self.source,
            map: Some(map),
        };
        let mut html = String::with_capacity(text.len() + text.len() / 4);
        let links = std::mem::take(&mut self.links);
        let out = pass.run(options, &mut self.state, links, &mut html);
        (html, out)
    }

    /// `range` of the body with each of `nodes` (the calls in it) expanded and replaced by
    /// its token, and where the text's pieces come from.
    fn splice(
        &mut self,
        range: Range<usize>,
        nodes: &[Node],
        parent: Option<(&Call, usize)>,
    ) -> (String, OffsetMap) {
        let mut text = String::with_capacity(range.len());
        let mut map = OffsetMap::default();
        let mut at = range.start;
        for (node, ordinal) in nodes.iter().zip(ordinals(nodes)) {
            let span = node_range(node);
            map.push(text.len(), at, true);
            text.push_str(self.source.get(at..span.start).unwrap_or_default());
            let html = self.expand(node, parent, ordinal);
            let index = self.outputs.len();
            self.outputs.push(html);
            if self.depth == 0 {
                let toc = std::mem::take(&mut self.fresh_toc);
                self.toc_by_token.push((index, toc));
            }
            map.push(text.len(), span.start, false);
            text.push_str(&token(index));
            at = span.end;
        }
        map.push(text.len(), at, true);
        text.push_str(self.source.get(at..range.end).unwrap_or_default());
        (text, map)
    }

    /// `range` of the body as written, each call in it replaced by its HTML.
    fn raw(&mut self, range: Range<usize>, nodes: &[Node], parent: (&Call, usize)) -> String {
        let mut text = String::with_capacity(range.len());
        let mut at = range.start;
        for (node, ordinal) in nodes.iter().zip(ordinals(nodes)) {
            let span = node_range(node);
            text.push_str(self.source.get(at..span.start).unwrap_or_default());
            text.push_str(&self.expand(node, Some(parent), ordinal));
            at = span.end;
        }
        text.push_str(self.source.get(at..range.end).unwrap_or_default());
        text
    }

    /// Renders spliced markdown as part of the body: its links join the body's, its
    /// headings the table of contents (at the place of the call they are in).
    fn markdown(&mut self, text: &str, map: &OffsetMap) -> String {
        let options = Options {
            title_from_heading: false,
            title: None,
            id: None,
            whole_summary: true,
            shortcodes: None,
            ..self.options.clone()
        };
        let (want_title, seen_h1) = (self.state.want_title, self.state.seen_h1);
        self.state.want_title = false;
        let toc_before = self.state.toc.len();
        let (html, out) = self.pass(text, map, &options);
        self.links = out.links;
        self.warnings.extend(out.code_warnings);
        let headings = self.state.toc.split_off(toc_before);
        self.fresh_toc.extend(headings);
        (self.state.want_title, self.state.seen_h1) = (want_title, seen_h1);
        self.fill(&html)
    }

    /// The HTML of one node.
    fn expand(&mut self, node: &Node, parent: Option<(&Call, usize)>, ordinal: usize) -> String {
        match node {
            Node::Escaped { literal, .. } => escape_html(literal),
            Node::Malformed { range, message } => {
                let help = "write `{{</* name */>}}` to show a shortcode as text";
                self.problem(true, range.start, message.clone(), Some(help.into()), None);
                self.as_text(range.clone())
            }
            Node::Call(call) => {
                self.depth += 1;
                let html = self.call(call, parent, ordinal);
                self.depth -= 1;
                html
            }
        }
    }

    /// The HTML of one call.
    fn call(&mut self, call: &Call, parent: Option<(&Call, usize)>, ordinal: usize) -> String {
        let name = call.name.as_str();
        self.used.insert(call.name.clone());
        let count = self.counts.entry(call.name.clone()).or_default();
        *count += 1;
        let nth = *count;
        let own = self.host.overrides(name);
        match name {
            "ref" | "relref" if !own => return self.reference(call),
            "highlight" if !own => return self.highlight(call),
            _ => {}
        }
        if !self.host.defines(name) {
            let refusal = self.host.unknown(name);
            self.problem(
                false,
                call.range.start,
                refusal.message,
                refusal.help,
                refusal.note,
            );
            return self.as_text(call.range.clone());
        }
        let inner = call.inner.as_ref().map(|inner| {
            let markdown = call.form == Form::Percent || (!own && self.host.takes_markdown(name));
            if markdown {
                let (text, map) = self.splice(inner.range.clone(), &inner.nodes, Some((call, nth)));
                self.markdown(&text, &map)
            } else {
                self.raw(inner.range.clone(), &inner.nodes, (call, nth))
            }
        });
        let invocation = Invocation {
            call,
            inner: inner.as_deref(),
            nth,
            ordinal,
            parent,
        };
        match self.host.expand(&invocation) {
            Ok(Expansion::Html(html)) => html,
            Ok(Expansion::Markdown(text)) => self.markdown(&text, &OffsetMap::at(call.range.start)),
            Err(refusal) => {
                let Refusal {
                    message,
                    help,
                    note,
                } = refusal;
                self.problem(true, call.range.start, message, help, note);
                self.as_text(call.range.clone())
            }
        }
    }

    /// `{{< ref "path" >}}`: the URL of a page, resolved and checked as a link is.
    fn reference(&mut self, call: &Call) -> String {
        let Some(path) = first_text(&call.args, &["path"]) else {
            let message = format!("`{}` needs the path of a page", call.name);
            let help = format!("write `{{{{< {} \"section/page.md\" >}}}}`", call.name);
            self.problem(true, call.range.start, message, Some(help), None);
            return self.as_text(call.range.clone());
        };
        let target = links::classify(
            &format!("@ref:{path}"),
            false,
            self.options.site_prefixes,
            self.options.base_path,
        );
        self.links.push(LinkRef {
            target,
            raw: path.to_string(),
            text: String::new(),
            title: String::new(),
            image: false,
            text_from_target: false,
            location: self.location(call.range.start),
        });
        links::placeholder(self.links.len() - 1, 'u')
    }

    /// `{{< highlight lang "options" >}}code{{< /highlight >}}`: a code block, highlighted
    /// as a fenced one is (its inner text is code: calls in it stay as written).
    fn highlight(&mut self, call: &Call) -> String {
        let code = call
            .inner
            .as_ref()
            .and_then(|inner| self.source.get(inner.range.clone()))
            .unwrap_or_default();
        let code = code.strip_prefix('\n').unwrap_or(code);
        let code = code.strip_prefix("\r\n").unwrap_or(code);
        let code = code.trim_end_matches([' ', '\t']);
        let lang = first_text(&call.args, &["lang", "language"]).unwrap_or_default();
        let options = positional(&call.args, 1)
            .or_else(|| named(&call.args, "options"))
            .map(text_of)
            .unwrap_or_default();
        let info = if options.is_empty() {
            lang.to_string()
        } else {
            format!("{lang},{options}")
        };
        let (fence, problems) = super::fence::parse(&info);
        for problem in problems {
            let location = self.location(call.range.start);
            self.warnings.push(CodeWarning {
                location,
                message: problem.message,
            });
        }
        let mut html = String::with_capacity(code.len() * 2);
        let body = if code.ends_with('\n') || code.is_empty() {
            code.to_string()
        } else {
            format!("{code}\n")
        };
        highlight::write_block(&mut html, &fence, &body, self.options.highlighter);
        html
    }

    fn problem(
        &mut self,
        error: bool,
        at: usize,
        message: String,
        help: Option<String>,
        note: Option<String>,
    ) {
        let location = self.location(at);
        self.problems.push(Problem {
            error,
            location,
            message,
            help,
            note,
        });
    }

    fn location(&self, offset: usize) -> Location {
        Location::of_offset(self.source, offset, self.options.first_line.max(1)).clipped(120)
    }

    /// A call shown as it is written.
    fn as_text(&self, range: Range<usize>) -> String {
        escape_html(self.source.get(range).unwrap_or_default())
    }

    /// `html` with every token replaced by its call's HTML; a token alone in a paragraph
    /// replaces the paragraph.
    fn fill(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + 64);
        let mut rest = html;
        while let Some((start, index, end)) = next_token(rest) {
            let (mut before, mut after) = (&rest[..start], &rest[end..]);
            if let (Some(b), Some(a)) = (before.strip_suffix("<p>"), after.strip_prefix("</p>")) {
                (before, after) = (b, a.strip_prefix('\n').unwrap_or(a));
            }
            out.push_str(before);
            out.push_str(self.outputs.get(index).map_or("", String::as_str));
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// Plain text with each token replaced by its call's text (tags left out).
    fn without_tokens(&self, text: &str) -> String {
        if !text.contains('\u{2}') {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some((start, index, end)) = next_token(rest) {
            out.push_str(&rest[..start]);
            let html = self.outputs.get(index).map_or("", String::as_str);
            crate::search::text::plain(html, &mut |_, _| {}, &mut out);
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

/// The next token in `text`: where it starts, its number and where it ends.
fn next_token(text: &str) -> Option<(usize, usize, usize)> {
    let mut from = 0;
    loop {
        let start = from + memchr::memchr(2, text.as_bytes().get(from..)?)?;
        let digits = text.get(start + 1..)?;
        let len = digits.bytes().take_while(u8::is_ascii_digit).count();
        if len > 0 && digits.as_bytes().get(len) == Some(&2) {
            let index = digits[..len].parse().ok()?;
            return Some((start, index, start + len + 2));
        }
        from = start + 1;
    }
}

/// Each node's place among the calls beside it (escaped and malformed ones are not calls).
fn ordinals(nodes: &[Node]) -> impl Iterator<Item = usize> + '_ {
    nodes.iter().scan(0, |calls, node| {
        let ordinal = *calls;
        *calls += usize::from(matches!(node, Node::Call(_)));
        Some(ordinal)
    })
}

fn node_range(node: &Node) -> Range<usize> {
    match node {
        Node::Call(call) => call.range.clone(),
        Node::Escaped { range, .. } | Node::Malformed { range, .. } => range.clone(),
    }
}

/// The table of contents in reading order: the body's headings, and those of each call's
/// inner part at the place of the call's token in the body's HTML.
fn merge_toc(html: &str, body: Vec<Heading>, calls: Vec<(usize, Vec<Heading>)>) -> Vec<Heading> {
    if calls.iter().all(|(_, headings)| headings.is_empty()) {
        return body;
    }
    let mut placed: Vec<(usize, Heading)> = Vec::new();
    for heading in body {
        let at = html.find(&format!(" id=\"{}\"", heading.id));
        placed.push((at.unwrap_or(usize::MAX), heading));
    }
    for (index, headings) in calls {
        let at = html.find(&token(index)).unwrap_or(usize::MAX);
        placed.extend(headings.into_iter().map(|h| (at, h)));
    }
    placed.sort_by_key(|(at, _)| *at);
    placed.into_iter().map(|(_, heading)| heading).collect()
}

/// The `index`-th positional argument.
fn positional(args: &[Arg], index: usize) -> Option<&Value> {
    args.iter()
        .filter(|a| a.name.is_none())
        .nth(index)
        .map(|a| &a.value)
}

/// The argument named `name`.
fn named<'a>(args: &'a [Arg], name: &str) -> Option<&'a Value> {
    args.iter()
        .find(|a| a.name.as_deref() == Some(name))
        .map(|a| &a.value)
}

/// The first positional argument, or the first of `names` given, as text.
fn first_text(args: &[Arg], names: &[&str]) -> Option<String> {
    positional(args, 0)
        .or_else(|| names.iter().find_map(|n| named(args, n)))
        .map(text_of)
        .filter(|t| !t.is_empty())
}

/// A value as text (`true`, `3`, `a`).
pub fn text_of(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_copied_pieces_move_and_those_in_tokens_stay_at_the_call() {
        let mut map = OffsetMap::default();
        map.push(0, 0, true);
        map.push(4, 4, false);
        map.push(7, 20, true);
        assert_eq!(map.offset(2), 2);
        assert_eq!(map.offset(5), 4);
        assert_eq!(map.offset(8), 21);
        assert_eq!(map.range(5..9), 4..22);
    }

    #[test]
    fn tokens_are_found_past_stray_markers() {
        assert_eq!(next_token("a\u{2}x\u{2}12\u{2}b"), Some((3, 12, 7)));
        assert_eq!(next_token("plain"), None);
        assert_eq!(next_token("\u{2}\u{2}"), None);
    }
}
