//! The calendar: a [`Parsed`] expression resolved to a [`Normalized`] value against the
//! publication date and the tense of its clause.

use chrono::{Datelike, Duration, NaiveDate};

use super::clock::{Pod, RefKind};
use super::grammar::*;
use super::lengths::DurUnit;
use super::{Normalized, Tense};

pub(super) fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub(super) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt()
}

/// (year, month) shifted by `k` months.
pub(super) fn add_months(y: i32, m: u32, k: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + k;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
}

pub(super) fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

pub(super) fn day_value(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub(super) fn days(s: NaiveDate, e: NaiveDate, value: String) -> Normalized {
    Normalized {
        value: Some(value),
        start: Some(s),
        end: Some(e),
    }
}

pub(super) fn day(d: NaiveDate) -> Normalized {
    days(d, d, day_value(d))
}

pub(super) fn month_span(y: i32, m: u32) -> Option<Normalized> {
    Some(days(
        ymd(y, m, 1)?,
        month_end(y, m)?,
        format!("{:04}-{:02}", y, m),
    ))
}

pub(super) fn year_span(y: i32) -> Option<Normalized> {
    Some(days(ymd(y, 1, 1)?, ymd(y, 12, 31)?, format!("{:04}", y)))
}

pub(super) fn week_span(d: NaiveDate) -> Normalized {
    let mon = monday_of(d);
    let w = mon.iso_week();
    days(
        mon,
        mon + Duration::days(6),
        format!("{:04}-W{:02}", w.year(), w.week()),
    )
}

pub(super) fn weekend_span(sat: NaiveDate) -> Normalized {
    let w = sat.iso_week();
    days(
        sat,
        sat + Duration::days(1),
        format!("{:04}-W{:02}-WE", w.year(), w.week()),
    )
}

/// Narrow a span by a modifier; `unit` picks the calendar thirds.
pub(super) fn apply_mod(
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
pub(super) fn pick_weekday(a: NaiveDate, wd: u32, rel: Option<Rel>, tense: Tense) -> NaiveDate {
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
pub(super) fn pick_month_year(a: NaiveDate, m: u32, rel: Option<Rel>, tense: Tense) -> i32 {
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
pub(super) fn pick_date(a: NaiveDate, m: u32, d: u32, tense: Tense) -> Option<NaiveDate> {
    let ay = a.year();
    match tense {
        Tense::Past => (0..9).filter_map(|k| ymd(ay - k, m, d)).find(|x| *x <= a),
        Tense::Future => (0..9).filter_map(|k| ymd(ay + k, m, d)).find(|x| *x >= a),
        Tense::Present | Tense::Unknown => (ay - 4..=ay + 4)
            .filter_map(|y| ymd(y, m, d))
            .min_by_key(|x| ((*x - a).num_days().abs(), (x.year() != ay) as u8)),
    }
}

pub(super) fn resolve(p: &Parsed, anchor: Option<NaiveDate>, tense: Tense) -> Option<Normalized> {
    match *p {
        Parsed::Date { from, to } => resolve_date(from, to, anchor, tense),
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
        Parsed::Weekday { wd, rel, md, pod } => {
            let d = pick_weekday(anchor?, wd, rel, tense);
            apply_mod(with_pod(day(d), pod), md, Unit::Day, anchor)
        }
        Parsed::Deictic { n, pod } => Some(with_pod(day(anchor? + Duration::days(n)), pod)),
        Parsed::Duration { n, unit } => Some(length("P", n, unit)),
        Parsed::Set { n, unit } => Some(length("P", Some(n), unit)),
        Parsed::SetWeekday(wd) => Some(Normalized {
            value: Some(format!("XXXX-WXX-{}", wd + 1)),
            ..Normalized::default()
        }),
        Parsed::Ref(kind) => Some(Normalized {
            value: Some(
                match kind {
                    RefKind::Present => "PRESENT_REF",
                    RefKind::Past => "PAST_REF",
                    RefKind::Future => "FUTURE_REF",
                }
                .into(),
            ),
            ..Normalized::default()
        }),
        Parsed::Clock {
            hour,
            minute,
            utc,
            ref day,
        } => {
            let z = if utc { "Z" } else { "" };
            let on = match day {
                Some(p) => resolve(p, anchor, tense)?,
                None => self::day(anchor?),
            };
            let date = on.value.as_deref()?;
            Some(Normalized {
                value: Some(format!("{date}T{hour:02}:{minute:02}{z}")),
                ..on
            })
        }
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
        Parsed::Ago { n, unit } => resolve_ago(n, unit, anchor, tense),
        Parsed::Part {
            kind,
            idx,
            year,
            rel,
            md,
        } => resolve_part(kind, idx, year, (rel, md), anchor, tense),
        Parsed::Window { n, unit, future } => resolve_window(n, unit, future, anchor),
        Parsed::SameLastYear => year_span(anchor?.year() - 1),
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

/// A day's value with a part of the day ("2023-05-23TNI").
fn with_pod(mut n: Normalized, pod: Option<Pod>) -> Normalized {
    if let (Some(v), Some(p)) = (n.value.as_mut(), pod) {
        v.push('T');
        v.push_str(p.code());
    }
    n
}

/// The TIMEX3 value of `n` units (`None`: an unknown number, `X`): "P3D", "PT2H", "P10Y" for
/// a decade, "PXY"; no calendar days.
pub(super) fn length(prefix: &str, n: Option<u32>, unit: DurUnit) -> Normalized {
    let (time, code, scale) = match unit {
        DurUnit::Second => (true, "S", 1),
        DurUnit::Minute => (true, "M", 1),
        DurUnit::Hour => (true, "H", 1),
        DurUnit::Day => (false, "D", 1),
        DurUnit::Week => (false, "W", 1),
        DurUnit::Month => (false, "M", 1),
        DurUnit::Quarter => (false, "Q", 1),
        DurUnit::Year => (false, "Y", 1),
        DurUnit::Decade => (false, "Y", 10),
        DurUnit::Century => (false, "Y", 100),
    };
    let t = if time { "T" } else { "" };
    let value = match n {
        Some(n) => format!("{prefix}{t}{}{code}", u64::from(n) * scale),
        None => match unit {
            DurUnit::Decade => format!("{prefix}XDE"),
            DurUnit::Century => format!("{prefix}XCE"),
            _ => format!("{prefix}{t}X{code}"),
        },
    };
    Normalized {
        value: Some(value),
        ..Normalized::default()
    }
}

/// A day or a day range ("May 10-11", "Dec. 30-Jan. 2, 2024").
fn resolve_date(
    from: Ymd,
    to: Option<Ymd>,
    anchor: Option<NaiveDate>,
    tense: Tense,
) -> Option<Normalized> {
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

/// "N units ago", and "units ago" without a number.
fn resolve_ago(
    n: Option<u32>,
    unit: Unit,
    anchor: Option<NaiveDate>,
    tense: Tense,
) -> Option<Normalized> {
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

/// A season, quarter or half.
fn resolve_part(
    kind: PartKind,
    idx: u32,
    year: Option<YearRef>,
    (rel, md): (Option<Rel>, Mod),
    anchor: Option<NaiveDate>,
    tense: Tense,
) -> Option<Normalized> {
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

/// A window: "the past two weeks", "the coming months".
fn resolve_window(
    n: Option<u32>,
    unit: Unit,
    future: bool,
    anchor: Option<NaiveDate>,
) -> Option<Normalized> {
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
    // a counted decade is ten years, as a duration ("the past decade": P10Y)
    let value = match unit {
        Unit::Decade => format!("P{}Y", u64::from(n) * 10),
        _ => format!("P{n}{code}"),
    };
    Some(days(start, end, value))
}

/// The anchor's season, quarter or half as an ordinal (year * n + index).
/// Winter belongs to the year of its December.
pub(super) fn current_part(a: NaiveDate, kind: PartKind) -> i64 {
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
pub(super) fn pick_cycle(cur: i64, idx: i64, n: i64, rel: Option<Rel>, tense: Tense) -> i64 {
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
pub(super) fn shift(a: NaiveDate, unit: Unit, k: i64) -> Option<NaiveDate> {
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
pub(super) fn weekend(
    a: NaiveDate,
    rel: Option<Rel>,
    tense: Tense,
    explicit_this: bool,
) -> Normalized {
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
