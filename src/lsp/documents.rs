//! Open documents: full sync, coalesced linting, the configuration and registries of each file,
//! and re-linting when a configuration or registry changes on disk.
//!
//! A change only stores the text and marks the document pending; [`Server::flush`] lints the
//! pending documents, at their newest version, when the client has been quiet for
//! [`super::QUIET`] or before a request that needs diagnostics.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use lsp_server::{Message, Notification};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    Location, MessageType, NumberOrString, PublishDiagnosticsParams, ShowMessageParams, Uri,
};

use super::{file_path, offset, range, Server};
use crate::config::{self, Config, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::looks_like_template;
use crate::lint::Linter;
use crate::model::Template;
use crate::registry::{self, Registry};
use crate::report::sarif::help_uri;
use crate::span::LineIndex;

/// An open document and what it was last linted to.
pub struct Document {
    pub text: String,
    pub version: i32,
    /// `plaintext` when the client sends every text file (a generic client): those are linted
    /// only when they look like templates, as `check` does with the `.txt` files it finds.
    pub plain_text: bool,
    pub index: LineIndex,
    /// The diagnostics of the last lint (of `linted_version`).
    pub diagnostics: Vec<Diagnostic>,
    /// Changed since the last lint.
    pub pending: bool,
    /// The linter (built-in images plus configured registries) the document was linted with.
    pub linter: Arc<Linter>,
    /// The model of `text`, parsed on first use after a change.
    model: OnceCell<Template>,
}

impl Document {
    pub(crate) fn new(text: String, version: i32, plain_text: bool, linter: Arc<Linter>) -> Document {
        let index = LineIndex::new(&text);
        Document {
            text,
            version,
            plain_text,
            index,
            diagnostics: Vec::new(),
            pending: true,
            linter,
            model: OnceCell::new(),
        }
    }

    fn set_text(&mut self, text: String) {
        self.index = LineIndex::new(&text);
        self.text = text;
        self.model = OnceCell::new();
        self.pending = true;
    }

    /// The parsed model of the current text (half-typed text parses too: one bad line is one
    /// diagnostic).
    pub fn model(&self) -> &Template {
        self.model.get_or_init(|| crate::syntax::parse(&self.text).template)
    }

    /// The byte offset of an LSP position.
    pub fn offset(&self, position: lsp_types::Position) -> usize {
        offset(&self.index, &self.text, position)
    }

    pub fn range(&self, span: crate::span::Span) -> lsp_types::Range {
        range(&self.index, &self.text, span)
    }

    /// The text of the line holding `offset`, from its start to `offset`.
    pub fn line_before(&self, offset: usize) -> &str {
        let start = self.index.line_start(self.index.line_of(offset));
        &self.text[start..offset]
    }

    /// The text of the line holding `offset`, from `offset` to its end (without the line break).
    pub fn line_after(&self, offset: usize) -> &str {
        let line = self.index.line_of(offset);
        let end = if line + 1 < self.index.line_count() { self.index.line_start(line + 1) } else { self.text.len() };
        self.text[offset..end].trim_end_matches(['\n', '\r'])
    }
}

/// A configuration file as last read, re-read when its modification time changes.
struct CachedConfig {
    modified: Option<SystemTime>,
    /// `None` when it cannot be used (the error was shown).
    config: Option<Arc<Config>>,
}

/// What documents are linted with: configurations, and one linter per list of registries.
pub struct Environment {
    configs: HashMap<PathBuf, CachedConfig>,
    linters: HashMap<Vec<PathBuf>, Arc<Linter>>,
    builtin: Arc<Linter>,
    /// Errors already shown, so that typing does not repeat them.
    shown: HashSet<String>,
}

impl Environment {
    pub fn new() -> Environment {
        Environment {
            configs: HashMap::new(),
            linters: HashMap::new(),
            builtin: Arc::new(Linter::new()),
            shown: HashSet::new(),
        }
    }
}

impl Default for Environment {
    fn default() -> Self {
        Environment::new()
    }
}

impl Server {
    pub(crate) fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let plain_text = document.language_id == "plaintext";
        let linter = self.env.builtin.clone();
        self.documents.insert(document.uri, Document::new(document.text, document.version, plain_text, linter));
    }

    pub(crate) fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let Some(document) = self.documents.get_mut(&params.text_document.uri) else {
            return;
        };
        for change in params.content_changes {
            match change.range {
                // Ranged changes are not asked for, but cost little to honour.
                Some(range) => {
                    let start = document.offset(range.start);
                    let end = document.offset(range.end);
                    let mut text = std::mem::take(&mut document.text);
                    text.replace_range(start.min(end)..end.max(start), &change.text);
                    document.set_text(text);
                }
                None => document.set_text(change.text),
            }
        }
        document.version = params.text_document.version;
        document.pending = true;
    }

    pub(crate) fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        if let Some(document) = self.documents.get_mut(&params.text_document.uri) {
            match params.text {
                Some(text) if text != document.text => document.set_text(text),
                // Saving re-reads the configuration: lint again.
                _ => document.pending = true,
            }
        }
    }

    pub(crate) fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.remove(&uri);
        self.publish(PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None });
    }

    /// A configuration or registry changed on disk: forget what was loaded from it and lint
    /// every open document again. Other files (templates) change nothing.
    pub(crate) fn watched_files_changed(&mut self, params: DidChangeWatchedFilesParams) {
        let changed: Vec<PathBuf> = params.changes.iter().filter_map(|c| file_path(&c.uri)).collect();
        let is_config = |p: &PathBuf| p.file_name().is_some_and(|n| n == "cyclelint.toml" || n == ".cyclelint.toml");
        let mut relint = false;
        if changed.iter().any(is_config) {
            self.env.configs.clear();
            relint = true;
        }
        let stale: Vec<Vec<PathBuf>> = self
            .env
            .linters
            .keys()
            .filter(|paths| paths.iter().any(|r| changed.iter().any(|c| c.starts_with(r) || c == r)))
            .cloned()
            .collect();
        for paths in stale {
            self.env.linters.remove(&paths);
            relint = true;
        }
        if relint {
            self.env.shown.clear();
            for document in self.documents.values_mut() {
                document.pending = true;
            }
        }
    }

    /// True when a document changed since it was last linted.
    pub fn has_pending(&self) -> bool {
        self.documents.values().any(|d| d.pending)
    }

    /// Lints every pending document at its newest version and publishes the diagnostics.
    pub fn flush(&mut self) {
        let pending: Vec<Uri> = self.documents.iter().filter(|(_, d)| d.pending).map(|(u, _)| u.clone()).collect();
        for uri in pending {
            self.lint(&uri);
        }
    }

    /// Lints `uri` now if it changed since it was last linted.
    pub(crate) fn flush_one(&mut self, uri: &Uri) {
        if self.documents.get(uri).is_some_and(|d| d.pending) {
            self.lint(uri);
        }
    }

    /// Lints an open document as `check` would the file at its path, and publishes the result.
    /// A document that is not a file (unsaved, untitled) is linted with the defaults.
    fn lint(&mut self, uri: &Uri) {
        if !self.documents.contains_key(uri) {
            return;
        }
        let path = file_path(uri);
        let config = path.as_deref().and_then(|p| self.config_for(p));
        let linter = self.linter_for(config.as_deref());
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        document.pending = false;
        document.linter = linter.clone();
        let excluded = matches!((&config, &path), (Some(c), Some(p)) if c.is_excluded(p))
            || (document.plain_text && !looks_like_template(&document.text));
        document.diagnostics = if excluded {
            Vec::new()
        } else {
            let settings = match (&config, &path) {
                (Some(c), Some(p)) => c.settings_for(p),
                _ => Settings::default(),
            };
            let shown = path.as_ref().map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string());
            // A bug in a rule must not take the editor's linter down with it.
            let bytes = document.text.as_bytes();
            match catch_unwind(AssertUnwindSafe(|| linter.check_bytes_with(&shown, bytes, &settings))) {
                Ok(result) => result.diagnostics,
                Err(_) => {
                    eprintln!("cyclelint lsp: linting `{shown}` panicked; please report it");
                    Vec::new()
                }
            }
        };
        let diagnostics =
            document.diagnostics.iter().map(|d| to_lsp(uri, &document.text, &document.index, d)).collect();
        let version = Some(document.version);
        self.publish(PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version });
    }

    fn publish(&self, params: PublishDiagnosticsParams) {
        self.send(Message::Notification(Notification::new("textDocument/publishDiagnostics".to_string(), params)));
    }

    /// Shows an error once (until a watched file changes).
    fn show_error(&mut self, message: String) {
        if self.env.shown.insert(message.clone()) {
            eprintln!("cyclelint lsp: {message}");
            let params = ShowMessageParams { typ: MessageType::ERROR, message };
            self.send(Message::Notification(Notification::new("window/showMessage".to_string(), params)));
        }
    }

    /// The `[format]` options of the configuration that applies to `uri` (the defaults for a
    /// document that is not a file, or a file without configuration).
    pub(crate) fn format_options(&mut self, uri: &Uri) -> crate::format::FormatOptions {
        let config = file_path(uri).and_then(|p| self.config_for(&p));
        config.map(|c| c.format).unwrap_or_default()
    }

    /// The nearest `cyclelint.toml` or `.cyclelint.toml` above `file`, as `check` finds it.
    fn config_for(&mut self, file: &Path) -> Option<Arc<Config>> {
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let path = config::find(dir)?;
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        if let Some(cached) = self.env.configs.get(&path).filter(|c| c.modified == modified) {
            return cached.config.clone();
        }
        let config = match Config::load(&path) {
            Ok(config) => Some(Arc::new(config)),
            Err(e) => {
                self.show_error(format!("cannot use configuration `{}`: {e}", path.display()));
                None
            }
        };
        self.env.configs.insert(path, CachedConfig { modified, config: config.clone() });
        config
    }

    /// The linter with the built-in images and the registries of `config`.
    fn linter_for(&mut self, config: Option<&Config>) -> Arc<Linter> {
        let paths = config.map(|c| c.registry.clone()).unwrap_or_default();
        if paths.is_empty() {
            return self.env.builtin.clone();
        }
        if let Some(linter) = self.env.linters.get(&paths) {
            return linter.clone();
        }
        let mut registry = Registry::builtin();
        let (_, errors) = registry::load::load(&paths, &mut registry);
        for e in errors {
            self.show_error(format!("cannot use registry `{}`: {}", e.path.display(), e.message));
        }
        let linter = Arc::new(Linter::with_registry(registry));
        self.env.linters.insert(paths, linter.clone());
        linter
    }
}

/// One diagnostic for the client: UTF-16 range, rule as code with its documentation, help and
/// note on lines of their own (as in the GitHub and Azure outputs), secondary labels as related
/// information.
pub fn to_lsp(uri: &Uri, text: &str, index: &LineIndex, d: &Diagnostic) -> lsp_types::Diagnostic {
    let message = d.full_text();
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: range(index, text, label.span) },
            message: label.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(index, text, d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: help_uri(d.rule).parse().ok().map(|href| CodeDescription { href }),
        source: Some("cyclelint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}
