//! Quotations and reported speech, with their speakers: fills [`Document::quotes`].
//!
//! The stage works paragraph by paragraph, in one pass over the tokens:
//!
//! 1. **Mark pairing.** Straight, curly and mixed double marks are classified as opening or
//!    closing by the characters around them (the glyph decides only when the context does not),
//!    then paired. Pairing restarts in every paragraph, so a stray mark never shifts the quotes of
//!    the rest of the article. A paragraph left open continues when the next paragraph starts with
//!    an opening mark (the news convention for multi-paragraph quotes); each paragraph's part is
//!    its own quote, attributed to the same speaker. Single marks inside double quotes are nested
//!    quotes and stay part of the outer quote; top-level single marks pair like double ones, with
//!    apostrophes (`don’t`, `players’`) told apart by the letters around them.
//! 2. **Units.** The segmenter's sentences are merged where a quote spans their boundary or the
//!    next one continues in lower case (`“Where now?” he says.`).
//! 3. **Cues.** Reporting verbs and phrases from `lexicons/quotes/reporting_verbs.tsv` outside
//!    quotes, with their speaker phrase: the subject before the verb (with an appositive between
//!    commas), the name after the verb (`said Ann Lee, a …`), the phrase after
//!    `according to`, or the subject of a coordinated / participial verb (`and said`, `, adding`).
//! 4. **Quotes.** A quotation next to a cue (`“…,” she said`, `said: “…”`) is `direct`; a quotation
//!    that is a whole unit takes the speaker of the paragraph's other quotes or of the previous
//!    paragraph's last quote. Reported speech is `indirect`: the clause after the cue
//!    (`X said (that) …`, `X told the group that …`, `according to X, …`) or before a
//!    clause-final cue (`…, officials said.`). A reported clause or a writer's clause that contains
//!    a quoted fragment is `partial`, and its span is the clause (quoted words included); a quoted
//!    fragment in a sentence whose only cue is elsewhere (`a “thaw” … as described by X`) is
//!    `partial` with the quoted words as span. An unattributed fragment (a scare quote, a title) is
//!    not a quote.
//! 5. **Speakers.** A speaker phrase resolves through the mentions that overlap it (their entity,
//!    set by coreference): a named person first, then an organization heading the phrase, then an
//!    unnamed source (`lexicons/quotes/source_nouns.tsv`: "a U.S. official", "people familiar
//!    with the matter"), kept as written. An unlinked pronoun or role noun falls back to the first
//!    person named in the nearest earlier sentence (outside quotes) of the same or the two previous
//!    paragraphs.
//!
//! A paragraph repeating an earlier paragraph word for word (a caption printed twice) is skipped.
//! Every scan is bounded by a small window, so the stage is linear in the article length.

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use crate::document::{Document, EntityKind, MentionForm, Quote, QuoteKind, Speaker, TokenKind};
use crate::extract::entities::{self, Gender};
use crate::extract::time;
use crate::lexicon::Lexicon;
use crate::text::Span;

/// How a reporting verb or phrase introduces what was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A bare clause may follow ("X said the talks failed").
    Say,
    /// A recipient comes first ("X told reporters (that) …").
    Tell,
    /// Reports speech only with "that", a colon or a quotation.
    That,
    /// "as described by X": the speaker follows "by".
    By,
    /// "according to X".
    According,
}

struct Lex {
    verbs: HashMap<&'static str, Class>,
    sources: HashMap<&'static str, &'static str>,
    /// Cue words: the two-word cue phrase a word starts (second word, class), and its class
    /// as a reporting verb; one look-up for both.
    cue_words: HashMap<&'static str, CueWord>,
    /// For each first letter and length of a key of `cue_words`, a bit per last letter
    /// ([`time::shape_of`]); `None` when some key has no such shape.
    cue_shapes: Option<Box<[[u32; 16]; 26]>>,
}

/// A word's two-word phrase and its entry in `Lex::verbs`.
type CueWord = (Option<(&'static str, Class)>, Option<Class>);

fn lex() -> &'static Lex {
    static L: OnceLock<Lex> = OnceLock::new();
    L.get_or_init(|| {
        let verbs_lex = Lexicon::parse(
            "quotes/reporting_verbs",
            include_str!("../../lexicons/quotes/reporting_verbs.tsv"),
        );
        let mut verbs: HashMap<&'static str, Class> = HashMap::default();
        let mut phrases: HashMap<&'static str, (&'static str, Class)> = HashMap::default();
        for r in &verbs_lex.rows {
            let (Some(&w), Some(&c)) = (r.first(), r.get(1)) else {
                continue;
            };
            let class = match c {
                "say" => Class::Say,
                "tell" => Class::Tell,
                "by" => Class::By,
                "according" => Class::According,
                _ => Class::That,
            };
            let mut parts = w.split_whitespace();
            match (parts.next(), parts.next()) {
                (Some(a), Some(b)) => {
                    phrases.entry(a).or_insert((b, class));
                }
                (Some(a), None) => {
                    verbs.entry(a).or_insert(class);
                }
                _ => {}
            }
        }
        let src = Lexicon::parse(
            "quotes/source_nouns",
            include_str!("../../lexicons/quotes/source_nouns.tsv"),
        );
        let mut cue_words: HashMap<&'static str, CueWord> = HashMap::default();
        for (&w, &p) in &phrases {
            cue_words.entry(w).or_default().0 = Some(p);
        }
        for (&w, &c) in &verbs {
            cue_words.entry(w).or_default().1 = Some(c);
        }
        let mut shapes = Box::new([[0u32; 16]; 26]);
        let mut exact = true;
        for w in cue_words.keys() {
            let slot =
                time::shape_of(w).and_then(|(f, n, l)| Some((shapes.get_mut(f)?.get_mut(n)?, l)));
            match slot {
                Some((sh, l))
                    if w.bytes()
                        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic()) =>
                {
                    *sh |= 1 << l
                }
                _ => exact = false,
            }
        }
        Lex {
            verbs,
            cue_shapes: exact.then_some(shapes),
            cue_words,
            sources: src
                .rows
                .iter()
                .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
                .collect(),
        }
    })
}

/// Closed-class words (grammar, not knowledge).
const BOUNDARY: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "while",
    "because",
    "as",
    "if",
    "after",
    "before",
    "since",
    "where",
    "so",
    "although",
    "though",
    "but",
    "or",
    "nor",
    "what",
    "how",
    "why",
    "whether",
    "then",
    "once",
    "unless",
    "until",
    "than",
    "however",
    "meanwhile",
    "still",
    "also",
    "yet",
    "instead",
];
const ADVERBS: &[&str] = &[
    "also",
    "later",
    "previously",
    "repeatedly",
    "recently",
    "once",
    "again",
    "further",
    "then",
    "now",
    "often",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "did",
    "does",
    "do",
    "may",
    "might",
    "should",
    "must",
    "never",
    "earlier",
    "reportedly",
    "publicly",
    "privately",
    "separately",
    "frequently",
    "initially",
    "only",
    "even",
    "still",
    "just",
    "similarly",
    "simply",
    "finally",
    "quickly",
    "firmly",
    "flatly",
    "already",
    "always",
    "told",
    "last",
    "subsequently",
    "first",
    "openly",
    "explicitly",
    "specifically",
    "recently",
    "long",
    "not",
];
const BE: &[&str] = &[
    "was", "were", "is", "are", "been", "being", "be", "am", "get", "got",
];
const ADJUNCT: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "outside",
    "from",
    "via",
    "through",
    "after",
    "before",
    "while",
    "amid",
    "inside",
    "near",
    "with",
    "to",
    "last",
    "this",
    "earlier",
    "later",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "late",
    "early",
    "when",
    "over",
    "by",
    "under",
    "for",
    "about",
    "of",
    "again",
    "afterward",
    "afterwards",
    "recently",
    "previously",
    "repeatedly",
    "publicly",
    "privately",
    "then",
    "also",
    "here",
    "there",
    "earlier",
    "separately",
];
const DETS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those",
    "another", "some", "one", "two", "three", "several", "many", "both", "each", "other",
];
const HEAD_STOP: &[&str] = &[
    "of",
    "with",
    "at",
    "in",
    "from",
    "for",
    "familiar",
    "close",
    "who",
    "which",
    "that",
    "present",
    "seen",
    "on",
    "to",
    "by",
    "based",
    "involved",
    "knowledgeable",
    "briefed",
    "speaking",
    "whose",
    "reached",
    "working",
    "near",
];
const NOMINAL_BEFORE: &[&str] = &[
    "the", "to", "a", "an", "his", "her", "its", "their", "our", "my", "your", "these", "those",
    "this", "such", "any", "no", "every", "each", "of", "in", "on", "for", "with",
];
/// Words that end an unnamed source's phrase ("a person familiar with the talks but …").
const TRIM: &[&str] = &[
    "who",
    "which",
    "that",
    "but",
    "present",
    "speaking",
    "reached",
    "unauthorized",
    "granted",
    "quoted",
    "cited",
    "whose",
];
/// Institution heads that name a body of their own rather than the organization named before
/// ("the government", "the police").
const NOT_ANAPHORIC: &[&str] = &[
    "government",
    "military",
    "police",
    "army",
    "court",
    "courts",
    "province",
    "state",
    "city",
];
/// Institution nouns that may stand for any organization ("the company"); other institution
/// nouns ("the commission", "the bank") stand for one whose name holds them.
const GENERIC_ORG_HEADS: &[&str] = &[
    "company",
    "firm",
    "agency",
    "group",
    "organization",
    "organisation",
    "business",
    "corporation",
];
/// Prepositions whose object is not the subject a pronoun continues.
const OBJECT_PREPOSITIONS: &[&str] = &[
    "unlike",
    "like",
    "with",
    "for",
    "to",
    "from",
    "against",
    "about",
    "of",
    "than",
    "toward",
    "towards",
    "at",
    "including",
    "besides",
    "despite",
    "between",
    "among",
];
/// Earlier speakers a pronoun or an anaphoric phrase may reach (keeps each lookup constant-time).
const RECENT_SPEAKERS: usize = 64;
const HONORIFICS: &[&str] = &["mr.", "ms.", "mrs.", "dr.", "mr", "ms", "mrs", "dr"];
const PERSON_PRONOUNS: &[&str] = &["he", "she", "him", "her"];
const OTHER_PRONOUNS: &[&str] = &["they", "it", "we", "i", "you"];
const CONJ: &[&str] = &["and", "but"];
const WEEKDAYS_MONTHS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "aug.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
    "last",
    "this",
    "today",
    "yesterday",
    "tonight",
    "earlier",
    "later",
];

/// ASCII-lowercases a short word into `buf`; `None` for long or non-ASCII words (no lexicon
/// entry is either).
fn lower<'b>(s: &'b str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    // already lowercase (most words): the same text, without the copy
    if !s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(s);
    }
    let b = buf.get_mut(..s.len())?;
    b.copy_from_slice(s.as_bytes());
    b.make_ascii_lowercase();
    std::str::from_utf8(b).ok()
}

/// `s` is in `list` (whose words are ASCII lowercase, see the test `lists_are_lowercase`),
/// ignoring ASCII case. Equivalent to lowercasing `s` with [`lower`] and looking it up: a
/// non-ASCII or overlong `s` equals no list word either way; comparing lengths first skips
/// most words without touching their bytes.
fn in_list(s: &str, list: &[&str]) -> bool {
    list.iter()
        .any(|w| w.len() == s.len() && w.as_bytes().eq_ignore_ascii_case(s.as_bytes()))
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‟')
}
fn is_single(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '‚' | '‛')
}
fn is_mark_str(s: &str) -> bool {
    let mut it = s.chars();
    matches!((it.next(), it.next()), (Some(c), None) if is_double(c) || is_single(c))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Open,
    Close,
    Either,
}

/// One quoted segment of a paragraph, byte offsets.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// The opening mark.
    open: Span,
    /// The closing mark, `None` when the quote runs to the paragraph end.
    close: Option<Span>,
    /// The quoted words (marks, surrounding blanks and a trailing comma removed).
    inner: Span,
    /// The paragraph continues a quote left open by the previous one.
    cont_prev: bool,
}

fn space_like_before(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':')
    })
}
fn space_like_after(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '—' | '–' | '-' | '/' | '…'
            )
    })
}

fn double_dir(prev: Option<char>, c: char, next: Option<char>) -> Dir {
    let sb = space_like_before(prev) || prev.is_some_and(is_single);
    let sa = space_like_after(next) || next.is_some_and(is_single);
    match (sb, sa) {
        (true, false) => Dir::Open,
        (false, true) => Dir::Close,
        _ => match c {
            '“' | '„' | '«' | '‟' => Dir::Open,
            '”' | '»' => Dir::Close,
            _ => Dir::Either,
        },
    }
}

/// Direction of a single mark, `None` for an apostrophe.
fn single_dir(prev: Option<char>, next: Option<char>) -> Option<Dir> {
    let pa = prev.is_some_and(char::is_alphanumeric);
    let na = next.is_some_and(char::is_alphanumeric);
    if pa && na {
        return None;
    }
    let sb = space_like_before(prev) || prev.is_some_and(is_double);
    let sa = space_like_after(next) || next.is_some_and(is_double);
    if sb && !sa {
        Some(Dir::Open)
    } else if !sb && sa {
        Some(Dir::Close)
    } else {
        None
    }
}

/// Trims blanks and a trailing comma from the quoted words between `a` and `b`.
fn inner_span(text: &str, a: usize, b: usize) -> Span {
    let s = text.get(a..b).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let t = s.trim_end().trim_end_matches([',', ';']).trim_end();
    Span::new(a + lead, (a + t.len()).max(a + lead))
}

fn has_word(text: &str, sp: Span) -> bool {
    sp.get(text).chars().any(char::is_alphanumeric)
}

/// The quotation marks of `s`: (byte offset, mark, char before, char after).
fn marks(s: &str) -> Vec<(usize, char, Option<char>, Option<char>)> {
    let mut out = Vec::new();
    // Skip the ASCII bytes that are not marks (the only ASCII marks are '"' and '\''), decode
    // the rest. `b` stays on a char boundary: it advances by one ASCII byte or a whole char.
    let bytes = s.as_bytes();
    let mut b = 0;
    while let Some(&x) = bytes.get(b) {
        if x.is_ascii() && x != b'"' && x != b'\'' {
            b += 1;
            continue;
        }
        let Some(c) = s.get(b..).and_then(|r| r.chars().next()) else {
            break;
        };
        let at = b;
        b += c.len_utf8();
        if is_double(c) || is_single(c) {
            let prev = s.get(..at).and_then(|r| r.chars().next_back());
            let next = s.get(b..).and_then(|r| r.chars().next());
            out.push((at, c, prev, next));
        }
    }
    out
}

/// Pairs the quotation marks of one paragraph. `next_opens`: the next paragraph starts with an
/// opening mark. Returns the segments and whether the paragraph was left open.
///
/// `seed_open`: the previous paragraph was left open and this one goes on in lower case
/// (`… is at the discretion of the decision-maker.` / `based on the advice of …,” said X`), a
/// paragraph break inside one sentence: the quote is open from the paragraph start.
fn pair_marks(
    text: &str,
    para: Span,
    next_opens: bool,
    prev_open: bool,
    seed_open: bool,
) -> (Vec<Seg>, bool) {
    let s = para.get(text);
    let mut segs = Vec::new();
    let mut open: Option<Span> =
        (seed_open && prev_open).then_some(Span::new(para.start, para.start));
    let mut single_open: Option<Span> = None;
    // the mark `c` at byte `b` of the paragraph
    let mark = |b: usize, c: char| {
        let b = para.start + b;
        Span::new(b, b + c.len_utf8())
    };
    let push = |segs: &mut Vec<Seg>, o: Span, c: Option<Span>| {
        let end = c.map_or(para.end, |c| c.start);
        let inner = inner_span(text, o.end, end);
        if has_word(text, inner) {
            segs.push(Seg {
                open: o,
                close: c,
                inner,
                cont_prev: prev_open && o.start == para.start,
            });
        }
    };
    for (at, c, prev, next) in marks(s) {
        if is_double(c) {
            single_open = None;
            let m = mark(at, c);
            match (open, double_dir(prev, c, next)) {
                (None, Dir::Open | Dir::Either) => open = Some(m),
                (None, Dir::Close) => {}
                (Some(o), Dir::Close | Dir::Either) => {
                    push(&mut segs, o, Some(m));
                    open = None;
                }
                // an opening mark while open: the earlier one was stray; resynchronise here
                (Some(_), Dir::Open) => open = Some(m),
            }
        } else if is_single(c) && open.is_none() {
            let m = mark(at, c);
            match (single_open, single_dir(prev, next)) {
                (None, Some(Dir::Open)) => single_open = Some(m),
                (Some(_), Some(Dir::Open)) => single_open = Some(m),
                (Some(o), Some(Dir::Close)) => {
                    push(&mut segs, o, Some(m));
                    single_open = None;
                }
                _ => {}
            }
        }
    }
    let mut left_open = false;
    if let Some(o) = open {
        let before = text.get(para.start..o.start).unwrap_or("").trim_end();
        if next_opens {
            push(&mut segs, o, None);
            left_open = true;
        } else if o.start == para.start || before.ends_with(':') || before.ends_with(',') {
            // a missing closing mark: the quote runs to the paragraph end
            push(&mut segs, o, None);
        }
    }
    (segs, left_open)
}

/// Whether a paragraph goes on in lower case and its first double mark closes a quotation: the
/// rest of a sentence (and quotation) the previous paragraph broke off.
fn continues_in_lower_case(s: &str) -> bool {
    let t = s.trim_start();
    if !t.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    let mut prev = None;
    let mut it = t.chars().peekable();
    while let Some(c) = it.next() {
        if is_double(c) {
            return double_dir(prev, c, it.peek().copied()) == Dir::Close;
        }
        prev = Some(c);
    }
    false
}

fn starts_with_open_mark(s: &str) -> bool {
    let mut it = s.trim_start().chars();
    match (it.next(), it.next()) {
        (Some(c), n) if is_double(c) => double_dir(None, c, n) != Dir::Close,
        (Some(c), n) if is_single(c) => single_dir(None, n) == Some(Dir::Open),
        _ => false,
    }
}

/// A reporting cue and its speaker phrase (token indices into `Document::tokens`).
#[derive(Debug, Clone)]
struct Cue {
    /// The reporting verb (first word of a cue phrase).
    verb: usize,
    class: Class,
    /// First token of the cue frame (speaker phrase or verb).
    start: usize,
    /// One past the frame (after the verb, or after a speaker phrase that follows it).
    end: usize,
    /// The speaker phrase, as a token range.
    subj: Option<(usize, usize)>,
    /// An appositive after the subject ("Howell, who has two children, says").
    appos: Option<(usize, usize)>,
    /// The speaker follows the verb ("said Lin Hua", "according to X").
    inverted: bool,
    /// Coordinated or participial verb: the speaker is the unit's earlier subject.
    inherit: bool,
}

/// An attribution: resolved speaker and the phrase as written.
#[derive(Debug, Clone, PartialEq)]
struct Attrib {
    speaker: Speaker,
    span: Option<Span>,
}

impl Attrib {
    fn unknown() -> Attrib {
        Attrib {
            speaker: Speaker::Unknown,
            span: None,
        }
    }
    fn known(&self) -> bool {
        !matches!(self.speaker, Speaker::Unknown)
    }
}

struct Ctx<'d> {
    doc: &'d Document,
    /// Mention indices sorted by start.
    order: Vec<usize>,
    /// Quoted spans seen so far (sorted): mentions inside them are not antecedents.
    quoted: Vec<Span>,
    /// Earlier attributions to person entities: (speaker position, entity).
    spoken: Vec<(usize, usize)>,
    /// Earlier speakers written as a bare name that no person entity holds ("Lonechild said"):
    /// (speaker position, name span). Candidates for a later "he"/"she".
    spoken_names: Vec<(usize, Span)>,
    /// Earlier attributions to any entity (person or organization): (speaker position, entity).
    spoken_ent: Vec<(usize, usize)>,
    /// Earlier unnamed sources as written ("a justice official"): (position, phrase).
    unnamed: Vec<(usize, Span)>,
    /// Person entities by the lower-cased last word of their name.
    by_last: HashMap<String, Vec<usize>>,
}

impl<'d> Ctx<'d> {
    fn tok(&self, i: usize) -> &'d str {
        self.doc
            .tokens
            .get(i)
            .map_or("", |t| t.span.get(&self.doc.text))
    }
    fn is_word(&self, i: usize) -> bool {
        self.doc
            .tokens
            .get(i)
            .is_some_and(|t| t.kind != TokenKind::Punct)
    }
    fn capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }
    fn span(&self, a: usize, b: usize) -> Span {
        let toks = &self.doc.tokens;
        match (toks.get(a), b.checked_sub(1).and_then(|l| toks.get(l))) {
            (Some(x), Some(y)) if a < b => Span::new(x.span.start, y.span.end),
            _ => Span::default(),
        }
    }
    fn in_quoted(&self, sp: Span) -> bool {
        let i = self.quoted.partition_point(|q| q.end <= sp.start);
        self.quoted.get(i).is_some_and(|q| q.start <= sp.start)
    }
    fn possessive(&self, sp: Span) -> bool {
        let rest = self.doc.text.get(sp.end..).unwrap_or("");
        rest.starts_with("’s") || rest.starts_with("'s") || rest.starts_with("’ ")
    }
    /// Mentions overlapping `sp`, in text order.
    fn mentions_in(&self, sp: Span) -> Vec<usize> {
        let m = &self.doc.mentions;
        let hi = self
            .order
            .partition_point(|&i| m.get(i).is_some_and(|x| x.span.start < sp.end));
        let mut out = Vec::new();
        let mut k = hi;
        while k > 0 && out.len() < 16 {
            k -= 1;
            let Some(x) = self.order.get(k).and_then(|&i| m.get(i).map(|x| (i, x))) else {
                break;
            };
            if x.1.span.end <= sp.start {
                if x.1.span.start + 200 < sp.start {
                    break;
                }
                continue;
            }
            out.push(x.0);
        }
        out.reverse();
        out
    }
    /// Whether the token starting at byte `pos` opens its sentence, allowing a few leading
    /// words (titles, "Former premier", "But").
    fn subject_like(&self, pos: usize) -> bool {
        let toks = &self.doc.tokens;
        let ti = toks.partition_point(|t| t.span.start < pos);
        let sents = &self.doc.sentences;
        let si = sents.partition_point(|s| s.tokens.end <= ti);
        let Some(s) = sents.get(si) else {
            return true;
        };
        let lead = (s.tokens.start..ti.min(s.tokens.end))
            .filter(|&i| self.is_word(i))
            .count();
        lead <= 3 && !(s.tokens.start..ti).any(|i| self.tok(i) == ",")
    }
    /// The single person entity whose (longer) name ends with the words of `name`.
    fn person_ending_with(&self, name: &str) -> Option<usize> {
        let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
        let cands = self.by_last.get(words.last()?)?;
        let mut found = None;
        for &e in cands {
            let ent = self.doc.entities.get(e)?;
            let ew: Vec<String> = ent.name.split_whitespace().map(str::to_lowercase).collect();
            if ew.len() > words.len() && ew.ends_with(&words) {
                if found.is_some_and(|f| f != e) {
                    return None;
                }
                found = Some(e);
            }
        }
        found
    }
    /// Whether byte positions `a` and `b` fall in the same sentence.
    fn same_sentence(&self, a: usize, b: usize) -> bool {
        let sents = &self.doc.sentences;
        let at = |p: usize| sents.partition_point(|s| s.span.end <= p);
        at(a) == at(b)
    }
    /// The latest sentence, between `from` (an earlier bare-name speaker) and `at`, that opens
    /// with the first word of one of the last few bare-name speakers: (position, name span).
    fn bare_subject_after(
        &self,
        from: Option<(usize, Span)>,
        at: usize,
        pmin: usize,
    ) -> Option<(usize, Span)> {
        let lo = from.map_or(pmin, |(p, _)| p + 1).max(pmin);
        let names: Vec<&str> = self
            .spoken_names
            .iter()
            .rev()
            .take(8)
            .filter(|(p, _)| *p < at)
            .filter_map(|(_, sp)| self.doc.slice(*sp).split_whitespace().next())
            .collect();
        if names.is_empty() {
            return None;
        }
        let toks = &self.doc.tokens;
        let hi = toks.partition_point(|t| t.span.start < at);
        for i in (0..hi).rev().take(150) {
            let t = toks.get(i)?;
            if t.span.start < lo {
                break;
            }
            // the first word of its sentence, or of a main clause after a short opener
            // ("In addition to her work, Lonechild and others are …")
            let first_of_sentence = self.doc.sentences.get(t.sentence).is_some_and(|s| {
                s.tokens.start == i
                    || (i > s.tokens.start
                        && i < s.tokens.start + 12
                        && self.tok(i - 1) == ","
                        && !(s.tokens.start..i).any(|j| is_mark_str(self.tok(j))))
            });
            if first_of_sentence
                && names.contains(&self.tok(i))
                && !self.in_quoted(t.span)
                && !self.possessive(t.span)
            {
                return Some((t.span.start, t.span));
            }
        }
        None
    }
    /// The nearest sentence before `at` that opens with one capitalized word, a comma and an
    /// appositive ("Sela, a resident of …"): that word's span.
    fn introduced_name(&self, at: usize, pmin: usize) -> Option<Span> {
        let toks = &self.doc.tokens;
        let hi = toks.partition_point(|t| t.span.start < at);
        let cur = toks.get(hi.checked_sub(1)?)?.sentence;
        let lo = self
            .doc
            .sentence_at(pmin)
            .unwrap_or(0)
            .max(cur.saturating_sub(12));
        let lx = lex();
        // the nearest three sentences of the writer's own: sentences inside a long quotation
        // do not count
        let mut writer_sentences = 0;
        for si in (lo..=cur).rev() {
            let Some(s) = self.doc.sentences.get(si) else {
                continue;
            };
            let i = s.tokens.start;
            if !self
                .doc
                .tokens
                .get(i)
                .is_some_and(|t| self.in_quoted(t.span))
            {
                writer_sentences += 1;
                if writer_sentences > 3 {
                    break;
                }
            }
            let w = self.tok(i);
            let mut buf = [0u8; 32];
            let low = lower(w, &mut buf).unwrap_or("");
            let name_like = self.capitalized(i)
                && w.chars().skip(1).all(char::is_lowercase)
                && !in_list(w, DETS)
                && !in_list(w, PERSON_PRONOUNS)
                && !in_list(w, OTHER_PRONOUNS)
                && !in_list(w, BOUNDARY)
                && !in_list(w, WEEKDAYS_MONTHS)
                && !lx.sources.contains_key(low);
            if name_like
                && self.tok(i + 1) == ","
                && in_list(self.tok(i + 2), &["a", "an", "the", "who"])
                && toks
                    .get(i)
                    .is_some_and(|t| t.span.start >= pmin && t.span.end <= at)
                && self.mentions_in(self.span(i, i + 1)).is_empty()
            {
                return Some(self.span(i, i + 1));
            }
        }
        None
    }
    /// A name used as a modifier: after an article, before a lower-case noun ("the X pipeline").
    fn modifier(&self, sp: Span) -> bool {
        let toks = &self.doc.tokens;
        let i = toks.partition_point(|t| t.span.start < sp.start);
        let j = toks.partition_point(|t| t.span.start < sp.end);
        i > 0
            && in_list(self.tok(i - 1), &["the", "a", "an"])
            && self.is_word(j)
            && self.tok(j).chars().next().is_some_and(char::is_lowercase)
    }
    /// A name governed by a preposition ("Unlike Ann Lee, he …", "a meeting with Ann Lee"): not
    /// the subject a later pronoun or role noun continues. ("by" is left out: the agent of a
    /// passive is the actor.)
    fn prepositional_object(&self, sp: Span) -> bool {
        let toks = &self.doc.tokens;
        let i = toks.partition_point(|t| t.span.start < sp.start);
        i > 0 && in_list(self.tok(i - 1), OBJECT_PREPOSITIONS)
    }
    /// Sex of a person entity from the census list of given names, if known: not for a rare
    /// given name, nor for a name written family name first ("Pak Chol-su": a hyphenated given
    /// name with a lower-case second syllable closes it).
    fn gender(&self, e: usize) -> Option<Gender> {
        let ent = self.doc.entities.get(e)?;
        let mut words = ent.name.split_whitespace();
        let first = words.next()?;
        let family_first = words.last().is_some_and(|w| {
            w.split_once('-').is_some_and(|(a, b)| {
                a.chars().next().is_some_and(char::is_uppercase)
                    && b.chars().next().is_some_and(char::is_lowercase)
            })
        });
        let lx = entities::lex();
        if family_first || lx.rare_given.contains(first) {
            return None;
        }
        lx.given.get(first).copied()
    }
    fn entity_kind(&self, e: usize) -> Option<EntityKind> {
        self.doc.entities.get(e).and_then(|x| x.kind)
    }
    /// The first person named (outside quotes, not as a possessor) in the nearest sentence
    /// before `at`, within paragraphs `min_para..`.
    fn recent_person(&self, at: usize, min_start: usize, kind: EntityKind) -> Option<usize> {
        self.recent(at, min_start, kind, &|_| true).map(|(_, e)| e)
    }
    /// Like `recent_person`, with the mention's position; pronoun mentions, names used as a
    /// modifier ("the X pipeline") and entities `accept` rejects are skipped.
    fn recent(
        &self,
        at: usize,
        min_start: usize,
        kind: EntityKind,
        accept: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, usize)> {
        let m = &self.doc.mentions;
        let hi = self
            .order
            .partition_point(|&i| m.get(i).is_some_and(|x| x.span.start < at));
        let mut best: Option<(usize, usize, usize)> = None; // (sentence, entity, position)
        let mut cue_subj: Option<(usize, usize)> = None;
        for k in (0..hi).rev().take(200) {
            let Some(x) = self.order.get(k).and_then(|&i| m.get(i)) else {
                break;
            };
            if x.span.start < min_start {
                break;
            }
            if let Some((s, _, _)) = best {
                if x.sentence != s {
                    break;
                }
            }
            let Some(e) = x.entity else { continue };
            if self.entity_kind(e) != Some(kind)
                || x.form == MentionForm::Pronoun
                || self.in_quoted(x.span)
                || self.possessive(x.span)
                || x.span.end > at
                || !accept(e)
                || (kind == EntityKind::Person
                    && (self.modifier(x.span) || self.prepositional_object(x.span)))
            {
                continue;
            }
            if cue_subj.is_none() && kind == EntityKind::Person && self.before_cue(x.span) {
                cue_subj = Some((x.span.start, e));
            }
            best = Some((x.sentence, e, x.span.start));
        }
        // the subject of a reporting verb in that sentence ("…, Foster writes in his book")
        // over the sentence's first name
        cue_subj
            .filter(|c| best.is_some_and(|(s, _, _)| self.same_sentence(c.0, self.sentence_pos(s))))
            .or(best.map(|(_, e, p)| (p, e)))
    }
    /// Start of sentence `s` (byte offset).
    fn sentence_pos(&self, s: usize) -> usize {
        self.doc.sentences.get(s).map_or(0, |x| x.span.start)
    }
    /// A name right before a reporting verb ("Foster writes", "Lee also said").
    fn before_cue(&self, sp: Span) -> bool {
        let toks = &self.doc.tokens;
        let j = toks.partition_point(|t| t.span.start < sp.end);
        let i = toks.partition_point(|t| t.span.start < sp.start);
        // an object of a preposition or an article ("tours to X, said") is not the subject
        if i > 0 && (in_list(self.tok(i - 1), ADJUNCT) || in_list(self.tok(i - 1), DETS)) {
            return false;
        }
        let lx = lex();
        (j..j + 2).any(|i| {
            let mut buf = [0u8; 32];
            lower(self.tok(i), &mut buf).is_some_and(|w| lx.verbs.contains_key(w))
        }) && !in_list(self.tok(j), BE)
    }
}

/// A speaker phrase written as a bare name of one or two capitalized words ("Lonechild"),
/// not a pronoun, a determiner phrase or an organization word.
fn bare_name(ctx: &Ctx, sp: Span) -> bool {
    let text = ctx.doc.slice(sp);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 2 {
        return false;
    }
    let lx = lex();
    words.iter().all(|w| {
        let mut buf = [0u8; 32];
        let low = lower(w, &mut buf).unwrap_or("");
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
            && w.chars().skip(1).any(char::is_lowercase)
            && !in_list(w, PERSON_PRONOUNS)
            && !in_list(w, OTHER_PRONOUNS)
            && !in_list(w, DETS)
            && !lx.sources.contains_key(low)
    })
}

/// The nearest plural noun phrase before token `at` (this or the previous sentence) that is
/// followed by a verb-like lower-case word: "The Conservatives believe", "members complained".
fn plural_subject(ctx: &Ctx, at: usize) -> Option<Span> {
    let sent = ctx.doc.tokens.get(at)?.sentence;
    let mut i = at;
    while i > 0 && at - i < 40 {
        i -= 1;
        let t = ctx.doc.tokens.get(i)?;
        if t.sentence + 1 < sent {
            break;
        }
        let w = ctx.tok(i);
        let next = ctx.tok(i + 1);
        let plural = ctx.is_word(i)
            && w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("’s")
            && !w.ends_with("'s")
            && !in_list(w, OTHER_PRONOUNS)
            && !in_list(w, BOUNDARY)
            && !in_list(w, ADVERBS)
            && !in_list(w, BE);
        let verb_next = ctx.is_word(i + 1)
            && i + 1 < at
            && next.chars().next().is_some_and(char::is_lowercase)
            && !in_list(next, ADJUNCT)
            && !in_list(next, DETS)
            && !in_list(next, CONJ)
            && !in_list(next, BOUNDARY);
        if !plural || !verb_next || ctx.in_quoted(t.span) {
            continue;
        }
        // the noun phrase: capitalized modifiers and one determiner before the noun
        let mut a = i;
        while a > 0 && i - a < 4 {
            let p = a - 1;
            let same = ctx
                .doc
                .tokens
                .get(p)
                .is_some_and(|x| x.sentence == t.sentence);
            if !same || !ctx.is_word(p) {
                break;
            }
            if in_list(ctx.tok(p), &["the"]) {
                a = p;
                break;
            }
            if !ctx.capitalized(p) {
                break;
            }
            a = p;
        }
        return Some(ctx.span(a, i + 1));
    }
    None
}

/// A speaker phrase that is an article and a document noun with no name in it ("a statement",
/// "the report last week").
fn authorless_document(ctx: &Ctx, sp: Span) -> bool {
    let text = ctx.doc.slice(sp);
    let mut words = text.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let mut buf = [0u8; 32];
    in_list(first, &["the", "a", "an", "this", "that"])
        && lower(second, &mut buf).is_some_and(|w| lex().sources.get(w) == Some(&"document"))
        && ctx.mentions_in(sp).is_empty()
}

/// Index of the syntactic head of a speaker phrase: the last word before a post-modifier.
fn head_of(ctx: &Ctx, a: usize, b: usize) -> Option<usize> {
    let mut head = None;
    for i in a..b {
        if in_list(ctx.tok(i), HEAD_STOP) && head.is_some() {
            break;
        }
        if ctx.is_word(i) && !ctx.tok(i).starts_with('\'') && !ctx.tok(i).starts_with('’') {
            head = Some(i);
        }
    }
    head
}

/// Resolves a speaker phrase (token range) to an attribution.
fn resolve(
    ctx: &Ctx,
    phrase: (usize, usize),
    appos: Option<(usize, usize)>,
    pmin: usize,
) -> Attrib {
    let lx = lex();
    let doc = ctx.doc;
    let psp = ctx.span(phrase.0, phrase.1);
    let full = match appos {
        Some(a) => psp.cover(ctx.span(a.0, a.1)),
        None => psp,
    };
    let ms = ctx.mentions_in(full);
    let entity_of = |i: usize| doc.mentions.get(i).and_then(|m| m.entity.map(|e| (m, e)));
    let single = phrase.1 == phrase.0 + 1;
    let mut buf = [0u8; 32];
    let first_low = lower(ctx.tok(phrase.0), &mut buf).unwrap_or("").to_string();
    let entity = |e: usize| Attrib {
        speaker: Speaker::Entity(e),
        span: Some(psp),
    };
    // 1. a pronoun: the nearest earlier speaker or sentence subject, else coreference
    if single && PERSON_PRONOUNS.contains(&first_low.as_str()) {
        let want = entities::lex().pronouns.get(first_low.as_str()).copied();
        let fits = |e: usize| want.is_none() || ctx.gender(e).is_none_or(|g| Some(g) == want);
        let named = ctx.recent(psp.start, pmin, EntityKind::Person, &fits);
        let spoke = ctx
            .spoken
            .iter()
            .rev()
            .take(RECENT_SPEAKERS)
            .find(|(p, e)| *p >= pmin && *p < psp.start && fits(*e))
            .copied();
        let spoke_name = ctx
            .spoken_names
            .iter()
            .rev()
            .take(RECENT_SPEAKERS)
            .find(|(p, _)| *p >= pmin && *p < psp.start)
            .copied();
        // a later sentence opened by a bare name that spoke before ("Lonechild said …" …
        // "Lonechild was elected … She said")
        let spoke_name = ctx
            .bare_subject_after(spoke_name, psp.start, pmin)
            .or(spoke_name);
        // a person named after the start of its sentence is an object ("Asked what he would
        // tell Mayor X, he said"): an earlier speaker is the likelier antecedent
        let named = named.filter(|n| {
            !ctx.same_sentence(n.0, psp.start)
                || ctx.subject_like(n.0)
                || (spoke.is_none() && spoke_name.is_none())
        });
        let named_pos = named.map(|n| n.0);
        let spoke_pos = spoke.map(|s| s.0);
        // an unnamed single source that spoke last ("a security professional told Reuters. …,
        // he said")
        let spoke_unnamed = ctx
            .unnamed
            .iter()
            .rev()
            .take(RECENT_SPEAKERS)
            .find(|(p, _)| *p >= pmin && *p < psp.start)
            .copied()
            .filter(|(_, sp)| {
                let mut buf = [0u8; 32];
                ctx.doc
                    .slice(*sp)
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| {
                        lower(w, &mut buf).is_some_and(|w| lex().sources.get(w) == Some(&"person"))
                    })
            });
        let spoke_name = match (spoke_name, spoke_unnamed) {
            (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
            (a, b) => a.or(b),
        };
        if let Some((p, sp)) = spoke_name {
            if named_pos.is_none_or(|n| p > n) && spoke_pos.is_none_or(|s| p > s) {
                return Attrib {
                    speaker: Speaker::Unnamed(sp),
                    span: Some(psp),
                };
            }
        }
        let pick = match (named, spoke) {
            (Some(n), Some(s)) => Some(if s.0 > n.0 { s.1 } else { n.1 }),
            (Some(n), None) => Some(n.1),
            (None, Some(s)) => Some(s.1),
            (None, None) => ms
                .iter()
                .find_map(|&i| entity_of(i).map(|(_, e)| e))
                .filter(|&e| ctx.entity_kind(e) == Some(EntityKind::Person)),
        };
        if let Some(e) = pick {
            return entity(e);
        }
        // no person entity: a bare name introduced with an appositive ("Sela, a resident of …,
        // was watching television when she …")
        if let Some(sp) = ctx.introduced_name(psp.start, pmin) {
            return Attrib {
                speaker: Speaker::Unnamed(sp),
                span: Some(psp),
            };
        }
        // nothing nearby: the last earlier speaker the pronoun fits, however far back
        let far = ctx
            .spoken
            .iter()
            .rev()
            .take(RECENT_SPEAKERS)
            .find(|(p, e)| *p < psp.start && want.is_some() && ctx.gender(*e) == want);
        return Attrib {
            speaker: far.map_or(Speaker::Unknown, |&(_, e)| Speaker::Entity(e)),
            span: Some(psp),
        };
    }
    // 1b. "they": the nearest earlier plural subject ("Republican senators are eager …, and
    //     they say"), kept as written
    if single && first_low == "they" {
        if let Some(sp) = plural_subject(ctx, phrase.0) {
            return Attrib {
                speaker: Speaker::Unnamed(sp),
                span: Some(psp),
            };
        }
    }
    // 2. a named (or coreferent) person, not as a possessor: the one holding the phrase's head
    //    ("University of X political scientist Jane Roe"), else the first
    let head_sp = head_of(ctx, phrase.0, phrase.1).map(|h| ctx.span(h, h + 1));
    let person_at = |i: usize| {
        entity_of(i).filter(|(m, e)| {
            ctx.entity_kind(*e) == Some(EntityKind::Person) && !ctx.possessive(m.span)
        })
    };
    let heads_first = ms
        .iter()
        .copied()
        .filter(|&i| person_at(i).is_some_and(|(m, _)| head_sp.is_some_and(|h| m.span.contains(h))))
        .chain(ms.iter().copied());
    for i in heads_first {
        if let Some((m, e)) = person_at(i) {
            {
                let span = if psp.contains(m.span) { psp } else { m.span };
                // a surname-only entity when one full name ends with it
                let e = doc
                    .entities
                    .get(e)
                    .filter(|x| x.name.split_whitespace().count() <= 2)
                    .and_then(|x| ctx.person_ending_with(&x.name))
                    .unwrap_or(e);
                return Attrib {
                    speaker: Speaker::Entity(e),
                    span: Some(span),
                };
            }
        }
    }
    // 2b. a bare name no mention holds ("Lonechild said"): the one person whose full name
    //     ends with it
    //     (after an honorific: "Ms. May said")
    let name_sp = if phrase.1 > phrase.0 + 1 && in_list(ctx.tok(phrase.0), HONORIFICS) {
        ctx.span(phrase.0 + 1, phrase.1)
    } else {
        psp
    };
    if bare_name(ctx, name_sp) && !ctx.possessive(psp) {
        if let Some(e) = ctx.person_ending_with(doc.slice(name_sp)) {
            return entity(e);
        }
    }
    let head = head_of(ctx, phrase.0, phrase.1);
    let head_span = head.map(|h| ctx.span(h, h + 1));
    let head_word = head.map_or("", |h| ctx.tok(h));
    let mut buf2 = [0u8; 32];
    let head_low = lower(head_word, &mut buf2).unwrap_or("");
    let head_class = lx.sources.get(head_low).copied();
    // 3. an organization heading the phrase ("China’s Foreign Ministry"), or the author of a
    //    document ("a statement from the EU", "Foster’s book")
    for &i in &ms {
        if let Some((m, e)) = entity_of(i) {
            let heads = head_span.is_some_and(|hs| m.span.contains(hs));
            let kind = ctx.entity_kind(e);
            let org = matches!(kind, Some(EntityKind::Organization | EntityKind::Place));
            let author = head.is_some_and(|h| {
                let before = m.span.end <= ctx.span(h, h + 1).start;
                let after = in_list(ctx.tok(h + 1), &["from", "by", "of"])
                    && ctx.span(h + 2, h + 3).start == m.span.start
                    || in_list(ctx.tok(h + 2), &["the"])
                        && in_list(ctx.tok(h + 1), &["from", "by", "of"])
                        && ctx.span(h + 3, h + 4).start == m.span.start;
                before || after
            });
            if (heads && org) || (head_class == Some("document") && kind.is_some() && author) {
                return entity(e);
            }
        }
    }
    // 3b. "the company", "the agency": the organization named last before it; a head that
    //     names a kind of body ("the commission", "the bank") only an organization whose name
    //     holds it, else the phrase stays an unnamed source
    if head_class == Some("institution")
        && first_low == "the"
        && phrase.1 == phrase.0 + 2
        && !head.is_some_and(|h| ctx.capitalized(h) || in_list(ctx.tok(h), NOT_ANAPHORIC))
    {
        let generic = in_list(head_word, GENERIC_ORG_HEADS);
        let named_so = |e: usize| {
            generic
                || ctx.doc.entities.get(e).is_some_and(|x| {
                    x.name
                        .split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case(head_word))
                })
        };
        if let Some((_, e)) = ctx.recent(psp.start, pmin, EntityKind::Organization, &named_so) {
            return entity(e);
        }
    }
    // 3d. "the official" after "a justice official": the same unnamed source
    if first_low == "the" && matches!(head_class, Some("person" | "group")) {
        let same = ctx
            .unnamed
            .iter()
            .rev()
            .take(RECENT_SPEAKERS)
            .find(|(p, sp)| {
                *p >= pmin
                    && *p < psp.start
                    && ctx
                        .doc
                        .slice(*sp)
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| w.eq_ignore_ascii_case(head_low))
            });
        if let Some(&(_, sp)) = same {
            return Attrib {
                speaker: Speaker::Unnamed(sp),
                span: Some(psp),
            };
        }
    }
    // 3e. "the Ohio Republican": a party member described by state or country is the
    //     politician named just before
    if first_low == "the"
        && head_class == Some("partisan")
        && phrase.1 >= phrase.0 + 3
        && head.is_some_and(|h| ctx.capitalized(h) && h + 1 == phrase.1)
    {
        if let Some(e) = ctx.recent_person(psp.start, pmin, EntityKind::Person) {
            return entity(e);
        }
    }
    // 4. an unnamed source, trimmed of a trailing clause
    if head_class.is_some() && !head.is_some_and(|h| ctx.capitalized(h)) {
        let mut end = phrase.1;
        for i in phrase.0..phrase.1 {
            if i > phrase.0 && (in_list(ctx.tok(i), TRIM) || ctx.tok(i) == ",") {
                end = i;
                break;
            }
        }
        let sp = ctx.span(phrase.0, end);
        return Attrib {
            speaker: Speaker::Unnamed(sp),
            span: Some(sp),
        };
    }
    // 5. "it": the nearest organization; a role noun ("the minister"): the nearest person
    if single && first_low == "it" {
        if let Some(e) = ctx.recent_person(psp.start, pmin, EntityKind::Organization) {
            return entity(e);
        }
    }
    if !single && head.is_some_and(|h| !ctx.capitalized(h)) && first_low == "the" {
        if let Some((_, e)) = ms.iter().find_map(|&i| entity_of(i)) {
            return entity(e);
        }
        if let Some(e) = ctx.recent_person(psp.start, pmin, EntityKind::Person) {
            return entity(e);
        }
    }
    // 6. an organization anywhere in the phrase
    for &i in &ms {
        if let Some((m, e)) = entity_of(i) {
            if ctx.entity_kind(e) == Some(EntityKind::Organization) && !ctx.possessive(m.span) {
                return entity(e);
            }
        }
    }
    Attrib {
        speaker: Speaker::Unknown,
        span: Some(psp),
    }
}

/// Walks back from `end` (exclusive) over a noun phrase; stops at punctuation, quotes, clause
/// words and `lo`. Returns the token range if it looks like a speaker phrase.
fn np_back(
    ctx: &Ctx,
    lo: usize,
    end: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let mut k = end;
    while k > lo && end - k < 12 {
        let i = k - 1;
        let t = ctx.tok(i);
        if quoted(i) {
            break;
        }
        if !ctx.is_word(i) {
            // a comma only between coordinate adjectives ("the lanky, bespectacled professor")
            let joins =
                t == "-" || t == "&" || (t == "," && coordinate_adjectives(ctx, lo, i, end));
            if !joins {
                break;
            }
        } else if in_list(t, BOUNDARY) || in_list(t, BE) {
            break;
        }
        k -= 1;
    }
    if k == end || (end - k >= 12 && k > lo && ctx.is_word(k - 1)) {
        return None;
    }
    // the phrase must hold something noun-like
    let ok = (k..end).any(|i| {
        let t = ctx.tok(i);
        ctx.capitalized(i)
            || in_list(t, PERSON_PRONOUNS)
            || in_list(t, OTHER_PRONOUNS)
            || in_list(t, DETS)
            || {
                let mut b = [0u8; 32];
                lower(t, &mut b).is_some_and(|w| lex().sources.contains_key(w))
            }
    });
    // a capitalized sentence opener that is a clause word was excluded above; drop a leading
    // conjunction ("And she said")
    let mut k2 = k;
    while k2 < end && in_list(ctx.tok(k2), CONJ) {
        k2 += 1;
    }
    (ok && k2 < end).then_some((k2, end))
}

/// Whether the comma at token `i` separates two adjectives of one clause-initial noun phrase
/// ending at `end` ("the lanky, bespectacled professor said"): an article opening the clause,
/// one lower-case word, the comma, then at least two lower-case words (adjective and noun).
fn coordinate_adjectives(ctx: &Ctx, lo: usize, i: usize, end: usize) -> bool {
    if i < lo + 2 || i + 2 >= end {
        return false;
    }
    let det = i - 2;
    let clause_start = det == lo || {
        let b = ctx.tok(det - 1);
        matches!(b, "," | ":" | ";" | "—" | "–") || is_mark_str(b)
    };
    let lower_word = |j: usize| {
        ctx.is_word(j)
            && ctx.tok(j).chars().next().is_some_and(char::is_lowercase)
            && !in_list(ctx.tok(j), DETS)
            && !in_list(ctx.tok(j), BOUNDARY)
            && !in_list(ctx.tok(j), CONJ)
            && !in_list(ctx.tok(j), BE)
    };
    clause_start
        && in_list(ctx.tok(det), &["the", "a", "an"])
        && lower_word(i - 1)
        && (i + 1..end).all(lower_word)
}

/// Speaker phrase after an inverted verb ("said Lin Hua, director …").
fn np_forward(
    ctx: &Ctx,
    from: usize,
    hi: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let first = ctx.tok(from);
    if from >= hi || !ctx.is_word(from) || quoted(from) || in_list(first, WEEKDAYS_MONTHS) {
        return None;
    }
    if in_list(first, PERSON_PRONOUNS) || in_list(first, OTHER_PRONOUNS) {
        return None;
    }
    let article = [
        "the", "a", "an", "another", "one", "two", "three", "several", "some", "both",
    ];
    if !(ctx.capitalized(from) || in_list(first, &article)) {
        // a lowercase title ("said police Chief X") is fine when a capitalized word follows soon
        // ("said oil and gas worker X"): lower-case words only, then the name
        let name_at = (from + 1..hi.min(from + 6))
            .take_while(|&i| {
                ctx.capitalized(i)
                    || (ctx.is_word(i)
                        && !quoted(i)
                        && !in_list(ctx.tok(i), ADJUNCT)
                        && !in_list(ctx.tok(i), BOUNDARY))
            })
            .find(|&i| ctx.capitalized(i));
        name_at?;
    }
    let mut k = from;
    while k < hi && k - from < 10 {
        let t = ctx.tok(k);
        if quoted(k) || (!ctx.is_word(k) && t != "-" && t != "&") {
            break;
        }
        if k > from && (in_list(t, ADJUNCT) || in_list(t, BOUNDARY)) && t != "of" {
            break;
        }
        k += 1;
    }
    (k > from).then_some((from, k))
}

/// Finds the cues of one unit (token range), skipping tokens inside quotes.
fn find_cues(ctx: &Ctx, u0: usize, u1: usize, quoted: &dyn Fn(usize) -> bool) -> Vec<Cue> {
    let lx = lex();
    let mut cues = Vec::new();
    let mut v = u0;
    while v < u1 {
        if quoted(v) || !ctx.is_word(v) {
            v += 1;
            continue;
        }
        // a word whose (first letter, length, last letter) no cue word has is none of them
        // (the keys are lowercase; the shape ignores ASCII case as `lower` does)
        if let Some(shapes) = &lx.cue_shapes {
            let known = time::shape_of(ctx.tok(v)).is_some_and(|(f, n, l)| {
                shapes
                    .get(f)
                    .and_then(|x| x.get(n))
                    .is_some_and(|&sh| sh & (1 << l) != 0)
            });
            if !known {
                v += 1;
                continue;
            }
        }
        let mut buf = [0u8; 32];
        let Some(w) = lower(ctx.tok(v), &mut buf) else {
            v += 1;
            continue;
        };
        // one look-up for both: `verb` is `lx.verbs.get(w)`
        let Some(&(phrase, verb)) = lx.cue_words.get(w) else {
            v += 1;
            continue;
        };
        // two-word phrases first
        if let Some((second, class)) = phrase {
            if v + 1 < u1 && in_list(ctx.tok(v + 1), &[second]) {
                if let Some(c) = phrase_cue(ctx, v, u0, u1, class, quoted) {
                    v = c.end.max(v + 2);
                    cues.push(c);
                    continue;
                }
            }
        }
        let Some(class) = verb else {
            v += 1;
            continue;
        };
        if let Some(c) = verb_cue(ctx, v, u0, u1, class, w.ends_with("ing"), quoted) {
            cues.push(c);
        }
        v += 1;
    }
    cues
}

fn phrase_cue(
    ctx: &Ctx,
    v: usize,
    u0: usize,
    u1: usize,
    class: Class,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<Cue> {
    let from = v + 2;
    let mut k = from;
    while k < u1 && k - from < 14 {
        let t = ctx.tok(k);
        if quoted(k) || matches!(t, "," | "." | ";" | ":" | "—" | "–" | "(" | ")" | "!" | "?") {
            break;
        }
        if is_mark_str(t) {
            break;
        }
        k += 1;
    }
    if k == from {
        return None;
    }
    let mut start = v;
    if class == Class::By && v > u0 && in_list(ctx.tok(v - 1), &["as"]) {
        start = v - 1;
    }
    Some(Cue {
        verb: v,
        class,
        start,
        end: k,
        subj: Some((from, k)),
        appos: None,
        inverted: true,
        inherit: false,
    })
}

fn verb_cue(
    ctx: &Ctx,
    v: usize,
    u0: usize,
    u1: usize,
    class: Class,
    participle: bool,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<Cue> {
    let mut k = v;
    // a capitalized word mid-clause is a name, not an adverb or modal ("Ms. May said")
    while k > u0
        && in_list(ctx.tok(k - 1), ADVERBS)
        && !quoted(k - 1)
        && !(k - 1 > u0 && ctx.capitalized(k - 1))
    {
        k -= 1;
    }
    let prev = if k > u0 { Some(ctx.tok(k - 1)) } else { None };
    if prev.is_some_and(|p| in_list(p, BE) || in_list(p, NOMINAL_BEFORE) || p == "’s" || p == "'s")
    {
        return None; // passive ("was told"), infinitive or nominal use ("his claims")
    }
    if v > u0 && ctx.capitalized(v) && !quoted(v - 1) && !is_mark_str(ctx.tok(v - 1)) {
        return None; // "Secretary of State", "the United States"
    }
    if participle && k > u0 && in_list(ctx.tok(k - 1), &["as"]) {
        // "X was quoted as saying": the passive subject is the speaker
        if k >= u0 + 4 && in_list(ctx.tok(k - 2), &["quoted"]) && in_list(ctx.tok(k - 3), BE) {
            if let Some(subj) = np_back(ctx, u0, k - 3, quoted) {
                return Some(Cue {
                    verb: v,
                    class,
                    start: subj.0,
                    end: v + 1,
                    subj: Some(subj),
                    appos: None,
                    inverted: false,
                    inherit: false,
                });
            }
        }
        return None; // "quoted as saying" without a subject: reported by someone else
    }
    let base = Cue {
        verb: v,
        class,
        start: k,
        end: v + 1,
        subj: None,
        appos: None,
        inverted: false,
        inherit: false,
    };
    if participle {
        // ", adding that …", ", saying …": the subject is the clause's
        return (prev == Some(",")).then_some(Cue {
            inherit: true,
            ..base
        });
    }
    if prev.is_some_and(|p| in_list(p, CONJ)) {
        return Some(Cue {
            inherit: true,
            start: k - 1,
            ..base
        });
    }
    let after_punct = k == u0 || prev.is_some_and(|p| p == "," || p == ":" || is_mark_str(p));
    if prev == Some(",") {
        // a person opening the clause, then appositives with commas of their own: "Tareq Lee,
        // the co-founder of X, a company based in Y, says"; "“…,” Ann Lee, X’s founder, said"
        if let Some((s0, mend, ae)) = opening_person_cue(ctx, u0, k, quoted) {
            return Some(Cue {
                start: s0,
                subj: Some((s0, mend)),
                appos: Some((mend + 1, ae)),
                ..base
            });
        }
    }
    if prev == Some(",") {
        // appositive: "Howell, who has two children in the school, says"
        let mut j = k - 1;
        let mut found = None;
        while j > u0 && k - j < 45 {
            j -= 1;
            if quoted(j) || is_mark_str(ctx.tok(j)) {
                break;
            }
            if ctx.tok(j) == "," {
                found = Some(j);
                break;
            }
        }
        if let Some(j) = found {
            if j + 1 < k - 1 {
                if let Some(head) = np_back(ctx, u0, j, quoted) {
                    let last = head.1 - 1;
                    let nounish = ctx.capitalized(last)
                        || ctx.capitalized(j + 1)
                        || (head.0..head.1)
                            .any(|i| ctx.capitalized(i) || in_list(ctx.tok(i), DETS))
                        || in_list(ctx.tok(last), PERSON_PRONOUNS)
                        || in_list(ctx.tok(last), OTHER_PRONOUNS)
                        || {
                            let mut b = [0u8; 32];
                            lower(ctx.tok(last), &mut b)
                                .is_some_and(|w| lex().sources.contains_key(w))
                        };
                    let appos_first = ctx.tok(j + 1);
                    let appos_ok = j + 2 == k - 1
                        || in_list(appos_first, &["who", "whose", "which"])
                        || in_list(appos_first, DETS)
                        || ctx.capitalized(j + 1)
                        || !in_list(appos_first, BOUNDARY);
                    // a subject right after a clause opener or a quote, not mid-sentence prose
                    let before_ok = head.0 == u0
                        || matches!(ctx.tok(head.0 - 1), "," | ":" | "—")
                        || is_mark_str(ctx.tok(head.0 - 1))
                        || in_list(ctx.tok(head.0 - 1), BOUNDARY)
                        || in_list(ctx.tok(head.0 - 1), CONJ);
                    if nounish && appos_ok && before_ok {
                        return Some(Cue {
                            start: head.0,
                            subj: Some(head),
                            appos: Some((j + 1, k - 1)),
                            ..base
                        });
                    }
                }
            }
        }
    }
    if after_punct {
        // inverted: "…," said Ann Lee
        let from = v + 1;
        if let Some(sp) = np_forward(ctx, from, u1, quoted) {
            return Some(Cue {
                end: sp.1,
                subj: Some(sp),
                inverted: true,
                ..base
            });
        }
        return None;
    }
    let subj = np_back(ctx, u0, k, quoted)?;
    Some(Cue {
        start: subj.0,
        subj: Some(subj),
        ..base
    })
}

/// The subject and appositive of a verb after "Name, …," when the person's name opens the clause
/// (at the unit start, or right after a leading quotation and its comma).
fn opening_person_cue(
    ctx: &Ctx,
    u0: usize,
    k: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize, usize)> {
    let mut s0 = u0;
    while s0 < k && (quoted(s0) || !ctx.is_word(s0)) {
        s0 += 1;
    }
    if k < s0 + 3 || k - s0 > 50 || (s0..k).any(quoted) {
        return None;
    }
    let first = ctx.doc.tokens.get(s0)?;
    let m = ctx
        .mentions_in(first.span)
        .into_iter()
        .filter_map(|i| ctx.doc.mentions.get(i))
        .find(|m| {
            m.span.start == first.span.start
                && m.entity
                    .is_some_and(|e| ctx.entity_kind(e) == Some(EntityKind::Person))
        })?;
    let toks = &ctx.doc.tokens;
    let mend = toks.partition_point(|t| t.span.start < m.span.end);
    if mend + 1 >= k - 1 || ctx.tok(mend) != "," {
        return None;
    }
    // no other reporting verb in between (that one would be the cue)
    let lx = lex();
    if (mend..k - 1).any(|i| {
        let mut buf = [0u8; 32];
        lower(ctx.tok(i), &mut buf).is_some_and(|w| lx.verbs.contains_key(w))
    }) {
        return None;
    }
    Some((s0, mend, k - 1))
}

/// Output of one paragraph before speakers of standalone quotes are filled.
struct Pending {
    span: Span,
    kind: QuoteKind,
    attrib: Option<Attrib>,
    cue: Option<Span>,
    /// A standalone quotation: takes the speaker of its neighbours.
    standalone: bool,
    cont_prev: bool,
}

/// Fills `doc.quotes`.
pub fn extract(doc: &mut Document) {
    let quotes = find_quotes(doc);
    doc.quotes = quotes;
}

fn find_quotes(doc: &Document) -> Vec<Quote> {
    let mut order: Vec<usize> = (0..doc.mentions.len()).collect();
    order.sort_by_key(|&i| {
        doc.mentions
            .get(i)
            .map_or((0, 0), |m| (m.span.start, m.span.end))
    });
    let mut ctx = Ctx {
        doc,
        order,
        quoted: Vec::new(),
        spoken: Vec::new(),
        spoken_names: Vec::new(),
        spoken_ent: Vec::new(),
        unnamed: Vec::new(),
        by_last: HashMap::default(),
    };
    for (e, ent) in doc.entities.iter().enumerate() {
        if ent.kind == Some(EntityKind::Person) && ent.name.split_whitespace().count() >= 2 {
            if let Some(l) = ent.name.split_whitespace().last() {
                ctx.by_last.entry(l.to_lowercase()).or_default().push(e);
            }
        }
    }
    // token range of every paragraph
    let np = doc.paragraphs.len();
    let mut ptoks: Vec<(usize, usize)> = vec![(0, 0); np];
    for s in &doc.sentences {
        if let Some(r) = ptoks.get_mut(s.paragraph) {
            if r.0 == r.1 {
                *r = (s.tokens.start, s.tokens.end);
            } else {
                r.1 = s.tokens.end;
            }
        }
    }
    let mut out: Vec<Quote> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    let mut last: Option<(Attrib, usize)> = None; // last speaker and its paragraph
    let mut prev_open = false;
    // standalone parts of a quotation still open at the end of the previous paragraph (indices
    // into `out`): they take the speaker named where the quotation goes on
    let mut open_chain: Vec<usize> = Vec::new();
    for pi in 0..np {
        let Some(&para) = doc.paragraphs.get(pi) else {
            break;
        };
        let ptext = doc.slice(para);
        if ptext.len() > 40 && !seen.insert(ptext) {
            prev_open = false;
            open_chain.clear();
            continue; // repeated page text
        }
        let next_opens = doc.paragraphs.get(pi + 1).is_some_and(|p| {
            let t = doc.slice(*p);
            starts_with_open_mark(t) || continues_in_lower_case(t)
        });
        let seed_open = continues_in_lower_case(ptext);
        let (segs, left_open) = pair_marks(&doc.text, para, next_opens, prev_open, seed_open);
        prev_open = left_open;
        // the part of the quotation this paragraph leaves open
        let open_inner = segs
            .last()
            .filter(|sg| left_open && sg.close.is_none())
            .map(|sg| sg.inner);
        let chain_before = std::mem::take(&mut open_chain);
        let quoted_before = ctx.quoted.len();
        for s in &segs {
            ctx.quoted
                .push(Span::new(s.open.start, s.close.map_or(para.end, |c| c.end)));
        }
        let (p0, p1) = ptoks.get(pi).copied().unwrap_or((0, 0));
        let pmin = pi
            .checked_sub(2)
            .and_then(|i| doc.paragraphs.get(i))
            .map_or(0, |p| p.start);
        // a paragraph without closing punctuation is a headline or a caption: no reported speech
        let headline = !ptext.trim_end().ends_with([
            '.', '?', '!', '"', '”', '’', '\'', ')', '…', ':', ',', ';', '—',
        ]);
        let pend = paragraph_quotes(&ctx, &segs, p0, p1, pmin, headline);
        // speakers of standalone quotations
        let attributed: Vec<(usize, Attrib)> = pend
            .iter()
            .filter(|q| !q.standalone)
            .filter_map(|q| {
                q.attrib
                    .clone()
                    .filter(Attrib::known)
                    .map(|a| (q.span.start, a))
            })
            .collect();
        let prev_ok = last
            .as_ref()
            .filter(|(_, p)| pi <= p + 2)
            .map(|(a, _)| a.clone());
        // reported words are not antecedents either ("… after the death of X," she said)
        for q in &pend {
            if q.kind != QuoteKind::Direct {
                ctx.quoted.push(q.span);
            }
        }
        if let Some(tail) = ctx.quoted.get_mut(quoted_before..) {
            tail.sort_unstable();
        }
        for q in pend {
            let chain_member = q.standalone && open_inner == Some(q.span);
            let named_continuation = q.cont_prev && !q.standalone;
            let attrib = if q.standalone {
                let before = attributed.iter().rev().find(|(s, _)| *s < q.span.start);
                let after = attributed.iter().find(|(s, _)| *s > q.span.start);
                match (q.cont_prev, before, after) {
                    (true, _, _) => prev_ok.clone(),
                    (_, Some((_, a)), _) => Some(a.clone()),
                    (_, None, Some((_, a))) => Some(a.clone()),
                    _ => prev_ok.clone(),
                }
                .unwrap_or_else(Attrib::unknown)
            } else {
                q.attrib.unwrap_or_else(Attrib::unknown)
            };
            // a document without its author ("A statement said", "the report said"): the
            // author is the speaker attributed just before
            let attrib = match (&attrib.speaker, &last) {
                (Speaker::Unnamed(sp), Some((prev, p)))
                    if pi <= p + 2 && authorless_document(&ctx, *sp) =>
                {
                    Attrib {
                        speaker: prev.speaker.clone(),
                        span: attrib.span,
                    }
                }
                _ => attrib,
            };
            if attrib.known() {
                last = Some((attrib.clone(), pi));
            }
            let at = attrib.span.map_or(q.span.start, |s| s.start);
            match attrib.speaker {
                Speaker::Entity(e) if ctx.entity_kind(e) == Some(EntityKind::Person) => {
                    ctx.spoken.push((at, e));
                    ctx.spoken_ent.push((at, e));
                }
                Speaker::Entity(e) => {
                    ctx.spoken_ent.push((at, e));
                    if let Some(sp) = attrib.span.filter(|&sp| bare_name(&ctx, sp)) {
                        ctx.spoken_names.push((at, sp));
                    }
                }
                Speaker::Unknown => {
                    if let Some(sp) = attrib.span.filter(|&sp| bare_name(&ctx, sp)) {
                        ctx.spoken_names.push((at, sp));
                    }
                }
                Speaker::Unnamed(sp) => {
                    if bare_name(&ctx, sp) {
                        ctx.spoken_names.push((at, sp));
                    } else {
                        ctx.unnamed.push((at, sp));
                    }
                }
            }
            if named_continuation && attrib.known() {
                for &j in &chain_before {
                    if let Some(prev) = out.get_mut(j) {
                        prev.speaker = attrib.speaker.clone();
                        prev.speaker_span = attrib.span;
                    }
                }
            }
            if chain_member {
                if q.cont_prev {
                    open_chain.extend_from_slice(&chain_before);
                }
                open_chain.push(out.len());
            }
            out.push(Quote {
                span: q.span,
                kind: q.kind,
                speaker: attrib.speaker,
                speaker_span: attrib.span,
                cue: q.cue,
                paragraph: pi,
            });
        }
    }
    out
}

/// Units of a paragraph: sentences merged where a quote spans the boundary or the next sentence
/// continues in lower case.
fn units(ctx: &Ctx, p0: usize, p1: usize, seg_of: &[u32]) -> Vec<(usize, usize)> {
    let doc = ctx.doc;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let first_sent = doc.tokens.get(p0).map_or(0, |t| t.sentence);
    for s in doc.sentences.iter().skip(first_sent) {
        if s.tokens.start >= p1 || s.tokens.start < p0 {
            break;
        }
        let mut a = s.tokens.start;
        // the segmenter keeps an opening mark with the previous sentence ("tents. “I got…")
        if a >= p0 + 2 {
            let id = seg_of.get(a - p0).copied().unwrap_or(0);
            let m1 = seg_of.get(a - p0 - 1).copied().unwrap_or(0);
            let m2 = seg_of.get(a - p0 - 2).copied().unwrap_or(0);
            if id != 0 && m1 == id && m2 != id && matches!(ctx.tok(a - 2), "." | "?" | "!" | "…")
            {
                a -= 1;
            }
        }
        let merge = match out.last() {
            None => false,
            Some(_) => {
                let id = seg_of.get(a - p0).copied().unwrap_or(0);
                let prev_id = seg_of.get(a - p0 - 1).copied().unwrap_or(0);
                let t = ctx.tok(a);
                (id != 0 && id == prev_id)
                    || (ctx.is_word(a) && t.chars().next().is_some_and(char::is_lowercase))
                    || matches!(t, "," | ";" | ")")
            }
        };
        match out.last_mut() {
            Some(u) if merge => u.1 = s.tokens.end,
            Some(u) => {
                u.1 = a.max(u.0);
                out.push((a, s.tokens.end));
            }
            None => out.push((a, s.tokens.end)),
        }
    }
    out
}

fn paragraph_quotes(
    ctx: &Ctx,
    segs: &[Seg],
    p0: usize,
    p1: usize,
    pmin: usize,
    headline: bool,
) -> Vec<Pending> {
    let doc = ctx.doc;
    // token → segment id + 1 (marks included)
    let mut seg_of: Vec<u32> = vec![0; p1.saturating_sub(p0)];
    let mut seg_toks: Vec<(usize, usize)> = Vec::with_capacity(segs.len());
    for (si, s) in segs.iter().enumerate() {
        let end = s.close.map_or(usize::MAX, |c| c.end);
        let ptoks = doc.tokens.get(p0..p1).unwrap_or(&[]);
        let a = p0 + ptoks.partition_point(|t| t.span.start < s.open.start);
        let b = p0 + ptoks.partition_point(|t| t.span.end <= end);
        let b = if s.close.is_some() { b.min(p1) } else { p1 };
        for x in seg_of.iter_mut().take(b - p0).skip(a - p0) {
            *x = si as u32 + 1;
        }
        seg_toks.push((a, b));
    }
    let quoted = |i: usize| i >= p0 && seg_of.get(i - p0).is_some_and(|&x| x != 0);
    let mut out = Vec::new();
    for (u0, u1) in units(ctx, p0, p1, &seg_of) {
        unit_quotes(
            ctx,
            segs,
            &seg_toks,
            (u0, u1),
            &quoted,
            pmin,
            headline,
            &mut out,
        );
    }
    out
}

fn words_in(ctx: &Ctx, a: usize, b: usize, quoted: &dyn Fn(usize) -> bool) -> usize {
    (a..b).filter(|&i| ctx.is_word(i) && !quoted(i)).count()
}

fn trim_range(ctx: &Ctx, mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b
        && (matches!(ctx.tok(a), "," | ":" | ";" | "—" | "–") || in_list(ctx.tok(a), &["that"]))
    {
        a += 1;
    }
    while b > a
        && (matches!(ctx.tok(b - 1), "," | "." | ":" | ";" | "—" | "–" | "(")
            || in_list(
                ctx.tok(b - 1),
                &["and", "but", "though", "although", "while", "as", "that"],
            ))
    {
        b -= 1;
    }
    (a, b)
}

fn set(v: &mut [bool], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x = true;
    }
}
fn flag(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

#[allow(clippy::too_many_arguments)]
fn unit_quotes(
    ctx: &Ctx,
    segs: &[Seg],
    seg_toks: &[(usize, usize)],
    (u0, u1): (usize, usize),
    quoted: &dyn Fn(usize) -> bool,
    pmin: usize,
    headline: bool,
    out: &mut Vec<Pending>,
) {
    let cues = find_cues(ctx, u0, u1, quoted);
    // speakers of the cues
    let mut attribs: Vec<Attrib> = Vec::with_capacity(cues.len());
    for (ci, c) in cues.iter().enumerate() {
        let a = if c.inherit {
            let prev = attribs.iter().rev().find(|a: &&Attrib| a.known()).cloned();
            prev.or_else(|| {
                // the clause's subject: the first person (else organization) named before
                // the verb, outside quotes and not as a possessor
                let region = ctx.span(u0, c.start);
                let ms = ctx.mentions_in(region);
                let pick = |want: EntityKind| {
                    ms.iter().find_map(|&i| {
                        let m = ctx.doc.mentions.get(i)?;
                        let e = m.entity?;
                        (ctx.entity_kind(e) == Some(want)
                            && !ctx.possessive(m.span)
                            && !ctx.in_quoted(m.span))
                        .then_some(Attrib {
                            speaker: Speaker::Entity(e),
                            span: Some(m.span),
                        })
                    })
                };
                pick(EntityKind::Person).or_else(|| pick(EntityKind::Organization))
            })
            .unwrap_or_else(Attrib::unknown)
        } else if let Some(sp) = c.subj {
            resolve(ctx, sp, c.appos, pmin)
        } else {
            Attrib::unknown()
        };
        let _ = ci;
        attribs.push(a);
    }
    let cue_span = |c: &Cue| {
        let e = if c.class == Class::According || c.class == Class::By {
            c.verb + 2
        } else {
            c.verb + 1
        };
        ctx.span(c.verb, e)
    };
    let mut used = vec![false; cues.len()];
    let mut absorbed = vec![false; segs.len()];
    let unit_segs: Vec<usize> = (0..segs.len())
        .filter(|&i| seg_toks.get(i).is_some_and(|&(a, _)| a >= u0 && a < u1))
        .collect();
    // direct quotations next to a cue, or standing alone
    for &si in &unit_segs {
        let (Some(s), Some(&(a, b))) = (segs.get(si), seg_toks.get(si)) else {
            continue;
        };
        let b = b.min(u1);
        // after: "…," she said / "…," said X
        let mut k = b;
        while k < u1 && matches!(ctx.tok(k), "," | "—" | "–") {
            k += 1;
        }
        let after = cues.iter().position(|c| c.start == k && !c.inherit);
        // before: X said: "…" / X said in a statement, "…"
        let before = cues.iter().rposition(|c| {
            c.end <= a && c.class != Class::According && c.class != Class::By && {
                let gap = a - c.end;
                let last = if a > 0 { ctx.tok(a - 1) } else { "" };
                gap == 0
                    || (gap <= 12
                        && matches!(last, "," | ":" | "—")
                        && !cues.iter().any(|d| d.verb > c.verb && d.verb < a))
                    || (gap == 1 && in_list(last, &["that"]))
            }
        });
        let words_before = words_in(ctx, u0, a, quoted);
        let tail_words = words_in(ctx, b, u1, quoted);
        if let Some(ci) = after {
            let Some(c) = cues.get(ci) else {
                continue;
            };
            // writer's words before the quotation: a partial clause
            let lead = (u0..a).filter(|&i| ctx.is_word(i) && !quoted(i)).count();
            let prior_cue = cues.iter().any(|d| d.verb < a);
            let (kind, span) = if lead > 0 && !prior_cue && words_before >= 2 {
                let (x, _) = trim_range(ctx, u0, a);
                (QuoteKind::Partial, ctx.span(x, x + 1).cover(s.inner))
            } else {
                (QuoteKind::Direct, s.inner)
            };
            set(&mut used, ci);
            set(&mut absorbed, si);
            out.push(Pending {
                span,
                kind,
                attrib: attribs.get(ci).cloned(),
                cue: Some(cue_span(c)),
                standalone: false,
                cont_prev: s.cont_prev,
            });
            continue;
        }
        if let Some(ci) = before {
            // the quotation must end the clause
            let rest_words = (b..u1)
                .take_while(|&i| !cues.iter().any(|d| d.start == i))
                .filter(|&i| ctx.is_word(i) && !quoted(i))
                .count();
            if rest_words == 0 {
                set(&mut used, ci);
                set(&mut absorbed, si);
                out.push(Pending {
                    span: s.inner,
                    kind: QuoteKind::Direct,
                    attrib: attribs.get(ci).cloned(),
                    cue: cues.get(ci).map(cue_span),
                    standalone: false,
                    cont_prev: s.cont_prev,
                });
                continue;
            }
        }
        if words_before == 0 && tail_words == 0 {
            let txt = ctx.doc.slice(s.inner);
            let n_words = txt.split_whitespace().count();
            let sentence_like = txt
                .trim_end_matches(['\'', '’', '"', '”', ')'])
                .ends_with(['.', '?', '!', '…']);
            let single = ctx.doc.slice(s.open).chars().next().is_some_and(is_single);
            let speech = sentence_like || n_words >= 5 || s.cont_prev || s.close.is_none();
            // a paragraph in single marks alone is a headline, not speech
            if speech && !single {
                set(&mut absorbed, si);
                out.push(Pending {
                    span: s.inner,
                    kind: QuoteKind::Direct,
                    attrib: None,
                    cue: None,
                    standalone: true,
                    cont_prev: s.cont_prev,
                });
            }
        }
    }
    // reported speech
    for (ci, c) in cues.iter().enumerate() {
        if flag(&used, ci) || c.class == Class::By || headline {
            continue;
        }
        let Some((x, y)) = content(ctx, &cues, ci, u0, u1, quoted) else {
            continue;
        };
        // cues nested in this content report the same statement
        for (dj, d) in cues.iter().enumerate() {
            if d.verb >= x && d.verb < y {
                set(&mut used, dj);
            }
        }
        if words_in(ctx, x, y, quoted) < 3 && !(x..y).any(quoted) {
            continue;
        }
        let span = ctx.span(x, y);
        // direct quotations already taken inside: skip overlapping content
        if out
            .iter()
            .any(|p| p.span.overlaps(span) && !p.standalone && p.kind == QuoteKind::Direct)
        {
            continue;
        }
        let mut kind = QuoteKind::Indirect;
        for &si in &unit_segs {
            if let Some(s) = segs.get(si) {
                if span.contains(s.inner) || span.overlaps(s.inner) {
                    if !flag(&absorbed, si) {
                        kind = QuoteKind::Partial;
                    }
                    set(&mut absorbed, si);
                }
            }
        }
        let span = if kind == QuoteKind::Partial {
            let mut sp = span;
            for &si in &unit_segs {
                if let Some(s) = segs.get(si) {
                    if sp.overlaps(s.inner) {
                        sp = sp.cover(s.inner);
                    }
                }
            }
            sp
        } else {
            span
        };
        set(&mut used, ci);
        out.push(Pending {
            span,
            kind,
            attrib: attribs.get(ci).cloned(),
            cue: Some(cue_span(c)),
            standalone: false,
            cont_prev: false,
        });
    }
    // remaining fragments: partial when the unit attributes them, else scare quotes
    for &si in &unit_segs {
        if flag(&absorbed, si) {
            continue;
        }
        let (Some(s), Some(&(a, _))) = (segs.get(si), seg_toks.get(si)) else {
            continue;
        };
        let near = cues
            .iter()
            .enumerate()
            .filter(|(ci, _)| attribs.get(*ci).is_some_and(Attrib::known))
            .min_by_key(|(_, c)| c.verb.abs_diff(a));
        if let Some((ci, c)) = near {
            out.push(Pending {
                span: s.inner,
                kind: QuoteKind::Partial,
                attrib: attribs.get(ci).cloned(),
                cue: Some(cue_span(c)),
                standalone: false,
                cont_prev: s.cont_prev,
            });
        }
    }
}

/// The reported content of cue `ci` as a token range, if any.
fn content(
    ctx: &Ctx,
    cues: &[Cue],
    ci: usize,
    u0: usize,
    u1: usize,
    quoted: &dyn Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let c = cues.get(ci)?;
    // the content runs to the next cue that opens a new clause; a cue inside it is nested
    let next_start = cues
        .iter()
        .skip(ci + 1)
        .find(|d| {
            d.start > 0
                && (matches!(ctx.tok(d.start - 1), "," | ";" | "—")
                    || in_list(
                        ctx.tok(d.start - 1),
                        &["and", "but", "though", "although", "while"],
                    )
                    || d.inherit
                    || d.inverted)
        })
        .map_or(u1, |d| d.start.min(u1));
    let prev_end = if ci > 0 {
        cues.get(ci - 1).map_or(u0, |d| d.end)
    } else {
        u0
    };
    let before = |lo: usize| -> Option<(usize, usize)> {
        // "…, X said": content from the unit start to the comma before the frame
        if c.start == 0 || c.start <= lo || ctx.tok(c.start - 1) != "," {
            return None;
        }
        if cues
            .iter()
            .any(|d| d.verb < c.start && d.verb >= lo && d.class != Class::By)
        {
            return None;
        }
        let (x, y) = trim_range(ctx, lo, c.start - 1);
        (words_in(ctx, x, y, quoted) >= 3 || (x..y).any(quoted)).then_some((x, y))
    };
    if c.class == Class::According {
        if c.start <= u0 + 1 {
            // up to a later cue opening its own clause ("…, but Chapman says …")
            let (x, y) = trim_range(ctx, c.end, next_start);
            return (x < y).then_some((x, y));
        }
        if let Some(r) = before(u0) {
            let tail = words_in(ctx, c.end, u1, quoted);
            if tail == 0 {
                return Some(r);
            }
            let (x, y) = trim_range(ctx, u0, u1);
            return Some((x, y));
        }
        return None;
    }
    if c.inverted {
        return before(prev_end);
    }
    // after the frame
    let mut x = c.end;
    // a colon or comma right after the verb
    while x < next_start && matches!(ctx.tok(x), "," | ":") {
        x += 1;
    }
    let after_comma = x > c.end;
    if c.class == Class::Tell {
        // skip the recipient: up to "that" nearby, else a short name or noun phrase
        if let Some(t) = (x..next_start.min(x + 9)).find(|&i| in_list(ctx.tok(i), &["that"])) {
            x = t + 1;
        } else {
            if x < next_start && in_list(ctx.tok(x), DETS) {
                x += 1;
            }
            let mut n = 0;
            while x < next_start && ctx.is_word(x) && (ctx.capitalized(x) || n == 0) && n < 6 {
                x += 1;
                n += 1;
            }
        }
    }
    // adjuncts ("in a statement", "on Monday", "last weekend") before the content
    let mut y = x;
    let mut skipped = false;
    // existential "there is/are …" opens the content, it is not an adjunct
    let existential = |i: usize| {
        in_list(ctx.tok(i), &["there", "here"])
            && (in_list(ctx.tok(i + 1), BE)
                || in_list(
                    ctx.tok(i + 1),
                    &[
                        "has", "have", "had", "will", "would", "may", "might", "could",
                    ],
                )
                || ctx.tok(i + 1) == "’s"
                || ctx.tok(i + 1) == "'s")
    };
    while y < next_start && in_list(ctx.tok(y), ADJUNCT) && !existential(y) && y - x < 10 {
        skipped = true;
        y += 1;
        while y < next_start
            && ctx.is_word(y)
            && !in_list(ctx.tok(y), &["that"])
            && !in_list(ctx.tok(y), PERSON_PRONOUNS)
            && !in_list(ctx.tok(y), OTHER_PRONOUNS)
            && (y == x + 1 || !in_list(ctx.tok(y), &["the", "a", "an"]))
            && !in_list(ctx.tok(y), ADJUNCT)
            && y - x < 10
        {
            y += 1;
        }
        while y < next_start && ctx.tok(y) == "," {
            y += 1;
        }
    }
    if skipped {
        x = y;
    }
    let has_that = x < next_start && in_list(ctx.tok(x), &["that"]);
    let colon_or_quote = (c.end..x).any(|i| ctx.tok(i) == ":") || quoted(x);
    let starts_participle = after_comma
        && ctx.tok(x).ends_with("ing")
        && ctx.tok(x).chars().next().is_some_and(char::is_lowercase);
    let starts_conj = x < next_start && in_list(ctx.tok(x), CONJ) && after_comma;
    let (ax, ay) = trim_range(ctx, x, next_start);
    let after_words =
        words_in(ctx, ax, ay, quoted) + (ax..ay).filter(|&i| quoted(i)).count().min(3);
    let adjunct_first = ax < ay && in_list(ctx.tok(ax), ADJUNCT) && !existential(ax);
    let after_raw = after_words >= 3 && !starts_participle && !starts_conj && !adjunct_first;
    let after_ok = after_raw && (c.class != Class::That || has_that || colon_or_quote);
    let comma_before = c.start > u0 && ctx.tok(c.start - 1) == ",";
    if comma_before {
        if let Some(r) = before(prev_end) {
            if !after_raw || after_comma {
                return Some(r);
            }
        }
    }
    after_ok.then_some((ax, ay))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Entity, Mention};

    /// Builds a document with person/org mentions for every listed name (each name its own
    /// entity, every occurrence linked).
    fn doc_with(text: &str, names: &[(&str, EntityKind)]) -> Document {
        let mut d = Document::segmented("t", text);
        for (ei, (name, kind)) in names.iter().enumerate() {
            d.entities.push(Entity {
                kind: Some(*kind),
                name: name.to_string(),
                ..Default::default()
            });
            let mut from = 0;
            while let Some(p) = text[from..].find(name) {
                let s = from + p;
                let e = s + name.len();
                let sent = d.sentence_at(s).unwrap_or(0);
                d.mentions.push(Mention {
                    span: Span::new(s, e),
                    kind: *kind,
                    form: MentionForm::FullName,
                    title: None,
                    entity: Some(ei),
                    sentence: sent,
                });
                from = e;
            }
        }
        d
    }

    /// (quote text, kind, speaker name or unnamed phrase or "")
    fn run(text: &str, names: &[(&str, EntityKind)]) -> Vec<(String, &'static str, String)> {
        let mut d = doc_with(text, names);
        extract(&mut d);
        d.quotes
            .iter()
            .map(|q| {
                let who = match &q.speaker {
                    Speaker::Entity(e) => d.entities[*e].name.clone(),
                    Speaker::Unnamed(s) => format!("~{}", d.slice(*s)),
                    Speaker::Unknown => String::new(),
                };
                (d.slice(q.span).to_string(), q.kind.as_str(), who)
            })
            .collect()
    }

    /// A table of cases: (text, named entities, expected (quote, kind, speaker) rows).
    type Case<'a> = (
        &'a str,
        &'a [(&'a str, EntityKind)],
        &'a [(&'a str, &'a str, &'a str)],
    );

    /// Runs every case of a table and compares the quotes with the expected rows.
    fn check_table(cases: &[Case]) {
        for (text, names, want) in cases {
            let got = run(text, names);
            let want: Vec<(String, &str, String)> = want
                .iter()
                .map(|(a, b, c)| (a.to_string(), *b, c.to_string()))
                .collect();
            assert_eq!(got, want, "text {text:?}");
        }
    }

    const P: EntityKind = EntityKind::Person;
    const O: EntityKind = EntityKind::Organization;

    #[test]
    fn direct_quotes_with_mixed_marks() {
        let got = run(
            "“This moment is an opportunity but a fragile one,\" said Daniel Ortiz, a former official. “Beijing will try.\"",
            &[("Daniel Ortiz", P)],
        );
        assert_eq!(
            got,
            vec![
                (
                    "This moment is an opportunity but a fragile one".into(),
                    "direct",
                    "Daniel Ortiz".into()
                ),
                ("Beijing will try.".into(), "direct", "Daniel Ortiz".into()),
            ]
        );
    }

    #[test]
    fn table_of_attributions() {
        let cases: &[Case] = &[
            (
                "Norland’s Interior Ministry said in an emailed reply to questions, “Norland and its neighbours keep working channels open.\"",
                &[("Interior Ministry", O)],
                &[("Norland and its neighbours keep working channels open.", "direct", "Interior Ministry")],
            ),
            (
                "“They think the plan is weak,\" said the U.S. official.",
                &[],
                &[("They think the plan is weak", "direct", "~the U.S. official")],
            ),
            (
                "The talks stalled because of the storm, a U.S. official said.",
                &[],
                &[("The talks stalled because of the storm", "indirect", "~a U.S. official")],
            ),
            (
                "Ann Lee said that the demand is under discussion, though other officials later said it isn’t so.",
                &[("Ann Lee", P)],
                &[
                    ("the demand is under discussion", "indirect", "Ann Lee"),
                    ("it isn’t so", "indirect", "~other officials"),
                ],
            ),
            (
                "According to people familiar with the matter, the secretary listened to the concerns.",
                &[],
                &[("the secretary listened to the concerns", "indirect", "~people familiar with the matter")],
            ),
            (
                "Ann Lee told the group that she is interested in moving forward.",
                &[("Ann Lee", P)],
                &[("she is interested in moving forward", "indirect", "Ann Lee")],
            ),
            (
                "Ann Lee met the minister.\n“We will talk,\" she said.",
                &[("Ann Lee", P)],
                &[("We will talk", "direct", "Ann Lee")],
            ),
            (
                "The meetings would represent a “thaw\" in contacts as described by Joe Smith—set in motion by diplomacy.",
                &[("Joe Smith", P)],
                &[("thaw", "partial", "Joe Smith")],
            ),
            (
                "The plan is a “disaster” for the town.",
                &[],
                &[],
            ),
            (
                "His week so far has been \"tiring and wonderful,\" she said.",
                &[],
                &[("His week so far has been \"tiring and wonderful", "partial", "")],
            ),
            (
                "Odera hid behind the shed, he said.",
                &[],
                &[("Odera hid behind the shed", "indirect", "")],
            ),
            (
                "Kim Ho, the board's chair, said she understands the frustrations.",
                &[("Kim Ho", P)],
                &[("she understands the frustrations", "indirect", "Kim Ho")],
            ),
        ];
        check_table(cases);
    }

    #[test]
    fn stray_mark_does_not_shift_other_quotes() {
        let text = "He said the 5\" pipe broke.\n“It broke,” Ann Lee said.\n“Then it was fixed,” Ann Lee said.";
        let got = run(text, &[("Ann Lee", P)]);
        let direct: Vec<&str> = got
            .iter()
            .filter(|q| q.1 == "direct")
            .map(|q| q.0.as_str())
            .collect();
        assert_eq!(direct, vec!["It broke", "Then it was fixed"]);
    }

    #[test]
    fn multi_paragraph_quote_continues() {
        let text = "“The first part of it,\" said Ann Lee. “And then more\n“The rest of it.”";
        let got = run(text, &[("Ann Lee", P)]);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.iter().all(|q| q.2 == "Ann Lee"), "{got:?}");
        assert_eq!(got[2].0, "The rest of it.");
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let got = run(
            "“My coach told me, ‘Play every game like it’s the last,’ and I did,\" Ann Lee said.",
            &[("Ann Lee", P)],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.starts_with("My coach told me, ‘Play"));
    }

    #[test]
    fn repeated_paragraph_yields_one_quote() {
        let p = "The meetings would represent a “thaw” in contacts as described by Joe Smith.";
        let got = run(&format!("{p}\n{p}"), &[("Joe Smith", P)]);
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[test]
    fn pronoun_falls_back_to_recent_subject() {
        let got = run(
            "Mary Ng, a director, agreed with Bo Li's approach.\n“It is important,” she wrote.",
            &[("Mary Ng", P), ("Bo Li", P)],
        );
        assert_eq!(
            got,
            vec![("It is important".into(), "direct", "Mary Ng".into())]
        );
    }

    #[test]
    fn table_of_speaker_resolution() {
        let cases: &[Case] = &[
            // a pronoun skips a person of the other sex
            (
                "John Li met Mary Ng.\n“We will win,” she said.",
                &[("John Li", P), ("Mary Ng", P)],
                &[("We will win", "direct", "Mary Ng")],
            ),
            // "they": the plural subject before it
            (
                "Republican senators are eager to leave, and they say they want a deal soon.",
                &[],
                &[("they want a deal soon", "indirect", "~Republican senators")],
            ),
            // an honorific and a surname no mention holds
            (
                "Mary Ng arrived.\nMs. Ng said the plan works well.",
                &[("Mary Ng", P)],
                &[("the plan works well", "indirect", "Mary Ng")],
            ),
            // a document without its author: the speaker just before
            (
                "The group Acme said its director was among those killed. A statement said the group was “deeply troubled” by the news.",
                &[("Acme", O)],
                &[
                    ("its director was among those killed", "indirect", "Acme"),
                    ("the group was “deeply troubled” by the news", "partial", "Acme"),
                ],
            ),
            // a person opening the clause, then appositives with their own commas
            (
                "Ann Lee, the co-founder of Acme, a company based in Halifax, says the deal is done.",
                &[("Ann Lee", P), ("Acme", O)],
                &[("the deal is done", "indirect", "Ann Lee")],
            ),
            // existential "there" opens the reported clause
            (
                "Ann Lee says there are many reasons for the delays.",
                &[("Ann Lee", P)],
                &[("there are many reasons for the delays", "indirect", "Ann Lee")],
            ),
            // "according to X" stops at a later cue with its own clause
            (
                "According to Acme, the target is met in most cases, but Ann Lee says the union disagrees.",
                &[("Ann Lee", P), ("Acme", O)],
                &[
                    ("the target is met in most cases", "indirect", "Acme"),
                    ("the union disagrees", "indirect", "Ann Lee"),
                ],
            ),
            // a bare name introduced with an appositive
            (
                "Sela, a resident of the village, was at work when she heard the siren.\n“I hid,” she said.",
                &[],
                &[("I hid", "direct", "~Sela")],
            ),
            // the subject of a reporting verb over the sentence's first name
            (
                "Leaders like John Li envisioned a “city of gardens,” Mary Ng writes in her book.\n“Norland was never a garden city,” she writes.",
                &[("John Li", P), ("Mary Ng", P)],
                &[
                    (
                        "Leaders like John Li envisioned a “city of gardens",
                        "partial",
                        "Mary Ng",
                    ),
                    ("Norland was never a garden city", "direct", "Mary Ng"),
                ],
            ),
        ];
        check_table(cases);
    }

    #[test]
    fn table_of_continuations_and_role_phrases() {
        let cases: &[Case] = &[
            // a paragraph break inside a sentence: the next paragraph goes on in lower case and
            // closes the quotation; its speaker holds for the part left open before it
            (
                "“Who may join the plan is up to the board.\nbased on the advice of the staff,” said Lena Ortiz in an email.\n“Families may join the sessions.”",
                &[("Lena Ortiz", P)],
                &[
                    ("Who may join the plan is up to the board.", "direct", "Lena Ortiz"),
                    ("based on the advice of the staff", "direct", "Lena Ortiz"),
                    ("Families may join the sessions.", "direct", "Lena Ortiz"),
                ],
            ),
            // a multi-paragraph quotation named only at its end
            (
                "“The first part of it\n“The rest of it,” said Ann Lee.",
                &[("Ann Lee", P)],
                &[
                    ("The first part of it", "direct", "Ann Lee"),
                    ("The rest of it", "direct", "Ann Lee"),
                ],
            ),
            // coordinate adjectives with a comma inside the speaker phrase
            (
                "Rolf Adler is wary of the market.\n“No carmaker makes money here,” the tall, bearded professor said. “Not with these cars.”",
                &[("Rolf Adler", P)],
                &[
                    ("No carmaker makes money here", "direct", "Rolf Adler"),
                    ("Not with these cars.", "direct", "Rolf Adler"),
                ],
            ),
            // "X was quoted as saying": the passive subject speaks
            (
                "Mayor Tom Reed issued a release.\n“The books shocked me,” he was quoted as saying in the release. “The debt is too high.”",
                &[("Tom Reed", P)],
                &[
                    ("The books shocked me", "direct", "Tom Reed"),
                    ("The debt is too high.", "direct", "Tom Reed"),
                ],
            ),
            // an organization's staff is an unnamed group, not the organization
            (
                "“Many reasons explain the low numbers,” Dunmore staff wrote in a report.",
                &[("Dunmore", O)],
                &[("Many reasons explain the low numbers", "direct", "~Dunmore staff")],
            ),
            // "the Ohio Republican": the politician just named
            (
                "Senate leader Jan Cobb blamed the media.\n“The media attacked them,” the Ohio Republican said.",
                &[("Jan Cobb", P)],
                &[("The media attacked them", "direct", "Jan Cobb")],
            ),
            // "the commission": the last organization whose name holds "commission" …
            (
                "The Harbour Commission opened an inquiry. Ann Lee runs Acme Corp.\n“Oversight must improve,” the commission said.",
                &[("Harbour Commission", O), ("Acme Corp", O), ("Ann Lee", P)],
                &[("Oversight must improve", "direct", "Harbour Commission")],
            ),
            // … else an unnamed source as written, while "the company" takes the last one
            (
                "Ann Lee runs Acme Corp.\n“Oversight must improve,” the commission said.\n“Sales grew,” the company said.",
                &[("Acme Corp", O), ("Ann Lee", P)],
                &[
                    ("Oversight must improve", "direct", "~the commission"),
                    ("Sales grew", "direct", "Acme Corp"),
                ],
            ),
            // a rare census given name says nothing of the speaker's sex
            (
                "Ann Lee met Mei Tran on Monday.\n“We agreed on a plan,” he said.",
                &[("Ann Lee", P), ("Mei Tran", P)],
                &[("We agreed on a plan", "direct", "Mei Tran")],
            ),
            // nor does the first word of a name written family name first
            (
                "Ann Lee met Kim Sun-ok on Monday.\n“We agreed on a plan,” he said.",
                &[("Ann Lee", P), ("Kim Sun-ok", P)],
                &[("We agreed on a plan", "direct", "Kim Sun-ok")],
            ),
            // a name after a preposition is not the subject a pronoun continues
            (
                "Tom Reed came to the city in 2016.\nUnlike Bo Park, he has not found work.\n“My studies come later,” he said.",
                &[("Tom Reed", P), ("Bo Park", P)],
                &[("My studies come later", "direct", "Tom Reed")],
            ),
            // a bare name introduced with an appositive, before a quotation of several sentences
            (
                "Tala, a nurse from the coast, was at home when she heard the water.\n“I heard a roar. I opened the door. The sea was gone. I ran,” she said.",
                &[],
                &[("I heard a roar. I opened the door. The sea was gone. I ran", "direct", "~Tala")],
            ),
        ];
        check_table(cases);
    }

    /// `in_list` compares ignoring ASCII case, which equals lowercasing only for lowercase lists.
    #[test]
    fn lists_are_lowercase() {
        let lists: &[&[&str]] = &[
            BOUNDARY,
            ADVERBS,
            BE,
            ADJUNCT,
            DETS,
            HEAD_STOP,
            NOMINAL_BEFORE,
            TRIM,
            NOT_ANAPHORIC,
            GENERIC_ORG_HEADS,
            OBJECT_PREPOSITIONS,
            HONORIFICS,
            PERSON_PRONOUNS,
            OTHER_PRONOUNS,
            CONJ,
            WEEKDAYS_MONTHS,
        ];
        let seconds = lex()
            .cue_words
            .values()
            .filter_map(|(p, _)| p.as_ref().map(|(w, _)| w));
        for w in lists.iter().flat_map(|l| l.iter()).chain(seconds) {
            assert!(
                w.is_ascii() && w.len() <= 32 && *w == w.to_ascii_lowercase(),
                "{w:?}"
            );
        }
        for (s, want) in [("The", true), ("THAT", true), ("thé", false), ("th", false)] {
            assert_eq!(in_list(s, &["the", "that"]), want, "{s:?}");
        }
    }

    /// The cue words all have a letter shape, so `find_cues` can skip most words unhashed.
    #[test]
    fn cue_word_shapes_are_used() {
        assert!(lex().cue_shapes.is_some());
    }

    /// `marks` gives what a char-by-char scan with neighbours gives.
    #[test]
    fn marks_match_char_scan() {
        let text = "He said \"yes\" — ‘no’, «oui» „ja“ and 'it's' \u{2019}90s; é\"日本\" x' '\"";
        for s in [text, "", "\"", "'a", "a'", "“”‘’"] {
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            let want: Vec<_> = chars
                .iter()
                .enumerate()
                .filter(|(_, &(_, c))| is_double(c) || is_single(c))
                .map(|(i, &(b, c))| {
                    let prev = i.checked_sub(1).and_then(|j| chars.get(j)).map(|x| x.1);
                    (b, c, prev, chars.get(i + 1).map(|x| x.1))
                })
                .collect();
            assert_eq!(marks(s), want, "{s:?}");
        }
    }

    #[test]
    fn long_input_is_fast_and_total() {
        let unit = "“A quote,” she said. \"stray He said that things happen, officials said.\n";
        let text = unit.repeat(5000);
        let t = std::time::Instant::now();
        let mut d = Document::segmented("t", &text);
        extract(&mut d);
        assert!(t.elapsed().as_secs_f64() < 2.0);
        assert!(!d.quotes.is_empty());
    }
}
