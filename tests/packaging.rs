//! How cyclelint is installed and run by other tools: shell completions and man pages, `--sniff`
//! and `exclude` for named files (what the pre-commit hooks rely on), the Python wheel's metadata,
//! the pre-commit `rev` the docs name, `cargo package`'s file list, and end to end the wheel and
//! the pre-commit hook (`scripts/e2e-packaging.sh`; skipped with a note when the Python tools that
//! `.ci/install-python-tools.sh` installs are missing).

mod common;

use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;

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

fn has(tool: &str) -> bool {
    Process::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Runs `shell` with `args` and the script in a file; returns stderr when it rejects it.
fn parse_with(shell: &str, args: &[&str], script: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("completion");
    std::fs::write(&file, script).unwrap();
    let out = Process::new(shell).args(args).arg(&file).output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn completions_are_generated_and_parse() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = cyclelint(dir.path()).args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        let script = String::from_utf8(out.stdout).unwrap();
        // Every subcommand and a `check` option are offered.
        for word in ["check", "explain", "completions", "sniff", "format"] {
            assert!(script.contains(word), "{shell} completion lacks `{word}`");
        }
        let checker: Option<(&str, &[&str])> = match shell {
            "bash" => Some(("bash", &["-n"])),
            "zsh" => Some(("zsh", &["-n"])),
            "fish" => Some(("fish", &["--no-execute"])),
            _ => None,
        };
        if let Some((program, args)) = checker {
            if has(program) || (program == "zsh" && Path::new("/bin/zsh").exists()) {
                parse_with(program, args, &script).unwrap_or_else(|e| panic!("{program} rejects the completion: {e}"));
            } else {
                eprintln!("note: {program} is missing: its completion script was not parsed");
            }
        }
    }
    // The values of `--format` are completed in bash.
    let bash = cyclelint(dir.path()).args(["completions", "bash"]).output().unwrap();
    assert!(String::from_utf8_lossy(&bash.stdout).contains("gitlab"));
    cyclelint(dir.path()).args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_pages_are_generated() {
    let dir = tempfile::tempdir().unwrap();
    let out = cyclelint(dir.path()).arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH cyclelint 1"), "{page}");
    assert!(page.contains(env!("CARGO_PKG_VERSION")));
    assert!(page.contains("cyclelint\\-check(1)"), "subcommands are listed: {page}");

    cyclelint(dir.path()).args(["man", "--dir", "man/man1"]).assert().success();
    let check = std::fs::read_to_string(dir.path().join("man/man1/cyclelint-check.1")).unwrap();
    assert!(check.contains(".TH cyclelint-check 1"));
    assert!(check.contains("\\-\\-sniff"));
    assert!(dir.path().join("man/man1/cyclelint-image-add.1").is_file());
    assert!(dir.path().join("man/man1/cyclelint.1").is_file());
    // groff, where present, renders the page without warnings.
    if has("groff") {
        let out = Process::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(dir.path().join("man/man1/cyclelint-check.1"))
            .output()
            .unwrap();
        assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    } else {
        eprintln!("note: groff is missing: the man pages were not rendered");
    }
}

/// A template with one `unknown-section-kind` error.
const BROKEN: &str = "[cluster c]\n[[[configuraton]]]\n";

#[test]
fn sniff_skips_named_files_that_are_not_templates() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t.txt", BROKEN);
    write(dir.path(), "NOTES.txt", "Notes: keep the scheduler small.\n= ; not a template\n");
    write(dir.path(), "requirements.txt", "requests==2.31\n");
    write(dir.path(), "record.txt", "AdType = \"Package\"\nName = \"x\"\nVersion = \"1.0\"\n");
    write(dir.path(), "setup.cfg", "[metadata]\nname = x\n");
    let files = ["t.txt", "NOTES.txt", "requirements.txt", "record.txt", "setup.cfg"];
    // Named files are always checked…
    let out = cyclelint(dir.path()).args(["check", "--isolated", "--format", "concise"]).args(files).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NOTES.txt:") && text.contains("5 files"), "{text}");
    // …unless `--sniff` is given: then only what looks like a template or a record file is.
    let out = cyclelint(dir.path())
        .args(["check", "--isolated", "--sniff", "--format", "concise"])
        .args(files)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("t.txt:2:"), "{text}");
    assert!(text.contains("2 files"), "t.txt and record.txt: {text}");
    for skipped in ["NOTES.txt", "requirements.txt", "setup.cfg"] {
        assert!(!text.contains(skipped), "{skipped} is reported: {text}");
    }
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    // Prose alone: nothing to check, success.
    cyclelint(dir.path()).args(["check", "--isolated", "--sniff", "NOTES.txt"]).assert().code(0);
}

#[test]
fn exclude_applies_to_named_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cyclelint.toml",
        "#:schema ./cyclelint.schema.json\nexclude = [\"legacy/**\", \"*-draft.txt\"]\n",
    );
    write(dir.path(), "legacy/old.txt", BROKEN);
    write(dir.path(), "templates/new-draft.txt", BROKEN);
    write(dir.path(), "templates/t.txt", BROKEN);
    let out = cyclelint(dir.path())
        .args([
            "check",
            "--sniff",
            "--format",
            "concise",
            "legacy/old.txt",
            "templates/new-draft.txt",
            "templates/t.txt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.contains("templates/t.txt:2:") && text.contains("1 file,"), "{text}");
    assert!(!text.contains("old.txt") && !text.contains("draft"), "{text}");
}

#[test]
fn the_wheel_and_hooks_are_declared() {
    let root = common::root();
    let pyproject: toml::Value =
        toml::from_str(&std::fs::read_to_string(root.join("pyproject.toml")).unwrap()).unwrap();
    assert_eq!(pyproject["build-system"]["build-backend"].as_str(), Some("maturin"));
    assert_eq!(pyproject["tool"]["maturin"]["bindings"].as_str(), Some("bin"));
    // The version is written once, in Cargo.toml.
    assert!(pyproject["project"].get("version").is_none());
    assert_eq!(pyproject["project"]["dynamic"].as_array().unwrap(), &[toml::Value::from("version")]);
    assert_eq!(pyproject["project"]["name"].as_str(), Some(env!("CARGO_PKG_NAME")));

    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    for (id, language) in [("cyclelint", "python"), ("cyclelint-rust", "rust")] {
        let hook =
            hooks.split("- id: ").find(|h| h.lines().next() == Some(id)).unwrap_or_else(|| panic!("no hook {id}"));
        assert!(hook.contains(&format!("language: {language}")), "{id}: {hook}");
        assert!(hook.contains("entry: cyclelint check --sniff"), "{id}: {hook}");
    }
}

/// The `rev` that `docs/ci.md` tells users to write exists and has the hooks: a commit id until
/// release tags exist (`docs/releasing.md`).
#[test]
fn documented_pre_commit_rev_exists() {
    let root = common::root();
    let ci = std::fs::read_to_string(root.join("docs/ci.md")).unwrap();
    let revs: Vec<&str> = ci
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("rev: ").or_else(|| l.split_once("--rev ").map(|(_, r)| r))
        })
        .filter_map(|r| r.split_whitespace().next())
        .filter(|r| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    let documented = ci.lines().filter(|l| l.trim().starts_with("rev:") || l.contains("--rev ")).count();
    assert!(documented >= 2 && revs.len() == documented, "every documented rev is a full commit id: {revs:?}");
    let git = |args: &[&str]| Process::new("git").current_dir(&root).args(args).output();
    match git(&["rev-parse", "--is-shallow-repository"]) {
        Ok(out) if out.status.success() && out.stdout.starts_with(b"false") => {}
        Ok(out) if out.status.success() => {
            eprintln!("note: a shallow clone: the documented pre-commit rev was not looked up");
            return;
        }
        _ => {
            eprintln!("note: git or the repository is missing: the documented pre-commit rev was not looked up");
            return;
        }
    }
    for rev in revs {
        let out = git(&["show", &format!("{rev}:.pre-commit-hooks.yaml")]).unwrap();
        assert!(out.status.success(), "docs/ci.md names {rev}, which has no .pre-commit-hooks.yaml");
        let hooks = String::from_utf8_lossy(&out.stdout);
        assert!(hooks.contains("- id: cyclelint\n") && hooks.contains("--sniff"), "{rev}: {hooks}");
    }
}

/// `cargo package` takes everything the build needs: the grammar files the pest derive reads,
/// every source file, the README and the lock file.
#[test]
fn cargo_package_includes_the_build_inputs() {
    let root = common::root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Process::new(cargo)
        .current_dir(&root)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed: std::collections::HashSet<String> =
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    let mut needed = vec!["Cargo.toml".to_string(), "Cargo.lock".to_string(), "README.md".to_string()];
    for entry in walkdir::WalkDir::new(root.join("src")).into_iter().chain(walkdir::WalkDir::new(root.join("grammar")))
    {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            needed.push(entry.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
    assert!(needed.iter().any(|n| n == "grammar/template.pest"));
    for file in &needed {
        assert!(listed.contains(file), "`cargo package` leaves out {file}");
    }
    // Not the Python build's or the fuzzers' files of their own.
    assert!(!listed.iter().any(|f| f.starts_with("target/") || f.starts_with("fuzz/")), "{listed:?}");
}

/// `scripts/e2e-packaging.sh`: the pre-commit hook from this repository (by commit id) on a
/// scratch repository, and the wheel in a fresh virtual environment. It tests the committed
/// HEAD. Skipped with a note (exit status 77) when python, maturin or pre-commit are missing.
#[test]
fn wheel_and_pre_commit_end_to_end() {
    let root = common::root();
    if !has("bash") {
        eprintln!("note: bash is missing: the wheel and pre-commit test was skipped");
        return;
    }
    let out = Process::new("bash").arg(root.join("scripts/e2e-packaging.sh")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(77) {
        eprintln!("{}", stderr.trim());
        return;
    }
    eprintln!("{}", stderr.trim());
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("e2e packaging: ok"),
        "scripts/e2e-packaging.sh failed:\n{}{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
}
