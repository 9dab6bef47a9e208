//! The real-world corpus in `../shared/corpus` (skipped with a note when it is absent):
//! no panic on any file; no error-severity diagnostic on a `.txt` template that CycleCloud
//! accepted; every known-broken file caught at its line by the parser; and recall: the number of
//! findings per rule and severity equals `tests/data/corpus-counts.txt`, so a rule that stops
//! firing (or starts firing more) on real templates fails the test with the difference.
//!
//! The expectation is updated deliberately, like a snapshot, with the reason in the commit:
//! `UPDATE_CORPUS_COUNTS=1 cargo test --test corpus`, then review `git diff tests/data`.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::panic;

use cyclelint::diagnostic::Severity;
use cyclelint::lint::Linter;
use cyclelint::span::LineIndex;

/// The rows of a corpus list after its header line. A missing list is an error: an absent
/// `KNOWN-BROKEN.tsv` would otherwise silently exempt nothing and check nothing.
fn tsv(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

const COUNTS: &str = "tests/data/corpus-counts.txt";

/// The committed per-rule counts: `count<TAB>severity<TAB>rule` lines, `#` comments.
fn render_counts(files: usize, per_rule: &BTreeMap<(&str, Severity), usize>) -> String {
    let mut out = format!(
        "# Findings per rule and severity on ../shared/corpus ({files} files), checked by tests/corpus.rs.\n\
         # Regenerate deliberately: UPDATE_CORPUS_COUNTS=1 cargo test --test corpus\n"
    );
    for ((rule, severity), n) in per_rule {
        out.push_str(&format!("{n}\t{severity}\t{rule}\n"));
    }
    out
}

/// Compares the counts with the committed expectation, or rewrites it when asked to.
fn check_counts(actual: &str) {
    let path = common::root().join(COUNTS);
    if std::env::var_os("UPDATE_CORPUS_COUNTS").is_some() {
        cyclelint::fsutil::atomic_write(&path, actual.as_bytes()).expect("the counts file is writable");
        println!("note: {COUNTS} rewritten");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{COUNTS} cannot be read ({e}): run UPDATE_CORPUS_COUNTS=1 cargo test --test corpus")
    });
    let rows = |text: &str| -> BTreeMap<String, String> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (n, key) = l.split_once('\t').expect("count<TAB>severity<TAB>rule");
                (key.to_string(), n.to_string())
            })
            .collect()
    };
    let (expected_rows, actual_rows) = (rows(&expected), rows(actual));
    let mut diff = Vec::new();
    for key in expected_rows.keys().chain(actual_rows.keys()).collect::<std::collections::BTreeSet<_>>() {
        let (was, now) = (expected_rows.get(key), actual_rows.get(key));
        if was != now {
            let show = |n: Option<&String>| n.map_or("0", String::as_str).to_string();
            diff.push(format!("  {:<40} expected {:>5}, found {:>5}", key.replace('\t', " "), show(was), show(now)));
        }
    }
    assert!(
        diff.is_empty() && expected.lines().next() == actual.lines().next(),
        "findings per rule on the corpus changed (a rule lost or gained recall):\n{}\n\
         If the change is intended, run UPDATE_CORPUS_COUNTS=1 cargo test --test corpus and say why in the commit.",
        if diff.is_empty() { "  the number of files changed".to_string() } else { diff.join("\n") }
    );
}

#[test]
fn corpus_has_no_false_errors_and_known_defects_are_caught() {
    let Some(corpus) = common::corpus() else {
        println!("note: ../shared/corpus is absent; corpus test skipped");
        return;
    };
    let fragments: HashSet<String> = tsv(&corpus.join("FRAGMENTS.tsv")).into_iter().map(|r| r[0].clone()).collect();
    let broken: Vec<(String, usize, String)> = tsv(&corpus.join("KNOWN-BROKEN.tsv"))
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().expect("line number"), r[2].clone()))
        .collect();
    let linter = Linter::new();
    let mut unexpected = Vec::new();
    let mut per_rule: BTreeMap<(&str, Severity), usize> = BTreeMap::new();
    let mut lines_with_findings: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut files = 0;
    let mut entries: Vec<_> =
        fs::read_dir(corpus.join("templates")).expect("templates folder").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = fs::read(&path).expect("corpus file is readable");
        let result = panic::catch_unwind(|| linter.check_bytes(&name, &bytes));
        let result = result.unwrap_or_else(|_| panic!("cyclelint panicked on {name}"));
        files += 1;
        let index = LineIndex::new(&result.text);
        for d in &result.diagnostics {
            *per_rule.entry((d.rule, d.severity)).or_default() += 1;
            let line = index.line_col(&result.text, d.span.start()).line;
            lines_with_findings.entry(name.clone()).or_default().push(line);
            let is_broken_line = broken.iter().any(|(f, l, _)| f == &name && line.abs_diff(*l) <= 1);
            let exempt = name.ends_with(".j2") || fragments.contains(&name) || is_broken_line;
            if d.severity == Severity::Error && !exempt {
                unexpected.push(format!("{name}:{line}: {}[{}] {}", d.severity, d.rule, d.message));
            }
        }
    }
    // Written straight to stderr, not with `println!`, so that the per-rule counts show in the
    // output of a passing `cargo test` (the test harness captures only the print macros): a
    // change in how often a rule fires is visible in every run.
    let mut summary = format!("corpus: {files} files, findings per rule:\n");
    for ((rule, severity), n) in &per_rule {
        summary.push_str(&format!("  {n:6} {severity:8} {rule}\n"));
    }
    std::io::stderr().write_all(summary.as_bytes()).expect("stderr is writable");
    assert!(unexpected.is_empty(), "error-severity findings on accepted templates:\n{}", unexpected.join("\n"));
    for (file, line, caught_by) in &broken {
        let caught = lines_with_findings.get(file).is_some_and(|lines| lines.iter().any(|l| l.abs_diff(*line) <= 1));
        if caught_by == "parser" {
            assert!(caught, "known-broken {file} not caught at line {line}");
        } else if !caught {
            println!("note: known-broken {file}:{line} not caught yet (needs a rule)");
        }
    }
    check_counts(&render_counts(files, &per_rule));
}
