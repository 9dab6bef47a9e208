//! Reading registry files named with `--registry` (a file or a folder): ClassAd record text
//! (`*.txt`) and JSON arrays of records (`*.json`).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::discover::io_message;
use crate::lint::decode;
use crate::model::FileKind;
use crate::registry::Registry;
use crate::rules::syntax_error;
use crate::span::Span;
use crate::syntax;

/// One registry file as read, with the problems found while reading it.
#[derive(Debug)]
pub struct RegistryFile {
    pub path: PathBuf,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A registry path that could not be used at all.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

/// Adds the records of every registry path to `registry`. Folders are walked for `*.txt` record
/// files and `*.json` files; a file named explicitly must be one of the two.
pub fn load(paths: &[PathBuf], registry: &mut Registry) -> (Vec<RegistryFile>, Vec<LoadError>) {
    load_with_limit(paths, registry, crate::fsutil::DEFAULT_MAX_FILE_SIZE)
}

/// [`load`] with a size limit: a larger file is one `file-too-large` diagnostic, not read. A FIFO,
/// device or folder named as a registry file is a [`LoadError`].
pub fn load_with_limit(paths: &[PathBuf], registry: &mut Registry, limit: u64) -> (Vec<RegistryFile>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() && is_registry_candidate(e.path()) => {
                        load_file(e.path(), false, limit, registry, &mut files, &mut errors)
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(LoadError { path: path.clone(), message: e.to_string() }),
                }
            }
        } else {
            load_file(path, true, limit, registry, &mut files, &mut errors);
        }
    }
    (files, errors)
}

/// A `*.json` path (any case).
pub fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn is_registry_candidate(path: &Path) -> bool {
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("json") => true,
        Some("txt") => crate::discover::is_template_candidate(path),
        _ => false,
    }
}

fn load_file(
    path: &Path,
    explicit: bool,
    limit: u64,
    registry: &mut Registry,
    files: &mut Vec<RegistryFile>,
    errors: &mut Vec<LoadError>,
) {
    let bytes = match crate::fsutil::read_file(path, limit) {
        Ok(b) => b,
        Err(crate::fsutil::ReadError::TooLarge { size, limit }) => {
            let diagnostics = vec![crate::lint::too_large(size, limit)];
            files.push(RegistryFile { path: path.to_path_buf(), text: String::new(), diagnostics });
            return;
        }
        Err(crate::fsutil::ReadError::Io(e)) => {
            errors.push(LoadError { path: path.to_path_buf(), message: io_message(&e) });
            return;
        }
        Err(e) => {
            errors.push(LoadError { path: path.to_path_buf(), message: e.to_string() });
            return;
        }
    };
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(d) => {
            files.push(RegistryFile {
                path: path.to_path_buf(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
                diagnostics: vec![*d],
            });
            return;
        }
    };
    let is_json = is_json(path);
    let mut diagnostics = Vec::new();
    if is_json {
        diagnostics.extend(json_duplicate_keys(&text));
        if let Err(e) = registry.add_json(path, &text) {
            let at = e.offset.min(text.len());
            diagnostics.push(
                Diagnostic::new(
                    &syntax_error::RULE,
                    Span::new(at, (at + 1).min(text.len())),
                    format!("registry JSON: {}", e.message),
                )
                .with_help("a JSON registry is an array of objects with the record keys (`AdType`, `Name`, …)"),
            );
        }
    } else {
        let parsed = syntax::parse(&text);
        if parsed.template.kind != FileKind::Records {
            if explicit {
                errors.push(LoadError {
                    path: path.to_path_buf(),
                    message: "not a record file: a registry file starts with `AdType = …` and has no section headers"
                        .to_string(),
                });
            }
            return;
        }
        registry.add_records(path, &parsed.template.records);
        diagnostics = parsed.diagnostics;
    }
    files.push(RegistryFile { path: path.to_path_buf(), text, diagnostics });
}

impl From<RegistryFile> for crate::lint::FileResult {
    /// A registry file as a checked file, for the report (its records are not a template model).
    fn from(file: RegistryFile) -> Self {
        crate::lint::FileResult {
            path: file.path.display().to_string(),
            text: file.text,
            diagnostics: file.diagnostics,
            kind: None,
        }
    }
}

/// Keys set twice in one JSON object (compared case-insensitively, as record keys are): JSON
/// parsers keep the last silently. A single pass over the text with a stack of open objects;
/// malformed JSON is left to the parser's own error.
pub fn json_duplicate_keys(text: &str) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    enum Frame {
        Object { keys: HashMap<String, Span>, expect_key: bool },
        Array,
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object { keys: HashMap::new(), expect_key: true }),
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                if let Some(Frame::Object { keys, expect_key }) = stack.last_mut() {
                    if *expect_key {
                        *expect_key = false;
                        let span = Span::new(start, end);
                        // Empty when the string is unterminated at the end of the text.
                        let key = text.get(start + 1..end - 1).unwrap_or("");
                        match keys.get(&key.to_ascii_lowercase()) {
                            Some(&first) => out.push(
                                Diagnostic::new(
                                    &crate::rules::duplicate_attribute::RULE,
                                    span,
                                    format!("key `{key}` is set more than once in this record"),
                                )
                                .with_label("set again here; this value wins")
                                .with_secondary(first, "first set here")
                                .with_help("remove one of the two keys"),
                            ),
                            None => {
                                keys.insert(key.to_ascii_lowercase(), span);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_json_keys_are_found_per_object() {
        let text =
            r#"[{"Name": "a", "Version": "1", "name": "b"}, {"Name": "c", "Nested": {"Name": 1}, "x": "\"Name\""}]"#;
        let found = json_duplicate_keys(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].span.start()..found[0].span.end()], "\"name\"");
        assert_eq!(&text[found[0].secondary[0].span.start()..found[0].secondary[0].span.end()], "\"Name\"");
    }

    /// Objects and arrays nest: a key after a nested object or array belongs to the outer object,
    /// and what is inside them is not a key of it.
    #[test]
    fn nested_objects_and_arrays_close_where_they_end() {
        let text = r#"[{"Name": "a", "Tags": {"k": 1, "v": [2, 3]}, "List": ["x", "y"], "K": 4, "X": 5, "NAME": "b"}]"#;
        let found = json_duplicate_keys(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "key `NAME` is set more than once in this record");
        assert_eq!(&text[found[0].span.range()], "\"NAME\"");
    }

    #[test]
    fn an_unterminated_json_string_ends_the_scan() {
        for text in [r#"[{"Name": "a", "Na"#, r#"[{"Name": "a\"#, "\""] {
            assert!(json_duplicate_keys(text).is_empty(), "{text}");
        }
    }

    /// A registry folder holds `*.json` and template-like `*.txt` files; anything else in it (a
    /// backup, notes) is not read, even when it looks like records.
    #[test]
    fn a_registry_folder_reads_only_json_and_txt() {
        let dir = tempfile::tempdir().unwrap();
        let record = "AdType = \"Package\"\nName = \"{name}\"\nVersion = \"1.0\"\nPackageType = \"image\"\n";
        std::fs::write(dir.path().join("a.txt"), record.replace("{name}", "from.txt")).unwrap();
        std::fs::write(dir.path().join("b.json"), r#"[{"AdType": "Package", "Name": "from.json", "Version": "1.0"}]"#)
            .unwrap();
        std::fs::write(dir.path().join("c.txt.bak"), record.replace("{name}", "from.bak")).unwrap();
        std::fs::write(dir.path().join("notes"), record.replace("{name}", "from.notes")).unwrap();
        let mut registry = Registry::default();
        let (files, errors) = load(&[dir.path().to_path_buf()], &mut registry);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(files.len(), 2, "{:?}", files.iter().map(|f| &f.path).collect::<Vec<_>>());
        let mut names: Vec<&str> = registry.packages.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["from.json", "from.txt"]);
    }

    /// A JSON syntax error is pointed at with one character (or none at the very end).
    #[test]
    fn a_json_syntax_error_marks_one_character() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("images.json");
        std::fs::write(&path, r#"[{"AdType": "Package", "Name": ?}]"#).unwrap();
        let (files, errors) = load(&[path], &mut Registry::default());
        assert!(errors.is_empty(), "{errors:?}");
        let found: Vec<_> = files[0].diagnostics.iter().filter(|d| d.rule == "syntax-error").collect();
        assert_eq!(found.len(), 1, "{:?}", files[0].diagnostics);
        assert_eq!(found[0].span.end(), found[0].span.start() + 1, "{:?}", found[0]);
        assert_eq!(&files[0].text[found[0].span.range()], "?");
    }
}
