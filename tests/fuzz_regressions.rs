//! Inputs that `fuzz/run.sh` kept under `fuzz/regressions/` for the byte targets (`parse`,
//! `check`): each goes through the whole pipeline and every output on every `cargo test`. (The
//! structure-aware targets' inputs only mean something to their generators: `fuzz/run.sh --replay`.)

mod common;

use cyclelint::lint::Linter;

#[test]
fn kept_fuzz_inputs_do_not_panic() {
    let mut replayed = 0;
    for target in ["parse", "check"] {
        let dir = common::root().join("fuzz").join("regressions").join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.expect("readable").path();
            let bytes = std::fs::read(&path).expect("readable");
            let result = Linter::new().check_bytes("fuzz.txt", &bytes);
            for d in &result.diagnostics {
                assert!(d.span.end() <= result.text.len().max(bytes.len()), "{}: {d:?}", path.display());
            }
            let results = [result];
            let _ = cyclelint::report::json::render(&results);
            let _ = cyclelint::report::sarif::render(&results);
            let _ =
                cyclelint::report::human::render(&results, cyclelint::report::human::Style { color: false, width: 80 });
            replayed += 1;
        }
    }
    assert!(replayed > 0, "fuzz/regressions/ holds at least the multibyte-parameter-name case");
}
