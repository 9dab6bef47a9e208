//! "Same meaning": two parses compared with every span left out.
//!
//! The model is serialised (serde) and every field that is a position (`span`, `header_span`,
//! `kind_span`, `operator_span`) is dropped, so what remains is what the file says: sections with
//! their kinds, names, ranks, parents and children, attributes with keys, operators and values
//! (expressions included), records, comments with their text and placement. The syntax findings
//! are compared too (rule and message, in order), so a formatted file is broken exactly where
//! the original was.

use serde_json::Value as Json;

use crate::syntax::Parsed;

const POSITION_FIELDS: &[&str] = &["span", "header_span", "kind_span", "operator_span"];

/// `Ok` when both parses say the same thing; otherwise the path of the first difference.
pub(super) fn same_model(a: &Parsed, b: &Parsed) -> Result<(), String> {
    let left = meaning(a);
    let right = meaning(b);
    match first_difference(&left, &right, String::new()) {
        None => Ok(()),
        Some(path) => Err(if path.is_empty() { "the model differs".to_string() } else { format!("`{path}` differs") }),
    }
}

fn meaning(parsed: &Parsed) -> Json {
    let mut model = serde_json::to_value(&parsed.template).unwrap_or(Json::Null);
    strip_positions(&mut model);
    let findings: Vec<Json> =
        parsed.diagnostics.iter().map(|d| Json::Array(vec![d.rule.into(), d.message.clone().into()])).collect();
    serde_json::json!({ "model": model, "syntax": findings })
}

/// Removes position fields everywhere, iteratively (expressions nest deeply).
fn strip_positions(value: &mut Json) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Json::Object(map) => {
                for field in POSITION_FIELDS {
                    map.remove(*field);
                }
                stack.extend(map.values_mut());
            }
            Json::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn first_difference(a: &Json, b: &Json, path: String) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (key, value) in x {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match y.get(key) {
                    Some(other) => {
                        if let Some(found) = first_difference(value, other, here) {
                            return Some(found);
                        }
                    }
                    None => return Some(here),
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map(|k| format!("{path}.{k}"))
        }
        (Json::Array(x), Json::Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if let Some(found) = first_difference(p, q, format!("{path}[{i}]")) {
                    return Some(found);
                }
            }
            (x.len() != y.len()).then(|| format!("{path} (length {} vs {})", x.len(), y.len()))
        }
        _ => (a != b).then_some(path),
    }
}
