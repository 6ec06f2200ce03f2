//! Reading articles: plain-text files with a metadata sidecar, JSONL batches (optionally gzip),
//! directories of them (walked in sorted order), HTML pages, and WARC files (`warc`).
//!
//! [`discover`] resolves the command-line inputs into a list of [`Input`]s (a missing path is a
//! fatal error); [`ArticleStream`] then yields one [`RawArticle`] or one per-article [`Error`] at
//! a time, never holding more than one JSONL line in memory.
//! Warnings (unknown metadata fields, see `ingest::fields`) collect beside the stream; take
//! them with [`ArticleStream::take_warnings`].

pub mod clean;
mod fields;
pub mod html;
mod jsonl;
pub mod page;
mod plain;
pub mod warc;

use std::path::{Path, PathBuf};

use crate::document::ArticleMeta;
use crate::error::{BadId, Error, ErrorKind};

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
    } else if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        Some(InputKind::Warc)
    } else {
        None
    }
}

/// Resolves command-line paths into input files. Directories are walked recursively in byte
/// order of their paths (so the order is the same on every machine); hidden entries are skipped.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, Error> {
    let mut out = Vec::new();
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
            let mut files = Vec::new();
            let mut stack = vec![p.clone()];
            while let Some(d) = stack.pop() {
                let listing_failed = |e| Error::io(ErrorKind::Read, &d, "cannot list directory", e);
                let rd = std::fs::read_dir(&d).map_err(listing_failed)?;
                for entry in rd {
                    let entry = entry.map_err(listing_failed)?;
                    let path = entry.path();
                    if entry.file_name().to_string_lossy().starts_with('.') {
                        continue;
                    }
                    let ft = entry.file_type().map_err(|e| {
                        Error::at(ErrorKind::Read, &path, e.to_string()).with_source(e)
                    })?;
                    if ft.is_dir() {
                        stack.push(path);
                    } else if let Some(kind) = classify(&path) {
                        files.push(Input { path, kind });
                    }
                }
            }
            files.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
            out.extend(files);
        } else {
            let kind = classify(p).ok_or_else(|| {
                Error::at(
                    ErrorKind::Usage,
                    p,
                    "unsupported input: expected .txt, .jsonl[.gz], .html[.gz] or .warc[.gz]",
                )
            })?;
            out.push(Input {
                path: p.clone(),
                kind,
            });
        }
    }
    Ok(out)
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

/// A stream of articles over all inputs, in order. Warnings (unknown metadata fields) collect
/// beside it: take them with [`ArticleStream::take_warnings`] as items are read.
pub struct ArticleStream {
    inputs: std::vec::IntoIter<Input>,
    current: Option<jsonl::JsonlReader>,
    warc: Option<warc::Reader<std::fs::File>>,
    max_bytes: usize,
    warnings: Vec<Error>,
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
        }
    }

    /// The warnings found since the last call: those of a sidecar come with its article, those
    /// of a JSONL file (one per unknown field name) when the file has been read.
    pub fn take_warnings(&mut self) -> Vec<Error> {
        std::mem::take(&mut self.warnings)
    }
}

impl Iterator for ArticleStream {
    type Item = Result<RawArticle, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.current.as_mut() {
                match r.next() {
                    Some(item) => return Some(item),
                    None => {
                        self.warnings.extend(r.take_warnings());
                        self.current = None;
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
                        Ok(r) => self.current = Some(r),
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
