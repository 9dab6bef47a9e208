//! The whole pipeline (decoding, parsing, every rule, JSON output) never panics on any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = cyclelint::lint::Linter::new().check_bytes("fuzz.txt", data);
    let _ = cyclelint::report::json::render(&[result]);
});
