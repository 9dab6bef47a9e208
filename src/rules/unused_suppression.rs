declare_rule! {
    /// ## What it does
    /// Reports a rule named in a `# cyclelint: ignore[…]` or `ignore-file[…]` comment that
    /// suppressed nothing: the rule found nothing where the suppression applies. Only rules that
    /// are enabled are reported; a suppression of a rule that is off is left alone.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding of that rule at that place. Suppressions
    /// outlive the problems they were written for: the template is fixed, the comment stays.
    ///
    /// ## Example
    /// ```ini
    /// # cyclelint: ignore[lenient-string] -- legacy text
    /// Config.Label = "Region"
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// Config.Label = "Region"
    /// ```
    pub static RULE = {
        name: "unused-suppression",
        severity: Warning,
        summary: "a suppression comment that suppressed nothing",
        check: None,
    };
}
