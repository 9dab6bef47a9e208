//! Helpers every test calls.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use cyclelint::lint::{FileResult, Linter};
use cyclelint::registry::load::load;
use cyclelint::registry::Registry;
use cyclelint::report::{human, json};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus`, when it exists beside the project.
pub fn corpus() -> Option<PathBuf> {
    let dir = root().join("..").join("shared").join("corpus");
    dir.join("templates").is_dir().then_some(dir)
}

/// Checks `text` as if it were the file `path`.
pub fn check(path: &str, text: &str) -> FileResult {
    Linter::new().check_text(path, text.to_string())
}

/// Checks a file on disk, shown by its path relative to the project root, with the bundled
/// example registry loaded (as `check --registry fixtures/registry/custom.txt` would).
pub fn check_file(path: &Path) -> FileResult {
    let shown = path.strip_prefix(root()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(path).expect("fixture is readable");
    // Local CycleCloud projects beside the fixture, found as `check` finds them (from the
    // path as shown, relative to the project root where tests run, so that notes are stable).
    let projects = cyclelint::projects::Projects::discover(&cyclelint::projects::roots_for(&[shown.clone().into()]));
    let mut linter = fixture_linter().with_projects(projects);
    // A fixture folder's `cyclelint.toml` may set `max-file-size` (the `file-too-large` fixtures).
    let config = path.parent().map(|d| d.join("cyclelint.toml")).filter(|c| c.is_file());
    if let Some(max) = config.and_then(|c| cyclelint::config::Config::load(&c).ok()).and_then(|c| c.max_file_size) {
        linter.max_file_size = max;
    }
    linter.check_bytes(&shown, &bytes)
}

/// A linter with the built-in images and `fixtures/registry/custom.txt`.
pub fn fixture_linter() -> Linter {
    let mut registry = Registry::builtin();
    let (_, errors) = load(&[root().join("fixtures/registry/custom.txt")], &mut registry);
    assert!(errors.is_empty(), "the fixture registry loads: {errors:?}");
    Linter::with_registry(registry)
}

/// The human report as a user sees it in a log: no colour, 100 columns.
pub fn human(result: FileResult) -> String {
    human::render(&[result], human::Style { color: false, width: 100 })
}

pub fn json(result: FileResult) -> String {
    json::render(&[result])
}

/// Rule names of the diagnostics, in order.
pub fn rules(result: &FileResult) -> Vec<&'static str> {
    result.diagnostics.iter().map(|d| d.rule).collect()
}

/// Rule names of the diagnostics the parser reports (rules without a check function), in order:
/// what robustness tests look at, whatever the semantic rules add.
pub fn parser_rules(result: &FileResult) -> Vec<&'static str> {
    result
        .diagnostics
        .iter()
        .filter(|d| cyclelint::rules::find(d.rule).is_some_and(|r| r.check.is_none()))
        .map(|d| d.rule)
        .collect()
}
