//! Parquet: typed columns (Utf8, Int64, Date32), Snappy, row groups of a fixed size, a fixed
//! `created_by`, so the same rows give byte-identical files.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{ArrayRef, Date32Builder, Int64Builder, RecordBatch, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::error::Error;
use crate::model::{Row, Value};
use crate::schema::{ColumnType, Table};

/// Arrow type of a logical column type: one exhaustive match.
pub fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::String => DataType::Utf8,
        ColumnType::Enum(_) => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Date => DataType::Date32,
    }
}

/// The Arrow schema of a table.
pub fn arrow_schema(t: &Table) -> SchemaRef {
    Arc::new(Schema::new(
        t.columns
            .iter()
            .map(|c| Field::new(c.name, arrow_type(c.ty), !c.required))
            .collect::<Vec<_>>(),
    ))
}

fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() as i32
}

/// Row groups are cut at this many bytes of buffered data (or `row_group_rows` rows).
pub const ROW_GROUP_BYTES: usize = 8 << 20;

pub struct ParquetTable {
    table: &'static Table,
    dir: PathBuf,
    schema: SchemaRef,
    row_group_rows: usize,
    partition_rows: Option<usize>,
    /// The row group being built, one Arrow builder per column: rows are appended cell by cell,
    /// never buffered as rows.
    columns: Vec<ColumnBuilder>,
    /// Rows in `columns`.
    buffered_rows: usize,
    /// Approximate bytes of data in `columns`: a row group is also cut at
    /// [`ROW_GROUP_BYTES`], so memory stays flat when rows are large (article texts).
    buffered_bytes: usize,
    writer: Option<(PathBuf, ArrowWriter<File>)>,
    rows_in_part: usize,
    part: usize,
}

/// The Arrow builder of one column.
enum ColumnBuilder {
    Str(StringBuilder),
    Int(Int64Builder),
    Date(Date32Builder),
}

impl ColumnBuilder {
    fn new(ty: ColumnType) -> ColumnBuilder {
        match ty {
            ColumnType::String | ColumnType::Enum(_) => ColumnBuilder::Str(StringBuilder::new()),
            ColumnType::Integer => ColumnBuilder::Int(Int64Builder::new()),
            ColumnType::Date => ColumnBuilder::Date(Date32Builder::new()),
        }
    }

    /// Appends one cell (a value of another type is stored as null; rows are validated against
    /// the schema before they reach the writers); returns its approximate size in bytes.
    fn append(&mut self, v: Option<&Value>) -> usize {
        match (self, v) {
            (ColumnBuilder::Str(b), Some(Value::Str(s))) => {
                b.append_value(s);
                s.len()
            }
            (ColumnBuilder::Str(b), _) => {
                b.append_null();
                8
            }
            (ColumnBuilder::Int(b), Some(Value::Int(i))) => {
                b.append_value(*i);
                8
            }
            (ColumnBuilder::Int(b), _) => {
                b.append_null();
                8
            }
            (ColumnBuilder::Date(b), Some(Value::Date(d))) => {
                b.append_value(days(*d));
                8
            }
            (ColumnBuilder::Date(b), _) => {
                b.append_null();
                8
            }
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ColumnBuilder::Str(b) => Arc::new(b.finish()),
            ColumnBuilder::Int(b) => Arc::new(b.finish()),
            ColumnBuilder::Date(b) => Arc::new(b.finish()),
        }
    }
}

fn props(row_group_rows: usize) -> WriterProperties {
    WriterProperties::builder()
        .set_created_by("newsfacts".to_string())
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(row_group_rows))
        .build()
}

impl ParquetTable {
    pub fn create(
        dir: &Path,
        t: &'static Table,
        row_group_rows: usize,
        partition_rows: Option<usize>,
    ) -> Result<ParquetTable, Error> {
        let mut p = ParquetTable {
            table: t,
            dir: dir.to_path_buf(),
            schema: arrow_schema(t),
            row_group_rows: row_group_rows.max(1),
            partition_rows: partition_rows.map(|n| n.max(1)),
            columns: t.columns.iter().map(|c| ColumnBuilder::new(c.ty)).collect(),
            buffered_rows: 0,
            buffered_bytes: 0,
            writer: None,
            rows_in_part: 0,
            part: 0,
        };
        // a single-file table exists even when it has no rows
        if p.partition_rows.is_none() {
            p.open()?;
        }
        Ok(p)
    }

    fn open(&mut self) -> Result<(), Error> {
        let path = match self.partition_rows {
            None => self.dir.join(format!("{}.parquet", self.table.name)),
            Some(_) => {
                let sub = self.dir.join(self.table.name);
                std::fs::create_dir_all(&sub).map_err(|e| Error::output_failed(&sub, e))?;
                sub.join(format!("part-{:05}.parquet", self.part))
            }
        };
        let f = File::create(&path).map_err(|e| Error::output_failed(&path, e))?;
        let w = ArrowWriter::try_new(f, self.schema.clone(), Some(props(self.row_group_rows)))
            .map_err(|e| Error::output_failed(&path, e))?;
        self.writer = Some((path, w));
        self.rows_in_part = 0;
        self.part += 1;
        Ok(())
    }

    pub fn write(&mut self, rows: &[Row]) -> Result<(), Error> {
        for r in rows {
            let mut cells = r.iter();
            for b in &mut self.columns {
                self.buffered_bytes += b.append(cells.next());
            }
            self.buffered_rows += 1;
            let limit = match self.partition_rows {
                Some(p) => self.row_group_rows.min(p - self.rows_in_part.min(p - 1)),
                None => self.row_group_rows,
            };
            if self.buffered_rows >= limit || self.buffered_bytes >= ROW_GROUP_BYTES {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn batch(&mut self) -> Result<RecordBatch, arrow::error::ArrowError> {
        let cols: Vec<ArrayRef> = self.columns.iter_mut().map(ColumnBuilder::finish).collect();
        RecordBatch::try_new(self.schema.clone(), cols)
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.buffered_rows == 0 {
            return Ok(());
        }
        if self.writer.is_none() {
            self.open()?;
        }
        let batch = self
            .batch()
            .map_err(|e| Error::internal(e.to_string()).with_source(e))?;
        let n = self.buffered_rows;
        self.buffered_rows = 0;
        self.buffered_bytes = 0;
        if let Some((path, w)) = self.writer.as_mut() {
            w.write(&batch).map_err(|e| Error::output_failed(path, e))?;
            // one write = one row group: keeps row-group boundaries independent of batching
            w.flush().map_err(|e| Error::output_failed(path, e))?;
        }
        self.rows_in_part += n;
        if let Some(p) = self.partition_rows {
            if self.rows_in_part >= p {
                self.close_current()?;
            }
        }
        Ok(())
    }

    fn close_current(&mut self) -> Result<(), Error> {
        if let Some((path, w)) = self.writer.take() {
            w.close().map_err(|e| Error::output_failed(&path, e))?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), Error> {
        self.flush()?;
        if self.part == 0 {
            // a partitioned table with no rows still gets one (empty) part, so globs match
            self.open()?;
        }
        self.close_current()
    }
}
