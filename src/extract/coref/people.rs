//! People: full names grouped by first and last token, one-word names, pronouns and role nouns
//! linked to the people already named, unsupported one-word "names" pruned, and one entity per
//! person that kept a mention.

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::FxHashMap as HashMap;

use super::{appositive_words, domain_words, name_tokens, role_words, Links};
use crate::document::{Document, Entity, EntityKind, MentionForm, TokenKind};
use crate::extract::entities::{norm, Gender, Lex};
use crate::knowledge::entities::NameEvidence;
use crate::text::index;

/// Sentences back that a pronoun may reach for its antecedent.
const PRONOUN_WINDOW: usize = 3;
/// People kept in the recency list that pronouns and role nouns search.
const RECENT: usize = 32;

struct PersonInfo {
    toks: Vec<String>,
    /// The longest full name as written (for its sex, [`Lex::gender_of_name`]).
    written: String,
    gender: Option<Gender>,
    roles: Vec<String>,
    last_seen: Option<(usize, usize)>, // (byte offset, sentence)
    first: usize,
    /// A one-word name seen with a title, or not at the start of a sentence.
    anchored: bool,
    /// Mentions by the bare surname linked to this person so far: when two people share a
    /// surname, the one the article already calls by it keeps it (the other is then written
    /// with a given or full name).
    bare: Vec<String>,
}

impl PersonInfo {
    fn new(toks: Vec<String>, written: String, first: usize, anchored: bool) -> PersonInfo {
        PersonInfo {
            toks,
            written,
            gender: None,
            roles: Vec::new(),
            last_seen: None,
            first,
            anchored,
            bare: Vec::new(),
        }
    }
}

/// The people of an article while they are being linked (indices are people, not entities).
#[derive(Default)]
struct People {
    people: Vec<PersonInfo>,
    /// People by each of their name tokens (for surname lookups and suffix merges).
    by_token: HashMap<String, Vec<usize>>,
    /// One-word names seen once, by lowercase token.
    singles: HashMap<String, usize>,
    /// The most recently mentioned people, most recent first (bounded: pronoun and role-noun
    /// lookups stay constant-time per mention).
    recent: Vec<usize>,
}

/// Links every person mention to a person, then gives each person that kept a mention an entity
/// (in order of first mention) and turns `links.assign` of person mentions into entity indices.
pub(super) fn link(doc: &Document, lx: &Lex, links: &mut Links, entities: &mut Vec<Entity>) {
    let mut st = People::default();
    group_full_names(doc, links, &mut st);
    for p in st.people.iter_mut() {
        p.gender = lx.gender_of_name(&p.written, NameEvidence::Listed);
    }
    st.recent.reserve(RECENT + 1);
    link_in_order(doc, lx, links, &mut st);
    drop_unanchored(doc, lx, links, &st);
    number(doc, links, &st, entities);
}

/// Full names of two or more tokens: one person per first and last token (or one name a suffix
/// of the other, "Al Hashish" of "Fouzia Al Hashish"); roles from titles and appositives.
fn group_full_names(doc: &Document, links: &mut Links, st: &mut People) {
    #[expect(
        clippy::indexing_slicing,
        reason = "i < n = doc.mentions.len() = links.len() by the loop bound; people indices come from this function's own pushes (the vector only grows)"
    )]
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if m.kind != EntityKind::Person || m.form != MentionForm::FullName {
            continue;
        }
        let toks = name_tokens(&links.texts[i]);
        if toks.len() < 2 {
            continue;
        }
        let Some(last) = toks.last().cloned() else {
            continue;
        };
        let people = &st.people;
        let found = st.by_token.get(&last).and_then(|ps| {
            ps.iter().copied().find(|&p| {
                let q = &people[p].toks;
                q.last() == Some(&last)
                    && (q.first() == toks.first() || q.ends_with(&toks) || toks.ends_with(q))
            })
        });
        let p = match found {
            Some(p) => p,
            None => {
                st.people.push(PersonInfo::new(
                    toks.clone(),
                    links.texts[i].clone(),
                    m.span.start,
                    true,
                ));
                st.people.len() - 1
            }
        };
        for t in &toks {
            let v = st.by_token.entry(t.clone()).or_default();
            if !v.contains(&p) {
                v.push(p);
            }
        }
        if toks.len() > st.people[p].toks.len() {
            st.people[p].toks = toks;
            st.people[p].written.clone_from(&links.texts[i]);
        }
        links.assign[i] = Some(p);
        if let Some(t) = &links.titles[i] {
            st.people[p].roles.extend(role_words(t));
        }
        st.people[p]
            .roles
            .extend(appositive_words(doc, m.span.end, m.sentence.get()));
    }
}

/// Person mentions in text order: one-word names, pronouns and role nouns go to a person named
/// so far (or, for a one-word name, later); every linked mention refreshes its person's recency.
fn link_in_order(doc: &Document, lx: &Lex, links: &mut Links, st: &mut People) {
    #[expect(
        clippy::indexing_slicing,
        reason = "i < n = doc.mentions.len() = links.len() by the loop bound"
    )]
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if m.kind != EntityKind::Person {
            continue;
        }
        let (pos, sent) = (m.span.start, m.sentence.get());
        match m.form {
            MentionForm::FullName if links.assign[i].is_some() => {}
            MentionForm::FullName => {
                let p = one_word(doc, lx, links, st, i, pos, sent);
                links.assign[i] = Some(p);
            }
            MentionForm::Pronoun => {
                if let Some(p) = pronoun(lx, st, &links.texts[i], pos, sent) {
                    links.assign[i] = Some(p);
                }
            }
            MentionForm::RoleNoun => {
                links.assign[i] = role_noun(lx, st, &links.texts[i], pos);
            }
            _ => {}
        }
        if let Some(p) = links.assign[i] {
            if let Some(pp) = st.people.get_mut(p) {
                pp.last_seen = Some((pos, sent));
            }
            st.recent.retain(|&q| q != p);
            st.recent.insert(0, p);
            st.recent.truncate(RECENT);
        }
    }
}

/// A one-token name: the surname or given name of a person with a fuller name (ruling out people
/// whose known portfolio conflicts with the mention's title), or a person named once.
#[expect(
    clippy::indexing_slicing,
    reason = "i < doc.mentions.len() = links.len() (caller's loop bound); person indices come from st.people's own pushes"
)]
fn one_word(
    doc: &Document,
    lx: &Lex,
    links: &mut Links,
    st: &mut People,
    i: usize,
    pos: usize,
    sent: usize,
) -> usize {
    let tok = norm(&links.texts[i]);
    let title_dom = links.titles[i]
        .as_deref()
        .map(|t| domain_words(lx, &role_words(t)))
        .unwrap_or_default();
    let mut best: Option<(usize, bool)> = None; // (person, matched last token)
    let mut best_key: Option<(bool, bool, usize)> = None;
    let cands = st.by_token.get(&tok).cloned().unwrap_or_default();
    for pi in cands {
        let Some(p) = st.people.get(pi) else { continue };
        if p.toks.len() < 2 {
            continue;
        }
        let last = p.toks.last() == Some(&tok);
        let first = p.toks.first() == Some(&tok);
        if !last && !first {
            continue;
        }
        if !title_dom.is_empty() {
            let dom = domain_words(lx, &p.roles);
            if !dom.is_empty() && !dom.iter().any(|d| title_dom.contains(d)) {
                continue;
            }
        }
        // the person already called by this bare surname, unless another was named in this or
        // the previous sentence; then the most recent earlier mention; otherwise the first
        // later one
        let close = p.last_seen.is_some_and(|(at, s)| at < pos && s + 1 >= sent);
        let owner = close || p.bare.contains(&tok);
        let key = match p.last_seen {
            Some((at, _)) if at < pos => (owner, true, at),
            _ => (owner, false, usize::MAX - p.first),
        };
        if best_key.is_none_or(|b| key > b) {
            best_key = Some(key);
            best = Some((pi, last));
        }
    }
    let p = match best {
        Some((pi, last)) => {
            if links.titles[i].is_none() {
                if let Some(pp) = st.people.get_mut(pi).filter(|p| !p.bare.contains(&tok)) {
                    pp.bare.push(tok.clone());
                }
            }
            links.forms[i] = if links.titles[i].is_some() {
                MentionForm::Title
            } else if last || !lx.given.contains_key(links.texts[i].as_str()) {
                MentionForm::Surname
            } else {
                MentionForm::GivenName
            };
            pi
        }
        None => {
            let people = &mut st.people;
            let written = &links.texts[i];
            *st.singles.entry(tok.clone()).or_insert_with(|| {
                people.push(PersonInfo::new(
                    vec![tok.clone()],
                    written.clone(),
                    pos,
                    false,
                ));
                people.len() - 1
            })
        }
    };
    if let Some(t) = &links.titles[i] {
        st.people[p].roles.extend(role_words(t));
        st.people[p].anchored = true;
    }
    if !sentence_initial(doc, pos, sent) {
        st.people[p].anchored = true;
    }
    p
}

/// A pronoun: the most recent person of compatible sex within [`PRONOUN_WINDOW`] sentences (a
/// person of unknown sex takes the pronoun's).
fn pronoun(lx: &Lex, st: &mut People, text: &str, pos: usize, sent: usize) -> Option<usize> {
    let g = lx.pronouns.get(norm(text).as_str()).copied();
    let mut best: Option<(usize, usize)> = None;
    for &pi in &st.recent {
        let Some(p) = st.people.get(pi) else { continue };
        let Some((at, s)) = p.last_seen else { continue };
        if at >= pos || s + PRONOUN_WINDOW < sent {
            continue;
        }
        if p.gender.is_some() && g.is_some() && p.gender != g {
            continue;
        }
        if best.is_none_or(|(_, b)| at > b) {
            best = Some((pi, at));
        }
    }
    let (pi, _) = best?;
    if let Some(p) = st.people.get_mut(pi) {
        if p.gender.is_none() {
            p.gender = g;
        }
    }
    Some(pi)
}

/// "the secretary": the most recent person whose roles have that head noun (and its portfolio).
fn role_noun(lx: &Lex, st: &People, text: &str, pos: usize) -> Option<usize> {
    let words = role_words(text);
    let head = words.iter().rev().find(|w| lx.is_head(w)).cloned()?;
    let dom = domain_words(lx, &words);
    let mut best: Option<(usize, usize)> = None;
    for &pi in &st.recent {
        let Some(p) = st.people.get(pi) else { continue };
        let Some((at, _)) = p.last_seen else { continue };
        if at >= pos || !p.roles.contains(&head) {
            continue;
        }
        if !dom.iter().all(|d| p.roles.contains(d)) {
            continue;
        }
        if best.is_none_or(|(_, b)| at > b) {
            best = Some((pi, at));
        }
    }
    best.map(|(pi, _)| pi)
}

/// A one-word "name" only ever seen opening a sentence, and in no census name list, is more
/// likely a capitalized common word ("Commuter chaos …", "Strong earnings …") than a person:
/// its mentions are unlinked.
fn drop_unanchored(doc: &Document, lx: &Lex, links: &mut Links, st: &People) {
    let dropped: Vec<bool> = st
        .people
        .iter()
        .map(|p| {
            p.toks.len() == 1
                && !p.anchored
                && p.toks.first().is_some_and(|t| {
                    let tc = title_case(t);
                    !lx.given.contains_key(tc.as_str()) && !lx.surnames.contains(tc.as_str())
                })
        })
        .collect();
    for (m, a) in doc.mentions.iter().zip(links.assign.iter_mut()) {
        if m.kind == EntityKind::Person
            && a.is_some_and(|p| dropped.get(p).copied().unwrap_or(false))
        {
            *a = None;
        }
    }
}

/// Entities for people that kept at least one mention, in order of first mention; person
/// mentions' links become entity indices.
fn number(doc: &Document, links: &mut Links, st: &People, entities: &mut Vec<Entity>) {
    let mut used = vec![false; st.people.len()];
    for (m, a) in doc.mentions.iter().zip(&links.assign) {
        if let (EntityKind::Person, Some(p)) = (m.kind, a) {
            if let Some(u) = used.get_mut(*p) {
                *u = true;
            }
        }
    }
    let mut person_entity: Vec<usize> = vec![usize::MAX; st.people.len()];
    for (m, a) in doc.mentions.iter().zip(&links.assign) {
        let (EntityKind::Person, Some(p)) = (m.kind, *a) else {
            continue;
        };
        let (Some(slot), Some(true)) = (person_entity.get_mut(p), used.get(p).copied()) else {
            continue;
        };
        if *slot != usize::MAX {
            continue;
        }
        *slot = entities.len();
        entities.push(Entity::new(EntityKind::Person));
    }
    for (m, a) in doc.mentions.iter().zip(links.assign.iter_mut()) {
        if m.kind == EntityKind::Person {
            *a = a.and_then(|p| person_entity.get(p).copied());
        }
    }
}

/// Title-case form of a word, as the census name lists spell names ("WANG" → "Wang").
fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for (k, c) in w.chars().enumerate() {
        if k == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// True when no word precedes the mention in its sentence.
fn sentence_initial(doc: &Document, start: usize, sentence: usize) -> bool {
    let t = index::token_starting_from(&doc.tokens, start).get();
    !doc.tokens
        .get(..t)
        .unwrap_or(&[])
        .iter()
        .rev()
        .take_while(|t| t.sentence == sentence)
        .any(|t| t.kind != TokenKind::Punct)
}
