use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::Attribute;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an attribute set twice in one section (keys compare case-insensitively). The
    /// last value wins; the first one is labelled.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The first value is dead text that readers take for the real one: a `DefaultValue` edited
    /// at the top of a parameter while a second one further down silently overrides it.
    ///
    /// Tuned against: the corpus has no repeated key in an accepted `.txt` template; it fires
    /// only on the az-hop Jinja sources, where `{% if %}` branches each set `ImageName` (not
    /// templates until rendered, so left alone).
    ///
    /// ## Example
    /// ```ini
    /// [[[parameter MaxCores]]]
    /// DefaultValue = 100
    /// Label = Max cores
    /// DefaultValue = 200
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[parameter MaxCores]]]
    /// Label = Max cores
    /// DefaultValue = 200
    /// ```
    pub static RULE = {
        name: "duplicate-attribute",
        severity: Warning,
        summary: "the same attribute set twice in one section",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in &ctx.template.sections {
        let mut first_by_key: HashMap<&str, &Attribute> = HashMap::new();
        for attribute in &section.attributes {
            let first = *first_by_key.entry(attribute.key.lookup.as_str()).or_insert(attribute);
            if std::ptr::eq(first, attribute) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.key.span,
                    format!("attribute `{}` is set more than once in this section", attribute.key.text),
                )
                .with_label("set again here; this value wins")
                .with_secondary(first.span, "first set here")
                .with_help("remove one of the two lines"),
            );
        }
    }
}
