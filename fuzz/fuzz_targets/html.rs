//! Fuzzes the HTML main-text extractor: any page must extract without panicking, and the body
//! must be text (no NUL).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let a = newsfacts::ingest::html::extract(&s);
    assert!(
        !a.body.contains('\0') || s.contains('\0'),
        "NUL invented by the extractor"
    );
});
