//! Property tests over the whole pipeline (decode, parse, effective nodes, every rule,
//! suppressions, every output format) on generated input:
//! - every span of every diagnostic, secondary label and fix lies inside the text, on character
//!   boundaries, and diagnostics come sorted;
//! - checking is deterministic: the same input gives the same diagnostics and the same output;
//! - every output format parses back: JSON (and matches `docs/json-output.schema.json`), SARIF,
//!   JUnit XML, one GitHub and one Azure Pipelines command per diagnostic;
//! - arbitrary bytes give either a clean decode or exactly one `invalid-encoding` diagnostic at the
//!   first bad byte, with the rules skipped.

mod common;

use std::sync::LazyLock;

use cyclelint::lint::{FileResult, Linter};
use cyclelint::report::{azure, github, json, junit, sarif};
use proptest::prelude::*;
use serde_json::Value;

static LINTER: LazyLock<Linter> = LazyLock::new(common::fixture_linter);

static JSON_SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let path = common::root().join("docs/json-output.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
});

/// Spans inside the text and on character boundaries; diagnostics sorted by start.
fn assert_spans(result: &FileResult) {
    let text = &result.text;
    let inside = |start: usize, end: usize, what: &str| {
        assert!(start <= end && end <= text.len(), "{what} span {start}..{end} outside a text of {}", text.len());
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{what} span {start}..{end} splits a character"
        );
    };
    for d in &result.diagnostics {
        inside(d.span.start(), d.span.end(), d.rule);
        for label in &d.secondary {
            inside(label.span.start(), label.span.end(), "secondary label");
        }
        if let Some(fix) = &d.fix {
            inside(fix.span.start(), fix.span.end(), "fix");
        }
        assert!(!d.message.is_empty(), "{}: empty message", d.rule);
    }
    assert!(result.diagnostics.windows(2).all(|w| w[0].span.start() <= w[1].span.start()), "diagnostics are sorted");
}

/// Every output format parses back and agrees with the diagnostics on their number.
fn assert_outputs_parse_back(result: &FileResult) {
    let files = std::slice::from_ref(result);
    let n = result.diagnostics.len();
    let report: Value = serde_json::from_str(&json::render(files)).expect("JSON output is JSON");
    assert!(JSON_SCHEMA.is_valid(&report), "JSON output matches its schema: {report}");
    assert_eq!(report["files"][0]["diagnostics"].as_array().unwrap().len(), n);
    let log: Value = serde_json::from_str(&sarif::render(files)).expect("SARIF output is JSON");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), n);
    let xml = junit::render(files);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("JUnit is not XML ({e}):\n{xml}"));
    assert_eq!(doc.descendants().filter(|e| e.has_tag_name("failure")).count(), n);
    let commands = github::render(files);
    assert_eq!(commands.lines().count(), n);
    assert!(commands.lines().all(|l| l.starts_with("::") && l[2..].contains("::")), "{commands}");
    let commands = azure::render(files);
    assert_eq!(commands.lines().count(), n);
    assert!(commands.lines().all(|l| l.starts_with("##vso[task.logissue ")), "{commands}");
}

fn check_all(text: &str) {
    let result = LINTER.check_text("gen.txt", text.to_string());
    assert_spans(&result);
    let again = LINTER.check_text("gen.txt", text.to_string());
    assert_eq!(result.diagnostics, again.diagnostics, "checking is deterministic");
    assert_outputs_parse_back(&result);
    let rendered = json::render(std::slice::from_ref(&result));
    assert_eq!(rendered, json::render(&[again]), "the output is deterministic");
    // When `cyclelint fmt` exists (issue 12), add here: checking the formatted text reports the
    // same rules and messages as checking `text`.
}

// --- generated templates -----------------------------------------------------------------------

const KINDS: &[&str] = &[
    "cluster",
    "node",
    "nodearray",
    "volume",
    "network-interface",
    "cluster-init",
    "configuration",
    "parameters",
    "parameter",
    "record",
    "list",
    "environment",
    "noderef",
    "Configuraton",
];
const NAMES: &[&str] =
    &["", "c", "defaults", "scheduler", "hpc", "Slurm Settings", "cyclecloud/slurm:default:4.0.3", "lsf:x:$V", "é✓"];
const KEYS: &[&str] = &[
    "ImageName",
    "ImageId",
    "Image",
    "ImageOS",
    "MachineType",
    "SubnetId",
    "Credentials",
    "Extends",
    "Abstract",
    "DefaultValue",
    "ParameterType",
    "Config.Plugin",
    "Config.MaxValue",
    "Conditions.Hidden",
    "Azure.Publisher",
    "Azure.Offer",
    "Azure.ImageVersion",
    "InstallJetpack",
    "JetpackVersion",
    "AwaitInstallation",
    "Order",
    "Mount",
    "Size",
    "Zone",
    "Label",
    "Typo.Key",
];
const VALUES: &[&str] = &[
    "",
    "cycle.image.ubuntu22",
    "almalinux8",
    "custom.image",
    "custom.image:1.0",
    "linux",
    "windows",
    "Standard_D4s_v5",
    "true",
    "FALSE",
    "-1",
    "32,000",
    "1.5",
    "$P",
    "$Undefined",
    "${ifThenElse(a, b)}",
    "${P + 1}",
    "${(((",
    "=undefined",
    "a, b,",
    "\"quoted\"",
    "\"a \"b\" c\"",
    "'''x'''",
    "'''open",
    "hpc, scheduler",
    "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest",
    "/subscriptions/x/resourceGroups/r/providers/Microsoft.Compute/images/i",
    "é ✓ \u{a0}",
    "Cloud.Image",
    "pico.form.Dropdown",
    "UseKeyVault",
];
const EXPRESSIONS: &[&str] = &[
    "undefined",
    "undefined()",
    "a && !b",
    "P isnt true",
    "{[Label=\"x\"; Value=1]}",
    "f(",
    "size()",
    "x ? 1 : 2",
    "[]",
];
const COMMENTS: &[&str] = &[
    "# a comment",
    "# cyclelint: ignore[unknown-attribute] -- legacy",
    "# cyclelint: ignore[no-such-rule] -- x",
    "# cyclelint: ignore[lenient-string]",
    "# cyclelint: ignore-file[unused-parameter] -- generated",
    "; semicolon",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (1usize..5, proptest::sample::select(KINDS), proptest::sample::select(NAMES), any::<bool>()).prop_map(
            |(rank, kind, name, balanced)| {
                let close = if balanced { rank } else { rank - 1 };
                format!("{}{kind} {name}{}", "[".repeat(rank), "]".repeat(close))
            }
        ),
        6 => (proptest::sample::select(KEYS), proptest::sample::select(VALUES), proptest::sample::select(COMMENTS), any::<bool>())
            .prop_map(|(key, value, comment, trailing)| {
                if trailing { format!("  {key} = {value} {comment}") } else { format!("  {key} = {value}") }
            }),
        2 => (proptest::sample::select(KEYS), proptest::sample::select(EXPRESSIONS))
            .prop_map(|(key, e)| format!("  {key} := {e}")),
        1 => proptest::sample::select(COMMENTS).prop_map(str::to_string),
        1 => Just(String::new()),
    ]
}

fn template() -> impl Strategy<Value = String> {
    (proptest::collection::vec(line(), 0..40), any::<bool>(), any::<bool>()).prop_map(|(lines, crlf, cluster_first)| {
        let mut lines = lines;
        if cluster_first {
            lines.insert(0, "[cluster c]".to_string());
        }
        lines.join(if crlf { "\r\n" } else { "\n" })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn generated_templates_keep_every_invariant(text in template()) {
        check_all(&text);
    }

    /// Arbitrary bytes, and valid templates with one byte changed (most are still UTF-8, so the
    /// rules run), through `check_bytes`, as a file on disk would go.
    #[test]
    fn bytes_decode_or_fail_exactly_once(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..256),
            (template(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(t, at, b)| {
                let mut bytes = t.into_bytes();
                if !bytes.is_empty() {
                    let i = at.index(bytes.len());
                    bytes[i] = b;
                }
                bytes
            }),
        ]
    ) {
        let result = LINTER.check_bytes("gen.txt", &bytes);
        let valid = std::str::from_utf8(&bytes).ok().filter(|t| !t.contains('\0'));
        match valid {
            Some(text) => {
                prop_assert_eq!(&result.text, text);
                prop_assert!(result.kind.is_some(), "a UTF-8 file is parsed");
                prop_assert!(result.diagnostics.iter().all(|d| d.rule != "invalid-encoding"));
                check_all(text);
            }
            None => {
                prop_assert!(result.kind.is_none(), "a file that does not decode is skipped");
                prop_assert_eq!(result.diagnostics.len(), 1);
                let d = &result.diagnostics[0];
                prop_assert_eq!(d.rule, "invalid-encoding");
                let first_bad = bytes
                    .iter()
                    .position(|&b| b == 0)
                    .unwrap_or_else(|| std::str::from_utf8(&bytes).unwrap_err().valid_up_to());
                prop_assert_eq!(d.span.start(), first_bad);
                prop_assert!(d.span.end() <= bytes.len() && d.span.start() < d.span.end());
                assert_outputs_parse_back(&result);
            }
        }
    }
}

#[test]
fn a_nul_byte_after_invalid_utf8_is_reported_at_the_nul() {
    // `decode` looks for NUL first: a binary file is reported as binary wherever its bad UTF-8 is.
    let result = LINTER.check_bytes("b.txt", b"\xff[cluster c]\0");
    assert_eq!(common::rules(&result), ["invalid-encoding"]);
    assert_eq!(result.diagnostics[0].span.start(), 12);
}
