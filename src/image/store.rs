//! Writing `image add`'s records into a registry file without ever losing or corrupting it.
//!
//! One add is a transaction: take the registry's exclusive lock (`{file}.lock`), remove temporary
//! files that an interrupted add left, read and load the file (a file with errors is refused),
//! plan, render the new text by appending to the old bytes, load the new text again and check that
//! it holds what was planned, then replace the file atomically ([`atomic_write`]) and release the
//! lock. A dry run takes no lock and writes nothing, not even the lock file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::fsutil::{atomic_write, FileLock};
use crate::image::add::{self, AddError, AddOptions, Plan, RegistryFormat};
use crate::image::inventory::InventoryImage;
use crate::registry::load::{load, RegistryFile};
use crate::registry::Registry;

/// What an add did or, in a dry run, would do.
#[derive(Debug)]
pub struct Outcome {
    pub plan: Plan,
    /// False in a dry run.
    pub written: bool,
    /// Temporary files of interrupted adds that were removed.
    pub removed_temp_files: Vec<PathBuf>,
}

/// Why an add wrote nothing.
#[derive(Debug)]
pub enum StoreError {
    /// The registry file could not be read, locked or written.
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// The registry file does not load; its text and diagnostics, for rendering.
    Invalid(Box<RegistryFile>),
    /// The registry file cannot be a registry (a template, say).
    NotARegistry {
        path: PathBuf,
        message: String,
    },
    Plan(AddError),
    /// The rendered text did not load back as planned: a bug in cyclelint, caught before writing.
    Verification(String),
}

/// Adds the images `options` names, found in `inventory`, to the registry file `path` (created
/// when missing).
pub fn add_to_registry(
    path: &Path,
    inventory: &[InventoryImage],
    options: &AddOptions,
    dry_run: bool,
) -> Result<Outcome, StoreError> {
    let io_error = |error| StoreError::Io { path: path.to_path_buf(), error };
    // Held until the end of this function, after the rename.
    // A symlinked registry: its target is what gets replaced, so lock and clean up beside it.
    let real = crate::fsutil::resolve_links(path).map_err(io_error)?;
    let _lock = if dry_run { None } else { Some(FileLock::lock_exclusive(&real).map_err(io_error)?) };
    let removed_temp_files = if dry_run { Vec::new() } else { remove_stale_temp_files(&real).map_err(io_error)? };

    let (existing, registry) = read_registry(path)?;
    let plan = add::plan(&registry, inventory, options).map_err(StoreError::Plan)?;
    let format = RegistryFormat::of(path);
    let text = add::render(format, &existing, &plan);
    verify(path, &registry, &plan, &text)?;
    if !dry_run {
        atomic_write(path, text.as_bytes()).map_err(io_error)?;
    }
    Ok(Outcome { plan, written: !dry_run, removed_temp_files })
}

/// The file's text and the registry it holds (without built-ins). A missing or blank file is an
/// empty registry.
pub fn read_registry(path: &Path) -> Result<(String, Registry), StoreError> {
    // Only a regular file is read (a FIFO would hang with the lock held), within the input limit.
    let bytes = match crate::fsutil::read_file_if_exists(path, crate::fsutil::DEFAULT_MAX_FILE_SIZE) {
        Ok(bytes) => bytes.unwrap_or_default(),
        Err(crate::fsutil::ReadError::Io(error)) => return Err(StoreError::Io { path: path.to_path_buf(), error }),
        Err(e) => return Err(StoreError::Io { path: path.to_path_buf(), error: io::Error::other(e.to_string()) }),
    };
    if is_blank(&bytes) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        return Ok((text, Registry::default()));
    }
    let mut registry = Registry::default();
    let (mut files, errors) = load(&[path.to_path_buf()], &mut registry);
    if let Some(error) = errors.into_iter().next() {
        return Err(StoreError::NotARegistry { path: error.path, message: error.message });
    }
    let Some(file) = files.pop() else {
        return Err(StoreError::NotARegistry { path: path.to_path_buf(), message: "it was not read".to_string() });
    };
    if file.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(StoreError::Invalid(Box::new(file)));
    }
    // `load` read the file again; the lock keeps cooperating writers out in between, and its text is
    // the bytes as read (valid UTF-8, or it would have an error).
    Ok((file.text, registry))
}

/// True when `name` is a temporary file that [`atomic_write`] makes for the file `target_name`:
/// `.{target_name}.{pid}.{n}.tmp`.
pub fn is_temp_file_of(name: &str, target_name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|r| r.strip_prefix(target_name)) else { return false };
    let Some(middle) = rest.strip_prefix('.').and_then(|r| r.strip_suffix(".tmp")) else { return false };
    let mut parts = middle.split('.');
    let numeric = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    numeric(parts.next()) && numeric(parts.next()) && parts.next().is_none()
}

/// Removes the temporary files of `path`'s interrupted writes. Only call with the lock held: every
/// writer holds it while its temporary file exists, so any such file found then is stale.
fn remove_stale_temp_files(path: &Path) -> io::Result<Vec<PathBuf>> {
    let Some(target_name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(Vec::new());
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut removed = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if is_temp_file_of(&entry.file_name().to_string_lossy(), &target_name) && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed.push(entry.path());
        }
    }
    removed.sort();
    Ok(removed)
}

fn is_blank(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    bytes.iter().all(|b| b.is_ascii_whitespace())
}

/// Loads `text` as the new content of `path` and checks it holds the old records plus the plan's.
fn verify(path: &Path, old: &Registry, plan: &Plan, text: &str) -> Result<(), StoreError> {
    let fail = |message: String| Err(StoreError::Verification(message));
    let mut new = Registry::default();
    let diagnostics: Vec<Diagnostic> = match RegistryFormat::of(path) {
        RegistryFormat::Json => match new.add_json(path, text) {
            Ok(()) => Vec::new(),
            Err(e) => return fail(format!("the new JSON does not load: {e}")),
        },
        RegistryFormat::Records => {
            let parsed = crate::syntax::parse(text);
            if parsed.template.kind != crate::model::FileKind::Records {
                return fail("the new text is not a record file".to_string());
            }
            new.add_records(path, &parsed.template.records);
            parsed.diagnostics
        }
    };
    if let Some(d) = diagnostics.iter().find(|d| d.severity == Severity::Error) {
        return fail(format!("the new text has an error: {}", d.message));
    }
    let new_packages = usize::from(plan.new_package);
    if new.packages.len() != old.packages.len() + new_packages
        || new.artifacts.len() != old.artifacts.len() + plan.artifacts.len()
    {
        return fail("the new text does not hold the old records plus the new ones".to_string());
    }
    let version = Some(&plan.package.version);
    let package_ok = new.find_by_name(&plan.package.name).iter().any(|p| {
        p.version.as_ref() == version
            && (!plan.new_package || (p.label == plan.package.label && p.os == plan.package.os))
    });
    let artifacts_ok = plan.artifacts.iter().all(|planned| {
        new.artifacts.iter().any(|a| {
            a.package == plan.package.name
                && a.version.as_ref() == version
                && a.name == planned.name
                && a.region.as_deref() == Some(planned.region.as_str())
                && a.image_id.as_deref() == Some(planned.image_id.as_str())
                && a.provider.as_deref() == Some(add::PROVIDER)
        })
    });
    if !package_ok || !artifacts_ok {
        return fail("the new text does not read back as the planned records".to_string());
    }
    Ok(())
}
