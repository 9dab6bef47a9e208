//! What is under the cursor, and where else the same parameter or node is named.
//!
//! Parameter references come from `rules::references` (the one list `undefined-parameter` and
//! `unused-parameter` use: `$X`, `${…X…}`, `:=` names, `@X`, condition words), node names from
//! the headers and `effective::extends_names`.

use crate::effective::{extends_names, Members, Parameters};
use crate::model::{Attribute, ExprKind, Name, Section, SectionId, SectionKind, Template};
use crate::rules::references::{references, How};
use crate::span::Span;

/// The thing at an offset.
#[derive(Debug)]
pub enum Target<'t> {
    /// A parameter named at `span`: a reference, or the name in its `[[[parameter]]]` header.
    Parameter { name: String, span: Span },
    /// A node or nodearray named at `span`: its header, or a name in an `Extends` value.
    Node { name: String, span: Span, cluster: SectionId },
    /// The kind word of a section header.
    SectionKind(&'t Section),
    /// The key of an attribute.
    Key { section: Option<&'t Section>, attribute: &'t Attribute },
    /// A function name in an expression.
    Function(&'t Name),
    /// Elsewhere in an attribute's value.
    Value { section: Option<&'t Section>, attribute: &'t Attribute },
}

/// `offset` lies in `span` or right after it (a cursor at the end of a word is on the word).
pub fn touches(span: Span, offset: usize) -> bool {
    span.start() <= offset && offset <= span.end()
}

/// The innermost section whose lines hold `offset`.
pub fn section_at(template: &Template, offset: usize) -> Option<&Section> {
    template.sections.iter().rev().find(|s| s.header_span.start() <= offset && offset <= s.span.end())
}

/// What is at `offset` in `template` (parsed from `text`).
pub fn locate<'t>(template: &'t Template, text: &str, offset: usize) -> Option<Target<'t>> {
    // References first: `$X` may sit in a section name, `${…}` anywhere in a value.
    if let Some(reference) = parameter_reference_at(template, offset) {
        return Some(reference);
    }
    let section = section_at(template, offset);
    if let Some(section) = section.filter(|s| touches(s.header_span, offset)) {
        if let Some(name) = section.name.as_ref().filter(|n| touches(n.span, offset)) {
            if section.kind == SectionKind::Parameter {
                return Some(Target::Parameter { name: name.text.to_string(), span: name.span });
            }
            if section.kind.is_node_like() {
                let cluster = template.ancestor(section.id, SectionKind::Cluster)?;
                return Some(Target::Node { name: name.text.to_string(), span: name.span, cluster: cluster.id });
            }
        }
        return Some(Target::SectionKind(section));
    }
    let attributes: &[Attribute] = section.map_or(&template.top_attributes, |s| &s.attributes);
    let attribute = attributes.iter().find(|a| touches(a.span(), offset))?;
    if touches(attribute.key.span, offset) {
        return Some(Target::Key { section, attribute });
    }
    if let Some(section) = section.filter(|s| s.kind.is_node_like() && attribute.key.is("extends")) {
        for (name, span) in extends_spans(text, attribute) {
            if touches(span, offset) {
                let cluster = template.ancestor(section.id, SectionKind::Cluster)?;
                return Some(Target::Node { name, span, cluster: cluster.id });
            }
        }
    }
    let mut function = None;
    attribute.value.walk_exprs(&mut |e| {
        if let ExprKind::Call { name, .. } = &e.kind {
            if touches(name.span, offset) {
                function = Some(name);
            }
        }
    });
    if let Some(name) = function {
        return Some(Target::Function(name));
    }
    Some(Target::Value { section, attribute })
}

/// The names of an `Extends` value with the exact span of each (without quotes or blanks).
pub fn extends_spans(text: &str, attribute: &Attribute) -> Vec<(String, Span)> {
    extends_names(&attribute.value)
        .into_iter()
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, span)| {
            let written = text.get(span.range()).unwrap_or("");
            let start = written.find(name.as_str()).map_or(span.start(), |i| span.start() + i);
            let span = Span::new(start, start + name.len());
            (name, span)
        })
        .collect()
}

/// A parameter reference at `offset`: explicit ones always, bare names when such a parameter
/// exists (a bare name may be a built-in or a field).
fn parameter_reference_at(template: &Template, offset: usize) -> Option<Target<'_>> {
    let parameters = Parameters::of(template);
    references(template)
        .into_iter()
        .find(|r| touches(r.span, offset) && (r.how == How::Explicit || parameters.get(r.name).is_some()))
        .map(|r| Target::Parameter { name: r.name.to_string(), span: r.span })
}

/// Every place that names parameter `name`: its header's name (first, when defined) and every
/// reference. The bool is true for the definition.
pub fn parameter_occurrences(template: &Template, name: &str) -> Vec<(Span, bool)> {
    let parameters = Parameters::of(template);
    let mut out = Vec::new();
    let defined = parameters.get(name);
    if let Some(name) = defined.and_then(|p| p.name.as_ref()) {
        out.push((name.span, true));
    }
    for r in references(template) {
        if r.name.eq_ignore_ascii_case(name) && (r.how == How::Explicit || defined.is_some()) {
            out.push((r.span, false));
        }
    }
    out
}

/// Every place that names node `name` in `cluster`: its header's name (first, when it exists)
/// and every `Extends` of the cluster's nodes that names it.
pub fn node_occurrences(template: &Template, text: &str, cluster: SectionId, name: &str) -> Vec<(Span, bool)> {
    let members = Members::of(template, cluster);
    let mut out = Vec::new();
    if let Some(name) = members.get(name).and_then(|s| s.name.as_ref()) {
        out.push((name.span, true));
    }
    for member in &members.list {
        for attribute in member.attributes.iter().filter(|a| a.key.is("extends")) {
            for (written, span) in extends_spans(text, attribute) {
                if written.eq_ignore_ascii_case(name) {
                    out.push((span, false));
                }
            }
        }
    }
    out
}

/// The sections open at `offset` by rank (index 0 is rank 1), as the headers before it leave
/// them: what a header typed at `offset` would nest under.
pub fn open_sections(template: &Template, offset: usize) -> Vec<&Section> {
    let mut open: Vec<&Section> = Vec::new();
    for section in template.sections.iter().take_while(|s| s.header_span.start() < offset) {
        if touches(section.header_span, offset) {
            break;
        }
        open.truncate(section.rank().saturating_sub(1));
        if open.len() + 1 == section.rank() {
            open.push(section);
        }
    }
    open
}
