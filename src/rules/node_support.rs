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
