use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::node_image::{parse_os, setting};
use crate::rules::node_support::{at_value, push_merged};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `Azure.OS` whose value is neither `linux` nor `windows` (case-insensitive).
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
    for node in ctx.nodes() {
        let Some(os) = setting(node, ctx.parameters(), ctx.source, "Azure.OS") else { continue };
        let Some(text) = os.text() else { continue };
        if parse_os(text).is_some() {
            continue;
        }
        let d = at_value(
            &RULE,
            node,
            &os,
            format!("`{}` is `{}`, not `linux` or `windows`", os.attr.attribute.key.text, text.trim()),
        )
        .with_label("not an OS CycleCloud knows")
        .with_help("write `linux` or `windows`")
        .with_help_opt(did_you_mean(text.trim(), ["linux", "windows"]));
        push_merged(out, d);
    }
}
