//! The scanner: the text split once into word, number and punctuation tokens, and the
//! first-token filter that says which grammar rules can start at a token.

use std::borrow::Cow;

use crate::knowledge::time::{StartIndex, TimeWords};

use super::clock::REFERENCE_STARTS;
use super::lengths::{FREQUENCIES, PLURAL_UNITS};

// One bit per grammar rule of [`Parser::parse_rules`].
pub(super) const R_ISO: u32 = 1;
pub(super) const R_WEEKDAY_DATE: u32 = 1 << 1;
pub(super) const R_MONTH_DAY: u32 = 1 << 2;
pub(super) const R_DAY_MONTH: u32 = 1 << 3;
pub(super) const R_MONTH_YEAR: u32 = 1 << 4;
pub(super) const R_MONTH: u32 = 1 << 5;
pub(super) const R_YEAR: u32 = 1 << 6;
pub(super) const R_WEEKDAY: u32 = 1 << 7;
pub(super) const R_DEICTIC: u32 = 1 << 8;
pub(super) const R_REL_UNIT: u32 = 1 << 9;
pub(super) const R_AGO: u32 = 1 << 10;
pub(super) const R_RECENT: u32 = 1 << 11;
pub(super) const R_WINDOW: u32 = 1 << 12;
pub(super) const R_SEASON: u32 = 1 << 13;
pub(super) const R_QUARTER: u32 = 1 << 14;
pub(super) const R_MODIFIED: u32 = 1 << 15;
pub(super) const R_DURATION: u32 = 1 << 16;
pub(super) const R_SET: u32 = 1 << 17;
pub(super) const R_CLOCK: u32 = 1 << 18;
pub(super) const R_REF: u32 = 1 << 19;
/// Not a rule: a word that can start a modifier prefix ("about", "more than", "the end of").
pub(super) const R_PREFIX: u32 = 1 << 20;
pub(super) const R_ALL: u32 = u32::MAX;

/// First words (ASCII lowercase) of the grammar rules, besides the lexicon's month, weekday,
/// number and vague-quantity words. Each rule below tests its first token against exactly
/// these words (or a number), so a rule whose bit a word lacks cannot match there.
pub(super) const RULE_STARTERS: &[(&str, u32)] = &[
    (
        "last",
        R_MONTH | R_WEEKDAY | R_DEICTIC | R_REL_UNIT | R_SEASON,
    ),
    (
        "this",
        R_MONTH | R_WEEKDAY | R_DEICTIC | R_REL_UNIT | R_SEASON,
    ),
    (
        "next",
        R_MONTH | R_WEEKDAY | R_DEICTIC | R_REL_UNIT | R_SEASON,
    ),
    ("yesterday", R_DEICTIC),
    ("today", R_DEICTIC),
    ("tonight", R_DEICTIC),
    ("tomorrow", R_DEICTIC),
    ("earlier", R_REL_UNIT),
    ("later", R_REL_UNIT),
    (
        "the",
        R_REL_UNIT | R_WINDOW | R_SEASON | R_QUARTER | R_REF | R_PREFIX,
    ),
    ("a", R_AGO | R_DURATION),
    ("an", R_AGO | R_DURATION),
    ("every", R_SET),
    ("each", R_SET),
    ("per", R_SET),
    ("noon", R_CLOCK),
    ("midnight", R_CLOCK),
    ("about", R_PREFIX),
    ("around", R_PREFIX),
    ("approximately", R_PREFIX),
    ("roughly", R_PREFIX),
    ("nearly", R_PREFIX),
    ("almost", R_PREFIX),
    ("less", R_PREFIX),
    ("fewer", R_PREFIX),
    ("more", R_PREFIX),
    ("over", R_PREFIX),
    ("at", R_PREFIX | R_REF),
    ("up", R_PREFIX),
    ("no", R_PREFIX),
    ("day", R_AGO),
    ("days", R_AGO),
    ("week", R_AGO),
    ("weeks", R_AGO),
    ("month", R_AGO),
    ("months", R_AGO),
    ("year", R_AGO),
    ("years", R_AGO),
    ("decade", R_AGO),
    ("decades", R_AGO),
    ("recent", R_RECENT),
    ("spring", R_SEASON),
    ("summer", R_SEASON),
    ("fall", R_SEASON),
    ("autumn", R_SEASON),
    ("winter", R_SEASON),
    ("q", R_QUARTER),
    ("first", R_QUARTER),
    ("second", R_QUARTER),
    ("third", R_QUARTER),
    ("fourth", R_QUARTER),
    ("early", R_MODIFIED),
    ("mid", R_MODIFIED),
    ("late", R_MODIFIED),
];

/// The first-token index of the grammar over `lex`: every rule's starting words (see
/// [`RULE_STARTERS`]) and the lexicon's month, weekday, number and vague-quantity words.
pub(super) fn start_index(lex: &TimeWords) -> StartIndex {
    let units = PLURAL_UNITS.iter().map(|w| (*w, R_DURATION));
    let frequencies = FREQUENCIES.iter().map(|(w, _, _)| (*w, R_SET));
    let references = REFERENCE_STARTS.iter().map(|w| (*w, R_REF));
    let months = lex
        .months
        .keys()
        .map(|w| (*w, R_MONTH_DAY | R_MONTH_YEAR | R_MONTH));
    let weekdays = lex
        .weekdays
        .keys()
        .map(|w| (*w, R_WEEKDAY_DATE | R_WEEKDAY));
    let quantities = lex
        .numbers
        .keys()
        .chain(lex.vague.iter())
        .map(|w| (w.as_str(), R_AGO | R_DURATION));
    StartIndex::new(
        months
            .chain(weekdays)
            .chain(quantities)
            .chain(units)
            .chain(frequencies)
            .chain(references)
            .chain(RULE_STARTERS.iter().copied()),
    )
}

/// The rules that can match at token `i` (a superset of those that do): numbers by their
/// length, words by their ASCII lowercase (month and weekday rules check the exact case
/// themselves). Words longer than 12 bytes start nothing.
#[inline]
pub(super) fn start_rules(starts: &StartIndex, t: &Tokens, i: usize) -> u32 {
    match t.kind(i) {
        // iso, year: four digits; day_month: one or two; ago (a count): up to three
        Kind::Num => match t.s(i).len() {
            1 | 2 => R_DAY_MONTH | R_AGO | R_DURATION | R_CLOCK,
            3 => R_AGO | R_DURATION,
            4 => R_ISO | R_YEAR | R_CLOCK,
            _ => 0,
        },
        Kind::Punct => 0,
        Kind::Word => starts.get(t.s(i)),
    }
}

/// Normalize one expression (as found by `find`) against the publication date;
/// `tense` is the tense of the clause that contains it.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of alphabetic characters (any script).
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-whitespace character.
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
}

pub(super) struct Tokens<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Tok>,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Tokens<'a> {
        // news text averages well over four bytes per token: one allocation, no regrowth
        let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 4 + 8);
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            // ASCII fast path: for an ASCII char, `is_alphabetic` is `is_ascii_alphabetic` and
            // `is_whitespace` is 9..=13 or space; a run of ASCII letters or digits is one
            // token (the merge below joins runs the same way, and any non-ASCII letter after)
            let (kind, end) = if b.is_ascii() {
                let kind = if b.is_ascii_alphabetic() {
                    Kind::Word
                } else if b.is_ascii_digit() {
                    Kind::Num
                } else if b == b' ' || (9..=13).contains(&b) {
                    i += 1;
                    continue;
                } else {
                    Kind::Punct
                };
                let mut end = i + 1;
                match kind {
                    Kind::Word => {
                        while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
                            end += 1;
                        }
                    }
                    Kind::Num => {
                        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                            end += 1;
                        }
                    }
                    Kind::Punct => {}
                }
                (kind, end)
            } else {
                // `i` is a char boundary: it only advances by whole chars
                let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                    break;
                };
                let kind = if c.is_alphabetic() {
                    Kind::Word
                } else if c.is_whitespace() {
                    i += c.len_utf8();
                    continue;
                } else {
                    Kind::Punct
                };
                (kind, i + c.len_utf8())
            };
            let start = i;
            i = end;
            if let Some(last) = toks.last_mut() {
                if last.end == start && last.kind == kind && kind != Kind::Punct {
                    last.end = end;
                    continue;
                }
            }
            toks.push(Tok { start, end, kind });
        }
        Tokens { text, toks }
    }

    /// [`Tokens::new`] one char at a time (the reference for its ASCII fast path).
    #[cfg(test)]
    pub(super) fn new_by_char(text: &'a str) -> Tokens<'a> {
        let mut toks: Vec<Tok> = Vec::new();
        for (i, c) in text.char_indices() {
            let kind = if c.is_alphabetic() {
                Kind::Word
            } else if c.is_ascii_digit() {
                Kind::Num
            } else if c.is_whitespace() {
                continue;
            } else {
                Kind::Punct
            };
            let end = i + c.len_utf8();
            if let Some(last) = toks.last_mut() {
                if last.end == i && last.kind == kind && kind != Kind::Punct {
                    last.end = end;
                    continue;
                }
            }
            toks.push(Tok {
                start: i,
                end,
                kind,
            });
        }
        Tokens { text, toks }
    }

    pub(super) fn len(&self) -> usize {
        self.toks.len()
    }

    /// Kind of token `i`; past the end counts as punctuation.
    pub(super) fn kind(&self, i: usize) -> Kind {
        self.toks.get(i).map_or(Kind::Punct, |t| t.kind)
    }

    /// Text of token `i`, or "" past either end.
    pub(super) fn s(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => self.text.get(t.start..t.end).unwrap_or(""),
            None => "",
        }
    }

    /// Token `i` is a word equal to `w` ignoring ASCII case.
    pub(super) fn is(&self, w: &str, i: usize) -> bool {
        // byte lengths first: most candidates differ there, before any slicing
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && t.end.saturating_sub(t.start) == w.len()
                && self.s(i).eq_ignore_ascii_case(w)
        })
    }

    pub(super) fn is_any(&self, i: usize, ws: &[&str]) -> Option<usize> {
        ws.iter().position(|w| self.is(w, i))
    }

    /// Tokens `i` and `i + 1` touch (no whitespace between).
    pub(super) fn touching(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A word token in ASCII lowercase, for set look-ups (copied only when it has capitals).
    pub(super) fn lower(&self, i: usize) -> Cow<'a, str> {
        let s = self.s(i);
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    }

    pub(super) fn is_capitalized(&self, i: usize) -> bool {
        i < self.len()
            && self.kind(i) == Kind::Word
            && self.s(i).chars().next().is_some_and(|c| c.is_uppercase())
    }

    pub(super) fn is_dash(&self, i: usize) -> bool {
        matches!(self.s(i), "-" | "\u{2013}")
    }
}
