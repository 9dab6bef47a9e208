//! `image add` without IO, over inventories built from the fuzzer's bytes: Azure CLI listings (`az
//! image list`, `az sig image-version list`) with fuzzed ids, names, locations, OS and replication
//! regions, or raw text. Parsing an inventory, planning an add and rendering it (record text and
//! JSON, appended to a fuzzed existing registry) must not panic, and what is rendered must load
//! back with the planned records.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

use cyclelint::image::add::{self, AddOptions, RegistryFormat, VersionChoice};
use cyclelint::image::inventory::parse_inventory;
use cyclelint::registry::Registry;

const LOCATIONS: &[&str] = &["eastus", "westeurope", "East US", "", "weird location", "EASTUS"];
const NAMES: &[&str] = &["order66", "img", "1.0.0", "", "a\"b", "ünïcode", "x/y"];

fn inventory(u: &mut Unstructured) -> Result<String> {
    if u.ratio(1, 8)? {
        return Ok(u.arbitrary::<&str>()?.to_string());
    }
    let mut items = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let name = *u.choose(NAMES)?;
        let location = *u.choose(LOCATIONS)?;
        let os = *u.choose(&["Linux", "Windows", "Plan9", ""])?;
        let item = if u.ratio(1, 2)? {
            serde_json::json!({
                "id": format!("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/{name}"),
                "name": name, "location": location,
                "storageProfile": { "osDisk": { "osType": os } },
            })
        } else {
            let regions: Vec<serde_json::Value> =
                (0..u.int_in_range(0..=3)?).map(|i| serde_json::json!({ "name": LOCATIONS[i % LOCATIONS.len()] })).collect();
            serde_json::json!({
                "id": format!("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/{name}/versions/{}", *u.choose(&["1.0.0", "2.1", "x"])?),
                "name": *u.choose(&["1.0.0", "2.1", "x"])?, "location": location,
                "publishingProfile": { "targetRegions": regions },
                "storageProfile": { "osDiskImage": { "osType": os } },
            })
        };
        items.push(item);
    }
    Ok(serde_json::Value::Array(items).to_string())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(text) = inventory(&mut u) else { return };
    let Ok(images) = parse_inventory("acct", &text) else { return };
    let Ok(existing) = u.arbitrary::<&str>() else { return };
    let json = u.ratio(1, 2).unwrap_or(false);
    let format = if json { RegistryFormat::Json } else { RegistryFormat::Records };
    let mut registry = Registry::default();
    let loads = if json {
        registry.add_json(std::path::Path::new("r.json"), existing).is_ok()
    } else {
        let parsed = cyclelint::syntax::parse(existing);
        registry.add_records(std::path::Path::new("r.txt"), &parsed.template.records);
        parsed.diagnostics.is_empty()
    };
    let wanted: Vec<String> = images.iter().take(2).map(|i| i.name.clone()).collect();
    let options = AddOptions {
        images: if wanted.is_empty() { vec!["order66".to_string()] } else { wanted },
        name: "custom.image".to_string(),
        label: None,
        os: None,
        version: VersionChoice::Latest,
        accounts: Vec::new(),
        jetpack_version: None,
        install_jetpack: false,
        jetpack_platform: None,
    };
    let Ok(plan) = add::plan(&registry, &images, &options) else { return };
    let rendered = add::render(format, existing, &plan);
    if !loads {
        return;
    }
    // What `image add` would write loads back with one more package (when new) and the artifacts.
    let mut again = Registry::default();
    if json {
        again.add_json(std::path::Path::new("r.json"), &rendered).expect("rendered JSON loads");
    } else {
        let parsed = cyclelint::syntax::parse(&rendered);
        again.add_records(std::path::Path::new("r.txt"), &parsed.template.records);
    }
    assert_eq!(again.packages.len(), registry.packages.len() + usize::from(plan.new_package), "{rendered}");
    assert_eq!(again.artifacts.len(), registry.artifacts.len() + plan.artifacts.len(), "{rendered}");
});
