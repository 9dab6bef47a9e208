use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `Package` record for which no `Artifact` of the same name and version exists, in
    /// the same file or in any `--registry` file.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: artifacts "specify the actual image id in the appropriate
    /// cloud provider", and "you must include all the artifacts required to use that image in all
    /// the 'locations' you want". A package without any can be launched nowhere, yet it shows in
    /// the image dropdown.
    ///
    /// ## Example
    /// ```ini
    /// AdType = "Package"
    /// Name = "r_execute"
    /// Version = "2.1.1"
    /// PackageType = "image"
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// AdType = "Package"
    /// Name = "r_execute"
    /// Version = "2.1.1"
    /// PackageType = "image"
    ///
    /// AdType = "Artifact"
    /// Package = "r_execute"
    /// Version = "2.1.1"
    /// Name = "az/ue"
    /// Provider = "az"
    /// ImageId = "Order66"
    /// ```
    ///
    /// ## Tuned against
    /// A warning, not an error: a registry may keep packages whose artifacts live in another file
    /// that was not passed with `--registry`.
    pub static RULE = {
        name: "package-without-artifacts",
        severity: Warning,
        summary: "a package version with no artifact",
        check: Some(check),
    };
}

/// Runs on record files; JSON registries get the same checks from `registry::validate`.
fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    ctx.push_record_findings(&RULE, out);
}
