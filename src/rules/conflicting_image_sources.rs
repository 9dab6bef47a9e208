use crate::diagnostic::Diagnostic;
use crate::effective::Resolved;
use crate::model::{Attribute, Section, ValueKind};
use crate::node_image::{Form, MARKETPLACE_KEYS};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports a node or nodearray section that writes two image forms (`ImageId`, `ImageName`,
    /// `Image`, the marketplace attributes `Azure.Publisher`/`Azure.Offer`/`Azure.Sku`/
    /// `Azure.ImageVersion`), and says which one CycleCloud uses: `ImageId` first, then
    /// `ImageName`, `Image`, the marketplace image.
    ///
    /// ## Why is this bad?
    /// The node reference: "`ImageId` is used by default if multiple image definitions are included
    /// in a single node definition". The other form is silently ignored, so a reader (or the author,
    /// changing the ignored one) is misled about what is launched.
    ///
    /// ## Example
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Compute/images/MyImage
    /// ImageOS = linux
    /// ImageName = cycle.image.ubuntu22
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[node demo]]
    /// ImageId = /subscriptions/xxx/resourceGroups/rg/providers/Microsoft.Compute/images/MyImage
    /// ImageOS = linux
    /// ```
    ///
    /// ## Tuned against
    /// Templates that replace the catalogue image of `[[node defaults]]` with a marketplace image
    /// in one node by writing `ImageName := undefined` beside `Azure.Publisher` and friends: a
    /// cleared value is not a second form. A `${…}` value (`ImageId = ${UseCustom ? Id : undefined}`)
    /// may be `undefined` at launch, so it does not conflict either; forms written in different
    /// sections are inheritance overrides, not conflicts.
    pub static RULE = {
        name: "conflicting-image-sources",
        severity: Warning,
        summary: "two image forms written in the same node section",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in ctx.template.sections.iter().filter(|s| s.kind.is_node_like()) {
        let written: Vec<(Form, &Attribute)> =
            Form::ALL.into_iter().filter_map(|form| Some((form, written(ctx, section, form)?))).collect();
        let Some(&(winner, winning)) = written.first() else { continue };
        for &(form, attribute) in &written[1..] {
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.span,
                    format!(
                        "{} is ignored: this section also sets {}, which CycleCloud uses",
                        form.describe(),
                        winner.describe()
                    ),
                )
                .with_label("ignored")
                .with_secondary(winning.span, "this image is used")
                .with_help(format!(
                    "remove {}, or {} if it is the one meant",
                    form.describe(),
                    winner.describe()
                )),
            );
        }
    }
}

/// The first attribute of `form` written in `section` with a value that is set for certain.
fn written<'t>(ctx: &Context<'t>, section: &'t Section, form: Form) -> Option<&'t Attribute> {
    let keys: &[&str] = match form {
        Form::ImageId => &["ImageId"],
        Form::ImageName => &["ImageName"],
        Form::Image => &["Image"],
        Form::Marketplace => &MARKETPLACE_KEYS,
    };
    let mut found: Vec<&Attribute> =
        keys.iter().filter_map(|k| section.attribute(k)).filter(|a| is_set(ctx, a)).collect();
    found.sort_by_key(|a| a.span.start);
    found.first().copied()
}

fn is_set(ctx: &Context, attribute: &Attribute) -> bool {
    match ctx.parameters().resolve(&attribute.value) {
        Resolved::Computed | Resolved::Undefined => false,
        Resolved::Literal(v) | Resolved::ParameterDefault { value: v, .. } => {
            !matches!(&v.kind, ValueKind::Empty) && v.as_str().is_none_or(|t| !t.trim().is_empty())
        }
        Resolved::ParameterWithoutDefault { .. } | Resolved::UnknownParameter => true,
    }
}
