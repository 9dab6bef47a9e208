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
    /// A node's own image form that loses to a form it inherits is reported too (a node that sets
    /// `Azure.Publisher`/`Offer`/`Sku` while `[[node defaults]]` sets `ImageName`): the finding
    /// names both lines and says which one CycleCloud uses, as `show` does.
    ///
    /// Applies to: every CycleCloud version. Providers: Azure (the marketplace form is Azure's).
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
    /// may be `undefined` at launch, so it does not conflict either. A form a node writes that
    /// outranks the inherited one (`ImageName` in the node, marketplace in the defaults) is an
    /// override, not a conflict.
    pub static RULE = {
        name: "conflicting-image-sources",
        severity: Warning,
        summary: "two image forms in one node, written together or inherited",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    inherited_conflicts(ctx, out);
    for section in ctx.template.sections.iter().filter(|s| s.kind.is_node_like()) {
        let written: Vec<(Form, &Attribute)> =
            Form::ALL.into_iter().filter_map(|form| Some((form, written(ctx, section, form)?))).collect();
        let Some(&(winner, winning)) = written.first() else { continue };
        for &(form, attribute) in &written[1..] {
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.span(),
                    format!(
                        "{} is ignored: this section also sets {}, which CycleCloud uses",
                        form.describe(),
                        winner.describe()
                    ),
                )
                .with_label("ignored")
                .with_secondary(winning.span(), "this image is used")
                .with_help(format!(
                    "remove {}, or {} if it is the one meant",
                    form.describe(),
                    winner.describe()
                )),
            );
        }
    }
}

/// A node's own image form that loses to a form it inherits (from `[[node defaults]]` or a base
/// it `Extends`): `show` calls it "also set, ignored".
fn inherited_conflicts(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for node in ctx.nodes().iter().filter(|n| n.is_launchable()) {
        let own: Vec<(Form, &Attribute)> =
            Form::ALL.into_iter().filter_map(|form| Some((form, written(ctx, node.section, form)?))).collect();
        let Some(&(own_best, _)) = own.first() else { continue };
        // The first inherited form, set for certain, that outranks the node's own best form.
        let inherited = Form::ALL.into_iter().take_while(|&f| f != own_best).find_map(|form| {
            let keys: &[&str] = match form {
                Form::ImageId => &["ImageId"],
                Form::ImageName => &["ImageName"],
                Form::Image => &["Image"],
                Form::Marketplace => &MARKETPLACE_KEYS,
            };
            keys.iter()
                .filter_map(|k| node.get(k))
                .find(|a| a.inherited() && is_set(ctx, a.attribute))
                .map(|a| (form, a))
        });
        let Some((winner, winning)) = inherited else { continue };
        let from = match winning.via {
            crate::effective::Via::Defaults => "`[[node defaults]]`".to_string(),
            _ => "a base it `Extends`".to_string(),
        };
        for &(form, attribute) in &own {
            let key = winning.attribute.key.text.as_str();
            out.push(
                Diagnostic::new(
                    &RULE,
                    attribute.span(),
                    format!(
                        "{} is ignored: {} `{}` inherits {} from {from}, which CycleCloud uses",
                        form.describe(),
                        node.section.kind.keyword(),
                        node.name(),
                        winner.describe()
                    ),
                )
                .with_label("ignored")
                .with_secondary(winning.attribute.span(), format!("inherited by {} `{}`: this image is used", node.section.kind.keyword(), node.name()))
                .with_help(format!(
                    "to use this image, clear the inherited one in this section with `{key} := undefined`; otherwise remove {}",
                    form.describe()
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
    found.sort_by_key(|a| a.span().start());
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
