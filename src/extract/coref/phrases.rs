//! The phrases around a person's name that say what the person is: a title phrase with a country
//! ("Chinese Ambassador Tang Weiming"), an appositive after the name ("Lin Hua, director of the
//! China program at the Halverson Center,"; "Zhou Lan, China’s top foreign-affairs official,";
//! "Jane Doe, a spokeswoman,") and a role phrase before it ("its retired ambassador to the U.S.,
//! Tang Weiming").
//!
//! [`scan`] reads them once the entities are final. Coreference takes the roles from them
//! (`Entity::role` of a person without a title); [`crate::extract::roles`] takes the
//! affiliations. In an appositive with several conjuncts each organization takes the role phrase
//! of its own conjunct ("a former … official in the Obama administration and now a professor at
//! Brackley University" → Brackley University, "professor").

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::FxHashMap as HashMap;

use crate::document::{Affiliation, Document, EntityIdx, EntityKind, MentionForm};
use crate::extract::entities::{is_possessive, norm, Lex};
use crate::text::english::{ROLE_OPENERS, ROLE_PREPOSITIONS};
use crate::text::{index, Span, TokenIdx};

/// Longest appositive looked at, in tokens.
const MAX_APPOSITIVE: usize = 30;

/// The text of token `k`, or "" past the end.
fn word(doc: &Document, k: usize) -> &str {
    doc.tokens.get(k).map_or("", |t| doc.slice(t.span))
}

/// Whether token `k` is one of [`ROLE_OPENERS`], read from the document index's folded form.
/// The same answer as ASCII-lowercasing the token's text: the list is ASCII lower case without
/// `k` or `'` (see the test `determiners_fold_like_ascii`), so only an ASCII token can fold to
/// one of its words, and an ASCII token folds to its ASCII lower case.
#[inline]
fn is_determiner(doc: &Document, k: usize) -> bool {
    ROLE_OPENERS.contains(&doc.index.folded(TokenIdx(k)))
}

fn tok_index(doc: &Document, byte: usize) -> usize {
    index::token_starting_from(&doc.tokens, byte).get()
}

/// What the phrases around the people's names say.
#[derive(Debug, Default)]
pub(crate) struct Phrases {
    /// Person → organization/place links, in mention order (unsorted).
    pub affiliations: Vec<Affiliation>,
    /// Role phrases of people (entity, phrase): bare appositive roles and role phrases before a
    /// name in mention order, then the roles of the affiliations. A person's role is the first.
    pub roles: Vec<(EntityIdx, String)>,
}

/// Reads the title phrases, appositives and role phrases of every named person mention.
pub(crate) fn scan(doc: &Document, lx: &Lex) -> Phrases {
    // place entities by country (so "Chinese" finds the entity named "China")
    let mut place_by_key: HashMap<String, EntityIdx> = HashMap::default();
    for (e, ent) in doc.entities.iter().enumerate() {
        if ent.kind == EntityKind::Place {
            let key = lx
                .country(&ent.name)
                .map_or_else(|| norm(&ent.name), |c| norm(c.0));
            place_by_key.entry(key).or_insert(EntityIdx(e));
        }
    }
    // mention index by first token
    let mut at_token: HashMap<usize, usize> = HashMap::default();
    for (i, m) in doc.mentions.iter().enumerate() {
        if m.entity.is_some() && !matches!(m.form, MentionForm::Pronoun | MentionForm::RoleNoun) {
            at_token.insert(tok_index(doc, m.span.start), i);
        }
    }
    let mut out: Vec<Affiliation> = Vec::new();
    let mut roles: Vec<(EntityIdx, String)> = Vec::new();
    for m in &doc.mentions {
        let Some(person) = m.entity else { continue };
        if m.kind != EntityKind::Person
            || matches!(m.form, MentionForm::Pronoun | MentionForm::RoleNoun)
        {
            continue;
        }
        // title phrase with a country: "Chinese Ambassador Tang Weiming"
        if let Some(t) = m.title {
            let title = doc.slice(t);
            if let Some(place) = title
                .split_whitespace()
                .find_map(|w| lx.country(w))
                .and_then(|(c, _)| place_by_key.get(&norm(c)).copied())
            {
                out.push(Affiliation {
                    person,
                    org: None,
                    place: Some(place),
                    role: Some(title.to_string()),
                    span: t.cover(m.span),
                });
            }
        }
        appositive(
            doc,
            lx,
            m.span,
            person,
            &at_token,
            &place_by_key,
            &mut out,
            &mut roles,
        );
        if let Some(r) = role_before(doc, lx, m.span) {
            roles.push((person, r));
        }
    }
    for a in &out {
        if let Some(r) = &a.role {
            roles.push((a.person, r.clone()));
        }
    }
    Phrases {
        affiliations: out,
        roles,
    }
}

#[allow(clippy::too_many_arguments)]
fn appositive(
    doc: &Document,
    lx: &Lex,
    name: Span,
    person: EntityIdx,
    at_token: &HashMap<usize, usize>,
    place_by_key: &HashMap<String, EntityIdx>,
    out: &mut Vec<Affiliation>,
    roles: &mut Vec<(EntityIdx, String)>,
) {
    let comma = tok_index(doc, name.end);
    let Some(ct) = doc.tokens.get(comma) else {
        return;
    };
    if doc.slice(ct.span) != ","
        || ct.sentence
            != doc
                .tokens
                .get(comma.wrapping_sub(1))
                .map_or(usize::MAX, |t| t.sentence)
    {
        return;
    }
    let start = comma + 1;
    let first = match doc.tokens.get(start) {
        Some(t) if t.sentence == ct.sentence => doc.slice(t.span),
        _ => return,
    };
    // an appositive opens with a determiner, a lowercase role word, or a possessive place
    let possessive_place = at_token
        .get(&start)
        .and_then(|&i| doc.mentions.get(i))
        .is_some_and(|m| m.kind == EntityKind::Place)
        && doc
            .tokens
            .get(start + 1)
            .is_some_and(|t| is_possessive(doc.slice(t.span)));
    let opens = is_determiner(doc, start) && first != "and"
        || first.chars().next().is_some_and(char::is_lowercase)
            && !matches!(
                first,
                "who" | "which" | "said" | "says" | "and" | "but" | "who’s"
            )
        || possessive_place;
    if !opens {
        return;
    }
    // the appositive ends at the next comma, semicolon, dash, quote or sentence end
    let mut end = start;
    while end - start < MAX_APPOSITIVE {
        let Some(t) = doc.tokens.get(end) else { break };
        let w = doc.slice(t.span);
        if t.sentence != ct.sentence
            || matches!(
                w,
                "," | ";" | "." | "—" | "–" | "“" | "”" | "\"" | "(" | ")"
            )
        {
            break;
        }
        end += 1;
    }
    if end <= start {
        return;
    }
    let words: Vec<&str> = (start..end).map(|k| word(doc, k)).collect();
    // no finite verb after a pronoun-like opener: "said he", "who was" are not appositives
    if words.iter().any(|w| {
        matches!(
            *w,
            "said" | "says" | "told" | "is" | "was" | "are" | "were" | "has" | "had"
        )
    }) {
        return;
    }
    let span_of = |a: usize, b: usize| span_of(doc, a, b);
    if conjunct_orgs(doc, name, person, at_token, start, end, out) {
        return;
    }
    // "China’s top foreign-affairs official"
    if possessive_place {
        if let Some(m) = at_token.get(&start).and_then(|&mi| doc.mentions.get(mi)) {
            let place = m.entity.and_then(|e| {
                let n = &doc.entity(e)?.name;
                let key = lx.country(n).map_or_else(|| norm(n), |c| norm(c.0));
                place_by_key.get(&key).copied()
            });
            let role = span_of(start + 2, end).map(|s| doc.slice(s).to_string());
            if let (Some(place), Some(ev)) = (place, span_of(start, end)) {
                if role.as_deref().is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| lx.is_title_noun(w) || is_role_noun(w))
                }) {
                    out.push(Affiliation {
                        person,
                        org: None,
                        place: Some(place),
                        role,
                        span: name.cover(ev),
                    });
                }
            }
        }
        return;
    }
    // a bare role: "Jane Doe, a spokeswoman," → the person's role
    let mut rs = start;
    while rs < end && is_determiner(doc, rs) {
        rs += 1;
    }
    if let Some(s) = span_of(rs, end) {
        let r = doc.slice(s);
        if end - rs <= 8
            && r.split_whitespace()
                .last()
                .is_some_and(|w| lx.is_title_noun(w) || is_role_noun(w))
        {
            roles.push((person, r.to_string()));
        }
    }
}

/// Tokens `a..b` as a span, if not empty.
fn span_of(doc: &Document, a: usize, b: usize) -> Option<Span> {
    if b <= a {
        return None;
    }
    Some(Span::new(
        doc.tokens.get(a)?.span.start,
        doc.tokens.get(b.checked_sub(1)?)?.span.end,
    ))
}

/// The organizations of an appositive's conjuncts (tokens `start..end`), each with the role
/// phrase of its own conjunct; true when there was one.
fn conjunct_orgs(
    doc: &Document,
    name: Span,
    person: EntityIdx,
    at_token: &HashMap<usize, usize>,
    start: usize,
    end: usize,
    out: &mut Vec<Affiliation>,
) -> bool {
    let span_of = |a: usize, b: usize| span_of(doc, a, b);
    let mut seg_start = start;
    let mut found = false;
    let mut k = start;
    while k < end {
        let w = word(doc, k);
        if w == "and" {
            seg_start = k + 1;
        }
        if let Some(mm) = at_token.get(&k).and_then(|&mi| doc.mentions.get(mi)) {
            if mm.kind == EntityKind::Organization && k > seg_start {
                // role: from the conjunct start to the last preposition before the organization
                let mut p = k;
                while p > seg_start {
                    let pw = word(doc, p - 1);
                    if ROLE_PREPOSITIONS.contains(&pw) {
                        break;
                    }
                    p -= 1;
                }
                let role_end = if p > seg_start { p - 1 } else { k };
                let mut role_start = seg_start;
                while role_start < role_end && is_determiner(doc, role_start) {
                    role_start += 1;
                }
                let role = span_of(role_start, role_end)
                    .map(|s| doc.slice(s).to_string())
                    .filter(|r| !r.is_empty());
                if let (Some(org), Some(ev)) = (
                    mm.entity,
                    span_of(start.saturating_sub(2), tok_index(doc, mm.span.end)),
                ) {
                    let ev = name.cover(ev);
                    out.push(Affiliation {
                        person,
                        org: Some(org),
                        place: None,
                        role,
                        span: ev,
                    });
                    found = true;
                }
                seg_start = tok_index(doc, mm.span.end);
            }
        }
        k += 1;
    }
    found
}

/// Generic role nouns that are not formal titles ("official", "specialist").
fn is_role_noun(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    w.ends_with("ist")
        || w.ends_with("man")
        || w.ends_with("woman")
        || matches!(
            w.as_str(),
            "official"
                | "expert"
                | "fellow"
                | "researcher"
                | "scholar"
                | "founder"
                | "partner"
                | "owner"
                | "member"
                | "head"
                | "envoy"
                | "lawyer"
                | "author"
                | "editor"
                | "correspondent"
                | "student"
                | "teacher"
                | "worker"
                | "resident"
                | "officer"
                | "executive"
                | "president"
        )
}

/// A role phrase written before ", Name": "its retired ambassador to the U.S., Tang Weiming".
fn role_before(doc: &Document, lx: &Lex, name: Span) -> Option<String> {
    let t = tok_index(doc, name.start);
    let comma = t.checked_sub(1)?;
    if doc.slice(doc.tokens.get(comma)?.span) != "," {
        return None;
    }
    let sentence = doc.tokens.get(t)?.sentence;
    let mut k = comma;
    let mut steps = 0;
    while k > 0 && steps < 8 {
        let tok = doc.tokens.get(k - 1)?;
        let w = doc.slice(tok.span);
        if tok.sentence != sentence || matches!(w, "," | ";" | "." | "“" | "”" | "\"") {
            return None;
        }
        if is_determiner(doc, k - 1) && w != "and" {
            // "ambassador to the U.S.": a determiner after a preposition is inside the phrase
            let before = k
                .checked_sub(2)
                .and_then(|j| doc.tokens.get(j))
                .map(|t| doc.slice(t.span));
            if !before.is_some_and(|b| matches!(b, "to" | "of" | "at" | "in" | "for" | "from")) {
                break;
            }
        }
        k -= 1;
        steps += 1;
    }
    if k >= comma || steps >= 8 {
        return None;
    }
    let s = Span::new(
        doc.tokens.get(k)?.span.start,
        doc.tokens.get(comma - 1)?.span.end,
    );
    let r = doc.slice(s);
    let has_role = r
        .split_whitespace()
        .any(|w| lx.is_title_noun(w) || is_role_noun(w));
    (has_role && r.chars().next().is_some_and(char::is_lowercase)).then(|| r.to_string())
}

#[cfg(test)]
mod tests {
    use crate::text::english::ROLE_OPENERS;

    /// `is_determiner` reads the index's folded form instead of ASCII-lowercasing: the same
    /// answer as long as no determiner is non-ASCII, upper case, or holds `k` (the Kelvin sign
    /// folds to it) or `'` (`’` folds to it).
    #[test]
    fn determiners_fold_like_ascii() {
        for w in ROLE_OPENERS {
            assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
            assert!(!w.contains(['k', '\'']), "{w}");
        }
    }
}
