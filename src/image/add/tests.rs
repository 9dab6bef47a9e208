use super::*;
use crate::image::inventory::parse_inventory;

const IMAGE_LIST: &str = include_str!("../../../fixtures/inventory/az-image-list.json");
const SIG_LIST: &str = include_str!("../../../fixtures/inventory/az-sig-image-version-list.json");

fn inventory() -> Vec<InventoryImage> {
    let mut images = parse_inventory("azure", IMAGE_LIST).expect("sample parses");
    images.extend(parse_inventory("gallery", SIG_LIST).expect("sample parses"));
    images
}

fn options(images: &[&str]) -> AddOptions {
    AddOptions {
        images: images.iter().map(|s| s.to_string()).collect(),
        name: "custom.image".to_string(),
        label: Some("My Image".to_string()),
        ..AddOptions::default()
    }
}

fn options_without_label(images: &[&str], version: VersionChoice) -> AddOptions {
    AddOptions { label: None, version, ..options(images) }
}

fn registry(text: &str) -> Registry {
    let mut registry = Registry::default();
    let parsed = crate::syntax::parse(text);
    registry.add_records(std::path::Path::new("r.txt"), &parsed.template.records);
    registry
}

fn v(text: &str) -> Version {
    text.parse().expect("test version")
}

#[test]
fn the_page_workflow_plans_one_package_and_two_artifacts() {
    let mut o = options(&["order66", "UBUNTU14_RSTUDIO"]);
    o.os = Some(Os::Windows);
    let plan = plan(&Registry::default(), &inventory(), &o).expect("plans");
    assert!(plan.new_package);
    assert_eq!(plan.package.version, v("1.0"));
    assert_eq!(plan.package.os, Some(Os::Windows));
    let names: Vec<&str> = plan.artifacts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["az/eastus", "az/westeurope"]);
    // The fixture's `ubuntu14_rstudio` is a Linux image.
    assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
    assert!(plan.warnings[0].contains("`ubuntu14_rstudio` is `linux`"));
}

#[test]
fn the_os_comes_from_the_inventory_when_it_agrees() {
    let plan =
        plan(&Registry::default(), &inventory(), &options(&["ubuntu14_rstudio", "alma8-slurm-gen2"])).expect("plans");
    assert_eq!(plan.package.os, Some(Os::Linux));
    // Both are in `westeurope`: distinct names and a warning.
    let names: Vec<&str> = plan.artifacts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["az/westeurope", "az/westeurope-2"]);
    assert_eq!(plan.warnings.len(), 1);

    let mixed = plan_of(&["order66", "ubuntu14_rstudio"]);
    assert_eq!(mixed.package.os, None);
    assert!(mixed.warnings[0].contains("disagree"));
}

fn plan_of(images: &[&str]) -> Plan {
    plan(&Registry::default(), &inventory(), &options(images)).expect("plans")
}

#[test]
fn a_gallery_version_gives_one_artifact_per_target_region() {
    let plan = plan_of(&["1.1.0"]);
    let regions: Vec<&str> = plan.artifacts.iter().map(|a| a.region.as_str()).collect();
    assert_eq!(regions, ["eastus", "southcentralus"]);
    assert_eq!(plan.package.os, None, "gallery versions do not say their OS");
}

#[test]
fn versions_follow_the_page() {
    let stored = "AdType = \"Package\"\nName = \"custom.image\"\nVersion = \"1.1\"\n\n\
                  AdType = \"Artifact\"\nPackage = \"custom.image\"\nVersion = \"1.1\"\nName = \"az/eastus\"\n\
                  Provider = \"az\"\nRegion = \"eastus\"\nImageId = \"/x\"\n";
    let reg = registry(stored);
    let latest = plan(&reg, &inventory(), &options(&["ubuntu14_rstudio"])).expect("plans");
    assert_eq!(latest.package.version, v("1.1"));
    assert!(!latest.new_package);

    let mut o = options(&["order66"]);
    o.version = VersionChoice::Bump(Bump::Minor);
    let bumped = plan(&reg, &inventory(), &o).expect("plans");
    assert_eq!((bumped.package.version.clone(), bumped.new_package), (v("1.2"), true));

    o.label = None;
    let stored =
        "AdType = \"Package\"\nName = \"custom.image\"\nVersion = \"1.1\"\nLabel = \"My Image\"\nOS = \"linux\"\n";
    let inherited =
        plan(&registry(stored), &inventory(), &options_without_label(&["1.0.0"], VersionChoice::Bump(Bump::Major)))
            .expect("plans");
    assert_eq!(inherited.package.label.as_deref(), Some("My Image"), "a new version keeps the label");
    assert_eq!(inherited.package.os, Some(Os::Linux), "gallery versions do not say: the stored OS");
    assert!(inherited.warnings.is_empty(), "{:?}", inherited.warnings);

    o.version = VersionChoice::Exact(v("2.0"));
    assert_eq!(plan(&reg, &inventory(), &o).expect("plans").package.version, v("2.0"));

    o.version = VersionChoice::Latest;
    assert_eq!(
        plan(&reg, &inventory(), &o),
        Err(AddError::ArtifactExists {
            package: "custom.image".into(),
            version: v("1.1"),
            artifact: "az/eastus".into()
        })
    );
}

#[test]
fn unmatched_images_are_all_named_with_a_suggestion() {
    let error = plan(&Registry::default(), &inventory(), &options(&["order67", "order66", "nothing-like-it"]));
    assert_eq!(
        error,
        Err(AddError::Unmatched {
            images: vec![
                Unmatched { image: "order67".into(), suggestion: Some("order66".into()) },
                Unmatched { image: "nothing-like-it".into(), suggestion: None },
            ]
        })
    );
}

#[test]
fn accounts_limit_the_search() {
    let mut o = options(&["order66"]);
    o.accounts = vec!["gallery".into()];
    assert!(matches!(plan(&Registry::default(), &inventory(), &o), Err(AddError::Unmatched { .. })));
    o.accounts = vec!["nope".into()];
    assert!(matches!(plan(&Registry::default(), &inventory(), &o), Err(AddError::UnknownAccount { .. })));
}

#[test]
fn records_are_appended_after_a_blank_line_and_escaped() {
    let mut p = plan_of(&["order66"]);
    p.package.label = Some("say \"hi\" \\ there".into());
    let text = render(RegistryFormat::Records, "AdType = \"Other\"\nName = \"x\"", &p);
    assert!(text.starts_with("AdType = \"Other\"\nName = \"x\"\n\nAdType = \"Package\"\n"), "{text}");
    assert!(text.contains("Label = \"say \\\"hi\\\" \\\\ there\"\n"), "{text}");
    let reg = registry(&text);
    assert_eq!(reg.packages[0].label.as_deref(), Some("say \"hi\" \\ there"));
    assert_eq!(reg.artifacts.len(), 1);
    // Already ending with a blank line: no second one.
    let text = render(RegistryFormat::Records, "AdType = \"Other\"\n\n", &p);
    assert!(text.starts_with("AdType = \"Other\"\n\nAdType = \"Package\"\n"), "{text}");
}

#[test]
fn json_records_are_inserted_before_the_closing_bracket() {
    let p = plan_of(&["order66"]);
    let existing = "[\n  {\"AdType\": \"Other\"}\n]\n";
    let text = render(RegistryFormat::Json, existing, &p);
    assert!(text.starts_with("[\n  {\"AdType\": \"Other\"},\n  {\n    \"AdType\": \"Package\""), "{text}");
    assert!(text.ends_with("}\n]\n"), "{text}");
    let mut reg = Registry::default();
    reg.add_json(std::path::Path::new("r.json"), &text).expect("loads");
    assert_eq!((reg.packages.len(), reg.artifacts.len()), (1, 1));

    for empty in ["", "[]", "[ \n ]\n"] {
        let text = render(RegistryFormat::Json, empty, &p);
        let mut reg = Registry::default();
        reg.add_json(std::path::Path::new("r.json"), &text).unwrap_or_else(|e| panic!("{empty:?}: {e}\n{text}"));
        assert_eq!((reg.packages.len(), reg.artifacts.len()), (1, 1));
    }
}

#[test]
fn a_gallery_image_is_found_by_its_definition_name_and_the_latest_version_chosen() {
    let mut o = options(&["rstudio-ubuntu"]);
    o.os = Some(Os::Linux);
    let planned = plan(&Registry::default(), &inventory(), &o).expect("plans");
    assert!(planned.artifacts.iter().all(|a| a.image_id.ends_with("/versions/1.1.0")), "{:?}", planned.artifacts);
    assert!(planned.warnings.iter().any(|w| w.contains("chose the latest, `1.1.0`")), "{:?}", planned.warnings);

    let mut o = options(&["RStudio-Ubuntu/1.0.0"]);
    o.os = Some(Os::Linux);
    let planned = plan(&Registry::default(), &inventory(), &o).expect("plans");
    assert!(planned.artifacts.iter().all(|a| a.image_id.ends_with("/versions/1.0.0")), "{:?}", planned.artifacts);
}

#[test]
fn a_version_excluded_from_latest_is_not_chosen() {
    let mut images = parse_inventory("gallery", SIG_LIST).expect("parses");
    assert!(images[1].id.ends_with("/versions/1.1.0"));
    images[1].exclude_from_latest = true;
    let mut o = options(&["rstudio-ubuntu"]);
    o.os = Some(Os::Linux);
    let planned = plan(&Registry::default(), &images, &o).expect("plans");
    assert!(planned.artifacts.iter().all(|a| a.image_id.ends_with("/versions/1.0.0")), "{:?}", planned.artifacts);
}
