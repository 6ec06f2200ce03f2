//! Durations and recurrences: "three days", "a decade", "five-year", "for months" (DURATION),
//! "every week", "weekly", "15 a year" (SET).

use super::grammar::{Parsed, Parser};
use super::scan::Kind;

/// A unit of a duration or recurrence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DurUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// The unit words of durations and recurrences: (word, unit, plural).
const UNITS: &[(&str, DurUnit, bool)] = &[
    ("second", DurUnit::Second, false),
    ("seconds", DurUnit::Second, true),
    ("minute", DurUnit::Minute, false),
    ("minutes", DurUnit::Minute, true),
    ("hour", DurUnit::Hour, false),
    ("hours", DurUnit::Hour, true),
    ("day", DurUnit::Day, false),
    ("days", DurUnit::Day, true),
    ("week", DurUnit::Week, false),
    ("weeks", DurUnit::Week, true),
    ("month", DurUnit::Month, false),
    ("months", DurUnit::Month, true),
    ("quarter", DurUnit::Quarter, false),
    ("quarters", DurUnit::Quarter, true),
    ("year", DurUnit::Year, false),
    ("years", DurUnit::Year, true),
    ("decade", DurUnit::Decade, false),
    ("decades", DurUnit::Decade, true),
    ("century", DurUnit::Century, false),
    ("centuries", DurUnit::Century, true),
];

/// The plural unit words, which can start a bare duration ("for months").
pub(super) const PLURAL_UNITS: &[&str] = &[
    "seconds",
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "quarters",
    "years",
    "decades",
    "centuries",
];

/// Words after which a bare plural unit is a duration ("for months", "in years", "within
/// hours", "over decades", "in just minutes").
const BARE_BEFORE: &[&str] = &[
    "for", "in", "within", "over", "just", "only", "than", "took",
];

/// Adjectives kept between a count and its unit ("two consecutive quarters").
const COUNT_ADJECTIVES: &[&str] = &["consecutive", "straight", "full", "whole"];

/// Words after which "a"/"per" + unit is a rate, hence a recurrence ("15 a year", "$2 million
/// a year", "twice a week", "three times a day").
const RATE_BEFORE: &[&str] = &[
    "once", "twice", "times", "thousand", "million", "billion", "trillion", "percent",
];

/// Frequency words, lowercase as written ("the daily briefing"; "Daily" in a name is not one):
/// (word, count, unit).
pub(super) const FREQUENCIES: &[(&str, u32, DurUnit)] = &[
    ("hourly", 1, DurUnit::Hour),
    ("daily", 1, DurUnit::Day),
    ("nightly", 1, DurUnit::Day),
    ("weekly", 1, DurUnit::Week),
    ("monthly", 1, DurUnit::Month),
    ("quarterly", 3, DurUnit::Month),
    ("yearly", 1, DurUnit::Year),
    ("annually", 1, DurUnit::Year),
];

impl Parser<'_, '_> {
    /// A unit word at `j`: (unit, plural).
    pub(super) fn dur_unit(&self, j: usize) -> Option<(DurUnit, bool)> {
        let t = self.t;
        if t.kind(j) != Kind::Word {
            return None;
        }
        let w = t.lower(j);
        UNITS
            .iter()
            .find(|(u, _, _)| *u == &*w)
            .map(|&(_, unit, plural)| (unit, plural))
    }

    /// "three days", "a decade", "several years", "two consecutive quarters", "fifty-year",
    /// "12-hour", "decades-long", "for months". Not "two years ago" (the `ago` rule), "a
    /// second" or "a quarter" (ordinal and fraction), nor ages ("five-year-old").
    pub(super) fn duration(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        if let Some((unit, true)) = self.dur_unit(i) {
            // "decades-long", "years-long"
            if t.touching(i) && t.is_dash(i + 1) && t.touching(i + 1) && t.is("long", i + 2) {
                return Some((i + 3, Parsed::Duration { n: None, unit }));
            }
            let licensed = self.lenient
                || (i > 0 && !t.touching(i - 1) && t.is_any(i - 1, BARE_BEFORE).is_some());
            if !licensed || !self.clean_after_word(i) || t.is("ago", i + 1) || t.is("of", i + 1) {
                return None;
            }
            return Some((i + 1, Parsed::Duration { n: None, unit }));
        }
        let (n, counted, mut j) = self.quantity(i)?;
        if j == i {
            return None;
        }
        let article = t.is_any(i, &["a", "an"]).is_some();
        let hyphen = t.touching(j - 1) && t.is_dash(j) && t.touching(j);
        if hyphen || (t.is_any(j, COUNT_ADJECTIVES).is_some() && counted) {
            j += 1;
        }
        let (unit, plural) = self.dur_unit(j)?;
        if !self.clean_after_word(j) || t.is("ago", j + 1) {
            return None;
        }
        // ages: "a five-year-old"
        if t.touching(j) && t.is_dash(j + 1) && t.is("old", j + 2) {
            return None;
        }
        if article && matches!(unit, DurUnit::Second | DurUnit::Quarter) {
            return None;
        }
        match n {
            None if !plural => return None,
            Some(1) if plural => return None,
            _ => {}
        }
        // "15 a year", "$2 million a year": a rate
        if article && i > 0 && !plural && self.rate_before(i - 1) {
            return Some((j + 1, Parsed::Set { n: 1, unit }));
        }
        Some((j + 1, Parsed::Duration { n, unit }))
    }

    /// Token `p` ends an amount or a count of times ("15", "million", "twice").
    fn rate_before(&self, p: usize) -> bool {
        let t = self.t;
        t.kind(p) == Kind::Num || t.s(p) == "%" || t.is_any(p, RATE_BEFORE).is_some()
    }

    /// "every week", "each year", "every two years", "every other month", "per day", "every
    /// Tuesday", and the frequency words ("weekly", "annually").
    pub(super) fn set(&self, i: usize) -> Option<(usize, Parsed)> {
        let t = self.t;
        if let Some(&(_, n, unit)) = FREQUENCIES.iter().find(|(w, _, _)| t.s(i) == *w) {
            if !self.clean_after_word(i) {
                return None;
            }
            return Some((i + 1, Parsed::Set { n, unit }));
        }
        let per = t.is("per", i);
        if !(per || t.is_any(i, &["every", "each"]).is_some()) {
            return None;
        }
        let mut j = i + 1;
        if !per {
            if let Some(wd) = self.weekday_name(j) {
                return self
                    .clean_after_word(j)
                    .then_some((j + 1, Parsed::SetWeekday(wd - 1)));
            }
        }
        let mut n = 1;
        if !per && t.is("other", j) {
            n = 2;
            j += 1;
        } else if !per {
            if let Some((Some(k), true, k_end)) = self.quantity(j) {
                if k > 1 {
                    n = k;
                    j = k_end;
                }
            }
        }
        let (unit, plural) = self.dur_unit(j)?;
        if plural != (n > 1 && !t.is("other", j - 1)) || !self.clean_after_word(j) {
            return None;
        }
        Some((j + 1, Parsed::Set { n, unit }))
    }
}
