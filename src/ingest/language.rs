//! Language identification: which language an article's cleaned text is written in, decided
//! from a bounded prefix of it ([`PREFIX_BYTES`]), so the cost per article does not grow with
//! its length.
//!
//! The evidence is the *lowercase words* of the prefix: runs of letters whose first letter is not
//! upper case. Capitalized words are left out because they are mostly names, sentence starts and
//! headlines, and names say little about the language around them: a list of German football
//! results in an English report ("Results of Bundesliga matches: Hamburg 0 Freiburg 1 …") reads
//! as German to a character-trigram model, its lowercase words ("of", "matches", "played", "on")
//! do not. In scripts without case every word counts.
//!
//! The rule, in order ([`identify`]):
//!
//! 1. **English test** (fast, and most articles stop here): among the first [`ENGLISH_TEST_WORDS`]
//!    lowercase words, at least a tenth, and at least two, are English function words
//!    (`lexicons/english_function_words.tsv`, chosen so that no other language whatlang knows
//!    uses them often) → English, `detected`.
//! 2. **Too little text, or no sign of another language**: fewer than [`MIN_LETTERS`] letters in
//!    the lowercase words of the prefix; or none of them has a non-ASCII letter and fewer than a
//!    tenth (or two) of the first [`ENGLISH_TEST_WORDS`] are function words of another language
//!    (`lexicons/other_function_words.tsv`) → step 4. Telegraphic English (results tables,
//!    price lists) fails the English test but shows no other language either; asking whatlang
//!    about it (about 0.3 ms a text, against 2.5 µs for the test) was most of the cost.
//! 3. **whatlang** (trigram and alphabet model, 70 languages) on those words: a result it calls
//!    reliable (confidence above 0.9) → that language, `detected`.
//! 4. **Not decided by the text**: the language the input declares, if it is a language code
//!    (primary subtag of two or three letters: "de", "de-AT", "deu", "ger" → "de") → `declared`;
//!    otherwise English, `assumed`. So a short text is never called non-English by the detector
//!    alone, and every fallback is visible in `articles.language_basis`.
//!
//! Codes are ISO 639-1 (two letters); a declared three-letter code with no two-letter
//! equivalent known here is kept as written (lower case).

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::document::{Language, LanguageBasis};
use crate::lexicon::Lexicon;

/// Bytes of cleaned text examined (cut back to a character boundary).
pub const PREFIX_BYTES: usize = 2000;
/// Lowercase words looked at by the English test.
pub const ENGLISH_TEST_WORDS: usize = 80;
/// Letters (in lowercase words) below which the text does not decide the language.
pub const MIN_LETTERS: usize = 60;

/// The English function words, parsed once from the embedded lexicon.
fn english_words() -> &'static FxHashSet<&'static str> {
    static WORDS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        Lexicon::parse(
            "english_function_words",
            include_str!("../../lexicons/english_function_words.tsv"),
        )
        .words()
        .collect()
    })
}

/// The other languages' function words (`other_function_words.tsv`), parsed once.
fn other_words() -> &'static FxHashSet<&'static str> {
    static WORDS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| other_lexicon().words().collect())
}

fn other_lexicon() -> Lexicon {
    Lexicon::parse(
        "other_function_words",
        include_str!("../../lexicons/other_function_words.tsv"),
    )
}

/// The first `max` bytes of `text`, cut back to a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// The lowercase words of `text` (see the module documentation).
fn lowercase_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().next().is_some_and(|c| !c.is_uppercase()))
}

/// What the words of a prefix show, before whatlang is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    /// The English test passes.
    English,
    /// Too little text, or no sign of another language: the text does not decide.
    Undecided,
    /// Signs of another language: whatlang is asked.
    Other,
}

/// The evidence in `head` (steps 1 and 2 of the module documentation).
fn evidence(head: &str) -> Evidence {
    let (en, other) = (english_words(), other_words());
    let (mut seen, mut english, mut foreign) = (0usize, 0usize, 0usize);
    for w in lowercase_words(head).take(ENGLISH_TEST_WORDS) {
        seen += 1;
        english += usize::from(en.contains(w));
        foreign += usize::from(other.contains(w));
    }
    if english >= 2 && english * 10 >= seen {
        return Evidence::English;
    }
    let (mut letters, mut non_ascii) = (0usize, false);
    for w in lowercase_words(head) {
        letters += w.chars().count();
        non_ascii |= !w.is_ascii();
    }
    let other_language = non_ascii || (foreign >= 2 && foreign * 10 >= seen);
    if letters < MIN_LETTERS || !other_language {
        Evidence::Undecided
    } else {
        Evidence::Other
    }
}

/// What the text alone says: `Some` when it decides the language.
fn detect(text: &str) -> Option<String> {
    let head = prefix(text, PREFIX_BYTES);
    match evidence(head) {
        Evidence::English => return Some("en".into()),
        Evidence::Undecided => return None,
        Evidence::Other => {}
    }
    let mut sample = String::with_capacity(head.len());
    for w in lowercase_words(head) {
        sample.push_str(w);
        sample.push(' ');
    }
    let info = whatlang::detect(&sample)?;
    info.is_reliable()
        .then(|| iso639_1(info.lang()).to_string())
}

/// The language code in a declaration ("en-GB" → "en", "deu" → "de"), if it is one.
pub fn declared_code(declared: &str) -> Option<String> {
    let primary = declared.trim().split(['-', '_']).next()?;
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let code = primary.to_ascii_lowercase();
    if code.len() == 2 {
        return Some(code);
    }
    // ISO 639-2 codes for "no language": not a declaration
    if matches!(code.as_str(), "und" | "mul" | "mis" | "zxx") {
        return None;
    }
    let two = whatlang::Lang::from_code(code.as_str())
        .map(iso639_1)
        .or_else(|| bibliographic(&code));
    Some(two.map_or(code, str::to_string))
}

/// The language of `text` (cleaned), given the language the input declares (see the module
/// documentation for the rule).
pub fn identify(text: &str, declared: Option<&str>) -> Language {
    if let Some(code) = detect(text) {
        return Language {
            code,
            basis: LanguageBasis::Detected,
        };
    }
    match declared.and_then(declared_code) {
        Some(code) => Language {
            code,
            basis: LanguageBasis::Declared,
        },
        None => Language::assumed_english(),
    }
}

/// ISO 639-2/B (bibliographic) and macrolanguage codes that differ from the ISO 639-3 codes
/// whatlang knows, with their ISO 639-1 code.
fn bibliographic(code: &str) -> Option<&'static str> {
    Some(match code {
        "alb" | "sqi" => "sq",
        "arm" => "hy",
        "baq" | "eus" => "eu",
        "bur" => "my",
        "chi" | "zho" => "zh",
        "cze" => "cs",
        "dut" => "nl",
        "fas" | "per" => "fa",
        "fre" => "fr",
        "geo" => "ka",
        "ger" => "de",
        "gre" => "el",
        "ice" | "isl" => "is",
        "mac" => "mk",
        "may" | "msa" => "ms",
        "nor" => "no",
        "rum" => "ro",
        "slo" => "sk",
        "wel" => "cy",
        _ => return None,
    })
}

/// The ISO 639-1 code of a language whatlang identifies (it names them by ISO 639-3).
pub fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang as L;
    match lang {
        L::Epo => "eo",
        L::Eng => "en",
        L::Rus => "ru",
        L::Cmn => "zh",
        L::Spa => "es",
        L::Por => "pt",
        L::Ita => "it",
        L::Ben => "bn",
        L::Fra => "fr",
        L::Deu => "de",
        L::Ukr => "uk",
        L::Kat => "ka",
        L::Ara => "ar",
        L::Hin => "hi",
        L::Jpn => "ja",
        L::Heb => "he",
        L::Yid => "yi",
        L::Pol => "pl",
        L::Amh => "am",
        L::Jav => "jv",
        L::Kor => "ko",
        L::Nob => "nb",
        L::Dan => "da",
        L::Swe => "sv",
        L::Fin => "fi",
        L::Tur => "tr",
        L::Nld => "nl",
        L::Hun => "hu",
        L::Ces => "cs",
        L::Ell => "el",
        L::Bul => "bg",
        L::Bel => "be",
        L::Mar => "mr",
        L::Kan => "kn",
        L::Ron => "ro",
        L::Slv => "sl",
        L::Hrv => "hr",
        L::Srp => "sr",
        L::Mkd => "mk",
        L::Lit => "lt",
        L::Lav => "lv",
        L::Est => "et",
        L::Tam => "ta",
        L::Vie => "vi",
        L::Urd => "ur",
        L::Tha => "th",
        L::Guj => "gu",
        L::Uzb => "uz",
        L::Pan => "pa",
        L::Aze => "az",
        L::Ind => "id",
        L::Tel => "te",
        L::Pes => "fa",
        L::Mal => "ml",
        L::Ori => "or",
        L::Mya => "my",
        L::Nep => "ne",
        L::Sin => "si",
        L::Khm => "km",
        L::Tuk => "tk",
        L::Aka => "ak",
        L::Zul => "zu",
        L::Sna => "sn",
        L::Afr => "af",
        L::Lat => "la",
        L::Slk => "sk",
        L::Cat => "ca",
        L::Tgl => "tl",
        L::Hye => "hy",
        L::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str, declared: Option<&str>) -> (String, LanguageBasis) {
        let l = identify(text, declared);
        (l.code, l.basis)
    }

    use LanguageBasis::{Assumed, Declared, Detected};

    /// Invented English articles, one per domain.
    const ENGLISH: &[&str] = &[
        // sports
        "Harbor City beat the visiting Redwood Rovers 3-1 on Saturday, and the win lifted them to the top of the table. \"We kept the ball well and they could not find a way through,\" said coach Tamsin Okafor, whose side had lost two of their previous three games.",
        // business
        "Shares of Brindle Foods fell 8 percent after the company said its quarterly profit would miss forecasts because of higher costs for grain and packaging. Chief executive Daniel Vorst told analysts that prices would rise again in the spring.",
        // courts
        "A federal judge on Monday blocked the state from enforcing a new law that would have required voters to show two forms of identification. The judge wrote that the plaintiffs were likely to succeed with their claim that the rule placed an undue burden on elderly voters.",
        // health
        "Health officials in the county said that cases of measles had doubled since March, and they urged parents to check whether their children were vaccinated. Most of the new cases were among children under five who had not received the first dose.",
        // disasters
        "The flood waters began to recede on Thursday, but thousands of residents were still unable to return to their homes. Rescue teams said they had found two more bodies in the valley, which brought the death toll from the storm to eleven.",
    ];

    #[test]
    fn english_articles_of_every_domain_are_detected() {
        for t in ENGLISH {
            assert_eq!(lang(t, None), ("en".into(), Detected), "{t}");
            // a wrong declaration does not override a clear text
            assert_eq!(lang(t, Some("de")), ("en".into(), Detected), "{t}");
        }
    }

    #[test]
    fn german_spanish_and_french_articles_are_detected() {
        let cases = [
            ("de", "Der FC Nordtal hat am Samstag das Spitzenspiel gegen Grünhausen mit 2:1 gewonnen. Trainer Anselm Wirbach sagte nach dem Spiel, seine Mannschaft habe in der zweiten Halbzeit endlich den Mut gefunden, der ihr zuletzt gefehlt habe. Die Gäste waren zunächst durch einen Kopfball in Führung gegangen."),
            ("de", "Das Landgericht hat den früheren Geschäftsführer einer Baufirma wegen Betrugs zu drei Jahren Haft verurteilt. Nach Überzeugung der Richter hatte der Angeklagte über Jahre Rechnungen gefälscht und dabei mehr als eine Million Euro erschlichen."),
            ("es", "La empresa de telecomunicaciones Veloxa anunció el martes la compra de su rival Ondanet por 1.200 millones de euros. El consejero delegado afirmó que la operación permitirá ampliar la red de fibra óptica en las zonas rurales del país."),
            ("es", "Las lluvias torrenciales provocaron el desbordamiento del río en la madrugada del jueves y obligaron a evacuar a más de tres mil vecinos. Los servicios de emergencia informaron de dos personas desaparecidas."),
            ("fr", "Le ministère de la Santé a annoncé lundi une nouvelle campagne de vaccination contre la grippe pour les personnes âgées de plus de soixante-cinq ans. Selon la directrice de l'agence régionale, les pharmacies pourront administrer les doses dès la semaine prochaine."),
            ("fr", "La cour d'appel a confirmé jeudi la condamnation de l'ancien maire pour prise illégale d'intérêts. Il avait attribué plusieurs marchés publics à une société dirigée par son beau-frère. Son avocat a déclaré qu'il envisageait de se pourvoir en cassation."),
            ("it", "La squadra di casa ha vinto la finale del campionato dopo i tempi supplementari. L'allenatore ha detto che i giocatori hanno dimostrato un grande carattere e che la vittoria è dedicata ai tifosi."),
            ("nl", "Het bedrijf heeft vorig jaar een recordwinst geboekt dankzij de sterke vraag naar elektrische fietsen. De directeur zei dat de onderneming dit jaar honderd nieuwe medewerkers wil aannemen."),
            ("pl", "W nocy z soboty na niedzielę przez region przeszła gwałtowna burza, która zerwała dachy z kilkudziesięciu domów. Strażacy interweniowali ponad dwieście razy, a tysiące mieszkańców nadal nie ma prądu."),
            ("ru", "В субботу вечером в центре города прошёл большой концерт, на который пришли тысячи жителей. По словам организаторов, все деньги от продажи билетов будут переданы местной больнице."),
        ];
        for (code, t) in cases {
            assert_eq!(lang(t, None), (code.into(), Detected), "{t}");
            // the text wins over a declaration
            assert_eq!(lang(t, Some("en")), (code.into(), Detected), "{t}");
        }
    }

    #[test]
    fn short_texts_fall_back_to_the_declaration_else_english_assumed() {
        let de = "Die Regierung hat am Montag neue Regeln für den Wohnungsbau beschlossen.";
        let es = "El alcalde inauguró ayer el nuevo puente sobre el río.";
        let fr = "Le gouvernement a présenté mercredi son projet de budget.";
        let en = "The council approved the new budget on Tuesday.";
        assert_eq!(lang(de, Some("de")), ("de".into(), Declared));
        assert_eq!(lang(es, Some("es-MX")), ("es".into(), Declared));
        assert_eq!(lang(fr, Some("fre")), ("fr".into(), Declared));
        assert_eq!(lang(en, Some("en")), ("en".into(), Declared));
        for t in [de, es, fr, en] {
            assert_eq!(lang(t, None), ("en".into(), Assumed), "{t}");
            // a declaration that is not a language code declares nothing
            assert_eq!(lang(t, Some("Deutsch")), ("en".into(), Assumed), "{t}");
            assert_eq!(lang(t, Some("und")), ("en".into(), Assumed), "{t}");
        }
    }

    #[test]
    fn name_heavy_english_is_not_taken_for_the_language_of_its_names() {
        // a results list: mostly foreign club names, few lowercase words
        let t = "SOCCER - GERMAN FIRST DIVISION RESULTS .\nBONN 1996-08-24\nResults of German first division soccer matches played on Saturday :\nBorussia Nordheim 3 Freiburg Süd 1\nHamburg Elbe 0 Vfl Grünwald 2\nEintracht Oberland 1 Bayern Unterwald 1\nWerder Ostheim 2 Fortuna Westfeld 0";
        assert_eq!(lang(t, None), ("en".into(), Assumed));
        assert_eq!(lang(t, Some("en")), ("en".into(), Declared));
    }

    #[test]
    fn telegraphic_english_is_undecided_without_asking_whatlang() {
        // a results table: few function words of any language, no non-ASCII letter
        let t = "TENNIS - RESULTS OF NORDHAVEN OPEN .\nNORDHAVEN 1996-08-28\nResults of first round matches on Wednesday at the Nordhaven Open tennis championships ( prefix number denotes seeding ) : Men 's singles , first round Ansel Vorn ( Ruritania ) beat Piet Kaldor 6-3 6-4 Tomas Erl beat Mikko Savander 7-6 6-2 Jon Brask beat Ivo Lenk 6-1 6-1 Karel Dusa beat Olaf Brun 6-4 3-6 7-5 Men 's doubles , quarterfinals second seeded pair beat unseeded pair";
        assert_eq!(evidence(t), Evidence::Undecided);
        assert_eq!(lang(t, None), ("en".into(), Assumed));
        // the same shape in Dutch words is asked about, and detected
        let nl = "De resultaten van de eerste ronde van het toernooi in het oosten van het land werden op woensdag bekend gemaakt, en de spelers van de thuisclub hebben niet verloren.";
        assert_eq!(evidence(nl), Evidence::Other);
        assert_eq!(lang(nl, None), ("nl".into(), Detected));
        // Italian typed without accents: its function words are the evidence
        let it = "La squadra di casa ha vinto la finale del campionato dopo i tempi supplementari, e l'allenatore ha detto che i giocatori della squadra sono stati bravi.";
        assert!(it.is_ascii());
        assert_eq!(evidence(it), Evidence::Other);
        assert_eq!(lang(it, None), ("it".into(), Detected));
        // every English article passes the English test itself
        for t in ENGLISH {
            assert_eq!(evidence(t), Evidence::English, "{t}");
        }
    }

    #[test]
    fn the_other_languages_lexicon_names_languages_whatlang_knows() {
        let known: Vec<&str> = whatlang::Lang::all().iter().map(|&l| iso639_1(l)).collect();
        let en = english_words();
        let lex = other_lexicon();
        let mut pairs = std::collections::BTreeSet::new();
        for (line, row) in lex.records() {
            let [word, code] = row else {
                panic!("line {line}: expected word and language: {row:?}")
            };
            assert!(
                known.contains(code),
                "line {line}: {code} is not a whatlang language"
            );
            assert_ne!(*code, "en", "line {line}");
            assert!(
                !en.contains(word),
                "line {line}: {word} is in the English list"
            );
            assert!(pairs.insert((*word, *code)), "line {line}: repeated");
            assert_eq!(word.to_lowercase(), *word, "line {line}");
        }
    }

    #[test]
    fn only_a_bounded_prefix_is_read() {
        let english = ENGLISH.join("\n").repeat(3);
        assert!(english.len() > PREFIX_BYTES);
        let german = " Das Landgericht hat den früheren Geschäftsführer wegen Betrugs verurteilt."
            .repeat(200);
        assert_eq!(lang(&format!("{english}{german}"), None).0, "en");
        assert_eq!(lang(&format!("{german}{english}"), None).0, "de");
    }

    #[test]
    fn declared_codes_are_normalized() {
        for (given, want) in [
            ("en", Some("en")),
            (" EN-gb ", Some("en")),
            ("pt_BR", Some("pt")),
            ("deu", Some("de")),
            ("ger", Some("de")),
            ("zho", Some("zh")),
            ("haw", Some("haw")),
            ("English", None),
            ("e", None),
            ("zxx", None),
            ("", None),
        ] {
            assert_eq!(declared_code(given).as_deref(), want, "{given:?}");
        }
    }

    #[test]
    fn every_whatlang_language_has_its_own_two_letter_code() {
        let mut codes: Vec<&str> = whatlang::Lang::all().iter().map(|&l| iso639_1(l)).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase())));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), whatlang::Lang::all().len());
        // and the ISO 639-3 names agree with the two-letter ones for a few well-known ones
        for (three, two) in [("eng", "en"), ("deu", "de"), ("cmn", "zh"), ("pes", "fa")] {
            let l = whatlang::Lang::from_code(three).unwrap();
            assert_eq!(iso639_1(l), two);
        }
    }
}
