declare_rule! {
    /// ## What it does
    /// Reports a `# cyclelint: ignore[…]` or `ignore-file[…]` comment that gives no reason after
    /// `--`. It is a warning, and an error when the configuration sets `require-reason = true`.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// A suppression without a reason cannot be reviewed: nobody can tell later whether the
    /// finding was a false positive, a known limitation or a shortcut that should be undone.
    ///
    /// ## Example
    /// ```ini
    /// Config.Template = "a "quoted" word" # cyclelint: ignore[lenient-string]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// Config.Template = "a "quoted" word" # cyclelint: ignore[lenient-string] -- shown as written in the UI
    /// ```
    pub static RULE = {
        name: "suppression-without-reason",
        severity: Warning,
        summary: "a suppression comment that does not say why",
        check: None,
    };
}
