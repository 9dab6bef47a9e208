//! What `cyclelint show` prints: each effective node, every attribute with where its value came
//! from, and how its image is resolved. Front ends render this model; they add no facts of their own.
//!
//! Lines are 1-based and computed here, through [`LineIndex`], because this model is a report.

use serde::Serialize;

use crate::effective::{effective_nodes, EffectiveNode, Parameters, Resolved, Via};
use crate::model::Template;
use crate::node_image::{literal, Form, ImageNameKind, NodeImage, MARKETPLACE_KEYS};
use crate::registry::{Origin, Registry, Selection};
use crate::span::LineIndex;

/// One node or nodearray after inheritance.
#[derive(Debug, Serialize)]
pub struct NodeReport {
    pub name: String,
    /// `node` or `nodearray`.
    pub kind: &'static str,
    pub line: usize,
    /// `Abstract = true`: only inherited from, never launched.
    pub is_abstract: bool,
    /// `[[node defaults]]` itself.
    pub is_defaults: bool,
    /// The sections applied, in order: `defaults`, the bases, the node itself.
    pub chain: Vec<String>,
    pub attributes: Vec<AttributeReport>,
    pub image: ImageReport,
}

/// One effective attribute.
#[derive(Debug, Serialize)]
pub struct AttributeReport {
    pub key: String,
    /// The value as written.
    pub value: String,
    pub line: usize,
    pub from: Source,
    /// What the value means once parameters are looked up.
    pub resolved: ResolvedReport,
}

/// Where an effective attribute was written.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Source {
    /// In the node itself.
    Own,
    /// In `[[node defaults]]`.
    Defaults,
    /// In a base named by `Extends` (directly or through the base's own `Extends`).
    Extends { base: String },
}

/// A value after looking up parameters.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ResolvedReport {
    Literal,
    ParameterDefault { parameter: String, value: String, line: usize },
    ParameterWithoutDefault { parameter: String },
    UnknownParameter,
    Computed,
    Undefined,
}

/// How the node's image is chosen.
#[derive(Debug, Serialize)]
pub struct ImageReport {
    /// Every image form set after inheritance, in precedence order.
    pub forms: Vec<Form>,
    /// The one CycleCloud uses (`ImageId` first, then `ImageName`, `Image`, marketplace).
    pub winner: Option<Form>,
    /// The winning value (for a marketplace image, `publisher:offer:sku:version`).
    pub value: Option<String>,
    /// What the winning value is and what CycleCloud does with it.
    pub explanation: String,
    /// The registry lookup, when the image is a registry package.
    pub registry: Option<RegistryReport>,
}

/// A registry lookup for `az` and the node's region.
#[derive(Debug, Serialize)]
pub struct RegistryReport {
    pub key: String,
    pub image_version: Option<String>,
    pub region: Option<String>,
    pub outcome: Outcome,
}

#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Outcome {
    /// A built-in image: no versions or artifacts are known; available everywhere.
    Builtin {
        package: String,
        os: Option<String>,
    },
    Found {
        package: String,
        version: String,
        os: Option<String>,
        artifact: Option<String>,
        image_id: Option<String>,
        /// Where the package record is (`path:line`).
        defined_at: Option<String>,
    },
    UnknownImage,
    NoMatchingVersion {
        available: Vec<String>,
    },
    NoArtifact {
        package: String,
        version: String,
        regions_available: Vec<String>,
    },
}

/// Every node of `template` (or only `only`, case-insensitively), explained.
pub fn explain(template: &Template, source: &str, registry: &Registry, only: Option<&str>) -> Vec<NodeReport> {
    let index = LineIndex::new(source);
    let line = |offset: usize| index.line_of(offset) + 1;
    let params = Parameters::of(template);
    effective_nodes(template)
        .iter()
        .filter(|n| only.is_none_or(|o| n.name().eq_ignore_ascii_case(o)))
        .map(|node| NodeReport {
            name: node.name().to_string(),
            kind: node.section.kind.keyword(),
            line: line(node.section.header_span.start()),
            is_abstract: node.is_abstract,
            is_defaults: node.is_defaults,
            chain: node.chain.iter().map(|&id| template.section(id).display_name().to_string()).collect(),
            attributes: attributes(node, &params, source, &line),
            image: image(node, &params, source, registry),
        })
        .collect()
}

fn attributes(
    node: &EffectiveNode,
    params: &Parameters,
    source: &str,
    line: &dyn Fn(usize) -> usize,
) -> Vec<AttributeReport> {
    node.attributes
        .iter()
        .map(|a| {
            let value = &a.attribute.value;
            let resolved = match params.resolve(value) {
                Resolved::Literal(_) => ResolvedReport::Literal,
                Resolved::ParameterDefault { parameter, value } => ResolvedReport::ParameterDefault {
                    parameter: parameter.display_name().to_string(),
                    value: literal(source, value).unwrap_or_else(|| text(source, value.span)),
                    line: line(value.span.start()),
                },
                Resolved::ParameterWithoutDefault { parameter } => {
                    ResolvedReport::ParameterWithoutDefault { parameter: parameter.display_name().to_string() }
                }
                Resolved::UnknownParameter => ResolvedReport::UnknownParameter,
                Resolved::Computed => ResolvedReport::Computed,
                Resolved::Undefined => ResolvedReport::Undefined,
            };
            AttributeReport {
                key: a.attribute.key.text.to_string(),
                value: text(source, value.span),
                line: line(a.attribute.span().start()),
                from: match a.via {
                    Via::Own => Source::Own,
                    Via::Defaults => Source::Defaults,
                    Via::Extends => Source::Extends { base: a.section.display_name().to_string() },
                },
                resolved,
            }
        })
        .collect()
}

fn image(node: &EffectiveNode, params: &Parameters, source: &str, registry: &Registry) -> ImageReport {
    let image = NodeImage::of(node, params, source);
    let winner = image.winner();
    let known =
        |s: &Option<Box<crate::node_image::Setting>>| s.as_ref().and_then(|s| s.text()).map(|t| t.trim().to_string());
    let value = match winner {
        Some(Form::ImageId) => known(&image.image_id),
        Some(Form::ImageName) => known(&image.image_name),
        Some(Form::Image) => known(&image.image),
        Some(Form::Marketplace) => {
            let parts: Vec<String> = image.marketplace.iter().map(|s| known(s).unwrap_or_else(|| "?".into())).collect();
            Some(parts.join(":"))
        }
        None => None,
    };
    let explanation = match (winner, &value) {
        (None, _) if node.is_launchable() => "no image: the node cannot be launched".to_string(),
        (None, _) => "no image (this section is not launched itself)".to_string(),
        (Some(form), None) => {
            format!("{} is set but only known at launch (a parameter without a default, or `${{…}}`)", form.describe())
        }
        (Some(Form::ImageId), Some(_)) => "`ImageId` is a provider image id, used as it is".to_string(),
        (Some(Form::Marketplace), Some(_)) => {
            let missing: Vec<&str> =
                MARKETPLACE_KEYS.iter().zip(&image.marketplace).filter(|(_, s)| s.is_none()).map(|(k, _)| *k).collect();
            if missing.is_empty() {
                "a marketplace image (`Azure.Publisher`, `Azure.Offer`, `Azure.Sku`, `Azure.ImageVersion`)".to_string()
            } else {
                format!("an incomplete marketplace image: {} missing", missing.join(", "))
            }
        }
        (Some(Form::ImageName), Some(v)) => match ImageNameKind::of(v) {
            ImageNameKind::ResourceId => "`ImageName` is a resource id, used as it is".to_string(),
            ImageNameKind::Urn => "`ImageName` is a marketplace URN".to_string(),
            ImageNameKind::Package => "`ImageName` names an image-registry package".to_string(),
        },
        (Some(Form::Image), Some(_)) => "`Image` is the label of an image-registry package".to_string(),
    };
    let registry = image.lookup(registry).map(|lookup| RegistryReport {
        key: lookup.key.clone(),
        image_version: known(&image.image_version),
        region: lookup.region.clone(),
        outcome: match &lookup.selection {
            Selection::UnknownImage => Outcome::UnknownImage,
            Selection::NoMatchingVersion { available } => {
                Outcome::NoMatchingVersion { available: available.iter().map(ToString::to_string).collect() }
            }
            Selection::NoArtifact { package, version, regions_available } => Outcome::NoArtifact {
                package: package.name.clone(),
                version: version.to_string(),
                regions_available: regions_available.clone(),
            },
            Selection::Found { package, .. } if package.origin == Origin::Builtin => {
                Outcome::Builtin { package: package.name.clone(), os: package.os.map(|o| o.to_string()) }
            }
            Selection::Found { package, artifact } => Outcome::Found {
                package: package.name.clone(),
                version: package.version_text.clone(),
                os: package.os.map(|o| o.to_string()),
                artifact: artifact.map(|a| a.name.clone()),
                image_id: artifact.and_then(|a| a.image_id.clone()),
                defined_at: match &package.origin {
                    Origin::File { path, record_index, .. } => {
                        Some(format!("{} (record {})", path.display(), record_index + 1))
                    }
                    Origin::Builtin => None,
                },
            },
        },
    });
    ImageReport { forms: image.forms(), winner, value, explanation, registry }
}

fn text(source: &str, span: crate::span::Span) -> String {
    source.get(span.range()).unwrap_or_default().trim().to_string()
}
