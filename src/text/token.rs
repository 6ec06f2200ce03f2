//! Tokens and sentences, and the typed indices that point at them.
//!
//! A [`Token`] and a [`Sentence`] are spans of the cleaned text plus their place in the
//! document's sequences. [`TokenIdx`], [`SentenceIdx`] and [`TokenRange`] are the typed indices
//! that new code uses instead of bare `usize`s and `(usize, usize)` tuples.

use std::ops::Range;

use crate::text::Span;

/// The coarse class of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with digits, hyphens, apostrophes or abbreviation periods).
    Word,
    /// Starts with a digit.
    Number,
    /// Punctuation or a symbol.
    Punct,
}

/// One token of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the token is in `Document::text`.
    pub span: Span,
    /// Its coarse class.
    pub kind: TokenKind,
    /// Index into `Document::sentences`.
    pub sentence: usize,
}

/// One sentence: a span of text and the range of its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence is in `Document::text`.
    pub span: Span,
    /// Index into `Document::paragraphs`.
    pub paragraph: usize,
    /// Range of indices into `Document::tokens`.
    pub tokens: Range<usize>,
}

macro_rules! index_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);

        impl $name {
            /// The index as a `usize`, for slicing.
            #[inline]
            pub const fn get(self) -> usize {
                self.0
            }
        }

        impl From<usize> for $name {
            #[inline]
            fn from(i: usize) -> $name {
                $name(i)
            }
        }
    };
}
pub(crate) use index_type;

index_type!(
    /// Index of a token in `Document::tokens`.
    TokenIdx
);
index_type!(
    /// Index of a sentence in `Document::sentences`.
    SentenceIdx
);

/// A half-open range of token indices, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TokenRange {
    /// The first token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

impl TokenRange {
    /// The range `start..end`.
    #[inline]
    pub const fn new(start: usize, end: usize) -> TokenRange {
        TokenRange { start, end }
    }

    /// Number of tokens.
    #[inline]
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// No token.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The range as a `Range<usize>`, for slicing.
    #[inline]
    pub const fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The token indices of the range.
    pub fn iter(self) -> impl Iterator<Item = TokenIdx> {
        (self.start..self.end).map(TokenIdx)
    }
}

impl From<Range<usize>> for TokenRange {
    #[inline]
    fn from(r: Range<usize>) -> TokenRange {
        TokenRange::new(r.start, r.end)
    }
}
