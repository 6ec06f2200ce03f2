//! Organizations and places: one entity per name (without "the"); an organization also by an
//! acronym given in parentheses, by its initials, by the well-known organization lexicon or by
//! the first word of a longer name; a place also by its country under an alias ("U.S." =
//! "United States").

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::FxHashMap as HashMap;

use super::{acronym_key, initials, strip_the, Links};
use crate::document::{Document, Entity, EntityKind, MentionForm};
use crate::extract::entities::{norm, Lex};

/// Organization entities by the keys that later mentions may use.
#[derive(Default)]
struct OrgKeys {
    /// Name (without "the"), or the well-known organization's name.
    name: HashMap<String, usize>,
    /// Multi-word names by initials ("FBI").
    initials: HashMap<String, usize>,
    /// Multi-word names by first word ("Micron").
    first: HashMap<String, usize>,
}

/// Links every organization and place mention, creating entities as new names appear.
pub(super) fn link(doc: &Document, lx: &Lex, links: &mut Links, entities: &mut Vec<Entity>) {
    let mut orgs = OrgKeys::default();
    let mut place_key: HashMap<String, usize> = HashMap::default();
    for (i, m) in doc.mentions.iter().enumerate() {
        match m.kind {
            EntityKind::Organization => organization(doc, lx, links, &mut orgs, entities, i),
            EntityKind::Place => {
                let Some(text) = links.texts.get(i) else {
                    continue;
                };
                let nk = norm(strip_the(text));
                let key = lx.country(&nk).map_or(nk.clone(), |(c, _)| norm(c));
                let e = *place_key.entry(key).or_insert_with(|| {
                    entities.push(Entity::new(EntityKind::Place));
                    entities.len() - 1
                });
                if let Some(a) = links.assign.get_mut(i) {
                    *a = Some(e);
                }
            }
            EntityKind::Person => {}
        }
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "i < doc.mentions.len() = links.len() (caller's loop), i - 1 only when i > 0; entity indices come from entities' own pushes (the vector only grows)"
)]
fn organization(
    doc: &Document,
    lx: &Lex,
    links: &mut Links,
    orgs: &mut OrgKeys,
    entities: &mut Vec<Entity>,
    i: usize,
) {
    let m = &doc.mentions[i];
    let text = links.texts[i].as_str();
    let bare = strip_the(text);
    let nk = norm(bare);
    let known = lx.known_orgs.get(&nk);
    let key = known.map_or(nk.clone(), |k| norm(k.0));
    let mut e = orgs.name.get(&key).copied();
    if e.is_none() && links.forms[i] == MentionForm::Acronym {
        // "(FBI)" right after its expansion, or the initials of an earlier name
        let ak = acronym_key(text);
        if i > 0
            && doc.mentions[i - 1].kind == EntityKind::Organization
            && doc
                .text
                .get(doc.mentions[i - 1].span.end..m.span.start)
                .is_some_and(|g| g.trim() == "(")
        {
            e = links.assign[i - 1];
        }
        if e.is_none() {
            e = orgs.initials.get(&ak).copied();
        }
        if let Some(e) = e {
            if entities[e].acronym.is_none() {
                entities[e].acronym = Some(text.to_string());
            }
        }
    }
    if e.is_none() && !bare.contains(' ') && links.forms[i] != MentionForm::Acronym {
        // "Micron" after "Micron Technology"
        e = orgs.first.get(&nk).copied();
        if e.is_some() {
            links.forms[i] = MentionForm::Surname;
        }
    }
    let e = match e {
        Some(e) => e,
        None => {
            entities.push(Entity::new(EntityKind::Organization));
            entities.len() - 1
        }
    };
    orgs.name.entry(key).or_insert(e);
    if links.forms[i] != MentionForm::Acronym && bare.contains(' ') {
        orgs.initials.entry(initials(bare)).or_insert(e);
        if let Some(f) = bare.split_whitespace().next() {
            orgs.first.entry(norm(f)).or_insert(e);
        }
    }
    if let Some(k) = known {
        let ent = &mut entities[e];
        if ent.acronym.is_none() && !k.1.is_empty() {
            ent.acronym = Some(k.1.to_string());
        }
        ent.org_kind.get_or_insert(k.2);
    }
    links.assign[i] = Some(e);
}
