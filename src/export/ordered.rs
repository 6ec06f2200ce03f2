//! Deterministic article order and unique ids, in bounded memory: an external merge sort.
//!
//! Every article's rows are spilled as one record (id, input sequence number, origin, words,
//! encoded rows). While ids arrive in increasing order — as in most dumps — the records go
//! straight to the first run file, which is then sorted already, and the caller writes the rows
//! to the output as they come; [`OrderedSink::discard`] drops the spill at the end. After the
//! first id out of order, records collect in a buffer of [`RUN_BYTES`]; each full buffer is
//! sorted by (id, sequence) and written as a run. [`OrderedSink::finish`] merges the runs and
//! replays the records into the writers in `article_id` byte order; of records with the same id
//! the first in input order is kept and the others are reported as duplicates. The output thus
//! depends only on the input, not on thread count or timing, and memory holds one buffer and
//! one record per run — never an index that grows with the number of articles.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::dedup::Signature;
use crate::error::Error;
use crate::model::{ArticleRows, Id, Value};

use rayon::prelude::*;

use super::Writers;

/// Articles decoded and written per step of the replay.
const REPLAY_CHUNK: usize = 256;

/// Bytes of spilled records buffered before they are sorted and written as a run.
pub const RUN_BYTES: usize = 16 << 20;

/// Runs merged at once; more runs are first merged in groups of this many.
const FAN_IN: usize = 64;

/// A spilled article that the merge found to repeat an earlier article's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The repeated article id.
    pub id: String,
    /// Where it came from ("file" or "file:line").
    pub origin: String,
    /// Its word count (for the summary, which no longer counts it).
    pub words: u64,
}

/// One spilled article.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Record {
    id: String,
    seq: u64,
    words: u64,
    origin: String,
    rows: Vec<u8>,
}

fn put_str(b: &mut Vec<u8>, s: &str) {
    put_u32(b, s.len() as u32);
    b.extend_from_slice(s.as_bytes());
}

/// Appends a record: id, sequence, words, origin, encoded rows. Lengths are u32 (an article is
/// capped far below 4 GiB by `--max-article-bytes`).
fn put_record(b: &mut Vec<u8>, id: &str, seq: u64, words: u64, origin: &str, rows: &[u8]) {
    put_str(b, id);
    b.extend_from_slice(&seq.to_le_bytes());
    b.extend_from_slice(&words.to_le_bytes());
    put_str(b, origin);
    put_u32(b, rows.len() as u32);
    b.extend_from_slice(rows);
}

fn read_exact_or_eof(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<bool> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(buf.get_mut(got..).unwrap_or_default()) {
            Ok(0) if got == 0 => return Ok(false),
            Ok(0) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "spill file truncated",
                ))
            }
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_u64(r: &mut impl Read) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn read_bytes(r: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let n = read_u32(r)? as usize;
    let mut v = vec![0u8; n];
    r.read_exact(&mut v)?;
    Ok(v)
}

fn read_string(r: &mut impl Read) -> std::io::Result<String> {
    String::from_utf8(read_bytes(r)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Reads the next record of a run, or `None` at its end.
fn read_record(r: &mut impl Read) -> std::io::Result<Option<Record>> {
    let mut len = [0u8; 4];
    if !read_exact_or_eof(r, &mut len)? {
        return Ok(None);
    }
    let mut id = vec![0u8; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut id)?;
    let id = String::from_utf8(id)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let seq = read_u64(r)?;
    let words = read_u64(r)?;
    let origin = read_string(r)?;
    let rows = read_bytes(r)?;
    Ok(Some(Record {
        id,
        seq,
        words,
        origin,
        rows,
    }))
}

/// A run being read: its reader and its next record.
struct Run {
    path: PathBuf,
    r: BufReader<File>,
}

impl Run {
    fn open(path: PathBuf) -> Result<Run, Error> {
        let f = File::open(&path).map_err(|e| Error::output_failed(&path, e))?;
        Ok(Run {
            r: BufReader::with_capacity(64 << 10, f),
            path,
        })
    }
    fn next(&mut self) -> Result<Option<Record>, Error> {
        read_record(&mut self.r).map_err(|e| Error::output_failed(&self.path, e))
    }
}

/// Merges sorted runs, yielding records in (id, sequence) order.
struct Merge {
    runs: Vec<Run>,
    heads: Vec<Option<Record>>,
    heap: BinaryHeap<Reverse<(String, u64, usize)>>,
}

impl Merge {
    fn new(paths: &[PathBuf]) -> Result<Merge, Error> {
        let mut m = Merge {
            runs: Vec::with_capacity(paths.len()),
            heads: Vec::with_capacity(paths.len()),
            heap: BinaryHeap::with_capacity(paths.len()),
        };
        for p in paths {
            let mut run = Run::open(p.clone())?;
            let head = run.next()?;
            if let Some(r) = &head {
                m.heap.push(Reverse((r.id.clone(), r.seq, m.runs.len())));
            }
            m.runs.push(run);
            m.heads.push(head);
        }
        Ok(m)
    }

    fn next(&mut self) -> Result<Option<Record>, Error> {
        let Some(Reverse((_, _, i))) = self.heap.pop() else {
            return Ok(None);
        };
        let (Some(run), Some(slot)) = (self.runs.get_mut(i), self.heads.get_mut(i)) else {
            return Err(Error::internal("spill merge lost a run"));
        };
        let next = run.next()?;
        if let Some(r) = &next {
            self.heap.push(Reverse((r.id.clone(), r.seq, i)));
        }
        Ok(std::mem::replace(slot, next))
    }
}

/// Spilled records and their runs; see the module documentation.
pub struct OrderedSink {
    dir: PathBuf,
    /// Finished runs, each sorted by (id, sequence).
    runs: Vec<PathBuf>,
    /// The first run, written while ids arrive in order.
    first: Option<BufWriter<File>>,
    /// Records after the first id out of order, and (id range, sequence, record range) to sort.
    buf: Vec<u8>,
    entries: Vec<(usize, usize, u64, usize, usize)>,
    last_id: Option<String>,
    seq: u64,
    /// Run files created so far (names them).
    made: usize,
    run_bytes: usize,
    scratch: Vec<u8>,
}

fn put_u32(b: &mut Vec<u8>, x: u32) {
    b.extend_from_slice(&x.to_le_bytes());
}

/// Encodes one article's rows (and its near-duplicate signature) for the spill file (done in
/// the worker threads).
pub fn encode(rows: &ArticleRows, b: &mut Vec<u8>) {
    b.clear();
    match rows.signature() {
        None => b.push(0),
        Some(s) => {
            b.push(1);
            b.extend_from_slice(&s.to_bytes());
        }
    }
    put_u32(b, rows.tables().len() as u32);
    for t in rows.tables() {
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

/// Why a spilled record's rows cannot be decoded (a bug or a damaged spill file).
#[derive(Debug, Clone, PartialEq, Eq)]
enum SpillError {
    /// The record ends in the middle of a value.
    Truncated,
    /// A cell with an unknown type tag.
    BadTag(u8),
    /// A string cell that is not UTF-8.
    Utf8(std::string::FromUtf8Error),
    /// The record's article id cannot be an id.
    Id(crate::schema::EmptyId),
}

impl std::fmt::Display for SpillError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpillError::Truncated => f.write_str("spill file truncated"),
            SpillError::BadTag(t) => write!(f, "bad tag {t} in spill file"),
            SpillError::Utf8(e) => write!(f, "{e}"),
            SpillError::Id(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SpillError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SpillError::Utf8(e) => Some(e),
            SpillError::Id(e) => Some(e),
            SpillError::Truncated | SpillError::BadTag(_) => None,
        }
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], SpillError> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .ok_or(SpillError::Truncated)?;
        self.at += n;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], SpillError> {
        let s = self.take(N)?;
        s.try_into().map_err(|_| SpillError::Truncated)
    }
    fn u32(&mut self) -> Result<u32, SpillError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
}

/// Decodes the rows of a spilled record; the article's id and word count are the record's.
fn decode(r: &Record) -> Result<ArticleRows, SpillError> {
    let id = Id::new(r.id.as_str()).map_err(SpillError::Id)?;
    let mut c = Cursor { b: &r.rows, at: 0 };
    let signature = match c.array::<1>()? {
        [0] => None,
        [1] => Some(Signature::from_bytes(&c.array()?)),
        [t] => return Err(SpillError::BadTag(t)),
    };
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
                            String::from_utf8(c.take(n)?.to_vec()).map_err(SpillError::Utf8)?,
                        )
                    }
                    2 => Value::Int(i64::from_le_bytes(c.array()?)),
                    3 => {
                        let days = i32::from_le_bytes(c.array()?);
                        Value::Date(NaiveDate::default() + chrono::Duration::days(i64::from(days)))
                    }
                    t => return Err(SpillError::BadTag(t)),
                });
            }
            rows.push(row);
        }
        tables.push(rows);
    }
    Ok(ArticleRows::from_tables(id, r.words, tables).with_signature(signature))
}

impl OrderedSink {
    /// Starts a spill in `dir` (inside the staging directory), whose files are named `.rows.*`.
    pub fn create(dir: &Path) -> Result<OrderedSink, Error> {
        OrderedSink::with_run_bytes(dir, RUN_BYTES)
    }

    /// As [`OrderedSink::create`], with runs of `run_bytes` (small values exercise the merge).
    pub fn with_run_bytes(dir: &Path, run_bytes: usize) -> Result<OrderedSink, Error> {
        let mut s = OrderedSink {
            dir: dir.to_path_buf(),
            runs: Vec::new(),
            first: None,
            buf: Vec::new(),
            entries: Vec::new(),
            last_id: None,
            seq: 0,
            made: 0,
            run_bytes: run_bytes.max(1),
            scratch: Vec::new(),
        };
        let path = s.new_run_path();
        let f = File::create(&path).map_err(|e| Error::output_failed(&path, e))?;
        s.runs.push(path);
        s.first = Some(BufWriter::with_capacity(1 << 20, f));
        Ok(s)
    }

    fn new_run_path(&mut self) -> PathBuf {
        self.made += 1;
        self.dir.join(format!(".rows.run-{:06}", self.made))
    }

    /// True while every id so far was greater than the one before: the rows can be written in
    /// the order they come, and no id can have been repeated.
    pub fn in_order(&self) -> bool {
        self.first.is_some()
    }

    /// Spills one article's rows, already encoded with [`encode`], in input order. Returns
    /// [`OrderedSink::in_order`] after this article.
    pub fn push_encoded(
        &mut self,
        id: &str,
        origin: &str,
        words: u64,
        encoded: &[u8],
    ) -> Result<bool, Error> {
        let seq = self.seq;
        self.seq += 1;
        if self.first.is_some() {
            if self
                .last_id
                .as_deref()
                .is_none_or(|l| l.as_bytes() < id.as_bytes())
            {
                self.last_id = Some(id.to_string());
                let mut rec = std::mem::take(&mut self.scratch);
                rec.clear();
                put_record(&mut rec, id, seq, words, origin, encoded);
                let r = self.write_first(&rec);
                self.scratch = rec;
                r?;
                return Ok(true);
            }
            // out of order: the first run ends here, sorted; the rest is sorted in runs
            self.last_id = None;
            self.close_first()?;
        }
        // a record starts with the id's u32 length, then the id
        let start = self.buf.len();
        put_record(&mut self.buf, id, seq, words, origin, encoded);
        self.entries
            .push((start + 4, start + 4 + id.len(), seq, start, self.buf.len()));
        if self.buf.len() >= self.run_bytes {
            self.flush_run()?;
        }
        Ok(false)
    }

    /// Spills one article's rows (encoding them here), under the rows' article id and word count.
    pub fn push(&mut self, origin: &str, rows: &ArticleRows) -> Result<bool, Error> {
        let mut b = Vec::new();
        encode(rows, &mut b);
        self.push_encoded(rows.article_id(), origin, rows.word_count(), &b)
    }

    fn write_first(&mut self, rec: &[u8]) -> Result<(), Error> {
        let path = self.runs.first().cloned().unwrap_or_default();
        match self.first.as_mut() {
            Some(w) => w.write_all(rec).map_err(|e| Error::output_failed(&path, e)),
            None => Ok(()),
        }
    }

    fn close_first(&mut self) -> Result<(), Error> {
        if let Some(w) = self.first.take() {
            let path = self.runs.first().cloned().unwrap_or_default();
            w.into_inner().map_err(|e| Error::output_failed(&path, e))?;
        }
        Ok(())
    }

    /// Sorts the buffered records and writes them as a run.
    fn flush_run(&mut self) -> Result<(), Error> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let buf = &self.buf;
        let key = |e: &(usize, usize, u64, usize, usize)| (buf.get(e.0..e.1).unwrap_or(&[]), e.2);
        self.entries.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        let path = self.new_run_path();
        let f = File::create(&path).map_err(|e| Error::output_failed(&path, e))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        for e in &self.entries {
            w.write_all(self.buf.get(e.3..e.4).unwrap_or(&[]))
                .map_err(|e| Error::output_failed(&path, e))?;
        }
        w.into_inner().map_err(|e| Error::output_failed(&path, e))?;
        self.runs.push(path);
        self.entries.clear();
        self.buf.clear();
        if self.runs.len() > FAN_IN {
            self.merge_oldest()?;
        }
        Ok(())
    }

    /// Merges the oldest [`FAN_IN`] runs into one, keeping every record (duplicates included).
    fn merge_oldest(&mut self) -> Result<(), Error> {
        let group: Vec<PathBuf> = self.runs.drain(..FAN_IN.min(self.runs.len())).collect();
        let path = self.new_run_path();
        let f = File::create(&path).map_err(|e| Error::output_failed(&path, e))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        let mut m = Merge::new(&group)?;
        let mut b = Vec::new();
        while let Some(r) = m.next()? {
            b.clear();
            put_record(&mut b, &r.id, r.seq, r.words, &r.origin, &r.rows);
            w.write_all(&b)
                .map_err(|e| Error::output_failed(&path, e))?;
        }
        w.into_inner().map_err(|e| Error::output_failed(&path, e))?;
        for p in group {
            let _ = std::fs::remove_file(p);
        }
        self.runs.insert(0, path);
        Ok(())
    }

    /// Removes the spill without replaying it (the rows were written in order already).
    pub fn discard(mut self) {
        self.first = None;
        for p in &self.runs {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Replays every article into `writers` in article-id order and removes the spill. Of the
    /// articles sharing an id, the first in input order is written; each later one is passed to
    /// `duplicate` (in id order) and not written.
    pub fn finish(
        self,
        writers: &mut Writers,
        duplicate: &mut dyn FnMut(Duplicate),
    ) -> Result<(), Error> {
        self.replay(duplicate, &mut |batch| writers.write_batch(batch))
    }

    /// Merges the runs and passes the articles, decoded, to `write` in chunks, in id order,
    /// without repeated ids (see [`OrderedSink::finish`]); removes the spill.
    fn replay(
        mut self,
        duplicate: &mut dyn FnMut(Duplicate),
        write: &mut dyn FnMut(Vec<ArticleRows>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.close_first()?;
        self.flush_run()?;
        let runs = std::mem::take(&mut self.runs);
        let result = merge_unique(&runs, duplicate, write);
        for p in &runs {
            let _ = std::fs::remove_file(p);
        }
        result
    }
}

/// Merges `runs` and writes the records in order, decoding each chunk in parallel.
fn merge_unique(
    runs: &[PathBuf],
    duplicate: &mut dyn FnMut(Duplicate),
    write: &mut dyn FnMut(Vec<ArticleRows>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut m = Merge::new(runs)?;
    let mut last: Option<String> = None;
    let mut chunk: Vec<Record> = Vec::with_capacity(REPLAY_CHUNK);
    loop {
        let next = m.next()?;
        let end = next.is_none();
        if let Some(r) = next {
            if last.as_deref() == Some(r.id.as_str()) {
                duplicate(Duplicate {
                    id: r.id,
                    origin: r.origin,
                    words: r.words,
                });
            } else {
                last = Some(r.id.clone());
                chunk.push(r);
            }
        }
        if chunk.len() >= REPLAY_CHUNK || (end && !chunk.is_empty()) {
            let rows: Result<Vec<ArticleRows>, SpillError> = chunk.par_iter().map(decode).collect();
            chunk.clear();
            let path = runs.first().cloned().unwrap_or_default();
            write(rows.map_err(|e| Error::output_failed(&path, e))?)?;
        }
        if end {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips() {
        let d = NaiveDate::from_ymd_opt(2023, 5, 24).unwrap();
        let rows = ArticleRows::from_tables(
            Id::new("a1").unwrap(),
            12,
            vec![
                vec![vec![
                    Value::Str("a’b".into()),
                    Value::Null,
                    Value::Int(-7),
                    Value::Date(d),
                ]],
                vec![],
            ],
        )
        .with_signature(Signature::of("a text of seven words for the signature"));
        assert!(rows.signature().is_some());
        let mut b = Vec::new();
        encode(&rows, &mut b);
        let mut rec = Record {
            id: "a1".into(),
            seq: 0,
            words: 12,
            origin: "x".into(),
            rows: b,
        };
        assert_eq!(decode(&rec).unwrap(), rows);
        rec.rows.pop();
        assert_eq!(decode(&rec), Err(SpillError::Truncated));
        assert_eq!(
            SpillError::Truncated.to_string(),
            "spill file truncated",
            "the message the CLI prints"
        );
        rec.id.clear();
        assert_eq!(decode(&rec), Err(SpillError::Id(crate::schema::EmptyId)));
    }

    /// An article whose only row is its id and a marker.
    fn art(id: &str, mark: i64) -> ArticleRows {
        ArticleRows::from_tables(
            Id::new(id).unwrap(),
            10,
            vec![vec![vec![Value::Str(id.into()), Value::Int(mark)]]],
        )
    }

    /// Pushes (id, mark) articles with runs of `run_bytes`; returns what the replay writes, the
    /// duplicates it reports, and whether the sink stayed in order.
    fn spill(items: &[(&str, i64)], run_bytes: usize) -> (Vec<(String, i64)>, Vec<String>, bool) {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = OrderedSink::with_run_bytes(dir.path(), run_bytes).unwrap();
        for (i, (id, mark)) in items.iter().enumerate() {
            sink.push(&format!("in:{}", i + 1), &art(id, *mark))
                .unwrap();
        }
        let in_order = sink.in_order();
        let mut out = Vec::new();
        let mut dups = Vec::new();
        sink.replay(
            &mut |d| dups.push(format!("{} {} {}", d.id, d.origin, d.words)),
            &mut |batch| {
                for a in batch {
                    match a.tables()[0][0].as_slice() {
                        [Value::Str(id), Value::Int(m)] => out.push((id.clone(), *m)),
                        other => panic!("unexpected row {other:?}"),
                    }
                }
                Ok(())
            },
        )
        .unwrap();
        // the spill files are gone
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        (out, dups, in_order)
    }

    #[test]
    fn replay_sorts_by_id_and_keeps_the_first_of_repeated_ids() {
        let items = [
            ("b", 1),
            ("d", 2),
            ("a", 3),
            ("c", 4),
            ("a", 5),
            ("e", 6),
            ("b", 7),
            ("a", 8),
        ];
        let want = vec![
            ("a".to_string(), 3),
            ("b".to_string(), 1),
            ("c".to_string(), 4),
            ("d".to_string(), 2),
            ("e".to_string(), 6),
        ];
        let want_dups = ["a in:5 10", "a in:8 10", "b in:7 10"];
        // one run in memory; a run per record or two (merge of many runs)
        for run_bytes in [1 << 20, 1, 60] {
            let (out, dups, in_order) = spill(&items, run_bytes);
            assert_eq!(out, want, "run_bytes {run_bytes}");
            assert_eq!(dups, want_dups, "run_bytes {run_bytes}");
            assert!(!in_order);
        }
    }

    #[test]
    fn increasing_ids_stay_in_order_and_a_repeat_ends_it() {
        let (out, dups, in_order) = spill(&[("a", 1), ("b", 2), ("c", 3)], 1);
        assert!(in_order);
        assert_eq!(out.len(), 3);
        assert!(dups.is_empty());
        let (out, dups, in_order) = spill(&[("a", 1), ("b", 2), ("b", 3)], 1);
        assert!(!in_order);
        assert_eq!(out, [("a".to_string(), 1), ("b".to_string(), 2)]);
        assert_eq!(dups, ["b in:3 10"]);
    }

    #[test]
    fn more_runs_than_the_fan_in_are_merged_in_groups() {
        // descending ids with one-record runs: every record is a run, FAN_IN is exceeded
        let ids: Vec<String> = (0..(FAN_IN * 2 + 5))
            .rev()
            .map(|i| format!("id{i:04}"))
            .collect();
        let mut items: Vec<(&str, i64)> = ids.iter().map(|s| (s.as_str(), 0)).collect();
        items.push(("id0003", 1));
        let (out, dups, _) = spill(&items, 1);
        assert_eq!(out.len(), FAN_IN * 2 + 5);
        assert!(out.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(out[3], ("id0003".to_string(), 0));
        assert_eq!(dups.len(), 1);
    }
}
