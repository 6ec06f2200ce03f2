//! Cleaning scraped text into article text: line ends normalized, page furniture removed
//! (repeated captions, teaser blocks under a "Summary" heading, marketing footers), invisible
//! characters kept out of the way. Cleaning only drops whole lines and trims them; it never edits
//! words, so every kept line appears verbatim in the input.
//!
//! Rules (patterns in `lexicons/boilerplate.tsv`):
//! 1. CRLF and lone CR become LF; a leading BOM is dropped; NUL and other C0/C1 controls except
//!    tab/newline become spaces; invisible format characters that only hide or reorder text
//!    (zero-width space, word joiner, soft hyphen, a BOM inside the text, and the bidirectional
//!    embedding/override/isolate controls, a "Trojan Source" vector when the tables are opened)
//!    are removed. ZWJ/ZWNJ are kept: emoji sequences and several scripts need them.
//! 2. A line equal to the article title is the headline: dropped (the title is in `articles.title`).
//! 3. Lines whose normalized form (quotes folded, trailing wire credit removed, whitespace
//!    collapsed) occurs more than once: only the last occurrence is kept (captions and teasers
//!    repeat body text and come first); a caption ending in a photo/wire credit that repeats
//!    verbatim is dropped entirely.
//! 4. A heading line ("Summary", "Highlights") and the bullet lines after it are dropped; other
//!    one-word section headings are dropped.
//! 5. From the first footer line ("Catch all the …", "Download the … App") to the end: dropped.
//! 6. Lines made only of punctuation are dropped.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::lexicon::Lexicon;

struct Patterns {
    headings: Vec<String>,
    footers: Vec<String>,
    credits: Vec<String>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let lex = Lexicon::parse(
            "boilerplate",
            include_str!("../../lexicons/boilerplate.tsv"),
        );
        let of = |k: &str| {
            lex.words_of_kind(k)
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
        };
        Patterns {
            headings: of("heading"),
            footers: of("footer"),
            credits: of("credit"),
        }
    })
}

/// The normalized characters of a line: curly quotes folded to straight ones, whitespace runs
/// collapsed to one space, leading and trailing whitespace dropped, lowercase.
fn folded_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    let mut space = false;
    let mut started = false;
    s.chars().flat_map(move |c| {
        let c = match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            c => c,
        };
        let mut out: [Option<char>; 2] = [None, None];
        if c.is_whitespace() {
            space = started;
        } else {
            if space {
                out[0] = Some(' ');
                space = false;
            }
            started = true;
            out[1] = Some(c);
        }
        out.into_iter().flatten().flat_map(char::to_lowercase)
    })
}

fn fold(s: &str) -> String {
    folded_chars(s).collect()
}

/// A 64-bit FNV-1a hash of [`fold`]`(s)` and its number of words, without building the string.
fn fold_hash(s: &str) -> (u64, usize) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words = 0;
    if s.is_ascii() {
        // Fast path, same result: ASCII has no curly quotes, lowercases byte by byte, and its
        // whitespace (for `char::is_whitespace`) is \t \n \x0b \x0c \r and space.
        let mut emit = |x: u8| {
            if x == b' ' || words == 0 {
                words += 1;
            }
            h ^= u64::from(x);
            h = h.wrapping_mul(0x0100_0000_01b3);
        };
        let (mut space, mut started) = (false, false);
        for &x in s.as_bytes() {
            if matches!(x, b'\t'..=b'\r' | b' ') {
                space = started;
                continue;
            }
            if space {
                emit(b' ');
                space = false;
            }
            started = true;
            emit(x.to_ascii_lowercase());
        }
        return (h, words);
    }
    let mut b = [0u8; 4];
    for c in folded_chars(s) {
        if c == ' ' || words == 0 {
            words += 1;
        }
        for &x in c.encode_utf8(&mut b).as_bytes() {
            h ^= u64::from(x);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h, words)
}

/// The trailing "(Reuters)" credit of a caption, if the line ends with one.
fn credit_suffix(line: &str) -> Option<usize> {
    let t = line.trim_end();
    if !t.ends_with(')') {
        return None;
    }
    let open = t.rfind('(')?;
    let inner = t[open + 1..t.len() - 1].trim().to_lowercase();
    let known = patterns().credits.iter().any(|c| {
        inner == *c
            || inner.starts_with(&format!("{c}/"))
            || inner.starts_with(&format!("{c}:"))
            || inner.ends_with(&format!("/{c}"))
    });
    known.then_some(open)
}

fn is_bullet(line: &str) -> bool {
    matches!(
        line.trim_start().chars().next(),
        Some('•' | '·' | '▪' | '●' | '◦' | '*' | '-' | '–')
    )
}

fn is_heading(line: &str) -> bool {
    if line.len() > 64 {
        return false;
    }
    // `fold(line) == heading`, without building the folded string
    let line = line.trim().trim_end_matches(':');
    patterns()
        .headings
        .iter()
        .any(|h| folded_chars(line).eq(h.chars()))
}

fn is_footer(line: &str) -> bool {
    // footer phrases are short prefixes: fold only the start of the line
    let end = line.char_indices().nth(80).map_or(line.len(), |(i, _)| i);
    let start = line.get(..end).unwrap_or(line);
    // `fold(start).starts_with(p)`, without building the folded string
    patterns().footers.iter().any(|p| {
        let mut f = folded_chars(start);
        p.chars().all(|c| f.next() == Some(c))
    })
}

fn only_punct(line: &str) -> bool {
    line.chars().all(|c| !c.is_alphanumeric())
}

use crate::text::fold::is_invisible;

/// Replaces control characters (other than newline and tab) by spaces, line ends by LF, and drops
/// a leading BOM. Offsets of the result are what every later stage uses.
pub fn normalize_controls(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let mut out = String::with_capacity(raw.len());
    // start of the run of characters copied unchanged that is not yet in `out`
    let mut run = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // printable ASCII, newline and tab are kept: skip them without decoding a character
        if (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t' {
            i += 1;
            continue;
        }
        let Some(c) = raw.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let mut next = i + c.len_utf8();
        let with = match c {
            '\r' => {
                if bytes.get(next) == Some(&b'\n') {
                    next += 1;
                }
                "\n"
            }
            '\u{2028}' | '\u{2029}' => "\n",
            c if is_invisible(c) => "",
            c if c.is_control() => " ",
            _ => {
                i = next;
                continue;
            }
        };
        out.push_str(raw.get(run..i).unwrap_or(""));
        out.push_str(with);
        run = next;
        i = next;
    }
    out.push_str(raw.get(run..).unwrap_or(""));
    out
}

/// The cleaned text of one article: control characters and line ends normalized, invisible
/// characters removed, and whole lines of page furniture (repeated captions, teaser blocks,
/// marketing footers, a repeated `title`) dropped.
pub fn clean(raw: &str, title: Option<&str>) -> String {
    let text = normalize_controls(raw);
    // each non-empty line, trimmed, with whether it is kept
    let mut lines: Vec<(&str, bool)> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| (l, true))
        .collect();

    // 5. footer: from the first footer line to the end (only in the last half of the article,
    //    so a body sentence opening with "Download the" early on is safe)
    let half = lines.len() / 2;
    if let Some(f) = lines.iter().skip(half).position(|&(l, _)| is_footer(l)) {
        for (_, keep) in lines.iter_mut().skip(half + f) {
            *keep = false;
        }
    }

    // 2. headline
    if let (Some(t), Some(first)) = (title, lines.first_mut()) {
        if fold(t) == fold(first.0) {
            first.1 = false;
        }
    }

    // 3. repeated lines: keep the last occurrence of each normalized form
    let norm: Vec<(u64, usize)> = lines
        .iter()
        .map(|&(l, _)| match credit_suffix(l) {
            Some(cut) => fold_hash(l.get(..cut).unwrap_or(l)),
            None => fold_hash(l),
        })
        .collect();
    let mut last: HashMap<u64, usize> = HashMap::default();
    for (i, (&(h, words), &(_, keep))) in norm.iter().zip(&lines).enumerate() {
        if keep && words >= 4 {
            last.insert(h, i);
        }
    }
    for (i, (h, _)) in norm.iter().enumerate() {
        if let Some(&j) = last.get(h) {
            if j != i {
                if let Some(l) = lines.get_mut(i) {
                    l.1 = false;
                }
                // a captioned duplicate (with credit) that is itself the last copy is a caption too
                if let Some(l) = lines.get_mut(j).filter(|l| credit_suffix(l.0).is_some()) {
                    l.1 = false;
                }
            }
        }
    }

    // 4. headings and the bullets under them
    let mut i = 0;
    while let Some(l) = lines.get_mut(i) {
        i += 1;
        if l.1 && is_heading(l.0) {
            l.1 = false;
            while let Some(b) = lines.get_mut(i).filter(|b| is_bullet(b.0)) {
                b.1 = false;
                i += 1;
            }
        }
    }

    // 6. punctuation-only lines
    for (l, keep) in lines.iter_mut() {
        if only_punct(l) {
            *keep = false;
        }
    }

    let mut out = String::with_capacity(text.len());
    for &(l, keep) in &lines {
        if keep {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_caption_summary_and_footer() {
        let raw = "Big Headline Here\n\nA caption about the photo of two leaders today. (Reuters)\nA caption about the photo of two leaders today. (Reuters)\n\nSummary\n\n  • A teaser bullet about the story\n\nFirst body paragraph that is long enough.\n\nSecond body paragraph, also fine.\n\nCatch all the Business News on Some Site.\nmore\n\ntopics\n";
        let c = clean(raw, Some("Big Headline Here"));
        assert_eq!(
            c,
            "First body paragraph that is long enough.\nSecond body paragraph, also fine."
        );
    }

    #[test]
    fn caption_repeating_body_keeps_body_copy() {
        let raw = "The leaders met on “Tuesday” to talk. (AP)\nIntro text.\nThe leaders met on “Tuesday\" to talk.\n";
        let c = clean(raw, None);
        assert_eq!(c, "Intro text.\nThe leaders met on “Tuesday\" to talk.");
    }

    #[test]
    fn control_characters_and_line_ends() {
        assert_eq!(normalize_controls("\u{FEFF}a\r\nb\rc\0d"), "a\nb\nc d");
        assert_eq!(clean("a b c\r\n\r\n.\r\nd e f", None), "a b c\nd e f");
        assert_eq!(normalize_controls("a\u{85}b\u{9F}c"), "a b c");
    }

    #[test]
    fn byte_scan_equals_the_character_scan() {
        // the character-by-character version that `normalize_controls` replaced
        fn reference(raw: &str) -> String {
            let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
            let mut out = String::new();
            let mut chars = raw.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' => {
                        if chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        out.push('\n');
                    }
                    '\n' | '\t' => out.push(c),
                    '\u{2028}' | '\u{2029}' => out.push('\n'),
                    c if is_invisible(c) => {}
                    c if c.is_control() => out.push(' '),
                    c => out.push(c),
                }
            }
            out
        }
        let pieces = [
            "plain ",
            "\r",
            "\n",
            "\r\n",
            "\t",
            "\0",
            "\u{7f}",
            "\u{85}",
            "\u{9f}",
            "\u{a0}",
            "é",
            "“q”",
            "\u{2028}",
            "\u{2029}",
            "\u{200B}",
            "\u{202E}",
            "\u{2066}",
            "\u{FEFF}",
            "\u{00AD}",
            "\u{180E}",
            "\u{061C}",
            "👩\u{200D}🔬",
            "\u{1b}[0m",
            "中文",
        ];
        let mut cases: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        for (i, a) in pieces.iter().enumerate() {
            for b in pieces.iter().skip(i % 5).step_by(3) {
                cases.push(format!("{a}{b}{a}x{b}"));
            }
        }
        for c in &cases {
            assert_eq!(normalize_controls(c), reference(c), "{c:?}");
        }
    }

    #[test]
    fn invisible_and_bidi_characters_are_removed() {
        let cases = [
            ("Lau\u{200B}ra Ben\u{00AD}ton", "Laura Benton"),
            ("abc\u{202E}fed\u{202C} x", "abcfed x"),
            ("\u{2066}x\u{2069} \u{200E}y\u{200F}", "x y"),
            ("a\u{FEFF}b\u{2060}c", "abc"),
            // ZWJ inside an emoji sequence and ZWNJ are kept
            ("👩\u{200D}🔬 \u{200C}", "👩\u{200D}🔬 \u{200C}"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_controls(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn short_repeated_lines_are_kept() {
        // repeated short lines such as "Yes." are ordinary text
        assert_eq!(
            clean("Yes.\nHe said so.\nYes.", None),
            "Yes.\nHe said so.\nYes."
        );
    }
}

#[cfg(test)]
mod fold_hash_tests {
    use super::*;

    #[test]
    fn fold_hash_agrees_with_fold() {
        for (a, b) in [
            ("The “thaw” in contacts", "the \"thaw\"   in CONTACTS"),
            ("Zhou’s  trip ", " zhou's trip"),
            ("Élan vital", "élan VITAL"),
        ] {
            assert_eq!(fold(a), fold(b));
            assert_eq!(fold_hash(a), fold_hash(b));
        }
        assert_ne!(fold_hash("a b c d"), fold_hash("a b c e"));
        assert_eq!(fold_hash("one two  three four").1, 4);
        assert_eq!(fold_hash("  ").1, 0);
        // the ASCII fast path agrees with fold(): same bytes hashed, same word count
        for a in [
            "  Two  words\x0bVT\r\n",
            "\tA\x0cB C ",
            "(Reuters) x",
            "",
            "x",
        ] {
            let f = fold(a);
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for x in f.bytes() {
                h ^= u64::from(x);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            assert_eq!(
                fold_hash(a),
                (h, f.split(' ').filter(|w| !w.is_empty()).count()),
                "{a:?}"
            );
        }
    }
}
