use crate::diagnostic::{closest, Diagnostic};
use crate::knowledge::attributes::{lookup, AttrType};
use crate::model::{Attribute, ExprKind, Name, Section, SectionKind, ValueKind};
use crate::rules::references::is_identifier;
use crate::rules::{undefined_parameter, Context};

declare_rule! {
    /// ## What it does
    /// Reports an attribute whose whole value is a parameter (`$X`, `${X}`, `:= X`) whose
    /// `ParameterType` cannot produce what the attribute takes:
    ///
    /// | Parameter type | Produces | Goes to |
    /// |---|---|---|
    /// | `Cloud.Image` | an image name or URN | `ImageName`, `Image` (never `ImageId`) |
    /// | `Cloud.MachineType`, `Azure.MachineType` | a VM size | `MachineType` |
    /// | `Cloud.Region`, `Azure.Location` | a region | `Region` |
    /// | `Azure.Subnet` | a subnet | `SubnetId` |
    /// | `Cloud.Credentials` | an account name | `Credentials` |
    /// | `Boolean` | a boolean | Boolean attributes, and numbers (`true` counts as 1) |
    /// | `Integer` | a number | Integer and Float attributes |
    ///
    /// Only when both sides are known: the parameter has one of these types, and the attribute
    /// is one of the node attributes above, or a known attribute of Boolean, Integer or Float
    /// type (`docs/attributes.md`). `String`, `hidden` and untyped parameters, expressions and
    /// interpolated text are never guessed at. `ImageId = $X` with a `Cloud.Image` parameter
    /// gets an (unsafe) fix that renames the key to `ImageName` when the section sets no other
    /// image form. When a parameter of the right type is defined and nothing uses it (the only
    /// one, or the one named most like the attribute; a `Boolean` or `Integer` one only when its
    /// name is like the attribute's), it is labelled as the one probably meant,
    /// with an (unsafe) fix to `$` it; `unused-parameter` does not report it a second time.
    ///
    /// Applies to: every CycleCloud version; the pickers are those of the Azure provider.
    ///
    /// ## Why is this bad?
    /// The UI offers choices of one kind and the attribute expects another: a `Cloud.Image`
    /// picker yields `almalinux8` or a Marketplace URN, never a resource id, so every catalogue
    /// choice breaks `ImageId`; a region fed to `MachineType` fails at launch.
    ///
    /// Tuned against: the corpus's 1,230 `Boolean`, 911 `Cloud.MachineType`, 619 `Cloud.Image`,
    /// 355 `Azure.Subnet` and 305 `Cloud.Region` parameters. The Symphony template's volumes
    /// write `Ssd = $ExecuteBootDiskSize` (an `Integer` where a boolean belongs, a copy-paste
    /// slip): reported. The official Slurm template's
    /// `InitialCount = $configuration_slurm_ha_enabled` (a `Boolean` as a count, 1 node when
    /// HA is on) works because CycleCloud counts `true` as 1: not reported. `ImageId = $ImageId`
    /// with an untyped parameter stays silent.
    ///
    /// ## Example
    /// ```ini
    /// [[node scheduler]]
    /// ImageId = $SchedulerImage
    ///
    /// [[[parameter SchedulerImage]]]
    /// ParameterType = Cloud.Image
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node scheduler]]
    /// ImageName = $SchedulerImage
    ///
    /// [[[parameter SchedulerImage]]]
    /// ParameterType = Cloud.Image
    /// ```
    pub static RULE = {
        name: "parameter-type-mismatch",
        severity: Warning,
        summary: "a parameter whose type cannot produce what the attribute takes",
        check: Some(check),
    };
}

/// What a parameter type produces, or an attribute takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Image,
    ImageId,
    MachineType,
    Region,
    Subnet,
    Credentials,
    Boolean,
    Number,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Image => "an image name or URN",
            Kind::ImageId => "an image resource id",
            Kind::MachineType => "a VM size",
            Kind::Region => "a region",
            Kind::Subnet => "a subnet",
            Kind::Credentials => "a cloud account name",
            Kind::Boolean => "a boolean",
            Kind::Number => "a number",
        }
    }
}

/// What a parameter of this `ParameterType` yields, for the types whose result is known.
fn produces(parameter_type: &str) -> Option<Kind> {
    let t = parameter_type.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "cloud.image" => Kind::Image,
        "cloud.machinetype" | "azure.machinetype" => Kind::MachineType,
        "cloud.region" | "azure.location" => Kind::Region,
        "azure.subnet" => Kind::Subnet,
        "cloud.credentials" => Kind::Credentials,
        "boolean" => Kind::Boolean,
        "integer" => Kind::Number,
        _ => return None,
    })
}

/// What attribute `key` of a section of `kind` takes, when it is one of the checked ones.
fn takes(kind: SectionKind, key: &str) -> Option<Kind> {
    let spec = lookup(kind, key)?;
    if spec.is_family() {
        return None;
    }
    if kind.is_node_like() {
        let slot = match spec.name {
            "ImageName" | "Image" => Some(Kind::Image),
            "ImageId" => Some(Kind::ImageId),
            "MachineType" => Some(Kind::MachineType),
            "Region" => Some(Kind::Region),
            "SubnetId" => Some(Kind::Subnet),
            "Credentials" => Some(Kind::Credentials),
            _ => None,
        };
        if slot.is_some() {
            return slot;
        }
    }
    match spec.ty {
        AttrType::Boolean => Some(Kind::Boolean),
        AttrType::Integer | AttrType::Float => Some(Kind::Number),
        _ => None,
    }
}

/// An attribute fed a parameter of the wrong type.
pub(crate) struct Mismatch<'t> {
    section: &'t Section,
    attribute: &'t Attribute,
    name: &'t Name,
    parameter: &'t Section,
    parameter_type: String,
    produced: Kind,
    taken: Kind,
    /// A parameter of the right type that nothing uses: probably the one meant.
    pub meant: Option<&'t Section>,
}

/// Every mismatch of the template, in file order.
pub(crate) fn mismatches<'t>(ctx: &Context<'t>) -> Vec<Mismatch<'t>> {
    let mut out = Vec::new();
    let mut unused: Option<Vec<&Section>> = None;
    for section in &ctx.template.sections {
        if matches!(section.kind, SectionKind::Parameter | SectionKind::Parameters) {
            continue;
        }
        for attribute in &section.attributes {
            let Some(name) = whole_reference(attribute) else { continue };
            let Some(parameter) = ctx.parameters().get(&name.text) else { continue };
            let Some(parameter_type) = type_of(parameter) else { continue };
            let Some(produced) = produces(&parameter_type) else { continue };
            let Some(taken) = takes(section.kind, &attribute.key.text) else { continue };
            // CycleCloud turns `true`/`false` into 1/0 where a number is taken: the official Slurm
            // template writes `InitialCount = $configuration_slurm_ha_enabled` on purpose.
            if produced == taken || (produced == Kind::Boolean && taken == Kind::Number) {
                continue;
            }
            // (No parameter type yields a resource id: a `Cloud.Image` in `ImageId` has its own help.)
            let unused = unused.get_or_insert_with(|| undefined_parameter::unused_parameters(ctx));
            let meant = meant(unused, &attribute.key.text, taken);
            let parameter_type = parameter_type.trim().to_string();
            out.push(Mismatch { section, attribute, name, parameter, parameter_type, produced, taken, meant });
        }
    }
    out
}

fn type_of(parameter: &Section) -> Option<String> {
    parameter.attribute("ParameterType").and_then(|a| a.value.literal_text())
}

/// The unused parameter of the type `key` takes: the only one, or the one named most like `key`
/// (`Region = $Credentials` beside an unused `Cloud.Region` parameter `Region`). A boolean or a
/// number says little by its type alone, so such a parameter must also be named like `key`
/// (`Ssd = $ExecuteBootDiskSize` beside an unused Boolean `ExecuteBootDiskSSD`).
fn meant<'t>(unused: &[&'t Section], key: &str, taken: Kind) -> Option<&'t Section> {
    let generic = matches!(taken, Kind::Boolean | Kind::Number);
    let named_like =
        |name: &str| name.to_ascii_lowercase().contains(&key.to_ascii_lowercase()) || closest(key, [name]).is_some();
    let fitting: Vec<&Section> = unused
        .iter()
        .copied()
        .filter(|p| type_of(p).and_then(|t| produces(&t)) == Some(taken))
        .filter(|p| !generic || named_like(p.display_name()))
        // `$Use-Gpu` is `$Use` minus `Gpu`: a name that cannot follow `$` is never offered.
        .filter(|p| is_identifier(p.display_name()))
        .collect();
    match fitting.as_slice() {
        [one] => Some(one),
        _ => fitting.iter().copied().find(|p| p.display_name().eq_ignore_ascii_case(key)).or_else(|| {
            let found = closest(key, fitting.iter().map(|p| p.display_name()))?;
            fitting.iter().copied().find(|p| p.display_name() == found)
        }),
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    out.extend(mismatches(ctx).iter().map(diagnostic));
}

fn diagnostic(m: &Mismatch) -> Diagnostic {
    let Mismatch { section, attribute, name, parameter, produced, taken, .. } = *m;
    let parameter_type = m.parameter_type.as_str();
    let key = &attribute.key.text;
    let mut d = Diagnostic::new(
        &RULE,
        attribute.value.span,
        format!(
            "`{key}` takes {}, but parameter `{}` is {} `{parameter_type}`, which yields {}",
            taken.describe(),
            name.text,
            if parameter_type.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
            produced.describe()
        ),
    )
    .with_label(format!("a `{parameter_type}` value"))
    .with_secondary(parameter.name.as_ref().map_or(parameter.header_span, |n| n.span), "parameter defined here");
    if produced == Kind::Image && taken == Kind::ImageId {
        d = d.with_help(format!("a `Cloud.Image` picker yields a name or URN: write `ImageName = ${}`", name.text));
        let other_image = ["ImageName", "Image"].iter().any(|k| section.attribute(k).is_some());
        if !other_image {
            d = d.with_unsafe_fix(attribute.key.span, "ImageName");
        }
    } else if let Some((meant, meant_name)) = m.meant.and_then(|p| Some((p, p.name.as_ref()?))) {
        let meant_type = type_of(meant).unwrap_or_default();
        d = d
            .with_secondary(
                meant_name.span,
                format!("a `{}` that nothing uses: probably the one meant", meant_type.trim()),
            )
            .with_help(format!("did you mean `${}`?", meant_name.text));
        if matches!(attribute.value.kind, ValueKind::ParameterRef(_)) {
            d = d.with_unsafe_fix(attribute.value.span, format!("${}", meant_name.text));
        }
    } else {
        d = d.with_help(format!(
            "give `{key}` a parameter that yields {}, or feed `${}` to the attribute it was made for",
            taken.describe(),
            name.text
        ));
    }
    d
}

/// The parameter named by a value that is only a reference: `$X`, `${X}`, `${$X}`, `:= X`.
fn whole_reference(attribute: &Attribute) -> Option<&Name> {
    match &attribute.value.kind {
        ValueKind::ParameterRef(name) => Some(name),
        ValueKind::Expression(e) => match &e.kind {
            ExprKind::ParameterRef { name } | ExprKind::Reference { name } => Some(name),
            _ => None,
        },
        _ => None,
    }
}
