//! The HTTP response inside a `response` record: status line, headers, and the body decoded as
//! a browser would (`Transfer-Encoding: chunked`, then `Content-Encoding` gzip, deflate,
//! identity).
//!
//! Every size is bounded: the header block by [`MAX_HTTP_HEADER`], the decoded body by the
//! caller's limit (a gzip bomb stops there). Crawlers that decoded a body before storing it but
//! kept its `Transfer-Encoding` or `Content-Encoding` header are common enough to matter: a
//! "chunked" body whose first line is no chunk size, and a "gzip" body that does not start with
//! the gzip header but with markup, are taken as already decoded ([`Body::stale_headers`] counts
//! them).

use std::io::Read;

use super::record::{lines, trim};

/// The most bytes of HTTP status line and headers read.
pub(super) const MAX_HTTP_HEADER: usize = 64 * 1024;

/// The parts of a response newsfacts uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Response<'a> {
    /// The status code.
    pub status: u16,
    /// The media type of `Content-Type`, lower case, without parameters.
    pub media_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, as written.
    pub charset: Option<String>,
    /// The transfer codings then the content codings, in the order they were applied, lower case
    /// (`identity` left out).
    pub codings: Vec<String>,
    /// The body as stored.
    pub body: &'a [u8],
}

/// Why a response cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum HttpError {
    /// No `HTTP/x NNN` status line.
    BadStatusLine,
    /// No blank line within [`MAX_HTTP_HEADER`] bytes.
    HeaderTooLong,
    /// No blank line before the end of the record.
    NoHeaderEnd,
    /// A coding newsfacts does not decode (`br`, `zstd`, `compress`, …).
    UnsupportedCoding(String),
    /// A chunked body that breaks off or has a bad chunk size (`at` = offset in the body).
    BadChunk {
        /// Offset of the bad chunk line in the body as stored.
        at: usize,
    },
    /// A compressed body that does not decompress.
    Decompress {
        /// The coding.
        coding: String,
        /// The decompressor's message.
        message: String,
    },
    /// The decoded body is above the limit.
    TooLarge,
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::BadStatusLine => {
                f.write_str("HTTP response does not start with an `HTTP/x NNN` status line")
            }
            HttpError::HeaderTooLong => write!(
                f,
                "HTTP response headers are longer than {MAX_HTTP_HEADER} bytes"
            ),
            HttpError::NoHeaderEnd => {
                f.write_str("HTTP response headers do not end before the end of the record")
            }
            HttpError::UnsupportedCoding(c) => write!(
                f,
                "HTTP body uses the {c:?} encoding, which newsfacts does not decode; record skipped"
            ),
            HttpError::BadChunk { at } => write!(
                f,
                "chunked HTTP body is cut off or has a bad chunk size at body byte {at}"
            ),
            HttpError::Decompress { coding, message } => {
                write!(f, "{coding} HTTP body does not decompress: {message}")
            }
            HttpError::TooLarge => f.write_str("decoded HTTP body is above the limit"),
        }
    }
}

impl<'a> Response<'a> {
    /// Parses the status line and headers of `block` (a `response` record's content).
    pub fn parse(block: &'a [u8]) -> Result<Response<'a>, HttpError> {
        let head_end = header_end(block)?;
        let (head, body_at) = head_end;
        let mut lines = lines(head);
        let status = lines
            .next()
            .and_then(status_code)
            .ok_or(HttpError::BadStatusLine)?;
        let mut r = Response {
            status,
            media_type: None,
            charset: None,
            codings: Vec::new(),
            body: block.get(body_at..).unwrap_or_default(),
        };
        let mut transfer = Vec::new();
        let mut content = Vec::new();
        let mut content_type_seen = false;
        for line in lines {
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                continue;
            };
            let name = trim(line.get(..colon).unwrap_or_default());
            let value = trim(line.get(colon + 1..).unwrap_or_default());
            if name.eq_ignore_ascii_case(b"content-type") && !content_type_seen {
                content_type_seen = true;
                let (media, charset) = content_type(value);
                r.media_type = media;
                r.charset = charset;
            } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
                transfer.extend(codings(value));
            } else if name.eq_ignore_ascii_case(b"content-encoding") {
                content.extend(codings(value));
            }
        }
        // applied in this order by the server: content codings, then transfer codings
        r.codings = content;
        r.codings.extend(transfer);
        Ok(r)
    }
}

/// The header block (without the blank line) and the offset of the body.
fn header_end(block: &[u8]) -> Result<(&[u8], usize), HttpError> {
    let search = block
        .get(..block.len().min(MAX_HTTP_HEADER))
        .unwrap_or(block);
    let mut at = 0;
    while let Some(i) = search
        .get(at..)
        .and_then(|s| s.iter().position(|&b| b == b'\n'))
    {
        let nl = at + i;
        // a line that is empty or only "\r" ends the headers
        let line_start = at;
        let line = search.get(line_start..nl).unwrap_or_default();
        if line.is_empty() || line == b"\r" {
            return Ok((block.get(..line_start).unwrap_or_default(), nl + 1));
        }
        at = nl + 1;
    }
    if block.len() > MAX_HTTP_HEADER {
        Err(HttpError::HeaderTooLong)
    } else {
        Err(HttpError::NoHeaderEnd)
    }
}

/// The code of an `HTTP/1.1 200 OK` line (also `HTTP/2 200`).
fn status_code(line: &[u8]) -> Option<u16> {
    let rest = line.strip_prefix(b"HTTP/")?;
    let mut parts = rest.split(|&b| b == b' ').filter(|p| !p.is_empty());
    let _version = parts.next()?;
    let code = parts.next()?;
    if code.len() != 3 || !code.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(code).ok()?.parse().ok()
}

/// Media type (lower case) and charset of a `Content-Type` value.
fn content_type(v: &[u8]) -> (Option<String>, Option<String>) {
    let text = String::from_utf8_lossy(v);
    let mut parts = text.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, val) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| {
                val.trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_string()
            })
            .filter(|c| !c.is_empty())
    });
    (media, charset)
}

/// The codings of a `Transfer-Encoding` or `Content-Encoding` value, lower case, without
/// `identity` and parameters.
fn codings(v: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(v)
        .split(',')
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|c| !c.is_empty() && c != "identity")
        .collect()
}

/// Is this media type an HTML page?
pub(super) fn is_html(media_type: &str) -> bool {
    matches!(media_type, "text/html" | "application/xhtml+xml")
}

/// A decoded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Body {
    /// The bytes as the server meant them, before any charset decoding.
    pub bytes: Vec<u8>,
    /// Codings whose header was kept although the body had been decoded already.
    pub stale_headers: u32,
}

/// Undoes `codings` (see [`Response::codings`]) on `body`, keeping at most `limit` bytes: a
/// larger result is [`HttpError::TooLarge`]. When `truncated` (the record says the crawler cut
/// it), a body that breaks off is decoded as far as it goes instead of being an error.
pub(super) fn decode(
    body: &[u8],
    codings: &[String],
    limit: usize,
    truncated: bool,
) -> Result<Body, HttpError> {
    if let Some(c) = codings
        .iter()
        .find(|c| !matches!(c.as_str(), "chunked" | "gzip" | "x-gzip" | "deflate"))
    {
        return Err(HttpError::UnsupportedCoding(c.clone()));
    }
    let mut out = Body {
        bytes: Vec::new(),
        stale_headers: 0,
    };
    let mut current: Option<Vec<u8>> = None;
    for coding in codings.iter().rev() {
        let input = current.as_deref().unwrap_or(body);
        let next = match coding.as_str() {
            "chunked" => match dechunk(input, limit, truncated) {
                Ok(v) => v,
                Err(Stale) => {
                    out.stale_headers += 1;
                    continue;
                }
            }?,
            "gzip" | "x-gzip" => {
                if !input.starts_with(&[0x1f, 0x8b]) && looks_like_text(input) {
                    out.stale_headers += 1;
                    continue;
                }
                let d = flate2::read::MultiGzDecoder::new(input);
                inflate(d, coding, limit, truncated)?
            }
            "deflate" => {
                if looks_like_zlib(input) {
                    inflate(
                        flate2::read::ZlibDecoder::new(input),
                        coding,
                        limit,
                        truncated,
                    )?
                } else if looks_like_text(input) {
                    out.stale_headers += 1;
                    continue;
                } else {
                    // raw deflate without the zlib wrapper, as some servers send it
                    let d = flate2::read::DeflateDecoder::new(input);
                    inflate(d, coding, limit, truncated)?
                }
            }
            _ => return Err(HttpError::UnsupportedCoding(coding.clone())),
        };
        current = Some(next);
    }
    out.bytes = match current {
        Some(v) => v,
        None if body.len() > limit => return Err(HttpError::TooLarge),
        None => body.to_vec(),
    };
    Ok(out)
}

/// A "chunked" body that is not chunked (its first line is no chunk size).
struct Stale;

/// Joins the chunks of a chunked body (trailers after the last chunk are ignored).
fn dechunk(
    body: &[u8],
    limit: usize,
    truncated: bool,
) -> Result<Result<Vec<u8>, HttpError>, Stale> {
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let size_line = body
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n').map(|i| (rest, i)));
        let Some((rest, nl)) = size_line else {
            if at == 0 {
                return Err(Stale);
            }
            return Ok(cut_off(out, truncated, at));
        };
        let line = rest.get(..nl).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let digits = trim(line.split(|&b| b == b';').next().unwrap_or_default());
        let Some(size) = chunk_size(digits) else {
            if at == 0 {
                return Err(Stale);
            }
            return Ok(Err(HttpError::BadChunk { at }));
        };
        let data_at = at + nl + 1;
        if size == 0 {
            return Ok(Ok(out));
        }
        let end = data_at.saturating_add(size);
        let Some(data) = body.get(data_at..end) else {
            if truncated {
                let tail = body.get(data_at..).unwrap_or_default();
                if out.len() + tail.len() > limit {
                    return Ok(Err(HttpError::TooLarge));
                }
                out.extend_from_slice(tail);
                return Ok(Ok(out));
            }
            return Ok(Err(HttpError::BadChunk { at }));
        };
        if out.len() + data.len() > limit {
            return Ok(Err(HttpError::TooLarge));
        }
        out.extend_from_slice(data);
        at = end;
        // the CRLF after the chunk data
        let after = body.get(at..).unwrap_or_default();
        if after.starts_with(b"\r\n") {
            at += 2;
        } else if after.starts_with(b"\n") {
            at += 1;
        } else if after.is_empty() {
            return Ok(cut_off(out, truncated, at));
        } else {
            return Ok(Err(HttpError::BadChunk { at }));
        }
    }
}

/// A chunked body that ends without its last (empty) chunk: what was read when the crawler
/// declared the record truncated, else an error.
fn cut_off(out: Vec<u8>, truncated: bool, at: usize) -> Result<Vec<u8>, HttpError> {
    if truncated {
        Ok(out)
    } else {
        Err(HttpError::BadChunk { at })
    }
}

/// A hexadecimal chunk size of at most 15 digits.
fn chunk_size(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let text = std::str::from_utf8(digits).ok()?;
    usize::from_str_radix(text, 16).ok()
}

/// Does `body` start (after white space and a UTF-8 BOM) with `<`, as markup does?
fn looks_like_text(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

/// Does `body` start with a zlib header (RFC 1950: deflate method, check bits)?
fn looks_like_zlib(body: &[u8]) -> bool {
    match body {
        [cmf, flg, ..] => cmf & 0x0f == 8 && (u16::from(*cmf) * 256 + u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// Reads a decompressor to its end, keeping at most `limit` bytes.
fn inflate(
    d: impl Read,
    coding: &str,
    limit: usize,
    truncated: bool,
) -> Result<Vec<u8>, HttpError> {
    let mut out = Vec::new();
    let cap = (limit as u64).saturating_add(1);
    match d.take(cap).read_to_end(&mut out) {
        Ok(_) => {}
        // a truncated record's stream breaks off: keep what came out of it
        Err(e) if truncated && e.kind() == std::io::ErrorKind::UnexpectedEof => {}
        Err(e) => {
            return Err(HttpError::Decompress {
                coding: coding.to_string(),
                message: e.to_string(),
            })
        }
    }
    if out.len() > limit {
        return Err(HttpError::TooLarge);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    use crate::ingest::warc::tests::gz;

    fn response(head: &str, body: &[u8]) -> Vec<u8> {
        let mut v = head.replace('\n', "\r\n").into_bytes();
        v.extend_from_slice(b"\r\n");
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn status_content_type_and_codings_are_read() {
        let block = response(
            "HTTP/1.1 200 OK\nContent-Type: text/html; charset=\"ISO-8859-1\"\nContent-Encoding: gzip\nTransfer-Encoding: chunked\n",
            b"body",
        );
        let r = Response::parse(&block).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.media_type.as_deref(), Some("text/html"));
        assert_eq!(r.charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(r.codings, ["gzip", "chunked"]);
        assert_eq!(r.body, b"body");
        let r = Response::parse(b"HTTP/2 404\n\n").unwrap();
        assert_eq!((r.status, r.media_type), (404, None));
        assert_eq!(
            Response::parse(b"HTP/1.1 200 OK\r\n\r\n"),
            Err(HttpError::BadStatusLine)
        );
        assert_eq!(
            Response::parse(b"HTTP/1.1 200 OK\r\nServer: x\r\n"),
            Err(HttpError::NoHeaderEnd)
        );
        let mut long = b"HTTP/1.1 200 OK\r\nX: ".to_vec();
        long.resize(MAX_HTTP_HEADER + 10, b'a');
        assert_eq!(Response::parse(&long), Err(HttpError::HeaderTooLong));
    }

    #[test]
    fn chunked_and_compressed_bodies_are_decoded() {
        let html = b"<html><body><p>Match report.</p></body></html>";
        let mut chunked = Vec::new();
        for (i, part) in [&html[..5], &html[5..31], &html[31..40], &html[40..]]
            .iter()
            .enumerate()
        {
            let ext = if i == 1 { ";ext=1" } else { "" };
            chunked.extend(format!("{:X}{ext}\r\n", part.len()).bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\nX-Trailer: 1\r\n\r\n");
        let chunked = &chunked[..];
        let d = |body: &[u8], c: &[&str]| {
            let c: Vec<String> = c.iter().map(|s| s.to_string()).collect();
            decode(body, &c, 1 << 20, false)
        };
        assert_eq!(d(chunked, &["chunked"]).unwrap().bytes, html);
        // gzip inside chunks: the chunks are joined first
        let z = gz(html);
        let mut c = format!("{:x}\r\n", z.len()).into_bytes();
        c.extend_from_slice(&z);
        c.extend_from_slice(b"\r\n0\r\n\r\n");
        assert_eq!(d(&c, &["gzip", "chunked"]).unwrap().bytes, html);
        let mut zl = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zl.write_all(html).unwrap();
        assert_eq!(d(&zl.finish().unwrap(), &["deflate"]).unwrap().bytes, html);
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        raw.write_all(html).unwrap();
        assert_eq!(d(&raw.finish().unwrap(), &["deflate"]).unwrap().bytes, html);
        assert_eq!(d(html, &[]).unwrap().bytes, html);
    }

    #[test]
    fn headers_of_already_decoded_bodies_are_counted_not_trusted() {
        let html = b"<html><body><p>Court ruling.</p></body></html>";
        let c: Vec<String> = vec!["gzip".into(), "chunked".into()];
        let b = decode(html, &c, 1 << 20, false).unwrap();
        assert_eq!((b.bytes.as_slice(), b.stale_headers), (&html[..], 2));
    }

    #[test]
    fn unsupported_broken_and_oversized_bodies_are_errors() {
        let v = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            decode(b"x", &v(&["br"]), 100, false),
            Err(HttpError::UnsupportedCoding("br".into()))
        );
        assert!(matches!(
            decode(b"\x1f\x8b\x08\x00garbage", &v(&["gzip"]), 100, false),
            Err(HttpError::Decompress { .. })
        ));
        assert_eq!(
            decode(b"5\r\nab", &v(&["chunked"]), 100, false),
            Err(HttpError::BadChunk { at: 0 })
        );
        // a truncated record keeps what was there
        assert_eq!(
            decode(b"5\r\nab", &v(&["chunked"]), 100, true).map(|b| b.bytes),
            Ok(b"ab".to_vec())
        );
        assert_eq!(
            decode(b"3\r\nabc\r\nzz\r\n", &v(&["chunked"]), 100, false),
            Err(HttpError::BadChunk { at: 8 })
        );
        // a gzip bomb stops at the limit
        let bomb = gz(&vec![b'<'; 1 << 20]);
        assert_eq!(
            decode(&bomb, &v(&["gzip"]), 1000, false),
            Err(HttpError::TooLarge)
        );
        assert_eq!(
            decode(&[b'a'; 101], &[], 100, false),
            Err(HttpError::TooLarge)
        );
        let mut cut = gz(&vec![b'a'; 5000]);
        cut.truncate(cut.len() / 2);
        assert!(decode(&cut, &v(&["gzip"]), 10_000, true).is_ok());
        assert!(decode(&cut, &v(&["gzip"]), 10_000, false).is_err());
    }
}
