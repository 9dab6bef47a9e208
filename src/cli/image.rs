//! `cyclelint image add | list | resolve`: keep a local image registry the way `cyclecloud image add`
//! does, offline, from inventories exported with the Azure CLI.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use serde_json::json;

use cyclelint::diagnostic::did_you_mean;
use cyclelint::discover::io_message;
use cyclelint::image::add::{AddError, AddOptions, VersionChoice};
use cyclelint::image::inventory::{parse_inventory, InventoryImage};
use cyclelint::image::store::{add_to_registry, Outcome, StoreError};
use cyclelint::lint::FileResult;
use cyclelint::registry::{self, Bump, Os, Package, Registry, Selection, Version, VersionSpec};
use cyclelint::report::human;

use super::{eprint_text, error, print, ColorChoice, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

#[derive(Args, Debug)]
pub struct ImageArgs {
    #[command(subcommand)]
    command: ImageCommand,
}

#[derive(Subcommand, Debug)]
enum ImageCommand {
    /// Add images found in inventory files to a registry file: one `Package` record and one
    /// `Artifact` per image location.
    Add(AddArgs),
    /// List the packages of the registries (built-in images included), with their versions and regions.
    List(ListArgs),
    /// Show which package version and artifact CycleCloud would pick for an image name or label.
    // `--version` is the image version here, not cyclelint's.
    #[command(disable_version_flag = true)]
    Resolve(ResolveArgs),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum OsArg {
    Linux,
    Windows,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum BumpArg {
    Major,
    Minor,
    Patch,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// Images to add: Azure resource ids or names, or a gallery image definition's name (`NAME` for its latest version, `NAME/VERSION`), case-insensitive.
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<String>,
    /// The package name (`ImageName = NAME` in templates).
    #[arg(long, value_parser = clap::builder::NonEmptyStringValueParser::new())]
    name: String,
    /// The registry file to add to: record text (`*.txt`) or JSON (`*.json`); created when missing.
    #[arg(long, value_name = "FILE")]
    registry: PathBuf,
    /// An account's images: `ACCOUNT=FILE`, the output of `az image list -o json` or
    /// `az sig image-version list -o json`. Without `ACCOUNT=`, the file's stem names the account.
    /// Repeatable.
    #[arg(long, value_name = "ACCOUNT=FILE", required = true)]
    inventory: Vec<String>,
    /// Search only this account's inventory. Repeatable.
    #[arg(long, value_name = "ACCOUNT")]
    account: Vec<String>,
    /// The package label (`Image = LABEL` in templates).
    #[arg(long)]
    label: Option<String>,
    /// The image's operating system (default: what the inventory says).
    #[arg(long, value_enum)]
    os: Option<OsArg>,
    /// Use this version (default: the latest stored version of the package, or `1.0`).
    #[arg(long, value_name = "V", conflicts_with = "bump_version")]
    package_version: Option<Version>,
    /// Increment the first, second or third part of the latest stored version.
    #[arg(long, value_enum)]
    bump_version: Option<BumpArg>,
    /// The Jetpack version installed, or to install, on the image.
    #[arg(long, value_name = "V")]
    jetpack_version: Option<String>,
    /// Install Jetpack at run time on this image.
    #[arg(long)]
    install_jetpack: bool,
    /// The Jetpack platform of the image (`centos-7`, `ubuntu-14.04`, `windows`, …).
    #[arg(long, value_name = "P")]
    jetpack_platform: Option<String>,
    /// Print what would be added, write nothing.
    #[arg(long)]
    dry_run: bool,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// When to use colour (for the diagnostics of a registry that does not load).
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// An image registry: a record file (`*.txt`), a JSON file (`*.json`) or a folder. Repeatable.
    #[arg(long, value_name = "PATH")]
    registry: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct ResolveArgs {
    /// A package name (`ImageName`) or label (`Image`).
    #[arg(value_name = "NAME-OR-LABEL")]
    image: String,
    /// An `ImageVersion`: a version (`1.2`) or a wildcard (`1.x`).
    #[arg(long, value_name = "V")]
    version: Option<VersionSpec>,
    /// The node's region (default: any).
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// An image registry: a record file (`*.txt`), a JSON file (`*.json`) or a folder. Repeatable.
    #[arg(long, value_name = "PATH")]
    registry: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
}

pub fn run(args: ImageArgs) -> u8 {
    match args.command {
        ImageCommand::Add(args) => run_add(args),
        ImageCommand::List(args) => run_list(args),
        ImageCommand::Resolve(args) => run_resolve(args),
    }
}

fn run_add(args: AddArgs) -> u8 {
    let mut inventory: Vec<InventoryImage> = Vec::new();
    for spec in &args.inventory {
        let (account, path) = match spec.split_once('=') {
            Some((account, path)) if !account.is_empty() && !path.is_empty() => {
                (account.to_string(), PathBuf::from(path))
            }
            Some(_) => {
                error(format!("`--inventory {spec}`: expected `ACCOUNT=FILE`"));
                return EXIT_USAGE;
            }
            None => {
                let path = PathBuf::from(spec);
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                (stem, path)
            }
        };
        let text = match cyclelint::fsutil::read_file(&path, cyclelint::fsutil::DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| e.to_string())
            .and_then(|b| String::from_utf8(b).map_err(|_| "it is not valid UTF-8".to_string()))
        {
            Ok(text) => text,
            Err(message) => {
                error(format!("cannot read inventory `{}`: {message}", path.display()));
                return EXIT_USAGE;
            }
        };
        match parse_inventory(&account, &text) {
            Ok(images) => inventory.extend(images),
            Err(e) => {
                error(format!("inventory `{}` is not an Azure CLI image listing: {e}", path.display()));
                return EXIT_USAGE;
            }
        }
    }
    let options = AddOptions {
        images: args.images.clone(),
        name: args.name.clone(),
        label: args.label.clone(),
        os: args.os.map(|os| match os {
            OsArg::Linux => Os::Linux,
            OsArg::Windows => Os::Windows,
        }),
        version: match (&args.package_version, args.bump_version) {
            (Some(v), _) => VersionChoice::Exact(v.clone()),
            (None, Some(b)) => VersionChoice::Bump(match b {
                BumpArg::Major => Bump::Major,
                BumpArg::Minor => Bump::Minor,
                BumpArg::Patch => Bump::Patch,
            }),
            (None, None) => VersionChoice::Latest,
        },
        accounts: args.account.clone(),
        jetpack_version: args.jetpack_version.clone(),
        install_jetpack: args.install_jetpack,
        jetpack_platform: args.jetpack_platform.clone(),
    };
    let shown = args.registry.display().to_string();
    match add_to_registry(&args.registry, &inventory, &options, args.dry_run) {
        Ok(outcome) => {
            for removed in &outcome.removed_temp_files {
                eprint_text(&format!("note: removed `{}`, left by an interrupted `image add`\n", removed.display()));
            }
            for warning in &outcome.plan.warnings {
                eprint_text(&format!("warning: {warning}\n"));
            }
            match args.format {
                Format::Human => print(&add_summary(&shown, &outcome)),
                Format::Json => print_json(&add_json(&shown, &outcome)),
            }
            EXIT_OK
        }
        Err(StoreError::Plan(e)) => {
            report_plan_error(&e, &inventory);
            EXIT_FINDINGS
        }
        Err(StoreError::Invalid(file)) => {
            let result = FileResult { path: shown.clone(), text: file.text, diagnostics: file.diagnostics, kind: None };
            eprint_text(&human::render(&[result], human::Style { color: args.color.enabled(), width: 100 }));
            error(format!("registry `{shown}` does not load: nothing written"));
            EXIT_FINDINGS
        }
        Err(StoreError::NotARegistry { path, message }) => {
            error(format!("cannot use registry `{}`: {message}; nothing written", path.display()));
            EXIT_FINDINGS
        }
        Err(StoreError::Io { path, error: e }) => {
            error(format!("cannot update `{}`: {}; nothing written", path.display(), io_message(&e)));
            EXIT_USAGE
        }
        Err(StoreError::Verification(message)) => {
            error(format!("internal error, nothing written: {message} (please report this bug)"));
            EXIT_USAGE
        }
    }
}

fn report_plan_error(e: &AddError, inventory: &[InventoryImage]) {
    match e {
        AddError::Unmatched { images } => {
            for unmatched in images {
                let hint = unmatched.suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
                error(format!("no image has the id or name `{}` in the inventories{hint}", unmatched.image));
            }
            let accounts: std::collections::BTreeSet<&str> = inventory.iter().map(|i| i.account.as_str()).collect();
            let accounts: Vec<String> = accounts.iter().map(|a| format!("`{a}`")).collect();
            eprint_text(&format!(
                "note: searched {} image(s) of account(s) {}; nothing written\n",
                inventory.len(),
                accounts.join(", ")
            ));
        }
        AddError::UnknownAccount { account, known } => {
            let known: Vec<String> = known.iter().map(|a| format!("`{a}`")).collect();
            let hint = did_you_mean(account, known.iter().map(|k| k.trim_matches('`'))).unwrap_or_default();
            error(format!("{e}; accounts with an inventory: {} {hint}", known.join(", ")).trim_end().to_string());
        }
        AddError::ArtifactExists { .. } => {
            error(format!("{e}; nothing written"));
            eprint_text("help: add a new version with `--bump-version` or `--package-version`\n");
        }
    }
}

/// The summary is the same for a run and a dry run, except its last line.
fn add_summary(registry: &str, outcome: &Outcome) -> String {
    let plan = &outcome.plan;
    let p = &plan.package;
    let mut out = String::new();
    if plan.new_package {
        let mut details = Vec::new();
        if let Some(label) = &p.label {
            details.push(format!("label `{label}`"));
        }
        if let Some(os) = p.os {
            details.push(format!("OS `{os}`"));
        }
        let details = if details.is_empty() { String::new() } else { format!(" ({})", details.join(", ")) };
        out.push_str(&format!("package `{}` version `{}`{details}: new\n", p.name, p.version));
    } else {
        out.push_str(&format!("package `{}` version `{}`: already stored, adding artifacts\n", p.name, p.version));
    }
    for a in &plan.artifacts {
        out.push_str(&format!(
            "  artifact `{}`: region `{}`, image `{}` of account `{}`\n    {}\n",
            a.name, a.region, a.image, a.account, a.image_id
        ));
    }
    let records = plan.artifacts.len() + usize::from(plan.new_package);
    if outcome.written {
        out.push_str(&format!("added {records} record(s) to `{registry}`\n"));
    } else {
        out.push_str(&format!("dry run: {records} record(s) would be added to `{registry}`; nothing written\n"));
    }
    out
}

fn add_json(registry: &str, outcome: &Outcome) -> serde_json::Value {
    json!({
        "version": 1,
        "registry": registry,
        "dry_run": !outcome.written,
        "written": outcome.written,
        "package": outcome.plan.package,
        "new_package": outcome.plan.new_package,
        "artifacts": outcome.plan.artifacts,
        "warnings": outcome.plan.warnings,
    })
}

/// Loads the built-ins and the registry files; prints load errors and file diagnostics. Returns
/// the registry and, when something was wrong, the exit status it calls for: 2 when a registry
/// cannot be used at all (missing, unreadable; as in `check`), 1 when one has errors.
fn load_registries(paths: &[PathBuf], color: ColorChoice) -> (Registry, Option<u8>) {
    let mut registry = Registry::builtin();
    let (files, errors) = registry::load::load(paths, &mut registry);
    let mut failed = None;
    for e in errors {
        error(format!("cannot use registry `{}`: {}", e.path.display(), e.message));
        failed = Some(EXIT_USAGE);
    }
    let broken: Vec<FileResult> = files
        .into_iter()
        .filter(|f| f.diagnostics.iter().any(|d| d.severity == cyclelint::diagnostic::Severity::Error))
        .map(FileResult::from)
        .collect();
    if !broken.is_empty() {
        eprint_text(&human::render(&broken, human::Style { color: color.enabled(), width: 100 }));
        failed = failed.or(Some(EXIT_FINDINGS));
    }
    (registry, failed)
}

#[derive(Serialize)]
struct ListedPackage {
    name: String,
    label: Option<String>,
    os: Option<Os>,
    builtin: bool,
    versions: Vec<ListedVersion>,
}

#[derive(Serialize)]
struct ListedVersion {
    version: String,
    label: Option<String>,
    os: Option<Os>,
    regions: Vec<String>,
}

fn run_list(args: ListArgs) -> u8 {
    let (registry, failed) = load_registries(&args.registry, args.color);
    let listed = list_packages(&registry);
    match args.format {
        Format::Json => print_json(&json!({ "version": 1, "packages": listed })),
        Format::Human => {
            let mut out = String::new();
            for p in &listed {
                let label = p.label.as_deref().map(|l| format!(" \"{l}\"")).unwrap_or_default();
                let os = p.os.map(|o| format!(" {o}")).unwrap_or_default();
                let builtin = if p.builtin { " (built-in)" } else { "" };
                out.push_str(&format!("{}{label}{os}{builtin}\n", p.name));
                for v in &p.versions {
                    let regions =
                        if v.regions.is_empty() { "no `az` artifacts".to_string() } else { v.regions.join(", ") };
                    out.push_str(&format!("  {}: {regions}\n", v.version));
                }
            }
            print(&out);
        }
    }
    if let Some(status) = failed {
        status
    } else {
        EXIT_OK
    }
}

/// Registry packages first (by name, versions newest first), then built-ins in catalogue order.
fn list_packages(registry: &Registry) -> Vec<ListedPackage> {
    let mut user: Vec<ListedPackage> = Vec::new();
    let mut builtin = Vec::new();
    for package in &registry.packages {
        if package.origin == registry::Origin::Builtin {
            builtin.push(ListedPackage {
                name: package.name.clone(),
                label: package.label.clone(),
                os: package.os,
                builtin: true,
                versions: Vec::new(),
            });
            continue;
        }
        let version = ListedVersion {
            version: package.version_text.clone(),
            label: package.label.clone(),
            os: package.os,
            regions: regions_of(registry, package),
        };
        match user.iter_mut().find(|p| p.name.eq_ignore_ascii_case(&package.name)) {
            Some(listed) => listed.versions.push(version),
            None => user.push(ListedPackage {
                name: package.name.clone(),
                label: None,
                os: None,
                builtin: false,
                versions: vec![version],
            }),
        }
    }
    for listed in &mut user {
        listed.versions.sort_by(|a, b| {
            let parse = |v: &ListedVersion| v.version.parse::<Version>().ok();
            parse(b).cmp(&parse(a)).then_with(|| a.version.cmp(&b.version))
        });
        // The newest version's label and OS are the package's.
        if let Some(newest) = listed.versions.first() {
            listed.label = newest.label.clone();
            listed.os = newest.os;
        }
    }
    user.sort_by_key(|p| p.name.to_ascii_lowercase());
    user.extend(builtin);
    user
}

/// The regions of the package version's `az` artifacts, once each, in file order.
fn regions_of(registry: &Registry, package: &Package) -> Vec<String> {
    let mut regions: Vec<String> = Vec::new();
    for a in &registry.artifacts {
        let ours = a.package.eq_ignore_ascii_case(&package.name)
            && match (&a.version, &package.version) {
                (Some(a), Some(p)) => a == p,
                _ => a.version_text == package.version_text,
            }
            && a.provider.as_deref().is_some_and(|p| p.eq_ignore_ascii_case("az"));
        if ours {
            let region = a.region.clone().unwrap_or_else(|| "(any region)".to_string());
            if !regions.iter().any(|r| r.eq_ignore_ascii_case(&region)) {
                regions.push(region);
            }
        }
    }
    regions
}

fn run_resolve(args: ResolveArgs) -> u8 {
    let (registry, failed) = load_registries(&args.registry, args.color);
    let selection = registry.select(&args.image, args.version.as_ref(), "az", args.region.as_deref());
    let spec = args.version.as_ref().map(|s| s.to_string());
    let (found, message, value) = match &selection {
        Selection::Found { package, artifact } => {
            let message = match artifact {
                Some(a) => format!(
                    "`{}` version `{}`, artifact `{}`{}: {}",
                    package.name,
                    package.version_text,
                    a.name,
                    a.region.as_deref().map(|r| format!(" in `{r}`")).unwrap_or_default(),
                    a.image_id.as_deref().unwrap_or("(no `ImageId`)")
                ),
                None => format!(
                    "`{}` is a built-in image{}: available in every region",
                    package.name,
                    package.label.as_deref().map(|l| format!(" (`{l}`)")).unwrap_or_default()
                ),
            };
            let value = json!({ "package": package, "artifact": artifact });
            (true, message, value)
        }
        Selection::UnknownImage => {
            let hint = did_you_mean(&args.image, registry.all_names_and_labels())
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            (
                false,
                format!("no image package has the name or label `{}`{hint}", args.image),
                json!({ "reason": "unknown-image" }),
            )
        }
        Selection::NoMatchingVersion { available } => {
            let list: Vec<String> = available.iter().map(|v| format!("`{v}`")).collect();
            let message = format!(
                "no version of `{}` matches `{}`; stored versions: {}",
                args.image,
                spec.as_deref().unwrap_or(""),
                list.join(", ")
            );
            (false, message, json!({ "reason": "no-matching-version", "available": available }))
        }
        Selection::NoArtifact { package, version, regions_available } => {
            let regions: Vec<String> = regions_available.iter().map(|r| format!("`{r}`")).collect();
            let where_ = args.region.as_deref().map(|r| format!(" in `{r}`")).unwrap_or_default();
            let have = if regions.is_empty() {
                "it has no `az` artifacts".to_string()
            } else {
                format!("it has artifacts in {}", regions.join(", "))
            };
            let message = format!("`{}` version `{version}` has no `az` artifact{where_}; {have}", package.name);
            let value = json!({ "reason": "no-artifact", "package": package, "regions_available": regions_available });
            (false, message, value)
        }
    };
    match args.format {
        Format::Human => {
            if found {
                print(&format!("{message}\n"));
            } else {
                error(&message);
            }
        }
        Format::Json => {
            let mut out = json!({ "version": 1, "image": args.image, "image_version": spec, "region": args.region, "found": found, "message": message });
            if let (Some(out), Some(extra)) = (out.as_object_mut(), value.as_object()) {
                out.extend(extra.clone());
            }
            print_json(&out);
        }
    }
    if let Some(EXIT_USAGE) = failed {
        EXIT_USAGE
    } else if !found || failed.is_some() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn print_json(value: &serde_json::Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print(&(text + "\n")),
        Err(e) => error(format!("cannot write JSON: {e}")),
    }
}
