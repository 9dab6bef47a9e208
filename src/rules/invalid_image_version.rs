use crate::diagnostic::Diagnostic;
use crate::node_image::setting;
use crate::registry::VersionSpec;
use crate::rules::node_support::at_value;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an `ImageVersion` that is neither a dotted-number literal (`1.2`) nor a wildcard
    /// (`1.x`, `1.2.x`).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The "Custom Machine Images" page: to override the highest version, "specify `ImageVersion`
    /// on the node, as either a literal (eg `1.2`) or a wildcard (`1.x`)". Versions compare "as a
    /// dotted string [...] comparing each part as a number": anything else matches no package.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageName = custom.image
    /// ImageVersion = 1.*
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageName = custom.image
    /// ImageVersion = 1.x
    /// ```
    ///
    /// ## Tuned against
    /// No corpus template sets `ImageVersion` on a node; several define a *parameter* named
    /// `ImageVersion` that is spliced into gallery URLs (`strcat(…, "/versions/", ImageVersion)`).
    /// Only the node attribute is checked, and `ImageVersion = 1.10` is read as written, not as the
    /// number `1.1`.
    pub static RULE = {
        name: "invalid-image-version",
        severity: Error,
        summary: "an `ImageVersion` that is not a dotted number or a wildcard",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes() {
        let Some(s) = setting(node, ctx.parameters(), ctx.source, "ImageVersion") else { continue };
        let Some(text) = s.text().map(str::trim) else { continue };
        let Err(error) = text.parse::<VersionSpec>() else { continue };
        let d = at_value(&RULE, node, &s, format!("`ImageVersion` `{text}` is not a version: {}", error.reason))
            .with_label("not a dotted number or a wildcard")
            .with_help("write a literal such as `1.2` or a wildcard such as `1.x`");
        out.push(d);
    }
}
