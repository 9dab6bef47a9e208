use std::path::Path;

use super::*;
use crate::model::{Attribute, Name, Operator, Quoting, Value};

/// A record of string attributes, as the parser would lower `Key = "value"` lines.
fn record(fields: &[(&str, &str)]) -> Record {
    let attributes = fields
        .iter()
        .map(|(key, text)| {
            Attribute::new(
                Name::new(key, Span::default()),
                Operator::Assign,
                Span::default(),
                Value {
                    kind: ValueKind::String { text: (*text).into(), quoting: Quoting::Double },
                    span: Span::default(),
                },
            )
        })
        .collect();
    Record { attributes, span: Span::default() }
}

fn package(name: &str, version: &str, label: &str) -> Record {
    record(&[("AdType", "Package"), ("Name", name), ("Version", version), ("PackageType", "image"), ("Label", label)])
}

fn artifact(package: &str, version: &str, name: &str, region: Option<&str>) -> Record {
    let mut fields =
        vec![("AdType", "Artifact"), ("Package", package), ("Version", version), ("Name", name), ("Provider", "az")];
    if let Some(region) = region {
        fields.push(("Region", region));
    }
    fields.push(("ImageId", name));
    record(&fields)
}

fn registry_with(records: &[Record]) -> Registry {
    let mut registry = Registry::builtin();
    registry.add_records(Path::new("images.txt"), records);
    registry
}

fn v(text: &str) -> Version {
    text.parse().expect("test version parses")
}

/// The image id of the selected artifact, `builtin` for a built-in, or the failure's name.
fn chosen(selection: &Selection<'_>) -> String {
    match selection {
        Selection::Found { artifact: Some(a), .. } => a.image_id.clone().unwrap_or_default(),
        Selection::Found { package, artifact: None } => format!("builtin {}", package.name),
        Selection::UnknownImage => "unknown".to_string(),
        Selection::NoMatchingVersion { available } => {
            format!("no version of {}", available.iter().map(Version::to_string).collect::<Vec<_>>().join(", "))
        }
        Selection::NoArtifact { version, regions_available, .. } => {
            format!("no artifact for {version} in [{}]", regions_available.join(", "))
        }
    }
}

#[test]
fn builtins_are_found_by_name_and_label() {
    let registry = Registry::builtin();
    assert!(!registry.has_user_entries);
    assert_eq!(
        chosen(&registry.select("cycle.image.centos7", None, "az", Some("eastus"))),
        "builtin cycle.image.centos7"
    );
    assert_eq!(chosen(&registry.select("Cycle.Image.Win2019", None, "az", None)), "builtin cycle.image.win2019");
    assert_eq!(chosen(&registry.select("ubuntu 22.04 lts", None, "az", None)), "builtin cycle.image.ubuntu22");
    // A spec never rules a built-in out: its versions are not known.
    let spec = VersionSpec::Wildcard(vec![7]);
    assert_eq!(chosen(&registry.select("CentOS 7", Some(&spec), "az", None)), "builtin cycle.image.centos7");
    assert_eq!(chosen(&registry.select("cycle.image.centos9", None, "az", None)), "unknown");
}

#[test]
fn the_product_page_example_resolves() {
    let registry = registry_with(&[
        package("r_execute", "2.1.1", "R"),
        record(&[
            ("AdType", "Artifact"),
            ("Package", "r_execute"),
            ("Version", "2.1.1"),
            ("Name", "az/ue"),
            ("Provider", "az"),
            ("ImageId", "Order66"),
        ]),
    ]);
    assert!(registry.has_user_entries);
    assert_eq!(chosen(&registry.select("r_execute", None, "az", Some("eastus"))), "Order66");
    assert_eq!(chosen(&registry.select("R", None, "az", None)), "Order66");
    assert_eq!(chosen(&registry.select("r_execute", None, "aws", None)), "no artifact for 2.1.1 in []");
}

#[test]
fn the_highest_matching_version_wins() {
    let registry = registry_with(&[
        package("custom", "1.2", "Custom"),
        package("custom", "1.10", "Custom"),
        package("custom", "2.0", "Custom"),
        package("custom", "latest", "Custom"),
        artifact("custom", "1.2", "v1.2", None),
        artifact("custom", "1.10", "v1.10", None),
        artifact("custom", "2.0", "v2.0", None),
    ]);
    assert_eq!(chosen(&registry.select("custom", None, "az", None)), "v2.0");
    let one_x = VersionSpec::Wildcard(vec![1]);
    assert_eq!(chosen(&registry.select("Custom", Some(&one_x), "az", None)), "v1.10");
    let exact = VersionSpec::Exact(v("1.2"));
    assert_eq!(chosen(&registry.select("custom", Some(&exact), "az", None)), "v1.2");
    // `latest` does not parse, so it is skipped and not listed.
    let three_x = VersionSpec::Wildcard(vec![3]);
    assert_eq!(chosen(&registry.select("custom", Some(&three_x), "az", None)), "no version of 1.2, 1.10, 2.0");
}

#[test]
fn artifacts_match_provider_and_region() {
    let registry = registry_with(&[
        package("custom", "1.0", "Custom"),
        artifact("custom", "1.0", "az/eastus", Some("eastus")),
        artifact("custom", "1.0", "az/westeurope", Some("westeurope")),
        artifact("custom", "1.00", "az/westus2", Some("westus2")),
    ]);
    assert_eq!(chosen(&registry.select("custom", None, "AZ", Some("WestEurope"))), "az/westeurope");
    // A node without a literal region takes any artifact of the provider.
    assert_eq!(chosen(&registry.select("custom", None, "az", None)), "az/eastus");
    // Versions are compared as numbers, so `1.00` is `1.0`.
    assert_eq!(chosen(&registry.select("custom", None, "az", Some("westus2"))), "az/westus2");
    assert_eq!(
        chosen(&registry.select("custom", None, "az", Some("southcentralus"))),
        "no artifact for 1.0 in [eastus, westeurope, westus2]"
    );
}

#[test]
fn an_artifact_without_region_fits_any_region_but_a_regional_one_wins() {
    let registry = registry_with(&[
        package("custom", "1.0", "Custom"),
        artifact("custom", "1.0", "az/any", None),
        artifact("custom", "1.0", "az/eastus", Some("eastus")),
    ]);
    assert_eq!(chosen(&registry.select("custom", None, "az", Some("eastus"))), "az/eastus");
    assert_eq!(chosen(&registry.select("custom", None, "az", Some("japaneast"))), "az/any");
}

#[test]
fn names_win_over_labels() {
    // A package whose label is another package's name: the name lookup comes first.
    let registry = registry_with(&[
        package("alpha", "1.0", "beta"),
        artifact("alpha", "1.0", "alpha-image", None),
        package("beta", "1.0", "Beta label"),
        artifact("beta", "1.0", "beta-image", None),
    ]);
    assert_eq!(chosen(&registry.select("beta", None, "az", None)), "beta-image");
}

#[test]
fn a_user_package_wins_over_a_builtin_of_the_same_name() {
    let registry = registry_with(&[
        package("cycle.image.centos7", "3.0", "My CentOS"),
        artifact("cycle.image.centos7", "3.0", "mine", None),
    ]);
    assert_eq!(chosen(&registry.select("cycle.image.centos7", None, "az", None)), "mine");
    // When its version does not match, the built-in is still there.
    let spec = VersionSpec::Wildcard(vec![1]);
    assert_eq!(chosen(&registry.select("cycle.image.centos7", Some(&spec), "az", None)), "builtin cycle.image.centos7");
}

#[test]
fn records_keep_every_field_and_ignore_other_ad_types() {
    let registry = registry_with(&[
        record(&[("AdType", "Cloud.Project"), ("Name", "x")]),
        record(&[
            ("adtype", "package"),
            ("NAME", "custom.image"),
            ("version", "1.0"),
            ("Label", "My Image"),
            ("OS", "Windows"),
            ("PackageType", "image"),
            ("JetpackVersion", "8.1.0"),
            ("InstallJetpack", "True"),
            ("JetpackPlatform", "windows"),
        ]),
        record(&[("AdType", "Package"), ("Version", "one")]),
    ]);
    let package = &registry.find_by_name("CUSTOM.IMAGE")[0];
    assert_eq!(package.version, Some(v("1.0")));
    assert_eq!(package.os, Some(Os::Windows));
    assert_eq!(package.install_jetpack, Some(true));
    assert_eq!(package.jetpack_version.as_deref(), Some("8.1.0"));
    assert_eq!(
        package.origin,
        Origin::File { path: std::path::Path::new("images.txt").into(), span: Span::default(), record_index: 1 }
    );
    // A package without a name is kept, with its unparsed version.
    let nameless = registry.packages.last().expect("the nameless package was added");
    assert_eq!((nameless.name.as_str(), nameless.version.as_ref(), nameless.version_text.as_str()), ("", None, "one"));
    assert_eq!(registry.find_by_label("my image").len(), 1);
}

#[test]
fn names_and_labels_are_listed_once() {
    let registry = registry_with(&[package("custom", "1.0", "Custom"), package("CUSTOM", "2.0", "custom")]);
    let all: Vec<&str> = registry.all_names_and_labels().collect();
    assert_eq!(all.iter().filter(|s| s.eq_ignore_ascii_case("custom")).count(), 1);
    assert_eq!(all.iter().filter(|s| **s == "Alma Linux 8").count(), 1);
    assert!(all.contains(&"cycle.image.win2022"));
    assert!(!all.contains(&""));
}

#[test]
fn os_parses_case_insensitively() {
    assert_eq!("LINUX".parse::<Os>(), Ok(Os::Linux));
    assert_eq!("windows".parse::<Os>(), Ok(Os::Windows));
    assert!("macos".parse::<Os>().is_err());
    assert_eq!(Os::Windows.to_string(), "windows");
}

const JSON: &str = r#"[
  {"AdType": "Package", "name": "r_execute", "VERSION": 2.1, "Label": "R", "InstallJetpack": false, "Tags": ["x"]},
  {"adtype": "Artifact", "Package": "r_execute", "Version": "2.1", "Name": "az/ue", "Provider": "az",
   "Region": "eastus", "ImageId": "Order66", "Region": null},
  {"AdType": "Cloud.Locker", "Name": "locker"}
]
"#;

#[test]
fn json_records_are_added_with_their_spans() {
    let mut registry = Registry::builtin();
    registry.add_json(Path::new("images.json"), JSON).expect("the sample is valid");
    assert!(registry.has_user_entries, "the built-ins had none; the JSON file adds some");
    let package = &registry.find_by_name("r_execute")[0];
    assert_eq!(package.version_text, "2.1");
    assert_eq!(package.install_jetpack, Some(false));
    let Origin::File { span, record_index, .. } = &package.origin else { panic!("a file origin") };
    assert_eq!(*record_index, 0);
    assert!(JSON[span.range()].starts_with("{\"AdType\"") && JSON[span.range()].ends_with("[\"x\"]}"));
    // `null` counts as absent, so the earlier `Region` stays.
    assert_eq!(registry.artifacts[0].region.as_deref(), Some("eastus"));
    assert_eq!(chosen(&registry.select("R", None, "az", Some("eastus"))), "Order66");
}

#[test]
fn json_errors_have_offsets_and_add_nothing() {
    let check = |text: &str, message: &str, at: &str| {
        let mut registry = Registry::builtin();
        let error = registry.add_json(Path::new("bad.json"), text).expect_err("the text is invalid");
        assert_eq!(error.message, message);
        assert_eq!(error.to_string(), message, "printed as its message");
        assert_eq!(&text[error.offset..error.offset + at.len()], at, "offset {}", error.offset);
        assert!(!registry.has_user_entries);
        assert_eq!(registry.packages.len(), Registry::builtin().packages.len());
    };
    check(r#"{"AdType": "Package"}"#, "expected a JSON array of records", "{");
    check(
        "[{\"AdType\": \"Package\"},\n \"text\"]",
        "invalid type: string \"text\", expected an object (one record)",
        "\"text\"]",
    );
    check("[{\"AdType\": \"Package\"},\n {\"Name\": }]", "expected value", "}");
    // An error on a later line of a record: serde_json counts lines from the record's start.
    check("[\n  {\"AdType\": \"Package\",\n   \"Name\": \n   ?}\n]", "expected value", "?}");
    check(r#"[{"AdType": "Package"}, ]"#, "trailing comma before `]`", "]");
    check(
        r#"[{"AdType": "Package"} {"AdType": "Package"}]"#,
        "expected `,` or `]` after a record",
        "{\"AdType\": \"Package\"}]",
    );
    check(r#"[{"AdType": "Package"}] x"#, "unexpected text after the array", "x");
    check(
        r#"[{"AdType": "Package"}, {"AdType": "Package", "Name": ["a"]}]"#,
        "`Name` must be a string, a number or a boolean",
        "{\"AdType\": \"Package\", \"Name\"",
    );
    check("[{\"AdType\": \"Package\"}", "unexpected end of the file, expected `]`", "");
}

#[test]
fn an_empty_json_array_adds_nothing() {
    let mut registry = Registry::builtin();
    assert_eq!(registry.add_json(Path::new("empty.json"), "\u{feff} [ ]\n"), Ok(()));
    assert!(!registry.has_user_entries);
}

/// Numbers and booleans are read whether written bare (`Version = 2`) or as expressions
/// (`Version := 1.5`), strings in any quoting, and `InstallJetpack` is a boolean only when it
/// says `true` or `false`. A value that is more than one literal is not evaluated.
#[test]
fn numbers_and_booleans_of_each_kind_are_read() {
    let text = "AdType = \"Package\"\nName = \"a\"\nVersion = 2\nInstallJetpack = \"sometimes\"\n\n\
                AdType = \"Package\"\nName = \"b\"\nVersion := 1.5\nInstallJetpack = \"FALSE\"\n\n\
                AdType = \"Package\"\nName = \"c\"\nVersion = 3.25\nInstallJetpack := true\n\n\
                AdType = \"Package\"\nName = \"\"\"d\"\"\"\nVersion = \"4\"\nInstallJetpack = false\n\n\
                AdType = \"Package\"\nName = \"e\"\nVersion = \"1.\" + \"0\"\n";
    let parsed = crate::syntax::parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let mut registry = Registry::default();
    registry.add_records(Path::new("r.txt"), &parsed.template.records);
    let found = |name: &str| {
        let p = &registry.find_by_name(name)[0];
        (p.version_text.clone(), p.install_jetpack)
    };
    assert_eq!(found("a"), ("2".to_string(), None));
    assert_eq!(found("b"), ("1.5".to_string(), Some(false)));
    assert_eq!(found("c"), ("3.25".to_string(), Some(true)));
    assert_eq!(found("d"), ("4".to_string(), Some(false)));
    assert_eq!(found("e"), (String::new(), None));
}

/// Lookups go through an index built at the first lookup: entries added later are found (the
/// index is rebuilt), and so are entries pushed onto the public lists directly (searched in full).
#[test]
fn lookups_see_entries_added_after_the_first_lookup() {
    let mut registry = registry_with(&[package("a.img", "1.0", "Image A"), artifact("A.IMG", "1.0", "a1", None)]);
    assert_eq!(registry.find_by_name("A.Img").len(), 1);
    assert_eq!(registry.find_by_label("image a").len(), 1);
    assert_eq!(chosen(&registry.select("a.img", None, "az", None)), "a1");

    registry.add_records(
        Path::new("more.txt"),
        &[package("b.img", "2.0", "Image B"), artifact("b.img", "2.0", "b2", None)],
    );
    assert_eq!(registry.find_by_name("B.IMG").len(), 1);
    assert!(registry.index().is_some(), "adding records resets the index, so it is rebuilt, not bypassed");
    assert_eq!(chosen(&registry.select("Image B", None, "az", None)), "b2");
    registry
        .add_json(
            Path::new("more.json"),
            r#"[{"AdType": "Package", "Name": "c.img", "Version": "1.0", "PackageType": "image"}]"#,
        )
        .expect("valid JSON");
    assert_eq!(registry.find_by_name("c.img").len(), 1);
    assert!(registry.index().is_some());

    let mut pushed = registry.packages[0].clone();
    pushed.name = "d.img".to_string();
    registry.packages.push(pushed);
    assert!(registry.index().is_none());
    assert_eq!(registry.find_by_name("D.img").len(), 1, "a list changed directly is searched in full");
    assert_eq!(registry.find_by_name("a.img").len(), 1);
}
