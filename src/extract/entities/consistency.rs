//! One sense per name per article: decisions about a name that hold wherever the article uses it.

use super::*;

/// Decisions about a name that hold wherever the article uses it: a name that is a pet's, a
/// photographer's or a fictional character's ("Rufus (Jane Doe)") is nobody's; one described as
/// an institution ("X, a non-profit agency that …") is an organization wherever it occurs; a
/// plural of a person's name ("more Jane Does") is no new person; a lone word the article uses
/// as a place or organization elsewhere is that place or organization.
pub(super) fn article_consistency(
    cands: &mut Vec<Cand>,
    words: &[&str],
    lx: &Lex,
    banned: &mut HashSet<String>,
) {
    let keys: Vec<String> = cands
        .iter()
        .map(|c| norm(&words.get(c.start..c.end).unwrap_or(&[]).join(" ")))
        .collect();
    let org_evidence = name_evidence(cands, &keys, words, lx, banned);
    decide_kinds(cands, &keys, words, banned, &org_evidence);
}

/// Evidence about a person name from its context: "X engineers" and an institution appositive
/// make it an organization; a character played by an actor ("Rufus (Jane Doe)") goes into
/// `banned`. Returns the names shown to be organizations.
fn name_evidence(
    cands: &[Cand],
    keys: &[String],
    words: &[&str],
    lx: &Lex,
    banned: &mut HashSet<String>,
) -> HashSet<String> {
    let by_start: HashMap<usize, usize> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| (c.start, i))
        .collect();
    let lower_word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-');
    let mut org_evidence: HashSet<String> = HashSet::default();
    // last words of people's full names: such a word is somebody's surname
    let surnames_here: HashSet<&str> = cands
        .iter()
        .zip(keys)
        .filter(|(c, _)| c.kind == EntityKind::Person && c.end - c.start >= 2)
        .filter_map(|(_, k)| k.rsplit(' ').next())
        .collect();
    for (c, key) in cands.iter().zip(keys) {
        if c.kind != EntityKind::Person {
            continue;
        }
        // a lone word before a plural noun of a company's people ("Norvex engineers"), never
        // the surname of a full name in the article: a company
        if c.end == c.start + 1
            && !surnames_here.contains(key.as_str())
            && words
                .get(c.end)
                .is_some_and(|w| lx.employer_nouns.contains(w))
        {
            org_evidence.insert(key.clone());
        }
        // a character and the actor who plays it: "Rufus (Jane Doe)"
        if words.get(c.end) == Some(&"(") {
            // the actor's name, possibly with a first word the tagger left out
            let actor = by_start
                .get(&(c.end + 1))
                .or_else(|| {
                    words
                        .get(c.end + 1)
                        .filter(|w| starts_upper(w))
                        .and_then(|_| by_start.get(&(c.end + 2)))
                })
                .and_then(|&j| cands.get(j));
            if let Some(d) = actor {
                if d.kind == EntityKind::Person
                    && d.end - (c.end + 1) >= 2
                    && words.get(d.end) == Some(&")")
                {
                    banned.insert(key.clone());
                }
            }
        }
        // an appositive naming an institution: "X, a non-profit, multi-service agency that …"
        if words.get(c.end) == Some(&",")
            && words
                .get(c.end + 1)
                .is_some_and(|w| matches!(*w, "a" | "an"))
        {
            for k in c.end + 2..c.end + 8 {
                let Some(w) = words.get(k).copied() else {
                    break;
                };
                if w == "," {
                    continue;
                }
                if !lower_word(w) {
                    break;
                }
                if lx.org_nouns.contains(w) {
                    let next = words.get(k + 1).copied().unwrap_or(".");
                    if !next.chars().any(char::is_alphanumeric)
                        || matches!(
                            next,
                            "that"
                                | "which"
                                | "whose"
                                | "based"
                                | "in"
                                | "of"
                                | "with"
                                | "for"
                                | "from"
                                | "founded"
                                | "run"
                                | "providing"
                                | "serving"
                        )
                    {
                        org_evidence.insert(key.clone());
                    }
                    break;
                }
            }
        }
    }
    org_evidence
}

/// The article's majority use of each name, captions, plurals and the evidence decide whether a
/// candidate is dropped or changes kind.
fn decide_kinds(
    cands: &mut Vec<Cand>,
    keys: &[String],
    words: &[&str],
    banned: &HashSet<String>,
    org_evidence: &HashSet<String>,
) {
    // how often each name is tagged a person, a place, an organization
    let mut counts: HashMap<&str, [usize; 3]> = HashMap::default();
    for (c, k) in cands.iter().zip(keys) {
        let slot = match c.kind {
            EntityKind::Person => 0,
            EntityKind::Place => 1,
            EntityKind::Organization => 2,
        };
        if let Some(n) = counts.entry(k.as_str()).or_default().get_mut(slot) {
            *n += 1;
        }
    }
    let count = |k: &str, slot: usize| {
        counts
            .get(k)
            .and_then(|c| c.get(slot))
            .copied()
            .unwrap_or(0)
    };
    let in_full_names: HashSet<&str> = cands
        .iter()
        .zip(keys)
        .filter(|(c, _)| c.kind == EntityKind::Person && c.end - c.start >= 2)
        .flat_map(|(_, k)| k.split(' '))
        .collect();
    // photo captions: a sentence where a name is followed by its place in the picture
    // ("Jane Doe, right, …"); someone named only in captions is not a person of the story
    let position = |k: usize| {
        let w = words
            .get(k)
            .map(|w| w.to_ascii_lowercase())
            .unwrap_or_default();
        matches!(w.as_str(), "right" | "left" | "centre" | "center")
    };
    let caption_sents: HashSet<usize> = cands
        .iter()
        .filter(|c| {
            c.kind == EntityKind::Person
                && words.get(c.end) == Some(&",")
                && (position(c.end + 1)
                    || (words
                        .get(c.end + 1)
                        .is_some_and(|w| w.eq_ignore_ascii_case("far"))
                        && position(c.end + 2)))
        })
        .map(|c| c.sentence)
        .collect();
    let body_names: HashSet<&str> = cands
        .iter()
        .zip(keys)
        .filter(|(c, _)| c.kind == EntityKind::Person && !caption_sents.contains(&c.sentence))
        .flat_map(|(_, k)| k.split(' '))
        .collect();
    // per candidate: whether to drop it, and its new kind
    let decide = |c: &Cand, key: &str| -> (bool, Option<EntityKind>) {
        if c.kind != EntityKind::Person {
            return (false, None);
        }
        let plural_of_person = c.end - c.start >= 2
            && [key.strip_suffix('s'), key.strip_suffix("es")]
                .into_iter()
                .flatten()
                .any(|k| count(k, 0) > 0);
        let caption_only = c.end - c.start >= 2
            && caption_sents.contains(&c.sentence)
            && key
                .rsplit(' ')
                .next()
                .is_some_and(|last| !body_names.contains(last));
        let (per, place, org) = (count(key, 0), count(key, 1), count(key, 2));
        if banned.contains(key) || plural_of_person || caption_only {
            (true, None)
        } else if org_evidence.contains(key) {
            (false, Some(EntityKind::Organization))
        } else if c.end - c.start >= 2 {
            // a full name the tagger calls an organization or place more often than a person
            if org > per && org >= place {
                (false, Some(EntityKind::Organization))
            } else if place > per {
                (false, Some(EntityKind::Place))
            } else {
                (false, None)
            }
        } else if c.title.is_none() && !in_full_names.contains(key) {
            // a lone word: the article's majority use decides
            if place > 0 && place >= per && place >= org {
                (false, Some(EntityKind::Place))
            } else if org > 0 && org >= per {
                (false, Some(EntityKind::Organization))
            } else {
                (false, None)
            }
        } else {
            (false, None)
        }
    };
    let decisions: Vec<(bool, Option<EntityKind>)> = cands
        .iter()
        .zip(keys)
        .map(|(c, key)| decide(c, key))
        .collect();
    for (c, (d, k)) in cands.iter_mut().zip(decisions) {
        c.drop |= d;
        if let Some(k) = k {
            c.kind = k;
            c.title = None;
        }
    }
    cands.retain(|c| !c.drop);
}
