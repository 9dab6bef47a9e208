use crate::diagnostic::Diagnostic;
use crate::node_image::Form;
use crate::rules::node_support::{at_header, describe};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a launchable node or nodearray with no image at all after inheritance: no `ImageId`,
    /// `ImageName`, `Image`, marketplace attribute (`Azure.Publisher`, …) or `ImageUrl`, neither in
    /// the section, nor in `[[node defaults]]`, nor in a base it `Extends`.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The node reference lists the image among the "minimum of four required attributes" of a
    /// node. A node without one cannot be launched.
    ///
    /// ## Example
    /// ```ini
    /// [cluster demo]
    /// [[node scheduler]]
    /// MachineType = Standard_D4s_v5
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [cluster demo]
    /// [[node scheduler]]
    /// MachineType = Standard_D4s_v5
    /// ImageName = cycle.image.ubuntu22
    /// ```
    ///
    /// ## Tuned against
    /// Templates whose every image is `ImageName = $SchedulerImageName` with a parameter whose
    /// default is `=undefined` (picked in the UI), or `ImageName = ${strcat(SIGurl, …)}`: both
    /// count as set. So do images set in `[[node defaults]]`, repeated `[[node defaults]]` sections,
    /// and `Extends` chains; abstract bases are not launched and are not reported.
    pub static RULE = {
        name: "missing-image",
        severity: Error,
        summary: "a launchable node with no image",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (node, image) in ctx.nodes_with_images().filter(|(n, _)| n.is_launchable()) {
        // Any attribute line counts, even one whose value is empty: the author meant to set it.
        let written = Form::ALL.iter().any(|&f| image.has(f))
            || ["ImageId", "ImageName", "Image", "ImageUrl", "Azure.Publisher", "Azure.Offer", "Azure.Sku"]
                .iter()
                .any(|k| node.get(k).is_some());
        if written {
            continue;
        }
        out.push(
            at_header(&RULE, node, format!("{} has no image", describe(node)))
                .with_label("no `ImageName`, `Image`, `ImageId` or marketplace image")
                .with_help("add `ImageName = cycle.image.ubuntu22` (or another image) here or in `[[node defaults]]`"),
        );
    }
}
