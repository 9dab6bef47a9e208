//! The versioned JSON shape documented in `docs/json-output.md`.

use serde::Serialize;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::lint::FileResult;
use crate::report::{position, Summary};
use crate::span::LineIndex;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub version: u32,
    pub files: Vec<JsonFile<'a>>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct JsonFile<'a> {
    pub path: &'a str,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
pub struct JsonLabel<'a> {
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub length: usize,
}

#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub replacement: &'a str,
    pub offset: usize,
    pub length: usize,
    pub applicability: Applicability,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub length: usize,
    pub label: Option<&'a str>,
    pub help: Option<&'a str>,
    pub note: Option<&'a str>,
    pub labels: Vec<JsonLabel<'a>>,
    pub fix: Option<JsonFix<'a>>,
    /// `check --fix` applies `fix` (it is safe).
    pub fixable: bool,
}

pub fn report(files: &[FileResult]) -> JsonReport<'_> {
    JsonReport {
        version: VERSION,
        files: files
            .iter()
            .map(|file| {
                let index = LineIndex::new(&file.text);
                JsonFile {
                    path: &file.path,
                    diagnostics: file.diagnostics.iter().map(|d| diagnostic(&index, &file.text, d)).collect(),
                }
            })
            .collect(),
        summary: Summary::of(files),
    }
}

pub fn render(files: &[FileResult]) -> String {
    let mut out = serde_json::to_string_pretty(&report(files)).expect("JSON report serialises");
    out.push('\n');
    out
}

fn diagnostic<'a>(index: &LineIndex, text: &str, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let at = position(index, text, d);
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity,
        message: &d.message,
        line: at.start.line,
        column: at.start.column,
        end_line: at.end.line,
        end_column: at.end.column,
        offset: d.span.start(),
        length: d.span.len(),
        label: d.label.as_deref(),
        help: d.help.as_deref(),
        note: d.note.as_deref(),
        labels: d
            .secondary
            .iter()
            .map(|l| {
                let start = index.line_col(text, l.span.start());
                let end = index.line_col(text, l.span.end());
                JsonLabel {
                    message: &l.message,
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    offset: l.span.start(),
                    length: l.span.len(),
                }
            })
            .collect(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            replacement: &f.replacement,
            offset: f.span.start(),
            length: f.span.len(),
            applicability: f.applicability,
        }),
        fixable: d.is_fixable(),
    }
}
