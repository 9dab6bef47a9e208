use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::knowledge::attributes::{attributes_for, lookup};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an attribute that is not known for its section kind (see `docs/attributes.md`),
    /// with "did you mean" from the known names. Names are compared case-insensitively:
    /// `KeypairLocation` is `KeyPairLocation`. Open key spaces are never reported:
    /// `[[[configuration]]]`, `[[[[record]]]]`, `[[[[list]]]]`, and families such as `Tags.*`,
    /// `Config.*`, `Widget.*`, `Conditions.*` and `ParameterValues.*`.
    ///
    /// ## Why is this bad?
    /// CycleCloud silently ignores an attribute it does not know: `MachineTyp = Standard_F4s`
    /// leaves the node without the intended size, with no error at import.
    ///
    /// Tuned against: a family of community PBS templates misspells `Required` as `requied`
    /// in every parameter, others write `DowloadJetpack`, put `version =` in a nodearray after
    /// its cluster-init header was commented out, or set configuration keys (`ray.port`) on a
    /// node without `[[[configuration]]]`; all reported. Legacy keys (`Azure.MaxScalesetSize`
    /// in any case, AWS-era keys) are in the tables and stay silent.
    ///
    /// ## Example
    /// ```ini
    /// [[node scheduler]]
    /// MachineTyp = Standard_F4s
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node scheduler]]
    /// MachineType = Standard_F4s
    /// ```
    pub static RULE = {
        name: "unknown-attribute",
        severity: Warning,
        summary: "an attribute that is not known for its section kind",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in &ctx.template.sections {
        let Some(table) = attributes_for(section.kind) else { continue };
        for attribute in &section.attributes {
            if lookup(section.kind, &attribute.key.text).is_some() {
                continue;
            }
            let candidates = table.iter().filter(|spec| !spec.is_family()).map(|spec| spec.name);
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.key.span,
                    format!("unknown attribute `{}` in a `{}` section", attribute.key.text, section.kind.keyword()),
                )
                .with_label("not a known attribute")
                .with_help_opt(did_you_mean(&attribute.key.text, candidates)),
            );
        }
    }
}
