//! Quotation marks: scanning a paragraph for them, telling opening from closing marks (and
//! apostrophes) by their neighbours, and pairing them into quoted segments ([`Seg`]), with the
//! paragraph-to-paragraph continuation of an open quotation.

use crate::text::Span;

/// A double quotation mark (straight, curly, low or guillemet).
pub(super) fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‟')
}
/// A single quotation mark or apostrophe.
pub(super) fn is_single(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '‚' | '‛')
}
/// A token that is one quotation mark.
pub(super) fn is_mark_str(s: &str) -> bool {
    let mut it = s.chars();
    matches!((it.next(), it.next()), (Some(c), None) if is_double(c) || is_single(c))
}

/// Which way a mark faces, as its context says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    /// Opens a quotation.
    Open,
    /// Closes one.
    Close,
    /// Either (a straight mark between words or between blanks).
    Either,
}

/// One quoted segment of a paragraph, byte offsets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seg {
    /// The opening mark.
    pub(super) open: Span,
    /// The closing mark, `None` when the quote runs to the paragraph end.
    pub(super) close: Option<Span>,
    /// The quoted words (marks, surrounding blanks and a trailing comma removed).
    pub(super) inner: Span,
    /// The paragraph continues a quote left open by the previous one.
    pub(super) cont_prev: bool,
}

/// A character before a mark that makes it opening (none, a blank, an opening bracket, a dash).
fn space_like_before(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
    })
}
/// A character after a mark that makes it closing (none, a blank, punctuation, a dash).
fn space_like_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '/' | '…'
            )
    })
}

/// Direction of a double mark from its neighbours, else from its glyph.
pub(super) fn double_dir(prev: Option<char>, c: char, next: Option<char>) -> Dir {
    let sb = space_like_before(prev) || prev.is_some_and(is_single);
    let sa = space_like_after(next) || next.is_some_and(is_single);
    match (sb, sa) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => match c {
            '“' | '„' | '«' | '‟' => Dir::Open,
            '”' | '»' => Dir::Close,
            _ => Dir::Either,
        },
    }
}

/// Direction of a single mark, `None` for an apostrophe.
fn single_dir(prev: Option<char>, next: Option<char>) -> Option<Dir> {
    let pa = prev.is_some_and(char::is_alphanumeric);
    let na = next.is_some_and(char::is_alphanumeric);
    if pa && na {
        return None;
    }
    let sb = space_like_before(prev) || prev.is_some_and(is_double);
    let sa = space_like_after(next) || next.is_some_and(is_double);
    if sb && !sa {
        Some(Dir::Open)
    } else if !sb && sa {
        Some(Dir::Close)
    } else {
        None
    }
}

/// Trims blanks and a trailing comma from the quoted words between `a` and `b`.
fn inner_span(text: &str, a: usize, b: usize) -> Span {
    let s = text.get(a..b).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let t = s.trim_end().trim_end_matches([',', ';']).trim_end();
    Span::new(a + lead, (a + t.len()).max(a + lead))
}

/// Whether `sp` holds a letter or digit.
fn has_word(text: &str, sp: Span) -> bool {
    sp.get(text).chars().any(char::is_alphanumeric)
}

/// The quotation marks of `s`: (byte offset, mark, char before, char after).
pub(super) fn marks(s: &str) -> Vec<(usize, char, Option<char>, Option<char>)> {
    let mut out = Vec::new();
    // Skip the ASCII bytes that are not marks (the only ASCII marks are '"' and '\''), decode
    // the rest. `b` stays on a char boundary: it advances by one ASCII byte or a whole char.
    let bytes = s.as_bytes();
    let mut b = 0;
    while let Some(&x) = bytes.get(b) {
        if x.is_ascii() && x != b'"' && x != b'\'' {
            b += 1;
            continue;
        }
        let Some(c) = s.get(b..).and_then(|r| r.chars().next()) else {
            break;
        };
        let at = b;
        b += c.len_utf8();
        if is_double(c) || is_single(c) {
            let prev = s.get(..at).and_then(|r| r.chars().next_back());
            let next = s.get(b..).and_then(|r| r.chars().next());
            out.push((at, c, prev, next));
        }
    }
    out
}

/// Pairs the quotation marks of one paragraph. `next_opens`: the next paragraph starts with an
/// opening mark. Returns the segments and whether the paragraph was left open.
///
/// `seed_open`: the previous paragraph was left open and this one goes on in lower case
/// (`… is at the discretion of the decision-maker.` / `based on the advice of …,” said X`), a
/// paragraph break inside one sentence: the quote is open from the paragraph start.
pub(super) fn pair_marks(
    text: &str,
    para: Span,
    next_opens: bool,
    prev_open: bool,
    seed_open: bool,
) -> (Vec<Seg>, bool) {
    let s = para.get(text);
    let mut segs = Vec::new();
    let mut open: Option<Span> =
        (seed_open && prev_open).then_some(Span::new(para.start, para.start));
    let mut single_open: Option<Span> = None;
    // the mark `c` at byte `b` of the paragraph
    let mark = |b: usize, c: char| {
        let b = para.start + b;
        Span::new(b, b + c.len_utf8())
    };
    let push = |segs: &mut Vec<Seg>, o: Span, c: Option<Span>| {
        let end = c.map_or(para.end, |c| c.start);
        let inner = inner_span(text, o.end, end);
        if has_word(text, inner) {
            segs.push(Seg {
                open: o,
                close: c,
                inner,
                cont_prev: prev_open && o.start == para.start,
            });
        }
    };
    for (at, c, prev, next) in marks(s) {
        if is_double(c) {
            single_open = None;
            let m = mark(at, c);
            match (open, double_dir(prev, c, next)) {
                (None, Dir::Open | Dir::Either) => open = Some(m),
                (None, Dir::Close) => {}
                (Some(o), Dir::Close | Dir::Either) => {
                    push(&mut segs, o, Some(m));
                    open = None;
                }
                // an opening mark while open: the earlier one was stray; resynchronise here
                (Some(_), Dir::Open) => open = Some(m),
            }
        } else if is_single(c) && open.is_none() {
            let m = mark(at, c);
            match (single_open, single_dir(prev, next)) {
                (None, Some(Dir::Open)) => single_open = Some(m),
                (Some(_), Some(Dir::Open)) => single_open = Some(m),
                (Some(o), Some(Dir::Close)) => {
                    push(&mut segs, o, Some(m));
                    single_open = None;
                }
                _ => {}
            }
        }
    }
    let mut left_open = false;
    if let Some(o) = open {
        let before = text.get(para.start..o.start).unwrap_or("").trim_end();
        if next_opens {
            push(&mut segs, o, None);
            left_open = true;
        } else if o.start == para.start || before.ends_with(':') || before.ends_with(',') {
            // a missing closing mark: the quote runs to the paragraph end
            push(&mut segs, o, None);
        }
    }
    (segs, left_open)
}

/// Whether a paragraph goes on in lower case and its first double mark closes a quotation: the
/// rest of a sentence (and quotation) the previous paragraph broke off.
pub(super) fn continues_in_lower_case(s: &str) -> bool {
    let t = s.trim_start();
    if !t.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let mut prev = None;
    let mut it = t.chars().peekable();
    while let Some(c) = it.next() {
        if is_double(c) {
            return double_dir(prev, c, it.peek().copied()) == Dir::Close;
        }
        prev = Some(c);
    }
    false
}

/// Whether a paragraph starts with an opening mark (a quotation continued from the one before).
pub(super) fn starts_with_open_mark(s: &str) -> bool {
    let mut it = s.trim_start().chars();
    match (it.next(), it.next()) {
        (Some(c), n) if is_double(c) => double_dir(None, c, n) != Dir::Close,
        (Some(c), n) if is_single(c) => single_dir(None, n) == Some(Dir::Open),
        _ => false,
    }
}
