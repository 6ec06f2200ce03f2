//! The tables and their columns, declared once as data: the single source of truth.
//!
//! The CSV headers, the Arrow/Parquet schemas, the JSON field order, `datapackage.json` (Frictionless
//! Tabular Data Package) and the data dictionary `schema/README.md` are all derived from [`TABLES`].
//! `newsfacts check` fails when the committed `schema/` differs from what this module generates.
//!
//! Each table is declared by its row struct (the `table!` macro, in the spirit of delta-kernel's
//! `ToSchema` derive): the struct's field list *is* the column list — name, [`Cell`] type (which
//! gives the column type and whether it is required) and description — and both the table's
//! [`Table`] (in [`TABLES`]) and the row's cells ([`TableRow::into_row`]) are generated from it.
//! `crate::model` fills the structs by field name, so no cell is placed by position; reordering
//! two fields reorders the published columns, which the schema tests (and `newsfacts check`)
//! report as a change of the committed `schema/`.

use chrono::NaiveDate;

use crate::vocab::MentionForm;

use serde_json::{json, Value as Json};

use crate::vocab::{
    EntityKind, EventType, LanguageBasis, Modality, OrgKind, ParticipantRole, PlaceKind, QuoteKind,
    SpeakerKind, TimexMod, TimexResolution, TimexType,
};

/// Logical column types. Enum columns are strings restricted to a vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (Utf8).
    String,
    /// A 64-bit integer.
    Integer,
    /// A calendar date (Date32).
    Date,
    /// Text that is one of the listed values.
    Enum(&'static [&'static str]),
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The name (CSV header, JSON field, Parquet column).
    pub name: &'static str,
    /// The logical type.
    pub ty: ColumnType,
    /// Whether every row has a value.
    pub required: bool,
    /// What the column holds (the data dictionary's text).
    pub description: &'static str,
}

/// A foreign key: `fields` of this table refer to `reference` of `table`.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    /// The referring columns of this table.
    pub fields: &'static [&'static str],
    /// The referenced table.
    pub table: &'static str,
    /// The referenced columns, in the order of `fields`.
    pub reference: &'static [&'static str],
}

/// One table: its name, description, columns and keys.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The name (file name of each format).
    pub name: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// The columns, in output order.
    pub columns: &'static [Column],
    /// The primary key's columns.
    pub primary_key: &'static [&'static str],
    /// The foreign keys.
    pub foreign_keys: &'static [ForeignKey],
}

impl Table {
    /// Position of the column named `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

use ColumnType::{Date, Enum, Integer, String as Str};

/// The values of `entity_kind` columns.
pub const ENTITY_KINDS: &[&str] = EntityKind::NAMES;
/// The values of `organizations.org_kind`.
pub const ORG_KINDS: &[&str] = OrgKind::NAMES;
/// The values of `places.place_kind`.
pub const PLACE_KINDS: &[&str] = PlaceKind::NAMES;
/// Forms of the named mentions published in `mentions` (pronouns, role nouns and demonyms are
/// resolved internally but not published: see [`PublishedMentionForm`]).
pub const MENTION_FORMS: &[&str] = PublishedMentionForm::NAMES;
/// The `quotes.quote_kind` vocabulary.
pub const QUOTE_KINDS: &[&str] = QuoteKind::NAMES;
/// The `quotes.speaker_kind` vocabulary.
pub const SPEAKER_KINDS: &[&str] = SpeakerKind::NAMES;
/// The `events.modality` vocabulary.
pub const MODALITIES: &[&str] = Modality::NAMES;
/// The `event_participants.role` vocabulary.
pub const PARTICIPANT_ROLES: &[&str] = crate::vocab::ParticipantRole::NAMES;
/// The `time_expressions.timex_type` vocabulary (TIMEX3 types).
pub const TIMEX_TYPES: &[&str] = TimexType::NAMES;
/// The event vocabulary; definitions, CAMEO and ACE mappings are in `lexicons/event_types.tsv`.
pub const EVENT_TYPES: &[&str] = crate::vocab::EventType::NAMES;

const ARTICLE_FK: ForeignKey = ForeignKey {
    fields: &["article_id"],
    table: "articles",
    reference: &["article_id"],
};

/// `articles.duplicate_of` refers to another article.
const DUPLICATE_FK: ForeignKey = ForeignKey {
    fields: &["duplicate_of"],
    table: "articles",
    reference: &["article_id"],
};

/// The description of a column that several tables share, written once.
macro_rules! desc {
    (article_id) => {
        "Article identifier (from the input: its `id`; a WARC record's `WARC-Record-ID` without its angle brackets; else, for a news-please or NewsAPI record, `url-` and the FNV-1a 64 hash of its URL in hex; else the file name without extension)."
    };
    (start) => {
        "Start offset: Unicode code points into `articles.text`, inclusive."
    };
    (end) => {
        "End offset: Unicode code points into `articles.text`, exclusive; `text[start:end]` in Python is the surface form."
    };
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// No value (an empty CSV field, JSON `null`, a Parquet null).
    Null,
    /// A `String` or `Enum` column's value.
    Str(String),
    /// An `Integer` column's value.
    Int(i64),
    /// A `Date` column's value.
    Date(NaiveDate),
}

impl Value {
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

/// One row: a cell per column, in the table's column order. The writers and the spill file take
/// rows in this form; they are made from the typed row structs by [`TableRow::into_row`].
pub type Row = Vec<Value>;

/// A Rust type that a column can have: the column's logical type and nullability follow from it
/// (`Option<T>` is the optional column of `T`), and a value of it becomes one [`Value`].
pub trait Cell {
    /// The column type.
    const TYPE: ColumnType;
    /// Whether every row has a value (false only for `Option<T>`).
    const REQUIRED: bool = true;
    /// The cell.
    fn into_value(self) -> Value;
}

impl Cell for String {
    const TYPE: ColumnType = Str;
    #[inline]
    fn into_value(self) -> Value {
        Value::Str(self)
    }
}

impl Cell for i64 {
    const TYPE: ColumnType = Integer;
    #[inline]
    fn into_value(self) -> Value {
        Value::Int(self)
    }
}

impl Cell for NaiveDate {
    const TYPE: ColumnType = Date;
    #[inline]
    fn into_value(self) -> Value {
        Value::Date(self)
    }
}

impl<T: Cell> Cell for Option<T> {
    const TYPE: ColumnType = T::TYPE;
    const REQUIRED: bool = false;
    #[inline]
    fn into_value(self) -> Value {
        self.map_or(Value::Null, Cell::into_value)
    }
}

/// The value of a key or reference column (`article_id`, `person_id`, `event_id`, …): a string
/// that cannot be empty, so that a bug cannot write an empty key that validation would accept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

/// An empty string where an [`Id`] was required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptyId;

impl std::fmt::Display for EmptyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an id is empty")
    }
}

impl std::error::Error for EmptyId {}

impl Id {
    /// The id `s`; an empty `s` is an error.
    pub fn new(s: impl Into<String>) -> Result<Id, EmptyId> {
        let s = s.into();
        if s.is_empty() {
            Err(EmptyId)
        } else {
            Ok(Id(s))
        }
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Cell for Id {
    const TYPE: ColumnType = Str;
    #[inline]
    fn into_value(self) -> Value {
        Value::Str(self.0)
    }
}

/// Closed vocabularies are `Enum` columns restricted to their `NAMES`.
macro_rules! vocabulary_cells {
    ($($t:ty),+ $(,)?) => {
        $(
            impl Cell for $t {
                const TYPE: ColumnType = Enum(<$t>::NAMES);
                #[inline]
                fn into_value(self) -> Value {
                    Value::Str(self.as_str().to_string())
                }
            }
        )+
    };
}

vocabulary_cells!(
    EntityKind,
    OrgKind,
    PlaceKind,
    PublishedMentionForm,
    QuoteKind,
    SpeakerKind,
    Modality,
    EventType,
    ParticipantRole,
    LanguageBasis,
    TimexType,
    TimexMod,
    TimexResolution,
);

crate::vocab! {
    /// The forms of the mentions that `mentions` publishes: the named ones. Pronouns, role nouns
    /// ("the secretary") and demonyms ("Chinese") are resolved inside the pipeline (quote
    /// attribution, nationality) but are not name mentions, so the table stays comparable with
    /// named-entity benchmarks and `mention_count` counts names.
    pub enum PublishedMentionForm {
        /// [`MentionForm::FullName`].
        FullName => "full_name",
        /// [`MentionForm::Surname`].
        Surname => "surname",
        /// [`MentionForm::GivenName`].
        GivenName => "given_name",
        /// [`MentionForm::Acronym`].
        Acronym => "acronym",
        /// [`MentionForm::Title`].
        Title => "title",
    }
}

impl PublishedMentionForm {
    /// The published form of a mention of form `form`, or `None` when such mentions are not rows
    /// of `mentions`.
    pub const fn of(form: MentionForm) -> Option<PublishedMentionForm> {
        match form {
            MentionForm::FullName => Some(PublishedMentionForm::FullName),
            MentionForm::Surname => Some(PublishedMentionForm::Surname),
            MentionForm::GivenName => Some(PublishedMentionForm::GivenName),
            MentionForm::Acronym => Some(PublishedMentionForm::Acronym),
            MentionForm::Title => Some(PublishedMentionForm::Title),
            MentionForm::RoleNoun | MentionForm::Pronoun | MentionForm::Demonym => None,
        }
    }
}

impl From<PublishedMentionForm> for MentionForm {
    fn from(form: PublishedMentionForm) -> MentionForm {
        match form {
            PublishedMentionForm::FullName => MentionForm::FullName,
            PublishedMentionForm::Surname => MentionForm::Surname,
            PublishedMentionForm::GivenName => MentionForm::GivenName,
            PublishedMentionForm::Acronym => MentionForm::Acronym,
            PublishedMentionForm::Title => MentionForm::Title,
        }
    }
}

/// A table's row struct: the struct's fields are the table's columns (see the `table!` macro).
pub trait TableRow {
    /// The table, its columns derived from the struct's fields.
    const TABLE: Table;
    /// The table's position in [`TABLES`] (a table missing from `TABLES` fails to compile where
    /// its rows are made).
    const INDEX: usize = {
        let i = table_index(Self::TABLE.name);
        assert!(
            i < TABLES.len(),
            "a row struct's table is missing from TABLES"
        );
        i
    };
    /// The row's cells, in column order.
    fn into_row(self) -> Row;
}

/// Position of the table named `name` in [`TABLES`], or `TABLES.len()` when there is none.
const fn table_index(name: &str) -> usize {
    let mut rest = TABLES;
    let mut i = 0;
    while let [t, tail @ ..] = rest {
        if const_str_eq(t.name, name) {
            return i;
        }
        rest = tail;
        i += 1;
    }
    i
}

const fn const_str_eq(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a, b) {
            ([], []) => return true,
            ([x, xs @ ..], [y, ys @ ..]) if *x == *y => {
                a = xs;
                b = ys;
            }
            _ => return false,
        }
    }
}

/// Declares one table as its row struct: each field is a column, in order, with its name, its
/// type (a [`Cell`]: `String`, [`Id`], `i64`, `NaiveDate`, a vocabulary enum, or `Option` of one
/// for an optional column) and its description. The struct's [`TableRow::TABLE`] (and from it
/// [`TABLES`], the writers' schemas and the data dictionary) and its [`TableRow::into_row`] both
/// come from that one field list, so the published column order and the cells cannot disagree.
macro_rules! table {
    (
        pub struct $row:ident for $name:literal {
            description: $description:expr,
            primary_key: $primary_key:expr,
            foreign_keys: $foreign_keys:expr,
            columns: {
                $( $column:ident : $ty:ty = $desc:expr ),+ $(,)?
            }
        }
    ) => {
        #[doc = concat!("A row of `", $name, "`: ", $description)]
        #[derive(Debug, Clone, PartialEq)]
        pub struct $row {
            $(
                #[doc = $desc]
                pub $column: $ty,
            )+
        }

        impl TableRow for $row {
            const TABLE: Table = Table {
                name: $name,
                description: $description,
                columns: &[$(
                    Column {
                        name: stringify!($column),
                        ty: <$ty as Cell>::TYPE,
                        required: <$ty as Cell>::REQUIRED,
                        description: $desc,
                    }
                ),+],
                primary_key: $primary_key,
                foreign_keys: $foreign_keys,
            };

            #[inline]
            fn into_row(self) -> Row {
                vec![$( Cell::into_value(self.$column) ),+]
            }
        }
    };
}

table! {
    pub struct ArticleRow for "articles" {
        description: "One row per article: metadata and the cleaned text that every offset in the dataset points into.",
        primary_key: &["article_id"],
        foreign_keys: &[DUPLICATE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            title: Option<String> = "Headline.",
            source: Option<String> = "Publisher of the page the text was taken from.",
            original_source: Option<String> = "Organization that did the original reporting, when it differs from the publisher (syndication).",
            authors: Option<String> = "Authors, separated by \"; \".",
            url: Option<String> = "URL of the article: the page's canonical link (HTML), as given (JSONL, sidecar), or the address fetched (WARC: `WARC-Target-URI`).",
            published: Option<NaiveDate> = "Publication date (ISO 8601). Relative dates in `events` are resolved against it.",
            crawl_date: Option<NaiveDate> = "Date the page was crawled (WARC input: the UTC date of `WARC-Date`), not the publication date; empty for other inputs.",
            language: String = "Language of `text`: an ISO 639-1 code (\"en\", \"de\"; a declared language without one keeps its ISO 639-3 code). Only English articles have rows in the other tables (unless exported with `--all-languages`).",
            declared_language: Option<String> = "The language the input declared: the `language` field (JSONL, sidecar, news-please) as written, or the primary subtag of an HTML page's `<html lang>`; empty when none was declared.",
            language_basis: LanguageBasis = "How `language` was decided: `detected` from the text (its first 2,000 bytes); `declared` when the text was too short or too mixed to tell and the input declared a language; `assumed` (English) when it was too short to tell and nothing was declared.",
            text: String = "Cleaned article text (page noise removed, paragraphs separated by a newline).",
            text_sha256: String = "SHA-256 of `text` (UTF-8), lowercase hex.",
            char_count: i64 = "Length of `text` in Unicode code points.",
            word_count: i64 = "Number of word and number tokens in `text`.",
            paragraph_count: i64 = "Number of paragraphs in `text`.",
            sentence_count: i64 = "Number of sentences in `text`.",
            duplicate_of: Option<Id> = "Null, or the `article_id` of the earliest article (smallest `article_id`) whose text this one nearly duplicates (a syndicated copy): estimated Jaccard similarity of word 5-shingles at least 0.8, from a 64-bin MinHash. Only articles of the same export are compared. Drop the rows where it is set to count each story once.",
        }
    }
}

table! {
    pub struct PersonRow for "people" {
        description: "One row per person named in an article (mentions of the same person merged by coreference).",
        primary_key: &["article_id", "person_id"],
        foreign_keys: &[ARTICLE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            person_id: Id = "Slug of the canonical name; unique within the article, so the same person joins across articles.",
            name: String = "Canonical full name: the fullest form the article gives.",
            role: Option<String> = "Title or role as written on the first mention that has one (e.g. \"Commerce Secretary\").",
            country: Option<String> = "Nationality or country the article states for the person (e.g. \"Chinese Ambassador\" gives China).",
            mention_count: i64 = "Number of rows in `mentions` for this person.",
            first_start: i64 = "Start offset (code points) of the first mention.",
        }
    }
}

table! {
    pub struct OrganizationRow for "organizations" {
        description: "One row per organization named in an article.",
        primary_key: &["article_id", "org_id"],
        foreign_keys: &[ARTICLE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            org_id: Id = "Slug of the canonical name; unique within the article.",
            name: String = "Canonical name: the fullest form the article gives.",
            acronym: Option<String> = "Acronym, when the article gives one or the lexicon knows it.",
            org_kind: OrgKind = "Kind of organization, from the words of its name or a list of well-known organizations: government (executive body, agency, regulator), legislature (a chamber or its committee), court, police, military, company, sports (club, team, league, governing body), media, academic, ngo (charity, association, union, foundation), international, political_party, religious, other (no kind word).",
            country: Option<String> = "Country the organization belongs to, when stated or known (e.g. \"China’s Foreign Ministry\").",
            mention_count: i64 = "Number of rows in `mentions` for this organization.",
            first_start: i64 = "Start offset (code points) of the first mention.",
        }
    }
}

table! {
    pub struct PlaceRow for "places" {
        description: "One row per place (country, city, region) named in an article.",
        primary_key: &["article_id", "place_id"],
        foreign_keys: &[ARTICLE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            place_id: Id = "Slug of the canonical name; unique within the article.",
            name: String = "Canonical name.",
            place_kind: PlaceKind = "Kind of place.",
            mention_count: i64 = "Number of rows in `mentions` for this place (named mentions; adjectival forms such as \"Chinese\" are not counted).",
            first_start: i64 = "Start offset (code points) of the first mention.",
        }
    }
}

table! {
    pub struct MentionRow for "mentions" {
        description: "Every textual mention of a person, organization or place, linked to its entity row.",
        primary_key: &["article_id", "mention_id"],
        foreign_keys: &[ARTICLE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            mention_id: Id = "Mention identifier, unique within the article (ordered by position).",
            entity_kind: EntityKind = "Which table `entity_id` refers to: people, organizations or places.",
            entity_id: Id = "person_id, org_id or place_id, according to `entity_kind`.",
            start: i64 = desc!(start),
            end: i64 = desc!(end),
            text: String = "Surface form: exactly `articles.text[start:end]`.",
            sentence_index: i64 = "0-based sentence number within the article.",
            paragraph_index: i64 = "0-based paragraph number within the article.",
            mention_form: PublishedMentionForm = "How the mention refers to the entity.",
            title: Option<String> = "Title or role written directly before the name (\"Commerce Secretary\").",
        }
    }
}

table! {
    pub struct AffiliationRow for "affiliations" {
        description: "Person → organization and/or place links stated in the article (appositives, title phrases, nationality), with the evidence span.",
        primary_key: &["article_id", "affiliation_id"],
        foreign_keys: &[
            ARTICLE_FK,
            ForeignKey { fields: &["article_id", "person_id"], table: "people", reference: &["article_id", "person_id"] },
        ],
        columns: {
            article_id: Id = desc!(article_id),
            affiliation_id: Id = "Identifier, unique within the article.",
            person_id: Id = "The person (people.person_id).",
            org_id: Option<Id> = "The organization (organizations.org_id), if any.",
            place_id: Option<Id> = "The place (places.place_id), e.g. a stated nationality, if any.",
            role: Option<String> = "Role or title in that organization, as written.",
            start: i64 = desc!(start),
            end: i64 = desc!(end),
            text: String = "Evidence: `articles.text[start:end]`.",
        }
    }
}

table! {
    pub struct QuoteRow for "quotes" {
        description: "Direct, partial and reported (indirect) speech with its speaker.",
        primary_key: &["article_id", "quote_id"],
        foreign_keys: &[ARTICLE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            quote_id: Id = "Quote identifier, unique within the article (ordered by position).",
            text: String = "The quoted or reported words: `articles.text[start:end]` (without quotation marks).",
            start: i64 = desc!(start),
            end: i64 = desc!(end),
            quote_kind: QuoteKind = "direct: a quotation in marks; partial: a quoted fragment inside the writer's sentence; indirect: reported speech.",
            speaker_kind: SpeakerKind = "Who said it. person / organization: `speaker_id` is a `person_id` / `org_id` (\"Maria Lopez said\", \"she said\" after her, \"Acme Corp. said\"); unnamed: a speaker in the text with no row, a described source or group (\"a U.S. official\", \"prosecutors\") a pronoun without a named antecedent, or a name not linked to a row, `speaker_id` empty; none: no speaker in the text, `speaker_id` and `speaker_text` empty.",
            speaker_id: Option<Id> = "person_id or org_id according to `speaker_kind`.",
            speaker_text: Option<String> = "The speaker phrase as written (\"a U.S. official\", \"she\", \"Lopez\"); empty exactly when `speaker_kind` is none.",
            cue: Option<String> = "The reporting verb or noun (\"said\", \"according to\").",
            paragraph_index: i64 = "0-based paragraph of the quote's start.",
        }
    }
}

table! {
    pub struct TimeExpressionRow for "time_expressions" {
        description: "Every time expression of the text (TIMEX3 types DATE, TIME, DURATION, SET), normalized against the publication date.",
        primary_key: &["article_id", "timex_id"],
        foreign_keys: &[ARTICLE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            timex_id: Id = "Time expression identifier, unique within the article, in text order (`t001`, `t002`, …).",
            text: String = "The expression as written: `articles.text[start:end]` (\"last Tuesday\", \"about two years\", \"3 p.m. Friday\"); a preposition before it (\"on\", \"in\") is not part of it.",
            start: i64 = desc!(start),
            end: i64 = desc!(end),
            timex_type: TimexType = "TIMEX3 type: DATE (a day or period: \"May 4\", \"last week\", \"2013\", \"currently\"), TIME (a time of day: \"3 p.m.\", \"Friday morning\", \"tonight\"), DURATION (a length: \"three days\", \"the past two weeks\"), SET (a recurrence: \"every week\", \"weekly\", \"15 a year\").",
            value: Option<String> = "TIMEX3 value, relative expressions resolved against `articles.published`: 2013-05-04 (a day), 2013-W18 (a week), 2013-W18-WE (a weekend), 2013-05, 2013, 201 (the 2010s), 2013-Q2, 2013-SU, 2013-05-03TNI (Friday night), 2013-05-03T15:00 (3 p.m. Friday; `Z` after UTC/GMT), P3D, PT2H, P10Y (a decade), PXY (\"several years\"), PRESENT_REF / PAST_REF / FUTURE_REF (\"currently\", \"recently\", \"soon\"), XXXX-WXX-2 (every Tuesday). Without a publication date a relative expression keeps the fields the text gives and X for the others (XXXX-05-10, XXXX-05, XXXX-WXX-2, XXXX-XX-XXT15:00) or is null (\"last week\"); see `resolution`.",
            resolution: TimexResolution = "How `value` was obtained: absolute (the text gives it: \"March 3, 2021\", \"three days\"), published (relative, resolved against `articles.published`: \"last Tuesday\", \"Jan. 14\"), unresolved (relative and the article has no publication date).",
            date_start: Option<NaiveDate> = "First day the expression covers (a day: that day; \"May 2013\": 2013-05-01; \"the past two weeks\": two weeks before the publication date); null for lengths and recurrences and when unresolved.",
            date_end: Option<NaiveDate> = "Last day the expression covers, inclusive (\"May 2013\": 2013-05-31; \"late May\": days 21-31); null when open or unknown.",
            timex_mod: Option<TimexMod> = "TIMEX3 `mod` when the text gives one: START (\"early May\", \"the beginning of the year\"), MID (\"mid-March\"), END (\"late 2012\", \"the end of next month\"), APPROX (\"about two years\", \"around noon\"), LESS_THAN (\"nearly five months\", \"less than a week\"), MORE_THAN (\"more than a year\", \"over a decade\"), EQUAL_OR_LESS (\"up to three days\"), EQUAL_OR_MORE (\"at least two weeks\"). `date_start`/`date_end` are narrowed by START/MID/END (thirds of the period).",
        }
    }
}

table! {
    pub struct EventRow for "events" {
        description: "One row per reported happening (repeated mentions merged), typed from a controlled vocabulary.",
        primary_key: &["article_id", "event_id"],
        foreign_keys: &[ARTICLE_FK],
        columns: {
            article_id: Id = desc!(article_id),
            event_id: Id = "Event identifier, unique within the article (ordered by first mention).",
            event_type: EventType = "Event type; definitions and CAMEO/ACE mappings in schema/README.md.",
            trigger: String = "The trigger word or phrase of the first mention: `articles.text[start:end]`.",
            start: i64 = desc!(start),
            end: i64 = desc!(end),
            timex_id: Option<Id> = "When it happened: the time expression that dates it (time_expressions.timex_id of the same article; null when undated, so like `place_id` it is not a declared foreign key: a composite key with a null part fails Frictionless validation); `date_text`, `date_value`, `date_start` and `date_end` repeat that row's `text`, `value`, `date_start` and `date_end`.",
            date_text: Option<String> = "The time expression as written (\"Sunday\", \"early next month\").",
            date_value: Option<String> = "TIMEX3 value: 2023, 2023-05, 2023-05-21, 2023-05-21TEV (null when unresolvable).",
            date_start: Option<NaiveDate> = "First day covered by the time expression.",
            date_end: Option<NaiveDate> = "Last day covered by the time expression.",
            place_id: Option<Id> = "Where it happened (places.place_id).",
            modality: Modality = "occurred, planned, hypothetical, negated or cancelled.",
            sentence_index: i64 = "0-based sentence of the first mention.",
            sentence: String = "The sentence of the first mention; a sentence over 1,000 bytes is cut to about 1,000 bytes around the trigger, with … marking each cut.",
        }
    }
}

table! {
    pub struct EventParticipantRow for "event_participants" {
        description: "People and organizations (and places acting as agents) taking part in an event, with their role.",
        primary_key: &["article_id", "event_id", "entity_kind", "entity_id", "role"],
        foreign_keys: &[
            ARTICLE_FK,
            ForeignKey { fields: &["article_id", "event_id"], table: "events", reference: &["article_id", "event_id"] },
        ],
        columns: {
            article_id: Id = desc!(article_id),
            event_id: Id = "The event (events.event_id).",
            entity_kind: EntityKind = "Which table `entity_id` refers to.",
            entity_id: Id = "person_id, org_id or place_id.",
            role: ParticipantRole = "Participant role.",
        }
    }
}

table! {
    pub struct EventMentionRow for "event_mentions" {
        description: "Every textual mention of an event (an event row is one happening; this table keeps each reference to it).",
        primary_key: &["article_id", "event_id", "start"],
        foreign_keys: &[
            ARTICLE_FK,
            ForeignKey { fields: &["article_id", "event_id"], table: "events", reference: &["article_id", "event_id"] },
        ],
        columns: {
            article_id: Id = desc!(article_id),
            event_id: Id = "The event (events.event_id).",
            start: i64 = desc!(start),
            end: i64 = desc!(end),
            text: String = "Trigger text: `articles.text[start:end]`.",
        }
    }
}

/// Every table, in the order of the output (the CSV, JSON and Parquet files, `datapackage.json`
/// and the data dictionary list them in this order).
pub const TABLES: &[Table] = &[
    ArticleRow::TABLE,
    PersonRow::TABLE,
    OrganizationRow::TABLE,
    PlaceRow::TABLE,
    MentionRow::TABLE,
    AffiliationRow::TABLE,
    QuoteRow::TABLE,
    TimeExpressionRow::TABLE,
    EventRow::TABLE,
    EventParticipantRow::TABLE,
    EventMentionRow::TABLE,
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
        "description": "People, organizations, places, quotes, time expressions and events extracted from news articles by newsfacts. Offsets are Unicode code points into articles.text, half-open.",
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

    /// The committed `schema/` is the published column order: a reordered field list in a
    /// `table!` declaration (two columns of the same type swapped, say) fails here.
    #[test]
    fn the_declarations_generate_the_committed_schema() {
        assert_eq!(
            datapackage_text(),
            include_str!("../schema/datapackage.json"),
            "run `newsfacts schema --write` if the change is intended"
        );
        assert_eq!(dictionary(), include_str!("../schema/README.md"));
    }

    #[test]
    fn each_row_struct_is_its_table_in_tables() {
        fn check<R: TableRow>() {
            let t = &TABLES[R::INDEX];
            assert_eq!(t.name, R::TABLE.name);
            let names = |t: &Table| t.columns.iter().map(|c| c.name).collect::<Vec<_>>();
            assert_eq!(names(t), names(&R::TABLE));
        }
        check::<ArticleRow>();
        check::<PersonRow>();
        check::<OrganizationRow>();
        check::<PlaceRow>();
        check::<MentionRow>();
        check::<AffiliationRow>();
        check::<QuoteRow>();
        check::<TimeExpressionRow>();
        check::<EventRow>();
        check::<EventParticipantRow>();
        check::<EventMentionRow>();
        assert_eq!(TABLES.len(), 11);
        assert_eq!(table_index("quotes"), 6);
        assert_eq!(table_index("time_expressions"), 7);
        assert_eq!(table_index("nope"), TABLES.len());
    }

    #[test]
    fn a_row_has_each_field_in_its_column() {
        let row = EventMentionRow {
            article_id: Id::new("a1").unwrap(),
            event_id: Id::new("e001").unwrap(),
            start: 3,
            end: 7,
            text: "said".into(),
        };
        let t = table("event_mentions").unwrap();
        let cells = row.into_row();
        let at = |c: &str| &cells[t.column_index(c).unwrap()];
        assert_eq!(*at("article_id"), Value::Str("a1".into()));
        assert_eq!(*at("event_id"), Value::Str("e001".into()));
        assert_eq!(*at("start"), Value::Int(3));
        assert_eq!(*at("end"), Value::Int(7));
        assert_eq!(*at("text"), Value::Str("said".into()));
    }

    #[test]
    fn column_types_follow_the_field_types() {
        let t = table("events").unwrap();
        let col = |c: &str| t.columns[t.column_index(c).unwrap()];
        assert_eq!(col("event_id").ty, ColumnType::String);
        assert!(col("event_id").required);
        assert_eq!(col("place_id").ty, ColumnType::String);
        assert!(!col("place_id").required);
        assert_eq!(col("event_type").ty, ColumnType::Enum(EVENT_TYPES));
        assert_eq!(col("modality").ty, ColumnType::Enum(Modality::NAMES));
        assert_eq!(col("date_start").ty, ColumnType::Date);
        assert_eq!(col("start").ty, ColumnType::Integer);
        let m = table("mentions").unwrap();
        assert_eq!(
            m.columns[m.column_index("mention_form").unwrap()].ty,
            ColumnType::Enum(MENTION_FORMS)
        );
    }

    #[test]
    fn published_mention_forms_are_a_subset_of_mention_forms() {
        let published: Vec<MentionForm> = MentionForm::ALL
            .iter()
            .copied()
            .filter(|&f| PublishedMentionForm::of(f).is_some())
            .collect();
        assert_eq!(published.len(), PublishedMentionForm::ALL.len());
        for (&p, f) in PublishedMentionForm::ALL.iter().zip(published) {
            assert_eq!(MentionForm::from(p), f);
            assert_eq!(PublishedMentionForm::of(f), Some(p));
            assert_eq!(p.as_str(), f.as_str());
        }
        assert_eq!(PublishedMentionForm::of(MentionForm::Pronoun), None);
    }

    #[test]
    fn ids_are_never_empty_and_listed_vocabularies_are_closed() {
        assert_eq!(Id::new(""), Err(EmptyId));
        assert_eq!(
            Id::new("x").map(|i| i.as_str().to_string()),
            Ok("x".to_string())
        );
        assert_eq!(
            "visit".parse::<EventType>().map(EventType::as_str),
            Ok("visit")
        );
        assert_eq!(
            "picnic".parse::<EventType>().unwrap_err().vocabulary(),
            "EventType"
        );
        assert!("host".parse::<ParticipantRole>().is_ok());
        assert!("guest".parse::<ParticipantRole>().is_err());
    }

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
