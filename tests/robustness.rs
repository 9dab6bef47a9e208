//! No input may panic, hang or blow the stack: property tests over arbitrary bytes and line
//! soups, and the pathological inputs named in the foundation issue. Then hostile inputs and file
//! systems (issue 13): devices, FIFOs, symlinked and foreign-owned registries, `/dev/full`, lone
//! `\r` line endings, size limits, and scale (no timed assertion: results only; timings are in
//! `docs/PERFORMANCE.md`).

mod common;

use cyclelint::lint::Linter;
use cyclelint::syntax;
use predicates::prelude::*;
use proptest::prelude::*;

/// Every span of every diagnostic lies inside the text, on character boundaries.
fn assert_spans_valid(text: &str) {
    let parsed = syntax::parse(text);
    for d in &parsed.diagnostics {
        assert!(
            d.span.start() <= d.span.end() && d.span.end() <= text.len(),
            "span {:?} out of {}",
            d.span,
            text.len()
        );
        assert!(
            text.is_char_boundary(d.span.start()) && text.is_char_boundary(d.span.end()),
            "span {:?} splits a character",
            d.span
        );
        for label in &d.secondary {
            assert!(label.span.end() <= text.len());
        }
    }
    for section in &parsed.template.sections {
        assert!(section.span.end() <= text.len() && section.header_span.start() <= section.span.end());
        for a in &section.attributes {
            assert!(a.span().end() <= text.len() && a.value.span.end() <= text.len());
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
    fn line_soups_never_panic(lines in proptest::collection::vec(proptest::sample::select(PIECES), 0..60), ending in 0..3usize) {
        let text = lines.join(["\n", "\r\n", "\r"][ending]);
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
    assert_eq!(unterminated.span.start(), prefix.len());
}

#[test]
fn many_unclosed_quotes_stay_linear() {
    // Each unclosed quote looks ahead at most 100 lines, so this stays fast. Findings are capped
    // per rule and file: the last one kept counts the rest.
    let text = "[cluster c]\n".to_string() + &"  A := \"x\n".repeat(20_000);
    let result = Linter::new().check_text("quotes.txt", text);
    assert_eq!(common::parser_rules(&result).len(), cyclelint::lint::MAX_FINDINGS_PER_RULE);
    let last = result.diagnostics.iter().rfind(|d| d.rule == "unterminated-string").expect("reported");
    assert!(last.note.as_deref().is_some_and(|n| n.contains("19000 more")), "{:?}", last.note);
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

// ---- Hostile inputs and file systems (issue 13) ----

fn cyclelint_cmd(dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("cyclelint").expect("binary builds");
    cmd.current_dir(dir).env("NO_COLOR", "1").env_remove(cyclelint::fsutil::FAIL_BEFORE_RENAME_ENV);
    cmd
}

const TEMPLATE_WITH_FINDINGS: &str = "[cluster c]\n  [[node n]]\n";

fn inventory_args() -> Vec<String> {
    let dir = common::root().join("fixtures").join("inventory");
    vec![
        "--inventory".to_string(),
        format!("azure={}", dir.join("az-image-list.json").display()),
        "--inventory".to_string(),
        format!("gallery={}", dir.join("az-sig-image-version-list.json").display()),
    ]
}

/// Makes a device node in `dir` like `/dev/null` (`mknod`, root only); `None` when not permitted.
#[cfg(unix)]
fn null_device(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let path = dir.join("null");
    let made = std::process::Command::new("mknod").arg(&path).args(["c", "1", "3"]).output().ok()?;
    if !made.status.success() {
        eprintln!("note: skipped: mknod is not permitted here ({})", String::from_utf8_lossy(&made.stderr).trim());
        return None;
    }
    Some(path)
}

#[cfg(unix)]
fn fifo(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let path = dir.join("pipe.txt");
    match std::process::Command::new("mkfifo").arg(&path).status() {
        Ok(status) if status.success() => Some(path),
        _ => {
            eprintln!("note: skipped: mkfifo is not available");
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn output_to_a_device_writes_in_place_and_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(device) = null_device(dir.path()) else { return };
    std::fs::write(dir.path().join("t.txt"), TEMPLATE_WITH_FINDINGS).expect("write");
    cyclelint_cmd(dir.path()).args(["check", "t.txt", "--format", "json", "-o"]).arg(&device).assert().code(1);
    cyclelint_cmd(dir.path()).args(["check", "t.txt", "--write-baseline"]).arg(&device).assert().code(1);
    assert!(std::fs::metadata(&device).expect("still there").file_type().is_char_device());
    // A registry is never written into a device: refused, and the device stays.
    cyclelint_cmd(dir.path())
        .args(["image", "add", "--name", "custom.image", "--registry"])
        .arg(&device)
        .args(inventory_args())
        .arg("order66")
        .assert()
        .code(2);
    assert!(std::fs::metadata(&device).expect("still there").file_type().is_char_device());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_as_a_file_is_refused_without_hanging() {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(pipe) = fifo(dir.path()) else { return };
    std::fs::write(dir.path().join("t.txt"), "[cluster c]\n").expect("write");
    // Reading the FIFO would block forever (no writer): each of these must return at once.
    cyclelint_cmd(dir.path())
        .args(["check", "pipe.txt"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a FIFO (named pipe)"));
    cyclelint_cmd(dir.path())
        .args(["check", "t.txt", "--config", "pipe.txt"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a FIFO"));
    cyclelint_cmd(dir.path())
        .args(["check", "t.txt", "--registry", "pipe.txt"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a FIFO"));
    cyclelint_cmd(dir.path())
        .args(["image", "add", "--name", "custom.image", "--registry"])
        .arg(&pipe)
        .args(inventory_args())
        .arg("order66")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a FIFO"));
    // A folder named as `--config` is refused too.
    cyclelint_cmd(dir.path()).args(["check", "t.txt", "--config", "."]).assert().code(2);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_dev_zero_is_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("z.txt")).expect("symlink");
    cyclelint_cmd(dir.path())
        .args(["check", "z.txt"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("it is a device"));
    cyclelint_cmd(dir.path()).args(["check", "x.txt", "--config", "z.txt"]).assert().code(2);
}

#[test]
fn files_over_the_limit_are_one_diagnostic() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("big.txt"), "[cluster c]\n".repeat(100)).expect("write");
    let output = cyclelint_cmd(dir.path())
        .args(["check", "big.txt", "--format", "concise", "--max-file-size", "1KB"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).expect("utf-8");
    assert!(text.contains("error[file-too-large] file is 1.2 KB") || text.contains("error[file-too-large]"), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains("[")).count(), 1, "{text}");
    // Standard input: read no further than the limit.
    cyclelint_cmd(dir.path())
        .args(["check", "-", "--format", "concise", "--max-file-size", "100"])
        .write_stdin(vec![b'#'; 10_000])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("file is larger than the limit of 100 bytes"));
    // The setting in `cyclelint.toml`.
    std::fs::write(dir.path().join("cyclelint.toml"), "max-file-size = \"1KB\"\n").expect("write");
    cyclelint_cmd(dir.path())
        .args(["check", "big.txt", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("file-too-large"));
    std::fs::write(dir.path().join("cyclelint.toml"), "max-file-size = \"lots\"\n").expect("write");
    cyclelint_cmd(dir.path())
        .args(["check", "big.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a size"));
}

#[test]
fn a_registry_over_the_limit_is_one_diagnostic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let records = std::fs::read_to_string(common::root().join("fixtures/registry/custom.txt")).expect("read");
    std::fs::write(dir.path().join("reg.txt"), &records).expect("write");
    std::fs::write(dir.path().join("t.txt"), "[cluster c]\n").expect("write");
    cyclelint_cmd(dir.path())
        .args(["check", "t.txt", "--registry", "reg.txt", "--format", "concise", "--max-file-size", "100"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("reg.txt:1:1: error[file-too-large]"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_exits_2_and_a_closed_pipe_is_quiet() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("t.txt"), TEMPLATE_WITH_FINDINGS).expect("write");
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("note: skipped: no /dev/full");
        return;
    };
    for args in [&["check", "t.txt", "--format", "json"][..], &["rules"], &["parse", "t.txt"]] {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("cyclelint"))
            .current_dir(dir.path())
            .args(args)
            .stdout(full.try_clone().expect("dup"))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write to standard output: no space left on device"), "{stderr}");
    }
    // An output file on a full disk: `/dev/full` named with `-o` is written in place and fails.
    cyclelint_cmd(dir.path()).args(["check", "t.txt", "-o", "/dev/full"]).assert().code(2);
    // A reader that stops early: no error message, the status of the run.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cyclelint"))
        .current_dir(dir.path())
        .args(["rules"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("ends");
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(output.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn a_symlinked_registry_stays_a_link_and_its_target_is_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("store").join("images.txt");
    std::fs::create_dir(dir.path().join("store")).expect("mkdir");
    std::fs::write(&real, "").expect("write");
    std::os::unix::fs::symlink("store/images.txt", dir.path().join("link.txt")).expect("symlink");
    cyclelint_cmd(dir.path())
        .args(["image", "add", "--name", "custom.image", "--registry", "link.txt"])
        .args(inventory_args())
        .arg("order66")
        .assert()
        .success();
    let link = std::fs::symlink_metadata(dir.path().join("link.txt")).expect("link");
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let text = std::fs::read_to_string(&real).expect("target");
    assert!(text.contains("AdType = \"Package\""), "{text}");
    assert_eq!(std::fs::read_to_string(dir.path().join("link.txt")).expect("through the link"), text);
}

#[cfg(unix)]
#[test]
fn a_foreign_owned_registry_keeps_its_owner_group_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("images.txt");
    std::fs::write(&path, "").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    if std::os::unix::fs::chown(&path, Some(1234), Some(1234)).is_err() {
        eprintln!("note: skipped the owner check: not running as root");
    }
    let before = std::fs::metadata(&path).expect("meta");
    cyclelint_cmd(dir.path())
        .args(["image", "add", "--name", "custom.image", "--registry", "images.txt"])
        .args(inventory_args())
        .arg("order66")
        .assert()
        .success();
    let after = std::fs::metadata(&path).expect("meta");
    assert!(std::fs::read_to_string(&path).expect("read").contains("AdType"));
    assert_eq!((after.uid(), after.gid(), after.mode() & 0o7777), (before.uid(), before.gid(), 0o640));
}

#[cfg(unix)]
#[test]
fn a_hard_linked_registry_is_replaced_under_its_name_only() {
    // Documented in `src/fsutil.rs`: atomic replacement gives the name a new file; the other name
    // keeps the old content.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("images.txt");
    std::fs::write(&path, "").expect("write");
    std::fs::hard_link(&path, dir.path().join("other.txt")).expect("hard link");
    cyclelint_cmd(dir.path())
        .args(["image", "add", "--name", "custom.image", "--registry", "images.txt"])
        .args(inventory_args())
        .arg("order66")
        .assert()
        .success();
    assert!(std::fs::read_to_string(&path).expect("read").contains("AdType"));
    assert_eq!(std::fs::read_to_string(dir.path().join("other.txt")).expect("read"), "");
}

#[test]
fn lone_cr_ends_lines_like_lf() {
    // Two different invalid lines stay two findings (not one line "repeated").
    let lf = "# c\n[cluster c]\n  [[node n]]\n  Bogus = ${(\n  junk one\n  junk two\n";
    let cr = lf.replace('\n', "\r");
    let with_lf = Linter::new().check_text("lf.txt", lf.to_string());
    let with_cr = Linter::new().check_text("cr.txt", cr.clone());
    let lf_rules = common::rules(&with_lf);
    let mut cr_rules = common::rules(&with_cr);
    assert_eq!(cr_rules.iter().filter(|r| **r == "lone-cr-line-endings").count(), 1);
    cr_rules.retain(|r| *r != "lone-cr-line-endings");
    assert_eq!(cr_rules, lf_rules);
    assert!(lf_rules.len() >= 3, "{lf_rules:?}");
    // Same lines and columns.
    let index_lf = cyclelint::span::LineIndex::new(lf);
    let index_cr = cyclelint::span::LineIndex::new(&cr);
    for (a, b) in
        with_lf.diagnostics.iter().zip(with_cr.diagnostics.iter().filter(|d| d.rule != "lone-cr-line-endings"))
    {
        assert_eq!(index_lf.line_col(lf, a.span.start()), index_cr.line_col(&cr, b.span.start()), "{}", a.rule);
    }
    // A mixed file is fine: no note without a lone `\r`.
    let mixed = "[cluster c]\r\n  [[node n]]\n";
    assert!(!common::rules(&Linter::new().check_text("m.txt", mixed.to_string())).contains(&"lone-cr-line-endings"));
}

#[test]
fn utf16_is_named() {
    let bytes: Vec<u8> = "\u{feff}[cluster c]\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let result = Linter::new().check_bytes("u.txt", &bytes);
    assert_eq!(common::rules(&result), ["invalid-encoding"]);
    assert!(result.diagnostics[0].message.contains("UTF-16"), "{}", result.diagnostics[0].message);
}

#[test]
fn a_hundred_thousand_attributes_in_one_node() {
    let mut text = String::from("[cluster c]\n  [[node n]]\n    ImageName = cycle.image.ubuntu22\n");
    for i in 0..100_000 {
        text.push_str(&format!("    Tags.t{i} = {i}\n"));
    }
    let result = Linter::new().check_text("wide.txt", text);
    assert_eq!(common::rules(&result), ["missing-required-attribute"]);
}

/// A `[[node defaults]]` and an abstract base of 3,000 attributes each, inherited by 3,000 nodes
/// and 3,000 nodearrays (each of which used to hold a copy of every inherited attribute: 36
/// million entries): the nodes still see what they inherit, and lacking `Credentials` together is
/// one finding.
#[test]
fn a_big_defaults_and_base_inherited_by_thousands_of_nodes() {
    let n = 3_000;
    let mut text = String::from(
        "[cluster c]\n  [[node defaults]]\n    ImageName = cycle.image.ubuntu22\n    MachineType = m\n    SubnetId = a/b/c\n",
    );
    for i in 0..n {
        text.push_str(&format!("    Tags.d{i} = {i}\n"));
    }
    text.push_str("  [[nodearray base]]\n    Abstract = true\n    ImageName = ubuntu\n");
    for i in 0..n {
        text.push_str(&format!("    Tags.b{i} = {i}\n"));
    }
    for j in 0..n {
        text.push_str(&format!("  [[node n{j}]]\n  [[nodearray a{j}]]\n    Extends = base\n"));
    }
    let parsed = cyclelint::syntax::parse(&text);
    let nodes = cyclelint::effective::effective_nodes(&parsed.template);
    let last = nodes.iter().find(|node| node.name() == format!("a{}", n - 1)).expect("the last nodearray");
    let value = |key: &str| last.get(key).and_then(|a| a.attribute.value.literal_text());
    assert_eq!(value("tags.B2999").as_deref(), Some("2999"));
    assert_eq!(value("Tags.d7").as_deref(), Some("7"));
    assert_eq!(value("ImageName").as_deref(), Some("ubuntu"), "the base overrides the defaults");
    assert!(last.get("Abstract").is_some_and(|a| a.inherited()) && last.is_launchable(), "inherited, not its own");
    let result = Linter::new().check_text("fan-in.txt", text);
    let missing: Vec<_> = result.diagnostics.iter().filter(|d| d.rule == "missing-required-attribute").collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].message, format!("{} nodes of cluster `c` have no `Credentials`", 2 * n));
}

/// Repeats of one finding (an inherited line seen from every node) are merged by a hash, not by
/// comparing each with every finding before it: 80,000 nodes with their own wrong `ImageOS`
/// took 217 s. A line inherited by 20,000 nodes is one finding with 50 labels and a count.
#[test]
fn many_node_findings_and_one_line_inherited_by_thousands() {
    let head = "[cluster c]\n  [[node defaults]]\n    ImageName = cycle.image.ubuntu22\n    MachineType = m\n    SubnetId = a/b/c\n    Credentials = x\n";
    let own: String = (0..20_000).map(|j| format!("  [[node n{j}]]\n    ImageOS = foo{j}\n")).collect();
    let result = Linter::new().check_text("own.txt", format!("{head}{own}"));
    let os: Vec<_> = result.diagnostics.iter().filter(|d| d.message.contains("not `linux` or `windows`")).collect();
    assert_eq!(os.len(), cyclelint::lint::MAX_FINDINGS_PER_RULE, "each node its own finding, capped");

    let nodes: String = (0..20_000).map(|j| format!("  [[node n{j}]]\n")).collect();
    let result = Linter::new().check_text("inherited.txt", format!("{head}    ImageOS = foo\n{nodes}"));
    let os: Vec<_> = result.diagnostics.iter().filter(|d| d.message.contains("not `linux` or `windows`")).collect();
    assert_eq!(os.len(), 1, "one line, one finding");
    assert_eq!(os[0].secondary.len(), 50, "at most 50 labels");
    let more = 20_000 - 50;
    assert_eq!(os[0].note.as_deref(), Some(format!("{more} more labels like these are not shown").as_str()));
}

/// Shapes that were quadratic in the number of nodes (each finding compared with, or each node
/// searched, every other): undefined machine-type parameters, hard-coded passwords (each masked
/// in every message), unknown `Extends` names (the first 100 get a "did you mean"), clusters with
/// cluster-init sections. The results, not the time, are asserted.
#[test]
fn thousands_of_nodes_with_the_same_kind_of_mistake() {
    let head = "[cluster c]\n  [[node defaults]]\n    ImageName = cycle.image.ubuntu22\n    SubnetId = a/b/c\n    Credentials = x\n";
    let nodes = |line: &dyn Fn(usize) -> String| -> String {
        (0..4_000).map(|j| format!("  [[node n{j}]]\n{}\n", line(j))).collect()
    };
    let check = |text: String| Linter::new().check_text("shape.txt", text);

    let result = check(format!("{head}{}", nodes(&|j| format!("    MachineType = $M{j}"))));
    let undefined = result.diagnostics.iter().filter(|d| d.rule == "undefined-parameter").count();
    assert_eq!(undefined, cyclelint::lint::MAX_FINDINGS_PER_RULE);

    let result = check(format!("{head}{}", nodes(&|j| format!("    MachineType = m\n    Password = hunter{j}xyz"))));
    assert!(result.diagnostics.iter().any(|d| d.rule == "hardcoded-secret"));
    assert!(result.diagnostics.iter().all(|d| !d.message.contains("hunter")), "every secret masked");

    let result = check(format!("{head}{}", nodes(&|j| format!("    MachineType = m\n    Extends = n{j}x"))));
    let unknown: Vec<_> = result.diagnostics.iter().filter(|d| d.rule == "unknown-extends").collect();
    assert_eq!(unknown.len(), cyclelint::lint::MAX_FINDINGS_PER_RULE);
    let helped =
        |d: &&&cyclelint::diagnostic::Diagnostic| d.help.as_deref().is_some_and(|h| h.starts_with("did you mean"));
    // `n0x` has no close name but its own node's; `n1x` is one edit from `n10`, and so on.
    assert_eq!(unknown[..100].iter().filter(helped).count(), 99);
    assert_eq!(unknown[100..].iter().filter(helped).count(), 0, "only the first hundred are compared");

    let clusters: String = (0..4_000)
        .map(|j| format!("[cluster c{j}]\n  [[node n]]\n    [[[cluster-init p:default:1.{}]]]\n    [[[cluster-init p:default:1.0]]]\n    [[[cluster-init p:default:1.0]]]\n", j % 2))
        .collect();
    let result = check(clusters);
    let mismatched: Vec<_> =
        result.diagnostics.iter().filter(|d| d.rule == "inconsistent-cluster-init-version").collect();
    assert_eq!(mismatched.len(), cyclelint::lint::MAX_FINDINGS_PER_RULE, "capped: 2,000 clusters say 1.1 once");
    let note = mismatched.last().and_then(|d| d.note.as_deref()).unwrap_or_default();
    assert!(note.contains("1000 more `inconsistent-cluster-init-version` findings"), "{note}");
}

/// Two more shapes that were quadratic (fifth session): distinct invalid lines (each compared with
/// every later one to fold repeats) and suppression comments (each scanning every section for a
/// header on its next line). The results, not the time, are asserted.
#[test]
fn thousands_of_invalid_lines_and_of_suppressions() {
    let mut text = "[cluster c]\n  [[node n]]\n".to_string();
    for j in 0..4_000 {
        text.push_str(&format!("    junk line {}\n", j % 2_000));
    }
    let result = Linter::new().check_text("junk.txt", text);
    let errors: Vec<_> = result.diagnostics.iter().filter(|d| d.rule == "syntax-error").collect();
    assert_eq!(errors.len(), cyclelint::lint::MAX_FINDINGS_PER_RULE, "2,000 distinct lines, each once, capped");
    assert!(errors
        .iter()
        .all(|d| d.note.as_deref().is_some_and(|n| n.starts_with("the same line is repeated 2 times"))));

    let mut text = "[cluster c]\n  [[node defaults]]\n    ImageName = cycle.image.ubuntu22\n".to_string();
    for j in 0..4_000 {
        text.push_str(&format!(
            "  [[node n{j}]]\n    # cyclelint: ignore[lenient-string] -- shown as written\n    Tags.a = \"a \"b{j}\" c\"\n    Tags.b = \"a \"b\" c\"  # cyclelint: ignore[lenient-string] -- too\n"
        ));
    }
    let result = Linter::new().check_text("suppressions.txt", text);
    assert!(result.diagnostics.iter().all(|d| d.rule != "lenient-string" && d.rule != "unused-suppression"));
}

/// Thousands of nodes against a registry of thousands of packages (fifth session): each node's
/// lookup scanned the registry, and each unknown name was compared with every name in it. Known
/// names are found; the first hundred unknown names get a "did you mean". Results, not time.
#[test]
fn thousands_of_nodes_against_a_large_registry() {
    let records = registry_records(2_000);
    let mut registry = cyclelint::registry::Registry::builtin();
    registry.add_records(std::path::Path::new("reg.txt"), &syntax::parse(&records).template.records);
    let linter = Linter::with_registry(registry);
    let head = "[cluster c]\n  [[node defaults]]\n    MachineType = m\n    SubnetId = a/b/c\n    Credentials = x\n";
    let nodes = |name: &dyn Fn(usize) -> String| -> String {
        (0..2_000).map(|j| format!("  [[node n{j}]]\n    ImageName = {}\n", name(j))).collect()
    };
    let result = linter.check_text("known.txt", format!("{head}{}", nodes(&|j| format!("pkg.{j}"))));
    assert!(result.diagnostics.iter().all(|d| d.rule != "unknown-image"), "{:?}", result.diagnostics.first());
    let result = linter.check_text("unknown.txt", format!("{head}{}", nodes(&|j| format!("pkg.x{j}"))));
    let unknown: Vec<_> = result.diagnostics.iter().filter(|d| d.rule == "unknown-image").collect();
    assert_eq!(unknown.len(), cyclelint::lint::MAX_FINDINGS_PER_RULE);
    let helped = unknown.iter().filter(|d| d.help.as_deref().is_some_and(|h| h.starts_with("did you mean"))).count();
    assert_eq!(helped, 100, "only the first hundred are compared with the registry");
}

#[test]
fn findings_are_capped_per_rule_and_file() {
    let text = "[cluster c]\n".to_string() + &"  A = \"x\n".repeat(5_000);
    let result = Linter::new().check_text("many.txt", text);
    let unterminated: Vec<_> = result.diagnostics.iter().filter(|d| d.rule == "unterminated-string").collect();
    assert_eq!(unterminated.len(), cyclelint::lint::MAX_FINDINGS_PER_RULE);
    let note = unterminated.last().and_then(|d| d.note.as_deref()).expect("the last one says how many more");
    assert!(note.contains("4000 more `unterminated-string` findings"), "{note}");
}

/// A record file of `n` packages, each with one artifact, and one duplicate package at the end.
fn registry_records(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "AdType = \"Package\"\nName = \"pkg.{i}\"\nVersion = \"1.0.{i}\"\nPackageType = \"image\"\nLabel = \"P {i}\"\nOS = \"linux\"\n\n\
             AdType = \"Artifact\"\nPackage = \"pkg.{i}\"\nVersion = \"1.0.{i}\"\nName = \"az/eastus\"\nProvider = \"az\"\n\
             Region = \"eastus\"\nImageId = \"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/i{i}\"\n\n"
        ));
    }
    text.push_str("AdType = \"Package\"\nName = \"PKG.7\"\nVersion = \"1.0.7\"\nPackageType = \"image\"\n");
    text
}

#[test]
fn a_twenty_thousand_package_registry_is_checked() {
    let text = registry_records(20_000);
    let mut registry = cyclelint::registry::Registry::builtin();
    let parsed = syntax::parse(&text);
    registry.add_records(std::path::Path::new("reg.txt"), &parsed.template.records);
    let result = Linter::with_registry(registry).check_text("reg.txt", text);
    assert_eq!(common::rules(&result), ["duplicate-package-version"]);
    assert!(result.diagnostics[0].message.contains("`PKG.7` version `1.0.7` is defined twice"));
}

#[test]
fn smaller_points_of_issue_13() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("t.txt"), "[cluster c]\n").expect("write");
    // Both configuration names in one folder: the one used is named.
    std::fs::write(dir.path().join("cyclelint.toml"), "").expect("write");
    std::fs::write(dir.path().join(".cyclelint.toml"), "").expect("write");
    cyclelint_cmd(dir.path())
        .args(["check", "t.txt"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains("warning: `").and(predicates::str::contains(".cyclelint.toml` is ignored")));
    // A JSON file named directly is checked as a registry, with duplicate keys reported.
    let json = r#"[{"AdType": "Package", "Name": "p", "Version": "1.0", "PackageType": "image", "name": "q"}]"#;
    std::fs::write(dir.path().join("images.json"), json).expect("write");
    let out = cyclelint_cmd(dir.path()).args(["check", "images.json", "--format", "concise"]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("warning[duplicate-attribute] key `name` is set more than once"), "{stdout}");
    assert!(stdout.contains("package-without-artifacts"), "{stdout}");
    assert!(!stdout.contains("syntax-error"), "{stdout}");
    // A missing registry is status 2 in every command.
    cyclelint_cmd(dir.path()).args(["image", "list", "--registry", "/nonexistent"]).assert().code(2);
    cyclelint_cmd(dir.path()).args(["check", "t.txt", "--registry", "/nonexistent"]).assert().code(2);
}
