//! The nested form of an extraction: one row per input row, with the article's id and, for
//! each table of [`crate::schema::TABLES`] and for [`super::ERRORS`], the list of its rows
//! (a list of structs whose fields are the table's columns, exactly as in the flat tables).
//!
//! This is the form a Spark `mapInArrow` function returns (one output row per article keeps the
//! partitioning of the input); `inline(<table>)` turns a list column back into the table.
//! `articles.duplicate_of` is null here: near duplicates are found among all the articles in id
//! order ([`super::Extractor::finish`]), and a row is built before the others are seen.

use std::sync::Arc;

use arrow::array::{ArrayRef, ListArray, RecordBatch, StringBuilder, StructArray};
use arrow::buffer::OffsetBuffer;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::error::ArrowError;

use super::{Outcome, ERRORS};
use crate::export::arrow::{arrow_schema, BatchBuilder};
use crate::schema::{Table, TABLES};

/// The name of the nested form's id column.
pub const ARTICLE_ID: &str = "article_id";

/// The tables of the nested form, in column order: [`TABLES`], then [`ERRORS`].
pub fn tables() -> impl Iterator<Item = &'static Table> {
    TABLES.iter().chain(std::iter::once(&ERRORS))
}

/// The list field of a table: `list<struct<columns>>`, neither the list nor its items null.
fn list_field(t: &Table) -> Field {
    let item = Field::new(
        "item",
        DataType::Struct(arrow_schema(t).fields().clone()),
        false,
    );
    Field::new(t.name, DataType::List(Arc::new(item)), false)
}

/// The schema of the nested form: `article_id` (the input row's article id, when known), then
/// one list column per table.
pub fn nested_schema() -> SchemaRef {
    let mut fields = vec![Field::new(ARTICLE_ID, DataType::Utf8, true)];
    fields.extend(tables().map(list_field));
    Arc::new(Schema::new(fields))
}

/// A table's rows and the list offsets of each input row.
struct Lists {
    field: Field,
    builder: BatchBuilder,
    offsets: Vec<i32>,
}

impl Lists {
    fn new(t: &Table) -> Lists {
        Lists {
            field: list_field(t),
            builder: BatchBuilder::new(t),
            offsets: vec![0],
        }
    }

    /// Closes the current input row's list.
    fn close(&mut self) -> Result<(), ArrowError> {
        let n = i32::try_from(self.builder.rows())
            .map_err(|_| ArrowError::ComputeError("too many rows in one batch".into()))?;
        self.offsets.push(n);
        Ok(())
    }

    fn finish(mut self) -> Result<ArrayRef, ArrowError> {
        let values = StructArray::from(self.builder.finish()?);
        let DataType::List(item) = self.field.data_type() else {
            return Err(ArrowError::SchemaError("a list field".into()));
        };
        let list = ListArray::try_new(
            item.clone(),
            OffsetBuffer::new(self.offsets.into()),
            Arc::new(values),
            None,
        )?;
        Ok(Arc::new(list))
    }
}

/// The nested batch of `outcomes` (one row each, in order).
pub fn nested(outcomes: &[Outcome]) -> Result<RecordBatch, ArrowError> {
    let mut ids = StringBuilder::new();
    let mut lists: Vec<Lists> = tables().map(Lists::new).collect();
    let (errors, tables) = match lists.split_last_mut() {
        Some(x) => x,
        None => return Err(ArrowError::SchemaError("no tables".into())),
    };
    for o in outcomes {
        match o {
            Outcome::Rows(a) => {
                ids.append_value(a.rows.article_id());
                for (l, rows) in tables.iter_mut().zip(a.rows.tables()) {
                    l.builder.extend(rows);
                }
                if let Some(w) = &a.warning {
                    errors.builder.append(&w.to_row());
                }
            }
            Outcome::Report(r) => {
                ids.append_option(r.article_id.as_deref());
                errors.builder.append(&r.to_row());
            }
        }
        for l in tables.iter_mut() {
            l.close()?;
        }
        errors.close()?;
    }
    let mut columns: Vec<ArrayRef> = vec![Arc::new(ids.finish())];
    for l in lists {
        columns.push(l.finish()?);
    }
    RecordBatch::try_new(nested_schema(), columns)
}
