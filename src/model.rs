//! Rows: a [`Document`] turned into one row per table record, in the column order that
//! [`crate::schema::TABLES`] declares.
//!
//! This is the one place where internal byte spans become the published code-point offsets and
//! where entity indices become readable ids.

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::document::{Document, EntityKind, MentionForm, Speaker};
use crate::schema::{ColumnType, Table, TABLES};
use crate::text::{CharOffsets, Span};

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Null,
    Str(String),
    Int(i64),
    Date(NaiveDate),
}

impl Value {
    fn opt_str(s: Option<&str>) -> Value {
        s.map_or(Value::Null, |s| Value::Str(s.to_string()))
    }
    fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }
    /// True when the value may be stored in a column of type `ty` (nulls checked separately).
    pub fn fits(&self, ty: ColumnType) -> bool {
        match (self, ty) {
            (Value::Null, _) => true,
            (Value::Str(_), ColumnType::String) => true,
            (Value::Str(s), ColumnType::Enum(values)) => values.contains(&s.as_str()),
            (Value::Int(_), ColumnType::Integer) => true,
            (Value::Date(_), ColumnType::Date) => true,
            _ => false,
        }
    }
}

pub type Row = Vec<Value>;

/// The rows of one article for every table, indexed like [`TABLES`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleRows {
    pub tables: Vec<Vec<Row>>,
}

impl ArticleRows {
    pub fn table(&self, name: &str) -> &[Row] {
        TABLES
            .iter()
            .position(|t| t.name == name)
            .and_then(|i| self.tables.get(i))
            .map_or(&[], |v| v.as_slice())
    }
}

/// Checks a row against its table's declaration: arity, types, enum values, required fields.
pub fn validate_row(t: &Table, row: &Row) -> Result<(), String> {
    if row.len() != t.columns.len() {
        return Err(format!(
            "{}: row has {} cells for {} columns",
            t.name,
            row.len(),
            t.columns.len()
        ));
    }
    for (c, v) in t.columns.iter().zip(row) {
        if !v.fits(c.ty) {
            return Err(format!(
                "{}.{}: value {:?} does not fit {:?}",
                t.name, c.name, v, c.ty
            ));
        }
        if c.required && *v == Value::Null {
            return Err(format!("{}.{}: required value is null", t.name, c.name));
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

/// Is a mention of this form a row of `mentions`? Only named mentions are: pronouns, role nouns
/// ("the secretary") and demonyms ("Chinese") are resolved inside the pipeline (quote attribution,
/// nationality) but are not name mentions, so the table stays comparable with named-entity
/// benchmarks and `mention_count` counts names.
pub fn published(form: MentionForm) -> bool {
    match form {
        MentionForm::FullName
        | MentionForm::Surname
        | MentionForm::GivenName
        | MentionForm::Acronym
        | MentionForm::Title => true,
        MentionForm::RoleNoun | MentionForm::Pronoun | MentionForm::Demonym => false,
    }
}

/// Builds every table's rows for one processed document.
pub fn rows(doc: &Document) -> ArticleRows {
    let map = CharOffsets::new(&doc.text);
    let c = |b: usize| Value::Int(map.char_at(b));
    let aid = || Value::str(doc.meta.id.clone());

    // entity ids: slug of canonical name, unique within the article per kind
    let mut used: FxHashMap<(EntityKind, String), usize> = FxHashMap::default();
    let mut ids: Vec<String> = Vec::with_capacity(doc.entities.len());
    for e in &doc.entities {
        let kind = e.kind.unwrap_or(EntityKind::Person);
        let base = slug(&e.name);
        let n = used.entry((kind, base.clone())).or_insert(0);
        *n += 1;
        ids.push(if *n == 1 { base } else { format!("{base}-{n}") });
    }
    let mut count = vec![0i64; doc.entities.len()];
    let mut first = vec![usize::MAX; doc.entities.len()];
    for m in &doc.mentions {
        if let Some(e) = m.entity {
            if let (Some(n), Some(f), true) =
                (count.get_mut(e), first.get_mut(e), published(m.form))
            {
                *n += 1;
                *f = (*f).min(m.span.start);
            }
        }
    }
    // an entity with a published mention: the only ones whose rows and ids are written
    let live = |e: usize| first.get(e).is_some_and(|&f| f != usize::MAX);
    let kind_of = |e: usize| {
        doc.entities
            .get(e)
            .and_then(|x| x.kind)
            .unwrap_or(EntityKind::Person)
    };
    let id = |e: usize| Value::str(ids.get(e).cloned().unwrap_or_default());
    let count_of = |e: usize| Value::Int(count.get(e).copied().unwrap_or(0));
    let first_of = |e: usize| c(first.get(e).copied().unwrap_or(0));

    let mut out = ArticleRows {
        tables: vec![Vec::new(); TABLES.len()],
    };
    let mut push = |name: &str, row: Row| {
        if let Some(t) = TABLES
            .iter()
            .position(|t| t.name == name)
            .and_then(|i| out.tables.get_mut(i))
        {
            t.push(row);
        }
    };

    // articles
    let sha = Sha256::digest(doc.text.as_bytes());
    let hex: String = sha
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .map(|d| {
            char::from(
                b"0123456789abcdef"
                    .get(usize::from(d))
                    .copied()
                    .unwrap_or(b'0'),
            )
        })
        .collect();
    let authors = (!doc.meta.authors.is_empty()).then(|| doc.meta.authors.join("; "));
    push(
        "articles",
        vec![
            aid(),
            Value::opt_str(doc.meta.title.as_deref()),
            Value::opt_str(doc.meta.source.as_deref()),
            Value::opt_str(doc.meta.original_source.as_deref()),
            Value::opt_str(authors.as_deref()),
            Value::opt_str(doc.meta.url.as_deref()),
            doc.meta.published.map_or(Value::Null, Value::Date),
            Value::str(doc.meta.language.clone()),
            Value::str(doc.text.clone()),
            Value::str(hex),
            Value::Int(map.char_at(doc.text.len())),
            Value::Int(doc.word_count() as i64),
            Value::Int(doc.paragraphs.len() as i64),
            Value::Int(doc.sentences.len() as i64),
        ],
    );

    // entity tables, in order of first mention
    let mut order: Vec<usize> = (0..doc.entities.len()).filter(|&e| live(e)).collect();
    order.sort_by_key(|&e| (first.get(e).copied(), e));
    for (e, ent) in order
        .iter()
        .filter_map(|&e| doc.entities.get(e).map(|ent| (e, ent)))
    {
        match kind_of(e) {
            EntityKind::Person => push(
                "people",
                vec![
                    aid(),
                    id(e),
                    Value::str(ent.name.clone()),
                    Value::opt_str(ent.role.as_deref()),
                    Value::opt_str(ent.country.as_deref()),
                    count_of(e),
                    first_of(e),
                ],
            ),
            EntityKind::Organization => push(
                "organizations",
                vec![
                    aid(),
                    id(e),
                    Value::str(ent.name.clone()),
                    Value::opt_str(ent.acronym.as_deref()),
                    Value::str(
                        ent.org_kind
                            .unwrap_or(crate::document::OrgKind::Other)
                            .as_str(),
                    ),
                    Value::opt_str(ent.country.as_deref()),
                    count_of(e),
                    first_of(e),
                ],
            ),
            EntityKind::Place => push(
                "places",
                vec![
                    aid(),
                    id(e),
                    Value::str(ent.name.clone()),
                    Value::str(
                        ent.place_kind
                            .unwrap_or(crate::document::PlaceKind::Other)
                            .as_str(),
                    ),
                    count_of(e),
                    first_of(e),
                ],
            ),
        }
    }

    // mentions, by position
    let mut ms: Vec<&crate::document::Mention> = doc
        .mentions
        .iter()
        .filter(|m| published(m.form) && m.entity.is_some_and(live))
        .collect();
    ms.sort_by_key(|m| (m.span.start, m.span.end));
    for (i, m) in ms.iter().enumerate() {
        let e = m.entity.unwrap_or(0);
        let para = doc.sentences.get(m.sentence).map_or(0, |s| s.paragraph);
        push(
            "mentions",
            vec![
                aid(),
                Value::str(format!("m{:04}", i + 1)),
                Value::str(kind_of(e).as_str()),
                id(e),
                c(m.span.start),
                c(m.span.end),
                Value::str(doc.slice(m.span)),
                Value::Int(m.sentence as i64),
                Value::Int(para as i64),
                Value::str(m.form.as_str()),
                Value::opt_str(m.title.map(|t| doc.slice(t))),
            ],
        );
    }

    // affiliations
    let mut affs: Vec<&crate::document::Affiliation> = doc
        .affiliations
        .iter()
        .filter(|a| live(a.person) && kind_of(a.person) == EntityKind::Person)
        .collect();
    affs.sort_by_key(|a| (a.span.start, a.span.end, a.person, a.org, a.place));
    affs.dedup_by(|a, b| {
        a.person == b.person && a.org == b.org && a.place == b.place && a.role == b.role
    });
    for (i, a) in affs.iter().enumerate() {
        let org = a
            .org
            .filter(|&o| live(o) && kind_of(o) == EntityKind::Organization);
        let place = a
            .place
            .filter(|&p| live(p) && kind_of(p) == EntityKind::Place);
        push(
            "affiliations",
            vec![
                aid(),
                Value::str(format!("a{:03}", i + 1)),
                id(a.person),
                org.map_or(Value::Null, id),
                place.map_or(Value::Null, id),
                Value::opt_str(a.role.as_deref()),
                c(a.span.start),
                c(a.span.end),
                Value::str(doc.slice(a.span)),
            ],
        );
    }

    // quotes, by position
    let mut qs: Vec<&crate::document::Quote> = doc.quotes.iter().collect();
    qs.sort_by_key(|q| (q.span.start, q.span.end));
    for (i, q) in qs.iter().enumerate() {
        let speaker_text = q.speaker_span.map(|s| doc.slice(s).to_string());
        let (kind, id, text) = match &q.speaker {
            Speaker::Entity(e) if live(*e) => match kind_of(*e) {
                EntityKind::Person => ("person", Some(id(*e)), speaker_text),
                EntityKind::Organization => ("organization", Some(id(*e)), speaker_text),
                EntityKind::Place => (
                    "unnamed",
                    None,
                    speaker_text.or_else(|| doc.entities.get(*e).map(|x| x.name.clone())),
                ),
            },
            Speaker::Unnamed(s) => ("unnamed", None, Some(doc.slice(*s).to_string())),
            _ => ("unknown", None, speaker_text),
        };
        push(
            "quotes",
            vec![
                aid(),
                Value::str(format!("q{:03}", i + 1)),
                Value::str(doc.slice(q.span)),
                c(q.span.start),
                c(q.span.end),
                Value::str(q.kind.as_str()),
                Value::str(kind),
                id.unwrap_or(Value::Null),
                text.map_or(Value::Null, Value::Str),
                Value::opt_str(q.cue.map(|s| doc.slice(s))),
                Value::Int(q.paragraph as i64),
            ],
        );
    }

    // events, by first mention
    let mut evs: Vec<&crate::document::Event> = doc.events.iter().collect();
    evs.sort_by_key(|e| (e.trigger.start, e.trigger.end));
    for (i, ev) in evs.iter().enumerate() {
        let eid = format!("e{:03}", i + 1);
        let place = ev
            .place
            .filter(|&p| live(p) && kind_of(p) == EntityKind::Place);
        let sentence = doc
            .sentences
            .get(ev.sentence)
            .map_or(Span::default(), |s| s.span);
        push(
            "events",
            vec![
                aid(),
                Value::str(eid.clone()),
                Value::str(ev.event_type.as_str()),
                Value::str(doc.slice(ev.trigger)),
                c(ev.trigger.start),
                c(ev.trigger.end),
                Value::opt_str(ev.time.as_ref().map(|t| doc.slice(t.span))),
                Value::opt_str(ev.time.as_ref().and_then(|t| t.value.as_deref())),
                ev.time
                    .as_ref()
                    .and_then(|t| t.start)
                    .map_or(Value::Null, Value::Date),
                ev.time
                    .as_ref()
                    .and_then(|t| t.end)
                    .map_or(Value::Null, Value::Date),
                place.map_or(Value::Null, id),
                Value::str(ev.modality.as_str()),
                Value::Int(ev.sentence as i64),
                Value::str(sentence_context(doc, sentence, ev.trigger)),
            ],
        );
        let mut parts: Vec<(String, String, &str)> = ev
            .participants
            .iter()
            .filter(|p| live(p.entity))
            .map(|p| {
                (
                    kind_of(p.entity).as_str().to_string(),
                    ids.get(p.entity).cloned().unwrap_or_default(),
                    p.role.as_str(),
                )
            })
            .collect();
        parts.sort();
        parts.dedup();
        for (k, id, role) in parts {
            push(
                "event_participants",
                vec![
                    aid(),
                    Value::str(eid.clone()),
                    Value::str(k),
                    Value::str(id),
                    Value::str(role),
                ],
            );
        }
        let mut spans = ev.mentions.clone();
        spans.sort();
        spans.dedup_by_key(|s| s.start);
        for s in spans {
            push(
                "event_mentions",
                vec![
                    aid(),
                    Value::str(eid.clone()),
                    c(s.start),
                    c(s.end),
                    Value::str(doc.slice(s)),
                ],
            );
        }
    }
    out
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
            Value::str("a"),
            Value::str("x"),
            Value::str("X"),
            Value::str("city"),
            Value::Int(1),
            Value::Int(0),
        ];
        assert!(validate_row(t, &good).is_ok());
        let mut bad = good.clone();
        bad[3] = Value::str("planet");
        assert!(validate_row(t, &bad).is_err());
        let mut bad = good.clone();
        bad[4] = Value::Null;
        assert!(validate_row(t, &bad).is_err());
        assert!(validate_row(t, &good[..3].to_vec()).is_err());
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
