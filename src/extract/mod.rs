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

/// Runs every stage over a segmented document, with the knowledge `k` and the entity tagger
/// `ner` (e.g. [`ner::NerModel::embedded`]). Each stage reads the layers before it and writes
/// only its own; in debug and test builds a check after each stage asserts that the layers of
/// the earlier stages are unchanged.
pub fn run(doc: &mut Document, k: &Knowledge, ner: &ner::NerModel) {
    #[cfg(any(debug_assertions, test))]
    let mut frozen = contract::Frozen::new(doc);
    // stage 1 writes the mentions (spans, kinds, titles)
    entities::detect(doc, &k.entities, ner);
    #[cfg(any(debug_assertions, test))]
    frozen.check(doc, "entities");
    // stage 2 writes the entities and links, orders and prunes the mentions: name variants
    // merged, merged entities removed, roles from titles and from the phrases around names
    coref::resolve(doc, &k.entities);
    #[cfg(any(debug_assertions, test))]
    frozen.freeze_entities(doc).check(doc, "coref");
    // stage 3 writes the affiliations
    roles::extract(doc, &k.entities);
    #[cfg(any(debug_assertions, test))]
    frozen.freeze_affiliations(doc).check(doc, "roles");
    // stage 4 writes the quotes
    quotes::extract(doc, &k.quotes, &k.entities);
    #[cfg(any(debug_assertions, test))]
    frozen.freeze_quotes(doc).check(doc, "quotes");
    // stage 5 writes the events
    events::extract(doc, &k.events, &k.time);
    #[cfg(any(debug_assertions, test))]
    frozen.check(doc, "events");
}

/// The stage contract, checked in debug and test builds: copies of the layers that earlier
/// stages wrote, compared with the document after each later stage.
#[cfg(any(debug_assertions, test))]
mod contract {
    use crate::document::{Affiliation, Document, Entity, Mention, Quote, Sentence, Token};
    use crate::text::Span;

    /// The frozen layers (segmentation always; the others once their stage has run).
    pub(super) struct Frozen {
        text: String,
        paragraphs: Vec<Span>,
        sentences: Vec<Sentence>,
        tokens: Vec<Token>,
        entities: Option<(Vec<Mention>, Vec<Entity>)>,
        affiliations: Option<Vec<Affiliation>>,
        quotes: Option<Vec<Quote>>,
    }

    impl Frozen {
        /// Freezes the segmentation layers (text, paragraphs, sentences, tokens).
        pub(super) fn new(doc: &Document) -> Frozen {
            Frozen {
                text: doc.text.clone(),
                paragraphs: doc.paragraphs.clone(),
                sentences: doc.sentences.clone(),
                tokens: doc.tokens.clone(),
                entities: None,
                affiliations: None,
                quotes: None,
            }
        }

        /// Freezes the mentions and entities (final after coreference).
        pub(super) fn freeze_entities(&mut self, doc: &Document) -> &mut Frozen {
            assert!(
                doc.mentions
                    .windows(2)
                    .all(|w| matches!(w, [a, b] if (a.span.start, a.span.end) <= (b.span.start, b.span.end))),
                "coreference left the mentions of {} out of text order",
                doc.meta.id
            );
            self.entities = Some((doc.mentions.clone(), doc.entities.clone()));
            self
        }

        /// Freezes the affiliations.
        pub(super) fn freeze_affiliations(&mut self, doc: &Document) -> &mut Frozen {
            self.affiliations = Some(doc.affiliations.clone());
            self
        }

        /// Freezes the quotes.
        pub(super) fn freeze_quotes(&mut self, doc: &Document) -> &mut Frozen {
            self.quotes = Some(doc.quotes.clone());
            self
        }

        /// Panics (debug and test builds only) when `stage` changed a frozen layer.
        pub(super) fn check(&self, doc: &Document, stage: &str) {
            assert!(
                self.text == doc.text
                    && self.paragraphs == doc.paragraphs
                    && self.sentences == doc.sentences
                    && self.tokens == doc.tokens,
                "stage {stage} changed the segmentation of {}",
                doc.meta.id
            );
            if let Some((m, e)) = &self.entities {
                assert!(
                    *m == doc.mentions && *e == doc.entities,
                    "stage {stage} changed the mentions or entities of {}",
                    doc.meta.id
                );
            }
            if let Some(a) = &self.affiliations {
                assert!(
                    *a == doc.affiliations,
                    "stage {stage} changed the affiliations of {}",
                    doc.meta.id
                );
            }
            if let Some(q) = &self.quotes {
                assert!(
                    *q == doc.quotes,
                    "stage {stage} changed the quotes of {}",
                    doc.meta.id
                );
            }
        }
    }
}
