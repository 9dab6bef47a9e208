use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::effective::EffectiveNode;
use crate::model::{Section, SectionId, SectionKind};
use crate::rules::node_support::{label_nodes, shared_place};
use crate::rules::{undefined_parameter, Context};
use crate::span::{line_start_at, next_line_start, Span};

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
    /// When a `[[[parameter SubnetId]]]` (or `Credentials`, `MachineType`) exists that nothing
    /// uses, the nodes without that key share one cause: one finding at the parameter, with the
    /// nodes as labels and a fix that adds `SubnetId = $SubnetId` to `[[node defaults]]`
    /// (`unused-parameter` does not report the parameter again).
    ///
    /// Otherwise, when several nodes of one cluster lack the same keys, that is one mistake: one
    /// finding at `[[node defaults]]` (or at the cluster's name when it has none), where the keys
    /// belong, with the nodes as labels (the first ten; a note counts the rest).
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

/// Which of `REQUIRED` a node lacks: bit `i` for `REQUIRED[i]` (a byte a node where a list of
/// names took forty and an allocation: a generated file may have a million nodes).
#[derive(Clone, Copy)]
struct Missing(u8);

impl Missing {
    fn contains(self, key: &str) -> bool {
        self.keys().any(|k| k == key)
    }

    /// The keys lacked, in `REQUIRED` order.
    fn keys(self) -> impl Iterator<Item = &'static str> {
        REQUIRED.iter().enumerate().filter(move |&(i, _)| self.0 & (1 << i) != 0).map(|(_, &k)| k)
    }
}

/// The required keys each launchable node lacks (nodes that lack none are left out).
fn missing_keys<'a, 't>(ctx: &Context<'t>) -> Vec<(&'a EffectiveNode<'t>, Missing)>
where
    't: 'a,
{
    let azure = ctx.providers().azure_applies();
    let mut out = Vec::new();
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
        let subnet_on_interface = node.chain().any(|id| {
            ctx.template
                .children(id)
                .any(|c| c.kind == SectionKind::NetworkInterface && c.attribute("SubnetId").is_some())
        });
        // `SubnetId` in `resource-group/vnet/subnet` form is Azure's: an AWS or Google Cloud
        // template (CycleCloud 7) placed nodes in the provider's default network.
        let subnet_placed = subnet_on_interface || !azure;
        let mut missing = 0;
        for (i, &key) in REQUIRED.iter().enumerate() {
            if node.get(key).is_none() && !(key == "SubnetId" && subnet_placed) {
                missing |= 1 << i;
            }
        }
        if missing != 0 {
            out.push((node, Missing(missing)));
        }
    }
    out
}

/// One root cause: a parameter named like a required key (`[[[parameter SubnetId]]]`) that
/// nothing uses, while launchable nodes lack that key. The parameter, the key and those nodes.
pub(crate) struct UnusedRequiredParameter<'a, 't> {
    pub parameter: &'t Section,
    pub key: &'static str,
    pub nodes: Vec<&'a EffectiveNode<'t>>,
}

/// Every such cause of the file (at most one per key).
pub(crate) fn unused_required_parameters<'a, 't>(ctx: &'a Context<'t>) -> Vec<UnusedRequiredParameter<'a, 't>> {
    let missing = missing_keys(ctx);
    if missing.is_empty() {
        return Vec::new();
    }
    let unused = undefined_parameter::unused_parameters(ctx);
    REQUIRED
        .iter()
        .filter_map(|&key| {
            let parameter = unused.iter().copied().find(|p| p.display_name().eq_ignore_ascii_case(key))?;
            let nodes: Vec<_> = missing.iter().filter(|(_, keys)| keys.contains(key)).map(|(n, _)| *n).collect();
            (!nodes.is_empty()).then_some(UnusedRequiredParameter { parameter, key, nodes })
        })
        .collect()
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let causes = unused_required_parameters(ctx);
    for cause in &causes {
        out.push(cause_diagnostic(ctx, cause));
    }
    let missing = missing_keys(ctx);
    // A key that several nodes of one cluster lack (and no unused parameter explains) is one
    // mistake, reported once: it belongs in `[[node defaults]]`, which they all inherit.
    let mut groups: HashMap<(SectionId, &'static str), Vec<&EffectiveNode>> = HashMap::new();
    let mut order: Vec<(&Section, &'static str)> = Vec::new();
    for (node, keys) in &missing {
        let Some(cluster) = ctx.template.ancestor(node.section.id, SectionKind::Cluster) else { continue };
        for key in keys.keys().filter(|k| !causes.iter().any(|c| c.key == *k)) {
            let nodes = groups.entry((cluster.id, key)).or_insert_with(|| {
                order.push((cluster, key));
                Vec::new()
            });
            nodes.push(node);
        }
    }
    // Keys that exactly the same nodes lack are one finding. (A cluster's groups are next to each
    // other in `order`, so only the last few of `shared` can be of the same cluster.)
    let mut shared: Vec<(&Section, Vec<&'static str>, &[&EffectiveNode])> = Vec::new();
    for &(cluster, key) in &order {
        let nodes = groups[&(cluster.id, key)].as_slice();
        if nodes.len() < 2 {
            continue;
        }
        let same = |other: &[&EffectiveNode]| {
            other.len() == nodes.len() && other.iter().zip(nodes).all(|(a, b)| a.section.id == b.section.id)
        };
        match shared.iter_mut().rev().take_while(|(c, _, _)| c.id == cluster.id).find(|(_, _, n)| same(n)) {
            Some((_, keys, _)) => keys.push(key),
            None => shared.push((cluster, vec![key], nodes)),
        }
    }
    for (cluster, keys, nodes) in &shared {
        out.push(shared_diagnostic(ctx, cluster, keys, nodes));
    }
    for (node, keys) in missing {
        let cluster = ctx.template.ancestor(node.section.id, SectionKind::Cluster).map(|c| c.id);
        let shared = |key: &'static str| cluster.is_some_and(|c| groups.get(&(c, key)).is_some_and(|n| n.len() > 1));
        let missing: Vec<String> = keys
            .keys()
            .filter(|k| !causes.iter().any(|c| c.key == *k))
            .filter(|k| !shared(k))
            .map(|k| format!("`{k}`"))
            .collect();
        let list = match missing.as_slice() {
            [] => continue,
            [one] => one.clone(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        };
        let span = node.section.name.as_ref().map_or(node.section.header_span, |n| n.span);
        out.push(
            Diagnostic::new(&RULE, span, format!("{} `{}` has no {list}", node.section.kind.keyword(), node.name()))
                .with_label(format!("no {list}, also after inheritance"))
                .with_help("set it here or in `[[node defaults]]`"),
        );
    }
}

/// One finding for several nodes of `cluster` without `key`: at `[[node defaults]]` (where the
/// fix goes), else at the cluster's name; the first nodes as labels, the others counted.
fn shared_diagnostic(ctx: &Context, cluster: &Section, keys: &[&str], nodes: &[&EffectiveNode]) -> Diagnostic {
    let count = nodes.len();
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    let (or, and, it) = match quoted.split_last() {
        Some((last, init)) if !init.is_empty() => {
            (format!("{} or {last}", init.join(", ")), format!("{} and {last}", init.join(", ")), "them")
        }
        _ => (quoted.concat(), quoted.concat(), "it"),
    };
    let message = format!("{count} nodes of cluster `{}` have no {or}", cluster.display_name());
    let d = match shared_place(ctx.template, cluster) {
        (span, true) => Diagnostic::new(&RULE, span, message)
            .with_label(format!("no {or} here or in any of the {count} nodes"))
            .with_help(format!("set {and} in `[[node defaults]]`: every node of the cluster inherits {it}")),
        (span, false) => Diagnostic::new(&RULE, span, message)
            .with_label(format!("none of its {count} nodes has {or}"))
            .with_help(format!("set {and} in a `[[node defaults]]` section: every node of the cluster inherits {it}")),
    };
    label_nodes(d, nodes, &format!("no {or}"))
}

/// One finding for the cause: at the node when there is one, else at `[[node defaults]]` (where
/// the fix goes), else at the parameter; the parameter and the nodes as labels.
fn cause_diagnostic(ctx: &Context, cause: &UnusedRequiredParameter) -> Diagnostic {
    let key = cause.key;
    let name = cause.parameter.display_name();
    let parameter_span = cause.parameter.name.as_ref().map_or(cause.parameter.header_span, |n| n.span);
    let cluster = ctx.template.ancestor(cause.nodes[0].section.id, SectionKind::Cluster);
    let defaults = cluster.and_then(|c| {
        ctx.template.children(c.id).find(|s| s.kind == SectionKind::Node && s.lookup_name() == "defaults")
    });
    let (span, message, label) = match (cause.nodes.as_slice(), defaults) {
        ([node], _) => (
            node.section.name.as_ref().map_or(node.section.header_span, |n| n.span),
            format!(
                "{} `{}` has no `{key}`, and parameter `{name}` is never used",
                node.section.kind.keyword(),
                node.name()
            ),
            format!("no `{key}`, also after inheritance"),
        ),
        (nodes, Some(defaults)) => (
            defaults.header_span,
            format!("{} nodes have no `{key}`, and parameter `{name}` is never used", nodes.len()),
            format!("no `{key}` here, so none of the {} nodes has one", nodes.len()),
        ),
        (nodes, None) => (
            parameter_span,
            format!("{} nodes have no `{key}`, and parameter `{name}` is never used", nodes.len()),
            format!("defined here, but no node reads `${name}`"),
        ),
    };
    let mut d = Diagnostic::new(&RULE, span, message).with_label(label);
    if span != parameter_span {
        d = d.with_secondary(parameter_span, format!("defined here, but no node reads `${name}`"));
    }
    if cause.nodes.len() > 1 {
        for node in &cause.nodes {
            d = d.with_secondary(node.section.header_span, format!("no `{key}`"));
        }
    }
    let line = format!("{key} = ${name}");
    match defaults {
        Some(defaults) => {
            // After the header line, indented like the section's first attribute.
            let after = next_line_start(ctx.source, defaults.header_span.end());
            let indent = defaults.attributes.first().map_or_else(
                || leading_space(ctx.source, defaults.header_span.start()).to_string(),
                |a| leading_space(ctx.source, a.span().start()).to_string(),
            );
            d = d.with_help(format!("add `{line}` to `[[node defaults]]`"));
            if let Some(at) = after {
                d = d.with_fix(Span::at(at), format!("{indent}{line}\n"));
            }
        }
        None if cause.nodes.len() == 1 => d = d.with_help(format!("add `{line}` to this node")),
        None => d = d.with_help(format!("add `{line}` to each node, or to a `[[node defaults]]` section")),
    }
    d.with_note(format!("one cause: `{key}` was meant to come from parameter `{name}`"))
}

/// The blank characters before `offset` on its line.
fn leading_space(source: &str, offset: usize) -> &str {
    let line = &source[line_start_at(source, offset)..offset];
    &line[..line.len() - line.trim_start().len()]
}
