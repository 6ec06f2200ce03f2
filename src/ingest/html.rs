//! HTML article extraction: one saved news page in, its metadata and main text out.
//!
//! [`extract`] parses a page with `scraper` (html5ever), reads the metadata that publishers
//! declare (JSON-LD `NewsArticle`, Open Graph, `<meta>`, `<link rel=canonical>`, `<time>`,
//! `<html lang>`) and finds the article body with a readability-style scorer:
//!
//! 1. The DOM is copied into a flat arena (document order, parents before children), dropping
//!    subtrees that never hold article text: scripts, styles, navigation, headers, footers,
//!    asides, figures and captions, form controls, hidden nodes.
//! 2. A pruned copy also drops subtrees whose class/id words mark boilerplate
//!    (`lexicons/html_hints.tsv`: share widgets, related links, comments, cookie notices, …).
//!    Weak words ("header", "widget") spare elements holding a large share of the page's prose,
//!    since page-wide wrappers carry them too; if pruning leaves next to nothing, the
//!    unpruned copy is used.
//! 3. Every block that owns text is a paragraph; paragraphs score by length and commas,
//!    discounted by link density, and pass their score to nearby ancestors. The best ancestor
//!    wins, with its siblings that score close to it, plus other copies of its markup nearby
//!    (bodies split into sections around figures or ads).
//! 4. A complete JSON-LD `articleBody` pins the container instead: the deepest element holding
//!    the paragraphs whose text it contains. A truncated one ("…") or a mere lead-in is ignored;
//!    one with no counterpart in the DOM (client-side rendering) becomes the body itself.
//! 5. The container is written out block by block, one paragraph per line (a table row per
//!    line), skipping link-dense blocks, `<h1>`, the title, bylines and short boilerplate lines.
//!
//! Every traversal uses an explicit stack or index order, so deeply nested input cannot
//! overflow the call stack. Nesting deeper than `MAX_NESTING` is flattened before parsing
//! (html5ever's scope checks cost depth × tags), and attributes past `MAX_ATTRIBUTES` on one
//! tag are dropped (its duplicate-attribute check costs attributes²), which keeps the work linear
//! in the page size.

use std::collections::HashSet;
use std::sync::OnceLock;

use scraper::{Html, Node};
use serde_json::Value;

/// Metadata and main text of one HTML news page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// JSON-LD headline, else `og:title`, else `<title>` (a trailing " - Site" that names the
    /// publisher is trimmed).
    pub title: Option<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Author names, in page order, without duplicates.
    pub authors: Vec<String>,
    /// JSON-LD `publisher.name`, else `og:site_name`.
    pub publisher: Option<String>,
    /// Canonical link, else `og:url`, else JSON-LD `url`.
    pub url: Option<String>,
    /// Primary language subtag of `<html lang>`, lower case ("en").
    pub language: Option<String>,
    /// Main text: paragraphs joined by "\n", whitespace collapsed inside each paragraph.
    pub body: String,
}

/// Extracts metadata and main text from an HTML page. Never panics; unknown or broken markup
/// yields empty fields rather than an error.
pub fn extract(html: &str) -> HtmlArticle {
    let html = limit_nesting(html, MAX_NESTING);
    let doc = Html::parse_document(&html);
    let meta = Meta::collect(&doc);
    let title = meta.title();
    let mut article = HtmlArticle {
        published: meta.published(),
        authors: meta.authors(),
        publisher: meta.publisher(),
        url: meta.url(),
        language: meta.language(),
        body: String::new(),
        title,
    };
    let ld_body = meta
        .ld_str("articleBody")
        .map(|b| strip_tags(&b))
        .filter(|b| b.len() > 200);

    let full = Arena::build(&doc);
    let strict = full.pruned();
    let mut body = strict.main_text(ld_body.as_deref(), article.title.as_deref());
    let mut first: Option<String> = None;
    // Retry without class-based pruning when it left (almost) nothing, or much less than the
    // complete JSON-LD body says there is.
    let short_of_ld = ld_body
        .as_deref()
        .is_some_and(|ld| !is_truncated(ld) && body.len() * 2 < ld.len());
    if body.len() < 250 || short_of_ld {
        first = Some(std::mem::replace(
            &mut body,
            full.main_text(ld_body.as_deref(), article.title.as_deref()),
        ));
    }
    if let Some(first) = first {
        // The retry keeps whatever class pruning removed: prefer it when its length is closer
        // to the JSON-LD body's, or, without one, when the first pass found almost nothing.
        let keep_first = match &ld_body {
            Some(ld) => first.len().abs_diff(ld.len()) <= body.len().abs_diff(ld.len()),
            None => first.len() >= body.len(),
        };
        if keep_first {
            body = first;
        }
    }
    if let Some(ld) = &ld_body {
        // Pages that hide the body from the DOM (paywalls, client-side rendering) still
        // declare it in JSON-LD.
        if body.len() * 10 < ld.len() * 3 {
            body = ld
                .lines()
                .map(collapse_ws)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    article.body = body;
    article
}

// ---------------------------------------------------------------------------------------------
// Nesting limit

/// Deepest element nesting passed to the parser. html5ever checks element scopes by walking
/// the stack of open elements, so its cost grows with depth × tags; like browsers, which
/// flatten absurdly deep trees, start tags past this depth are dropped (with their end tags).
const MAX_NESTING: usize = 256;

/// Drops start tags (and their matching end tags) nested deeper than `max`, counting depth with
/// a light tag scan (comments, raw-text elements, void elements and quoted attribute values
/// understood), and the attributes of a tag past [`MAX_ATTRIBUTES`]. Returns the input
/// unchanged, without copying, when nothing is that deep or that long.
fn limit_nesting(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
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

/// Adds `v[i]` to `v[parent]` (nothing when `parent` is [`NONE`]): the step of a bottom-up sum
/// over an arena walked backwards.
fn add_to_parent(v: &mut [usize], i: usize, parent: usize) {
    let x = v.get(i).copied().unwrap_or(0);
    if let Some(p) = v.get_mut(parent) {
        *p += x;
    }
}

/// Attributes kept on one tag; the rest are dropped before parsing. Real pages stay far
/// below (a few dozen at most); html5ever checks each new attribute against all earlier ones.
const MAX_ATTRIBUTES: usize = 512;

/// Where a tag ends and where its attributes overflow, from [`scan_tag`].
struct TagScan {
    /// Offset of the `>` closing the tag; `None` when the input ends first.
    end: Option<usize>,
    /// Offset of the first attribute past the limit, if there are more.
    overflow: Option<usize>,
}

/// Scans a tag from `from` (inside its name) the way the HTML tokenizer does: the rest of the
/// name, then attributes (`name`, `name=value`, `name="…"`, `name='…'`, separated by
/// whitespace or `/`), up to the `>` outside quotes. Linear in the tag length.
fn scan_tag(b: &[u8], from: usize, max_attributes: usize) -> TagScan {
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

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle` in `hay`.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    h.windows(n.len())
        .position(|w| w.first() == Some(&b'<') && w.eq_ignore_ascii_case(n))
}

fn is_void(tag: &str) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Hint lexicon

const HINTS_TSV: &str = include_str!("../../lexicons/html_hints.tsv");

#[derive(Default)]
struct Hints {
    pos_token: HashSet<String>,
    pos_sub: Vec<String>,
    neg_token: HashSet<String>,
    neg_sub: Vec<String>,
    strong_token: HashSet<String>,
    strong_sub: Vec<String>,
    boiler_prefix: Vec<String>,
    boiler_exact: HashSet<String>,
    safe: HashSet<String>,
    tail: Vec<String>,
}

fn hints() -> &'static Hints {
    static HINTS: OnceLock<Hints> = OnceLock::new();
    HINTS.get_or_init(|| {
        let mut h = Hints::default();
        for line in HINTS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(kind), Some(how), Some(value)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let value = value.trim().to_lowercase();
            match (kind, how) {
                ("pos", "token") => drop(h.pos_token.insert(value)),
                ("pos", _) => h.pos_sub.push(value),
                ("neg", "token") => drop(h.neg_token.insert(value)),
                ("neg", _) => h.neg_sub.push(value),
                ("strong", "token") => drop(h.strong_token.insert(value)),
                ("strong", _) => h.strong_sub.push(value),
                ("safe", _) => drop(h.safe.insert(value)),
                ("tail", _) => h.tail.push(value),
                ("boiler", "exact") => drop(h.boiler_exact.insert(value)),
                ("boiler", _) => h.boiler_prefix.push(value),
                _ => {}
            }
        }
        h
    })
}

/// What the class and id words of an element say about it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct ClassHint {
    pos: bool,
    neg: bool,
    strong: bool,
    /// `aria-hidden="true"`: hidden from readers, but pages saved with a modal open mark the
    /// whole article that way, so it is only a pruning hint.
    aria_hidden: bool,
}

impl ClassHint {
    fn of(class_id: &str) -> ClassHint {
        let h = hints();
        let mut out = ClassHint::default();
        for tok in class_tokens(class_id) {
            if h.safe.contains(&tok) {
                continue;
            }
            let has = |set: &HashSet<String>, subs: &[String]| {
                set.contains(&tok) || subs.iter().any(|s| tok.contains(s.as_str()))
            };
            out.pos |= has(&h.pos_token, &h.pos_sub);
            out.neg |= has(&h.neg_token, &h.neg_sub);
            out.strong |= has(&h.strong_token, &h.strong_sub);
        }
        out
    }

    fn weight(self) -> f64 {
        let mut w = 0.0;
        if self.pos {
            w += 25.0;
        }
        if self.neg || self.strong {
            w -= 25.0;
        }
        w
    }

    /// Boilerplate by its name: a strong word, or a weak one with no content word beside it.
    fn prunable(self) -> bool {
        self.strong || (self.neg && !self.pos)
    }
}

/// Splits class and id values into lower-case words at non-alphanumerics and camelCase humps.
fn class_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A closing line that asks the reader to follow, subscribe or write in.
fn is_sign_off(line: &str) -> bool {
    if line.chars().count() >= 300 {
        return false;
    }
    let lower = line.to_lowercase();
    hints().tail.iter().any(|p| lower.contains(p.as_str()))
}

/// A short line that is only a date or time stamp ("Updated at 1:23 p.m.", "August 08, 2018").
fn is_timestamp(line: &str) -> bool {
    // "— Name (@handle) November 18, 2019" closes an embedded post: keep it.
    if line.contains('@') || line.starts_with(['—', '–', '-']) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 8
        || line.ends_with(['.', '!', '?']) && !line.ends_with("m.")
    {
        return false;
    }
    let lower = line.to_lowercase();
    let clock = lower.as_bytes().windows(4).any(|w| {
        matches!(w, [a, b':', c, d] if a.is_ascii_digit() && c.is_ascii_digit() && d.is_ascii_digit())
    }) || lower.as_bytes().windows(5).any(|w| {
        matches!(w, [a, b, b':', c, d]
            if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() && d.is_ascii_digit())
    });
    let month = lower.split(|c: char| !c.is_alphabetic()).any(|w| {
        w.len() >= 3
            && MONTHS.iter().any(|m| w.starts_with(m))
            && FULL_MONTHS.iter().any(|f| f.starts_with(w))
    });
    let year = words.iter().any(|w| {
        let d: String = w.chars().filter(char::is_ascii_digit).collect();
        d.len() == 4 && (1990..=2100).contains(&d.parse::<u32>().unwrap_or(0))
    });
    clock || (month && year)
}

const FULL_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_boilerplate_line(line: &str) -> bool {
    let h = hints();
    let lower = line.to_lowercase();
    let bare = lower.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    if h.boiler_exact.contains(bare) {
        return true;
    }
    lower.chars().count() < 120
        && h.boiler_prefix
            .iter()
            .any(|p| lower.starts_with(p.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Tags

/// Subtrees that never hold article text.
fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "label"
            | "nav"
            | "footer"
            | "aside"
            | "figure"
            | "figcaption"
            | "picture"
            | "video"
            | "audio"
            | "source"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "dialog"
            | "header"
            | "menu"
            | "map"
    )
}

/// Elements that start a new line of text.
fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "ul"
            | "caption"
            | "legend"
    )
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Readability's starting score for a candidate container, by tag.
fn tag_bonus(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Arena

const NONE: usize = usize::MAX;

struct ANode {
    parent: usize,
    /// Lower-case tag name; empty for text nodes.
    tag: String,
    text: String,
    children: Vec<usize>,
    hint: ClassHint,
    /// The raw class attribute.
    class: String,
    /// Nearest block ancestor (the block whose line this node's text joins).
    owner: usize,
    in_link: bool,
    depth: usize,
}

/// A flat copy of the DOM (document order, parents before children) with per-node counts.
///
/// Invariant, established by [`Arena::build`] and kept by [`Arena::pruned`] (the only
/// constructors, both through [`Arena::from_nodes`]): every node id stored anywhere (`parent`,
/// `owner`, `children`, the ids the methods compute and pass around) is [`NONE`] or
/// `< nodes.len()`; ids are in preorder, so `parent < id` and the subtree of `i` is
/// `i..i + size[i]` (within `0..nodes.len()`); every per-node vector has `nodes.len()` entries.
/// Methods that index the arena rely on it and say so with an `expect` of
/// `clippy::indexing_slicing`; [`NONE`] is always compared before it is used as an index.
struct Arena {
    nodes: Vec<ANode>,
    /// Collapsed text length of each subtree, in chars.
    text_len: Vec<usize>,
    /// Part of `text_len` inside links.
    link_len: Vec<usize>,
    /// Text owned directly by a block (inline descendants, not nested blocks).
    own_text: Vec<String>,
    own_link: Vec<usize>,
    /// Subtree sizes in nodes.
    size: Vec<usize>,
}

impl Arena {
    /// Copies the DOM, dropping only what can never be article text (see [`is_dropped_tag`])
    /// and what markup hides unconditionally. Class hints are recorded, not applied.
    fn build(doc: &Html) -> Arena {
        let mut nodes: Vec<ANode> = Vec::new();
        let mut hint_cache: std::collections::HashMap<String, ClassHint> =
            std::collections::HashMap::new();
        let root = doc.tree.root();
        let mut stack = Vec::new();
        for child in root.children().rev() {
            stack.push((child, NONE));
        }
        while let Some((node, parent)) = stack.pop() {
            // `parent` is NONE (no node) or a node pushed before
            let (pdepth, powner, plink, pblock) = match nodes.get(parent) {
                None => (0, NONE, false, false),
                Some(p) => (p.depth + 1, p.owner, p.in_link, is_block_tag(&p.tag)),
            };
            let owner = if pblock { parent } else { powner };
            match node.value() {
                Node::Text(t) => {
                    if parent == NONE {
                        continue;
                    }
                    let idx = nodes.len();
                    nodes.push(ANode {
                        parent,
                        tag: String::new(),
                        text: t.to_string(),
                        children: Vec::new(),
                        hint: ClassHint::default(),
                        class: String::new(),
                        owner,
                        in_link: plink,
                        depth: pdepth,
                    });
                    if let Some(p) = nodes.get_mut(parent) {
                        p.children.push(idx);
                    }
                }
                Node::Element(e) => {
                    let tag = e.name().to_ascii_lowercase();
                    if is_dropped_tag(&tag) || is_hidden(e) {
                        continue;
                    }
                    let mut class_id = String::new();
                    if let Some(c) = e.attr("class") {
                        class_id.push_str(c);
                    }
                    if let Some(i) = e.attr("id") {
                        class_id.push(' ');
                        class_id.push_str(i);
                    }
                    // Pages repeat the same class strings many times over.
                    let mut hint = match hint_cache.get(&class_id) {
                        Some(h) => *h,
                        None => {
                            let h = ClassHint::of(&class_id);
                            hint_cache.insert(class_id.clone(), h);
                            h
                        }
                    };
                    if let Some(role) = e.attr("role") {
                        let role = role.to_ascii_lowercase();
                        hint.neg |= matches!(
                            role.as_str(),
                            "navigation"
                                | "complementary"
                                | "banner"
                                | "contentinfo"
                                | "dialog"
                                | "alert"
                                | "menu"
                                | "menubar"
                                | "toolbar"
                                | "search"
                        );
                    }
                    hint.aria_hidden = e.attr("aria-hidden") == Some("true");
                    let idx = nodes.len();
                    let in_link = plink || tag == "a";
                    nodes.push(ANode {
                        parent,
                        tag,
                        text: String::new(),
                        children: Vec::new(),
                        hint,
                        class: e.attr("class").unwrap_or("").trim().to_string(),
                        owner,
                        in_link,
                        depth: pdepth,
                    });
                    if let Some(p) = nodes.get_mut(parent) {
                        p.children.push(idx);
                    }
                    for child in node.children().rev() {
                        stack.push((child, idx));
                    }
                }
                Node::Document | Node::Fragment => {
                    for child in node.children().rev() {
                        stack.push((child, parent));
                    }
                }
                _ => {}
            }
        }

        Arena::from_nodes(nodes)
    }

    /// Computes the per-node counts over a finished node list.
    fn from_nodes(nodes: Vec<ANode>) -> Arena {
        let n = nodes.len();
        let mut text_len = vec![0usize; n];
        let mut link_len = vec![0usize; n];
        let mut own_text = vec![String::new(); n];
        let mut own_link = vec![0usize; n];
        for ((node, tl), ll) in nodes.iter().zip(&mut text_len).zip(&mut link_len) {
            if node.tag.is_empty() && node.owner != NONE {
                let len = collapsed_len(&node.text);
                if let Some(buf) = own_text.get_mut(node.owner) {
                    buf.push_str(&node.text);
                }
                if node.in_link {
                    if let Some(l) = own_link.get_mut(node.owner) {
                        *l += len;
                    }
                }
                *tl = len;
                if node.in_link {
                    *ll = len;
                }
            } else if matches!(node.tag.as_str(), "br" | "td" | "th") {
                if let Some(buf) = own_text.get_mut(node.owner) {
                    buf.push(' ');
                }
            }
        }
        let mut size = vec![1usize; n];
        // children after parents: summing backwards adds each finished subtree to its parent
        for (i, node) in nodes.iter().enumerate().rev() {
            for v in [&mut text_len, &mut link_len, &mut size] {
                add_to_parent(v, i, node.parent);
            }
        }
        Arena {
            nodes,
            text_len,
            link_len,
            own_text,
            own_link,
            size,
        }
    }

    /// A copy without the subtrees that class/id hints mark as boilerplate. A weak hint
    /// ("header", "widget") is ignored on a node that holds a large share of the page's prose:
    /// such names also appear on page-wide wrappers.
    fn pruned(&self) -> Arena {
        let n = self.nodes.len();
        let paras = self.paragraphs();
        let good = self.good_text(&paras);
        let total_good = self
            .nodes
            .iter()
            .zip(&good)
            .filter(|(nd, _)| nd.parent == NONE)
            .map(|(_, &g)| g)
            .sum::<usize>();
        // new id of each kept node; NONE for a dropped one (and its whole subtree)
        let mut remap = vec![NONE; n];
        let mut nodes: Vec<ANode> = Vec::with_capacity(n);
        for (i, node) in self.nodes.iter().enumerate() {
            let p = node.parent;
            // parents come first, so a dropped parent is already NONE in `remap`
            if p != NONE && remap.get(p).is_none_or(|&r| r == NONE) {
                continue;
            }
            let structural = matches!(node.tag.as_str(), "html" | "body" | "main" | "article");
            let h = node.hint;
            let g = good.get(i).copied().unwrap_or(0);
            let big = g * 4 >= total_good && g > 0;
            let prune = !node.tag.is_empty()
                && !structural
                && ((h.strong && !self.wraps_quote(i))
                    || (((h.neg && !h.pos) || h.aria_hidden) && !big));
            if prune {
                continue;
            }
            let idx = nodes.len();
            if let Some(r) = remap.get_mut(i) {
                *r = idx;
            }
            let map = |j: usize| remap.get(j).copied().unwrap_or(NONE);
            nodes.push(ANode {
                parent: map(p),
                tag: node.tag.clone(),
                text: node.text.clone(),
                children: Vec::new(),
                hint: node.hint,
                class: node.class.clone(),
                owner: map(node.owner),
                in_link: node.in_link,
                depth: node.depth,
            });
            if let Some(pn) = nodes.get_mut(map(p)) {
                pn.children.push(idx);
            }
        }
        Arena::from_nodes(nodes)
    }

    /// Embedded posts (tweets and the like) sit in a `<blockquote>` inside a wrapper whose
    /// class names the social network or the embed; the quoted text belongs to the article.
    fn wraps_quote(&self, i: usize) -> bool {
        let node = |j: usize| self.nodes.get(j);
        let quote = |j: usize| node(j).is_some_and(|n| n.tag == "blockquote");
        node(i).is_some_and(|n| {
            n.children.iter().any(|&c| {
                quote(c) || node(c).is_some_and(|cn| cn.children.iter().any(|&g| quote(g)))
            })
        })
    }

    fn link_density(&self, i: usize) -> f64 {
        match (self.text_len.get(i), self.link_len.get(i)) {
            (Some(&text), Some(&link)) if text > 0 => link as f64 / text as f64,
            _ => 0.0,
        }
    }

    /// Blocks that own at least some text, with their collapsed text.
    fn paragraphs(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, t) in self.own_text.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            let text = collapse_ws(t);
            if !text.is_empty() {
                out.push((i, text));
            }
        }
        out
    }

    /// Picks the container(s) of the article body and writes their text.
    fn main_text(&self, ld_body: Option<&str>, title: Option<&str>) -> String {
        if self.nodes.is_empty() {
            return String::new();
        }
        let paras = self.paragraphs();
        let roots = self.scored_containers(&paras);
        if let Some(ld) = ld_body.filter(|ld| !is_truncated(ld)) {
            if let Some(container) = self.container_from_ld(&paras, ld) {
                // A JSON-LD body that is a fraction of the prose the scorer found around it is
                // a lead-in, not the article: trust the scorer then.
                let good = self.good_text(&paras);
                let scored_good: usize = roots.iter().filter_map(|&r| good.get(r)).sum();
                let partial = roots.iter().any(|&r| self.is_ancestor(r, container))
                    && ld.chars().count() * 2 < scored_good;
                if !partial {
                    return self.render(&[container], title);
                }
            }
        }
        self.render(&roots, title)
    }

    /// The deepest node holding nearly all paragraphs whose text the JSON-LD body contains.
    fn container_from_ld(&self, paras: &[(usize, String)], ld: &str) -> Option<usize> {
        let ld_words = words(ld);
        let ld_shingles: HashSet<u64> = shingles(&ld_words).collect();
        if ld_shingles.is_empty() {
            return None;
        }
        let n = self.nodes.len();
        let mut matched = vec![0usize; n];
        let mut total = 0usize;
        for (i, text) in paras {
            let w = words(text);
            if w.len() < 4 {
                continue;
            }
            let all: Vec<u64> = shingles(&w).collect();
            let hit = all.iter().filter(|s| ld_shingles.contains(s)).count();
            if hit * 2 >= all.len() {
                if let Some(m) = matched.get_mut(*i) {
                    *m += w.len();
                }
                total += w.len();
            }
        }
        if total * 2 < ld_words.len() {
            return None;
        }
        for (i, node) in self.nodes.iter().enumerate().rev() {
            add_to_parent(&mut matched, i, node.parent);
        }
        let need = (total as f64 * 0.9).ceil() as usize;
        self.nodes
            .iter()
            .zip(&matched)
            .enumerate()
            .filter(|(_, (node, &m))| m >= need && !node.tag.is_empty())
            .max_by_key(|(_, (node, _))| node.depth)
            .map(|(i, _)| i)
    }

    /// Readability-style scoring: paragraphs feed their ancestors; the best ancestor and its
    /// qualifying siblings form the body.
    #[expect(
        clippy::indexing_slicing,
        reason = "every index is a node id that the Arena invariant keeps below nodes.len() (the \
                  length of `score` and of every per-node vector): `paras` ids come from \
                  own_text, `anc`/`p` are parents compared with NONE first, `i < end = scope + \
                  size[scope] <= nodes.len()` by preorder, and `cands` is checked non-empty"
    )]
    fn scored_containers(&self, paras: &[(usize, String)]) -> Vec<usize> {
        let n = self.nodes.len();
        let mut score = vec![f64::NAN; n];
        for (i, text) in paras {
            let i = *i;
            let tag = self.nodes[i].tag.as_str();
            if is_heading(tag) {
                continue;
            }
            let len = text.chars().count();
            if len < 25 {
                continue;
            }
            let ld = self.own_link[i] as f64 / len.max(1) as f64;
            if ld > 0.5 {
                continue;
            }
            let commas = text.matches([',', '،', '，']).count() as f64;
            let base = (1.0 + commas + (len as f64 / 100.0).min(3.0)) * (1.0 - ld);
            // The paragraph itself is a candidate when it is a container (div with text).
            let mut anc = if tag == "p" { self.nodes[i].parent } else { i };
            let mut level = 0usize;
            while anc != NONE && level < 5 {
                if score[anc].is_nan() {
                    let node = &self.nodes[anc];
                    score[anc] = tag_bonus(&node.tag) + node.hint.weight();
                }
                let div = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f64 * 3.0,
                };
                score[anc] += base / div;
                anc = self.nodes[anc].parent;
                level += 1;
            }
        }
        let mut cands: Vec<(usize, f64)> = (0..n)
            .filter(|&i| !score[i].is_nan())
            .map(|i| (i, score[i] * (1.0 - self.link_density(i))))
            .collect();
        if cands.is_empty() {
            return self.body_node().into_iter().collect();
        }
        cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let final_score = |i: usize| -> f64 {
            if score[i].is_nan() {
                f64::NAN
            } else {
                score[i] * (1.0 - self.link_density(i))
            }
        };
        let (mut top, top_score) = cands[0];

        // Several near-best candidates under one ancestor: the ancestor is the article.
        let alts: Vec<usize> = cands[1..cands.len().min(5)]
            .iter()
            .filter(|c| c.1 >= top_score * 0.75)
            .map(|c| c.0)
            .collect();
        if alts.len() >= 3 {
            let mut anc = self.nodes[top].parent;
            while anc != NONE && !matches!(self.nodes[anc].tag.as_str(), "body" | "html") {
                let inside = alts.iter().filter(|&&a| self.is_ancestor(anc, a)).count();
                if inside >= 3 {
                    top = anc;
                    break;
                }
                anc = self.nodes[anc].parent;
            }
        }
        // Climb through wrappers that add no text of their own.
        let mut chain = vec![top];
        loop {
            let p = self.nodes[top].parent;
            if p == NONE || matches!(self.nodes[p].tag.as_str(), "body" | "html") {
                break;
            }
            if self.text_len[p] <= self.text_len[top] + 20 {
                top = p;
                chain.push(p);
                continue;
            }
            break;
        }
        // A body split into sections (around figures, ads or pull quotes) repeats the markup of
        // the winning container: collect the other copies that hold prose.
        let good = self.good_text(paras);
        let signatures: Vec<(&str, &str)> = chain
            .iter()
            .filter(|&&c| !self.nodes[c].class.is_empty())
            .map(|&c| (self.nodes[c].tag.as_str(), self.nodes[c].class.as_str()))
            .collect();
        let mut extra = Vec::new();
        if !signatures.is_empty() {
            let (lo, hi) = (top, top + self.subtree_size(top));
            // Only near the winner: inside its grandparent.
            let mut scope = top;
            for _ in 0..2 {
                let p = self.nodes[scope].parent;
                if p == NONE || matches!(self.nodes[p].tag.as_str(), "body" | "html") {
                    break;
                }
                scope = p;
            }
            let mut i = scope;
            let end = scope + self.subtree_size(scope);
            while i < end {
                if i >= lo && i < hi {
                    i = hi;
                    continue;
                }
                let node = &self.nodes[i];
                if i < lo {
                    // An ancestor of the winner (preorder: it starts before and covers it).
                    if i + self.subtree_size(i) > lo {
                        i += 1;
                        continue;
                    }
                }
                if !node.class.is_empty()
                    && signatures.contains(&(node.tag.as_str(), node.class.as_str()))
                    && good[i] >= 50
                    && good[i] * 2 >= self.text_len[i]
                {
                    extra.push(i);
                    i += self.subtree_size(i);
                    continue;
                }
                i += 1;
            }
        }
        let top_score = final_score(top).max(top_score);

        // Siblings that look like more of the same article.
        let parent = self.nodes[top].parent;
        if parent == NONE {
            return vec![top];
        }
        let mut out = self.with_siblings(top, top_score, &final_score);
        for e in extra {
            if !out.iter().any(|&o| self.is_ancestor(o, e)) {
                out.push(e);
            }
        }
        out.sort_unstable();
        out
    }

    /// `top` and those of its siblings that score close to it or read like article paragraphs.
    fn with_siblings(
        &self,
        top: usize,
        top_score: f64,
        final_score: &dyn Fn(usize) -> f64,
    ) -> Vec<usize> {
        let Some(parent) = self.nodes.get(top).and_then(|t| self.nodes.get(t.parent)) else {
            return vec![top];
        };
        let threshold = (top_score * 0.2).max(10.0);
        let mut out = Vec::new();
        for &s in &parent.children {
            if s == top {
                out.push(s);
                continue;
            }
            let Some(node) = self.nodes.get(s) else {
                continue;
            };
            if node.tag.is_empty() {
                continue;
            }
            let sc = final_score(s);
            if !sc.is_nan() && sc >= threshold {
                out.push(s);
                continue;
            }
            if node.tag == "p" {
                let text = self
                    .own_text
                    .get(s)
                    .map_or_else(String::new, |t| collapse_ws(t));
                let len = text.chars().count();
                let ld = self.link_density(s);
                if (len > 80 && ld < 0.25)
                    || (len > 0
                        && len <= 80
                        && ld == 0.0
                        && text.ends_with(['.', '!', '?', '"', '”']))
                {
                    out.push(s);
                }
            }
        }
        out
    }

    /// Per subtree, the chars of paragraphs that read like article prose: long enough and
    /// with few links.
    fn good_text(&self, paras: &[(usize, String)]) -> Vec<usize> {
        let n = self.nodes.len();
        let mut good = vec![0usize; n];
        for (i, text) in paras {
            let (Some(node), Some(&own_link)) = (self.nodes.get(*i), self.own_link.get(*i)) else {
                continue;
            };
            let len = text.chars().count();
            if is_heading(&node.tag) || len < 25 {
                continue;
            }
            let ld = own_link as f64 / len as f64;
            let prose = len >= 80 || text.ends_with(['.', '!', '?', '"', '”', ':']);
            if prose && ld < 0.3 {
                if let Some(g) = good.get_mut(*i) {
                    *g += len;
                }
            }
        }
        for (i, node) in self.nodes.iter().enumerate().rev() {
            add_to_parent(&mut good, i, node.parent);
        }
        good
    }

    /// Number of arena nodes in the subtree of `i` (the subtree is `i..i + size` in preorder).
    /// At least 1, so walks that skip subtrees always move on.
    fn subtree_size(&self, i: usize) -> usize {
        self.size.get(i).copied().unwrap_or(1)
    }

    fn is_ancestor(&self, anc: usize, mut node: usize) -> bool {
        let Some(target_depth) = self.nodes.get(anc).map(|a| a.depth) else {
            return false;
        };
        while let Some(n) = self.nodes.get(node).filter(|n| n.depth > target_depth) {
            node = n.parent;
        }
        node == anc
    }

    fn body_node(&self) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.tag == "body")
            .or(if self.nodes.is_empty() { None } else { Some(0) })
    }

    /// Writes the text of `roots` one block per line, skipping boilerplate blocks.
    fn render(&self, roots: &[usize], title: Option<&str>) -> String {
        let title_key = title.map(|t| collapse_ws(t).to_lowercase());
        let mut lines: Vec<String> = Vec::new();
        let mut line = Line::default();
        // (node, entering?)
        let mut stack: Vec<(usize, bool)> = Vec::new();
        for &r in roots.iter().rev() {
            stack.push((r, true));
        }
        while let Some((i, enter)) = stack.pop() {
            let Some(node) = self.nodes.get(i) else {
                continue;
            };
            if node.tag.is_empty() {
                line.push(&node.text, node.in_link);
                continue;
            }
            let block = is_block_tag(&node.tag);
            if !enter {
                if block {
                    self.flush(&mut line, &mut lines, title_key.as_deref());
                }
                continue;
            }
            if node.tag == "br" {
                self.flush(&mut line, &mut lines, title_key.as_deref());
                continue;
            }
            if self.skip_in_body(i) {
                continue;
            }
            if matches!(node.tag.as_str(), "td" | "th") {
                line.buf.push(' ');
            }
            if block {
                self.flush(&mut line, &mut lines, title_key.as_deref());
            }
            stack.push((i, false));
            for &c in node.children.iter().rev() {
                stack.push((c, true));
            }
        }
        self.flush(&mut line, &mut lines, title_key.as_deref());
        // Sign-offs after the last paragraph: author contact, newsletter and follow prompts.
        while lines.last().is_some_and(|l| is_sign_off(l)) {
            lines.pop();
        }
        lines.join("\n")
    }

    /// Containers inside the body that are mostly links (related-story lists, tag clouds).
    fn skip_in_body(&self, i: usize) -> bool {
        let Some(node) = self.nodes.get(i) else {
            return false;
        };
        if node.tag == "h1" {
            return true;
        }
        if node.in_link
            || !matches!(
                node.tag.as_str(),
                "div" | "section" | "ul" | "ol" | "table" | "dl" | "p" | "li"
            )
        {
            return false;
        }
        if self.text_len.get(i).is_none_or(|&t| t == 0) {
            return false;
        }
        let ld = self.link_density(i);
        ld > 0.5 || (node.hint.prunable() && ld > 0.2 && !self.wraps_quote(i))
    }

    fn flush(&self, line: &mut Line, lines: &mut Vec<String>, title: Option<&str>) {
        let text = collapse_ws(&line.buf);
        let total = text.chars().count();
        let link = line.link_chars;
        line.buf.clear();
        line.link_chars = 0;
        if text.is_empty() {
            return;
        }
        if total > 0 && link * 2 > total {
            return;
        }
        if is_boilerplate_line(&text) {
            return;
        }
        let lower = text.to_lowercase();
        if title.is_some_and(|t| t == lower) {
            return;
        }
        if is_byline(&text) || is_timestamp(&text) {
            return;
        }
        if lines.last().is_some_and(|l| *l == text) {
            return;
        }
        lines.push(text);
    }
}

#[derive(Default)]
struct Line {
    buf: String,
    /// Chars of `buf` that sit inside links.
    link_chars: usize,
}

impl Line {
    fn push(&mut self, text: &str, in_link: bool) {
        if in_link {
            self.link_chars += collapsed_len(text);
        }
        self.buf.push_str(text);
    }
}

/// A teaser rather than the whole text: publishers cut `articleBody` with an ellipsis.
fn is_truncated(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('…') || t.ends_with("...") || t.ends_with("&hellip;") || t.ends_with("[…]")
}

fn is_byline(text: &str) -> bool {
    let lower = text.to_lowercase();
    text.chars().count() < 70
        && (lower.starts_with("by ")
            || lower.starts_with("written by")
            || lower.starts_with("reporting by"))
        && !text.ends_with('.')
}

/// Hidden by markup (`hidden`, inline `display:none`).
fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Text helpers

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}'
}

/// Collapses runs of whitespace to one space and trims.
fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if is_space(c) {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Length in chars that `s` would have after collapsing whitespace (leading space counted once).
fn collapsed_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_space = false;
    for c in s.chars() {
        if is_space(c) {
            if !in_space {
                n += 1;
            }
            in_space = true;
        } else {
            n += 1;
            in_space = false;
        }
    }
    n
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn shingles(words: &[String]) -> impl Iterator<Item = u64> + '_ {
    use std::hash::{Hash, Hasher};
    words.windows(4.min(words.len().max(1))).map(|w| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        w.hash(&mut h);
        h.finish()
    })
}

/// Removes markup from a JSON-LD text field (some publishers put HTML in `articleBody`),
/// turning block ends into line breaks.
fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match after.find('>') {
            Some(end) => {
                let tag = after[1..end].trim_start_matches('/').to_ascii_lowercase();
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if name == "br" || is_block_tag(&name) {
                    out.push('\n');
                } else {
                    out.push(' ');
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&hellip;", "…")
        .replace("&mdash;", "—")
        .replace("&ndash;", "–")
        .replace("&rsquo;", "’")
        .replace("&lsquo;", "‘")
        .replace("&ldquo;", "“")
        .replace("&rdquo;", "”")
        .replace("&amp;", "&")
}

// ---------------------------------------------------------------------------------------------
// Metadata

#[derive(Default)]
struct Meta {
    /// `(key, content)` of `<meta>` tags; key is the lower-cased `property`, `name` or `itemprop`.
    metas: Vec<(String, String)>,
    title_tag: Option<String>,
    canonical: Option<String>,
    lang: Option<String>,
    time_datetime: Option<String>,
    /// The JSON-LD object describing the article, if any.
    ld: Option<Value>,
}

impl Meta {
    fn collect(doc: &Html) -> Meta {
        let mut m = Meta::default();
        let mut ld_objects: Vec<Value> = Vec::new();
        for node in doc.tree.root().descendants() {
            let Node::Element(e) = node.value() else {
                continue;
            };
            match e.name() {
                "html" if m.lang.is_none() => {
                    m.lang = e.attr("lang").or(e.attr("xml:lang")).map(str::to_string);
                }
                "meta" => {
                    let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop"));
                    if let (Some(k), Some(c)) = (key, e.attr("content")) {
                        let c = collapse_ws(c);
                        if !c.is_empty() {
                            m.metas.push((k.trim().to_ascii_lowercase(), c));
                        }
                    }
                }
                "title" if m.title_tag.is_none() => {
                    let t: String = node
                        .children()
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    let t = collapse_ws(&t);
                    if !t.is_empty() {
                        m.title_tag = Some(t);
                    }
                }
                "link" => {
                    let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                    if m.canonical.is_none() && rel.split_whitespace().any(|r| r == "canonical") {
                        m.canonical = e
                            .attr("href")
                            .map(|h| h.trim().to_string())
                            .filter(|h| !h.is_empty());
                    }
                }
                "time" if m.time_datetime.is_none() => {
                    m.time_datetime = e.attr("datetime").map(str::to_string);
                }
                "script" => {
                    let ty = e.attr("type").unwrap_or("").to_ascii_lowercase();
                    if ty.contains("ld+json") {
                        let raw: String = node
                            .children()
                            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                            .collect();
                        if let Some(v) = parse_json_loose(&raw) {
                            ld_objects.push(v);
                        }
                    }
                }
                _ => {}
            }
        }
        m.ld = find_article_object(ld_objects);
        m
    }

    fn meta(&self, keys: &[&str]) -> Option<String> {
        for k in keys {
            if let Some((_, v)) = self.metas.iter().find(|(key, _)| key == k) {
                return Some(v.clone());
            }
        }
        None
    }

    fn ld_str(&self, key: &str) -> Option<String> {
        let v = self.ld.as_ref()?.get(key)?;
        value_text(v)
            .map(|s| collapse_ws_keep_lines(&s))
            .filter(|s| !s.is_empty())
    }

    fn publisher(&self) -> Option<String> {
        self.ld
            .as_ref()
            .and_then(|ld| ld.get("publisher"))
            .and_then(|p| match p {
                Value::Array(a) => a.first().and_then(name_of),
                other => name_of(other),
            })
            .or_else(|| self.meta(&["og:site_name"]))
    }

    fn title(&self) -> Option<String> {
        let raw = self
            .ld_str("headline")
            .map(|s| collapse_ws(&s))
            .or_else(|| self.meta(&["og:title", "twitter:title"]))
            .or_else(|| self.title_tag.clone())?;
        let raw = decode_entities(&raw);
        let sites: Vec<String> = [self.meta(&["og:site_name"]), self.publisher()]
            .into_iter()
            .flatten()
            .map(|s| alnum_key(&s))
            .filter(|s| !s.is_empty())
            .collect();
        Some(trim_site_suffix(&raw, &sites))
    }

    fn published(&self) -> Option<String> {
        let candidates = [
            self.ld_str("datePublished"),
            self.meta(&["article:published_time", "og:published_time"]),
            self.meta(&[
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "published_time",
                "article.published",
                "article_date_original",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
                "cxenseparse:recs:publishtime",
                "datepublished",
                "original-publish-date",
            ]),
            self.time_datetime.clone(),
        ];
        candidates
            .into_iter()
            .flatten()
            .find_map(|d| normalize_date(&d))
    }

    fn authors(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |name: String| {
            let name = clean_author(&name);
            if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                out.push(name);
            }
        };
        let ld_author = self.ld.as_ref().and_then(|ld| ld.get("author"));
        let has_ld = ld_author.is_some_and(|a| match a {
            Value::Array(items) => items.iter().any(|i| name_of(i).is_some()),
            other => name_of(other).is_some(),
        });
        if let Some(a) = ld_author {
            match a {
                Value::Array(items) => items.iter().filter_map(name_of).for_each(&mut push),
                other => {
                    if let Some(n) = name_of(other) {
                        push(n)
                    }
                }
            }
        }
        if !has_ld {
            for (k, v) in &self.metas {
                if matches!(
                    k.as_str(),
                    "author"
                        | "article:author"
                        | "dc.creator"
                        | "sailthru.author"
                        | "byl"
                        | "parsely-author"
                ) && !v.starts_with("http")
                {
                    push(v.clone());
                }
            }
        }
        out
    }

    fn url(&self) -> Option<String> {
        self.canonical
            .clone()
            .or_else(|| self.meta(&["og:url"]))
            .or_else(|| self.ld_str("url"))
    }

    fn language(&self) -> Option<String> {
        let lang = self.lang.as_deref()?.trim();
        let primary: String = lang.split(['-', '_']).next()?.to_ascii_lowercase();
        if primary.is_empty()
            || primary.len() > 8
            || !primary.chars().all(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        Some(primary)
    }
}

/// serde_json with the slack real pages need (comments, trailing semicolons, CDATA).
fn parse_json_loose(raw: &str) -> Option<Value> {
    let mut s = raw.trim();
    for junk in ["<!--", "//<![CDATA[", "<![CDATA["] {
        s = s.strip_prefix(junk).unwrap_or(s).trim();
    }
    for junk in ["-->", "//]]>", "]]>", ";"] {
        s = s.strip_suffix(junk).unwrap_or(s).trim();
    }
    serde_json::from_str(s).ok().or_else(|| {
        // Raw control characters inside strings are a common publisher error.
        let cleaned: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

/// The first JSON-LD object typed as a news article, else any article-like object.
fn find_article_object(roots: Vec<Value>) -> Option<Value> {
    let mut best: Option<(u8, Value)> = None;
    let mut stack: Vec<Value> = roots.into_iter().rev().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.into_iter().rev()),
            Value::Object(map) => {
                let rank = map.get("@type").map(type_rank).unwrap_or(0);
                if let Some(Value::Array(g)) = map.get("@graph") {
                    stack.extend(g.iter().rev().cloned());
                }
                if let Some(main) = map.get("mainEntity") {
                    stack.push(main.clone());
                }
                if rank > 0 && best.as_ref().is_none_or(|(r, _)| rank > *r) {
                    best = Some((rank, Value::Object(map)));
                }
            }
            _ => {}
        }
    }
    best.map(|(_, v)| v)
}

fn type_rank(t: &Value) -> u8 {
    let names: Vec<&str> = match t {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    names
        .iter()
        .map(|n| {
            if n.contains("NewsArticle") || *n == "ReportageNewsArticle" {
                3
            } else if n.contains("Article") || n.contains("BlogPosting") || *n == "Report" {
                2
            } else {
                0
            }
        })
        .max()
        .unwrap_or(0)
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.first().and_then(value_text),
        Value::Object(o) => o
            .get("@value")
            .or(o.get("name"))
            .or(o.get("@id"))
            .and_then(value_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(value_text),
        _ => None,
    }
    .map(|s| collapse_ws(&decode_entities(&s)))
    .filter(|s| !s.is_empty())
}

/// "By Jane Roe, AP Staff Writer" → "Jane Roe"; "Jane Roe | Example Media" → "Jane Roe".
fn clean_author(s: &str) -> String {
    let s = collapse_ws(s);
    let lower = s.to_lowercase();
    let mut s = if lower.starts_with("by ") {
        &s[3..]
    } else {
        &s[..]
    };
    if let Some(pos) = s.find(" | ") {
        s = &s[..pos];
    }
    if let Some(pos) = s.find(", ") {
        let role = s[pos + 2..].to_lowercase();
        const ROLES: [&str; 7] = [
            "writer",
            "reporter",
            "correspondent",
            "editor",
            "staff",
            ".com",
            "contributor",
        ];
        if ROLES.iter().any(|r| role.contains(r)) {
            s = &s[..pos];
        }
    }
    s.trim().to_string()
}

fn collapse_ws_keep_lines(s: &str) -> String {
    s.lines()
        .map(collapse_ws)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn alnum_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Headline - Site Name" → "Headline" when the part after the separator names the site.
fn trim_site_suffix(title: &str, sites: &[String]) -> String {
    const SEPS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];
    let mut t = title.trim().to_string();
    for _ in 0..2 {
        let mut changed = false;
        for sep in SEPS {
            if let Some(pos) = t.rfind(sep) {
                let tail = alnum_key(&t[pos + sep.len()..]);
                if !tail.is_empty()
                    && sites
                        .iter()
                        .any(|s| *s == tail || s.contains(&tail) || tail.contains(s.as_str()))
                    && pos > 0
                {
                    t.truncate(pos);
                    t = t.trim().to_string();
                    changed = true;
                    break;
                }
            }
            if let Some(pos) = t.find(sep) {
                let head = alnum_key(&t[..pos]);
                if !head.is_empty() && sites.contains(&head) && pos + sep.len() < t.len() {
                    t = t[pos + sep.len()..].trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    t
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Turns the common date spellings of page metadata into `YYYY-MM-DD`.
fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let valid = |y: u32, m: u32, d: u32| {
        (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    // ISO 8601 and its slash/dot/compact forms.
    if b.len() >= 8 {
        if let Some(y) = digits(0..4) {
            let sep = b.get(4).filter(|c| matches!(c, b'-' | b'/' | b'.'));
            if b.len() >= 10 && sep.is_some() && b.get(7) == sep {
                if let (Some(m), Some(d)) = (digits(5..7), digits(8..10)) {
                    if valid(y, m, d) {
                        return Some(format!("{y:04}-{m:02}-{d:02}"));
                    }
                }
            }
            if let (Some(m), Some(d)) = (digits(4..6), digits(6..8)) {
                if !b.get(8).is_some_and(u8::is_ascii_digit) && valid(y, m, d) {
                    return Some(format!("{y:04}-{m:02}-{d:02}"));
                }
            }
        }
    }
    // Month names: "November 19, 2019", "19 Nov 2019", "Tue, 19 Nov 2019 10:00:00 GMT".
    let toks: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let mut year = None;
    let mut month = None;
    let mut day = None;
    for t in &toks {
        let lower = t.to_ascii_lowercase();
        if month.is_none() && lower.len() >= 3 && lower.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(m) = MONTHS.iter().position(|m| lower.starts_with(m)) {
                month = Some(m as u32 + 1);
                continue;
            }
        }
        if t.len() == 4 && year.is_none() {
            year = t.parse::<u32>().ok().filter(|y| (1900..=2100).contains(y));
        } else if t.len() <= 2 && day.is_none() && year.is_none() {
            day = t.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
        }
    }
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(n: usize, seed: &str) -> String {
        (0..n)
            .map(|i| format!("<p>{seed} sentence number {i} talks about the council budget, the vote, and what residents said about it afterwards.</p>"))
            .collect()
    }

    #[test]
    fn metadata_from_json_ld_wins() {
        let html = r#"<html lang="en-GB"><head>
            <title>Page title - The Daily Example</title>
            <meta property="og:title" content="OG title">
            <meta property="og:site_name" content="The Daily Example">
            <meta property="article:published_time" content="2020-01-02T10:00:00Z">
            <link rel="canonical" href="https://example.org/a">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"LD headline","datePublished":"2019-11-19T08:00:00-05:00",
              "author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Person","name":"John Doe"}],
              "publisher":{"@type":"Organization","name":"Example News"},"url":"https://example.org/ld"}</script>
            </head><body><article>"#
            .to_string()
            + &para(5, "Body")
            + "</article></body></html>";
        let a = extract(&html);
        assert_eq!(a.title.as_deref(), Some("LD headline"));
        assert_eq!(a.published.as_deref(), Some("2019-11-19"));
        assert_eq!(a.authors, vec!["Jane Roe", "John Doe"]);
        assert_eq!(a.publisher.as_deref(), Some("Example News"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn metadata_falls_back_to_open_graph_and_title() {
        let html = r#"<html><head>
            <title>Storm closes schools | Coastal Herald</title>
            <meta property="og:site_name" content="Coastal Herald">
            <meta property="og:url" content="https://example.org/og">
            <meta name="author" content="By Sam Poe">
            <meta name="pubdate" content="March 3, 2021">
            </head><body><p>Short.</p></body></html>"#;
        let a = extract(html);
        assert_eq!(a.title.as_deref(), Some("Storm closes schools"));
        assert_eq!(a.publisher.as_deref(), Some("Coastal Herald"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/og"));
        assert_eq!(a.published.as_deref(), Some("2021-03-03"));
        assert_eq!(a.authors, vec!["Sam Poe"]);
        assert_eq!(clean_author("JANE ROE, AP Auto Writer"), "JANE ROE");
        assert_eq!(
            clean_author("Jane Roe | Example Media for Example.com"),
            "Jane Roe"
        );
        assert_eq!(clean_author("Roe, Jane"), "Roe, Jane");
        assert_eq!(a.language, None);
    }

    #[test]
    fn time_element_is_last_resort_date() {
        let a = extract(r#"<body><time datetime="2018-07-04">July 4</time><p>x</p></body>"#);
        assert_eq!(a.published.as_deref(), Some("2018-07-04"));
    }

    #[test]
    fn title_keeps_separator_not_naming_site() {
        let sites = vec![alnum_key("Site")];
        assert_eq!(trim_site_suffix("Left - right", &sites), "Left - right");
        assert_eq!(trim_site_suffix("Left - Site", &sites), "Left");
    }

    #[test]
    fn dates_normalize() {
        for (raw, want) in [
            ("2019-11-19T08:00:00Z", Some("2019-11-19")),
            ("2019/1/9", None),
            ("20191119", Some("2019-11-19")),
            ("Tue, 19 Nov 2019 10:00:00 GMT", Some("2019-11-19")),
            ("November 19, 2019", Some("2019-11-19")),
            ("yesterday", None),
        ] {
            assert_eq!(normalize_date(raw).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn boilerplate_is_removed() {
        let html = format!(
            r##"<html><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
            <div id="main"><div class="story-body">
              <div class="byline">By Jane Roe</div>
              <figure><img src="a.jpg"><figcaption>A caption that should not appear in the body text.</figcaption></figure>
              {}
              <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
              <p>Advertisement</p>
              {}
              <ul class="related-links"><li><a href="/x">Another story about the budget and how it was voted on</a></li></ul>
            </div></div>
            <div class="sidebar"><p>Most read: a list of stories, with commas, long enough to look like a paragraph somewhere.</p></div>
            <footer><p>Copyright 2024 Example Media, all rights reserved, with commas, and more commas.</p></footer>
            </body></html>"##,
            para(4, "First"),
            para(3, "Second")
        );
        let a = extract(&html);
        let lines: Vec<&str> = a.body.lines().collect();
        assert_eq!(lines.len(), 7, "{}", a.body);
        assert!(lines[0].starts_with("First sentence number 0"));
        assert!(lines[6].starts_with("Second sentence number 2"));
        for bad in [
            "cookies",
            "caption",
            "Share",
            "Advertisement",
            "Another story",
            "Most read",
            "Copyright",
            "Jane Roe",
        ] {
            assert!(!a.body.contains(bad), "{bad} leaked: {}", a.body);
        }
    }

    #[test]
    fn json_ld_article_body_pins_container() {
        let body = para(4, "Pinned");
        let ld_text: String = (0..4)
            .map(|i| format!("Pinned sentence number {i} talks about the council budget, the vote, and what residents said about it afterwards. "))
            .collect();
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{ld_text}"}}</script></head>
            <body><div class="comments-list">{}</div><div class="x">{body}</div></body></html>"#,
            para(12, "Comment")
        );
        let a = extract(&html);
        assert!(a.body.starts_with("Pinned sentence number 0"), "{}", a.body);
        assert!(!a.body.contains("Comment"));
    }

    #[test]
    fn partial_json_ld_body_does_not_cut_the_article() {
        // A lead-in as articleBody (no ellipsis) must not shrink the body to that lead-in.
        let ld_text = "Lead sentence number 0 talks about the council budget, the vote, and what residents said about it afterwards. ".repeat(2);
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{ld_text}"}}</script></head>
            <body><div class="story">{}{}</div></body></html>"#,
            para(1, "Lead"),
            para(9, "Rest")
        );
        let a = extract(&html);
        assert!(a.body.contains("Rest sentence number 8"), "{}", a.body);
    }

    #[test]
    fn json_ld_body_used_when_dom_has_none() {
        let ld_text =
            "Only in JSON-LD, this is the article text that the page renders with scripts. "
                .repeat(6);
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{ld_text}"}}</script></head><body><div id="app"></div></body></html>"#
        );
        assert_eq!(extract(&html).body, collapse_ws(&ld_text));
    }

    #[test]
    fn scripts_and_styles_never_leak() {
        let huge = "var x = 'not text';".repeat(100_000);
        let html = format!("<html><head><style>p {{ color: red }}</style></head><body><script>{huge}</script>{}<script>more()</script></body></html>", para(3, "Real"));
        let a = extract(&html);
        assert!(a.body.starts_with("Real sentence"));
        assert!(
            !a.body.contains("var x") && !a.body.contains("color") && !a.body.contains("more()")
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 10_000;
        let html = format!(
            "{}{}{}",
            "<div>".repeat(depth),
            para(3, "Deep"),
            "</div>".repeat(depth)
        );
        let a = extract(&html);
        assert!(
            a.body.contains("Deep sentence number 2"),
            "{}",
            a.body.len()
        );
        let unclosed = "<div><span><p><b>".repeat(5_000);
        let _ = extract(&unclosed);
    }

    #[test]
    fn no_body_and_junk_inputs() {
        assert_eq!(extract(""), HtmlArticle::default());
        let a =
            extract("Just some text without any markup at all, with commas, and more words here.");
        assert!(a.body.contains("Just some text"));
        let junk: String = (0..20_000u32)
            .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('x'))
            .collect();
        let _ = extract(&junk);
        let _ = extract("<html><head><title>t</title></head></html>");
        let _ = extract("<<<>>><!-- <script> </p></div></body><table><td><tr>");
        let _ = extract(
            r#"<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": {"x": [[[[</script>"#,
        );
    }

    #[test]
    fn nesting_is_limited_before_parsing() {
        let deep = format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        let limited = limit_nesting(&deep, 256);
        assert_eq!(limited.matches("<div>").count(), 256);
        assert_eq!(limited.matches("</div>").count(), 256);
        assert!(limited.contains("<p>deep text</p>"));
        let shallow = "<div><script>if (a <div) {}</script><p>x</p></div>";
        assert!(matches!(
            limit_nesting(shallow, 1),
            std::borrow::Cow::Borrowed(_)
        ));
        // 100,000 levels: the parser sees at most MAX_NESTING of them.
        let a = extract(&format!(
            "{}<p>still here, after all that nesting, with a comma.</p>",
            "<div>".repeat(100_000)
        ));
        assert_eq!(a.body, "still here, after all that nesting, with a comma.");
    }

    #[test]
    fn tags_are_scanned_like_the_tokenizer() {
        // (tag from its name, end of the tag, first attribute past a limit of 2)
        let cases: &[(&str, Option<usize>, Option<usize>)] = &[
            ("<div>", Some(4), None),
            ("<div a b>", Some(8), None),
            ("<div a b c>", Some(10), Some(9)),
            ("<div title=\"x > y\" a=1 b='>'>", Some(28), Some(23)),
            ("<div a=\"never closed>", None, None),
            ("<div/a/b/c/>", Some(11), Some(9)),
            ("<div a=\"1\"b=\"2\"c>", Some(16), Some(15)),
            ("<div =a b c", None, Some(10)),
            ("<div a = 1 b = '2' c = \"3\">", Some(26), Some(19)),
            ("<di\u{e9}v a>", Some(8), None),
        ];
        for &(tag, end, overflow) in cases {
            let t = scan_tag(tag.as_bytes(), 2, 2);
            assert_eq!((t.end, t.overflow), (end, overflow), "{tag}");
        }
        // past MAX_ATTRIBUTES the attributes are cut, in start and end tags, closed or not
        let attrs: Vec<String> = (0..MAX_ATTRIBUTES + 10)
            .map(|i| format!("a{i}=\"v\""))
            .collect();
        let attrs = attrs.join(" ");
        let page = format!("<div {attrs}>text</div {attrs}><p {attrs}");
        let limited = limit_nesting(&page, 256);
        let last = format!("a{}=", MAX_ATTRIBUTES - 1);
        let cut = format!("a{}=", MAX_ATTRIBUTES);
        assert_eq!(limited.matches(last.as_str()).count(), 3);
        assert_eq!(limited.matches(cut.as_str()).count(), 0);
        assert!(limited.contains("\" >text</div "), "{limited}");
        assert!(limited.ends_with("=\"v\" "), "{limited}");
        let a = extract(&format!(
            "<body><div {attrs}><p>Kept text, after all those attributes, with a comma.</p></div></body>"
        ));
        assert_eq!(
            a.body,
            "Kept text, after all those attributes, with a comma."
        );
    }

    #[test]
    fn tables_are_read_row_by_row() {
        let rows: String = (1..=8).map(|i| format!("<tr><td>{i}</td><td><a href=\"/d{i}\">Rider {i}</a></td><td>{}</td><td>3</td><td>12</td></tr>", 2400 - i)).collect();
        let html = format!(
            "<body><div class=\"article-body\">{}<table>{rows}</table></div></body>",
            para(3, "Intro")
        );
        let a = extract(&html);
        assert!(a.body.contains("\n1 Rider 1 2399 3 12\n"), "{}", a.body);
    }

    #[test]
    fn embedded_posts_survive_social_wrappers() {
        let html = format!(
            "<body><article>{}<div class=\"social-embed\"><blockquote class=\"tweet\"><p>Quoted post text that the article relies on.</p></blockquote></div>{}</article></body>",
            para(3, "Before"),
            para(3, "After")
        );
        let a = extract(&html);
        assert!(a.body.contains("Quoted post text"), "{}", a.body);
    }

    #[test]
    fn stamps_and_sign_offs_are_dropped() {
        for (line, stamp) in [
            ("Updated at 1:23 p.m.", true),
            ("Published November 20th, 2019 - 07:29 GMT", true),
            ("SiteName August 08, 2018", true),
            ("— Jane Roe (@janeroe) November 18, 2019", false),
            (
                "The council met on November 18, 2019 to vote on the budget.",
                false,
            ),
        ] {
            assert_eq!(is_timestamp(line), stamp, "{line}");
        }
        assert!(is_sign_off(
            "Have a tip? Jane Roe may be reached at jroe@example.org."
        ));
        assert!(!is_sign_off(
            "The mayor said she would follow the council's advice."
        ));
        let html = format!(
            "<body><article>{}<p>Jane Roe can be reached at jroe@example.org. Follow her on Twitter.</p></article></body>",
            para(4, "Body")
        );
        assert!(extract(&html).body.ends_with("afterwards."));
    }

    #[test]
    fn class_tokens_split_camel_case() {
        assert_eq!(
            class_tokens("articleBody related-links"),
            vec!["article", "body", "related", "links"]
        );
        assert!(ClassHint::of("share-bar").prunable());
        assert!(!ClassHint::of("article-body").prunable());
        assert!(ClassHint::of("article-related").prunable());
    }
}
