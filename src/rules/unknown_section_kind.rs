declare_rule! {
    /// ## What it does
    /// Reports a section header whose kind word is not one CycleCloud knows (`cluster`, `node`,
    /// `nodearray`, `volume`, `network-interface`, `input-endpoint`, `cluster-init`,
    /// `configuration`, `environment`, `noderef`, `parameters`, `parameter`, `list`, `record`,
    /// `autoscaler`), with "did you mean" for a near miss.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// A misspelt kind (`configuraton`, even in Microsoft's own documentation) makes the import
    /// fail, or the whole section and everything in it is lost.
    ///
    /// ## Example
    /// ```ini
    /// [[[configuraton]]]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[configuration]]]
    /// ```
    pub static RULE = {
        name: "unknown-section-kind",
        severity: Error,
        summary: "a section header whose kind is not a known section kind",
        check: None,
    };
}
