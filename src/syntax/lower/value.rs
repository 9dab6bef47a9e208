//! "Smart" parsing of `Key = value` text (spec 1.5): lists on top-level commas, quoted strings,
//! booleans, numbers, `undefined`, `$Param`, `${expr}` and interpolated text. Works on the
//! segments the grammar found, not on pest pairs.

use crate::diagnostic::Diagnostic;
use crate::model::{Name, Part, Quoting, Value, ValueKind};
use crate::rules::{expression_syntax_error, lenient_string};
use crate::span::Span;

use super::expr::{parse_expression, unescape};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SegmentKind {
    DoubleQuoted,
    SingleQuoted,
    /// `${…}`
    Interpolation,
    /// `$Name`
    Dollar,
    /// A quote or `$` that starts nothing.
    Stray,
    Plain,
    Space,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Segment {
    pub kind: SegmentKind,
    pub span: Span,
}

impl Segment {
    fn is_quoted(self) -> bool {
        matches!(self.kind, SegmentKind::DoubleQuoted | SegmentKind::SingleQuoted)
    }
}

/// The span from the first to the last segment, or an empty span at `default` when there is none.
pub(super) fn segments_span(segments: &[Segment], default: usize) -> Span {
    match (segments.first(), segments.last()) {
        (Some(first), Some(last)) => first.span.cover(last.span),
        _ => Span::at(default),
    }
}

pub(super) fn smart_value(text: &str, segments: &[Segment], span: Span) -> (Value, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let Some(&first) = segments.first() else {
        return (Value { kind: ValueKind::Empty, span }, diagnostics);
    };
    let raw = &text[span.range()];
    let (elements, has_comma) = split_elements(text, segments);
    if first.is_quoted() {
        if let Some(offending) = elements.iter().find_map(|e| unclean(e)) {
            diagnostics.push(lenient(offending));
            let inner = strip_outer_quotes(raw);
            return (
                Value { kind: ValueKind::String { text: inner.into(), quoting: Quoting::Lenient }, span },
                diagnostics,
            );
        }
    }
    if !first.is_quoted() {
        if let Some(quote) = stray_closing_quote(text, segments) {
            diagnostics.push(
                Diagnostic::new(&lenient_string::RULE, quote, "stray closing quote: the value has no opening quote")
                    .with_label("this quote closes nothing; CycleCloud keeps it in the value")
                    .with_help("remove the quote, or add the opening one"),
            );
        }
    }
    if !has_comma {
        let value = classify(text, segments, span, &mut diagnostics);
        return (value, diagnostics);
    }
    let items = elements
        .iter()
        .map(|e| trim_spaces(e))
        .filter(|e| !e.is_empty())
        .map(|e| classify(text, e, segments_span(e, span.start()), &mut diagnostics))
        .collect();
    (Value { kind: ValueKind::List(items), span }, diagnostics)
}

/// Splits segments on commas at bracket depth 0 inside plain text. Quoted strings and `${…}`
/// are atomic. Returns the elements and whether any comma was found.
fn split_elements(text: &str, segments: &[Segment]) -> (Vec<Vec<Segment>>, bool) {
    let mut elements: Vec<Vec<Segment>> = vec![Vec::new()];
    let mut depth: i32 = 0;
    let mut has_comma = false;
    for &segment in segments {
        if segment.kind != SegmentKind::Plain {
            elements.last_mut().expect("never empty").push(segment);
            continue;
        }
        let mut start = segment.span.start();
        for (i, c) in text[segment.span.range()].char_indices() {
            let at = segment.span.start() + i;
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = (depth - 1).max(0),
                ',' if depth == 0 => {
                    has_comma = true;
                    if at > start {
                        elements
                            .last_mut()
                            .expect("never empty")
                            .push(Segment { kind: SegmentKind::Plain, span: Span::new(start, at) });
                    }
                    elements.push(Vec::new());
                    start = at + 1;
                }
                _ => {}
            }
        }
        if segment.span.end() > start {
            elements
                .last_mut()
                .expect("never empty")
                .push(Segment { kind: SegmentKind::Plain, span: Span::new(start, segment.span.end()) });
        }
    }
    (elements, has_comma)
}

fn trim_spaces(segments: &[Segment]) -> &[Segment] {
    let start = segments.iter().position(|s| s.kind != SegmentKind::Space).unwrap_or(segments.len());
    let end = segments.iter().rposition(|s| s.kind != SegmentKind::Space).map_or(start, |e| e + 1);
    &segments[start..end.max(start)]
}

/// For a value that starts with a quote: where an element stops being one clean quoted string
/// (the quote that closes it early, or a stray quote).
fn unclean(element: &[Segment]) -> Option<Span> {
    let element = trim_spaces(element);
    match element {
        [] | [_] => None,
        [first, ..] if first.is_quoted() => Some(Span::new(first.span.end() - 1, first.span.end())),
        // The first stray quote (the element's first segment, or one after plain text).
        _ => element.iter().find(|s| s.kind == SegmentKind::Stray).map(|s| s.span),
    }
}

/// A `"` at the end of an unquoted value with no other quote (`Description = Server to use."`),
/// the mirror of a quoted value with text after its closing quote.
fn stray_closing_quote(text: &str, segments: &[Segment]) -> Option<Span> {
    let segments = trim_spaces(segments);
    let (last, rest) = segments.split_last()?;
    let is_quote = last.kind == SegmentKind::Stray && &text[last.span.range()] == "\"";
    let others = rest.iter().any(|s| s.is_quoted() || s.kind == SegmentKind::Stray);
    (is_quote && !rest.is_empty() && !others).then_some(last.span)
}

/// Points at the quote that ends the string early (miette draws a label inside a longer one at
/// the wrong place, and this is the exact spot to fix).
fn lenient(early_end: Span) -> Diagnostic {
    Diagnostic::new(
        &lenient_string::RULE,
        early_end,
        "quoted value has unescaped inner quotes or text after its closing quote",
    )
    .with_label("the quoted string ends here; CycleCloud reads the whole value as text")
    .with_help("escape inner quotes as `\\\"`, or remove the outer quotes")
}

fn strip_outer_quotes(raw: &str) -> &str {
    let bytes = raw.as_bytes();
    if raw.len() >= 2 && (bytes[0] == b'"' || bytes[0] == b'\'') && bytes[raw.len() - 1] == bytes[0] {
        &raw[1..raw.len() - 1]
    } else {
        raw
    }
}

fn classify(text: &str, segments: &[Segment], span: Span, diagnostics: &mut Vec<Diagnostic>) -> Value {
    let segments = trim_spaces(segments);
    let span = if segments.is_empty() { span } else { segments_span(segments, span.start()) };
    let raw = &text[span.range()];
    let kind = match segments {
        [] => ValueKind::Empty,
        [one] => match one.kind {
            SegmentKind::DoubleQuoted => {
                ValueKind::String { text: unescape(&raw[1..raw.len() - 1]).into(), quoting: Quoting::Double }
            }
            SegmentKind::SingleQuoted => {
                ValueKind::String { text: unescape(&raw[1..raw.len() - 1]).into(), quoting: Quoting::Single }
            }
            SegmentKind::Dollar => {
                ValueKind::ParameterRef(Box::new(Name::new(&raw[1..], Span::new(span.start() + 1, span.end()))))
            }
            SegmentKind::Interpolation => match interpolation(text, *one, diagnostics) {
                Some(e) => ValueKind::Expression(Box::new(e)),
                None => ValueKind::Invalid(raw.to_string()),
            },
            SegmentKind::Plain => literal(raw),
            SegmentKind::Stray | SegmentKind::Space => ValueKind::String { text: raw.into(), quoting: Quoting::Bare },
        },
        many => {
            if let Some(open) = unclosed_interpolation(text, many) {
                diagnostics.push(
                    Diagnostic::new(&expression_syntax_error::RULE, open, "`${` is never closed")
                        .with_label("opened here")
                        .with_help("close the expression with `}` on the same line"),
                );
                return Value { kind: ValueKind::Invalid(raw.to_string()), span };
            }
            if many.iter().any(|s| matches!(s.kind, SegmentKind::Dollar | SegmentKind::Interpolation)) {
                ValueKind::Interpolated(parts(text, many, diagnostics))
            } else {
                ValueKind::String { text: raw.into(), quoting: Quoting::Bare }
            }
        }
    };
    Value { kind, span }
}

/// A bare word: boolean, integer, float, `undefined` or a string.
fn literal(raw: &str) -> ValueKind {
    if raw.eq_ignore_ascii_case("true") {
        return ValueKind::Boolean(true);
    }
    if raw.eq_ignore_ascii_case("false") {
        return ValueKind::Boolean(false);
    }
    if raw == "undefined" {
        return ValueKind::Undefined;
    }
    // `i64`'s parser takes exactly an optional sign and ASCII digits; a number too large for it
    // stays a string.
    if let Ok(i) = raw.parse::<i64>() {
        return ValueKind::Integer(i);
    }
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if let Some((whole, fraction)) = digits.split_once('.') {
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if numeric(whole) && numeric(fraction) {
            if let Ok(f) = raw.parse::<f64>() {
                return ValueKind::Float(f);
            }
        }
    }
    ValueKind::String { text: raw.into(), quoting: Quoting::Bare }
}

fn interpolation(text: &str, segment: Segment, diagnostics: &mut Vec<Diagnostic>) -> Option<crate::model::Expr> {
    let body = &text[segment.span.start() + 2..segment.span.end() - 1];
    match parse_expression(body, segment.span.start() + 2) {
        Ok(e) => Some(e),
        Err(d) => {
            diagnostics.push(*d);
            None
        }
    }
}

/// A lone `$` directly followed by `{`: an `${` whose `}` never came.
fn unclosed_interpolation(text: &str, segments: &[Segment]) -> Option<Span> {
    segments.windows(2).find_map(|w| {
        let is_dollar = w[0].kind == SegmentKind::Stray && &text[w[0].span.start()..w[0].span.end()] == "$";
        (is_dollar && text[w[1].span.start()..].starts_with('{'))
            .then(|| Span::new(w[0].span.start(), w[0].span.end() + 1))
    })
}

fn parts(text: &str, segments: &[Segment], diagnostics: &mut Vec<Diagnostic>) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for &segment in segments {
        let raw = &text[segment.span.range()];
        let part = match segment.kind {
            SegmentKind::Dollar => {
                Part::ParameterRef(Name::new(&raw[1..], Span::new(segment.span.start() + 1, segment.span.end())))
            }
            SegmentKind::Interpolation => match interpolation(text, segment, diagnostics) {
                Some(e) => Part::Expression(e),
                None => Part::Text(raw.to_string()),
            },
            _ => Part::Text(raw.to_string()),
        };
        match (parts.last_mut(), part) {
            (Some(Part::Text(previous)), Part::Text(next)) => previous.push_str(&next),
            (_, part) => parts.push(part),
        }
    }
    parts
}
