declare_rule! {
    /// ## What it does
    /// Reports a `${…}` or `:=` expression that is not valid ClassAd (with CycleCloud's extras:
    /// `===`, `!==`, `in`, `is`, `isnt`, `$Name`), pointing inside the value.
    ///
    /// Applies to: every CycleCloud version and provider. A `,` between the fields of a record
    /// (`[Label="A", Value="a"]`) is told that fields are separated by `;`, with a fix.
    ///
    /// ## Why is this bad?
    /// CycleCloud evaluates these expressions when the cluster is imported or started; a syntax
    /// error there fails the import or leaves the attribute unset.
    ///
    /// ## Example
    /// ```ini
    /// Conditions.Hidden := UseKeyVault &&
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// Conditions.Hidden := UseKeyVault && !Advanced
    /// ```
    pub static RULE = {
        name: "expression-syntax-error",
        severity: Error,
        summary: "a `${…}` or `:=` expression that does not parse",
        check: None,
    };
}
