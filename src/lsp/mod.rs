//! `cyclelint lsp`: a Language Server over stdio.
//!
//! A front end like the command line: each open document is linted by the same pipeline as
//! `check` (the nearest `cyclelint.toml`, its registries, [`Linter::check_bytes_with`]), and the
//! diagnostics are converted, never reworded. Everything else the server says comes from the
//! knowledge already in the crate: `src/knowledge/` (attributes, functions, parameter types,
//! section kinds), `effective.rs` and `explain_node.rs` (what `show` prints), the registry.
//!
//! One file per capability: [`documents`] (sync, coalescing, configuration, linting),
//! [`hover`], [`completion`], [`navigation`] (definition, references, rename, highlight),
//! [`symbols`] (outline and folding), [`code_actions`]; [`locate`] finds what is under the
//! cursor; [`transport`] reads and writes framed JSON-RPC and survives malformed messages.
//! Positions in UTF-16 code units exist only here, converted by [`range`], [`position`] and
//! [`offset`] through [`LineIndex`].
//!
//! Adding a capability (as `formatting.rs` was added) is one file: a function
//! `(&mut Server, Params) -> Result`, one line in [`Server::request`] and one field in
//! [`capabilities`].

pub mod code_actions;
pub mod completion;
pub mod documents;
pub mod formatting;
pub mod hover;
pub mod locate;
pub mod navigation;
pub mod symbols;
pub mod transport;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf,
    Position, Range, RenameOptions, SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkDoneProgressOptions,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::span::{LineIndex, Span, Utf16Position};

pub use documents::{to_lsp, Document};

/// How long the server waits for more messages after a change before it lints: changes that
/// arrive together (typing, a paste, a formatter) are linted once, at their last version.
pub const QUIET: Duration = Duration::from_millis(25);

/// Serves one client on stdin and stdout until `exit`. An error means the session did not end
/// with `shutdown` and `exit` (the server should then exit with status 1).
pub fn run() -> Result<(), String> {
    let (incoming, outgoing, writer) = transport::stdio();
    let served = serve(&incoming, &outgoing);
    drop(outgoing);
    // Every message written before the end is flushed; the reader may still wait on stdin.
    let _ = writer.join();
    served
}

/// The whole session: initialization, then messages until `shutdown` and `exit`.
///
/// Changes are coalesced: after a change the server lints only when no message has come for
/// [`QUIET`], or before a request that needs diagnostics, so queued edits are linted once.
pub fn serve(incoming: &Receiver<Message>, outgoing: &Sender<Value>) -> Result<(), String> {
    let mut server: Option<Server> = None;
    let mut shut_down = false;
    loop {
        let pending = server.as_ref().is_some_and(Server::has_pending);
        let message = if pending {
            match incoming.recv_timeout(QUIET) {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    server.as_mut().map(Server::flush);
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match incoming.recv() {
                Ok(message) => message,
                Err(_) => break,
            }
        };
        match message {
            Message::Request(request) => {
                let response = if shut_down {
                    Some(error(request.id, ErrorCode::InvalidRequest, "the server is shut down".to_string()))
                } else if request.method == "shutdown" {
                    shut_down = true;
                    Some(Response::new_ok(request.id, Value::Null))
                } else if let Some(server) = server.as_mut() {
                    server.request(request);
                    None
                } else if request.method == "initialize" {
                    let client: lsp_types::ClientCapabilities =
                        serde_json::from_value(request.params.get("capabilities").cloned().unwrap_or_default())
                            .unwrap_or_default();
                    server = Some(Server::new(outgoing.clone(), &client));
                    let result = serde_json::json!({
                        "capabilities": capabilities(),
                        "serverInfo": { "name": "cyclelint", "version": env!("CARGO_PKG_VERSION") },
                    });
                    Some(Response::new_ok(request.id, result))
                } else {
                    Some(error(request.id, ErrorCode::ServerNotInitialized, "`initialize` first".to_string()))
                };
                if let Some(response) = response {
                    send(outgoing, Message::Response(response));
                }
            }
            Message::Notification(notification) if notification.method == "exit" => {
                return if shut_down { Ok(()) } else { Err("`exit` came before `shutdown`".to_string()) };
            }
            Message::Notification(notification) => {
                if let (Some(server), false) = (server.as_mut(), shut_down) {
                    server.notification(notification);
                }
            }
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
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", "$", "{", "=", " ", "(", ","].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::SOURCE_FIX_ALL]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// An error response.
fn error(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response::new_err(id, code as i32, message)
}

fn send(outgoing: &Sender<Value>, message: Message) {
    // A closed connection ends the session through the receiver; nothing to do here.
    if let Ok(value) = serde_json::to_value(message) {
        let _ = outgoing.send(value);
    }
}

/// The state of one session after `initialize`: the open documents and what they were linted with.
pub struct Server {
    outgoing: Sender<Value>,
    pub(crate) documents: HashMap<Uri, Document>,
    pub(crate) env: documents::Environment,
    /// The client takes snippets in completion items.
    snippets: bool,
    /// The client lets the server register file watchers.
    watch_files: bool,
    next_id: i32,
}

/// A request's answer: its result, or an error code and message.
pub type Answer = Result<Value, (ErrorCode, String)>;

impl Server {
    pub fn new(outgoing: Sender<Value>, client: &lsp_types::ClientCapabilities) -> Server {
        let text = client.text_document.as_ref();
        let snippets = text
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let watch_files = client
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        Server {
            outgoing,
            documents: HashMap::new(),
            env: documents::Environment::new(),
            snippets,
            watch_files,
            next_id: 1,
        }
    }

    pub(crate) fn send(&self, message: Message) {
        send(&self.outgoing, message);
    }

    /// Answers one request. A handler that panics answers with an internal error: a bug in one
    /// feature must not take the editor's linter down.
    pub fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let answer = catch_unwind(AssertUnwindSafe(|| self.answer(request))).unwrap_or_else(|_| {
            eprintln!("cyclelint lsp: a request handler panicked; please report it");
            Err((ErrorCode::InternalError, "internal error in cyclelint".to_string()))
        });
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => error(id, code, message),
        };
        self.send(Message::Response(response));
    }

    fn answer(&mut self, request: Request) -> Answer {
        let params = request.params;
        match request.method.as_str() {
            "textDocument/hover" => hover::hover(self, parse(params)?),
            "textDocument/completion" => completion::completion(self, parse(params)?),
            "textDocument/definition" => navigation::definition(self, parse(params)?),
            "textDocument/references" => navigation::references(self, parse(params)?),
            "textDocument/documentHighlight" => navigation::highlight(self, parse(params)?),
            "textDocument/prepareRename" => navigation::prepare_rename(self, parse(params)?),
            "textDocument/rename" => navigation::rename(self, parse(params)?),
            "textDocument/documentSymbol" => symbols::document_symbols(self, parse(params)?),
            "textDocument/foldingRange" => symbols::folding_ranges(self, parse(params)?),
            "textDocument/codeAction" => code_actions::code_actions(self, parse(params)?),
            "textDocument/formatting" => formatting::formatting(self, parse(params)?),
            method => Err((ErrorCode::MethodNotFound, format!("unknown request `{method}`"))),
        }
    }

    /// Handles one notification; one with invalid params is logged and ignored.
    pub fn notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let handled = catch_unwind(AssertUnwindSafe(|| self.notify(notification)));
        match handled {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("cyclelint lsp: ignoring `{method}` with invalid params: {e}"),
            Err(_) => eprintln!("cyclelint lsp: handling `{method}` panicked; please report it"),
        }
    }

    fn notify(&mut self, notification: Notification) -> Result<(), serde_json::Error> {
        let params = notification.params;
        match notification.method.as_str() {
            "initialized" => {
                self.register_watchers();
                Ok(())
            }
            "textDocument/didOpen" => serde_json::from_value(params).map(|p| self.did_open(p)),
            "textDocument/didChange" => serde_json::from_value(params).map(|p| self.did_change(p)),
            "textDocument/didSave" => serde_json::from_value(params).map(|p| self.did_save(p)),
            "textDocument/didClose" => serde_json::from_value(params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => serde_json::from_value(params).map(|p| self.watched_files_changed(p)),
            // `$/cancelRequest`, settings and the rest need no answer.
            _ => Ok(()),
        }
    }

    /// Asks the client to report changes to configurations and registries.
    fn register_watchers(&mut self) {
        if !self.watch_files {
            return;
        }
        let watchers: Vec<Value> = ["**/cyclelint.toml", "**/.cyclelint.toml", "**/*.{txt,json}"]
            .iter()
            .map(|glob| serde_json::json!({ "globPattern": glob }))
            .collect();
        let params = serde_json::json!({ "registrations": [{
            "id": "cyclelint-watched-files",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": { "watchers": watchers },
        }] });
        let id = self.next_id;
        self.next_id += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(format!("cyclelint-{id}")),
            "client/registerCapability".to_string(),
            params,
        )));
    }

    /// The open document at `uri`, or an error answer.
    pub(crate) fn document(&self, uri: &Uri) -> Result<&Document, (ErrorCode, String)> {
        self.documents.get(uri).ok_or_else(|| (ErrorCode::InvalidParams, format!("`{}` is not open", uri.as_str())))
    }
}

/// The params of a request, or an `InvalidParams` answer.
fn parse<P: DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))
}

/// A result as JSON (`null` for `None`).
pub(crate) fn json<T: serde::Serialize>(result: T) -> Answer {
    serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// A byte span as an LSP range (UTF-16 columns).
pub fn range(index: &LineIndex, text: &str, span: Span) -> Range {
    Range { start: position(index, text, span.start()), end: position(index, text, span.end()) }
}

pub fn position(index: &LineIndex, text: &str, offset: usize) -> Position {
    let at = index.utf16_position(text, offset);
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position { line: clamp(at.line), character: clamp(at.character) }
}

pub fn offset(index: &LineIndex, text: &str, position: Position) -> usize {
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
    use crate::lint::Linter;
    use lsp_types::{DiagnosticSeverity, NumberOrString};

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

    /// Every request at every position of half-typed, broken and multibyte text: answered, never
    /// an internal error (a handler that panicked).
    #[test]
    fn every_request_everywhere_on_broken_text() {
        let texts = [
            "[cluster é]\n  [[node 😀]]\n  Extends = \"a\", 😀\n  MachineType = ${ifThenElse($\n  X := a +\n[[[\n",
            "[parameters P]\n[[[parameter X]]]\nDefaultValue = '''\nunterminated\n  Ima\n  = \n[[\n$\n${\n",
            "AdType = Package\nName = x\n\n; é\n[[nodearray a\nExtends = a\nImageName = $ẞ\n",
        ];
        let (sender, receiver) = crossbeam_channel::unbounded();
        let mut server = Server::new(sender, &lsp_types::ClientCapabilities::default());
        for (n, text) in texts.iter().enumerate() {
            let uri = format!("untitled:t{n}");
            let open = serde_json::json!({ "textDocument": { "uri": uri, "languageId": "cyclecloud-template",
                "version": 1, "text": text } });
            server.notification(Notification::new("textDocument/didOpen".into(), open));
            server.flush();
            let index = LineIndex::new(text);
            for offset in 0..=text.len() {
                let at = position(&index, text, offset);
                let doc = serde_json::json!({ "uri": uri });
                let point = serde_json::json!({ "textDocument": doc, "position": at });
                let range = serde_json::json!({ "start": at, "end": at });
                for (method, params) in [
                    ("textDocument/hover", point.clone()),
                    ("textDocument/completion", point.clone()),
                    ("textDocument/definition", point.clone()),
                    ("textDocument/documentHighlight", point.clone()),
                    ("textDocument/prepareRename", point.clone()),
                    (
                        "textDocument/references",
                        serde_json::json!({ "textDocument": doc, "position": at,
                        "context": { "includeDeclaration": true } }),
                    ),
                    ("textDocument/rename", serde_json::json!({ "textDocument": doc, "position": at, "newName": "Y" })),
                    (
                        "textDocument/codeAction",
                        serde_json::json!({ "textDocument": doc, "range": range,
                        "context": { "diagnostics": [] } }),
                    ),
                ] {
                    server.request(Request::new(RequestId::from(1), method.into(), params));
                }
            }
            for method in ["textDocument/documentSymbol", "textDocument/foldingRange"] {
                let params = serde_json::json!({ "textDocument": { "uri": uri } });
                server.request(Request::new(RequestId::from(1), method.into(), params));
            }
        }
        let mut answers = 0;
        for message in receiver.try_iter() {
            assert_ne!(message["error"]["code"], ErrorCode::InternalError as i32, "{message}");
            answers += 1;
        }
        assert!(answers > 1000, "{answers}");
    }
}
