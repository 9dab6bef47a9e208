//! End-to-end tests of `cyclelint image add | list | resolve`, against the inventory fixtures.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn cyclelint() -> Command {
    let mut cmd = Command::cargo_bin("cyclelint").expect("binary builds");
    cmd.current_dir(common::root()).env_remove(cyclelint::fsutil::FAIL_BEFORE_RENAME_ENV).env("NO_COLOR", "1");
    cmd
}

fn inventory_args() -> Vec<String> {
    let dir = common::root().join("fixtures").join("inventory");
    vec![
        "--inventory".to_string(),
        format!("azure={}", dir.join("az-image-list.json").display()),
        "--inventory".to_string(),
        format!("gallery={}", dir.join("az-sig-image-version-list.json").display()),
    ]
}

/// `image add --name custom.image --registry REG` plus the inventories and `extra`.
fn add(registry: &Path, extra: &[&str]) -> Command {
    let mut cmd = cyclelint();
    cmd.args(["image", "add", "--name", "custom.image", "--registry"]).arg(registry).args(inventory_args()).args(extra);
    cmd
}

/// The registry as the library loads it: (package versions, artifact (version, name, region)).
fn loaded(path: &Path) -> (Vec<String>, Vec<(String, String, String)>) {
    let mut registry = cyclelint::registry::Registry::default();
    let (files, errors) = cyclelint::registry::load::load(&[path.to_path_buf()], &mut registry);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(files.iter().all(|f| f.diagnostics.is_empty()), "{files:?}");
    let packages = registry.packages.iter().map(|p| p.version_text.clone()).collect();
    let artifacts = registry
        .artifacts
        .iter()
        .map(|a| (a.version_text.clone(), a.name.clone(), a.region.clone().unwrap_or_default()))
        .collect();
    (packages, artifacts)
}

fn artifact(version: &str, name: &str, region: &str) -> (String, String, String) {
    (version.to_string(), name.to_string(), region.to_string())
}

/// Names in `dir` other than the registry, its lock and `keep`.
fn leftovers(dir: &Path, registry: &str) -> Vec<String> {
    let lock = format!("{registry}.lock");
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != registry && *n != lock && n != "template.txt")
        .collect();
    names.sort();
    names
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn the_versioning_workflow_on_a_record_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = dir.path().join("images.txt");

    // An empty registry: version 1.0.
    add(&reg, &["--label", "My Image", "order66"])
        .assert()
        .success()
        .stdout(predicate::str::contains("package `custom.image` version `1.0` (label `My Image`, OS `windows`): new"));
    assert_eq!(loaded(&reg), (vec!["1.0".into()], vec![artifact("1.0", "az/eastus", "eastus")]));
    let first = fs::read(&reg).expect("read");

    // Again, another region: same version, artifacts only, the first records byte for byte.
    add(&reg, &["ubuntu14_rstudio"]).assert().success().stdout(predicate::str::contains("already stored"));
    let second = fs::read(&reg).expect("read");
    assert!(second.starts_with(&first));
    assert_eq!(
        loaded(&reg),
        (
            vec!["1.0".into()],
            vec![artifact("1.0", "az/eastus", "eastus"), artifact("1.0", "az/westeurope", "westeurope")]
        )
    );

    // The same region again is an error, not an overwrite.
    add(&reg, &["order66"]).assert().code(1).stderr(predicate::str::contains(
        "artifact `az/eastus` already exists for package `custom.image` version `1.0`",
    ));
    assert_eq!(fs::read(&reg).expect("read"), second);

    add(&reg, &["--bump-version", "minor", "order66"]).assert().success();
    add(&reg, &["--package-version", "2.0", "1.1.0"]).assert().success();
    let (packages, artifacts) = loaded(&reg);
    assert_eq!(packages, ["1.0", "1.1", "2.0"]);
    assert_eq!(
        artifacts[2..],
        [
            artifact("1.1", "az/eastus", "eastus"),
            artifact("2.0", "az/eastus", "eastus"),
            artifact("2.0", "az/southcentralus", "southcentralus")
        ]
    );
    let text = fs::read_to_string(&reg).expect("read");
    assert!(!text.contains("\n\n\n"), "one blank line between records:\n{text}");
    assert!(text.starts_with(std::str::from_utf8(&second).expect("utf-8")));

    // The default is now the latest version.
    add(&reg, &["--dry-run", "alma8-slurm-gen2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("package `custom.image` version `2.0`: already stored, adding artifacts"));
    assert!(leftovers(dir.path(), "images.txt").is_empty());
}

#[test]
fn both_version_options_are_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = dir.path().join("images.txt");
    add(&reg, &["--bump-version", "minor", "--package-version", "2.0", "order66"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    assert!(!reg.exists());
    cyclelint()
        .args(["image", "add", "--name", "", "order66", "--registry"])
        .arg(&reg)
        .args(inventory_args())
        .assert()
        .code(2);
    assert!(!reg.exists());
}

#[test]
fn a_dry_run_prints_the_same_summary_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = dir.path().join("images.txt");
    fs::copy(common::root().join("fixtures/registry/custom.txt"), &reg).expect("copy");
    let before = fs::read(&reg).expect("read");
    let args = ["--bump-version", "major", "--label", "My Image", "order66", "1.0.0"];

    let dry = stdout_of(&mut add(&reg, &[&["--dry-run"][..], &args[..]].concat()));
    assert_eq!(fs::read(&reg).expect("read"), before);
    assert!(leftovers(dir.path(), "images.txt").is_empty());
    assert!(!dir.path().join("images.txt.lock").exists(), "a dry run does not even create the lock file");

    let real = stdout_of(&mut add(&reg, &args));
    let body = |s: &str| {
        s.lines().take_while(|l| !l.starts_with("dry run") && !l.starts_with("added")).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(body(&dry), body(&real));
    assert!(dry.contains("dry run: 4 record(s) would be added"), "{dry}");
    assert!(real.contains("added 4 record(s)"), "{real}");
    assert!(fs::read(&reg).expect("read").starts_with(&before));
}

#[test]
fn an_unmatched_image_fails_with_did_you_mean_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = dir.path().join("images.json");
    fs::copy(common::root().join("fixtures/registry/custom.json"), &reg).expect("copy");
    let before = fs::read(&reg).expect("read");
    add(&reg, &["order66", "ordr66", "ubuntu14_rstdio"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no image has the id or name `ordr66` in the inventories; did you mean `order66`?",
        ))
        .stderr(predicate::str::contains("`ubuntu14_rstdio` in the inventories; did you mean `ubuntu14_rstudio`?"))
        .stderr(predicate::str::contains("nothing written"));
    assert_eq!(fs::read(&reg).expect("read"), before);
    assert!(leftovers(dir.path(), "images.json").is_empty());

    // `--account` limits the search.
    add(&reg, &["--account", "gallery", "order66"]).assert().code(1);
    assert_eq!(fs::read(&reg).expect("read"), before);
}

#[test]
fn json_registries_keep_their_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = dir.path().join("images.json");
    fs::copy(common::root().join("fixtures/registry/custom.json"), &reg).expect("copy");
    let before = fs::read_to_string(&reg).expect("read");
    // The fixture already has 1.0 in eastus and westeurope: add a new version.
    add(&reg, &["--bump-version", "patch", "order66", "ubuntu14_rstudio"]).assert().success();
    let after = fs::read_to_string(&reg).expect("read");
    let end_of_last_record = before.trim_end().strip_suffix(']').expect("an array").trim_end().len();
    assert!(after.starts_with(&before[..end_of_last_record]));
    assert!(after.ends_with(&before[end_of_last_record..]));
    let (packages, artifacts) = loaded(&reg);
    assert_eq!(packages, ["1.0", "1.0.1"]);
    assert_eq!(artifacts.len(), 4);

    // A missing JSON registry becomes a new array.
    let new = dir.path().join("new.json");
    add(&new, &["--format", "json", "1.0.0"]).assert().success().stdout(predicate::str::contains("\"written\": true"));
    assert_eq!(loaded(&new).1.len(), 2);
}

#[test]
fn a_registry_that_does_not_load_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = dir.path().join("images.txt");
    let broken = "AdType = \"Package\"\nName = \"custom.image\nVersion = \"1.0\"\n";
    fs::write(&reg, broken).expect("seed");
    add(&reg, &["order66"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unterminated-string").or(predicate::str::contains("syntax-error")))
        .stderr(predicate::str::contains("does not load: nothing written"));
    assert_eq!(fs::read_to_string(&reg).expect("read"), broken);

    let json = dir.path().join("images.json");
    fs::write(&json, "[{\"AdType\": \"Package\",}]").expect("seed");
    add(&json, &["order66"]).assert().code(1).stderr(predicate::str::contains("registry JSON"));
    assert_eq!(fs::read_to_string(&json).expect("read"), "[{\"AdType\": \"Package\",}]");
}

#[test]
fn the_page_workflow_then_check_list_and_resolve() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reg = dir.path().join("images.txt");
    cyclelint()
        .args(["image", "add", "--name", "custom.image", "--label", "My Image", "--os", "windows"])
        .args(["order66", "ubuntu14_rstudio", "--registry"])
        .arg(&reg)
        .args(inventory_args())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: `--os windows` but the inventory of account `azure` says image `ubuntu14_rstudio` is `linux`",
        ));
    let text = fs::read_to_string(&reg).expect("read");
    assert!(text.starts_with(
        "AdType = \"Package\"\nName = \"custom.image\"\nVersion = \"1.0\"\nPackageType = \"image\"\n\
         Label = \"My Image\"\nOS = \"windows\"\n\nAdType = \"Artifact\"\nPackage = \"custom.image\"\n"
    ));

    let template = dir.path().join("template.txt");
    fs::write(
        &template,
        "[cluster c]\n\n    [[node defaults]]\n    MachineType = Standard_D4s_v5\n    SubnetId = rg/vnet/default\n    \
         Credentials = azure\n    Region = eastus\n\n    [[node login]]\n    Image = My Image\n\n    [[nodearray execute]]\n    \
         ImageName = custom.image\n",
    )
    .expect("seed");
    let output =
        cyclelint().args(["check", "--format", "json", "--registry"]).arg(&reg).arg(&template).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let errors: Vec<&serde_json::Value> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("diagnostics"))
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // The same template asking for a version the registry does not hold.
    let wanted = fs::read_to_string(&template)
        .expect("read")
        .replace("    Image = My Image\n", "    Image = My Image\n    ImageVersion = 3.x\n");
    fs::write(&template, wanted).expect("seed");
    cyclelint()
        .args(["check", "--format", "concise", "--quiet", "--registry"])
        .arg(&reg)
        .arg(&template)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[unmatched-image-version]"));

    cyclelint()
        .args(["image", "list", "--registry"])
        .arg(&reg)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("custom.image \"My Image\" windows\n  1.0: eastus, westeurope\n"))
        .stdout(predicate::str::contains("cycle.image.centos7 \"CentOS 7\" linux (built-in)"));
    let list: serde_json::Value = serde_json::from_str(&stdout_of(
        cyclelint().args(["image", "list", "--format", "json", "--registry"]).arg(&reg),
    ))
    .expect("json");
    assert_eq!(list["packages"][0]["versions"][0]["regions"], serde_json::json!(["eastus", "westeurope"]));
    assert_eq!(list["packages"][1]["builtin"], true);

    cyclelint()
        .args(["image", "resolve", "My Image", "--region", "westeurope", "--registry"])
        .arg(&reg)
        .assert()
        .success()
        .stdout(predicate::str::contains("`custom.image` version `1.0`, artifact `az/westeurope` in `westeurope`"));
    cyclelint()
        .args(["image", "resolve", "custom.image", "--version", "3.x", "--registry"])
        .arg(&reg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no version of `custom.image` matches `3.x`; stored versions: `1.0`"));
    cyclelint()
        .args(["image", "resolve", "custom.image", "--region", "westus", "--format", "json", "--registry"])
        .arg(&reg)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"reason\": \"no-artifact\""));
    cyclelint()
        .args(["image", "resolve", "My Imag", "--registry"])
        .arg(&reg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `My Image`?"));
    cyclelint().args(["image", "resolve", "CentOS 7"]).assert().success().stdout(predicate::str::contains("built-in"));
}

fn seeded(dir: &Path) -> (PathBuf, Vec<u8>) {
    let reg = dir.join("images.txt");
    fs::copy(common::root().join("fixtures/registry/custom.txt"), &reg).expect("copy");
    let before = fs::read(&reg).expect("read");
    (reg, before)
}

#[test]
fn an_error_before_the_rename_leaves_the_registry_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (reg, before) = seeded(dir.path());
    add(&reg, &["--bump-version", "minor", "order66"])
        .env(cyclelint::fsutil::FAIL_BEFORE_RENAME_ENV, "1")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing written"));
    assert_eq!(fs::read(&reg).expect("read"), before);
    assert!(leftovers(dir.path(), "images.txt").is_empty());
}

#[test]
fn an_abort_before_the_rename_leaves_the_registry_unchanged_and_the_next_add_cleans_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (reg, before) = seeded(dir.path());
    let output = add(&reg, &["--bump-version", "minor", "order66"])
        .env(cyclelint::fsutil::FAIL_BEFORE_RENAME_ENV, "abort")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert_eq!(fs::read(&reg).expect("read"), before);
    // The crash leaves its temporary file (`.images.txt.PID.N.tmp`), never a half-written registry.
    let left = leftovers(dir.path(), "images.txt");
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(cyclelint::image::store::is_temp_file_of(&left[0], "images.txt"), "{left:?}");

    // The next add removes it, under the lock.
    add(&reg, &["--bump-version", "minor", "order66"])
        .assert()
        .success()
        .stderr(predicate::str::contains("left by an interrupted `image add`"));
    assert!(leftovers(dir.path(), "images.txt").is_empty());
    assert!(fs::read(&reg).expect("read").starts_with(&before));
    assert_eq!(loaded(&reg).0, ["1.0", "1.1"]);
}

/// Two adds to one version in different regions, and two adds of other versions, all at once: the
/// lock serialises them, so every record lands and the shared version has one `Package` record.
#[test]
fn concurrent_adds_both_land() {
    let runs = [("order66", "3.0"), ("alma8-slurm-gen2", "3.0"), ("1.0.0", "4.0"), ("1.1.0", "5.0")];
    for round in 0..5 {
        let dir = tempfile::tempdir().expect("temp dir");
        let (reg, before) = seeded(dir.path());
        let mut children: Vec<std::process::Child> = runs
            .iter()
            .map(|(image, version)| {
                let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("cyclelint"));
                cmd.args(["image", "add", "--name", "custom.image", "--package-version", version, "--registry"])
                    .arg(&reg)
                    .args(inventory_args())
                    .arg(image)
                    .env_remove(cyclelint::fsutil::FAIL_BEFORE_RENAME_ENV)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null());
                cmd.spawn().expect("spawns")
            })
            .collect();
        for child in &mut children {
            assert!(child.wait().expect("waits").success(), "round {round}");
        }
        assert!(fs::read(&reg).expect("read").starts_with(&before));
        let (mut packages, artifacts) = loaded(&reg);
        packages.sort();
        assert_eq!(packages, ["1.0", "3.0", "4.0", "5.0"], "round {round}");
        let mut names: Vec<(String, String)> =
            artifacts.iter().filter(|a| a.0 != "1.0").map(|a| (a.0.clone(), a.1.clone())).collect();
        names.sort();
        let expected = [
            ("3.0", "az/eastus"),
            ("3.0", "az/westeurope"),
            ("4.0", "az/eastus"),
            ("4.0", "az/westeurope"),
            ("5.0", "az/eastus"),
            ("5.0", "az/southcentralus"),
        ]
        .map(|(v, n)| (v.to_string(), n.to_string()));
        assert_eq!(names, expected, "round {round}");
        assert!(leftovers(dir.path(), "images.txt").is_empty());
    }
}
