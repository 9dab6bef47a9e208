//! One file in, diagnostics out: decoding, parsing, rules, then anchors, configured levels and
//! suppressions. No printing here.

use std::path::Path;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::effective::effective_nodes;
use crate::model::{FileKind, Template};
use crate::projects::Projects;
use crate::registry::Registry;
use crate::rules::{self, invalid_encoding, Context};
use crate::span::Span;
use crate::{suppress, syntax};

/// Everything a run has loaded once and shares across files (read-only, so files can be
/// checked in parallel).
#[derive(Debug)]
pub struct Linter {
    /// Built-in images plus the records of every `--registry` file.
    pub registry: Registry,
    /// Local CycleCloud projects (`project.ini`) found for the run.
    pub projects: Projects,
}

impl Default for Linter {
    fn default() -> Self {
        Linter::new()
    }
}

/// The result of checking one file.
#[derive(Debug)]
pub struct FileResult {
    /// The path as given or found (shown in output).
    pub path: String,
    /// The text as read (lossy when the file is not UTF-8), for rendering snippets.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// What the file held; `None` when it was skipped (not UTF-8, binary). The model itself is
    /// dropped once the rules have run, so a large run holds only texts and diagnostics.
    pub kind: Option<FileKind>,
}

impl Linter {
    /// A linter that knows the built-in images only.
    pub fn new() -> Linter {
        Linter { registry: Registry::builtin(), projects: Projects::default() }
    }

    pub fn with_registry(registry: Registry) -> Linter {
        Linter { registry, projects: Projects::default() }
    }

    /// The same linter, knowing these local projects.
    pub fn with_projects(mut self, projects: Projects) -> Linter {
        self.projects = projects;
        self
    }

    /// Checks one file given as raw bytes, with every rule at its default level.
    pub fn check_bytes(&self, path: &str, bytes: &[u8]) -> FileResult {
        self.check_bytes_with(path, bytes, &Settings::default())
    }

    /// Checks one file given as text, with every rule at its default level.
    pub fn check_text(&self, path: &str, text: String) -> FileResult {
        self.check_text_with(path, text, &Settings::default())
    }

    /// Checks one file given as raw bytes with the levels in `settings`.
    pub fn check_bytes_with(&self, path: &str, bytes: &[u8], settings: &Settings) -> FileResult {
        match decode(bytes) {
            Ok(text) => self.check_text_with(path, text, settings),
            Err(diagnostic) => {
                let mut diagnostics = vec![*diagnostic];
                apply_levels(settings, &mut diagnostics);
                FileResult {
                    path: path.to_string(),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    diagnostics,
                    kind: None,
                }
            }
        }
    }

    /// Checks one file given as text with the levels in `settings`.
    ///
    /// Rules that are off do not run (syntax rules, reported by the parser, are dropped). The
    /// rules never see `settings`: levels, then suppressions, then anchors are applied here, after
    /// the rules have run.
    pub fn check_text_with(&self, path: &str, text: String, settings: &Settings) -> FileResult {
        let parsed = syntax::parse(&text);
        let mut diagnostics = parsed.diagnostics;
        let nodes = effective_nodes(&parsed.template);
        let ctx = Context::new(Path::new(path), &text, &parsed.template, &self.registry, &nodes)
            .with_projects(&self.projects)
            .with_version(settings.cyclecloud_version);
        rules::run_enabled(&ctx, &mut diagnostics, |rule| settings.is_enabled(rule.name));
        rules::causes::fold(&ctx, &mut diagnostics);
        rules::hardcoded_secret::redact(&text, &mut diagnostics);
        apply_levels(settings, &mut diagnostics);
        suppress::apply(&suppress::find(&parsed.template, &text), settings, &mut diagnostics);
        for d in diagnostics.iter_mut().filter(|d| d.anchor.is_none()) {
            d.anchor = Some(anchor(&parsed.template, d.span.start));
        }
        sort(&mut diagnostics);
        FileResult { path: path.to_string(), text, diagnostics, kind: Some(parsed.template.kind) }
    }
}

/// Drops the diagnostics of rules that are off and gives the others their configured severity.
pub fn apply_levels(settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain(|d| settings.is_enabled(d.rule));
    for d in diagnostics.iter_mut() {
        if let Some(level) = settings.configured_level(d.rule) {
            d.severity = level;
        }
    }
}

/// The innermost section holding `offset`: the last section whose header starts at or before it
/// (sections are in file order), or the nearest of its ancestors that still holds it.
fn innermost_section(template: &Template, offset: usize) -> Option<&crate::model::Section> {
    let after = template.sections.partition_point(|s| s.header_span.start <= offset);
    let mut current = after.checked_sub(1).map(|i| &template.sections[i]);
    while let Some(section) = current {
        if section.span.contains(offset) || section.header_span.contains(offset) {
            return Some(section);
        }
        current = section.parent.map(|p| template.section(p));
    }
    None
}

/// The stable place a finding at `offset` is about, for baselines: the path of the innermost
/// section holding it (`cluster x/node y`) and, when it is in an attribute, `#` and the key.
pub fn anchor(template: &Template, offset: usize) -> String {
    let section = innermost_section(template, offset);
    let attributes = section.map_or(&template.top_attributes, |s| &s.attributes);
    let key =
        attributes.iter().chain(template.records.iter().flat_map(|r| &r.attributes)).find(|a| a.span.contains(offset));
    let mut anchor = section.map_or_else(String::new, |s| template.section_path(s.id));
    if let Some(key) = key {
        anchor.push('#');
        anchor.push_str(&key.key.lookup);
    }
    anchor
}

/// Diagnostics in file order; ties by rule name, then message, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (a.span.start, a.rule, &a.message).cmp(&(b.span.start, b.rule, &b.message)));
}

/// UTF-8 text, or an `invalid-encoding` diagnostic for invalid bytes and binary (NUL) files.
pub fn decode(bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(Box::new(
            Diagnostic::new(
                &invalid_encoding::RULE,
                Span::new(nul, nul + 1),
                format!("file holds a NUL byte at offset {nul}: it looks binary"),
            )
            .with_label("NUL byte")
            .with_note("binary files are skipped"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let len = e.error_len().unwrap_or(bytes.len() - at).max(1);
            Err(Box::new(
                Diagnostic::new(
                    &invalid_encoding::RULE,
                    Span::new(at, at + len),
                    format!("file is not valid UTF-8: invalid byte at offset {at}"),
                )
                .with_label("not UTF-8")
                .with_help("save the file as UTF-8")
                .with_note("the file was skipped"),
            ))
        }
    }
}
