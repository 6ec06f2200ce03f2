//! One WARC record's header block: the version line and the named fields newsfacts uses.
//!
//! [`Header::parse`] takes the bytes from the `WARC/1.x` line to the blank line that ends the
//! block. Field names are matched without regard to case; a field written twice keeps its first
//! value, except `Content-Length`, where two different values make the record unreadable (the
//! block's end would be ambiguous). Continuation lines (starting with a space or tab) extend the
//! previous field. Values are bytes: they become text only where they are used
//! ([`text_value`]).

use std::borrow::Cow;

/// The WARC record types of WARC 1.1, and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RecordType {
    /// `warcinfo`: about the file.
    Warcinfo,
    /// `response`: what a server sent.
    Response,
    /// `resource`: a resource without the protocol exchange.
    Resource,
    /// `request`: what the crawler sent.
    Request,
    /// `metadata`: about another record.
    Metadata,
    /// `revisit`: a payload seen before (content not repeated).
    Revisit,
    /// `conversion`: another record's content, converted.
    Conversion,
    /// `continuation`: the rest of a segmented record.
    Continuation,
    /// A type WARC 1.1 does not define (or none).
    Other,
}

impl RecordType {
    fn parse(v: &[u8]) -> RecordType {
        let v = trim(v);
        let is = |name: &str| v.eq_ignore_ascii_case(name.as_bytes());
        if is("response") {
            RecordType::Response
        } else if is("warcinfo") {
            RecordType::Warcinfo
        } else if is("request") {
            RecordType::Request
        } else if is("metadata") {
            RecordType::Metadata
        } else if is("revisit") {
            RecordType::Revisit
        } else if is("resource") {
            RecordType::Resource
        } else if is("conversion") {
            RecordType::Conversion
        } else if is("continuation") {
            RecordType::Continuation
        } else {
            RecordType::Other
        }
    }
}

/// The fields of a record header that newsfacts reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// `WARC-Type`.
    pub kind: RecordType,
    /// `WARC-Record-ID`, as written.
    pub record_id: Option<Vec<u8>>,
    /// `WARC-Target-URI`, as written.
    pub target_uri: Option<Vec<u8>>,
    /// `WARC-Date`, as written.
    pub date: Option<Vec<u8>>,
    /// `Content-Length`: the size of the block after the header.
    pub content_length: u64,
    /// `WARC-Truncated` is present: the crawler cut the content short.
    pub truncated: bool,
    /// `WARC-Identified-Payload-Type`, as written.
    pub payload_type: Option<Vec<u8>>,
}

/// Why a header block cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum HeaderError {
    /// No `Content-Length`, so the end of the record is unknown.
    NoContentLength,
    /// A `Content-Length` that is not a decimal number (the value, shortened).
    BadContentLength(String),
    /// Two different `Content-Length` values.
    ConflictingContentLength,
    /// A line that is neither a field nor a continuation (its 1-based number in the block).
    BadLine(usize),
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderError::NoContentLength => f.write_str("WARC record header has no Content-Length"),
            HeaderError::BadContentLength(v) => {
                write!(f, "WARC record header has a bad Content-Length: {v:?}")
            }
            HeaderError::ConflictingContentLength => {
                f.write_str("WARC record header has two different Content-Length values")
            }
            HeaderError::BadLine(n) => write!(
                f,
                "line {n} of the WARC record header is not a `Name: value` field"
            ),
        }
    }
}

/// The version line a record starts with.
pub(super) const VERSION_PREFIX: &[u8] = b"WARC/1.";

impl Header {
    /// Parses a header block: the version line, then fields up to the blank line.
    pub fn parse(block: &[u8]) -> Result<Header, HeaderError> {
        let mut header = Header {
            kind: RecordType::Other,
            record_id: None,
            target_uri: None,
            date: None,
            content_length: 0,
            truncated: false,
            payload_type: None,
        };
        let mut length: Option<u64> = None;
        let mut kind_seen = false;
        // the field the last line belonged to, for continuation lines
        let mut last: Option<Field> = None;
        for (n, line) in lines(block).enumerate().skip(1) {
            if line.is_empty() {
                break;
            }
            if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
                if last.is_none() {
                    return Err(HeaderError::BadLine(n + 1));
                }
                if let Some(field) = last {
                    header.extend(field, line);
                }
                continue;
            }
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                return Err(HeaderError::BadLine(n + 1));
            };
            let (name, value) = (
                trim(line.get(..colon).unwrap_or_default()),
                trim(line.get(colon + 1..).unwrap_or_default()),
            );
            let field = Field::named(name);
            last = Some(field);
            match field {
                Field::Type if !kind_seen => {
                    kind_seen = true;
                    header.kind = RecordType::parse(value);
                }
                Field::RecordId => first(&mut header.record_id, value),
                Field::TargetUri => first(&mut header.target_uri, value),
                Field::Date => first(&mut header.date, value),
                Field::PayloadType => first(&mut header.payload_type, value),
                Field::Truncated => header.truncated = true,
                Field::ContentLength => {
                    let v = parse_length(value).ok_or_else(|| {
                        let shown = String::from_utf8_lossy(value.get(..40).unwrap_or(value));
                        HeaderError::BadContentLength(shown.into_owned())
                    })?;
                    match length {
                        Some(l) if l != v => return Err(HeaderError::ConflictingContentLength),
                        _ => length = Some(v),
                    }
                }
                Field::Type | Field::Other => {}
            }
        }
        header.content_length = length.ok_or(HeaderError::NoContentLength)?;
        Ok(header)
    }

    /// Appends a continuation line to a kept field (folded values are rare: URIs and ids).
    fn extend(&mut self, field: Field, line: &[u8]) {
        let target = match field {
            Field::RecordId => &mut self.record_id,
            Field::TargetUri => &mut self.target_uri,
            Field::Date => &mut self.date,
            Field::PayloadType => &mut self.payload_type,
            _ => return,
        };
        if let Some(v) = target {
            v.push(b' ');
            v.extend_from_slice(trim(line));
        }
    }
}

/// The header fields that [`Header`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Type,
    RecordId,
    TargetUri,
    Date,
    ContentLength,
    Truncated,
    PayloadType,
    Other,
}

impl Field {
    fn named(name: &[u8]) -> Field {
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        if is("WARC-Type") {
            Field::Type
        } else if is("WARC-Record-ID") {
            Field::RecordId
        } else if is("WARC-Target-URI") {
            Field::TargetUri
        } else if is("WARC-Date") {
            Field::Date
        } else if is("Content-Length") {
            Field::ContentLength
        } else if is("WARC-Truncated") {
            Field::Truncated
        } else if is("WARC-Identified-Payload-Type") {
            Field::PayloadType
        } else {
            Field::Other
        }
    }
}

fn first(slot: &mut Option<Vec<u8>>, value: &[u8]) {
    if slot.is_none() {
        *slot = Some(value.to_vec());
    }
}

/// A decimal length of at most 19 digits (no sign, no spaces inside).
pub(super) fn parse_length(v: &[u8]) -> Option<u64> {
    if v.is_empty() || v.len() > 19 || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    v.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// The lines of `block`, without their CRLF or LF.
pub(super) fn lines(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    let block = block.strip_suffix(b"\n").unwrap_or(block);
    block
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
}

/// `v` without leading and trailing spaces and tabs.
pub(super) fn trim(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |i| i + 1);
    v.get(start..end.max(start)).unwrap_or_default()
}

/// A header value as text: valid UTF-8 is kept, and each byte of an invalid sequence is written
/// `%XX`, so no byte is lost or replaced by a guess (URIs and record ids are ASCII by their
/// grammars; this keeps a stray byte visible and the value unique).
pub(super) fn text_value(v: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(v) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            let mut out = String::with_capacity(v.len() + 8);
            for chunk in v.utf8_chunks() {
                out.push_str(chunk.valid());
                for b in chunk.invalid() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            Cow::Owned(out)
        }
    }
}

/// `v` without the angle brackets WARC puts around record ids (and some writers around URIs).
pub(super) fn unbracket(v: &[u8]) -> &[u8] {
    v.strip_prefix(b"<")
        .and_then(|v| v.strip_suffix(b">"))
        .unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESPONSE: &[u8] = b"WARC/1.0\r\nWARC-Type: response\r\nwarc-record-id: <urn:uuid:0001>\r\nWARC-Date: 2024-03-05T06:07:08Z\r\nWARC-Target-URI: https://news.example/a\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 1234\r\n\r\n";

    #[test]
    fn fields_are_read_without_regard_to_case() {
        let h = Header::parse(RESPONSE).unwrap();
        assert_eq!(h.kind, RecordType::Response);
        assert_eq!(h.record_id.as_deref(), Some(&b"<urn:uuid:0001>"[..]));
        assert_eq!(
            h.target_uri.as_deref(),
            Some(&b"https://news.example/a"[..])
        );
        assert_eq!(h.date.as_deref(), Some(&b"2024-03-05T06:07:08Z"[..]));
        assert_eq!(h.content_length, 1234);
        assert!(!h.truncated);
    }

    #[test]
    fn lf_only_lines_and_continuations_are_read() {
        let h = Header::parse(b"WARC/1.1\nWARC-Type: Request\nWARC-Target-URI: https://a.example/\n  more\nContent-Length: 0\n\n").unwrap();
        assert_eq!(h.kind, RecordType::Request);
        assert_eq!(
            h.target_uri.as_deref(),
            Some(&b"https://a.example/ more"[..])
        );
    }

    #[test]
    fn content_length_must_be_there_and_be_one_number() {
        let e = |s: &[u8]| Header::parse(s).unwrap_err();
        assert_eq!(
            e(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n"),
            HeaderError::NoContentLength
        );
        assert_eq!(
            e(b"WARC/1.0\r\nContent-Length: -5\r\n\r\n"),
            HeaderError::BadContentLength("-5".into())
        );
        assert_eq!(
            e(b"WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n"),
            HeaderError::BadContentLength("99999999999999999999".into())
        );
        assert_eq!(
            e(b"WARC/1.0\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
            HeaderError::ConflictingContentLength
        );
        assert_eq!(
            e(b"WARC/1.0\r\nno colon here\r\n\r\n"),
            HeaderError::BadLine(2)
        );
        let same = Header::parse(b"WARC/1.0\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n");
        assert_eq!(same.map(|h| h.content_length), Ok(5));
    }

    #[test]
    fn values_become_text_without_losing_bytes() {
        assert_eq!(text_value(b"https://a.example/x"), "https://a.example/x");
        assert_eq!(
            text_value(b"https://a.example/\xe9t\xc3\xa9"),
            "https://a.example/%E9té"
        );
        assert_eq!(unbracket(b"<urn:uuid:1>"), b"urn:uuid:1");
        assert_eq!(unbracket(b"urn:uuid:1"), b"urn:uuid:1");
        assert_eq!(trim(b" \tx y\t "), b"x y");
        assert_eq!(parse_length(b"0"), Some(0));
        assert_eq!(parse_length(b""), None);
    }
}
