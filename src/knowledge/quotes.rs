//! The knowledge of the quotes stage: reporting verbs and cue phrases
//! (`lexicons/quotes/reporting_verbs.tsv`), the head nouns of unnamed sources
//! (`lexicons/quotes/source_nouns.tsv`) and the words that shape a speaker phrase
//! (`lexicons/quotes/speaker_words.tsv`: time words, institution heads; the honorifics come from
//! `lexicons/entities/honorifics.tsv`).
//!
//! Each class column is parsed with `FromStr` into its vocabulary enum; an unknown class or a
//! row without one is a [`KnowledgeError`] naming the file and line.

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::FxHashMap as HashMap;

use crate::knowledge::KnowledgeError;
use crate::lexicon::Lexicon;
use crate::text::fold;

crate::vocab! {
    /// How a reporting verb or phrase introduces what was said (the class column of
    /// `reporting_verbs.tsv`).
    pub enum CueClass {
        /// A bare clause may follow ("X said the talks failed").
        Say => "say",
        /// A recipient comes first ("X told reporters (that) …").
        Tell => "tell",
        /// Reports speech only with "that", a colon or a quotation.
        That => "that",
        /// "as described by X": the speaker follows "by".
        By => "by",
        /// "according to X".
        According => "according",
    }
}

crate::vocab! {
    /// What kind of unnamed source a head noun names (the class column of `source_nouns.tsv`).
    pub enum SourceClass {
        /// One person ("an official", "a spokesperson").
        Person => "person",
        /// Several people ("people familiar with the matter", "staff").
        Group => "group",
        /// A body ("the government", "the company").
        Institution => "institution",
        /// A document ("a statement", "the report").
        Document => "document",
        /// A party member's noun ("the Ohio Republican").
        Partisan => "partisan",
    }
}

crate::vocab! {
    /// The role of a word in a speaker phrase (the class column of `speaker_words.tsv`).
    pub enum SpeakerWordClass {
        /// A weekday, month or deictic time word: never the start of a speaker's name.
        Time => "time",
        /// An institution noun that may stand for any organization ("the company").
        GenericOrg => "generic-org",
        /// An institution noun that names a body of its own ("the government", "the police"),
        /// never the organization named before.
        OwnBody => "own-body",
    }
}

/// A cue word's entries: the two-word cue phrase it starts (second word, class) and its class
/// as a one-word reporting verb; one look-up for both.
pub type CueWord = (Option<(&'static str, CueClass)>, Option<CueClass>);

/// For each first letter and length of a cue word, a bit per last letter
/// ([`fold::shape_of`]).
pub type CueShapes = [[u32; 16]; 26];

/// The parsed quotes lexicons.
#[derive(Debug)]
pub struct QuoteKnowledge {
    verbs: HashMap<&'static str, CueClass>,
    sources: HashMap<&'static str, SourceClass>,
    cue_words: HashMap<&'static str, CueWord>,
    cue_shapes: Option<Box<CueShapes>>,
    honorifics: Vec<&'static str>,
    time_words: Vec<&'static str>,
    generic_org_heads: Vec<&'static str>,
    own_body_heads: Vec<&'static str>,
}

const VERBS: &str = "quotes/reporting_verbs";
/// `lexicons/quotes/reporting_verbs.tsv`: the one list of speech verbs (the event stage reads
/// its `event` column through [`speech_event_forms`]).
const VERBS_TSV: &str = include_str!("../../lexicons/quotes/reporting_verbs.tsv");

crate::vocab! {
    /// Whether a reporting verb form is also a `statement` event trigger (the optional third
    /// column of `reporting_verbs.tsv`).
    pub enum SpeechEvent {
        /// Not an event trigger.
        No => "-",
        /// A statement event wherever it is a verb ("announced").
        Event => "event",
        /// A statement event only next to a time expression ("said last weekend").
        Dated => "dated",
    }
}

/// The reporting verb forms that are also statement event triggers, in file order, with how.
pub fn speech_event_forms() -> Result<Vec<(&'static str, SpeechEvent)>, KnowledgeError> {
    let lex = Lexicon::parse(VERBS, VERBS_TSV);
    let mut out = Vec::new();
    for (line, row) in lex.records() {
        let ev = match row.get(2) {
            Some(c) => c
                .parse::<SpeechEvent>()
                .map_err(|e| KnowledgeError::new(VERBS, line, e))?,
            None => SpeechEvent::No,
        };
        match (row.first(), ev) {
            (_, SpeechEvent::No) => {}
            (Some(w), _) if !w.contains(' ') => out.push((*w, ev)),
            _ => {
                return Err(KnowledgeError::new(
                    VERBS,
                    line,
                    "only a one-word verb can be an event trigger",
                ))
            }
        }
    }
    Ok(out)
}
const SOURCES: &str = "quotes/source_nouns";
const SPEAKER_WORDS: &str = "quotes/speaker_words";

/// The word and the parsed class of a two-column record.
fn word_and_class<C>(
    lexicon: &'static str,
    line: usize,
    row: &[&'static str],
) -> Result<(&'static str, C), KnowledgeError>
where
    C: std::str::FromStr<Err = crate::vocab::UnknownValue>,
{
    match row {
        [w, c, ..] => c
            .parse::<C>()
            .map(|c| (*w, c))
            .map_err(|e| KnowledgeError::new(lexicon, line, e)),
        _ => Err(KnowledgeError::new(lexicon, line, "no class column")),
    }
}

impl QuoteKnowledge {
    /// Parses the embedded quotes lexicons.
    pub fn load() -> Result<QuoteKnowledge, KnowledgeError> {
        let (verbs, phrases) = Self::reporting_verbs(&Lexicon::parse(VERBS, VERBS_TSV))?;
        let mut sources: HashMap<&'static str, SourceClass> = HashMap::default();
        let src = Lexicon::parse(
            SOURCES,
            include_str!("../../lexicons/quotes/source_nouns.tsv"),
        );
        for (line, row) in src.records() {
            let (w, c) = word_and_class(SOURCES, line, row)?;
            // a later row wins
            sources.insert(w, c);
        }
        let mut k = QuoteKnowledge {
            verbs,
            sources,
            cue_words: HashMap::default(),
            cue_shapes: None,
            honorifics: Vec::new(),
            time_words: Vec::new(),
            generic_org_heads: Vec::new(),
            own_body_heads: Vec::new(),
        };
        k.honorifics = super::entities::honorifics()?
            .into_iter()
            .filter(|&(_, st)| st.quotes())
            .map(|(w, _)| w)
            .collect();
        k.speaker_words(&Lexicon::parse(
            SPEAKER_WORDS,
            include_str!("../../lexicons/quotes/speaker_words.tsv"),
        ))?;
        k.index_cue_words(&phrases);
        Ok(k)
    }

    /// One-word reporting verbs and two-word cue phrases (first word → (second word, class));
    /// the first row of a word wins.
    #[allow(clippy::type_complexity)]
    fn reporting_verbs(
        lex: &Lexicon,
    ) -> Result<
        (
            HashMap<&'static str, CueClass>,
            HashMap<&'static str, (&'static str, CueClass)>,
        ),
        KnowledgeError,
    > {
        let mut verbs: HashMap<&'static str, CueClass> = HashMap::default();
        let mut phrases: HashMap<&'static str, (&'static str, CueClass)> = HashMap::default();
        for (line, row) in lex.records() {
            let (w, class) = word_and_class(lex.name, line, row)?;
            let mut parts = w.split_whitespace();
            match (parts.next(), parts.next()) {
                (Some(a), Some(b)) => {
                    phrases.entry(a).or_insert((b, class));
                }
                (Some(a), None) => {
                    verbs.entry(a).or_insert(class);
                }
                _ => return Err(KnowledgeError::new(lex.name, line, "empty word")),
            }
        }
        Ok((verbs, phrases))
    }

    /// The word lists of `speaker_words.tsv`; each word must be ASCII lower case and at most 32
    /// bytes long (the stage compares them ignoring ASCII case).
    fn speaker_words(&mut self, lex: &Lexicon) -> Result<(), KnowledgeError> {
        for (line, row) in lex.records() {
            let (w, class) = word_and_class::<SpeakerWordClass>(lex.name, line, row)?;
            if !w.is_ascii() || w.len() > 32 || w != w.to_ascii_lowercase() {
                return Err(KnowledgeError::new(
                    lex.name,
                    line,
                    format!("{w:?} is not an ASCII lower-case word of at most 32 bytes"),
                ));
            }
            match class {
                SpeakerWordClass::Time => self.time_words.push(w),
                SpeakerWordClass::GenericOrg => self.generic_org_heads.push(w),
                SpeakerWordClass::OwnBody => self.own_body_heads.push(w),
            }
        }
        Ok(())
    }

    /// Fills `cue_words` from the verbs and `phrases`, and their letter shapes.
    fn index_cue_words(&mut self, phrases: &HashMap<&'static str, (&'static str, CueClass)>) {
        for (&w, &p) in phrases {
            self.cue_words.entry(w).or_default().0 = Some(p);
        }
        for (&w, &c) in &self.verbs {
            self.cue_words.entry(w).or_default().1 = Some(c);
        }
        let mut shapes = Box::new([[0u32; 16]; 26]);
        let mut exact = true;
        for w in self.cue_words.keys() {
            let slot =
                fold::shape_of(w).and_then(|(f, n, l)| Some((shapes.get_mut(f)?.get_mut(n)?, l)));
            match slot {
                Some((sh, l))
                    if w.bytes()
                        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic()) =>
                {
                    *sh |= 1 << l
                }
                _ => exact = false,
            }
        }
        self.cue_shapes = exact.then_some(shapes);
    }

    /// The class of `w` (ASCII lower case) as a one-word reporting verb.
    #[inline]
    pub fn verb(&self, w: &str) -> Option<CueClass> {
        self.verbs.get(w).copied()
    }

    /// The class of `w` (ASCII lower case) as the head noun of an unnamed source.
    #[inline]
    pub fn source(&self, w: &str) -> Option<SourceClass> {
        self.sources.get(w).copied()
    }

    /// The cue entries of `w` (ASCII lower case): the phrase it starts and its verb class.
    #[inline]
    pub fn cue_word(&self, w: &str) -> Option<CueWord> {
        self.cue_words.get(w).copied()
    }

    /// Every cue word (first words of phrases and one-word verbs) with its entries.
    pub fn cue_words(&self) -> impl Iterator<Item = (&'static str, CueWord)> + '_ {
        self.cue_words.iter().map(|(&w, &c)| (w, c))
    }

    /// The letter shapes of the cue words; `None` when some cue word has no shape (then no
    /// word may be skipped by shape).
    #[inline]
    pub fn cue_shapes(&self) -> Option<&CueShapes> {
        self.cue_shapes.as_deref()
    }

    /// Courtesy titles before a surname, without their period ("mr", "ms"): the rows of
    /// `honorifics.tsv` that the quotes stage uses.
    pub fn honorifics(&self) -> &[&'static str] {
        &self.honorifics
    }

    /// Whether the token `tok` is a courtesy title before a surname, ignoring ASCII case, with
    /// or without one final period ("Ms.", "DR"; not "Mr..").
    #[inline]
    pub fn is_honorific(&self, tok: &str) -> bool {
        let t = tok.strip_suffix('.').unwrap_or(tok);
        self.honorifics
            .iter()
            .any(|w| w.as_bytes().eq_ignore_ascii_case(t.as_bytes()))
    }

    /// Weekdays, months and deictic time words that never start a speaker's name.
    pub fn time_words(&self) -> &[&'static str] {
        &self.time_words
    }

    /// Institution nouns that may stand for any organization ("company").
    pub fn generic_org_heads(&self) -> &[&'static str] {
        &self.generic_org_heads
    }

    /// Institution nouns that name a body of their own ("government"), not an antecedent.
    pub fn own_body_heads(&self) -> &[&'static str] {
        &self.own_body_heads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_class() {
        let k = match QuoteKnowledge::load() {
            Ok(k) => k,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(k.verb("said"), Some(CueClass::Say));
        assert_eq!(k.verb("told"), Some(CueClass::Tell));
        assert_eq!(k.source("official"), Some(SourceClass::Person));
        assert!(k.cue_word("according").is_some_and(|c| c.0.is_some()));
        assert!(k.honorifics().contains(&"ms"));
        assert!(k.is_honorific("Ms.") && k.is_honorific("DR") && k.is_honorific("mr"));
        assert!(!k.is_honorific("Mr..") && !k.is_honorific("Sir") && !k.is_honorific("m"));
        assert!(k.time_words().contains(&"monday"));
        assert!(k.generic_org_heads().contains(&"company"));
        assert!(k.own_body_heads().contains(&"police"));
    }

    #[test]
    fn unknown_class_is_an_error() {
        let lex = Lexicon::parse(
            "t",
            "# source: x\n# licence: CC0\nsaid\tsay\nquipped\tjoke\n",
        );
        let e = QuoteKnowledge::reporting_verbs(&lex).err();
        assert_eq!(e.map(|e| e.line()), Some(4));
        let lex = Lexicon::parse("t", "said\n");
        assert!(QuoteKnowledge::reporting_verbs(&lex).is_err());
    }
}
