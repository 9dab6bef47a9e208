//! `cyclelint show FILE [--node NAME] [--registry PATH…] [--format human|json]`: each effective
//! node, where each attribute came from, and how its image is resolved. Renders
//! `cyclelint::explain_node`; it adds no facts of its own.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use cyclelint::explain_node::{explain, NodeReport, ResolvedReport, Source};
use cyclelint::lint::decode;
use cyclelint::registry::{self, Registry};
use cyclelint::syntax;

use super::{error, print, EXIT_OK, EXIT_USAGE};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The template to explain.
    file: PathBuf,
    /// Only this node or nodearray (case-insensitive).
    #[arg(long, value_name = "NAME")]
    node: Option<String>,
    /// An image registry: a record file (`*.txt`), a JSON file (`*.json`) or a folder of them.
    /// Repeatable.
    #[arg(long, value_name = "PATH")]
    registry: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

pub fn run(args: ShowArgs) -> u8 {
    let mut registry = Registry::builtin();
    let (_, load_errors) = registry::load::load(&args.registry, &mut registry);
    if !load_errors.is_empty() {
        for e in load_errors {
            error(format!("cannot use registry `{}`: {}", e.path.display(), e.message));
        }
        return EXIT_USAGE;
    }
    let shown = args.file.display().to_string();
    let bytes = match cyclelint::fsutil::read_file(&args.file, cyclelint::fsutil::DEFAULT_MAX_FILE_SIZE) {
        Ok(b) => b,
        Err(e) => {
            error(format!("cannot read `{shown}`: {e}"));
            return EXIT_USAGE;
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(d) => {
            error(format!("`{shown}`: {}", d.message));
            return EXIT_USAGE;
        }
    };
    let parsed = syntax::parse(&text);
    let nodes = explain(&parsed.template, &text, &registry, args.node.as_deref());
    if let (Some(name), true) = (&args.node, nodes.is_empty()) {
        error(format!("`{shown}` has no node or nodearray `{name}`"));
        return EXIT_USAGE;
    }
    match args.format {
        Format::Json => print(&(serde_json::to_string_pretty(&nodes).expect("report serialises") + "\n")),
        Format::Human => print(&human(&shown, &nodes)),
    }
    EXIT_OK
}

fn human(path: &str, nodes: &[NodeReport]) -> String {
    let mut out = String::new();
    for node in nodes {
        let mut flags = Vec::new();
        if node.is_defaults {
            flags.push("defaults");
        }
        if node.is_abstract {
            flags.push("abstract, not launched");
        }
        let flags = if flags.is_empty() { String::new() } else { format!(" ({})", flags.join(", ")) };
        let _ = writeln!(out, "{} {}{flags}  {path}:{}", node.kind, node.name, node.line);
        if node.chain.len() > 1 {
            let _ = writeln!(out, "  inherits: {}", node.chain.join(" → "));
        }
        let width = node.attributes.iter().map(|a| a.key.len()).max().unwrap_or(0);
        for a in &node.attributes {
            let from = match &a.from {
                Source::Own => format!("{path}:{}", a.line),
                Source::Defaults => format!("defaults, {path}:{}", a.line),
                Source::Extends { base } => format!("Extends = {base}, {path}:{}", a.line),
            };
            let resolved = match &a.resolved {
                ResolvedReport::Literal => String::new(),
                ResolvedReport::ParameterDefault { parameter, value, line } => {
                    format!(" → `{value}` (default of parameter `{parameter}`, {path}:{line})")
                }
                ResolvedReport::ParameterWithoutDefault { parameter } => {
                    format!(" → set at import or in the UI (parameter `{parameter}` has no default)")
                }
                ResolvedReport::UnknownParameter => " → no such parameter".to_string(),
                ResolvedReport::Computed => " → computed at launch".to_string(),
                ResolvedReport::Undefined => " → undefined".to_string(),
            };
            let _ = writeln!(out, "  {:width$} = {}{resolved}  [{from}]", a.key, a.value);
        }
        let image = &node.image;
        let _ = write!(out, "  image: ");
        match (&image.winner, &image.value) {
            (Some(_), Some(v)) => {
                let _ = writeln!(out, "`{v}`: {}", image.explanation);
            }
            _ => {
                let _ = writeln!(out, "{}", image.explanation);
            }
        }
        if image.forms.len() > 1 {
            let forms: Vec<String> = image.forms.iter().map(|f| f.describe().to_string()).collect();
            let _ = writeln!(out, "    also set, ignored: {}", forms[1..].join(", "));
        }
        if let Some(r) = &image.registry {
            let _ = writeln!(out, "    registry lookup: {}", r.query());
            let _ = writeln!(out, "    → {}", r.outcome);
        }
        out.push('\n');
    }
    out
}
