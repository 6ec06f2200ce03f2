//! Near-duplicate articles (syndicated wire copies): a MinHash signature of each article's
//! cleaned text, and the index that gives `articles.duplicate_of`.
//!
//! **Signature** ([`Signature::of`]). The text's words are the maximal runs of alphanumeric
//! characters, lowercased; its shingles are the runs of [`SHINGLE_WORDS`] consecutive words (a
//! text with fewer words is one shingle; a text without words has no signature). Each shingle is
//! hashed to 64 bits (FNV-1a per word, mixed in order) and put by one-permutation hashing into
//! one of [`BINS`] bins, each keeping the smallest hash it receives; an empty bin takes the value
//! of the first non-empty bin in its own fixed probe order ("optimal densification", Shrivastava
//! 2017). The probability that two texts agree in a bin is their shingle sets' Jaccard
//! similarity. Each bin keeps the low 16 bits of its value (b-bit MinHash): 128 bytes per
//! article, and a chance agreement of 2⁻¹⁶.
//!
//! **Near duplicate.** Two articles are near duplicates when at least [`MIN_AGREE`] of the 64
//! bins agree: an estimated Jaccard similarity of word 5-shingles of at least 0.8 (52/64 =
//! 0.81). A syndicated copy with a new byline or dateline agrees almost everywhere; two
//! different stories on one topic share almost no 5-word run. [`Index`] finds candidates by
//! locality-sensitive hashing: [`BANDS`] bands of 4 bins each, an article being a candidate for
//! another when one band is equal (for a true Jaccard of 0.8 that misses a pair with
//! probability 0.0002), and only the first [`BUCKET_SCAN`] articles of a band's bucket are
//! kept as its candidates, so the work per article is bounded.
//!
//! **`duplicate_of`.** [`Index::add`] takes the articles in output order — increasing
//! `article_id` — and returns, for each, the smallest earlier `article_id` it nearly duplicates
//! among its candidates (or none). The answer depends only on the set of articles with smaller
//! ids: not on the input order, the thread count or the batching.
//!
//! **Memory.** Per indexed article: the signature (128 bytes), the bucket links (16 × 4 bytes),
//! the id's bytes plus 8, and at most 16 bucket-map entries of 8 bytes (in a hash table, so
//! between 1.1 and 2.3 times that) — at most about 500 bytes plus the id, whatever the
//! article's length; nothing else grows with the number of articles.

use rustc_hash::FxHashMap;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// MinHash bins (one-permutation hashing).
pub const BINS: usize = 64;
/// Bands of the locality-sensitive hashing; each band is `BINS / BANDS` bins.
pub const BANDS: usize = 16;
const ROWS: usize = BINS / BANDS;
/// Bins that must agree for a near duplicate: 52 of 64, an estimated Jaccard of at least 0.8.
pub const MIN_AGREE: usize = 52;
/// Articles of one band's bucket that are candidates (the first ones, in id order).
pub const BUCKET_SCAN: usize = 64;

/// The MinHash signature of an article's cleaned text: the low 16 bits of each bin's minimum.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Signature([u16; BINS]);

/// Bytes of a [`Signature`] in [`Signature::to_bytes`].
pub const SIGNATURE_BYTES: usize = 2 * BINS;

/// The MurmurHash3 64-bit finalizer: every input bit affects every output bit.
#[inline]
const fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// For each bin, the order in which an empty bin looks for a value: a fixed pseudo-random
/// permutation of all bins (the same for every article, so two articles borrow alike).
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build, it cannot panic at run time"
)]
static PROBE: [[u8; BINS]; BINS] = {
    let mut t = [[0u8; BINS]; BINS];
    let mut j = 0;
    while j < BINS {
        let mut p = [0u8; BINS];
        let mut i = 0;
        while i < BINS {
            p[i] = i as u8;
            i += 1;
        }
        // Fisher–Yates with a fixed seed per bin
        let mut state = mix(0x9e37_79b9_7f4a_7c15 ^ j as u64);
        let mut k = BINS - 1;
        while k > 0 {
            state = mix(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
            let r = (state % (k as u64 + 1)) as usize;
            let tmp = p[k];
            p[k] = p[r];
            p[r] = tmp;
            k -= 1;
        }
        t[j] = p;
        j += 1;
    }
    t
};

/// Per ASCII byte: its lowercase form when it is a letter or digit, else 0 (a word boundary).
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of bounds fails the build, it cannot panic at run time"
)]
static ASCII_WORD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Hashes of the text's words (maximal alphanumeric runs, lowercased), in order.
fn word_hashes(text: &str, out: &mut Vec<u64>) {
    out.clear();
    let mut h = crate::fnv::OFFSET;
    let mut in_word = false;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let folded = if b < 0x80 {
            ASCII_WORD.get(usize::from(b)).copied().unwrap_or(0)
        } else if b < 0xc0 {
            // a continuation byte: its character was handled at its first byte
            continue;
        } else {
            let c = text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' ');
            if c.is_alphanumeric() {
                let mut buf = [0u8; 4];
                for l in c.to_lowercase() {
                    h = crate::fnv::extend(h, l.encode_utf8(&mut buf).as_bytes());
                }
                in_word = true;
                continue;
            }
            0
        };
        if folded != 0 {
            h = (h ^ u64::from(folded)).wrapping_mul(crate::fnv::PRIME);
            in_word = true;
        } else if in_word {
            out.push(h);
            h = crate::fnv::OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
}

/// Odd multipliers that weigh each word of a shingle by its position.
const POSITION: [u64; SHINGLE_WORDS] = [
    0x9e37_79b9_7f4a_7c15,
    0xc2b2_ae3d_27d4_eb4f,
    0x1656_67b1_9e37_79f9,
    0xd6e8_feb8_6659_fd93,
    0xa076_1d64_78bd_642f,
];

impl Signature {
    /// The signature of a cleaned text; `None` when it has no word.
    pub fn of(text: &str) -> Option<Signature> {
        WORDS.with(|w| {
            let mut words = w.take();
            word_hashes(text, &mut words);
            let sig = Signature::of_words(&words);
            w.replace(words);
            sig
        })
    }

    /// The signature of a text whose word hashes are `words`.
    fn of_words(words: &[u64]) -> Option<Signature> {
        if words.is_empty() {
            return None;
        }
        let mut min = [u32::MAX; BINS];
        let mut filled = 0u64;
        for shingle in words.windows(SHINGLE_WORDS.min(words.len())) {
            let h = mix(shingle
                .iter()
                .zip(POSITION)
                .fold(0u64, |h, (&w, k)| h.wrapping_add(w.wrapping_mul(k))));
            let bin = (h >> 58) as usize;
            let value = h as u32;
            filled |= 1 << bin;
            if let Some(m) = min.get_mut(bin) {
                *m = (*m).min(value);
            }
        }
        let mut sig = [0u16; BINS];
        for (j, (s, probe)) in sig.iter_mut().zip(PROBE.iter()).enumerate() {
            // an empty bin copies the first filled bin of its probe order (one is filled)
            let from = if filled & (1 << j) != 0 {
                j
            } else {
                probe
                    .iter()
                    .map(|&k| usize::from(k))
                    .find(|&k| filled & (1 << k) != 0)
                    .unwrap_or(j)
            };
            *s = min.get(from).map_or(0, |&v| v as u16);
        }
        Some(Signature(sig))
    }

    /// Bins in which `self` and `other` agree (0 to [`BINS`]).
    #[inline]
    pub fn agreement(&self, other: &Signature) -> usize {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| usize::from(a == b))
            .sum()
    }

    /// Are the two texts near duplicates (at least [`MIN_AGREE`] bins agree)?
    pub fn near(&self, other: &Signature) -> bool {
        self.agreement(other) >= MIN_AGREE
    }

    /// The signature as bytes (little-endian bins), for the spill file.
    pub fn to_bytes(&self) -> [u8; SIGNATURE_BYTES] {
        let mut b = [0u8; SIGNATURE_BYTES];
        for (chunk, v) in b.chunks_exact_mut(2).zip(self.0) {
            chunk.copy_from_slice(&v.to_le_bytes());
        }
        b
    }

    /// The signature of [`Signature::to_bytes`].
    pub fn from_bytes(b: &[u8; SIGNATURE_BYTES]) -> Signature {
        let mut s = [0u16; BINS];
        for (v, chunk) in s.iter_mut().zip(b.chunks_exact(2)) {
            *v = u16::from_le_bytes([
                chunk.first().copied().unwrap_or(0),
                chunk.get(1).copied().unwrap_or(0),
            ]);
        }
        Signature(s)
    }

    /// The key of band `band`: its bins, packed and mixed with the band number.
    fn band_key(&self, band: usize) -> u32 {
        let packed = self
            .0
            .iter()
            .skip(band * ROWS)
            .take(ROWS)
            .fold(0u64, |k, &v| (k << 16) | u64::from(v));
        (mix(packed ^ (band as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32
    }
}

thread_local! {
    /// A worker's word-hash buffer, reused across articles.
    static WORDS: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

/// No next article in a bucket.
const NONE: u32 = u32::MAX;

/// The articles seen so far, in id order, with their signatures and band buckets.
#[derive(Debug, Default)]
pub struct Index {
    /// The ids, one after another; article `i` is `ids[starts[i]..starts[i + 1]]`.
    ids: String,
    starts: Vec<usize>,
    sigs: Vec<Signature>,
    /// Per article and band, the next article (in id order) of the same bucket.
    next: Vec<[u32; BANDS]>,
    /// Per band key (band number mixed in), the first article of its bucket.
    heads: FxHashMap<u32, u32>,
}

impl Index {
    /// An empty index.
    pub fn new() -> Index {
        Index::default()
    }

    /// Articles indexed.
    pub fn len(&self) -> usize {
        self.sigs.len()
    }

    /// True when no article was indexed.
    pub fn is_empty(&self) -> bool {
        self.sigs.is_empty()
    }

    /// Heap bytes held, from the capacities (the bucket map's table counted at 9 bytes a slot:
    /// its 8-byte entry and 1 control byte).
    pub fn heap_bytes(&self) -> usize {
        let slots = (self.heads.capacity() * 8 / 7).next_power_of_two();
        self.ids.capacity()
            + self.starts.capacity() * std::mem::size_of::<usize>()
            + self.sigs.capacity() * std::mem::size_of::<Signature>()
            + self.next.capacity() * std::mem::size_of::<[u32; BANDS]>()
            + slots * (std::mem::size_of::<(u32, u32)>() + 1)
    }

    fn id(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).copied().unwrap_or(self.ids.len());
        self.ids.get(start..end)
    }

    /// Adds the next article in id order (its id greater than every earlier one) and returns
    /// the id of the earliest indexed article it nearly duplicates, if any. An article without
    /// signature (no words) is neither indexed nor a duplicate.
    pub fn add(&mut self, id: &str, sig: Option<&Signature>) -> Option<&str> {
        let sig = sig?;
        let me = u32::try_from(self.sigs.len()).ok().filter(|&n| n != NONE)?;
        let mut best: Option<u32> = None;
        for band in 0..BANDS {
            let key = sig.band_key(band);
            let Some(&head) = self.heads.get(&key) else {
                self.heads.insert(key, me);
                continue;
            };
            // walk the bucket's first members in id order: the first that agrees is the
            // earliest of this band; the walk also finds the end to link `me` to
            let (mut at, mut seen, mut found) = (head, 1, false);
            loop {
                if !found && best.is_none_or(|b| at < b) {
                    if let Some(other) = self.sigs.get(at as usize) {
                        if sig.near(other) {
                            best = Some(at);
                            found = true;
                        }
                    }
                }
                let Some(links) = self.next.get_mut(at as usize) else {
                    break;
                };
                let Some(link) = links.get_mut(band) else {
                    break;
                };
                if *link == NONE {
                    if seen < BUCKET_SCAN {
                        *link = me;
                    }
                    break;
                }
                at = *link;
                seen += 1;
            }
        }
        self.starts.push(self.ids.len());
        self.ids.push_str(id);
        self.sigs.push(*sig);
        self.next.push([NONE; BANDS]);
        best.and_then(|b| self.id(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(t: &str) -> Signature {
        Signature::of(t).unwrap()
    }

    /// The exact Jaccard similarity of two texts' shingle sets.
    fn jaccard(a: &str, b: &str) -> f64 {
        let set = |t: &str| {
            let mut w = Vec::new();
            word_hashes(t, &mut w);
            w.windows(SHINGLE_WORDS.min(w.len()))
                .map(|s| s.to_vec())
                .collect::<std::collections::BTreeSet<_>>()
        };
        let (a, b) = (set(a), set(b));
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    /// A text of `n` invented words, different for each `seed`.
    fn words(seed: u64, n: usize) -> String {
        (0..n)
            .map(|i| format!("w{:x}", mix(seed * 1_000_003 + i as u64) % 5000))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn words_are_lowercased_alphanumeric_runs() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        word_hashes("The MAYOR said: “Ünïque — 42”", &mut a);
        word_hashes("the mayor said ünïque 42", &mut b);
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        assert_eq!(Signature::of("  — … "), None);
        assert!(Signature::of("Three short words").is_some());
    }

    #[test]
    fn word_hashes_equal_the_plain_definition() {
        // the byte-level loop against: split on non-alphanumeric chars, lowercase, FNV-1a
        let plain = |t: &str| -> Vec<u64> {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| crate::fnv::hash(w.to_lowercase().as_bytes()))
                .collect()
        };
        for t in [
            "",
            "one",
            "  Two words. ",
            "ÉCOLE Straße İstanbul ΣΟΦΊΑ 東京 2024-05-06 x_y a’b",
            "tab\tnew\nline\u{a0}nbsp — dash…dots 3.5%",
            "ends in é",
            "ünïque",
        ] {
            let mut got = Vec::new();
            word_hashes(t, &mut got);
            assert_eq!(got, plain(t), "{t:?}");
        }
    }

    #[test]
    fn signature_round_trips_and_is_deterministic() {
        let s = sig(&words(1, 300));
        assert_eq!(Signature::from_bytes(&s.to_bytes()), s);
        assert_eq!(sig(&words(1, 300)), s);
        assert_eq!(s.agreement(&s), BINS);
        // the probe tables are permutations
        for p in PROBE.iter() {
            let mut seen = [false; BINS];
            for &k in p {
                seen[usize::from(k)] = true;
            }
            assert!(seen.iter().all(|&x| x));
        }
    }

    #[test]
    fn agreement_tracks_jaccard() {
        // texts sharing a growing prefix of one word stream: the estimate follows the truth
        let base = words(7, 600);
        let base_words: Vec<&str> = base.split(' ').collect();
        let mut errors = Vec::new();
        for keep in [0, 150, 300, 450, 540, 600] {
            let other = format!("{} {}", base_words[..keep].join(" "), words(8, 600 - keep));
            let j = jaccard(&base, &other);
            let est = sig(&base).agreement(&sig(&other)) as f64 / BINS as f64;
            errors.push((j - est).abs());
        }
        // 64 bins: a standard error of at most 0.0625; allow three
        assert!(errors.iter().all(|&e| e < 0.19), "{errors:?}");
    }

    #[test]
    fn index_marks_the_earliest_near_duplicate() {
        let story = words(3, 250);
        let edited = format!("Updated byline here {story}");
        let other = words(4, 250);
        let mut ix = Index::new();
        assert_eq!(ix.add("a1", Some(&sig(&story))), None);
        assert_eq!(ix.add("a2", Some(&sig(&other))), None);
        assert_eq!(ix.add("a3", Some(&sig(&edited))), Some("a1"));
        assert_eq!(ix.add("a4", Some(&sig(&story))), Some("a1"));
        assert_eq!(ix.add("a5", None), None);
        assert_eq!(ix.add("a6", Some(&sig(&other))), Some("a2"));
        assert_eq!(ix.len(), 5);
    }

    #[test]
    fn memory_per_article_is_fixed() {
        // 100,000 different texts (no shared bucket: the worst case for the bucket map), ids of
        // 13 bytes
        let mut ix = Index::new();
        let mut sig = [0u16; BINS];
        for i in 0..100_000u64 {
            for (j, v) in sig.iter_mut().enumerate() {
                *v = mix(i * BINS as u64 + j as u64) as u16;
            }
            assert_eq!(ix.add(&format!("doc-{i:09}"), Some(&Signature(sig))), None);
        }
        let per_article = ix.heap_bytes() as f64 / ix.len() as f64;
        // 128 + 64 + 8 + 13, plus 16 map entries of 9 bytes at a load between 7/16 and 7/8
        assert!(
            (213.0 + 16.0 * 9.0..213.0 + 16.0 * 9.0 * 16.0 / 7.0 * 1.5).contains(&per_article),
            "{per_article} bytes per article"
        );
        eprintln!("dedup index: {per_article:.0} bytes per article");
    }

    #[test]
    fn large_clusters_stay_bounded_and_point_at_the_first() {
        let story = words(5, 120);
        let mut ix = Index::new();
        assert_eq!(ix.add("c0000", Some(&sig(&story))), None);
        for i in 1..500 {
            let id = format!("c{i:04}");
            assert_eq!(ix.add(&id, Some(&sig(&story))), Some("c0000"));
        }
        // a bucket links at most BUCKET_SCAN articles
        for band in 0..BANDS {
            let mut n = 0;
            let mut at = ix.heads[&sig(&story).band_key(band)];
            loop {
                n += 1;
                let next = ix.next[at as usize][band];
                if next == NONE {
                    break;
                }
                at = next;
            }
            assert_eq!(n, BUCKET_SCAN);
        }
    }
}
