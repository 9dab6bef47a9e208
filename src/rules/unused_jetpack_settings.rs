use crate::diagnostic::Diagnostic;
use crate::node_image::setting;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports `JetpackVersion`, `JetpackPlatform` or `AwaitInstallation = true` written in the
    /// same section as the `InstallJetpack = false` that a node ends up with.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "If jetpack will not be installed, set the
    /// `installjetpack` attribute to false and leave out the remaining information." The leftover
    /// settings do nothing and suggest that Jetpack is installed.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// InstallJetpack = false
    /// JetpackPlatform = centos-7
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// InstallJetpack = false
    /// ```
    ///
    /// ## Tuned against
    /// Appliance images (an Avere vFXT marketplace image) written with `InstallJetpack = False`
    /// and `AwaitInstallation = False`: telling CycleCloud not to wait is meaningful there, so
    /// only `AwaitInstallation = true` is a leftover. Also a `[[node defaults]]` that installs
    /// Jetpack with a platform for every node, and one node that turns it off: the inherited
    /// platform is needed by the other nodes, so only leftovers written beside the
    /// `InstallJetpack = false` are reported.
    pub static RULE = {
        name: "unused-jetpack-settings",
        severity: Warning,
        summary: "Jetpack settings beside `InstallJetpack = false`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes() {
        let Some(install) = setting(node, ctx.parameters(), ctx.source, "InstallJetpack") else { continue };
        if !install.text().is_some_and(|t| t.trim().eq_ignore_ascii_case("false")) {
            continue;
        }
        for key in ["JetpackVersion", "JetpackPlatform", "AwaitInstallation"] {
            let Some(leftover) = node.get(key) else { continue };
            if leftover.section.id != install.attr.section.id {
                continue;
            }
            // `AwaitInstallation = false` says what it means for an image without Jetpack (an
            // appliance): only a leftover `true` waits for an installation that never comes.
            if key == "AwaitInstallation" && leftover.attribute.value.as_bool() != Some(true) {
                continue;
            }
            let d = Diagnostic::new(
                &RULE,
                leftover.attribute.span(),
                format!("`{}` has no effect: Jetpack is not installed", leftover.attribute.key.text),
            )
            .with_label("unused")
            .with_secondary(install.attr.attribute.span(), "`InstallJetpack = false` here")
            .with_help(format!("remove `{}`", leftover.attribute.key.text));
            out.push(d);
        }
    }
}
