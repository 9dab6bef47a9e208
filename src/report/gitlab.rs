//! GitLab Code Quality JSON: an array of issues, each with `description`, `check_name`,
//! `fingerprint`, `severity` and `location` (`path`, `lines.begin`), for the
//! `artifacts:reports:codequality` report of a GitLab CI job.
//!
//! GitLab knows `info`, `minor`, `major`, `critical` and `blocker`: errors are `major`, warnings
//! `minor`, infos `info`. GitLab follows an issue across commits by its fingerprint and keeps one
//! issue per fingerprint, so the fingerprint is the baseline fingerprint (path, rule, anchor,
//! message without digits; never a line number), hashed, followed by the number of earlier findings
//! with the same baseline fingerprint: unique within a report, stable when lines move.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::baseline::{fingerprint, fingerprint_hash};
use crate::diagnostic::Severity;
use crate::lint::FileResult;
use crate::report::position;
use crate::span::LineIndex;

pub fn render(files: &[FileResult]) -> String {
    let mut issues = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for file in files {
        let index = LineIndex::new(&file.text);
        let path = relative_path(&file.path);
        for d in &file.diagnostics {
            let at = position(&index, &file.text, d);
            let hash = fingerprint_hash(&fingerprint(&path, d));
            let occurrence = seen.entry(hash.clone()).or_default();
            let fingerprint = format!("{hash}{occurrence:016x}");
            *occurrence += 1;
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            issues.push(json!({
                "description": d.full_text(),
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {
                    "path": path,
                    "lines": { "begin": at.start.line, "end": at.end.line },
                },
            }));
        }
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(issues)).expect("JSON values serialise");
    text.push('\n');
    text
}

/// GitLab wants the path relative to the repository root with `/`: the path as given, without
/// a leading `./`.
fn relative_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_with_slashes() {
        assert_eq!(relative_path("./templates/a.txt"), "templates/a.txt");
        assert_eq!(relative_path("templates\\a.txt"), "templates/a.txt");
        assert_eq!(relative_path("a.txt"), "a.txt");
    }
}
