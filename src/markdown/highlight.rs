//! Code blocks as HTML: build-time syntax highlighting with syntect and bat's syntaxes (the
//! two-face crate), written as `<span class="hl-…">` tokens that the theme's stylesheet
//! colours, so light and dark schemes both work; numbered and marked lines as the info
//! string asks (see [`super::fence`]). Owns the [`Highlighter`] a build shares across its
//! threads, loaded on the first block that names a language; knows nothing of files.
//!
//! Measured in December 2026 on 2 cores, release build: loading the syntax set takes ~1.6 ms;
//! a language's patterns compile on its first block (0.1-8 ms); a 10-line Rust block then
//! costs ~150 µs. syntect's pure-Rust regex backend (fancy-regex) was 3.7× slower a block
//! and 10-20× slower to compile a language (TypeScript 153 ms), so Oniguruma it is.
//!
//! ```
//! use praxis::markdown::{render, highlight::Highlighter, Options};
//! let highlighter = Highlighter::default();
//! let options = Options { highlighter: Some(&highlighter), ..Default::default() };
//! let out = render("```rust\nfn main() {}\n```\n", &options);
//! assert!(out.html.contains("<span class=\"hl-kw\">fn</span>"), "{}", out.html);
//! ```

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use crate::text::{escape_html_into, escape_text_into};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};

use super::fence::{self, Fence};
use crate::diagnostics::Location;

/// Blocks longer than this, or with a line longer than [`LONGEST_LINE`], are written plain:
/// a generated or minified file pasted whole would cost seconds to highlight.
const LONGEST_BLOCK: usize = 256 * 1024;
const LONGEST_LINE: usize = 10_000;

/// Languages written as `text`, `plain` and the like: plain on purpose.
const PLAIN: &[&str] = &[
    "text",
    "plain",
    "plaintext",
    "txt",
    "none",
    "output",
    "nohighlight",
];

/// Names authors use that the syntax set knows by another one.
const ALIASES: &[(&str, &str)] = &[
    ("console", "bash"),
    ("shell", "bash"),
    ("shell-session", "bash"),
    ("terminal", "bash"),
    ("zsh", "bash"),
    ("docker", "dockerfile"),
    ("containerfile", "dockerfile"),
    ("golang", "go"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("py3", "python"),
    ("python3", "python"),
    ("hcl", "tf"),
    ("terraform", "tf"),
    ("patch", "diff"),
];

/// Token classes by scope prefix, the more specific first: a token takes the class of the
/// innermost of its scopes that has one.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "hl-cm"),
    ("constant.character.escape", "hl-es"),
    ("constant.numeric", "hl-nu"),
    ("constant", "hl-co"),
    ("support.constant", "hl-co"),
    ("string", "hl-st"),
    ("markup.raw", "hl-st"),
    ("keyword.operator", "hl-op"),
    ("keyword", "hl-kw"),
    ("storage", "hl-kw"),
    ("entity.name.function", "hl-fn"),
    ("support.function", "hl-fn"),
    ("support.macro", "hl-fn"),
    ("variable.function", "hl-fn"),
    ("entity.name.tag", "hl-tg"),
    ("entity.other.attribute-name", "hl-at"),
    ("meta.annotation", "hl-at"),
    ("entity.name.section", "hl-he"),
    ("entity.name", "hl-ty"),
    ("entity.other.inherited-class", "hl-ty"),
    ("support.type", "hl-ty"),
    ("support.class", "hl-ty"),
    ("variable.language", "hl-va"),
    ("variable.parameter", "hl-va"),
    ("markup.inserted", "hl-in"),
    ("markup.deleted", "hl-de"),
    ("markup.heading", "hl-he"),
    ("meta.diff.range", "hl-he"),
    ("meta.diff.header", "hl-he"),
    ("markup.bold", "hl-sg"),
    ("markup.italic", "hl-em"),
    ("markup.underline.link", "hl-li"),
];

/// The syntax set and the class table, loaded once and shared by every thread of a build
/// (clones share it). Nothing is loaded until a block names a language.
#[derive(Clone, Default)]
pub struct Highlighter {
    loaded: Arc<OnceLock<Loaded>>,
}

struct Loaded {
    syntaxes: SyntaxSet,
    classes: Vec<(Scope, &'static str)>,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("loaded", &self.is_loaded())
            .finish()
    }
}

impl Highlighter {
    /// Whether the syntax set has been loaded (a site without code never loads it).
    pub fn is_loaded(&self) -> bool {
        self.loaded.get().is_some()
    }

    fn loaded(&self) -> &Loaded {
        self.loaded.get_or_init(|| Loaded {
            syntaxes: two_face::syntax::extra_newlines(),
            classes: CLASSES
                .iter()
                .map(|&(prefix, class)| (Scope::new(prefix).expect("a valid scope"), class))
                .collect(),
        })
    }

    /// The syntax for a language name or alias, if it is one the set knows.
    fn syntax(&self, lang: &str) -> Option<(&Loaded, &SyntaxReference)> {
        if PLAIN.iter().any(|p| p.eq_ignore_ascii_case(lang)) {
            return None;
        }
        let lower = lang.to_ascii_lowercase();
        let token = ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map_or(lang, |(_, to)| to);
        let loaded = self.loaded();
        let syntax = loaded.syntaxes.find_syntax_by_token(token)?;
        Some((loaded, syntax))
    }
}

impl Loaded {
    /// The class of one scope, if any prefix of it has one.
    fn class(&self, scope: Scope) -> Option<&'static str> {
        self.classes
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(scope))
            .map(|&(_, class)| class)
    }
}

/// The scope stack with, for each depth, the class a token there takes: its innermost
/// scope's that has one. Kept up as scopes are pushed and popped, rather than looked up
/// again along the whole stack for every token (a tenth of a build's time when it was).
struct Classes {
    stack: ScopeStack,
    at_depth: Vec<Option<&'static str>>,
}

impl Classes {
    fn new() -> Self {
        Classes {
            stack: ScopeStack::new(),
            at_depth: Vec::new(),
        }
    }

    fn current(&self) -> Option<&'static str> {
        self.at_depth.last().copied().flatten()
    }

    fn apply(&mut self, op: &ScopeStackOp, loaded: &Loaded) -> Result<(), syntect::Error> {
        self.stack.apply(op)?;
        match op {
            ScopeStackOp::Push(scope) => {
                let class = loaded.class(*scope).or(self.current());
                self.at_depth.push(class);
            }
            ScopeStackOp::Pop(n) => {
                let depth = self.at_depth.len().saturating_sub(*n);
                self.at_depth.truncate(depth);
            }
            _ => {}
        }
        // Cleared and restored scopes: count again from the outermost.
        if self.at_depth.len() != self.stack.len() {
            self.at_depth.clear();
            for &scope in self.stack.as_slice() {
                let class = loaded.class(scope).or(self.current());
                self.at_depth.push(class);
            }
        }
        Ok(())
    }
}

/// An info-string option that was not understood, or a marked line past the block's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeWarning {
    /// Where in the file.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl CodeWarning {
    /// How to fix it.
    pub const HELP: &'static str = fence::HELP;
}

/// Where fenced blocks with options start in the source, noted as the parser meets them:
/// the writer sees blocks later and, for footnotes, in another order.
#[derive(Default)]
pub(super) struct FenceLog {
    fences: RefCell<Vec<(usize, String)>>,
}

impl FenceLog {
    /// Notes a parser event.
    pub(super) fn note(&self, (event, range): &(Event<'_>, Range<usize>)) {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event
            && has_options(info)
        {
            self.fences
                .borrow_mut()
                .push((range.start, info.to_string()));
        }
    }

    /// Where the first noted block with `info` starts, taken out of the log.
    fn take(&self, info: &str) -> Option<usize> {
        let mut fences = self.fences.borrow_mut();
        let index = fences.iter().position(|(_, noted)| noted == info)?;
        Some(fences.remove(index).0)
    }
}

fn has_options(info: &str) -> bool {
    info.trim().contains([',', '{', ' ', '\t', '='])
}

/// The event adapter that writes every code block as one HTML event, just before the HTML
/// writer: everything upstream (word counts, summaries) still sees the code as text.
pub(super) struct CodeBlocks<'h, I> {
    inner: I,
    highlighter: Option<&'h Highlighter>,
    log: &'h FenceLog,
    source: &'h str,
    first_line: usize,
    warnings: Vec<CodeWarning>,
}

impl<'h, I> CodeBlocks<'h, I> {
    pub(super) fn new(
        inner: I,
        highlighter: Option<&'h Highlighter>,
        log: &'h FenceLog,
        source: &'h str,
        first_line: usize,
    ) -> Self {
        CodeBlocks {
            inner,
            highlighter,
            log,
            source,
            first_line,
            warnings: Vec::new(),
        }
    }

    /// The warnings met, in the order of the blocks written.
    pub(super) fn finish(self) -> Vec<CodeWarning> {
        self.warnings
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for CodeBlocks<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self.inner.next()? {
            Event::Start(Tag::CodeBlock(kind)) => Some(Event::Html(self.block(kind).into())),
            other => Some(other),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> CodeBlocks<'_, I> {
    fn block(&mut self, kind: CodeBlockKind<'a>) -> String {
        let mut code = String::new();
        for event in self.inner.by_ref() {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let info: CowStr<'a> = match kind {
            CodeBlockKind::Fenced(info) => info,
            CodeBlockKind::Indented => CowStr::Borrowed(""),
        };
        let (fence, problems) = fence::parse(&info);
        let lines = code.lines().count();
        let past_end = fence.marked.iter().find(|range| *range.end() > lines);
        if has_options(&info) {
            let at = self.log.take(&info);
            let mut warn = |offset: usize, message: String| {
                let location = self.locate(at, &info, offset);
                self.warnings.push(CodeWarning { location, message });
            };
            for problem in problems {
                warn(problem.at, problem.message);
            }
            if let Some(range) = past_end {
                let message = format!(
                    "`hl_lines` marks line {} of a block of {lines} line{}",
                    range.end(),
                    if lines == 1 { "" } else { "s" }
                );
                warn(info.find("hl_lines").unwrap_or(0), message);
            }
        }
        let mut out = String::with_capacity(code.len() * 3 + 64);
        write_block(&mut out, &fence, &code, self.highlighter);
        out
    }

    /// The location of `offset` inside the info string of the block that starts at `start`.
    fn locate(&self, start: Option<usize>, info: &str, offset: usize) -> Location {
        let start = start.unwrap_or(0);
        let info_at = self.source[start..].find(info).map_or(start, |i| start + i);
        Location::of_offset(self.source, info_at + offset, self.first_line).clipped(120)
    }
}

/// Writes one block: `<pre tabindex="0">` (focusable, so a keyboard can scroll it) around
/// `<code class="language-…">`, the code highlighted when its language is known.
pub fn write_block(out: &mut String, fence: &Fence, code: &str, highlighter: Option<&Highlighter>) {
    out.push_str("<pre tabindex=\"0\"><code");
    if let Some(lang) = fence.lang {
        out.push_str(" class=\"language-");
        escape_html_into(out, lang);
        out.push('"');
    }
    out.push('>');
    let too_big = code.len() > LONGEST_BLOCK || code.lines().any(|l| l.len() > LONGEST_LINE);
    let syntax = fence
        .lang
        .filter(|_| !too_big)
        .and_then(|lang| highlighter?.syntax(lang));
    let start = out.len();
    let highlighted = syntax.is_some_and(|(loaded, syntax)| {
        Tokens::new(out, fence, loaded).write(code, syntax).is_ok()
    });
    if !highlighted {
        out.truncate(start);
        plain(out, fence, code);
    }
    out.push_str("</code></pre>\n");
}

/// The code escaped, line by line when lines are numbered or marked.
fn plain(out: &mut String, fence: &Fence, code: &str) {
    if !fence.by_line() {
        escape_text_into(out, code);
        return;
    }
    let digits = last_line_digits(fence, code);
    for (index, line) in code.lines().enumerate() {
        open_line(out, fence, index + 1, digits);
        escape_text_into(out, line);
        out.push_str("\n</span>");
    }
}

fn last_line_digits(fence: &Fence, code: &str) -> usize {
    let last = fence.start + code.lines().count().saturating_sub(1);
    last.to_string().len()
}

/// `<span class="line">`, with `hl` when marked and the number (padded to the widest, so
/// numbers align) in `data-ln`, which the stylesheet shows: never selected or copied.
fn open_line(out: &mut String, fence: &Fence, line: usize, digits: usize) {
    out.push_str("<span class=\"line");
    if fence.is_marked(line) {
        out.push_str(" hl");
    }
    out.push('"');
    if fence.linenos {
        let number = fence.start + line - 1;
        out.push_str(&format!(" data-ln=\"{number:>digits$}\""));
    }
    out.push('>');
}

/// Writes highlighted tokens, merging neighbours of one class into one span.
struct Tokens<'o, 'f> {
    out: &'o mut String,
    fence: &'f Fence<'f>,
    loaded: &'o Loaded,
    open: Option<&'static str>,
}

impl<'o, 'f> Tokens<'o, 'f> {
    fn new(out: &'o mut String, fence: &'f Fence<'f>, loaded: &'o Loaded) -> Self {
        Tokens {
            out,
            fence,
            loaded,
            open: None,
        }
    }

    fn write(mut self, code: &str, syntax: &SyntaxReference) -> Result<(), syntect::Error> {
        let mut state = ParseState::new(syntax);
        let mut classes = Classes::new();
        let by_line = self.fence.by_line();
        let digits = last_line_digits(self.fence, code);
        for (index, line) in syntect::util::LinesWithEndings::from(code).enumerate() {
            if by_line {
                open_line(self.out, self.fence, index + 1, digits);
            }
            let ops = state.parse_line(line, &self.loaded.syntaxes)?;
            let text = line.trim_end_matches('\n');
            let mut class = classes.current();
            let mut at = 0;
            for (position, op) in &ops {
                let position = (*position).min(text.len());
                if position > at {
                    self.token(&text[at..position], class);
                    at = position;
                }
                classes.apply(op, self.loaded)?;
                class = classes.current();
            }
            self.token(&text[at..], class);
            self.close();
            if line.ends_with('\n') || by_line {
                self.out.push('\n');
            }
            if by_line {
                self.out.push_str("</span>");
            }
        }
        Ok(())
    }

    fn token(&mut self, text: &str, class: Option<&'static str>) {
        if text.is_empty() {
            return;
        }
        if self.open != class {
            self.close();
            if let Some(class) = class {
                self.out.push_str("<span class=\"");
                self.out.push_str(class);
                self.out.push_str("\">");
            }
            self.open = class;
        }
        escape_text_into(self.out, text);
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.push_str("</span>");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(info: &str, code: &str, highlighter: Option<&Highlighter>) -> String {
        let (fence, problems) = fence::parse(info);
        assert!(problems.is_empty());
        let mut out = String::new();
        write_block(&mut out, &fence, code, highlighter);
        out
    }

    #[test]
    fn nothing_is_loaded_for_plain_or_unnamed_blocks() {
        let highlighter = Highlighter::default();
        let out = block("", "a < b\n", Some(&highlighter));
        assert_eq!(out, "<pre tabindex=\"0\"><code>a &lt; b\n</code></pre>\n");
        block("text", "plain\n", Some(&highlighter));
        assert!(!highlighter.is_loaded());
        block("rust", "fn x() {}\n", Some(&highlighter));
        assert!(highlighter.is_loaded());
    }

    #[test]
    fn neighbouring_tokens_of_one_class_share_a_span() {
        let highlighter = Highlighter::default();
        let out = block("rust", "// one\n// two\nlet x = 1;\n", Some(&highlighter));
        assert!(
            out.contains(
                "<span class=\"hl-cm\">// one</span>\n<span class=\"hl-cm\">// two</span>\n"
            ),
            "{out}"
        );
        assert!(out.contains("<span class=\"hl-kw\">let</span>"), "{out}");
        assert!(out.contains("<span class=\"hl-nu\">1</span>"), "{out}");
    }

    #[test]
    fn huge_blocks_are_written_plain() {
        let highlighter = Highlighter::default();
        let line = "x".repeat(LONGEST_LINE + 1);
        let out = block(
            "rust",
            &format!("fn a() {{}}\n{line}\n"),
            Some(&highlighter),
        );
        assert!(!out.contains("<span"), "{}", &out[..80]);
    }

    #[test]
    fn numbers_are_padded_to_the_widest() {
        let code = "a\n".repeat(10);
        let out = block("txt,linenos,linenostart=9,hl_lines=2", &code, None);
        assert!(out.contains("<span class=\"line\" data-ln=\" 9\">a\n</span><span class=\"line hl\" data-ln=\"10\">a\n</span>"), "{out}");
    }
}
