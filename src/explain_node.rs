//! What `cyclelint show` prints: each effective node, every attribute with where its value came
//! from, and how its image is resolved. Front ends render this model; they add no facts of their own.
//!
//! Lines are 1-based and computed here, through [`LineIndex`], because this model is a report.

use serde::Serialize;

use crate::effective::{effective_nodes, EffectiveNode, Parameters, Resolved, Via};
use crate::model::Template;
use crate::node_image::{literal, Form, ImageNameKind, NodeImage, AZURE_PROVIDER, MARKETPLACE_KEYS};
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

impl RegistryReport {
    /// What was looked up: `` `key`, `ImageVersion = 1.x`, provider `az`, region `eastus` ``.
    pub fn query(&self) -> String {
        let version = self
            .image_version
            .as_deref()
            .map_or("the highest version".to_string(), |v| format!("`ImageVersion = {v}`"));
        let region = self.region.as_deref().map_or("any region".to_string(), |r| format!("region `{r}`"));
        format!("`{}`, {version}, provider `{AZURE_PROVIDER}`, {region}", self.key)
    }
}

impl std::fmt::Display for Outcome {
    /// The lookup's outcome in one line, as `show` and the editor's hover say it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let os = |os: &Option<String>| os.as_deref().map_or(String::new(), |o| format!(" ({o})"));
        match self {
            Outcome::Builtin { package, os: o } => {
                write!(f, "built-in image `{package}`{}: available in every region", os(o))
            }
            Outcome::Found { package, version, os: o, artifact, image_id, defined_at } => write!(
                f,
                "package `{package}` version `{version}`{}, artifact `{}` → `{}`{}",
                os(o),
                artifact.as_deref().unwrap_or("?"),
                image_id.as_deref().unwrap_or("?"),
                defined_at.as_deref().map_or(String::new(), |d| format!(" [{d}]"))
            ),
            Outcome::UnknownImage => f.write_str("no package has this name or label"),
            Outcome::NoMatchingVersion { available } => {
                write!(f, "no version matches; the registry holds {}", available.join(", "))
            }
            Outcome::NoArtifact { package, version, regions_available } => {
                write!(f, "package `{package}` version `{version}` has no `{AZURE_PROVIDER}` artifact here")?;
                if !regions_available.is_empty() {
                    write!(f, " (artifacts in {})", regions_available.join(", "))?;
                }
                Ok(())
            }
        }
    }
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
            chain: node.chain().map(|id| template.section(id).display_name().to_string()).collect(),
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
    node.attributes()
        .iter()
        .map(|a| {
            let value = &a.attribute.value;
            let resolved = match params.resolve(value) {
                Resolved::Literal(_) => ResolvedReport::Literal,
                Resolved::ParameterDefault { parameter, value } => ResolvedReport::ParameterDefault {
                    parameter: parameter.display_name().to_string(),
                    value: literal(source, value).map_or_else(|| text(source, value.span), str::to_string),
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
    let known = |s: Option<&crate::node_image::Setting>| s.and_then(|s| s.text()).map(|t| t.trim().to_string());
    let value = match winner {
        Some(Form::ImageId) => known(image.image_id()),
        Some(Form::ImageName) => known(image.image_name()),
        Some(Form::Image) => known(image.image()),
        Some(Form::Marketplace) => {
            let parts: Vec<String> =
                image.marketplace().into_iter().map(|s| known(s).unwrap_or_else(|| "?".into())).collect();
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
            let missing: Vec<&str> = MARKETPLACE_KEYS
                .iter()
                .zip(image.marketplace())
                .filter(|(_, s)| s.is_none())
                .map(|(k, _)| *k)
                .collect();
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
        image_version: known(image.image_version()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_outcomes_read_as_one_line() {
        let report = |image_version: Option<&str>, region: Option<&str>, outcome| RegistryReport {
            key: "custom.image".to_string(),
            image_version: image_version.map(str::to_string),
            region: region.map(str::to_string),
            outcome,
        };
        let r = report(None, None, Outcome::UnknownImage);
        assert_eq!(r.query(), "`custom.image`, the highest version, provider `az`, any region");
        assert_eq!(r.outcome.to_string(), "no package has this name or label");
        let r = report(Some("1.x"), Some("eastus"), Outcome::Builtin { package: "p".into(), os: Some("linux".into()) });
        assert_eq!(r.query(), "`custom.image`, `ImageVersion = 1.x`, provider `az`, region `eastus`");
        assert_eq!(r.outcome.to_string(), "built-in image `p` (linux): available in every region");
        let found = Outcome::Found {
            package: "p".into(),
            version: "1.0".into(),
            os: None,
            artifact: Some("az/eastus".into()),
            image_id: None,
            defined_at: Some("r.txt:3".into()),
        };
        assert_eq!(found.to_string(), "package `p` version `1.0`, artifact `az/eastus` → `?` [r.txt:3]");
        let versions = Outcome::NoMatchingVersion { available: vec!["1.0".into(), "2.0".into()] };
        assert_eq!(versions.to_string(), "no version matches; the registry holds 1.0, 2.0");
        let none = |regions: &[&str]| {
            Outcome::NoArtifact {
                package: "p".into(),
                version: "1.0".into(),
                regions_available: regions.iter().map(|r| r.to_string()).collect(),
            }
            .to_string()
        };
        assert_eq!(none(&[]), "package `p` version `1.0` has no `az` artifact here");
        assert_eq!(
            none(&["westus", "eastus"]),
            "package `p` version `1.0` has no `az` artifact here (artifacts in westus, eastus)"
        );
    }
}
