//! The lexicons of the entity stages (mentions, coreference, affiliations), parsed once into
//! [`EntityLexicons`]: `lexicons/entities/*` (titles, honorifics, pronouns, countries and
//! demonyms, organization kinds, well-known organizations, capitals, name filters) and the
//! name gazetteers of [`super::names`] indexed for look-ups.

// Fx hashing: these maps are looked up, never iterated into the output.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::names::{column, Gender, Names, PlaceClass};
use super::KnowledgeError;
use crate::lexicon::Lexicon;
use crate::vocab::{OrgKind, PlaceKind};

crate::vocab! {
    /// Class of a title word (see `lexicons/entities/titles.tsv`).
    pub enum TitleClass {
        /// A role noun usable alone as "the `<head>`".
        Head => "head",
        /// A role noun or honorific that only stands before a name.
        Title => "title",
        /// A modifier inside a title.
        Mod => "mod",
        /// A portfolio word ("Commerce", "State").
        Dept => "dept",
    }
}

crate::vocab! {
    /// Which stages use an honorific (the second column of `lexicons/entities/honorifics.tsv`).
    pub enum HonorificStages {
        /// Entity names and quote speakers.
        Both => "both",
        /// Entity names only ([`EntityLexicons::is_honorific`]).
        Names => "names",
        /// Quote speakers only (`QuoteKnowledge::is_honorific`).
        Quotes => "quotes",
    }
}

impl HonorificStages {
    /// Whether the entity stages use the honorific.
    pub fn names(self) -> bool {
        matches!(self, HonorificStages::Both | HonorificStages::Names)
    }

    /// Whether the quotes stage uses the honorific.
    pub fn quotes(self) -> bool {
        matches!(self, HonorificStages::Both | HonorificStages::Quotes)
    }
}

/// The one honorific list (`lexicons/entities/honorifics.tsv`): each lowercase honorific, without
/// its final period, and the stages that use it. An unknown stage is a [`KnowledgeError`].
pub fn honorifics() -> Result<Vec<(&'static str, HonorificStages)>, KnowledgeError> {
    let h = Lexicon::parse(
        "honorifics",
        include_str!("../../lexicons/entities/honorifics.tsv"),
    );
    h.records()
        .map(|(line, r)| Ok((word(&h, line, r)?, class(&h, line, r, 1)?)))
        .collect()
}

crate::vocab! {
    /// How a row of `lexicons/entities/countries.tsv` names its country.
    pub enum CountryForm {
        /// The country's own name ("China").
        Country => "country",
        /// Its demonym ("Chinese").
        Demonym => "demonym",
        /// Another name of it ("U.S.").
        Alias => "alias",
    }
}

crate::vocab! {
    /// Role of a word of `lexicons/entities/org_kinds.tsv` in an organization's name.
    pub enum OrgWordRole {
        /// Names an organization by itself and decides its kind ("Ministry").
        Head => "head",
        /// A head whose kind is that of the nearest kind word before it ("Police Department").
        Defer => "defer",
        /// Gives a kind only to a deferring head or a name without heads ("Football", "FC").
        Modifier => "modifier",
        /// A following "in `<Place>`" belongs to the name ("Chamber").
        InPlace => "in_place",
    }
}

/// A head word of organization names (`lexicons/entities/org_kinds.tsv`, roles head and defer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgHead {
    /// The kind it gives (for a deferring head: when no kind word precedes it).
    pub kind: OrgKind,
    /// Whether an earlier kind word of the name decides instead ("Police Department").
    pub defers: bool,
}

crate::vocab! {
    /// Class of a row of `lexicons/entities/name_filters.tsv`.
    pub enum NameFilter {
        /// Heads of geographic and facility names.
        PlaceHead => "place_head",
        /// Words of photo credits and page furniture.
        Credit => "credit",
        /// Phrases that open a credit line.
        CreditLead => "credit_lead",
        /// Phrases that open a paragraph of page furniture.
        FurnitureLead => "furniture_lead",
        /// Function words glued to a name at a sentence start.
        LeadWord => "lead_word",
        /// Verbs of a market index moving.
        MarketVerb => "market_verb",
        /// Nouns of an author bio.
        BioNoun => "bio_noun",
        /// Speech verbs.
        SpeechVerb => "speech_verb",
        /// Plural organization nouns that open a list.
        OrgPlural => "org_plural",
        /// Words that turn a personal name before them into an organization.
        OrgTail => "org_tail",
        /// Last words of event, competition and award names.
        EventTail => "event_tail",
        /// Animal nouns before a pet's name.
        PetNoun => "pet_noun",
        /// Nouns of titled works.
        WorkNoun => "work_noun",
        /// Particles inside personal names.
        NameParticle => "name_particle",
        /// Nouns that show, in an appositive, that a name is an organization.
        OrgNoun => "org_noun",
        /// Words of political party names.
        PartyWord => "party_word",
        /// Plural nouns of a company's people.
        EmployerNoun => "employer_noun",
    }
}

/// Census rank (within the male or the female list) past which a given name counts as rare.
const RARE_GIVEN_RANK: u32 = 1000;

/// The entity lexicons, parsed once (see the module documentation).
#[derive(Debug, Default)]
pub struct EntityLexicons {
    /// Lowercase word → classes (a word may have several, e.g. "general": head and mod).
    pub titles: HashMap<&'static str, Vec<TitleClass>>,
    /// Honorifics, lowercase without the final period ("mr", "dame"): titles that are not a role.
    pub honorifics: HashSet<&'static str>,
    /// Third-person pronoun → sex.
    pub pronouns: HashMap<&'static str, Gender>,
    /// Lowercase form → (canonical country, form).
    pub countries: HashMap<String, (&'static str, CountryForm)>,
    /// Lowercase place name → kind (GeoNames extract).
    pub places: HashMap<String, PlaceKind>,
    /// Lowercase head word of organization names → its kind (roles head and defer).
    pub org_kinds: HashMap<String, OrgHead>,
    /// Lowercase word that tells an organization's kind without being a head ("football").
    pub org_kind_modifiers: HashMap<String, OrgKind>,
    /// Organization head words that keep a following "in `<Place>`" ("Chamber").
    pub in_place: Vec<&'static str>,
    /// Lowercase name or acronym → (name, acronym, kind).
    pub known_orgs: HashMap<String, (&'static str, &'static str, OrgKind)>,
    /// Given name → sex of its more frequent use.
    pub given: HashMap<&'static str, Gender>,
    /// Given names ranked past `RARE_GIVEN_RANK` (1000) in their census list: too rare (and often
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
    /// Census surnames (any case folded to the list's spelling).
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

/// Lowercase with typographic apostrophes folded to ASCII.
pub fn norm(s: &str) -> String {
    // ASCII has no ’ or ʼ, and its lowercase is the ASCII lowercase
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| if c == '’' || c == 'ʼ' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A class column parsed into its vocabulary, or the error naming the row.
fn class<T>(lx: &Lexicon, line: usize, r: &[&'static str], i: usize) -> Result<T, KnowledgeError>
where
    T: std::str::FromStr<Err = crate::vocab::UnknownValue>,
{
    column(lx.name, line, r, i)?
        .parse()
        .map_err(|e| KnowledgeError::new(lx.name, line, e))
}

/// The first column of a record.
fn word(lx: &Lexicon, line: usize, r: &[&'static str]) -> Result<&'static str, KnowledgeError> {
    column(lx.name, line, r, 0)
}

impl EntityLexicons {
    /// Sex of a person named `name` (as written), from the census list of given names, if known:
    /// not for a rare given name, nor for a name written family name first ("Pak Chol-su": a
    /// hyphenated last word with a lower-case second syllable). The quote stage's rule for
    /// its speakers; coreference links pronouns with its own census look-up (`coref::people`),
    /// which also uses rare given names.
    pub fn gender_of_name(&self, name: &str) -> Option<Gender> {
        let mut words = name.split_whitespace();
        let first = words.next()?;
        let family_first = words.last().is_some_and(|w| {
            w.split_once('-').is_some_and(|(a, b)| {
                a.chars().next().is_some_and(char::is_uppercase)
                    && b.chars().next().is_some_and(char::is_lowercase)
            })
        });
        if family_first || self.rare_given.contains(first) {
            return None;
        }
        self.given.get(first).copied()
    }

    /// Parses the embedded entity lexicons and indexes the name gazetteers `names`.
    pub fn load(names: &Names) -> Result<EntityLexicons, KnowledgeError> {
        let mut lx = EntityLexicons::default();
        lx.load_titles()?;
        lx.load_countries()?;
        lx.load_orgs()?;
        lx.load_name_filters()?;
        lx.index_names(names);
        Ok(lx)
    }

    fn load_titles(&mut self) -> Result<(), KnowledgeError> {
        let t = Lexicon::parse("titles", include_str!("../../lexicons/entities/titles.tsv"));
        for (line, r) in t.records() {
            let class: TitleClass = class(&t, line, r, 1)?;
            let v = self.titles.entry(word(&t, line, r)?).or_default();
            if !v.contains(&class) {
                v.push(class);
            }
        }
        self.honorifics = honorifics()?
            .into_iter()
            .filter(|&(_, st)| st.names())
            .map(|(w, _)| w)
            .collect();
        let p = Lexicon::parse(
            "pronouns",
            include_str!("../../lexicons/entities/pronouns.tsv"),
        );
        for (line, r) in p.records() {
            self.pronouns
                .insert(word(&p, line, r)?, class(&p, line, r, 1)?);
        }
        Ok(())
    }

    fn load_countries(&mut self) -> Result<(), KnowledgeError> {
        let c = Lexicon::parse(
            "countries",
            include_str!("../../lexicons/entities/countries.tsv"),
        );
        for (line, r) in c.records() {
            let canon = column(c.name, line, r, 1)?;
            let form: CountryForm = class(&c, line, r, 2)?;
            self.countries
                .entry(norm(word(&c, line, r)?))
                .or_insert((canon, form));
        }
        let cp = Lexicon::parse(
            "capitals",
            include_str!("../../lexicons/entities/capitals.tsv"),
        );
        for (line, r) in cp.records() {
            let country = column(cp.name, line, r, 1)?;
            self.capitals.insert(norm(word(&cp, line, r)?), country);
        }
        Ok(())
    }

    fn load_orgs(&mut self) -> Result<(), KnowledgeError> {
        let ok = Lexicon::parse(
            "org_kinds",
            include_str!("../../lexicons/entities/org_kinds.tsv"),
        );
        for (line, r) in ok.records() {
            let w = word(&ok, line, r)?;
            let role: OrgWordRole = class(&ok, line, r, 2)?;
            if role == OrgWordRole::InPlace {
                self.in_place.push(w);
                continue;
            }
            let kind: OrgKind = class(&ok, line, r, 1)?;
            match role {
                OrgWordRole::Head | OrgWordRole::Defer => {
                    let defers = role == OrgWordRole::Defer;
                    self.org_kinds.insert(norm(w), OrgHead { kind, defers });
                }
                OrgWordRole::Modifier => {
                    self.org_kind_modifiers.insert(norm(w), kind);
                }
                OrgWordRole::InPlace => {}
            }
        }
        let ko = Lexicon::parse(
            "known_orgs",
            include_str!("../../lexicons/entities/known_orgs.tsv"),
        );
        for (line, r) in ko.records() {
            let name = word(&ko, line, r)?;
            let acr = column(ko.name, line, r, 1)?;
            let kind: OrgKind = class(&ko, line, r, 2)?;
            self.known_orgs
                .entry(norm(name))
                .or_insert((name, acr, kind));
            if !acr.is_empty() {
                self.known_orgs
                    .entry(norm(acr))
                    .or_insert((name, acr, kind));
            }
        }
        Ok(())
    }

    fn load_name_filters(&mut self) -> Result<(), KnowledgeError> {
        let nf = Lexicon::parse(
            "name_filters",
            include_str!("../../lexicons/entities/name_filters.tsv"),
        );
        let mut credit_lead = Vec::new();
        for (line, r) in nf.records() {
            let w = word(&nf, line, r)?;
            let set = match class(&nf, line, r, 1)? {
                NameFilter::PlaceHead => &mut self.place_heads,
                NameFilter::Credit => &mut self.credit,
                NameFilter::CreditLead => {
                    credit_lead.push(w);
                    continue;
                }
                NameFilter::FurnitureLead => {
                    self.furniture_lead.push(w);
                    continue;
                }
                NameFilter::LeadWord => &mut self.lead_words,
                NameFilter::MarketVerb => &mut self.market_verbs,
                NameFilter::BioNoun => &mut self.bio_nouns,
                NameFilter::SpeechVerb => &mut self.speech_verbs,
                NameFilter::OrgPlural => &mut self.org_plurals,
                NameFilter::OrgTail => &mut self.org_tails,
                NameFilter::EventTail => &mut self.event_tails,
                NameFilter::PetNoun => &mut self.pet_nouns,
                NameFilter::WorkNoun => &mut self.work_nouns,
                NameFilter::NameParticle => &mut self.name_particles,
                NameFilter::OrgNoun => &mut self.org_nouns,
                NameFilter::PartyWord => &mut self.party_words,
                NameFilter::EmployerNoun => &mut self.employer_nouns,
            };
            set.insert(w);
        }
        self.credit_lead = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(credit_lead)
            .ok();
        Ok(())
    }

    fn index_names(&mut self, names: &Names) {
        for g in &names.given {
            if g.rank > RARE_GIVEN_RANK {
                self.rare_given.insert(g.name);
            }
            self.given.insert(g.name, g.sex);
        }
        self.surnames = names.surnames.iter().map(|s| s.0).collect();
        for &(name, class) in &names.places {
            let kind = match class {
                PlaceClass::Country => PlaceKind::Country,
                PlaceClass::Capital | PlaceClass::City => PlaceKind::City,
                PlaceClass::State | PlaceClass::Continent => PlaceKind::Region,
            };
            self.places.entry(norm(name)).or_insert(kind);
        }
    }

    /// Classes of a title word (ASCII case-insensitive; empty for a non-title word).
    pub fn title_class(&self, word: &str) -> &[TitleClass] {
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

    /// A role noun or honorific ("secretary", "Mr.").
    pub fn is_title_noun(&self, word: &str) -> bool {
        self.title_class(word)
            .iter()
            .any(|c| matches!(c, TitleClass::Head | TitleClass::Title))
    }

    /// A role noun usable alone as "the `<head>`".
    pub fn is_head(&self, word: &str) -> bool {
        self.title_class(word).contains(&TitleClass::Head)
    }

    /// Any word of a title.
    pub fn is_title_part(&self, word: &str) -> bool {
        !self.title_class(word).is_empty()
    }

    /// An honorific that is not a role ("Mr.", "Dame"), in any case, with or without its period.
    pub fn is_honorific(&self, title: &str) -> bool {
        self.honorifics.contains(norm(title).trim_end_matches('.'))
    }

    /// The country a word names or describes ("Chinese", "U.S.", "China"), if any.
    pub fn country(&self, word: &str) -> Option<(&'static str, CountryForm)> {
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
