//! Events: typed happenings with participants, place, normalized date and modality.
//!
//! The stage reads sentences, tokens, mentions and entities and fills `Document::events`, one
//! [`Event`] per happening. It works sentence by sentence, in linear time:
//!
//! 1. **Triggers** come from `lexicons/event_triggers.tsv` (every inflection written out). Some
//!    need a particle or object ("shot it down", "sent a delegation", "became minister") and the
//!    reporting verbs "said"/"told" count only when a time expression stands next to them ("said
//!    last weekend"): an undated "said" is quote attribution, not a happening. Words inside a name
//!    ("Federal Bureau of Investigation") and capitalized words inside a sentence are not
//!    triggers. "cancel"/"postpone" followed by an event noun only sets that event's modality.
//! 2. **Clauses** split a sentence at `; : — ( )` and at subordinators (after, because, whether,
//!    if, where, …). Cue words are searched in the trigger's clause before it (for an event noun:
//!    inside its noun phrase, or in the whole clause before it when a support verb governs it:
//!    "hold talks", "issued a statement", "postpone a scheduled visit").
//! 3. **Modality**, first match wins: hypothetical (if, whether, would, could, possibly, "requests
//!    for …") → cancelled (postpone, cancel, called off) → negated (not, n't, never within three
//!    words) → planned (will, planned, scheduled, expected, "to be held", an infinitive "to
//!    travel", or a time expression that lies after the publication date) → occurred.
//! 4. **Participants** are mentions with a resolved entity. Before the trigger in its clause:
//!    people and organizations (up to four, nearest first), with the trigger's subject role
//!    (agent; host for "host"; attendee for summits). After the trigger, up to a stop word
//!    (about, during, according, …): counterparts for meetings, talks, trips, agreements and
//!    trades; targets for sanctions, bans, attacks, arrests, investigations, appointments; "by X"
//!    makes X an agent. For an event noun, its possessor ("Wang’s trip") and name modifiers
//!    ("U.S. sanctions") are agents. Demonyms are never participants.
//! 5. **Places as agents (metonymy rule).** A place mention is an agent only when it is the
//!    immediate subject of a verb trigger (at most one word between: "Beijing banned", "the U.S.
//!    shot it down"); it is then a participant with `entity_kind` place and role agent. A place
//!    after in/at/to ("met in Vienna", "visit to China"), or a place name modifying a trip or
//!    meeting noun ("U.S. trip"), is the event's place instead. "There," at the start of a
//!    sentence carries the previous event's place.
//! 6. **Time**: each time expression of the sentence (from [`time::find`]) goes to the nearest
//!    trigger of its clause that can take it (a planned event cannot take a past date, a
//!    past-tense occurred event cannot take a future one), else to the nearest such trigger of the
//!    sentence. It is normalized with [`time::normalize`] against `meta.published`, with the tense
//!    of the verb nearest to the expression. A fronted past time expression ("In March, …")
//!    dates the undated past events of the following sentences of its paragraph.
//! 7. **One row per happening.** A mention joins an earlier event of the same family
//!    (meeting+talks, visit+travel, or the same type) among the last 30 when dates and places do
//!    not conflict and either it is a definite noun phrase ("the meeting", "such a meeting", "his
//!    appointment") whose people do not contradict the event's, or it shares a person or
//!    organization, or it is in the same sentence, or at the same place; occurred and
//!    planned/hypothetical mentions join only through a definite noun phrase.
//! 8. **Precision.** A new event needs an argument (participant, place or time); a bare plural
//!    noun ("raids, detentions and investigations") needs a time, place or linked participant;
//!    a hypothetical event needs a named person, organization or place. Generic nouns
//!    ("relations", "diplomacy") are not in the lexicon.

use chrono::NaiveDate;

use crate::document::{
    Document, EntityKind, Event, EventTime, MentionForm, Modality, Participant, TokenKind,
};
use crate::extract::time::{self, Tense};
use crate::knowledge::events::{CueKind, EventLexicon, Requires, TriggerPos, TRIGGER_BIT};
use crate::knowledge::time::TimeWords;
use crate::text::Span;
use crate::vocab::{EventType, ParticipantRole};

/// Events searched backwards when merging a mention into an earlier happening.
const MERGE_WINDOW: usize = 30;
/// Tokens searched around a trigger or time expression (keeps run time linear in long sentences).
const WINDOW: usize = 40;

const FUTURE: u16 = CueKind::Future.bit();
const PAST: u16 = CueKind::Past.bit();
const PRESENT: u16 = CueKind::Present.bit();
const PLANNED: u16 = CueKind::Planned.bit();
const HYPO: u16 = CueKind::Hypothetical.bit();
const NEG: u16 = CueKind::Negation.bit();
const CANCEL: u16 = CueKind::Cancel.bit();
const SUPPORT: u16 = CueKind::Support.bit();
const DET: u16 = CueKind::Determiner.bit();
const CLAUSE: u16 = CueKind::Clause.bit();
const STOP: u16 = CueKind::Stop.bit();
const BY: u16 = CueKind::By.bit();
const PLACEPREP: u16 = CueKind::Placeprep.bit();
/// Not a cue: the word is a trigger form (a key of `EventLexicon::triggers`), so one look-up per
/// token serves both maps.
const TRIGGER: u16 = TRIGGER_BIT;

/// The family of a type: meeting and talks, visit and travel; otherwise the type itself.
fn family(ty: EventType) -> EventType {
    match ty {
        EventType::Meeting | EventType::Talks => EventType::Meeting,
        EventType::Visit | EventType::Travel => EventType::Travel,
        t => t,
    }
}

/// Role of a participant written after the trigger.
fn object_role(ty: EventType, subject_role: ParticipantRole) -> ParticipantRole {
    use EventType as T;
    if subject_role == ParticipantRole::Host {
        return ParticipantRole::Attendee;
    }
    match ty {
        T::Summit => ParticipantRole::Attendee,
        T::Sanction
        | T::Ban
        | T::Investigation
        | T::MilitaryAction
        | T::Attack
        | T::Arrest
        | T::Appointment
        | T::Resignation
        | T::Lawsuit
        | T::Threat
        | T::Cancellation
        | T::Election => ParticipantRole::Target,
        _ => ParticipantRole::Counterpart,
    }
}

/// One trigger occurrence before merging.
#[derive(Debug, Clone)]
struct Cand {
    ty: EventType,
    trigger: Span,
    tok: usize,
    sentence: usize,
    clause: usize,
    modality: Modality,
    /// Modality came from cue words (not the default).
    explicit: bool,
    anaphoric: bool,
    noun: bool,
    bare_plural: bool,
    linked_object: bool,
    participants: Vec<Participant>,
    place: Option<usize>,
    time: Option<(EventTime, Tense)>,
}

/// Lowercased token texts of one sentence, with typographic apostrophes made ASCII, in the
/// first `toks.len()` strings of `buf`. `buf` never shrinks: its strings keep their capacity
/// from sentence to sentence, so most words are copied without allocating.
fn lower<'b>(
    doc: &Document,
    toks: &[crate::document::Token],
    buf: &'b mut Vec<String>,
) -> &'b [String] {
    if buf.len() < toks.len() {
        buf.resize_with(toks.len(), String::new);
    }
    for (b, t) in buf.iter_mut().zip(toks) {
        b.clear();
        let w = doc.slice(t.span);
        if w.is_ascii() {
            b.push_str(w);
            b.make_ascii_lowercase();
            continue;
        }
        for c in w.chars() {
            if c == '’' || c == 'ʼ' {
                b.push('\'');
            } else {
                b.extend(c.to_lowercase());
            }
        }
    }
    buf.get(..toks.len()).unwrap_or(&[])
}

fn is_punct_boundary(w: &str) -> bool {
    matches!(w, ";" | ":" | "—" | "–" | "(" | ")" | "--")
}

/// Per-sentence view: tokens, lowercase words, clause ids, mentions by token.
struct Sent<'a> {
    doc: &'a Document,
    lx: &'a EventLexicon,
    tw: &'a TimeWords,
    /// Global index of the first token.
    base: usize,
    toks: &'a [crate::document::Token],
    lw: &'a [String],
    clause: Vec<usize>,
    /// (first token, last token exclusive, mention index), local token indices, by position.
    mentions: Vec<(usize, usize, usize)>,
    /// Tense cue of every token, computed once.
    tenses: Vec<Option<Tense>>,
    /// Cue bits of every token, computed once.
    cue_bits: Vec<u16>,
}

impl Sent<'_> {
    /// Cue bits of word `w` (lowercase).
    fn cue(&self, w: &str) -> u16 {
        self.lx.cues.get(w).copied().unwrap_or(0)
    }
    fn w(&self, i: usize) -> &str {
        self.lw.get(i).map_or("", String::as_str)
    }
    /// Cue bits of local token `i`.
    fn c(&self, i: usize) -> u16 {
        self.cue_bits.get(i).copied().unwrap_or(0)
    }
    fn clause_range(&self, c: usize) -> (usize, usize) {
        let s = self.clause.partition_point(|&x| x < c);
        let e = self.clause.partition_point(|&x| x <= c);
        (s, e)
    }
    /// Mentions whose first token lies in `from..to` (the list is sorted by first token).
    fn mentions_in(&self, from: usize, to: usize) -> &[(usize, usize, usize)] {
        let a = self.mentions.partition_point(|m| m.0 < from);
        let b = self.mentions.partition_point(|m| m.0 < to).max(a);
        self.mentions.get(a..b).unwrap_or(&[])
    }
    fn in_mention(&self, i: usize) -> bool {
        self.mentions_in(i.saturating_sub(WINDOW), i + 1)
            .iter()
            .any(|&(s, e, _)| s <= i && i < e)
    }
    fn entity_of(&self, m: usize) -> Option<(usize, EntityKind)> {
        let men = self.doc.mentions.get(m)?;
        if men.form == MentionForm::Demonym {
            return None;
        }
        let e = men.entity?;
        let kind = self.doc.entities.get(e)?.kind.unwrap_or(men.kind);
        Some((e, kind))
    }
    fn possessive(&self, end: usize) -> bool {
        matches!(self.w(end), "'s" | "'")
    }
    /// Tense of local token `i` as a cue, if it is one.
    fn token_tense(&self, i: usize) -> Option<Tense> {
        let w = self.w(i);
        let c = self.c(i);
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        // cue bits of `prev`, as `cue(prev)` gives them
        let prev_c = match i.checked_sub(1) {
            Some(j) => self.c(j),
            None => self.cue(""),
        };
        let prev2 = if i > 1 { self.w(i - 2) } else { "" };
        if c & FUTURE != 0
            || (w == "be" && (prev == "to" || prev_c & FUTURE != 0))
            || (prev == "be" && prev2 == "to")
            || (prev_c & FUTURE != 0 && matches!(prev, "will" | "'ll" | "shall"))
        {
            return Some(Tense::Future);
        }
        // the capital test only matters for an "-ed" shape: it is looked at only then
        let capital = || {
            self.toks
                .get(i)
                .is_some_and(|t| self.doc.slice(t.span).starts_with(char::is_uppercase))
        };
        let ed = w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed") && !capital();
        if c & PAST != 0 || ed {
            if matches!(prev, "is" | "are" | "being" | "am") {
                return Some(Tense::Present);
            }
            return Some(Tense::Past);
        }
        if c & PRESENT != 0 {
            return Some(Tense::Present);
        }
        None
    }
    /// Tense of a trigger at local token `i`: its own form, else the nearest verb's.
    fn event_tense(&self, i: usize, c: usize) -> Tense {
        self.tenses
            .get(i)
            .copied()
            .flatten()
            .unwrap_or_else(|| self.tense_near(i, i + 1, c))
    }
    /// Tense of the verb nearest to local tokens `a..b` within clause `c`.
    fn tense_near(&self, a: usize, b: usize, c: usize) -> Tense {
        let (cs, ce) = self.clause_range(c);
        let mut best: Option<(usize, Tense)> = None;
        for i in cs.max(a.saturating_sub(WINDOW / 2))..ce.min(b + WINDOW / 2) {
            if i >= a && i < b {
                continue;
            }
            if let Some(t) = self.tenses.get(i).copied().flatten() {
                let d = if i < a { a - i } else { i + 1 - b };
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, t));
                }
            }
        }
        best.map_or(Tense::Unknown, |(_, t)| t)
    }
}

/// Fills `doc.events`, with the event lexicon `lx` and the time words `tw`.
pub fn extract(doc: &mut Document, lx: &EventLexicon, tw: &TimeWords) {
    let anchor = doc.meta.published;
    // mentions bucketed by sentence, as (start byte, end byte, index)
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); doc.sentences.len()];
    for (i, m) in doc.mentions.iter().enumerate() {
        if let Some(b) = by_sentence.get_mut(m.sentence) {
            b.push(i);
        }
    }
    let mut events: Vec<Event> = Vec::new();
    // per event: its persons/orgs and its time range, for merging
    let mut meta: Vec<EvMeta> = Vec::new();
    let mut buf: Vec<String> = Vec::new();
    // per-sentence vectors, reused
    let (mut cue_buf, mut clause_buf, mut tense_buf) = (Vec::new(), Vec::new(), Vec::new());
    let mut scene: Option<(usize, EventTime, Tense)> = None;
    let mut last_place: Option<usize> = None;
    for si in 0..doc.sentences.len() {
        let Some(sentence) = doc.sentences.get(si) else {
            continue;
        };
        let para = sentence.paragraph;
        if scene.as_ref().is_some_and(|(p, _, _)| *p != para) {
            scene = None;
        }
        let toks = doc.sentence_tokens(si);
        if toks.is_empty() {
            continue;
        }
        let words = lower(doc, toks, &mut buf);
        let base = sentence.tokens.start;
        let tok_at = |byte: usize| toks.partition_point(|t| t.span.end <= byte);
        let mut ments: Vec<(usize, usize, usize)> = by_sentence
            .get(si)
            .map(|v| {
                v.iter()
                    .filter_map(|&m| {
                        let sp = doc.mentions.get(m)?.span;
                        let a = tok_at(sp.start);
                        let b = tok_at(sp.end.saturating_sub(1)) + 1;
                        (a < toks.len()).then_some((a, b.min(toks.len()), m))
                    })
                    .collect()
            })
            .unwrap_or_default();
        ments.sort_unstable();
        // cue bits of every word, looked up once
        let mut cue_bits: Vec<u16> = std::mem::take(&mut cue_buf);
        cue_bits.clear();
        cue_bits.extend(
            words
                .iter()
                .map(|w| lx.cues.get(w.as_str()).copied().unwrap_or(0)),
        );
        // clause ids
        let mut clause: Vec<usize> = std::mem::take(&mut clause_buf);
        clause.clear();
        let mut c = 0;
        for (i, (w, &bits)) in words.iter().zip(&cue_bits).enumerate() {
            if is_punct_boundary(w) {
                c += 1;
                clause.push(c);
                c += 1;
                continue;
            }
            if i > 0 && bits & CLAUSE != 0 {
                c += 1;
            }
            clause.push(c);
        }
        let mut s = Sent {
            doc,
            lx,
            tw,
            base,
            toks,
            // `lower` gives exactly `toks.len()` words
            lw: words,
            clause,
            mentions: ments,
            tenses: Vec::new(),
            cue_bits,
        };
        let mut tenses = std::mem::take(&mut tense_buf);
        tenses.clear();
        tenses.extend((0..toks.len()).map(|i| s.token_tense(i)));
        s.tenses = tenses;
        let s = s;
        // time expressions of the sentence, in local tokens
        let stext = doc.slice(sentence.span);
        let times: Vec<(usize, usize, Span)> = time::find(tw, stext)
            .into_iter()
            .filter_map(|t| {
                let sp = Span::new(sentence.span.start + t.start, sentence.span.start + t.end);
                let a = tok_at(sp.start);
                let b = tok_at(sp.end.saturating_sub(1)) + 1;
                (a < toks.len()).then_some((a, b.min(toks.len()), sp))
            })
            .collect();
        let prev_person = si
            .checked_sub(1)
            .and_then(|p| by_sentence.get(p))
            .and_then(|v| {
                v.iter().rev().find_map(|&m| {
                    let men = doc.mentions.get(m)?;
                    let e = men.entity?;
                    (doc.entities.get(e)?.kind == Some(EntityKind::Person)).then_some(e)
                })
            });
        let mut cands = triggers_of(&s, &times, si, prev_person);
        assign_times(&s, &times, &mut cands, anchor);
        // scene-setting time: a fronted past expression dates later sentences of the paragraph
        for c in cands.iter_mut() {
            if c.time.is_none() && c.modality == Modality::Occurred {
                if let Some((_, t, _)) = &scene {
                    if s.event_tense(c.tok - s.base, c.clause) == Tense::Past {
                        c.time = Some((t.clone(), Tense::Past));
                    }
                }
            }
        }
        if let Some(&(a, b, sp)) = times.first() {
            if a <= 1 {
                let tense = s.tense_near(a, b, s.clause.get(a).copied().unwrap_or(0));
                if tense == Tense::Past {
                    let n = time::normalize(tw, doc.slice(sp), anchor, tense);
                    if n.value.is_some() {
                        scene = Some((
                            para,
                            EventTime {
                                span: sp,
                                value: n.value,
                                start: n.start,
                                end: n.end,
                            },
                            tense,
                        ));
                    }
                }
            }
        }
        // "There, …" carries the previous event's place
        if s.w(0) == "there" && s.w(1) == "," {
            for c in cands.iter_mut().filter(|c| c.place.is_none()) {
                c.place = last_place;
            }
        }
        for c in cands {
            if c.place.is_some() {
                last_place = c.place;
            }
            merge_or_push(doc, &mut events, &mut meta, c, anchor);
        }
        (cue_buf, clause_buf, tense_buf) = (s.cue_bits, s.clause, s.tenses);
    }
    doc.events = events;
}

type FastSet<K> =
    std::collections::HashSet<K, std::hash::BuildHasherDefault<crate::fnv::FnvHasher>>;

#[derive(Debug, Clone, Default)]
struct EvMeta {
    /// Its persons and organizations (participants that are not places).
    actors: FastSet<usize>,
    /// Entities already among its participants.
    members: FastSet<usize>,
    last_sentence: usize,
}

/// Finds the trigger candidates of one sentence with modality, participants and place.
fn triggers_of(
    s: &Sent,
    times: &[(usize, usize, Span)],
    si: usize,
    prev_person: Option<usize>,
) -> Vec<Cand> {
    let lx = s.lx;
    let n = s.toks.len();
    let mut out = Vec::new();
    for i in 0..n {
        let w = s.w(i);
        // the TRIGGER bit is set exactly for the keys of `lx.triggers`
        if s.c(i) & TRIGGER == 0 {
            continue;
        }
        let Some(entries) = lx.triggers.get(w) else {
            continue;
        };
        let Some(tok) = s.toks.get(i) else { continue };
        let capital = s.doc.slice(tok.span).starts_with(char::is_uppercase);
        if (capital && i > 0 && !matches!(s.w(i - 1), "\"" | "“" | "'" | "(")) || s.in_mention(i)
        {
            continue;
        }
        let c = s.clause.get(i).copied().unwrap_or(0);
        let (cs, ce) = s.clause_range(c);
        // noun phrase back-scan
        let mut np = i;
        let mut det = false;
        let mut indefinite = false;
        let mut possessor: Option<usize> = None;
        let mut j = i;
        while j > cs && i - j < 5 {
            let k = j - 1;
            let wk = s.w(k);
            let ck = s.c(k);
            if matches!(wk, "a" | "an" | "another" | "any" | "every" | "each") {
                indefinite = true;
                if wk == "a" && k > 0 && s.w(k - 1) == "such" {
                    det = true;
                    np = k - 1;
                } else {
                    np = k;
                }
                break;
            }
            if ck & DET != 0 {
                det = true;
                np = k;
                break;
            }
            if matches!(wk, "'s" | "'") {
                det = true;
                // the possessor mention ends right before
                let owner = s
                    .mentions_in(k.saturating_sub(WINDOW), k)
                    .iter()
                    .rev()
                    .find(|m| m.1 == k);
                possessor = owner.map(|m| m.2);
                np = owner.map_or(k, |x| x.0);
                if let Some(t) = possessor
                    .and_then(|m| s.doc.mentions.get(m))
                    .and_then(|m| m.title)
                {
                    np = np.min(s.toks.partition_point(|x| x.span.end <= t.start));
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
            np = k;
            j = k;
        }
        let support = np > cs && s.c(np - 1) & SUPPORT != 0;
        let pick = |p: TriggerPos| entries.iter().find(|t| t.pos == p);
        let looks_noun = det || indefinite || np < i || support;
        let Some(tr) = (if looks_noun {
            pick(TriggerPos::Noun).or_else(|| pick(TriggerPos::Verb))
        } else {
            pick(TriggerPos::Verb).or_else(|| pick(TriggerPos::Noun))
        }) else {
            continue;
        };
        // requirements
        match &tr.requires {
            Requires::Nothing | Requires::Person => {}
            Requires::After(words) => {
                let ok = (i + 1..(i + 5).min(ce)).any(|k| words.contains(&s.w(k)));
                if !ok {
                    continue;
                }
            }
            Requires::Time => {
                let p = times.partition_point(|t| t.0 <= i);
                let after = times.get(p).is_some_and(|&(a, _, _)| a <= i + 2);
                let before = p
                    .checked_sub(1)
                    .and_then(|q| times.get(q))
                    .is_some_and(|&(_, b, _)| b <= i && b + 1 >= i);
                let ok = after || before;
                if !ok {
                    continue;
                }
            }
        }
        let noun = tr.pos == TriggerPos::Noun;
        if !noun {
            np = i;
            det = false;
            indefinite = false;
            possessor = None;
        }
        let support = noun && support;
        // a cancel verb governing an event noun only sets that noun's modality
        if tr.ty == EventType::Cancellation
            && (i + 1..(i + 5).min(ce)).any(|k| {
                lx.triggers
                    .get(s.w(k))
                    .is_some_and(|v| v.iter().any(|t| t.pos == TriggerPos::Noun))
            })
        {
            continue;
        }
        // modality cues
        let region = if noun && !support {
            np..i
        } else {
            cs.max(i.saturating_sub(WINDOW))..i
        };
        let mut cues = 0u16;
        for k in region.clone() {
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
        // passive voice ("were detained by …"): the subject undergoes the event
        let be = |k: usize| {
            matches!(
                s.w(k),
                "was" | "were" | "been" | "being" | "be" | "is" | "are" | "got"
            )
        };
        let participle = w.ends_with("ed") || s.c(i) & PAST != 0;
        let passive = !noun
            && participle
            && ((i > cs && be(i - 1)) || (i > cs + 1 && s.w(i - 1).ends_with("ly") && be(i - 2)));
        let subject_role = if passive {
            object_role(tr.ty, tr.subject_role)
        } else {
            tr.subject_role
        };
        let (modality, explicit) = if cues & HYPO != 0 {
            (Modality::Hypothetical, true)
        } else if cancel_before || after_cancel {
            (Modality::Cancelled, true)
        } else if neg {
            (Modality::Negated, true)
        } else if cues & PLANNED != 0 || after_planned || infinitive {
            (Modality::Planned, true)
        } else {
            (Modality::Occurred, false)
        };
        // participants
        let mut parts: Vec<Participant> = Vec::new();
        let mut place: Option<usize> = None;
        let add = |parts: &mut Vec<Participant>, e: usize, role: ParticipantRole| {
            if !parts.iter().any(|p| p.entity == e) {
                parts.push(Participant { entity: e, role });
            }
        };
        let place_types = matches!(family(tr.ty), EventType::Meeting | EventType::Travel)
            || tr.ty == EventType::Summit;
        if let Some(m) = possessor {
            if let Some((e, _)) = s.entity_of(m) {
                add(&mut parts, e, tr.subject_role);
            }
        } else if noun && det && matches!(s.w(np), "his" | "her" | "their") {
            // possessive pronoun without a resolved mention: nearest preceding person
            let prior = s
                .mentions_in(np.saturating_sub(WINDOW), np)
                .iter()
                .rev()
                .filter(|m| m.1 <= np)
                .filter_map(|m| s.entity_of(m.2))
                .find(|(_, k)| *k == EntityKind::Person);
            let covered = !s.mentions_in(np, np + 1).is_empty();
            if let (Some((e, _)), false) = (prior, covered) {
                add(&mut parts, e, tr.subject_role);
            }
        }
        // modifiers inside the noun phrase
        for &(a, b, m) in s.mentions_in(np, i).iter().filter(|m| m.1 <= i) {
            if possessor == Some(m) || s.possessive(b) && a < np {
                continue;
            }
            if let Some((e, k)) = s.entity_of(m) {
                if k == EntityKind::Place && place_types {
                    place = place.or(Some(e));
                } else if possessor != Some(m) {
                    add(&mut parts, e, tr.subject_role);
                }
            }
        }
        // subjects in the clause
        if !noun || support {
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
                let prev = if a > 0 { s.w(a - 1) } else { "" };
                let prev = if prev == "the" && a > 1 {
                    s.w(a - 2)
                } else {
                    prev
                };
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
                add(&mut parts, e, subject_role);
                found += 1;
            }
        }
        // an unresolved "He"/"She" opening the clause: the last person of the previous sentence
        if !noun && parts.is_empty() && matches!(s.w(cs), "he" | "she") && !s.in_mention(cs) {
            if let Some(e) = prev_person {
                add(&mut parts, e, subject_role);
            }
        }
        // objects after the trigger
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
            if let Some(&(a, b, m)) = s.mentions_in(k, k + 1).first() {
                let prev = if a > 0 { s.w(a - 1) } else { "" };
                let prev = if prev == "the" && a > 1 {
                    s.w(a - 2)
                } else {
                    prev
                };
                if let Some((e, kind)) = s.entity_of(m) {
                    if kind == EntityKind::Place {
                        if s.cue(prev) & PLACEPREP != 0 && !s.possessive(b) {
                            place = place.or(Some(e));
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
                                "with"
                                    | "between"
                                    | "on"
                                    | "against"
                                    | "by"
                                    | "of"
                                    | "from"
                                    | "among"
                            )
                        {
                            linked_object = true;
                        }
                        if !s.possessive(b) {
                            add(&mut parts, e, role);
                        }
                    }
                }
                k = b.max(k + 1);
                continue;
            }
            k += 1;
        }
        // a place right before a verb trigger ("in Vienna, they met") within the clause
        if place.is_none() {
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
        }
        if matches!(tr.requires, Requires::Person)
            && !parts.iter().any(|p| {
                s.doc.entities.get(p.entity).and_then(|e| e.kind) == Some(EntityKind::Person)
            })
        {
            continue;
        }
        out.push(Cand {
            ty: tr.ty,
            trigger: tok.span,
            tok: s.base + i,
            sentence: si,
            clause: c,
            modality,
            explicit,
            anaphoric: noun && det,
            noun,
            bare_plural: noun && tr.plural && !det && !indefinite && !support,
            linked_object,
            participants: parts,
            place,
            time: None,
        });
    }
    out
}

fn is_future(start: Option<NaiveDate>, end: Option<NaiveDate>, anchor: NaiveDate) -> bool {
    match (start, end) {
        (Some(s), Some(e)) => s >= anchor && e > anchor,
        (Some(s), None) => s >= anchor,
        _ => false,
    }
}

fn is_past(end: Option<NaiveDate>, anchor: NaiveDate) -> bool {
    end.is_some_and(|e| e < anchor)
}

/// Gives each time expression of a sentence to at most one trigger (see the module doc).
fn assign_times(
    s: &Sent,
    times: &[(usize, usize, Span)],
    cands: &mut [Cand],
    anchor: Option<NaiveDate>,
) {
    if times.is_empty() || cands.is_empty() {
        return;
    }
    let given = greedy_times(s, times, cands, anchor);
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
        let Some(&(a, _, _)) = times.get(ti) else {
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
    times: &[(usize, usize, Span)],
    cands: &mut [Cand],
    anchor: Option<NaiveDate>,
) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(bool, usize, usize, usize)> = Vec::new();
    let mut norms = Vec::with_capacity(times.len());
    for (ti, &(a, b, sp)) in times.iter().enumerate() {
        let c = s.clause.get(a).copied().unwrap_or(0);
        let tense = s.tense_near(a, b, c);
        let n = time::normalize(s.tw, s.doc.slice(sp), anchor, tense);
        norms.push((n, tense));
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
        let (Some(used), Some((n, tense)), Some(&(_, _, sp)), Some(cand)) = (
            used_t.get_mut(ti),
            norms.get(ti),
            times.get(ti),
            cands.get_mut(ci),
        ) else {
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
        cand.time = Some((
            EventTime {
                span: sp,
                value: n.value.clone(),
                start: n.start,
                end: n.end,
            },
            *tense,
        ));
    }
    given
}

fn actors(doc: &Document, parts: &[Participant]) -> Vec<usize> {
    parts
        .iter()
        .filter(|p| {
            doc.entities
                .get(p.entity)
                .is_some_and(|e| e.kind != Some(EntityKind::Place))
        })
        .map(|p| p.entity)
        .collect()
}

fn dates_conflict(a: &Option<EventTime>, b: &Option<EventTime>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let lo = |t: &EventTime| t.start.unwrap_or(NaiveDate::MIN);
    let hi = |t: &EventTime| t.end.unwrap_or(NaiveDate::MAX);
    hi(a) < lo(b) || hi(b) < lo(a)
}

fn places_conflict(doc: &Document, a: Option<usize>, b: Option<usize>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if a != b => {
            let kind = |e: usize| doc.entities.get(e).and_then(|x| x.place_kind);
            kind(a) == kind(b)
        }
        _ => false,
    }
}

/// The narrower of two times (a bounded range beats an open one).
fn narrower(a: EventTime, b: EventTime) -> EventTime {
    let width = |t: &EventTime| match (t.start, t.end) {
        (Some(s), Some(e)) => (e - s).num_days(),
        _ => i64::MAX,
    };
    if width(&b) < width(&a) {
        b
    } else {
        a
    }
}

fn merge_or_push(
    doc: &Document,
    events: &mut Vec<Event>,
    meta: &mut Vec<EvMeta>,
    c: Cand,
    anchor: Option<NaiveDate>,
) {
    let _ = anchor;
    let c_actors = actors(doc, &c.participants);
    let c_time = c.time.as_ref().map(|(t, _)| t.clone());
    let fam = family(c.ty);
    let lo = events.len().saturating_sub(MERGE_WINDOW);
    let mut target = None;
    for (idx, (e, em)) in events.iter().zip(meta.iter()).enumerate().skip(lo).rev() {
        if family(e.event_type) != fam {
            continue;
        }
        if dates_conflict(&e.time, &c_time) || places_conflict(doc, e.place, c.place) {
            continue;
        }
        let overlap = c_actors.iter().any(|a| em.actors.contains(a));
        if c.anaphoric {
            let contradicts = !c_actors.is_empty() && !em.actors.is_empty() && !overlap;
            if contradicts {
                continue;
            }
            target = Some(idx);
            break;
        }
        let real = |m: Modality| m == Modality::Occurred;
        if real(e.modality) != real(c.modality) && c.modality != Modality::Cancelled {
            continue;
        }
        let same_sentence = em.last_sentence == c.sentence;
        // separate statements by one speaker are separate happenings
        if c.ty == EventType::Statement && !same_sentence {
            continue;
        }
        let contradicts = !c_actors.is_empty() && !em.actors.is_empty() && !overlap;
        let same_place = c.place.is_some() && c.place == e.place;
        if overlap || same_sentence || (same_place && !contradicts) {
            target = Some(idx);
            break;
        }
    }
    if let (Some(e), Some(m)) = (
        target.and_then(|idx| events.get_mut(idx)),
        target.and_then(|idx| meta.get_mut(idx)),
    ) {
        e.mentions.push(c.trigger);
        // set look-ups: an event merging many mentions can gather many participants
        for p in &c.participants {
            if m.members.insert(p.entity) {
                e.participants.push(p.clone());
            }
        }
        if e.place.is_none() {
            e.place = c.place;
        }
        e.time = match (e.time.take(), c_time) {
            (Some(a), Some(b)) => Some(narrower(a, b)),
            (a, b) => a.or(b),
        };
        if c.modality == Modality::Cancelled && !c.anaphoric {
            e.modality = Modality::Cancelled;
        }
        m.last_sentence = c.sentence;
        m.actors.extend(c_actors);
        return;
    }
    // a new happening: precision filters
    let has_people = !c_actors.is_empty();
    let has_args = !c.participants.is_empty() || c.place.is_some() || c.time.is_some();
    if !has_args {
        return;
    }
    if c.bare_plural && c.time.is_none() && c.place.is_none() && !c.linked_object {
        return;
    }
    if c.modality == Modality::Hypothetical && !has_people && c.place.is_none() {
        return;
    }
    let members = c.participants.iter().map(|p| p.entity).collect();
    events.push(Event {
        event_type: c.ty,
        trigger: c.trigger,
        mentions: vec![c.trigger],
        sentence: c.sentence,
        time: c_time,
        place: c.place,
        modality: c.modality,
        participants: c.participants,
    });
    meta.push(EvMeta {
        actors: c_actors.into_iter().collect(),
        members,
        last_sentence: c.sentence,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, Mention, PlaceKind};

    /// A document over `text` with one entity per `(name, kind, place kind)` and a full-name
    /// mention at every occurrence of each `surface` listed for it. Names are invented.
    fn doc_with(
        text: &str,
        published: Option<&str>,
        ents: &[(&str, EntityKind, &[&str])],
    ) -> Document {
        let mut doc = Document::segmented("t", text);
        doc.meta.published = published.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
        for (idx, (name, kind, surfaces)) in ents.iter().enumerate() {
            doc.entities.push(Entity {
                kind: Some(*kind),
                name: name.to_string(),
                place_kind: (*kind == EntityKind::Place).then_some(PlaceKind::City),
                ..Default::default()
            });
            for surface in surfaces.iter() {
                let mut from = 0;
                while let Some(off) = text[from..].find(surface) {
                    let start = from + off;
                    let end = start + surface.len();
                    // whole words only
                    let before_ok = !text[..start].ends_with(char::is_alphanumeric);
                    let after_ok = !text[end..].starts_with(char::is_alphanumeric);
                    if before_ok && after_ok {
                        doc.mentions.push(Mention {
                            span: Span::new(start, end),
                            kind: *kind,
                            form: MentionForm::FullName,
                            title: None,
                            entity: Some(idx),
                            sentence: doc.sentence_at(start).unwrap(),
                        });
                    }
                    from = end;
                }
            }
        }
        doc.mentions.sort_by_key(|m| m.span.start);
        doc
    }

    fn extract_with_builtin(doc: &mut Document) {
        let k = crate::knowledge::Knowledge::builtin().unwrap();
        extract(doc, &k.events, &k.time);
    }

    const PEOPLE: &[(&str, EntityKind, &[&str])] = &[
        ("Alma Verde", EntityKind::Person, &["Alma Verde", "Verde"]),
        ("Tomas Brell", EntityKind::Person, &["Tomas Brell", "Brell"]),
        ("Zentro Corp", EntityKind::Organization, &["Zentro Corp"]),
        ("Norland", EntityKind::Place, &["Norland"]),
        ("Ostrava", EntityKind::Place, &["Ostrava"]),
    ];

    /// (type, date_value, modality, place name, participant names with roles) per event.
    type Row = (
        String,
        Option<String>,
        &'static str,
        Option<String>,
        Vec<String>,
    );

    fn run(text: &str, published: Option<&str>) -> Vec<Row> {
        let mut doc = doc_with(text, published, PEOPLE);
        extract_with_builtin(&mut doc);
        doc.events
            .iter()
            .map(|e| {
                let name = |i: usize| doc.entities[i].name.clone();
                let mut parts: Vec<String> = e
                    .participants
                    .iter()
                    .map(|p| format!("{}:{}", name(p.entity), p.role))
                    .collect();
                parts.sort();
                (
                    e.event_type.to_string(),
                    e.time.as_ref().and_then(|t| t.value.clone()),
                    e.modality.as_str(),
                    e.place.map(name),
                    parts,
                )
            })
            .collect()
    }

    #[test]
    #[allow(clippy::type_complexity)] // a table of test cases
    fn single_happenings() {
        // published on a Wednesday
        let pub_ = Some("2024-03-13");
        #[rustfmt::skip]
        let cases: &[(&str, &str, Option<&str>, &str, Option<&str>, &[&str])] = &[
            ("On Sunday, Norland banned Zentro Corp from selling chips.",
             "ban", Some("2024-03-10"), "occurred", None, &["Norland:agent", "Zentro Corp:target"]),
            ("Alma Verde will meet Tomas Brell in Ostrava on Friday.",
             "meeting", Some("2024-03-15"), "planned", Some("Ostrava"), &["Alma Verde:agent", "Tomas Brell:counterpart"]),
            ("If Alma Verde and Tomas Brell don't meet in Ostrava, officials will worry.",
             "meeting", None, "hypothetical", Some("Ostrava"), &["Alma Verde:agent", "Tomas Brell:agent"]),
            ("Alma Verde did not meet Tomas Brell in Ostrava last week.",
             "meeting", Some("2024-W10"), "negated", Some("Ostrava"), &["Alma Verde:agent", "Tomas Brell:counterpart"]),
            ("The dispute led Alma Verde to postpone a scheduled visit to Norland.",
             "visit", None, "cancelled", Some("Norland"), &["Alma Verde:agent"]),
            ("Alma Verde said on Monday that prices would fall.",
             "statement", Some("2024-03-11"), "occurred", None, &["Alma Verde:agent"]),
            ("Zentro Corp was investigated by Norland regulators in 2021.",
             "investigation", Some("2021"), "occurred", None, &["Zentro Corp:target"]),
            ("Tomas Brell arrived in Ostrava on Tuesday.",
             "travel", Some("2024-03-12"), "occurred", Some("Ostrava"), &["Tomas Brell:agent"]),
            ("Alma Verde is looking forward to traveling to Norland later this year.",
             "travel", Some("2024"), "planned", Some("Norland"), &["Alma Verde:agent"]),
            ("A summit of regional leaders is to be held in Ostrava in November.",
             "summit", Some("2024-11"), "planned", Some("Ostrava"), &[]),
        ];
        for (text, ty, date, modality, place, parts) in cases {
            let got = run(text, pub_);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            let (gty, gdate, gmod, gplace, gparts) = &got[0];
            assert_eq!(gty, ty, "{text}");
            assert_eq!(gdate.as_deref(), *date, "{text}");
            assert_eq!(gmod, modality, "{text}");
            assert_eq!(gplace.as_deref(), *place, "{text}");
            let want: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
            assert_eq!(gparts, &want, "{text}");
        }
    }

    #[test]
    fn not_events() {
        for text in [
            "Relations between Norland and Ostrava remain tense.",
            "Alma Verde said the relationship matters.",
            "Officials complained about raids, detentions and investigations.",
            "The plan may not be enough to meet the target set in 2005.",
            "Norland requested high-level talks.",
            "Alma Verde told the Ostrava host that the show was over.",
        ] {
            let got = run(text, Some("2024-03-13"));
            assert!(got.is_empty(), "{text}: {got:?}");
        }
    }

    #[test]
    fn repeated_mentions_make_one_row() {
        let text = "Alma Verde will hold talks with Tomas Brell in Ostrava next month.\n\
                    The talks are expected to cover energy.\n\
                    Brell said he looked forward to the meeting.";
        let mut doc = doc_with(text, Some("2024-03-13"), PEOPLE);
        extract_with_builtin(&mut doc);
        assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
        let e = &doc.events[0];
        assert_eq!(e.event_type, EventType::Talks);
        assert_eq!(e.modality, Modality::Planned);
        assert_eq!(e.mentions.len(), 3);
        assert_eq!(
            e.time.as_ref().and_then(|t| t.value.as_deref()),
            Some("2024-04")
        );
        assert_eq!(doc.slice(e.mentions[2]), "meeting");
    }

    #[test]
    fn different_dates_or_places_stay_apart() {
        let text = "Alma Verde met Tomas Brell in Ostrava on Monday.\n\
                    Verde will meet Brell again in Norland in June.";
        let got = run(text, Some("2024-03-13"));
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1.as_deref(), Some("2024-03-11"));
        assert_eq!(got[1].1.as_deref(), Some("2024-06"));
        assert_eq!(got[1].2, "planned");
    }

    #[test]
    fn fronted_time_and_there_carry_to_the_next_sentence() {
        let text =
            "In March, Alma Verde flew to Ostrava on a short trip. There, Verde met Tomas Brell.";
        let got = run(text, Some("2024-05-13"));
        let meeting = got.iter().find(|r| r.0 == "meeting").expect("meeting");
        assert_eq!(meeting.1.as_deref(), Some("2024-03"));
        assert_eq!(meeting.3.as_deref(), Some("Ostrava"));
    }

    #[test]
    fn without_a_publication_date_relative_dates_stay_null() {
        let mut doc = doc_with("On Sunday, Norland banned Zentro Corp.", None, PEOPLE);
        extract_with_builtin(&mut doc);
        assert_eq!(doc.events.len(), 1);
        let t = doc.events[0]
            .time
            .as_ref()
            .expect("expression kept as written");
        assert_eq!(doc.slice(t.span), "Sunday");
        assert_eq!((t.value.as_deref(), t.start, t.end), (None, None, None));
        // absolute dates still resolve
        let mut doc = doc_with("Norland banned Zentro Corp in 2019.", None, PEOPLE);
        extract_with_builtin(&mut doc);
        assert_eq!(
            doc.events[0].time.as_ref().and_then(|t| t.value.as_deref()),
            Some("2019")
        );
    }

    #[test]
    fn no_mentions_no_panic_and_linear() {
        let mut doc = Document::segmented("t", "");
        extract_with_builtin(&mut doc);
        assert!(doc.events.is_empty());
        // a long sentence-free text full of triggers and names
        let unit = "Alma Verde met Tomas Brell in Ostrava on Friday and discussed sanctions, ";
        let text = unit.repeat(3000);
        let mut doc = doc_with(&text, Some("2024-03-13"), PEOPLE);
        let t = std::time::Instant::now();
        extract_with_builtin(&mut doc);
        assert!(!doc.events.is_empty());
        println!(
            "events stage: {} bytes, {} tokens, {} mentions in {:?}",
            text.len(),
            doc.tokens.len(),
            doc.mentions.len(),
            t.elapsed()
        );
        assert!(t.elapsed().as_secs() < 5, "too slow: {:?}", t.elapsed());
    }
}
