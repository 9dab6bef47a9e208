use crate::diagnostic::Diagnostic;
use crate::node_image::Form;
use crate::rules::node_support::{at_header, describe};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a launchable node whose image is a complete marketplace image (`Azure.Publisher`,
    /// `Azure.Offer`, `Azure.Sku`, `Azure.ImageVersion`) with no `Azure.OS` (nor `ImageOS`).
    ///
    /// Applies to: every CycleCloud version. Providers: Azure (marketplace images are Azure's).
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page lists `Azure.OS` among the attributes that "must be set to
    /// identify the image". CycleCloud does not look the OS up in the marketplace: it needs to be
    /// told whether to prepare a Linux or a Windows VM.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// Azure.Publisher = OpenLogic
    /// Azure.Offer = CentOS-HPC
    /// Azure.Sku = 7.4
    /// Azure.ImageVersion = latest
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// Azure.Publisher = OpenLogic
    /// Azure.Offer = CentOS-HPC
    /// Azure.Sku = 7.4
    /// Azure.ImageVersion = latest
    /// Azure.OS = linux
    /// ```
    ///
    /// ## Tuned against
    /// An LSF template whose master nodearray clears the catalogue image from `defaults`
    /// (`ImageName := undefined`), gives a CentOS marketplace image, and says its OS with
    /// `ImageOs = linux` rather than `Azure.OS`: `ImageOS` (any spelling) tells CycleCloud the same
    /// thing, so such nodes are not reported.
    pub static RULE = {
        name: "missing-marketplace-os",
        severity: Warning,
        summary: "a marketplace image without `Azure.OS`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (node, image) in ctx.nodes_with_images().filter(|(n, _)| n.is_launchable()) {
        if image.winner() != Some(Form::Marketplace) || image.marketplace().iter().any(Option::is_none) {
            continue;
        }
        if image.azure_os().is_some() || image.image_os().is_some() || node.get("Azure.OS").is_some() {
            continue;
        }
        let publisher = image.marketplace()[0].expect("checked above");
        out.push(
            at_header(&RULE, node, format!("the marketplace image of {} has no `Azure.OS`", describe(node)))
                .with_label("no `Azure.OS`")
                .with_secondary(publisher.attr.attribute.span(), "marketplace image set here")
                .with_help("add `Azure.OS = linux` or `Azure.OS = windows`"),
        );
    }
}
