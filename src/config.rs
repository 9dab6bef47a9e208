//! Configuration: `cyclelint.toml` (or `.cyclelint.toml`) and the rule levels in force for a file.
//!
//! The nearest configuration file up the tree from each checked file applies to it. A file sets
//! rule levels (`[rules]`), excluded files (`exclude`), registries (`registry`), levels for some
//! files only (`[[overrides]]`), whether suppressions must give a reason (`require-reason`) and
//! how `cyclelint fmt` indents (`[format]`: `indent-width`, `indent-style`).
//! Rules never see any of this: [`Settings`] are applied by `lint` after the rules have run.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use miette::{LabeledSpan, NamedSource, SourceCode};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{did_you_mean, Severity};
use crate::format::{FormatOptions, IndentStyle};
use crate::rules::{self, RULES};
use crate::span::Span;
use crate::target::CycleCloudVersion;

/// The names a configuration file may have, in the order they are looked for in a folder.
pub const FILE_NAMES: &[&str] = &["cyclelint.toml", ".cyclelint.toml"];

/// The levels in force for one file: a severity per rule, or `None` when the rule is off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Indexed like [`RULES`].
    levels: Vec<Option<Severity>>,
    /// Indexed like [`RULES`]: true when a configuration or the command line set the level. A rule
    /// left at its default keeps the severity each of its diagnostics carries (some rules report
    /// a milder case as a warning, `unknown-image` depends on whether a registry is loaded).
    configured: Vec<bool>,
    /// Suppressions without a reason are errors.
    pub require_reason: bool,
    /// `cyclecloud-version`: the release templates are checked against (rules get it through
    /// their `Context`, never from here).
    pub cyclecloud_version: CycleCloudVersion,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            levels: RULES.iter().map(|r| Some(r.default_severity)).collect(),
            configured: vec![false; RULES.len()],
            require_reason: false,
            cyclecloud_version: CycleCloudVersion::CURRENT,
        }
    }
}

impl Settings {
    /// The severity of `rule`, or `None` when it is off (or unknown).
    pub fn level(&self, rule: &str) -> Option<Severity> {
        index(rule).and_then(|i| self.levels[i])
    }

    /// The configured severity of `rule`: `None` when it is off, unknown or left at its default.
    pub fn configured_level(&self, rule: &str) -> Option<Severity> {
        index(rule).filter(|&i| self.configured[i]).and_then(|i| self.levels[i])
    }

    pub fn is_enabled(&self, rule: &str) -> bool {
        self.level(rule).is_some()
    }

    /// Sets the level of a known rule; unknown names are ignored (they were reported when read).
    pub fn set(&mut self, rule: &str, level: Option<Severity>) {
        if let Some(i) = index(rule) {
            self.levels[i] = level;
            self.configured[i] = true;
        }
    }

    /// Applies the command line's `--select`, `--ignore`, `--warn` and `--error`, in that order.
    pub fn apply(&mut self, selection: &Selection) {
        if let Some(selected) = &selection.select {
            for (i, rule) in RULES.iter().enumerate() {
                self.levels[i] =
                    if selected.contains(&rule.name) { self.levels[i].or(Some(rule.default_severity)) } else { None };
            }
        }
        for name in &selection.ignore {
            self.set(name, None);
        }
        for name in &selection.warn {
            self.set(name, Some(Severity::Warning));
        }
        for name in &selection.error {
            self.set(name, Some(Severity::Error));
        }
    }
}

fn index(rule: &str) -> Option<usize> {
    RULES.binary_search_by(|r| r.name.cmp(rule)).ok()
}

/// Rule levels from the command line, each list already expanded (`all`) and checked.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `--select`: only these rules run.
    pub select: Option<Vec<&'static str>>,
    pub ignore: Vec<&'static str>,
    pub warn: Vec<&'static str>,
    pub error: Vec<&'static str>,
}

/// Expands a command-line rule list: names or `all`, comma-separated or repeated.
pub fn rule_list(items: &[String]) -> Result<Vec<&'static str>, String> {
    let mut out = Vec::new();
    for name in items.iter().flat_map(|i| i.split(',')).map(str::trim).filter(|n| !n.is_empty()) {
        if name == "all" {
            out.extend(RULES.iter().map(|r| r.name));
        } else if let Some(rule) = rules::find(name) {
            out.push(rule.name);
        } else {
            let mut message = format!("unknown rule `{name}`");
            if let Some(help) = did_you_mean(name, RULES.iter().map(|r| r.name)) {
                message.push_str(&format!(": {help}"));
            }
            return Err(message);
        }
    }
    Ok(out)
}

/// A configuration file, read and checked.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// `[rules]`, in file order.
    pub rules: Vec<(&'static str, Option<Severity>)>,
    pub exclude: Globs,
    /// `registry`, relative to the configuration file's folder.
    pub registry: Vec<PathBuf>,
    /// `projects`: folders holding local CycleCloud projects, relative to the configuration
    /// file's folder.
    pub projects: Vec<PathBuf>,
    pub overrides: Vec<Override>,
    pub require_reason: bool,
    /// `cyclecloud-version`, when set.
    pub cyclecloud_version: Option<CycleCloudVersion>,
    /// `[format]`: how `cyclelint fmt` indents.
    pub format: FormatOptions,
    /// `max-file-size`: the largest input read, in bytes (`None`: the default).
    pub max_file_size: Option<u64>,
}

/// `[[overrides]]`: levels for the files that match `files`.
#[derive(Debug)]
pub struct Override {
    pub files: Globs,
    pub rules: Vec<(&'static str, Option<Severity>)>,
}

/// Globs of a configuration file. A glob without `/` matches a file name in any folder; one
/// with `/` matches the path relative to the configuration file's folder (`**` spans folders).
#[derive(Debug)]
pub struct Globs {
    by_name: GlobSet,
    by_path: GlobSet,
}

impl Globs {
    fn is_match(&self, relative: &Path) -> bool {
        let name = relative.file_name().map(Path::new).unwrap_or(relative);
        self.by_name.is_match(name) || self.by_path.is_match(relative)
    }
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let unreadable = |message: String| {
            Box::new(ConfigError {
                path: path.to_path_buf(),
                source: NamedSource::new(path.display().to_string(), String::new()),
                message: format!("cannot read `{}`: {message}", path.display()),
                span: None,
                label: None,
                help: None,
            })
        };
        // A configuration file is small: the default input limit applies whatever it says.
        let bytes = crate::fsutil::read_file(path, crate::fsutil::DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| unreadable(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|_| unreadable("it is not valid UTF-8".to_string()))?;
        Config::parse(path, &text)
    }

    /// Checks the text of a configuration file read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Box<ConfigError>> {
        let error = |span: Option<Span>, message: String, label: Option<&str>, help: Option<String>| {
            Box::new(ConfigError {
                path: path.to_path_buf(),
                source: NamedSource::new(path.display().to_string(), text.to_string()),
                message,
                span,
                label: label.map(str::to_string),
                help,
            })
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e.span().map(|r| Span::new(r.start, r.end));
            let (message, help) = serde_message(e.message());
            error(span, message, None, help)
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let rules = rule_table(raw.rules, &error)?;
        let exclude = globs(raw.exclude.unwrap_or_default(), &error)?;
        let registry = raw.registry.unwrap_or_default().into_iter().map(|p| dir.join(p.into_inner())).collect();
        let projects = raw.projects.unwrap_or_default().into_iter().map(|p| dir.join(p.into_inner())).collect();
        let cyclecloud_version = match raw.cyclecloud_version {
            None => None,
            Some(v) => Some(version_text(v.get_ref()).parse::<CycleCloudVersion>().map_err(|message| {
                error(Some(spanned(&v)), message, Some("not a version"), Some("write it as `\"8.7\"`".to_string()))
            })?),
        };
        let mut overrides = Vec::new();
        for o in raw.overrides.unwrap_or_default() {
            overrides.push(Override { files: globs(o.files, &error)?, rules: rule_table(o.rules, &error)? });
        }
        let format = format_options(raw.format, &error)?;
        let max_file_size = match &raw.max_file_size {
            None => None,
            Some(value) => {
                let size = match value.get_ref() {
                    toml::Value::Integer(n) if *n > 0 => crate::fsutil::within_max_size(*n as u64),
                    toml::Value::String(s) => crate::fsutil::parse_size(s),
                    _ => Err("`max-file-size` is a size: bytes or a string such as \"64MB\"".to_string()),
                };
                Some(size.map_err(|message| error(Some(spanned(value)), message, Some("here"), None))?)
            }
        };
        Ok(Config {
            max_file_size,
            path: path.to_path_buf(),
            rules,
            exclude,
            registry,
            projects,
            overrides,
            require_reason: raw.require_reason.unwrap_or(false),
            cyclecloud_version,
            format,
        })
    }

    /// The folder the configuration's relative paths and globs start from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// Whether `file` is matched by `exclude`.
    pub fn is_excluded(&self, file: &Path) -> bool {
        self.exclude.is_match(&self.relative(file))
    }

    /// The levels for `file`: defaults, then `[rules]`, then each matching override in order.
    pub fn settings_for(&self, file: &Path) -> Settings {
        let mut settings = Settings {
            require_reason: self.require_reason,
            cyclecloud_version: self.cyclecloud_version.unwrap_or_default(),
            ..Settings::default()
        };
        for (rule, level) in &self.rules {
            settings.set(rule, *level);
        }
        let relative = self.relative(file);
        for o in self.overrides.iter().filter(|o| o.files.is_match(&relative)) {
            for (rule, level) in &o.rules {
                settings.set(rule, *level);
            }
        }
        settings
    }

    fn relative(&self, file: &Path) -> PathBuf {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = std::path::absolute(self.dir()).unwrap_or_else(|_| self.dir().to_path_buf());
        file.strip_prefix(&dir).map(Path::to_path_buf).unwrap_or(file)
    }
}

/// The nearest configuration file in `dir` or a folder above it.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let dir = std::path::absolute(dir).ok()?;
    dir.ancestors().flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// The other configuration file beside `found` that is ignored because `found` wins (both
/// `cyclelint.toml` and `.cyclelint.toml` in one folder), for a warning.
pub fn shadowed(found: &Path) -> Option<PathBuf> {
    let name = found.file_name()?.to_str()?;
    let rank = FILE_NAMES.iter().position(|n| *n == name)?;
    FILE_NAMES[rank + 1..].iter().map(|n| found.with_file_name(n)).find(|p| p.is_file())
}

/// A configuration file that cannot be used, pointing into its text when it can.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    /// The file's text, named by its path, for the snippet.
    pub source: NamedSource<String>,
    pub message: String,
    pub span: Option<Span>,
    pub label: Option<String>,
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.span.is_some().then_some(&self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(self.label.clone(), span))))
    }
}

/// `cyclelint.toml` (or `.cyclelint.toml`): rule levels, excluded files, image registries, levels
/// for some files only. The nearest one up the tree from each checked file applies to it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "cyclelint configuration")]
struct RawConfig {
    /// Rule levels: `"off"`, `"info"`, `"warning"` or `"error"` per rule name (`cyclelint rules`
    /// lists them).
    #[serde(default)]
    #[schemars(schema_with = "rules_schema")]
    rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Files not to check, also when named on the command line. A glob without `/` matches a file
    /// name in any folder; a glob with `/` matches the path relative to this file's folder (`**`
    /// spans folders).
    #[schemars(with = "Option<Vec<String>>")]
    exclude: Option<Vec<Spanned<String>>>,
    /// Image registries: record files (`*.txt`), JSON files (`*.json`) or folders of them,
    /// relative to this file's folder (as `--registry`).
    #[schemars(with = "Option<Vec<String>>")]
    registry: Option<Vec<Spanned<String>>>,
    /// Folders holding local CycleCloud projects (`project.ini`, `specs/`), relative to this
    /// file's folder: cluster-init specs and versions are checked against them.
    #[schemars(with = "Option<Vec<String>>")]
    projects: Option<Vec<Spanned<String>>>,
    /// Levels for some files only, applied after `[rules]`, in file order.
    overrides: Option<Vec<RawOverride>>,
    /// Suppressions without `-- reason` are errors, not warnings.
    require_reason: Option<bool>,
    /// The CycleCloud release the templates are checked against (`"8.7"`, `"7.9"`; the current
    /// release by default): rules whose behaviour changed across releases follow it.
    #[schemars(with = "Option<NumberOrText>")]
    cyclecloud_version: Option<Spanned<toml::Value>>,
    /// How `cyclelint fmt` indents.
    format: Option<RawFormat>,
    /// The largest file read, in bytes or as a string such as `"64MB"` (default 64 MB); a larger
    /// template or registry gets one `file-too-large` error. `--max-file-size` overrides it.
    #[schemars(with = "Option<NumberOrText>")]
    max_file_size: Option<Spanned<toml::Value>>,
}

/// `[format]`: how `cyclelint fmt` indents (docs/formatting.md).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    /// Columns per indentation level, from 1 to 16 (default 4).
    #[schemars(with = "Option<u8>", range(min = 1, max = 16))]
    indent_width: Option<Spanned<i64>>,
    /// `space` (default) or `tab`.
    indent_style: Option<IndentStyle>,
}

/// Indentation wider than this is surely a typo.
const MAX_INDENT_WIDTH: i64 = 16;

fn format_options(raw: Option<RawFormat>, error: &MakeError) -> Result<FormatOptions, Box<ConfigError>> {
    let mut options = FormatOptions::default();
    let Some(raw) = raw else { return Ok(options) };
    if let Some(width) = raw.indent_width {
        let value = *width.get_ref();
        if !(1..=MAX_INDENT_WIDTH).contains(&value) {
            return Err(error(
                Some(spanned(&width)),
                format!("`indent-width` is {value}"),
                Some(&format!("expected a width from 1 to {MAX_INDENT_WIDTH}")),
                None,
            ));
        }
        options.indent_width = value as usize;
    }
    if let Some(style) = raw.indent_style {
        options.indent_style = style;
    }
    Ok(options)
}

/// `cyclecloud-version` and `max-file-size` are written as a string or a bare number.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum NumberOrText {
    Text(String),
    Number(f64),
}

/// `[[overrides]]`: rule levels for the files that match `files`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    /// Globs, as in `exclude`.
    #[schemars(with = "Vec<String>")]
    files: Vec<Spanned<String>>,
    /// Rule levels for these files.
    #[serde(default)]
    #[schemars(schema_with = "rules_schema")]
    rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// The text of `cyclecloud-version`: a string (`"7.9"`), or a bare number (`8`, `7.9`).
fn version_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        other => other.to_string(),
    }
}

/// The JSON Schema of `cyclelint.toml`, derived from the types it is read into (checked in as
/// `docs/cyclelint.schema.json`; `UPDATE_SCHEMA=1 cargo test --test config_schema` rewrites it).
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(RawConfig).to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$id".to_string(),
            serde_json::Value::String(format!("{}/blob/main/docs/cyclelint.schema.json", env!("CARGO_PKG_REPOSITORY"))),
        );
    }
    schema
}

/// `[rules]`: one key per rule, its summary as description, a level as value.
fn rules_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let properties: serde_json::Map<String, serde_json::Value> = RULES
        .iter()
        .map(|r| {
            let level = serde_json::json!({
                "description": format!("{} (default: `{}`)", r.summary, r.default_severity.as_str()),
                "enum": ["off", "info", "warning", "error"],
            });
            (r.name.to_string(), level)
        })
        .collect();
    schemars::json_schema!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

type MakeError<'a> = dyn Fn(Option<Span>, String, Option<&str>, Option<String>) -> Box<ConfigError> + 'a;

fn spanned<T>(s: &Spanned<T>) -> Span {
    Span::new(s.span().start, s.span().end)
}

fn rule_table(
    table: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    error: &MakeError,
) -> Result<Vec<(&'static str, Option<Severity>)>, Box<ConfigError>> {
    let mut entries: Vec<_> = table.unwrap_or_default().into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut out = Vec::new();
    for (name, level) in entries {
        let Some(rule) = rules::find(name.get_ref()) else {
            return Err(error(
                Some(spanned(&name)),
                format!("unknown rule `{}`", name.get_ref()),
                Some("not a rule"),
                did_you_mean(name.get_ref(), RULES.iter().map(|r| r.name)),
            ));
        };
        let parsed = match level.get_ref().as_str() {
            "off" => None,
            other => match Severity::parse(other) {
                Some(severity) => Some(severity),
                None => {
                    return Err(error(
                        Some(spanned(&level)),
                        format!("unknown level `{other}` for rule `{}`", rule.name),
                        Some("expected `off`, `info`, `warning` or `error`"),
                        did_you_mean(other, ["off", "info", "warning", "error"]),
                    ))
                }
            },
        };
        out.push((rule.name, parsed));
    }
    Ok(out)
}

fn globs(patterns: Vec<Spanned<String>>, error: &MakeError) -> Result<Globs, Box<ConfigError>> {
    let mut by_name = GlobSetBuilder::new();
    let mut by_path = GlobSetBuilder::new();
    for pattern in &patterns {
        let text = pattern.get_ref().trim_start_matches("./");
        let glob = GlobBuilder::new(text).literal_separator(true).build().map_err(|e| {
            error(
                Some(spanned(pattern)),
                format!("invalid glob `{}`", pattern.get_ref()),
                Some(&e.kind().to_string()),
                None,
            )
        })?;
        if text.contains('/') {
            by_path.add(glob);
        } else {
            by_name.add(glob);
        }
    }
    let build = |b: GlobSetBuilder| b.build().expect("globs that each compiled build a set");
    Ok(Globs { by_name: build(by_name), by_path: build(by_path) })
}

/// A serde message made to read like ours, with "did you mean" for unknown keys.
fn serde_message(message: &str) -> (String, Option<String>) {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            return (format!("unknown key `{field}`"), did_you_mean(field, candidates));
        }
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Box<ConfigError>> {
        Config::parse(Path::new("/repo/cyclelint.toml"), text)
    }

    #[test]
    fn reads_every_key() {
        let config = parse(
            "exclude = [\"legacy/**\"]\nregistry = [\"images\"]\nrequire-reason = true\n\
             [rules]\nlenient-string = \"error\"\nsyntax-error = \"off\"\n\
             [[overrides]]\nfiles = [\"*-test.txt\"]\n[overrides.rules]\nlenient-string = \"info\"\n",
        )
        .unwrap();
        assert!(config.require_reason);
        assert_eq!(config.registry, vec![PathBuf::from("/repo/images")]);
        assert!(config.is_excluded(Path::new("/repo/legacy/a/b.txt")));
        assert!(!config.is_excluded(Path::new("/repo/templates/b.txt")));
        let settings = config.settings_for(Path::new("/repo/templates/a.txt"));
        assert_eq!(settings.level("lenient-string"), Some(Severity::Error));
        assert_eq!(settings.level("syntax-error"), None);
        let settings = config.settings_for(Path::new("/repo/templates/a-test.txt"));
        assert_eq!(settings.level("lenient-string"), Some(Severity::Info));
    }

    #[test]
    fn reads_the_cyclecloud_version() {
        let settings = |text: &str| parse(text).unwrap().settings_for(Path::new("/repo/a.txt")).cyclecloud_version;
        assert_eq!(settings("cyclecloud-version = \"7.9\"\n"), CycleCloudVersion::new(7, 9));
        assert_eq!(settings("cyclecloud-version = 7\n"), CycleCloudVersion::new(7, 0));
        assert_eq!(settings(""), CycleCloudVersion::CURRENT);
        let e = parse("cyclecloud-version = \"seven\"\n").unwrap_err();
        assert!(e.message.contains("not a CycleCloud version"), "{}", e.message);
        assert_eq!(e.span, Some(Span::new(21, 28)));
    }

    #[test]
    fn unknown_keys_and_rules_point_into_the_file() {
        let text = "exlude = []\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.message, "unknown key `exlude`");
        assert_eq!(e.help.as_deref(), Some("did you mean `exclude`?"));
        assert_eq!(&text[e.span.unwrap().start()..e.span.unwrap().end()], "exlude");

        let text = "[rules]\nlenient-strin = \"off\"\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.message, "unknown rule `lenient-strin`");
        assert_eq!(e.help.as_deref(), Some("did you mean `lenient-string`?"));
        assert_eq!(&text[e.span.unwrap().start()..e.span.unwrap().end()], "lenient-strin");

        let e = parse("[rules]\nlenient-string = \"warn\"\n").unwrap_err();
        assert_eq!(e.message, "unknown level `warn` for rule `lenient-string`");
    }

    #[test]
    fn format_table() {
        let config = parse("[format]\nindent-width = 2\nindent-style = \"tab\"\n").unwrap();
        assert_eq!(config.format, FormatOptions { indent_width: 2, indent_style: IndentStyle::Tab });
        assert_eq!(parse("").unwrap().format, FormatOptions::default());
        let text = "[format]\nindent-width = 0\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.message, "`indent-width` is 0");
        assert_eq!(&text[e.span.unwrap().start()..e.span.unwrap().end()], "0");
        let e = parse("[format]\nindent-styl = \"tab\"\n").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `indent-style`?"));
        assert!(parse("[format]\nindent-style = \"tabs\"\n").is_err());
    }

    #[test]
    fn command_line_selection_applies_in_order() {
        let mut settings = Settings::default();
        let all = rule_list(&["all".to_string()]).unwrap();
        settings.apply(&Selection { ignore: all, error: vec!["lenient-string"], ..Selection::default() });
        assert_eq!(settings.level("lenient-string"), Some(Severity::Error));
        assert_eq!(settings.level("syntax-error"), None);
        assert_eq!(
            rule_list(&["lenient-strng".to_string()]).unwrap_err(),
            "unknown rule `lenient-strng`: did you mean `lenient-string`?"
        );
    }
}
