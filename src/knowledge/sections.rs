//! The section kinds: what each is for, and under which parent it may stand.
//!
//! From section 2 of the format reference `template-format.md`. The parser checks nesting with
//! [`allowed_parents`]; the language server offers kinds after `[` with it and shows
//! [`purpose`] on hover.

use crate::model::SectionKind;

/// The parents a section of `kind` may have (`None`: the top level); `None` for an unknown kind.
pub fn allowed_parents(kind: SectionKind) -> Option<&'static [Option<SectionKind>]> {
    use SectionKind as K;
    Some(match kind {
        K::Cluster | K::NodeRef => &[None],
        // `[[[environment]]]` inside a node occurs in accepted templates (environment variables).
        K::Environment => &[None, Some(K::Node), Some(K::NodeArray)],
        K::Parameters => &[None, Some(K::Parameters)],
        K::Parameter => &[None, Some(K::Parameters), Some(K::Cluster)],
        K::Node | K::NodeArray => &[Some(K::Cluster)],
        K::Volume | K::NetworkInterface | K::InputEndpoint | K::ClusterInit | K::Autoscaler => {
            &[Some(K::Node), Some(K::NodeArray)]
        }
        K::Configuration => &[Some(K::Node), Some(K::NodeArray), Some(K::NodeRef)],
        K::List | K::Record => &[Some(K::Parameter)],
        K::Unknown => return None,
    })
}

/// One line on what a section of `kind` is for.
pub fn purpose(kind: SectionKind) -> &'static str {
    use SectionKind as K;
    match kind {
        K::Cluster => "a cluster: its nodes and nodearrays, and cluster-wide settings",
        K::Node => "a single VM; `[[node defaults]]` gives every node and nodearray its settings",
        K::NodeArray => "a scale set of identical VMs, started and stopped by the autoscaler",
        K::Volume => "a managed disk attached to the node",
        K::NetworkInterface => "a network interface of the node (subnet, public IP, load balancing)",
        K::InputEndpoint => "an open port of the node: forwarded or allowed through the firewall",
        K::ClusterInit => "a cluster-init spec (`project:spec:version`) run on the node at boot",
        K::Configuration => "configuration of the node's software, as namespaced keys",
        K::Environment => "an environment: a resource (such as an ARM deployment) shared by clusters",
        K::NodeRef => "a reference to a node of another cluster",
        K::Parameters => "a group of parameters: a page or a section of the cluster creation form",
        K::Parameter => "a parameter: a value asked for at creation, used as `$Name` or `${…}`",
        K::List => "a list value of a parameter's configuration (`Config.Entries`)",
        K::Record => "a record value of a parameter's configuration",
        K::Autoscaler => "autoscaling settings of a nodearray",
        K::Unknown => "an unknown section kind",
    }
}
