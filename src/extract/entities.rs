//! Stage 1: mentions of people, organizations and places.
//!
//! The trained CoNLL tagger ([`crate::extract::ner`]) proposes PER / ORG / LOC spans over each
//! sentence; this stage turns them into [`Mention`]s and repairs what a name tagger does not know
//! about news prose:
//!
//! * titles and honorifics before a person's name go into [`Mention::title`], never into the name
//!   ("Commerce Secretary Gina Raimondo", "Deputy Secretary of State Wendy Sherman", "Gen. Li");
//! * portfolio words inside a title are not organizations ("Commerce" in "Commerce Secretary",
//!   "State" in "Secretary of State");
//! * possessive clitics never end a span ("China’s" → "China");
//! * an organization written as "X of Commerce in <Place>" stays whole, and an acronym in
//!   parentheses after an organization becomes an acronym mention of it;
//! * third-person pronouns ("she", "his") and role nouns ("the secretary") become candidate
//!   mentions that [`crate::extract::coref`] links or discards.
//!
//! The lexicons shared by the entity stages (titles, pronouns, countries and demonyms, organization
//! kinds, well-known organizations, given names with sex, places) are parsed once in [`lex`].

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::document::{Document, EntityKind, Mention, MentionForm, OrgKind, PlaceKind, TokenKind};
use crate::extract::ner::{NerLabel, NerModel};
use crate::lexicon::Lexicon;
use crate::text::Span;

/// Class of a title word (see `lexicons/entities/titles.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleClass {
    /// A role noun usable alone as "the <head>".
    Head,
    /// A role noun or honorific that only stands before a name.
    Title,
    /// A modifier inside a title.
    Mod,
    /// A portfolio word ("Commerce", "State").
    Dept,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    M,
    F,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountryForm {
    Country,
    Demonym,
    Alias,
}

/// The entity lexicons, parsed once.
pub(crate) struct Lex {
    /// Lowercase word → classes (a word may have several, e.g. "general": head and mod).
    pub titles: HashMap<&'static str, Vec<TitleClass>>,
    pub pronouns: HashMap<&'static str, Gender>,
    /// Lowercase form → (canonical country, form).
    pub countries: HashMap<String, (&'static str, CountryForm)>,
    /// Lowercase place name → kind (GeoNames extract).
    pub places: HashMap<String, PlaceKind>,
    /// Lowercase word → org kind ("in_place" words kept apart).
    pub org_kinds: HashMap<String, OrgKind>,
    pub in_place: Vec<&'static str>,
    /// Lowercase name or acronym → (name, acronym, kind).
    pub known_orgs: HashMap<String, (&'static str, &'static str, OrgKind)>,
    /// Given name → sex of its more frequent use.
    pub given: HashMap<&'static str, Gender>,
    /// Lowercase national capital → its country.
    pub capitals: HashMap<String, &'static str>,
    /// Heads of geographic and facility names ("Street", "Hill").
    pub place_heads: HashSet<&'static str>,
    /// Words of photo credits and page furniture ("Images", "Photo").
    pub credit: HashSet<&'static str>,
    /// Phrases that open a credit line ("with files from", "photo by"): names after them are
    /// contributors, not people of the story.
    pub credit_lead: Vec<&'static str>,
    /// Phrases that open a paragraph of page furniture ("READ MORE:", "Open this photo in gallery").
    pub furniture_lead: Vec<&'static str>,
    /// Census given names and surnames (any case folded to the list's spelling).
    pub surnames: HashSet<&'static str>,
    /// Function words the tagger may glue to a name at a sentence start ("Unlike McCallum").
    pub lead_words: HashSet<&'static str>,
    /// Verbs of a market index moving by a percentage ("Hang Seng rose 0.3 per cent").
    pub market_verbs: HashSet<&'static str>,
    /// Nouns of an author bio ("X is a Toronto-based reporter").
    pub bio_nouns: HashSet<&'static str>,
    /// Speech verbs: a bare word next to one is a speaker ("Bedders said").
    pub speech_verbs: HashSet<&'static str>,
    /// Plural organization nouns that open a list ("companies including …").
    pub org_plurals: HashSet<&'static str>,
    /// Words that turn a personal name before them into an organization ("… International").
    pub org_tails: HashSet<&'static str>,
}

fn org_kind_of(s: &str) -> Option<OrgKind> {
    Some(match s {
        "government" => OrgKind::Government,
        "company" => OrgKind::Company,
        "media" => OrgKind::Media,
        "academic" => OrgKind::Academic,
        "ngo" => OrgKind::Ngo,
        "international" => OrgKind::International,
        "military" => OrgKind::Military,
        "other" => OrgKind::Other,
        _ => return None,
    })
}

pub(crate) fn lex() -> &'static Lex {
    static L: OnceLock<Lex> = OnceLock::new();
    L.get_or_init(|| {
        let mut titles: HashMap<&'static str, Vec<TitleClass>> = HashMap::new();
        let t = Lexicon::parse("titles", include_str!("../../lexicons/entities/titles.tsv"));
        for r in &t.rows {
            let class = match r.get(1).copied() {
                Some("head") => TitleClass::Head,
                Some("title") => TitleClass::Title,
                Some("mod") => TitleClass::Mod,
                Some("dept") => TitleClass::Dept,
                _ => continue,
            };
            let v = titles.entry(r[0]).or_default();
            if !v.contains(&class) {
                v.push(class);
            }
        }
        let p = Lexicon::parse(
            "pronouns",
            include_str!("../../lexicons/entities/pronouns.tsv"),
        );
        let pronouns = p
            .rows
            .iter()
            .filter_map(|r| {
                let g = match r.get(1).copied() {
                    Some("M") => Gender::M,
                    Some("F") => Gender::F,
                    _ => return None,
                };
                Some((r[0], g))
            })
            .collect();
        let c = Lexicon::parse(
            "countries",
            include_str!("../../lexicons/entities/countries.tsv"),
        );
        let mut countries = HashMap::new();
        for r in &c.rows {
            let (Some(&form), Some(&canon), Some(&kind)) = (r.first(), r.get(1), r.get(2)) else {
                continue;
            };
            let kind = match kind {
                "country" => CountryForm::Country,
                "demonym" => CountryForm::Demonym,
                _ => CountryForm::Alias,
            };
            countries.entry(norm(form)).or_insert((canon, kind));
        }
        let pl = Lexicon::parse("places", include_str!("../../lexicons/names/places.tsv"));
        let mut places = HashMap::new();
        for r in &pl.rows {
            let kind = match r.get(1).copied() {
                Some("country") => PlaceKind::Country,
                Some("capital") | Some("city") => PlaceKind::City,
                Some("state") | Some("continent") => PlaceKind::Region,
                _ => PlaceKind::Other,
            };
            places.entry(norm(r[0])).or_insert(kind);
        }
        let ok = Lexicon::parse(
            "org_kinds",
            include_str!("../../lexicons/entities/org_kinds.tsv"),
        );
        let mut org_kinds = HashMap::new();
        let mut in_place = Vec::new();
        for r in &ok.rows {
            match r.get(1).copied() {
                Some("in_place") => in_place.push(r[0]),
                Some(k) => {
                    if let Some(k) = org_kind_of(k) {
                        org_kinds.insert(norm(r[0]), k);
                    }
                }
                None => {}
            }
        }
        let ko = Lexicon::parse(
            "known_orgs",
            include_str!("../../lexicons/entities/known_orgs.tsv"),
        );
        let mut known_orgs = HashMap::new();
        for r in &ko.rows {
            let name = r[0];
            let acr = r.get(1).copied().unwrap_or("");
            let kind = r
                .get(2)
                .and_then(|k| org_kind_of(k))
                .unwrap_or(OrgKind::Other);
            known_orgs.entry(norm(name)).or_insert((name, acr, kind));
            if !acr.is_empty() {
                known_orgs.entry(norm(acr)).or_insert((name, acr, kind));
            }
        }
        let g = Lexicon::parse(
            "given_names",
            include_str!("../../lexicons/names/given_names.tsv"),
        );
        let given = g
            .rows
            .iter()
            .filter_map(|r| {
                let s = match r.get(1).copied() {
                    Some("M") => Gender::M,
                    Some("F") => Gender::F,
                    _ => return None,
                };
                Some((r[0], s))
            })
            .collect();
        let cp = Lexicon::parse(
            "capitals",
            include_str!("../../lexicons/entities/capitals.tsv"),
        );
        let capitals = cp
            .rows
            .iter()
            .filter_map(|r| Some((norm(r.first()?), *r.get(1)?)))
            .collect();
        let nf = Lexicon::parse(
            "name_filters",
            include_str!("../../lexicons/entities/name_filters.tsv"),
        );
        let place_heads = nf.words_of_kind("place_head").collect();
        let credit = nf.words_of_kind("credit").collect();
        let credit_lead = nf.words_of_kind("credit_lead").collect();
        let furniture_lead = nf.words_of_kind("furniture_lead").collect();
        let lead_words = nf.words_of_kind("lead_word").collect();
        let market_verbs = nf.words_of_kind("market_verb").collect();
        let bio_nouns = nf.words_of_kind("bio_noun").collect();
        let speech_verbs = nf.words_of_kind("speech_verb").collect();
        let org_plurals = nf.words_of_kind("org_plural").collect();
        let org_tails = nf.words_of_kind("org_tail").collect();
        let sn = Lexicon::parse(
            "surnames",
            include_str!("../../lexicons/names/surnames.tsv"),
        );
        let surnames = sn.words().collect();
        Lex {
            lead_words,
            market_verbs,
            bio_nouns,
            speech_verbs,
            org_plurals,
            org_tails,
            furniture_lead,
            credit_lead,
            surnames,
            place_heads,
            credit,
            capitals,
            titles,
            pronouns,
            countries,
            places,
            org_kinds,
            in_place,
            known_orgs,
            given,
        }
    })
}

/// Lowercase with typographic apostrophes folded to ASCII.
pub(crate) fn norm(s: &str) -> String {
    s.chars()
        .map(|c| if c == '’' || c == 'ʼ' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

impl Lex {
    pub(crate) fn title_class(&self, word: &str) -> &[TitleClass] {
        // ASCII-lowercase lookup without allocating for the common short word
        let mut buf = [0u8; 24];
        if word.len() <= buf.len() && word.is_ascii() {
            for (b, c) in buf.iter_mut().zip(word.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            if let Ok(w) = std::str::from_utf8(&buf[..word.len()]) {
                return self.titles.get(w).map_or(&[], |v| v.as_slice());
            }
        }
        &[]
    }
    pub(crate) fn is_title_noun(&self, word: &str) -> bool {
        self.title_class(word)
            .iter()
            .any(|c| matches!(c, TitleClass::Head | TitleClass::Title))
    }
    pub(crate) fn is_head(&self, word: &str) -> bool {
        self.title_class(word).contains(&TitleClass::Head)
    }
    pub(crate) fn is_title_part(&self, word: &str) -> bool {
        !self.title_class(word).is_empty()
    }
    /// The country a word names or describes ("Chinese", "U.S.", "China"), if any.
    pub(crate) fn country(&self, word: &str) -> Option<(&'static str, CountryForm)> {
        self.countries.get(&norm(word)).copied()
    }
}

/// True for the possessive clitic tokens the tokenizer splits off ("’s", "'").
pub(crate) fn is_possessive(tok: &str) -> bool {
    matches!(tok, "'s" | "’s" | "'S" | "’S" | "'" | "’")
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '&')
}

/// A tagger span in global token indices.
#[derive(Debug, Clone, Copy)]
struct Cand {
    start: usize,
    end: usize,
    kind: EntityKind,
    title: Option<(usize, usize)>,
    sentence: usize,
    drop: bool,
}

/// Fills `doc.mentions` with name, acronym, pronoun and role-noun mentions (entities unset).
pub fn detect(doc: &mut Document) {
    doc.mentions.clear();
    if doc.tokens.is_empty() {
        return;
    }
    let lx = lex();
    let mut out: Vec<Mention> = Vec::new();
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let sents: Vec<Vec<&str>> = doc
        .sentences
        .iter()
        .map(|s| words.get(s.tokens.clone()).unwrap_or(&[]).to_vec())
        .collect();
    let tagged = NerModel::embedded().tag_document(&sents);

    let mut cands: Vec<Cand> = Vec::new();
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
                    let text = span_text(doc, &words, base + sp.start, base + sp.end);
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
            let mut title = None;
            if kind == EntityKind::Person {
                // strip a title the tagger put inside the name: "Gen. Li Shangfu"
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
                title = title_before(doc, &words, lx, s, sent.tokens.start);
            }
            let mut kind = kind;
            if kind == EntityKind::Person {
                // a function word glued to the name at a sentence start: "Unlike McCallum"
                while e - s >= 2
                    && words.get(s).is_some_and(|w| {
                        starts_upper(w) && lx.lead_words.contains(w.to_ascii_lowercase().as_str())
                    })
                {
                    s += 1;
                }
                // a company suffix after or ending the name: "Robert Bosch GmbH"
                let company_word = |w: &str| {
                    starts_upper(w)
                        && (lx.org_kinds.get(&norm(w)) == Some(&OrgKind::Company)
                            || lx.org_tails.contains(norm(w).as_str()))
                };
                if words.get(e).is_some_and(|w| company_word(w))
                    && doc.tokens.get(e).is_some_and(|t| {
                        t.sentence == doc.tokens.get(s).map_or(usize::MAX, |f| f.sentence)
                    })
                {
                    e += 1;
                }
                if e - s >= 2 && words.get(e - 1).is_some_and(|w| company_word(w)) {
                    kind = EntityKind::Organization;
                    title = None;
                }
            }
            if kind == EntityKind::Person {
                match person_check(doc, &words, lx, s, e) {
                    PersonCheck::Keep => {}
                    PersonCheck::Place => kind = EntityKind::Place,
                    PersonCheck::Org => kind = EntityKind::Organization,
                    PersonCheck::Drop => continue,
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

    for c in cands.iter_mut() {
        reclassify(c, &words, lx, doc);
    }
    extend_org_names(&mut cands, &words, doc);

    // one-word "persons" inside a list of mostly places are places:
    // "Edmonton, Calgary, Brooks, Edson and Medicine Hat"
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

    // a lone capitalized word that no name list knows, that no fuller name in the article
    // contains and that no title or speech verb supports is not a person ("Soy sauce",
    // "Indigenous rights", "Hello! Canada")
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

    // portfolio words inside a title are not organizations or places
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
        if (inside && all_title_words) || (all_title_words && (next_is_title || after_title_of)) {
            c.drop = true;
        }
    }
    cands.retain(|c| !c.drop);

    // "American Chamber of Commerce" + "in" + place → one organization
    let mut i = 0;
    while i + 1 < cands.len() {
        let (a, b) = (cands[i], cands[i + 1]);
        let head = words.get(a.end.wrapping_sub(1)).map(|w| norm(w));
        if a.kind == EntityKind::Organization
            && b.kind == EntityKind::Place
            && b.start == a.end + 1
            && words.get(a.end) == Some(&"in")
            && head.is_some_and(|h| lx.in_place.iter().any(|w| norm(w) == h))
        {
            cands[i].end = b.end;
            cands.remove(i + 1);
        }
        i += 1;
    }

    for c in &cands {
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
            sentence: c.sentence,
        });
    }

    // an acronym in parentheses right after an organization: "Federal Bureau of Investigation (FBI)"
    let mut extra = Vec::new();
    for c in &cands {
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
                    sentence: c.sentence,
                });
            }
        }
    }
    out.extend(extra);

    // pronouns and role nouns: candidates that coreference links or discards
    let taken: Vec<(usize, usize)> = cands.iter().map(|c| (c.start, c.end)).collect();
    let mut ti = 0;
    for (i, tok) in doc.tokens.iter().enumerate() {
        if tok.kind != TokenKind::Word {
            continue;
        }
        let w = words.get(i).copied().unwrap_or("");
        while ti < taken.len() && taken[ti].1 <= i {
            ti += 1;
        }
        if ti < taken.len() && taken[ti].0 <= i {
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
                sentence: tok.sentence,
            });
        } else if lw == "the" {
            if let Some(end) = role_noun_end(&words, lx, i, tok.sentence, doc) {
                if let Some(last) = doc.tokens.get(end - 1) {
                    out.push(Mention {
                        span: Span::new(tok.span.start, last.span.end),
                        kind: EntityKind::Person,
                        form: MentionForm::RoleNoun,
                        title: None,
                        entity: None,
                        sentence: tok.sentence,
                    });
                }
            }
        }
    }
    out.sort_by_key(|m| (m.span.start, m.span.end, m.kind));
    doc.mentions = out;
}

enum PersonCheck {
    Keep,
    Place,
    Org,
    Drop,
}

/// Whether a tagged person name really is one: not a photo credit ("Adrian Wyld/Canadian
/// Press"), not a line of page furniture holding nothing but the name (bylines, "Continued
/// Below"), not a street or a hill, not a bill number, not a name ending in a title ("Yellowhead MP").
fn person_check(doc: &Document, words: &[&str], lx: &Lex, s: usize, e: usize) -> PersonCheck {
    let toks = words.get(s..e).unwrap_or(&[]);
    let lower = |w: &str| w.to_ascii_lowercase();
    if toks.iter().any(|w| {
        w.contains(|c: char| c.is_ascii_digit() || c == '_' || c == '@')
            || lx.credit.contains(lower(w).as_str())
    }) {
        return PersonCheck::Drop;
    }
    if toks.last().is_some_and(|w| lx.is_title_noun(w)) {
        return PersonCheck::Drop;
    }
    if words.get(e).is_some_and(|w| *w == "/") {
        return PersonCheck::Drop;
    }
    // "Huawei CFO Meng": a one-word "person" followed by a title is the employer
    if toks.len() == 1
        && words
            .get(e)
            .is_some_and(|w| lx.is_title_noun(w) && w.chars().all(|c| c.is_uppercase() || c == '.'))
    {
        return PersonCheck::Org;
    }
    // a credit line: "With files from Kyle Benning", "Photo by …"
    if let Some(first) = doc.tokens.get(s) {
        if let Some(st) = doc.sentences.get(first.sentence) {
            let before = doc
                .text
                .get(st.span.start..first.span.start)
                .unwrap_or("")
                .to_ascii_lowercase();
            if lx.credit_lead.iter().any(|c| before.contains(c)) {
                return PersonCheck::Drop;
            }
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
fn in_caption_or_bio(doc: &Document, lx: &Lex, s: usize, e: usize) -> bool {
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
    let mut lead_words = 0;
    for w in para.split_whitespace().take(8) {
        if w == "/" || (w.contains('/') && lead_words > 0) {
            if lead_words > 0 && lead_words <= 5 {
                return true;
            }
            break;
        }
        if !starts_upper(w) || w.ends_with(['.', ',', ':', '!', '?']) {
            break;
        }
        lead_words += 1;
    }
    // a credit in parentheses closing the caption the name is in
    let after = doc.text.get(last.span.end..p.end).unwrap_or("");
    if let Some(open) = after.find('(').filter(|&o| o <= 400) {
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

/// Type repairs the lexicons know better than the tagger: a "place" whose last word heads
/// organization names ("Stimson Center") or that is a well-known organization is an organization;
/// an unknown one-word "place" or "organization" before "administration" is the president's name.
fn reclassify(c: &mut Cand, words: &[&str], lx: &Lex, doc: &Document) {
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
fn extend_org_names(cands: &mut Vec<Cand>, words: &[&str], doc: &Document) {
    let lx = lex();
    let cap = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| starts_upper(w) && !lx.is_title_noun(w))
    };
    let same_sentence = |a: usize, b: usize| {
        doc.tokens.get(a).map(|t| t.sentence) == doc.tokens.get(b).map(|t| t.sentence)
    };
    for k in 0..cands.len() {
        let c = cands[k];
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
        cands[k].start = s;
        for d in cands.iter_mut() {
            if d.end > s && d.end <= c.start && d.start >= s {
                d.drop = true;
            }
        }
    }
    cands.retain(|c| !c.drop);
}

fn span_text(doc: &Document, words: &[&str], s: usize, e: usize) -> String {
    let _ = doc;
    words.get(s..e).unwrap_or(&[]).join(" ")
}

/// Token range of a title written directly before the name starting at token `name`.
fn title_before(
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
            && toks[..toks.len() - 2].iter().any(|w| lx.is_title_noun(w)));
    if !ends_well {
        return None;
    }
    Some((k, name))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn mentions(text: &str) -> Vec<(String, &'static str, Option<String>, &'static str)> {
        let mut doc = Document::segmented("t", text);
        detect(&mut doc);
        doc.mentions
            .iter()
            .map(|m| {
                (
                    doc.slice(m.span).to_string(),
                    m.kind.as_str(),
                    m.title.map(|t| doc.slice(t).to_string()),
                    m.form.as_str(),
                )
            })
            .collect()
    }

    fn names(text: &str) -> Vec<(String, &'static str, Option<String>)> {
        mentions(text)
            .into_iter()
            .filter(|m| m.3 != "pronoun" && m.3 != "role_noun")
            .map(|m| (m.0, m.1, m.2))
            .collect()
    }

    #[test]
    fn titles_are_kept_out_of_names() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "A dinner where Commerce Secretary Maria Lopez will sit down with him.",
                "Maria Lopez",
                "Commerce Secretary",
            ),
            (
                "He met Deputy Secretary of State Anna Petrova in March.",
                "Anna Petrova",
                "Deputy Secretary of State",
            ),
            (
                "He met with national security adviser David Miller on Monday.",
                "David Miller",
                "national security adviser",
            ),
            (
                "On Tuesday, new Chinese Ambassador Zhang Wei arrived in the U.S.",
                "Zhang Wei",
                "Chinese Ambassador",
            ),
            (
                "The U.S. wants to lift the sanctions on Gen. Chen Jian soon.",
                "Chen Jian",
                "Gen.",
            ),
        ];
        for (text, name, title) in cases {
            let ms = names(text);
            let m = ms.iter().find(|m| m.1 == "person");
            assert_eq!(
                m.map(|m| (m.0.as_str(), m.2.as_deref())),
                Some((*name, Some(*title))),
                "{text}: {ms:?}"
            );
            assert!(
                !ms.iter().any(|m| m.1 == "organization"),
                "{text}: title word as organization {ms:?}"
            );
        }
    }

    #[test]
    fn non_people_the_tagger_may_take_for_people() {
        // (text, a phrase that must not be a person)
        let cases = [
            ("Markets were mixed. Tokyo's Nikkei rose 0.3 per cent to 20,100.", "Nikkei"),
            ("The city hired Peter Brown Inc. to build it.", "Peter Brown"),
            ("The fund is managed by Adam Jones International, a consultancy.", "Adam Jones"),
            ("The park hosts offices of companies including Arnold Tremblay, Pauline Ricard and Dow Chemical.", "Arnold Tremblay"),
            ("Rallies were held in Edmonton, Calgary, Brooks, Edson and Red Deer on Saturday.", "Brooks"),
            ("The bill was tabled by the minister. Bill C-48 would ban tankers.", "Bill"),
            ("Mary Smith sits on a bench in the park. ( Jane Doe / Toronto Star ) The city said it would act.", "Mary Smith"),
            ("Jane Roe / The Canadian Press Paul Martin walks to the House of Commons on Tuesday.", "Paul Martin"),
            ("The council voted on Monday after a long and heated debate about the budget, the transit plan, the new library and the police. It was close. Lisa Ray is a Toronto-based reporter.", "Lisa Ray"),
        ];
        for (text, not_person) in cases {
            let ms = names(text);
            assert!(
                !ms.iter()
                    .any(|m| m.1 == "person" && m.0.contains(not_person)),
                "{text}: {ms:?}"
            );
        }
        // a function word glued to a surname at a sentence start is not part of the name
        let ms =
            names("John McCallum spoke on Monday. Unlike McCallum, the minister stayed silent.");
        assert!(!ms.iter().any(|m| m.0.starts_with("Unlike")), "{ms:?}");
    }

    #[test]
    fn possessives_and_multiword_names() {
        let ms = names("China’s Foreign Ministry said it would respond.");
        assert!(ms.iter().any(|m| m.0 == "China"), "{ms:?}");
        assert!(!ms.iter().any(|m| m.0.contains('’')), "{ms:?}");
        let ms = names("He met a delegation from the American Chamber of Commerce in China earlier this month.");
        assert!(
            ms.iter()
                .any(|m| m.0 == "American Chamber of Commerce in China" && m.1 == "organization"),
            "{ms:?}"
        );
    }

    #[test]
    fn acronym_in_parentheses_is_a_mention() {
        let ms = names("An analysis by the Federal Bureau of Investigation (FBI) was leaked.");
        assert!(
            ms.iter().any(|m| m.0 == "FBI" && m.1 == "organization"),
            "{ms:?}"
        );
    }

    #[test]
    fn pronouns_and_role_nouns_are_candidates() {
        let ms = mentions("Lopez said she was ready. The secretary listened.");
        assert!(
            ms.iter().any(|m| m.0 == "she" && m.3 == "pronoun"),
            "{ms:?}"
        );
        assert!(
            ms.iter()
                .any(|m| m.0 == "The secretary" && m.3 == "role_noun"),
            "{ms:?}"
        );
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        for t in ["", " ", "’s", "the", "Mr.", "( )", "THE"] {
            let mut doc = Document::segmented("t", t);
            detect(&mut doc);
        }
    }
}
