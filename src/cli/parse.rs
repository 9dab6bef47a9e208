//! `cyclelint parse FILE`: the model as JSON, for tools and debugging.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use cyclelint::diagnostic::Diagnostic;
use cyclelint::lint::decode;
use cyclelint::model::Template;
use cyclelint::syntax;

use super::{error, print, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

#[derive(Args, Debug)]
pub struct ParseArgs {
    /// The file to parse (`-` reads standard input).
    file: PathBuf,
}

#[derive(Serialize)]
struct Output<'a> {
    template: &'a Template,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: ParseArgs) -> u8 {
    use cyclelint::fsutil::{read_file, read_stdin, DEFAULT_MAX_FILE_SIZE};
    let bytes = if args.file.as_os_str() == "-" {
        match read_stdin(DEFAULT_MAX_FILE_SIZE) {
            Ok(b) => b,
            Err(e) => {
                error(format!("cannot read standard input: {e}"));
                return EXIT_USAGE;
            }
        }
    } else {
        match read_file(&args.file, DEFAULT_MAX_FILE_SIZE) {
            Ok(b) => b,
            Err(e) => {
                error(format!("cannot read `{}`: {e}", args.file.display()));
                return EXIT_USAGE;
            }
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(d) => {
            error(format!("`{}`: {}", args.file.display(), d.message));
            return EXIT_FINDINGS;
        }
    };
    let parsed = syntax::parse(&text);
    let output = Output { template: &parsed.template, diagnostics: &parsed.diagnostics };
    print(&(serde_json::to_string_pretty(&output).expect("model serialises") + "\n"));
    if parsed.diagnostics.iter().any(|d| d.severity == cyclelint::diagnostic::Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
