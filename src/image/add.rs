//! `image add`: which package version and artifacts to add for some images of the inventories, and
//! the record text that adds them. No IO and no printing here (see [`crate::image::store`]).
//!
//! Decisions where the product page is silent:
//! - Every inventory image that an `IMAGE` matches (by resource id or name, case-insensitively) is
//!   used, so a name found in two accounts gives artifacts for both. An image matched by two
//!   `IMAGE`s is used once.
//! - Artifact names are `az/<region>`. A second artifact of the same add in the same region is
//!   named `az/<region>-2`, then `-3`, and a warning says that CycleCloud will use the first. A name
//!   that already exists for that package version is an error: adding never overwrites.
//! - With no stored version of the package, `--bump-version` has nothing to bump and the version is
//!   `1.0`, like the default (with a warning).
//! - A new version of a stored package keeps the latest stored version's label, and its Jetpack
//!   options unless some are given; its OS is `--os`, else the inventory's, else the stored one.
//! - When the package version already exists, only artifacts are added; `--label`, `--os` and the
//!   Jetpack options that differ from the stored package are reported as ignored.
//! - Without `--os`, the OS is the one the inventory gives for every matched image that has one
//!   (gallery versions do not say); when they disagree or none says, the package has no `OS` and a
//!   warning asks for `--os`.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::closest;
use crate::image::inventory::InventoryImage;
use crate::registry::{bump, Bump, Os, Registry, Version};

/// The provider of every artifact `image add` writes.
pub const PROVIDER: &str = "az";

/// What the user asked for.
#[derive(Clone, Debug, Default)]
pub struct AddOptions {
    /// Resource ids or names, as given.
    pub images: Vec<String>,
    /// The package name (`--name`).
    pub name: String,
    pub label: Option<String>,
    pub os: Option<Os>,
    pub version: VersionChoice,
    /// Search only the inventories of these accounts; empty means all.
    pub accounts: Vec<String>,
    pub jetpack_version: Option<String>,
    pub install_jetpack: bool,
    pub jetpack_platform: Option<String>,
}

/// How the package version is chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum VersionChoice {
    /// The latest stored version, or `1.0`.
    #[default]
    Latest,
    /// `--bump-version`.
    Bump(Bump),
    /// `--package-version`.
    Exact(Version),
}

/// What an add writes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub package: PlannedPackage,
    /// False when the package version is already stored: only artifacts are written.
    pub new_package: bool,
    pub artifacts: Vec<PlannedArtifact>,
    /// Lowercase messages without the `warning:` prefix.
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlannedPackage {
    pub name: String,
    pub version: Version,
    pub label: Option<String>,
    pub os: Option<Os>,
    pub jetpack_version: Option<String>,
    pub install_jetpack: bool,
    pub jetpack_platform: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlannedArtifact {
    pub name: String,
    pub region: String,
    pub image_id: String,
    /// The inventory image's name and account, for the summary.
    pub image: String,
    pub account: String,
}

/// Why nothing can be added.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum AddError {
    /// Some `IMAGE`s match nothing in the searched inventories.
    Unmatched { images: Vec<Unmatched> },
    /// `--account` names an account without an inventory.
    UnknownAccount { account: String, known: Vec<String> },
    /// An artifact of this name is already stored for the package version.
    ArtifactExists { package: String, version: Version, artifact: String },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unmatched {
    pub image: String,
    /// The closest inventory name or id, when one is close enough to be a typo.
    pub suggestion: Option<String>,
}

/// Plans adding `options.images`, found in `inventory`, to the packages of `registry` (the registry
/// file being written, without built-ins).
pub fn plan(registry: &Registry, inventory: &[InventoryImage], options: &AddOptions) -> Result<Plan, AddError> {
    let mut warnings = Vec::new();
    for account in &options.accounts {
        if !inventory.iter().any(|i| i.account.eq_ignore_ascii_case(account)) {
            let mut known: Vec<String> = Vec::new();
            for image in inventory {
                if !known.contains(&image.account) {
                    known.push(image.account.clone());
                }
            }
            return Err(AddError::UnknownAccount { account: account.clone(), known });
        }
    }
    let searched: Vec<&InventoryImage> = inventory
        .iter()
        .filter(|i| options.accounts.is_empty() || options.accounts.iter().any(|a| a.eq_ignore_ascii_case(&i.account)))
        .collect();
    let matched = match_images(&searched, &options.images, &mut warnings)?;

    let (version, existing) = choose_version(registry, options, &mut warnings);
    let package = match existing {
        Some(stored) => {
            ignored_options(stored, options, &version, &mut warnings);
            PlannedPackage {
                name: stored.name.clone(),
                version: version.clone(),
                label: stored.label.clone(),
                os: stored.os,
                jetpack_version: stored.jetpack_version.clone(),
                install_jetpack: stored.install_jetpack.unwrap_or(false),
                jetpack_platform: stored.jetpack_platform.clone(),
            }
        }
        None => {
            let latest = latest_package(registry, &options.name);
            let jetpack_given =
                options.jetpack_version.is_some() || options.install_jetpack || options.jetpack_platform.is_some();
            let inherited = latest.filter(|_| !jetpack_given);
            PlannedPackage {
                name: options.name.clone(),
                version: version.clone(),
                label: options.label.clone().or_else(|| latest.and_then(|p| p.label.clone())),
                os: choose_os(&matched, options.os, latest.and_then(|p| p.os), &mut warnings),
                jetpack_version: options.jetpack_version.clone().or_else(|| inherited?.jetpack_version.clone()),
                install_jetpack: options.install_jetpack || inherited.and_then(|p| p.install_jetpack).unwrap_or(false),
                jetpack_platform: options.jetpack_platform.clone().or_else(|| inherited?.jetpack_platform.clone()),
            }
        }
    };

    let stored_names: Vec<&str> = registry
        .artifacts
        .iter()
        .filter(|a| a.package.eq_ignore_ascii_case(&package.name) && a.version.as_ref() == Some(&version))
        .map(|a| a.name.as_str())
        .collect();
    let artifacts = name_artifacts(&matched, &mut warnings);
    if let Some(taken) = artifacts.iter().find(|a| stored_names.iter().any(|s| s.eq_ignore_ascii_case(&a.name))) {
        return Err(AddError::ArtifactExists { package: package.name.clone(), version, artifact: taken.name.clone() });
    }
    Ok(Plan { package, new_package: existing.is_none(), artifacts, warnings })
}

/// Whether a registry file is ClassAd record text or a JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistryFormat {
    Records,
    Json,
}

impl RegistryFormat {
    /// `*.json` is JSON; anything else is record text.
    pub fn of(path: &std::path::Path) -> RegistryFormat {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            RegistryFormat::Json
        } else {
            RegistryFormat::Records
        }
    }
}

/// The registry text with the plan's records appended. `existing` is the file's text (empty when the
/// file is missing) and must have loaded without errors; its bytes are kept as they are.
pub fn render(format: RegistryFormat, existing: &str, plan: &Plan) -> String {
    let records = records_of(plan);
    match format {
        RegistryFormat::Records => render_records(existing, &records),
        RegistryFormat::Json => render_json(existing, &records),
    }
}

/// The records a plan adds, as ordered key and value pairs.
pub fn records_of(plan: &Plan) -> Vec<Vec<(&'static str, FieldValue)>> {
    let text = |s: &str| FieldValue::Text(s.to_string());
    let version = plan.package.version.to_string();
    let mut records = Vec::new();
    if plan.new_package {
        let p = &plan.package;
        let mut fields = vec![
            ("AdType", text("Package")),
            ("Name", text(&p.name)),
            ("Version", text(&version)),
            ("PackageType", text("image")),
        ];
        if let Some(label) = &p.label {
            fields.push(("Label", text(label)));
        }
        if let Some(os) = p.os {
            fields.push(("OS", text(&os.to_string())));
        }
        if let Some(v) = &p.jetpack_version {
            fields.push(("JetpackVersion", text(v)));
        }
        if p.install_jetpack {
            fields.push(("InstallJetpack", FieldValue::Bool(true)));
        }
        if let Some(platform) = &p.jetpack_platform {
            fields.push(("JetpackPlatform", text(platform)));
        }
        records.push(fields);
    }
    for a in &plan.artifacts {
        records.push(vec![
            ("AdType", text("Artifact")),
            ("Package", text(&plan.package.name)),
            ("Version", text(&version)),
            ("Name", text(&a.name)),
            ("Provider", text(PROVIDER)),
            ("Region", text(&a.region)),
            ("ImageId", text(&a.image_id)),
        ]);
    }
    records
}

/// A record value `image add` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Bool(bool),
}

impl fmt::Display for AddError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddError::Unmatched { images } => {
                let names: Vec<String> = images.iter().map(|u| format!("`{}`", u.image)).collect();
                write!(f, "no image matches {} in the inventories", names.join(", "))
            }
            AddError::UnknownAccount { account, .. } => write!(f, "account `{account}` has no inventory"),
            AddError::ArtifactExists { package, version, artifact } => {
                write!(f, "artifact `{artifact}` already exists for package `{package}` version `{version}`")
            }
        }
    }
}

impl std::error::Error for AddError {}

/// Each query's matches, without duplicates, in query then inventory order. A query matches an
/// image's id or name; failing that, a gallery version by its image definition's name
/// (`rstudio-ubuntu`, the latest version not excluded from latest, in each account) or by
/// `definition/version`. Which version was chosen is said in `notes`.
fn match_images<'a>(
    searched: &[&'a InventoryImage],
    queries: &[String],
    notes: &mut Vec<String>,
) -> Result<Vec<&'a InventoryImage>, AddError> {
    let mut matched: Vec<&InventoryImage> = Vec::new();
    let mut unmatched = Vec::new();
    for query in queries {
        let mut found: Vec<&InventoryImage> = searched.iter().copied().filter(|i| i.matches(query)).collect();
        if found.is_empty() {
            found = by_definition(searched, query, notes);
        }
        if found.is_empty() {
            let candidates = searched
                .iter()
                .flat_map(|i| [i.name.as_str(), i.id.as_str()].into_iter().chain(i.definition.as_deref()));
            unmatched
                .push(Unmatched { image: query.clone(), suggestion: closest(query, candidates).map(str::to_string) });
        }
        for image in found {
            if !matched.iter().any(|m| m.account == image.account && m.id.eq_ignore_ascii_case(&image.id)) {
                matched.push(image);
            }
        }
    }
    if unmatched.is_empty() {
        Ok(matched)
    } else {
        Err(AddError::Unmatched { images: unmatched })
    }
}

/// The gallery versions `query` names by image definition: with `definition/version`, those
/// versions; with a bare definition name, the latest version (not excluded from latest) per
/// account and gallery image.
fn by_definition<'a>(searched: &[&'a InventoryImage], query: &str, notes: &mut Vec<String>) -> Vec<&'a InventoryImage> {
    let candidates: Vec<&InventoryImage> = searched.iter().copied().filter(|i| i.matches_definition(query)).collect();
    if query.contains('/') || candidates.len() <= 1 {
        return candidates;
    }
    // One choice per account and image definition (the id up to `/versions/`).
    let mut chosen: Vec<&InventoryImage> = Vec::new();
    let definition_id = |i: &InventoryImage| {
        i.id.rsplit_once('/').and_then(|(head, _)| head.rsplit_once('/')).map(|(h, _)| h.to_ascii_lowercase())
    };
    let mut groups: Vec<(String, Option<String>)> = Vec::new();
    for image in &candidates {
        let key = (image.account.clone(), definition_id(image));
        if !groups.contains(&key) {
            groups.push(key);
        }
    }
    for (account, definition) in groups {
        let versions: Vec<&InventoryImage> =
            candidates.iter().copied().filter(|i| i.account == account && definition_id(i) == definition).collect();
        let version = |i: &InventoryImage| i.name.parse::<crate::registry::Version>().ok();
        let latest =
            versions.iter().copied().filter(|i| !i.exclude_from_latest).max_by(|a, b| version(a).cmp(&version(b)));
        let Some(latest) = latest else {
            notes.push(format!(
                "every version of `{query}` in account `{account}` is excluded from latest: give `{query}/<version>`"
            ));
            continue;
        };
        if versions.len() > 1 {
            let others: Vec<&str> = versions.iter().filter(|i| i.id != latest.id).map(|i| i.name.as_str()).collect();
            notes.push(format!(
                "`{query}` has {} versions in account `{account}`: chose the latest, `{}` (not chosen: {}; give `{query}/<version>` for another)",
                versions.len(),
                latest.name,
                others.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        chosen.push(latest);
    }
    chosen
}

/// The version to write and, when it is already stored, its package.
fn choose_version<'r>(
    registry: &'r Registry,
    options: &AddOptions,
    warnings: &mut Vec<String>,
) -> (Version, Option<&'r crate::registry::Package>) {
    let stored = registry.find_by_name(&options.name);
    let latest = stored.iter().filter_map(|p| p.version.as_ref()).max();
    let first = || Version::from_parts(vec![1, 0]).expect("two parts");
    let version = match (&options.version, latest) {
        (VersionChoice::Exact(v), _) => v.clone(),
        (VersionChoice::Latest, Some(latest)) => latest.clone(),
        (VersionChoice::Latest, None) => first(),
        (VersionChoice::Bump(b), Some(latest)) => bump(latest, *b),
        (VersionChoice::Bump(_), None) => {
            warnings.push(format!("package `{}` has no stored version to bump: using `1.0`", options.name));
            first()
        }
    };
    let existing = stored.into_iter().find(|p| p.version.as_ref() == Some(&version));
    (version, existing)
}

fn ignored_options(
    stored: &crate::registry::Package,
    options: &AddOptions,
    version: &Version,
    warnings: &mut Vec<String>,
) {
    let what = format!("package `{}` version `{version}` is already stored", stored.name);
    if let Some(label) = &options.label {
        if stored.label.as_deref() != Some(label.as_str()) {
            let was = stored.label.as_deref().map_or("no label".to_string(), |l| format!("label `{l}`"));
            warnings.push(format!("{what} with {was}: `--label {label}` is ignored"));
        }
    }
    if let Some(os) = options.os {
        if stored.os != Some(os) {
            let was = stored.os.map_or("no OS".to_string(), |o| format!("OS `{o}`"));
            warnings.push(format!("{what} with {was}: `--os {os}` is ignored"));
        }
    }
    let jetpack_given =
        options.jetpack_version.is_some() || options.install_jetpack || options.jetpack_platform.is_some();
    if jetpack_given {
        warnings.push(format!("{what}: the Jetpack options are ignored, only artifacts are added"));
    }
}

/// The stored package of this name with the highest version, if any.
fn latest_package<'r>(registry: &'r Registry, name: &str) -> Option<&'r crate::registry::Package> {
    registry.find_by_name(name).into_iter().filter(|p| p.version.is_some()).max_by(|a, b| a.version.cmp(&b.version))
}

/// `--os`, else what the inventory says, else the latest stored version's OS.
fn choose_os(
    matched: &[&InventoryImage],
    given: Option<Os>,
    stored: Option<Os>,
    warnings: &mut Vec<String>,
) -> Option<Os> {
    let known: Vec<(&InventoryImage, Os)> = matched.iter().filter_map(|i| Some((*i, i.os?))).collect();
    if let Some(os) = given {
        for (image, inventory_os) in &known {
            if *inventory_os != os {
                warnings.push(format!(
                    "`--os {os}` but the inventory of account `{}` says image `{}` is `{inventory_os}`",
                    image.account, image.name
                ));
            }
        }
        return Some(os);
    }
    let Some((_, first)) = known.first() else {
        if stored.is_some() {
            return stored;
        }
        warnings.push("the inventory does not say the images' OS: the package has no `OS`; pass `--os`".to_string());
        return None;
    };
    if known.iter().all(|(_, os)| os == first) {
        Some(*first)
    } else {
        let list: Vec<String> = known.iter().map(|(i, os)| format!("`{}` is `{os}`", i.name)).collect();
        if let Some(os) = stored {
            warnings.push(format!(
                "the matched images disagree on the OS ({}): keeping the stored `{os}`; pass `--os` to choose",
                list.join(", ")
            ));
            return Some(os);
        }
        warnings.push(format!(
            "the matched images disagree on the OS ({}): the package has no `OS`; pass `--os`",
            list.join(", ")
        ));
        None
    }
}

/// One artifact per matched image location, named `az/<region>`, `az/<region>-2`, ….
fn name_artifacts(matched: &[&InventoryImage], warnings: &mut Vec<String>) -> Vec<PlannedArtifact> {
    let mut artifacts: Vec<PlannedArtifact> = Vec::new();
    for image in matched {
        for region in &image.locations {
            let same_region: Vec<&PlannedArtifact> = artifacts.iter().filter(|a| &a.region == region).collect();
            let name = if same_region.is_empty() {
                format!("{PROVIDER}/{region}")
            } else {
                warnings.push(format!(
                    "images `{}` and `{}` are both in `{region}`: CycleCloud uses the first, `{}`",
                    same_region[0].image, image.name, same_region[0].name
                ));
                format!("{PROVIDER}/{region}-{}", same_region.len() + 1)
            };
            artifacts.push(PlannedArtifact {
                name,
                region: region.clone(),
                image_id: image.id.clone(),
                image: image.name.clone(),
                account: image.account.clone(),
            });
        }
    }
    artifacts
}

fn render_records(existing: &str, records: &[Vec<(&'static str, FieldValue)>]) -> String {
    let newline = if existing.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = existing.to_string();
    if !ends_with_blank_line(existing) {
        if !existing.ends_with('\n') {
            out.push_str(newline);
        }
        out.push_str(newline);
    }
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push_str(newline);
        }
        for (key, value) in record {
            let value = match value {
                FieldValue::Text(text) => classad_string(text),
                FieldValue::Bool(b) => b.to_string(),
            };
            out.push_str(&format!("{key} = {value}{newline}"));
        }
    }
    out
}

/// True for empty text, and for text whose last line is blank (so a record can follow directly).
fn ends_with_blank_line(text: &str) -> bool {
    if text.trim().is_empty() {
        return true;
    }
    let Some(body) = text.strip_suffix('\n') else { return false };
    let last_line = body.rsplit('\n').next().unwrap_or(body);
    last_line.trim().is_empty()
}

/// A double-quoted ClassAd string: `\` and `"` escaped, line breaks and tabs as `\n`, `\r`, `\t`.
fn classad_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Inserts the records after the array's last element (or into an empty array); blank text becomes
/// a new array. The text must be a JSON array, which loading it has checked.
fn render_json(existing: &str, records: &[Vec<(&'static str, FieldValue)>]) -> String {
    let objects: Vec<String> = records.iter().map(|r| json_object(r)).collect();
    if existing.trim().is_empty() {
        return format!("[\n  {}\n]\n", objects.join(",\n  "));
    }
    let close = existing.trim_end().len().saturating_sub(1);
    let before_close = existing[..close].trim_end();
    let inserted = objects.iter().map(|o| format!(",\n  {o}")).collect::<String>();
    if before_close.ends_with('[') {
        // An empty array: its inner whitespace goes, there is nothing else to keep.
        let open = before_close.len();
        let first = inserted.strip_prefix(',').unwrap_or(&inserted);
        format!("{}{first}\n{}", &existing[..open], &existing[close..])
    } else {
        let end = before_close.len();
        format!("{}{inserted}{}", &existing[..end], &existing[end..])
    }
}

fn json_object(record: &[(&'static str, FieldValue)]) -> String {
    let fields: Vec<String> = record
        .iter()
        .map(|(key, value)| {
            let value = match value {
                FieldValue::Text(text) => serde_json::Value::String(text.clone()).to_string(),
                FieldValue::Bool(b) => b.to_string(),
            };
            format!("    \"{key}\": {value}")
        })
        .collect();
    format!("{{\n{}\n  }}", fields.join(",\n"))
}

#[cfg(test)]
mod tests;
