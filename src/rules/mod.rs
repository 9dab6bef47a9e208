//! The rules: one file per rule, one registry table ([`RULES`]).
//!
//! A rule is a [`Rule`] value declared with [`declare_rule!`], whose doc comment (sections
//! `## What it does`, `## Why is this bad?`, `## Example`, `Use instead:`) is what
//! `cyclelint explain` prints and what `docs/rules.md` is generated from.
//! Syntax rules are reported by the parser and have no `check` function.
//! Rules never do IO: everything they need is in the [`Context`].

use std::cell::OnceCell;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::effective::{EffectiveNode, Parameters};
use crate::model::Template;
use crate::node_image::NodeImage;
use crate::projects::{Project, Projects};
use crate::registry::Registry;
use crate::target::{CycleCloudVersion, ProviderInfo};

/// Declares a rule, capturing its doc comment as its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        pub static $ident:ident = {
            name: $name:literal,
            severity: $severity:ident,
            summary: $summary:literal,
            check: $check:expr $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            name: $name,
            default_severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}

pub mod bare_word_condition;
pub mod causes;
pub mod cluster_init_version_mismatch;
pub mod comma_in_number;
mod configuration_keys;
pub mod conflicting_image_sources;
pub mod duplicate_artifact_name;
pub mod duplicate_attribute;
pub mod duplicate_package_version;
pub mod duplicate_section;
pub mod expression_syntax_error;
pub mod extends_cycle;
pub mod file_too_large;
pub mod hardcoded_secret;
pub mod image_os_mismatch;
pub mod incomplete_jetpack;
pub mod incomplete_marketplace_image;
pub mod inconsistent_cluster_init_version;
pub mod ineffective_image_version;
pub mod invalid_attribute_value;
pub mod invalid_cluster_init_spec;
pub mod invalid_configuration_value;
pub mod invalid_encoding;
pub mod invalid_image_os;
pub mod invalid_image_version;
pub mod invalid_jetpack_version;
pub mod invalid_marketplace_os;
pub mod invalid_package_version;
pub mod invalid_parameter_default;
pub mod invalid_section_nesting;
pub mod lenient_string;
pub mod lone_cr_line_endings;
pub mod malformed_image_urn;
pub mod misplaced_attribute;
pub mod missing_artifact_for_region;
pub mod missing_cluster;
pub mod missing_image;
pub mod missing_image_os;
pub mod missing_marketplace_os;
pub mod missing_required_attribute;
pub mod nesting_too_deep;
mod node_support;
pub mod orphan_artifact;
pub mod package_without_artifacts;
pub mod parameter_type_mismatch;
pub mod references;
pub mod registry_missing_field;
pub mod retired_image;
pub mod suppression_without_reason;
pub mod syntax_error;
pub mod unbalanced_section_header;
pub mod undefined_parameter;
pub mod unknown_attribute;
pub mod unknown_cluster_init_spec;
pub mod unknown_configuration_key;
pub mod unknown_extends;
pub mod unknown_function;
pub mod unknown_image;
pub mod unknown_parameter_type;
pub mod unknown_rule_in_suppression;
pub mod unknown_section_kind;
pub mod unmatched_image_version;
pub mod unsupported_jetpack_platform;
pub mod unsupported_provider;
pub mod unterminated_string;
pub mod unused_jetpack_settings;
pub mod unused_parameter;
pub mod unused_suppression;
pub mod wrong_argument_count;

/// What a rule looks at: one parsed file and what was loaded for the run.
pub struct Context<'a> {
    pub path: &'a Path,
    pub source: &'a str,
    pub template: &'a Template,
    /// Built-in images plus the records of every `--registry` file.
    pub registry: &'a Registry,
    nodes: &'a [EffectiveNode<'a>],
    projects: Option<&'a Projects>,
    images: OnceCell<Vec<NodeImage<'a>>>,
    parameters: OnceCell<Parameters<'a>>,
    /// The CycleCloud release checked against (`cyclecloud-version`; the current one by default).
    pub version: CycleCloudVersion,
    providers: OnceCell<ProviderInfo>,
    /// The registry diagnostics of a record file, every registry rule's, found once.
    record_findings: OnceCell<Vec<Diagnostic>>,
}

impl<'a> Context<'a> {
    /// `nodes` are the template's effective nodes (`effective::effective_nodes`), computed once
    /// per file by the caller so that what rules derive from them can be shared too.
    pub fn new(
        path: &'a Path,
        source: &'a str,
        template: &'a Template,
        registry: &'a Registry,
        nodes: &'a [EffectiveNode<'a>],
    ) -> Context<'a> {
        Context {
            path,
            source,
            template,
            registry,
            nodes,
            projects: None,
            images: OnceCell::new(),
            parameters: OnceCell::new(),
            version: CycleCloudVersion::CURRENT,
            providers: OnceCell::new(),
            record_findings: OnceCell::new(),
        }
    }

    /// The same context, with the local projects found for the run.
    pub fn with_projects(mut self, projects: &'a Projects) -> Context<'a> {
        self.projects = Some(projects);
        self
    }

    /// Local CycleCloud projects (`project.ini`) found beside the checked files or named in
    /// `cyclelint.toml`; none when nothing was looked for.
    pub fn projects(&self) -> &'a [Project] {
        self.projects.map_or(&[], |p| p.all())
    }

    /// The same context checked against CycleCloud `version`.
    pub fn with_version(mut self, version: CycleCloudVersion) -> Context<'a> {
        self.version = version;
        self
    }

    /// The providers the template is written for, inferred once per file.
    pub fn providers(&self) -> &ProviderInfo {
        self.providers.get_or_init(|| ProviderInfo::of(self.template))
    }

    /// Every node and nodearray after inheritance.
    pub fn nodes(&self) -> &'a [EffectiveNode<'a>] {
        self.nodes
    }

    /// Each node with its image settings (resolved once per file, shared by the image rules).
    pub fn nodes_with_images(&self) -> impl Iterator<Item = (&'a EffectiveNode<'a>, &NodeImage<'a>)> {
        let images = self
            .images
            .get_or_init(|| self.nodes.iter().map(|n| NodeImage::of(n, self.parameters(), self.source)).collect());
        self.nodes.iter().zip(images)
    }

    /// What validating a record file's `Package` and `Artifact` records finds, for every registry
    /// rule at once (each rule keeps its own): the file's entries are collected and checked once.
    pub fn record_findings(&self) -> &[Diagnostic] {
        self.record_findings.get_or_init(|| {
            let mut own = Registry::default();
            own.add_records(self.path, &self.template.records);
            crate::registry::validate::validate(&own, self.registry, self.source)
        })
    }

    /// `rule`'s share of [`Context::record_findings`], on a record file (a template has none).
    pub fn push_record_findings(&self, rule: &Rule, out: &mut Vec<Diagnostic>) {
        if self.template.kind == crate::model::FileKind::Records {
            out.extend(self.record_findings().iter().filter(|d| d.rule == rule.name).cloned());
        }
    }

    /// The template's parameters by name, computed once per file.
    pub fn parameters(&self) -> &Parameters<'a> {
        self.parameters.get_or_init(|| Parameters::of(self.template))
    }

    /// The source text of a span.
    pub fn text(&self, span: crate::span::Span) -> &'a str {
        &self.source[span.range()]
    }
}

pub type CheckFn = fn(&Context, &mut Vec<Diagnostic>);

/// A rule: its stable name, default severity, one-line summary and documentation.
pub struct Rule {
    pub name: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
    /// The rule's doc comment, one leading space per line.
    pub doc: &'static str,
    /// `None` for rules that the parser reports.
    pub check: Option<CheckFn>,
}

impl Rule {
    /// The documentation with the doc-comment indentation removed.
    pub fn documentation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("name", &self.name).finish()
    }
}

/// Every rule, sorted by name: the one registry table.
pub static RULES: &[&Rule] = &[
    &bare_word_condition::RULE,
    &cluster_init_version_mismatch::RULE,
    &comma_in_number::RULE,
    &conflicting_image_sources::RULE,
    &duplicate_artifact_name::RULE,
    &duplicate_attribute::RULE,
    &duplicate_package_version::RULE,
    &duplicate_section::RULE,
    &expression_syntax_error::RULE,
    &extends_cycle::RULE,
    &file_too_large::RULE,
    &hardcoded_secret::RULE,
    &image_os_mismatch::RULE,
    &incomplete_jetpack::RULE,
    &incomplete_marketplace_image::RULE,
    &inconsistent_cluster_init_version::RULE,
    &ineffective_image_version::RULE,
    &invalid_attribute_value::RULE,
    &invalid_cluster_init_spec::RULE,
    &invalid_configuration_value::RULE,
    &invalid_encoding::RULE,
    &invalid_image_os::RULE,
    &invalid_image_version::RULE,
    &invalid_jetpack_version::RULE,
    &invalid_marketplace_os::RULE,
    &invalid_package_version::RULE,
    &invalid_parameter_default::RULE,
    &invalid_section_nesting::RULE,
    &lenient_string::RULE,
    &lone_cr_line_endings::RULE,
    &malformed_image_urn::RULE,
    &misplaced_attribute::RULE,
    &missing_artifact_for_region::RULE,
    &missing_cluster::RULE,
    &missing_image::RULE,
    &missing_image_os::RULE,
    &missing_marketplace_os::RULE,
    &missing_required_attribute::RULE,
    &nesting_too_deep::RULE,
    &orphan_artifact::RULE,
    &package_without_artifacts::RULE,
    &parameter_type_mismatch::RULE,
    &registry_missing_field::RULE,
    &retired_image::RULE,
    &suppression_without_reason::RULE,
    &syntax_error::RULE,
    &unbalanced_section_header::RULE,
    &undefined_parameter::RULE,
    &unknown_attribute::RULE,
    &unknown_cluster_init_spec::RULE,
    &unknown_configuration_key::RULE,
    &unknown_extends::RULE,
    &unknown_function::RULE,
    &unknown_image::RULE,
    &unknown_parameter_type::RULE,
    &unknown_rule_in_suppression::RULE,
    &unknown_section_kind::RULE,
    &unmatched_image_version::RULE,
    &unsupported_jetpack_platform::RULE,
    &unsupported_provider::RULE,
    &unterminated_string::RULE,
    &unused_jetpack_settings::RULE,
    &unused_parameter::RULE,
    &unused_suppression::RULE,
    &wrong_argument_count::RULE,
];

/// The rule with this name.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.name == name)
}

/// Runs the rules with a check function that `enabled` accepts. What a rule reports more than
/// once at the same place with the same message (a line inherited by several nodes) is merged
/// into one finding.
pub fn run_enabled(ctx: &Context, out: &mut Vec<Diagnostic>, enabled: impl Fn(&Rule) -> bool) {
    for rule in RULES.iter().filter(|r| enabled(r)) {
        if let Some(check) = rule.check {
            let from = out.len();
            check(ctx, out);
            node_support::merge_repeats(out, from);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_and_unique() {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in RULES {
            let doc = rule.documentation();
            assert!(doc.contains("## What it does"), "{} has no `## What it does`", rule.name);
            assert!(doc.contains("## Why is this bad?"), "{} has no `## Why is this bad?`", rule.name);
            assert!(doc.contains("## Example"), "{} has no `## Example`", rule.name);
            assert!(
                doc.contains("Applies to:"),
                "{} does not say which versions and providers it applies to",
                rule.name
            );
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.name);
            assert!(!rule.summary.ends_with('.'), "{}: summary ends with a period", rule.name);
        }
    }

    /// `{:?}` of a rule (in a diagnostic's debug output) is its name, not its whole table entry.
    #[test]
    fn a_rule_debugs_as_its_name() {
        assert_eq!(format!("{:?}", RULES[0]), format!("Rule {{ name: {:?} }}", RULES[0].name));
    }
}
