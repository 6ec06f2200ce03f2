//! Fuzzes the WARC reader (`newsfacts::ingest::warc::Reader`) on in-memory input.
//!
//! The first byte chooses how the rest is framed: bit 0 set compresses it as gzip, one member
//! per record (the rest is cut before each `WARC/1.`, as CC-NEWS writes records), so that
//! mutations of plain WARC text also reach the member logic; bit 1 then damages one compressed
//! byte and bit 2 cuts the compressed input short, at places the second byte picks; bits 3–7
//! set the size limit. Every item must be an article or an error naming the input and a byte
//! offset; ids must pass `check_id`; no page may exceed the limit; warnings must name the input.
#![no_main]

use std::io::Write;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use newsfacts::ingest::check_id;
use newsfacts::ingest::warc::Reader;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// `body` cut before each `WARC/1.`, each piece a gzip member.
fn per_record(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 1;
    while i + 7 <= body.len() {
        if &body[i..i + 7] == b"WARC/1." {
            out.extend(gzip(&body[start..i]));
            start = i;
        }
        i += 1;
    }
    out.extend(gzip(&body[start..]));
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let pick = usize::from(body.first().copied().unwrap_or(0));
    let max_bytes = 64 + usize::from(mode >> 3) * 512; // small limits reach the TooLarge paths
    let input = if mode & 1 == 1 {
        let mut z = per_record(body);
        if mode & 2 != 0 && !z.is_empty() {
            let at = z.len() * pick / 256;
            z[at] ^= 0x5a;
        }
        if mode & 4 != 0 {
            z.truncate(z.len() * (255 - pick) / 256);
        }
        z
    } else {
        body.to_vec()
    };
    let name = Path::new("fuzz.warc.gz");
    let mut reader = Reader::new(&input[..], name, max_bytes);
    let mut n = 0usize;
    for item in reader.by_ref() {
        n += 1;
        assert!(n <= input.len() + 2, "more items than input bytes");
        match item {
            Ok(a) => {
                assert!(
                    check_id(a.meta.id.as_str()).is_ok(),
                    "bad id accepted: {:?}",
                    a.meta.id
                );
                assert!(
                    a.text.len() <= max_bytes * 3 + 3,
                    "page above the size limit"
                );
                assert_eq!(a.meta.origin.path, name);
            }
            Err(e) => {
                assert_eq!(e.path(), Some(name), "error without the input: {e}");
                assert!(e.offset().is_some(), "error without an offset: {e}");
                assert!(
                    e.offset().is_some_and(|o| o <= input.len() as u64),
                    "offset past the input: {e}"
                );
                assert!(!e.to_string().contains('\n'), "multi-line error: {e:?}");
            }
        }
    }
    for w in reader.take_warnings() {
        assert!(w.kind().is_warning(), "warning of an error kind: {w}");
        assert_eq!(w.path(), Some(name));
    }
    let s = reader.stats();
    assert!(s.articles + s.skipped() <= s.records, "{s:?}");
});
