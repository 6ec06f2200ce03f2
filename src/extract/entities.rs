//! Stage 1: mentions of people, organizations and places.
//!
//! The trained CoNLL tagger ([`crate::extract::ner`]) proposes PER / ORG / LOC spans over each
//! sentence; this stage turns them into [`Mention`]s and repairs what a name tagger does not know
//! about news prose:
//!
//! * titles and honorifics before a person's name go into [`Mention::title`], never into the name
//!   ("Commerce Secretary Laura Benton", "Deputy Secretary of State Ann Lee", "Gen. Zhou");
//! * portfolio words inside a title are not organizations ("Commerce" in "Commerce Secretary",
//!   "State" in "Secretary of State");
//! * possessive clitics never end a span ("China’s" → "China");
//! * an organization written as "X of Commerce in <Place>" stays whole, and an acronym in
//!   parentheses after an organization becomes an acronym mention of it;
//! * third-person pronouns ("she", "his") and role nouns ("the secretary") become candidate
//!   mentions that [`crate::extract::coref`] links or discards;
//! * tagged "people" that are not: events and awards ("… Invitational"), institutions ("… Affairs",
//!   "X, a non-profit agency that …"), well-known companies, parties, pets ("his terrier Bella"),
//!   titles of works, fictional characters ("Rufus (Tom Baxter)"), photo credits and people named
//!   only in photo captions ("Jane Doe, right, …"); some of these decisions hold for every
//!   mention of the name in the article (`article_consistency`);
//! * tagged "organizations" and "places" that are people ("Norvex CFO Jane Doe", "political
//!   scientist Jane Doe", "Jane Wren's party");
//! * after coreference, spelling variants of one name are merged (`merge_name_variants`,
//!   called by [`crate::extract::roles`]).
//!
//! The lexicons shared by the entity stages (titles, pronouns, countries and demonyms, organization
//! kinds, well-known organizations, given names with sex, places) are parsed once in [`lex`].

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

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
    /// Given names ranked below [`RARE_GIVEN_RANK`] in their census list: too rare (and often
    /// from another naming tradition, or a surname used as a given name) for their sex to decide
    /// a pronoun.
    pub rare_given: HashSet<&'static str>,
    /// Lowercase national capital → its country.
    pub capitals: HashMap<String, &'static str>,
    /// Heads of geographic and facility names ("Street", "Hill").
    pub place_heads: HashSet<&'static str>,
    /// Words of photo credits and page furniture ("Images", "Photo").
    pub credit: HashSet<&'static str>,
    /// Phrases that open a credit line ("with files from", "photo by"): names after them are
    /// contributors, not people of the story. Matched ASCII-case-insensitively; a search reports
    /// the occurrence that ends first. (None only if the automaton cannot be built, which
    /// a unit test rules out for the bundled list.)
    pub credit_lead: Option<aho_corasick::AhoCorasick>,
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
    /// Last words of event, competition and award names ("… Invitational", "… Games").
    pub event_tails: HashSet<&'static str>,
    /// Animal nouns before a pet's name ("his terrier Bella").
    pub pet_nouns: HashSet<&'static str>,
    /// Nouns of titled works before a title ("her cookbook, Weeknight Suppers").
    pub work_nouns: HashSet<&'static str>,
    /// Particles inside personal names ("Al", "van", "de").
    pub name_particles: HashSet<&'static str>,
    /// Nouns that, in an appositive after a name, show it is an organization ("a non-profit agency").
    pub org_nouns: HashSet<&'static str>,
    /// Words of political party names ("Progressive", "Conservative").
    pub party_words: HashSet<&'static str>,
    /// Plural nouns of a company's people ("engineers"): "X engineers" shows X is an organization.
    pub employer_nouns: HashSet<&'static str>,
}

/// Census rank (within the male or the female list) past which a given name counts as rare.
const RARE_GIVEN_RANK: u32 = 1000;

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
        let mut titles: HashMap<&'static str, Vec<TitleClass>> = HashMap::default();
        let t = Lexicon::parse("titles", include_str!("../../lexicons/entities/titles.tsv"));
        for r in &t.rows {
            let class = match r.get(1).copied() {
                Some("head") => TitleClass::Head,
                Some("title") => TitleClass::Title,
                Some("mod") => TitleClass::Mod,
                Some("dept") => TitleClass::Dept,
                _ => continue,
            };
            let Some(&word) = r.first() else { continue };
            let v = titles.entry(word).or_default();
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
                Some((*r.first()?, g))
            })
            .collect();
        let c = Lexicon::parse(
            "countries",
            include_str!("../../lexicons/entities/countries.tsv"),
        );
        let mut countries = HashMap::default();
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
        let mut places = HashMap::default();
        for r in &pl.rows {
            let kind = match r.get(1).copied() {
                Some("country") => PlaceKind::Country,
                Some("capital") | Some("city") => PlaceKind::City,
                Some("state") | Some("continent") => PlaceKind::Region,
                _ => PlaceKind::Other,
            };
            let Some(name) = r.first() else { continue };
            places.entry(norm(name)).or_insert(kind);
        }
        let ok = Lexicon::parse(
            "org_kinds",
            include_str!("../../lexicons/entities/org_kinds.tsv"),
        );
        let mut org_kinds = HashMap::default();
        let mut in_place = Vec::new();
        for r in &ok.rows {
            let Some(&word) = r.first() else { continue };
            match r.get(1).copied() {
                Some("in_place") => in_place.push(word),
                Some(k) => {
                    if let Some(k) = org_kind_of(k) {
                        org_kinds.insert(norm(word), k);
                    }
                }
                None => {}
            }
        }
        let ko = Lexicon::parse(
            "known_orgs",
            include_str!("../../lexicons/entities/known_orgs.tsv"),
        );
        let mut known_orgs = HashMap::default();
        for r in &ko.rows {
            let Some(&name) = r.first() else { continue };
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
        let rare_given = g
            .rows
            .iter()
            .filter(|r| {
                r.get(2)
                    .and_then(|k| k.parse::<u32>().ok())
                    .is_some_and(|k| k > RARE_GIVEN_RANK)
            })
            .filter_map(|r| r.first().copied())
            .collect();
        let given = g
            .rows
            .iter()
            .filter_map(|r| {
                let s = match r.get(1).copied() {
                    Some("M") => Gender::M,
                    Some("F") => Gender::F,
                    _ => return None,
                };
                Some((*r.first()?, s))
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
        let credit_lead = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(nf.words_of_kind("credit_lead"))
            .ok();
        let furniture_lead = nf.words_of_kind("furniture_lead").collect();
        let lead_words = nf.words_of_kind("lead_word").collect();
        let market_verbs = nf.words_of_kind("market_verb").collect();
        let bio_nouns = nf.words_of_kind("bio_noun").collect();
        let speech_verbs = nf.words_of_kind("speech_verb").collect();
        let org_plurals = nf.words_of_kind("org_plural").collect();
        let org_tails = nf.words_of_kind("org_tail").collect();
        let event_tails = nf.words_of_kind("event_tail").collect();
        let pet_nouns = nf.words_of_kind("pet_noun").collect();
        let work_nouns = nf.words_of_kind("work_noun").collect();
        let name_particles = nf.words_of_kind("name_particle").collect();
        let org_nouns = nf.words_of_kind("org_noun").collect();
        let party_words = nf.words_of_kind("party_word").collect();
        let employer_nouns = nf.words_of_kind("employer_noun").collect();
        let sn = Lexicon::parse(
            "surnames",
            include_str!("../../lexicons/names/surnames.tsv"),
        );
        let surnames = sn.words().collect();
        Lex {
            party_words,
            employer_nouns,
            event_tails,
            pet_nouns,
            work_nouns,
            name_particles,
            org_nouns,
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
            rare_given,
        }
    })
}

/// Lowercase with typographic apostrophes folded to ASCII.
pub(crate) fn norm(s: &str) -> String {
    // ASCII has no ’ or ʼ, and its lowercase is the ASCII lowercase
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
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
            if let Some(Ok(w)) = buf.get(..word.len()).map(std::str::from_utf8) {
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
        // as `norm`, without allocating for the common short ASCII word
        let mut buf = [0u8; 32];
        if word.len() <= buf.len() && word.is_ascii() {
            for (b, c) in buf.iter_mut().zip(word.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            if let Some(Ok(w)) = buf.get(..word.len()).map(std::str::from_utf8) {
                return self.countries.get(w).copied();
            }
        }
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
    // names that are not people wherever they occur (a pet's, a photographer's)
    let mut banned: HashSet<String> = HashSet::default();
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
            let mut kind = kind;
            if kind != EntityKind::Person {
                match repair_non_person(kind, &words, lx, s, e, sent.tokens.start) {
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
                title = title_before(doc, &words, lx, s, sent.tokens.start);
            }
            if kind == EntityKind::Person {
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
                    continue;
                }
                // a given name the tagger left out before a name particle: "Samira" + "Al Haddad"
                if s > sent.tokens.start
                    && words.get(s).is_some_and(|w| {
                        starts_upper(w) && lx.name_particles.contains(norm(w).as_str())
                    })
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
                        !lx.given.contains_key(title_key(w).as_str())
                            && lx.known_orgs.contains_key(&norm(w))
                    });
                if lx
                    .known_orgs
                    .contains_key(&norm(&span_text(doc, &words, s, e)))
                    || first_known
                {
                    kind = EntityKind::Organization;
                    title = None;
                }
            }
            if kind == EntityKind::Person {
                match person_check(doc, &words, lx, &mut credits, s, e) {
                    PersonCheck::Keep => {}
                    PersonCheck::Place => kind = EntityKind::Place,
                    PersonCheck::Org => kind = EntityKind::Organization,
                    PersonCheck::Drop => continue,
                    PersonCheck::DropAll => {
                        banned.insert(norm(&span_text(doc, &words, s, e)));
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

    // two person spans back to back are one name the tagger split ("Dorset" + "Hall")
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
    for c in cands.iter_mut() {
        reclassify(c, &words, lx, doc);
    }
    extend_org_names(&mut cands, &words, doc);
    extend_to_known_orgs(&mut cands, &words);

    // one-word "persons" inside a list of mostly places are places:
    // "Dover, Leeds, Milton, Preston and York"
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

    article_consistency(&mut cands, &words, lx, &mut banned);

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
        if all_title_words && (inside || next_is_title || after_title_of) {
            c.drop = true;
        }
    }
    cands.retain(|c| !c.drop);

    // "American Chamber of Commerce" + "in" + place → one organization
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

/// Decisions about a name that hold wherever the article uses it: a name that is a pet's, a
/// photographer's or a fictional character's ("Rufus (Jane Doe)") is nobody's; one described as
/// an institution ("X, a non-profit agency that …") is an organization wherever it occurs; a
/// plural of a person's name ("more Jane Does") is no new person; a lone word the article uses
/// as a place or organization elsewhere is that place or organization.
fn article_consistency(
    cands: &mut Vec<Cand>,
    words: &[&str],
    lx: &Lex,
    banned: &mut HashSet<String>,
) {
    let keys: Vec<String> = cands
        .iter()
        .map(|c| norm(&words.get(c.start..c.end).unwrap_or(&[]).join(" ")))
        .collect();
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
        .zip(&keys)
        .filter(|(c, _)| c.kind == EntityKind::Person && c.end - c.start >= 2)
        .filter_map(|(_, k)| k.rsplit(' ').next())
        .collect();
    for (c, key) in cands.iter().zip(&keys) {
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
    // how often each name is tagged a person, a place, an organization
    let mut counts: HashMap<&str, [usize; 3]> = HashMap::default();
    for (c, k) in cands.iter().zip(&keys) {
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
        .zip(&keys)
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
        .zip(&keys)
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
        .zip(&keys)
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

/// Merges people whose names are spelling variants of one another, which an article (or its
/// copy desk) sometimes mixes: "Kelley" / "Kelly Marchetti", "Samuel Abdelkarim Haddad" /
/// "Abdulkarim Haddad". Runs after coreference (it is called by [`crate::extract::roles`]): the mentions of
/// the shorter or rarer variant move to the fuller or more frequent one, whose entity keeps its name.
/// Two names are variants when their last tokens are equal and exactly one other aligned token
/// differs by one edit (both at least five letters, same initial) or only by a spelling of a
/// final vowel sound ("-ie", "-y", "-i", "-ey"), and the given names' known sexes do not differ.
pub(crate) fn merge_name_variants(doc: &mut Document) {
    let lx = lex();
    let n = doc.entities.len();
    let mut full = vec![0usize; n];
    let mut first = vec![usize::MAX; n];
    for (i, m) in doc.mentions.iter().enumerate() {
        let Some(e) = m.entity else { continue };
        if m.kind != EntityKind::Person {
            continue;
        }
        if let (Some(f), Some(fi)) = (full.get_mut(e), first.get_mut(e)) {
            if m.form == MentionForm::FullName {
                *f += 1;
            }
            *fi = (*fi).min(i);
        }
    }
    let mut groups: HashMap<String, Vec<(usize, Vec<String>)>> = HashMap::default();
    for (e, ent) in doc.entities.iter().enumerate() {
        if ent.kind != Some(EntityKind::Person) || first.get(e).is_none_or(|&f| f == usize::MAX) {
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
        let Some(mut e) = m.entity else { continue };
        // follow a short chain of merges (each step moves to a higher-ranked name)
        for _ in 0..4 {
            match target.get(e).copied().flatten() {
                Some(t) if t != e => e = t,
                _ => break,
            }
        }
        m.entity = Some(e);
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

enum Repair {
    None,
    /// The span is a person's name.
    Person,
    /// An organization up to this token, then a title and a person's name.
    Split(usize),
}

/// Person names the tagger labelled organization or place: "Norvex CFO Jane Doe" (an
/// organization, a title, a name), "political scientist Jane Doe", "Jane Wren's party" (a known
/// given name and a census surname that no place list knows).
fn repair_non_person(
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

enum PersonCheck {
    Keep,
    Place,
    Org,
    Drop,
    /// Not a person here nor anywhere else in the article (a pet, a photo credit).
    DropAll,
}

/// A word in the case the name lists use ("HALL" → "Hall"), letters only.
fn title_key(w: &str) -> String {
    let mut key = String::with_capacity(w.len());
    for (k, ch) in w.chars().filter(|ch| ch.is_alphabetic()).enumerate() {
        if k == 0 {
            key.extend(ch.to_uppercase());
        } else {
            key.extend(ch.to_lowercase());
        }
    }
    key
}

/// Per sentence, the byte offset where the earliest credit lead ("photo by", "files from") ends,
/// computed once per sentence: a name is a credit when a lead ends before it. (Checking each
/// candidate against its own sentence prefix cost names x sentence length on a run-on sentence.)
#[derive(Default)]
struct CreditEnds(FxHashMap<usize, Option<usize>>);

impl CreditEnds {
    fn earliest_end(&mut self, doc: &Document, lx: &Lex, sentence: usize) -> Option<usize> {
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
fn person_check(
    doc: &Document,
    words: &[&str],
    lx: &Lex,
    credits: &mut CreditEnds,
    s: usize,
    e: usize,
) -> PersonCheck {
    let toks = words.get(s..e).unwrap_or(&[]);
    let lower = |w: &str| w.to_ascii_lowercase();
    if toks.iter().any(|w| {
        w.contains(|c: char| c.is_ascii_digit() || c == '_' || c == '@')
            || lx.credit.contains(lower(w).as_str())
    }) {
        return PersonCheck::Drop;
    }
    // an event, competition or award: "… Invitational", "… Games" (also when the tagger left
    // the last word out)
    let event_word = |w: &str| starts_upper(w) && lx.event_tails.contains(lower(w).as_str());
    if toks.len() >= 2 && toks.last().is_some_and(|w| event_word(w)) {
        return PersonCheck::DropAll;
    }
    // the event is named after the person ("the Jane Doe Memorial Cup"): only this mention goes
    if words.get(e).is_some_and(|w| event_word(w)) {
        return PersonCheck::Drop;
    }
    // a party: "Progressive Conservative"
    if toks.len() >= 2
        && toks
            .iter()
            .all(|w| lx.party_words.contains(lower(w).as_str()))
    {
        return PersonCheck::Org;
    }
    // a possessive determiner never opens a name: "My Name’s Not George"
    if toks.len() >= 2
        && toks
            .first()
            .is_some_and(|w| matches!(lower(w).as_str(), "my" | "our" | "your" | "their" | "its"))
    {
        return PersonCheck::Drop;
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
        return PersonCheck::Drop;
    }
    // a pet: "his terrier Bella", "a dog named Rex"
    let pet = |k: usize| prev(k).is_some_and(|w| lx.pet_nouns.contains(lower(w).as_str()));
    if pet(1) || (prev(1) == Some("named") && pet(2)) {
        return PersonCheck::DropAll;
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
        return PersonCheck::Drop;
    }
    // an electoral district after an abbreviated title: "MLA for Riverdale North"
    if prev(1) == Some("for")
        && prev(2)
            .is_some_and(|w| lx.is_title_noun(w) && w.chars().all(|c| c.is_uppercase() || c == '.'))
    {
        return PersonCheck::Place;
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
        return PersonCheck::Drop;
    }
    if toks.last().is_some_and(|w| lx.is_title_noun(w)) {
        return PersonCheck::Drop;
    }
    if words.get(e).is_some_and(|w| *w == "/") {
        return PersonCheck::DropAll;
    }
    // "Huawei CFO Meng": a one-word "person" followed by a title is the employer
    if toks.len() == 1
        && words
            .get(e)
            .is_some_and(|w| lx.is_title_noun(w) && w.chars().all(|c| c.is_uppercase() || c == '.'))
    {
        return PersonCheck::Org;
    }
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

/// Type repairs the lexicons know better than the tagger: a "place" whose last word heads
/// organization names ("Halverson Center") or that is a well-known organization is an organization;
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
fn extend_to_known_orgs(cands: &mut [Cand], words: &[&str]) {
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
            && toks
                .get(..toks.len() - 2)
                .is_some_and(|t| t.iter().any(|w| lx.is_title_noun(w))));
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

    #[test]
    fn credit_lead_end_is_the_earliest_end_of_any_phrase() {
        // the automaton must give what a search for each lowercase phrase in the lowercased
        // sentence gives: the smallest (first occurrence + phrase length)
        let lx = lex();
        let phrases: Vec<&str> = {
            let nf = Lexicon::parse(
                "name_filters",
                include_str!("../../lexicons/entities/name_filters.tsv"),
            );
            nf.words_of_kind("credit_lead").collect()
        };
        assert!(lx.credit_lead.is_some() && !phrases.is_empty());
        let slow = |s: &str| {
            let lower = s.to_ascii_lowercase();
            phrases
                .iter()
                .filter_map(|c| lower.find(c).map(|i| i + c.len()))
                .min()
        };
        let fast = |s: &str| {
            lx.credit_lead
                .as_ref()
                .and_then(|a| a.find(s))
                .map(|m| m.end())
        };
        let mut cases: Vec<String> = vec![
            "No credit here at all.".into(),
            String::new(),
            "Édition — ÉCRIT PAR personne.".into(),
        ];
        for (i, p) in phrases.iter().enumerate() {
            let other = phrases.get((i + 1) % phrases.len()).copied().unwrap_or("");
            cases.push(format!("Text {p} Ann Example."));
            cases.push(format!(
                "{} Ann Example, {other} Bo Sample",
                p.to_uppercase()
            ));
            cases.push(format!("Über {other}{p} x"));
        }
        for c in &cases {
            assert_eq!(fast(c), slow(c), "{c:?}");
        }
    }

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

    /// Each case: (text, a phrase that must not be part of any person's name).
    fn assert_not_people(cases: &[(&str, &str)]) {
        for (text, not_person) in cases {
            let ms = names(text);
            assert!(
                !ms.iter()
                    .any(|m| m.1 == "person" && m.0.contains(not_person)),
                "{text}: {ms:?}"
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
            ("Rallies were held in Dover, Leeds, Milton, Preston and York on Saturday.", "Milton"),
            ("The bill was tabled by the minister. Bill C-48 would ban tankers.", "Bill"),
            ("Mary Smith sits on a bench in the park. ( Jane Doe / Toronto Star ) The city said it would act.", "Mary Smith"),
            ("Jane Roe / The Canadian Press Paul Martin walks to the House of Commons on Tuesday.", "Paul Martin"),
            ("The council voted on Monday after a long and heated debate about the budget, the transit plan, the new library and the police. It was close. Lisa Ray is a Toronto-based reporter.", "Lisa Ray"),
        ];
        assert_not_people(&cases);
        // a function word glued to a surname at a sentence start is not part of the name
        let ms =
            names("John McCallum spoke on Monday. Unlike McCallum, the minister stayed silent.");
        assert!(!ms.iter().any(|m| m.0.starts_with("Unlike")), "{ms:?}");
    }

    #[test]
    fn events_pets_works_characters_and_captions_are_not_people() {
        // (text, a phrase that must not be a person)
        let cases = [
            ("Doyle won the Harold Benson Invitational eight times.", "Harold Benson"),
            ("Ken Marsh, 68, walks his terrier Bella near his home. Bella is nine.", "Bella"),
            ("Her new cookbook, Weeknight Suppers ($50, Penfold) is out.", "Weeknight Suppers"),
            ("The mayor cited a 48% Satisfaction Score on Sunday.", "Satisfaction Score"),
            ("They honoured those killed in the 1837 Harbour Rebellion in the city.", "Harbour Rebellion"),
            ("Then one night, running from Rufus (Tom Baxter) and Nell (Rita Dorne), Max spots a sword.", "Rufus"),
            ("\"Do we want more Corinne Bateses?\" said Mia Lund. Corinne Bates died in May.", "Corinne Bateses"),
            ("Porter Hugh Bellamy, right, and Walt Nortley, steward, are shown in 1958. The railway hired porters for decades.", "Hugh Bellamy"),
        ];
        assert_not_people(&cases);
    }

    #[test]
    fn institution_appositive_makes_an_organization() {
        let text =
            "The study is conducted by Dorset Hall, a non-profit, multi-service agency that \
                    serves the city. Researchers at Dorset Hall said it began in 2018.";
        let ms = names(text);
        assert!(
            !ms.iter().any(|m| m.1 == "person" && m.0.contains("Dorset")),
            "{ms:?}"
        );
    }

    #[test]
    fn employer_nouns_make_a_lone_word_an_organization() {
        // (text, the word, its kind everywhere in the article)
        let cases = [
            // "X engineers": a company, wherever the word stands alone
            (
                "Hartwell said on Monday that its app would return. In a memo, Hartwell told \
                 workers the tool was blocked. Hartwell engineers could still write code, said \
                 Mara Quint, an analyst. Hartwell did not comment.",
                "Hartwell",
                "organization",
            ),
            // without the cue the tagger's person stays
            (
                "Hartwell said on Monday that its app would return. In a memo, Hartwell told \
                 workers the tool was blocked. The engineers could still write code, said \
                 Mara Quint, an analyst. Hartwell did not comment.",
                "Hartwell",
                "person",
            ),
            // the surname of a full name in the article is a person's
            (
                "Tom Hartwell said on Monday that its app would return. In a memo, Hartwell \
                 told workers the tool was blocked. Hartwell engineers could still write code, \
                 said Mara Quint, an analyst. Hartwell did not comment.",
                "Hartwell",
                "person",
            ),
        ];
        for (text, word, kind) in cases {
            let ms = names(text);
            let kinds: Vec<&str> = ms.iter().filter(|m| m.0 == word).map(|m| m.1).collect();
            assert!(!kinds.is_empty(), "{word} not found in {ms:?}");
            assert!(
                kinds.iter().all(|k| *k == kind),
                "{word}: {kinds:?} in {text:?}"
            );
        }
    }

    #[test]
    fn a_name_found_whole_elsewhere_extends_its_tail() {
        let words = [
            "According",
            "to",
            "Harbour",
            "Works",
            "’s",
            "database",
            ",",
            "Harbour",
            "Works",
            "said",
            "Glenn",
            "Harbour",
            "Works",
            "late",
        ];
        let cand = |start, end, kind| Cand {
            start,
            end,
            kind,
            title: None,
            sentence: 0,
            drop: false,
        };
        let mut cands = vec![
            cand(3, 4, EntityKind::Place),
            cand(7, 9, EntityKind::Organization),
            cand(10, 12, EntityKind::Person),
            cand(12, 13, EntityKind::Place),
        ];
        extend_to_known_orgs(&mut cands, &words);
        let got: Vec<(usize, usize, EntityKind)> =
            cands.iter().map(|c| (c.start, c.end, c.kind)).collect();
        assert_eq!(
            got,
            vec![
                // the tagger's "Works" after "Harbour": the organization
                (2, 4, EntityKind::Organization),
                (7, 9, EntityKind::Organization),
                (10, 12, EntityKind::Person),
                // "Works" right after another candidate ("Glenn Harbour") stays apart
                (12, 13, EntityKind::Place),
            ]
        );
    }

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
        crate::extract::run(&mut doc, crate::knowledge::Knowledge::builtin().unwrap());
        let people: HashSet<usize> = doc
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.form != MentionForm::Pronoun)
            .filter_map(|m| m.entity)
            .collect();
        assert_eq!(people.len(), 1, "{:?}", doc.entities);
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
