//! `cyclelint fmt [PATH…]`: formats templates and record files in place, or reports what would
//! change (`--check`, `--diff`). The files are found as `check` finds them, with the same
//! `cyclelint.toml` exclusions; `[format]` of the nearest configuration sets the indentation.

use std::collections::HashSet;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use cyclelint::discover::{discover, io_message, looks_like_template_bytes, Found};
use cyclelint::format::{format_text, format_text_unverified, FormatOptions};
use cyclelint::fsutil::atomic_write;
use cyclelint::lint::decode;

use super::check::{config_error, Configs};
use super::{error, print, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files and folders to format; `-` formats standard input to standard output.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write nothing; list the files that would change and exit with status 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Write nothing; print a unified diff of what would change and exit with status 1 if it is
    /// not empty.
    #[arg(long)]
    diff: bool,
    /// Use this configuration file for every file instead of the nearest `cyclelint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
    /// The path standard input stands for: its configuration and exclusions apply.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
    /// Print nothing but errors (and the diff with `--diff`).
    #[arg(long, short)]
    quiet: bool,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    /// Written (or, with `--check`/`--diff`, would be): the diff when asked for.
    Changed(Option<String>),
    Failed(String),
}

pub fn run(args: FmtArgs) -> u8 {
    let mut configs = match Configs::new(args.config.as_deref(), args.isolated) {
        Ok(configs) => configs,
        Err(e) => return config_error(&e),
    };
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) = args.paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        if !paths.is_empty() {
            error("`-` formats standard input to standard output: give no other path with it");
            return EXIT_USAGE;
        }
        return run_stdin(&args, &mut configs);
    }

    let mut status = EXIT_OK;
    let mut files: Vec<(PathBuf, bool, FormatOptions)> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for found in discover(&paths) {
        let (path, sniff) = match found {
            Found::File(p) => (p, false),
            Found::Candidate(p) => (p, true),
            Found::Error { path, message } => {
                error(format!("cannot read `{}`: {message}", path.display()));
                status = EXIT_USAGE;
                continue;
            }
        };
        if !seen.insert(path.clone()) {
            continue;
        }
        let config = match configs.for_file(&path) {
            Ok(config) => config,
            Err(e) => return config_error(&e),
        };
        if config.as_ref().is_some_and(|c| c.is_excluded(&path)) {
            continue;
        }
        let options = config.map(|c| c.format).unwrap_or_default();
        files.push((path, sniff, options));
    }

    let write = !args.check && !args.diff;
    let outcomes: Vec<(String, Option<Outcome>)> = files
        .par_iter()
        .map(|(path, sniff, options)| {
            let shown = path.display().to_string();
            let bytes = match cyclelint::fsutil::read_file(path, cyclelint::fsutil::DEFAULT_MAX_FILE_SIZE) {
                Ok(bytes) => bytes,
                Err(e) => return (shown.clone(), Some(Outcome::Failed(format!("cannot read `{shown}`: {e}")))),
            };
            if *sniff && !looks_like_template_bytes(&bytes) {
                return (shown, None);
            }
            // `--check` writes nothing and shows nothing: the model comparison, which guards
            // what is written or shown, is skipped (it halves the cost of a CI check).
            let verify = !args.check || args.diff;
            let outcome = match format_bytes(&shown, &bytes, options, verify) {
                Ok(None) => Outcome::Unchanged,
                Ok(Some((text, formatted))) => {
                    if write {
                        if let Err(e) = atomic_write(path, formatted.as_bytes()) {
                            let message = format!("cannot write `{shown}`: {}", io_message(&e));
                            return (shown, Some(Outcome::Failed(message)));
                        }
                    }
                    Outcome::Changed(args.diff.then(|| unified_diff(&shown, &text, &formatted)))
                }
                Err(message) => Outcome::Failed(message),
            };
            (shown, Some(outcome))
        })
        .collect();

    let mut changed = Vec::new();
    let mut unchanged = 0;
    let mut diffs = String::new();
    for (shown, outcome) in outcomes {
        match outcome {
            None => {}
            Some(Outcome::Unchanged) => unchanged += 1,
            Some(Outcome::Changed(diff)) => {
                diffs.push_str(&diff.unwrap_or_default());
                changed.push(shown);
            }
            Some(Outcome::Failed(message)) => {
                error(message);
                status = EXIT_USAGE;
            }
        }
    }
    if args.diff {
        print(&diffs);
    } else if args.check && !args.quiet {
        let mut listing = String::new();
        for path in &changed {
            listing.push_str(&format!("would reformat `{path}`\n"));
        }
        print(&listing);
    }
    if !args.quiet {
        let summary = summary(changed.len(), unchanged, write);
        if args.diff {
            eprintln!("{summary}");
        } else {
            print(&format!("{summary}\n"));
        }
    }
    if status == EXIT_OK && !write && !changed.is_empty() {
        status = EXIT_FINDINGS;
    }
    status
}

/// `2 files reformatted, 5 left unchanged` (or `would be reformatted`).
fn summary(changed: usize, unchanged: usize, written: bool) -> String {
    let files = |n: usize| if n == 1 { "1 file".to_string() } else { format!("{n} files") };
    let verb = if written { "reformatted" } else { "would be reformatted" };
    match (changed, unchanged) {
        (0, u) => format!("{} already formatted", files(u)),
        (c, 0) => format!("{} {verb}", files(c)),
        (c, u) => format!("{} {verb}, {} already formatted", files(c), files(u)),
    }
}

/// Formats one file's bytes: `None` when it is formatted already, else the text and its
/// formatted form.
fn format_bytes(
    shown: &str,
    bytes: &[u8],
    options: &FormatOptions,
    verify: bool,
) -> Result<Option<(String, String)>, String> {
    let text = decode(bytes).map_err(|d| format!("cannot format `{shown}`: {}", d.message))?;
    let formatted = if verify { format_text(&text, options) } else { Ok(format_text_unverified(&text, options)) };
    match formatted {
        Ok(formatted) if formatted == text => Ok(None),
        Ok(formatted) => Ok(Some((text, formatted))),
        Err(e) => Err(format!("cannot format `{shown}`: {e}")),
    }
}

/// A unified diff with three lines of context, `--- path` / `+++ path` headers.
pub(super) fn unified_diff(shown: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after).unified_diff().context_radius(3).header(shown, shown).to_string()
}

/// `fmt -`: standard input to standard output (unchanged when `--stdin-filename` is excluded).
fn run_stdin(args: &FmtArgs, configs: &mut Configs) -> u8 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
        error(format!("cannot read standard input: {}", io_message(&e)));
        return EXIT_USAGE;
    }
    let shown = args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string());
    let path = PathBuf::from(&shown);
    let config = match configs.for_file(&path) {
        Ok(config) => config,
        Err(e) => return config_error(&e),
    };
    let echo = |bytes: &[u8]| {
        if !args.check && !args.diff {
            let mut out = std::io::stdout().lock();
            let _ = std::io::Write::write_all(&mut out, bytes);
        }
    };
    if config.as_ref().is_some_and(|c| c.is_excluded(&path)) {
        echo(&bytes);
        return EXIT_OK;
    }
    let options = config.map(|c| c.format).unwrap_or_default();
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            error(format!("cannot format `{shown}`: {}", diagnostic.message));
            echo(&bytes);
            return EXIT_USAGE;
        }
    };
    match format_text(&text, &options) {
        Ok(formatted) => {
            let changed = formatted != text;
            if args.diff {
                print(&unified_diff(&shown, &text, &formatted));
            } else if args.check {
                if changed && !args.quiet {
                    print(&format!("would reformat `{shown}`\n"));
                }
            } else {
                print(&formatted);
            }
            if changed && (args.check || args.diff) {
                EXIT_FINDINGS
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            error(format!("cannot format `{shown}`: {e}"));
            echo(&bytes);
            EXIT_USAGE
        }
    }
}
