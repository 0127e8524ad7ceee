//! Diagnostics: every problem praxis finds in a site, as data. A [`Diagnostic`] names its
//! file, line and column, the offending source line, what is wrong and how to fix it.
//! Stages collect them; only the binary prints them, through [`render_human`].
//!
//! ```
//! use praxis::diagnostics::{Diagnostic, render_human};
//! let d = Diagnostic::error("front-matter", "`title` must be text")
//!     .at("content/a.md", 2, 8)
//!     .source_line("title: {a: 1}")
//!     .help("write `title: My page`");
//! let text = render_human(&[d], false);
//! assert!(text.starts_with("content/a.md:2:8: error: `title` must be text"));
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// The site builds, but something is probably not what the author meant.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable kebab-case name for the kind of problem, e.g. `front-matter`.
    pub code: &'static str,
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
    /// How to fix it.
    pub help: Option<String>,
    /// Further places or facts, e.g. "first defined in content/a.md".
    pub notes: Vec<String>,
}

impl Diagnostic {
    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// A new error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A new warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
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
    /// The whole line, without its line ending.
    pub text: String,
}

impl Location {
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
        Location {
            line: first_line + line_index,
            column: source[line_start..offset].chars().count() + 1,
            text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// The location of line `line` (1-based within `source`), column 1.
    pub fn of_line(source: &str, line: usize, first_line: usize) -> Location {
        let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Location {
            line: first_line + line.saturating_sub(1),
            column: 1,
            text: text.trim_end_matches('\r').to_string(),
        }
    }
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
        };
        let mut place = String::new();
        if let Some(path) = &d.path {
            place.push_str(&path.display().to_string());
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
            style.bold, style.reset_bold, style.bold, d.message, style.reset_bold
        );
        if let (Some(text), Some(line)) = (&d.source_line, d.line) {
            let number = line.to_string();
            let gutter = " ".repeat(number.len());
            let shown: String = text.chars().take(200).collect();
            let _ = writeln!(out, "    {}{number} |{:#} {shown}", style.dim, style.dim);
            let column = d.column.unwrap_or(1).max(1);
            let pad: String = text
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(
                out,
                "    {}{gutter} |{:#} {pad}{sev_style}^{sev_style:#}",
                style.dim, style.dim
            );
        }
        for note in &d.notes {
            let _ = writeln!(out, "    = note: {note}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    = {}help{:#}: {help}", style.help, style.help);
        }
    }
    out
}

/// A one-line count such as `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
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
        let d = Diagnostic::error("x", "bad value")
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
    fn summary_counts() {
        let e = Diagnostic::error("x", "e");
        let w = Diagnostic::warning("x", "w");
        assert_eq!(
            summary(&[e.clone(), e.clone(), w.clone()]),
            "2 errors, 1 warning"
        );
        assert_eq!(summary(std::slice::from_ref(&e)), "1 error");
        assert_eq!(summary(&[w.clone(), w]), "2 warnings");
    }
}
