//! Speaker resolution: a speaker phrase (token range) to an [`Attrib`], through the mentions that
//! overlap it (their entity, set by coreference): a named person first, then an organization
//! heading the phrase, then an unnamed source (`lexicons/quotes/source_nouns.tsv`), kept as
//! written. A pronoun or role noun falls back to the nearest earlier speaker or sentence subject.

use super::context::Ctx;
use crate::document::{EntityIdx, EntityKind, Mention, Speaker};
use crate::knowledge::quotes::SourceClass;
use crate::text::english::{
    in_list, lower, ADJUNCT, ADVERBS, BE, BOUNDARY, CONJ, DETS, HEAD_STOP, OTHER_PRONOUNS,
    PERSON_PRONOUNS, TRIM,
};
use crate::text::Span;

/// Earlier speakers a pronoun or an anaphoric phrase may reach (keeps each lookup constant-time).
const RECENT_SPEAKERS: usize = 64;

/// Who spoke, as the stage resolves it: any entity (a place included, "Beijing said", so that
/// later pronouns and phrases can continue it), an unnamed source, or nobody. [`Attrib::speaker`]
/// turns it into the document's [`Speaker`], which cannot be a place.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Source {
    /// An entity (index into `Document::entities`).
    Entity(EntityIdx),
    /// An unnamed source; the span is the phrase as written.
    Unnamed(Span),
    /// Not attributed.
    Unknown,
}

/// An attribution: resolved speaker and the phrase as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Attrib {
    /// Who spoke.
    pub(super) speaker: Source,
    /// The speaker phrase as written.
    pub(super) span: Option<Span>,
}

impl Attrib {
    /// No speaker, no phrase.
    pub(super) fn unknown() -> Attrib {
        Attrib {
            speaker: Source::Unknown,
            span: None,
        }
    }
    /// Whether a speaker was found.
    pub(super) fn known(&self) -> bool {
        !matches!(self.speaker, Source::Unknown)
    }
    /// The document's speaker: a person or organization entity, or else an unnamed source (a
    /// place speaks for its government: "Beijing said" is unnamed, with the phrase as written, or
    /// the place's first mention when no phrase was written).
    pub(super) fn speaker(&self, ctx: &Ctx) -> Speaker {
        match self.speaker {
            Source::Entity(e) => match ctx.entity_kind(e) {
                Some(EntityKind::Organization) => Speaker::Organization(e),
                Some(EntityKind::Place) => {
                    let first = ctx.doc.mentions.iter().find(|m| m.entity == Some(e));
                    match self.span.or(first.map(|m| m.span)) {
                        Some(sp) => Speaker::Unnamed(sp),
                        None => Speaker::Unknown,
                    }
                }
                // a person, or an index that is not an entity: kept, so that the tables report
                // the bug (`RowError::NoEntity`) instead of hiding it
                Some(EntityKind::Person) | None => Speaker::Person(e),
            },
            Source::Unnamed(sp) => Speaker::Unnamed(sp),
            Source::Unknown => Speaker::Unknown,
        }
    }
}

/// A speaker phrase written as a bare name of one or two capitalized words ("Lonechild"),
/// not a pronoun, a determiner phrase or an organization word.
pub(super) fn bare_name(ctx: &Ctx, sp: Span) -> bool {
    let text = ctx.doc.slice(sp);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 2 {
        return false;
    }
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
            && ctx.k.source(low).is_none()
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
pub(super) fn authorless_document(ctx: &Ctx, sp: Span) -> bool {
    let text = ctx.doc.slice(sp);
    let mut words = text.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    let mut buf = [0u8; 32];
    in_list(first, &["the", "a", "an", "this", "that"])
        && lower(second, &mut buf).is_some_and(|w| ctx.k.source(w) == Some(SourceClass::Document))
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

/// A speaker phrase being resolved, with what every step of [`resolve`] looks at.
struct Phrase {
    /// The token range.
    range: (usize, usize),
    /// Its byte span.
    span: Span,
    /// Mentions overlapping the phrase and its appositive.
    mentions: Vec<usize>,
    /// The phrase is one token.
    single: bool,
    /// Its first word, ASCII lower case ("" when not ASCII).
    first_low: String,
    /// Start of the earliest paragraph an antecedent may come from.
    pmin: usize,
}

impl Phrase {
    /// The attribution to entity `e`, with the whole phrase as written.
    fn entity(&self, e: EntityIdx) -> Attrib {
        Attrib {
            speaker: Source::Entity(e),
            span: Some(self.span),
        }
    }

    /// The attribution to the unnamed source `sp`, with the whole phrase as written.
    fn unnamed(&self, sp: Span) -> Attrib {
        Attrib {
            speaker: Source::Unnamed(sp),
            span: Some(self.span),
        }
    }
}

/// The head word of a speaker phrase ([`head_of`]) and its class as a source noun.
struct Head<'d> {
    /// Token index of the head.
    at: Option<usize>,
    /// Its byte span.
    span: Option<Span>,
    /// Its text.
    word: &'d str,
    /// Its text in ASCII lower case ("" when not ASCII).
    low: String,
    /// Its class in `source_nouns.tsv`.
    class: Option<SourceClass>,
}

/// Mention `i` with its entity, when it has one.
fn entity_of<'d>(ctx: &Ctx<'d>, i: usize) -> Option<(&'d Mention, EntityIdx)> {
    ctx.doc
        .mentions
        .get(i)
        .and_then(|m| m.entity.map(|e| (m, e)))
}

/// Resolves a speaker phrase (token range) to an attribution, trying in order: a pronoun, "they",
/// a named person, a bare surname, then what the phrase's head says (an organization, an
/// anaphoric institution or source, an unnamed source), then a role noun or an organization.
pub(super) fn resolve(
    ctx: &Ctx,
    phrase: (usize, usize),
    appos: Option<(usize, usize)>,
    pmin: usize,
) -> Attrib {
    let psp = ctx.span(phrase.0, phrase.1);
    let full = match appos {
        Some(a) => psp.cover(ctx.span(a.0, a.1)),
        None => psp,
    };
    let mut buf = [0u8; 32];
    let p = Phrase {
        range: phrase,
        span: psp,
        mentions: ctx.mentions_in(full),
        single: phrase.1 == phrase.0 + 1,
        first_low: lower(ctx.tok(phrase.0), &mut buf).unwrap_or("").to_string(),
        pmin,
    };
    // 1. a pronoun: the nearest earlier speaker or sentence subject, else coreference
    if p.single && PERSON_PRONOUNS.contains(&p.first_low.as_str()) {
        return pronoun(ctx, &p);
    }
    // 1b. "they": the nearest earlier plural subject ("Republican senators are eager …, and
    //     they say"), kept as written
    if p.single && p.first_low == "they" {
        if let Some(sp) = plural_subject(ctx, phrase.0) {
            return p.unnamed(sp);
        }
    }
    let at = head_of(ctx, phrase.0, phrase.1);
    let word = at.map_or("", |h| ctx.tok(h));
    let mut buf2 = [0u8; 32];
    let low = lower(word, &mut buf2).unwrap_or("").to_string();
    let head = Head {
        at,
        span: at.map(|h| ctx.span(h, h + 1)),
        word,
        class: ctx.k.source(&low),
        low,
    };
    named_person(ctx, &p, &head)
        .or_else(|| headed_by(ctx, &p, &head))
        .or_else(|| anaphoric(ctx, &p, &head))
        .unwrap_or_else(|| role_or_organization(ctx, &p, &head))
}

/// Step 1: a personal pronoun ("he", "she"): the nearest earlier speaker or sentence subject of
/// its gender, else its coreferent mention, else a bare name introduced before, else the last
/// earlier speaker it fits.
fn pronoun(ctx: &Ctx, p: &Phrase) -> Attrib {
    let (psp, pmin) = (p.span, p.pmin);
    let want = ctx.lx.pronouns.get(p.first_low.as_str()).copied();
    let fits = |e: EntityIdx| want.is_none() || ctx.gender(e).is_none_or(|g| Some(g) == want);
    let named = ctx.recent(psp.start, pmin, EntityKind::Person, &fits);
    let spoke = ctx
        .spoken
        .iter()
        .rev()
        .take(RECENT_SPEAKERS)
        .find(|(q, e)| *q >= pmin && *q < psp.start && fits(*e))
        .copied();
    let spoke_name = ctx
        .spoken_names
        .iter()
        .rev()
        .take(RECENT_SPEAKERS)
        .find(|(q, _)| *q >= pmin && *q < psp.start)
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
    let spoke_name = match (spoke_name, last_single_source(ctx, p)) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
        (a, b) => a.or(b),
    };
    if let Some((q, sp)) = spoke_name {
        if named_pos.is_none_or(|n| q > n) && spoke_pos.is_none_or(|s| q > s) {
            return p.unnamed(sp);
        }
    }
    let pick = match (named, spoke) {
        (Some(n), Some(s)) => Some(if s.0 > n.0 { s.1 } else { n.1 }),
        (Some(n), None) => Some(n.1),
        (None, Some(s)) => Some(s.1),
        (None, None) => p
            .mentions
            .iter()
            .find_map(|&i| entity_of(ctx, i).map(|(_, e)| e))
            .filter(|&e| ctx.entity_kind(e) == Some(EntityKind::Person)),
    };
    if let Some(e) = pick {
        return p.entity(e);
    }
    // no person entity: a bare name introduced with an appositive ("Sela, a resident of …,
    // was watching television when she …")
    if let Some(sp) = ctx.introduced_name(psp.start, pmin) {
        return p.unnamed(sp);
    }
    // nothing nearby: the last earlier speaker the pronoun fits, however far back
    let far = ctx
        .spoken
        .iter()
        .rev()
        .take(RECENT_SPEAKERS)
        .find(|(q, e)| *q < psp.start && want.is_some() && ctx.gender(*e) == want);
    Attrib {
        speaker: far.map_or(Source::Unknown, |&(_, e)| Source::Entity(e)),
        span: Some(psp),
    }
}

/// An unnamed single source that spoke last, before the pronoun `p` ("a security professional
/// told Reuters. …, he said"): (position, phrase).
fn last_single_source(ctx: &Ctx, p: &Phrase) -> Option<(usize, Span)> {
    ctx.unnamed
        .iter()
        .rev()
        .take(RECENT_SPEAKERS)
        .find(|(q, _)| *q >= p.pmin && *q < p.span.start)
        .copied()
        .filter(|(_, sp)| {
            let mut buf = [0u8; 32];
            ctx.doc
                .slice(*sp)
                .split_whitespace()
                .last()
                .is_some_and(|w| {
                    lower(w, &mut buf).is_some_and(|w| ctx.k.source(w) == Some(SourceClass::Person))
                })
        })
}

/// Steps 2 and 2b: a named (or coreferent) person, not as a possessor: the one holding the
/// phrase's head ("University of X political scientist Jane Roe"), else the first; else a bare
/// name no mention holds ("Lonechild said", "Ms. May said"): the one person whose full name ends
/// with it.
fn named_person(ctx: &Ctx, p: &Phrase, head: &Head) -> Option<Attrib> {
    let doc = ctx.doc;
    let (phrase, psp, ms) = (p.range, p.span, &p.mentions);
    let person_at = |i: usize| {
        entity_of(ctx, i).filter(|(m, e)| {
            ctx.entity_kind(*e) == Some(EntityKind::Person) && !ctx.possessive(m.span)
        })
    };
    let heads_first = ms
        .iter()
        .copied()
        .filter(|&i| {
            person_at(i).is_some_and(|(m, _)| head.span.is_some_and(|h| m.span.contains(h)))
        })
        .chain(ms.iter().copied());
    for i in heads_first {
        if let Some((m, e)) = person_at(i) {
            let span = if psp.contains(m.span) { psp } else { m.span };
            // a surname-only entity when one full name ends with it
            let e = doc
                .entity(e)
                .filter(|x| x.name.split_whitespace().count() <= 2)
                .and_then(|x| ctx.person_ending_with(&x.name))
                .unwrap_or(e);
            return Some(Attrib {
                speaker: Source::Entity(e),
                span: Some(span),
            });
        }
    }
    // 2b. after an honorific: "Ms. May said"
    let name_sp = if phrase.1 > phrase.0 + 1 && ctx.k.is_honorific(ctx.tok(phrase.0)) {
        ctx.span(phrase.0 + 1, phrase.1)
    } else {
        psp
    };
    if bare_name(ctx, name_sp) && !ctx.possessive(psp) {
        if let Some(e) = ctx.person_ending_with(doc.slice(name_sp)) {
            return Some(p.entity(e));
        }
    }
    None
}

/// Step 3: an organization heading the phrase ("China’s Foreign Ministry"), or the author of a
/// document ("a statement from the EU", "Foster’s book").
fn headed_by(ctx: &Ctx, p: &Phrase, head: &Head) -> Option<Attrib> {
    for &i in &p.mentions {
        if let Some((m, e)) = entity_of(ctx, i) {
            let heads = head.span.is_some_and(|hs| m.span.contains(hs));
            let kind = ctx.entity_kind(e);
            let org = matches!(kind, Some(EntityKind::Organization | EntityKind::Place));
            let author = head.at.is_some_and(|h| {
                let before = m.span.end <= ctx.span(h, h + 1).start;
                let after = in_list(ctx.tok(h + 1), &["from", "by", "of"])
                    && ctx.span(h + 2, h + 3).start == m.span.start
                    || in_list(ctx.tok(h + 2), &["the"])
                        && in_list(ctx.tok(h + 1), &["from", "by", "of"])
                        && ctx.span(h + 3, h + 4).start == m.span.start;
                before || after
            });
            if (heads && org)
                || (head.class == Some(SourceClass::Document) && kind.is_some() && author)
            {
                return Some(p.entity(e));
            }
        }
    }
    None
}

/// Steps 3b–4: a phrase whose head is a source noun: "the company" (the organization named
/// last), "the official" after "a justice official" (the same source), "the Ohio Republican"
/// (the politician just named), else an unnamed source as written, trimmed of a trailing clause.
fn anaphoric(ctx: &Ctx, p: &Phrase, head: &Head) -> Option<Attrib> {
    let (phrase, psp, pmin) = (p.range, p.span, p.pmin);
    let first_the = p.first_low == "the";
    // 3b. "the company", "the agency": the organization named last before it; a head that
    //     names a kind of body ("the commission", "the bank") only an organization whose name
    //     holds it, else the phrase stays an unnamed source
    if head.class == Some(SourceClass::Institution)
        && first_the
        && phrase.1 == phrase.0 + 2
        && !head
            .at
            .is_some_and(|h| ctx.capitalized(h) || in_list(ctx.tok(h), ctx.k.own_body_heads()))
    {
        let generic = in_list(head.word, ctx.k.generic_org_heads());
        let named_so = |e: EntityIdx| {
            generic
                || ctx.doc.entity(e).is_some_and(|x| {
                    x.name
                        .split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case(head.word))
                })
        };
        if let Some((_, e)) = ctx.recent(psp.start, pmin, EntityKind::Organization, &named_so) {
            return Some(p.entity(e));
        }
    }
    // 3d. "the official" after "a justice official": the same unnamed source
    if first_the && matches!(head.class, Some(SourceClass::Person | SourceClass::Group)) {
        let same = ctx
            .unnamed
            .iter()
            .rev()
            .take(RECENT_SPEAKERS)
            .find(|(q, sp)| {
                *q >= pmin
                    && *q < psp.start
                    && ctx
                        .doc
                        .slice(*sp)
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| w.eq_ignore_ascii_case(&head.low))
            });
        if let Some(&(_, sp)) = same {
            return Some(p.unnamed(sp));
        }
    }
    // 3e. "the Ohio Republican": a party member described by state or country is the
    //     politician named just before
    if first_the
        && head.class == Some(SourceClass::Partisan)
        && phrase.1 >= phrase.0 + 3
        && head
            .at
            .is_some_and(|h| ctx.capitalized(h) && h + 1 == phrase.1)
    {
        if let Some(e) = ctx.recent_person(psp.start, pmin, EntityKind::Person) {
            return Some(p.entity(e));
        }
    }
    // 4. an unnamed source, trimmed of a trailing clause
    if head.class.is_some() && !head.at.is_some_and(|h| ctx.capitalized(h)) {
        let mut end = phrase.1;
        for i in phrase.0..phrase.1 {
            if i > phrase.0 && (in_list(ctx.tok(i), TRIM) || ctx.tok(i) == ",") {
                end = i;
                break;
            }
        }
        let sp = ctx.span(phrase.0, end);
        return Some(Attrib {
            speaker: Source::Unnamed(sp),
            span: Some(sp),
        });
    }
    None
}

/// Steps 5 and 6: "it" (the nearest organization); a role noun ("the minister": its coreferent
/// entity, else the nearest person); an organization anywhere in the phrase; else unknown.
fn role_or_organization(ctx: &Ctx, p: &Phrase, head: &Head) -> Attrib {
    let (psp, pmin, ms) = (p.span, p.pmin, &p.mentions);
    if p.single && p.first_low == "it" {
        if let Some(e) = ctx.recent_person(psp.start, pmin, EntityKind::Organization) {
            return p.entity(e);
        }
    }
    if !p.single && head.at.is_some_and(|h| !ctx.capitalized(h)) && p.first_low == "the" {
        if let Some((_, e)) = ms.iter().find_map(|&i| entity_of(ctx, i)) {
            return p.entity(e);
        }
        if let Some(e) = ctx.recent_person(psp.start, pmin, EntityKind::Person) {
            return p.entity(e);
        }
    }
    for &i in ms {
        if let Some((m, e)) = entity_of(ctx, i) {
            if ctx.entity_kind(e) == Some(EntityKind::Organization) && !ctx.possessive(m.span) {
                return p.entity(e);
            }
        }
    }
    Attrib {
        speaker: Source::Unknown,
        span: Some(psp),
    }
}
