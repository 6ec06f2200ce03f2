//! JSONL batches: one article per line, in any of the record formats of [`super::fields`]
//! (newsfacts' own `{"id", "text", …}`, news-please, NewsAPI articles), told apart line by line.
//! Read as a stream (gzip optional); a bad line is an error naming the file and line, and reading
//! goes on. A file whose first block is not text ([`super::sniff_text`]) is skipped with one
//! error. Unknown fields become one warning per name when the file has been read
//! ([`JsonlReader::take_warnings`]).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::record::{self, Notes, Place};
use super::RawArticle;
use crate::error::{Error, ErrorKind, SizeUnit};

/// Reads a JSONL batch one line (one article) at a time.
pub struct JsonlReader {
    path: PathBuf,
    notes: Notes,
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
            notes: Notes::new(path),
            reader,
            line_no: 0,
            max_line: super::max_record_bytes(max_bytes),
            max_bytes,
            done: false,
        })
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
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

    /// The warnings for the unknown fields (one per name) and cut NewsAPI texts seen so far,
    /// once the file is read.
    pub fn take_warnings(&mut self) -> Vec<Error> {
        self.notes.take_warnings()
    }

    fn parse(&mut self, line: &[u8]) -> Result<RawArticle, Error> {
        let s = std::str::from_utf8(line).map_err(|e| {
            Error::at(
                ErrorKind::InvalidUtf8,
                &self.path,
                format!("invalid UTF-8 at column byte {}", e.valid_up_to()),
            )
            .with_line(self.line_no)
        })?;
        let at = Place {
            path: &self.path,
            line: Some(self.line_no),
            fallback_id: None,
        };
        record::read(s, &at, self.max_bytes, &mut self.notes)
    }

    /// The error for a file whose first block is not text (or cannot be read), if any.
    fn check_text(&mut self) -> Option<Error> {
        let head = match self.reader.fill_buf() {
            Ok(b) => b,
            // a decoder does not give its error twice: report it here
            Err(e) => return Some(self.read_failed(e, 1)),
        };
        super::sniff_text(head).map(|kind| {
            Error::at(kind.kind(), &self.path, kind.message())
                .with_line(1)
                .with_offset(0)
        })
    }

    /// The error for a failed read at `line` (a truncated or corrupt gzip stream, an I/O error).
    fn read_failed(&self, e: std::io::Error, line: u64) -> Error {
        let kind = if e.kind() == std::io::ErrorKind::InvalidInput
            || e.kind() == std::io::ErrorKind::UnexpectedEof
            || e.kind() == std::io::ErrorKind::InvalidData
        {
            ErrorKind::Decompress
        } else {
            ErrorKind::Read
        };
        let context = "read failed (truncated or corrupt file?)";
        Error::io(kind, &self.path, context, e).with_line(line)
    }
}

impl Iterator for JsonlReader {
    type Item = Result<RawArticle, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.line_no == 0 && !self.done {
            if let Some(e) = self.check_text() {
                // the whole file is unreadable: one error, not one per line
                self.done = true;
                return Some(Err(e));
            }
        }
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
                    let line = trim_ascii(&buf);
                    if line.is_empty() {
                        continue;
                    }
                    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    return Some(self.parse(line));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(self.read_failed(e, self.line_no)));
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
