use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::{Operator, Section, SectionKind, Value, ValueKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a literal `DefaultValue` that does not fit its parameter: not `true` or `false`
    /// for `ParameterType = Boolean`, not a whole number for `ParameterType = Integer`, or a
    /// number below `Config.MinValue` or above `Config.MaxValue`. Computed defaults (`$X`,
    /// `${…}`, `:=`, `=undefined`) are not guessed at.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The form opens with a value that its own widget rejects, so every user who creates the
    /// cluster has to correct it first, or the template passes a value the scheduler cannot use.
    ///
    /// Tuned against: an application template whose Boolean parameter defaults to `flase`
    /// (reported); number boxes that declare no `ParameterType` but bound the value with
    /// `Config.MinValue`/`Config.MaxValue` (bounds checked, none crossed in the corpus), and
    /// Boolean defaults quoted as `"True"` (accepted).
    ///
    /// ## Example
    /// ```ini
    /// [[[parameter MaxExecuteCoreCount]]]
    /// ParameterType = Integer
    /// DefaultValue = 5000
    /// Config.MaxValue = 1000
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[parameter MaxExecuteCoreCount]]]
    /// ParameterType = Integer
    /// DefaultValue = 500
    /// Config.MaxValue = 1000
    /// ```
    pub static RULE = {
        name: "invalid-parameter-default",
        severity: Warning,
        summary: "a literal `DefaultValue` that does not fit the parameter's type or bounds",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for parameter in ctx.template.sections_of(SectionKind::Parameter) {
        let Some(default) = parameter.attribute("DefaultValue") else { continue };
        if default.operator != Operator::Assign || default.value.is_computed() {
            continue;
        }
        let value = &default.value;
        let shown = ctx.text(value.span);
        let ty = parameter
            .attribute("ParameterType")
            .filter(|a| a.operator == Operator::Assign)
            .and_then(|a| a.value.literal_text())
            .unwrap_or_default();
        let ty = ty.trim();
        if ty.eq_ignore_ascii_case("Boolean") && is_scalar(value) && value.as_bool().is_none() {
            out.push(
                Diagnostic::new(&RULE, value.span, format!("default `{shown}` is not a boolean"))
                    .with_label("not `true` or `false`")
                    .with_secondary(parameter_type_span(parameter), "the parameter is a `Boolean`")
                    .with_help(did_you_mean(shown.trim(), ["true", "false"]).unwrap_or("use `true` or `false`".into())),
            );
            continue;
        }
        let default_number = number(value);
        if ty.eq_ignore_ascii_case("Integer") && is_scalar(value) && default_number.is_none_or(|n| n.fract() != 0.0) {
            out.push(
                Diagnostic::new(&RULE, value.span, format!("default `{shown}` is not an integer"))
                    .with_label("not a whole number")
                    .with_secondary(parameter_type_span(parameter), "the parameter is an `Integer`"),
            );
            continue;
        }
        let Some(n) = default_number else { continue };
        for (key, below) in [("Config.MinValue", true), ("Config.MaxValue", false)] {
            let Some(bound) = parameter.attribute(key).filter(|a| a.operator == Operator::Assign) else { continue };
            let Some(limit) = number(&bound.value) else { continue };
            if (below && n < limit) || (!below && n > limit) {
                let word = if below { "below" } else { "above" };
                out.push(
                    Diagnostic::new(&RULE, value.span, format!("default `{shown}` is {word} `{}`", bound.key.text))
                        .with_label(format!("{word} the bound"))
                        .with_secondary(bound.value.span, "the bound"),
                );
            }
        }
    }
}

/// A literal that is one value (not empty, not a list, not `undefined`).
fn is_scalar(value: &Value) -> bool {
    matches!(value.kind, ValueKind::String { .. } | ValueKind::Integer(_) | ValueKind::Float(_) | ValueKind::Boolean(_))
}

/// A literal number, also when written as a string.
fn number(value: &Value) -> Option<f64> {
    match &value.kind {
        ValueKind::Integer(i) => Some(*i as f64),
        ValueKind::Float(f) => Some(*f),
        ValueKind::String { text, .. } => text.trim().parse().ok().filter(|n: &f64| n.is_finite()),
        _ => None,
    }
}

fn parameter_type_span(parameter: &Section) -> crate::span::Span {
    parameter.attribute("ParameterType").map_or(parameter.header_span, |a| a.value.span)
}
