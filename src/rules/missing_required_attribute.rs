use crate::diagnostic::Diagnostic;
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a node or nodearray that CycleCloud would launch (not `Abstract`, not
    /// `[[node defaults]]`) and that has no `MachineType`, `SubnetId` or `Credentials` after
    /// inheritance from `[[node defaults]]` and `Extends`. A value written as `$Param` or
    /// `${…}` counts as set; `Key := undefined` clears an inherited one. Clusters that inherit
    /// from a parent cluster (`ParentName`) or are `Abstract` are skipped. A `SubnetId` set on a
    /// `[[[network-interface]]]` of the node (or of a section it inherits from) places the node
    /// too. The image is checked by `missing-image`.
    ///
    /// Applies to: every CycleCloud version. Providers: `MachineType` and `Credentials` on every
    /// provider; `SubnetId` on Azure only (an AWS or Google Cloud template of CycleCloud 7, see
    /// `unsupported-provider`, is not asked for one).
    ///
    /// ## Why is this bad?
    /// The node-nodearray reference lists these as required: the cluster imports, but the node
    /// fails when it starts.
    ///
    /// Tuned against: the GlusterFS client template, whose only node sets `MachineType` and
    /// `SubnetId` but never `Credentials` although a `Credentials` parameter is defined (the
    /// corpus lists it as known-broken); templates that set all three in `[[node defaults]]`
    /// are not reported.
    ///
    /// ## Example
    /// ```ini
    /// [[node scheduler]]
    /// MachineType = $SchedulerMachineType
    /// SubnetId = $SubnetId
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node scheduler]]
    /// MachineType = $SchedulerMachineType
    /// SubnetId = $SubnetId
    /// Credentials = $Credentials
    /// ```
    pub static RULE = {
        name: "missing-required-attribute",
        severity: Error,
        summary: "a launchable node without `MachineType`, `SubnetId` or `Credentials`",
        check: Some(check),
    };
}

const REQUIRED: &[&str] = &["MachineType", "SubnetId", "Credentials"];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let azure = ctx.providers().azure_applies();
    for node in ctx.nodes() {
        if !node.is_launchable() {
            continue;
        }
        let cluster = ctx.template.ancestor(node.section.id, SectionKind::Cluster);
        if cluster.is_some_and(|c| {
            c.attribute("ParentName").is_some()
                || c.attribute("Abstract").is_some_and(|a| a.value.as_bool() == Some(true))
        }) {
            continue;
        }
        // A network interface's `SubnetId` (spec 2.4) places the node too, here or inherited.
        let subnet_on_interface = node.chain.iter().any(|&id| {
            ctx.template
                .children(id)
                .any(|c| c.kind == SectionKind::NetworkInterface && c.attribute("SubnetId").is_some())
        });
        // `SubnetId` in `resource-group/vnet/subnet` form is Azure's: an AWS or Google Cloud
        // template (CycleCloud 7) placed nodes in the provider's default network.
        let subnet_placed = subnet_on_interface || !azure;
        let missing: Vec<String> = REQUIRED
            .iter()
            .filter(|key| node.get(key).is_none() && !(**key == "SubnetId" && subnet_placed))
            .map(|k| format!("`{k}`"))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = match missing.as_slice() {
            [one] => one.clone(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
            [] => unreachable!("checked above"),
        };
        let span = node.section.name.as_ref().map_or(node.section.header_span, |n| n.span);
        out.push(
            Diagnostic::new(&RULE, span, format!("{} `{}` has no {list}", node.section.kind.keyword(), node.name()))
                .with_label(format!("no {list}, also after inheritance"))
                .with_help("set it here or in `[[node defaults]]`"),
        );
    }
}
