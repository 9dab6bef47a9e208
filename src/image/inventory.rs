//! The images of a cloud account, read from what `az image list -o json` (managed images) and
//! `az sig image-version list -o json` (gallery image versions) print.
//!
//! The Azure CLI flattens ARM's `properties`, so the fields read are, for managed images, `id`,
//! `name`, `location`, `storageProfile.osDisk.osType` (`Linux`/`Windows`) and `type`
//! (`Microsoft.Compute/images`); for gallery image versions, `id`
//! (`…/galleries/G/images/I/versions/V`), `name` (the version, such as `1.0.0`), `location`,
//! `publishingProfile.targetRegions[].name` (display names such as `East US`) and `type`
//! (`Microsoft.Compute/galleries/images/versions`). A version does not carry its OS type (the
//! image definition does), so `os` is `None` for gallery versions. Other fields are ignored.
//!
//! Locations are normalised to ARM names by lowercasing and removing spaces (`East US` → `eastus`).
//! A gallery version replicated to several regions is one image with several locations.

use std::fmt;

use serde::Deserialize;

use crate::registry::Os;

/// One image found in an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InventoryImage {
    /// The account the listing came from, as the caller names it.
    pub account: String,
    /// The Azure resource id.
    pub id: String,
    /// The resource name: the image name, or a gallery version's version number.
    pub name: String,
    /// Normalised region names, without duplicates, in listing order (never empty).
    pub locations: Vec<String>,
    pub os: Option<Os>,
    pub kind: ImageKind,
    /// A gallery version's image definition: the `images/<name>` part of its id
    /// (`ubuntu14_rstudio`), which users type rather than the version number.
    pub definition: Option<String>,
    /// A gallery version marked `publishingProfile.excludeFromLatest`.
    pub exclude_from_latest: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// `Microsoft.Compute/images`.
    Managed,
    /// `Microsoft.Compute/galleries/images/versions`.
    GalleryVersion,
}

/// Why a listing could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InventoryError {
    pub message: String,
    /// 1-based line and column, when serde_json reported them.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// Parses a JSON listing (an array of resources) of `account`.
pub fn parse_inventory(account: &str, text: &str) -> Result<Vec<InventoryImage>, InventoryError> {
    let resources: Vec<RawResource> =
        serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|error| {
            let full = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            InventoryError {
                message: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
                line: Some(error.line()).filter(|&l| l > 0),
                // serde_json says column 0 before the first byte of a line is read.
                column: Some(error.column().max(1)).filter(|_| error.line() > 0),
            }
        })?;
    resources.into_iter().enumerate().map(|(index, raw)| image(account, index, raw)).collect()
}

impl InventoryImage {
    /// True when `query` is this image's id or name, case-insensitively (how `image add` finds images).
    pub fn matches(&self, query: &str) -> bool {
        self.id.eq_ignore_ascii_case(query) || self.name.eq_ignore_ascii_case(query)
    }

    /// True when `query` names this gallery version by its image definition: `definition` (any
    /// version) or `definition/version`, case-insensitively.
    pub fn matches_definition(&self, query: &str) -> bool {
        let Some(definition) = &self.definition else { return false };
        match query.split_once('/') {
            Some((d, version)) => d.eq_ignore_ascii_case(definition) && version.eq_ignore_ascii_case(&self.name),
            None => query.eq_ignore_ascii_case(definition),
        }
    }
}

/// The image definition of a gallery version id: `…/galleries/G/images/I/versions/V` → `I`.
fn definition_of(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    let at = parts.iter().rposition(|p| p.eq_ignore_ascii_case("versions"))?;
    (at >= 2 && parts[at - 2].eq_ignore_ascii_case("images") && !parts[at - 1].is_empty())
        .then(|| parts[at - 1].to_string())
}

/// An Azure display name or ARM name as an ARM name: `East US` → `eastus`.
pub fn normalize_location(location: &str) -> String {
    location.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

impl fmt::Display for InventoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{} at line {line}, column {column}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for InventoryError {}

const MANAGED_TYPE: &str = "Microsoft.Compute/images";
const GALLERY_VERSION_TYPE: &str = "Microsoft.Compute/galleries/images/versions";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawResource {
    id: Option<String>,
    name: Option<String>,
    location: Option<String>,
    #[serde(rename = "type")]
    resource_type: Option<String>,
    storage_profile: Option<RawStorageProfile>,
    publishing_profile: Option<RawPublishingProfile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawStorageProfile {
    os_disk: Option<RawOsDisk>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawOsDisk {
    os_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPublishingProfile {
    target_regions: Option<Vec<RawTargetRegion>>,
    exclude_from_latest: Option<bool>,
}

#[derive(Deserialize)]
struct RawTargetRegion {
    name: Option<String>,
}

fn image(account: &str, index: usize, raw: RawResource) -> Result<InventoryImage, InventoryError> {
    let fail =
        |what: String| InventoryError { message: format!("resource {} {what}", index + 1), line: None, column: None };
    let id = raw.id.filter(|id| !id.is_empty()).ok_or_else(|| fail("has no `id`".to_string()))?;
    let kind = match raw.resource_type.as_deref() {
        Some(t) if t.eq_ignore_ascii_case(MANAGED_TYPE) => ImageKind::Managed,
        Some(t) if t.eq_ignore_ascii_case(GALLERY_VERSION_TYPE) => ImageKind::GalleryVersion,
        Some(t) => {
            return Err(fail(format!("has type `{t}`, expected `{MANAGED_TYPE}` or `{GALLERY_VERSION_TYPE}`")));
        }
        None => return Err(fail("has no `type`".to_string())),
    };
    let name = match raw.name.filter(|n| !n.is_empty()) {
        Some(name) => name,
        None => id.rsplit('/').next().unwrap_or_default().to_string(),
    };
    let exclude_from_latest = raw.publishing_profile.as_ref().and_then(|p| p.exclude_from_latest).unwrap_or(false)
        && kind == ImageKind::GalleryVersion;
    let definition = if kind == ImageKind::GalleryVersion { definition_of(&id) } else { None };
    let target_regions: Vec<String> = match kind {
        ImageKind::GalleryVersion => raw
            .publishing_profile
            .and_then(|p| p.target_regions)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| r.name)
            .collect(),
        ImageKind::Managed => Vec::new(),
    };
    // A managed image lives in its `location`; a version without target regions is only there too.
    let listed = if target_regions.is_empty() { raw.location.into_iter().collect() } else { target_regions };
    let mut locations: Vec<String> = Vec::new();
    for location in listed.iter().map(|l| normalize_location(l)) {
        if !location.is_empty() && !locations.contains(&location) {
            locations.push(location);
        }
    }
    if locations.is_empty() {
        return Err(fail(format!("(`{id}`) has no `location`")));
    }
    let os = match kind {
        ImageKind::Managed => {
            raw.storage_profile.and_then(|s| s.os_disk).and_then(|d| d.os_type).and_then(|t| t.parse().ok())
        }
        ImageKind::GalleryVersion => None,
    };
    Ok(InventoryImage { account: account.to_string(), id, name, locations, os, kind, definition, exclude_from_latest })
}

#[cfg(test)]
mod tests {
    use super::*;

    const IMAGE_LIST: &str = include_str!("../../fixtures/inventory/az-image-list.json");
    const SIG_LIST: &str = include_str!("../../fixtures/inventory/az-sig-image-version-list.json");

    fn error(text: &str) -> String {
        parse_inventory("azure", text).expect_err("the listing is invalid").to_string()
    }

    #[test]
    fn parses_managed_images() {
        let images = parse_inventory("azure", IMAGE_LIST).expect("the sample parses");
        let summary: Vec<(&str, Vec<&str>, Option<Os>)> =
            images.iter().map(|i| (i.name.as_str(), i.locations.iter().map(String::as_str).collect(), i.os)).collect();
        assert_eq!(
            summary,
            [
                ("order66", vec!["eastus"], Some(Os::Windows)),
                ("ubuntu14_rstudio", vec!["westeurope"], Some(Os::Linux)),
                ("alma8-slurm-gen2", vec!["westeurope"], Some(Os::Linux)),
            ]
        );
        assert!(images.iter().all(|i| i.kind == ImageKind::Managed && i.account == "azure"));
        assert!(images[0].id.ends_with("/providers/Microsoft.Compute/images/order66"));
        assert!(images[0].matches("ORDER66"));
        assert!(images[1].matches(&images[1].id.to_ascii_uppercase()));
    }

    #[test]
    fn parses_gallery_versions_with_every_target_region() {
        let images = parse_inventory("azure", SIG_LIST).expect("the sample parses");
        let summary: Vec<(&str, Vec<&str>)> =
            images.iter().map(|i| (i.name.as_str(), i.locations.iter().map(String::as_str).collect())).collect();
        assert_eq!(summary, [("1.0.0", vec!["eastus", "westeurope"]), ("1.1.0", vec!["eastus", "southcentralus"])]);
        assert!(images.iter().all(|i| i.kind == ImageKind::GalleryVersion && i.os.is_none()));
        assert!(images[1].id.ends_with("/galleries/cycleGallery/images/rstudio-ubuntu/versions/1.1.0"));
    }

    #[test]
    fn a_version_without_target_regions_uses_its_location() {
        let text = r#"[{"id": "/g/images/i/versions/2.0.0", "name": "2.0.0", "location": "East US 2",
            "publishingProfile": {"targetRegions": null}, "type": "Microsoft.Compute/galleries/images/versions"}]"#;
        let images = parse_inventory("azure", text).expect("valid");
        assert_eq!(images[0].locations, ["eastus2"]);
    }

    #[test]
    fn gallery_versions_know_their_image_definition() {
        let images = parse_inventory("gallery", SIG_LIST).unwrap();
        assert_eq!(images[0].definition.as_deref(), Some("rstudio-ubuntu"));
        assert!(images[0].matches_definition("RStudio-Ubuntu"));
        assert!(images[0].matches_definition("rstudio-ubuntu/1.0.0"));
        assert!(!images[0].matches_definition("rstudio-ubuntu/1.1.0"));
        assert!(!images[0].matches_definition("1.0.0"));
        let managed = parse_inventory("main", IMAGE_LIST).unwrap();
        assert_eq!(managed[0].definition, None);
        assert_eq!(definition_of("/a/galleries/g/images/i/versions/1.0"), Some("i".to_string()));
    }

    #[test]
    fn an_empty_listing_is_empty() {
        assert_eq!(parse_inventory("azure", "[]\n"), Ok(Vec::new()));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(error("{\"value\": []}"), "invalid type: map, expected a sequence at line 1, column 1");
        assert_eq!(error("[\n  {\"id\": }\n]"), "expected value at line 2, column 10");
        assert_eq!(error(""), "EOF while parsing a value at line 1, column 1");
        assert_eq!(
            error(r#"[{"name": "x", "type": "Microsoft.Compute/images", "location": "eastus"}]"#),
            "resource 1 has no `id`"
        );
        assert_eq!(
            error(r#"[{"id": "/x/disks/d", "type": "Microsoft.Compute/disks", "location": "eastus"}]"#),
            "resource 1 has type `Microsoft.Compute/disks`, expected `Microsoft.Compute/images` or \
             `Microsoft.Compute/galleries/images/versions`"
        );
        assert_eq!(
            error(r#"[{"id": "/x/images/i", "type": "Microsoft.Compute/images"}]"#),
            "resource 1 (`/x/images/i`) has no `location`"
        );
    }

    #[test]
    fn locations_are_normalised() {
        assert_eq!(normalize_location("South Central US"), "southcentralus");
        assert_eq!(normalize_location("eastus"), "eastus");
    }
}
