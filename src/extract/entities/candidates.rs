//! Step 1 of mention detection: the tagger's spans turned into candidates, with titles split
//! off, possessives and glued words trimmed, and the tagger's kind repaired.

use super::checks::{person_check, repair_non_person, CreditEnds, PersonCheck, Repair};
use super::*;
use crate::extract::ner::NerSpan;

/// Candidates from the tagger's spans `tagged` (one list per sentence); names that are not people
/// anywhere in the article (a pet's, a photographer's) go into `banned`.
pub(super) fn candidates(
    doc: &Document,
    lx: &Lex,
    words: &[&str],
    tagged: &[Vec<NerSpan>],
    banned: &mut HashSet<String>,
) -> Vec<Cand> {
    let mut cands: Vec<Cand> = Vec::new();
    let mut credits = CreditEnds::default();
    for (si, spans) in tagged.iter().enumerate() {
        let Some(sent) = doc.sentences.get(si) else {
            continue;
        };
        let base = sent.tokens.start;
        for sp in spans {
            let kind = match sp.label {
                NerLabel::Per => EntityKind::Person,
                NerLabel::Org => EntityKind::Organization,
                NerLabel::Loc => EntityKind::Place,
                NerLabel::Misc => {
                    // a MISC span that the lexicon knows as an organization ("Group of Seven")
                    let text = span_text(doc, words, base + sp.start, base + sp.end);
                    match lx.known_orgs.get(&norm(&text)) {
                        Some(_) => EntityKind::Organization,
                        None => continue,
                    }
                }
            };
            let (mut s, mut e) = (base + sp.start, base + sp.end);
            while e > s && words.get(e - 1).is_some_and(|w| is_possessive(w)) {
                e -= 1;
            }
            if e <= s {
                continue;
            }
            let mut kind = kind;
            if kind != EntityKind::Person {
                match repair_non_person(kind, words, lx, s, e, sent.tokens.start) {
                    Repair::None => {}
                    Repair::Person => kind = EntityKind::Person,
                    Repair::Split(at) => {
                        // "Norvex CFO Jane Doe": the organization, then a titled person
                        cands.push(Cand {
                            start: s,
                            end: at,
                            kind,
                            title: None,
                            sentence: si,
                            drop: false,
                        });
                        kind = EntityKind::Person;
                        s = at;
                        while words
                            .get(s)
                            .is_some_and(|w| lx.is_title_part(w) || *w == "of")
                        {
                            s += 1;
                        }
                        if s >= e {
                            continue;
                        }
                    }
                }
            }
            let mut title = None;
            if kind == EntityKind::Person {
                // strip a title the tagger put inside the name: "Gen. Zhou Lan"
                let mut k = s;
                let mut last_noun = None;
                while k + 1 < e {
                    let w = words.get(k).copied().unwrap_or("");
                    if !(lx.is_title_part(w) || w == "of" || lx.country(w).is_some()) {
                        break;
                    }
                    if lx.is_title_noun(w) {
                        last_noun = Some(k);
                    }
                    k += 1;
                }
                if let Some(n) = last_noun {
                    // the title ends at the last title noun, or at "of <dept>" after it
                    let mut end = n + 1;
                    while end + 1 < e
                        && words.get(end) == Some(&"of")
                        && words
                            .get(end + 1)
                            .is_some_and(|w| lx.title_class(w).contains(&TitleClass::Dept))
                    {
                        end += 2;
                    }
                    s = end;
                }
                title = title_before(doc, words, lx, s, sent.tokens.start);
            }
            let Some((s2, e2, kind2, title2)) = person_edges(
                doc,
                lx,
                words,
                spans,
                base,
                sent.tokens.start,
                s,
                e,
                kind,
                title,
            ) else {
                continue;
            };
            (s, e, kind, title) = (s2, e2, kind2, title2);
            if kind == EntityKind::Person {
                match person_check(doc, words, lx, &mut credits, s, e) {
                    PersonCheck::Keep => {}
                    PersonCheck::Place => kind = EntityKind::Place,
                    PersonCheck::Org => kind = EntityKind::Organization,
                    PersonCheck::Drop => continue,
                    PersonCheck::DropAll => {
                        banned.insert(norm(&span_text(doc, words, s, e)));
                        continue;
                    }
                }
                if kind != EntityKind::Person {
                    title = None;
                }
            }
            cands.push(Cand {
                start: s,
                end: e,
                kind,
                title,
                sentence: si,
                drop: false,
            });
        }
    }

    cands
}

/// A candidate's token range, kind and title range, as [`person_edges`] leaves them.
type Edges = (usize, usize, EntityKind, Option<(usize, usize)>);

/// The edges of a person candidate `s..e`: a function word, a demonym or a company suffix glued
/// to the name, a given name the tagger left out; an institution or well-known organization
/// makes it an organization. `None` when no name is left.
#[allow(clippy::too_many_arguments)]
fn person_edges(
    doc: &Document,
    lx: &Lex,
    words: &[&str],
    spans: &[NerSpan],
    base: usize,
    sent_start: usize,
    mut s: usize,
    mut e: usize,
    mut kind: EntityKind,
    mut title: Option<(usize, usize)>,
) -> Option<Edges> {
    if kind != EntityKind::Person {
        return Some((s, e, kind, title));
    }
    // a function word glued to the name at a sentence start: "Unlike McCallum"
    while e - s >= 2
        && words.get(s).is_some_and(|w| {
            starts_upper(w) && lx.lead_words.contains(w.to_ascii_lowercase().as_str())
        })
    {
        s += 1;
    }
    // a demonym glued to the name: "Canadian Jane Doe"; with only one unknown word
    // left it was no name ("two Canadian Clubs")
    let mut demonym = false;
    while e - s >= 2
        && words.get(s).is_some_and(|w| {
            matches!(lx.country(w), Some((_, CountryForm::Demonym)))
                && !lx.given.contains_key(title_key(w).as_str())
        })
    {
        s += 1;
        demonym = true;
    }
    if demonym
        && e - s == 1
        && title.is_none()
        && words
            .get(s)
            .is_some_and(|w| !lx.given.contains_key(title_key(w).as_str()))
    {
        return None;
    }
    // a given name the tagger left out before a name particle: "Samira" + "Al Haddad"
    if s > sent_start
        && words
            .get(s)
            .is_some_and(|w| starts_upper(w) && lx.name_particles.contains(norm(w).as_str()))
        && e - s >= 2
        && !spans.iter().any(|o| base + o.end == s)
        && words.get(s - 1).is_some_and(|w| {
            starts_upper(w)
                && w.chars().all(char::is_alphabetic)
                && !lx.is_title_part(w)
                && !lx.lead_words.contains(norm(w).as_str())
                && !lx.name_particles.contains(norm(w).as_str())
                && lx.country(w).is_none()
                && !lx.places.contains_key(&norm(w))
        })
    {
        s -= 1;
        if title.is_some_and(|(_, b)| b > s) {
            title = None;
        }
    }
    // a company suffix after or ending the name: "Robert Bosch GmbH"
    let company_word = |w: &str| {
        starts_upper(w)
            && (lx.org_kinds.get(&norm(w)).map(|h| h.kind) == Some(OrgKind::Company)
                || lx.org_tails.contains(norm(w).as_str()))
    };
    if words.get(e).is_some_and(|w| company_word(w))
        && doc
            .tokens
            .get(e)
            .is_some_and(|t| t.sentence == doc.tokens.get(s).map_or(usize::MAX, |f| f.sentence))
    {
        e += 1;
    }
    // an institution word ending the name ("… Foundation", "… Affairs") that is not
    // also a surname ("Church", "Court")
    let org_head = |w: &str| {
        company_word(w)
            || (starts_upper(w)
                && lx.org_kinds.contains_key(&norm(w))
                && !lx.surnames.contains(title_key(w).as_str())
                && !matches!(
                    norm(w).as_str(),
                    "government" | "administration" | "campaign"
                ))
    };
    if e - s >= 2 && words.get(e - 1).is_some_and(|w| org_head(w)) {
        kind = EntityKind::Organization;
        title = None;
    }
    // a well-known organization ("… Research" after a known company name too)
    let first_known = e - s >= 2
        && words.get(s).is_some_and(|w| {
            !lx.given.contains_key(title_key(w).as_str()) && lx.known_orgs.contains_key(&norm(w))
        });
    if lx
        .known_orgs
        .contains_key(&norm(&span_text(doc, words, s, e)))
        || first_known
    {
        kind = EntityKind::Organization;
        title = None;
    }
    Some((s, e, kind, title))
}

/// Token range of a title written directly before the name starting at token `name`.
pub(super) fn title_before(
    doc: &Document,
    words: &[&str],
    lx: &Lex,
    name: usize,
    sent_start: usize,
) -> Option<(usize, usize)> {
    let _ = doc;
    let mut k = name;
    let mut steps = 0;
    while k > sent_start && steps < 8 {
        let w = words.get(k - 1).copied().unwrap_or("");
        let ok = lx.is_title_part(w)
            || w == "of"
            || matches!(
                lx.country(w),
                Some((_, CountryForm::Demonym | CountryForm::Alias))
            );
        if !ok {
            break;
        }
        k -= 1;
        steps += 1;
    }
    // trim a leading "of" and leading words that are only modifiers of nothing
    while k < name && words.get(k) == Some(&"of") {
        k += 1;
    }
    if k >= name {
        return None;
    }
    let toks = words.get(k..name)?;
    let last = toks.last()?;
    let ends_well = lx.is_title_noun(last)
        || (toks.len() >= 3
            && toks.get(toks.len() - 2) == Some(&"of")
            && toks
                .get(..toks.len() - 2)
                .is_some_and(|t| t.iter().any(|w| lx.is_title_noun(w))));
    if !ends_well {
        return None;
    }
    Some((k, name))
}
