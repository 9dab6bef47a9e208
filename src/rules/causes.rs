//! One finding per root cause, across the parser and the rules: after every rule has run, `lint`
//! calls [`fold`], which merges findings that share one cause into the finding that names it.
//!
//! - A fragment (no rank-1 section): `missing-cluster` says so once; the parser's "has no parent
//!   section" errors become its labels.
//! - The same invalid line repeated (a placeholder such as `<---- your settings ---->` pasted
//!   several times): one `syntax-error`, the repeats as labels.
//! - `,` between the fields of a record (`[Label="A", Value="a"]`): the expression error says
//!   that fields are separated by `;`, with a fix.
//! - A parameter of the wrong type feeding an image (`ImageName = $HpcMachineType`):
//!   `parameter-type-mismatch` names the cause; `unknown-image` on its default (a VM size is in no
//!   image registry) becomes its note.
//!
//! Folding happens before configured levels and suppressions, so a finding that absorbed others
//! is suppressed or re-levelled as one.

use std::collections::hash_map::{Entry, HashMap};

use crate::diagnostic::Diagnostic;
use crate::rules::Context;
use crate::span::{line_end_at, line_start_at, Span};

/// How many folded findings are shown as labels.
const SHOWN: usize = 5;

/// Merges findings that share a cause (see the module documentation).
pub fn fold(ctx: &Context, diagnostics: &mut Vec<Diagnostic>) {
    fold_fragment(ctx, diagnostics);
    fold_repeated_lines(ctx, diagnostics);
    record_commas(ctx, diagnostics);
    fold_parameter_type(diagnostics);
}

/// `unknown-image` at a value that `parameter-type-mismatch` reports is a symptom: the parameter
/// was made for another attribute, so its default is no image either. (`unknown-image` reports a
/// parameter's default where it is written, with the use as a label.)
fn fold_parameter_type(diagnostics: &mut Vec<Diagnostic>) {
    let mismatches: HashMap<Span, usize> = diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.rule == "parameter-type-mismatch")
        .map(|(i, d)| (d.span, i))
        .collect();
    if mismatches.is_empty() {
        return;
    }
    let cause = |d: &Diagnostic| {
        if d.rule != "unknown-image" {
            return None;
        }
        std::iter::once(d.span).chain(d.secondary.iter().map(|l| l.span)).find_map(|s| mismatches.get(&s).copied())
    };
    let notes: Vec<(usize, String)> = diagnostics
        .iter()
        .filter_map(|d| Some((cause(d)?, format!("`unknown-image` reports the same cause: {}", d.message))))
        .collect();
    if notes.is_empty() {
        return;
    }
    let symptoms: Vec<bool> = diagnostics.iter().map(|d| cause(d).is_some()).collect();
    for (at, note) in notes {
        let d = &mut diagnostics[at];
        d.note = Some(match d.note.take() {
            Some(old) => format!("{old}; {note}"),
            None => note,
        });
    }
    let mut symptom = symptoms.into_iter();
    diagnostics.retain(|_| !symptom.next().unwrap_or(false));
}

fn fold_fragment(ctx: &Context, diagnostics: &mut Vec<Diagnostic>) {
    if ctx.template.sections.iter().any(|s| s.rank() == 1) {
        return;
    }
    let Some(at) = diagnostics.iter().position(|d| d.rule == "missing-cluster") else { return };
    let orphan = |d: &Diagnostic| d.rule == "invalid-section-nesting" && d.message.ends_with("has no parent section");
    let spans: Vec<Span> = diagnostics.iter().filter(|d| orphan(d)).map(|d| d.span).collect();
    if spans.is_empty() {
        return;
    }
    diagnostics.retain(|d| !orphan(d));
    let at = diagnostics.iter().position(|d| d.rule == "missing-cluster").unwrap_or(at);
    let d = &mut diagnostics[at];
    for span in spans.iter().filter(|s| **s != d.span).take(SHOWN) {
        d.secondary.push(crate::diagnostic::Label { span: *span, message: "no parent section".to_string() });
    }
    let count = spans.len();
    let sections = if count == 1 { "1 section has".to_string() } else { format!("{count} sections have") };
    d.message = "template has no `[cluster]` section: this file is a fragment".to_string();
    d.label = Some(format!("{sections} no parent section, starting here"));
    d.note = Some(
        "a build script that joins fragments into one template needs no fix: exclude such files in `cyclelint.toml`"
            .to_string(),
    );
}

fn fold_repeated_lines(ctx: &Context, diagnostics: &mut Vec<Diagnostic>) {
    let line_text = |span: Span| {
        let start = line_start_at(ctx.source, span.start().min(ctx.source.len()));
        ctx.source[start..line_end_at(ctx.source, start)].trim()
    };
    // Each line's first `syntax-error` and the later ones with the same message and text, found
    // in one pass: a file of thousands of distinct invalid lines is not compared pair by pair.
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    {
        let mut first: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, d) in diagnostics.iter().enumerate() {
            // A finding with a fix keeps it: each line is fixed on its own. (A repeat has the same
            // text and message, so it has a fix exactly when this one has.)
            if d.rule != "syntax-error" || d.fix.is_some() {
                continue;
            }
            let text = line_text(d.span);
            if text.is_empty() {
                continue;
            }
            match first.entry((d.message.as_str(), text)) {
                Entry::Occupied(group) => groups[*group.get()].1.push(i),
                Entry::Vacant(slot) => {
                    slot.insert(groups.len());
                    groups.push((i, Vec::new()));
                }
            }
        }
    }
    let mut keep: Vec<bool> = vec![true; diagnostics.len()];
    for (i, repeats) in groups {
        let placeholder = is_placeholder(line_text(diagnostics[i].span));
        if repeats.is_empty() && !placeholder {
            continue;
        }
        let spans: Vec<Span> = repeats.iter().map(|&j| diagnostics[j].span).collect();
        for &j in &repeats {
            keep[j] = false;
        }
        let d = &mut diagnostics[i];
        for span in spans.iter().take(SHOWN) {
            d.secondary.push(crate::diagnostic::Label { span: *span, message: "the same line again".to_string() });
        }
        if !spans.is_empty() {
            d.note = Some(format!("the same line is repeated {} times", spans.len() + 1));
        }
        if placeholder {
            d.help = Some(
                "this is a placeholder for text to fill in: replace it with the attributes it stands for, \
                 or comment it out with `#`"
                    .to_string(),
            );
        }
    }
    let mut flags = keep.into_iter();
    diagnostics.retain(|_| flags.next().unwrap_or(true));
}

/// `<---- put your settings here ---->`, `<<< … >>>`: text a template author left to be replaced.
fn is_placeholder(line: &str) -> bool {
    (line.starts_with("<-") || line.starts_with("<<")) && (line.ends_with("->") || line.ends_with(">>"))
}

fn record_commas(ctx: &Context, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        if d.rule != "expression-syntax-error" || d.message != "unexpected `,` in expression" {
            continue;
        }
        let Some(record) = enclosing_record(ctx.source, d.span.start()) else { continue };
        let text = &ctx.source[record.range()];
        let fixed = top_level_commas_to_semicolons(text);
        if fixed == text {
            continue;
        }
        d.label = Some("`,` between record fields".to_string());
        d.help = Some("the fields of a record are separated by `;`: `[Label=\"A\"; Value=\"a\"]`".to_string());
        *d = d.clone().with_fix(record, fixed);
    }
}

/// The `[…]` around `offset` on its line, when its text looks like record fields (`Name=`).
fn enclosing_record(source: &str, offset: usize) -> Option<Span> {
    let (line_start, line_end) = (line_start_at(source, offset), line_end_at(source, offset));
    let line = &source[line_start..line_end];
    let at = offset - line_start;
    // Brackets outside strings, with their depth.
    let mut stack: Vec<usize> = Vec::new();
    let mut open_at = None;
    let mut in_string = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '[' if !in_string => stack.push(i),
            ']' if !in_string => {
                let start = stack.pop()?;
                if start < at && at < i {
                    open_at = Some((start, i));
                    break;
                }
            }
            _ => {}
        }
    }
    let (start, end) = open_at?;
    let inner = &line[start + 1..end];
    let first_field = inner.split(',').next()?.trim();
    let is_field = first_field.split_once('=').is_some_and(|(name, _)| {
        !name.trim().is_empty() && name.trim().chars().all(|c| c.is_alphanumeric() || c == '_')
    });
    is_field.then(|| Span::new(line_start + start, line_start + end + 1))
}

/// `[A="x", B="y, z"]` → `[A="x"; B="y, z"]`: commas at the record's own level, outside strings.
fn top_level_commas_to_semicolons(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut in_string = false;
    for c in text.chars() {
        match c {
            '"' => in_string = !in_string,
            '[' | '{' | '(' if !in_string => depth += 1,
            ']' | '}' | ')' if !in_string => depth = depth.saturating_sub(1),
            ',' if !in_string && depth == 1 => {
                out.push(';');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record is recognised by its first field's name: letters, digits and `_`.
    #[test]
    fn records_are_found_by_their_first_field() {
        let line = r#"X := {[Short_Label="A", Value="a"], [a-b="x", c=1]}"#;
        let first = line.find("Short").unwrap();
        assert_eq!(
            enclosing_record(line, first + 12).map(|s| &line[s.range()]),
            Some(r#"[Short_Label="A", Value="a"]"#)
        );
        let second = line.find("a-b").unwrap();
        assert_eq!(enclosing_record(line, second + 6), None, "`a-b` is not a field name");
    }

    #[test]
    fn commas_between_fields_become_semicolons() {
        assert_eq!(top_level_commas_to_semicolons(r#"[Label="A", Value="a, b"]"#), r#"[Label="A"; Value="a, b"]"#);
        assert_eq!(top_level_commas_to_semicolons(r#"[V={1, 2}, W=3]"#), r#"[V={1, 2}; W=3]"#);
        // Brackets inside strings are text.
        assert_eq!(top_level_commas_to_semicolons(r#"[A="x]", B="(y"]"#), r#"[A="x]"; B="(y"]"#);
    }

    #[test]
    fn finds_the_record_around_a_comma() {
        let source = "x := {[Label=\"A\", Value=\"a\"]}\n";
        let comma = source.find(',').unwrap();
        assert_eq!(enclosing_record(source, comma), Some(Span::new(6, 28)));
        assert_eq!(enclosing_record("x := {1, 2}\n", 7), None);
        // A `[` inside a string opens nothing: the record is the outer one.
        let source = "x := [Label=\"[A\", Value=\"a\"]\n";
        let comma = source.find(',').unwrap();
        assert_eq!(enclosing_record(source, comma), Some(Span::new(5, 28)));
        // Only the comma's own line counts: a quote ending the line before it opens nothing.
        let source = "a = \"x\"\nx := {[Label=\"A\", Value=\"a\"]}\n";
        let comma = source.find(',').unwrap();
        assert_eq!(enclosing_record(source, comma), Some(Span::new(14, 36)));
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("<---- put your stuff here ---->"));
        assert!(is_placeholder("<<< fill in >>>"));
        assert!(!is_placeholder("a <- b"));
        // Both ends must look like a placeholder.
        assert!(!is_placeholder("<- only the start"));
        assert!(!is_placeholder("only the end ->"));
    }
}
