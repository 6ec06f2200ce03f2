//! Parquet: typed columns (Utf8, Int64, Date32), Snappy, row groups of a fixed size, a fixed
//! `created_by`, so the same rows give byte-identical files.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::array::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::arrow::BatchBuilder;
use crate::error::Error;
use crate::model::Row;
use crate::schema::Table;

/// Row groups are cut at this many bytes of buffered data (or `row_group_rows` rows).
pub const ROW_GROUP_BYTES: usize = 8 << 20;

pub struct ParquetTable {
    table: &'static Table,
    dir: PathBuf,
    row_group_rows: usize,
    partition_rows: Option<usize>,
    /// The row group being built (see [`BatchBuilder`]). A row group is cut at
    /// `row_group_rows` rows or at [`ROW_GROUP_BYTES`] of data, so memory stays flat when rows
    /// are large (article texts).
    builder: BatchBuilder,
    writer: Option<(PathBuf, ArrowWriter<File>)>,
    rows_in_part: usize,
    part: usize,
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
            row_group_rows: row_group_rows.max(1),
            partition_rows: partition_rows.map(|n| n.max(1)),
            builder: BatchBuilder::new(t),
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
        let w = ArrowWriter::try_new(
            f,
            self.builder.schema().clone(),
            Some(props(self.row_group_rows)),
        )
        .map_err(|e| Error::output_failed(&path, e))?;
        self.writer = Some((path, w));
        self.rows_in_part = 0;
        self.part += 1;
        Ok(())
    }

    pub fn write(&mut self, rows: &[Row]) -> Result<(), Error> {
        for r in rows {
            self.builder.append(r);
            let limit = match self.partition_rows {
                Some(p) => self.row_group_rows.min(p - self.rows_in_part.min(p - 1)),
                None => self.row_group_rows,
            };
            if self.builder.rows() >= limit || self.builder.bytes() >= ROW_GROUP_BYTES {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.builder.rows() == 0 {
            return Ok(());
        }
        if self.writer.is_none() {
            self.open()?;
        }
        let n = self.builder.rows();
        let batch: RecordBatch = self
            .builder
            .finish()
            .map_err(|e| Error::internal(e.to_string()).with_source(e))?;
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
