//! The per-sentence view of the event stage: lowercase words, cue bits, clause ids, mentions by
//! token and the tense cue of every token, built once per sentence.

use crate::document::{Document, EntityIdx, EntityKind, MentionForm, Token};
use crate::extract::time::Tense;
use crate::knowledge::events::EventLexicon;
use crate::knowledge::time::TimeWords;
use crate::text::index;
use crate::text::TokenIdx;

use super::lexicon::{CLAUSE, FUTURE, PAST, PRESENT};

/// Tokens searched around a trigger or time expression (keeps run time linear in long sentences).
pub(super) const WINDOW: usize = 40;

fn is_punct_boundary(w: &str) -> bool {
    matches!(w, ";" | ":" | "—" | "–" | "(" | ")" | "--")
}

/// Per-sentence view: tokens, lowercase words, clause ids, mentions by token.
pub(super) struct Sent<'a> {
    pub(super) doc: &'a Document,
    pub(super) lx: &'a EventLexicon,
    pub(super) tw: &'a TimeWords,
    /// Global index of the first token.
    pub(super) base: usize,
    pub(super) toks: &'a [Token],
    pub(super) clause: Vec<usize>,
    /// (first token, last token exclusive, mention index), local token indices, by position.
    pub(super) mentions: Vec<(usize, usize, usize)>,
    /// Tense cue of every token, computed once.
    pub(super) tenses: Vec<Option<Tense>>,
    /// Cue bits of every token, computed once.
    pub(super) cue_bits: Vec<u16>,
}

/// The per-sentence vectors, kept from sentence to sentence so that their capacity is reused.
#[derive(Default)]
pub(super) struct Buffers {
    cue_bits: Vec<u16>,
    clause: Vec<usize>,
    tenses: Vec<Option<Tense>>,
}

/// Modal verbs whose "be" looks ahead: "should be completed in October" is not past.
const MODALS: &[&str] = &[
    "should", "could", "may", "might", "must", "can", "will", "shall",
];

impl Buffers {
    /// Takes back the vectors of a sentence view.
    pub(super) fn reclaim(&mut self, s: Sent) {
        (self.cue_bits, self.clause, self.tenses) = (s.cue_bits, s.clause, s.tenses);
    }
}

impl<'a> Sent<'a> {
    /// The view of sentence `si` (`None` when it has no tokens): `mentions` are the indices of
    /// its mentions. Its lowercase words are the document index's folded forms.
    pub(super) fn build(
        doc: &'a Document,
        (lx, tw): (&'a EventLexicon, &'a TimeWords),
        si: usize,
        mentions: std::ops::Range<usize>,
        bufs: &mut Buffers,
    ) -> Option<Sent<'a>> {
        let sentence = doc.sentences.get(si)?;
        let toks = doc.sentence_tokens(si);
        if toks.is_empty() {
            return None;
        }
        let base = sentence.tokens.start;
        let words = (base..base + toks.len()).map(|i| doc.index.folded(TokenIdx(i)));
        let tok_at = |byte: usize| index::token_from(toks, byte).get();
        let mut ments: Vec<(usize, usize, usize)> = mentions
            .filter_map(|m| {
                let sp = doc.mentions.get(m)?.span;
                let a = tok_at(sp.start);
                let b = tok_at(sp.end.saturating_sub(1)) + 1;
                (a < toks.len()).then_some((a, b.min(toks.len()), m))
            })
            .collect();
        ments.sort_unstable();
        // cue bits of every word, looked up once
        let mut cue_bits: Vec<u16> = std::mem::take(&mut bufs.cue_bits);
        cue_bits.clear();
        cue_bits.extend(words.clone().map(|w| lx.cues.get(w).copied().unwrap_or(0)));
        let clause = clause_ids(words, &cue_bits, std::mem::take(&mut bufs.clause));
        let mut s = Sent {
            doc,
            lx,
            tw,
            base,
            toks,
            clause,
            mentions: ments,
            tenses: Vec::new(),
            cue_bits,
        };
        let mut tenses = std::mem::take(&mut bufs.tenses);
        tenses.clear();
        tenses.extend((0..toks.len()).map(|i| s.token_tense(i)));
        s.tenses = tenses;
        Some(s)
    }
}

/// The clause id of every word, in `clause` (cleared first): a boundary punctuation mark is a
/// clause of its own, a clause cue word starts a new one.
fn clause_ids<'w>(
    words: impl Iterator<Item = &'w str>,
    cue_bits: &[u16],
    mut clause: Vec<usize>,
) -> Vec<usize> {
    clause.clear();
    let mut c = 0;
    for (i, (w, &bits)) in words.zip(cue_bits).enumerate() {
        if is_punct_boundary(w) {
            c += 1;
            clause.push(c);
            c += 1;
            continue;
        }
        if i > 0 && bits & CLAUSE != 0 {
            c += 1;
        }
        clause.push(c);
    }
    clause
}

impl Sent<'_> {
    /// The local index of the token containing (or first after) byte offset `byte`.
    pub(super) fn tok_at(&self, byte: usize) -> usize {
        index::token_from(self.toks, byte).get()
    }
    /// Cue bits of word `w` (lowercase).
    pub(super) fn cue(&self, w: &str) -> u16 {
        self.lx.cues.get(w).copied().unwrap_or(0)
    }
    /// The folded lower-case form of local token `i` ("" past the sentence's end).
    #[inline]
    pub(super) fn w(&self, i: usize) -> &str {
        if i < self.toks.len() {
            self.doc.index.folded(TokenIdx(self.base + i))
        } else {
            ""
        }
    }
    /// Cue bits of local token `i`.
    pub(super) fn c(&self, i: usize) -> u16 {
        self.cue_bits.get(i).copied().unwrap_or(0)
    }
    pub(super) fn clause_range(&self, c: usize) -> (usize, usize) {
        let s = self.clause.partition_point(|&x| x < c);
        let e = self.clause.partition_point(|&x| x <= c);
        (s, e)
    }
    /// Mentions whose first token lies in `from..to` (the list is sorted by first token).
    pub(super) fn mentions_in(&self, from: usize, to: usize) -> &[(usize, usize, usize)] {
        let a = self.mentions.partition_point(|m| m.0 < from);
        let b = self.mentions.partition_point(|m| m.0 < to).max(a);
        self.mentions.get(a..b).unwrap_or(&[])
    }
    pub(super) fn in_mention(&self, i: usize) -> bool {
        self.mentions_in(i.saturating_sub(WINDOW), i + 1)
            .iter()
            .any(|&(s, e, _)| s <= i && i < e)
    }
    pub(super) fn entity_of(&self, m: usize) -> Option<(EntityIdx, EntityKind)> {
        let men = self.doc.mentions.get(m)?;
        if men.form == MentionForm::Demonym {
            return None;
        }
        let e = men.entity?;
        let kind = self.doc.entity(e)?.kind;
        Some((e, kind))
    }
    pub(super) fn possessive(&self, end: usize) -> bool {
        matches!(self.w(end), "'s" | "'")
    }
    /// Tense of local token `i` as a cue, if it is one.
    pub(super) fn token_tense(&self, i: usize) -> Option<Tense> {
        let w = self.w(i);
        let c = self.c(i);
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        // cue bits of `prev`, as `cue(prev)` gives them
        let prev_c = match i.checked_sub(1) {
            Some(j) => self.c(j),
            None => self.cue(""),
        };
        let prev2 = if i > 1 { self.w(i - 2) } else { "" };
        if c & FUTURE != 0
            || (w == "be" && (prev == "to" || prev_c & FUTURE != 0))
            || (prev == "be" && (prev2 == "to" || MODALS.contains(&prev2)))
            || (w == "be" && MODALS.contains(&prev))
            || (prev_c & FUTURE != 0 && matches!(prev, "will" | "'ll" | "shall"))
        {
            return Some(Tense::Future);
        }
        // the capital test only matters for an "-ed" shape: it is looked at only then
        let capital = || {
            self.toks
                .get(i)
                .is_some_and(|t| self.doc.slice(t.span).starts_with(char::is_uppercase))
        };
        let ed = w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed") && !capital();
        if c & PAST != 0 || ed {
            if matches!(prev, "is" | "are" | "being" | "am") {
                return Some(Tense::Present);
            }
            return Some(Tense::Past);
        }
        if c & PRESENT != 0 {
            return Some(Tense::Present);
        }
        None
    }
    /// Tense of a trigger at local token `i`: its own form, else the nearest verb's.
    pub(super) fn event_tense(&self, i: usize, c: usize) -> Tense {
        self.tenses
            .get(i)
            .copied()
            .flatten()
            .unwrap_or_else(|| self.tense_near(i, i + 1, c))
    }
    /// Tense of the verb nearest to local tokens `a..b` within clause `c`.
    pub(super) fn tense_near(&self, a: usize, b: usize, c: usize) -> Tense {
        let (cs, ce) = self.clause_range(c);
        let mut best: Option<(usize, Tense)> = None;
        for i in cs.max(a.saturating_sub(WINDOW / 2))..ce.min(b + WINDOW / 2) {
            if i >= a && i < b {
                continue;
            }
            if let Some(t) = self.tenses.get(i).copied().flatten() {
                let d = if i < a { a - i } else { i + 1 - b };
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, t));
                }
            }
        }
        best.map_or(Tense::Unknown, |(_, t)| t)
    }
}
