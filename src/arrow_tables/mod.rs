//! Articles in, Arrow record batches out: the library side of the Python package and of the
//! Spark integration.
//!
//! - [`input`] turns the columns of an Arrow record batch (a pyarrow or pandas table, a Spark
//!   partition) into articles, one per row, by the rules of the JSONL reader;
//! - [`reader`] streams the inputs the CLI reads (through [`crate::ingest`]) as record batches
//!   of that same article schema ([`input::input_schema`]);
//! - [`Extractor`] runs every stage over the articles on a thread pool and collects each
//!   table's rows in Arrow builders ([`crate::export::arrow`], the one Arrow mapping of the
//!   schema): [`Extractor::finish`] gives one list of batches per table of
//!   [`crate::schema::TABLES`], plus the [`ERRORS`] table, and [`nested`] gives one nested row
//!   per article (the Spark form).
//!
//! An article that cannot be exported is a row of [`ERRORS`], never a failure of the call; the
//! call fails only for bad arguments (a missing column, a column of the wrong type, see
//! [`input::InputError`]). Rows come in input order, and within an article in the order of the
//! CLI's output, whatever the number of threads. Repeated article ids are reported as errors and
//! the first one is kept, as the CLI does.

pub mod input;
pub mod nested;
pub mod reader;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;
use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::dedup::Signature;
use crate::document::Origin;
use crate::error::{Error, ErrorKind};
use crate::export::arrow::{arrow_schema, BatchBuilder};
use crate::ingest::RawArticle;
use crate::model::{ArticleRows, Value};
use crate::schema::{ArticleRow, Column, ColumnType, Table, TableRow, TABLES};

use input::InputRow;

crate::vocab! {
    /// How grave a row of [`ERRORS`] is.
    pub enum Severity {
        /// The input row is not exported.
        Error => "error",
        /// The input row is exported; something in it was ignored (an unknown metadata field).
        Warning => "warning",
    }
}

/// The columns of [`ERRORS`].
const ERROR_COLUMNS: &[Column] = &[
    Column {
        name: "index",
        ty: ColumnType::Integer,
        required: true,
        description: "Position of the input row (0-based): the row of the data passed to `extract`, or the item of the input files in reading order.",
    },
    Column {
        name: "article_id",
        ty: ColumnType::String,
        required: false,
        description: "The article's id, when it was read.",
    },
    Column {
        name: "severity",
        ty: ColumnType::Enum(Severity::NAMES),
        required: true,
        description: "`error`: the input row was not exported; `warning`: it was, but part of it was ignored.",
    },
    Column {
        name: "kind",
        ty: ColumnType::String,
        required: true,
        description: "What went wrong, in snake_case (`empty_article`, `bad_field`, `duplicate_id`, `too_large`, `unknown_field`, …).",
    },
    Column {
        name: "path",
        ty: ColumnType::String,
        required: false,
        description: "The input file, when the row came from one.",
    },
    Column {
        name: "line",
        ty: ColumnType::Integer,
        required: false,
        description: "The 1-based line in `path` (JSONL), when known.",
    },
    Column {
        name: "message",
        ty: ColumnType::String,
        required: true,
        description: "The message as the CLI reports it: location, article and what is wrong.",
    },
];

/// The table of per-article errors and warnings of an extraction: one row per input row that
/// could not be exported (and per warning). Not a table of the dataset: it describes the run.
pub const ERRORS: Table = Table {
    name: "errors",
    description: "One row per input row that could not be exported, and per warning.",
    columns: ERROR_COLUMNS,
    primary_key: &["index"],
    foreign_keys: &[],
};

/// The table named `name`: one of [`TABLES`] or [`ERRORS`].
pub fn table(name: &str) -> Option<&'static Table> {
    crate::schema::table(name).or_else(|| (name == ERRORS.name).then_some(&ERRORS))
}

/// The name of an error kind in snake_case (`ErrorKind::TooLarge { .. }` → `too_large`), as the
/// `kind` column of [`ERRORS`] publishes it. Taken from the variant's name, so every kind has
/// one.
pub fn kind_name(kind: &ErrorKind) -> String {
    let debug = format!("{kind:?}");
    let mut out = String::new();
    let mut prev_lower = false;
    for c in debug.chars().take_while(|c| c.is_ascii_alphanumeric()) {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = true;
        }
    }
    out
}

/// One row of [`ERRORS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Position of the input row.
    pub index: u64,
    /// The article's id, if known.
    pub article_id: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// The kind, in snake_case ([`kind_name`]).
    pub kind: String,
    /// The input file, if any.
    pub path: Option<String>,
    /// The line in `path`, if any.
    pub line: Option<u64>,
    /// The full message.
    pub message: String,
}

impl Report {
    /// The report of `e` about input row `index`; `located` says whether the error's path is an
    /// input file (and not the `data[i]` label of an in-memory row).
    pub fn from_error(index: u64, e: &Error, located: bool) -> Report {
        Report {
            index,
            article_id: e.article().map(|a| a.as_str().to_string()),
            severity: if e.kind().is_warning() {
                Severity::Warning
            } else {
                Severity::Error
            },
            kind: kind_name(e.kind()),
            path: located
                .then(|| e.path().map(|p| p.display().to_string()))
                .flatten(),
            line: if located { e.line() } else { None },
            message: e.to_string(),
        }
    }

    /// The row's cells, in the column order of [`ERRORS`].
    pub fn to_row(&self) -> Vec<Value> {
        let s = |v: &Option<String>| v.clone().map_or(Value::Null, Value::Str);
        vec![
            Value::Int(i64::try_from(self.index).unwrap_or(i64::MAX)),
            s(&self.article_id),
            Value::Str(self.severity.as_str().to_string()),
            Value::Str(self.kind.clone()),
            s(&self.path),
            self.line.map_or(Value::Null, |l| {
                Value::Int(i64::try_from(l).unwrap_or(i64::MAX))
            }),
            Value::Str(self.message.clone()),
        ]
    }
}

/// Options of an [`Extractor`].
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Worker threads; `None` = all cores, `Some(1)` = one (as a Spark task runs).
    pub threads: Option<usize>,
    /// Articles larger than this are rejected (as `--max-article-bytes`).
    pub max_article_bytes: usize,
    /// Articles processed together.
    pub batch: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            threads: None,
            max_article_bytes: crate::pipeline::DEFAULT_MAX_ARTICLE_BYTES,
            batch: crate::pipeline::DEFAULT_BATCH,
        }
    }
}

/// One input row, numbered.
#[derive(Debug)]
pub struct Item {
    /// Position of the row in the input.
    pub index: u64,
    /// The row.
    pub row: InputRow,
}

/// An exported article.
#[derive(Debug)]
pub struct Exported {
    /// Position of its input row.
    pub index: u64,
    /// Where it was read (for the report of a repeated id).
    pub origin: Origin,
    /// Whether `origin` is an input file.
    pub located: bool,
    /// Its rows for every table.
    pub rows: ArticleRows,
    /// The warning the CLI gives for it: an article not in English, exported without entities,
    /// quotes or events.
    pub warning: Option<Report>,
}

/// What became of one input row.
#[derive(Debug)]
pub enum Outcome {
    /// Exported.
    Rows(Box<Exported>),
    /// Not an article, or not exported.
    Report(Report),
}

/// Output batches are cut at this many rows (as Parquet row groups are).
pub const BATCH_ROWS: usize = 32_768;
/// ... or at this many bytes of data.
pub const BATCH_BYTES: usize = 8 << 20;

/// A table's builder and its finished batches.
struct Sink {
    schema: SchemaRef,
    builder: BatchBuilder,
    done: Vec<RecordBatch>,
}

impl Sink {
    fn new(t: &Table) -> Sink {
        Sink {
            schema: arrow_schema(t),
            builder: BatchBuilder::new(t),
            done: Vec::new(),
        }
    }

    fn append(&mut self, row: &[Value]) -> Result<(), ArrowError> {
        self.builder.append(row);
        if self.builder.rows() >= BATCH_ROWS || self.builder.bytes() >= BATCH_BYTES {
            self.done.push(self.builder.finish()?);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(SchemaRef, Vec<RecordBatch>), ArrowError> {
        if self.builder.rows() > 0 || self.done.is_empty() {
            self.done.push(self.builder.finish()?);
        }
        Ok((self.schema, self.done))
    }
}

/// The result of an extraction: per table, its schema and batches.
#[derive(Debug)]
pub struct Extracted {
    /// One entry per table of [`TABLES`], in that order, then [`ERRORS`].
    pub tables: Vec<(&'static Table, SchemaRef, Vec<RecordBatch>)>,
}

/// Runs the stages over articles and collects the rows of every table as Arrow batches.
pub struct Extractor {
    pool: rayon::ThreadPool,
    opts: ExtractOptions,
    /// Rows waiting to be processed (fewer than one batch).
    queue: Vec<Item>,
    /// Outcomes processed and not yet appended (appended while the next batch is processed).
    pending: Vec<Outcome>,
    tables: Vec<Sink>,
    errors: Sink,
    /// Ids of the exported articles: a repeated id is an error, the first one is kept.
    seen: FxHashSet<String>,
    /// The id and near-duplicate signature of each row of `articles`, in row order:
    /// `articles.duplicate_of` is filled when every article is known ([`Extractor::finish`]).
    signatures: Vec<(String, Option<Signature>)>,
    next_index: u64,
}

impl Extractor {
    /// An extractor with its own thread pool.
    pub fn new(opts: ExtractOptions) -> Result<Extractor, Error> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.threads.unwrap_or(0))
            .build()
            .map_err(|e| Error::internal(format!("cannot start threads: {e}")))?;
        Ok(Extractor {
            pool,
            opts: ExtractOptions {
                batch: opts.batch.max(1),
                ..opts
            },
            queue: Vec::new(),
            pending: Vec::new(),
            tables: TABLES.iter().map(Sink::new).collect(),
            errors: Sink::new(&ERRORS),
            seen: FxHashSet::default(),
            signatures: Vec::new(),
            next_index: 0,
        })
    }

    /// The options.
    pub fn options(&self) -> &ExtractOptions {
        &self.opts
    }

    /// The index the next input row gets.
    pub fn next_index(&self) -> u64 {
        self.next_index
    }

    /// Adds the rows of one record batch of articles (see [`input::ArticleColumns`]); they are
    /// processed as batches fill up.
    pub fn push_batch(
        &mut self,
        batch: &RecordBatch,
        names: &input::FieldNames,
    ) -> Result<(), input::InputError> {
        let cols = input::ArticleColumns::new(batch, names)?;
        for i in 0..batch.num_rows() {
            let index = self.next_index;
            self.next_index += 1;
            let row = cols.row(i, index, self.opts.max_article_bytes);
            self.queue.push(Item { index, row });
            if self.queue.len() >= self.opts.batch {
                self.run_queue().map_err(input::InputError::Arrow)?;
            }
        }
        Ok(())
    }

    /// Adds every item of an input stream (the files the CLI reads, [`reader::open_items`]):
    /// articles, unreadable items and warnings, in reading order.
    pub fn push_items(
        &mut self,
        items: impl IntoIterator<Item = Result<RawArticle, Error>>,
    ) -> Result<(), ArrowError> {
        for item in items {
            let index = self.next_index;
            self.next_index += 1;
            let row = match item {
                Ok(raw) => InputRow::Article { raw, located: true },
                Err(e) => InputRow::Report(Report::from_error(index, &e, true)),
            };
            self.queue.push(Item { index, row });
            if self.queue.len() >= self.opts.batch {
                self.run_queue()?;
            }
        }
        Ok(())
    }

    /// Processes the queued rows while the previous outcomes are appended.
    fn run_queue(&mut self) -> Result<(), ArrowError> {
        let items = std::mem::take(&mut self.queue);
        let pending = std::mem::take(&mut self.pending);
        let Extractor {
            pool,
            tables,
            errors,
            seen,
            signatures,
            ..
        } = self;
        let (appended, outcomes) = pool.install(|| {
            rayon::join(
                || append(tables, errors, seen, signatures, pending),
                || process_items(items),
            )
        });
        appended?;
        self.pending = outcomes;
        Ok(())
    }

    /// Processes what is left and returns every table, `articles.duplicate_of` filled as the
    /// CLI fills it (the near duplicates among all the exported articles).
    pub fn finish(mut self) -> Result<Extracted, ArrowError> {
        self.run_queue()?;
        let pending = std::mem::take(&mut self.pending);
        append(
            &mut self.tables,
            &mut self.errors,
            &mut self.seen,
            &mut self.signatures,
            pending,
        )?;
        let duplicates = duplicates_of(&self.signatures);
        let mut out = Vec::with_capacity(TABLES.len() + 1);
        for (i, (t, sink)) in TABLES.iter().zip(self.tables).enumerate() {
            let (schema, mut batches) = sink.finish()?;
            if i == ArticleRow::INDEX {
                batches = with_duplicates(t, batches, &duplicates)?;
            }
            out.push((t, schema, batches));
        }
        let (schema, batches) = self.errors.finish()?;
        out.push((&ERRORS, schema, batches));
        Ok(Extracted { tables: out })
    }

    /// Processes one record batch completely and returns each row's outcome, in order (the
    /// nested form of [`nested`] is built from them). Repeated ids are reported, across calls.
    pub fn outcomes(
        &mut self,
        batch: &RecordBatch,
        names: &input::FieldNames,
    ) -> Result<Vec<Outcome>, input::InputError> {
        let cols = input::ArticleColumns::new(batch, names)?;
        let mut items = Vec::with_capacity(batch.num_rows());
        for i in 0..batch.num_rows() {
            let index = self.next_index;
            self.next_index += 1;
            items.push(Item {
                index,
                row: cols.row(i, index, self.opts.max_article_bytes),
            });
        }
        let step = self.opts.batch;
        let mut out = Vec::with_capacity(items.len());
        let mut rest = items.into_iter();
        loop {
            let chunk: Vec<Item> = rest.by_ref().take(step).collect();
            if chunk.is_empty() {
                break;
            }
            let done = self.pool.install(|| process_items(chunk));
            for o in done {
                out.push(dedup(&mut self.seen, o));
            }
        }
        Ok(out)
    }
}

/// Appends outcomes to the tables, reporting repeated ids and keeping each article's signature.
fn append(
    tables: &mut [Sink],
    errors: &mut Sink,
    seen: &mut FxHashSet<String>,
    signatures: &mut Vec<(String, Option<Signature>)>,
    outcomes: Vec<Outcome>,
) -> Result<(), ArrowError> {
    for o in outcomes {
        match dedup(seen, o) {
            Outcome::Rows(a) => {
                signatures.push((a.rows.article_id().to_string(), a.rows.signature().copied()));
                for (sink, rows) in tables.iter_mut().zip(a.rows.tables()) {
                    for r in rows {
                        sink.append(r)?;
                    }
                }
                if let Some(w) = &a.warning {
                    errors.append(&w.to_row())?;
                }
            }
            Outcome::Report(r) => errors.append(&r.to_row())?,
        }
    }
    Ok(())
}

/// `articles.duplicate_of` of each article of `signatures` (id and signature, in row order), as
/// the CLI's writers find it: the articles go through the near-duplicate index in id order.
fn duplicates_of(signatures: &[(String, Option<Signature>)]) -> Vec<Option<String>> {
    let mut order: Vec<usize> = (0..signatures.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let id = |i: usize| signatures.get(i).map(|s| s.0.as_str());
        id(a).cmp(&id(b))
    });
    let mut index = crate::dedup::Index::new();
    let mut out = vec![None; signatures.len()];
    for i in order {
        if let (Some((id, sig)), Some(slot)) = (signatures.get(i), out.get_mut(i)) {
            *slot = index.add(id, sig.as_ref()).map(str::to_string);
        }
    }
    out
}

/// The batches of `articles` (`t`) with their `duplicate_of` column set to `duplicates` (one
/// per row, in row order).
fn with_duplicates(
    t: &Table,
    batches: Vec<RecordBatch>,
    duplicates: &[Option<String>],
) -> Result<Vec<RecordBatch>, ArrowError> {
    let Some(column) = t.column_index("duplicate_of") else {
        return Ok(batches);
    };
    let mut rest = duplicates;
    let mut out = Vec::with_capacity(batches.len());
    for b in batches {
        let (here, later) = rest.split_at(b.num_rows().min(rest.len()));
        rest = later;
        let mut columns = b.columns().to_vec();
        if let Some(c) = columns.get_mut(column) {
            *c = std::sync::Arc::new(arrow::array::StringArray::from_iter(here));
        }
        out.push(RecordBatch::try_new(b.schema(), columns)?);
    }
    Ok(out)
}

/// Turns the rows of an article whose id was seen before into a report.
fn dedup(seen: &mut FxHashSet<String>, o: Outcome) -> Outcome {
    match o {
        Outcome::Rows(a) => {
            if seen.insert(a.rows.article_id().to_string()) {
                Outcome::Rows(a)
            } else {
                let e = Error::new(
                    ErrorKind::DuplicateId,
                    "duplicate article id; the first one is kept",
                )
                .with_origin(&a.origin, a.rows.article_id());
                Outcome::Report(Report::from_error(a.index, &e, a.located))
            }
        }
        r => r,
    }
}

/// Processes items in parallel on the current pool, keeping their order.
fn process_items(items: Vec<Item>) -> Vec<Outcome> {
    items.into_par_iter().map(process_item).collect()
}

/// Processes one item: an article through every stage, a report as it is.
pub fn process_item(item: Item) -> Outcome {
    match item.row {
        InputRow::Report(r) => Outcome::Report(r),
        InputRow::Article { raw, located } => {
            let origin = raw.meta.origin.clone();
            // English-only extraction, as the CLI does by default, with its warning for an
            // article in another language (each one: a row of `errors` costs nothing)
            match crate::pipeline::process_guarded(raw, false) {
                Ok((rows, warning)) => Outcome::Rows(Box::new(Exported {
                    index: item.index,
                    origin,
                    located,
                    rows,
                    warning: warning.map(|w| Report::from_error(item.index, &w, located)),
                })),
                Err(e) => Outcome::Report(Report::from_error(item.index, &e, located)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{
        Array, ArrayRef, Int64Array, LargeStringArray, ListArray, StringArray, StringViewArray,
    };
    use arrow::compute::concat_batches;
    use arrow::datatypes::{DataType, Field, Schema};

    use super::input::{FieldNames, InputError, InputField, Selection};
    use super::*;
    use crate::ingest::{ArticleStream, TextKind};

    const SPORTS: &str = "Coach Dalia Fenwick said on Tuesday that the Harbor City Gulls would sign striker Tomas Villar.\n\"We needed speed,\" Fenwick told reporters in Port Ellery.";
    const BUSINESS: &str = "Marrow Foods, a snack maker based in Lindqvist, agreed to buy Kettle Ridge Farms for $40 million, chief executive Orla Pascoe said.";
    const COURT: &str = "A judge in Westbrook sentenced Caleb Orrin to four years on Monday. Prosecutor Mina Szabo said the ruling \"sends a message.\"";

    fn strings(v: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(v.to_vec()))
    }

    fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
        let fields: Vec<Field> = cols
            .iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect();
        let arrays = cols.into_iter().map(|(_, a)| a).collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
    }

    fn articles() -> RecordBatch {
        batch(vec![
            ("id", strings(&[Some("s1"), Some("b1"), Some("c1")])),
            (
                "text",
                strings(&[Some(SPORTS), Some(BUSINESS), Some(COURT)]),
            ),
            (
                "published",
                strings(&[Some("2024-03-05"), None, Some("2023-11-20")]),
            ),
        ])
    }

    fn run(batches: &[RecordBatch], names: &FieldNames, threads: usize) -> Extracted {
        let mut ex = Extractor::new(ExtractOptions {
            threads: Some(threads),
            batch: 2,
            ..Default::default()
        })
        .unwrap();
        for b in batches {
            ex.push_batch(b, names).unwrap();
        }
        ex.finish().unwrap()
    }

    /// Column `name` of the first `errors` row, as text.
    fn first_error_text(e: &RecordBatch, name: &str) -> String {
        let c = e.column(ERRORS.column_index(name).unwrap());
        c.as_any()
            .downcast_ref::<StringArray>()
            .unwrap()
            .value(0)
            .to_string()
    }

    fn table_of(out: &Extracted, name: &str) -> RecordBatch {
        let (_, schema, batches) = out.tables.iter().find(|(t, _, _)| t.name == name).unwrap();
        concat_batches(schema, batches).unwrap()
    }

    /// The rows the pipeline (the CLI's `process`) gives for these articles, as one batch per
    /// table.
    fn expected(raws: Vec<crate::ingest::RawArticle>) -> Vec<RecordBatch> {
        let mut builders: Vec<BatchBuilder> = TABLES.iter().map(BatchBuilder::new).collect();
        for raw in raws {
            let (_, rows) = crate::pipeline::process(raw).unwrap();
            for (b, rows) in builders.iter_mut().zip(rows.tables()) {
                b.extend(rows);
            }
        }
        builders.iter_mut().map(|b| b.finish().unwrap()).collect()
    }

    fn raw(id: &str, text: &str, published: Option<&str>) -> crate::ingest::RawArticle {
        crate::ingest::RawArticle {
            meta: crate::document::ArticleMeta {
                id: crate::document::ArticleId::new(id),
                published: published.and_then(crate::ingest::parse_date),
                ..Default::default()
            },
            text: text.into(),
            kind: TextKind::Plain,
        }
    }

    #[test]
    fn kinds_are_named_in_snake_case() {
        use crate::error::{BadId, SizeUnit};
        let tl = ErrorKind::TooLarge {
            unit: SizeUnit::Article,
            bytes: None,
            limit: 1,
        };
        assert_eq!(kind_name(&tl), "too_large");
        assert_eq!(kind_name(&ErrorKind::InvalidUtf8), "invalid_utf8");
        assert_eq!(kind_name(&ErrorKind::BadId(BadId::Empty)), "bad_id");
        assert_eq!(kind_name(&ErrorKind::MalformedJson), "malformed_json");
        let w = ErrorKind::UnknownField {
            field: "x".into(),
            more_lines: 2,
        };
        assert_eq!(kind_name(&w), "unknown_field");
        assert_eq!(table("errors").map(|t| t.name), Some("errors"));
        assert_eq!(table("people").map(|t| t.name), Some("people"));
        assert!(table("nope").is_none());
    }

    #[test]
    fn extraction_gives_the_pipelines_rows_for_any_thread_count() {
        let want = expected(vec![
            raw("s1", SPORTS, Some("2024-03-05")),
            raw("b1", BUSINESS, None),
            raw("c1", COURT, Some("2023-11-20")),
        ]);
        let b = articles();
        // the same rows in two record batches of the input
        let split = [b.slice(0, 1), b.slice(1, 2)];
        for (threads, input) in [(1, &[b.clone()][..]), (2, &split[..])] {
            let out = run(input, &FieldNames::default(), threads);
            assert_eq!(out.tables.len(), TABLES.len() + 1);
            for (t, w) in TABLES.iter().zip(&want) {
                assert_eq!(&table_of(&out, t.name), w, "table {}", t.name);
            }
            assert_eq!(table_of(&out, "errors").num_rows(), 0);
        }
        assert!(want[1].num_rows() > 3, "people found");
    }

    #[test]
    fn every_string_layout_reads_alike() {
        let base = run(&[articles()], &FieldNames::default(), 1);
        let texts = [Some(SPORTS), Some(BUSINESS), Some(COURT)];
        let ids = [Some("s1"), Some("b1"), Some("c1")];
        let dates = [Some("2024-03-05"), None, Some("2023-11-20")];
        let large = batch(vec![
            ("id", Arc::new(LargeStringArray::from(ids.to_vec()))),
            ("text", Arc::new(LargeStringArray::from(texts.to_vec()))),
            (
                "published",
                Arc::new(LargeStringArray::from(dates.to_vec())),
            ),
        ]);
        let view = batch(vec![
            ("id", Arc::new(StringViewArray::from(ids.to_vec()))),
            ("text", Arc::new(StringViewArray::from(texts.to_vec()))),
            (
                "published",
                Arc::new(arrow::array::Date32Array::from(vec![
                    Some(19787),
                    None,
                    Some(19681),
                ])),
            ),
        ]);
        for b in [large, view] {
            let out = run(&[b], &FieldNames::default(), 1);
            for t in TABLES {
                assert_eq!(
                    table_of(&out, t.name),
                    table_of(&base, t.name),
                    "{}",
                    t.name
                );
            }
        }
    }

    #[test]
    fn columns_are_chosen_by_name() {
        let b = batch(vec![
            ("doc", Arc::new(Int64Array::from(vec![7, 8]))),
            ("body", strings(&[Some(BUSINESS), Some(COURT)])),
            (
                "published",
                strings(&[Some("not a date"), Some("also not")]),
            ),
        ]);
        let mut names = FieldNames::default();
        names.set(InputField::Id, Selection::Column("doc".into()));
        names.set(InputField::Text, Selection::Column("body".into()));
        names.set(InputField::Published, Selection::Off);
        let out = run(&[b], &names, 1);
        let a = table_of(&out, "articles");
        let ids = a.column(0).as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!((ids.value(0), ids.value(1)), ("7", "8"));
        assert_eq!(table_of(&out, "errors").num_rows(), 0);
    }

    #[test]
    fn bad_rows_are_reported_and_the_others_exported() {
        let b = batch(vec![
            (
                "id",
                strings(&[
                    Some("a"),
                    None,
                    Some("c"),
                    Some("a"),
                    Some("e"),
                    Some("f\u{1}"),
                ]),
            ),
            (
                "text",
                strings(&[
                    Some(SPORTS),
                    Some(COURT),
                    None,
                    Some(BUSINESS),
                    Some("  \n "),
                    Some(COURT),
                ]),
            ),
            ("published", strings(&[None, None, None, None, None, None])),
        ]);
        let b2 = batch(vec![
            ("id", strings(&[Some("g")])),
            ("text", strings(&[Some(COURT)])),
            ("published", strings(&[Some("May 5")])),
        ]);
        let out = run(&[b, b2], &FieldNames::default(), 2);
        let a = table_of(&out, "articles");
        assert_eq!(a.num_rows(), 1, "only the first `a` is exported");
        let e = table_of(&out, "errors");
        let col = |n: &str| {
            e.column(ERRORS.column_index(n).unwrap())
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .iter()
                .map(|v| v.map(str::to_string))
                .collect::<Vec<_>>()
        };
        let index = e
            .column(0)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap()
            .values()
            .to_vec();
        assert_eq!(index, [1, 2, 3, 4, 5, 6]);
        let kinds: Vec<String> = col("kind").into_iter().flatten().collect();
        assert_eq!(
            kinds,
            [
                "bad_field",
                "bad_field",
                "duplicate_id",
                "empty_article",
                "bad_id",
                "bad_field"
            ]
        );
        let messages: Vec<String> = col("message").into_iter().flatten().collect();
        assert_eq!(messages[0], "data[1]: missing `id`");
        assert_eq!(messages[1], "data[2]: article \"c\": missing `text`");
        assert_eq!(
            messages[2],
            "data[3]: article \"a\": duplicate article id; the first one is kept"
        );
        assert!(messages[5].contains("`published` is not an ISO date: \"May 5\""));
        assert!(col("path").iter().all(Option::is_none));
        assert!(col("severity")
            .iter()
            .all(|s| s.as_deref() == Some("error")));
    }

    #[test]
    fn bad_columns_fail_the_call() {
        let mut ex = Extractor::new(ExtractOptions::default()).unwrap();
        let no_text = batch(vec![("id", strings(&[Some("a")]))]);
        let e = ex.push_batch(&no_text, &FieldNames::default()).unwrap_err();
        assert!(matches!(
            e,
            InputError::MissingColumn {
                field: InputField::Text,
                ..
            }
        ));
        assert!(e.to_string().contains("no column \"text\""), "{e}");
        let int_text = batch(vec![
            ("id", strings(&[Some("a")])),
            ("text", Arc::new(Int64Array::from(vec![1]))),
        ]);
        let e = ex
            .push_batch(&int_text, &FieldNames::default())
            .unwrap_err();
        assert!(
            matches!(
                e,
                InputError::WrongType {
                    field: InputField::Text,
                    ..
                }
            ),
            "{e}"
        );
        let bool_date = batch(vec![
            ("id", strings(&[Some("a")])),
            ("text", strings(&[Some(COURT)])),
            (
                "published",
                Arc::new(arrow::array::BooleanArray::from(vec![true])),
            ),
        ]);
        let e = ex
            .push_batch(&bool_date, &FieldNames::default())
            .unwrap_err();
        assert!(e.to_string().contains("`published`"), "{e}");
        let mut names = FieldNames::default();
        names.set(InputField::Title, Selection::Column("headline".into()));
        let e = ex.push_batch(&articles(), &names).unwrap_err();
        assert!(matches!(
            e,
            InputError::MissingColumn {
                field: InputField::Title,
                ..
            }
        ));
    }

    /// Every column of the `articles` table is an input field (under its own name, or
    /// `declared_language` as `language`) or computed from the text: a new metadata column must
    /// be added to `InputField` (and read in `ArticleColumns::row` and `reader`), or
    /// `extract(read(path))` would lose it.
    #[test]
    fn input_fields_cover_the_articles_table() {
        const COMPUTED: &[&str] = &[
            "text_sha256",
            "char_count",
            "word_count",
            "paragraph_count",
            "sentence_count",
            // decided by the pipeline: the language of the text, how, and near duplicates
            "language",
            "language_basis",
            "duplicate_of",
        ];
        let articles = crate::schema::table("articles").unwrap();
        for c in articles.columns {
            let name = match c.name {
                "article_id" => "id",
                "declared_language" => "language",
                n => n,
            };
            assert!(
                COMPUTED.contains(&c.name) || name.parse::<InputField>().is_ok(),
                "articles.{} is neither an input field nor computed from the text",
                c.name
            );
        }
    }

    /// `data` as one gzip member.
    fn gz(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// A WARC response record of an HTML page with `body` paragraphs, crawled on `date`, as
    /// one gzip member (as CC-NEWS writes them).
    fn warc_response(id: &str, date: &str, title: &str, body: &str, lang: &str) -> Vec<u8> {
        let html = format!(
            "<html lang=\"{lang}\"><head><title>{title}</title></head><body><article><p>{}</p></article></body></html>",
            body.replace('\n', "</p><p>")
        );
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        let mut v = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: {date}\r\nWARC-Target-URI: https://news.example/{id}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        v.extend_from_slice(http.as_bytes());
        v.extend_from_slice(b"\r\n\r\n");
        gz(&v)
    }

    const SPANISH: &str = "La empresa de telecomunicaciones Veloxa anunció el martes la compra de su rival Ondanet por 1.200 millones de euros. El consejero delegado afirmó que la operación permitirá ampliar la red de fibra óptica en las zonas rurales del país.";

    #[test]
    fn warc_rows_carry_the_crawl_date_and_extract_as_the_cli_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut warc = warc_response("0001", "2024-03-05T06:07:08Z", "Gulls sign", SPORTS, "en");
        warc.extend(warc_response(
            "0002",
            "2024-03-06T23:59:59Z",
            "Sentenced",
            COURT,
            "en-GB",
        ));
        warc.extend(warc_response(
            "0003",
            "2024-03-07T00:00:00Z",
            "Veloxa",
            SPANISH,
            "es",
        ));
        std::fs::write(dir.path().join("crawl.warc.gz"), warc).unwrap();
        let paths = vec![dir.path().join("crawl.warc.gz")];
        let batches: Vec<RecordBatch> = reader::ArticleReader::open(&paths, 1 << 20, 2)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let all = concat_batches(&input::input_schema(), &batches).unwrap();
        let dates = all.column_by_name("crawl_date").unwrap();
        let dates = dates
            .as_any()
            .downcast_ref::<arrow::array::Date32Array>()
            .unwrap();
        let days: Vec<Option<String>> = (0..dates.len())
            .map(|i| dates.value_as_date(i).map(|d| d.to_string()))
            .collect();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(days, [s("2024-03-05"), s("2024-03-06"), s("2024-03-07")]);

        // the rows of `read` extract to the rows of the files, which are the CLI's
        let via_batches = run(&batches, &FieldNames::default(), 1);
        let mut ex = Extractor::new(ExtractOptions::default()).unwrap();
        ex.push_items(reader::open_items(&paths, 1 << 20).unwrap())
            .unwrap();
        let via_files = ex.finish().unwrap();
        for t in nested::tables() {
            assert_eq!(
                table_of(&via_batches, t.name),
                table_of(&via_files, t.name),
                "{}",
                t.name
            );
        }
        let raws: Vec<crate::ingest::RawArticle> = input::stream_items(ArticleStream::new(
            crate::ingest::discover(&paths).unwrap(),
            1 << 20,
        ))
        .map(Result::unwrap)
        .collect();
        let want = expected(raws);
        for (t, w) in TABLES.iter().zip(&want) {
            assert_eq!(&table_of(&via_batches, t.name), w, "table {}", t.name);
        }
        let a = table_of(&via_batches, "articles");
        let col = |n: &str| {
            a.column(
                crate::schema::table("articles")
                    .unwrap()
                    .column_index(n)
                    .unwrap(),
            )
            .clone()
        };
        let crawl = col("crawl_date");
        assert_eq!(
            crawl.null_count(),
            0,
            "every WARC article has its crawl date"
        );
        let declared = col("declared_language");
        let declared = declared.as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(
            declared.iter().collect::<Vec<_>>(),
            [Some("en"), Some("en"), Some("es")]
        );
    }

    #[test]
    fn an_article_not_in_english_is_exported_with_the_clis_warning() {
        let b = batch(vec![
            ("id", strings(&[Some("es-1"), Some("s1")])),
            ("text", strings(&[Some(SPANISH), Some(SPORTS)])),
        ]);
        let out = run(std::slice::from_ref(&b), &FieldNames::default(), 1);
        assert_eq!(table_of(&out, "articles").num_rows(), 2, "both exported");
        let people = table_of(&out, "people");
        let ids = people
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert!(ids.iter().all(|i| i == Some("s1")), "no entities for es-1");
        let e = table_of(&out, "errors");
        assert_eq!(e.num_rows(), 1);
        let col = |n: &str| first_error_text(&e, n);
        assert_eq!(col("kind"), "not_english");
        assert_eq!(col("severity"), "warning");
        assert_eq!(col("article_id"), "es-1");
        assert!(
            col("message").starts_with("data[0]: article \"es-1\": language es ("),
            "{}",
            col("message")
        );
        // the nested form has the warning in the article's row
        let mut ex = Extractor::new(ExtractOptions {
            threads: Some(1),
            ..Default::default()
        })
        .unwrap();
        let n = nested::nested(&ex.outcomes(&b, &FieldNames::default()).unwrap()).unwrap();
        let errors = n.column_by_name("errors").unwrap();
        let errors = errors.as_any().downcast_ref::<ListArray>().unwrap();
        assert_eq!((errors.value_length(0), errors.value_length(1)), (1, 0));
    }

    #[test]
    fn files_a_directory_walk_skips_are_a_warning_first() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", COURT);
        write(dir.path(), "notes.csv", "a,b\n");
        write(dir.path(), "readme.md", "x");
        let paths = vec![dir.path().to_path_buf()];
        let mut ex = Extractor::new(ExtractOptions::default()).unwrap();
        ex.push_items(reader::open_items(&paths, 1 << 20).unwrap())
            .unwrap();
        let out = ex.finish().unwrap();
        assert_eq!(table_of(&out, "articles").num_rows(), 1);
        let e = table_of(&out, "errors");
        assert_eq!(e.num_rows(), 1);
        let col = |n: &str| first_error_text(&e, n);
        assert_eq!(
            (col("kind").as_str(), col("severity").as_str()),
            ("skipped_files", "warning")
        );
        assert!(col("message").contains('2'), "{}", col("message"));
        // read() gives the same warning as a row with its severity
        let rows: Vec<RecordBatch> = reader::ArticleReader::open(&paths, 1 << 20, 8)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let sev = rows[0].column_by_name("severity").unwrap();
        let sev = sev.as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!((sev.value(0), sev.is_null(1)), ("warning", true));
        let via = run(&rows, &FieldNames::default(), 1);
        assert_eq!(table_of(&via, "errors"), e);
    }

    fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn files_read_as_batches_extract_as_the_files_do() {
        let dir = tempfile::tempdir().unwrap();
        let line = |id: &str, text: &str| {
            serde_json::json!({"id": id, "text": text, "desk": "x"}).to_string()
        };
        let jsonl = format!(
            "{}\n{{\"id\": \"broken\"\n{}\n",
            line("j1", SPORTS),
            line("j2", BUSINESS)
        );
        write(dir.path(), "a.jsonl", &jsonl);
        write(dir.path(), "b.txt", COURT);
        write(
            dir.path(),
            "b.meta.json",
            r#"{"title": "Sentenced", "published": "2024-01-02"}"#,
        );
        let paths = vec![dir.path().to_path_buf()];
        let reader = reader::ArticleReader::open(&paths, 1 << 20, 2).unwrap();
        let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
        assert_eq!(batches.len(), 3, "5 rows, 2 a batch");
        let all = concat_batches(&input::input_schema(), &batches).unwrap();
        assert_eq!(all.num_rows(), 5);
        let col = |n: &str| {
            let c = all.column_by_name(n).unwrap();
            c.as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .iter()
                .map(|v| v.map(str::to_string))
                .collect::<Vec<_>>()
        };
        let s = |v: &str| Some(v.to_string());
        // the JSONL file's warning comes when the file has been read, with the next item
        assert_eq!(col("id"), [s("j1"), None, s("j2"), s("b"), None]);
        assert_eq!(
            col("error_kind"),
            [None, s("malformed_json"), None, None, s("unknown_field")]
        );
        assert_eq!(col("title")[3], s("Sentenced"));
        assert!(col("error")[1]
            .as_deref()
            .unwrap()
            .contains("a.jsonl:2: malformed JSON"));
        let lines = all.column_by_name("line").unwrap();
        let lines = lines.as_any().downcast_ref::<Int64Array>().unwrap();
        assert_eq!(
            lines.iter().collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3), None, Some(1)]
        );
        let authors = all.column_by_name("authors").unwrap();
        assert_eq!(
            authors
                .as_any()
                .downcast_ref::<ListArray>()
                .unwrap()
                .null_count(),
            2
        );

        let via_batches = run(&batches, &FieldNames::default(), 1);
        let inputs = crate::ingest::discover(&paths).unwrap();
        let mut ex = Extractor::new(ExtractOptions {
            threads: Some(2),
            ..Default::default()
        })
        .unwrap();
        ex.push_items(input::stream_items(ArticleStream::new(inputs, 1 << 20)))
            .unwrap();
        let via_files = ex.finish().unwrap();
        for t in nested::tables() {
            assert_eq!(
                table_of(&via_batches, t.name),
                table_of(&via_files, t.name),
                "{}",
                t.name
            );
        }
        let e = table_of(&via_files, "errors");
        assert_eq!(e.num_rows(), 2);
        let sev = e.column(2).as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!((sev.value(0), sev.value(1)), ("error", "warning"));
        assert_eq!(table_of(&via_files, "articles").num_rows(), 3);
    }

    #[test]
    fn duplicate_of_points_to_the_smallest_id_of_near_duplicates_as_the_cli_does() {
        let copy = format!("{COURT} (Wire service)");
        let b = batch(vec![
            (
                "id",
                strings(&[Some("z-copy"), Some("s1"), Some("c-first"), Some("m-copy")]),
            ),
            (
                "text",
                strings(&[Some(&copy), Some(SPORTS), Some(COURT), Some(&copy)]),
            ),
        ]);
        for threads in [1, 2] {
            let out = run(std::slice::from_ref(&b), &FieldNames::default(), threads);
            let a = table_of(&out, "articles");
            let col = |n: &str| {
                let c = a.column(
                    crate::schema::table("articles")
                        .unwrap()
                        .column_index(n)
                        .unwrap(),
                );
                let c = c.as_any().downcast_ref::<StringArray>().unwrap();
                c.iter().map(|v| v.map(str::to_string)).collect::<Vec<_>>()
            };
            let first = Some("c-first".to_string());
            assert_eq!(
                col("article_id")[0].as_deref(),
                Some("z-copy"),
                "input order"
            );
            assert_eq!(col("duplicate_of"), [first.clone(), None, None, first]);
        }
    }

    #[test]
    fn the_nested_form_holds_each_articles_rows() {
        let b = batch(vec![
            ("id", strings(&[Some("s1"), Some("b1"), None, Some("c1")])),
            (
                "text",
                strings(&[Some(SPORTS), Some(BUSINESS), Some(COURT), Some(COURT)]),
            ),
        ]);
        let flat = run(std::slice::from_ref(&b), &FieldNames::default(), 1);
        let mut ex = Extractor::new(ExtractOptions {
            threads: Some(1),
            ..Default::default()
        })
        .unwrap();
        let outcomes = ex.outcomes(&b, &FieldNames::default()).unwrap();
        let n = nested::nested(&outcomes).unwrap();
        assert_eq!(n.schema(), nested::nested_schema());
        assert_eq!(n.num_rows(), 4);
        for t in nested::tables() {
            let list = n.column_by_name(t.name).unwrap();
            let list = list.as_any().downcast_ref::<ListArray>().unwrap();
            let values = RecordBatch::from(
                list.values()
                    .as_any()
                    .downcast_ref::<arrow::array::StructArray>()
                    .unwrap(),
            );
            assert_eq!(values, table_of(&flat, t.name), "{}", t.name);
        }
        let articles = n.column_by_name("articles").unwrap();
        let articles = articles.as_any().downcast_ref::<ListArray>().unwrap();
        let lens: Vec<i32> = (0..4).map(|i| articles.value_length(i)).collect();
        assert_eq!(lens, [1, 1, 0, 1]);
        let ids = n.column(0).as_any().downcast_ref::<StringArray>().unwrap();
        assert!(ids.is_null(2));
        assert_eq!(n.column(0).data_type(), &DataType::Utf8);
    }
}
