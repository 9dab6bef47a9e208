//! Text → model. The pest grammars live in `grammar/`; [`lower`] is the one module that sees
//! pest's `Pairs` and turns them into the typed [`crate::model`].
//!
//! Parsing never fails: [`parse`] always returns a model, plus the syntax diagnostics found on
//! the way (one per broken line or construct).

mod grammar;
mod lower;

use crate::diagnostic::Diagnostic;
use crate::model::{Expr, FileKind, Template};
use crate::span::{Span, MAX_TEXT_LEN};

/// Deepest nesting of `(`, `[` and `{` accepted inside one expression.
pub const MAX_EXPRESSION_DEPTH: usize = 64;
/// Most operators, names, member accesses, indexes and calls accepted in one expression: the
/// tree of an operator chain is as deep as the chain is long.
pub const MAX_EXPRESSION_SIZE: usize = 1_000;
/// Most brackets accepted on a section header.
pub const MAX_SECTION_RANK: usize = 16;

/// A parsed file and its syntax diagnostics.
#[derive(Debug)]
pub struct Parsed {
    pub template: Template,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a template or record file. Never fails and never panics.
///
/// A text longer than spans can address ([`MAX_TEXT_LEN`]) is not parsed: its model is empty and
/// its one diagnostic is `file-too-large` (readers refuse such files before this).
pub fn parse(text: &str) -> Parsed {
    if text.len() > MAX_TEXT_LEN {
        let message = crate::fsutil::too_large_message(text.len() as u64, MAX_TEXT_LEN as u64);
        let diagnostic = Diagnostic::new(&crate::rules::file_too_large::RULE, Span::at(0), message);
        let template = Template {
            kind: FileKind::Template,
            sections: Vec::new(),
            top_attributes: Vec::new(),
            records: Vec::new(),
            comments: Vec::new(),
        };
        return Parsed { template, diagnostics: vec![diagnostic] };
    }
    lower::lower_file(text)
}

/// Parses one ClassAd expression; `offset` is where `text` starts in its file, so that spans
/// (in the result or the diagnostic) are file offsets.
pub fn parse_expression(text: &str, offset: usize) -> Result<Expr, Box<Diagnostic>> {
    lower::expr::parse_expression(text, offset)
}
