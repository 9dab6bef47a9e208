//! Azure Pipelines logging commands: `##vso[task.logissue type=error;…]message`.
//!
//! Azure Pipelines knows only errors and warnings: info diagnostics are logged as warnings; the
//! rule is always given as `code`.

use std::fmt::Write;

use crate::diagnostic::Severity;
use crate::lint::FileResult;
use crate::report::position;
use crate::span::LineIndex;

pub fn render(files: &[FileResult]) -> String {
    let mut out = String::new();
    for file in files {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            let at = position(&index, &file.text, d);
            let kind = if d.severity == Severity::Error { "error" } else { "warning" };
            let message = d.full_text();
            let _ = writeln!(
                out,
                "##vso[task.logissue type={kind};sourcepath={};linenumber={};columnnumber={};code={}]{}",
                property(&file.path),
                at.start.line,
                at.start.column,
                property(d.rule),
                data(&message)
            );
        }
    }
    out
}

/// Escapes a command's message.
pub fn data(text: &str) -> String {
    text.replace('%', "%AZP25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property's value.
pub fn property(text: &str) -> String {
    data(text).replace(';', "%3B").replace(']', "%5D")
}
