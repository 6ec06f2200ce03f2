//! The article fields of JSONL lines and `.meta.json` sidecars: one serde struct for both, and
//! one set of rules for them.
//!
//! Fields: `id` (string or integer), `text` (JSONL only), `title`, `source`, `original_source`,
//! `authors` (array of strings, or one string), `url`, `published` (ISO date), `language`, and
//! `_comment` (free-form notes, ignored). `null` is the same as a missing field, except for
//! `id` and `text`.
//!
//! **Unknown fields** are the same policy for both inputs: the article is read and exported, and
//! each unknown name is reported as a warning naming the file, the line and the field (see
//! [`crate::error::ErrorKind::UnknownField`]). A JSONL file gets one warning per unknown name,
//! on the first line that has it, with the number of other lines that do too (annotated corpora
//! repeat the same extra fields on every line); at most [`MAX_UNKNOWN_NAMES`] names are
//! reported per file.
//!
//! A line is parsed straight into [`ArticleFields`], with no JSON tree in between: strings
//! without escapes are borrowed from the line, unknown values are skipped (still checked to be
//! well-formed JSON, exactly as strictly as a full parse), and types are checked afterwards, field
//! by field in a fixed order, so the first problem reported does not depend on key order.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::parse_date;
use crate::document::{ArticleMeta, Origin};

/// Distinct unknown field names reported per JSONL file.
pub const MAX_UNKNOWN_NAMES: usize = 32;

/// A known field's value, as loosely as it was written; its type is checked later.
#[derive(Debug, Default)]
pub(crate) enum Field<'a> {
    /// Not in the object.
    #[default]
    Missing,
    /// `null`.
    Null,
    /// A string.
    Str(Cow<'a, str>),
    /// A number.
    Number(serde_json::Number),
    /// An array: its string elements (others dropped).
    List(Vec<Cow<'a, str>>),
    /// `true`, `false` or an object.
    Other,
}

/// The fields of one JSON object (a JSONL line or a sidecar).
#[derive(Debug, Default)]
pub(crate) struct ArticleFields<'a> {
    id: Field<'a>,
    text: Field<'a>,
    title: Field<'a>,
    source: Field<'a>,
    original_source: Field<'a>,
    authors: Field<'a>,
    url: Field<'a>,
    published: Field<'a>,
    language: Field<'a>,
    /// Names of the fields that are not known, in the order written.
    pub(crate) unknown: Vec<Cow<'a, str>>,
}

/// A parsed JSON value: an object's fields, or something else.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one short-lived value per parsed line, never stored or moved around"
)]
pub(crate) enum Parsed<'a> {
    /// A JSON object.
    Object(ArticleFields<'a>),
    /// Valid JSON that is not an object.
    NotObject,
}

/// Parses one JSON value (a whole JSONL line or sidecar file).
pub(crate) fn parse(s: &str) -> Result<Parsed<'_>, serde_json::Error> {
    serde_json::from_str(s)
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Required and missing.
    Missing,
    /// Not a string.
    NotString,
    /// Not a string or an integer (`id`).
    NotId,
    /// Not an array of strings.
    NotStrings,
    /// Not an ISO date (the value as written).
    NotIsoDate(String),
}

/// A field with a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The field's name.
    pub(crate) field: &'static str,
    /// What is wrong.
    pub(crate) problem: Problem,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = self.field;
        match &self.problem {
            Problem::Missing => write!(f, "missing `{k}`"),
            Problem::NotString => write!(f, "`{k}` must be a string"),
            Problem::NotId => write!(f, "`{k}` must be a string or an integer"),
            Problem::NotStrings => write!(f, "`{k}` must be an array of strings"),
            Problem::NotIsoDate(p) => write!(f, "`{k}` is not an ISO date: {p:?}"),
        }
    }
}

impl FieldError {
    /// A required field that is missing.
    pub(crate) fn missing(field: &'static str) -> FieldError {
        problem(field, Problem::Missing)
    }
}

fn problem(field: &'static str, problem: Problem) -> FieldError {
    FieldError { field, problem }
}

/// An optional string field: missing and `null` are `None`.
fn optional(field: &'static str, v: Field<'_>) -> Result<Option<String>, FieldError> {
    match v {
        Field::Missing | Field::Null => Ok(None),
        Field::Str(s) => Ok(Some(s.into_owned())),
        _ => Err(problem(field, Problem::NotString)),
    }
}

impl<'a> ArticleFields<'a> {
    /// The `id`: a string, or an integer written as text; `None` when missing.
    pub(crate) fn take_id(&mut self) -> Result<Option<String>, FieldError> {
        match std::mem::take(&mut self.id) {
            Field::Missing => Ok(None),
            Field::Str(s) => Ok(Some(s.into_owned())),
            Field::Number(n) => Ok(Some(n.to_string())),
            _ => Err(problem("id", Problem::NotId)),
        }
    }

    /// The `text`: a string (`null` is not one); `None` when missing.
    pub(crate) fn take_text(&mut self) -> Result<Option<String>, FieldError> {
        match std::mem::take(&mut self.text) {
            Field::Missing => Ok(None),
            Field::Str(s) => Ok(Some(s.into_owned())),
            _ => Err(problem("text", Problem::NotString)),
        }
    }

    /// Whether the object has a `text` field (not one of a sidecar's).
    pub(crate) fn has_text(&self) -> bool {
        !matches!(self.text, Field::Missing)
    }

    /// The metadata of article `id`, checked in a fixed order: `published`, `authors`, `title`,
    /// `source`, `original_source`, `url`, `language` (default "en").
    pub(crate) fn into_meta(self, id: String, origin: Origin) -> Result<ArticleMeta, FieldError> {
        let published = match optional("published", self.published)? {
            Some(p) => {
                Some(parse_date(&p).ok_or_else(|| problem("published", Problem::NotIsoDate(p)))?)
            }
            None => None,
        };
        let authors = match self.authors {
            Field::Missing | Field::Null => Vec::new(),
            Field::List(a) => a.into_iter().map(Cow::into_owned).collect(),
            Field::Str(s) => vec![s.into_owned()],
            _ => return Err(problem("authors", Problem::NotStrings)),
        };
        Ok(ArticleMeta {
            title: optional("title", self.title)?,
            source: optional("source", self.source)?,
            original_source: optional("original_source", self.original_source)?,
            authors,
            url: optional("url", self.url)?,
            published,
            crawl_date: None,
            language: optional("language", self.language)?.unwrap_or_else(|| "en".into()),
            origin,
            id,
        })
    }
}

/// The 1-based line of the key `"name"` in `text` (a sidecar), if it is written plainly.
pub(crate) fn key_line(text: &str, name: &str) -> Option<u64> {
    let quoted = format!("\"{name}\"");
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find(&quoted)) {
        let at = from + i;
        let after = text.get(at + quoted.len()..).unwrap_or("");
        if after.trim_start().starts_with(':') {
            let before = text.get(..at).unwrap_or("");
            return Some(before.bytes().filter(|&b| b == b'\n').count() as u64 + 1);
        }
        from = at + quoted.len();
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Deserialization

/// A string borrowed from the input when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Any JSON value, checked as strictly as a full parse (numbers in range, escapes valid) and
/// dropped.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_none<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

impl<'de> Deserialize<'de> for Field<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Field<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Field<'de>, E> {
                Ok(Field::Other)
            }
            fn visit_i64<E>(self, v: i64) -> Result<Field<'de>, E> {
                Ok(Field::Number(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Field<'de>, E> {
                Ok(Field::Number(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Field<'de>, E> {
                Ok(serde_json::Number::from_f64(v).map_or(Field::Other, Field::Number))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Field<'de>, E> {
                Ok(Field::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Field<'de>, E> {
                Ok(Field::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Field<'de>, E> {
                Ok(Field::Str(Cow::Owned(v)))
            }
            fn visit_unit<E>(self) -> Result<Field<'de>, E> {
                Ok(Field::Null)
            }
            fn visit_none<E>(self) -> Result<Field<'de>, E> {
                Ok(Field::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<Field<'de>>()? {
                    if let Field::Str(s) = v {
                        out.push(s);
                    }
                }
                Ok(Field::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field<'de>, A::Error> {
                SkipVisitor.visit_map(map).map(|_| Field::Other)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Parsed<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Parsed<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Parsed<'de>, E> {
                Ok(Parsed::NotObject)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Parsed<'de>, E> {
                Ok(Parsed::NotObject)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Parsed<'de>, E> {
                Ok(Parsed::NotObject)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Parsed<'de>, E> {
                Ok(Parsed::NotObject)
            }
            fn visit_str<E>(self, _: &str) -> Result<Parsed<'de>, E> {
                Ok(Parsed::NotObject)
            }
            fn visit_unit<E>(self) -> Result<Parsed<'de>, E> {
                Ok(Parsed::NotObject)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Parsed<'de>, A::Error> {
                SkipVisitor.visit_seq(seq).map(|_| Parsed::NotObject)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed<'de>, A::Error> {
                let mut f = ArticleFields::default();
                while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
                    let slot = match k.as_ref() {
                        "id" => &mut f.id,
                        "text" => &mut f.text,
                        "title" => &mut f.title,
                        "source" => &mut f.source,
                        "original_source" => &mut f.original_source,
                        "authors" => &mut f.authors,
                        "url" => &mut f.url,
                        "published" => &mut f.published,
                        "language" => &mut f.language,
                        "_comment" => {
                            map.next_value::<Skip>()?;
                            continue;
                        }
                        _ => {
                            map.next_value::<Skip>()?;
                            f.unknown.push(k);
                            continue;
                        }
                    };
                    // a repeated key: the last one wins, as in a JSON map
                    *slot = map.next_value::<Field<'de>>()?;
                }
                Ok(Parsed::Object(f))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(s: &str) -> ArticleFields<'_> {
        match parse(s) {
            Ok(Parsed::Object(f)) => f,
            other => panic!("{other:?}"),
        }
    }

    fn meta(s: &str) -> Result<ArticleMeta, FieldError> {
        let mut f = object(s);
        let id = f.take_id()?.unwrap_or_default();
        f.into_meta(id, Origin::default())
    }

    #[test]
    fn fields_are_read_as_the_json_tree_would_give_them() {
        let mut f = object(
            r#"{"id": 12, "text": "a\nb", "title": "T", "authors": ["A", 3, "B"], "published": "2024-05-01T10:00", "x": [1, {"y": 2e3}]}"#,
        );
        assert_eq!(f.take_id(), Ok(Some("12".into())));
        assert_eq!(f.take_text(), Ok(Some("a\nb".into())));
        assert_eq!(f.unknown, ["x"]);
        let m = f.into_meta("12".into(), Origin::default()).unwrap();
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.authors, ["A", "B"]);
        assert_eq!(m.language, "en");
        assert_eq!(
            m.published.map(|d| d.to_string()).as_deref(),
            Some("2024-05-01")
        );
        // floats and big integers as serde_json writes them
        assert_eq!(
            object(r#"{"id": 1e3}"#).take_id(),
            Ok(Some("1000.0".into()))
        );
        assert_eq!(object(r#"{"id": -7}"#).take_id(), Ok(Some("-7".into())));
        // a repeated key: the last wins
        assert_eq!(
            object(r#"{"id": "a", "id": "b"}"#).take_id(),
            Ok(Some("b".into()))
        );
    }

    #[test]
    fn field_problems_are_checked_in_a_fixed_order() {
        let e = meta(r#"{"title": 5, "published": "May 1"}"#).unwrap_err();
        assert_eq!(e.to_string(), "`published` is not an ISO date: \"May 1\"");
        let e = meta(r#"{"url": false, "title": 5}"#).unwrap_err();
        assert_eq!(e.to_string(), "`title` must be a string");
        let e = meta(r#"{"authors": {"name": "x"}}"#).unwrap_err();
        assert_eq!(e.to_string(), "`authors` must be an array of strings");
        assert_eq!(
            meta(r#"{"title": null, "authors": "Ann"}"#)
                .unwrap()
                .authors,
            ["Ann"]
        );
        assert_eq!(
            object(r#"{"id": null}"#).take_id().unwrap_err().to_string(),
            "`id` must be a string or an integer"
        );
        assert_eq!(
            object(r#"{"text": null}"#)
                .take_text()
                .unwrap_err()
                .to_string(),
            "`text` must be a string"
        );
    }

    #[test]
    fn not_objects_and_bad_json() {
        assert!(matches!(parse("[1, 2]"), Ok(Parsed::NotObject)));
        assert!(matches!(parse("\"s\""), Ok(Parsed::NotObject)));
        let e = parse("{a: 1}").unwrap_err();
        assert_eq!(e.to_string(), "key must be a string at line 1 column 2");
        // unknown values are checked as strictly as by a full parse
        assert!(parse(r#"{"x": 1e400}"#).is_err());
        assert!(parse(r#"{"x": "\ud800"}"#).is_err());
        assert!(parse(r#"{"id": "a"} x"#).is_err());
    }

    #[test]
    fn key_lines_are_found_in_sidecars() {
        let text = "{\n  \"title\": \"titel\",\n  \"titel\" : \"x\"\n}";
        assert_eq!(key_line(text, "titel"), Some(3));
        assert_eq!(key_line(text, "nope"), None);
    }
}
