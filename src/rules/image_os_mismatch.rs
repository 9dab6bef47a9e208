use crate::diagnostic::Diagnostic;
use crate::node_image::{jetpack_platform_os, parse_os, setting, NodeImage, Setting};
use crate::registry::{Os, Selection};
use crate::rules::node_support::with_inherited;
use crate::rules::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a node whose OS claims disagree (windows versus linux): `ImageOS`, `Azure.OS`, the
    /// `OS` of the registry package it launches, and the family of its `JetpackPlatform`
    /// (`windows`, or a Linux platform such as `centos-7`).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// `ImageOS` "must be set to either `windows` or `linux`" and tells CycleCloud how to prepare the
    /// VM; `cyclecloud image add --os` exists "so that the resulting package is correctly labeled as
    /// a linux or windows image" (the "Custom Machine Images" page). When they disagree, one of them
    /// is wrong: a Windows image prepared as Linux (or given the Linux Jetpack) does not start.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Compute/images/Win2019
    /// ImageOS = windows
    /// InstallJetpack = true
    /// JetpackPlatform = centos-7
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Compute/images/Win2019
    /// ImageOS = windows
    /// InstallJetpack = true
    /// JetpackPlatform = windows
    /// ```
    ///
    /// ## Tuned against
    /// HPC Pack templates with Windows head nodes and Linux compute nodearrays sharing one
    /// `[[node defaults]]`: each node's claims are compared after inheritance, so a node that
    /// overrides `ImageOS` and `JetpackPlatform` together is consistent. Computed claims
    /// (`JetpackPlatform = ${platforms[ImageName]}`) are not guessed at.
    pub static RULE = {
        name: "image-os-mismatch",
        severity: Warning,
        summary: "`ImageOS`, `Azure.OS`, the image package's OS and the Jetpack platform disagree",
        check: Some(check),
    };
}

/// One statement of a node's OS: what says it, where, and what it says.
struct Claim {
    what: String,
    span: Span,
    os: Os,
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (node, image) in ctx.nodes_with_images() {
        let mut claims: Vec<(Claim, Option<&Setting>)> = Vec::new();
        let claim = |s: Option<&Setting<'_>>, key: &str, os: fn(&str) -> Option<Os>| {
            let s = s?;
            let os = os(s.text()?)?;
            Some(Claim { what: format!("`{key}`"), span: s.value_span(), os })
        };
        let platform = setting(node, ctx.parameters(), ctx.source, "JetpackPlatform");
        let found = [
            (claim(image.image_os(), "ImageOS", parse_os), image.image_os()),
            (claim(image.azure_os(), "Azure.OS", parse_os), image.azure_os()),
            (package_claim(ctx, image), image.lookup(ctx.registry).map(|l| l.by)),
            (claim(platform.as_ref(), "JetpackPlatform", jetpack_platform_os), platform.as_ref()),
        ];
        for (c, s) in found {
            if let Some(c) = c {
                claims.push((c, s));
            }
        }
        let Some((first, _)) = claims.first() else { continue };
        let Some((other, setting)) = claims.iter().find(|(c, _)| c.os != first.os) else { continue };
        let mut d = Diagnostic::new(
            &RULE,
            other.span,
            format!("{} says `{}` but {} says `{}`", other.what, other.os, first.what, first.os),
        )
        .with_label(format!("`{}`", other.os))
        .with_secondary(first.span, format!("`{}` here", first.os))
        .with_help("make the image's OS, `ImageOS`/`Azure.OS` and `JetpackPlatform` agree");
        if let Some(setting) = setting {
            d = with_inherited(d, node, setting);
        }
        out.push(d);
    }
}

/// The OS of the registry package the node launches, claimed at its `ImageName`/`Image`.
fn package_claim(ctx: &Context, image: &NodeImage) -> Option<Claim> {
    let lookup = image.lookup(ctx.registry)?;
    let package = match &lookup.selection {
        Selection::Found { package, .. } | Selection::NoArtifact { package, .. } => package,
        _ => return None,
    };
    Some(Claim { what: format!("the image package `{}`", package.name), span: lookup.by.value_span(), os: package.os? })
}
