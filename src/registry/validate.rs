//! The registry-side checks, on the `Package` and `Artifact` records of one registry file, in
//! either form (ClassAd record text or JSON). One implementation for both: the `.txt` rules call
//! it on the file being checked, `check` calls it on each JSON registry file.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::registry::{Artifact, Origin, Package, Registry, Version};
use crate::rules::{
    duplicate_artifact_name, duplicate_package_version, invalid_package_version, orphan_artifact,
    package_without_artifacts, registry_missing_field, Rule,
};
use crate::span::Span;

/// The packages and artifacts of `registry` that come from the file `path`.
pub fn file_entries(registry: &Registry, path: &Path) -> Registry {
    let from_file = |origin: &Origin| matches!(origin, Origin::File { path: p, .. } if **p == *path);
    let packages: Vec<Package> = registry.packages.iter().filter(|p| from_file(&p.origin)).cloned().collect();
    let artifacts: Vec<Artifact> = registry.artifacts.iter().filter(|a| from_file(&a.origin)).cloned().collect();
    let has_user_entries = !packages.is_empty() || !artifacts.is_empty();
    Registry { packages, artifacts, has_user_entries, ..Registry::default() }
}

/// Every registry-side diagnostic about the entries of one file.
///
/// `own` holds the file's entries (their origins' spans index `text`); `all` is what else is
/// known (the run's registry, which may include `own` again): an artifact's package, or a
/// package's artifacts, may be in another registry file.
pub fn validate(own: &Registry, all: &Registry, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Lookups by (lowercase name, version), so that a registry of 20,000 packages is checked in
    // linear time.
    let package_keys: HashSet<Key> = own.packages.iter().chain(&all.packages).map(package_key).collect();
    let artifact_keys: HashSet<Key> = own.artifacts.iter().chain(&all.artifacts).map(artifact_key).collect();
    let mut first_package: HashMap<Key, usize> = HashMap::new();
    let mut first_artifact: HashMap<(Key, Caseless), usize> = HashMap::new();
    for (i, package) in own.packages.iter().enumerate() {
        let record = record_span(&package.origin);
        let mut missing = Vec::new();
        if package.name.trim().is_empty() {
            missing.push("`Name`");
        }
        if package.version_text.trim().is_empty() {
            missing.push("`Version`");
        }
        if package.package_type.as_deref().is_none_or(|t| t.trim().is_empty()) {
            missing.push("`PackageType`");
        }
        if !missing.is_empty() {
            out.push(
                at(
                    &registry_missing_field::RULE,
                    text,
                    record,
                    None,
                    format!("package record has no {}", missing.join(", ")),
                )
                .with_label("incomplete `Package`")
                .with_help("a `Package` needs `Name`, `Version` and `PackageType = \"image\"`"),
            );
        }
        if let Some(d) = version_problem(text, record, "package", &package.version_text, package.version.as_ref()) {
            out.push(d);
        }
        if package.name.trim().is_empty() || package.version_text.trim().is_empty() {
            continue;
        }
        let first = *first_package.entry(package_key(package)).or_insert(i);
        if let Some(first) = (first != i).then(|| &own.packages[first]) {
            out.push(
                at(
                    &duplicate_package_version::RULE,
                    text,
                    record,
                    Some("Version"),
                    format!("package `{}` version `{}` is defined twice", package.name, package.version_text),
                )
                .with_label("second definition")
                .with_secondary(first_line(text, record_span(&first.origin)), "first defined here")
                .with_help("give each package of the same name a different version"),
            );
        }
        let has_artifact = artifact_keys.contains(&package_key(package));
        if !has_artifact {
            out.push(
                at(
                    &package_without_artifacts::RULE,
                    text,
                    record,
                    None,
                    format!("package `{}` version `{}` has no artifact", package.name, package.version_text),
                )
                .with_label("can be launched nowhere")
                .with_help("add an `Artifact` record with this `Package`, `Version`, a `Provider` and an `ImageId`"),
            );
        }
    }
    for (i, artifact) in own.artifacts.iter().enumerate() {
        let record = record_span(&artifact.origin);
        let mut missing = Vec::new();
        for (field, empty) in [
            ("`Package`", artifact.package.trim().is_empty()),
            ("`Version`", artifact.version_text.trim().is_empty()),
            ("`Name`", artifact.name.trim().is_empty()),
            ("`Provider`", artifact.provider.as_deref().is_none_or(|p| p.trim().is_empty())),
            ("`ImageId`", artifact.image_id.as_deref().is_none_or(|p| p.trim().is_empty())),
        ] {
            if empty {
                missing.push(field);
            }
        }
        if !missing.is_empty() {
            let mut d = at(
                &registry_missing_field::RULE,
                text,
                record,
                None,
                format!("artifact record has no {}", missing.join(", ")),
            )
            .with_label("incomplete `Artifact`")
            .with_help("an `Artifact` needs `Package`, `Version`, `Name`, `Provider` and `ImageId`");
            if missing.contains(&"`Provider`") {
                d = d.with_note("the \"Custom Machine Images\" page: \"You must specify `Provider` on the artifact.\"");
            }
            out.push(d);
        }
        if let Some(d) = version_problem(text, record, "artifact", &artifact.version_text, artifact.version.as_ref()) {
            out.push(d);
        }
        if artifact.package.trim().is_empty() || artifact.version_text.trim().is_empty() {
            continue;
        }
        if !artifact.name.trim().is_empty() {
            let key = (artifact_key(artifact), Caseless(&artifact.name));
            let first = *first_artifact.entry(key).or_insert(i);
            if let Some(first) = (first != i).then(|| &own.artifacts[first]) {
                out.push(
                    at(
                        &duplicate_artifact_name::RULE,
                        text,
                        record,
                        Some("Name"),
                        format!(
                            "artifact `{}` of package `{}` version `{}` is defined twice",
                            artifact.name, artifact.package, artifact.version_text
                        ),
                    )
                    .with_label("second artifact with this name")
                    .with_secondary(first_line(text, record_span(&first.origin)), "first defined here")
                    .with_help("name each artifact of a package version differently, such as `az/<region>`"),
                );
            }
        }
        let has_package = package_keys.contains(&artifact_key(artifact));
        if !has_package {
            out.push(
                at(
                    &orphan_artifact::RULE,
                    text,
                    record,
                    Some("Package"),
                    format!(
                        "artifact `{}` belongs to no package `{}` version `{}`",
                        artifact.name, artifact.package, artifact.version_text
                    ),
                )
                .with_label("no such package version")
                .with_help("add the `Package` record, or correct `Package` and `Version` here"),
            );
        }
    }
    out
}

/// A package, or what an artifact belongs to: the name (compared case-insensitively) and the
/// version. Versions are the same when both parse to equal versions, or when either does not
/// parse and the texts are equal (a text that parses never equals one that does not, so one key
/// per record is exact).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key<'a>(Caseless<'a>, VersionKey<'a>);

/// A name that compares and hashes as its ASCII lowercase form, without building it (a registry
/// of 20,000 packages needed 80,000 lowercase copies for its keys).
#[derive(Clone, Copy, Debug)]
struct Caseless<'a>(&'a str);

impl PartialEq for Caseless<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Caseless<'_> {}

impl std::hash::Hash for Caseless<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        // As `str` does: a terminator, so that ("ab", "c") and ("a", "bc") hash apart in a tuple.
        state.write_u8(0xff);
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum VersionKey<'a> {
    Parsed(&'a Version),
    Text(&'a str),
}

fn version_key<'a>(text: &'a str, version: Option<&'a Version>) -> VersionKey<'a> {
    version.map_or(VersionKey::Text(text.trim()), VersionKey::Parsed)
}

fn package_key(package: &Package) -> Key<'_> {
    Key(Caseless(&package.name), version_key(&package.version_text, package.version.as_ref()))
}

fn artifact_key(artifact: &Artifact) -> Key<'_> {
    Key(Caseless(&artifact.package), version_key(&artifact.version_text, artifact.version.as_ref()))
}

fn version_problem(
    text: &str,
    record: Span,
    what: &str,
    version_text: &str,
    version: Option<&Version>,
) -> Option<Diagnostic> {
    if version.is_some() || version_text.trim().is_empty() {
        return None;
    }
    let error = version_text.parse::<Version>().err()?;
    Some(
        at(
            &invalid_package_version::RULE,
            text,
            record,
            Some("Version"),
            format!("{what} version `{version_text}` is not a dotted number: {}", error.reason),
        )
        .with_label("not a version")
        .with_help("versions are dotted numbers, such as `1.0` or `2.1.1`, compared part by part"),
    )
}

/// A diagnostic at the line of `field` in the record, or at the record's first line.
fn at(rule: &Rule, text: &str, record: Span, field: Option<&str>, message: String) -> Diagnostic {
    let span = field.and_then(|f| field_line(text, record, f)).unwrap_or_else(|| first_line(text, record));
    Diagnostic::new(rule, span, message)
}

fn record_span(origin: &Origin) -> Span {
    match origin {
        Origin::File { span, .. } => *span,
        Origin::Builtin => Span::new(0, 0),
    }
}

/// The record's first non-blank line, trimmed.
fn first_line(text: &str, record: Span) -> Span {
    lines(text, record).next().unwrap_or(record)
}

/// The line of the record that sets `field` (`Field = …` or `"Field": …`), trimmed.
fn field_line(text: &str, record: Span, field: &str) -> Option<Span> {
    lines(text, record).find(|span| {
        let line = &text[span.range()];
        let key = line.strip_prefix('"').unwrap_or(line);
        key.get(..field.len()).is_some_and(|k| k.eq_ignore_ascii_case(field))
            && key[field.len()..].starts_with(['"', ' ', '\t', '=', ':'])
    })
}

/// The non-blank lines within `record`, each trimmed, as spans of `text`.
fn lines(text: &str, record: Span) -> impl Iterator<Item = Span> + '_ {
    let end = record.end().min(text.len());
    let start = record.start().min(end);
    let mut offset = start;
    text[start..end].split_inclusive('\n').filter_map(move |line| {
        let line_start = offset;
        offset += line.len();
        let trimmed_start = line.len() - line.trim_start().len();
        let body = line.trim();
        (!body.is_empty()).then(|| Span::new(line_start + trimmed_start, line_start + trimmed_start + body.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::Caseless;
    use std::hash::BuildHasher;

    /// Names compare and hash as their lowercase forms would, and a name's end is part of its
    /// hash (as for `str`), so that keys of two names hash apart.
    #[test]
    fn caseless_names_compare_and_hash_as_lowercase() {
        let state = std::collections::hash_map::RandomState::new();
        assert_eq!(Caseless("Pkg.A"), Caseless("pkg.a"));
        assert_ne!(Caseless("pkg.a"), Caseless("pkg.b"));
        assert_eq!(state.hash_one(Caseless("Pkg.A")), state.hash_one(Caseless("pkg.a")));
        assert_ne!(state.hash_one(Caseless("pkg.a")), state.hash_one(Caseless("pkg.b")));
        assert_ne!(state.hash_one((Caseless("ab"), Caseless("c"))), state.hash_one((Caseless("a"), Caseless("bc"))));
    }
}
