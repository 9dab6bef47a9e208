//! `cyclelint check [PATH…]`.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use cyclelint::diagnostic::Severity;
use cyclelint::discover::{discover, io_message, Found};
use cyclelint::lint::{FileResult, Linter};
use cyclelint::registry::{self, Registry};
use cyclelint::report::{self, human, Summary};

use super::{error, print, ColorChoice, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rich reports with source context (miette).
    Human,
    /// `path:line:col: severity[rule] message`, one a line.
    Concise,
    /// The versioned JSON shape of `docs/json-output.md`.
    Json,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Print diagnostics only, without the summary line.
    #[arg(long, short)]
    quiet: bool,
    /// The name to show for standard input.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
    /// An image registry: a record file (`*.txt`), a JSON file (`*.json`) or a folder of them.
    /// Repeatable. Registry files are validated in every run.
    #[arg(long, value_name = "PATH")]
    registry: Vec<PathBuf>,
    /// When to use colour.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

pub fn run(args: CheckArgs) -> u8 {
    let start = Instant::now();
    let mut read_errors = false;
    let mut registry = Registry::builtin();
    let (registry_files, load_errors) = registry::load::load(&args.registry, &mut registry);
    for e in load_errors {
        error(format!("cannot use registry `{}`: {}", e.path.display(), e.message));
        read_errors = true;
    }
    let linter = Linter::with_registry(registry);

    let mut inputs: Vec<(String, Result<Vec<u8>, String>)> = Vec::new();
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) = args.paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        let mut buffer = Vec::new();
        let name = args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string());
        let read =
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buffer).map(|_| buffer).map_err(|e| io_message(&e));
        inputs.push((name, read));
    }
    // Registry record files are checked like any named file, so their records are validated too;
    // JSON registries are reported with what reading them found and the registry-side checks.
    let is_json = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let mut files: Vec<PathBuf> = registry_files.iter().map(|f| f.path.clone()).filter(|p| !is_json(p)).collect();
    let json_results: Vec<FileResult> = registry_files
        .into_iter()
        .filter(|f| is_json(&f.path))
        .map(|f| {
            let mut diagnostics = f.diagnostics;
            let own = registry::validate::file_entries(&linter.registry, &f.path);
            diagnostics.extend(registry::validate::validate(&own, &linter.registry, &f.text));
            cyclelint::lint::sort(&mut diagnostics);
            FileResult { path: f.path.display().to_string(), text: f.text, diagnostics, template: None }
        })
        .collect();
    for found in discover(&paths) {
        match found {
            Found::File(p) => {
                if !files.contains(&p) {
                    files.push(p)
                }
            }
            Found::Error { path, message } => {
                error(format!("cannot read `{}`: {message}", path.display()));
                read_errors = true;
            }
        }
    }

    let mut results: Vec<FileResult> = files
        .par_iter()
        .filter_map(|path| {
            let shown = path.display().to_string();
            match std::fs::read(path) {
                Ok(bytes) => Some(linter.check_bytes(&shown, &bytes)),
                Err(e) => {
                    error(format!("cannot read `{shown}`: {}", io_message(&e)));
                    None
                }
            }
        })
        .collect();
    if results.len() < files.len() {
        read_errors = true;
    }
    results.extend(json_results);
    for (name, read) in inputs {
        match read {
            Ok(bytes) => results.push(linter.check_bytes(&name, &bytes)),
            Err(message) => {
                error(format!("cannot read standard input: {message}"));
                read_errors = true;
            }
        }
    }
    results.sort_by(|a, b| a.path.cmp(&b.path));

    let summary = Summary::of(&results);
    let text = match args.format {
        Format::Human => human::render(&results, human::Style { color: args.color.enabled(), width: 100 }),
        Format::Concise => report::concise::render(&results),
        Format::Json => report::json::render(&results),
    };
    print(&text);
    if !args.quiet && args.format != Format::Json {
        let elapsed = start.elapsed().as_millis();
        print(&(report::summary_line(&summary, elapsed) + "\n"));
    }

    if read_errors {
        EXIT_USAGE
    } else if results.iter().flat_map(|f| &f.diagnostics).any(|d| d.severity >= Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
