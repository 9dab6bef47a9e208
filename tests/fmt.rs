//! The formatter (`cyclelint fmt`, `cyclelint::format`): before/after snapshots of every
//! construct, line endings, BOM, options, idempotence, the model kept, the corpus, and the
//! command line.

mod common;

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

use cyclelint::format::{format_text, same_meaning, FormatOptions, IndentStyle};

fn cyclelint() -> Command {
    let mut cmd = Command::cargo_bin("cyclelint").expect("binary builds");
    cmd.current_dir(common::root()).env_remove("GITHUB_ACTIONS").env_remove("TF_BUILD").env("NO_COLOR", "1");
    cmd
}

/// Formats `text`, asserting the two properties every result must have: formatting it again
/// changes nothing, and it means what `text` means.
fn format(text: &str, options: &FormatOptions) -> String {
    let formatted = format_text(text, options).expect("formats");
    assert_eq!(format_text(&formatted, options).expect("formats again"), formatted, "not idempotent");
    same_meaning(text, &formatted).expect("same model");
    formatted
}

fn fixture(name: &str) -> String {
    fs::read_to_string(common::root().join("fixtures/format").join(name)).expect("fixture")
}

#[test]
fn snapshots_of_every_construct() {
    insta::glob!("../fixtures/format", "*.txt", |path| {
        let text = fs::read_to_string(path).expect("fixture");
        let formatted = format(&text, &FormatOptions::default());
        // `·` marks trailing whitespace, so that what is kept (verbatim lines, string content)
        // shows in the snapshot.
        let show = |t: &str| {
            t.lines()
                .map(|l| format!("{}{}", l.trim_end(), "·".repeat(l.len() - l.trim_end().len())))
                .collect::<Vec<_>>()
                .join("\n")
        };
        insta::assert_snapshot!(format!("---- before\n{}\n---- after\n{}", show(&text), show(&formatted)));
    });
}

#[test]
fn tabs_and_widths_from_the_options() {
    let text = fixture("layout.txt");
    let tabs = format(&text, &FormatOptions { indent_width: 4, indent_style: IndentStyle::Tab });
    insta::assert_snapshot!("layout_with_tabs", tabs);
    let two = format(&text, &FormatOptions { indent_width: 2, indent_style: IndentStyle::Space });
    assert!(two.contains("\n  [[node defaults]]\n  UsePublicNetwork = $UsePublicNetwork\n"), "{two}");
    assert!(two.contains("\n    [[[configuration]]]\n"), "{two}");
}

#[test]
fn crlf_stays_crlf_and_a_bom_stays() {
    for name in ["layout.txt", "comments.txt", "triple.txt", "records.txt", "invalid.txt"] {
        let text = fixture(name);
        let lf = format(&text, &FormatOptions::default());
        let crlf = format(&text.replace('\n', "\r\n"), &FormatOptions::default());
        assert_eq!(crlf, lf.replace('\n', "\r\n"), "{name}");
        let bom = format(&format!("\u{FEFF}{text}"), &FormatOptions::default());
        assert_eq!(bom, format!("\u{FEFF}{lf}"), "{name}");
    }
}

#[test]
fn small_cases() {
    let f = |text: &str| format(text, &FormatOptions::default());
    assert_eq!(f(""), "");
    assert_eq!(f("\n\n  \n"), "");
    assert_eq!(f("[cluster c]"), "[cluster c]\n");
    assert_eq!(f("[cluster c]\n\n\n\n"), "[cluster c]\n");
    // Two blank lines at most before a rank-1 section, one elsewhere.
    assert_eq!(f("[cluster a]\n\n\n\n[cluster b]\n"), "[cluster a]\n\n\n[cluster b]\n");
    assert_eq!(f("[cluster a]\n[[node n]]\n\n\n\n[[node m]]\n"), "[cluster a]\n    [[node n]]\n\n    [[node m]]\n");
    // Comments just above a rank-1 section go with it; a blank line between them does not.
    assert_eq!(f("[cluster a]\n\n\n\n# b\n# more\n[cluster b]\n"), "[cluster a]\n\n\n# b\n# more\n[cluster b]\n");
    assert_eq!(f("[cluster a]\n\n\n\n# note\n\n\n\n[cluster b]\n"), "[cluster a]\n\n# note\n\n\n[cluster b]\n");
    // Keys and values byte for byte; operators with one space.
    assert_eq!(f("[cluster a]\nKey:=a  ||  b\n"), "[cluster a]\nKey := a  ||  b\n");
    assert_eq!(f("[cluster a]\nKey  :  = x\n"), "[cluster a]\nKey  : = x\n");
    // A file that ends without a line ending gets one; an unclosed `'''` keeps every byte to the end.
    assert_eq!(f("[cluster a]\nKey = 1"), "[cluster a]\nKey = 1\n");
    assert_eq!(f("[cluster a]\n  Key = '''x  \n  y  "), "[cluster a]\nKey = '''x  \n  y  ");
    // A lone `$` and other strays are values like any other.
    assert_eq!(f("[cluster a]\nK =  $ \n"), "[cluster a]\nK = $\n");
}

#[test]
fn a_different_meaning_is_refused() {
    assert!(same_meaning("[cluster a]\nK = 1\n", "[cluster a]\n  K   =   1\n").is_ok());
    assert!(same_meaning("[cluster a]\nK = 1\n", "[cluster a]\nK = 2\n").is_err());
    assert!(same_meaning("[cluster a]\nK = 1\n", "[cluster a]\nK := 1\n").is_err());
    assert!(same_meaning("[cluster a]\n# x\n", "[cluster a]\n#  x\n").is_err());
    assert!(same_meaning("[cluster a]\n[[node b]]\n", "[cluster a]\n[[[node b]]]\n").is_err());
    let error = same_meaning("[cluster a]\nK = 1\n", "[cluster a]\nL = 1\n").unwrap_err();
    assert!(error.contains("key"), "{error}");
}

/// Every corpus template formats, idempotently, to the same model (skipped without the corpus).
#[test]
fn corpus_formats_idempotently_with_the_same_model() {
    let Some(corpus) = common::corpus() else {
        println!("note: ../shared/corpus is absent; corpus formatting test skipped");
        return;
    };
    let mut files = 0;
    let mut changed = 0;
    for entry in fs::read_dir(corpus.join("templates")).expect("templates folder") {
        let path = entry.expect("entry").path();
        let Ok(text) = fs::read_to_string(&path) else { continue };
        let formatted = format_text(&text, &FormatOptions::default())
            .unwrap_or_else(|e| panic!("{} does not format: {e}", path.display()));
        assert_eq!(
            format_text(&formatted, &FormatOptions::default()).expect("formats again"),
            formatted,
            "{} is not idempotent",
            path.display()
        );
        same_meaning(&text, &formatted).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        files += 1;
        changed += usize::from(formatted != text);
    }
    println!("{files} corpus files formatted, {changed} changed");
    assert!(files > 0);
}

fn temp_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("messy.txt"), "[cluster c]\n  Key=1   \n").unwrap();
    fs::write(dir.path().join("tidy.txt"), "[cluster c]\nKey = 1\n").unwrap();
    fs::write(dir.path().join("requirements.txt"), "requests==2.0\n").unwrap();
    dir
}

#[test]
fn fmt_writes_only_what_changes() {
    let dir = temp_project();
    cyclelint()
        .args(["fmt", "--isolated"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout("1 file reformatted, 1 file already formatted\n");
    assert_eq!(fs::read_to_string(dir.path().join("messy.txt")).unwrap(), "[cluster c]\nKey = 1\n");
    assert_eq!(fs::read_to_string(dir.path().join("requirements.txt")).unwrap(), "requests==2.0\n");
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn fmt_check_and_diff_write_nothing() {
    let dir = temp_project();
    let messy = dir.path().join("messy.txt");
    cyclelint()
        .args(["fmt", "--isolated", "--check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("would reformat `").and(predicate::str::contains("messy.txt`")))
        .stdout(predicate::str::contains("1 file would be reformatted, 1 file already formatted"));
    cyclelint()
        .args(["fmt", "--isolated", "--diff"])
        .arg(&messy)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-  Key=1   \n+Key = 1\n"));
    assert_eq!(fs::read_to_string(&messy).unwrap(), "[cluster c]\n  Key=1   \n");
    cyclelint().args(["fmt", "--isolated", "--check"]).arg(dir.path().join("tidy.txt")).assert().success();
}

#[test]
fn fmt_reads_standard_input() {
    cyclelint()
        .args(["fmt", "--isolated", "-"])
        .write_stdin("[cluster c]\r\n[[node n]]\r\nK=1\r\n")
        .assert()
        .success()
        .stdout("[cluster c]\r\n    [[node n]]\r\n    K = 1\r\n");
    cyclelint().args(["fmt", "--isolated", "--check", "-"]).write_stdin("[cluster c]\n K=1\n").assert().code(1);
}

#[test]
fn fmt_follows_the_configuration() {
    let dir = temp_project();
    fs::write(dir.path().join("cyclelint.toml"), "exclude = [\"messy.txt\"]\n[format]\nindent-style = \"tab\"\n")
        .unwrap();
    fs::write(dir.path().join("nested.txt"), "[cluster c]\n[[node n]]\nK = 1\n").unwrap();
    cyclelint().current_dir(dir.path()).args(["fmt", "."]).assert().success();
    assert_eq!(fs::read_to_string(dir.path().join("messy.txt")).unwrap(), "[cluster c]\n  Key=1   \n");
    assert_eq!(fs::read_to_string(dir.path().join("nested.txt")).unwrap(), "[cluster c]\n\t[[node n]]\n\tK = 1\n");
    // Standard input named as an excluded file passes through unchanged.
    cyclelint()
        .current_dir(dir.path())
        .args(["fmt", "--stdin-filename", "messy.txt", "-"])
        .write_stdin("[cluster c]\n  K=1\n")
        .assert()
        .success()
        .stdout("[cluster c]\n  K=1\n");
    cyclelint()
        .current_dir(dir.path())
        .args(["fmt", "--stdin-filename", "other.txt", "-"])
        .write_stdin("[cluster c]\n[[node n]]\n")
        .assert()
        .success()
        .stdout("[cluster c]\n\t[[node n]]\n");
}

#[test]
fn a_file_that_cannot_be_formatted_is_reported_and_the_others_are_formatted() {
    let dir = temp_project();
    fs::write(dir.path().join("latin1.txt"), b"[cluster c]\nName = caf\xe9\n").unwrap();
    cyclelint()
        .args(["fmt", "--isolated"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot format `").and(predicate::str::contains("not valid UTF-8")));
    assert_eq!(fs::read_to_string(dir.path().join("messy.txt")).unwrap(), "[cluster c]\nKey = 1\n");
    assert_eq!(fs::read(dir.path().join("latin1.txt")).unwrap(), b"[cluster c]\nName = caf\xe9\n");
}
