use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::{Section, SectionId, SectionKind};
use crate::rules::{cluster_init_version_mismatch, Context};
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a cluster-init project used at different versions in one cluster:
    /// `[[[cluster-init beegfs:default:1.0.1]]]` in `[[node defaults]]` and
    /// `[[[cluster-init beegfs:metadata:1.0.0]]]` in a nodearray. The version that most
    /// sections use (on a tie, the first written) is taken as meant; each other one is
    /// reported, with a label at a section that uses the meant version and an unsafe fix.
    /// Both forms count: `[locker/]project:spec:version` and a label section with `Project`,
    /// `Version` and `Locker`. Projects compare by locker and name, case-insensitively; specs
    /// without a version, or with a `$Param` version, are not compared.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// Specs inherited from `[[node defaults]]` run next to a node's own: the node downloads
    /// and runs two releases of one project, whose files and scripts were not written to be
    /// mixed. It is almost always a version bump that missed some sections.
    ///
    /// Tuned against: a BeeGFS template whose defaults, manager and storage nodes moved to
    /// `1.0.1` while the metadata and client nodearrays stayed at `1.0.0` (reported twice);
    /// no other corpus template mixes versions of one project.
    ///
    /// ## Example
    /// ```ini
    /// [[node defaults]]
    ///     [[[cluster-init dask:default:1.0.2]]]
    /// [[nodearray workers]]
    ///     [[[cluster-init dask:execute:1.0.0]]]
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node defaults]]
    ///     [[[cluster-init dask:default:1.0.2]]]
    /// [[nodearray workers]]
    ///     [[[cluster-init dask:execute:1.0.2]]]
    /// ```
    pub static RULE = {
        name: "inconsistent-cluster-init-version",
        severity: Warning,
        summary: "one cluster-init project at different versions in one cluster",
        check: Some(check),
    };
}

/// A cluster-init section's project and literal version.
pub struct InitRef<'t> {
    pub section: &'t Section,
    /// `locker` as written, when given.
    pub locker: Option<String>,
    pub project: String,
    pub spec: Option<String>,
    pub version: Option<String>,
    /// Where the version is written (for labels and fixes).
    pub version_span: Option<Span>,
    /// Where the spec name is written.
    pub spec_span: Option<Span>,
}

/// The cluster-init references that may name a local project: none when no local project was
/// found; references with an explicit locker (`cyclecloud/slurm:…`) name the copy in that locker.
/// Shared by `unknown-cluster-init-spec` and `cluster-init-version-mismatch`.
pub fn local_init_refs<'t>(ctx: &Context<'t>) -> impl Iterator<Item = InitRef<'t>> {
    let any_local = !ctx.projects().is_empty();
    ctx.template
        .sections_of(SectionKind::ClusterInit)
        .filter(move |_| any_local)
        .filter_map(init_ref)
        .filter(|r| r.locker.is_none())
}

/// Reads a cluster-init section in either form; `None` when it names no project.
pub fn init_ref(section: &Section) -> Option<InitRef<'_>> {
    let literal = |key: &str| section.attribute(key).and_then(|a| a.value.literal_text().map(|t| (t, a.value.span)));
    if let Some((project, _)) = literal("Project") {
        let version = literal("Version");
        return Some(InitRef {
            section,
            locker: literal("Locker").map(|(t, _)| t.trim().to_string()),
            project: project.trim().to_string(),
            spec: literal("Spec").map(|(t, _)| t.trim().to_string()),
            version_span: version.as_ref().map(|(_, s)| *s),
            version: version.map(|(t, _)| t.trim().to_string()),
            spec_span: section.attribute("Spec").map(|a| a.value.span),
        });
    }
    let name = section.name.as_ref()?;
    let text = name.text.as_str();
    if text.contains(char::is_whitespace) {
        return None;
    }
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 3 || parts[0].is_empty() {
        return None;
    }
    let (locker, project) = match parts[0].split_once('/') {
        Some((l, p)) => (Some(l.to_string()), p.to_string()),
        None => (None, parts[0].to_string()),
    };
    let spec_start = name.span.start() + parts[0].len() + 1;
    let spec = parts.get(1).map(|s| s.to_string());
    let spec_span = parts.get(1).map(|s| Span::new(spec_start, spec_start + s.len()));
    let (version, version_span) = match parts.get(2) {
        Some(v) => {
            let start = spec_start + parts[1].len() + 1;
            (Some(v.to_string()), Some(Span::new(start, start + v.len())))
        }
        None => (None, None),
    };
    Some(InitRef { section, locker, project, spec, version, version_span, spec_span })
}

impl InitRef<'_> {
    /// A version to compare: literal and not empty.
    pub fn literal_version(&self) -> Option<&str> {
        self.version.as_deref().filter(|v| !v.is_empty() && !v.contains('$') && !v.contains("{{"))
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    // Each cluster's cluster-init sections, in file order (one pass over them, not one per cluster).
    let mut inits: HashMap<SectionId, Vec<&Section>> = HashMap::new();
    for section in ctx.template.sections_of(SectionKind::ClusterInit) {
        if let Some(cluster) = ctx.template.ancestor(section.id, SectionKind::Cluster) {
            inits.entry(cluster.id).or_default().push(section);
        }
    }
    for cluster in ctx.template.sections_of(SectionKind::Cluster) {
        // (locker, project) → the sections and their versions, in file order.
        let mut projects: HashMap<(String, String), Vec<InitRef>> = HashMap::new();
        let mut order = Vec::new();
        for &section in inits.get(&cluster.id).into_iter().flatten() {
            let Some(r) = init_ref(section) else { continue };
            if r.literal_version().is_none() {
                continue;
            }
            let key = (r.locker.clone().unwrap_or_default().to_ascii_lowercase(), r.project.to_ascii_lowercase());
            if !projects.contains_key(&key) {
                order.push(key.clone());
            }
            projects.entry(key).or_default().push(r);
        }
        for key in order {
            let refs = &projects[&key];
            // A local project's version is known: `cluster-init-version-mismatch` reports the
            // sections that differ from it, once.
            if key.0.is_empty() && !cluster_init_version_mismatch::local_versions(ctx.projects(), &key.1).is_empty() {
                continue;
            }
            // Each version with its count, in the order first written.
            let mut counts: Vec<(&str, usize)> = Vec::new();
            let mut index: HashMap<&str, usize> = HashMap::new();
            for r in refs {
                let v = r.literal_version().unwrap_or_default();
                match index.get(v) {
                    Some(&i) => counts[i].1 += 1,
                    None => {
                        index.insert(v, counts.len());
                        counts.push((v, 1));
                    }
                }
            }
            if counts.len() < 2 {
                continue;
            }
            // The most used version; on a tie, the first written (`max_by_key` keeps the last).
            let meant = counts.iter().rev().max_by_key(|(_, n)| *n).map(|(v, _)| *v).unwrap_or_default();
            let Some(example) = refs.iter().find(|r| r.literal_version() == Some(meant)) else { continue };
            for r in refs.iter().filter(|r| r.literal_version() != Some(meant)) {
                let (Some(span), Some(version)) = (r.version_span, r.literal_version()) else { continue };
                let mut d = Diagnostic::new(
                    &RULE,
                    span,
                    format!(
                        "cluster-init project `{}` is at version `{version}` here, but at `{meant}` elsewhere in cluster `{}`",
                        r.project,
                        cluster.display_name()
                    ),
                )
                .with_label(format!("version `{version}`"))
                .with_help(format!("use one version of `{}` in the whole cluster", r.project))
                .with_unsafe_fix(span, meant);
                if let Some(other) = example.version_span {
                    d = d.with_secondary(other, format!("version `{meant}`"));
                }
                out.push(d);
            }
        }
    }
}
