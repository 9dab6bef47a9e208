//! One file in, diagnostics out: decoding, parsing, rules. No printing here.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::FileKind;
use crate::registry::Registry;
use crate::rules::{self, invalid_encoding, Context};
use crate::span::Span;
use crate::syntax;

/// Everything a run has loaded once and shares across files (read-only, so files can be
/// checked in parallel).
#[derive(Debug)]
pub struct Linter {
    /// Built-in images plus the records of every `--registry` file.
    pub registry: Registry,
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
        Linter { registry: Registry::builtin() }
    }

    pub fn with_registry(registry: Registry) -> Linter {
        Linter { registry }
    }

    /// Checks one file given as raw bytes.
    pub fn check_bytes(&self, path: &str, bytes: &[u8]) -> FileResult {
        match decode(bytes) {
            Ok(text) => self.check_text(path, text),
            Err(diagnostic) => FileResult {
                path: path.to_string(),
                text: String::from_utf8_lossy(bytes).into_owned(),
                diagnostics: vec![*diagnostic],
                kind: None,
            },
        }
    }

    /// Checks one file given as text.
    pub fn check_text(&self, path: &str, text: String) -> FileResult {
        let parsed = syntax::parse(&text);
        let mut diagnostics = parsed.diagnostics;
        let ctx = Context::new(Path::new(path), &text, &parsed.template, &self.registry);
        rules::run_all(&ctx, &mut diagnostics);
        sort(&mut diagnostics);
        FileResult { path: path.to_string(), text, diagnostics, kind: Some(parsed.template.kind) }
    }
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
