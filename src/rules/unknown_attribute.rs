use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::knowledge::attributes::{attributes_for, is_nodearray_only, lookup};
use crate::model::{Attribute, Section, SectionKind};
use crate::rules::node_support::{lost_headers, repeated_after, LostHeader};
use crate::rules::Context;
use crate::span::{line_start_at, next_line_start, Span};

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
    /// Some known keys are misused and reported too: `ClusterInit` holding a script (the author
    /// meant `CloudInit`; a fix renames it), and a nodearray-only attribute (`MaxCount`,
    /// `MaxCoreCount`, `Azure.MaxScaleSetSize`, …) on a plain `[[node]]` (not `[[node defaults]]`, not
    /// an abstract base, which nodearrays inherit). `Optional` in a parameter is told it has no
    /// effect (parameters are optional unless `Required`).
    ///
    /// Node attributes under a node's sub-section (`MachineType` after `[[[cluster-init x]]]`)
    /// mean a lost header: one finding says so, with the other attributes and the repeated
    /// sub-sections as labels (`duplicate-section` does not report those again).
    ///
    /// Applies to: every CycleCloud version and provider.
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
    let lost = lost_headers(ctx.template);
    for l in &lost {
        out.push(lost_header_diagnostic(ctx, l));
    }
    let lost_by_parent: std::collections::HashMap<_, &LostHeader> = lost.iter().map(|l| (l.parent, l)).collect();
    for section in &ctx.template.sections {
        let Some(table) = attributes_for(section.kind) else { continue };
        // A lost node's attributes may be under any sub-section of the node that follows.
        let lost_here = section.parent.and_then(|p| lost_by_parent.get(&p));
        for attribute in &section.attributes {
            let key = &attribute.key.text;
            // `attributes` are in file order: a binary search keeps a huge section linear.
            if lost_here.is_some_and(|l| l.attributes.binary_search(&attribute.span()).is_ok()) {
                continue; // part of the one lost-header finding
            }
            if section.kind.is_node_like() {
                if let Some(d) = node_level_misuse(ctx, section, attribute) {
                    out.push(d);
                    continue;
                }
            }
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
            let help = typo
                .or_else(|| special_help(ctx, section.kind, attribute))
                .or_else(|| elsewhere.map(|kind| format!("`{key}` belongs in a `[{}]` section", kind.keyword())));
            let help = help.or_else(|| {
                configuration.then(|| format!("move `{key}` into a `[[[configuration]]]` section of this node"))
            });
            let d = Diagnostic::new(
                &RULE,
                attribute.key.span,
                format!(
                    "unknown attribute `{key}` in {} `{}` section",
                    article(section.kind.keyword()),
                    section.kind.keyword()
                ),
            )
            .with_label("not a known attribute")
            .with_help_opt(help);
            out.push(match no_op_line(ctx, section.kind, attribute) {
                Some(line) => d.with_fix(line, ""),
                None => d,
            });
        }
    }
}

/// Help for keys whose usual advice misleads: `Optional` in a parameter is a no-op, not a
/// `[[[cluster-init]]]` key; a `ClusterInit` that holds a script is cloud-init user data.
fn special_help(ctx: &Context, kind: SectionKind, attribute: &Attribute) -> Option<String> {
    match attribute.key.lookup().as_str() {
        "optional" if matches!(kind, SectionKind::Parameter) => {
            Some("parameters are optional unless `Required = true`: this line has no effect, remove it".to_string())
        }
        "clusterinit" if is_script(ctx.text(attribute.value.span)) => Some(
            "a script here is cloud-init user data: write `CloudInit` in the node or `[[node defaults]]`".to_string(),
        ),
        _ => None,
    }
}

/// The whole line of an `Optional` in a parameter, to delete: it has no effect.
fn no_op_line(ctx: &Context, kind: SectionKind, attribute: &Attribute) -> Option<Span> {
    if kind != SectionKind::Parameter || !attribute.key.is("optional") {
        return None;
    }
    let start = line_start_at(ctx.source, attribute.span().start());
    if !ctx.source[start..attribute.span().start()].trim().is_empty() {
        return None;
    }
    let end = next_line_start(ctx.source, attribute.span().end()).unwrap_or(ctx.source.len());
    ctx.source[attribute.span().end()..end].trim().is_empty().then(|| Span::new(start, end))
}

/// A value that is a script or cloud-init document (`#!/bin/bash`, `#cloud-config`).
fn is_script(text: &str) -> bool {
    let body = text.trim_start().trim_start_matches(['\'', '"']).trim_start();
    body.starts_with("#!") || body.to_ascii_lowercase().starts_with("#cloud-config")
}

/// An attribute that a node knows but misuses: `ClusterInit` holding a script (meant
/// `CloudInit`), or a nodearray-only attribute (`MaxCoreCount`) on a `[[node]]`.
fn node_level_misuse(ctx: &Context, section: &Section, attribute: &Attribute) -> Option<Diagnostic> {
    let key = &attribute.key.text;
    if attribute.key.is("clusterinit") && is_script(ctx.text(attribute.value.span)) {
        return Some(
            Diagnostic::new(&RULE, attribute.key.span, format!("`{key}` holds a script: did you mean `CloudInit`?"))
                .with_label("cloud-init user data under the wrong name")
                .with_help(
                    "rename it `CloudInit`: cluster-init specs go in `[[[cluster-init]]]` sections, scripts in `CloudInit`",
                )
                .with_unsafe_fix(attribute.key.span, "CloudInit"),
        );
    }
    // The key first: looking up `Abstract` scans the section, which must not happen per attribute.
    let plain_node = || {
        section.kind == SectionKind::Node
            && section.lookup_name() != "defaults"
            && section.attribute("Abstract").is_none_or(|a| a.value.as_bool() != Some(true))
    };
    if is_nodearray_only(key) && plain_node() {
        return Some(
            Diagnostic::new(
                &RULE,
                attribute.key.span,
                format!("`{key}` is a nodearray attribute: it has no effect on a `[[node]]`"),
            )
            .with_label("only nodearrays scale")
            .with_help(format!("remove it, or make `{}` a `[[nodearray]]` if it should scale", section.display_name())),
        );
    }
    None
}

/// One finding for a lost header: at the first node attribute, with the others and the
/// sub-sections that follow as labels.
fn lost_header_diagnostic(ctx: &Context, lost: &LostHeader) -> Diagnostic {
    let template = ctx.template;
    let section = template.section(lost.section);
    let parent = template.section(lost.parent);
    let header = ctx.text(section.header_span).trim();
    let mut d = Diagnostic::new(
        &RULE,
        lost.attributes[0],
        format!(
            "node attributes after `{header}`: a `[[node]]` or `[[nodearray]]` header is probably missing above them"
        ),
    )
    .with_label(format!("a node attribute, read as part of `{header}`"));
    for span in lost.attributes.iter().skip(1).take(4) {
        d = d.with_secondary(*span, "another node attribute");
    }
    for child in repeated_after(template, lost) {
        d = d.with_secondary(
            child.header_span,
            "repeats a sub-section of the node above: it belongs to the lost node too",
        );
    }
    d.with_help(format!(
        "restore the `[[nodearray …]]` header above these lines; as written they belong to {} `{}`",
        parent.kind.keyword(),
        parent.display_name()
    ))
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
