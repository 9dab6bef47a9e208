declare_rule! {
    /// ## What it does
    /// Reports a name in a `# cyclelint: ignore[…]` or `ignore-file[…]` comment that is not the
    /// name of a rule (`cyclelint rules` lists them), with the closest rule name when there is one.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// A misspelt suppression suppresses nothing: the finding it was meant for is still reported,
    /// or, worse, the comment makes a reader believe it has been looked at.
    ///
    /// ## Example
    /// ```ini
    /// # cyclelint: ignore[lenient-strings] -- legacy text
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// # cyclelint: ignore[lenient-string] -- legacy text
    /// ```
    pub static RULE = {
        name: "unknown-rule-in-suppression",
        severity: Warning,
        summary: "a suppression comment that names no rule",
        check: None,
    };
}
