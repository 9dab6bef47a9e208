//! `textDocument/hover`: what cyclelint knows about the thing under the cursor, in Markdown.
//!
//! - an attribute key or value: its type and description (`knowledge::attributes`), and in a
//!   node or nodearray the effective value with its origin, as `cyclelint show` prints it
//!   (`explain_node`); on an image attribute, how the image resolves;
//! - a parameter (`$X`, `${…X…}`, a `:=` name, its header): label, type, default, description and
//!   where it is defined;
//! - a node name (header or `Extends`): the node as `show` explains it;
//! - a section kind: what the kind is for (`knowledge::sections`);
//! - a function: its signature and arity (`knowledge::functions`);
//! - a diagnostic's span: the rule, its summary and the link to its documentation.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use serde_json::Value;

use super::locate::{locate, touches, Target};
use super::{json, Answer, Document, Server};
use crate::effective::Parameters;
use crate::explain_node::{explain, AttributeReport, ImageReport, NodeReport, ResolvedReport, Source};
use crate::knowledge::{attributes, functions, sections};
use crate::model::{Section, SectionKind, Template};
use crate::report::sarif::help_uri;
use crate::span::Span;

/// The attributes that name a node's image.
const IMAGE_KEYS: &[&str] = &[
    "imagename",
    "image",
    "imageid",
    "imageversion",
    "azure.publisher",
    "azure.offer",
    "azure.sku",
    "azure.imageversion",
];

pub fn hover(server: &mut Server, params: HoverParams) -> Answer {
    let at = params.text_document_position_params;
    // The diagnostics shown must be those of the text hovered.
    server.flush_one(&at.text_document.uri);
    let document = server.document(&at.text_document.uri)?;
    let offset = document.offset(at.position);
    let (mut parts, span) = describe(document, offset);
    for d in document.diagnostics.iter().filter(|d| touches(d.span, offset)) {
        let summary = crate::rules::find(d.rule).map_or("", |r| r.summary);
        parts.push(format!("`{}`: {summary} ([documentation]({}))", d.rule, help_uri(d.rule)));
    }
    if parts.is_empty() {
        return Ok(Value::Null);
    }
    json(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: parts.join("\n\n---\n\n") }),
        range: span.map(|s| document.range(s)),
    })
}

/// The Markdown paragraphs for `offset`, and the span they are about.
pub fn describe(document: &Document, offset: usize) -> (Vec<String>, Option<Span>) {
    let template = document.model();
    let text = &document.text;
    let mut parts = Vec::new();
    let Some(target) = locate(template, text, offset) else {
        return (parts, None);
    };
    let span = match target {
        Target::Parameter { name, span } => {
            parts.extend(parameter(template, document, &name));
            span
        }
        Target::Node { name, span, cluster } => {
            let header = crate::effective::Members::of(template, cluster).get(&name);
            if let Some(report) = header.and_then(|s| node_report(document, s)) {
                parts.push(node(&report));
            }
            span
        }
        Target::SectionKind(section) => {
            parts.push(format!("`{}`: {}", header_form(section.kind, section.rank()), sections::purpose(section.kind)));
            section.kind_span
        }
        Target::Key { section, attribute } | Target::Value { section, attribute } => {
            let key = &attribute.key;
            if let Some(spec) = section.and_then(|s| attributes::lookup(s.kind, &key.text)) {
                parts.push(format!("`{}`: {}\n\n{}", spec.name, spec.ty.describe(), spec.description));
            }
            if let Some(report) = section.filter(|s| s.kind.is_node_like()).and_then(|s| node_report(document, s)) {
                if let Some(a) = report.attributes.iter().find(|a| a.key.eq_ignore_ascii_case(&key.text)) {
                    parts.push(format!("In {} `{}`: {}", report.kind, report.name, effective(a)));
                }
                if IMAGE_KEYS.contains(&key.lookup().as_str()) {
                    parts.push(image(&report.image));
                }
            }
            if matches!(target, Target::Key { .. }) {
                key.span
            } else {
                attribute.value.span
            }
        }
        Target::Function(name) => {
            if let Some(f) = functions::lookup(&name.text) {
                parts.push(format!("{}\n\n{} argument(s)", f.description, f.arity()));
            }
            name.span
        }
    };
    (parts, Some(span))
}

/// `[[[volume]]]`: the header of a kind at a rank.
fn header_form(kind: SectionKind, rank: usize) -> String {
    let rank = rank.clamp(1, 16);
    format!("{}{}{}", "[".repeat(rank), kind.keyword(), "]".repeat(rank))
}

/// The parameter `name`: label, type, default, description, where it is defined.
fn parameter(template: &Template, document: &Document, name: &str) -> Option<String> {
    let section = Parameters::of(template).get(name)?;
    let mut out = format!("parameter `{}`", section.display_name());
    let field = |key: &str| section.attribute(key).map(|a| document.text[a.value.span.range()].trim().to_string());
    if let Some(label) = field("Label") {
        let _ = write!(out, ": {label}");
    }
    out.push_str("\n\n");
    for (key, shown) in [("ParameterType", "type"), ("DefaultValue", "default"), ("Description", "description")] {
        if let Some(value) = field(key).filter(|v| !v.is_empty()) {
            let _ = writeln!(out, "- {shown}: `{value}`");
        }
    }
    let line = document.index.line_of(section.header_span.start()) + 1;
    let _ = write!(out, "\ndefined on line {line}");
    Some(out)
}

/// The `show` model of the node or nodearray `section`.
fn node_report(document: &Document, section: &Section) -> Option<NodeReport> {
    let template = document.model();
    let line = document.index.line_of(section.header_span.start()) + 1;
    let name = section.name.as_ref()?;
    explain(template, &document.text, &document.linter.registry, Some(&name.text)).into_iter().find(|n| n.line == line)
}

/// A node as `show` explains it: flags, inheritance, attributes with their origin, image.
fn node(report: &NodeReport) -> String {
    let mut out = format!("{} `{}`", report.kind, report.name);
    if report.is_defaults {
        out.push_str(" (defaults)");
    }
    if report.is_abstract {
        out.push_str(" (abstract, not launched)");
    }
    out.push_str("\n\n");
    if report.chain.len() > 1 {
        let _ = writeln!(out, "inherits: {}\n", report.chain.join(" → "));
    }
    for a in &report.attributes {
        let _ = writeln!(out, "- `{}` = {}", a.key, effective(a));
    }
    out.push('\n');
    out.push_str(&image(&report.image));
    out
}

/// `` `value` → resolution (origin, line N) ``, as `show` words it.
fn effective(a: &AttributeReport) -> String {
    let from = match &a.from {
        Source::Own => format!("line {}", a.line),
        Source::Defaults => format!("from `defaults`, line {}", a.line),
        Source::Extends { base } => format!("from `Extends = {base}`, line {}", a.line),
    };
    let resolved = match &a.resolved {
        ResolvedReport::Literal => String::new(),
        ResolvedReport::ParameterDefault { parameter, value, line } => {
            format!(" → `{value}` (default of parameter `{parameter}`, line {line})")
        }
        ResolvedReport::ParameterWithoutDefault { parameter } => {
            format!(" → set at import or in the UI (parameter `{parameter}` has no default)")
        }
        ResolvedReport::UnknownParameter => " → no such parameter".to_string(),
        ResolvedReport::Computed => " → computed at launch".to_string(),
        ResolvedReport::Undefined => " → undefined".to_string(),
    };
    format!("`{}`{resolved} ({from})", a.value)
}

/// How the image resolves, as `show` words it.
fn image(image: &ImageReport) -> String {
    let mut out = String::from("image: ");
    match (&image.winner, &image.value) {
        (Some(_), Some(v)) => {
            let _ = write!(out, "`{v}`: {}", image.explanation);
        }
        _ => out.push_str(&image.explanation),
    }
    if image.forms.len() > 1 {
        let forms: Vec<&str> = image.forms[1..].iter().map(|f| f.describe()).collect();
        let _ = write!(out, "\n\nalso set, ignored: {}", forms.join(", "));
    }
    if let Some(r) = &image.registry {
        let _ = write!(out, "\n\nregistry lookup: {} → {}", r.query(), r.outcome);
    }
    out
}
