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

mod lexicon;
mod merge;
mod sentence;
mod timelink;
mod triggers;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod timex_tests;

use chrono::NaiveDate;

use crate::document::{
    Document, EntityIdx, EntityKind, Event, EventTime, Modality, TimeExpr, TimexResolution,
    TimexType,
};
use crate::extract::time::{self, Tense};
use crate::knowledge::events::EventLexicon;
use crate::knowledge::time::TimeWords;
use crate::text::{SentenceIdx, Span};

use merge::{merge_or_push, EvMeta};
use sentence::{Buffers, Sent};
use timelink::assign_times;
use triggers::{triggers_of, Cand};

/// A fronted past time expression: its paragraph, the normalized time and its tense.
type Scene = (usize, EventTime, Tense);

/// The time expressions of a sentence that can date events: (first local token, last local
/// token exclusive, byte span, index into the time layer).
pub(super) type Times = Vec<(usize, usize, Span, usize)>;

/// Fills `doc.events`, with the event lexicon `lx` and the time words `tw`.
pub fn extract(doc: &mut Document, lx: &EventLexicon, tw: &TimeWords) {
    let anchor = doc.meta.published;
    let mut events: Vec<Event> = Vec::new();
    // per event: its persons/orgs and its time range, for merging
    let mut meta: Vec<EvMeta> = Vec::new();
    // per-sentence vectors, reused
    let mut bufs = Buffers::default();
    let mut scene: Option<Scene> = None;
    let mut timexes: Vec<TimeExpr> = Vec::new();
    let mut last_place: Option<EntityIdx> = None;
    for si in 0..doc.sentences.len() {
        let Some(sentence) = doc.sentences.get(si) else {
            continue;
        };
        let para = sentence.paragraph;
        if scene.as_ref().is_some_and(|(p, _, _)| *p != para) {
            scene = None;
        }
        let mentions = doc.mentions_of_sentence(SentenceIdx(si));
        let Some(s) = Sent::build(doc, (lx, tw), si, mentions, &mut bufs) else {
            continue;
        };
        let times = sentence_times(&s, sentence.span, anchor, &mut timexes);
        let spans: Vec<(usize, usize, Span)> =
            times.iter().map(|&(a, b, sp, _)| (a, b, sp)).collect();
        let prev_person = si
            .checked_sub(1)
            .and_then(|p| last_person(doc, doc.mentions_of_sentence(SentenceIdx(p))));
        let mut cands = triggers_of(&s, &spans, si, prev_person);
        assign_times(&s, &times, &timexes, &mut cands, anchor);
        date_from_scene(&s, &mut cands, scene.as_ref());
        if let Some(new_scene) = scene_of(&s, &times, &timexes, para) {
            scene = Some(new_scene);
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
        bufs.reclaim(s);
    }
    doc.events = events;
    doc.time_expressions = timexes;
}

/// The entity of the last resolved person mention among `mentions`.
fn last_person(doc: &Document, mentions: std::ops::Range<usize>) -> Option<EntityIdx> {
    mentions.rev().find_map(|m| {
        let men = doc.mentions.get(m)?;
        let e = men.entity?;
        (doc.entity(e)?.kind == EntityKind::Person).then_some(e)
    })
}

/// Step 6, first half: every time expression of the sentence spanning `span` is normalized
/// against `anchor` with the tense of the verb nearest to it and appended to `timexes` (the
/// time layer, in text order); those that can date an event are returned.
fn sentence_times(
    s: &Sent,
    span: Span,
    anchor: Option<NaiveDate>,
    timexes: &mut Vec<TimeExpr>,
) -> Times {
    let stext = s.doc.slice(span);
    let mut out = Vec::new();
    for f in time::scan(s.tw, stext) {
        let f = f.offset_by(span.start);
        let sp = f.span;
        let a = s.tok_at(sp.start);
        let b = (s.tok_at(sp.end.saturating_sub(1)) + 1).min(s.toks.len());
        let tense = s.tense_near(a, b, s.clause.get(a).copied().unwrap_or(0));
        let mut tx = time::resolve_found(&f, anchor, tense);
        if f.refers_back_a_year() && tx.resolution == TimexResolution::Published {
            // the last calendar period named before it
            let before = timexes
                .iter()
                .rev()
                .filter(|t| t.timex_type == TimexType::Date)
                .find_map(|t| {
                    let v = t.value.as_deref()?;
                    v.bytes()
                        .next()
                        .is_some_and(|b| b.is_ascii_digit())
                        .then_some(t)
                })
                .and_then(|t| time::year_before(t.value.as_deref()?, t.start, t.end));
            if let Some(n) = before {
                tx.norm = n;
            }
        }
        if a < s.toks.len() && f.dates_events() {
            out.push((a, b, sp, timexes.len()));
        }
        timexes.push(TimeExpr {
            span: sp,
            timex_type: tx.timex_type,
            value: tx.norm.value,
            start: tx.norm.start,
            end: tx.norm.end,
            modifier: tx.modifier,
            resolution: tx.resolution,
        });
    }
    out
}

/// The time of an event: time expression `i` of the layer.
pub(super) fn event_time(timexes: &[TimeExpr], i: usize) -> Option<EventTime> {
    let t = timexes.get(i)?;
    Some(EventTime {
        timex: i,
        span: t.span,
        value: t.value.clone(),
        start: t.start,
        end: t.end,
    })
}

/// Scene-setting time: a fronted past expression of an earlier sentence of the paragraph dates
/// the undated occurred past-tense candidates.
fn date_from_scene(s: &Sent, cands: &mut [Cand], scene: Option<&Scene>) {
    for c in cands.iter_mut() {
        if c.time.is_none() && c.modality == Modality::Occurred {
            if let Some((_, t, _)) = scene {
                if s.event_tense(c.tok - s.base, c.clause) == Tense::Past {
                    c.time = Some((t.clone(), Tense::Past));
                }
            }
        }
    }
}

/// The scene a sentence sets: its first time expression, when it opens the sentence, is past
/// and resolves.
fn scene_of(s: &Sent, times: &Times, timexes: &[TimeExpr], para: usize) -> Option<Scene> {
    let &(a, b, _, ti) = times.first()?;
    if a > 1 {
        return None;
    }
    let tense = s.tense_near(a, b, s.clause.get(a).copied().unwrap_or(0));
    if tense != Tense::Past {
        return None;
    }
    let t = event_time(timexes, ti)?;
    t.value.as_ref()?;
    Some((para, t, tense))
}
