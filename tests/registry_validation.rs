//! The registry-side rules on both record forms: every `fixtures/rules/<rule>/*.txt` record
//! fixture, converted to a JSON registry, gets the same rules through `check --registry`.

mod common;

use std::fs;

use assert_cmd::Command;
use cyclelint::registry::load::load;
use cyclelint::registry::validate::{file_entries, validate};
use cyclelint::registry::Registry;

const REGISTRY_RULES: &[&str] = &[
    "duplicate-artifact-name",
    "duplicate-package-version",
    "invalid-package-version",
    "orphan-artifact",
    "package-without-artifacts",
    "registry-missing-field",
];

/// A record file as a JSON array of objects with the same keys (strings stay strings).
fn to_json(records: &str) -> String {
    let objects: Vec<serde_json::Value> = records
        .split("\n\n")
        .filter(|r| !r.trim().is_empty())
        .map(|record| {
            let mut object = serde_json::Map::new();
            for line in record.lines().filter(|l| !l.trim().is_empty()) {
                let (key, value) = line.split_once('=').expect("a `Key = value` line");
                let value = value.trim().trim_matches('"').to_string();
                object.insert(key.trim().to_string(), serde_json::Value::String(value));
            }
            serde_json::Value::Object(object)
        })
        .collect();
    serde_json::to_string_pretty(&objects).unwrap()
}

/// The rule names `validate` reports for a registry file.
fn rules_for(path: &std::path::Path) -> Vec<&'static str> {
    let mut registry = Registry::builtin();
    let (files, errors) = load(&[path.to_path_buf()], &mut registry);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(files.iter().all(|f| f.diagnostics.is_empty()), "{:?}", files[0].diagnostics);
    let own = file_entries(&registry, path);
    assert!(own.has_user_entries, "{}: packages or artifacts", path.display());
    let text = fs::read_to_string(path).unwrap();
    let mut rules: Vec<&str> = validate(&own, &registry, &text).iter().map(|d| d.rule).collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn json_and_record_forms_get_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    for rule in REGISTRY_RULES {
        let folder = common::root().join("fixtures").join("rules").join(rule);
        for entry in fs::read_dir(&folder).unwrap() {
            let txt = entry.unwrap().path();
            let name = txt.file_stem().unwrap().to_string_lossy().to_string();
            let json = dir.path().join(format!("{rule}-{name}.json"));
            fs::write(&json, to_json(&fs::read_to_string(&txt).unwrap())).unwrap();
            let from_txt = rules_for(&txt);
            let from_json = rules_for(&json);
            assert_eq!(from_txt, from_json, "{rule}/{name}");
            assert_eq!(from_json.contains(rule), name.starts_with("bad"), "{rule}/{name}: {from_json:?}");
        }
    }
}

#[test]
fn check_reports_json_registry_findings_at_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("images.json");
    fs::write(
        &json,
        r#"[
  {"AdType": "Package", "Name": "r_execute", "Version": "2.1.1", "PackageType": "image"},
  {"AdType": "Artifact", "Package": "r_execute", "Version": "2.1.1", "Name": "az/ue", "ImageId": "Order66"}
]
"#,
    )
    .unwrap();
    let output = Command::cargo_bin("cyclelint")
        .unwrap()
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .args(["check", "--format", "concise", "--registry"])
        .arg(&json)
        .arg("fixtures/examples/custom-image.txt")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("images.json:3:3: error[registry-missing-field] artifact record has no `Provider`"),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(1), "{stdout}");
}

/// Artifacts without a `Package` or a `Version` are reported as incomplete, and only so: without
/// the key they would be compared under, two of them are not duplicates of each other.
#[test]
fn incomplete_artifacts_are_not_also_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let artifact = |package: &str, version: &str, image: &str| {
        format!(
            "AdType = \"Artifact\"\n{package}{version}Name = \"az/eastus\"\nProvider = \"az\"\nImageId = \"{image}\"\n"
        )
    };
    let no_package = dir.path().join("no-package.txt");
    fs::write(
        &no_package,
        [artifact("", "Version = \"1.0\"\n", "x"), artifact("", "Version = \"1.0\"\n", "y")].join("\n"),
    )
    .unwrap();
    assert_eq!(rules_for(&no_package), ["registry-missing-field"]);
    let no_version = dir.path().join("no-version.txt");
    let package = "AdType = \"Package\"\nName = \"p\"\nVersion = \"1.0\"\nPackageType = \"image\"\n";
    let p = "Package = \"p\"\n";
    fs::write(&no_version, [package.to_string(), artifact(p, "", "x"), artifact(p, "", "y")].join("\n")).unwrap();
    assert_eq!(rules_for(&no_version), ["package-without-artifacts", "registry-missing-field"]);
    // The same artifacts with their versions are duplicates.
    let complete = dir.path().join("complete.txt");
    let v = "Version = \"1.0\"\n";
    fs::write(&complete, [package.to_string(), artifact(p, v, "x"), artifact(p, v, "y")].join("\n")).unwrap();
    assert_eq!(rules_for(&complete), ["duplicate-artifact-name"]);
    // The same for packages: without `Name` or `Version` they are incomplete, not duplicates.
    let package = |name: &str, version: &str| format!("AdType = \"Package\"\n{name}{version}PackageType = \"image\"\n");
    let packages = dir.path().join("packages.txt");
    let (n, v) = ("Name = \"p\"\n", "Version = \"1.0\"\n");
    fs::write(&packages, [package("", v), package("", v), package(n, ""), package(n, "")].join("\n")).unwrap();
    assert_eq!(rules_for(&packages), ["registry-missing-field"]);
    fs::write(&packages, [package(n, v), package(n, v)].join("\n")).unwrap();
    assert!(rules_for(&packages).contains(&"duplicate-package-version"));
}

/// A finding about a field points at that field's line, trimmed, in both forms and whatever the
/// indentation: the span covers exactly `Version = "v2"` or `"Version": "v2",`.
#[test]
fn findings_cover_the_trimmed_line_of_their_field() {
    let dir = tempfile::tempdir().unwrap();
    let records = "AdType = \"Package\"\n    Name = \"p\"\n\t  Version = \"v2\"  \nPackageType = \"image\"\n";
    let json = "[\n  {\n    \"AdType\": \"Package\",\n    \"Name\": \"p\",\n      \"Version\": \"v2\",\n    \"PackageType\": \"image\"\n  }\n]\n";
    for (name, text, expected) in [("r.txt", records, "Version = \"v2\""), ("r.json", json, "\"Version\": \"v2\",")] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let mut registry = Registry::builtin();
        let (_, errors) = load(std::slice::from_ref(&path), &mut registry);
        assert!(errors.is_empty(), "{errors:?}");
        let found = validate(&file_entries(&registry, &path), &registry, text);
        let version = found.iter().find(|d| d.rule == "invalid-package-version").expect("an invalid version");
        assert_eq!(&text[version.span.range()], expected, "{name}");
    }
}
