//! Diagnostics → text. Every output format converts the one [`Diagnostic`] type; none invents
//! wording of its own.

pub mod azure;
pub mod concise;
pub mod github;
pub mod gitlab;
#[cfg(feature = "cli")]
pub mod human;
pub mod json;
pub mod junit;
pub mod rules;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::FileResult;
use crate::span::{LineCol, LineIndex};

/// Counts over a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(files: &[FileResult]) -> Summary {
        let mut summary = Summary { files: files.len(), ..Summary::default() };
        for d in files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }
}

/// Start and end positions of a diagnostic, computed through the file's line index.
pub struct Position {
    pub start: LineCol,
    pub end: LineCol,
}

pub fn position(index: &LineIndex, text: &str, diagnostic: &Diagnostic) -> Position {
    Position { start: index.line_col(text, diagnostic.span.start()), end: index.line_col(text, diagnostic.span.end()) }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `N files, E errors, W warnings in T ms`.
pub fn summary_line(summary: &Summary, elapsed_ms: u128) -> String {
    let mut line = format!(
        "{}, {}, {}",
        plural(summary.files, "file"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning")
    );
    if summary.infos > 0 {
        line.push_str(&format!(", {}", plural(summary.infos, "info")));
    }
    line.push_str(&format!(" in {elapsed_ms} ms"));
    line
}

/// Diagnostics per rule, most frequent first (ties by name): for `--statistics`.
pub fn statistics(files: &[FileResult]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in files.iter().flat_map(|f| &f.diagnostics) {
        *counts.entry(d.rule).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let width = counts.first().map_or(1, |(_, n)| n.to_string().len());
    counts.iter().map(|(rule, n)| format!("{n:>width$}  {rule}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_counts_in_words_and_shows_infos_only_when_there_are_some() {
        let summary = |files, errors, warnings, infos| Summary { files, errors, warnings, infos };
        assert_eq!(summary_line(&summary(1, 0, 2, 0), 7), "1 file, 0 errors, 2 warnings in 7 ms");
        assert_eq!(summary_line(&summary(3, 1, 1, 1), 0), "3 files, 1 error, 1 warning, 1 info in 0 ms");
        assert_eq!(summary_line(&summary(0, 0, 0, 5), 12), "0 files, 0 errors, 0 warnings, 5 infos in 12 ms");
    }
}
