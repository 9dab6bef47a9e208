use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::effective::EffectiveNode;
use crate::model::{Section, SectionId, SectionKind};
use crate::node_image::Form;
use crate::rules::node_support::{at_header, describe, label_nodes, shared_place};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a launchable node or nodearray with no image at all after inheritance: no `ImageId`,
    /// `ImageName`, `Image`, marketplace attribute (`Azure.Publisher`, …) or `ImageUrl`, neither in
    /// the section, nor in `[[node defaults]]`, nor in a base it `Extends`. Several nodes of one
    /// cluster without any image line are one finding, at `[[node defaults]]` (or the cluster's
    /// name when it has none), with the nodes as labels: the image belongs there.
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

/// The keys that give a node an image.
const IMAGE_KEYS: [&str; 7] =
    ["ImageId", "ImageName", "Image", "ImageUrl", "Azure.Publisher", "Azure.Offer", "Azure.Sku"];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Nodes of one cluster without any image line are one mistake: the image belongs in
    // `[[node defaults]]`, which they all inherit. A node that clears its image is its own case.
    let mut groups: HashMap<SectionId, (&Section, Vec<&EffectiveNode>)> = HashMap::new();
    let mut order: Vec<SectionId> = Vec::new();
    let mut single: Vec<&EffectiveNode> = Vec::new();
    for (node, image) in ctx.nodes_with_images().filter(|(n, _)| n.is_launchable()) {
        // Any attribute line counts, even one whose value is empty: the author meant to set it.
        let written = Form::ALL.iter().any(|&f| image.has(f)) || IMAGE_KEYS.iter().any(|k| node.get(k).is_some());
        if written {
            continue;
        }
        // Every image key written along the chain ends cleared (`ImageName := undefined`): the
        // last such line is why this node has none.
        let cleared = node.chain().rev().find_map(|id| {
            let section = ctx.template.section(id);
            IMAGE_KEYS.iter().find_map(|k| section.attribute(k)).map(|line| (section, line))
        });
        if let Some((section, line)) = cleared {
            let help = if section.id == node.section.id {
                "remove the line that clears the image, or set one in its place".to_string()
            } else {
                format!(
                    "set an image in this node, or remove the line from {} `{}`, which clears it",
                    section.kind.keyword(),
                    section.display_name()
                )
            };
            out.push(
                at_header(&RULE, node, format!("{} has no image", describe(node)))
                    .with_label("no image after inheritance")
                    .with_secondary(line.span(), format!("`{}` is cleared here", line.key.text))
                    .with_help(help),
            );
            continue;
        }
        match ctx.template.ancestor(node.section.id, SectionKind::Cluster) {
            Some(cluster) => {
                groups
                    .entry(cluster.id)
                    .or_insert_with(|| {
                        order.push(cluster.id);
                        (cluster, Vec::new())
                    })
                    .1
                    .push(node);
            }
            None => single.push(node),
        }
    }
    for id in order {
        let (cluster, nodes) = &groups[&id];
        if let [node] = nodes.as_slice() {
            single.push(node);
            continue;
        }
        let count = nodes.len();
        let message = format!("{count} nodes of cluster `{}` have no image", cluster.display_name());
        let d = match shared_place(ctx.template, cluster) {
            (span, true) => Diagnostic::new(&RULE, span, message)
                .with_label(format!("no image here or in any of the {count} nodes"))
                .with_help("add `ImageName = cycle.image.ubuntu22` (or another image) to `[[node defaults]]`: every node of the cluster inherits it"),
            (span, false) => Diagnostic::new(&RULE, span, message)
                .with_label(format!("none of its {count} nodes has an image"))
                .with_help("add `ImageName = cycle.image.ubuntu22` (or another image) to a `[[node defaults]]` section: every node of the cluster inherits it"),
        };
        out.push(label_nodes(d, nodes, "no image"));
    }
    single.sort_by_key(|n| n.section.header_span.start());
    for node in single {
        out.push(
            at_header(&RULE, node, format!("{} has no image", describe(node)))
                .with_label("no `ImageName`, `Image`, `ImageId` or marketplace image")
                .with_help("add `ImageName = cycle.image.ubuntu22` (or another image) here or in `[[node defaults]]`"),
        );
    }
}
