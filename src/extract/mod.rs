//! The extraction stages, run in order over one [`Document`]:
//!
//! 1. [`entities`]: mentions of people, organizations and places (trained tagger + lexicons);
//! 2. [`coref`]: mentions merged into canonical entities (surnames, titles, acronyms, role nouns,
//!    pronouns), with roles, organization kinds and countries;
//! 3. [`roles`]: affiliations from appositives and title phrases;
//! 4. [`quotes`]: direct, partial and reported speech with speakers;
//! 5. [`events`]: typed happenings with participants, place, normalized date and modality
//!    ([`time`] finds and normalizes the time expressions).
//!
//! Each stage reads the layers filled before it and fills its own.

pub mod coref;
pub mod entities;
pub mod events;
pub mod ner;
pub mod quotes;
pub mod roles;
pub mod time;

use crate::document::Document;
use crate::knowledge::Knowledge;

/// Runs every stage over a segmented document, with the knowledge `k`.
pub fn run(doc: &mut Document, k: &Knowledge) {
    entities::detect(doc);
    coref::resolve(doc);
    roles::extract(doc);
    quotes::extract(doc, &k.quotes);
    events::extract(doc, &k.events, &k.time);
}
