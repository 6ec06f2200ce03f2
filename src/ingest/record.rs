//! One article record, a JSONL line or an object of a `.json` file, read into a [`RawArticle`];
//! and the notes a file's records leave (unknown field names, cut NewsAPI texts), which become
//! warnings once the file has been read ([`Notes::take_warnings`]).
//!
//! **Ids.** A record's `id` is used when it has one. A news-please or NewsAPI record has none by
//! design: its id is derived from its `url`, `url-` and the 16 lowercase hex digits of the
//! FNV-1a 64-bit hash of the URL as written (spaces around it trimmed), so the same URL gives
//! the same id on every machine and in every run, and the same article read twice is reported
//! as a duplicate. A record of a one-article `.json` file with neither takes the file's name.
//! Anything else without an id is an error.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::fields::{self, FieldError, Format, Parsed, MAX_UNKNOWN_NAMES};
use super::{check_id, RawArticle, TextKind};
use crate::document::Origin;
use crate::error::{Error, ErrorKind, SizeUnit};

/// The id derived from a record's URL (see the module documentation).
pub fn url_id(url: &str) -> String {
    format!("url-{:016x}", crate::fnv::hash(url.trim().as_bytes()))
}

/// An unknown field name seen in a file: where first, and on how many records.
struct Unknown {
    name: String,
    first_line: Option<u64>,
    lines: u64,
}

/// What the records of one file leave for warnings.
pub(crate) struct Notes {
    path: PathBuf,
    unknown: Vec<Unknown>,
    /// NewsAPI records whose `content` was cut: the first one's line, and how many.
    truncated: Option<(Option<u64>, u64)>,
}

impl Notes {
    /// Notes for the records of `path`.
    pub(crate) fn new(path: &Path) -> Notes {
        Notes {
            path: path.to_path_buf(),
            unknown: Vec::new(),
            truncated: None,
        }
    }

    fn note_unknown(&mut self, names: &[Cow<'_, str>], line: Option<u64>) {
        for name in names {
            if let Some(u) = self.unknown.iter_mut().find(|u| u.name == name.as_ref()) {
                u.lines += 1;
            } else if self.unknown.len() < MAX_UNKNOWN_NAMES {
                self.unknown.push(Unknown {
                    name: name.to_string(),
                    first_line: line,
                    lines: 1,
                });
            }
        }
    }

    fn note_truncated(&mut self, line: Option<u64>) {
        match &mut self.truncated {
            Some((_, n)) => *n += 1,
            None => self.truncated = Some((line, 1)),
        }
    }

    /// The warnings for what was noted so far: one per unknown field name, then one for the cut
    /// NewsAPI texts.
    pub(crate) fn take_warnings(&mut self) -> Vec<Error> {
        let at = |kind: ErrorKind, line: Option<u64>| {
            let e = Error::at(kind, &self.path, "");
            match line {
                Some(l) => e.with_line(l),
                None => e,
            }
        };
        let mut out: Vec<Error> = std::mem::take(&mut self.unknown)
            .into_iter()
            .map(|u| {
                let kind = ErrorKind::UnknownField {
                    field: u.name,
                    more_lines: u.lines.saturating_sub(1),
                };
                at(kind, u.first_line)
            })
            .collect();
        if let Some((line, articles)) = self.truncated.take() {
            out.push(at(ErrorKind::TruncatedContent { articles }, line));
        }
        out
    }
}

/// Where a record is: its file, its line (`None` for a one-article file), and the id to use
/// when the record has neither `id` nor `url` (a one-article file's name).
pub(crate) struct Place<'a> {
    /// The file.
    pub(crate) path: &'a Path,
    /// The record's first line.
    pub(crate) line: Option<u64>,
    /// The file's name, for a one-article file.
    pub(crate) fallback_id: Option<&'a str>,
}

impl Place<'_> {
    fn err(&self, kind: ErrorKind, msg: impl Into<String>) -> Error {
        let e = Error::at(kind, self.path, msg);
        match self.line {
            Some(l) => e.with_line(l),
            None => e,
        }
    }
}

/// Reads one record (a JSON object as text) into an article, rejecting texts above
/// `max_bytes`. Unknown fields and cut NewsAPI texts are noted in `notes`.
pub(crate) fn read(
    s: &str,
    at: &Place<'_>,
    max_bytes: usize,
    notes: &mut Notes,
) -> Result<RawArticle, Error> {
    let mut fields = match fields::parse(s) {
        Ok(Parsed::Object(f)) => f,
        Ok(Parsed::NotObject) => {
            return Err(at.err(ErrorKind::MalformedJson, "expected a JSON object"))
        }
        Err(e) => {
            return Err(at
                .err(ErrorKind::MalformedJson, format!("malformed JSON: {e}"))
                .with_source(e))
        }
    };
    let format = fields.format();
    fields.restrict(format);
    if !fields.unknown.is_empty() {
        notes.note_unknown(&fields.unknown, at.line);
    }
    let bad = |e: FieldError| at.err(ErrorKind::BadField { field: e.field }, e.to_string());
    let id = match fields.take_id().map_err(bad)? {
        Some(id) => id,
        None => match (format, fields.url(), at.fallback_id) {
            (Format::NewsPlease | Format::NewsApi, Some(url), _) => url_id(url),
            (_, _, Some(name)) => name.to_string(),
            (Format::Native, _, None) => return Err(bad(FieldError::missing("id"))),
            (_, None, None) => return Err(bad(FieldError::no_url_for_id())),
        },
    };
    check_id(&id).map_err(|why| at.err(ErrorKind::BadId(why), ""))?;
    let mut text = fields
        .take_text(format)
        .map_err(bad)
        .and_then(|t| t.ok_or_else(|| bad(FieldError::missing(format.text_field()))))
        .map_err(|e| e.with_article(&id))?;
    if format == Format::NewsApi {
        if let Some(cut) = fields::strip_truncation_mark(&text) {
            text = cut.to_string();
            notes.note_truncated(at.line);
        }
    }
    let origin = Origin::new(at.path, at.line);
    if text.len() > max_bytes {
        let e = Error::too_large(
            at.path,
            SizeUnit::Article,
            Some(text.len() as u64),
            max_bytes as u64,
        );
        return Err(e.with_origin(&origin, &id));
    }
    let meta = fields
        .into_meta(format, id.clone(), origin)
        .map_err(|e| bad(e).with_article(&id))?;
    Ok(RawArticle {
        meta,
        text,
        kind: TextKind::Plain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str, fallback: Option<&str>) -> (Result<RawArticle, Error>, Vec<String>) {
        let path = Path::new("in.jsonl");
        let mut notes = Notes::new(path);
        let at = Place {
            path,
            line: Some(3),
            fallback_id: fallback,
        };
        let r = read(s, &at, 1 << 20, &mut notes);
        let w = notes
            .take_warnings()
            .iter()
            .map(|w| w.to_string())
            .collect();
        (r, w)
    }

    #[test]
    fn news_records_without_an_id_take_one_from_their_url() {
        let (r, w) = one(
            r#"{"maintext": "Body.", "url": " https://news.example.org/2021/03/harbor-fire "}"#,
            None,
        );
        let a = r.unwrap();
        assert_eq!(
            a.meta.id.as_str(),
            url_id("https://news.example.org/2021/03/harbor-fire")
        );
        // FNV-1a 64 of the trimmed URL, as computed independently (Python, by the definition)
        assert_eq!(a.meta.id, "url-1c4d12aac44c50dd");
        assert!(w.is_empty());
        // stable: the documented hash, not a per-process one
        assert_eq!(url_id(""), "url-cbf29ce484222325");
        let (r, _) = one(r#"{"maintext": "Body."}"#, None);
        assert_eq!(
            r.unwrap_err().to_string(),
            "in.jsonl:3: missing `url`, from which a record without `id` takes its id"
        );
        // a one-article file's name stands in
        let (r, _) = one(r#"{"maintext": "Body."}"#, Some("page-7"));
        assert_eq!(r.unwrap().meta.id, "page-7");
        // newsfacts' own records still need an id
        let (r, _) = one(r#"{"text": "Body.", "url": "https://x.example"}"#, None);
        assert_eq!(r.unwrap_err().to_string(), "in.jsonl:3: missing `id`");
    }

    #[test]
    fn cut_newsapi_content_loses_its_mark_and_is_noted() {
        let (r, w) = one(
            r#"{"title": "T", "url": "https://x.example/n", "content": "The first two hundred characters… [+2140 chars]"}"#,
            None,
        );
        assert_eq!(r.unwrap().text, "The first two hundred characters…");
        assert_eq!(
            w,
            ["in.jsonl:3: 1 article (from this line on) with NewsAPI `content` cut at 200 characters; the `[+N chars]` marker is removed, the rest of the article is missing"]
        );
        let (r, _) = one(r#"{"url": "https://x.example/n", "content": null}"#, None);
        assert_eq!(
            r.unwrap_err().to_string(),
            "in.jsonl:3: article \"url-0bb88467d94f9583\": `content` must be a string"
        );
    }
}
