use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::knowledge::functions::{self, FUNCTIONS};
use crate::model::{Expr, ExprKind, Name, Template};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a call in `${…}` or a `:=` expression to a function that is neither one of
    /// CycleCloud's (spec 4.4: `ifThenElse`, `strcat`, `regexps`, `toLower`, ...) nor a
    /// standard ClassAd function, with "did you mean". Names compare case-insensitively
    /// (`IfThenElse`, `StrJoin`).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The expression evaluates to an error, so the attribute is lost (a computer name, a
    /// subnet, a condition) and the failure only shows when the cluster starts.
    ///
    /// Tuned against: slurm templates that nest `toLower(regexps(…, ifThenElse(…)))` in one
    /// computer name and hpcpack templates using `StrJoin` and `Size` in mixed case; all are
    /// known functions.
    ///
    /// ## Example
    /// ```ini
    /// ComputerName = ${toLowr(ClusterName)}-scheduler
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// ComputerName = ${toLower(ClusterName)}-scheduler
    /// ```
    pub static RULE = {
        name: "unknown-function",
        severity: Warning,
        summary: "a call to a function that the expression language does not have",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (name, _) in calls(ctx.template) {
        if functions::lookup(&name.text).is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(&RULE, name.span, format!("unknown function `{}`", name.text))
                .with_label("not a known function")
                .with_help_opt(did_you_mean(&name.text, FUNCTIONS.iter().map(|f| f.name))),
        );
    }
}

/// Every function call of the template's values: the name and the call expression.
pub(super) fn calls(template: &Template) -> Vec<(&Name, &Expr)> {
    let mut out = Vec::new();
    let attributes = template.top_attributes.iter().chain(template.sections.iter().flat_map(|s| &s.attributes));
    for attribute in attributes {
        attribute.value.walk_exprs(&mut |e: &Expr| {
            if let ExprKind::Call { name, .. } = &e.kind {
                out.push((&**name, e));
            }
        });
    }
    out
}
