//! Every file cyclelint writes, and every input it reads, goes through here.
//!
//! Writing ([`atomic_write`] for registries, [`write_output`] for reports and baselines):
//! - a regular file (or a missing path) is replaced atomically: a temporary file in the same folder
//!   is written, synced and renamed over it, so readers see the old content or the new one;
//! - a symlink is followed and its target replaced (the link stays a link);
//! - the replaced file's permissions are kept, and its owner and group as far as the process may
//!   set them (as root, always);
//! - a hard-linked file is replaced under the name given only: its other names keep the old content,
//!   as with editors that save atomically (tested below);
//! - a path that exists and is not a regular file (a device such as `/dev/null`, a FIFO such as
//!   `-o >(cmd)`) is written in place by [`write_output`], never replaced; [`atomic_write`] refuses
//!   it (a registry must be a regular file). A socket or a folder is refused by both.
//!
//! Reading ([`read_file`], [`read_stdin`]): only regular files and standard input are read; a FIFO,
//! device or folder named as a file is refused (reading one could hang or never end), and a file
//! larger than the limit ([`DEFAULT_MAX_FILE_SIZE`], `max-file-size`) is not read at all.
//!
//! [`FileLock`] serialises writers that cooperate through a sidecar `*.lock` file.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Test hook: when set, [`atomic_write`] stops after the temporary file is written and synced, before
/// the rename. The value `abort` aborts the process (a crash, leaving the temporary file behind);
/// any other value makes it return an error (and remove the temporary file).
pub const FAIL_BEFORE_RENAME_ENV: &str = "CYCLELINT_FAIL_BEFORE_RENAME";

/// The largest input read by default: 64 MB (64 × 1,048,576 bytes).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * MB;

const MB: u64 = 1024 * 1024;

/// Most symlinks followed from one path (as Linux's `MAXSYMLINKS`).
const MAX_SYMLINKS: usize = 40;

/// Replaces the regular file `path` (or creates it) with `bytes` atomically; for registries.
///
/// A symlink is followed and its target replaced; a path that exists and is not a regular file is
/// refused. See the module documentation and [`FAIL_BEFORE_RENAME_ENV`].
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let fail = FailPoint::from_env(std::env::var_os(FAIL_BEFORE_RENAME_ENV));
    match target(path)? {
        Target::Regular(real) | Target::Missing(real) => atomic_write_with(&real, bytes, fail),
        Target::Special(kind) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {kind}, not a regular file: only a regular file can be replaced safely"),
        )),
    }
}

/// Writes a report or a baseline to `path`: atomically when it is a regular file or missing (a
/// symlink followed), in place when it is a device or a FIFO (`/dev/null`, `-o >(cmd)`).
pub fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match target(path)? {
        Target::Missing(real) => atomic_write_with(&real, bytes, FailPoint::None),
        Target::Regular(real) => match atomic_write_with(&real, bytes, FailPoint::None) {
            // A folder we may not write in (or a pseudo file system such as `/proc`): write in place,
            // as the shell's `>` would, and report what that finds.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied || e.kind() == io::ErrorKind::NotFound => {
                write_in_place(&real, bytes, true)
            }
            result => result,
        },
        Target::Special(kind) if kind == "a device" || kind == "a FIFO (named pipe)" => {
            write_in_place(path, bytes, false)
        }
        Target::Special(kind) => {
            Err(io::Error::new(io::ErrorKind::InvalidInput, format!("it is {kind}: cannot write a report into it")))
        }
    }
}

/// What a path to write names.
#[derive(Debug)]
enum Target {
    /// A regular file, symlinks resolved.
    Regular(PathBuf),
    /// Nothing yet: the path to create (a dangling symlink's target).
    Missing(PathBuf),
    /// Something else (`a device`, `a FIFO (named pipe)`, `a socket`, `a folder`).
    Special(&'static str),
}

fn target(path: &Path) -> io::Result<Target> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(Target::Regular(resolve_links(path)?)),
        Ok(meta) => Ok(Target::Special(kind_of(&meta))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::Missing(resolve_links(path)?)),
        Err(e) => Err(e),
    }
}

/// `path` with every symlink on its last component followed (the target of a dangling link too).
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!("more than {MAX_SYMLINKS} symlinks to follow")))
}

/// `a device`, `a FIFO (named pipe)`, … for messages.
pub fn kind_of(meta: &fs::Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_file() {
        return "a regular file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

fn write_in_place(path: &Path, bytes: &[u8], truncate: bool) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(truncate).open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Why an input was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// A FIFO, device, socket or folder named as a file (`kind` as [`kind_of`] says).
    NotAFile(&'static str),
    /// Larger than the limit: nothing was kept. `size` is at least `limit + 1`.
    TooLarge {
        size: u64,
        limit: u64,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(&crate::discover::io_message(e)),
            ReadError::NotAFile(kind) => {
                write!(f, "it is {kind}: only regular files and standard input (`-`) are read")
            }
            ReadError::TooLarge { size, limit } => write!(f, "{}", too_large_message(*size, *limit)),
        }
    }
}

/// `file is 70.0 MB, over the limit of 64 MB` (or `larger than the limit` when the size is not known).
pub fn too_large_message(size: u64, limit: u64) -> String {
    if size == limit + 1 {
        format!("file is larger than the limit of {}", format_size(limit))
    } else {
        format!("file is {}, over the limit of {}", format_size(size), format_size(limit))
    }
}

/// `64 MB`, `1.5 MB`, `300 bytes` (1 MB = 1,048,576 bytes).
pub fn format_size(bytes: u64) -> String {
    if bytes >= MB && bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KB", bytes / 1024)
    } else if bytes == 1 {
        "1 byte".to_string()
    } else {
        format!("{bytes} bytes")
    }
}

/// Parses a size as written in `--max-file-size` or `max-file-size`: bytes, or a number with `K`,
/// `KB`, `M`, `MB`, `G` or `GB` (powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let scale = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => MB,
        "g" | "gb" | "gib" => 1024 * MB,
        _ => return Err(format!("`{text}` is not a size: write bytes or a number with `KB`, `MB` or `GB`")),
    };
    let number: u64 = number.parse().map_err(|_| format!("`{text}` is not a size: it needs a number"))?;
    let size = number.checked_mul(scale).ok_or_else(|| format!("`{text}` is too large a size"))?;
    within_max_size(size).map_err(|_| format!("`{text}` is over the largest size cyclelint reads (4GB less one byte)"))
}

/// A size limit no larger than the longest text the model can address ([`MAX_TEXT_LEN`]).
///
/// [`MAX_TEXT_LEN`]: crate::span::MAX_TEXT_LEN
pub fn within_max_size(size: u64) -> Result<u64, String> {
    if size > crate::span::MAX_TEXT_LEN as u64 {
        return Err(format!("{size} is over the largest size cyclelint reads (4GB less one byte)"));
    }
    Ok(size)
}

/// Reads a regular file of at most `limit` bytes (symlinks followed). A FIFO, device or folder is
/// refused before it is opened, so reading never blocks or runs without end.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: meta.len(), limit });
    }
    let file = File::open(path).map_err(ReadError::Io)?;
    // The path may have been swapped between the two looks: check what was opened.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta)));
    }
    read_limited(file, limit, meta.len())
}

/// Like [`read_file`], but a missing file reads as `None`.
pub fn read_file_if_exists(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
    match read_file(path, limit) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads standard input, at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, ReadError> {
    read_limited(io::stdin().lock(), limit, 0)
}

/// Reads at most `limit` bytes; one byte more is [`ReadError::TooLarge`] (a file that grew, or
/// one whose size the file system does not report, such as those of `/proc`).
fn read_limited(reader: impl Read, limit: u64, hint: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(hint.min(limit) as usize);
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: limit + 1, limit });
    }
    Ok(bytes)
}

/// An exclusive advisory lock on `{path}.lock`, released on drop.
///
/// The lock file is created when missing and never deleted (deleting it would let two writers lock
/// two different files).
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Blocks until this process holds the lock for `path`.
    pub fn lock_exclusive(path: &Path) -> io::Result<FileLock> {
        let lock_path = lock_path(path);
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock_path)?;
        file.lock()?;
        Ok(FileLock { file, path: lock_path })
    }

    /// The sidecar file that is locked.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first makes the release explicit.
        let _ = self.file.unlock();
    }
}

/// What the failure-injection hook asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FailPoint {
    None,
    Error,
    Abort,
}

impl FailPoint {
    fn from_env(value: Option<OsString>) -> FailPoint {
        match value {
            None => FailPoint::None,
            Some(v) if v == "abort" => FailPoint::Abort,
            Some(_) => FailPoint::Error,
        }
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn atomic_write_with(path: &Path, bytes: &[u8], fail: FailPoint) -> io::Result<()> {
    let file_name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, format!("`{}` does not name a file", path.display()))
    })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let existing = match fs::metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (temp_path, file) = create_temp(dir, file_name)?;
    let result = write_and_rename(file, &temp_path, path, bytes, existing.as_ref(), fail);
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    } else {
        sync_dir(dir);
    }
    result
}

fn create_temp(dir: &Path, file_name: &std::ffi::OsStr) -> io::Result<(PathBuf, File)> {
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut name = OsString::from(".");
        name.push(file_name);
        name.push(format!(".{}.{n}.tmp", std::process::id()));
        let temp_path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&temp_path) {
            Ok(file) => return Ok((temp_path, file)),
            // A leftover of a crashed process with the same pid: try the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

fn write_and_rename(
    mut file: File,
    temp_path: &Path,
    path: &Path,
    bytes: &[u8],
    existing: Option<&fs::Metadata>,
    fail: FailPoint,
) -> io::Result<()> {
    file.write_all(bytes)?;
    if let Some(existing) = existing {
        // Owner first: changing it may clear the set-id bits that the permissions then restore.
        keep_owner(&file, existing)?;
        file.set_permissions(existing.permissions())?;
    }
    file.sync_all()?;
    drop(file);
    match fail {
        FailPoint::None => {}
        FailPoint::Error => {
            return Err(io::Error::other(format!("`{FAIL_BEFORE_RENAME_ENV}` is set: failing before the rename")));
        }
        FailPoint::Abort => std::process::abort(),
    }
    fs::rename(temp_path, path)
}

/// Gives the new file the replaced file's owner and group. Only root may give a file away: for
/// anyone else a refusal (`EPERM`) is expected and the new file is theirs, as an editor's would be;
/// the group is still kept when the process is a member of it.
#[cfg(unix)]
fn keep_owner(file: &File, existing: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::{fchown, MetadataExt};
    let current = file.metadata()?;
    if current.uid() == existing.uid() && current.gid() == existing.gid() {
        return Ok(());
    }
    match fchown(file, Some(existing.uid()), Some(existing.gid())) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => match fchown(file, None, Some(existing.gid())) {
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
            other => other,
        },
        other => other,
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _existing: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use std::fs::TryLockError;

    use super::*;

    /// Sizes read as written, up to the 4 GB less one byte that spans can address.
    #[test]
    fn sizes_parse_up_to_what_spans_address() {
        assert_eq!(parse_size("64MB"), Ok(64 * MB));
        assert_eq!(parse_size(" 2 k "), Ok(2048));
        assert_eq!(parse_size("4294967295"), Ok(u32::MAX as u64));
        assert!(parse_size("4GB").unwrap_err().contains("over the largest size"));
        assert!(parse_size("99999999999999999999GB").unwrap_err().contains("not a size"));
        assert!(parse_size("18446744073709551615K").unwrap_err().contains("too large"));
        assert!(parse_size("12 parsecs").is_err());
        assert_eq!(within_max_size(u32::MAX as u64 + 1).map_err(|e| e.contains("4GB")), Err(true));
    }

    /// Names in the folder other than `keep`: temporary files left behind.
    fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("the test folder is readable")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| !keep.contains(&name.as_str()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_and_replaces_content() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("images.json");
        atomic_write(&path, b"first").expect("first write");
        assert_eq!(fs::read(&path).expect("read"), b"first");
        atomic_write(&path, b"second, longer").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"second, longer");
        assert!(others(dir.path(), &["images.json"]).is_empty());
    }

    #[test]
    fn a_failure_before_the_rename_keeps_the_old_content() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("images.json");
        fs::write(&path, b"old").expect("seed");
        let error = atomic_write_with(&path, b"new", FailPoint::Error).expect_err("the hook fails");
        assert!(error.to_string().contains(FAIL_BEFORE_RENAME_ENV));
        assert_eq!(fs::read(&path).expect("read"), b"old");
        assert!(others(dir.path(), &["images.json"]).is_empty());
    }

    #[test]
    fn a_missing_folder_is_an_error_without_leftovers() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("missing").join("images.json");
        assert_eq!(atomic_write(&path, b"x").expect_err("no folder").kind(), io::ErrorKind::NotFound);
        assert!(others(dir.path(), &[]).is_empty());
    }

    #[test]
    fn the_hook_reads_the_environment_value() {
        assert_eq!(FailPoint::from_env(None), FailPoint::None);
        assert_eq!(FailPoint::from_env(Some("1".into())), FailPoint::Error);
        assert_eq!(FailPoint::from_env(Some("abort".into())), FailPoint::Abort);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;

        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("images.json");
        fs::write(&path, b"old").expect("seed");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        atomic_write(&path, b"new").expect("write");
        assert_eq!(fs::metadata(&path).expect("metadata").permissions().mode() & 0o777, 0o640);
        assert_eq!(fs::read(&path).expect("read"), b"new");
    }

    #[test]
    fn the_lock_excludes_other_holders_until_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("images.json");
        let lock = FileLock::lock_exclusive(&path).expect("lock");
        assert_eq!(lock.path(), dir.path().join("images.json.lock"));
        // Locks belong to open files, so a second handle in this process is a second holder.
        let other = File::open(lock.path()).expect("open the lock file");
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(lock);
        assert!(other.try_lock().is_ok());
        assert!(!path.exists(), "locking does not create the target");
    }
}
