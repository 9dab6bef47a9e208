declare_rule! {
    /// ## What it does
    /// Reports a value that starts with a quote but is not one clean quoted string: inner
    /// quotes that are not escaped, or text after the closing quote. CycleCloud tolerates these
    /// and reads the raw text, so this is a warning. The mirror case too: an unquoted value that
    /// ends with a stray `"` (`Description = Server to use."`).
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// What you see is not quite what CycleCloud reads: the quotes become part of the value,
    /// and a stricter reader (or a later CycleCloud) may reject it.
    ///
    /// ## Example
    /// ```ini
    /// Config.Template = "See the <a href="https://example.com">README</a>"
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// Config.Template = "See the <a href=\"https://example.com\">README</a>"
    /// ```
    pub static RULE = {
        name: "lenient-string",
        severity: Warning,
        summary: "a quoted value that CycleCloud accepts only leniently",
        check: None,
    };
}
