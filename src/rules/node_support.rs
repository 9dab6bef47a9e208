//! Helpers shared by the node and image rules: where a diagnostic about an effective node's
//! attribute points, and merging the reports of nodes that inherit the same line.

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::effective::EffectiveNode;
use crate::node_image::{parse_os, setting, Lit, Setting};
use crate::rules::{Context, Rule};

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
        push_merged(out, d);
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

/// `node `x`` or `nodearray `x``.
pub fn describe(node: &EffectiveNode) -> String {
    format!("{} `{}`", node.section.kind.keyword(), node.name())
}

/// Pushes `d`, or, when a diagnostic of the same rule, place and message is already there (the
/// same inherited line seen from several nodes), adds `d`'s secondary labels to it instead.
pub fn push_merged(out: &mut Vec<Diagnostic>, d: Diagnostic) {
    let existing = out.iter_mut().find(|e| e.rule == d.rule && e.span == d.span && e.message == d.message);
    match existing {
        Some(e) => {
            for label in d.secondary {
                if !e.secondary.contains(&label) {
                    e.secondary.push(label);
                }
            }
        }
        None => out.push(d),
    }
}

/// A node's header that was lost: attributes of a node written under one of its sub-sections
/// (after `[[[cluster-init x]]]`, a `MachineType`), usually because the `[[nodearray y]]` header
/// above them was deleted or commented out. Everything after that point in the parent (the
/// repeated sub-sections too) belonged to the lost node.
#[derive(Debug)]
pub struct LostHeader {
    /// The node or nodearray the attributes landed in.
    pub parent: crate::model::SectionId,
    /// The sub-section holding them.
    pub section: crate::model::SectionId,
    /// The node attributes, in file order (at least one).
    pub attributes: Vec<crate::span::Span>,
}

/// Every lost header of the template, at most one per node.
pub fn lost_headers(template: &crate::model::Template) -> Vec<LostHeader> {
    use crate::knowledge::attributes::lookup;
    use crate::model::SectionKind;
    let mut out: Vec<LostHeader> = Vec::new();
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
            || out.iter().any(|l| l.parent == parent.id)
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
        if !attributes.is_empty() {
            out.push(LostHeader { parent: parent.id, section: section.id, attributes });
        }
    }
    out
}

/// The sub-sections of a lost header's node that come after the lost attributes and repeat an
/// earlier sibling (kind and name): they belonged to the lost node.
pub fn repeated_after<'t>(template: &'t crate::model::Template, lost: &LostHeader) -> Vec<&'t crate::model::Section> {
    let first = lost.attributes[0].start();
    let mut seen: Vec<(crate::model::SectionKind, smol_str::SmolStr)> = Vec::new();
    let mut out = Vec::new();
    for child in template.children(lost.parent) {
        let key = (child.kind, child.lookup_name());
        if child.span.start() > first && seen.contains(&key) {
            out.push(child);
        }
        seen.push(key);
    }
    out
}
