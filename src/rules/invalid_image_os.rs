use crate::diagnostic::Diagnostic;
use crate::rules::node_support::check_os_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `ImageOS` whose value is neither `windows` nor `linux` (case-insensitive), with
    /// "did you mean" for a near miss.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "the ImageOS attribute must be set to either `windows` or
    /// `linux`". Any other value leaves CycleCloud unable to structure the OS extension of the VM.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Compute/images/MyImage
    /// ImageOS = centos
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Compute/images/MyImage
    /// ImageOS = linux
    /// ```
    ///
    /// ## Tuned against
    /// Templates that compute the OS (`ImageOS = ${os == "windows" ? "windows" : "linux"}`) or take
    /// it from a parameter without a default: those are not guessed at. A `$Param` with a literal
    /// default is checked at the default, once, however many nodes use it.
    pub static RULE = {
        name: "invalid-image-os",
        severity: Error,
        summary: "an `ImageOS` other than `windows` or `linux`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    check_os_value(ctx, &RULE, "ImageOS", out);
}
