//! Feature extraction for the NER tagger: token normalisation, word shapes,
//! gazetteer look-ups and document-level evidence, all hashed into `u64` keys.
//!
//! Nothing here allocates per token: tokens are normalised into a reusable
//! character buffer and every feature is a 64-bit FNV/SplitMix hash of a
//! template id and the hashed values it combines.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The gazetteer files (parsed once, in [`crate::knowledge::names`]); their texts fingerprint
/// the model.
use crate::knowledge::names::{Names, GIVEN_NAMES, ORG_WORDS, PLACES, SURNAMES};

use crate::fnv::{extend as fnv, OFFSET as FNV_OFFSET};

/// Order-sensitive combination of two hashes (SplitMix64 finaliser).
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a.rotate_left(5) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);
impl Hasher for IdHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0 ^ FNV_OFFSET, bytes);
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Map typographic apostrophes and quotes to their ASCII forms so that
/// "China’s" and "China's" behave the same.
#[inline]
fn fold_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Hash of the lowercased, quote-folded, digit-normalised form of a token.
/// Used both for features and for lexicon keys so both sides agree.
pub(crate) fn lower_hash(tok: &str) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in tok.chars() {
        let c = fold_quote(c);
        if c.is_ascii_digit() {
            h = fnv(h, b"0");
        } else {
            for l in c.to_lowercase() {
                h = fnv(h, l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    h
}

/// Coarse orthographic class of a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Case {
    /// No letters and no digits (punctuation, symbols).
    Other = 0,
    /// Starts with a lowercase letter.
    Lower = 1,
    /// Starts with an uppercase letter and has lowercase letters.
    Title = 2,
    /// Has letters, all uppercase.
    Upper = 3,
    /// Contains a digit (and starts with no letter).
    Digit = 4,
}

/// Per-token information computed once per sentence.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TokInfo {
    pub lower: u64,
    pub shape: u64,
    pub suf: [u64; 4],
    pub case: Case,
    /// Gazetteer bits: 1 given name, 2/4/6 surname rank band, 8 org word,
    /// 16 place (single), 32 place begin, 64 place inside.
    pub gaz: u8,
}

pub(crate) const GAZ_GIVEN: u8 = 1;
pub(crate) const GAZ_SURNAME_MASK: u8 = 6;
pub(crate) const GAZ_ORG: u8 = 8;

/// Gazetteers, loaded once from the embedded lexicon files.
pub(crate) struct Lexicons {
    /// lower hash → bits (given / surname band / org word).
    words: IdMap<u8>,
    /// hash of a lowercased token sequence → () for place names.
    places: IdMap<()>,
    /// hash of every proper prefix (1 to n - 1 tokens) of a place name: a match
    /// longer than a sequence must extend a sequence in this set.
    place_prefixes: IdMap<()>,
    place_max_len: usize,
    /// Fingerprint of the lexicon texts; stored in the model so a model is
    /// never used with lexicons it was not trained with.
    pub fingerprint: u64,
}

#[cfg(test)]
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Hash of a sequence of token lower-hashes.
#[inline]
pub(crate) fn seq_hash(prev: u64, tok_lower: u64) -> u64 {
    mix(prev ^ 0x5eed, tok_lower)
}

impl Lexicons {
    /// The gazetteer index of the built-in knowledge's name lists, built on first use; an error
    /// when the built-in knowledge does not load.
    pub(crate) fn builtin() -> Result<&'static Lexicons, crate::knowledge::KnowledgeError> {
        static LEX: OnceLock<Result<Lexicons, crate::knowledge::KnowledgeError>> = OnceLock::new();
        LEX.get_or_init(|| {
            crate::knowledge::Knowledge::builtin().map(|k| Lexicons::from_names(&k.names))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Indexes the name gazetteers for the tagger's features.
    pub(crate) fn from_names(names: &Names) -> Lexicons {
        Lexicons::index(
            names.given.iter().map(|g| g.name),
            names.surnames.iter().copied(),
            names.org_words.iter().copied(),
            names.places.iter().map(|&(name, _)| name),
        )
    }

    /// The index over given names, (surname, census rank) pairs, organization words and place
    /// names; the fingerprint is that of the embedded files the lists come from.
    fn index<'a>(
        given: impl Iterator<Item = &'a str>,
        surnames: impl Iterator<Item = (&'a str, u32)>,
        org_words: impl Iterator<Item = &'a str>,
        place_names: impl Iterator<Item = &'a str>,
    ) -> Lexicons {
        let mut words: IdMap<u8> = IdMap::default();
        for g in given {
            *words.entry(lower_hash(g)).or_insert(0) |= GAZ_GIVEN;
        }
        for (name, rank) in surnames {
            let band = if rank <= 1000 {
                2
            } else if rank <= 10000 {
                4
            } else {
                6
            };
            let e = words.entry(lower_hash(name)).or_insert(0);
            if *e & GAZ_SURNAME_MASK == 0 {
                *e |= band;
            }
        }
        for w in org_words {
            *words.entry(lower_hash(w)).or_insert(0) |= GAZ_ORG;
        }
        let mut places: IdMap<()> = IdMap::default();
        let mut place_prefixes: IdMap<()> = IdMap::default();
        let mut place_max_len = 1;
        for name in place_names {
            let mut h = 0u64;
            let mut n = 0;
            for t in name.split_whitespace() {
                if n > 0 {
                    place_prefixes.insert(h, ());
                }
                h = seq_hash(h, lower_hash(t));
                n += 1;
            }
            if n > 0 {
                places.insert(h, ());
                place_max_len = place_max_len.max(n);
            }
        }
        let mut fingerprint = FNV_OFFSET;
        for t in [GIVEN_NAMES, SURNAMES, PLACES, ORG_WORDS] {
            fingerprint = fnv(fingerprint, t.as_bytes());
            fingerprint = fnv(fingerprint, b"\x00");
        }
        Lexicons {
            words,
            places,
            place_prefixes,
            place_max_len: place_max_len.min(6),
            fingerprint,
        }
    }
}

/// Sentence casing mode: CoNLL is full of ALL-CAPS headlines and
/// Title-Case headlines, where capitalisation says little.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Mode {
    Normal = 0,
    Upper = 1,
    Title = 2,
}

/// Reusable scratch state for computing token info without allocating.
#[derive(Default)]
pub(crate) struct Scratch {
    chars: Vec<char>,
}

/// Tokens longer than this (in chars) are hashed in full for the word
/// feature but their shape is truncated.
const MAX_SHAPE: usize = 12;

impl Scratch {
    pub(crate) fn tok_info(&mut self, tok: &str, lex: &Lexicons) -> TokInfo {
        self.chars.clear();
        let mut lower = FNV_OFFSET;
        let mut shape = FNV_OFFSET;
        let mut shape_len = 0usize;
        let mut last_class = '\0';
        let (mut n_upper, mut n_lower, mut n_digit) = (0usize, 0usize, 0usize);
        let mut first: Option<char> = None;
        let mut buf = [0u8; 4];
        if tok.is_ascii() {
            // Fast path; must hash exactly as the general path below does.
            for &b in tok.as_bytes() {
                let b = if b == b'`' { b'\'' } else { b };
                if first.is_none() {
                    first = Some(char::from(b));
                }
                let (class, low) = match b {
                    b'0'..=b'9' => {
                        n_digit += 1;
                        (b'd', b'0')
                    }
                    b'A'..=b'Z' => {
                        n_upper += 1;
                        (b'X', b.to_ascii_lowercase())
                    }
                    b'a'..=b'z' => {
                        n_lower += 1;
                        (b'x', b)
                    }
                    _ => (b, b),
                };
                let class = char::from(class);
                if class != last_class && shape_len < MAX_SHAPE {
                    shape = fnv(shape, &[class as u8]);
                    shape_len += 1;
                    last_class = class;
                }
                lower = fnv(lower, &[low]);
                self.chars.push(char::from(low));
            }
        } else {
            for c in tok.chars() {
                let c = fold_quote(c);
                if first.is_none() {
                    first = Some(c);
                }
                let class = if c.is_ascii_digit() || c.is_numeric() {
                    n_digit += 1;
                    'd'
                } else if c.is_uppercase() {
                    n_upper += 1;
                    'X'
                } else if c.is_lowercase() {
                    n_lower += 1;
                    'x'
                } else if c.is_alphabetic() {
                    n_lower += 1;
                    'a'
                } else {
                    c
                };
                if class != last_class && shape_len < MAX_SHAPE {
                    shape = fnv(shape, class.encode_utf8(&mut buf).as_bytes());
                    shape_len += 1;
                    last_class = class;
                }
                if c.is_ascii_digit() {
                    lower = fnv(lower, b"0");
                    self.chars.push('0');
                } else {
                    for l in c.to_lowercase() {
                        lower = fnv(lower, l.encode_utf8(&mut buf).as_bytes());
                        self.chars.push(l);
                    }
                }
            }
        }
        let case = match first {
            Some(f) if f.is_uppercase() => {
                if n_lower == 0 {
                    Case::Upper
                } else {
                    Case::Title
                }
            }
            Some(f) if f.is_alphabetic() => Case::Lower,
            _ if n_upper + n_lower > 0 => {
                if n_lower == 0 {
                    Case::Upper
                } else if n_upper > 0 {
                    Case::Title
                } else {
                    Case::Lower
                }
            }
            _ if n_digit > 0 => Case::Digit,
            _ => Case::Other,
        };
        let mut suf = [0u64; 4];
        let n = self.chars.len();
        let mut h = FNV_OFFSET;
        for (k, slot) in suf.iter_mut().enumerate() {
            if let Some(c) = n.checked_sub(k + 1).and_then(|i| self.chars.get(i)) {
                h = fnv(h, c.encode_utf8(&mut buf).as_bytes());
            }
            *slot = mix(k as u64 + 8, h);
        }
        let gaz = lex.words.get(&lower).copied().unwrap_or(0);
        TokInfo {
            lower,
            shape,
            suf,
            case,
            gaz,
        }
    }
}

/// Mark multi-token place-name matches (longest match, left to right).
#[expect(
    clippy::indexing_slicing,
    reason = "i < n = toks.len() by the loop condition, and i + len - 1 < n since 1 <= len <= n - i"
)]
pub(crate) fn mark_places(toks: &mut [TokInfo], lex: &Lexicons) {
    let n = toks.len();
    let mut i = 0;
    while i < n {
        if !matches!(toks[i].case, Case::Title | Case::Upper) {
            i += 1;
            continue;
        }
        let mut best = 0;
        let mut h = 0u64;
        let max = lex.place_max_len.min(n - i);
        for len in 1..=max {
            h = seq_hash(h, toks[i + len - 1].lower);
            if lex.places.contains_key(&h) {
                best = len;
            }
            // No place name longer than `len` starts with these tokens, so no longer match
            // can follow (a longer match would need its own prefix hash, h, in the set):
            // stopping gives the same result as trying every length, barring a 64-bit hash
            // collision, which would make the full-length test wrong already.
            if !lex.place_prefixes.contains_key(&h) {
                break;
            }
        }
        if best == 0 {
            i += 1;
            continue;
        }
        if best == 1 {
            toks[i].gaz |= 16;
        } else {
            toks[i].gaz |= 32;
            for t in toks.iter_mut().skip(i + 1).take(best - 1) {
                t.gaz |= 64;
            }
        }
        i += best;
    }
}

pub(crate) fn sentence_mode(toks: &[TokInfo]) -> Mode {
    let (mut letters, mut upper, mut titled_long, mut long) = (0usize, 0usize, 0usize, 0usize);
    for t in toks {
        match t.case {
            Case::Upper => {
                letters += 1;
                upper += 1;
                long += 1;
                titled_long += 1;
            }
            Case::Title => {
                letters += 1;
                long += 1;
                titled_long += 1;
            }
            Case::Lower => {
                letters += 1;
                long += 1;
            }
            _ => {}
        }
    }
    if letters >= 2 && upper * 10 >= letters * 8 {
        Mode::Upper
    } else if long >= 3 && titled_long * 10 >= long * 8 {
        Mode::Title
    } else {
        Mode::Normal
    }
}

/// Document-level evidence gathered before tagging: how a word is written
/// in the middle of ordinary mixed-case sentences elsewhere in the document.
#[derive(Default)]
pub(crate) struct DocEvidence {
    /// lower hash → bit 1: seen capitalised mid-sentence, bit 2: seen lowercase.
    pub seen: IdMap<u8>,
    /// lower hash → counts of predicted tag types (O, PER, ORG, LOC, MISC)
    /// for capitalised occurrences earlier in the document.
    pub history: IdMap<[u16; 5]>,
}

impl DocEvidence {
    pub(crate) fn clear(&mut self) {
        self.seen.clear();
        self.history.clear();
    }

    pub(crate) fn observe_sentence(&mut self, toks: &[TokInfo], mode: Mode) {
        if mode != Mode::Normal {
            return;
        }
        for t in toks.iter().skip(1) {
            let bit = match t.case {
                Case::Title | Case::Upper => 1,
                Case::Lower => 2,
                _ => continue,
            };
            *self.seen.entry(t.lower).or_insert(0) |= bit;
        }
    }

    /// Record the types predicted for a sentence (types: 0 = O, 1..=4 labels).
    pub(crate) fn record(&mut self, toks: &[TokInfo], types: &[u8]) {
        for (t, &ty) in toks.iter().zip(types) {
            if matches!(t.case, Case::Title | Case::Upper) {
                let e = self.history.entry(t.lower).or_insert([0; 5]);
                if let Some(x) = e.get_mut(usize::from(ty.min(4))) {
                    *x = x.saturating_add(1);
                }
            }
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "c is a [u16; 5]: k ranges over 1..5 and best is 0 or a previous k"
    )]
    fn history_code(&self, lower: u64) -> u64 {
        match self.history.get(&lower) {
            None => 9,
            Some(c) => {
                let mut best = 0usize;
                for k in 1..5 {
                    if c[k] > c[best] || (best == 0 && c[k] > 0 && c[k] * 2 >= c[0]) {
                        best = k;
                    }
                }
                best as u64
            }
        }
    }
}

/// Template ids (stable: changing them invalidates trained models).
mod t {
    pub const BIAS: u64 = 1;
    pub const W0: u64 = 2;
    pub const WM1: u64 = 3;
    pub const WP1: u64 = 4;
    pub const WM2: u64 = 5;
    pub const WP2: u64 = 6;
    pub const S0: u64 = 7;
    pub const SM1: u64 = 8;
    pub const SP1: u64 = 9;
    // 10 was PRE (prefixes): dropped, no gain on held-out data.
    pub const SUF: u64 = 11;
    pub const WM1W0: u64 = 12;
    pub const W0WP1: u64 = 13;
    pub const SSS: u64 = 14;
    pub const MODE_POS_SHAPE: u64 = 15;
    pub const MODE_W0: u64 = 16;
    pub const GAZ0: u64 = 17;
    pub const GAZM1: u64 = 18;
    pub const GAZP1: u64 = 19;
    pub const GAZ_CASE: u64 = 20;
    pub const DOC_SEEN: u64 = 21;
    pub const HIST: u64 = 22;
    pub const HIST_CASE: u64 = 23;
    pub const ORG_AHEAD: u64 = 24;
    pub const WM1_CASE0: u64 = 25;
    pub const WP1_CASE0: u64 = 26;
    pub const CASE_CTX: u64 = 27;
    pub const GAZ_PAIR: u64 = 28;
}

#[inline]
fn f1(tpl: u64, a: u64) -> u64 {
    mix(tpl, a)
}
#[inline]
fn f2(tpl: u64, a: u64, b: u64) -> u64 {
    mix(mix(tpl, a), b)
}

const PAD_L: u64 = 0x1111;
const PAD_R: u64 = 0x2222;

/// Keys of the features that depend on one token's word alone (its lowercase
/// form and suffixes): its own `W0` and `SUF` features, and the `WM1`, `WP1`,
/// `WM2`, `WP2` features it gives the tokens one and two to its right / left.
pub(crate) struct WordKeys {
    pub own: [u64; 5],
    pub wm1: u64,
    pub wp1: u64,
    pub wm2: u64,
    pub wp2: u64,
}

pub(crate) fn word_keys(tk: &TokInfo) -> WordKeys {
    let [s0, s1, s2, s3] = tk.suf;
    WordKeys {
        own: [
            f1(t::W0, tk.lower),
            f1(t::SUF, s0),
            f1(t::SUF, s1),
            f1(t::SUF, s2),
            f1(t::SUF, s3),
        ],
        wm1: f1(t::WM1, tk.lower),
        wp1: f1(t::WP1, tk.lower),
        wm2: f1(t::WM2, tk.lower),
        wp2: f1(t::WP2, tk.lower),
    }
}

/// Keys of the word-context features that fall outside the sentence:
/// `WM1` and `WM2` before its start, `WP1` and `WP2` past its end.
pub(crate) fn pad_keys() -> [u64; 4] {
    [
        f1(t::WM1, PAD_L),
        f1(t::WM2, PAD_L),
        f1(t::WP1, PAD_R),
        f1(t::WP2, PAD_R),
    ]
}

/// What the token-class features of one token depend on (gazetteer bits of it and
/// its neighbours, casing, sentence mode and position, document evidence):
/// `BIAS`, `GAZ0`, `GAZM1`, `GAZP1`, `GAZ_CASE`, `GAZ_PAIR`, `DOC_SEEN`, `HIST`,
/// `HIST_CASE`, `ORG_AHEAD` and `CASE_CTX`. Few distinct values occur, so the
/// tagger caches the summed weights of these features by [`ClassInputs::sig`].
#[derive(Clone, Copy)]
pub(crate) struct ClassInputs {
    g: u64,
    gm1: u64,
    gp1: u64,
    /// Whether the token two to the right is an organisation word.
    org2: u64,
    case: Case,
    m: u64,
    pos01: u64,
    seen: u64,
    /// History code (only for capitalised tokens).
    hc: Option<u64>,
    csm1: u64,
    csp1: u64,
}

impl ClassInputs {
    /// All inputs packed without loss into one number (53 bits): equal
    /// signatures give equal feature keys.
    pub(crate) fn sig(&self) -> u64 {
        // g < 2^8, gm1 and gp1 < 2^9 (0x100 = none), org2 < 2, case < 8, m < 4,
        // pos01 < 2, seen < 2^8, hc <= 9 (15 = none), csm1 and csp1 <= 9
        (self.g & 0xff)
            | (self.gm1 & 0x1ff) << 8
            | (self.gp1 & 0x1ff) << 17
            | (self.org2 & 1) << 26
            | (self.case as u64 & 7) << 27
            | (self.m & 3) << 30
            | (self.pos01 & 1) << 32
            | (self.seen & 0xff) << 33
            | (self.hc.unwrap_or(15) & 0xf) << 41
            | (self.csm1 & 0xf) << 45
            | (self.csp1 & 0xf) << 49
    }

    /// The token-class feature keys (training: [`sentence_features`]).
    pub(crate) fn keys(&self, out: &mut Vec<u64>) {
        let (g, m, pos01) = (self.g, self.m, self.pos01);
        let case = self.case as u64;
        out.push(f1(t::BIAS, 0));
        out.push(f1(t::GAZ0, g));
        out.push(f1(t::GAZM1, self.gm1));
        out.push(f1(t::GAZP1, self.gp1));
        out.push(f2(t::GAZ_CASE, g, case * 4 + m));
        out.push(f2(t::GAZ_PAIR, mix(self.gm1, g), self.gp1));
        out.push(f2(t::DOC_SEEN, self.seen, case * 64 + m * 8 + pos01));
        if let Some(hc) = self.hc {
            out.push(f1(t::HIST, hc));
            out.push(f2(t::HIST_CASE, hc, m * 8 + pos01));
        }
        let org_ahead = (self.gp1 & u64::from(GAZ_ORG) != 0) as u64 | (self.org2 << 1);
        if org_ahead != 0 {
            out.push(f2(t::ORG_AHEAD, org_ahead, case));
        }
        out.push(f2(t::CASE_CTX, mix(self.csm1, case), self.csp1 * 4 + m));
    }
}

/// What the shape features of one token depend on: the shapes of it and its
/// neighbours, the sentence mode and the token's position (`S0`, `SM1`, `SP1`,
/// `SSS`, `MODE_POS_SHAPE`). The tagger caches their summed weights by the
/// whole tuple ([`ShapeInputs::key`]).
#[derive(Clone, Copy)]
pub(crate) struct ShapeInputs {
    shm1: u64,
    sh0: u64,
    shp1: u64,
    /// mode * 16 + position (position < 4).
    mp: u64,
}

impl ShapeInputs {
    /// The inputs, whole: equal keys give equal feature keys.
    pub(crate) fn key(&self) -> [u64; 4] {
        [self.shm1, self.sh0, self.shp1, self.mp]
    }

    /// The shape feature keys (training: [`sentence_features`]).
    pub(crate) fn keys(&self, out: &mut Vec<u64>) {
        out.push(f1(t::S0, self.sh0));
        out.push(f1(t::SM1, self.shm1));
        out.push(f1(t::SP1, self.shp1));
        out.push(f2(t::SSS, mix(self.shm1, self.sh0), self.shp1));
        out.push(f2(t::MODE_POS_SHAPE, self.mp, self.sh0));
    }
}

// Token `i` of a sentence seen from its neighbours, shared by training ([`sentence_features`])
// and tagging ([`tagging_features`]) so the two cannot drift apart. `i` may fall before the start
// or past the end: words and shapes then take the padding keys, gazetteer bits and case a
// sentinel.
fn tok(toks: &[TokInfo], i: isize) -> Option<&TokInfo> {
    usize::try_from(i).ok().and_then(|i| toks.get(i))
}
fn lw(toks: &[TokInfo], i: isize) -> u64 {
    match tok(toks, i) {
        Some(t) => t.lower,
        None if i < 0 => PAD_L,
        None => PAD_R,
    }
}
fn sh(toks: &[TokInfo], i: isize) -> u64 {
    match tok(toks, i) {
        Some(t) => t.shape,
        None if i < 0 => PAD_L,
        None => PAD_R,
    }
}
fn gz(toks: &[TokInfo], i: isize) -> u64 {
    tok(toks, i).map_or(0x100, |t| u64::from(t.gaz))
}
fn cs(toks: &[TokInfo], i: isize) -> u64 {
    tok(toks, i).map_or(9, |t| t.case as u64)
}

/// What the token-class and shape features of token `iu` depend on. Training turns them into
/// keys with [`ClassInputs::keys`] and [`ShapeInputs::keys`]; tagging caches their summed
/// weights. One place computes them, so training and tagging see the same features.
/// (Inlined: the tagger calls it once per token of every sentence.)
#[inline(always)]
fn token_inputs(
    toks: &[TokInfo],
    iu: usize,
    tk: &TokInfo,
    mode: Mode,
    doc: &DocEvidence,
) -> (ClassInputs, ShapeInputs) {
    let i = iu as isize;
    let m = mode as u64;
    let pos = (iu.min(3)) as u64;
    let class = ClassInputs {
        g: u64::from(tk.gaz),
        gm1: gz(toks, i - 1),
        gp1: gz(toks, i + 1),
        org2: (gz(toks, i + 2) & u64::from(GAZ_ORG) != 0) as u64,
        case: tk.case,
        m,
        pos01: pos.min(1),
        seen: u64::from(doc.seen.get(&tk.lower).copied().unwrap_or(0)),
        hc: matches!(tk.case, Case::Title | Case::Upper).then(|| doc.history_code(tk.lower)),
        csm1: cs(toks, i - 1),
        csp1: cs(toks, i + 1),
    };
    let shape = ShapeInputs {
        shm1: sh(toks, i - 1),
        sh0: tk.shape,
        shp1: sh(toks, i + 1),
        mp: m * 16 + pos,
    };
    (class, shape)
}

/// The features of token `iu` that pair its word with a neighbour's word or with its case:
/// neither a word cache nor a token-class cache covers them, so the tagger looks them up.
/// (Inlined, as [`token_inputs`].)
#[inline(always)]
fn pair_keys(toks: &[TokInfo], iu: usize, tk: &TokInfo, mode: Mode, out: &mut Vec<u64>) {
    let i = iu as isize;
    let case = tk.case as u64;
    out.push(f2(t::WM1W0, lw(toks, i - 1), tk.lower));
    out.push(f2(t::W0WP1, tk.lower, lw(toks, i + 1)));
    if mode != Mode::Normal {
        out.push(f2(t::MODE_W0, mode as u64, tk.lower));
    }
    out.push(f2(t::WM1_CASE0, lw(toks, i - 1), case));
    out.push(f2(t::WP1_CASE0, lw(toks, i + 1), case));
}

/// The features of a sentence for tagging: those of [`sentence_features`]
/// minus the [`word_keys`] / [`pad_keys`] features, the token-class features,
/// which go to `classes` as their [`ClassInputs`], and the shape features,
/// which go to `shapes` as their [`ShapeInputs`] (one of each per token).
pub(crate) fn tagging_features(
    toks: &[TokInfo],
    mode: Mode,
    doc: &DocEvidence,
    out: &mut Vec<u64>,
    offs: &mut Vec<u32>,
    classes: &mut Vec<ClassInputs>,
    shapes: &mut Vec<ShapeInputs>,
) {
    out.clear();
    offs.clear();
    classes.clear();
    shapes.clear();
    for (iu, tk) in toks.iter().enumerate() {
        offs.push(out.len() as u32);
        pair_keys(toks, iu, tk, mode, out);
        let (class, shape) = token_inputs(toks, iu, tk, mode, doc);
        classes.push(class);
        shapes.push(shape);
    }
    offs.push(out.len() as u32);
}

/// Append the feature keys of every token of a sentence to `out`; token `i`'s
/// features are `out[offs[i]..offs[i + 1]]`. (Training uses these; tagging
/// gets the same features, in parts, from [`tagging_features`], [`word_keys`],
/// [`pad_keys`] and [`ClassInputs::keys`].)
pub(crate) fn sentence_features(
    toks: &[TokInfo],
    mode: Mode,
    doc: &DocEvidence,
    out: &mut Vec<u64>,
    offs: &mut Vec<u32>,
) {
    out.clear();
    offs.clear();
    for (iu, tk) in toks.iter().enumerate() {
        offs.push(out.len() as u32);
        let i = iu as isize;
        out.push(f1(t::W0, tk.lower));
        out.push(f1(t::WM1, lw(toks, i - 1)));
        out.push(f1(t::WP1, lw(toks, i + 1)));
        out.push(f1(t::WM2, lw(toks, i - 2)));
        out.push(f1(t::WP2, lw(toks, i + 2)));
        for &suf in &tk.suf {
            out.push(f1(t::SUF, suf));
        }
        pair_keys(toks, iu, tk, mode, out);
        let (class, shape) = token_inputs(toks, iu, tk, mode, doc);
        shape.keys(out);
        class.keys(out);
    }
    offs.push(out.len() as u32);
}

/// The gazetteer index as it was built from the raw files before the knowledge module parsed
/// them: the index built from [`Names`] must equal it (so the model reproduces byte for byte).
#[cfg(test)]
impl Lexicons {
    /// The index from the raw embedded files, parsed the way the tagger read them before the
    /// knowledge module existed: first column, empty names skipped, a missing rank last.
    fn load_raw() -> Lexicons {
        let first = |line: &'static str| line.split('\t').next().unwrap_or("");
        let surnames = data_lines(SURNAMES).filter_map(|line| {
            let mut it = line.split('\t');
            let name = it.next().unwrap_or("");
            let rank = it
                .next()
                .and_then(|r| r.trim().parse().ok())
                .unwrap_or(u32::MAX);
            (!name.is_empty()).then_some((name, rank))
        });
        Lexicons::index(
            data_lines(GIVEN_NAMES).map(first).filter(|n| !n.is_empty()),
            surnames,
            data_lines(ORG_WORDS).map(first).filter(|n| !n.is_empty()),
            data_lines(PLACES).map(first),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tagger's gazetteer index built from the knowledge's parse is the one the raw files
    /// gave (the model is trained and fingerprinted with it).
    #[test]
    fn gazetteer_index_from_knowledge_equals_the_raw_files() {
        let names = Names::load().unwrap();
        let (a, b) = (Lexicons::from_names(&names), Lexicons::load_raw());
        assert_eq!(a.words, b.words);
        assert_eq!(a.places, b.places);
        assert_eq!(a.place_prefixes, b.place_prefixes);
        assert_eq!(a.place_max_len, b.place_max_len);
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_eq!(Lexicons::builtin().unwrap().words, b.words);
    }

    /// [`mark_places`] without the early stop: every length up to `place_max_len` is tried.
    fn mark_places_full(toks: &mut [TokInfo], lex: &Lexicons) {
        let n = toks.len();
        let mut i = 0;
        while i < n {
            if !matches!(toks[i].case, Case::Title | Case::Upper) {
                i += 1;
                continue;
            }
            let (mut best, mut h) = (0, 0u64);
            for len in 1..=lex.place_max_len.min(n - i) {
                h = seq_hash(h, toks[i + len - 1].lower);
                if lex.places.contains_key(&h) {
                    best = len;
                }
            }
            match best {
                0 => {
                    i += 1;
                    continue;
                }
                1 => toks[i].gaz |= 16,
                _ => {
                    toks[i].gaz |= 32;
                    for t in toks.iter_mut().skip(i + 1).take(best - 1) {
                        t.gaz |= 64;
                    }
                }
            }
            i += best;
        }
    }

    #[test]
    fn place_early_stop_matches_full_scan() {
        let lex = Lexicons::builtin().unwrap();
        let mut sc = Scratch::default();
        let names: Vec<&str> = data_lines(PLACES)
            .filter_map(|l| l.split('\t').next())
            .collect();
        assert!(names.len() > 100);
        // every place name, followed by the next one and by words that extend no place
        for w in names.windows(2) {
            let text = format!("In {} {} New City Of The North", w[0], w[1]);
            let toks: Vec<TokInfo> = text
                .split_whitespace()
                .map(|t| sc.tok_info(t, lex))
                .collect();
            let (mut a, mut b) = (toks.clone(), toks);
            mark_places(&mut a, lex);
            mark_places_full(&mut b, lex);
            let gaz = |v: &[TokInfo]| v.iter().map(|t| t.gaz).collect::<Vec<_>>();
            assert_eq!(gaz(&a), gaz(&b), "{text}");
        }
    }
}
