//! End-to-end tests of configuration, suppressions, output formats, baselines and exit codes.
//! The findings are those of the syntax rules (`lenient-string` is a warning, `syntax-error` and
//! `unknown-section-kind` are errors), so these tests do not depend on other rules.

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// A template with one `lenient-string` warning on line 3 (and nothing else: the node is complete).
const WARNING: &str =
    "[cluster c]\n  [[node n]]\n  ComputerName = \"a \"quoted\" word\"\n  MachineType = Standard_D4s_v5\n  \
                       SubnetId = rg/vnet/default\n  Credentials = azure\n  ImageName = cycle.image.ubuntu22\n";
/// A template with one `syntax-error` on line 2.
const ERROR: &str = "[cluster c]\n; not a comment\n";

/// Limits a run to the rules these tests are about, for templates that are deliberately incomplete
/// (nodes without `MachineType`, `Config.*` keys on clusters).
const ONLY: &str =
    "--select=lenient-string,syntax-error,unused-suppression,suppression-without-reason,unknown-rule-in-suppression";

fn cyclelint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cyclelint").expect("binary builds");
    cmd.current_dir(dir).env_remove("GITHUB_ACTIONS").env_remove("TF_BUILD").env("NO_COLOR", "1");
    cmd
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs `check --format concise --quiet` in `dir` and returns (exit code, stdout).
fn concise(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = cyclelint(dir).args(["check", "--quiet", "--format", "concise"]).args(args).output().unwrap();
    assert!(output.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn fail_level_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    assert_eq!(concise(dir.path(), &["w.txt"]).0, 0);
    assert_eq!(concise(dir.path(), &["--fail-level", "error", "w.txt"]).0, 0);
    assert_eq!(concise(dir.path(), &["--fail-level", "warning", "w.txt"]).0, 1);
    assert_eq!(concise(dir.path(), &["--fail-level", "info", "w.txt"]).0, 1);
    assert_eq!(concise(dir.path(), &["--warn", "lenient-string", "--fail-level", "info", "w.txt"]).0, 1);
    write(dir.path(), "cyclelint.toml", "[rules]\nlenient-string = \"info\"\n");
    assert_eq!(concise(dir.path(), &["--fail-level", "warning", "w.txt"]).0, 0);
    assert_eq!(concise(dir.path(), &["--fail-level", "info", "w.txt"]).0, 1);
    write(dir.path(), "e.txt", ERROR);
    assert_eq!(concise(dir.path(), &["e.txt"]).0, 1);
}

#[test]
fn command_line_levels() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    write(dir.path(), "e.txt", ERROR);
    let (code, out) = concise(dir.path(), &["--error", "lenient-string", "w.txt"]);
    assert_eq!((code, out.contains("error[lenient-string]")), (1, true), "{out}");
    let (code, out) = concise(dir.path(), &["--ignore", "all", "--warn=syntax-error,lenient-string", "e.txt", "w.txt"]);
    assert_eq!(code, 0);
    assert!(out.contains("warning[syntax-error]") && out.contains("warning[lenient-string]"), "{out}");
    let (_, out) = concise(dir.path(), &["--select", "syntax-error", "e.txt", "w.txt"]);
    assert!(out.contains("syntax-error") && !out.contains("lenient-string"), "{out}");
    cyclelint(dir.path())
        .args(["check", "--ignore", "lenient-strng", "w.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `lenient-strng`: did you mean `lenient-string`?"));
}

#[test]
fn nearest_config_wins_and_overrides_match_globs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cyclelint.toml", "[rules]\nlenient-string = \"error\"\n");
    write(dir.path(), "top.txt", WARNING);
    write(dir.path(), "sub/.cyclelint.toml", "[rules]\nlenient-string = \"off\"\n");
    write(dir.path(), "sub/inner.txt", WARNING);
    write(
        dir.path(),
        "other/cyclelint.toml",
        "exclude = [\"skip-*.txt\"]\n[[overrides]]\nfiles = [\"legacy/**\"]\n[overrides.rules]\nlenient-string = \"info\"\n",
    );
    write(dir.path(), "other/legacy/old.txt", WARNING);
    write(dir.path(), "other/new.txt", WARNING);
    write(dir.path(), "other/skip-me.txt", ERROR);
    let (code, out) = concise(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert!(out.contains("top.txt:3:21: error[lenient-string]"), "{out}");
    assert!(!out.contains("inner.txt"), "{out}");
    assert!(out.contains("old.txt:3:21: info[lenient-string]"), "{out}");
    assert!(out.contains("new.txt:3:21: warning[lenient-string]"), "{out}");
    assert!(!out.contains("skip-me"), "{out}");
    // `--isolated` ignores every file; `--config` replaces the nearest one.
    let (_, out) = concise(dir.path(), &["--isolated", "."]);
    assert_eq!(out.matches("warning[lenient-string]").count(), 4, "{out}");
    let (_, out) = concise(dir.path(), &["--config", "sub/.cyclelint.toml", "top.txt"]);
    assert_eq!(out, "");
}

#[test]
fn broken_config_points_into_the_toml() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "cyclelint.toml", "exlude = []\n");
    write(dir.path(), "w.txt", WARNING);
    cyclelint(dir.path())
        .args(["check", "w.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown key `exlude`"))
        .stderr(predicate::str::contains("cyclelint.toml:1:1"))
        .stderr(predicate::str::contains("did you mean `exclude`?"));
    write(dir.path(), "cyclelint.toml", "[rules]\nlenient-strin = \"off\"\n");
    cyclelint(dir.path())
        .args(["check", "w.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `lenient-strin`"))
        .stderr(predicate::str::contains("cyclelint.toml:2:1"))
        .stderr(predicate::str::contains("did you mean `lenient-string`?"));
}

#[test]
fn suppression_forms() {
    let dir = tempfile::tempdir().unwrap();
    // Own line: the next non-comment line.
    write(
        dir.path(),
        "own-line.txt",
        "[cluster c]\n  # cyclelint: ignore[lenient-string] -- shown as written\n  # another comment\n  Config.Label = \"a \"q\" w\"\n  Config.Other = \"a \"q\" w\"\n",
    );
    // End of an attribute line: that line.
    write(
        dir.path(),
        "trailing.txt",
        "[cluster c]\n  Config.Label = \"a \"q\" w\" # cyclelint: ignore[lenient-string] -- legacy\n  Config.Other = \"a \"q\" w\"\n",
    );
    // After a header, or on the line above one: the section and its sub-sections.
    write(
        dir.path(),
        "section.txt",
        "[cluster c]\n  [[node a]] # cyclelint: ignore[lenient-string] -- legacy\n  Config.X = \"a \"q\" w\"\n    [[[configuration]]]\n    x = \"a \"q\" w\"\n  # cyclelint: ignore[lenient-string] -- legacy\n  [[node b]]\n  Config.X = \"a \"q\" w\"\n  [[node c]]\n  Config.X = \"a \"q\" w\"\n",
    );
    // The whole file.
    write(dir.path(), "file.txt", "# cyclelint: ignore-file[lenient-string, syntax-error] -- generated\n[cluster c]\n  Config.X = \"a \"q\" w\"\n; x\n");
    let (code, out) = concise(dir.path(), &[ONLY, "."]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "own-line.txt:5:21: warning[lenient-string] quoted value has unescaped inner quotes or text after its closing quote",
            "section.txt:10:17: warning[lenient-string] quoted value has unescaped inner quotes or text after its closing quote",
            "trailing.txt:3:21: warning[lenient-string] quoted value has unescaped inner quotes or text after its closing quote",
        ]
        .map(|l| format!("./{l}")),
        "{out}"
    );
}

#[test]
fn suppressions_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.txt",
        "[cluster c]\n  Config.A = \"a \"q\" w\" # cyclelint: ignore[lenient-string]\n  Config.B = 1 # cyclelint: ignore[lenient-string] -- stale\n  Config.C = 1 # cyclelint: ignore[lenient-strng] -- typo\n  Config.D = 1 # cyclelint: ignore[syntax-error] -- off below\n",
    );
    let (code, out) = concise(dir.path(), &[ONLY, "--ignore", "syntax-error", "s.txt"]);
    assert_eq!(code, 0);
    assert!(out.contains("s.txt:2:24: warning[suppression-without-reason] suppression has no reason"), "{out}");
    assert!(
        out.contains("s.txt:3:36: warning[unused-suppression] suppression of `lenient-string` suppressed nothing"),
        "{out}"
    );
    assert!(
        out.contains("s.txt:4:36: warning[unknown-rule-in-suppression] suppression names unknown rule `lenient-strng`"),
        "{out}"
    );
    // A suppression of a rule that is off is not reported.
    assert_eq!(out.lines().count(), 3, "{out}");
    write(dir.path(), "cyclelint.toml", "require-reason = true\n");
    let (code, out) = concise(dir.path(), &[ONLY, "--ignore", "syntax-error", "s.txt"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[suppression-without-reason]"), "{out}");
}

#[test]
fn baseline_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.txt",
        "[cluster c]\n  [[node a]]\n  Config.X = \"a \"q\" w\"\n  [[node b]]\n  Config.Y = \"a \"q\" w\"\n",
    );
    cyclelint(dir.path()).args(["check", ONLY, "--write-baseline", "baseline.json", "t.txt"]).assert().success();
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["version"], 1);
    assert_eq!(baseline["entries"][0]["anchor"], "cluster c/node a#config.x");
    // Unrelated edits move every line; one new finding and one fixed one.
    write(
        dir.path(),
        "t.txt",
        "# a new comment\n\n[cluster c]\n  [[node a]]\n  Config.New = 1\n  Config.X = \"a \"q\" w\"\n  Config.Z = \"a \"q\" w\"\n  [[node b]]\n  Config.Y = 2\n",
    );
    let output = cyclelint(dir.path())
        .args(["check", ONLY, "--format", "concise", "--baseline", "baseline.json", "t.txt"])
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(output.stderr.is_empty());
    let findings: Vec<&str> = out.lines().filter(|l| l.contains("[lenient-string]")).collect();
    assert_eq!(findings.len(), 1, "{out}");
    assert!(findings[0].starts_with("t.txt:7:"), "{out}");
    assert!(out.contains("(1 baseline entry no longer match)"), "{out}");
}

#[test]
fn github_and_azure_formats_and_detection() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    let expected_github = "::warning file=w.txt,line=3,col=21,endLine=3,endColumn=22,title=lenient-string::quoted value has unescaped inner quotes or text after its closing quote%0Ahelp: escape inner quotes as `\\\"`, or remove the outer quotes\n";
    let out = cyclelint(dir.path()).args(["check", "--quiet", "--format", "github", "w.txt"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected_github);
    let out = cyclelint(dir.path()).env("GITHUB_ACTIONS", "true").args(["check", "--quiet", "w.txt"]).output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected_github);
    let out = cyclelint(dir.path()).env("TF_BUILD", "True").args(["check", "--quiet", "w.txt"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "##vso[task.logissue type=warning;sourcepath=w.txt;linenumber=3;columnnumber=21;code=lenient-string]quoted value has unescaped inner quotes or text after its closing quote%0Ahelp: escape inner quotes as `\\\"`, or remove the outer quotes\n"
    );
    // Info becomes a notice on GitHub, a warning on Azure; errors stay errors.
    write(dir.path(), "e.txt", ERROR);
    let out = cyclelint(dir.path())
        .args([
            "check",
            "--quiet",
            "--format",
            "github",
            "--warn",
            "syntax-error",
            "--error",
            "lenient-string",
            "e.txt",
            "w.txt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("::warning file=e.txt,line=2,col=1,") && text.contains("\n::error file=w.txt"), "{text}");
    let out = cyclelint(dir.path())
        .env("TF_BUILD", "True")
        .args(["check", "--quiet", "--warn", "syntax-error", "e.txt"])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("##vso[task.logissue type=warning;"));
}

#[test]
fn junit_has_one_testcase_per_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    write(dir.path(), "ok.txt", "[cluster c]\n");
    let out = cyclelint(dir.path()).args(["check", "--format", "junit", "ok.txt", "w.txt"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("<?xml"), "{text}");
    assert_eq!(text.matches("<testcase ").count(), 2, "{text}");
    assert!(text.contains("<testcase name=\"ok.txt\" classname=\"cyclelint\" />"), "{text}");
    assert!(text.contains("<failure type=\"lenient-string\" message=\"3:21: quoted value"), "{text}");
    assert!(text.contains("`\\&quot;`"), "{text}");
}

#[test]
fn several_outputs_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    let out = cyclelint(dir.path())
        .args([
            "check",
            "--format",
            "sarif",
            "--output",
            "out/report.sarif",
            "--format",
            "github",
            "--format",
            "json",
            "-o",
            "r.json",
            "w.txt",
        ])
        .output();
    // `out/` does not exist: an unwritable output is an error and leaves nothing behind.
    let out = out.unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write `out/report.sarif`: no such file or directory"));
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = cyclelint(dir.path())
        .args([
            "check",
            "--format",
            "sarif",
            "--output",
            "out/report.sarif",
            "--format",
            "github",
            "--format",
            "json",
            "-o",
            "r.json",
            "w.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("::warning file=w.txt"), "{stdout}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/report.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["warnings"], 1);
    let leftovers: Vec<_> =
        std::fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    cyclelint(dir.path())
        .args(["check", "--format", "human", "--format", "json", "w.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only one `--format` can go to standard output"));
}

#[test]
fn unwritable_output_leaves_the_old_file() {
    // Cases that fail for root too (CI runs as root, which ignores permission bits): the output's
    // folder is a regular file, and the output is a folder.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    write(dir.path(), "plain", "old");
    let out = cyclelint(dir.path())
        .args(["check", "--format", "sarif", "--output", "plain/report.sarif", "w.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write `plain/report.sarif`"), "{out:?}");
    assert_eq!(std::fs::read_to_string(dir.path().join("plain")).unwrap(), "old");

    write(dir.path(), "out/report.sarif/inside", "old");
    let out = cyclelint(dir.path())
        .args(["check", "--format", "sarif", "--output", "out/report.sarif", "w.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write `out/report.sarif`"), "{out:?}");
    assert_eq!(std::fs::read_to_string(dir.path().join("out/report.sarif/inside")).unwrap(), "old");
    let left: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["report.sarif"], "no temporary file is left behind");
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["out", "plain", "w.txt"]);
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    cyclelint(dir.path())
        .args(["rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("lenient-string").and(predicate::str::contains("warning")));
    let out = cyclelint(dir.path()).args(["rules", "--format", "json"]).output().unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), cyclelint::rules::RULES.len());
    cyclelint(dir.path())
        .args(["explain", "lenient-string"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# lenient-string\n").and(predicate::str::contains("## Why is this bad?")));
    cyclelint(dir.path())
        .args(["explain", "lenient-strng"])
        .assert()
        .code(2)
        .stderr("error: unknown rule `lenient-strng`: did you mean `lenient-string`?\n");
}

#[test]
fn statistics_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    write(dir.path(), "e.txt", ERROR);
    cyclelint(dir.path())
        .args(["check", "--statistics", "--quiet", "e.txt", "w.txt"])
        .assert()
        .code(1)
        .stdout("1  lenient-string\n1  syntax-error\n");
    cyclelint(dir.path())
        .env_remove("NO_COLOR")
        .args(["check", "w.txt"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not())
        .stderr("");
    cyclelint(dir.path())
        .args(["check", "--color", "always", "w.txt"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    cyclelint(dir.path())
        .env_remove("NO_COLOR")
        .env("FORCE_COLOR", "1")
        .args(["check", "w.txt"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
}

/// Validates `instance` against the JSON Schema in `tests/data/NAME`, offline, with formats checked.
fn assert_valid(schema_file: &str, instance: &serde_json::Value) {
    let path = common::root().join("tests").join("data").join(schema_file);
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("the schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
}

/// A run with errors (syntax, unknown section kind, unbalanced header), a warning with a fix and an
/// info, in the given format.
fn report(format: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "w.txt", WARNING);
    write(dir.path(), "e.txt", "[cluster c]\n[[[configuraton]]]\n[[node n]\n");
    write(dir.path(), "sub/e.txt", ERROR);
    let out =
        cyclelint(dir.path()).args(["check", "--format", format, "e.txt", "./sub/e.txt", "w.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// SARIF output is valid against the official SARIF 2.1.0 schema (vendored in `tests/data/`),
/// validated in Rust, offline. `scripts/validate-sarif-multitool.sh` runs Microsoft's SARIF
/// multitool as well, for those who have node and npm.
#[test]
fn sarif_is_valid() {
    let sarif = report("sarif");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    assert_valid("sarif-schema-2.1.0.json", &sarif);
    // The validator does reject what the schema forbids, so the check above can fail.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    assert!(!jsonschema::is_valid(&schema, &broken));
}

/// GitLab Code Quality output has the documented shape (`tests/data/gitlab-code-quality.schema.json`:
/// description, check_name, fingerprint, severity, location.path, location.lines.begin), with
/// unique fingerprints and paths relative to the repository.
#[test]
fn gitlab_code_quality_has_the_documented_shape() {
    let issues = report("gitlab");
    assert_valid("gitlab-code-quality.schema.json", &issues);
    let issues = issues.as_array().unwrap();
    let fingerprints: std::collections::HashSet<&str> =
        issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    let w = issues.iter().find(|i| i["location"]["path"] == "w.txt").unwrap();
    assert_eq!(w["check_name"], "lenient-string");
    assert_eq!(w["severity"], "minor");
    assert_eq!(w["location"]["lines"]["begin"], 3);
    let e = issues.iter().find(|i| i["location"]["path"] == "sub/e.txt").unwrap();
    assert_eq!((e["check_name"].as_str(), e["severity"].as_str()), (Some("syntax-error"), Some("major")));
    assert_eq!(e["location"]["lines"]["begin"], 2);

    // The fingerprint does not depend on the line: the same finding two lines lower keeps it.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sub/e.txt", &format!("# a\n# b\n{ERROR}"));
    let out = cyclelint(dir.path()).args(["check", "--format", "gitlab", "./sub/e.txt"]).output().unwrap();
    let moved: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(moved[0]["location"]["lines"]["begin"], 4);
    assert_eq!(moved[0]["fingerprint"], e["fingerprint"]);
}

/// A fragment's orphan sections fold into `missing-cluster`; with that rule ignored they are
/// reported each on its own, and no other finding takes their place.
#[test]
fn fragment_orphans_fold_only_into_missing_cluster() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "f.txt", "  [[node a]]\n  MachineType = x\n  [[node b]]\n  Bogus = ${(\n");
    let (_, out) = concise(dir.path(), &["--select=missing-cluster,invalid-section-nesting", "f.txt"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("error[missing-cluster] template has no `[cluster]` section: this file is a fragment"),
        "{out}"
    );
    let (_, out) = concise(dir.path(), &["--select=invalid-section-nesting,expression-syntax-error", "f.txt"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("f.txt:1:3: error[invalid-section-nesting] `[node a]` at rank 2 has no parent"),
        "{out}"
    );
    assert!(lines[1].starts_with("f.txt:3:3: error[invalid-section-nesting] `[node b]`"), "{out}");
    assert!(lines[2].contains("error[expression-syntax-error]"), "{out}");
}
