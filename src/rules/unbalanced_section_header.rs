declare_rule! {
    /// ## What it does
    /// Reports a section header whose opening and closing bracket counts differ, or that has no
    /// closing brackets at all.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The number of brackets is the section's rank: it decides which section the header belongs
    /// to. With unequal counts the rank is ambiguous and CycleCloud rejects the header.
    ///
    /// ## Example
    /// ```ini
    /// [[node scheduler]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node scheduler]]
    /// ```
    ///
    /// ## Fix
    /// Safe (`check --fix`): the closing brackets are written to match the opening ones. The
    /// rank already comes from the opening brackets, so the file keeps the meaning cyclelint
    /// reads in it.
    pub static RULE = {
        name: "unbalanced-section-header",
        severity: Error,
        summary: "a section header whose opening and closing brackets do not match",
        check: None,
    };
}
