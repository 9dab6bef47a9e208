use crate::diagnostic::{did_you_mean, Diagnostic, Severity};
use crate::knowledge::attributes::{lookup, AttrType};
use crate::model::{Operator, Section, SectionKind, Value, ValueKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a literal value of the wrong type for a known attribute: a Boolean that is not
    /// `true` or `false`, an Integer or Float that is not a number, a relative time that is not
    /// like `10m`, or a value outside an enum (`ShutdownPolicy`, `Protocol`, `Azure.Caching`,
    /// ...), with "did you mean" for an enum value. Enum values compare case-insensitively
    /// (`Deallocate` is fine). `$Param`, `${…}`, `:=` and lists are not guessed at (a comma in a
    /// number is `comma-in-number`'s business). `ImageOS` and `Azure.OS` of a node or nodearray
    /// are `invalid-image-os`'s and `invalid-marketplace-os`'s (one finding for one wrong OS; they
    /// also follow parameters and inheritance).
    ///
    /// A Boolean that is not `true` or `false` is reported as a warning, not an error: CycleCloud
    /// imports it (an accepted template in the corpus sets `AwaitInstallation = flase`), and the
    /// node starts, just not as the author meant.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// CycleCloud rejects the template at import, or worse, accepts it and fails at launch:
    /// `InstallJetpack = yes` is the string `"yes"`, not a boolean. A parameter's
    /// `Required = UseHA` is the string `"UseHA"`, not a condition on `UseHA`.
    ///
    /// Tuned against: templates quote booleans and numbers (`IsReturnProxy = "True"`,
    /// `Order = "10"`) and write the caching mode in any case (`Azure.Caching = ReadOnly`); these
    /// are accepted. An Open OnDemand template writes `Required = AuthType == "oidc_aad"`,
    /// a condition with `=`: a warning that suggests `Conditions.Required :=`. Slurm forks copy
    /// `Config.IntegerOnly = true:`: a typo, answered with "did you mean `true`?" and a fix, not
    /// with the condition advice.
    ///
    /// ## Example
    /// ```ini
    /// [[nodearray hpc]]
    /// ShutdownPolicy = delete
    /// MaxCount = ten
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[nodearray hpc]]
    /// ShutdownPolicy = deallocate
    /// MaxCount = 10
    /// ```
    pub static RULE = {
        name: "invalid-attribute-value",
        severity: Error,
        summary: "a literal value of the wrong type or outside the enum for a known attribute",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in &ctx.template.sections {
        for attribute in &section.attributes {
            if attribute.operator != Operator::Assign {
                continue;
            }
            let Some(spec) = lookup(section.kind, &attribute.key.text) else { continue };
            if owned_elsewhere(ctx, section, &attribute.key.text) {
                continue;
            }
            let Some((expected, help)) = problem(spec.ty, &attribute.value) else { continue };
            let shown = ctx.text(attribute.value.span);
            let mut diagnostic = Diagnostic::new(
                &RULE,
                attribute.value.span,
                format!("invalid value `{shown}` for `{}`: expected {expected}", attribute.key.text),
            )
            .with_label(if matches!(spec.ty, AttrType::Enum(_)) {
                "not a known value".to_string()
            } else {
                format!("not {expected}")
            })
            .with_help_opt(help);
            if spec.ty == AttrType::Boolean {
                // CycleCloud imports such values (an accepted template sets `AwaitInstallation =
                // flase`), so a non-boolean is a warning: the node still starts, but not as meant.
                diagnostic = diagnostic.with_severity(Severity::Warning);
                if let Some(word) = boolean_typo(shown) {
                    // `true:`, `flase`: a slip of the keyboard, not a condition.
                    diagnostic = diagnostic
                        .with_help(format!("did you mean `{word}`?"))
                        .with_unsafe_fix(attribute.value.span, word);
                } else if matches!(section.kind, SectionKind::Parameter | SectionKind::Parameters)
                    // `:= Use-Gpu` would subtract: only a word that can be a name is a condition.
                    && crate::rules::references::is_identifier(shown)
                {
                    diagnostic = diagnostic
                        .with_help(format!("for a condition, write `Conditions.{} := {shown}`", attribute.key.text));
                }
            }
            out.push(diagnostic);
        }
    }
}

/// A cluster's nodes' OS keys have rules of their own, which report a wrong value once, where
/// the node uses it.
fn owned_elsewhere(ctx: &Context, section: &Section, key: &str) -> bool {
    matches!(section.kind, SectionKind::Node | SectionKind::NodeArray)
        && ["ImageOS", "Azure.OS"].iter().any(|k| k.eq_ignore_ascii_case(key))
        && ctx.template.ancestor(section.id, SectionKind::Cluster).is_some()
}

/// `true` or `false` when `text` is one of them with stray punctuation around it (`true:`, a
/// typo copied into many Slurm forks) or a near miss (`flase`).
fn boolean_typo(text: &str) -> Option<&'static str> {
    let bare = text.trim().trim_matches(|c: char| c.is_ascii_punctuation());
    ["true", "false"]
        .into_iter()
        .find(|b| b.eq_ignore_ascii_case(bare))
        .or_else(|| crate::diagnostic::closest(bare, ["true", "false"]))
}

/// What was expected and how to fix it, when `value` does not fit `ty`.
fn problem(ty: AttrType, value: &Value) -> Option<(String, Option<String>)> {
    let text = match &value.kind {
        ValueKind::String { text, .. } => Some(text.trim()),
        ValueKind::Integer(_) | ValueKind::Float(_) | ValueKind::Boolean(_) => None,
        // Computed, empty, undefined, lists and unparsable values are not guessed at.
        _ => return None,
    };
    match ty {
        AttrType::Boolean if value.as_bool().is_none() => {
            let help = text.and_then(|t| did_you_mean(t, ["true", "false"])).unwrap_or("use `true` or `false`".into());
            Some(("a boolean".to_string(), Some(help)))
        }
        AttrType::Integer => {
            let fits = match (&value.kind, text) {
                (ValueKind::Integer(_), _) => true,
                (_, Some(t)) => t.parse::<i64>().is_ok(),
                _ => false,
            };
            (!fits).then(|| ("an integer".to_string(), None))
        }
        AttrType::Float => {
            let fits = match (&value.kind, text) {
                (ValueKind::Integer(_) | ValueKind::Float(_), _) => true,
                (_, Some(t)) => t.parse::<f64>().is_ok(),
                _ => false,
            };
            (!fits).then(|| ("a number".to_string(), None))
        }
        AttrType::RelativeTime => {
            let fits = match (&value.kind, text) {
                (ValueKind::Integer(_), _) => true,
                (_, Some(t)) => is_relative_time(t.trim_matches('`')),
                _ => false,
            };
            (!fits).then(|| {
                ("a relative time".to_string(), Some("write a duration such as `10m`, `30s` or `7d`".to_string()))
            })
        }
        AttrType::Enum(values) => {
            let word = text.map_or_else(|| value.literal_text().unwrap_or_default(), str::to_string);
            if ty.enum_value(&word).is_some() {
                return None;
            }
            let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            let help = did_you_mean(&word, values.iter().copied());
            Some((format!("one of {}", listed.join(", ")), help))
        }
        _ => None,
    }
}

/// `10m`, `30s`, `7d`, `1h`, `90`.
fn is_relative_time(text: &str) -> bool {
    let digits = text.trim_end_matches(|c: char| matches!(c.to_ascii_lowercase(), 's' | 'm' | 'h' | 'd'));
    text.len() - digits.len() <= 1 && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}
