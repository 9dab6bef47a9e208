use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::knowledge::parameter_types::{self, PARAMETER_TYPES};
use crate::model::{Operator, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a literal `ParameterType` that is not one CycleCloud knows (spec 2.10.3:
    /// `String`, `Boolean`, `Integer`, `Cloud.MachineType`, `Azure.Subnet`, ...), with "did
    /// you mean". Types compare case-insensitively (the docs write `hidden`).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The cluster form cannot render a widget for an unknown type, and the import fails or
    /// the parameter falls back to a plain string box with no validation.
    ///
    /// Tuned against: old templates use AWS-era and legacy types (`Cloud.Provider` on a hidden
    /// `CloudProvider` parameter, `AWS.Keypair`) that the table keeps; the corpus yields no
    /// finding, so only misspellings such as `Cloud.MachineTyp` are reported.
    ///
    /// ## Example
    /// ```ini
    /// [[[parameter ExecuteMachineType]]]
    /// ParameterType = Cloud.MachineTyp
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[parameter ExecuteMachineType]]]
    /// ParameterType = Cloud.MachineType
    /// ```
    pub static RULE = {
        name: "unknown-parameter-type",
        severity: Error,
        summary: "a `ParameterType` that is not a known parameter type",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for parameter in ctx.template.sections_of(SectionKind::Parameter) {
        let Some(attribute) = parameter.attribute("ParameterType") else { continue };
        if attribute.operator != Operator::Assign {
            continue;
        }
        let Some(text) = attribute.value.literal_text() else { continue };
        let text = text.trim();
        if text.is_empty() || parameter_types::lookup(text).is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(&RULE, attribute.value.span, format!("unknown parameter type `{text}`"))
                .with_label("not a parameter type")
                .with_help_opt(did_you_mean(text, PARAMETER_TYPES.iter().copied())),
        );
    }
}
