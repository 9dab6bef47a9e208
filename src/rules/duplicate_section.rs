use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::model::{cmp_ignore_ascii_case, Section, SectionId, SectionKind, Template};
use crate::rules::node_support::{lost_headers, repeated_after};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports two sections of the same kind and name under the same parent (names compare
    /// case-insensitively). Repeats that are meant are not reported: `[[[configuration]]]`
    /// sections merge, and each `[[[[list]]]]` appends one element. Two `[[node defaults]]`
    /// sections are not reported when they cannot conflict (no attribute or sub-section in
    /// common).
    ///
    /// Sub-sections repeated after a lost node header (see `unknown-attribute`) are reported
    /// there, once, not here.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// How CycleCloud treats a repeated node, volume or parameter is undocumented: one copy may
    /// override the other attribute by attribute, or be dropped. A repeated section is almost
    /// always a copy and paste that was meant to be renamed.
    ///
    /// Tuned against: a GlusterFS RHEL template that splits `[[node defaults]]` in two parts with
    /// different attributes (harmless, not reported), the repeated `[[[[list
    /// Config.Entries]]]]` of dropdowns (not reported), and an Avere template that repeats
    /// `[[[volume d2]]]` and `[[[volume d3]]]` where `d4` and `d5` were meant (reported).
    ///
    /// ## Example
    /// ```ini
    /// [[nodearray hpc]]
    /// MachineType = Standard_HB120rs_v3
    /// [[nodearray hpc]]
    /// MachineType = Standard_HC44rs
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[nodearray hpc]]
    /// MachineType = Standard_HB120rs_v3
    /// [[nodearray htc]]
    /// MachineType = Standard_HC44rs
    /// ```
    pub static RULE = {
        name: "duplicate-section",
        severity: Warning,
        summary: "two sections of the same kind and name under the same parent",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let template = ctx.template;
    let roots: Vec<&Section> = template.roots().collect();
    check_siblings(template, &roots, out);
    // Sub-sections repeated after a lost node header are part of `unknown-attribute`'s one
    // finding for that cause.
    let lost: HashSet<SectionId> =
        lost_headers(template).iter().flat_map(|l| repeated_after(template, l)).map(|s| s.id).collect();
    for section in &template.sections {
        let children: Vec<&Section> = template.children(section.id).filter(|c| !lost.contains(&c.id)).collect();
        check_siblings(template, &children, out);
    }
}

fn check_siblings(template: &Template, siblings: &[&Section], out: &mut Vec<Diagnostic>) {
    let siblings: Vec<&Section> = siblings
        .iter()
        .copied()
        .filter(|s| !matches!(s.kind, SectionKind::Configuration | SectionKind::List | SectionKind::Unknown))
        .collect();
    // The first sibling of each kind and name, found by sorting positions (stable: the first
    // written leads its run), so that a section with a million children stays linear in time and
    // takes eight bytes a child (a map by kind and name took some 130).
    let key = |i: u32| (siblings[i as usize].kind as u8, siblings[i as usize].display_name());
    let mut order: Vec<u32> = (0..siblings.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let ((kind_a, name_a), (kind_b, name_b)) = (key(a), key(b));
        kind_a.cmp(&kind_b).then_with(|| cmp_ignore_ascii_case(name_a, name_b))
    });
    let mut first_of = vec![0u32; siblings.len()];
    let mut run_start = 0;
    for (n, &i) in order.iter().enumerate() {
        let (kind, name) = key(i);
        let (start_kind, start_name) = key(order[run_start]);
        if kind != start_kind || !name.eq_ignore_ascii_case(start_name) {
            run_start = n;
        }
        first_of[i as usize] = order[run_start];
    }
    drop(order);
    for (i, section) in siblings.iter().enumerate() {
        let first = siblings[first_of[i] as usize];
        if first.id == section.id {
            continue;
        }
        if is_defaults(section) && !conflict(template, first, section) {
            continue;
        }
        let what = match &section.name {
            Some(name) => format!("`{}` section `{}`", section.kind.keyword(), name.text),
            None => format!("unnamed `{}` section", section.kind.keyword()),
        };
        out.push(
            Diagnostic::new(&RULE, section.header_span, format!("duplicate {what}"))
                .with_label("repeated here")
                .with_secondary(first.header_span, "first defined here")
                .with_help("merge the two sections, or rename one")
                .with_note("how CycleCloud combines repeated sections is undocumented"),
        );
    }
}

fn is_defaults(section: &Section) -> bool {
    section.kind == SectionKind::Node && section.lookup_name() == "defaults"
}

/// True when the two sections set a common attribute or hold a common sub-section.
fn conflict(template: &Template, a: &Section, b: &Section) -> bool {
    let common_key =
        a.attributes.iter().any(|x| b.attributes.iter().any(|y| x.key.text.eq_ignore_ascii_case(&y.key.text)));
    let common_child = template.children(a.id).any(|x| {
        x.kind != SectionKind::Configuration
            && template.children(b.id).any(|y| y.kind == x.kind && y.lookup_name() == x.lookup_name())
    });
    common_key || common_child
}
