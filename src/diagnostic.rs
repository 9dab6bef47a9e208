//! The one diagnostic type that every output (human, concise, JSON, SARIF, GitHub, Azure
//! Pipelines, JUnit, editors) converts from.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary label: "where else".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A machine-applicable replacement, for editors and `--fix`-style front ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
    /// Whether applying it keeps what the author meant.
    pub applicability: Applicability,
}

/// Whether a fix may be applied without a person reading it, as ruff classifies its fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning the author evidently intended (`;` → `#` on a comment line, a missing
    /// `]`): applied by `check --fix`.
    Safe,
    /// A guess that may change meaning ("did you mean" renames): applied only with
    /// `--unsafe-fixes`, offered in editors.
    Unsafe,
}

/// One finding in one file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The stable rule id (kebab-case).
    pub rule: &'static str,
    pub severity: Severity,
    /// Lowercase, no trailing period, names in backticks.
    pub message: String,
    /// The exact place.
    pub span: Span,
    /// Text shown at the primary span (defaults to nothing).
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// A subtle fact worth knowing.
    pub note: Option<String>,
    /// A suggested replacement, when there is exactly one sensible fix.
    pub fix: Option<Edit>,
    /// Stable key for baselines: the section path and attribute key the finding is about.
    pub anchor: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at its default severity.
    pub fn new(rule: &crate::rules::Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: rule.name,
            severity: rule.default_severity,
            message: message.into(),
            span,
            label: None,
            secondary: Vec::new(),
            help: None,
            note: None,
            fix: None,
            anchor: None,
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label { span, message: message.into() });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets `help` when `help` is `Some`.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Adds `more` to the note, after what it already says (`; ` between them).
    pub fn append_note(&mut self, more: String) {
        self.note = Some(match self.note.take() {
            Some(note) => format!("{note}; {more}"),
            None => more,
        });
    }

    /// A safe fix: see [`Applicability::Safe`].
    pub fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Edit { span, replacement: replacement.into(), applicability: Applicability::Safe });
        self
    }

    /// A fix that may change meaning, such as a "did you mean" rename: see [`Applicability::Unsafe`].
    pub fn with_unsafe_fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Edit { span, replacement: replacement.into(), applicability: Applicability::Unsafe });
        self
    }

    pub fn with_anchor(mut self, anchor: impl Into<String>) -> Self {
        self.anchor = Some(anchor.into());
        self
    }
    /// Whether `check --fix` applies this diagnostic's fix: it has one, and it is safe.
    pub fn is_fixable(&self) -> bool {
        self.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)
    }
}

impl Diagnostic {
    /// The message with `help: …` and `note: …` on lines of their own: the text of outputs that
    /// have one message field (GitHub, Azure Pipelines, JUnit, SARIF, the language server).
    pub fn full_text(&self) -> String {
        let mut text = self.message.clone();
        if let Some(help) = &self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        if let Some(note) = &self.note {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        text
    }
}

/// "did you mean `x`?" for the closest candidate, case-insensitively, when one is close enough.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The rename a "did you mean `x`?" help proposes, as an unsafe fix, for a diagnostic that has no
/// fix of its own: it replaces the word under the primary span (inside its quotes, if quoted) when
/// `closest` finds `x` close to it, as it did when the help was written. `lint` attaches it to
/// every finding, so that `check --unsafe-fixes`, every output and the editor offer the same fix.
pub fn did_you_mean_fix(text: &str, d: &Diagnostic) -> Option<Edit> {
    let help = d.help.as_deref()?;
    let suggestion = help.strip_prefix("did you mean `")?.strip_suffix("`?")?;
    let written = text.get(d.span.range())?;
    let (inner, shift) = match written.as_bytes() {
        [q @ (b'"' | b'\''), .., last] if last == q && written.len() >= 2 => (&written[1..written.len() - 1], 1),
        _ => (written, 0),
    };
    if inner.trim().is_empty() || inner.contains(['\n', '\r']) || closest(inner, [suggestion]) != Some(suggestion) {
        return None;
    }
    let span = Span::new(d.span.start() + shift, d.span.start() + shift + inner.len());
    Some(Edit { span, replacement: suggestion.to_string(), applicability: Applicability::Unsafe })
}

/// The candidate closest to `word` (case-insensitive Levenshtein), if close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let limit = match lower.len() {
        0..=2 => 0,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    // One buffer and one set of rows for every candidate: "did you mean" runs for each unknown
    // name against a vocabulary of hundreds.
    let mut candidate_chars: Vec<char> = Vec::new();
    let mut rows = Rows::default();
    for candidate in candidates {
        // Lengths further apart than the limit cannot be within it: skip the full comparison.
        let ascii = candidate.is_ascii();
        let length = if ascii { candidate.len() } else { candidate.chars().count() };
        if length.abs_diff(lower.len()) > limit {
            continue;
        }
        candidate_chars.clear();
        if ascii {
            candidate_chars.extend(candidate.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            candidate_chars.extend(candidate.chars().flat_map(char::to_lowercase));
        }
        let Some(distance) = rows.distance_within(&lower, &candidate_chars, limit) else { continue };
        if distance == 0 {
            continue;
        }
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance where swapping two neighbouring characters counts as one edit (optimal string
/// alignment): `flase` is one edit from `false`.
#[cfg(test)]
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Rows::default().distance_within(&a, &b, usize::MAX).expect("no limit")
}

/// The three rows of the optimal-string-alignment table, reused between comparisons.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

impl Rows {
    /// The distance from `a` to `b` when it is at most `limit`; `None` (early) as soon as every
    /// entry of a row exceeds `limit`.
    fn distance_within(&mut self, a: &[char], b: &[char], limit: usize) -> Option<usize> {
        let Rows { before, previous, current } = self;
        for row in [&mut *before, &mut *previous, &mut *current] {
            row.clear();
            row.resize(b.len() + 1, 0);
        }
        previous.iter_mut().enumerate().for_each(|(j, v)| *v = j);
        for i in 0..a.len() {
            current[0] = i + 1;
            let mut row_min = current[0];
            for j in 0..b.len() {
                let cost = usize::from(a[i] != b[j]);
                let mut best = (previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1);
                if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                    best = best.min(before[j - 1] + 1);
                }
                current[j + 1] = best;
                row_min = row_min.min(best);
            }
            // Every later entry is built from this row plus edits, or from the row before plus a
            // transposition: an entry of that row at most `limit - 1` would have made one of this
            // row at most `limit`. So the distance is over the limit.
            if row_min > limit {
                return None;
            }
            std::mem::swap(before, previous);
            std::mem::swap(previous, current);
        }
        Some(previous[b.len()]).filter(|&d| d <= limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("configuraton", ["configuration", "cluster"]), Some("configuration"));
        assert_eq!(closest("Autoscal", ["Autoscale", "Region"]), Some("Autoscale"));
        assert_eq!(closest("xyz", ["configuration"]), None);
        // An exact (case-insensitive) match is not a typo.
        assert_eq!(closest("Region", ["region"]), None);
        // Two swapped neighbours are one edit.
        assert_eq!(closest("flase", ["true", "false"]), Some("false"));
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    /// The table in full, without stopping early: what `distance_within` must agree with.
    fn full_distance(a: &[char], b: &[char]) -> usize {
        let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in table.iter_mut().enumerate() {
            row[0] = i;
        }
        table[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (table[i - 1][j - 1] + cost).min(table[i - 1][j] + 1).min(table[i][j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(table[i - 2][j - 2] + 1);
                }
                table[i][j] = best;
            }
        }
        table[a.len()][b.len()]
    }

    /// Stopping at the first row over the limit gives the same answer as the whole table, for
    /// every pair of a set of words near and far from each other and every limit.
    #[test]
    fn distance_within_agrees_with_the_full_table() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "flase",
            "false",
            "true",
            "region",
            "regoin",
            "rgeion",
            "kitten",
            "sitting",
            "configuration",
            "configuraton",
            "cofniguration",
            "ImageName",
            "imagenmae",
            "éé",
            "eé",
        ];
        let mut rows = Rows::default();
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = full_distance(&a, &b);
                for limit in 0..5 {
                    let expected = (full <= limit).then_some(full);
                    assert_eq!(rows.distance_within(&a, &b, limit), expected, "{a:?} {b:?} {limit}");
                }
            }
        }
    }
}
