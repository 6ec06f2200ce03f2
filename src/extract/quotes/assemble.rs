//! Quote rows: the paragraph loop of the stage. Each paragraph's marks are paired
//! ([`super::marks`]), its sentences merged into units, each unit's cues found
//! ([`super::cues`]) and resolved ([`super::speaker`]); a quotation next to a cue is direct, the
//! clause a cue reports is indirect or partial ([`super::reported`]), a standalone quotation
//! takes the speaker of its neighbours. A paragraph printed twice is skipped.

// Fx hashing: this set is looked up, never iterated into the output.
use rustc_hash::FxHashSet as HashSet;

use super::context::Ctx;
use super::cues::{find_cues, Cue};
use super::marks::{continues_in_lower_case, is_single, pair_marks, starts_with_open_mark, Seg};
use super::reported::{content, trim_range, words_in};
use super::speaker::{authorless_document, bare_name, resolve, Attrib, Source};
use crate::document::{Document, EntityKind, Quote, QuoteKind};
use crate::knowledge::entities::EntityLexicons;
use crate::knowledge::quotes::{CueClass, QuoteKnowledge};
use crate::text::english::in_list;
use crate::text::{index, Span};

/// A quote of one paragraph before speakers of standalone quotes are filled.
struct Pending {
    span: Span,
    kind: QuoteKind,
    attrib: Option<Attrib>,
    cue: Option<Span>,
    /// A standalone quotation: takes the speaker of its neighbours.
    standalone: bool,
    /// The quotation continues one left open by the previous paragraph.
    cont_prev: bool,
}

/// What the paragraph loop carries from one paragraph to the next.
#[derive(Default)]
struct Carry<'d> {
    /// The quote rows so far.
    out: Vec<Quote>,
    /// Paragraph texts seen (longer than 40 bytes): a repeat is page furniture.
    seen: HashSet<&'d str>,
    /// The last speaker and its paragraph.
    last: Option<(Attrib, usize)>,
    /// The previous paragraph left a quotation open.
    prev_open: bool,
    /// Standalone parts of a quotation still open at the end of the previous paragraph (indices
    /// into `out`): they take the speaker named where the quotation goes on.
    open_chain: Vec<usize>,
}

/// The token range of every paragraph.
fn paragraph_tokens(doc: &Document) -> Vec<(usize, usize)> {
    let mut ptoks: Vec<(usize, usize)> = vec![(0, 0); doc.paragraphs.len()];
    for s in &doc.sentences {
        if let Some(r) = ptoks.get_mut(s.paragraph) {
            if r.0 == r.1 {
                *r = (s.tokens.start, s.tokens.end);
            } else {
                r.1 = s.tokens.end;
            }
        }
    }
    ptoks
}

/// The quotes of `doc`, paragraph by paragraph.
pub(super) fn find_quotes(doc: &Document, k: &QuoteKnowledge, lx: &EntityLexicons) -> Vec<Quote> {
    let mut ctx = Ctx::new(doc, k, lx);
    let ptoks = paragraph_tokens(doc);
    let mut carry = Carry::default();
    for pi in 0..doc.paragraphs.len() {
        let Some(&para) = doc.paragraphs.get(pi) else {
            break;
        };
        let ptext = doc.slice(para);
        if ptext.len() > 40 && !carry.seen.insert(ptext) {
            carry.prev_open = false;
            carry.open_chain.clear();
            continue; // repeated page text
        }
        let (p0, p1) = ptoks.get(pi).copied().unwrap_or((0, 0));
        paragraph(&mut ctx, &mut carry, pi, para, (p0, p1));
    }
    carry.out
}

/// Pairs the marks of paragraph `pi` (byte span `para`, tokens `p0..p1`), finds its quotes and
/// appends them to `carry.out` with their speakers.
fn paragraph(ctx: &mut Ctx, carry: &mut Carry, pi: usize, para: Span, (p0, p1): (usize, usize)) {
    let doc = ctx.doc;
    let ptext = doc.slice(para);
    let next_opens = doc.paragraphs.get(pi + 1).is_some_and(|p| {
        let t = doc.slice(*p);
        starts_with_open_mark(t) || continues_in_lower_case(t)
    });
    let seed_open = continues_in_lower_case(ptext);
    let (segs, left_open) = pair_marks(&doc.text, para, next_opens, carry.prev_open, seed_open);
    carry.prev_open = left_open;
    // the part of the quotation this paragraph leaves open
    let open_inner = segs
        .last()
        .filter(|sg| left_open && sg.close.is_none())
        .map(|sg| sg.inner);
    let chain_before = std::mem::take(&mut carry.open_chain);
    let quoted_before = ctx.quoted.len();
    for s in &segs {
        ctx.quoted
            .push(Span::new(s.open.start, s.close.map_or(para.end, |c| c.end)));
    }
    let pmin = pi
        .checked_sub(2)
        .and_then(|i| doc.paragraphs.get(i))
        .map_or(0, |p| p.start);
    // a paragraph without closing punctuation is a headline or a caption: no reported speech
    let headline = !ptext.trim_end().ends_with([
        '.', '?', '!', '"', '”', '’', '\'', ')', '…', ':', ',', ';', '—',
    ]);
    let pend = paragraph_quotes(ctx, &segs, p0, p1, pmin, headline);
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
    let prev_ok = carry
        .last
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
            standalone_speaker(&q, &attributed, &prev_ok)
        } else {
            q.attrib.unwrap_or_else(Attrib::unknown)
        };
        let attrib = document_author(ctx, attrib, &carry.last, pi);
        if attrib.known() {
            carry.last = Some((attrib.clone(), pi));
        }
        remember(ctx, &attrib, attrib.span.map_or(q.span.start, |s| s.start));
        if named_continuation && attrib.known() {
            for &j in &chain_before {
                if let Some(prev) = carry.out.get_mut(j) {
                    prev.speaker = attrib.speaker(ctx);
                    prev.speaker_span = attrib.span;
                }
            }
        }
        if chain_member {
            if q.cont_prev {
                carry.open_chain.extend_from_slice(&chain_before);
            }
            carry.open_chain.push(carry.out.len());
        }
        carry.out.push(Quote {
            span: q.span,
            kind: q.kind,
            speaker: attrib.speaker(ctx),
            speaker_span: attrib.span,
            cue: q.cue,
            paragraph: pi,
        });
    }
}

/// The speaker of a standalone quotation: the previous paragraph's when it continues a quotation
/// left open, else that of the paragraph's attributed quote before it, else after it, else the
/// previous paragraph's.
fn standalone_speaker(
    q: &Pending,
    attributed: &[(usize, Attrib)],
    prev_ok: &Option<Attrib>,
) -> Attrib {
    let before = attributed.iter().rev().find(|(s, _)| *s < q.span.start);
    let after = attributed.iter().find(|(s, _)| *s > q.span.start);
    match (q.cont_prev, before, after) {
        (true, _, _) => prev_ok.clone(),
        (_, Some((_, a)), _) => Some(a.clone()),
        (_, None, Some((_, a))) => Some(a.clone()),
        _ => prev_ok.clone(),
    }
    .unwrap_or_else(Attrib::unknown)
}

/// A document without its author ("A statement said", "the report said"): the author is the
/// speaker attributed just before (within two paragraphs).
fn document_author(ctx: &Ctx, attrib: Attrib, last: &Option<(Attrib, usize)>, pi: usize) -> Attrib {
    match (&attrib.speaker, last) {
        (Source::Unnamed(sp), Some((prev, p))) if pi <= p + 2 && authorless_document(ctx, *sp) => {
            Attrib {
                speaker: prev.speaker.clone(),
                span: attrib.span,
            }
        }
        _ => attrib,
    }
}

/// Records the speaker of a quote at byte `at` as a candidate antecedent of later pronouns and
/// phrases.
fn remember(ctx: &mut Ctx, attrib: &Attrib, at: usize) {
    match attrib.speaker {
        Source::Entity(e) if ctx.entity_kind(e) == Some(EntityKind::Person) => {
            ctx.spoken.push((at, e));
            ctx.spoken_ent.push((at, e));
        }
        Source::Entity(e) => {
            ctx.spoken_ent.push((at, e));
            if let Some(sp) = attrib.span.filter(|&sp| bare_name(ctx, sp)) {
                ctx.spoken_names.push((at, sp));
            }
        }
        Source::Unknown => {
            if let Some(sp) = attrib.span.filter(|&sp| bare_name(ctx, sp)) {
                ctx.spoken_names.push((at, sp));
            }
        }
        Source::Unnamed(sp) => {
            if bare_name(ctx, sp) {
                ctx.spoken_names.push((at, sp));
            } else {
                ctx.unnamed.push((at, sp));
            }
        }
    }
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
        let a = p0 + index::token_starting_from(ptoks, s.open.start).get();
        let b = p0 + index::token_from(ptoks, end).get();
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

fn set(v: &mut [bool], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x = true;
    }
}
fn flag(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

/// One unit (token range) of a paragraph while its quotes are found: its cues with their
/// speakers, the paragraph's segments that start in it, and which cues and segments are taken.
struct Unit<'a, 'd> {
    ctx: &'a Ctx<'d>,
    segs: &'a [Seg],
    /// Token range of every segment of the paragraph.
    seg_toks: &'a [(usize, usize)],
    u0: usize,
    u1: usize,
    quoted: &'a dyn Fn(usize) -> bool,
    cues: Vec<Cue>,
    /// The speaker of each cue.
    attribs: Vec<Attrib>,
    /// Segments starting in the unit.
    unit_segs: Vec<usize>,
    /// Cues already reporting a quote.
    used: Vec<bool>,
    /// Segments already part of a quote.
    absorbed: Vec<bool>,
}

/// The quotes of unit `u0..u1`, appended to `out`: direct quotations next to a cue or standing
/// alone, then reported speech, then fragments the unit attributes.
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
    let attribs = cue_speakers(ctx, &cues, u0, pmin);
    let mut unit = Unit {
        ctx,
        segs,
        seg_toks,
        u0,
        u1,
        quoted,
        used: vec![false; cues.len()],
        absorbed: vec![false; segs.len()],
        unit_segs: (0..segs.len())
            .filter(|&i| seg_toks.get(i).is_some_and(|&(a, _)| a >= u0 && a < u1))
            .collect(),
        cues,
        attribs,
    };
    unit.direct(out);
    if !headline {
        unit.reported(out);
    }
    unit.fragments(out);
}

/// The speaker of every cue: its phrase resolved, or for a coordinated or participial verb the
/// unit's earlier speaker, else the clause's subject.
fn cue_speakers(ctx: &Ctx, cues: &[Cue], u0: usize, pmin: usize) -> Vec<Attrib> {
    let mut attribs: Vec<Attrib> = Vec::with_capacity(cues.len());
    for c in cues {
        let a = if c.inherit {
            let prev = attribs.iter().rev().find(|a: &&Attrib| a.known()).cloned();
            prev.or_else(|| clause_subject(ctx, u0, c.start))
                .unwrap_or_else(Attrib::unknown)
        } else if let Some(sp) = c.subj {
            resolve(ctx, sp, c.appos, pmin)
        } else {
            Attrib::unknown()
        };
        attribs.push(a);
    }
    attribs
}

/// The clause's subject before byte `start` of token range `u0..start`: the first person (else
/// organization) named, outside quotes and not as a possessor.
fn clause_subject(ctx: &Ctx, u0: usize, start: usize) -> Option<Attrib> {
    let region = ctx.span(u0, start);
    let ms = ctx.mentions_in(region);
    let pick = |want: EntityKind| {
        ms.iter().find_map(|&i| {
            let m = ctx.doc.mentions.get(i)?;
            let e = m.entity?;
            (ctx.entity_kind(e) == Some(want) && !ctx.possessive(m.span) && !ctx.in_quoted(m.span))
                .then_some(Attrib {
                    speaker: Source::Entity(e),
                    span: Some(m.span),
                })
        })
    };
    pick(EntityKind::Person).or_else(|| pick(EntityKind::Organization))
}

impl Unit<'_, '_> {
    /// The span of a cue's verb or phrase ("said", "according to").
    fn cue_span(&self, c: &Cue) -> Span {
        let e = if c.class == CueClass::According || c.class == CueClass::By {
            c.verb + 2
        } else {
            c.verb + 1
        };
        self.ctx.span(c.verb, e)
    }

    /// Direct quotations next to a cue ("…," she said / X said: "…"), a partial clause when the
    /// writer's words come first, or standing alone.
    fn direct(&mut self, out: &mut Vec<Pending>) {
        let (ctx, cues, quoted, u0, u1) = (self.ctx, &self.cues, self.quoted, self.u0, self.u1);
        for &si in &self.unit_segs {
            let (Some(s), Some(&(a, b))) = (self.segs.get(si), self.seg_toks.get(si)) else {
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
                c.end <= a && c.class != CueClass::According && c.class != CueClass::By && {
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
                set(&mut self.used, ci);
                set(&mut self.absorbed, si);
                out.push(Pending {
                    span,
                    kind,
                    attrib: self.attribs.get(ci).cloned(),
                    cue: Some(self.cue_span(c)),
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
                    set(&mut self.used, ci);
                    set(&mut self.absorbed, si);
                    out.push(Pending {
                        span: s.inner,
                        kind: QuoteKind::Direct,
                        attrib: self.attribs.get(ci).cloned(),
                        cue: cues.get(ci).map(|c| self.cue_span(c)),
                        standalone: false,
                        cont_prev: s.cont_prev,
                    });
                    continue;
                }
            }
            if words_before == 0 && tail_words == 0 && standalone_speech(ctx, s) {
                set(&mut self.absorbed, si);
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

    /// Reported speech: the content of every cue not yet used, `partial` when it holds a
    /// quoted fragment.
    fn reported(&mut self, out: &mut Vec<Pending>) {
        let (ctx, quoted) = (self.ctx, self.quoted);
        for ci in 0..self.cues.len() {
            let Some(c) = self.cues.get(ci) else {
                break;
            };
            if flag(&self.used, ci) || c.class == CueClass::By {
                continue;
            }
            let Some((x, y)) = content(ctx, &self.cues, ci, self.u0, self.u1, quoted) else {
                continue;
            };
            // cues nested in this content report the same statement
            for (dj, d) in self.cues.iter().enumerate() {
                if d.verb >= x && d.verb < y {
                    set(&mut self.used, dj);
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
            let cue = self.cue_span(c);
            let (kind, span) = self.absorb_fragments(span);
            set(&mut self.used, ci);
            out.push(Pending {
                span,
                kind,
                attrib: self.attribs.get(ci).cloned(),
                cue: Some(cue),
                standalone: false,
                cont_prev: false,
            });
        }
    }

    /// Marks the unit's segments that reported content `span` overlaps as absorbed: `partial`
    /// (with the span grown to cover them) when one was not yet, else `indirect`.
    fn absorb_fragments(&mut self, span: Span) -> (QuoteKind, Span) {
        let mut kind = QuoteKind::Indirect;
        for &si in &self.unit_segs {
            if let Some(s) = self.segs.get(si) {
                if span.contains(s.inner) || span.overlaps(s.inner) {
                    if !flag(&self.absorbed, si) {
                        kind = QuoteKind::Partial;
                    }
                    set(&mut self.absorbed, si);
                }
            }
        }
        if kind != QuoteKind::Partial {
            return (kind, span);
        }
        let mut sp = span;
        for &si in &self.unit_segs {
            if let Some(s) = self.segs.get(si) {
                if sp.overlaps(s.inner) {
                    sp = sp.cover(s.inner);
                }
            }
        }
        (kind, sp)
    }

    /// Remaining fragments: partial when the unit attributes them (to the nearest cue with a
    /// speaker), else scare quotes (no row).
    fn fragments(&self, out: &mut Vec<Pending>) {
        for &si in &self.unit_segs {
            if flag(&self.absorbed, si) {
                continue;
            }
            let (Some(s), Some(&(a, _))) = (self.segs.get(si), self.seg_toks.get(si)) else {
                continue;
            };
            let near = self
                .cues
                .iter()
                .enumerate()
                .filter(|(ci, _)| self.attribs.get(*ci).is_some_and(Attrib::known))
                .min_by_key(|(_, c)| c.verb.abs_diff(a));
            if let Some((ci, c)) = near {
                out.push(Pending {
                    span: s.inner,
                    kind: QuoteKind::Partial,
                    attrib: self.attribs.get(ci).cloned(),
                    cue: Some(self.cue_span(c)),
                    standalone: false,
                    cont_prev: s.cont_prev,
                });
            }
        }
    }
}

/// Whether a quotation that is a whole unit is speech: a sentence, five words or more, a
/// continued or unclosed quotation; a paragraph in single marks alone is a headline.
fn standalone_speech(ctx: &Ctx, s: &Seg) -> bool {
    let txt = ctx.doc.slice(s.inner);
    let n_words = txt.split_whitespace().count();
    let sentence_like = txt
        .trim_end_matches(['\'', '’', '"', '”', ')'])
        .ends_with(['.', '?', '!', '…']);
    let single = ctx.doc.slice(s.open).chars().next().is_some_and(is_single);
    let speech = sentence_like || n_words >= 5 || s.cont_prev || s.close.is_none();
    speech && !single
}
