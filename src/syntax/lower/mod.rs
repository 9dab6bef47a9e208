//! Pairs → model: the one place that sees pest's `Pairs`.
//!
//! Shapes that the grammar guarantees are unwrapped with `expect("grammar: …")`; such a surprise
//! is a bug in cyclelint, never a user-facing message.

pub(crate) mod expr;
mod value;

use pest::iterators::Pair;
use pest::Parser;

use crate::diagnostic::{did_you_mean, Diagnostic, Severity};
use crate::model::{
    Attribute, Comment, Expr, ExprKind, FileKind, Name, Operator, Quoting, Record, Section, SectionId, SectionKind,
    Template, Value, ValueKind,
};
use crate::rules::{
    invalid_section_nesting, lenient_string, nesting_too_deep, syntax_error, unbalanced_section_header,
    unknown_section_kind, unterminated_string,
};
use crate::span::{line_end_at, next_line_start, Span};
use crate::syntax::grammar::{Rule, TemplateParser};
use crate::syntax::{Parsed, MAX_SECTION_RANK};

use value::Segment;

pub(crate) fn lower_file(text: &str) -> Parsed {
    lower_as(text, None)
}

/// Lowers `text` as `kind`, or, when `None`, as what its first header or attribute says: a file
/// with no section header whose first attribute is `AdType` is a record file. A file guessed to be
/// a record file that has a section header further down is a template after all: it is lowered
/// again as one (a forced kind is never guessed again, so this happens at most once).
fn lower_as(text: &str, kind: Option<FileKind>) -> Parsed {
    let mut builder =
        Builder { text, base: 0, template: empty_template(), open: Vec::new(), diagnostics: Vec::new(), skip_until: 0 };
    builder.template.kind = kind.unwrap_or(FileKind::Template);
    let mut decided = kind.is_some();
    let mut pos = 0;
    loop {
        let Ok(mut pairs) = TemplateParser::parse(Rule::lines, &text[pos..]) else {
            // The grammar is total, so this is a cyclelint bug; still report it instead of panicking.
            builder.diagnostics.push(Diagnostic::new(
                &syntax_error::RULE,
                Span::at(pos),
                "cyclelint could not parse this file from here on",
            ));
            break;
        };
        let chunk = pairs.next().expect("grammar: lines");
        builder.base = pos;
        let end = pos + chunk.as_span().end();
        for line in chunk.into_inner() {
            if builder.span_of(&line).start() < builder.skip_until {
                // Continuation lines of a string that spans lines, already reported.
                continue;
            }
            match line.as_rule() {
                Rule::bom => {}
                Rule::header => {
                    if builder.template.kind == FileKind::Records {
                        return lower_as(text, Some(FileKind::Template));
                    }
                    decided = true;
                    builder.header(line)
                }
                Rule::comment => builder.comment(&line, false),
                Rule::attribute => {
                    if !decided {
                        decided = true;
                        let key = line.clone().into_inner().next().map(|k| k.as_str().trim().to_ascii_lowercase());
                        if key.as_deref() == Some("adtype") {
                            builder.template.kind = FileKind::Records;
                        }
                    }
                    builder.attribute(line)
                }
                Rule::invalid => builder.invalid(&line),
                other => unreachable!("grammar: unexpected line {other:?}"),
            }
        }
        if end >= text.len() || end == pos {
            // `end == pos` cannot happen (every call consumes a line break or a line); it is
            // checked so that a grammar bug can never loop forever.
            break;
        }
        pos = end;
    }
    builder.close_until(0, text.len());
    if builder.template.kind == FileKind::Records {
        builder.group_records();
    }
    // The model lives as long as the check: its lists give back their spare capacity (up to half).
    builder.template.sections.shrink_to_fit();
    builder.template.top_attributes.shrink_to_fit();
    builder.template.comments.shrink_to_fit();
    Parsed { template: builder.template, diagnostics: builder.diagnostics }
}

fn empty_template() -> Template {
    Template {
        kind: FileKind::Template,
        sections: Vec::new(),
        top_attributes: Vec::new(),
        records: Vec::new(),
        comments: Vec::new(),
    }
}

/// A section being lowered: its attributes and sub-sections so far, moved into it when it closes.
struct Open {
    id: SectionId,
    attributes: Vec<Attribute>,
    children: Vec<SectionId>,
}

struct Builder<'t> {
    text: &'t str,
    /// Where the lines being lowered start in `text`: pest's spans are relative to it.
    base: usize,
    template: Template,
    /// Open sections, outermost first.
    open: Vec<Open>,
    diagnostics: Vec<Diagnostic>,
    /// Lines starting before this offset belong to a multi-line string already reported.
    skip_until: usize,
}

impl Builder<'_> {
    /// The span of `pair` in the file.
    fn span_of(&self, pair: &Pair<Rule>) -> Span {
        Span::new(self.base + pair.as_span().start(), self.base + pair.as_span().end())
    }

    /// The span of `pair` in the file, without surrounding whitespace.
    fn trimmed_span(&self, pair: &Pair<Rule>) -> Span {
        let text = pair.as_str();
        let start = self.base + pair.as_span().start();
        let lead = text.len() - text.trim_start().len();
        Span::new(start + lead.min(text.trim_end().len()), start + text.trim_end().len())
    }

    fn comment(&mut self, pair: &Pair<Rule>, trailing: bool) {
        self.template.comments.push(Comment {
            text: pair.as_str().trim_end().to_string(),
            span: self.trimmed_span(pair),
            trailing,
        });
    }

    fn invalid(&mut self, pair: &Pair<Rule>) {
        let span = self.trimmed_span(pair);
        let text = &self.text[span.range()];
        let mut diagnostic = if text.starts_with(';') {
            semicolon_comment(span)
        } else if text.contains(']') && !text.contains('=') {
            Diagnostic::new(&syntax_error::RULE, span, "section header does not start with `[`")
                .with_label("expected `[kind name]`")
        } else {
            Diagnostic::new(
                &syntax_error::RULE,
                span,
                "expected a `[section]` header, a `Key = value` attribute or a `#` comment",
            )
            .with_label("this line is none of them")
        };
        if text.len() > 200 {
            diagnostic.label = Some("this line is none of them".into());
        }
        self.diagnostics.push(diagnostic);
    }

    /// Closes open sections while the innermost has rank ≥ `rank`; `end` is where they end.
    fn close_until(&mut self, rank: usize, end: usize) {
        while let Some(open) = self.open.pop_if(|open| self.template.sections[open.id.index()].rank() >= rank) {
            let section = &mut self.template.sections[open.id.index()];
            let end = end.max(section.header_span.end());
            let body = self.text[section.span.start()..end].trim_end().len();
            section.span.set_end(section.span.start() + body);
            // A section is complete once closed: its lists get their exact sizes (their spare
            // capacity, up to half, is given back), the attributes being most of the model.
            section.close(open.attributes, open.children);
        }
    }

    fn header(&mut self, pair: Pair<Rule>) {
        let span = self.span_of(&pair);
        let mut open = None;
        let mut kind = None;
        let mut name = None;
        let mut close = None;
        let mut junk = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::open => open = Some(self.span_of(&part)),
                Rule::kind => kind = Some(self.span_of(&part)),
                Rule::header_name => name = Some(self.trimmed_span(&part)),
                Rule::close => close = Some(self.span_of(&part)),
                Rule::comment => self.comment(&part, true),
                Rule::header_junk => junk = Some(self.trimmed_span(&part)),
                other => unreachable!("grammar: unexpected header part {other:?}"),
            }
        }
        let open = open.expect("grammar: header starts with open");
        let rank = open.len();
        let header_end = close.map_or_else(|| name.or(kind).map_or(open.end(), |s| s.end()), |c| c.end());
        let header_span = Span::new(span.start(), header_end);
        if rank > MAX_SECTION_RANK {
            self.diagnostics.push(
                Diagnostic::new(&nesting_too_deep::RULE, open, format!("section header has {rank} brackets"))
                    .with_label(format!("at most {MAX_SECTION_RANK} are accepted"))
                    .with_help("sections nest at most a few levels deep: `[cluster]`, `[[node]]`, `[[[volume]]]`"),
            );
            return;
        }
        let Some(kind_span) = kind else {
            self.diagnostics.push(
                Diagnostic::new(&syntax_error::RULE, header_span, "section header has no kind")
                    .with_label("expected a kind such as `node` or `parameter` after the brackets"),
            );
            return;
        };
        match close {
            None => self.diagnostics.push(
                Diagnostic::new(&unbalanced_section_header::RULE, header_span, "section header is not closed")
                    .with_label(format!("{rank} opening brackets, no closing ones"))
                    .with_help(format!("end the header with `{}`", "]".repeat(rank)))
                    .with_fix(Span::at(header_span.end()), "]".repeat(rank)),
            ),
            Some(c) if c.len() != rank => self.diagnostics.push(
                Diagnostic::new(
                    &unbalanced_section_header::RULE,
                    header_span,
                    format!(
                        "section header opens with {} and closes with {}",
                        brackets(rank, '['),
                        brackets(c.len(), ']')
                    ),
                )
                .with_label("bracket counts differ")
                .with_secondary(open, format!("rank {rank} opened here"))
                .with_help(format!("close it with `{}`", "]".repeat(rank)))
                .with_fix(c, "]".repeat(rank)),
            ),
            Some(_) => {}
        }
        if let Some(junk) = junk {
            self.diagnostics.push(
                Diagnostic::new(&syntax_error::RULE, junk, "unexpected text after the section header")
                    .with_label("nothing but a `#` comment may follow the header"),
            );
        }

        let kind_text = &self.text[kind_span.range()];
        let kind = SectionKind::from_keyword(kind_text);
        if kind == SectionKind::Unknown {
            let keywords = SectionKind::KEYWORDS.iter().map(|(k, _)| *k);
            self.diagnostics.push(
                Diagnostic::new(&unknown_section_kind::RULE, kind_span, format!("unknown section kind `{kind_text}`"))
                    .with_label("not a section kind")
                    .with_help_opt(did_you_mean(kind_text, keywords)),
            );
        }

        self.close_until(rank, span.start());
        let parent = self.open.last().map(|open| open.id);
        let id =
            SectionId(u32::try_from(self.template.sections.len()).expect("a section per line, and a file under 4 GiB"));
        let name = name.filter(|n| !n.is_empty()).map(|n| Name::new(&self.text[n.range()], n));
        self.check_nesting(kind, kind_text, name.as_ref(), rank, parent, header_span);
        if let Some(open) = self.open.last_mut() {
            open.children.push(id);
        }
        self.template.sections.push(Section::open(id, kind, kind_text, kind_span, name, rank, header_span, parent));
        self.open.push(Open { id, attributes: Vec::new(), children: Vec::new() });
    }

    fn check_nesting(
        &mut self,
        kind: SectionKind,
        kind_text: &str,
        name: Option<&Name>,
        rank: usize,
        parent: Option<SectionId>,
        header: Span,
    ) {
        use SectionKind as K;
        if kind == K::Unknown {
            return;
        }
        let parent_section = parent.map(|p| &self.template.sections[p.index()]);
        if parent_section.is_some_and(|p| p.kind == K::Unknown) {
            return;
        }
        let parent_kind = parent_section.map(|p| p.kind);
        let Some(allowed) = crate::knowledge::sections::allowed_parents(kind) else {
            return;
        };
        let parent_rank = parent_section.map_or(0, |p| p.rank());
        let orphan = parent_section.is_none() && rank > 1;
        let ok = allowed.contains(&parent_kind) && !orphan;
        if ok && parent_rank + 1 >= rank {
            return;
        }
        // Only now, on the way to a diagnostic, build the texts.
        let inner = format!("{}{}", kind_text, name.map(|n| format!(" {}", n.text)).unwrap_or_default());
        let shown = format!("[{inner}]");
        let written = |rank: usize| {
            let at = if rank == 1 { ", at the top level" } else { "" };
            format!("write it `{}{inner}{}`{at}", "[".repeat(rank), "]".repeat(rank))
        };
        let expected_parents: Vec<String> = allowed
            .iter()
            .map(|p| match p {
                None => "the top level".to_string(),
                Some(k) => format!("a `[{}]`", k.keyword()),
            })
            .collect();
        if ok {
            // A skipped rank (`parent_rank + 1 < rank`, the noderef documentation does this):
            // tolerated, with a warning.
            let diagnostic = Diagnostic::new(
                &invalid_section_nesting::RULE,
                header,
                format!("`{shown}` has rank {rank} but its parent has rank {parent_rank}"),
            )
            .with_severity(Severity::Warning)
            .with_label(format!("expected rank {}", parent_rank + 1))
            .with_help(written(parent_rank + 1));
            let diagnostic = match parent_section {
                Some(p) => diagnostic.with_secondary(p.header_span, "parent section"),
                None => diagnostic,
            };
            self.diagnostics.push(diagnostic);
            return;
        }
        let message = match parent_section {
            None => format!("`{shown}` at rank {rank} has no parent section"),
            Some(p) => format!("`{shown}` cannot be inside a `[{}]`", p.kind.keyword()),
        };
        let mut diagnostic = Diagnostic::new(&invalid_section_nesting::RULE, header, message).with_label(format!(
            "a `{}` belongs under {}",
            kind.keyword(),
            expected_parents.join(" or ")
        ));
        if let Some(p) = parent_section {
            diagnostic = diagnostic.with_secondary(p.header_span, "the enclosing section");
        }
        if let Some(expected) = expected_rank(kind) {
            if expected != rank {
                diagnostic = diagnostic.with_help(written(expected));
            }
        }
        self.diagnostics.push(diagnostic);
    }

    fn attribute(&mut self, pair: Pair<Rule>) {
        let mut parts = pair.into_inner();
        let key_pair = parts.next().expect("grammar: attribute starts with key");
        let mut key_span = self.trimmed_span(&key_pair);
        if key_pair.as_str().ends_with(':') {
            key_span.set_end(key_span.end() - 1);
            key_span.set_end(key_span.start() + self.text[key_span.range()].trim_end().len());
        }
        let key = Name::new(&self.text[key_span.range()], key_span);
        let operator_pair = parts.next().expect("grammar: attribute has operator");
        let mut operator_span = self.span_of(&operator_pair);
        // The key runs to the first `=`: a key ending in `:` means the operator is `:=`.
        let mut operator = Operator::Assign;
        if key_pair.as_str().ends_with(':') {
            operator = Operator::Define;
            operator_span.set_start(operator_span.start() - 1);
        }
        let value_pair = parts.next().expect("grammar: attribute has a value");
        let records = self.template.kind == FileKind::Records;
        let in_record_section =
            self.open.last().is_some_and(|open| self.template.sections[open.id.index()].kind == SectionKind::Record);
        if key.text.starts_with(';') {
            let line_end =
                self.text[key_span.start()..].find(['\n', '\r']).map_or(self.text.len(), |i| key_span.start() + i);
            let span =
                Span::new(key_span.start(), key_span.start() + self.text[key_span.start()..line_end].trim_end().len());
            self.diagnostics
                .push(semicolon_comment(span).with_note("this line is read as an attribute whose key starts with `;`"));
        } else if !records && !in_record_section && key.text.contains(char::is_whitespace) {
            self.diagnostics.push(
                Diagnostic::new(
                    &syntax_error::RULE,
                    key_span,
                    format!("attribute key `{}` contains a space", key.text),
                )
                .with_label("keys are written without spaces")
                .with_note("spaces in keys are only allowed in `[record]` sections"),
            );
        }
        let value = match value_pair.as_rule() {
            Rule::triple_value => self.triple_value(value_pair, operator),
            Rule::line_value => {
                let (segments, comment) = self.segments(value_pair);
                if let Some(span) = comment {
                    let text = self.text[span.range()].to_string();
                    self.template.comments.push(Comment { text, span, trailing: true });
                }
                let value_span = value::segments_span(&segments, operator_span.end());
                let text = &self.text[value_span.range()];
                let stray = segments.iter().enumerate().find(|(i, s)| {
                    let quote = self.text.as_bytes()[s.span.start()];
                    s.kind == value::SegmentKind::Stray
                        && (quote == b'"' || (quote == b'\'' && *i == 0))
                        && (*i == 0 || records || operator == Operator::Define)
                });
                if let Some((_, stray)) = stray {
                    self.unterminated_value(stray.span.start(), value_span)
                } else if records || operator == Operator::Define {
                    self.expression_value(&segments, value_span, records)
                } else if let Some(rest) = text.strip_prefix('=') {
                    operator = Operator::AssignExpression;
                    let offset = value_span.start() + 1;
                    self.parse_expression_value(rest, offset, value_span)
                } else {
                    let (value, diagnostics) = value::smart_value(self.text, &segments, value_span);
                    self.diagnostics.extend(diagnostics);
                    value
                }
            }
            other => unreachable!("grammar: unexpected value {other:?}"),
        };
        let attribute = Attribute::new(key, operator, operator_span, value);
        match self.open.last_mut() {
            Some(open) => open.attributes.push(attribute),
            None => self.template.top_attributes.push(attribute),
        }
    }

    /// The value's segments and, when there is one, the span of its inline comment: the first `#`
    /// that follows whitespace, outside quotes. Plain text is split into words and spaces here.
    fn segments(&self, pair: Pair<Rule>) -> (Vec<Segment>, Option<Span>) {
        let line_end = self.base + pair.as_span().end();
        let mut segments = Vec::new();
        for part in pair.into_inner() {
            let span = self.span_of(&part);
            let kind = match part.as_rule() {
                Rule::hash => {
                    let after_space = self.text[..span.start()].chars().next_back().is_none_or(is_space);
                    if after_space {
                        let end = span.start() + self.text[span.start()..line_end].trim_end().len();
                        trim_trailing_spaces(&mut segments);
                        return (segments, Some(Span::new(span.start(), end)));
                    }
                    value::SegmentKind::Plain
                }
                Rule::plain => {
                    split_spaces(self.text, span, &mut segments);
                    continue;
                }
                Rule::dq_string => value::SegmentKind::DoubleQuoted,
                Rule::sq_string => value::SegmentKind::SingleQuoted,
                Rule::interp => value::SegmentKind::Interpolation,
                Rule::dollar_ref => value::SegmentKind::Dollar,
                Rule::stray => value::SegmentKind::Stray,
                other => unreachable!("grammar: unexpected segment {other:?}"),
            };
            segments.push(Segment { kind, span });
        }
        trim_trailing_spaces(&mut segments);
        (segments, None)
    }

    /// A `:=` value, or any value of a record file: a strict ClassAd expression.
    fn expression_value(&mut self, segments: &[Segment], span: Span, records: bool) -> Value {
        if span.is_empty() {
            if records {
                return Value { kind: ValueKind::Empty, span };
            }
            self.diagnostics.push(
                Diagnostic::new(
                    &crate::rules::expression_syntax_error::RULE,
                    span,
                    "`:=` is not followed by an expression",
                )
                .with_label("expected an expression")
                .with_help("write `:= undefined` to clear an inherited value"),
            );
            return Value { kind: ValueKind::Invalid(String::new()), span };
        }
        let _ = segments;
        let text = &self.text[span.range()];
        let value = self.parse_expression_value(text, span.start(), span);
        if records {
            literal_record_value(value)
        } else {
            value
        }
    }

    /// A value whose string opened at `quote` never closes on its line. When it closes at the end
    /// of a later line (within 100 lines), the string spans lines: one diagnostic, and the
    /// continuation lines are skipped rather than reported one by one.
    fn unterminated_value(&mut self, quote: usize, span: Span) -> Value {
        let delimiter = self.text.as_bytes()[quote] as char;
        if let Some(close) = self.multiline_close(quote, delimiter) {
            let line_end = line_end_at(self.text, close);
            let whole = Span::new(span.start(), close + 1);
            self.skip_until = line_end;
            self.diagnostics.push(
                Diagnostic::new(
                    &unterminated_string::RULE,
                    Span::new(quote, quote + 1),
                    "string runs over several lines",
                )
                .with_label("opened here, not closed on this line")
                .with_secondary(Span::new(close, close + 1), "closed only here")
                .with_help(format!(
                    "use a triple-quoted string (`{0}{0}{0}…{0}{0}{0}`) for text that spans lines",
                    delimiter
                ))
                .with_note("a quoted string ends at the end of its line; CycleCloud may reject this value"),
            );
            return Value { kind: ValueKind::Invalid(self.text[whole.range()].to_string()), span: whole };
        }
        self.diagnostics.push(unterminated(quote, span.end(), delimiter));
        Value { kind: ValueKind::Invalid(self.text[span.range()].to_string()), span }
    }

    /// The offset of the closing quote of a string opened at `quote`: the end of the first later
    /// line (within 100) that ends with an unescaped `delimiter`, provided no line before it
    /// looks like a header or an attribute of its own.
    fn multiline_close(&self, quote: usize, delimiter: char) -> Option<usize> {
        let mut offset = next_line_start(self.text, quote)?;
        for _ in 0..100 {
            if offset >= self.text.len() {
                return None;
            }
            let line_end = line_end_at(self.text, offset);
            let line = &self.text[offset..line_end];
            if looks_like_template_line(line) {
                return None;
            }
            let trimmed = line.trim_end();
            if trimmed.ends_with(delimiter) && !trimmed.ends_with(&format!("\\{delimiter}")) {
                return Some(offset + trimmed.len() - 1);
            }
            offset = next_line_start(self.text, offset)?;
        }
        None
    }

    fn parse_expression_value(&mut self, text: &str, offset: usize, span: Span) -> Value {
        match expr::parse_expression(text, offset) {
            Ok(e) => Value { kind: ValueKind::Expression(Box::new(e)), span },
            Err(diagnostic) => {
                self.diagnostics.push(*diagnostic);
                Value { kind: ValueKind::Invalid(self.text[span.range()].to_string()), span }
            }
        }
    }

    fn triple_value(&mut self, pair: Pair<Rule>, operator: Operator) -> Value {
        let mut value = None;
        for part in pair.into_inner() {
            let span = self.span_of(&part);
            match part.as_rule() {
                Rule::triple_sq | Rule::triple_dq => {
                    let content = part.as_str()[3..part.as_str().len() - 3].to_string();
                    let kind = if operator == Operator::Define {
                        let e = crate::model::Expr {
                            kind: crate::model::ExprKind::String { value: content.into() },
                            span: Span::new(span.start() + 3, span.end() - 3),
                        };
                        ValueKind::Expression(Box::new(e))
                    } else {
                        ValueKind::String { text: content.into(), quoting: crate::model::Quoting::Triple }
                    };
                    value = Some(Value { kind, span });
                }
                Rule::triple_open => {
                    let delimiter = if part.as_str().starts_with("'''") { "'''" } else { "\"\"\"" };
                    // The line holds the three opening quotes, so it ends after them.
                    let line_end =
                        self.text[span.start()..].find(['\n', '\r']).map_or(self.text.len(), |i| span.start() + i);
                    self.diagnostics.push(
                        Diagnostic::new(
                            &unterminated_string::RULE,
                            Span::new(span.start(), span.start() + 3),
                            format!("`{delimiter}` string is never closed"),
                        )
                        .with_label("opened here")
                        .with_help(format!("close it with `{delimiter}`; until then it runs to the end of the file"))
                        .with_secondary(
                            Span::new(span.start(), line_end),
                            "everything from here on is read as this string",
                        ),
                    );
                    value = Some(Value { kind: ValueKind::Invalid(part.as_str().to_string()), span });
                }
                Rule::comment => self.comment(&part, true),
                Rule::after_triple => {
                    let junk = self.trimmed_span(&part);
                    self.diagnostics.push(
                        Diagnostic::new(&lenient_string::RULE, junk, "text after the closing triple quote")
                            .with_label("CycleCloud ignores this")
                            .with_help("move it inside the string or into a `#` comment"),
                    );
                }
                other => unreachable!("grammar: unexpected triple part {other:?}"),
            }
        }
        value.expect("grammar: triple_value holds a string")
    }

    /// Splits the attributes of a record file into records: a blank line or a new `AdType` starts one.
    ///
    /// The records are cut off the end of the one list of attributes, each with its exact size, and
    /// the list gives back memory as it shrinks: a large registry is held about once, not twice.
    fn group_records(&mut self) {
        let mut attributes = std::mem::take(&mut self.template.top_attributes);
        let mut starts: Vec<usize> = Vec::new();
        for (i, attribute) in attributes.iter().enumerate() {
            let starts_new = match i.checked_sub(1).map(|p| attributes[p].span().end()) {
                None => true,
                Some(end) => has_blank_line(&self.text[end..attribute.span().start()]) || attribute.key.is("adtype"),
            };
            if starts_new {
                starts.push(i);
            }
        }
        let mut records: Vec<Record> = Vec::with_capacity(starts.len());
        for &start in starts.iter().rev() {
            let attributes_of_record = attributes.split_off(start);
            if attributes.len() < attributes.capacity() / 2 {
                attributes.shrink_to_fit();
            }
            let span = attributes_of_record
                .iter()
                .map(Attribute::span)
                .reduce(Span::cover)
                .expect("a record has an attribute");
            records.push(Record { span, attributes: attributes_of_record });
        }
        records.reverse();
        self.template.records = records;
    }
}

fn unterminated(start: usize, end: usize, quote: char) -> Diagnostic {
    // `end` is past the opening quote: the span holds at least the quote.
    Diagnostic::new(&unterminated_string::RULE, Span::new(start, end), "string is never closed")
        .with_label("this string has no closing quote on its line")
        .with_help(format!("close it with `{quote}`, or escape inner quotes as `\\{quote}`"))
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{a0}' | '\u{0c}' | '\u{0b}')
}

/// Splits plain text into runs of words and runs of whitespace.
fn split_spaces(text: &str, span: Span, segments: &mut Vec<Segment>) {
    let mut run_start = span.start();
    let mut run_is_space = None;
    for (i, c) in text[span.range()].char_indices() {
        let space = is_space(c);
        match run_is_space {
            Some(previous) if previous != space => {
                let kind = if previous { value::SegmentKind::Space } else { value::SegmentKind::Plain };
                segments.push(Segment { kind, span: Span::new(run_start, span.start() + i) });
                run_start = span.start() + i;
            }
            _ => {}
        }
        run_is_space = Some(space);
    }
    if let Some(space) = run_is_space {
        let kind = if space { value::SegmentKind::Space } else { value::SegmentKind::Plain };
        segments.push(Segment { kind, span: Span::new(run_start, span.end()) });
    }
}

fn trim_trailing_spaces(segments: &mut Vec<Segment>) {
    while segments.last().is_some_and(|s| s.kind == value::SegmentKind::Space) {
        segments.pop();
    }
}

/// A header, or `Key =` / `Key :=` with a plain key: a line that cannot be string content.
fn looks_like_template_line(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with('[') {
        return true;
    }
    let key_len =
        line.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))).unwrap_or(line.len());
    key_len > 0 && {
        let rest = line[key_len..].trim_start();
        rest.starts_with('=') || rest.starts_with(":=")
    }
}

fn semicolon_comment(span: Span) -> Diagnostic {
    Diagnostic::new(&syntax_error::RULE, span, "`;` does not start a comment in CycleCloud templates")
        .with_label("not a comment")
        .with_help("use `#` for comments")
        .with_fix(Span::new(span.start(), span.start() + 1), "#")
}

fn has_blank_line(between: &str) -> bool {
    let mut lines = crate::span::lines(between);
    lines.next();
    let mut rest: Vec<&str> = lines.collect();
    rest.pop();
    rest.iter().any(|l| l.trim().is_empty())
}

fn brackets(n: usize, c: char) -> String {
    if n <= 8 {
        format!("`{}`", c.to_string().repeat(n))
    } else {
        format!("{n} `{c}`")
    }
}

fn expected_rank(kind: SectionKind) -> Option<usize> {
    use SectionKind as K;
    match kind {
        K::Cluster | K::Environment | K::NodeRef => Some(1),
        K::Node | K::NodeArray => Some(2),
        K::Volume | K::NetworkInterface | K::InputEndpoint | K::ClusterInit | K::Configuration | K::Autoscaler => {
            Some(3)
        }
        _ => None,
    }
}

/// A record value that is a single literal (`"pkg"`, `1`, `true`) is kept as that literal rather
/// than as an expression tree: record files are mostly literals, and a boxed tree with its own
/// string costs three times the line it came from (`Package`/`Artifact` fields read either form).
fn literal_record_value(value: Value) -> Value {
    let literal = |e: &Expr| {
        matches!(
            e.kind,
            ExprKind::String { .. } | ExprKind::Integer { .. } | ExprKind::Float { .. } | ExprKind::Boolean { .. }
        )
    };
    let span = value.span;
    let kind = match value.kind {
        ValueKind::Expression(expr) if literal(&expr) => match expr.kind {
            ExprKind::String { value } => ValueKind::String { text: value, quoting: Quoting::Double },
            ExprKind::Integer { value } => ValueKind::Integer(value),
            ExprKind::Float { value } => ValueKind::Float(value),
            ExprKind::Boolean { value } => ValueKind::Boolean(value),
            kind => ValueKind::Expression(Box::new(Expr { kind, span: expr.span })),
        },
        kind => kind,
    };
    Value { kind, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file whose first attribute is `AdType` is a record file unless a section header follows:
    /// then it is a template, its first lines top-level attributes.
    #[test]
    fn a_header_after_adtype_makes_a_template() {
        let records = lower_file("AdType = \"Package\"\nName = \"x\"\n");
        assert_eq!(records.template.kind, FileKind::Records);
        assert_eq!(records.template.records.len(), 1);
        let template = lower_file("AdType = \"Package\"\nName = \"x\"\n[cluster c]\n  Name = y\n");
        assert_eq!(template.template.kind, FileKind::Template);
        assert!(template.template.records.is_empty());
        let keys: Vec<&str> = template.template.top_attributes.iter().map(|a| a.key.text.as_str()).collect();
        assert_eq!(keys, ["AdType", "Name"]);
        assert_eq!(template.template.sections.len(), 1);
        assert_eq!(template.template.sections[0].attributes.len(), 1);
    }
}
