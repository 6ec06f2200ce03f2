//! Deterministic article order: rows are spilled to a temporary file as articles finish, then
//! replayed into the writers sorted by `article_id` (byte order). The output therefore depends
//! only on the set of articles, not on the order of the input files or lines. Memory holds one
//! index entry per article (its id and spill offset), never the rows.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;
use crate::model::{ArticleRows, Value};

use rayon::prelude::*;

use super::Writers;

/// Articles decoded and written per step of the replay.
const REPLAY_CHUNK: usize = 256;

/// A spill file plus an index of (article id, offset, length).
pub struct OrderedSink {
    path: PathBuf,
    out: BufWriter<File>,
    offset: u64,
    index: Vec<(String, u64, u64)>,
    buf: Vec<u8>,
}

fn put_u32(b: &mut Vec<u8>, x: u32) {
    b.extend_from_slice(&x.to_le_bytes());
}

/// Encodes one article's rows for the spill file (done in the worker threads).
pub fn encode(rows: &ArticleRows, b: &mut Vec<u8>) {
    b.clear();
    put_u32(b, rows.tables.len() as u32);
    for t in &rows.tables {
        put_u32(b, t.len() as u32);
        for r in t {
            put_u32(b, r.len() as u32);
            for v in r {
                match v {
                    Value::Null => b.push(0),
                    Value::Str(s) => {
                        b.push(1);
                        put_u32(b, s.len() as u32);
                        b.extend_from_slice(s.as_bytes());
                    }
                    Value::Int(i) => {
                        b.push(2);
                        b.extend_from_slice(&i.to_le_bytes());
                    }
                    Value::Date(d) => {
                        b.push(3);
                        let days = (*d - NaiveDate::default()).num_days() as i32;
                        b.extend_from_slice(&days.to_le_bytes());
                    }
                }
            }
        }
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .ok_or("spill file truncated")?;
        self.at += n;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self.take(N)?;
        s.try_into().map_err(|_| "spill file truncated".to_string())
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }
}

fn decode(b: &[u8]) -> Result<ArticleRows, String> {
    let mut c = Cursor { b, at: 0 };
    let ntables = c.u32()? as usize;
    let mut tables = Vec::with_capacity(ntables);
    for _ in 0..ntables {
        let nrows = c.u32()? as usize;
        let mut rows = Vec::with_capacity(nrows.min(1 << 16));
        for _ in 0..nrows {
            let ncells = c.u32()? as usize;
            let mut row = Vec::with_capacity(ncells.min(64));
            for _ in 0..ncells {
                let [tag] = c.array()?;
                row.push(match tag {
                    0 => Value::Null,
                    1 => {
                        let n = c.u32()? as usize;
                        Value::Str(
                            String::from_utf8(c.take(n)?.to_vec()).map_err(|e| e.to_string())?,
                        )
                    }
                    2 => Value::Int(i64::from_le_bytes(c.array()?)),
                    3 => {
                        let days = i32::from_le_bytes(c.array()?);
                        Value::Date(NaiveDate::default() + chrono::Duration::days(i64::from(days)))
                    }
                    t => return Err(format!("bad tag {t} in spill file")),
                });
            }
            rows.push(row);
        }
        tables.push(rows);
    }
    Ok(ArticleRows { tables })
}

impl OrderedSink {
    /// Creates the spill file at `path` (inside the staging directory).
    pub fn create(path: &Path) -> Result<OrderedSink, Error> {
        let f = File::create(path).map_err(|e| Error::output(path, e.to_string()))?;
        Ok(OrderedSink {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 20, f),
            offset: 0,
            index: Vec::new(),
            buf: Vec::new(),
        })
    }

    /// Spills one article's rows, already encoded with [`encode`].
    pub fn push_encoded(&mut self, id: &str, encoded: &[u8]) -> Result<(), Error> {
        self.out
            .write_all(encoded)
            .map_err(|e| Error::output(&self.path, e.to_string()))?;
        self.index
            .push((id.to_string(), self.offset, encoded.len() as u64));
        self.offset += encoded.len() as u64;
        Ok(())
    }

    /// Spills one article's rows.
    pub fn push(&mut self, id: &str, rows: &ArticleRows) -> Result<(), Error> {
        let mut buf = std::mem::take(&mut self.buf);
        encode(rows, &mut buf);
        let r = self.push_encoded(id, &buf);
        self.buf = buf;
        r
    }

    /// Removes the spill file without replaying it (the rows were written in order already).
    pub fn discard(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.path);
    }

    /// Replays every article into `writers` in article-id order and removes the spill file.
    pub fn finish(self, writers: &mut Writers) -> Result<(), Error> {
        let OrderedSink {
            path,
            out,
            mut index,
            ..
        } = self;
        let f = out
            .into_inner()
            .map_err(|e| Error::output(&path, e.to_string()))?;
        drop(f);
        index.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut r =
            BufReader::new(File::open(&path).map_err(|e| Error::output(&path, e.to_string()))?);
        // read a chunk of articles in id order, decode them in parallel, write them as a batch
        for chunk in index.chunks(REPLAY_CHUNK) {
            let mut bufs = Vec::with_capacity(chunk.len());
            for (_, off, len) in chunk {
                let mut buf = vec![0u8; *len as usize];
                r.seek(SeekFrom::Start(*off))
                    .map_err(|e| Error::output(&path, e.to_string()))?;
                r.read_exact(&mut buf)
                    .map_err(|e| Error::output(&path, e.to_string()))?;
                bufs.push(buf);
            }
            let rows: Result<Vec<ArticleRows>, String> =
                bufs.par_iter().map(|b| decode(b)).collect();
            writers.write_batch(rows.map_err(|m| Error::output(&path, m))?)?;
        }
        let _ = std::fs::remove_file(&path);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips() {
        let d = NaiveDate::from_ymd_opt(2023, 5, 24).unwrap();
        let rows = ArticleRows {
            tables: vec![
                vec![vec![
                    Value::Str("a’b".into()),
                    Value::Null,
                    Value::Int(-7),
                    Value::Date(d),
                ]],
                vec![],
            ],
        };
        let mut b = Vec::new();
        encode(&rows, &mut b);
        assert_eq!(decode(&b).unwrap(), rows);
        assert!(decode(&b[..b.len() - 1]).is_err());
    }
}
