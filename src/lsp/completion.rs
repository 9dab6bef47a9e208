//! `textDocument/completion`, from the text of the line before the cursor (half-typed lines
//! do not parse, so the context is read from the line, and the model gives the sections around it):
//!
//! - after `[`, `[[`, `[[[`: the section kinds that may stand there (`knowledge::sections`);
//! - at the start of a line: the attributes of the enclosing section kind not yet set in it;
//! - after `=`: the known values (enums, booleans, `ParameterType`, `JetpackPlatform`, image
//!   names and labels of the built-in and configured registries, node names after `Extends`);
//! - after `$`: parameter names; inside `${…}` and `:=` values: parameters and functions.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit, Documentation,
    InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use super::locate::open_sections;
use super::{json, Answer, Document, Server};
use crate::effective::{Members, Parameters};
use crate::knowledge::attributes::{self, AttrType};
use crate::knowledge::functions::FUNCTIONS;
use crate::knowledge::parameter_types::PARAMETER_TYPES;
use crate::knowledge::sections;
use crate::knowledge::widgets::{CONFIG_PLUGINS, WIDGET_PLUGINS};
use crate::model::{Section, SectionKind, Template};
use crate::node_image::JETPACK_PLATFORMS;
use crate::span::Span;

pub fn completion(server: &mut Server, params: CompletionParams) -> Answer {
    let at = params.text_document_position;
    let document = server.document(&at.text_document.uri)?;
    let offset = document.offset(at.position);
    let items = items(document, offset, server.snippets);
    json(CompletionResponse::Array(items))
}

/// The completion items at `offset`.
pub fn items(document: &Document, offset: usize, snippets: bool) -> Vec<CompletionItem> {
    let template = document.model();
    let before = document.line_before(offset);
    let line_start = offset - before.len();
    let trimmed = before.trim_start();
    let word_start = |word: &str| offset - word.len();
    let mut out = Completions { document, items: Vec::new(), snippets };

    if trimmed.starts_with('[') {
        let rest = trimmed.trim_start_matches('[');
        let rank = trimmed.len() - rest.len();
        if rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            let after = document.line_after(offset);
            section_kinds(&mut out, template, line_start, rank, Span::new(word_start(rest), offset), after);
        }
        return out.items;
    }
    let Some(eq) = before.find('=') else {
        if trimmed.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            let open = open_sections(template, line_start);
            if let Some(section) = open.last() {
                attribute_names(&mut out, section, Span::new(word_start(trimmed), offset));
            }
        }
        return out.items;
    };
    let (key, define) = match before[..eq].trim().strip_suffix(':') {
        Some(key) => (key.trim(), true),
        None => (before[..eq].trim(), false),
    };
    let value = &before[eq + 1..];
    let word = value.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
    let word_span = Span::new(word_start(word), offset);
    let in_expression = value.rfind("${").is_some_and(|i| !value[i..].contains('}'));
    let after_dollar = value[..value.len() - word.len()].ends_with('$');
    if after_dollar && !in_expression {
        parameters(&mut out, template, word_span);
        return out.items;
    }
    if in_expression || define {
        parameters(&mut out, template, word_span);
        if !after_dollar {
            functions(&mut out, word_span);
        }
        return out.items;
    }
    let Some(section) = open_sections(template, line_start).last().copied() else {
        return out.items;
    };
    // The value typed so far (after a comma in a list).
    let typed = value.rsplit(',').next().unwrap_or("").trim_start();
    let value_span = Span::new(word_start(typed), offset);
    values(&mut out, template, section, key, value_span);
    out.items
}

struct Completions<'d> {
    document: &'d Document,
    items: Vec<CompletionItem>,
    snippets: bool,
}

impl Completions<'_> {
    /// An item that replaces `span` with `text` (a snippet when `snippet` and the client takes them).
    fn push(
        &mut self,
        label: &str,
        kind: CompletionItemKind,
        detail: Option<String>,
        doc: Option<String>,
        span: Span,
        (text, snippet): (String, bool),
    ) {
        let range = self.document.range(span);
        let snippet = snippet && self.snippets;
        self.items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail,
            documentation: doc
                .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
            filter_text: Some(label.to_string()),
            insert_text_format: Some(if snippet { InsertTextFormat::SNIPPET } else { InsertTextFormat::PLAIN_TEXT }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: text })),
            ..CompletionItem::default()
        });
    }

    fn word(&mut self, label: &str, kind: CompletionItemKind, detail: Option<String>, doc: Option<String>, span: Span) {
        self.push(label, kind, detail, doc, span, (label.to_string(), false));
    }
}

/// The kinds a header of `rank` brackets may have at `line_start`.
fn section_kinds(out: &mut Completions, template: &Template, line_start: usize, rank: usize, span: Span, after: &str) {
    let open = open_sections(template, line_start);
    let parent = match rank {
        0 => return,
        1 => None,
        _ => match open.get(rank - 2) {
            Some(section) => Some(section.kind),
            None => return,
        },
    };
    let close = if after.contains(']') { String::new() } else { "]".repeat(rank) };
    for &(keyword, kind) in SectionKind::KEYWORDS {
        if !sections::allowed_parents(kind).is_some_and(|p| p.contains(&parent)) {
            continue;
        }
        let unnamed = kind == SectionKind::Configuration;
        let (text, snippet) = if out.snippets && !close.is_empty() {
            if unnamed {
                (format!("{keyword}{close}$0"), true)
            } else {
                (format!("{keyword} ${{1:name}}{close}$0"), true)
            }
        } else {
            (keyword.to_string(), false)
        };
        let doc = Some(sections::purpose(kind).to_string());
        out.push(
            keyword,
            CompletionItemKind::MODULE,
            Some(format!("{}{keyword}{}", "[".repeat(rank), "]".repeat(rank))),
            doc,
            span,
            (text, snippet),
        );
    }
}

/// The attributes of `section`'s kind that it does not set yet.
fn attribute_names(out: &mut Completions, section: &Section, span: Span) {
    let Some(table) = attributes::attributes_for(section.kind) else {
        return;
    };
    for spec in table.iter().filter(|s| !s.is_family()) {
        if section.attribute(spec.name).is_some() {
            continue;
        }
        let text = format!("{} = ", spec.name);
        out.push(
            spec.name,
            CompletionItemKind::PROPERTY,
            Some(spec.ty.describe()),
            Some(spec.description.to_string()),
            span,
            (text, false),
        );
    }
}

/// The parameters of the template.
fn parameters(out: &mut Completions, template: &Template, span: Span) {
    let params = Parameters::of(template);
    let mut names: Vec<&str> = params.names().collect();
    names.sort_unstable_by_key(|n| n.to_ascii_lowercase());
    for name in names {
        let Some(section) = params.get(name) else { continue };
        let field = |key: &str| section.attribute(key).and_then(|a| a.value.literal_text());
        let doc = field("Label").or_else(|| field("Description"));
        out.word(name, CompletionItemKind::VARIABLE, field("ParameterType"), doc, span);
    }
}

/// The functions of the expression language, with their signatures.
fn functions(out: &mut Completions, span: Span) {
    for f in FUNCTIONS {
        let snippet = out.snippets;
        let text = if snippet { format!("{}($1)$0", f.name) } else { f.name.to_string() };
        out.push(
            f.name,
            CompletionItemKind::FUNCTION,
            Some(f.arity()),
            Some(f.description.to_string()),
            span,
            (text, snippet),
        );
    }
}

/// The known values of `key` in `section`.
fn values(out: &mut Completions, template: &Template, section: &Section, key: &str, span: Span) {
    let lookup = key.to_ascii_lowercase();
    if section.kind.is_node_like() && lookup == "extends" {
        if let Some(cluster) = template.ancestor(section.id, SectionKind::Cluster) {
            for node in Members::of(template, cluster.id).list {
                if node.id != section.id && !node.display_name().is_empty() {
                    out.word(
                        node.display_name(),
                        CompletionItemKind::CLASS,
                        Some(node.kind.keyword().to_string()),
                        None,
                        span,
                    );
                }
            }
        }
        return;
    }
    if section.kind.is_node_like() && matches!(lookup.as_str(), "imagename" | "image") {
        // Package names for `ImageName`, labels for `Image`, each with the other as its detail.
        let registry = &out.document.linter.registry;
        let mut seen = std::collections::HashSet::new();
        let mut items: Vec<(String, Option<String>)> = Vec::new();
        for package in &registry.packages {
            let (word, other) = if lookup == "image" {
                match &package.label {
                    Some(label) => (label.clone(), Some(package.name.clone())),
                    None => continue,
                }
            } else {
                (package.name.clone(), package.label.clone())
            };
            if !word.is_empty() && seen.insert(word.to_ascii_lowercase()) {
                items.push((word, other));
            }
        }
        items.sort();
        for (word, other) in items {
            out.word(&word, CompletionItemKind::VALUE, other, None, span);
        }
        return;
    }
    let words: Vec<&str> = match (section.kind, lookup.as_str()) {
        (SectionKind::Parameter, "parametertype") => PARAMETER_TYPES.to_vec(),
        (SectionKind::Parameter, "config.plugin") => CONFIG_PLUGINS.to_vec(),
        (SectionKind::Parameter, "widget.plugin") => WIDGET_PLUGINS.to_vec(),
        (_, "jetpackplatform") if section.kind.is_node_like() => JETPACK_PLATFORMS.to_vec(),
        _ => match attributes::lookup(section.kind, key).map(|s| s.ty) {
            Some(AttrType::Enum(values)) => values.to_vec(),
            Some(AttrType::Boolean) => vec!["true", "false"],
            _ => Vec::new(),
        },
    };
    for word in words {
        out.word(word, CompletionItemKind::ENUM_MEMBER, None, None, span);
    }
}
