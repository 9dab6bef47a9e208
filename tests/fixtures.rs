//! Fixture tests: `fixtures/rules/<rule>/bad*.txt` must get that rule's diagnostic,
//! `good*.txt` (a near miss) must get no diagnostic at all, and `fixtures/examples/` must be
//! clean. Every rule folder has at least one bad and one good file, and nothing else.
//! The rendered human output and the JSON of every rule fixture are snapshots.

mod common;

use std::fs;

use common::{check_file, human, json, root, rules};

#[test]
fn rule_fixtures_fire_on_bad_and_stay_silent_on_good() {
    let dir = root().join("fixtures").join("rules");
    let mut checked = 0;
    for entry in fs::read_dir(&dir).expect("fixtures/rules exists") {
        let folder = entry.expect("readable").path();
        let rule = folder.file_name().unwrap().to_string_lossy().to_string();
        assert!(cyclelint::rules::find(&rule).is_some(), "fixtures/rules/{rule} names no rule");
        let (mut bad, mut good) = (0, 0);
        for file in fs::read_dir(&folder).expect("readable") {
            let path = file.expect("readable").path();
            if path.is_dir() {
                continue; // a local CycleCloud project that the fixtures refer to
            }
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name == "cyclelint.toml" {
                continue; // the folder's configuration (`file-too-large` sets `max-file-size`)
            }
            let result = check_file(&path);
            let found = rules(&result).contains(&rule.as_str());
            if name.starts_with("bad") {
                bad += 1;
                assert!(found, "{rule}/{name}: expected `{rule}`, got {:?}", rules(&result));
            } else if name.starts_with("good") {
                good += 1;
                assert!(!found, "{rule}/{name}: `{rule}` fired on the near miss:\n{}", human(result));
                assert!(
                    result.diagnostics.is_empty(),
                    "{rule}/{name}: a good fixture must be clean, got {:?}:\n{}",
                    rules(&result),
                    human(result)
                );
            } else {
                panic!("fixtures/rules/{rule}/{name}: a fixture is named `bad*.txt` or `good*.txt`");
            }
            assert!(name.ends_with(".txt"), "fixtures/rules/{rule}/{name}: fixtures are `.txt` files");
            checked += 1;
        }
        assert!(bad > 0, "fixtures/rules/{rule} has no bad case");
        assert!(good > 0, "fixtures/rules/{rule} has no good case (a clean near miss)");
    }
    assert!(checked > 0);
}

#[test]
fn every_rule_has_fixtures() {
    for rule in cyclelint::rules::RULES {
        let folder = root().join("fixtures").join("rules").join(rule.name);
        assert!(folder.is_dir(), "no fixtures/rules/{} folder", rule.name);
    }
}

#[test]
fn examples_are_clean() {
    for entry in fs::read_dir(root().join("fixtures").join("examples")).expect("fixtures/examples exists") {
        let path = entry.expect("readable").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue; // the folder's cyclelint.toml
        }
        let result = check_file(&path);
        assert!(result.diagnostics.is_empty(), "{} is not clean:\n{}", path.display(), human(result));
    }
}

#[test]
fn human_snapshots() {
    insta::glob!("../fixtures/rules", "*/*.txt", |path| {
        insta::assert_snapshot!(human(check_file(path)));
    });
}

#[test]
fn json_snapshots() {
    insta::glob!("../fixtures/rules", "*/bad*.txt", |path| {
        insta::assert_snapshot!(json(check_file(path)));
    });
}
