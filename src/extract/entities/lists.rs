//! Steps over the candidate list: split names joined, kinds repaired from the lexicons, names
//! the tagger cut short extended, lists of places and of companies, unsupported one-word names
//! and title words dropped, "… of Commerce in `<Place>`" joined.

use super::*;

/// Two person spans back to back are one name the tagger split ("Dorset" + "Hall").
pub(super) fn join_split_names(cands: &mut Vec<Cand>) {
    let mut k = 0;
    while let (Some(&a), Some(&b)) = (cands.get(k), cands.get(k + 1)) {
        if a.kind == EntityKind::Person
            && b.kind == EntityKind::Person
            && a.end == b.start
            && b.title.is_none()
            && a.sentence == b.sentence
        {
            if let Some(c) = cands.get_mut(k) {
                c.end = b.end;
            }
            cands.remove(k + 1);
        } else {
            k += 1;
        }
    }
}

/// One-word "persons" inside a list of mostly places are places ("Dover, Leeds, Milton, Preston
/// and York"); the persons of a list after "companies including" are organizations.
pub(super) fn lists(cands: &mut [Cand], words: &[&str], lx: &Lex) {
    let sep = |k: usize| {
        words
            .get(k)
            .is_some_and(|w| matches!(*w, "," | "and" | "or"))
    };
    let mut i = 0;
    while i < cands.len() {
        // the list: consecutive candidates joined by one separator token
        let mut j = i;
        while let (Some(a), Some(b)) = (cands.get(j), cands.get(j + 1)) {
            if a.end + 1 == b.start && sep(a.end) {
                j += 1;
            } else {
                break;
            }
        }
        // "companies including A, B and C": the persons of the list are organizations
        let start = cands.get(i).map_or(0, |c| c.start);
        let cue = start >= 2 && {
            let lw = |k: usize| {
                words
                    .get(k)
                    .map(|w| w.to_ascii_lowercase())
                    .unwrap_or_default()
            };
            let c1 = lw(start - 1);
            let at = if c1 == "including" || c1 == "like" {
                Some(start - 1)
            } else if c1 == "as" && lw(start - 2) == "such" {
                Some(start - 2)
            } else {
                None
            };
            at.is_some_and(|a| {
                (a.saturating_sub(3)..a).any(|k| lx.org_plurals.contains(lw(k).as_str()))
            })
        };
        if cue {
            for c in cands.get_mut(i..=j).unwrap_or(&mut []) {
                if c.kind == EntityKind::Person {
                    c.kind = EntityKind::Organization;
                    c.title = None;
                }
            }
        }
        if j > i {
            let list = cands.get(i..=j).unwrap_or(&[]);
            let places = list.iter().filter(|c| c.kind == EntityKind::Place).count();
            let persons = list.iter().filter(|c| c.kind == EntityKind::Person).count();
            if places >= 2 && places > persons {
                for c in cands.get_mut(i..=j).unwrap_or(&mut []) {
                    if c.kind == EntityKind::Person && c.end - c.start == 1 && c.title.is_none() {
                        c.kind = EntityKind::Place;
                    }
                }
            }
        }
        i = j + 1;
    }
}

/// A lone capitalized word that no name list knows, that no fuller name in the article contains
/// and that no title or speech verb supports is not a person ("Soy sauce", "Indigenous rights",
/// "Hello! Canada").
pub(super) fn drop_unsupported_singles(cands: &mut Vec<Cand>, words: &[&str], lx: &Lex) {
    let in_full_names: HashSet<String> = cands
        .iter()
        .filter(|c| c.kind == EntityKind::Person && (c.end - c.start >= 2 || c.title.is_some()))
        .flat_map(|c| {
            words
                .get(c.start..c.end)
                .unwrap_or(&[])
                .iter()
                .map(|w| w.to_lowercase())
        })
        .collect();
    let speech = |k: usize| {
        words
            .get(k)
            .is_some_and(|w| lx.speech_verbs.contains(w.to_ascii_lowercase().as_str()))
    };
    for c in cands.iter_mut() {
        if c.kind != EntityKind::Person || c.end - c.start != 1 || c.title.is_some() {
            continue;
        }
        let Some(w) = words.get(c.start) else {
            continue;
        };
        let mut key = String::with_capacity(w.len());
        for (k, ch) in w.chars().filter(|ch| ch.is_alphabetic()).enumerate() {
            if k == 0 {
                key.extend(ch.to_uppercase());
            } else {
                key.extend(ch.to_lowercase());
            }
        }
        if lx.given.contains_key(key.as_str())
            || lx.surnames.contains(key.as_str())
            || in_full_names.contains(&w.to_lowercase())
            || speech(c.end)
            || (c.start > 0 && speech(c.start - 1))
            || words.get(c.end).is_some_and(|n| {
                matches!(
                    n.to_ascii_lowercase().as_str(),
                    "administration" | "government" | "campaign"
                )
            })
        {
            continue;
        }
        c.drop = true;
    }
    cands.retain(|c| !c.drop);
}

/// Portfolio words inside a title are not organizations or places.
pub(super) fn drop_title_words(cands: &mut Vec<Cand>, words: &[&str], lx: &Lex) {
    let title_regions: Vec<(usize, usize)> = cands.iter().filter_map(|c| c.title).collect();
    for c in cands.iter_mut() {
        if c.kind == EntityKind::Person {
            continue;
        }
        let inside = title_regions
            .iter()
            .any(|&(a, b)| a <= c.start && c.end <= b);
        let all_title_words = (c.start..c.end).all(|i| {
            words
                .get(i)
                .is_some_and(|w| lx.is_title_part(w) || *w == "of")
        });
        let next_is_title = words.get(c.end).is_some_and(|w| lx.is_title_noun(w));
        let after_title_of = c.start >= 2
            && words.get(c.start - 1) == Some(&"of")
            && words.get(c.start - 2).is_some_and(|w| lx.is_title_noun(w));
        if all_title_words && (inside || next_is_title || after_title_of) {
            c.drop = true;
        }
    }
    cands.retain(|c| !c.drop);
}

/// "American Chamber of Commerce" + "in" + place → one organization.
pub(super) fn join_in_place(cands: &mut Vec<Cand>, words: &[&str], lx: &Lex) {
    let mut i = 0;
    while let (Some(&a), Some(&b)) = (cands.get(i), cands.get(i + 1)) {
        let head = words.get(a.end.wrapping_sub(1)).map(|w| norm(w));
        if a.kind == EntityKind::Organization
            && b.kind == EntityKind::Place
            && b.start == a.end + 1
            && words.get(a.end) == Some(&"in")
            && head.is_some_and(|h| lx.in_place.iter().any(|w| norm(w) == h))
        {
            if let Some(c) = cands.get_mut(i) {
                c.end = b.end;
            }
            cands.remove(i + 1);
        }
        i += 1;
    }
}

/// Type repairs the lexicons know better than the tagger: a "place" whose last word heads
/// organization names ("Halverson Center") or that is a well-known organization is an organization;
/// an unknown one-word "place" or "organization" before "administration" is the president's name.
pub(super) fn reclassify(c: &mut Cand, words: &[&str], lx: &Lex, doc: &Document) {
    let _ = doc;
    let text = words.get(c.start..c.end).unwrap_or(&[]).join(" ");
    let key = norm(&text);
    if c.kind == EntityKind::Place {
        let known_place = lx.country(&text).is_some() || lx.places.contains_key(&key);
        let last = words
            .get(c.end.wrapping_sub(1))
            .map(|w| norm(w))
            .unwrap_or_default();
        if !known_place
            && c.end - c.start >= 2
            && (lx.known_orgs.contains_key(&key) || lx.org_kinds.contains_key(&last))
        {
            c.kind = EntityKind::Organization;
        }
    }
    if c.kind != EntityKind::Person
        && c.end - c.start == 1
        && words
            .get(c.end)
            .is_some_and(|w| w.eq_ignore_ascii_case("administration"))
        && lx.country(&text).is_none()
        && !lx.places.contains_key(&key)
        && !lx.known_orgs.contains_key(&key)
    {
        c.kind = EntityKind::Person;
    }
}

/// Extends an organization across "of"/"for" to the capitalized words that head it, when the
/// tagger split it: "American Chamber of" + "Commerce" → "American Chamber of Commerce".
pub(super) fn extend_org_names(cands: &mut Vec<Cand>, words: &[&str], doc: &Document, lx: &Lex) {
    let cap = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| starts_upper(w) && !lx.is_title_noun(w))
    };
    let same_sentence = |a: usize, b: usize| {
        doc.tokens.get(a).map(|t| t.sentence) == doc.tokens.get(b).map(|t| t.sentence)
    };
    for k in 0..cands.len() {
        let Some(&c) = cands.get(k) else { continue };
        if c.kind != EntityKind::Organization || c.start < 2 {
            continue;
        }
        let link = words.get(c.start - 1).copied().unwrap_or("");
        if !(link == "of" || link == "for") || !same_sentence(c.start - 2, c.start) {
            continue;
        }
        let head = words.get(c.start - 2).map(|w| norm(w)).unwrap_or_default();
        if !cap(c.start - 2) || !lx.org_kinds.contains_key(&head) {
            continue;
        }
        let mut s = c.start - 2;
        while s > 0
            && cap(s - 1)
            && same_sentence(s - 1, s)
            && doc
                .sentences
                .get(c.sentence)
                .is_some_and(|st| st.tokens.start < s - 1)
        {
            s -= 1;
        }
        if let Some(x) = cands.get_mut(k) {
            x.start = s;
        }
        for d in cands.iter_mut() {
            if d.end > s && d.end <= c.start && d.start >= s {
                d.drop = true;
            }
        }
    }
    cands.retain(|c| !c.drop);
}

/// One name, one sense per article: a candidate that ends an organization name the tagger
/// found whole elsewhere in the article, right after that name's other capitalized words, is
/// that organization ("Harbour Works’s report" where the tagger kept only "Works").
pub(super) fn extend_to_known_orgs(cands: &mut [Cand], words: &[&str]) {
    let orgs: HashSet<String> = cands
        .iter()
        .filter(|c| c.kind == EntityKind::Organization && c.end - c.start >= 2)
        .map(|c| words.get(c.start..c.end).unwrap_or(&[]).join(" "))
        .collect();
    if orgs.is_empty() {
        return;
    }
    let mut prev_end = 0;
    for c in cands.iter_mut() {
        for k in 1..=3 {
            let Some(s) = c.start.checked_sub(k) else {
                break;
            };
            let lead = words.get(s..c.start).unwrap_or(&[]);
            if s < prev_end || !lead.iter().all(|w| starts_upper(w)) {
                break;
            }
            let name = words.get(s..c.end).unwrap_or(&[]).join(" ");
            if orgs.contains(&name) {
                c.start = s;
                c.kind = EntityKind::Organization;
                c.title = None;
                break;
            }
        }
        prev_end = c.end;
    }
}
