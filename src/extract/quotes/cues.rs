//! Reporting cues: the verbs and phrases of `lexicons/quotes/reporting_verbs.tsv` outside quotes
//! ([`find_cues`]), each with its speaker phrase as a token range ([`Cue`]): the subject before
//! the verb (with an appositive), the name after an inverted verb, the phrase after
//! "according to", or none when a coordinated or participial verb inherits the clause's subject.

use super::context::Ctx;
use super::marks::is_mark_str;
use crate::document::EntityKind;
use crate::knowledge::quotes::CueClass;
use crate::text::english::{
    in_list, lower, ADJUNCT, ADVERBS, BE, BOUNDARY, CONJ, DETS, NOMINAL_BEFORE, OTHER_PRONOUNS,
    PERSON_PRONOUNS,
};
use crate::text::{fold, index};

/// A reporting cue and its speaker phrase (token indices into `Document::tokens`).
#[derive(Debug, Clone)]
pub(super) struct Cue {
    /// The reporting verb (first word of a cue phrase).
    pub(super) verb: usize,
    /// How the cue introduces what was said.
    pub(super) class: CueClass,
    /// First token of the cue frame (speaker phrase or verb).
    pub(super) start: usize,
    /// One past the frame (after the verb, or after a speaker phrase that follows it).
    pub(super) end: usize,
    /// The speaker phrase, as a token range.
    pub(super) subj: Option<(usize, usize)>,
    /// An appositive after the subject ("Howell, who has two children, says").
    pub(super) appos: Option<(usize, usize)>,
    /// The speaker follows the verb ("said Lin Hua", "according to X").
    pub(super) inverted: bool,
    /// Coordinated or participial verb: the speaker is the unit's earlier subject.
    pub(super) inherit: bool,
}

/// Walks back from `end` (exclusive) over a noun phrase; stops at punctuation, quotes, clause
/// words and `lo`. Returns the token range if it looks like a speaker phrase.
pub(super) fn np_back(
    ctx: &Ctx,
    lo: usize,
    end: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let mut k = end;
    while k > lo && end - k < 12 {
        let i = k - 1;
        let t = ctx.tok(i);
        if quoted(i) {
            break;
        }
        if !ctx.is_word(i) {
            // a comma only between coordinate adjectives ("the lanky, bespectacled professor")
            let joins =
                t == "-" || t == "&" || (t == "," && coordinate_adjectives(ctx, lo, i, end));
            if !joins {
                break;
            }
        } else if in_list(t, BOUNDARY) || in_list(t, BE) {
            break;
        }
        k -= 1;
    }
    if k == end || (end - k >= 12 && k > lo && ctx.is_word(k - 1)) {
        return None;
    }
    // the phrase must hold something noun-like
    let ok = (k..end).any(|i| {
        let t = ctx.tok(i);
        ctx.capitalized(i)
            || in_list(t, PERSON_PRONOUNS)
            || in_list(t, OTHER_PRONOUNS)
            || in_list(t, DETS)
            || {
                let mut b = [0u8; 32];
                lower(t, &mut b).is_some_and(|w| ctx.k.source(w).is_some())
            }
    });
    // a capitalized sentence opener that is a clause word was excluded above; drop a leading
    // conjunction ("And she said")
    let mut k2 = k;
    while k2 < end && in_list(ctx.tok(k2), CONJ) {
        k2 += 1;
    }
    (ok && k2 < end).then_some((k2, end))
}

/// Whether the comma at token `i` separates two adjectives of one clause-initial noun phrase
/// ending at `end` ("the lanky, bespectacled professor said"): an article opening the clause,
/// one lower-case word, the comma, then at least two lower-case words (adjective and noun).
fn coordinate_adjectives(ctx: &Ctx, lo: usize, i: usize, end: usize) -> bool {
    if i < lo + 2 || i + 2 >= end {
        return false;
    }
    let det = i - 2;
    let clause_start = det == lo || {
        let b = ctx.tok(det - 1);
        matches!(b, "," | ":" | ";" | "—" | "–") || is_mark_str(b)
    };
    let lower_word = |j: usize| {
        ctx.is_word(j)
            && ctx.tok(j).chars().next().is_some_and(char::is_lowercase)
            && !in_list(ctx.tok(j), DETS)
            && !in_list(ctx.tok(j), BOUNDARY)
            && !in_list(ctx.tok(j), CONJ)
            && !in_list(ctx.tok(j), BE)
    };
    clause_start
        && in_list(ctx.tok(det), &["the", "a", "an"])
        && lower_word(i - 1)
        && (i + 1..end).all(lower_word)
}

/// Speaker phrase after an inverted verb ("said Lin Hua, director …").
pub(super) fn np_forward(
    ctx: &Ctx,
    from: usize,
    hi: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let first = ctx.tok(from);
    if from >= hi || !ctx.is_word(from) || quoted(from) || in_list(first, ctx.k.time_words()) {
        return None;
    }
    if in_list(first, PERSON_PRONOUNS) || in_list(first, OTHER_PRONOUNS) {
        return None;
    }
    let article = [
        "the", "a", "an", "another", "one", "two", "three", "several", "some", "both",
    ];
    if !(ctx.capitalized(from) || in_list(first, &article)) {
        // a lowercase title ("said police Chief X") is fine when a capitalized word follows soon
        // ("said oil and gas worker X"): lower-case words only, then the name
        let name_at = (from + 1..hi.min(from + 6))
            .take_while(|&i| {
                ctx.capitalized(i)
                    || (ctx.is_word(i)
                        && !quoted(i)
                        && !in_list(ctx.tok(i), ADJUNCT)
                        && !in_list(ctx.tok(i), BOUNDARY))
            })
            .find(|&i| ctx.capitalized(i));
        name_at?;
    }
    let mut k = from;
    while k < hi && k - from < 10 {
        let t = ctx.tok(k);
        if quoted(k) || (!ctx.is_word(k) && t != "-" && t != "&") {
            break;
        }
        if k > from && (in_list(t, ADJUNCT) || in_list(t, BOUNDARY)) && t != "of" {
            break;
        }
        k += 1;
    }
    (k > from).then_some((from, k))
}

/// Finds the cues of one unit (token range), skipping tokens inside quotes.
pub(super) fn find_cues(
    ctx: &Ctx,
    u0: usize,
    u1: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut v = u0;
    while v < u1 {
        if quoted(v) || !ctx.is_word(v) {
            v += 1;
            continue;
        }
        // a word whose (first letter, length, last letter) no cue word has is none of them
        // (the keys are lowercase; the shape ignores ASCII case as `lower` does)
        if let Some(shapes) = ctx.k.cue_shapes() {
            let known = fold::shape_of(ctx.tok(v)).is_some_and(|(f, n, l)| {
                shapes
                    .get(f)
                    .and_then(|x| x.get(n))
                    .is_some_and(|&sh| sh & (1 << l) != 0)
            });
            if !known {
                v += 1;
                continue;
            }
        }
        let mut buf = [0u8; 32];
        let Some(w) = lower(ctx.tok(v), &mut buf) else {
            v += 1;
            continue;
        };
        // one look-up for both: `verb` is `ctx.k.verb(w)`
        let Some((phrase, verb)) = ctx.k.cue_word(w) else {
            v += 1;
            continue;
        };
        // two-word phrases first
        if let Some((second, class)) = phrase {
            if v + 1 < u1 && in_list(ctx.tok(v + 1), &[second]) {
                if let Some(c) = phrase_cue(ctx, v, u0, u1, class, quoted) {
                    v = c.end.max(v + 2);
                    cues.push(c);
                    continue;
                }
            }
        }
        let Some(class) = verb else {
            v += 1;
            continue;
        };
        if let Some(c) = verb_cue(ctx, v, u0, u1, class, w.ends_with("ing"), quoted) {
            cues.push(c);
        }
        v += 1;
    }
    cues
}

/// The cue of a two-word phrase starting at `v` ("according to X", "described by X"): the
/// speaker phrase runs from after the phrase to the next punctuation or quotation.
fn phrase_cue(
    ctx: &Ctx,
    v: usize,
    u0: usize,
    u1: usize,
    class: CueClass,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<Cue> {
    let from = v + 2;
    let mut k = from;
    while k < u1 && k - from < 14 {
        let t = ctx.tok(k);
        if quoted(k) || matches!(t, "," | "." | ";" | ":" | "—" | "–" | "(" | ")" | "!" | "?") {
            break;
        }
        if is_mark_str(t) {
            break;
        }
        k += 1;
    }
    if k == from {
        return None;
    }
    let mut start = v;
    if class == CueClass::By && v > u0 && in_list(ctx.tok(v - 1), &["as"]) {
        start = v - 1;
    }
    Some(Cue {
        verb: v,
        class,
        start,
        end: k,
        subj: Some((from, k)),
        appos: None,
        inverted: true,
        inherit: false,
    })
}

/// The cue of the reporting verb at `v`, with its speaker phrase: before it (with adverbs, an
/// appositive), after it when inverted, or inherited from the clause (`participle`, a conjunction).
fn verb_cue(
    ctx: &Ctx,
    v: usize,
    u0: usize,
    u1: usize,
    class: CueClass,
    participle: bool,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<Cue> {
    let mut k = v;
    // a capitalized word mid-clause is a name, not an adverb or modal ("Ms. May said")
    while k > u0
        && in_list(ctx.tok(k - 1), ADVERBS)
        && !quoted(k - 1)
        && !(k - 1 > u0 && ctx.capitalized(k - 1))
    {
        k -= 1;
    }
    let prev = if k > u0 { Some(ctx.tok(k - 1)) } else { None };
    if prev.is_some_and(|p| in_list(p, BE) || in_list(p, NOMINAL_BEFORE) || p == "’s" || p == "'s")
    {
        return None; // passive ("was told"), infinitive or nominal use ("his claims")
    }
    if v > u0 && ctx.capitalized(v) && !quoted(v - 1) && !is_mark_str(ctx.tok(v - 1)) {
        return None; // "Secretary of State", "the United States"
    }
    if participle && k > u0 && in_list(ctx.tok(k - 1), &["as"]) {
        // "X was quoted as saying": the passive subject is the speaker
        if k >= u0 + 4 && in_list(ctx.tok(k - 2), &["quoted"]) && in_list(ctx.tok(k - 3), BE) {
            if let Some(subj) = np_back(ctx, u0, k - 3, quoted) {
                return Some(Cue {
                    verb: v,
                    class,
                    start: subj.0,
                    end: v + 1,
                    subj: Some(subj),
                    appos: None,
                    inverted: false,
                    inherit: false,
                });
            }
        }
        return None; // "quoted as saying" without a subject: reported by someone else
    }
    let base = Cue {
        verb: v,
        class,
        start: k,
        end: v + 1,
        subj: None,
        appos: None,
        inverted: false,
        inherit: false,
    };
    if participle {
        // ", adding that …", ", saying …": the subject is the clause's
        return (prev == Some(",")).then_some(Cue {
            inherit: true,
            ..base
        });
    }
    if prev.is_some_and(|p| in_list(p, CONJ)) {
        return Some(Cue {
            inherit: true,
            start: k - 1,
            ..base
        });
    }
    let after_punct = k == u0 || prev.is_some_and(|p| p == "," || p == ":" || is_mark_str(p));
    if prev == Some(",") {
        // a person opening the clause, then appositives with commas of their own: "Tareq Lee,
        // the co-founder of X, a company based in Y, says"; "“…,” Ann Lee, X’s founder, said"
        if let Some((s0, mend, ae)) = opening_person_cue(ctx, u0, k, quoted) {
            return Some(Cue {
                start: s0,
                subj: Some((s0, mend)),
                appos: Some((mend + 1, ae)),
                ..base
            });
        }
    }
    if prev == Some(",") {
        // appositive: "Howell, who has two children in the school, says"
        if let Some((head, appos)) = appositive_subject(ctx, u0, k, quoted) {
            return Some(Cue {
                start: head.0,
                subj: Some(head),
                appos: Some(appos),
                ..base
            });
        }
    }
    if after_punct {
        // inverted: "…," said Ann Lee
        let from = v + 1;
        if let Some(sp) = np_forward(ctx, from, u1, quoted) {
            return Some(Cue {
                end: sp.1,
                subj: Some(sp),
                inverted: true,
                ..base
            });
        }
        return None;
    }
    let subj = np_back(ctx, u0, k, quoted)?;
    Some(Cue {
        start: subj.0,
        subj: Some(subj),
        ..base
    })
}

/// The subject and the appositive between commas before the verb at `k` (whose previous token is
/// a comma): "Howell, who has two children in the school, says". Returns (subject, appositive)
/// token ranges.
fn appositive_subject(
    ctx: &Ctx,
    u0: usize,
    k: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<((usize, usize), (usize, usize))> {
    let mut j = k - 1;
    let mut found = None;
    while j > u0 && k - j < 45 {
        j -= 1;
        if quoted(j) || is_mark_str(ctx.tok(j)) {
            break;
        }
        if ctx.tok(j) == "," {
            found = Some(j);
            break;
        }
    }
    let j = found?;
    if j + 1 >= k - 1 {
        return None;
    }
    let head = np_back(ctx, u0, j, quoted)?;
    let last = head.1 - 1;
    let nounish = ctx.capitalized(last)
        || ctx.capitalized(j + 1)
        || (head.0..head.1).any(|i| ctx.capitalized(i) || in_list(ctx.tok(i), DETS))
        || in_list(ctx.tok(last), PERSON_PRONOUNS)
        || in_list(ctx.tok(last), OTHER_PRONOUNS)
        || {
            let mut b = [0u8; 32];
            lower(ctx.tok(last), &mut b).is_some_and(|w| ctx.k.source(w).is_some())
        };
    let appos_first = ctx.tok(j + 1);
    let appos_ok = j + 2 == k - 1
        || in_list(appos_first, &["who", "whose", "which"])
        || in_list(appos_first, DETS)
        || ctx.capitalized(j + 1)
        || !in_list(appos_first, BOUNDARY);
    // a subject right after a clause opener or a quote, not mid-sentence prose
    let before_ok = head.0 == u0
        || matches!(ctx.tok(head.0 - 1), "," | ":" | "—")
        || is_mark_str(ctx.tok(head.0 - 1))
        || in_list(ctx.tok(head.0 - 1), BOUNDARY)
        || in_list(ctx.tok(head.0 - 1), CONJ);
    (nounish && appos_ok && before_ok).then_some((head, (j + 1, k - 1)))
}

/// The subject and appositive of a verb after "Name, …," when the person's name opens the clause
/// (at the unit start, or right after a leading quotation and its comma).
fn opening_person_cue(
    ctx: &Ctx,
    u0: usize,
    k: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize, usize)> {
    let mut s0 = u0;
    while s0 < k && (quoted(s0) || !ctx.is_word(s0)) {
        s0 += 1;
    }
    if k < s0 + 3 || k - s0 > 50 || (s0..k).any(quoted) {
        return None;
    }
    let first = ctx.doc.tokens.get(s0)?;
    let m = ctx
        .mentions_in(first.span)
        .into_iter()
        .filter_map(|i| ctx.doc.mentions.get(i))
        .find(|m| {
            m.span.start == first.span.start
                && m.entity
                    .is_some_and(|e| ctx.entity_kind(e) == Some(EntityKind::Person))
        })?;
    let toks = &ctx.doc.tokens;
    let mend = index::token_starting_from(toks, m.span.end).get();
    if mend + 1 >= k - 1 || ctx.tok(mend) != "," {
        return None;
    }
    // no other reporting verb in between (that one would be the cue)
    if (mend..k - 1).any(|i| {
        let mut buf = [0u8; 32];
        lower(ctx.tok(i), &mut buf).is_some_and(|w| ctx.k.verb(w).is_some())
    }) {
        return None;
    }
    Some((s0, mend, k - 1))
}
