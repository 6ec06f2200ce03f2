//! Time expressions: finding them in article text and normalizing them to
//! TIMEX3-style values against the article's publication date.
//!
//! This stage owns two functions. [`find`] scans text for time expressions
//! ("on Tuesday", "last weekend", "May 10-11", "in 2018", "two years ago")
//! and returns their byte spans, non-overlapping and in order, longest match
//! first. [`normalize`] turns one found expression into a [`Normalized`]
//! value: a TIMEX3-like `value` string plus the first and last calendar day
//! the expression covers. Prepositions ("on", "in", "over") are not part of a
//! found span, but `normalize` accepts and skips them.
//!
//! The scanner is hand-written: the text is split once into word, number and
//! punctuation tokens, and a small grammar with bounded look-ahead is tried at
//! each token, so the run time is linear in the text. Words (month and weekday
//! names, context words, quantity words) live in `lexicons/time_words.tsv`.
//!
//! # Values
//!
//! | expression                | `value`         | `start` .. `end`                 |
//! |---------------------------|-----------------|----------------------------------|
//! | a day                     | `2023-05-21`    | that day                         |
//! | a day range "May 10-11"   | `2023-05-10`    | 2023-05-10 .. 2023-05-11         |
//! | a month                   | `2023-05`       | first .. last day of the month   |
//! | a year                    | `2023`          | Jan 1 .. Dec 31                  |
//! | a year range "1990-2000"  | `1990`          | 1990-01-01 .. 2000-12-31         |
//! | a decade "the 1990s"      | `199`           | 1990-01-01 .. 1999-12-31         |
//! | an ISO week "last week"   | `2023-W20`      | Monday .. Sunday                 |
//! | a weekend                 | `2023-W20-WE`   | Saturday .. Sunday               |
//! | vague past "months ago"   | `PAST_REF`      | none .. anchor minus one unit    |
//! | "in recent months"        | `PAST_REF`      | none .. anchor                   |
//! | "the past two weeks"      | `P2W`           | anchor minus 2 weeks .. anchor   |
//! | "the coming months"       | `PXM`           | anchor .. none                   |
//! | a season "last summer"    | `2022-SU`       | Jun 1 .. Aug 31 (`SP`, `FA`, `WI`) |
//! | a quarter, a half         | `2023-Q1`, `2023-H2` | first .. last day           |
//!
//! A range keeps the value of its start at the start's granularity; the span
//! is carried by `start`/`end`. Weeks and weekends follow TIMEX3 (`W`, `-WE`,
//! ISO-8601 week numbering: the week-year of the Monday or Saturday). Decades
//! follow the TIMEX3 guidelines (`199` rather than `199X`).
//!
//! Modifiers narrow the span but keep the value: "early" is the first third
//! (days 1-10 of a month, January-April of a year), "mid" the middle third
//! (11-20, May-August), "late" the last (21-end, September-December); for
//! other spans the thirds are counted in days. "earlier this month/week/year"
//! runs from the start of the unit to the anchor, "later this ..." from the
//! anchor to the end of the unit.
//!
//! # Choosing a day, month or year from the tense
//!
//! Expressions without a year are resolved against `anchor` (publication date)
//! and the tense of their clause:
//!
//! * Weekday ("on Tuesday", "Wednesday evening", "this Friday"):
//!   `Past` → the most recent such day on or before the anchor; `Future` →
//!   the first such day on or after the anchor; `Present`/`Unknown` → the
//!   nearest one (within three days either way). A weekday equal to the
//!   anchor's own is the anchor in every tense, as news style uses a bare
//!   weekday for the day of publication. "last Tuesday" is always strictly
//!   before the anchor (7 days back on a Tuesday), "next Tuesday" strictly
//!   after it (the first following Tuesday).
//! * Month ("in March", "late November"): `Past` → the most recent such month
//!   up to and including the anchor's month; `Future` → the first one from the
//!   anchor's month on; `Present`/`Unknown` → the nearest one, and at six
//!   months either way the one in the anchor's year. "last March" is the most
//!   recent March strictly before the anchor's month, "next March" the first
//!   strictly after, "this March" the one in the anchor's year.
//! * Month and day ("May 10", "Sept. 30"): as for months, at day
//!   granularity (`Past` → on or before the anchor, `Future` → on or after,
//!   otherwise the nearest). An impossible date (February 30) resolves to
//!   nothing; February 29 moves to the nearest leap year in that direction.
//! * Weekends: "last weekend" is the most recent Saturday-Sunday that ended
//!   before the anchor's own weekend; "next weekend" the first one starting
//!   after the anchor. "this weekend" and "(over) the weekend" on a Saturday
//!   or Sunday are the anchor's weekend; otherwise `Past` → the previous one,
//!   `Future`/`Present` → the coming one, and `Unknown` → the coming one for
//!   "this weekend" and the previous one for "the weekend" (news usage).
//! * "N units ago" shifts the anchor by N units and reports the unit that
//!   contains the result ("two years ago" → `2021`, "a week ago" → the ISO
//!   week, "three days ago" → the day). Without a number ("months ago",
//!   "a few weeks ago") the value is `PAST_REF` with no start and an end one
//!   unit before the anchor.
//! * Seasons and quarters without a year ("this summer", "last fall", "Q3")
//!   work like months: "last"/"next" strictly before/after the anchor's own
//!   season or quarter; otherwise `Past` → at or before, any other tense →
//!   the current one or the coming one ("this winter" in May, tense
//!   unknown, is the next winter; "this past winter" is the last one).
//!   Seasons are meteorological and northern-hemisphere; winter belongs to
//!   the year of its December ("winter of 2021" is 2021-12-01 ..
//!   2022-02-28). A spelled-out quarter or half needs its year ("the first
//!   quarter of 2023", "the second half of this year"): "the first quarter"
//!   alone is as often a game's as a year's.
//! * "Tuesday, May 23" is resolved from the date; the weekday is not checked.
//! * Windows: "the past/last \[N\] units" ends at the anchor and starts N units
//!   earlier (months and years clamp to the month's end: 2024-02-29 minus a
//!   year is 2023-02-28); "the next/coming N units" starts at the anchor. The
//!   value is a TIMEX3 duration (`P1W`, `P2Y`, `PXM` for "the past few
//!   months", whose open side is `None`). "the next day" and "the last week
//!   of May" are refused: they are relative to the story, not the anchor.
//!
//! With no anchor (or one outside the years 1-9999), every relative
//! expression normalizes to all `None`: nothing is guessed. Absolute
//! expressions ("March 3, 2021", "in 2018", "2023-05-10", "Q1 2023") resolve
//! without one. An expression `normalize` cannot parse gives all `None`.
//!
//! # What `find` refuses
//!
//! Month and weekday names match case-sensitively. Names that are also common
//! words or given names ("May", "March", "April", "June", "August") need date
//! context: a preceding context word (in, on, since, by, until, through, from,
//! before, after, during, early, late, mid, ...), a following day number or
//! year, or a modifier ("last May"); even then they are refused when directly
//! followed by a capitalised word that is not a time word ("in August Wilson's
//! plays"). Abbreviations ("Jan", "Sept.") need a following day number or
//! year. A weekday is refused after a named-day word ("Black Friday") and,
//! without a preceding context word, before a capitalised non-time word
//! ("Sunday Times"). A bare year needs a context word before it, or
//! punctuation, a capitalised word or an event noun ("the 2018 election")
//! after it; "2000 people", "$2018", "1800 GMT" and "2022-23" are not years.
//! A bare season word needs a context word ("in spring", "during the
//! winter") or a year, and "the fall of Kabul" is not a season. Expressions
//! relative to the story rather than the publication date ("the next day",
//! "two days later") are not found.

use crate::knowledge::time::{MonthKind, StartIndex, TimeWords};
use crate::text::Span;
use chrono::{Datelike, Duration, NaiveDate};
use std::borrow::Cow;

pub(crate) use crate::knowledge::time::shape_of;

/// Tense of the clause that contains a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
    Unknown,
}

/// A normalized time expression. `start` and `end` are the first and last day
/// covered (inclusive); any field is `None` when it cannot be determined.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Normalized {
    pub value: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// All time expressions in `text` (byte spans into it, on char boundaries), non-overlapping, in
/// order (longest match), with the time words `words`.
pub fn find(words: &TimeWords, text: &str) -> Vec<Span> {
    let toks = Tokens::new(text);
    let parser = Parser {
        t: &toks,
        lex: words,
        lenient: false,
    };
    let starts = words.start_index(start_index);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // cheap pre-check: only the rules that can start with this token are tried
        let rules = start_rules(starts, &toks, i);
        if rules == 0 {
            i += 1;
            continue;
        }
        match parser.parse_rules(i, rules) {
            Some((end, _)) => {
                let last = end.checked_sub(1).and_then(|e| toks.toks.get(e));
                if let (Some(first), Some(last)) = (toks.toks.get(i), last) {
                    out.push(Span::new(first.start, last.end));
                }
                // a parse ends after its first token; `max` keeps the scan moving regardless
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

// One bit per grammar rule of [`Parser::parse_rules`].
const R_ISO: u16 = 1;
const R_WEEKDAY_DATE: u16 = 1 << 1;
const R_MONTH_DAY: u16 = 1 << 2;
const R_DAY_MONTH: u16 = 1 << 3;
const R_MONTH_YEAR: u16 = 1 << 4;
const R_MONTH: u16 = 1 << 5;
const R_YEAR: u16 = 1 << 6;
const R_WEEKDAY: u16 = 1 << 7;
const R_DEICTIC: u16 = 1 << 8;
const R_REL_UNIT: u16 = 1 << 9;
const R_AGO: u16 = 1 << 10;
const R_RECENT: u16 = 1 << 11;
const R_WINDOW: u16 = 1 << 12;
const R_SEASON: u16 = 1 << 13;
const R_QUARTER: u16 = 1 << 14;
const R_MODIFIED: u16 = 1 << 15;
const R_ALL: u16 = u16::MAX;

/// First words (ASCII lowercase) of the grammar rules, besides the lexicon's month, weekday,
/// number and vague-quantity words. Each rule below tests its first token against exactly
/// these words (or a number), so a rule whose bit a word lacks cannot match there.
const RULE_STARTERS: &[(&str, u16)] = &[
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
    ("the", R_REL_UNIT | R_WINDOW | R_SEASON | R_QUARTER),
    ("a", R_AGO),
    ("an", R_AGO),
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
fn start_index(lex: &TimeWords) -> StartIndex {
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
        .map(|w| (w.as_str(), R_AGO));
    StartIndex::new(
        months
            .chain(weekdays)
            .chain(quantities)
            .chain(RULE_STARTERS.iter().copied()),
    )
}

/// The rules that can match at token `i` (a superset of those that do): numbers by their
/// length, words by their ASCII lowercase (month and weekday rules check the exact case
/// themselves). Words longer than 12 bytes start nothing.
#[inline]
fn start_rules(starts: &StartIndex, t: &Tokens, i: usize) -> u16 {
    match t.kind(i) {
        // iso, year: four digits; day_month: one or two; ago (a count): up to three
        Kind::Num => match t.s(i).len() {
            1 | 2 => R_DAY_MONTH | R_AGO,
            3 => R_AGO,
            4 => R_ISO | R_YEAR,
            _ => 0,
        },
        Kind::Punct => 0,
        Kind::Word => starts.get(t.s(i)),
    }
}

/// Normalize one expression (as found by `find`) against the publication date;
/// `tense` is the tense of the clause that contains it.
pub fn normalize(
    words: &TimeWords,
    expr: &str,
    anchor: Option<NaiveDate>,
    tense: Tense,
) -> Normalized {
    // An anchor outside four-digit years cannot give a TIMEX value (and date
    // arithmetic near chrono's limits could overflow): treat it as absent.
    let anchor = anchor.filter(|a| (1..=9999).contains(&a.year()));
    let toks = Tokens::new(expr);
    let parser = Parser {
        t: &toks,
        lex: words,
        lenient: true,
    };
    // Skip leading prepositions and determiners ("on", "in", "over the") that
    // are not part of a found span but may be passed in.
    let mut best: Option<(usize, Parsed)> = None;
    for i in 0..toks.len().min(4) {
        if let Some((end, p)) = parser.parse_at(i) {
            let better = best.as_ref().is_none_or(|(e, _)| end > *e);
            if better {
                best = Some((end, p));
            }
            if end == toks.len() {
                break;
            }
        }
        let w = toks.lower(i);
        if toks.kind(i) != Kind::Word
            || !(parser.lex.context.contains(&*w) || SKIPPABLE.contains(&&*w))
        {
            break;
        }
    }
    match best {
        Some((_, p)) => resolve(&p, anchor, tense).unwrap_or_default(),
        None => Normalized::default(),
    }
}

/// Words that may precede an expression passed to `normalize` besides the
/// lexicon's context words ("over the weekend", "at the end of").
const SKIPPABLE: &[&str] = &["at", "over", "the", "for", "around", "about", "within"];

// ---------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A run of alphabetic characters (any script).
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-whitespace character.
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
}

struct Tokens<'a> {
    text: &'a str,
    toks: Vec<Tok>,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Tokens<'a> {
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
    fn new_by_char(text: &'a str) -> Tokens<'a> {
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

    fn len(&self) -> usize {
        self.toks.len()
    }

    /// Kind of token `i`; past the end counts as punctuation.
    fn kind(&self, i: usize) -> Kind {
        self.toks.get(i).map_or(Kind::Punct, |t| t.kind)
    }

    /// Text of token `i`, or "" past either end.
    fn s(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => self.text.get(t.start..t.end).unwrap_or(""),
            None => "",
        }
    }

    /// Token `i` is a word equal to `w` ignoring ASCII case.
    fn is(&self, w: &str, i: usize) -> bool {
        // byte lengths first: most candidates differ there, before any slicing
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && t.end.saturating_sub(t.start) == w.len()
                && self.s(i).eq_ignore_ascii_case(w)
        })
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> Option<usize> {
        ws.iter().position(|w| self.is(w, i))
    }

    /// Tokens `i` and `i + 1` touch (no whitespace between).
    fn touching(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A word token in ASCII lowercase, for set look-ups (copied only when it has capitals).
    fn lower(&self, i: usize) -> Cow<'a, str> {
        let s = self.s(i);
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    }

    fn is_capitalized(&self, i: usize) -> bool {
        i < self.len()
            && self.kind(i) == Kind::Word
            && self.s(i).chars().next().is_some_and(|c| c.is_uppercase())
    }

    fn is_dash(&self, i: usize) -> bool {
        matches!(self.s(i), "-" | "\u{2013}")
    }
}

// ---------------------------------------------------------------------------
// Grammar

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rel {
    Last,
    This,
    Next,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Year,
    Decade,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mod {
    None,
    Early,
    Mid,
    Late,
    Earlier,
    Later,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartKind {
    Season,
    Quarter,
    Half,
}

/// A year written out ("of 2022") or relative to the anchor ("of last year").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum YearRef {
    Abs(i32),
    Rel(i32),
}

/// (year if written, month, day)
type Ymd = (Option<i32>, u32, u32);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Parsed {
    /// A day, or a day range when `to` is set.
    Date {
        from: Ymd,
        to: Option<Ymd>,
    },
    Month {
        year: Option<i32>,
        month: u32,
        rel: Option<Rel>,
        md: Mod,
    },
    Year {
        year: i32,
        to: Option<i32>,
        md: Mod,
    },
    Decade {
        year: i32,
        md: Mod,
    },
    Weekday {
        wd: u32,
        rel: Option<Rel>,
        md: Mod,
    },
    /// yesterday = -1, today/tonight = 0, tomorrow = 1
    Deictic(i64),
    RelUnit {
        rel: Rel,
        unit: Unit,
        md: Mod,
    },
    /// "the weekend", "over the weekend"
    TheWeekend,
    /// `n` = None for a vague quantity ("months ago").
    Ago {
        n: Option<u32>,
        unit: Unit,
    },
    Recent(Unit),
    /// "the past two weeks" (`future` false), "the coming months" (true);
    /// `n` = None for a vague quantity.
    Window {
        n: Option<u32>,
        unit: Unit,
        future: bool,
    },
    /// A season (0 spring, 1 summer, 2 fall, 3 winter) or, with `quarter`,
    /// a quarter (0..=3) or half (`half`, 0..=1) of a year.
    Part {
        kind: PartKind,
        idx: u32,
        year: Option<YearRef>,
        rel: Option<Rel>,
        md: Mod,
    },
}

struct Parser<'a, 't> {
    t: &'t Tokens<'a>,
    lex: &'t TimeWords,
    /// Skip the context checks (for `normalize`, which gets one expression).
    lenient: bool,
}

/// Keep the candidate that ends later.
fn longer(a: Option<(usize, Parsed)>, b: Option<(usize, Parsed)>) -> Option<(usize, Parsed)> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
        (a, b) => a.or(b),
    }
}

impl Parser<'_, '_> {
    /// The longest expression starting at token `i`: (end token, parse).
    fn parse_at(&self, i: usize) -> Option<(usize, Parsed)> {
        self.parse_rules(i, R_ALL)
    }

    /// [`Parser::parse_at`] trying only the rules in `rules` (bits `R_*`). A rule left out
    /// must be one that returns `None` at `i`: `longer(best, None)` is `best`, so the result
    /// is the same as with all rules (see [`start_rules`]).
    fn parse_rules(&self, i: usize, rules: u16) -> Option<(usize, Parsed)> {
        let t = self.t;
        // Every expression starts with a word or a number, not inside one.
        if t.kind(i) == Kind::Punct || (i > 0 && t.touching(i - 1) && t.kind(i - 1) != Kind::Punct)
        {
            return None;
        }
        let on = |bit: u16| rules & bit != 0;
        let mut best = None;
        if on(R_ISO) {
            best = self.iso(i);
        }
        if on(R_WEEKDAY_DATE) {
            best = longer(best, self.weekday_date(i));
        }
        if on(R_MONTH_DAY) {
            best = longer(best, self.month_day(i));
        }
        if on(R_DAY_MONTH) {
            best = longer(best, self.day_month(i));
        }
        if on(R_MONTH_YEAR) {
            best = longer(best, self.month_year(i, Mod::None));
        }
        if on(R_MONTH) {
            best = longer(best, self.month(i, Mod::None, false));
        }
        if on(R_YEAR) {
            best = longer(best, self.year(i, Mod::None, false));
        }
        if on(R_WEEKDAY) {
            best = longer(best, self.weekday(i, Mod::None, false));
        }
        if on(R_DEICTIC) {
            best = longer(best, self.deictic(i));
        }
        if on(R_REL_UNIT) {
            best = longer(best, self.rel_unit(i, Mod::None));
        }
        if on(R_AGO) {
            best = longer(best, self.ago(i));
        }
        if on(R_RECENT) {
            best = longer(best, self.recent(i));
        }
        if on(R_WINDOW) {
            best = longer(best, self.window(i));
        }
        if on(R_SEASON) {
            best = longer(best, self.season(i, Mod::None, false));
        }
        if on(R_QUARTER) {
            best = longer(best, self.quarter(i));
        }
        if on(R_MODIFIED) {
            best = longer(best, self.modified(i));
        }
        best
    }

    // --- pieces -----------------------------------------------------------

    /// Token `i` starts cleanly: not glued to a preceding letter, digit or
    /// number-formatting character.
    fn clean_before(&self, i: usize) -> bool {
        let t = self.t;
        if i == 0 || !t.touching(i - 1) {
            return true;
        }
        if t.is_dash(i - 1) {
            // "mid-2022", "post-2008": a dash glued to a word, not to a number
            return i >= 2 && t.touching(i - 2) && t.kind(i - 2) == Kind::Word;
        }
        !matches!(t.kind(i - 1), Kind::Word | Kind::Num)
            && !matches!(
                t.s(i - 1),
                "$" | "£" | "€" | "#" | "." | "," | "/" | ":" | "+"
            )
    }

    /// Nothing number-like is glued after token `i` (end of a number).
    fn clean_after_num(&self, i: usize) -> bool {
        let t = self.t;
        if !t.touching(i) {
            return true;
        }
        let next = i + 1;
        match t.kind(next) {
            Kind::Word | Kind::Num => false,
            Kind::Punct => {
                if matches!(t.s(next), "%" | "$" | "£" | "€") {
                    return false;
                }
                if matches!(t.s(next), "." | "," | ":" | "/" | "-" | "\u{2013}")
                    && t.touching(next)
                    && t.kind(next + 1) == Kind::Num
                {
                    return false;
                }
                true
            }
        }
    }

    /// A word token ends cleanly (next token is not glued letters/digits).
    fn clean_after_word(&self, i: usize) -> bool {
        let t = self.t;
        !t.touching(i) || t.kind(i + 1) == Kind::Punct
    }

    /// A number token of 1-2 digits in 1..=31 with an optional ordinal suffix.
    /// Returns (day, next token).
    fn day_num(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.t;
        if i >= t.len() || t.kind(i) != Kind::Num || t.s(i).len() > 2 {
            return None;
        }
        let d: u32 = t.s(i).parse().ok()?;
        if !(1..=31).contains(&d) || (!self.clean_before(i) && !t.is_dash(i.wrapping_sub(1))) {
            return None;
        }
        let mut end = i;
        if t.touching(i) && t.is_any(i + 1, &["st", "nd", "rd", "th"]).is_some() {
            end = i + 1;
            if !self.clean_after_word(end) {
                return None;
            }
        } else if !self.clean_after_num(i) {
            // allow "10-11" ranges: a dash followed by another day number
            if !(t.touching(i) && t.is_dash(i + 1)) {
                return None;
            }
        }
        Some((d, end + 1))
    }

    /// A four-digit year 1000..=2999. Returns (year, next token).
    fn year_num(&self, i: usize) -> Option<(i32, usize)> {
        let t = self.t;
        if i >= t.len() || t.kind(i) != Kind::Num || t.s(i).len() != 4 {
            return None;
        }
        let y: i32 = t.s(i).parse().ok()?;
        if !(1000..=2999).contains(&y) || !self.clean_before(i) || !self.clean_after_num(i) {
            return None;
        }
        Some((y, i + 1))
    }

    /// A month name or abbreviation (with optional glued "."). Returns
    /// (month, kind, next token).
    fn month_name(&self, i: usize) -> Option<(u32, MonthKind, usize)> {
        let t = self.t;
        if i >= t.len() || t.kind(i) != Kind::Word {
            return None;
        }
        let &(m, kind) = self.lex.months.get(t.s(i))?;
        let mut next = i + 1;
        if kind == MonthKind::Abbr && t.touching(i) && t.s(i + 1) == "." {
            next += 1;
        }
        if t.touching(i) && t.kind(i + 1) != Kind::Punct {
            return None;
        }
        Some((m, kind, next))
    }

    fn weekday_name(&self, i: usize) -> Option<u32> {
        let t = self.t;
        if i >= t.len() || t.kind(i) != Kind::Word {
            return None;
        }
        self.lex.weekdays.get(t.s(i)).copied()
    }

    fn is_time_word(&self, i: usize) -> bool {
        self.month_name(i).is_some() || self.weekday_name(i).is_some()
    }

    /// The word before token `i` licenses a date reading.
    fn has_context(&self, i: usize) -> bool {
        let t = self.t;
        if i == 0 {
            return false;
        }
        let p = i - 1;
        if t.kind(p) == Kind::Word {
            let w = t.lower(p);
            if matches!(&*w, "and" | "or" | "to") {
                // "March and May", "from 5 to 10 May": only after another date word
                return i >= 2 && (self.is_time_word(i - 2) || t.kind(i - 2) == Kind::Num);
            }
            return self.lex.context.contains(&*w);
        }
        // "mid-March"
        t.is_dash(p) && t.touching(p) && i >= 2 && t.is("mid", i - 2)
    }

    /// A capitalised non-time word follows directly ("August Wilson").
    fn followed_by_name(&self, next: usize) -> bool {
        let t = self.t;
        next < t.len()
            && next > 0
            && !t.touching(next - 1)
            && t.is_capitalized(next)
            && !self.is_time_word(next)
            && !self.lex.parts_of_day.contains(&*t.lower(next))
    }

    /// Optional ", 2021" / " 2021" after a date. Returns (year, next).
    fn opt_year(&self, i: usize) -> (Option<i32>, usize) {
        let j = if self.t.s(i) == "," { i + 1 } else { i };
        match self.year_num(j) {
            Some((y, next)) => (Some(y), next),
            None => (None, i),
        }
    }

    // --- rules ------------------------------------------------------------

    /// 2023-05-10, 2023-05
    fn iso(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        if t.kind(i) != Kind::Num || t.s(i).len() != 4 || !self.clean_before(i) {
            return None;
        }
        let y: i32 = t.s(i).parse().ok()?;
        if !(t.touching(i)
            && t.s(i + 1) == "-"
            && t.touching(i + 1)
            && t.kind(i + 2) == Kind::Num
            && t.s(i + 2).len() == 2)
        {
            return None;
        }
        let m: u32 = t.s(i + 2).parse().ok()?;
        if !(1..=12).contains(&m) {
            return None;
        }
        if t.touching(i + 2)
            && t.s(i + 3) == "-"
            && t.touching(i + 3)
            && t.kind(i + 4) == Kind::Num
            && t.s(i + 4).len() == 2
        {
            let d: u32 = t.s(i + 4).parse().ok()?;
            if (1..=31).contains(&d) && self.clean_after_num(i + 4) {
                return Some((
                    i + 5,
                    Parsed::Date {
                        from: (Some(y), m, d),
                        to: None,
                    },
                ));
            }
            return None;
        }
        if self.clean_after_num(i + 2) {
            return Some((
                i + 3,
                Parsed::Month {
                    year: Some(y),
                    month: m,
                    rel: None,
                    md: Mod::None,
                },
            ));
        }
        None
    }

    /// "Tuesday, May 23": the date decides; the weekday is kept in the span.
    fn weekday_date(&self, i: usize) -> Option<(usize, Parsed)> {
        self.weekday_name(i)?;
        let j = if self.t.s(i + 1) == "," { i + 2 } else { i + 1 };
        longer(self.month_day(j), self.day_month(j))
    }

    /// "May 10", "May 10-11", "May 30-June 2", "March 3, 2021", "Jan. 5th"
    fn month_day(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        let (m, _, j) = self.month_name(i)?;
        let (d, mut k) = self.day_num(j)?;
        let mut to: Option<(u32, u32)> = None;
        if t.is_dash(k) || t.is("to", k) || t.is("through", k) {
            if let Some((m2, _, j2)) = self.month_name(k + 1) {
                if let Some((d2, k2)) = self.day_num(j2) {
                    to = Some((m2, d2));
                    k = k2;
                }
            } else if let Some((d2, k2)) = self.day_num(k + 1) {
                if d2 > d {
                    to = Some((m, d2));
                    k = k2;
                }
            }
        }
        let (y, k) = self.opt_year(k);
        let from = (y, m, d);
        let to = to.map(|(m2, d2)| (y, m2, d2));
        Some((k, Parsed::Date { from, to }))
    }

    /// "3 March 2021", "10-11 May", "3rd of March"
    fn day_month(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        let (d, mut j) = self.day_num(i)?;
        if !self.clean_before(i) {
            return None;
        }
        let mut d2 = None;
        if t.is_dash(j) {
            let (e, j2) = self.day_num(j + 1)?;
            if e <= d {
                return None;
            }
            d2 = Some(e);
            j = j2;
        }
        if t.is("of", j) {
            j += 1;
        }
        let (m, _, k) = self.month_name(j)?;
        let (y, k) = self.opt_year(k);
        let to = d2.map(|e| (y, m, e));
        Some((
            k,
            Parsed::Date {
                from: (y, m, d),
                to,
            },
        ))
    }

    /// "May 2022", "March of 2021"
    fn month_year(&self, i: usize, md: Mod) -> Option<(usize, Parsed)> {
        let t = self.t;
        let (m, _, mut j) = self.month_name(i)?;
        if t.is("of", j) || t.s(j) == "," {
            j += 1;
        }
        let (y, k) = self.year_num(j)?;
        Some((
            k,
            Parsed::Month {
                year: Some(y),
                month: m,
                rel: None,
                md,
            },
        ))
    }

    /// "in March", "last May", "next November". `licensed`: a modifier
    /// already provides date context.
    fn month(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
        let t = self.t;
        let rel = match t.is_any(i, &["last", "this", "next"]) {
            Some(0) => Some(Rel::Last),
            Some(1) => Some(Rel::This),
            Some(2) => Some(Rel::Next),
            _ => None,
        };
        let at = if rel.is_some() { i + 1 } else { i };
        let (m, kind, next) = self.month_name(at)?;
        if !self.lenient {
            match kind {
                MonthKind::Abbr => return None,
                MonthKind::Ambiguous => {
                    if !(licensed || rel.is_some() || self.has_context(i))
                        || self.followed_by_name(next)
                    {
                        return None;
                    }
                }
                MonthKind::Plain => {
                    if !(licensed || rel.is_some() || self.has_context(i))
                        && self.followed_by_name(next)
                    {
                        return None;
                    }
                }
            }
        }
        Some((
            next,
            Parsed::Month {
                year: None,
                month: m,
                rel,
                md,
            },
        ))
    }

    /// "in 2018", "2018 election", "1990-2000", "the 1990s"
    fn year(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
        let t = self.t;
        // decade: 1990s, 1990's
        if t.kind(i) == Kind::Num
            && t.s(i).len() == 4
            && t.s(i).ends_with('0')
            && self.clean_before(i)
        {
            let y: i32 = t.s(i).parse().ok()?;
            let mut j = i + 1;
            if t.touching(i) && matches!(t.s(j), "'" | "\u{2019}") {
                j += 1;
            }
            if t.touching(j - 1)
                && t.s(j) == "s"
                && self.clean_after_word(j)
                && (1000..=2990).contains(&y)
            {
                return Some((j + 1, Parsed::Decade { year: y, md }));
            }
        }
        // year range 1990-2000 (the range end may be 2 digits: 2022-23 is refused)
        if t.kind(i) == Kind::Num
            && t.s(i).len() == 4
            && t.touching(i)
            && t.is_dash(i + 1)
            && t.touching(i + 1)
        {
            let y: i32 = t.s(i).parse().ok()?;
            if self.clean_before(i) && (1000..=2999).contains(&y) {
                let j = i + 2;
                if j < t.len()
                    && t.kind(j) == Kind::Num
                    && t.s(j).len() == 4
                    && self.clean_after_num(j)
                {
                    let y2: i32 = t.s(j).parse().ok()?;
                    if y2 > y && y2 <= 2999 {
                        return Some((
                            j + 1,
                            Parsed::Year {
                                year: y,
                                to: Some(y2),
                                md,
                            },
                        ));
                    }
                }
            }
            return None;
        }
        let (y, next) = self.year_num(i)?;
        if !(self.lenient || licensed || self.has_context(i)) {
            let after = t.lower(next);
            let ok = next >= t.len()
                || (t.kind(next) == Kind::Punct && !matches!(t.s(next), "%" | "-" | "\u{2013}"))
                || (t.is_capitalized(next) && !self.lex.year_blockers.contains(&*after))
                || self.lex.event_nouns.contains(&*after);
            if !ok || !(1900..=2099).contains(&y) {
                return None;
            }
        }
        Some((
            next,
            Parsed::Year {
                year: y,
                to: None,
                md,
            },
        ))
    }

    /// "Tuesday", "Wednesday evening", "last Friday"
    fn weekday(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
        let t = self.t;
        let rel = match t.is_any(i, &["last", "this", "next"]) {
            Some(0) => Some(Rel::Last),
            Some(1) => Some(Rel::This),
            Some(2) => Some(Rel::Next),
            _ => None,
        };
        let at = if rel.is_some() { i + 1 } else { i };
        let wd = self.weekday_name(at)?;
        if !self.clean_after_word(at) {
            return None;
        }
        let mut next = at + 1;
        if next < t.len() && !t.touching(at) && self.lex.parts_of_day.contains(&*t.lower(next)) {
            next += 1;
        }
        if !self.lenient && rel.is_none() {
            if at > 0 && !t.touching(at - 1) && self.lex.named_days.contains(t.s(at - 1)) {
                return None;
            }
            if !(licensed || self.has_context(i)) && next == at + 1 && self.followed_by_name(next) {
                return None;
            }
        }
        Some((
            next,
            Parsed::Weekday {
                wd: wd - 1,
                rel,
                md,
            },
        ))
    }

    /// "of 2022", "2022", ", 2022", "of last year": a year after a season or
    /// quarter. Returns (year, next).
    fn year_ref(&self, i: usize) -> Option<(YearRef, usize)> {
        let t = self.t;
        let j = if t.is("of", i) || t.s(i) == "," {
            i + 1
        } else {
            i
        };
        if let Some((y, next)) = self.year_num(j) {
            return Some((YearRef::Abs(y), next));
        }
        if j > i && t.is("year", j + 1) {
            let k = match t.is_any(j, &["last", "this", "next"])? {
                0 => -1,
                1 => 0,
                _ => 1,
            };
            return Some((YearRef::Rel(k), j + 2));
        }
        None
    }

    /// "this summer", "last fall", "summer 2022", "the summer of 2022",
    /// "in the spring", "early this winter". A bare season word needs a
    /// context word before it ("in spring", "during the winter"), and "the
    /// fall of Kabul" is refused.
    fn season(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
        let t = self.t;
        let word = |j: usize| {
            t.is_any(j, &["spring", "summer", "fall", "autumn", "winter"])
                .and_then(|k| [0, 1, 2, 2, 3].get(k).copied())
        };
        let mut at = i;
        let mut rel = match t.is_any(i, &["last", "this", "next"]) {
            Some(0) => Some(Rel::Last),
            Some(1) => Some(Rel::This),
            Some(2) => Some(Rel::Next),
            _ => None,
        };
        if rel.is_some() {
            at += 1;
            if rel == Some(Rel::This) && t.is("past", at) {
                rel = Some(Rel::Last);
                at += 1;
            }
        } else if t.is("the", i) {
            at += 1;
        }
        let idx = word(at)?;
        if !self.clean_after_word(at) {
            return None;
        }
        let part = |year, rel| Parsed::Part {
            kind: PartKind::Season,
            idx,
            year,
            rel,
            md,
        };
        if rel.is_none() {
            if let Some((y, next)) = self.year_ref(at + 1) {
                return Some((next, part(Some(y), None)));
            }
            if t.is("of", at + 1) {
                return None;
            }
            if !(self.lenient || licensed || self.has_context(i)) {
                return None;
            }
        }
        Some((at + 1, part(None, rel)))
    }

    /// "Q1 2023", "Q3", "the first quarter of 2023", "the second half of
    /// last year". A spelled-out quarter or half needs its year ("the first
    /// quarter" alone is as often a game's as a year's).
    fn quarter(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        if t.s(i) == "Q"
            && t.touching(i)
            && t.kind(i + 1) == Kind::Num
            && self.clean_after_num(i + 1)
        {
            let n: u32 = t.s(i + 1).parse().ok()?;
            let kind = PartKind::Quarter;
            if !(1..=4).contains(&n) {
                return None;
            }
            let (year, next) = match self.year_ref(i + 2) {
                Some((y, next)) => (Some(y), next),
                None => (None, i + 2),
            };
            return Some((
                next,
                Parsed::Part {
                    kind,
                    idx: n - 1,
                    year,
                    rel: None,
                    md: Mod::None,
                },
            ));
        }
        let j = if t.is("the", i) { i + 1 } else { i };
        let n = t.is_any(j, &["first", "second", "third", "fourth"])? as u32;
        let kind = match t.is_any(j + 1, &["quarter", "half"])? {
            0 => PartKind::Quarter,
            _ if n < 2 => PartKind::Half,
            _ => return None,
        };
        let (year, next) = self.year_ref(j + 2)?;
        Some((
            next,
            Parsed::Part {
                kind,
                idx: n,
                year: Some(year),
                rel: None,
                md: Mod::None,
            },
        ))
    }

    /// yesterday, today, tomorrow, tonight, last night, this morning
    fn deictic(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        let pod = |j: usize| j < t.len() && self.lex.parts_of_day.contains(&*t.lower(j));
        let (n, mut next) = match t.is_any(i, &["yesterday", "today", "tonight", "tomorrow"]) {
            Some(0) => (-1, i + 1),
            Some(1) | Some(2) => (0, i + 1),
            Some(3) => (1, i + 1),
            _ => {
                if t.is("last", i) && t.is("night", i + 1) {
                    return Some((i + 2, Parsed::Deictic(-1)));
                }
                if t.is("this", i) && pod(i + 1) {
                    return Some((i + 2, Parsed::Deictic(0)));
                }
                return None;
            }
        };
        if !self.clean_after_word(i) {
            return None;
        }
        // "USA Today": a capitalised word glued by a space before "Today"
        if !self.lenient
            && t.s(i) == "Today"
            && i > 0
            && t.is_capitalized(i - 1)
            && !t.touching(i - 1)
        {
            return None;
        }
        if !t.is("tonight", i) && pod(next) {
            next += 1;
        }
        Some((next, Parsed::Deictic(n)))
    }

    /// "last week", "this weekend", "next month", "earlier this year",
    /// "this past weekend", "the weekend"
    fn rel_unit(&self, i: usize, md: Mod) -> Option<(usize, Parsed)> {
        let t = self.t;
        let mut j = i;
        let mut md = md;
        if md == Mod::None {
            match t.is_any(j, &["earlier", "later"]) {
                Some(0) => {
                    md = Mod::Earlier;
                    j += 1;
                }
                Some(1) => {
                    md = Mod::Later;
                    j += 1;
                }
                _ => {}
            }
        }
        if md == Mod::None
            && t.is("the", j)
            && t.is("weekend", j + 1)
            && self.clean_after_word(j + 1)
        {
            return Some((j + 2, Parsed::TheWeekend));
        }
        let rel = match t.is_any(j, &["last", "this", "next"]) {
            Some(0) => Rel::Last,
            Some(1) if t.is("past", j + 1) => {
                j += 1;
                Rel::Last
            }
            Some(1) => Rel::This,
            Some(2) => Rel::Next,
            _ => return None,
        };
        let unit = match t.is_any(j + 1, &["week", "weekend", "month", "year"]) {
            Some(0) => Unit::Week,
            Some(1) => Unit::Weekend,
            Some(2) => Unit::Month,
            Some(3) => Unit::Year,
            _ => return None,
        };
        // "the last week of May" is not last week
        if !self.clean_after_word(j + 1) || t.is("of", j + 2) {
            return None;
        }
        Some((j + 2, Parsed::RelUnit { rel, unit, md }))
    }

    /// An optional quantity before a unit word: a number ("10"), a number word
    /// ("two", "a"), or a vague one ("several", "a few", "a couple of").
    /// Returns (Some(n) for a count, was a count given, next token); a count
    /// of zero is refused.
    fn quantity(&self, i: usize) -> Option<(Option<u32>, bool, usize)> {
        let t = self.t;
        let mut j = i;
        if t.kind(j) == Kind::Num {
            if t.s(j).len() > 3 || !self.clean_before(j) || !self.clean_after_num(j) {
                return None;
            }
            let n: u32 = t.s(j).parse().ok()?;
            return (n > 0).then_some((Some(n), true, j + 1));
        }
        if t.kind(j) == Kind::Word {
            let w = t.lower(j);
            if (w == "a" || w == "an") && self.lex.vague.contains(&*t.lower(j + 1)) {
                j += 2;
            } else if self.lex.vague.contains(&*w) {
                j += 1;
            } else if let Some(&v) = self.lex.numbers.get(&*w) {
                return (v > 0).then_some((Some(v), true, j + 1));
            }
            if j > i && t.is("of", j) {
                j += 1; // "a couple of weeks"
            }
        }
        Some((None, false, j))
    }

    /// A unit word at `j`: (unit, plural).
    fn unit_word(&self, j: usize) -> Option<(Unit, bool)> {
        let k = self.t.is_any(
            j,
            &[
                "day", "days", "week", "weeks", "month", "months", "year", "years", "decade",
                "decades",
            ],
        )?;
        let unit = *[Unit::Day, Unit::Week, Unit::Month, Unit::Year, Unit::Decade].get(k / 2)?;
        Some((unit, k % 2 == 1))
    }

    /// "two years ago", "a week ago", "months ago", "a few weeks ago"
    fn ago(&self, i: usize) -> Option<(usize, Parsed)> {
        let (n, _, j) = self.quantity(i)?;
        let (unit, plural) = self.unit_word(j)?;
        if !self.t.is("ago", j + 1) {
            return None;
        }
        // "days ago" alone must be plural and not follow a number we refused
        // ("1000 days ago", "zero days ago" are not "days ago").
        if n.is_none()
            && j == i
            && (!plural
                || i > 0 && matches!(self.t.kind(i - 1), Kind::Num)
                || self.t.is("zero", i.wrapping_sub(1)))
        {
            return None;
        }
        Some((j + 2, Parsed::Ago { n, unit }))
    }

    /// "the past week", "the last two years", "the past few months",
    /// "the coming weeks", "the next three days". A singular future window
    /// ("the next day") is left alone: it is usually relative to the story,
    /// not to the publication date; so is "the last week of May".
    fn window(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        if !t.is("the", i) {
            return None;
        }
        let future = t.is_any(i + 1, &["past", "last", "coming", "next"])? >= 2;
        let (n, counted, j) = self.quantity(i + 2)?;
        let (unit, plural) = self.unit_word(j)?;
        if t.is("of", j + 1)
            || t.is("ago", j + 1)
            || (future && !plural)
            || (counted && n == Some(1) && plural)
        {
            return None;
        }
        // "the last week" (singular, no count) is one unit
        let n = if !counted && !plural { Some(1) } else { n };
        Some((j + 1, Parsed::Window { n, unit, future }))
    }

    /// "recent months", "recent weeks"
    fn recent(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        if !t.is("recent", i) {
            return None;
        }
        let unit = match t.is_any(i + 1, &["days", "weeks", "months", "years"])? {
            0 => Unit::Day,
            1 => Unit::Week,
            2 => Unit::Month,
            _ => Unit::Year,
        };
        Some((i + 2, Parsed::Recent(unit)))
    }

    /// "early next month", "late last year", "mid-March", "late Tuesday",
    /// "early 2023", "late May 2022"
    fn modified(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        let md = match t.is_any(i, &["early", "mid", "late"])? {
            0 => Mod::Early,
            1 => Mod::Mid,
            _ => Mod::Late,
        };
        let mut j = i + 1;
        if t.touching(i) && t.is_dash(j) {
            j += 1;
        } else if t.touching(i) {
            return None;
        }
        let mut best = self.rel_unit(j, md);
        best = longer(best, self.month_year(j, md));
        best = longer(best, self.month(j, md, true));
        best = longer(best, self.year(j, md, true));
        best = longer(best, self.weekday(j, md, true));
        best = longer(best, self.season(j, md, true));
        best
    }
}

// ---------------------------------------------------------------------------
// Resolution

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt()
}

/// (year, month) shifted by `k` months.
fn add_months(y: i32, m: u32, k: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + k;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

fn day_value(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn days(s: NaiveDate, e: NaiveDate, value: String) -> Normalized {
    Normalized {
        value: Some(value),
        start: Some(s),
        end: Some(e),
    }
}

fn day(d: NaiveDate) -> Normalized {
    days(d, d, day_value(d))
}

fn month_span(y: i32, m: u32) -> Option<Normalized> {
    Some(days(
        ymd(y, m, 1)?,
        month_end(y, m)?,
        format!("{:04}-{:02}", y, m),
    ))
}

fn year_span(y: i32) -> Option<Normalized> {
    Some(days(ymd(y, 1, 1)?, ymd(y, 12, 31)?, format!("{:04}", y)))
}

fn week_span(d: NaiveDate) -> Normalized {
    let mon = monday_of(d);
    let w = mon.iso_week();
    days(
        mon,
        mon + Duration::days(6),
        format!("{:04}-W{:02}", w.year(), w.week()),
    )
}

fn weekend_span(sat: NaiveDate) -> Normalized {
    let w = sat.iso_week();
    days(
        sat,
        sat + Duration::days(1),
        format!("{:04}-W{:02}-WE", w.year(), w.week()),
    )
}

/// Narrow a span by a modifier; `unit` picks the calendar thirds.
fn apply_mod(
    mut n: Normalized,
    md: Mod,
    unit: Unit,
    anchor: Option<NaiveDate>,
) -> Option<Normalized> {
    let (s, e) = (n.start?, n.end?);
    let (ns, ne) = match md {
        Mod::None => (s, e),
        Mod::Earlier => match anchor {
            Some(a) if s <= a && a <= e => (s, a),
            _ => (s, e),
        },
        Mod::Later => match anchor {
            Some(a) if s <= a && a <= e => (a, e),
            _ => (s, e),
        },
        Mod::Early | Mod::Mid | Mod::Late => match unit {
            Unit::Month => match md {
                Mod::Early => (s, ymd(s.year(), s.month(), 10)?),
                Mod::Mid => (ymd(s.year(), s.month(), 11)?, ymd(s.year(), s.month(), 20)?),
                _ => (ymd(s.year(), s.month(), 21)?, e),
            },
            Unit::Year => match md {
                Mod::Early => (s, month_end(s.year(), 4)?),
                Mod::Mid => (ymd(s.year(), 5, 1)?, month_end(s.year(), 8)?),
                _ => (ymd(s.year(), 9, 1)?, e),
            },
            _ => {
                let len = (e - s).num_days() + 1;
                let third = Duration::days((len / 3).max(1));
                match md {
                    Mod::Early => (s, (s + third - Duration::days(1)).min(e)),
                    Mod::Mid if len >= 3 => (s + third, e - third),
                    Mod::Mid => (s, e),
                    _ => ((e - third + Duration::days(1)).max(s), e),
                }
            }
        },
    };
    n.start = Some(ns);
    n.end = Some(ne);
    Some(n)
}

/// The weekday `wd` (0 = Monday) chosen by tense around the anchor.
fn pick_weekday(a: NaiveDate, wd: u32, rel: Option<Rel>, tense: Tense) -> NaiveDate {
    let cur = a.weekday().num_days_from_monday() as i64;
    let back = (cur - wd as i64).rem_euclid(7); // 0..=6 days back
    let fwd = (wd as i64 - cur).rem_euclid(7); // 0..=6 days ahead
    let off = match rel {
        Some(Rel::Last) => -(if back == 0 { 7 } else { back }),
        Some(Rel::Next) => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Some(Rel::This) | None => match tense {
            Tense::Past => -back,
            Tense::Future => fwd,
            Tense::Present | Tense::Unknown => {
                if back <= 3 {
                    -back
                } else {
                    fwd
                }
            }
        },
    };
    a + Duration::days(off)
}

/// The year of month `m` chosen by tense around the anchor.
fn pick_month_year(a: NaiveDate, m: u32, rel: Option<Rel>, tense: Tense) -> i32 {
    let (ay, am) = (a.year(), a.month() as i32);
    let m = m as i32;
    match rel {
        Some(Rel::Last) => {
            if m < am {
                ay
            } else {
                ay - 1
            }
        }
        Some(Rel::Next) => {
            if m > am {
                ay
            } else {
                ay + 1
            }
        }
        Some(Rel::This) => ay,
        None => match tense {
            Tense::Past => {
                if m <= am {
                    ay
                } else {
                    ay - 1
                }
            }
            Tense::Future => {
                if m >= am {
                    ay
                } else {
                    ay + 1
                }
            }
            Tense::Present | Tense::Unknown => {
                let diff = m - am; // -11..=11
                if diff > 6 {
                    ay - 1
                } else if diff < -6 {
                    ay + 1
                } else {
                    ay
                }
            }
        },
    }
}

/// The year of month-day `m`/`d` chosen by tense around the anchor.
fn pick_date(a: NaiveDate, m: u32, d: u32, tense: Tense) -> Option<NaiveDate> {
    let ay = a.year();
    match tense {
        Tense::Past => (0..9).filter_map(|k| ymd(ay - k, m, d)).find(|x| *x <= a),
        Tense::Future => (0..9).filter_map(|k| ymd(ay + k, m, d)).find(|x| *x >= a),
        Tense::Present | Tense::Unknown => (ay - 4..=ay + 4)
            .filter_map(|y| ymd(y, m, d))
            .min_by_key(|x| ((*x - a).num_days().abs(), (x.year() != ay) as u8)),
    }
}

fn resolve(p: &Parsed, anchor: Option<NaiveDate>, tense: Tense) -> Option<Normalized> {
    match *p {
        Parsed::Date { from, to } => {
            let start = match from {
                (Some(y), m, d) => ymd(y, m, d)?,
                (None, m, d) => pick_date(anchor?, m, d, tense)?,
            };
            let end = match to {
                None => start,
                Some((_, m2, d2)) => {
                    let same = ymd(start.year(), m2, d2);
                    match same {
                        Some(e) if e >= start => e,
                        _ => ymd(start.year() + 1, m2, d2)
                            .filter(|e| *e >= start)
                            .unwrap_or(start),
                    }
                }
            };
            // "Dec. 30-Jan. 2, 2024": the written year belongs to the end.
            let (start, end) = match (from.0, to) {
                (Some(y), Some(_)) if end.year() > y => {
                    let s = ymd(y - 1, start.month(), start.day())?;
                    (s, ymd(y, end.month(), end.day())?)
                }
                _ => (start, end),
            };
            Some(days(start, end, day_value(start)))
        }
        Parsed::Month {
            year,
            month,
            rel,
            md,
        } => {
            let y = match year {
                Some(y) => y,
                None => pick_month_year(anchor?, month, rel, tense),
            };
            apply_mod(month_span(y, month)?, md, Unit::Month, anchor)
        }
        Parsed::Year { year, to, md } => {
            let mut n = year_span(year)?;
            if let Some(y2) = to {
                n.end = Some(ymd(y2, 12, 31)?);
            }
            apply_mod(n, md, Unit::Year, anchor)
        }
        Parsed::Decade { year, md } => {
            let n = days(
                ymd(year, 1, 1)?,
                ymd(year + 9, 12, 31)?,
                format!("{:03}", year / 10),
            );
            apply_mod(n, md, Unit::Decade, anchor)
        }
        Parsed::Weekday { wd, rel, md } => {
            let d = pick_weekday(anchor?, wd, rel, tense);
            apply_mod(day(d), md, Unit::Day, anchor)
        }
        Parsed::Deictic(n) => Some(day(anchor? + Duration::days(n))),
        Parsed::TheWeekend => Some(weekend(anchor?, None, tense, false)),
        Parsed::RelUnit { rel, unit, md } => {
            let a = anchor?;
            let k: i64 = match rel {
                Rel::Last => -1,
                Rel::This => 0,
                Rel::Next => 1,
            };
            let n = match unit {
                Unit::Week => week_span(a + Duration::days(7 * k)),
                Unit::Weekend => weekend(a, Some(rel), tense, true),
                Unit::Month => {
                    let (y, m) = add_months(a.year(), a.month(), k);
                    month_span(y, m)?
                }
                Unit::Year => year_span(a.year() + k as i32)?,
                Unit::Day | Unit::Decade => return None,
            };
            apply_mod(n, md, unit, anchor)
        }
        Parsed::Ago { n, unit } => {
            let a = anchor?;
            let Some(n) = n else {
                let end = match unit {
                    Unit::Day | Unit::Weekend => a - Duration::days(1),
                    Unit::Week => a - Duration::days(7),
                    Unit::Month => {
                        let (y, m) = add_months(a.year(), a.month(), -1);
                        ymd(y, m, a.day().min(month_end(y, m)?.day()))?
                    }
                    Unit::Year => ymd(a.year() - 1, a.month(), 1)?,
                    Unit::Decade => ymd(a.year() - 10, a.month(), 1)?,
                };
                return Some(Normalized {
                    value: Some("PAST_REF".into()),
                    start: None,
                    end: Some(end),
                });
            };
            let n = n as i64;
            match unit {
                Unit::Day | Unit::Weekend => Some(day(a - Duration::days(n))),
                Unit::Week => Some(week_span(a - Duration::days(7 * n))),
                Unit::Month => {
                    let (y, m) = add_months(a.year(), a.month(), -n);
                    month_span(y, m)
                }
                Unit::Year => year_span(a.year() - n as i32),
                Unit::Decade => {
                    let y = (a.year() - 10 * n as i32).div_euclid(10) * 10;
                    resolve(
                        &Parsed::Decade {
                            year: y,
                            md: Mod::None,
                        },
                        None,
                        tense,
                    )
                }
            }
        }
        Parsed::Part {
            kind,
            idx,
            year,
            rel,
            md,
        } => {
            let n = match kind {
                PartKind::Season | PartKind::Quarter => 4,
                PartKind::Half => 2,
            };
            let (y, idx) = match year {
                Some(YearRef::Abs(y)) => (y, idx as i64),
                Some(YearRef::Rel(k)) => (anchor?.year() + k, idx as i64),
                None => {
                    let a = anchor?;
                    let cur = current_part(a, kind);
                    let o = pick_cycle(cur, idx as i64, n, rel, tense);
                    (o.div_euclid(n) as i32, o.rem_euclid(n))
                }
            };
            let (code, first_month, months) = match kind {
                PartKind::Season => (
                    (*["SP", "SU", "FA", "WI"].get(usize::try_from(idx).ok()?)?).to_string(),
                    3 + 3 * idx as u32,
                    3,
                ),
                PartKind::Quarter => (format!("Q{}", idx + 1), 1 + 3 * idx as u32, 3),
                PartKind::Half => (format!("H{}", idx + 1), 1 + 6 * idx as u32, 6),
            };
            let start = ymd(y, first_month, 1)?;
            let (ey, em) = add_months(y, first_month, months - 1);
            let n = days(start, month_end(ey, em)?, format!("{y:04}-{code}"));
            // early/mid/late: thirds counted in days
            apply_mod(n, md, Unit::Day, anchor)
        }
        Parsed::Window { n, unit, future } => {
            let a = anchor?;
            let code = match unit {
                Unit::Day | Unit::Weekend => "D",
                Unit::Week => "W",
                Unit::Month => "M",
                Unit::Year => "Y",
                Unit::Decade => "DE",
            };
            let Some(n) = n else {
                let value = Some(format!("PX{code}"));
                return Some(if future {
                    Normalized {
                        value,
                        start: Some(a),
                        end: None,
                    }
                } else {
                    Normalized {
                        value,
                        start: None,
                        end: Some(a),
                    }
                });
            };
            let k = if future { n as i64 } else { -(n as i64) };
            let other = shift(a, unit, k)?;
            let (start, end) = if future { (a, other) } else { (other, a) };
            Some(days(start, end, format!("P{n}{code}")))
        }
        Parsed::Recent(_) => {
            let a = anchor?;
            Some(Normalized {
                value: Some("PAST_REF".into()),
                start: None,
                end: Some(a),
            })
        }
    }
}

/// The anchor's season, quarter or half as an ordinal (year * n + index).
/// Winter belongs to the year of its December.
fn current_part(a: NaiveDate, kind: PartKind) -> i64 {
    let (y, m) = (a.year() as i64, a.month() as i64);
    match kind {
        PartKind::Season => match m {
            12 => y * 4 + 3,
            1 | 2 => (y - 1) * 4 + 3,
            _ => y * 4 + (m - 3) / 3,
        },
        PartKind::Quarter => y * 4 + (m - 1) / 3,
        PartKind::Half => y * 2 + (m - 1) / 6,
    }
}

/// The ordinal of part `idx` (of `n` per year) chosen around the current
/// ordinal `cur`: "last" strictly before, "next" strictly after; otherwise
/// `Past` → at or before, any other tense → at or after (the current one or
/// the coming one).
fn pick_cycle(cur: i64, idx: i64, n: i64, rel: Option<Rel>, tense: Tense) -> i64 {
    let back = (cur.rem_euclid(n) - idx).rem_euclid(n);
    let fwd = (idx - cur.rem_euclid(n)).rem_euclid(n);
    match rel {
        Some(Rel::Last) => cur - if back == 0 { n } else { back },
        Some(Rel::Next) => cur + if fwd == 0 { n } else { fwd },
        Some(Rel::This) | None => match tense {
            Tense::Past => cur - back,
            Tense::Future | Tense::Present | Tense::Unknown => cur + fwd,
        },
    }
}

/// The anchor moved by `k` units (months and years clamp to the month's
/// last day: March 31 minus one month is February 28).
fn shift(a: NaiveDate, unit: Unit, k: i64) -> Option<NaiveDate> {
    let months = match unit {
        Unit::Day | Unit::Weekend => return a.checked_add_signed(Duration::try_days(k)?),
        Unit::Week => return a.checked_add_signed(Duration::try_days(7 * k)?),
        Unit::Month => k,
        Unit::Year => 12 * k,
        Unit::Decade => 120 * k,
    };
    let (y, m) = add_months(a.year(), a.month(), months);
    ymd(y, m, a.day().min(month_end(y, m)?.day()))
}

/// A weekend chosen around the anchor. `explicit_this`: the text said
/// "this weekend" rather than "the weekend".
fn weekend(a: NaiveDate, rel: Option<Rel>, tense: Tense, explicit_this: bool) -> Normalized {
    let cur = a.weekday().num_days_from_monday() as i64; // Sat = 5, Sun = 6
    let prev_sat = a - Duration::days((cur - 5).rem_euclid(7).max(1)); // strictly before
    let next_sat = a + Duration::days((5 - cur).rem_euclid(7).max(1)); // strictly after
    let own = match cur {
        5 => Some(a),
        6 => Some(a - Duration::days(1)),
        _ => None,
    };
    let sat = match rel {
        Some(Rel::Last) => match own {
            Some(s) => s - Duration::days(7),
            None => prev_sat,
        },
        Some(Rel::Next) => match own {
            Some(s) => s + Duration::days(7),
            None => next_sat,
        },
        Some(Rel::This) | None => match own {
            Some(s) => s,
            None => match tense {
                Tense::Past => prev_sat,
                Tense::Future | Tense::Present => next_sat,
                Tense::Unknown => {
                    if explicit_this {
                        next_sat
                    } else {
                        prev_sat
                    }
                }
            },
        },
    };
    weekend_span(sat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tense::{Future as F, Past as P, Present as Pr, Unknown as U};

    fn words() -> &'static TimeWords {
        &crate::knowledge::Knowledge::builtin().unwrap().time
    }

    fn find(text: &str) -> Vec<Span> {
        super::find(words(), text)
    }

    fn normalize(expr: &str, anchor: Option<NaiveDate>, tense: Tense) -> Normalized {
        super::normalize(words(), expr, anchor, tense)
    }

    fn d(s: &str) -> Option<NaiveDate> {
        if s.is_empty() {
            None
        } else {
            Some(if s.starts_with('+') {
                NaiveDate::MAX
            } else {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
            })
        }
    }

    const A: &str = "2023-05-24"; // a Wednesday

    /// (expression, anchor, tense, value, start, end); "" = None.
    #[rustfmt::skip]
    const CASES: &[(&str, &str, Tense, &str, &str, &str)] = &[
        // weekdays by tense
        ("on Sunday", A, P, "2023-05-21", "2023-05-21", "2023-05-21"),
        ("on Tuesday", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("Thursday", A, F, "2023-05-25", "2023-05-25", "2023-05-25"),
        ("Wednesday evening", A, P, "2023-05-24", "2023-05-24", "2023-05-24"),
        ("Wednesday", A, Pr, "2023-05-24", "2023-05-24", "2023-05-24"),
        ("Wednesday", A, F, "2023-05-24", "2023-05-24", "2023-05-24"),
        ("Thursday", A, P, "2023-05-18", "2023-05-18", "2023-05-18"),
        ("Monday", A, F, "2023-05-29", "2023-05-29", "2023-05-29"),
        ("Friday", A, U, "2023-05-26", "2023-05-26", "2023-05-26"),
        ("Monday", A, U, "2023-05-22", "2023-05-22", "2023-05-22"),
        ("last Tuesday", A, U, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("last Wednesday", A, P, "2023-05-17", "2023-05-17", "2023-05-17"),
        ("next Tuesday", A, F, "2023-05-30", "2023-05-30", "2023-05-30"),
        ("Tuesday night", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("late Tuesday", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("Saturday", "2024-01-01", P, "2023-12-30", "2023-12-30", "2023-12-30"),
        // weekends
        ("last weekend", A, P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
        ("this weekend", A, F, "2023-W21-WE", "2023-05-27", "2023-05-28"),
        ("this weekend", A, P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
        ("over the weekend", A, P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
        ("the weekend", A, U, "2023-W20-WE", "2023-05-20", "2023-05-21"),
        ("this weekend", A, U, "2023-W21-WE", "2023-05-27", "2023-05-28"),
        ("next weekend", A, F, "2023-W21-WE", "2023-05-27", "2023-05-28"),
        ("last weekend", "2023-05-28", P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
        ("this weekend", "2023-05-28", P, "2023-W21-WE", "2023-05-27", "2023-05-28"),
        ("this past weekend", "2023-05-22", P, "2023-W20-WE", "2023-05-20", "2023-05-21"),
        // weeks
        ("last week", A, P, "2023-W20", "2023-05-15", "2023-05-21"),
        ("this week", A, U, "2023-W21", "2023-05-22", "2023-05-28"),
        ("next week", A, F, "2023-W22", "2023-05-29", "2023-06-04"),
        ("earlier this week", A, P, "2023-W21", "2023-05-22", "2023-05-24"),
        ("next week", "2020-12-28", F, "2021-W01", "2021-01-04", "2021-01-10"),
        ("last week", "2021-01-05", P, "2020-W53", "2020-12-28", "2021-01-03"),
        // months, relative
        ("earlier this month", A, P, "2023-05", "2023-05-01", "2023-05-24"),
        ("later this month", A, F, "2023-05", "2023-05-24", "2023-05-31"),
        ("early next month", A, F, "2023-06", "2023-06-01", "2023-06-10"),
        ("next month", A, F, "2023-06", "2023-06-01", "2023-06-30"),
        ("last month", A, P, "2023-04", "2023-04-01", "2023-04-30"),
        ("this month", A, U, "2023-05", "2023-05-01", "2023-05-31"),
        ("next month", "2023-12-15", F, "2024-01", "2024-01-01", "2024-01-31"),
        ("last month", "2024-01-10", P, "2023-12", "2023-12-01", "2023-12-31"),
        ("late last month", A, P, "2023-04", "2023-04-21", "2023-04-30"),
        // years, relative and explicit
        ("late last year", A, P, "2022", "2022-09-01", "2022-12-31"),
        ("this year", A, U, "2023", "2023-01-01", "2023-12-31"),
        ("later this year", A, F, "2023", "2023-05-24", "2023-12-31"),
        ("earlier this year", A, P, "2023", "2023-01-01", "2023-05-24"),
        ("last year", A, P, "2022", "2022-01-01", "2022-12-31"),
        ("next year", A, F, "2024", "2024-01-01", "2024-12-31"),
        ("mid-2022", A, P, "2022", "2022-05-01", "2022-08-31"),
        ("early 2023", A, P, "2023", "2023-01-01", "2023-04-30"),
        ("in 2018", A, P, "2018", "2018-01-01", "2018-12-31"),
        ("the 1990s", A, P, "199", "1990-01-01", "1999-12-31"),
        ("1990-2000", A, P, "1990", "1990-01-01", "2000-12-31"),
        // ago and recent
        ("two years ago", A, P, "2021", "2021-01-01", "2021-12-31"),
        ("a week ago", A, P, "2023-W20", "2023-05-15", "2023-05-21"),
        ("three days ago", A, P, "2023-05-21", "2023-05-21", "2023-05-21"),
        ("six months ago", A, P, "2022-11", "2022-11-01", "2022-11-30"),
        ("a decade ago", A, P, "201", "2010-01-01", "2019-12-31"),
        ("months ago", A, P, "PAST_REF", "", "2023-04-24"),
        ("a few weeks ago", A, P, "PAST_REF", "", "2023-05-17"),
        ("in recent months", A, P, "PAST_REF", "", "2023-05-24"),
        // deictic
        ("yesterday", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("today", A, Pr, "2023-05-24", "2023-05-24", "2023-05-24"),
        ("tomorrow", A, F, "2023-05-25", "2023-05-25", "2023-05-25"),
        ("tonight", A, F, "2023-05-24", "2023-05-24", "2023-05-24"),
        ("last night", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("yesterday morning", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("yesterday", "2024-03-01", P, "2024-02-29", "2024-02-29", "2024-02-29"),
        // month names, year from tense
        ("in March", A, P, "2023-03", "2023-03-01", "2023-03-31"),
        ("in November", A, F, "2023-11", "2023-11-01", "2023-11-30"),
        ("in November", A, P, "2022-11", "2022-11-01", "2022-11-30"),
        ("in February", A, P, "2023-02", "2023-02-01", "2023-02-28"),
        ("in December", "2024-01-10", P, "2023-12", "2023-12-01", "2023-12-31"),
        ("February", "2024-01-10", F, "2024-02", "2024-02-01", "2024-02-29"),
        ("in May", A, P, "2023-05", "2023-05-01", "2023-05-31"),
        ("November", A, U, "2023-11", "2023-11-01", "2023-11-30"),
        ("December", "2024-01-10", U, "2023-12", "2023-12-01", "2023-12-31"),
        ("last March", A, U, "2023-03", "2023-03-01", "2023-03-31"),
        ("next March", A, U, "2024-03", "2024-03-01", "2024-03-31"),
        ("last May", A, U, "2022-05", "2022-05-01", "2022-05-31"),
        ("mid-March", A, P, "2023-03", "2023-03-11", "2023-03-20"),
        ("late November", A, F, "2023-11", "2023-11-21", "2023-11-30"),
        // month and day
        ("May 10", A, P, "2023-05-10", "2023-05-10", "2023-05-10"),
        ("on May 10-11", A, P, "2023-05-10", "2023-05-10", "2023-05-11"),
        ("March 3, 2021", A, P, "2021-03-03", "2021-03-03", "2021-03-03"),
        ("3 March 2021", A, F, "2021-03-03", "2021-03-03", "2021-03-03"),
        ("Jan. 5", A, P, "2023-01-05", "2023-01-05", "2023-01-05"),
        ("Sept. 30", A, P, "2022-09-30", "2022-09-30", "2022-09-30"),
        ("Sept. 30", A, F, "2023-09-30", "2023-09-30", "2023-09-30"),
        ("Sep 30", A, U, "2023-09-30", "2023-09-30", "2023-09-30"),
        ("May 30-June 2", A, F, "2023-05-30", "2023-05-30", "2023-06-02"),
        ("Dec. 30-Jan. 2, 2024", A, P, "2023-12-30", "2023-12-30", "2024-01-02"),
        ("Feb. 29", A, P, "2020-02-29", "2020-02-29", "2020-02-29"),
        ("February 30, 2023", A, P, "", "", ""),
        ("Tuesday, May 23", A, P, "2023-05-23", "2023-05-23", "2023-05-23"),
        ("10-11 May", A, P, "2023-05-10", "2023-05-10", "2023-05-11"),
        ("Dec. 31", "2023-12-31", F, "2023-12-31", "2023-12-31", "2023-12-31"),
        ("January 2", "2023-12-31", F, "2024-01-02", "2024-01-02", "2024-01-02"),
        ("May 10th", A, P, "2023-05-10", "2023-05-10", "2023-05-10"),
        // explicit
        ("2023-05-10", A, F, "2023-05-10", "2023-05-10", "2023-05-10"),
        ("2023-05", A, F, "2023-05", "2023-05-01", "2023-05-31"),
        ("May 2022", A, F, "2022-05", "2022-05-01", "2022-05-31"),
        ("Sept. 2022", A, P, "2022-09", "2022-09-01", "2022-09-30"),
        ("early May 2022", A, P, "2022-05", "2022-05-01", "2022-05-10"),
        // no anchor: relative expressions stay unresolved, absolute ones resolve
        ("on Sunday", "", P, "", "", ""),
        ("last weekend", "", P, "", "", ""),
        ("in March", "", P, "", "", ""),
        ("this year", "", U, "", "", ""),
        ("two years ago", "", P, "", "", ""),
        ("May 10", "", P, "", "", ""),
        ("yesterday", "", P, "", "", ""),
        ("in recent months", "", P, "", "", ""),
        ("March 3, 2021", "", P, "2021-03-03", "2021-03-03", "2021-03-03"),
        ("in 2018", "", U, "2018", "2018-01-01", "2018-12-31"),
        ("the 1990s", "", U, "199", "1990-01-01", "1999-12-31"),
        ("2023-05-10", "", U, "2023-05-10", "2023-05-10", "2023-05-10"),
        // not time expressions
        // windows ending or starting at the anchor
        ("the past week", A, P, "P1W", "2023-05-17", "2023-05-24"),
        ("the past two years", A, P, "P2Y", "2021-05-24", "2023-05-24"),
        ("the coming weeks", A, F, "PXW", "2023-05-24", ""),
        ("the next three days", A, F, "P3D", "2023-05-24", "2023-05-27"),
        ("the past few months", A, P, "PXM", "", "2023-05-24"),
        ("over the last year", "2024-02-29", P, "P1Y", "2023-02-28", "2024-02-29"),
        ("the past week", "", P, "", "", ""),
        // seasons, quarters, halves
        ("this summer", A, F, "2023-SU", "2023-06-01", "2023-08-31"),
        ("last fall", A, P, "2022-FA", "2022-09-01", "2022-11-30"),
        ("last winter", A, P, "2022-WI", "2022-12-01", "2023-02-28"),
        ("this winter", A, U, "2023-WI", "2023-12-01", "2024-02-29"),
        ("in the spring", A, P, "2023-SP", "2023-03-01", "2023-05-31"),
        ("next spring", A, F, "2024-SP", "2024-03-01", "2024-05-31"),
        ("the summer of 2022", A, P, "2022-SU", "2022-06-01", "2022-08-31"),
        ("this summer", "2024-01-10", U, "2024-SU", "2024-06-01", "2024-08-31"),
        ("early this summer", A, F, "2023-SU", "2023-06-01", "2023-06-30"),
        ("summer 2022", "", P, "2022-SU", "2022-06-01", "2022-08-31"),
        ("this summer", "", F, "", "", ""),
        ("Q1 2023", A, P, "2023-Q1", "2023-01-01", "2023-03-31"),
        ("the first quarter of 2023", "", P, "2023-Q1", "2023-01-01", "2023-03-31"),
        ("the fourth quarter of last year", A, P, "2022-Q4", "2022-10-01", "2022-12-31"),
        ("Q3", A, P, "2022-Q3", "2022-07-01", "2022-09-30"),
        ("the second half of this year", A, F, "2023-H2", "2023-07-01", "2023-12-31"),
        ("hello", A, P, "", "", ""),
        ("", A, P, "", "", ""),
        ("tomorrow", "+262142-12-31", F, "", "", ""),
    ];

    #[test]
    fn normalize_table() {
        let mut failures = Vec::new();
        for &(expr, anchor, tense, value, start, end) in CASES {
            let want = Normalized {
                value: if value.is_empty() {
                    None
                } else {
                    Some(value.to_string())
                },
                start: d(start),
                end: d(end),
            };
            let got = normalize(expr, d(anchor), tense);
            if got != want {
                failures.push(format!(
                    "{expr:?} @ {anchor} {tense:?}: got {got:?}, want {want:?}"
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert!(CASES.len() >= 60);
    }

    fn found(text: &str) -> Vec<&str> {
        find(text).iter().map(|e| &text[e.start..e.end]).collect()
    }

    #[rustfmt::skip]
    const FIND: &[(&str, &[&str])] = &[
        ("Zhou may cancel the trip, officials said on Tuesday.", &["Tuesday"]),
        ("Protesters planned a march on Washington in March.", &["March"]),
        ("Lin Hua said the talks would resume next week.", &["next week"]),
        ("Augusta Smith and Jan Novak met August Wilson's family.", &[]),
        ("In August Wilson's plays, nothing happens.", &[]),
        ("The March on Washington drew 250,000 people.", &[]),
        ("May I ask? The vote is set for May 10-11.", &["May 10-11"]),
        ("The company, founded in 2018, reported 2000 layoffs and a $2019 fee.", &["2018"]),
        ("On Sunday, the minister said the 2018 election was fraudulent.", &["Sunday", "2018"]),
        ("The summit, held March 3, 2021 in Geneva, ended on 3 March 2022.", &["March 3, 2021", "3 March 2022"]),
        ("Shares fell 3.5% on Jan. 5 and rose through Sept. 30.", &["Jan. 5", "Sept. 30"]),
        ("A dinner planned for Thursday evening was cancelled last weekend, two years ago and earlier this month.",
            &["Thursday evening", "last weekend", "two years ago", "earlier this month"]),
        ("The Sunday Times covered Black Friday sales, USA Today reported.", &[]),
        ("Prices rose in the 1990s and again in mid-2022, then late last year.", &["1990s", "mid-2022", "late last year"]),
        ("Data from 2023-05-10 shows a rise.", &["2023-05-10"]),
        ("Theresa May said Prime Minister May's government would act.", &[]),
        ("In recent months, yesterday's vote and tomorrow's count mattered.", &["recent months", "yesterday", "tomorrow"]),
        ("Él dijo el 5 de mayo… On Friday — «Monday» Mayé Marché", &["Friday", "Monday"]),
        ("April showers; June Carter sang; in April it rained.", &["April"]),
        ("The 2022-23 season; call 555-2018 now.", &[]),
        ("He was born on March 3rd and left from March to May.", &["March 3rd", "March", "May"]),
        ("Officials said Wednesday, May 24, 2023 that the vote would come in November.", &["Wednesday, May 24, 2023", "November"]),
        ("The rally was held over the weekend, a week ago, or this past weekend.", &["the weekend", "a week ago", "this past weekend"]),
        ("Version 2.2018 and 10:30 and 2019%", &[]),
        ("It may rain in May, and Sun may shine on Sunday night.", &["May", "Sunday night"]),
        ("a few weeks ago, several months ago, a couple of years ago", &["a few weeks ago", "several months ago", "a couple of years ago"]),
        ("The strike starts at 1800 GMT on Friday; 2000 troops left.", &["Friday"]),
        ("It ended early, late Monday.", &["late Monday"]),
        ("Over the past week and in the coming months, the next day and the last week of May.",
            &["the past week", "the coming months", "May"]),
        ("Prices fall in the fall; since the fall of Kabul, this summer, the first quarter of 2023 and the first quarter; green H2; Q3 results.",
            &["the fall", "this summer", "the first quarter of 2023", "Q3"]),
        ("Twelve years ago, decades ago, 1000 days ago, zero days ago, a day ago.",
            &["Twelve years ago", "decades ago", "a day ago"]),
        ("The year 2000 problem began in the year 2000; 2000 troops.", &["2000", "2000"]),
        ("", &[]),
    ];

    #[test]
    fn find_sentences() {
        let mut failures = Vec::new();
        for &(text, want) in FIND {
            let got = found(text);
            if got != want {
                failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// Every span found in a sentence normalizes to something with an anchor.
    #[test]
    fn found_spans_normalize() {
        let a = d(A);
        for &(text, _) in FIND {
            for e in find(text) {
                let s = &text[e.start..e.end];
                assert!(normalize(s, a, P).value.is_some(), "{s:?} from {text:?}");
            }
        }
    }

    /// Spans are ordered, non-overlapping and on char boundaries, on odd input.
    #[test]
    fn spans_are_well_formed() {
        let mut text = String::new();
        let pieces = [
            "on Tuesday",
            "é",
            "May",
            "10",
            "-",
            "–",
            "2023",
            "ñ",
            "s",
            "'",
            "March",
            "\u{2019}",
            ".",
            "Sept",
            "30",
            "日本",
            "in",
            "last",
            "week",
            " ",
            "\n",
            "ago",
            "two",
            "years",
            "1990",
        ];
        let mut x: u32 = 12345;
        for _ in 0..20_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(pieces[(x >> 16) as usize % pieces.len()]);
            if x & 1 == 0 {
                text.push(' ');
            }
        }
        let spans = find(&text);
        assert!(!spans.is_empty());
        let mut prev_end = 0;
        for e in &spans {
            assert!(e.start < e.end && e.start >= prev_end);
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            prev_end = e.end;
            let _ = normalize(&text[e.start..e.end], d(A), U);
            let _ = normalize(&text[e.start..e.end], None, F);
        }
        // the same text, sliced at every char boundary prefix, never panics
        for (i, _) in text.char_indices().take(1000) {
            let _ = find(&text[..i]);
            let piece: String = text[i..].chars().take(10).collect();
            let _ = normalize(&piece, d(A), P);
        }
    }

    /// `find` without the per-token rule filter: every rule at every token.
    fn find_all_rules(text: &str) -> Vec<Span> {
        let toks = Tokens::new(text);
        let parser = Parser {
            t: &toks,
            lex: words(),
            lenient: false,
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match parser.parse_at(i) {
                Some((end, _)) => {
                    out.push(Span::new(toks.toks[i].start, toks.toks[end - 1].end));
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The first-token rule filter of `find` ([`start_rules`]) changes no result: random
    /// sequences of every lexicon word, grammar word and number shape, in three casings.
    #[test]
    fn rule_filter_is_exact() {
        let lex = crate::lexicon::Lexicon::parse(
            "time_words",
            include_str!("../../lexicons/time_words.tsv"),
        );
        let mut words: Vec<String> = lex
            .words()
            .flat_map(|w| w.split_whitespace())
            .map(str::to_string)
            .chain(RULE_STARTERS.iter().map(|(w, _)| w.to_string()))
            .collect();
        for w in [
            "ago", "of", "to", "through", "and", "or", "past", "coming", "quarter", "half",
            "night", "morning", "weekend", "Q", "H", "-", "\u{2013}", ",", ".", "'s", "%", "$",
            "1", "10", "31", "32", "123", "2018", "1990", "2023", "12345", "05", "s", "st", "th",
        ] {
            words.push(w.to_string());
        }
        let n = words.len();
        for i in 0..n {
            let w = words[i].clone();
            words.push(w.to_uppercase());
            let mut c = w.chars();
            if let Some(f) = c.next() {
                words.push(f.to_uppercase().chain(c).collect());
            }
        }
        let mut x: u32 = 987_654;
        let mut text = String::new();
        for _ in 0..200_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(&words[(x >> 8) as usize % words.len()]);
            if x & 3 != 0 {
                text.push(' ');
            }
        }
        let got = find(&text);
        assert!(got.len() > 1000);
        // the ASCII fast path of the tokenizer gives the char-by-char tokens
        let mixed = format!("{text} é日本\u{2013}\u{a0}x\u{2009}1\u{b2}3\u{85}Ωmega\u{1c}\x0b9 ");
        let key = |t: &Tokens| {
            t.toks
                .iter()
                .map(|k| (k.start, k.end, k.kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&Tokens::new(&mixed)), key(&Tokens::new_by_char(&mixed)));
        assert_eq!(got, find_all_rules(&text));
        for &(t, _) in FIND {
            assert_eq!(find(t), find_all_rules(t), "{t:?}");
        }
    }

    #[test]
    fn large_input_is_linear() {
        let text = "On Tuesday, May 10-11, in 2018 and two years ago. ".repeat(10_000);
        let n = find(&text).len();
        assert_eq!(n, 3 * 10_000); // "Tuesday, May 10-11" is one expression
    }

    #[test]
    fn lexicon_loads() {
        let lex = words();
        assert_eq!(lex.months.len(), 24);
        assert_eq!(lex.weekdays.len(), 7);
        assert!(lex.context.contains("since"));
    }
}
