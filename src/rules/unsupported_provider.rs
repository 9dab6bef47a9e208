use crate::diagnostic::Diagnostic;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports, once per file, a template written for AWS or Google Cloud only: markers of one
    /// of those providers (`Config.Provider = AWS`, `AWS.*` parameter types, an `ami-…` image
    /// id, `KeyPair`, `SecurityGroups`, `AWS.*` node attributes) and none of Azure. The finding
    /// points at the first marker and lists the others. A template that switches on the provider
    /// (`CloudProvider` in an expression) or shows markers of Azure too is multi-cloud and is not
    /// reported.
    ///
    /// Such a template gets none of the Azure-only requirements either: no `SubnetId` is asked
    /// for (`missing-required-attribute`), no `ImageOS` (`missing-image-os`).
    ///
    /// Applies to: CycleCloud 8 and later (`cyclecloud-version` ≥ 8); with an earlier
    /// `cyclecloud-version` the template is valid and nothing is reported. Providers: AWS and
    /// Google Cloud templates.
    ///
    /// ## Why is this bad?
    /// CycleCloud 6 and 7 managed AWS, Azure and Google Cloud; CycleCloud 8 manages Azure only.
    /// The template imported and ran in its time, but it cannot start nodes on a current
    /// installation: it needs porting (an Azure image, a `SubnetId`, Azure machine types), not
    /// a fix line by line.
    ///
    /// ## Example
    /// ```ini
    /// [cluster legacy]
    /// [[node master]]
    /// ImageId = ami-0abcdef1234567890
    /// KeyPair = $KeyPair
    /// ```
    ///
    /// Use instead, for CycleCloud 8:
    /// ```ini
    /// [cluster legacy]
    /// [[node master]]
    /// ImageName = cycle.image.ubuntu22
    /// SubnetId = $SubnetId
    /// ```
    /// or, to keep checking it against CycleCloud 7, `cyclecloud-version = "7.9"` in `cyclelint.toml`.
    pub static RULE = {
        name: "unsupported-provider",
        severity: Warning,
        summary: "a template written for AWS or Google Cloud, which CycleCloud 8 does not manage",
        check: Some(check),
    };
}

/// How many markers are shown as labels besides the first.
const MORE: usize = 4;

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.version.is_multi_cloud() {
        return;
    }
    let info = ctx.providers();
    let Some(provider) = info.non_azure_only() else { return };
    let markers = &info.markers;
    let Some(first) = markers.first() else { return };
    let mut d = Diagnostic::new(
        &RULE,
        first.span,
        format!(
            "this template is written for {}: CycleCloud {} manages Azure only",
            provider.name(),
            ctx.version.major
        ),
    )
    .with_label(format!("{}: {}", first.what, provider.name()));
    for m in markers.iter().skip(1).take(MORE) {
        d = d.with_secondary(m.span, format!("{}: {}", m.what, provider.name()));
    }
    let rest = markers.len().saturating_sub(MORE + 1);
    let seen = match rest {
        0 => String::new(),
        1 => " (1 more marker not shown)".to_string(),
        n => format!(" ({n} more markers not shown)"),
    };
    out.push(
        d.with_help(format!(
            "port the template to Azure, or set `cyclecloud-version = \"7.9\"` in `cyclelint.toml` to check it \
             against the last release that managed {}",
            provider.name()
        ))
        .with_note(format!("Azure-only requirements (`SubnetId`, `ImageOS`) are not checked on this template{seen}")),
    );
}
