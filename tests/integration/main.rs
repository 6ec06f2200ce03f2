//! The integration tests, built as one binary: end-to-end runs of the built `newsfacts` binary
//! in temporary directories, with the output read back as typed rows and checked against the
//! dataset invariants.
//!
//! - [`harness`]: the work directory, runs of the binary, typed tables, the invariant checker;
//! - [`e2e`]: commands, formats, determinism, sharding, partitioning on the bundled article and
//!   small batches;
//! - [`property`]: generated articles, checked against the invariants;
//! - [`hostile`]: one test per catalogue item of `docs/hostile-inputs.md`;
//! - [`seed_entities`], [`seed_events`], [`seed_quotes`]: the bundled seed article against the
//!   gold readings in `tests/gold/`;
//! - [`writers`]: JSON Lines, and near-duplicate articles (`articles.duplicate_of`).

mod harness;

mod e2e;
mod hostile;
mod property;
mod seed_entities;
mod seed_events;
mod seed_quotes;
mod writers;
