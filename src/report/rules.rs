//! The rule list: `cyclelint rules`, `cyclelint explain` and the generated `docs/rules.md`.

use std::fmt::Write;

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::rules::{Rule, RULES};

/// One line per rule: name, default severity, summary.
pub fn table() -> String {
    let width = RULES.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in RULES {
        let _ = writeln!(out, "{:width$}  {:7}  {}", rule.name, rule.default_severity.as_str(), rule.summary);
    }
    out
}

#[derive(Serialize)]
struct JsonRule {
    name: &'static str,
    severity: Severity,
    summary: &'static str,
    documentation: String,
}

/// Every rule as JSON: `[{name, severity, summary, documentation}]`.
pub fn json() -> String {
    let rules: Vec<JsonRule> = RULES
        .iter()
        .map(|r| JsonRule {
            name: r.name,
            severity: r.default_severity,
            summary: r.summary,
            documentation: r.documentation(),
        })
        .collect();
    serde_json::to_string_pretty(&rules).expect("rules serialise") + "\n"
}

/// What `cyclelint explain RULE` prints.
pub fn explain(rule: &Rule) -> String {
    format!(
        "# {}\n\nDefault severity: {}. {}.\n\n{}",
        rule.name,
        rule.default_severity,
        capitalise(rule.summary),
        rule.documentation()
    )
}

/// `docs/rules.md`: an index table, then one section per rule.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rule registry by `UPDATE_DOCS=1 cargo test`: do not edit. -->\n\n\
         Every rule's name is its stable id in output, configuration (`[rules]` in `cyclelint.toml`) \
         and suppressions (`# cyclelint: ignore[rule] -- reason`). `cyclelint explain RULE` prints \
         the same text.\n\n| Rule | Default severity | Summary |\n|---|---|---|\n",
    );
    for rule in RULES {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} |",
            rule.name,
            rule.default_severity,
            rule.summary.replace('|', "\\|")
        );
    }
    for rule in RULES {
        let documentation = rule.documentation().replace("\n## ", "\n### ");
        let documentation = documentation.strip_prefix("## ").map_or(documentation.clone(), |d| format!("### {d}"));
        let _ = write!(out, "\n## {}\n\nDefault severity: {}.\n\n{}", rule.name, rule.default_severity, documentation);
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().collect::<String>() + chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cyclelint explain RULE`: a title, the default severity, the summary as a sentence, then the
    /// rule's documentation.
    #[test]
    fn explain_opens_with_the_summary_as_a_sentence() {
        let rule = crate::rules::find("duplicate-attribute").expect("a rule");
        let text = explain(rule);
        let expected =
            "# duplicate-attribute\n\nDefault severity: warning. The same attribute set twice in one section.\n\n";
        assert!(text.starts_with(expected), "{text}");
        assert!(text.ends_with(&rule.documentation()));
        assert_eq!(capitalise("élan vital"), "Élan vital");
        assert_eq!(capitalise(""), "");
    }
}
