//! One file in, diagnostics out: decoding, parsing, rules, then anchors, configured levels and
//! suppressions. No printing here.

use std::path::Path;

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::effective::effective_nodes;
use crate::model::{Attribute, FileKind, Template};
use crate::projects::Projects;
use crate::registry::Registry;
use crate::rules::{self, file_too_large, invalid_encoding, lone_cr_line_endings, Context};
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
    /// Larger inputs get one `file-too-large` diagnostic and are not parsed
    /// ([`crate::fsutil::DEFAULT_MAX_FILE_SIZE`] unless set).
    pub max_file_size: u64,
}

/// Most diagnostics of one rule kept for one file; the rest are counted in the last one's note, so
/// that a pathological file cannot make gigabytes of output.
pub const MAX_FINDINGS_PER_RULE: usize = 1_000;

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
        Linter::with_registry(Registry::builtin())
    }

    pub fn with_registry(registry: Registry) -> Linter {
        Linter { registry, projects: Projects::default(), max_file_size: crate::fsutil::DEFAULT_MAX_FILE_SIZE }
    }

    /// The same linter, knowing these local projects.
    pub fn with_projects(mut self, projects: Projects) -> Linter {
        self.projects = projects;
        self
    }

    /// The result for a file that was not read because it is larger than `limit` bytes: one
    /// `file-too-large` diagnostic (`size` is at least `limit + 1`; see
    /// [`crate::fsutil::too_large_message`]).
    pub fn too_large(&self, path: &str, size: u64, limit: u64, settings: &Settings) -> FileResult {
        let mut diagnostics = vec![too_large(size, limit)];
        apply_levels(settings, &mut diagnostics);
        FileResult { path: path.to_string(), text: String::new(), diagnostics, kind: None }
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
        if bytes.len() as u64 > self.max_file_size {
            return self.too_large(path, bytes.len() as u64, self.max_file_size, settings);
        }
        self.check_bytes_with_limit(path, bytes.to_vec(), settings, self.max_file_size)
    }

    /// The result for a file that is not UTF-8 text: its one `invalid-encoding` diagnostic.
    fn undecodable(&self, path: &str, bytes: &[u8], diagnostic: Diagnostic, settings: &Settings) -> FileResult {
        let mut diagnostics = vec![diagnostic];
        apply_levels(settings, &mut diagnostics);
        FileResult {
            path: path.to_string(),
            text: String::from_utf8_lossy(bytes).into_owned(),
            diagnostics,
            kind: None,
        }
    }

    /// Checks one file given as raw bytes with the levels in `settings` and its own size limit
    /// (from the file's configuration) instead of [`Linter::max_file_size`]. The bytes become
    /// the text without a copy, so a large file is held once.
    pub fn check_bytes_with_limit(&self, path: &str, bytes: Vec<u8>, settings: &Settings, limit: u64) -> FileResult {
        // Spans address at most 4 GB less one byte, whatever limit a library caller sets.
        let limit = limit.min(crate::span::MAX_TEXT_LEN as u64);
        if bytes.len() as u64 > limit {
            return self.too_large(path, bytes.len() as u64, limit, settings);
        }
        if let Err(diagnostic) = check_encoding(&bytes) {
            return self.undecodable(path, &bytes, *diagnostic, settings);
        }
        match String::from_utf8(bytes) {
            Ok(text) => self.check_text_with(path, text, settings),
            Err(e) => {
                let diagnostic = not_utf8(e.utf8_error(), e.as_bytes().len());
                self.undecodable(path, e.as_bytes(), diagnostic, settings)
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
        // What the rules shared (effective nodes, image settings) is not needed from here on.
        drop(ctx);
        drop(nodes);
        if let Some(cr) = first_lone_cr(&text) {
            diagnostics.push(lone_cr_note(cr));
        }
        rules::hardcoded_secret::redact(&text, &mut diagnostics);
        apply_levels(settings, &mut diagnostics);
        suppress::apply(&suppress::find(&parsed.template, &text), settings, &mut diagnostics);
        // "did you mean" renames become unsafe fixes, the suppression rules' included (the
        // replacement is a known name, never a masked secret).
        for d in diagnostics.iter_mut().filter(|d| d.fix.is_none()) {
            d.fix = crate::diagnostic::did_you_mean_fix(&text, d);
        }
        for d in diagnostics.iter_mut().filter(|d| d.anchor.is_none()) {
            d.anchor = Some(anchor(&parsed.template, d.span.start()));
        }
        sort(&mut diagnostics);
        cap_per_rule(&mut diagnostics, MAX_FINDINGS_PER_RULE);
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
    let after = template.sections.partition_point(|s| s.header_span.start() <= offset);
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
    let attributes: &[Attribute] = section.map_or(&template.top_attributes, |s| &s.attributes);
    // Lists in file order, searched by halving: a file with thousands of findings and thousands
    // of attributes (or records) is not searched through once per finding.
    let after = template.records.partition_point(|r| r.span.start() <= offset);
    let record = template.records[..after].last().map_or(&[][..], |r| &r.attributes[..]);
    let key = attribute_at(attributes, offset).or_else(|| attribute_at(record, offset));
    let mut anchor = section.map_or_else(String::new, |s| template.section_path(s.id));
    if let Some(key) = key {
        anchor.push('#');
        anchor.push_str(&key.key.lookup());
    }
    anchor
}

/// The attribute of `list` (in file order) whose span holds `offset`, found by halving.
fn attribute_at(list: &[Attribute], offset: usize) -> Option<&Attribute> {
    let after = list.partition_point(|a| a.span().start() <= offset);
    list[..after].last().filter(|a| a.span().contains(offset))
}

/// Diagnostics in file order; ties by rule name, then message, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (a.span.start(), a.rule, &a.message).cmp(&(b.span.start(), b.rule, &b.message)));
}

/// The one `file-too-large` diagnostic of a file that was not read.
pub fn too_large(size: u64, limit: u64) -> Diagnostic {
    Diagnostic::new(&file_too_large::RULE, Span::at(0), crate::fsutil::too_large_message(size, limit))
        .with_help("set `max-file-size` in `cyclelint.toml` or `--max-file-size` to check larger files")
        .with_note("the file was not read")
}

/// Keeps the first `max` diagnostics of each rule (in file order); the last one kept says how many
/// more there were.
pub fn cap_per_rule(diagnostics: &mut Vec<Diagnostic>, max: usize) {
    let mut counts: std::collections::HashMap<&'static str, usize> = std::collections::HashMap::new();
    for d in diagnostics.iter() {
        *counts.entry(d.rule).or_default() += 1;
    }
    if counts.values().all(|&n| n <= max) {
        return;
    }
    let mut seen: std::collections::HashMap<&'static str, usize> = std::collections::HashMap::new();
    diagnostics.retain_mut(|d| {
        let n = seen.entry(d.rule).or_default();
        *n += 1;
        let total = counts[d.rule];
        if *n == max && total > max {
            let more = total - max;
            let summary = format!(
                "{more} more `{}` {} in this file not shown (at most {max} per rule and file)",
                d.rule,
                if more == 1 { "finding" } else { "findings" }
            );
            d.append_note(summary);
        }
        *n <= max
    });
}

/// The offset of the first `\r` that is not followed by `\n`.
pub fn first_lone_cr(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..].iter().position(|&b| b == b'\r') {
        let at = from + i;
        if bytes.get(at + 1) != Some(&b'\n') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn lone_cr_note(at: usize) -> Diagnostic {
    Diagnostic::new(
        &lone_cr_line_endings::RULE,
        Span::new(at, at + 1),
        "file ends lines with a lone `\\r`: read as line ends, as CycleCloud does".to_string(),
    )
    .with_label("lone carriage return")
    .with_help("save the file with `\\n` line endings: most other tools see one long line")
}

/// UTF-8 text, or an `invalid-encoding` diagnostic for invalid bytes, UTF-16 and binary (NUL) files.
pub fn decode(bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    check_encoding(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(Box::new(not_utf8(e, bytes.len()))),
    }
}

/// The `invalid-encoding` diagnostic for UTF-16 and binary (NUL) files; UTF-8 itself is checked
/// by the caller.
fn check_encoding(bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    if let Some(order) = utf16(bytes) {
        return Err(Box::new(
            Diagnostic::new(
                &invalid_encoding::RULE,
                Span::new(0, 2.min(bytes.len())),
                format!("file is UTF-16 ({order}), not UTF-8"),
            )
            .with_label("UTF-16")
            .with_help("save the file as UTF-8")
            .with_note("the file was skipped"),
        ));
    }
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
    Ok(())
}

/// The `invalid-encoding` diagnostic for the first invalid byte of a `len`-byte file.
fn not_utf8(e: std::str::Utf8Error, len: usize) -> Diagnostic {
    let at = e.valid_up_to();
    let n = e.error_len().unwrap_or(len - at).max(1);
    Diagnostic::new(
        &invalid_encoding::RULE,
        Span::new(at, at + n),
        format!("file is not valid UTF-8: invalid byte at offset {at}"),
    )
    .with_label("not UTF-8")
    .with_help("save the file as UTF-8")
    .with_note("the file was skipped")
}

/// `little-endian` or `big-endian` when `bytes` look like UTF-16: a byte-order mark, or (without
/// one) text whose every other byte is NUL in the first line's worth of ASCII.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("little-endian"),
        [0xFE, 0xFF, ..] => return Some("big-endian"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.chunks_exact(2);
    if pairs.clone().all(|p| p[1] == 0 && p[0] != 0 && p[0].is_ascii()) {
        Some("little-endian")
    } else if pairs.clone().all(|p| p[0] == 0 && p[1] != 0 && p[1].is_ascii()) {
        Some("big-endian")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The anchor of a finding names the attribute whose line holds it, found by halving in a
    /// section's list or in the record holding it; between attributes, only the section.
    #[test]
    fn anchors_name_the_attribute_holding_the_offset() {
        let keys: String = (0..40).map(|i| format!("  Key{i} = {i}\n")).collect();
        let text = format!("[cluster c]\n[[node n]]\n{keys}\n  # a comment\n");
        let template = crate::syntax::parse(&text).template;
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(anchor(&template, at("Key0 ")), "cluster c/node n#key0");
        assert_eq!(anchor(&template, at("= 17") + 3), "cluster c/node n#key17");
        assert_eq!(anchor(&template, at("Key39")), "cluster c/node n#key39");
        assert_eq!(anchor(&template, at("# a comment")), "cluster c/node n");
        let records = "AdType = \"Package\"\nName = \"a\"\n\nAdType = \"Package\"\nName = \"b\"\nVersion = \"1\"\n";
        let template = crate::syntax::parse(records).template;
        assert_eq!(anchor(&template, records.find("\"b\"").unwrap()), "#name");
        assert_eq!(anchor(&template, records.find("Version").unwrap()), "#version");
        assert_eq!(anchor(&template, records.find("\n\n").unwrap() + 1), "");
    }

    #[test]
    fn utf16_is_named() {
        let le: Vec<u8> = "\u{feff}[cluster c]\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "[cluster c]\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(decode(&le).unwrap_err().message.contains("UTF-16 (little-endian)"));
        assert!(decode(&be).unwrap_err().message.contains("UTF-16 (big-endian)"));
        assert!(decode(b"\0\0\0\0").unwrap_err().message.contains("NUL"));
    }

    #[test]
    fn findings_are_capped_per_rule_with_one_note() {
        let d = |rule: &'static crate::rules::Rule, at| Diagnostic::new(rule, Span::at(at), "m".to_string());
        let mut ds: Vec<Diagnostic> = (0..7).map(|i| d(&file_too_large::RULE, i)).collect();
        ds.push(d(&invalid_encoding::RULE, 3));
        cap_per_rule(&mut ds, 5);
        assert_eq!(ds.len(), 6);
        assert_eq!(ds.iter().filter(|d| d.rule == "file-too-large").count(), 5);
        let noted: Vec<_> = ds.iter().filter_map(|d| d.note.as_deref()).collect();
        assert_eq!(noted, ["2 more `file-too-large` findings in this file not shown (at most 5 per rule and file)"]);
    }

    #[test]
    fn lone_cr_is_found_and_crlf_is_not() {
        assert_eq!(first_lone_cr("a\r\nb\n"), None);
        assert_eq!(first_lone_cr("a\r\nb\rc"), Some(4));
        assert_eq!(first_lone_cr("a\r"), Some(1));
    }
}
