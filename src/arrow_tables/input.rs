//! Articles as Arrow columns: the input schema of an extraction and of [`super::reader`], and
//! the conversion of one record batch row into an article.
//!
//! The fields are those of a JSONL line (`id`, `text`, `title`, `source`, `original_source`,
//! `authors`, `url`, `published`, `language`), read by the same rules (an integer `id` is
//! written as text, `language` is the declared language, `published` is an ISO date), plus
//! the fields that [`super::reader`] adds so that its rows can be extracted like the CLI's
//! inputs: `crawl_date` (WARC input), `format` (how `text` is cleaned: `plain` text, main text
//! `extracted` from HTML, or a whole `html` page), the origin (`path`, `line`), and for an
//! input item that is not an article (an unreadable one, or a warning) its `error` message,
//! `error_kind` and `severity`. Every field of [`ArticleMeta`] that the CLI reads is one of
//! them (the test `input_fields_cover_the_articles_table`).
//!
//! Each field is taken from a column chosen by [`FieldNames`]: by default the column of the
//! field's own name, when there is one (`id` and `text` must exist). A column of a type that
//! cannot hold the field is an [`InputError`] for the whole call; a bad value in one row (a
//! null `text`, a date that is not ISO) is an error for that row only, reported in
//! [`super::ERRORS`].

use std::collections::VecDeque;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, Date32Array, GenericListArray, Int64Array, LargeStringArray,
    OffsetSizeTrait, RecordBatch, StringArray, StringViewArray,
};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use chrono::NaiveDate;

use super::Report;
use crate::document::{ArticleId, ArticleMeta, Origin};
use crate::error::{Error, ErrorKind, SizeUnit};
use crate::ingest::{check_id, parse_date, ArticleStream, RawArticle, TextKind};

crate::vocab! {
    /// The fields of an input article row.
    pub enum InputField {
        /// The article id (a string, or an integer written as text).
        Id => "id",
        /// The text (see `format`).
        Text => "text",
        /// How `text` is cleaned ([`Format`]); `plain` when absent.
        Format => "format",
        /// Headline.
        Title => "title",
        /// Publisher.
        Source => "source",
        /// The publisher of the original report, for syndicated articles.
        OriginalSource => "original_source",
        /// Authors: a list of strings, or one string (one author).
        Authors => "authors",
        /// Canonical URL.
        Url => "url",
        /// Publication date: a date, a timestamp, or an ISO date string.
        Published => "published",
        /// The declared language code (`articles.declared_language`); the language of the
        /// text is identified from the text either way.
        Language => "language",
        /// The date the page was crawled (WARC input: `WARC-Date`), not the publication date:
        /// a date, a timestamp, or an ISO date string.
        CrawlDate => "crawl_date",
        /// The input file the row was read from.
        Path => "path",
        /// The 1-based line in `path`.
        Line => "line",
        /// For an input item that is not an article: the message saying why.
        Error => "error",
        /// For an input item that is not an article: the kind of `error`, in snake_case.
        ErrorKind => "error_kind",
        /// For a row with `error`: `warning` when it rejects nothing (an unknown metadata
        /// field, skipped files), else `error` (also when absent).
        Severity => "severity",
    }
}

crate::vocab! {
    /// How an input row's `text` is turned into clean text (the `format` field).
    pub enum Format {
        /// Scraped plain text: page furniture is removed.
        Plain => "plain",
        /// Main text already extracted from a page, one paragraph a line.
        Extracted => "extracted",
        /// A whole HTML page: main text and metadata are extracted first.
        Html => "html",
    }
}

impl From<TextKind> for Format {
    fn from(k: TextKind) -> Format {
        match k {
            TextKind::Plain => Format::Plain,
            TextKind::Extracted => Format::Extracted,
            TextKind::Html => Format::Html,
        }
    }
}

impl From<Format> for TextKind {
    fn from(f: Format) -> TextKind {
        match f {
            Format::Plain => TextKind::Plain,
            Format::Extracted => TextKind::Extracted,
            Format::Html => TextKind::Html,
        }
    }
}

/// The Arrow type of an input field in [`input_schema`] (the types [`super::reader`] writes;
/// [`ArticleColumns`] accepts more, see the module documentation).
pub fn field_type(f: InputField) -> DataType {
    match f {
        InputField::Id
        | InputField::Text
        | InputField::Format
        | InputField::Title
        | InputField::Source
        | InputField::OriginalSource
        | InputField::Url
        | InputField::Language
        | InputField::Path
        | InputField::Error
        | InputField::ErrorKind
        | InputField::Severity => DataType::Utf8,
        InputField::Authors => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        InputField::Published | InputField::CrawlDate => DataType::Date32,
        InputField::Line => DataType::Int64,
    }
}

/// The schema of article rows: every [`InputField`], nullable (a row that is not an article has
/// no `id` or `text`).
pub fn input_schema() -> SchemaRef {
    Arc::new(Schema::new(
        InputField::ALL
            .iter()
            .map(|&f| Field::new(f.as_str(), field_type(f), true))
            .collect::<Vec<_>>(),
    ))
}

/// Where a field is taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The column of the field's name, if there is one.
    Auto,
    /// This column, which must exist.
    Column(String),
    /// Not taken from the input.
    Off,
}

/// The column of each input field.
#[derive(Debug, Clone)]
pub struct FieldNames {
    selections: Vec<Selection>,
}

impl Default for FieldNames {
    /// `id` and `text` from the columns of those names (required), the other fields from the
    /// columns of their names if present.
    fn default() -> Self {
        let selections = InputField::ALL
            .iter()
            .map(|f| match f {
                InputField::Id | InputField::Text => Selection::Column(f.as_str().to_string()),
                _ => Selection::Auto,
            })
            .collect();
        FieldNames { selections }
    }
}

impl FieldNames {
    /// Sets where `field` is taken from.
    pub fn set(&mut self, field: InputField, s: Selection) {
        if let Some(slot) = self.selections.get_mut(field as usize) {
            *slot = s;
        }
    }

    /// Where `field` is taken from.
    pub fn get(&self, field: InputField) -> &Selection {
        self.selections
            .get(field as usize)
            .unwrap_or(&Selection::Off)
    }
}

/// A bad argument: the call cannot go on.
#[derive(Debug)]
pub enum InputError {
    /// A column that was asked for (or is required) is not in the data.
    MissingColumn {
        /// The field.
        field: InputField,
        /// The column asked for.
        column: String,
        /// The columns the data has.
        available: Vec<String>,
    },
    /// A column whose type cannot hold the field.
    WrongType {
        /// The field.
        field: InputField,
        /// The column.
        column: String,
        /// Its type.
        found: DataType,
        /// What the field accepts.
        expected: &'static str,
    },
    /// An Arrow failure (a bug, or a stream that failed).
    Arrow(ArrowError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::MissingColumn {
                field,
                column,
                available,
            } => write!(
                f,
                "no column {column:?} for the `{field}` field; the data has {available:?}"
            ),
            InputError::WrongType {
                field,
                column,
                found,
                expected,
            } => write!(
                f,
                "column {column:?} (the `{field}` field) has type {found}; expected {expected}"
            ),
            InputError::Arrow(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InputError {}

const STRINGS: &str = "a string column (Utf8, LargeUtf8 or Utf8View)";

/// A string column of any of Arrow's three layouts.
enum Strs {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
    Null,
}

impl Strs {
    /// The column as strings, if it is one (dictionaries of strings are decoded).
    fn of(a: &ArrayRef) -> Option<Strs> {
        Some(match a.data_type() {
            DataType::Utf8 => Strs::Utf8(a.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Strs::Large(a.as_string::<i64>().clone()),
            DataType::Utf8View => Strs::View(a.as_string_view().clone()),
            DataType::Null => Strs::Null,
            DataType::Dictionary(_, v)
                if matches!(
                    v.as_ref(),
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                ) =>
            {
                let plain = cast(a, &DataType::Utf8).ok()?;
                Strs::Utf8(plain.as_string::<i32>().clone())
            }
            _ => return None,
        })
    }

    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Strs::Utf8(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Strs::Large(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Strs::View(a) => (i < a.len() && a.is_valid(i)).then(|| a.value(i)),
            Strs::Null => None,
        }
    }
}

/// The `published` column.
enum Dates {
    Iso(Strs),
    Days(Date32Array),
}

/// The `authors` column.
enum Authors {
    One(Strs),
    List(GenericListArray<i32>, Strs),
    LargeList(GenericListArray<i64>, Strs),
}

fn list_values<O: OffsetSizeTrait>(
    list: &GenericListArray<O>,
    values: &Strs,
    i: usize,
) -> Vec<String> {
    if i >= list.len() || list.is_null(i) {
        return Vec::new();
    }
    let offsets = list.value_offsets();
    let (Some(start), Some(end)) = (offsets.get(i), offsets.get(i + 1)) else {
        return Vec::new();
    };
    (start.as_usize()..end.as_usize())
        .filter_map(|j| values.get(j).map(str::to_string))
        .collect()
}

impl Authors {
    fn get(&self, i: usize) -> Vec<String> {
        match self {
            Authors::One(s) => s.get(i).map(|a| vec![a.to_string()]).unwrap_or_default(),
            Authors::List(l, v) => list_values(l, v, i),
            Authors::LargeList(l, v) => list_values(l, v, i),
        }
    }
}

/// The columns of one record batch of articles, resolved and type-checked.
pub struct ArticleColumns {
    names: Vec<Option<String>>,
    id: Strs,
    text: Strs,
    format: Option<Strs>,
    title: Option<Strs>,
    source: Option<Strs>,
    original_source: Option<Strs>,
    authors: Option<Authors>,
    url: Option<Strs>,
    published: Option<Dates>,
    language: Option<Strs>,
    crawl_date: Option<Dates>,
    path: Option<Strs>,
    line: Option<Int64Array>,
    error: Option<Strs>,
    error_kind: Option<Strs>,
    severity: Option<Strs>,
}

/// One input row, converted.
#[derive(Debug)]
pub enum InputRow {
    /// An article to extract.
    Article {
        /// The article.
        raw: RawArticle,
        /// Whether its origin is an input file (else the `data[i]` label of its row).
        located: bool,
    },
    /// A row that is not an article: an unreadable input item, a bad value, or a warning.
    Report(Report),
}

impl ArticleColumns {
    /// Resolves the columns of `batch` for each field of `names`.
    pub fn new(batch: &RecordBatch, names: &FieldNames) -> Result<ArticleColumns, InputError> {
        let schema = batch.schema();
        let mut resolved: Vec<Option<(String, ArrayRef)>> = Vec::new();
        for &f in InputField::ALL {
            let name = match names.get(f) {
                Selection::Off => None,
                Selection::Auto => schema
                    .index_of(f.as_str())
                    .ok()
                    .map(|_| f.as_str().to_string()),
                Selection::Column(c) => {
                    if schema.index_of(c).is_err() {
                        return Err(InputError::MissingColumn {
                            field: f,
                            column: c.clone(),
                            available: schema.fields().iter().map(|f| f.name().clone()).collect(),
                        });
                    }
                    Some(c.clone())
                }
            };
            resolved.push(name.and_then(|n| {
                let col = batch.column_by_name(&n)?.clone();
                Some((n, col))
            }));
        }
        let get = |f: InputField| resolved.get(f as usize).cloned().flatten();
        let wrong = |f: InputField, (n, a): &(String, ArrayRef), expected: &'static str| {
            InputError::WrongType {
                field: f,
                column: n.clone(),
                found: a.data_type().clone(),
                expected,
            }
        };
        let strs = |f: InputField| -> Result<Option<Strs>, InputError> {
            match get(f) {
                None => Ok(None),
                Some(c) => Strs::of(&c.1)
                    .map(Some)
                    .ok_or_else(|| wrong(f, &c, STRINGS)),
            }
        };
        let required = |f: InputField, s: Option<Strs>| -> Result<Strs, InputError> {
            s.ok_or_else(|| InputError::MissingColumn {
                field: f,
                column: match names.get(f) {
                    Selection::Column(c) => c.clone(),
                    _ => f.as_str().to_string(),
                },
                available: schema.fields().iter().map(|f| f.name().clone()).collect(),
            })
        };
        let id = match get(InputField::Id) {
            None => None,
            Some(c) => match Strs::of(&c.1) {
                Some(s) => Some(s),
                None if c.1.data_type().is_integer() => {
                    let text = cast(&c.1, &DataType::Utf8).map_err(InputError::Arrow)?;
                    Strs::of(&text)
                }
                None => return Err(wrong(InputField::Id, &c, "a string or integer column")),
            },
        };
        let dates =
            |f: InputField| -> Result<Option<Dates>, InputError> {
                let Some(c) = get(f) else { return Ok(None) };
                Ok(Some(match c.1.data_type() {
                    DataType::Date32 => Dates::Days(c.1.as_primitive().clone()),
                    DataType::Date64 | DataType::Timestamp(_, _) => {
                        let d = cast(&c.1, &DataType::Date32).map_err(InputError::Arrow)?;
                        Dates::Days(d.as_primitive().clone())
                    }
                    _ => Dates::Iso(Strs::of(&c.1).ok_or_else(|| {
                        wrong(f, &c, "a date, timestamp or ISO date string column")
                    })?),
                }))
            };
        let published = dates(InputField::Published)?;
        let crawl_date = dates(InputField::CrawlDate)?;
        let authors = match get(InputField::Authors) {
            None => None,
            Some(c) => {
                const LISTS: &str = "a string column or a list of strings";
                Some(match c.1.data_type() {
                    DataType::List(_) => {
                        let l = c.1.as_list::<i32>().clone();
                        let v = Strs::of(l.values())
                            .ok_or_else(|| wrong(InputField::Authors, &c, LISTS))?;
                        Authors::List(l, v)
                    }
                    DataType::LargeList(_) => {
                        let l = c.1.as_list::<i64>().clone();
                        let v = Strs::of(l.values())
                            .ok_or_else(|| wrong(InputField::Authors, &c, LISTS))?;
                        Authors::LargeList(l, v)
                    }
                    _ => Authors::One(
                        Strs::of(&c.1).ok_or_else(|| wrong(InputField::Authors, &c, LISTS))?,
                    ),
                })
            }
        };
        let line = match get(InputField::Line) {
            None => None,
            Some(c) if c.1.data_type().is_integer() => {
                let l = cast(&c.1, &DataType::Int64).map_err(InputError::Arrow)?;
                Some(l.as_primitive().clone())
            }
            Some(c) if c.1.data_type() == &DataType::Null => None,
            Some(c) => return Err(wrong(InputField::Line, &c, "an integer column")),
        };
        Ok(ArticleColumns {
            names: InputField::ALL
                .iter()
                .map(|&f| get(f).map(|c| c.0))
                .collect(),
            id: required(InputField::Id, id)?,
            text: required(InputField::Text, strs(InputField::Text)?)?,
            format: strs(InputField::Format)?,
            title: strs(InputField::Title)?,
            source: strs(InputField::Source)?,
            original_source: strs(InputField::OriginalSource)?,
            authors,
            url: strs(InputField::Url)?,
            published,
            language: strs(InputField::Language)?,
            crawl_date,
            path: strs(InputField::Path)?,
            line,
            error: strs(InputField::Error)?,
            error_kind: strs(InputField::ErrorKind)?,
            severity: strs(InputField::Severity)?,
        })
    }

    /// How a field is named in messages: `` `text` ``, or `` `text` (column "body") ``.
    fn label(&self, f: InputField) -> String {
        match self.names.get(f as usize).cloned().flatten() {
            Some(n) if n != f.as_str() => format!("`{f}` (column {n:?})"),
            _ => format!("`{f}`"),
        }
    }

    /// Row `i` of a date column: `Err` with the message for a value that is not a date.
    fn date(
        &self,
        col: &Option<Dates>,
        f: InputField,
        i: usize,
    ) -> Result<Option<NaiveDate>, String> {
        match col {
            None => Ok(None),
            Some(Dates::Days(d)) => {
                if i >= d.len() || d.is_null(i) {
                    return Ok(None);
                }
                let days = d.value(i);
                let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
                epoch
                    .checked_add_signed(chrono::TimeDelta::days(i64::from(days)))
                    .map(Some)
                    .ok_or_else(|| format!("{} is out of range: {days} days", self.label(f)))
            }
            Some(Dates::Iso(strs)) => match strs.get(i) {
                None => Ok(None),
                Some(p) => parse_date(p)
                    .map(Some)
                    .ok_or_else(|| format!("{} is not an ISO date: {p:?}", self.label(f))),
            },
        }
    }

    /// Row `i` of the batch, which is row `index` of the whole input.
    pub fn row(&self, i: usize, index: u64, max_bytes: usize) -> InputRow {
        fn s(c: &Option<Strs>, i: usize) -> Option<&str> {
            c.as_ref().and_then(|c| c.get(i))
        }
        let owned = |c: &Option<Strs>| s(c, i).map(str::to_string);
        let line = self
            .line
            .as_ref()
            .filter(|l| i < l.len() && l.is_valid(i))
            .and_then(|l| u64::try_from(l.value(i)).ok());
        let (origin, located) = match s(&self.path, i) {
            Some(p) => (Origin::new(Path::new(p), line), true),
            None => (
                Origin::new(Path::new(&format!("data[{index}]")), None),
                false,
            ),
        };
        let id = self.id.get(i);
        if let Some(message) = s(&self.error, i) {
            let kind = s(&self.error_kind, i).unwrap_or("input").to_string();
            return InputRow::Report(Report {
                index,
                article_id: id.map(str::to_string),
                severity: match s(&self.severity, i) {
                    Some(v) if v == super::Severity::Warning.as_str() => super::Severity::Warning,
                    _ => super::Severity::Error,
                },
                kind,
                path: located.then(|| origin.path.display().to_string()),
                line: origin.line,
                message: message.to_string(),
            });
        }
        let report = |e: Error| InputRow::Report(Report::from_error(index, &e, located));
        let at = |kind: ErrorKind, msg: String| {
            let e = Error::at(kind, &origin.path, msg);
            match origin.line {
                Some(l) => e.with_line(l),
                None => e,
            }
        };
        let Some(id) = id else {
            let msg = format!("missing {}", self.label(InputField::Id));
            return report(at(ErrorKind::BadField { field: "id" }, msg));
        };
        if let Err(why) = check_id(id) {
            return report(at(ErrorKind::BadId(why), String::new()));
        }
        let bad = |field: InputField, msg: String| {
            report(
                at(
                    ErrorKind::BadField {
                        field: field.as_str(),
                    },
                    msg,
                )
                .with_article(id),
            )
        };
        let Some(text) = self.text.get(i) else {
            let msg = format!("missing {}", self.label(InputField::Text));
            return bad(InputField::Text, msg);
        };
        if text.len() > max_bytes {
            let e = Error::too_large(
                &origin.path,
                SizeUnit::Article,
                Some(text.len() as u64),
                max_bytes as u64,
            );
            return report(e.with_origin(&origin, id));
        }
        let kind = match s(&self.format, i) {
            None => TextKind::Plain,
            Some(f) => match f.parse::<Format>() {
                Ok(f) => f.into(),
                Err(_) => {
                    let msg = format!(
                        "{} must be one of {}, not {f:?}",
                        self.label(InputField::Format),
                        Format::NAMES.join(", ")
                    );
                    return bad(InputField::Format, msg);
                }
            },
        };
        let published = match self.date(&self.published, InputField::Published, i) {
            Ok(d) => d,
            Err(msg) => return bad(InputField::Published, msg),
        };
        let crawl_date = match self.date(&self.crawl_date, InputField::CrawlDate, i) {
            Ok(d) => d,
            Err(msg) => return bad(InputField::CrawlDate, msg),
        };
        // Every field is named: a field added to `ArticleMeta` must be given a column here
        // (and in `reader`), or `extract(read(path))` would lose it.
        let meta = ArticleMeta {
            id: ArticleId::new(id),
            title: owned(&self.title),
            source: owned(&self.source),
            original_source: owned(&self.original_source),
            authors: self.authors.as_ref().map(|a| a.get(i)).unwrap_or_default(),
            url: owned(&self.url),
            published,
            declared_language: owned(&self.language),
            crawl_date,
            origin,
        };
        InputRow::Article {
            raw: RawArticle {
                meta,
                text: text.to_string(),
                kind,
            },
            located,
        }
    }
}

/// The items of an input stream in reading order: each article, each unreadable item, and
/// each warning (after the item, or the file, that gave it).
pub fn stream_items(mut stream: ArticleStream) -> impl Iterator<Item = Result<RawArticle, Error>> {
    let mut queue: VecDeque<Result<RawArticle, Error>> = VecDeque::new();
    let mut done = false;
    std::iter::from_fn(move || loop {
        if let Some(x) = queue.pop_front() {
            return Some(x);
        }
        if done {
            return None;
        }
        match stream.next() {
            Some(item) => queue.push_back(item),
            None => done = true,
        }
        queue.extend(stream.take_warnings().into_iter().map(Err));
    })
}
