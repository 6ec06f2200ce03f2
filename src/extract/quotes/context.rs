//! The quotes stage's view of the document ([`Ctx`]): tokens, mentions and sentences looked up
//! by byte offset, the quoted spans and earlier speakers seen so far, and the searches for a
//! recent person or a sentence subject that speaker resolution starts from.

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::FxHashMap as HashMap;

use super::marks::is_mark_str;
use crate::document::{Document, EntityIdx, EntityKind, MentionForm, TokenKind};
use crate::extract::entities::Gender;
use crate::knowledge::entities::{EntityLexicons, NameEvidence};
use crate::knowledge::quotes::QuoteKnowledge;
use crate::text::english::{
    in_list, lower, ADJUNCT, BE, BOUNDARY, DETS, OBJECT_PREPOSITIONS, OTHER_PRONOUNS,
    PERSON_PRONOUNS,
};
use crate::text::{index, SentenceIdx, Span};

/// The quotes stage's view of one document: token and mention look-ups by byte offset, and
/// what the stage has learned so far (quoted spans, earlier speakers), built once per article.
pub(super) struct Ctx<'d> {
    pub(super) doc: &'d Document,
    /// The stage's knowledge.
    pub(super) k: &'d QuoteKnowledge,
    /// The entity lexicons (pronouns and their sex).
    pub(super) lx: &'d EntityLexicons,
    /// Quoted spans seen so far (sorted): mentions inside them are not antecedents.
    pub(super) quoted: Vec<Span>,
    /// Earlier attributions to person entities: (speaker position, entity).
    pub(super) spoken: Vec<(usize, EntityIdx)>,
    /// Earlier speakers written as a bare name that no person entity holds ("Lonechild said"):
    /// (speaker position, name span). Candidates for a later "he"/"she".
    pub(super) spoken_names: Vec<(usize, Span)>,
    /// Earlier attributions to any entity (person or organization): (speaker position, entity).
    pub(super) spoken_ent: Vec<(usize, EntityIdx)>,
    /// Earlier unnamed sources as written ("a justice official"): (position, phrase).
    pub(super) unnamed: Vec<(usize, Span)>,
    /// Person entities by the lower-cased last word of their name.
    pub(super) by_last: HashMap<String, Vec<EntityIdx>>,
}

impl<'d> Ctx<'d> {
    /// The view of `doc` before its first paragraph: person entities
    /// of two or more words indexed by their last word.
    pub(super) fn new(doc: &'d Document, k: &'d QuoteKnowledge, lx: &'d EntityLexicons) -> Ctx<'d> {
        let mut ctx = Ctx {
            doc,
            k,
            lx,
            quoted: Vec::new(),
            spoken: Vec::new(),
            spoken_names: Vec::new(),
            spoken_ent: Vec::new(),
            unnamed: Vec::new(),
            by_last: HashMap::default(),
        };
        for (e, ent) in doc.entities.iter().enumerate() {
            if ent.kind == EntityKind::Person && ent.name.split_whitespace().count() >= 2 {
                if let Some(l) = ent.name.split_whitespace().last() {
                    ctx.by_last
                        .entry(l.to_lowercase())
                        .or_default()
                        .push(EntityIdx(e));
                }
            }
        }
        ctx
    }

    /// The text of token `i` ("" past the end).
    pub(super) fn tok(&self, i: usize) -> &'d str {
        self.doc
            .tokens
            .get(i)
            .map_or("", |t| t.span.get(&self.doc.text))
    }
    /// Whether token `i` is a word or number, not punctuation.
    pub(super) fn is_word(&self, i: usize) -> bool {
        self.doc
            .tokens
            .get(i)
            .is_some_and(|t| t.kind != TokenKind::Punct)
    }
    /// Whether token `i` is a word starting with an upper-case letter.
    pub(super) fn capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }
    /// The byte span of tokens `a..b` (empty when `a >= b`).
    pub(super) fn span(&self, a: usize, b: usize) -> Span {
        let toks = &self.doc.tokens;
        match (toks.get(a), b.checked_sub(1).and_then(|l| toks.get(l))) {
            (Some(x), Some(y)) if a < b => Span::new(x.span.start, y.span.end),
            _ => Span::default(),
        }
    }
    /// Whether `sp` starts inside a quoted span seen so far.
    pub(super) fn in_quoted(&self, sp: Span) -> bool {
        let i = self.quoted.partition_point(|q| q.end <= sp.start);
        self.quoted.get(i).is_some_and(|q| q.start <= sp.start)
    }
    /// Whether `sp` is followed by a possessive ending ("Lee’s").
    pub(super) fn possessive(&self, sp: Span) -> bool {
        let rest = self.doc.text.get(sp.end..).unwrap_or("");
        rest.starts_with("’s") || rest.starts_with("'s") || rest.starts_with("’ ")
    }
    /// Mentions overlapping `sp`, in text order.
    pub(super) fn mentions_in(&self, sp: Span) -> Vec<usize> {
        let m = &self.doc.mentions;
        let hi = self.doc.mentions_before(sp.end);
        let mut out = Vec::new();
        let mut k = hi;
        while k > 0 && out.len() < 16 {
            k -= 1;
            let Some(x) = m.get(k).map(|x| (k, x)) else {
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
    pub(super) fn subject_like(&self, pos: usize) -> bool {
        let toks = &self.doc.tokens;
        let ti = index::token_starting_from(toks, pos).get();
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
    pub(super) fn person_ending_with(&self, name: &str) -> Option<EntityIdx> {
        let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
        let cands = self.by_last.get(words.last()?)?;
        let mut found = None;
        for &e in cands {
            let ent = self.doc.entity(e)?;
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
    pub(super) fn same_sentence(&self, a: usize, b: usize) -> bool {
        let sents = &self.doc.sentences;
        let at = |p: usize| sents.partition_point(|s| s.span.end <= p);
        at(a) == at(b)
    }
    /// The latest sentence, between `from` (an earlier bare-name speaker) and `at`, that opens
    /// with the first word of one of the last few bare-name speakers: (position, name span).
    pub(super) fn bare_subject_after(
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
        let hi = index::token_starting_from(toks, at).get();
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
    pub(super) fn introduced_name(&self, at: usize, pmin: usize) -> Option<Span> {
        let toks = &self.doc.tokens;
        let hi = index::token_starting_from(toks, at).get();
        let cur = toks.get(hi.checked_sub(1)?)?.sentence;
        let lo = self
            .doc
            .sentence_at(pmin)
            .unwrap_or(0)
            .max(cur.saturating_sub(12));
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
                && !in_list(w, self.k.time_words())
                && self.k.source(low).is_none();
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
    pub(super) fn modifier(&self, sp: Span) -> bool {
        let toks = &self.doc.tokens;
        let i = index::token_starting_from(toks, sp.start).get();
        let j = index::token_starting_from(toks, sp.end).get();
        i > 0
            && in_list(self.tok(i - 1), &["the", "a", "an"])
            && self.is_word(j)
            && self.tok(j).chars().next().is_some_and(char::is_lowercase)
    }
    /// A name governed by a preposition ("Unlike Ann Lee, he …", "a meeting with Ann Lee"): not
    /// the subject a later pronoun or role noun continues. ("by" is left out: the agent of a
    /// passive is the actor.)
    pub(super) fn prepositional_object(&self, sp: Span) -> bool {
        let toks = &self.doc.tokens;
        let i = index::token_starting_from(toks, sp.start).get();
        i > 0 && in_list(self.tok(i - 1), OBJECT_PREPOSITIONS)
    }
    /// Sex of entity `e` from its canonical name, by the one rule of the entity lexicons
    /// (`EntityLexicons::gender_of_name`).
    pub(super) fn gender(&self, e: EntityIdx) -> Option<Gender> {
        self.lx
            .gender_of_name(&self.doc.entity(e)?.name, NameEvidence::Common)
    }
    /// The kind of entity `e`, if it has one.
    pub(super) fn entity_kind(&self, e: EntityIdx) -> Option<EntityKind> {
        self.doc.entity(e).map(|x| x.kind)
    }
    /// The first person named (outside quotes, not as a possessor) in the nearest sentence
    /// before `at`, within paragraphs `min_para..`.
    pub(super) fn recent_person(
        &self,
        at: usize,
        min_start: usize,
        kind: EntityKind,
    ) -> Option<EntityIdx> {
        self.recent(at, min_start, kind, &|_| true).map(|(_, e)| e)
    }
    /// Like `recent_person`, with the mention's position; pronoun mentions, names used as a
    /// modifier ("the X pipeline") and entities `accept` rejects are skipped.
    pub(super) fn recent(
        &self,
        at: usize,
        min_start: usize,
        kind: EntityKind,
        accept: &dyn Fn(EntityIdx) -> bool,
    ) -> Option<(usize, EntityIdx)> {
        let m = &self.doc.mentions;
        let hi = self.doc.mentions_before(at);
        let mut best: Option<(SentenceIdx, EntityIdx, usize)> = None; // (sentence, entity, position)
        let mut cue_subj: Option<(usize, EntityIdx)> = None;
        for k in (0..hi).rev().take(200) {
            let Some(x) = m.get(k) else {
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
    pub(super) fn sentence_pos(&self, s: SentenceIdx) -> usize {
        self.doc.sentences.get(s.get()).map_or(0, |x| x.span.start)
    }
    /// A name right before a reporting verb ("Foster writes", "Lee also said").
    pub(super) fn before_cue(&self, sp: Span) -> bool {
        let toks = &self.doc.tokens;
        let j = index::token_starting_from(toks, sp.end).get();
        let i = index::token_starting_from(toks, sp.start).get();
        // an object of a preposition or an article ("tours to X, said") is not the subject
        if i > 0 && (in_list(self.tok(i - 1), ADJUNCT) || in_list(self.tok(i - 1), DETS)) {
            return false;
        }
        (j..j + 2).any(|i| {
            let mut buf = [0u8; 32];
            lower(self.tok(i), &mut buf).is_some_and(|w| self.k.verb(w).is_some())
        }) && !in_list(self.tok(j), BE)
    }
}
