//! Markdown → HTML with pulldown-cmark, plus what a documentation page needs from its body:
//! unique heading ids with self-links, the table of contents, the title taken from the first
//! `# heading` when asked (or a first heading repeating it left out), GitHub and Obsidian
//! alerts, footnotes gathered at the bottom, the summary cut at `<!--more-->`, the plain
//! text of the first paragraph, and a word count. Knows nothing of files or templates.
//!
//! ```
//! use praxis::markdown::{render, Options};
//! let out = render("# OPS01 Title\n\n## Step one\n\nText <!-- more --> here.", &Options { title_from_heading: true, ..Default::default() });
//! assert_eq!(out.title.as_deref(), Some("OPS01 Title"));
//! assert_eq!(out.toc[0].id, "step-one");
//! assert!(out.html.starts_with("<h2 id=\"step-one\">"));
//! ```

use std::collections::{HashSet, VecDeque};

pub mod alerts;
pub mod expand;
pub mod fence;
pub mod highlight;
pub mod links;
pub mod shortcodes;
pub mod summary;
pub mod title;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use alerts::Fold;
use links::{LinkRef, Links};
use summary::SummaryTap;

use crate::text::heading_id;

/// What to do beyond plain rendering.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// Take the first level-1 heading out of the body and return it as [`Rendered::title`].
    pub title_from_heading: bool,
    /// The page's title, printed by the theme: a first `# heading` that only repeats it
    /// (see [`title::repeats_title`]) is left out of the body.
    pub title: Option<&'a str>,
    /// The page's id, which such a heading may carry beside the title.
    pub id: Option<&'a str>,
    /// Keep [`Rendered::summary_text`] whole rather than cut (for a description).
    pub whole_summary: bool,
    /// The file line on which the body starts, for link positions (0 is taken as 1).
    pub first_line: usize,
    /// Absolute URL prefixes that mean "this site", each ending in `/`.
    pub site_prefixes: &'a [String],
    /// The path those prefixes map to (the base URL's path, `/` by default).
    pub base_path: &'a str,
    /// Whether pages may name their former addresses (`links.url-keys`), so that absolute
    /// URLs wait for the site graph like internal links.
    pub former_urls: bool,
    /// Highlights code blocks whose language it knows; `None` writes all code plain.
    pub highlighter: Option<&'a highlight::Highlighter>,
    /// Shows raw HTML in the source as text (`<b>` reads `&lt;b&gt;`), for text that is
    /// plain by nature but allows markdown, such as a description.
    pub html_as_text: bool,
    /// The page's shortcodes; `None` leaves `{{< … >}}` as text.
    pub shortcodes: Option<&'a dyn expand::Shortcodes>,
}

/// One heading, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique anchor id.
    pub id: String,
    /// The heading's plain text. A link written as `[[ID]]` stands here as a placeholder
    /// for its target's title until links resolve (see [`links::fill_text`]).
    pub title: String,
}

/// A rendered markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Every heading (except one taken as the title), in order.
    pub toc: Vec<Heading>,
    /// The text of the first `# heading`, when [`Options::title_from_heading`] asked for it.
    pub title: Option<String>,
    /// Length of the HTML before `<!--more-->` (or `<!-- more -->`), when the body has it.
    pub summary_len: Option<usize>,
    /// The plain text of the first top-level paragraph with words outside links: markup
    /// left out, entities decoded, whitespace collapsed, cut at a word boundary to
    /// [`summary::SUMMARY_CHARS`] with `…` (unless [`Options::whole_summary`]). Text with
    /// link-text placeholders is cut once they are filled (see [`summary::cut`]).
    pub summary_text: Option<String>,
    /// Words of prose (code blocks not counted).
    pub word_count: usize,
    /// Every link and image, in order. Internal ones are placeholders in `html` until
    /// [`links::fill`] writes them.
    pub links: Vec<LinkRef>,
    /// Every `id="…"` in the HTML (headings, footnotes, raw HTML), sorted: what `#anchor`
    /// links to this page may name.
    pub anchors: Vec<String>,
    /// Code block options that were not understood (see [`fence`]), in order.
    pub code_warnings: Vec<highlight::CodeWarning>,
    /// What the body's shortcodes did, when it has any.
    pub shortcodes: Option<Box<expand::Outcome>>,
}

impl Rendered {
    /// The HTML before `<!--more-->`, if the body has the marker.
    pub fn summary(&self) -> Option<&str> {
        self.summary_len.map(|len| self.html[..len].trim_end())
    }

    /// Minutes to read at 200 words a minute, rounded up.
    pub fn reading_time(&self) -> usize {
        self.word_count.div_ceil(200)
    }
}

/// The pulldown-cmark extensions praxis turns on.
pub fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_SMART_PUNCTUATION
        | O::ENABLE_GFM
        | O::ENABLE_DEFINITION_LIST
        | O::ENABLE_WIKILINKS
}

/// Renders a markdown body.
pub fn render(markdown: &str, options: &Options<'_>) -> Rendered {
    // Control characters have no business in a document, and U+0001 marks link placeholders
    // in the output: they are left out (a column after one on its line counts one less).
    let cleaned = crate::text::without_forbidden(markdown);
    let source = links::rewrite_hugo_refs(&cleaned);
    if let Some(host) = options.shortcodes
        && shortcodes::may_contain(&source)
        && let Some(rendered) = expand::render(&source, options, host)
    {
        return rendered;
    }
    let mut state = State {
        want_title: options.title_from_heading,
        ..State::default()
    };
    // Written into this thread's scratch buffer, then kept as an exact copy: a body lives
    // until the site is written, and growing a string of a guessed size left a sixth of
    // every kept body unused (a doubled capacity on one page in eight). Held memory is time
    // here: the kernel zeroes each fresh page (see README, Performance).
    thread_local! {
        static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let mut html = SCRATCH.with(|scratch| std::mem::take(&mut *scratch.borrow_mut()));
    html.clear();
    html.reserve(source.len() + source.len() / 4);
    let pass = Pass::whole(&source);
    let out = pass.run(options, &mut state, Vec::new(), &mut html);
    fill_empty_header_cells(&mut html);
    let rendered = finish(&html, state, out);
    SCRATCH.with(|scratch| *scratch.borrow_mut() = html);
    rendered
}

/// What a pass over markdown gives besides its HTML.
struct PassOut {
    links: Vec<LinkRef>,
    summary_text: Option<String>,
    code_warnings: Vec<highlight::CodeWarning>,
}

/// Text for the markdown parser, and where its offsets are in the file's body: a body as
/// written, or one with its shortcodes replaced (see [`expand`]).
struct Pass<'s> {
    /// What the parser reads.
    text: &'s str,
    /// The body as written, for positions.
    original: &'s str,
    /// Maps an offset in `text` to one in `original`; `None` when they are the same text.
    map: Option<&'s expand::OffsetMap>,
}

impl<'s> Pass<'s> {
    /// A body read as written.
    fn whole(text: &'s str) -> Pass<'s> {
        Pass {
            text,
            original: text,
            map: None,
        }
    }

    /// Renders the text into `html`, adding to `state` and numbering links after `links`.
    fn run(
        &self,
        options: &Options<'_>,
        state: &mut State,
        links: Vec<LinkRef>,
        html: &mut String,
    ) -> PassOut {
        let base_path = if options.base_path.is_empty() {
            "/"
        } else {
            options.base_path
        };
        let first_line = options.first_line.max(1);
        let fences = highlight::FenceLog::default();
        let map = self.map;
        let mut links = Links::new(
            Parser::new_ext(self.text, parser_options())
                .into_offset_iter()
                .map(|(event, range)| {
                    let range = map.map_or(range.clone(), |m| m.range(range));
                    match event {
                        Event::Html(raw) | Event::InlineHtml(raw) if options.html_as_text => {
                            (Event::Text(raw), range)
                        }
                        other => (other, range),
                    }
                })
                .inspect(|event| fences.note(event)),
            self.original,
            first_line,
            options.site_prefixes,
            base_path,
            options.former_urls,
        )
        .after(links);
        let mut tap = SummaryTap::new(&mut links, options.whole_summary);
        let code_warnings = {
            let events = Transform {
                inner: &mut tap,
                queue: VecDeque::new(),
                state,
                title: options.title,
                id: options.id,
                pending: None,
                quotes: Vec::new(),
                footnotes: Vec::new(),
                references: Vec::new(),
                done: false,
            };
            let mut events = highlight::CodeBlocks::new(
                events,
                options.highlighter,
                &fences,
                self.original,
                first_line,
            );
            pulldown_cmark::html::push_html(html, &mut events);
            events.finish()
        };
        let summary_text = tap.finish();
        PassOut {
            links: links.links,
            summary_text,
            code_warnings,
        }
    }
}

/// The rendered body from a finished pass's HTML and state.
fn finish(html: &str, state: State, out: PassOut) -> Rendered {
    // Scans of the output only when the body can hold what they look for.
    let summary_len = if state.more_marker {
        summary::find_more(html)
    } else {
        None
    };
    let anchors = if state.raw_html || state.footnotes {
        collect_ids(html)
    } else {
        let mut ids: Vec<String> = state.ids.iter().cloned().collect();
        ids.sort();
        ids
    };
    Rendered {
        html: html.to_owned(),
        toc: state.toc,
        title: state.title,
        summary_len,
        summary_text: out.summary_text,
        word_count: state.words,
        links: exact(out.links),
        anchors,
        code_warnings: out.code_warnings,
        shortcodes: None,
    }
}

/// Whether `event` ends the text of a task-list item: the end of its paragraph or item, or
/// a block nested in it. Inline markup stays inside the label.
fn ends_task_text(event: &Event<'_>) -> bool {
    match event {
        Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::Rule => true,
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        _ => false,
    }
}

/// A table's header cell left empty in the markdown, as pulldown-cmark writes it (with each
/// column alignment), and what it becomes: a data cell, so no header goes unnamed.
const EMPTY_HEADER_CELLS: [(&str, &str); 4] = [
    ("<th></th>", "<td></td>"),
    ("<th style=\"text-align: left\"></th>", "<td></td>"),
    ("<th style=\"text-align: center\"></th>", "<td></td>"),
    ("<th style=\"text-align: right\"></th>", "<td></td>"),
];

/// `html` with every empty header cell a data cell (see [`EMPTY_HEADER_CELLS`]).
fn fill_empty_header_cells(html: &mut String) {
    if !html.contains("></th>") {
        return;
    }
    for (from, to) in EMPTY_HEADER_CELLS {
        if html.contains(from) {
            *html = html.replace(from, to);
        }
    }
}

/// `items` without spare capacity, for what is kept until the build ends (a link record is
/// 184 bytes; a vector grown by doubling holds a fifth more than it needs on average).
fn exact<T>(items: Vec<T>) -> Vec<T> {
    if items.len() == items.capacity() {
        return items;
    }
    let mut exact = Vec::with_capacity(items.len());
    exact.extend(items);
    exact
}

/// Words in a text: runs of anything but ASCII whitespace. Counting bytes rather than
/// decoding chars keeps this off the profile; a non-ASCII space is rare enough in prose
/// not to matter for a reading time.
///
/// A word starts at a non-space byte that follows a space (or starts the text). Written as
/// pairs of neighbouring bytes summed in runs of at most 255 into a `u8`, the loop has no
/// branch and no carried state, so the compiler turns it into vector compares: about twice
/// the speed of a byte-at-a-time state machine on the prose of a typical page.
fn count_words(text: &str) -> usize {
    fn space(b: u8) -> bool {
        // ' ', '\t', '\n', '\x0c', '\r' (not the vertical tab, as `split_ascii_whitespace`).
        b == b' ' || (b.wrapping_sub(b'\t') < 5 && b != 0x0b)
    }
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let starts = bytes[..bytes.len() - 1]
        .chunks(255)
        .zip(bytes[1..].chunks(255))
        .map(|(before, at)| {
            let run = before.iter().zip(at);
            run.fold(0u8, |n, (&b, &a)| n + u8::from(space(b) & !space(a))) as usize
        })
        .sum::<usize>();
    usize::from(!space(first)) + starts
}

/// Every `id="…"` value in an HTML fragment, sorted and without repeats.
fn collect_ids(html: &str) -> Vec<String> {
    let mut ids: Vec<String> = html
        .match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[derive(Default)]
struct State {
    want_title: bool,
    title: Option<String>,
    /// A `#` heading seen: only the first may be the title or repeat it.
    seen_h1: bool,
    toc: Vec<Heading>,
    ids: HashSet<String>,
    words: usize,
    code_depth: usize,
    /// Raw HTML seen in the source (it may carry ids of its own).
    raw_html: bool,
    /// `<!--more-->` seen in the source.
    more_marker: bool,
    /// Footnotes seen (their ids are made while writing).
    footnotes: bool,
    /// A task-list item's `<label>` is open around its text (see [`Transform::task`]).
    task_label: bool,
}

impl State {
    /// Makes `wanted` unique among this page's ids by appending `-1`, `-2`, …
    fn unique_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.ids.insert(base.to_string()) {
            return base.to_string();
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.ids.contains(candidate))
            .inspect(|id| {
                self.ids.insert(id.clone());
            })
            .expect("an unused suffix always exists")
    }
}

/// An event adapter between the parser and the HTML writer, so the whole body is written by
/// one writer (footnote numbering and table state stay consistent).
struct Transform<'a, 's, I: Iterator<Item = Event<'a>>> {
    inner: I,
    queue: VecDeque<Event<'a>>,
    state: &'s mut State,
    /// The page's title and id, to recognise a heading that repeats them.
    title: Option<&'s str>,
    id: Option<&'s str>,
    /// An event read ahead (past a block quote's start) still to be handled.
    pending: Option<Event<'a>>,
    /// For each open block quote, how its alert closes, or `None` for a plain quote.
    quotes: Vec<Option<Fold>>,
    /// Footnote definitions, by label, moved to the end of the body.
    footnotes: Vec<(String, Vec<Event<'a>>)>,
    /// Footnote labels in order of first reference, with how often each was referenced.
    references: Vec<(String, usize)>,
    done: bool,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Transform<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return Some(event);
            }
            let Some(event) = self.pending.take().or_else(|| self.inner.next()) else {
                if self.done || self.footnotes.is_empty() {
                    return None;
                }
                self.done = true;
                self.flush_footnotes();
                continue;
            };
            if self.state.task_label && ends_task_text(&event) {
                self.state.task_label = false;
                self.pending = Some(event);
                return Some(Event::InlineHtml("</label>".into()));
            }
            match event {
                Event::TaskListMarker(done) => return Some(self.task(done)),
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    self.heading(level, id, classes, attrs);
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.footnote(label);
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, label) = alerts::github(kind);
                    self.quotes.push(Some(Fold::None));
                    let mut html = alerts::open(class, Fold::None);
                    html.push_str(label);
                    html.push_str(alerts::after_title(Fold::None));
                    return Some(Event::Html(html.into()));
                }
                Event::Start(Tag::BlockQuote(None)) => return Some(self.quote(event)),
                Event::End(TagEnd::BlockQuote(_)) => {
                    return Some(match self.quotes.pop().flatten() {
                        Some(fold) => Event::Html(alerts::close(fold).into()),
                        None => event,
                    });
                }
                Event::Start(Tag::Table(_)) => {
                    self.queue.push_back(event);
                    return Some(Event::Html("<div class=\"table-wrap\">\n".into()));
                }
                Event::End(TagEnd::Table) => {
                    self.queue.push_back(Event::Html("</div>\n".into()));
                    return Some(event);
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    self.state.code_depth += 1;
                    return Some(event);
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.state.code_depth = self.state.code_depth.saturating_sub(1);
                    return Some(event);
                }
                other => return Some(self.inline(other)),
            }
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Transform<'a, '_, I> {
    /// What inline events need on their way out: words counted, raw HTML noted, footnote
    /// references numbered.
    fn inline(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Text(ref text) => {
                if self.state.code_depth == 0 {
                    self.state.words += count_words(text);
                }
                event
            }
            Event::Html(ref raw) | Event::InlineHtml(ref raw) => {
                // Link placeholders start with U+0001; everything else came from the source.
                if !raw.starts_with('\u{1}') {
                    self.state.raw_html = true;
                    self.state.more_marker |= summary::find_more(raw).is_some();
                }
                event
            }
            Event::FootnoteReference(label) => {
                self.state.footnotes = true;
                Event::InlineHtml(self.footnote_reference(&label).into())
            }
            other => other,
        }
    }

    /// A task-list checkbox, opening a `<label>` around the item's text so that the box is
    /// named by it (pulldown-cmark writes a bare, unnamed `<input>`).
    fn task(&mut self, done: bool) -> Event<'a> {
        self.state.task_label = true;
        Event::InlineHtml(if done {
            "<label class=\"task\"><input disabled=\"\" type=\"checkbox\" checked=\"\"/> ".into()
        } else {
            "<label class=\"task\"><input disabled=\"\" type=\"checkbox\"/> ".into()
        })
    }

    /// A block quote that starts with `[!KIND]` and a title of its own, or with a kind
    /// pulldown-cmark does not know, becomes an alert (see [`alerts`]); any other stays a
    /// quote. Reads ahead only the first paragraph's opening text.
    fn quote(&mut self, start: Event<'a>) -> Event<'a> {
        let first = self.inner.next();
        if !matches!(first, Some(Event::Start(Tag::Paragraph))) {
            self.pending = first;
            self.quotes.push(None);
            return start;
        }
        let (texts, line, next) = self.marker_text();
        let Some(found) = alerts::marker(&line) else {
            self.queue.push_back(Event::Start(Tag::Paragraph));
            for text in texts {
                let text = self.inline(text);
                self.queue.push_back(text);
            }
            self.pending = next;
            self.quotes.push(None);
            return start;
        };
        self.quotes.push(Some(found.fold));
        let (title, paragraph_goes_on) = self.alert_title(found.title, next);
        self.queue_alert(found, title, paragraph_goes_on);
        self.queue
            .pop_front()
            .expect("the alert's opening was queued")
    }

    /// The text a quote's first paragraph opens with, where an alert's marker would be: the
    /// text events read, their text joined, and the event that ended the read. The marker
    /// comes split at `[`, `!` and `]`: this reads text up to the `]`, and the text right
    /// after it, where a fold sign and the title begin.
    fn marker_text(&mut self) -> (Vec<Event<'a>>, String, Option<Event<'a>>) {
        let mut texts: Vec<Event<'a>> = Vec::new();
        let mut line = String::new();
        let mut next = None;
        let mut closed = false;
        for event in self.inner.by_ref() {
            match event {
                Event::Text(ref text) if line.len() < 64 => {
                    line.push_str(text);
                    texts.push(event);
                    if closed {
                        break;
                    }
                    closed = line.contains(']');
                }
                other => {
                    next = Some(other);
                    break;
                }
            }
        }
        (texts, line, next)
    }

    /// An alert's title: `own`, the text after the marker, then the rest of the marker's
    /// line from `next` on, with its inline markup; and whether the paragraph goes on after
    /// the line.
    fn alert_title(&mut self, own: &str, next: Option<Event<'a>>) -> (Vec<Event<'a>>, bool) {
        let mut title: Vec<Event<'a>> = Vec::new();
        if !own.is_empty() {
            title.push(Event::Text(own.to_string().into()));
        }
        // The line ends at its first break outside inline markup: emphasis that goes on to
        // the next line keeps the title whole rather than leave its tags unbalanced.
        let mut paragraph_goes_on = false;
        let mut open = 0usize;
        let mut event = next.or_else(|| self.inner.next());
        while let Some(current) = event {
            match current {
                Event::SoftBreak | Event::HardBreak if open == 0 => {
                    paragraph_goes_on = true;
                    break;
                }
                Event::End(TagEnd::Paragraph) => break,
                Event::SoftBreak => title.push(Event::Text(" ".into())),
                other => {
                    match other {
                        Event::Start(_) => open += 1,
                        Event::End(_) => open = open.saturating_sub(1),
                        _ => {}
                    }
                    title.push(other);
                }
            }
            event = self.inner.next();
        }
        (title, paragraph_goes_on)
    }

    /// Queues an alert's opening: its box, its title (the kind's label when the title is
    /// blank) and, when the first paragraph goes on after the title, that paragraph's start.
    fn queue_alert(
        &mut self,
        found: alerts::Marker<'_>,
        title: Vec<Event<'a>>,
        paragraph_goes_on: bool,
    ) {
        let untitled = title
            .iter()
            .all(|e| matches!(e, Event::Text(t) if t.trim().is_empty()));
        self.queue
            .push_back(Event::Html(alerts::open(found.class, found.fold).into()));
        if untitled {
            self.queue.push_back(Event::Html(found.label.into()));
        } else {
            for event in title {
                let event = self.inline(event);
                self.queue.push_back(event);
            }
        }
        self.queue
            .push_back(Event::Html(alerts::after_title(found.fold).into()));
        if paragraph_goes_on {
            self.queue.push_back(Event::Start(Tag::Paragraph));
        }
    }

    /// Buffers a heading, gives it a unique id and a self-link, and records it in the TOC —
    /// or, for the first `#` heading when a title is wanted, takes it out as the title, and
    /// leaves out a first `#` heading that repeats the title. The theme prints the title as
    /// the page's one `<h1>`, so every other `#` heading is written as an `<h2>`.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) {
        let mut inner = Vec::new();
        let mut text = String::new();
        // The table of contents' title also keeps the placeholders of links whose text is
        // their target's title (`[[OPS01-BP01]]`): it is filled in once links resolve. The
        // id comes from the written text alone, so it does not change when a title does.
        let mut title = String::new();
        for event in self.inner.by_ref() {
            match &event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(t);
                    title.push_str(t);
                }
                Event::InlineHtml(h) if links::is_text_placeholder(h) => title.push_str(h),
                _ => {}
            }
            inner.push(event);
        }
        let text = text.trim().to_string();
        let title = if title.contains('\u{1}') {
            title.trim().to_string()
        } else {
            text.clone()
        };
        self.state.words += count_words(&text);
        if level == HeadingLevel::H1 && !self.state.seen_h1 {
            self.state.seen_h1 = true;
            if self.state.want_title {
                self.state.title = Some(text);
                return;
            }
            if self
                .title
                .is_some_and(|title| title::repeats_title(&text, title, self.id))
            {
                return;
            }
        }
        let level = match level {
            HeadingLevel::H1 => HeadingLevel::H2,
            other => other,
        };
        let id = match id {
            Some(explicit) => {
                self.state.ids.insert(explicit.to_string());
                explicit.to_string()
            }
            None => self.state.unique_id(&heading_id(&text)),
        };
        // A real link, reachable by keyboard, named for what it does (the `#` alone would
        // be read as "number sign"); the theme shows it on hover and on focus.
        let anchor =
            format!("<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>");
        self.state.toc.push(Heading {
            level: level as u8,
            id: id.clone(),
            title,
        });
        self.queue.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        }));
        self.queue.extend(inner);
        self.queue.push_back(Event::InlineHtml(anchor.into()));
        self.queue.push_back(Event::End(TagEnd::Heading(level)));
    }

    /// Moves a footnote definition to the end of the body.
    fn footnote(&mut self, label: CowStr<'a>) {
        self.state.footnotes = true;
        let mut events = Vec::new();
        let mut depth = 1usize;
        for event in self.inner.by_ref() {
            match &event {
                Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                Event::End(TagEnd::FootnoteDefinition) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Text(t) => self.state.words += count_words(t),
                _ => {}
            }
            events.push(event);
        }
        self.footnotes.push((label.to_string(), events));
    }

    /// `<sup>` linking to a footnote, numbered in order of first reference.
    fn footnote_reference(&mut self, label: &str) -> String {
        let index = match self.references.iter().position(|(l, _)| l == label) {
            Some(i) => i,
            None => {
                self.references.push((label.to_string(), 0));
                self.references.len() - 1
            }
        };
        self.references[index].1 += 1;
        let id = footnote_id(label, index);
        let nth = self.references[index].1;
        let back = if nth == 1 {
            format!("fnref-{id}")
        } else {
            format!("fnref-{id}-{nth}")
        };
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{back}\">{}</a></sup>",
            index + 1
        )
    }

    /// Queues the footnotes as a numbered list, in order of first reference; definitions
    /// never referenced follow. Each ends with a link back to its first reference.
    fn flush_footnotes(&mut self) {
        let mut defs = std::mem::take(&mut self.footnotes);
        let order = |label: &str| {
            self.references
                .iter()
                .position(|(l, _)| l == label)
                .unwrap_or(usize::MAX)
        };
        defs.sort_by_key(|(label, _)| order(label));
        self.queue.push_back(Event::Html(
            "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n".into(),
        ));
        for (position, (label, mut events)) in defs.into_iter().enumerate() {
            let referenced = order(&label) != usize::MAX;
            let id = footnote_id(&label, position);
            self.queue
                .push_back(Event::Html(format!("<li id=\"fn-{id}\">\n").into()));
            if referenced {
                let back = Event::InlineHtml(
                    format!(
                        " <a href=\"#fnref-{id}\" class=\"footnote-backref\" aria-label=\"Back to reference {}\">↩</a>",
                        position + 1
                    )
                    .into(),
                );
                match events
                    .iter()
                    .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
                {
                    Some(end) => events.insert(end, back),
                    None => events.push(back),
                }
            }
            self.queue.extend(events);
            self.queue.push_back(Event::Html("</li>\n".into()));
        }
        self.queue
            .push_back(Event::Html("</ol>\n</section>\n".into()));
    }
}

/// An id-safe form of a footnote label (`[^Source 1]` → `source-1`), or its number.
fn footnote_id(label: &str, index: usize) -> String {
    let id = heading_id(label);
    if id.is_empty() {
        (index + 1).to_string()
    } else {
        id
    }
}

/// One entry of a nested table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocNode {
    /// The heading.
    pub heading: Heading,
    /// Headings nested under it.
    pub children: Vec<TocNode>,
}

/// Nests a flat heading list by level: an `h3` after an `h2` becomes its child. A heading
/// that skips levels (an `h4` right under an `h2`) nests under the nearest shallower one.
pub fn toc_tree(headings: &[Heading]) -> Vec<TocNode> {
    // Iterative: a stack of open nodes, each closed into its parent when a heading at the
    // same or a shallower level arrives.
    let mut roots: Vec<TocNode> = Vec::new();
    let mut stack: Vec<TocNode> = Vec::new();
    for h in headings {
        while stack
            .last()
            .is_some_and(|open| open.heading.level >= h.level)
        {
            let done = stack.pop().expect("checked non-empty");
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => roots.push(done),
            }
        }
        stack.push(TocNode {
            heading: h.clone(),
            children: Vec::new(),
        });
    }
    while let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => roots.push(done),
        }
    }
    roots
}

/// The table of contents as HTML: nested `<ol>` lists of links to the headings, escaped
/// the way Tera escapes a printed value. Templates get it as `page.toc_html`, as Hugo gives
/// `.TableOfContents`: walking `page.toc` in a recursive template component cost a 1,000-page
/// build 3% of its instructions, for markup every page shows the same way.
pub fn toc_html(nodes: &[TocNode]) -> String {
    fn list(nodes: &[TocNode], out: &mut String) {
        out.push_str("<ol>");
        for node in nodes {
            out.push_str("\n<li><a href=\"#");
            crate::text::escape_html_into(out, &node.heading.id);
            out.push_str("\">");
            crate::text::escape_html_into(out, &node.heading.title);
            out.push_str("</a>");
            if !node.children.is_empty() {
                list(&node.children, out);
            }
            out.push_str("</li>");
        }
        out.push_str("\n</ol>");
    }
    let mut out = String::new();
    if !nodes.is_empty() {
        list(nodes, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, &Options::default()).html
    }

    #[test]
    fn kept_bodies_and_link_records_have_no_spare_room() {
        // Every body and its links live until the site is written: spare capacity is memory
        // the kernel must zero for nothing. Long enough to outgrow any first guess, with
        // five links (a vector grown by doubling would hold eight) on lines longer than
        // the 120 characters a link's location keeps.
        let line = "word ".repeat(60);
        let mut md = String::new();
        for i in 0..5 {
            md.push_str(&format!("{line}[link {i}](../other-{i}.md) {line}\n\n"));
        }
        md.push_str(&"| a | b |\n|---|---|\n| <x> | & |\n".repeat(40));
        let out = render(&md, &Options::default());
        assert!(
            out.html.len() > md.len() * 5 / 4,
            "the body outgrew the first guess"
        );
        assert_eq!(out.html.capacity(), out.html.len());
        assert_eq!(out.links.len(), 5);
        assert_eq!(out.links.capacity(), 5);
        for link in &out.links {
            assert!(link.location.text.starts_with('…') && link.location.text.ends_with('…'));
            assert_eq!(link.location.text.capacity(), link.location.text.len());
        }
        // A second render on the same thread starts from a clean scratch buffer.
        assert_eq!(html("one"), "<p>one</p>\n");
    }

    #[test]
    fn headings_get_unique_ids_and_self_links() {
        let out = render(
            "## Setup\n\n## Setup\n\n### Setup {#custom .wide}\n",
            &Options::default(),
        );
        let ids: Vec<_> = out.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["setup", "setup-1", "custom"]);
        assert!(
            out.html.contains(
                "<h2 id=\"setup\">Setup<a class=\"anchor\" href=\"#setup\" aria-label=\"Link to this section\">#</a></h2>"
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h3 id=\"custom\" class=\"wide\">"));
    }

    #[test]
    fn generated_ids_avoid_explicit_ones() {
        let out = render("## A {#b}\n\n## B\n", &Options::default());
        let ids: Vec<_> = out.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["b", "b-1"]);
    }

    #[test]
    fn first_h1_becomes_the_title_only_when_asked() {
        let md = "[nav](/x)\n\n# OPS01-BP01 Evaluate needs\n\nBody\n\n# Second\n";
        let out = render(
            md,
            &Options {
                title_from_heading: true,
                ..Options::default()
            },
        );
        assert_eq!(out.title.as_deref(), Some("OPS01-BP01 Evaluate needs"));
        assert!(!out.html.contains("Evaluate needs"));
        // The theme prints the title as the one `<h1>`: later ones are written as `<h2>`.
        assert!(out.html.contains("<h2 id=\"second\">"));
        assert_eq!(out.toc[0].level, 2);
        let out = render(md, &Options::default());
        assert_eq!(out.title, None);
        assert!(out.html.contains("<h2 id=\"ops01-bp01-evaluate-needs\">"));
    }

    #[test]
    fn a_first_h1_repeating_the_title_is_left_out() {
        let md =
            "[nav](/x)\n\n# OPS01-BP01 — Evaluate needs\n\nBody\n\n## Steps\n\n# Evaluate needs\n";
        let out = render(
            md,
            &Options {
                title: Some("Evaluate needs"),
                id: Some("OPS01-BP01"),
                ..Options::default()
            },
        );
        assert_eq!(out.title, None);
        assert!(!out.html.contains("<h1"), "{}", out.html);
        // Only the first `#` heading may repeat the title; ids stay those of the text.
        let ids: Vec<_> = out.toc.iter().map(|h| (h.level, h.id.as_str())).collect();
        assert_eq!(ids, [(2, "steps"), (2, "evaluate-needs")]);
        assert_eq!(out.anchors, ["evaluate-needs", "steps"]);
        // A first heading that says something else stays, as an `<h2>`.
        let out = render(
            "# Why it matters\n\nBody\n",
            &Options {
                title: Some("Evaluate needs"),
                ..Options::default()
            },
        );
        assert!(
            out.html.starts_with("<h2 id=\"why-it-matters\">"),
            "{}",
            out.html
        );
    }

    #[test]
    fn extensions_are_on() {
        let out = html("| a |\n|---|\n| b |\n\n~~gone~~\n\n- [x] done\n\n\"quoted\" -- dash\n");
        assert!(out.contains("<table>"));
        assert!(out.contains("<del>gone</del>"));
        assert!(out.contains("type=\"checkbox\""));
        assert!(out.contains("“quoted” –"));
    }

    #[test]
    fn alerts_get_a_title_and_class() {
        let out = html("> [!WARNING]\n> Mind the gap.\n");
        assert_eq!(
            out,
            "<div class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n\
             <p>Mind the gap.</p>\n</div>\n"
        );
        let plain = html("> just a quote\n");
        assert!(plain.starts_with("<blockquote>"));
    }

    #[test]
    fn alerts_take_a_title_of_their_own_with_its_markup() {
        let out = html("> [!NOTE] Read *this* first\n> Body.\n");
        assert_eq!(
            out,
            "<div class=\"alert alert-note\" role=\"note\">\n<p class=\"alert-title\">Read <em>this</em> first</p>\n\
             <p>Body.</p>\n</div>\n"
        );
        // A title alone in the first paragraph leaves no empty paragraph behind.
        let out = html("> [!tip] Title\n>\n> Para.\n");
        assert_eq!(
            out,
            "<div class=\"alert alert-tip\" role=\"note\">\n<p class=\"alert-title\">Title</p>\n\
             <p>Para.</p>\n</div>\n"
        );
        // Obsidian's kinds, in any case; an unknown kind stays a quote, text and all.
        assert!(html("> [!Danger]\n> Hot.\n").starts_with(
            "<div class=\"alert alert-danger\" role=\"note\">\n<p class=\"alert-title\">Danger</p>"
        ));
        assert_eq!(
            html("> [!nonsense] Hello\n"),
            "<blockquote>\n<p>[!nonsense] Hello</p>\n</blockquote>\n"
        );
    }

    #[test]
    fn a_title_whose_markup_runs_on_to_the_next_line_stays_balanced() {
        let out = html("> [!NOTE] *Read\n> this* first\n> Body.\n");
        assert!(
            out.starts_with(
                "<div class=\"alert alert-note\" role=\"note\">\n<p class=\"alert-title\"><em>Read this</em> first</p>\n<p>Body.</p>"
            ),
            "{out}"
        );
    }

    #[test]
    fn folding_alerts_are_details_closed_or_open() {
        let out = html("> [!example]- Show the output\n> Hidden *until* opened.\n");
        assert_eq!(
            out,
            "<details class=\"alert alert-example\">\n<summary class=\"alert-title\">Show the output</summary>\n\
             <p>Hidden <em>until</em> opened.</p>\n</details>\n"
        );
        let out = html("> [!faq]+\n> Why?\n");
        assert!(
            out.starts_with("<details class=\"alert alert-question\" open>\n<summary class=\"alert-title\">Faq</summary>\n<p>Why?</p>"),
            "{out}"
        );
    }

    #[test]
    fn quotes_nested_in_alerts_and_alerts_in_quotes_close_in_order() {
        let out = html("> [!NOTE] Outer\n> > inner quote\n>\n> > [!bug]\n> > Crawls.\n\nAfter.\n");
        assert_eq!(
            out,
            "<div class=\"alert alert-note\" role=\"note\">\n<p class=\"alert-title\">Outer</p>\n\
             <blockquote>\n<p>inner quote</p>\n</blockquote>\n\
             <div class=\"alert alert-bug\" role=\"note\">\n<p class=\"alert-title\">Bug</p>\n<p>Crawls.</p>\n</div>\n\
             </div>\n<p>After.</p>\n"
        );
    }

    #[test]
    fn footnotes_move_to_the_end_numbered_with_back_links() {
        let out = html(
            "Text[^b] more[^a] again[^b].\n\n[^a]: Note A.\n\n[^b]: Note B.\n\n[^unused]: Spare.\n\n## A\n\nLast paragraph.\n",
        );
        let last = out.find("Last paragraph.").unwrap();
        assert!(out.find("Note A.").unwrap() > last, "{out}");
        assert!(
            out.contains(
                "<sup class=\"footnote-ref\"><a href=\"#fn-b\" id=\"fnref-b\">1</a></sup>"
            )
        );
        assert!(out.contains("<a href=\"#fn-a\" id=\"fnref-a\">2</a>"));
        assert!(out.contains("<a href=\"#fn-b\" id=\"fnref-b-2\">1</a>"));
        let b = out.find("<li id=\"fn-b\">").unwrap();
        let a = out.find("<li id=\"fn-a\">").unwrap();
        let spare = out.find("Spare.").unwrap();
        assert!(b < a && a < spare, "ordered by first reference: {out}");
        assert!(out.contains("Note B. <a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a></p>"));
        // Footnote ids never clash with heading ids.
        assert!(out.contains("<h2 id=\"a\">"));
    }

    #[test]
    fn tables_are_wrapped_for_scrolling() {
        let out = html("| a |\n|---|\n| b |\n");
        assert!(
            out.starts_with("<div class=\"table-wrap\">\n<table>"),
            "{out}"
        );
        assert!(out.trim_end().ends_with("</table>\n</div>"), "{out}");
    }

    #[test]
    fn task_list_checkboxes_are_labelled_by_their_item_text() {
        let out = html("- [x] done *well*\n- [ ] open\n  - nested\n\n1. [ ] loose\n\n   more\n");
        assert!(
            out.contains("<li><label class=\"task\"><input disabled=\"\" type=\"checkbox\" checked=\"\"/> done <em>well</em></label></li>"),
            "{out}"
        );
        assert!(
            out.contains("<input disabled=\"\" type=\"checkbox\"/> open</label>\n<ul>"),
            "{out}"
        );
        assert!(out.contains("<p><label class=\"task\"><input disabled=\"\" type=\"checkbox\"/> loose</label></p>"), "{out}");
        assert_eq!(
            out.matches("<label").count(),
            out.matches("</label>").count()
        );
    }

    #[test]
    fn empty_table_header_cells_become_data_cells() {
        let out = html("| | A | |\n|---|:-:|--:|\n| x | y | z |\n");
        assert!(
            !out.contains("<th></th>") && !out.contains("\"></th>"),
            "{out}"
        );
        assert!(
            out.contains("<tr><td></td><th style=\"text-align: center\">A</th><td></td></tr>"),
            "{out}"
        );
        // The body keeps its alignment.
        assert!(
            out.contains("<td style=\"text-align: right\">z</td>"),
            "{out}"
        );
    }

    #[test]
    fn raw_html_passes_through() {
        let out = html("<div class=\"x\">kept</div>\n\nstray </awsdocs-view>\n");
        assert!(out.contains("<div class=\"x\">kept</div>"));
        assert!(out.contains("</awsdocs-view>"));
    }

    #[test]
    fn summary_stops_at_the_marker() {
        let out = render(
            "First para.\n\n<!-- more -->\n\nRest.\n",
            &Options::default(),
        );
        assert_eq!(out.summary(), Some("<p>First para.</p>"));
        let out = render("No marker. `<!-- more -->`\n", &Options::default());
        assert_eq!(out.summary(), None);
        // Hugo's spelling.
        let out = render("First.\n\n<!--more-->\n\nRest.\n", &Options::default());
        assert_eq!(out.summary(), Some("<p>First.</p>"));
    }

    #[test]
    fn summary_text_is_the_first_paragraph_with_words_of_its_own() {
        let md = "[Home](/)[Docs](docs.md)\n\n# Title\n\n> Quoted first.\n\n- listed\n\n\
                  Plain *text* &amp; `code`,\nover [two](x) lines.\n\nSecond.\n";
        let out = render(md, &Options::default());
        assert_eq!(
            out.summary_text.as_deref(),
            Some("Plain text & code, over two lines.")
        );
        let long = "word ".repeat(50);
        let out = render(&long, &Options::default());
        let text = out.summary_text.unwrap();
        assert!(
            text.ends_with("word…") && text.chars().count() <= 160,
            "{text}"
        );
        let out = render(
            &long,
            &Options {
                whole_summary: true,
                ..Options::default()
            },
        );
        assert_eq!(out.summary_text.unwrap(), long.trim_end());
        // Link-text placeholders wait for their titles, uncut.
        let out = render(&format!("See [[OPS01]] {long}"), &Options::default());
        let text = out.summary_text.unwrap();
        assert!(text.starts_with("See \u{1}0t\u{1} word"), "{text:?}");
        assert!(
            render("![only](x.png)\n", &Options::default())
                .summary_text
                .is_none()
        );
    }

    #[test]
    fn words_exclude_code_blocks() {
        let out = render(
            "one two three\n\n```\nnot counted here\n```\n",
            &Options::default(),
        );
        assert_eq!(out.word_count, 3);
        assert_eq!(out.reading_time(), 1);
        assert_eq!(render("", &Options::default()).reading_time(), 0);
    }

    #[test]
    fn words_are_counted_like_split_ascii_whitespace() {
        let long = "word ".repeat(300) + "\x0c tail\r\nend";
        let packed = "ab ".repeat(200);
        for text in [
            "",
            " ",
            "one",
            " two  words ",
            "a\tb\nc",
            "déjà vu – ça",
            "x\x0by",
            &long,
            &packed,
        ] {
            assert_eq!(
                count_words(text),
                text.split_ascii_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn anchors_come_from_headings_footnotes_and_raw_html() {
        let out = render("## A\n\nx[^n]\n\n[^n]: note\n", &Options::default());
        assert_eq!(out.anchors, ["a", "fn-n", "fnref-n"]);
        let out = render("## A\n\n<span id=\"raw\"></span>\n", &Options::default());
        assert_eq!(out.anchors, ["a", "raw"]);
        let out = render("## B\n\n## B\n", &Options::default());
        assert_eq!(out.anchors, ["b", "b-1"]);
    }

    #[test]
    fn toc_nests_by_level() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            title: id.into(),
        };
        let tree = toc_tree(&[
            h(2, "a"),
            h(3, "a1"),
            h(4, "a1x"),
            h(2, "b"),
            h(4, "b-deep"),
            h(1, "c"),
        ]);
        assert_eq!(tree.len(), 3);
        assert_eq!(tree[0].children[0].children[0].heading.id, "a1x");
        assert_eq!(tree[1].children[0].heading.id, "b-deep");
        assert_eq!(tree[2].heading.id, "c");
    }

    #[test]
    fn toc_html_nests_lists_and_escapes_titles() {
        let h = |level, id: &str, title: &str| Heading {
            level,
            id: id.into(),
            title: title.into(),
        };
        let tree = toc_tree(&[
            h(2, "a", "Fish & <chips>"),
            h(3, "a1", "Say \"when\""),
            h(2, "b", "B"),
        ]);
        assert_eq!(
            toc_html(&tree),
            "<ol>\n<li><a href=\"#a\">Fish &amp; &lt;chips&gt;</a><ol>\n\
             <li><a href=\"#a1\">Say &quot;when&quot;</a></li>\n</ol></li>\n\
             <li><a href=\"#b\">B</a></li>\n</ol>"
        );
        assert_eq!(toc_html(&[]), "");
    }

    #[test]
    fn deeply_nested_blockquotes_do_not_overflow_the_stack() {
        let md = ">".repeat(10_000) + " deep\n";
        let out = render(&md, &Options::default());
        assert!(out.html.contains("deep"));
    }
}
