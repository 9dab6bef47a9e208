use crate::diagnostic::Diagnostic;
use crate::node_image::setting;
use crate::rules::node_support::{at_header, describe};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a launchable node with `InstallJetpack = true` that pins a `JetpackVersion` but
    /// names no `JetpackPlatform` (after inheritance).
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "For new images that are not managed by CycleCloud, you
    /// must specify which version and platform of Jetpack to install". A version without a
    /// platform leaves CycleCloud to pick an installer for an image it knows nothing about.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// InstallJetpack = true
    /// JetpackVersion = 7.1.0
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
    /// Most accepted templates in the corpus write `InstallJetpack = true` with a
    /// `JetpackPlatform` and no `JetpackVersion`, or with neither (custom gallery images on
    /// CycleCloud 8, where `JetpackPlatform` is deprecated and the Jetpack matching the server is
    /// installed). Neither is an error today, so only the half-written CycleCloud 7 form, a
    /// pinned version without a platform, is reported.
    pub static RULE = {
        name: "incomplete-jetpack",
        severity: Error,
        summary: "`InstallJetpack = true` with a `JetpackVersion` and no `JetpackPlatform`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes().iter().filter(|n| n.is_launchable()) {
        let get = |key| setting(node, ctx.parameters(), ctx.source, key);
        let Some(install) = get("InstallJetpack") else { continue };
        if !install.text().is_some_and(|t| t.trim().eq_ignore_ascii_case("true")) {
            continue;
        }
        let Some(version) = get("JetpackVersion") else { continue };
        if get("JetpackPlatform").is_some() || node.get("JetpackPlatform").is_some() {
            continue;
        }
        out.push(
            at_header(&RULE, node, format!("{} installs Jetpack with no `JetpackPlatform`", describe(node)))
                .with_label("no `JetpackPlatform`")
                .with_secondary(version.attr.attribute.span, "`JetpackVersion` set here")
                .with_help(
                    "add `JetpackPlatform` (`centos-7`, `centos-6`, `ubuntu-16.04`, `ubuntu-14.04` or `windows`)",
                ),
        );
    }
}
