//! Local CycleCloud projects reach the rules from the command line: beside a checked template,
//! and through `projects = [...]` in `cyclelint.toml`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const TEMPLATE: &str = "[cluster demo]
  [[node defaults]]
  MachineType = Standard_D4s_v5
  SubnetId = my-rg/my-vnet/default
  Credentials = azure
  ImageName = almalinux8

    [[[cluster-init tools:defualt:2.0.0]]]
";

fn project(dir: &Path) {
    fs::create_dir_all(dir.join("specs/default/cluster-init/scripts")).unwrap();
    fs::write(dir.join("project.ini"), "[project]\nname = tools\nversion = 2.1.0\n").unwrap();
    fs::write(dir.join("specs/default/cluster-init/scripts/00.sh"), "#!/bin/sh\n").unwrap();
}

fn check(dir: &Path, file: &str) -> String {
    let out = Command::cargo_bin("cyclelint")
        .expect("binary builds")
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("TF_BUILD")
        .args(["check", "--format", "concise", file])
        .output()
        .expect("cyclelint runs");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn project_beside_the_templates_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    fs::create_dir_all(tmp.path().join("templates")).unwrap();
    fs::write(tmp.path().join("templates/t.txt"), TEMPLATE).unwrap();
    let out = check(tmp.path(), "templates/t.txt");
    assert!(out.contains("[unknown-cluster-init-spec] project `tools` has no spec `defualt`"), "{out}");
    assert!(out.contains("[cluster-init-version-mismatch] cluster-init `tools` asks for version `2.0.0`"), "{out}");
    // The whole tree, as a folder argument.
    let out = check(tmp.path(), ".");
    assert!(out.contains("unknown-cluster-init-spec"), "{out}");
}

#[test]
fn projects_named_in_the_configuration_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    project(&tmp.path().join("elsewhere/tools"));
    fs::create_dir_all(tmp.path().join("repo")).unwrap();
    fs::write(tmp.path().join("repo/t.txt"), TEMPLATE).unwrap();
    let repo = tmp.path().join("repo");
    let out = check(&repo, "t.txt");
    assert!(!out.contains("cluster-init-version-mismatch"), "found without configuration: {out}");
    fs::write(repo.join("cyclelint.toml"), "projects = [\"../elsewhere\"]\n").unwrap();
    let out = check(&repo, "t.txt");
    assert!(out.contains("cluster-init-version-mismatch"), "{out}");
    assert!(out.contains("unknown-cluster-init-spec"), "{out}");
}
