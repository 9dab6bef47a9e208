use crate::diagnostic::Diagnostic;
use crate::knowledge::attributes::{lookup, AttrType};
use crate::model::{Operator, ValueKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a numeric attribute written with thousands separators, such as
    /// `Config.MaxValue = 32,000`, and suggests the number without commas as a fix.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// In a `=` value a top-level comma builds a list (spec 1.5), so `32,000` is the
    /// two-element list `[32, 0]`, not thirty-two thousand: the bound or count is wrong or
    /// rejected.
    ///
    /// Tuned against: the slurm templates (and their many forks), whose core-count number boxes
    /// set `Config.MaxValue = 32,000`; only known numeric attributes are checked, so a list of
    /// zones such as `Zone = 1,3` or of machine types is not reported.
    ///
    /// ## Example
    /// ```ini
    /// [[[parameter MaxExecuteCoreCount]]]
    /// Config.MaxValue = 32,000
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[parameter MaxExecuteCoreCount]]]
    /// Config.MaxValue = 32000
    /// ```
    ///
    /// ## Fix
    /// Safe (`check --fix`): the commas are removed. Only known numeric attributes whose items
    /// are digit groups of three are reported, where a list is never a valid value, so the fix
    /// writes the number the author evidently meant.
    pub static RULE = {
        name: "comma-in-number",
        severity: Warning,
        summary: "a number written with thousands separators, which makes a list",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in &ctx.template.sections {
        for attribute in &section.attributes {
            if attribute.operator != Operator::Assign {
                continue;
            }
            let ValueKind::List(items) = &attribute.value.kind else { continue };
            let numeric = lookup(section.kind, &attribute.key.text)
                .is_some_and(|spec| matches!(spec.ty, AttrType::Integer | AttrType::Float));
            if !numeric || items.len() < 2 {
                continue;
            }
            let groups: Vec<&str> = items.iter().map(|item| ctx.text(item.span).trim()).collect();
            let digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
            let grouped = groups.iter().all(|g| digits(g))
                && (1..=3).contains(&groups[0].len())
                && groups[1..].iter().all(|g| g.len() == 3);
            if !grouped {
                continue;
            }
            let number: String = groups.concat();
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.value.span,
                    format!(
                        "`{}` is a list of {} numbers, not the number `{number}`",
                        ctx.text(attribute.value.span),
                        groups.len()
                    ),
                )
                .with_label("commas separate list items")
                .with_help(format!("write `{number}`"))
                .with_fix(attribute.value.span, number),
            );
        }
    }
}
