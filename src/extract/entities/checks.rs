//! Checks of a tagged name against what the tagger does not know: a person labelled
//! organization or place, and "people" that are credits, page furniture, pets, works, events.

use super::*;

pub(super) enum Repair {
    None,
    /// The span is a person's name.
    Person,
    /// An organization up to this token, then a title and a person's name.
    Split(usize),
}

/// Person names the tagger labelled organization or place: "Norvex CFO Jane Doe" (an
/// organization, a title, a name), "political scientist Jane Doe", "Jane Wren's party" (a known
/// given name and a census surname that no place list knows).
pub(super) fn repair_non_person(
    kind: EntityKind,
    words: &[&str],
    lx: &Lex,
    s: usize,
    e: usize,
    sent_start: usize,
) -> Repair {
    let toks = words.get(s..e).unwrap_or(&[]);
    let key = norm(&toks.join(" "));
    if toks.len() < 2
        || lx.known_orgs.contains_key(&key)
        || lx.places.contains_key(&key)
        || lx.country(&key).is_some()
    {
        return Repair::None;
    }
    let cap_name = |w: &str| starts_upper(w) && w.chars().any(char::is_lowercase);
    let given = |w: &str| lx.given.contains_key(title_key(w).as_str());
    let surname = |w: &str| lx.surnames.contains(title_key(w).as_str());
    let org_word =
        |w: &str| lx.org_kinds.contains_key(&norm(w)) || lx.place_heads.contains(norm(w).as_str());
    // a title noun inside, followed by a capitalized name of two or more words
    if let Some(t) = toks.iter().position(|w| lx.is_title_noun(w)) {
        let name = toks.get(t + 1..).unwrap_or(&[]);
        if t >= 1
            && name.len() >= 2
            && name
                .iter()
                .all(|w| cap_name(w) && !org_word(w) && !lx.is_title_part(w))
        {
            return Repair::Split(s + t);
        }
        return Repair::None;
    }
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
        return Repair::None;
    };
    // a lowercase role noun right before: "political scientist Jane Doe"
    let role_before = s > sent_start
        && words.get(s - 1).is_some_and(|w| {
            w.chars().all(|c| c.is_lowercase() || c == '-') && lx.is_title_noun(w)
        });
    let personal = toks.len() <= 3
        && (given(first) || role_before)
        && surname(last)
        && toks
            .iter()
            .all(|w| cap_name(w) && !org_word(w) && lx.country(w).is_none())
        && !(1..toks.len()).any(|k| {
            toks.get(k..)
                .is_some_and(|t| lx.known_orgs.contains_key(&norm(&t.join(" "))))
        });
    if !personal {
        return Repair::None;
    }
    let speech = |k: usize| {
        words
            .get(k)
            .is_some_and(|w| lx.speech_verbs.contains(w.to_ascii_lowercase().as_str()))
    };
    let speaks = speech(e) || (s > 0 && speech(s - 1));
    // a place does not own things the way a person's name does: "Jane Wren's party"
    let owner = kind == EntityKind::Place && words.get(e).is_some_and(|w| is_possessive(w));
    if role_before || speaks || owner {
        return Repair::Person;
    }
    Repair::None
}

pub(super) enum PersonCheck {
    Keep,
    Place,
    Org,
    Drop,
    /// Not a person here nor anywhere else in the article (a pet, a photo credit).
    DropAll,
}

/// Per sentence, the byte offset where the earliest credit lead ("photo by", "files from") ends,
/// computed once per sentence: a name is a credit when a lead ends before it. (Checking each
/// candidate against its own sentence prefix cost names x sentence length on a run-on sentence.)
#[derive(Default)]
pub(super) struct CreditEnds(FxHashMap<usize, Option<usize>>);

impl CreditEnds {
    pub(super) fn earliest_end(
        &mut self,
        doc: &Document,
        lx: &Lex,
        sentence: usize,
    ) -> Option<usize> {
        *self.0.entry(sentence).or_insert_with(|| {
            let st = doc.sentences.get(sentence)?;
            // standard (not leftmost) match semantics: the first match reported is the one that
            // ends first, i.e. the earliest end of any phrase
            lx.credit_lead
                .as_ref()?
                .find(doc.slice(st.span))
                .map(|m| st.span.start + m.end())
        })
    }
}

/// Whether a tagged person name really is one: not a photo credit ("Adrian Wyld/Canadian
/// Press"), not a line of page furniture holding nothing but the name (bylines, "Continued
/// Below"), not a street or a hill, not a bill number, not a name ending in a title ("Yellowhead MP").
pub(super) fn person_check(
    doc: &Document,
    words: &[&str],
    lx: &Lex,
    credits: &mut CreditEnds,
    s: usize,
    e: usize,
) -> PersonCheck {
    if let Some(c) = context_check(doc, words, lx, s, e) {
        return c;
    }
    layout_check(doc, words, lx, credits, s, e)
}

/// The words in and around the name: digits and credit words, event and party names, a
/// possessive determiner, a quantity, a pet, a work, a district, a glued acronym, a title at the
/// end, an employer before a title.
fn context_check(
    doc: &Document,
    words: &[&str],
    lx: &Lex,
    s: usize,
    e: usize,
) -> Option<PersonCheck> {
    let toks = words.get(s..e).unwrap_or(&[]);
    let lower = |w: &str| w.to_ascii_lowercase();
    if toks.iter().any(|w| {
        w.contains(|c: char| c.is_ascii_digit() || c == '_' || c == '@')
            || lx.credit.contains(lower(w).as_str())
    }) {
        return Some(PersonCheck::Drop);
    }
    // an event, competition or award: "… Invitational", "… Games" (also when the tagger left
    // the last word out)
    let event_word = |w: &str| starts_upper(w) && lx.event_tails.contains(lower(w).as_str());
    if toks.len() >= 2 && toks.last().is_some_and(|w| event_word(w)) {
        return Some(PersonCheck::DropAll);
    }
    // the event is named after the person ("the Jane Doe Memorial Cup"): only this mention goes
    if words.get(e).is_some_and(|w| event_word(w)) {
        return Some(PersonCheck::Drop);
    }
    // a party: "Progressive Conservative"
    if toks.len() >= 2
        && toks
            .iter()
            .all(|w| lx.party_words.contains(lower(w).as_str()))
    {
        return Some(PersonCheck::Org);
    }
    // a possessive determiner never opens a name: "My Name’s Not George"
    if toks.len() >= 2
        && toks
            .first()
            .is_some_and(|w| matches!(lower(w).as_str(), "my" | "our" | "your" | "their" | "its"))
    {
        return Some(PersonCheck::Drop);
    }
    let prev = |k: usize| s.checked_sub(k).and_then(|i| words.get(i)).copied();
    let same_sentence = |k: usize| {
        s.checked_sub(k)
            .and_then(|i| doc.tokens.get(i))
            .map(|t| t.sentence)
            == doc.tokens.get(s).map(|t| t.sentence)
    };
    // a quantity before the phrase: "48% Satisfaction Score", "the 1837 Harbour Rebellion"
    if prev(1).is_some_and(|w| w == "%" || (w.len() > 1 && w.ends_with('%')))
        || (prev(1).is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
            && prev(2).is_some_and(|w| w.eq_ignore_ascii_case("the")))
    {
        return Some(PersonCheck::Drop);
    }
    // a pet: "his terrier Bella", "a dog named Rex"
    let pet = |k: usize| prev(k).is_some_and(|w| lx.pet_nouns.contains(lower(w).as_str()));
    if pet(1) || (prev(1) == Some("named") && pet(2)) {
        return Some(PersonCheck::DropAll);
    }
    // the title of a work: "her new cookbook, Weeknight Suppers", "a film titled Quiet Harbour"
    let work = |k: usize| prev(k).is_some_and(|w| lx.work_nouns.contains(lower(w).as_str()));
    let named = |k: usize| prev(k).is_some_and(|w| matches!(w, "titled" | "entitled"));
    if toks.len() >= 2
        && toks
            .first()
            .is_some_and(|w| !lx.given.contains_key(title_key(w).as_str()))
        && (work(1) || (prev(1) == Some(",") && work(2)) || named(1))
    {
        return Some(PersonCheck::Drop);
    }
    // an electoral district after an abbreviated title: "MLA for Riverdale North"
    if prev(1) == Some("for")
        && prev(2)
            .is_some_and(|w| lx.is_title_noun(w) && w.chars().all(|c| c.is_uppercase() || c == '.'))
    {
        return Some(PersonCheck::Place);
    }
    // an acronym glued before the phrase: "XY Reward Points"
    if toks.len() >= 2
        && same_sentence(1)
        && prev(1).is_some_and(|w| {
            is_acronym(w)
                && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !lx.is_title_part(w)
                && lx.country(w).is_none()
                && !lx.places.contains_key(&norm(w))
        })
        && !toks.iter().all(|w| is_acronym(w))
    {
        return Some(PersonCheck::Drop);
    }
    if toks.last().is_some_and(|w| lx.is_title_noun(w)) {
        return Some(PersonCheck::Drop);
    }
    if words.get(e).is_some_and(|w| *w == "/") {
        return Some(PersonCheck::DropAll);
    }
    // "Huawei CFO Meng": a one-word "person" followed by a title is the employer
    if toks.len() == 1
        && words
            .get(e)
            .is_some_and(|w| lx.is_title_noun(w) && w.chars().all(|c| c.is_uppercase() || c == '.'))
    {
        return Some(PersonCheck::Org);
    }
    None
}

/// Where the name stands on the page: a credit line, page furniture, a byline, a paragraph of
/// its own, a caption or bio; and one-word and market-index look-alikes.
fn layout_check(
    doc: &Document,
    words: &[&str],
    lx: &Lex,
    credits: &mut CreditEnds,
    s: usize,
    e: usize,
) -> PersonCheck {
    let toks = words.get(s..e).unwrap_or(&[]);
    let lower = |w: &str| w.to_ascii_lowercase();
    // a credit line: "With files from Kyle Benning", "Photo by …": a credit lead ends before the
    // name in its sentence
    if let Some(first) = doc.tokens.get(s) {
        if credits
            .earliest_end(doc, lx, first.sentence)
            .is_some_and(|end| end <= first.span.start)
        {
            return PersonCheck::Drop;
        }
    }
    // a paragraph of page furniture ("READ MORE: …"), or a byline ("Jane Doe, The Associated Press")
    if let Some(first) = doc.tokens.get(s) {
        if let Some(p) = doc
            .sentences
            .get(first.sentence)
            .and_then(|st| doc.paragraphs.get(st.paragraph))
        {
            let para = doc.text.get(p.start..p.end).unwrap_or("");
            let head: String = para.chars().take(40).collect::<String>().to_lowercase();
            if lx.furniture_lead.iter().any(|f| head.starts_with(f)) {
                return PersonCheck::Drop;
            }
            let at_start = !doc
                .text
                .get(p.start..first.span.start)
                .is_some_and(|t| t.chars().any(char::is_alphanumeric));
            let rest = doc
                .text
                .get(doc.tokens.get(e - 1).map_or(p.end, |t| t.span.end)..p.end)
                .unwrap_or("");
            if at_start
                && rest.starts_with(',')
                && rest.split_whitespace().count() <= 6
                && !rest.trim_end().ends_with(['.', '!', '?', '"', '”'])
            {
                return PersonCheck::Drop;
            }
        }
    }
    // the whole paragraph is this name (a byline, a credit line)
    if let (Some(first), Some(last)) = (doc.tokens.get(s), doc.tokens.get(e - 1)) {
        if let Some(p) = doc
            .sentences
            .get(first.sentence)
            .and_then(|st| doc.paragraphs.get(st.paragraph))
        {
            let words_before = doc
                .text
                .get(p.start..first.span.start)
                .is_some_and(|t| t.chars().any(char::is_alphanumeric));
            let words_after = doc
                .text
                .get(last.span.end..p.end)
                .is_some_and(|t| t.chars().any(char::is_alphanumeric));
            if !words_before && !words_after {
                return PersonCheck::Drop;
            }
        }
    }
    if toks.len() == 1 {
        // "Hall of Famer", "Bill C-48", "The Globe"
        if words.get(e) == Some(&"of") && words.get(e + 1).is_some_and(|w| starts_upper(w)) {
            return PersonCheck::Drop;
        }
        if words.get(e).is_some_and(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.contains(|c: char| c.is_ascii_digit())
        }) {
            return PersonCheck::Drop;
        }
        if s > 0
            && words
                .get(s - 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("the"))
            && !words.get(e).is_some_and(|n| {
                matches!(
                    n.to_ascii_lowercase().as_str(),
                    "administration" | "government" | "campaign" | "family" | "era"
                )
            })
        {
            return PersonCheck::Drop;
        }
    }
    // a market index moving by a percentage: "Hong Kong's Hang Seng rose 0.3 per cent"
    if words
        .get(e)
        .is_some_and(|w| lx.market_verbs.contains(lower(w).as_str()))
        && words
            .get(e + 1..(e + 7).min(words.len()))
            .is_some_and(|ws| {
                ws.iter().any(|w| {
                    matches!(lower(w).as_str(), "per" | "percent" | "pct" | "points")
                        || w.ends_with('%')
                })
            })
    {
        return PersonCheck::Drop;
    }
    if in_caption_or_bio(doc, lx, s, e) {
        return PersonCheck::Drop;
    }
    if toks.len() >= 2
        && toks
            .last()
            .is_some_and(|w| lx.place_heads.contains(lower(w).as_str()))
    {
        return PersonCheck::Place;
    }
    PersonCheck::Keep
}

/// Whether the name sits in a photo caption ("Ryan Remiorz / The Canadian Press Kevin Vickers,
/// right, tosses …", "Trevor Stevens works in … ( Carrie Antlfinger / The Associated Press )")
/// or in the author's bio at the end ("Jane Doe is a Toronto-based reporter covering …"):
/// such people are not people of the story.
pub(super) fn in_caption_or_bio(doc: &Document, lx: &Lex, s: usize, e: usize) -> bool {
    let (Some(first), Some(last)) = (doc.tokens.get(s), doc.tokens.get(e.wrapping_sub(1))) else {
        return false;
    };
    let Some(p) = doc
        .sentences
        .get(first.sentence)
        .and_then(|st| doc.paragraphs.get(st.paragraph))
    else {
        return false;
    };
    // a credit opening the paragraph: capitalized words, then "/"
    let para = doc.text.get(p.start..p.end).unwrap_or("");
    for (lead_words, w) in para.split_whitespace().take(8).enumerate() {
        if w == "/" || (w.contains('/') && lead_words > 0) {
            if lead_words > 0 && lead_words <= 5 {
                return true;
            }
            break;
        }
        if !starts_upper(w) || w.ends_with(['.', ',', ':', '!', '?']) {
            break;
        }
    }
    // a credit in parentheses closing the caption the name is in
    let after = doc.text.get(last.span.end..p.end).unwrap_or("");
    // ('(' is ASCII, so a byte position is a char boundary; only the first 400 bytes are scanned)
    if let Some(open) = after.bytes().take(401).position(|b| b == b'(') {
        let rest = after.get(open + 1..).unwrap_or("");
        if let Some(close) = rest.find(')').filter(|&c| c <= 80) {
            let inner = rest.get(..close).unwrap_or("");
            let tail = rest
                .get(close + 1..)
                .unwrap_or("")
                .trim_start_matches(['.', ' ', ',']);
            let lower = inner.to_ascii_lowercase();
            if (inner.contains('/') || lower.contains("photo"))
                && inner.chars().any(char::is_alphabetic)
                && (tail.is_empty() || tail.starts_with(|c: char| c.is_uppercase()))
            {
                return true;
            }
        }
    }
    // an author bio near the end: "<name> is a Toronto-based reporter"
    if first.span.start * 4 >= doc.text.len() * 3 {
        let mut it = after.split_whitespace();
        if it.next() == Some("is") && matches!(it.next(), Some("a" | "an" | "the")) {
            return it.take(6).any(|w| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphabetic())
                    .to_ascii_lowercase();
                lx.bio_nouns.contains(w.as_str())
                    || w.rsplit('-')
                        .next()
                        .is_some_and(|x| lx.bio_nouns.contains(x))
            });
        }
    }
    false
}
