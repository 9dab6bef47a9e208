use crate::diagnostic::{did_you_mean, Diagnostic, Severity};
use crate::model::{BinaryOp, Expr, ExprKind, Section, SectionKind};
use crate::node_image::{literal, setting, ImageNameKind};
use crate::registry::builtin::retired_label;
use crate::rules::node_support::at_value;
use crate::rules::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports an `ImageName` (a package name) or an `Image` (a package label) that no registry
    /// knows: neither the built-in images nor the `--registry` files. The package names a
    /// `Cloud.Image` parameter offers (`Config.Entries`, `Config.Filter := Package in {…}`, its
    /// `DefaultValue`) are checked too. Marketplace URNs and resource ids are not registry names.
    /// It is an error when a user registry is given (`--registry`), a warning otherwise, since the
    /// image may then be in a registry cyclelint was not shown. A `Cycle …` label of CycleCloud 7
    /// (`Image = Cycle CentOS 7`) is not unknown: `retired-image` reports it. The first 100
    /// unknown names of a file get a "did you mean" (each is compared with every name in the
    /// registries).
    ///
    /// Applies to: every CycleCloud version. Providers: all (the registry is provider-neutral).
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: "When the image is in the registry, reference it with
    /// either `Image` or `ImageName` on your node." A name that is in no registry matches no
    /// package, and the node cannot start.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageName = cycle.image.ubuntu2
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageName = cycle.image.ubuntu22
    /// ```
    ///
    /// ## Tuned against
    /// `Cloud.Image` parameters whose entries mix catalogue names with marketplace URNs
    /// (`microsoft-ads:linux-data-science-vm:linuxdsvm:latest`), and `Config.Filter` lists naming
    /// `cycle.image.ubuntu24`, `almalinux8` and `almalinux9`, which are built in though the images
    /// page does not list them. `Config.Filter` on other parameter types is not about images.
    pub static RULE = {
        name: "unknown-image",
        severity: Error,
        summary: "an `ImageName` or `Image` found in no image registry",
        check: Some(check),
    };
}

/// Unknown names of a file that get a "did you mean": each is compared with every name and label
/// of the registry, so thousands of unknown names against a registry of thousands would take time
/// quadratic in the inputs. A hundred unknown images in one file are already more than anyone
/// reads one by one.
const MAX_SUGGESTIONS: usize = 100;

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut suggested = 0;
    for node in ctx.nodes() {
        if let Some(s) = setting(node, ctx.parameters(), ctx.source, "ImageName") {
            if let Some(name) = s.text().map(str::trim).filter(|t| is_package_name(t)) {
                if ctx.registry.find_by_name(name).is_empty() {
                    let d = at_value(&RULE, node, &s, unknown_name(name)).with_label("in no registry");
                    found.push(finish(ctx, d, name, &mut suggested));
                }
            }
        }
        if let Some(s) = setting(node, ctx.parameters(), ctx.source, "Image") {
            if let Some(label) = s.text().map(str::trim).filter(|t| !t.contains("{{")) {
                // A `Cycle …` label of CycleCloud 7 is `retired-image`'s business.
                if ctx.registry.find_by_label(label).is_empty()
                    && ctx.registry.find_by_name(label).is_empty()
                    && retired_label(label).is_none()
                {
                    let message = format!("no image package has the label `{label}`");
                    let d = at_value(&RULE, node, &s, message).with_label("in no registry");
                    found.push(finish(ctx, d, label, &mut suggested));
                }
            }
        }
    }
    for parameter in ctx.template.sections_of(SectionKind::Parameter).filter(|p| is_image_parameter(ctx, p)) {
        for (name, span) in offered_names(ctx, parameter) {
            if is_package_name(&name) && ctx.registry.find_by_name(&name).is_empty() {
                let d = Diagnostic::new(&RULE, span, unknown_name(&name))
                    .with_label(format!("offered by image parameter `{}`, in no registry", parameter.display_name()));
                found.push(finish(ctx, d, &name, &mut suggested));
            }
        }
    }
    out.extend(found);
}

/// The severity (error only with a user registry), "did you mean" (for the first
/// [`MAX_SUGGESTIONS`] of the file) and a note.
fn finish(ctx: &Context, d: Diagnostic, word: &str, suggested: &mut usize) -> Diagnostic {
    let severity = if ctx.registry.has_user_entries { Severity::Error } else { Severity::Warning };
    *suggested += 1;
    let help =
        if *suggested <= MAX_SUGGESTIONS { did_you_mean(word, ctx.registry.all_names_and_labels()) } else { None };
    let d = d.with_severity(severity).with_help_opt(help);
    if ctx.registry.has_user_entries {
        d
    } else {
        d.with_note("only the built-in images are known: pass `--registry` with the registry that holds custom images")
    }
}

/// A registry name to look up: not a URN, a resource id or a Jinja placeholder (`{{ queue.image }}`
/// in templates that are generated).
fn is_package_name(text: &str) -> bool {
    ImageNameKind::of(text) == ImageNameKind::Package && !text.contains("{{") && !text.contains("{%")
}

fn unknown_name(name: &str) -> String {
    format!("no image package is named `{name}`")
}

fn is_image_parameter(ctx: &Context, parameter: &Section) -> bool {
    parameter
        .attribute("ParameterType")
        .and_then(|a| literal(ctx.source, &a.value))
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("Cloud.Image"))
}

/// The package names a `Cloud.Image` parameter offers, with where each is written.
fn offered_names(ctx: &Context, parameter: &Section) -> Vec<(String, Span)> {
    let mut names = Vec::new();
    if let Some(default) = parameter.attribute("DefaultValue") {
        if let Some(text) = literal(ctx.source, &default.value).filter(|t| !t.trim().is_empty()) {
            names.push((text.trim().to_string(), default.value.span));
        }
    }
    for entries in ctx.template.children(parameter.id).filter(|c| c.lookup_name() == "config.entries") {
        if let Some(name) = entries.attribute("Name") {
            if let Some(text) = literal(ctx.source, &name.value).filter(|t| !t.trim().is_empty()) {
                names.push((text.trim().to_string(), name.value.span));
            }
        }
    }
    if let Some(filter) = parameter.attribute("Config.Filter") {
        filter.value.walk_exprs(&mut |e| filter_names(e, &mut names));
    }
    names
}

/// `Package in {"a", "b"}`, `Package === "a"`, `Package == "a"`.
fn filter_names(e: &Expr, names: &mut Vec<(String, Span)>) {
    let ExprKind::Binary { op, left, right } = &e.kind else { return };
    let is_package = |e: &Expr| matches!(&e.kind, ExprKind::Reference { name } if name.is("package"));
    let (other, in_list) = match op {
        BinaryOp::In if is_package(left) => (right, true),
        BinaryOp::Eq | BinaryOp::Is if is_package(left) => (right, false),
        BinaryOp::Eq | BinaryOp::Is if is_package(right) => (left, false),
        _ => return,
    };
    let mut push = |e: &Expr| {
        if let ExprKind::String { value } = &e.kind {
            names.push((value.trim().to_string(), e.span));
        }
    };
    match &other.kind {
        ExprKind::List { items } if in_list => items.iter().for_each(&mut push),
        _ => push(other),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::lint::Linter;

    /// The unknown names an image parameter with these lines offers.
    fn offered(lines: &str) -> Vec<String> {
        let text = format!("[parameters P]\n  [[[parameter Image]]]\n  ParameterType = Cloud.Image\n{lines}");
        let result = Linter::new().check_text_with("a.txt", text, &Settings::default());
        result.diagnostics.iter().filter(|d| d.rule == "unknown-image").map(|d| d.message.clone()).collect()
    }

    #[test]
    fn an_image_parameter_offers_its_default_and_the_packages_of_its_filter() {
        assert_eq!(offered("  DefaultValue = custom.imag\n"), ["no image package is named `custom.imag`"]);
        assert!(offered("  DefaultValue = cycle.image.ubuntu22\n").is_empty());
        assert!(offered("  DefaultValue =\n").is_empty());
        // A comparison with `Package` on either side names a package; one with another attribute does not.
        assert_eq!(offered("  Config.Filter := \"custom.b\" === Package\n"), ["no image package is named `custom.b`"]);
        assert_eq!(offered("  Config.Filter := Package == \"custom.c\"\n"), ["no image package is named `custom.c`"]);
        assert!(offered("  Config.Filter := \"custom.d\" == Label\n").is_empty());
        // Only `in` takes a list: `Package == {…}` is never true, so it offers nothing.
        assert_eq!(offered("  Config.Filter := Package in {\"custom.e\"}\n"), ["no image package is named `custom.e`"]);
        assert!(offered("  Config.Filter := Package == {\"custom.f\"}\n").is_empty());
    }
}
