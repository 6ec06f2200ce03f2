//! Training: a structured averaged perceptron over CoNLL-2003 data.
//!
//! Deterministic: documents are visited in an order drawn from a SplitMix64
//! generator seeded with `seed`, weights live in maps keyed by feature hash
//! and are written out sorted, so the same input gives the same bytes.

use super::features::{IdMap, Lexicons};
use super::TrainError;
use super::{tag, viterbi, DocState, NerModel, Trans, Workspace, K_B, K_I, K_L, K_U, NT, TAG_O};
use std::path::Path;

/// Averaged weights smaller than this (in absolute value) are dropped.
const PRUNE: f64 = 0.6;

struct Sentence {
    tokens: Vec<String>,
    gold: Vec<u8>,
}

fn label_index(s: &str) -> Option<usize> {
    match s {
        "PER" => Some(0),
        "ORG" => Some(1),
        "LOC" => Some(2),
        "MISC" => Some(3),
        _ => None,
    }
}

/// IOB1/IOB2 tags → BILOU tag indices.
#[expect(
    clippy::indexing_slicing,
    reason = "parsed and out have n entries and i < n by the loop bound; i - 1 is read only when i > 0"
)]
fn to_bilou(iob: &[String]) -> Vec<u8> {
    let n = iob.len();
    let parse = |s: &str| -> Option<(char, usize)> {
        let (p, l) = s.split_once('-')?;
        Some((p.chars().next()?, label_index(l)?))
    };
    let parsed: Vec<Option<(char, usize)>> = iob.iter().map(|s| parse(s)).collect();
    let mut out = vec![TAG_O as u8; n];
    for i in 0..n {
        let Some((p, l)) = parsed[i] else { continue };
        let begins = p == 'B' || i == 0 || parsed[i - 1].map(|(_, pl)| pl) != Some(l);
        let continues = matches!(parsed.get(i + 1), Some(Some(('I', nl))) if *nl == l);
        let k = match (begins, continues) {
            (true, true) => K_B,
            (true, false) => K_U,
            (false, true) => K_I,
            (false, false) => K_L,
        };
        out[i] = tag(l, k) as u8;
    }
    out
}

fn read_conll(path: &Path) -> Result<Vec<Vec<Sentence>>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|source| TrainError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut docs: Vec<Vec<Sentence>> = Vec::new();
    let mut doc: Vec<Sentence> = Vec::new();
    let mut toks: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |toks: &mut Vec<String>, tags: &mut Vec<String>, doc: &mut Vec<Sentence>| {
        if !toks.is_empty() {
            let gold = to_bilou(tags);
            doc.push(Sentence {
                tokens: std::mem::take(toks),
                gold,
            });
            tags.clear();
        }
    };
    for (ln, line) in text.lines().enumerate() {
        if line.starts_with("-DOCSTART-") {
            flush(&mut toks, &mut tags, &mut doc);
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut toks, &mut tags, &mut doc);
            continue;
        }
        let tok = line.split(' ').next().unwrap_or("");
        let nertag = match line.rsplit_once(' ') {
            Some((_, t)) => t,
            None => {
                return Err(TrainError::NoTagColumn {
                    path: path.to_path_buf(),
                    line: ln + 1,
                })
            }
        };
        toks.push(tok.to_string());
        tags.push(nertag.to_string());
    }
    flush(&mut toks, &mut tags, &mut doc);
    if !doc.is_empty() {
        docs.push(doc);
    }
    if docs.is_empty() {
        return Err(TrainError::NoSentences {
            path: path.to_path_buf(),
        });
    }
    Ok(docs)
}

struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Perceptron weights with the averaging trick: average = w - u / c.
struct Weights {
    index: IdMap<u32>,
    w: Vec<[f64; NT]>,
    u: Vec<[f64; NT]>,
    tw: [[f64; NT]; NT + 1],
    tu: [[f64; NT]; NT + 1],
    c: f64,
}

impl Weights {
    #[expect(
        clippy::indexing_slicing,
        reason = "offs comes from sentence_features: ascending, ending at feats.len(), and i + 1 < \
                  offs.len() by the loop bound; r is an index handed out by bump, so r < w.len()"
    )]
    fn emissions(&self, feats: &[u64], offs: &[u32], em: &mut Vec<[f32; NT]>) {
        em.clear();
        for i in 0..offs.len().saturating_sub(1) {
            let mut acc = [0f64; NT];
            for f in &feats[offs[i] as usize..offs[i + 1] as usize] {
                if let Some(&r) = self.index.get(f) {
                    let row = &self.w[r as usize];
                    for t in 0..NT {
                        acc[t] += row[t];
                    }
                }
            }
            let mut e = [0f32; NT];
            for t in 0..NT {
                e[t] = acc[t] as f32;
            }
            em.push(e);
        }
    }

    fn trans(&self) -> Trans {
        let mut t = [[0f32; NT]; NT + 1];
        for (row, w) in t.iter_mut().zip(&self.tw) {
            for (x, w) in row.iter_mut().zip(w) {
                *x = *w as f32;
            }
        }
        t
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "r < w.len() = u.len(): it was handed out as the then length and the row pushed; \
                  t < NT is a tag"
    )]
    fn bump(&mut self, f: u64, t: usize, d: f64) {
        let next = self.w.len() as u32;
        let r = *self.index.entry(f).or_insert(next) as usize;
        if r == self.w.len() {
            self.w.push([0.0; NT]);
            self.u.push([0.0; NT]);
        }
        self.w[r][t] += d;
        self.u[r][t] += self.c * d;
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "p <= NT (a tag, or NT for the sentence start) and t < NT; tw and tu are [[_; NT]; NT + 1]"
    )]
    fn bump_trans(&mut self, p: usize, t: usize, d: f64) {
        self.tw[p][t] += d;
        self.tu[p][t] += self.c * d;
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "i < n = min(gold.len(), pred.len()) by the loop bound and i - 1 is read only when \
                  i > 0; offs comes from sentence_features (one entry per token plus one, ascending, \
                  ending at feats.len()) and gold and pred have one tag per token"
    )]
    fn update(&mut self, feats: &[u64], offs: &[u32], gold: &[u8], pred: &[u8]) {
        let n = gold.len().min(pred.len());
        for i in 0..n {
            let (g, p) = (usize::from(gold[i]), usize::from(pred[i]));
            let (gp, pp) = if i == 0 {
                (NT, NT)
            } else {
                (usize::from(gold[i - 1]), usize::from(pred[i - 1]))
            };
            if g != p || gp != pp {
                self.bump_trans(gp, g, 1.0);
                self.bump_trans(pp, p, -1.0);
            }
            if g != p {
                for &f in &feats[offs[i] as usize..offs[i + 1] as usize] {
                    self.bump(f, g, 1.0);
                    self.bump(f, p, -1.0);
                }
            }
        }
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "t ranges over 0..NT and indexes [_; NT] rows; r is an index handed out by bump, \
                  so r < w.len() = u.len()"
    )]
    fn averaged(&self, lex: &'static Lexicons) -> NerModel {
        let c = self.c;
        let mut trans = [[0f32; NT]; NT + 1];
        for ((row, w), u) in trans.iter_mut().zip(&self.tw).zip(&self.tu) {
            for t in 0..NT {
                row[t] = (w[t] - u[t] / c) as f32;
            }
        }
        let mut feats: Vec<(u64, [f32; NT])> = Vec::with_capacity(self.index.len());
        for (&k, &r) in &self.index {
            let (w, u) = (&self.w[r as usize], &self.u[r as usize]);
            let mut row = [0f32; NT];
            let mut any = false;
            for t in 0..NT {
                let a = w[t] - u[t] / c;
                if a.abs() >= PRUNE {
                    row[t] = a as f32;
                    any = true;
                }
            }
            if any {
                feats.push((k, row));
            }
        }
        feats.sort_unstable_by_key(|&(k, _)| k);
        NerModel::from_parts(trans, feats, lex)
    }
}

/// Train a tagger on a CoNLL-2003 file (`token POS chunk NER` per line,
/// `-DOCSTART-` between documents). Deterministic for a given file,
/// `epochs` and `seed`.
pub fn train(conll_train: &Path, epochs: usize, seed: u64) -> Result<NerModel, TrainError> {
    let lex = Lexicons::builtin().map_err(TrainError::Knowledge)?;
    let docs = read_conll(conll_train)?;
    let mut wts = Weights {
        index: IdMap::default(),
        w: Vec::new(),
        u: Vec::new(),
        tw: [[0.0; NT]; NT + 1],
        tu: [[0.0; NT]; NT + 1],
        c: 1.0,
    };
    let mut rng = SplitMix(seed);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut ws = Workspace::default();
    for _epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for doc in order.iter().filter_map(|&d| docs.get(d)) {
            let mut state = DocState::new(doc.iter().map(|s| s.tokens.as_slice()), lex);
            for (si, sent) in doc.iter().enumerate().take(state.len()) {
                state.features(si, &mut ws);
                wts.emissions(&ws.feats, &ws.offs, &mut ws.em);
                let trans = wts.trans();
                viterbi(&ws.em, &trans, &mut ws.bp, &mut ws.tags);
                if ws.tags != sent.gold {
                    wts.update(&ws.feats, &ws.offs, &sent.gold, &ws.tags);
                }
                wts.c += 1.0;
                state.record(si, &ws.tags, &mut ws.types);
            }
        }
    }
    Ok(wts.averaged(lex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob2_to_bilou() {
        let iob: Vec<String> = [
            "B-PER", "I-PER", "O", "B-LOC", "I-ORG", "B-ORG", "I-ORG", "I-ORG",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let b = to_bilou(&iob);
        let expect = [
            tag(0, K_B),
            tag(0, K_L),
            TAG_O,
            tag(2, K_U),
            tag(1, K_U),
            tag(1, K_B),
            tag(1, K_I),
            tag(1, K_L),
        ];
        assert_eq!(b, expect.iter().map(|&t| t as u8).collect::<Vec<_>>());
    }
}
