//! JSONL batches: one article per line, `{"id", "text"}` plus optional `title`, `url`, `source`,
//! `original_source`, `authors`, `published` (ISO date) and `language`. Read as a stream (gzip
//! optional); a bad line is an error naming the file and line, and reading goes on. Fields are
//! read by [`super::fields`] (the same struct as sidecars); unknown ones become one warning per
//! name when the file has been read ([`JsonlReader::take_warnings`]).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::fields::{self, FieldError, Parsed, MAX_UNKNOWN_NAMES};
use super::{check_id, RawArticle, TextKind};
use crate::document::Origin;
use crate::error::{Error, ErrorKind, SizeUnit};

/// An unknown field name seen in a file: where first, and on how many lines.
struct Unknown {
    name: String,
    first_line: u64,
    lines: u64,
}

/// Reads a JSONL batch one line (one article) at a time.
pub struct JsonlReader {
    path: PathBuf,
    unknown: Vec<Unknown>,
    reader: Box<dyn BufRead + Send>,
    line_no: u64,
    max_line: usize,
    max_bytes: usize,
    done: bool,
}

impl JsonlReader {
    /// Opens `path` (gzip-compressed when `gzip`).
    pub fn open(path: &Path, gzip: bool, max_bytes: usize) -> Result<JsonlReader, Error> {
        let f = File::open(path).map_err(|e| Error::io(ErrorKind::Read, path, "cannot read", e))?;
        let reader: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(BufReader::new(f)),
            ))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, f))
        };
        Ok(JsonlReader {
            path: path.to_path_buf(),
            unknown: Vec::new(),
            reader,
            line_no: 0,
            // JSON escaping can at most make text ~6x longer (\uXXXX); leave room for metadata
            max_line: max_bytes.saturating_mul(6).saturating_add(1 << 16),
            max_bytes,
            done: false,
        })
    }

    fn err(&self, kind: ErrorKind, msg: impl Into<String>) -> Error {
        Error::at(kind, &self.path, msg).with_line(self.line_no)
    }

    /// Reads one line of at most `max_line` bytes; longer lines are skipped up to their newline.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
        buf.clear();
        let n = (&mut self.reader)
            .take(self.max_line as u64 + 1)
            .read_until(b'\n', buf)?;
        if n == 0 {
            return Ok(None);
        }
        if buf.len() > self.max_line && !buf.ends_with(b"\n") {
            // drain the rest of the line
            let mut sink = Vec::new();
            loop {
                sink.clear();
                let k = (&mut self.reader)
                    .take(1 << 20)
                    .read_until(b'\n', &mut sink)?;
                if k == 0 || sink.ends_with(b"\n") {
                    break;
                }
            }
            return Ok(Some(false));
        }
        Ok(Some(true))
    }

    /// Notes the unknown field names of line `self.line_no`.
    fn note_unknown(&mut self, names: &[std::borrow::Cow<'_, str>]) {
        for name in names {
            if let Some(u) = self.unknown.iter_mut().find(|u| u.name == name.as_ref()) {
                u.lines += 1;
            } else if self.unknown.len() < MAX_UNKNOWN_NAMES {
                self.unknown.push(Unknown {
                    name: name.to_string(),
                    first_line: self.line_no,
                    lines: 1,
                });
            }
        }
    }

    /// The warnings for the unknown fields seen so far (one per name), once the file is read.
    pub fn take_warnings(&mut self) -> Vec<Error> {
        std::mem::take(&mut self.unknown)
            .into_iter()
            .map(|u| {
                let kind = ErrorKind::UnknownField {
                    field: u.name,
                    more_lines: u.lines.saturating_sub(1),
                };
                Error::at(kind, &self.path, "").with_line(u.first_line)
            })
            .collect()
    }

    fn parse(&mut self, line: &[u8]) -> Result<RawArticle, Error> {
        let s = std::str::from_utf8(line).map_err(|e| {
            self.err(
                ErrorKind::InvalidUtf8,
                format!("invalid UTF-8 at column byte {}", e.valid_up_to()),
            )
        })?;
        let mut fields = match fields::parse(s) {
            Ok(Parsed::Object(f)) => f,
            Ok(Parsed::NotObject) => {
                return Err(self.err(ErrorKind::MalformedJson, "expected a JSON object"))
            }
            Err(e) => {
                return Err(self
                    .err(ErrorKind::MalformedJson, format!("malformed JSON: {e}"))
                    .with_source(e))
            }
        };
        if !fields.unknown.is_empty() {
            self.note_unknown(&fields.unknown);
        }
        let bad = |e: FieldError| self.err(ErrorKind::BadField { field: e.field }, e.to_string());
        let id = fields
            .take_id()
            .map_err(bad)?
            .ok_or_else(|| bad(FieldError::missing("id")))?;
        check_id(&id).map_err(|why| self.err(ErrorKind::BadId(why), ""))?;
        let text = fields
            .take_text()
            .map_err(bad)
            .and_then(|t| t.ok_or_else(|| bad(FieldError::missing("text"))))
            .map_err(|e| e.with_article(&id))?;
        if text.len() > self.max_bytes {
            return Err(Error::too_large(
                &self.path,
                SizeUnit::Article,
                Some(text.len() as u64),
                self.max_bytes as u64,
            )
            .with_line(self.line_no)
            .with_article(&id));
        }
        let origin = Origin::new(&self.path, Some(self.line_no));
        let mut meta = fields
            .into_meta(String::new(), origin)
            .map_err(|e| bad(e).with_article(&id))?;
        meta.id = id;
        Ok(RawArticle {
            meta,
            text,
            kind: TextKind::Plain,
        })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<RawArticle, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut buf = Vec::new();
        while !self.done {
            self.line_no += 1;
            match self.read_line(&mut buf) {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(false)) => {
                    let limit = self.max_line as u64;
                    let e = Error::too_large(&self.path, SizeUnit::Line, None, limit);
                    return Some(Err(e.with_line(self.line_no)));
                }
                Ok(Some(true)) => {
                    if self.line_no == 1 {
                        if let Some(why) = super::sniff_encoding(&buf) {
                            // the whole file is unreadable: one error, not one per line
                            self.done = true;
                            return Some(Err(Error::at(
                                ErrorKind::UnsupportedEncoding,
                                &self.path,
                                why,
                            )
                            .with_line(1)
                            .with_offset(0)));
                        }
                    }
                    let line = trim_ascii(&buf);
                    if line.is_empty() {
                        continue;
                    }
                    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    return Some(self.parse(line));
                }
                Err(e) => {
                    self.done = true;
                    let kind = if e.kind() == std::io::ErrorKind::InvalidInput
                        || e.kind() == std::io::ErrorKind::UnexpectedEof
                        || e.kind() == std::io::ErrorKind::InvalidData
                    {
                        ErrorKind::Decompress
                    } else {
                        ErrorKind::Read
                    };
                    let context = "read failed (truncated or corrupt file?)";
                    let e = Error::io(kind, &self.path, context, e);
                    return Some(Err(e.with_line(self.line_no)));
                }
            }
        }
        None
    }
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let s = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let e = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(s, |i| i + 1);
    b.get(s..e.max(s)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &str) -> (Vec<Result<RawArticle, Error>>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.jsonl");
        std::fs::write(&path, lines).unwrap();
        let mut r = JsonlReader::open(&path, false, 1 << 20).unwrap();
        let items: Vec<_> = r.by_ref().collect();
        let prefix = format!("{}", dir.path().display());
        let warnings = r
            .take_warnings()
            .iter()
            .map(|w| {
                assert!(w.kind().is_warning());
                w.to_string().replacen(&prefix, "", 1)
            })
            .collect();
        (items, warnings)
    }

    #[test]
    fn unknown_fields_warn_once_per_name_with_a_count() {
        let (items, warnings) = read(concat!(
            "{\"id\": \"a\", \"text\": \"One.\", \"people\": [\"X\"], \"outlet\": \"CBC\"}\n",
            "{\"id\": \"b\", \"text\": \"Two.\", \"people\": []}\n",
            "{\"id\": \"c\", \"text\": \"Three.\", \"_comment\": \"notes\"}\n",
            "{\"id\": \"d\", \"text\": \"Four.\", \"titel\": \"T\", \"people\": null}\n",
        ));
        assert_eq!(items.len(), 4);
        assert!(
            items.iter().all(Result::is_ok),
            "unknown fields reject nothing"
        );
        assert_eq!(
            warnings,
            [
                "/g.jsonl:1: unknown field `people` ignored (here and on 2 more lines)",
                "/g.jsonl:1: unknown field `outlet` ignored",
                "/g.jsonl:4: unknown field `titel` ignored",
            ]
        );
    }

    #[test]
    fn errors_name_line_article_and_field() {
        let (items, warnings) = read(concat!(
            "{\"id\": \"a\"}\n",
            "{\"id\": 7, \"text\": \"Seven.\", \"published\": \"2024-02-30\"}\n",
            "[1]\n",
        ));
        let errs: Vec<String> = items
            .iter()
            .map(|r| match r {
                Ok(a) => format!("ok {} {}", a.meta.id, a.meta.origin.line.unwrap_or(0)),
                Err(e) => e.to_string().rsplit("g.jsonl").next().unwrap().to_string(),
            })
            .collect();
        assert_eq!(
            errs,
            [
                ":1: article \"a\": missing `text`",
                ":2: article \"7\": `published` is not an ISO date: \"2024-02-30\"",
                ":3: expected a JSON object",
            ]
        );
        match &items[1] {
            Err(e) => {
                assert_eq!(*e.kind(), ErrorKind::BadField { field: "published" });
                assert_eq!(e.article().map(|a| a.as_str()), Some("7"));
            }
            Ok(_) => panic!("bad date accepted"),
        }
        assert!(warnings.is_empty());
    }
}
