//! CSV: RFC 4180 (CRLF line ends, quotes only where needed), UTF-8, header row, empty = null.

use std::fs::File;
use std::path::Path;

use crate::error::Error;
use crate::model::{Row, Value};
use crate::schema::Table;

pub struct CsvTable {
    path: std::path::PathBuf,
    w: csv::Writer<File>,
    safe: bool,
}

/// Prefixes that spreadsheet software evaluates as a formula.
fn is_formula_prefix(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// `--csv-safe`: a leading `'` makes spreadsheets show the cell as text. Alters data, so it is
/// opt-in.
pub fn neutralize(s: &str) -> std::borrow::Cow<'_, str> {
    if is_formula_prefix(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl CsvTable {
    pub fn create(dir: &Path, t: &Table, safe: bool) -> Result<CsvTable, Error> {
        let path = dir.join(format!("{}.csv", t.name));
        let f = File::create(&path).map_err(|e| Error::output_failed(&path, e))?;
        // the csv writer buffers itself: no BufWriter under it (that copied every byte twice)
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .buffer_capacity(1 << 16)
            .from_writer(f);
        w.write_record(t.columns.iter().map(|c| c.name))
            .map_err(|e| Error::output_failed(&path, e))?;
        Ok(CsvTable { path, w, safe })
    }

    pub fn write(&mut self, rows: &[Row]) -> Result<(), Error> {
        let mut buf = String::new();
        let err = |e: csv::Error| Error::output_failed(&self.path, e);
        for r in rows {
            for v in r {
                match v {
                    Value::Null => self.w.write_field(b"").map_err(err)?,
                    Value::Str(s) if self.safe => {
                        self.w.write_field(&*neutralize(s)).map_err(err)?
                    }
                    Value::Str(s) => self.w.write_field(s).map_err(err)?,
                    Value::Int(i) => {
                        let mut b = itoa::Buffer::new();
                        self.w.write_field(b.format(*i)).map_err(err)?;
                    }
                    Value::Date(d) => {
                        buf.clear();
                        super::push_date(&mut buf, *d);
                        self.w.write_field(&buf).map_err(err)?;
                    }
                }
            }
            self.w.write_record(None::<&[u8]>).map_err(err)?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), Error> {
        self.w
            .flush()
            .map_err(|e| Error::output_failed(&self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_prefixes_are_neutralized() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(s), format!("'{s}"));
        }
        assert_eq!(neutralize("plain"), "plain");
        assert_eq!(neutralize(""), "");
    }
}
