//! [`Span`]: the one offset type used inside the pipeline.
//!
//! Internally every offset is a half-open **byte** range into the cleaned article text
//! (`Document::text`). Published tables use Unicode code-point offsets; the conversion happens in
//! exactly one place, [`crate::text::CharOffsets`].

use std::ops::Index;

/// A half-open byte range `start..end` into one document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The span moved `by` bytes to the right: turns a span found in a slice that starts at
    /// byte `by` of the text into a span of the text.
    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// Slices `text`, returning "" when the span is not on char boundaries or out of range
    /// (never panics).
    pub fn get<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl Index<Span> for str {
    type Output = str;
    fn index(&self, span: Span) -> &str {
        span.get(self)
    }
}

/// Maps byte offsets of one text to code-point offsets.
pub struct CharOffsets {
    /// `table[i]` = number of chars that start before byte `i`; empty for an ASCII text, whose
    /// char offsets are its byte offsets.
    table: Vec<u32>,
    /// Length of the text in bytes.
    len: usize,
}

impl CharOffsets {
    /// The table for `text` (empty, and free, for an ASCII text).
    pub fn new(text: &str) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets {
                table: Vec::new(),
                len: text.len(),
            };
        }
        let bytes = text.as_bytes();
        let mut table = Vec::with_capacity(bytes.len() + 1);
        let mut count = 0u32;
        for &b in bytes {
            table.push(count);
            // a char starts at every byte that is not a UTF-8 continuation byte
            if (b & 0xC0) != 0x80 {
                count += 1;
            }
        }
        table.push(count);
        CharOffsets {
            table,
            len: text.len(),
        }
    }
    /// Code-point offset of byte offset `byte` (clamped to the text length).
    pub fn char_at(&self, byte: usize) -> i64 {
        let i = byte.min(self.len);
        if self.table.is_empty() {
            return i as i64;
        }
        i64::from(self.table.get(i).copied().unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_and_from_range() {
        assert_eq!(Span::from(2..5), Span::new(2, 5));
        assert_eq!(Span::new(2, 5).offset(10), Span::new(12, 15));
        let text = "said: Maria Lopez";
        let slice_at = 6;
        let found = Span::from(0..5); // "Maria" in the slice
        assert_eq!(&text[found.offset(slice_at)], "Maria");
    }

    #[test]
    fn slicing_is_total() {
        let t = "Wang’s";
        assert_eq!(&t[Span::new(0, 4)], "Wang");
        assert_eq!(&t[Span::new(0, 5)], ""); // inside the curly apostrophe
        assert_eq!(&t[Span::new(3, 99)], "");
    }

    #[test]
    fn ascii_offsets_equal_the_counted_ones() {
        for t in ["", "a", "plain ascii text, 123."] {
            let m = CharOffsets::new(t);
            for b in 0..t.len() + 3 {
                assert_eq!(m.char_at(b), t.len().min(b) as i64, "{t:?} {b}");
            }
        }
    }

    #[test]
    fn char_offsets_count_code_points() {
        let t = "a’b“c";
        let m = CharOffsets::new(t);
        assert_eq!(m.char_at(0), 0);
        assert_eq!(m.char_at(1), 1);
        assert_eq!(m.char_at(4), 2); // 'b'
        assert_eq!(m.char_at(t.len()), 5);
    }
}
