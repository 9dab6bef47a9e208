//! Expression pairs → [`Expr`]. Binary operators arrive flat and are ordered by precedence here.

use std::cell::RefCell;
use std::collections::HashMap;

use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::Parser;

use crate::diagnostic::Diagnostic;
use crate::model::{BinaryOp, Expr, ExprKind, Name, UnaryOp};
use crate::rules::{expression_syntax_error, nesting_too_deep};
use crate::span::Span;
use crate::syntax::grammar::expression::{ExpressionParser, Rule};
use crate::syntax::{MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_SIZE};

/// Most expressions remembered per thread. Real templates repeat the same `:=` conditions and
/// `${…}` values many times within a file and across the files of a repository; a repeat costs a
/// clone instead of a parse.
const CACHE_LIMIT: usize = 8_192;

/// An expression parsed at offset 0, or its diagnostic.
type Parsed = Result<Expr, Box<Diagnostic>>;

thread_local! {
    static CACHE: RefCell<HashMap<Box<str>, Parsed>> = RefCell::new(HashMap::new());
}

pub(crate) fn parse_expression(text: &str, offset: usize) -> Result<Expr, Box<Diagnostic>> {
    let cached = CACHE.with(|cache| cache.borrow().get(text).cloned());
    let result = match cached {
        Some(result) => result,
        None => {
            let result = parse_uncached(text);
            CACHE.with(|cache| {
                let mut cache = cache.borrow_mut();
                if cache.len() >= CACHE_LIMIT {
                    cache.clear();
                }
                cache.insert(text.into(), result.clone());
            });
            result
        }
    };
    match result {
        Ok(mut e) => {
            shift_expr(&mut e, offset);
            Ok(e)
        }
        Err(mut d) => {
            shift_diagnostic(&mut d, offset);
            Err(d)
        }
    }
}

/// Moves every span of `expr` right by `by` bytes (iteratively: trees can be deep).
fn shift_expr(expr: &mut Expr, by: usize) {
    let mut stack = vec![expr];
    while let Some(e) = stack.pop() {
        e.span = e.span.shift(by);
        match &mut e.kind {
            ExprKind::List { items } => stack.extend(items.iter_mut()),
            ExprKind::Record { fields } => {
                for (name, value) in fields.iter_mut() {
                    name.span = name.span.shift(by);
                    stack.push(value);
                }
            }
            ExprKind::Reference { name } | ExprKind::ParameterRef { name } => name.span = name.span.shift(by),
            ExprKind::Member { base, name } => {
                name.span = name.span.shift(by);
                stack.push(base);
            }
            ExprKind::Index { base, index } => {
                stack.push(base);
                stack.push(index);
            }
            ExprKind::Call { name, args } => {
                name.span = name.span.shift(by);
                stack.extend(args.iter_mut());
            }
            ExprKind::Unary { operand, .. } => stack.push(operand),
            ExprKind::Binary { left, right, .. } => {
                stack.push(left);
                stack.push(right);
            }
            ExprKind::Conditional { condition, then, otherwise } => {
                stack.push(condition);
                stack.push(then);
                stack.push(otherwise);
            }
            ExprKind::Integer { .. }
            | ExprKind::Float { .. }
            | ExprKind::String { .. }
            | ExprKind::Boolean { .. }
            | ExprKind::Undefined
            | ExprKind::Error => {}
        }
    }
}

fn shift_diagnostic(d: &mut Diagnostic, by: usize) {
    d.span = d.span.shift(by);
    for label in &mut d.secondary {
        label.span = label.span.shift(by);
    }
    if let Some(fix) = &mut d.fix {
        fix.span = fix.span.shift(by);
    }
}

/// Parses `text` with spans relative to its start ([`parse_expression`] shifts them into place).
fn parse_uncached(text: &str) -> Result<Expr, Box<Diagnostic>> {
    if let Some(at) = too_deep_at(text) {
        return Err(Box::new(
            Diagnostic::new(
                &nesting_too_deep::RULE,
                Span::new(at, at + 1),
                format!("expression nests deeper than {MAX_EXPRESSION_DEPTH} levels"),
            )
            .with_label("too deep from here")
            .with_help("split the expression or write it flat"),
        ));
    }
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::new(&expression_syntax_error::RULE, Span::at(0), "expression is empty")
                .with_label("expected an expression here"),
        ));
    }
    let mut pairs = ExpressionParser::parse(Rule::expression, text).map_err(|e| Box::new(syntax_error(text, &e)))?;
    // `expression = { SOI ~ expr ~ EOI }`: the first inner pair is `expr`.
    let expression = pairs.next().expect("grammar: expression");
    // Operator chains parse flat but become a tree as deep as the chain is long; cap the size so
    // that every later walk (and drop) of the tree stays far from the stack's end.
    let size = expression
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| matches!(p.as_rule(), Rule::infix | Rule::prefix | Rule::member | Rule::index | Rule::call))
        .count();
    if size > MAX_EXPRESSION_SIZE {
        return Err(Box::new(
            Diagnostic::new(
                &nesting_too_deep::RULE,
                Span::new(0, text.len()),
                format!("expression has {size} operators, names and calls; at most {MAX_EXPRESSION_SIZE} are accepted"),
            )
            .with_label("this expression")
            .with_help("split it into parameters or shorter expressions"),
        ));
    }
    let expr = expression.into_inner().next().expect("grammar: expression holds expr");
    Ok(lower_expr(expr))
}

/// The offset at which `(`, `[` or `{` nesting first exceeds the limit, outside strings.
fn too_deep_at(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_EXPRESSION_DEPTH {
                        return Some(i);
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

fn syntax_error(text: &str, error: &pest::error::Error<Rule>) -> Diagnostic {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let rest = &text[at..];
    let (message, span) = match rest.chars().next() {
        None => ("expression ends too early".to_string(), Span::at(at)),
        Some(c) => {
            let shown = if c == '"' { "\"".to_string() } else { c.to_string() };
            let message = if c == '"' && !rest[1..].contains('"') {
                "string in expression is never closed".to_string()
            } else {
                format!("unexpected `{shown}` in expression")
            };
            (message, Span::new(at, at + c.len_utf8()))
        }
    };
    Diagnostic::new(&expression_syntax_error::RULE, span, message).with_label(format!("expected {expected}"))
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for rule in rules {
        let word = match rule {
            Rule::expr | Rule::binary | Rule::unary | Rule::postfix | Rule::prefix => "an expression",
            Rule::infix => "an operator",
            Rule::identifier | Rule::quoted_name | Rule::call => "a name",
            Rule::arguments => "`(`",
            Rule::EOI => "the end of the expression",
            Rule::question => "`?`",
            Rule::member => "`.`",
            Rule::index => "`[`",
            Rule::field => "a `name = value` field",
            _ => "an expression",
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    match words.len() {
        0 => "something else".to_string(),
        1 => words[0].to_string(),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{} or {}", words.join(", "), last)
        }
    }
}

fn span_of(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

fn lower_expr(pair: Pair<Rule>) -> Expr {
    // expr = { binary ~ (question ~ expr ~ ":" ~ expr)? }
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let condition = lower_binary(inner.next().expect("grammar: expr starts with binary"));
    match inner.next() {
        None => condition,
        Some(_question) => {
            let then = lower_expr(inner.next().expect("grammar: ? then"));
            let otherwise = lower_expr(inner.next().expect("grammar: ? else"));
            Expr {
                kind: ExprKind::Conditional {
                    condition: Box::new(condition),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                },
                span,
            }
        }
    }
}

fn binary_op(text: &str) -> (BinaryOp, u8) {
    match text.to_ascii_lowercase().as_str() {
        "||" => (BinaryOp::Or, 1),
        "&&" => (BinaryOp::And, 2),
        "in" => (BinaryOp::In, 3),
        "==" => (BinaryOp::Eq, 4),
        "!=" => (BinaryOp::Ne, 4),
        "=?=" | "===" | "is" => (BinaryOp::Is, 4),
        "=!=" | "!==" | "isnt" => (BinaryOp::Isnt, 4),
        "<" => (BinaryOp::Lt, 5),
        "<=" => (BinaryOp::Le, 5),
        ">" => (BinaryOp::Gt, 5),
        ">=" => (BinaryOp::Ge, 5),
        "+" => (BinaryOp::Add, 6),
        "-" => (BinaryOp::Sub, 6),
        "*" => (BinaryOp::Mul, 7),
        "/" => (BinaryOp::Div, 7),
        _ => (BinaryOp::Mod, 7),
    }
}

/// `binary = { unary ~ (infix ~ unary)* }`, ordered by precedence (left-associative) with an
/// operator stack, so deep chains do not recurse.
fn lower_binary(pair: Pair<Rule>) -> Expr {
    let mut operands: Vec<Expr> = Vec::new();
    let mut operators: Vec<(BinaryOp, u8)> = Vec::new();
    fn reduce(operands: &mut Vec<Expr>, op: BinaryOp) {
        let right = operands.pop().expect("two operands");
        let left = operands.pop().expect("two operands");
        let span = left.span.cover(right.span);
        operands.push(Expr { kind: ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) }, span });
    }
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::infix => {
                let (op, precedence) = binary_op(item.as_str());
                while let Some(&(top, top_precedence)) = operators.last() {
                    if top_precedence < precedence {
                        break;
                    }
                    operators.pop();
                    reduce(&mut operands, top);
                }
                operators.push((op, precedence));
            }
            _ => operands.push(lower_unary(item)),
        }
    }
    while let Some((op, _)) = operators.pop() {
        reduce(&mut operands, op);
    }
    operands.pop().expect("grammar: binary has an operand")
}

fn lower_unary(pair: Pair<Rule>) -> Expr {
    // unary = { prefix* ~ postfix }
    let mut prefixes = Vec::new();
    let mut operand = None;
    for item in pair.into_inner() {
        match item.as_rule() {
            Rule::prefix => prefixes.push((item.as_str().to_string(), span_of(&item))),
            _ => operand = Some(lower_postfix(item)),
        }
    }
    let mut expr = operand.expect("grammar: unary ends with postfix");
    for (text, span) in prefixes.into_iter().rev() {
        let op = match text.as_str() {
            "!" => UnaryOp::Not,
            "-" => UnaryOp::Minus,
            _ => UnaryOp::Plus,
        };
        let span = span.cover(expr.span);
        expr = Expr { kind: ExprKind::Unary { op, operand: Box::new(expr) }, span };
    }
    expr
}

fn lower_postfix(pair: Pair<Rule>) -> Expr {
    // postfix = { primary ~ (member | index)* }
    let mut inner = pair.into_inner();
    let mut expr = lower_primary(inner.next().expect("grammar: postfix starts with primary"));
    for suffix in inner {
        let span = expr.span.cover(span_of(&suffix));
        let part = suffix.into_inner().next().expect("grammar: member/index content");
        expr = match part.as_rule() {
            Rule::identifier | Rule::quoted_name => {
                Expr { kind: ExprKind::Member { base: Box::new(expr), name: Box::new(name_of(&part)) }, span }
            }
            _ => Expr { kind: ExprKind::Index { base: Box::new(expr), index: Box::new(lower_expr(part)) }, span },
        };
    }
    expr
}

fn name_of(pair: &Pair<Rule>) -> Name {
    let text = pair.as_str();
    let text = if pair.as_rule() == Rule::quoted_name { unescape(&text[1..text.len() - 1]) } else { text.to_string() };
    Name::new(&text, span_of(pair))
}

fn lower_primary(pair: Pair<Rule>) -> Expr {
    let span = span_of(&pair);
    let kind = match pair.as_rule() {
        Rule::integer => match pair.as_str().parse::<i64>() {
            Ok(value) => ExprKind::Integer { value },
            Err(_) => ExprKind::Float { value: pair.as_str().parse().unwrap_or(f64::INFINITY) },
        },
        Rule::float => ExprKind::Float { value: pair.as_str().parse().unwrap_or(f64::NAN) },
        Rule::string => {
            let text = pair.as_str();
            ExprKind::String { value: unescape(&text[1..text.len() - 1]).into() }
        }
        Rule::identifier | Rule::quoted_name => ExprKind::Reference { name: Box::new(name_of(&pair)) },
        Rule::parameter => ExprKind::ParameterRef {
            name: Box::new(Name::new(&pair.as_str()[1..], Span::new(span.start() + 1, span.end()))),
        },
        Rule::paren => {
            let inner = lower_expr(pair.into_inner().next().expect("grammar: paren holds expr"));
            return Expr { kind: inner.kind, span };
        }
        Rule::list => ExprKind::List { items: pair.into_inner().map(|e| lower_expr(e)).collect() },
        Rule::record => ExprKind::Record {
            fields: pair
                .into_inner()
                .map(|field| {
                    let mut parts = field.into_inner();
                    let name = name_of(&parts.next().expect("grammar: field name"));
                    let value = lower_expr(parts.next().expect("grammar: field value"));
                    (name, value)
                })
                .collect(),
        },
        Rule::call => {
            // call = { identifier ~ arguments? }: a reference unless arguments follow.
            let mut parts = pair.into_inner();
            let name = name_of(&parts.next().expect("grammar: call name"));
            match parts.next() {
                None => keyword(&name.lookup()).unwrap_or(ExprKind::Reference { name: Box::new(name) }),
                Some(arguments) => ExprKind::Call {
                    name: Box::new(name),
                    args: arguments.into_inner().map(|e| lower_expr(e)).collect(),
                },
            }
        }
        other => unreachable!("grammar: unexpected primary {other:?}"),
    };
    Expr { kind, span }
}

/// The literal a bare keyword stands for (`true`, `false`, `undefined`, `error`; any case).
fn keyword(lookup: &str) -> Option<ExprKind> {
    match lookup {
        "true" => Some(ExprKind::Boolean { value: true }),
        "false" => Some(ExprKind::Boolean { value: false }),
        "undefined" => Some(ExprKind::Undefined),
        "error" => Some(ExprKind::Error),
        _ => None,
    }
}

/// Backslash escapes: `\"`, `\\`, `\'`, `\n`, `\t`; any other escaped character stands for itself.
pub(crate) fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_expression_gets_the_spans_of_its_new_place() {
        let first = parse_expression("f(a, [b = 1])", 10).expect("parses");
        let again = parse_expression("f(a, [b = 1])", 100).expect("parses");
        assert_eq!(first.span, Span::new(10, 23));
        assert_eq!(again.span, Span::new(100, 113));
        let ExprKind::Call { name, args } = &again.kind else { panic!("a call") };
        assert_eq!(name.span, Span::new(100, 101));
        assert_eq!(args[0].span, Span::new(102, 103));
        let error = parse_expression("a &&", 7).expect_err("does not parse");
        let again = parse_expression("a &&", 70).expect_err("does not parse");
        assert_eq!(again.span.start(), error.span.start() + 63);
    }

    /// What a failed parse says it expected: a name after `.`, and a wording for an error that
    /// lists nothing.
    #[test]
    fn expected_names_and_nothing() {
        let error = parse_expression("a.", 0).expect_err("a member needs a name");
        assert_eq!(error.label.as_deref(), Some("expected a name"));
        assert_eq!(describe_expected(&[Rule::identifier, Rule::call]), "a name");
        assert_eq!(describe_expected(&[]), "something else");
        let error = parse_expression("a b", 0).expect_err("two names side by side");
        let expected = "expected the end of the expression, `?`, `.`, `[`, `(` or an operator";
        assert_eq!(error.label.as_deref(), Some(expected));
        assert_eq!(
            describe_expected(&[Rule::infix, Rule::EOI, Rule::index]),
            "an operator, the end of the expression or `[`"
        );
    }

    /// At most `MAX_EXPRESSION_SIZE` operators: the limit itself is accepted.
    #[test]
    fn expression_size_limit_is_inclusive() {
        let at_limit = vec!["1"; MAX_EXPRESSION_SIZE + 1].join(" + ");
        assert!(parse_expression(&at_limit, 0).is_ok());
        let over = vec!["1"; MAX_EXPRESSION_SIZE + 2].join(" + ");
        let error = parse_expression(&over, 0).expect_err("one operator too many");
        assert_eq!(error.rule, nesting_too_deep::RULE.name);
        assert!(
            error.message.starts_with(&format!("expression has {} operators", MAX_EXPRESSION_SIZE + 1)),
            "{}",
            error.message
        );
    }

    /// Nesting counts open brackets outside strings: closed groups side by side are not deep, and
    /// brackets inside a string (after an escaped quote too) are text.
    #[test]
    fn nesting_depth_counts_open_brackets_outside_strings() {
        let deep = "(".repeat(MAX_EXPRESSION_DEPTH + 1);
        assert_eq!(too_deep_at(&format!("{deep}1")), Some(MAX_EXPRESSION_DEPTH));
        assert_eq!(too_deep_at(&format!("{}1", "(".repeat(MAX_EXPRESSION_DEPTH))), None);
        let side_by_side = vec!["(1)"; MAX_EXPRESSION_DEPTH + 1].join(" + ");
        assert_eq!(too_deep_at(&side_by_side), None);
        assert_eq!(too_deep_at(&format!("{}]", "[1] + {1} + ".repeat(MAX_EXPRESSION_DEPTH))), None);
        assert_eq!(too_deep_at(&format!("\"{deep}\"")), None);
        // A closed string ends: the brackets after it count.
        assert_eq!(too_deep_at(&format!("\"ab\" + {deep}1")), Some(MAX_EXPRESSION_DEPTH + 7));
        assert_eq!(too_deep_at(&format!("'a\\'{deep}'")), None);
        assert_eq!(too_deep_at(&format!("\"a\\\"{deep}\"")), None);
        assert!(parse_expression(&format!("strcat(\"a\\\"{deep}\")"), 0).is_ok());
    }
}
