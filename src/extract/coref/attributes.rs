//! Entity attributes once the mentions are linked: the canonical name (the fullest form the
//! article gives), a person's role from a title and country from a demonym in it, an
//! organization's country and kind, a place's kind.

use super::{all_caps, strip_the, Links};
use crate::document::{Document, Entity, EntityKind, MentionForm, OrgKind, PlaceKind};
use crate::extract::entities::{is_possessive, norm, CountryForm, Lex};
use crate::text::index;

/// Canonical name of every entity: most words, then most characters, a non-ALL-CAPS form over
/// an ALL-CAPS one, then the earliest mention.
pub(super) fn names(links: &Links, entities: &mut [Entity]) {
    let mut best_name: Vec<Option<(bool, usize, usize, usize)>> = vec![None; entities.len()];
    for (i, (a, t)) in links.assign.iter().zip(&links.texts).enumerate() {
        let Some(e) = *a else { continue };
        if !matches!(
            links.forms.get(i),
            Some(
                MentionForm::FullName
                    | MentionForm::Surname
                    | MentionForm::Title
                    | MentionForm::GivenName
            )
        ) {
            continue;
        }
        let t = strip_the(t);
        let key = (
            !all_caps(t) || t.len() <= 5,
            t.split_whitespace().count(),
            t.chars().count(),
            usize::MAX - i,
        );
        if let Some(b) = best_name.get_mut(e) {
            if b.is_none_or(|b| key > b) {
                *b = Some(key);
            }
        }
    }
    for (ent, b) in entities.iter_mut().zip(&best_name) {
        if let Some((_, _, _, inv)) = b {
            if let Some(t) = links.texts.get(usize::MAX - inv) {
                ent.name = strip_the(t).to_string();
            }
        }
    }
}

/// Per mention: the name of an acronym-only organization, a person's role and country from the
/// title, an organization's country.
#[expect(
    clippy::indexing_slicing,
    reason = "e comes from links.assign (indices of entities, which no longer grows) and i < links.len() = doc.mentions.len()"
)]
pub(super) fn from_mentions(doc: &Document, lx: &Lex, links: &Links, entities: &mut [Entity]) {
    for i in 0..links.assign.len() {
        let Some(e) = links.assign[i] else { continue };
        if entities[e].name.is_empty() {
            // an acronym-only organization
            let t = &links.texts[i];
            let known = lx.known_orgs.get(&norm(t));
            entities[e].name = t.to_string();
            if let Some(k) = known {
                entities[e].org_kind.get_or_insert(k.2);
            }
        }
        let m = &doc.mentions[i];
        match m.kind {
            EntityKind::Person => {
                if let Some(t) = &links.titles[i] {
                    if entities[e].role.is_none() && !lx.is_honorific(t) {
                        entities[e].role = Some(t.clone());
                    }
                    if entities[e].country.is_none() {
                        entities[e].country = t
                            .split_whitespace()
                            .find_map(|w| lx.country(w).map(|c| c.0.to_string()));
                    }
                }
            }
            EntityKind::Organization => {
                if entities[e].country.is_none() {
                    entities[e].country = org_country(doc, lx, i, &links.texts[i]);
                }
            }
            EntityKind::Place => {}
        }
    }
}

/// Organization kind (from the well-known list or the name's kind word) and place kind (country,
/// capital, gazetteer class).
pub(super) fn kinds(lx: &Lex, entities: &mut [Entity]) {
    for ent in entities.iter_mut() {
        match ent.kind {
            EntityKind::Organization if ent.org_kind.is_none() => {
                ent.org_kind = Some(org_kind(lx, &ent.name));
            }
            EntityKind::Place => {
                let nk = norm(&ent.name);
                ent.place_kind = Some(match lx.country(&nk) {
                    Some((_, CountryForm::Country | CountryForm::Alias)) => PlaceKind::Country,
                    _ if lx.capitals.contains_key(&nk) => PlaceKind::City,
                    _ => lx.places.get(&nk).copied().unwrap_or(PlaceKind::Other),
                });
            }
            _ => {}
        }
    }
}

/// Organization kind from the well-known list, else from the words of the name: the last head
/// decides; a deferring head ("Department", "Club") takes the kind of the nearest kind word before
/// it, head (not a company word) or modifier ("Police Department", "Football Club"), else its own; a name without heads
/// takes its last modifier ("Riverside FC"). See `lexicons/entities/org_kinds.tsv`.
pub(crate) fn org_kind(lx: &Lex, name: &str) -> OrgKind {
    if let Some(k) = lx.known_orgs.get(&norm(name)) {
        return k.2;
    }
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            let w = norm(w);
            match w.strip_suffix("'s") {
                Some(stem) => stem.to_string(),
                None => w,
            }
        })
        .collect();
    // A company word before a deferring head is a name's own suffix or part ("Bay Co Building
    // Authority"), not the kind of the body the head names.
    let kind_word = |w: &String| {
        lx.org_kinds
            .get(w)
            .map(|h| h.kind)
            .filter(|k| *k != OrgKind::Company)
            .or_else(|| lx.org_kind_modifiers.get(w).copied())
    };
    match words
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, w)| lx.org_kinds.get(w).map(|h| (i, h)))
    {
        Some((i, head)) if head.defers => words
            .get(..i)
            .and_then(|before| before.iter().rev().find_map(kind_word))
            .unwrap_or(head.kind),
        Some((_, head)) => head.kind,
        None => words
            .iter()
            .rev()
            .find_map(|w| lx.org_kind_modifiers.get(w).copied())
            .unwrap_or(OrgKind::Other),
    }
}

/// Country of an organization mention: a demonym or country in its name ("Chinese Foreign
/// Ministry"), a demonym right before it, or a possessive country before it ("China’s Foreign Ministry").
fn org_country(doc: &Document, lx: &Lex, i: usize, text: &str) -> Option<String> {
    let m = doc.mentions.get(i)?;
    if let Some(first) = text.split_whitespace().next() {
        if let Some((c, CountryForm::Demonym | CountryForm::Alias)) = lx.country(first) {
            return Some(c.to_string());
        }
    }
    let t = index::token_starting_from(&doc.tokens, m.span.start).get();
    let prev = t.checked_sub(1).and_then(|k| doc.tokens.get(k))?;
    let pw = doc.slice(prev.span);
    if prev.sentence != m.sentence {
        return None;
    }
    if let Some((c, _)) = lx.country(pw) {
        return Some(c.to_string());
    }
    if is_possessive(pw) {
        let owner = t.checked_sub(2).and_then(|k| doc.tokens.get(k))?;
        if let Some((c, _)) = lx.country(doc.slice(owner.span)) {
            return Some(c.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::org_kind;
    use crate::document::OrgKind;

    #[test]
    fn org_kind_reads_heads_deferring_heads_and_modifiers() {
        let lx = crate::extract::entities::lex();
        let cases = [
            ("Harbor City Police Department", OrgKind::Police),
            ("Northfield Justice Department", OrgKind::Government),
            ("Riverside Football Club", OrgKind::Sports),
            ("Kestrel Rovers FC", OrgKind::Sports),
            ("Bramley Rotary Club", OrgKind::Ngo),
            ("House Ways Committee", OrgKind::Legislature),
            ("Greenvale Labour Party", OrgKind::PoliticalParty),
            ("Labour Department", OrgKind::Government),
            ("Democratic Governors Association", OrgKind::PoliticalParty),
            ("Valley Superior Court", OrgKind::Court),
            ("Eastgate Construction Group", OrgKind::Company),
            ("St. Brennan's Catholic Church", OrgKind::Religious),
            ("Ardmore County Sheriff's Department", OrgKind::Police),
            ("Lakeside University Press", OrgKind::Media),
            ("Corran Valley Trail", OrgKind::Other),
            ("Dunmore Co Housing Authority", OrgKind::Government),
        ];
        for (name, want) in cases {
            assert_eq!(org_kind(lx, name), want, "{name}");
        }
    }
}
