//! JSON: each table is one array of records with the schema's field order, one record a line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::Value as Json;

use crate::error::Error;
use crate::model::{Row, Value};
use crate::schema::{Table, TABLES};

pub struct JsonTable {
    index: usize,
    table: &'static Table,
    path: std::path::PathBuf,
    w: BufWriter<File>,
    first: bool,
}

impl JsonTable {
    pub fn create(dir: &Path, t: &'static Table) -> Result<JsonTable, Error> {
        let path = dir.join(format!("{}.json", t.name));
        let f = File::create(&path).map_err(|e| Error::output(&path, e.to_string()))?;
        let mut w = BufWriter::with_capacity(1 << 16, f);
        w.write_all(b"[")
            .map_err(|e| Error::output(&path, e.to_string()))?;
        let index = TABLES.iter().position(|x| x.name == t.name).unwrap_or(0);
        Ok(JsonTable {
            index,
            table: t,
            path,
            w,
            first: true,
        })
    }

    pub fn table_index(&self) -> usize {
        self.index
    }

    pub fn write(&mut self, rows: &[Row]) -> Result<(), Error> {
        for r in rows {
            // serde_json's Map keeps insertion order only with `preserve_order`; write by hand
            // instead so the field order is the schema's.
            let mut line = String::with_capacity(256);
            line.push_str(if self.first { "\n{" } else { ",\n{" });
            self.first = false;
            for (i, (c, v)) in self.table.columns.iter().zip(r).enumerate() {
                if i > 0 {
                    line.push(',');
                }
                line.push_str(&Json::String(c.name.to_string()).to_string());
                line.push(':');
                let j = match v {
                    Value::Null => Json::Null,
                    Value::Str(s) => Json::String(s.clone()),
                    Value::Int(n) => Json::from(*n),
                    Value::Date(d) => Json::String(d.format("%Y-%m-%d").to_string()),
                };
                line.push_str(&j.to_string());
            }
            line.push('}');
            self.w
                .write_all(line.as_bytes())
                .map_err(|e| Error::output(&self.path, e.to_string()))?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), Error> {
        let tail: &[u8] = if self.first { b"]\n" } else { b"\n]\n" };
        self.w
            .write_all(tail)
            .map_err(|e| Error::output(&self.path, e.to_string()))?;
        self.w
            .flush()
            .map_err(|e| Error::output(&self.path, e.to_string()))?;
        Ok(())
    }
}
