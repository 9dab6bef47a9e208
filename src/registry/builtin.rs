//! The images CycleCloud ships in its registry, referenced as `ImageName = cycle.image.*` or by label.
//!
//! Sources: the current images page (labels, names and end-of-life dates), older versions of that page
//! (`ubuntu16`, `ubuntu18`), node references of the CycleCloud 7 era (`centos6`, `ubuntu14`), and names
//! used in current templates' `Config.Filter` lists but missing from the docs (`cycle.image.ubuntu24`,
//! `almalinux8`, `almalinux9`). The docs spell Alma Linux 8 `almalinux-8` while templates use
//! `almalinux8`; both are listed, with the same label.
//!
//! End-of-life dates are only those the docs table gives. Labels of names that no page labels
//! (`centos6`, `ubuntu14`, `ubuntu24`, `almalinux8`, `almalinux9`) follow the table's style.
//! The list is open: real registries hold more, so rules should warn only on unknown `cycle.image.*`.

use super::Os;

/// One built-in image package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinImage {
    /// `ImageName` value, e.g. `cycle.image.centos7`.
    pub name: &'static str,
    /// `Image` value, e.g. `CentOS 7`.
    pub label: &'static str,
    pub os: Os,
    /// `YYYY-MM-DD`, when the docs give one.
    pub end_of_life: Option<&'static str>,
}

/// Every built-in image, the docs table first, then older and undocumented names.
pub static BUILTIN_IMAGES: &[BuiltinImage] = &[
    linux("almalinux-8", "Alma Linux 8", None),
    linux("cycle.image.centos7", "CentOS 7", None),
    linux("cycle.image.centos8", "CentOS 8", Some("2021-12-31")),
    linux("cycle.image.sles12-hpc", "SLES 12 HPC", None),
    linux("cycle.image.sles15-hpc", "SLES 15 HPC", None),
    linux("cycle.image.ubuntu20", "Ubuntu 20.04 LTS", None),
    linux("cycle.image.ubuntu22", "Ubuntu 22.04 LTS", None),
    windows("cycle.image.win2008", "Windows 2008 R2", Some("2020-01-14")),
    windows("cycle.image.win2012", "Windows 2012 R2", Some("2023-10-10")),
    windows("cycle.image.win2016", "Windows 2016 DataCenter", None),
    windows("cycle.image.win2019", "Windows 2019 DataCenter", None),
    windows("cycle.image.win2022", "Windows 2022 DataCenter", None),
    // Older versions of the images page.
    linux("cycle.image.ubuntu16", "Ubuntu 16", None),
    linux("cycle.image.ubuntu18", "Ubuntu 18", None),
    // Node references of the CycleCloud 7 era.
    linux("cycle.image.centos6", "CentOS 6", None),
    linux("cycle.image.ubuntu14", "Ubuntu 14", None),
    // Used by current templates (`Azure/cyclecloud-slurm` `templates/slurm.txt`), not in the docs table.
    linux("cycle.image.ubuntu24", "Ubuntu 24.04 LTS", None),
    linux("almalinux8", "Alma Linux 8", None),
    linux("almalinux9", "Alma Linux 9", None),
];

/// The first CycleCloud release whose registry no longer has the `Cycle …` labels.
pub const RETIRED_LABELS_SINCE: (u32, u32) = (8, 0);

/// The built-in image a label of the CycleCloud 6 and 7 era names: those labels were the current
/// labels with `Cycle ` in front (`Image = Cycle CentOS 7`, seen in templates of that era; the
/// 2018 images page lists `Cycle Windows 2016`). CycleCloud 8's registry labels the same images
/// without the prefix (`CentOS 7`, `Windows 2016 DataCenter`; the images page of CycleCloud 8).
/// A retired label matches a current one exactly or up to a trailing word (`Cycle Windows 2016`
/// → `Windows 2016 DataCenter`, `Cycle Ubuntu 16.04` → `Ubuntu 16`).
pub fn retired_label(label: &str) -> Option<&'static BuiltinImage> {
    let label = label.trim();
    let rest = label.get(..6).filter(|p| p.eq_ignore_ascii_case("cycle "))?;
    let rest = label[rest.len()..].trim();
    if rest.is_empty() {
        return None;
    }
    let word_prefix = |long: &str, short: &str| {
        long.len() > short.len()
            && long.is_char_boundary(short.len())
            && long[..short.len()].eq_ignore_ascii_case(short)
            && matches!(long.as_bytes()[short.len()], b' ' | b'.')
    };
    BUILTIN_IMAGES
        .iter()
        .find(|i| i.label.eq_ignore_ascii_case(rest))
        .or_else(|| BUILTIN_IMAGES.iter().find(|i| word_prefix(i.label, rest) || word_prefix(rest, i.label)))
}

/// The built-in image with this name, case-insensitively.
pub fn builtin_by_name(name: &str) -> Option<&'static BuiltinImage> {
    BUILTIN_IMAGES.iter().find(|image| image.name.eq_ignore_ascii_case(name))
}

const fn linux(name: &'static str, label: &'static str, end_of_life: Option<&'static str>) -> BuiltinImage {
    BuiltinImage { name, label, os: Os::Linux, end_of_life }
}

const fn windows(name: &'static str, label: &'static str, end_of_life: Option<&'static str>) -> BuiltinImage {
    BuiltinImage { name, label, os: Os::Windows, end_of_life }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_are_unique_and_lowercase() {
        let mut seen = HashSet::new();
        for image in BUILTIN_IMAGES {
            assert!(seen.insert(image.name), "duplicate built-in `{}`", image.name);
            assert_eq!(image.name, image.name.to_ascii_lowercase());
        }
    }

    #[test]
    fn windows_images_are_the_win_names() {
        for image in BUILTIN_IMAGES {
            assert_eq!(image.os == Os::Windows, image.name.starts_with("cycle.image.win"), "{}", image.name);
        }
    }

    #[test]
    fn end_of_life_dates_are_iso() {
        for date in BUILTIN_IMAGES.iter().filter_map(|image| image.end_of_life) {
            let parts: Vec<&str> = date.split('-').collect();
            assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [4, 2, 2], "{date}");
            assert!(parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())), "{date}");
        }
    }

    #[test]
    fn retired_labels_name_their_modern_image() {
        assert_eq!(retired_label("Cycle CentOS 7").map(|i| i.name), Some("cycle.image.centos7"));
        assert_eq!(retired_label("cycle centos 7").map(|i| i.name), Some("cycle.image.centos7"));
        assert_eq!(retired_label("Cycle Windows 2016").map(|i| i.name), Some("cycle.image.win2016"));
        assert_eq!(retired_label("Cycle Ubuntu 16.04").map(|i| i.name), Some("cycle.image.ubuntu16"));
        assert_eq!(retired_label("CentOS 7"), None);
        assert_eq!(retired_label("Cycle "), None);
        assert_eq!(retired_label("Cycle Gentoo"), None);
        assert_eq!(retired_label("Cycle CentOS 70"), None);
    }

    #[test]
    fn finds_names_case_insensitively() {
        let image = builtin_by_name("Cycle.Image.CentOS8").expect("centos8 is built in");
        assert_eq!(image.label, "CentOS 8");
        assert_eq!(image.end_of_life, Some("2021-12-31"));
        assert!(builtin_by_name("almalinux8").is_some());
        assert!(builtin_by_name("almalinux-8").is_some());
        assert!(builtin_by_name("cycle.image.centos9").is_none());
    }
}
