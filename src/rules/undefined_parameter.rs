use std::collections::{HashMap, HashSet};

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::model::SectionKind;
use crate::rules::references::{references, How};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports `$Name`, a name inside `${…}`, or a bare name in a `:=` expression that no
    /// `[[[parameter]]]` of the template defines, with "did you mean" from the defined
    /// parameters. Names that CycleCloud provides are defined: `ClusterName` (spec 1.8, "one
    /// variable always provided"), the names of `[environment]` and `[noderef]` sections, and
    /// inside a parameter's `Config.*` expressions the fields of the evaluated object (`Package`
    /// in `Config.Filter`). Each name is reported once, where it is first used.
    ///
    /// ## Why is this bad?
    /// A misspelt `$Param` silently becomes an empty value: the node gets no subnet, no image,
    /// or a condition that is never true. It is a warning, not an error, because a `-p`
    /// parameter file or the UI can supply parameters the template does not declare.
    ///
    /// Tuned against: several scheduler templates interpolate `$ClusterName` into descriptions
    /// and computer names without declaring it, and file-system templates read
    /// `${filer.instance.PrivateIp}` through a `[noderef]`; neither is reported.
    ///
    /// ## Example
    /// ```ini
    /// [cluster demo]
    /// Autoscale = $Autoscal
    ///   [[node defaults]]
    ///   Credentials = $Credential
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [cluster demo]
    /// Autoscale = $Autoscale
    ///   [[node defaults]]
    ///   Credentials = $Credentials
    /// ```
    pub static RULE = {
        name: "undefined-parameter",
        severity: Warning,
        summary: "a reference to a parameter the template does not define",
        check: Some(check),
    };
}

/// Names CycleCloud always provides in the evaluation context (spec 1.8 and 4.1).
const BUILT_INS: &[&str] = &["ClusterName"];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // A file without a `[cluster]` is a fragment: its parameters may be defined in another piece.
    if ctx.template.sections_of(SectionKind::Cluster).next().is_none() {
        return;
    }
    let parameters = ctx.parameters();
    let provided: Vec<&str> = ctx
        .template
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Environment | SectionKind::NodeRef))
        .map(|s| s.lookup_name())
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut first = Vec::new();
    for reference in references(ctx.template) {
        if matches!(reference.how, How::ObjectField | How::Word) {
            continue;
        }
        let name = reference.name;
        if parameters.get(name).is_some()
            || BUILT_INS.iter().any(|b| b.eq_ignore_ascii_case(name))
            || provided.iter().any(|p| p.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let count = seen.entry(name.to_ascii_lowercase()).or_default();
        *count += 1;
        if *count == 1 {
            first.push(reference);
        }
    }
    let mut defined: Vec<&str> = parameters.names().collect();
    defined.sort_unstable();
    // A typo usually leaves its intended parameter unused: suggest among those first.
    let used: HashSet<String> = references(ctx.template).iter().map(|r| r.name.to_ascii_lowercase()).collect();
    let unused: Vec<&str> = defined.iter().copied().filter(|d| !used.contains(&d.to_ascii_lowercase())).collect();
    for reference in first {
        let count = seen[&reference.name.to_ascii_lowercase()];
        let help = did_you_mean(reference.name, unused.iter().copied())
            .or_else(|| did_you_mean(reference.name, defined.iter().copied()))
            .unwrap_or_else(|| {
                format!("define it in a `[[[parameter {}]]]` section, or pass it with `-p`", reference.name)
            });
        let mut diagnostic =
            Diagnostic::new(&RULE, reference.span, format!("parameter `{}` is not defined", reference.name))
                .with_label("not a parameter of this template")
                .with_help(help);
        if let Some(longer) = defined.iter().find(|d| {
            d.get(..reference.name.len()).is_some_and(|head| head.eq_ignore_ascii_case(reference.name))
                && d[reference.name.len()..].starts_with('-')
        }) {
            diagnostic = diagnostic.with_help(format!(
                "`-` ends a `$` name, so the parameter `{longer}` cannot be referenced; rename it with `_`"
            ));
        }
        if count > 1 {
            diagnostic = diagnostic.with_note(format!("`{}` is referenced {count} times", reference.name));
        }
        out.push(diagnostic);
    }
}
