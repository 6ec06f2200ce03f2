//! The Arrow form of the tables: the one mapping from the logical column types of
//! [`crate::schema`] to Arrow types, and a builder that turns rows into Arrow record batches.
//!
//! The Parquet writer, the Python package (`newsfacts.schema(name)`, `newsfacts.extract`) and
//! the Spark schema all take their types from here, so a table has exactly one Arrow schema:
//! `String` and `Enum` columns are `Utf8`, `Integer` columns `Int64`, `Date` columns `Date32`;
//! a column is nullable when it is not required.

use std::sync::Arc;

use arrow::array::{ArrayRef, Date32Builder, Int64Builder, RecordBatch, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;
use chrono::NaiveDate;

use crate::model::{Row, Value};
use crate::schema::{Column, ColumnType, Table};

/// Arrow type of a logical column type: one exhaustive match.
pub fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::String => DataType::Utf8,
        ColumnType::Enum(_) => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Date => DataType::Date32,
    }
}

/// The Arrow field of a column: its name, its [`arrow_type`], nullable unless required.
pub fn arrow_field(c: &Column) -> Field {
    Field::new(c.name, arrow_type(c.ty), !c.required)
}

/// The Arrow schema of a table (no schema-level metadata, so that it equals the schema of the
/// batches read back from Parquet).
pub fn arrow_schema(t: &Table) -> SchemaRef {
    Arc::new(Schema::new(
        t.columns.iter().map(arrow_field).collect::<Vec<_>>(),
    ))
}

/// Days since 1970-01-01, as `Date32` stores a date.
pub fn date32(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() as i32
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
    /// the schema before they reach a builder); returns its approximate size in bytes.
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
                b.append_value(date32(*d));
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

/// Rows of one table in, Arrow record batches (of [`arrow_schema`]) out: rows are appended cell
/// by cell into one Arrow builder per column, never buffered as rows.
pub struct BatchBuilder {
    schema: SchemaRef,
    columns: Vec<ColumnBuilder>,
    rows: usize,
    bytes: usize,
}

impl BatchBuilder {
    /// An empty builder for table `t`.
    pub fn new(t: &Table) -> BatchBuilder {
        BatchBuilder {
            schema: arrow_schema(t),
            columns: t.columns.iter().map(|c| ColumnBuilder::new(c.ty)).collect(),
            rows: 0,
            bytes: 0,
        }
    }

    /// The schema of the batches.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// Appends one row (its cells in the table's column order, as [`crate::model`] makes them;
    /// a missing cell or one of another type is stored as null: rows are validated before).
    pub fn append(&mut self, row: &[Value]) {
        let mut cells = row.iter();
        for b in &mut self.columns {
            self.bytes += b.append(cells.next());
        }
        self.rows += 1;
    }

    /// Appends rows.
    pub fn extend(&mut self, rows: &[Row]) {
        for r in rows {
            self.append(r);
        }
    }

    /// Rows appended since the last [`BatchBuilder::finish`].
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Approximate bytes of data appended since the last [`BatchBuilder::finish`].
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The rows appended so far as one batch; the builder is empty again afterwards.
    pub fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let cols: Vec<ArrayRef> = self.columns.iter_mut().map(ColumnBuilder::finish).collect();
        self.rows = 0;
        self.bytes = 0;
        RecordBatch::try_new(self.schema.clone(), cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::TABLES;

    #[test]
    fn every_column_maps_to_one_arrow_field() {
        for t in TABLES {
            let s = arrow_schema(t);
            assert_eq!(s.fields().len(), t.columns.len(), "{}", t.name);
            for (f, c) in s.fields().iter().zip(t.columns) {
                assert_eq!(f.name(), c.name);
                assert_eq!(f.is_nullable(), !c.required);
                let want = match c.ty {
                    ColumnType::String | ColumnType::Enum(_) => DataType::Utf8,
                    ColumnType::Integer => DataType::Int64,
                    ColumnType::Date => DataType::Date32,
                };
                assert_eq!(f.data_type(), &want);
            }
            assert!(s.metadata().is_empty());
        }
    }

    #[test]
    fn rows_become_typed_columns() {
        let t = crate::schema::table("articles").unwrap();
        let mut b = BatchBuilder::new(t);
        // required columns get a value, optional ones stay null
        let mut row: Row = t
            .columns
            .iter()
            .map(|c| match (c.required, c.ty) {
                (false, _) => Value::Null,
                (true, ColumnType::Integer) => Value::Int(3),
                (true, ColumnType::Date) => Value::Date(NaiveDate::default()),
                (true, ColumnType::String | ColumnType::Enum(_)) => Value::Str("a1".into()),
            })
            .collect();
        let published = t.column_index("published").unwrap();
        row[published] = Value::Date(NaiveDate::from_ymd_opt(1970, 1, 11).unwrap());
        b.append(&row);
        b.append(&row);
        assert_eq!(b.rows(), 2);
        let batch = b.finish().unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(b.rows(), 0);
        let dates = batch
            .column(published)
            .as_any()
            .downcast_ref::<arrow::array::Date32Array>()
            .unwrap();
        assert_eq!(dates.value(1), 10);
        assert_eq!(date32(NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()), -1);
        // the builder starts again empty
        assert_eq!(b.finish().unwrap().num_rows(), 0);
    }
}
