//! Trigger candidates of one sentence: the trigger reading, its noun phrase, modality,
//! participants and place (steps 1-5 of the stage, see the parent module).

use crate::document::{EntityIdx, EntityKind, EventTime, Modality, Participant, TokenKind};
use crate::extract::time::Tense;
use crate::knowledge::events::{Requires, Trigger, TriggerPos};
use crate::text::Span;
use crate::vocab::{EventType, ParticipantRole};

use super::lexicon::{
    family, object_role, BY, CANCEL, CLAUSE, DET, HYPO, NEG, PAST, PLACEPREP, PLANNED, PRESENT,
    STOP, SUPPORT, TRIGGER,
};
use super::sentence::{Sent, WINDOW};

/// One trigger occurrence before merging.
#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) ty: EventType,
    pub(super) trigger: Span,
    /// Global token index of the trigger.
    pub(super) tok: usize,
    pub(super) sentence: usize,
    pub(super) clause: usize,
    pub(super) modality: Modality,
    /// Modality came from cue words (not the default).
    pub(super) explicit: bool,
    /// A definite event noun phrase ("the meeting"): possibly a repeated mention.
    pub(super) anaphoric: bool,
    pub(super) noun: bool,
    pub(super) bare_plural: bool,
    pub(super) linked_object: bool,
    pub(super) participants: Vec<Participant>,
    pub(super) place: Option<EntityIdx>,
    pub(super) time: Option<(EventTime, Tense)>,
}

/// The noun phrase in front of a trigger (local token indices).
#[derive(Debug, Clone, Copy)]
struct NounPhrase {
    /// Its first token (the trigger itself when there is none).
    start: usize,
    /// Definite: a determiner, a possessive or "such a".
    det: bool,
    indefinite: bool,
    /// The possessor's mention ("Wang’s trip").
    possessor: Option<usize>,
}

impl NounPhrase {
    /// No noun phrase: a verb trigger at `i`.
    fn verb(i: usize) -> NounPhrase {
        NounPhrase {
            start: i,
            det: false,
            indefinite: false,
            possessor: None,
        }
    }
}

/// The participants and place gathered for one candidate.
#[derive(Default)]
struct Args {
    parts: Vec<Participant>,
    place: Option<EntityIdx>,
}

impl Args {
    fn add(&mut self, e: EntityIdx, role: ParticipantRole) {
        if !self.parts.iter().any(|p| p.entity == e) {
            self.parts.push(Participant { entity: e, role });
        }
    }
}

/// Finds the trigger candidates of one sentence with modality, participants and place.
pub(super) fn triggers_of(
    s: &Sent,
    times: &[(usize, usize, Span)],
    si: usize,
    prev_person: Option<EntityIdx>,
) -> Vec<Cand> {
    (0..s.toks.len())
        .filter_map(|i| candidate_at(s, times, si, prev_person, i))
        .collect()
}

/// The candidate whose trigger is local token `i`, if it is one.
fn candidate_at(
    s: &Sent,
    times: &[(usize, usize, Span)],
    si: usize,
    prev_person: Option<EntityIdx>,
    i: usize,
) -> Option<Cand> {
    let w = s.w(i);
    // the TRIGGER bit is set exactly for the keys of `lx.triggers`
    if s.c(i) & TRIGGER == 0 {
        return None;
    }
    let entries = s.lx.triggers.get(w)?;
    let tok = s.toks.get(i)?;
    let capital = s.doc.slice(tok.span).starts_with(char::is_uppercase);
    if (capital && i > 0 && !matches!(s.w(i - 1), "\"" | "“" | "'" | "(")) || s.in_mention(i) {
        return None;
    }
    let c = s.clause.get(i).copied().unwrap_or(0);
    let (cs, ce) = s.clause_range(c);
    let mut np = noun_phrase(s, i, cs);
    let support = np.start > cs && s.c(np.start - 1) & SUPPORT != 0;
    let pick = |p: TriggerPos| entries.iter().find(|t| t.pos == p);
    let looks_noun = np.det || np.indefinite || np.start < i || support;
    let tr = if looks_noun {
        pick(TriggerPos::Noun).or_else(|| pick(TriggerPos::Verb))
    } else {
        pick(TriggerPos::Verb).or_else(|| pick(TriggerPos::Noun))
    }?;
    if !requirements_met(s, tr, i, ce, times) {
        return None;
    }
    let noun = tr.pos == TriggerPos::Noun;
    if !noun {
        np = NounPhrase::verb(i);
    }
    let support = noun && support;
    // a cancel verb governing an event noun only sets that noun's modality
    if tr.ty == EventType::Cancellation
        && (i + 1..(i + 5).min(ce)).any(|k| {
            s.lx.triggers
                .get(s.w(k))
                .is_some_and(|v| v.iter().any(|t| t.pos == TriggerPos::Noun))
        })
    {
        return None;
    }
    let (modality, explicit) = modality_of(s, i, np.start, (cs, ce), noun, support);
    let subject_role = if passive(s, i, cs, noun) {
        object_role(tr.ty, tr.subject_role)
    } else {
        tr.subject_role
    };
    let mut args = Args::default();
    noun_phrase_participants(s, tr, &np, i, noun, &mut args);
    if !noun || support {
        subjects(s, i, np.start, cs, noun, subject_role, &mut args);
    }
    // an unresolved "He"/"She" opening the clause: the last person of the previous sentence
    if !noun && args.parts.is_empty() && matches!(s.w(cs), "he" | "she") && !s.in_mention(cs) {
        if let Some(e) = prev_person {
            args.add(e, subject_role);
        }
    }
    let linked_object = objects(s, tr, i, ce, noun, &mut args);
    if args.place.is_none() {
        args.place = fronted_place(s, i, cs);
    }
    if matches!(tr.requires, Requires::Person)
        && !args
            .parts
            .iter()
            .any(|p| s.doc.entity(p.entity).map(|e| e.kind) == Some(EntityKind::Person))
    {
        return None;
    }
    Some(Cand {
        ty: tr.ty,
        trigger: tok.span,
        tok: s.base + i,
        sentence: si,
        clause: c,
        modality,
        explicit,
        anaphoric: noun && np.det,
        noun,
        bare_plural: noun && tr.plural && !np.det && !np.indefinite && !support,
        linked_object,
        participants: args.parts,
        place: args.place,
        time: None,
    })
}

/// Scans back from token `i` (within its clause starting at `cs`, at most five words) for the
/// noun phrase the word would head as an event noun.
fn noun_phrase(s: &Sent, i: usize, cs: usize) -> NounPhrase {
    let mut np = NounPhrase::verb(i);
    let mut j = i;
    while j > cs && i - j < 5 {
        let k = j - 1;
        let wk = s.w(k);
        let ck = s.c(k);
        if matches!(wk, "a" | "an" | "another" | "any" | "every" | "each") {
            np.indefinite = true;
            if wk == "a" && k > 0 && s.w(k - 1) == "such" {
                np.det = true;
                np.start = k - 1;
            } else {
                np.start = k;
            }
            break;
        }
        if ck & DET != 0 {
            np.det = true;
            np.start = k;
            break;
        }
        if matches!(wk, "'s" | "'") {
            np.det = true;
            // the possessor mention ends right before
            let owner = s
                .mentions_in(k.saturating_sub(WINDOW), k)
                .iter()
                .rev()
                .find(|m| m.1 == k);
            np.possessor = owner.map(|m| m.2);
            np.start = owner.map_or(k, |x| x.0);
            if let Some(t) = np
                .possessor
                .and_then(|m| s.doc.mentions.get(m))
                .and_then(|m| m.title)
            {
                np.start = np.start.min(s.tok_at(t.start));
            }
            break;
        }
        // a verb ends the noun phrase ("Norland requested talks"); planned/scheduled do not
        let verb = ck & (PAST | PRESENT) != 0
            || (wk.len() >= 5 && wk.ends_with("ed") && ck & PLANNED == 0);
        if s.toks.get(k).is_some_and(|t| t.kind == TokenKind::Punct)
            || verb
            || ck & (STOP | PLACEPREP | SUPPORT | BY | CLAUSE) != 0
            || matches!(wk, "for" | "of" | "with" | "on" | "from" | "against")
        {
            break;
        }
        np.start = k;
        j = k;
    }
    np
}

/// Does the reading `tr` at token `i` (clause ending at `ce`) have what it requires?
fn requirements_met(
    s: &Sent,
    tr: &Trigger,
    i: usize,
    ce: usize,
    times: &[(usize, usize, Span)],
) -> bool {
    match &tr.requires {
        Requires::Nothing | Requires::Person => true,
        Requires::After(words) => (i + 1..(i + 5).min(ce)).any(|k| words.contains(&s.w(k))),
        Requires::Time => {
            let p = times.partition_point(|t| t.0 <= i);
            let after = times.get(p).is_some_and(|&(a, _, _)| a <= i + 2);
            let before = p
                .checked_sub(1)
                .and_then(|q| times.get(q))
                .is_some_and(|&(_, b, _)| b <= i && b + 1 >= i);
            after || before
        }
    }
}

/// The modality of the trigger at `i` (noun phrase from `np`, clause `cs..ce`) and whether cue
/// words gave it (step 3 of the stage).
fn modality_of(
    s: &Sent,
    i: usize,
    np: usize,
    (cs, ce): (usize, usize),
    noun: bool,
    support: bool,
) -> (Modality, bool) {
    let region = if noun && !support {
        np..i
    } else {
        cs.max(i.saturating_sub(WINDOW))..i
    };
    let mut cues = 0u16;
    for k in region {
        cues |= s.c(k);
    }
    if noun && !support {
        // "possibly a separate meeting"
        for k in np.saturating_sub(2).max(cs)..np {
            cues |= s.c(k) & (HYPO | PLANNED | NEG);
        }
        // "requests for talks", "plans for a trip"
        if np > cs + 1 && s.w(np - 1) == "for" {
            cues |= s.c(np - 2) & (HYPO | PLANNED);
        }
    }
    let neg_from = if support {
        np.saturating_sub(4)
    } else {
        i.saturating_sub(3)
    };
    let neg = (neg_from.max(cs)..i).any(|k| s.c(k) & NEG != 0);
    let cancel_before = (i.saturating_sub(5).max(cs)..i).any(|k| s.c(k) & CANCEL != 0);
    let mut after_planned = false;
    let mut after_cancel = false;
    if noun {
        for k in i + 1..(i + 7).min(ce) {
            let wk = s.w(k);
            if k < i + 4 && s.c(k) & PLANNED != 0 {
                after_planned = true;
            }
            if k < i + 4 && s.c(k) & CANCEL != 0 && wk != "off" {
                after_cancel = true;
            }
            if wk == "be" && s.w(k - 1) == "to" {
                after_planned = true;
            }
        }
    }
    let infinitive = !noun && i > 0 && s.w(i - 1) == "to";
    if cues & HYPO != 0 {
        (Modality::Hypothetical, true)
    } else if cancel_before || after_cancel {
        (Modality::Cancelled, true)
    } else if neg {
        (Modality::Negated, true)
    } else if cues & PLANNED != 0 || after_planned || infinitive {
        (Modality::Planned, true)
    } else {
        (Modality::Occurred, false)
    }
}

/// Passive voice ("were detained by …"): the subject undergoes the event.
fn passive(s: &Sent, i: usize, cs: usize, noun: bool) -> bool {
    let be = |k: usize| {
        matches!(
            s.w(k),
            "was" | "were" | "been" | "being" | "be" | "is" | "are" | "got"
        )
    };
    let participle = s.w(i).ends_with("ed") || s.c(i) & PAST != 0;
    !noun
        && participle
        && ((i > cs && be(i - 1)) || (i > cs + 1 && s.w(i - 1).ends_with("ly") && be(i - 2)))
}

/// The possessor of an event noun and the mentions modifying it inside its noun phrase.
fn noun_phrase_participants(
    s: &Sent,
    tr: &Trigger,
    np: &NounPhrase,
    i: usize,
    noun: bool,
    args: &mut Args,
) {
    let place_types = matches!(family(tr.ty), EventType::Meeting | EventType::Travel)
        || tr.ty == EventType::Summit;
    if let Some(m) = np.possessor {
        if let Some((e, _)) = s.entity_of(m) {
            args.add(e, tr.subject_role);
        }
    } else if noun && np.det && matches!(s.w(np.start), "his" | "her" | "their") {
        // possessive pronoun without a resolved mention: nearest preceding person
        let prior = s
            .mentions_in(np.start.saturating_sub(WINDOW), np.start)
            .iter()
            .rev()
            .filter(|m| m.1 <= np.start)
            .filter_map(|m| s.entity_of(m.2))
            .find(|(_, k)| *k == EntityKind::Person);
        let covered = !s.mentions_in(np.start, np.start + 1).is_empty();
        if let (Some((e, _)), false) = (prior, covered) {
            args.add(e, tr.subject_role);
        }
    }
    // modifiers inside the noun phrase
    for &(a, b, m) in s.mentions_in(np.start, i).iter().filter(|m| m.1 <= i) {
        if np.possessor == Some(m) || s.possessive(b) && a < np.start {
            continue;
        }
        if let Some((e, k)) = s.entity_of(m) {
            if k == EntityKind::Place && place_types {
                args.place = args.place.or(Some(e));
            } else if np.possessor != Some(m) {
                args.add(e, tr.subject_role);
            }
        }
    }
}

/// The word before the mention starting at `a`, skipping one "the".
fn word_before<'s>(s: &'s Sent, a: usize) -> &'s str {
    let prev = if a > 0 { s.w(a - 1) } else { "" };
    if prev == "the" && a > 1 {
        s.w(a - 2)
    } else {
        prev
    }
}

/// Subjects in the clause before the trigger at `i` (before the noun phrase at `np` for a
/// supported event noun): up to four people and organizations, nearest first; a place only as
/// the immediate subject of a verb (metonymy).
fn subjects(
    s: &Sent,
    i: usize,
    np: usize,
    cs: usize,
    noun: bool,
    role: ParticipantRole,
    args: &mut Args,
) {
    let limit = if noun { np.saturating_sub(1) } else { i };
    let mut found = 0;
    for &(a, b, m) in s
        .mentions_in(cs.max(limit.saturating_sub(WINDOW)), limit)
        .iter()
        .rev()
        .filter(|m| m.1 <= limit)
    {
        if found >= 4 {
            break;
        }
        if s.possessive(b) {
            continue;
        }
        let prev = word_before(s, a);
        let infinitive_subject = prev == "for" && b + 1 == i && s.w(i - 1) == "to";
        if !infinitive_subject
            && (s.cue(prev) & PLACEPREP != 0
                || matches!(prev, "from" | "for" | "with" | "on" | "against" | "about"))
        {
            continue;
        }
        let Some((e, k)) = s.entity_of(m) else {
            continue;
        };
        if k == EntityKind::Place {
            // metonymy: only the immediate subject of a verb
            if noun || limit.saturating_sub(b) > 1 {
                continue;
            }
        }
        args.add(e, role);
        found += 1;
    }
}

/// Objects after the trigger at `i`, up to a stop word or the end of its clause (`ce`): places
/// after a place preposition, counterparts or targets, agents after "by". Returns whether an
/// object is linked to the trigger (by a preposition, or after a verb).
fn objects(s: &Sent, tr: &Trigger, i: usize, ce: usize, noun: bool, args: &mut Args) -> bool {
    let mut linked_object = false;
    let mut by = false;
    let end = (i + 17).min(ce);
    let mut k = i + 1;
    while k < end {
        let wk = s.w(k);
        if k > i + 1 && s.c(k) & STOP != 0 || matches!(wk, "that" | "who" | "which") {
            break;
        }
        if s.c(k) & BY != 0 {
            by = true;
        }
        let Some(&(a, b, m)) = s.mentions_in(k, k + 1).first() else {
            k += 1;
            continue;
        };
        let prev = word_before(s, a);
        if let Some((e, kind)) = s.entity_of(m) {
            if kind == EntityKind::Place {
                if s.cue(prev) & PLACEPREP != 0 && !s.possessive(b) {
                    args.place = args.place.or(Some(e));
                }
            } else if s.cue(prev) & PLACEPREP != 0 && prev != "to" {
                // "held in the Diaoyutai State Guesthouse": a venue, not a participant
            } else if !s.possessive(b) || !noun {
                let role = if by {
                    ParticipantRole::Agent
                } else {
                    object_role(tr.ty, tr.subject_role)
                };
                if !noun
                    || k > i + 1
                    || matches!(
                        s.w(i + 1),
                        "with" | "between" | "on" | "against" | "by" | "of" | "from" | "among"
                    )
                {
                    linked_object = true;
                }
                if !s.possessive(b) {
                    args.add(e, role);
                }
            }
        }
        k = b.max(k + 1);
    }
    linked_object
}

/// A place right before the trigger at `i` ("in Vienna, they met") within its clause.
fn fronted_place(s: &Sent, i: usize, cs: usize) -> Option<EntityIdx> {
    let mut place = None;
    for &(a, b, m) in s
        .mentions_in(cs.max(i.saturating_sub(8)), i)
        .iter()
        .filter(|m| m.1 <= i && i - m.1 <= 4)
    {
        let prev = if a > 0 { s.w(a - 1) } else { "" };
        if s.cue(prev) & PLACEPREP != 0 && !s.possessive(b) {
            if let Some((e, EntityKind::Place)) = s.entity_of(m) {
                place = Some(e);
            }
        }
    }
    place
}
