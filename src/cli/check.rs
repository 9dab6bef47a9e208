//! `cyclelint check [PATH…]`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use cyclelint::baseline::Baseline;
use cyclelint::config::{self, Config, ConfigError, Selection, Settings};
use cyclelint::diagnostic::{Applicability, Severity};
use cyclelint::discover::{discover, io_message, is_template_candidate, looks_like_template_bytes, Found};
use cyclelint::fsutil::{self, atomic_write, ReadError};
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
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// Azure Pipelines annotations (logging commands).
    Azure,
    /// JUnit XML: one test case per file.
    Junit,
    /// GitLab Code Quality JSON, for `artifacts:reports:codequality`.
    Gitlab,
}

impl Format {
    /// `github` under GitHub Actions, `azure` under Azure Pipelines, `human` elsewhere.
    fn detect() -> Format {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else if std::env::var("TF_BUILD").is_ok_and(|v| v.eq_ignore_ascii_case("true")) {
            Format::Azure
        } else {
            Format::Human
        }
    }

    /// Formats a person reads in a log, which the summary line may follow.
    fn is_text(self) -> bool {
        matches!(self, Format::Human | Format::Concise | Format::Github | Format::Azure)
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format (repeatable). Default: `github` when `GITHUB_ACTIONS=true`, `azure` when
    /// `TF_BUILD=True`, `human` otherwise.
    #[arg(long, value_enum)]
    format: Vec<Format>,
    /// Write the output of the `--format` written just before this option to FILE (repeatable);
    /// a `--format` without `--output` goes to standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Vec<PathBuf>,
    /// Use this configuration file for every checked file instead of the nearest
    /// `cyclelint.toml` or `.cyclelint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
    /// Run only these rules (names or `all`; comma-separated or repeated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Turn these rules off.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Report these rules as warnings.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    warn: Vec<String>,
    /// Report these rules as errors.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    error: Vec<String>,
    /// Exit with status 1 when a diagnostic reaches this severity.
    #[arg(long, value_enum, default_value = "error")]
    fail_level: FailLevel,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Print the number of diagnostics per rule instead of the diagnostics (standard output only).
    #[arg(long)]
    statistics: bool,
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
    /// Check named files only when they look like templates or record files, as files found in
    /// folders are (`*.txt` whose first significant line is a section header or `AdType`): for
    /// pre-commit and other tools that name every file.
    #[arg(long)]
    sniff: bool,
    /// Apply the safe fixes in place, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With `--fix` or `--diff`, also apply fixes that may change meaning ("did you mean" renames).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Write nothing: print a unified diff of what `--fix` would change (exit status 1 when it is
    /// not empty).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// The largest file read (bytes, or with `KB`, `MB`, `GB`; default 64MB, or `max-file-size` in
    /// `cyclelint.toml`). A larger file gets one `file-too-large` diagnostic.
    #[arg(long, value_name = "SIZE", value_parser = fsutil::parse_size)]
    max_file_size: Option<u64>,
    /// Where each `--format` was written on the command line (set by `main`).
    #[arg(skip)]
    pub format_at: Vec<usize>,
    /// Where each `--output` was written on the command line (set by `main`).
    #[arg(skip)]
    pub output_at: Vec<usize>,
}

pub fn run(args: CheckArgs) -> u8 {
    let start = Instant::now();
    let outputs = match outputs(&args) {
        Ok(outputs) => outputs,
        Err(message) => {
            error(message);
            return EXIT_USAGE;
        }
    };
    let selection = match selection(&args) {
        Ok(selection) => selection,
        Err(message) => {
            error(message);
            return EXIT_USAGE;
        }
    };
    let mut configs = match Configs::new(args.config.as_deref(), args.isolated) {
        Ok(configs) => configs,
        Err(e) => return config_error(&e),
    };

    let mut read_errors = false;
    let mut inputs: Vec<(String, Result<Vec<u8>, ReadError>)> = Vec::new();
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) = args.paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    // The limit of standard input: the command line's, or that of the configuration it would have.
    let stdin_limit = args.max_file_size.unwrap_or_else(|| {
        let name = PathBuf::from(args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string()));
        configs.for_file(&name).ok().flatten().and_then(|c| c.max_file_size).unwrap_or(fsutil::DEFAULT_MAX_FILE_SIZE)
    });
    if !stdin.is_empty() {
        let name = args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string());
        inputs.push((name, fsutil::read_stdin(stdin_limit)));
    }
    // Each path once; `true` marks files found in folders, checked only if they look like templates.
    let mut discovered: Vec<(PathBuf, bool)> = Vec::new();
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut named_registries: Vec<PathBuf> = Vec::new();
    for found in discover(&paths) {
        match found {
            // A JSON file named on the command line can only be a registry: check it as one.
            Found::File(p) if registry::load::is_json(&p) => {
                if !named_registries.contains(&p) {
                    named_registries.push(p)
                }
            }
            // With `--sniff`, a named file is treated like one found in a folder.
            Found::File(p) if args.sniff && !has_txt_extension(&p) => {}
            Found::File(p) => {
                if seen.insert(p.clone()) {
                    discovered.push((p, args.sniff))
                }
            }
            Found::Candidate(p) => {
                if seen.insert(p.clone()) {
                    discovered.push((p, true))
                }
            }
            Found::Error { path, message } => {
                error(format!("cannot read `{}`: {message}", path.display()));
                read_errors = true;
            }
        }
    }
    // The configuration of each file (and of standard input, as if it were in its folder).
    let mut settings_of: HashMap<PathBuf, Settings> = HashMap::new();
    let mut limit_of: HashMap<PathBuf, u64> = HashMap::new();
    let mut config_registries: Vec<PathBuf> = Vec::new();
    // Local CycleCloud projects: beside the checked paths, and in each configuration's `projects`.
    let mut project_roots = cyclelint::projects::roots_for(&paths);
    let mut kept = Vec::new();
    let stdin_path = PathBuf::from(args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string()));
    let stdin_entry = (stdin_path.clone(), false);
    for (path, sniff) in discovered.iter().chain(inputs.first().map(|_| &stdin_entry)) {
        let config = match configs.for_file(path) {
            Ok(config) => config,
            Err(e) => return config_error(&e),
        };
        let mut settings = Settings::default();
        if let Some(config) = &config {
            if config.is_excluded(path) {
                continue;
            }
            settings = config.settings_for(path);
            if let Some(limit) = config.max_file_size {
                limit_of.insert(path.clone(), limit);
            }
            for r in &config.registry {
                if !config_registries.contains(r) {
                    config_registries.push(r.clone());
                }
            }
            for p in &config.projects {
                if !project_roots.iter().any(|(root, _)| root == p) {
                    project_roots.push((p.clone(), 5));
                }
            }
        }
        settings.apply(&selection);
        settings_of.insert(path.clone(), settings);
        kept.push((path.clone(), *sniff));
    }
    let inputs_kept = !inputs.is_empty() && kept.last().map(|(p, _)| p) == Some(&stdin_path);
    if inputs_kept {
        kept.pop();
    } else {
        inputs.clear();
    }

    let mut registry = Registry::builtin();
    let registry_paths: Vec<PathBuf> =
        args.registry.iter().chain(&config_registries).chain(&named_registries).cloned().collect();
    let registry_limit = args.max_file_size.unwrap_or(fsutil::DEFAULT_MAX_FILE_SIZE);
    let (registry_files, load_errors) = registry::load::load_with_limit(&registry_paths, &mut registry, registry_limit);
    for e in load_errors {
        error(format!("cannot use registry `{}`: {}", e.path.display(), e.message));
        read_errors = true;
    }
    let mut linter =
        Linter::with_registry(registry).with_projects(cyclelint::projects::Projects::discover(&project_roots));
    linter.max_file_size = args.max_file_size.unwrap_or(fsutil::DEFAULT_MAX_FILE_SIZE);

    // Registry record files are checked like any named file, so their records are validated too;
    // JSON registries are reported with what reading them found and the registry-side checks.
    let is_json = |p: &PathBuf| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let mut files: Vec<(PathBuf, bool)> =
        registry_files.iter().map(|f| (f.path.clone(), false)).filter(|(p, _)| !is_json(p)).collect();
    let json_results: Vec<FileResult> = registry_files
        .into_iter()
        .filter(|f| is_json(&f.path))
        .map(|f| {
            let mut diagnostics = f.diagnostics;
            let own = registry::validate::file_entries(&linter.registry, &f.path);
            diagnostics.extend(registry::validate::validate(&own, &linter.registry, &f.text));
            cyclelint::lint::sort(&mut diagnostics);
            FileResult { path: f.path.display().to_string(), text: f.text, diagnostics, kind: None }
        })
        .collect();
    // `kept` has each path once already; only registry files may repeat one.
    let registry_paths: std::collections::HashSet<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    files.extend(kept.into_iter().filter(|(p, _)| !registry_paths.contains(p)));

    let default_settings = {
        let mut s = Settings::default();
        s.apply(&selection);
        s
    };
    let fixing = args.fix || args.diff;
    if fixing && inputs_kept && args.fix {
        error("`--fix` cannot write to standard input: use `--diff` to see the fixes");
        return EXIT_USAGE;
    }
    let fixes: Mutex<Vec<FileFixes>> = Mutex::new(Vec::new());
    let read_failures = std::sync::atomic::AtomicBool::new(false);
    let mut results: Vec<FileResult> = files
        .par_iter()
        .filter_map(|(path, sniff)| {
            let shown = path.display().to_string();
            let settings = settings_of.get(path).unwrap_or(&default_settings);
            let limit = args.max_file_size.or_else(|| limit_of.get(path).copied()).unwrap_or(linter.max_file_size);
            match fsutil::read_file(path, limit) {
                // A `.txt` found in a folder that is not a template (`requirements.txt`) is skipped.
                Ok(bytes) if *sniff && !looks_like_template_bytes(&bytes) => None,
                Ok(bytes) if fixing => Some(fix_file(&linter, path, &shown, &bytes, settings, &args, &fixes)),
                Ok(bytes) => Some(linter.check_bytes_with_limit(&shown, bytes, settings, limit)),
                Err(ReadError::TooLarge { .. }) if *sniff && !is_template_candidate(path) => None,
                Err(ReadError::TooLarge { size, limit }) => Some(linter.too_large(&shown, size, limit, settings)),
                Err(e) => {
                    error(format!("cannot read `{shown}`: {e}"));
                    read_failures.store(true, std::sync::atomic::Ordering::Relaxed);
                    None
                }
            }
        })
        // Outputs show only the texts of files with findings: the others are let go as soon as
        // they are checked, so a run over many files holds the texts of its failing files only.
        .map(|mut result: FileResult| {
            if result.diagnostics.is_empty() {
                result.text = String::new();
            }
            result
        })
        .collect();
    read_errors |= read_failures.into_inner();
    results.extend(json_results);
    for (name, read) in inputs {
        match read {
            Ok(bytes) => {
                let settings = settings_of.get(&stdin_path).unwrap_or(&default_settings);
                if fixing {
                    results.push(fix_file(&linter, Path::new(&name), &name, &bytes, settings, &args, &fixes));
                } else {
                    results.push(linter.check_bytes_with_limit(&name, bytes, settings, stdin_limit))
                }
            }
            Err(ReadError::TooLarge { size, limit }) => {
                let settings = settings_of.get(&stdin_path).unwrap_or(&default_settings);
                results.push(linter.too_large(&name, size, limit, settings))
            }
            Err(e) => {
                error(format!("cannot read standard input: {e}"));
                read_errors = true;
            }
        }
    }
    results.sort_by(|a, b| a.path.cmp(&b.path));

    if let Some(path) = &args.write_baseline {
        if let Err(e) = fsutil::write_output(path, Baseline::of(&results).to_json().as_bytes()) {
            error(format!("cannot write baseline `{}`: {}", path.display(), io_message(&e)));
            return EXIT_USAGE;
        }
    }
    let mut stale = 0;
    if let Some(path) = &args.baseline {
        let baseline = fsutil::read_file(path, fsutil::DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|_| "it is not valid UTF-8".to_string()))
            .and_then(|t| Baseline::parse(&t));
        match baseline {
            Ok(baseline) => stale = baseline.filter(&mut results),
            Err(message) => {
                error(format!("cannot use baseline `{}`: {message}", path.display()));
                return EXIT_USAGE;
            }
        }
    }

    let mut fixes = fixes.into_inner().unwrap_or_else(|e| e.into_inner());
    fixes.sort_by(|a, b| a.path.cmp(&b.path));
    if args.diff {
        return report_diff(&fixes, &args);
    }
    for f in fixes.iter().filter_map(|f| f.error.as_ref()) {
        error(f);
        read_errors = true;
    }
    let summary = Summary::of(&results);
    let mut stdout_format = None;
    for (format, output) in &outputs {
        match output {
            Some(path) => {
                let text = render(*format, &results, false);
                if let Err(e) = fsutil::write_output(path, text.as_bytes()) {
                    error(format!("cannot write `{}`: {}", path.display(), io_message(&e)));
                    return EXIT_USAGE;
                }
            }
            None => {
                stdout_format = Some(*format);
                if args.statistics {
                    print(&report::statistics(&results));
                } else {
                    print(&render(*format, &results, args.color.enabled()));
                }
            }
        }
    }
    if !args.quiet && stdout_format.is_none_or(Format::is_text) {
        let elapsed = start.elapsed().as_millis();
        let mut line = report::summary_line(&summary, elapsed);
        if stale > 0 {
            line.push_str(&format!(
                " ({stale} baseline {} no longer match)",
                if stale == 1 { "entry" } else { "entries" }
            ));
        }
        print(&(line + "\n"));
        if args.fix {
            print(&fix_summary(&fixes, &results, args.unsafe_fixes));
        }
    }

    let fail_at = match args.fail_level {
        FailLevel::Error => Severity::Error,
        FailLevel::Warning => Severity::Warning,
        FailLevel::Info => Severity::Info,
    };
    if read_errors {
        EXIT_USAGE
    } else if results.iter().flat_map(|f| &f.diagnostics).any(|d| d.severity >= fail_at) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn has_txt_extension(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

fn render(format: Format, results: &[FileResult], color: bool) -> String {
    match format {
        Format::Human => human::render(results, human::Style { color, width: 100 }),
        Format::Concise => report::concise::render(results),
        Format::Json => report::json::render(results),
        Format::Sarif => report::sarif::render(results),
        Format::Github => report::github::render(results),
        Format::Azure => report::azure::render(results),
        Format::Junit => report::junit::render(results),
        Format::Gitlab => report::gitlab::render(results),
    }
}

/// Pairs each `--output` with the `--format` written before it. A `--format` without an
/// `--output` goes to standard output (at most one may); with no `--format`, the detected
/// format is used.
fn outputs(args: &CheckArgs) -> Result<Vec<(Format, Option<PathBuf>)>, String> {
    let mut formats: Vec<(usize, Format)> = args.format_at.iter().copied().zip(args.format.iter().copied()).collect();
    if formats.len() < args.format.len() {
        // Positions unknown (not called through `main`): pair in order.
        formats = args.format.iter().copied().enumerate().map(|(i, f)| (2 * i, f)).collect();
    }
    let mut pairs: Vec<(Format, Option<PathBuf>)> = formats.iter().map(|&(_, f)| (f, None)).collect();
    for (i, output) in args.output.iter().enumerate() {
        let at = args.output_at.get(i).copied().unwrap_or(2 * i + 1);
        match formats.iter().rposition(|&(f_at, _)| f_at < at) {
            Some(k) if pairs[k].1.is_none() => pairs[k].1 = Some(output.clone()),
            Some(_) => {
                return Err(format!(
                    "`--output {}` follows another `--output`: give each its own `--format`",
                    output.display()
                ))
            }
            None if formats.is_empty() && i == 0 => pairs.push((Format::detect(), Some(output.clone()))),
            None => return Err(format!("`--output {}` has no `--format` before it", output.display())),
        }
    }
    if pairs.is_empty() {
        pairs.push((Format::detect(), None));
    }
    if pairs.iter().filter(|(_, o)| o.is_none()).count() > 1 {
        return Err("only one `--format` can go to standard output: give the others an `--output`".to_string());
    }
    Ok(pairs)
}

fn selection(args: &CheckArgs) -> Result<Selection, String> {
    Ok(Selection {
        select: args.select.as_deref().map(config::rule_list).transpose()?,
        ignore: config::rule_list(&args.ignore)?,
        warn: config::rule_list(&args.warn)?,
        error: config::rule_list(&args.error)?,
    })
}

/// Configuration files, read once per folder.
pub(super) struct Configs {
    pub(super) explicit: Option<Arc<Config>>,
    pub(super) isolated: bool,
    pub(super) by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
    /// Shadowed configuration files already warned about.
    pub(super) warned: std::collections::HashSet<PathBuf>,
}

impl Configs {
    /// The configuration of a run: `--config` (read now) for every file, else each file's
    /// folder's, or none with `--isolated`.
    pub(super) fn new(explicit: Option<&Path>, isolated: bool) -> Result<Configs, Box<ConfigError>> {
        let explicit = match explicit {
            Some(path) => Some(Arc::new(Config::load(path)?)),
            None => None,
        };
        Ok(Configs { explicit, isolated, by_dir: HashMap::new(), warned: Default::default() })
    }

    pub(super) fn for_file(&mut self, file: &Path) -> Result<Option<Arc<Config>>, Box<ConfigError>> {
        if self.isolated {
            return Ok(None);
        }
        if let Some(config) = &self.explicit {
            return Ok(Some(config.clone()));
        }
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        if let Some(config) = self.by_dir.get(&dir) {
            return Ok(config.clone());
        }
        let config = match config::find(&dir) {
            Some(path) => {
                if let Some(other) = config::shadowed(&path) {
                    if self.warned.insert(other.clone()) {
                        super::eprint_text(&format!(
                            "warning: `{}` is ignored: `{}` in the same folder is used\n",
                            other.display(),
                            path.display()
                        ));
                    }
                }
                Some(Arc::new(Config::load(&path)?))
            }
            None => None,
        };
        self.by_dir.insert(dir, config.clone());
        Ok(config)
    }
}

/// Prints a configuration error as a miette report pointing into the TOML.
pub(super) fn config_error(e: &ConfigError) -> u8 {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, e).is_err() {
        out = format!("error: {e}\n");
    }
    super::eprint_text(&out);
    EXIT_USAGE
}

/// What `--fix` (or `--diff`) did to one file.
struct FileFixes {
    path: String,
    fixed: cyclelint::fix::Fixed,
    /// With `--diff`: the unified diff.
    diff: Option<String>,
    /// The fixed text could not be written.
    error: Option<String>,
}

/// Applies the fixes of one file in rounds, writes the result (or records its diff with
/// `--diff`) and checks what is left.
fn fix_file(
    linter: &Linter,
    path: &Path,
    shown: &str,
    bytes: &[u8],
    settings: &Settings,
    args: &CheckArgs,
    fixes: &Mutex<Vec<FileFixes>>,
) -> FileResult {
    let Ok(text) = cyclelint::lint::decode(bytes) else {
        return linter.check_bytes_with(shown, bytes, settings);
    };
    let fixed = cyclelint::fix::fix_text(&text, args.unsafe_fixes, |t| {
        linter.check_text_with(shown, t.to_string(), settings).diagnostics
    });
    if fixed.count() == 0 && fixed.converged {
        return linter.check_text_with(shown, text, settings);
    }
    let mut entry = FileFixes { path: shown.to_string(), fixed, diff: None, error: None };
    let result_text = if args.diff {
        entry.diff = Some(super::fmt::unified_diff(shown, &text, &entry.fixed.text));
        text
    } else if entry.fixed.count() > 0 {
        match atomic_write(path, entry.fixed.text.as_bytes()) {
            Ok(()) => entry.fixed.text.clone(),
            Err(e) => {
                entry.error = Some(format!("cannot write the fixes to `{shown}`: {}", io_message(&e)));
                text
            }
        }
    } else {
        text
    };
    if !entry.fixed.converged {
        entry.error.get_or_insert_with(|| {
            format!(
                "fixes in `{shown}` did not settle after {} rounds: check the result (a bug in a rule's fix)",
                cyclelint::fix::MAX_ROUNDS
            )
        });
    }
    let result = linter.check_text_with(shown, result_text, settings);
    fixes.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
    result
}

/// `check --diff`: the diffs on standard output, a count on standard error; status 1 when
/// something would change.
fn report_diff(fixes: &[FileFixes], args: &CheckArgs) -> u8 {
    let mut out = String::new();
    for f in fixes {
        out.push_str(f.diff.as_deref().unwrap_or_default());
    }
    print(&out);
    let count: usize = fixes.iter().map(|f| f.fixed.count()).sum();
    let files = fixes.iter().filter(|f| f.fixed.count() > 0).count();
    if !args.quiet {
        eprintln!("would fix {} in {}", plural(count, "finding"), plural(files, "file"));
    }
    if count > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `fixed 3 findings in 2 files (comma-in-number: 2, syntax-error: 1)`, and the fixes left for
/// `--unsafe-fixes`.
fn fix_summary(fixes: &[FileFixes], results: &[FileResult], unsafe_fixes: bool) -> String {
    let mut per_rule: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in fixes {
        for (rule, n) in &f.fixed.applied {
            *per_rule.entry(rule).or_default() += n;
        }
    }
    let count: usize = per_rule.values().sum();
    let files = fixes.iter().filter(|f| f.fixed.count() > 0).count();
    let mut line = format!("fixed {} in {}", plural(count, "finding"), plural(files, "file"));
    if count > 0 {
        let rules: Vec<String> = per_rule.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        line.push_str(&format!(" ({})", rules.join(", ")));
    }
    line.push('\n');
    let hidden = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Unsafe))
        .count();
    if hidden > 0 && !unsafe_fixes {
        line.push_str(&format!("{} available with `--unsafe-fixes`\n", plural(hidden, "more fix")));
    }
    line
}

fn plural(n: usize, word: &str) -> String {
    match (n, word.ends_with('x')) {
        (1, _) => format!("1 {word}"),
        (_, true) => format!("{n} {word}es"),
        _ => format!("{n} {word}s"),
    }
}
