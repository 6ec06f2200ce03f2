//! Command-line flags (clap derive) and their validation into library configs.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use newsfacts::error::{Error, ErrorKind};
use newsfacts::export::{Format, WriteOptions};
use newsfacts::pipeline::{ExportConfig, DEFAULT_BATCH, DEFAULT_MAX_ARTICLE_BYTES};

/// Where the default job reads and writes, and the exit status: shown by `--help` (the README's
/// "CLI reference" says the same).
pub const AFTER_HELP: &str = "\
Paths: every relative path is taken from the current directory; nothing falls back to the
directory newsfacts was built in. The default job (no command) exports ./articles into ./output
and writes ./schema; `check` compares ./output and ./schema with a fresh export of ./articles;
`export` without INPUT reads ./articles and writes --out (default ./output). Where there is no
./articles they stop with exit status 2: run them in the project root, or give INPUT and --out.

Exit status:
  0    success: every article exported (warnings, such as an unknown field or an input with no
       articles, leave it 0); check: output/ and schema/ are up to date
  1    some articles were rejected (each reported as `error: FILE...`), the others exported;
       check: differences found
  2    fatal: bad flag, missing input, --out refused or not writable; nothing written
  3    no article could be exported (every one was rejected); --out left as it was
  130  interrupted; --out left as it was";

/// newsfacts: turn news articles into research-grade tables (people, organizations, places,
/// mentions, affiliations, quotes, events) as CSV, JSON and Parquet.
///
/// Without a command, exports ./articles into ./output and refreshes ./schema.
#[derive(Debug, Parser)]
#[command(
    name = "newsfacts",
    version,
    about,
    long_about = None,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The default job: replace ./output even if its manifest.json says it was exported from
    /// other inputs.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export articles (.txt + .meta.json, .jsonl[.gz], .json, .html[.gz], or directories) into
    /// tables.
    #[command(after_help = AFTER_HELP)]
    Export(ExportArgs),
    /// Regenerate into a temporary directory and fail if `output/` or `schema/` differ.
    Check(CheckArgs),
    /// Print the data dictionary (or write `schema/` with --write).
    Schema(SchemaArgs),
    /// Retrain the entity tagger from CoNLL-2003 train (deterministic: same input, same bytes).
    Train(TrainArgs),
}

#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// CoNLL-2003 training file (never the dev or test split).
    #[arg(long, default_value = "../shared/corpora/conll2003/train.txt")]
    pub conll: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "models/ner.bin")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Input files or directories (default: ./articles).
    pub inputs: Vec<PathBuf>,
    /// Output directory. It is replaced as a whole, and only when it is missing, empty, or a
    /// newsfacts output of the same inputs (see --force).
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Comma-separated formats: csv, json, jsonl (JSON Lines), parquet.
    #[arg(long, default_value = "csv,json,parquet")]
    pub format: String,
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Articles read and processed together. Larger batches leave threads idle less often at
    /// batch ends and use more memory. Output is identical for any value.
    #[arg(long, default_value_t = DEFAULT_BATCH, value_name = "N")]
    pub batch: usize,
    /// Articles larger than this many bytes are rejected.
    #[arg(long, default_value_t = DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Process only shard I of N (1-based, e.g. 2/4): a deterministic split by article id.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write Parquet tables as parquet/<table>/part-NNNNN.parquet (and JSON Lines tables as
    /// jsonl/<table>/part-NNNNN.jsonl) with at most N rows each.
    #[arg(long, value_name = "N")]
    pub partition_rows: Option<usize>,
    /// Prefix CSV cells starting with = + - @ tab or CR with ' (spreadsheet formula safety).
    #[arg(long)]
    pub csv_safe: bool,
    /// Replace --out even if it is a non-empty directory that is not a newsfacts output, or a
    /// newsfacts output of other inputs (its manifest.json names them).
    /// Careful: the directory is then deleted and replaced as a whole.
    #[arg(long)]
    pub force: bool,
    /// No progress output; errors and the summary line only.
    #[arg(long, short)]
    pub quiet: bool,
    /// Report everything one by one: each file a directory walk skipped, every error of a file
    /// (not only the first 20), every article not in English (not only the first 20).
    #[arg(long, short)]
    pub verbose: bool,
    /// Extract entities, quotes and events from articles in every language. By default only
    /// English articles are extracted; others get their `articles` row and a warning.
    #[arg(long)]
    pub all_languages: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The committed output directory to compare.
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Write schema/README.md and schema/datapackage.json instead of printing.
    #[arg(long)]
    pub write: bool,
    /// Print the Frictionless descriptor (JSON) instead of the Markdown dictionary.
    #[arg(long)]
    pub json: bool,
}

/// The input of the default job, of `check` and of `export` without INPUT: `articles` in the
/// current directory, or a usage error saying where it was looked for.
pub fn project_articles() -> Result<PathBuf, Error> {
    let articles = PathBuf::from("articles");
    if articles.is_dir() {
        return Ok(articles);
    }
    let cwd = std::env::current_dir()
        .map_or_else(|e| format!("unknown: {e}"), |d| d.display().to_string());
    Err(Error::at(
        ErrorKind::Usage,
        &articles,
        format!(
            "no such directory in the current directory ({cwd}); the default job, `check` and `export` without INPUT read ./articles: run them in the project root, or give INPUT and --out"
        ),
    ))
}

impl ExportArgs {
    /// Validates flags into an [`ExportConfig`]; without INPUT, the input is
    /// [`project_articles`].
    pub fn config(&self) -> Result<ExportConfig, Error> {
        let mut formats = Vec::new();
        for f in self.format.split(',').filter(|s| !s.trim().is_empty()) {
            let f = Format::parse(f).ok_or_else(|| {
                Error::usage(format!("unknown format {f:?} (csv, json, jsonl, parquet)"))
            })?;
            if !formats.contains(&f) {
                formats.push(f);
            }
        }
        if formats.is_empty() {
            return Err(Error::usage("--format names no format"));
        }
        formats.sort();
        let shard = match &self.shard {
            None => None,
            Some(s) => {
                let (i, n) = s
                    .split_once('/')
                    .ok_or_else(|| Error::usage("--shard must be I/N, e.g. 1/4"))?;
                let i: u64 = i
                    .trim()
                    .parse()
                    .map_err(|_| Error::usage("--shard: I is not a number"))?;
                let n: u64 = n
                    .trim()
                    .parse()
                    .map_err(|_| Error::usage("--shard: N is not a number"))?;
                if n == 0 || i == 0 || i > n {
                    return Err(Error::usage("--shard I/N needs 1 <= I <= N"));
                }
                Some((i - 1, n))
            }
        };
        if self.threads == Some(0) {
            return Err(Error::usage("--threads must be at least 1"));
        }
        if self.batch == 0 {
            return Err(Error::usage("--batch must be at least 1"));
        }
        if self.partition_rows == Some(0) {
            return Err(Error::usage("--partition-rows must be at least 1"));
        }
        if self.max_article_bytes == 0 {
            return Err(Error::usage("--max-article-bytes must be at least 1"));
        }
        let inputs = if self.inputs.is_empty() {
            vec![project_articles()?]
        } else {
            self.inputs.clone()
        };
        let mut cfg = ExportConfig::new(inputs, self.out.clone());
        cfg.write = WriteOptions {
            formats,
            csv_safe: self.csv_safe,
            partition_rows: self.partition_rows,
            ..WriteOptions::default()
        };
        cfg.threads = self.threads;
        cfg.batch = self.batch;
        cfg.max_article_bytes = self.max_article_bytes;
        cfg.shard = shard;
        cfg.force = self.force;
        cfg.verbose = self.verbose;
        cfg.all_languages = self.all_languages;
        Ok(cfg)
    }
}
