//! `path:line:col: severity[rule] message`, one a line.

use std::fmt::Write;

use crate::lint::FileResult;
use crate::span::LineIndex;

pub fn render(files: &[FileResult]) -> String {
    let mut out = String::new();
    for file in files {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let at = index.line_col(&file.text, d.span.start());
            let _ = writeln!(out, "{}:{}:{}: {}[{}] {}", file.path, at.line, at.column, d.severity, d.rule, d.message);
        }
    }
    out
}
