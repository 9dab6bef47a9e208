//! Crash-safe file replacement and advisory locks, for commands that rewrite registry files.
//!
//! [`atomic_write`] never leaves a half-written target: readers see the old content or the new
//! one. [`FileLock`] serialises writers that cooperate through a sidecar `*.lock` file.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Test hook: when set, [`atomic_write`] stops after the temporary file is written and synced, before
/// the rename. The value `abort` aborts the process (a crash, leaving the temporary file behind);
/// any other value makes it return an error (and remove the temporary file).
pub const FAIL_BEFORE_RENAME_ENV: &str = "CYCLELINT_FAIL_BEFORE_RENAME";

/// Replaces `path` with `bytes` atomically.
///
/// Writes a temporary file in the same folder (`.{file}.{pid}.{n}.tmp`), syncs it, renames it over
/// the target and then syncs the folder (best effort, on unix only). The target's permissions are
/// kept when it exists. On any error the temporary file is removed and the target is untouched.
/// See [`FAIL_BEFORE_RENAME_ENV`] for the failure-injection hook used by tests.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic_write_with(path, bytes, FailPoint::from_env(std::env::var_os(FAIL_BEFORE_RENAME_ENV)))
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
    let permissions = match fs::metadata(path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let (temp_path, file) = create_temp(dir, file_name)?;
    let result = write_and_rename(file, &temp_path, path, bytes, permissions, fail);
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
    permissions: Option<fs::Permissions>,
    fail: FailPoint,
) -> io::Result<()> {
    file.write_all(bytes)?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
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
