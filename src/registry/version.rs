//! Dotted package versions, `ImageVersion` specs and `--bump-version`.
//!
//! CycleCloud picks the image package with the highest version "by treating the version number as
//! a dotted string and comparing each part as a number": 2.0 is newer than 1.2, 1.10 is newer than
//! 1.2, and 1.2.3 is newer than 1.2.
//!
//! Decisions where the documentation is silent:
//! - Versions compare lexicographically over their parts, so a missing part sorts lower: `1.2` is
//!   older than `1.2.0`, and the two are different versions (`Version` equality is part-wise).
//! - A spec is a literal (`1.2`, which matches exactly `1.2`) or a wildcard whose last part is `x`
//!   (`1.x`, `1.2.x`). A wildcard matches every version that starts with its parts, including the
//!   prefix itself: `1.x` matches `1`, `1.0` and `1.2.3`, not `10.1`. A lone `x` is rejected: the
//!   documentation only shows `1.x`, and matching everything is what leaving `ImageVersion` out does.
//! - Parts are unsigned decimal numbers; leading zeros are accepted and dropped when displayed
//!   (`01.2` is shown as `1.2`). Whitespace is not trimmed.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// A dotted numeric version such as `2.1.1`. Ordered part by part, a missing part sorting lower.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(Vec<u64>);

/// An `ImageVersion` value: a literal version or a wildcard such as `1.x`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum VersionSpec {
    /// `1.2`: exactly this version.
    Exact(Version),
    /// `1.x`, `1.2.x`: the parts before the `x` (never empty).
    Wildcard(Vec<u64>),
}

/// Which part `--bump-version` increments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bump {
    Major,
    Minor,
    Patch,
}

/// Why a version or spec did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionError {
    /// The text as given.
    pub text: String,
    pub reason: VersionErrorReason,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionErrorReason {
    Empty,
    /// An empty part: `1..2`, `.1`, `1.`.
    EmptyPart,
    /// A part that is not a decimal number.
    NotANumber,
    /// A part larger than `u64::MAX`.
    TooLarge,
    /// `x` somewhere other than the last part, or alone.
    MisplacedWildcard,
}

/// The next version after `version`: the chosen part plus one, the parts after it zero.
///
/// Missing parts are padded with 0 first (`1.0` patch → `1.0.1`); parts after the bumped one are
/// kept as zeros, so the length never shrinks (`1.1.5` major → `2.0.0`). A part at `u64::MAX`
/// stays there (saturating), which no real registry reaches.
pub fn bump(version: &Version, bump: Bump) -> Version {
    let index = match bump {
        Bump::Major => 0,
        Bump::Minor => 1,
        Bump::Patch => 2,
    };
    let mut parts = version.0.clone();
    if parts.len() <= index {
        parts.resize(index + 1, 0);
    }
    parts[index] = parts[index].saturating_add(1);
    for part in &mut parts[index + 1..] {
        *part = 0;
    }
    Version(parts)
}

impl Version {
    /// A version from its parts; `None` when `parts` is empty.
    pub fn from_parts(parts: Vec<u64>) -> Option<Version> {
        if parts.is_empty() {
            None
        } else {
            Some(Version(parts))
        }
    }

    pub fn parts(&self) -> &[u64] {
        &self.0
    }
}

impl VersionSpec {
    /// True when `version` satisfies this spec.
    pub fn matches(&self, version: &Version) -> bool {
        match self {
            VersionSpec::Exact(exact) => exact == version,
            VersionSpec::Wildcard(prefix) => version.0.starts_with(prefix),
        }
    }
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Version, VersionError> {
        let fail = |reason| VersionError { text: text.to_string(), reason };
        if text.is_empty() {
            return Err(fail(VersionErrorReason::Empty));
        }
        let parts = text.split('.').map(parse_part).collect::<Result<Vec<u64>, _>>().map_err(fail)?;
        Ok(Version(parts))
    }
}

impl FromStr for VersionSpec {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<VersionSpec, VersionError> {
        let fail = |reason| VersionError { text: text.to_string(), reason };
        if text.is_empty() {
            return Err(fail(VersionErrorReason::Empty));
        }
        let pieces: Vec<&str> = text.split('.').collect();
        let (last, init) = match pieces.split_last() {
            Some(split) => split,
            None => return Err(fail(VersionErrorReason::Empty)),
        };
        if init.iter().any(|p| is_wildcard(p)) {
            return Err(fail(VersionErrorReason::MisplacedWildcard));
        }
        let prefix = init.iter().map(|p| parse_part(p)).collect::<Result<Vec<u64>, _>>().map_err(fail)?;
        if is_wildcard(last) {
            if prefix.is_empty() {
                return Err(fail(VersionErrorReason::MisplacedWildcard));
            }
            return Ok(VersionSpec::Wildcard(prefix));
        }
        let mut parts = prefix;
        parts.push(parse_part(last).map_err(fail)?);
        Ok(VersionSpec::Exact(Version(parts)))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_parts(f, &self.0)
    }
}

impl fmt::Display for VersionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionSpec::Exact(version) => version.fmt(f),
            VersionSpec::Wildcard(prefix) => {
                write_parts(f, prefix)?;
                f.write_str(".x")
            }
        }
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FromStr for Bump {
    type Err = String;

    /// `major`, `minor` or `patch`, case-insensitively.
    fn from_str(text: &str) -> Result<Bump, String> {
        match text.to_ascii_lowercase().as_str() {
            "major" => Ok(Bump::Major),
            "minor" => Ok(Bump::Minor),
            "patch" => Ok(Bump::Patch),
            _ => Err(format!("`{text}` is not one of `major`, `minor`, `patch`")),
        }
    }
}

impl fmt::Display for VersionErrorReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VersionErrorReason::Empty => "it is empty",
            VersionErrorReason::EmptyPart => "it has an empty part",
            VersionErrorReason::NotANumber => "a part is not a number",
            VersionErrorReason::TooLarge => "a part is too large",
            VersionErrorReason::MisplacedWildcard => "`x` may only replace the last part, after at least one number",
        })
    }
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "version `{}` is not valid: {}", self.text, self.reason)
    }
}

impl std::error::Error for VersionError {}

fn parse_part(part: &str) -> Result<u64, VersionErrorReason> {
    if part.is_empty() {
        return Err(VersionErrorReason::EmptyPart);
    }
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VersionErrorReason::NotANumber);
    }
    part.parse().map_err(|_| VersionErrorReason::TooLarge)
}

fn is_wildcard(part: &str) -> bool {
    part == "x"
}

fn write_parts(f: &mut fmt::Formatter<'_>, parts: &[u64]) -> fmt::Result {
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            f.write_str(".")?;
        }
        write!(f, "{part}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().expect("test version parses")
    }

    fn spec(text: &str) -> VersionSpec {
        text.parse().expect("test spec parses")
    }

    fn reason(text: &str) -> VersionErrorReason {
        text.parse::<Version>().expect_err("test version is invalid").reason
    }

    #[test]
    fn parses_dotted_numbers() {
        assert_eq!(v("1").parts(), &[1]);
        assert_eq!(v("1.2").parts(), &[1, 2]);
        assert_eq!(v("2.1.1").parts(), &[2, 1, 1]);
        assert_eq!(v("01.002").to_string(), "1.2");
    }

    #[test]
    fn rejects_malformed_versions() {
        assert_eq!(reason(""), VersionErrorReason::Empty);
        assert_eq!(reason("1..2"), VersionErrorReason::EmptyPart);
        assert_eq!(reason(".1"), VersionErrorReason::EmptyPart);
        assert_eq!(reason("1."), VersionErrorReason::EmptyPart);
        assert_eq!(reason("1.a"), VersionErrorReason::NotANumber);
        assert_eq!(reason("1.2-beta"), VersionErrorReason::NotANumber);
        assert_eq!(reason(" 1.2"), VersionErrorReason::NotANumber);
        assert_eq!(reason("+1"), VersionErrorReason::NotANumber);
        assert_eq!(reason("1.x"), VersionErrorReason::NotANumber);
        assert_eq!(reason("1.99999999999999999999"), VersionErrorReason::TooLarge);
    }

    #[test]
    fn orders_like_the_product_page() {
        // "2.0 is newer than 1.2, 1.10 is newer than 1.2, and 1.2.3 is newer than 1.2".
        assert!(v("2.0") > v("1.2"));
        assert!(v("1.10") > v("1.2"));
        assert!(v("1.2.3") > v("1.2"));
        // A missing part sorts lower, so `1.2` and `1.2.0` differ.
        assert!(v("1.2") < v("1.2.0"));
        assert_ne!(v("1.2"), v("1.2.0"));
        assert_eq!(v("1.02"), v("1.2"));
    }

    #[test]
    fn specs_match_literals_and_wildcards() {
        assert_eq!(spec("1.2"), VersionSpec::Exact(v("1.2")));
        assert_eq!(spec("1.x"), VersionSpec::Wildcard(vec![1]));
        assert_eq!(spec("1.2.x"), VersionSpec::Wildcard(vec![1, 2]));

        let one_x = spec("1.x");
        assert!(one_x.matches(&v("1")));
        assert!(one_x.matches(&v("1.0")));
        assert!(one_x.matches(&v("1.2.3")));
        assert!(!one_x.matches(&v("10.1")));
        assert!(!one_x.matches(&v("2.0")));

        let exact = spec("1.2");
        assert!(exact.matches(&v("1.2")));
        assert!(!exact.matches(&v("1.2.0")));
        assert!(!exact.matches(&v("1.2.3")));

        let one_two_x = spec("1.2.x");
        assert!(one_two_x.matches(&v("1.2")));
        assert!(one_two_x.matches(&v("1.2.7")));
        assert!(!one_two_x.matches(&v("1.20")));
    }

    #[test]
    fn rejects_malformed_specs() {
        let reason = |text: &str| text.parse::<VersionSpec>().expect_err("test spec is invalid").reason;
        assert_eq!(reason("x"), VersionErrorReason::MisplacedWildcard);
        assert_eq!(reason("x.1"), VersionErrorReason::MisplacedWildcard);
        assert_eq!(reason("1.x.2"), VersionErrorReason::MisplacedWildcard);
        assert_eq!(reason("1.X"), VersionErrorReason::NotANumber);
        assert_eq!(reason("1.*"), VersionErrorReason::NotANumber);
        assert_eq!(reason("1."), VersionErrorReason::EmptyPart);
        assert_eq!(reason(""), VersionErrorReason::Empty);
    }

    #[test]
    fn displays_specs() {
        assert_eq!(spec("1.2.x").to_string(), "1.2.x");
        assert_eq!(spec("01.2").to_string(), "1.2");
    }

    #[test]
    fn bumps_like_the_product_page() {
        // "--bump-version minor … (eg, 1.1 to 1.2)".
        assert_eq!(bump(&v("1.1"), Bump::Minor), v("1.2"));
        assert_eq!(bump(&v("1.0"), Bump::Minor), v("1.1"));
        assert_eq!(bump(&v("1.1"), Bump::Major), v("2.0"));
        assert_eq!(bump(&v("1.0"), Bump::Patch), v("1.0.1"));
        assert_eq!(bump(&v("1"), Bump::Minor), v("1.1"));
        assert_eq!(bump(&v("1.2.3"), Bump::Major), v("2.0.0"));
        assert_eq!(bump(&v("1.2.3.4"), Bump::Minor), v("1.3.0.0"));
    }

    #[test]
    fn a_version_error_names_the_text_and_the_reason() {
        let error = "1.a".parse::<Version>().expect_err("not a version");
        assert_eq!(error.to_string(), "version `1.a` is not valid: a part is not a number");
    }

    #[test]
    fn parses_bump_names() {
        assert_eq!("MAJOR".parse::<Bump>(), Ok(Bump::Major));
        assert_eq!("Minor".parse::<Bump>(), Ok(Bump::Minor));
        assert_eq!("patch".parse::<Bump>(), Ok(Bump::Patch));
        assert!("micro".parse::<Bump>().is_err());
    }
}
