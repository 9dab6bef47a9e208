use crate::diagnostic::Diagnostic;
use crate::registry::Selection;
use crate::rules::node_support::at_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `ImageVersion` that no version of the node's registry package matches.
    /// Built-in images have no known versions and are never reported.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: CycleCloud picks "the image with the highest version
    /// number"; `ImageVersion` overrides it "as either a literal (eg `1.2`) or a wildcard (`1.x`)".
    /// When no package version matches, there is no image to launch.
    ///
    /// ## Example
    /// ```ini
    /// # the registry holds `custom.image` 1.0 and 1.2
    /// [[node demo]]
    /// ImageName = custom.image
    /// ImageVersion = 2.x
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageName = custom.image
    /// ImageVersion = 1.x
    /// ```
    ///
    /// ## Tuned against
    /// The corpus has no registry, so this rule only speaks when `--registry` is given; with
    /// `1.10` and `1.2` in a registry, `ImageVersion = 1.1` matches neither (versions compare part
    /// by part, `1.10` is not `1.1`).
    pub static RULE = {
        name: "unmatched-image-version",
        severity: Error,
        summary: "an `ImageVersion` that no version of the image package matches",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (node, image) in ctx.nodes_with_images() {
        let Some(lookup) = image.lookup(ctx.registry) else { continue };
        let Selection::NoMatchingVersion { available } = &lookup.selection else { continue };
        let (Some(version), Some(spec)) = (image.image_version(), &lookup.spec) else { continue };
        let list: Vec<String> = available.iter().map(|v| format!("`{v}`")).collect();
        let d = at_value(&RULE, node, version, format!("no version of image `{}` matches `{spec}`", lookup.key))
            .with_label("matches no package version")
            .with_secondary(lookup.by.attr.attribute.span(), "the image")
            .with_note(format!("the registry holds {}", list.join(", ")))
            .with_help("use one of the versions the registry holds, or remove `ImageVersion` to use the highest");
        out.push(d);
    }
}
