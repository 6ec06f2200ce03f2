//! Stage 2: within-document coreference. Every kept mention is linked to one canonical
//! [`Entity`] in `doc.entities`; pronoun and role-noun candidates that find no antecedent are
//! dropped.
//!
//! * People (`people`): full names are grouped by first and last token; a lone surname (or an
//!   East Asian family name written first: "Xi" → "Xi Jinping") goes to the most recently
//!   mentioned person carrying it, after ruling out people whose known role conflicts with the
//!   mention's title ("Commerce Minister Wang" is not the "foreign-affairs official" Wang);
//!   pronouns go to the most recent person of compatible sex (from a census given-name list, else
//!   from earlier pronouns) within the last few sentences; "the secretary" goes to the most recent
//!   person whose title has that head noun.
//! * Organizations and places (`orgs`): same name (without "the"), an acronym given in
//!   parentheses, the initials of the name, a well-known organization lexicon, or the first word
//!   of a longer name; the same country under an alias ("U.S." = "United States").
//! * Spelling variants of one person's name become one person (`variants`); the entity left
//!   without mentions is removed, so every entity has a mention.
//!
//! The canonical name is the fullest form the article gives. Role (from a title, else from the
//! phrases around the name, `phrases`), country (from demonyms and possessives), acronym,
//! organization kind and place kind are filled here. This stage writes `doc.entities` and the
//! links, forms and order of `doc.mentions` (dropping unlinked ones); it changes nothing else.

mod attributes;
mod orgs;
mod people;
pub(crate) mod phrases;
mod variants;

use crate::document::{Document, Entity, MentionForm};
use crate::extract::entities::{norm, Lex, TitleClass};
use crate::text::index;

/// Per mention (in span order): its text, its title's text, the entity (or, for people while
/// they are linked, the person) it is linked to, and its form as coreference decides it.
struct Links {
    texts: Vec<String>,
    titles: Vec<Option<String>>,
    assign: Vec<Option<usize>>,
    forms: Vec<MentionForm>,
}

impl Links {
    fn new(doc: &Document) -> Links {
        Links {
            texts: doc
                .mentions
                .iter()
                .map(|m| doc.slice(m.span).to_string())
                .collect(),
            titles: doc
                .mentions
                .iter()
                .map(|m| m.title.map(|t| doc.slice(t).to_string()))
                .collect(),
            assign: vec![None; doc.mentions.len()],
            forms: doc.mentions.iter().map(|m| m.form).collect(),
        }
    }
}

/// Fills `doc.entities` and sets `Mention::entity` for every kept mention, in these steps.
pub fn resolve(doc: &mut Document, lx: &Lex) {
    doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    let mut links = Links::new(doc);
    let mut entities: Vec<Entity> = Vec::new();
    people::link(doc, lx, &mut links, &mut entities);
    orgs::link(doc, lx, &mut links, &mut entities);
    attributes::names(&links, &mut entities);
    attributes::from_mentions(doc, lx, &links, &mut entities);
    attributes::kinds(lx, &mut entities);
    doc.entities = entities;
    for ((m, a), f) in doc.mentions.iter_mut().zip(&links.assign).zip(&links.forms) {
        m.entity = *a;
        m.form = *f;
    }
    doc.mentions.retain(|m| m.entity.is_some());
    variants::merge_name_variants(doc, lx);
    compact(doc);
    roles_from_phrases(doc, lx);
}

/// Removes the entities no mention links to any more (a merged spelling variant) and renumbers
/// the mentions' links, keeping the entities' order.
fn compact(doc: &mut Document) {
    let mut linked = vec![false; doc.entities.len()];
    for m in &doc.mentions {
        if let Some(l) = m.entity.and_then(|e| linked.get_mut(e)) {
            *l = true;
        }
    }
    if linked.iter().all(|&l| l) {
        return;
    }
    let mut new_index = vec![usize::MAX; linked.len()];
    let mut next = 0;
    for (slot, &l) in new_index.iter_mut().zip(&linked) {
        if l {
            *slot = next;
            next += 1;
        }
    }
    let mut keep = linked.iter();
    doc.entities
        .retain(|_| keep.next().copied().unwrap_or(false));
    for m in doc.mentions.iter_mut() {
        m.entity = m.entity.and_then(|e| new_index.get(e).copied());
    }
}

/// A person whose mentions carry no title takes the first role phrase the text gives for them
/// (see [`phrases`]).
fn roles_from_phrases(doc: &mut Document, lx: &Lex) {
    let found = phrases::scan(doc, lx);
    for (p, r) in found.roles {
        if let Some(ent) = doc.entities.get_mut(p) {
            if ent.role.is_none() {
                ent.role = Some(r);
            }
        }
    }
}

fn name_tokens(s: &str) -> Vec<String> {
    s.split_whitespace().map(norm).collect()
}

fn all_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Lowercase words of a title or role, hyphenated parts split ("foreign-affairs" → foreign, affairs).
fn role_words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '‑')
        .filter(|w| !w.is_empty())
        .map(norm)
        .collect()
}

/// Portfolio words of a role ("commerce", "foreign"): the part that tells two ministers apart.
fn domain_words(lx: &Lex, words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| {
            let c = lx.title_class(w);
            c.contains(&TitleClass::Dept) && !c.contains(&TitleClass::Head)
        })
        .cloned()
        .collect()
}

/// Initials of the capitalized words of a name ("Federal Bureau of Investigation" → "FBI").
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

fn acronym_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn strip_the(s: &str) -> &str {
    for p in ["the ", "The ", "THE "] {
        if let Some(r) = s.strip_prefix(p) {
            return r;
        }
    }
    s
}

/// Words of an appositive right after a name: ", <words> ," (at most 14 tokens).
fn appositive_words(doc: &Document, end: usize, sentence: usize) -> Vec<String> {
    let t = index::token_starting_from(&doc.tokens, end).get();
    let mut out = Vec::new();
    if doc
        .tokens
        .get(t)
        .is_none_or(|tok| doc.slice(tok.span) != "," || tok.sentence != sentence)
    {
        return out;
    }
    for tok in doc.tokens.iter().skip(t + 1).take(14) {
        let w = doc.slice(tok.span);
        if tok.sentence != sentence || matches!(w, "," | "." | ";" | "“" | "”" | "\"") {
            break;
        }
        out.extend(role_words(w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{EntityKind, OrgKind, PlaceKind};
    use crate::extract::entities;
    use crate::extract::entities::lex;

    fn run(text: &str) -> Document {
        let mut doc = Document::segmented("t", text);
        entities::detect(&mut doc, lex(), entities::ner());
        resolve(&mut doc, lex());
        doc
    }

    fn entity_of<'a>(doc: &'a Document, mention: &str) -> Option<&'a Entity> {
        doc.mentions
            .iter()
            .find(|m| doc.slice(m.span) == mention)
            .and_then(|m| m.entity)
            .and_then(|e| doc.entities.get(e))
    }

    #[test]
    fn surnames_titles_and_pronouns_link() {
        let doc = run("Commerce Secretary Laura Benton will meet her counterpart, Zhou Minghao. \
             Separately, Peter Caldwell met Zhou Lan, China’s top foreign-affairs official, in Lisbon. \
             Plans for Commerce Minister Zhou’s trip appeared shaky. \
             A post hinted that Zhou could cancel his meeting with Benton. \
             Benton indicated that she would state her view. The secretary listened.");
        let people: Vec<&str> = doc
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(
            people,
            ["Laura Benton", "Zhou Minghao", "Peter Caldwell", "Zhou Lan"]
        );
        let find = |text: &str, nth: usize| {
            doc.mentions
                .iter()
                .filter(|m| doc.slice(m.span) == text)
                .nth(nth)
                .and_then(|m| m.entity)
                .map(|e| doc.entities[e].name.clone())
        };
        assert_eq!(find("Zhou", 0).as_deref(), Some("Zhou Minghao"));
        assert_eq!(find("Zhou", 1).as_deref(), Some("Zhou Minghao"));
        assert_eq!(find("his", 0).as_deref(), Some("Zhou Minghao"));
        assert_eq!(find("she", 0).as_deref(), Some("Laura Benton"));
        assert_eq!(find("The secretary", 0).as_deref(), Some("Laura Benton"));
        let r = entity_of(&doc, "Laura Benton").unwrap();
        assert_eq!(r.role.as_deref(), Some("Commerce Secretary"));
    }

    #[test]
    fn acronyms_and_countries() {
        let doc = run("An analysis by the Federal Bureau of Investigation (FBI) worried officials. \
             The FBI declined to comment. China’s Foreign Ministry said the U.S. and the United States \
             were the same place. New Chinese Ambassador Tang Weiming arrived.");
        let fbi = entity_of(&doc, "Federal Bureau of Investigation").unwrap();
        assert_eq!(fbi.acronym.as_deref(), Some("FBI"));
        assert_eq!(fbi.org_kind, Some(OrgKind::Police));
        let fbis: Vec<_> = doc
            .mentions
            .iter()
            .filter(|m| doc.slice(m.span) == "FBI")
            .collect();
        assert!(fbis.iter().all(|m| m.entity == fbis[0].entity));
        assert_eq!(
            entity_of(&doc, "Foreign Ministry").and_then(|e| e.country.as_deref()),
            Some("China")
        );
        assert_eq!(
            entity_of(&doc, "U.S.").map(|e| (e.name.as_str(), e.place_kind)),
            Some(("United States", Some(PlaceKind::Country)))
        );
        assert_eq!(
            entity_of(&doc, "Tang Weiming").and_then(|e| e.country.as_deref()),
            Some("China")
        );
    }

    #[test]
    fn a_shared_surname_stays_with_the_person_called_by_it() {
        let doc = run(
            "Mary Smith wrote a new book. Smith cooks daily with her husband John Smith. \
             The couple met at a card shop. John remembers the day well. \
             Their son was born in 1979. After that, Smith began baking.",
        );
        let smiths: Vec<String> = doc
            .mentions
            .iter()
            .filter(|m| doc.slice(m.span) == "Smith")
            .filter_map(|m| m.entity)
            .map(|e| doc.entities[e].name.clone())
            .collect();
        assert_eq!(smiths, ["Mary Smith", "Mary Smith"]);
    }

    #[test]
    fn unresolved_pronouns_are_dropped() {
        let doc = run("She said it would rain.");
        assert!(doc.mentions.is_empty(), "{:?}", doc.mentions);
    }
}
