//! Pre-parse sanitizing: a light tag scan that flattens nesting deeper than [`MAX_NESTING`]
//! and drops attributes past [`MAX_ATTRIBUTES`], so html5ever's work stays linear in the page.

// ---------------------------------------------------------------------------------------------
// Nesting limit

/// Deepest element nesting passed to the parser. html5ever checks element scopes by walking
/// the stack of open elements, so its cost grows with depth × tags; like browsers, which
/// flatten absurdly deep trees, start tags past this depth are dropped (with their end tags).
pub(super) const MAX_NESTING: usize = 256;

/// Drops start tags (and their matching end tags) nested deeper than `max`, counting depth with
/// a light tag scan (comments, raw-text elements, void elements and quoted attribute values
/// understood), and the attributes of a tag past [`MAX_ATTRIBUTES`]. Returns the input
/// unchanged, without copying, when nothing is that deep or that long.
pub(super) fn limit_nesting(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    // Open elements: (name, dropped?)
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut depth_kept = 0usize;
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = bytes.get(i..).and_then(memchr_lt) {
        let start = i + off;
        i = start + 1;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment
                .find("-->")
                .map_or(bytes.len(), |e| start + 4 + e + 3);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = start + 1 + closing as usize;
        let name_len = bytes
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name = html
            .get(name_start..name_start + name_len)
            .unwrap_or("")
            .to_ascii_lowercase();
        // the tag ends at its first '>' outside a quoted attribute value, as for the tokenizer
        let tag = scan_tag(bytes, name_start + name_len, MAX_ATTRIBUTES);
        let Some(gt) = tag.end else {
            // the input ends inside this tag: the tokenizer drops it at the end, but reads its
            // attributes first
            cuts.extend(tag.overflow.map(|from| from..bytes.len()));
            break;
        };
        i = gt + 1;
        // past MAX_ATTRIBUTES, the attributes are dropped (the tokenizer's duplicate check
        // costs attributes²); a tag dropped as a whole below needs no attribute cut
        let attr_cut = tag.overflow.map(|from| from..gt);
        if closing {
            let mut dropped = false;
            // Close the nearest open element of that name, looking a bounded way down.
            if let Some(pos) = open.iter().rev().take(1024).position(|(n, _)| *n == name) {
                let at = open.len() - 1 - pos;
                dropped = open.get(at).is_some_and(|o| o.1);
                for (_, d) in open.drain(at..) {
                    if !d {
                        depth_kept = depth_kept.saturating_sub(1);
                    }
                }
            }
            if dropped {
                cuts.push(start..i);
            } else {
                cuts.extend(attr_cut);
            }
            continue;
        }
        let self_closing = html.get(..gt).is_some_and(|h| h.ends_with('/'));
        let raw_text = matches!(
            name.as_str(),
            "script"
                | "style"
                | "textarea"
                | "title"
                | "xmp"
                | "iframe"
                | "noembed"
                | "noframes"
                | "noscript"
                | "plaintext"
        );
        let implied = matches!(
            name.as_str(),
            "p" | "li" | "dt" | "dd" | "option" | "tr" | "td" | "th"
        );
        // the end tag that closes a raw-text element's body
        let close = (raw_text && !self_closing).then(|| format!("</{name}"));
        if self_closing || is_void(&name) || raw_text || implied {
            cuts.extend(attr_cut);
        } else if depth_kept >= max {
            cuts.push(start..i);
            open.push((name, true));
        } else {
            depth_kept += 1;
            open.push((name, false));
            cuts.extend(attr_cut);
        }
        if let Some(close) = close {
            let lower_rest = html.get(i..).unwrap_or("");
            i = find_ci(lower_rest, &close).map_or(bytes.len(), |e| i + e);
        }
    }
    if cuts.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for c in cuts {
        if c.start >= last {
            out.push_str(&html[last..c.start]);
            last = c.end;
        }
    }
    out.push_str(&html[last..]);
    std::borrow::Cow::Owned(out)
}

/// Attributes kept on one tag; the rest are dropped before parsing. Real pages stay far
/// below (a few dozen at most); html5ever checks each new attribute against all earlier ones.
pub(super) const MAX_ATTRIBUTES: usize = 512;

/// Where a tag ends and where its attributes overflow, from [`scan_tag`].
pub(super) struct TagScan {
    /// Offset of the `>` closing the tag; `None` when the input ends first.
    pub(super) end: Option<usize>,
    /// Offset of the first attribute past the limit, if there are more.
    pub(super) overflow: Option<usize>,
}

/// Scans a tag from `from` (inside its name) the way the HTML tokenizer does: the rest of the
/// name, then attributes (`name`, `name=value`, `name="…"`, `name='…'`, separated by
/// whitespace or `/`), up to the `>` outside quotes. Linear in the tag length.
pub(super) fn scan_tag(b: &[u8], from: usize, max_attributes: usize) -> TagScan {
    let ws = |c: Option<&u8>| matches!(c, Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'));
    let mut i = from;
    // the rest of the tag name
    while b
        .get(i)
        .is_some_and(|&c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
    {
        i += 1;
    }
    let mut count = 0usize;
    let mut overflow = None;
    loop {
        while ws(b.get(i)) || b.get(i) == Some(&b'/') {
            i += 1;
        }
        match b.get(i) {
            None => {
                return TagScan {
                    end: None,
                    overflow,
                }
            }
            Some(b'>') => {
                return TagScan {
                    end: Some(i),
                    overflow,
                }
            }
            Some(_) => {}
        }
        count += 1;
        if count == max_attributes + 1 {
            overflow = Some(i);
        }
        // the name: its first character may be anything, even '='
        i += 1;
        while b.get(i).is_some_and(|&c| {
            !matches!(
                c,
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        }) {
            i += 1;
        }
        while ws(b.get(i)) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while ws(b.get(i)) {
            i += 1;
        }
        match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = b.get(i + 1..).and_then(|r| r.iter().position(|&c| c == q));
                match close {
                    Some(p) => i += p + 2,
                    None => {
                        return TagScan {
                            end: None,
                            overflow,
                        }
                    }
                }
            }
            // an unquoted value runs to whitespace or '>'
            _ => {
                while b
                    .get(i)
                    .is_some_and(|&c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>'))
                {
                    i += 1;
                }
            }
        }
    }
}

pub(super) fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle` in `hay`.
pub(super) fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    h.windows(n.len())
        .position(|w| w.first() == Some(&b'<') && w.eq_ignore_ascii_case(n))
}

pub(super) fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}
