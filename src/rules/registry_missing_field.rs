use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `Package` record without `Name`, `Version` or `PackageType`, and an `Artifact`
    /// record without `Package`, `Version`, `Name`, `Provider` or `ImageId`, in a registry file
    /// (ClassAd record text or JSON).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: images "consist of a `Package` record that identifies the
    /// contents of the logical image and one or more corresponding `Artifact` records that specify
    /// the actual image id", and "You must specify `Provider` on the artifact." A record without
    /// these fields matches no node or launches nothing.
    ///
    /// ## Example
    /// ```ini
    /// AdType = "Artifact"
    /// Package = "r_execute"
    /// Version = "2.1.1"
    /// Name = "az/ue"
    /// ImageId = "Order66"
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// AdType = "Artifact"
    /// Package = "r_execute"
    /// Version = "2.1.1"
    /// Name = "az/ue"
    /// Provider = "az"
    /// ImageId = "Order66"
    /// ```
    ///
    /// ## Tuned against
    /// Record files of other `AdType`s (`Cloud.Project`, `Application.Setting`) in the corpus are
    /// not image records and are not checked. The AWS-era example spells `PackageType = "Image"`,
    /// which counts as present.
    pub static RULE = {
        name: "registry-missing-field",
        severity: Error,
        summary: "a `Package` or `Artifact` record without a required field",
        check: Some(check),
    };
}

/// Runs on record files; JSON registries get the same checks from `registry::validate`.
fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    ctx.push_record_findings(&RULE, out);
}
