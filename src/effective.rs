//! Effective nodes: each `[[node]]` and `[[nodearray]]` as CycleCloud sees it after inheritance.
//!
//! Order (node-nodearray reference): `[[node defaults]]` first, then each `Extends` name in order
//! (later wins; a nodearray may extend a node; a base brings its own `Extends` chain), then the
//! section itself. `Key := undefined` (or `undefined()`) clears what was inherited. `Abstract = true`
//! sections are resolved too, but flagged, because they are not launched.
//!
//! Unknown `Extends` names and cycles are skipped here; rules report them.
//! A `$Param` value resolves to the parameter's literal `DefaultValue`; a `${…}` value counts as set
//! but is never guessed at.

use std::collections::HashMap;

use smol_str::SmolStr;

use crate::model::{cmp_ignore_ascii_case, Attribute, Section, SectionId, SectionKind, Template, Value, ValueKind};

/// A node or nodearray after inheritance. Only the chain of sections is kept: a key is looked
/// up along it when asked for (each section keeps its own index), so a `[[node defaults]]` of many
/// attributes costs nothing per node that inherits it.
#[derive(Debug)]
pub struct EffectiveNode<'t> {
    pub section: &'t Section,
    /// The sections applied before the node itself, in order (defaults, bases), with how each
    /// applies: empty for a node that inherits nothing, which then allocates nothing.
    inherited: Box<[(&'t Section, Via)]>,
    /// `Abstract = true` (after inheritance): not launched, only inherited from.
    pub is_abstract: bool,
    /// `[[node defaults]]` itself.
    pub is_defaults: bool,
}

/// Where an effective attribute came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Written in the node itself.
    Own,
    /// From `[[node defaults]]`.
    Defaults,
    /// From a base named in `Extends` (directly or through the base's own `Extends`).
    Extends,
}

/// One attribute of an effective node.
#[derive(Clone, Copy, Debug)]
pub struct EffectiveAttribute<'t> {
    pub attribute: &'t Attribute,
    /// The section the attribute is written in.
    pub section: &'t Section,
    pub via: Via,
}

/// What a value means once parameters are looked up.
#[derive(Debug)]
pub enum Resolved<'t> {
    /// A literal written in place (string, number, boolean, list of literals).
    Literal(&'t Value),
    /// A `$Param` whose parameter has a literal `DefaultValue`.
    ParameterDefault { parameter: &'t Section, value: &'t Value },
    /// A `$Param` whose parameter has no literal default (set in the UI or with `-p`).
    ParameterWithoutDefault { parameter: &'t Section },
    /// A `$Param` naming no parameter of the template.
    UnknownParameter,
    /// `${…}`, `:=`, interpolated text: set, but not guessed at.
    Computed,
    /// `undefined`.
    Undefined,
}

impl<'t> Resolved<'t> {
    /// The literal value, when there is one.
    pub fn value(&self) -> Option<&'t Value> {
        match self {
            Resolved::Literal(v) | Resolved::ParameterDefault { value: v, .. } => Some(v),
            _ => None,
        }
    }
}

impl<'t> EffectiveNode<'t> {
    /// The winning attribute for `key` (case-insensitive): the last setting along the chain,
    /// unless that setting clears it (`Key := undefined`).
    pub fn get(&self, key: &str) -> Option<EffectiveAttribute<'t>> {
        self.links().rev().find_map(|(section, via)| {
            let attribute = section.attribute(key)?;
            Some((!clears(attribute)).then_some(EffectiveAttribute { attribute, section, via }))
        })?
    }

    /// The sections applied, in order (defaults, bases, the node itself).
    pub fn chain(&self) -> impl DoubleEndedIterator<Item = SectionId> + '_ {
        self.links().map(|(section, _)| section.id)
    }

    /// The sections applied, in order (defaults, bases, the node itself), with how each applies.
    fn links(&self) -> impl DoubleEndedIterator<Item = (&'t Section, Via)> + '_ {
        self.inherited.iter().copied().chain(std::iter::once((self.section, Via::Own)))
    }

    /// The winning attribute per key, in the order keys were first set (a key cleared and set
    /// again goes last). Built when asked for: walking each key's settings in chain order decides
    /// its winner (the last setting after the last clear) and its place (its first setting after
    /// that clear).
    pub fn attributes(&self) -> Vec<EffectiveAttribute<'t>> {
        let settings: Vec<(&'t Attribute, u32)> = self
            .links()
            .enumerate()
            .flat_map(|(c, (section, _))| section.attributes.iter().map(move |a| (a, c as u32)))
            .collect();
        let mut order: Vec<u32> = (0..settings.len() as u32).collect();
        order.sort_by(|&a, &b| settings[a as usize].0.key.cmp_lookup(&settings[b as usize].0.key));
        let key = |i: u32| &settings[i as usize].0.key.text;
        // (place, winner) per key still set at the end.
        let mut winners: Vec<(u32, u32)> = Vec::new();
        for run in order.chunk_by(|&a, &b| key(a).eq_ignore_ascii_case(key(b))) {
            let mut state: Option<(u32, u32)> = None;
            for &i in run {
                state = match (state, clears(settings[i as usize].0)) {
                    (_, true) => None,
                    (Some((place, _)), false) => Some((place, i)),
                    (None, false) => Some((i, i)),
                };
            }
            winners.extend(state);
        }
        winners.sort_unstable();
        winners
            .iter()
            .map(|&(_, i)| {
                let (attribute, c) = settings[i as usize];
                let (section, via) = self.inherited.get(c as usize).copied().unwrap_or((self.section, Via::Own));
                EffectiveAttribute { attribute, section, via }
            })
            .collect()
    }

    pub fn name(&self) -> &'t str {
        self.section.display_name()
    }

    /// Launchable: not abstract and not `defaults`.
    pub fn is_launchable(&self) -> bool {
        !self.is_abstract && !self.is_defaults
    }
}

impl EffectiveAttribute<'_> {
    pub fn inherited(&self) -> bool {
        self.via != Via::Own
    }
}

/// The parameters of a template by lowercase name (`[[[parameter X]]]` at any rank).
pub struct Parameters<'t> {
    by_name: HashMap<SmolStr, &'t Section>,
}

impl<'t> Parameters<'t> {
    pub fn of(template: &'t Template) -> Parameters<'t> {
        let mut by_name = HashMap::new();
        for section in template.sections_of(SectionKind::Parameter) {
            if let Some(name) = &section.name {
                by_name.entry(name.lookup()).or_insert(section);
            }
        }
        Parameters { by_name }
    }

    pub fn get(&self, name: &str) -> Option<&'t Section> {
        self.by_name.get(name.to_ascii_lowercase().as_str()).copied()
    }

    pub fn names(&self) -> impl Iterator<Item = &'t str> + '_ {
        self.by_name.values().map(|s| s.display_name())
    }

    /// What `value` means after looking up a `$Param` default.
    pub fn resolve(&self, value: &'t Value) -> Resolved<'t> {
        match &value.kind {
            ValueKind::ParameterRef(name) => match self.get(&name.text) {
                None => Resolved::UnknownParameter,
                Some(parameter) => match parameter.attribute("DefaultValue") {
                    Some(default) if !default.value.is_computed() && !default.value.is_undefined() => {
                        match default.value.kind {
                            ValueKind::Empty | ValueKind::Invalid(_) => Resolved::ParameterWithoutDefault { parameter },
                            _ => Resolved::ParameterDefault { parameter, value: &default.value },
                        }
                    }
                    _ => Resolved::ParameterWithoutDefault { parameter },
                },
            },
            // `undefined`, `:= undefined`, `:= undefined()`.
            _ if value.is_undefined() => Resolved::Undefined,
            _ if value.is_computed() => Resolved::Computed,
            ValueKind::Invalid(_) => Resolved::Computed,
            _ => Resolved::Literal(value),
        }
    }
}

/// Longest `Extends` chain followed. Real templates use one or two levels; the limit keeps
/// resolution linear and its recursion shallow on any input.
pub const MAX_EXTENDS_DEPTH: usize = 32;

/// The nodes and nodearrays of one cluster, with a case-insensitive lookup by name.
pub struct Members<'t> {
    pub list: Vec<&'t Section>,
    /// Positions in `list` ordered by lowercase name, in file order within a name: four bytes a
    /// member, where a map by name cost some eighty (a generated file may have a million nodes).
    by_name: Vec<u32>,
}

impl<'t> Members<'t> {
    pub fn of(template: &'t Template, cluster: SectionId) -> Members<'t> {
        let list: Vec<&Section> = template.children(cluster).filter(|s| s.kind.is_node_like()).collect();
        let mut by_name: Vec<u32> = (0..list.len() as u32).collect();
        // Stable: the first written of a name stays first in its run.
        by_name
            .sort_by(|&a, &b| cmp_ignore_ascii_case(list[a as usize].display_name(), list[b as usize].display_name()));
        Members { list, by_name }
    }

    /// The first node or nodearray with this name (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&'t Section> {
        let name_of = |i: u32| self.list[i as usize].display_name();
        let start = self.by_name.partition_point(|&i| cmp_ignore_ascii_case(name_of(i), name).is_lt());
        let first = *self.by_name.get(start)?;
        name_of(first).eq_ignore_ascii_case(name).then(|| self.list[first as usize])
    }
}

/// Every node and nodearray of every cluster, resolved.
pub fn effective_nodes(template: &Template) -> Vec<EffectiveNode<'_>> {
    let mut nodes = Vec::new();
    for cluster in template.sections_of(SectionKind::Cluster) {
        let members = Members::of(template, cluster.id);
        let defaults: Vec<SectionId> = members
            .list
            .iter()
            .filter(|s| s.kind == SectionKind::Node && s.lookup_name() == "defaults")
            .map(|s| s.id)
            .collect();
        for node in &members.list {
            nodes.push(resolve(template, &members, &defaults, node));
        }
    }
    nodes
}

/// The names listed in an `Extends` value (a name or a comma list of names).
pub fn extends_names(value: &Value) -> Vec<(String, crate::span::Span)> {
    match &value.kind {
        ValueKind::List(items) => items.iter().flat_map(extends_names).collect(),
        ValueKind::String { text, .. } => vec![(text.trim().to_string(), value.span)],
        _ => Vec::new(),
    }
}

fn resolve<'t>(
    template: &'t Template,
    members: &Members<'t>,
    defaults: &[SectionId],
    node: &'t Section,
) -> EffectiveNode<'t> {
    let is_defaults = defaults.contains(&node.id);
    let mut chain: Vec<(SectionId, Via)> = Vec::new();
    if !is_defaults {
        chain.extend(defaults.iter().map(|&d| (d, Via::Defaults)));
    }
    let mut visiting = vec![node.id];
    extends_chain(members, node, &mut visiting, &mut chain);

    let inherited: Box<[(&'t Section, Via)]> = chain.iter().map(|&(id, via)| (template.section(id), via)).collect();
    let mut effective = EffectiveNode { section: node, inherited, is_abstract: false, is_defaults };
    effective.is_abstract = effective
        .get("abstract")
        .filter(|a| a.via == Via::Own)
        .and_then(|a| a.attribute.value.as_bool())
        .unwrap_or(false);
    effective
}

/// `Key := undefined` (or `undefined()`) clears what was inherited; `Key = undefined` is a value.
fn clears(attribute: &Attribute) -> bool {
    attribute.value.is_undefined() && attribute.operator != crate::model::Operator::Assign
}

/// Appends the bases of `section` (depth first, each base's own bases before it), skipping unknown
/// names, `defaults` (already first), cycles and chains deeper than [`MAX_EXTENDS_DEPTH`].
fn extends_chain<'t>(
    members: &Members<'t>,
    section: &'t Section,
    visiting: &mut Vec<SectionId>,
    chain: &mut Vec<(SectionId, Via)>,
) {
    let Some(extends) = section.attribute("Extends") else { return };
    if visiting.len() > MAX_EXTENDS_DEPTH {
        return;
    }
    for (name, _) in extends_names(&extends.value) {
        let Some(base) = members.get(&name) else { continue };
        if visiting.contains(&base.id) || base.lookup_name() == "defaults" {
            continue;
        }
        visiting.push(base.id);
        extends_chain(members, base, visiting, chain);
        visiting.pop();
        if !chain.iter().any(|(id, _)| *id == base.id) {
            chain.push((base.id, Via::Extends));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn text_of<'t>(node: &EffectiveNode<'t>, params: &Parameters<'t>, key: &str) -> Option<String> {
        let a = node.get(key)?;
        params.resolve(&a.attribute.value).value().and_then(|v| v.literal_text())
    }

    #[test]
    fn defaults_then_extends_then_own() {
        let template = parse(
            "[cluster c]\n[[node defaults]]\nImageName = a\nRegion = eastus\n[[node base]]\nAbstract = true\nImageName = b\nMachineType = m1\n\
             [[nodearray hpc]]\nExtends = base\nMachineType = m2\n[[node plain]]\n",
        )
        .template;
        let nodes = effective_nodes(&template);
        let params = Parameters::of(&template);
        let hpc = nodes.iter().find(|n| n.name() == "hpc").unwrap();
        assert_eq!(text_of(hpc, &params, "imagename").as_deref(), Some("b"));
        assert_eq!(text_of(hpc, &params, "MachineType").as_deref(), Some("m2"));
        assert_eq!(text_of(hpc, &params, "Region").as_deref(), Some("eastus"));
        assert!(!hpc.is_abstract, "Abstract is not inherited");
        assert_eq!(hpc.get("ImageName").unwrap().via, Via::Extends);
        let base = nodes.iter().find(|n| n.name() == "base").unwrap();
        assert!(base.is_abstract && !base.is_launchable());
        let plain = nodes.iter().find(|n| n.name() == "plain").unwrap();
        assert_eq!(text_of(plain, &params, "ImageName").as_deref(), Some("a"));
        assert_eq!(plain.get("ImageName").unwrap().via, Via::Defaults);
    }

    /// What the first attribute of node `n` resolves to, by variant name.
    fn resolved(text: &str) -> &'static str {
        let template = parse(text).template;
        let params = Parameters::of(&template);
        let node = template.sections.iter().find(|s| s.lookup_name() == "n").unwrap();
        match params.resolve(&node.attributes[0].value) {
            Resolved::Literal(_) => "literal",
            Resolved::ParameterDefault { .. } => "default",
            Resolved::ParameterWithoutDefault { .. } => "no default",
            Resolved::UnknownParameter => "unknown",
            Resolved::Computed => "computed",
            Resolved::Undefined => "undefined",
        }
    }

    #[test]
    fn each_kind_of_value_resolves_to_its_own() {
        let with = |default: &str, value: &str| {
            resolved(&format!("[cluster c]\n[[node n]]\n{value}\n[parameters p]\n[[parameter P]]\n{default}\n"))
        };
        assert_eq!(with("", "X = a"), "literal");
        assert_eq!(with("", "X = undefined"), "undefined");
        assert_eq!(with("", "X := undefined"), "undefined");
        assert_eq!(with("", "X := undefined()"), "undefined");
        assert_eq!(with("", "X := a + 1"), "computed");
        assert_eq!(with("", "X = ${a}"), "computed");
        assert_eq!(with("", "X := (a"), "computed", "an expression that does not parse is not a literal");
        assert_eq!(with("", "X = $Other"), "unknown");
        assert_eq!(with("DefaultValue = 4", "X = $P"), "default");
        assert_eq!(with("", "X = $p"), "no default");
        assert_eq!(with("DefaultValue =", "X = $P"), "no default");
        assert_eq!(with("DefaultValue := 2 * 2", "X = $P"), "no default", "a computed default is not guessed at");
        assert_eq!(with("DefaultValue = $Q", "X = $P"), "no default");
        assert_eq!(with("DefaultValue := undefined", "X = $P"), "no default");
    }

    #[test]
    fn later_extends_win_and_undefined_clears() {
        let template = parse(
            "[cluster c]\n[[node a]]\nX = 1\nY = a\n[[node b]]\nX = 2\n[[node n]]\nExtends = a, b\nY := undefined\n",
        )
        .template;
        let nodes = effective_nodes(&template);
        let params = Parameters::of(&template);
        let n = nodes.iter().find(|n| n.name() == "n").unwrap();
        assert_eq!(text_of(n, &params, "X").as_deref(), Some("2"));
        assert!(n.get("Y").is_none());
    }

    /// Keys keep the place of their first setting; a key cleared and set again goes last; `=`
    /// with `undefined` is a value, not a clear; clearing a key never set does nothing.
    #[test]
    fn attribute_order_after_overrides_and_clears() {
        let template = parse(
            "[cluster c]\n[[node defaults]]\nA = 1\nB = 1\nC = 1\nD = 1\n\
             [[node n]]\nb = 2\nA := undefined\nE := undefined()\nC = undefined\nA = 3\nF = 1\nD := undefined\n",
        )
        .template;
        let nodes = effective_nodes(&template);
        let n = nodes.iter().find(|n| n.name() == "n").unwrap();
        let keys: Vec<(&str, Via)> = n.attributes().iter().map(|a| (a.attribute.key.text.as_str(), a.via)).collect();
        assert_eq!(keys, [("b", Via::Own), ("C", Via::Own), ("A", Via::Own), ("F", Via::Own)]);
        assert_eq!(n.get("B").map(|a| a.attribute.key.text.as_str()), Some("b"));
        assert_eq!(n.get("a").map(|a| a.attribute.value.span), n.get("A").map(|a| a.attribute.value.span));
        assert!(n.get("D").is_none() && n.get("E").is_none() && n.get("G").is_none());
    }

    /// A node looks a key up along its chain, in sections searched through their key index (more
    /// than [`Section::LINEAR_LOOKUP`] attributes) or in order: every key in any case, the last
    /// setting of a repeated key, a clear, an override, and nothing else.
    #[test]
    fn lookups_along_the_chain_with_and_without_the_index() {
        for count in [Section::LINEAR_LOOKUP, Section::LINEAR_LOOKUP + 1, 100] {
            let keys: String = (0..count).map(|i| format!("Key{i} = {i}\n")).collect();
            let text = format!(
                "[cluster c]\n[[node defaults]]\n{keys}KEY3 = last\n[[node n]]\nkey5 := undefined\nKey7 = own\n"
            );
            let template = parse(&text).template;
            let nodes = effective_nodes(&template);
            let n = nodes.iter().find(|n| n.name() == "n").unwrap();
            for i in 0..count {
                let found = n.get(&format!("kEY{i}")).map(|a| (a.attribute.value.literal_text(), a.via));
                let expected = match i {
                    3 => Some((Some("last".to_string()), Via::Defaults)),
                    5 => None,
                    7 => Some((Some("own".to_string()), Via::Own)),
                    _ => Some((Some(i.to_string()), Via::Defaults)),
                };
                assert_eq!(found, expected, "key {i} of {count}");
            }
            assert!(n.get("Key").is_none() && n.get(&format!("Key{count}")).is_none());
            assert_eq!(n.attributes().len(), count - 1, "every key but the cleared one");
            let defaults = nodes.iter().find(|n| n.is_defaults).unwrap();
            assert_eq!(defaults.get("KEY5").and_then(|a| a.attribute.value.literal_text()), Some("5".to_string()));
        }
    }

    #[test]
    fn cycles_and_unknown_bases_terminate() {
        let template = parse("[cluster c]\n[[node a]]\nExtends = b\n[[node b]]\nExtends = a, ghost\nX = 1\n").template;
        let nodes = effective_nodes(&template);
        assert_eq!(nodes.len(), 2);
        let params = Parameters::of(&template);
        assert_eq!(text_of(&nodes[0], &params, "X").as_deref(), Some("1"));
    }

    /// `n0` extends `n1`, which extends `n2`…: bases are followed [`MAX_EXTENDS_DEPTH`] levels deep,
    /// and no further.
    #[test]
    fn extends_chains_are_followed_to_the_depth_limit_exactly() {
        let mut text = String::from("[cluster c]\n");
        for i in 0..=MAX_EXTENDS_DEPTH + 1 {
            text.push_str(&format!("[[node n{i}]]\nExtends = n{}\nAt{i} = {i}\n", i + 1));
        }
        let template = parse(&text).template;
        let nodes = effective_nodes(&template);
        let n0 = nodes.iter().find(|n| n.name() == "n0").unwrap();
        assert!(n0.get(&format!("At{MAX_EXTENDS_DEPTH}")).is_some(), "the last base within the limit");
        assert!(n0.get(&format!("At{}", MAX_EXTENDS_DEPTH + 1)).is_none(), "the first base past it");
    }

    /// Nodes that extend each other in a ring with fan-out: a base already being visited is
    /// skipped, so resolution is immediate (following the cycle to the depth limit would take
    /// 2^32 steps) and each base is in the chain once.
    #[test]
    fn cycles_with_fan_out_are_cut_at_the_first_repeat() {
        let template = parse(
            "[cluster c]\n[[node a]]\nExtends = b, c\nA = 1\n[[node b]]\nExtends = c, a\nB = 1\n[[node c]]\nExtends = a, b\nC = 1\n",
        )
        .template;
        let nodes = effective_nodes(&template);
        let a = nodes.iter().find(|n| n.name() == "a").unwrap();
        let keys: Vec<&str> = a.attributes().iter().map(|x| x.attribute.key.text.as_str()).collect();
        // a → b → c (c's bases a and b are being visited): chain c, b, then a's own.
        assert_eq!(keys, ["Extends", "C", "B", "A"]);
        assert_eq!(a.get("A").unwrap().via, Via::Own);
    }

    #[test]
    fn parameter_defaults_resolve() {
        let template = parse(
            "[cluster c]\n[[node n]]\nImageName = $Img\nRegion = $Region\nSubnetId = ${x}\n\
             [parameters P]\n[[parameters Q]]\n[[[parameter Img]]]\nDefaultValue = cycle.image.ubuntu22\n[[[parameter Region]]]\n",
        )
        .template;
        let nodes = effective_nodes(&template);
        let params = Parameters::of(&template);
        let n = &nodes[0];
        assert_eq!(text_of(n, &params, "ImageName").as_deref(), Some("cycle.image.ubuntu22"));
        assert!(matches!(
            params.resolve(&n.get("Region").unwrap().attribute.value),
            Resolved::ParameterWithoutDefault { .. }
        ));
        assert!(matches!(params.resolve(&n.get("SubnetId").unwrap().attribute.value), Resolved::Computed));
    }
}
