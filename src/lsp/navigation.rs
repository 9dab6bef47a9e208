//! Definition, references, document highlight and rename, for parameters (`$X`, `${…X…}`, `:=`
//! names, `@X` ↔ `[[[parameter X]]]`) and nodes (`Extends` names ↔ `[[node X]]`, within a cluster).

use std::collections::HashMap;

use lsp_server::ErrorCode;
use lsp_types::{
    DocumentHighlight, DocumentHighlightKind, DocumentHighlightParams, GotoDefinitionParams, GotoDefinitionResponse,
    Location, PrepareRenameResponse, ReferenceParams, RenameParams, TextDocumentPositionParams, TextEdit,
    WorkspaceEdit,
};
use serde_json::Value;

use super::locate::{locate, node_occurrences, parameter_occurrences, Target};
use super::{json, Answer, Document, Server};
use crate::rules::references::is_identifier;
use crate::span::Span;

/// The symbol under the cursor and every place that names it (the definition flagged `true`).
struct Symbol {
    span: Span,
    occurrences: Vec<(Span, bool)>,
    /// `parameter` or `node`.
    what: &'static str,
    name: String,
}

fn symbol(document: &Document, offset: usize) -> Option<Symbol> {
    let template = document.model();
    match locate(template, &document.text, offset)? {
        Target::Parameter { name, span } => {
            let occurrences = parameter_occurrences(template, &name);
            Some(Symbol { span, occurrences, what: "parameter", name })
        }
        Target::Node { name, span, cluster } => {
            let occurrences = node_occurrences(template, &document.text, cluster, &name);
            Some(Symbol { span, occurrences, what: "node", name })
        }
        _ => None,
    }
}

fn at<'s>(
    server: &'s Server,
    at: &TextDocumentPositionParams,
) -> Result<(&'s Document, Option<Symbol>), (ErrorCode, String)> {
    let document = server.document(&at.text_document.uri)?;
    let offset = document.offset(at.position);
    Ok((document, symbol(document, offset)))
}

pub fn definition(server: &mut Server, params: GotoDefinitionParams) -> Answer {
    let position = &params.text_document_position_params;
    let (document, symbol) = at(server, position)?;
    let definition = symbol.and_then(|s| s.occurrences.into_iter().find(|(_, d)| *d));
    match definition {
        Some((span, _)) => json(GotoDefinitionResponse::Scalar(Location {
            uri: position.text_document.uri.clone(),
            range: document.range(span),
        })),
        None => Ok(Value::Null),
    }
}

pub fn references(server: &mut Server, params: ReferenceParams) -> Answer {
    let position = &params.text_document_position;
    let (document, symbol) = at(server, position)?;
    let Some(symbol) = symbol else {
        return Ok(Value::Null);
    };
    let locations: Vec<Location> = symbol
        .occurrences
        .into_iter()
        .filter(|(_, definition)| params.context.include_declaration || !definition)
        .map(|(span, _)| Location { uri: position.text_document.uri.clone(), range: document.range(span) })
        .collect();
    json(locations)
}

pub fn highlight(server: &mut Server, params: DocumentHighlightParams) -> Answer {
    let (document, symbol) = at(server, &params.text_document_position_params)?;
    let Some(symbol) = symbol else {
        return Ok(Value::Null);
    };
    let highlights: Vec<DocumentHighlight> = symbol
        .occurrences
        .into_iter()
        .map(|(span, definition)| DocumentHighlight {
            range: document.range(span),
            kind: Some(if definition { DocumentHighlightKind::WRITE } else { DocumentHighlightKind::READ }),
        })
        .collect();
    json(highlights)
}

/// Why the symbol at the cursor cannot be renamed, if it cannot.
fn refusal(symbol: &Option<Symbol>) -> Option<String> {
    let Some(symbol) = symbol else {
        return Some("only a parameter or a node can be renamed".to_string());
    };
    if !symbol.occurrences.iter().any(|(_, definition)| *definition) {
        return Some(format!("`{}` is not defined in this file", symbol.name));
    }
    if symbol.what == "node" && symbol.name.eq_ignore_ascii_case("defaults") {
        return Some("`defaults` is a reserved node name".to_string());
    }
    None
}

pub fn prepare_rename(server: &mut Server, params: TextDocumentPositionParams) -> Answer {
    let (document, symbol) = at(server, &params)?;
    if let Some(why) = refusal(&symbol) {
        return Err((ErrorCode::RequestFailed, why));
    }
    let symbol = symbol.expect("refusal checked it");
    json(PrepareRenameResponse::RangeWithPlaceholder { range: document.range(symbol.span), placeholder: symbol.name })
}

pub fn rename(server: &mut Server, params: RenameParams) -> Answer {
    let position = &params.text_document_position;
    let (document, symbol) = at(server, position)?;
    if let Some(why) = refusal(&symbol) {
        return Err((ErrorCode::RequestFailed, why));
    }
    let symbol = symbol.expect("refusal checked it");
    let new_name = params.new_name.trim();
    let valid = match symbol.what {
        "parameter" => is_identifier(new_name),
        _ => {
            !new_name.is_empty() && new_name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        }
    };
    if !valid {
        return Err((ErrorCode::InvalidParams, format!("`{new_name}` is not a valid {} name", symbol.what)));
    }
    let edits: Vec<TextEdit> = symbol
        .occurrences
        .into_iter()
        .map(|(span, _)| TextEdit { range: document.range(span), new_text: new_name.to_string() })
        .collect();
    json(WorkspaceEdit {
        changes: Some(HashMap::from([(position.text_document.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    })
}
