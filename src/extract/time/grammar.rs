//! The grammar: the parse of one time expression at a token into a [`Parsed`] value, with
//! bounded look-ahead and the context checks that refuse ambiguous words.

use crate::knowledge::time::{MonthKind, TimeWords};

use super::clock::{Pod, RefKind};
use super::lengths::DurUnit;
use super::scan::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rel {
    Last,
    This,
    Next,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Year,
    Decade,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mod {
    None,
    Early,
    Mid,
    Late,
    Earlier,
    Later,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PartKind {
    Season,
    Quarter,
    Half,
}

/// A year written out ("of 2022") or relative to the anchor ("of last year").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum YearRef {
    Abs(i32),
    Rel(i32),
}

/// (year if written, month, day)
pub(super) type Ymd = (Option<i32>, u32, u32);

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Parsed {
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
        pod: Option<Pod>,
    },
    /// yesterday = -1, today/tonight = 0, tomorrow = 1; with a part of the day ("this
    /// morning", "last night", "tonight").
    Deictic {
        n: i64,
        pod: Option<Pod>,
    },
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
    /// A length of time ("three days", "a decade", "five-year"); `n` = None for a vague
    /// quantity ("several years", "for months").
    Duration {
        n: Option<u32>,
        unit: DurUnit,
    },
    /// A recurrence every `n` units ("every two years", "weekly", "15 a year").
    Set {
        n: u32,
        unit: DurUnit,
    },
    /// Every such weekday (0 = Monday): "every Tuesday".
    SetWeekday(u32),
    /// A clock time, 24-hour, on `day` (a day parse) if the text gives one; `utc` when the
    /// text names UTC or GMT.
    Clock {
        hour: u32,
        minute: u32,
        utc: bool,
        day: Option<Box<Parsed>>,
    },
    /// PRESENT_REF, PAST_REF or FUTURE_REF ("currently", "recently", "in the future").
    Ref(RefKind),
    /// "the same month a year ago", "the same period last year": the period the text named
    /// last, a year earlier (resolved against the article's earlier expressions; alone, the
    /// previous year).
    SameLastYear,
}

pub(super) struct Parser<'a, 't> {
    pub(super) t: &'t Tokens<'a>,
    pub(super) lex: &'t TimeWords,
    /// Skip the context checks (for `normalize`, which gets one expression).
    pub(super) lenient: bool,
}

/// Keep the candidate that ends later.
pub(super) fn longer(
    a: Option<(usize, Parsed)>,
    b: Option<(usize, Parsed)>,
) -> Option<(usize, Parsed)> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
        (a, b) => a.or(b),
    }
}

impl Parser<'_, '_> {
    /// The longest expression starting at token `i`: (end token, parse).
    pub(super) fn parse_at(&self, i: usize) -> Option<(usize, Parsed)> {
        self.parse_rules(i, R_ALL)
    }

    /// [`Parser::parse_at`] trying only the rules in `rules` (bits `R_*`). A rule left out
    /// must be one that returns `None` at `i`: `longer(best, None)` is `best`, so the result
    /// is the same as with all rules (see [`start_rules`]).
    pub(super) fn parse_rules(&self, i: usize, rules: u32) -> Option<(usize, Parsed)> {
        let t = self.t;
        // Every expression starts with a word or a number, not inside one.
        if t.kind(i) == Kind::Punct || (i > 0 && t.touching(i - 1) && t.kind(i - 1) != Kind::Punct)
        {
            return None;
        }
        let on = |bit: u32| rules & bit != 0;
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
        if on(R_DURATION) {
            best = longer(best, self.duration(i));
        }
        if on(R_SET) {
            best = longer(best, self.set(i));
        }
        if on(R_CLOCK) {
            best = longer(best, self.clock(i));
        }
        if on(R_REF) {
            best = longer(best, self.reference(i));
            best = longer(best, self.same_last_year(i));
        }
        best.map(|b| self.day_at_clock(b))
    }

    // --- pieces -----------------------------------------------------------

    /// Token `i` starts cleanly: not glued to a preceding letter, digit or
    /// number-formatting character.
    pub(super) fn clean_before(&self, i: usize) -> bool {
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
    pub(super) fn clean_after_num(&self, i: usize) -> bool {
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
    pub(super) fn clean_after_word(&self, i: usize) -> bool {
        let t = self.t;
        !t.touching(i) || t.kind(i + 1) == Kind::Punct
    }

    /// A number token of 1-2 digits in 1..=31 with an optional ordinal suffix.
    /// Returns (day, next token).
    pub(super) fn day_num(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn year_num(&self, i: usize) -> Option<(i32, usize)> {
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
    pub(super) fn month_name(&self, i: usize) -> Option<(u32, MonthKind, usize)> {
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

    pub(super) fn weekday_name(&self, i: usize) -> Option<u32> {
        let t = self.t;
        if i >= t.len() || t.kind(i) != Kind::Word {
            return None;
        }
        self.lex.weekdays.get(t.s(i)).copied()
    }

    pub(super) fn is_time_word(&self, i: usize) -> bool {
        self.month_name(i).is_some() || self.weekday_name(i).is_some()
    }

    /// The word before token `i` licenses a date reading.
    pub(super) fn has_context(&self, i: usize) -> bool {
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
    pub(super) fn followed_by_name(&self, next: usize) -> bool {
        let t = self.t;
        next < t.len()
            && next > 0
            && !t.touching(next - 1)
            && t.is_capitalized(next)
            && !self.is_time_word(next)
            && !self.lex.parts_of_day.contains(&*t.lower(next))
    }

    /// Optional ", 2021" / " 2021" after a date. Returns (year, next).
    pub(super) fn opt_year(&self, i: usize) -> (Option<i32>, usize) {
        let j = if self.t.s(i) == "," { i + 1 } else { i };
        match self.year_num(j) {
            Some((y, next)) => (Some(y), next),
            None => (None, i),
        }
    }

    // --- rules ------------------------------------------------------------

    /// 2023-05-10, 2023-05
    pub(super) fn iso(&self, i: usize) -> Option<(usize, Parsed)> {
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
    pub(super) fn weekday_date(&self, i: usize) -> Option<(usize, Parsed)> {
        self.weekday_name(i)?;
        let j = if self.t.s(i + 1) == "," { i + 2 } else { i + 1 };
        longer(self.month_day(j), self.day_month(j))
    }

    /// "May 10", "May 10-11", "May 30-June 2", "March 3, 2021", "Jan. 5th"
    pub(super) fn month_day(&self, i: usize) -> Option<(usize, Parsed)> {
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
    pub(super) fn day_month(&self, i: usize) -> Option<(usize, Parsed)> {
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
    pub(super) fn month_year(&self, i: usize, md: Mod) -> Option<(usize, Parsed)> {
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
    pub(super) fn month(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
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
    pub(super) fn year(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
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
                || self.lex.event_nouns.contains(&*after)
                || self.year_before_noun(i, next);
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

    /// "the 1991 settlement", "the 2011 version": a year between "the" and a singular
    /// lowercase noun (not "the 2000 workers", a count before a plural).
    fn year_before_noun(&self, i: usize, next: usize) -> bool {
        let t = self.t;
        i > 0
            && t.is("the", i - 1)
            && t.kind(next) == Kind::Word
            && !t.is_capitalized(next)
            && !t.s(next).ends_with('s')
            && !self.lex.year_blockers.contains(&*t.lower(next))
    }

    /// "Tuesday", "Wednesday evening", "last Friday"
    pub(super) fn weekday(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
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
        let mut pod = None;
        if next < t.len() && !t.touching(at) && self.lex.parts_of_day.contains(&*t.lower(next)) {
            pod = Pod::of(&t.lower(next));
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
                pod,
            },
        ))
    }

    /// "of 2022", "2022", ", 2022", "of last year": a year after a season or
    /// quarter. Returns (year, next).
    pub(super) fn year_ref(&self, i: usize) -> Option<(YearRef, usize)> {
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
    pub(super) fn season(&self, i: usize, md: Mod, licensed: bool) -> Option<(usize, Parsed)> {
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
        // "Spring Street", "Fall River": a capitalised season word before a name is part of it
        if !self.lenient && t.is_capitalized(at) && self.followed_by_name(at + 1) {
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
    pub(super) fn quarter(&self, i: usize) -> Option<(usize, Parsed)> {
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

    /// "early next month", "late last year", "mid-March", "late Tuesday",
    /// "early 2023", "late May 2022"
    pub(super) fn modified(&self, i: usize) -> Option<(usize, Parsed)> {
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
