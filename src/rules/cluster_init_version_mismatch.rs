use crate::diagnostic::Diagnostic;
use crate::projects::Project;
use crate::rules::inconsistent_cluster_init_version::local_init_refs;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `[[[cluster-init project:spec:version]]]` (or a label section with `Project`
    /// and `Version`) whose project is a local CycleCloud project (a `project.ini` beside the
    /// checked templates, or in a folder named by `projects = [...]` in `cyclelint.toml`) at
    /// another version, with an unsafe fix when the local version is unique.
    ///
    /// Only local projects are checked: a project that is not found locally, a spec with an
    /// explicit locker (`cyclecloud/slurm:default:3.0.9` names the copy in that locker), no
    /// version or a `$Param` version, and a `project.ini` without `version` are not reported.
    /// When several local projects have the name, any of their versions is accepted.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// `cyclecloud project upload` uploads the version in `project.ini`; a template that asks
    /// for another one gets a stale copy from the locker, or none, and the node fails to
    /// converge. It is the usual result of bumping `project.ini` and not the template.
    ///
    /// Tuned against: template repositories that keep their projects beside the templates
    /// (`project.ini`, `specs/`, `templates/*.txt`). The corpus holds templates only, so the
    /// rule has no corpus findings; the fixtures hold a project folder.
    ///
    /// ## Example
    /// ```ini
    /// # project.ini: [project] name = myproject, version = 1.1.0
    /// [[[cluster-init myproject:default:1.0.0]]]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[cluster-init myproject:default:1.1.0]]]
    /// ```
    pub static RULE = {
        name: "cluster-init-version-mismatch",
        severity: Warning,
        summary: "a cluster-init version that differs from the local project's `project.ini`",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for r in local_init_refs(ctx) {
        let (Some(version), Some(span)) = (r.literal_version(), r.version_span) else { continue };
        let local = local_versions(ctx.projects(), &r.project);
        if local.is_empty() || local.iter().any(|(v, _)| *v == version) {
            continue;
        }
        let (local_version, project) = local[0];
        let mut d = Diagnostic::new(
            &RULE,
            span,
            format!(
                "cluster-init `{}` asks for version `{version}`, but the local project is at `{local_version}`",
                r.project
            ),
        )
        .with_label(format!("not `{local_version}`"))
        .with_note(format!("`{}` sets `version = {local_version}`", project.path.display()));
        if local.iter().all(|(v, _)| *v == local_version) {
            d = d.with_help(format!("write `{local_version}`, the version that `cyclecloud project upload` uploads"));
            d = d.with_unsafe_fix(span, local_version);
        } else {
            d = d.with_help("write the version of one of the local projects");
        }
        out.push(d);
    }
}

/// The versions of the local projects named `name`, with their projects.
pub fn local_versions<'p>(projects: &'p [Project], name: &str) -> Vec<(&'p str, &'p Project)> {
    projects
        .iter()
        .filter(|p| p.name.eq_ignore_ascii_case(name))
        .filter_map(|p| p.version.as_deref().map(|v| (v, p)))
        .collect()
}
