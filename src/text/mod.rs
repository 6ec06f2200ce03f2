//! Text primitives: the [`Span`] offset type, byte → code-point conversion, and segmentation
//! into paragraphs, sentences and tokens.

pub mod segment;
mod span;

pub use span::{CharOffsets, Span};
