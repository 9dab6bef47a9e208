use crate::diagnostic::Diagnostic;
use crate::node_image::{Form, MARKETPLACE_KEYS};
use crate::rules::node_support::{at_header, describe};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a launchable node whose image is a marketplace image (no `ImageId`, `ImageName` or
    /// `Image` after inheritance) with some but not all of `Azure.Publisher`, `Azure.Offer`,
    /// `Azure.Sku` and `Azure.ImageVersion`.
    ///
    /// Applies to: every CycleCloud version. Providers: Azure (marketplace images are Azure's).
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "Azure Marketplace images can be directly specified as
    /// well. The following attributes must be set to identify the image". With one missing, Azure
    /// cannot find the image and the node fails to start. `Azure.ImageVersion = latest` is a valid
    /// version: "most publishers support referencing the latest image with a label".
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// Azure.Publisher = OpenLogic
    /// Azure.Offer = CentOS-HPC
    /// Azure.Sku = 7.4
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// Azure.Publisher = OpenLogic
    /// Azure.Offer = CentOS-HPC
    /// Azure.Sku = 7.4
    /// Azure.ImageVersion = latest
    /// ```
    ///
    /// ## Tuned against
    /// Templates that set the four attributes in `[[node defaults]]` and override the image with
    /// `ImageName` in some nodes: a node whose image comes from another form does not use the
    /// marketplace attributes, so it is not reported (`conflicting-image-sources` covers a section
    /// that writes both).
    pub static RULE = {
        name: "incomplete-marketplace-image",
        severity: Error,
        summary: "a marketplace image with some of `Azure.Publisher`, `Azure.Offer`, `Azure.Sku`, `Azure.ImageVersion` missing",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (node, image) in ctx.nodes_with_images().filter(|(n, _)| n.is_launchable()) {
        if image.winner() != Some(Form::Marketplace) {
            continue;
        }
        let missing: Vec<String> = MARKETPLACE_KEYS
            .iter()
            .zip(image.marketplace())
            .filter(|(_, s)| s.is_none())
            .map(|(k, _)| format!("`{k}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let first = image.marketplace().into_iter().flatten().next().expect("the marketplace form is set");
        out.push(
            at_header(&RULE, node, format!("the marketplace image of {} has no {}", describe(node), missing.join(", ")))
                .with_label(format!("missing {}", missing.join(", ")))
                .with_secondary(first.attr.attribute.span(), "marketplace image set here")
                .with_help("set all of `Azure.Publisher`, `Azure.Offer`, `Azure.Sku` and `Azure.ImageVersion` (`latest` is a valid version)"),
        );
    }
}
