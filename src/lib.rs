//! cyclelint: a fast, exact linter for Azure CycleCloud cluster templates and image registries.
//!
//! Data flows one way: text → [`syntax`] (pest, lowering) → [`model`] → [`rules`] → report →
//! front ends. See `docs/ARCHITECTURE.md`.

pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod effective;
pub mod explain_node;
pub mod fix;
pub mod format;
pub mod fsutil;
pub mod image;
pub mod knowledge;
pub mod lint;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod model;
pub mod node_image;
pub mod projects;
pub mod registry;
pub mod report;
pub mod rules;
pub mod span;
pub mod suppress;
pub mod syntax;
pub mod target;
