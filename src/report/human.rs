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
        let text = masked.as_deref().unwrap_or(&file.text);
        let index = LineIndex::new(text);
        let source = WindowedSource { name: &file.path, text, index: &index };
        for (i, d) in file.diagnostics.iter().enumerate() {
            if i > 0 || !out.is_empty() {
                out.push('\n'); // a blank line between findings
            }
            let adapter = Adapter { diagnostic: d, source: &source, help: d.help.clone() };
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
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new((contents.span().offset() + from).into(), contents.span().len()),
            contents.line() + first,
            contents.column(),
            contents.line_count() + first,
        )))
    }
}
