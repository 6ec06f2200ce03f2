//! WARC files (`.warc`, `.warc.gz`): web crawls such as Common Crawl's CC-NEWS, read record by
//! record into HTML pages for the article extraction.
//!
//! [`Reader`] reads any [`Read`]: a plain WARC file, a gzip file with one member per record (as
//! CC-NEWS and most crawlers write them), or a file compressed whole or in blocks (a gzip
//! header at the start of the input means gzip, whatever the file is called). It yields one
//! [`RawArticle`] per usable `response` record:
//!
//! 1. the record's `WARC-Type` is `response` and its content is an HTTP response with status
//!    200 and an HTML `Content-Type` (`text/html`, `application/xhtml+xml`; without one, the
//!    record's `WARC-Identified-Payload-Type`);
//! 2. the body is decoded: `Transfer-Encoding: chunked`, then `Content-Encoding` gzip, x-gzip,
//!    deflate (zlib, or raw deflate as some servers send it) and identity. A body in another
//!    coding (`br`, `zstd`, `compress`) is skipped with a warning naming the record; a header
//!    kept on a body the crawler had already decoded is recognized and counted (`http`);
//! 3. the bytes become text from the charset of the HTTP `Content-Type` or the page's `<meta>`
//!    (`charset`: the HTML standard's order and labels, through `encoding_rs`);
//! 4. the page goes to the HTML extraction ([`super::page::extract`], in a worker thread) like
//!    a `.html` file.
//!
//! The article's id is the `WARC-Record-ID` without the angle brackets the WARC grammar puts
//! around it (`<urn:uuid:…>` gives `urn:uuid:…`): unique per record, and the record can be found
//! again by it. `url` is the `WARC-Target-URI` (the address fetched, not the page's canonical
//! link), and `crawl_date` the date of `WARC-Date` (when the page was fetched, not when it was
//! published: `published` comes from the page as for HTML files). Header values that are not
//! UTF-8 keep each invalid byte as `%XX`.
//!
//! Other records (`warcinfo`, `request`, `metadata`, `revisit`, `resource`, …), responses that
//! are not HTTP (`dns:`), not status 200 or not HTML are skipped and counted ([`Stats`]); the
//! counts of a file are one warning when it has been read ([`Reader::take_warnings`]).
//!
//! # Hostile input
//!
//! `Content-Length` is never trusted for allocation: content arrives through a 64 KiB window and
//! is kept only up to `max_bytes` (`--max-article-bytes`); a larger record is read past and
//! reported. A record header is at most [`MAX_WARC_HEADER`] bytes, an HTTP header block at
//! most 64 KiB, and a decoded body at most `max_bytes` (a gzip bomb stops there). Every error
//! names the file and the byte offset of the record (for gzip input, the compressed offset of
//! its member, as a CDX index gives it) and the reader goes on with the next record: after a
//! damaged gzip member at the next gzip header, after an unreadable record at the next line
//! that starts with `WARC/1.` (the bytes skipped to get there are reported once). A record whose
//! gzip member ends before its `Content-Length`, or that is not followed by the next record
//! (a wrong `Content-Length`), gives an error and no article.

mod charset;
mod http;
mod record;
mod stream;

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{check_id, parse_date, RawArticle, TextKind};
use crate::document::{ArticleId, ArticleMeta, Origin};
use crate::error::{Error, ErrorKind, SizeUnit};
use http::{HttpError, Response};
use record::{text_value, unbracket, Header, RecordType, VERSION_PREFIX};
use stream::{Position, Stream, StreamError};

/// The most bytes of one WARC record header read (real headers are well under 4 KiB).
pub const MAX_WARC_HEADER: usize = 64 * 1024;

/// What a [`Reader`] has read so far, by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Records whose header was read.
    pub records: u64,
    /// `response` records that gave an article.
    pub articles: u64,
    /// `warcinfo` records.
    pub warcinfo: u64,
    /// `request` records.
    pub request: u64,
    /// `metadata` records.
    pub metadata: u64,
    /// `revisit` records.
    pub revisit: u64,
    /// `resource`, `conversion`, `continuation` records and unknown types.
    pub other_types: u64,
    /// `response` records whose content is not an HTTP response (`dns:` lookups).
    pub not_http: u64,
    /// HTTP responses with a status other than 200 (redirects, errors).
    pub not_ok: u64,
    /// Status-200 responses that are not HTML pages.
    pub not_html: u64,
    /// Pages in a content or transfer coding newsfacts does not decode (each also a warning).
    pub unsupported_coding: u64,
    /// Records that gave an error.
    pub errors: u64,
    /// Pages whose `Transfer-Encoding` or `Content-Encoding` header was kept although the
    /// crawler had decoded the body already (used as stored).
    pub stale_coding_headers: u64,
    /// Pages with bytes invalid in their charset (each became U+FFFD).
    pub replaced_bytes: u64,
    /// Pages the crawler cut short (`WARC-Truncated`): the part stored was used.
    pub truncated: u64,
}

impl Stats {
    /// Records read that gave no article and no error.
    pub fn skipped(&self) -> u64 {
        self.warcinfo
            + self.request
            + self.metadata
            + self.revisit
            + self.other_types
            + self.not_http
            + self.not_ok
            + self.not_html
            + self.unsupported_coding
    }

    /// One line: records read, articles, and the skipped and notable ones by reason.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} WARC records read, {} articles",
            self.records, self.articles
        );
        let skipped: Vec<String> = [
            (self.warcinfo, "warcinfo"),
            (self.request, "request"),
            (self.metadata, "metadata"),
            (self.revisit, "revisit"),
            (self.other_types, "other record types"),
            (self.not_http, "responses that are not HTTP"),
            (self.not_ok, "HTTP status other than 200"),
            (self.not_html, "not HTML"),
            (self.unsupported_coding, "undecodable content coding"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if !skipped.is_empty() {
            s.push_str("; skipped: ");
            s.push_str(&skipped.join(", "));
        }
        let notes: Vec<String> = [
            (self.errors, "with errors"),
            (
                self.stale_coding_headers,
                "stored decoded despite their coding header",
            ),
            (
                self.replaced_bytes,
                "with bytes invalid in their charset (now U+FFFD)",
            ),
            (self.truncated, "truncated by the crawler"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if !notes.is_empty() {
            s.push_str("; records ");
            s.push_str(&notes.join(", "));
        }
        s
    }
}

/// A record's content block as kept by [`Reader::read_block`].
struct Block {
    /// The content, or its start when it is above the size limit.
    bytes: Vec<u8>,
    /// All of the content is there.
    complete: bool,
}

/// Reads the HTML pages of a WARC file as articles (see the module documentation).
pub struct Reader<R> {
    path: PathBuf,
    stream: Option<Stream<R>>,
    /// An error to give before anything else (the input could not be opened).
    pending: Option<Error>,
    max_bytes: usize,
    stats: Stats,
    warnings: Vec<Error>,
    /// The input is used up, or cannot be read further.
    done: bool,
    /// A damaged gzip member: skip to the next one before reading on.
    recover: bool,
    /// An error was just reported: the bytes skipped to the next record are not reported again.
    quiet: bool,
    /// The offset of the last error, while no article came after it: a gzip member whose
    /// damage already spoilt a record is not reported a second time when its check fails.
    last_error_at: Option<u64>,
}

impl Reader<std::fs::File> {
    /// Opens `path`.
    pub fn open(path: &Path, max_bytes: usize) -> Result<Reader<std::fs::File>, Error> {
        let f = std::fs::File::open(path)
            .map_err(|e| Error::io(ErrorKind::Read, path, "cannot read", e))?;
        Ok(Reader::new(f, path, max_bytes))
    }
}

impl<R: Read> Reader<R> {
    /// Reads `input`; `path` names it in errors and in each article's origin; pages above
    /// `max_bytes` (the record's content, or the decoded body) are rejected.
    pub fn new(input: R, path: &Path, max_bytes: usize) -> Reader<R> {
        let mut reader = Reader {
            path: path.to_path_buf(),
            stream: None,
            pending: None,
            max_bytes,
            stats: Stats::default(),
            warnings: Vec::new(),
            done: false,
            recover: false,
            quiet: false,
            last_error_at: None,
        };
        match Stream::new(input) {
            Ok(s) => reader.stream = Some(s),
            Err(e) => {
                reader.pending = Some(reader.stream_error(e));
                reader.done = true;
            }
        }
        reader
    }

    /// The counts so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The warnings since the last call: records skipped for a content coding newsfacts does
    /// not decode, as they are read, and when the input is used up, the counts of the records
    /// that gave no article (if any did not).
    pub fn take_warnings(&mut self) -> Vec<Error> {
        std::mem::take(&mut self.warnings)
    }

    /// An error at the record that starts at `pos`.
    fn error_at(&self, pos: Position, kind: ErrorKind, message: &str) -> Error {
        let message = match pos.member {
            Some(_) if pos.offset > 0 => format!(
                "{message} (record at byte {} of the gzip member's data)",
                pos.offset
            ),
            _ => message.to_string(),
        };
        Error::at(kind, &self.path, message).with_offset(pos.member.unwrap_or(pos.offset))
    }

    /// Turns a failure of the input into an error, and decides how reading goes on.
    fn stream_error(&mut self, e: StreamError) -> Error {
        self.quiet = true;
        match e {
            StreamError::Io {
                member: Some(at),
                error,
            } => {
                self.recover = true;
                let context = "damaged gzip member, skipped to the next one";
                Error::io(ErrorKind::Decompress, &self.path, context, error).with_offset(at)
            }
            StreamError::Io {
                member: None,
                error,
            } => {
                self.done = true;
                let at = self.stream.as_ref().map_or(0, Stream::raw_offset);
                Error::io(ErrorKind::Read, &self.path, "read failed", error).with_offset(at)
            }
            StreamError::NotGzip { at } => {
                self.recover = true;
                let message = "data after a gzip member is not gzip; skipped to the next member";
                Error::at(ErrorKind::Decompress, &self.path, message).with_offset(at)
            }
        }
    }

    /// Fills the window to at least `n` bytes (fewer at the end of a member).
    fn fill(&mut self, n: usize) -> Result<usize, Error> {
        let Some(s) = self.stream.as_mut() else {
            return Ok(0);
        };
        match s.fill(n) {
            Ok(k) => Ok(k),
            Err(e) => Err(self.stream_error(e)),
        }
    }

    fn data(&self) -> &[u8] {
        self.stream.as_ref().map(Stream::data).unwrap_or_default()
    }

    fn consume(&mut self, n: usize) {
        if let Some(s) = self.stream.as_mut() {
            s.consume(n);
        }
    }

    fn here(&self) -> Position {
        self.stream.as_ref().map_or(
            Position {
                member: None,
                offset: 0,
            },
            Stream::position,
        )
    }

    /// Has the current gzip member (or the plain input) ended?
    fn ended(&self) -> bool {
        self.stream.as_ref().is_none_or(Stream::ended)
    }

    /// Goes on into the next gzip member: `Ok(true)` when there is one, `Ok(false)` at the end.
    fn next_member(&mut self) -> Result<bool, Error> {
        let Some(s) = self.stream.as_mut() else {
            return Ok(false);
        };
        match s.next_member() {
            Ok(more) => Ok(more),
            Err(e) => Err(self.stream_error(e)),
        }
    }

    /// At the end of a member inside a record: goes on into the next member unless that one
    /// starts a record (then the record was cut off with its member: false) or the input ends.
    fn cross_member(&mut self) -> Result<bool, Error> {
        if !self.stream.as_ref().is_some_and(Stream::is_gzip) || !self.next_member()? {
            return Ok(false);
        }
        self.fill(VERSION_PREFIX.len())?;
        Ok(!self.data().starts_with(VERSION_PREFIX))
    }

    /// Moves to the start of the next record (a line starting with `WARC/1.`); `Ok(None)` at
    /// the end of the input. Bytes skipped on the way are an error of their own, unless an
    /// error was just reported.
    fn find_record(&mut self) -> Result<Option<Position>, Error> {
        if self.recover {
            self.recover = false;
            let recovered = match self.stream.as_mut().map(Stream::recover) {
                Some(Ok(more)) => more,
                Some(Err(e)) => return Err(self.stream_error(e)),
                None => false,
            };
            if !recovered {
                return Ok(None);
            }
        }
        let mut junk: u64 = 0;
        let mut junk_at: Option<Position> = None;
        loop {
            let n = self.fill(VERSION_PREFIX.len())?;
            // too few bytes to tell at the end of a member: the next one may complete them
            if n < VERSION_PREFIX.len() && self.ended() && self.next_member()? {
                continue;
            }
            if n == 0 {
                return match self.junk_error(junk, junk_at) {
                    Some(e) => Err(e),
                    None => Ok(None),
                };
            }
            let data = self.data();
            if data.starts_with(VERSION_PREFIX) {
                return match self.junk_error(junk, junk_at) {
                    Some(e) => Err(e),
                    None => {
                        self.quiet = false;
                        Ok(Some(self.here()))
                    }
                };
            }
            let space = data.iter().take_while(|b| b.is_ascii_whitespace()).count();
            if space > 0 {
                self.consume(space);
                continue;
            }
            let line = data
                .iter()
                .position(|&b| b == b'\n')
                .map_or(data.len(), |i| i + 1);
            if junk_at.is_none() {
                junk_at = Some(self.here());
            }
            junk += line as u64;
            self.consume(line);
        }
    }

    /// The error for `junk` bytes skipped from `at` (none when an error was just reported).
    fn junk_error(&mut self, junk: u64, at: Option<Position>) -> Option<Error> {
        let at = at.filter(|_| junk > 0)?;
        if std::mem::replace(&mut self.quiet, false) {
            return None;
        }
        let message = format!(
            "skipped {junk} bytes that are not a WARC record (no line starting with `WARC/1.`)"
        );
        Some(self.error_at(at, ErrorKind::MalformedWarc, &message))
    }

    /// Reads the header block of the record at the window's start, up to its blank line.
    fn read_header(&mut self, start: Position) -> Result<Vec<u8>, Error> {
        let mut block = Vec::with_capacity(1024);
        let mut line_start = 0;
        loop {
            let n = self.fill(1)?;
            if n == 0 {
                if self.cross_member()? {
                    continue;
                }
                self.quiet = true;
                let message = "WARC record header is cut off (no blank line before the end)";
                return Err(self.error_at(start, ErrorKind::MalformedWarc, message));
            }
            let data = self.data();
            let (take, line_done) = match data.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (data.len(), false),
            };
            block.extend_from_slice(data.get(..take).unwrap_or_default());
            self.consume(take);
            if line_done {
                let line = block.get(line_start..).unwrap_or_default();
                if line == b"\n" || line == b"\r\n" {
                    return Ok(block);
                }
                line_start = block.len();
            }
            if block.len() > MAX_WARC_HEADER {
                self.quiet = true;
                let message = format!("WARC record header is longer than {MAX_WARC_HEADER} bytes");
                return Err(self.error_at(start, ErrorKind::MalformedWarc, &message));
            }
        }
    }

    /// Reads the record's content block of `length` bytes: kept when `keep`, else read past.
    /// A block above `max_bytes` is kept only up to its first [`http::MAX_HTTP_HEADER`] bytes
    /// (enough to tell whether it is a page at all), and `complete` is false.
    fn read_block(
        &mut self,
        start: Position,
        length: u64,
        keep: bool,
    ) -> Result<Option<Block>, Error> {
        let complete = length <= self.max_bytes as u64;
        let cap = if complete {
            length
        } else {
            http::MAX_HTTP_HEADER as u64
        };
        let mut kept = keep.then(|| Vec::with_capacity((cap as usize).min(1 << 16)));
        let mut room = cap;
        let mut left = length;
        while left > 0 {
            let want = usize::try_from(left).unwrap_or(usize::MAX);
            let n = self.fill(want)?;
            if n == 0 {
                if self.cross_member()? {
                    continue;
                }
                let got = length - left;
                let message = format!(
                    "WARC record is cut off after {got} of its {length} content bytes (Content-Length)"
                );
                return Err(self.error_at(start, ErrorKind::MalformedWarc, &message));
            }
            let take = n.min(want);
            if let Some(k) = kept.as_mut() {
                let keep = take.min(usize::try_from(room).unwrap_or(usize::MAX));
                let data = self.data();
                k.extend_from_slice(data.get(..keep).unwrap_or_default());
                room -= keep as u64;
            }
            self.consume(take);
            left -= take as u64;
        }
        Ok(kept.map(|bytes| Block { bytes, complete }))
    }

    /// Checks that the record just read is followed by line ends and then the next record, or
    /// by the end of its member or of the input.
    fn check_end(&mut self, start: Position, length: u64) -> Result<(), Error> {
        loop {
            let n = self.fill(VERSION_PREFIX.len())?;
            if n == 0 {
                return Ok(());
            }
            let data = self.data();
            let space = data
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if space == 0 {
                if data.starts_with(VERSION_PREFIX) {
                    return Ok(());
                }
                if n < VERSION_PREFIX.len() && self.ended() && self.next_member()? {
                    continue;
                }
                self.quiet = true;
                let message = format!(
                    "WARC record is not followed by the next record: is its Content-Length {length} wrong?"
                );
                return Err(self.error_at(start, ErrorKind::MalformedWarc, &message));
            }
            self.consume(space);
        }
    }

    /// Reads one record; `Ok(None)` at the end of the input; `Ok(Some(None))` for a record that
    /// gives no article.
    fn read_record(&mut self) -> Result<Option<Option<RawArticle>>, Error> {
        let Some(start) = self.find_record()? else {
            return Ok(None);
        };
        let block = self.read_header(start)?;
        let header = Header::parse(&block).map_err(|e| {
            self.quiet = true;
            self.error_at(start, ErrorKind::MalformedWarc, &e.to_string())
        })?;
        self.stats.records += 1;
        let response = header.kind == RecordType::Response;
        let content = self.read_block(start, header.content_length, response)?;
        self.check_end(start, header.content_length)?;
        match header.kind {
            RecordType::Response => self.article(start, &header, content).map(Some),
            RecordType::Warcinfo => Ok(Some(self.count(|s| &mut s.warcinfo))),
            RecordType::Request => Ok(Some(self.count(|s| &mut s.request))),
            RecordType::Metadata => Ok(Some(self.count(|s| &mut s.metadata))),
            RecordType::Revisit => Ok(Some(self.count(|s| &mut s.revisit))),
            RecordType::Resource
            | RecordType::Conversion
            | RecordType::Continuation
            | RecordType::Other => Ok(Some(self.count(|s| &mut s.other_types))),
        }
    }

    /// Counts a skipped record.
    fn count(&mut self, field: impl Fn(&mut Stats) -> &mut u64) -> Option<RawArticle> {
        *field(&mut self.stats) += 1;
        None
    }

    /// The article of a `response` record, `None` when it is skipped.
    fn article(
        &mut self,
        start: Position,
        header: &Header,
        content: Option<Block>,
    ) -> Result<Option<RawArticle>, Error> {
        let malformed = |this: &Self, id: &str, message: &str| {
            this.error_at(start, ErrorKind::MalformedWarc, message)
                .with_article(id)
        };
        let Some(raw_id) = header.record_id.as_deref() else {
            let message = "response record has no WARC-Record-ID";
            return Err(self.error_at(start, ErrorKind::MalformedWarc, message));
        };
        let id = text_value(unbracket(raw_id)).trim().to_string();
        check_id(&id).map_err(|why| self.error_at(start, ErrorKind::BadId(why), ""))?;
        let Some(Block {
            bytes: content,
            complete,
        }) = content
        else {
            let message = "response record content was not kept";
            return Err(Error::internal(message).with_article(&id));
        };
        let too_large = |this: &Self| {
            let (bytes, limit) = (header.content_length, this.max_bytes as u64);
            let e = Error::too_large(&this.path, SizeUnit::Page, Some(bytes), limit);
            let at = start.member.unwrap_or(start.offset);
            e.with_offset(at).with_article(&id)
        };
        if !content.starts_with(b"HTTP/") {
            return Ok(self.count(|s| &mut s.not_http));
        }
        let response = match Response::parse(&content) {
            Ok(r) => r,
            // the headers may not end within the part kept
            Err(_) if !complete => return Err(too_large(self)),
            Err(e) => return Err(malformed(self, &id, &e.to_string())),
        };
        if response.status != 200 {
            return Ok(self.count(|s| &mut s.not_ok));
        }
        let media = response.media_type.clone().or_else(|| {
            header.payload_type.as_deref().map(|p| {
                let p = text_value(p);
                p.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
        });
        if !media.as_deref().is_some_and(http::is_html) {
            return Ok(self.count(|s| &mut s.not_html));
        }
        if !complete {
            return Err(too_large(self));
        }
        let crawl_date = match header.date.as_deref() {
            None => None,
            Some(d) => {
                let d = text_value(d);
                let date = parse_date(&d).ok_or_else(|| {
                    let shown: String = d.chars().take(40).collect();
                    malformed(
                        self,
                        &id,
                        &format!("WARC-Date is not an ISO date: {shown:?}"),
                    )
                })?;
                Some(date)
            }
        };
        let body = match http::decode(
            response.body,
            &response.codings,
            self.max_bytes,
            header.truncated,
        ) {
            Ok(b) => b,
            Err(HttpError::UnsupportedCoding(c)) => {
                self.stats.unsupported_coding += 1;
                let message = HttpError::UnsupportedCoding(c).to_string();
                let w = self
                    .error_at(start, ErrorKind::Skipped, &message)
                    .with_article(&id);
                self.warnings.push(w);
                return Ok(None);
            }
            Err(HttpError::TooLarge) => {
                let limit = self.max_bytes as u64;
                let e = Error::too_large(&self.path, SizeUnit::Page, None, limit);
                let at = start.member.unwrap_or(start.offset);
                return Err(e.with_offset(at).with_article(&id));
            }
            Err(e) => return Err(malformed(self, &id, &e.to_string())),
        };
        let text = charset::decode(body.bytes, response.charset.as_deref());
        self.stats.stale_coding_headers += u64::from(body.stale_headers > 0);
        self.stats.replaced_bytes += u64::from(text.replaced);
        self.stats.truncated += u64::from(header.truncated);
        self.stats.articles += 1;
        let url = header
            .target_uri
            .as_deref()
            .map(|u| text_value(unbracket(u)).trim().to_string())
            .filter(|u| !u.is_empty());
        Ok(Some(RawArticle {
            meta: ArticleMeta {
                id: ArticleId::new(id),
                url,
                crawl_date,
                origin: Origin::new(&self.path, None),
                ..Default::default()
            },
            text: text.text,
            kind: TextKind::Html,
        }))
    }

    /// The counts as a warning, once, at the end (when a record gave no article).
    fn finish(&mut self) {
        if self.stats.skipped() > 0 {
            let w = Error::at(ErrorKind::Skipped, &self.path, self.stats.summary());
            self.warnings.push(w);
        }
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<RawArticle, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.take() {
            self.stats.errors += 1;
            return Some(Err(e));
        }
        while !self.done {
            match self.read_record() {
                Ok(None) => {
                    self.done = true;
                    self.finish();
                }
                Ok(Some(None)) => {}
                Ok(Some(Some(article))) => {
                    self.last_error_at = None;
                    return Some(Ok(article));
                }
                Err(e) => {
                    if self.done {
                        self.finish();
                    }
                    let at = e.offset();
                    let same_member = *e.kind() == ErrorKind::Decompress
                        && at.is_some()
                        && at == self.last_error_at;
                    self.last_error_at = at;
                    if same_member {
                        continue;
                    }
                    self.stats.errors += 1;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
