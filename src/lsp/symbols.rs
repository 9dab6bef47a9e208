//! `textDocument/documentSymbol` (the outline and breadcrumbs: clusters → nodes and nodearrays →
//! their sub-sections; parameter groups → parameters) and `textDocument/foldingRange` (one
//! range per section).

use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeKind, FoldingRangeParams,
    SymbolKind,
};

use super::{json, Answer, Document, Server};
use crate::model::{Section, SectionKind, Template};
use crate::span::Span;

pub fn document_symbols(server: &mut Server, params: DocumentSymbolParams) -> Answer {
    let document = server.document(&params.text_document.uri)?;
    let template = document.model();
    let symbols: Vec<DocumentSymbol> = template.roots().map(|s| symbol(document, template, s)).collect();
    json(DocumentSymbolResponse::Nested(symbols))
}

/// The section's lines without trailing blank lines (its span runs to the next header).
fn trimmed(document: &Document, span: Span) -> Span {
    let text = &document.text[span.start()..span.end().min(document.text.len())];
    Span::new(span.start(), span.start() + text.trim_end().len())
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written out.
fn symbol(document: &Document, template: &Template, section: &Section) -> DocumentSymbol {
    let kind = match section.kind {
        SectionKind::Cluster => SymbolKind::NAMESPACE,
        SectionKind::Node | SectionKind::NodeArray | SectionKind::NodeRef => SymbolKind::CLASS,
        SectionKind::Parameters => SymbolKind::PACKAGE,
        SectionKind::Parameter => SymbolKind::VARIABLE,
        SectionKind::Configuration | SectionKind::Environment => SymbolKind::OBJECT,
        SectionKind::ClusterInit => SymbolKind::MODULE,
        _ => SymbolKind::STRUCT,
    };
    let name = match section.name.as_ref().map(|n| n.text.as_str()).filter(|n| !n.is_empty()) {
        Some(name) => name.to_string(),
        None => section.kind_text().to_string(),
    };
    let selection = section.name.as_ref().map_or(section.kind_span, |n| n.span);
    let children: Vec<DocumentSymbol> = template.children(section.id).map(|c| symbol(document, template, c)).collect();
    DocumentSymbol {
        name: if name.trim().is_empty() { "(unnamed)".to_string() } else { name },
        detail: Some(section.kind_text().to_string()),
        kind,
        tags: None,
        deprecated: None,
        range: document.range(trimmed(document, section.span)),
        selection_range: document.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn folding_ranges(server: &mut Server, params: FoldingRangeParams) -> Answer {
    let document = server.document(&params.text_document.uri)?;
    let template = document.model();
    let ranges: Vec<FoldingRange> = template
        .sections
        .iter()
        .filter_map(|section| {
            let span = trimmed(document, section.span);
            let start = document.index.line_of(span.start());
            let end = document.index.line_of(span.end());
            (end > start).then(|| FoldingRange {
                start_line: start as u32,
                end_line: end as u32,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(document.text[section.header_span.range()].trim().to_string()),
                ..FoldingRange::default()
            })
        })
        .collect();
    json(ranges)
}
