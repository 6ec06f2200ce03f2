//! Writers for the three output formats, driven by [`crate::schema::TABLES`].
//!
//! Writers are sinks: rows of each article are pushed as they are produced, and files are
//! finished (CSV flushed, JSON array closed, Parquet footer written) by [`Writers::finish`].
//! Nothing depends on the clock or on hash-map order, so the same rows give byte-identical files.

mod csv_out;
mod json_out;
mod ordered;
mod parquet_out;

pub use ordered::OrderedSink;

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::{validate_row, ArticleRows};
use crate::schema::TABLES;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Csv,
    Json,
    Parquet,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
    pub fn dir(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Parquet => "parquet",
        }
    }
}

/// Options that change how files are written.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub formats: Vec<Format>,
    /// Neutralize spreadsheet formula prefixes in CSV cells.
    pub csv_safe: bool,
    /// Rows per Parquet row group.
    pub row_group_rows: usize,
    /// When set, Parquet tables are written as `parquet/<table>/part-NNNNN.parquet` with at most
    /// this many rows per file.
    pub partition_rows: Option<usize>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            formats: vec![Format::Csv, Format::Json, Format::Parquet],
            csv_safe: false,
            row_group_rows: 65_536,
            partition_rows: None,
        }
    }
}

/// All open table writers of one output directory.
pub struct Writers {
    csv: Vec<csv_out::CsvTable>,
    json: Vec<json_out::JsonTable>,
    parquet: Vec<parquet_out::ParquetTable>,
    rows_written: Vec<u64>,
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::output(path, e.to_string())
}

impl Writers {
    /// Creates the format directories and one file per table under `dir`.
    pub fn create(dir: &Path, opts: &WriteOptions) -> Result<Writers, Error> {
        let mut w = Writers {
            csv: Vec::new(),
            json: Vec::new(),
            parquet: Vec::new(),
            rows_written: vec![0; TABLES.len()],
        };
        for &f in &opts.formats {
            let sub: PathBuf = dir.join(f.dir());
            std::fs::create_dir_all(&sub).map_err(|e| io_err(&sub, e))?;
            for t in TABLES {
                match f {
                    Format::Csv => w
                        .csv
                        .push(csv_out::CsvTable::create(&sub, t, opts.csv_safe)?),
                    Format::Json => w.json.push(json_out::JsonTable::create(&sub, t)?),
                    Format::Parquet => w.parquet.push(parquet_out::ParquetTable::create(
                        &sub,
                        t,
                        opts.row_group_rows,
                        opts.partition_rows,
                    )?),
                }
            }
        }
        std::fs::write(
            dir.join("datapackage.json"),
            crate::schema::datapackage_text(),
        )
        .map_err(|e| io_err(&dir.join("datapackage.json"), e))?;
        Ok(w)
    }

    /// Writes one article's rows to every open format. Rows are validated against the schema
    /// first; a mismatch is a bug and is reported as an error, never written.
    pub fn write(&mut self, rows: ArticleRows) -> Result<(), Error> {
        for (i, (t, table_rows)) in TABLES.iter().zip(rows.tables).enumerate() {
            for r in &table_rows {
                validate_row(t, r).map_err(Error::internal)?;
            }
            for w in self.csv.iter_mut().filter(|w| w.table_index() == i) {
                w.write(&table_rows)?;
            }
            for w in self.json.iter_mut().filter(|w| w.table_index() == i) {
                w.write(&table_rows)?;
            }
            self.rows_written[i] += table_rows.len() as u64;
            // Parquet takes the rows by value (it buffers a row group): no copy
            if let Some(w) = self.parquet.iter_mut().find(|w| w.table_index() == i) {
                w.write(table_rows)?;
            }
        }
        Ok(())
    }

    /// Rows written so far per table, indexed like `TABLES`.
    pub fn rows_written(&self) -> &[u64] {
        &self.rows_written
    }

    /// Finishes every file.
    pub fn finish(self) -> Result<Vec<u64>, Error> {
        for w in self.csv {
            w.finish()?;
        }
        for w in self.json {
            w.finish()?;
        }
        for w in self.parquet {
            w.finish()?;
        }
        Ok(self.rows_written)
    }
}
