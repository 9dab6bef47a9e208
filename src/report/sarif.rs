//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! `tool.driver.rules` lists every rule with its documentation and a help URI; each result
//! carries a partial fingerprint (the baseline fingerprint, hashed) so that viewers can follow a
//! finding across edits.

use serde_json::{json, Value};

use crate::baseline::{fingerprint, fingerprint_hash};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::FileResult;
use crate::report::position;
use crate::rules::RULES;
use crate::span::{LineIndex, Span};

pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The project home, from `Cargo.toml`'s `repository`.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// Where each rule's documentation lives on the web.
pub fn help_uri(rule: &str) -> String {
    format!("{INFORMATION_URI}/blob/main/docs/rules.md#{rule}")
}

pub fn render(files: &[FileResult]) -> String {
    let mut out = serde_json::to_string_pretty(&report(files)).expect("SARIF serialises");
    out.push('\n');
    out
}

pub fn report(files: &[FileResult]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            let mut descriptor = json!({
                "id": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.documentation(), "markdown": rule.documentation() },
                "helpUri": help_uri(rule.name),
                "defaultConfiguration": { "level": level(rule.default_severity) },
            });
            if let Some(score) = security_severity(rule.name) {
                descriptor["properties"] = json!({ "tags": ["security"], "security-severity": score });
            }
            descriptor
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            results.push(result(file, &index, d));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cyclelint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The rules that find security problems, with their `security-severity` (a CVSS-like score
/// from 0.0 to 10.0, as a string): GitHub code scanning shows them as security alerts.
const SECURITY_RULES: &[(&str, &str)] = &[("hardcoded-secret", "7.5")];

/// The `security-severity` of a security rule.
pub fn security_severity(rule: &str) -> Option<&'static str> {
    SECURITY_RULES.iter().find(|(name, _)| *name == rule).map(|&(_, score)| score)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(file: &FileResult, index: &LineIndex, d: &Diagnostic) -> Value {
    let at = position(index, &file.text, d);
    let uri = uri(&file.path);
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": {
                "startLine": at.start.line,
                "startColumn": at.start.column,
                "endLine": at.end.line,
                "endColumn": at.end.column,
            },
        },
    });
    if let Some(label) = &d.label {
        location["message"] = json!({ "text": label });
    }
    let text = d.full_text();
    let rule_index = RULES.iter().position(|r| r.name == d.rule).unwrap_or(0);
    let mut result = json!({
        "ruleId": d.rule,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [location],
        "partialFingerprints": { "cyclelint/v1": fingerprint_hash(&fingerprint(&file.path, d)) },
    });
    if !d.secondary.is_empty() {
        let related: Vec<Value> = d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": { "text": l.message },
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": region(index, &file.text, l.span),
                    },
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": { "text": d.help.clone().unwrap_or_else(|| d.message.clone()) },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": [{
                    "deletedRegion": region(index, &file.text, fix.span),
                    "insertedContent": { "text": fix.replacement },
                }],
            }],
            "properties": { "applicability": fix.applicability },
        }]);
    }
    result
}

fn region(index: &LineIndex, text: &str, span: Span) -> Value {
    let start = index.line_col(text, span.start());
    let end = index.line_col(text, span.end());
    json!({ "startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column })
}

/// A path as a relative URI reference (forward slashes, reserved characters escaped), or a
/// `file://` URI for an absolute path.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    if out.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}
