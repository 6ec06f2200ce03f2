//! Time link: each time expression of a sentence goes to at most one trigger candidate (step 6
//! of the stage, see the parent module).

use chrono::NaiveDate;

use crate::document::{Modality, TimeExpr};
use crate::extract::time::Tense;

use super::sentence::{Sent, WINDOW};
use super::triggers::Cand;
use super::{event_time, Times};

/// Does `start..=end` lie after `anchor`?
fn is_future(start: Option<NaiveDate>, end: Option<NaiveDate>, anchor: NaiveDate) -> bool {
    match (start, end) {
        (Some(s), Some(e)) => s >= anchor && e > anchor,
        (Some(s), None) => s >= anchor,
        _ => false,
    }
}

/// Does `end` lie before `anchor`?
fn is_past(end: Option<NaiveDate>, anchor: NaiveDate) -> bool {
    end.is_some_and(|e| e < anchor)
}

/// Gives each time expression of a sentence to at most one trigger (see the module doc).
pub(super) fn assign_times(
    s: &Sent,
    times: &Times,
    timexes: &[TimeExpr],
    cands: &mut [Cand],
    anchor: Option<NaiveDate>,
) {
    if times.is_empty() || cands.is_empty() {
        return;
    }
    let given = greedy_times(s, times, timexes, cands, anchor);
    // an event noun between a dated trigger and its expression, in the same clause, shares it:
    // "hold talks on the sidelines of an annual security forum in Singapore early next month"
    for (ci, ti) in given {
        let Some(dated) = cands.get(ci) else {
            continue;
        };
        let Some((t, tense)) = dated.time.clone() else {
            continue;
        };
        let (from, clause) = (dated.tok - s.base, dated.clause);
        let Some(&(a, _, _, _)) = times.get(ti) else {
            continue;
        };
        let lo = cands.partition_point(|c| c.tok - s.base <= from);
        let hi = cands.partition_point(|c| c.tok - s.base < a).max(lo);
        for c in cands.get_mut(lo..hi).unwrap_or_default() {
            let j = c.tok - s.base;
            if c.time.is_none() && c.noun && c.clause == clause && from < j && j < a {
                let future = anchor.is_some_and(|anc| is_future(t.start, t.end, anc));
                if c.modality == Modality::Occurred && future {
                    c.modality = Modality::Planned;
                }
                if c.modality == Modality::Occurred || c.modality == Modality::Planned {
                    c.time = Some((t.clone(), tense));
                }
            }
        }
    }
}

/// Greedy nearest-first assignment; returns the (candidate, expression) pairs made.
fn greedy_times(
    s: &Sent,
    times: &Times,
    timexes: &[TimeExpr],
    cands: &mut [Cand],
    anchor: Option<NaiveDate>,
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(bool, usize, usize, usize)> = Vec::new();
    let mut norms = Vec::with_capacity(times.len());
    for (ti, &(a, b, _, tx)) in times.iter().enumerate() {
        let c = s.clause.get(a).copied().unwrap_or(0);
        let tense = s.tense_near(a, b, c);
        norms.push((event_time(timexes, tx), tense));
        let lo = cands.partition_point(|c| c.tok - s.base + WINDOW < a);
        let hi = cands.partition_point(|c| c.tok - s.base <= b + WINDOW);
        for (ci, cand) in cands.iter().enumerate().take(hi).skip(lo) {
            let i = cand.tok - s.base;
            let d = if i < a {
                a - i
            } else {
                i.saturating_sub(b) + 1
            };
            pairs.push((cand.clause != c, d, ti, ci));
        }
    }
    pairs.sort_unstable();
    let mut used_t = vec![false; times.len()];
    let mut given: Vec<(usize, usize)> = Vec::new();
    for (_, _, ti, ci) in pairs {
        let (Some(used), Some((Some(n), tense)), Some(cand)) =
            (used_t.get_mut(ti), norms.get(ti), cands.get_mut(ci))
        else {
            continue;
        };
        if *used || cand.time.is_some() {
            continue;
        }
        // with no publication date a relative expression stays unresolved but is kept as written
        if n.value.is_none() && anchor.is_some() {
            continue;
        }
        let ctense = s.event_tense(cand.tok - s.base, cand.clause);
        if let Some(anc) = anchor {
            let planned = cand.explicit
                && matches!(cand.modality, Modality::Planned | Modality::Hypothetical);
            if planned && is_past(n.end, anc) {
                continue;
            }
            if cand.modality == Modality::Occurred
                && (ctense == Tense::Past || *tense == Tense::Past)
                && is_future(n.start, n.end, anc)
            {
                continue;
            }
        }
        *used = true;
        given.push((ci, ti));
        if let Some(anc) = anchor {
            if cand.modality == Modality::Occurred && is_future(n.start, n.end, anc) {
                cand.modality = Modality::Planned;
            }
        }
        cand.time = Some((n.clone(), *tense));
    }
    given
}
