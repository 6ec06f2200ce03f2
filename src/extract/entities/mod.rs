//! Stage 1: mentions of people, organizations and places.
//!
//! The trained CoNLL tagger ([`crate::extract::ner`]) proposes PER / ORG / LOC spans over each
//! sentence; this stage turns them into [`Mention`]s and repairs what a name tagger does not know
//! about news prose:
//!
//! * titles and honorifics before a person's name go into [`Mention::title`], never into the name
//!   ("Commerce Secretary Laura Benton", "Deputy Secretary of State Ann Lee", "Gen. Zhou");
//! * portfolio words inside a title are not organizations ("Commerce" in "Commerce Secretary",
//!   "State" in "Secretary of State");
//! * possessive clitics never end a span ("China’s" → "China");
//! * an organization written as "X of Commerce in `<Place>`" stays whole, and an acronym in
//!   parentheses after an organization becomes an acronym mention of it;
//! * third-person pronouns ("she", "his") and role nouns ("the secretary") become candidate
//!   mentions that [`crate::extract::coref`] links or discards;
//! * tagged "people" that are not: events and awards ("… Invitational"), institutions ("… Affairs",
//!   "X, a non-profit agency that …"), well-known companies, parties, pets ("his terrier Bella"),
//!   titles of works, fictional characters ("Rufus (Tom Baxter)"), photo credits and people named
//!   only in photo captions ("Jane Doe, right, …"); some of these decisions hold for every
//!   mention of the name in the article (`article_consistency`);
//! * tagged "organizations" and "places" that are people ("Norvex CFO Jane Doe", "political
//!   scientist Jane Doe", "Jane Wren's party");
//!
//! The steps, in [`detect`]'s order: tagger spans to candidates (`candidates`), checks against
//! the lexicons (`checks`), list-level repairs (`lists`), one sense per name per article
//! (`consistency`), mentions written (`output`). This stage writes `doc.mentions` only.
//!
//! The lexicons shared by the entity stages (titles, honorifics, pronouns, countries and
//! demonyms, organization kinds, well-known organizations, given names with sex, places) are
//! [`crate::knowledge::entities::EntityLexicons`], handed in by `extract::run`.

mod candidates;
mod checks;
mod consistency;
mod lists;
mod output;
// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rustc_hash::FxHashMap;

use crate::document::{Document, EntityKind, Mention, MentionForm, OrgKind, TokenKind};
use crate::extract::ner::{NerLabel, NerModel};
pub use crate::knowledge::entities::{norm, CountryForm, EntityLexicons as Lex, TitleClass};
pub use crate::knowledge::names::Gender;

use crate::text::Span;

/// The built-in entity lexicons, for the tests of the stages that take them.
#[cfg(test)]
pub(crate) fn lex() -> &'static Lex {
    match crate::knowledge::Knowledge::builtin() {
        Ok(k) => &k.entities,
        Err(e) => panic!("{e}"),
    }
}

/// The embedded entity tagger, for the tests of the stages that take it.
#[cfg(test)]
pub(crate) fn ner() -> &'static NerModel {
    match NerModel::embedded() {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

/// True for the possessive clitic tokens the tokenizer splits off ("’s", "'").
pub(crate) fn is_possessive(tok: &str) -> bool {
    matches!(tok, "'s" | "’s" | "'S" | "’S" | "'" | "’")
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '&')
}

/// A tagger span in global token indices.
#[derive(Debug, Clone, Copy)]
struct Cand {
    start: usize,
    end: usize,
    kind: EntityKind,
    title: Option<(usize, usize)>,
    sentence: usize,
    drop: bool,
}

/// Fills `doc.mentions` with name, acronym, pronoun and role-noun mentions (entities unset),
/// in these steps.
pub fn detect(doc: &mut Document, lx: &Lex, ner: &NerModel) {
    doc.mentions.clear();
    if doc.tokens.is_empty() {
        return;
    }
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let sents: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| words.get(s.tokens.clone()).unwrap_or(&[]).to_vec())
        .collect();
    let tagged = ner.tag_document(&sents);
    // names that are not people wherever they occur (a pet's, a photographer's)
    let mut banned: HashSet<String> = HashSet::default();
    let mut cands = candidates::candidates(doc, lx, &words, &tagged, &mut banned);
    lists::join_split_names(&mut cands);
    for c in cands.iter_mut() {
        lists::reclassify(c, &words, lx, doc);
    }
    lists::extend_org_names(&mut cands, &words, doc, lx);
    lists::extend_to_known_orgs(&mut cands, &words);
    lists::lists(&mut cands, &words, lx);
    consistency::article_consistency(&mut cands, &words, lx, &mut banned);
    lists::drop_unsupported_singles(&mut cands, &words, lx);
    lists::drop_title_words(&mut cands, &words, lx);
    lists::join_in_place(&mut cands, &words, lx);
    let mut out: Vec<Mention> = Vec::new();
    output::mentions(doc, &cands, &words, &mut out);
    output::pronouns_and_role_nouns(doc, lx, &cands, &words, &mut out);
    out.sort_by_key(|m| (m.span.start, m.span.end, m.kind));
    doc.mentions = out;
}

/// A word in the case the name lists use ("HALL" → "Hall"), letters only.
pub(crate) fn title_key(w: &str) -> String {
    let mut key = String::with_capacity(w.len());
    for (k, ch) in w.chars().filter(|ch| ch.is_alphabetic()).enumerate() {
        if k == 0 {
            key.extend(ch.to_uppercase());
        } else {
            key.extend(ch.to_lowercase());
        }
    }
    key
}

fn span_text(doc: &Document, words: &[&str], s: usize, e: usize) -> String {
    let _ = doc;
    words.get(s..e).unwrap_or(&[]).join(" ")
}

#[cfg(test)]
mod tests;
