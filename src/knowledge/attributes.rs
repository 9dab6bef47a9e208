//! The attributes of each section kind: name, type and a one-line description.
//!
//! The tables follow section 2 of the format reference `template-format.md`: documented,
//! observed, legacy and AWS-era attributes alike, because a linter must not cry wolf on real
//! templates.
//! Names are compared case-insensitively. An entry whose name ends in `.*` is an open family:
//! it stands for every key with that prefix (`Tags.my-tag`, `Config.MyPluginOption`).
//! `docs/attributes.md` is generated from these tables by [`attributes_markdown`].

use crate::model::SectionKind;

use AttrType::{Any, Boolean, Float, Integer, List, RelativeTime, String as Str};

/// The type of an attribute's value, as a rule should check it.
///
/// Computed values (`$Param`, `${…}`, `:=`) are never checked against a type here: that is the
/// rules' business.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrType {
    String,
    Integer,
    /// A number: an integer literal is a valid float.
    Float,
    Boolean,
    /// A duration such as `10m`, `30s`, `7d` (bare or in back-ticks).
    RelativeTime,
    /// A comma-separated list; a single scalar is accepted as a one-element list.
    List,
    /// One of a closed set of strings, compared case-insensitively.
    Enum(&'static [&'static str]),
    /// Anything: records, expressions, values whose type is unknown.
    Any,
}

/// One known attribute of a section kind.
#[derive(Debug)]
pub struct AttrSpec {
    /// The canonical spelling; a name ending in `.*` is an open prefix family.
    pub name: &'static str,
    pub ty: AttrType,
    pub description: &'static str,
}

/// The known attributes of a section kind, or `None` when its key space is open
/// (configuration, record, list, autoscaler and unknown sections).
///
/// A node and a nodearray share one table: "all of the attributes for a node are valid for a
/// nodearray"; the converse does not hold for [`NODEARRAY_ONLY`], marked "(nodearray only)".
pub fn attributes_for(kind: SectionKind) -> Option<&'static [AttrSpec]> {
    match kind {
        SectionKind::Cluster => Some(CLUSTER),
        SectionKind::Node | SectionKind::NodeArray => Some(NODE),
        SectionKind::Volume => Some(VOLUME),
        SectionKind::NetworkInterface => Some(NETWORK_INTERFACE),
        SectionKind::InputEndpoint => Some(INPUT_ENDPOINT),
        SectionKind::ClusterInit => Some(CLUSTER_INIT),
        SectionKind::Environment => Some(ENVIRONMENT),
        SectionKind::NodeRef => Some(NODEREF),
        SectionKind::Parameters => Some(PARAMETERS),
        SectionKind::Parameter => Some(PARAMETER),
        SectionKind::Configuration
        | SectionKind::List
        | SectionKind::Record
        | SectionKind::Autoscaler
        | SectionKind::Unknown => None,
    }
}

/// The spec of `key` in a section of `kind`, compared case-insensitively.
///
/// An exact entry wins; otherwise a key under an open family (`tags.my-tag`, `Config.Foo`) gets
/// the family's entry. `None` for an unknown key and for every key of an open section kind.
pub fn lookup(kind: SectionKind, key: &str) -> Option<&'static AttrSpec> {
    let table = attributes_for(kind)?;
    table
        .iter()
        .find(|spec| !spec.is_family() && spec.name.eq_ignore_ascii_case(key))
        .or_else(|| table.iter().find(|spec| spec.family_contains(key)))
}

/// Node attributes that only a nodearray uses: the counts and scale-set settings ("Nodearray
/// attributes" of the node-nodearray reference). On a plain `[[node]]` they have no effect;
/// `[[node defaults]]` and abstract bases may carry them for the nodearrays that inherit them.
///
/// `InitialCount` is not among them: Microsoft's LSF and Slurm templates set it on `[[node]]`
/// sections (`InitialCount = $MasterNodeCountHA`); what it does there is undocumented.
pub const NODEARRAY_ONLY: &[&str] =
    &["MaxCount", "MaxCoreCount", "Azure.SingleScaleset", "Azure.Overprovision", "Azure.MaxScaleSetSize"];

/// Whether `key` (case-insensitive) is a nodearray-only attribute.
pub fn is_nodearray_only(key: &str) -> bool {
    NODEARRAY_ONLY.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// True when `key` lies under an open family of `kind` (`Tags.*` on nodes and environments;
/// `ParameterValues.*`, `VariableValues.*`, `VariableOverrides.*` on environments; `Config.*`,
/// `Widget.*`, `Conditions.*` on parameters), whose members are not all listed because plugins
/// and users define their own. Listed members (`Config.Filter`) are under the family too.
pub fn is_open_prefix(kind: SectionKind, key: &str) -> bool {
    attributes_for(kind).is_some_and(|table| table.iter().any(|spec| spec.family_contains(key)))
}

/// The Markdown text of `docs/attributes.md`: one table per section kind.
pub fn attributes_markdown() -> String {
    let mut out = String::new();
    out.push_str("# Attributes by section kind\n\n");
    out.push_str(
        "This file is generated from `src/knowledge/attributes.rs`; a test keeps it current \
         (run `UPDATE_DOCS=1 cargo test` after changing the tables). It lists every attribute \
         that cyclelint knows for each section kind: documented ones, and the observed, legacy \
         and AWS-era ones that real templates use. Names are case-insensitive. A name ending in \
         `.*` is an open family that accepts any key with that prefix. Enum values are compared \
         case-insensitively; a List also accepts a single value. The key spaces of \
         `[[[configuration]]]`, `[[[[list]]]]`, `[[[[record]]]]` and `[[[autoscaler]]]` \
         sections are open and are not listed.\n",
    );
    for (title, kind) in DOC_SECTIONS {
        let Some(table) = attributes_for(*kind) else {
            continue;
        };
        out.push_str(&format!("\n## {title}\n\n"));
        out.push_str("| Attribute | Type | Description |\n");
        out.push_str("|---|---|---|\n");
        for spec in table {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                spec.name,
                spec.ty.describe(),
                escape_cell(spec.description)
            ));
        }
    }
    out
}

impl AttrType {
    /// The canonical spelling of `value` when this is an enum that contains it
    /// (case-insensitively); `None` otherwise.
    pub fn enum_value(self, value: &str) -> Option<&'static str> {
        match self {
            AttrType::Enum(values) => values.iter().copied().find(|v| v.eq_ignore_ascii_case(value)),
            _ => None,
        }
    }

    /// A short human description: `Integer`, ``one of `tcp`, `udp` ``.
    pub fn describe(self) -> String {
        match self {
            AttrType::String => "String".to_string(),
            AttrType::Integer => "Integer".to_string(),
            AttrType::Float => "Float".to_string(),
            AttrType::Boolean => "Boolean".to_string(),
            AttrType::RelativeTime => "Relative time".to_string(),
            AttrType::List => "List".to_string(),
            AttrType::Any => "Any".to_string(),
            AttrType::Enum(values) => {
                let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                format!("one of {}", values.join(", "))
            }
        }
    }
}

impl AttrSpec {
    /// True for an open family entry (`Tags.*`).
    pub fn is_family(&self) -> bool {
        self.name.ends_with(".*")
    }

    /// True when this is a family entry and `key` has its prefix plus at least one character.
    fn family_contains(&self, key: &str) -> bool {
        let Some(prefix) = self.name.strip_suffix('*') else {
            return false;
        };
        key.len() > prefix.len()
            && key.is_char_boundary(prefix.len())
            && key[..prefix.len()].eq_ignore_ascii_case(prefix)
    }
}

/// The order and titles of the tables in `docs/attributes.md`.
const DOC_SECTIONS: &[(&str, SectionKind)] = &[
    ("`[cluster]`", SectionKind::Cluster),
    ("`[[node]]` and `[[nodearray]]`", SectionKind::Node),
    ("`[[[volume]]]`", SectionKind::Volume),
    ("`[[[network-interface]]]`", SectionKind::NetworkInterface),
    ("`[[[input-endpoint]]]`", SectionKind::InputEndpoint),
    ("`[[[cluster-init]]]`", SectionKind::ClusterInit),
    ("`[environment]`", SectionKind::Environment),
    ("`[noderef]`", SectionKind::NodeRef),
    ("`[parameters]` (groups)", SectionKind::Parameters),
    ("`[[[parameter]]]`", SectionKind::Parameter),
];

const fn attr(name: &'static str, ty: AttrType, description: &'static str) -> AttrSpec {
    AttrSpec { name, ty, description }
}

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

const OS: AttrType = AttrType::Enum(&["linux", "windows"]);

/// Spec 2.1.
static CLUSTER: &[AttrSpec] = &[
    attr("Abstract", Boolean, "the cluster is only a parent for other clusters"),
    attr("Autoscale", Boolean, "start and stop nodearray nodes automatically"),
    attr("Category", Str, "UI category (Schedulers, Filesystems, Infrastructure, ...)"),
    attr("CategoryOrder", Integer, "UI ordering within the category"),
    attr("FormLayout", AttrType::Enum(&["SelectionPanel", "List"]), "UI form layout; `List` is the default"),
    attr("IconUrl", Str, "icon shown in the UI (a URL or a relative path)"),
    attr("MaxCount", Integer, "cluster-wide node cap"),
    attr("MaxCoreCount", Integer, "cluster-wide core cap"),
    attr("ParentName", Str, "abstract parent cluster in the same file"),
    attr("UseLowPrio", Any, "legacy: low-priority nodes (observed in old templates)"),
];

/// Spec 2.2; node and nodearray share this table.
static NODE: &[AttrSpec] = &[
    // Required.
    attr("MachineType", List, "Azure VM size, or a list tried in order"),
    attr("SubnetId", Str, "`resource-group/vnet/subnet` (not the full resource id)"),
    attr("Credentials", Str, "name of the cloud provider account"),
    // Image.
    attr("ImageName", Str, "image package name, Marketplace URN or image resource id"),
    attr("Image", Str, "image label from the registry"),
    attr("ImageId", Str, "resource id of a VM image; wins over other image forms"),
    attr("ImageUrl", Str, "legacy: image URL"),
    attr("ImageVersion", Str, "registry package version, literal (`1.2`) or wildcard (`1.x`)"),
    attr("ImagePlan.Name", Str, "pricing plan name of a gallery image"),
    attr("ImagePlan.Publisher", Str, "pricing plan publisher of a gallery image"),
    attr("ImagePlan.Product", Str, "pricing plan product of a gallery image"),
    attr("Azure.Publisher", Str, "Marketplace image publisher"),
    attr("Azure.Offer", Str, "Marketplace image offer"),
    attr("Azure.Sku", Str, "Marketplace image SKU"),
    attr("Azure.ImageVersion", Str, "Marketplace image version (`latest` allowed)"),
    attr("Azure.OS", OS, "operating system of a custom image (legacy)"),
    attr("ImageOS", OS, "operating system of the image, to structure the OS extension"),
    attr("InstallJetpack", Boolean, "install Jetpack at boot (default true)"),
    attr("AwaitInstallation", Boolean, "wait for Jetpack installation (default true)"),
    attr("AwaitInstallationTimeout", Integer, "minutes to wait for installation (observed)"),
    attr("DownloadJetpack", Boolean, "download Jetpack at boot (default true; Linux only)"),
    attr("JetpackPlatform", Str, "Jetpack platform (`centos-7`, `ubuntu-16.04`, `windows`, ...); deprecated"),
    attr("JetpackVersion", Str, "Jetpack version to install"),
    attr("JetpackOs", Str, "Jetpack operating system (observed `linux`)"),
    // CycleCloud 8.
    attr("ComputerName", Str, "VM computer name override"),
    attr("ComputerNamePrefix", Str, "prefix for generated computer names"),
    attr("EphemeralOSDisk", Boolean, "use an ephemeral boot disk"),
    attr("Zone", List, "availability zone or zones"),
    attr("ProximityPlacementGroupId", Str, "proximity placement group resource id"),
    attr("PlacementGroupId", Str, "label grouping VMs into one placement group"),
    attr("KeyPairLocation", Str, "path of the SSH private key (the docs' type `Integer` is wrong)"),
    attr("KeepAlive", Boolean, "prevent the node from being terminated"),
    attr("Locker", Str, "locker to download cluster-init specs from"),
    attr("BootDiagnosticsUri", Str, "storage URI for boot diagnostics"),
    attr("HybridBenefit", Boolean, "use Azure Hybrid Benefit"),
    attr(
        "HybridBenefitLicense",
        AttrType::Enum(&["RHEL_BYOS", "SLES_BYOS", "Windows_Server"]),
        "Hybrid Benefit license type (default `Windows_Server`)",
    ),
    attr("NetworkSecurityGroupId", Str, "full network security group resource id"),
    attr("EnableTerminateNotification", Boolean, "enable scale-set terminate notifications"),
    attr("TerminateNotificationTimeout", RelativeTime, "how long a terminate notification waits"),
    attr("ThrottleCapacity", Boolean, "pause allocation after a capacity failure"),
    attr("ThrottleCapacityTime", RelativeTime, "how long to pause after a capacity failure (default `5m`)"),
    attr("FlexScaleSetId", Str, "resource id of a Flex scale set"),
    attr("EncryptionAtHost", Boolean, "enable encryption at host"),
    attr("SecurityType", AttrType::Enum(&["TrustedLaunch", "ConfidentialVM"]), "VM security type"),
    attr("EnableSecureBoot", Boolean, "secure boot (default true when SecurityType is set)"),
    attr("EnableVTPM", Boolean, "virtual TPM (default true when SecurityType is set)"),
    attr(
        "ScaleSetUpgradePolicyMode",
        AttrType::Enum(&["Automatic", "Rolling", "Manual"]),
        "scale-set upgrade policy (default `Manual`)",
    ),
    attr("IsReturnProxy", Boolean, "this node is the cluster's return proxy"),
    attr("ReturnPath.Hostname", Str, "host name the node uses to reach CycleCloud"),
    attr("ReturnPath.WebserverPort", Integer, "web server port the node uses to reach CycleCloud"),
    attr("ReturnPath.BrokerPort", Integer, "broker port the node uses to reach CycleCloud"),
    attr("AuthorizedKeysPath", Str, "legacy: path of the authorized keys file"),
    attr("Tags", Any, "tags as a record (`Tags = $NodeTags`)"),
    attr("Tags.*", Str, "one tag: `tags.name = value`"),
    attr("Interruptible", Boolean, "use Spot VMs"),
    attr("MaxPrice", Float, "Spot price cap (default -1: no price eviction)"),
    attr("EvictionPolicy", Str, "Spot eviction policy (setting it has no effect)"),
    attr("BatchAccount", Str, "legacy: low-priority nodes through Azure Batch"),
    attr("CloudInit", Str, "cloud-init user data (not merged with inherited values)"),
    attr("Azure.Identities", List, "user-assigned managed identity resource ids"),
    attr("AdditionalClusterInitSpecs", Any, "specs from a `Cloud.ClusterInitSpecs` parameter"),
    attr("AvailabilitySet.Name", Str, "availability set name"),
    attr("AvailabilitySet.PlatformFaultDomainCount", Integer, "availability set fault domains"),
    attr("AvailabilitySet.PlatformUpdateDomainCount", Integer, "availability set update domains"),
    attr("AvailabilitySet.ResourceId", Str, "existing availability set resource id"),
    attr("Region", Str, "Azure region (observed everywhere)"),
    attr("UsePublicNetwork", Boolean, "give the node a public IP address (observed)"),
    attr("EnableNodeHealthChecks", Boolean, "run node health checks (observed)"),
    attr("Username", Str, "administrator user name (Windows nodes, observed)"),
    attr("Password", Str, "administrator password (Windows nodes, observed)"),
    // Inheritance.
    attr("Abstract", Boolean, "not created; exists only to be inherited from"),
    attr("Extends", List, "node or nodearray names inherited from, later ones winning"),
    // Nodearray.
    attr("Azure.AllocationMethod", Str, "`StandAlone` for single VMs; a scale set otherwise"),
    attr("Azure.SingleScaleset", Boolean, "one scale set for the whole nodearray (nodearray only)"),
    attr("Azure.SinglePlacementGroup", Boolean, "limit scale sets to one placement group"),
    attr("Azure.Overprovision", Boolean, "scale-set overprovisioning (nodearray only)"),
    attr("Azure.MaxScaleSetSize", Integer, "maximum VMs per scale set (default 40) (nodearray only)"),
    attr("InitialCount", Integer, "nodes started with the cluster"),
    attr("MaxCount", Integer, "maximum number of nodes (nodearray only)"),
    attr("InitialCoreCount", Integer, "cores started with the cluster"),
    attr("MaxCoreCount", Integer, "maximum number of cores (nodearray only)"),
    attr("ShutdownPolicy", AttrType::Enum(&["terminate", "deallocate"]), "what happens to a stopped node"),
    // Legacy, undocumented and AWS-era.
    attr("Fixed", Any, "legacy (observed)"),
    attr("StageResources", Any, "legacy (observed)"),
    attr("Priority", Any, "legacy (observed)"),
    attr("TerminationProtection", Any, "legacy (observed)"),
    attr("EnableAcceleratedNetworking", Boolean, "accelerated networking (observed)"),
    attr("TagList", Any, "legacy (observed)"),
    attr("ClusterInit", Any, "legacy (observed)"),
    attr("Project", Str, "legacy: project name (observed)"),
    attr("ProjectVersion", Str, "legacy: project version (observed)"),
    attr("ProjectSpec", Str, "legacy: project spec (observed)"),
    attr("ChefRepoVersion", Str, "legacy (observed)"),
    attr("CommonChefRepoVersion", Str, "legacy (observed)"),
    attr("BlackboardLocker", Str, "legacy (observed)"),
    attr("Azure.IaaS", Any, "legacy (observed)"),
    attr("Azure.VirtualNetwork", Str, "legacy: virtual network name (observed)"),
    attr("Azure.SubnetName", Str, "legacy: subnet name (observed)"),
    attr("KeyPair", Str, "AWS-era key pair name"),
    attr("SecurityGroups", Any, "AWS-era security groups"),
    attr("AWS.InstanceProfileArn", Str, "AWS-era instance profile"),
    attr("Preemptible", Any, "legacy nodearray attribute (observed)"),
    attr("BidPrice", Any, "legacy nodearray attribute (observed)"),
    attr("BidPricePerCore", Any, "legacy nodearray attribute (observed)"),
    attr("Count", Any, "legacy nodearray attribute (observed)"),
    attr("CoreCount", Any, "legacy nodearray attribute (observed)"),
];

/// Spec 2.3.
static VOLUME: &[AttrSpec] = &[
    attr("Size", Integer, "size in GB"),
    attr("VolumeId", Str, "existing disk resource id"),
    attr(
        "StorageAccountType",
        AttrType::Enum(&[
            "UltraSSD_LRS",
            "Premium_LRS",
            "StandardSSD_LRS",
            "Standard_LRS",
            "PremiumV2_LRS",
            "Premium_ZRS",
            "StandardSSD_ZRS",
        ]),
        "managed disk type",
    ),
    attr("SSD", Boolean, "premium storage when true (CycleCloud 7; still common)"),
    attr("DiskIOPSReadWrite", Integer, "provisioned IOPS of an ultra disk"),
    attr("DiskMBPSReadWrite", Integer, "provisioned throughput of an ultra disk"),
    attr("Azure.Lun", Integer, "logical unit number override"),
    attr("Mount", Str, "name of a `cyclecloud.mounts.<name>` configuration"),
    attr("Azure.Caching", AttrType::Enum(&["none", "readonly", "readwrite"]), "host caching (default `none`)"),
    attr("Persistent", Boolean, "keep the disk when the VM is deleted (default false)"),
    attr("Disabled", Boolean, "do not create the volume (default false)"),
    attr("SourceUri", Str, "blob to import the disk from"),
    attr("StorageAccountId", Str, "storage account of `SourceUri`"),
    attr("SourceResourceId", Str, "snapshot or disk to create the disk from"),
    attr("DiskEncryptionSetId", Str, "disk encryption set resource id"),
    attr("ConfidentialDiskEncryptionSetId", Str, "confidential disk encryption set resource id"),
    attr(
        "SecurityEncryptionType",
        AttrType::Enum(&["VMGuestStateOnly", "DiskWithVMGuestState", "NonPersistedTPM"]),
        "confidential VM disk encryption (default `VMGuestStateOnly`)",
    ),
    attr("Azure.Encryption.Type", Str, "deprecated encryption type"),
    attr("Azure.Encryption.DiskEncryptionSetId", Str, "deprecated disk encryption set"),
];

/// Spec 2.4.
static NETWORK_INTERFACE: &[AttrSpec] = &[
    attr("AssociatePublicIpAddress", Boolean, "give the interface a public IP address"),
    attr("EnableIpForwarding", Boolean, "enable IP forwarding"),
    attr("SecurityGroup", Str, "network security group resource id"),
    attr("ApplicationSecurityGroups", List, "application security group resource ids"),
    attr("SubnetId", Str, "subnet override"),
    attr("Primary", Boolean, "this is the primary interface"),
    attr("PrivateIp", Str, "static private IP address (nodes only)"),
    attr("NetworkInterfaceId", Str, "existing interface, never modified or deleted (nodes only)"),
    attr("StaticPublicIpAddress", Boolean, "keep the public IP address (nodes only)"),
    attr("PublicIp", Any, "observed"),
    attr("AcceleratedNetworking", Boolean, "accelerated networking (observed)"),
];

/// Spec 2.5.
static INPUT_ENDPOINT: &[AttrSpec] = &[
    attr("PublicPort", Integer, "public port (incremented per scale-set VM)"),
    attr("PrivatePort", Integer, "port on the node"),
    attr("Protocol", AttrType::Enum(&["tcp", "udp"]), "protocol (default `tcp`)"),
];

/// Spec 2.6.
static CLUSTER_INIT: &[AttrSpec] = &[
    attr("Project", Str, "project name"),
    attr("Version", Str, "project version"),
    attr("Spec", Str, "spec name"),
    attr("Locker", Str, "locker (`cyclecloud` for built-in projects)"),
    attr("SourceLocker", Str, "locker to sync the project from"),
    attr("Optional", Boolean, "observed"),
    attr("Order", Integer, "observed"),
    attr("run_list", List, "legacy Chef run list"),
];

/// Spec 2.8.
static ENVIRONMENT: &[AttrSpec] = &[
    attr("Credentials", Str, "cloud provider account"),
    attr("Region", Str, "Azure region"),
    attr("TemplateURL", Str, "ARM template URL (use only one `Template*` attribute)"),
    attr("TemplateContents", Str, "ARM template JSON as a string"),
    attr("TemplatePath", Str, "ARM template path in the locker"),
    attr("Locker", Str, "locker holding the template"),
    attr("ParameterValues.*", Any, "value of one ARM template parameter"),
    attr("VariableOverrides.*", Any, "override of one ARM template variable"),
    attr("ParameterizeVariables", Boolean, "expose template variables as parameters"),
    attr("VariableValues.*", Any, "value of one ARM template variable"),
    attr("Azure.ResourceGroup", Str, "resource group of the deployment"),
    attr("ManagedLifecycle", Boolean, "delete the deployment with the cluster (default true)"),
    attr("Name", Str, "deployment name"),
    attr("Tags", Any, "tags as a record"),
    attr("Tags.*", Str, "one tag: `tags.name = value`"),
];

/// Spec 2.9.
static NODEREF: &[AttrSpec] = &[
    attr("Name", Str, "name of the referenced node"),
    attr("SourceClusterName", Str, "cluster of the referenced node"),
];

/// Spec 2.10.1.
static PARAMETERS: &[AttrSpec] = &[
    attr("Order", Integer, "UI order"),
    attr("Description", Str, "UI help text"),
    attr("Label", Str, "UI label"),
    attr("Hidden", Boolean, "hide the group"),
    attr("HideLabel", Boolean, "hide the group's label"),
    attr("Conditions.Excluded", Any, "exclude the group when this expression is true"),
    attr("Conditions.Hidden", Any, "hide the group when this expression is true"),
];

/// Spec 2.10.2 and 2.10.4.
static PARAMETER: &[AttrSpec] = &[
    attr("Label", Str, "UI label"),
    attr("Description", Str, "UI help text"),
    attr("Required", Boolean, "a value is required (default false)"),
    attr("DefaultValue", Any, "default value"),
    attr("Disabled", Any, "hide the parameter and mute its value (a Boolean or an expression)"),
    attr("ParameterType", Str, "type of the value and its UI widget (default `String`)"),
    attr("Order", Integer, "UI order"),
    attr("HideLabel", Boolean, "hide the label"),
    attr("Hidden", Boolean, "hide the parameter"),
    attr("AutoSelect", Boolean, "observed"),
    // Config.
    attr("Config.Plugin", Str, "UI widget (`pico.form.NumberTextBox`, ...)"),
    attr("Config.Label", Str, "widget label"),
    attr("Config.Template", Str, "HTML of a `pico.widget.HtmlTemplateWidget`"),
    attr("Config.Entries", Any, "dropdown entries (records with `Label` and `Value`)"),
    attr("Config.Filter", Any, "predicate over image packages (`Package in {...}`)"),
    attr("Config.OS", OS, "operating system of a `Cloud.Image` selector"),
    attr("Config.MinValue", Float, "smallest accepted number"),
    attr("Config.MaxValue", Float, "largest accepted number"),
    attr("Config.IntegerOnly", Boolean, "accept whole numbers only"),
    attr("Config.Increment", Float, "step of a number box"),
    attr("Config.FreeForm", Boolean, "accept values outside the list"),
    attr("Config.MultiSelect", Boolean, "select several values (the value is a list)"),
    attr("Config.ParameterType", Str, "item type of a list builder"),
    attr("Config.NumLines", Integer, "height of a text box"),
    attr("Config.Query", Str, "datastore query of a `pico.form.QueryDropdown` (opaque)"),
    attr("Config.SetDefault", Boolean, "select the first query result by default"),
    attr("Config.Parameters", Any, "sub-parameters of a widget"),
    attr("Config.Options", Any, "widget options"),
    attr("Config.Required", Boolean, "the widget requires a value"),
    attr("Config.PlaceholderText", Str, "placeholder of a text box"),
    attr("Config.ItemWidget.Plugin", Str, "widget of a list builder's items"),
    attr("Config.Provider", Str, "cloud provider"),
    attr("Config.ProviderDefaults", Any, "defaults per cloud provider (a record)"),
    attr("Config.*", Any, "widget option defined by a plugin"),
    // Widget.
    attr("Widget.Plugin", Str, "JavaScript widget (`pico.form.BooleanCheckBox`, ...)"),
    attr("Widget.Label", Str, "widget label"),
    attr("Widget.FalseValue", Any, "value when unchecked"),
    attr("Widget.WarnOnCheck", Boolean, "warn when checked"),
    attr("Widget.Warning", Str, "warning text"),
    attr("Widget.*", Any, "widget option defined by a plugin"),
    // Conditions.
    attr("Conditions.Hidden", Any, "hide the parameter when this expression is true"),
    attr("Conditions.Excluded", Any, "exclude the parameter when this expression is true"),
    attr("Conditions.Required", Any, "require a value when this expression is true"),
    attr("Conditions.Disabled", Any, "disable the parameter when this expression is true"),
    attr("Conditions.Value", Any, "computed value"),
    attr("Conditions.*", Any, "other UI condition"),
];

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_KINDS: &[SectionKind] = &[
        SectionKind::Cluster,
        SectionKind::Node,
        SectionKind::NodeArray,
        SectionKind::Volume,
        SectionKind::NetworkInterface,
        SectionKind::InputEndpoint,
        SectionKind::ClusterInit,
        SectionKind::Configuration,
        SectionKind::Environment,
        SectionKind::NodeRef,
        SectionKind::Parameters,
        SectionKind::Parameter,
        SectionKind::List,
        SectionKind::Record,
        SectionKind::Autoscaler,
        SectionKind::Unknown,
    ];

    #[test]
    fn lookup_is_case_insensitive() {
        let spec = lookup(SectionKind::Node, "KeypairLocation").unwrap();
        assert_eq!(spec.name, "KeyPairLocation");
        assert_eq!(spec.ty, AttrType::String);
        assert_eq!(lookup(SectionKind::NodeArray, "azure.maxscalesetsize").unwrap().name, "Azure.MaxScaleSetSize");
        assert_eq!(lookup(SectionKind::Cluster, "ICONURL").unwrap().name, "IconUrl");
        assert_eq!(lookup(SectionKind::ClusterInit, "PROJECT").unwrap().name, "Project");
        assert_eq!(lookup(SectionKind::Volume, "ssd").unwrap().ty, AttrType::Boolean);
    }

    #[test]
    fn unknown_keys_are_not_found() {
        assert!(lookup(SectionKind::Node, "MachineTyp").is_none());
        assert!(lookup(SectionKind::Node, "Tags.").is_none());
        assert!(lookup(SectionKind::Cluster, "ImageName").is_none());
        assert!(lookup(SectionKind::Volume, "MachineType").is_none());
    }

    #[test]
    fn node_and_nodearray_share_a_table() {
        assert_eq!(lookup(SectionKind::Node, "ShutdownPolicy").unwrap().name, "ShutdownPolicy");
        assert_eq!(lookup(SectionKind::NodeArray, "ImageName").unwrap().name, "ImageName");
    }

    #[test]
    fn enum_values_compare_case_insensitively() {
        let ty = lookup(SectionKind::NodeArray, "ShutdownPolicy").unwrap().ty;
        assert_eq!(ty.enum_value("Deallocate"), Some("deallocate"));
        assert_eq!(ty.enum_value("terminate"), Some("terminate"));
        assert_eq!(ty.enum_value("stop"), None);
        let protocol = lookup(SectionKind::InputEndpoint, "protocol").unwrap().ty;
        assert_eq!(protocol.enum_value("TCP"), Some("tcp"));
        let caching = lookup(SectionKind::Volume, "Azure.Caching").unwrap().ty;
        assert_eq!(caching.enum_value("None"), Some("none"));
        assert_eq!(caching.enum_value("ReadOnly"), Some("readonly"));
        let layout = lookup(SectionKind::Cluster, "FormLayout").unwrap().ty;
        assert_eq!(layout.enum_value("selectionpanel"), Some("SelectionPanel"));
        assert_eq!(AttrType::String.enum_value("anything"), None);
    }

    #[test]
    fn open_key_spaces() {
        for kind in [
            SectionKind::Configuration,
            SectionKind::List,
            SectionKind::Record,
            SectionKind::Autoscaler,
            SectionKind::Unknown,
        ] {
            assert!(attributes_for(kind).is_none(), "{kind:?}");
            assert!(lookup(kind, "anything.at.all").is_none(), "{kind:?}");
        }
        assert!(is_open_prefix(SectionKind::Node, "tags.my-tag"));
        assert!(is_open_prefix(SectionKind::NodeArray, "Tags.Owner"));
        assert_eq!(lookup(SectionKind::Node, "tags.my-tag").unwrap().name, "Tags.*");
        assert_eq!(lookup(SectionKind::Node, "Tags").unwrap().name, "Tags");
        assert!(is_open_prefix(SectionKind::Environment, "ParameterValues.DBName"));
        assert!(is_open_prefix(SectionKind::Environment, "variableoverrides.x"));
        assert!(is_open_prefix(SectionKind::Parameter, "Config.MyPluginOption"));
        assert!(is_open_prefix(SectionKind::Parameter, "Widget.Whatever"));
        assert!(is_open_prefix(SectionKind::Parameter, "conditions.Something"));
        assert_eq!(lookup(SectionKind::Parameter, "Config.MyPluginOption").unwrap().name, "Config.*");
        assert_eq!(lookup(SectionKind::Parameter, "config.filter").unwrap().name, "Config.Filter");
        assert!(!is_open_prefix(SectionKind::Node, "AvailabilitySet.Name"));
        assert!(!is_open_prefix(SectionKind::Node, "Config.Filter"));
        assert!(!is_open_prefix(SectionKind::Parameters, "Config.Filter"));
        assert!(!is_open_prefix(SectionKind::Configuration, "cyclecloud.mounts"));
        assert!(lookup(SectionKind::Node, "AvailabilitySet.Nam").is_none());
    }

    #[test]
    fn tables_have_unique_names_and_sane_entries() {
        for &kind in ALL_KINDS {
            let Some(table) = attributes_for(kind) else {
                continue;
            };
            for (i, spec) in table.iter().enumerate() {
                assert!(
                    !table[..i].iter().any(|s| s.name.eq_ignore_ascii_case(spec.name)),
                    "{kind:?}: `{}` is listed twice",
                    spec.name
                );
                assert!(!spec.name.contains(' '), "{kind:?}: `{}`", spec.name);
                assert!(!spec.name[..spec.name.len() - 1].contains('*'), "{}", spec.name);
                assert!(!spec.description.is_empty(), "{}", spec.name);
                assert!(!spec.description.ends_with('.'), "{}: description ends with a period", spec.name);
                assert_eq!(lookup(kind, spec.name).map(|s| s.name), Some(spec.name));
            }
        }
    }

    #[test]
    fn docs_are_current() {
        let expected = attributes_markdown();
        let actual = include_str!("../../docs/attributes.md");
        if expected == actual {
            return;
        }
        if std::env::var("UPDATE_DOCS").as_deref() == Ok("1") {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/attributes.md");
            std::fs::write(path, expected).unwrap();
        } else {
            panic!("docs/attributes.md is stale: run `UPDATE_DOCS=1 cargo test`");
        }
    }
}
