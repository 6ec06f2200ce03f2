//! Rows: a [`Document`] turned into one typed row per table record.
//!
//! This is the one place where internal byte spans become the published code-point offsets and
//! where entity indices become readable ids.
//!
//! # One declaration per table
//!
//! Each table is declared once, as its row struct, in [`crate::schema`] (`ArticleRow`,
//! `PersonRow`, … made by the `table!` macro, after delta-kernel's `ToSchema`): the struct's
//! fields are the table's columns in order, each with its name, its type (which gives the column
//! type and whether it is required: `Option<T>` is optional, [`Id`] a non-empty key, a vocabulary
//! enum an `Enum` column) and its description. [`crate::schema::TABLES`] and the row's cells are
//! both generated from that field list, so they cannot disagree, and this module fills each row
//! by field name: no cell is placed by position. Swapping two declared columns changes the
//! published schema, which the tests comparing `schema/` with the code catch; swapping two values
//! here is a named-field mistake that the row tests below catch.
//!
//! The row structs live beside the other table metadata (keys, descriptions) in `schema` rather
//! than here so that the dependency runs one way, `model → schema`: `schema` needs the field
//! lists to build `TABLES`, and `model` needs `TABLES` to index an article's tables.
//!
//! The writers take the cells as [`Row`]s (`Vec<Value>`): [`TableRow::into_row`] moves the
//! struct's strings into the cells, so a typed row costs no allocation over the positional one.
//!
//! # Errors instead of fallbacks
//!
//! A document that breaks an invariant of the earlier stages (an index into `entities` or
//! `sentences` that does not exist, an entity without a kind, an event type or participant role
//! outside its vocabulary, an empty article id) gives a [`RowError`] from [`rows`], which the
//! pipeline reports as an internal error of that article, rather than a row with a made-up value.

use rustc_hash::FxHashMap;

use sha2::{Digest, Sha256};

use crate::dedup::Signature;
use crate::document::{Affiliation, Document, EntityIdx, Event, Mention, Quote, Speaker};
use crate::schema::{
    AffiliationRow, ArticleRow, EventMentionRow, EventParticipantRow, EventRow, MentionRow,
    OrganizationRow, PersonRow, PlaceRow, PublishedMentionForm, QuoteRow, Table, TableRow,
    TimeExpressionRow, TABLES,
};
use crate::text::{CharOffsets, Span};
use crate::vocab::{EntityKind, MentionForm, OrgKind, PlaceKind, SpeakerKind, UnknownValue};

pub use crate::schema::{Id, Row, Value};

/// A document that cannot be turned into rows (a bug in an earlier stage), or a row that does not
/// fit its table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowError {
    /// A required key column would be empty.
    EmptyId {
        /// The column.
        column: &'static str,
    },
    /// An index into `Document::entities` that does not exist.
    NoEntity {
        /// The index.
        entity: usize,
    },
    /// An entity referred to as one kind that is another (a person speaker that is a place).
    WrongKind {
        /// The index.
        entity: usize,
        /// The kind the reference requires.
        expected: EntityKind,
        /// The entity's kind.
        found: EntityKind,
    },
    /// A quote attributed to a person or organization without the speaker phrase as written.
    SpeakerWithoutPhrase {
        /// The speaker's index.
        entity: usize,
    },
    /// An index into `Document::sentences` that does not exist.
    NoSentence {
        /// The index.
        sentence: usize,
    },
    /// An index into `Document::time_expressions` that does not exist.
    NoTimex {
        /// The index.
        timex: usize,
    },
    /// A value outside its vocabulary.
    Unknown(UnknownValue),
    /// A row with a cell count other than the table's column count.
    Arity {
        /// The table.
        table: &'static str,
        /// Cells in the row.
        cells: usize,
        /// Columns of the table.
        columns: usize,
    },
    /// A cell whose value does not fit its column's type.
    Misfit {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// The value, as `Debug` shows it.
        value: String,
    },
    /// A null in a required column.
    Null {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
    },
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowError::EmptyId { column } => write!(f, "{column}: empty id"),
            RowError::NoEntity { entity } => write!(f, "no entity {entity}"),
            RowError::WrongKind {
                entity,
                expected,
                found,
            } => write!(f, "entity {entity} is a {found}, not a {expected}"),
            RowError::SpeakerWithoutPhrase { entity } => {
                write!(f, "a quote of entity {entity} has no speaker phrase")
            }
            RowError::NoSentence { sentence } => write!(f, "no sentence {sentence}"),
            RowError::NoTimex { timex } => write!(f, "no time expression {timex}"),
            RowError::Unknown(e) => e.fmt(f),
            RowError::Arity {
                table,
                cells,
                columns,
            } => write!(f, "{table}: row has {cells} cells for {columns} columns"),
            RowError::Misfit {
                table,
                column,
                value,
            } => write!(f, "{table}.{column}: value {value} does not fit its type"),
            RowError::Null { table, column } => {
                write!(f, "{table}.{column}: required value is null")
            }
        }
    }
}

impl std::error::Error for RowError {}

impl From<UnknownValue> for RowError {
    fn from(e: UnknownValue) -> RowError {
        RowError::Unknown(e)
    }
}

/// The rows of one article for every table, indexed like [`TABLES`], with the article's id and
/// word count (taken from the [`Document`], for the pipeline's ordering and summary) and the
/// near-duplicate signature of its text (for `articles.duplicate_of`, which the writers fill in
/// id order: see [`crate::dedup`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleRows {
    /// One list of rows per table of [`TABLES`]: always `TABLES.len()` lists.
    tables: Vec<Vec<Row>>,
    id: Id,
    words: u64,
    signature: Option<Signature>,
}

impl ArticleRows {
    /// No rows yet for the article `id` of `words` words.
    pub fn new(id: Id, words: u64) -> ArticleRows {
        ArticleRows {
            tables: vec![Vec::new(); TABLES.len()],
            id,
            words,
            signature: None,
        }
    }

    /// The article `id` with the rows of each table in `tables` (indexed like [`TABLES`]; lists
    /// past the last table are ignored, missing ones are empty).
    pub fn from_tables(id: Id, words: u64, tables: Vec<Vec<Row>>) -> ArticleRows {
        let mut rows = ArticleRows::new(id, words);
        for (slot, t) in rows.tables.iter_mut().zip(tables) {
            *slot = t;
        }
        rows
    }

    /// Appends one row to its table.
    #[inline]
    pub fn push<R: TableRow>(&mut self, row: R) {
        #[expect(
            clippy::indexing_slicing,
            reason = "`tables` has TABLES.len() lists (new) and R::INDEX < TABLES.len() (checked at compile time)"
        )]
        self.tables[R::INDEX].push(row.into_row());
    }

    /// The rows of the table named `name` (none for an unknown name).
    pub fn table(&self, name: &str) -> &[Row] {
        TABLES
            .iter()
            .position(|t| t.name == name)
            .and_then(|i| self.tables.get(i))
            .map_or(&[], |v| v.as_slice())
    }

    /// The rows of every table, indexed like [`TABLES`].
    pub fn tables(&self) -> &[Vec<Row>] {
        &self.tables
    }

    /// The rows of every table, indexed like [`TABLES`], by value.
    pub fn into_tables(self) -> Vec<Vec<Row>> {
        self.tables
    }

    /// The article's id (`articles.article_id`).
    pub fn article_id(&self) -> &str {
        self.id.as_str()
    }

    /// The article's word count (`articles.word_count`).
    pub fn word_count(&self) -> u64 {
        self.words
    }

    /// The near-duplicate signature of the article's text (none for a text without words).
    pub fn signature(&self) -> Option<&Signature> {
        self.signature.as_ref()
    }

    /// The same rows with the signature `signature`.
    pub fn with_signature(mut self, signature: Option<Signature>) -> ArticleRows {
        self.signature = signature;
        self
    }

    /// Sets `articles.duplicate_of` of the article's row to `id`.
    pub fn set_duplicate_of(&mut self, id: Id) {
        let column = ArticleRow::TABLE.column_index("duplicate_of");
        let row = self
            .tables
            .get_mut(ArticleRow::INDEX)
            .and_then(|t| t.first_mut());
        if let Some(cell) = row.zip(column).and_then(|(r, c)| r.get_mut(c)) {
            *cell = Value::Str(id.as_str().to_string());
        }
    }
}

/// Checks a row against its table's declaration: arity, types, enum values, required fields.
pub fn validate_row(t: &Table, row: &Row) -> Result<(), RowError> {
    if row.len() != t.columns.len() {
        return Err(RowError::Arity {
            table: t.name,
            cells: row.len(),
            columns: t.columns.len(),
        });
    }
    for (c, v) in t.columns.iter().zip(row) {
        if !v.fits(c.ty) {
            return Err(RowError::Misfit {
                table: t.name,
                column: c.name,
                value: format!("{v:?}"),
            });
        }
        if c.required && *v == Value::Null {
            return Err(RowError::Null {
                table: t.name,
                column: c.name,
            });
        }
    }
    Ok(())
}

/// Lowercase readable slug of a name: letters and digits kept, everything else one `-`.
pub fn slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if c == '.' || super::text::segment::is_apostrophe(c) {
            // "U.S." → "us", "O’Brien" → "obrien"
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        s.push_str("entity");
    }
    s
}

/// Is a mention of this form a row of `mentions`? See [`PublishedMentionForm`].
pub fn published(form: MentionForm) -> bool {
    PublishedMentionForm::of(form).is_some()
}

// The reads of fields that other stages are retyping go through these four functions, so each
// retyping is a one-line change here.

/// Who said a quote, as `quotes` publishes it: the speaker kind, the speaker's id and the speaker
/// text.
///
/// - A person or organization with rows gives its kind and id, and the speaker phrase as written.
/// - A speaker phrase without a row gives `unnamed` and the phrase: an unnamed source, or an
///   entity none of whose mentions is published (only pronouns or role nouns), which cannot be
///   referred to.
/// - No speaker phrase gives `none`, without id or text.
///
/// A speaker entity of another kind than its variant says is a bug, reported as an error, and
/// so is a person or organization speaker without a speaker phrase.
fn speaker(
    q: &Quote,
    doc: &Document,
    ents: &Entities,
) -> Result<(SpeakerKind, Option<Id>, Option<String>), RowError> {
    let written = q.speaker_span.map(|s| doc.slice(s).to_string());
    let no_row = |written: Option<String>| match written {
        Some(text) => (SpeakerKind::Unnamed, None, Some(text)),
        None => (SpeakerKind::Unattributed, None, None),
    };
    let (e, kind, published) = match q.speaker {
        Speaker::Person(e) => (e, EntityKind::Person, SpeakerKind::Person),
        Speaker::Organization(e) => (e, EntityKind::Organization, SpeakerKind::Organization),
        Speaker::Unnamed(s) => {
            return Ok((SpeakerKind::Unnamed, None, Some(doc.slice(s).to_string())))
        }
        Speaker::Unknown => return Ok(no_row(written)),
    };
    let found = ents.kind(e)?;
    if found != kind {
        return Err(RowError::WrongKind {
            entity: e.get(),
            expected: kind,
            found,
        });
    }
    if !ents.live(e) {
        return Ok(no_row(written));
    }
    let Some(text) = written else {
        return Err(RowError::SpeakerWithoutPhrase { entity: e.get() });
    };
    Ok((published, Some(ents.id(e)?), Some(text)))
}

/// Marks entities without a published mention in [`Entities::first`].
const UNPUBLISHED: usize = usize::MAX;

/// What the tables say about each entity of a document: kind, id, published mentions.
struct Entities {
    kinds: Vec<EntityKind>,
    /// Slug of the canonical name, unique within the article per kind.
    ids: Vec<Id>,
    /// Published mentions.
    count: Vec<i64>,
    /// Byte offset of the first published mention, or [`UNPUBLISHED`].
    first: Vec<usize>,
}

impl Entities {
    fn new(doc: &Document) -> Result<Entities, RowError> {
        let n = doc.entities.len();
        let mut kinds = Vec::with_capacity(n);
        let mut ids = Vec::with_capacity(n);
        // every entity takes part in the numbering, also one without rows
        let mut used: FxHashMap<(EntityKind, String), usize> = FxHashMap::default();
        for e in &doc.entities {
            let kind = e.kind;
            let base = slug(&e.name);
            let k = used.entry((kind, base.clone())).or_insert(0);
            *k += 1;
            let id = if *k == 1 { base } else { format!("{base}-{k}") };
            kinds.push(kind);
            ids.push(Id::new(id).map_err(|_| RowError::EmptyId {
                column: "entity_id",
            })?);
        }
        let mut count = vec![0i64; n];
        let mut first = vec![UNPUBLISHED; n];
        for m in &doc.mentions {
            let Some(e) = m.entity else { continue };
            let (Some(c), Some(f)) = (count.get_mut(e.get()), first.get_mut(e.get())) else {
                return Err(RowError::NoEntity { entity: e.get() });
            };
            if published(m.form) {
                *c += 1;
                *f = (*f).min(m.span.start);
            }
        }
        Ok(Entities {
            kinds,
            ids,
            count,
            first,
        })
    }

    /// An error unless `e` is an entity.
    fn check(&self, e: EntityIdx) -> Result<(), RowError> {
        if e.get() < self.kinds.len() {
            Ok(())
        } else {
            Err(RowError::NoEntity { entity: e.get() })
        }
    }

    /// Has entity `e` a published mention, so that it has a row and an id in the tables?
    fn live(&self, e: EntityIdx) -> bool {
        self.first.get(e.get()).is_some_and(|&f| f != UNPUBLISHED)
    }

    /// Is `e` an entity with rows, of kind `kind`?
    fn live_as(&self, e: EntityIdx, kind: EntityKind) -> Result<bool, RowError> {
        self.check(e)?;
        Ok(self.live(e) && self.kinds.get(e.get()) == Some(&kind))
    }

    fn kind(&self, e: EntityIdx) -> Result<EntityKind, RowError> {
        self.kinds
            .get(e.get())
            .copied()
            .ok_or(RowError::NoEntity { entity: e.get() })
    }

    fn id(&self, e: EntityIdx) -> Result<Id, RowError> {
        self.ids
            .get(e.get())
            .cloned()
            .ok_or(RowError::NoEntity { entity: e.get() })
    }

    fn count(&self, e: EntityIdx) -> Result<i64, RowError> {
        self.count
            .get(e.get())
            .copied()
            .ok_or(RowError::NoEntity { entity: e.get() })
    }

    fn first(&self, e: EntityIdx) -> Result<usize, RowError> {
        self.first
            .get(e.get())
            .copied()
            .ok_or(RowError::NoEntity { entity: e.get() })
    }
}

/// A document and what every row of it needs.
struct Ctx<'d> {
    doc: &'d Document,
    chars: CharOffsets,
    article: Id,
    ents: Entities,
}

impl Ctx<'_> {
    /// The published (code-point) offset of byte offset `b`.
    #[inline]
    fn at(&self, b: usize) -> i64 {
        self.chars.char_at(b)
    }

    fn article(&self) -> Id {
        self.article.clone()
    }

    /// The text of `span`, for a cell.
    fn text(&self, span: Span) -> String {
        self.doc.slice(span).to_string()
    }
}

/// A row id made of a table's letter and a number (`m0001`, `q001`).
fn numbered(id: String, column: &'static str) -> Result<Id, RowError> {
    Id::new(id).map_err(|_| RowError::EmptyId { column })
}

/// Builds every table's rows for one processed document.
pub fn rows(doc: &Document) -> Result<ArticleRows, RowError> {
    let article = Id::new(doc.meta.id.as_str().to_string()).map_err(|_| RowError::EmptyId {
        column: "article_id",
    })?;
    let words = doc.word_count();
    let cx = Ctx {
        doc,
        chars: CharOffsets::new(&doc.text),
        article,
        ents: Entities::new(doc)?,
    };
    let mut out = ArticleRows::new(cx.article(), words as u64);
    out.push(article_row(&cx, words));
    entity_rows(&cx, &mut out)?;
    mention_rows(&cx, &mut out)?;
    affiliation_rows(&cx, &mut out)?;
    quote_rows(&cx, &mut out)?;
    time_expression_rows(&cx, &mut out)?;
    event_rows(&cx, &mut out)?;
    Ok(out.with_signature(Signature::of(&doc.text)))
}

fn article_row(cx: &Ctx, words: usize) -> ArticleRow {
    let doc = cx.doc;
    let meta = &doc.meta;
    ArticleRow {
        article_id: cx.article(),
        title: meta.title.clone(),
        source: meta.source.clone(),
        original_source: meta.original_source.clone(),
        authors: (!meta.authors.is_empty()).then(|| meta.authors.join("; ")),
        url: meta.url.clone(),
        published: meta.published,
        crawl_date: meta.crawl_date,
        language: doc.language.code.clone(),
        declared_language: meta.declared_language.clone(),
        language_basis: doc.language.basis,
        text: doc.text.clone(),
        text_sha256: format!("{:x}", Sha256::digest(doc.text.as_bytes())),
        char_count: cx.at(doc.text.len()),
        word_count: words as i64,
        paragraph_count: doc.paragraphs.len() as i64,
        sentence_count: doc.sentences.len() as i64,
        // filled by the writers, which see the articles in id order (crate::dedup)
        duplicate_of: None,
    }
}

/// `people`, `organizations` and `places`, in order of first mention.
fn entity_rows(cx: &Ctx, out: &mut ArticleRows) -> Result<(), RowError> {
    let ents = &cx.ents;
    let mut order: Vec<EntityIdx> = (0..cx.doc.entities.len())
        .map(EntityIdx)
        .filter(|&e| ents.live(e))
        .collect();
    order.sort_by_key(|&e| (ents.first.get(e.get()).copied(), e));
    for (e, ent) in order
        .iter()
        .filter_map(|&e| cx.doc.entity(e).map(|ent| (e, ent)))
    {
        let (id, name) = (ents.id(e)?, ent.name.clone());
        let (mention_count, first_start) = (ents.count(e)?, cx.at(ents.first(e)?));
        match ents.kind(e)? {
            EntityKind::Person => out.push(PersonRow {
                article_id: cx.article(),
                person_id: id,
                name,
                role: ent.role.clone(),
                country: ent.country.clone(),
                mention_count,
                first_start,
            }),
            EntityKind::Organization => out.push(OrganizationRow {
                article_id: cx.article(),
                org_id: id,
                name,
                acronym: ent.acronym.clone(),
                // the organization's kind when entities or the lexicon decided one
                org_kind: ent.org_kind.unwrap_or(OrgKind::Other),
                country: ent.country.clone(),
                mention_count,
                first_start,
            }),
            EntityKind::Place => out.push(PlaceRow {
                article_id: cx.article(),
                place_id: id,
                name,
                // the place's kind when the gazetteer knows it
                place_kind: ent.place_kind.unwrap_or(PlaceKind::Other),
                mention_count,
                first_start,
            }),
        }
    }
    Ok(())
}

/// `mentions`, by position.
fn mention_rows(cx: &Ctx, out: &mut ArticleRows) -> Result<(), RowError> {
    let doc = cx.doc;
    let mut ms: Vec<(&Mention, PublishedMentionForm, EntityIdx)> = doc
        .mentions
        .iter()
        .filter_map(|m| {
            let form = PublishedMentionForm::of(m.form)?;
            let e = m.entity.filter(|&e| cx.ents.live(e))?;
            Some((m, form, e))
        })
        .collect();
    ms.sort_by_key(|(m, ..)| (m.span.start, m.span.end));
    for (i, (m, form, e)) in ms.into_iter().enumerate() {
        let paragraph = doc
            .sentences
            .get(m.sentence.get())
            .ok_or(RowError::NoSentence {
                sentence: m.sentence.get(),
            })?
            .paragraph;
        out.push(MentionRow {
            article_id: cx.article(),
            mention_id: numbered(format!("m{:04}", i + 1), "mention_id")?,
            entity_kind: cx.ents.kind(e)?,
            entity_id: cx.ents.id(e)?,
            start: cx.at(m.span.start),
            end: cx.at(m.span.end),
            text: cx.text(m.span),
            sentence_index: m.sentence.get() as i64,
            paragraph_index: paragraph as i64,
            mention_form: form,
            title: m.title.map(|t| cx.text(t)),
        });
    }
    Ok(())
}

/// `affiliations`, by position, repeats removed.
fn affiliation_rows(cx: &Ctx, out: &mut ArticleRows) -> Result<(), RowError> {
    let ents = &cx.ents;
    let mut affs: Vec<&Affiliation> = Vec::with_capacity(cx.doc.affiliations.len());
    for a in &cx.doc.affiliations {
        if ents.live_as(a.person, EntityKind::Person)? {
            affs.push(a);
        }
    }
    affs.sort_by_key(|a| (a.span.start, a.span.end, a.person, a.org, a.place));
    affs.dedup_by(|a, b| {
        a.person == b.person && a.org == b.org && a.place == b.place && a.role == b.role
    });
    // an org or place without rows, or of another kind, is left out of the link
    let linked = |e: Option<EntityIdx>, kind: EntityKind| -> Result<Option<Id>, RowError> {
        match e {
            Some(e) if ents.live_as(e, kind)? => Ok(Some(ents.id(e)?)),
            _ => Ok(None),
        }
    };
    for (i, a) in affs.into_iter().enumerate() {
        out.push(AffiliationRow {
            article_id: cx.article(),
            affiliation_id: numbered(format!("a{:03}", i + 1), "affiliation_id")?,
            person_id: ents.id(a.person)?,
            org_id: linked(a.org, EntityKind::Organization)?,
            place_id: linked(a.place, EntityKind::Place)?,
            role: a.role.clone(),
            start: cx.at(a.span.start),
            end: cx.at(a.span.end),
            text: cx.text(a.span),
        });
    }
    Ok(())
}

/// `quotes`, by position.
fn quote_rows(cx: &Ctx, out: &mut ArticleRows) -> Result<(), RowError> {
    let mut qs: Vec<&Quote> = cx.doc.quotes.iter().collect();
    qs.sort_by_key(|q| (q.span.start, q.span.end));
    for (i, q) in qs.into_iter().enumerate() {
        let (speaker_kind, speaker_id, speaker_text) = speaker(q, cx.doc, &cx.ents)?;
        out.push(QuoteRow {
            article_id: cx.article(),
            quote_id: numbered(format!("q{:03}", i + 1), "quote_id")?,
            text: cx.text(q.span),
            start: cx.at(q.span.start),
            end: cx.at(q.span.end),
            quote_kind: q.kind,
            speaker_kind,
            speaker_id,
            speaker_text,
            cue: q.cue.map(|s| cx.text(s)),
            paragraph_index: q.paragraph as i64,
        });
    }
    Ok(())
}

/// The id of time expression `i` (the layer is in text order): `t001`.
fn timex_id(i: usize) -> Result<Id, RowError> {
    numbered(format!("t{:03}", i + 1), "timex_id")
}

/// `time_expressions`, in text order (the layer's order).
fn time_expression_rows(cx: &Ctx, out: &mut ArticleRows) -> Result<(), RowError> {
    for (i, t) in cx.doc.time_expressions.iter().enumerate() {
        out.push(TimeExpressionRow {
            article_id: cx.article(),
            timex_id: timex_id(i)?,
            text: cx.text(t.span),
            start: cx.at(t.span.start),
            end: cx.at(t.span.end),
            timex_type: t.timex_type,
            value: t.value.clone(),
            resolution: t.resolution,
            date_start: t.start,
            date_end: t.end,
            timex_mod: t.modifier,
        });
    }
    Ok(())
}

/// `events`, by first mention, each followed by its `event_participants` and `event_mentions`.
fn event_rows(cx: &Ctx, out: &mut ArticleRows) -> Result<(), RowError> {
    let (doc, ents) = (cx.doc, &cx.ents);
    let mut evs: Vec<&Event> = doc.events.iter().collect();
    evs.sort_by_key(|e| (e.trigger.start, e.trigger.end));
    for (i, ev) in evs.into_iter().enumerate() {
        let eid = numbered(format!("e{:03}", i + 1), "event_id")?;
        let place = match ev.place {
            Some(p) if ents.live_as(p, EntityKind::Place)? => Some(ents.id(p)?),
            _ => None,
        };
        let sentence = doc
            .sentences
            .get(ev.sentence)
            .ok_or(RowError::NoSentence {
                sentence: ev.sentence,
            })?
            .span;
        let time = ev.time.as_ref();
        out.push(EventRow {
            article_id: cx.article(),
            event_id: eid.clone(),
            event_type: ev.event_type,
            trigger: cx.text(ev.trigger),
            start: cx.at(ev.trigger.start),
            end: cx.at(ev.trigger.end),
            timex_id: match time {
                Some(t) if t.timex < doc.time_expressions.len() => Some(timex_id(t.timex)?),
                Some(t) => return Err(RowError::NoTimex { timex: t.timex }),
                None => None,
            },
            date_text: time.map(|t| cx.text(t.span)),
            date_value: time.and_then(|t| t.value.clone()),
            date_start: time.and_then(|t| t.start),
            date_end: time.and_then(|t| t.end),
            place_id: place,
            modality: ev.modality,
            sentence_index: ev.sentence as i64,
            sentence: sentence_context(doc, sentence, ev.trigger),
        });
        // participants with rows, ordered by (kind, id, role) as published, repeats removed
        let mut parts = Vec::with_capacity(ev.participants.len());
        for p in &ev.participants {
            ents.check(p.entity)?;
            if ents.live(p.entity) {
                let kind = ents.kind(p.entity)?;
                parts.push((kind, ents.id(p.entity)?, p.role));
            }
        }
        parts.sort_by(|a, b| {
            (a.0.as_str(), a.1.as_str(), a.2.as_str()).cmp(&(
                b.0.as_str(),
                b.1.as_str(),
                b.2.as_str(),
            ))
        });
        parts.dedup();
        for (entity_kind, entity_id, role) in parts {
            out.push(EventParticipantRow {
                article_id: cx.article(),
                event_id: eid.clone(),
                entity_kind,
                entity_id,
                role,
            });
        }
        let mut spans = ev.mentions.clone();
        spans.sort();
        spans.dedup_by_key(|s| s.start);
        for s in spans {
            out.push(EventMentionRow {
                article_id: cx.article(),
                event_id: eid.clone(),
                start: cx.at(s.start),
                end: cx.at(s.end),
                text: cx.text(s),
            });
        }
    }
    Ok(())
}

/// Longest `events.sentence` value, in bytes, before it is cut to a window around the trigger.
pub const SENTENCE_CONTEXT_BYTES: usize = 1_000;

/// The sentence of an event's first mention, for the `events.sentence` column. A sentence longer
/// than [`SENTENCE_CONTEXT_BYTES`] (a run-on page or a hostile input) is cut to about that many
/// bytes centred on the trigger, with "…" marking each cut, so that the cell stays bounded however
/// many events one long sentence holds (issue 7: output linear in input).
fn sentence_context(doc: &Document, sentence: Span, trigger: Span) -> String {
    let text = doc.slice(sentence);
    if text.len() <= SENTENCE_CONTEXT_BYTES {
        return text.to_string();
    }
    let half = SENTENCE_CONTEXT_BYTES / 2;
    let mid = trigger.start.clamp(sentence.start, sentence.end) - sentence.start;
    let mut lo = mid.saturating_sub(half);
    let mut hi = (lo + SENTENCE_CONTEXT_BYTES).min(text.len());
    lo = hi.saturating_sub(SENTENCE_CONTEXT_BYTES).min(lo);
    while lo > 0 && !text.is_char_boundary(lo) {
        lo -= 1;
    }
    while hi < text.len() && !text.is_char_boundary(hi) {
        hi += 1;
    }
    let window = text.get(lo..hi).unwrap_or_default().trim();
    let mut out = String::with_capacity(window.len() + 8);
    if lo > 0 {
        out.push('…');
    }
    out.push_str(window);
    if hi < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, EntityIdx, Participant};
    use crate::document::{EventTime, Modality, QuoteKind, TimeExpr};
    use crate::text::SentenceIdx;
    use crate::vocab::{TimexResolution, TimexType};
    use chrono::NaiveDate;

    // Fixtures: the fields that other stages are retyping are written in these helpers only.

    fn entity(kind: EntityKind, name: &str) -> Entity {
        Entity {
            name: name.to_string(),
            ..Entity::new(kind)
        }
    }

    fn event(event_type: &str, trigger: Span, participants: &[(usize, &'static str)]) -> Event {
        Event {
            event_type: event_type.parse().unwrap(),
            trigger,
            mentions: vec![trigger],
            sentence: 0,
            time: None,
            place: None,
            modality: Modality::Occurred,
            participants: participants
                .iter()
                .map(|&(entity, role)| Participant {
                    entity: EntityIdx(entity),
                    role: role.parse().unwrap(),
                })
                .collect(),
        }
    }

    const TEXT: &str = "Laura Benton met the World Bank in Nairobi. “We agreed,” Benton said.";

    fn span_of(needle: &str, nth: usize) -> Span {
        let at = TEXT.match_indices(needle).nth(nth).unwrap().0;
        Span::new(at, at + needle.len())
    }

    /// A person, an organization and a place, each named once (the person twice), a quote by the
    /// person and a meeting of the person with the organization in the place.
    fn fixture() -> Document {
        let mut doc = Document::segmented("a1", TEXT);
        doc.entities = vec![
            entity(EntityKind::Person, "Laura Benton"),
            entity(EntityKind::Organization, "World Bank"),
            entity(EntityKind::Place, "Nairobi"),
        ];
        doc.entities[1].org_kind = Some(OrgKind::International);
        doc.entities[2].place_kind = Some(PlaceKind::City);
        for (needle, nth, entity, kind, form) in [
            (
                "Laura Benton",
                0,
                0,
                EntityKind::Person,
                MentionForm::FullName,
            ),
            (
                "World Bank",
                0,
                1,
                EntityKind::Organization,
                MentionForm::FullName,
            ),
            ("Nairobi", 0, 2, EntityKind::Place, MentionForm::FullName),
            ("Benton", 1, 0, EntityKind::Person, MentionForm::Surname),
            ("We", 0, 0, EntityKind::Person, MentionForm::Pronoun),
        ] {
            let span = span_of(needle, nth);
            doc.mentions.push(Mention {
                span,
                kind,
                form,
                title: None,
                entity: Some(EntityIdx(entity)),
                sentence: SentenceIdx(doc.sentence_at(span.start).unwrap()),
            });
        }
        doc.quotes.push(Quote {
            span: span_of("We agreed,", 0),
            kind: QuoteKind::Direct,
            speaker: Speaker::Person(EntityIdx(0)),
            speaker_span: Some(span_of("Benton", 1)),
            cue: Some(span_of("said", 0)),
            paragraph: 0,
        });
        let mut ev = event(
            "meeting",
            span_of("met", 0),
            &[(0, "agent"), (1, "counterpart")],
        );
        ev.place = Some(EntityIdx(2));
        doc.events.push(ev);
        doc
    }

    /// A meeting dated by the second of two time expressions.
    fn dated() -> Document {
        const DATED: &str = "Since 2019 the Harbor Trust met on Monday.";
        let at = |needle: &str| {
            let a = DATED.find(needle).unwrap();
            Span::new(a, a + needle.len())
        };
        let mut doc = Document::segmented("a2", DATED);
        let day = NaiveDate::from_ymd_opt(2023, 5, 22);
        doc.time_expressions = vec![
            TimeExpr {
                span: at("2019"),
                timex_type: TimexType::Date,
                value: Some("2019".into()),
                start: NaiveDate::from_ymd_opt(2019, 1, 1),
                end: NaiveDate::from_ymd_opt(2019, 12, 31),
                modifier: None,
                resolution: TimexResolution::Absolute,
            },
            TimeExpr {
                span: at("Monday"),
                timex_type: TimexType::Date,
                value: Some("2023-05-22".into()),
                start: day,
                end: day,
                modifier: None,
                resolution: TimexResolution::Published,
            },
        ];
        let mut ev = event("meeting", at("met"), &[]);
        ev.time = Some(EventTime {
            timex: 1,
            span: at("Monday"),
            value: Some("2023-05-22".into()),
            start: day,
            end: day,
        });
        doc.events.push(ev);
        doc
    }

    #[test]
    fn a_dated_event_names_its_time_expression_row() {
        let rows = rows(&dated()).unwrap();
        for t in TABLES {
            for r in rows.table(t.name) {
                validate_row(t, r).unwrap();
            }
        }
        assert_eq!(rows.table("time_expressions").len(), 2);
        assert_eq!(*cell(&rows, "time_expressions", 0, "timex_id"), s("t001"));
        assert_eq!(*cell(&rows, "time_expressions", 1, "timex_id"), s("t002"));
        assert_eq!(*cell(&rows, "time_expressions", 1, "text"), s("Monday"));
        assert_eq!(*cell(&rows, "time_expressions", 1, "start"), Value::Int(35));
        assert_eq!(*cell(&rows, "time_expressions", 1, "timex_type"), s("DATE"));
        assert_eq!(
            *cell(&rows, "time_expressions", 1, "resolution"),
            s("published")
        );
        assert_eq!(
            *cell(&rows, "time_expressions", 0, "timex_mod"),
            Value::Null
        );
        assert_eq!(*cell(&rows, "events", 0, "timex_id"), s("t002"));
        assert_eq!(*cell(&rows, "events", 0, "date_text"), s("Monday"));
        assert_eq!(*cell(&rows, "events", 0, "date_value"), s("2023-05-22"));
        // an undated event has no timex_id
        let undated = super::rows(&fixture()).unwrap();
        assert_eq!(*cell(&undated, "events", 0, "timex_id"), Value::Null);
        assert!(undated.table("time_expressions").is_empty());

        let mut doc = dated();
        if let Some(t) = doc.events[0].time.as_mut() {
            t.timex = 9;
        }
        assert_eq!(super::rows(&doc), Err(RowError::NoTimex { timex: 9 }));
    }

    /// The cell of column `column` of row `i` of table `table`.
    fn cell<'r>(rows: &'r ArticleRows, table: &str, i: usize, column: &str) -> &'r Value {
        let t = crate::schema::table(table).unwrap();
        &rows.table(table)[i][t.column_index(column).unwrap()]
    }

    fn s(v: &str) -> Value {
        Value::Str(v.to_string())
    }

    #[test]
    fn every_value_lands_in_its_named_column() {
        let rows = rows(&fixture()).unwrap();
        for t in TABLES {
            for r in rows.table(t.name) {
                validate_row(t, r).unwrap();
            }
        }
        assert_eq!(rows.article_id(), "a1");
        assert_eq!(rows.word_count(), 12);
        assert_eq!(*cell(&rows, "articles", 0, "word_count"), Value::Int(12));
        assert_eq!(
            *cell(&rows, "articles", 0, "char_count"),
            Value::Int(TEXT.chars().count() as i64)
        );
        assert_eq!(*cell(&rows, "articles", 0, "sentence_count"), Value::Int(2));
        assert_eq!(*cell(&rows, "articles", 0, "authors"), Value::Null);
        assert_eq!(
            *cell(&rows, "articles", 0, "text_sha256"),
            s("c3bd3c276f8114503e90c7ad4d53c9228793b9adec29df1de6ab9330a9e05950")
        );

        assert_eq!(*cell(&rows, "people", 0, "person_id"), s("laura-benton"));
        assert_eq!(*cell(&rows, "people", 0, "name"), s("Laura Benton"));
        // the pronoun is not published, so not counted
        assert_eq!(*cell(&rows, "people", 0, "mention_count"), Value::Int(2));
        assert_eq!(*cell(&rows, "people", 0, "first_start"), Value::Int(0));
        assert_eq!(*cell(&rows, "organizations", 0, "org_id"), s("world-bank"));
        assert_eq!(
            *cell(&rows, "organizations", 0, "org_kind"),
            s("international")
        );
        assert_eq!(*cell(&rows, "places", 0, "place_kind"), s("city"));

        let mentions = rows.table("mentions");
        assert_eq!(mentions.len(), 4);
        assert_eq!(*cell(&rows, "mentions", 3, "mention_id"), s("m0004"));
        assert_eq!(*cell(&rows, "mentions", 3, "text"), s("Benton"));
        assert_eq!(*cell(&rows, "mentions", 3, "mention_form"), s("surname"));
        assert_eq!(*cell(&rows, "mentions", 3, "entity_kind"), s("person"));
        assert_eq!(*cell(&rows, "mentions", 3, "sentence_index"), Value::Int(1));
        // code points, not bytes: the curly quotes before "Benton" are 3 bytes each
        let benton = TEXT[..span_of("Benton", 1).start].chars().count() as i64;
        assert_eq!(*cell(&rows, "mentions", 3, "start"), Value::Int(benton));
        assert_eq!(*cell(&rows, "mentions", 3, "end"), Value::Int(benton + 6));

        assert_eq!(*cell(&rows, "quotes", 0, "text"), s("We agreed,"));
        assert_eq!(*cell(&rows, "quotes", 0, "speaker_kind"), s("person"));
        assert_eq!(*cell(&rows, "quotes", 0, "speaker_id"), s("laura-benton"));
        assert_eq!(*cell(&rows, "quotes", 0, "speaker_text"), s("Benton"));
        assert_eq!(*cell(&rows, "quotes", 0, "cue"), s("said"));

        assert_eq!(*cell(&rows, "events", 0, "event_type"), s("meeting"));
        assert_eq!(*cell(&rows, "events", 0, "trigger"), s("met"));
        assert_eq!(*cell(&rows, "events", 0, "place_id"), s("nairobi"));
        assert_eq!(*cell(&rows, "events", 0, "modality"), s("occurred"));
        assert_eq!(*cell(&rows, "events", 0, "date_value"), Value::Null);
        assert_eq!(
            *cell(&rows, "events", 0, "sentence"),
            s("Laura Benton met the World Bank in Nairobi.")
        );
        // ordered by the published strings: organization before person
        let parts = rows.table("event_participants");
        assert_eq!(parts.len(), 2);
        assert_eq!(
            *cell(&rows, "event_participants", 0, "entity_kind"),
            s("organization")
        );
        assert_eq!(
            *cell(&rows, "event_participants", 0, "role"),
            s("counterpart")
        );
        assert_eq!(
            *cell(&rows, "event_participants", 1, "entity_id"),
            s("laura-benton")
        );
        assert_eq!(rows.table("event_mentions").len(), 1);
    }

    #[test]
    fn a_speaker_of_the_wrong_kind_is_an_error() {
        let mut doc = fixture();
        doc.quotes[0].speaker = Speaker::Person(EntityIdx(2));
        assert_eq!(
            rows(&doc),
            Err(RowError::WrongKind {
                entity: 2,
                expected: EntityKind::Person,
                found: EntityKind::Place
            })
        );
        doc.quotes[0].speaker = Speaker::Organization(EntityIdx(0));
        assert!(matches!(
            rows(&doc),
            Err(RowError::WrongKind { entity: 0, .. })
        ));
    }

    #[test]
    fn a_speaker_phrase_without_rows_is_unnamed_and_no_phrase_is_none() {
        let mut doc = fixture();
        doc.entities.push(entity(EntityKind::Person, "Nobody"));
        doc.quotes[0].speaker = Speaker::Person(EntityIdx(3));
        let got = rows(&doc).unwrap();
        assert_eq!(*cell(&got, "quotes", 0, "speaker_kind"), s("unnamed"));
        assert_eq!(*cell(&got, "quotes", 0, "speaker_id"), Value::Null);
        assert_eq!(*cell(&got, "quotes", 0, "speaker_text"), s("Benton"));
        // not attributed, though a phrase was found: the phrase is kept, as unnamed
        doc.quotes[0].speaker = Speaker::Unknown;
        let got = rows(&doc).unwrap();
        assert_eq!(*cell(&got, "quotes", 0, "speaker_kind"), s("unnamed"));
        assert_eq!(*cell(&got, "quotes", 0, "speaker_text"), s("Benton"));
        // no phrase at all
        doc.quotes[0].speaker_span = None;
        let got = rows(&doc).unwrap();
        assert_eq!(*cell(&got, "quotes", 0, "speaker_kind"), s("none"));
        assert_eq!(*cell(&got, "quotes", 0, "speaker_text"), Value::Null);
        // a named speaker always has its phrase
        doc.quotes[0].speaker = Speaker::Person(EntityIdx(0));
        assert_eq!(
            rows(&doc),
            Err(RowError::SpeakerWithoutPhrase { entity: 0 })
        );
    }

    #[test]
    fn broken_invariants_are_errors_not_values() {
        let mut doc = fixture();
        doc.meta.id = crate::document::ArticleId::new("");
        assert_eq!(
            rows(&doc),
            Err(RowError::EmptyId {
                column: "article_id"
            })
        );

        let mut doc = fixture();
        doc.mentions[0].entity = Some(EntityIdx(9));
        assert_eq!(rows(&doc), Err(RowError::NoEntity { entity: 9 }));

        let mut doc = fixture();
        doc.quotes[0].speaker = Speaker::Person(EntityIdx(9));
        assert_eq!(rows(&doc), Err(RowError::NoEntity { entity: 9 }));

        let mut doc = fixture();
        doc.events[0].participants[0].entity = EntityIdx(9);
        assert_eq!(rows(&doc), Err(RowError::NoEntity { entity: 9 }));

        let mut doc = fixture();
        doc.events[0].sentence = 9;
        assert_eq!(rows(&doc), Err(RowError::NoSentence { sentence: 9 }));

        // an event type or role outside its vocabulary cannot be built: they are enums
        assert!("picnic".parse::<crate::vocab::EventType>().is_err());
        assert!("spectator"
            .parse::<crate::vocab::ParticipantRole>()
            .is_err());
    }

    #[test]
    fn ids_are_numbered_per_kind_and_slug() {
        let mut doc = fixture();
        // a second "Laura Benton" person (e.g. a namesake) and an organization of the same slug
        doc.entities
            .push(entity(EntityKind::Person, "Laura  Benton"));
        doc.entities
            .push(entity(EntityKind::Organization, "Laura Benton"));
        let ents = Entities::new(&doc).unwrap();
        let ids: Vec<&str> = ents.ids.iter().map(Id::as_str).collect();
        assert_eq!(
            ids,
            [
                "laura-benton",
                "world-bank",
                "nairobi",
                "laura-benton-2",
                "laura-benton"
            ]
        );
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slug("Laura Benton"), "laura-benton");
        assert_eq!(
            slug("Center for Strategic and International Studies"),
            "center-for-strategic-and-international-studies"
        );
        assert_eq!(slug("O’Brien"), "obrien");
        assert_eq!(slug("U.S."), "us");
        assert_eq!(slug("..."), "entity");
        assert_eq!(slug("José Núñez"), "josé-núñez");
    }

    #[test]
    fn validation_catches_type_errors() {
        let t = crate::schema::table("places").unwrap();
        let good = vec![
            s("a"),
            s("x"),
            s("X"),
            s("city"),
            Value::Int(1),
            Value::Int(0),
        ];
        assert!(validate_row(t, &good).is_ok());
        let mut bad = good.clone();
        bad[3] = s("planet");
        assert!(matches!(
            validate_row(t, &bad),
            Err(RowError::Misfit {
                column: "place_kind",
                ..
            })
        ));
        let mut bad = good.clone();
        bad[4] = Value::Null;
        assert!(matches!(
            validate_row(t, &bad),
            Err(RowError::Null {
                column: "mention_count",
                ..
            })
        ));
        assert!(matches!(
            validate_row(t, &good[..3].to_vec()),
            Err(RowError::Arity { cells: 3, .. })
        ));
    }

    #[test]
    fn long_sentences_are_cut_around_the_trigger() {
        let short = "Ana met Bo in Lisbon.";
        let doc = Document::segmented("a", short);
        let all = Span::new(0, short.len());
        assert_eq!(sentence_context(&doc, all, Span::new(4, 7)), short);

        // a 5,000-byte sentence with multi-byte characters: the cell is bounded, keeps the
        // trigger, cuts on character boundaries and marks both cuts
        let long = format!("{} met {}.", "é word ".repeat(400), "ü word ".repeat(300));
        let doc = Document::segmented("a", &long);
        let at = long.find(" met ").unwrap() + 1;
        let cell = sentence_context(&doc, Span::new(0, long.len()), Span::new(at, at + 3));
        assert!(cell.len() <= SENTENCE_CONTEXT_BYTES + 2 * '…'.len_utf8());
        assert!(cell.contains(" met "));
        assert!(cell.starts_with('…') && cell.ends_with('…'));
        // trigger at the very end: no cut at the end
        let end = long.len() - 1;
        let cell = sentence_context(&doc, Span::new(0, long.len()), Span::new(end, long.len()));
        assert!(cell.starts_with('…') && cell.ends_with('.'));
    }
}
