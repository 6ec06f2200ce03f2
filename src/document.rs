//! [`Document`]: one article and the layers the pipeline stages fill in, in order.
//!
//! Stages read earlier layers and fill their own (see `extract::run`). All spans are byte ranges
//! into `Document::text`, the cleaned text that the `articles` table publishes.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::text::index::{self, TokenIndex};
use crate::text::token::index_type;
use crate::text::{segment, Span};
pub use crate::text::{Sentence, Token, TokenKind};
use crate::text::{SentenceIdx, TokenIdx, TokenRange};

index_type!(
    /// Index of a mention in `Document::mentions`.
    MentionIdx
);
index_type!(
    /// Index of an entity in `Document::entities`.
    EntityIdx
);
pub use crate::vocab::{
    EntityKind, LanguageBasis, MentionForm, Modality, OrgKind, PlaceKind, QuoteKind, TimexMod,
    TimexResolution, TimexType,
};

/// The language of an article's text (`ingest::language::identify`), and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// An ISO 639-1 code ("en", "de"); a declared language that has no two-letter code keeps
    /// its three-letter one.
    pub code: String,
    /// Detected from the text, taken from the input's declaration, or assumed.
    pub basis: LanguageBasis,
}

impl Language {
    /// English, assumed (nothing detected, nothing declared).
    pub fn assumed_english() -> Language {
        Language {
            code: "en".into(),
            basis: LanguageBasis::Assumed,
        }
    }

    /// Whether the text is English (the language the extraction stages are built for).
    pub fn is_english(&self) -> bool {
        self.code == "en"
    }
}

impl Default for Language {
    fn default() -> Language {
        Language::assumed_english()
    }
}

/// Metadata of one article, as given by the input (sidecar, JSONL fields or HTML tags).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleMeta {
    /// The article id (checked by `ingest::check_id`).
    pub id: ArticleId,
    /// Headline.
    pub title: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// The publisher the article was first published by, for syndicated articles.
    pub original_source: Option<String>,
    /// Author names, in the order given.
    pub authors: Vec<String>,
    /// Canonical address.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// The language the input declares (a JSONL, sidecar or news-please `language`, or an HTML
    /// page's `<html lang>`), as written; `None` when it declares none. The language of the text
    /// is decided later ([`Document::language`]).
    pub declared_language: Option<String>,
    /// The date the page was crawled (WARC input: `WARC-Date`); not the publication date.
    pub crawl_date: Option<NaiveDate>,
    /// Where the article came from: file path, and line number for JSONL.
    pub origin: Origin,
}

/// An article's id, as carried by errors (see `error::Error::article`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ArticleId(String);

impl ArticleId {
    /// Wraps an id.
    pub fn new(id: impl Into<String>) -> ArticleId {
        ArticleId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for ArticleId {
    fn from(id: &str) -> ArticleId {
        ArticleId(id.to_string())
    }
}

impl From<String> for ArticleId {
    fn from(id: String) -> ArticleId {
        ArticleId(id)
    }
}

impl AsRef<str> for ArticleId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for ArticleId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ArticleId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an article was read: the input file and, for JSONL, its 1-based line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The input file.
    pub path: PathBuf,
    /// The line in `path` (JSONL batches); `None` for one-article files.
    pub line: Option<u64>,
}

impl Origin {
    /// An origin at `path` (and `line`).
    pub fn new(path: &Path, line: Option<u64>) -> Origin {
        Origin {
            path: path.to_path_buf(),
            line,
        }
    }

    /// The origin as one string for records that carry it as text (the spill files of
    /// `export::ordered`): the path, then a NUL and the line when there is one. A path cannot
    /// hold a NUL, so [`Origin::from_record`] reads it back unambiguously.
    pub fn to_record(&self) -> String {
        match self.line {
            Some(l) => format!("{}\0{l}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }

    /// Reads back [`Origin::to_record`].
    pub fn from_record(s: &str) -> Origin {
        match s.split_once('\0') {
            Some((p, l)) => Origin {
                path: PathBuf::from(p),
                line: l.parse().ok(),
            },
            None => Origin {
                path: PathBuf::from(s),
                line: None,
            },
        }
    }
}

impl std::fmt::Display for Origin {
    /// `path` or `path:line`, as errors write it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        Ok(())
    }
}

/// One mention of a person, organization or place.
///
/// Written by `extract::entities` (span, kind, title, sentence); coreference then links it
/// (`entity`), decides its final `form` and drops the mentions it cannot link.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The name (or pronoun, role noun) itself, without a preceding title.
    pub span: Span,
    /// What the mention names.
    pub kind: EntityKind,
    /// How the mention names it (full name, surname, acronym, pronoun, …).
    pub form: MentionForm,
    /// A title or role written directly before the name ("Commerce Secretary"), if any.
    pub title: Option<Span>,
    /// Index into `Document::entities`, set by coreference.
    pub entity: Option<EntityIdx>,
    /// Index into `Document::sentences`.
    pub sentence: SentenceIdx,
}

/// An entity index indexes the entities (in tests and where the index is known to be valid; the
/// library's stages use [`Document::entity`], which cannot panic).
impl std::ops::Index<EntityIdx> for Vec<Entity> {
    type Output = Entity;

    fn index(&self, e: EntityIdx) -> &Entity {
        #[expect(
            clippy::indexing_slicing,
            reason = "the Index contract: an out-of-range index panics, as for usize"
        )]
        &self[e.get()]
    }
}

/// One real-world person, organization or place of this article (after coreference).
///
/// Written by `extract::coref` only; every entity has at least one mention linked to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// What the entity is.
    pub kind: EntityKind,
    /// Canonical name: the fullest form the article gives.
    pub name: String,
    /// Title or role as written on the first mention that has one.
    pub role: Option<String>,
    /// An acronym of an organization ("FBI").
    pub acronym: Option<String>,
    /// Kind of an organization.
    pub org_kind: Option<OrgKind>,
    /// Kind of a place.
    pub place_kind: Option<PlaceKind>,
    /// Country the article associates with the entity (nationality, "China’s Foreign Ministry").
    pub country: Option<String>,
}

impl Entity {
    /// A new entity of `kind`, with no name or attributes yet.
    pub fn new(kind: EntityKind) -> Entity {
        Entity {
            kind,
            name: String::new(),
            role: None,
            acronym: None,
            org_kind: None,
            place_kind: None,
            country: None,
        }
    }
}

/// A person → organization/place link with its evidence span (written by `extract::roles`).
#[derive(Debug, Clone, PartialEq)]
pub struct Affiliation {
    /// Index into `Document::entities` (a person).
    pub person: EntityIdx,
    /// Index into `Document::entities` (an organization).
    pub org: Option<EntityIdx>,
    /// Index into `Document::entities` (a place).
    pub place: Option<EntityIdx>,
    /// The role phrase as written ("director of the China program").
    pub role: Option<String>,
    /// The evidence: from the name to the end of the phrase.
    pub span: Span,
}

/// Who said a quote: a person, an organization, an unnamed source, or nobody the text names.
///
/// A place cannot be a speaker: "Beijing said" is an unnamed source (the government the place
/// stands for), kept as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Speaker {
    /// A person entity.
    Person(EntityIdx),
    /// An organization entity.
    Organization(EntityIdx),
    /// An unnamed source ("a U.S. official"); the span is the phrase as written.
    Unnamed(Span),
    /// Not attributed.
    Unknown,
}

/// One quote: what was said, how, and by whom (written by `extract::quotes`).
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The quoted (or reported) words, without the quotation marks.
    pub span: Span,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// Who said it.
    pub speaker: Speaker,
    /// The speaker phrase as written, if any ("she", "a U.S. official", "Maria Lopez").
    pub speaker_span: Option<Span>,
    /// The reporting verb or noun ("said", "according to").
    pub cue: Option<Span>,
    /// Index into `Document::paragraphs` of the paragraph the quote starts in.
    pub paragraph: usize,
}

/// One time expression of the text, normalized (written by `extract::events`, step 6: see
/// `extract::time` for the grammar and the values).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// The expression as written.
    pub span: Span,
    /// DATE, TIME, DURATION or SET.
    pub timex_type: TimexType,
    /// Its TIMEX3 value (`2023-05-21`, `2023-W20`, `P3D`, `XXXX-05-10`), if it has one.
    pub value: Option<String>,
    /// The first day it covers, if known.
    pub start: Option<NaiveDate>,
    /// The last day it covers (inclusive), if known.
    pub end: Option<NaiveDate>,
    /// The TIMEX3 `mod` the text gives ("early", "about", "more than").
    pub modifier: Option<TimexMod>,
    /// Whether the value is absolute, computed from the publication date, or unresolved.
    pub resolution: TimexResolution,
}

/// A normalized time expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventTime {
    /// Index into `Document::time_expressions`.
    pub timex: usize,
    /// The expression as written.
    pub span: Span,
    /// Its TIMEX3-style value (`2023-05-21`, `2023-W20`, `PAST_REF`), if it resolves.
    pub value: Option<String>,
    /// The first day it covers, if known.
    pub start: Option<NaiveDate>,
    /// The last day it covers (inclusive), if known.
    pub end: Option<NaiveDate>,
}

/// An entity taking part in an event, with its role.
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    /// Index into `Document::entities`.
    pub entity: EntityIdx,
    /// How it takes part (agent, counterpart, target, attendee, host).
    pub role: crate::vocab::ParticipantRole,
}

/// One happening, possibly mentioned several times.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Its type (each has its row in `lexicons/event_types.tsv`).
    pub event_type: crate::vocab::EventType,
    /// The first (anchor) trigger.
    pub trigger: Span,
    /// Every mention of the happening (the trigger first).
    pub mentions: Vec<Span>,
    /// Index into `Document::sentences` of the trigger's sentence.
    pub sentence: usize,
    /// When it happened, if the text says.
    pub time: Option<EventTime>,
    /// Index into `Document::entities` (a place).
    pub place: Option<EntityIdx>,
    /// Whether it happened.
    pub modality: Modality,
    /// The people, organizations and places taking part.
    pub participants: Vec<Participant>,
}

/// One article with all its annotation layers.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The article's metadata (ingest).
    pub meta: ArticleMeta,
    /// The cleaned text: every span points into it (clean).
    pub text: String,
    /// The language of `text` (language identification, after cleaning).
    pub language: Language,
    /// One span per non-blank line (segment).
    pub paragraphs: Vec<Span>,
    /// Sentences, in text order (segment).
    pub sentences: Vec<Sentence>,
    /// Tokens, in text order (segment).
    pub tokens: Vec<Token>,
    /// Folded forms and flags of `tokens`, built with them by [`Document::segment`].
    pub index: TokenIndex,
    /// Mentions of people, organizations and places, in text order (entities; pruned and
    /// linked to `entities` by coreference).
    pub mentions: Vec<Mention>,
    /// The article's people, organizations and places (coreference).
    pub entities: Vec<Entity>,
    /// Person -> organization/place links (roles).
    pub affiliations: Vec<Affiliation>,
    /// Quotes with their speakers (quotes).
    pub quotes: Vec<Quote>,
    /// Time expressions, in text order (events).
    pub time_expressions: Vec<TimeExpr>,
    /// Events with participants, place, time and modality (events).
    pub events: Vec<Event>,
}

impl Document {
    /// A document over already-cleaned `text`, with paragraphs, sentences and tokens filled in.
    pub fn segmented(id: &str, text: &str) -> Document {
        let mut doc = Document {
            meta: ArticleMeta {
                id: ArticleId::new(id),
                ..Default::default()
            },
            text: text.to_string(),
            ..Default::default()
        };
        doc.segment();
        doc
    }

    /// Fills paragraphs, tokens and sentences from `self.text`.
    pub fn segment(&mut self) {
        self.paragraphs = segment::paragraphs(&self.text);
        self.tokens.clear();
        self.sentences.clear();
        // about one token per 4.5 bytes of news text: reserve once instead of growing
        self.tokens.reserve(self.text.len() / 4);
        let mut chars = Vec::new();
        for (pi, &p) in self.paragraphs.iter().enumerate() {
            let first = self.tokens.len();
            segment::tokenize_with(&self.text, p, &mut self.tokens, &mut chars);
            let (_, para_tokens) = self.tokens.split_at_mut(first);
            segment::sentences(&self.text, para_tokens, first, pi, &mut self.sentences);
        }
        self.index = TokenIndex::build(&self.text, &self.tokens);
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        span.get(&self.text)
    }

    /// The token containing byte offset `at`, if any.
    pub fn token_at(&self, at: usize) -> Option<TokenIdx> {
        index::token_at(&self.tokens, at)
    }

    /// The tokens that start inside `span`.
    pub fn tokens_of(&self, span: Span) -> TokenRange {
        index::tokens_of(&self.tokens, span)
    }

    /// The folded lower-case form of token `t` (see [`crate::text::fold::push_folded`]).
    pub fn folded(&self, t: TokenIdx) -> &str {
        self.index.folded(t)
    }

    /// The tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        match self.sentences.get(i) {
            Some(s) => self.tokens.get(s.tokens.clone()).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Index of the sentence containing byte offset `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= at);
        self.sentences
            .get(i)
            .filter(|s| s.span.start <= at)
            .map(|_| i)
    }

    /// How many mentions start before byte offset `at`: `mentions[..n]` are they. Mentions are
    /// in text order from coreference on (stage 2 sorts them; the stage contract checks it),
    /// so this is the mention index of the stages after it.
    pub fn mentions_before(&self, at: usize) -> usize {
        self.mentions.partition_point(|m| m.span.start < at)
    }

    /// The entity at `e` (an index that coreference gave out).
    pub fn entity(&self, e: EntityIdx) -> Option<&Entity> {
        self.entities.get(e.get())
    }

    /// The mentions of sentence `s`, as a range of indices into `mentions` (in text order from
    /// coreference on).
    pub fn mentions_of_sentence(&self, s: SentenceIdx) -> std::ops::Range<usize> {
        let lo = self.mentions.partition_point(|m| m.sentence < s);
        let hi = self.mentions.partition_point(|m| m.sentence <= s);
        lo..hi.max(lo)
    }

    /// Index of the paragraph containing byte offset `at`, if any.
    pub fn paragraph_at(&self, at: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end <= at);
        self.paragraphs.get(i).filter(|p| p.start <= at).map(|_| i)
    }

    /// Number of word and number tokens.
    pub fn word_count(&self) -> usize {
        self.tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Punct)
            .count()
    }
}
