use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `Version` of a `Package` or `Artifact` record that is not a dotted number
    /// (`1.0`, `2.1.1`).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: CycleCloud picks "the image with the highest version
    /// number, by treating the version number as a dotted string and comparing each part as a
    /// number". A version such as `v2` or `2.1-beta` cannot be compared, so the package is never
    /// chosen and `ImageVersion` never matches it.
    ///
    /// ## Example
    /// ```ini
    /// AdType = "Package"
    /// Name = "r_execute"
    /// Version = "v2.1"
    /// PackageType = "image"
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// AdType = "Package"
    /// Name = "r_execute"
    /// Version = "2.1"
    /// PackageType = "image"
    /// ```
    ///
    /// ## Tuned against
    /// `Version = 1.0` written as a bare number (not a string) is read as written, `1.0`, and
    /// accepted; `cyclecloud image add` writes `1.0` by default.
    pub static RULE = {
        name: "invalid-package-version",
        severity: Error,
        summary: "a package or artifact `Version` that is not a dotted number",
        check: Some(check),
    };
}

/// Runs on record files; JSON registries get the same checks from `registry::validate`.
fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    ctx.push_record_findings(&RULE, out);
}
