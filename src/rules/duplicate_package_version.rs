use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `Package` record with the same `Name` (case-insensitive) and `Version` as an
    /// earlier one in the same registry file, with a secondary label at the first.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "If you add more than one image package with the same
    /// name, they must have different version numbers." With two, which one a node gets is not
    /// defined, and neither is which artifacts belong to it.
    ///
    /// ## Example
    /// ```ini
    /// AdType = "Package"
    /// Name = "r_execute"
    /// Version = "2.1.1"
    /// PackageType = "image"
    ///
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
    /// AdType = "Package"
    /// Name = "r_execute"
    /// Version = "2.2.0"
    /// PackageType = "image"
    /// ```
    ///
    /// ## Tuned against
    /// Versions compare as numbers part by part, so `1.0` and `01.0` are the same version, while
    /// `1.2` and `1.2.0` are different ones (as CycleCloud orders them).
    pub static RULE = {
        name: "duplicate-package-version",
        severity: Error,
        summary: "two packages with the same name and version",
        check: Some(check),
    };
}

/// Runs on record files; JSON registries get the same checks from `registry::validate`.
fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    ctx.push_record_findings(&RULE, out);
}
