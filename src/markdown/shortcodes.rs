//! Shortcodes in markdown source, as Hugo and Zola write them: where each call is, its name
//! and arguments, and the text it wraps. A pure parser: it knows nothing of templates, files
//! or HTML, and reads any input without failing.
//!
//! Hugo writes a call `{{< name args >}}`, whose output is HTML and whose wrapped text is
//! passed on untouched, or `{{% name args %}}`, whose wrapped text is markdown. A call wraps
//! text when a closing tag `{{< /name >}}` follows at the same depth; one written
//! `{{< name />}}` never does. Its arguments are either all positional, separated by spaces
//! (`"quoted \"text\""`, `` `raw text` ``, bare words, numbers, `true` or `false`), or all
//! named (`key="value"`, `key=3`). `{{</* name */>}}` shows the call itself as text.
//!
//! Zola writes `{{ name(key=value) }}` for a call without a body and `{% name(key=value) %}`
//! … `{% end %}` for one with a body. Its arguments are always named and separated by commas;
//! values are strings in `"`, `'` or `` ` ``, numbers, `true`, `false` or arrays `[1, "a"]`.
//! `{{/* name() */}}` and `{%/* name() */%}` show the call as text. Tera templates use the
//! same braces, so a Zola form counts only when its name is a shortcode the site defines.
//!
//! A Hugo call that cannot be read comes back as a [`Node::Malformed`] saying what is wrong;
//! a Zola form that cannot be read is left as text.
//!
//! ```
//! use praxis::markdown::shortcodes::{parse, Node, Value};
//! let nodes = parse("{{< note kind=\"tip\" >}}Hi{{< /note >}}", &[], &|_| false);
//! let Some(Node::Call(call)) = nodes.first() else { panic!("{nodes:?}") };
//! assert_eq!(call.name, "note");
//! assert_eq!(call.args[0].value, Value::Str("tip".into()));
//! assert_eq!(call.inner.as_ref().map(|inner| inner.range.clone()), Some(23..25));
//! ```

use std::collections::HashMap;
use std::ops::Range;

use memchr::memmem;

/// How many calls with an inner part may nest; a deeper one is [`Node::Malformed`] (Hugo),
/// or a call without inner part (Zola), so that the nodes stay shallow.
const MAX_DEPTH: usize = 64;

/// How deep Zola arrays may nest.
const MAX_ARRAY_DEPTH: usize = 16;

/// How a call is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Hugo `{{< name >}}`: the inner text is passed raw, the output is HTML.
    Angle,
    /// Hugo `{{% name %}}`: the inner text is markdown.
    Percent,
    /// Zola `{{ name(key=value) }}` (no body).
    ZolaInline,
    /// Zola `{% name(key=value) %}body{% end %}`.
    ZolaBody,
}

impl Form {
    /// The opening and closing delimiters of a tag in this form.
    fn delims(self) -> (&'static str, &'static str) {
        match self {
            Form::Angle => ("{{<", ">}}"),
            Form::Percent => ("{{%", "%}}"),
            Form::ZolaInline => ("{{", "}}"),
            Form::ZolaBody => ("{%", "%}"),
        }
    }

    fn is_hugo(self) -> bool {
        matches!(self, Form::Angle | Form::Percent)
    }
}

/// An argument value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A quoted string (`"…"` with `\"`, `\\`, `\n` and `\t` decoded), a raw one (`` `…` ``,
    /// kept as is), Zola's `'…'`, or a bare word that is not a number or a boolean.
    Str(String),
    /// A bare integer, with an optional sign.
    Int(i64),
    /// A bare number with a fraction or an exponent (or an integer too large for `i64`).
    Float(f64),
    /// A bare `true` or `false`.
    Bool(bool),
    /// A Zola array, `[1, "a", true]`.
    Array(Vec<Value>),
}

/// One argument: named (`key=value`) or positional.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The key of a named argument; `None` for a positional one.
    pub name: Option<String>,
    /// The value.
    pub value: Value,
}

/// A shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The shortcode's name as written (`note`, `docs/tip`).
    pub name: String,
    /// How the call is written.
    pub form: Form,
    /// The arguments, in order.
    pub args: Vec<Arg>,
    /// The whole call, from the opening `{{` to the end of the closing tag (or of the opening
    /// tag when it has no inner part). Byte offsets into the source.
    pub range: Range<usize>,
    /// Where the opening tag ends (byte offset just after its `}}`).
    pub open_end: usize,
    /// The text between the opening and the closing tag, and the calls written in it. `None`
    /// when the call has no closing tag or is self-closing.
    pub inner: Option<Inner>,
}

/// The part of the source a call wraps.
#[derive(Debug, Clone, PartialEq)]
pub struct Inner {
    /// From the end of the opening tag to the start of the closing tag, in the source.
    pub range: Range<usize>,
    /// The nodes written in it, in source order.
    pub nodes: Vec<Node>,
}

/// What the parser finds, in source order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A shortcode call.
    Call(Call),
    /// An escaped call, `{{</* name */>}}`, to be shown as `literal` (here `{{< name >}}`).
    Escaped {
        /// The escaped call in the source, delimiters included.
        range: Range<usize>,
        /// The call as it is to be shown.
        literal: String,
    },
    /// Something that starts like a Hugo shortcode but cannot be read: the range it covers
    /// (at least the `{{<`/`{{%` and up to where reading stopped, or to the end of the
    /// opening tag), and what is wrong, as a sentence a user understands, naming what to write
    /// instead when possible.
    Malformed {
        /// What the problem covers in the source.
        range: Range<usize>,
        /// What is wrong, and what to write instead.
        message: String,
    },
}

/// Every top-level node in `source`, in order, skipping anything that starts inside one of
/// `code` (sorted, non-overlapping byte ranges of code spans and code blocks). `zola(name)`
/// says whether a Zola-form name is a shortcode the site defines: Zola forms whose name it
/// rejects are not calls at all (left as text, no node). Hugo forms are always parsed.
pub fn parse(source: &str, code: &[Range<usize>], zola: &dyn Fn(&str) -> bool) -> Vec<Node> {
    let mut lexer = Lexer {
        src: source,
        code,
        code_at: 0,
        zola,
        pos: 0,
        finder: Finder::new(source.as_bytes()),
        hugo_strict: 0,
        zola_strict: 0,
    };
    let mut tree = Tree::default();
    while let Some(token) = lexer.next_token() {
        tree.push(token);
    }
    tree.finish()
}

/// Whether `source` may hold a shortcode at all (a fast byte check for `{{` or `{%`). Pages
/// without one pay nothing more.
pub fn may_contain(source: &str) -> bool {
    let bytes = source.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|at| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
}

// ---------------------------------------------------------------------------------------------
// Tokens, and the tree built from them.

/// One tag or leaf, as the lexer reads them in source order.
#[derive(Debug)]
enum Token {
    /// A node that takes no inner part.
    Leaf(Node),
    /// An opening tag that may take an inner part (Hugo, not self-closing; or Zola body).
    Open(Call),
    /// A Hugo opening tag that was read to its end but is malformed: its closing tag, if any,
    /// is taken without a second complaint, and what it wraps joins the enclosing level.
    Poisoned { name: String, node: Node },
    /// A Hugo closing tag.
    Close {
        name: String,
        range: Range<usize>,
        form: Form,
    },
    /// Zola's `{% end %}`.
    ZolaEnd(Range<usize>),
}

/// An opening tag still waiting for its closing tag.
struct Frame {
    kind: Kind,
    /// Where its call sits in [`Tree::nodes`] when closing it gives the call an inner part.
    node: Option<usize>,
}

enum Kind {
    Hugo(String),
    Zola,
}

/// Builds the nodes from the tokens with a stack of open tags. All nodes of all open levels
/// stay in one list in source order; closing a tag moves the nodes after its call into the
/// call's inner part, so each node moves once and an unclosed call costs nothing.
#[derive(Default)]
struct Tree {
    nodes: Vec<Node>,
    open: Vec<Frame>,
    /// How many frames are open for each Hugo name, so an orphan closing tag costs no search.
    hugo_open: HashMap<String, usize>,
    zola_open: usize,
    /// How many open frames would give their call an inner part.
    depth: usize,
}

impl Tree {
    fn push(&mut self, token: Token) {
        match token {
            Token::Leaf(node) => self.nodes.push(node),
            Token::Open(call) => self.open_call(call),
            Token::Poisoned { name, node } => {
                self.nodes.push(node);
                self.enter(Kind::Hugo(name), None);
            }
            Token::Close { name, range, form } => self.close_hugo(name, range, form),
            Token::ZolaEnd(range) => self.close_zola(range),
        }
    }

    fn open_call(&mut self, call: Call) {
        let kind = if call.form.is_hugo() {
            Kind::Hugo(call.name.clone())
        } else {
            Kind::Zola
        };
        let at = self.nodes.len();
        if self.depth < MAX_DEPTH {
            self.nodes.push(Node::Call(call));
            self.enter(kind, Some(at));
        } else if call.form.is_hugo() {
            let message = format!(
                "shortcode `{}` is nested more than {MAX_DEPTH} calls deep; close some of the \
                 calls around it",
                call.name
            );
            self.nodes.push(malformed(call.range, message));
            self.enter(kind, None);
        } else {
            self.nodes.push(Node::Call(call));
            self.enter(kind, None);
        }
    }

    fn enter(&mut self, kind: Kind, node: Option<usize>) {
        match &kind {
            Kind::Hugo(name) => *self.hugo_open.entry(name.clone()).or_default() += 1,
            Kind::Zola => self.zola_open += 1,
        }
        self.depth += usize::from(node.is_some());
        self.open.push(Frame { kind, node });
    }

    fn leave(&mut self) -> Option<Frame> {
        let frame = self.open.pop()?;
        match &frame.kind {
            Kind::Hugo(name) => {
                if let Some(count) = self.hugo_open.get_mut(name) {
                    *count = count.saturating_sub(1);
                }
            }
            Kind::Zola => self.zola_open = self.zola_open.saturating_sub(1),
        }
        self.depth = self.depth.saturating_sub(usize::from(frame.node.is_some()));
        Some(frame)
    }

    /// Closes the nearest open Hugo call named `name`; the calls above it stay standalone.
    fn close_hugo(&mut self, name: String, range: Range<usize>, form: Form) {
        if self.hugo_open.get(&name).is_none_or(|&count| count == 0) {
            let (open, close) = form.delims();
            let message = format!(
                "closing tag `{open} /{name} {close}` has no opening `{open} {name} {close}`"
            );
            self.nodes.push(malformed(range, message));
            return;
        }
        while let Some(frame) = self.leave() {
            if matches!(&frame.kind, Kind::Hugo(open) if *open == name) {
                self.attach(frame.node, range);
                return;
            }
        }
    }

    /// Closes the innermost open Zola body; a `{% end %}` with none open is text.
    fn close_zola(&mut self, range: Range<usize>) {
        if self.zola_open == 0 {
            return;
        }
        while let Some(frame) = self.leave() {
            if matches!(frame.kind, Kind::Zola) {
                self.attach(frame.node, range);
                return;
            }
        }
    }

    /// Gives the call at `at` the nodes after it as its inner part, ending at `close`.
    fn attach(&mut self, at: Option<usize>, close: Range<usize>) {
        let Some(at) = at else { return };
        let nodes = self.nodes.split_off((at + 1).min(self.nodes.len()));
        match self.nodes.get_mut(at) {
            Some(Node::Call(call)) => {
                call.inner = Some(Inner {
                    range: call.open_end..close.start,
                    nodes,
                });
                call.range.end = close.end;
            }
            _ => self.nodes.extend(nodes),
        }
    }

    fn finish(self) -> Vec<Node> {
        self.nodes
    }
}

fn malformed(range: Range<usize>, message: String) -> Node {
    Node::Malformed { range, message }
}

// ---------------------------------------------------------------------------------------------
// Searching the source.

/// The end of an escaped call, which [`Finder::find`] looks for.
#[derive(Clone, Copy)]
enum EscapeEnd {
    Angle,
    Percent,
    Inline,
    Body,
}

impl EscapeEnd {
    const COUNT: usize = 4;

    fn bytes(self) -> &'static [u8] {
        match self {
            EscapeEnd::Angle => b"*/>}}",
            EscapeEnd::Percent => b"*/%}}",
            EscapeEnd::Inline => b"*/}}",
            EscapeEnd::Body => b"*/%}",
        }
    }
}

/// The answer to the last search for one needle: searching from `from` found `at`.
#[derive(Clone, Copy, Default)]
struct Memo {
    known: bool,
    from: usize,
    at: Option<usize>,
}

/// Searches that remember their last answer, so that many escapes which never end (each
/// searching to the end of the source) cost one search, not one each.
struct Finder<'a> {
    bytes: &'a [u8],
    memos: [Memo; EscapeEnd::COUNT],
    /// A run of the source without `\n`, from `line.0` to the `\n` (or the end) at `line.1`.
    line: Option<(usize, usize)>,
}

impl<'a> Finder<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Finder {
            bytes,
            memos: [Memo::default(); EscapeEnd::COUNT],
            line: None,
        }
    }

    /// Where `needle` next starts at or after `from`.
    fn find(&mut self, needle: EscapeEnd, from: usize) -> Option<usize> {
        let bytes = self.bytes;
        let memo = self.memos.get_mut(needle as usize)?;
        if memo.known && from >= memo.from {
            match memo.at {
                None => return None,
                Some(at) if from <= at => return Some(at),
                Some(_) => {}
            }
        }
        let at = bytes
            .get(from..)
            .and_then(|rest| memmem::find(rest, needle.bytes()))
            .map(|i| from + i);
        *memo = Memo {
            known: true,
            from,
            at,
        };
        at
    }

    /// Where the line holding `from` ends (its `\n`, or the end of the source).
    fn line_end(&mut self, from: usize) -> usize {
        if let Some((start, end)) = self.line
            && start <= from
            && from <= end
        {
            return end;
        }
        let end = self
            .bytes
            .get(from..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(self.bytes.len(), |i| from + i);
        self.line = Some((from, end));
        end
    }

    /// Where the next `{{` or `{%` starts at or after `from`, or the end of the source.
    fn next_brace(&self, from: usize) -> usize {
        let mut at = from;
        while let Some(i) = self
            .bytes
            .get(at..)
            .and_then(|rest| memchr::memchr(b'{', rest))
        {
            let found = at + i;
            if matches!(self.bytes.get(found + 1), Some(b'{' | b'%')) {
                return found;
            }
            at = found + 1;
        }
        self.bytes.len()
    }

    /// Where the next Hugo opening `{{<` or `{{%` starts in `from..limit`, or `limit`.
    fn next_opener(&self, from: usize, limit: usize) -> usize {
        let mut at = from;
        while let Some(i) = self
            .bytes
            .get(at..limit)
            .and_then(|rest| memmem::find(rest, b"{{"))
        {
            let found = at + i;
            if matches!(self.bytes.get(found + 2), Some(b'<' | b'%')) {
                return found;
            }
            at = found + 1;
        }
        limit
    }
}

/// A position in the source, read byte by byte (always stopping on ASCII bytes, so every
/// position it stops at is a char boundary).
#[derive(Clone, Copy)]
struct Cursor<'a> {
    src: &'a str,
    pos: usize,
    /// Where the strings of the tag being read must end by (see [`Lexer::hugo_limit`]).
    limit: usize,
}

impl<'a> Cursor<'a> {
    fn new(src: &'a str, pos: usize, limit: usize) -> Self {
        Cursor { src, pos, limit }
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn at(&self, s: &[u8]) -> bool {
        self.src
            .as_bytes()
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(s))
    }

    fn eat(&mut self, s: &[u8]) -> bool {
        let found = self.at(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn at_opener(&self) -> bool {
        self.at(b"{{<") || self.at(b"{{%")
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// The lexer: finds each tag and reads it.

struct Lexer<'a> {
    src: &'a str,
    code: &'a [Range<usize>],
    /// The first code range that does not end before the current position.
    code_at: usize,
    zola: &'a dyn Fn(&str) -> bool,
    pos: usize,
    finder: Finder<'a>,
    /// Hugo tags starting before this are read strictly (see [`Lexer::hugo_limit`]).
    hugo_strict: usize,
    /// Zola forms starting before this are read strictly.
    zola_strict: usize,
}

/// A tag that cannot be read: it covers the source up to `end`; reading it went up to `stop`.
struct Bad {
    end: usize,
    stop: usize,
    message: String,
}

impl<'a> Lexer<'a> {
    fn next_token(&mut self) -> Option<Token> {
        loop {
            let rest = self.src.as_bytes().get(self.pos..)?;
            let p = self.pos + memchr::memchr(b'{', rest)?;
            if let Some(end) = self.code_end(p) {
                self.pos = end.max(p + 1);
                continue;
            }
            match self.read_at(p) {
                Some((token, end)) => {
                    self.pos = end.max(p + 1);
                    return Some(token);
                }
                None => self.pos = p + 1,
            }
        }
    }

    /// The end of the code range holding `p`, if one does.
    fn code_end(&mut self, p: usize) -> Option<usize> {
        while let Some(range) = self.code.get(self.code_at) {
            if range.end > p {
                return (range.start <= p).then_some(range.end);
            }
            self.code_at += 1;
        }
        None
    }

    /// The tag starting at the `{` at `p`, and where it ends.
    fn read_at(&mut self, p: usize) -> Option<(Token, usize)> {
        let rest = self.src.as_bytes().get(p..)?;
        if rest.starts_with(b"{{</*") {
            Some(self.hugo_escape(p, Form::Angle))
        } else if rest.starts_with(b"{{%/*") {
            Some(self.hugo_escape(p, Form::Percent))
        } else if rest.starts_with(b"{{<") {
            Some(self.hugo(p, Form::Angle))
        } else if rest.starts_with(b"{{%") {
            Some(self.hugo(p, Form::Percent))
        } else if rest.starts_with(b"{{/*") {
            self.zola_escape(p, Form::ZolaInline)
        } else if rest.starts_with(b"{{") {
            self.zola_inline(p)
        } else if rest.starts_with(b"{%/*") {
            self.zola_escape(p, Form::ZolaBody)
        } else if rest.starts_with(b"{%") {
            self.zola_body(p)
        } else {
            None
        }
    }

    /// The end of a tag at `p` that never ends: its line's end, or the next Hugo opening on
    /// that line, whichever comes first (and never before the `skip` bytes of its opening).
    fn stop_end(&mut self, p: usize, skip: usize) -> usize {
        let from = (p + skip).min(self.src.len());
        let line_end = self.finder.line_end(from).max(from);
        self.finder.next_opener(from, line_end)
    }

    fn unterminated(&mut self, p: usize, stop: usize, message: String) -> Bad {
        Bad {
            end: self.stop_end(p, 3),
            stop,
            message,
        }
    }

    /// Where the strings of a Hugo tag starting at `p` must end by: the end of the source,
    /// unless an earlier tag that never ended was read past `p`, in which case the next Hugo
    /// opening. Each byte is then read by at most one loose and one strict reading, so
    /// parsing takes linear time even when every tag lies in a string of the one before.
    fn hugo_limit(&self, p: usize) -> usize {
        if p < self.hugo_strict {
            self.finder.next_opener(p + 3, self.src.len())
        } else {
            self.src.len()
        }
    }

    /// The same for a Zola form at `p`, whose strict limit is the next `{{` or `{%`.
    fn zola_limit(&self, p: usize) -> usize {
        if p < self.zola_strict {
            self.finder.next_brace(p + 2)
        } else {
            self.src.len()
        }
    }

    /// `{{</* … */>}}` or `{{%/* … */%}}`.
    fn hugo_escape(&mut self, p: usize, form: Form) -> (Token, usize) {
        let (open, close) = form.delims();
        let needle = if form == Form::Angle {
            EscapeEnd::Angle
        } else {
            EscapeEnd::Percent
        };
        let start = p + 5;
        let Some(at) = self.finder.find(needle, start) else {
            let end = self.stop_end(p, 5);
            let message = format!(
                "`{open}/*` starts an escaped shortcode but no `*/{close}` ends it; add `*/{close}`"
            );
            return (Token::Leaf(malformed(p..end, message)), end);
        };
        let inner = self.src.get(start..at).unwrap_or_default();
        let end = at + needle.bytes().len();
        let literal = format!("{open}{inner}{close}");
        (
            Token::Leaf(Node::Escaped {
                range: p..end,
                literal,
            }),
            end,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Hugo tags.

/// A Hugo tag read to its end.
struct HugoTag {
    closing: bool,
    name: String,
    args: Vec<Arg>,
    /// The first thing wrong inside the tag that did not stop the reading.
    problem: Option<String>,
    self_closing: bool,
    end: usize,
}

/// What the reading of one Hugo tag needs to say what is wrong.
struct TagCtx {
    p: usize,
    form: Form,
    /// How messages name the tag: "shortcode `x`".
    label: String,
    /// What to add to a message about a tag that never ends.
    hint: String,
}

impl TagCtx {
    fn new(p: usize, form: Form, closing: bool, name: &str) -> Self {
        let (open, close) = form.delims();
        let (label, hint) = match (closing, name.is_empty()) {
            (_, true) => (
                format!("this `{open}`"),
                format!(", or write `{open}/* … */{close}` to show it as text"),
            ),
            (true, false) => (
                format!("closing tag `{open} /{name} {close}`"),
                String::new(),
            ),
            (false, false) => (
                format!("shortcode `{name}`"),
                format!(", or write `{open}/* {name} */{close}` to show it as text"),
            ),
        };
        TagCtx {
            p,
            form,
            label,
            hint,
        }
    }
}

impl<'a> Lexer<'a> {
    /// The Hugo tag at `p`, opening with `{{<` or `{{%`.
    fn hugo(&mut self, p: usize, form: Form) -> (Token, usize) {
        match self.hugo_tag(p, form) {
            Ok(tag) => {
                let end = tag.end;
                (self.hugo_token(p, form, tag), end)
            }
            Err(bad) => {
                self.hugo_strict = self.hugo_strict.max(bad.stop);
                (Token::Leaf(malformed(p..bad.end, bad.message)), bad.end)
            }
        }
    }

    fn hugo_tag(&mut self, p: usize, form: Form) -> Result<HugoTag, Bad> {
        let mut cur = Cursor::new(self.src, p + 3, self.hugo_limit(p));
        cur.skip_ws();
        let closing = cur.eat(b"/");
        if closing {
            cur.skip_ws();
        }
        let name = hugo_name(&mut cur, form);
        let ctx = TagCtx::new(p, form, closing, &name);
        let mut tag = HugoTag {
            closing,
            name,
            args: Vec::new(),
            problem: None,
            self_closing: false,
            end: p,
        };
        loop {
            cur.skip_ws();
            if let Some((end, self_closing)) = self.hugo_end(&cur, &ctx)? {
                tag.end = end;
                tag.self_closing = self_closing;
                return Ok(tag);
            }
            self.hugo_arg(&mut cur, &ctx, &mut tag)?;
        }
    }

    /// Whether the tag ends at `cur`: where, and whether it is self-closing.
    fn hugo_end(&mut self, cur: &Cursor, ctx: &TagCtx) -> Result<Option<(usize, bool)>, Bad> {
        let (open, close) = ctx.form.delims();
        let other = if ctx.form == Form::Angle {
            "%}}"
        } else {
            ">}}"
        };
        let label = &ctx.label;
        if cur.peek().is_none() || cur.at_opener() {
            let message = format!(
                "{label} has no `{close}` to end its tag; add one{}",
                ctx.hint
            );
            return Err(self.unterminated(ctx.p, cur.pos, message));
        }
        if cur.at(close.as_bytes()) {
            return Ok(Some((cur.pos + close.len(), false)));
        }
        if let Some(end) = self_close(cur, ctx.form) {
            return Ok(Some((end, true)));
        }
        if cur.at(other.as_bytes()) {
            let message = format!(
                "{label} opens with `{open}` but ends with `{other}`; end it with `{close}`"
            );
            let end = cur.pos + other.len();
            return Err(Bad {
                end,
                stop: end,
                message,
            });
        }
        if cur.at(b"}}") {
            let message = format!("{label} ends with `}}}}`; end it with `{close}`");
            let end = cur.pos + 2;
            return Err(Bad {
                end,
                stop: end,
                message,
            });
        }
        Ok(None)
    }

    /// Reads one argument into `tag` (always moving on).
    fn hugo_arg(
        &mut self,
        cur: &mut Cursor<'a>,
        ctx: &TagCtx,
        tag: &mut HugoTag,
    ) -> Result<(), Bad> {
        match cur.peek() {
            Some(b'"' | b'`') => {
                let value = Value::Str(self.hugo_string(cur, ctx)?);
                tag.args.push(Arg { name: None, value });
            }
            Some(b'=') => {
                cur.pos += 1;
                tag.problem.get_or_insert_with(|| {
                    format!(
                        "{} has an `=` with no argument name before it; write `name=value`",
                        ctx.label
                    )
                });
            }
            _ => self.hugo_word_arg(cur, ctx, tag)?,
        }
        Ok(())
    }

    /// A bare word at `cur`: a positional argument, or the key of a named one.
    fn hugo_word_arg(
        &mut self,
        cur: &mut Cursor<'a>,
        ctx: &TagCtx,
        tag: &mut HugoTag,
    ) -> Result<(), Bad> {
        let start = cur.pos;
        let word = hugo_word(cur, ctx.form);
        if word.is_empty() {
            // Cannot happen (every stop is handled before), but never stand still.
            cur.pos = next_char(cur.src, start);
            return Ok(());
        }
        let before = cur.pos;
        cur.skip_ws();
        if !cur.eat(b"=") {
            cur.pos = before;
            let value = typed(word);
            tag.args.push(Arg { name: None, value });
            return Ok(());
        }
        cur.skip_ws();
        match self.hugo_value(cur, ctx)? {
            Some(value) => tag.args.push(Arg {
                name: Some(word.to_owned()),
                value,
            }),
            None => {
                tag.problem.get_or_insert_with(|| {
                    format!(
                        "argument `{word}` of {} has no value; write `{word}=\"value\"`",
                        ctx.label
                    )
                });
            }
        }
        Ok(())
    }

    /// The value after `key=`, if there is one.
    fn hugo_value(&mut self, cur: &mut Cursor<'a>, ctx: &TagCtx) -> Result<Option<Value>, Bad> {
        if matches!(cur.peek(), Some(b'"' | b'`')) {
            return Ok(Some(Value::Str(self.hugo_string(cur, ctx)?)));
        }
        let word = hugo_word(cur, ctx.form);
        Ok((!word.is_empty()).then(|| typed(word)))
    }

    /// A `"quoted"` or `` `raw` `` string at `cur`.
    fn hugo_string(&mut self, cur: &mut Cursor<'a>, ctx: &TagCtx) -> Result<String, Bad> {
        let raw = cur.peek() == Some(b'`');
        let start = cur.pos + 1;
        let bytes = self.src.as_bytes();
        let end = if raw {
            find_byte(bytes, b'`', start, cur.limit)
        } else {
            quote_end(bytes, start, cur.limit)
        };
        let Some(end) = end else {
            let what = if raw {
                "a raw argument with no closing `` ` ``"
            } else {
                "a quoted argument with no closing `\"`"
            };
            let message = format!("{} has {what}; add one", ctx.label);
            return Err(self.unterminated(ctx.p, cur.limit, message));
        };
        let text = cur.slice(start, end);
        cur.pos = end + 1;
        Ok(if raw { text.to_owned() } else { unescape(text) })
    }

    /// The token for a Hugo tag read to its end.
    fn hugo_token(&self, p: usize, form: Form, tag: HugoTag) -> Token {
        let (open, close) = form.delims();
        let range = p..tag.end;
        if tag.closing {
            return self.closing_token(p, form, tag);
        }
        if tag.name.is_empty() {
            let message = format!("a shortcode needs a name first: write `{open} name {close}`");
            return Token::Leaf(malformed(range, message));
        }
        let named = tag.args.iter().any(|arg| arg.name.is_some());
        let positional = tag.args.iter().any(|arg| arg.name.is_none());
        let problem = tag.problem.or_else(|| {
            (named && positional).then(|| {
                format!(
                    "shortcode `{}` mixes named and positional arguments; use one kind",
                    tag.name
                )
            })
        });
        if let Some(message) = problem {
            let node = malformed(range, message);
            return if tag.self_closing {
                Token::Leaf(node)
            } else {
                Token::Poisoned {
                    name: tag.name,
                    node,
                }
            };
        }
        let call = Call {
            name: tag.name,
            form,
            args: tag.args,
            range,
            open_end: tag.end,
            inner: None,
        };
        if tag.self_closing {
            Token::Leaf(Node::Call(call))
        } else {
            Token::Open(call)
        }
    }

    fn closing_token(&self, p: usize, form: Form, tag: HugoTag) -> Token {
        let (open, close) = form.delims();
        let range = p..tag.end;
        let name = tag.name;
        if name.is_empty() {
            let escape = self
                .src
                .get(p + 3..)
                .is_some_and(|rest| rest.trim_start().starts_with("/*"));
            let message = if escape {
                format!(
                    "to show a shortcode as text, write `{open}/* name */{close}`, with no space \
                     between `{open}` and `/*`"
                )
            } else {
                format!(
                    "a closing tag needs the name of its shortcode: write `{open} /name {close}`"
                )
            };
            return Token::Leaf(malformed(range, message));
        }
        if !tag.args.is_empty() || tag.self_closing || tag.problem.is_some() {
            let message = format!(
                "closing tag `{open} /{name} {close}` takes nothing after the name; write \
                 `{open} /{name} {close}`"
            );
            return Token::Leaf(malformed(range, message));
        }
        Token::Close { name, range, form }
    }
}

/// A shortcode name at `cur`: letters, digits, `-`, `_`, `.` and `/` (a `/` that starts the
/// self-closing end `/>}}` excepted). Empty when none is written.
fn hugo_name(cur: &mut Cursor, form: Form) -> String {
    let start = cur.pos;
    let rest = cur.src.get(start..).unwrap_or_default();
    let mut len = rest.len();
    for (i, c) in rest.char_indices() {
        let slash = || {
            let at = Cursor::new(cur.src, start + i, cur.limit);
            self_close(&at, form).is_none()
        };
        let in_name = c.is_alphanumeric() || matches!(c, '-' | '_' | '.') || (c == '/' && slash());
        if !in_name {
            len = i;
            break;
        }
    }
    cur.pos = start + len;
    rest.get(..len).unwrap_or_default().to_owned()
}

/// A bare word at `cur` (possibly empty), up to a space, a quote, `=` or the tag's end.
fn hugo_word<'a>(cur: &mut Cursor<'a>, form: Form) -> &'a str {
    let start = cur.pos;
    while !word_stop(cur, form) {
        cur.pos += 1;
    }
    cur.slice(start, cur.pos)
}

fn word_stop(cur: &Cursor, form: Form) -> bool {
    match cur.peek() {
        None => true,
        Some(b) if b.is_ascii_whitespace() || matches!(b, b'"' | b'`' | b'=') => true,
        Some(b'>' | b'%' | b'}') => cur.at(b">}}") || cur.at(b"%}}") || cur.at(b"}}"),
        Some(b'{') => cur.at_opener(),
        Some(b'/') => self_close(cur, form).is_some(),
        Some(_) => false,
    }
}

/// Where a self-closing end `/ >}}` at `cur` ends, if there is one.
fn self_close(cur: &Cursor, form: Form) -> Option<usize> {
    let close = form.delims().1;
    let mut after = *cur;
    if !after.eat(b"/") {
        return None;
    }
    after.skip_ws();
    after
        .at(close.as_bytes())
        .then_some(after.pos + close.len())
}

/// The position of the char after the one at `at`.
fn next_char(src: &str, at: usize) -> usize {
    let len = src
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8);
    at + len
}

/// The `"` ending a Hugo quoted string whose text starts at `start`, past `\` escapes,
/// before `limit`.
fn quote_end(bytes: &[u8], start: usize, limit: usize) -> Option<usize> {
    let mut at = start;
    while let Some(i) = bytes
        .get(at..limit)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let found = at + i;
        if bytes.get(found) == Some(&b'"') {
            return Some(found);
        }
        at = found + 2;
    }
    None
}

/// Where `byte` next occurs in `start..limit`.
fn find_byte(bytes: &[u8], byte: u8, start: usize, limit: usize) -> Option<usize> {
    bytes
        .get(start..limit)
        .and_then(|rest| memchr::memchr(byte, rest))
        .map(|i| start + i)
}

/// A quoted string's text with `\"`, `\\`, `\n` and `\t` decoded (other `\` kept).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A bare word's value: a boolean, a number, or else the word.
fn typed(word: &str) -> Value {
    match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => number(word).unwrap_or_else(|| Value::Str(word.to_owned())),
    }
}

/// A bare word that starts like a number (after an optional sign, a digit, or `.` and a
/// digit) and reads as one; `inf` and `NaN` stay words.
fn number(word: &str) -> Option<Value> {
    let unsigned = word.strip_prefix(['+', '-']).unwrap_or(word).as_bytes();
    let starts = match unsigned {
        [b'.', second, ..] => second.is_ascii_digit(),
        [first, ..] => first.is_ascii_digit(),
        [] => false,
    };
    if !starts {
        return None;
    }
    if let Ok(n) = word.parse::<i64>() {
        return Some(Value::Int(n));
    }
    word.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::Float)
}

// ---------------------------------------------------------------------------------------------
// Zola forms.

impl<'a> Lexer<'a> {
    /// `{{ name(args) }}`, when `name` is a site shortcode.
    fn zola_inline(&mut self, p: usize) -> Option<(Token, usize)> {
        let mut cur = Cursor::new(self.src, p + 2, self.zola_limit(p));
        let read = self.zola_call(&mut cur).and_then(|(name, args)| {
            cur.skip_ws();
            cur.eat(b"}}").then(|| {
                let call = zola_node(name, Form::ZolaInline, args, p..cur.pos);
                (Token::Leaf(Node::Call(call)), cur.pos)
            })
        });
        self.zola_read(read, &cur)
    }

    /// `{% name(args) %}`, when `name` is a site shortcode, or `{% end %}`.
    fn zola_body(&mut self, p: usize) -> Option<(Token, usize)> {
        let mut cur = Cursor::new(self.src, p + 2, self.zola_limit(p));
        cur.skip_ws();
        let mut end = cur;
        if end.eat(b"end") {
            end.skip_ws();
            if end.eat(b"%}") {
                return Some((Token::ZolaEnd(p..end.pos), end.pos));
            }
        }
        let read = self.zola_call(&mut cur).and_then(|(name, args)| {
            cur.skip_ws();
            cur.eat(b"%}").then(|| {
                let call = zola_node(name, Form::ZolaBody, args, p..cur.pos);
                (Token::Open(call), cur.pos)
            })
        });
        self.zola_read(read, &cur)
    }

    /// `{{/* name() */}}` or `{%/* name() */%}` (or `{%/* end */%}`), when `name` is a site
    /// shortcode.
    fn zola_escape(&mut self, p: usize, form: Form) -> Option<(Token, usize)> {
        let (open, close) = form.delims();
        let needle = if form == Form::ZolaBody {
            EscapeEnd::Body
        } else {
            EscapeEnd::Inline
        };
        let start = p + 4;
        let at = self.finder.find(needle, start)?;
        let inner = self.src.get(start..at)?;
        if !(form == Form::ZolaBody && inner.trim() == "end") {
            let mut cur = Cursor::new(self.src, start, at.min(self.zola_limit(p)));
            let read = self.zola_call(&mut cur).map(|_| cur.skip_ws());
            self.zola_read(read, &cur)?;
            if cur.pos != at {
                return None;
            }
        }
        let end = at + needle.bytes().len();
        let literal = format!("{open}{inner}{close}");
        Some((
            Token::Leaf(Node::Escaped {
                range: p..end,
                literal,
            }),
            end,
        ))
    }

    /// Passes on what reading a Zola form gave; when nothing, forms starting before where the
    /// reading stopped are then read strictly (see [`Lexer::hugo_limit`]).
    fn zola_read<T>(&mut self, read: Option<T>, cur: &Cursor) -> Option<T> {
        if read.is_none() {
            self.zola_strict = self.zola_strict.max(cur.pos);
        }
        read
    }

    /// `name(key=value, …)` at `cur` (after optional spaces), when `name` is accepted.
    fn zola_call(&mut self, cur: &mut Cursor<'a>) -> Option<(String, Vec<Arg>)> {
        cur.skip_ws();
        let name = zola_ident(cur)?;
        if !(self.zola)(name) {
            return None;
        }
        cur.skip_ws();
        if !cur.eat(b"(") {
            return None;
        }
        let args = self.zola_args(cur)?;
        cur.skip_ws();
        cur.eat(b")").then(|| (name.to_owned(), args))
    }

    fn zola_args(&mut self, cur: &mut Cursor<'a>) -> Option<Vec<Arg>> {
        let mut args = Vec::new();
        cur.skip_ws();
        if cur.at(b")") {
            return Some(args);
        }
        loop {
            let key = zola_ident(cur)?;
            cur.skip_ws();
            if !cur.eat(b"=") {
                return None;
            }
            cur.skip_ws();
            let value = self.zola_value(cur, 0)?;
            args.push(Arg {
                name: Some(key.to_owned()),
                value,
            });
            cur.skip_ws();
            if !cur.eat(b",") {
                return Some(args);
            }
            cur.skip_ws();
        }
    }

    fn zola_value(&mut self, cur: &mut Cursor<'a>, depth: usize) -> Option<Value> {
        match cur.peek()? {
            quote @ (b'"' | b'\'' | b'`') => zola_string(cur, quote),
            b'[' if depth < MAX_ARRAY_DEPTH => self.zola_array(cur, depth),
            b't' | b'f' => zola_bool(cur),
            _ => zola_number(cur),
        }
    }

    /// `[v, v]` at `cur` (a comma may end the list).
    fn zola_array(&mut self, cur: &mut Cursor<'a>, depth: usize) -> Option<Value> {
        cur.pos += 1;
        let mut items = Vec::new();
        loop {
            cur.skip_ws();
            if cur.eat(b"]") {
                return Some(Value::Array(items));
            }
            items.push(self.zola_value(cur, depth + 1)?);
            cur.skip_ws();
            if !cur.eat(b",") {
                return cur.eat(b"]").then_some(Value::Array(items));
            }
        }
    }
}

fn zola_node(name: String, form: Form, args: Vec<Arg>, range: Range<usize>) -> Call {
    Call {
        name,
        form,
        args,
        open_end: range.end,
        range,
        inner: None,
    }
}

/// A string in the `quote` at `cur` (Zola's strings have no escapes).
fn zola_string(cur: &mut Cursor, quote: u8) -> Option<Value> {
    let start = cur.pos + 1;
    let Some(end) = find_byte(cur.src.as_bytes(), quote, start, cur.limit) else {
        cur.pos = cur.limit;
        return None;
    };
    cur.pos = end + 1;
    Some(Value::Str(cur.slice(start, end).to_owned()))
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A Zola identifier at `cur`: an ASCII letter or `_`, then letters, digits or `_`.
fn zola_ident<'a>(cur: &mut Cursor<'a>) -> Option<&'a str> {
    let start = cur.pos;
    if !cur
        .peek()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
    {
        return None;
    }
    while cur.peek().is_some_and(is_ident_byte) {
        cur.pos += 1;
    }
    Some(cur.slice(start, cur.pos))
}

fn zola_bool(cur: &mut Cursor) -> Option<Value> {
    let value = if cur.eat(b"true") {
        true
    } else if cur.eat(b"false") {
        false
    } else {
        return None;
    };
    (!cur.peek().is_some_and(is_ident_byte)).then_some(Value::Bool(value))
}

/// `-12` or `-1.5` at `cur`.
fn zola_number(cur: &mut Cursor) -> Option<Value> {
    fn digits(cur: &mut Cursor) -> bool {
        let start = cur.pos;
        while cur.peek().is_some_and(|b| b.is_ascii_digit()) {
            cur.pos += 1;
        }
        cur.pos > start
    }
    let start = cur.pos;
    cur.eat(b"-");
    if !digits(cur) {
        return None;
    }
    let float = cur.eat(b".");
    if float && !digits(cur) {
        return None;
    }
    if cur.peek().is_some_and(|b| is_ident_byte(b) || b == b'.') {
        return None;
    }
    let text = cur.slice(start, cur.pos);
    let int = if float { None } else { text.parse().ok() };
    int.map(Value::Int)
        .or_else(|| text.parse().ok().map(Value::Float))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hugo(source: &str) -> Vec<Node> {
        parse(source, &[], &|_| false)
    }

    /// Zola names `note`, `quote`, `youtube` and `tabs` are site shortcodes.
    fn zola(source: &str) -> Vec<Node> {
        parse(source, &[], &|name| {
            matches!(name, "note" | "quote" | "youtube" | "tabs")
        })
    }

    fn call(node: &Node) -> &Call {
        match node {
            Node::Call(call) => call,
            other => panic!("not a call: {other:?}"),
        }
    }

    /// The one node of `nodes`, a call.
    fn only_call(nodes: &[Node]) -> Call {
        assert_eq!(nodes.len(), 1, "{nodes:?}");
        call(&nodes[0]).clone()
    }

    fn inner(call: &Call) -> &Inner {
        call.inner.as_ref().expect("an inner part")
    }

    fn message(node: &Node) -> &str {
        match node {
            Node::Malformed { message, .. } => message,
            other => panic!("not malformed: {other:?}"),
        }
    }

    fn range(node: &Node) -> Range<usize> {
        match node {
            Node::Call(call) => call.range.clone(),
            Node::Escaped { range, .. } | Node::Malformed { range, .. } => range.clone(),
        }
    }

    fn values(call: &Call) -> Vec<&Value> {
        call.args.iter().map(|arg| &arg.value).collect()
    }

    fn s(text: &str) -> Value {
        Value::Str(text.to_owned())
    }

    #[test]
    fn positional_args_keep_their_kind() {
        let nodes =
            hugo(r#"{{< x "a b" `raw` bare 42 -7 +3 3.5 .5 1e3 true false "12" 5px inf >}}"#);
        let c = only_call(&nodes);
        assert_eq!(c.name, "x");
        assert_eq!(c.form, Form::Angle);
        assert!(c.args.iter().all(|arg| arg.name.is_none()));
        assert_eq!(
            values(&c),
            [
                &s("a b"),
                &s("raw"),
                &s("bare"),
                &Value::Int(42),
                &Value::Int(-7),
                &Value::Int(3),
                &Value::Float(3.5),
                &Value::Float(0.5),
                &Value::Float(1000.0),
                &Value::Bool(true),
                &Value::Bool(false),
                &s("12"),
                &s("5px"),
                &s("inf"),
            ]
        );
        assert_eq!(c.inner, None);
        assert_eq!(c.range, 0..c.open_end);
    }

    #[test]
    fn named_args_allow_spaces_around_equals() {
        let source = "{{% figure src=\"a.png\" width=300 alt = `A \"cat\"` big= true n =\"7\" %}}";
        let c = only_call(&hugo(source));
        assert_eq!(c.form, Form::Percent);
        let named: Vec<_> = c
            .args
            .iter()
            .map(|arg| (arg.name.as_deref().unwrap(), &arg.value))
            .collect();
        assert_eq!(
            named,
            [
                ("src", &s("a.png")),
                ("width", &Value::Int(300)),
                ("alt", &s("A \"cat\"")),
                ("big", &Value::Bool(true)),
                ("n", &s("7")),
            ]
        );
        assert_eq!(c.open_end, source.len());
    }

    #[test]
    fn quoted_escapes_are_decoded() {
        let c = only_call(&hugo(r#"{{< x "say \"hi\" \\ a\nb\tc \q" >}}"#));
        assert_eq!(values(&c), [&s("say \"hi\" \\ a\nb\tc \\q")]);
    }

    #[test]
    fn raw_strings_and_args_span_lines() {
        let source = "{{< code\n  lang=\"go\"\n  body=`line 1\n\"line\" \\n 2` >}}";
        let c = only_call(&hugo(source));
        assert_eq!(c.args[1].value, s("line 1\n\"line\" \\n 2"));
        assert_eq!(c.range, 0..source.len());
    }

    #[test]
    fn names_may_hold_slashes_and_dots() {
        let c = only_call(&hugo("{{< docs/tip.v2 >}}"));
        assert_eq!(c.name, "docs/tip.v2");
        let c = only_call(&hugo("{{<tight/>}}"));
        assert_eq!(c.name, "tight");
    }

    #[test]
    fn self_closing_never_takes_inner() {
        let nodes = hugo("{{< x a />}}text{{< x/>}}{{< /x >}}");
        assert_eq!(nodes.len(), 3, "{nodes:?}");
        assert_eq!(call(&nodes[0]).inner, None);
        assert_eq!(call(&nodes[0]).range, 0..12);
        assert_eq!(values(call(&nodes[0])), [&s("a")]);
        assert_eq!(call(&nodes[1]).inner, None);
        assert!(message(&nodes[2]).contains("has no opening `{{< x >}}`"));
    }

    #[test]
    fn inner_is_the_text_between_the_tags() {
        let source = "a {{< note >}}Hi *there*{{< /note >}} b";
        let c = only_call(&hugo(source));
        assert_eq!(c.range, 2..source.len() - 2);
        assert_eq!(c.open_end, 14);
        let inner = inner(&c);
        assert_eq!(&source[inner.range.clone()], "Hi *there*");
        assert!(inner.nodes.is_empty());
    }

    #[test]
    fn closing_tags_accept_either_delimiter() {
        let c = only_call(&hugo("{{% note %}}x{{< /note >}}"));
        assert_eq!(c.form, Form::Percent);
        assert!(c.inner.is_some());
    }

    #[test]
    fn inner_nests_calls_of_the_same_name() {
        let source = "{{< a >}}{{< a >}}x{{< /a >}}{{< /a >}}";
        let outer = only_call(&hugo(source));
        assert_eq!(outer.range, 0..source.len());
        let inner_call = only_call(&inner(&outer).nodes);
        assert_eq!(inner_call.range, 9..29);
        assert_eq!(&source[inner(&inner_call).range.clone()], "x");
    }

    #[test]
    fn inner_nests_calls_of_other_names() {
        let source = "{{< tabs >}}\n{{< tab \"One\" >}}1{{< /tab >}}\n{{< tab \"Two\" >}}2{{< /tab >}}\n{{< /tabs >}}";
        let tabs = only_call(&hugo(source));
        let tabs_inner = inner(&tabs);
        assert_eq!(tabs_inner.nodes.len(), 2);
        for (node, (title, body)) in tabs_inner.nodes.iter().zip([("One", "1"), ("Two", "2")]) {
            let tab = call(node);
            assert_eq!(tab.name, "tab");
            assert_eq!(values(tab), [&s(title)]);
            assert_eq!(&source[inner(tab).range.clone()], body);
        }
    }

    #[test]
    fn a_standalone_call_before_a_wrapping_one_of_its_name_stays_standalone() {
        let source = "{{< a >}} text {{< a >}}inner{{< /a >}}";
        let nodes = hugo(source);
        assert_eq!(nodes.len(), 2, "{nodes:?}");
        assert_eq!(call(&nodes[0]).inner, None);
        assert_eq!(call(&nodes[0]).range, 0..9);
        assert_eq!(&source[inner(call(&nodes[1])).range.clone()], "inner");
    }

    #[test]
    fn unclosed_calls_inside_an_inner_part_are_standalone() {
        let source = "{{< box >}}{{< icon x >}} and {{< br >}}{{< /box >}} {{< after >}}";
        let nodes = hugo(source);
        assert_eq!(nodes.len(), 2, "{nodes:?}");
        let boxed = call(&nodes[0]);
        let names: Vec<_> = inner(boxed)
            .nodes
            .iter()
            .map(|n| call(n).name.as_str())
            .collect();
        assert_eq!(names, ["icon", "br"]);
        assert!(inner(boxed).nodes.iter().all(|n| call(n).inner.is_none()));
        assert_eq!(call(&nodes[1]).name, "after");
    }

    #[test]
    fn unclosed_calls_at_the_end_are_standalone() {
        let nodes = hugo("{{< a >}}{{< b >}}x");
        assert_eq!(nodes.len(), 2);
        assert!(nodes.iter().all(|n| call(n).inner.is_none()));
    }

    #[test]
    fn orphan_closing_tag_is_malformed() {
        let nodes = hugo("text {{% /x %}} more");
        assert_eq!(nodes.len(), 1);
        assert_eq!(range(&nodes[0]), 5..15);
        assert_eq!(
            message(&nodes[0]),
            "closing tag `{{% /x %}}` has no opening `{{% x %}}`"
        );
    }

    #[test]
    fn mixed_named_and_positional_args_are_malformed_once() {
        let source = "{{< x a=1 b >}}in {{< y >}}{{< /x >}}";
        let nodes = hugo(source);
        assert_eq!(nodes.len(), 2, "{nodes:?}");
        assert_eq!(range(&nodes[0]), 0..15);
        assert_eq!(
            message(&nodes[0]),
            "shortcode `x` mixes named and positional arguments; use one kind"
        );
        // Its closing tag is taken quietly; what it wraps stays at the same level.
        assert_eq!(call(&nodes[1]).name, "y");
    }

    #[test]
    fn stray_equals_and_missing_values_are_malformed() {
        let nodes = hugo("{{< x =1 >}}");
        assert!(message(&nodes[0]).contains("`=` with no argument name"));
        assert_eq!(range(&nodes[0]), 0..12);
        let nodes = hugo("{{< x k= >}}");
        assert!(message(&nodes[0]).contains("argument `k` of shortcode `x` has no value"));
    }

    #[test]
    fn a_tag_without_a_name_is_malformed() {
        let nodes = hugo("{{< >}} {{< \"x\" >}} {{< / >}}");
        assert_eq!(nodes.len(), 3, "{nodes:?}");
        assert!(message(&nodes[0]).contains("needs a name"));
        assert_eq!(range(&nodes[1]), 8..19);
        assert!(message(&nodes[2]).contains("closing tag needs the name"));
    }

    #[test]
    fn a_spaced_escape_is_explained() {
        let nodes = hugo("{{< /* x */ >}}");
        assert!(
            message(&nodes[0]).contains("with no space between"),
            "{nodes:?}"
        );
    }

    #[test]
    fn closing_tags_take_no_arguments() {
        let nodes = hugo("{{< x >}}{{< /x y >}}");
        assert_eq!(nodes.len(), 2);
        assert!(message(&nodes[1]).contains("takes nothing after the name"));
    }

    #[test]
    fn unterminated_tag_is_malformed_to_the_end_of_its_line() {
        let source = "{{< x a\nnext line";
        let nodes = hugo(source);
        assert_eq!(nodes.len(), 1);
        assert_eq!(range(&nodes[0]), 0..7);
        assert_eq!(
            message(&nodes[0]),
            "shortcode `x` has no `>}}` to end its tag; add one, or write `{{</* x */>}}` to \
             show it as text"
        );
        let nodes = hugo("a {{<");
        assert_eq!(range(&nodes[0]), 2..5);
        assert!(message(&nodes[0]).contains("this `{{<`"));
    }

    #[test]
    fn a_second_opening_ends_an_unterminated_tag() {
        let source = "{{< x {{< y >}}\n{{% z\n %}}";
        let nodes = hugo(source);
        assert_eq!(nodes.len(), 3, "{nodes:?}");
        assert_eq!(range(&nodes[0]), 0..6);
        assert_eq!(call(&nodes[1]).name, "y");
        assert_eq!(call(&nodes[2]).name, "z");
    }

    #[test]
    fn an_unterminated_string_is_malformed() {
        let nodes = hugo("{{< x \"open >}}\nmore {{< y >}}");
        assert!(message(&nodes[0]).contains("quoted argument with no closing"));
        assert_eq!(range(&nodes[0]), 0..15);
        let nodes = hugo("{{< x `open >}}");
        assert!(message(&nodes[0]).contains("raw argument"));
    }

    #[test]
    fn mismatched_delimiters_are_malformed() {
        let nodes = hugo("{{< x %}} {{% y >}} {{< z }}");
        assert_eq!(nodes.len(), 3, "{nodes:?}");
        assert_eq!(
            message(&nodes[0]),
            "shortcode `x` opens with `{{<` but ends with `%}}`; end it with `>}}`"
        );
        assert_eq!(range(&nodes[0]), 0..9);
        assert!(message(&nodes[1]).contains("end it with `%}}`"));
        assert_eq!(
            message(&nodes[2]),
            "shortcode `z` ends with `}}`; end it with `>}}`"
        );
    }

    #[test]
    fn escaped_hugo_calls_keep_their_text() {
        let source = "See {{</* name arg */>}} and {{%/* /x */%}}.";
        let nodes = hugo(source);
        assert_eq!(
            nodes,
            [
                Node::Escaped {
                    range: 4..24,
                    literal: "{{< name arg >}}".into()
                },
                Node::Escaped {
                    range: 29..43,
                    literal: "{{% /x %}}".into()
                },
            ]
        );
        let nodes = hugo("{{</* never ends");
        assert!(message(&nodes[0]).contains("no `*/>}}` ends it"));
    }

    #[test]
    fn escaped_zola_calls_need_a_site_shortcode() {
        let source = "{{/* youtube(id=\"x\") */}} {%/* note() */%}a{%/* end */%} {{/* other() */}}";
        let nodes = zola(source);
        let literals: Vec<_> = nodes
            .iter()
            .map(|node| match node {
                Node::Escaped { literal, .. } => literal.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            literals,
            ["{{ youtube(id=\"x\") }}", "{% note() %}", "{% end %}"]
        );
        assert_eq!(range(&nodes[0]), 0..25);
    }

    #[test]
    fn zola_inline_calls_read_every_kind_of_value() {
        let source = "{{ youtube( id=\"abc\", s='x', r=`y`, n=3, f=-1.5, on=true,\n list=[1, \"a\", [false],] ) }}";
        let c = only_call(&zola(source));
        assert_eq!(c.form, Form::ZolaInline);
        assert_eq!(c.range, 0..source.len());
        assert_eq!(c.open_end, source.len());
        assert!(c.args.iter().all(|arg| arg.name.is_some()));
        let array = Value::Array(vec![
            Value::Int(1),
            s("a"),
            Value::Array(vec![Value::Bool(false)]),
        ]);
        assert_eq!(
            values(&c),
            [
                &s("abc"),
                &s("x"),
                &s("y"),
                &Value::Int(3),
                &Value::Float(-1.5),
                &Value::Bool(true),
                &array,
            ]
        );
        assert_eq!(only_call(&zola("{{ youtube() }}")).args, []);
    }

    #[test]
    fn zola_bodies_end_at_end_and_nest() {
        let source = "{% note(kind=\"a\") %}x{% quote() %}y{% end %}z{{ youtube() }}{% end %}";
        let note = only_call(&zola(source));
        assert_eq!(note.form, Form::ZolaBody);
        assert_eq!(note.range, 0..source.len());
        let inner_nodes = &inner(&note).nodes;
        assert_eq!(inner_nodes.len(), 2);
        let quote = call(&inner_nodes[0]);
        assert_eq!(&source[inner(quote).range.clone()], "y");
        assert_eq!(call(&inner_nodes[1]).form, Form::ZolaInline);
        assert_eq!(
            &source[inner(&note).range.clone()],
            "x{% quote() %}y{% end %}z{{ youtube() }}"
        );
    }

    #[test]
    fn zola_forms_the_site_does_not_define_are_text() {
        let source =
            "{{ page.title }} {% if x %}{% end %} {{ other(a=1) }} {{ note }} {{ note(a=) }}";
        assert_eq!(zola(source), []);
        assert_eq!(hugo("{{ note() }}"), []);
    }

    #[test]
    fn an_unclosed_zola_body_has_no_inner() {
        let c = only_call(&zola("{% note() %}text"));
        assert_eq!(c.inner, None);
        assert_eq!(c.range, 0..12);
    }

    #[test]
    fn tags_inside_code_are_skipped() {
        let source = "`{{< a >}}` {{< b >}} `{{< /b >}}` {{</* c */>}}";
        let code = [0..11, 22..34, 35..49];
        let nodes = parse(source, &code, &|_| true);
        let c = only_call(&nodes);
        assert_eq!(c.name, "b");
        assert_eq!(c.inner, None);
    }

    #[test]
    fn code_inside_an_inner_part_is_skipped() {
        let source = "{{< tab >}}\n```\n{{< x >}}\n{{< /tab >}}\n```\n{{< /tab >}}";
        let start = source.find("```").unwrap();
        let end = source.rfind("```").unwrap() + 3;
        let nodes = parse(source, std::slice::from_ref(&(start..end)), &|_| false);
        let tab = only_call(&nodes);
        assert!(inner(&tab).nodes.is_empty());
        assert_eq!(inner(&tab).range, 11..end + 1);
    }

    #[test]
    fn inner_ranges_are_offsets_into_the_source() {
        let source = "abc {{< a >}} {{< b >}}x{{< /b >}} {{< /a >}}";
        let a = only_call(&hugo(source));
        let b = call(&inner(&a).nodes[0]);
        assert_eq!(&source[b.range.clone()], "{{< b >}}x{{< /b >}}");
        assert_eq!(&source[b.open_end..], "x{{< /b >}} {{< /a >}}");
    }

    #[test]
    fn multibyte_text_gives_right_ranges() {
        let source = "é 日本語 {{< 日本語 \"ünï\" clé=é >}}é{{< /日本語 >}} é";
        let nodes = hugo(source);
        assert_eq!(nodes.len(), 1, "{nodes:?}");
        let nodes = hugo("é {{< 日本 \"ünï\" é >}}日本{{< /日本 >}} é {{< x \"é");
        assert_eq!(nodes.len(), 2, "{nodes:?}");
        let c = call(&nodes[0]);
        assert_eq!(c.name, "日本");
        assert_eq!(values(c), [&s("ünï"), &s("é")]);
        let text = "é {{< 日本 \"ünï\" é >}}日本{{< /日本 >}} é {{< x \"é";
        assert_eq!(
            &text[c.range.clone()],
            "{{< 日本 \"ünï\" é >}}日本{{< /日本 >}}"
        );
        assert_eq!(&text[inner(c).range.clone()], "日本");
        assert_eq!(&text[range(&nodes[1])], "{{< x \"é");
        let z = only_call(&zola("日本 {{ note(t='日本語') }} é"));
        assert_eq!(values(&z), [&s("日本語")]);
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_malformed() {
        let depth = MAX_DEPTH + 2;
        let source = format!(
            "{}{}",
            "{{< a >}}".repeat(depth),
            "{{< /a >}}".repeat(depth)
        );
        let mut nodes = hugo(&source);
        let mut levels = 0;
        while let [Node::Call(c)] = nodes.as_slice() {
            levels += 1;
            nodes = inner(c).nodes.clone();
        }
        assert_eq!(levels, MAX_DEPTH);
        assert_eq!(nodes.len(), 2, "{nodes:?}");
        assert!(message(&nodes[0]).contains("nested more than"));
    }

    #[test]
    fn may_contain_looks_for_double_braces_or_brace_percent() {
        assert!(may_contain("a {{< x >}}"));
        assert!(may_contain("{% note() %}"));
        assert!(may_contain("{{"));
        assert!(!may_contain("plain { text } with % and } }"));
        assert!(!may_contain(""));
        assert!(!may_contain("{"));
    }

    #[test]
    fn ten_thousand_openings_parse_without_quadratic_work() {
        let n = 10_000;
        let cases = [
            ("{{<".repeat(n), n),
            ("{{<\n".repeat(n), n),
            ("{{< a >}}".repeat(n) + &"{{< /a >}}".repeat(n), 1),
            ("{{< a >}}".repeat(n) + &"{{< /b >}}".repeat(n), 2 * n),
            ("{{< x \"\n".repeat(n), n),
            ("{{< x `".repeat(n), n),
            // Each tag lies in a string of the one before: read loosely, each would run to
            // the end of the source.
            ("{{< x \"\\\"".repeat(n), n),
            ("{{ note(a=\"{{ note(a=\", a=\"".repeat(n), 0),
            ("{{</* ".repeat(n), n),
            ("{{% x %}}\n".repeat(n), n),
            ("{{ note(a=\"".repeat(n), 0),
            ("{{ note(a=[".repeat(n), 0),
            ("{% note() %}".repeat(n) + &"{% end %}".repeat(n), 1),
        ];
        for (input, count) in &cases {
            let nodes = zola(input);
            assert_eq!(nodes.len(), *count, "{}", &input[..12]);
            check_ranges(input, &nodes, 0..input.len());
        }
    }

    /// Checks that every range in `nodes` lies in `within`, in order, on char boundaries.
    fn check_ranges(source: &str, nodes: &[Node], within: Range<usize>) {
        let mut last = within.start;
        for node in nodes {
            let r = range(node);
            assert!(
                last <= r.start && r.start < r.end && r.end <= within.end,
                "{source:?}: {r:?} after {last} within {within:?}"
            );
            assert!(source.is_char_boundary(r.start) && source.is_char_boundary(r.end));
            last = r.end;
            let Node::Call(c) = node else { continue };
            assert!(
                r.start < c.open_end && c.open_end <= r.end,
                "{source:?}: {c:?}"
            );
            assert!(source.is_char_boundary(c.open_end));
            if let Some(inner) = &c.inner {
                assert_eq!(inner.range.start, c.open_end);
                assert!(inner.range.start <= inner.range.end && inner.range.end <= r.end);
                assert!(source.is_char_boundary(inner.range.end));
                check_ranges(source, &inner.nodes, inner.range.clone());
            }
        }
    }

    #[test]
    fn garbage_never_panics_and_ranges_stay_on_char_boundaries() {
        const ALPHABET: &[&str] = &[
            "{", "{", "{", "<", "%", "/", "*", ">", "}", "}", "}", "\"", "'", "`", "\\", "a", "b",
            "=", " ", "\n", "(", ")", "[", "]", ",", "1", "-", ".", "é", "日", "end", "note",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for round in 0..4000 {
            let len = next() % 48;
            let source: String = (0..len)
                .map(|_| ALPHABET[next() % ALPHABET.len()])
                .collect();
            let code = if round % 3 == 0 {
                let bounds: Vec<_> = (0..=source.len())
                    .filter(|&i| source.is_char_boundary(i))
                    .collect();
                let a = bounds[next() % bounds.len()];
                let b = bounds[next() % bounds.len()];
                Some(a.min(b)..a.max(b))
            } else {
                None
            };
            let accept_all = round % 2 == 0;
            let code = code.as_slice();
            let nodes = parse(&source, code, &|name| accept_all || name == "note");
            check_ranges(&source, &nodes, 0..source.len());
        }
    }
}
