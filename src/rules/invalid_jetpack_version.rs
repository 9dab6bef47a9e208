use crate::diagnostic::Diagnostic;
use crate::node_image::setting;
use crate::registry::Version;
use crate::rules::node_support::at_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `JetpackVersion` that is not a dotted number such as `7.1.0`.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page writes `JetpackVersion = 7.1.0`: the version of the Jetpack
    /// package to install. Anything else names no package, and the installation fails on the VM.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// InstallJetpack = true
    /// JetpackVersion = 7.1.0-latest
    /// JetpackPlatform = centos-7
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// InstallJetpack = true
    /// JetpackVersion = 7.1.0
    /// JetpackPlatform = centos-7
    /// ```
    ///
    /// ## Tuned against
    /// `JetpackVersion = 7.5.0` and `6.8.0` in CycleCloud 7 templates (read as written, never as
    /// a float), and versions taken from parameters without defaults, which are not guessed at.
    pub static RULE = {
        name: "invalid-jetpack-version",
        severity: Error,
        summary: "a `JetpackVersion` that is not a dotted number",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes() {
        let Some(s) = setting(node, ctx.parameters(), ctx.source, "JetpackVersion") else { continue };
        let Some(text) = s.text().map(str::trim) else { continue };
        if text.parse::<Version>().is_ok() {
            continue;
        }
        let d = at_value(&RULE, node, &s, format!("`JetpackVersion` `{text}` is not a dotted number"))
            .with_label("not a version")
            .with_help("write the version as dotted numbers, such as `7.1.0`");
        out.push(d);
    }
}
