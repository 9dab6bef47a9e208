use crate::diagnostic::Diagnostic;
use crate::effective::Resolved;
use crate::node_image::literal;
use crate::rules::node_support::{at_header, describe};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a launchable node or nodearray whose image is given by `ImageId` (after
    /// inheritance) but that has no `ImageOS`, or an `ImageOS` line with no value (`ImageOS =`, or
    /// a parameter whose default is empty).
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "Private custom Azure images can be specified in the
    /// template file with the ImageID attribute. [...] In addition, the ImageOS attribute must be
    /// set to either `windows` or `linux`". CycleCloud uses it to structure the OS extension; without
    /// it the node fails when it starts.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/MyResourceGroup/providers/Microsoft.Compute/images/MyCustomImage
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/MyResourceGroup/providers/Microsoft.Compute/images/MyCustomImage
    /// ImageOS = linux
    /// ```
    ///
    /// Applies to: every CycleCloud version. Providers: Azure only; an `ImageId` whose literal
    /// value is not an Azure resource id (`ami-…`, as in CycleCloud 7 AWS templates) is not
    /// reported, nor is any node of an AWS or Google Cloud template (see `unsupported-provider`).
    ///
    /// ## Tuned against
    /// Templates that take the id from a parameter (`ImageId = $ImageId`, no default) with
    /// `ImageOs = linux` (that spelling) on the next line: the key is compared case-insensitively,
    /// and an id that is only known at launch still needs its OS. Abstract bases and
    /// `[[node defaults]]` are not reported; the nodes that inherit the id are.
    pub static RULE = {
        name: "missing-image-os",
        severity: Error,
        summary: "a node with `ImageId` and no `ImageOS`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if !ctx.providers().azure_applies() {
        return;
    }
    for (node, image) in ctx.nodes_with_images().filter(|(n, _)| n.is_launchable()) {
        let Some(id) = image.image_id() else { continue };
        if image.image_os().is_some() {
            continue;
        }
        // A line with no value (`ImageOS =`, or a parameter whose default is empty) sets no OS;
        // any other value that is not a literal (a list, an expression) is not guessed at.
        let empty = match node.get("ImageOS") {
            None => None,
            Some(os) => {
                let resolved = ctx.parameters().resolve(&os.attribute.value);
                match resolved.value() {
                    Some(v) if literal(ctx.source, v).is_some_and(|t| t.trim().is_empty()) => {
                        let why = match resolved {
                            Resolved::ParameterDefault { parameter, .. } => {
                                format!("parameter `{}`, whose default is empty", parameter.display_name())
                            }
                            _ => "`ImageOS` has no value".to_string(),
                        };
                        Some((os, why))
                    }
                    _ => continue,
                }
            }
        };
        // A literal that is not an Azure resource id (`ami-…`, a name) is not a custom Azure image.
        if id.text().is_some_and(|t| !t.trim().starts_with('/')) {
            continue;
        }
        let label = if id.attr.inherited() { "`ImageId` inherited from here" } else { "`ImageId` set here" };
        let d = match empty {
            None => at_header(&RULE, node, format!("{} sets `ImageId` but not `ImageOS`", describe(node)))
                .with_label("no `ImageOS`")
                .with_help("add `ImageOS = linux` or `ImageOS = windows`"),
            Some((os, why)) => {
                at_header(&RULE, node, format!("{} sets `ImageId` but its `ImageOS` is empty", describe(node)))
                    .with_label("no OS for the image")
                    .with_secondary(os.attribute.span(), why)
                    .with_help("write `ImageOS = linux` or `ImageOS = windows`")
            }
        };
        out.push(d.with_secondary(id.attr.attribute.span(), label));
    }
}
