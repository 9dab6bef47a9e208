//! The parser never panics, hangs or overflows, and every span it reports is inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = cyclelint::syntax::parse(text);
    for d in &parsed.diagnostics {
        assert!(d.span.end() <= text.len() && text.is_char_boundary(d.span.start()) && text.is_char_boundary(d.span.end()));
    }
    for s in &parsed.template.sections {
        assert!(s.span.end() <= text.len());
    }
});
