use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::knowledge::attributes::{attributes_for, lookup};
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an attribute that is not known for its section kind (see `docs/attributes.md`),
    /// with "did you mean" from the known names. Names are compared case-insensitively:
    /// `KeypairLocation` is `KeyPairLocation`. Open key spaces are never reported:
    /// `[[[configuration]]]`, `[[[[record]]]]`, `[[[[list]]]]`, and families such as `Tags.*`,
    /// `Config.*`, `Widget.*`, `Conditions.*` and `ParameterValues.*`.
    ///
    /// Clusters, nodes and nodearrays may carry attributes of the user's own (CycleCloud keeps
    /// them on the record); there a key is reported only when it is a near miss of a known one,
    /// belongs to another section kind (`AssociatePublicIpAddress` is a `[[[network-interface]]]`
    /// key), or looks like a configuration key (`slurm.role`).
    ///
    /// ## Why is this bad?
    /// CycleCloud silently ignores an attribute it does not know: `MachineTyp = Standard_F4s`
    /// leaves the node without the intended size, with no error at import.
    ///
    /// Tuned against: a family of community PBS templates misspells `Required` as `requied`
    /// in every parameter, others write `DowloadJetpack`, put `version =` in a nodearray after
    /// its cluster-init header was commented out, or set configuration keys (`ray.port`) on a
    /// node without `[[[configuration]]]`; all reported. Legacy keys (`Azure.MaxScalesetSize`
    /// in any case, AWS-era keys) are in the tables and stay silent, and so do the custom node
    /// attributes of one community template family (`Q1isHB = true`, `TestName = …`).
    ///
    /// ## Example
    /// ```ini
    /// [[node scheduler]]
    /// MachineTyp = Standard_F4s
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node scheduler]]
    /// MachineType = Standard_F4s
    /// ```
    pub static RULE = {
        name: "unknown-attribute",
        severity: Warning,
        summary: "an attribute that is not known for its section kind",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in &ctx.template.sections {
        let Some(table) = attributes_for(section.kind) else { continue };
        for attribute in &section.attributes {
            let key = &attribute.key.text;
            if lookup(section.kind, key).is_some() {
                continue;
            }
            let candidates = table.iter().filter(|spec| !spec.is_family()).map(|spec| spec.name);
            let typo = did_you_mean(key, candidates);
            let elsewhere = known_in(section.kind, key);
            let configuration = section.kind.is_node_like() && looks_like_configuration(key);
            // Clusters, nodes and nodearrays hold custom attributes too (CycleCloud keeps them on
            // the record): there, only a near miss, a key of another section kind, or a
            // configuration key is worth a warning.
            let open = matches!(section.kind, SectionKind::Cluster | SectionKind::Node | SectionKind::NodeArray);
            if open && typo.is_none() && elsewhere.is_none() && !configuration {
                continue;
            }
            let help =
                typo.or_else(|| elsewhere.map(|kind| format!("`{key}` belongs in a `[{}]` section", kind.keyword())));
            let help = help.or_else(|| {
                configuration.then(|| format!("move `{key}` into a `[[[configuration]]]` section of this node"))
            });
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.key.span,
                    format!(
                        "unknown attribute `{key}` in {} `{}` section",
                        article(section.kind.keyword()),
                        section.kind.keyword()
                    ),
                )
                .with_label("not a known attribute")
                .with_help_opt(help),
            );
        }
    }
}

/// The first other section kind that knows `key`.
fn known_in(kind: SectionKind, key: &str) -> Option<SectionKind> {
    const KINDS: &[SectionKind] = &[
        SectionKind::Node,
        SectionKind::Volume,
        SectionKind::NetworkInterface,
        SectionKind::InputEndpoint,
        SectionKind::ClusterInit,
        SectionKind::Cluster,
        SectionKind::Parameter,
        SectionKind::Parameters,
        SectionKind::Environment,
    ];
    let same = |k: SectionKind| k == kind || (k.is_node_like() && kind.is_node_like());
    KINDS.iter().copied().filter(|&k| !same(k)).find(|&k| lookup(k, key).is_some_and(|spec| !spec.is_family()))
}

/// A dotted key whose first part is lowercase (`slurm.role`, `cyclecloud.mounts.x`): a
/// configuration key written on the node itself.
fn looks_like_configuration(key: &str) -> bool {
    key.split_once('.')
        .is_some_and(|(head, _)| !head.is_empty() && head.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
