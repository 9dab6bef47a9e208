use crate::diagnostic::{closest, Diagnostic};
use crate::projects::Project;
use crate::rules::inconsistent_cluster_init_version::local_init_refs;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a `[[[cluster-init project:spec:version]]]` (or a label section with `Project`
    /// and `Spec`) whose project is a local CycleCloud project (a `project.ini` beside the
    /// checked templates, or in a folder named by `projects = [...]` in `cyclelint.toml`) that
    /// has no such spec, neither a folder under `specs/` nor a `[spec NAME]` section of
    /// `project.ini` (Chef-only specs such as BeeGFS's `manager` have no folder), with "did you
    /// mean" and an unsafe fix.
    ///
    /// Only local projects are checked: a project that is not found locally, a spec with an
    /// explicit locker (`cyclecloud/slurm:default`, the copy in that locker), and a project whose
    /// `specs/` folder is missing are not reported. Spec names compare case-insensitively.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The node asks the locker for a spec that the project does not have: the node fails
    /// while converging, after the VM has started and is billed.
    ///
    /// Tuned against: template repositories that keep their projects beside the templates
    /// (`project.ini`, `specs/default/cluster-init/…`, `templates/*.txt`). The BeeGFS
    /// repository's local template names `manager`, `storage`, `metadata`, `client` and `mon`
    /// specs, which exist only as `[spec …]` sections of its `project.ini`: none is reported.
    /// The corpus holds templates only, so the rule has no corpus findings; the fixtures hold a
    /// project folder.
    ///
    /// ## Example
    /// ```ini
    /// # specs/ holds default/ and execute/
    /// [[[cluster-init myproject:exec:1.0.0]]]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[cluster-init myproject:execute:1.0.0]]]
    /// ```
    pub static RULE = {
        name: "unknown-cluster-init-spec",
        severity: Warning,
        summary: "a cluster-init spec that the local project does not have",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for r in local_init_refs(ctx) {
        let (Some(spec), Some(span)) = (r.spec.as_deref(), r.spec_span) else { continue };
        if spec.is_empty() || spec.contains('$') {
            continue;
        }
        let local: Vec<&Project> =
            ctx.projects().iter().filter(|p| p.name.eq_ignore_ascii_case(&r.project) && !p.specs.is_empty()).collect();
        if local.is_empty() || local.iter().any(|p| p.specs.iter().any(|s| s.eq_ignore_ascii_case(spec))) {
            continue;
        }
        let specs: Vec<&str> = local.iter().flat_map(|p| p.specs.iter().map(String::as_str)).collect();
        let listed: Vec<String> = specs.iter().map(|s| format!("`{s}`")).collect();
        let mut d = Diagnostic::new(&RULE, span, format!("project `{}` has no spec `{spec}`", r.project))
            .with_label("not a spec of the local project")
            .with_note(format!("`{}` has the specs {}", local[0].path.display(), listed.join(", ")));
        match closest(spec, specs.iter().copied()) {
            Some(suggestion) => {
                d = d.with_help(format!("did you mean `{suggestion}`?")).with_unsafe_fix(span, suggestion);
            }
            None => d = d.with_help("use one of the project's specs, or add the spec under `specs/`"),
        }
        out.push(d);
    }
}
