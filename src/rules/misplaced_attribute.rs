use crate::diagnostic::{closest, Diagnostic};
use crate::knowledge::attributes::{attributes_for, lookup as attribute};
use crate::knowledge::configuration::{is_cyclecloud_key, lookup};
use crate::model::SectionKind;
use crate::rules::configuration_keys::{entries, ConfigEntry};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a key written in the wrong kind of section, where CycleCloud keeps it but
    /// nothing reads it:
    /// - a section attribute inside a `[[[configuration]]]` section: `Optional = true` (a
    ///   `[[[cluster-init]]]` attribute) in `[[[configuration cyclecloud.mounts.home]]]`,
    ///   `Persistent`, `SSD` (volume attributes), `MachineType` (a node attribute). Only keys
    ///   spelt like attributes (with a capital letter) that are not configuration keys
    ///   themselves are reported: lowercase `order` or `size` are mount keys;
    /// - a `cyclecloud.*` configuration key written as an attribute of `[cluster]`
    ///   (`cyclecloud.cluster.autoscale.idle_time_after_jobs = 300`). The same on a node is
    ///   `unknown-attribute`'s finding and is not reported twice.
    ///
    /// `Azure.Lun` in a mount's configuration is not reported: the CycleCloud "mount disk"
    /// how-to sets it there to pick devices by LUN.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// A key in the wrong section is silently inert: `Optional = true` in a mount's
    /// configuration does not make the mount optional, and autoscale settings on `[cluster]`
    /// leave the nodes with the default idle times.
    ///
    /// Tuned against: a community Slurm template writes `Optional = true` as the first line
    /// of `[[[configuration cyclecloud.mounts.hpccache]]]`; two Slurm template families write
    /// `SubnetId = ${…}` and `Azure.Identities = $ManagedServiceIdentity` after the node's
    /// `[[[configuration]]]` header, where they become configuration keys and the node keeps
    /// the default subnet and no identity. All reported. The corpus's lowercase project keys in
    /// configuration sections (`run_list`, `version`, `password`) stay silent.
    ///
    /// ## Example
    /// ```ini
    /// [[[configuration cyclecloud.mounts.home]]]
    /// Optional = true
    /// mountpoint = /home
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[configuration cyclecloud.mounts.home]]]
    /// mountpoint = /home
    /// ```
    pub static RULE = {
        name: "misplaced-attribute",
        severity: Warning,
        summary: "a section attribute in a configuration section, or a configuration key on `[cluster]`",
        check: Some(check),
    };
}

/// Section kinds whose attributes are looked for in configuration sections.
/// The node comes first: a node attribute written after a `[[[configuration]]]` header
/// (`SubnetId`, also a network-interface attribute) was meant for the node.
const KINDS: &[SectionKind] = &[
    SectionKind::Node,
    SectionKind::ClusterInit,
    SectionKind::Volume,
    SectionKind::NetworkInterface,
    SectionKind::InputEndpoint,
];

/// The section kind whose attribute this configuration entry is, when it is a misplaced one.
pub fn misplaced_kind(entry: &ConfigEntry) -> Option<SectionKind> {
    let key = &entry.attribute.key.text;
    if !key.chars().any(|c| c.is_ascii_uppercase()) || lookup(&entry.full_key).is_some() {
        return None;
    }
    let prefix = entry.section.display_name().trim();
    if prefix.to_ascii_lowercase().starts_with("cyclecloud.mounts.") && key.eq_ignore_ascii_case("Azure.Lun") {
        return None;
    }
    // A listed attribute of the kind, not a member of an open family (`Tags.*`): `lookup` returns
    // a listed one only when its name is `key`.
    KINDS.iter().copied().find(|&k| attribute(k, key).is_some_and(|spec| !spec.is_family()))
}

/// `[[[cluster-init]]]`, `[[node]]`: the kind as a header.
fn header(kind: SectionKind) -> String {
    let rank = if kind.is_node_like() { 2 } else { 3 };
    format!("{}{}{}", "[".repeat(rank), kind.keyword(), "]".repeat(rank))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for entry in entries(ctx.template) {
        let Some(kind) = misplaced_kind(&entry) else { continue };
        let key = &entry.attribute.key.text;
        let prefix = entry.section.display_name().trim();
        let shown =
            if prefix.is_empty() { "[[[configuration]]]".to_string() } else { format!("[[[configuration {prefix}]]]") };
        out.push(
            Diagnostic::new(
                &RULE,
                entry.attribute.key.span,
                format!("`{key}` is a `{}` attribute, but it is written in `{shown}`", header(kind)),
            )
            .with_label("inert here")
            .with_help(if kind.is_node_like() {
                format!("move `{key}` above the `{shown}` header, so that it is an attribute of the node")
            } else {
                format!("move `{key}` to the `{}` section it belongs to, or remove it", header(kind))
            }),
        );
    }
    for cluster in ctx.template.sections_of(SectionKind::Cluster) {
        let names = attributes_for(SectionKind::Cluster).unwrap_or(&[]);
        for a in &cluster.attributes {
            let key = &a.key.text;
            if !is_cyclecloud_key(key) || closest(key, names.iter().map(|s| s.name)).is_some() {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &RULE,
                    a.key.span,
                    format!("configuration key `{key}` is written on `[cluster]`, where nothing reads it"),
                )
                .with_label("not a cluster attribute")
                .with_help(format!("move `{key}` into a `[[[configuration]]]` section of `[[node defaults]]`")),
            );
        }
    }
}
