//! What a template targets: the CycleCloud version it is checked against (`cyclecloud-version` in
//! `cyclelint.toml`) and the cloud provider it is written for, inferred from the template.
//!
//! CycleCloud 6 and 7 managed AWS, Azure and Google Cloud; CycleCloud 8 manages Azure only. A
//! template written for AWS (an `ami-…` image id, `KeyPair`, `SecurityGroups`, `AWS.*` parameter
//! types, `Config.Provider = AWS`) imported and ran on CycleCloud 7: the Azure requirements
//! (`SubnetId` in `resource-group/vnet/subnet` form, `ImageOS` for a custom image) do not apply
//! to it. A template that switches on the provider (`CloudProvider` in an expression) or that
//! shows markers of several providers is multi-cloud and is checked as today.

use std::fmt;

use crate::model::{ExprKind, Section, SectionKind, Template, Value, ValueKind};
use crate::span::Span;

/// A CycleCloud release, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CycleCloudVersion {
    pub major: u32,
    pub minor: u32,
}

impl CycleCloudVersion {
    /// The current release: the default when `cyclecloud-version` is not set.
    pub const CURRENT: CycleCloudVersion = CycleCloudVersion { major: 8, minor: 7 };

    pub const fn new(major: u32, minor: u32) -> CycleCloudVersion {
        CycleCloudVersion { major, minor }
    }

    /// Whether this release manages providers other than Azure (before 8.0).
    pub fn is_multi_cloud(self) -> bool {
        self.major < 8
    }
}

impl Default for CycleCloudVersion {
    fn default() -> Self {
        CycleCloudVersion::CURRENT
    }
}

impl std::str::FromStr for CycleCloudVersion {
    type Err = String;

    /// `8`, `7.9`, `8.6.2` (the patch level is ignored).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.trim().split('.');
        let number = |p: Option<&str>| p.map(|p| p.parse::<u32>().map_err(|_| ())).transpose();
        let bad = || format!("`{text}` is not a CycleCloud version such as `8.7` or `7.9`");
        let major = number(parts.next()).map_err(|_| bad())?.ok_or_else(bad)?;
        let minor = number(parts.next()).map_err(|_| bad())?.unwrap_or(0);
        number(parts.next()).map_err(|_| bad())?;
        if parts.next().is_some() || !(1..=99).contains(&major) {
            return Err(bad());
        }
        Ok(CycleCloudVersion { major, minor })
    }
}

impl fmt::Display for CycleCloudVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A cloud provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    Azure,
    Aws,
    Gcp,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Azure => "Azure",
            Provider::Aws => "AWS",
            Provider::Gcp => "Google Cloud",
        }
    }

    fn parse(text: &str) -> Option<Provider> {
        match text.trim().to_ascii_lowercase().as_str() {
            "azure" | "az" => Some(Provider::Azure),
            "aws" | "amazon" => Some(Provider::Aws),
            "gcp" | "gce" | "google" => Some(Provider::Gcp),
            _ => None,
        }
    }
}

/// One line that shows which provider a template is written for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub provider: Provider,
    pub span: Span,
    /// What was seen, for a label: "`ami-…` image id", "`KeyPair`".
    pub what: String,
    /// Seen on a node, nodearray or cluster (not only in a parameter's definition).
    pub on_node: bool,
}

/// The providers a template shows signs of.
#[derive(Clone, Debug, Default)]
pub struct ProviderInfo {
    /// In file order.
    pub markers: Vec<Marker>,
    /// The template switches on the provider (`CloudProvider` in an expression).
    pub switches: bool,
}

impl ProviderInfo {
    /// The one provider the template is written for when it is not Azure: markers of exactly one
    /// other provider, none of Azure, and no switch on the provider. One marker in a parameter's
    /// definition alone (a leftover `AWS.KeyPair` parameter) is not enough: it takes a marker on
    /// a node or at least two.
    pub fn non_azure_only(&self) -> Option<Provider> {
        if self.switches || (self.markers.len() < 2 && !self.markers.iter().any(|m| m.on_node)) {
            return None;
        }
        let first = self.markers.first()?.provider;
        (first != Provider::Azure && self.markers.iter().all(|m| m.provider == first)).then_some(first)
    }

    /// Whether the Azure-only requirements apply: not a template written for another provider.
    pub fn azure_applies(&self) -> bool {
        self.non_azure_only().is_none()
    }

    /// Infers the providers of `template`.
    pub fn of(template: &Template) -> ProviderInfo {
        let mut info = ProviderInfo::default();
        for section in &template.sections {
            for attribute in &section.attributes {
                let key = &*attribute.key.lookup();
                let value = &attribute.value;
                info.switches |= mentions_cloud_provider(value);
                let on_node = is_node_level(section);
                let mut push = |provider: Provider, what: String| {
                    info.markers.push(Marker { provider, span: attribute.span(), what, on_node });
                };
                match key {
                    "config.provider" | "cloudprovider" | "provider"
                        if (key == "config.provider") == (section.kind == SectionKind::Parameter)
                            && (key == "config.provider" || is_node_level(section)) =>
                    {
                        if let Some(p) = text(value).and_then(Provider::parse) {
                            push(p, format!("`{} = {}`", attribute.key.text, text(value).unwrap_or_default().trim()));
                        }
                    }
                    "parametertype" => {
                        if let Some(t) = text(value) {
                            let lower = t.trim().to_ascii_lowercase();
                            let provider = if lower.starts_with("aws.") {
                                Some(Provider::Aws)
                            } else if lower.starts_with("gcp.") || lower.starts_with("gce.") {
                                Some(Provider::Gcp)
                            } else if lower.starts_with("azure.") {
                                Some(Provider::Azure)
                            } else {
                                None
                            };
                            if let Some(p) = provider {
                                push(p, format!("parameter type `{}`", t.trim()));
                            }
                        }
                    }
                    _ if is_node_level(section) => {
                        if key == "keypair" || key == "securitygroups" || key.starts_with("aws.") {
                            push(Provider::Aws, format!("`{}`", attribute.key.text));
                        } else if key.starts_with("gcp.") || key.starts_with("gce.") {
                            push(Provider::Gcp, format!("`{}`", attribute.key.text));
                        } else if key.starts_with("azure.") {
                            push(Provider::Azure, format!("`{}`", attribute.key.text));
                        } else if matches!(key, "imageid" | "imagename") {
                            match text(value).map(str::trim) {
                                Some(id) if is_ami(id) => push(Provider::Aws, format!("`ami-…` image id `{id}`")),
                                Some(id) if is_azure_resource_id(id) => {
                                    push(Provider::Azure, "an Azure resource id".to_string())
                                }
                                _ => {}
                            }
                        }
                    }
                    "defaultvalue" if section.kind == SectionKind::Parameter => {
                        if let Some(id) = text(value).map(str::trim).filter(|t| is_ami(t)) {
                            push(Provider::Aws, format!("`ami-…` image id `{id}`"));
                        }
                    }
                    _ => {}
                }
            }
        }
        info
    }
}

/// Nodes, nodearrays and the cluster: where an image or key pair is set.
fn is_node_level(section: &Section) -> bool {
    section.kind.is_node_like() || section.kind == SectionKind::Cluster
}

/// `ami-` followed by 8 or 17 hexadecimal digits: an AWS machine image id.
pub fn is_ami(text: &str) -> bool {
    text.strip_prefix("ami-")
        .is_some_and(|hex| matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `/subscriptions/…`: an Azure resource id.
pub fn is_azure_resource_id(text: &str) -> bool {
    text.trim().get(..15).is_some_and(|p| p.eq_ignore_ascii_case("/subscriptions/"))
}

/// The literal text of a string value.
fn text(value: &Value) -> Option<&str> {
    match &value.kind {
        ValueKind::String { text, .. } => Some(text),
        ValueKind::Expression(e) => match &e.kind {
            ExprKind::String { value } => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// Whether an expression refers to `CloudProvider` (a multi-cloud switch).
fn mentions_cloud_provider(value: &Value) -> bool {
    let mut found = false;
    value.walk_exprs(&mut |e| {
        if let ExprKind::Reference { name } = &e.kind {
            found |= name.is("cloudprovider") || name.is("provider");
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse() {
        assert_eq!("7.9".parse::<CycleCloudVersion>(), Ok(CycleCloudVersion::new(7, 9)));
        assert_eq!("8".parse::<CycleCloudVersion>(), Ok(CycleCloudVersion::new(8, 0)));
        assert_eq!("8.6.2".parse::<CycleCloudVersion>(), Ok(CycleCloudVersion::new(8, 6)));
        assert!("eight".parse::<CycleCloudVersion>().is_err());
        assert!("8.x".parse::<CycleCloudVersion>().is_err());
        assert!("".parse::<CycleCloudVersion>().is_err());
        assert!(CycleCloudVersion::new(7, 7) < CycleCloudVersion::new(7, 10));
    }

    #[test]
    fn ami_ids() {
        assert!(is_ami("ami-0abcdef1234567890"));
        assert!(is_ami("ami-12345678"));
        assert!(!is_ami("ami-xyz"));
        assert!(!is_ami("cycle.image.centos7"));
    }

    fn info(text: &str) -> ProviderInfo {
        let parsed = crate::syntax::parse(text);
        ProviderInfo::of(&parsed.template)
    }

    #[test]
    fn infers_aws_only_and_multi_cloud() {
        let aws = "[cluster a]\n[[node x]]\nImageId = ami-12345678\nKeyPair = $KeyPair\n";
        assert_eq!(info(aws).non_azure_only(), Some(Provider::Aws));
        let both = "[cluster a]\n[[node x]]\nKeyPair = k\nAzure.Publisher = OpenLogic\n";
        assert_eq!(info(both).non_azure_only(), None);
        let switch = "[cluster a]\n[[node x]]\nKeyPair = k\nInstallJetpack := CloudProvider === \"AWS\"\n";
        assert_eq!(info(switch).non_azure_only(), None);
        let azure = "[cluster a]\n[[node x]]\nImageName = cycle.image.ubuntu22\n";
        assert_eq!(info(azure).non_azure_only(), None);
        assert!(info(azure).markers.is_empty());
        let leftover = "[cluster a]\n[[[parameter K]]]\nParameterType = AWS.KeyPair\n";
        assert_eq!(info(leftover).non_azure_only(), None);
    }
}
