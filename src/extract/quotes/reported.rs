//! Reported speech: the clause a reporting cue introduces, after the verb (past a recipient and
//! adjuncts) or before a clause-final cue, as a token range ([`content`]).

use super::context::Ctx;
use super::cues::Cue;
use crate::knowledge::quotes::CueClass;
use crate::text::english::{in_list, ADJUNCT, BE, CONJ, DETS, OTHER_PRONOUNS, PERSON_PRONOUNS};

/// The reported content of cue `ci` as a token range, if any.
pub(super) fn content(
    ctx: &Ctx,
    cues: &[Cue],
    ci: usize,
    u0: usize,
    u1: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let c = cues.get(ci)?;
    // the content runs to the next cue that opens a new clause; a cue inside it is nested
    let next_start = cues
        .iter()
        .skip(ci + 1)
        .find(|d| {
            d.start > 0
                && (matches!(ctx.tok(d.start - 1), "," | ";" | "—")
                    || in_list(
                        ctx.tok(d.start - 1),
                        &["and", "but", "though", "although", "while"],
                    )
                    || d.inherit
                    || d.inverted)
        })
        .map_or(u1, |d| d.start.min(u1));
    let prev_end = if ci > 0 {
        cues.get(ci - 1).map_or(u0, |d| d.end)
    } else {
        u0
    };
    let before = |lo: usize| -> Option<(usize, usize)> {
        // "…, X said": content from the unit start to the comma before the frame
        if c.start == 0 || c.start <= lo || ctx.tok(c.start - 1) != "," {
            return None;
        }
        if cues
            .iter()
            .any(|d| d.verb < c.start && d.verb >= lo && d.class != CueClass::By)
        {
            return None;
        }
        let (x, y) = trim_range(ctx, lo, c.start - 1);
        (words_in(ctx, x, y, quoted) >= 3 || (x..y).any(quoted)).then_some((x, y))
    };
    if c.class == CueClass::According {
        if c.start <= u0 + 1 {
            // up to a later cue opening its own clause ("…, but Chapman says …")
            let (x, y) = trim_range(ctx, c.end, next_start);
            return (x < y).then_some((x, y));
        }
        if let Some(r) = before(u0) {
            let tail = words_in(ctx, c.end, u1, quoted);
            if tail == 0 {
                return Some(r);
            }
            let (x, y) = trim_range(ctx, u0, u1);
            return Some((x, y));
        }
        return None;
    }
    if c.inverted {
        return before(prev_end);
    }
    // after the frame
    let mut x = c.end;
    // a colon or comma right after the verb
    while x < next_start && matches!(ctx.tok(x), "," | ":") {
        x += 1;
    }
    let after_comma = x > c.end;
    if c.class == CueClass::Tell {
        // skip the recipient: up to "that" nearby, else a short name or noun phrase
        if let Some(t) = (x..next_start.min(x + 9)).find(|&i| in_list(ctx.tok(i), &["that"])) {
            x = t + 1;
        } else {
            if x < next_start && in_list(ctx.tok(x), DETS) {
                x += 1;
            }
            let mut n = 0;
            while x < next_start && ctx.is_word(x) && (ctx.capitalized(x) || n == 0) && n < 6 {
                x += 1;
                n += 1;
            }
        }
    }
    // adjuncts ("in a statement", "on Monday", "last weekend") before the content
    let mut y = x;
    let mut skipped = false;
    // existential "there is/are …" opens the content, it is not an adjunct
    let existential = |i: usize| {
        in_list(ctx.tok(i), &["there", "here"])
            && (in_list(ctx.tok(i + 1), BE)
                || in_list(
                    ctx.tok(i + 1),
                    &[
                        "has", "have", "had", "will", "would", "may", "might", "could",
                    ],
                )
                || ctx.tok(i + 1) == "’s"
                || ctx.tok(i + 1) == "'s")
    };
    while y < next_start && in_list(ctx.tok(y), ADJUNCT) && !existential(y) && y - x < 10 {
        skipped = true;
        y += 1;
        while y < next_start
            && ctx.is_word(y)
            && !in_list(ctx.tok(y), &["that"])
            && !in_list(ctx.tok(y), PERSON_PRONOUNS)
            && !in_list(ctx.tok(y), OTHER_PRONOUNS)
            && (y == x + 1 || !in_list(ctx.tok(y), &["the", "a", "an"]))
            && !in_list(ctx.tok(y), ADJUNCT)
            && y - x < 10
        {
            y += 1;
        }
        while y < next_start && ctx.tok(y) == "," {
            y += 1;
        }
    }
    if skipped {
        x = y;
    }
    let has_that = x < next_start && in_list(ctx.tok(x), &["that"]);
    let colon_or_quote = (c.end..x).any(|i| ctx.tok(i) == ":") || quoted(x);
    let starts_participle = after_comma
        && ctx.tok(x).ends_with("ing")
        && ctx.tok(x).chars().next().is_some_and(char::is_lowercase);
    let starts_conj = x < next_start && in_list(ctx.tok(x), CONJ) && after_comma;
    let (ax, ay) = trim_range(ctx, x, next_start);
    let after_words =
        words_in(ctx, ax, ay, quoted) + (ax..ay).filter(|&i| quoted(i)).count().min(3);
    let adjunct_first = ax < ay && in_list(ctx.tok(ax), ADJUNCT) && !existential(ax);
    let after_raw = after_words >= 3 && !starts_participle && !starts_conj && !adjunct_first;
    let after_ok = after_raw && (c.class != CueClass::That || has_that || colon_or_quote);
    let comma_before = c.start > u0 && ctx.tok(c.start - 1) == ",";
    if comma_before {
        if let Some(r) = before(prev_end) {
            if !after_raw || after_comma {
                return Some(r);
            }
        }
    }
    after_ok.then_some((ax, ay))
}

/// Words of tokens `a..b` outside quotes.
pub(super) fn words_in(ctx: &Ctx, a: usize, b: usize, quoted: &dyn Fn(usize) -> bool) -> usize {
    (a..b).filter(|&i| ctx.is_word(i) && !quoted(i)).count()
}

/// Tokens `a..b` without leading or trailing punctuation and clause words.
pub(super) fn trim_range(ctx: &Ctx, mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b
        && (matches!(ctx.tok(a), "," | ":" | ";" | "—" | "–") || in_list(ctx.tok(a), &["that"]))
    {
        a += 1;
    }
    while b > a
        && (matches!(ctx.tok(b - 1), "," | "." | ":" | ";" | "—" | "–" | "(")
            || in_list(
                ctx.tok(b - 1),
                &["and", "but", "though", "although", "while", "as", "that"],
            ))
    {
        b -= 1;
    }
    (a, b)
}
