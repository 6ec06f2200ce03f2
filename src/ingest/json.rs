//! `.json` files: one article object (newsfacts' own, a news-please article, a NewsAPI article),
//! a NewsAPI response (`{"status": "ok", "articles": [...]}`), or an array of article objects.
//! The records are read by [`super::record`] like JSONL lines, each named by the line it starts
//! on (a one-article file by the file alone).
//!
//! **Recognition.** `.json` is read by its content: a top-level object with an `articles` array
//! is a NewsAPI response (one with `"status": "error"` is reported with its `message`); any other
//! object is one article; an array holds articles. A file found by walking a directory that is
//! none of these (no text field: `text`, `maintext` or `content`; not a NewsAPI response; not
//! JSON) is skipped with a warning, since directories hold other JSON files too; named on the
//! command line it is an error. The whole file is held in memory while it is read, so its size is
//! limited like a JSONL line's.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::fields::{self, Parsed};
use super::record::{self, Notes, Place};
use super::RawArticle;
use crate::error::{Error, ErrorKind, SizeUnit};

/// A NewsAPI response, or any other object (then `articles` is `None`).
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    articles: Option<Vec<&'a RawValue>>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// What a `.json` file holds, as byte ranges of its records.
enum Shape {
    /// One article: the whole file.
    One,
    /// Records at these byte ranges.
    Many(Vec<(usize, usize)>),
}

/// Reads the records of one `.json` file, in order.
pub struct JsonReader {
    path: PathBuf,
    text: String,
    /// Byte ranges of the records not read yet (reversed), or the whole file.
    pending: Vec<(usize, usize)>,
    one: bool,
    fallback_id: String,
    notes: Notes,
    max_bytes: usize,
    /// Warnings from opening (a walked file that is not an article file).
    skipped: Option<Error>,
    /// Where the last record started, and its line (lines are counted from there on, so a
    /// large array costs one pass, not one per record).
    last: (usize, u64),
}

impl JsonReader {
    /// Opens and parses `path`. `walked`: found by a directory walk, so a file that holds no
    /// articles is skipped with a warning instead of being an error.
    pub fn open(path: &Path, walked: bool, max_bytes: usize) -> Result<JsonReader, Error> {
        let limit = super::max_record_bytes(max_bytes);
        let f = std::fs::File::open(path)
            .map_err(|e| Error::io(ErrorKind::Read, path, "cannot read", e))?;
        let mut bytes = Vec::new();
        std::io::BufReader::new(f)
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(ErrorKind::Read, path, "cannot read", e))?;
        if bytes.len() > limit {
            return Err(Error::too_large(path, SizeUnit::File, None, limit as u64));
        }
        if let Some(not) = super::sniff_text(&bytes) {
            return Err(Error::at(not.kind(), path, not.message()).with_offset(0));
        }
        let text = super::decode(path, bytes)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("article");
        let stem = name.get(..name.len().saturating_sub(5)).unwrap_or(name);
        let mut reader = JsonReader {
            path: path.to_path_buf(),
            pending: Vec::new(),
            one: false,
            fallback_id: stem.to_string(),
            notes: Notes::new(path),
            max_bytes,
            skipped: None,
            text: String::new(),
            last: (0, 1),
        };
        match shape(&text) {
            Ok(Shape::One) => reader.one = true,
            Ok(Shape::Many(mut ranges)) => {
                ranges.reverse();
                reader.pending = ranges;
            }
            Err(why) if walked => {
                reader.skipped = Some(Error::at(
                    ErrorKind::SkippedFile,
                    path,
                    format!("skipped: {}", why.message()),
                ));
            }
            Err(why) => return Err(why.into_error(path)),
        }
        reader.text = text;
        Ok(reader)
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The warnings of the file (unknown fields, cut NewsAPI texts, or why it was skipped), once
    /// it has been read.
    pub fn take_warnings(&mut self) -> Vec<Error> {
        let mut out: Vec<Error> = self.skipped.take().into_iter().collect();
        out.extend(self.notes.take_warnings());
        out
    }
}

impl Iterator for JsonReader {
    type Item = Result<RawArticle, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let (s, line) = if self.one {
            self.one = false;
            (self.text.as_str(), None)
        } else {
            let (start, end) = self.pending.pop()?;
            let s = self.text.get(start..end).unwrap_or_default();
            let (from, line) = self.last;
            let between = self.text.get(from.min(start)..start).unwrap_or_default();
            let line = line + between.bytes().filter(|&b| b == b'\n').count() as u64;
            self.last = (start, line);
            (s, Some(line))
        };
        let at = Place {
            path: &self.path,
            line,
            fallback_id: line.is_none().then_some(self.fallback_id.as_str()),
        };
        Some(record::read(s, &at, self.max_bytes, &mut self.notes))
    }
}

/// Why a `.json` file holds no articles.
enum NotArticles {
    /// Not JSON (serde's reason).
    Malformed(serde_json::Error),
    /// JSON, but no article object, NewsAPI response or array of them.
    Other,
    /// A NewsAPI error response, with its message.
    NewsApiError(String),
}

impl NotArticles {
    fn message(&self) -> String {
        match self {
            NotArticles::Malformed(e) => format!("malformed JSON: {e}"),
            NotArticles::Other => "JSON that holds no article: expected an object with `text` (newsfacts), `maintext` (news-please) or `content` (NewsAPI), a NewsAPI response with `articles`, or an array of such objects".into(),
            NotArticles::NewsApiError(m) => format!("NewsAPI error response: {m}"),
        }
    }

    fn into_error(self, path: &Path) -> Error {
        let line = match &self {
            NotArticles::Malformed(e) => Some(e.line() as u64),
            _ => None,
        };
        let msg = self.message();
        let e = Error::at(ErrorKind::MalformedJson, path, msg);
        match (line, self) {
            (Some(l), NotArticles::Malformed(source)) => e.with_line(l).with_source(source),
            _ => e,
        }
    }
}

/// Whether the record `s` is an article object (has a text field of some format).
fn is_article(s: &str) -> bool {
    matches!(fields::parse(s), Ok(Parsed::Object(f)) if f.has_text_field())
}

/// The byte range of `part`, a slice of `whole`.
fn range_in(whole: &str, part: &str) -> (usize, usize) {
    let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    (start, start + part.len())
}

/// What `text` holds.
fn shape(text: &str) -> Result<Shape, NotArticles> {
    let body = text.trim_start();
    if body.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).map_err(NotArticles::Malformed)?;
        // an array of other things (numbers, other records) is not an article file
        if items.first().is_some_and(|v| !is_article(v.get())) {
            return Err(NotArticles::Other);
        }
        return Ok(Shape::Many(
            items.iter().map(|v| range_in(text, v.get())).collect(),
        ));
    }
    if !body.starts_with('{') {
        return match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => Err(NotArticles::Other),
            Err(e) => Err(NotArticles::Malformed(e)),
        };
    }
    let env: Envelope<'_> = serde_json::from_str(text).map_err(NotArticles::Malformed)?;
    if env.status.as_deref() == Some("error") {
        let m = env.message.unwrap_or_else(|| "(no message)".into());
        return Err(NotArticles::NewsApiError(m));
    }
    match env.articles {
        Some(items) => Ok(Shape::Many(
            items.iter().map(|v| range_in(text, v.get())).collect(),
        )),
        None if is_article(text) => Ok(Shape::One),
        None => Err(NotArticles::Other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, content: &str, walked: bool) -> Result<(Vec<String>, Vec<String>), String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let prefix = format!("{}/", dir.path().display());
        let show = |e: &Error| e.to_string().replacen(&prefix, "", 1);
        let mut r = JsonReader::open(&path, walked, 1 << 20).map_err(|e| show(&e))?;
        let items = r
            .by_ref()
            .map(|a| match a {
                Ok(a) => format!(
                    "{} line={:?} title={:?} text={:?}",
                    a.meta.id, a.meta.origin.line, a.meta.title, a.text
                ),
                Err(e) => show(&e),
            })
            .collect();
        let warnings = r.take_warnings().iter().map(show).collect();
        Ok((items, warnings))
    }

    #[test]
    fn a_news_please_article_file() {
        let (items, warnings) = read(
            "harbor-fire.json",
            r#"{"authors": ["Mara Quell"], "date_download": "2021-03-05 09:00:00", "date_modify": null, "date_publish": "2021-03-04 18:30:00", "description": "A fire.", "filename": "x.json", "image_url": null, "language": "en", "localpath": null, "maintext": "A fire broke out at the harbor on Thursday.", "source_domain": "news.example.org", "title": "Harbor fire", "title_page": null, "title_rss": null, "url": "https://news.example.org/harbor-fire"}"#,
            false,
        )
        .unwrap();
        assert_eq!(
            items,
            [format!(
                "{} line=None title=Some(\"Harbor fire\") text=\"A fire broke out at the harbor on Thursday.\"",
                record::url_id("https://news.example.org/harbor-fire")
            )]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_newsapi_response() {
        let body = concat!(
            "{\"status\": \"ok\", \"totalResults\": 2, \"articles\": [\n",
            "  {\"source\": {\"id\": null, \"name\": \"Example Wire\"}, \"author\": \"Ben Quorra\", \"title\": \"Mill reopens\", \"description\": \"d\", \"url\": \"https://wire.example/mill\", \"urlToImage\": null, \"publishedAt\": \"2024-02-03T08:00:00Z\", \"content\": \"The paper mill in Orlen Falls reopened on Friday after a two-year closure, its owners said… [+1893 chars]\"},\n",
            "  {\"source\": {\"id\": \"x\", \"name\": \"Example Wire\"}, \"author\": null, \"title\": \"Dam\", \"url\": \"https://wire.example/dam\", \"publishedAt\": \"2024-02-04T08:00:00Z\", \"content\": \"The dam held.\", \"mood\": \"calm\"}\n",
            "]}\n"
        );
        let (items, warnings) = read("top.json", body, false).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0],
            format!(
                "{} line=Some(2) title=Some(\"Mill reopens\") text=\"The paper mill in Orlen Falls reopened on Friday after a two-year closure, its owners said…\"",
                record::url_id("https://wire.example/mill")
            )
        );
        assert!(items[1].ends_with("line=Some(3) title=Some(\"Dam\") text=\"The dam held.\""));
        assert_eq!(
            warnings,
            [
                "top.json:3: unknown field `mood` ignored",
                "top.json:2: 1 article (from this line on) with NewsAPI `content` cut at 200 characters; the `[+N chars]` marker is removed, the rest of the article is missing",
            ]
        );
    }

    #[test]
    fn newsapi_errors_arrays_and_other_json() {
        let e = read("e.json", r#"{"status": "error", "code": "apiKeyInvalid", "message": "Your API key is invalid."}"#, false).unwrap_err();
        assert_eq!(
            e,
            "e.json: NewsAPI error response: Your API key is invalid."
        );
        let (items, _) = read(
            "arr.json",
            "[{\"id\": \"a\", \"text\": \"One.\"},\n {\"id\": \"b\", \"text\": 5}]",
            false,
        )
        .unwrap();
        assert_eq!(
            items,
            [
                "a line=Some(1) title=None text=\"One.\"",
                "arr.json:2: article \"b\": `text` must be a string"
            ]
        );
        // other JSON: an error when named, a skip (with its reason) when found by a walk
        let other = r#"{"a1": {"articleBody": "x", "url": "u"}}"#;
        let e = read("gt.json", other, false).unwrap_err();
        assert!(e.starts_with("gt.json: JSON that holds no article"), "{e}");
        let (items, warnings) = read("gt.json", other, true).unwrap();
        assert!(items.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("gt.json: skipped: JSON that holds no article"));
        let e = read("bad.json", "{\n\"id\": }", false).unwrap_err();
        assert_eq!(
            e,
            "bad.json:2: malformed JSON: expected value at line 2 column 7"
        );
        assert!(read("n.json", "[1, 2]", true).unwrap().1[0].contains("holds no article"));
        // a one-article file without id or url takes the file's name
        let (items, _) = read("note-4.json", r#"{"text": "Short note."}"#, false).unwrap();
        assert_eq!(items, ["note-4 line=None title=None text=\"Short note.\""]);
    }
}
