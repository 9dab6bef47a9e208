//! `cyclelint rules` and `cyclelint explain RULE`.

use clap::{Args, ValueEnum};

use cyclelint::diagnostic::did_you_mean;
use cyclelint::report;
use cyclelint::rules::{self, RULES};

use super::{error, print, EXIT_OK, EXIT_USAGE};

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// One line per rule: name, default severity, summary.
    Text,
    /// `[{name, severity, summary, documentation}]`.
    Json,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: RulesFormat,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule's name, as `cyclelint rules` lists it.
    rule: String,
}

pub fn rules(args: RulesArgs) -> u8 {
    print(&match args.format {
        RulesFormat::Text => report::rules::table(),
        RulesFormat::Json => report::rules::json(),
    });
    EXIT_OK
}

pub fn explain(args: ExplainArgs) -> u8 {
    match rules::find(&args.rule) {
        Some(rule) => {
            print(&report::rules::explain(rule));
            EXIT_OK
        }
        None => {
            let mut message = format!("unknown rule `{}`", args.rule);
            if let Some(help) = did_you_mean(&args.rule, RULES.iter().map(|r| r.name)) {
                message.push_str(&format!(": {help}"));
            }
            error(message);
            EXIT_USAGE
        }
    }
}
