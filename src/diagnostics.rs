//! Diagnostics: every problem praxis finds in a site, as data. A [`Diagnostic`] names its
//! file, line and column, the offending source line, what is wrong and how to fix it.
//! Stages collect them; only the binary prints them, through [`render_human`].
//!
//! ```
//! use praxis::diagnostics::{Code, Diagnostic, render_human};
//! let d = Diagnostic::error(Code::FrontMatter, "`title` must be text")
//!     .at("content/a.md", 2, 8)
//!     .source_line("title: {a: 1}")
//!     .help("write `title: My page`");
//! let text = render_human(&[d], false);
//! assert!(text.starts_with("content/a.md:2:8: error: `title` must be text"));
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod codes;
pub use codes::Code;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// The site builds, but something is probably not what the author meant.
    Warning,
    /// Something praxis did on purpose that the author may like to know (an alias it skipped
    /// because it is the page's own address). Never fails a build, even with
    /// `--deny warnings`.
    Note,
}

impl Severity {
    /// `"error"`, `"warning"` or `"note"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem; its name (`front-matter`) is stable.
    pub code: Code,
    /// The file the problem is in, as the user would type it from where praxis runs.
    pub path: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The text of the offending line, shown with a caret under the column.
    pub source_line: Option<String>,
    /// Where the caret goes in `source_line` when that is a cut of a long line (1-based).
    pub caret: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further places or facts, e.g. "first defined in content/a.md".
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new diagnostic of the given severity.
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
            caret: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// A new error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Sets the file, line and column.
    pub fn at(mut self, path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        self.path = Some(path.into());
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the file only (no position known).
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets the file and position from a [`Location`].
    pub fn at_location(mut self, path: impl Into<PathBuf>, location: &Location) -> Self {
        self.path = Some(path.into());
        self.line = Some(location.line);
        self.column = Some(location.column);
        self.source_line = Some(location.text.clone());
        self.caret = (location.caret != location.column).then_some(location.caret);
        self
    }

    /// Sets the source line shown under the message.
    pub fn source_line(mut self, line: impl Into<String>) -> Self {
        self.source_line = Some(line.into());
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The ordering key used before printing: by file, then position, then message.
    fn sort_key(&self) -> (Option<&Path>, usize, usize, &str) {
        (
            self.path.as_deref(),
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            &self.message,
        )
    }
}

/// Sorts diagnostics by file and position so output is stable whatever the thread order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// A position in a text: 1-based line and character column, and the line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The line, without its line ending (a long line is cut around the column, see
    /// [`Location::clipped`]).
    pub text: String,
    /// Where the caret goes in `text`: 1-based, in characters (the column, unless cut).
    pub caret: usize,
}

impl Location {
    /// A location whose text is the whole line.
    pub fn new(line: usize, column: usize, text: impl Into<String>) -> Location {
        Location {
            line,
            column,
            text: text.into(),
            caret: column,
        }
    }

    /// Cuts a line longer than `width` characters to the `width` around the caret, marking
    /// each cut with `…`, so messages stay readable and stored positions stay small.
    pub fn clipped(mut self, width: usize) -> Location {
        // Bytes are at least as many as characters: short lines need no counting.
        if self.text.len() <= width {
            return self;
        }
        // In ASCII text (most lines) characters are bytes, and nothing needs decoding.
        let ascii = self.text.is_ascii();
        let len = if ascii {
            self.text.len()
        } else {
            self.text.chars().count()
        };
        if len <= width {
            return self;
        }
        let start = self.caret.saturating_sub(1 + width / 2).min(len - width);
        let end = start + width;
        let byte_of = |n: usize| match ascii {
            true => n,
            false => self
                .text
                .char_indices()
                .nth(n)
                .map_or(self.text.len(), |(i, _)| i),
        };
        let kept = &self.text[byte_of(start)..byte_of(end)];
        // Exactly sized: every link keeps its location until the build ends.
        let marks = '…'.len_utf8() * (usize::from(start > 0) + usize::from(end < len));
        let mut text = String::with_capacity(kept.len() + marks);
        if start > 0 {
            text.push('…');
        }
        text.push_str(kept);
        if end < len {
            text.push('…');
        }
        debug_assert_eq!(text.len(), text.capacity());
        self.caret = self.caret - start + usize::from(start > 0);
        self.text = text;
        self
    }

    /// Locates a byte offset inside `source`. `first_line` is the line number of the
    /// source's first line within its file (for texts cut out of a larger file).
    pub fn of_offset(source: &str, offset: usize, first_line: usize) -> Location {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line_index = source[..line_start].bytes().filter(|&b| b == b'\n').count();
        Location::new(
            first_line + line_index,
            source[line_start..offset].chars().count() + 1,
            source[line_start..line_end].trim_end_matches('\r'),
        )
    }

    /// The location of line `line` (1-based within `source`), column 1.
    pub fn of_line(source: &str, line: usize, first_line: usize) -> Location {
        let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Location::new(
            first_line + line.saturating_sub(1),
            1,
            text.trim_end_matches('\r'),
        )
    }
}

/// `text` safe to print on one line of a log: control characters (line breaks, escape
/// sequences), line and paragraph separators and bidirectional overrides written as
/// `\u{…}`, so that no file name or link target can start a line of its own (`::error …`
/// in a CI log) or recolour or reorder what follows. `keep_tabs` leaves tabs, which a
/// source line needs for its caret to line up.
pub fn printable(text: &str, keep_tabs: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && !(keep_tabs && c == '\t'))
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Renders diagnostics for a terminal or a log, rustc style:
///
/// ```text
/// content/a.md:2:8: error: `title` must be text
///     2 | title: {a: 1}
///       |        ^
///     = help: write `title: My page`
/// ```
///
/// With `color`, severity words and carets are coloured with ANSI escapes.
pub fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let style = Styles::new(color);
    let mut out = String::new();
    for d in diagnostics {
        let (sev_style, sev) = match d.severity {
            Severity::Error => (style.error, "error"),
            Severity::Warning => (style.warning, "warning"),
            Severity::Note => (style.help, "note"),
        };
        let mut place = String::new();
        if let Some(path) = &d.path {
            place.push_str(&printable(&path.display().to_string(), false));
            if let Some(line) = d.line {
                let _ = write!(place, ":{line}");
                if let Some(col) = d.column {
                    let _ = write!(place, ":{col}");
                }
            }
            place.push_str(": ");
        }
        let _ = writeln!(
            out,
            "{}{place}{}{sev_style}{sev}{sev_style:#}{}: {}{}",
            style.bold,
            style.reset_bold,
            style.bold,
            printable(&d.message, false),
            style.reset_bold
        );
        if let (Some(text), Some(line)) = (&d.source_line, d.line) {
            let number = line.to_string();
            let gutter = " ".repeat(number.len());
            let shown: String = text.chars().take(200).collect();
            let shown = printable(&shown, true);
            let _ = writeln!(out, "    {}{number} |{:#} {shown}", style.dim, style.dim);
            let column = d.caret.or(d.column).unwrap_or(1).max(1);
            let before: String = text.chars().take(column - 1).collect();
            let pad: String = printable(&before, true)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(
                out,
                "    {}{gutter} |{:#} {pad}{sev_style}^{sev_style:#}",
                style.dim, style.dim
            );
        }
        for note in &d.notes {
            let _ = writeln!(out, "    = note: {}", printable(note, false));
        }
        if let Some(help) = &d.help {
            let help = printable(help, false);
            let _ = writeln!(out, "    = {}help{:#}: {help}", style.help, style.help);
        }
    }
    out
}

/// Renders diagnostics as JSON Lines: one object per diagnostic with `severity`, `code`,
/// `file`, `line`, `column`, `message`, `help` (and `notes`), for tools.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let value = serde_json::json!({
            "severity": d.severity.as_str(),
            "code": d.code.as_str(),
            "file": d.path.as_ref().map(|p| p.display().to_string()),
            "line": d.line,
            "column": d.column,
            "message": d.message,
            "help": d.help,
            "notes": d.notes,
        });
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}

/// Renders diagnostics as GitHub Actions workflow commands
/// (`::error file=…,line=…,col=…,title=…::message`), which GitHub shows on the lines of a
/// pull request.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    fn data(s: &str) -> String {
        // Line breaks are the command's own escapes; other controls are made visible.
        let kept: String = s
            .split('\n')
            .map(|line| printable(line, false).into_owned())
            .collect::<Vec<_>>()
            .join("\n");
        kept.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(path) = &d.path {
            props.push(format!("file={}", property(&path.display().to_string())));
            if let Some(line) = d.line {
                props.push(format!("line={line}"));
            }
            if let Some(col) = d.column {
                props.push(format!("col={col}"));
            }
        }
        props.push(format!("title={}", property(&format!("praxis {}", d.code))));
        let mut message = d.message.clone();
        for note in &d.notes {
            message.push_str(&format!("\nnote: {note}"));
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

/// A one-line count such as `2 errors, 1 warning` (notes are counted last, when there are
/// any).
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, notes) = (count(Severity::Error), count(Severity::Note));
    let warnings = diagnostics.len() - errors - notes;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut text = match (errors, warnings) {
        (0, 0) if notes > 0 => String::new(),
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    if notes > 0 {
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&plural(notes, "note"));
    }
    text
}

struct Styles {
    error: anstyle::Style,
    warning: anstyle::Style,
    help: anstyle::Style,
    dim: anstyle::Style,
    bold: &'static str,
    reset_bold: &'static str,
}

impl Styles {
    fn new(color: bool) -> Styles {
        use anstyle::{AnsiColor, Style};
        if !color {
            return Styles {
                error: Style::new(),
                warning: Style::new(),
                help: Style::new(),
                dim: Style::new(),
                bold: "",
                reset_bold: "",
            };
        }
        Styles {
            error: Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            warning: Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
            help: Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
            dim: Style::new().fg_color(Some(AnsiColor::Blue.into())),
            bold: "\x1b[1m",
            reset_bold: "\x1b[0m",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_in_characters() {
        let src = "a: 1\ntitle: “é” x\n";
        let offset = src.find('x').unwrap();
        let loc = Location::of_offset(src, offset, 3);
        assert_eq!((loc.line, loc.column), (4, 12));
        assert_eq!(loc.text, "title: “é” x");
    }

    #[test]
    fn human_rendering_has_caret_under_the_column() {
        let d = Diagnostic::error(Code::Config, "bad value")
            .at("f.md", 12, 4)
            .source_line("ab\tcd")
            .help("fix it");
        let text = render_human(&[d], false);
        assert_eq!(
            text,
            "f.md:12:4: error: bad value\n    12 | ab\tcd\n       |   \t^\n    = help: fix it\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}[link](x.md){}", "a".repeat(300), "b".repeat(300));
        let loc = Location::new(7, 301, line).clipped(40);
        assert_eq!(loc.text.chars().count(), 42);
        assert!(loc.text.starts_with('…') && loc.text.ends_with('…'));
        assert_eq!(loc.text.chars().nth(loc.caret - 1), Some('['));
        assert_eq!(loc.column, 301, "the reported column is the file's");
        let short = Location::new(1, 3, "abc").clipped(40);
        assert_eq!((short.text.as_str(), short.caret), ("abc", 3));
        // Characters, not bytes, in text that is not ASCII.
        let wide = format!("{}[lien](x.md){}", "é".repeat(300), "ü".repeat(300));
        let loc = Location::new(2, 301, wide).clipped(40);
        assert_eq!(loc.text.chars().count(), 42);
        assert_eq!(loc.text.chars().nth(loc.caret - 1), Some('['));
        assert!(loc.text.contains("[lien](x.md)"));
    }

    #[test]
    fn json_has_one_object_per_line() {
        let d = Diagnostic::error(Code::BrokenLink, "no page `X`")
            .at("a.md", 3, 4)
            .help("did you mean `Y`?");
        let text = render_json(&[d.clone(), Diagnostic::warning(Code::Orphan, "alone")]);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["severity"], "error");
        assert_eq!(lines[0]["code"], "broken-link");
        assert_eq!(lines[0]["file"], "a.md");
        assert_eq!(lines[0]["line"], 3);
        assert_eq!(lines[0]["column"], 4);
        assert_eq!(lines[0]["help"], "did you mean `Y`?");
        assert_eq!(lines[1]["file"], serde_json::Value::Null);
    }

    #[test]
    fn github_commands_escape_their_fields() {
        let d = Diagnostic::warning(Code::Config, "50% done\nnext")
            .at("dir,a:b.md", 1, 2)
            .help("h");
        assert_eq!(
            render_github(&[d]),
            "::warning file=dir%2Ca%3Ab.md,line=1,col=2,title=praxis config::50%25 done%0Anext%0Ahelp: h\n"
        );
    }

    #[test]
    fn summary_counts() {
        let e = Diagnostic::error(Code::Config, "e");
        let w = Diagnostic::warning(Code::Config, "w");
        assert_eq!(
            summary(&[e.clone(), e.clone(), w.clone()]),
            "2 errors, 1 warning"
        );
        assert_eq!(summary(std::slice::from_ref(&e)), "1 error");
        assert_eq!(summary(&[w.clone(), w.clone()]), "2 warnings");
        let n = Diagnostic::new(Severity::Note, Code::Config, "n");
        assert_eq!(summary(std::slice::from_ref(&n)), "1 note");
        assert_eq!(
            summary(&[e, w, n.clone(), n]),
            "1 error, 1 warning, 2 notes"
        );
    }
}
