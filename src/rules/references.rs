//! Where a template names its parameters: shared by `undefined-parameter` and `unused-parameter`.
//!
//! A parameter is named by `$Name` and `${…}` in `=` values, by every bare identifier of a `:=`
//! expression (spec 1.4.1), by `$Name` in a section name (`[[[cluster-init lsf:execute:$Ver]]]`)
//! and by `@Name` in an `[environment]` section (spec 1.13). Record-literal field names
//! (`[Label="x"; Value=1]`) and member names (`a.b`) are not references.

use std::collections::HashSet;

use smol_str::{SmolStr, StrExt};

use crate::model::{Expr, ExprKind, Operator, Part, Quoting, Section, SectionKind, Template, Value, ValueKind};
use crate::span::Span;

/// One place that names a parameter.
#[derive(Clone, Debug)]
pub struct Reference<'t> {
    /// The name as written, without `$` or `@`.
    pub name: &'t str,
    pub span: Span,
    pub how: How,
}

/// How a name was written, which decides what it may refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// `$Name`, `@Name` or `$Name` in a section name: surely a parameter.
    Explicit,
    /// A bare name in an expression: a parameter, a built-in, an `[environment]` or `[noderef]`.
    Bare,
    /// A bare name in a parameter's `Config.*` expression, where the fields of the evaluated
    /// object (`Package` in `Config.Filter`) are in scope too.
    ObjectField,
    /// A bare word written with `=` where a condition was surely meant (`Conditions.Required =
    /// UseKeyVault`, `Disabled = X`): CycleCloud reads a string, but the author meant the
    /// parameter, so it counts as a use (`bare-word-condition` reports the `=`).
    Word,
}

/// Every reference of the template, in file order of sections.
pub fn references(template: &Template) -> Vec<Reference<'_>> {
    let mut out = Vec::new();
    for_each_reference(template, &mut |r| out.push(r));
    out
}

/// The names the template refers to, lowercase, each once: what "is this parameter used" needs,
/// without holding every reference of a big file (one a node, in a generated template).
pub fn used_names(template: &Template) -> HashSet<SmolStr> {
    let mut used = HashSet::new();
    for_each_reference(template, &mut |r| {
        used.insert(r.name.to_ascii_lowercase_smolstr());
    });
    used
}

/// Every reference of the template, in file order of sections, handed to `out` one at a time.
pub fn for_each_reference<'t>(template: &'t Template, out: &mut dyn FnMut(Reference<'t>)) {
    for attribute in &template.top_attributes {
        collect_value(&attribute.value, How::Bare, out);
    }
    for section in &template.sections {
        if let Some(name) = &section.name {
            dollar_names(&name.text, name.span.start(), out);
        }
        let object_scope = is_object_scope(template, section);
        for attribute in &section.attributes {
            let key = &*attribute.key.lookup();
            let bare = if object_scope || (section.kind == SectionKind::Parameter && key.starts_with("config.")) {
                How::ObjectField
            } else {
                How::Bare
            };
            if attribute.operator == Operator::Assign && is_condition_key(key) {
                if let ValueKind::String { text, quoting: Quoting::Bare } = &attribute.value.kind {
                    if is_identifier(text) && !is_literal_word(text) {
                        out(Reference { name: text, span: attribute.value.span, how: How::Word });
                        continue;
                    }
                }
            }
            if section.kind == SectionKind::Environment {
                at_names(&attribute.value, out);
            }
            collect_value(&attribute.value, bare, out);
        }
    }
}

/// True for the keys whose value is a condition: `Conditions.*`, and `Disabled`, `Required`
/// and `Hidden`, which real templates set to a parameter's name (`Required = HA`).
pub fn is_condition_key(lookup: &str) -> bool {
    lookup.starts_with("conditions.") || matches!(lookup, "disabled" | "required" | "hidden")
}

/// A word that may name a parameter (`\w+` not starting with a digit).
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `true`, `false`, `undefined`: literals, never names.
pub fn is_literal_word(text: &str) -> bool {
    ["true", "false", "undefined", "error"].iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// A `[[[[list Config.*]]]]` or `[[[[record Config.*]]]]` under a parameter: part of a widget's
/// configuration, evaluated like `Config.*` attributes.
fn is_object_scope(template: &Template, section: &Section) -> bool {
    matches!(section.kind, SectionKind::List | SectionKind::Record)
        && section.lookup_name().starts_with("config.")
        && template.ancestor(section.id, SectionKind::Parameter).is_some()
}

fn collect_value<'t>(value: &'t Value, bare: How, out: &mut dyn FnMut(Reference<'t>)) {
    match &value.kind {
        ValueKind::ParameterRef(n) => out(Reference { name: &n.text, span: n.span, how: How::Explicit }),
        ValueKind::Interpolated(parts) => {
            for part in parts {
                match part {
                    Part::ParameterRef(n) => out(Reference { name: &n.text, span: n.span, how: How::Explicit }),
                    Part::Expression(e) => collect_expr(e, bare, out),
                    Part::Text(_) => {}
                }
            }
        }
        ValueKind::Expression(e) => collect_expr(e, bare, out),
        ValueKind::List(items) => items.iter().for_each(|v| collect_value(v, bare, out)),
        _ => {}
    }
}

fn collect_expr<'t>(expr: &'t Expr, bare: How, out: &mut dyn FnMut(Reference<'t>)) {
    expr.walk(|e| match &e.kind {
        ExprKind::ParameterRef { name } => out(Reference { name: &name.text, span: name.span, how: How::Explicit }),
        ExprKind::Reference { name } => out(Reference { name: &name.text, span: name.span, how: bare }),
        _ => {}
    });
}

/// `$Name` inside free text (a section name), with spans from `offset`.
fn dollar_names<'t>(text: &'t str, offset: usize, out: &mut dyn FnMut(Reference<'t>)) {
    for (i, _) in text.match_indices('$') {
        let rest = &text[i + 1..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if len > 0 {
            let start = offset + i + 1;
            out(Reference { name: &rest[..len], span: Span::new(start, start + len), how: How::Explicit });
        }
    }
}

/// `@Name` values of an `[environment]` section (`ParameterValues.DBName = @DBNameParameter`).
fn at_names<'t>(value: &'t Value, out: &mut dyn FnMut(Reference<'t>)) {
    match &value.kind {
        ValueKind::String { text, quoting: Quoting::Bare } => {
            if let Some(name) = text.strip_prefix('@').filter(|n| is_identifier(n)) {
                out(Reference { name, span: Span::new(value.span.start() + 1, value.span.end()), how: How::Explicit });
            }
        }
        ValueKind::List(items) => items.iter().for_each(|v| at_names(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `$Name` in a section name is a reference at the name; a `$` with no name after it is text.
    #[test]
    fn dollar_names_in_free_text() {
        let mut out = Vec::new();
        dollar_names("tools:default:$Version", 10, &mut |r| out.push(r));
        dollar_names("price in $, $-1 or $", 40, &mut |r| out.push(r));
        let found: Vec<(&str, Span)> = out.iter().map(|r| (r.name, r.span)).collect();
        assert_eq!(found, [("Version", Span::new(25, 32))]);
    }

    /// The literal words of the expression language, in any case, are never parameter names.
    #[test]
    fn literal_words() {
        for w in ["true", "FALSE", "Undefined", "error"] {
            assert!(is_literal_word(w), "{w}");
        }
        assert!(!is_literal_word("UseKeyVault"));
        // `Conditions.Hidden = error` (a bare literal word) is not a bare-word condition.
        let text = "[parameters P]\n  [[parameters Q]]\n    [[[parameter A]]]\n    Conditions.Hidden = error\n";
        let result = crate::lint::Linter::new().check_text("a.txt", text.to_string());
        assert!(result.diagnostics.iter().all(|d| d.rule != "bare-word-condition"), "{:?}", result.diagnostics);
    }
}
