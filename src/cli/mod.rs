//! Command-line front end: argument parsing and output. It converts diagnostics, it never
//! invents them.

mod check;
mod completions;
mod fmt;
mod image;
mod parse;
mod rules;
mod show;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// A fast, exact linter for Azure CycleCloud cluster templates and image registries.
#[derive(Parser, Debug)]
#[command(name = "cyclelint", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check templates and record files (default: the current folder).
    Check(Box<check::CheckArgs>),
    /// Format templates and record files in place (`--check`, `--diff`: report only).
    Fmt(fmt::FmtArgs),
    /// Print the parsed model of one file as JSON.
    Parse(parse::ParseArgs),
    /// Keep an image registry: add images from Azure CLI inventories, list, resolve.
    Image(image::ImageArgs),
    /// List every rule with its default severity and summary.
    Rules(rules::RulesArgs),
    /// Print the documentation of one rule.
    Explain(rules::ExplainArgs),
    /// Explain each node after inheritance: attributes, where they come from, the image chosen.
    Show(show::ShowArgs),
    /// Run the language server on standard input and output, for editors.
    Lsp,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff), or write one page per subcommand with `--dir`.
    Man(completions::ManArgs),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour for stdout: `--color`, then `NO_COLOR`/`FORCE_COLOR`, then whether it is a terminal.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    false
                } else if std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty() && v != "0") {
                    true
                } else {
                    std::io::stdout().is_terminal()
                }
            }
        }
    }
}

/// Exit statuses.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let status = match cli.command {
        Command::Check(mut args) => {
            // `--output` pairs with the `--format` before it: keep where each was written.
            if let Some(m) = matches.subcommand_matches("check") {
                args.format_at = m.indices_of("format").map(Iterator::collect).unwrap_or_default();
                args.output_at = m.indices_of("output").map(Iterator::collect).unwrap_or_default();
            }
            check::run(*args)
        }
        Command::Fmt(args) => fmt::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Image(args) => image::run(args),
        Command::Rules(args) => rules::rules(args),
        Command::Explain(args) => rules::explain(args),
        Command::Show(args) => show::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
        // The protocol asks for status 1 when a session does not end with `shutdown` and `exit`.
        Command::Lsp => match cyclelint::lsp::run() {
            Ok(()) => EXIT_OK,
            Err(e) => {
                error(e);
                1
            }
        },
    };
    // A failed write to standard output or error (a full disk, `> /dev/full`) is a failed run.
    if WRITE_FAILED.load(Ordering::Relaxed) {
        return ExitCode::from(EXIT_USAGE);
    }
    ExitCode::from(status)
}

/// Set when standard output was closed by its reader (`cyclelint check | head`): nothing more is
/// written there, and the run ends quietly.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// Set when a write to standard output or error failed for another reason: the exit status is 2.
static WRITE_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes to stdout. A closed pipe stops output quietly; any other failure is reported once on
/// stderr and makes the exit status 2.
pub fn print(text: &str) {
    if STDOUT_CLOSED.load(Ordering::Relaxed) || WRITE_FAILED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => STDOUT_CLOSED.store(true, Ordering::Relaxed),
        Err(e) => {
            WRITE_FAILED.store(true, Ordering::Relaxed);
            error(format!("cannot write to standard output: {}", cyclelint::discover::io_message(&e)));
        }
    }
}

/// Writes to stderr; a failure makes the exit status 2 (there is nowhere left to say so).
pub fn eprint_text(text: &str) {
    let mut err = std::io::stderr().lock();
    if let Err(e) = err.write_all(text.as_bytes()).and_then(|()| err.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            WRITE_FAILED.store(true, Ordering::Relaxed);
        }
    }
}

/// An error for stderr, in the same voice as diagnostics.
pub fn error(message: impl std::fmt::Display) {
    eprint_text(&format!("error: {message}\n"));
}
