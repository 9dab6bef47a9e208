declare_rule! {
    /// ## What it does
    /// Reports an expression nested deeper than cyclelint's limit (64 levels of `(`, `[` and
    /// `{`), or a section header with more than 16 brackets. The construct is not parsed further.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// No real template comes near these limits; input that does is almost certainly generated
    /// by mistake. The limits keep the linter fast and safe on any input.
    ///
    /// ## Example
    /// ```ini
    /// Value = ${((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))}
    /// ```
    ///
    /// Use instead: write the expression flat.
    pub static RULE = {
        name: "nesting-too-deep",
        severity: Error,
        summary: "an expression or header nested beyond cyclelint's limits",
        check: None,
    };
}
