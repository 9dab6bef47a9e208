use std::collections::{HashMap, HashSet};

use smol_str::SmolStr;

use crate::diagnostic::{closest, Diagnostic, Severity};
use crate::model::{Section, SectionKind, ValueKind};
use crate::rules::references::{for_each_reference, is_identifier, used_names, How, Reference};
use crate::rules::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports `$Name`, a name inside `${…}`, or a bare name in a `:=` expression that no
    /// `[[[parameter]]]` of the template defines, with "did you mean" from the defined
    /// parameters. A `$X` that is the only image, subnet or machine type of a launchable node
    /// (after inheritance: no other image form is set) is an error at the reference, with the
    /// nodes as labels: that node will not start.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// Names that CycleCloud provides are defined: `ClusterName` (spec 1.8, "one
    /// variable always provided"), the names of `[environment]` and `[noderef]` sections, and
    /// inside a parameter's `Config.*` expressions the fields of the evaluated object (`Package`
    /// in `Config.Filter`). Each name is reported once, where it is first used, with the next
    /// few uses as labels.
    ///
    /// ## Why is this bad?
    /// A misspelt `$Param` silently becomes an empty value: the node gets no subnet, no image,
    /// or a condition that is never true. It is a warning, not an error, because a `-p`
    /// parameter file or the UI can supply parameters the template does not declare; except
    /// where the value is all a node has for its image, subnet or machine type.
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

/// How many later references of an undefined name are labels of its finding.
const SHOWN_REFERENCES: usize = 5;

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
    let provided: Vec<SmolStr> = template
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Environment | SectionKind::NodeRef))
        .map(|s| s.lookup_name())
        .collect();
    let mut undefined = Vec::new();
    for_each_reference(template, &mut |r| {
        if !matches!(r.how, How::ObjectField | How::Word)
            && parameters.get(r.name).is_none()
            && !BUILT_INS.iter().any(|b| b.eq_ignore_ascii_case(r.name))
            && !provided.iter().any(|p| p.eq_ignore_ascii_case(r.name))
        {
            undefined.push(r);
        }
    });
    undefined
}

/// The parameters that no reference names, by name: a typo usually leaves the parameter it meant
/// among them.
pub(crate) fn unused_parameters<'t>(ctx: &Context<'t>) -> Vec<&'t Section> {
    let used = used_names(ctx.template);
    ctx.template
        .sections_of(SectionKind::Parameter)
        .filter(|p| p.name.as_ref().is_some_and(|n| !used.contains(n.lookup().as_str())))
        .collect()
}

/// "did you mean" a parameter: as a rename (which `--unsafe-fixes` applies) only when the name can
/// follow `$`; `$Use-Gpu` would be `$Use` minus `Gpu`, so such a parameter needs renaming first.
fn suggest(name: &str) -> String {
    match name.chars().find(|&c| !(c.is_ascii_alphanumeric() || c == '_')) {
        None if is_identifier(name) => format!("did you mean `{name}`?"),
        stop => {
            let mut renamed: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            if renamed.starts_with(|c: char| c.is_ascii_digit()) {
                renamed.insert(0, '_');
            }
            let at = match stop {
                Some(c) if c.is_whitespace() => "white space".to_string(),
                Some(c) => format!("`{c}`"),
                None => "a leading digit".to_string(),
            };
            format!(
                "did you mean parameter `{name}`? a `$` name ends at {at}, so it cannot be referenced as it is: \
                 rename it `{renamed}` and write `${renamed}`"
            )
        }
    }
}

/// The unused parameter an undefined reference most likely meant.
pub(crate) fn meant<'t>(name: &str, unused: &[&'t Section]) -> Option<&'t Section> {
    let found = closest(name, unused.iter().map(|p| p.display_name()))?;
    unused.iter().copied().find(|p| p.display_name() == found)
}

/// A node attribute whose `$X` value is the only source of the node's image, subnet or machine
/// type, with the launchable nodes that depend on it.
struct SoleSource {
    /// The attribute's value.
    value: Span,
    what: &'static str,
    /// Header span and description of each node.
    nodes: Vec<(Span, String)>,
}

/// The `$X` values that are the only image, subnet or machine type of a
/// launchable node (after inheritance).
fn sole_sources(ctx: &Context) -> Vec<SoleSource> {
    const IMAGE_KEYS: &[&str] =
        &["ImageId", "ImageName", "Image", "ImageUrl", "Azure.Publisher", "Azure.Offer", "Azure.Sku"];
    let mut out: Vec<SoleSource> = Vec::new();
    // Where each value is in `out`: a value inherited by many nodes is one source.
    let mut by_value: HashMap<Span, usize> = HashMap::new();
    for node in ctx.nodes().iter().filter(|n| n.is_launchable()) {
        let mut candidates: Vec<(crate::effective::EffectiveAttribute, &'static str)> = Vec::new();
        let images: Vec<_> = IMAGE_KEYS.iter().filter_map(|k| node.get(k)).collect();
        if let [only] = images.as_slice() {
            candidates.push((*only, "image"));
        }
        if let Some(a) = node.get("SubnetId") {
            candidates.push((a, "subnet"));
        }
        if let Some(a) = node.get("MachineType") {
            candidates.push((a, "machine type"));
        }
        for (attr, what) in candidates {
            // Whether the name is defined is left to `undefined_references`: only its references
            // are looked up here.
            if !matches!(attr.attribute.value.kind, ValueKind::ParameterRef(_)) {
                continue;
            }
            let span = attr.attribute.value.span;
            let entry = (node.section.header_span, format!("{} `{}`", node.section.kind.keyword(), node.name()));
            match by_value.get(&span) {
                Some(&i) => out[i].nodes.push(entry),
                None => {
                    by_value.insert(span, out.len());
                    out.push(SoleSource { value: span, what, nodes: vec![entry] });
                }
            }
        }
    }
    out
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut first = Vec::new();
    let mut sole = sole_sources(ctx);
    // Attribute values do not overlap: the one holding a reference is the last that starts
    // before it.
    sole.sort_by_key(|s| s.value.start());
    let mut escalated = Vec::new();
    // The first few later references of each name, shown as labels of its one finding.
    let mut later: HashMap<String, Vec<Span>> = HashMap::new();
    for reference in undefined_references(ctx) {
        let key = reference.name.to_ascii_lowercase();
        let count = seen.entry(key.clone()).or_default();
        *count += 1;
        let holding = sole.partition_point(|s| s.value.start() <= reference.span.start());
        if let Some(source) = holding.checked_sub(1).map(|i| &sole[i]).filter(|s| reference.span.end() <= s.value.end())
        {
            escalated.push((reference, source));
        } else if *count == 1 {
            first.push(reference);
        } else {
            let spans = later.entry(key).or_default();
            if spans.len() < SHOWN_REFERENCES {
                spans.push(reference.span);
            }
        }
    }
    // A name reported as an error is not reported again as a warning.
    let errors: HashSet<String> = escalated.iter().map(|(e, _)| e.name.to_ascii_lowercase()).collect();
    first.retain(|r| !errors.contains(&r.name.to_ascii_lowercase()));
    let unused = unused_parameters(ctx);
    for (reference, source) in &escalated {
        let what = source.what;
        let mut d =
            Diagnostic::new(
                &RULE,
                reference.span,
                format!(
                    "parameter `{}` is not defined, and it is the only {what} of {}",
                    reference.name,
                    match source.nodes.as_slice() {
                        [(_, one)] => one.clone(),
                        many => format!("{} nodes", many.len()),
                    }
                ),
            )
            .with_severity(Severity::Error)
            .with_label(format!("not a parameter: the {what} is empty"))
            .with_help(meant(reference.name, &unused).map(|p| suggest(p.display_name())).unwrap_or_else(|| {
                format!("define it in a `[[[parameter {}]]]` section with a default", reference.name)
            }))
            .with_note("the node will not start: CycleCloud reads an empty value");
        for (header, described) in &source.nodes {
            if *header != reference.span {
                d = d.with_secondary(*header, format!("{described} has no other {what}"));
            }
        }
        out.push(d);
    }
    let mut defined: Vec<&str> = ctx.parameters().names().collect();
    defined.sort_unstable();
    for reference in first {
        let count = seen[&reference.name.to_ascii_lowercase()];
        let meant = meant(reference.name, &unused);
        let help = match meant {
            Some(p) => Some(suggest(p.display_name())),
            None => closest(reference.name, defined.iter().copied()).map(suggest),
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
        for span in later.get(&reference.name.to_ascii_lowercase()).into_iter().flatten() {
            diagnostic = diagnostic.with_secondary(*span, "referenced here too");
        }
        if count > 1 {
            diagnostic = diagnostic.with_note(format!("`{}` is referenced {count} times", reference.name));
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::{suggest, SHOWN_REFERENCES};
    use crate::lint::Linter;

    /// A name that can follow `$` is offered as a rename (the form `--unsafe-fixes` applies); one
    /// that cannot is offered with the rename the parameter needs, in a form no fix applies.
    #[test]
    fn suggestions_that_cannot_follow_a_dollar_say_why() {
        assert_eq!(suggest("Use_Gpu2"), "did you mean `Use_Gpu2`?");
        let cases = [
            ("Use-Gpu", "`-`", "Use_Gpu"),
            ("Image List", "white space", "Image_List"),
            ("2Gpu", "a leading digit", "_2Gpu"),
        ];
        for (name, at, renamed) in cases {
            assert_eq!(
                suggest(name),
                format!(
                    "did you mean parameter `{name}`? a `$` name ends at {at}, so it cannot be referenced as it is: \
                     rename it `{renamed}` and write `${renamed}`"
                )
            );
        }
    }

    /// An undefined name used many times: one finding, the next few uses as labels, the total in
    /// a note.
    #[test]
    fn later_uses_are_labels_up_to_the_limit() {
        let mut text = String::from("[cluster c]\n");
        for i in 0..SHOWN_REFERENCES + 3 {
            text.push_str(&format!("  [[node n{i}]]\n  KeyPairLocation = $KeyPath\n"));
        }
        let result = Linter::new().check_text("a.txt", text);
        let found: Vec<_> = result.diagnostics.iter().filter(|d| d.rule == "undefined-parameter").collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].secondary.len(), SHOWN_REFERENCES);
        let total = SHOWN_REFERENCES + 3;
        assert_eq!(found[0].note.as_deref(), Some(format!("`KeyPath` is referenced {total} times").as_str()));
    }
}
