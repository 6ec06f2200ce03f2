//! JSONL batches: one article per line, `{"id", "text"}` plus optional `title`, `url`, `source`,
//! `original_source`, `authors`, `published` (ISO date) and `language`. Read as a stream (gzip
//! optional); a bad line is an error naming the file and line, and reading goes on.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::{check_id, parse_date, RawArticle, TextKind};
use crate::document::ArticleMeta;
use crate::error::{Error, ErrorKind};

pub struct JsonlReader {
    path: PathBuf,
    reader: Box<dyn BufRead + Send>,
    line_no: u64,
    max_line: usize,
    max_bytes: usize,
    done: bool,
}

impl JsonlReader {
    pub fn open(path: &Path, gzip: bool, max_bytes: usize) -> Result<JsonlReader, Error> {
        let f = File::open(path)
            .map_err(|e| Error::at(ErrorKind::Read, path, format!("cannot read: {e}")))?;
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
            reader,
            line_no: 0,
            // JSON escaping can at most make text ~6x longer (\uXXXX); leave room for metadata
            max_line: max_bytes.saturating_mul(6).saturating_add(1 << 16),
            max_bytes,
            done: false,
        })
    }

    fn err(&self, kind: ErrorKind, msg: impl Into<String>) -> Error {
        Error::at(kind, &self.path, msg).line(self.line_no)
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

    fn parse(&self, line: &[u8]) -> Result<RawArticle, Error> {
        let s = std::str::from_utf8(line).map_err(|e| {
            self.err(
                ErrorKind::InvalidUtf8,
                format!("invalid UTF-8 at column byte {}", e.valid_up_to()),
            )
        })?;
        let v: Json = serde_json::from_str(s)
            .map_err(|e| self.err(ErrorKind::MalformedJson, format!("malformed JSON: {e}")))?;
        let Json::Object(o) = v else {
            return Err(self.err(ErrorKind::MalformedJson, "expected a JSON object"));
        };
        let id = match o.get("id") {
            Some(Json::String(s)) => s.clone(),
            Some(Json::Number(n)) => n.to_string(),
            Some(_) => {
                return Err(self.err(ErrorKind::BadField, "`id` must be a string or an integer"))
            }
            None => return Err(self.err(ErrorKind::BadField, "missing `id`")),
        };
        check_id(&id).map_err(|m| self.err(ErrorKind::BadId, m))?;
        let text = match o.get("text") {
            Some(Json::String(s)) => s.clone(),
            Some(_) => {
                return Err(self.err(
                    ErrorKind::BadField,
                    format!("article {id:?}: `text` must be a string"),
                ))
            }
            None => {
                return Err(self.err(
                    ErrorKind::BadField,
                    format!("article {id:?}: missing `text`"),
                ))
            }
        };
        if text.len() > self.max_bytes {
            return Err(self.err(
                ErrorKind::TooLarge,
                format!(
                    "article {id:?} is {} bytes, above --max-article-bytes {}",
                    text.len(),
                    self.max_bytes
                ),
            ));
        }
        let shown = format!("{id:?}");
        let opt = |k: &str| -> Result<Option<String>, Error> {
            match o.get(k) {
                None | Some(Json::Null) => Ok(None),
                Some(Json::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(self.err(
                    ErrorKind::BadField,
                    format!("article {shown}: `{k}` must be a string"),
                )),
            }
        };
        let published = match opt("published")? {
            Some(p) => Some(parse_date(&p).ok_or_else(|| {
                self.err(
                    ErrorKind::BadField,
                    format!("article {shown}: `published` is not an ISO date: {p:?}"),
                )
            })?),
            None => None,
        };
        let authors = match o.get("authors") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            Some(Json::String(s)) => vec![s.clone()],
            Some(_) => {
                return Err(self.err(
                    ErrorKind::BadField,
                    format!("article {shown}: `authors` must be an array of strings"),
                ))
            }
        };
        let title = opt("title")?;
        Ok(RawArticle {
            meta: ArticleMeta {
                title,
                source: opt("source")?,
                original_source: opt("original_source")?,
                authors,
                url: opt("url")?,
                published,
                language: opt("language")?.unwrap_or_else(|| "en".into()),
                origin: format!("{}:{}", self.path.display(), self.line_no),
                id,
            },
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
                    return Some(Err(self.err(
                        ErrorKind::TooLarge,
                        format!(
                            "line is longer than {} bytes (see --max-article-bytes)",
                            self.max_line
                        ),
                    )))
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
                            .line(1)
                            .offset(0)));
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
                    return Some(Err(self.err(
                        kind,
                        format!("read failed (truncated or corrupt file?): {e}"),
                    )));
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
