//! JUnit XML: one test case per file, one failure per diagnostic.

use std::fmt::Write;

use crate::lint::FileResult;
use crate::report::{position, Summary};
use crate::span::LineIndex;

pub fn render(files: &[FileResult]) -> String {
    let summary = Summary::of(files);
    let failures = summary.errors + summary.warnings + summary.infos;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"cyclelint\" tests=\"{}\" failures=\"{failures}\">", files.len());
    let _ = writeln!(out, "  <testsuite name=\"cyclelint\" tests=\"{}\" failures=\"{failures}\">", files.len());
    for file in files {
        let index = LineIndex::new(&file.text);
        let name = escape(&file.path);
        if file.diagnostics.is_empty() {
            let _ = writeln!(out, "    <testcase name=\"{name}\" classname=\"cyclelint\" />");
            continue;
        }
        let _ = writeln!(out, "    <testcase name=\"{name}\" classname=\"cyclelint\">");
        for d in &file.diagnostics {
            let at = position(&index, &file.text, d);
            let body = format!(
                "{}:{}:{}: {}[{}] {}",
                file.path,
                at.start.line,
                at.start.column,
                d.severity,
                d.rule,
                d.full_text()
            );
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}:{}: {}\">{}</failure>",
                d.rule,
                at.start.line,
                at.start.column,
                escape(&d.message),
                escape(&body)
            );
        }
        let _ = writeln!(out, "    </testcase>");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c < ' ' && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}
