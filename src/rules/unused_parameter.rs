use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::model::{Section, SectionId, SectionKind};
use crate::rules::references::is_identifier;
use crate::rules::{missing_required_attribute, parameter_type_mismatch, undefined_parameter, Context};

declare_rule! {
    /// ## What it does
    /// Reports a `[[[parameter]]]` that nothing refers to: no attribute value, section name,
    /// expression or condition names it. Display-only parameters are skipped: HTML widgets
    /// (`Config.Plugin = pico.widget.HtmlTemplateWidget`, `ParameterType = HtmlTemplate`, or a
    /// parameter with `Config.Template` and no `DefaultValue`), and parameters whose name holds
    /// white space, which no `$` can reach. A `SubnetId` (`Credentials`, `MachineType`) parameter
    /// that nodes lack is reported once, by `missing-required-attribute`.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The user fills in a field that changes nothing: usually the attribute that should read
    /// it was deleted or still holds a literal (`Credentials = azure` next to a `Credentials`
    /// parameter).
    ///
    /// Tuned against: the GlusterFS client template defines a `Credentials` parameter that its
    /// only node never reads, and slurm-style templates gate other parameters with
    /// `Conditions.Hidden := !UseKeyVault` and `Disabled = SomeFlag`; those flags count as used.
    ///
    /// ## Example
    /// ```ini
    /// [[node defaults]]
    /// Credentials = azure
    ///
    /// [[[parameter Credentials]]]
    /// ParameterType = Cloud.Credentials
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node defaults]]
    /// Credentials = $Credentials
    ///
    /// [[[parameter Credentials]]]
    /// ParameterType = Cloud.Credentials
    /// ```
    pub static RULE = {
        name: "unused-parameter",
        severity: Warning,
        summary: "a parameter that nothing in the template refers to",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // A file without a `[cluster]` is a fragment (build scripts concatenate pieces): its
    // parameters are used, or not, by the other pieces.
    if ctx.template.sections_of(SectionKind::Cluster).next().is_none() {
        return;
    }
    // The parameters no reference names, in file order.
    let unused = undefined_parameter::unused_parameters(ctx);
    // A parameter that an undefined reference most likely meant is reported there, once, as the
    // typo it is (`undefined-parameter` labels it), not a second time here.
    let meant: HashSet<SectionId> = undefined_parameter::undefined_references(ctx)
        .iter()
        .filter_map(|r| undefined_parameter::meant(r.name, &unused))
        .map(|p| p.id)
        .collect();
    // A parameter named like a required key that nodes lack is `missing-required-attribute`'s
    // one finding for that cause.
    let covered: HashSet<SectionId> =
        missing_required_attribute::unused_required_parameters(ctx).iter().map(|c| c.parameter.id).collect();
    // A parameter of the right type beside a mistyped one (`Region = $Credentials` and an unused
    // `Region`) is `parameter-type-mismatch`'s "probably the one meant".
    let mistyped: HashSet<SectionId> =
        parameter_type_mismatch::mismatches(ctx).iter().filter_map(|m| m.meant).map(|p| p.id).collect();
    let mut reported = HashSet::new();
    for &parameter in &unused {
        if meant.contains(&parameter.id) || covered.contains(&parameter.id) || mistyped.contains(&parameter.id) {
            continue;
        }
        let Some(name) = &parameter.name else { continue };
        // A name with white space cannot be referenced (`$` stops at it): such a parameter is
        // a note to the user, such as an image list to copy from.
        let referable = is_identifier(&name.text);
        if !referable || is_display_only(parameter) || !reported.insert(name.lookup()) {
            continue;
        }
        out.push(
            Diagnostic::new(&RULE, name.span, format!("parameter `{}` is never used", name.text))
                .with_label("defined here, referenced nowhere")
                .with_help(format!("refer to it as `${}`, or remove it", name.text)),
        );
    }
}

/// A widget that only shows text: it has no value to use.
fn is_display_only(parameter: &Section) -> bool {
    let literal = |key: &str| parameter.attribute(key).and_then(|a| a.value.literal_text());
    let is = |key: &str, expected: &str| literal(key).is_some_and(|v| v.trim().eq_ignore_ascii_case(expected));
    is("Config.Plugin", "pico.widget.HtmlTemplateWidget")
        || is("ParameterType", "HtmlTemplate")
        || (parameter.attribute("Config.Template").is_some() && parameter.attribute("DefaultValue").is_none())
}
