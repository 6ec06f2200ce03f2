//! The inputs the CLI reads, as a stream of Arrow record batches of articles
//! ([`super::input::input_schema`]): files and directories are resolved by
//! [`crate::ingest::discover`] and read by [`crate::ingest::ArticleStream`], so every input format
//! of the CLI is read here too, by the same code.
//!
//! HTML pages come out as their main text and metadata (`format` = `extracted`); plain text and
//! JSONL articles as they were read (`format` = `plain`). An item that cannot be read, and each
//! warning, is a row of its own with `error` and `error_kind` set (and `id`, `path`, `line`
//! where known), so that reading never stops at one bad article and an extraction of these rows
//! reports exactly what the CLI reports.

use std::path::PathBuf;

use arrow::array::{
    ArrayBuilder, ArrayRef, Date32Builder, Int64Builder, ListBuilder, RecordBatch,
    RecordBatchReader, StringBuilder,
};
use arrow::datatypes::SchemaRef;
use arrow::error::ArrowError;

use super::input::{input_schema, stream_items, Format, InputField};
use super::{kind_name, Severity};
use crate::error::{Error, ErrorKind};
use crate::export::arrow::date32;
use crate::ingest::{self, ArticleStream, RawArticle};

/// Batches are cut at this many bytes of text, whatever their number of rows.
const BATCH_TEXT_BYTES: usize = 8 << 20;

/// One column's builder.
enum Builder {
    Str(StringBuilder),
    List(ListBuilder<StringBuilder>),
    Date(Date32Builder),
    Int(Int64Builder),
}

impl Builder {
    fn new(f: InputField) -> Builder {
        match f {
            InputField::Authors => Builder::List(ListBuilder::new(StringBuilder::new())),
            InputField::Published | InputField::CrawlDate => Builder::Date(Date32Builder::new()),
            InputField::Line => Builder::Int(Int64Builder::new()),
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
            | InputField::Severity => Builder::Str(StringBuilder::new()),
        }
    }

    fn str(&mut self, v: Option<&str>) {
        if let Builder::Str(b) = self {
            b.append_option(v);
        }
    }

    fn date(&mut self, v: Option<i32>) {
        if let Builder::Date(b) = self {
            b.append_option(v);
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => ArrayBuilder::finish(b),
            Builder::List(b) => ArrayBuilder::finish(b),
            Builder::Date(b) => ArrayBuilder::finish(b),
            Builder::Int(b) => ArrayBuilder::finish(b),
        }
    }
}

/// The items of an input stream: articles, unreadable items and warnings, in reading order.
pub type Items = Box<dyn Iterator<Item = Result<RawArticle, Error>> + Send>;

/// The items of `paths` (files or directories, as `newsfacts export` takes them): first the
/// warning of each directory whose walk skipped files (as the CLI gives it), then the items of
/// the files ([`stream_items`]). A missing path, or no input file at all, is an error now.
pub fn open_items(paths: &[PathBuf], max_article_bytes: usize) -> Result<Items, Error> {
    let found = ingest::discover_all(paths)?;
    if found.inputs.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::usage(format!(
            "no input files found in {}",
            shown.join(", ")
        )));
    }
    let skipped: Vec<Result<RawArticle, Error>> = found
        .skipped
        .iter()
        .map(|(dir, files)| {
            let kind = ErrorKind::SkippedFiles {
                count: files.len() as u64,
            };
            Err(Error::at(kind, dir, ""))
        })
        .collect();
    let stream = ArticleStream::new(found.inputs, max_article_bytes);
    Ok(Box::new(skipped.into_iter().chain(stream_items(stream))))
}

/// A streaming reader of the articles of input files and directories.
pub struct ArticleReader {
    items: Items,
    schema: SchemaRef,
    batch_rows: usize,
    builders: Vec<Builder>,
}

impl ArticleReader {
    /// Opens `paths` (files or directories) as the CLI's `export` does: a missing path or an
    /// unsupported file is an error now; per-article problems are rows of the stream.
    pub fn open(
        paths: &[PathBuf],
        max_article_bytes: usize,
        batch_rows: usize,
    ) -> Result<ArticleReader, Error> {
        Ok(ArticleReader::new(
            open_items(paths, max_article_bytes)?,
            batch_rows,
        ))
    }

    /// Reads `items` ([`open_items`]), `batch_rows` rows (at most) a batch.
    pub fn new(items: Items, batch_rows: usize) -> ArticleReader {
        ArticleReader {
            items,
            schema: input_schema(),
            batch_rows: batch_rows.max(1),
            builders: InputField::ALL.iter().map(|&f| Builder::new(f)).collect(),
        }
    }

    fn builder(&mut self, f: InputField) -> Option<&mut Builder> {
        self.builders.get_mut(f as usize)
    }

    /// Appends an article row; returns the bytes of its text.
    fn push_article(&mut self, raw: RawArticle) -> usize {
        let raw = ingest::page::extract(raw);
        let m = &raw.meta;
        let format = Format::from(raw.kind);
        let path = m.origin.path.display().to_string();
        let line = m.origin.line.and_then(|l| i64::try_from(l).ok());
        let bytes = raw.text.len();
        for (i, b) in self.builders.iter_mut().enumerate() {
            let Some(&f) = InputField::ALL.get(i) else {
                continue;
            };
            match f {
                InputField::Id => b.str(Some(m.id.as_str())),
                InputField::Text => b.str(Some(&raw.text)),
                InputField::Format => b.str(Some(format.as_str())),
                InputField::Title => b.str(m.title.as_deref()),
                InputField::Source => b.str(m.source.as_deref()),
                InputField::OriginalSource => b.str(m.original_source.as_deref()),
                InputField::Url => b.str(m.url.as_deref()),
                InputField::Language => b.str(m.declared_language.as_deref()),
                InputField::Path => b.str(Some(&path)),
                InputField::Error | InputField::ErrorKind | InputField::Severity => b.str(None),
                InputField::Published => b.date(m.published.map(date32)),
                InputField::CrawlDate => b.date(m.crawl_date.map(date32)),
                InputField::Authors => {
                    if let Builder::List(b) = b {
                        for a in &m.authors {
                            b.values().append_value(a);
                        }
                        b.append(true);
                    }
                }
                InputField::Line => {
                    if let Builder::Int(b) = b {
                        b.append_option(line);
                    }
                }
            }
        }
        bytes
    }

    /// Appends the row of an item that is not an article.
    fn push_error(&mut self, e: &Error) {
        let message = e.to_string();
        let kind = kind_name(e.kind());
        let severity = if e.kind().is_warning() {
            Severity::Warning
        } else {
            Severity::Error
        };
        let path = e.path().map(|p| p.display().to_string());
        let id = e.article().map(|a| a.as_str().to_string());
        for &f in InputField::ALL {
            let Some(b) = self.builder(f) else { continue };
            match f {
                InputField::Id => b.str(id.as_deref()),
                InputField::Path => b.str(path.as_deref()),
                InputField::Error => b.str(Some(&message)),
                InputField::ErrorKind => b.str(Some(&kind)),
                InputField::Severity => b.str(Some(severity.as_str())),
                InputField::Line => {
                    if let Builder::Int(b) = b {
                        b.append_option(e.line().and_then(|l| i64::try_from(l).ok()));
                    }
                }
                InputField::Published | InputField::CrawlDate => b.date(None),
                InputField::Authors => {
                    if let Builder::List(b) = b {
                        b.append_null();
                    }
                }
                InputField::Text
                | InputField::Format
                | InputField::Title
                | InputField::Source
                | InputField::OriginalSource
                | InputField::Url
                | InputField::Language => b.str(None),
            }
        }
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let cols: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        RecordBatch::try_new(self.schema.clone(), cols)
    }
}

impl Iterator for ArticleReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut rows = 0;
        let mut bytes = 0;
        while rows < self.batch_rows && bytes < BATCH_TEXT_BYTES {
            match self.items.next() {
                None => break,
                Some(Ok(raw)) => bytes += self.push_article(raw),
                Some(Err(e)) => self.push_error(&e),
            }
            rows += 1;
        }
        (rows > 0).then(|| self.finish())
    }
}

impl RecordBatchReader for ArticleReader {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}
