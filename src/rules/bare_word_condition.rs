use crate::diagnostic::Diagnostic;
use crate::model::{Operator, Quoting, ValueKind};
use crate::rules::references::{is_identifier, is_literal_word};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `Conditions.*` attribute written with `=` whose value is a bare word, such as
    /// `Conditions.Required = UseKeyVault`, and suggests `:=`.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// With `=` a bare word is a string (spec 1.4.1), so the condition is the text
    /// `"UseKeyVault"`, not the value of the parameter `UseKeyVault`: the field is never (or
    /// always) required, hidden or excluded, whatever the user picks. With `:=` the word is a
    /// reference.
    ///
    /// Tuned against: the hpcpack Active Directory template, which writes
    /// `Conditions.Required = UseKeyVault` next to `Conditions.Hidden := !UseKeyVault`;
    /// `Conditions.* = true` and `= false` literals are not reported.
    ///
    /// ## Example
    /// ```ini
    /// [[[parameter VaultName]]]
    /// Conditions.Required = UseKeyVault
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[parameter VaultName]]]
    /// Conditions.Required := UseKeyVault
    /// ```
    ///
    /// ## Fix
    /// Unsafe (applied by `check --fix --unsafe-fixes` only): `=` becomes `:=`. The condition then
    /// reads the value of `UseKeyVault` instead of a string, which changes when the field is
    /// required, hidden or excluded: check that the word names the parameter you meant.
    pub static RULE = {
        name: "bare-word-condition",
        severity: Warning,
        summary: "a `Conditions.*` attribute written with `=` and a bare word, which is a string",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in &ctx.template.sections {
        for attribute in &section.attributes {
            if attribute.operator != Operator::Assign || !attribute.key.lookup().starts_with("conditions.") {
                continue;
            }
            let ValueKind::String { text, quoting: Quoting::Bare } = &attribute.value.kind else { continue };
            if !is_identifier(text) || is_literal_word(text) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.operator_span(),
                    format!("`{} = {text}` is the string `\"{text}\"`, not a condition", attribute.key.text),
                )
                .with_label("`=` reads a bare word as a string")
                .with_secondary(attribute.value.span, "meant as a reference")
                .with_help(format!("write `{} := {text}`", attribute.key.text))
                .with_unsafe_fix(attribute.operator_span(), ":="),
            );
        }
    }
}
