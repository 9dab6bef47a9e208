//! `cyclelint lsp`: a Language Server over stdio.
//!
//! A front end like the command line: each open document is linted by the same pipeline as
//! `check` (the nearest `cyclelint.toml`, its registries, [`Linter::check_bytes_with`]) on every
//! open, change and save, and the diagnostics are converted, never reworded. Positions in UTF-16
//! code units exist only here (through [`LineIndex::utf16_position`]). Documents are synced in
//! full; diagnostics with a fix offer it as a quick fix. Documents the client calls `plaintext`
//! are linted only when they look like templates.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability,
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, Location, MessageType,
    NumberOrString, Position, PublishDiagnosticsParams, Range, SaveOptions, ServerCapabilities, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit,
    Uri, WorkspaceEdit,
};

use crate::config::{self, Config, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::looks_like_template;
use crate::lint::Linter;
use crate::registry::{self, Registry};
use crate::report::sarif::help_uri;
use crate::span::{LineIndex, Span, Utf16Position};

/// Serves one client on stdin and stdout until `exit`. An error means the session did not end
/// with `shutdown` and `exit` (the server should then exit with status 1).
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    // Every way `serve` returns leaves the reader finished (exit, end of input, unreadable input);
    // an unreadable message says more than the session's end it caused.
    let joined = io_threads.join().map_err(|e| format!("cannot read the client's messages: {e}"));
    joined.and(served)
}

/// The whole session on `connection`: initialization, then messages until `shutdown` and `exit`.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, _params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let initialize = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "cyclelint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, initialize).map_err(|e| e.to_string())?;
    let mut server = Server::new(connection);
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).map_err(|e| e.to_string())? {
                    return Ok(());
                }
                server.request(request);
            }
            Message::Notification(notification) if notification.method == "exit" => {
                return Err("`exit` came before `shutdown`".to_string());
            }
            Message::Notification(notification) => server.notification(notification),
            Message::Response(_) => {}
        }
    }
    Err("the client closed the connection before `shutdown`".to_string())
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(true) })),
            ..TextDocumentSyncOptions::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// An open document and what it was last linted to.
struct Document {
    text: String,
    version: i32,
    /// `plaintext` when the client sends every text file (a generic client): those are linted
    /// only when they look like templates, as `check` does with the `.txt` files it finds.
    plain_text: bool,
    index: LineIndex,
    diagnostics: Vec<Diagnostic>,
}

/// A configuration file as last read, re-read when its modification time changes.
struct CachedConfig {
    modified: Option<SystemTime>,
    /// `None` when it cannot be used (the error was shown).
    config: Option<Arc<Config>>,
}

struct Server<'a> {
    connection: &'a Connection,
    documents: HashMap<Uri, Document>,
    configs: HashMap<PathBuf, CachedConfig>,
    /// One linter per list of registries, each loaded once.
    linters: HashMap<Vec<PathBuf>, Arc<Linter>>,
    builtin: Arc<Linter>,
    /// Errors already shown, so that typing does not repeat them.
    shown: HashSet<String>,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection) -> Server<'a> {
        Server {
            connection,
            documents: HashMap::new(),
            configs: HashMap::new(),
            linters: HashMap::new(),
            builtin: Arc::new(Linter::new()),
            shown: HashSet::new(),
        }
    }

    fn send(&self, message: Message) {
        // A closed connection ends the session through the receiver; nothing to do here.
        let _ = self.connection.sender.send(message);
    }

    fn request(&mut self, request: Request) {
        let response = match request.method.as_str() {
            CodeActionRequest::METHOD => match serde_json::from_value::<CodeActionParams>(request.params) {
                Ok(params) => Response::new_ok(request.id, self.code_actions(&params)),
                Err(e) => {
                    Response::new_err(request.id, ErrorCode::InvalidParams as i32, format!("invalid params: {e}"))
                }
            },
            method => {
                Response::new_err(request.id, ErrorCode::MethodNotFound as i32, format!("unknown request `{method}`"))
            }
        };
        self.send(response.into());
    }

    fn notification(&mut self, notification: Notification) {
        let method = notification.method.as_str();
        let params = notification.params;
        let result = match method {
            DidOpenTextDocument::METHOD => serde_json::from_value(params).map(|p| self.did_open(p)),
            DidChangeTextDocument::METHOD => serde_json::from_value(params).map(|p| self.did_change(p)),
            DidSaveTextDocument::METHOD => serde_json::from_value(params).map(|p| self.did_save(p)),
            DidCloseTextDocument::METHOD => serde_json::from_value(params).map(|p| self.did_close(p)),
            // `initialized`, `$/cancelRequest`, settings and the rest need no answer.
            _ => Ok(()),
        };
        if let Err(e) = result {
            eprintln!("cyclelint lsp: ignoring `{method}` with invalid params: {e}");
        }
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let index = LineIndex::new(&document.text);
        self.documents.insert(
            document.uri.clone(),
            Document {
                text: document.text,
                version: document.version,
                plain_text: document.language_id == "plaintext",
                index,
                diagnostics: Vec::new(),
            },
        );
        self.lint(&document.uri);
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        for change in params.content_changes {
            match change.range {
                // Ranged changes are not asked for, but cost little to honour.
                Some(range) => {
                    let start = offset(&document.index, &document.text, range.start);
                    let end = offset(&document.index, &document.text, range.end);
                    document.text.replace_range(start.min(end)..end.max(start), &change.text);
                }
                None => document.text = change.text,
            }
            document.index = LineIndex::new(&document.text);
        }
        document.version = params.text_document.version;
        self.lint(&uri);
    }

    fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if let (Some(document), Some(text)) = (self.documents.get_mut(&uri), params.text) {
            document.index = LineIndex::new(&text);
            document.text = text;
        }
        self.lint(&uri);
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.remove(&uri);
        self.publish(PublishDiagnosticsParams { uri, diagnostics: Vec::new(), version: None });
    }

    /// Lints an open document as `check` would the file at its path, and publishes the result.
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
        self.send(Notification::new(PublishDiagnostics::METHOD.to_string(), params).into());
    }

    /// Shows an error once per session.
    fn show_error(&mut self, message: String) {
        if self.shown.insert(message.clone()) {
            eprintln!("cyclelint lsp: {message}");
            let params = ShowMessageParams { typ: MessageType::ERROR, message };
            self.send(Notification::new(ShowMessage::METHOD.to_string(), params).into());
        }
    }

    /// The nearest `cyclelint.toml` or `.cyclelint.toml` above `file`, as `check` finds it.
    fn config_for(&mut self, file: &Path) -> Option<Arc<Config>> {
        let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let path = config::find(dir)?;
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        if let Some(cached) = self.configs.get(&path).filter(|c| c.modified == modified) {
            return cached.config.clone();
        }
        let config = match Config::load(&path) {
            Ok(config) => Some(Arc::new(config)),
            Err(e) => {
                self.show_error(format!("cannot use configuration `{}`: {e}", path.display()));
                None
            }
        };
        self.configs.insert(path, CachedConfig { modified, config: config.clone() });
        config
    }

    /// The linter with the built-in images and the registries of `config`.
    fn linter_for(&mut self, config: Option<&Config>) -> Arc<Linter> {
        let paths = config.map(|c| c.registry.clone()).unwrap_or_default();
        if paths.is_empty() {
            return self.builtin.clone();
        }
        if let Some(linter) = self.linters.get(&paths) {
            return linter.clone();
        }
        let mut registry = Registry::builtin();
        let (_, errors) = registry::load::load(&paths, &mut registry);
        for e in errors {
            self.show_error(format!("cannot use registry `{}`: {}", e.path.display(), e.message));
        }
        let linter = Arc::new(Linter::with_registry(registry));
        self.linters.insert(paths, linter.clone());
        linter
    }

    /// A quick fix for each diagnostic with a fix that touches the requested range.
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        let wanted = params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|kind| {
                let kind = kind.as_str();
                kind.is_empty() || kind == "quickfix" || "quickfix".starts_with(&format!("{kind}."))
            })
        });
        if !wanted {
            return Vec::new();
        }
        let requested = params.range;
        let mut actions = Vec::new();
        for d in &document.diagnostics {
            let Some(fix) = &d.fix else {
                continue;
            };
            let diagnostic = to_lsp(uri, &document.text, &document.index, d);
            let touches = diagnostic.range.start <= requested.end && requested.start <= diagnostic.range.end;
            if !touches {
                continue;
            }
            let edit =
                TextEdit { range: range(&document.index, &document.text, fix.span), new_text: fix.replacement.clone() };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                // The same title as SARIF's fix description.
                title: d.help.clone().unwrap_or_else(|| d.message.clone()),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        actions
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

/// A byte span as an LSP range (UTF-16 columns).
pub fn range(index: &LineIndex, text: &str, span: Span) -> Range {
    Range { start: position(index, text, span.start), end: position(index, text, span.end) }
}

fn position(index: &LineIndex, text: &str, offset: usize) -> Position {
    let at = index.utf16_position(text, offset);
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position { line: clamp(at.line), character: clamp(at.character) }
}

fn offset(index: &LineIndex, text: &str, position: Position) -> usize {
    let at = Utf16Position { line: position.line as usize, character: position.character as usize };
    index.utf16_offset(text, at)
}

/// The local path of a `file:` URI; `None` for other schemes and remote hosts.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let scheme = text.get(..7)?;
    if !scheme.eq_ignore_ascii_case("file://") {
        return None;
    }
    let rest = &text[7..];
    let slash = rest.find('/')?;
    let (host, path) = rest.split_at(slash);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let path = percent_decode(path)?;
    if cfg!(windows) {
        // `file:///C:/x` is `C:/x`; `file://server/share/x` is `\\server\share\x`.
        if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
            return Some(PathBuf::from(format!("\\\\{host}{}", path.replace('/', "\\"))));
        }
        let bytes = path.as_bytes();
        if bytes.len() >= 3 && bytes[0] == b'/' && bytes[1].is_ascii_alphabetic() && bytes[2] == b':' {
            return Some(PathBuf::from(&path[1..]));
        }
        return Some(PathBuf::from(path));
    }
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    Some(PathBuf::from(path))
}

/// `%XX` escapes decoded; `None` for a broken escape or a result that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().expect("a valid URI")
    }

    #[test]
    #[cfg(not(windows))]
    fn file_uris_become_paths() {
        assert_eq!(file_path(&uri("file:///home/a%20b/c.txt")), Some(PathBuf::from("/home/a b/c.txt")));
        assert_eq!(file_path(&uri("file://localhost/x%C3%A9.txt")), Some(PathBuf::from("/xé.txt")));
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(file_path(&uri("file://server/share/x.txt")), None);
    }

    #[test]
    fn diagnostics_convert_without_rewording() {
        let text = "[cluster é]\n  ; é comment\n".to_string();
        let result = Linter::new().check_text("x.txt", text.clone());
        let d = result.diagnostics.iter().find(|d| d.rule == "syntax-error").expect("a syntax error");
        let index = LineIndex::new(&text);
        let converted = to_lsp(&uri("file:///x.txt"), &text, &index, d);
        assert_eq!(converted.range.start, Position { line: 1, character: 2 });
        assert_eq!(converted.code, Some(NumberOrString::String("syntax-error".to_string())));
        assert_eq!(converted.severity, Some(DiagnosticSeverity::ERROR));
        assert!(converted.message.starts_with(&d.message));
        assert!(converted.message.contains("\nhelp: use `#` for comments"));
        let href = converted.code_description.expect("a link").href;
        assert!(href.as_str().ends_with("docs/rules.md#syntax-error"));
    }
}
