declare_rule! {
    /// ## What it does
    /// Reports a line that is neither a blank line, a `#` comment, a `[section]` header nor a
    /// `Key = value` attribute, and attribute keys that cannot be keys.
    ///
    /// Applies to: every CycleCloud version and provider. The same invalid line repeated (a
    /// placeholder such as `<---- … ---->`) is one finding, the repeats as labels.
    ///
    /// ## Why is this bad?
    /// CycleCloud reads templates line by line; a line it cannot classify makes the import fail,
    /// or is silently dropped. A common case is a `;` comment copied from other INI dialects:
    /// CycleCloud templates only know `#` comments.
    ///
    /// ## Example
    /// ```ini
    /// ; the scheduler
    /// [[node scheduler]]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// # the scheduler
    /// [[node scheduler]]
    /// ```
    ///
    /// ## Fix
    /// Safe (`check --fix`), for a line that starts with `;` only: the `;` becomes `#`. Such a
    /// line is a comment copied from another INI dialect; CycleCloud rejects it or reads a key
    /// starting with `;`, neither of which the author meant.
    pub static RULE = {
        name: "syntax-error",
        severity: Error,
        summary: "a line that is not a header, an attribute, a comment or blank",
        check: None,
    };
}
