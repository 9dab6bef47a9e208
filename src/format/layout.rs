//! The layout: each line of the file gets a role from the model (header, attribute, comment,
//! blank, or verbatim), then is written again in the documented style.
//!
//! Lines are found through [`LineIndex`], the one place that knows what ends a line. A line that
//! the model does not explain (a syntax error, a header the parser dropped) is kept verbatim, as
//! are the continuation lines of a triple-quoted string or of a string that runs over lines.

use std::collections::HashMap;

use crate::format::FormatOptions;
use crate::model::{Attribute, Operator, Section, Template, ValueKind};
use crate::span::LineIndex;

const BOM: &str = "\u{FEFF}";

/// What one line of the input is.
#[derive(Clone, Copy, Debug)]
enum Role<'m> {
    Blank,
    /// A section header whose brackets balance, written again in canonical form.
    Header(&'m Section),
    /// The first line of an attribute at this indentation level. Its value may run over the
    /// following lines, which are then [`Role::Continuation`].
    Attribute(&'m Attribute, usize),
    /// An own-line comment.
    Comment(&'m str),
    /// Already written as part of the attribute above (a value over several lines).
    Continuation,
    /// Kept byte for byte (syntax errors, headers the parser dropped).
    Verbatim,
}

/// One line of the input, without its line ending.
struct Line<'t> {
    start: usize,
    end: usize,
    content: &'t str,
}

/// The whitespace the grammar skips at the start of a line and around operators.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{a0}' | '\u{0c}' | '\u{0b}')
}

fn is_blank(text: &str) -> bool {
    text.trim_matches(is_space).is_empty()
}

pub(super) fn layout(text: &str, template: &Template, options: &FormatOptions) -> String {
    let index = LineIndex::new(text);
    let lines = split_lines(text, &index);
    let newline = line_ending(text, &lines);
    let mut roles: Vec<Role> =
        lines.iter().map(|l| if is_blank(l.content) { Role::Blank } else { Role::Verbatim }).collect();
    // The level the lines after a line continue at, for comments and verbatim lines.
    let mut header_rank: HashMap<usize, usize> = HashMap::new();

    let mut trailing: HashMap<usize, &str> = HashMap::new();
    for comment in &template.comments {
        let line = index.line_of(comment.span.start());
        if comment.trailing {
            trailing.insert(line, &comment.text);
        } else {
            roles[line] = Role::Comment(&comment.text);
        }
    }
    for section in &template.sections {
        let line = index.line_of(section.header_span.start());
        header_rank.insert(line, section.rank());
        let header = &text[section.header_span.range()];
        let closes = header.len() - header.trim_end_matches(']').len();
        let clean = closes == section.rank()
            && is_blank(&text[lines[line].start..section.header_span.start()])
            && tail(&text[section.header_span.end()..lines[line].end], trailing.get(&line).copied()).is_some();
        if clean {
            roles[line] = Role::Header(section);
        }
    }

    // Attributes, with their level: the level of their section's header, as in nearly every
    // published template (see docs/formatting.md).
    let mut attributes: Vec<(&Attribute, usize)> = Vec::new();
    for section in &template.sections {
        attributes.extend(section.attributes.iter().map(|a| (a, section.rank().saturating_sub(1))));
    }
    attributes.extend(template.top_attributes.iter().map(|a| (a, 0)));
    attributes.extend(template.records.iter().flat_map(|r| &r.attributes).map(|a| (a, 0)));
    // Set when a value runs to the end of the file (an unclosed `'''`): nothing after it changes.
    let mut open_to_end = false;
    for (attribute, level) in attributes {
        let first = index.line_of(attribute.span().start());
        let end = attribute.value.span.end().max(attribute.span().end());
        let to_end = end == text.len() && matches!(attribute.value.kind, ValueKind::Invalid(_));
        let last = if to_end { lines.len() - 1 } else { index.line_of(end) };
        for role in roles.iter_mut().take(last + 1).skip(first + 1) {
            *role = Role::Continuation;
        }
        if is_blank(&text[lines[first].start..attribute.span().start()]) {
            roles[first] = Role::Attribute(attribute, level);
            open_to_end |= to_end;
        } else {
            // Cannot happen for a clean line; keep the whole attribute as it is.
            roles[first] = Role::Verbatim;
            for role in roles.iter_mut().take(last + 1).skip(first + 1) {
                *role = Role::Verbatim;
            }
        }
    }

    let levels = levels(&roles, &header_rank);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    if text.starts_with(BOM) {
        out.push_str(BOM);
    }
    let mut blanks = 0;
    let mut written_any = false;
    for (i, line) in lines.iter().enumerate() {
        let role = roles[i];
        match role {
            Role::Blank => {
                blanks += 1;
                continue;
            }
            Role::Continuation => continue,
            _ => {}
        }
        // Only where blank lines were: `starts_rank_one` scans a comment block, once per block.
        if written_any && blanks > 0 {
            let most = if starts_rank_one(&roles, i) { 2 } else { 1 };
            for _ in 0..blanks.min(most) {
                out.push_str(newline);
            }
        }
        blanks = 0;
        written_any = true;
        match role {
            Role::Header(section) => {
                out.push_str(&options.indent(section.rank().saturating_sub(1)));
                header_text(section, &mut out);
                if let Some(comment) = trailing.get(&i) {
                    out.push(' ');
                    out.push_str(comment);
                }
            }
            Role::Attribute(attribute, level) => {
                out.push_str(&options.indent(level));
                let stop = attribute_text(text, attribute, &lines, &index, &trailing, &mut out);
                if stop {
                    // The value runs to the end of the file and was written with every byte.
                    return out;
                }
            }
            Role::Comment(comment) => {
                out.push_str(&options.indent(levels[i]));
                out.push_str(comment);
            }
            Role::Verbatim => out.push_str(line.content),
            Role::Blank | Role::Continuation => unreachable!("skipped above"),
        }
        out.push_str(newline);
    }
    debug_assert!(!open_to_end, "a value to the end of the file returns early");
    out
}

/// The lines of `text` (after a BOM), through the line index.
fn split_lines<'t>(text: &'t str, index: &LineIndex) -> Vec<Line<'t>> {
    let count = index.line_count();
    let mut lines = Vec::with_capacity(count);
    for i in 0..count {
        let mut start = index.line_start(i);
        if i == 0 && text.starts_with(BOM) {
            start = BOM.len();
        }
        let next = if i + 1 < count { index.line_start(i + 1) } else { text.len() };
        let raw = &text[start..next.max(start)];
        let content = if let Some(c) = raw.strip_suffix("\r\n") {
            c
        } else if let Some(c) = raw.strip_suffix('\n') {
            c
        } else if i + 1 < count {
            // Whatever else the line index ends a line with (a lone `\r`).
            raw.strip_suffix('\r').unwrap_or(raw)
        } else {
            raw
        };
        lines.push(Line { start, end: start + content.len(), content });
    }
    lines
}

/// The line ending of the first line that has one; `\n` for a one-line file.
fn line_ending<'t>(text: &'t str, lines: &[Line]) -> &'t str {
    for pair in lines.windows(2) {
        let ending = &text[pair[0].end..pair[1].start];
        if !ending.is_empty() {
            return ending;
        }
    }
    "\n"
}

/// The level of every line: headers and their attributes at rank − 1, verbatim lines at the
/// level of the attributes around them, comments with the line they belong to.
fn levels(roles: &[Role], header_rank: &HashMap<usize, usize>) -> Vec<usize> {
    let mut levels = vec![0; roles.len()];
    // After each line: the level of what continues the section (attributes).
    let mut after = vec![0; roles.len()];
    let mut context = 0;
    for (i, role) in roles.iter().enumerate() {
        if let Some(&rank) = header_rank.get(&i) {
            levels[i] = rank.saturating_sub(1);
            context = rank.saturating_sub(1);
        } else {
            levels[i] = match role {
                Role::Attribute(_, level) => *level,
                _ => context,
            };
        }
        after[i] = context;
    }
    // Comments: a block of own-line comments takes the level of the line that follows it,
    // unless a blank line separates it from that line while nothing separates it from the line
    // before: then it ends the lines above and takes their level.
    let mut i = 0;
    while i < roles.len() {
        if !matches!(roles[i], Role::Comment(_)) {
            i += 1;
            continue;
        }
        let start = i;
        while i < roles.len() && matches!(roles[i], Role::Comment(_)) {
            i += 1;
        }
        let next = (i..roles.len()).find(|&j| !matches!(roles[j], Role::Blank | Role::Continuation));
        let blank_after = i < roles.len() && matches!(roles[i], Role::Blank);
        let previous = start.checked_sub(1).filter(|&p| !matches!(roles[p], Role::Blank));
        let level = match (next, previous) {
            (Some(_), Some(p)) if blank_after => after[p],
            (Some(n), _) => levels[n],
            (None, Some(p)) => after[p],
            (None, None) => 0,
        };
        for l in &mut levels[start..i] {
            *l = level;
        }
    }
    levels
}

/// Whether the content at line `i` starts a rank-1 section: a header of rank 1, or a block of
/// comments just above one (such a block always takes the header's level, 0: see `levels`).
fn starts_rank_one(roles: &[Role], i: usize) -> bool {
    let mut j = i;
    while j < roles.len() {
        match roles[j] {
            Role::Comment(_) => j += 1,
            Role::Header(section) => return section.rank() == 1,
            _ => return false,
        }
    }
    false
}

/// Writes a header as `[kind name]` with its brackets: the kind and the name as written, one
/// space between them (none when there was none).
fn header_text(section: &Section, out: &mut String) {
    let brackets = section.rank();
    for _ in 0..brackets {
        out.push('[');
    }
    out.push_str(section.kind_text());
    if let Some(name) = &section.name {
        if name.span.start() > section.kind_span.end() {
            out.push(' ');
        }
        out.push_str(&name.text);
    }
    for _ in 0..brackets {
        out.push(']');
    }
}

/// What follows a header or a value on its line: `Some("")` for nothing, `Some(" # c")` for the
/// trailing comment, `None` for anything else (which is then kept as written).
fn tail(rest: &str, comment: Option<&str>) -> Option<String> {
    let trimmed = rest.trim_matches(is_space);
    if trimmed.is_empty() {
        Some(String::new())
    } else if comment == Some(trimmed) {
        Some(format!(" {trimmed}"))
    } else {
        None
    }
}

/// Writes `Key = value` (or `:=`) and what follows the value on its last line. Returns true when
/// the value ran to the end of the file and was written whole.
fn attribute_text(
    text: &str,
    attribute: &Attribute,
    lines: &[Line],
    index: &LineIndex,
    trailing: &HashMap<usize, &str>,
    out: &mut String,
) -> bool {
    out.push_str(&attribute.key.text);
    out.push_str(match attribute.operator {
        Operator::Define => " :=",
        Operator::Assign | Operator::AssignExpression => " =",
    });
    let value = attribute.value.span;
    let end = value.end().max(attribute.span().end());
    if end == text.len() && matches!(attribute.value.kind, ValueKind::Invalid(_)) {
        if !value.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[value.start()..]);
        return true;
    }
    if !value.is_empty() {
        out.push(' ');
        out.push_str(&text[value.range()]);
    }
    let last = index.line_of(end);
    let rest = &text[end..lines[last].end.max(end)];
    match tail(rest, trailing.get(&last).copied()) {
        Some(t) => out.push_str(&t),
        None => out.push_str(rest.trim_end_matches(is_space)),
    }
    false
}
