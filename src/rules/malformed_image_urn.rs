use crate::diagnostic::Diagnostic;
use crate::node_image::{setting, ImageNameKind};
use crate::rules::node_support::at_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `ImageName` with a `:` that is not a marketplace URN
    /// `publisher:offer:sku[:version]` with no empty part. Resource ids (`/subscriptions/…`) are
    /// valid image names, not URNs.
    ///
    /// Applies to: every CycleCloud version. Providers: Azure (marketplace URNs are Azure's).
    ///
    /// ## Why is this bad?
    /// The images page: `ImageName` is a CycleCloud image name, "a Marketplace URN
    /// `Publisher:Offer:Sku:Version`", or a resource id. A URN with a part missing or too many
    /// parts names no marketplace image, and the node fails to start.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageName = OpenLogic:CentOS-HPC::latest
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageName = OpenLogic:CentOS-HPC:7_9-gen2:latest
    /// ```
    ///
    /// ## Tuned against
    /// Three-part URNs without a version (`almalinux:almalinux-hpc:8_5-hpc`), which CycleCloud
    /// accepts, and URNs assembled with `${…}` (`MicrosoftWindowsServerHPCPack:…:${sku}:latest`),
    /// which are not guessed at.
    pub static RULE = {
        name: "malformed-image-urn",
        severity: Error,
        summary: "an `ImageName` URN that is not `publisher:offer:sku[:version]`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes() {
        let Some(s) = setting(node, ctx.parameters(), ctx.source, "ImageName") else { continue };
        let Some(text) = s.text().map(str::trim) else { continue };
        if ImageNameKind::of(text) != ImageNameKind::Urn {
            continue;
        }
        let parts: Vec<&str> = text.split(':').collect();
        let problem = if !(3..=4).contains(&parts.len()) {
            format!("has {} parts", parts.len())
        } else if parts.iter().any(|p| p.trim().is_empty()) {
            "has an empty part".to_string()
        } else {
            continue;
        };
        let d = at_value(&RULE, node, &s, format!("image URN `{text}` {problem}"))
            .with_label("not `publisher:offer:sku[:version]`")
            .with_help("a marketplace URN is `publisher:offer:sku:version` (`version` may be `latest`, or left out)");
        out.push(d);
    }
}
