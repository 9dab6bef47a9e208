use crate::diagnostic::Diagnostic;
use std::collections::{HashMap, HashSet};

use crate::effective::{extends_names, Members};
use crate::model::{Section, SectionId, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports `Extends` chains that loop back (`a` extends `b`, `b` extends `a`, or a node
    /// that extends itself), and shows the loop. Each loop is reported once, at the first of its
    /// members in the file.
    ///
    /// Applies to: every CycleCloud version and provider.
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
        let members = Members::of(template, cluster.id);
        let mut reported: HashSet<Vec<SectionId>> = HashSet::new();
        for cycle in cycles(&members) {
            let mut key = cycle.clone();
            key.sort();
            if !reported.insert(key) {
                continue;
            }
            let start = template.section(cycle[0]);
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

/// The bases a section names in `Extends` (known names only), in order.
fn bases<'t>(members: &Members<'t>, section: &Section) -> Vec<&'t Section> {
    section.attribute("Extends").map_or_else(Vec::new, |extends| {
        extends_names(&extends.value).iter().filter_map(|(name, _)| members.get(name)).collect()
    })
}

/// Every loop found by one depth-first search over the `Extends` graph (iterative, so a long
/// chain cannot exhaust the stack). Each loop starts at the member that is first in file order
/// among those the search reached it from, and lists the members up to the one extending it.
fn cycles(members: &Members) -> Vec<Vec<SectionId>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let index: HashMap<SectionId, usize> = members.list.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut state = vec![State::New; members.list.len()];
    let mut found = Vec::new();
    for root in 0..members.list.len() {
        if state[root] != State::New {
            continue;
        }
        // The current path, each entry with the bases still to visit.
        let mut path: Vec<(usize, Vec<usize>)> = Vec::new();
        let enter = |i: usize| {
            let mut next: Vec<usize> = bases(members, members.list[i]).iter().map(|b| index[&b.id]).collect();
            next.reverse();
            (i, next)
        };
        state[root] = State::OnPath;
        path.push(enter(root));
        while let Some((_, next)) = path.last_mut() {
            match next.pop() {
                None => {
                    let (done, _) = path.pop().expect("the path is not empty");
                    state[done] = State::Done;
                }
                Some(base) => match state[base] {
                    State::OnPath => {
                        let from = path.iter().position(|(i, _)| *i == base).expect("on the path");
                        found.push(path[from..].iter().map(|(i, _)| members.list[*i].id).collect());
                    }
                    State::New => {
                        state[base] = State::OnPath;
                        path.push(enter(base));
                    }
                    State::Done => {}
                },
            }
        }
    }
    found
}
