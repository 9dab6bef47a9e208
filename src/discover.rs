//! Which files `check` looks at.
//!
//! Folders are walked (skipping `.git`, `target`, `node_modules` and hidden folders), taking
//! `*.txt` files whose first significant line is a section header or an `AdType` attribute, so
//! that a `requirements.txt` is not linted. Files named explicitly are always checked.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// A path to check, or a problem found while looking for paths.
#[derive(Debug)]
pub enum Found {
    /// Named on the command line: always checked.
    File(PathBuf),
    /// A `*.txt` file found in a folder: checked only if [`looks_like_template`] says so once it is
    /// read (so each file is read once).
    Candidate(PathBuf),
    Error {
        path: PathBuf,
        message: String,
    },
}

/// Expands `paths` into files, in a stable order (sorted per argument).
pub fn discover(paths: &[PathBuf]) -> Vec<Found> {
    let mut found = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) => found.push(Found::Error { path: path.clone(), message: io_message(&e) }),
            Ok(meta) if meta.is_dir() => walk(path, &mut found),
            Ok(_) => found.push(Found::File(path.clone())),
        }
    }
    found
}

fn walk(root: &Path, found: &mut Vec<Found>) {
    let walker = WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| e.depth() == 0 || !skipped_dir(e));
    for entry in walker {
        match entry {
            Err(e) => {
                let path = e.path().map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                found.push(Found::Error { path, message: e.to_string() });
            }
            Ok(e) if e.file_type().is_file() && is_template_candidate(e.path()) => {
                found.push(Found::File(e.into_path()))
            }
            Ok(_) => {}
        }
    }
}

fn skipped_dir(entry: &walkdir::DirEntry) -> bool {
    if !entry.file_type().is_dir() {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || name == "target" || name == "node_modules"
}

fn has_txt_extension(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// A `.txt` file whose first significant line looks like a template or a record.
pub fn is_template_candidate(path: &Path) -> bool {
    if !has_txt_extension(path) {
        return false;
    }
    let Ok(mut file) = fs::File::open(path) else {
        // Unreadable: take it, so that the read error is reported.
        return true;
    };
    let mut head = vec![0; 64 * 1024];
    let n = file.read(&mut head).unwrap_or(0);
    head.truncate(n);
    looks_like_template_bytes(&head)
}

/// The first line that is not blank or a comment starts with `[` or with `AdType`.
pub fn looks_like_template_bytes(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .split(|&b| b == b'\n' || b == b'\r')
        .map(|l| l.trim_ascii())
        .find(|l| !l.is_empty() && !l.starts_with(b"#"))
        .is_some_and(|l| l.starts_with(b"[") || l.get(..6).is_some_and(|w| w.eq_ignore_ascii_case(b"adtype")))
}

/// The first line that is not blank or a comment starts with `[` or with `AdType`.
pub fn looks_like_template(head: &str) -> bool {
    looks_like_template_bytes(head.as_bytes())
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        // `No space left on device (os error 28)` → `no space left on device`.
        _ => {
            // Lowercase the first letter only: our own messages name things (`FIFO`) as written.
            let mut text = e.to_string();
            if let Some(first) = text.get(..1) {
                text = first.to_lowercase() + &text[1..];
            }
            match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_templates_and_records() {
        assert!(looks_like_template("# c\n\n[cluster x]\n"));
        assert!(looks_like_template("AdType = \"Package\"\n"));
        assert!(!looks_like_template("requests==2.0\n"));
        assert!(!looks_like_template(""));
    }
}
