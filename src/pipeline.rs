//! The export job: inputs → articles → rows → files, in parallel, deterministically, atomically.
//!
//! Articles are read as a stream and processed in batches on a rayon pool. Rows are written in
//! article-id order, so the output depends neither on the number of threads nor on the input
//! order: each article's rows are spilled, and replayed sorted at the end (an external merge
//! sort that also drops repeated ids, see `export::ordered`); while the ids arrive in order (as
//! in most dumps), rows are written as they come instead, the writing of one batch overlapping
//! the processing of the next and the reading of the one after. No state grows with the number
//! of articles. Output goes to
//! a temporary directory beside the target, which replaces the target only when everything was
//! written: a failed or interrupted run leaves the previous output as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::document::{Document, Origin};
use crate::error::{Error, ErrorKind};
use crate::export::{Duplicate, OrderedSink, WriteOptions, Writers};
use crate::ingest::{self, clean, ArticleStream, RawArticle, TextKind};
use crate::model::{self, ArticleRows};
use crate::schema::TABLES;

/// Default for `--max-article-bytes`: 8 MiB.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 8 << 20;
/// Articles per parallel batch (`--batch`).
pub const DEFAULT_BATCH: usize = 256;

/// Everything an export needs, validated.
#[derive(Debug, Clone)]
pub struct ExportConfig {
    /// Input files and directories.
    pub inputs: Vec<PathBuf>,
    /// The output directory (replaced as a whole when the export succeeds).
    pub out: PathBuf,
    /// Formats and writer options.
    pub write: WriteOptions,
    /// Worker threads; `None` = all cores.
    pub threads: Option<usize>,
    /// Articles (and HTML pages) larger than this are rejected.
    pub max_article_bytes: usize,
    /// `(i, n)`: process only the articles whose id hashes to shard `i` of `n` (0-based).
    pub shard: Option<(u64, u64)>,
    /// Replace an existing `--out` directory even if it is not a newsfacts output.
    pub force: bool,
    /// Articles per parallel batch.
    pub batch: usize,
}

impl ExportConfig {
    /// A config with the defaults for everything but the inputs and the output directory.
    pub fn new(inputs: Vec<PathBuf>, out: PathBuf) -> ExportConfig {
        ExportConfig {
            inputs,
            out,
            write: WriteOptions::default(),
            threads: None,
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            shard: None,
            force: false,
            batch: DEFAULT_BATCH,
        }
    }
}

/// What an export did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Articles exported.
    pub articles: u64,
    /// Articles rejected (each reported through [`Progress::article_error`]).
    pub skipped: u64,
    /// Warnings reported through [`Progress::warning`] (they do not reject an article).
    pub warnings: u64,
    /// Input bytes read: the article text of plain and JSONL input, the whole page of HTML.
    pub bytes: u64,
    /// Words of the exported articles.
    pub words: u64,
    /// Rows per table, indexed like `TABLES`.
    pub rows: Vec<u64>,
    /// Wall-clock time of the export.
    pub elapsed: Duration,
    /// False when nothing was written: every article was rejected, so the previous output (if
    /// any) was left in place rather than replaced by empty tables.
    pub written: bool,
}

impl Summary {
    /// One line: articles, skipped, rows per table, elapsed.
    pub fn line(&self) -> String {
        let rows: Vec<String> = TABLES
            .iter()
            .zip(&self.rows)
            .map(|(t, n)| format!("{}={}", t.name, n))
            .collect();
        let line = format!(
            "{} articles, {} skipped, {:.2} s; rows: {}",
            self.articles,
            self.skipped,
            self.elapsed.as_secs_f64(),
            rows.join(" ")
        );
        if self.written {
            line
        } else {
            format!("{line}; no article could be exported, output not written (previous output left intact)")
        }
    }
}

/// Progress callbacks from [`export`]; the library never prints.
pub trait Progress: Sync {
    /// An article was rejected (reported, counted, skipped).
    fn article_error(&self, e: &Error);
    /// A warning (an unknown metadata field): reported like an error, but nothing was rejected.
    fn warning(&self, w: &Error);
    /// `done` articles and `bytes` input bytes processed so far.
    fn advance(&self, _done: u64, _bytes: u64) {}
}

/// Set by a signal handler: the export stops at the next batch and leaves no output behind.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Stable 64-bit FNV-1a hash: used for sharding so every machine agrees.
pub fn stable_hash(s: &str) -> u64 {
    crate::fnv::hash(s.as_bytes())
}

/// Cleans, segments and runs every stage over one article.
pub fn process(raw: RawArticle) -> Result<(Document, ArticleRows), Error> {
    let raw = ingest::page::extract(raw);
    let text = match raw.kind {
        TextKind::Plain => clean::clean(&raw.text, raw.meta.title.as_deref()),
        TextKind::Extracted | TextKind::Html => clean::clean(&raw.text, None),
    };
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::EmptyArticle, "article has no text")
            .with_origin(&raw.meta.origin, &raw.meta.id));
    }
    let mut doc = Document {
        meta: raw.meta,
        text,
        ..Default::default()
    };
    doc.segment();
    let knowledge = crate::knowledge::Knowledge::builtin()
        .map_err(|e| Error::new(ErrorKind::Internal, format!("embedded knowledge: {e}")))?;
    crate::extract::run(&mut doc, knowledge);
    let rows = model::rows(&doc).map_err(|e| {
        Error::internal(format!("rows of the article: {e}"))
            .with_origin(&doc.meta.origin, &doc.meta.id)
    })?;
    Ok((doc, rows))
}

/// One processed article: its rows, encoded for the spill file by the worker that processed it.
struct Processed {
    id: String,
    /// The article's origin as the spill file records it ([`Origin::to_record`]).
    origin: String,
    encoded: Vec<u8>,
    words: u64,
    rows: ArticleRows,
}

impl Processed {
    fn new(rows: ArticleRows, origin: String) -> Processed {
        let id = rows.article_id().to_string();
        let words = rows.word_count();
        let mut encoded = Vec::new();
        crate::export::encode_rows(&rows, &mut encoded);
        Processed {
            id,
            origin,
            encoded,
            words,
            rows,
        }
    }
}

/// [`process`], turning a panic inside a stage into an error for that article.
pub fn process_guarded(raw: RawArticle) -> Result<ArticleRows, Error> {
    let origin: Origin = raw.meta.origin.clone();
    let id = raw.meta.id.clone();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(raw))) {
        Ok(r) => r.map(|(_, rows)| rows),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Err(
                Error::internal(format!("internal error (a bug, please report): {msg}"))
                    .with_origin(&origin, &id),
            )
        }
    }
}

/// Is `dir` safe to replace: missing, empty, or a previous newsfacts output?
fn replaceable(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(_) => true,
        Ok(mut rd) => {
            if rd.next().is_none() {
                return true;
            }
            std::fs::read_to_string(dir.join("datapackage.json"))
                .ok()
                .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
                .is_some_and(|v| v.get("name").and_then(|n| n.as_str()) == Some("newsfacts"))
        }
    }
}

/// A temporary sibling of `out`, removed on drop unless committed.
struct Staging {
    tmp: PathBuf,
    committed: bool,
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        if let Ok(mut g) = STAGING.lock() {
            *g = None;
        }
    }
}

/// The staging directory of the export in progress, so that a signal handler that must exit at
/// once can still remove it ([`abandon_staging`]).
static STAGING: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// Removes the staging directory of the export in progress, if any (for a forced exit).
pub fn abandon_staging() {
    if let Ok(mut g) = STAGING.lock() {
        if let Some(p) = g.take() {
            let _ = std::fs::remove_dir_all(p);
        }
    }
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Refuses an `--out` that is a file, or a directory that is not a newsfacts output (unless
/// `--force`).
fn check_out(cfg: &ExportConfig) -> Result<(), Error> {
    if cfg.out.exists() && !cfg.out.is_dir() {
        return Err(Error::at(
            ErrorKind::Usage,
            &cfg.out,
            "--out exists and is not a directory",
        ));
    }
    if cfg.out.is_dir() && !cfg.force && !replaceable(&cfg.out) {
        return Err(Error::at(
            ErrorKind::Usage,
            &cfg.out,
            "--out is a non-empty directory that is not a newsfacts output; refusing to replace it (use --force)",
        ));
    }
    Ok(())
}

/// Runs the export. Per-article errors go to `progress` and are counted in `Summary::skipped`;
/// fatal errors (bad input path, unwritable output) return `Err` and leave `out` untouched.
pub fn export(cfg: &ExportConfig, progress: &dyn Progress) -> Result<Summary, Error> {
    let started = Instant::now();
    check_out(cfg)?;
    let inputs = ingest::discover(&cfg.inputs)?;
    if inputs.is_empty() {
        return Err(Error::usage(
            "no input files (.txt, .jsonl[.gz], .html[.gz]) found",
        ));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::internal(format!("cannot start threads: {e}")))?;

    let staging = Staging {
        tmp: sibling(&cfg.out, "tmp"),
        committed: false,
    };
    if let Ok(mut g) = STAGING.lock() {
        *g = Some(staging.tmp.clone());
    }
    let _ = std::fs::remove_dir_all(&staging.tmp);
    std::fs::create_dir_all(&staging.tmp).map_err(|e| {
        Error::output(
            &staging.tmp,
            format!("cannot create output: {e}; previous output left intact"),
        )
    })?;
    let mut writers = Writers::create(&staging.tmp, &cfg.write).map_err(keep_note)?;
    // Rows are spilled so that they can be replayed in article-id order (see export::ordered).
    // While the articles arrive in id order (ids are often sequential), their rows are also
    // written straight away, overlapping with the processing of the next batch, and the replay
    // is skipped; the first article out of order stops that, and the replay rewrites the files.
    // Ids in increasing order cannot repeat; otherwise the replay finds the repeats.
    let mut ordered = OrderedSink::create(&staging.tmp).map_err(keep_note)?;
    // rows of the previous batch, written while the next one is processed
    let mut pending: Vec<ArticleRows> = Vec::new();

    let mut summary = Summary::default();
    let mut stream = ArticleStream::new(inputs, cfg.max_article_bytes);
    let mut batch = read_batch(&mut stream, cfg, &mut summary, progress);
    loop {
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(Error::new(
                ErrorKind::Interrupted,
                "interrupted; previous output left intact",
            ));
        }
        if batch.is_empty() {
            break;
        }
        // Three independent jobs on the pool: write the previous batch's rows, process this
        // batch (workers encode for the spill; this thread only appends bytes), read the next.
        let to_write = std::mem::take(&mut pending);
        let mut current = std::mem::take(&mut batch);
        let (written, (results, next)) = pool.install(|| {
            rayon::join(
                || {
                    if to_write.is_empty() {
                        Ok(())
                    } else {
                        writers.write_batch(to_write)
                    }
                },
                || {
                    rayon::join(
                        || -> Vec<Result<Processed, Error>> {
                            current
                                .par_drain(..)
                                .map(|raw| {
                                    let origin = raw.meta.origin.to_record();
                                    process_guarded(raw).map(|rows| Processed::new(rows, origin))
                                })
                                .collect()
                        },
                        || read_batch(&mut stream, cfg, &mut summary, progress),
                    )
                },
            )
        });
        written.map_err(keep_note)?;
        batch = next;
        for r in results {
            match r {
                Ok(p) => {
                    let was_in_order = ordered.in_order();
                    let in_order = ordered
                        .push_encoded(&p.id, &p.origin, p.words, &p.encoded)
                        .map_err(keep_note)?;
                    summary.articles += 1;
                    summary.words += p.words;
                    if in_order {
                        pending.push(p.rows);
                    } else if was_in_order {
                        pending.clear();
                    }
                }
                Err(e) => {
                    summary.skipped += 1;
                    progress.article_error(&e);
                }
            }
        }
        progress.advance(summary.articles + summary.skipped, summary.bytes);
    }
    if ordered.in_order() {
        pool.install(|| writers.write_batch(std::mem::take(&mut pending)))
            .map_err(keep_note)?;
        ordered.discard();
    } else {
        drop(writers);
        writers = replay(ordered, &staging.tmp, cfg, &pool, &mut summary, progress)?;
    }
    summary.rows = writers.finish().map_err(keep_note)?;
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(Error::new(
            ErrorKind::Interrupted,
            "interrupted; previous output left intact",
        ));
    }
    // A run that rejected every article must not replace a good dataset with empty tables: the
    // errors were reported and the exit status says so; the staging directory is dropped.
    if summary.articles == 0 && summary.skipped > 0 {
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }
    commit(staging, &cfg.out).map_err(keep_note)?;
    summary.written = true;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Starts the files in `staging` again and writes every spilled article in id order, reporting
/// (and uncounting) the repeated ids.
fn replay(
    ordered: OrderedSink,
    staging: &Path,
    cfg: &ExportConfig,
    pool: &rayon::ThreadPool,
    summary: &mut Summary,
    progress: &dyn Progress,
) -> Result<Writers, Error> {
    for f in &cfg.write.formats {
        let d = staging.join(f.dir());
        std::fs::remove_dir_all(&d).map_err(|e| keep_note(Error::output(&d, e.to_string())))?;
    }
    let mut writers = Writers::create(staging, &cfg.write).map_err(keep_note)?;
    let mut duplicate = |d: Duplicate| {
        summary.articles = summary.articles.saturating_sub(1);
        summary.words = summary.words.saturating_sub(d.words);
        summary.skipped += 1;
        progress.article_error(
            &Error::new(
                ErrorKind::DuplicateId,
                "duplicate article id; the first one is kept",
            )
            .with_origin(&Origin::from_record(&d.origin), &d.id),
        );
    };
    pool.install(|| ordered.finish(&mut writers, &mut duplicate))
        .map_err(keep_note)?;
    Ok(writers)
}

/// Reads up to `cfg.batch` articles, skipping (and reporting) unreadable ones and other shards'
/// articles. Repeated ids are found when the rows are ordered (`export::ordered`).
fn read_batch(
    stream: &mut ArticleStream,
    cfg: &ExportConfig,
    summary: &mut Summary,
    progress: &dyn Progress,
) -> Vec<RawArticle> {
    let mut batch: Vec<RawArticle> = Vec::with_capacity(cfg.batch);
    while let Some(item) = stream.next() {
        report_warnings(stream, summary, progress);
        match item {
            Err(e) => {
                summary.skipped += 1;
                progress.article_error(&e);
            }
            Ok(raw) => {
                if let Some((i, n)) = cfg.shard {
                    if stable_hash(&raw.meta.id) % n != i {
                        continue;
                    }
                }
                summary.bytes += raw.text.len() as u64;
                batch.push(raw);
                if batch.len() >= cfg.batch {
                    break;
                }
            }
        }
    }
    report_warnings(stream, summary, progress);
    batch
}

/// Passes on the warnings the stream has collected (they reject nothing).
fn report_warnings(stream: &mut ArticleStream, summary: &mut Summary, progress: &dyn Progress) {
    for w in stream.take_warnings() {
        summary.warnings += 1;
        progress.warning(&w);
    }
}

/// Adds "previous output left intact" to a failed write (disk full, permissions): the staging
/// directory is removed on the way out and `--out` was never touched.
fn keep_note(e: Error) -> Error {
    e.previous_output_kept()
}

/// Moves the finished staging directory into place.
fn commit(mut staging: Staging, out: &Path) -> Result<(), Error> {
    let old = sibling(out, "old");
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(out, &old)
            .map_err(|e| Error::output(out, format!("cannot replace previous output: {e}")))?;
    }
    if let Err(e) = std::fs::rename(&staging.tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(Error::output(
            out,
            format!("cannot move new output into place: {e}"),
        ));
    }
    staging.committed = true;
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
