//! Fuzzes the text cleaner: any text (and optional title) must clean without panicking, and the
//! result must hold the cleaner's promises: no control characters other than `\n`/`\t`, no CR,
//! no empty lines, no BOM, and every kept line is a trimmed line of the normalized input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsfacts::ingest::clean::{clean, normalize_controls};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    // first line doubles as the title, so the headline rule is exercised too
    let title = s.split('\n').next();
    for t in [None, title] {
        let out = clean(&s, t);
        assert!(!out.contains('\r'), "CR left in cleaned text");
        assert!(!out.starts_with('\u{FEFF}'), "BOM left in cleaned text");
        assert!(
            out.chars()
                .all(|c| !c.is_control() || c == '\n' || c == '\t'),
            "control character left in cleaned text"
        );
        let norm = normalize_controls(&s);
        for line in out.split('\n') {
            assert!(
                !line.is_empty() || out.is_empty(),
                "empty line in cleaned text"
            );
            assert_eq!(line, line.trim(), "untrimmed line");
            assert!(
                norm.contains(line),
                "kept line not verbatim in input: {line:?}"
            );
        }
    }
});
