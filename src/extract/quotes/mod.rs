//! Quotations and reported speech, with their speakers: fills [`Document::quotes`].
//!
//! The stage works paragraph by paragraph, in one pass over the tokens:
//!
//! 1. **Mark pairing.** Straight, curly and mixed double marks are classified as opening or
//!    closing by the characters around them (the glyph decides only when the context does not),
//!    then paired. Pairing restarts in every paragraph, so a stray mark never shifts the quotes of
//!    the rest of the article. A paragraph left open continues when the next paragraph starts with
//!    an opening mark (the news convention for multi-paragraph quotes); each paragraph's part is
//!    its own quote, attributed to the same speaker. Single marks inside double quotes are nested
//!    quotes and stay part of the outer quote; top-level single marks pair like double ones, with
//!    apostrophes (`don’t`, `players’`) told apart by the letters around them.
//! 2. **Units.** The segmenter's sentences are merged where a quote spans their boundary or the
//!    next one continues in lower case (`“Where now?” he says.`).
//! 3. **Cues.** Reporting verbs and phrases from `lexicons/quotes/reporting_verbs.tsv` outside
//!    quotes, with their speaker phrase: the subject before the verb (with an appositive between
//!    commas), the name after the verb (`said Ann Lee, a …`), the phrase after
//!    `according to`, or the subject of a coordinated / participial verb (`and said`, `, adding`).
//! 4. **Quotes.** A quotation next to a cue (`“…,” she said`, `said: “…”`) is `direct`; a quotation
//!    that is a whole unit takes the speaker of the paragraph's other quotes or of the previous
//!    paragraph's last quote. Reported speech is `indirect`: the clause after the cue
//!    (`X said (that) …`, `X told the group that …`, `according to X, …`) or before a
//!    clause-final cue (`…, officials said.`). A reported clause or a writer's clause that contains
//!    a quoted fragment is `partial`, and its span is the clause (quoted words included); a quoted
//!    fragment in a sentence whose only cue is elsewhere (`a “thaw” … as described by X`) is
//!    `partial` with the quoted words as span. An unattributed fragment (a scare quote, a title) is
//!    not a quote.
//! 5. **Speakers.** A speaker phrase resolves through the mentions that overlap it (their entity,
//!    set by coreference): a named person first, then an organization heading the phrase, then an
//!    unnamed source (`lexicons/quotes/source_nouns.tsv`: "a U.S. official", "people familiar
//!    with the matter"), kept as written. An unlinked pronoun or role noun falls back to the first
//!    person named in the nearest earlier sentence (outside quotes) of the same or the two previous
//!    paragraphs.
//!
//! A paragraph repeating an earlier paragraph word for word (a caption printed twice) is skipped.
//! Every scan is bounded by a small window, so the stage is linear in the article length.
//!
//! The knowledge it uses (reporting verbs, source nouns, speaker words) comes in as a
//! [`QuoteKnowledge`] value; the English function words it parses with are in [`crate::text::english`].
//!
//! Layout: `marks` scans and pairs quotation marks (step 1); `context` is the stage's view of
//! the document and its memory of earlier speakers; `cues` finds reporting cues and their
//! speaker phrases (step 3); `speaker` resolves a phrase to a speaker (step 5); `assemble`
//! runs the paragraphs, builds units and quote rows (steps 2 and 4) with `reported` finding
//! the content of reported speech.

mod assemble;
mod context;
mod cues;
mod marks;
mod reported;
mod speaker;

#[cfg(test)]
mod tests;

use crate::document::Document;
use crate::knowledge::entities::EntityLexicons;
use crate::knowledge::quotes::QuoteKnowledge;

/// Fills `doc.quotes` from the paragraphs, tokens, mentions and entities, with the knowledge `k`
/// (and the pronouns of the entity lexicons `lx`).
pub fn extract(doc: &mut Document, k: &QuoteKnowledge, lx: &EntityLexicons) {
    doc.quotes = assemble::find_quotes(doc, k, lx);
}
