//! The last step of mention detection: candidates written as mentions, acronyms in parentheses
//! after an organization, and pronoun and role-noun candidates for coreference.

use super::*;
use crate::text::SentenceIdx;

/// Mentions of the candidates, then of acronyms in parentheses right after an organization
/// ("Federal Bureau of Investigation (FBI)").
pub(super) fn mentions(doc: &Document, cands: &[Cand], words: &[&str], out: &mut Vec<Mention>) {
    for c in cands {
        let (Some(ts), Some(te)) = (doc.tokens.get(c.start), doc.tokens.get(c.end - 1)) else {
            continue;
        };
        let title = c.title.and_then(|(a, b)| {
            Some(Span::new(
                doc.tokens.get(a)?.span.start,
                doc.tokens.get(b - 1)?.span.end,
            ))
        });
        let text = doc.slice(Span::new(ts.span.start, te.span.end));
        let form = if c.kind == EntityKind::Organization && c.end - c.start == 1 && is_acronym(text)
        {
            MentionForm::Acronym
        } else {
            MentionForm::FullName
        };
        out.push(Mention {
            span: Span::new(ts.span.start, te.span.end),
            kind: c.kind,
            form,
            title,
            entity: None,
            sentence: SentenceIdx(c.sentence),
        });
    }

    // an acronym in parentheses right after an organization: "Federal Bureau of Investigation (FBI)"
    let mut extra = Vec::new();
    for c in cands {
        if c.kind != EntityKind::Organization {
            continue;
        }
        let (p, a, q) = (c.end, c.end + 1, c.end + 2);
        if words.get(p) == Some(&"(")
            && words.get(q) == Some(&")")
            && words.get(a).is_some_and(|w| is_acronym(w))
            && !cands.iter().any(|d| d.start == a)
        {
            if let Some(t) = doc.tokens.get(a) {
                extra.push(Mention {
                    span: t.span,
                    kind: EntityKind::Organization,
                    form: MentionForm::Acronym,
                    title: None,
                    entity: None,
                    sentence: SentenceIdx(c.sentence),
                });
            }
        }
    }
    out.extend(extra);
}

/// Pronouns and role nouns ("the secretary") outside the candidates: mentions that coreference
/// links or discards.
pub(super) fn pronouns_and_role_nouns(
    doc: &Document,
    lx: &Lex,
    cands: &[Cand],
    words: &[&str],
    out: &mut Vec<Mention>,
) {
    let taken: Vec<(usize, usize)> = cands.iter().map(|c| (c.start, c.end)).collect();
    let mut ti = 0;
    for (i, tok) in doc.tokens.iter().enumerate() {
        if tok.kind != TokenKind::Word {
            continue;
        }
        let w = words.get(i).copied().unwrap_or("");
        while taken.get(ti).is_some_and(|t| t.1 <= i) {
            ti += 1;
        }
        if taken.get(ti).is_some_and(|t| t.0 <= i) {
            continue;
        }
        let lw = w.to_ascii_lowercase();
        if lx.pronouns.contains_key(lw.as_str()) {
            out.push(Mention {
                span: tok.span,
                kind: EntityKind::Person,
                form: MentionForm::Pronoun,
                title: None,
                entity: None,
                sentence: SentenceIdx(tok.sentence),
            });
        } else if lw == "the" {
            if let Some(end) = role_noun_end(words, lx, i, tok.sentence, doc) {
                if let Some(last) = doc.tokens.get(end - 1) {
                    out.push(Mention {
                        span: Span::new(tok.span.start, last.span.end),
                        kind: EntityKind::Person,
                        form: MentionForm::RoleNoun,
                        title: None,
                        entity: None,
                        sentence: SentenceIdx(tok.sentence),
                    });
                }
            }
        }
    }
}

/// End token (exclusive) of a role-noun phrase "the [modifiers] <head> [of <dept>]" starting at
/// the determiner `the_at`, when it is not itself a title before a name.
fn role_noun_end(
    words: &[&str],
    lx: &Lex,
    the_at: usize,
    sentence: usize,
    doc: &Document,
) -> Option<usize> {
    let mut k = the_at + 1;
    let mut steps = 0;
    while steps < 4 {
        let w = words.get(k)?;
        if doc.tokens.get(k)?.sentence != sentence {
            return None;
        }
        if lx.is_head(w) {
            // not followed by a name (that is a title, handled by the tagger path)
            let next = words.get(k + 1).copied().unwrap_or("");
            let mut end = k + 1;
            if next == "of"
                && words
                    .get(k + 2)
                    .is_some_and(|w| lx.title_class(w).contains(&TitleClass::Dept))
            {
                end = k + 3;
            }
            let after = words.get(end).copied().unwrap_or("");
            if starts_upper(after) && doc.tokens.get(end).is_some_and(|t| t.sentence == sentence) {
                return None;
            }
            if is_possessive(after) {
                return Some(end);
            }
            return Some(end);
        }
        if !(lx
            .title_class(w)
            .iter()
            .any(|c| matches!(c, TitleClass::Mod | TitleClass::Dept)))
        {
            return None;
        }
        k += 1;
        steps += 1;
    }
    None
}
