//! Times of day and vague references: "3 p.m.", "10:30 a.m. Tuesday", "08:30 UTC", "noon"
//! (TIME), and "currently", "recently", "in the future" (PRESENT_REF, PAST_REF, FUTURE_REF).

use super::grammar::{longer, Parsed, Parser};
use super::scan::Kind;

/// A part of the day and its TIMEX3 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pod {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl Pod {
    /// The part of the day named by `w` (ASCII lowercase).
    pub(super) fn of(w: &str) -> Option<Pod> {
        match w {
            "morning" => Some(Pod::Morning),
            "afternoon" => Some(Pod::Afternoon),
            "evening" => Some(Pod::Evening),
            "night" | "tonight" => Some(Pod::Night),
            _ => None,
        }
    }

    pub(super) fn code(self) -> &'static str {
        match self {
            Pod::Morning => "MO",
            Pod::Afternoon => "AF",
            Pod::Evening => "EV",
            Pod::Night => "NI",
        }
    }
}

/// The vague references to the present, the past and the future.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RefKind {
    Present,
    Past,
    Future,
}

/// The vague references, as word sequences (matched ignoring ASCII case).
const REFERENCES: &[(&[&str], RefKind)] = &[
    (&["now"], RefKind::Present),
    (&["currently"], RefKind::Present),
    (&["current"], RefKind::Present),
    (&["presently"], RefKind::Present),
    (&["nowadays"], RefKind::Present),
    (&["these", "days"], RefKind::Present),
    (&["at", "present"], RefKind::Present),
    (&["at", "the", "moment"], RefKind::Present),
    (&["the", "time", "being"], RefKind::Present),
    (&["recently"], RefKind::Past),
    (&["lately"], RefKind::Past),
    (&["recent"], RefKind::Past),
    (&["the", "past"], RefKind::Past),
    (&["soon"], RefKind::Future),
    (&["the", "future"], RefKind::Future),
    (&["the", "near", "future"], RefKind::Future),
    (&["the", "near", "term"], RefKind::Future),
    (&["the", "short", "term"], RefKind::Future),
    (&["the", "medium", "term"], RefKind::Future),
    (&["the", "long", "term"], RefKind::Future),
];

/// First words of [`REFERENCES`].
pub(super) const REFERENCE_STARTS: &[&str] = &[
    "now",
    "currently",
    "current",
    "presently",
    "nowadays",
    "these",
    "at",
    "the",
    "recently",
    "lately",
    "recent",
    "soon",
];

/// The periods of "the same … a year ago".
const SAME_PERIODS: &[&str] = &[
    "day", "week", "month", "quarter", "period", "time", "season", "months", "weeks",
];

/// The year-back tails of "the same period …", as word sequences.
const YEAR_BACK: &[&[&str]] = &[
    &["a", "year", "ago"],
    &["a", "year", "earlier"],
    &["a", "year", "before"],
    &["one", "year", "ago"],
    &["one", "year", "earlier"],
    &["last", "year"],
    &["the", "previous", "year"],
    &["the", "prior", "year"],
    &["the", "year", "before"],
    &["of", "last", "year"],
    &["of", "the", "previous", "year"],
    &["in", "the", "previous", "year"],
];

/// Words before a bare "H:MM" that make it a clock time ("at 10:30"; "John 3:16" is not one).
const CLOCK_BEFORE: &[&str] = &[
    "at", "by", "until", "till", "from", "before", "after", "around", "about", "since", "to",
];

impl Parser<'_, '_> {
    /// "a.m."/"am"/"p.m."/"pm" at `j`: (is pm, next token).
    fn meridiem(&self, j: usize) -> Option<(bool, usize)> {
        let t = self.t;
        if let Some(k) = t.is_any(j, &["am", "pm"]) {
            return self.clean_after_word(j).then_some((k == 1, j + 1));
        }
        let pm = t.is_any(j, &["a", "p"])? == 1;
        if !(t.touching(j) && t.s(j + 1) == "." && t.touching(j + 1) && t.is("m", j + 2)) {
            return None;
        }
        let mut next = j + 3;
        if t.touching(j + 2) && t.s(j + 3) == "." {
            next += 1;
        }
        Some((pm, next))
    }

    /// A time-zone word at `j` (one of the all-capital `year_blocker` words): (is UTC).
    fn zone(&self, j: usize) -> Option<bool> {
        let t = self.t;
        let w = t.s(j);
        let caps = t.kind(j) == Kind::Word && w.bytes().all(|b| b.is_ascii_uppercase());
        (caps && self.lex.year_blockers.contains(&*t.lower(j)))
            .then_some(matches!(w, "UTC" | "GMT"))
    }

    /// "3 p.m.", "10:30 am", "08:30 UTC", "0800 GMT", "at 16:00", "noon", "midnight",
    /// each with an optional following day ("3 p.m. Tuesday", "10:30 a.m. on May 4", "16:00
    /// UTC today").
    pub(super) fn clock(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        let (hour, minute, utc, next) = if let Some(k) = t.is_any(i, &["noon", "midnight"]) {
            if !self.clean_after_word(i) {
                return None;
            }
            (if k == 0 { 12 } else { 24 }, 0, false, i + 1)
        } else {
            if t.kind(i) != Kind::Num || !self.clean_before(i) {
                return None;
            }
            let s = t.s(i);
            let (mut h, m, mut j, colon) = match s.len() {
                1 | 2 => {
                    let h: u32 = s.parse().ok()?;
                    if t.touching(i)
                        && t.s(i + 1) == ":"
                        && t.touching(i + 1)
                        && t.kind(i + 2) == Kind::Num
                        && t.s(i + 2).len() == 2
                    {
                        (h, t.s(i + 2).parse::<u32>().ok()?, i + 3, true)
                    } else {
                        (h, 0, i + 1, false)
                    }
                }
                4 => {
                    let h: u32 = s.get(..2)?.parse().ok()?;
                    (h, s.get(2..)?.parse::<u32>().ok()?, i + 1, false)
                }
                _ => return None,
            };
            if colon && !self.clean_after_num(j - 1) && self.meridiem(j).is_none() {
                return None;
            }
            let mer = self.meridiem(j);
            if let Some((pm, k)) = mer {
                if !(1..=12).contains(&h) {
                    return None;
                }
                h = match (pm, h) {
                    (false, 12) => 0,
                    (true, 12) => 12,
                    (true, h) => h + 12,
                    (false, h) => h,
                };
                j = k;
            }
            let zone = self.zone(j);
            if zone.is_some() {
                j += 1;
            }
            let context = i > 0 && t.is_any(i - 1, CLOCK_BEFORE).is_some();
            let ok = match (mer.is_some(), zone.is_some()) {
                (true, _) => true,
                // "0800 GMT", "16:08 UTC"
                (false, true) => colon || s.len() == 4,
                // "at 16:00"
                (false, false) => colon && (self.lenient || context),
            };
            if !ok || h > 23 || m > 59 {
                return None;
            }
            (h, m, zone.unwrap_or(false), j)
        };
        // an optional day after it
        let k = if t.s(next) == "," || t.is("on", next) {
            next + 1
        } else {
            next
        };
        let day = longer(
            longer(
                self.deictic(k),
                self.weekday(k, super::grammar::Mod::None, true),
            ),
            longer(
                longer(self.month_day(k), self.day_month(k)),
                self.weekday_date(k),
            ),
        )
        .filter(|(_, p)| is_day(p));
        let (end, day) = match day {
            Some((e, p)) => (e, Some(Box::new(p))),
            None => (next, None),
        };
        Some((
            end,
            Parsed::Clock {
                hour,
                minute,
                utc,
                day,
            },
        ))
    }

    /// A day parse followed by "at" and a clock time ("Tuesday at 3 p.m.", "yesterday at
    /// noon"): the clock time with that day.
    pub(super) fn day_at_clock(&self, day: (usize, Parsed)) -> (usize, Parsed) {
        let t = self.t;
        let (end, p) = day;
        if !is_day(&p) || !t.is("at", end) {
            return (end, p);
        }
        match self.clock(end + 1) {
            Some((
                e,
                Parsed::Clock {
                    hour,
                    minute,
                    utc,
                    day: None,
                },
            )) => (
                e,
                Parsed::Clock {
                    hour,
                    minute,
                    utc,
                    day: Some(Box::new(p)),
                },
            ),
            _ => (end, p),
        }
    }

    /// "currently", "recently", "these days", "in the future" (the preposition is not part of
    /// the span). Not "as soon as", "the future of …", "the past president".
    pub(super) fn reference(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        let (words, kind) = REFERENCES
            .iter()
            .filter(|(ws, _)| ws.iter().enumerate().all(|(k, w)| t.is(w, i + k)))
            .max_by_key(|(ws, _)| ws.len())?;
        let end = i + words.len();
        let last = end - 1;
        if !self.clean_after_word(last) || (t.touching(last) && t.is_dash(end)) {
            return None;
        }
        if !self.lenient {
            if t.is("soon", i) && (t.is("as", i.wrapping_sub(1)) || t.is("as", end)) {
                return None;
            }
            if words.len() == 2 && t.is("past", i + 1) {
                // "the past" alone: "in the past", not "the past president"
                if !(t.kind(end) == Kind::Punct || t.is_any(end, &["and", "but", "or"]).is_some()) {
                    return None;
                }
            }
            if t.is("of", end) && words.len() > 1 {
                return None;
            }
            if t.is("current", i) && i > 0 && t.is_any(i - 1, &["a", "an", "strong"]).is_some() {
                return None;
            }
        }
        Some((end, Parsed::Ref(*kind)))
    }
}

impl Parser<'_, '_> {
    /// "the same month a year ago", "the same period last year", "the same quarter of the
    /// previous year": a period named earlier, a year back. Without the year-back tail ("the
    /// same day") it is not a time expression.
    pub(super) fn same_last_year(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        if !(t.is("the", i) && t.is("same", i + 1) && t.is_any(i + 2, SAME_PERIODS).is_some()) {
            return None;
        }
        let j = i + 3;
        let tail = YEAR_BACK
            .iter()
            .filter(|ws| ws.iter().enumerate().all(|(k, w)| t.is(w, j + k)))
            .max_by_key(|ws| ws.len())?;
        let end = j + tail.len();
        self.clean_after_word(end - 1)
            .then_some((end, Parsed::SameLastYear))
    }
}

/// The parse names one day (a weekday, yesterday/today/tomorrow, a date without a range).
fn is_day(p: &Parsed) -> bool {
    matches!(
        p,
        Parsed::Weekday { pod: None, .. }
            | Parsed::Deictic { pod: None, .. }
            | Parsed::Date { to: None, .. }
    )
}
