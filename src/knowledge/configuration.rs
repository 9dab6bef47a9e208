//! The `cyclecloud.*` configuration keys: what CycleCloud's own node configuration reads from
//! `[[[configuration]]]` sections, with types where documented and where each entry came from.
//!
//! A pattern is a dotted key in which `<name>` stands for any one part (a mount or export
//! name) and a final `*` for any rest (`cyclecloud.security.limits.*`). Keys compare
//! case-insensitively. Only the `cyclecloud.` namespace is listed: other namespaces (`slurm.*`,
//! `pbspro.*`, a project's own) belong to their projects and are never checked.
//! `docs/configuration.md` is generated from this table by [`configuration_markdown`].
//!
//! Sources: `D` the CycleCloud documentation (configuration reference
//! `cluster-references/configuration-reference.md`, and `how-to/mount-disk.md` for mounts),
//! as summarised in section 2.7 of the format reference; `O` observed in the corpus (the number
//! of templates that set it).

use crate::knowledge::attributes::AttrType;

use AttrType::{Any, Boolean, Integer, List, String as Str};

/// One known configuration key.
#[derive(Debug)]
pub struct ConfigKey {
    /// The dotted pattern: `<name>` is any one part, a final `*` any rest.
    pub pattern: &'static str,
    pub ty: AttrType,
    pub description: &'static str,
    /// Where it came from: `D` (documentation page), `O n` (observed in n corpus templates).
    pub source: &'static str,
}

const fn key(pattern: &'static str, ty: AttrType, description: &'static str, source: &'static str) -> ConfigKey {
    ConfigKey { pattern, ty, description, source }
}

const CONF: &str = "D configuration-reference";
const MOUNT: &str = "D mount-disk";
/// Listed in section 2.7 of the format reference, from the two pages together.
const SPEC: &str = "D spec 2.7";

/// Every known `cyclecloud.*` key.
pub static CONFIGURATION_KEYS: &[ConfigKey] = &[
    // Node services (configuration reference).
    key(
        "cyclecloud.maintenance_converge.enabled",
        Boolean,
        "re-converge the node every 20 minutes (default true; v7 and later)",
        "D configuration-reference; O 38",
    ),
    key(
        "cyclecloud.node.prevent_metadata_access",
        Boolean,
        "block VM metadata access for users other than root and cyclecloud (default true)",
        "D configuration-reference; O 18",
    ),
    key("cyclecloud.timezone", Str, "the node's time zone (default UTC)", "D configuration-reference; O 8"),
    key(
        "cyclecloud.ntp.disabled",
        Boolean,
        "opt out of the NTP service (default false)",
        "D configuration-reference; O 5",
    ),
    key("cyclecloud.ntp.servers", List, "NTP servers (default pool.ntp.org)", CONF),
    key("cyclecloud.ntp.*", Any, "other NTP settings", CONF),
    key(
        "cyclecloud.keepalive.timeout",
        Integer,
        "seconds to keep a node alive when installation does not finish (default 14400)",
        CONF,
    ),
    key(
        "cyclecloud.discoverable",
        Boolean,
        "other nodes may discover this node (default false)",
        "D configuration-reference; O 72",
    ),
    key(
        "cyclecloud.autoscale.forced_shutdown_timeout",
        Integer,
        "minutes before a node that cannot scale down gracefully is shut down (default 15)",
        CONF,
    ),
    key("cyclecloud.security.limits.*", Any, "`/etc/security/limits.conf` entries", CONF),
    key(
        "cyclecloud.selinux.policy",
        AttrType::Enum(&["enforcing", "permissive", "disabled"]),
        "SELinux mode",
        "D configuration-reference; O 44",
    ),
    key("cyclecloud.dns.domain", Str, "DNS search domain", "D configuration-reference; O 7"),
    key("cyclecloud.dns.alias", Str, "DNS alias of the node", CONF),
    key("cyclecloud.samba.enabled", Boolean, "install Samba", CONF),
    key("cyclecloud.install_epel", Boolean, "install the EPEL repository", "D configuration-reference; O 13"),
    key("cyclecloud.disable_rhui", Boolean, "disable the Red Hat update infrastructure", CONF),
    key("cyclecloud.ganglia.install", Boolean, "install Ganglia", CONF),
    key("cyclecloud.fail2ban.enabled", Boolean, "run fail2ban", "D configuration-reference; O 12"),
    key("cyclecloud.replace_sudoers", Boolean, "let CycleCloud manage sudoers", "D configuration-reference; O 6"),
    key("cyclecloud.converge_on_boot", Boolean, "converge again when the node reboots", "O 132"),
    key("cyclecloud.enable_chef", Boolean, "run the Chef converge", "O 8"),
    key("cyclecloud.monitoring.enabled", Boolean, "Azure Monitor metrics", "O 7"),
    key("cyclecloud.monitoring.identity_client_id", Str, "managed identity for monitoring", "O 7"),
    key("cyclecloud.monitoring.ingestion_endpoint", Str, "monitoring ingestion endpoint", "O 7"),
    key("cyclecloud.cluster.user.disabled", Boolean, "do not create the cluster user", "O 1"),
    // Autoscale (configuration reference; the issue calls these out when written on `[cluster]`).
    key(
        "cyclecloud.cluster.autoscale.idle_time_after_jobs",
        Integer,
        "seconds a node may idle after jobs before it stops",
        "D configuration-reference; O 21",
    ),
    key(
        "cyclecloud.cluster.autoscale.idle_time_before_jobs",
        Integer,
        "seconds a node may idle before its first job",
        "D configuration-reference; O 17",
    ),
    key("cyclecloud.cluster.autoscale.stop_interval", Integer, "seconds between autoscale stop checks", CONF),
    key("cyclecloud.cluster.autoscale.use_node_groups", Boolean, "autoscale by node groups", CONF),
    key("cyclecloud.cluster.autoscale.stop_enabled", Boolean, "let autoscale stop idle nodes", "O 10"),
    key(
        "cyclecloud.cluster.autoscale.provisioning_timeout",
        Integer,
        "seconds before a node that does not boot is replaced",
        "O 4",
    ),
    key("cyclecloud.cluster.autoscale.vm_retention_days", Integer, "days a deallocated VM is kept", "O 4"),
    key(
        "cyclecloud.cluster.autoscale.retention_days_after_deallocation",
        Integer,
        "days a deallocated VM is kept",
        "O 1",
    ),
    // Hosts.
    key(
        "cyclecloud.hosts.standalone_dns.enabled",
        Boolean,
        "manage `/etc/hosts` for the cluster",
        "D configuration-reference; O 99",
    ),
    key(
        "cyclecloud.hosts.standalone_dns.alt_suffix",
        Str,
        "alternative host name suffix",
        "D configuration-reference; O 1",
    ),
    key(
        "cyclecloud.hosts.standalone_dns.subnets",
        List,
        "subnets whose hosts are listed",
        "D configuration-reference; O 1",
    ),
    key("cyclecloud.hosts.simple_vpc_dns.enabled", Boolean, "legacy host-name resolution", "O 65"),
    // Mounts (mount-disk how-to, NFS mounts).
    key("cyclecloud.mounts.<name>.type", Str, "`nfs` for a network mount; unset for volumes", "D mount-disk; O 171"),
    key("cyclecloud.mounts.<name>.mountpoint", Str, "where the file system is mounted", "D mount-disk; O 195"),
    key("cyclecloud.mounts.<name>.export_path", Str, "NFS export path on the server", "D mount-disk; O 167"),
    key("cyclecloud.mounts.<name>.address", Str, "NFS server address", "D mount-disk; O 133"),
    key("cyclecloud.mounts.<name>.cluster_name", Str, "cluster whose node serves the export", MOUNT),
    key("cyclecloud.mounts.<name>.options", Str, "mount options", "D mount-disk; O 125"),
    key("cyclecloud.mounts.<name>.disabled", Boolean, "skip this mount", "D mount-disk; O 159"),
    key(
        "cyclecloud.mounts.<name>.fs_type",
        Str,
        "file system to format the volumes with (`ext4`, `xfs`)",
        "D mount-disk; O 143",
    ),
    key("cyclecloud.mounts.<name>.raid_level", Integer, "RAID level across the mount's volumes", "D mount-disk; O 48"),
    key("cyclecloud.mounts.<name>.raid_device_symlink", Str, "symlink to the RAID device", MOUNT),
    key("cyclecloud.mounts.<name>.devices", List, "devices to use instead of the volumes with `Mount = <name>`", MOUNT),
    key("cyclecloud.mounts.<name>.vg_name", Str, "LVM volume group name", MOUNT),
    key("cyclecloud.mounts.<name>.lv_name", Str, "LVM logical volume name", MOUNT),
    key("cyclecloud.mounts.<name>.order", Integer, "mount order", MOUNT),
    key("cyclecloud.mounts.<name>.size", Integer, "size in GB", MOUNT),
    key("cyclecloud.mounts.<name>.mdadm", Any, "mdadm settings", "O 5"),
    key("cyclecloud.mounts.<name>.encryption.bits", Integer, "encryption key size", MOUNT),
    key("cyclecloud.mounts.<name>.encryption.key", Str, "encryption key", MOUNT),
    key("cyclecloud.mounts.<name>.encryption.name", Str, "encrypted device name", MOUNT),
    key("cyclecloud.mounts.<name>.encryption.key_path", Str, "file holding the encryption key", MOUNT),
    key("cyclecloud.mount_defaults.fs_type", Str, "default file system of mounts", SPEC),
    key("cyclecloud.mount_defaults.size", Integer, "default size of mounts", SPEC),
    key("cyclecloud.mount_defaults.raid_level", Integer, "default RAID level of mounts", SPEC),
    key("cyclecloud.mount_defaults.encryption.bits", Integer, "default encryption key size", SPEC),
    // Exports (NFS exports).
    key("cyclecloud.exports.<name>.type", AttrType::Enum(&["nfs"]), "`nfs` (required)", "D spec 2.7; O 130"),
    key("cyclecloud.exports.<name>.export_path", Str, "exported directory", "D spec 2.7; O 130"),
    key("cyclecloud.exports.<name>.owner", Str, "owner of the exported directory", SPEC),
    key("cyclecloud.exports.<name>.group", Str, "group of the exported directory", SPEC),
    key("cyclecloud.exports.<name>.mode", Str, "mode of the exported directory", SPEC),
    key("cyclecloud.exports.<name>.network", Str, "network allowed to mount", SPEC),
    key("cyclecloud.exports.<name>.sync", Boolean, "synchronous writes", SPEC),
    key("cyclecloud.exports.<name>.writable", Boolean, "writable export", SPEC),
    key("cyclecloud.exports.<name>.options", Str, "export options", "D spec 2.7; O 103"),
    key("cyclecloud.exports.<name>.disabled", Boolean, "skip this export", "O 139"),
    key("cyclecloud.exports.<name>.samba.enabled", Boolean, "share the export with Samba too", "O 150"),
];

/// The known key matching `key` (case-insensitive), if any.
pub fn lookup(key: &str) -> Option<&'static ConfigKey> {
    CONFIGURATION_KEYS.iter().find(|k| matches(k.pattern, key))
}

/// True when `key` is in the `cyclecloud.` namespace that this table describes.
pub fn is_cyclecloud_key(key: &str) -> bool {
    key.len() > 11 && key.is_char_boundary(11) && key[..11].eq_ignore_ascii_case("cyclecloud.")
}

/// True when `key` matches `pattern` (case-insensitive).
pub fn matches(pattern: &str, key: &str) -> bool {
    let mut keys = key.split('.');
    for part in pattern.split('.') {
        if part == "*" {
            return keys.next().is_some();
        }
        let Some(k) = keys.next() else { return false };
        if part != "<name>" && !part.eq_ignore_ascii_case(k) {
            return false;
        }
        if part == "<name>" && k.is_empty() {
            return false;
        }
    }
    keys.next().is_none()
}

/// The last part of each mount key, for "this belongs to mounts" hints (`mountpoint`, `fs_type`).
pub fn mount_only_fields() -> impl Iterator<Item = &'static str> {
    let export_fields: Vec<&str> = fields_of("cyclecloud.exports.<name>.").collect();
    fields_of("cyclecloud.mounts.<name>.").filter(move |f| !export_fields.iter().any(|e| e.eq_ignore_ascii_case(f)))
}

/// The rest of each pattern under `prefix` (`mountpoint`, `encryption.bits`).
pub fn fields_of(prefix: &'static str) -> impl Iterator<Item = &'static str> {
    CONFIGURATION_KEYS.iter().filter_map(move |k| k.pattern.strip_prefix(prefix))
}

/// The Markdown text of `docs/configuration.md`.
pub fn configuration_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Configuration keys\n\n");
    out.push_str(
        "This file is generated from `src/knowledge/configuration.rs`; a test keeps it current \
         (run `UPDATE_DOCS=1 cargo test --test docs` after changing the table). It lists the \
         `cyclecloud.*` keys of `[[[configuration]]]` sections that cyclelint knows, with their \
         types where documented. `<name>` stands for any mount or export name, a final `*` for any \
         rest. Keys compare case-insensitively. Other namespaces (`slurm.*`, `pbspro.*`, a \
         project's own keys) are never checked.\n\n\
         Source: `D configuration-reference` and `D mount-disk` are the CycleCloud documentation \
         pages `cluster-references/configuration-reference.md` and `how-to/mount-disk.md`; \
         `D spec 2.7` is the summary of both pages in section 2.7 of the format reference; \
         `O n` means observed in n templates of the real-world corpus.\n\n",
    );
    out.push_str("| Key | Type | Description | Source |\n|---|---|---|---|\n");
    for k in CONFIGURATION_KEYS {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            k.pattern,
            k.ty.describe(),
            k.description.replace('|', "\\|"),
            k.source
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match() {
        assert!(lookup("cyclecloud.mounts.nfs_shared.mountpoint").is_some());
        assert!(lookup("CycleCloud.Mounts.home.MountPoint").is_some());
        assert!(lookup("cyclecloud.security.limits.hpc.nofile").is_some());
        assert!(lookup("cyclecloud.mounts.ref.mouhtpoint").is_none());
        assert!(lookup("cyclecloud.mounts..mountpoint").is_none());
        assert!(lookup("slurm.role").is_none());
        assert!(is_cyclecloud_key("cyclecloud.x"));
        assert!(!is_cyclecloud_key("cyclecloud"));
    }

    #[test]
    fn mount_only_fields_exclude_export_fields() {
        let fields: Vec<&str> = mount_only_fields().collect();
        assert!(fields.contains(&"mountpoint"));
        assert!(fields.contains(&"fs_type"));
        assert!(!fields.contains(&"export_path"));
        assert!(!fields.contains(&"disabled"));
    }

    #[test]
    fn patterns_are_unique() {
        for (i, k) in CONFIGURATION_KEYS.iter().enumerate() {
            assert!(
                !CONFIGURATION_KEYS[..i].iter().any(|o| o.pattern.eq_ignore_ascii_case(k.pattern)),
                "{}",
                k.pattern
            );
        }
    }
}
