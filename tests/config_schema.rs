//! The JSON Schema of `cyclelint.toml` (`docs/cyclelint.schema.json`) is derived from the config
//! types with schemars. It is checked in for editors (taplo, Even Better TOML: `#:schema` line) and
//! kept in sync here: `UPDATE_SCHEMA=1 cargo test --test config_schema` rewrites it. Every example
//! configuration in the repository is valid against it, and configurations cyclelint rejects are
//! rejected by it too.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn schema_path() -> PathBuf {
    common::root().join("docs").join("cyclelint.schema.json")
}

fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&cyclelint::config::json_schema())
        .expect("the generated schema compiles")
}

/// TOML text as the JSON value taplo validates.
fn as_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).expect("valid TOML");
    serde_json::to_value(value).unwrap()
}

fn errors(text: &str) -> Vec<String> {
    validator().iter_errors(&as_json(text)).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn checked_in_schema_is_current() {
    let mut generated = serde_json::to_string_pretty(&cyclelint::config::json_schema()).unwrap();
    generated.push('\n');
    let path = schema_path();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        cyclelint::fsutil::atomic_write(&path, generated.as_bytes()).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "docs/cyclelint.schema.json is stale: run `UPDATE_SCHEMA=1 cargo test --test config_schema`"
    );
}

/// Every `cyclelint.toml` in the repository (fixtures, examples) and every TOML block of the docs.
#[test]
fn example_configurations_are_valid() {
    let root = common::root();
    let mut configs: Vec<(String, String)> = Vec::new();
    for entry in walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !matches!(e.file_name().to_str(), Some("target" | ".git" | "fuzz")))
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy();
        if cyclelint::config::FILE_NAMES.contains(&name.as_ref()) {
            configs.push((entry.path().display().to_string(), std::fs::read_to_string(entry.path()).unwrap()));
        }
        if name.ends_with(".md") && !entry.path().starts_with(root.join("target")) {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (i, block) in toml_blocks(&text).into_iter().enumerate() {
                configs.push((format!("{} (TOML block {})", entry.path().display(), i + 1), block));
            }
        }
    }
    assert!(configs.len() >= 2, "found only {configs:?}");
    for (name, text) in &configs {
        // Each is a configuration cyclelint accepts…
        cyclelint::config::Config::parse(Path::new("/repo/cyclelint.toml"), text)
            .unwrap_or_else(|e| panic!("{name}: cyclelint rejects it: {e}"));
        // …and the schema accepts it too.
        let found = errors(text);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

/// The ```toml blocks of a Markdown file that are a cyclelint.toml (first line `# cyclelint.toml…`,
/// or cyclelint's keys), not Cargo.toml, pyproject.toml or an editor's configuration.
fn toml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start().starts_with("```toml") => current = Some(String::new()),
            Some(block) if line.trim_start().starts_with("```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks.retain(|b| {
        b.lines().next().is_some_and(|l| l.starts_with('#') && l.contains("cyclelint.toml"))
            || b.lines().any(|l| {
                let l = l.trim();
                l.starts_with("#:schema")
                    || ["[rules]", "[[overrides]]"].contains(&l)
                    || ["exclude", "registry", "require-reason"].iter().any(|k| l.starts_with(&format!("{k} =")))
            })
    });
    blocks
}

#[test]
fn the_schema_rejects_what_cyclelint_rejects() {
    for bad in [
        "exlude = []\n",
        "[rules]\nlenient-strin = \"off\"\n",
        "[rules]\nlenient-string = \"warn\"\n",
        "require-reason = \"yes\"\n",
        "[[overrides]]\n[overrides.rules]\nlenient-string = \"off\"\n",
        "[[overrides]]\nfiles = [\"a\"]\nextra = 1\n",
    ] {
        assert!(cyclelint::config::Config::parse(Path::new("/repo/cyclelint.toml"), bad).is_err(), "{bad}");
        assert!(!errors(bad).is_empty(), "the schema accepts {bad:?}");
    }
    let good = "#:schema ./docs/cyclelint.schema.json\nexclude = [\"legacy/**\"]\nregistry = [\"images\"]\n\
                require-reason = true\n[rules]\nlenient-string = \"error\"\n\
                [[overrides]]\nfiles = [\"*-test.txt\"]\n[overrides.rules]\nsyntax-error = \"off\"\n";
    assert!(errors(good).is_empty(), "{:#?}", errors(good));
    // Rule names complete with their summaries.
    let schema = cyclelint::config::json_schema();
    let lenient = &schema["properties"]["rules"]["properties"]["lenient-string"];
    assert!(lenient["description"].as_str().is_some_and(|d| d.contains("default: `warning`")), "{lenient}");
}
