use crate::diagnostic::Diagnostic;
use crate::model::Attribute;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Reports an attribute set twice in one section (keys compare case-insensitively). The
    /// last value wins: the finding is there, with the first setting (and any in between)
    /// labelled, one finding per key however often it is repeated.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// The first value is dead text that readers take for the real one: a `DefaultValue` edited
    /// at the top of a parameter while a second one further down silently overrides it.
    ///
    /// Tuned against: the corpus has no repeated key in an accepted `.txt` template; it fires
    /// only on the az-hop Jinja sources, where `{% if %}` branches each set `ImageName` (not
    /// templates until rendered, so left alone).
    ///
    /// ## Example
    /// ```ini
    /// [[[parameter MaxCores]]]
    /// DefaultValue = 100
    /// Label = Max cores
    /// DefaultValue = 200
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[parameter MaxCores]]]
    /// Label = Max cores
    /// DefaultValue = 200
    /// ```
    pub static RULE = {
        name: "duplicate-attribute",
        severity: Warning,
        summary: "the same attribute set twice in one section",
        check: Some(check),
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for section in &ctx.template.sections {
        // Positions sorted by key, in file order within a key (a stable sort): each run of equal
        // keys is every setting of one key, the winner last. Four bytes an attribute, where a map
        // of keys would cost ten times that on a section with a million attributes.
        let attributes: &[Attribute] = &section.attributes;
        let mut order: Vec<u32> = (0..attributes.len() as u32).collect();
        order.sort_by(|&a, &b| attributes[a as usize].key.cmp_lookup(&attributes[b as usize].key));
        let key = |i: u32| &attributes[i as usize].key.text;
        for run in order.chunk_by(|&a, &b| key(a).eq_ignore_ascii_case(key(b))).filter(|run| run.len() > 1) {
            out.push(finding(run.iter().map(|&i| &attributes[i as usize]).collect()));
        }
    }
}

/// One finding for every setting of one key (one cause): at the setting that wins, with the first
/// and any in between as labels.
fn finding(settings: Vec<&Attribute>) -> Diagnostic {
    let (first, last) = (settings[0], settings[settings.len() - 1]);
    let mut diagnostic = Diagnostic::new(
        &RULE,
        last.key.span,
        format!("attribute `{}` is set more than once in this section", last.key.text),
    )
    .with_label("set again here; this value wins")
    .with_secondary(first.span(), "first set here");
    for middle in &settings[1..settings.len() - 1] {
        diagnostic = diagnostic.with_secondary(middle.key.span, "set again here, and overridden below");
    }
    diagnostic.with_help(if settings.len() == 2 {
        "remove one of the two lines".to_string()
    } else {
        format!("remove all but one of the {} lines", settings.len())
    })
}
