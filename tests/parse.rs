//! The parser's output, as `cyclelint parse` prints it, for `fixtures/parse/`: a set of files that
//! covers every construct of the format reference (values of each kind, every expression operator
//! and literal, quoted, triple-quoted and lenient strings, comments in each place, CRLF, a BOM and
//! no-break spaces, every section kind and rank, record files, and lines that do not parse).
//!
//! Each output is an insta snapshot in which every span is shown with the text it covers, so a
//! shifted span is visible in the diff. Targeted assertions below pin the constructs whose silent
//! change would alter what a template means (boolean case, negative numbers, list splitting,
//! operators), so that a regression fails with a clear message and not only as a snapshot diff.

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// `cyclelint parse FILE` as JSON, and the file's text.
fn parse(path: &Path) -> (Value, String) {
    let out = Command::cargo_bin("cyclelint").unwrap().arg("parse").arg(path).output().unwrap();
    let code = out.status.code();
    assert!(code == Some(0) || code == Some(1), "parse {}: exit {code:?}", path.display());
    let json: Value = serde_json::from_slice(&out.stdout).expect("parse prints JSON");
    let bytes = std::fs::read(path).unwrap();
    (json, String::from_utf8(bytes).expect("fixtures are UTF-8"))
}

fn fixture(name: &str) -> (Value, String) {
    parse(&common::root().join("fixtures/parse").join(name))
}

/// Replaces every `{"start": a, "end": b}` by `"a..b `covered text`"`, checking on the way that
/// the span lies inside the text and on character boundaries.
fn show_spans(value: &mut Value, text: &str) {
    match value {
        Value::Object(map) => {
            if map.len() == 2 {
                if let (Some(start), Some(end)) = (map.get("start"), map.get("end")) {
                    let (start, end) = (start.as_u64().unwrap() as usize, end.as_u64().unwrap() as usize);
                    assert!(start <= end && end <= text.len(), "span {start}..{end} outside the text");
                    assert!(
                        text.is_char_boundary(start) && text.is_char_boundary(end),
                        "span {start}..{end} splits a character"
                    );
                    let covered: String = text[start..end].chars().take(48).collect();
                    let more = if text[start..end].chars().count() > 48 { "…" } else { "" };
                    *value = Value::String(format!("{start}..{end} {covered:?}{more}"));
                    return;
                }
            }
            for v in map.values_mut() {
                show_spans(v, text);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| show_spans(v, text)),
        _ => {}
    }
}

#[test]
fn parse_snapshots() {
    insta::glob!("../fixtures/parse", "*.txt", |path| {
        let (mut json, text) = parse(path);
        show_spans(&mut json, &text);
        insta::assert_snapshot!(serde_json::to_string_pretty(&json).unwrap());
    });
}

/// The attribute `key` of the first section named `section` (or the top-level attributes).
fn attribute<'a>(json: &'a Value, key: &str) -> &'a Value {
    let template = &json["template"];
    let in_sections =
        template["sections"].as_array().unwrap().iter().flat_map(|s| s["attributes"].as_array().unwrap().iter());
    let top = template["top_attributes"].as_array().into_iter().flatten();
    in_sections.chain(top).find(|a| a["key"]["text"] == key).unwrap_or_else(|| panic!("no attribute `{key}`"))
}

fn kind<'a>(json: &'a Value, key: &str) -> &'a Value {
    &attribute(json, key)["value"]["kind"]
}

/// The text a span object covers.
fn covered<'a>(span: &Value, text: &'a str) -> &'a str {
    &text[span["start"].as_u64().unwrap() as usize..span["end"].as_u64().unwrap() as usize]
}

#[test]
fn booleans_in_any_case_and_numbers_with_a_sign() {
    let (json, _) = fixture("values.txt");
    for (key, value) in
        [("LowerTrue", true), ("UpperTrue", true), ("ShoutTrue", true), ("LowerFalse", false), ("MixedFalse", false)]
    {
        assert_eq!(kind(&json, key), &serde_json::json!({"type": "boolean", "value": value}), "{key}");
    }
    assert_eq!(kind(&json, "Negative"), &serde_json::json!({"type": "integer", "value": -1}));
    assert_eq!(kind(&json, "Positive"), &serde_json::json!({"type": "integer", "value": 10240}));
    assert_eq!(kind(&json, "Float"), &serde_json::json!({"type": "float", "value": 0.2}));
    assert_eq!(kind(&json, "NegativeFloat"), &serde_json::json!({"type": "float", "value": -7.5}));
    assert_eq!(kind(&json, "Quoted")["value"], serde_json::json!({"text": "1.0", "quoting": "double"}));
    assert_eq!(kind(&json, "Undefined")["type"], "undefined");
    assert_eq!(kind(&json, "EqualsExpression")["type"], "expression");
    assert_eq!(kind(&json, "Empty")["type"], "empty");
    assert_eq!(kind(&json, "Reference")["type"], "parameter-ref");
    assert_eq!(kind(&json, "Whole")["type"], "expression");
    assert_eq!(kind(&json, "Embedded")["type"], "interpolated");
}

#[test]
fn lists_split_on_top_level_commas_only() {
    let (json, text) = fixture("values.txt");
    let items = |key: &str| -> Vec<String> {
        let kind = kind(&json, key);
        assert_eq!(kind["type"], "list", "{key} is a list");
        kind["value"].as_array().unwrap().iter().map(|v| covered(&v["span"], &text).to_string()).collect()
    };
    assert_eq!(items("List"), ["a", "b", "c"]);
    assert_eq!(items("NumberList"), ["32", "000"]);
    assert_eq!(items("Trailing"), ["10.0.4.0/24"]);
    assert_eq!(items("ReferenceList"), ["$Param1", "$Param2"]);
    assert_eq!(items("RunList"), ["recipe[cyclecloud]", "recipe[cshared::client]"]);
    assert_eq!(items("QuotedComma"), ["\"a, b\"", "c"]);
    assert_eq!(items("BracketComma"), ["[a, b]", "{c, d}", "(e, f)", "${ifThenElse(a, \"x,y\", b)}"]);
    assert_eq!(items("Nested"), ["[[x, y], z]", "w"]);
    // Not lists.
    for key in ["Word", "Html", "Url", "Time", "Bare10m"] {
        assert_eq!(kind(&json, key)["type"], "string", "{key}");
    }
}

#[test]
fn every_expression_operator_is_its_own() {
    let (json, _) = fixture("expressions.txt");
    for (key, op) in [
        ("Or", "or"),
        ("And", "and"),
        ("In", "in"),
        ("Eq", "eq"),
        ("Ne", "ne"),
        ("MetaEq", "is"),
        ("MetaNe", "isnt"),
        ("Is", "is"),
        ("Isnt", "isnt"),
        ("TripleEq", "is"),
        ("TripleNe", "isnt"),
        ("Lt", "lt"),
        ("Le", "le"),
        ("Gt", "gt"),
        ("Ge", "ge"),
        ("Add", "add"),
        ("Sub", "sub"),
        ("Mul", "mul"),
        ("Div", "div"),
        ("Mod", "mod"),
    ] {
        let expr = &kind(&json, key)["value"]["kind"];
        assert_eq!(expr["type"], "binary", "{key}");
        assert_eq!(expr["op"], op, "{key}");
    }
    for (key, op) in [("Not", "not"), ("Minus", "minus"), ("Plus", "plus")] {
        assert_eq!(kind(&json, key)["value"]["kind"]["op"], op, "{key}");
    }
    // `a || b && c == d + e * -f` is `a || (b && (c == (d + (e * (-f)))))`.
    let e = &kind(&json, "Precedence")["value"]["kind"];
    assert_eq!(e["op"], "or");
    let e = &e["right"]["kind"];
    assert_eq!(e["op"], "and");
    let e = &e["right"]["kind"];
    assert_eq!(e["op"], "eq");
    let e = &e["right"]["kind"];
    assert_eq!(e["op"], "add");
    let e = &e["right"]["kind"];
    assert_eq!(e["op"], "mul");
    assert_eq!(e["right"]["kind"]["op"], "minus");
    assert_eq!(kind(&json, "Grouped")["value"]["kind"]["op"], "mul");
    assert_eq!(kind(&json, "Conditional")["value"]["kind"]["type"], "conditional");
    // Literals.
    let literal = |key: &str| kind(&json, key)["value"]["kind"].clone();
    assert_eq!(literal("Int"), serde_json::json!({"type": "integer", "value": 42}));
    assert_eq!(literal("Real"), serde_json::json!({"type": "float", "value": 3.25}));
    assert_eq!(literal("Str"), serde_json::json!({"type": "string", "value": "say \"hi\"\\"}));
    assert_eq!(literal("BoolUpper"), serde_json::json!({"type": "boolean", "value": true}));
    assert_eq!(literal("Undef")["type"], "undefined");
    assert_eq!(literal("Err")["type"], "error");
    assert_eq!(literal("ListOf")["items"].as_array().unwrap().len(), 3);
    assert_eq!(literal("RecordOf")["fields"].as_array().unwrap().len(), 2);
    assert_eq!(literal("EmptyRecord")["fields"].as_array().unwrap().len(), 0);
    assert_eq!(literal("Entries")["items"].as_array().unwrap().len(), 2);
    assert_eq!(literal("Member")["type"], "member");
    assert_eq!(literal("Index")["type"], "index");
    assert_eq!(literal("Call")["args"].as_array().unwrap().len(), 3);
    assert_eq!(literal("ParamRef")["type"], "parameter-ref");
    assert_eq!(json["diagnostics"], serde_json::json!([]), "every expression of the fixture is valid");
}

#[test]
fn strings_keep_their_quoting_and_content() {
    let (json, _) = fixture("strings.txt");
    let string = |key: &str| kind(&json, key)["value"].clone();
    assert_eq!(string("Escaped"), serde_json::json!({"text": "a \"quoted\" word", "quoting": "double"}));
    assert_eq!(string("Hash")["text"], "not # a comment");
    assert_eq!(string("CloudInit")["quoting"], "triple");
    assert_eq!(string("CloudInit")["text"], "#cloud-config\npackages:\n- libnsl\n        ");
    assert_eq!(string("Description")["quoting"], "triple");
    assert_eq!(string("Lenient")["quoting"], "lenient");
    // The outer quotes go only when the value ends with the quote it starts with.
    assert_eq!(string("Lenient")["text"], "unescaped \"inner\" quotes");
    assert_eq!(string("AfterQuote"), serde_json::json!({"text": "\"value\" trailing", "quoting": "lenient"}));
    assert_eq!(string("Unicode")["text"], "héllo wörld ✓");
}

#[test]
fn comments_are_found_in_each_place_and_values_stop_before_them() {
    let (json, text) = fixture("comments.txt");
    let comments: Vec<&str> =
        json["template"]["comments"].as_array().unwrap().iter().map(|c| covered(&c["span"], &text)).collect();
    assert!(comments.iter().any(|c| c.starts_with("# a comment after a header")), "{comments:?}");
    assert!(comments.iter().any(|c| c.starts_with("# /grid/lsf")), "{comments:?}");
    assert!(comments.iter().any(|c| c.starts_with("# was: ${Autoscale")), "{comments:?}");
    assert!(!comments.iter().any(|c| c.contains("not a comment")), "{comments:?}");
    assert_eq!(covered(&attribute(&json, "lsf.lsf_top")["value"]["span"], &text), "$LSF_TOP");
    assert_eq!(kind(&json, "NotComment")["value"]["text"], "a#b");
    assert_eq!(kind(&json, "Semicolon")["value"]["text"], "x ; y");
    assert_eq!(kind(&json, "Machine")["value"]["text"], "Standard_A4");
}

#[test]
fn crlf_bom_and_no_break_spaces() {
    let (json, text) = fixture("crlf-bom.txt");
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"), "the fixture keeps its bytes");
    let key = attribute(&json, "Key");
    assert_eq!(covered(&key["value"]["span"], &text), "value", "no `\\r` in the value");
    assert_eq!(kind(&json, "Flag"), &serde_json::json!({"type": "boolean", "value": true}));
    assert_eq!(kind(&json, "Script")["value"]["text"], "line one\r\nline two");
    let section = &json["template"]["sections"][0];
    assert_eq!(covered(&section["name"]["span"], &text), "crlf");
}

#[test]
fn every_section_kind_at_its_rank_with_its_parent() {
    let (json, text) = fixture("sections.txt");
    let sections = json["template"]["sections"].as_array().unwrap();
    let shown: Vec<String> = sections
        .iter()
        .map(|s| {
            let parent = s["parent"].as_u64().map_or("-".to_string(), |p| sections[p as usize]["kind"].to_string());
            let name = s["name"].get("text").and_then(Value::as_str).unwrap_or("");
            format!("{} {} {:?} in {}", s["rank"], s["kind"].as_str().unwrap(), name, parent.trim_matches('"'))
        })
        .collect();
    assert_eq!(
        shown,
        [
            "1 environment \"vnet\" in -",
            "1 node-ref \"filer\" in -",
            "1 cluster \"Sections\" in -",
            "2 node \"defaults\" in cluster",
            "3 configuration \"\" in node",
            "3 configuration \"cyclecloud.mounts.nfs_shared\" in node",
            "2 node \"scheduler\" in cluster",
            "3 volume \"boot\" in node",
            "3 network-interface \"eth0\" in node",
            "3 network-interface \"\" in node",
            "3 input-endpoint \"ganglia\" in node",
            "3 cluster-init \"cyclecloud/slurm:default:4.0.3\" in node",
            "3 cluster-init \"lsf:execute:$LsfProjectVersion\" in node",
            "2 node-array \"hpc\" in cluster",
            "3 autoscaler \"\" in node-array",
            "1 parameters \"About\" in -",
            "2 parameters \"Slurm Settings\" in parameters",
            "3 parameter \"Region\" in parameters",
            "3 parameter \"Spaced  Name\" in parameters",
            "3 parameter \"Lookup\" in parameters",
            "4 record \"DefaultValue\" in parameter",
            "4 list \"Config.Entries\" in parameter",
            "4 list \"Config.Entries\" in parameter",
            "3 parameters \"Secrets\" in parameters",
            "4 parameter \"VaultName\" in parameters",
            "1 parameter \"SubnetId\" in -",
            "1 unknown \"thing\" in -",
        ]
    );
    let spaced = &sections[18];
    assert_eq!(covered(&spaced["name"]["span"], &text), "Spaced  Name");
    assert_eq!(spaced["kind_text"], "Parameter");
}

#[test]
fn records_files_are_records() {
    let (json, _) = fixture("records.txt");
    assert_eq!(json["template"]["kind"], "records");
    assert_eq!(json["template"]["records"].as_array().unwrap().len(), 2);
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    // A record value that is one literal is kept as that literal; anything else is an expression.
    let attributes = json["template"]["records"][1]["attributes"].as_array().unwrap();
    let value = |key: &str| &attributes.iter().find(|a| a["key"]["text"] == key).unwrap()["value"]["kind"];
    assert_eq!(
        value("Package"),
        &serde_json::json!({"type": "string", "value": {"text": "custom.image", "quoting": "double"}})
    );
    assert_eq!(value("Quoted")["value"]["text"], "tab\tand \"quote\"");
    assert_eq!(value("Priority"), &serde_json::json!({"type": "integer", "value": 10}));
    assert_eq!(value("Weight"), &serde_json::json!({"type": "float", "value": 2.5}));
    assert_eq!(value("InstallJetpack"), &serde_json::json!({"type": "boolean", "value": false}));
    assert_eq!(value("Requirements")["type"], "expression");
    assert_eq!(value("Requirements")["value"]["kind"]["op"], "and");
}

#[test]
fn a_broken_line_is_one_diagnostic_and_the_rest_parses() {
    let (json, text) = fixture("broken.txt");
    let diagnostics: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), covered(&d["span"], &text).to_string()))
        .collect();
    assert!(diagnostics.len() >= 6, "{diagnostics:#?}");
    assert_eq!(kind(&json, "E")["value"]["text"], "fine", "the line after the broken ones parses");
}

/// A file is parsed 64 lines at a time (so that pest's token queue stays small): lines on either
/// side of every chunk boundary, a triple-quoted string across one, CRLF and lone CR line breaks
/// at one, all come out as if the file had been parsed whole.
#[test]
fn long_files_parse_across_chunk_boundaries() {
    use cyclelint::model::ValueKind;
    let mut text = String::from("[cluster c]\n  [[node n]]\n");
    let mut expected = Vec::new();
    for i in 0..1_000 {
        let brk = match i % 7 {
            3 => "\r\n",
            5 => "\r",
            _ => "\n",
        };
        if i == 125 {
            // Opens on line 127, closes on line 131: across the boundary after line 128.
            text.push_str("    Script = '''a\nb\n[not a header]\nc\nd'''\n");
            expected.push("Script".to_string());
        }
        text.push_str(&format!("    Key{i} = {i}{brk}"));
        expected.push(format!("Key{i}"));
    }
    let parsed = cyclelint::syntax::parse(&text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics.first());
    assert_eq!(parsed.template.sections.len(), 2, "the `[not a header]` line is inside the string");
    let attributes = &parsed.template.sections[1].attributes;
    let keys: Vec<&str> = attributes.iter().map(|a| a.key.text.as_str()).collect();
    assert_eq!(keys, expected);
    for a in attributes {
        assert_eq!(&text[a.key.span.range()], a.key.text, "key span");
        match &a.value.kind {
            ValueKind::Integer(n) => assert_eq!(a.key.text, format!("Key{n}")),
            ValueKind::String { text: s, .. } => assert_eq!(s, "a\nb\n[not a header]\nc\nd"),
            other => panic!("unexpected value {other:?}"),
        }
    }
    let last = &parsed.template.sections[0];
    assert_eq!(&text[last.span.range()], text.trim_end(), "the cluster runs to the end");
}

/// A file whose first attribute is `AdType` is a record file, unless a section header follows,
/// however far down.
#[test]
fn a_header_after_adtype_makes_a_template_however_far_down() {
    use cyclelint::model::FileKind;
    let records: String = (0..200).map(|i| format!("AdType = \"Package\"\nName = \"p{i}\"\n\n")).collect();
    assert_eq!(cyclelint::syntax::parse(&records).template.kind, FileKind::Records);
    let template = format!("{records}[cluster c]\n");
    let parsed = cyclelint::syntax::parse(&template);
    assert_eq!(parsed.template.kind, FileKind::Template);
    assert!(parsed.template.records.is_empty());
    assert_eq!(parsed.template.top_attributes.len(), 400);
    assert_eq!(parsed.template.sections.len(), 1);
}

/// The wording of a line that is none of the four kinds depends on what it looks like: a `]`
/// without `=` is a header missing its `[`; past 200 bytes no guess is made.
#[test]
fn invalid_lines_are_described_by_what_they_look_like() {
    let first = |text: &str| {
        let parsed = cyclelint::syntax::parse(text);
        let d = parsed.diagnostics.into_iter().next().expect("one diagnostic");
        (d.message, d.label.unwrap_or_default())
    };
    let header = ("section header does not start with `[`".to_string(), "expected `[kind name]`".to_string());
    let neither = (
        "expected a `[section]` header, a `Key = value` attribute or a `#` comment".to_string(),
        "this line is none of them".to_string(),
    );
    assert_eq!(first("[cluster c]\nnode x]\n"), header);
    assert_eq!(first("[cluster c]\n= x]\n"), neither, "a `=` makes it no header");
    assert_eq!(first("[cluster c]\n'not a key\n"), neither);
    let at = |len: usize| format!("[cluster c]\n{}]\n", "n".repeat(len - 1));
    assert_eq!(first(&at(200)), header, "200 bytes: still a guess");
    assert_eq!(first(&at(201)).1, neither.1, "201 bytes: no guess in the label");
    assert_eq!(first(&at(5_000)).1, neither.1);
}

/// The lowering's edges that a mutation run found untested: the deepest header allowed, a `;`
/// line read as an attribute, an apostrophe inside a bare value, a string closed on a later line
/// with blanks after the quote, and an unclosed triple quote at the very end of the file.
#[test]
fn lowering_edges() {
    let parsed = |text: &str| cyclelint::syntax::parse(text);
    let rules = |text: &str| parsed(text).diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>();
    let header = |rank: usize| {
        let open: String = (2..=rank).map(|r| format!("{}node n{r}{}\n", "[".repeat(r), "]".repeat(r))).collect();
        format!("[cluster c]\n{open}")
    };
    assert!(!rules(&header(cyclelint::syntax::MAX_SECTION_RANK)).contains(&"nesting-too-deep"));
    assert!(rules(&header(cyclelint::syntax::MAX_SECTION_RANK + 1)).contains(&"nesting-too-deep"));

    let text = "[cluster c]\n  ; Old = style comment   \nKey = 1\n";
    let d = &parsed(text).diagnostics[0];
    assert_eq!(&text[d.span.range()], "; Old = style comment", "{d:?}");

    // Only a `$` before `{` opens an interpolation: an apostrophe before it is text.
    let text = "[cluster c]\nLabel = Bob'{s} cluster\nOwner = ${\n";
    let found = parsed(text);
    assert_eq!(found.diagnostics.iter().map(|d| &text[d.span.range()]).collect::<Vec<_>>(), ["${"]);
    let label = found.template.sections[0].attribute("Label").and_then(|a| a.value.literal_text());
    assert_eq!(label.as_deref(), Some("Bob'{s} cluster"));

    let text = "[cluster c]\nLabel = Bob's cluster\nOther = 'quoted\n";
    let found = parsed(text);
    assert_eq!(found.diagnostics.len(), 1, "only the value that opens with a quote: {:?}", found.diagnostics);
    assert_eq!(found.diagnostics[0].rule, "unterminated-string");
    let section = &found.template.sections[0];
    assert_eq!(section.attribute("Label").and_then(|a| a.value.literal_text()).as_deref(), Some("Bob's cluster"));

    let text = "[cluster c]\nA = \"one\n  two\"   \nB = 2\n[[node n]]\nC = 3\n";
    let found = parsed(text);
    assert_eq!(found.diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>(), ["unterminated-string"]);
    assert!(found.template.sections[0].attribute("B").is_some(), "the line after the closing one is read");
    assert!(found.template.sections[1].attribute("C").is_some());

    // The same with CRLF line endings: the string is still found closed on the next line.
    let text = "[cluster c]\r\nA = \"one\r\n  two\"   \r\nB = 2\r\n";
    let found = parsed(text);
    assert_eq!(
        found.diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(),
        ["string runs over several lines"]
    );
    assert!(found.template.sections[0].attribute("B").is_some());

    let text = "[cluster c]\nA = '''";
    let d = &parsed(text).diagnostics[0];
    assert_eq!(d.rule, "unterminated-string");
    assert_eq!(&text[d.secondary[0].span.range()], "'''");
}
