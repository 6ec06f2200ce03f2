//! The tables and their columns, declared once as data: the single source of truth.
//!
//! The CSV headers, the Arrow/Parquet schemas, the JSON field order, `datapackage.json` (Frictionless
//! Tabular Data Package) and the data dictionary `schema/README.md` are all derived from [`TABLES`].
//! `newsfacts check` fails when the committed `schema/` differs from what this module generates.

use serde_json::{json, Value as Json};

use crate::vocab::{EntityKind, Modality, OrgKind, PlaceKind, QuoteKind, SpeakerKind};

/// Logical column types. Enum columns are strings restricted to a vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    String,
    Integer,
    Date,
    Enum(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
    pub required: bool,
    pub description: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub table: &'static str,
    pub reference: &'static [&'static str],
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
}

impl Table {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

const fn col(name: &'static str, ty: ColumnType, description: &'static str) -> Column {
    Column {
        name,
        ty,
        required: true,
        description,
    }
}
const fn opt(name: &'static str, ty: ColumnType, description: &'static str) -> Column {
    Column {
        name,
        ty,
        required: false,
        description,
    }
}

use ColumnType::{Date, Enum, Integer, String as Str};

pub const ENTITY_KINDS: &[&str] = EntityKind::NAMES;
pub const ORG_KINDS: &[&str] = OrgKind::NAMES;
pub const PLACE_KINDS: &[&str] = PlaceKind::NAMES;
/// Forms of the named mentions published in `mentions` (pronouns, role nouns and demonyms are
/// resolved internally but not published: see `model::published`).
pub const MENTION_FORMS: &[&str] = &["full_name", "surname", "given_name", "acronym", "title"];
pub const QUOTE_KINDS: &[&str] = QuoteKind::NAMES;
pub const SPEAKER_KINDS: &[&str] = SpeakerKind::NAMES;
pub const MODALITIES: &[&str] = Modality::NAMES;
pub const PARTICIPANT_ROLES: &[&str] = crate::vocab::ParticipantRole::NAMES;
/// The event vocabulary; definitions, CAMEO and ACE mappings are in `lexicons/event_types.tsv`.
pub const EVENT_TYPES: &[&str] = crate::vocab::EventType::NAMES;

const ARTICLE_FK: ForeignKey = ForeignKey {
    fields: &["article_id"],
    table: "articles",
    reference: &["article_id"],
};

const ARTICLE_ID: Column = col("article_id", Str, "Article identifier (from the input: sidecar or JSONL `id`, else the file name without extension).");
const START: Column = col(
    "start",
    Integer,
    "Start offset: Unicode code points into `articles.text`, inclusive.",
);
const END: Column = col("end", Integer, "End offset: Unicode code points into `articles.text`, exclusive; `text[start:end]` in Python is the surface form.");

pub const TABLES: &[Table] = &[
    Table {
        name: "articles",
        description: "One row per article: metadata and the cleaned text that every offset in the dataset points into.",
        columns: &[
            ARTICLE_ID,
            opt("title", Str, "Headline."),
            opt("source", Str, "Publisher of the page the text was taken from."),
            opt("original_source", Str, "Organization that did the original reporting, when it differs from the publisher (syndication)."),
            opt("authors", Str, "Authors, separated by \"; \"."),
            opt("url", Str, "Canonical URL."),
            opt("published", Date, "Publication date (ISO 8601). Relative dates in `events` are resolved against it."),
            col("language", Str, "Language code (BCP 47 primary subtag)."),
            col("text", Str, "Cleaned article text (page noise removed, paragraphs separated by a newline)."),
            col("text_sha256", Str, "SHA-256 of `text` (UTF-8), lowercase hex."),
            col("char_count", Integer, "Length of `text` in Unicode code points."),
            col("word_count", Integer, "Number of word and number tokens in `text`."),
            col("paragraph_count", Integer, "Number of paragraphs in `text`."),
            col("sentence_count", Integer, "Number of sentences in `text`."),
        ],
        primary_key: &["article_id"],
        foreign_keys: &[],
    },
    Table {
        name: "people",
        description: "One row per person named in an article (mentions of the same person merged by coreference).",
        columns: &[
            ARTICLE_ID,
            col("person_id", Str, "Slug of the canonical name; unique within the article, so the same person joins across articles."),
            col("name", Str, "Canonical full name: the fullest form the article gives."),
            opt("role", Str, "Title or role as written on the first mention that has one (e.g. \"Commerce Secretary\")."),
            opt("country", Str, "Nationality or country the article states for the person (e.g. \"Chinese Ambassador\" gives China)."),
            col("mention_count", Integer, "Number of rows in `mentions` for this person."),
            col("first_start", Integer, "Start offset (code points) of the first mention."),
        ],
        primary_key: &["article_id", "person_id"],
        foreign_keys: &[ARTICLE_FK],
    },
    Table {
        name: "organizations",
        description: "One row per organization named in an article.",
        columns: &[
            ARTICLE_ID,
            col("org_id", Str, "Slug of the canonical name; unique within the article."),
            col("name", Str, "Canonical name: the fullest form the article gives."),
            opt("acronym", Str, "Acronym, when the article gives one or the lexicon knows it."),
            col("org_kind", Enum(ORG_KINDS), "Kind of organization."),
            opt("country", Str, "Country the organization belongs to, when stated or known (e.g. \"China’s Foreign Ministry\")."),
            col("mention_count", Integer, "Number of rows in `mentions` for this organization."),
            col("first_start", Integer, "Start offset (code points) of the first mention."),
        ],
        primary_key: &["article_id", "org_id"],
        foreign_keys: &[ARTICLE_FK],
    },
    Table {
        name: "places",
        description: "One row per place (country, city, region) named in an article.",
        columns: &[
            ARTICLE_ID,
            col("place_id", Str, "Slug of the canonical name; unique within the article."),
            col("name", Str, "Canonical name."),
            col("place_kind", Enum(PLACE_KINDS), "Kind of place."),
            col("mention_count", Integer, "Number of rows in `mentions` for this place (named mentions; adjectival forms such as \"Chinese\" are not counted)."),
            col("first_start", Integer, "Start offset (code points) of the first mention."),
        ],
        primary_key: &["article_id", "place_id"],
        foreign_keys: &[ARTICLE_FK],
    },
    Table {
        name: "mentions",
        description: "Every textual mention of a person, organization or place, linked to its entity row.",
        columns: &[
            ARTICLE_ID,
            col("mention_id", Str, "Mention identifier, unique within the article (ordered by position)."),
            col("entity_kind", Enum(ENTITY_KINDS), "Which table `entity_id` refers to: people, organizations or places."),
            col("entity_id", Str, "person_id, org_id or place_id, according to `entity_kind`."),
            START,
            END,
            col("text", Str, "Surface form: exactly `articles.text[start:end]`."),
            col("sentence_index", Integer, "0-based sentence number within the article."),
            col("paragraph_index", Integer, "0-based paragraph number within the article."),
            col("mention_form", Enum(MENTION_FORMS), "How the mention refers to the entity."),
            opt("title", Str, "Title or role written directly before the name (\"Commerce Secretary\")."),
        ],
        primary_key: &["article_id", "mention_id"],
        foreign_keys: &[ARTICLE_FK],
    },
    Table {
        name: "affiliations",
        description: "Person → organization and/or place links stated in the article (appositives, title phrases, nationality), with the evidence span.",
        columns: &[
            ARTICLE_ID,
            col("affiliation_id", Str, "Identifier, unique within the article."),
            col("person_id", Str, "The person (people.person_id)."),
            opt("org_id", Str, "The organization (organizations.org_id), if any."),
            opt("place_id", Str, "The place (places.place_id), e.g. a stated nationality, if any."),
            opt("role", Str, "Role or title in that organization, as written."),
            START,
            END,
            col("text", Str, "Evidence: `articles.text[start:end]`."),
        ],
        primary_key: &["article_id", "affiliation_id"],
        foreign_keys: &[
            ARTICLE_FK,
            ForeignKey { fields: &["article_id", "person_id"], table: "people", reference: &["article_id", "person_id"] },
        ],
    },
    Table {
        name: "quotes",
        description: "Direct, partial and reported (indirect) speech with its speaker.",
        columns: &[
            ARTICLE_ID,
            col("quote_id", Str, "Quote identifier, unique within the article (ordered by position)."),
            col("text", Str, "The quoted or reported words: `articles.text[start:end]` (without quotation marks)."),
            START,
            END,
            col("quote_kind", Enum(QUOTE_KINDS), "direct: a quotation in marks; partial: a quoted fragment inside the writer's sentence; indirect: reported speech."),
            col("speaker_kind", Enum(SPEAKER_KINDS), "person / organization: `speaker_id` refers to people / organizations; unnamed: an unnamed source described by `speaker_text`; unknown: not attributed."),
            opt("speaker_id", Str, "person_id or org_id according to `speaker_kind`."),
            opt("speaker_text", Str, "The speaker phrase as written (\"a U.S. official\", \"she\")."),
            opt("cue", Str, "The reporting verb or noun (\"said\", \"according to\")."),
            col("paragraph_index", Integer, "0-based paragraph of the quote's start."),
        ],
        primary_key: &["article_id", "quote_id"],
        foreign_keys: &[ARTICLE_FK],
    },
    Table {
        name: "events",
        description: "One row per reported happening (repeated mentions merged), typed from a controlled vocabulary.",
        columns: &[
            ARTICLE_ID,
            col("event_id", Str, "Event identifier, unique within the article (ordered by first mention)."),
            col("event_type", Enum(EVENT_TYPES), "Event type; definitions and CAMEO/ACE mappings in schema/README.md."),
            col("trigger", Str, "The trigger word or phrase of the first mention: `articles.text[start:end]`."),
            START,
            END,
            opt("date_text", Str, "The time expression as written (\"on Sunday\", \"early next month\")."),
            opt("date_value", Str, "TIMEX3-style normalized value: 2023, 2023-05, 2023-05-21 (null when unresolvable)."),
            opt("date_start", Date, "First day covered by the time expression."),
            opt("date_end", Date, "Last day covered by the time expression."),
            opt("place_id", Str, "Where it happened (places.place_id)."),
            col("modality", Enum(MODALITIES), "occurred, planned, hypothetical, negated or cancelled."),
            col("sentence_index", Integer, "0-based sentence of the first mention."),
            col("sentence", Str, "The sentence of the first mention; a sentence over 1,000 bytes is cut to about 1,000 bytes around the trigger, with … marking each cut."),
        ],
        primary_key: &["article_id", "event_id"],
        foreign_keys: &[ARTICLE_FK],
    },
    Table {
        name: "event_participants",
        description: "People and organizations (and places acting as agents) taking part in an event, with their role.",
        columns: &[
            ARTICLE_ID,
            col("event_id", Str, "The event (events.event_id)."),
            col("entity_kind", Enum(ENTITY_KINDS), "Which table `entity_id` refers to."),
            col("entity_id", Str, "person_id, org_id or place_id."),
            col("role", Enum(PARTICIPANT_ROLES), "Participant role."),
        ],
        primary_key: &["article_id", "event_id", "entity_kind", "entity_id", "role"],
        foreign_keys: &[
            ARTICLE_FK,
            ForeignKey { fields: &["article_id", "event_id"], table: "events", reference: &["article_id", "event_id"] },
        ],
    },
    Table {
        name: "event_mentions",
        description: "Every textual mention of an event (an event row is one happening; this table keeps each reference to it).",
        columns: &[
            ARTICLE_ID,
            col("event_id", Str, "The event (events.event_id)."),
            START,
            END,
            col("text", Str, "Trigger text: `articles.text[start:end]`."),
        ],
        primary_key: &["article_id", "event_id", "start"],
        foreign_keys: &[
            ARTICLE_FK,
            ForeignKey { fields: &["article_id", "event_id"], table: "events", reference: &["article_id", "event_id"] },
        ],
    },
];

/// Looks a table up by name.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

fn frictionless_type(ty: ColumnType) -> (&'static str, Option<&'static [&'static str]>) {
    match ty {
        ColumnType::String => ("string", None),
        ColumnType::Integer => ("integer", None),
        ColumnType::Date => ("date", None),
        ColumnType::Enum(values) => ("string", Some(values)),
    }
}

/// The Frictionless Table Schema of one table.
pub fn table_schema(t: &Table) -> Json {
    let fields: Vec<Json> = t
        .columns
        .iter()
        .map(|c| {
            let (ty, values) = frictionless_type(c.ty);
            let mut constraints = serde_json::Map::new();
            constraints.insert("required".into(), json!(c.required));
            if let Some(v) = values {
                constraints.insert("enum".into(), json!(v));
            }
            json!({"name": c.name, "type": ty, "description": c.description, "constraints": constraints})
        })
        .collect();
    let fks: Vec<Json> = t
        .foreign_keys
        .iter()
        .map(|fk| {
            json!({"fields": fk.fields, "reference": {"resource": fk.table, "fields": fk.reference}})
        })
        .collect();
    json!({"fields": fields, "missingValues": [""], "primaryKey": t.primary_key, "foreignKeys": fks})
}

/// The Frictionless Tabular Data Package describing the CSV files of an output directory.
pub fn datapackage() -> Json {
    let resources: Vec<Json> = TABLES
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "path": format!("csv/{}.csv", t.name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": t.description,
                "schema": table_schema(t),
            })
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": "newsfacts",
        "title": "newsfacts dataset",
        "description": "People, organizations, places, quotes and events extracted from news articles by newsfacts. Offsets are Unicode code points into articles.text, half-open.",
        "version": env!("CARGO_PKG_VERSION"),
        "resources": resources,
    })
}

/// `datapackage.json` as written to disk (pretty, trailing newline).
pub fn datapackage_text() -> String {
    let mut s = serde_json::to_string_pretty(&datapackage()).unwrap_or_default();
    s.push('\n');
    s
}

fn type_label(ty: ColumnType) -> String {
    match ty {
        ColumnType::String => "string".into(),
        ColumnType::Integer => "integer (int64)".into(),
        ColumnType::Date => "date (Date32)".into(),
        ColumnType::Enum(v) => format!("string, one of: {}", v.join(", ")),
    }
}

/// The data dictionary (Markdown), as printed by `newsfacts schema` and written to
/// `schema/README.md`.
pub fn dictionary() -> String {
    let mut s = String::new();
    s.push_str("# newsfacts data dictionary\n\n");
    s.push_str("Generated by `newsfacts schema` from `src/schema.rs` (the single source of truth); `newsfacts check` fails when this file is stale.\n\n");
    s.push_str("Conventions: every table is keyed by `article_id`. Offsets (`start`, `end`, `first_start`) are Unicode code-point offsets, half-open, into `articles.text`: in Python `text[start:end]` is the surface form. Ids `person_id`, `org_id`, `place_id` are slugs of the canonical name, unique within an article. In CSV an empty field is null. Parquet types: strings are Utf8, integers Int64, dates Date32.\n\n");
    for t in TABLES {
        s.push_str(&format!("## {}\n\n{}\n\n", t.name, t.description));
        s.push_str(&format!("Primary key: ({})", t.primary_key.join(", ")));
        for fk in t.foreign_keys {
            s.push_str(&format!(
                "; foreign key ({}) → {}({})",
                fk.fields.join(", "),
                fk.table,
                fk.reference.join(", ")
            ));
        }
        s.push_str(".\n\n| column | type | required | description |\n| --- | --- | --- | --- |\n");
        for c in t.columns {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                type_label(c.ty),
                if c.required { "yes" } else { "no" },
                c.description.replace('|', "\\|")
            ));
        }
        s.push('\n');
    }
    s.push_str(&crate::knowledge::events::vocabulary_markdown());
    s
}

/// The generated files of `schema/`: (file name, content).
pub fn schema_files() -> Vec<(&'static str, String)> {
    vec![
        ("datapackage.json", datapackage_text()),
        ("README.md", dictionary()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_existing_columns() {
        for t in TABLES {
            for k in t.primary_key {
                assert!(t.column_index(k).is_some(), "{}: pk {k}", t.name);
            }
            for fk in t.foreign_keys {
                let other = table(fk.table).expect("referenced table");
                for (f, r) in fk.fields.iter().zip(fk.reference) {
                    assert!(t.column_index(f).is_some(), "{}: fk {f}", t.name);
                    assert!(other.column_index(r).is_some(), "{}: fk ref {r}", t.name);
                }
            }
            assert_eq!(
                t.columns[0].name, "article_id",
                "{} is keyed by article_id",
                t.name
            );
        }
    }

    #[test]
    fn primary_key_columns_are_required() {
        for t in TABLES {
            for k in t.primary_key {
                let c = &t.columns[t.column_index(k).unwrap()];
                assert!(c.required, "{}.{k}", t.name);
            }
        }
    }
}
