//! `check --fix` end to end: a file with every fixable rule is fixed in one run, the result
//! re-lints clean of those rules, unsafe fixes wait for `--unsafe-fixes`, `--diff` writes nothing.

mod common;

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

const FIXABLE: &[&str] = &["comma-in-number", "syntax-error", "unbalanced-section-header", "bare-word-condition"];

fn cyclelint() -> Command {
    let mut cmd = Command::cargo_bin("cyclelint").expect("binary builds");
    cmd.current_dir(common::root()).env_remove("GITHUB_ACTIONS").env_remove("TF_BUILD").env("NO_COLOR", "1");
    cmd
}

fn copy_fixture(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("every-fix.txt");
    fs::copy(common::root().join("fixtures/format/fix/every-fix.txt"), &path).expect("copy");
    path
}

/// The rules of the fixable findings left in `text`.
fn fixable_left(text: &str) -> Vec<&'static str> {
    common::check("every-fix.txt", text).diagnostics.iter().map(|d| d.rule).filter(|r| FIXABLE.contains(r)).collect()
}

#[test]
fn every_fixable_rule_is_in_the_fixture() {
    let text = fs::read_to_string(common::root().join("fixtures/format/fix/every-fix.txt")).unwrap();
    let mut left = fixable_left(&text);
    left.sort();
    left.dedup();
    let mut all = FIXABLE.to_vec();
    all.sort();
    assert_eq!(left, all);
}

#[test]
fn fix_applies_safe_fixes_in_one_run_and_unsafe_ones_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&dir);
    cyclelint()
        .args(["check", "--isolated", "--fix"])
        .arg(&path)
        .assert()
        .stdout(predicate::str::contains(
            "fixed 5 findings in 1 file (comma-in-number: 2, syntax-error: 2, unbalanced-section-header: 1)",
        ))
        .stdout(predicate::str::contains("2 more fixes available with `--unsafe-fixes`"));
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(fixable_left(&text), ["bare-word-condition", "bare-word-condition"], "{text}");
    assert!(text.starts_with("# a semicolon comment\n[cluster c]\n    [[node n]]\n"), "{text}");
    assert!(text.contains("Config.MaxValue = 32000\n") && text.contains("Config.MinValue = 1000\n"), "{text}");

    cyclelint()
        .args(["check", "--isolated", "--fix", "--unsafe-fixes"])
        .arg(&path)
        .assert()
        .stdout(predicate::str::contains("fixed 2 findings in 1 file (bare-word-condition: 2)"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(fixable_left(&text).is_empty(), "{text}");
    assert!(text.contains("Conditions.Hidden := UseKeyVault\n"), "{text}");
    // Nothing but the fixes changed.
    let original = fs::read_to_string(common::root().join("fixtures/format/fix/every-fix.txt")).unwrap();
    assert_eq!(text.lines().count(), original.lines().count());
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&dir);
    let before = fs::read(&path).unwrap();
    cyclelint()
        .args(["check", "--isolated", "--diff"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-; a semicolon comment\n+# a semicolon comment\n"))
        .stdout(predicate::str::contains("-        Config.MaxValue = 32,000\n+        Config.MaxValue = 32000\n"))
        .stdout(predicate::str::contains(":=").not())
        .stderr(predicate::str::contains("would fix 5 findings in 1 file"));
    assert_eq!(fs::read(&path).unwrap(), before);
    cyclelint()
        .args(["check", "--isolated", "--diff", "--unsafe-fixes"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+        Conditions.Hidden := UseKeyVault\n"));
    // Standard input: a diff, never a write.
    cyclelint()
        .args(["check", "--isolated", "--diff", "-"])
        .write_stdin("[cluster c]\n; x\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+# x\n"));
    cyclelint().args(["check", "--isolated", "--fix", "-"]).write_stdin("; x\n").assert().code(2);
}

#[test]
fn fixable_findings_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(&dir);
    cyclelint()
        .args(["check", "--isolated"])
        .arg(&path)
        .assert()
        .stdout(predicate::str::contains("[*] `32,000` is a list of 2 numbers"))
        .stdout(predicate::str::contains("[*] `Conditions.Hidden").not());
    let output = cyclelint().args(["check", "--isolated", "--format", "json"]).arg(&path).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap();
    for d in diagnostics {
        let rule = d["rule"].as_str().unwrap();
        let fixable = d["fixable"].as_bool().unwrap();
        assert_eq!(fixable, FIXABLE[..3].contains(&rule), "{rule}");
        if rule == "bare-word-condition" {
            assert_eq!(d["fix"]["applicability"], "unsafe");
        }
    }
}

#[test]
fn a_suppressed_finding_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.txt");
    let head = "[parameters p]\n[[parameters q]]\n[[[parameter N]]]\nParameterType = Integer\n";
    let suppressed =
        format!("{head}# cyclelint: ignore[comma-in-number] -- a list on purpose\nConfig.MaxValue = 32,000\n");
    fs::write(&path, &suppressed).unwrap();
    cyclelint().args(["check", "--isolated", "--fix"]).arg(&path).output().unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), suppressed);
    // The same line without the suppression is fixed.
    fs::write(&path, format!("{head}Config.MaxValue = 32,000\n")).unwrap();
    cyclelint().args(["check", "--isolated", "--fix"]).arg(&path).output().unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), format!("{head}Config.MaxValue = 32000\n"));
}

#[test]
fn did_you_mean_renames_are_unsafe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.txt");
    let text = "[cluster c]\n  [[node scheduler]]\n  MachineTyp = Standard_F4s\n  ImageName = cycle.image.ubuntu22\n  SubnetId = rg/vnet/default\n  Credentials = azure\n";
    fs::write(&path, text).unwrap();
    // `--fix` alone leaves the guess alone (and the node still has no `MachineType`: an error).
    cyclelint().args(["check", "--fix"]).arg(&path).assert().code(1);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    // `--unsafe-fixes` applies it, and nothing is left to report.
    cyclelint().args(["check", "--fix", "--unsafe-fixes"]).arg(&path).assert().code(0);
    let fixed = fs::read_to_string(&path).unwrap();
    assert_eq!(fixed, text.replace("MachineTyp ", "MachineType "));
    cyclelint()
        .args(["check", "--format", "concise"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("0 warnings"));
}
