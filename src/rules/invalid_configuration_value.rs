use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::knowledge::attributes::AttrType;
use crate::knowledge::configuration::lookup;
use crate::model::{Operator, ValueKind};
use crate::rules::configuration_keys::entries;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a literal value of the wrong type for a documented `cyclecloud.*` configuration
    /// key whose type is known (see `docs/configuration.md`): a Boolean key
    /// (`cyclecloud.mounts.<name>.disabled`, `cyclecloud.discoverable`, …) that is not `true` or
    /// `false`, an Integer key (`raid_level`, `cyclecloud.keepalive.timeout`, …) that is not a
    /// whole number, and a value outside a closed set (`cyclecloud.selinux.policy` is one of
    /// `enforcing`, `permissive`, `disabled`), with "did you mean". Quoted booleans and numbers
    /// (`"true"`, `"0"`) are accepted; `$Param`, `${…}`, `:=` and interpolated text are never
    /// guessed at.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// Node configuration reads the value as it is: `disabled = yes` is the string `"yes"`,
    /// which the recipes do not treat as true, so the mount is attempted anyway.
    ///
    /// Tuned against: the corpus's 850 `cyclecloud.mounts.<name>.disabled`, 640
    /// `samba.enabled`, 48 `raid_level` and 44 `cyclecloud.selinux.policy` values, literal and
    /// computed (`disabled = ${NFSType != "Builtin"}`); none is reported, and neither are the
    /// Jinja placeholders of generated templates (`idle_time_after_jobs = {{ queue.idle_timeout }}`).
    ///
    /// ## Example
    /// ```ini
    /// [[[configuration]]]
    /// cyclecloud.mounts.sched.disabled = yes
    /// cyclecloud.selinux.policy = permisive
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[configuration]]]
    /// cyclecloud.mounts.sched.disabled = true
    /// cyclecloud.selinux.policy = permissive
    /// ```
    pub static RULE = {
        name: "invalid-configuration-value",
        severity: Warning,
        summary: "a literal value of the wrong type for a typed `cyclecloud.*` configuration key",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for entry in entries(ctx.template) {
        let attribute = entry.attribute;
        if attribute.operator != Operator::Assign || attribute.value.is_computed() {
            continue;
        }
        let Some(known) = lookup(&entry.full_key) else { continue };
        let value = &attribute.value;
        let text = match &value.kind {
            ValueKind::String { text, .. } => text.trim().to_string(),
            ValueKind::Integer(_) | ValueKind::Float(_) | ValueKind::Boolean(_) => {
                ctx.text(value.span).trim().to_string()
            }
            _ => continue,
        };
        // A Jinja or other template placeholder (`{{ queue.idle_timeout }}`), filled in before import.
        if text.contains("{{") {
            continue;
        }
        let (expected, help) = match known.ty {
            AttrType::Boolean if value.as_bool().is_none() => {
                ("`true` or `false`".to_string(), did_you_mean(&text, ["true", "false"]))
            }
            AttrType::Integer if text.parse::<i64>().is_err() => ("a whole number".to_string(), None),
            AttrType::Enum(values) if known.ty.enum_value(&text).is_none() => {
                let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                (format!("one of {}", list.join(", ")), did_you_mean(&text, values.iter().copied()))
            }
            _ => continue,
        };
        out.push(
            Diagnostic::new(
                &RULE,
                value.span,
                format!(
                    "invalid value `{}` for `{}`: expected {expected}",
                    ctx.text(value.span).trim(),
                    entry.full_key
                ),
            )
            .with_label(format!("not {expected}"))
            .with_help_opt(help),
        );
    }
}
