//! `hardcoded-secret` never prints the secret: every output format of `check` is searched for
//! the secret texts of `fixtures/rules/hardcoded-secret/bad.txt`, and SARIF tags the rule as a
//! security rule.

mod common;

use assert_cmd::Command;

/// The literal secrets written in the fixture.
const SECRETS: &[&str] = &["Tr0ub4dor&3-fixture", "staple-horse-battery-fixture", "tok-8Hq2ZrPw1"];

const FIXTURE: &str = "fixtures/rules/hardcoded-secret/bad.txt";

fn output(format: &str) -> String {
    let out = Command::cargo_bin("cyclelint")
        .expect("binary builds")
        .current_dir(common::root())
        .env_remove("GITHUB_ACTIONS")
        .env_remove("TF_BUILD")
        .env("NO_COLOR", "1")
        .args(["check", "--format", format, FIXTURE])
        .output()
        .expect("cyclelint runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn no_output_format_prints_the_secret() {
    let text = std::fs::read_to_string(common::root().join(FIXTURE)).unwrap();
    for secret in SECRETS {
        assert!(text.contains(secret), "the fixture holds `{secret}`");
    }
    for format in ["human", "concise", "json", "sarif", "github", "azure", "junit"] {
        let out = output(format);
        assert!(out.contains("hardcoded-secret"), "{format}: no finding:\n{out}");
        assert!(out.matches("hardcoded-secret").count() >= 3, "{format}: fewer than 3 findings:\n{out}");
        for secret in SECRETS {
            assert!(!out.contains(secret), "{format} prints `{secret}`:\n{out}");
        }
    }
}

#[test]
fn human_output_masks_the_source_line() {
    let out = output("human");
    assert!(out.contains("DefaultValue = \"*******************\""), "{out}");
}

#[test]
fn sarif_tags_the_rule_as_security() {
    let sarif: serde_json::Value = serde_json::from_str(&output("sarif")).expect("SARIF is JSON");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let rule = rules.iter().find(|r| r["id"] == "hardcoded-secret").expect("the rule is listed");
    assert_eq!(rule["properties"]["tags"][0], "security");
    assert_eq!(rule["properties"]["security-severity"], "7.5");
    let other = rules.iter().find(|r| r["id"] == "syntax-error").expect("the rule is listed");
    assert!(other.get("properties").is_none());
}
