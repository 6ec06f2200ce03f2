//! The output tables as typed rows: one struct per table of `newsfacts::schema::TABLES`, with the
//! columns in schema order, deserialized from `json/<table>.json`.
//!
//! Every struct denies unknown fields, and every nullable column is an `Option` that must still
//! be present (as `null`), so a column renamed, added or removed in the output fails to read.
//! [`tests::rows_declare_the_schema_columns_in_order`] checks the field lists against the schema.
//! Enum columns are strings here; [`super::invariants`] checks them against the schema's
//! vocabularies.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// A typed row of one output table.
pub trait TableRow: DeserializeOwned + Serialize + Ord + Clone + std::fmt::Debug {
    /// The table's name in `newsfacts::schema`.
    const NAME: &'static str;
}

/// Declares one row struct per table (`table: Struct { column: Type, ... }`, fields in column
/// order, `Option<_>` for nullable columns) and the [`Dataset`] holding them all.
macro_rules! rows {
    ($(
        $(#[$doc:meta])*
        $table:ident: $name:ident {
            $($field:ident : $ty:ty),* $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct $name {
                $(
                    #[serde(deserialize_with = "key_required")]
                    pub $field: $ty,
                )*
            }
            impl TableRow for $name {
                const NAME: &'static str = stringify!($table);
            }
        )*

        /// Every output table of one export, typed.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Dataset {
            $(
                #[doc = concat!("The rows of `", stringify!($table), "`.")]
                pub $table: Vec<$name>,
            )*
        }

        impl Dataset {
            /// Reads every table of the JSON output in `dir`.
            pub fn read(dir: &Path) -> Dataset {
                Dataset { $($table: super::read_table(dir),)* }
            }
            /// Each table's name with its rows as JSON records (for the schema-driven checks).
            pub fn records(&self) -> Vec<(&'static str, Vec<serde_json::Map<String, serde_json::Value>>)> {
                vec![$((stringify!($table), to_records(&self.$table)),)*]
            }
            /// The rows of `self` followed by those of `other`, table by table.
            pub fn concat(mut self, other: Dataset) -> Dataset {
                $(self.$table.extend(other.$table);)*
                self
            }
            /// The same dataset with the rows of every table sorted.
            pub fn sorted(mut self) -> Dataset {
                $(self.$table.sort();)*
                self
            }
            /// The names of the tables whose rows differ between `self` and `other`.
            pub fn differing_tables(&self, other: &Dataset) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(if self.$table != other.$table { out.push(stringify!($table)); })*
                out
            }
            /// Every table's name with its declared fields, in order.
            pub fn fields() -> Vec<(&'static str, &'static [&'static str])> {
                vec![$((stringify!($table), fields_of::<$name>()),)*]
            }
        }
    };
}

/// Deserializes any column with its key required: even for an `Option<T>` (nullable) column,
/// because a field with `deserialize_with` has no implicit default (a missing key is an error).
fn key_required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    T::deserialize(d)
}

fn to_records<T: Serialize>(rows: &[T]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    rows.iter()
        .map(|r| match serde_json::to_value(r).expect("serialize row") {
            serde_json::Value::Object(m) => m,
            v => panic!("row serialized to {v}"),
        })
        .collect()
}

rows! {
    /// `articles`: one row per article.
    articles: Article {
        article_id: String,
        title: Option<String>,
        source: Option<String>,
        original_source: Option<String>,
        authors: Option<String>,
        url: Option<String>,
        published: Option<String>,
        crawl_date: Option<String>,
        language: String,
        declared_language: Option<String>,
        language_basis: String,
        text: String,
        text_sha256: String,
        char_count: usize,
        word_count: usize,
        paragraph_count: usize,
        sentence_count: usize,
        duplicate_of: Option<String>,
    }
    /// `people`: one row per person.
    people: Person {
        article_id: String,
        person_id: String,
        name: String,
        role: Option<String>,
        country: Option<String>,
        mention_count: usize,
        first_start: usize,
    }
    /// `organizations`: one row per organization.
    organizations: Organization {
        article_id: String,
        org_id: String,
        name: String,
        acronym: Option<String>,
        org_kind: String,
        country: Option<String>,
        mention_count: usize,
        first_start: usize,
    }
    /// `places`: one row per place.
    places: Place {
        article_id: String,
        place_id: String,
        name: String,
        place_kind: String,
        mention_count: usize,
        first_start: usize,
    }
    /// `mentions`: every named mention of an entity.
    mentions: Mention {
        article_id: String,
        mention_id: String,
        entity_kind: String,
        entity_id: String,
        start: usize,
        end: usize,
        text: String,
        sentence_index: usize,
        paragraph_index: usize,
        mention_form: String,
        title: Option<String>,
    }
    /// `affiliations`: person → organization / place links.
    affiliations: Affiliation {
        article_id: String,
        affiliation_id: String,
        person_id: String,
        org_id: Option<String>,
        place_id: Option<String>,
        role: Option<String>,
        start: usize,
        end: usize,
        text: String,
    }
    /// `quotes`: direct, partial and indirect speech.
    quotes: Quote {
        article_id: String,
        quote_id: String,
        text: String,
        start: usize,
        end: usize,
        quote_kind: String,
        speaker_kind: String,
        speaker_id: Option<String>,
        speaker_text: Option<String>,
        cue: Option<String>,
        paragraph_index: usize,
    }
    /// `time_expressions`: every time expression of the text.
    time_expressions: TimeExpression {
        article_id: String,
        timex_id: String,
        text: String,
        start: usize,
        end: usize,
        timex_type: String,
        value: Option<String>,
        resolution: String,
        date_start: Option<String>,
        date_end: Option<String>,
        timex_mod: Option<String>,
    }
    /// `events`: one row per happening.
    events: Event {
        article_id: String,
        event_id: String,
        event_type: String,
        trigger: String,
        start: usize,
        end: usize,
        timex_id: Option<String>,
        date_text: Option<String>,
        date_value: Option<String>,
        date_start: Option<String>,
        date_end: Option<String>,
        place_id: Option<String>,
        modality: String,
        sentence_index: usize,
        sentence: String,
    }
    /// `event_participants`: who takes part in an event, in which role.
    event_participants: EventParticipant {
        article_id: String,
        event_id: String,
        entity_kind: String,
        entity_id: String,
        role: String,
    }
    /// `event_mentions`: every textual mention of an event.
    event_mentions: EventMention {
        article_id: String,
        event_id: String,
        start: usize,
        end: usize,
        text: String,
    }
}

/// The field names serde derives for `T`, in declaration order (read from the `fields` that
/// `Deserialize` passes to `deserialize_struct`).
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Fields<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Fields<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(serde::de::Error::custom("fields read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_declare_the_schema_columns_in_order() {
        let typed = Dataset::fields();
        let schema: Vec<&str> = newsfacts::schema::TABLES.iter().map(|t| t.name).collect();
        let names: Vec<&str> = typed.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            names, schema,
            "one row struct per schema table, in schema order"
        );
        for (name, fields) in typed {
            let t = newsfacts::schema::table(name).expect("schema table");
            let columns: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
            assert_eq!(
                fields,
                columns.as_slice(),
                "{name}: fields vs schema columns"
            );
        }
    }

    #[test]
    fn nullable_columns_are_option_and_required_ones_are_not() {
        // serializing a row whose options are all None gives null exactly in the nullable columns
        let a: Article = serde_json::from_value(serde_json::json!({
            "article_id": "a", "title": null, "source": null, "original_source": null,
            "authors": null, "url": null, "published": null, "crawl_date": null, "language": "en",
            "declared_language": null, "language_basis": "assumed", "text": "t",
            "text_sha256": "h", "char_count": 1, "word_count": 1, "paragraph_count": 1,
            "sentence_count": 1, "duplicate_of": null,
        }))
        .expect("a complete row reads");
        let rec = serde_json::to_value(&a).expect("serialize");
        let t = newsfacts::schema::table("articles").expect("articles");
        for c in t.columns {
            assert_eq!(rec[c.name].is_null(), !c.required, "articles.{}", c.name);
        }
    }

    #[test]
    fn a_missing_renamed_or_extra_column_fails_to_read() {
        let good = serde_json::json!({
            "article_id": "a", "event_id": "e001", "start": 0, "end": 3, "text": "met",
        });
        assert!(serde_json::from_value::<EventMention>(good.clone()).is_ok());
        let mut extra = good.clone();
        extra["sentence"] = "x".into();
        assert!(serde_json::from_value::<EventMention>(extra).is_err());
        let mut renamed = good.clone();
        let v = renamed
            .as_object_mut()
            .expect("object")
            .remove("text")
            .expect("text");
        renamed["surface"] = v;
        assert!(serde_json::from_value::<EventMention>(renamed).is_err());
        // a nullable column must be present too (as null)
        let quote = serde_json::json!({
            "article_id": "a", "quote_id": "q001", "text": "x", "start": 0, "end": 1,
            "quote_kind": "direct", "speaker_kind": "none", "speaker_id": null,
            "speaker_text": null, "cue": null, "paragraph_index": 0,
        });
        assert!(serde_json::from_value::<Quote>(quote.clone()).is_ok());
        let mut missing = quote;
        missing.as_object_mut().expect("object").remove("cue");
        assert!(serde_json::from_value::<Quote>(missing).is_err());
    }
}
