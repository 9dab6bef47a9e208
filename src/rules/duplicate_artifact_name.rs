use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `Artifact` record with the same `Name` (case-insensitive) as an earlier artifact
    /// of the same package and version in the same registry file.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "The name of the artifact is not important, except that
    /// it must be unique to all artifacts for a given package and version." A second artifact of
    /// that name replaces the first when the registry is imported.
    ///
    /// ## Example
    /// ```ini
    /// AdType = "Artifact"
    /// Package = "r_execute"
    /// Version = "2.1.1"
    /// Name = "az/ue"
    /// Provider = "az"
    /// Region = "eastus"
    /// ImageId = "Order66"
    ///
    /// AdType = "Artifact"
    /// Package = "r_execute"
    /// Version = "2.1.1"
    /// Name = "az/ue"
    /// Provider = "az"
    /// Region = "westeurope"
    /// ImageId = "Order67"
    /// ```
    ///
    /// Use instead: name the second one `az/westeurope`.
    /// ```ini
    /// Name = "az/westeurope"
    /// ```
    ///
    /// ## Tuned against
    /// Artifacts copied from one region to the next where only `Region` and `ImageId` were
    /// changed: the name, not the region, is what must differ. Artifacts of different versions of
    /// one package may share a name.
    pub static RULE = {
        name: "duplicate-artifact-name",
        severity: Error,
        summary: "two artifacts with the same name for one package version",
        check: Some(check),
    };
}

/// Runs on record files; JSON registries get the same checks from `registry::validate`.
fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    ctx.push_record_findings(&RULE, out);
}
