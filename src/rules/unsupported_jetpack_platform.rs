use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::node_image::{jetpack_platform_os, setting, JETPACK_PLATFORMS};
use crate::rules::node_support::at_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `JetpackPlatform` other than `windows`, `centos-6`, `centos-7`, `ubuntu-14` or
    /// `ubuntu-16` (`ubuntu-14.04` and `ubuntu-16.04` are accepted spellings), case-insensitively,
    /// with "did you mean" for a near miss.
    ///
    /// Applies to: CycleCloud 7 and 8 (`JetpackPlatform` is deprecated since 7.7.0 but still read).
    /// Providers: all.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "`jetpackplatform = windows` works for all versions of
    /// Windows, or with centos-6, centos-7, ubuntu-14, or ubuntu-16 only." There is no Jetpack
    /// package for another platform, so the installation fails on the new VM.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// InstallJetpack = true
    /// JetpackPlatform = centos7
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// InstallJetpack = true
    /// JetpackPlatform = centos-7
    /// ```
    ///
    /// ## Tuned against
    /// Templates that look the platform up from the chosen image
    /// (`JetpackPlatform = ${jetpack_platform[ImageName]}`): computed values are not guessed at.
    /// Every literal platform in the corpus (`centos-7`, `centos-6`, `windows`, `ubuntu-16.04`) is
    /// accepted.
    pub static RULE = {
        name: "unsupported-jetpack-platform",
        severity: Error,
        summary: "a `JetpackPlatform` for which there is no Jetpack package",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes() {
        let Some(s) = setting(node, ctx.parameters(), ctx.source, "JetpackPlatform") else { continue };
        let Some(text) = s.text().map(str::trim) else { continue };
        if jetpack_platform_os(text).is_some() {
            continue;
        }
        let d = at_value(&RULE, node, &s, format!("there is no Jetpack for platform `{text}`"))
            .with_label("not a Jetpack platform")
            .with_help("use `windows`, `centos-6`, `centos-7`, `ubuntu-14.04` or `ubuntu-16.04`")
            .with_help_opt(did_you_mean(text, JETPACK_PLATFORMS.iter().copied()));
        out.push(d);
    }
}
