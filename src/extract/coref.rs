//! Stage 2: within-document coreference. Every kept mention is linked to one canonical
//! [`Entity`] in `doc.entities`; pronoun and role-noun candidates that find no antecedent are
//! dropped.
//!
//! * People: full names are grouped by first and last token; a lone surname (or an East Asian
//!   family name written first: "Xi" → "Xi Jinping") goes to the most recently mentioned person
//!   carrying it, after ruling out people whose known role conflicts with the mention's title
//!   ("Commerce Minister Wang" is not the "foreign-affairs official" Wang); pronouns go to the most
//!   recent person of compatible sex (from a census given-name list, else from earlier pronouns)
//!   within the last few sentences; "the secretary" goes to the most recent person whose title has
//!   that head noun.
//! * Organizations: same name (without "the"), an acronym given in parentheses, the initials of
//!   the name, a well-known organization lexicon, or the first word of a longer name.
//! * Places: same name, or the same country under an alias ("U.S." = "United States").
//!
//! The canonical name is the fullest form the article gives. Role, country (from demonyms and
//! possessives), acronym, organization kind and place kind are filled here.

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::FxHashMap as HashMap;

use crate::document::{Document, Entity, EntityKind, MentionForm, OrgKind, PlaceKind};
use crate::extract::entities::{is_possessive, lex, norm, CountryForm, Gender, Lex, TitleClass};

/// Sentences back that a pronoun may reach for its antecedent.
const PRONOUN_WINDOW: usize = 3;
/// People kept in the recency list that pronouns and role nouns search.
const RECENT: usize = 32;

/// Honorifics that are not a role ("Mr."), so not recorded as the person's role.
fn is_honorific(t: &str) -> bool {
    matches!(
        norm(t).trim_end_matches('.'),
        "mr" | "mrs" | "ms" | "miss" | "sir" | "dame" | "lord" | "lady" | "madam" | "mme" | "m"
    )
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

struct PersonInfo {
    toks: Vec<String>,
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
    let t = doc.tokens.partition_point(|t| t.span.start < start);
    !doc.tokens
        .get(..t)
        .unwrap_or(&[])
        .iter()
        .rev()
        .take_while(|t| t.sentence == sentence)
        .any(|t| t.kind != crate::document::TokenKind::Punct)
}

/// Fills `doc.entities` and sets `Mention::entity` for every kept mention.
pub fn resolve(doc: &mut Document) {
    doc.entities.clear();
    let lx = lex();
    doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    let n = doc.mentions.len();
    let texts: Vec<String> = doc
        .mentions
        .iter()
        .map(|m| doc.slice(m.span).to_string())
        .collect();
    let titles: Vec<Option<String>> = doc
        .mentions
        .iter()
        .map(|m| m.title.map(|t| doc.slice(t).to_string()))
        .collect();
    let mut assign: Vec<Option<usize>> = vec![None; n];
    let mut forms: Vec<MentionForm> = doc.mentions.iter().map(|m| m.form).collect();

    // ---- people -------------------------------------------------------------------------
    let mut people: Vec<PersonInfo> = Vec::new();
    let mut person_entity: Vec<usize> = Vec::new(); // people index → entity index
                                                    // people by each of their name tokens (for surname lookups and suffix merges)
    let mut by_token: HashMap<String, Vec<usize>> = HashMap::default();
    #[expect(
        clippy::indexing_slicing,
        reason = "i < n by the loop bound, and texts, titles, assign and forms all have length n = doc.mentions.len(); people/entity indices come from this function's own pushes (the vectors only grow)"
    )]
    for i in 0..n {
        let m = &doc.mentions[i];
        if m.kind != EntityKind::Person || m.form != MentionForm::FullName {
            continue;
        }
        let toks = name_tokens(&texts[i]);
        if toks.len() < 2 {
            continue;
        }
        let Some(last) = toks.last().cloned() else {
            continue;
        };
        // same first and last token, or one name a suffix of the other ("Al Hashish" of
        // "Fouzia Al Hashish")
        let found = by_token.get(&last).and_then(|ps| {
            ps.iter().copied().find(|&p| {
                let q = &people[p].toks;
                q.last() == Some(&last)
                    && (q.first() == toks.first() || q.ends_with(&toks) || toks.ends_with(q))
            })
        });
        let p = match found {
            Some(p) => p,
            None => {
                people.push(PersonInfo {
                    toks: toks.clone(),
                    gender: None,
                    roles: Vec::new(),
                    last_seen: None,
                    first: m.span.start,
                    anchored: true,
                    bare: Vec::new(),
                });
                people.len() - 1
            }
        };
        for t in &toks {
            let v = by_token.entry(t.clone()).or_default();
            if !v.contains(&p) {
                v.push(p);
            }
        }
        if toks.len() > people[p].toks.len() {
            people[p].toks = toks;
        }
        assign[i] = Some(p);
        if let Some(t) = &titles[i] {
            people[p].roles.extend(role_words(t));
        }
        people[p]
            .roles
            .extend(appositive_words(doc, m.span.end, m.sentence));
    }
    for p in people.iter_mut() {
        let first = p.toks.first().map(String::as_str).unwrap_or("");
        let mut cap = String::with_capacity(first.len());
        for (k, c) in first.chars().enumerate() {
            if k == 0 {
                cap.extend(c.to_uppercase());
            } else {
                cap.push(c);
            }
        }
        p.gender = lx.given.get(cap.as_str()).copied();
    }
    let mut singles: HashMap<String, usize> = HashMap::default();
    // the most recently mentioned people, most recent first (bounded: pronoun and role-noun
    // lookups stay constant-time per mention)
    let mut recent: Vec<usize> = Vec::with_capacity(RECENT + 1);
    #[expect(
        clippy::indexing_slicing,
        reason = "i < n by the loop bound, and texts, titles, assign and forms all have length n = doc.mentions.len(); people/entity indices come from this function's own pushes (the vectors only grow)"
    )]
    for i in 0..n {
        let m = &doc.mentions[i];
        if m.kind != EntityKind::Person {
            continue;
        }
        let (pos, sent) = (m.span.start, m.sentence);
        match m.form {
            MentionForm::FullName if assign[i].is_some() => {}
            MentionForm::FullName => {
                // one-token name: surname, given name, or a person named once
                let tok = norm(&texts[i]);
                let title_dom = titles[i]
                    .as_deref()
                    .map(|t| domain_words(lx, &role_words(t)))
                    .unwrap_or_default();
                let mut best: Option<(usize, bool)> = None; // (person, matched last token)
                let mut best_key: Option<(bool, bool, usize)> = None;
                let cands = by_token.get(&tok).cloned().unwrap_or_default();
                for pi in cands {
                    let Some(p) = people.get(pi) else { continue };
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
                    // the person already called by this bare surname, unless another was
                    // named in this or the previous sentence; then the most recent earlier
                    // mention; otherwise the first later one
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
                        if titles[i].is_none() {
                            if let Some(pp) = people.get_mut(pi).filter(|p| !p.bare.contains(&tok))
                            {
                                pp.bare.push(tok.clone());
                            }
                        }
                        forms[i] = if titles[i].is_some() {
                            MentionForm::Title
                        } else if last || !lx.given.contains_key(texts[i].as_str()) {
                            MentionForm::Surname
                        } else {
                            MentionForm::GivenName
                        };
                        pi
                    }
                    None => *singles.entry(tok.clone()).or_insert_with(|| {
                        people.push(PersonInfo {
                            toks: vec![tok.clone()],
                            gender: None,
                            roles: Vec::new(),
                            last_seen: None,
                            first: pos,
                            anchored: false,
                            bare: Vec::new(),
                        });
                        people.len() - 1
                    }),
                };
                if let Some(t) = &titles[i] {
                    people[p].roles.extend(role_words(t));
                    people[p].anchored = true;
                }
                if !sentence_initial(doc, pos, sent) {
                    people[p].anchored = true;
                }
                assign[i] = Some(p);
            }
            MentionForm::Pronoun => {
                let g = lx.pronouns.get(norm(&texts[i]).as_str()).copied();
                let mut best: Option<(usize, usize)> = None;
                for &pi in &recent {
                    let Some(p) = people.get(pi) else { continue };
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
                if let Some((pi, _)) = best {
                    if people[pi].gender.is_none() {
                        people[pi].gender = g;
                    }
                    assign[i] = Some(pi);
                }
            }
            MentionForm::RoleNoun => {
                let words = role_words(&texts[i]);
                let head = words.iter().rev().find(|w| lx.is_head(w)).cloned();
                let dom = domain_words(lx, &words);
                let mut best: Option<(usize, usize)> = None;
                if let Some(head) = head {
                    for &pi in &recent {
                        let Some(p) = people.get(pi) else { continue };
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
                }
                assign[i] = best.map(|(pi, _)| pi);
            }
            _ => {}
        }
        if let Some(p) = assign[i] {
            if let Some(pp) = people.get_mut(p) {
                pp.last_seen = Some((pos, sent));
            }
            recent.retain(|&q| q != p);
            recent.insert(0, p);
            recent.truncate(RECENT);
        }
    }
    // a one-word "name" only ever seen opening a sentence, and in no census name list, is more
    // likely a capitalized common word ("Commuter chaos …", "Strong earnings …") than a person
    let dropped: Vec<bool> = people
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
    #[expect(
        clippy::indexing_slicing,
        reason = "i < n by the loop bound, and texts, titles, assign and forms all have length n = doc.mentions.len(); people/entity indices come from this function's own pushes (the vectors only grow)"
    )]
    for (i, a) in assign.iter_mut().enumerate() {
        if doc.mentions[i].kind == EntityKind::Person
            && a.is_some_and(|p| dropped.get(p).copied().unwrap_or(false))
        {
            *a = None;
        }
    }
    // entities for people that kept at least one mention, in order of first mention
    let mut used = vec![false; people.len()];
    for (m, a) in doc.mentions.iter().zip(&assign) {
        if let (EntityKind::Person, Some(p)) = (m.kind, a) {
            if let Some(u) = used.get_mut(*p) {
                *u = true;
            }
        }
    }
    person_entity.resize(people.len(), usize::MAX);
    for (m, a) in doc.mentions.iter().zip(&assign) {
        let (EntityKind::Person, Some(p)) = (m.kind, *a) else {
            continue;
        };
        let (Some(slot), Some(true)) = (person_entity.get_mut(p), used.get(p).copied()) else {
            continue;
        };
        if *slot != usize::MAX {
            continue;
        }
        *slot = doc.entities.len();
        doc.entities.push(Entity {
            kind: Some(EntityKind::Person),
            ..Default::default()
        });
    }
    for (m, a) in doc.mentions.iter().zip(assign.iter_mut()) {
        if m.kind == EntityKind::Person {
            *a = a.and_then(|p| person_entity.get(p).copied());
        }
    }

    // ---- organizations and places ---------------------------------------------------------
    let mut org_key: HashMap<String, usize> = HashMap::default();
    let mut place_key: HashMap<String, usize> = HashMap::default();
    // multi-word organization names by initials ("FBI") and by first word ("Micron")
    let mut org_by_initials: HashMap<String, usize> = HashMap::default();
    let mut org_by_first: HashMap<String, usize> = HashMap::default();
    #[expect(
        clippy::indexing_slicing,
        reason = "i < n by the loop bound, and texts, titles, assign and forms all have length n = doc.mentions.len(); people/entity indices come from this function's own pushes (the vectors only grow)"
    )]
    for i in 0..n {
        let m = &doc.mentions[i];
        match m.kind {
            EntityKind::Organization => {
                let text = texts[i].as_str();
                let bare = strip_the(text);
                let nk = norm(bare);
                let known = lx.known_orgs.get(&nk);
                let key = known.map_or(nk.clone(), |k| norm(k.0));
                let mut e = org_key.get(&key).copied();
                if e.is_none() && forms[i] == MentionForm::Acronym {
                    // "(FBI)" right after its expansion, or the initials of an earlier name
                    let ak = acronym_key(text);
                    if i > 0
                        && doc.mentions[i - 1].kind == EntityKind::Organization
                        && doc
                            .text
                            .get(doc.mentions[i - 1].span.end..m.span.start)
                            .is_some_and(|g| g.trim() == "(")
                    {
                        e = assign[i - 1];
                    }
                    if e.is_none() {
                        e = org_by_initials.get(&ak).copied();
                    }
                    if let Some(e) = e {
                        if doc.entities[e].acronym.is_none() {
                            doc.entities[e].acronym = Some(text.to_string());
                        }
                    }
                }
                if e.is_none() && !bare.contains(' ') && forms[i] != MentionForm::Acronym {
                    // "Micron" after "Micron Technology"
                    e = org_by_first.get(&nk).copied();
                    if e.is_some() {
                        forms[i] = MentionForm::Surname;
                    }
                }
                let e = match e {
                    Some(e) => e,
                    None => {
                        doc.entities.push(Entity {
                            kind: Some(EntityKind::Organization),
                            ..Default::default()
                        });
                        doc.entities.len() - 1
                    }
                };
                org_key.entry(key).or_insert(e);
                if forms[i] != MentionForm::Acronym && bare.contains(' ') {
                    org_by_initials.entry(initials(bare)).or_insert(e);
                    if let Some(f) = bare.split_whitespace().next() {
                        org_by_first.entry(norm(f)).or_insert(e);
                    }
                }
                if let Some(k) = known {
                    let ent = &mut doc.entities[e];
                    if ent.acronym.is_none() && !k.1.is_empty() {
                        ent.acronym = Some(k.1.to_string());
                    }
                    ent.org_kind.get_or_insert(k.2);
                }
                assign[i] = Some(e);
            }
            EntityKind::Place => {
                let text = texts[i].as_str();
                let nk = norm(strip_the(text));
                let key = lx.country(&nk).map_or(nk.clone(), |(c, _)| norm(c));
                let e = *place_key.entry(key).or_insert_with(|| {
                    doc.entities.push(Entity {
                        kind: Some(EntityKind::Place),
                        ..Default::default()
                    });
                    doc.entities.len() - 1
                });
                assign[i] = Some(e);
            }
            EntityKind::Person => {}
        }
    }

    // ---- canonical names and attributes --------------------------------------------------
    // fullest form: most words, then most characters; a non-ALL-CAPS form over an ALL-CAPS one
    let mut best_name: Vec<Option<(bool, usize, usize, usize)>> = vec![None; doc.entities.len()];
    #[expect(
        clippy::indexing_slicing,
        reason = "e and i come from assign (indices of doc.entities pushed above, which only grows) and from the loop bound i < n = assign.len() = texts.len() = titles.len() = forms.len() = doc.mentions.len(); best_name has one slot per entity and no entity is added after it is built"
    )]
    for i in 0..n {
        let Some(e) = assign[i] else { continue };
        if !matches!(
            forms[i],
            MentionForm::FullName
                | MentionForm::Surname
                | MentionForm::Title
                | MentionForm::GivenName
        ) {
            continue;
        }
        let t = strip_the(&texts[i]);
        let key = (
            !all_caps(t) || t.len() <= 5,
            t.split_whitespace().count(),
            t.chars().count(),
            usize::MAX - i,
        );
        if best_name[e].is_none_or(|b| key > b) {
            best_name[e] = Some(key);
        }
    }
    #[expect(
        clippy::indexing_slicing,
        reason = "e and i come from assign (indices of doc.entities pushed above, which only grows) and from the loop bound i < n = assign.len() = texts.len() = titles.len() = forms.len() = doc.mentions.len(); best_name has one slot per entity and no entity is added after it is built"
    )]
    for (e, b) in best_name.iter().enumerate() {
        if let Some((_, _, _, inv)) = b {
            let i = usize::MAX - inv;
            doc.entities[e].name = strip_the(&texts[i]).to_string();
        }
    }
    #[expect(
        clippy::indexing_slicing,
        reason = "e and i come from assign (indices of doc.entities pushed above, which only grows) and from the loop bound i < n = assign.len() = texts.len() = titles.len() = forms.len() = doc.mentions.len(); best_name has one slot per entity and no entity is added after it is built"
    )]
    for i in 0..n {
        let Some(e) = assign[i] else { continue };
        if doc.entities[e].name.is_empty() {
            // an acronym-only organization
            let t = &texts[i];
            let known = lx.known_orgs.get(&norm(t));
            doc.entities[e].name = t.to_string();
            if let Some(k) = known {
                doc.entities[e].org_kind.get_or_insert(k.2);
            }
        }
        let m = &doc.mentions[i];
        match m.kind {
            EntityKind::Person => {
                if let Some(t) = &titles[i] {
                    if doc.entities[e].role.is_none() && !is_honorific(t) {
                        doc.entities[e].role = Some(t.clone());
                    }
                    if doc.entities[e].country.is_none() {
                        doc.entities[e].country = t
                            .split_whitespace()
                            .find_map(|w| lx.country(w).map(|c| c.0.to_string()));
                    }
                }
            }
            EntityKind::Organization => {
                if doc.entities[e].country.is_none() {
                    doc.entities[e].country = org_country(doc, lx, i, &texts[i]);
                }
            }
            EntityKind::Place => {}
        }
    }
    for ent in doc.entities.iter_mut() {
        match ent.kind {
            Some(EntityKind::Organization) if ent.org_kind.is_none() => {
                ent.org_kind = Some(org_kind(lx, &ent.name));
            }
            Some(EntityKind::Place) => {
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

    for ((m, a), f) in doc.mentions.iter_mut().zip(&assign).zip(&forms) {
        m.entity = *a;
        m.form = *f;
    }
    doc.mentions.retain(|m| m.entity.is_some());
}

fn strip_the(s: &str) -> &str {
    for p in ["the ", "The ", "THE "] {
        if let Some(r) = s.strip_prefix(p) {
            return r;
        }
    }
    s
}

/// Organization kind from the well-known list or the last kind word of the name.
pub(crate) fn org_kind(lx: &Lex, name: &str) -> OrgKind {
    if let Some(k) = lx.known_orgs.get(&norm(name)) {
        return k.2;
    }
    name.split_whitespace()
        .rev()
        .find_map(|w| lx.org_kinds.get(&norm(w)).copied())
        .unwrap_or(OrgKind::Other)
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
    let t = doc.tokens.partition_point(|t| t.span.start < m.span.start);
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

/// Words of an appositive right after a name: ", <words> ," (at most 14 tokens).
fn appositive_words(doc: &Document, end: usize, sentence: usize) -> Vec<String> {
    let t = doc.tokens.partition_point(|t| t.span.start < end);
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
    use crate::extract::entities;

    fn run(text: &str) -> Document {
        let mut doc = Document::segmented("t", text);
        entities::detect(&mut doc);
        resolve(&mut doc);
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
            .filter(|e| e.kind == Some(EntityKind::Person))
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
        assert_eq!(fbi.org_kind, Some(OrgKind::Government));
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
