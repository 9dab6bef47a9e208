//! What the configuration rules share: the full dotted key of each attribute of a
//! `[[[configuration]]]` section (the section's prefix, then the key).

use crate::model::{Attribute, Section, SectionKind, Template};

/// One attribute of a configuration section with its full key.
pub struct ConfigEntry<'t> {
    pub section: &'t Section,
    pub attribute: &'t Attribute,
    /// `prefix.key` as written (`cyclecloud.mounts.home.mountpoint`).
    pub full_key: String,
    /// Number of dotted parts that come from the section name.
    pub prefix_parts: usize,
}

/// Every attribute of every `[[[configuration]]]` section, with its full key.
pub fn entries(template: &Template) -> impl Iterator<Item = ConfigEntry<'_>> {
    template.sections_of(SectionKind::Configuration).flat_map(|section| {
        let prefix = section.display_name().trim();
        let prefix_parts = if prefix.is_empty() { 0 } else { prefix.split('.').count() };
        section.attributes.iter().map(move |attribute| ConfigEntry {
            section,
            attribute,
            full_key: if prefix.is_empty() {
                attribute.key.text.to_string()
            } else {
                format!("{prefix}.{}", attribute.key.text)
            },
            prefix_parts,
        })
    })
}
