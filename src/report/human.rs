//! miette's graphical report: a `warning[rule]: message` header, file name, line, context, labels,
//! help; a blank line between findings.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::FileResult;
use crate::span::LineIndex;

/// How to draw: colour or not, and the width to wrap at.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

pub fn render(files: &[FileResult], style: Style) -> String {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false);
    let mut out = String::new();
    for file in files {
        if file.diagnostics.is_empty() {
            continue;
        }
        // A secret found in the file is shown as `*` in every source line rendered.
        let masked = crate::rules::hardcoded_secret::masked_text(&file.text, &file.diagnostics);
        let text = display_text(masked.as_deref().unwrap_or(&file.text));
        let index = LineIndex::new(&text);
        let source = WindowedSource { name: &file.path, text: &text, index: &index, first_line: 0, column_shift: 0 };
        for (i, d) in file.diagnostics.iter().enumerate() {
            if i > 0 || !out.is_empty() {
                out.push('\n'); // a blank line between findings
            }
            let clipped = clip_long_line(&source, d);
            let clipped_source = clipped.as_ref().map(|(_, c)| c.source());
            let (d, source) = match (&clipped, &clipped_source) {
                (Some((d, _)), Some(s)) => (d, s),
                _ => (d, &source),
            };
            let adapter = Adapter { diagnostic: d, source, help: d.help.clone() };
            if handler.render_report(&mut out, &adapter).is_err() {
                out.push_str(&format!("{}: {}[{}] {}\n", file.path, d.severity, d.rule, d.message));
            }
            // miette has no notes: one goes on its own line under the report, aligned with `help`.
            if let Some(note) = &d.note {
                out.push_str(&format!("  note: {note}\n"));
            }
        }
    }
    out
}

/// Presents one [`Diagnostic`] through miette's protocol.
struct Adapter<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a WindowedSource<'a>,
    help: Option<String>,
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Adapter").field("rule", &self.diagnostic.rule).finish()
    }
}

/// The header on the line with the ⚠/×, as rustc and ruff print it: `warning[rule]: message`.
impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        // `[*]`, as ruff writes it: `check --fix` fixes this one.
        let fixable = if d.is_fixable() { "[*] " } else { "" };
        write!(f, "{}[{}]: {fixable}{}", d.severity, d.rule, d.message)
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(d.label.clone(), d.span);
        let secondary = d.secondary.iter().map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), l.span));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// The file's text for miette, read through our line index: miette's own `read_span` scans the
/// text from its start for every label, which is quadratic on a large file with many findings.
/// Each read hands miette only the lines around the span, then moves the result back to file
/// lines and offsets, so the rendering is the same as on the whole text.
struct WindowedSource<'a> {
    name: &'a str,
    text: &'a str,
    index: &'a LineIndex,
    /// The file line of `text`'s first line (0 for a whole file, more for a clipped line).
    first_line: usize,
    /// Characters of the line before `text` starts (a clipped line), for the column shown.
    column_shift: usize,
}

/// The text miette is shown: miette ends lines at `\n` only, so a lone `\r` (a line end for
/// CycleCloud and for [`LineIndex`]) becomes `\n`, byte for byte, so that spans stay valid.
fn display_text(text: &str) -> std::borrow::Cow<'_, str> {
    if crate::lint::first_lone_cr(text).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    for (i, b) in out.iter_mut().enumerate() {
        if *b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            *b = b'\n';
        }
    }
    std::borrow::Cow::Owned(String::from_utf8(out).expect("only ASCII bytes were replaced"))
}

/// Lines longer than this many bytes are clipped around the span in snippets.
const MAX_SNIPPET_LINE: usize = 1_000;
/// How much of a clipped line is shown on each side of the span, and at most of the span itself.
const CLIP_CONTEXT: usize = 120;

/// A diagnostic moved onto a clipped copy of its line.
struct Clipped<'a> {
    text: String,
    name: &'a str,
    index: LineIndex,
    line: usize,
    column_shift: usize,
}

impl Clipped<'_> {
    fn source(&self) -> WindowedSource<'_> {
        WindowedSource {
            name: self.name,
            text: &self.text,
            index: &self.index,
            first_line: self.line,
            column_shift: self.column_shift,
        }
    }
}

/// When the primary span's line is very long (a minified or generated file), the diagnostic moved
/// onto a copy of that line clipped to the span and some context on each side (marked `…`), so
/// that one finding on a 50 MB line prints a few lines, not the line. Secondary labels outside the
/// clipped part are dropped.
fn clip_long_line<'a>(source: &WindowedSource<'a>, d: &Diagnostic) -> Option<(Diagnostic, Clipped<'a>)> {
    let text = source.text;
    let start = d.span.start().min(text.len());
    let line = source.index.line_of(start);
    let line_start = source.index.line_start(line);
    let line_end = if line + 1 < source.index.line_count() {
        let next = source.index.line_start(line + 1);
        next - if text[..next].ends_with("\r\n") { 2 } else { 1 }
    } else {
        text.len()
    };
    if line_end.saturating_sub(line_start) <= MAX_SNIPPET_LINE {
        return None;
    }
    let floor = |at: usize| crate::span::floor_char_boundary(text, at);
    let from = floor(start.saturating_sub(CLIP_CONTEXT).max(line_start));
    let end = d.span.end().min(line_end).min(start + CLIP_CONTEXT).max(start);
    let mut to = floor((end + CLIP_CONTEXT).min(line_end));
    if to < end {
        to = end;
    }
    let prefix = if from > line_start { "…" } else { "" };
    let suffix = if to < line_end { "…" } else { "" };
    let clipped = format!("{prefix}{}{suffix}", &text[from..to]);
    let shift = |at: usize| at - from + prefix.len();
    let mut moved = d.clone();
    moved.span = crate::span::Span::new(shift(start), shift(floor(end)));
    moved.secondary.retain(|l| l.span.start() >= from && l.span.end() <= to);
    for l in &mut moved.secondary {
        l.span = crate::span::Span::new(shift(l.span.start()), shift(l.span.end()));
    }
    let index = LineIndex::new(&clipped);
    let column_shift = text[line_start..from].chars().count() - prefix.chars().count();
    Some((moved, Clipped { text: clipped, name: source.name, index, line, column_shift }))
}

impl SourceCode for WindowedSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let len = self.text.len();
        let start = span.offset();
        let end = start + span.len();
        if end > len {
            return Err(MietteError::OutOfBounds);
        }
        let lines = self.index.line_count();
        let first = self.index.line_of(start).saturating_sub(context_lines_before + 1);
        let last = (self.index.line_of(end) + context_lines_after + 1).min(lines - 1);
        let from = self.index.line_start(first);
        let to = if last + 1 < lines { self.index.line_start(last + 1) } else { len };
        let window = &self.text.as_bytes()[from..to];
        let local = SourceSpan::new((start - from).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let offset = contents.span().offset() + from;
        // miette counts the column in bytes; every other output (and the LSP) in characters.
        let column = self.index.line_col(self.text, offset).column - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new(offset.into(), contents.span().len()),
            contents.line() + first + self.first_line,
            column + self.column_shift,
            contents.line_count() + first + self.first_line,
        )))
    }
}
