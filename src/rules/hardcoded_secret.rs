use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::model::{Attribute, Quoting, Section, SectionKind, ValueKind};
use crate::rules::Context;
use crate::span::Span;

declare_rule! {
    /// ## What it does
    /// Reports a literal secret written in the template:
    /// - the `DefaultValue` of a parameter with `ParameterType = Password`;
    /// - the literal value of an attribute or configuration key whose last dotted part names a
    ///   secret (`…password`, `…passwd`, `…secret`, `…token`, `…sastoken`, `…connectionstring`,
    ///   `…accountkey`, `…accesskey`, `…storagekey`, `…apikey`, `…clientsecret`), such as
    ///   `ad.admin.password = Hunter2!` or `cert.password = …`;
    /// - the literal `DefaultValue` of a parameter that such a key takes whole
    ///   (`slurm.accounting.password = $DbPassword`).
    ///
    /// Not reported: empty values, references and expressions (`$Password`, `${…}`), booleans
    /// (`Secret = true`), names of secrets rather than secrets (`ClientSecretName`,
    /// `keyVaultName`), key vault references (`@Microsoft.KeyVault(…)`, `https://….vault.azure.net/…`)
    /// and obvious placeholders: `<…>`, `{{…}}`, `{…}`, `%…%`, `__…__`, a value of one repeated
    /// character (`xxxx`, `****`), and values that start with `changeme`, `change_me`, `your`,
    /// `replace`, `enter`, `insert`, `todo`, `fixme`, `placeholder`, `dummy`, `example`, `none`,
    /// `null`, `tbd` (case-insensitive).
    ///
    /// The secret is never printed: messages name the parameter or key only, and the source
    /// line shown by the human output has the secret replaced by `*`. The same text is masked in
    /// the messages of any other finding of the file, and a fix that would print it is dropped.
    /// This holds for every output of `check` (human, concise, JSON, SARIF, GitHub, Azure
    /// Pipelines, JUnit) and the language server. `cyclelint parse` and `cyclelint show`, which
    /// print the file's own content on request, are not masked; neither are files in which
    /// the rule is turned off.
    ///
    /// Applies to: every CycleCloud version and provider.
    ///
    /// ## Why is this bad?
    /// Templates live in repositories, often public ones: a default password is a password
    /// shared with everyone who reads the repository, and every cluster created without
    /// changing it in the UI runs with it.
    ///
    /// Tuned against: about one template in ten with a `Password` parameter in the corpus
    /// ships a literal default (`DefaultValue = "mypassword@1234"` for an AD join password,
    /// `DefaultValue = Microsoft123!`, a PFX password `"corn-bellows-knitting"`); all reported.
    /// `RawPassword = "{{password.stdout}}"` (a Jinja placeholder), `Secret = True` and
    /// `ondemand.auth.oidcAAD.ClientSecretName = $ClientSecretName` stay silent.
    ///
    /// ## Example
    /// ```ini
    /// [[[parameter AdminPassword]]]
    /// ParameterType = Password
    /// DefaultValue = "AzureAdmin2022!"
    /// ```
    ///
    /// Use instead:
    /// ```ini
    /// [[[parameter AdminPassword]]]
    /// ParameterType = Password
    /// Required = True
    /// ```
    pub static RULE = {
        name: "hardcoded-secret",
        severity: Warning,
        summary: "a literal password, key or token in the template",
        check: Some(check),
    };
}

const HELP: &str =
    "remove the value: use a `Password` parameter without a default, or fetch the secret from a key vault at boot";

/// Endings of the last dotted part of a key that names a secret (lowercase).
const SECRET_ENDINGS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "sastoken",
    "connectionstring",
    "connection_string",
    "accountkey",
    "account_key",
    "accesskey",
    "access_key",
    "storagekey",
    "storage_key",
    "apikey",
    "api_key",
    "clientsecret",
    "client_secret",
];

/// Values that start with one of these (lowercase) are placeholders, not secrets.
const PLACEHOLDER_STARTS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "your",
    "replace",
    "enter",
    "insert",
    "todo",
    "fixme",
    "placeholder",
    "dummy",
    "example",
    "none",
    "null",
    "tbd",
];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let mut reported: HashSet<usize> = HashSet::new();
    for section in &ctx.template.sections {
        if section.kind == SectionKind::Parameter {
            if is_password_parameter(section) {
                if let Some(default) = section.attribute("DefaultValue") {
                    if let Some(span) = secret_span(ctx, default) {
                        if reported.insert(span.start()) {
                            out.push(
                                Diagnostic::new(
                                    &RULE,
                                    span,
                                    format!(
                                        "password parameter `{}` has a literal default value",
                                        section.display_name()
                                    ),
                                )
                                .with_label("secret written here (masked)")
                                .with_help(HELP),
                            );
                        }
                    }
                }
            }
            continue;
        }
        for attribute in &section.attributes {
            if !is_secret_key(&attribute.key.text) {
                continue;
            }
            if let Some(span) = secret_span(ctx, attribute) {
                if reported.insert(span.start()) {
                    out.push(
                        Diagnostic::new(&RULE, span, format!("`{}` holds a literal secret", attribute.key.text))
                            .with_label("secret written here (masked)")
                            .with_help(HELP),
                    );
                }
                continue;
            }
            // `cert.password = $PfxPassword`: the parameter's literal default is the secret.
            let ValueKind::ParameterRef(name) = &attribute.value.kind else { continue };
            let Some(parameter) = ctx.parameters().get(&name.text) else { continue };
            if is_password_parameter(parameter) {
                continue; // reported as a password parameter
            }
            let Some(default) = parameter.attribute("DefaultValue") else { continue };
            let Some(span) = secret_span(ctx, default) else { continue };
            if reported.insert(span.start()) {
                out.push(
                    Diagnostic::new(
                        &RULE,
                        span,
                        format!(
                            "parameter `{}` has a literal default value, and `{}` takes it as a secret",
                            parameter.display_name(),
                            attribute.key.text
                        ),
                    )
                    .with_label("secret written here (masked)")
                    .with_secondary(attribute.key.span, "used as a secret here")
                    .with_help(HELP),
                );
            }
        }
    }
}

fn is_password_parameter(section: &Section) -> bool {
    section
        .attribute("ParameterType")
        .and_then(|a| a.value.literal_text())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("password"))
}

/// True when the last dotted part of `key` names a secret.
pub fn is_secret_key(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key).to_ascii_lowercase();
    SECRET_ENDINGS.iter().any(|ending| last.ends_with(ending))
}

/// The span of the secret text of a literal value (inside its quotes), when the value is a
/// literal that is not empty and not a placeholder.
fn secret_span(ctx: &Context, attribute: &Attribute) -> Option<Span> {
    let value = &attribute.value;
    let text = match &value.kind {
        ValueKind::String { text, .. } => text.to_string(),
        ValueKind::Integer(_) | ValueKind::Float(_) => ctx.text(value.span).trim().to_string(),
        _ => return None,
    };
    if is_placeholder(&text) {
        return None;
    }
    let quote = match &value.kind {
        ValueKind::String { quoting: Quoting::Double | Quoting::Single, .. } => 1,
        ValueKind::String { quoting: Quoting::Triple, .. } => 3,
        _ => 0,
    };
    // The text inside the quotes (a clean string has both; a bare or lenient value has `quote == 0`).
    let (start, end) = (value.span.start() + quote, value.span.end() - quote);
    (start < end && ctx.source.is_char_boundary(start) && ctx.source.is_char_boundary(end))
        .then(|| Span::new(start, end))
}

/// Empty values and obvious placeholders (see the rule's documentation).
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.starts_with('$') || t.contains("{{") || t.contains("${") {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("@microsoft.keyvault(") || lower.contains(".vault.azure.net") {
        return true;
    }
    let wrapped =
        |open: &str, close: &str| t.len() > open.len() + close.len() - 1 && t.starts_with(open) && t.ends_with(close);
    if wrapped("<", ">") || wrapped("{", "}") || wrapped("%", "%") || wrapped("__", "__") || wrapped("[", "]") {
        return true;
    }
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.all(|c| c == first) {
        return true;
    }
    PLACEHOLDER_STARTS.iter().any(|p| lower.starts_with(p))
}

/// The secrets the findings of this rule point at: their primary spans.
pub fn secret_spans(diagnostics: &[Diagnostic]) -> Vec<Span> {
    diagnostics.iter().filter(|d| d.rule == RULE.name).map(|d| d.span).collect()
}

/// `text` with every byte of each secret span replaced by `*` (same length, so every offset
/// stays valid), or `None` when there is nothing to mask. Outputs that show source lines
/// render this text.
pub fn masked_text(text: &str, diagnostics: &[Diagnostic]) -> Option<String> {
    let spans = secret_spans(diagnostics);
    if spans.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        if span.end() <= bytes.len() {
            bytes[span.range()].fill(b'*');
        }
    }
    // Whole characters were replaced (spans lie on character boundaries), so this is UTF-8.
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Replaces the text of every secret found in this file in the messages, labels, help and notes
/// of all its findings, and drops a fix that would print it: the secret never reaches an output.
pub fn redact(text: &str, diagnostics: &mut [Diagnostic]) {
    let secrets: Vec<String> = secret_spans(diagnostics)
        .into_iter()
        .filter_map(|s| text.get(s.range()))
        .filter(|s| s.chars().count() >= 3)
        .map(str::to_string)
        .collect();
    if secrets.is_empty() {
        return;
    }
    // One automaton for all secrets: each text is scanned once, however many secrets there are.
    // (Should it fail to build, each secret is replaced in turn: slower, never unmasked.)
    let finder =
        aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&secrets).ok();
    let contains = |s: &str| match &finder {
        Some(f) => f.is_match(s),
        None => secrets.iter().any(|secret| s.contains(secret.as_str())),
    };
    let mask = |s: &mut String| {
        if !contains(s) {
            return;
        }
        match &finder {
            Some(f) => {
                let mut masked = String::with_capacity(s.len());
                f.replace_all_with(s, &mut masked, |_, _, out| {
                    out.push_str("****");
                    true
                });
                *s = masked;
            }
            None => secrets.iter().for_each(|secret| *s = s.replace(secret.as_str(), "****")),
        }
    };
    for d in diagnostics.iter_mut() {
        mask(&mut d.message);
        d.label.as_mut().map(mask);
        d.help.as_mut().map(mask);
        d.note.as_mut().map(mask);
        for l in &mut d.secondary {
            mask(&mut l.message);
        }
        if d.fix.as_ref().is_some_and(|f| contains(&f.replacement)) {
            d.fix = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in ["", "  ", "<password>", "{{password.stdout}}", "xxxx", "****", "ChangeMe123", "your-password", "$Pw"]
        {
            assert!(is_placeholder(p), "{p}");
        }
        for s in ["mypassword@1234", "Microsoft123!", "corn-bellows-knitting", "AzureAdmin2022!"] {
            assert!(!is_placeholder(s), "{s}");
        }
        // The shortest wrapped placeholders: the brackets alone, and one character inside.
        for p in ["<>", "<x>", "[]", "__x__"] {
            assert!(is_placeholder(p), "{p}");
        }
        // One bracket is not a wrapping (`<` alone ends with `<`, not `>`).
        assert!(!is_placeholder("<a-secret"));
    }

    #[test]
    fn secret_keys() {
        for k in ["ad.admin.password", "Password", "cert.password", "RawPassword", "storage.SasToken", "client_secret"]
        {
            assert!(is_secret_key(k), "{k}");
        }
        for k in ["ClientSecretName", "keyVaultName", "KeyPairLocation", "PasswordLength", "KEY"] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn redact_masks_other_findings_and_drops_fixes() {
        let text = "x = Hunter2!\n";
        let secret = Diagnostic::new(&RULE, Span::new(4, 12), "`x` holds a literal secret");
        let other = Diagnostic::new(&crate::rules::lenient_string::RULE, Span::new(0, 12), "value `Hunter2!` is odd")
            .with_help("write `\"Hunter2!\"`")
            .with_fix(Span::new(4, 12), "\"Hunter2!\"");
        let mut diagnostics = vec![secret, other];
        redact(text, &mut diagnostics);
        assert_eq!(diagnostics[1].message, "value `****` is odd");
        assert_eq!(diagnostics[1].help.as_deref(), Some("write `\"****\"`"));
        assert!(diagnostics[1].fix.is_none());
        assert_eq!(masked_text(text, &diagnostics).unwrap(), "x = ********\n");
    }
}
