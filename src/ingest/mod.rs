//! Reading articles: plain-text files with a metadata sidecar, JSONL batches (optionally gzip),
//! `.json` files (news-please articles, NewsAPI responses), directories of them (walked in
//! sorted order), HTML pages, and WARC files (`warc`); and telling the language of the cleaned text ([`language`]).
//!
//! [`discover`] resolves the command-line inputs into a list of [`Input`]s (a missing path is a
//! fatal error), and [`discover_all`] also lists what a directory walk skipped; [`ArticleStream`]
//! then yields one [`RawArticle`] or one per-article [`Error`] at a time, never holding more than
//! one JSONL line (or one `.json` file) in memory. At most [`MAX_ERRORS_PER_FILE`] errors of one
//! file are yielded one by one; the rest are counted into one [`ErrorKind::Suppressed`].
//! Warnings (unknown metadata fields, see `ingest::fields`) collect beside the stream; take
//! them with [`ArticleStream::take_warnings`].

pub mod clean;
mod fields;
pub mod html;
mod json;
mod jsonl;
pub mod language;
pub mod page;
mod plain;
/// The `.meta.json` sidecar path of a `.txt` article (the export records it in `manifest.json`).
pub use plain::sidecar_path;
mod record;

pub use record::url_id;
pub mod warc;

use std::path::{Path, PathBuf};

use crate::document::ArticleMeta;
use crate::error::{input_extensions, BadId, Error, ErrorKind};

/// How an article's text must be turned into clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Scraped plain text: page furniture removed by [`clean::clean`].
    Plain,
    /// Main text already extracted from HTML (one paragraph a line).
    Extracted,
    /// A whole HTML page, whose main text and metadata [`page::extract`] takes out. Reading
    /// only loads the page; the extraction runs with the other stages, in parallel.
    Html,
}

/// One article as read, before cleaning.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// Metadata from the input.
    pub meta: ArticleMeta,
    /// The text as read (plain text, extracted text or a whole page, see `kind`).
    pub text: String,
    /// What `text` is.
    pub kind: TextKind,
}

/// The kinds of input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A `.txt` article (with an optional `.meta.json` sidecar).
    Text,
    /// A JSONL batch, one article per line.
    Jsonl {
        /// Gzip-compressed (`.jsonl.gz`).
        gzip: bool,
    },
    /// One HTML page.
    Html {
        /// Gzip-compressed (`.html.gz`).
        gzip: bool,
    },
    /// A `.json` file: one article, a NewsAPI response or an array of articles.
    Json {
        /// Found by a directory walk (a file that holds no articles is then skipped with a
        /// warning, not an error).
        walked: bool,
    },
    /// A WARC file (`.warc`, `.warc.gz`; gzip is recognized by its header).
    Warc,
}

/// One input file and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// How it is read.
    pub kind: InputKind,
}

/// Classifies a file by its name; `None` for files that are not inputs (sidecars, others).
pub fn classify(path: &Path) -> Option<InputKind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".meta.json") {
        return None;
    }
    if name.ends_with(".txt") {
        Some(InputKind::Text)
    } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Some(InputKind::Jsonl { gzip: false })
    } else if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
        Some(InputKind::Jsonl { gzip: true })
    } else if name.ends_with(".html") || name.ends_with(".htm") {
        Some(InputKind::Html { gzip: false })
    } else if name.ends_with(".html.gz") || name.ends_with(".htm.gz") {
        Some(InputKind::Html { gzip: true })
    } else if name.ends_with(".json") {
        Some(InputKind::Json { walked: false })
    } else if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        Some(InputKind::Warc)
    } else {
        None
    }
}

/// The inputs of a run, and what directory walks skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The input files, in order.
    pub inputs: Vec<Input>,
    /// Per directory given on the command line, the files (and newsfacts output directories)
    /// its walk skipped, sorted, each with the reason; directories that skipped nothing are not
    /// listed.
    pub skipped: Vec<(PathBuf, Vec<Skipped>)>,
}

/// A file (or newsfacts output directory) that a directory walk skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file or directory.
    pub path: PathBuf,
    /// Why: `skipped: …`.
    pub reason: &'static str,
}

/// Why a walk skipped a directory holding a newsfacts output.
const SKIP_OUTPUT: &str = "skipped: a newsfacts output directory";
/// Why a walk skipped a sidecar.
const SKIP_SIDECAR: &str = "skipped: a .meta.json sidecar without its .txt";
/// Why a walk skipped a file of another kind.
const SKIP_OTHER: &str = concat!("skipped: not an input (", input_extensions!(), ")");

/// Whether `dir` holds a newsfacts output (its `datapackage.json` names newsfacts): a walk
/// skips it, so that exporting a folder does not read its own earlier output back.
fn is_newsfacts_output(dir: &Path) -> bool {
    let p = dir.join("datapackage.json");
    if !p.is_file() {
        return false;
    }
    std::fs::read_to_string(&p)
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .is_some_and(|v| v.get("name").and_then(|n| n.as_str()) == Some("newsfacts"))
}

/// Walks `root` (recursively, sorted), returning its inputs and the files it skipped.
fn walk(root: &Path) -> Result<(Vec<Input>, Vec<Skipped>), Error> {
    let mut files = Vec::new();
    let mut skipped: Vec<Skipped> = Vec::new();
    let skip = |path: PathBuf, reason: &'static str| Skipped { path, reason };
    let mut sidecars = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        if is_newsfacts_output(&d) {
            skipped.push(skip(d, SKIP_OUTPUT));
            continue;
        }
        let listing_failed = |e| Error::io(ErrorKind::Read, &d, "cannot list directory", e);
        let rd = std::fs::read_dir(&d).map_err(listing_failed)?;
        for entry in rd {
            let entry = entry.map_err(listing_failed)?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let ft = entry
                .file_type()
                .map_err(|e| Error::at(ErrorKind::Read, &path, e.to_string()).with_source(e))?;
            if ft.is_dir() {
                stack.push(path);
            } else if let Some(kind) = classify(&path) {
                let kind = match kind {
                    InputKind::Json { .. } => InputKind::Json { walked: true },
                    k => k,
                };
                files.push(Input { path, kind });
            } else if is_sidecar(&path) {
                sidecars.push(path);
            } else {
                skipped.push(skip(path, SKIP_OTHER));
            }
        }
    }
    // a sidecar is read with its `.txt`; one without it is skipped
    let used: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter(|i| i.kind == InputKind::Text)
        .map(|i| plain::sidecar_path(&i.path))
        .collect();
    skipped.extend(
        sidecars
            .into_iter()
            .filter(|s| !used.contains(s))
            .map(|s| skip(s, SKIP_SIDECAR)),
    );
    files.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    skipped.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    Ok((files, skipped))
}

/// Whether `path` is a `.meta.json` sidecar (any case).
fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".meta.json"))
}

/// Resolves command-line paths into input files and lists what directory walks skipped (see
/// [`discover`]).
pub fn discover_all(paths: &[PathBuf]) -> Result<Discovery, Error> {
    let mut out = Discovery::default();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            let kind = if e.kind() == std::io::ErrorKind::NotFound {
                ErrorKind::NotFound
            } else {
                ErrorKind::Read
            };
            Error::io(kind, p, "cannot read input", e)
        })?;
        if meta.is_dir() {
            let (files, skipped) = walk(p)?;
            out.inputs.extend(files);
            if !skipped.is_empty() {
                out.skipped.push((p.clone(), skipped));
            }
        } else {
            let kind = classify(p).ok_or_else(|| {
                Error::at(
                    ErrorKind::Usage,
                    p,
                    concat!("unsupported input: expected one of ", input_extensions!()),
                )
            })?;
            out.inputs.push(Input {
                path: p.clone(),
                kind,
            });
        }
    }
    Ok(out)
}

/// Resolves command-line paths into input files. Directories are walked recursively in byte
/// order of their paths (so the order is the same on every machine); hidden entries, files of
/// other kinds, sidecars without their `.txt` and newsfacts output directories are skipped
/// ([`discover_all`] lists them).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, Error> {
    discover_all(paths).map(|d| d.inputs)
}

/// Why `bytes` (the start of a file) cannot be UTF-8 text: a UTF-16 byte-order mark, or the NUL
/// bytes at every other position that UTF-16 without a mark (or a binary file) shows. A few NULs
/// inside text are not enough: they become spaces in cleaning.
pub fn sniff_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16 text is not supported; convert it to UTF-8");
    }
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    if head.len() >= 8 {
        let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = head.len() / 2;
        if even * 2 > half || odd * 2 > half {
            return Some(
                "looks like UTF-16 without a byte-order mark, or binary (NUL at every other byte); convert it to UTF-8",
            );
        }
    }
    None
}

/// Bytes of a file's start that [`sniff_text`] examines.
pub const SNIFF_BYTES: usize = 4096;

/// Why a file is not text, found in its first block by [`sniff_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// UTF-16 (byte-order mark, or NUL at every other byte): see [`sniff_encoding`].
    Encoding(&'static str),
    /// Too many NUL bytes and invalid UTF-8 sequences: binary data, or another encoding.
    Binary {
        /// NUL bytes and bytes of invalid UTF-8 sequences.
        bad: u64,
        /// The bytes examined.
        of: u64,
    },
}

impl NotText {
    /// The error kind for it.
    pub fn kind(&self) -> ErrorKind {
        match *self {
            NotText::Encoding(_) => ErrorKind::UnsupportedEncoding,
            NotText::Binary { bad, of } => ErrorKind::NotText { bad, of },
        }
    }

    /// The message (empty for [`NotText::Binary`], whose error kind says it all).
    pub fn message(&self) -> &'static str {
        match self {
            NotText::Encoding(why) => why,
            NotText::Binary { .. } => "",
        }
    }
}

/// Whether the start of a multi-record file (JSONL, `.json`) shows it is not UTF-8 text, so
/// that it is skipped with one error rather than one per line: UTF-16 ([`sniff_encoding`]), or
/// more than 5 % of the first [`SNIFF_BYTES`] bytes NUL or in invalid UTF-8 sequences (JSON
/// never holds a raw NUL; in a Latin-1 file each accented letter is an invalid byte, so a file
/// with many is one error too, while a UTF-8 file with a few damaged bytes is read and its bad
/// lines reported one by one, up to [`MAX_ERRORS_PER_FILE`]).
pub fn sniff_text(bytes: &[u8]) -> Option<NotText> {
    if let Some(why) = sniff_encoding(bytes) {
        return Some(NotText::Encoding(why));
    }
    let head = bytes.get(..bytes.len().min(SNIFF_BYTES)).unwrap_or(bytes);
    let mut bad = head.iter().filter(|&&b| b == 0).count();
    let mut rest = head;
    while let Err(e) = std::str::from_utf8(rest) {
        let Some(len) = e.error_len() else {
            break; // a sequence cut by the end of the block
        };
        bad += len;
        rest = rest.get(e.valid_up_to() + len..).unwrap_or_default();
    }
    (bad * 20 > head.len()).then_some(NotText::Binary {
        bad: bad as u64,
        of: head.len() as u64,
    })
}

/// Errors of one file yielded one by one by [`ArticleStream`] (unless
/// [`ArticleStream::report_every_error`]); the rest are counted in one
/// [`ErrorKind::Suppressed`].
pub const MAX_ERRORS_PER_FILE: u64 = 20;

/// The size limit of one JSONL line and of a `.json` file, for articles of at most `max_bytes`:
/// JSON escaping can make text about 6 times longer (`\uXXXX`), plus room for metadata.
pub fn max_record_bytes(max_bytes: usize) -> usize {
    max_bytes.saturating_mul(6).saturating_add(1 << 16)
}

/// Decodes file bytes as UTF-8: a UTF-8 BOM is dropped; UTF-16 (see [`sniff_encoding`]) and
/// invalid UTF-8 are errors naming the byte offset.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    if let Some(why) = sniff_encoding(&bytes) {
        return Err(Error::at(ErrorKind::UnsupportedEncoding, path, why).with_offset(0));
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let bytes = match bytes.get(bom..) {
        Some(rest) if bom > 0 => rest.to_vec(),
        _ => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        // the offset is in the file, BOM included
        let at = e.utf8_error().valid_up_to() + bom;
        Error::at(ErrorKind::InvalidUtf8, path, "invalid UTF-8")
            .with_offset(at as u64)
            .with_source(e.utf8_error())
    })
}

/// Checks an article id: non-empty, at most 256 characters, no control characters. Ids are data,
/// never used as path components, so `/` or `..` inside them are harmless and kept as is.
pub fn check_id(id: &str) -> Result<(), BadId> {
    if id.trim().is_empty() {
        return Err(BadId::Empty);
    }
    let chars = id.chars().count();
    if chars > 256 {
        return Err(BadId::TooLong(chars));
    }
    if id.chars().any(char::is_control) {
        return Err(BadId::Control);
    }
    Ok(())
}

/// A multi-record file being read.
enum Reader {
    Jsonl(jsonl::JsonlReader),
    Json(json::JsonReader),
}

impl Reader {
    fn next(&mut self) -> Option<Result<RawArticle, Error>> {
        match self {
            Reader::Jsonl(r) => r.next(),
            Reader::Json(r) => r.next(),
        }
    }

    fn take_warnings(&mut self) -> Vec<Error> {
        match self {
            Reader::Jsonl(r) => r.take_warnings(),
            Reader::Json(r) => r.take_warnings(),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Reader::Jsonl(r) => r.path(),
            Reader::Json(r) => r.path(),
        }
    }
}

/// A stream of articles over all inputs, in order. Warnings (unknown metadata fields) collect
/// beside it: take them with [`ArticleStream::take_warnings`] as items are read.
pub struct ArticleStream {
    inputs: std::vec::IntoIter<Input>,
    current: Option<Reader>,
    warc: Option<warc::Reader<std::fs::File>>,
    max_bytes: usize,
    warnings: Vec<Error>,
    /// Errors yielded per file before the rest are counted; `None`: all are yielded.
    cap: Option<u64>,
    /// Errors of the current file so far, and how many of them were not yielded.
    file_errors: u64,
    suppressed: u64,
}

impl ArticleStream {
    /// Streams `inputs` in order, rejecting articles above `max_bytes`.
    pub fn new(inputs: Vec<Input>, max_bytes: usize) -> ArticleStream {
        ArticleStream {
            inputs: inputs.into_iter(),
            current: None,
            warc: None,
            max_bytes,
            warnings: Vec::new(),
            cap: Some(MAX_ERRORS_PER_FILE),
            file_errors: 0,
            suppressed: 0,
        }
    }

    /// Yields every error of a file one by one (`-v`), instead of the first
    /// [`MAX_ERRORS_PER_FILE`] and then one [`ErrorKind::Suppressed`] with the count.
    pub fn report_every_error(mut self, every: bool) -> ArticleStream {
        self.cap = (!every).then_some(MAX_ERRORS_PER_FILE);
        self
    }

    /// The warnings found since the last call: those of a sidecar come with its article, those
    /// of a JSONL or `.json` file (one per unknown field name) when the file has been read.
    pub fn take_warnings(&mut self) -> Vec<Error> {
        std::mem::take(&mut self.warnings)
    }

    fn start(&mut self, r: Reader) {
        self.current = Some(r);
        self.file_errors = 0;
        self.suppressed = 0;
    }
}

impl Iterator for ArticleStream {
    type Item = Result<RawArticle, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.current.as_mut() {
                match r.next() {
                    Some(Ok(a)) => return Some(Ok(a)),
                    Some(Err(e)) => {
                        self.file_errors += 1;
                        if self.cap.is_some_and(|cap| self.file_errors > cap) {
                            self.suppressed += 1;
                            continue;
                        }
                        return Some(Err(e));
                    }
                    None => {
                        self.warnings.extend(r.take_warnings());
                        let path = r.path().to_path_buf();
                        self.current = None;
                        if self.suppressed > 0 {
                            let count = std::mem::take(&mut self.suppressed);
                            let kind = ErrorKind::Suppressed { count };
                            return Some(Err(Error::at(kind, &path, "")));
                        }
                    }
                }
            }
            if let Some(r) = self.warc.as_mut() {
                let item = r.next();
                self.warnings.extend(r.take_warnings());
                match item {
                    Some(item) => return Some(item),
                    None => self.warc = None,
                }
            }
            let input = self.inputs.next()?;
            match input.kind {
                InputKind::Text => {
                    let read = plain::read(&input.path, self.max_bytes);
                    return Some(read.map(|(raw, warnings)| {
                        self.warnings.extend(warnings);
                        raw
                    }));
                }
                InputKind::Html { gzip } => {
                    return Some(page::read(&input.path, gzip, self.max_bytes))
                }
                InputKind::Warc => match warc::Reader::open(&input.path, self.max_bytes) {
                    Ok(r) => self.warc = Some(r),
                    Err(e) => return Some(Err(e)),
                },
                InputKind::Jsonl { gzip } => {
                    match jsonl::JsonlReader::open(&input.path, gzip, self.max_bytes) {
                        Ok(r) => self.start(Reader::Jsonl(r)),
                        Err(e) => return Some(Err(e)),
                    }
                }
                InputKind::Json { walked } => {
                    match json::JsonReader::open(&input.path, walked, self.max_bytes) {
                        Ok(r) => self.start(Reader::Json(r)),
                        Err(e) => return Some(Err(e)),
                    }
                }
            }
        }
    }
}

/// Parses an ISO date (`YYYY-MM-DD`, optionally followed by a time, which is ignored).
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let d = s.trim().get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random bytes (xorshift), like compressed or encrypted data.
    fn noise(n: usize) -> Vec<u8> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    /// The extensions that messages list are the ones `classify` reads, with and without
    /// their optional `.gz`; a kind added to one and not the other fails here.
    #[test]
    fn the_listed_input_extensions_are_the_classified_ones() {
        let listed = input_extensions!();
        for item in listed.split(", ") {
            let (ext, gz) = match item.strip_suffix("[.gz]") {
                Some(ext) => (ext, true),
                None => (item, false),
            };
            let name = format!("a{ext}");
            assert!(
                classify(Path::new(&name)).is_some(),
                "{name} is listed but not read"
            );
            assert_eq!(
                classify(Path::new(&format!("{name}.gz"))).is_some(),
                gz,
                "{name}.gz: listed with [.gz] = {gz}"
            );
        }
        for ext in [
            ".txt", ".jsonl", ".ndjson", ".json", ".html", ".htm", ".warc",
        ] {
            assert!(
                listed.contains(&format!("{ext},"))
                    || listed.ends_with(ext)
                    || listed.contains(&format!("{ext}[")),
                "{ext} is read but not listed"
            );
        }
    }

    #[test]
    fn binary_starts_are_not_text_and_text_is() {
        assert!(matches!(
            sniff_text(&noise(10_000)),
            Some(NotText::Binary { of: 4096, .. })
        ));
        // an executable-like start: a header, then mostly NUL (the UTF-16 rule says "or binary")
        let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
        elf.resize(600, 0);
        assert!(matches!(sniff_text(&elf), Some(NotText::Encoding(_))));
        // NUL in one byte of six: not the UTF-16 pattern, but far from text
        let sparse: Vec<u8> = b"ab\0cde".repeat(100);
        assert!(matches!(sniff_text(&sparse), Some(NotText::Binary { .. })));
        let json =
            "{\"id\": \"a\", \"text\": \"Plain text — with “quotes” and ünïcode.\"}\n".repeat(100);
        assert_eq!(sniff_text(json.as_bytes()), None);
        // Latin-1 French: every accented letter is an invalid byte, about one in fifteen here,
        // so the whole file is one error ("or text in another encoding than UTF-8")
        let latin1: Vec<u8> = "{\"id\": \"b\", \"text\": \"Le caf\u{e9} est ferm\u{e9} apr\u{e8}s la r\u{e9}union.\"}\n"
            .chars()
            .map(|c| c as u32 as u8)
            .collect::<Vec<u8>>()
            .repeat(50);
        assert!(matches!(sniff_text(&latin1), Some(NotText::Binary { .. })));
        // a UTF-8 file with one damaged byte is text: that line alone is rejected
        let mut damaged = json.clone().into_bytes();
        damaged[100] = 0xFF;
        assert_eq!(sniff_text(&damaged), None);
        // a multi-byte character cut by the end of the block is not counted
        let mut cut = "é".repeat(2047).into_bytes();
        cut.extend_from_slice(&[0xC3, 0xA9, 0xC3]);
        assert_eq!(sniff_text(&cut), None);
        assert!(matches!(
            sniff_text(b"\xFF\xFEa\0b\0"),
            Some(NotText::Encoding(_))
        ));
    }

    #[test]
    fn walks_list_what_they_skip() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let w = |p: &str, s: &str| {
            let p = d.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, s).unwrap();
        };
        w("a.txt", "Text.");
        w("a.meta.json", "{}");
        w("lonely.meta.json", "{}");
        w("notes.pdf", "%PDF");
        w("README", "read me");
        w("sub/b.jsonl", "");
        w("sub/c.json", "{}");
        w(".hidden.txt", "x");
        w("out/datapackage.json", "{\"name\": \"newsfacts\"}");
        w("out/json/articles.json", "[]");
        let found = discover_all(&[d.to_path_buf()]).unwrap();
        let names = |ps: Vec<&Path>| -> Vec<String> {
            ps.iter()
                .map(|p| p.strip_prefix(d).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(
            names(found.inputs.iter().map(|i| i.path.as_path()).collect()),
            ["a.txt", "sub/b.jsonl", "sub/c.json"]
        );
        assert_eq!(found.inputs[2].kind, InputKind::Json { walked: true });
        assert_eq!(found.skipped.len(), 1);
        let (root, skipped) = &found.skipped[0];
        assert_eq!(root, d);
        assert_eq!(
            names(skipped.iter().map(|s| s.path.as_path()).collect()),
            ["README", "lonely.meta.json", "notes.pdf", "out"]
        );
        let reasons: Vec<&str> = skipped.iter().map(|s| s.reason).collect();
        assert_eq!(reasons, [SKIP_OTHER, SKIP_SIDECAR, SKIP_OTHER, SKIP_OUTPUT]);
        // a file named on the command line is never "walked"
        let one = discover_all(&[d.join("sub/c.json")]).unwrap();
        assert_eq!(one.inputs[0].kind, InputKind::Json { walked: false });
        assert!(one.skipped.is_empty());
        assert_eq!(discover(&[d.to_path_buf()]).unwrap(), found.inputs);
    }

    #[test]
    fn a_files_errors_are_capped_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        let mut s = String::from("{\"id\": \"ok1\", \"text\": \"Fine.\"}\n");
        for i in 0..30 {
            s.push_str(&format!("{{\"id\": \"bad{i}\"}}\n"));
        }
        s.push_str("{\"id\": \"ok2\", \"text\": \"Fine too.\"}\n");
        std::fs::write(&path, s).unwrap();
        let input = || {
            vec![Input {
                path: path.clone(),
                kind: InputKind::Jsonl { gzip: false },
            }]
        };
        let items: Vec<_> = ArticleStream::new(input(), 1 << 20).collect();
        let oks = items.iter().filter(|i| i.is_ok()).count();
        let errs: Vec<&Error> = items.iter().filter_map(|i| i.as_ref().err()).collect();
        assert_eq!(oks, 2);
        assert_eq!(errs.len(), MAX_ERRORS_PER_FILE as usize + 1);
        let last = errs.last().unwrap();
        assert_eq!(*last.kind(), ErrorKind::Suppressed { count: 10 });
        assert_eq!(last.kind().rejected(), 10);
        assert!(last
            .to_string()
            .ends_with("m.jsonl: 10 more errors in this file not shown (-v shows every error)"));
        let rejected: u64 = errs.iter().map(|e| e.kind().rejected()).sum();
        assert_eq!(rejected, 30);
        // -v: every error
        let all: Vec<_> = ArticleStream::new(input(), 1 << 20)
            .report_every_error(true)
            .collect();
        assert_eq!(all.iter().filter(|i| i.is_err()).count(), 30);
    }
}
