//! JSON and JSON Lines: records with the schema's field order, one record a line.
//!
//! `json/<table>.json` is one array per table (`[`, then one record per line, `]`);
//! `jsonl/<table>.jsonl` is [JSON Lines](https://jsonlines.org/): one record per line and nothing
//! else, so a file can be read (or split) line by line. With `--partition-rows N` a JSON Lines
//! table is written as `jsonl/<table>/part-NNNNN.jsonl` with at most `N` records each, like
//! Parquet. Both are written by hand into one output buffer, with no `serde_json::Value` and no
//! allocation per row: each column's `"name":` prefix is made once per table, strings are
//! escaped exactly as serde_json escapes them, integers go through `itoa` and dates are written
//! digit by digit.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::{Row, Value};
use crate::schema::Table;

/// How records are framed in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// One JSON array per file: `[`, the records separated by `,` and a line end, `]`.
    Array,
    /// JSON Lines: every record followed by a line end.
    Lines,
}

pub struct JsonTable {
    table: &'static Table,
    framing: Framing,
    dir: PathBuf,
    /// Per column, what precedes its value: `{"article_id":` for the first, `,"name":` after.
    keys: Vec<Box<[u8]>>,
    /// The open file (`None` for a partitioned table between parts).
    file: Option<(PathBuf, File)>,
    /// Records not yet written to the file; flushed past [`FLUSH_AT`] bytes (records are built
    /// here directly, not in a line buffer that a `BufWriter` would copy again).
    buf: Vec<u8>,
    /// Records written to the current file.
    records: usize,
    /// `Lines` only: at most this many records per part file.
    partition_rows: Option<usize>,
    /// Part files opened so far.
    parts: usize,
}

const FLUSH_AT: usize = 1 << 16;

impl JsonTable {
    /// Opens the table's file under `dir`. `partition_rows` applies to [`Framing::Lines`] only.
    pub fn create(
        dir: &Path,
        t: &'static Table,
        framing: Framing,
        partition_rows: Option<usize>,
    ) -> Result<JsonTable, Error> {
        let keys = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                // column names are plain ASCII identifiers: no escaping needed
                let mut k = Vec::with_capacity(c.name.len() + 4);
                k.push(if i == 0 { b'{' } else { b',' });
                k.push(b'"');
                k.extend_from_slice(c.name.as_bytes());
                k.extend_from_slice(b"\":");
                k.into_boxed_slice()
            })
            .collect();
        let mut w = JsonTable {
            table: t,
            framing,
            dir: dir.to_path_buf(),
            keys,
            file: None,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            records: 0,
            partition_rows: match framing {
                Framing::Lines => partition_rows.map(|n| n.max(1)),
                Framing::Array => None,
            },
            parts: 0,
        };
        // a single-file table exists even when it has no rows
        if w.partition_rows.is_none() {
            w.open()?;
        }
        Ok(w)
    }

    fn open(&mut self) -> Result<(), Error> {
        let path = match (self.framing, self.partition_rows) {
            (Framing::Array, _) => self.dir.join(format!("{}.json", self.table.name)),
            (Framing::Lines, None) => self.dir.join(format!("{}.jsonl", self.table.name)),
            (Framing::Lines, Some(_)) => {
                let sub = self.dir.join(self.table.name);
                std::fs::create_dir_all(&sub).map_err(|e| Error::output_failed(&sub, e))?;
                sub.join(format!("part-{:05}.jsonl", self.parts))
            }
        };
        let f = File::create(&path).map_err(|e| Error::output_failed(&path, e))?;
        self.file = Some((path, f));
        self.records = 0;
        self.parts += 1;
        if self.framing == Framing::Array {
            self.buf.push(b'[');
        }
        Ok(())
    }

    pub fn write(&mut self, rows: &[Row]) -> Result<(), Error> {
        for r in rows {
            if self.file.is_none() {
                self.open()?;
            }
            match self.framing {
                Framing::Array => {
                    self.buf
                        .extend_from_slice(if self.records == 0 { b"\n" } else { b",\n" });
                    push_record(&mut self.buf, &self.keys, r);
                }
                Framing::Lines => {
                    push_record(&mut self.buf, &self.keys, r);
                    self.buf.push(b'\n');
                }
            }
            self.records += 1;
            if self.partition_rows.is_some_and(|n| self.records >= n) {
                self.close_current()?;
            } else if self.buf.len() >= FLUSH_AT {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if let Some((path, f)) = self.file.as_mut() {
            f.write_all(&self.buf)
                .map_err(|e| Error::output_failed(path, e))?;
        }
        self.buf.clear();
        Ok(())
    }

    /// Ends the current file (the array's `]`, for [`Framing::Array`]) and closes it.
    fn close_current(&mut self) -> Result<(), Error> {
        if self.file.is_none() {
            return Ok(());
        }
        if self.framing == Framing::Array {
            self.buf
                .extend_from_slice(if self.records == 0 { b"]\n" } else { b"\n]\n" });
        }
        self.flush()?;
        self.file = None;
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), Error> {
        if self.parts == 0 {
            // a partitioned table with no rows still gets one (empty) part, so globs match
            self.open()?;
        }
        self.close_current()
    }
}

/// Appends one record: `{`, then each column's `"name":` and value, then `}`.
#[inline]
fn push_record(buf: &mut Vec<u8>, keys: &[Box<[u8]>], row: &Row) {
    for (key, v) in keys.iter().zip(row) {
        buf.extend_from_slice(key);
        match v {
            Value::Null => buf.extend_from_slice(b"null"),
            Value::Str(s) => push_str(buf, s),
            Value::Int(n) => buf.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            Value::Date(d) => push_date(buf, *d),
        }
    }
    buf.push(b'}');
}

/// Appends a date as a JSON string `"YYYY-MM-DD"`, as chrono's `%Y-%m-%d` writes it.
fn push_date(buf: &mut Vec<u8>, d: chrono::NaiveDate) {
    buf.push(b'"');
    match super::iso_date(d) {
        Some(b) => buf.extend_from_slice(&b),
        None => {
            let mut s = String::new();
            super::push_date(&mut s, d);
            buf.extend_from_slice(s.as_bytes());
        }
    }
    buf.push(b'"');
}

/// What serde_json writes for each byte inside a string: 0 = the byte itself, `u` = `\u00XX`,
/// anything else = a backslash and that character. Exactly the quote, the backslash and the
/// control characters below U+0020 are escaped (DEL and non-ASCII are not).
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build, it cannot panic at run time"
)]
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// True when some byte of `s` must be escaped. No early exit: the fold compiles to a vectorized
/// scan.
#[inline]
fn needs_escape(s: &[u8]) -> bool {
    s.iter().fold(false, |acc, &b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Appends `s` as a JSON string, byte for byte as serde_json writes it. A string without
/// anything to escape (most cells) is copied as it is; otherwise clean 32-byte blocks are
/// skipped with the same vectorized test and only the blocks holding an escape are walked.
fn push_str(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.push(b'"');
    if !needs_escape(bytes) {
        buf.extend_from_slice(bytes);
        buf.push(b'"');
        return;
    }
    const BLOCK: usize = 32;
    // `done`: bytes of `s` already appended; `at`: the next byte to look at
    let (mut done, mut at) = (0, 0);
    while at < bytes.len() {
        if let Some(block) = bytes.get(at..at + BLOCK) {
            if !needs_escape(block) {
                at += BLOCK;
                continue;
            }
        }
        let end = (at + BLOCK).min(bytes.len());
        for (i, &b) in bytes.iter().enumerate().take(end).skip(at) {
            let e = ESCAPE.get(usize::from(b)).copied().unwrap_or(0);
            if e == 0 {
                continue;
            }
            buf.extend_from_slice(bytes.get(done..i).unwrap_or_default());
            done = i + 1;
            if e == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = |n: u8| HEX.get(usize::from(n & 0xf)).copied().unwrap_or(b'0');
                buf.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b)]);
            } else {
                buf.extend_from_slice(&[b'\\', e]);
            }
        }
        at = end;
    }
    buf.extend_from_slice(bytes.get(done..).unwrap_or_default());
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast(s: &str) -> Vec<u8> {
        let mut v = Vec::new();
        push_str(&mut v, s);
        v
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let long_clean = "a".repeat(100);
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
            "\u{c}form\rfeed",
            "\"",
            "\n",
        ];
        for c in cases {
            assert_eq!(fast(c), serde_json::to_vec(c).unwrap(), "{c:?}");
        }
        // escapes at every position around the 32-byte blocks, in short and long strings
        for len in [1, 31, 32, 33, 64, 65, 100] {
            for at in 0..len {
                for esc in ["\n", "\"", "\\", "\u{1}", "é"] {
                    let mut s = long_clean[..len].to_string();
                    s.replace_range(at..at + 1, esc);
                    assert_eq!(fast(&s), serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
        // every byte value below 0x80 once, and every pair of the special ones
        let all: String = (0u8..0x80).map(char::from).collect();
        assert_eq!(fast(&all), serde_json::to_vec(&all).unwrap());
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2023, 5, 24),
            (1, 1, 1),
            (0, 12, 31),
            (999, 10, 9),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut v = Vec::new();
            push_date(&mut v, date);
            assert_eq!(v, format!("\"{}\"", date.format("%Y-%m-%d")).into_bytes());
        }
    }

    /// The records of one small table in both framings, with and without partitions.
    #[test]
    fn framings_and_parts() {
        use crate::schema::TABLES;
        let t = &TABLES[0];
        let row = |i: usize| -> Row {
            t.columns
                .iter()
                .map(|c| match c.ty {
                    crate::schema::ColumnType::Integer => Value::Int(i as i64),
                    _ if c.required => Value::Str(format!("v{i}")),
                    _ => Value::Null,
                })
                .collect()
        };
        let rows: Vec<Row> = (0..5).map(row).collect();
        let dir = tempfile::tempdir().unwrap();
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();

        let mut w = JsonTable::create(dir.path(), t, Framing::Array, Some(2)).unwrap();
        w.write(&rows[..2]).unwrap();
        w.write(&rows[2..]).unwrap();
        w.finish().unwrap();
        let arr: serde_json::Value =
            serde_json::from_str(&read(&dir.path().join(format!("{}.json", t.name)))).unwrap();
        assert_eq!(
            arr.as_array().unwrap().len(),
            5,
            "an array is never partitioned"
        );

        let mut w = JsonTable::create(dir.path(), t, Framing::Lines, None).unwrap();
        w.write(&rows).unwrap();
        w.finish().unwrap();
        let lines = read(&dir.path().join(format!("{}.jsonl", t.name)));
        assert_eq!(lines.lines().count(), 5);
        assert!(lines.ends_with("}\n"));
        for (l, a) in lines.lines().zip(arr.as_array().unwrap()) {
            assert_eq!(&serde_json::from_str::<serde_json::Value>(l).unwrap(), a);
        }

        let sub = tempfile::tempdir().unwrap();
        let mut w = JsonTable::create(sub.path(), t, Framing::Lines, Some(2)).unwrap();
        w.write(&rows).unwrap();
        w.finish().unwrap();
        let parts: Vec<usize> = (0..3)
            .map(|i| {
                read(&sub.path().join(t.name).join(format!("part-{i:05}.jsonl")))
                    .lines()
                    .count()
            })
            .collect();
        assert_eq!(parts, [2, 2, 1]);
        assert!(!sub.path().join(t.name).join("part-00003.jsonl").exists());

        // empty tables: an empty array, an empty file, one empty part
        let e = tempfile::tempdir().unwrap();
        JsonTable::create(e.path(), t, Framing::Array, None)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(read(&e.path().join(format!("{}.json", t.name))), "[]\n");
        JsonTable::create(e.path(), t, Framing::Lines, None)
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(read(&e.path().join(format!("{}.jsonl", t.name))), "");
        JsonTable::create(e.path(), t, Framing::Lines, Some(3))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(read(&e.path().join(t.name).join("part-00000.jsonl")), "");
    }
}
