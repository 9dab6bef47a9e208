//! GitHub Actions workflow commands: `::error file=…,line=…::message`, shown as annotations.

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
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = d.full_text();
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&file.path),
                at.start.line,
                at.start.column,
                at.end.line,
                at.end.column,
                property(d.rule),
                data(&message)
            );
        }
    }
    out
}

/// Escapes a command's message.
pub fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property's value.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(property("C:/a,b.txt"), "C%3A/a%2Cb.txt");
    }
}
