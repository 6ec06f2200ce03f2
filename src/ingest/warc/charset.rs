//! Which character encoding a page is in, and its text in UTF-8 (`encoding_rs`, the WHATWG
//! Encoding Standard's labels and decoders).
//!
//! The order is the HTML standard's: a byte-order mark; else the HTTP `Content-Type` charset;
//! else a `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the
//! first 1,024 bytes (a simplified form of the standard's prescan: comments skipped, quoted and
//! unquoted attribute values). A label the standard does not know is ignored, as browsers ignore
//! it, and the next source is tried. A `<meta>` that names UTF-16 means UTF-8 (the standard's
//! rule: a page that could read its own `<meta>` as ASCII is not UTF-16). With no usable
//! declaration, a page that is valid UTF-8 is UTF-8, and any other is windows-1252 (the
//! standard's fallback for most locales; its labels `iso-8859-1`, `latin1` and `ascii` mean
//! windows-1252 too). Bytes that are invalid in the chosen encoding become U+FFFD, as in a
//! browser; [`Decoded::replaced`] tells when that happened.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How many bytes of the page the `<meta>` prescan reads (the HTML standard's figure).
const PRESCAN: usize = 1024;

/// Where the encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Http,
    /// A `<meta>` element.
    Meta,
    /// No declaration: valid UTF-8.
    Utf8,
    /// No declaration, not UTF-8: the windows-1252 fallback.
    Fallback,
}

/// A page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: &'static Encoding,
    /// Where that encoding came from.
    pub source: Source,
    /// Some bytes were invalid in the encoding and became U+FFFD.
    pub replaced: bool,
}

/// Decodes `body`; `http_charset` is the `charset` parameter of the HTTP `Content-Type`.
pub(super) fn decode(body: Vec<u8>, http_charset: Option<&str>) -> Decoded {
    let (encoding, source) = detect(&body, http_charset);
    if encoding == UTF_8 {
        let skip = if body.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let body = match body.get(skip..) {
            Some(rest) if skip > 0 => rest.to_vec(),
            _ => body,
        };
        // the common case: valid UTF-8, taken without a copy
        return match String::from_utf8(body) {
            Ok(text) => Decoded {
                text,
                encoding,
                source,
                replaced: false,
            },
            Err(e) => {
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                Decoded {
                    text,
                    encoding,
                    source,
                    replaced: true,
                }
            }
        };
    }
    let (text, replaced) = encoding.decode_with_bom_removal(&body);
    Decoded {
        text: text.into_owned(),
        encoding,
        source,
        replaced,
    }
}

/// The encoding of `body` and where it came from (see the module documentation).
pub(super) fn detect(body: &[u8], http_charset: Option<&str>) -> (&'static Encoding, Source) {
    if let Some((e, _)) = Encoding::for_bom(body) {
        return (e, Source::Bom);
    }
    if let Some(e) = http_charset.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        return (e, Source::Http);
    }
    if let Some(e) = prescan(body.get(..PRESCAN).unwrap_or(body)) {
        let e = if e == UTF_16BE || e == UTF_16LE {
            UTF_8
        } else if e.name() == "x-user-defined" {
            WINDOWS_1252
        } else {
            e
        };
        return (e, Source::Meta);
    }
    if std::str::from_utf8(body).is_ok() {
        (UTF_8, Source::Utf8)
    } else {
        (WINDOWS_1252, Source::Fallback)
    }
}

/// The first known encoding a `<meta>` in `head` declares.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    while let Some(i) = head
        .get(at..)
        .and_then(|h| h.iter().position(|&b| b == b'<'))
    {
        let tag = at + i;
        let rest = head.get(tag..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            // skip the comment (to its end, or the rest of the head)
            let end = find(rest, b"-->").map_or(head.len(), |j| tag + j + 3);
            at = end;
            continue;
        }
        at = tag + 1;
        let Some(after) = rest.get(5..) else {
            break;
        };
        let is_meta = rest
            .get(1..5)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"meta"))
            && after
                .first()
                .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/');
        if !is_meta {
            continue;
        }
        let attrs = attributes(after);
        let get = |name: &[u8]| {
            attrs
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_slice())
        };
        if let Some(e) = get(b"charset").and_then(|v| Encoding::for_label(trim(v))) {
            return Some(e);
        }
        let http_equiv =
            get(b"http-equiv").is_some_and(|v| trim(v).eq_ignore_ascii_case(b"content-type"));
        if http_equiv {
            if let Some(e) = get(b"content").and_then(charset_in_content) {
                return Some(e);
            }
        }
    }
    None
}

/// The attributes of a tag, from after its name to its `>` (names lower-cased by the caller's
/// comparison; values unquoted).
fn attributes(tag: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| tag.get(i).copied();
    loop {
        while at(i).is_some_and(|b| b.is_ascii_whitespace() || b == b'/') {
            i += 1;
        }
        match at(i) {
            None | Some(b'>') => break,
            _ => {}
        }
        let start = i;
        while at(i).is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/')) {
            i += 1;
        }
        let name = tag.get(start..i).unwrap_or_default().to_vec();
        while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        let mut value = Vec::new();
        if at(i) == Some(b'=') {
            i += 1;
            while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            match at(i) {
                Some(q @ (b'"' | b'\'')) => {
                    i += 1;
                    let s = i;
                    while at(i).is_some_and(|b| b != q) {
                        i += 1;
                    }
                    value = tag.get(s..i).unwrap_or_default().to_vec();
                    i += 1;
                }
                _ => {
                    let s = i;
                    while at(i).is_some_and(|b| !b.is_ascii_whitespace() && b != b'>') {
                        i += 1;
                    }
                    value = tag.get(s..i).unwrap_or_default().to_vec();
                }
            }
        }
        if name.is_empty() {
            // a lone "=": step over it
            i += 1;
        } else {
            out.push((name, value));
        }
        if out.len() > 64 {
            break;
        }
    }
    out
}

/// The encoding named by `charset=` in a `content` attribute (`text/html; charset=utf-8`).
fn charset_in_content(content: &[u8]) -> Option<&'static Encoding> {
    let lower = content.to_ascii_lowercase();
    let i = find(&lower, b"charset")?;
    let rest = trim(content.get(i + 7..)?);
    let rest = trim(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    Encoding::for_label(rest.get(..end)?)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim(v: &[u8]) -> &[u8] {
    v.trim_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declaration_order_is_bom_http_meta() {
        let page =
            b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8</body></html>";
        assert_eq!(
            detect(page, None),
            (encoding_rs::WINDOWS_1251, Source::Meta)
        );
        assert_eq!(
            detect(page, Some("ISO-8859-2")),
            (encoding_rs::ISO_8859_2, Source::Http)
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(page);
        assert_eq!(detect(&bom, Some("ISO-8859-2")), (UTF_8, Source::Bom));
        assert!(decode(page.to_vec(), None).text.contains("При"));
    }

    #[test]
    fn unknown_labels_are_ignored() {
        let page =
            b"<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>\xf0\xd2\xc9";
        assert_eq!(
            detect(page, Some("no-such-charset")),
            (encoding_rs::KOI8_R, Source::Meta)
        );
        assert_eq!(
            detect(b"<meta charset=bogus>caf\xe9", Some("bogus")),
            (WINDOWS_1252, Source::Fallback)
        );
        assert_eq!(
            detect("<p>café</p>".as_bytes(), None),
            (UTF_8, Source::Utf8)
        );
    }

    #[test]
    fn latin1_is_windows_1252_and_meta_utf16_is_utf8() {
        let d = decode(
            b"<p>\x93Quoted\x94 caf\xe9</p>".to_vec(),
            Some("iso-8859-1"),
        );
        assert_eq!(d.text, "<p>\u{201c}Quoted\u{201d} café</p>");
        assert_eq!(d.encoding, WINDOWS_1252);
        assert!(!d.replaced);
        assert_eq!(
            detect(b"<meta charset=utf-16le><p>x</p>", None),
            (UTF_8, Source::Meta)
        );
    }

    #[test]
    fn meta_in_comments_and_late_meta_do_not_count() {
        let page = b"<!-- <meta charset=koi8-r> --><meta charset=windows-1250>";
        assert_eq!(detect(page, None).0, encoding_rs::WINDOWS_1250);
        let mut late = vec![b' '; PRESCAN];
        late.extend_from_slice(b"<meta charset=koi8-r>\xe9");
        assert_eq!(detect(&late, None), (WINDOWS_1252, Source::Fallback));
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let d = decode(b"<p>ok \xff ok</p>".to_vec(), Some("utf-8"));
        assert_eq!(d.text, "<p>ok \u{fffd} ok</p>");
        assert!(d.replaced);
        let d = decode(b"\xEF\xBB\xBF<p>x</p>".to_vec(), None);
        assert_eq!((d.text.as_str(), d.source), ("<p>x</p>", Source::Bom));
    }
}
