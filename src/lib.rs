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
//! - [`export`] streams rows into CSV, JSON and Parquet writers;
//! - [`pipeline`] ties it together: parallel processing, deterministic order, atomic output.
//!
//! ```
//! let mut doc = newsfacts::Document::segmented("a1", "Gina Raimondo met Wang Wentao in Washington.");
//! newsfacts::extract::run(&mut doc);
//! let rows = newsfacts::model::rows(&doc);
//! assert_eq!(rows.table("articles").len(), 1);
//! ```

// Indexing on input-derived data must be proven in bounds: every remaining index/slice in
// library code carries `#[expect(clippy::indexing_slicing, reason = "proof")]` (issue 7).
#![cfg_attr(not(test), warn(clippy::indexing_slicing))]

pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod pipeline;
pub mod schema;
pub mod text;

pub use document::Document;
pub use error::{Error, ErrorKind};
pub use text::Span;
