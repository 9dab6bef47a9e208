//! Helpers shared by the node and image rules: where a diagnostic about an effective node's
//! attribute points, and merging the reports of nodes that inherit the same line.

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::effective::EffectiveNode;
use crate::model::{Section, SectionKind, Template};
use crate::node_image::{parse_os, setting, Lit, Setting};
use crate::rules::{Context, Rule};
use crate::span::Span;

/// Reports, for `rule`, every node whose literal `key` (`ImageOS`, `Azure.OS`) is neither
/// `linux` nor `windows`.
pub fn check_os_value(ctx: &Context, rule: &Rule, key: &str, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes() {
        let Some(os) = setting(node, ctx.parameters(), ctx.source, key) else { continue };
        let Some(text) = os.text() else { continue };
        if parse_os(text).is_some() {
            continue;
        }
        let d = at_value(
            rule,
            node,
            &os,
            format!("`{}` is `{}`, not `linux` or `windows`", os.attr.attribute.key.text, text.trim()),
        )
        .with_label("not an OS CycleCloud knows")
        .with_help("write `linux` or `windows`")
        .with_help_opt(did_you_mean(text.trim(), ["linux", "windows"]));
        out.push(d);
    }
}

/// A diagnostic about a value: at the literal (the attribute's value, or the default of the
/// parameter it names), with secondary labels at the line that uses the parameter and at the
/// header of the node that inherits it.
pub fn at_value(rule: &Rule, node: &EffectiveNode, setting: &Setting, message: impl Into<String>) -> Diagnostic {
    let mut d = Diagnostic::new(rule, setting.value_span(), message);
    if let Lit::Text { parameter: Some(p), .. } = &setting.value {
        d = d.with_secondary(
            setting.attr.attribute.value.span,
            format!("the default of parameter `{}`, used here", p.display_name()),
        );
    }
    with_inherited(d, node, setting)
}

/// Adds "inherited by node `x`" at the node's header when the setting comes from elsewhere.
pub fn with_inherited(d: Diagnostic, node: &EffectiveNode, setting: &Setting) -> Diagnostic {
    if setting.attr.inherited() {
        d.with_secondary(node.section.header_span, format!("inherited by {}", describe(node)))
    } else {
        d
    }
}

/// A diagnostic about something missing: at the node's header.
pub fn at_header(rule: &Rule, node: &EffectiveNode, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(rule, node.section.header_span, message)
}

/// Nodes named as labels of a finding that several nodes share; a note counts the rest.
pub const MAX_NODE_LABELS: usize = 10;

/// Where a finding shared by several nodes of `cluster` goes: the header of its
/// `[[node defaults]]` (where the fix goes, `true`), else the cluster's name (`false`).
pub fn shared_place(template: &Template, cluster: &Section) -> (Span, bool) {
    let defaults = template.children(cluster.id).find(|s| s.kind == SectionKind::Node && s.lookup_name() == "defaults");
    match defaults {
        Some(defaults) => (defaults.header_span, true),
        None => (cluster.name.as_ref().map_or(cluster.header_span, |n| n.span), false),
    }
}

/// Labels the headers of the first [`MAX_NODE_LABELS`] `nodes`; a note counts the others.
pub fn label_nodes(mut d: Diagnostic, nodes: &[&EffectiveNode], label: &str) -> Diagnostic {
    for node in nodes.iter().take(MAX_NODE_LABELS) {
        d = d.with_secondary(node.section.header_span, label.to_string());
    }
    if nodes.len() > MAX_NODE_LABELS {
        d = d.with_note(format!("{} more nodes like these are not labelled", nodes.len() - MAX_NODE_LABELS));
    }
    d
}

/// `node `x`` or `nodearray `x``.
pub fn describe(node: &EffectiveNode) -> String {
    format!("{} `{}`", node.section.kind.keyword(), node.name())
}

/// Secondary labels a merged diagnostic keeps; a note counts the rest.
pub const MAX_MERGED_LABELS: usize = 50;

/// Merges the repeats among `out[from..]`: diagnostics of the same rule, place and message (the
/// same inherited line seen from several nodes) become the first of them, with the others'
/// secondary labels (each once, at most [`MAX_MERGED_LABELS`]). Linear in the diagnostics: a
/// line inherited by 100,000 nodes is one finding, found without comparing every pair.
pub fn merge_repeats(out: &mut Vec<Diagnostic>, from: usize) {
    use std::collections::{HashMap, HashSet};
    // Most rules report nothing or once in a file: nothing to merge, nothing to hash.
    if out.len() < from + 2 {
        return;
    }
    let mut first: HashMap<(&'static str, Span, String), usize> = HashMap::new();
    // Per merged diagnostic: the labels it has, and how many were left out.
    let mut merged: HashMap<usize, (HashSet<(Span, String)>, usize)> = HashMap::new();
    let mut keep = vec![true; out.len() - from];
    for i in from..out.len() {
        let key = (out[i].rule, out[i].span, out[i].message.clone());
        let Some(&target) = first.get(&key) else {
            first.insert(key, i);
            continue;
        };
        keep[i - from] = false;
        let labels = std::mem::take(&mut out[i].secondary);
        let (seen, dropped) = merged
            .entry(target)
            .or_insert_with(|| (out[target].secondary.iter().map(|l| (l.span, l.message.clone())).collect(), 0));
        for label in labels {
            if seen.contains(&(label.span, label.message.clone())) {
                continue;
            }
            if out[target].secondary.len() >= MAX_MERGED_LABELS {
                *dropped += 1;
                continue;
            }
            seen.insert((label.span, label.message.clone()));
            out[target].secondary.push(label);
        }
    }
    for (target, (_, dropped)) in merged {
        if dropped > 0 {
            out[target].append_note(format!("{dropped} more labels like these are not shown"));
        }
    }
    let mut keep = keep.into_iter();
    let mut index = 0;
    out.retain(|_| {
        index += 1;
        index <= from || keep.next().unwrap_or(true)
    });
}

/// A node's header that was lost: attributes of a node written under one of its sub-sections
/// (after `[[[cluster-init x]]]`, a `MachineType`), usually because the `[[nodearray y]]` header
/// above them was deleted or commented out. Everything after that point in the parent (the
/// repeated sub-sections, and node attributes under later sub-sections) belonged to the lost node.
#[derive(Debug)]
pub struct LostHeader {
    /// The node or nodearray the attributes landed in.
    pub parent: crate::model::SectionId,
    /// The first sub-section holding them.
    pub section: crate::model::SectionId,
    /// The node attributes, in file order (at least one): those of `section`, then those under
    /// the node's later sub-sections.
    pub attributes: Vec<crate::span::Span>,
}

/// Every lost header of the template, at most one per node.
pub fn lost_headers(template: &crate::model::Template) -> Vec<LostHeader> {
    use crate::knowledge::attributes::lookup;
    use crate::model::SectionKind;
    let mut out: Vec<LostHeader> = Vec::new();
    // Where each node's lost header is in `out`.
    let mut by_parent: std::collections::HashMap<crate::model::SectionId, usize> = std::collections::HashMap::new();
    for section in &template.sections {
        let Some(parent) = section.parent.map(|p| template.section(p)) else { continue };
        if !parent.kind.is_node_like()
            || !matches!(
                section.kind,
                SectionKind::Volume
                    | SectionKind::NetworkInterface
                    | SectionKind::InputEndpoint
                    | SectionKind::ClusterInit
            )
        {
            continue;
        }
        let attributes: Vec<crate::span::Span> = section
            .attributes
            .iter()
            .filter(|a| lookup(section.kind, &a.key.text).is_none())
            .filter(|a| lookup(SectionKind::Node, &a.key.text).is_some_and(|spec| !spec.is_family()))
            .map(|a| a.span())
            .collect();
        if attributes.is_empty() {
            continue;
        }
        // Sections are in file order, so a later sub-section's attributes follow the first's.
        match by_parent.get(&parent.id) {
            Some(&at) => out[at].attributes.extend(attributes),
            None => {
                by_parent.insert(parent.id, out.len());
                out.push(LostHeader { parent: parent.id, section: section.id, attributes });
            }
        }
    }
    out
}

/// The sub-sections of a lost header's node that come after the lost attributes and repeat an
/// earlier sibling (kind and name): they belonged to the lost node.
pub fn repeated_after<'t>(template: &'t crate::model::Template, lost: &LostHeader) -> Vec<&'t crate::model::Section> {
    let first = lost.attributes[0].start();
    // A set: a node with thousands of sub-sections stays linear.
    let mut seen: std::collections::HashSet<(crate::model::SectionKind, smol_str::SmolStr)> =
        std::collections::HashSet::new();
    let mut out = Vec::new();
    for child in template.children(lost.parent) {
        let key = (child.kind, child.lookup_name());
        if child.span.start() > first && seen.contains(&key) {
            out.push(child);
        }
        seen.insert(key);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Repeats after `from` merge into their first occurrence, labels once each and at most
    /// `MAX_MERGED_LABELS` (a note, added to one already there, counts the rest); what comes
    /// before `from`, and what differs in rule, place or message, is left alone.
    #[test]
    fn repeats_merge_into_the_first_with_their_labels() {
        let rule = &crate::rules::image_os_mismatch::RULE;
        let other = &crate::rules::missing_image::RULE;
        let d = |rule: &'static Rule, at: usize, message: &str, label: usize| {
            Diagnostic::new(rule, Span::new(at, at + 1), message).with_secondary(Span::at(label), "inherited")
        };
        let mut out = vec![d(rule, 0, "m", 1), d(rule, 0, "m", 2), d(rule, 0, "m", 3).with_note("kept")];
        out.extend((0..MAX_MERGED_LABELS + 5).map(|i| d(rule, 0, "m", 100 + i)));
        out.extend([
            d(rule, 0, "m", 3),
            d(rule, 5, "m", 1),
            d(rule, 0, "n", 1),
            d(other, 0, "m", 1),
            d(rule, 0, "m", 4),
        ]);
        merge_repeats(&mut out, 2);
        let shown: Vec<(&str, usize, &str, usize)> =
            out.iter().map(|d| (d.rule, d.span.start(), d.message.as_str(), d.secondary.len())).collect();
        assert_eq!(
            shown,
            [
                (rule.name, 0, "m", 1),
                (rule.name, 0, "m", 1),
                (rule.name, 0, "m", MAX_MERGED_LABELS),
                (rule.name, 5, "m", 1),
                (rule.name, 0, "n", 1),
                (other.name, 0, "m", 1)
            ]
        );
        let merged = &out[2];
        assert_eq!(merged.secondary[0].span.start(), 3);
        assert_eq!(merged.secondary[1].span.start(), 100);
        // 49 of the 55 fit; the 6 others and label 4 are counted; the repeat of label 3 is not.
        assert_eq!(merged.note.as_deref(), Some("kept; 7 more labels like these are not shown"));

        // Two new repeats after many earlier findings merge too.
        let mut out: Vec<Diagnostic> = (0..10).map(|i| d(other, i, "earlier", 1)).collect();
        out.extend([d(rule, 50, "m", 1), d(rule, 50, "m", 2)]);
        merge_repeats(&mut out, 10);
        assert_eq!(out.len(), 11);
        assert_eq!(out[10].secondary.len(), 2);
    }

    /// Up to [`MAX_NODE_LABELS`] nodes are labelled with no note; past that a note counts the rest.
    #[test]
    fn label_nodes_counts_only_what_it_leaves_out() {
        let labelled = |count: usize| {
            let mut text = String::from("[cluster c]\n");
            for i in 0..count {
                text.push_str(&format!("[[node n{i}]]\n"));
            }
            let parsed = crate::syntax::parse(&text);
            let nodes = crate::effective::effective_nodes(&parsed.template);
            let refs: Vec<&crate::effective::EffectiveNode> = nodes.iter().collect();
            let d = Diagnostic::new(&crate::rules::image_os_mismatch::RULE, crate::span::Span::new(0, 1), "m");
            let d = label_nodes(d, &refs, "here");
            (d.secondary.len(), d.note)
        };
        assert_eq!(labelled(MAX_NODE_LABELS), (MAX_NODE_LABELS, None));
        assert_eq!(
            labelled(MAX_NODE_LABELS + 2),
            (MAX_NODE_LABELS, Some("2 more nodes like these are not labelled".to_string()))
        );
    }
}
