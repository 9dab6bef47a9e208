declare_rule! {
    /// ## What it does
    /// Reports a quoted string (`"…"`, `'…'`, `'''…'''` or `"""…"""`) that is never closed.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// A `"…"` or `'…'` string must close on its own line; a triple-quoted string runs to the
    /// next identical delimiter, so an unclosed one swallows the rest of the file. CycleCloud
    /// rejects the template or reads a value that is not what was written.
    ///
    /// ## Example
    /// ```ini
    /// DefaultValue = "r9_2_124508
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// DefaultValue = "r9_2_124508"
    /// ```
    pub static RULE = {
        name: "unterminated-string",
        severity: Error,
        summary: "a quoted or triple-quoted string that is never closed",
        check: None,
    };
}
