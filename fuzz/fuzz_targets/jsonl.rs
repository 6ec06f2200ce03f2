//! Fuzzes the JSONL reader through the public `ArticleStream`: the input bytes are written to a
//! temporary file (gzip-compressed when the first byte is odd, then possibly truncated) and read
//! back. Every item must be an article or an error that names the file and a line; ids must pass
//! `check_id`; no article may exceed the size limit.
#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsfacts::ingest::{check_id, ArticleStream, Input, InputKind};

fn scratch() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        base.join(format!("newsfacts-fuzz-jsonl-{}", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let gzip = mode & 1 == 1;
    let max_bytes = 1 + usize::from(mode >> 1) * 64; // small limits exercise the TooLarge paths
    let bytes = if gzip {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = enc.write_all(body);
        let mut z = enc.finish().unwrap_or_default();
        // truncate by the second byte, if asked
        if let Some(&cut) = body.first() {
            if cut & 0x80 != 0 && !z.is_empty() {
                let keep = z.len() * usize::from(cut & 0x7F) / 128;
                z.truncate(keep);
            }
        }
        z
    } else {
        body.to_vec()
    };
    let path = scratch().with_extension(if gzip { "jsonl.gz" } else { "jsonl" });
    if std::fs::write(&path, &bytes).is_err() {
        return;
    }
    let shown = path.display().to_string();
    let stream = ArticleStream::new(
        vec![Input {
            path: path.clone(),
            kind: InputKind::Jsonl { gzip },
        }],
        max_bytes,
    );
    let mut n = 0usize;
    for item in stream {
        n += 1;
        assert!(n <= body.len() + 2, "more items than lines");
        match item {
            Ok(a) => {
                assert!(
                    check_id(a.meta.id.as_str()).is_ok(),
                    "bad id accepted: {:?}",
                    a.meta.id
                );
                assert!(a.text.len() <= max_bytes, "article above the size limit");
            }
            Err(e) => {
                assert_eq!(
                    e.path(),
                    Some(std::path::Path::new(shown.as_str())),
                    "error without the file: {e}"
                );
                // every error names its line, but the one that counts a file's errors past the
                // per-file cap (it is about the whole file)
                assert!(
                    e.line().is_some()
                        || matches!(e.kind(), newsfacts::ErrorKind::Suppressed { .. }),
                    "error without a line: {e}"
                );
                assert!(!e.to_string().contains('\n'), "multi-line error: {e:?}");
            }
        }
    }
    let _ = std::fs::remove_file(&path);
});
