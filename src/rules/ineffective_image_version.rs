use crate::diagnostic::Diagnostic;
use crate::node_image::{Form, ImageNameKind};
use crate::rules::node_support::at_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `ImageVersion` on a node whose image is not a registry package: an `ImageId`, a
    /// marketplace image, or an `ImageName` that is a URN or a resource id.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// `ImageVersion` only chooses among the versions of an image-registry package ("To override
    /// this, specify `ImageVersion` on the node", the "Custom Machine Images" page). On any other
    /// image it does nothing; a marketplace image's version is `Azure.ImageVersion`, a URN's is its
    /// last part.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageName = OpenLogic:CentOS-HPC:7_9-gen2:latest
    /// ImageVersion = 7.9.2022
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageName = OpenLogic:CentOS-HPC:7_9-gen2:7.9.2022
    /// ```
    ///
    /// ## Tuned against
    /// Templates with an `ImageVersion` *parameter* used inside gallery URLs are not touched: only
    /// the node attribute is. A value computed by `${…}` for `ImageName` may be a package name,
    /// so it is not reported.
    pub static RULE = {
        name: "ineffective-image-version",
        severity: Warning,
        summary: "an `ImageVersion` on a node whose image is not a registry package",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (node, image) in ctx.nodes_with_images() {
        let Some(version) = image.image_version() else { continue };
        let used = match image.winner() {
            Some(Form::ImageId) => "`ImageId`",
            Some(Form::Marketplace) => "a marketplace image",
            Some(Form::ImageName) => match image.image_name_kind() {
                Some(ImageNameKind::Urn) => "a marketplace URN",
                Some(ImageNameKind::ResourceId) => "a resource id",
                _ => continue,
            },
            _ => continue,
        };
        let d = at_value(&RULE, node, version, format!("`ImageVersion` has no effect on an image given by {used}"))
            .with_label("only selects image-registry package versions")
            .with_help("remove `ImageVersion`; give the version in the image itself");
        out.push(d);
    }
}
