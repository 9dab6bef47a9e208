//! Generated documentation must match the code: `docs/rules.md` comes from the rule registry.
//! Run `UPDATE_DOCS=1 cargo test` to rewrite it. The test does not care which rules exist.

mod common;

#[test]
fn rules_md_is_up_to_date() {
    let path = common::root().join("docs").join("rules.md");
    let expected = cyclelint::report::rules::markdown();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        if std::env::var("UPDATE_DOCS").as_deref() == Ok("1") {
            std::fs::write(&path, expected).unwrap();
        } else {
            panic!("docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`");
        }
    }
}

#[test]
fn rules_md_has_a_section_per_rule() {
    let text = cyclelint::report::rules::markdown();
    for rule in cyclelint::rules::RULES {
        assert!(text.contains(&format!("\n## {}\n", rule.name)), "no section for `{}`", rule.name);
        assert!(text.contains(&format!("[`{0}`](#{0})", rule.name)), "`{}` is not in the index", rule.name);
    }
}

#[test]
fn configuration_md_is_up_to_date() {
    let path = common::root().join("docs").join("configuration.md");
    let expected = cyclelint::knowledge::configuration::configuration_markdown();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        if std::env::var("UPDATE_DOCS").as_deref() == Ok("1") {
            std::fs::write(&path, expected).unwrap();
        } else {
            panic!("docs/configuration.md is stale: run `UPDATE_DOCS=1 cargo test --test docs`");
        }
    }
}
