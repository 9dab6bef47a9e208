use crate::diagnostic::Diagnostic;
use crate::node_image::AZURE_PROVIDER;
use crate::registry::Selection;
use crate::rules::node_support::at_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a node whose registry image (the package version CycleCloud picks) has no `az`
    /// artifact for the node's `Region` (its literal value or its parameter's default), or no `az`
    /// artifact at all when the region is not known.
    ///
    /// Applies to: every CycleCloud version. Providers: Azure artifacts (`Provider = az`), matched
    /// by region.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "you must include all the artifacts required to use that
    /// image in all the 'locations' you want [...] CycleCloud automatically picks the right artifact
    /// to match the provider and any provider-specific details". Without one for the node's region,
    /// there is no image id to launch there.
    ///
    /// ## Example
    /// ```ini
    /// # the registry's `custom.image` 1.0 has artifacts in eastus and westeurope
    /// [[node demo]]
    /// ImageName = custom.image
    /// Region = southcentralus
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageName = custom.image
    /// Region = westeurope
    /// ```
    ///
    /// ## Tuned against
    /// Built-in images (`cycle.image.*`) have no artifacts in a user registry and are available in
    /// every region: they are never reported. An artifact without `Region` fits every region.
    pub static RULE = {
        name: "missing-artifact-for-region",
        severity: Warning,
        summary: "a registry image with no `az` artifact for the node's region",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (node, image) in ctx.nodes_with_images() {
        let Some(lookup) = image.lookup(ctx.registry) else { continue };
        let Selection::NoArtifact { package, version, regions_available } = &lookup.selection else { continue };
        let where_ = match &lookup.region {
            Some(region) => format!("for region `{region}`"),
            None => "at all".to_string(),
        };
        let mut d = at_value(
            &RULE,
            node,
            lookup.by,
            format!("image `{}` version `{version}` has no `{AZURE_PROVIDER}` artifact {where_}", package.name),
        )
        .with_label("no artifact to launch");
        if let (Some(region), Some(_)) = (image.region(), &lookup.region) {
            d = d.with_secondary(region.attr.attribute.span(), "the node's region");
        }
        d = if regions_available.is_empty() {
            d.with_help(format!("add an `Artifact` with `Provider = \"{AZURE_PROVIDER}\"` for this package version"))
        } else {
            let list: Vec<String> = regions_available.iter().map(|r| format!("`{r}`")).collect();
            d.with_note(format!("this version has `{AZURE_PROVIDER}` artifacts in {}", list.join(", ")))
                .with_help("add an artifact for the region, or launch the node in one of those regions")
        };
        out.push(d);
    }
}
