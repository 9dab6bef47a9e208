//! Applying the fixes of diagnostics to a text: `check --fix`, and later the language server's
//! "fix all".
//!
//! [`fix_text`] works in rounds: lint, take the fixes that apply (safe ones, and unsafe ones when
//! asked), apply those that do not overlap, lint again. Fixes that overlapped an applied one come
//! back in the next round if they still apply. It stops when a round applies nothing, after
//! [`MAX_ROUNDS`], or when a round would add syntax errors (that round is undone): conflicting
//! fixes never corrupt a file.

use std::collections::BTreeMap;

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::syntax;

/// Rounds of fixing before giving up on reaching a text with nothing left to fix.
pub const MAX_ROUNDS: usize = 10;

/// What [`fix_text`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    /// The text with the fixes applied (the input when none applied).
    pub text: String,
    /// Fixes applied, per rule.
    pub applied: BTreeMap<&'static str, usize>,
    /// Rounds that applied something.
    pub rounds: usize,
    /// False when [`MAX_ROUNDS`] rounds still left fixes, or a round was undone because it would
    /// have added syntax errors.
    pub converged: bool,
}

impl Fixed {
    /// How many fixes were applied in all.
    pub fn count(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Whether a fix of this applicability is applied.
pub fn wanted(edit: &Edit, unsafe_fixes: bool) -> bool {
    edit.applicability == Applicability::Safe || unsafe_fixes
}

/// Applies fixes in rounds; `lint` returns the diagnostics of a text (with the configured rules,
/// levels and suppressions, so that only findings the user sees are fixed).
pub fn fix_text(text: &str, unsafe_fixes: bool, mut lint: impl FnMut(&str) -> Vec<Diagnostic>) -> Fixed {
    let mut fixed = Fixed { text: text.to_string(), converged: true, ..Fixed::default() };
    let mut syntax_errors = syntax::parse(text).diagnostics.len();
    for round in 0..=MAX_ROUNDS {
        let diagnostics = lint(&fixed.text);
        let edits: Vec<(&'static str, &Edit)> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule, f)))
            .filter(|(_, f)| wanted(f, unsafe_fixes))
            .collect();
        if edits.is_empty() {
            return fixed;
        }
        if round == MAX_ROUNDS {
            fixed.converged = false;
            return fixed;
        }
        let (text, applied) = apply_edits(&fixed.text, &edits);
        if applied.is_empty() || text == fixed.text {
            return fixed;
        }
        let errors = syntax::parse(&text).diagnostics.len();
        if errors > syntax_errors {
            // A fix that breaks the file is a bug in its rule: keep the text of the round before.
            fixed.converged = false;
            return fixed;
        }
        syntax_errors = errors;
        for rule in applied {
            *fixed.applied.entry(rule).or_default() += 1;
        }
        fixed.rounds += 1;
        fixed.text = text;
    }
    fixed
}

/// Applies the edits that do not overlap an earlier one (by start, then by order given); returns
/// the new text and the rules whose edits were applied. Edits outside the text or not on
/// character boundaries are skipped. Two insertions at the same place conflict too.
pub fn apply_edits(text: &str, edits: &[(&'static str, &Edit)]) -> (String, Vec<&'static str>) {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].1.span.start(), edits[i].1.span.end(), i));
    let mut out = String::with_capacity(text.len());
    let mut applied = Vec::new();
    let mut copied = 0;
    // End of the last applied edit; `None` before the first.
    let mut last_end: Option<usize> = None;
    for i in order {
        let (rule, edit) = edits[i];
        let span = edit.span;
        let valid = span.start() <= span.end()
            && span.end() <= text.len()
            && text.is_char_boundary(span.start())
            && text.is_char_boundary(span.end());
        let overlaps = last_end.is_some_and(|end| span.start() < end || (span.start() == end && span.is_empty()));
        if !valid || overlaps || (span.is_empty() && edit.replacement.is_empty()) {
            continue;
        }
        out.push_str(&text[copied..span.start()]);
        out.push_str(&edit.replacement);
        copied = span.end();
        last_end = Some(span.end());
        applied.push(rule);
    }
    out.push_str(&text[copied..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit { span: Span::new(start, end), replacement: replacement.into(), applicability: Applicability::Safe }
    }

    #[test]
    fn overlapping_edits_wait_for_the_next_round() {
        let a = edit(0, 3, "xyz");
        let b = edit(2, 5, "!");
        let c = edit(6, 6, "+");
        let d = edit(6, 6, "-");
        let (text, applied) = apply_edits("abcdefgh", &[("b", &b), ("a", &a), ("c", &c), ("d", &d)]);
        assert_eq!(text, "xyzdef+gh");
        assert_eq!(applied, ["a", "c"]);
    }

    #[test]
    fn edits_off_the_text_or_inside_a_character_are_skipped() {
        let outside = edit(3, 9, "x");
        let inside = edit(1, 2, "x");
        let (text, applied) = apply_edits("é12", &[("a", &outside), ("b", &inside)]);
        assert_eq!(text, "é12");
        assert!(applied.is_empty());
    }

    #[test]
    fn rounds_stop_when_nothing_is_left_and_are_bounded() {
        // Each round fixes the first `;` it sees: two rounds for two lines.
        let lint = |text: &str| -> Vec<Diagnostic> {
            let rule = crate::rules::find("syntax-error").expect("rule");
            text.find(';')
                .map(|at| Diagnostic::new(rule, Span::new(at, at + 1), "x").with_fix(Span::new(at, at + 1), "#"))
                .into_iter()
                .collect()
        };
        let fixed = fix_text("; a\n; b\n", false, lint);
        assert_eq!(fixed.text, "# a\n# b\n");
        assert_eq!(fixed.rounds, 2);
        assert!(fixed.converged);

        // A fix that never settles is stopped.
        let forever = |text: &str| -> Vec<Diagnostic> {
            let rule = crate::rules::find("syntax-error").expect("rule");
            vec![Diagnostic::new(rule, Span::at(0), "x").with_fix(Span::at(text.len()), "# x\n")]
        };
        let fixed = fix_text("", false, forever);
        assert_eq!(fixed.rounds, MAX_ROUNDS);
        assert!(!fixed.converged);
    }

    #[test]
    fn unsafe_fixes_only_when_asked() {
        let lint = |text: &str| -> Vec<Diagnostic> {
            let rule = crate::rules::find("syntax-error").expect("rule");
            text.find("a")
                .map(|at| Diagnostic::new(rule, Span::at(at), "x").with_unsafe_fix(Span::new(at, at + 1), "b"))
                .into_iter()
                .collect()
        };
        assert_eq!(fix_text("# a\n", false, lint).text, "# a\n");
        assert_eq!(fix_text("# a\n", true, lint).text, "# b\n");
    }
}
