//! Spelling variants of one person's name, merged after linking: "Kelley" / "Kelly Marchetti",
//! "Samuel Abdelkarim Haddad" / "Abdulkarim Haddad" (an article, or its copy desk, sometimes
//! mixes them).

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::FxHashMap as HashMap;

use crate::document::{Document, EntityIdx, EntityKind, MentionForm};
use crate::extract::entities::{norm, title_key, Lex};

/// Merges people whose names are spelling variants of one another: the mentions of the shorter
/// or rarer variant move to the fuller or more frequent one, whose entity keeps its name. The
/// entity left without mentions is removed by the caller (`coref::compact`).
/// Two names are variants when their last tokens are equal and exactly one other aligned token
/// differs by one edit (both at least five letters, same initial) or only by a spelling of a
/// final vowel sound ("-ie", "-y", "-i", "-ey"), and the given names' known sexes do not differ.
pub(super) fn merge_name_variants(doc: &mut Document, lx: &Lex) {
    let n = doc.entities.len();
    let mut full = vec![0usize; n];
    let mut first = vec![usize::MAX; n];
    for (i, m) in doc.mentions.iter().enumerate() {
        let Some(e) = m.entity else { continue };
        if m.kind != EntityKind::Person {
            continue;
        }
        if let (Some(f), Some(fi)) = (full.get_mut(e.get()), first.get_mut(e.get())) {
            if m.form == MentionForm::FullName {
                *f += 1;
            }
            *fi = (*fi).min(i);
        }
    }
    let mut groups: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::default();
    for (e, ent) in doc.entities.iter().enumerate() {
        if ent.kind != EntityKind::Person || first.get(e).is_none_or(|&f| f == usize::MAX) {
            continue;
        }
        let toks: Vec<String> = ent.name.split_whitespace().map(norm).collect();
        if toks.len() < 2 || toks.len() > 6 {
            continue;
        }
        if let Some(last) = toks.last() {
            groups.entry(last.clone()).or_default().push((e, toks));
        }
    }
    let mut target: Vec<Option<usize>> = vec![None; n];
    for g in groups.values() {
        // a bounded group: a pathological article with hundreds of namesakes stays linear
        if g.len() < 2 || g.len() > 16 {
            continue;
        }
        for (i, (a, ta)) in g.iter().enumerate() {
            for (b, tb) in g.iter().skip(i + 1) {
                if !name_variants(lx, ta, tb) {
                    continue;
                }
                let rank = |e: usize, t: &Vec<String>| {
                    (
                        t.len(),
                        full.get(e).copied().unwrap_or(0),
                        usize::MAX - first.get(e).copied().unwrap_or(usize::MAX),
                    )
                };
                let (keep, other) = if rank(*a, ta) >= rank(*b, tb) {
                    (*a, *b)
                } else {
                    (*b, *a)
                };
                if let Some(t) = target.get_mut(other) {
                    if t.is_none() {
                        *t = Some(keep);
                    }
                }
            }
        }
    }
    if target.iter().all(Option::is_none) {
        return;
    }
    for m in doc.mentions.iter_mut() {
        let Some(mut e) = m.entity.map(EntityIdx::get) else {
            continue;
        };
        // follow a short chain of merges (each step moves to a higher-ranked name)
        for _ in 0..4 {
            match target.get(e).copied().flatten() {
                Some(t) if t != e => e = t,
                _ => break,
            }
        }
        m.entity = Some(EntityIdx(e));
    }
}

/// Whether two tokenized names (lowercase) are spelling variants of one person's name.
fn name_variants(lx: &Lex, a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 || short.last() != long.last() {
        return false;
    }
    let mut diffs = 0;
    for (x, y) in short.iter().rev().zip(long.iter().rev()) {
        if x == y {
            continue;
        }
        if !token_variants(x, y) {
            return false;
        }
        let sex = |w: &str| lx.given.get(title_key(w).as_str()).copied();
        if let (Some(sx), Some(sy)) = (sex(x), sex(y)) {
            if sx != sy {
                return false;
            }
        }
        diffs += 1;
    }
    diffs == 1
}

/// One edit apart (both at least five letters, same initial), or equal up to the spelling of a
/// final vowel sound ("kelley" / "kelly").
fn token_variants(x: &str, y: &str) -> bool {
    let (cx, cy): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
    if cx.first() != cy.first()
        || !x.chars().all(char::is_alphabetic)
        || !y.chars().all(char::is_alphabetic)
    {
        return false;
    }
    let ending = |w: &str| -> String {
        for suf in ["ie", "ey", "ee", "i", "y"] {
            if let Some(stem) = w.strip_suffix(suf) {
                if stem.chars().count() >= 3 {
                    return format!("{stem}y");
                }
            }
        }
        w.to_string()
    };
    if ending(x) == ending(y) {
        return true;
    }
    cx.len() >= 5
        && cy.len() >= 5
        && cx.len() <= 30
        && cy.len() <= 30
        && edit_distance(&cx, &cy) <= 1
}

/// Levenshtein distance with adjacent transpositions (optimal string alignment); inputs are short.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * w];
    let at = |i: usize, j: usize| i * w + j;
    for i in 0..=a.len() {
        if let Some(v) = d.get_mut(at(i, 0)) {
            *v = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(v) = d.get_mut(j) {
            *v = j;
        }
    }
    let get =
        |d: &Vec<usize>, i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut v = (get(&d, i, j + 1) + 1)
                .min(get(&d, i + 1, j) + 1)
                .min(get(&d, i, j) + cost);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                v = v.min(get(&d, i - 1, j - 1) + 1);
            }
            if let Some(x) = d.get_mut(at(i + 1, j + 1)) {
                *x = v;
            }
        }
    }
    get(&d, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::EntityKind;
    use crate::extract::entities::lex;
    use rustc_hash::FxHashSet as HashSet;

    #[test]
    fn spelling_variants_of_a_name() {
        let yes = [
            (&["kelley", "marchetti"][..], &["kelly", "marchetti"][..]),
            (
                &["samuel", "abdelkarim", "haddad"][..],
                &["abdulkarim", "haddad"][..],
            ),
        ];
        let no = [
            (&["mary", "kowalczyk"][..], &["mark", "kowalczyk"][..]),
            (&["daniel", "roth"][..], &["danielle", "roth"][..]),
            (&["anna", "smith"][..], &["anna", "smyth"][..]),
            (&["kelley", "smith"][..], &["kelley", "smith"][..]),
        ];
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (a, b) in yes {
            assert!(name_variants(lex(), &own(a), &own(b)), "{a:?} {b:?}");
        }
        for (a, b) in no {
            assert!(!name_variants(lex(), &own(a), &own(b)), "{a:?} {b:?}");
        }
    }

    #[test]
    fn variant_spellings_become_one_person() {
        let text = "Kelly Marchetti introduced the law in 2016. Critics asked Kelley \
                    Marchetti to change it. Kelly Marchetti refused.";
        let mut doc = Document::segmented("t", text);
        crate::extract::run(
            &mut doc,
            crate::knowledge::Knowledge::builtin().unwrap(),
            crate::extract::entities::ner(),
        );
        let people: HashSet<EntityIdx> = doc
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.form != MentionForm::Pronoun)
            .filter_map(|m| m.entity)
            .collect();
        assert_eq!(people.len(), 1, "{:?}", doc.entities);
        // the merged variant's entity is gone: every entity has a mention
        for e in 0..doc.entities.len() {
            assert!(
                doc.mentions.iter().any(|m| m.entity == Some(EntityIdx(e))),
                "{:?}",
                doc.entities
            );
        }
    }
}
