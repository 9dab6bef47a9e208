//! The values of a parameter's `ParameterType` (spec 2.10.3): documented, observed and legacy.

/// Every known `ParameterType`, in its usual spelling. Compare with [`lookup`], which ignores
/// case (the docs write `hidden` in lowercase).
pub static PARAMETER_TYPES: &[&str] = &[
    // Basic (documented).
    "String",
    "StringList",
    "Boolean",
    "Password",
    // Selectors (documented).
    "Cloud.Region",
    "Cloud.Credentials",
    "Cloud.ClusterInitSpecs",
    "Cloud.MachineType",
    // Azure selectors (documented).
    "Azure.LiveStorageAccount",
    "Azure.LiveStorageContainer",
    "Azure.Location",
    "Azure.StorageAccount",
    "Azure.Environment",
    "Azure.ResourceGroup",
    "Azure.MachineType",
    "Azure.ManagedIdentity",
    "Azure.Subnet",
    // Not shown in the UI (documented, lowercase).
    "hidden",
    // Observed.
    "Cloud.Image",
    "Integer",
    "Text",
    "Record",
    "HtmlTemplate",
    // Legacy and AWS-era (observed).
    "Cloud.Provider",
    "Cloud.ClusterInit",
    "Cloud.ChefRepo",
    "AWS.Subnet",
    "AWS.Keypair",
    "AWS.SecurityGroupList",
];

/// The usual spelling of a `ParameterType`, compared case-insensitively.
pub fn lookup(name: &str) -> Option<&'static str> {
    PARAMETER_TYPES.iter().copied().find(|t| t.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("Hidden"), Some("hidden"));
        assert_eq!(lookup("cloud.image"), Some("Cloud.Image"));
        assert_eq!(lookup("Azure.Subnet"), Some("Azure.Subnet"));
        assert_eq!(lookup("AWS.KeyPair"), Some("AWS.Keypair"));
    }

    #[test]
    fn unknown_types_are_not_found() {
        // `Cloud.Subnet` is a plausible guess by analogy with `Cloud.Region`, but does not exist.
        assert_eq!(lookup("Cloud.Subnet"), None);
        assert_eq!(lookup("Strng"), None);
    }

    #[test]
    fn names_are_unique() {
        for (i, name) in PARAMETER_TYPES.iter().enumerate() {
            assert!(!PARAMETER_TYPES[..i].iter().any(|n| n.eq_ignore_ascii_case(name)), "{name}");
        }
    }
}
