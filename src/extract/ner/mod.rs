//! Named-entity mention tagging: finds PER / ORG / LOC / MISC spans over the
//! tokens of a document, CoNLL-2003 style.
//!
//! The model is a first-order structured perceptron (averaged) over BILOU
//! tags, decoded with Viterbi under hard BILOU constraints, so every output
//! span is well formed. Features (see `features.rs`) are hashed to `u64` keys
//! with a fixed FNV-1a/SplitMix scheme, never allocated as strings:
//!
//! * the lowercased word (digits folded to `0`, typographic quotes and
//!   apostrophes folded to ASCII, so `China’s` and `China's` agree), the words
//!   one and two to either side, and the word bigrams around the token;
//! * compressed word shape (`Xx`, `X.X.`, `d-d`, …) of the token and its
//!   neighbours, and the three-shape window; suffixes of 1–4 characters;
//! * sentence position and the sentence's casing mode (ALL-CAPS headline,
//!   Title-Case headline, ordinary prose), conjoined with shape and word;
//! * gazetteer membership of the token and its neighbours (given names,
//!   surnames by frequency band, multi-word place names, organisation head
//!   words: `lexicons/names/*.tsv`), conjoined with case;
//! * document-level evidence: whether the same word appears capitalised or
//!   lowercase in the middle of ordinary sentences elsewhere in the document,
//!   and which types the tagger gave it in earlier sentences of the document.
//!
//! Weights are stored quantised to `i8` in an open-addressing table whose
//! small check array stays in cache; tagging allocates per sentence, never
//! per token.
//!
//! [`NerModel::embedded`] parses the model committed at `models/ner.bin`
//! once. Spans are token indices within each sentence, half-open.
//!
//! # Retraining
//!
//! The model is trained from the CoNLL-2003 English training split only
//! (never the dev or test split). [`train`] is deterministic: the same file,
//! epochs and seed give a byte-identical [`NerModel::to_bytes`]. From the
//! repository root, with the corpus at `../shared/corpora/conll2003/train.txt`
//! (or set `NER_TRAIN=/path/to/train.txt`):
//!
//! ```text
//! cargo test --release --lib extract::ner::tests::retrain -- --ignored --nocapture
//! ```
//!
//! This runs `train(path, 12, 2026)` (about 5 s) and overwrites
//! `models/ner.bin`; then rebuild, rerun the tests and update
//! `models/README.md` with the new dev scores. Any change to
//! `lexicons/names/*.tsv` (even a header line) or to the feature templates
//! requires retraining: the model stores a fingerprint of the lexicon files,
//! and [`NerModel::from_bytes`] rejects a model built with different ones.
//! `cargo test --release --lib extract::ner::tests::training_is_deterministic -- --ignored`
//! checks reproducibility.

mod error;
mod features;
mod train;

pub use error::{ModelError, TrainError};
pub use train::train;

use features::{
    mark_places, pad_keys, sentence_features, sentence_mode, tagging_features, word_keys,
    ClassInputs, DocEvidence, Lexicons, Mode, Scratch, ShapeInputs, TokInfo,
};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Entity type of a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NerLabel {
    /// A person (CoNLL `PER`).
    Per,
    /// An organisation: company, agency, party, team, … (CoNLL `ORG`).
    Org,
    /// A place: country, city, region, geographic feature (CoNLL `LOC`).
    Loc,
    /// Other names: nationalities, events, products, … (CoNLL `MISC`).
    Misc,
}

impl NerLabel {
    const ALL: [NerLabel; 4] = [NerLabel::Per, NerLabel::Org, NerLabel::Loc, NerLabel::Misc];

    /// CoNLL name of the label: `PER`, `ORG`, `LOC`, `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            NerLabel::Per => "PER",
            NerLabel::Org => "ORG",
            NerLabel::Loc => "LOC",
            NerLabel::Misc => "MISC",
        }
    }
}

/// A mention: token indices `start..end` (half-open) within one sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NerSpan {
    /// Index of the first token of the mention.
    pub start: usize,
    /// Index one past the last token of the mention.
    pub end: usize,
    /// Entity type.
    pub label: NerLabel,
}

/// Number of BILOU tags: O plus {B, I, L, U} × 4 labels.
pub(crate) const NT: usize = 17;
const TAG_O: usize = 0;
const K_B: usize = 0;
const K_I: usize = 1;
const K_L: usize = 2;
const K_U: usize = 3;

#[inline]
fn tag(label: usize, k: usize) -> usize {
    1 + label * 4 + k
}
/// (label index, part) of a non-O tag.
#[inline]
fn tag_parts(t: usize) -> Option<(usize, usize)> {
    if t == TAG_O || t >= NT {
        None
    } else {
        Some(((t - 1) / 4, (t - 1) % 4))
    }
}
/// Entity type code of a tag: 0 = O, 1..=4 = label + 1.
#[inline]
fn tag_type(t: usize) -> u8 {
    tag_parts(t).map_or(0, |(l, _)| l as u8 + 1)
}

/// Whether BILOU allows `cur` after `prev` (`None` = sentence start).
fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let open = |t: usize| matches!(tag_parts(t), Some((_, k)) if k == K_B || k == K_I);
    match prev.filter(|&p| open(p)) {
        Some(p) => {
            let (pl, _) = tag_parts(p).unwrap_or((usize::MAX, 0));
            matches!(tag_parts(cur), Some((l, k)) if l == pl && (k == K_I || k == K_L))
        }
        None => cur == TAG_O || matches!(tag_parts(cur), Some((_, k)) if k == K_B || k == K_U),
    }
}
fn allowed_end(t: usize) -> bool {
    t == TAG_O || matches!(tag_parts(t), Some((_, k)) if k == K_L || k == K_U)
}

/// Transition scores: rows 0..NT are the previous tag, row NT the start.
pub(crate) type Trans = [[f32; NT]; NT + 1];

/// Viterbi decoding under BILOU constraints. `em[i][t]` is the emission
/// score of tag `t` at token `i`; the best tag sequence goes to `out`.
#[expect(
    clippy::indexing_slicing,
    reason = "tags index [_; NT] rows: t ranges over 0..NT, OPENERS and CLOSERS hold tags < NT and \
              tag(l, k) < NT for l, k < 4 (test viterbi_tables_match_bilou_rules); trans has NT + 1 \
              rows, so trans[NT] is the start row; em[0] exists since n > 0; bp and out have n \
              entries, i < n by the loop bounds, and out holds tags < NT written by this function"
)]
pub(crate) fn viterbi(em: &[[f32; NT]], trans: &Trans, bp: &mut Vec<[u8; NT]>, out: &mut Vec<u8>) {
    out.clear();
    let n = em.len();
    if n == 0 {
        return;
    }
    bp.clear();
    bp.resize(n, [0u8; NT]);
    let neg = f32::NEG_INFINITY;
    let mut cur = [neg; NT];
    for t in 0..NT {
        if allowed(None, t) {
            cur[t] = trans[NT][t] + em[0][t];
        }
    }
    for i in 1..n {
        let mut next = [neg; NT];
        let (Some(row), Some(e)) = (bp.get_mut(i), em.get(i)) else {
            break;
        };
        // Tags that open a mention (or O) may follow O, L-* or U-*.
        for &t in &OPENERS {
            let mut best = neg;
            let mut arg = 0u8;
            for &p in &CLOSERS {
                let s = cur[p] + trans[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            next[t] = best + e[t];
            row[t] = arg;
        }
        // I-X and L-X may only follow B-X or I-X.
        for l in 0..4 {
            let (b, ii) = (tag(l, K_B), tag(l, K_I));
            for t in [ii, tag(l, K_L)] {
                let sb = cur[b] + trans[b][t];
                let si = cur[ii] + trans[ii][t];
                let (best, arg) = if sb >= si { (sb, b) } else { (si, ii) };
                next[t] = best + e[t];
                row[t] = arg as u8;
            }
        }
        cur = next;
    }
    let mut best = neg;
    let mut arg = TAG_O;
    for (t, &score) in cur.iter().enumerate() {
        if allowed_end(t) && score > best {
            best = score;
            arg = t;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u8;
    for i in (1..n).rev() {
        out[i - 1] = bp[i][usize::from(out[i])];
    }
}

/// O and the tags that open a mention (B-*, U-*).
const OPENERS: [usize; 9] = [TAG_O, 1, 4, 5, 8, 9, 12, 13, 16];
/// O and the tags that close a mention (L-*, U-*): the tags an opener may follow.
const CLOSERS: [usize; 9] = [TAG_O, 3, 4, 7, 8, 11, 12, 15, 16];

/// Turn a BILOU tag sequence into spans (tolerant of malformed input).
#[expect(
    clippy::indexing_slicing,
    reason = "l comes from tag_parts, which returns (t - 1) / 4 for 1 <= t < NT = 17, so l < 4 = ALL.len()"
)]
pub(crate) fn tags_to_spans(tags: &[u8], out: &mut Vec<NerSpan>) {
    let mut open: Option<(usize, usize)> = None; // (start, label)
    for (i, &t) in tags.iter().enumerate() {
        match tag_parts(usize::from(t)) {
            None => open = None,
            Some((l, k)) => match k {
                K_U => {
                    open = None;
                    out.push(NerSpan {
                        start: i,
                        end: i + 1,
                        label: NerLabel::ALL[l],
                    });
                }
                K_B => open = Some((i, l)),
                K_I => {
                    if !matches!(open, Some((_, ol)) if ol == l) {
                        open = Some((i, l));
                    }
                }
                _ => {
                    let start = match open {
                        Some((s, ol)) if ol == l => s,
                        _ => i,
                    };
                    open = None;
                    out.push(NerSpan {
                        start,
                        end: i + 1,
                        label: NerLabel::ALL[l],
                    });
                }
            },
        }
    }
}

/// A trained tagger: transition scores and hashed feature weights.
///
/// Feature weights are stored quantised to `i8` with one scale factor for
/// the whole model (file and memory alike), which keeps the hot tables small
/// enough to stay in cache.
pub struct NerModel {
    trans: Trans,
    /// Weight of one `i8` unit.
    scale: f32,
    /// Feature keys in ascending order; `rows[i]` holds key `keys[i]`'s weights.
    keys: Vec<u64>,
    rows: Vec<[i8; NT]>,
    /// Open-addressing table, slot = low key bits: `check[s]` holds the
    /// high 32 key bits (lowest bit forced to 1; 0 = empty slot) and
    /// `slot_rows[s]` the weights. The check array is small enough to stay
    /// in cache, so a lookup costs at most one trip to memory.
    check: Vec<u32>,
    slot_rows: Vec<[i8; NT]>,
    mask: usize,
    lexicon_fingerprint: u64,
    /// The gazetteer index the features read (the one the model was trained with: its
    /// fingerprint is `lexicon_fingerprint`).
    lex: &'static Lexicons,
    /// Rows of the [`pad_keys`] features (word context outside the sentence).
    pad: [[i8; NT]; 4],
    /// Distinct for every model built in this process: tells the per-thread
    /// [`WordRows`] cache whose weights it holds.
    id: u64,
}

/// The weights of the features that depend on one word alone ([`word_keys`]):
/// the same for every occurrence of the word, so they are looked up once and
/// cached per thread (most tokens are frequent words). Sums of integer
/// weights are exact, so the cache changes no score.
#[derive(Clone, Copy)]
struct WordRows {
    /// Whether this cache slot holds a word.
    used: bool,
    /// The word: its lower hash and longest suffix hash.
    lower: u64,
    suf: u64,
    /// `W0` + `SUF` rows, summed.
    own: [i16; NT],
    wm1: [i8; NT],
    wp1: [i8; NT],
    wm2: [i8; NT],
    wp2: [i8; NT],
}

impl WordRows {
    const EMPTY: WordRows = WordRows {
        used: false,
        lower: 0,
        suf: 0,
        own: [0; NT],
        wm1: [0; NT],
        wp1: [0; NT],
        wm2: [0; NT],
        wp2: [0; NT],
    };
}

/// The summed weights of a group of features for one exact key, cached per thread like
/// [`WordRows`]: the token-class features ([`ClassInputs`], keyed by their signature) and the
/// shape features ([`ShapeInputs`], keyed by their input tuple).
#[derive(Clone, Copy)]
struct SumRows<K> {
    used: bool,
    key: K,
    sum: [i16; NT],
}

impl<K: Copy + Default> SumRows<K> {
    fn empty() -> SumRows<K> {
        SumRows {
            used: false,
            key: K::default(),
            sum: [0; NT],
        }
    }
}

/// Slots of the per-thread word, class and shape caches (direct-mapped).
const WORD_CACHE_BITS: u32 = 14;
const CLASS_CACHE_BITS: u32 = 14;
const SHAPE_CACHE_BITS: u32 = 12;

/// Per-thread caches of one model's weights, and buffers reused from one document to the next.
#[derive(Default)]
struct Caches {
    /// Id of the model the rows come from.
    model: u64,
    words: Vec<WordRows>,
    classes: Vec<SumRows<u64>>,
    shapes: Vec<SumRows<[u64; 4]>>,
    bufs: Buffers,
}

/// Buffers of [`NerModel::tag_with`], kept per thread so that tagging a document allocates
/// nothing once they have grown. Nothing in them survives from one document to the next.
#[derive(Default)]
struct Buffers {
    doc: DocState,
    ws: Workspace,
    words: Vec<WordRows>,
    classes: Vec<[i16; NT]>,
    shapes: Vec<[i16; NT]>,
    keys: Vec<u64>,
}

thread_local! {
    static CACHES: RefCell<Caches> = RefCell::new(Caches::default());
}

/// Source of [`NerModel`] ids (0 is never handed out: an empty cache holds model 0).
static NEXT_MODEL_ID: AtomicU64 = AtomicU64::new(1);

/// Adds a weight row into a score accumulator (the direct scoring of the tests).
#[cfg(test)]
fn add_row(acc: &mut [i32; NT], row: &[i8; NT]) {
    for (x, &w) in acc.iter_mut().zip(row) {
        *x += i32::from(w);
    }
}

/// Adds a weight row into an `i16` score accumulator (see [`MAX_TOKEN_FEATURES`]).
#[inline]
fn add_row16(acc: &mut [i16; NT], row: &[i8; NT]) {
    for (x, &w) in acc.iter_mut().zip(row) {
        *x += i16::from(w);
    }
}

/// An upper bound on the number of features of one token ([`features::sentence_features`]
/// makes at most 31). With weights of at most 128 units in absolute value, any sum of one
/// token's weights stays within ±(MAX_TOKEN_FEATURES × 128) = ±8192, well inside `i16`, so
/// the tagger's `i16` sums equal the exact integer sums (test `token_features_are_bounded`).
pub(crate) const MAX_TOKEN_FEATURES: usize = 64;

const MAGIC: &[u8; 8] = b"NFNER002";

/// Check value stored for a key: its high 32 bits, never 0 (0 marks empty).
#[inline]
fn key_check(key: u64) -> u32 {
    ((key >> 32) as u32) | 1
}

impl NerModel {
    /// The model committed in the repository (`models/ner.bin`), parsed once; an error when it
    /// cannot be parsed (which the unit tests rule out) or the built-in knowledge does not load.
    pub fn embedded() -> Result<&'static NerModel, ModelError> {
        static MODEL: OnceLock<Result<NerModel, ModelError>> = OnceLock::new();
        MODEL
            .get_or_init(|| NerModel::from_bytes(include_bytes!("../../../models/ner.bin")))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Quantise real-valued weights (sorted, deduplicated keys).
    pub(crate) fn from_parts(
        trans: Trans,
        feats: Vec<(u64, [f32; NT])>,
        lex: &'static Lexicons,
    ) -> NerModel {
        let max = feats
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let rows = feats
            .into_iter()
            .filter_map(|(k, r)| {
                let mut q = [0i8; NT];
                for (q, w) in q.iter_mut().zip(r) {
                    *q = (w / scale).round().clamp(-127.0, 127.0) as i8;
                }
                q.iter().any(|&x| x != 0).then_some((k, q))
            })
            .collect();
        NerModel::from_rows(trans, scale, rows, lex)
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "s is always masked with mask = cap - 1 and check and slot_rows have cap entries"
    )]
    fn from_rows(
        trans: Trans,
        scale: f32,
        feats: Vec<(u64, [i8; NT])>,
        lex: &'static Lexicons,
    ) -> NerModel {
        let n = feats.len();
        let cap = (n.max(8) * 2).next_power_of_two();
        let mask = cap - 1;
        let mut check = vec![0u32; cap];
        let mut slot_rows = vec![[0i8; NT]; cap];
        let mut keys = Vec::with_capacity(n);
        let mut rows = Vec::with_capacity(n);
        for (k, w) in feats {
            keys.push(k);
            rows.push(w);
            let mut s = (k as usize) & mask;
            while check[s] != 0 {
                s = (s + 1) & mask;
            }
            check[s] = key_check(k);
            slot_rows[s] = w;
        }
        let mut m = NerModel {
            trans,
            scale,
            keys,
            rows,
            check,
            slot_rows,
            mask,
            lexicon_fingerprint: lex.fingerprint,
            lex,
            pad: [[0; NT]; 4],
            id: NEXT_MODEL_ID.fetch_add(1, Ordering::Relaxed),
        };
        m.pad = pad_keys().map(|k| m.row(k));
        m
    }

    /// Weight row of a feature (all zero when the model lacks it).
    #[inline]
    fn row(&self, key: u64) -> [i8; NT] {
        self.find(key)
            .and_then(|s| self.slot_rows.get(s))
            .copied()
            .unwrap_or([0; NT])
    }

    /// The [`WordRows`] of a token, from the cache or looked up (and cached).
    fn word_rows(&self, cache: &mut [WordRows], tk: &TokInfo) -> WordRows {
        let suf = tk.suf[3];
        let h = (tk.lower ^ suf.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = (h >> (64 - WORD_CACHE_BITS)) as usize;
        if let Some(e) = cache.get(slot) {
            if e.used && e.lower == tk.lower && e.suf == suf {
                return *e;
            }
        }
        let k = word_keys(tk);
        let mut own = [0i16; NT];
        for key in k.own {
            for (x, &w) in own.iter_mut().zip(&self.row(key)) {
                *x += i16::from(w);
            }
        }
        let e = WordRows {
            used: true,
            lower: tk.lower,
            suf,
            own,
            wm1: self.row(k.wm1),
            wp1: self.row(k.wp1),
            wm2: self.row(k.wm2),
            wp2: self.row(k.wp2),
        };
        if let Some(c) = cache.get_mut(slot) {
            *c = e;
        }
        e
    }

    /// Slot of a feature in `slot_rows`, or `None` when the model lacks it.
    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        let want = key_check(key);
        let mut s = (key as usize) & self.mask;
        loop {
            let c = *self.check.get(s)?;
            if c == 0 {
                return None;
            }
            if c == want {
                return Some(s);
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Number of features with non-zero weights.
    pub fn num_features(&self) -> usize {
        self.keys.len()
    }

    /// Parse a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<NerModel, ModelError> {
        let mut r = Reader { b, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let fingerprint = r.u64()?;
        let lex = Lexicons::builtin().map_err(ModelError::Knowledge)?;
        if fingerprint != lex.fingerprint {
            return Err(ModelError::Fingerprint {
                model: fingerprint,
                lexicons: lex.fingerprint,
            });
        }
        let nt = r.u32()? as usize;
        if nt != NT {
            return Err(ModelError::TagCount {
                found: nt,
                expected: NT,
            });
        }
        let mut trans = [[0f32; NT]; NT + 1];
        for row in trans.iter_mut() {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        if n > b.len() / 12 {
            return Err(ModelError::TooManyFeatures(n));
        }
        let mut feats = Vec::with_capacity(n);
        let mut last: Option<u64> = None;
        for _ in 0..n {
            let key = r.u64()?;
            if last.is_some_and(|l| l >= key) {
                return Err(ModelError::KeysNotAscending(r.pos));
            }
            last = Some(key);
            let m = r.u32()?;
            if m >> NT != 0 || m == 0 {
                return Err(ModelError::BadTagMask(r.pos));
            }
            let mut w = [0i8; NT];
            for (t, slot) in w.iter_mut().enumerate() {
                if m & (1 << t) != 0 {
                    *slot = r.i8()?;
                }
            }
            feats.push((key, w));
        }
        if r.pos != b.len() {
            return Err(ModelError::TrailingBytes(b.len() - r.pos));
        }
        Ok(NerModel::from_rows(trans, scale, feats, lex))
    }

    /// Serialise; deterministic (features in ascending key order, zero
    /// weights omitted, little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.keys.len() * 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.lexicon_fingerprint.to_le_bytes());
        out.extend_from_slice(&(NT as u32).to_le_bytes());
        for row in &self.trans {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for (k, row) in self.keys.iter().zip(&self.rows) {
            out.extend_from_slice(&k.to_le_bytes());
            let mut m = 0u32;
            for (t, w) in row.iter().enumerate() {
                if *w != 0 {
                    m |= 1 << t;
                }
            }
            out.extend_from_slice(&m.to_le_bytes());
            for w in row.iter().filter(|w| **w != 0) {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Tag one document given as sentences of tokens. Returns one list of
    /// spans (token indices within the sentence) per input sentence.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<NerSpan>> {
        CACHES.with_borrow_mut(|c| {
            if c.model != self.id {
                c.model = self.id;
                c.words.clear();
                c.words.resize(1 << WORD_CACHE_BITS, WordRows::EMPTY);
                c.classes.clear();
                c.classes.resize(1 << CLASS_CACHE_BITS, SumRows::empty());
                c.shapes.clear();
                c.shapes.resize(1 << SHAPE_CACHE_BITS, SumRows::empty());
            }
            self.tag_with(c, sentences)
        })
    }

    /// The summed token-class weights of a token, from the cache or looked up (and cached).
    fn class_rows(
        &self,
        cache: &mut [SumRows<u64>],
        ci: &ClassInputs,
        keys: &mut Vec<u64>,
    ) -> [i16; NT] {
        let sig = ci.sig();
        let slot = (sig.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - CLASS_CACHE_BITS)) as usize;
        self.cached_sum(cache, slot, sig, keys, |k| ci.keys(k))
    }

    /// The summed shape weights of a token, from the cache or looked up (and cached).
    fn shape_rows(
        &self,
        cache: &mut [SumRows<[u64; 4]>],
        si: &ShapeInputs,
        keys: &mut Vec<u64>,
    ) -> [i16; NT] {
        let key = si.key();
        let [a, b, c, d] = key;
        // the shapes are FNV hashes already: one multiply spreads them over the slots (the
        // cache compares the whole key, so the slot choice affects only the hit rate)
        let h = (a ^ b.rotate_left(21) ^ c.rotate_left(42) ^ d).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = (h >> (64 - SHAPE_CACHE_BITS)) as usize;
        self.cached_sum(cache, slot, key, keys, |k| si.keys(k))
    }

    /// The cached sum in `cache[slot]` when it holds `key`; otherwise the rows of the features
    /// `fill` writes into `keys`, summed, and cached there.
    fn cached_sum<K: Copy + PartialEq>(
        &self,
        cache: &mut [SumRows<K>],
        slot: usize,
        key: K,
        keys: &mut Vec<u64>,
        fill: impl FnOnce(&mut Vec<u64>),
    ) -> [i16; NT] {
        if let Some(e) = cache.get(slot) {
            if e.used && e.key == key {
                return e.sum;
            }
        }
        keys.clear();
        fill(keys);
        let mut sum = [0i16; NT];
        for &k in keys.iter() {
            for (x, &w) in sum.iter_mut().zip(&self.row(k)) {
                *x += i16::from(w);
            }
        }
        if let Some(e) = cache.get_mut(slot) {
            *e = SumRows {
                used: true,
                key,
                sum,
            };
        }
        sum
    }

    fn tag_with(&self, caches: &mut Caches, sentences: &[Vec<&str>]) -> Vec<Vec<NerSpan>> {
        let Buffers {
            doc,
            ws,
            words,
            classes,
            shapes,
            keys,
        } = &mut caches.bufs;
        doc.reset(sentences.iter().map(|s| s.as_slice()), self.lex);
        let mut result = Vec::with_capacity(sentences.len());
        for si in 0..doc.len() {
            doc.tagging_features(si, ws);
            words.clear();
            if let Some((toks, _)) = doc.sentence(si) {
                words.extend(toks.iter().map(|tk| self.word_rows(&mut caches.words, tk)));
            }
            classes.clear();
            for ci in &ws.classes {
                classes.push(self.class_rows(&mut caches.classes, ci, keys));
            }
            shapes.clear();
            for sh in &ws.shapes {
                shapes.push(self.shape_rows(&mut caches.shapes, sh, keys));
            }
            ws.em.clear();
            for (i, w) in ws.offs.windows(2).enumerate() {
                let &[a, b] = w else { continue };
                // i16 sums are exact: a token has at most MAX_TOKEN_FEATURES features, each
                // weighing at most 128 units in absolute value (see MAX_TOKEN_FEATURES), so
                // every partial sum stays far inside i16 and equals the i32 sum the training
                // side computes; `f32::from` then gives the same float as `i32 as f32`.
                debug_assert!((b - a) as usize + 9 <= MAX_TOKEN_FEATURES);
                let mut acc = [0i16; NT];
                for &f in ws.feats.get(a as usize..b as usize).unwrap_or(&[]) {
                    if let Some(row) = self.find(f).and_then(|s| self.slot_rows.get(s)) {
                        add_row16(&mut acc, row);
                    }
                }
                // the word features, from the cached rows of this token and its neighbours,
                // and the token-class and shape features
                let own = words.get(i).map(|w| &w.own);
                for sum in [own, classes.get(i), shapes.get(i)].into_iter().flatten() {
                    for (x, &w) in acc.iter_mut().zip(sum) {
                        *x += w;
                    }
                }
                let [pm1, pm2, pp1, pp2] = &self.pad;
                let before = |k: usize| i.checked_sub(k).and_then(|j| words.get(j));
                add_row16(&mut acc, before(1).map_or(pm1, |w| &w.wm1));
                add_row16(&mut acc, before(2).map_or(pm2, |w| &w.wm2));
                add_row16(&mut acc, words.get(i + 1).map_or(pp1, |w| &w.wp1));
                add_row16(&mut acc, words.get(i + 2).map_or(pp2, |w| &w.wp2));
                let mut e = [0f32; NT];
                for (e, &x) in e.iter_mut().zip(&acc) {
                    *e = f32::from(x) * self.scale;
                }
                ws.em.push(e);
            }
            viterbi(&ws.em, &self.trans, &mut ws.bp, &mut ws.tags);
            doc.record(si, &ws.tags, &mut ws.types);
            let mut spans = Vec::new();
            tags_to_spans(&ws.tags, &mut spans);
            result.push(spans);
        }
        result
    }
}

/// Reusable buffers for one document.
#[derive(Default)]
pub(crate) struct Workspace {
    pub feats: Vec<u64>,
    /// Token-class feature inputs of each token (tagging only).
    pub classes: Vec<ClassInputs>,
    /// Shape feature inputs of each token (tagging only).
    pub shapes: Vec<ShapeInputs>,
    pub offs: Vec<u32>,
    pub em: Vec<[f32; NT]>,
    pub bp: Vec<[u8; NT]>,
    pub tags: Vec<u8>,
    pub types: Vec<u8>,
}

/// Token information and document-level evidence for one document. All
/// sentences' tokens live in one vector (`sents` holds each sentence's end
/// in `toks` and its mode), so a reused `DocState` allocates nothing once
/// its buffers have grown.
#[derive(Default)]
pub(crate) struct DocState {
    toks: Vec<TokInfo>,
    sents: Vec<(usize, Mode)>,
    ev: DocEvidence,
    scratch: Scratch,
}

impl DocState {
    pub(crate) fn new<'a, I, S>(sentences: I, lex: &Lexicons) -> DocState
    where
        I: Iterator<Item = &'a [S]>,
        S: AsRef<str> + 'a,
    {
        let mut doc = DocState::default();
        doc.reset(sentences, lex);
        doc
    }

    /// Start a new document, reusing the buffers; the features read the gazetteers `lex`.
    pub(crate) fn reset<'a, I, S>(&mut self, sentences: I, lex: &Lexicons)
    where
        I: Iterator<Item = &'a [S]>,
        S: AsRef<str> + 'a,
    {
        self.ev.clear();
        self.toks.clear();
        self.sents.clear();
        for s in sentences {
            let start = self.toks.len();
            for t in s {
                let tk = self.scratch.tok_info(t.as_ref(), lex);
                self.toks.push(tk);
            }
            let toks = self.toks.get_mut(start..).unwrap_or_default();
            mark_places(toks, lex);
            let mode = sentence_mode(toks);
            self.ev.observe_sentence(toks, mode);
            self.sents.push((self.toks.len(), mode));
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.sents.len()
    }

    /// The tokens and casing mode of sentence `si`.
    pub(crate) fn sentence(&self, si: usize) -> Option<(&[TokInfo], Mode)> {
        sentence_of(&self.toks, &self.sents, si)
    }

    pub(crate) fn features(&self, si: usize, ws: &mut Workspace) {
        match self.sentence(si) {
            Some((toks, mode)) => {
                sentence_features(toks, mode, &self.ev, &mut ws.feats, &mut ws.offs)
            }
            None => {
                ws.feats.clear();
                ws.offs.clear();
                ws.offs.push(0);
            }
        }
    }

    /// The features of [`tagging_features`]: [`DocState::features`] without the
    /// word and token-class features, whose inputs go to `ws.classes`.
    fn tagging_features(&self, si: usize, ws: &mut Workspace) {
        ws.classes.clear();
        ws.shapes.clear();
        match self.sentence(si) {
            Some((toks, mode)) => tagging_features(
                toks,
                mode,
                &self.ev,
                &mut ws.feats,
                &mut ws.offs,
                &mut ws.classes,
                &mut ws.shapes,
            ),
            None => {
                ws.feats.clear();
                ws.offs.clear();
                ws.offs.push(0);
            }
        }
    }

    pub(crate) fn record(&mut self, si: usize, tags: &[u8], types: &mut Vec<u8>) {
        if let Some((toks, _)) = sentence_of(&self.toks, &self.sents, si) {
            types.clear();
            types.extend(tags.iter().map(|&t| tag_type(usize::from(t))));
            self.ev.record(toks, types);
        }
    }
}

/// Sentence `si` of a [`DocState`]: its tokens and casing mode (a free function so that
/// callers can borrow the evidence mutably at the same time).
fn sentence_of<'a>(
    toks: &'a [TokInfo],
    sents: &[(usize, Mode)],
    si: usize,
) -> Option<(&'a [TokInfo], Mode)> {
    let &(end, mode) = sents.get(si)?;
    let start = match si.checked_sub(1) {
        Some(p) => sents.get(p).map_or(0, |&(e, _)| e),
        None => 0,
    };
    Some((toks.get(start..end)?, mode))
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}
impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        match end {
            Some(e) => {
                let s = self.b.get(self.pos..e).unwrap_or_default();
                self.pos = e;
                Ok(s)
            }
            None => Err(ModelError::Truncated(self.pos)),
        }
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let at = self.pos;
        self.take(N)?
            .try_into()
            .map_err(|_| ModelError::Truncated(at))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn i8(&mut self) -> Result<i8, ModelError> {
        Ok(i8::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        let v = f32::from_bits(self.u32()?);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ModelError::NonFiniteWeight(self.pos))
        }
    }
}

#[cfg(test)]
mod tests;
