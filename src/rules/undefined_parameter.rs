use std::collections::{HashMap, HashSet};

use crate::diagnostic::{closest, did_you_mean, Diagnostic};
use crate::model::{Section, SectionKind};
use crate::rules::references::{references, How, Reference};
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

/// The references that name no parameter, built-in, `[environment]` or `[noderef]`, in file
/// order (empty for a fragment: a file without a `[cluster]`, whose parameters may be defined in
/// another piece).
pub(crate) fn undefined_references<'t>(ctx: &Context<'t>) -> Vec<Reference<'t>> {
    let template = ctx.template;
    if template.sections_of(SectionKind::Cluster).next().is_none() {
        return Vec::new();
    }
    let parameters = ctx.parameters();
    let provided: Vec<&str> = template
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Environment | SectionKind::NodeRef))
        .map(|s| s.lookup_name())
        .collect();
    references(template)
        .into_iter()
        .filter(|r| !matches!(r.how, How::ObjectField | How::Word))
        .filter(|r| {
            parameters.get(r.name).is_none()
                && !BUILT_INS.iter().any(|b| b.eq_ignore_ascii_case(r.name))
                && !provided.iter().any(|p| p.eq_ignore_ascii_case(r.name))
        })
        .collect()
}

/// The parameters that no reference names, by name: a typo usually leaves the parameter it meant
/// among them.
pub(crate) fn unused_parameters<'t>(ctx: &Context<'t>) -> Vec<&'t Section> {
    let used: HashSet<String> = references(ctx.template).iter().map(|r| r.name.to_ascii_lowercase()).collect();
    ctx.template
        .sections_of(SectionKind::Parameter)
        .filter(|p| p.name.as_ref().is_some_and(|n| !used.contains(&n.lookup)))
        .collect()
}

/// The unused parameter an undefined reference most likely meant.
pub(crate) fn meant<'t>(name: &str, unused: &[&'t Section]) -> Option<&'t Section> {
    let found = closest(name, unused.iter().map(|p| p.display_name()))?;
    unused.iter().copied().find(|p| p.display_name() == found)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut first = Vec::new();
    for reference in undefined_references(ctx) {
        let count = seen.entry(reference.name.to_ascii_lowercase()).or_default();
        *count += 1;
        if *count == 1 {
            first.push(reference);
        }
    }
    let mut defined: Vec<&str> = ctx.parameters().names().collect();
    defined.sort_unstable();
    let unused = unused_parameters(ctx);
    for reference in first {
        let count = seen[&reference.name.to_ascii_lowercase()];
        let meant = meant(reference.name, &unused);
        let help = match meant {
            Some(p) => Some(format!("did you mean `{}`?", p.display_name())),
            None => did_you_mean(reference.name, defined.iter().copied()),
        }
        .unwrap_or_else(|| {
            format!("define it in a `[[[parameter {}]]]` section, or pass it with `-p`", reference.name)
        });
        let mut diagnostic =
            Diagnostic::new(&RULE, reference.span, format!("parameter `{}` is not defined", reference.name))
                .with_label("not a parameter of this template")
                .with_help(help);
        if let Some(name) = meant.and_then(|p| p.name.as_ref()) {
            diagnostic = diagnostic.with_secondary(name.span, "a parameter that nothing uses: probably the one meant");
        }
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
