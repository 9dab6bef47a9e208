use crate::diagnostic::Diagnostic;
use crate::model::{FileKind, SectionKind};
use crate::rules::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a template file (not an image record file) that has neither a `[cluster]`
    /// section nor a `[parameters]` section.
    ///
    /// Applies to: every CycleCloud version and provider. A fragment's nesting errors fold into
    /// this one finding (see `src/rules/causes.rs`).
    ///
    /// ## Why is this bad?
    /// "A cluster template file must have at least one `[cluster]` section" (cluster
    /// reference): importing the file fails. A file of parameters alone is kept, because
    /// build scripts concatenate such pieces.
    ///
    /// Tuned against: the slurm-workspace build pieces (a lone `[[nodearray gpu]]`, a lone
    /// `[[[parameter …]]]`), which the corpus lists as fragments; and record files of the image
    /// registry, which are not templates and are never reported.
    ///
    /// ## Example
    /// ```ini
    /// [[node scheduler]]
    /// MachineType = Standard_F4s
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [cluster demo]
    ///   [[node scheduler]]
    ///   MachineType = Standard_F4s
    /// ```
    pub static RULE = {
        name: "missing-cluster",
        severity: Error,
        summary: "a template file with no `[cluster]` and no `[parameters]` section",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let template = ctx.template;
    // An empty file (or one with comments only) holds nothing to report on.
    if template.kind != FileKind::Template || template.sections.is_empty() {
        return;
    }
    let has = |kind| template.sections_of(kind).next().is_some();
    if has(SectionKind::Cluster) || has(SectionKind::Parameters) {
        return;
    }
    let span = template.sections.first().map_or(Span::at(0), |s| s.header_span);
    out.push(
        Diagnostic::new(&RULE, span, "template has no `[cluster]` section".to_string())
            .with_label("the file starts here")
            .with_help("put the nodes and nodearrays under a `[cluster name]` section"),
    );
}
