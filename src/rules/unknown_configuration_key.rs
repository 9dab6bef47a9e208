use std::collections::HashSet;

use crate::diagnostic::{closest, Diagnostic};
use crate::knowledge::configuration::{is_cyclecloud_key, lookup, mount_only_fields, CONFIGURATION_KEYS};
use crate::model::SectionKind;
use crate::rules::configuration_keys::{entries, ConfigEntry};
use crate::rules::{misplaced_attribute, Context};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a `cyclecloud.*` configuration key that is a near miss of a documented one (see
    /// `docs/configuration.md`), in dotted form (`cyclecloud.mounts.ref.mouhtpoint = …`) or in
    /// a section (`[[[configuration cyclecloud.mounts.ref]]]` + `mouhtpoint = …`, or a
    /// misspelt section name such as `cyclecloud.mount.ref`), with "did you mean" and an unsafe
    /// fix; and a mount-only key (`mountpoint`, `fs_type`, `raid_level`, …) under
    /// `cyclecloud.exports.<name>`, which an export never reads.
    ///
    /// Only near misses are reported: CycleCloud and its projects read more `cyclecloud.*` keys
    /// than are documented, and keys of other namespaces (`slurm.*`, `pbspro.*`, a project's
    /// own) are never checked, except a misspelt `cyclecloud` itself in a key that is otherwise
    /// documented (`cyclecluod.selinux.policy`).
    ///
    /// Applies to: every CycleCloud version (the keys are read by the node's configuration
    /// code, the same on every provider).
    ///
    /// ## Why is this bad?
    /// The configuration code ignores keys it does not read, without a word:
    /// `mouhtpoint = /mnt/ref` leaves the RAID array unmounted at the intended place, and the
    /// node still reports success.
    ///
    /// Tuned against: a community template that RAIDs volumes under
    /// `[[[configuration cyclecloud.mounts.ref]]]` and wrote `mouhtpoint` (fixed by its author
    /// in a later commit), and a PBS template that sets `mountpoint`, `fs_type` and
    /// `raid_level` in `[[[configuration cyclecloud.exports.builtinshared]]]`; both reported.
    /// The corpus's 1,000-odd mount and export keys (`samba.enabled`, `disabled`, `options`,
    /// `mdadm`) and undocumented keys such as `cyclecloud.pbs.timeout` stay silent.
    ///
    /// ## Example
    /// ```ini
    /// [[[configuration cyclecloud.mounts.ref]]]
    /// mouhtpoint = /mnt/ref
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[configuration cyclecloud.mounts.ref]]]
    /// mountpoint = /mnt/ref
    /// ```
    pub static RULE = {
        name: "unknown-configuration-key",
        severity: Warning,
        summary: "a `cyclecloud.*` configuration key that is a near miss of a documented one",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut reported_sections = HashSet::new();
    for entry in entries(ctx.template) {
        let key = entry.full_key.as_str();
        // `Optional = true` in a mount's section is `misplaced-attribute`'s finding.
        if !(is_cyclecloud_key(key) || misspelt_namespace(key))
            || lookup(key).is_some()
            || misplaced_attribute::misplaced_kind(&entry).is_some()
        {
            continue;
        }
        if let Some((index, suggestion)) = near_miss(key) {
            let parts: Vec<&str> = key.split('.').collect();
            if index < entry.prefix_parts {
                // The typo is in the section name: report it once, there.
                if !reported_sections.insert(entry.section.id) {
                    continue;
                }
                let Some(name) = &entry.section.name else { continue };
                let Some(span) = part_span(&name.text, name.span.start(), index) else { continue };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        span,
                        format!(
                            "unknown configuration section `{}`: `{}` is not a known part",
                            name.text, parts[index]
                        ),
                    )
                    .with_label("not a known key part")
                    .with_help(format!("did you mean `{suggestion}`?"))
                    .with_unsafe_fix(span, suggestion),
                );
            } else {
                let attribute = entry.attribute;
                let local = index - entry.prefix_parts;
                let Some(span) = part_span(&attribute.key.text, attribute.key.span.start(), local) else { continue };
                out.push(
                    Diagnostic::new(&RULE, span, format!("unknown configuration key `{key}`"))
                        .with_label("not a known key")
                        .with_help(format!("did you mean `{suggestion}`?"))
                        .with_unsafe_fix(span, suggestion),
                );
            }
            continue;
        }
        if let Some(d) = export_with_mount_key(ctx, &entry) {
            out.push(d);
        }
    }
}

/// `cyclecluod.selinux.policy`: a namespace one typo away from `cyclecloud` (the rest of the key
/// must then be a documented key exactly, see [`near_miss`]).
fn misspelt_namespace(key: &str) -> bool {
    key.split_once('.').is_some_and(|(namespace, _)| {
        !namespace.eq_ignore_ascii_case("cyclecloud") && closest(namespace, ["cyclecloud"]).is_some()
    })
}

/// The index of the one part of `key` that is a typo of a known pattern's part, with the
/// correct spelling.
fn near_miss(key: &str) -> Option<(usize, &'static str)> {
    let parts: Vec<&str> = key.split('.').collect();
    for pattern in CONFIGURATION_KEYS {
        let pattern_parts: Vec<&'static str> = pattern.pattern.split('.').collect();
        if pattern_parts.len() != parts.len() || pattern_parts.contains(&"*") {
            continue;
        }
        let mut differing = pattern_parts
            .iter()
            .zip(&parts)
            .enumerate()
            .filter(|(_, (p, k))| **p != "<name>" && !p.eq_ignore_ascii_case(k));
        let Some((index, (p, k))) = differing.next() else { continue };
        if differing.next().is_some() {
            continue;
        }
        if closest(k, [*p]).is_some() {
            return Some((index, p));
        }
    }
    None
}

/// `cyclecloud.exports.<name>.mountpoint`: a mount key in an export.
fn export_with_mount_key(ctx: &Context, entry: &ConfigEntry) -> Option<Diagnostic> {
    let parts: Vec<&str> = entry.full_key.split('.').collect();
    if parts.len() < 4 || !parts[1].eq_ignore_ascii_case("exports") {
        return None;
    }
    let field = parts[3..].join(".");
    let mount_field = mount_only_fields().find(|f| f.eq_ignore_ascii_case(&field))?;
    let attribute = entry.attribute;
    // The mount the node's volumes name (`Mount = nfs`), when there is exactly one.
    let mut mounts: Vec<String> = entry
        .section
        .parent
        .into_iter()
        .flat_map(|node| ctx.template.children(node))
        .filter(|s| s.kind == SectionKind::Volume)
        .filter_map(|v| v.attribute("Mount").and_then(|a| a.value.literal_text()))
        .map(|m| m.trim().to_string())
        .collect();
    mounts.sort();
    mounts.dedup();
    let mount = if mounts.len() == 1 { mounts[0].as_str() } else { parts[2] };
    Some(
        Diagnostic::new(
            &RULE,
            attribute.key.span,
            format!("`{mount_field}` is a mount key: export `{}` does not read it", parts[2]),
        )
        .with_label("not an export key")
        .with_help(format!(
            "set it in `[[[configuration cyclecloud.mounts.{mount}]]]`, the mount that formats and mounts the volumes"
        )),
    )
}

/// The span of dotted part `index` of `text`, which starts at byte `start`.
fn part_span(text: &str, start: usize, index: usize) -> Option<Span> {
    let mut offset = start;
    for (i, part) in text.split('.').enumerate() {
        if i == index {
            return Some(Span::new(offset, offset + part.len()));
        }
        offset += part.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A near miss has the pattern's number of parts: a longer key with the same typo is not one.
    #[test]
    fn a_near_miss_has_as_many_parts_as_its_pattern() {
        assert_eq!(near_miss("cyclecloud.selinux.polcy"), Some((2, "policy")));
        assert_eq!(near_miss("cyclecloud.selinux.polcy.extra"), None);
        assert_eq!(near_miss("cyclecloud.selinux"), None);
    }
}
