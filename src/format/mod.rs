//! The formatter: one layout for every template and record file (`cyclelint fmt`, and later the
//! language server's `textDocument/formatting`).
//!
//! [`format_text`] is the whole API: text in, formatted text out. The style is documented in
//! `docs/formatting.md`: indentation by section rank, one space around `=` and `:=`, no trailing
//! whitespace, one final newline, blank lines collapsed, comments kept where they are, keys and
//! values byte for byte.
//!
//! Safety: lines the parser could not read (syntax errors), the inside of triple-quoted strings
//! and strings that run over several lines are kept verbatim. Before the result is returned, it
//! is parsed again and its model (sections, ranks, kinds, names, keys, operators, values, records,
//! comments, syntax findings) is compared with the original's, spans and whitespace aside
//! ([`compare`]); a difference is a [`FormatError`] and the caller writes nothing.

mod compare;
mod layout;

use std::fmt;

use serde::Deserialize;

use crate::syntax;

/// How to indent: the `[format]` table of `cyclelint.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Columns per level when indenting with spaces (`indent-width`, default 4).
    pub indent_width: usize,
    /// Spaces or tabs (`indent-style`, default spaces).
    pub indent_style: IndentStyle,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions { indent_width: 4, indent_style: IndentStyle::Space }
    }
}

impl FormatOptions {
    /// The text of `level` indentation levels.
    pub fn indent(&self, level: usize) -> String {
        match self.indent_style {
            IndentStyle::Space => " ".repeat(level * self.indent_width),
            IndentStyle::Tab => "\t".repeat(level),
        }
    }
}

/// `indent-style`: `space` or `tab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IndentStyle {
    Space,
    Tab,
}

/// Why a text was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The formatted text does not parse to the same model as the original: a bug in cyclelint.
    /// Nothing may be written; `detail` names the first difference.
    ModelChanged { detail: String },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::ModelChanged { detail } => write!(
                f,
                "formatting would change what the file means ({detail}); nothing was written. \
                 This is a bug in cyclelint: please report it with the file"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats a template or record file.
///
/// Never panics. The result parses to the same model as `text` (checked here, see the module
/// documentation); formatting the result again returns it unchanged. A UTF-8 BOM and the line
/// ending of the first line (`\n` or `\r\n`) are kept.
///
/// ```
/// use cyclelint::format::{format_text, FormatOptions};
/// let text = "[cluster c]\n[[node n]]\nMachineType=Standard_D2s_v3   \n";
/// let formatted = format_text(text, &FormatOptions::default()).unwrap();
/// assert_eq!(formatted, "[cluster c]\n    [[node n]]\n    MachineType = Standard_D2s_v3\n");
/// ```
pub fn format_text(text: &str, options: &FormatOptions) -> Result<String, FormatError> {
    let before = syntax::parse(text);
    let formatted = layout::layout(text, &before.template, options);
    if formatted == text {
        return Ok(formatted);
    }
    let after = syntax::parse(&formatted);
    compare::same_model(&before, &after).map_err(|detail| FormatError::ModelChanged { detail })?;
    Ok(formatted)
}

/// The formatted text without re-parsing it to compare models: for `fmt --check`, which writes
/// nothing and only needs to know whether a file would change. Anything that writes (or shows a
/// diff) uses [`format_text`].
pub fn format_text_unverified(text: &str, options: &FormatOptions) -> String {
    layout::layout(text, &syntax::parse(text).template, options)
}

/// Whether two texts parse to the same model, spans and whitespace aside: `Err` names the first
/// difference. Used by [`format_text`] and by tests.
pub fn same_meaning(a: &str, b: &str) -> Result<(), String> {
    compare::same_model(&syntax::parse(a), &syntax::parse(b))
}
