declare_rule! {
    /// ## What it does
    /// Reports a section whose rank (number of brackets) puts it under a parent it cannot have:
    /// a `[[[volume]]]` with no node above it, a `[node x]` at rank 1, a `[[node x]]` outside a
    /// `[cluster]`.
    ///
    /// Applies to: every CycleCloud version and provider. In a fragment (no rank-1 section) the "no
    /// parent section" errors are labels of the one `missing-cluster` finding.
    ///
    /// ## Why is this bad?
    /// Nesting comes only from the bracket count ("fewer brackets indicating higher rank"):
    /// indentation means nothing. A section at the wrong rank belongs to the wrong parent, or to
    /// none, and CycleCloud rejects it or attaches its settings elsewhere.
    ///
    /// ## Example
    /// ```ini
    /// [cluster demo]
    /// [node scheduler]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [cluster demo]
    ///   [[node scheduler]]
    /// ```
    pub static RULE = {
        name: "invalid-section-nesting",
        severity: Error,
        summary: "a section at a rank that gives it no valid parent",
        check: None,
    };
}
