declare_rule! {
    /// ## What it does
    /// Reports a file larger than the input limit (64 MB unless `max-file-size` in
    /// `cyclelint.toml` or `--max-file-size` says otherwise). The file is not read past its size;
    /// nothing else is reported about it. Registry files and `--config` have the same limit.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// Cluster templates and record files are a few kilobytes. A file hundreds of megabytes long
    /// is a mistake (a log, a dump, `/dev/zero` behind a symlink), and reading it whole would cost
    /// memory in proportion.
    ///
    /// ## Example
    /// A 200 MB `cluster.txt` produced by a runaway generator.
    ///
    /// Use instead: check the file that was meant, or raise `max-file-size` if it really is one.
    pub static RULE = {
        name: "file-too-large",
        severity: Error,
        summary: "a file larger than the input limit, which is not read",
        check: None,
    };
}
