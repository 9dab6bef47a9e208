//! Inline suppressions: `# cyclelint: ignore[rule-a, rule-b] -- reason` comments.
//!
//! - On its own line, a suppression covers the next line that is not a comment; when that line
//!   is a section header, it covers the whole section, sub-sections included.
//! - After a section header on the same line, it covers the whole section.
//! - After an attribute on the same line, it covers that line.
//! - `# cyclelint: ignore-file[rule] -- reason`, anywhere, covers the whole file.
//!
//! Suppressions act after the rules and after the configured levels: a suppressed diagnostic
//! disappears. Suppressions are themselves checked by `unused-suppression`,
//! `suppression-without-reason` and `unknown-rule-in-suppression`.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::config::Settings;
use crate::diagnostic::{did_you_mean, Diagnostic, Severity};
use crate::model::Template;
use crate::rules::{self, suppression_without_reason, unknown_rule_in_suppression, unused_suppression, RULES};
use crate::span::{LineIndex, Span};

/// One suppression comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// The whole comment.
    pub comment: Span,
    /// What it covers: `None` for the whole file.
    pub covers: Option<Span>,
    pub rules: Vec<RuleName>,
    /// The text after `--`, when there is some.
    pub reason: Option<String>,
}

/// A rule name as written in a suppression.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleName {
    pub text: String,
    pub span: Span,
}

/// Every suppression comment of a parsed file, with what it covers.
pub fn find(template: &Template, text: &str) -> Vec<Suppression> {
    let directives: Vec<_> =
        template.comments.iter().filter_map(|c| Some((c, parse_directive(&c.text, c.span.start())?))).collect();
    // Most files have no directive: they need no line index (4 bytes a line, held beside the model).
    if directives.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let comment_lines: Vec<usize> =
        template.comments.iter().filter(|c| !c.trailing).map(|c| index.line_of(c.span.start())).collect();
    let mut out = Vec::new();
    for (comment, (whole_file, rules, reason)) in directives {
        let line = index.line_of(comment.span.start());
        let covers = if whole_file {
            None
        } else {
            let target = if comment.trailing {
                line
            } else {
                // `comment_lines` is in file order: a binary search keeps many directives linear.
                (line + 1..).find(|l| comment_lines.binary_search(l).is_err()).unwrap_or(line + 1)
            };
            Some(cover_line(template, text, &index, target))
        };
        out.push(Suppression { comment: comment.span, covers, rules, reason });
    }
    out
}

/// Removes suppressed diagnostics and adds the diagnostics about the suppressions themselves.
pub fn apply(suppressions: &[Suppression], settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    let mut used: Vec<Vec<bool>> = suppressions.iter().map(|s| vec![false; s.rules.len()]).collect();
    let hits = suppressed(suppressions, diagnostics, &mut used);
    let mut hit = hits.iter();
    diagnostics.retain(|_| !hit.next().copied().unwrap_or(false));

    let mut found = Vec::new();
    for (s, suppression) in suppressions.iter().enumerate() {
        if suppression.reason.is_none() {
            found.push(
                Diagnostic::new(&suppression_without_reason::RULE, suppression.comment, "suppression has no reason")
                    .with_label("no `-- reason`")
                    .with_help("say why after the rule list: `# cyclelint: ignore[rule] -- why`")
                    .with_severity(if settings.require_reason { Severity::Error } else { Severity::Warning }),
            );
        }
        for (r, name) in suppression.rules.iter().enumerate() {
            match rules::find(&name.text) {
                None => found.push(
                    Diagnostic::new(
                        &unknown_rule_in_suppression::RULE,
                        name.span,
                        format!("suppression names unknown rule `{}`", name.text),
                    )
                    .with_label("not a rule")
                    .with_help_opt(did_you_mean(&name.text, RULES.iter().map(|r| r.name))),
                ),
                Some(rule) if !used[s][r] && settings.is_enabled(rule.name) && !is_meta(rule.name) => found.push(
                    Diagnostic::new(
                        &unused_suppression::RULE,
                        name.span,
                        format!("suppression of `{}` suppressed nothing", rule.name),
                    )
                    .with_label("unused")
                    .with_help("remove it"),
                ),
                Some(_) => {}
            }
        }
    }
    let mut meta = Vec::new();
    for mut d in found {
        let Some(level) = settings.level(d.rule) else { continue };
        if !(d.rule == suppression_without_reason::RULE.name && settings.require_reason) {
            d.severity = level;
        }
        meta.push(d);
    }
    let hits = suppressed(suppressions, &meta, &mut used);
    diagnostics.extend(meta.into_iter().zip(hits).filter(|(_, hit)| !hit).map(|(d, _)| d));
}

/// Which of `diagnostics` a suppression covers; marks the suppressions that do as used.
///
/// Linear in the number of suppressions and diagnostics (plus sorting), however many of each a
/// file has: whole-file suppressions are looked up by rule name, and the others are swept in
/// file order with the diagnostics, keeping only those that cover the current offset.
fn suppressed(suppressions: &[Suppression], diagnostics: &[Diagnostic], used: &mut [Vec<bool>]) -> Vec<bool> {
    let mut whole: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut spanned: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, suppression)
    for (s, suppression) in suppressions.iter().enumerate() {
        match suppression.covers {
            None => {
                for (r, name) in suppression.rules.iter().enumerate() {
                    whole.entry(name.text.as_str()).or_default().push((s, r));
                }
            }
            // An empty cover (an empty last line) still covers the offset it starts at.
            Some(span) => spanned.push((span.start(), span.end().max(span.start() + 1), s)),
        }
    }
    spanned.sort_unstable();
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by_key(|&i| diagnostics[i].span.start());
    let mut hits = vec![false; diagnostics.len()];
    let mut next = 0;
    // Suppressions covering the current offset, by end: (end, suppression).
    let mut active: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    for i in order {
        let d = &diagnostics[i];
        let offset = d.span.start();
        while let Some(&(_, end, s)) = spanned.get(next).filter(|(start, ..)| *start <= offset) {
            active.push(Reverse((end, s)));
            next += 1;
        }
        while active.peek().is_some_and(|Reverse((end, _))| *end <= offset) {
            active.pop();
        }
        for &(s, r) in whole.get(d.rule).map_or(&[][..], Vec::as_slice) {
            used[s][r] = true;
            hits[i] = true;
        }
        for Reverse((_, s)) in active.iter() {
            for (r, name) in suppressions[*s].rules.iter().enumerate() {
                if name.text == d.rule {
                    used[*s][r] = true;
                    hits[i] = true;
                }
            }
        }
    }
    hits
}

/// The rules about suppressions: suppressing them is never reported as unused.
fn is_meta(rule: &str) -> bool {
    [&unused_suppression::RULE, &suppression_without_reason::RULE, &unknown_rule_in_suppression::RULE]
        .iter()
        .any(|r| r.name == rule)
}

/// What a suppression aimed at `line` covers: the section whose header is on it, or the line.
fn cover_line(template: &Template, text: &str, index: &LineIndex, line: usize) -> Span {
    let start = index.line_start(line).min(text.len());
    let end = if line + 1 < index.line_count() { index.line_start(line + 1) } else { text.len() };
    if line >= index.line_count() {
        return Span::at(text.len());
    }
    // Sections are in file order: the one whose header is on this line is found by halving, so
    // thousands of directives do not each scan every section.
    let first_after = template.sections.partition_point(|s| s.header_span.start() < start);
    template
        .sections
        .get(first_after)
        .filter(|s| s.header_span.start() < end)
        .map_or(Span::new(start, end), |s| s.span.cover(Span::new(start, start)))
}

/// `# cyclelint: ignore[a, b] -- reason` → (whole file?, rule names, reason). `offset` is where
/// the comment starts in the file.
fn parse_directive(comment: &str, offset: usize) -> Option<(bool, Vec<RuleName>, Option<String>)> {
    let body = comment.strip_prefix('#')?;
    let trimmed = body.trim_start();
    let rest = trimmed.strip_prefix("cyclelint:")?.trim_start();
    let (whole_file, rest) = if let Some(r) = rest.strip_prefix("ignore-file[") {
        (true, r)
    } else {
        (false, rest.strip_prefix("ignore[")?)
    };
    let (list, after) = rest.split_once(']')?;
    let list_offset = offset + (comment.len() - rest.len());
    let mut names = Vec::new();
    let mut at = 0;
    for part in list.split(',') {
        let lead = part.len() - part.trim_start().len();
        let name = part.trim();
        if !name.is_empty() {
            let start = list_offset + at + lead;
            names.push(RuleName { text: name.to_string(), span: Span::new(start, start + name.len()) });
        }
        at += part.len() + 1;
    }
    let reason = after.trim().strip_prefix("--").map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    Some((whole_file, names, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_with_spans_and_reasons() {
        let text = "# cyclelint: ignore[a,  bb] -- legacy";
        let (file, names, reason) = parse_directive(text, 10).unwrap();
        assert!(!file);
        assert_eq!(names[0].text, "a");
        assert_eq!(&text[names[1].span.start() - 10..names[1].span.end() - 10], "bb");
        assert_eq!(reason.as_deref(), Some("legacy"));
        let (file, _, reason) = parse_directive("#cyclelint: ignore-file[a]", 0).unwrap();
        assert!(file && reason.is_none());
        assert!(parse_directive("# cyclelint is great", 0).is_none());
    }

    /// A directive covers the whole section when the next line is a header (indented or not), and
    /// only that line when it is anything else, even with sections after it.
    #[test]
    fn a_directive_covers_the_next_section_or_only_the_next_line() {
        let text = "[cluster c]\n  [[node a]]\n    # cyclelint: ignore[x] -- r\n    Tags.x = 1\n    Tags.y = 2\n\
                    # cyclelint: ignore[x] -- r\n[[node b]]\n    Tags.z = 3\n  # cyclelint: ignore[x] -- r\n  \
                    [[node c]]\n    Tags.w = 4\n";
        let parsed = crate::syntax::parse(text);
        let covered: Vec<&str> =
            find(&parsed.template, text).iter().map(|s| s.covers.map_or("", |c| text[c.range()].trim_end())).collect();
        // A section runs to its last line (the comment before the next header included).
        let b = "[[node b]]\n    Tags.z = 3\n  # cyclelint: ignore[x] -- r";
        assert_eq!(covered, ["    Tags.x = 1", b, "  [[node c]]\n    Tags.w = 4"]);
    }

    fn suppression(covers: Option<(usize, usize)>, rules: &[&str]) -> Suppression {
        Suppression {
            comment: Span::at(0),
            covers: covers.map(|(a, b)| Span::new(a, b)),
            rules: rules.iter().map(|r| RuleName { text: r.to_string(), span: Span::at(0) }).collect(),
            reason: None,
        }
    }

    #[test]
    fn nested_overlapping_and_whole_file_suppressions_each_cover_their_own() {
        let suppressions = [
            suppression(Some((10, 100)), &["unknown-attribute"]), // a section
            suppression(Some((20, 30)), &["duplicate-attribute", "unknown-attribute"]), // a line in it
            suppression(Some((50, 50)), &["duplicate-attribute"]), // an empty line: covers offset 50
            suppression(None, &["missing-image"]),
            suppression(Some((200, 210)), &["unknown-attribute"]), // covers nothing below
        ];
        let at = |rule: &'static crate::rules::Rule, offset: usize| Diagnostic::new(rule, Span::at(offset), "m");
        use crate::rules::{duplicate_attribute as dup, missing_image as img, unknown_attribute as unk};
        // Out of file order on purpose: the sweep sorts, the result follows the input.
        let diagnostics = [
            at(&unk::RULE, 25),
            at(&dup::RULE, 25),
            at(&dup::RULE, 50),
            at(&dup::RULE, 51),
            at(&unk::RULE, 5),
            at(&unk::RULE, 99),
            at(&unk::RULE, 100),
            at(&img::RULE, 1_000),
        ];
        let mut used: Vec<Vec<bool>> = suppressions.iter().map(|s| vec![false; s.rules.len()]).collect();
        let hits = suppressed(&suppressions, &diagnostics, &mut used);
        assert_eq!(hits, [true, true, true, false, false, true, false, true]);
        assert_eq!(used, [vec![true], vec![true, true], vec![true], vec![true], vec![false]]);
    }
}
