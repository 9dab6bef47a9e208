//! End-to-end tests of the `cyclelint` binary.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn cyclelint() -> Command {
    let mut cmd = Command::cargo_bin("cyclelint").expect("binary builds");
    cmd.current_dir(common::root()).env_remove("GITHUB_ACTIONS").env_remove("TF_BUILD").env("NO_COLOR", "1");
    cmd
}

#[test]
fn clean_file_exits_zero_with_summary() {
    cyclelint()
        .args(["check", "fixtures/rules/syntax-error/good.txt"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^1 file, 0 errors, 0 warnings in \d+ ms\n$").unwrap());
}

#[test]
fn errors_exit_one_and_quiet_drops_the_summary() {
    cyclelint()
        .args(["check", "--quiet", "--format", "concise", "fixtures/rules/syntax-error/bad.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "fixtures/rules/syntax-error/bad.txt:2:3: error[syntax-error] `;` does not start a comment",
        ))
        .stdout(predicate::str::contains("errors").not());
}

#[test]
fn warnings_alone_exit_zero() {
    cyclelint()
        .args(["check", "fixtures/rules/lenient-string/bad.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 warning"));
}

#[test]
fn missing_path_is_a_usage_error_but_other_files_are_checked() {
    cyclelint()
        .args(["check", "--format", "concise", "no-such-file.txt", "fixtures/rules/syntax-error/bad.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read `no-such-file.txt`: no such file or directory"))
        .stdout(predicate::str::contains("error[syntax-error]"));
}

#[test]
fn stdin_with_a_filename() {
    cyclelint()
        .args(["check", "--format", "concise", "--stdin-filename", "cluster.txt", "-"])
        .write_stdin("[cluster c]\n[node n]\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("cluster.txt:2:1: error[invalid-section-nesting]"));
}

#[test]
fn folders_take_templates_and_skip_other_txt_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "requests==2.0\n").unwrap();
    std::fs::write(dir.path().join("cluster.txt"), "[cluster c]\n").unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".git").join("x.txt"), "[[node broken]\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub").join("records.txt"), "AdType = \"Package\"\nName = \"x\"\n").unwrap();
    let output = cyclelint().args(["check", "--format", "json"]).arg(dir.path()).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<String> =
        report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("cluster.txt") && paths[1].ends_with("records.txt"), "{paths:?}");
}

#[test]
fn json_output_has_the_documented_shape() {
    let output = cyclelint()
        .args(["check", "--format", "json", "fixtures/rules/unknown-section-kind/bad.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let d = &report["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "unknown-section-kind");
    assert_eq!(d["severity"], "error");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(3), Some(8)));
    assert_eq!((d["end_line"].as_u64(), d["end_column"].as_u64()), (Some(3), Some(20)));
    assert_eq!(d["length"], 12);
    assert_eq!(d["help"], "did you mean `configuration`?");
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn parse_prints_the_model() {
    let output = cyclelint().args(["parse", "fixtures/rules/expression-syntax-error/good.txt"]).output().unwrap();
    assert!(output.status.success());
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let section = &model["template"]["sections"][2];
    assert_eq!(section["kind"], "parameter");
    assert_eq!(section["attributes"][0]["operator"], "define");
    assert_eq!(section["attributes"][0]["value"]["kind"]["type"], "expression");
}

#[test]
fn human_output_has_no_ansi_codes_when_piped() {
    cyclelint()
        .env_remove("NO_COLOR")
        .args(["check", "fixtures/rules/unknown-section-kind/bad.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\u{1b}[").not())
        .stdout(predicate::str::contains("did you mean `configuration`?"));
}

#[test]
fn show_explains_inheritance_and_the_image_chosen() {
    cyclelint()
        .args([
            "show",
            "fixtures/examples/custom-image.txt",
            "--node",
            "login",
            "--registry",
            "fixtures/registry/custom.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("node login  fixtures/examples/custom-image.txt:22"))
        .stdout(predicate::str::contains("Region          = $Region → `westeurope` (default of parameter `Region`"))
        .stdout(predicate::str::contains("[defaults, fixtures/examples/custom-image.txt:11]"))
        .stdout(predicate::str::contains("artifact `az/westeurope`"));
}

#[test]
fn show_json_names_the_winning_form() {
    let output = cyclelint()
        .args(["show", "--format", "json", "--node", "builder", "fixtures/rules/conflicting-image-sources/bad.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let nodes: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(nodes[0]["image"]["winner"], "image-id");
    assert_eq!(nodes[0]["image"]["forms"], serde_json::json!(["image-id", "image-name"]));
}

#[test]
fn the_readme_example_run_is_clean() {
    // `cargo run --release -- check fixtures/examples`: the folder's cyclelint.toml brings in the
    // bundled registry that the custom-image example needs.
    cyclelint()
        .args(["check", "fixtures/examples"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^5 files, 0 errors, 0 warnings in \d+ ms\n$").unwrap());
}
