use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::effective::{extends_names, Members};
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `Extends` name that is no node or nodearray of the same cluster (compared
    /// case-insensitively), with "did you mean" from the cluster's nodes and nodearrays.
    /// `$Param` and `${…}` values are not guessed at.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The base is not found at import: the nodearray loses everything it meant to inherit
    /// (image, machine type, cluster-init specs), or the import fails.
    ///
    /// Tuned against: slurm templates where a nodearray extends a *node* (`Extends = scheduler`)
    /// and several nodearrays extend an abstract `[[node nodearraybase]]`; both resolve, and the
    /// corpus yields no finding.
    ///
    /// ## Example
    /// ```ini
    /// [[node nodearraybase]]
    /// Abstract = true
    /// [[nodearray hpc]]
    /// Extends = nodearray-base
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node nodearraybase]]
    /// Abstract = true
    /// [[nodearray hpc]]
    /// Extends = nodearraybase
    /// ```
    pub static RULE = {
        name: "unknown-extends",
        severity: Error,
        summary: "an `Extends` name that is no node or nodearray of the cluster",
        check: Some(check),
    };
}

/// Unknown names that get a "did you mean" (the first, in file order): each suggestion compares
/// the name with every node of the cluster, so thousands of unknown names among thousands of
/// nodes would take time quadratic in the file. A hundred typos in one file are already more than
/// anyone reads one by one.
const MAX_SUGGESTIONS: usize = 100;

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let template = ctx.template;
    let mut suggested = 0;
    for cluster in template.sections_of(SectionKind::Cluster) {
        let members = Members::of(template, cluster.id);
        for node in &members.list {
            let Some(extends) = node.attribute("Extends") else { continue };
            for (name, span) in extends_names(&extends.value) {
                if name.is_empty() || members.get(&name).is_some() {
                    continue;
                }
                let candidates = members.list.iter().filter(|m| m.id != node.id).map(|m| m.display_name());
                suggested += 1;
                let help = if suggested <= MAX_SUGGESTIONS { did_you_mean(&name, candidates) } else { None };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        span,
                        format!(
                            "`{}` extends `{name}`, which is not a node or nodearray of this cluster",
                            node.display_name()
                        ),
                    )
                    .with_label("no such node or nodearray")
                    .with_help_opt(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_SUGGESTIONS;
    use crate::lint::Linter;

    /// The first [`MAX_SUGGESTIONS`] unknown names get a "did you mean", the rest none.
    #[test]
    fn suggestions_stop_after_the_limit() {
        let mut text = String::from("[cluster c]\n  [[node base]]\n  Abstract = true\n");
        for i in 0..MAX_SUGGESTIONS + 2 {
            text.push_str(&format!("  [[node n{i}]]\n  Extends = bsae\n"));
        }
        let result = Linter::new().check_text("a.txt", text);
        let helps: Vec<bool> =
            result.diagnostics.iter().filter(|d| d.rule == "unknown-extends").map(|d| d.help.is_some()).collect();
        assert_eq!(helps.len(), MAX_SUGGESTIONS + 2);
        assert!(helps[..MAX_SUGGESTIONS].iter().all(|h| *h));
        assert!(!helps[MAX_SUGGESTIONS] && !helps[MAX_SUGGESTIONS + 1]);
    }
}
