//! Every output format asserted on content, not only on shape:
//! - JSON: every report (live, and every committed JSON snapshot) validates against
//!   `docs/json-output.schema.json`; positions agree with an independent count over the text.
//! - SARIF: validated offline against the SARIF 2.1.0 schema; regions, rule index, levels,
//!   related locations, fixes and artifact URIs checked result by result against the JSON report
//!   and the text; the results of a sample fixture are a snapshot.
//! - JUnit: parsed back with an XML parser; test and failure counts, names, messages and bodies
//!   with XML's special characters round-trip.
//! - GitHub and Azure Pipelines commands: parsed back as the runners parse them; `%`, newlines,
//!   `:`/`,` and `;`/`]` in paths and messages round-trip, one command per line.
//! - concise: one line per diagnostic at the right place.
//! - human: one blank line between findings, also from one file to the next, none before the first.
//! - GitLab: repeated findings (same baseline fingerprint) get distinct fingerprints, numbered.

mod common;

use std::fs;
use std::path::Path;

use cyclelint::diagnostic::{Diagnostic, Severity};
use cyclelint::lint::FileResult;
use cyclelint::report::{azure, concise, github, gitlab, human, json, junit, sarif};
use cyclelint::span::Span;
use serde_json::Value;

use common::{check_file, root};

/// Every bad rule fixture, checked with the fixture registry: diagnostics of every rule, with
/// labels, helps, notes, fixes and every severity.
fn fixture_results() -> Vec<FileResult> {
    let mut paths: Vec<_> = fs::read_dir(root().join("fixtures/rules"))
        .unwrap()
        .flat_map(|e| fs::read_dir(e.unwrap().path()).unwrap().map(|f| f.unwrap().path()))
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("bad"))
        .collect();
    paths.sort();
    paths.iter().map(|p| check_file(p)).collect()
}

/// A file whose path and diagnostics hold every character an output format must escape.
const AWKWARD_PATH: &str = "dir/we ird,na:me;%25]<&>'\".txt";
const AWKWARD_TEXT: &str = "[cluster c]\n  A = \"é ✓\"\n  B = x\n";

fn awkward() -> FileResult {
    let rule = cyclelint::rules::find("lenient-string").unwrap();
    let diagnostics = vec![
        Diagnostic::new(rule, Span::new(18, 26), "`<a & b>` is 100% \"odd\" :: 'really'; [x]")
            .with_help("first line\nsecond line with %0A and ::")
            .with_note("a\r\nb")
            .with_label("here <")
            .with_secondary(Span::new(29, 30), "else & where")
            .with_fix(Span::new(19, 25), "\"é\" & <ok>"),
        Diagnostic::new(rule, Span::new(33, 34), "plain").with_severity(Severity::Info),
        Diagnostic::new(rule, Span::new(0, 11), "an error").with_severity(Severity::Error),
    ];
    FileResult { path: AWKWARD_PATH.to_string(), text: AWKWARD_TEXT.to_string(), diagnostics, kind: None }
}

fn clean() -> FileResult {
    FileResult { path: "clean.txt".into(), text: "[cluster c]\n".into(), diagnostics: vec![], kind: None }
}

/// 1-based line and character column of a byte offset, counted here independently of `LineIndex`.
/// An offset inside a character counts from that character's start (an `invalid-encoding` span
/// is a byte offset into the raw file, whose text was decoded lossily).
fn line_col(text: &str, mut offset: usize) -> (usize, usize) {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    // A line ends at `\n`, at `\r\n` and at a lone `\r`, as CycleCloud reads templates.
    let bytes = text.as_bytes();
    let (mut line, mut line_start) = (1, 0);
    for (i, &b) in bytes[..offset].iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, text[line_start..offset].chars().count() + 1)
}

fn validator(schema: &Path) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&fs::read_to_string(schema).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} does not match its schema:\n{}", errors.join("\n"));
}

// --- JSON -------------------------------------------------------------------------------------

#[test]
fn json_reports_match_the_published_schema() {
    let schema = validator(&root().join("docs/json-output.schema.json"));
    let mut files = fixture_results();
    files.push(awkward());
    files.push(clean());
    let report: Value = serde_json::from_str(&json::render(&files)).unwrap();
    assert_valid(&schema, &report, "the JSON report of every bad fixture");
    // The schema is not vacuous: it rejects a report with a wrong severity or a missing field.
    let mut wrong = report.clone();
    wrong["files"][0]["diagnostics"][0]["severity"] = "fatal".into();
    assert!(!schema.is_valid(&wrong));
    let mut wrong = report.clone();
    wrong["files"][0]["diagnostics"][0].as_object_mut().unwrap().remove("line");
    assert!(!schema.is_valid(&wrong));
    let mut wrong = report;
    wrong["summary"]["errors"] = (-1).into();
    assert!(!schema.is_valid(&wrong));
}

#[test]
fn every_json_snapshot_matches_the_published_schema() {
    let schema = validator(&root().join("docs/json-output.schema.json"));
    let mut checked = 0;
    for entry in fs::read_dir(root().join("tests/snapshots")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.contains("json_snapshots") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        // An insta snapshot: a `---` header, then the content.
        let body = text.splitn(3, "---\n").nth(2).expect("an insta header");
        let report: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        assert_valid(&schema, &report, &name);
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} JSON snapshots found");
}

#[test]
fn json_positions_agree_with_the_text() {
    let mut files = fixture_results();
    files.push(awkward());
    let report: Value = serde_json::from_str(&json::render(&files)).unwrap();
    let mut counts = (0, 0, 0);
    for (file, shown) in files.iter().zip(report["files"].as_array().unwrap()) {
        assert_eq!(shown["path"], file.path.as_str());
        for (d, j) in file.diagnostics.iter().zip(shown["diagnostics"].as_array().unwrap()) {
            assert_eq!(j["rule"], d.rule);
            assert_eq!(j["severity"], d.severity.as_str());
            assert_eq!(j["message"], d.message.as_str());
            assert_eq!(
                (j["offset"].as_u64().unwrap() as usize, j["length"].as_u64().unwrap() as usize),
                (d.span.start(), d.span.len())
            );
            let (line, column) = line_col(&file.text, d.span.start());
            let (end_line, end_column) = line_col(&file.text, d.span.end());
            assert_eq!(
                [&j["line"], &j["column"], &j["end_line"], &j["end_column"]],
                [line, column, end_line, end_column].map(Value::from).each_ref(),
                "{}: {}",
                file.path,
                d.message
            );
            for (label, jl) in d.secondary.iter().zip(j["labels"].as_array().unwrap()) {
                assert_eq!(jl["message"], label.message.as_str());
                let (line, column) = line_col(&file.text, label.span.start());
                assert_eq!(
                    (jl["line"].as_u64().unwrap() as usize, jl["column"].as_u64().unwrap() as usize),
                    (line, column)
                );
                assert_eq!(jl["offset"].as_u64().unwrap() as usize, label.span.start());
            }
            assert_eq!(j["labels"].as_array().unwrap().len(), d.secondary.len());
            match &d.fix {
                Some(fix) => {
                    assert_eq!(j["fix"]["replacement"], fix.replacement.as_str());
                    assert_eq!(j["fix"]["offset"].as_u64().unwrap() as usize, fix.span.start());
                    assert_eq!(j["fix"]["length"].as_u64().unwrap() as usize, fix.span.len());
                }
                None => assert!(j["fix"].is_null()),
            }
            match d.severity {
                Severity::Error => counts.0 += 1,
                Severity::Warning => counts.1 += 1,
                Severity::Info => counts.2 += 1,
            }
        }
    }
    let summary = &report["summary"];
    assert_eq!(summary["files"], files.len());
    assert_eq!(
        (summary["errors"].clone(), summary["warnings"].clone(), summary["infos"].clone()),
        (counts.0.into(), counts.1.into(), counts.2.into())
    );
    assert!(counts.0 > 0 && counts.1 > 0 && counts.2 > 0, "every severity is exercised: {counts:?}");
}

// --- SARIF ------------------------------------------------------------------------------------

fn sarif_of(files: &[FileResult]) -> Value {
    serde_json::from_str(&sarif::render(files)).expect("SARIF is JSON")
}

#[test]
fn sarif_matches_the_sarif_schema_offline() {
    let schema = validator(&root().join("tests/data/sarif-schema-2.1.0.json"));
    let mut files = fixture_results();
    files.push(awkward());
    files.push(clean());
    assert_valid(&schema, &sarif_of(&files), "the SARIF report");
    assert_valid(&schema, &sarif_of(&[]), "an empty SARIF report");
}

#[test]
fn sarif_results_carry_the_right_regions_rules_levels_and_fixes() {
    let mut files = fixture_results();
    files.push(awkward());
    let log = sarif_of(&files);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), cyclelint::rules::RULES.len());
    for (rule, shown) in cyclelint::rules::RULES.iter().zip(rules) {
        assert_eq!(shown["id"], rule.name);
        assert_eq!(shown["helpUri"], format!("{}/blob/main/docs/rules.md#{}", sarif::INFORMATION_URI, rule.name));
        let level = match rule.default_severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(shown["defaultConfiguration"]["level"], level, "{}", rule.name);
    }
    let results = run["results"].as_array().unwrap();
    let diagnostics: Vec<(&FileResult, &Diagnostic)> =
        files.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (f, d))).collect();
    assert_eq!(results.len(), diagnostics.len());
    let region = |text: &str, span: Span| {
        let (start_line, start_column) = line_col(text, span.start());
        let (end_line, end_column) = line_col(text, span.end());
        serde_json::json!({"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column})
    };
    for (result, (file, d)) in results.iter().zip(diagnostics) {
        let what = format!("{}: {}", file.path, d.message);
        assert_eq!(result["ruleId"], d.rule, "{what}");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d.rule, "ruleIndex points at the rule: {what}");
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(result["level"], level, "{what}");
        assert_eq!(result["message"]["text"], d.full_text(), "{what}");
        let location = &result["locations"][0];
        assert_eq!(location["physicalLocation"]["artifactLocation"]["uri"], sarif::uri(&file.path));
        assert_eq!(location["physicalLocation"]["region"], region(&file.text, d.span), "{what}");
        assert_eq!(location["message"]["text"].as_str(), d.label.as_deref(), "{what}");
        let related = result["relatedLocations"].as_array().map_or(&[][..], |r| r.as_slice());
        assert_eq!(related.len(), d.secondary.len(), "{what}");
        for (r, label) in related.iter().zip(&d.secondary) {
            assert_eq!(r["message"]["text"], label.message.as_str());
            assert_eq!(r["physicalLocation"]["region"], region(&file.text, label.span), "{what}");
        }
        match &d.fix {
            Some(fix) => {
                let change = &result["fixes"][0]["artifactChanges"][0];
                assert_eq!(change["artifactLocation"]["uri"], sarif::uri(&file.path));
                let replacement = &change["replacements"][0];
                assert_eq!(replacement["deletedRegion"], region(&file.text, fix.span), "{what}");
                assert_eq!(replacement["insertedContent"]["text"], fix.replacement.as_str());
            }
            None => assert!(result.get("fixes").is_none(), "{what}"),
        }
        assert!(result["partialFingerprints"]["cyclelint/v1"].as_str().is_some_and(|s| !s.is_empty()));
    }
    assert!(results.iter().any(|r| r.get("fixes").is_some()), "some fixture has a fix");
    assert!(results.iter().any(|r| r.get("relatedLocations").is_some()), "some fixture has a secondary label");
}

#[test]
fn sarif_artifact_uris_are_escaped_relative_references_or_file_uris() {
    assert_eq!(sarif::uri("templates/slurm.txt"), "templates/slurm.txt");
    assert_eq!(sarif::uri("./a/b.txt"), "a/b.txt");
    assert_eq!(sarif::uri("a\\b c.txt"), "a/b%20c.txt");
    assert_eq!(sarif::uri("/abs/x#y%.txt"), "file:///abs/x%23y%25.txt");
    assert_eq!(sarif::uri("é.txt"), "%C3%A9.txt");
    assert_eq!(sarif::uri(AWKWARD_PATH), "dir/we%20ird%2Cna%3Ame%3B%2525%5D%3C%26%3E%27%22.txt");
}

#[test]
fn sarif_results_snapshot() {
    let path = root().join("fixtures/rules/unknown-attribute/bad.txt");
    let log = sarif_of(&[check_file(&path), awkward()]);
    let results = &log["runs"][0]["results"];
    insta::assert_snapshot!(serde_json::to_string_pretty(results).unwrap());
}

// --- JUnit ------------------------------------------------------------------------------------

#[test]
fn junit_is_well_formed_and_counts_and_escapes_right() {
    let mut files = fixture_results();
    files.push(awkward());
    files.push(clean());
    let xml = junit::render(&files);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("JUnit is not well-formed XML: {e}"));
    let total: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    for element in [suites, suites.first_element_child().unwrap()] {
        assert_eq!(element.attribute("tests"), Some(files.len().to_string().as_str()));
        assert_eq!(element.attribute("failures"), Some(total.to_string().as_str()));
    }
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), files.len());
    for (case, file) in cases.iter().zip(&files) {
        assert_eq!(case.attribute("name"), Some(file.path.as_str()));
        let failures: Vec<_> = case.children().filter(|n| n.has_tag_name("failure")).collect();
        assert_eq!(failures.len(), file.diagnostics.len(), "{}", file.path);
        for (failure, d) in failures.iter().zip(&file.diagnostics) {
            let (line, column) = line_col(&file.text, d.span.start());
            assert_eq!(failure.attribute("type"), Some(d.rule));
            assert_eq!(failure.attribute("message"), Some(format!("{line}:{column}: {}", d.message).as_str()));
            let body = format!("{}:{line}:{column}: {}[{}] {}", file.path, d.severity, d.rule, d.full_text());
            // XML parsers normalise CRLF to LF in text.
            assert_eq!(failure.text().unwrap_or(""), body.replace("\r\n", "\n"), "{}", file.path);
        }
    }
    assert!(xml.contains("&lt;a &amp; b&gt;"), "special characters are escaped, not dropped");
}

#[test]
fn junit_drops_characters_that_xml_cannot_hold() {
    let mut file = awkward();
    file.diagnostics[0].message = "bell \u{7} and nul \u{0} and escape \u{1b}".into();
    file.path = "a\u{1}b.txt".into();
    let xml = junit::render(&[file]);
    let doc = roxmltree::Document::parse(&xml).expect("still well-formed");
    let failure = doc.descendants().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("message"), Some("2:7: bell  and nul  and escape "));
}

// --- GitHub and Azure Pipelines ----------------------------------------------------------------

/// A GitHub workflow command parsed as the runner parses it: `::name k=v,k=v::data`.
fn parse_github(line: &str) -> (String, Vec<(String, String)>, String) {
    fn unescape_data(s: &str) -> String {
        s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    }
    fn unescape_property(s: &str) -> String {
        unescape_data(&s.replace("%3A", ":").replace("%2C", ","))
    }
    let rest = line.strip_prefix("::").expect("a command starts with `::`");
    let (head, data) = rest.split_once("::").expect("a command has `::` before its message");
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape_property(v))
        })
        .collect();
    (name.to_string(), properties, unescape_data(data))
}

/// An Azure Pipelines logging command parsed as the agent parses it: `##vso[area.event k=v;k=v]data`.
fn parse_azure(line: &str) -> (String, Vec<(String, String)>, String) {
    fn unescape(s: &str) -> String {
        s.replace("%3B", ";").replace("%5D", "]").replace("%0D", "\r").replace("%0A", "\n").replace("%AZP25", "%")
    }
    let rest = line.strip_prefix("##vso[").expect("a command starts with `##vso[`");
    let (head, data) = rest.split_once(']').expect("properties end at the first `]`");
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(';')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    (name.to_string(), properties, unescape(data))
}

fn property<'a>(properties: &'a [(String, String)], key: &str) -> &'a str {
    properties.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no `{key}`"))
}

#[test]
fn github_commands_round_trip() {
    let mut files = fixture_results();
    files.push(awkward());
    let out = github::render(&files);
    let diagnostics: Vec<_> = files.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (f, d))).collect();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diagnostics.len(), "one command per diagnostic, none split by a newline");
    for (line, (file, d)) in lines.iter().zip(diagnostics) {
        let (name, properties, message) = parse_github(line);
        let expected = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        assert_eq!(name, expected);
        assert_eq!(property(&properties, "file"), file.path);
        assert_eq!(property(&properties, "title"), d.rule);
        let (l, c) = line_col(&file.text, d.span.start());
        let (el, ec) = line_col(&file.text, d.span.end());
        assert_eq!(
            ["line", "col", "endLine", "endColumn"].map(|k| property(&properties, k).to_string()),
            [l, c, el, ec].map(|n| n.to_string())
        );
        assert_eq!(message, d.full_text());
    }
    let awkward_line = lines.iter().rev().nth(2).unwrap();
    assert!(awkward_line.contains("file=dir/we ird%2Cna%3Ame;%2525]<&>'\".txt,"), "{awkward_line}");
    assert!(awkward_line.contains("100%25 \"odd\" :: 'really'"), "{awkward_line}");
    assert!(
        awkward_line.contains("%0Ahelp: first line%0Asecond line with %250A and ::%0Anote: a%0D%0Ab"),
        "{awkward_line}"
    );
}

#[test]
fn azure_commands_round_trip() {
    let mut files = fixture_results();
    files.push(awkward());
    let out = azure::render(&files);
    let diagnostics: Vec<_> = files.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (f, d))).collect();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diagnostics.len(), "one command per diagnostic, none split by a newline");
    for (line, (file, d)) in lines.iter().zip(diagnostics) {
        let (name, properties, message) = parse_azure(line);
        assert_eq!(name, "task.logissue");
        let expected = if d.severity == Severity::Error { "error" } else { "warning" };
        assert_eq!(property(&properties, "type"), expected);
        assert_eq!(property(&properties, "sourcepath"), file.path);
        assert_eq!(property(&properties, "code"), d.rule);
        let (l, c) = line_col(&file.text, d.span.start());
        assert_eq!(property(&properties, "linenumber"), l.to_string());
        assert_eq!(property(&properties, "columnnumber"), c.to_string());
        assert_eq!(message, d.full_text());
    }
    let awkward_line = lines.iter().rev().nth(2).unwrap();
    assert!(awkward_line.contains("sourcepath=dir/we ird,na:me%3B%AZP2525%5D<&>'\".txt;"), "{awkward_line}");
    assert!(awkward_line.contains("100%AZP25 \"odd\""), "{awkward_line}");
}

#[test]
fn concise_lines_point_at_the_start() {
    let mut files = fixture_results();
    files.push(awkward());
    let out = concise::render(&files);
    let expected: Vec<String> = files
        .iter()
        .flat_map(|f| {
            f.diagnostics.iter().map(move |d| {
                let (l, c) = line_col(&f.text, d.span.start());
                format!("{}:{l}:{c}: {}[{}] {}", f.path, d.severity, d.rule, d.message)
            })
        })
        .collect();
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn human_reports_are_separated_by_one_blank_line() {
    let files = fixture_results();
    let findings: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    let out = human::render(&files, human::Style { color: false, width: 100 });
    assert!(!out.starts_with('\n'), "no blank line before the first finding");
    assert!(!out.contains("\n\n\n"), "never two blank lines");
    assert_eq!(out.split("\n\n").count(), findings, "one blank line between findings, across files too");
}

#[test]
fn gitlab_fingerprints_number_repeated_findings() {
    let rule = cyclelint::rules::find("lenient-string").unwrap();
    let same = |start| Diagnostic::new(rule, Span::new(start, start + 1), "the same finding");
    let file = FileResult {
        path: "r.txt".into(),
        text: "[cluster c]\n  A = x\n  B = x\n".into(),
        diagnostics: vec![same(18), same(26), same(28)],
        kind: None,
    };
    let issues: Value = serde_json::from_str(&gitlab::render(&[file])).unwrap();
    let fingerprints: Vec<&str> =
        issues.as_array().unwrap().iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    let (stem, _) = fingerprints[0].split_at(fingerprints[0].len() - 16);
    let expected: Vec<String> = (0..3).map(|n| format!("{stem}{n:016x}")).collect();
    assert_eq!(fingerprints, expected);
}

/// A lone `\r` ends a line in the snippet as it does for CycleCloud; a `\r\n` stays one line end.
#[test]
fn human_snippets_end_lines_at_lone_cr_and_crlf_alike() {
    let rule = cyclelint::rules::find("lenient-string").unwrap();
    let text = "[cluster c]\r\n  A = x\r  B = y\r\n  C = z\n";
    let at = text.find("B = y").unwrap();
    let file = FileResult {
        path: "mixed.txt".into(),
        text: text.into(),
        diagnostics: vec![Diagnostic::new(rule, Span::new(at, at + 1), "here").with_label("this")],
        kind: None,
    };
    let out = human::render(&[file], human::Style { color: false, width: 100 });
    assert!(out.contains("[mixed.txt:3:3]"), "{out}");
    for line in [" 2 │   A = x\n", " 3 │   B = y\n", " 4 │   C = z\n"] {
        assert!(out.contains(line), "{line:?} in {out}");
    }
}

/// A finding on a very long line is shown on a copy of the line clipped 120 bytes each side of
/// the span, with `…` where text was cut; the next line never leaks into it, and a short line
/// before a long one is not clipped.
#[test]
fn human_snippets_clip_long_lines_around_the_span() {
    let rule = cyclelint::rules::find("lenient-string").unwrap();
    let long = format!("A = {}", "a".repeat(3000));
    let text = format!("[cluster c]\n{long}\r\nZZZ = 1\n");
    let render = |span: Span| {
        let file = FileResult {
            path: "long.txt".into(),
            text: text.clone(),
            diagnostics: vec![Diagnostic::new(rule, span, "here").with_label("this")],
            kind: None,
        };
        human::render(&[file], human::Style { color: false, width: 400 })
    };
    let line_start = text.find("A = ").unwrap();
    let line_end = line_start + long.len();

    // In the middle: cut on both sides; of the other labels, only the one inside the cut is kept.
    let out = render(Span::new(line_start + 1500, line_start + 1505));
    let shown = format!(" 2 │ …{}…\n", &text[line_start + 1380..line_start + 1625]);
    assert!(out.contains(&shown), "{out}");
    assert!(out.contains("[long.txt:2:1501]"), "{out}");
    let file = FileResult {
        path: "long.txt".into(),
        text: text.clone(),
        diagnostics: vec![Diagnostic::new(rule, Span::new(line_start + 1500, line_start + 1505), "here")
            .with_label("this")
            .with_secondary(Span::new(line_start + 10, line_start + 15), "far before")
            .with_secondary(Span::new(line_start + 1450, line_start + 1455), "close by")
            .with_secondary(Span::new(line_start + 2500, line_start + 2505), "far after")],
        kind: None,
    };
    let out = human::render(&[file], human::Style { color: false, width: 400 });
    assert!(out.contains("close by") && !out.contains("far before") && !out.contains("far after"), "{out}");

    // At the end of the line (CRLF): cut before only, and the next line stays out.
    let out = render(Span::new(line_end - 5, line_end));
    let shown = format!(" 2 │ …{}\n", &text[line_end - 125..line_end]);
    assert!(out.contains(&shown) && !out.contains("ZZZ"), "{out}");

    // On the `\n` of that CRLF: still rendered as a snippet, not the one-line fallback.
    let out = render(Span::new(line_end + 1, line_end + 2));
    assert!(out.contains("╭─[long.txt:") && !out.contains("long.txt: warning"), "{out}");

    // A short line before the long one: shown whole, nothing cut.
    let out = render(Span::new(1, 8));
    assert!(out.contains(" 1 │ [cluster c]\n") && !out.contains('…'), "{out}");
}

/// The `[path:line:column]` header of each human finding is where concise and JSON put it:
/// columns in characters (miette counts bytes; `é ✓` in the awkward file tells them apart).
#[test]
fn human_headers_count_columns_in_characters() {
    let mut files = fixture_results();
    files.push(awkward());
    let rule = cyclelint::rules::find("lenient-string").unwrap();
    let text = "[cluster c]\n  A = \"ééé ✓\" + B\n";
    let plus = text.find('+').unwrap();
    let diagnostics = vec![Diagnostic::new(rule, Span::new(plus, plus + 1), "after")];
    files.push(FileResult { path: "wide.txt".into(), text: text.into(), diagnostics, kind: None });
    for file in &files {
        for d in &file.diagnostics {
            let one = FileResult {
                path: file.path.clone(),
                text: file.text.clone(),
                diagnostics: vec![d.clone()],
                kind: file.kind,
            };
            let out = human::render(&[one], human::Style { color: false, width: 100 });
            let (l, c) = line_col(&file.text, d.span.start());
            let header = format!("[{}:{l}:{c}]", file.path);
            assert!(out.contains(&header) || !out.contains("╭─["), "{header} in {out}");
        }
    }
}
