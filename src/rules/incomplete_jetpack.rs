use crate::diagnostic::Diagnostic;
use crate::node_image::setting;
use crate::rules::node_support::{at_header, describe};
use crate::rules::Context;
use crate::target::CycleCloudVersion;

declare_rule! {
    /// ## What it does
    /// Reports a launchable node with `InstallJetpack = true` that pins a `JetpackVersion` but
    /// names no `JetpackPlatform` (after inheritance). Checked against a CycleCloud release before
    /// 7.7 (`cyclecloud-version`), a node with `InstallJetpack = true` and no `JetpackVersion` is
    /// reported too: those releases required it, later ones default to the server's Jetpack.
    ///
    /// Applies to: every CycleCloud version (the missing `JetpackVersion` before 7.7 only).
    /// Providers: all.
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
        let Some(version) = get("JetpackVersion") else {
            // Before 7.7 CycleCloud installed the version it was told; later releases default to
            // the Jetpack that matches the server.
            if ctx.version < CycleCloudVersion::new(7, 7) && node.get("JetpackVersion").is_none() {
                out.push(
                    at_header(&RULE, node, format!("{} installs Jetpack with no `JetpackVersion`", describe(node)))
                        .with_label("no `JetpackVersion`")
                        .with_secondary(install.attr.attribute.span(), "`InstallJetpack` set here")
                        .with_help(format!(
                            "add `JetpackVersion` (the version of the CycleCloud {} server, such as `{}.0`)",
                            ctx.version, ctx.version
                        )),
                );
            }
            continue;
        };
        // Any `JetpackPlatform` written counts, even an empty one or a parameter: only the
        // missing attribute is reported.
        if node.get("JetpackPlatform").is_some() {
            continue;
        }
        out.push(
            at_header(&RULE, node, format!("{} installs Jetpack with no `JetpackPlatform`", describe(node)))
                .with_label("no `JetpackPlatform`")
                .with_secondary(version.attr.attribute.span(), "`JetpackVersion` set here")
                .with_help(
                    "add `JetpackPlatform` (`centos-7`, `centos-6`, `ubuntu-16.04`, `ubuntu-14.04` or `windows`)",
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::lint::Linter;
    use crate::target::CycleCloudVersion;

    const TEXT: &str = "[cluster a]\n[[node m]]\nMachineType = x\nSubnetId = a/b/c\nCredentials = c\n\
                        ImageName = cycle.image.centos7\nInstallJetpack = true\n";

    fn messages(version: CycleCloudVersion) -> Vec<String> {
        let mut settings = Settings::default();
        settings.cyclecloud_version = version;
        let result = Linter::new().check_text_with("a.txt", TEXT.to_string(), &settings);
        result.diagnostics.iter().filter(|d| d.rule == "incomplete-jetpack").map(|d| d.message.clone()).collect()
    }

    #[test]
    fn jetpack_version_is_required_before_7_7_only() {
        assert_eq!(messages(CycleCloudVersion::new(7, 6)), ["node `m` installs Jetpack with no `JetpackVersion`"]);
        assert!(messages(CycleCloudVersion::new(7, 7)).is_empty());
        assert!(messages(CycleCloudVersion::CURRENT).is_empty());
    }
}
