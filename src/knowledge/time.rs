//! The time words (`lexicons/time_words.tsv`): month and weekday names (the one month list of
//! the crate), the words that license an ambiguous one, quantity words and the others the
//! time-expression grammar of `extract::time` reads, parsed into [`TimeWords`].
//!
//! A row whose kind is not a [`TimeWordKind`], or a month, weekday or number row without its
//! number, is a [`KnowledgeError`]. The grammar's first-token filter ([`StartIndex`]) is built
//! from these words once per [`TimeWords`] value.

use crate::text::fold::shape_of;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::knowledge::KnowledgeError;
use crate::lexicon::Lexicon;

const TIME_WORDS_TSV: &str = include_str!("../../lexicons/time_words.tsv");

crate::vocab! {
    /// The kind of a row of `time_words.tsv` (its second column).
    pub enum TimeWordKind {
        /// A full month name that stands alone.
        Month => "month",
        /// A full month name that is also a common word or given name ("May").
        MonthAmbiguous => "month_ambiguous",
        /// A month abbreviation ("Sept"): needs a following day number or year.
        MonthAbbr => "month_abbr",
        /// A weekday name (1 = Monday).
        Weekday => "weekday",
        /// A preceding word that licenses an ambiguous name or a bare year ("since").
        Context => "context",
        /// A following noun that licenses a bare year ("the 2018 election").
        EventNoun => "event_noun",
        /// A preceding word that makes a weekday a named day ("Black Friday").
        NamedDay => "named_day",
        /// A following word kept in the expression ("Tuesday night").
        PartOfDay => "part_of_day",
        /// A quantity word before a unit ("two years ago").
        Number => "number",
        /// An imprecise quantity word ("few").
        Vague => "vague",
        /// A following word that makes a four-digit number a clock time ("1800 GMT").
        YearBlocker => "year_blocker",
    }
}

/// How a month name may be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthKind {
    /// A full name that stands alone.
    Plain,
    /// A full name that needs date context.
    Ambiguous,
    /// An abbreviation that needs a following day number or year.
    Abbr,
}

/// The time words. Month and weekday names are keyed as written (they match case-sensitively);
/// every other set holds ASCII-lowercase words.
#[derive(Debug)]
pub struct TimeWords {
    /// Month names and abbreviations: month number (1-12) and kind.
    pub months: HashMap<&'static str, (u32, MonthKind)>,
    /// Weekday names: 1 = Monday.
    pub weekdays: HashMap<&'static str, u32>,
    /// Context words.
    pub context: HashSet<String>,
    /// Event nouns that license a bare year.
    pub event_nouns: HashSet<String>,
    /// Named-day words, as written.
    pub named_days: HashSet<&'static str>,
    /// Parts of the day.
    pub parts_of_day: HashSet<String>,
    /// Quantity words and their numbers.
    pub numbers: HashMap<String, u32>,
    /// Vague quantity words.
    pub vague: HashSet<String>,
    /// Words that make a four-digit number a clock time.
    pub year_blockers: HashSet<String>,
    /// The full month names (kinds `month` and `month_ambiguous`), ASCII-lowercase, with their
    /// numbers, in month order.
    full_months: Vec<(String, u32)>,
    starts: OnceLock<StartIndex>,
}

impl TimeWords {
    /// Parses the embedded `time_words.tsv`.
    pub fn load() -> Result<TimeWords, KnowledgeError> {
        TimeWords::from_lexicon(&Lexicon::parse("time_words", TIME_WORDS_TSV))
    }

    fn from_lexicon(lex: &Lexicon) -> Result<TimeWords, KnowledgeError> {
        let mut w = TimeWords {
            months: HashMap::default(),
            weekdays: HashMap::default(),
            context: HashSet::default(),
            event_nouns: HashSet::default(),
            named_days: HashSet::default(),
            parts_of_day: HashSet::default(),
            numbers: HashMap::default(),
            vague: HashSet::default(),
            year_blockers: HashSet::default(),
            full_months: Vec::new(),
            starts: OnceLock::new(),
        };
        for (line, row) in lex.records() {
            let err = |m: String| KnowledgeError::new(lex.name, line, m);
            let (Some(&word), Some(&kind)) = (row.first(), row.get(1)) else {
                return Err(err("needs a word and a kind".into()));
            };
            let kind: TimeWordKind = kind
                .parse()
                .map_err(|e: crate::vocab::UnknownValue| err(e.to_string()))?;
            let number = || {
                row.get(2)
                    .and_then(|s| s.parse::<u32>().ok())
                    .ok_or_else(|| err(format!("{kind} row {word:?} needs a number")))
            };
            let lower = word.to_ascii_lowercase();
            match kind {
                TimeWordKind::Month => {
                    w.months.insert(word, (number()?, MonthKind::Plain));
                    w.full_months.push((lower, number()?));
                }
                TimeWordKind::MonthAmbiguous => {
                    w.months.insert(word, (number()?, MonthKind::Ambiguous));
                    w.full_months.push((lower, number()?));
                }
                TimeWordKind::MonthAbbr => {
                    w.months.insert(word, (number()?, MonthKind::Abbr));
                }
                TimeWordKind::Weekday => {
                    w.weekdays.insert(word, number()?);
                }
                TimeWordKind::Context => {
                    w.context.insert(lower);
                }
                TimeWordKind::EventNoun => {
                    w.event_nouns.insert(lower);
                }
                TimeWordKind::NamedDay => {
                    w.named_days.insert(word);
                }
                TimeWordKind::PartOfDay => {
                    w.parts_of_day.insert(lower);
                }
                TimeWordKind::Number => {
                    w.numbers.insert(lower, number()?);
                }
                TimeWordKind::Vague => {
                    w.vague.insert(lower);
                }
                TimeWordKind::YearBlocker => {
                    w.year_blockers.insert(lower);
                }
            }
        }
        w.full_months.sort_by_key(|&(_, m)| m);
        Ok(w)
    }

    /// The number (1-12) of the month named `w` as written ("March", "Sept"), if it is one.
    pub fn month(&self, w: &str) -> Option<u32> {
        self.months.get(w).map(|&(m, _)| m)
    }

    /// The number of the month whose full name's first three letters begin `lower` (an
    /// ASCII-lowercase word: "nov", "november", "novel" → 11), as page metadata spells dates.
    pub fn month_by_prefix(&self, lower: &str) -> Option<u32> {
        self.full_months
            .iter()
            .find(|(f, _)| f.get(..3).is_some_and(|p| lower.starts_with(p)))
            .map(|&(_, m)| m)
    }

    /// Whether `lower` (a lowercase word of at least three bytes) begins a full month name
    /// ("sep", "septem", "september"; not "se" or "septembers").
    pub fn is_month_name_prefix(&self, lower: &str) -> bool {
        lower.len() >= 3 && self.full_months.iter().any(|(f, _)| f.starts_with(lower))
    }

    /// The first-token index of a grammar over these words, built by `build` on first use and
    /// kept with this value (the grammar is the same for every call).
    pub fn start_index(&self, build: impl FnOnce(&TimeWords) -> StartIndex) -> &StartIndex {
        self.starts.get_or_init(|| build(self))
    }
}

/// A word → bits map (the grammar rules a word can start) behind a word-shape prefilter: for
/// each first letter and word length below 16, a bit per last letter that some key has, so most
/// words fail before any hashing.
#[derive(Debug)]
pub struct StartIndex {
    words: HashMap<String, u32>,
    shapes: [[u32; 16]; 26],
    /// Every key starts and ends with a-z and is shorter than 16 bytes (else `shapes` is
    /// unused).
    exact: bool,
}

impl StartIndex {
    /// The index of `pairs` (words in any case; bits of a repeated word are or-ed).
    pub fn new<'w>(pairs: impl IntoIterator<Item = (&'w str, u32)>) -> StartIndex {
        let mut words: HashMap<String, u32> = HashMap::default();
        for (w, bits) in pairs {
            *words.entry(w.to_ascii_lowercase()).or_insert(0) |= bits;
        }
        let mut shapes = [[0u32; 16]; 26];
        let mut exact = true;
        for w in words.keys() {
            match shape_of(w).and_then(|(f, n, l)| shapes.get_mut(f)?.get_mut(n).zip(Some(l))) {
                Some((sh, l)) => *sh |= 1 << l,
                None => exact = false,
            }
        }
        StartIndex {
            words,
            shapes,
            exact,
        }
    }

    /// The bits of word `w` (matched ignoring ASCII case), 0 when it starts nothing. Words
    /// longer than 12 bytes start nothing.
    #[inline]
    pub fn get(&self, w: &str) -> u32 {
        // the keys are ASCII lowercase: a word of another shape is none of them
        let known = shape_of(w).is_some_and(|(f, n, l)| {
            self.shapes
                .get(f)
                .and_then(|x| x.get(n))
                .is_some_and(|&sh| sh & (1 << l) != 0)
        });
        if self.exact && !known {
            return 0;
        }
        let mut buf = [0u8; 12];
        let Some(b) = buf.get_mut(..w.len()) else {
            return 0;
        };
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b)
            .ok()
            .and_then(|l| self.words.get(l))
            .copied()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_words_load() {
        let lex = TimeWords::load().unwrap();
        assert_eq!(lex.months.len(), 24);
        assert_eq!(lex.weekdays.len(), 7);
        assert!(lex.context.contains("since"));
        assert_eq!(lex.month("March"), Some(3));
    }

    #[test]
    fn month_prefixes_answer_as_the_page_metadata_lists_did() {
        let lex = TimeWords::load().unwrap();
        let full = lex
            .full_months
            .iter()
            .map(|(f, _)| f.as_str())
            .collect::<Vec<_>>();
        assert_eq!(full.len(), 12);
        assert_eq!(full.first(), Some(&"january"));
        assert_eq!(lex.month_by_prefix("novel"), Some(11));
        assert_eq!(lex.month_by_prefix("sept"), Some(9));
        assert_eq!(lex.month_by_prefix("ju"), None);
        assert!(lex.is_month_name_prefix("sep") && lex.is_month_name_prefix("december"));
        assert!(!lex.is_month_name_prefix("de") && !lex.is_month_name_prefix("decembers"));
    }

    #[test]
    fn an_unknown_kind_or_a_missing_number_is_an_error() {
        for row in [
            "Smarch\tmonth_fake\t13\n",
            "Smarch\tmonth\tx\n",
            "Funday\tweekday\n",
        ] {
            let text: &'static str = Box::leak(format!("# h\n{row}").into_boxed_str());
            let e = TimeWords::from_lexicon(&Lexicon::parse("time_words", text)).unwrap_err();
            assert_eq!((e.lexicon(), e.line()), ("time_words", 2), "{row:?}");
        }
    }

    #[test]
    fn start_index_ignores_case_and_long_words() {
        let ix = StartIndex::new([("Last", 1u32), ("last", 2), ("today", 4)]);
        assert_eq!(ix.get("LAST"), 3);
        assert_eq!(ix.get("today"), 4);
        assert_eq!(ix.get("tomorrow"), 0);
        assert_eq!(ix.get("extraordinarily"), 0);
    }
}
