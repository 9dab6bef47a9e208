//! Structure-aware: templates built from the fuzzer's bytes with `arbitrary` (clusters, nodes and
//! nodearrays at their ranks, `[[node defaults]]`, `Extends` between them, parameters, images,
//! expressions, volumes, cluster-init specs), and a registry of records, so that the input gets
//! past the parser and reaches the rules. The whole pipeline and every output must not panic, and
//! every span must lie inside the text.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["scheduler", "execute", "hpc", "htc", "base", "defaults", "login", "Gpu", "x"];
const KEYS: &[&str] = &[
    "MachineType", "ImageName", "Image", "ImageId", "ImageVersion", "ImageOS", "SubnetId", "Credentials",
    "Region", "Extends", "Abstract", "MaxCoreCount", "Azure.MaxScalesetSize", "InstallJetpack",
    "JetpackPlatform", "AwaitInstallation", "Azure.Publisher", "Azure.Offer", "Azure.Sku", "Azure.ImageVersion",
    "KeyPairLocation", "Tags.Owner", "DefaultValue", "ParameterType", "Label", "Config.Required", "Bogus",
];
const VALUES: &[&str] = &[
    "cycle.image.ubuntu22", "custom.image", "Standard_D4s_v5", "$Region", "$MachineType", "${ifThenElse(a, b, c)}",
    "${", "true", "false", "undefined", "1,000", "1.x", "2.1.1", "\"quoted\"", "'single", "linux", "windows",
    "a, b, c", "base", "hpc, base", "Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest", "8.3",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/i", "=undefined", "",
];
const EXPRS: &[&str] = &["a && b", "f(1, 2", "undefined()", "{1, 2}", "[a = 1; b = 2]", "x.y[0]", "((", "\"s\" + 1"];

fn pick<'a>(u: &mut Unstructured, from: &[&'a str]) -> Result<&'a str> {
    Ok(*u.choose(from)?)
}

fn attribute(u: &mut Unstructured, out: &mut String, indent: &str) -> Result<()> {
    let key = pick(u, KEYS)?;
    if u.ratio(1, 6)? {
        out.push_str(&format!("{indent}{key} := {}\n", pick(u, EXPRS)?));
    } else {
        out.push_str(&format!("{indent}{key} = {}\n", pick(u, VALUES)?));
    }
    Ok(())
}

fn template(u: &mut Unstructured) -> Result<String> {
    let mut out = String::new();
    let ending = *u.choose(&["\n", "\r\n", "\r"])?;
    for c in 0..u.int_in_range(0..=2)? {
        out.push_str(&format!("[cluster c{c}]\n"));
        for _ in 0..u.int_in_range(0..=3)? {
            attribute(u, &mut out, "  ")?;
        }
        for _ in 0..u.int_in_range(0..=6)? {
            let kind = if u.ratio(1, 3)? { "nodearray" } else { "node" };
            out.push_str(&format!("  [[{kind} {}]]\n", pick(u, NAMES)?));
            for _ in 0..u.int_in_range(0..=8)? {
                attribute(u, &mut out, "    ")?;
            }
            match u.int_in_range(0..=4)? {
                0 => out.push_str("    [[[volume v]]]\n    Size = 100\n"),
                1 => out.push_str(&format!("    [[[cluster-init {}]]]\n", pick(u, &["cyclecloud/slurm:default:3.0.1", "x:y", "proj:spec"])?)),
                2 => out.push_str("    [[[configuration]]]\n    slurm.version = 23.02\n"),
                _ => {}
            }
        }
    }
    if u.ratio(1, 2)? {
        out.push_str("[parameters P]\n  [[parameters Q]]\n");
        for _ in 0..u.int_in_range(0..=4)? {
            out.push_str(&format!("    [[[parameter {}]]]\n", pick(u, &["Region", "MachineType", "Unused", "x"])?));
            for _ in 0..u.int_in_range(0..=3)? {
                attribute(u, &mut out, "    ")?;
            }
        }
    }
    if u.ratio(1, 8)? {
        out.push_str("# cyclelint: ignore[missing-image, bogus-rule]\n");
    }
    // A few raw bytes of noise, as a user's typo would be.
    let noise: &str = u.arbitrary()?;
    out.push_str(noise);
    Ok(out.replace('\n', ending))
}

fn registry(u: &mut Unstructured) -> Result<String> {
    let mut out = String::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let name = pick(u, &["custom.image", "CUSTOM.IMAGE", "other"])?;
        let version = pick(u, &["1.0", "1.0.0", "2.x", "", "1..2"])?;
        out.push_str(&format!("AdType = \"Package\"\nName = \"{name}\"\nVersion = \"{version}\"\nPackageType = \"image\"\nOS = \"{}\"\n\n", pick(u, &["linux", "windows", "beos"])?));
        if u.ratio(2, 3)? {
            out.push_str(&format!(
                "AdType = \"Artifact\"\nPackage = \"{name}\"\nVersion = \"{version}\"\nName = \"az/eastus\"\nProvider = \"{}\"\nRegion = \"eastus\"\nImageId = \"/x\"\n\n",
                pick(u, &["az", ""])?
            ));
        }
    }
    Ok(out)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(records), Ok(text)) = (registry(&mut u), template(&mut u)) else { return };
    let mut reg = cyclelint::registry::Registry::builtin();
    let parsed = cyclelint::syntax::parse(&records);
    reg.add_records(std::path::Path::new("reg.txt"), &parsed.template.records);
    let linter = cyclelint::lint::Linter::with_registry(reg);
    let result = linter.check_text("fuzz.txt", text.clone());
    for d in &result.diagnostics {
        assert!(d.span.start() <= d.span.end() && d.span.end() <= text.len(), "{d:?}");
        for l in &d.secondary {
            assert!(l.span.start() <= l.span.end() && l.span.end() <= text.len(), "{d:?}");
        }
    }
    let results = [result];
    let _ = cyclelint::report::json::render(&results);
    let _ = cyclelint::report::sarif::render(&results);
    let _ = cyclelint::report::concise::render(&results);
    let _ = cyclelint::lint::Linter::new().check_text("reg.txt", records);
});
