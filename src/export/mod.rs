//! Writers for the output formats, driven by [`crate::schema::TABLES`].
//!
//! Writers are sinks: rows of each article are pushed as they are produced, and files are
//! finished (CSV flushed, JSON array closed, Parquet footer written) by [`Writers::finish`].
//! JSON arrays and JSON Lines share one writer (`json_out`), which differs only in framing.
//! Nothing depends on the clock or on hash-map order, so the same rows give byte-identical files.

pub mod arrow;
mod csv_out;
mod json_out;
mod ordered;
mod parquet_out;

pub use ordered::{encode as encode_rows, Duplicate, OrderedSink};

// The output directory: what it was exported from, and its atomic replacement.
mod manifest;
mod staging;
pub use manifest::{path_text, InputFile, Manifest, ManifestOptions, MANIFEST};
pub use staging::{abandon_staging, check_out, Staging};

use std::path::{Path, PathBuf};

use crate::error::Error;
use rayon::prelude::*;

use crate::model::{validate_row, ArticleRows, Id, Row};
use crate::schema::{Table, TABLES};

/// A date as `YYYY-MM-DD`, exactly as chrono's `%Y-%m-%d` writes it: the ten bytes for years
/// 0..=9999, written digit by digit, or `None` for the rare years chrono writes with a sign.
fn iso_date(d: chrono::NaiveDate) -> Option<[u8; 10]> {
    use chrono::Datelike;
    let (m, day) = (d.month(), d.day());
    let y = u32::try_from(d.year()).ok().filter(|&y| y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    Some([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ])
}

/// Appends a date as `YYYY-MM-DD`, exactly as chrono's `%Y-%m-%d` writes it.
fn push_date(buf: &mut String, d: chrono::NaiveDate) {
    match iso_date(d) {
        Some(b) => buf.extend(b.iter().map(|&c| char::from(c))),
        None => {
            use std::fmt::Write;
            let _ = write!(buf, "{}", d.format("%Y-%m-%d"));
        }
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `csv/<table>.csv`: RFC 4180, a header row, empty = null.
    Csv,
    /// `json/<table>.json`: one array of records per table.
    Json,
    /// `jsonl/<table>.jsonl`: JSON Lines, one record per line (with `--partition-rows`,
    /// `jsonl/<table>/part-NNNNN.jsonl`).
    Jsonl,
    /// `parquet/<table>.parquet`: typed columns, Snappy.
    Parquet,
}

impl Format {
    /// The format named `s` (case-insensitive), if any.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jsonl" => Some(Format::Jsonl),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
    /// The format's directory under the output directory.
    pub fn dir(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }
}

/// Options that change how files are written.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Neutralize spreadsheet formula prefixes in CSV cells.
    pub csv_safe: bool,
    /// Rows per Parquet row group.
    pub row_group_rows: usize,
    /// When set, Parquet tables are written as `parquet/<table>/part-NNNNN.parquet` (and JSON
    /// Lines tables as `jsonl/<table>/part-NNNNN.jsonl`) with at most this many rows per file.
    pub partition_rows: Option<usize>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            formats: vec![Format::Csv, Format::Json, Format::Parquet],
            csv_safe: false,
            row_group_rows: 32_768,
            partition_rows: None,
        }
    }
}

/// The open writers of one table, one per requested format.
struct TableWriters {
    csv: Option<csv_out::CsvTable>,
    json: Option<json_out::JsonTable>,
    jsonl: Option<json_out::JsonTable>,
    parquet: Option<parquet_out::ParquetTable>,
    rows: u64,
}

impl TableWriters {
    /// Validates and writes rows to every format. The formats are independent files, so they
    /// are written by parallel tasks on the current rayon pool.
    fn write(&mut self, table: &Table, rows: &[Row]) -> Result<(), Error> {
        for r in rows {
            validate_row(table, r).map_err(|e| Error::internal(e.to_string()))?;
        }
        let TableWriters {
            csv,
            json,
            jsonl,
            parquet,
            ..
        } = self;
        let ((a, b), (c, d)) = rayon::join(
            || {
                rayon::join(
                    || csv.as_mut().map_or(Ok(()), |w| w.write(rows)),
                    || json.as_mut().map_or(Ok(()), |w| w.write(rows)),
                )
            },
            || {
                rayon::join(
                    || jsonl.as_mut().map_or(Ok(()), |w| w.write(rows)),
                    || parquet.as_mut().map_or(Ok(()), |w| w.write(rows)),
                )
            },
        );
        a.and(b).and(c).and(d)?;
        self.rows += rows.len() as u64;
        Ok(())
    }

    fn finish(self) -> Result<(), Error> {
        if let Some(w) = self.csv {
            w.finish()?;
        }
        if let Some(w) = self.json {
            w.finish()?;
        }
        if let Some(w) = self.jsonl {
            w.finish()?;
        }
        if let Some(w) = self.parquet {
            w.finish()?;
        }
        Ok(())
    }
}

/// All open table writers of one output directory. Tables are independent files, so a batch is
/// written with one task per table on the current rayon pool; rows keep their order within each
/// file, so the bytes do not depend on the number of threads.
///
/// Articles reach the writers in `article_id` order, so this is also where `articles.duplicate_of`
/// is filled: each article is looked up in, then added to, the near-duplicate index
/// ([`crate::dedup::Index`]) of the articles written before it.
pub struct Writers {
    tables: Vec<TableWriters>,
    duplicates: crate::dedup::Index,
}

fn io_err(path: &Path, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::output_failed(path, e)
}

impl Writers {
    /// Creates the format directories and one file per table under `dir`.
    pub fn create(dir: &Path, opts: &WriteOptions) -> Result<Writers, Error> {
        for &f in &opts.formats {
            let sub: PathBuf = dir.join(f.dir());
            std::fs::create_dir_all(&sub).map_err(|e| io_err(&sub, e))?;
        }
        let has = |f: Format| opts.formats.contains(&f).then(|| dir.join(f.dir()));
        let mut tables = Vec::with_capacity(TABLES.len());
        for t in TABLES {
            tables.push(TableWriters {
                csv: has(Format::Csv)
                    .map(|d| csv_out::CsvTable::create(&d, t, opts.csv_safe))
                    .transpose()?,
                json: has(Format::Json)
                    .map(|d| json_out::JsonTable::create(&d, t, json_out::Framing::Array, None))
                    .transpose()?,
                jsonl: has(Format::Jsonl)
                    .map(|d| {
                        json_out::JsonTable::create(
                            &d,
                            t,
                            json_out::Framing::Lines,
                            opts.partition_rows,
                        )
                    })
                    .transpose()?,
                parquet: has(Format::Parquet)
                    .map(|d| {
                        parquet_out::ParquetTable::create(
                            &d,
                            t,
                            opts.row_group_rows,
                            opts.partition_rows,
                        )
                    })
                    .transpose()?,
                rows: 0,
            });
        }
        let dp = dir.join("datapackage.json");
        std::fs::write(&dp, crate::schema::datapackage_text()).map_err(|e| io_err(&dp, e))?;
        Ok(Writers {
            tables,
            duplicates: crate::dedup::Index::new(),
        })
    }

    /// Writes one article's rows. Rows are validated against the schema first; a mismatch is a
    /// bug and is reported as an error, never written.
    pub fn write(&mut self, rows: ArticleRows) -> Result<(), Error> {
        self.write_batch(vec![rows])
    }

    /// Writes several articles' rows, in order, one parallel task per table. The articles must
    /// come in increasing `article_id` order (over all calls), as the pipeline writes them:
    /// `articles.duplicate_of` points to an earlier one.
    pub fn write_batch(&mut self, batch: Vec<ArticleRows>) -> Result<(), Error> {
        let mut per_table: Vec<Vec<Row>> = vec![Vec::new(); TABLES.len()];
        for mut article in batch {
            if let Some(first) = self
                .duplicates
                .add(article.article_id(), article.signature())
            {
                let first = Id::new(first).map_err(|e| Error::internal(e.to_string()))?;
                article.set_duplicate_of(first);
            }
            for (i, rows) in article.into_tables().into_iter().enumerate() {
                if let Some(t) = per_table.get_mut(i) {
                    t.extend(rows);
                }
            }
        }
        self.tables
            .par_iter_mut()
            .zip(per_table)
            .zip(TABLES)
            .try_for_each(|((w, rows), t)| w.write(t, &rows))
    }

    /// Rows written so far per table, indexed like `TABLES`.
    pub fn rows_written(&self) -> Vec<u64> {
        self.tables.iter().map(|t| t.rows).collect()
    }

    /// Finishes every file.
    pub fn finish(self) -> Result<Vec<u64>, Error> {
        let rows = self.rows_written();
        let results: Vec<Result<(), Error>> = self
            .tables
            .into_par_iter()
            .map(TableWriters::finish)
            .collect();
        results.into_iter().collect::<Result<Vec<()>, Error>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2023, 5, 24),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut s = String::new();
            push_date(&mut s, date);
            assert_eq!(s, date.format("%Y-%m-%d").to_string());
        }
    }
}
