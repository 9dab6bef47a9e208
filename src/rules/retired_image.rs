use crate::diagnostic::Diagnostic;
use crate::node_image::setting;
use crate::registry::builtin::{retired_label, RETIRED_LABELS_SINCE};
use crate::rules::node_support::at_value;
use crate::rules::Context;
use crate::target::CycleCloudVersion;

declare_rule! {
    /// ## What it does
    /// Reports `Image = <label>` where the label is a built-in image label of the CycleCloud 6
    /// and 7 era (`Cycle CentOS 7`, `Cycle Windows 2016`: the current label with `Cycle ` in
    /// front) that no loaded registry defines, and names its modern replacement, with a fix.
    /// Such a label is not reported by `unknown-image`.
    ///
    /// Applies to: CycleCloud 8 and later (`cyclecloud-version` ≥ 8); with an earlier version the
    /// label is valid and nothing is reported. Providers: all.
    ///
    /// ## Why is this bad?
    /// The images page of CycleCloud 8 labels the built-in images without the prefix (`CentOS 7`,
    /// `Windows 2016 DataCenter`); the old labels were current when the template was written
    /// and are not in today's registry, so the node has no image to start from.
    ///
    /// ## Example
    /// ```ini
    /// [[node master]]
    /// Image = Cycle CentOS 7
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node master]]
    /// Image = CentOS 7
    /// ```
    pub static RULE = {
        name: "retired-image",
        severity: Warning,
        summary: "an `Image` label of CycleCloud 7 that CycleCloud 8 no longer has",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let (major, minor) = RETIRED_LABELS_SINCE;
    if ctx.version < CycleCloudVersion::new(major, minor) {
        return;
    }
    let mut found = Vec::new();
    for node in ctx.nodes() {
        let Some(s) = setting(node, ctx.parameters(), ctx.source, "Image") else { continue };
        let Some(label) = s.text().map(str::trim) else { continue };
        if !ctx.registry.find_by_label(label).is_empty() || !ctx.registry.find_by_name(label).is_empty() {
            continue;
        }
        let Some(modern) = retired_label(label) else { continue };
        let d = at_value(
            &RULE,
            node,
            &s,
            format!("`{label}` is an image label of CycleCloud 7, retired in CycleCloud {major}"),
        )
        .with_label("retired label")
        .with_help(format!("write `Image = {}` (or `ImageName = {}`)", modern.label, modern.name))
        .with_unsafe_fix(s.value_span(), modern.label);
        found.push(d);
    }
    out.extend(found);
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::lint::Linter;
    use crate::target::CycleCloudVersion;

    const TEXT: &str = "[cluster a]\n[[node m]]\nImage = Cycle CentOS 7\n";

    fn rules(version: CycleCloudVersion) -> Vec<&'static str> {
        let mut settings = Settings::default();
        settings.cyclecloud_version = version;
        let result = Linter::new().check_text_with("a.txt", TEXT.to_string(), &settings);
        result.diagnostics.iter().map(|d| d.rule).filter(|r| r.contains("image")).collect()
    }

    #[test]
    fn the_old_label_is_retired_in_8_and_valid_in_7() {
        assert_eq!(rules(CycleCloudVersion::CURRENT), ["retired-image"]);
        assert!(rules(CycleCloudVersion::new(7, 9)).is_empty());
        // Retired from 8.0 itself on.
        assert_eq!(rules(CycleCloudVersion::new(8, 0)), ["retired-image"]);
    }

    /// A registry package that keeps the old label (a user's own image) is what the label means.
    #[test]
    fn a_registry_label_is_not_retired() {
        let mut registry = crate::registry::Registry::builtin();
        let json = r#"[{"AdType": "Package", "Name": "my.centos7", "Version": "1.0", "PackageType": "image",
                       "Label": "Cycle CentOS 7", "OS": "linux"}]"#;
        registry.add_json(std::path::Path::new("reg.json"), json).expect("valid registry");
        let result = Linter::with_registry(registry).check_text_with("a.txt", TEXT.to_string(), &Settings::default());
        assert!(result.diagnostics.iter().all(|d| d.rule != "retired-image"), "{:?}", result.diagnostics);
    }
}
