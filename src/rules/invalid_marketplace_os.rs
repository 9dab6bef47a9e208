use crate::diagnostic::Diagnostic;
use crate::rules::node_support::check_os_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `Azure.OS` whose value is neither `linux` nor `windows` (case-insensitive).
    ///
    /// Applies to: every CycleCloud version. Providers: Azure (marketplace images are Azure's).
    ///
    /// ## Why is this bad?
    /// `Azure.OS` tells CycleCloud which kind of VM a marketplace image makes; the "Custom Machine
    /// Images" page writes it `Azure.OS = linux`, and CycleCloud knows only `linux` and `windows`.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// Azure.OS = ubuntu
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// Azure.OS = linux
    /// ```
    ///
    /// ## Tuned against
    /// Templates that write `Azure.OS = $ImageOS` with a parameter whose default is `linux`: the
    /// default is what is checked, and a parameter without a default is not guessed at.
    pub static RULE = {
        name: "invalid-marketplace-os",
        severity: Error,
        summary: "an `Azure.OS` other than `linux` or `windows`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    check_os_value(ctx, &RULE, "Azure.OS", out);
}
