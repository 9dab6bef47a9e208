use crate::diagnostic::Diagnostic;
use crate::model::{Section, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `[[[cluster-init …]]]` whose name is neither a spec,
    /// `[locker/]project:spec[:version]`, nor a label whose section sets both `Project` and
    /// `Spec`: a name with white space, more than three `:` parts or an empty project or spec;
    /// an unnamed section; a label that sets only one of `Project` and `Spec`. The version may
    /// be empty or a parameter (`pbspro:default:`, `lsf:execute:$LsfProjectVersion`), a bare
    /// project name (`[[[cluster-init cyclecloud]]]`) is the short form without a spec, and
    /// attribute names compare case-insensitively.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// CycleCloud cannot tell which project to run: the import fails, or the node boots
    /// without the software the section was meant to install.
    ///
    /// Tuned against: a PBS template that writes `[[[cluster-init pbspro:default:]]]` with an
    /// empty version, a label-form section whose body sets `project =` and `spec =` in
    /// lowercase, and a family of application templates that list a bare
    /// `[[[cluster-init cyclecloud]]]` before their own specs; all are accepted.
    ///
    /// ## Example
    /// ```ini
    /// [[[cluster-init cyclecloud/slurm default 3.0.9]]]
    /// [[[cluster-init tools]]]
    /// Project = mytools
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[cluster-init cyclecloud/slurm:default:3.0.9]]]
    /// [[[cluster-init tools]]]
    /// Project = mytools
    /// Spec = default
    /// ```
    pub static RULE = {
        name: "invalid-cluster-init-spec",
        severity: Error,
        summary: "a `cluster-init` name that is neither a spec nor a label with `Project` and `Spec`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in ctx.template.sections_of(SectionKind::ClusterInit) {
        let name = section.display_name();
        if has_long_form(section) {
            continue;
        }
        if name.contains(':') {
            if let Some(problem) = spec_problem(name) {
                out.push(
                    Diagnostic::new(&RULE, span(section), format!("invalid cluster-init spec `{name}`: {problem}"))
                        .with_label("not `[locker/]project:spec[:version]`")
                        .with_help("write `project:spec:version`, optionally after `locker/`"),
                );
            }
            continue;
        }
        let missing: Vec<&str> = ["Project", "Spec"].into_iter().filter(|k| section.attribute(k).is_none()).collect();
        let message = if name.is_empty() {
            "cluster-init section has no spec".to_string()
        } else if name.contains(char::is_whitespace) {
            format!("invalid cluster-init spec `{name}`: it holds white space")
        } else if missing.len() == 2 {
            // A bare project name (`[[[cluster-init cyclecloud]]]`): the spec's short form
            // without `:spec`, accepted by CycleCloud.
            continue;
        } else {
            format!("cluster-init `{name}` sets `{}` but no `{}`", other(missing[0]), missing[0])
        };
        out.push(
            Diagnostic::new(&RULE, span(section), message)
                .with_label("not `[locker/]project:spec[:version]`")
                .with_help(
                    "write `[[[cluster-init project:spec:version]]]`, or set both `Project` and `Spec` in the section",
                ),
        );
    }
}

fn other(key: &str) -> &'static str {
    if key == "Project" {
        "Spec"
    } else {
        "Project"
    }
}

fn span(section: &Section) -> crate::span::Span {
    section.name.as_ref().map_or(section.header_span, |n| n.span)
}

fn has_long_form(section: &Section) -> bool {
    section.attribute("Project").is_some() && section.attribute("Spec").is_some()
}

/// What is wrong with a `[locker/]project:spec[:version]` name, if anything.
fn spec_problem(name: &str) -> Option<&'static str> {
    if name.contains(char::is_whitespace) {
        return Some("it holds white space");
    }
    let parts: Vec<&str> = name.split(':').collect();
    if parts.len() > 3 {
        return Some("it has more than three `:`-separated parts");
    }
    let project = parts[0];
    let project = match project.split_once('/') {
        Some(("", _)) => return Some("the locker before `/` is empty"),
        Some((_, project)) => project,
        None => project,
    };
    if project.is_empty() {
        return Some("the project name is empty");
    }
    if project.contains('/') {
        return Some("it has more than one `/`");
    }
    if parts[1].is_empty() {
        return Some("the spec name is empty");
    }
    None
}
