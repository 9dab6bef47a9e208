declare_rule! {
    /// ## What it does
    /// Reports a file that is not UTF-8 text (invalid bytes, or NUL bytes in a binary file),
    /// with the byte offset. The file is skipped; the run goes on.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// CycleCloud reads templates as UTF-8 text. A file saved in another encoding garbles
    /// names and values, and a binary file is not a template at all.
    ///
    /// ## Example
    /// A template saved as Latin-1 whose `Description` holds `é` as the single byte `0xE9`.
    ///
    /// Use instead: save the file as UTF-8.
    pub static RULE = {
        name: "invalid-encoding",
        severity: Error,
        summary: "a file that is not valid UTF-8 text",
        check: None,
    };
}
