//! The export job: inputs → articles → rows → files, in parallel, deterministically, atomically.
//!
//! Articles are read as a stream and processed in batches on a rayon pool. Rows are written in
//! article-id order, so the output depends neither on the number of threads nor on the input
//! order: each article's rows are spilled, and replayed sorted at the end (an external merge
//! sort that also drops repeated ids, see `export::ordered`); while the ids arrive in order (as
//! in most dumps), rows are written as they come instead, the writing of one batch overlapping
//! the processing of the next and the reading of the one after. No state grows with the number
//! of articles but the writers' near-duplicate index (fixed bytes per article, `crate::dedup`).
//! Output goes to
//! a temporary directory beside the target, which replaces the target only when everything was
//! written: a failed or interrupted run leaves the previous output as it was (`export::Staging`).
//! The output's `manifest.json` records what it was exported from (`export::Manifest`), and an
//! output of other inputs is not replaced without `force`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::document::{Document, Origin};
use crate::error::{Error, ErrorKind};
use crate::export::{
    Duplicate, InputFile, Manifest, ManifestOptions, OrderedSink, Staging, WriteOptions, Writers,
};
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
    /// Report every error and warning one by one (`-v`): each file a directory walk skipped,
    /// every error of a file (not only the first `ingest::MAX_ERRORS_PER_FILE`), every article
    /// not in English (not only the first [`MAX_LANGUAGE_WARNINGS`]).
    pub verbose: bool,
    /// Run the extraction stages on articles in every language (`--all-languages`), not only
    /// on English ones.
    pub all_languages: bool,
}

/// Articles not in English reported one by one in a run (without `-v`); the rest are counted in
/// one warning at the end.
pub const MAX_LANGUAGE_WARNINGS: u64 = 20;

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
            verbose: false,
            all_languages: false,
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
    /// Whether `--out` held an output when the export started (replaced if `written`, else
    /// left as it was).
    pub previous_output: bool,
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
        match (self.written, self.previous_output) {
            (true, _) => line,
            (false, true) => format!("{line}; no article could be exported, output not written (previous output left intact)"),
            (false, false) => format!("{line}; no article could be exported, no output written"),
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

/// Cleans, segments and identifies the language of one article, and runs every stage over it
/// when it is in English ([`process_with`] with `all_languages` false).
pub fn process(raw: RawArticle) -> Result<(Document, ArticleRows), Error> {
    process_with(raw, false)
}

/// Cleans, segments and identifies the language of one article (`ingest::language`); runs the
/// extraction stages when it is in English or `all_languages` is set. Otherwise the article has
/// only its `articles` row.
pub fn process_with(
    raw: RawArticle,
    all_languages: bool,
) -> Result<(Document, ArticleRows), Error> {
    let raw = ingest::page::extract(raw);
    let text = match raw.kind {
        TextKind::Plain => clean::clean(&raw.text, raw.meta.title.as_deref()),
        TextKind::Extracted | TextKind::Html => clean::clean(&raw.text, None),
    };
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::EmptyArticle, "article has no text")
            .with_origin(&raw.meta.origin, raw.meta.id.as_str()));
    }
    let language = ingest::language::identify(&text, raw.meta.declared_language.as_deref());
    let mut doc = Document {
        meta: raw.meta,
        text,
        language,
        ..Default::default()
    };
    doc.segment();
    if all_languages || doc.language.is_english() {
        let knowledge = crate::knowledge::Knowledge::builtin()
            .map_err(|e| Error::new(ErrorKind::Internal, format!("embedded knowledge: {e}")))?;
        let tagger = crate::extract::ner::NerModel::embedded()
            .map_err(|e| Error::new(ErrorKind::Internal, format!("embedded entity model: {e}")))?;
        crate::extract::run(&mut doc, knowledge, tagger);
    }
    let rows = model::rows(&doc).map_err(|e| {
        Error::internal(format!("rows of the article: {e}"))
            .with_origin(&doc.meta.origin, doc.meta.id.as_str())
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
    /// The warning for an article exported without extraction (not in English).
    warning: Option<Error>,
}

impl Processed {
    fn new(rows: ArticleRows, origin: String, warning: Option<Error>) -> Processed {
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
            warning,
        }
    }
}

/// [`process_with`], turning a panic inside a stage into an error for that article; with the
/// warning for an article that was not extracted because it is not in English.
pub fn process_guarded(
    raw: RawArticle,
    all_languages: bool,
) -> Result<(ArticleRows, Option<Error>), Error> {
    let origin: Origin = raw.meta.origin.clone();
    let id = raw.meta.id.clone();
    let run = || process_with(raw, all_languages);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(r) => r.map(|(doc, rows)| {
            let warning = (!all_languages && !doc.language.is_english()).then(|| {
                let kind = ErrorKind::NotEnglish {
                    language: doc.language.code.clone(),
                    basis: doc.language.basis,
                };
                Error::new(kind, "").with_origin(&doc.meta.origin, doc.meta.id.as_str())
            });
            (rows, warning)
        }),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Err(
                Error::internal(format!("internal error (a bug, please report): {msg}"))
                    .with_origin(&origin, id.as_str()),
            )
        }
    }
}

/// Runs the export. Per-article errors go to `progress` and are counted in `Summary::skipped`;
/// fatal errors (bad input path, unwritable output) return `Err` and leave `out` untouched.
pub fn export(cfg: &ExportConfig, progress: &dyn Progress) -> Result<Summary, Error> {
    let started = Instant::now();
    let options = manifest_options(cfg);
    crate::export::check_out(
        &cfg.out,
        cfg.force,
        &Manifest::new(&cfg.inputs, options.clone(), Vec::new()),
    )?;
    // No input file at all (an empty directory) is an empty input, like an empty JSONL file:
    // the tables are written empty and the binary warns.
    let found = ingest::discover_all(&cfg.inputs)?;
    let mut summary = Summary::default();
    for (dir, files) in &found.skipped {
        let kind = ErrorKind::SkippedFiles {
            count: files.len() as u64,
        };
        summary.warnings += 1;
        progress.warning(&Error::at(kind, dir, ""));
        if cfg.verbose {
            for f in files {
                summary.warnings += 1;
                progress.warning(&Error::at(ErrorKind::SkippedFile, &f.path, f.reason));
            }
        }
    }
    let inputs = found.inputs;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::internal(format!("cannot start threads: {e}")))?;
    // what the output is exported from, for its manifest.json
    let read = manifest_files(&inputs);
    let files: Vec<InputFile> =
        pool.install(|| read.par_iter().map(|p| InputFile::read(p)).collect());

    let staging = Staging::create(&cfg.out)?;
    let mut writers = Writers::create(staging.path(), &cfg.write).map_err(|e| staging.fail(e))?;
    // Rows are spilled so that they can be replayed in article-id order (see export::ordered).
    // While the articles arrive in id order (ids are often sequential), their rows are also
    // written straight away, overlapping with the processing of the next batch, and the replay
    // is skipped; the first article out of order stops that, and the replay rewrites the files.
    // Ids in increasing order cannot repeat; otherwise the replay finds the repeats.
    let mut ordered = OrderedSink::create(staging.path()).map_err(|e| staging.fail(e))?;
    // rows of the previous batch, written while the next one is processed
    let mut pending: Vec<ArticleRows> = Vec::new();

    summary.previous_output = staging.previous();
    let mut stream =
        ArticleStream::new(inputs, cfg.max_article_bytes).report_every_error(cfg.verbose);
    // articles not in English reported so far, and those past the limit (counted)
    let (mut language_warnings, mut language_unreported) = (0u64, 0u64);
    let mut batch = read_batch(&mut stream, cfg, &mut summary, progress);
    loop {
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(staging.interrupted());
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
                                    process_guarded(raw, cfg.all_languages).map(
                                        |(rows, warning)| Processed::new(rows, origin, warning),
                                    )
                                })
                                .collect()
                        },
                        || read_batch(&mut stream, cfg, &mut summary, progress),
                    )
                },
            )
        });
        written.map_err(|e| staging.fail(e))?;
        batch = next;
        for r in results {
            match r {
                Ok(p) => {
                    if let Some(w) = &p.warning {
                        if cfg.verbose || language_warnings < MAX_LANGUAGE_WARNINGS {
                            language_warnings += 1;
                            summary.warnings += 1;
                            progress.warning(w);
                        } else {
                            language_unreported += 1;
                        }
                    }
                    let was_in_order = ordered.in_order();
                    let in_order = ordered
                        .push_encoded(&p.id, &p.origin, p.words, &p.encoded)
                        .map_err(|e| staging.fail(e))?;
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
    if language_unreported > 0 {
        let kind = ErrorKind::NotEnglishUnreported {
            count: language_unreported,
        };
        summary.warnings += 1;
        progress.warning(&Error::new(kind, ""));
    }
    if ordered.in_order() {
        pool.install(|| writers.write_batch(std::mem::take(&mut pending)))
            .map_err(|e| staging.fail(e))?;
        ordered.discard();
    } else {
        drop(writers);
        writers = replay(ordered, &staging, cfg, &pool, &mut summary, progress)?;
    }
    summary.rows = writers.finish().map_err(|e| staging.fail(e))?;
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Err(staging.interrupted());
    }
    // A run that rejected every article must not replace a good dataset with empty tables: the
    // errors were reported and the exit status says so; the staging directory is dropped.
    if summary.articles == 0 && summary.skipped > 0 {
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }
    Manifest::new(&cfg.inputs, options, files)
        .write(staging.path())
        .map_err(|e| staging.fail(e))?;
    staging.commit()?;
    summary.written = true;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The options recorded in the output's manifest.
fn manifest_options(cfg: &ExportConfig) -> ManifestOptions {
    ManifestOptions {
        formats: cfg
            .write
            .formats
            .iter()
            .map(|f| f.dir().to_string())
            .collect(),
        shard: cfg.shard.map(|(i, n)| format!("{}/{n}", i + 1)),
        max_article_bytes: cfg.max_article_bytes as u64,
        partition_rows: cfg.write.partition_rows.map(|n| n as u64),
        csv_safe: cfg.write.csv_safe,
    }
}

/// Every file the export reads, in reading order: each input, and a `.txt` article's sidecar
/// where there is one.
fn manifest_files(inputs: &[ingest::Input]) -> Vec<PathBuf> {
    let mut out = Vec::with_capacity(inputs.len());
    for i in inputs {
        out.push(i.path.clone());
        if i.kind == ingest::InputKind::Text {
            let side = ingest::sidecar_path(&i.path);
            if side.is_file() {
                out.push(side);
            }
        }
    }
    out
}

/// Starts the files in `staging` again and writes every spilled article in id order, reporting
/// (and uncounting) the repeated ids.
fn replay(
    ordered: OrderedSink,
    staging: &Staging,
    cfg: &ExportConfig,
    pool: &rayon::ThreadPool,
    summary: &mut Summary,
    progress: &dyn Progress,
) -> Result<Writers, Error> {
    for f in &cfg.write.formats {
        let d = staging.path().join(f.dir());
        std::fs::remove_dir_all(&d).map_err(|e| staging.fail(Error::output_failed(&d, e)))?;
    }
    let mut writers = Writers::create(staging.path(), &cfg.write).map_err(|e| staging.fail(e))?;
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
        .map_err(|e| staging.fail(e))?;
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
                // one error, or the count of a file's errors not reported one by one
                summary.skipped += e.kind().rejected();
                progress.article_error(&e);
            }
            Ok(raw) => {
                if let Some((i, n)) = cfg.shard {
                    if stable_hash(raw.meta.id.as_str()) % n != i {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_hash_is_fnv1a() {
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
