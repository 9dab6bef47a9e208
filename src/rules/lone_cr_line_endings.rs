declare_rule! {
    /// ## What it does
    /// Notes a file that ends lines with a lone carriage return (`\r`, the line ending of classic
    /// Mac OS). cyclelint reads `\n`, `\r\n` and a lone `\r` each as the end of a line, as CycleCloud
    /// does; this note says so once per file, at the first lone `\r`.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// CycleCloud's Java line reader accepts such a file, but most other tools (`grep`, `diff`, Git,
    /// many editors) see it as one long line, which hides its content in reviews.
    ///
    /// ## Example
    /// A template saved by an old editor as `[cluster c]\r  [[node n]]\r  MachineType = x\r`.
    ///
    /// Use instead: save the file with `\n` (or `\r\n`) line endings.
    pub static RULE = {
        name: "lone-cr-line-endings",
        severity: Info,
        summary: "a file that ends lines with a lone carriage return",
        check: None,
    };
}
