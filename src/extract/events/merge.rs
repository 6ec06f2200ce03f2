//! One row per happening: a candidate joins an earlier event of its family or becomes a new
//! event if it passes the precision filters (steps 7-8 of the stage, see the parent module).

use chrono::NaiveDate;

use crate::document::{Document, EntityIdx, EntityKind, Event, EventTime, Modality, Participant};
use crate::vocab::EventType;

use super::lexicon::family;
use super::triggers::Cand;

/// Events searched backwards when merging a mention into an earlier happening.
const MERGE_WINDOW: usize = 30;

type FastSet<K> =
    std::collections::HashSet<K, std::hash::BuildHasherDefault<crate::fnv::FnvHasher>>;

#[derive(Debug, Clone, Default)]
pub(super) struct EvMeta {
    /// Its persons and organizations (participants that are not places).
    actors: FastSet<EntityIdx>,
    /// Entities already among its participants.
    members: FastSet<EntityIdx>,
    last_sentence: usize,
}

/// The persons and organizations (participants that are not places) of `parts`.
fn actors(doc: &Document, parts: &[Participant]) -> Vec<EntityIdx> {
    parts
        .iter()
        .filter(|p| {
            doc.entity(p.entity)
                .is_some_and(|e| e.kind != EntityKind::Place)
        })
        .map(|p| p.entity)
        .collect()
}

/// Do two times exclude each other?
fn dates_conflict(a: &Option<EventTime>, b: &Option<EventTime>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let lo = |t: &EventTime| t.start.unwrap_or(NaiveDate::MIN);
    let hi = |t: &EventTime| t.end.unwrap_or(NaiveDate::MAX);
    hi(a) < lo(b) || hi(b) < lo(a)
}

/// Are two places different places of the same kind?
fn places_conflict(doc: &Document, a: Option<EntityIdx>, b: Option<EntityIdx>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if a != b => {
            let kind = |e: EntityIdx| doc.entity(e).and_then(|x| x.place_kind);
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

/// Merges candidate `c` into an earlier event of its family or pushes it as a new event (steps
/// 7-8 of the stage).
pub(super) fn merge_or_push(
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
