//! Text primitives: the [`Span`] offset type, byte → code-point conversion, character classes
//! and case folding ([`fold`]), tokens and sentences with their typed indices ([`token`]), the
//! document index ([`index`]), and segmentation into paragraphs, sentences and tokens.

pub mod english;
pub mod fold;
pub mod index;
pub mod segment;
mod span;
pub mod token;

pub use span::{CharOffsets, Span};
pub use token::{Sentence, SentenceIdx, Token, TokenIdx, TokenKind, TokenRange};
