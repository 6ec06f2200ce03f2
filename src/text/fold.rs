//! Character classes and case folding, defined once for every stage.
//!
//! Apostrophes, quotation marks, invisible characters, the lower-case form of a word that
//! lexicon look-ups use, and the cheap word-shape prefilter that lets a stage skip a hash look-up
//! for words no lexicon entry can match all live here. A stage that needs one of them calls this
//! module instead of writing its own `matches!`.

/// The apostrophes that may appear inside words ("China’s", "don't", "Hawaiʻi").
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’' || c == 'ʼ'
}

/// Opening or closing quotation marks of any style (straight, curly, low-9, guillemets; the
/// single marks double as apostrophes).
#[inline]
pub fn is_quote_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'')
}

/// Typographic quotes, primes and dashes mapped to their ASCII forms, so that "China’s" and
/// "China's" (or "–" and "-") look alike to a feature or a lexicon key.
#[inline]
pub fn fold_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Invisible format characters that carry nothing in English news text: zero-width space, word
/// joiner and the invisible operators, BOM, soft hyphen, the Mongolian vowel separator and the
/// bidirectional marks, embeddings and isolates. Cleaning removes them from the text.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' // zero-width space
            | '\u{2060}'..='\u{2064}' // word joiner, invisible function application/times/separator/plus
            | '\u{FEFF}' // BOM / zero-width no-break space inside the text
            | '\u{00AD}' // soft hyphen
            | '\u{180E}' // Mongolian vowel separator (formerly a space)
            | '\u{200E}' | '\u{200F}' | '\u{061C}' // LRM, RLM, ALM
            | '\u{202A}'..='\u{202E}' // LRE, RLE, PDF, LRO, RLO
            | '\u{2066}'..='\u{2069}' // LRI, RLI, FSI, PDI
    )
}

/// Zero-width non-joiner and joiner. Unlike [`is_invisible`] characters they stay in the text
/// (they decide how emoji sequences and some scripts render), but they are never part of a
/// token.
#[inline]
pub fn is_joiner(c: char) -> bool {
    c == '\u{200C}' || c == '\u{200D}'
}

/// Characters the tokenizer skips between tokens besides white space.
#[inline]
pub fn is_token_separator(c: char) -> bool {
    is_invisible(c) || is_joiner(c)
}

/// Appends the folded lower-case form of `word` to `out`: lower case, with the typographic
/// apostrophes `’` and `ʼ` made `'`. This is the form the document index stores for every token
/// and that lexicon keys are written in.
#[inline]
pub fn push_folded(word: &str, out: &mut String) {
    if word.is_ascii() {
        let at = out.len();
        out.push_str(word);
        if let Some(tail) = out.get_mut(at..) {
            tail.make_ascii_lowercase();
        }
        return;
    }
    for c in word.chars() {
        if c == '’' || c == 'ʼ' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The folded lower-case form of `word` (see [`push_folded`]) as a new string.
pub fn folded(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    push_folded(word, &mut s);
    s
}

/// ASCII-lowercases a short word into `buf` without allocating; `None` for words longer than
/// the buffer or not ASCII (no lexicon entry of the short-word lists is either). An already
/// lower-case word is returned as it is, without a copy.
#[inline]
pub fn lower_ascii<'b, const N: usize>(s: &'b str, buf: &'b mut [u8; N]) -> Option<&'b str> {
    if s.len() > N || !s.is_ascii() {
        return None;
    }
    if !s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(s);
    }
    let b = buf.get_mut(..s.len())?;
    b.copy_from_slice(s.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).ok()
}

/// The word-shape prefilter: (first letter, byte length, last letter) of a word, letters as
/// 0..26 ignoring ASCII case, if it starts and ends with an ASCII letter and is shorter than 16
/// bytes. A stage keeps a bit table of the shapes its lexicon's words have and skips the hash
/// look-up for every other word.
#[inline]
pub fn shape_of(w: &str) -> Option<(usize, usize, u32)> {
    let b = w.as_bytes();
    let letter = |c: &u8| {
        c.is_ascii_alphabetic()
            .then(|| u32::from(c.to_ascii_lowercase() - b'a'))
    };
    let first = letter(b.first()?)?;
    let last = letter(b.last()?)?;
    (b.len() < 16).then_some((first as usize, b.len(), last))
}

/// True when the word starts with an upper-case letter.
#[inline]
pub fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_cases() {
        for (word, want) in [
            ("China’s", "china's"),
            ("Hawaiʼi", "hawai'i"),
            ("SAID", "said"),
            ("İstanbul", "i̇stanbul"),
            ("", ""),
        ] {
            assert_eq!(folded(word), want, "{word}");
        }
        let mut buf = [0u8; 8];
        assert_eq!(lower_ascii("Said", &mut buf), Some("said"));
        assert_eq!(lower_ascii("said", &mut buf), Some("said"));
        assert_eq!(lower_ascii("Spokeswoman", &mut buf), None);
        assert_eq!(lower_ascii("Señor", &mut buf), None);
    }

    #[test]
    fn character_classes_agree() {
        for c in ['\'', '’', 'ʼ'] {
            assert!(is_apostrophe(c));
        }
        for c in ['"', '“', '”', '„', '«', '»', '‘', '’'] {
            assert!(is_quote_mark(c), "{c}");
            assert!(matches!(fold_punct(c), '"' | '\''), "{c}");
        }
        // the joiners are kept in the text but separate tokens; the invisible ones are removed
        for c in ['\u{200C}', '\u{200D}'] {
            assert!(is_joiner(c) && !is_invisible(c) && is_token_separator(c));
        }
        for c in ['\u{200B}', '\u{FEFF}', '\u{00AD}', '\u{202E}', '\u{2063}'] {
            assert!(is_invisible(c) && !is_joiner(c) && is_token_separator(c));
        }
        assert!(!is_token_separator('a') && !is_token_separator(' '));
    }

    #[test]
    fn shape_prefilter() {
        assert_eq!(shape_of("Said"), Some((18, 4, 3)));
        assert_eq!(shape_of("x"), Some((23, 1, 23)));
        assert_eq!(shape_of("9am"), None);
        assert_eq!(shape_of("abcdefghijklmnop"), None);
    }
}
