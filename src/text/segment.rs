//! Paragraphs, sentences and tokens over the cleaned text.
//!
//! Tokenization is PTB-like: punctuation is separate, possessive `’s` and `n’t` are split off,
//! hyphenated words stay whole, abbreviations keep their periods (`U.S.`, `Gen.`), and both
//! straight and curly apostrophes are handled. Every line of the cleaned text is a paragraph and a
//! hard sentence boundary. The scan is a single pass over the characters: linear in the input.

use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

use crate::lexicon::Lexicon;
use crate::text::fold;
use crate::text::token::{Sentence, Token, TokenKind};
use crate::text::Span;

struct Abbrev {
    /// Words that take a period without ending a sentence (without the period).
    abbrev: HashSet<&'static str>,
    /// Abbreviated titles ("Gen.", "Mr."): always followed by a name, never end a sentence.
    titles: HashSet<&'static str>,
    /// Capitalized words that typically open a sentence (used after an abbreviation like "U.S.").
    openers: HashSet<&'static str>,
}

fn abbrev() -> &'static Abbrev {
    static A: OnceLock<Abbrev> = OnceLock::new();
    A.get_or_init(|| {
        let lex = Lexicon::parse(
            "abbreviations",
            include_str!("../../lexicons/abbreviations.tsv"),
        );
        let mut abbrev = HashSet::default();
        let mut openers = HashSet::default();
        let mut titles = HashSet::default();
        for r in &lex.rows {
            let Some(&word) = r.first() else { continue };
            match r.get(1).copied() {
                Some("opener") => {
                    openers.insert(word);
                }
                Some("title") => {
                    titles.insert(word);
                    abbrev.insert(word);
                }
                _ => {
                    abbrev.insert(word);
                }
            }
        }
        Abbrev {
            abbrev,
            titles,
            openers,
        }
    })
}

pub use crate::text::fold::{is_apostrophe, is_quote_mark};

/// Paragraph spans: the non-blank lines of `text`, trimmed of surrounding whitespace.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        let lead = line.len() - line.trim_start().len();
        let trail = line.len() - line.trim_end().len();
        if lead < line.len() {
            out.push(Span::new(start + lead, end - trail));
        }
        start = end + 1;
    }
    out
}

/// Tokenizes one paragraph (`para` is a span of `text`), appending to `out`.
pub fn tokenize(text: &str, para: Span, out: &mut Vec<Token>) {
    tokenize_with(text, para, out, &mut Vec::new());
}

/// [`tokenize`] with a reusable buffer for the paragraph's characters (one per document instead
/// of one allocation per paragraph).
pub fn tokenize_with(text: &str, para: Span, out: &mut Vec<Token>, chars: &mut Vec<(usize, char)>) {
    let s = para.get(text);
    let base = para.start;
    chars.clear();
    chars.extend(s.char_indices());
    let chars = &*chars;
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map(|&(b, _)| b).unwrap_or(s.len());
    let mut i = 0;
    // slices of `s` between two char boundaries (`byte` of char indices), never out of range
    let sub = |a: usize, b: usize| s.get(a..b).unwrap_or_default();
    while let Some(c) = at(i) {
        if c.is_whitespace() || fold::is_token_separator(c) {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut j = i + 1;
            while let Some(cj) = at(j) {
                if cj.is_alphanumeric() || is_combining(cj) {
                    j += 1;
                    continue;
                }
                let next = at(j + 1);
                let next_alnum = next.is_some_and(|x| x.is_alphanumeric());
                // hyphenated words and number ranges stay whole: "national-security", "10-11"
                if (cj == '-' || cj == '‑') && next_alnum {
                    j += 1;
                    continue;
                }
                // digit groups and decimals: "1,000.50"
                if numeric
                    && (cj == ',' || cj == '.' || cj == ':')
                    && next.is_some_and(|x| x.is_ascii_digit())
                {
                    j += 1;
                    continue;
                }
                // dotted abbreviations: "U.S.", "e.g."
                if cj == '.' && next.is_some_and(|x| x.is_alphabetic()) && at(j + 2) == Some('.')
                    || cj == '.'
                        && next.is_some_and(|x| x.is_alphabetic())
                        && j >= 1
                        && j - start == 1
                        && at(start).is_some_and(char::is_uppercase)
                        && next.is_some_and(|x| x.is_uppercase())
                        && !at(j + 2).is_some_and(|x| x.is_alphabetic())
                {
                    j += 1;
                    continue;
                }
                if is_apostrophe(cj) && next_alnum {
                    // split clitics: ’s ’re ’ve ’ll ’d ’m and n’t; keep O’Brien-style names whole
                    let rest: String = chars
                        .get(j + 1..)
                        .unwrap_or_default()
                        .iter()
                        .map(|&(_, c)| c)
                        .take_while(|c| c.is_alphanumeric())
                        .take(4)
                        .collect();
                    let low = rest.to_lowercase();
                    let clitic = matches!(low.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m");
                    let nt =
                        low == "t" && j > start && matches!(at(j.wrapping_sub(1)), Some('n' | 'N'));
                    if nt {
                        // back off the 'n' so that the token is "do" + "n’t"
                        if j - 1 > start {
                            push(
                                out,
                                base,
                                byte(start),
                                byte(j - 1),
                                kind_of(sub(byte(start), byte(j - 1))),
                            );
                            push(out, base, byte(j - 1), byte(j + 2), TokenKind::Word);
                            i = j + 2;
                        } else {
                            push(out, base, byte(start), byte(j + 2), TokenKind::Word);
                            i = j + 2;
                        }
                        break;
                    }
                    if clitic {
                        break;
                    }
                    j += 1;
                    continue;
                }
                break;
            }
            if i > start {
                continue; // the n’t branch already emitted tokens
            }
            // trailing period of an abbreviation or an initial
            let word = sub(byte(start), byte(j));
            if at(j) == Some('.') {
                let dotted = word.contains('.') && word.chars().any(char::is_alphabetic);
                let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if dotted || initial || abbrev().abbrev.contains(word) {
                    j += 1;
                }
            }
            push(
                out,
                base,
                byte(start),
                byte(j),
                kind_of(sub(byte(start), byte(j))),
            );
            i = j;
            continue;
        }
        if is_apostrophe(c) {
            // clitic after a word: ’s, ’re, n’t handled above; here the apostrophe starts a token
            let mut j = i + 1;
            while at(j).is_some_and(char::is_alphabetic) && j - i <= 3 {
                j += 1;
            }
            let low = sub(byte(i + 1), byte(j)).to_lowercase();
            let prev_alnum = i > 0 && at(i - 1).is_some_and(char::is_alphanumeric);
            let next_alnum = at(j).is_some_and(|x| x.is_alphanumeric());
            if prev_alnum
                && !next_alnum
                && matches!(low.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m")
            {
                push(out, base, byte(i), byte(j), TokenKind::Word);
                i = j;
                continue;
            }
            push(out, base, byte(i), byte(i + 1), TokenKind::Punct);
            i += 1;
            continue;
        }
        // punctuation: runs of the same mark for "..." and "--"
        let mut j = i + 1;
        if c == '.' || c == '-' {
            while at(j) == Some(c) {
                j += 1;
            }
        }
        push(out, base, byte(start), byte(j), TokenKind::Punct);
        i = j;
    }
}

fn push(out: &mut Vec<Token>, base: usize, s: usize, e: usize, kind: TokenKind) {
    out.push(Token {
        span: Span::new(base + s, base + e),
        kind,
        sentence: 0,
    });
}

fn kind_of(w: &str) -> TokenKind {
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Splits the tokens of one paragraph into sentences; sets `Token::sentence` and appends the
/// sentences to `out`. `tokens` are the paragraph's tokens, `first_token` their index in the
/// document.
pub fn sentences(
    text: &str,
    tokens: &mut [Token],
    first_token: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let n = tokens.len();
    let mut start = 0;
    let mut k = 0;
    while let Some(tok) = tokens.get(k) {
        let t = tok.span.get(text);
        let mut boundary = false;
        let mut end = k + 1;
        let ends_sentence = matches!(t, "." | "!" | "?" | "..." | "…");
        let abbrev_end = t.ends_with('.') && t.len() > 1 && tok.kind == TokenKind::Word;
        if ends_sentence || abbrev_end {
            while tokens.get(end).is_some_and(|t| is_closer(t.span.get(text))) {
                end += 1;
            }
            match tokens.get(end) {
                None => boundary = true,
                Some(next) => {
                    let nt = next.span.get(text);
                    let first = nt.chars().next().unwrap_or(' ');
                    let upper = first.is_uppercase() || first.is_ascii_digit();
                    let opens = matches!(first, '"' | '“' | '‘' | '(' | '\'');
                    if ends_sentence {
                        boundary = (upper || opens) && !glued_name_dot(text, tokens, k);
                    } else {
                        // "U.S." at a sentence end: only when a typical opener follows
                        let word = t.trim_end_matches('.');
                        let known = abbrev().abbrev.contains(word);
                        let title = abbrev().titles.contains(word);
                        boundary = !title
                            && (abbrev().openers.contains(nt) || opens)
                            && (word.contains('.') || !known || word.len() > 1);
                    }
                }
            }
        }
        if boundary {
            push_sentence(tokens, start, end, first_token, paragraph, out);
            start = end;
            k = end;
            continue;
        }
        k += 1;
    }
    if start < n {
        push_sentence(tokens, start, n, first_token, paragraph, out);
    }
}

/// A period inside a name, glued to the words on both sides: a single lowercase letter before
/// it ("e.Motion"), or capitals on both sides ("WXYZ.FM"). A missing space after a sentence
/// ("Tuesday.The", "low.In") still ends the sentence.
fn glued_name_dot(text: &str, tokens: &[Token], k: usize) -> bool {
    let (Some(prev), Some(dot), Some(next)) = (
        k.checked_sub(1).and_then(|p| tokens.get(p)),
        tokens.get(k),
        tokens.get(k + 1),
    ) else {
        return false;
    };
    if prev.span.end != dot.span.start || dot.span.end != next.span.start {
        return false;
    }
    let (p, n) = (prev.span.get(text), next.span.get(text));
    let caps = |w: &str| w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase());
    let mut pc = p.chars();
    let single_lower = matches!((pc.next(), pc.next()), (Some(c), None) if c.is_lowercase());
    single_lower || (caps(p) && caps(n))
}

fn push_sentence(
    tokens: &mut [Token],
    s: usize,
    e: usize,
    first_token: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let idx = out.len();
    let Some(toks) = tokens.get_mut(s..e) else {
        return;
    };
    for t in toks.iter_mut() {
        t.sentence = idx;
    }
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return;
    };
    let span = Span::new(first.span.start, last.span.end);
    out.push(Sentence {
        span,
        paragraph,
        tokens: first_token + s..first_token + e,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn toks(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(s, Span::new(0, s.len()), &mut out);
        out.iter().map(|t| t.span.get(s).to_string()).collect()
    }

    #[test]
    fn tokenization_cases() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Kenya’s Foreign Ministry",
                &["Kenya", "’s", "Foreign", "Ministry"],
            ),
            ("Kim's trip", &["Kim", "'s", "trip"]),
            ("it doesn’t", &["it", "does", "n’t"]),
            ("U.S.-Kenya relations", &["U.S.", "-", "Kenya", "relations"]),
            ("Gen. Omar Haddad", &["Gen.", "Omar", "Haddad"]),
            (
                "a national-security official",
                &["a", "national-security", "official"],
            ),
            (
                "On May 10-11, they met.",
                &["On", "May", "10-11", ",", "they", "met", "."],
            ),
            ("$1,000.50 paid", &["$", "1,000.50", "paid"]),
            ("O’Brien said", &["O’Brien", "said"]),
            (
                "“This moment,\" said",
                &["“", "This", "moment", ",", "\"", "said"],
            ),
            ("Lopez—set", &["Lopez", "—", "set"]),
            ("J. Smith", &["J.", "Smith"]),
            ("G7 leaders", &["G7", "leaders"]),
        ];
        for (input, want) in cases {
            assert_eq!(toks(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn sentence_cases() {
        let cases: &[(&str, usize)] = &[
            ("He arrived in the U.S. on Tuesday. She left.", 2),
            ("Gen. Omar Haddad spoke. Mr. Kim agreed.", 2),
            ("It is in the U.S. The talks ended.", 2),
            ("“We will go,” he said. “Now.”", 2),
            ("Shares rose 1.5 percent to $3.20 on Monday.", 1),
            ("One line\nAnother line", 2),
            // a period inside a name; a missing space after a sentence still ends it
            ("Ada Moss, e.Motion’s founder, spoke. She left.", 2),
            ("He hosts a show on WXYZ.FM every day.", 1),
            ("It rained on Tuesday.The match was called off.", 2),
            ("Prices were low.In March they rose.", 2),
        ];
        for (input, want) in cases {
            let d = Document::segmented("t", input);
            let got: Vec<&str> = d.sentences.iter().map(|s| &input[s.span]).collect();
            assert_eq!(got.len(), *want, "input {input:?}: {got:?}");
        }
    }

    #[test]
    fn pathological_input_is_linear_and_total() {
        let long = "a".repeat(200_000);
        assert_eq!(toks(&long).len(), 1);
        let dots = ".".repeat(10_000);
        assert_eq!(toks(&dots).len(), 1);
        let mixed = "’s’’'\"“”‑-—".repeat(1000);
        let _ = toks(&mixed);
    }
}
