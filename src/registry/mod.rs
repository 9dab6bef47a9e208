//! The in-memory image registry: built-in images plus the `Package` and `Artifact` records of
//! record files (`*.txt`) and JSON files (`*.json`), and the selection CycleCloud makes from them.
//!
//! Selection, as the "Custom Machine Images" page describes it: a node's `ImageName` finds packages
//! by name, its `Image` by label; among them the highest version wins unless `ImageVersion` narrows
//! it; then the artifact whose `Provider` (and `Region`, when it has one) fits the node is used.
//!
//! Decisions where the documentation is silent:
//! - Names, labels, providers, regions and the artifact's `Package` compare case-insensitively, as
//!   ClassAd `==` does. An artifact belongs to a package version when the parsed versions are equal.
//! - Built-in images have no known version and no artifacts: they are available everywhere, and an
//!   `ImageVersion` never rules them out. A user package with a matching version wins over a
//!   built-in of the same name or label.
//! - Versions that do not parse are kept (with `version: None`) but skipped for selection.
//! - Records missing required fields are kept with empty text, so rules can point at them; a value
//!   that is not a literal (a list, an expression) counts as missing.
//! - Among several fitting artifacts, one whose `Region` equals the node's wins over one without a
//!   `Region`; otherwise the first in file order.

pub mod builtin;
pub mod load;
pub mod validate;
pub mod version;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::model::{Record, ValueKind};
use crate::span::{floor_char_boundary, Span};
pub use builtin::{BuiltinImage, BUILTIN_IMAGES};
pub use version::{bump, Bump, Version, VersionError, VersionSpec};

/// An image's operating system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    Linux,
    Windows,
}

/// An image package: the logical image that `ImageName` (its name) or `Image` (its label) names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Package {
    pub name: String,
    /// `None` when `version_text` is not a dotted version (and for built-ins).
    pub version: Option<Version>,
    pub version_text: String,
    pub label: Option<String>,
    pub os: Option<Os>,
    pub package_type: Option<String>,
    pub jetpack_version: Option<String>,
    pub install_jetpack: Option<bool>,
    pub jetpack_platform: Option<String>,
    pub origin: Origin,
}

/// One provider image of a package version (an Azure image id in one region, say).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Artifact {
    /// The package's name.
    pub package: String,
    pub version_text: String,
    pub version: Option<Version>,
    /// Unique per package and version; not used for matching.
    pub name: String,
    pub provider: Option<String>,
    pub region: Option<String>,
    pub image_id: Option<String>,
    pub origin: Origin,
}

/// Where a package or artifact comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Origin {
    Builtin,
    /// `span` covers the whole record (a record's lines, or a JSON object); `record_index` counts
    /// every record or array element of the file, of any `AdType`.
    File {
        /// Shared by every entry of the file.
        path: Arc<Path>,
        span: Span,
        record_index: usize,
    },
}

/// Built-in images plus what record and JSON files add.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Registry {
    pub packages: Vec<Package>,
    pub artifacts: Vec<Artifact>,
    /// True once a file added a package or an artifact.
    pub has_user_entries: bool,
    /// Positions by lowercase name, label and artifact package: built at the first lookup, reset
    /// when entries are added.
    #[serde(skip)]
    index: OnceLock<Index>,
}

/// Where the packages and artifacts of a name are: every node's lookup is a hash lookup, not a
/// scan of the registry (20,000 nodes against a 20,000-package registry were quadratic).
#[derive(Clone, Debug, Default)]
struct Index {
    /// The lengths of `packages` and `artifacts` when it was built: a registry whose lists were
    /// changed directly (its fields are public) is searched in full instead.
    sizes: (usize, usize),
    by_name: HashMap<String, Vec<usize>>,
    by_label: HashMap<String, Vec<usize>>,
    artifacts_by_package: HashMap<String, Vec<usize>>,
}

impl Index {
    fn of(registry: &Registry) -> Index {
        let mut index = Index { sizes: (registry.packages.len(), registry.artifacts.len()), ..Index::default() };
        for (i, package) in registry.packages.iter().enumerate() {
            index.by_name.entry(package.name.to_ascii_lowercase()).or_default().push(i);
            if let Some(label) = &package.label {
                index.by_label.entry(label.to_ascii_lowercase()).or_default().push(i);
            }
        }
        for (i, artifact) in registry.artifacts.iter().enumerate() {
            index.artifacts_by_package.entry(artifact.package.to_ascii_lowercase()).or_default().push(i);
        }
        index
    }
}

/// The outcome of [`Registry::select`], with the reason when nothing fits.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection<'a> {
    /// No package has this name or label.
    UnknownImage,
    /// Packages exist but none has a version matching the spec; `available` is sorted, without
    /// duplicates.
    NoMatchingVersion { available: Vec<Version> },
    /// The chosen version has no artifact for the provider and region; `regions_available` lists the
    /// regions of the provider's artifacts for that version.
    NoArtifact { package: &'a Package, version: Version, regions_available: Vec<String> },
    /// `artifact` is `None` for a built-in image.
    Found { package: &'a Package, artifact: Option<&'a Artifact> },
}

/// A JSON record file that is not an array of objects of scalars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonRecordError {
    pub message: String,
    /// Byte offset into the file's text.
    pub offset: usize,
}

impl Registry {
    /// The built-in packages only.
    pub fn builtin() -> Registry {
        let packages = BUILTIN_IMAGES
            .iter()
            .map(|image| Package {
                name: image.name.to_string(),
                version: None,
                version_text: String::new(),
                label: Some(image.label.to_string()),
                os: Some(image.os),
                package_type: Some("image".to_string()),
                jetpack_version: None,
                install_jetpack: None,
                jetpack_platform: None,
                origin: Origin::Builtin,
            })
            .collect();
        Registry { packages, ..Registry::default() }
    }

    /// Adds the `Package` and `Artifact` records of a record file; other `AdType`s are ignored.
    pub fn add_records(&mut self, path: &Path, records: &[Record]) {
        let path: Arc<Path> = path.into();
        for (record_index, record) in records.iter().enumerate() {
            let origin = Origin::File { path: path.clone(), span: record.span, record_index };
            self.add_fields(&Fields::from_record(record), origin);
        }
    }

    /// Adds the `Package` and `Artifact` objects of a JSON record file (an array of objects with the
    /// record keys, compared case-insensitively). On error nothing is added.
    pub fn add_json(&mut self, path: &Path, text: &str) -> Result<(), JsonRecordError> {
        let objects = json_objects(text)?;
        let mut staged = Registry::default();
        let path: Arc<Path> = path.into();
        for (record_index, (span, object)) in objects.into_iter().enumerate() {
            let fields = Fields::from_json(object, span.start())?;
            let origin = Origin::File { path: path.clone(), span, record_index };
            staged.add_fields(&fields, origin);
        }
        self.has_user_entries |= staged.has_user_entries;
        self.packages.extend(staged.packages);
        self.artifacts.extend(staged.artifacts);
        self.index = OnceLock::new();
        Ok(())
    }

    /// The lookup index, when it matches the lists.
    fn index(&self) -> Option<&Index> {
        let index = self.index.get_or_init(|| Index::of(self));
        (index.sizes == (self.packages.len(), self.artifacts.len())).then_some(index)
    }

    /// Packages with this name, case-insensitively, in the order they were added.
    pub fn find_by_name(&self, name: &str) -> Vec<&Package> {
        match self.index() {
            Some(index) => positions(&index.by_name, name).iter().map(|&i| &self.packages[i]).collect(),
            None => self.packages.iter().filter(|p| p.name.eq_ignore_ascii_case(name)).collect(),
        }
    }

    /// Packages with this label, case-insensitively, in the order they were added.
    pub fn find_by_label(&self, label: &str) -> Vec<&Package> {
        match self.index() {
            Some(index) => positions(&index.by_label, label).iter().map(|&i| &self.packages[i]).collect(),
            None => self
                .packages
                .iter()
                .filter(|p| p.label.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(label)))
                .collect(),
        }
    }

    /// The artifacts of the package `name` (any version), case-insensitively, in the order they
    /// were added.
    fn artifacts_of(&self, name: &str) -> Vec<&Artifact> {
        match self.index() {
            Some(index) => positions(&index.artifacts_by_package, name).iter().map(|&i| &self.artifacts[i]).collect(),
            None => self.artifacts.iter().filter(|a| a.package.eq_ignore_ascii_case(name)).collect(),
        }
    }

    /// The package and artifact CycleCloud would launch for a node (see the module docs).
    ///
    /// `provider` is the cloud provider (`az` for Azure); `region` is the node's literal region, or
    /// `None` when it is not known, in which case any artifact of the provider fits.
    pub fn select(
        &self,
        name_or_label: &str,
        spec: Option<&VersionSpec>,
        provider: &str,
        region: Option<&str>,
    ) -> Selection<'_> {
        let mut candidates = self.find_by_name(name_or_label);
        if candidates.is_empty() {
            candidates = self.find_by_label(name_or_label);
        }
        if candidates.is_empty() {
            return Selection::UnknownImage;
        }
        // `rev` makes `max_by` keep the first of equal versions.
        let best = candidates
            .iter()
            .rev()
            .filter_map(|p| Some((*p, p.version.as_ref()?)))
            .filter(|(_, v)| spec.is_none_or(|s| s.matches(v)))
            .max_by(|a, b| a.1.cmp(b.1));
        let Some((package, version)) = best else {
            if let Some(builtin) = candidates.iter().find(|p| p.origin == Origin::Builtin) {
                return Selection::Found { package: builtin, artifact: None };
            }
            let mut available: Vec<Version> = candidates.iter().filter_map(|p| p.version.clone()).collect();
            available.sort();
            available.dedup();
            return Selection::NoMatchingVersion { available };
        };
        let of_provider: Vec<&Artifact> = self
            .artifacts_of(&package.name)
            .into_iter()
            .filter(|a| a.version.as_ref() == Some(version))
            .filter(|a| a.provider.as_deref().is_some_and(|p| p.eq_ignore_ascii_case(provider)))
            .collect();
        let artifact = match region {
            None => of_provider.first().copied(),
            Some(region) => of_provider
                .iter()
                .find(|a| a.region.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(region)))
                .or_else(|| of_provider.iter().find(|a| a.region.is_none()))
                .copied(),
        };
        match artifact {
            Some(artifact) => Selection::Found { package, artifact: Some(artifact) },
            None => {
                let mut regions_available: Vec<String> = Vec::new();
                for r in of_provider.iter().filter_map(|a| a.region.as_deref()) {
                    if !regions_available.iter().any(|seen| seen.eq_ignore_ascii_case(r)) {
                        regions_available.push(r.to_string());
                    }
                }
                Selection::NoArtifact { package, version: version.clone(), regions_available }
            }
        }
    }

    /// Every package name and label, once each (case-insensitively), for "did you mean".
    pub fn all_names_and_labels(&self) -> impl Iterator<Item = &str> {
        let mut seen = HashSet::new();
        let names = self.packages.iter().map(|p| p.name.as_str());
        let labels = self.packages.iter().filter_map(|p| p.label.as_deref());
        names.chain(labels).filter(move |s| !s.is_empty() && seen.insert(s.to_ascii_lowercase()))
    }

    fn add_fields(&mut self, fields: &Fields, origin: Origin) {
        let Some(ad_type) = fields.text("adtype") else { return };
        self.index = OnceLock::new();
        if ad_type.eq_ignore_ascii_case("package") {
            self.packages.push(fields.package(origin));
            self.has_user_entries = true;
        } else if ad_type.eq_ignore_ascii_case("artifact") {
            self.artifacts.push(fields.artifact(origin));
            self.has_user_entries = true;
        }
    }
}

/// The positions listed under `key`, compared lowercased.
fn positions<'a>(map: &'a HashMap<String, Vec<usize>>, key: &str) -> &'a [usize] {
    map.get(&key.to_ascii_lowercase()).map_or(&[], Vec::as_slice)
}

impl FromStr for Os {
    type Err = String;

    /// `linux` or `windows`, case-insensitively.
    fn from_str(text: &str) -> Result<Os, String> {
        if text.eq_ignore_ascii_case("linux") {
            Ok(Os::Linux)
        } else if text.eq_ignore_ascii_case("windows") {
            Ok(Os::Windows)
        } else {
            Err(format!("`{text}` is not one of `linux`, `windows`"))
        }
    }
}

impl fmt::Display for Os {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Os::Linux => "linux",
            Os::Windows => "windows",
        })
    }
}

impl fmt::Display for JsonRecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonRecordError {}

/// The keys this module reads, lowercase. Other keys may hold anything.
const KNOWN_KEYS: &[&str] = &[
    "adtype",
    "name",
    "version",
    "label",
    "os",
    "packagetype",
    "jetpackversion",
    "installjetpack",
    "jetpackplatform",
    "package",
    "provider",
    "region",
    "imageid",
];

/// A literal field value from either source.
#[derive(Clone, Debug)]
enum Scalar {
    Text(String),
    Bool(bool),
}

/// The literal fields of one record, keyed by lowercase name; a later spelling of a key wins.
struct Fields(Vec<(String, Scalar)>);

impl Fields {
    fn from_record(record: &Record) -> Fields {
        let fields = record
            .attributes
            .iter()
            .filter_map(|attribute| {
                let scalar = match &attribute.value.kind {
                    ValueKind::String { text, .. } => Scalar::Text(text.to_string()),
                    ValueKind::Integer(i) => Scalar::Text(i.to_string()),
                    // `Debug` keeps `1.0` as written where `Display` would print `1`.
                    ValueKind::Float(x) => Scalar::Text(format!("{x:?}")),
                    ValueKind::Boolean(b) => Scalar::Bool(*b),
                    // A value that is more than one literal (`"1." + "0"`) is not evaluated.
                    _ => return None,
                };
                Some((attribute.key.text.to_ascii_lowercase(), scalar))
            })
            .collect();
        Fields(fields)
    }

    /// `offset` is where the object starts, for errors about its values.
    fn from_json(object: JsonObject, offset: usize) -> Result<Fields, JsonRecordError> {
        let mut fields = Vec::new();
        for (key, value) in object.0 {
            let lookup = key.to_ascii_lowercase();
            let scalar = match value {
                serde_json::Value::String(s) => Scalar::Text(s),
                serde_json::Value::Number(n) => Scalar::Text(n.to_string()),
                serde_json::Value::Bool(b) => Scalar::Bool(b),
                serde_json::Value::Null => continue,
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    if KNOWN_KEYS.contains(&lookup.as_str()) {
                        return Err(JsonRecordError {
                            message: format!("`{key}` must be a string, a number or a boolean"),
                            offset,
                        });
                    }
                    continue;
                }
            };
            fields.push((lookup, scalar));
        }
        Ok(Fields(fields))
    }

    fn get(&self, key: &str) -> Option<&Scalar> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn text(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Scalar::Text(s) => Some(s.clone()),
            Scalar::Bool(b) => Some(b.to_string()),
        }
    }

    fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Scalar::Bool(b) => Some(*b),
            Scalar::Text(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Scalar::Text(s) if s.eq_ignore_ascii_case("false") => Some(false),
            Scalar::Text(_) => None,
        }
    }

    fn package(&self, origin: Origin) -> Package {
        let version_text = self.text("version").unwrap_or_default();
        Package {
            name: self.text("name").unwrap_or_default(),
            version: version_text.parse().ok(),
            version_text,
            label: self.text("label"),
            os: self.text("os").and_then(|os| os.parse().ok()),
            package_type: self.text("packagetype"),
            jetpack_version: self.text("jetpackversion"),
            install_jetpack: self.bool("installjetpack"),
            jetpack_platform: self.text("jetpackplatform"),
            origin,
        }
    }

    fn artifact(&self, origin: Origin) -> Artifact {
        let version_text = self.text("version").unwrap_or_default();
        Artifact {
            package: self.text("package").unwrap_or_default(),
            version: version_text.parse().ok(),
            version_text,
            name: self.text("name").unwrap_or_default(),
            provider: self.text("provider"),
            region: self.text("region"),
            image_id: self.text("imageid"),
            origin,
        }
    }
}

/// A JSON object with its keys in file order (serde_json's `Map` sorts them).
struct JsonObject(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JsonObject, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = JsonObject;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object (one record)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonObject, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                    fields.push(entry);
                }
                Ok(JsonObject(fields))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// The objects of a top-level JSON array, each with its byte span.
///
/// The array's brackets and commas are read here so that every element's span is known; each
/// element is read by serde_json.
fn json_objects(text: &str) -> Result<Vec<(Span, JsonObject)>, JsonRecordError> {
    let fail = |message: &str, offset: usize| JsonRecordError { message: message.to_string(), offset };
    let mut pos = skip_whitespace(text, text.strip_prefix('\u{feff}').map_or(0, |_| '\u{feff}'.len_utf8()));
    if !text[pos..].starts_with('[') {
        return Err(fail("expected a JSON array of records", pos));
    }
    pos = skip_whitespace(text, pos + 1);
    let mut objects = Vec::new();
    if text[pos..].starts_with(']') {
        return finish_array(text, pos + 1, objects);
    }
    loop {
        let mut stream = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<JsonObject>();
        let object = match stream.next() {
            Some(Ok(object)) => object,
            Some(Err(error)) => return Err(serde_error(text, pos, &error)),
            None => return Err(fail("unexpected end of the file, expected a record", pos)),
        };
        let end = pos + stream.byte_offset();
        objects.push((Span::new(pos, end), object));
        pos = skip_whitespace(text, end);
        match text[pos..].chars().next() {
            Some(',') => {
                pos = skip_whitespace(text, pos + 1);
                if text[pos..].starts_with(']') {
                    return Err(fail("trailing comma before `]`", pos));
                }
            }
            Some(']') => return finish_array(text, pos + 1, objects),
            Some(_) => return Err(fail("expected `,` or `]` after a record", pos)),
            None => return Err(fail("unexpected end of the file, expected `]`", pos)),
        }
    }
}

fn finish_array(
    text: &str,
    pos: usize,
    objects: Vec<(Span, JsonObject)>,
) -> Result<Vec<(Span, JsonObject)>, JsonRecordError> {
    let pos = skip_whitespace(text, pos);
    if pos < text.len() {
        return Err(JsonRecordError { message: "unexpected text after the array".to_string(), offset: pos });
    }
    Ok(objects)
}

/// A serde_json error in the element at `text[base..]` as a message and an absolute offset.
///
/// A syntax error points where serde_json stopped; a wrong type (an element that is not an object)
/// points at the element's start, since serde_json reports the end of the value.
fn serde_error(text: &str, base: usize, error: &serde_json::Error) -> JsonRecordError {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let offset = match error.classify() {
        serde_json::error::Category::Data => base,
        _ => offset_of_line_column(text, base, error.line(), error.column()),
    };
    JsonRecordError { message, offset }
}

/// The byte offset of serde_json's 1-based line and byte column, counted from `base`.
pub(crate) fn offset_of_line_column(text: &str, base: usize, line: usize, column: usize) -> usize {
    let mut line_start = base;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    floor_char_boundary(text, (line_start + column.saturating_sub(1)).min(text.len()))
}

fn skip_whitespace(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + (rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len())
}

#[cfg(test)]
mod tests;
