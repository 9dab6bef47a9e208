//! A real editor: a headless Neovim loads the configuration printed in `docs/editors.md`
//! (extracted from the document, so the two cannot drift), opens a template with known problems,
//! and `tests/editor/neovim.lua` records the diagnostics it received, a hover, a completion, a
//! go-to-definition and an applied quick fix.
//!
//! Neovim is looked for in `$CYCLELINT_NVIM`, then where `.ci/install-editor-tools.sh` installs it
//! (`target/ci-tools/venv/bin/nvim`), then on the `PATH`; without one (or with one older than
//! 0.9) the test prints a note and skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const TEMPLATE: &str = "[cluster demo]
    [[node defaults]]
    Credentials = azure
    SubnetId = rg/vnet/default
    ImageName = cycle.image.ubuntu22
    MachinType = Standard_D2s_v3

    [[node base]]
    Abstract = true

    [[nodearray hpc]]
    Extends = base
    MachineType = $HPCMachineType

[parameters Main]
    [[parameters Cluster]]
        [[[parameter HPCMachineType]]]
        Label = HPC VM type
        ParameterType = Cloud.MachineType
        DefaultValue = Standard_F2s_v2
";

/// The Lua block under `## Neovim` in `docs/editors.md`.
fn documented_config() -> String {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editors.md")).unwrap();
    let section = doc.split("\n## Neovim").nth(1).expect("a Neovim section");
    let block = section.split("```lua\n").nth(1).expect("a Lua block in the Neovim section");
    block.split("\n```").next().unwrap().to_string() + "\n"
}

fn find_nvim() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CYCLELINT_NVIM") {
        return Some(PathBuf::from(path));
    }
    let installed = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools/venv/bin/nvim");
    if installed.is_file() {
        return Some(installed);
    }
    let on_path = std::env::var_os("PATH")?;
    std::env::split_paths(&on_path).map(|dir| dir.join("nvim")).find(|p| p.is_file())
}

/// `(major, minor)` of `nvim --version`.
fn version(nvim: &Path) -> Option<(u32, u32)> {
    let output = Command::new(nvim).arg("--version").output().ok()?;
    let first = String::from_utf8_lossy(&output.stdout).lines().next()?.to_string();
    let mut numbers = first.strip_prefix("NVIM v")?.split(['.', '-']);
    Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
}

#[test]
#[cfg(unix)]
fn neovim_with_the_documented_config() {
    let Some(nvim) = find_nvim() else {
        eprintln!("note: no `nvim` (run .ci/install-editor-tools.sh); skipping the Neovim test");
        return;
    };
    match version(&nvim) {
        Some(v) if v >= (0, 9) => {}
        v => {
            eprintln!("note: `{}` is {v:?}, older than 0.9; skipping the Neovim test", nvim.display());
            return;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join("templates")).unwrap();
    let template = root.join("templates/demo.txt");
    std::fs::write(&template, TEMPLATE).unwrap();
    std::fs::write(root.join("cyclelint.toml"), "").unwrap();
    let init = root.join("init.lua");
    std::fs::write(&init, documented_config()).unwrap();
    let out = root.join("result.json");
    // The documented `cmd` is `cyclelint`: the binary under test comes first on the PATH.
    let bin = assert_cmd::cargo::cargo_bin("cyclelint");
    let path = std::env::join_paths(
        std::iter::once(bin.parent().unwrap().to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editor/neovim.lua");
    let status = Command::new(&nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(&init)
        .arg(&template)
        .arg("-c")
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("PATH", path)
        .env("CYCLELINT_NVIM_OUT", &out)
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_CACHE_HOME", root.join("cache"))
        .status()
        .expect("nvim runs");
    assert!(status.success(), "nvim exited with {status}");
    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its result")).unwrap();
    assert_eq!(result["error"], Value::Null, "{result:#}");
    assert_eq!(result["filetype"], "cyclecloud", "{result:#}");
    assert_eq!(result["diagnostics"], serde_json::json!(["unknown-attribute"]), "{result:#}");
    let hover = result["hover"].as_str().unwrap_or_default();
    assert!(hover.starts_with("parameter `HPCMachineType`: HPC VM type"), "{result:#}");
    let completion: Vec<&str> = result["completion"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(completion.contains(&"defaults") && completion.contains(&"base"), "{result:#}");
    assert_eq!(result["definition"], serde_json::json!({ "line": 16, "character": 21 }), "{result:#}");
    assert!(result["actions"].as_array().unwrap().iter().any(|a| a == "did you mean `MachineType`?"), "{result:#}");
    assert_eq!(result["fixed_line"], "    MachineType = Standard_D2s_v3", "{result:#}");
    assert_eq!(result["relinted"], true, "{result:#}");
    assert_eq!(result["diagnostics_after_fix"], serde_json::json!([]), "{result:#}");
}

/// The TextMate grammar through VS Code's own tokenizer (`editors/vscode/test/grammar.test.js`):
/// needs `node` and the extension's `node_modules` (`.ci/install-editor-tools.sh`).
#[test]
fn vscode_grammar_tokenizes_fixtures_and_corpus() {
    let extension = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    if !extension.join("node_modules/vscode-textmate").is_dir() {
        eprintln!("note: no editors/vscode/node_modules (run .ci/install-editor-tools.sh); skipping the grammar test");
        return;
    }
    let output = match Command::new("node").arg("test/grammar.test.js").current_dir(&extension).output() {
        Ok(output) => output,
        Err(e) => {
            eprintln!("note: cannot run `node` ({e}); skipping the grammar test");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("scopes as expected"), "{stdout}");
}
