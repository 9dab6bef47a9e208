//! No input may panic, hang or blow the stack: property tests over arbitrary bytes and line
//! soups, and the pathological inputs named in the foundation issue.

mod common;

use cyclelint::lint::Linter;
use cyclelint::syntax;
use proptest::prelude::*;

/// Every span of every diagnostic lies inside the text, on character boundaries.
fn assert_spans_valid(text: &str) {
    let parsed = syntax::parse(text);
    for d in &parsed.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "span {:?} out of {}", d.span, text.len());
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "span {:?} splits a character",
            d.span
        );
        for label in &d.secondary {
            assert!(label.span.end <= text.len());
        }
    }
    for section in &parsed.template.sections {
        assert!(section.span.end <= text.len() && section.header_span.start <= section.span.end);
        for a in &section.attributes {
            assert!(a.span.end <= text.len() && a.value.span.end <= text.len());
        }
    }
}

const PIECES: &[&str] = &[
    "[cluster c]",
    "[[node n]]",
    "[[nodearray a]]",
    "[[[volume v]]]",
    "[[[configuration]]]",
    "[parameters P]",
    "[[[parameter X]]]",
    "[[node x]",
    "[[[[",
    "]]]]",
    "Key = value",
    "Key := a && b",
    "Key = =undefined",
    "Key = \"str",
    "Key = 'x'",
    "Key = '''",
    "'''",
    "\"\"\"",
    "A = ${",
    "A = ${x}",
    "A = $Param",
    "B := {",
    "B := [a=1;",
    "# comment",
    "; semi",
    "x = 1, 2,",
    "\t",
    "\u{a0}",
    "\u{feff}",
    "é",
    "A = \"a\"b\"",
    "C := \"x\\\"",
    "(((",
    ")))",
    "${((((",
    "A := undefined()",
    "Z = `10m`",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    // Arbitrary bytes through the whole pipeline, with assertions on the result: `tests/properties.rs`.

    #[test]
    fn line_soups_never_panic(lines in proptest::collection::vec(proptest::sample::select(PIECES), 0..60), crlf in any::<bool>()) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        assert_spans_valid(&text);
        let _ = Linter::new().check_text("soup.txt", text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        assert_spans_valid(&text);
    }
}

#[test]
fn empty_and_blank_files() {
    for text in ["", "\n", "\r\n", "   ", "\u{feff}", "#"] {
        assert!(Linter::new().check_text("e.txt", text.to_string()).diagnostics.is_empty(), "{text:?}");
    }
}

#[test]
fn binary_file_is_reported_and_skipped() {
    let result = Linter::new().check_bytes("b.txt", b"[cluster x]\n\0\x01\x02");
    assert_eq!(common::rules(&result), vec!["invalid-encoding"]);
    assert!(result.kind.is_none());
}

#[test]
fn ten_thousand_brackets_on_one_header() {
    let text = format!("{}node x{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let result = Linter::new().check_text("deep.txt", text);
    assert_eq!(common::parser_rules(&result), vec!["nesting-too-deep"]);
}

#[test]
fn hundred_thousand_parentheses_in_an_expression() {
    let text = format!(
        "[cluster c]\n  A = ${{{}1{}}}\n  B := {}1\n",
        "(".repeat(100_000),
        ")".repeat(100_000),
        "(".repeat(100_000)
    );
    let result = Linter::new().check_text("deep.txt", text);
    assert_eq!(common::parser_rules(&result), vec!["nesting-too-deep", "nesting-too-deep"]);
}

#[test]
fn unterminated_triple_quote_early_in_a_long_file() {
    let prefix = "[cluster c]\n  [[node n]]\n  ImageName = cycle.image.ubuntu22\n  CloudInit = ";
    let mut text = format!("{prefix}'''#!/bin/bash\n");
    for i in 0..5_000 {
        text.push_str(&format!("echo line {i}\n"));
    }
    let result = Linter::new().check_text("long.txt", text);
    assert_eq!(common::parser_rules(&result), vec!["unterminated-string"]);
    let unterminated = result.diagnostics.iter().find(|d| d.rule == "unterminated-string").expect("reported");
    assert_eq!(unterminated.span.start, prefix.len());
}

#[test]
fn many_unclosed_quotes_stay_linear() {
    // Each unclosed quote looks ahead at most 100 lines, so this stays fast.
    let text = "[cluster c]\n".to_string() + &"  A := \"x\n".repeat(20_000);
    let result = Linter::new().check_text("quotes.txt", text);
    assert_eq!(common::parser_rules(&result).len(), 20_000);
}

#[test]
fn a_large_file_parses() {
    // About 8 MB: large enough to show that nothing is quadratic, small enough for a debug build.
    let block =
        "[[node n]]\n  MachineType = Standard_D4s_v5\n  Tags = a, b, c\n  ImageName = ${ifThenElse(x, \"a\", \"b\")}\n";
    let text = "[cluster c]\n".to_string() + &block.repeat(80_000);
    let result = Linter::new().check_text("big.txt", text);
    assert!(result.diagnostics.iter().all(|d| d.rule != "syntax-error"));
}

#[test]
fn a_two_hundred_thousand_term_operator_chain() {
    // Parsed flat, but its tree would be as deep as the chain: refused by size instead.
    let chain = vec!["a"; 200_000].join(" + ");
    let text = format!("[cluster c]\n  A := {chain}\n  B = ${{{chain}}}\n");
    let result = Linter::new().check_text("chain.txt", text);
    assert_eq!(common::parser_rules(&result), vec!["nesting-too-deep", "nesting-too-deep"]);
}

#[test]
fn a_twenty_thousand_node_extends_chain_and_a_loop() {
    let mut text = String::from("[cluster c]\n");
    for i in 0..20_000 {
        text.push_str(&format!("[[node n{i}]]\n"));
        if i > 0 {
            text.push_str(&format!("Extends = n{}\n", i - 1));
        }
    }
    text.push_str("[[node x]]\nExtends = y\n[[node y]]\nExtends = x\n");
    let result = Linter::new().check_text("chain.txt", text);
    let cycles: Vec<_> = result.diagnostics.iter().filter(|d| d.rule == "extends-cycle").collect();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].message.contains("`x` → `y` → `x`"), "{}", cycles[0].message);
}

#[test]
fn fuzz_found_names_with_multibyte_characters() {
    // A parameter whose name starts with a multibyte character, and a shorter `$` reference:
    // comparing name prefixes once cut inside the character.
    let text = "[cluster c]\n  A = $re\n[parameters P]\n  [[parameters Q]]\n    [[[parameter \u{feff}reulers]]]\n";
    let result = Linter::new().check_text("fuzz.txt", text.to_string());
    assert!(common::rules(&result).contains(&"undefined-parameter"));
}
