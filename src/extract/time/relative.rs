//! Expressions relative to the publication date: "yesterday", "this morning", "last week",
//! "two years ago", "the past two weeks", "in recent months".

use super::clock::Pod;
use super::grammar::{Mod, Parsed, Parser, Rel, Unit};
use super::scan::*;

impl Parser<'_, '_> {
    /// yesterday, today, tomorrow, tonight, last night, this morning
    pub(super) fn deictic(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        let pod = |j: usize| j < t.len() && self.lex.parts_of_day.contains(&*t.lower(j));
        let (n, mut next) = match t.is_any(i, &["yesterday", "today", "tonight", "tomorrow"]) {
            Some(0) => (-1, i + 1),
            Some(1) | Some(2) => (0, i + 1),
            Some(3) => (1, i + 1),
            _ => {
                if t.is("last", i) && t.is("night", i + 1) {
                    let pod = Some(Pod::Night);
                    return Some((i + 2, Parsed::Deictic { n: -1, pod }));
                }
                if t.is("this", i) && pod(i + 1) {
                    let pod = Pod::of(&t.lower(i + 1));
                    return Some((i + 2, Parsed::Deictic { n: 0, pod }));
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
        let mut part = Pod::of(&t.lower(i));
        if part.is_none() && pod(next) {
            part = Pod::of(&t.lower(next));
            next += 1;
        }
        Some((next, Parsed::Deictic { n, pod: part }))
    }

    /// "last week", "this weekend", "next month", "earlier this year",
    /// "this past weekend", "the weekend"
    pub(super) fn rel_unit(&self, i: usize, md: Mod) -> Option<(usize, Parsed)> {
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
    pub(super) fn quantity(&self, i: usize) -> Option<(Option<u32>, bool, usize)> {
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
    pub(super) fn unit_word(&self, j: usize) -> Option<(Unit, bool)> {
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
    pub(super) fn ago(&self, i: usize) -> Option<(usize, Parsed)> {
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
    pub(super) fn window(&self, i: usize) -> Option<(usize, Parsed)> {
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
    pub(super) fn recent(&self, i: usize) -> Option<(usize, Parsed)> {
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
}
