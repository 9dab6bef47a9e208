//! A node's image as CycleCloud resolves it: which image forms are set after inheritance, which one
//! wins, and which registry package, version and artifact it names.
//!
//! Shared by the image rules and by `cyclelint show`, so both tell the same story.
//!
//! Decisions where the documentation is silent:
//! - Precedence: `ImageId` wins ("`ImageId` is used by default if multiple image definitions are
//!   included in a single node definition"); then `ImageName`, then `Image`, then the marketplace
//!   attributes (`Azure.Publisher`, `Azure.Offer`, `Azure.Sku`, `Azure.ImageVersion`).
//! - An `ImageName` that starts with `/` is a resource id, one with `:` is a marketplace URN;
//!   anything else is a registry package name.
//! - A value that is `${…}`, `:=`, interpolated, or a `$Param` without a literal default counts as
//!   set but is [`Lit::Unknown`]: nothing is checked about it.
//! - `Key =` with nothing after it, and `undefined`, count as not set.

use serde::Serialize;

use crate::effective::{EffectiveAttribute, EffectiveNode, Parameters, Resolved};
use crate::model::{ExprKind, Section, Value, ValueKind};
use crate::registry::{Os, Registry, Selection, VersionSpec};
use crate::span::Span;

/// The provider of every Azure node.
pub const AZURE_PROVIDER: &str = "az";

/// One way of naming a node's image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    ImageId,
    ImageName,
    Image,
    /// `Azure.Publisher`, `Azure.Offer`, `Azure.Sku`, `Azure.ImageVersion`.
    Marketplace,
}

impl Form {
    /// In precedence order: the first one set wins.
    pub const ALL: [Form; 4] = [Form::ImageId, Form::ImageName, Form::Image, Form::Marketplace];

    /// How the form is written, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Form::ImageId => "`ImageId`",
            Form::ImageName => "`ImageName`",
            Form::Image => "`Image`",
            Form::Marketplace => "the marketplace image (`Azure.Publisher`, …)",
        }
    }
}

/// The four marketplace attributes, in the order the product page lists them.
pub const MARKETPLACE_KEYS: [&str; 4] = ["Azure.Publisher", "Azure.Offer", "Azure.Sku", "Azure.ImageVersion"];

/// What an `ImageName` value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageNameKind {
    /// `/subscriptions/…`: a managed or gallery image.
    ResourceId,
    /// `publisher:offer:sku[:version]`.
    Urn,
    /// A registry package name (`cycle.image.ubuntu22`, `almalinux8`, a custom name).
    Package,
}

impl ImageNameKind {
    pub fn of(text: &str) -> ImageNameKind {
        let text = text.trim();
        if text.starts_with('/') {
            ImageNameKind::ResourceId
        } else if text.contains(':') {
            ImageNameKind::Urn
        } else {
            ImageNameKind::Package
        }
    }
}

/// A value once parameters are looked up.
#[derive(Clone, Debug)]
pub enum Lit<'t> {
    /// A literal, written in place or as the `DefaultValue` of the `$Param` the attribute names.
    Text {
        /// Borrowed from the model (or the source, for a number as written): nothing is copied
        /// for the image settings of every node of a file.
        text: &'t str,
        /// Where the literal is written (the attribute's value, or the parameter's default).
        span: Span,
        /// The parameter whose default this is.
        parameter: Option<&'t Section>,
    },
    /// Set, but not known before launch: `${…}`, a `$Param` without a literal default.
    Unknown,
}

/// One image-related attribute of an effective node.
#[derive(Clone, Debug)]
pub struct Setting<'t> {
    pub attr: EffectiveAttribute<'t>,
    pub value: Lit<'t>,
}

impl Setting<'_> {
    /// The literal text, when known.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Lit::Text { text, .. } => Some(text),
            Lit::Unknown => None,
        }
    }

    /// Where the literal is written, or the attribute's value when it is not known.
    pub fn value_span(&self) -> Span {
        match &self.value {
            Lit::Text { span, .. } => *span,
            Lit::Unknown => self.attr.attribute.value.span,
        }
    }
}

/// The attribute `key` of `node` (case-insensitive) with its value resolved; `None` when it is
/// not set, empty or `undefined`.
pub fn setting<'t>(
    node: &EffectiveNode<'t>,
    params: &Parameters<'t>,
    source: &'t str,
    key: &str,
) -> Option<Setting<'t>> {
    let attr = node.get(key)?;
    let value = match params.resolve(&attr.attribute.value) {
        Resolved::Literal(v) => Lit::Text { text: literal(source, v)?, span: v.span, parameter: None },
        Resolved::ParameterDefault { parameter, value } => match literal(source, value) {
            Some(text) => Lit::Text { text, span: value.span, parameter: Some(parameter) },
            None => Lit::Unknown,
        },
        Resolved::ParameterWithoutDefault { .. } | Resolved::UnknownParameter | Resolved::Computed => Lit::Unknown,
        Resolved::Undefined => return None,
    };
    if matches!(&value, Lit::Text { text, .. } if text.trim().is_empty()) {
        return None;
    }
    Some(Setting { attr, value })
}

/// The text of a literal scalar. Numbers and booleans are taken from the source as written, so
/// that `ImageVersion = 1.10` stays `1.10`; a string expression (`:= "x"`) is its string; an
/// empty value is the empty text. Lists and other computed values have no text.
pub fn literal<'a>(source: &'a str, value: &'a Value) -> Option<&'a str> {
    match &value.kind {
        ValueKind::String { text, .. } => Some(text),
        ValueKind::Expression(e) => match &e.kind {
            ExprKind::String { value } => Some(value),
            _ => None,
        },
        ValueKind::Integer(_) | ValueKind::Float(_) | ValueKind::Boolean(_) => {
            source.get(value.span.range()).map(str::trim)
        }
        ValueKind::Empty => Some(""),
        _ => None,
    }
}

/// The image attributes of one effective node. The struct is held for every node of the file,
/// and a node sets two or three of the eleven: only those are stored, in one list (24 bytes and
/// the settings, where eleven boxed options took 88 and a box each).
#[derive(Debug)]
pub struct NodeImage<'t> {
    /// Bit `i` is set when [`NodeImage::KEYS`]`[i]` is; the settings are in that order.
    present: u16,
    settings: Box<[Setting<'t>]>,
}

/// The registry lookup for a node whose winning form is `ImageName` (a package name) or `Image`.
#[derive(Debug)]
pub struct RegistryLookup<'n, 't, 'r> {
    /// The `ImageName` or `Image` setting.
    pub by: &'n Setting<'t>,
    /// The package name or label looked up.
    pub key: String,
    /// The parsed `ImageVersion`, when it is a valid literal.
    pub spec: Option<VersionSpec>,
    /// The node's literal region, when known.
    pub region: Option<String>,
    pub selection: Selection<'r>,
}

impl<'t> NodeImage<'t> {
    /// The attributes kept, in the order of the bits of `present`. `ImageOS` is also spelt
    /// `ImageOs` (keys are case-insensitive).
    const KEYS: [&'static str; 11] = [
        "ImageId",
        "ImageName",
        "Image",
        MARKETPLACE_KEYS[0],
        MARKETPLACE_KEYS[1],
        MARKETPLACE_KEYS[2],
        MARKETPLACE_KEYS[3],
        "ImageVersion",
        "ImageOS",
        "Azure.OS",
        "Region",
    ];

    pub fn of(node: &EffectiveNode<'t>, params: &Parameters<'t>, source: &'t str) -> NodeImage<'t> {
        let mut present = 0;
        let mut settings = Vec::new();
        for (i, key) in Self::KEYS.iter().enumerate() {
            if let Some(setting) = setting(node, params, source, key) {
                present |= 1 << i;
                settings.push(setting);
            }
        }
        NodeImage { present, settings: settings.into_boxed_slice() }
    }

    /// The setting of `KEYS[i]`, when set.
    fn get(&self, i: usize) -> Option<&Setting<'t>> {
        let bit = 1u16 << i;
        (self.present & bit != 0).then(|| &self.settings[(self.present & (bit - 1)).count_ones() as usize])
    }

    pub fn image_id(&self) -> Option<&Setting<'t>> {
        self.get(0)
    }

    pub fn image_name(&self) -> Option<&Setting<'t>> {
        self.get(1)
    }

    pub fn image(&self) -> Option<&Setting<'t>> {
        self.get(2)
    }

    /// `Azure.Publisher`, `Azure.Offer`, `Azure.Sku`, `Azure.ImageVersion`, in that order.
    pub fn marketplace(&self) -> [Option<&Setting<'t>>; 4] {
        [3, 4, 5, 6].map(|i| self.get(i))
    }

    pub fn image_version(&self) -> Option<&Setting<'t>> {
        self.get(7)
    }

    /// `ImageOS` (also spelt `ImageOs`).
    pub fn image_os(&self) -> Option<&Setting<'t>> {
        self.get(8)
    }

    pub fn azure_os(&self) -> Option<&Setting<'t>> {
        self.get(9)
    }

    pub fn region(&self) -> Option<&Setting<'t>> {
        self.get(10)
    }

    /// Whether `form` is set (marketplace: any of its four attributes).
    pub fn has(&self, form: Form) -> bool {
        match form {
            Form::ImageId => self.image_id().is_some(),
            Form::ImageName => self.image_name().is_some(),
            Form::Image => self.image().is_some(),
            Form::Marketplace => (3..7).any(|i| self.get(i).is_some()),
        }
    }

    /// Every form set, in precedence order.
    pub fn forms(&self) -> Vec<Form> {
        Form::ALL.into_iter().filter(|&f| self.has(f)).collect()
    }

    /// The form CycleCloud uses.
    pub fn winner(&self) -> Option<Form> {
        Form::ALL.into_iter().find(|&f| self.has(f))
    }

    /// The literal `ImageName` kind, when `ImageName` is set and known.
    pub fn image_name_kind(&self) -> Option<ImageNameKind> {
        self.image_name()?.text().map(ImageNameKind::of)
    }

    /// The registry lookup CycleCloud makes for this node, when its winning form names a
    /// registry package (by name or label) with a known value.
    pub fn lookup<'n, 'r>(&'n self, registry: &'r Registry) -> Option<RegistryLookup<'n, 't, 'r>> {
        let by = match self.winner()? {
            Form::ImageName if self.image_name_kind() == Some(ImageNameKind::Package) => self.image_name()?,
            Form::Image => self.image()?,
            _ => return None,
        };
        let key = by.text()?.trim().to_string();
        let spec = self.image_version().and_then(|v| v.text()?.trim().parse::<VersionSpec>().ok());
        let region = self.region().and_then(|r| r.text()).map(|r| r.trim().to_string());
        let selection = registry.select(&key, spec.as_ref(), AZURE_PROVIDER, region.as_deref());
        Some(RegistryLookup { by, key, spec, region, selection })
    }
}

/// `linux` or `windows`, case-insensitively, with surrounding space ignored.
pub fn parse_os(text: &str) -> Option<Os> {
    text.trim().parse().ok()
}

/// The Jetpack platforms of the product page, with the spellings the node reference also accepts.
pub const JETPACK_PLATFORMS: &[&str] =
    &["windows", "centos-6", "centos-7", "ubuntu-14", "ubuntu-16", "ubuntu-14.04", "ubuntu-16.04"];

/// The OS family of a known Jetpack platform.
pub fn jetpack_platform_os(platform: &str) -> Option<Os> {
    let platform = platform.trim();
    if !JETPACK_PLATFORMS.iter().any(|p| p.eq_ignore_ascii_case(platform)) {
        return None;
    }
    Some(if platform.eq_ignore_ascii_case("windows") { Os::Windows } else { Os::Linux })
}

#[cfg(test)]
mod tests {
    use super::literal;

    /// The literal text of the first attribute of `text`'s first section.
    fn first(text: &str) -> Option<String> {
        let parsed = crate::syntax::parse(text);
        let attribute = &parsed.template.sections[0].attributes[0];
        literal(text, &attribute.value).map(str::to_string)
    }

    #[test]
    fn literals_are_the_text_as_written() {
        assert_eq!(first("[node n]\nImageName = cycle.image.ubuntu22").as_deref(), Some("cycle.image.ubuntu22"));
        assert_eq!(first("[node n]\nImageName = \"a b\"").as_deref(), Some("a b"));
        assert_eq!(first("[node n]\nImageName := \"from.expr\"").as_deref(), Some("from.expr"));
        assert_eq!(first("[node n]\nImageVersion = 1.10").as_deref(), Some("1.10"));
        assert_eq!(first("[node n]\nImageVersion = 7 ").as_deref(), Some("7"));
        assert_eq!(first("[node n]\nInstallJetpack = TRUE").as_deref(), Some("TRUE"));
        assert_eq!(first("[node n]\nImageName =").as_deref(), Some(""));
    }

    /// The registry lookup of the only node of `text`.
    fn lookup_key(text: &str) -> Option<String> {
        let parsed = crate::syntax::parse(text);
        let nodes = crate::effective::effective_nodes(&parsed.template);
        let params = crate::effective::Parameters::of(&parsed.template);
        let image = super::NodeImage::of(&nodes[0], &params, text);
        let registry = crate::registry::Registry::builtin();
        image.lookup(&registry).map(|l| l.key)
    }

    #[test]
    fn only_package_names_and_labels_are_looked_up() {
        let node = |attr: &str| format!("[cluster c]\n[[node n]]\n{attr}\n");
        assert_eq!(lookup_key(&node("ImageName = cycle.image.ubuntu22")).as_deref(), Some("cycle.image.ubuntu22"));
        assert_eq!(lookup_key(&node("Image = Ubuntu 22.04 LTS")).as_deref(), Some("Ubuntu 22.04 LTS"));
        // A marketplace URN or a resource id in `ImageName` is not a registry name.
        assert_eq!(lookup_key(&node("ImageName = OpenLogic:CentOS-HPC:7.7:latest")), None);
        assert_eq!(
            lookup_key(&node("ImageName = /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i")),
            None
        );
        assert_eq!(
            lookup_key(&node("ImageId = /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i")),
            None
        );
    }

    #[test]
    fn computed_values_have_no_literal() {
        assert_eq!(first("[node n]\nImageName = a, b"), None);
        assert_eq!(first("[node n]\nImageName = $Image"), None);
        assert_eq!(first("[node n]\nImageName := 1 + 2"), None);
        assert_eq!(first("[node n]\nImageName = ${x}.y"), None);
    }

    /// Each accessor finds its own attribute among those set, whichever others are set: the
    /// settings are stored only for the keys present, in key order.
    #[test]
    fn each_setting_is_found_among_those_set() {
        let keys = super::NodeImage::KEYS;
        // Every second key, then every third (offset by one), then all of them.
        for pick in [|i: usize| i.is_multiple_of(2), |i: usize| i % 3 == 1, |_| true] {
            let attributes: String =
                keys.iter().enumerate().filter(|&(i, _)| pick(i)).map(|(i, k)| format!("{k} = v{i}\n")).collect();
            let text = format!("[cluster c]\n[[node n]]\n{attributes}");
            let parsed = crate::syntax::parse(&text);
            let nodes = crate::effective::effective_nodes(&parsed.template);
            let params = crate::effective::Parameters::of(&parsed.template);
            let image = super::NodeImage::of(&nodes[0], &params, &text);
            let [publisher, offer, sku, version] = image.marketplace();
            let found = [
                image.image_id(),
                image.image_name(),
                image.image(),
                publisher,
                offer,
                sku,
                version,
                image.image_version(),
                image.image_os(),
                image.azure_os(),
                image.region(),
            ];
            for (i, setting) in found.iter().enumerate() {
                let expected = pick(i).then(|| format!("v{i}"));
                assert_eq!(setting.and_then(|s| s.text()).map(str::to_string), expected, "{}", keys[i]);
            }
        }
    }
}
