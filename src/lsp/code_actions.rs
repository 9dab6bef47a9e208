//! `textDocument/codeAction`:
//!
//! - a quick fix for each diagnostic with a fix (safe ones preferred, unsafe ones offered too;
//!   every "did you mean `x`?" carries one, attached by `lint` with
//!   [`crate::diagnostic::did_you_mean_fix`]);
//! - `missing-image-os`: add `ImageOS = linux` or `ImageOS = windows` to the node;
//! - a suppression comment for a finding under the cursor, with a `-- reason` to fill in;
//! - `source.fixAll`: every safe fix of the file at once (overlapping ones skipped).

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Uri, WorkspaceEdit};

use super::locate::touches;
use super::{json, to_lsp, Answer, Document, Server};
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::span::Span;

pub fn code_actions(server: &mut Server, params: CodeActionParams) -> Answer {
    let uri = params.text_document.uri.clone();
    // The fixes offered must be those of the current text.
    server.flush_one(&uri);
    let document = server.document(&uri)?;
    let wants = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                let k = k.as_str();
                k.is_empty() || kind.as_str() == k || kind.as_str().starts_with(&format!("{k}."))
            })
        })
    };
    let start = document.offset(params.range.start);
    let end = document.offset(params.range.end);
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for d in document.diagnostics.iter().filter(|d| d.span.start() <= end && start <= d.span.end()) {
            quick_fixes(document, &uri, d, &mut actions);
        }
    }
    if wants(&CodeActionKind::SOURCE_FIX_ALL) {
        if let Some(action) = fix_all(document, &uri) {
            actions.push(action);
        }
    }
    json(actions.into_iter().map(CodeActionOrCommand::CodeAction).collect::<Vec<_>>())
}

fn action(
    document: &Document,
    uri: &Uri,
    title: String,
    d: Option<&Diagnostic>,
    edits: Vec<(Span, String)>,
    preferred: bool,
) -> CodeAction {
    let edits = edits.into_iter().map(|(span, new_text)| TextEdit { range: document.range(span), new_text }).collect();
    CodeAction {
        title,
        kind: Some(if d.is_some() { CodeActionKind::QUICKFIX } else { CodeActionKind::SOURCE_FIX_ALL }),
        diagnostics: d.map(|d| vec![to_lsp(uri, &document.text, &document.index, d)]),
        edit: Some(WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    }
}

fn quick_fixes(document: &Document, uri: &Uri, d: &Diagnostic, out: &mut Vec<CodeAction>) {
    if let Some(fix) = d.fix.clone() {
        // The same title as SARIF's fix description.
        let title = d.help.clone().unwrap_or_else(|| d.message.clone());
        let safe = fix.applicability == Applicability::Safe;
        out.push(action(document, uri, title, Some(d), vec![(fix.span, fix.replacement)], safe));
    }
    if d.rule == "missing-image-os" {
        for os in ["linux", "windows"] {
            if let Some(edit) = add_attribute(document, d.span.start(), &format!("ImageOS = {os}")) {
                out.push(action(document, uri, format!("add `ImageOS = {os}`"), Some(d), vec![edit], false));
            }
        }
    }
    out.push(action(
        document,
        uri,
        format!("suppress `{}` here", d.rule),
        Some(d),
        vec![suppression(document, d)],
        false,
    ));
}

/// An edit adding `line` as the first attribute of the node whose header starts at `header`.
fn add_attribute(document: &Document, header: usize, line: &str) -> Option<(Span, String)> {
    let template = document.model();
    let section = template.sections.iter().find(|s| s.kind.is_node_like() && touches(s.header_span, header))?;
    let indent = match section.attributes.first() {
        Some(first) => indentation(document, first.span().start()).to_string(),
        None => format!("{}    ", indentation(document, section.header_span.start())),
    };
    let at = section.header_span.end();
    Some((Span::at(at), format!("\n{indent}{line}")))
}

/// The blanks before `offset` on its line.
fn indentation(document: &Document, offset: usize) -> &str {
    let before = document.line_before(offset);
    &before[..before.len() - before.trim_start().len()]
}

/// A `# cyclelint: ignore[rule] -- reason` comment on its own line above the finding.
fn suppression(document: &Document, d: &Diagnostic) -> (Span, String) {
    let line_start = d.span.start() - document.line_before(d.span.start()).len();
    let line = document.line_after(line_start);
    let indent = &line[..line.len() - line.trim_start().len()];
    (Span::at(line_start), format!("{indent}# cyclelint: ignore[{}] -- reason\n", d.rule))
}

/// Every safe fix of the document, skipping any that overlaps one before it.
fn fix_all(document: &Document, uri: &Uri) -> Option<CodeAction> {
    let mut fixes: Vec<&Edit> = document
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe)
        .collect();
    fixes.sort_by_key(|f| (f.span.start(), f.span.end()));
    let mut edits: Vec<(Span, String)> = Vec::new();
    for fix in fixes {
        if edits.last().is_some_and(|(last, _)| fix.span.start() < last.end() || fix.span == *last) {
            continue;
        }
        edits.push((fix.span, fix.replacement.clone()));
    }
    if edits.is_empty() {
        return None;
    }
    let title = format!("fix all safely fixable findings ({})", edits.len());
    Some(action(document, uri, title, None, edits, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Linter;

    /// Every "did you mean" of the rule fixtures (17 of them, in 12 rules) becomes a fix that
    /// replaces the misspelt word, quotes kept.
    #[test]
    fn every_did_you_mean_of_the_fixtures_becomes_a_fix() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
        let linter = std::sync::Arc::new(Linter::new());
        let mut rules = std::collections::BTreeSet::new();
        for rule in std::fs::read_dir(&root).unwrap() {
            for file in std::fs::read_dir(rule.unwrap().path()).unwrap() {
                let file = file.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&file) else { continue };
                let result = linter.check_text(&file.display().to_string(), text.clone());
                let mut document = Document::new(text, 1, false, linter.clone());
                document.diagnostics = result.diagnostics;
                for d in &document.diagnostics {
                    let Some(help) = d.help.as_deref().filter(|h| h.starts_with("did you mean `")) else { continue };
                    // `lint` attached it; the quick fix offers exactly that.
                    let fix = d.fix.clone().unwrap_or_else(|| panic!("no fix for {d:?}"));
                    assert_eq!(fix.applicability, Applicability::Unsafe);
                    assert_eq!(help, format!("did you mean `{}`?", fix.replacement));
                    let replaced = &document.text[fix.span.range()];
                    assert!(!replaced.starts_with(['"', '\'']), "quotes are kept: {replaced}");
                    rules.insert(d.rule);
                }
            }
        }
        assert!(rules.len() >= 12, "{rules:?}");
    }
}
