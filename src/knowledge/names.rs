//! The name gazetteers under `lexicons/names/`: census given names (with sex and rank) and
//! surnames (with rank), GeoNames places (with class) and organization words, parsed into typed
//! records. The entity stages index them in [`super::entities::EntityLexicons`].

use super::KnowledgeError;
use crate::lexicon::Lexicon;

/// `lexicons/names/given_names.tsv`.
pub const GIVEN_NAMES: &str = include_str!("../../lexicons/names/given_names.tsv");
/// `lexicons/names/surnames.tsv`.
pub const SURNAMES: &str = include_str!("../../lexicons/names/surnames.tsv");
/// `lexicons/names/places.tsv`.
pub const PLACES: &str = include_str!("../../lexicons/names/places.tsv");
/// `lexicons/names/org_words.tsv`.
pub const ORG_WORDS: &str = include_str!("../../lexicons/names/org_words.tsv");

pub use crate::vocab::Gender;

crate::vocab! {
    /// Class of a place in the GeoNames extract.
    pub enum PlaceClass {
        /// A country.
        Country => "country",
        /// A national capital.
        Capital => "capital",
        /// A city.
        City => "city",
        /// A state or province.
        State => "state",
        /// A continent.
        Continent => "continent",
    }
}

/// One census given name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GivenName {
    /// The name as the census spells it ("Mary").
    pub name: &'static str,
    /// Sex of its more frequent use.
    pub sex: Gender,
    /// Rank within its sex's list (1 = most frequent).
    pub rank: u32,
}

/// The name gazetteers, one typed record per row.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Census given names, in file order.
    pub given: Vec<GivenName>,
    /// Census surnames with their rank, in file order.
    pub surnames: Vec<(&'static str, u32)>,
    /// Places with their class, in file order.
    pub places: Vec<(&'static str, PlaceClass)>,
    /// Words of organization names ("Agency", "Airlines").
    pub org_words: Vec<&'static str>,
}

/// The first column of a record, which every loader requires.
fn first(
    lexicon: &'static str,
    line: usize,
    r: &[&'static str],
) -> Result<&'static str, KnowledgeError> {
    r.first()
        .copied()
        .filter(|w| !w.is_empty())
        .ok_or_else(|| KnowledgeError::new(lexicon, line, "empty first column"))
}

/// Column `i` of a record, which the loader requires.
pub(crate) fn column(
    lexicon: &'static str,
    line: usize,
    r: &[&'static str],
    i: usize,
) -> Result<&'static str, KnowledgeError> {
    r.get(i)
        .copied()
        .ok_or_else(|| KnowledgeError::new(lexicon, line, format!("no column {}", i + 1)))
}

/// A rank column.
fn rank(lexicon: &'static str, line: usize, s: &str) -> Result<u32, KnowledgeError> {
    s.parse()
        .map_err(|_| KnowledgeError::new(lexicon, line, format!("rank {s:?} is not a number")))
}

impl Names {
    /// Parses the four embedded gazetteers.
    pub fn load() -> Result<Names, KnowledgeError> {
        let mut names = Names::default();
        let g = Lexicon::parse("given_names", GIVEN_NAMES);
        for (line, r) in g.records() {
            let name = first(g.name, line, r)?;
            let sex = column(g.name, line, r, 1)?
                .parse()
                .map_err(|e| KnowledgeError::new(g.name, line, e))?;
            let rank = rank(g.name, line, column(g.name, line, r, 2)?)?;
            names.given.push(GivenName { name, sex, rank });
        }
        let s = Lexicon::parse("surnames", SURNAMES);
        for (line, r) in s.records() {
            let name = first(s.name, line, r)?;
            names
                .surnames
                .push((name, rank(s.name, line, column(s.name, line, r, 1)?)?));
        }
        let p = Lexicon::parse("places", PLACES);
        for (line, r) in p.records() {
            let name = first(p.name, line, r)?;
            let class = column(p.name, line, r, 1)?
                .parse()
                .map_err(|e| KnowledgeError::new(p.name, line, e))?;
            names.places.push((name, class));
        }
        let o = Lexicon::parse("org_words", ORG_WORDS);
        for (line, r) in o.records() {
            names.org_words.push(first(o.name, line, r)?);
        }
        Ok(names)
    }
}
