//! newsfacts: news articles in, research-grade tables out.
//!
//! The crate is a pipeline of small stages over one [`Document`] per article:
//!
//! - [`ingest`] reads plain text (+ metadata sidecar), JSONL batches and HTML pages, and cleans
//!   page furniture from the text;
//! - [`text`] segments the cleaned text into paragraphs, sentences and tokens ([`Span`]s are byte
//!   ranges into the one stored text);
//! - [`extract`] runs the extraction stages (entities, coreference, roles, quotes, events, time);
//! - [`model`] turns a processed document into rows for each table of [`schema::TABLES`];
//! - [`export`] streams rows into CSV, JSON (arrays and JSON Lines) and Parquet writers, and
//!   marks near-duplicate articles ([`dedup`]) as they pass in id order;
//! - [`pipeline`] ties it together: parallel processing, deterministic order, atomic output;
//! - [`arrow_tables`] gives the same tables as Arrow record batches in memory (the Python
//!   package and the Spark integration).
//!
//! ```
//! let mut doc = newsfacts::Document::segmented("a1", "Laura Benton met Zhou Minghao in Washington.");
//! let knowledge = newsfacts::knowledge::Knowledge::builtin()?;
//! let tagger = newsfacts::extract::ner::NerModel::embedded()?;
//! newsfacts::extract::run(&mut doc, knowledge, tagger);
//! let rows = newsfacts::model::rows(&doc)?;
//! assert_eq!(rows.table("articles").len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// No panic reachable from input (issue 7): library code has no unwrap/expect/panic, and every
// remaining index or slice carries `#[expect(clippy::indexing_slicing, reason = "proof")]`.
// CI runs clippy with `-D warnings`, so a new site fails the build.
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic
    )
)]

#[cfg(test)]
mod architecture_tests;
pub mod arrow_tables;
pub mod dedup;
pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod fnv;
pub mod ingest;
pub mod knowledge;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod schema;
pub mod text;
pub mod vocab;

pub use document::Document;
pub use error::{Error, ErrorKind};
pub use text::Span;
