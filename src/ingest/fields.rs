//! The article fields of JSONL lines, `.json` files and `.meta.json` sidecars: one serde struct
//! for all, and one set of rules for them.
//!
//! A record is in one of three **formats**, told apart by its text field ([`Format`]):
//!
//! - **newsfacts** (`text`): `id` (string or integer), `text`, `title`, `source`,
//!   `original_source`, `authors` (array of strings, or one string), `url`, `published` (ISO
//!   date), `language`. Sidecars use these fields, without `text`.
//! - **news-please** (`maintext`): `maintext`, `title`, `authors`, `url`, `date_publish`
//!   ("2017-02-16 12:32:00": the date part is read), `source_domain` (→ `source`), `language`,
//!   and optionally `id`; its other fields (`date_download`, `date_modify`, `description`,
//!   `filename`, `image_url`, `localpath`, `title_page`, `title_rss`) are known and not used.
//! - **NewsAPI** article (`content`, or `publishedAt` / `urlToImage`): `content`, `title`,
//!   `author` (→ `authors`), `url`, `publishedAt`, `source` (an object whose `name` is read, or a
//!   string), and optionally `id`; `description` and `urlToImage` are known and not used.
//!
//! `_comment` (free-form notes) is ignored in every format. `null` is the same as a missing
//! field, except for `id` and the text field.
//!
//! **Unknown fields** are the same policy for every input: the article is read and exported, and
//! each field that is not a field of the record's format is reported as a warning naming the
//! file, the line and the field (see [`crate::error::ErrorKind::UnknownField`]). A JSONL file
//! gets one warning per unknown name, on the first line that has it, with the number of other
//! lines that do too (annotated corpora repeat the same extra fields on every line); at most
//! [`MAX_UNKNOWN_NAMES`] names are reported per file.
//!
//! A line is parsed straight into [`ArticleFields`], with no JSON tree in between: strings
//! without escapes are borrowed from the line, unknown values are skipped (still checked to be
//! well-formed JSON, exactly as strictly as a full parse), and types are checked afterwards, field
//! by field in a fixed order, so the first problem reported does not depend on key order.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::parse_date;
use crate::document::{ArticleId, ArticleMeta, Origin};

/// Distinct unknown field names reported per JSONL file.
pub const MAX_UNKNOWN_NAMES: usize = 32;

/// The record formats, told apart by the field that holds the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// newsfacts' own (`text`); also every sidecar.
    Native,
    /// A news-please article (`maintext`).
    NewsPlease,
    /// A NewsAPI article (`content`).
    NewsApi,
}

impl Format {
    /// The bit of this format in a field's membership mask.
    fn bit(self) -> u8 {
        match self {
            Format::Native => NATIVE,
            Format::NewsPlease => NEWS_PLEASE,
            Format::NewsApi => NEWS_API,
        }
    }

    /// The name of the field that holds the text.
    pub(crate) fn text_field(self) -> &'static str {
        match self {
            Format::Native => "text",
            Format::NewsPlease => "maintext",
            Format::NewsApi => "content",
        }
    }
}

const NATIVE: u8 = 1;
const NEWS_PLEASE: u8 = 2;
const NEWS_API: u8 = 4;
const ALL: u8 = NATIVE | NEWS_PLEASE | NEWS_API;

/// Fields of a format that are known but not used: read (checked to be JSON) and dropped.
const IGNORED: &[(&str, u8)] = &[
    ("date_download", NEWS_PLEASE),
    ("date_modify", NEWS_PLEASE),
    ("description", NEWS_PLEASE | NEWS_API),
    ("filename", NEWS_PLEASE),
    ("image_url", NEWS_PLEASE),
    ("localpath", NEWS_PLEASE),
    ("title_page", NEWS_PLEASE),
    ("title_rss", NEWS_PLEASE),
    ("urlToImage", NEWS_API),
];

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
    /// An object, with its `name` if that is a string (NewsAPI's `source`).
    Object(Option<Cow<'a, str>>),
    /// `true` or `false`.
    Other,
}

impl Field<'_> {
    /// Whether the field is in the object (`null` included).
    fn present(&self) -> bool {
        !matches!(self, Field::Missing)
    }
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
    maintext: Field<'a>,
    date_publish: Field<'a>,
    source_domain: Field<'a>,
    content: Field<'a>,
    published_at: Field<'a>,
    author: Field<'a>,
    /// Which of [`IGNORED`] are in the object (bit `i` for `IGNORED[i]`).
    ignored: u16,
    /// Names of the fields that are not known, in the order written; [`ArticleFields::restrict`]
    /// adds the known ones that are not fields of the record's format.
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
    /// No `id` and no `url` to derive one from (news-please and NewsAPI records).
    NoUrlForId,
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
            Problem::NoUrlForId => write!(
                f,
                "missing `{k}`, from which a record without `id` takes its id"
            ),
        }
    }
}

impl FieldError {
    /// A required field that is missing.
    pub(crate) fn missing(field: &'static str) -> FieldError {
        problem(field, Problem::Missing)
    }

    /// A news record with neither `id` nor `url`.
    pub(crate) fn no_url_for_id() -> FieldError {
        problem("url", Problem::NoUrlForId)
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

/// An authors field: an array of strings, or one string; missing and `null` are none.
fn author_list(field: &'static str, v: Field<'_>) -> Result<Vec<String>, FieldError> {
    match v {
        Field::Missing | Field::Null => Ok(Vec::new()),
        Field::List(a) => Ok(a.into_iter().map(Cow::into_owned).collect()),
        Field::Str(s) => Ok(vec![s.into_owned()]),
        _ => Err(problem(field, Problem::NotStrings)),
    }
}

/// An optional date field: the `YYYY-MM-DD` at its start.
fn date(field: &'static str, v: Field<'_>) -> Result<Option<chrono::NaiveDate>, FieldError> {
    match optional(field, v)? {
        Some(p) => Ok(Some(
            parse_date(&p).ok_or_else(|| problem(field, Problem::NotIsoDate(p)))?,
        )),
        None => Ok(None),
    }
}

/// NewsAPI's mark at the end of a `content` it cut: `… [+1234 chars]`. Returns the text
/// without it, or `None` when there is no mark.
pub(crate) fn strip_truncation_mark(text: &str) -> Option<&str> {
    let body = text.trim_end().strip_suffix(" chars]")?;
    let at = body.rfind("[+")?;
    let digits = body.get(at + 2..)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(body.get(..at)?.trim_end())
}

impl<'a> ArticleFields<'a> {
    /// The record's format, from its text field (`text`, else `maintext`, else `content` or
    /// NewsAPI's `publishedAt` / `urlToImage`); newsfacts' own when none is there.
    pub(crate) fn format(&self) -> Format {
        let url_to_image = IGNORED.iter().position(|(n, _)| *n == "urlToImage");
        let has_ignored = |i: Option<usize>| i.is_some_and(|i| self.ignored & (1 << i) != 0);
        if self.text.present() {
            Format::Native
        } else if self.maintext.present() {
            Format::NewsPlease
        } else if self.content.present() || self.published_at.present() || has_ignored(url_to_image)
        {
            Format::NewsApi
        } else {
            Format::Native
        }
    }

    /// Moves the fields that are not fields of `format` to [`ArticleFields::unknown`] (they are
    /// then reported and not used).
    pub(crate) fn restrict(&mut self, format: Format) {
        let bit = format.bit();
        let slots: [(&'static str, u8, &mut Field<'a>); 15] = [
            ("id", ALL, &mut self.id),
            ("text", NATIVE, &mut self.text),
            ("title", ALL, &mut self.title),
            ("source", NATIVE | NEWS_API, &mut self.source),
            ("original_source", NATIVE, &mut self.original_source),
            ("authors", NATIVE | NEWS_PLEASE, &mut self.authors),
            ("url", ALL, &mut self.url),
            ("published", NATIVE, &mut self.published),
            ("language", NATIVE | NEWS_PLEASE, &mut self.language),
            ("maintext", NEWS_PLEASE, &mut self.maintext),
            ("date_publish", NEWS_PLEASE, &mut self.date_publish),
            ("source_domain", NEWS_PLEASE, &mut self.source_domain),
            ("content", NEWS_API, &mut self.content),
            ("publishedAt", NEWS_API, &mut self.published_at),
            ("author", NEWS_API, &mut self.author),
        ];
        for (name, formats, slot) in slots {
            if formats & bit == 0 && slot.present() {
                *slot = Field::Missing;
                self.unknown.push(Cow::Borrowed(name));
            }
        }
        for (i, (name, formats)) in IGNORED.iter().enumerate() {
            if formats & bit == 0 && self.ignored & (1 << i) != 0 {
                self.unknown.push(Cow::Borrowed(name));
            }
        }
    }

    /// The `url` as written, if it is a non-empty string (for an id derived from it).
    pub(crate) fn url(&self) -> Option<&str> {
        match &self.url {
            Field::Str(s) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        }
    }

    /// The `id`: a string, or an integer written as text; `None` when missing.
    pub(crate) fn take_id(&mut self) -> Result<Option<String>, FieldError> {
        match std::mem::take(&mut self.id) {
            Field::Missing => Ok(None),
            Field::Str(s) => Ok(Some(s.into_owned())),
            Field::Number(n) => Ok(Some(n.to_string())),
            _ => Err(problem("id", Problem::NotId)),
        }
    }

    /// The text of a record in `format` (`text`, `maintext` or `content`): a string (`null` is
    /// not one); `None` when missing.
    pub(crate) fn take_text(&mut self, format: Format) -> Result<Option<String>, FieldError> {
        let slot = match format {
            Format::Native => &mut self.text,
            Format::NewsPlease => &mut self.maintext,
            Format::NewsApi => &mut self.content,
        };
        match std::mem::take(slot) {
            Field::Missing => Ok(None),
            Field::Str(s) => Ok(Some(s.into_owned())),
            _ => Err(problem(format.text_field(), Problem::NotString)),
        }
    }

    /// Whether the object has the text field of some format (`text`, `maintext`, `content`):
    /// whether it is an article record at all.
    pub(crate) fn has_text_field(&self) -> bool {
        self.text.present() || self.maintext.present() || self.content.present()
    }

    /// Whether the object has a `text` field (not one of a sidecar's).
    pub(crate) fn has_text(&self) -> bool {
        !matches!(self.text, Field::Missing)
    }

    /// The metadata of article `id` in `format`, checked in a fixed order: the date
    /// (`published`, `date_publish` or `publishedAt`), the authors (`authors` or `author`),
    /// `title`, the source (`source`, `source_domain`, or the `name` of NewsAPI's `source`
    /// object), `original_source`, `url`, `language`.
    pub(crate) fn into_meta(
        self,
        format: Format,
        id: String,
        origin: Origin,
    ) -> Result<ArticleMeta, FieldError> {
        let (published, authors) = match format {
            Format::Native => (
                date("published", self.published)?,
                author_list("authors", self.authors)?,
            ),
            Format::NewsPlease => (
                date("date_publish", self.date_publish)?,
                author_list("authors", self.authors)?,
            ),
            Format::NewsApi => (
                date("publishedAt", self.published_at)?,
                author_list("author", self.author)?,
            ),
        };
        let title = optional("title", self.title)?;
        let source = match format {
            Format::Native => optional("source", self.source)?,
            Format::NewsPlease => optional("source_domain", self.source_domain)?,
            Format::NewsApi => match self.source {
                Field::Object(name) => name.map(Cow::into_owned),
                other => optional("source", other)?,
            },
        };
        Ok(ArticleMeta {
            title,
            source,
            original_source: optional("original_source", self.original_source)?,
            authors,
            url: optional("url", self.url)?,
            published,
            declared_language: optional("language", self.language)?,
            crawl_date: None,
            origin,
            id: ArticleId::new(id),
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
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<'de>, A::Error> {
                let mut name = None;
                while let Some(Key(k)) = map.next_key::<Key<'de>>()? {
                    if k == "name" {
                        if let Field::Str(s) = map.next_value::<Field<'de>>()? {
                            name = Some(s);
                        }
                    } else {
                        map.next_value::<Skip>()?;
                    }
                }
                Ok(Field::Object(name))
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
                        "maintext" => &mut f.maintext,
                        "date_publish" => &mut f.date_publish,
                        "source_domain" => &mut f.source_domain,
                        "content" => &mut f.content,
                        "publishedAt" => &mut f.published_at,
                        "author" => &mut f.author,
                        "_comment" => {
                            map.next_value::<Skip>()?;
                            continue;
                        }
                        other => {
                            map.next_value::<Skip>()?;
                            match IGNORED.iter().position(|(n, _)| *n == other) {
                                Some(i) => f.ignored |= 1 << i,
                                None => f.unknown.push(k),
                            }
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
        let format = f.format();
        f.restrict(format);
        f.into_meta(format, id, Origin::default())
    }

    #[test]
    fn fields_are_read_as_the_json_tree_would_give_them() {
        let mut f = object(
            r#"{"id": 12, "text": "a\nb", "title": "T", "authors": ["A", 3, "B"], "published": "2024-05-01T10:00", "x": [1, {"y": 2e3}]}"#,
        );
        assert_eq!(f.take_id(), Ok(Some("12".into())));
        assert_eq!(f.format(), Format::Native);
        assert_eq!(f.take_text(Format::Native), Ok(Some("a\nb".into())));
        assert_eq!(f.unknown, ["x"]);
        let m = f
            .into_meta(Format::Native, "12".into(), Origin::default())
            .unwrap();
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.authors, ["A", "B"]);
        assert_eq!(m.declared_language, None);
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
                .take_text(Format::Native)
                .unwrap_err()
                .to_string(),
            "`text` must be a string"
        );
    }

    #[test]
    fn news_please_records_are_read_by_their_own_field_names() {
        let mut f = object(
            r#"{"maintext": "Body.", "title": "T", "authors": ["Ann Vell"], "date_publish": "2021-03-04 10:20:00", "date_download": "2021-03-05 00:00:00", "source_domain": "www.example.org", "language": "en", "url": "https://www.example.org/a", "image_url": null, "localpath": null, "published": "2020-01-01"}"#,
        );
        let format = f.format();
        assert_eq!(format, Format::NewsPlease);
        f.restrict(format);
        // news-please's own unused fields are known; `published` is not one of its fields
        assert_eq!(f.unknown, ["published"]);
        assert_eq!(f.url(), Some("https://www.example.org/a"));
        assert_eq!(f.take_text(format), Ok(Some("Body.".into())));
        let m = f.into_meta(format, "x".into(), Origin::default()).unwrap();
        assert_eq!(
            m.published.map(|d| d.to_string()).as_deref(),
            Some("2021-03-04")
        );
        assert_eq!(m.source.as_deref(), Some("www.example.org"));
        assert_eq!(m.authors, ["Ann Vell"]);
        assert_eq!(m.declared_language.as_deref(), Some("en"));
        let e = meta(r#"{"maintext": "B", "date_publish": "yesterday"}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`date_publish` is not an ISO date: \"yesterday\""
        );
    }

    #[test]
    fn newsapi_records_are_read_by_their_own_field_names() {
        let mut f = object(
            r#"{"source": {"id": null, "name": "Example Wire"}, "author": "Ben Quorra", "title": "T", "description": "D", "url": "https://example.net/b", "urlToImage": "https://example.net/b.jpg", "publishedAt": "2024-02-03T08:00:00Z", "content": "Start of the text… [+1532 chars]", "language": "en"}"#,
        );
        let format = f.format();
        assert_eq!(format, Format::NewsApi);
        f.restrict(format);
        assert_eq!(f.unknown, ["language"]);
        assert_eq!(
            f.take_text(format),
            Ok(Some("Start of the text… [+1532 chars]".into()))
        );
        let m = f.into_meta(format, "x".into(), Origin::default()).unwrap();
        assert_eq!(m.source.as_deref(), Some("Example Wire"));
        assert_eq!(m.authors, ["Ben Quorra"]);
        assert_eq!(
            m.published.map(|d| d.to_string()).as_deref(),
            Some("2024-02-03")
        );
        // a record with NewsAPI's field names and no content is still a NewsAPI record
        assert_eq!(object(r#"{"publishedAt": null}"#).format(), Format::NewsApi);
        assert_eq!(object(r#"{"title": "x"}"#).format(), Format::Native);
        // `text` decides first: the other text fields are then unknown
        let mut f = object(r#"{"text": "a", "maintext": "b", "content": "c"}"#);
        assert_eq!(f.format(), Format::Native);
        f.restrict(Format::Native);
        assert_eq!(f.unknown, ["maintext", "content"]);
    }

    #[test]
    fn newsapi_truncation_marks_are_found() {
        assert_eq!(
            strip_truncation_mark("Text here… [+1532 chars]"),
            Some("Text here…")
        );
        assert_eq!(strip_truncation_mark("Text [+7 chars] "), Some("Text"));
        assert_eq!(strip_truncation_mark("Text [+x chars]"), None);
        assert_eq!(strip_truncation_mark("Text [+ chars]"), None);
        assert_eq!(strip_truncation_mark("A whole text."), None);
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
