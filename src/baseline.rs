//! Baselines: today's findings, recorded so that a run reports only new ones.
//!
//! A finding's fingerprint is its file path, its rule, its anchor (section path and attribute
//! key, see [`crate::lint::anchor`]) and its message with digits blanked out, never a line
//! number, so that unrelated edits do not invalidate it. Equal fingerprints are matched by count:
//! a baseline entry with `count: 2` absorbs two such findings, a third one is new.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::lint::FileResult;

/// The version of the baseline file's shape.
pub const VERSION: u32 = 1;

/// A baseline file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// One fingerprint and how many findings had it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub anchor: String,
    pub message: String,
    pub count: usize,
}

/// The fingerprint of a finding: path, rule, anchor, normalised message.
pub type Fingerprint = (String, String, String, String);

pub fn fingerprint(path: &str, d: &Diagnostic) -> Fingerprint {
    (
        path.replace('\\', "/"),
        d.rule.to_string(),
        d.anchor.clone().unwrap_or_default(),
        d.message.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect(),
    )
}

/// A stable 64-bit hash of a fingerprint (FNV-1a), as hex: SARIF's `partialFingerprints`.
pub fn fingerprint_hash(fingerprint: &Fingerprint) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [&fingerprint.0, &fingerprint.1, &fingerprint.2, &fingerprint.3] {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

impl Baseline {
    /// The baseline of these results.
    pub fn of(files: &[FileResult]) -> Baseline {
        let mut counts: BTreeMap<Fingerprint, usize> = BTreeMap::new();
        for file in files {
            for d in &file.diagnostics {
                *counts.entry(fingerprint(&file.path, d)).or_default() += 1;
            }
        }
        let entries = counts
            .into_iter()
            .map(|((path, rule, anchor, message), count)| Entry { path, rule, anchor, message, count })
            .collect();
        Baseline { version: VERSION, entries }
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| format!("not a baseline file: {e}"))?;
        if baseline.version != VERSION {
            return Err(format!("baseline version {} is not supported (expected {VERSION})", baseline.version));
        }
        Ok(baseline)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a baseline serialises") + "\n"
    }

    /// Removes the findings the baseline holds; returns how many baseline findings matched
    /// nothing (fixed, or changed beyond recognition).
    pub fn filter(&self, files: &mut [FileResult]) -> usize {
        let mut left: BTreeMap<Fingerprint, usize> = self
            .entries
            .iter()
            .map(|e| ((e.path.clone(), e.rule.clone(), e.anchor.clone(), e.message.clone()), e.count))
            .collect();
        for file in files.iter_mut() {
            let path = file.path.clone();
            file.diagnostics.retain(|d| match left.get_mut(&fingerprint(&path, d)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            });
        }
        left.values().sum()
    }
}
