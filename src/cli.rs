//! Command-line flags (clap derive) and their validation into library configs.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use newsfacts::error::Error;
use newsfacts::export::{Format, WriteOptions};
use newsfacts::pipeline::{ExportConfig, DEFAULT_BATCH, DEFAULT_MAX_ARTICLE_BYTES};

/// newsfacts: turn news articles into research-grade tables (people, organizations, places,
/// mentions, affiliations, quotes, events) as CSV, JSON and Parquet.
///
/// Without a command, exports the bundled `articles/` into `output/`.
#[derive(Debug, Parser)]
#[command(name = "newsfacts", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export articles (.txt + .meta.json, .jsonl[.gz], .html[.gz], or directories) into tables.
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
    /// Input files or directories (default: the bundled articles/).
    pub inputs: Vec<PathBuf>,
    /// Output directory.
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
    /// Replace --out even if it is a non-empty directory that is not a newsfacts output.
    /// Careful: the directory is then deleted and replaced as a whole.
    #[arg(long)]
    pub force: bool,
    /// No progress output; errors and the summary line only.
    #[arg(long, short)]
    pub quiet: bool,
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

impl ExportArgs {
    /// Validates flags into an [`ExportConfig`].
    pub fn config(&self, default_inputs: PathBuf) -> Result<ExportConfig, Error> {
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
            vec![default_inputs]
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
        Ok(cfg)
    }
}
