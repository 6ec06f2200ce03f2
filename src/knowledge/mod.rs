//! Knowledge as typed data: one loader per lexicon file under `lexicons/`, loaded once into a
//! [`Knowledge`] value that the pipeline hands to every stage.
//!
//! Each lexicon file is embedded in the binary and parsed into its own struct (the submodules);
//! a class column is parsed with `FromStr` into its vocabulary enum, so an unknown or malformed
//! row is a [`KnowledgeError`] naming the file and line, found by the one load test
//! (`knowledge_loads`), never dropped silently. Stages take the parts they use as arguments, so a
//! test can run a stage with different knowledge.

pub mod entities;
pub mod events;
pub mod names;
pub mod quotes;
pub mod time;

use std::fmt;
use std::sync::OnceLock;

/// All the knowledge the stages use, parsed from the embedded lexicon files.
#[derive(Debug)]
#[non_exhaustive]
pub struct Knowledge {
    /// The quotes stage's reporting verbs, source nouns and speaker words.
    pub quotes: quotes::QuoteKnowledge,
    /// The event vocabulary, triggers and cue words (`event_types.tsv`, `event_triggers.tsv`).
    pub events: events::EventLexicon,
    /// Month and weekday names and the other time words (`time_words.tsv`).
    pub time: time::TimeWords,
    /// The name gazetteers (given names, surnames, places, organization words).
    pub names: names::Names,
    /// The lexicons of the entity stages (mentions, coreference, affiliations).
    pub entities: entities::EntityLexicons,
}

impl Knowledge {
    /// Parses every embedded lexicon file.
    pub fn load() -> Result<Knowledge, KnowledgeError> {
        let names = names::Names::load()?;
        let entities = entities::EntityLexicons::load(&names)?;
        Ok(Knowledge {
            quotes: quotes::QuoteKnowledge::load()?,
            events: events::EventLexicon::load()?,
            time: time::TimeWords::load()?,
            names,
            entities,
        })
    }

    /// The embedded knowledge, parsed on first use and shared by every thread afterwards.
    pub fn builtin() -> Result<&'static Knowledge, KnowledgeError> {
        static BUILTIN: OnceLock<Result<Knowledge, KnowledgeError>> = OnceLock::new();
        BUILTIN
            .get_or_init(Knowledge::load)
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// A row of a lexicon file that cannot be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeError {
    lexicon: &'static str,
    line: usize,
    message: String,
}

impl KnowledgeError {
    /// An error at 1-based `line` of the lexicon file `lexicon`.
    pub fn new(lexicon: &'static str, line: usize, message: impl fmt::Display) -> KnowledgeError {
        KnowledgeError {
            lexicon,
            line,
            message: message.to_string(),
        }
    }

    /// The lexicon's name (its file name without extension).
    pub fn lexicon(&self) -> &'static str {
        self.lexicon
    }

    /// The 1-based line of the offending row.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What is wrong with the row.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for KnowledgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "lexicon {}, line {}: {}",
            self.lexicon, self.line, self.message
        )
    }
}

impl std::error::Error for KnowledgeError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one load test: every embedded lexicon parses, every class is known.
    #[test]
    fn knowledge_loads() {
        if let Err(e) = Knowledge::load() {
            panic!("{e}");
        }
        assert!(Knowledge::builtin().is_ok());
    }

    /// The one rule for a person's sex from a name: the census list in title case, not for a
    /// name written family name first, and a rare given name only as weak evidence.
    #[test]
    fn gender_of_name_reads_the_given_name() {
        use crate::knowledge::entities::NameEvidence::{Common, Listed};
        let lx = &Knowledge::builtin().unwrap().entities;
        assert_eq!(
            lx.gender_of_name("Mary Okafor", Common),
            Some(names::Gender::F)
        );
        assert_eq!(
            lx.gender_of_name("John Okafor", Common),
            Some(names::Gender::M)
        );
        assert_eq!(
            lx.gender_of_name("JOHN OKAFOR", Common),
            Some(names::Gender::M)
        );
        assert_eq!(lx.gender_of_name("Pak Chol-su", Listed), None);
        assert_eq!(lx.gender_of_name("", Listed), None);
        // "See" is a given name ranked past 1000 in the census list: weak evidence only
        assert!(lx.rare_given.contains("See"));
        assert_eq!(lx.gender_of_name("See Okafor", Common), None);
        assert_eq!(
            lx.gender_of_name("See Okafor", Listed),
            Some(names::Gender::F)
        );
    }
}
