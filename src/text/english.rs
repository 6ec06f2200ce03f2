//! The English function words the stages parse with (closed classes: grammar, not knowledge,
//! so they are not lexicon files), and the case-insensitive look-up `in_list` over them.
//! Grouped by the stage that reads them: quotes (most lists), coreference's role phrases, and
//! time expressions.
//!
//! Every list is ASCII lower case (the test `lists_are_lowercase` checks it), so `in_list`
//! equals lowercasing a word with `lower` and looking it up.

/// Clause words: a speaker phrase or a plural subject does not run across one.
pub(crate) const BOUNDARY: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "while",
    "because",
    "as",
    "if",
    "after",
    "before",
    "since",
    "where",
    "so",
    "although",
    "though",
    "but",
    "or",
    "nor",
    "what",
    "how",
    "why",
    "whether",
    "then",
    "once",
    "unless",
    "until",
    "than",
    "however",
    "meanwhile",
    "still",
    "also",
    "yet",
    "instead",
];
/// Adverbs and auxiliaries that may stand between a subject and its reporting verb ("Lee also said").
pub(crate) const ADVERBS: &[&str] = &[
    "also",
    "later",
    "previously",
    "repeatedly",
    "recently",
    "once",
    "again",
    "further",
    "then",
    "now",
    "often",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "did",
    "does",
    "do",
    "may",
    "might",
    "should",
    "must",
    "never",
    "earlier",
    "reportedly",
    "publicly",
    "privately",
    "separately",
    "frequently",
    "initially",
    "only",
    "even",
    "still",
    "just",
    "similarly",
    "simply",
    "finally",
    "quickly",
    "firmly",
    "flatly",
    "already",
    "always",
    "told",
    "last",
    "subsequently",
    "first",
    "openly",
    "explicitly",
    "specifically",
    "recently",
    "long",
    "not",
];
/// Forms of "be" and "get": a verb after one is passive ("was told").
pub(crate) const BE: &[&str] = &[
    "was", "were", "is", "are", "been", "being", "be", "am", "get", "got",
];
/// Words that open an adjunct (prepositions, time adverbs, weekdays): not a subject, not reported content.
pub(crate) const ADJUNCT: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "outside",
    "from",
    "via",
    "through",
    "after",
    "before",
    "while",
    "amid",
    "inside",
    "near",
    "with",
    "to",
    "last",
    "this",
    "earlier",
    "later",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "late",
    "early",
    "when",
    "over",
    "by",
    "under",
    "for",
    "about",
    "of",
    "again",
    "afterward",
    "afterwards",
    "recently",
    "previously",
    "repeatedly",
    "publicly",
    "privately",
    "then",
    "also",
    "here",
    "there",
    "earlier",
    "separately",
];
/// Determiners, possessives and small numerals opening a noun phrase.
pub(crate) const DETS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "these", "those",
    "another", "some", "one", "two", "three", "several", "many", "both", "each", "other",
];
/// Words that end the head of a speaker phrase (post-modifiers: "people familiar with …").
pub(crate) const HEAD_STOP: &[&str] = &[
    "of",
    "with",
    "at",
    "in",
    "from",
    "for",
    "familiar",
    "close",
    "who",
    "which",
    "that",
    "present",
    "seen",
    "on",
    "to",
    "by",
    "based",
    "involved",
    "knowledgeable",
    "briefed",
    "speaking",
    "whose",
    "reached",
    "working",
    "near",
];
/// Words before which a reporting word is a noun or an infinitive ("his claims", "to say").
pub(crate) const NOMINAL_BEFORE: &[&str] = &[
    "the", "to", "a", "an", "his", "her", "its", "their", "our", "my", "your", "these", "those",
    "this", "such", "any", "no", "every", "each", "of", "in", "on", "for", "with",
];
/// Words that end an unnamed source's phrase ("a person familiar with the talks but …").
pub(crate) const TRIM: &[&str] = &[
    "who",
    "which",
    "that",
    "but",
    "present",
    "speaking",
    "reached",
    "unauthorized",
    "granted",
    "quoted",
    "cited",
    "whose",
];
/// Prepositions whose object is not the subject a pronoun continues.
pub(crate) const OBJECT_PREPOSITIONS: &[&str] = &[
    "unlike",
    "like",
    "with",
    "for",
    "to",
    "from",
    "against",
    "about",
    "of",
    "than",
    "toward",
    "towards",
    "at",
    "including",
    "besides",
    "despite",
    "between",
    "among",
];
/// Personal pronouns of one person.
pub(crate) const PERSON_PRONOUNS: &[&str] = &["he", "she", "him", "her"];
/// Other personal pronouns.
pub(crate) const OTHER_PRONOUNS: &[&str] = &["they", "it", "we", "i", "you"];
/// Coordinating conjunctions that join a second verb to a subject ("and said").
pub(crate) const CONJ: &[&str] = &["and", "but"];

/// ASCII-lowercases a short word into a buffer; `None` for long or non-ASCII words (no list
/// word is either): the one lowering of `text::fold`.
pub(crate) use super::fold::lower_ascii as lower;

/// `s` is in `list` (whose words are ASCII lowercase, see the test `lists_are_lowercase`),
/// ignoring ASCII case. Equivalent to lowercasing `s` with [`lower`] and looking it up: a
/// non-ASCII or overlong `s` equals no list word either way; comparing lengths first skips
/// most words without touching their bytes.
pub(crate) fn in_list(s: &str, list: &[&str]) -> bool {
    list.iter()
        .any(|w| w.len() == s.len() && w.as_bytes().eq_ignore_ascii_case(s.as_bytes()))
}

/// Words that may open a role phrase before or after a name, skipped by coreference ("the
/// current …", "its chief executive", "now a senator").
pub(crate) const ROLE_OPENERS: &[&str] = &[
    "a",
    "an",
    "the",
    "now",
    "then",
    "also",
    "and",
    "currently",
    "its",
    "his",
    "her",
    "their",
];
/// Prepositions that link a role to its organization or place ("director of", "professor at").
pub(crate) const ROLE_PREPOSITIONS: &[&str] = &["at", "of", "for", "with", "in", "from"];

/// Words that may precede an expression passed to the time stage's `normalize` besides the
/// time lexicon's context words ("over the weekend", "at the end of").
pub(crate) const TIME_SKIPPABLE: &[&str] =
    &["at", "over", "the", "for", "around", "about", "within"];
