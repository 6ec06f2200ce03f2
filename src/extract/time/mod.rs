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
//! | a part of a day "Friday night" | `2023-05-19TNI` | that day (TIME)               |
//! | a clock time "3 p.m. Friday" | `2023-05-19T15:00` | that day (TIME; `Z` after UTC/GMT) |
//! | a length "three days"     | `P3D`, `PT2H`, `PXY` | none (DURATION)             |
//! | a recurrence "weekly"     | `P1W`, `XXXX-WXX-2` | none (SET)                   |
//! | "currently", "soon"       | `PRESENT_REF`, `FUTURE_REF` | none                 |
//! | "the same month a year ago" | the period named before it, a year back (see [`year_before`]) | |
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
//! winter") or a year; "the fall of Kabul" and "Spring Street" are not seasons. Expressions
//! relative to the story rather than the publication date ("the next day",
//! "two days later") are not found.

mod calendar;
mod clock;
mod grammar;
mod lengths;
mod relative;
mod scan;

#[cfg(test)]
mod tests;

use crate::knowledge::time::TimeWords;
use crate::text::english::TIME_SKIPPABLE;
use crate::text::Span;
use crate::vocab::{TimexMod, TimexResolution, TimexType};
use chrono::{Datelike, NaiveDate};

use calendar::{apply_mod, resolve};
use grammar::{Mod, Parsed, Parser, Unit};
use scan::{start_index, start_rules, Kind, Tokens, R_PREFIX};

/// One time expression found by [`scan`], parsed once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Its byte span in the scanned text.
    pub span: Span,
    parsed: Parsed,
    /// A modifier written before it ("about", "more than", "the end of").
    prefix: Option<TimexMod>,
}

impl Found {
    /// The same expression with its span moved `base` bytes on (from a sentence's text to the
    /// document's).
    pub fn offset_by(mut self, base: usize) -> Found {
        self.span = Span::new(base + self.span.start, base + self.span.end);
        self
    }

    /// Whether it names a period of the text a year back ("the same month a year ago"): its
    /// value is then [`year_before`] the last period named before it, when there is one.
    pub fn refers_back_a_year(&self) -> bool {
        matches!(self.parsed, Parsed::SameLastYear)
    }

    /// Whether it can date an event: a day, a period or a time on a day, or a window ("the past
    /// two weeks"); not a length, a recurrence, a vague reference or a clock time without its
    /// day.
    pub fn dates_events(&self) -> bool {
        !matches!(
            self.parsed,
            Parsed::Duration { .. }
                | Parsed::Set { .. }
                | Parsed::SetWeekday(_)
                | Parsed::Ref(_)
                | Parsed::Clock { day: None, .. }
        )
    }
}

/// A time expression resolved against the publication date (see [`resolve_found`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex {
    /// DATE, TIME, DURATION or SET.
    pub timex_type: TimexType,
    /// The TIMEX3 value, the first and last day covered.
    pub norm: Normalized,
    /// The TIMEX3 `mod`.
    pub modifier: Option<TimexMod>,
    /// Absolute, from the publication date, or unresolved.
    pub resolution: TimexResolution,
}

/// The modifier prefixes, as word sequences: (words, mod).
const PREFIXES: &[(&[&str], TimexMod)] = &[
    (&["about"], TimexMod::Approx),
    (&["around"], TimexMod::Approx),
    (&["approximately"], TimexMod::Approx),
    (&["roughly"], TimexMod::Approx),
    (&["nearly"], TimexMod::LessThan),
    (&["almost"], TimexMod::LessThan),
    (&["less", "than"], TimexMod::LessThan),
    (&["fewer", "than"], TimexMod::LessThan),
    (&["more", "than"], TimexMod::MoreThan),
    (&["over"], TimexMod::MoreThan),
    (&["at", "least"], TimexMod::EqualOrMore),
    (&["up", "to"], TimexMod::EqualOrLess),
    (&["at", "most"], TimexMod::EqualOrLess),
    (&["no", "more", "than"], TimexMod::EqualOrLess),
    (&["the", "end", "of"], TimexMod::End),
    (&["the", "beginning", "of"], TimexMod::Start),
    (&["the", "start", "of"], TimexMod::Start),
    (&["the", "middle", "of"], TimexMod::Mid),
];

/// A modifier prefix at token `i` whose expression follows: (end, parse, mod). Quantity mods
/// take lengths ("about two years", "more than a decade") and "about"/"around" clock times;
/// "the end/start/middle of" a period ("the end of next month").
fn prefixed(parser: &Parser, i: usize) -> Option<(usize, Parsed, TimexMod)> {
    let t = parser.t;
    let (words, md) = PREFIXES
        .iter()
        .find(|(ws, _)| ws.iter().enumerate().all(|(k, w)| t.is(w, i + k)))?;
    let (end, p) = parser.parse_at(i + words.len())?;
    let fits = match md {
        TimexMod::Start | TimexMod::Mid | TimexMod::End => matches!(
            p,
            Parsed::Month { .. }
                | Parsed::Year { .. }
                | Parsed::Decade { .. }
                | Parsed::RelUnit { .. }
                | Parsed::Part { .. }
        ),
        TimexMod::Approx => matches!(p, Parsed::Duration { .. } | Parsed::Clock { .. }),
        _ => matches!(p, Parsed::Duration { .. }),
    };
    fits.then_some((end, p, *md))
}

/// All time expressions in `text` (byte spans into it, on char boundaries), non-overlapping, in
/// order (longest match), parsed, with the time words `words`.
pub fn scan(words: &TimeWords, text: &str) -> Vec<Found> {
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
        let pre = if rules & R_PREFIX != 0 {
            prefixed(&parser, i)
        } else {
            None
        };
        let hit = match pre {
            Some((end, p, md)) => Some((end, p, Some(md))),
            None => parser.parse_rules(i, rules).map(|(end, p)| (end, p, None)),
        };
        match hit {
            Some((end, parsed, prefix)) => {
                let last = end.checked_sub(1).and_then(|e| toks.toks.get(e));
                if let (Some(first), Some(last)) = (toks.toks.get(i), last) {
                    out.push(Found {
                        span: Span::new(first.start, last.end),
                        parsed,
                        prefix,
                    });
                }
                // a parse ends after its first token; `max` keeps the scan moving regardless
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// The TIMEX3 type of a parse.
fn timex_type(p: &Parsed) -> TimexType {
    match p {
        Parsed::Clock { .. }
        | Parsed::Weekday { pod: Some(_), .. }
        | Parsed::Deictic { pod: Some(_), .. } => TimexType::Time,
        Parsed::Duration { .. } | Parsed::Window { .. } => TimexType::Duration,
        Parsed::Set { .. } | Parsed::SetWeekday(_) => TimexType::Set,
        _ => TimexType::Date,
    }
}

/// The early/mid/late of a parse as a TIMEX3 mod.
fn written_mod(p: &Parsed) -> Option<TimexMod> {
    let md = match *p {
        Parsed::Month { md, .. }
        | Parsed::Year { md, .. }
        | Parsed::Decade { md, .. }
        | Parsed::Weekday { md, .. }
        | Parsed::RelUnit { md, .. }
        | Parsed::Part { md, .. } => md,
        _ => Mod::None,
    };
    match md {
        Mod::Early => Some(TimexMod::Start),
        Mod::Mid => Some(TimexMod::Mid),
        Mod::Late => Some(TimexMod::End),
        Mod::None | Mod::Earlier | Mod::Later => None,
    }
}

/// Whether the value of a parse depends on the publication date.
fn needs_anchor(p: &Parsed) -> bool {
    match p {
        Parsed::Date { from, .. } => from.0.is_none(),
        Parsed::Month { year, .. } => year.is_none(),
        Parsed::Year { .. } | Parsed::Decade { .. } => false,
        Parsed::Part { year, .. } => !matches!(year, Some(grammar::YearRef::Abs(_))),
        Parsed::Duration { .. } | Parsed::Set { .. } | Parsed::SetWeekday(_) | Parsed::Ref(_) => {
            false
        }
        Parsed::Clock { day, .. } => day.as_deref().is_none_or(needs_anchor),
        Parsed::Weekday { .. }
        | Parsed::Deictic { .. }
        | Parsed::RelUnit { .. }
        | Parsed::TheWeekend
        | Parsed::Ago { .. }
        | Parsed::Recent(_)
        | Parsed::Window { .. }
        | Parsed::SameLastYear => true,
    }
}

/// The value of a relative parse without a publication date: the calendar fields it gives,
/// the others `X` ("XXXX-05-10", "XXXX-05", "XXXX-WXX-2", "XXXX-XX-XXT15:00"), or none.
fn unanchored_value(p: &Parsed) -> Option<String> {
    match p {
        Parsed::Date {
            from: (None, m, d), ..
        } => Some(format!("XXXX-{m:02}-{d:02}")),
        Parsed::Month {
            year: None,
            month,
            rel: None,
            ..
        } => Some(format!("XXXX-{month:02}")),
        Parsed::Weekday {
            wd, rel: None, pod, ..
        } => Some(match pod {
            Some(pod) => format!("XXXX-WXX-{}T{}", wd + 1, pod.code()),
            None => format!("XXXX-WXX-{}", wd + 1),
        }),
        Parsed::Clock {
            hour,
            minute,
            utc,
            day,
        } => {
            let date = match day {
                Some(d) => unanchored_value(d)?,
                None => "XXXX-XX-XX".into(),
            };
            let z = if *utc { "Z" } else { "" };
            Some(format!("{date}T{hour:02}:{minute:02}{z}"))
        }
        _ => None,
    }
}

/// Resolves a found expression against the publication date `anchor`; `tense` is the tense of
/// the clause that contains it. A "the start/middle/end of" prefix narrows the days covered as
/// "early/mid/late" do.
pub fn resolve_found(f: &Found, anchor: Option<NaiveDate>, tense: Tense) -> Timex {
    let anchor = anchor.filter(|a| (1..=9999).contains(&a.year()));
    let p = &f.parsed;
    let relative = needs_anchor(p);
    let (mut norm, resolution) = match (relative, anchor) {
        (false, _) => (
            resolve(p, anchor, tense).unwrap_or_default(),
            TimexResolution::Absolute,
        ),
        (true, Some(_)) => (
            resolve(p, anchor, tense).unwrap_or_default(),
            TimexResolution::Published,
        ),
        (true, None) => (
            Normalized {
                value: unanchored_value(p),
                ..Normalized::default()
            },
            TimexResolution::Unresolved,
        ),
    };
    let narrow = match f.prefix {
        Some(TimexMod::Start) => Mod::Early,
        Some(TimexMod::Mid) => Mod::Mid,
        Some(TimexMod::End) => Mod::Late,
        _ => Mod::None,
    };
    if narrow != Mod::None {
        let unit = match *p {
            Parsed::Month { .. } => Unit::Month,
            Parsed::Year { .. } => Unit::Year,
            Parsed::RelUnit { unit, .. } => unit,
            _ => Unit::Day,
        };
        if let Some(n) = apply_mod(norm.clone(), narrow, unit, anchor) {
            norm = n;
        }
    }
    Timex {
        timex_type: timex_type(p),
        norm,
        modifier: f.prefix.or_else(|| written_mod(p)),
        resolution,
    }
}

/// The period `value` (covering `start..=end`) one year earlier: "2009-02" → "2008-02",
/// "2009-Q3" → "2008-Q3", "2009-02-10" → "2008-02-10", "2009" → "2008"; `None` for a value
/// that is not a calendar period (a duration, a reference, a decade).
pub fn year_before(
    value: &str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Option<Normalized> {
    let (y, rest) = (value.get(..4)?, value.get(4..)?);
    if !(rest.is_empty() || rest.starts_with('-')) || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let back = |d: NaiveDate| {
        let (yy, mm) = calendar::add_months(d.year(), d.month(), -12);
        // February 29 falls back to the 28th
        calendar::ymd(yy, mm, d.day()).or_else(|| calendar::month_end(yy, mm))
    };
    Some(Normalized {
        value: Some(format!("{:04}{rest}", y - 1)),
        start: start.and_then(back),
        end: end.and_then(back),
    })
}

/// Tense of the clause that contains a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Past tense ("said", "had met").
    Past,
    /// Present tense ("says", "is meeting").
    Present,
    /// Future or planned ("will meet", "is to visit").
    Future,
    /// No tense could be read.
    Unknown,
}

/// A normalized time expression. `start` and `end` are the first and last day
/// covered (inclusive); any field is `None` when it cannot be determined.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Normalized {
    /// The TIMEX3-style value (`2023-05-21`, `2023-W20`, `PAST_REF`).
    pub value: Option<String>,
    /// The first day covered.
    pub start: Option<NaiveDate>,
    /// The last day covered (inclusive).
    pub end: Option<NaiveDate>,
}

/// All time expressions in `text` (byte spans into it, on char boundaries), non-overlapping, in
/// order (longest match), with the time words `words`: the spans of [`scan`].
pub fn find(words: &TimeWords, text: &str) -> Vec<Span> {
    scan(words, text).into_iter().map(|f| f.span).collect()
}

/// Normalizes one expression (as found by [`find`]) against the publication date `anchor`;
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
            || !(parser.lex.context.contains(&*w) || TIME_SKIPPABLE.contains(&&*w))
        {
            break;
        }
    }
    match best {
        Some((_, p)) => resolve(&p, anchor, tense).unwrap_or_default(),
        None => Normalized::default(),
    }
}
