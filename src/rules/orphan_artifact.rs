use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `Artifact` whose `Package` and `Version` match no `Package` record, in the same
    /// file or in any `--registry` file.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: an image "consist[s] of a `Package` record [...] and one or
    /// more corresponding `Artifact` records". An artifact of a package version that does not
    /// exist is never selected: usually the package's `Version` was bumped and the artifact's was
    /// not.
    ///
    /// ## Example
    /// ```ini
    /// AdType = "Package"
    /// Name = "r_execute"
    /// Version = "2.1.1"
    /// PackageType = "image"
    ///
    /// AdType = "Artifact"
    /// Package = "r_execute"
    /// Version = "2.1.0"
    /// Name = "az/ue"
    /// Provider = "az"
    /// ImageId = "Order66"
    /// ```
    ///
    /// Use instead: the artifact's `Version = "2.1.1"`.
    /// ```ini
    /// Version = "2.1.1"
    /// ```
    ///
    /// ## Tuned against
    /// Registries split into a packages file and an artifacts file: the packages of every
    /// `--registry` file are looked at, not only those of the file being checked.
    pub static RULE = {
        name: "orphan-artifact",
        severity: Error,
        summary: "an artifact whose package version has no `Package` record",
        check: Some(check),
    };
}

/// Runs on record files; JSON registries get the same checks from `registry::validate`.
fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    ctx.push_record_findings(&RULE, out);
}
