//! JSON: each table is one array of records with the schema's field order, one record a line.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::Error;
use crate::model::{Row, Value};
use crate::schema::Table;

pub struct JsonTable {
    table: &'static Table,
    path: std::path::PathBuf,
    w: File,
    /// Records not yet written to `w`; flushed past [`FLUSH_AT`] bytes (records are built here
    /// directly, not in a line buffer that a `BufWriter` would copy again).
    buf: Vec<u8>,
    first: bool,
}

const FLUSH_AT: usize = 1 << 16;

impl JsonTable {
    pub fn create(dir: &Path, t: &'static Table) -> Result<JsonTable, Error> {
        let path = dir.join(format!("{}.json", t.name));
        let w = File::create(&path).map_err(|e| Error::output_failed(&path, e))?;
        let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
        buf.push(b'[');
        Ok(JsonTable {
            table: t,
            path,
            w,
            buf,
            first: true,
        })
    }

    pub fn write(&mut self, rows: &[Row]) -> Result<(), Error> {
        let mut date = String::new();
        for r in rows {
            let line = &mut self.buf;
            // written by hand (not through serde_json::Map) so the field order is the schema's
            line.extend_from_slice(if self.first { b"\n{" } else { b",\n{" });
            self.first = false;
            for (i, (c, v)) in self.table.columns.iter().zip(r).enumerate() {
                if i > 0 {
                    line.push(b',');
                }
                // column names are plain ASCII identifiers: no escaping needed
                line.push(b'"');
                line.extend_from_slice(c.name.as_bytes());
                line.extend_from_slice(b"\":");
                match v {
                    Value::Null => line.extend_from_slice(b"null"),
                    Value::Str(s) => {
                        push_str(line, s).map_err(|e| Error::output_failed(&self.path, e))?
                    }
                    Value::Int(n) => {
                        line.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes())
                    }
                    Value::Date(d) => {
                        date.clear();
                        super::push_date(&mut date, *d);
                        line.push(b'"');
                        line.extend_from_slice(date.as_bytes());
                        line.push(b'"');
                    }
                }
            }
            line.push(b'}');
            if line.len() >= FLUSH_AT {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        self.w
            .write_all(&self.buf)
            .map_err(|e| Error::output_failed(&self.path, e))?;
        self.buf.clear();
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), Error> {
        let tail: &[u8] = if self.first { b"]\n" } else { b"\n]\n" };
        self.buf.extend_from_slice(tail);
        self.flush()
    }
}

/// Appends `s` as a JSON string. serde_json escapes exactly the quote, the backslash and the
/// control characters below U+0020; a string without them (most cells) is copied as it is, and
/// the rest goes through serde_json.
fn push_str(line: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    // no early exit: the fold compiles to a vectorized scan
    let plain = !s.bytes().fold(false, |acc, b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        line.push(b'"');
        line.extend_from_slice(s.as_bytes());
        line.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(line, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let cases = [
            "",
            "plain words",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "nul\u{0}and\u{1f}unit",
            "del\u{7f} stays",
            "é ü 中文 \u{2028} \u{2029} 😀",
            "mixed \"q\" and \u{8}",
        ];
        for c in cases {
            let mut fast = Vec::new();
            push_str(&mut fast, c).unwrap();
            assert_eq!(fast, serde_json::to_vec(c).unwrap(), "{c:?}");
        }
    }
}
