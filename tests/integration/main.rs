//! The integration tests, built as one binary: end-to-end runs of the built `newsfacts` binary
//! in temporary directories, with the output read back as typed rows and checked against the
//! dataset invariants.
//!
//! - [`harness`]: the work directory, runs of the binary, typed tables, the invariant checker;
//! - [`cli`]: the command line of issue 18: where the default job reads and writes, the
//!   output's manifest, the summary line, exit codes, output-location errors;
//! - [`e2e`]: commands, formats, determinism, sharding, partitioning on the bundled article and
//!   small batches;
//! - [`property`]: generated articles, checked against the invariants;
//! - [`hostile`]: one test per catalogue item of `docs/hostile-inputs.md`;
//! - [`ingest`]: directory walks, non-text files, capped errors, languages, news-please and
//!   NewsAPI inputs;
//! - [`seed_entities`], [`seed_events`], [`seed_quotes`]: the bundled seed article against the
//!   gold readings in `tests/gold/`;
//! - [`warc`]: WARC input (plain, gzip per record, gzip whole) against the same pages as HTML.
//! - [`writers`]: JSON Lines, and near-duplicate articles (`articles.duplicate_of`).

mod harness;

mod cli;
mod e2e;
mod hostile;
mod ingest;
mod property;
mod seed_entities;
mod seed_events;
mod seed_quotes;
mod warc;
mod writers;
