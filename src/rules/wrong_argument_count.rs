use crate::diagnostic::Diagnostic;
use crate::knowledge::functions;
use crate::model::ExprKind;
use crate::rules::unknown_function::calls;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a call to a known function with a number of arguments it does not take
    /// (`ifThenElse` takes 3, `substr` 2 or 3, `regexps` 3 or 4, `undefined()` none).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The call is an evaluation error: the attribute it computes is lost, usually found only
    /// when a node fails to start.
    ///
    /// Tuned against: templates that call `strjoin` both as `strjoin(sep, list)` and with many
    /// strings, and `regexp` with and without options; both forms are accepted.
    ///
    /// ## Example
    /// ```ini
    /// MachineType = ${ifThenElse(UseGPU, GPUMachineType)}
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// MachineType = ${ifThenElse(UseGPU, GPUMachineType, CPUMachineType)}
    /// ```
    pub static RULE = {
        name: "wrong-argument-count",
        severity: Error,
        summary: "a call with a number of arguments the function does not take",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (name, call) in calls(ctx.template) {
        let ExprKind::Call { args, .. } = &call.kind else { continue };
        let Some(spec) = functions::lookup(&name.text) else { continue };
        if spec.accepts(args.len()) {
            continue;
        }
        let given = match args.len() {
            1 => "1 argument".to_string(),
            n => format!("{n} arguments"),
        };
        out.push(
            Diagnostic::new(&RULE, call.span, format!("`{}` takes {}, not {}", name.text, spec.arity(), args.len()))
                .with_label(format!("called with {given}"))
                .with_help(spec.description),
        );
    }
}
