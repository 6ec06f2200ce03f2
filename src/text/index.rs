//! The document index: the one place that maps byte offsets to tokens and keeps each token's
//! folded form, built once after segmentation.
//!
//! Stages used to binary-search `Document::tokens` with their own `partition_point` closures
//! and lower-case the same words again and again. [`TokenIndex`] answers those questions once:
//! the token at a byte offset, the token range of a span, the sentence of a token, and each
//! token's folded lower-case form ([`crate::text::fold::push_folded`]) with its
//! capitalisation and possessive flags.

use crate::text::fold;
use crate::text::token::{SentenceIdx, Token, TokenIdx, TokenKind, TokenRange};
use crate::text::Span;

/// Per-token flags computed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenFlags(u8);

impl TokenFlags {
    const CAPITALIZED: u8 = 1;
    const ALL_CAPS: u8 = 2;
    const POSSESSIVE: u8 = 4;

    /// Starts with an upper-case letter.
    #[inline]
    pub fn capitalized(self) -> bool {
        self.0 & Self::CAPITALIZED != 0
    }

    /// Has letters, and all of them are upper case ("FBI", "U.S.").
    #[inline]
    pub fn all_caps(self) -> bool {
        self.0 & Self::ALL_CAPS != 0
    }

    /// Followed by a possessive token (`'s`, `’s`, or a lone apostrophe after a word ending in
    /// "s").
    #[inline]
    pub fn possessive(self) -> bool {
        self.0 & Self::POSSESSIVE != 0
    }
}

/// Folded forms and flags of every token of one document, and offset look-ups over its tokens.
#[derive(Debug, Clone, Default)]
pub struct TokenIndex {
    /// The folded forms of all tokens, one after the other.
    folded: String,
    /// Token i's folded form is `folded[bounds[i]..bounds[i + 1]]` (`bounds[0]` is 0).
    bounds: Vec<u32>,
    flags: Vec<TokenFlags>,
}

impl TokenIndex {
    /// Builds the index over `tokens` of `text`.
    pub fn build(text: &str, tokens: &[Token]) -> TokenIndex {
        let mut idx = TokenIndex {
            folded: String::with_capacity(text.len()),
            bounds: Vec::with_capacity(tokens.len() + 1),
            flags: Vec::with_capacity(tokens.len()),
        };
        idx.bounds.push(0);
        for (i, t) in tokens.iter().enumerate() {
            let w = t.span.get(text);
            let mut f = if w.is_ascii() {
                let at = idx.folded.len();
                idx.folded.push_str(w);
                if let Some(tail) = idx.folded.get_mut(at..) {
                    tail.make_ascii_lowercase();
                }
                let b = w.as_bytes();
                let upper = b.iter().any(u8::is_ascii_uppercase);
                let mut f = 0;
                if t.kind == TokenKind::Word && b.first().is_some_and(u8::is_ascii_uppercase) {
                    f |= TokenFlags::CAPITALIZED;
                }
                if upper && !b.iter().any(u8::is_ascii_lowercase) {
                    f |= TokenFlags::ALL_CAPS;
                }
                f
            } else {
                fold::push_folded(w, &mut idx.folded);
                case_flags(w, t.kind)
            };
            idx.bounds
                .push(u32::try_from(idx.folded.len()).unwrap_or(u32::MAX));
            if let Some(next) = tokens.get(i + 1) {
                // first byte of `'`, `’` (E2 80 99) or `ʼ` (CA BC): skip the rest for other tokens
                let may = matches!(
                    text.as_bytes().get(next.span.start),
                    Some(b'\'' | 0xE2 | 0xCA)
                );
                if may
                    && next.span.start == t.span.end
                    && is_possessive_mark(next.span.get(text), w)
                {
                    f |= TokenFlags::POSSESSIVE;
                }
            }
            idx.flags.push(TokenFlags(f));
        }
        idx
    }

    /// The folded lower-case form of token `t` ("" for an index out of range).
    #[inline]
    pub fn folded(&self, t: TokenIdx) -> &str {
        let i = t.get();
        match i.checked_add(2).and_then(|j| self.bounds.get(i..j)) {
            Some(&[a, b]) => self.folded.get(a as usize..b as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// The flags of token `t` (all false for an index out of range).
    #[inline]
    pub fn flags(&self, t: TokenIdx) -> TokenFlags {
        self.flags.get(t.get()).copied().unwrap_or_default()
    }

    /// Number of tokens indexed.
    pub fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }

    /// No token indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The capitalisation flags of a non-ASCII word `w`.
fn case_flags(w: &str, kind: TokenKind) -> u8 {
    let mut f = 0;
    if kind == TokenKind::Word && fold::is_capitalized(w) {
        f |= TokenFlags::CAPITALIZED;
    }
    if w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase) {
        f |= TokenFlags::ALL_CAPS;
    }
    f
}

/// True when token `n`, glued to the word `w` before it, is a possessive mark: an apostrophe and
/// "s", or a lone apostrophe after a word ending in "s".
#[inline]
fn is_possessive_mark(n: &str, w: &str) -> bool {
    let mut cs = n.chars();
    let (Some(a), second, third) = (cs.next(), cs.next(), cs.next()) else {
        return false;
    };
    if !fold::is_apostrophe(a) || third.is_some() {
        return false;
    }
    match second {
        Some(c) => c == 's' || c == 'S',
        None => w.ends_with(['s', 'S']),
    }
}

/// The first token that ends after byte `at`: the token containing `at`, or the next one when
/// `at` is between tokens (`tokens.len()` when there is none).
#[inline]
pub fn token_from(tokens: &[Token], at: usize) -> TokenIdx {
    TokenIdx(tokens.partition_point(|t| t.span.end <= at))
}

/// The first token that starts at or after byte `at` (`tokens.len()` when there is none).
#[inline]
pub fn token_starting_from(tokens: &[Token], at: usize) -> TokenIdx {
    TokenIdx(tokens.partition_point(|t| t.span.start < at))
}

/// The token containing byte `at`, if any.
#[inline]
pub fn token_at(tokens: &[Token], at: usize) -> Option<TokenIdx> {
    let i = token_from(tokens, at);
    tokens
        .get(i.get())
        .filter(|t| t.span.start <= at)
        .map(|_| i)
}

/// The tokens that start inside `span`: `token_starting_from(start)..token_starting_from(end)`.
#[inline]
pub fn tokens_of(tokens: &[Token], span: Span) -> TokenRange {
    let a = token_starting_from(tokens, span.start).get();
    let b = token_starting_from(tokens, span.end).get().max(a);
    TokenRange::new(a, b)
}

/// The sentence of token `t`, if `t` is a token.
#[inline]
pub fn sentence_of(tokens: &[Token], t: TokenIdx) -> Option<SentenceIdx> {
    tokens.get(t.get()).map(|t| SentenceIdx(t.sentence))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    #[test]
    fn index_answers_what_partition_point_did() {
        let doc = Document::segmented(
            "t",
            "Maria Lopez’s SEC filing\u{200D}said “no”. Then she left.",
        );
        let toks = &doc.tokens;
        let idx = TokenIndex::build(&doc.text, toks);
        let words: Vec<&str> = (0..toks.len()).map(|i| idx.folded(TokenIdx(i))).collect();
        assert_eq!(words.first(), Some(&"maria"));
        assert!(words.contains(&"'s"), "{words:?}");
        assert!(words.contains(&"sec"));
        let lopez = words.iter().position(|w| *w == "lopez").unwrap();
        assert!(idx.flags(TokenIdx(lopez)).possessive());
        assert!(idx.flags(TokenIdx(lopez)).capitalized());
        let sec = words.iter().position(|w| *w == "sec").unwrap();
        assert!(idx.flags(TokenIdx(sec)).all_caps());
        assert!(!idx.flags(TokenIdx(0)).all_caps());
        // the joiner separates "filing" and "said"
        assert!(words.contains(&"filing") && words.contains(&"said"));
        for (i, t) in toks.iter().enumerate() {
            for at in t.span.start..t.span.end {
                assert_eq!(token_at(toks, at), Some(TokenIdx(i)));
                assert_eq!(token_from(toks, at), TokenIdx(i));
            }
            assert_eq!(token_starting_from(toks, t.span.start), TokenIdx(i));
            assert_eq!(
                tokens_of(toks, t.span),
                TokenRange::new(i, i + 1),
                "{:?}",
                t.span
            );
            assert_eq!(
                sentence_of(toks, TokenIdx(i)),
                Some(SentenceIdx(t.sentence))
            );
        }
        assert_eq!(token_at(toks, doc.text.len()), None);
        assert_eq!(idx.folded(TokenIdx(toks.len())), "");
        assert_eq!(idx.len(), toks.len());
    }
}
