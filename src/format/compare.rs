//! "Same meaning": two parses compared with every span left out.
//!
//! The model is serialised (serde, compact JSON) and every position (`span`, `header_span`,
//! `kind_span`, `operator_span`: each a `{"start":N,"end":M}` object, the only objects with a
//! `start` field) is blanked, so what remains is what the file says: sections with their kinds,
//! names, ranks, parents and children, attributes with keys, operators and values (expressions
//! included), records, comments with their text and placement. The syntax findings are compared
//! too (rule and message, in order), so a formatted file is broken exactly where the original was.

use crate::syntax::Parsed;

/// `Ok` when both parses say the same thing; otherwise where they first differ.
pub(super) fn same_model(a: &Parsed, b: &Parsed) -> Result<(), String> {
    let left = meaning(a);
    let right = meaning(b);
    if left == right {
        return Ok(());
    }
    let at = left.bytes().zip(right.bytes()).position(|(x, y)| x != y).unwrap_or(left.len().min(right.len()));
    let snippet = |s: &str| {
        let from = floor(s, at.saturating_sub(60));
        let to = floor(s, (at + 40).min(s.len()));
        s[from..to].to_string()
    };
    Err(format!("the model differs near `…{}…`, formatted: `…{}…`", snippet(&left), snippet(&right)))
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The model and the syntax findings as text, positions blanked.
fn meaning(parsed: &Parsed) -> String {
    let mut json = serde_json::to_string(&parsed.template).unwrap_or_default();
    for d in &parsed.diagnostics {
        json.push('\n');
        json.push_str(d.rule);
        json.push(' ');
        json.push_str(&d.message);
    }
    blank_spans(&json)
}

/// Replaces every `{"start":N,"end":M}` with `{}`. Inside JSON strings `"` is escaped, so the
/// pattern only matches a serialised `Span`.
fn blank_spans(json: &str) -> String {
    const OPEN: &str = "{\"start\":";
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    // A search for one byte is a memchr; a `&str` pattern would build a searcher each time.
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let close = after.starts_with(OPEN).then(|| after.find('}')).flatten();
        match close {
            Some(close) if is_span(&after[..=close]) => {
                out.push_str("{}");
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_span(object: &str) -> bool {
    let Some(inner) = object.strip_prefix("{\"start\":").and_then(|s| s.strip_suffix('}')) else {
        return false;
    };
    let Some((start, end)) = inner.split_once(",\"end\":") else { return false };
    !start.is_empty() && !end.is_empty() && start.bytes().chain(end.bytes()).all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_blanked_and_nothing_else() {
        assert_eq!(
            blank_spans(r#"{"a":{"start":1,"end":22},"t":"{\"start\":1,\"end\":2}","b":{"start":3}}"#),
            r#"{"a":{},"t":"{\"start\":1,\"end\":2}","b":{"start":3}}"#
        );
    }
}
