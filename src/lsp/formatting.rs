//! `textDocument/formatting`: `cyclelint fmt` on the open document, with the `[format]` options
//! of the `cyclelint.toml` that applies to its file. The same library function as the command
//! ([`crate::format::format_text`]), so the editor and `fmt` never disagree; the result is one
//! edit of the whole text (none when it is already formatted).

use lsp_server::ErrorCode;
use lsp_types::{DocumentFormattingParams, TextEdit};

use super::{json, Answer, Server};
use crate::format::format_text;
use crate::span::Span;

pub fn formatting(server: &mut Server, params: DocumentFormattingParams) -> Answer {
    let uri = params.text_document.uri;
    let options = server.format_options(&uri);
    let document = server.document(&uri)?;
    match format_text(&document.text, &options) {
        Ok(formatted) if formatted == document.text => json(Vec::<TextEdit>::new()),
        Ok(formatted) => {
            let whole = document.range(Span::new(0, document.text.len()));
            json(vec![TextEdit { range: whole, new_text: formatted }])
        }
        // The formatter refuses to change meaning; the editor keeps the text as it is.
        Err(e) => Err((ErrorCode::RequestFailed, format!("cannot format: {e}"))),
    }
}
