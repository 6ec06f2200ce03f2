//! The event knowledge: the event vocabulary (`lexicons/event_types.tsv`: one row per
//! [`EventType`] with its definition and CAMEO/ACE mappings) and the trigger and cue words
//! (`lexicons/event_triggers.tsv`), parsed into an [`EventLexicon`].
//!
//! A type, part of speech, cue kind, requirement or role that the vocabularies do not know is a
//! [`KnowledgeError`] naming the line. The data dictionary's event section
//! ([`vocabulary_markdown`]) is generated from the type rows, so `schema` takes it from here.

use std::collections::HashMap;

use crate::knowledge::quotes::SpeechEvent;
use crate::knowledge::{Knowledge, KnowledgeError};
use crate::lexicon::Lexicon;
use crate::vocab::{EventType, ParticipantRole};

const TYPES_TSV: &str = include_str!("../../lexicons/event_types.tsv");
const TRIGGERS_TSV: &str = include_str!("../../lexicons/event_triggers.tsv");

/// A hash map with the fast (non-DoS-resistant) hasher the stage's per-token look-ups use.
pub type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

crate::vocab! {
    /// The kind of a cue word (`type` column of a `cue` row of `event_triggers.tsv`).
    pub enum CueKind {
        /// A future-tense word ("will", "upcoming").
        Future => "future",
        /// A past-tense word ("was", "met").
        Past => "past",
        /// A present-tense word ("is", "continues").
        Present => "present",
        /// Marks a planned event ("scheduled", "expected").
        Planned => "planned",
        /// Marks a hypothetical event ("if", "would").
        Hypothetical => "hypothetical",
        /// A negation ("not", "never").
        Negation => "negation",
        /// Calls an event off ("postpone", "cancelled").
        Cancel => "cancel",
        /// A light verb whose object noun is the event ("hold talks").
        Support => "support",
        /// Makes an event noun definite ("the", "his").
        Determiner => "determiner",
        /// Starts a new clause ("after", "because").
        Clause => "clause",
        /// Ends the participant list after a trigger ("about", "during").
        Stop => "stop",
        /// Introduces a passive agent ("by").
        By => "by",
        /// Introduces a place ("in", "at").
        Placeprep => "placeprep",
    }
}

impl CueKind {
    /// This kind's bit in a word's cue bits ([`EventLexicon::cues`]).
    pub const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The cue bit that marks a word as a trigger form (a key of [`EventLexicon::triggers`]), so one
/// look-up per token serves both maps. It is no [`CueKind`]'s bit.
pub const TRIGGER_BIT: u16 = 1 << 15;

crate::vocab! {
    /// The part of speech of a trigger row.
    pub enum TriggerPos {
        /// A verb ("met", "banned").
        Verb => "verb",
        /// An event noun ("meeting", "sanctions").
        Noun => "noun",
    }
}

/// What a trigger needs around it to count (`requires` column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requires {
    /// Nothing (`-`).
    Nothing,
    /// One of these words within the next tokens of its clause (`after:w1|w2`).
    After(Vec<&'static str>),
    /// A time expression directly next to it (`time`).
    Time,
    /// A named person among its participants (`person`).
    Person,
}

impl Requires {
    fn parse(s: &'static str) -> Option<Requires> {
        match s {
            "-" => Some(Requires::Nothing),
            "time" => Some(Requires::Time),
            "person" => Some(Requires::Person),
            _ => s
                .strip_prefix("after:")
                .map(|w| Requires::After(w.split('|').collect())),
        }
    }
}

/// One reading of a trigger form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The event type it triggers.
    pub ty: EventType,
    /// Verb or event noun.
    pub pos: TriggerPos,
    /// A plural event noun ("sanctions").
    pub plural: bool,
    /// What it needs around it.
    pub requires: Requires,
    /// The role of participants written before it.
    pub subject_role: ParticipantRole,
}

/// One row of `event_types.tsv`: a type and its documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTypeRow {
    /// The type.
    pub ty: EventType,
    /// What it means.
    pub definition: &'static str,
    /// Example triggers.
    pub examples: &'static str,
    /// The nearest CAMEO root code.
    pub cameo: &'static str,
    /// The nearest ACE 2005 event type.
    pub ace: &'static str,
}

/// The event vocabulary, triggers and cue words.
#[derive(Debug, Clone)]
pub struct EventLexicon {
    /// One row per [`EventType`], in the order of `EventType::ALL`.
    pub types: Vec<EventTypeRow>,
    /// The readings of every trigger form (lowercase), in lexicon order.
    pub triggers: FastMap<&'static str, Vec<Trigger>>,
    /// The cue bits ([`CueKind::bit`], [`TRIGGER_BIT`]) of every cue word and trigger form.
    pub cues: FastMap<&'static str, u16>,
}

impl EventLexicon {
    /// Parses the embedded `event_types.tsv` and `event_triggers.tsv`.
    pub fn load() -> Result<EventLexicon, KnowledgeError> {
        let types = load_types(&Lexicon::parse("event_types", TYPES_TSV))?;
        let mut lex = EventLexicon {
            types,
            triggers: FastMap::default(),
            cues: FastMap::default(),
        };
        lex.load_triggers(&Lexicon::parse("event_triggers", TRIGGERS_TSV))?;
        lex.load_speech_verbs(&super::quotes::speech_event_forms()?);
        Ok(lex)
    }

    /// The statement triggers of the speech verbs (the one list, `quotes/reporting_verbs.tsv`):
    /// verbs whose participants before them are agents; a `dated` one needs a time expression.
    fn load_speech_verbs(&mut self, forms: &[(&'static str, SpeechEvent)]) {
        for &(f, ev) in forms {
            let requires = match ev {
                SpeechEvent::Dated => Requires::Time,
                SpeechEvent::Event | SpeechEvent::No => Requires::Nothing,
            };
            *self.cues.entry(f).or_insert(0) |= TRIGGER_BIT;
            self.triggers.entry(f).or_default().push(Trigger {
                ty: EventType::Statement,
                pos: TriggerPos::Verb,
                plural: false,
                requires,
                subject_role: ParticipantRole::Agent,
            });
        }
    }

    fn load_triggers(&mut self, l: &Lexicon) -> Result<(), KnowledgeError> {
        for (line, r) in l.records() {
            let err = |m: String| KnowledgeError::new(l.name, line, m);
            let (Some(&pos), Some(&kind), Some(&forms)) = (r.get(1), r.get(2), r.get(3)) else {
                return Err(err(format!("{} columns, need at least 4", r.len())));
            };
            let forms = forms.split(',').map(str::trim).filter(|f| !f.is_empty());
            if pos == "cue" {
                let bit = kind
                    .parse::<CueKind>()
                    .map_err(|e| err(e.to_string()))?
                    .bit();
                for f in forms {
                    *self.cues.entry(f).or_insert(0) |= bit;
                }
                continue;
            }
            let pos: TriggerPos = pos
                .parse()
                .map_err(|e: crate::vocab::UnknownValue| err(e.to_string()))?;
            let ty: EventType = kind
                .parse()
                .map_err(|e: crate::vocab::UnknownValue| err(e.to_string()))?;
            let req = r.get(4).copied().unwrap_or("-");
            let requires =
                Requires::parse(req).ok_or_else(|| err(format!("unknown requirement {req:?}")))?;
            let subject_role = match r.get(5) {
                Some(s) => s
                    .parse()
                    .map_err(|e: crate::vocab::UnknownValue| err(e.to_string()))?,
                None => ParticipantRole::Agent,
            };
            for f in forms {
                *self.cues.entry(f).or_insert(0) |= TRIGGER_BIT;
                let plural = pos == TriggerPos::Noun && f.ends_with('s') && !f.ends_with("ss");
                self.triggers.entry(f).or_default().push(Trigger {
                    ty,
                    pos,
                    plural,
                    requires: requires.clone(),
                    subject_role,
                });
            }
        }
        Ok(())
    }

    /// The event vocabulary as a Markdown section of the data dictionary.
    pub fn vocabulary_markdown(&self) -> String {
        let mut s = String::from(
            "## Event vocabulary\n\n\
             `events.event_type` takes one of these values (from `lexicons/event_types.tsv`; triggers in \
             `lexicons/event_triggers.tsv`). CAMEO: Conflict and Mediation Event Observations codebook \
             v1.1b3 root codes; ACE: ACE 2005 English event types.\n\n\
             | type | definition | trigger examples | nearest CAMEO root | nearest ACE 2005 type |\n\
             | --- | --- | --- | --- | --- |\n",
        );
        for r in &self.types {
            let cell = |c: &str| c.replace('|', "\\|");
            s.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                cell(r.ty.as_str()),
                cell(r.definition),
                cell(r.examples),
                cell(r.cameo),
                cell(r.ace)
            ));
        }
        s.push_str(HOW_EVENTS_ARE_READ);
        s
    }
}

/// The type rows: five columns each, one per [`EventType`], in the order of `EventType::ALL`.
fn load_types(l: &Lexicon) -> Result<Vec<EventTypeRow>, KnowledgeError> {
    let mut rows = Vec::with_capacity(EventType::ALL.len());
    let mut last_line = 0;
    for (line, r) in l.records() {
        last_line = line;
        let err = |m: String| KnowledgeError::new(l.name, line, m);
        let &[ty, definition, examples, cameo, ace] = r else {
            return Err(err(format!("{} columns, need 5", r.len())));
        };
        let ty: EventType = ty
            .parse()
            .map_err(|e: crate::vocab::UnknownValue| err(e.to_string()))?;
        if EventType::ALL.get(rows.len()) != Some(&ty) {
            return Err(err(format!("{ty} is out of the order of EventType::ALL")));
        }
        rows.push(EventTypeRow {
            ty,
            definition,
            examples,
            cameo,
            ace,
        });
    }
    if let Some(missing) = EventType::ALL.get(rows.len()) {
        return Err(KnowledgeError::new(
            l.name,
            last_line,
            format!("no row for {missing}"),
        ));
    }
    Ok(rows)
}

/// The event vocabulary section of the data dictionary, from the built-in knowledge.
pub fn vocabulary_markdown() -> String {
    match Knowledge::builtin() {
        Ok(k) => k.events.vocabulary_markdown(),
        // the load test (`knowledge_loads`) keeps this from happening in a release
        Err(e) => format!("## Event vocabulary\n\n(not available: {e})\n\n"),
    }
}

const HOW_EVENTS_ARE_READ: &str = "\n### How events are read\n\n\
     - **One row per happening.** Repeated mentions (\"a dinner planned for Thursday\", \"the \
     meeting\", \"his meeting with …\") are merged into one `events` row; every mention is in \
     `event_mentions`. A mention joins an earlier event of the same family (meeting and talks; \
     visit and travel; otherwise the same type) when dates and places do not conflict and it is \
     a definite noun phrase, shares a person or organization, is in the same sentence or names \
     the same place.\n\
     - **Modality.** `hypothetical` (if, whether, would, could, possibly, requests for …) before \
     `cancelled` (postpone, cancel, called off) before `negated` (not, n't, never) before \
     `planned` (will, planned, scheduled, expected, to be held, or a date after publication) \
     before `occurred`. A merged event keeps the modality of its first mention unless a later \
     mention reports it called off.\n\
     - **Participants.** People and organizations written before the trigger are agents (hosts \
     for \"host\", attendees for summits); after it they are counterparts (meetings, talks, \
     trips, agreements, trades) or targets (sanctions, bans, attacks, arrests, investigations, \
     appointments); \"by X\" is an agent.\n\
     - **Countries and cities acting as agents (metonymy).** A place is an agent only when it is \
     the immediate subject of a verb trigger (\"Beijing banned …\", \"the U.S. shot it down\"); \
     it is then an `event_participants` row with `entity_kind` = `place` and role `agent`. A \
     place after in/at/to (\"met in Vienna\", \"a visit to China\") is `events.place_id` instead.\n\
     - **Dates.** `date_text` is the expression as written; `date_value`, `date_start`, \
     `date_end` are resolved against `articles.published` with the tense of the nearest verb \
     (\"on Sunday … banned\" → the preceding Sunday; \"a dinner planned for Thursday\" → the \
     coming Thursday). Without a publication date relative expressions stay null. A fronted \
     past expression (\"In March, …\") also dates the following sentences of its paragraph.\n\
     - **Precision.** An undated \"said\" is quote attribution (see `quotes`), not an event. \
     Generic nouns (relations, diplomacy, exchanges) are not triggers; a bare plural event noun \
     (\"raids and investigations\") needs a date, place or linked participant; a hypothetical \
     event needs a named participant or place.\n\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_verbs_are_one_list() {
        // the event lexicon has no speech verb of its own: every statement verb trigger is a
        // reporting verb of quotes/reporting_verbs.tsv, read from its `event` column
        let own = Lexicon::parse("event_triggers", TRIGGERS_TSV);
        for (line, r) in own.records() {
            assert!(
                !(r.get(1) == Some(&"verb") && r.get(2) == Some(&"statement")),
                "event_triggers.tsv line {line} is a speech verb: mark it in reporting_verbs.tsv"
            );
        }
        let lex = EventLexicon::load().unwrap();
        let quotes = crate::knowledge::quotes::QuoteKnowledge::load().unwrap();
        let reading = |f: &str| {
            lex.triggers
                .get(f)
                .and_then(|t| t.iter().find(|t| t.ty == EventType::Statement))
                .map(|t| t.requires.clone())
        };
        assert_eq!(reading("said"), Some(Requires::Time));
        assert_eq!(reading("announced"), Some(Requires::Nothing));
        assert_eq!(reading("added"), None);
        for (f, _) in crate::knowledge::quotes::speech_event_forms().unwrap() {
            assert!(quotes.verb(f).is_some(), "{f}");
        }
    }

    #[test]
    fn every_event_type_has_its_row() {
        let lex = EventLexicon::load().unwrap();
        let types: Vec<EventType> = lex.types.iter().map(|r| r.ty).collect();
        assert_eq!(types, EventType::ALL);
        for r in &lex.types {
            assert!(!r.definition.is_empty(), "{} has no definition", r.ty);
        }
        let md = lex.vocabulary_markdown();
        for ty in EventType::NAMES {
            assert!(md.contains(&format!("| `{ty}` |")), "{ty} missing");
        }
    }

    #[test]
    fn an_unknown_type_or_class_is_an_error() {
        let bad_type = Lexicon::parse("event_types", "walk\ta\tb\tc\td\n");
        let e = load_types(&bad_type).unwrap_err();
        assert_eq!((e.lexicon(), e.line()), ("event_types", 1));
        for row in [
            "x\tverb\tpicnic\tpicnicked\t-\tagent\n",
            "x\tadverb\tmeeting\tmet\t-\tagent\n",
            "x\tcue\tmaybe\tmaybe\n",
            "x\tverb\tmeeting\tmet\tsoon\tagent\n",
            "x\tverb\tmeeting\tmet\t-\tboss\n",
            "x\tverb\n",
        ] {
            let mut lex = EventLexicon {
                types: Vec::new(),
                triggers: FastMap::default(),
                cues: FastMap::default(),
            };
            let text: &'static str = Box::leak(format!("# h\n{row}").into_boxed_str());
            let e = lex
                .load_triggers(&Lexicon::parse("event_triggers", text))
                .unwrap_err();
            assert_eq!(e.line(), 2, "{row:?}");
        }
    }

    #[test]
    fn cue_bits_are_distinct_from_the_trigger_bit() {
        let mut seen = 0u16;
        for k in CueKind::ALL {
            assert_eq!(seen & k.bit(), 0);
            seen |= k.bit();
        }
        assert_eq!(seen & TRIGGER_BIT, 0);
    }
}
