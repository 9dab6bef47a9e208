use crate::diagnostic::Diagnostic;
use crate::effective::{extends_names, find_member};
use crate::model::{Section, SectionId, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports `Extends` chains that loop back (`a` extends `b`, `b` extends `a`, or a node
    /// that extends itself), and shows the loop. Each loop is reported once, at the first of its
    /// members in the file.
    ///
    /// ## Why is this bad?
    /// Inheritance has no starting point: CycleCloud cannot tell which values win, and the
    /// import fails.
    ///
    /// Tuned against: slurm templates where `scheduler-ha` extends the `scheduler` node and
    /// nodearrays extend an abstract base; chains are followed and only true loops are
    /// reported (none in the corpus).
    ///
    /// ## Example
    /// ```ini
    /// [[node base]]
    /// Extends = hpc
    /// [[nodearray hpc]]
    /// Extends = base
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node base]]
    /// Abstract = true
    /// [[nodearray hpc]]
    /// Extends = base
    /// ```
    pub static RULE = {
        name: "extends-cycle",
        severity: Error,
        summary: "`Extends` chains that loop",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let template = ctx.template;
    for cluster in template.sections_of(SectionKind::Cluster) {
        let members: Vec<&Section> = template.children(cluster.id).filter(|s| s.kind.is_node_like()).collect();
        let mut reported: Vec<Vec<SectionId>> = Vec::new();
        for start in &members {
            let Some(cycle) = find_cycle(&members, start) else { continue };
            let mut key = cycle.clone();
            key.sort();
            if reported.contains(&key) {
                continue;
            }
            reported.push(key);
            let names: Vec<&str> =
                cycle.iter().chain(cycle.first()).map(|id| template.section(*id).display_name()).collect();
            let extends = start.attribute("Extends").expect("a node in a cycle extends something");
            let mut diagnostic = Diagnostic::new(
                &RULE,
                extends.value.span,
                format!("`Extends` loops: {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" → ")),
            )
            .with_label("this starts the loop");
            for id in cycle.iter().skip(1) {
                if let Some(a) = template.section(*id).attribute("Extends") {
                    diagnostic = diagnostic.with_secondary(a.value.span, "and this continues it");
                }
            }
            out.push(
                diagnostic.with_help("remove one `Extends` of the loop; a shared base should be `Abstract = true`"),
            );
        }
    }
}

/// The loop through `start`, as the sections from `start` up to the one extending `start`.
fn find_cycle(members: &[&Section], start: &Section) -> Option<Vec<SectionId>> {
    let mut path = vec![start.id];
    let mut visited = vec![start.id];
    walk(members, start, start.id, &mut path, &mut visited).then_some(path)
}

fn walk(
    members: &[&Section],
    at: &Section,
    target: SectionId,
    path: &mut Vec<SectionId>,
    visited: &mut Vec<SectionId>,
) -> bool {
    let Some(extends) = at.attribute("Extends") else { return false };
    for (name, _) in extends_names(&extends.value) {
        let Some(base) = find_member(members, &name) else { continue };
        if base.id == target {
            return true;
        }
        if visited.contains(&base.id) {
            continue;
        }
        visited.push(base.id);
        path.push(base.id);
        if walk(members, base, target, path, visited) {
            return true;
        }
        path.pop();
    }
    false
}
